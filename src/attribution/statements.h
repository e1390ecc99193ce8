// The attribution stage: finds every statement (who said what) in a parsed
// Document and resolves its speaker.
//
// Sieves, each a small rule over the parse, run in this order
// (docs/attribution.md gives the details and what each misses):
//   1. cue verbs: a verb of saying, writing, believing or citing (cues.h),
//      or a word the learned cue detector (cue_model.h) marks as a cue
//      with its content (clausal complement, or object + clause for
//      "accused X of Y") and its source (the subject, followed up through
//      "…, saying" / "took to social media to reject" chains and relative
//      pronouns);
//   2. "according to X": X is the source of the clause around it;
//   3. quotations not yet covered: paired with a cue verb outside the quote
//      in the same sentence ("…,” she said.), a sentence ending in a colon
//      just before it, or — for a quote with no cue — carried over from the
//      direct statement just before it (continued quotes);
//   4. headlines and transcript turns ("Pat Caddell: …", "Obama Says …");
//   5. learned cues the sieves above did not use (nouns, multi-word cues,
//      verbs outside the lexicon): the learned content model
//      (content_model.h) picks their content or rejects them;
// then every statement's type is set from its overlap with quotation marks
// (direct, mixed, indirect), speakers are resolved by coreference
// (speakers.h), and channels, times and cited documents are attached
// (context.h).
//
// Thread safety: stateless; Process may run on many documents at once.
#pragma once

#include <memory>
#include <vector>

#include "attribution/content_model.h"
#include "attribution/cue_model.h"
#include "hearsay/pipeline.h"

namespace hearsay::attribution {

class AttributionExtractor final : public Component {
 public:
  // Loads <models_dir>/cues.hsm, the learned cue detector (cue_model.h),
  // and <models_dir>/content.hsm, the learned content spans
  // (content_model.h).
  static Result<std::unique_ptr<Component>> Create(const ComponentConfig& config);
  AttributionExtractor(std::unique_ptr<CueModel> cues, std::unique_ptr<ContentModel> contents)
      : cues_(std::move(cues)), contents_(std::move(contents)) {}

  std::string_view name() const override { return "attributions"; }
  ColumnSet requires_columns() const override {
    return kColTokens | kColParagraphs | kColSentences | kColQuotations | kColUpos | kColXpos | kColLemma |
           kColHead | kColEntities;
  }
  ColumnSet assigns_columns() const override { return kColStatements; }
  Status Process(Document& doc) const override;

 private:
  std::unique_ptr<CueModel> cues_;
  std::unique_ptr<ContentModel> contents_;
};

// Sieves 1-5 and the type of each statement: fills doc.statements (content,
// cue, cue_particle, source, continues, type, cue_class, confidence) in text
// order. `learned_cues` are the learned detector's cue spans (may be empty:
// then only the lexicon's verbs are cues). With `contents` (may be null:
// then sieve 5 is skipped and a learned verb outside the lexicon gets the
// rule-based content of an object-and-clause cue), the learned cues the
// sieves leave unused get their content from it. Exposed for tests; Process
// calls it.
void FindStatements(Document& doc, const std::vector<TokenRange>& learned_cues = {},
                    const ContentModel* contents = nullptr);

}  // namespace hearsay::attribution
