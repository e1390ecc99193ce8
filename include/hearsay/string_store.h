// StringStore: interns strings as stable 64-bit ids.
//
// An id is a hash of the string's bytes (HashString), so it is the same in
// every store, every run and every process: a model can store feature ids
// computed at training time and a Document interns its tokens into its own
// store without any shared, locked vocabulary. The store only remembers the
// bytes behind each id so that ids can be turned back into text.
//
// Thread safety: a StringStore is not synchronised; each Document owns one.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace hearsay {

using StringId = std::uint64_t;

// The id of the empty string; Lookup(kEmptyString) is always "".
inline constexpr StringId kEmptyString = 0;

// 64-bit hash of `bytes`; HashString("") == kEmptyString. Stable across
// platforms and releases (model files depend on it): never change it.
StringId HashString(std::string_view bytes);

namespace hash_detail {
inline constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;

// Final avalanche (the splitmix64 finaliser), so that nearby inputs get
// unrelated hashes and the low bits are usable as a hash-table index.
inline std::uint64_t Mix(std::uint64_t h) {
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBULL;
  h ^= h >> 31;
  return h;
}
}  // namespace hash_detail

// Mixes `value` into `seed`; used to build feature keys from ids. Stable,
// like HashString. Inline because the tagger, parser and recogniser call it
// twice per feature (about 7% of the parser's time as an out-of-line call).
inline std::uint64_t HashCombine(std::uint64_t seed, std::uint64_t value) {
  return hash_detail::Mix(seed ^
                          (value * hash_detail::kMul + 0x632BE59BD9B4E019ULL + (seed << 6) + (seed >> 2)));
}

class StringStore {
 public:
  StringStore() = default;
  // A copy owns its bytes: its views point into its own strings, so it stays
  // valid after the original is gone (a std::vector<Document> that grows
  // copies its elements when their move may throw, as std::deque's may).
  StringStore(const StringStore& other);
  StringStore& operator=(const StringStore& other);
  // Moving keeps the deque's nodes, and so the views, where they are.
  StringStore(StringStore&&) = default;
  StringStore& operator=(StringStore&&) = default;

  // Returns the id of `s`, remembering its bytes.
  StringId Intern(std::string_view s);
  // The string behind `id`, or "" for an id never interned here.
  std::string_view Lookup(StringId id) const;
  std::size_t size() const { return strings_.size(); }

 private:
  // A deque keeps string addresses stable, so the map can hold views.
  std::deque<std::string> strings_;
  std::unordered_map<StringId, std::string_view> by_id_;
};

}  // namespace hearsay
