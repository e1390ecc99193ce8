#include "nlp/word_vectors.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <unordered_map>

namespace hearsay::nlp {
namespace {

// A sparse matrix in compressed rows.
struct Csr {
  std::size_t rows = 0, cols = 0;
  std::vector<std::size_t> begin;  // rows + 1
  std::vector<std::uint32_t> col;
  std::vector<float> value;
};

// out (rows × l, row-major) = m · x (cols × l, row-major).
void Multiply(const Csr& m, const std::vector<double>& x, std::size_t l, std::vector<double>* out) {
  out->assign(m.rows * l, 0.0);
  for (std::size_t r = 0; r < m.rows; ++r) {
    double* o = out->data() + r * l;
    for (std::size_t k = m.begin[r]; k < m.begin[r + 1]; ++k) {
      const double v = m.value[k];
      const double* xi = x.data() + static_cast<std::size_t>(m.col[k]) * l;
      for (std::size_t j = 0; j < l; ++j) o[j] += v * xi[j];
    }
  }
}

// out (cols × l) = mᵀ · x (rows × l).
void MultiplyTransposed(const Csr& m, const std::vector<double>& x, std::size_t l, std::vector<double>* out) {
  out->assign(m.cols * l, 0.0);
  for (std::size_t r = 0; r < m.rows; ++r) {
    const double* xr = x.data() + r * l;
    for (std::size_t k = m.begin[r]; k < m.begin[r + 1]; ++k) {
      const double v = m.value[k];
      double* o = out->data() + static_cast<std::size_t>(m.col[k]) * l;
      for (std::size_t j = 0; j < l; ++j) o[j] += v * xr[j];
    }
  }
}

// Orthonormalises the l columns of `a` (n × l, row-major) by modified
// Gram-Schmidt, twice (one pass loses orthogonality when the columns are
// nearly dependent, as they become after power iterations). A column that
// vanishes is left zero.
void Orthonormalize(std::vector<double>* a, std::size_t n, std::size_t l) {
  double* d = a->data();
  for (int pass = 0; pass < 2; ++pass)
    for (std::size_t j = 0; j < l; ++j) {
      for (std::size_t i = 0; i < j; ++i) {
        double dot = 0;
        for (std::size_t r = 0; r < n; ++r) dot += d[r * l + i] * d[r * l + j];
        for (std::size_t r = 0; r < n; ++r) d[r * l + j] -= dot * d[r * l + i];
      }
      double norm = 0;
      for (std::size_t r = 0; r < n; ++r) norm += d[r * l + j] * d[r * l + j];
      norm = std::sqrt(norm);
      const double inv = norm > 1e-12 ? 1.0 / norm : 0.0;
      for (std::size_t r = 0; r < n; ++r) d[r * l + j] *= inv;
    }
}

// Eigen-decomposition of the symmetric l × l matrix `a` (row-major) by
// cyclic Jacobi rotations: on return the diagonal of `a` holds the
// eigenvalues and the columns of `v` the eigenvectors.
void JacobiEigen(std::vector<double>* a, std::size_t l, std::vector<double>* v) {
  std::vector<double>& m = *a;
  v->assign(l * l, 0.0);
  for (std::size_t i = 0; i < l; ++i) (*v)[i * l + i] = 1.0;
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0, diag = 0;
    for (std::size_t i = 0; i < l; ++i)
      for (std::size_t j = 0; j < l; ++j) (i == j ? diag : off) += m[i * l + j] * m[i * l + j];
    if (off <= 1e-24 * std::max(diag, 1e-300)) break;
    for (std::size_t p = 0; p < l; ++p)
      for (std::size_t q = p + 1; q < l; ++q) {
        const double apq = m[p * l + q];
        if (std::fabs(apq) < 1e-300) continue;
        const double theta = (m[q * l + q] - m[p * l + p]) / (2 * apq);
        const double t = (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
        const double c = 1 / std::sqrt(t * t + 1), s = t * c;
        for (std::size_t k = 0; k < l; ++k) {  // columns p and q
          const double kp = m[k * l + p], kq = m[k * l + q];
          m[k * l + p] = c * kp - s * kq;
          m[k * l + q] = s * kp + c * kq;
        }
        for (std::size_t k = 0; k < l; ++k) {  // rows p and q
          const double pk = m[p * l + k], qk = m[q * l + k];
          m[p * l + k] = c * pk - s * qk;
          m[q * l + k] = s * pk + c * qk;
        }
        for (std::size_t k = 0; k < l; ++k) {
          const double kp = (*v)[k * l + p], kq = (*v)[k * l + q];
          (*v)[k * l + p] = c * kp - s * kq;
          (*v)[k * l + q] = s * kp + c * kq;
        }
      }
  }
}

}  // namespace

WordVectors WordVectors::Learn(const std::vector<std::vector<std::uint64_t>>& sentences,
                               const WordVectorOptions& options,
                               const std::function<void(const std::string&)>& progress) {
  const auto say = [&](const std::string& line) {
    if (progress) progress(line);
  };
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
  const auto dims = static_cast<std::size_t>(std::max(1, options.dims));
  if (n <= dims) return WordVectors();
  std::unordered_map<std::uint64_t, std::uint32_t> row;
  for (std::size_t i = 0; i < n; ++i) row[ranked[i].second] = static_cast<std::uint32_t>(i);
  const std::size_t k = std::min(options.contexts, n);
  const std::size_t cols = options.separate_sides ? 2 * k : k;

  // Co-occurrence counts as sorted (row, column) keys, then compressed rows.
  std::vector<std::uint64_t> keys;
  std::vector<std::int64_t> ids;
  for (const auto& s : sentences) {
    ids.resize(s.size());
    for (std::size_t j = 0; j < s.size(); ++j) {
      const auto it = row.find(s[j]);
      ids[j] = it == row.end() ? -1 : static_cast<std::int64_t>(it->second);
    }
    const auto len = static_cast<std::int64_t>(s.size());
    for (std::int64_t j = 0; j < len; ++j) {
      if (ids[j] < 0) continue;
      for (std::int64_t d = -options.window; d <= options.window; ++d) {
        if (d == 0 || j + d < 0 || j + d >= len) continue;
        const std::int64_t c = ids[j + d];
        if (c < 0 || c >= static_cast<std::int64_t>(k)) continue;
        const std::size_t column = options.separate_sides && d > 0 ? k + c : c;
        keys.push_back(static_cast<std::uint64_t>(ids[j]) * cols + column);
      }
    }
  }
  std::sort(keys.begin(), keys.end());
  Csr m;
  m.rows = n;
  m.cols = cols;
  m.begin.assign(n + 1, 0);
  std::vector<double> row_sum(n, 0.0), col_sum(cols, 0.0);
  for (std::size_t i = 0; i < keys.size();) {
    std::size_t j = i;
    while (j < keys.size() && keys[j] == keys[i]) ++j;
    const std::size_t r = keys[i] / cols, c = keys[i] % cols;
    const auto count = static_cast<double>(j - i);
    m.col.push_back(static_cast<std::uint32_t>(c));
    m.value.push_back(static_cast<float>(count));
    ++m.begin[r + 1];
    row_sum[r] += count;
    col_sum[c] += count;
    i = j;
  }
  keys = std::vector<std::uint64_t>();
  for (std::size_t r = 0; r < n; ++r) m.begin[r + 1] += m.begin[r];

  // Positive PMI with smoothed context probabilities; zero cells dropped.
  double smoothed_total = 0;
  std::vector<double> context_p(cols);
  for (std::size_t c = 0; c < cols; ++c)
    smoothed_total += context_p[c] = std::pow(col_sum[c], options.context_smoothing);
  for (double& p : context_p) p /= smoothed_total;
  Csr ppmi;
  ppmi.rows = n;
  ppmi.cols = cols;
  ppmi.begin.assign(n + 1, 0);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t i = m.begin[r]; i < m.begin[r + 1]; ++i) {
      const double pmi = std::log(m.value[i] / (row_sum[r] * context_p[m.col[i]]));
      if (pmi <= 0) continue;
      ppmi.col.push_back(m.col[i]);
      ppmi.value.push_back(static_cast<float>(pmi));
    }
    ppmi.begin[r + 1] = ppmi.col.size();
  }
  m = Csr();
  say("vectors: " + std::to_string(n) + " words, " + std::to_string(cols) + " context columns, " +
      std::to_string(ppmi.col.size()) + " positive PMI cells");

  // Randomized range finder with power iterations.
  const std::size_t l =
      std::min(dims + static_cast<std::size_t>(std::max(0, options.oversample)), std::min(n, cols));
  std::vector<double> omega(cols * l);
  std::mt19937 rng(options.seed);
  for (double& x : omega) x = (rng() & 1) != 0 ? 1.0 : -1.0;
  std::vector<double> y, z;
  Multiply(ppmi, omega, l, &y);
  omega = std::vector<double>();
  Orthonormalize(&y, n, l);
  for (int it = 0; it < options.power_iterations; ++it) {
    MultiplyTransposed(ppmi, y, l, &z);
    Orthonormalize(&z, cols, l);
    Multiply(ppmi, z, l, &y);
    Orthonormalize(&y, n, l);
  }
  // B = Qᵀ M; B Bᵀ = Zᵀ Z with Z = Mᵀ Q; its eigenvectors W give U = Q W.
  MultiplyTransposed(ppmi, y, l, &z);
  std::vector<double> gram(l * l, 0.0);
  for (std::size_t c = 0; c < cols; ++c) {
    const double* zc = z.data() + c * l;
    for (std::size_t i = 0; i < l; ++i)
      for (std::size_t j = 0; j < l; ++j) gram[i * l + j] += zc[i] * zc[j];
  }
  std::vector<double> w;
  JacobiEigen(&gram, l, &w);
  std::vector<std::size_t> order(l);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return gram[a * l + a] > gram[b * l + b]; });
  const std::size_t kept = std::min(dims, l);
  std::vector<double> factor(kept);
  for (std::size_t d = 0; d < kept; ++d) {
    const double sigma = std::sqrt(std::max(0.0, gram[order[d] * l + order[d]]));
    factor[d] = std::pow(sigma, options.singular_power);
  }
  say("vectors: singular values " + std::to_string(std::sqrt(std::max(0.0, gram[order[0] * l + order[0]]))) +
      " … " + std::to_string(std::sqrt(std::max(0.0, gram[order[kept - 1] * l + order[kept - 1]]))));

  // Rows of U_k Σ^p, each scaled to length sqrt(dims), then int8.
  std::vector<double> vec(n * kept, 0.0);
  double max_abs = 0;
  for (std::size_t r = 0; r < n; ++r) {
    double* out = vec.data() + r * kept;
    const double* q = y.data() + r * l;
    double norm = 0;
    for (std::size_t d = 0; d < kept; ++d) {
      double u = 0;
      for (std::size_t i = 0; i < l; ++i) u += q[i] * w[i * l + order[d]];
      out[d] = u * factor[d];
      norm += out[d] * out[d];
    }
    const double scale = norm > 0 ? std::sqrt(static_cast<double>(kept) / norm) : 0.0;
    for (std::size_t d = 0; d < kept; ++d) max_abs = std::max(max_abs, std::fabs(out[d] *= scale));
  }
  WordVectors v;
  v.dims_ = static_cast<int>(kept);
  v.scale_ = max_abs > 0 ? static_cast<float>(max_abs / 127.0) : 1.0f;
  std::vector<std::size_t> by_id(n);
  std::iota(by_id.begin(), by_id.end(), 0);
  std::sort(by_id.begin(), by_id.end(),
            [&](std::size_t a, std::size_t b) { return ranked[a].second < ranked[b].second; });
  v.words_.reserve(n);
  v.values_.reserve(n * kept);
  for (std::size_t r : by_id) {
    v.words_.push_back(ranked[r].second);
    for (std::size_t d = 0; d < kept; ++d) {
      const double q = std::round(vec[r * kept + d] / v.scale_);
      v.values_.push_back(static_cast<std::int8_t>(std::clamp(q, -127.0, 127.0)));
    }
  }
  v.Index();
  return v;
}

