// Evaluation of tokenization and sentence splitting against CoNLL-U gold.
#pragma once

#include <string>
#include <vector>

#include "eval/conllu.h"
#include "hearsay/pipeline.h"

namespace hearsay::eval {

struct PrfCounts {
  std::size_t gold = 0, predicted = 0, correct = 0;
  double precision() const { return predicted ? double(correct) / predicted : 0.0; }
  double recall() const { return gold ? double(correct) / gold : 0.0; }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
  void Add(const PrfCounts& o) {
    gold += o.gold;
    predicted += o.predicted;
    correct += o.correct;
  }
};

struct SegmentScores {
  std::size_t documents = 0;
  PrfCounts tokens;                 // exact word spans
  PrfCounts sentence_ends;          // every sentence end (paragraph ends included)
  PrfCounts inner_sentence_ends;    // sentence ends that are not paragraph ends
  std::vector<std::string> errors;  // readable examples, up to the requested count
};

// Rebuilds each document's text, runs `pipeline` (which must assign tokens
// and sentences) and compares spans. Keeps up to `max_errors` examples.
Result<SegmentScores> EvaluateSegmentation(const std::vector<ConlluDocument>& docs, const Pipeline& pipeline,
                                           std::size_t max_errors);

}  // namespace hearsay::eval
