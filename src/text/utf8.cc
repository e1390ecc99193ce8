#include "text/utf8.h"

#include <cstring>

namespace hearsay::utf8 {
namespace {

// Length of the well-formed sequence starting at s[i], or 0 if ill-formed.
// Follows Table 3-7 of the Unicode Standard (well-formed byte sequences).
std::size_t WellFormedLength(const unsigned char* s, std::size_t n, std::size_t i) {
  const unsigned char b0 = s[i];
  if (b0 < 0x80) return 1;
  auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return i + k < n && s[i + k] >= lo && s[i + k] <= hi;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (b0 == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (b0 == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xF1 && b0 <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

// Length of the maximal subpart of an ill-formed sequence at s[i] (>= 1):
// the bytes that could still have begun a well-formed sequence.
std::size_t MaximalSubpart(const unsigned char* s, std::size_t n, std::size_t i) {
  const unsigned char b0 = s[i];
  unsigned char lo = 0x80, hi = 0xBF;
  std::size_t need;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 1;
  }
  std::size_t len = 1;
  for (std::size_t k = 0; k < need; ++k) {
    if (i + len >= n) break;
    const unsigned char c = s[i + len];
    if (c < (k == 0 ? lo : 0x80) || c > (k == 0 ? hi : 0xBF)) break;
    ++len;
  }
  return len;
}

bool EightAscii(const unsigned char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return (w & 0x8080808080808080ULL) == 0;
}

}  // namespace

std::size_t FindInvalid(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n && EightAscii(s + i)) {
      i += 8;
      continue;
    }
    const std::size_t len = WellFormedLength(s, n, i);
    if (len == 0) return i;
    i += len;
  }
  return kValid;
}

std::size_t ReplaceInvalid(std::string_view bytes, std::string* out) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  out->clear();
  out->reserve(n);
  std::size_t replaced = 0;
  std::size_t i = 0;
  while (i < n) {
    const std::size_t len = WellFormedLength(s, n, i);
    if (len > 0) {
      out->append(bytes.data() + i, len);
      i += len;
    } else {
      Append(kReplacementChar, out);
      ++replaced;
      i += MaximalSubpart(s, n, i);
    }
  }
  return replaced;
}

Position PositionOf(std::string_view bytes, std::size_t offset) {
  Position pos;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < bytes.size(); ++i) {
    if (bytes[i] == '\n') {
      ++pos.line;
      line_start = i + 1;
    }
  }
  pos.column = offset - line_start;
  return pos;
}

void Append(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::size_t CountCodePoints(std::string_view bytes) {
  std::size_t count = 0;
  for (unsigned char c : bytes) count += (c & 0xC0) != 0x80;
  return count;
}

std::vector<std::size_t> CodePointStarts(std::string_view bytes) {
  std::vector<std::size_t> starts;
  starts.reserve(bytes.size() + 1);
  for (std::size_t i = 0; i < bytes.size();) {
    starts.push_back(i);
    std::size_t len = 0;
    Decode(bytes.data() + i, &len);
    i += len;
  }
  starts.push_back(bytes.size());
  return starts;
}

}  // namespace hearsay::utf8
