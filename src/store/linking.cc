#include "store/linking.h"

#include <utf8proc.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>

namespace hearsay::store {
namespace {

// Case-folded, compatibility-decomposed, marks stripped; the typographic
// apostrophe made ASCII. Invalid UTF-8 is folded byte-wise (ASCII only).
std::string Fold(std::string_view text) {
  std::string in;
  in.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "\xE2\x80\x99") == 0 || text.compare(i, 3, "\xE2\x80\x98") == 0) {
      in += '\'';
      i += 2;
    } else {
      in += text[i];
    }
  }
  utf8proc_uint8_t* out = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(in.data()), static_cast<utf8proc_ssize_t>(in.size()), &out,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                                     UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK));
  if (n < 0) {
    for (char& c : in)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return in;
  }
  std::string folded(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
  std::free(out);
  return folded;
}

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

// Words of folded text: runs of word bytes; with `keep_joiners`, a hyphen or
// apostrophe between two word bytes stays inside the word.
std::vector<std::string> Words(std::string_view folded, bool keep_joiners) {
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const auto c = static_cast<unsigned char>(folded[i]);
    if (IsWordByte(c)) {
      word += static_cast<char>(c);
    } else if (keep_joiners && (c == '-' || c == '\'') && !word.empty() && i + 1 < folded.size() &&
               IsWordByte(static_cast<unsigned char>(folded[i + 1]))) {
      word += static_cast<char>(c);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string Join(const std::vector<std::string>& words, std::size_t first = 0) {
  std::string out;
  for (std::size_t i = first; i < words.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// FNV-1a, then mixed: the hash of one shingle.
std::uint64_t HashBytes(std::string_view bytes) {
  std::uint64_t h = 0xCBF29CE484222325ull;
  for (unsigned char c : bytes) h = (h ^ c) * 0x100000001B3ull;
  return SplitMix64(h);
}

struct Permutation {
  std::uint64_t a, b;
};

// kMinHashSize fixed hash functions, derived from constants so that every
// build computes the same signatures.
const std::array<Permutation, kMinHashSize>& Permutations() {
  static const auto kPermutations = [] {
    std::array<Permutation, kMinHashSize> p{};
    std::uint64_t state = 0x68656172736179ull;  // "hearsay"
    for (auto& perm : p) {
      perm.a = SplitMix64(state++) | 1;
      perm.b = SplitMix64(state++);
    }
    return p;
  }();
  return kPermutations;
}

constexpr std::string_view kTitles[] = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev"};
constexpr std::string_view kDeterminers[] = {"the", "a",     "an",  "this", "that", "these", "those",
                                             "its", "their", "his", "her",  "our",  "new",   "latest"};

}  // namespace

std::string NameKey(std::string_view name) {
  std::vector<std::string> words = Words(Fold(name), /*keep_joiners=*/true);
  std::size_t first = 0;
  while (first < words.size() &&
         std::find(std::begin(kTitles), std::end(kTitles), words[first]) != std::end(kTitles))
    ++first;
  return Join(words, first);
}

std::string TidyName(std::string_view name) {
  // ASCII bytes other than letters, digits and the closing ")" "." "'" are
  // trimmed at either end; anything non-ASCII (a letter of a name) stays.
  auto trimmed = [](char c, bool at_end) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u)) return false;
    return !(at_end && (c == ')' || c == '.' || c == '\''));
  };
  std::size_t b = 0, e = name.size();
  while (b < e && trimmed(name[b], false)) ++b;
  while (e > b && trimmed(name[e - 1], true)) --e;
  std::string out;
  for (std::size_t i = b; i < e; ++i) {
    const bool space = name[i] == ' ' || name[i] == '\t' || name[i] == '\n' || name[i] == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += name[i];
    }
  }
  return out.empty() ? std::string(name) : out;
}

std::string_view SurnameOf(std::string_view name_key) {
  const std::size_t space = name_key.rfind(' ');
  return space == std::string_view::npos ? name_key : name_key.substr(space + 1);
}

bool IsSingleWord(std::string_view name_key) {
  return !name_key.empty() && name_key.find(' ') == std::string_view::npos;
}

std::vector<std::string> QuoteWords(std::string_view text) {
  return Words(Fold(text), /*keep_joiners=*/false);
}

MinHashSignature ComputeMinHash(const std::vector<std::string>& words) {
  MinHashSignature signature;
  signature.fill(UINT32_MAX);
  const std::size_t n = words.size();
  const std::size_t width = std::min<std::size_t>(kShingleWords, n);
  const auto& perms = Permutations();
  std::string shingle;
  for (std::size_t i = 0; i + width <= n; ++i) {
    shingle.clear();
    for (std::size_t j = i; j < i + width; ++j) {
      shingle += words[j];
      shingle += ' ';
    }
    const std::uint64_t h = HashBytes(shingle);
    for (int k = 0; k < kMinHashSize; ++k) {
      const auto v = static_cast<std::uint32_t>((perms[k].a * h + perms[k].b) >> 32);
      signature[k] = std::min(signature[k], v);
    }
  }
  return signature;
}

