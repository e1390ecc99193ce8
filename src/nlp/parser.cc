#include "nlp/parser.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>
#include <limits>
#include <span>

namespace hearsay::nlp {
namespace {

// Special tag atoms (parser tag ids are 0..tags.size(); tags.size() is
// "unknown").
constexpr std::uint32_t kTagRoot = 0xFFFE;
constexpr std::uint32_t kTagNone = 0xFFFF;
constexpr std::uint64_t kLabelNone = 0xFF;
// Word atoms of the root and of an absent position.
constexpr std::uint64_t kWordRoot = 0x524F4F54524F4F54ULL;
constexpr std::uint64_t kWordNone = 0x4E4F4E454E4F4E45ULL;

// Cluster atoms of the root and of an absent position (kNoCluster is a
// word without a cluster).
constexpr std::uint32_t kClusterRoot = 0xFFFE;
constexpr std::uint32_t kClusterNone = 0xFFFD;

const WordAtoms kNoneAtoms = {kWordNone,   HashCombine(kWordNone, kTagNone), kTagNone, kTagNone, kClusterNone,
                              kClusterNone};

}  // namespace

// ---------------------------------------------------------------------------
// Transition system.

void ArcEagerState::Reset(int n, int root_label) {
  n_ = n;
  b_ = 1;
  root_label_ = root_label;
  const auto size = static_cast<std::size_t>(n + 1);
  stack_.clear();
  stack_.reserve(size);
  stack_.push_back(0);
  in_stack_.assign(size, 0);
  in_stack_[0] = 1;
  unshifted_ = kNone;
  head_.assign(size, kNone);
  label_.assign(size, kNone);
  left1_.assign(size, kNone);
  left2_.assign(size, kNone);
  right1_.assign(size, kNone);
  right2_.assign(size, kNone);
  left_count_.assign(size, 0);
  right_count_.assign(size, 0);
  left_labels_.assign(size, 0);
  right_labels_.assign(size, 0);
}

bool ArcEagerState::CanApply(Move move) const {
  const int s = stack_.back();
  switch (move) {
    case kShift: return b_ <= n_;
    case kReduce: return s != 0 && head_[s] != kNone;
    case kLeftArc: return Buffer(0) != kNone && s != 0 && head_[s] == kNone;
    case kRightArc: return Buffer(0) != kNone && (s != 0 || right1_[0] == kNone);
  }
  return false;
}

void ArcEagerState::AddArc(int h, int d, int label) {
  head_[d] = h;
  label_[d] = label;
  const std::uint64_t bit = std::uint64_t{1} << (static_cast<unsigned>(label) & 63u);
  if (d < h) {
    if (left1_[h] == kNone || d < left1_[h]) {
      left2_[h] = left1_[h];
      left1_[h] = d;
    } else if (left2_[h] == kNone || d < left2_[h]) {
      left2_[h] = d;
    }
    ++left_count_[h];
    left_labels_[h] |= bit;
  } else {
    if (right1_[h] == kNone || d > right1_[h]) {
      right2_[h] = right1_[h];
      right1_[h] = d;
    } else if (right2_[h] == kNone || d > right2_[h]) {
      right2_[h] = d;
    }
    ++right_count_[h];
    right_labels_[h] |= bit;
  }
}

void ArcEagerState::Apply(Move move, int label) {
  const int s = stack_.back();
  switch (move) {
    case kShift:
      stack_.push_back(b_);
      in_stack_[b_] = 1;
      ++b_;
      break;
    case kReduce:
      stack_.pop_back();
      in_stack_[s] = 0;
      break;
    case kLeftArc:
      AddArc(Buffer(0), s, label);
      stack_.pop_back();
      in_stack_[s] = 0;
      break;
    case kRightArc: {
      const int b = Buffer(0);
      AddArc(s, b, label);
      stack_.push_back(b);
      in_stack_[b] = 1;
      if (b == unshifted_) {
        unshifted_ = kNone;
      } else {
        ++b_;
      }
      break;
    }
  }
}

bool ArcEagerState::Unshift() {
  if (b_ <= n_ || unshifted_ != kNone) return false;
  // Words that have their head are done: pop them.
  while (stack_.size() > 1 && head_[stack_.back()] != kNone) {
    in_stack_[stack_.back()] = 0;
    stack_.pop_back();
  }
  if (stack_.size() <= 1) return false;
  unshifted_ = stack_.back();
  in_stack_[unshifted_] = 0;
  stack_.pop_back();
  return true;
}

void ArcEagerState::Finish(int fallback_label) {
  int root_child = right1_[0];
  for (int k = 1; k <= n_; ++k) {
    if (head_[k] != kNone) continue;
    if (root_child == kNone) {
      AddArc(0, k, root_label_ < 0 ? fallback_label : root_label_);
      root_child = k;
    } else {
      AddArc(root_child, k, fallback_label);
    }
  }
}

int TransitionCost(const ArcEagerState& st, Move move, int label, const std::vector<int>& gold_head,
                   const std::vector<int>& gold_label) {
  const int s = st.Stack(0);
  const int b = st.Buffer(0);
  const int n = st.n();
  // Headless stack words whose gold head is b: these arcs are lost by any
  // move that takes b away from the buffer front without popping them first.
  auto stack_dependents_of = [&](int h) {
    int c = 0;
    for (int i = 0; i < st.stack_size(); ++i) {
      const int k = st.Stack(i);
      if (k != 0 && st.head(k) == ArcEagerState::kNone && gold_head[k] == h) ++c;
    }
    return c;
  };
  auto buffer_dependents_of = [&](int h) {
    int c = 0;
    for (int k = b; k <= n; ++k) c += gold_head[k] == h;
    return c;
  };
  // Whether a stack word can still become b's head: the root only while it
  // has no dependent.
  auto can_head_from_stack = [&](int h) {
    return st.InStack(h) && (h != 0 || st.rightmost(0) == ArcEagerState::kNone);
  };
  switch (move) {
    case kShift: return (can_head_from_stack(gold_head[b]) ? 1 : 0) + stack_dependents_of(b);
    case kReduce: return b == ArcEagerState::kNone ? 0 : buffer_dependents_of(s);
    case kLeftArc: {
      int cost = (gold_head[s] > b ? 1 : 0) + buffer_dependents_of(s);
      if (gold_head[s] == b && label != gold_label[s]) ++cost;
      return cost;
    }
    case kRightArc: {
      const int g = gold_head[b];
      int cost = (g != s && (can_head_from_stack(g) || g > b)) ? 1 : 0;
      cost += stack_dependents_of(b);
      if (g == s && label != gold_label[b]) ++cost;
      if (s == 0 && g != 0) {
        // The root takes one dependent: the gold root word, if still in the
        // buffer, can no longer get its arc.
        for (int k = b + 1; k <= n; ++k) cost += gold_head[k] == 0;
      }
      return cost;
    }
  }
  return 0;
}

bool IsProjective(const std::vector<int>& heads) {
  const int n = static_cast<int>(heads.size()) - 1;
  for (int d = 1; d <= n; ++d) {
    const int lo1 = std::min(d, heads[d]), hi1 = std::max(d, heads[d]);
    for (int e = d + 1; e <= n; ++e) {
      const int lo2 = std::min(e, heads[e]), hi2 = std::max(e, heads[e]);
      // Two arcs cross when exactly one end of one lies strictly inside the other.
      if ((lo1 < lo2 && lo2 < hi1 && hi1 < hi2) || (lo2 < lo1 && lo1 < hi2 && hi2 < hi1)) return false;
    }
  }
  return true;
}

int Projectivize(std::vector<int>* heads_ptr) {
  std::vector<int>& heads = *heads_ptr;
  const int n = static_cast<int>(heads.size()) - 1;
  std::vector<int> original = heads;
  auto dominates = [&](int h, int k) {
    for (int steps = 0; k != 0 && steps <= n; ++steps) {
      k = heads[k];
      if (k == h) return true;
    }
    return h == 0;
  };
  while (true) {
    // The shortest non-projective arc: one spanning a word its head does
    // not dominate.
    int best = -1, best_len = std::numeric_limits<int>::max();
    for (int d = 1; d <= n; ++d) {
      const int h = heads[d];
      const int lo = std::min(d, h), hi = std::max(d, h);
      if (hi - lo >= best_len) continue;
      for (int k = lo + 1; k < hi; ++k) {
        if (!dominates(h, k)) {
          best = d;
          best_len = hi - lo;
          break;
        }
      }
    }
    if (best < 0) break;
    heads[best] = heads[heads[best]];  // a non-projective arc never hangs from the root
  }
  int changed = 0;
  for (int d = 1; d <= n; ++d) changed += heads[d] != original[d];
  return changed;
}

// ---------------------------------------------------------------------------
// Features (Zhang & Nivre 2011, Table 1 and 2).

namespace {

inline std::uint64_t DistanceBucket(int d) {
  if (d <= 4) return static_cast<std::uint64_t>(d);
  if (d <= 6) return 5;
  if (d <= 9) return 6;
  return 7;
}

inline std::uint64_t Tags3(std::uint32_t a, std::uint32_t b, std::uint32_t c) {
  return std::uint64_t{a} | (std::uint64_t{b} << 16) | (std::uint64_t{c} << 32);
}

// Templates (indices into ExtractFeatures' output) that read only the
// buffer: n0, n1, n2 and n0's left children (leftmost two, their labels,
// valency and label set). A word's left children are only ever added to,
// so n0, n1, n2 and n0's left valency determine these keys.
constexpr int kBufferTemplates[] = {3,  4,  5,  6,  7,  8,  9,  10, 11, 19, 20, 36, 37, 47,
                                    48, 49, 59, 60, 61, 65, 70, 71, 73, 74, 77, 81, 82};
// Templates that read only the stack top s0, its head and head's head
// (with their labels) and s0's left children. Heads and labels never
// change once set, so s0, its head, its head's head and its left valency
// determine these keys.
constexpr int kTopTemplates[] = {0,  1,  2,  34, 35, 38, 39, 40, 41, 42, 43, 50,
                                 51, 52, 53, 54, 55, 62, 64, 68, 69, 72, 80};
constexpr int kNumBufferTemplates = static_cast<int>(std::size(kBufferTemplates));
constexpr int kNumTopTemplates = static_cast<int>(std::size(kTopTemplates));
constexpr int kNumOtherTemplates = kNumParserFeatures - kNumBufferTemplates - kNumTopTemplates;

// The templates in neither group, read anew for every transition.
constexpr std::array<int, kNumOtherTemplates> OtherTemplates() {
  std::array<bool, kNumParserFeatures> grouped{};
  for (int t : kBufferTemplates) grouped[t] = true;
  for (int t : kTopTemplates) grouped[t] = true;
  std::array<int, kNumOtherTemplates> out{};
  int n = 0;
  for (int t = 0; t < kNumParserFeatures; ++t)
    if (!grouped[t]) out[n++] = t;
  return out;
}
constexpr std::array<int, kNumOtherTemplates> kOtherTemplates = OtherTemplates();

// The keys of the templates `indices` of `all`, in that order, into out.
void Gather(const FeatureKey* all, std::span<const int> indices, FeatureKey* out) {
  for (std::size_t i = 0; i < indices.size(); ++i) out[i] = all[indices[i]];
}

}  // namespace

void ExtractFeatures(const ArcEagerState& st, const WordAtoms* atoms, FeatureKey* out) {
  auto at = [&](int i) -> const WordAtoms& { return i < 0 ? kNoneAtoms : atoms[i]; };
  auto lab = [&](int i) -> std::uint64_t {
    return i < 0 || st.label(i) < 0 ? kLabelNone : static_cast<std::uint64_t>(st.label(i));
  };
  const int s0 = st.Stack(0), s1 = st.Stack(1), n0 = st.Buffer(0), n1 = st.Buffer(1), n2 = st.Buffer(2);
  const int s0h = s0 >= 0 ? st.head(s0) : -1;
  const int s0h2 = s0h >= 0 ? st.head(s0h) : -1;
  const int s0l = s0 >= 0 ? st.leftmost(s0) : -1, s0l2 = s0 >= 0 ? st.leftmost2(s0) : -1;
  const int s0r = s0 >= 0 ? st.rightmost(s0) : -1, s0r2 = s0 >= 0 ? st.rightmost2(s0) : -1;
  const int n0l = n0 >= 0 ? st.leftmost(n0) : -1, n0l2 = n0 >= 0 ? st.leftmost2(n0) : -1;
  const WordAtoms &S0 = at(s0), &S1 = at(s1), &N0 = at(n0), &N1 = at(n1), &N2 = at(n2);
  const WordAtoms &S0h = at(s0h), &S0h2 = at(s0h2), &S0l = at(s0l), &S0l2 = at(s0l2), &S0r = at(s0r),
                  &S0r2 = at(s0r2), &N0l = at(n0l), &N0l2 = at(n0l2);
  const std::uint64_t dist = (s0 >= 0 && n0 >= 0) ? DistanceBucket(n0 - s0) : 0;
  const std::uint64_t s0vl = s0 >= 0 ? std::min(st.left_valency(s0), 7) : 0;
  const std::uint64_t s0vr = s0 >= 0 ? std::min(st.right_valency(s0), 7) : 0;
  const std::uint64_t n0vl = n0 >= 0 ? std::min(st.left_valency(n0), 7) : 0;
  const std::uint64_t s0sl = s0 >= 0 ? st.left_labels(s0) : 0, s0sr = s0 >= 0 ? st.right_labels(s0) : 0;
  const std::uint64_t n0sl = n0 >= 0 ? st.left_labels(n0) : 0;

  std::uint32_t t = 0;
  FeatureKey* f = out;
  // Single words.
  *f++ = MakeFeature(t++, S0.word_tag);
  *f++ = MakeFeature(t++, S0.word);
  *f++ = MakeFeature(t++, S0.tag);
  *f++ = MakeFeature(t++, N0.word_tag);
  *f++ = MakeFeature(t++, N0.word);
  *f++ = MakeFeature(t++, N0.tag);
  *f++ = MakeFeature(t++, N1.word_tag);
  *f++ = MakeFeature(t++, N1.word);
  *f++ = MakeFeature(t++, N1.tag);
  *f++ = MakeFeature(t++, N2.word_tag);
  *f++ = MakeFeature(t++, N2.word);
  *f++ = MakeFeature(t++, N2.tag);
  // Word pairs.
  *f++ = MakeFeature(t++, S0.word_tag, N0.word_tag);
  *f++ = MakeFeature(t++, S0.word_tag, N0.word);
  *f++ = MakeFeature(t++, S0.word, N0.word_tag);
  *f++ = MakeFeature(t++, S0.word_tag, N0.tag);
  *f++ = MakeFeature(t++, S0.tag, N0.word_tag);
  *f++ = MakeFeature(t++, S0.word, N0.word);
  *f++ = MakeFeature(t++, Tags3(S0.tag, N0.tag, 0));
  *f++ = MakeFeature(t++, Tags3(N0.tag, N1.tag, 0));
  // Three words.
  *f++ = MakeFeature(t++, Tags3(N0.tag, N1.tag, N2.tag));
  *f++ = MakeFeature(t++, Tags3(S0.tag, N0.tag, N1.tag));
  *f++ = MakeFeature(t++, Tags3(S0h.tag, S0.tag, N0.tag));
  *f++ = MakeFeature(t++, Tags3(S0.tag, S0l.tag, N0.tag));
  *f++ = MakeFeature(t++, Tags3(S0.tag, S0r.tag, N0.tag));
  *f++ = MakeFeature(t++, Tags3(S0.tag, N0.tag, N0l.tag));
  // Distance.
  *f++ = MakeFeature(t++, S0.word, dist);
  *f++ = MakeFeature(t++, S0.tag, dist);
  *f++ = MakeFeature(t++, N0.word, dist);
  *f++ = MakeFeature(t++, N0.tag, dist);
  *f++ = MakeFeature(t++, HashCombine(S0.word, N0.word), dist);
  *f++ = MakeFeature(t++, Tags3(S0.tag, N0.tag, 0), dist);
  // Valency.
  *f++ = MakeFeature(t++, S0.word, s0vr);
  *f++ = MakeFeature(t++, S0.tag, s0vr);
  *f++ = MakeFeature(t++, S0.word, s0vl);
  *f++ = MakeFeature(t++, S0.tag, s0vl);
  *f++ = MakeFeature(t++, N0.word, n0vl);
  *f++ = MakeFeature(t++, N0.tag, n0vl);
  // Unigrams of heads and children.
  *f++ = MakeFeature(t++, S0h.word);
  *f++ = MakeFeature(t++, S0h.tag);
  *f++ = MakeFeature(t++, lab(s0));
  *f++ = MakeFeature(t++, S0l.word);
  *f++ = MakeFeature(t++, S0l.tag);
  *f++ = MakeFeature(t++, lab(s0l));
  *f++ = MakeFeature(t++, S0r.word);
  *f++ = MakeFeature(t++, S0r.tag);
  *f++ = MakeFeature(t++, lab(s0r));
  *f++ = MakeFeature(t++, N0l.word);
  *f++ = MakeFeature(t++, N0l.tag);
  *f++ = MakeFeature(t++, lab(n0l));
  // Third order.
  *f++ = MakeFeature(t++, S0h2.word);
  *f++ = MakeFeature(t++, S0h2.tag);
  *f++ = MakeFeature(t++, lab(s0h));
  *f++ = MakeFeature(t++, S0l2.word);
  *f++ = MakeFeature(t++, S0l2.tag);
  *f++ = MakeFeature(t++, lab(s0l2));
  *f++ = MakeFeature(t++, S0r2.word);
  *f++ = MakeFeature(t++, S0r2.tag);
  *f++ = MakeFeature(t++, lab(s0r2));
  *f++ = MakeFeature(t++, N0l2.word);
  *f++ = MakeFeature(t++, N0l2.tag);
  *f++ = MakeFeature(t++, lab(n0l2));
  *f++ = MakeFeature(t++, Tags3(S0.tag, S0l.tag, S0l2.tag));
  *f++ = MakeFeature(t++, Tags3(S0.tag, S0r.tag, S0r2.tag));
  *f++ = MakeFeature(t++, Tags3(S0.tag, S0h.tag, S0h2.tag));
  *f++ = MakeFeature(t++, Tags3(N0.tag, N0l.tag, N0l2.tag));
  // Label sets.
  *f++ = MakeFeature(t++, S0.word, s0sr);
  *f++ = MakeFeature(t++, S0.tag, s0sr);
  *f++ = MakeFeature(t++, S0.word, s0sl);
  *f++ = MakeFeature(t++, S0.tag, s0sl);
  *f++ = MakeFeature(t++, N0.word, n0sl);
  *f++ = MakeFeature(t++, N0.tag, n0sl);
  // UPOS: what XPOS does not say (AUX vs VERB, DET vs PRON, PROPN), and a
  // coarser back-off when the tagger confuses fine tags.
  *f++ = MakeFeature(t++, S0.upos);
  *f++ = MakeFeature(t++, N0.upos);
  *f++ = MakeFeature(t++, N1.upos);
  *f++ = MakeFeature(t++, Tags3(S0.upos, N0.upos, 0));
  *f++ = MakeFeature(t++, Tags3(S0.upos, N0.upos, N1.upos));
  *f++ = MakeFeature(t++, Tags3(N0.upos, N1.upos, N2.upos));
  *f++ = MakeFeature(t++, Tags3(S0h.upos, S0.upos, N0.upos));
  *f++ = MakeFeature(t++, Tags3(S0.upos, N0.upos, 0), dist);
  // Word clusters (learned from unlabelled news): a back-off for words too
  // rare in the treebank to keep weights of their own.
  *f++ = MakeFeature(t++, S0.cluster);
  *f++ = MakeFeature(t++, N0.cluster);
  *f++ = MakeFeature(t++, N1.cluster);
  *f++ = MakeFeature(t++, Tags3(S0.cluster, N0.cluster, 0));
  *f++ = MakeFeature(t++, Tags3(S0.cluster, N0.tag, 0));
  *f++ = MakeFeature(t++, Tags3(S0.tag, N0.cluster, 0));
  *f++ = MakeFeature(t++, Tags3(S0.coarse, N0.coarse, N1.coarse));
  *f++ = MakeFeature(t++, Tags3(S0h.cluster, S0.tag, N0.tag));
  // Words paired with the other's UPOS.
  *f++ = MakeFeature(t++, S0.word, N0.upos);
  *f++ = MakeFeature(t++, N0.word, S0.upos);
  // The second stack item: S0's head when S0 has one, else an earlier word
  // still waiting for its head; it tells REDUCE from LEFT-ARC and SHIFT.
  *f++ = MakeFeature(t++, S1.word);
  *f++ = MakeFeature(t++, S1.tag);
  *f++ = MakeFeature(t++, Tags3(S1.tag, S0.tag, N0.tag));
  *f++ = MakeFeature(t++, Tags3(S1.upos, S0.upos, N0.upos));
}

// ---------------------------------------------------------------------------
// Model.

ParserModel::ParserModel(LabelSet deprels, LabelSet tags, LabelSet upos, WordClusters clusters,
                         PerceptronModel weights)
    : deprels_(std::move(deprels)),
      tags_(std::move(tags)),
      upos_(std::move(upos)),
      clusters_(std::move(clusters)),
      weights_(std::move(weights)) {
  auto names = std::make_shared<std::vector<std::string>>();
  for (int i = 0; i < deprels_.size(); ++i) names->push_back(deprels_.Name(i));
  deprel_names_ = std::move(names);
  root_label_ = deprels_.Find("root");
  const int dep = deprels_.Find("dep");
  fallback_label_ = dep >= 0 ? dep : 0;
}

ModelWriter ParserModel::Writer(const std::string& description) const {
  ModelWriter writer(std::string(kParserKind), description);
  ByteWriter meta;
  meta.PutU32(kParserSectionVersion);
  meta.PutU32(static_cast<std::uint32_t>(kNumParserFeatures));
  writer.AddSection("parser.meta", meta.Release());
  ByteWriter deprels;
  deprels_.Serialize(&deprels);
  writer.AddSection("parser.deprels", deprels.Release());
  ByteWriter tags;
  tags_.Serialize(&tags);
  writer.AddSection("parser.tags", tags.Release());
  ByteWriter upos;
  upos_.Serialize(&upos);
  writer.AddSection("parser.upos", upos.Release());
  ByteWriter clusters;
  clusters_.Serialize(&clusters);
  writer.AddSection("parser.clusters", clusters.Release());
  ByteWriter weights;
  weights_.Serialize(&weights);
  writer.AddSection("parser.weights", weights.Release());
  return writer;
}

std::string ParserModel::Serialize(const std::string& description) const {
  return Writer(description).Serialize();
}

Status ParserModel::Save(const std::string& path, const std::string& description) const {
  return Writer(description).WriteFile(path);
}

Result<ParserModel> ParserModel::FromFile(const ModelFile& file, const std::string& name) {
  auto prefix = [&](const std::string& section) { return name + ": section '" + section + "': "; };
  auto meta = file.Section("parser.meta");
  if (!meta.ok()) return meta.status();
  std::uint32_t version = 0, templates = 0;
  HEARSAY_RETURN_IF_ERROR(meta->GetU32(&version));
  if (version != kParserSectionVersion)
    return Status(StatusCode::kVersionMismatch,
                  prefix("parser.meta") + "parser model layout version " + std::to_string(version) +
                      ", this build reads version " + std::to_string(kParserSectionVersion) +
                      " (retrain with `hearsay train parser` or use a matching hearsay)");
  HEARSAY_RETURN_IF_ERROR(meta->GetU32(&templates));
  HEARSAY_RETURN_IF_ERROR(meta->ExpectEnd());
  if (templates != static_cast<std::uint32_t>(kNumParserFeatures))
    return Status(StatusCode::kVersionMismatch, prefix("parser.meta") + std::to_string(templates) +
                                                    " feature templates, this build has " +
                                                    std::to_string(kNumParserFeatures));
  auto read_labels = [&](const char* section) -> Result<LabelSet> {
    auto reader = file.Section(section);
    if (!reader.ok()) return reader.status();
    auto set = LabelSet::Deserialize(&reader.value());
    if (!set.ok()) return Status(set.status().code(), prefix(section) + set.status().message());
    const Status end = reader->ExpectEnd();
    if (!end.ok()) return end;
    return set;
  };
  auto deprels = read_labels("parser.deprels");
  if (!deprels.ok()) return deprels.status();
  auto tags = read_labels("parser.tags");
  if (!tags.ok()) return tags.status();
  if (deprels->size() == 0 || deprels->size() > 4000)
    return Status(StatusCode::kCorruptModel, prefix("parser.deprels") + "bad number of labels");
  if (tags->size() >= static_cast<int>(kTagRoot))
    return Status(StatusCode::kCorruptModel, prefix("parser.tags") + "too many tags");
  auto upos = read_labels("parser.upos");
  if (!upos.ok()) return upos.status();
  if (upos->size() >= static_cast<int>(kTagRoot))
    return Status(StatusCode::kCorruptModel, prefix("parser.upos") + "too many tags");
  auto clusters_reader = file.Section("parser.clusters");
  if (!clusters_reader.ok()) return clusters_reader.status();
  auto clusters = WordClusters::Deserialize(&clusters_reader.value());
  if (!clusters.ok())
    return Status(clusters.status().code(), prefix("parser.clusters") + clusters.status().message());
  HEARSAY_RETURN_IF_ERROR(clusters_reader->ExpectEnd());
  auto reader = file.Section("parser.weights");
  if (!reader.ok()) return reader.status();
  auto weights = PerceptronModel::Deserialize(&reader.value());
  if (!weights.ok())
    return Status(weights.status().code(), prefix("parser.weights") + weights.status().message());
  HEARSAY_RETURN_IF_ERROR(reader->ExpectEnd());
  if (weights->num_classes() != NumClasses(deprels->size()))
    return Status(StatusCode::kCorruptModel, prefix("parser.weights") +
                                                 std::to_string(weights->num_classes()) + " classes for " +
                                                 std::to_string(deprels->size()) + " labels");
  return ParserModel(std::move(deprels).value(), std::move(tags).value(), std::move(upos).value(),
                     std::move(clusters).value(), std::move(weights).value());
}

Result<ParserModel> ParserModel::FromImage(std::string image, const std::string& name) {
  auto file = ModelFile::Parse(std::move(image), name, kParserKind);
  if (!file.ok()) return file.status();
  return FromFile(file.value(), name);
}

Result<ParserModel> ParserModel::Load(const std::string& path) {
  auto file = ModelFile::Load(path, kParserKind);
  if (!file.ok()) return file.status();
  return FromFile(file.value(), path);
}

ParserModel::TagMap ParserModel::MapTags(const Document& doc) const {
  auto map = [](const LabelSet& set, const LabelNames& names) {
    std::vector<std::uint32_t> out;
    const auto unknown = static_cast<std::uint32_t>(set.size());
    if (names) {
      out.reserve(names->size());
      for (const std::string& name : *names) {
        const int id = set.Find(name);
        out.push_back(id < 0 ? unknown : static_cast<std::uint32_t>(id));
      }
    }
    return out;
  };
  return {map(tags_, doc.xpos_names), map(upos_, doc.upos_names)};
}

void ParserModel::ComputeAtoms(const Document& doc, std::uint32_t first, int n, const TagMap& tag_map,
                               WordAtoms* atoms) const {
  atoms[0] = {kWordRoot, HashCombine(kWordRoot, kTagRoot), kTagRoot, kTagRoot, kClusterRoot, kClusterRoot};
  const auto unknown = static_cast<std::uint32_t>(tags_.size());
  const auto unknown_upos = static_cast<std::uint32_t>(upos_.size());
  char lower[64];
  for (int k = 1; k <= n; ++k) {
    const std::uint32_t i = first + static_cast<std::uint32_t>(k - 1);
    const std::string_view norm = doc.token_norm(i);
    std::uint64_t word;
    if (norm.size() <= sizeof lower) {
      for (std::size_t c = 0; c < norm.size(); ++c) {
        const char ch = norm[c];
        lower[c] = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch + ('a' - 'A')) : ch;
      }
      word = HashString(std::string_view(lower, norm.size()));
    } else {
      word = HashString(norm);  // very long tokens (URLs): case kept
    }
    const std::uint16_t x = i < doc.xpos.size() ? doc.xpos[i] : kNoLabel;
    const std::uint32_t tag = x < tag_map.xpos.size() ? tag_map.xpos[x] : unknown;
    const std::uint16_t u = i < doc.upos.size() ? doc.upos[i] : kNoLabel;
    const std::uint32_t upos = u < tag_map.upos.size() ? tag_map.upos[u] : unknown_upos;
    // The same lower-cased word id as the tagger's (ASCII case folding).
    const WordClusters::Entry* e = clusters_.Find(word);
    atoms[k] = {word, HashCombine(word, tag),   tag,
                upos, e ? e->fine : kNoCluster, e ? e->coarse : kNoCluster};
  }
}

