// Learned content spans: given a cue (a token range the learned cue detector
// or a rule found), chooses the words it introduces — its content — among
// candidate spans read off the parse, or decides it introduces none (which
// filters false cues). PolNeAR's conventions are what it learns: a content
// keeps its "that" and its quotation marks, and drops the comma or full stop
// between it and the reporting clause.
//
// Candidates (ContentCandidates), each trimmed of edge punctuation other
// than quotation marks and clipped away from the cue:
//   * each clausal or nominal dependent of the cue's head (ccomp, xcomp,
//     parataxis, csubj, advcl, acl, obj, nmod, obl), its subtree, and the
//     same run on to the sentence end;
//   * the rest of the sentence after the cue, and before it; the sentence
//     before the cue's subject ("X, a source said");
//   * from a "that" just after the cue to the sentence end;
//   * the clause of the cue's head's head on the far side of the cue ("X,
//     she said, Y");
//   * the nearest quotation (marks included) after and before the cue in
//     its paragraph;
//   * the rest of the paragraph after the cue, and the next sentence (for
//     cues that end their sentence: "Poll:", "said:");
//   * "no content".
// Each is scored by a linear model (nlp/perceptron.h, two classes, score =
// class 1 − class 0) over features of the candidate (kind and relation,
// length, side, distance from the cue, first and last words and tags, the
// words around it, quotation marks, a finite verb, sentence crossing) in
// conjunction with the cue (lemma, tag, relation, hand-lexicon class,
// length, inside a quotation); the best wins. Trained as a ranking
// perceptron on PolNeAR (TrainContentModel).
//
// Model file (kind "content", models/content.hsm), one section
// "content.weights": u32 section version (kContentSectionVersion), then the
// perceptron. Another section version is refused with kVersionMismatch; a
// damaged file with kCorruptModel.
//
// Thread safety: a ContentModel is immutable after Load/Parse/training and
// may serve many threads; Predict keeps its scratch in locals.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "attribution/cue_model_train.h"
#include "attribution/parse_view.h"
#include "hearsay/document.h"
#include "hearsay/model_file.h"
#include "hearsay/status.h"
#include "nlp/perceptron.h"

namespace hearsay::attribution {

// 1: the first candidate and feature set. Candidates and feature templates
// are part of the format: a change to what they mean bumps this.
inline constexpr std::uint32_t kContentSectionVersion = 1;

// One candidate content of a cue. `span` is empty for "no content" (always
// the first candidate).
struct ContentCandidate {
  TokenRange span;
  std::uint8_t kind = 0;       // a ContentKind (content_model.cc)
  std::uint32_t relation = 0;  // the dependent's relation label for dependents, else 0
};

// The candidates of the cue `cue` (a non-empty range inside one sentence of
// view.doc()): "no content" first, then distinct non-empty spans, none
// overlapping the cue. Deterministic; O(sentence + paragraph) per cue.
std::vector<ContentCandidate> ContentCandidates(const ParseView& view, TokenRange cue);

class ContentModel {
 public:
  // Reads a "content" model file (models/content.hsm). Errors: kNotFound /
  // kIoError, kCorruptModel, kVersionMismatch, kInvalidArgument (another
  // kind). Every message names `path`.
  static Result<std::unique_ptr<ContentModel>> Load(const std::string& path);
  // The same from a file image in memory; `name` is used in messages.
  static Result<std::unique_ptr<ContentModel>> Parse(std::string image, const std::string& name);
  // A model of these weights (two classes; TrainContentModel makes them).
  explicit ContentModel(nlp::PerceptronModel weights) : weights_(std::move(weights)) {}

  std::string Serialize(const std::string& description) const;
  Status Save(const std::string& path, const std::string& description) const;  // atomically

  // The content of `cue` in the parsed document behind `view`, or an empty
  // range for "no content". `none_bias` is added to the score of "no
  // content" (> 0: fewer contents, higher precision). The document needs
  // the columns of kCueModelColumns (not checked here: the caller's stage
  // checks them). Cost: a few dozen feature lookups per candidate.
  TokenRange Predict(const ParseView& view, TokenRange cue, float none_bias = 0) const;

  const nlp::PerceptronModel& weights() const { return weights_; }

 private:
  static Result<std::unique_ptr<ContentModel>> FromFile(const ModelFile& file, const std::string& name);
  ModelWriter Writer(const std::string& description) const;

  nlp::PerceptronModel weights_;
};

// ---- training (PolNeAR) ----

struct ContentTrainOptions {
  int max_epochs = 15;
  int patience = 3;         // stop after this many epochs without a better dev F1
  float min_weight = 0.5f;  // prune averaged weights below this magnitude
  std::uint32_t seed = 1;
  bool verbose = true;  // progress on stderr
};

// How well the chosen contents match gold ones, per cue: a cue "has gold"
// when a gold attribution's cue overlaps it; a chosen content is correct
// when its token intersection over union with such a gold content is at
// least 0.5.
struct ContentScores {
  std::size_t cues = 0;       // cues considered
  std::size_t gold = 0;       // cues with a gold attribution
  std::size_t reachable = 0;  // … one of whose candidates is correct
  std::size_t predicted = 0;  // cues given a content
  std::size_t correct = 0;    // … a correct one
  double precision() const;
  double recall() const;
  double f1() const;
};

struct ContentTrainReport {
  int best_epoch = 0, epochs_run = 0;
  ContentScores train_instances;  // the training cues (scores of the kept model)
  ContentScores best_dev;
};

// The cues content is learned and measured on: every span `cues` predicts
// in the document, and every gold cue no prediction overlaps (so that
// training sees every gold content; at run time only predicted cues come).
std::vector<TokenRange> ContentTrainingCues(const CueDocument& doc, const std::vector<TokenRange>& predicted);

// Trains on `train` with the cues of `cue_model`, keeping the epoch with the
// best dev F1 (ContentScores; with an empty `dev`, the last epoch). Same data
// and options give a byte-identical model.
Result<std::unique_ptr<ContentModel>> TrainContentModel(const std::vector<CueDocument>& train,
                                                        const std::vector<CueDocument>& dev,
                                                        const CueModel& cue_model,
                                                        const ContentTrainOptions& options,
                                                        ContentTrainReport* report);

// The scores of `model` on `docs` with the cues of `cue_model`.
Result<ContentScores> EvaluateContentModel(const ContentModel& model, const CueModel& cue_model,
                                           const std::vector<CueDocument>& docs, float none_bias = 0);

}  // namespace hearsay::attribution
