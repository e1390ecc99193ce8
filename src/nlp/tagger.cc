#include "nlp/tagger.h"

#include <algorithm>
#include <filesystem>

namespace hearsay::nlp {
namespace {

bool IsContinuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// Byte length of the first `chars` characters of s (all of s if shorter).
std::size_t PrefixBytes(std::string_view s, int chars) {
  std::size_t i = 0;
  for (int k = 0; k < chars && i < s.size(); ++k) {
    ++i;
    while (i < s.size() && IsContinuation(static_cast<unsigned char>(s[i]))) ++i;
  }
  return i;
}

// Byte length of the last `chars` characters of s (all of s if shorter).
std::size_t SuffixBytes(std::string_view s, int chars) {
  std::size_t i = s.size();
  for (int k = 0; k < chars && i > 0; ++k) {
    --i;
    while (i > 0 && IsContinuation(static_cast<unsigned char>(s[i]))) --i;
  }
  return s.size() - i;
}

// The tokens before the first and after the last token of a sentence.
const TaggerTokenInfo& StartInfo() {
  static const TaggerTokenInfo info = [] {
    TaggerTokenInfo t;
    t.word = t.lower = t.shape = HashString("<s>");
    for (auto& p : t.prefix) p = t.word;
    for (auto& s : t.suffix) s = t.word;
    t.flags = 0xFFFF;
    return t;
  }();
  return info;
}
const TaggerTokenInfo& EndInfo() {
  static const TaggerTokenInfo info = [] {
    TaggerTokenInfo t;
    t.word = t.lower = t.shape = HashString("</s>");
    for (auto& p : t.prefix) p = t.word;
    for (auto& s : t.suffix) s = t.word;
    t.flags = 0xFFFE;
    return t;
  }();
  return info;
}

constexpr std::uint64_t kNoPrev = 0xFFFF;

constexpr std::size_t kMaxShape = 12;

// The first index of the largest score: the maximum in four independent
// lanes (no serial dependency through one compare chain), then its index.
int ArgMax(const float* scores, std::size_t n) {
  float lane[4] = {scores[0], scores[0], scores[0], scores[0]};
  std::size_t c = 0;
  for (; c + 4 <= n; c += 4)
    for (int k = 0; k < 4; ++k) lane[k] = scores[c + k] > lane[k] ? scores[c + k] : lane[k];
  float best = std::max(std::max(lane[0], lane[1]), std::max(lane[2], lane[3]));
  for (; c < n; ++c) best = scores[c] > best ? scores[c] : best;
  for (std::size_t i = 0; i < n; ++i)
    if (scores[i] == best) return static_cast<int>(i);
  return 0;
}

std::uint64_t CacheKey(std::uint64_t word, std::uint64_t kind) {
  const std::uint64_t key = HashCombine(word, kind);
  return key == 0 ? 1 : key;
}

// Writes the shape of `norm` (see WordShape) into out[0..kMaxShape) and
// returns its length.
std::size_t ShapeInto(std::string_view norm, char* out) {
  std::size_t n = 0;
  char last = 0;
  int run = 0;
  for (std::size_t i = 0; i < norm.size() && n < kMaxShape; ++i) {
    const auto c = static_cast<unsigned char>(norm[i]);
    if (IsContinuation(c)) continue;
    char m;
    if (c >= 'A' && c <= 'Z') {
      m = 'X';
    } else if (c >= 'a' && c <= 'z') {
      m = 'x';
    } else if (c >= '0' && c <= '9') {
      m = 'd';
    } else if (c >= 0x80) {
      m = 'u';
    } else {
      m = static_cast<char>(c);
    }
    run = (m == last) ? run + 1 : 1;
    last = m;
    if (run <= 2) out[n++] = m;
  }
  return n;
}

enum Template : std::uint32_t {
  kBias = 0,
  kWord,
  kLower,
  kSuffix1,                 // .. kSuffix1 + 3
  kPrefix1 = kSuffix1 + 4,  // .. kPrefix1 + 2
  kShape = kPrefix1 + 3,
  kFlags,
  kLowerPrev1,
  kLowerPrev2,
  kLowerNext1,
  kLowerNext2,
  kSuffix3Prev1,
  kSuffix3Next1,
  kShapeAround,
  kPosition,
  kBigramPrev,
  kBigramNext,
  kLabelPrev1,
  kLabelPrev2,
  kLabelBigram,
  kLabelPrev1Lower,
  kClusterFine,
  kClusterCoarse,
  kClusterPrev1,
  kClusterNext1,
};

}  // namespace

std::string WordShape(std::string_view norm) {
  char shape[kMaxShape];
  return std::string(shape, ShapeInto(norm, shape));
}

void ComputeTokenInfo(std::string_view norm, TokenKind kind, std::string* scratch, TaggerTokenInfo* info) {
  std::string& lower = *scratch;
  lower.assign(norm);
  std::uint32_t flags = 0;
  int uppers = 0, lowers = 0;
  for (std::size_t i = 0; i < lower.size(); ++i) {
    const auto c = static_cast<unsigned char>(lower[i]);
    if (c >= 'A' && c <= 'Z') {
      lower[i] = static_cast<char>(c + 32);
      ++uppers;
      flags |= i == 0 ? kTagCapitalised : kTagHasUpperInside;
    } else if (c >= 'a' && c <= 'z') {
      ++lowers;
    } else if (c >= '0' && c <= '9') {
      flags |= kTagHasDigit;
    } else if (c == '-') {
      flags |= kTagHasHyphen;
    } else if (c >= 0x80) {
      flags |= kTagNonAscii;
    }
  }
  if (uppers >= 2 && lowers == 0) flags |= kTagAllCaps;
  info->word = HashString(norm);
  info->lower = HashString(lower);
  const std::string_view l(lower);
  for (int k = 0; k < 3; ++k) info->prefix[k] = HashString(l.substr(0, PrefixBytes(l, k + 1)));
  for (int k = 0; k < 4; ++k) info->suffix[k] = HashString(l.substr(l.size() - SuffixBytes(l, k + 1)));
  char shape[kMaxShape];
  info->shape = HashString(std::string_view(shape, ShapeInto(norm, shape)));
  info->flags = flags | (static_cast<std::uint32_t>(kind) << 8);
}

void StaticFeatures(std::span<const TaggerTokenInfo> s, std::size_t i, FeatureKey* out) {
  const std::size_t n = s.size();
  const TaggerTokenInfo& t = s[i];
  const TaggerTokenInfo& p1 = i >= 1 ? s[i - 1] : StartInfo();
  const TaggerTokenInfo& p2 = i >= 2 ? s[i - 2] : StartInfo();
  const TaggerTokenInfo& n1 = i + 1 < n ? s[i + 1] : EndInfo();
  const TaggerTokenInfo& n2 = i + 2 < n ? s[i + 2] : EndInfo();
  out[0] = MakeFeature(kBias, 0);
  out[1] = MakeFeature(kWord, t.word);
  out[2] = MakeFeature(kLower, t.lower);
  for (int k = 0; k < 4; ++k) out[3 + k] = MakeFeature(kSuffix1 + k, t.suffix[k]);
  for (int k = 0; k < 3; ++k) out[7 + k] = MakeFeature(kPrefix1 + k, t.prefix[k]);
  out[10] = MakeFeature(kShape, t.shape);
  out[11] = MakeFeature(kFlags, t.flags);
  out[12] = MakeFeature(kLowerPrev1, p1.lower);
  out[13] = MakeFeature(kLowerPrev2, p2.lower);
  out[14] = MakeFeature(kLowerNext1, n1.lower);
  out[15] = MakeFeature(kLowerNext2, n2.lower);
  out[16] = MakeFeature(kSuffix3Prev1, p1.suffix[2]);
  out[17] = MakeFeature(kSuffix3Next1, n1.suffix[2]);
  out[18] = MakeFeature(kShapeAround, p1.shape, n1.shape);
  const std::uint64_t position = i + 1 == n ? 3 : std::min<std::size_t>(i, 2);
  out[19] = MakeFeature(kPosition, position, t.flags & (kTagCapitalised | kTagAllCaps));
  out[20] = MakeFeature(kBigramPrev, p1.lower, t.lower);
  out[21] = MakeFeature(kBigramNext, t.lower, n1.lower);
  out[22] = MakeFeature(kClusterFine, t.cluster_fine);
  out[23] = MakeFeature(kClusterCoarse, t.cluster_coarse);
  out[24] = MakeFeature(kClusterPrev1, p1.cluster_fine);
  out[25] = MakeFeature(kClusterNext1, n1.cluster_fine);
}

void DynamicFeatures(const TaggerTokenInfo& token, int prev1, int prev2, FeatureKey* out) {
  const std::uint64_t a = prev1 < 0 ? kNoPrev : static_cast<std::uint64_t>(prev1);
  const std::uint64_t b = prev2 < 0 ? kNoPrev : static_cast<std::uint64_t>(prev2);
  out[0] = MakeFeature(kLabelPrev1, a);
  out[1] = MakeFeature(kLabelPrev2, b);
  out[2] = MakeFeature(kLabelBigram, a, b);
  out[3] = MakeFeature(kLabelPrev1Lower, a, token.lower);
}

Result<TaggerModel> TaggerModel::Create(LabelSet labels, PerceptronModel weights,
                                        std::vector<std::pair<std::uint64_t, std::uint16_t>> tag_dict,
                                        std::vector<TaggerTokenInfo> cache, WordClusters clusters) {
  TaggerModel m;
  if (labels.size() == 0 || labels.size() != weights.num_classes())
    return Status(StatusCode::kCorruptModel, "tagger: label count does not match the weights");
  // The dense previous-label tables grow with the cube of the label count.
  if (labels.size() > kMaxTaggerLabels)
    return Status(StatusCode::kCorruptModel, "tagger: " + std::to_string(labels.size()) +
                                                 " labels (at most " + std::to_string(kMaxTaggerLabels) +
                                                 " are supported)");
  m.labels_ = std::move(labels);
  m.weights_ = std::move(weights);
  // UPOS and XPOS tables from the joint labels "UPOS|XPOS".
  LabelSet upos, xpos;
  for (int i = 0; i < m.labels_.size(); ++i) {
    const std::string& name = m.labels_.Name(i);
    const std::size_t bar = name.find('|');
    if (bar == std::string::npos || bar == 0 || bar + 1 == name.size())
      return Status(StatusCode::kCorruptModel, "tagger: label '" + name + "' is not UPOS|XPOS");
    m.label_upos_.push_back(static_cast<std::uint16_t>(upos.Add(name.substr(0, bar))));
    m.label_xpos_.push_back(static_cast<std::uint16_t>(xpos.Add(name.substr(bar + 1))));
  }
  auto names = [](const LabelSet& set) {
    auto v = std::make_shared<std::vector<std::string>>();
    for (int i = 0; i < set.size(); ++i) v->push_back(set.Name(i));
    return LabelNames(std::move(v));
  };
  m.upos_names_ = names(upos);
  m.xpos_names_ = names(xpos);
  // Tag dictionary: open addressing, load factor <= 0.5.
  std::sort(tag_dict.begin(), tag_dict.end());
  std::size_t size = 16;
  while (size < tag_dict.size() * 2) size *= 2;
  m.dict_keys_.assign(size, 0);
  m.dict_labels_.assign(size, 0);
  for (const auto& [word, label] : tag_dict) {
    if (word == 0 || label >= m.labels_.size())
      return Status(StatusCode::kCorruptModel, "tagger: bad tag dictionary entry");
    std::size_t i = word & (size - 1);
    while (m.dict_keys_[i] != 0 && m.dict_keys_[i] != word) i = (i + 1) & (size - 1);
    if (m.dict_keys_[i] == word)
      return Status(StatusCode::kCorruptModel, "tagger: duplicate tag dictionary word");
    m.dict_keys_[i] = word;
    m.dict_labels_[i] = label;
  }
  m.tag_dict_size_ = tag_dict.size();
  m.dict_entries_ = std::move(tag_dict);
  // Fast-path tables.
  const std::size_t nc = static_cast<std::size_t>(m.labels_.size());
  const std::size_t block = kTaggerRoles * nc;
  m.cache_ = std::move(cache);
  m.clusters_ = std::move(clusters);
  size = 16;
  while (size < m.cache_.size() * 2) size *= 2;
  m.cache_keys_.assign(size, 0);
  m.cache_index_.assign(size, -1);
  m.cache_roles_.assign(m.cache_.size() * block, 0.0f);
  for (std::size_t c = 0; c < m.cache_.size(); ++c) {
    const std::uint64_t key = CacheKey(m.cache_[c].word, m.cache_[c].flags >> 8);
    std::size_t i = key & (size - 1);
    while (m.cache_keys_[i] != 0 && m.cache_keys_[i] != key) i = (i + 1) & (size - 1);
    if (m.cache_keys_[i] == key)
      return Status(StatusCode::kCorruptModel, "tagger: duplicate word cache entry");
    m.cache_keys_[i] = key;
    m.cache_index_[i] = static_cast<std::int32_t>(c);
    m.ComputeRoles(m.cache_[c], m.cache_roles_.data() + c * block);
  }
  m.start_roles_.assign(block, 0.0f);
  m.end_roles_.assign(block, 0.0f);
  m.ComputeRoles(StartInfo(), m.start_roles_.data());
  m.ComputeRoles(EndInfo(), m.end_roles_.data());
  const std::size_t states = nc + 1;  // a label or none
  m.label1_.assign(states * nc, 0.0f);
  m.label2_.assign(states * nc, 0.0f);
  m.label12_.assign(states * states * nc, 0.0f);
  FeatureKey keys[kTaggerDynamicFeatures];
  const TaggerTokenInfo none;
  for (std::size_t a = 0; a < states; ++a) {
    const int prev1 = a == nc ? -1 : static_cast<int>(a);
    DynamicFeatures(none, prev1, prev1, keys);
    m.weights_.Score(std::span<const FeatureKey>(keys, 1), m.label1_.data() + a * nc);
    m.weights_.Score(std::span<const FeatureKey>(keys + 1, 1), m.label2_.data() + a * nc);
    for (std::size_t b = 0; b < states; ++b) {
      DynamicFeatures(none, prev1, b == nc ? -1 : static_cast<int>(b), keys);
      m.weights_.Score(std::span<const FeatureKey>(keys + 2, 1), m.label12_.data() + (a * states + b) * nc);
    }
  }
  return m;
}

int TaggerModel::CacheIndex(std::uint64_t word, std::uint32_t kind) const {
  if (cache_keys_.empty()) return -1;
  const std::uint64_t key = CacheKey(word, kind);
  const std::size_t mask = cache_keys_.size() - 1;
  for (std::size_t i = key & mask;; i = (i + 1) & mask) {
    if (cache_keys_[i] == key) return cache_index_[i];
    if (cache_keys_[i] == 0) return -1;
  }
}

// Role blocks: [-2 | -1 | 0 | +1 | +2] × num_labels(). Position d holds the
// scores of the features that look at this token when it stands at offset
// d from the token tagged: the features StaticFeatures computes from one
// token only (indices 0-17).
void TaggerModel::ComputeRoles(const TaggerTokenInfo& t, float* block) const {
  const std::size_t nc = static_cast<std::size_t>(num_labels());
  std::fill(block, block + kTaggerRoles * nc, 0.0f);
  FeatureKey self[14];
  self[0] = MakeFeature(kBias, 0);
  self[1] = MakeFeature(kWord, t.word);
  self[2] = MakeFeature(kLower, t.lower);
  for (int k = 0; k < 4; ++k) self[3 + k] = MakeFeature(kSuffix1 + k, t.suffix[k]);
  for (int k = 0; k < 3; ++k) self[7 + k] = MakeFeature(kPrefix1 + k, t.prefix[k]);
  self[10] = MakeFeature(kShape, t.shape);
  self[11] = MakeFeature(kFlags, t.flags);
  self[12] = MakeFeature(kClusterFine, t.cluster_fine);
  self[13] = MakeFeature(kClusterCoarse, t.cluster_coarse);
  const FeatureKey before2[1] = {MakeFeature(kLowerPrev2, t.lower)};
  const FeatureKey before1[3] = {MakeFeature(kLowerPrev1, t.lower), MakeFeature(kSuffix3Prev1, t.suffix[2]),
                                 MakeFeature(kClusterPrev1, t.cluster_fine)};
  const FeatureKey after1[3] = {MakeFeature(kLowerNext1, t.lower), MakeFeature(kSuffix3Next1, t.suffix[2]),
                                MakeFeature(kClusterNext1, t.cluster_fine)};
  const FeatureKey after2[1] = {MakeFeature(kLowerNext2, t.lower)};
  weights_.Score(before2, block);
  weights_.Score(before1, block + nc);
  weights_.Score(self, block + 2 * nc);
  weights_.Score(after1, block + 3 * nc);
  weights_.Score(after2, block + 4 * nc);
}

ModelWriter TaggerModel::ToWriter(const std::string& description) const {
  ModelWriter writer("tagger", description);
  ByteWriter meta;
  meta.PutU32(kTaggerSectionVersion);
  meta.PutU32(0);
  writer.AddSection("tagger.meta", meta.Release());
  ByteWriter labels;
  labels_.Serialize(&labels);
  writer.AddSection("tagger.labels", labels.Release());
  ByteWriter dict;
  dict.PutU64(dict_entries_.size());
  for (const auto& [word, label] : dict_entries_) {
    dict.PutU64(word);
    dict.PutRaw(&label, sizeof label);
  }
  writer.AddSection("tagger.tagdict", dict.Release());
  ByteWriter weights;
  weights_.Serialize(&weights);
  writer.AddSection("tagger.weights", weights.Release());
  ByteWriter cache;
  cache.PutU64(cache_.size());
  for (const TaggerTokenInfo& t : cache_) {
    cache.PutU64(t.word);
    cache.PutU64(t.lower);
    for (std::uint64_t p : t.prefix) cache.PutU64(p);
    for (std::uint64_t x : t.suffix) cache.PutU64(x);
    cache.PutU64(t.shape);
    cache.PutU32(t.flags);
    cache.PutRaw(&t.cluster_fine, sizeof t.cluster_fine);
    cache.PutRaw(&t.cluster_coarse, sizeof t.cluster_coarse);
  }
  writer.AddSection("tagger.cache", cache.Release());
  ByteWriter clusters;
  clusters_.Serialize(&clusters);
  writer.AddSection("tagger.clusters", clusters.Release());
  return writer;
}

Result<TaggerModel> TaggerModel::FromFile(const ModelFile& file, const std::string& name) {
  auto fail = [&](const Status& s) { return Status(s.code(), name + ": " + s.message()); };
  auto meta = file.Section("tagger.meta");
  if (!meta.ok()) return fail(meta.status());
  std::uint32_t version = 0, flags = 0;
  if (Status s = meta->GetU32(&version); !s.ok()) return fail(s);
  if (version != kTaggerSectionVersion)
    return Status(StatusCode::kVersionMismatch, name + ": tagger sections are version " +
                                                    std::to_string(version) + "; this build reads version " +
                                                    std::to_string(kTaggerSectionVersion));
  if (Status s = meta->GetU32(&flags); !s.ok()) return fail(s);
  auto labels_reader = file.Section("tagger.labels");
  if (!labels_reader.ok()) return fail(labels_reader.status());
  auto labels = LabelSet::Deserialize(&labels_reader.value());
  if (!labels.ok()) return fail(labels.status());
  if (Status s = labels_reader->ExpectEnd(); !s.ok()) return fail(s);
  auto dict_reader = file.Section("tagger.tagdict");
  if (!dict_reader.ok()) return fail(dict_reader.status());
  std::uint64_t count = 0;
  if (Status s = dict_reader->GetU64(&count); !s.ok()) return fail(s);
  if (count > dict_reader->remaining() / 10)
    return Status(StatusCode::kCorruptModel, name + ": tagger tag dictionary: bad count");
  std::vector<std::pair<std::uint64_t, std::uint16_t>> dict(count);
  for (auto& [word, label] : dict) {
    if (Status s = dict_reader->GetU64(&word); !s.ok()) return fail(s);
    if (Status s = dict_reader->GetRaw(&label, sizeof label); !s.ok()) return fail(s);
  }
  if (Status s = dict_reader->ExpectEnd(); !s.ok()) return fail(s);
  auto weights_reader = file.Section("tagger.weights");
  if (!weights_reader.ok()) return fail(weights_reader.status());
  auto weights = PerceptronModel::Deserialize(&weights_reader.value());
  if (!weights.ok()) return fail(weights.status());
  if (Status s = weights_reader->ExpectEnd(); !s.ok()) return fail(s);
  auto cache_reader = file.Section("tagger.cache");
  if (!cache_reader.ok()) return fail(cache_reader.status());
  std::uint64_t cached = 0;
  if (Status s = cache_reader->GetU64(&cached); !s.ok()) return fail(s);
  if (cached > cache_reader->remaining() / 88)
    return Status(StatusCode::kCorruptModel, name + ": tagger word cache: bad count");
  std::vector<TaggerTokenInfo> cache(cached);
  for (TaggerTokenInfo& t : cache) {
    Status s = cache_reader->GetU64(&t.word);
    if (s.ok()) s = cache_reader->GetU64(&t.lower);
    for (std::uint64_t& p : t.prefix)
      if (s.ok()) s = cache_reader->GetU64(&p);
    for (std::uint64_t& x : t.suffix)
      if (s.ok()) s = cache_reader->GetU64(&x);
    if (s.ok()) s = cache_reader->GetU64(&t.shape);
    if (s.ok()) s = cache_reader->GetU32(&t.flags);
    if (s.ok()) s = cache_reader->GetRaw(&t.cluster_fine, sizeof t.cluster_fine);
    if (s.ok()) s = cache_reader->GetRaw(&t.cluster_coarse, sizeof t.cluster_coarse);
    if (!s.ok()) return fail(s);
  }
  if (Status s = cache_reader->ExpectEnd(); !s.ok()) return fail(s);
  auto clusters_reader = file.Section("tagger.clusters");
  if (!clusters_reader.ok()) return fail(clusters_reader.status());
  auto clusters = WordClusters::Deserialize(&clusters_reader.value());
  if (!clusters.ok()) return fail(clusters.status());
  if (Status s = clusters_reader->ExpectEnd(); !s.ok()) return fail(s);
  auto model = Create(std::move(labels).value(), std::move(weights).value(), std::move(dict),
                      std::move(cache), std::move(clusters).value());
  if (!model.ok()) return fail(model.status());
  return model;
}

Result<TaggerModel> TaggerModel::Load(const std::string& path) {
  auto file = ModelFile::Load(path, "tagger");
  if (!file.ok()) return file.status();
  return FromFile(file.value(), path);
}

void TaggerModel::TagSentenceReference(std::span<const TaggerTokenInfo> sentence, std::uint16_t* labels,
                                       bool use_dict) const {
  const int classes = num_labels();
  std::vector<float> scores(static_cast<std::size_t>(classes));
  FeatureKey keys[kTaggerFeatures];
  int prev1 = -1, prev2 = -1;
  for (std::size_t i = 0; i < sentence.size(); ++i) {
    int best = use_dict ? DictLabel(sentence[i].word) : -1;
    if (best < 0) {
      StaticFeatures(sentence, i, keys);
      DynamicFeatures(sentence[i], prev1, prev2, keys + kTaggerStaticFeatures);
      std::fill(scores.begin(), scores.end(), 0.0f);
      weights_.Score(std::span<const FeatureKey>(keys, kTaggerFeatures), scores.data());
      best = 0;
      for (int c = 1; c < classes; ++c)
        if (scores[c] > scores[best]) best = c;
    }
    labels[i] = static_cast<std::uint16_t>(best);
    prev2 = prev1;
    prev1 = best;
  }
}

void TaggerModel::TagSentence(std::span<const TaggerTokenInfo> sentence, std::uint16_t* labels,
                              TaggerScratch* scratch, bool use_dict) const {
  const std::size_t n = sentence.size();
  const std::size_t nc = static_cast<std::size_t>(num_labels());
  const std::size_t block = kTaggerRoles * nc;
  // Role blocks: from the cache, or summed here for the other words.
  std::size_t misses = 0;
  scratch->token_roles.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const int c = CacheIndex(sentence[i].word, sentence[i].flags >> 8);
    scratch->token_roles[i] = c >= 0 ? cache_roles_.data() + static_cast<std::size_t>(c) * block : nullptr;
    misses += c < 0;
  }
  if (scratch->roles.size() < misses * block) scratch->roles.resize(misses * block);
  for (std::size_t i = 0, m = 0; i < n; ++i) {
    if (scratch->token_roles[i] != nullptr) continue;
    float* own = scratch->roles.data() + (m++) * block;
    ComputeRoles(sentence[i], own);
    scratch->token_roles[i] = own;
  }
  scratch->scores.resize(nc);
  float* scores = scratch->scores.data();
  const std::size_t states = nc + 1;
  FeatureKey keys[5];
  std::size_t prev1 = nc, prev2 = nc;  // nc = none
  for (std::size_t i = 0; i < n; ++i) {
    int best = use_dict ? DictLabel(sentence[i].word) : -1;
    if (best < 0) {
      const float* m2 = (i >= 2 ? scratch->token_roles[i - 2] : start_roles_.data());
      const float* m1 = (i >= 1 ? scratch->token_roles[i - 1] : start_roles_.data()) + nc;
      const float* self = scratch->token_roles[i] + 2 * nc;
      const float* p1 = (i + 1 < n ? scratch->token_roles[i + 1] : end_roles_.data()) + 3 * nc;
      const float* p2 = (i + 2 < n ? scratch->token_roles[i + 2] : end_roles_.data()) + 4 * nc;
      const float* l1 = label1_.data() + prev1 * nc;
      const float* l2 = label2_.data() + prev2 * nc;
      const float* l12 = label12_.data() + (prev1 * states + prev2) * nc;
      for (std::size_t c = 0; c < nc; ++c)
        scores[c] = m2[c] + m1[c] + self[c] + p1[c] + p2[c] + l1[c] + l2[c] + l12[c];
      // The features that pair two tokens, or a label with the word.
      const TaggerTokenInfo& t = sentence[i];
      const TaggerTokenInfo& b1 = i >= 1 ? sentence[i - 1] : StartInfo();
      const TaggerTokenInfo& a1 = i + 1 < n ? sentence[i + 1] : EndInfo();
      const std::uint64_t position = i + 1 == n ? 3 : std::min<std::size_t>(i, 2);
      keys[0] = MakeFeature(kShapeAround, b1.shape, a1.shape);
      keys[1] = MakeFeature(kPosition, position, t.flags & (kTagCapitalised | kTagAllCaps));
      keys[2] = MakeFeature(kBigramPrev, b1.lower, t.lower);
      keys[3] = MakeFeature(kBigramNext, t.lower, a1.lower);
      keys[4] = MakeFeature(kLabelPrev1Lower, prev1 == nc ? kNoPrev : prev1, t.lower);
      weights_.Score(keys, scores);
      best = ArgMax(scores, nc);
    }
    labels[i] = static_cast<std::uint16_t>(best);
    prev2 = prev1;
    prev1 = static_cast<std::size_t>(best);
  }
}

