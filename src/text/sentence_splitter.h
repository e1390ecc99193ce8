// Sentence splitter for news English.
//
// Works on tokens (it needs the tokenizer's kinds and flags, not bytes):
//   * a paragraph always ends a sentence;
//   * . ! ? … end a sentence, together with the closing quotes and brackets
//     right after them ( ."  ?”  .) ), when the next token can open one: a
//     capitalised word, a number, an opening quote or bracket;
//   * abbreviations end one only when the next word typically opens a
//     sentence ("in the U.S. The …"); titles (Mr. Sen.) and initials never do;
//   * a line break ends one before a list item (- * • 1.) and after a
//     headline-like line (no final punctuation, title-cased).
// Datelines ("KYIV, Ukraine (AP) — …") stay with the sentence they open.
//
// Thread safety: holds no per-call state; Process is const.
#pragma once

#include "hearsay/pipeline.h"

namespace hearsay::text {

class SentenceSplitter final : public Component {
 public:
  std::string_view name() const override { return "sentences"; }
  ColumnSet requires_columns() const override { return kColTokens | kColParagraphs; }
  ColumnSet assigns_columns() const override { return kColSentences; }
  Status Process(Document& doc) const override;
};

}  // namespace hearsay::text
