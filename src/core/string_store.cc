#include "hearsay/string_store.h"

#include <cstring>

namespace hearsay {
namespace {

constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;

std::uint64_t Mix(std::uint64_t h) {
  // Final avalanche (the splitmix64 finaliser), so that nearby strings get
  // unrelated ids and the low bits are usable as a hash-table index.
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBULL;
  h ^= h >> 31;
  return h;
}

}  // namespace

StringId HashString(std::string_view bytes) {
  if (bytes.empty()) return kEmptyString;
  std::uint64_t h = bytes.size() * kMul;
  std::size_t i = 0;
  // Eight bytes at a time; memcpy keeps unaligned loads well-defined.
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    h = (h ^ Mix(w)) * kMul;
  }
  std::uint64_t tail = 0;
  for (std::size_t k = 0; i + k < bytes.size(); ++k) {
    tail |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[i + k])) << (8 * k);
  }
  h = Mix(h ^ Mix(tail + 1));
  return h == kEmptyString ? 1 : h;
}

StringId StringStore::Intern(std::string_view s) {
  StringId id = HashString(s);
  if (id == kEmptyString) return id;
  auto it = by_id_.find(id);
  if (it == by_id_.end()) {
    strings_.emplace_back(s);
    by_id_.emplace(id, strings_.back());
  }
  return id;
}

std::string_view StringStore::Lookup(StringId id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? std::string_view() : it->second;
}

}  // namespace hearsay
