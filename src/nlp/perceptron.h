// Averaged perceptron: the learner behind the tagger, parser and entity
// recogniser.
//
// Features are 64-bit keys (template number and value ids hashed together
// with HashCombine); classes are small integers. Training keeps sparse rows
// of weights per feature with lazy averaging; Average() turns them into an
// immutable PerceptronModel: rare and near-zero weights pruned, weights
// quantised to 16 bits, rows found through one open-addressing table
// (compact in the file, widened at load so that lookups that miss are short).
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
inline FeatureKey MakeFeature(std::uint32_t templ, std::uint64_t a, std::uint64_t b = 0) {
  return HashCombine(HashCombine(templ + 1, a), b);
}

class PerceptronModel {
 public:
  int num_classes() const { return num_classes_; }
  std::size_t num_features() const { return num_features_; }
  std::size_t num_weights() const { return weights_.size(); }

  // Adds the weights of `features` to scores[0..num_classes). Unknown
  // features are ignored. Does not allocate.
  void Score(std::span<const FeatureKey> features, float* scores) const;

  void Serialize(ByteWriter* out) const;
  static Result<PerceptronModel> Deserialize(ByteReader* in);

 private:
  friend class PerceptronTrainer;
  struct Slot {
    FeatureKey key = 0;  // 0 = empty (MakeFeature never yields 0: see Normalize)
    std::uint32_t begin = 0;
    std::uint32_t count = 0;
  };
  struct Weight {
    std::uint16_t cls;
    std::int16_t value;
  };
  const Slot* Find(FeatureKey key) const;
  // The occupied slots, and a table of `size` (a power of two) holding them.
  std::vector<Slot> UsedSlots() const;
  static LargeVector<Slot> Rehash(std::vector<Slot> used, std::size_t size);

  int num_classes_ = 0;
  std::size_t num_features_ = 0;
  float scale_ = 1.0f;  // weight = value * scale_
  // Both probed at random by Score(): on huge pages where the kernel allows
  // (core/huge_pages.h).
  LargeVector<Slot> slots_;  // size is a power of two
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
  // Call once after each training instance: the clock of the averaging.
  void Tick() { ++clock_; }

  // The averaged model, dropping weights whose averaged magnitude is below
  // `min_weight` and features with no weight left.
  PerceptronModel Average(float min_weight) const;

 private:
  struct Cell {
    std::uint16_t cls;
    float weight;
    double total;  // sum of weight over time, up to `stamp`
    std::uint64_t stamp;
  };
  std::vector<Cell>& Row(FeatureKey key);

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
