#include "nlp/word_clusters.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace hearsay::nlp {
namespace {

// Spherical k-means over the rows of `vectors` (n × dims, L2-normalised);
// returns the cluster of each row.
std::vector<std::uint16_t> KMeans(const std::vector<float>& vectors, std::size_t n, std::size_t dims, int k,
                                  int iterations) {
  const std::size_t clusters = std::min<std::size_t>(static_cast<std::size_t>(k), n);
  std::vector<float> centroids(clusters * dims);
  for (std::size_t c = 0; c < clusters; ++c) {
    const std::size_t row = c * n / clusters;  // evenly spaced frequency ranks
    std::copy_n(vectors.data() + row * dims, dims, centroids.data() + c * dims);
  }
  std::vector<std::uint16_t> assignment(n, 0);
  for (int it = 0; it < iterations; ++it) {
    for (std::size_t i = 0; i < n; ++i) {
      const float* v = vectors.data() + i * dims;
      float best = -2.0f;
      std::size_t best_c = 0;
      for (std::size_t c = 0; c < clusters; ++c) {
        const float* m = centroids.data() + c * dims;
        float dot = 0;
        for (std::size_t d = 0; d < dims; ++d) dot += v[d] * m[d];
        if (dot > best) best = dot, best_c = c;
      }
      assignment[i] = static_cast<std::uint16_t>(best_c);
    }
    std::vector<float> sums(clusters * dims, 0.0f);
    std::vector<std::size_t> sizes(clusters, 0);
    for (std::size_t i = 0; i < n; ++i) {
      float* s = sums.data() + assignment[i] * dims;
      const float* v = vectors.data() + i * dims;
      for (std::size_t d = 0; d < dims; ++d) s[d] += v[d];
      ++sizes[assignment[i]];
    }
    for (std::size_t c = 0; c < clusters; ++c) {
      if (sizes[c] == 0) continue;  // an empty cluster keeps its centroid
      float norm = 0;
      for (std::size_t d = 0; d < dims; ++d) norm += sums[c * dims + d] * sums[c * dims + d];
      norm = std::sqrt(norm);
      if (norm > 0)
        for (std::size_t d = 0; d < dims; ++d) centroids[c * dims + d] = sums[c * dims + d] / norm;
    }
  }
  return assignment;
}

}  // namespace

Result<WordClusters> WordClusters::Create(std::vector<Entry> entries) {
  WordClusters w;
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.word < b.word; });
  std::size_t size = 16;
  while (size < entries.size() * 2) size *= 2;
  w.slots_.assign(size, Entry{0, kNoCluster, kNoCluster});
  for (const Entry& e : entries) {
    if (e.word == 0) return Status(StatusCode::kCorruptModel, "word clusters: empty word id");
    std::size_t i = e.word & (size - 1);
    while (w.slots_[i].word != 0 && w.slots_[i].word != e.word) i = (i + 1) & (size - 1);
    if (w.slots_[i].word == e.word) return Status(StatusCode::kCorruptModel, "word clusters: duplicate word");
    w.slots_[i] = e;
  }
  w.entries_ = std::move(entries);
  return w;
}

WordClusters WordClusters::Learn(const std::vector<std::vector<std::uint64_t>>& sentences,
                                 const WordClusterOptions& options,
                                 const std::function<void(const std::string&)>& progress) {
  // Vocabulary by frequency (ties by id: deterministic).
  std::unordered_map<std::uint64_t, std::size_t> counts;
  for (const auto& s : sentences)
    for (std::uint64_t w : s) ++counts[w];
  std::vector<std::pair<std::size_t, std::uint64_t>> ranked;
  for (const auto& [w, c] : counts)
    if (c >= options.min_count && w != 0) ranked.emplace_back(c, w);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (ranked.size() > options.vocabulary) ranked.resize(options.vocabulary);
  const std::size_t n = ranked.size();
  if (n == 0) return WordClusters();
  std::unordered_map<std::uint64_t, std::size_t> row;
  for (std::size_t i = 0; i < n; ++i) row[ranked[i].second] = i;
  // Context index: the most frequent words, then "other", then the boundary.
  const std::size_t k = std::min(options.contexts, n);
  const std::size_t other = k, boundary = k + 1, side = k + 2, dims = 2 * side;
  std::unordered_map<std::uint64_t, std::size_t> context;
  for (std::size_t i = 0; i < k; ++i) context[ranked[i].second] = i;
  auto context_of = [&](const std::vector<std::uint64_t>& s, std::ptrdiff_t j) {
    if (j < 0 || j >= static_cast<std::ptrdiff_t>(s.size())) return boundary;
    const auto it = context.find(s[static_cast<std::size_t>(j)]);
    return it == context.end() ? other : it->second;
  };
  std::vector<float> vectors(n * dims, 0.0f);
  for (const auto& s : sentences)
    for (std::size_t j = 0; j < s.size(); ++j) {
      const auto it = row.find(s[j]);
      if (it == row.end()) continue;
      float* v = vectors.data() + it->second * dims;
      v[context_of(s, static_cast<std::ptrdiff_t>(j) - 1)] += 1;
      v[side + context_of(s, static_cast<std::ptrdiff_t>(j) + 1)] += 1;
    }
  for (std::size_t i = 0; i < n; ++i) {
    float* v = vectors.data() + i * dims;
    float norm = 0;
    for (std::size_t d = 0; d < dims; ++d) {
      v[d] = std::log1p(v[d]);
      norm += v[d] * v[d];
    }
    norm = std::sqrt(norm);
    if (norm > 0)
      for (std::size_t d = 0; d < dims; ++d) v[d] /= norm;
  }
  const std::vector<std::uint16_t> fine = KMeans(vectors, n, dims, options.fine, options.iterations);
  const std::vector<std::uint16_t> coarse = KMeans(vectors, n, dims, options.coarse, options.iterations);
  std::vector<Entry> entries;
  for (std::size_t i = 0; i < n; ++i) entries.push_back({ranked[i].second, fine[i], coarse[i]});
  if (progress)
    progress("clusters: " + std::to_string(n) + " words in " + std::to_string(options.fine) + " fine and " +
             std::to_string(options.coarse) + " coarse clusters");
  auto clusters = Create(std::move(entries));
  return clusters.ok() ? std::move(clusters).value() : WordClusters();
}

void WordClusters::Serialize(ByteWriter* out) const {
  out->PutU64(entries_.size());
  for (const Entry& e : entries_) {
    out->PutU64(e.word);
    out->PutRaw(&e.fine, sizeof e.fine);
    out->PutRaw(&e.coarse, sizeof e.coarse);
  }
}

Result<WordClusters> WordClusters::Deserialize(ByteReader* in) {
  std::uint64_t count = 0;
  HEARSAY_RETURN_IF_ERROR(in->GetU64(&count));
  if (count > in->remaining() / 12) return Status(StatusCode::kCorruptModel, "word clusters: bad count");
  std::vector<Entry> entries(count);
  for (Entry& e : entries) {
    HEARSAY_RETURN_IF_ERROR(in->GetU64(&e.word));
    HEARSAY_RETURN_IF_ERROR(in->GetRaw(&e.fine, sizeof e.fine));
    HEARSAY_RETURN_IF_ERROR(in->GetRaw(&e.coarse, sizeof e.coarse));
  }
  return Create(std::move(entries));
}

}  // namespace hearsay::nlp
