#include "eval/entity_eval.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>

#include "nlp/entities.h"

namespace hearsay::eval {
namespace {

struct Span {
  std::uint32_t first, last;  // gold word indices
  std::uint16_t type;
  bool operator<(const Span& o) const {
    return std::tie(first, last, type) < std::tie(o.first, o.last, o.type);
  }
  bool operator==(const Span&) const = default;
};

bool IsCore(std::uint16_t type) {
  return type == nlp::EntityTypeIndex("person") || type == nlp::EntityTypeIndex("organization") ||
         type == nlp::EntityTypeIndex("place");
}

void Count(const std::vector<Span>& gold, std::vector<Span> predicted, EntityCounts* out) {
  std::sort(predicted.begin(), predicted.end());
  for (const Span& g : gold) {
    const bool hit = std::binary_search(predicted.begin(), predicted.end(), g);
    for (PrfCounts* c : {&out->by_type[g.type], &out->all}) {
      ++c->gold;
      c->correct += hit;
    }
    if (IsCore(g.type)) {
      ++out->core.gold;
      out->core.correct += hit;
    }
  }
  for (const Span& p : predicted) {
    if (p.type >= out->by_type.size()) continue;
    ++out->by_type[p.type].predicted;
    ++out->all.predicted;
    if (IsCore(p.type)) ++out->core.predicted;
  }
}

// Predicted type index → our type index, by name.
std::uint16_t TypeOf(const Document& doc, std::uint16_t type) {
  const int t = nlp::EntityTypeIndex(Document::LabelName(doc.entity_type_names, type));
  return t < 0 ? kNoLabel : static_cast<std::uint16_t>(t);
}

}  // namespace

Result<EntityScores> EvaluateEntities(const std::vector<ConlluDocument>& docs, const Component& on_gold,
                                      const Pipeline& end_to_end, bool gold_pos, std::size_t max_errors,
                                      const Component* tagger_on_gold) {
  EntityScores scores;
  std::chrono::steady_clock::duration gold_time{};
  for (const ConlluDocument& cdoc : docs) {
    auto gold_mentions = nlp::GoldEntities(cdoc);
    if (!gold_mentions.ok())
      return Status(gold_mentions.status().code(), cdoc.id + ": " + gold_mentions.status().message());
    std::vector<Span> gold;
    for (const EntityMention& m : gold_mentions.value())
      gold.push_back({m.tokens.first, m.tokens.last, m.type});
    ++scores.documents;

    // On gold tokens: token i of GoldDocument is gold word i.
    Document doc = GoldDocument(cdoc);
    scores.tokens += doc.num_tokens();
    if (gold_pos) {
      std::map<std::string, std::uint16_t> upos_ids, xpos_ids;
      auto upos_names = std::make_shared<std::vector<std::string>>();
      auto xpos_names = std::make_shared<std::vector<std::string>>();
      doc.ResizeAnnotationColumns();
      std::uint32_t i = 0;
      for (const auto& s : cdoc.sentences)
        for (const auto& w : s.words) {
          auto u = upos_ids.emplace(w.upos, static_cast<std::uint16_t>(upos_names->size()));
          if (u.second) upos_names->push_back(w.upos);
          auto x = xpos_ids.emplace(w.xpos, static_cast<std::uint16_t>(xpos_names->size()));
          if (x.second) xpos_names->push_back(w.xpos);
          doc.upos[i] = u.first->second;
          doc.xpos[i] = x.first->second;
          ++i;
        }
      doc.upos_names = upos_names;
      doc.xpos_names = xpos_names;
      doc.filled_columns |= kColUpos | kColXpos;
    }
    if (!gold_pos && tagger_on_gold != nullptr) HEARSAY_RETURN_IF_ERROR(tagger_on_gold->Process(doc));
    const auto start = std::chrono::steady_clock::now();
    HEARSAY_RETURN_IF_ERROR(on_gold.Process(doc));
    gold_time += std::chrono::steady_clock::now() - start;
    std::vector<Span> predicted;
    for (const EntityMention& m : doc.entities)
      predicted.push_back({m.tokens.first, m.tokens.last, TypeOf(doc, m.type)});
    Count(gold, predicted, &scores.gold_tokens);
    if (scores.errors.size() < max_errors) {
      std::sort(predicted.begin(), predicted.end());
      const auto text = [&](const Span& x) {
        const std::string_view name = x.type < nlp::kEntityTypes.size() ? nlp::kEntityTypes[x.type] : "?";
        return std::string(doc.text(doc.CharsOf({x.first, x.last}))) + " /" + std::string(name) + " @" +
               std::to_string(x.first) + "-" + std::to_string(x.last);
      };
      for (const Span& g : gold)
        if (!std::binary_search(predicted.begin(), predicted.end(), g) && scores.errors.size() < max_errors)
          scores.errors.push_back(cdoc.id + ": missed   " + text(g));
      std::vector<Span> sorted_gold = gold;
      std::sort(sorted_gold.begin(), sorted_gold.end());
      for (const Span& p : predicted)
        if (!std::binary_search(sorted_gold.begin(), sorted_gold.end(), p) &&
            scores.errors.size() < max_errors)
          scores.errors.push_back(cdoc.id + ": spurious " + text(p));
    }

    // End to end from the rebuilt raw text.
    const RebuiltText rebuilt = RebuildText(cdoc);
    Document raw(rebuilt.text, {});
    HEARSAY_RETURN_IF_ERROR(end_to_end.Process(raw));
    const std::vector<int> align = AlignToGold(raw, rebuilt);
    std::vector<int> word_of_token(raw.num_tokens(), -1);
    for (std::size_t w = 0; w < align.size(); ++w)
      if (align[w] >= 0) word_of_token[align[w]] = static_cast<int>(w);
    predicted.clear();
    for (const EntityMention& m : raw.entities) {
      const int first = word_of_token[m.tokens.first];
      const int last = word_of_token[m.tokens.last - 1];
      // A span whose ends are not gold words cannot match; it still counts
      // as predicted (its first/last are set past every gold word).
      if (first < 0 || last < 0) {
        predicted.push_back({0xFFFFFFFFu, 0xFFFFFFFFu, TypeOf(raw, m.type)});
        continue;
      }
      predicted.push_back(
          {static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(last + 1), TypeOf(raw, m.type)});
    }
    Count(gold, predicted, &scores.end_to_end);
  }
  scores.gold_token_seconds = std::chrono::duration<double>(gold_time).count();
  return scores;
}

}  // namespace hearsay::eval
