// Features of the learned cue detector (cue_model.h), shared by prediction
// and training so that the two can never disagree. Internal to the
// attribution stage.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "hearsay/document.h"
#include "hearsay/status.h"
#include "nlp/perceptron.h"
#include "nlp/word_clusters.h"

namespace hearsay::attribution::cue_features {

// Upper bound on the features Extract writes for one token.
inline constexpr int kMaxFeatures = 80;

// What the features of one token are built from; computed once per token.
struct Atoms {
  std::uint64_t lower = 0;    // HashString of the lowercase norm
  std::uint64_t lemma = 0;    // HashString of the lowercase lemma
  std::uint64_t suffix3 = 0;  // last three bytes of the lowercase norm
  std::uint64_t shape = 0;    // HashString of the collapsed word shape ("Xx", "X", "d,d", ":")
  std::uint64_t upos = 0, xpos = 0, deprel = 0, entity = 0;  // HashString of the label names
  std::uint64_t entity_type = 0;                             // the entity label without its B-/I-/… prefix
  std::uint64_t head_lemma = 0, head_upos = 0;               // 1 for the root
  std::uint64_t grand_lemma = 0;  // lemma of the head's head (for "of" in "critique of X": "critique")
  std::uint64_t prep = 0;         // lemma of the case marker of a dependent to the right ("critique [of] X")
  std::uint64_t subject = 0;      // UPOS and entity type of the subject, 0 without one
  std::int32_t head = kNoHead;
  std::uint32_t children = 0;  // ChildBit bits of the token's dependents
  std::uint8_t lex = 0;        // 0: not in the hand lexicon; else 1 + class * 4 + frame * 2 + needs_clause
  std::uint8_t head_lex = 0;   // lex of the head
  std::uint8_t kind = 0;       // TokenKind
  std::uint8_t quote = 0;      // 1 inside a quotation (marks included), else 0
  std::uint8_t quote_before = 0, quote_after = 0;  // distance bucket to the nearest quoted token, 0 = none
  std::uint8_t sentence = 0;                       // SentenceBit bits of the token's sentence
  // Word clusters of the lowercase form (1 + the cluster id; 0 without
  // clusters or for a word outside them), and the head's coarse one.
  std::uint16_t fine = 0, coarse = 0, head_coarse = 0;
};

enum ChildBit : std::uint32_t {
  kChildCcomp = 1u << 0,
  kChildXcomp = 1u << 1,
  kChildNsubj = 1u << 2,
  kChildNsubjPass = 1u << 3,
  kChildObj = 1u << 4,
  kChildIobj = 1u << 5,
  kChildObl = 1u << 6,
  kChildAgent = 1u << 7,  // obl:agent ("was reported by MSNBC")
  kChildAdvcl = 1u << 8,
  kChildParataxis = 1u << 9,
  kChildAcl = 1u << 10,  // acl, acl:relcl
  kChildNmod = 1u << 11,
  kChildCase = 1u << 12,
  kChildMark = 1u << 13,
  kChildAux = 1u << 14,
  kChildCop = 1u << 15,
  kChildThat = 1u << 16,   // a "that" among the dependents (mark, or misparsed)
  kChildColon = 1u << 17,  // a ":" among the dependents
};

enum SentenceBit : std::uint8_t {
  kSentenceInHeadline = 1u << 0,  // in the document's first paragraph (the title)
  kSentenceParagraphFirst = 1u << 1,
  kSentenceEndsWithColon = 1u << 2,
  kSentenceHasQuotation = 1u << 3,
};

// OK when `doc` has every column of kCueModelColumns, of the right length,
// and sentences within its tokens; kFailedPrecondition otherwise.
Status CheckInput(const Document& doc);

// The atoms of every token of `doc` (which passes CheckInput) into *out.
// `clusters` (may be null or empty) gives the cluster atoms.
void ComputeAtoms(const Document& doc, std::vector<Atoms>* out, const nlp::WordClusters* clusters = nullptr);

// The features of token t of `sentence`, given the labels already decided
// for the tokens before t (labels[u] for u < t; labels is indexed by token of
// the document). Writes at most kMaxFeatures keys to `out`; returns how many.
int Extract(std::span<const Atoms> atoms, TokenRange sentence, std::uint32_t t, const std::uint8_t* labels,
            nlp::FeatureKey* out);

}  // namespace hearsay::attribution::cue_features
