#include "eval/segment_eval.h"

#include <algorithm>
#include <set>

namespace hearsay::eval {
namespace {

// Counts matches between two sorted, duplicate-free vectors.
template <typename T>
PrfCounts Compare(const std::vector<T>& gold, const std::vector<T>& predicted) {
  PrfCounts c;
  c.gold = gold.size();
  c.predicted = predicted.size();
  std::size_t i = 0, j = 0;
  while (i < gold.size() && j < predicted.size()) {
    if (gold[i] == predicted[j]) {
      ++c.correct;
      ++i;
      ++j;
    } else if (gold[i] < predicted[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return c;
}

std::string Context(const std::string& text, std::uint32_t at) {
  const std::uint32_t from = at > 30 ? at - 30 : 0;
  std::string s = text.substr(from, at - from) + "⟦" + text.substr(at, 30);
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

}  // namespace

Result<SegmentScores> EvaluateSegmentation(const std::vector<ConlluDocument>& docs, const Pipeline& pipeline,
                                           std::size_t max_errors) {
  SegmentScores scores;
  for (const ConlluDocument& cdoc : docs) {
    const RebuiltText gold = RebuildText(cdoc);
    DocumentMetadata meta;
    meta.id = cdoc.id;
    Document doc(gold.text, meta);
    HEARSAY_RETURN_IF_ERROR(pipeline.Process(doc));
    if (!(doc.filled_columns & kColSentences))
      return Status(StatusCode::kFailedPrecondition, "the pipeline does not split sentences");
    ++scores.documents;

    auto span_key = [](ByteSpan s) { return (std::uint64_t{s.begin} << 32) | s.end; };
    std::vector<std::uint64_t> gold_tokens, pred_tokens;
    for (ByteSpan s : gold.words) gold_tokens.push_back(span_key(s));
    for (std::uint32_t t = 0; t < doc.num_tokens(); ++t) pred_tokens.push_back(span_key(doc.token_span(t)));
    std::sort(gold_tokens.begin(), gold_tokens.end());
    gold_tokens.erase(std::unique(gold_tokens.begin(), gold_tokens.end()), gold_tokens.end());
    std::sort(pred_tokens.begin(), pred_tokens.end());
    scores.tokens.Add(Compare(gold_tokens, pred_tokens));

    std::set<std::uint32_t> paragraph_ends;
    for (std::size_t s = 0; s < gold.sentences.size(); ++s) {
      if (s + 1 == gold.sentences.size() || gold.sentence_starts_paragraph[s + 1])
        paragraph_ends.insert(gold.sentences[s].end);
    }
    std::vector<std::uint32_t> gold_ends, pred_ends, gold_inner, pred_inner;
    for (ByteSpan s : gold.sentences) gold_ends.push_back(s.end);
    for (TokenRange r : doc.sentences) pred_ends.push_back(doc.CharsOf(r).end);
    std::sort(gold_ends.begin(), gold_ends.end());
    std::sort(pred_ends.begin(), pred_ends.end());
    for (auto e : gold_ends)
      if (!paragraph_ends.count(e)) gold_inner.push_back(e);
    for (auto e : pred_ends)
      if (!paragraph_ends.count(e)) pred_inner.push_back(e);
    scores.sentence_ends.Add(Compare(gold_ends, pred_ends));
    scores.inner_sentence_ends.Add(Compare(gold_inner, pred_inner));

    if (scores.errors.size() < max_errors) {
      std::vector<std::uint64_t> missed;
      std::set_difference(gold_tokens.begin(), gold_tokens.end(), pred_tokens.begin(), pred_tokens.end(),
                          std::back_inserter(missed));
      for (std::uint64_t k : missed) {
        if (scores.errors.size() >= max_errors) break;
        const auto b = static_cast<std::uint32_t>(k >> 32), e = static_cast<std::uint32_t>(k);
        scores.errors.push_back(cdoc.id + " token   missed '" + gold.text.substr(b, e - b) +
                                "': " + Context(gold.text, b));
      }
      std::vector<std::uint32_t> missed_ends, extra_ends;
      std::set_difference(gold_ends.begin(), gold_ends.end(), pred_ends.begin(), pred_ends.end(),
                          std::back_inserter(missed_ends));
      std::set_difference(pred_ends.begin(), pred_ends.end(), gold_ends.begin(), gold_ends.end(),
                          std::back_inserter(extra_ends));
      for (auto e : missed_ends) {
        if (scores.errors.size() >= max_errors) break;
        scores.errors.push_back(cdoc.id + " sentence missed end: " + Context(gold.text, e));
      }
      for (auto e : extra_ends) {
        if (scores.errors.size() >= max_errors) break;
        scores.errors.push_back(cdoc.id + " sentence extra end:  " + Context(gold.text, e));
      }
    }
  }
  return scores;
}

}  // namespace hearsay::eval