void ParserModel::ParseSentence(const Document& doc, TokenRange sentence, const TagMap& tag_map,
                                Scratch* scratch) const {
  const int n = static_cast<int>(sentence.size());
  const int num_labels = deprels_.size();
  const auto num_classes = static_cast<std::size_t>(NumClasses(num_labels));
  scratch->atoms.resize(static_cast<std::size_t>(n) + 1);
  scratch->sums.resize(num_classes);
  scratch->buffer_sums.resize(num_classes);
  scratch->buffer_key = {-2, -2, -2, -2};
  if (scratch->memoize) {
    scratch->top_sums.resize((static_cast<std::size_t>(n) + 1) * num_classes);
    scratch->top_key.assign(static_cast<std::size_t>(n) + 1, {-2, -2, -2});
  }
  ComputeAtoms(doc, sentence.first, n, tag_map, scratch->atoms.data());
  ArcEagerState& st = scratch->state;
  st.Reset(n, root_label_);
  FeatureKey features[kNumParserFeatures];
  FeatureKey group[kNumParserFeatures];
  std::int32_t* const sums = scratch->sums.data();
  const auto clear = [&](std::int32_t* v) { std::fill(v, v + num_classes, 0); };
  const auto add = [&](const std::int32_t* v) {
    for (std::size_t c = 0; c < num_classes; ++c) sums[c] += v[c];
  };
  // Parses until the buffer is empty; then, as long as a word on the stack
  // has no head, unshifts it (ArcEagerState::Unshift) and parses again.
  for (bool more = true; more; more = st.Unshift()) {
    while (!st.terminal()) {
      ExtractFeatures(st, scratch->atoms.data(), features);
      clear(sums);
      const int s0 = st.Stack(0), n0 = st.Buffer(0);
      if (!scratch->memoize || s0 < 0) {
        weights_.ScoreRaw(features, sums);
      } else {
        Gather(features, kOtherTemplates, group);
        weights_.ScoreRaw(std::span<const FeatureKey>(group, kNumOtherTemplates), sums);
        const std::array<int, 4> buffer_key = {n0, st.Buffer(1), st.Buffer(2),
                                               n0 >= 0 ? st.left_valency(n0) : 0};
        if (buffer_key != scratch->buffer_key) {
          Gather(features, kBufferTemplates, group);
          clear(scratch->buffer_sums.data());
          weights_.ScoreRaw(std::span<const FeatureKey>(group, kNumBufferTemplates),
                            scratch->buffer_sums.data());
          scratch->buffer_key = buffer_key;
        }
        add(scratch->buffer_sums.data());
        const int s0h = st.head(s0);
        const std::array<int, 3> top_key = {s0h, s0h >= 0 ? st.head(s0h) : -1, st.left_valency(s0)};
        std::int32_t* top_sums = scratch->top_sums.data() + static_cast<std::size_t>(s0) * num_classes;
        if (top_key != scratch->top_key[static_cast<std::size_t>(s0)]) {
          Gather(features, kTopTemplates, group);
          clear(top_sums);
          weights_.ScoreRaw(std::span<const FeatureKey>(group, kNumTopTemplates), top_sums);
          scratch->top_key[static_cast<std::size_t>(s0)] = top_key;
        }
        add(top_sums);
      }
      // The best allowed class. SHIFT is allowed whenever the loop runs
      // except after an unshift, when nothing may be allowed: the root
      // already has its dependent and is all that is left on the stack.
      // (Comparing the integer sums is comparing the scores: the model's
      // scale is positive.)
      int best = -1;
      std::int32_t best_score = 0;
      if (st.CanApply(kShift)) {
        best = kShift;
        best_score = sums[kShift];
      }
      if (st.CanApply(kReduce) && (best < 0 || sums[kReduce] > best_score)) {
        best = kReduce;
        best_score = sums[kReduce];
      }
      if (st.CanApply(kLeftArc)) {
        for (int l = 0; l < num_labels; ++l) {
          const int c = ClassOf(kLeftArc, l);
          if (l != root_label_ && (best < 0 || sums[c] > best_score)) {
            best = c;
            best_score = sums[c];
          }
        }
      }
      if (st.CanApply(kRightArc)) {
        if (st.Stack(0) == 0 && root_label_ >= 0) {
          const int c = ClassOf(kRightArc, root_label_);
          if (best < 0 || sums[c] > best_score) best = c;
        } else {
          for (int l = 0; l < num_labels; ++l) {
            const int c = ClassOf(kRightArc, l);
            if (l != root_label_ && (best < 0 || sums[c] > best_score)) {
              best = c;
              best_score = sums[c];
            }
          }
        }
      }
      if (best < 0) break;  // stuck after an unshift: Finish attaches the word
      st.Apply(best);
    }
  }
  st.Finish(fallback_label_);
}

