#include "text/char_class.h"

#include <utf8proc.h>

#include <array>

namespace hearsay::text {
namespace {

constexpr std::array<CharClass, 128> MakeAsciiTable() {
  std::array<CharClass, 128> t{};
  for (int c = 0; c < 128; ++c) t[c] = CharClass::kSymbol;
  for (int c = 0; c < 32; ++c) t[c] = CharClass::kSpace;  // controls separate tokens
  t['\n'] = t['\v'] = t['\f'] = CharClass::kNewline;
  t[' '] = t['\t'] = t['\r'] = CharClass::kSpace;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = CharClass::kLetter;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = CharClass::kLetter;
  for (int c = '0'; c <= '9'; ++c) t[c] = CharClass::kDigit;
  t['\''] = t['`'] = CharClass::kApostrophe;
  t['"'] = CharClass::kDoubleQuote;
  t['-'] = CharClass::kHyphen;
  t['.'] = CharClass::kPeriod;
  t[','] = CharClass::kComma;
  t['('] = t['['] = t['{'] = t['<'] = CharClass::kOpenBracket;
  t[')'] = t[']'] = t['}'] = t['>'] = CharClass::kCloseBracket;
  t['!'] = t['?'] = CharClass::kTerminal;
  t[';'] = t[':'] = t['/'] = t['\\'] = t['*'] = t['_'] = t['|'] = CharClass::kPunct;
  t[127] = CharClass::kSpace;
  return t;
}
}  // namespace

const std::array<CharClass, 128> kAsciiClass = MakeAsciiTable();

CharClass ClassOfNonAscii(char32_t cp) {
  switch (cp) {
    case 0x85:
    case 0x2028: return CharClass::kNewline;
    case 0x2029: return CharClass::kParagraphSep;
    case 0xA0:
    case 0x200B:
    case 0x2060:
    case 0xFEFF:
    case 0x202F:
    case 0x205F:
    case 0x3000: return CharClass::kSpace;
    case 0x2019:
    case 0x2018:
    case 0x02BC:
    case 0x201B:
    case 0x2032:
    case 0x00B4: return CharClass::kApostrophe;
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x00AB:
    case 0x00BB:
    case 0x2039:
    case 0x203A:
    case 0x300C:
    case 0x300D:
    case 0x300E:
    case 0x300F:
    case 0x2033:
    case 0xFF02:
    case 0x201A: return CharClass::kDoubleQuote;
    case 0x2010:
    case 0x2011: return CharClass::kHyphen;
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0x2E3A:
    case 0x2E3B:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D: return CharClass::kDash;
    case 0x2026: return CharClass::kEllipsis;
    case 0xFF01:
    case 0xFF1F:
    case 0x203C:
    case 0x2047:
    case 0x2048:
    case 0x2049: return CharClass::kTerminal;
    case 0x3002:
    case 0xFF0E: return CharClass::kPeriod;
    case 0xFF0C:
    case 0x3001: return CharClass::kComma;
    default: break;
  }
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME: return CharClass::kLetter;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return CharClass::kDigit;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CN:
    case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_CO: return CharClass::kSpace;
    case UTF8PROC_CATEGORY_ZL: return CharClass::kNewline;
    case UTF8PROC_CATEGORY_ZP: return CharClass::kParagraphSep;
    case UTF8PROC_CATEGORY_CF: return CharClass::kInvisible;
    case UTF8PROC_CATEGORY_PS: return CharClass::kOpenBracket;
    case UTF8PROC_CATEGORY_PE: return CharClass::kCloseBracket;
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF: return CharClass::kDoubleQuote;
    case UTF8PROC_CATEGORY_PD: return CharClass::kDash;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PO: return CharClass::kPunct;
    default: return CharClass::kSymbol;
  }
}

bool IsUpper(char32_t cp) {
  if (cp < 128) return cp >= 'A' && cp <= 'Z';
  const auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

bool IsLower(char32_t cp) {
  if (cp < 128) return cp >= 'a' && cp <= 'z';
  return utf8proc_category(static_cast<utf8proc_int32_t>(cp)) == UTF8PROC_CATEGORY_LL;
}

bool IsPythonWordChar(char32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return true;
    default: return false;
  }
}

}  // namespace hearsay::text
