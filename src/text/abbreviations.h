// Word lists the tokenizer and sentence splitter share.
#pragma once

#include <string_view>

namespace hearsay::text {

// Lower-case word (without its final period) that is an abbreviation when a
// period follows it: "mr", "jan", "inc", "etc", "u.s" … Dotted forms such as
// "u.s" and "ph.d" are recognised by shape, not listed here.
bool IsKnownAbbreviation(std::string_view lower);

// Abbreviations that precede a name or number and so never end a sentence:
// "mr", "dr", "sen", "gov", "st", "no" …
bool IsPrefixAbbreviation(std::string_view lower);

// Hyphen prefixes GUM keeps attached to the next word: "non", "re", "anti" …
bool IsJoiningHyphenPrefix(std::string_view lower);

// Units split from a preceding number: 5bn → 5 bn.
bool IsNumberSuffixUnit(std::string_view lower);

// Words that typically open a sentence; a non-prefix abbreviation followed by
// one of them ("… in the U.S. The …") ends its sentence.
bool IsSentenceStarter(std::string_view word);

}  // namespace hearsay::text
