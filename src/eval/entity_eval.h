// Evaluation of the entity recogniser against GUM named mentions
// (nlp/entity_gold.h): exact-span precision/recall/F1 of (span, type), per
// type, for person+organization+place together, and over all types.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "eval/conllu.h"
#include "eval/segment_eval.h"
#include "hearsay/pipeline.h"
#include "nlp/entity_gold.h"

namespace hearsay::eval {

struct EntityCounts {
  std::array<PrfCounts, nlp::kEntityTypes.size()> by_type;
  PrfCounts core;  // person + organization + place
  PrfCounts all;
};

struct EntityScores {
  std::size_t documents = 0, tokens = 0;
  EntityCounts gold_tokens;         // on gold tokens and sentences
  EntityCounts end_to_end;          // from raw text; only spans of correctly segmented words count
  double gold_token_seconds = 0;    // time in the entities component on gold tokens
  std::vector<std::string> errors;  // gold-token errors, up to the requested count
};

// `on_gold` labels GoldDocument()s (it must assign entities; it is run alone,
// so it must need nothing beyond tokens and sentences, plus POS tags when
// `gold_pos` is set, which fills them from the CoNLL-U by name).
// `end_to_end` runs on the rebuilt raw text and must assign entities.
// `tagger_on_gold`, if given and `gold_pos` is not set, tags the gold-token
// documents before `on_gold` (for recognisers that need POS tags).
Result<EntityScores> EvaluateEntities(const std::vector<ConlluDocument>& docs, const Component& on_gold,
                                      const Pipeline& end_to_end, bool gold_pos, std::size_t max_errors = 0,
                                      const Component* tagger_on_gold = nullptr);

}  // namespace hearsay::eval
