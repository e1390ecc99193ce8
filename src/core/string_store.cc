#include "hearsay/string_store.h"

#include <cstring>

namespace hearsay {
namespace {

using hash_detail::kMul;
using hash_detail::Mix;

}  // namespace

StringId HashString(std::string_view bytes) {
  const std::size_t n = bytes.size();
  if (n == 0) return kEmptyString;
  const char* p = bytes.data();
  auto load64 = [](const char* q) {
    std::uint64_t w;
    std::memcpy(&w, q, 8);
    return w;
  };
  auto load32 = [](const char* q) {
    std::uint32_t w;
    std::memcpy(&w, q, 4);
    return std::uint64_t{w};
  };
  std::uint64_t h = n * kMul;
  // Whole 8-byte words, then the last bytes as overlapping loads (as in
  // wyhash), so short strings (most tokens) cost one or two loads.
  if (n >= 8) {
    std::size_t i = 0;
    for (; i + 8 < n; i += 8) h = (h ^ Mix(load64(p + i))) * kMul;
    h ^= Mix(load64(p + n - 8));
  } else if (n >= 4) {
    h ^= Mix((load32(p) << 32) | load32(p + n - 4));
  } else {
    const auto b0 = static_cast<unsigned char>(p[0]);
    const auto b1 = static_cast<unsigned char>(p[n / 2]);
    const auto b2 = static_cast<unsigned char>(p[n - 1]);
    h ^= Mix((std::uint64_t{b0} << 16) | (std::uint64_t{b1} << 8) | b2);
  }
  h = Mix(h);
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

StringStore::StringStore(const StringStore& other) : strings_(other.strings_) {
  for (const std::string& s : strings_) by_id_.emplace(HashString(s), s);
}

StringStore& StringStore::operator=(const StringStore& other) {
  if (this != &other) {
    strings_ = other.strings_;
    by_id_.clear();
    for (const std::string& s : strings_) by_id_.emplace(HashString(s), s);
  }
  return *this;
}

std::string_view StringStore::Lookup(StringId id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? std::string_view() : it->second;
}

}  // namespace hearsay