Result<std::unique_ptr<Component>> Tagger::Create(const ComponentConfig& config) {
  const std::string path = (std::filesystem::path(config.models_dir) / "tagger.hsm").string();
  auto model = TaggerModel::Load(path);
  if (!model.ok()) return model.status();
  return std::unique_ptr<Component>(
      std::make_unique<Tagger>(std::make_shared<const TaggerModel>(std::move(model).value())));
}

Status Tagger::Process(Document& doc) const {
  const std::uint32_t n = doc.num_tokens();
  if (doc.upos.size() != n || doc.xpos.size() != n || doc.lemma.size() != n) doc.ResizeAnnotationColumns();
  // Per-call scratch, sized once per document.
  std::size_t longest = 0;
  for (const TokenRange& s : doc.sentences) longest = std::max<std::size_t>(longest, s.size());
  std::vector<TaggerTokenInfo> infos(longest);
  std::vector<std::uint16_t> labels(longest);
  TaggerScratch scratch;
  std::string lower;
  lower.reserve(64);
  for (const TokenRange& s : doc.sentences) {
    if (s.last > n || s.first > s.last)
      return Status(StatusCode::kFailedPrecondition, "tagger: sentence outside the document's tokens");
    for (std::uint32_t t = s.first; t < s.last; ++t) {
      // Frequent words: their infos are in the model's word cache.
      const std::string_view norm = doc.token_norm(t);
      const int cached = model_->CacheIndex(HashString(norm), static_cast<std::uint32_t>(doc.token_kind[t]));
      if (cached >= 0) {
        infos[t - s.first] = model_->cached_info(cached);
      } else {
        ComputeTokenInfo(norm, doc.token_kind[t], &lower, &infos[t - s.first]);
        model_->AssignClusters(&infos[t - s.first]);
      }
    }
    model_->TagSentence(std::span<const TaggerTokenInfo>(infos.data(), s.size()), labels.data(), &scratch,
                        use_dict_);
    for (std::uint32_t t = s.first; t < s.last; ++t) {
      const std::uint16_t label = labels[t - s.first];
      doc.upos[t] = model_->upos_of(label);
      doc.xpos[t] = model_->xpos_of(label);
    }
  }
  doc.upos_names = model_->upos_names();
  doc.xpos_names = model_->xpos_names();
  doc.filled_columns |= assigns_columns();
  return Status::Ok();
}

}  // namespace hearsay::nlp
