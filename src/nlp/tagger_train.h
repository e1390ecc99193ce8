// Training the tagger (averaged perceptron, greedy, early stopping on dev).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "eval/conllu.h"
#include "nlp/tagger.h"

namespace hearsay::nlp {

struct TaggerTrainOptions {
  int max_epochs = 15;
  int patience = 3;                // stop after this many epochs without a better dev score
  std::uint64_t seed = 1;          // the order of training sentences in each epoch
  float min_weight = 0.05f;        // averaged weights below this are pruned
  int label_min_count = 3;         // rarer UPOS|XPOS pairs map to a frequent pair with the same XPOS
  int dict_min_count = 20;         // a word tagged from the dictionary is seen this often...
  double dict_min_share = 0.995;   // ...with one label at least this share of the time
  std::size_t cache_words = 8000;  // frequent words whose role blocks are precomputed at load
  // Unlabelled text (files or directories of .txt/.jsonl) to learn word
  // clusters from, with the training sentences; none: no clusters.
  std::vector<std::string> unlabelled;
  WordClusterOptions clusters;
  // Clusters to use as they are, instead of learning them from `unlabelled`
  // (which is then ignored): jackknifing reuses the committed tagger's
  // clusters rather than relearning them for every fold.
  const WordClusters* fixed_clusters = nullptr;
  std::size_t max_train_sentences = 0;  // 0: all (tests train on a subset)
};

struct TaggerTrainResult {
  TaggerModel model;
  int best_epoch = 0;
  double dev_joint_accuracy = 0;  // UPOS|XPOS both right, gold tokens, the kept epoch
  double dev_upos_accuracy = 0;
};

// Trains on `train`, keeps the epoch with the best dev accuracy. Deterministic
// for the same inputs and options. `progress` (may be empty) receives one
// line per epoch.
Result<TaggerTrainResult> TrainTagger(const std::vector<eval::ConlluDocument>& train,
                                      const std::vector<eval::ConlluDocument>& dev,
                                      const TaggerTrainOptions& options,
                                      const std::function<void(const std::string&)>& progress);

// Jackknifing: tags every document of `docs` with a tagger that never saw
// it. Document i belongs to fold i mod `folds`; each fold is tagged by a
// tagger trained with `options` on the other folds (early stopping on
// `dev`). Returns, in the order of `docs`, eval::TaggingGoldDocument(doc)
// with the upos and xpos columns that tagger assigned: training data for a
// later stage (the parser) whose tags are as noisy as at run time.
// Folds are trained on up to `threads` threads at once; the result is the
// same whatever their number (each fold is deterministic and independent).
// `progress` (may be empty) gets one line per fold, in fold order, at the end.
Result<std::vector<Document>> JackknifeTag(const std::vector<eval::ConlluDocument>& docs,
                                           const std::vector<eval::ConlluDocument>& dev, int folds,
                                           const TaggerTrainOptions& options, int threads,
                                           const std::function<void(const std::string&)>& progress);

}  // namespace hearsay::nlp