std::array<std::int64_t, kMinHashBands> BandHashes(const MinHashSignature& signature) {
  constexpr int kRows = kMinHashSize / kMinHashBands;
  std::array<std::int64_t, kMinHashBands> bands{};
  for (int b = 0; b < kMinHashBands; ++b) {
    std::uint64_t h = static_cast<std::uint64_t>(b);
    for (int r = 0; r < kRows; ++r) h = SplitMix64(h ^ signature[b * kRows + r]);
    bands[b] = static_cast<std::int64_t>(h >> 1);
  }
  return bands;
}

double EstimatedJaccard(const MinHashSignature& a, const MinHashSignature& b) {
  int equal = 0;
  for (int k = 0; k < kMinHashSize; ++k) equal += a[k] == b[k];
  return static_cast<double>(equal) / kMinHashSize;
}

std::string SignatureToBlob(const MinHashSignature& signature) {
  std::string blob(kMinHashSize * 4, '\0');
  for (int k = 0; k < kMinHashSize; ++k)
    for (int byte = 0; byte < 4; ++byte)
      blob[k * 4 + byte] = static_cast<char>((signature[k] >> (8 * byte)) & 0xFF);
  return blob;
}

bool SignatureFromBlob(std::string_view blob, MinHashSignature* signature) {
  if (blob.size() != kMinHashSize * 4) return false;
  for (int k = 0; k < kMinHashSize; ++k) {
    std::uint32_t v = 0;
    for (int byte = 0; byte < 4; ++byte)
      v |= std::uint32_t{static_cast<unsigned char>(blob[k * 4 + byte])} << (8 * byte);
    (*signature)[k] = v;
  }
  return true;
}

std::string CitedDocumentKey(std::string_view name, std::string_view issuer, std::string_view resolved_date) {
  std::vector<std::string> words = Words(Fold(name), /*keep_joiners=*/true);
  std::size_t first = 0;
  while (first < words.size() &&
         std::find(std::begin(kDeterminers), std::end(kDeterminers), words[first]) != std::end(kDeterminers))
    ++first;
  const std::string name_key = Join(words, first);
  const std::string issuer_key = NameKey(issuer);
  // "report" alone names nothing in particular.
  if (name_key.empty() || (issuer_key.empty() && IsSingleWord(name_key))) return "";
  return name_key + "|" + issuer_key + "|" + std::string(resolved_date);
}

std::string CitedDocumentKind(std::string_view name) {
  const std::vector<std::string> words = Words(Fold(name), /*keep_joiners=*/true);
  return words.empty() ? "document" : words.back();
}

std::string ContentHash(const std::vector<std::string_view>& parts) {
  // Two independent 64-bit lanes over length-prefixed parts; not
  // cryptographic, but 128 bits make an accidental collision between news
  // articles practically impossible.
  std::uint64_t h1 = 0x243F6A8885A308D3ull, h2 = 0x13198A2E03707344ull;
  auto mix = [&](std::uint64_t w) {
    h1 = SplitMix64(h1 ^ w) * 0x9FB21C651E98DF25ull;
    h2 = (h2 ^ SplitMix64(w + 0xA4093822299F31D0ull)) * 0xC2B2AE3D27D4EB4Full;
    h2 = (h2 << 29) | (h2 >> 35);
  };
  for (std::string_view part : parts) {
    mix(part.size());
    std::size_t i = 0;
    for (; i + 8 <= part.size(); i += 8) {
      std::uint64_t w = 0;
      for (int b = 0; b < 8; ++b) w |= std::uint64_t{static_cast<unsigned char>(part[i + b])} << (8 * b);
      mix(w);
    }
    std::uint64_t tail = 0;
    for (int b = 0; i < part.size(); ++i, ++b)
      tail |= std::uint64_t{static_cast<unsigned char>(part[i])} << (8 * b);
    mix(tail);
  }
  h1 = SplitMix64(h1 ^ h2);
  h2 = SplitMix64(h2 ^ h1);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[i] = kHex[(h1 >> (60 - 4 * i)) & 0xF];
    out[16 + i] = kHex[(h2 >> (60 - 4 * i)) & 0xF];
  }
  return out;
}

std::string DayOf(std::string_view published) {
  if (published.size() < 10) return "";
  for (int i = 0; i < 10; ++i) {
    const char c = published[i];
    if (i == 4 || i == 7) {
      if (c != '-') return "";
    } else if (c < '0' || c > '9') {
      return "";
    }
  }
  if (published.size() > 10 && published[10] != 'T' && published[10] != ' ') return "";
  return std::string(published.substr(0, 10));
}

}  // namespace hearsay::store
