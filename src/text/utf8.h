// UTF-8 helpers shared by the readers, the tokenizer and the JSON writer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearsay::utf8 {

inline constexpr char32_t kReplacementChar = 0xFFFD;
inline constexpr std::size_t kValid = static_cast<std::size_t>(-1);

// Byte offset of the first byte that does not start a well-formed UTF-8
// sequence (overlongs, surrogates and code points past U+10FFFF included),
// or kValid. Fast on ASCII: eight bytes a step.
std::size_t FindInvalid(std::string_view bytes);

// Copies `bytes` to `out`, replacing each maximal ill-formed subsequence with
// U+FFFD (the W3C/Unicode "substitution of maximal subparts" practice).
// Returns how many replacements were made.
std::size_t ReplaceInvalid(std::string_view bytes, std::string* out);

// 1-based line number and 0-based byte column of `offset` in `bytes`.
struct Position {
  std::size_t line = 1;
  std::size_t column = 0;
};
Position PositionOf(std::string_view bytes, std::size_t offset);

// Decodes the code point at `p` in valid UTF-8; sets *len to its byte count.
inline char32_t Decode(const char* p, std::size_t* len) {
  const auto b0 = static_cast<unsigned char>(p[0]);
  if (b0 < 0x80) {
    *len = 1;
    return b0;
  }
  const auto b1 = static_cast<unsigned char>(p[1]) & 0x3Fu;
  if (b0 < 0xE0) {
    *len = 2;
    return ((b0 & 0x1Fu) << 6) | b1;
  }
  const auto b2 = static_cast<unsigned char>(p[2]) & 0x3Fu;
  if (b0 < 0xF0) {
    *len = 3;
    return ((b0 & 0x0Fu) << 12) | (b1 << 6) | b2;
  }
  const auto b3 = static_cast<unsigned char>(p[3]) & 0x3Fu;
  *len = 4;
  return ((b0 & 0x07u) << 18) | (b1 << 12) | (b2 << 6) | b3;
}

// Appends the UTF-8 encoding of `cp` to `out`.
void Append(char32_t cp, std::string* out);

// The byte offset of every code point of valid UTF-8, then bytes.size():
// entry i is where code point i starts (code-point offsets → bytes).
std::vector<std::size_t> CodePointStarts(std::string_view bytes);

// Number of code points in valid UTF-8.
std::size_t CountCodePoints(std::string_view bytes);

inline bool IsAscii(std::string_view bytes) {
  for (unsigned char c : bytes)
    if (c >= 0x80) return false;
  return true;
}

}  // namespace hearsay::utf8