void WordVectors::Index() {
  std::size_t size = 16;
  while (size < words_.size() * 2) size *= 2;
  slots_.assign(size, kEmpty);
  for (std::size_t s = 0; s < words_.size(); ++s) {
    std::size_t i = words_[s] & (size - 1);
    while (slots_[i] != kEmpty) i = (i + 1) & (size - 1);
    slots_[i] = static_cast<std::uint32_t>(s);
  }
}

void WordVectors::Serialize(ByteWriter* out) const {
  out->PutU32(static_cast<std::uint32_t>(dims_));
  out->PutF32(scale_);
  out->PutVector(words_);
  out->PutVector(values_);
}

Result<WordVectors> WordVectors::Deserialize(ByteReader* in) {
  WordVectors v;
  std::uint32_t dims = 0;
  HEARSAY_RETURN_IF_ERROR(in->GetU32(&dims));
  HEARSAY_RETURN_IF_ERROR(in->GetF32(&v.scale_));
  HEARSAY_RETURN_IF_ERROR(in->GetVector(&v.words_));
  HEARSAY_RETURN_IF_ERROR(in->GetVector(&v.values_));
  const auto corrupt = [](const char* why) {
    return Status(StatusCode::kCorruptModel, std::string("word vectors: ") + why);
  };
  if (dims > 4096) return corrupt("bad dimension");
  if (!std::isfinite(v.scale_) || v.scale_ < 0) return corrupt("bad scale");
  if (v.values_.size() != v.words_.size() * dims) return corrupt("values and words differ in number");
  if (!v.words_.empty() && dims == 0) return corrupt("words without dimensions");
  for (std::size_t i = 0; i < v.words_.size(); ++i)
    if (v.words_[i] == 0 || (i > 0 && v.words_[i] <= v.words_[i - 1]))
      return corrupt("words not sorted, duplicated or empty");
  v.dims_ = static_cast<int>(dims);
  v.Index();
  return v;
}

}  // namespace hearsay::nlp
