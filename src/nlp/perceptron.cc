#include "nlp/perceptron.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hearsay::nlp {
namespace {

// Key 0 marks an empty slot; a real key of 0 is stored as 1.
FeatureKey Normalize(FeatureKey key) {
  return key == 0 ? 1 : key;
}

// The table a model file holds: the smallest power of two at load factor
// <= 0.7 (compact on disk).
std::size_t FileTableSize(std::size_t features) {
  std::size_t size = 16;
  while (size < features * 10 / 7 + 1) size *= 2;
  return size;
}

// The table Score() probes: load factor <= 0.2. Most lookups of text outside
// the training data miss, and a miss probes until an empty slot: at 0.7
// that is several slots, at 0.2 about one (tagger+parser+entities about 13%
// faster on news than at 0.7, when slots were 16 bytes; with 8-byte slots
// the parser's table is 16 MB).
std::size_t MemoryTableSize(std::size_t features) {
  std::size_t size = 16;
  while (size < features * 5 + 1) size *= 2;
  return size;
}

}  // namespace

// Linear probing from each key's home slot, keys inserted in ascending
// order: the layout depends only on the set of keys and the size, so the
// file table Serialize() writes is byte for byte the one Average() wrote.
std::vector<PerceptronModel::Slot> PerceptronModel::Rehash(std::vector<Slot> rows, std::size_t size) {
  std::sort(rows.begin(), rows.end(), [](const Slot& a, const Slot& b) { return a.key < b.key; });
  std::vector<Slot> table(size);
  const std::size_t mask = size - 1;
  for (const Slot& s : rows) {
    std::size_t i = s.key & mask;
    while (table[i].key != 0) i = (i + 1) & mask;
    table[i] = s;
  }
  return table;
}

// The probe table at load factor <= 0.2, keys inserted in ascending order
// (rows_ is sorted). A key whose check equals that of a key already on its
// probe path would be hidden by it, so then the checks are drawn again with
// another multiplier (for a 350k-feature model this happens about once in
// 50,000 models). Rows without weights add nothing and are left out.
Status PerceptronModel::BuildTable() {
  for (Weight& w : weights_) w.cls &= kClassMask;
  for (const Slot& r : rows_)
    if (r.count > 0) weights_[r.begin + r.count - 1].cls |= kLastWeight;
  const std::size_t size = MemoryTableSize(rows_.size());
  const std::size_t mask = size - 1;
  std::uint64_t mul = 1;
  for (int attempt = 0; attempt < 16; ++attempt, mul = mul * 0x9E3779B97F4A7C15ULL + 2) {
    check_mul_ = mul | 1;
    table_.assign(size, HotSlot{});
    bool clash = false;
    for (const Slot& r : rows_) {
      if (r.count == 0) continue;
      const std::uint32_t check = Check(r.key);
      std::size_t i = r.key & mask;
      for (; table_[i].check != 0; i = (i + 1) & mask) clash = clash || table_[i].check == check;
      if (clash) break;
      table_[i] = {check, r.begin};
    }
    if (!clash) return Status::Ok();
  }
  table_.clear();
  return Status(StatusCode::kCorruptModel, "perceptron weights: feature keys clash in the probe table");
}

const PerceptronModel::HotSlot* PerceptronModel::Find(FeatureKey key) const {
  key = Normalize(key);
  const std::uint32_t check = Check(key);
  const std::size_t mask = table_.size() - 1;
  for (std::size_t i = key & mask;; i = (i + 1) & mask) {
    const HotSlot& slot = table_[i];
    if (slot.check == check) return &slot;
    if (slot.check == 0) return nullptr;
  }
}

void PerceptronModel::Score(std::span<const FeatureKey> features, float* scores) const {
  // The integer sums (ScoreRaw), scaled once per class: an int add per
  // weight instead of a convert, a multiply and a float add on the chain
  // of adds to the same score.
  constexpr int kStackClasses = 1024;
  std::int32_t local[kStackClasses];
  std::vector<std::int32_t> heap;
  std::int32_t* sums = local;
  if (num_classes_ > kStackClasses) {
    heap.assign(static_cast<std::size_t>(num_classes_), 0);
    sums = heap.data();
  } else {
    std::fill(local, local + num_classes_, 0);
  }
  ScoreRaw(features, sums);
  for (int c = 0; c < num_classes_; ++c) scores[c] += static_cast<float>(sums[c]) * scale_;
}

void PerceptronModel::ScoreRaw(std::span<const FeatureKey> features, std::int32_t* sums) const {
  if (table_.empty()) return;
  const std::size_t mask = table_.size() - 1;
  // A large model lives in main memory: ask for every feature's slot, then
  // for every row found, before touching any of them, so that the cache
  // misses overlap instead of queueing one after another.
  constexpr std::size_t kChunk = 32;
  std::uint32_t found[kChunk];
  const Weight* const weights = weights_.data();
  for (std::size_t start = 0; start < features.size(); start += kChunk) {
    const std::size_t end = std::min(features.size(), start + kChunk);
    for (std::size_t i = start; i < end; ++i) __builtin_prefetch(&table_[Normalize(features[i]) & mask]);
    std::size_t n = 0;
    for (std::size_t i = start; i < end; ++i) {
      const HotSlot* slot = Find(features[i]);
      if (slot == nullptr) continue;
      __builtin_prefetch(weights + slot->begin);
      found[n++] = slot->begin;
    }
    for (std::size_t j = 0; j < n; ++j) {
      for (const Weight* w = weights + found[j];; ++w) {
        sums[w->cls & kClassMask] += w->value;
        if (w->cls & kLastWeight) break;
      }
    }
  }
}

