// Reading CoNLL-U (Universal Dependencies) files: the training and evaluation
// data of the tokenizer, tagger, parser and entity recogniser.
#pragma once

#include <string>
#include <vector>

#include "hearsay/document.h"
#include "hearsay/status.h"

namespace hearsay::eval {

// One syntactic word (a line with an integer id).
struct ConlluWord {
  std::string form, lemma, upos, xpos, feats, deprel, misc;
  int head = 0;  // 0 = root
};

// One surface token: a multiword token (e.g. "don't" over "do" "n't" in some
// treebanks, "country's" in GUM) or a single word.
struct ConlluToken {
  std::string form;
  std::uint32_t first_word = 0;  // index into ConlluSentence::words
  std::uint32_t last_word = 0;   // exclusive
  bool space_after = true;
};

struct ConlluSentence {
  std::string sent_id;
  bool new_paragraph = false;
  std::vector<ConlluWord> words;
  std::vector<ConlluToken> tokens;
};

struct ConlluDocument {
  std::string id;
  std::vector<ConlluSentence> sentences;
};

// Parses a file; a "# newdoc" comment starts a new document. Errors name the
// file and line.
Result<std::vector<ConlluDocument>> ReadConlluFile(const std::string& path);
// Every *.conllu file in `dir`, in file-name order.
Result<std::vector<ConlluDocument>> ReadConlluDirectory(const std::string& dir);

// Raw text rebuilt from a CoNLL-U document: tokens joined per SpaceAfter,
// sentences by a space, paragraphs by a blank line; with the gold byte span
// of every word and sentence in that text.
struct RebuiltText {
  std::string text;
  std::vector<ByteSpan> words;  // every word of every sentence, in order
  std::vector<ByteSpan> sentences;
  std::vector<bool> sentence_starts_paragraph;
};
RebuiltText RebuildText(const ConlluDocument& doc);

// A Document over the rebuilt text whose tokens, sentences and paragraphs are
// the gold ones (tokens = syntactic words), for training and for evaluating a
// stage on gold tokens. Annotation columns are left empty. Token kinds are
// not known from CoNLL-U: every token is kWord except those whose form is
// made of punctuation (kPunct) or digits (kNumber).
Document GoldDocument(const ConlluDocument& doc);

// For each gold word of `gold`, the index of the token of `predicted` with
// exactly the same byte span, or -1: how end-to-end scores (raw text →
// tokens → tags) credit only correctly segmented words.
std::vector<int> AlignToGold(const Document& predicted, const RebuiltText& gold);

}  // namespace hearsay::eval
