#include "eval/tag_eval.h"

#include <map>
#include <memory>

#include "text/tokenizer.h"

namespace hearsay::eval {
namespace {

// The gold words of `doc`, in order (one per token of GoldDocument).
std::vector<const ConlluWord*> GoldWords(const ConlluDocument& doc) {
  std::vector<const ConlluWord*> words;
  for (const ConlluSentence& s : doc.sentences)
    for (const ConlluWord& w : s.words) words.push_back(&w);
  return words;
}

// A label table built from strings (gold tags for the lemmatizer).
class NameTable {
 public:
  std::uint16_t Id(const std::string& name) {
    const auto [it, added] = ids_.emplace(name, static_cast<std::uint16_t>(names_->size()));
    if (added) names_->push_back(name);
    return it->second;
  }
  LabelNames names() const { return names_; }

 private:
  std::shared_ptr<std::vector<std::string>> names_ = std::make_shared<std::vector<std::string>>();
  std::map<std::string, std::uint16_t> ids_;
};

}  // namespace

Document TaggingGoldDocument(const ConlluDocument& cdoc) {
  Document gold = GoldDocument(cdoc);
  Document predicted(gold.text(), {});
  const text::Tokenizer tokenizer;
  if (!tokenizer.Process(predicted).ok()) return gold;
  const RebuiltText rebuilt = RebuildText(cdoc);
  const std::vector<int> aligned = AlignToGold(predicted, rebuilt);
  for (std::size_t w = 0; w < aligned.size() && w < gold.num_tokens(); ++w) {
    if (aligned[w] < 0) continue;
    const auto t = static_cast<std::uint32_t>(aligned[w]);
    gold.token_kind[w] = predicted.token_kind[t];
    const std::string_view norm = predicted.token_norm(t);
    if (norm == gold.token_text(static_cast<std::uint32_t>(w))) {
      gold.token_flags[w] &= static_cast<std::uint8_t>(~kNormDiffers);
      gold.token_norm_id[w] = kEmptyString;
    } else {
      gold.token_flags[w] |= kNormDiffers;
      gold.token_norm_id[w] = gold.strings().Intern(norm);
    }
  }
  return gold;
}

Result<TagScores> EvaluateTagging(const std::vector<ConlluDocument>& docs, const Component& tagger,
                                  const Component* lemmatizer, const Pipeline& segmenter) {
  TagScores scores;
  for (const ConlluDocument& cdoc : docs) {
    ++scores.documents;
    const std::vector<const ConlluWord*> words = GoldWords(cdoc);
    // On gold tokens.
    Document doc = TaggingGoldDocument(cdoc);
    HEARSAY_RETURN_IF_ERROR(tagger.Process(doc));
    if (lemmatizer != nullptr) HEARSAY_RETURN_IF_ERROR(lemmatizer->Process(doc));
    for (std::uint32_t t = 0; t < doc.num_tokens(); ++t) {
      const ConlluWord& w = *words[t];
      const bool upos = Document::LabelName(doc.upos_names, doc.upos[t]) == w.upos;
      const bool xpos = Document::LabelName(doc.xpos_names, doc.xpos[t]) == w.xpos;
      ++scores.words;
      scores.upos += upos;
      scores.xpos += xpos;
      scores.joint += upos && xpos;
      if (lemmatizer != nullptr) scores.lemma += doc.strings().Lookup(doc.lemma[t]) == w.lemma;
    }
    // The lemmatizer alone, given the gold tags.
    if (lemmatizer != nullptr) {
      NameTable upos_table, xpos_table;
      for (std::uint32_t t = 0; t < doc.num_tokens(); ++t) {
        doc.upos[t] = upos_table.Id(words[t]->upos);
        doc.xpos[t] = xpos_table.Id(words[t]->xpos);
      }
      doc.upos_names = upos_table.names();
      doc.xpos_names = xpos_table.names();
      HEARSAY_RETURN_IF_ERROR(lemmatizer->Process(doc));
      for (std::uint32_t t = 0; t < doc.num_tokens(); ++t)
        scores.lemma_gold_tags += doc.strings().Lookup(doc.lemma[t]) == words[t]->lemma;
    }
    // End to end from the raw text.
    const RebuiltText rebuilt = RebuildText(cdoc);
    Document raw(rebuilt.text, {});
    HEARSAY_RETURN_IF_ERROR(segmenter.Process(raw));
    HEARSAY_RETURN_IF_ERROR(tagger.Process(raw));
    if (lemmatizer != nullptr) HEARSAY_RETURN_IF_ERROR(lemmatizer->Process(raw));
    const std::vector<int> aligned = AlignToGold(raw, rebuilt);
    PrfCounts upos{words.size(), raw.num_tokens(), 0};
    PrfCounts xpos = upos, lemma = upos;
    for (std::size_t w = 0; w < aligned.size(); ++w) {
      if (aligned[w] < 0) continue;
      const auto t = static_cast<std::uint32_t>(aligned[w]);
      upos.correct += Document::LabelName(raw.upos_names, raw.upos[t]) == words[w]->upos;
      xpos.correct += Document::LabelName(raw.xpos_names, raw.xpos[t]) == words[w]->xpos;
      if (lemmatizer != nullptr) lemma.correct += raw.strings().Lookup(raw.lemma[t]) == words[w]->lemma;
    }
    scores.e2e_upos.Add(upos);
    scores.e2e_xpos.Add(xpos);
    if (lemmatizer != nullptr) scores.e2e_lemma.Add(lemma);
  }
  return scores;
}

}  // namespace hearsay::eval
