// Character classes the tokenizer and sentence splitter decide on.
#pragma once

#include <array>
#include <cstdint>

namespace hearsay::text {

enum class CharClass : std::uint8_t {
  kSpace,         // separates tokens: ASCII space and tab, NBSP, U+2000–U+200B, …
  kNewline,       // \n, \v, \f, U+0085, U+2028
  kParagraphSep,  // U+2029: always a paragraph break
  kInvisible,     // format characters kept inside a token but dropped from its norm (ZWJ, soft hyphen)
  kLetter,        // letters, and combining marks (they stay with their base letter)
  kDigit,         // decimal digits and other numerals
  kApostrophe,    // ' ’ ‘ ʼ ‛ ′: apostrophe or single quotation mark, decided by context
  kDoubleQuote,   // " “ ” „ ‟ « » ‹ › 「 」 and the like
  kHyphen,        // - ‐ ‑ (may join compound words)
  kDash,          // ‒ – — ― − ⸺ ⸻ (never join words)
  kPeriod,        // .
  kEllipsis,      // …
  kComma,
  kOpenBracket,   // ( [ { <
  kCloseBracket,  // ) ] } >
  kTerminal,      // ! ? and their full-width forms
  kPunct,         // other punctuation: ; : / \ * ¿ ¡ …
  kSymbol,        // $ % & + = # @ © ° € £ and other symbols
};

// Classes of the ASCII code points.
extern const std::array<CharClass, 128> kAsciiClass;
// Class of a code point >= 128: utf8proc's Unicode categories plus the
// explicit lists above.
CharClass ClassOfNonAscii(char32_t cp);

// Class of one code point; ASCII is an inlined table lookup.
inline CharClass ClassOf(char32_t cp) {
  return cp < 128 ? kAsciiClass[cp] : ClassOfNonAscii(cp);
}

inline bool IsWordClass(CharClass c) {
  return c == CharClass::kLetter || c == CharClass::kDigit || c == CharClass::kInvisible;
}

// Python's `\w` on str, which the reference scorers tokenise by: letters
// and numbers of every script (categories L* and N*) and the underscore.
// Unlike IsWordClass, combining marks are not word characters.
bool IsPythonWordChar(char32_t cp);

// True for upper- and title-case letters (Unicode Lu, Lt).
bool IsUpper(char32_t cp);
// True for lower-case letters (Unicode Ll).
bool IsLower(char32_t cp);

}  // namespace hearsay::text
