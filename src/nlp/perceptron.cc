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
// faster on news for 4x the table's memory, 16 MB for the parser).
std::size_t MemoryTableSize(std::size_t features) {
  std::size_t size = 16;
  while (size < features * 5 + 1) size *= 2;
  return size;
}

}  // namespace

// Linear probing from each key's home slot, keys inserted in ascending
// order: the layout depends only on the set of keys and the size, so a
// table widened at load and narrowed again for Serialize() is byte for byte
// the one Average() wrote.
LargeVector<PerceptronModel::Slot> PerceptronModel::Rehash(std::vector<Slot> used, std::size_t size) {
  std::sort(used.begin(), used.end(), [](const Slot& a, const Slot& b) { return a.key < b.key; });
  LargeVector<Slot> table(size);
  const std::size_t mask = size - 1;
  for (const Slot& s : used) {
    std::size_t i = s.key & mask;
    while (table[i].key != 0) i = (i + 1) & mask;
    table[i] = s;
  }
  return table;
}

std::vector<PerceptronModel::Slot> PerceptronModel::UsedSlots() const {
  std::vector<Slot> used;
  used.reserve(num_features_);
  for (const Slot& s : slots_)
    if (s.key != 0) used.push_back(s);
  return used;
}

const PerceptronModel::Slot* PerceptronModel::Find(FeatureKey key) const {
  if (slots_.empty()) return nullptr;
  key = Normalize(key);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = key & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.key == key) return &slot;
    if (slot.key == 0) return nullptr;
  }
}

void PerceptronModel::Score(std::span<const FeatureKey> features, float* scores) const {
  if (slots_.empty()) return;
  const std::size_t mask = slots_.size() - 1;
  // A large model lives in main memory: ask for every feature's slot, then
  // for every row found, before touching any of them, so that the cache
  // misses overlap instead of queueing one after another.
  constexpr std::size_t kChunk = 32;
  const Slot* found[kChunk];
  for (std::size_t start = 0; start < features.size(); start += kChunk) {
    const std::size_t end = std::min(features.size(), start + kChunk);
    for (std::size_t i = start; i < end; ++i) __builtin_prefetch(&slots_[Normalize(features[i]) & mask]);
    std::size_t n = 0;
    for (std::size_t i = start; i < end; ++i) {
      const Slot* slot = Find(features[i]);
      if (slot == nullptr) continue;
      __builtin_prefetch(weights_.data() + slot->begin);
      found[n++] = slot;
    }
    for (std::size_t j = 0; j < n; ++j) {
      const Weight* w = weights_.data() + found[j]->begin;
      for (std::uint32_t k = 0; k < found[j]->count; ++k) scores[w[k].cls] += w[k].value * scale_;
    }
  }
}

void PerceptronModel::Serialize(ByteWriter* out) const {
  out->PutU32(static_cast<std::uint32_t>(num_classes_));
  out->PutU64(num_features_);
  out->PutF32(scale_);
  std::vector<Slot> used = UsedSlots();
  const std::size_t file_size = FileTableSize(used.size());
  out->PutVector(slots_.size() == file_size ? slots_ : Rehash(std::move(used), file_size));
  out->PutVector(weights_);
}

Result<PerceptronModel> PerceptronModel::Deserialize(ByteReader* in) {
  PerceptronModel m;
  std::uint32_t classes = 0;
  std::uint64_t features = 0;
  HEARSAY_RETURN_IF_ERROR(in->GetU32(&classes));
  HEARSAY_RETURN_IF_ERROR(in->GetU64(&features));
  HEARSAY_RETURN_IF_ERROR(in->GetF32(&m.scale_));
  HEARSAY_RETURN_IF_ERROR(in->GetVector(&m.slots_));
  HEARSAY_RETURN_IF_ERROR(in->GetVector(&m.weights_));
  m.num_classes_ = static_cast<int>(classes);
  m.num_features_ = features;
  // Validate everything Score() will trust.
  const auto corrupt = [](const char* why) {
    return Status(StatusCode::kCorruptModel, std::string("perceptron weights: ") + why);
  };
  if (classes == 0 || classes > 65535) return corrupt("bad class count");
  if (!m.slots_.empty() && (m.slots_.size() & (m.slots_.size() - 1)) != 0)
    return corrupt("table size not a power of two");
  std::size_t used = 0;
  for (const Slot& s : m.slots_) {
    if (s.key == 0) continue;
    ++used;
    if (std::uint64_t{s.begin} + s.count > m.weights_.size()) return corrupt("row out of range");
  }
  if (used == m.slots_.size() && !m.slots_.empty()) return corrupt("table has no empty slot");
  for (const Weight& w : m.weights_)
    if (w.cls >= classes) return corrupt("class out of range");
  if (!std::isfinite(m.scale_)) return corrupt("bad scale");
  if (!m.slots_.empty() && MemoryTableSize(used) > m.slots_.size())
    m.slots_ = Rehash(m.UsedSlots(), MemoryTableSize(used));
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
    for (const auto& change : {std::pair<int, float>{truth, 1.0f}, {guess, -1.0f}}) {
      const int cls = change.first;
      const float delta = change.second;
      auto it = std::find_if(row.begin(), row.end(), [&](const Cell& c) { return c.cls == cls; });
      if (it == row.end()) {
        row.push_back({static_cast<std::uint16_t>(cls), 0.0f, 0.0, clock_});
        it = row.end() - 1;
      }
      it->total += static_cast<double>(clock_ - it->stamp) * it->weight;
      it->stamp = clock_;
      it->weight += delta;
    }
  }
}

PerceptronModel PerceptronTrainer::Average(float min_weight) const {
  struct Kept {
    FeatureKey key;
    std::vector<std::pair<std::uint16_t, float>> weights;
  };
  std::vector<Kept> kept;
  float max_abs = 0;
  for (const auto& [key, row] : rows_) {
    Kept k{key, {}};
    for (const Cell& c : row) {
      const double total = c.total + static_cast<double>(clock_ - c.stamp) * c.weight;
      const auto avg = static_cast<float>(total / static_cast<double>(clock_));
      if (std::fabs(avg) < min_weight) continue;
      k.weights.emplace_back(c.cls, avg);
      max_abs = std::max(max_abs, std::fabs(avg));
    }
    if (!k.weights.empty()) kept.push_back(std::move(k));
  }
  // Deterministic layout whatever the hash map's order.
  std::sort(kept.begin(), kept.end(), [](const Kept& a, const Kept& b) { return a.key < b.key; });
  PerceptronModel m;
  m.num_classes_ = num_classes_;
  m.num_features_ = kept.size();
  m.scale_ = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
  const std::size_t size = FileTableSize(kept.size());
  m.slots_.assign(size, {});
  for (Kept& k : kept) {
    std::sort(k.weights.begin(), k.weights.end());
    const std::size_t mask = size - 1;
    std::size_t i = k.key & mask;
    while (m.slots_[i].key != 0) i = (i + 1) & mask;
    m.slots_[i] = {k.key, static_cast<std::uint32_t>(m.weights_.size()),
                   static_cast<std::uint32_t>(k.weights.size())};
    for (const auto& [cls, w] : k.weights)
      m.weights_.push_back({cls, static_cast<std::int16_t>(std::lround(w / m.scale_))});
  }
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
