// Evaluation of the tagger and lemmatizer against CoNLL-U gold, and the gold
// documents both are trained on.
#pragma once

#include <string>
#include <vector>

#include "eval/conllu.h"
#include "eval/segment_eval.h"
#include "hearsay/pipeline.h"

namespace hearsay::eval {

// GoldDocument(doc) whose token kinds and norms come from hearsay's own
// tokenizer wherever it finds the gold word's exact span (99.8% of GUM's
// words), so that a model trained or evaluated on gold tokens sees the same
// TokenKind values and normalised forms as it does on raw text. Words the
// tokenizer segments differently keep GoldDocument's guesses.
Document TaggingGoldDocument(const ConlluDocument& doc);

struct TagScores {
  std::size_t documents = 0;
  // On gold tokens (TaggingGoldDocument): words and correct predictions.
  std::size_t words = 0, upos = 0, xpos = 0, joint = 0, lemma = 0;
  // Lemma accuracy when the lemmatizer is given the gold UPOS/XPOS.
  std::size_t lemma_gold_tags = 0;
  // End to end from raw text: a (span, label) pair is correct when a
  // predicted token has the gold word's exact span and its label.
  PrfCounts e2e_upos, e2e_xpos, e2e_lemma;
  double upos_accuracy() const { return words ? double(upos) / words : 0; }
  double xpos_accuracy() const { return words ? double(xpos) / words : 0; }
  double joint_accuracy() const { return words ? double(joint) / words : 0; }
  double lemma_accuracy() const { return words ? double(lemma) / words : 0; }
  double lemma_gold_tags_accuracy() const { return words ? double(lemma_gold_tags) / words : 0; }
};

// Scores `tagger` (and `lemmatizer` if not null: its scores stay 0
// otherwise) on gold tokens and end to end, where `segmenter` (tokenizer and
// sentence splitter) makes the tokens from the rebuilt raw text.
Result<TagScores> EvaluateTagging(const std::vector<ConlluDocument>& docs, const Component& tagger,
                                  const Component* lemmatizer, const Pipeline& segmenter);

}  // namespace hearsay::eval
