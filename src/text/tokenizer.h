// Tokenizer for news English, following the UD English (GUM) conventions.
//
// Fills a Document's token columns and its paragraph layer from its text:
//   * whitespace (any Unicode space, NBSP included) separates tokens;
//     a blank line or U+2029 starts a new paragraph;
//   * punctuation splits off, except inside numbers (1,000.50  08:00  1/2),
//     abbreviations and initials (U.S.  Mr.  a.m.  J.), URLs, e-mail
//     addresses, @handles and #hashtags, which stay whole;
//   * clitics split as in GUM: do|n't  ca|n't  it|'s  we|'re  parents|'
//     can|not  gon|na;
//   * hyphenated compounds split around the hyphen (well - known, seventy -
//     five), except after the prefixes GUM keeps whole (non-avian,
//     re-elected, e-mail); a cut-off word keeps its hyphen (th- );
//   * number + unit split: $5bn → $ 5 bn;  3.5% → 3.5 %.
// Each token gets a normalised form: NFC, invisible format characters
// removed, typographic apostrophes inside words made ASCII (n’t → n't).
//
// Thread safety: a Tokenizer holds no per-call state; Tokenize is const.
#pragma once

#include "hearsay/document.h"
#include "hearsay/pipeline.h"

namespace hearsay::text {

class Tokenizer final : public Component {
 public:
  // `fast_path` = false sends every chunk through the general rules; the
  // output must be identical either way (a differential test checks it).
  explicit Tokenizer(bool fast_path = true) : fast_path_(fast_path) {}

  std::string_view name() const override { return "tokenizer"; }
  ColumnSet requires_columns() const override { return 0; }
  ColumnSet assigns_columns() const override { return kColTokens | kColParagraphs; }
  // Replaces any earlier tokens and layers of `doc`. Never fails on valid
  // UTF-8 (Document guarantees it); returns kTooLarge past 4 GiB of text.
  Status Process(Document& doc) const override;

 private:
  bool fast_path_;
};

}  // namespace hearsay::text
