// Word clusters learned from unlabelled text: words that occur in similar
// contexts share a cluster, so the tagger generalises from a word seen in
// training to one only seen in raw news.
//
// Each lowercase word of the vocabulary (its HashString id) gets a fine and
// a coarse cluster id. They come from spherical k-means over context vectors
// (log counts of the most frequent words, and of sentence boundaries, one
// position left and right), run twice with different k. Deterministic: the
// centroids start from words at evenly spaced frequency ranks.
//
// Thread safety: immutable after construction.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hearsay/model_file.h"

namespace hearsay::nlp {

inline constexpr std::uint16_t kNoCluster = 0xFFFF;

struct WordClusterOptions {
  std::size_t vocabulary = 20000;  // most frequent words clustered
  std::size_t min_count = 3;       // rarer words are left out
  std::size_t contexts = 128;      // most frequent words used as contexts
  int fine = 256;
  int coarse = 32;
  int iterations = 8;
};

class WordClusters {
 public:
  struct Entry {
    std::uint64_t word;  // HashString of the lowercase word
    std::uint16_t fine, coarse;
  };
  WordClusters() = default;
  // Entries need not be sorted; duplicates are a kCorruptModel error.
  static Result<WordClusters> Create(std::vector<Entry> entries);

  // Learns clusters from sentences of lowercase word ids.
  static WordClusters Learn(const std::vector<std::vector<std::uint64_t>>& sentences,
                            const WordClusterOptions& options,
                            const std::function<void(const std::string&)>& progress);

  // The entry of a lowercase word id, or nullptr.
  const Entry* Find(std::uint64_t word) const {
    if (slots_.empty()) return nullptr;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = word & mask;; i = (i + 1) & mask) {
      if (slots_[i].word == word) return &slots_[i];
      if (slots_[i].word == 0) return nullptr;
    }
  }
  std::size_t size() const { return entries_.size(); }

  void Serialize(ByteWriter* out) const;
  static Result<WordClusters> Deserialize(ByteReader* in);

 private:
  std::vector<Entry> entries_;  // sorted by word
  std::vector<Entry> slots_;    // open addressing; word 0 = empty
};

}  // namespace hearsay::nlp