void PerceptronModel::Serialize(ByteWriter* out) const {
  out->PutU32(static_cast<std::uint32_t>(num_classes_));
  out->PutU64(num_features_);
  out->PutF32(scale_);
  out->PutVector(Rehash(rows_, FileTableSize(rows_.size())));
  std::vector<Weight> weights(weights_.begin(), weights_.end());
  for (Weight& w : weights) w.cls &= kClassMask;
  out->PutVector(weights);
}

Result<PerceptronModel> PerceptronModel::Deserialize(ByteReader* in) {
  PerceptronModel m;
  std::uint32_t classes = 0;
  std::uint64_t features = 0;
  std::vector<Slot> slots;
  HEARSAY_RETURN_IF_ERROR(in->GetU32(&classes));
  HEARSAY_RETURN_IF_ERROR(in->GetU64(&features));
  HEARSAY_RETURN_IF_ERROR(in->GetF32(&m.scale_));
  HEARSAY_RETURN_IF_ERROR(in->GetVector(&slots));
  HEARSAY_RETURN_IF_ERROR(in->GetVector(&m.weights_));
  m.num_classes_ = static_cast<int>(classes);
  m.num_features_ = features;
  // Validate everything Score() will trust.
  const auto corrupt = [](const char* why) {
    return Status(StatusCode::kCorruptModel, std::string("perceptron weights: ") + why);
  };
  if (classes == 0 || classes > kClassMask) return corrupt("bad class count");
  if (!slots.empty() && (slots.size() & (slots.size() - 1)) != 0)
    return corrupt("table size not a power of two");
  for (const Slot& s : slots) {
    if (s.key == 0) continue;
    if (std::uint64_t{s.begin} + s.count > m.weights_.size()) return corrupt("row out of range");
    m.rows_.push_back(s);
  }
  if (m.rows_.size() == slots.size() && !slots.empty()) return corrupt("table has no empty slot");
  for (const Weight& w : m.weights_)
    if (w.cls >= classes) return corrupt("class out of range");
  if (!std::isfinite(m.scale_)) return corrupt("bad scale");
  std::sort(m.rows_.begin(), m.rows_.end(), [](const Slot& a, const Slot& b) { return a.key < b.key; });
  for (std::size_t i = 1; i < m.rows_.size(); ++i)
    if (m.rows_[i - 1].key == m.rows_[i].key) return corrupt("a feature key twice");
  // Rows must not overlap: each ends where its last weight is marked.
  // Average() lays them out in key order, which is checked in one pass.
  const auto disjoint = [](const std::vector<Slot>& rows) {
    std::uint64_t end = 0;
    for (const Slot& s : rows) {
      if (s.count == 0) continue;
      if (s.begin < end) return false;
      end = std::uint64_t{s.begin} + s.count;
    }
    return true;
  };
  if (!disjoint(m.rows_)) {
    std::vector<Slot> by_begin = m.rows_;
    std::sort(by_begin.begin(), by_begin.end(),
              [](const Slot& a, const Slot& b) { return a.begin < b.begin; });
    if (!disjoint(by_begin)) return corrupt("rows overlap");
  }
  HEARSAY_RETURN_IF_ERROR(m.BuildTable());
  return m;
}

std::vector<PerceptronTrainer::Cell>& PerceptronTrainer::Row(FeatureKey key) {
  return rows_[Normalize(key)];
}

void PerceptronTrainer::Score(std::span<const FeatureKey> features, float* scores) const {
  for (FeatureKey f : features) {
    const auto it = rows_.find(Normalize(f));
    if (it == rows_.end()) continue;
    for (const Cell& c : it->second) scores[c.cls] += c.weight;
  }
}

void PerceptronTrainer::Update(std::span<const FeatureKey> features, int truth, int guess) {
  if (truth == guess) return;
  for (FeatureKey f : features) {
    std::vector<Cell>& row = Row(f);
    AddToRow(row, truth, 1.0f);
    AddToRow(row, guess, -1.0f);
  }
}

void PerceptronTrainer::Add(std::span<const FeatureKey> features, int cls, float delta) {
  for (FeatureKey f : features) AddToRow(Row(f), cls, delta);
}

void PerceptronTrainer::AddToRow(std::vector<Cell>& row, int cls, float delta) {
  auto it = std::find_if(row.begin(), row.end(), [&](const Cell& c) { return c.cls == cls; });
  if (it == row.end()) {
    row.push_back({static_cast<std::uint16_t>(cls), 0.0f, 0.0, clock_});
    it = row.end() - 1;
  }
  it->total += static_cast<double>(clock_ - it->stamp) * it->weight;
  it->stamp = clock_;
  it->weight += delta;
}

