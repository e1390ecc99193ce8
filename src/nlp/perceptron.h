// Averaged perceptron: the learner behind the tagger, parser and entity
// recogniser.
//
// Features are 64-bit keys (template number and value ids hashed together
// with HashCombine); classes are small integers. Training keeps sparse rows
// of weights per feature with lazy averaging; Average() turns them into an
// immutable PerceptronModel: rare and near-zero weights pruned, weights
// quantised to 16 bits, rows found through one open-addressing table
// (compact in the file, 16 bytes a slot with the full key; rebuilt at load
// with 8-byte slots holding 32 bits of the key, at most 20% full, so that
// lookups that miss are short and twice as many slots share a cache line).
// Score() sums the 16-bit weights as integers and scales each class's sum
// once (ScoreRaw gives the integer sums themselves). At most 32,767
// classes (the top bit of a weight's class marks the end of its row).
//
// Thread safety: a PerceptronModel is immutable and safe to share; a
// PerceptronTrainer is used by one thread.
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "core/huge_pages.h"
#include "hearsay/model_file.h"
#include "hearsay/string_store.h"

namespace hearsay::nlp {

using FeatureKey = std::uint64_t;

// The key of feature template `templ` with values a, b (ids or small ints).
// Always inlined: GCC left it out of line in the parser's 94-template
// ExtractFeatures (a call per template).
[[gnu::always_inline]] inline FeatureKey MakeFeature(std::uint32_t templ, std::uint64_t a,
                                                     std::uint64_t b = 0) {
  return HashCombine(HashCombine(templ + 1, a), b);
}

class PerceptronModel {
 public:
  int num_classes() const { return num_classes_; }
  std::size_t num_features() const { return num_features_; }
  std::size_t num_weights() const { return weights_.size(); }

  // Adds the weights of `features` to scores[0..num_classes). Unknown
  // features are ignored. The weights are summed as integers (ScoreRaw)
  // and scaled once per class, so a score can differ from the float sum of
  // the scaled weights in its last bits. Does not allocate up to 1,024
  // classes.
  void Score(std::span<const FeatureKey> features, float* scores) const;
  // Adds the raw int16 weights of `features` to sums[0..num_classes); the
  // score of class c is sums[c] * scale(). Integer sums do not depend on
  // the order of the features, so partial sums over subsets of them can be
  // kept and added later to the same result (the parser memoizes them).
  // Does not allocate.
  void ScoreRaw(std::span<const FeatureKey> features, std::int32_t* sums) const;
  float scale() const { return scale_; }

  void Serialize(ByteWriter* out) const;
  static Result<PerceptronModel> Deserialize(ByteReader* in);

 private:
  friend class PerceptronTrainer;
  // A feature's row as the file and Average() hold it: the full key, and
  // the row's weights[begin, begin + count).
  struct Slot {
    FeatureKey key = 0;  // 0 = empty (MakeFeature never yields 0: see Normalize)
    std::uint32_t begin = 0;
    std::uint32_t count = 0;
  };
  // What Score() probes: 8 bytes, eight to a cache line. `check` is 32 bits
  // of the key (never 0; 0 marks an empty slot), `begin` the row's first
  // weight; the row ends at the weight whose class has kLastWeight set.
  // A key that is not in the model but shares its check with a key on its
  // probe path would take that key's row: with the table at most 20% full
  // a lookup that misses meets about 0.25 keys, so about one lookup in 2e10
  // (BuildTable makes sure no key of the model hides another).
  struct HotSlot {
    std::uint32_t check = 0;
    std::uint32_t begin = 0;
  };
  struct Weight {
    std::uint16_t cls;  // in memory, kLastWeight marks the last of a row
    std::int16_t value;
  };
  static constexpr std::uint16_t kLastWeight = 0x8000;
  static constexpr std::uint16_t kClassMask = 0x7FFF;

  std::uint32_t Check(FeatureKey key) const {
    const auto c = static_cast<std::uint32_t>((key * check_mul_) >> 32);
    return c == 0 ? 1 : c;
  }
  const HotSlot* Find(FeatureKey key) const;
  // Fills table_ (and the row ends in weights_) from rows_.
  Status BuildTable();
  // A file table of `size` (a power of two) holding `rows`.
  static std::vector<Slot> Rehash(std::vector<Slot> rows, std::size_t size);

  int num_classes_ = 0;
  std::size_t num_features_ = 0;
  float scale_ = 1.0f;           // weight = value * scale_
  std::vector<Slot> rows_;       // every feature, by ascending key (Serialize)
  std::uint64_t check_mul_ = 1;  // odd; another one if two keys' checks clash
  // Both probed at random by Score(): on huge pages where the kernel allows
  // (core/huge_pages.h).
  LargeVector<HotSlot> table_;  // size is a power of two
  LargeVector<Weight> weights_;
};

class PerceptronTrainer {
 public:
  explicit PerceptronTrainer(int num_classes) : num_classes_(num_classes) {}

  int num_classes() const { return num_classes_; }
  // Current (not averaged) weights of `features` added to scores.
  void Score(std::span<const FeatureKey> features, float* scores) const;
  // Moves weights toward `truth` and away from `guess` (no-op if equal).
  void Update(std::span<const FeatureKey> features, int truth, int guess);
  // Adds `delta` to the weight of class `cls` of every feature of
  // `features` (one side of an update, for structured training where the
  // truth's and the guess's features differ).
  void Add(std::span<const FeatureKey> features, int cls, float delta);
  // Call once after each training instance: the clock of the averaging.
  void Tick() { ++clock_; }

  // The averaged model, dropping weights whose averaged magnitude is below
  // `min_weight` and features with no weight left.
  PerceptronModel Average(float min_weight) const;
  // The mean of the averaged models of `trainers` (same number of classes),
  // weight by weight, pruned as Average: scoring it equals averaging their
  // scores, so an ensemble runs at the cost of one model. Average() is
  // AverageOf of one trainer.
  static PerceptronModel AverageOf(std::span<const PerceptronTrainer* const> trainers, float min_weight);

 private:
  struct Cell {
    std::uint16_t cls;
    float weight;
    double total;  // sum of weight over time, up to `stamp`
    std::uint64_t stamp;
  };
  std::vector<Cell>& Row(FeatureKey key);
  void AddToRow(std::vector<Cell>& row, int cls, float delta);

  int num_classes_;
  std::uint64_t clock_ = 1;
  std::unordered_map<FeatureKey, std::vector<Cell>> rows_;
};

// A set of label strings numbered 0..size()-1 in insertion order.
class LabelSet {
 public:
  int Add(std::string_view label);         // existing or new index
  int Find(std::string_view label) const;  // -1 if absent
  const std::string& Name(int index) const { return names_[index]; }
  int size() const { return static_cast<int>(names_.size()); }
  void Serialize(ByteWriter* out) const;
  static Result<LabelSet> Deserialize(ByteReader* in);

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, int> index_;
};

}  // namespace hearsay::nlp
