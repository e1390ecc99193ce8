#include "text/abbreviations.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace hearsay::text {
namespace {

// Sorted so that membership is a binary search over constant data.
template <std::size_t N>
bool Contains(const std::array<std::string_view, N>& sorted, std::string_view word) {
  return std::binary_search(sorted.begin(), sorted.end(), word);
}

constexpr std::array<std::string_view, 28> kPrefixAbbreviations = {
    "adm",  "brig", "capt", "cmdr", "col", "cpl", "dr",  "fr",   "gen",  "gov", "hon", "lt",  "maj", "messrs",
    "mmes", "mr",   "mrs",  "ms",   "mt",  "no",  "nos", "pres", "prof", "rep", "rev", "sen", "sgt", "st"};

constexpr std::array<std::string_view, 62> kOtherAbbreviations = {
    "al",   "ala", "approx", "apr", "ariz", "assn", "aug", "ave",  "blvd", "calif", "cf",   "co",   "conn",
    "corp", "dec", "dept",   "ed",  "eds",  "esp",  "est", "etc",  "feb",  "fig",   "fla",  "ft",   "ga",
    "inc",  "jan", "jr",     "jul", "jun",  "kan",  "ky",  "la",   "ltd",  "mar",   "mass", "md",   "mich",
    "minn", "mo",  "nov",    "oct", "okla", "op",   "ore", "pa",   "pp",   "rd",    "sep",  "sept", "sr",
    "tenn", "tex", "v",      "va",  "vol",  "vols", "vs",  "wash", "wis",  "yr"};

constexpr std::array<std::string_view, 44> kHyphenPrefixes = {
    "anti",  "bi",    "co",    "counter", "cross", "de",    "e",      "eco",   "ex",    "extra", "hyper",
    "inter", "intra", "macro", "mega",    "meta",  "micro", "mid",    "mini",  "multi", "neo",   "non",
    "over",  "pan",   "para",  "post",    "pre",   "pro",   "pseudo", "quasi", "re",    "semi",  "socio",
    "sub",   "super", "t",     "trans",   "tri",   "u",     "ultra",  "un",    "uni",   "vice",  "x"};

constexpr std::array<std::string_view, 14> kNumberSuffixUnits = {"am",  "bn", "cm", "g",  "kg",  "km", "lb",
                                                                 "lbs", "m",  "mb", "mm", "mph", "pm", "tn"};

constexpr std::array<std::string_view, 58> kSentenceStarters = {
    "A",      "After", "All",   "An",    "And",       "As",     "At",   "Before",  "But",   "By",
    "During", "For",   "From",  "He",    "Her",       "His",    "How",  "However", "I",     "If",
    "In",     "It",    "Its",   "Many",  "Meanwhile", "Most",   "No",   "Now",     "On",    "One",
    "Only",   "Our",   "She",   "Since", "So",        "Some",   "That", "The",     "Their", "Then",
    "There",  "These", "They",  "This",  "Those",     "Though", "To",   "Under",   "We",    "What",
    "When",   "Where", "While", "Who",   "Why",       "With",   "Yet",  "You"};

template <std::size_t N>
constexpr bool IsSorted(const std::array<std::string_view, N>& a) {
  for (std::size_t i = 1; i < N; ++i)
    if (!(a[i - 1] < a[i])) return false;
  return true;
}
static_assert(IsSorted(kPrefixAbbreviations) && IsSorted(kOtherAbbreviations));
static_assert(IsSorted(kHyphenPrefixes));
static_assert(IsSorted(kNumberSuffixUnits));
static_assert(IsSorted(kSentenceStarters));

}  // namespace

bool IsKnownAbbreviation(std::string_view lower) {
  return Contains(kPrefixAbbreviations, lower) || Contains(kOtherAbbreviations, lower);
}

bool IsPrefixAbbreviation(std::string_view lower) {
  return Contains(kPrefixAbbreviations, lower);
}

bool IsJoiningHyphenPrefix(std::string_view lower) {
  return Contains(kHyphenPrefixes, lower);
}

bool IsNumberSuffixUnit(std::string_view lower) {
  return Contains(kNumberSuffixUnits, lower);
}
bool IsSentenceStarter(std::string_view word) {
  return Contains(kSentenceStarters, word);
}

}  // namespace hearsay::text
