// Dense word vectors learned from unlabelled text by our own code: a
// positive pointwise mutual information (PPMI) matrix of words against the
// words around them, reduced by a randomized truncated SVD.
//
// Learning (deterministic, one thread):
//   1. vocabulary: the `vocabulary` most frequent lowercase words seen at
//      least `min_count` times (ties by id); contexts: the `contexts` most
//      frequent of them;
//   2. counts of (word, context word at offset d) for 0 < |d| <= window;
//      with `separate_sides` a context word to the left and to the right are
//      different columns;
//   3. PPMI with context-distribution smoothing (column counts raised to
//      `context_smoothing`), negative values dropped: a sparse matrix M;
//   4. a rank-`dims` SVD of M by randomized range finding (Halko, Martinsson
//      & Tropp 2011): Y = M Ω with a ±1 matrix Ω drawn from a fixed seed,
//      `power_iterations` rounds of Y = M Mᵀ Y with Gram-Schmidt in between,
//      then the eigenvectors of the small matrix (Qᵀ M)(Qᵀ M)ᵀ by Jacobi
//      rotations; word vectors are U_k Σ_k^`singular_power`;
//   5. every row scaled to length sqrt(dims) (unit mean square component)
//      and quantised to int8 with one scale for the whole table.
//
// Thread safety: immutable after construction.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hearsay/model_file.h"

namespace hearsay::nlp {

struct WordVectorOptions {
  std::size_t vocabulary = 30000;  // most frequent words that get a vector
  std::size_t min_count = 3;       // rarer words get none
  std::size_t contexts = 10000;    // most frequent words used as contexts
  int window = 2;                  // context words up to this far on each side
  bool separate_sides = true;      // left and right contexts are distinct columns
  int dims = 64;
  int oversample = 16;  // extra random directions for the range finder
  int power_iterations = 3;
  double context_smoothing = 0.75;
  double singular_power = 0.5;
  std::uint32_t seed = 1;
};

class WordVectors {
 public:
  WordVectors() = default;

  // Learns vectors from sentences of lowercase word ids (HashString of the
  // lowercase word, as WordClusters). `progress` (may be empty) gets a few
  // lines.
  static WordVectors Learn(const std::vector<std::vector<std::uint64_t>>& sentences,
                           const WordVectorOptions& options,
                           const std::function<void(const std::string&)>& progress);

  bool empty() const { return words_.empty(); }
  std::size_t size() const { return words_.size(); }
  int dims() const { return dims_; }
  // Component = int8 value × scale().
  float scale() const { return scale_; }
  // The row (0..size()) of a lowercase word id, or -1.
  std::int32_t Row(std::uint64_t word) const {
    if (slots_.empty()) return -1;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = word & mask;; i = (i + 1) & mask) {
      const std::uint32_t s = slots_[i];
      if (s == kEmpty) return -1;
      if (words_[s] == word) return static_cast<std::int32_t>(s);
    }
  }
  // The int8 components of row `row`.
  const std::int8_t* Values(std::int32_t row) const {
    return values_.data() + static_cast<std::size_t>(row) * static_cast<std::size_t>(dims_);
  }
  // The int8 components of a lowercase word id, or nullptr.
  const std::int8_t* Find(std::uint64_t word) const {
    const std::int32_t row = Row(word);
    return row < 0 ? nullptr : Values(row);
  }

  // u32 dims, f32 scale, words (sorted u64), values (words × dims int8).
  void Serialize(ByteWriter* out) const;
  static Result<WordVectors> Deserialize(ByteReader* in);

 private:
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFF;
  // Fills slots_ from words_ (sorted, unique, checked by the caller).
  void Index();

  int dims_ = 0;
  float scale_ = 0;
  std::vector<std::uint64_t> words_;  // sorted
  std::vector<std::int8_t> values_;   // words_.size() × dims_
  std::vector<std::uint32_t> slots_;  // open addressing into words_; not stored
};

}  // namespace hearsay::nlp
