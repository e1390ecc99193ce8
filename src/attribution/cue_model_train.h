// Training and measuring the learned cue detector (cue_model.h) on PolNeAR.
//
// Data: each PolNeAR document (eval/polnear.h, first annotator) is run
// through the NLP pipeline (CueTrainingPipelineNames); a token is a cue token
// when its characters overlap a gold Cue span (code points mapped to the
// token's bytes). The cue tokens of one Cue fragment form one span; spans
// that share a token are merged, and a span is cut at sentence boundaries
// (the tagger decodes sentence by sentence). These gold spans are what
// training learns and what the scores compare against.
//
// Training: BIO with the averaged perceptron, the label-history features
// reading the gold labels (teacher forcing), documents in an order
// shuffled each epoch by a fixed seed (std::mt19937 and our own
// Fisher–Yates, so the order is the same on every platform); after each
// epoch the averaged model is scored on dev and the best epoch (token F1) is
// kept; stops after `patience` epochs without a better one. Same data and
// options give a byte-identical model.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "attribution/cue_model.h"
#include "eval/polnear.h"
#include "hearsay/document.h"
#include "hearsay/pipeline.h"

namespace hearsay::attribution {

// tokenizer, sentences, quotations, tagger, lemmatizer, parser, entities.
std::vector<std::string> CueTrainingPipelineNames();

// One gold attribution as token ranges (each the hull of its fragments;
// cue and source empty when the annotation has none).
struct GoldAttribution {
  TokenRange cue, content, source;
};

// A PolNeAR document after the NLP pipeline, with its gold cue spans.
struct CueDocument {
  std::string id;
  Document doc;
  std::vector<TokenRange> gold;               // sorted, disjoint, each inside one sentence
  std::vector<GoldAttribution> attributions;  // in record order, those with a content
  std::size_t cut_at_sentence_end = 0;        // gold spans cut in two by a sentence boundary
};

// The gold cue spans of `record` (an evaluation record from PolnearRecord:
// "text" and statements with "cue_span" in code points) as token ranges of
// `doc`, whose text must be the record's. Fragments that cover no token
// (white space only) are dropped.
std::vector<TokenRange> GoldCueSpans(const Document& doc, const nlohmann::json& record,
                                     std::size_t* cut_at_sentence_end = nullptr);

// The gold attributions of `record` with a content that covers a token, as
// token ranges of `doc` (mapped as GoldCueSpans maps cues, fragments joined
// into their hull); empty when the texts differ.
std::vector<GoldAttribution> GoldAttributions(const Document& doc, const nlohmann::json& record);

// Runs `pipeline` over every record of `records` (documents [0, limit) with
// limit 0 = all, every `stride`-th) on `threads` threads; the result is in
// record order whatever the threads.
Result<std::vector<CueDocument>> PrepareCueDocuments(const std::vector<nlohmann::json>& records,
                                                     const Pipeline& pipeline, int threads,
                                                     std::size_t stride = 1);

// Cue detection scores against gold spans.
struct CueScores {
  // Tokens: a token is a cue token or not.
  std::size_t gold_tokens = 0, predicted_tokens = 0, correct_tokens = 0;
  // Spans, exact: the same token range.
  std::size_t gold_spans = 0, predicted_spans = 0, exact_spans = 0;
  // Spans, overlap: a gold span found by at least one overlapping
  // prediction (recall), a prediction overlapping at least one gold span
  // (precision).
  std::size_t gold_overlapped = 0, predicted_overlapping = 0;

  void Add(const std::vector<TokenRange>& gold, const std::vector<TokenRange>& predicted);
  double token_precision() const;
  double token_recall() const;
  double token_f1() const;
  double exact_precision() const;
  double exact_recall() const;
  double exact_f1() const;
  double overlap_precision() const;
  double overlap_recall() const;
  double overlap_f1() const;
};

// The peers the learned model is measured against.
// The hand lexicon by itself: every verb whose lemma is in LookupCue
// (cues.h), outside quotations, and every "according to" (the cue words the
// rule-based stage considers), each as its own span.
std::vector<TokenRange> LexiconCues(const Document& doc);
// What the rule-based attribution stage (statements.h: FindStatements)
// gives as cues: the cue of every statement with one, plus its particle
// ("accused … of") as a span of its own; merged where they share tokens.
// Works on a copy: `doc` is not changed.
std::vector<TokenRange> ExtractorCues(const Document& doc);
// The spans of `a` and `b` together, sorted, those sharing a token merged.
std::vector<TokenRange> UnionOfCues(std::vector<TokenRange> a, const std::vector<TokenRange>& b);

struct CueTrainOptions {
  int max_epochs = 20;
  int patience = 3;         // stop after this many epochs without a better dev token F1
  float min_weight = 1.0f;  // prune averaged weights below this magnitude
  std::uint32_t seed = 1;
  bool verbose = true;  // progress on stderr
  // Word clusters for the cluster features, stored in the model (`train
  // cues --clusters-from models/tagger.hsm`); empty: none.
  nlp::WordClusters clusters;
};

struct CueTrainReport {
  int best_epoch = 0;
  int epochs_run = 0;
  CueScores best_dev;  // the kept model on dev
  std::size_t train_tokens = 0, train_spans = 0;
};

// Trains on `train`, keeping the epoch with the best dev token F1 (with an
// empty `dev`, the last epoch).
Result<std::unique_ptr<CueModel>> TrainCueModel(const std::vector<CueDocument>& train,
                                                const std::vector<CueDocument>& dev,
                                                const CueTrainOptions& options, CueTrainReport* report);

// The scores of `model` on `docs`.
Result<CueScores> EvaluateCueModel(const CueModel& model, const std::vector<CueDocument>& docs);

}  // namespace hearsay::attribution