PerceptronModel PerceptronTrainer::Average(float min_weight) const {
  const PerceptronTrainer* self = this;
  return AverageOf(std::span<const PerceptronTrainer* const>(&self, 1), min_weight);
}

PerceptronModel PerceptronTrainer::AverageOf(std::span<const PerceptronTrainer* const> trainers,
                                             float min_weight) {
  struct Kept {
    FeatureKey key;
    std::vector<std::pair<std::uint16_t, float>> weights;
  };
  const int num_classes = trainers.empty() ? 0 : trainers.front()->num_classes_;
  std::vector<Kept> kept;
  float max_abs = 0;
  std::vector<std::pair<std::uint16_t, float>> row_avg;
  const auto keep = [&](FeatureKey key, float divisor) {
    Kept k{key, {}};
    for (const auto& [cls, sum] : row_avg) {
      const float avg = sum / divisor;
      if (std::fabs(avg) < min_weight) continue;
      k.weights.emplace_back(cls, avg);
      max_abs = std::max(max_abs, std::fabs(avg));
    }
    if (!k.weights.empty()) kept.push_back(std::move(k));
  };
  // Adds trainer t's averaged weights of `row` to row_avg.
  const auto add_row = [&](const PerceptronTrainer& t, const std::vector<Cell>& row) {
    for (const Cell& c : row) {
      const double total = c.total + static_cast<double>(t.clock_ - c.stamp) * c.weight;
      const auto avg = static_cast<float>(total / static_cast<double>(t.clock_));
      const auto it =
          std::find_if(row_avg.begin(), row_avg.end(), [&](const auto& w) { return w.first == c.cls; });
      if (it == row_avg.end()) {
        row_avg.emplace_back(c.cls, avg);
      } else {
        it->second += avg;
      }
    }
  };
  if (trainers.size() == 1) {
    for (const auto& [key, row] : trainers.front()->rows_) {
      row_avg.clear();
      add_row(*trainers.front(), row);
      keep(key, 1.0f);
    }
  } else {
    // Every feature any trainer has, once; a class a trainer never updated
    // counts as 0 there.
    std::vector<FeatureKey> keys;
    for (const PerceptronTrainer* t : trainers)
      for (const auto& entry : t->rows_) keys.push_back(entry.first);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (FeatureKey key : keys) {
      row_avg.clear();
      for (const PerceptronTrainer* t : trainers)
        if (const auto it = t->rows_.find(key); it != t->rows_.end()) add_row(*t, it->second);
      keep(key, static_cast<float>(trainers.size()));
    }
  }
  // Deterministic layout whatever the hash map's order.
  std::sort(kept.begin(), kept.end(), [](const Kept& a, const Kept& b) { return a.key < b.key; });
  PerceptronModel m;
  m.num_classes_ = num_classes;
  m.num_features_ = kept.size();
  m.scale_ = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
  m.rows_.reserve(kept.size());
  for (Kept& k : kept) {
    std::sort(k.weights.begin(), k.weights.end());
    m.rows_.push_back({Normalize(k.key), static_cast<std::uint32_t>(m.weights_.size()),
                       static_cast<std::uint32_t>(k.weights.size())});
    for (const auto& [cls, w] : k.weights)
      m.weights_.push_back({cls, static_cast<std::int16_t>(std::lround(w / m.scale_))});
  }
  // Keys are distinct (a map's) and classes below 32768 (the trainer's
  // classes are 16-bit; a clash of checks retries), so this cannot fail
  // short of 16 clashing draws in a row.
  const Status built = m.BuildTable();
  (void)built;
  return m;
}

int LabelSet::Add(std::string_view label) {
  const auto it = index_.find(std::string(label));
  if (it != index_.end()) return it->second;
  const int id = size();
  names_.emplace_back(label);
  index_.emplace(names_.back(), id);
  return id;
}

int LabelSet::Find(std::string_view label) const {
  const auto it = index_.find(std::string(label));
  return it == index_.end() ? -1 : it->second;
}

void LabelSet::Serialize(ByteWriter* out) const {
  out->PutU32(static_cast<std::uint32_t>(names_.size()));
  for (const auto& n : names_) out->PutString(n);
}

Result<LabelSet> LabelSet::Deserialize(ByteReader* in) {
  std::uint32_t n = 0;
  HEARSAY_RETURN_IF_ERROR(in->GetU32(&n));
  if (n > in->remaining() / 4) return Status(StatusCode::kCorruptModel, "label set: bad count");
  LabelSet set;
  for (std::uint32_t i = 0; i < n; ++i) {
    std::string name;
    HEARSAY_RETURN_IF_ERROR(in->GetString(&name));
    if (set.Add(name) != static_cast<int>(i))
      return Status(StatusCode::kCorruptModel, "label set: duplicate label");
  }
  return set;
}

}  // namespace hearsay::nlp
