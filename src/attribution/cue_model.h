// Learned cue detector: finds the words that introduce an attribution (the
// "cue": "said", "according to", "wants", "blasted", "claims about", the
// colon of "Poll: …", the dash of "…” ― Sonya Herridge") in a parsed
// Document, as PolNeAR annotates them (docs/attribution.md, "Learned cue
// detector"). It complements the hand lexicon (cues.h), which covers verbs
// of saying, writing and believing only.
//
// A greedy left-to-right BIO tagger (labels O, B, I) over the shared
// averaged perceptron (nlp/perceptron.h), one sentence at a time. Features
// read the parse: lemma, lowercase form, suffix, UPOS/XPOS, relation, head
// lemma/UPOS, which dependents (ccomp, xcomp, nsubj, obj, …) the token has,
// whether it is inside or next to a quotation, its class in the hand
// lexicon (LookupCue), neighbouring words, tags and entity labels, its
// position in the sentence, the headline, and the labels already given to
// the previous token and to its head. Training code: cue_model_train.h.
//
// Model file (kind "cues", models/cues.hsm), sections, each starting with a
// u32 section version (kCueSectionVersion):
//   "cues.labels"   the label set: exactly O, B, I
//   "cues.weights"  the perceptron
//   "cues.clusters" optional: word clusters (nlp/word_clusters.h) for the
//                   cluster features, from `train cues --clusters-from`; a
//                   model without it has no cluster features
// A file of another section version is refused with kVersionMismatch; a
// damaged or truncated one with kCorruptModel (ModelFile checks the magic,
// format version and checksum first).
//
// Thread safety: a CueModel is immutable after Load/Parse/training; Predict
// keeps its scratch on the stack and in locals, so one model may serve many
// threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hearsay/document.h"
#include "hearsay/model_file.h"
#include "hearsay/status.h"
#include "nlp/perceptron.h"
#include "nlp/word_clusters.h"

namespace hearsay::attribution {

// 1: the first feature set. Feature templates are part of the format: a
// change to what they mean bumps this.
inline constexpr std::uint32_t kCueSectionVersion = 1;

// Token labels, numbered as in every "cues" model.
enum CueLabel : std::uint8_t { kCueO = 0, kCueB = 1, kCueI = 2 };
inline constexpr int kNumCueLabels = 3;

// The columns Predict reads: the output of the pipeline
// tokenizer,sentences,quotations,tagger,lemmatizer,parser,entities.
inline constexpr ColumnSet kCueModelColumns = kColTokens | kColParagraphs | kColSentences | kColQuotations |
                                              kColUpos | kColXpos | kColLemma | kColHead | kColEntities;

class CueModel {
 public:
  // Reads a "cues" model file (models/cues.hsm). Errors: kNotFound / kIoError
  // (file), kCorruptModel (damaged, truncated, not a model, bad tables),
  // kVersionMismatch (another format or section version), kInvalidArgument
  // (a model of another kind). Every message names `path`.
  static Result<std::unique_ptr<CueModel>> Load(const std::string& path);
  // The same from a file image in memory; `name` is used in messages.
  static Result<std::unique_ptr<CueModel>> Parse(std::string image, const std::string& name);

  // The complete file image, `description` in its header (what the model
  // was trained on, its scores).
  std::string Serialize(const std::string& description) const;
  // Writes the file atomically.
  Status Save(const std::string& path, const std::string& description) const;

  // Replaces *cues with the cue spans found in `doc`: sorted, disjoint,
  // non-empty token ranges, each inside one sentence (a span may be
  // punctuation only: ":" or "―"). A token of a span may lie inside a
  // quotation (PolNeAR marks nested attributions too). `doc` must have every
  // column of kCueModelColumns filled (kFailedPrecondition otherwise, *cues
  // left empty); tag, relation and entity labels are read by name, so any
  // tagger, parser or recogniser model will do. Cost: linear in the tokens,
  // at most 67 feature lookups per token (about 400,000 tokens a second
  // on one core); allocates *cues and per-call buffers of about 160 bytes
  // per token.
  //
  // `recall_bias` (default 0, the trained operating point) is added to the
  // scores of B and I before each decision: above 0 more cues are found at
  // lower precision (docs/attribution.md has the trade-off on PolNeAR dev).
  Status Predict(const Document& doc, std::vector<TokenRange>* cues, float recall_bias = 0) const;

  // The label (CueLabel) of every token of `doc`, as Predict decodes it;
  // same requirements. Predict is BioToSpans of these labels. With
  // `margins`, also the score of B minus the score of O of every token as
  // the greedy decoder saw it (recall_bias included, after the labels of the
  // tokens before it): a token outside an open span is labelled B exactly
  // when its margin is above 0, so how far below 0 a missed cue lies is how
  // much recall_bias it would need (docs/attribution.md, polnear9).
  Status Label(const Document& doc, std::vector<std::uint8_t>* labels, float recall_bias = 0,
               std::vector<float>* margins = nullptr) const;

  const nlp::PerceptronModel& weights() const { return weights_; }

 private:
  friend class CueTrainer;
  static Result<std::unique_ptr<CueModel>> FromFile(const ModelFile& file, const std::string& name);
  ModelWriter Writer(const std::string& description) const;

  nlp::PerceptronModel weights_;
  nlp::WordClusters clusters_;  // empty: no cluster features (section "cues.clusters", optional)
};

// The spans of BIO labels within each sentence: B starts a span, I continues
// it, and an I with no open span (which the decoder never outputs) starts
// one. SpansToBio then BioToSpans is the identity on disjoint spans within
// sentences.
std::vector<TokenRange> BioToSpans(const std::vector<std::uint8_t>& labels,
                                   const std::vector<TokenRange>& sentences);
// Labels of `num_tokens` tokens for sorted, disjoint `spans`.
std::vector<std::uint8_t> SpansToBio(const std::vector<TokenRange>& spans, std::uint32_t num_tokens);

}  // namespace hearsay::attribution