void ParserModel::ParseDocument(Document& doc) const {
  const std::uint32_t n = doc.num_tokens();
  if (doc.head.size() != n || doc.deprel.size() != n) {
    if (doc.upos.size() != n) {
      doc.ResizeAnnotationColumns();
    } else {
      doc.head.assign(n, kNoHead);
      doc.deprel.assign(n, kNoLabel);
    }
  }
  const TagMap tag_map = MapTags(doc);
  Scratch scratch;
  for (const TokenRange& sentence : doc.sentences) {
    if (sentence.empty()) continue;
    ParseSentence(doc, sentence, tag_map, &scratch);
    const ArcEagerState& st = scratch.state;
    for (int k = 1; k <= st.n(); ++k) {
      const std::uint32_t i = sentence.first + static_cast<std::uint32_t>(k - 1);
      const int h = st.head(k);
      doc.head[i] = h == 0 ? kNoHead : static_cast<std::int32_t>(sentence.first) + h - 1;
      doc.deprel[i] = static_cast<std::uint16_t>(st.label(k));
    }
  }
  doc.deprel_names = deprel_names_;
  doc.filled_columns |= kColHead;
  AttachRelativeClauses(doc);
}

void AttachRelativeClauses(Document& doc) {
  if (!doc.deprel_names) return;
  const auto id_of = [&](std::string_view name) -> int {
    const auto& names = *doc.deprel_names;
    const auto it = std::find(names.begin(), names.end(), name);
    return it == names.end() ? -1 : static_cast<int>(it - names.begin());
  };
  const int parataxis = id_of("parataxis"), relcl = id_of("acl:relcl"), nsubj = id_of("nsubj");
  if (parataxis < 0 || relcl < 0 || nsubj < 0) return;
  for (const TokenRange& sentence : doc.sentences) {
    for (std::uint32_t pronoun = sentence.first + 1; pronoun < sentence.last; ++pronoun) {
      if (doc.deprel[pronoun] != nsubj || doc.head[pronoun] == kNoHead) continue;
      const std::uint32_t verb = static_cast<std::uint32_t>(doc.head[pronoun]);
      if (verb <= pronoun || doc.deprel[verb] != parataxis) continue;
      const std::string_view word = doc.token_norm(pronoun);
      if (word != "who" && word != "which") continue;
      if (Document::LabelName(doc.upos_names, doc.upos[pronoun]) != "PRON") continue;
      std::uint32_t antecedent = pronoun - 1;
      if (doc.token_text(antecedent) == "," && antecedent > sentence.first) --antecedent;
      const std::string_view upos = Document::LabelName(doc.upos_names, doc.upos[antecedent]);
      if (upos != "NOUN" && upos != "PROPN") continue;
      // The sentence's heads (1-based, 0 the root) with the arc moved must
      // still form a projective tree.
      std::vector<int> heads(sentence.size() + 1, 0);
      for (std::uint32_t t = sentence.first; t < sentence.last; ++t)
        if (doc.head[t] != kNoHead) heads[t - sentence.first + 1] = doc.head[t] - sentence.first + 1;
      heads[verb - sentence.first + 1] = static_cast<int>(antecedent - sentence.first + 1);
      if (!IsProjective(heads)) continue;
      doc.head[verb] = static_cast<std::int32_t>(antecedent);
      doc.deprel[verb] = static_cast<std::uint16_t>(relcl);
    }
  }
}

// ---------------------------------------------------------------------------
// Component.

Result<std::unique_ptr<Component>> Parser::Create(const ComponentConfig& config) {
  const std::string path = config.models_dir + "/parser.hsm";
  auto model = ParserModel::Load(path);
  if (!model.ok()) return model.status();
  return std::unique_ptr<Component>(
      std::make_unique<Parser>(std::make_shared<const ParserModel>(std::move(model).value())));
}

Status Parser::Process(Document& doc) const {
  for (const TokenRange& s : doc.sentences) {
    if (s.last > doc.num_tokens() || s.first > s.last)
      return Status(StatusCode::kInvalidArgument,
                    "parser: document '" + doc.metadata().id + "' has a sentence outside its tokens");
  }
  model_->ParseDocument(doc);
  return Status::Ok();
}

}  // namespace hearsay::nlp
