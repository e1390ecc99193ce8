#include "nlp/entities.h"
#include "nlp/word_shape.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <random>
#include <span>
#include <unordered_map>

namespace hearsay::nlp {
namespace {

// ---- token features ----

// Feature templates (numbers are part of the model file: never renumber).
// Templates kWord, kSuffix2, kShapeM2, kShapeP2, kLowerM1Lower,
// kLowerLowerP1 and kKind are no longer extracted (dropping them cost no dev
// F1 and saved a third of the lookups). kPrev and kPrev2Prev depend on the
// labels only: they are not looked up per token but read from a dense table
// (EntityModel::label_scores_) built once at load.
enum Template : std::uint32_t {
  kBias = 0,
  kWord,
  kLower,
  kShape,
  kPrefix3,
  kSuffix2,
  kSuffix3,
  kSuffix4,
  kLowerM1,
  kLowerP1,
  kLowerM2,
  kLowerP2,
  kShapeM1,
  kShapeP1,
  kShapeM2,
  kShapeP2,
  kLowerM1Lower,
  kLowerLowerP1,
  kShapeTrigram,
  kGaz,
  kGazM1,
  kGazP1,
  kGazShape,
  kStartShape,
  kKind,
  kDocCase,
  kDocCaseShape,
  kDocCaseStart,
  kCluster,
  kClusterCoarse,
  kUpos = 30,
  kUposM1,
  kUposP1,
  kUposM2,
  kUposP2,
  kUposUposP1,
  kXpos,
  kPrev = 40,
  kPrev2Prev,
  kPrevLower,
  kPrevShape,
  kPrevUpos,
  kClusterM1 = 50,
  kClusterP1,
  kClusterShape,
  kCoarseM1,
  kCoarseP1,
  kPrevCluster,
  // Span typing (EntityModel::typer_).
  kSBias = 100,
  kSWord,
  kSFirst,
  kSLast,
  kSLength,
  kSShapes,
  kSSuffix3,
  kSSuffix4,
  kSGaz,
  kSGazLast,
  kSCluster,
  kSClusterLast,
  kSCoarseLast,
  kSPrev1,
  kSPrev2,
  kSNext1,
  kSNext2,
  kSPrevCluster,
  kSNextCluster,
  kSAggPrev,
  kSAggNext,
  kSStart,
  kSDocCase,
  kSPrev2Prev1,
  // With typer POS features (EntityModel::typer_pos_).
  kSXposSeq,
  kSXposPrev,
  kSXposNext,
  // With EntityModel::typer_context_clusters_. (130-132 were typer
  // conjunctions tried and not kept: docs/entities.md.)
  kSAggPrevCluster = 133,
  kSAggNextCluster,
};
constexpr int kMaxFeatures = 64;
// The longest title (without its stop) that is also a title without it:
// "mr", "ms", "dr", "mrs", "prof".
constexpr std::size_t kMaxStoplessTitle = 4;

// The atoms of one token, computed once per document.
struct TokenInfo {
  std::uint64_t word, lower, shape, prefix3, suffix2, suffix3, suffix4, upos, xpos;
  std::uint8_t gaz, kind, doc_case;
  std::uint16_t cluster, coarse;  // WordClusters of the lowercase word (kNoCluster if none)
};

// Lowercases ASCII letters into `out` (other bytes unchanged).
void LowerAscii(std::string_view s, std::string* out) {
  out->assign(s);
  for (char& c : *out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

std::uint64_t Affix(std::string_view lower, std::size_t n, bool suffix) {
  if (lower.size() < n) return HashCombine(n, 0);
  return HashCombine(n, HashString(suffix ? lower.substr(lower.size() - n) : lower.substr(0, n)));
}

// Per-document tag-name hashes: the tagger's ids are not ours, so tags are
// consumed by name.
std::vector<std::uint64_t> NameHashes(const LabelNames& names) {
  std::vector<std::uint64_t> out;
  if (!names) return out;
  out.reserve(names->size());
  for (const std::string& n : *names) out.push_back(HashString(n));
  return out;
}

// Computes the atoms of every token of a document once (per-call scratch:
// the buffers are reused from one document to the next).
class FeatureRun {
 public:
  FeatureRun(const Gazetteer& gazetteer, const WordClusters& clusters, bool use_pos)
      : gazetteer_(&gazetteer), clusters_(&clusters), use_pos_(use_pos) {}

  // Fills `out` with the atoms of every token of `doc`.
  void Compute(const Document& doc, std::vector<TokenInfo>* out) {
    const std::uint32_t n = doc.num_tokens();
    upos_hash_ = use_pos_ && doc.upos.size() == n ? NameHashes(doc.upos_names) : std::vector<std::uint64_t>();
    xpos_hash_ = use_pos_ && doc.xpos.size() == n ? NameHashes(doc.xpos_names) : std::vector<std::uint64_t>();
    out->resize(n);
    for (std::uint32_t i = 0; i < n; ++i) {
      TokenInfo& t = (*out)[i];
      const std::string_view norm = doc.token_norm(i);
      LowerAscii(norm, &lower_);
      t.word = doc.token_norm_id[i];
      t.lower = HashString(lower_);
      t.shape = CollapsedShapeId(norm);
      t.prefix3 = Affix(lower_, 3, false);
      t.suffix2 = Affix(lower_, 2, true);
      t.suffix3 = Affix(lower_, 3, true);
      t.suffix4 = Affix(lower_, 4, true);
      t.gaz = gazetteer_->Lookup(t.lower);
      t.kind = static_cast<std::uint8_t>(doc.token_kind[i]);
      t.upos = i < doc.upos.size() && doc.upos[i] < upos_hash_.size() ? upos_hash_[doc.upos[i]] : 0;
      t.xpos = i < doc.xpos.size() && doc.xpos[i] < xpos_hash_.size() ? xpos_hash_[doc.xpos[i]] : 0;
      t.doc_case = 0;
      const WordClusters::Entry* e = clusters_->Find(t.lower);
      t.cluster = e ? e->fine : kNoCluster;
      t.coarse = e ? e->coarse : kNoCluster;
    }
    // Document casing: how the token's lowercase form is written at the
    // other positions of the document that are not sentence-initial
    // (bit 0: capitalised, bit 1: lowercase); a name at the start of a
    // sentence is usually capitalised elsewhere too.
    casing_.clear();
    std::uint32_t sentence_first = 0;
    std::size_t s = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      while (s < doc.sentences.size() && doc.sentences[s].last <= i) ++s;
      sentence_first = s < doc.sentences.size() ? doc.sentences[s].first : 0;
      if (i == sentence_first || doc.token_kind[i] != TokenKind::kWord) continue;
      const unsigned char c = static_cast<unsigned char>(doc.token_text(i)[0]);
      const std::uint8_t bit = c >= 'A' && c <= 'Z' ? 1 : c >= 'a' && c <= 'z' ? 2 : 0;
      if (bit != 0) casing_[(*out)[i].lower] |= bit;
    }
    for (std::uint32_t i = 0; i < n; ++i) {
      const auto it = casing_.find((*out)[i].lower);
      (*out)[i].doc_case = it == casing_.end() ? 0 : it->second;
    }
  }

 private:
  const Gazetteer* gazetteer_;
  const WordClusters* clusters_;
  bool use_pos_;
  std::string lower_;
  std::vector<std::uint64_t> upos_hash_, xpos_hash_;
  std::unordered_map<std::uint64_t, std::uint8_t> casing_;
};

// Features of token k of `sentence` (atoms of the sentence's tokens) given
// the previous label (-1 = none), except the label-only ones (LabelOnly);
// returns their number. Without `history` (Viterbi decoding) the features
// that pair the previous label with the token are left out: the token's
// features then do not depend on the labels at all.
int Extract(std::span<const TokenInfo> sentence, std::size_t k, int prev1, bool use_pos, bool history,
            FeatureKey* f) {
  // Padding has its own cluster value (not kNoCluster, which unknown words
  // have).
  static const TokenInfo kPad{1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0xFF, 0, 0xFFFE, 0xFFFE};
  const std::size_t n = sentence.size();
  const TokenInfo& t = sentence[k];
  const TokenInfo& m1 = k >= 1 ? sentence[k - 1] : kPad;
  const TokenInfo& m2 = k >= 2 ? sentence[k - 2] : kPad;
  const TokenInfo& p1 = k + 1 < n ? sentence[k + 1] : kPad;
  const TokenInfo& p2 = k + 2 < n ? sentence[k + 2] : kPad;
  int c = 0;
  const auto add = [&](std::uint32_t templ, std::uint64_t a, std::uint64_t b = 0) {
    f[c++] = MakeFeature(templ, a, b);
  };
  const auto p1l = static_cast<std::uint64_t>(prev1 + 1);
  add(kBias, 0);
  add(kLower, t.lower);
  add(kShape, t.shape);
  add(kPrefix3, t.prefix3);
  add(kSuffix3, t.suffix3);
  add(kSuffix4, t.suffix4);
  add(kLowerM1, m1.lower);
  add(kLowerP1, p1.lower);
  add(kLowerM2, m2.lower);
  add(kLowerP2, p2.lower);
  add(kShapeM1, m1.shape);
  add(kShapeP1, p1.shape);
  add(kShapeTrigram, HashCombine(m1.shape, t.shape), p1.shape);
  add(kGaz, t.gaz);
  add(kGazM1, m1.gaz, t.gaz);
  add(kGazP1, t.gaz, p1.gaz);
  add(kGazShape, t.gaz, t.shape);
  add(kStartShape, k == 0, t.shape);
  add(kDocCase, t.doc_case);
  add(kDocCaseShape, t.doc_case, t.shape);
  add(kDocCaseStart, t.doc_case, HashCombine(k == 0, t.gaz));
  // Word clusters generalise from the training names to names seen only in
  // unlabelled news (dev F1 +4.5 points).
  add(kCluster, t.cluster);
  add(kClusterCoarse, t.coarse);
  add(kClusterM1, m1.cluster);
  add(kClusterP1, p1.cluster);
  add(kClusterShape, t.cluster, t.shape);
  add(kCoarseM1, m1.coarse);
  add(kCoarseP1, p1.coarse);
  if (history) add(kPrevCluster, p1l, t.cluster);
  if (use_pos && t.upos != 0) {
    add(kUpos, t.upos);
    add(kUposM1, m1.upos);
    add(kUposP1, p1.upos);
    add(kUposM2, m2.upos);
    add(kUposP2, p2.upos);
    add(kUposUposP1, t.upos, p1.upos);
    add(kXpos, t.xpos);
    if (history) add(kPrevUpos, p1l, t.upos);
  }
  if (history) {
    add(kPrevLower, p1l, t.lower);
    add(kPrevShape, p1l, t.shape);
  }
  return c;
}

// ---- span typing ----

// Per-document index for span typing: maximal runs of capitalised words and
// where each capitalised word occurs.
class SpanIndex {
 public:
  void Build(const Document& doc, std::span<const TokenInfo> info) {
    const std::uint32_t n = doc.num_tokens();
    capital_.assign(n, 0);
    sentence_of_.assign(n, 0);
    std::uint32_t s = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      while (s < doc.sentences.size() && doc.sentences[s].last <= i) ++s;
      sentence_of_[i] = s;
      const std::string_view text = doc.token_text(i);
      capital_[i] =
          doc.token_kind[i] == TokenKind::kWord && !text.empty() && text[0] >= 'A' && text[0] <= 'Z';
    }
    run_first_.assign(n, 0);
    run_last_.assign(n, 0);
    for (std::uint32_t i = 0; i < n;) {
      std::uint32_t j = i + 1;
      if (capital_[i])
        while (j < n && capital_[j] && sentence_of_[j] == sentence_of_[i]) ++j;
      for (std::uint32_t k = i; k < j; ++k) run_first_[k] = i, run_last_[k] = j;
      i = j;
    }
    occurrences_.clear();
    for (std::uint32_t i = 0; i < n; ++i)
      if (capital_[i]) occurrences_[info[i].lower].push_back(i);
  }
  // Lowercase id of token i, or 1 outside the sentence of `anchor`.
  std::uint64_t LowerIn(std::span<const TokenInfo> info, std::int64_t i, std::uint32_t anchor) const {
    if (i < 0 || i >= static_cast<std::int64_t>(info.size()) ||
        sentence_of_[static_cast<std::size_t>(i)] != sentence_of_[anchor])
      return 1;
    return info[static_cast<std::size_t>(i)].lower;
  }
  const std::vector<std::uint32_t>* Occurrences(std::uint64_t lower) const {
    const auto it = occurrences_.find(lower);
    return it == occurrences_.end() ? nullptr : &it->second;
  }
  std::uint32_t run_first(std::uint32_t i) const { return run_first_[i]; }
  std::uint32_t run_last(std::uint32_t i) const { return run_last_[i]; }
  bool sentence_start(std::uint32_t i, const Document& doc) const {
    return doc.sentences[sentence_of_[i]].first == i;
  }

 private:
  std::vector<std::uint8_t> capital_;
  std::vector<std::uint32_t> sentence_of_, run_first_, run_last_;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> occurrences_;
};

constexpr std::size_t kMaxSpanAggregate = 24;

// Features for typing the span `r` of `doc`: its words, their lexicon
// codes and clusters, the words around it, and the words around the other
// occurrences of its last word in the document (a name's type is often
// clearer from another of its mentions: "in Coron", "Coron's mayor").
// With `use_pos`, also the span's XPOS sequence and the XPOS of the words
// just before and after it; with `context_clusters`, the word clusters of
// the words around those other occurrences (the first kMaxSpanAggregate
// distinct context features count, words and clusters together).
void SpanFeatures(const Document& doc, std::span<const TokenInfo> info, const SpanIndex& index, TokenRange r,
                  bool use_pos, bool context_clusters, std::vector<FeatureKey>* out) {
  out->clear();
  const auto add = [&](std::uint32_t templ, std::uint64_t a, std::uint64_t b = 0) {
    out->push_back(MakeFeature(templ, a, b));
  };
  const TokenInfo& first = info[r.first];
  const TokenInfo& last = info[r.last - 1];
  std::uint64_t words = 0;
  for (std::uint32_t i = r.first; i < r.last; ++i) words = HashCombine(words, info[i].lower);
  add(kSWord, words);
  add(kSFirst, first.lower);
  add(kSLast, last.lower);
  add(kSBias, 0);
  std::uint64_t shapes = 0;
  for (std::uint32_t i = r.first; i < r.last; ++i) {
    add(kSGaz, info[i].gaz);
    add(kSCluster, info[i].cluster);
    shapes = HashCombine(shapes, info[i].shape);
  }
  add(kSLength, std::min<std::uint32_t>(r.size(), 4));
  add(kSShapes, shapes);
  add(kSSuffix3, last.suffix3);
  add(kSSuffix4, last.suffix4);
  add(kSGazLast, last.gaz);
  add(kSClusterLast, last.cluster);
  add(kSCoarseLast, last.coarse);
  add(kSDocCase, last.doc_case);
  const std::uint64_t p1 = index.LowerIn(info, static_cast<std::int64_t>(r.first) - 1, r.first);
  const std::uint64_t p2 = index.LowerIn(info, static_cast<std::int64_t>(r.first) - 2, r.first);
  add(kSPrev1, p1);
  add(kSPrev2, p2);
  add(kSPrev2Prev1, p2, p1);
  add(kSNext1, index.LowerIn(info, r.last, r.first));
  add(kSNext2, index.LowerIn(info, static_cast<std::int64_t>(r.last) + 1, r.first));
  add(kSPrevCluster, r.first > 0 && p1 != 1 ? info[r.first - 1].cluster : kNoCluster);
  add(kSNextCluster,
      r.last < info.size() && index.LowerIn(info, r.last, r.first) != 1 ? info[r.last].cluster : kNoCluster);
  add(kSStart, index.sentence_start(r.first, doc));
  if (use_pos) {
    std::uint64_t tags = 0;
    for (std::uint32_t i = r.first; i < r.last; ++i) tags = HashCombine(tags, info[i].xpos);
    add(kSXposSeq, tags);
    add(kSXposPrev, p1 != 1 ? info[r.first - 1].xpos : 1);
    add(kSXposNext, index.LowerIn(info, r.last, r.first) != 1 ? info[r.last].xpos : 1);
  }
  if (const auto* occ = index.Occurrences(last.lower)) {
    const std::size_t begin = out->size();
    for (std::uint32_t j : *occ) {
      if (out->size() - begin >= kMaxSpanAggregate) break;
      if (j >= r.first && j < r.last) continue;
      const std::uint32_t rf = index.run_first(j), rl = index.run_last(j);
      const std::uint64_t ap = index.LowerIn(info, static_cast<std::int64_t>(rf) - 1, j);
      const std::uint64_t an = index.LowerIn(info, rl, j);
      // With context_clusters, also the clusters of those words: "mayor of
      // X" and "governor of X" elsewhere say the same about X.
      const FeatureKey fs[4] = {
          MakeFeature(kSAggPrev, ap), MakeFeature(kSAggNext, an),
          context_clusters ? MakeFeature(kSAggPrevCluster, ap != 1 ? info[rf - 1].cluster : 0xFFFE) : 0,
          context_clusters ? MakeFeature(kSAggNextCluster, an != 1 ? info[rl].cluster : 0xFFFE) : 0};
      for (FeatureKey f : fs)
        if (f != 0 &&
            std::find(out->begin() + static_cast<std::ptrdiff_t>(begin), out->end(), f) == out->end())
          out->push_back(f);
    }
  }
}

// Writes the BILOU labels of `m` into `labels`.
void WriteBilou(const EntityMention& m, std::vector<std::uint16_t>* labels) {
  const auto base = static_cast<std::uint16_t>(1 + 4 * m.type);
  if (m.tokens.size() == 1) {
    (*labels)[m.tokens.first] = base + 3;
    return;
  }
  (*labels)[m.tokens.first] = base;
  for (std::uint32_t i = m.tokens.first + 1; i + 1 < m.tokens.last; ++i) (*labels)[i] = base + 1;
  (*labels)[m.tokens.last - 1] = base + 2;
}

// The features that depend on the two previous labels only.
int LabelOnly(int prev1, int prev2, FeatureKey* f) {
  const auto p1l = static_cast<std::uint64_t>(prev1 + 1), p2l = static_cast<std::uint64_t>(prev2 + 1);
  f[0] = MakeFeature(kPrev, p1l);
  f[1] = MakeFeature(kPrev2Prev, p2l, p1l);
  return 2;
}

// Best label allowed after `prev` (-1 = sentence start).
int BestAllowed(const float* scores, int n, const std::uint8_t* allowed_row) {
  int best = 0;
  float best_score = -1e30f;
  for (int y = 0; y < n; ++y) {
    if (!allowed_row[y]) continue;
    if (scores[y] > best_score) {
      best_score = scores[y];
      best = y;
    }
  }
  return best;
}

// The best valid label sequence of a sentence of `len` tokens (len >= 1):
// emissions[k * n + y] the score of label y at token k, trans[(p + 1) * n +
// y] the score of y after p (p = -1 at the start), allowed as
// EntityModel::allowed_ ([p * n + y], row n for the start); the last label
// may not leave a mention open (B or I). `delta` and `back` are scratch.
void ViterbiDecode(const float* emissions, std::size_t len, int n, const float* trans,
                   const std::uint8_t* allowed, const std::vector<char>& tags, std::vector<float>* delta,
                   std::vector<std::int16_t>* back, int* out) {
  constexpr float kNone = -1e30f;
  delta->assign(len * n, kNone);
  back->assign(len * n, -1);
  float* d = delta->data();
  for (int y = 0; y < n; ++y)
    if (allowed[static_cast<std::size_t>(n) * n + y]) d[y] = trans[y] + emissions[y];
  for (std::size_t k = 1; k < len; ++k) {
    const float* prev = d + (k - 1) * n;
    for (int y = 0; y < n; ++y) {
      float best = kNone;
      int arg = -1;
      for (int p = 0; p < n; ++p) {
        if (!allowed[static_cast<std::size_t>(p) * n + y] || prev[p] <= kNone) continue;
        const float v = prev[p] + trans[static_cast<std::size_t>(p + 1) * n + y];
        if (v > best) {
          best = v;
          arg = p;
        }
      }
      if (arg < 0) continue;
      d[k * n + y] = best + emissions[k * n + y];
      (*back)[k * n + y] = static_cast<std::int16_t>(arg);
    }
  }
  int y = 0;
  float best = kNone;
  for (int c = 0; c < n; ++c) {
    if (tags[c] == 'B' || tags[c] == 'I') continue;
    const float v = d[(len - 1) * n + c];
    if (v > best) {
      best = v;
      y = c;
    }
  }
  for (std::size_t k = len; k-- > 0;) {
    out[k] = y;
    if (k > 0) y = (*back)[k * n + y];
  }
}

Status SectionVersion(ByteReader* in, const std::string& name) {
  std::uint32_t v = 0;
  HEARSAY_RETURN_IF_ERROR(in->GetU32(&v));
  if (v != kNerSectionVersion)
    return Status(StatusCode::kVersionMismatch,
                  name + ": ner section version " + std::to_string(v) + ", this build reads version " +
                      std::to_string(kNerSectionVersion) + " (retrain it with hearsay train ner)");
  return Status::Ok();
}

}  // namespace

// ---- gazetteer ----

Gazetteer Gazetteer::Build(const std::vector<const eval::ConlluDocument*>& docs, int min_count,
                           bool stopless_titles) {
  WordTypeCounts counts;
  // Per title word: how often GUM attached it as nmod:desc, and its text.
  std::map<std::uint64_t, std::pair<int, std::string>> titles;
  std::string lower;
  for (const eval::ConlluDocument* doc : docs) {
    for (const eval::ConlluSentence& s : doc->sentences) {
      auto mentions = ParseGumMentions(s);
      if (!mentions.ok()) continue;  // reported by the caller's own pass
      std::vector<int> type(s.words.size(), -1);
      for (const NamedSpan& span : NamedMentions(s, mentions.value()))
        for (std::uint32_t w = span.first; w < span.last; ++w) type[w] = span.type;
      for (std::size_t w = 0; w < s.words.size(); ++w) {
        LowerAscii(s.words[w].form, &lower);
        auto& entry = counts[HashString(lower)];
        ++entry.first;
        if (type[w] >= 0) ++entry.second[type[w]];
        if (s.words[w].deprel == "nmod:desc") {
          auto& title = titles[HashString(lower)];
          ++title.first;
          title.second = lower;
        }
      }
    }
  }
  Gazetteer g = FromCounts(counts, min_count);
  // Titles before names ("President", "Dr.", "Justice"), which the named
  // spans leave out (GUM attaches them as nmod:desc): code kTitleCode when a
  // word was a title at least min_count times.
  std::vector<std::pair<std::uint64_t, std::uint8_t>> merged;
  for (std::size_t i = 0; i < g.keys_.size(); ++i) merged.emplace_back(g.keys_[i], g.codes_[i]);
  const auto set_title = [&](std::uint64_t key, bool override_code) {
    const auto it =
        std::lower_bound(merged.begin(), merged.end(), std::pair<std::uint64_t, std::uint8_t>(key, 0));
    if (it != merged.end() && it->first == key) {
      if (override_code) it->second = kTitleCode;
    } else {
      merged.insert(it, {key, kTitleCode});
    }
  };
  for (const auto& [key, title] : titles)
    if (title.first >= min_count) set_title(key, true);
  // A short dotted title written without its stop ("mr" for "mr.", as
  // British and Australian news write it) is the same title, unless the
  // word has a code of its own; as the run-time rule in Label, but known to
  // the features too (measured in docs/entities.md).
  for (const auto& [key, title] : titles) {
    if (!stopless_titles) break;
    const std::string& w = title.second;
    if (title.first < min_count || w.size() < 2 || w.size() > kMaxStoplessTitle + 1 || w.back() != '.')
      continue;
    set_title(HashString(std::string_view(w).substr(0, w.size() - 1)), false);
  }
  g.keys_.clear();
  g.codes_.clear();
  for (const auto& [key, code] : merged) {
    g.keys_.push_back(key);
    g.codes_.push_back(code);
  }
  return g;
}

Gazetteer Gazetteer::FromCounts(const WordTypeCounts& counts, int min_count) {
  Gazetteer g;
  for (const auto& [key, entry] : counts) {
    const auto& by_type = entry.second;
    const auto best = std::max_element(by_type.begin(), by_type.end());
    if (*best < min_count) continue;
    const double share = static_cast<double>(*best) / entry.first;
    const int bucket = share < 0.25 ? 0 : share < 0.5 ? 1 : share < 0.8 ? 2 : 3;
    g.keys_.push_back(key);
    g.codes_.push_back(static_cast<std::uint8_t>(1 + 4 * (best - by_type.begin()) + bucket));
  }
  return g;
}

std::uint8_t Gazetteer::Lookup(StringId lower_id) const {
  const auto it = std::lower_bound(keys_.begin(), keys_.end(), lower_id);
  return it != keys_.end() && *it == lower_id ? codes_[it - keys_.begin()] : 0;
}

void Gazetteer::Serialize(ByteWriter* out) const {
  out->PutVector(keys_);
  out->PutVector(codes_);
}

Result<Gazetteer> Gazetteer::Deserialize(ByteReader* in) {
  Gazetteer g;
  HEARSAY_RETURN_IF_ERROR(in->GetVector(&g.keys_));
  HEARSAY_RETURN_IF_ERROR(in->GetVector(&g.codes_));
  if (g.keys_.size() != g.codes_.size())
    return Status(StatusCode::kCorruptModel, "gazetteer: keys and codes differ in number");
  if (!std::is_sorted(g.keys_.begin(), g.keys_.end()))
    return Status(StatusCode::kCorruptModel, "gazetteer: keys not sorted");
  return g;
}

// ---- model ----

void EntityModel::Init() {
  const int n = labels_.size();
  auto names = std::make_shared<std::vector<std::string>>();
  label_type_.assign(n, -1);
  label_tag_.assign(n, 'O');
  for (int y = 0; y < n; ++y) {
    const std::string& name = labels_.Name(y);
    names->push_back(name);
    if (name.size() > 2 && name[1] == '-') {
      label_tag_[y] = name[0];
      label_type_[y] = EntityTypeIndex(std::string_view(name).substr(2));
    }
  }
  label_names_ = names;
  type_names_ = std::make_shared<std::vector<std::string>>(kEntityTypes.begin(), kEntityTypes.end());
  // Scores of the label-only features for every (prev2, prev1), -1 included.
  label_scores_.assign(static_cast<std::size_t>(n + 1) * (n + 1) * n, 0.0f);
  FeatureKey f[2];
  for (int p2 = -1; p2 < n; ++p2)
    for (int p1 = -1; p1 < n; ++p1) {
      const int count = LabelOnly(p1, p2, f);
      weights_.Score(std::span<const FeatureKey>(f, count),
                     &label_scores_[(static_cast<std::size_t>(p2 + 1) * (n + 1) + (p1 + 1)) * n]);
    }
  allowed_.assign(static_cast<std::size_t>(n + 1) * n, 0);
  for (int prev = 0; prev <= n; ++prev) {
    const bool open = prev < n && (label_tag_[prev] == 'B' || label_tag_[prev] == 'I');
    for (int y = 0; y < n; ++y) {
      const bool continues = label_tag_[y] == 'I' || label_tag_[y] == 'L';
      allowed_[static_cast<std::size_t>(prev) * n + y] =
          open ? (continues && label_type_[y] == label_type_[prev]) : !continues;
    }
  }
}

Result<std::shared_ptr<const EntityModel>> EntityModel::FromFile(const ModelFile& file,
                                                                 const std::string& name) {
  auto model = std::make_shared<EntityModel>();
  {
    auto in = file.Section("meta");
    if (!in.ok()) return in.status();
    HEARSAY_RETURN_IF_ERROR(SectionVersion(&in.value(), name));
    std::uint8_t flags = 0;
    HEARSAY_RETURN_IF_ERROR(in->GetU8(&flags));
    HEARSAY_RETURN_IF_ERROR(in->ExpectEnd());
    if ((flags & ~15u) != 0)
      return Status(StatusCode::kCorruptModel, name + ": unknown ner flags " + std::to_string(flags));
    model->uses_pos_ = (flags & 1) != 0;
    model->typer_pos_ = (flags & 2) != 0;
    model->viterbi_ = (flags & 4) != 0;
    model->typer_context_clusters_ = (flags & 8) != 0;
  }
  {
    auto in = file.Section("labels");
    if (!in.ok()) return in.status();
    HEARSAY_RETURN_IF_ERROR(SectionVersion(&in.value(), name));
    auto labels = LabelSet::Deserialize(&in.value());
    if (!labels.ok()) return labels.status();
    HEARSAY_RETURN_IF_ERROR(in->ExpectEnd());
    model->labels_ = std::move(labels).value();
    const LabelSet expected = EntityLabels();
    bool same = model->labels_.size() == expected.size();
    for (int y = 0; same && y < expected.size(); ++y) same = model->labels_.Name(y) == expected.Name(y);
    if (!same) return Status(StatusCode::kCorruptModel, name + ": unexpected entity label set");
  }
  {
    auto in = file.Section("gazetteer");
    if (!in.ok()) return in.status();
    HEARSAY_RETURN_IF_ERROR(SectionVersion(&in.value(), name));
    auto g = Gazetteer::Deserialize(&in.value());
    if (!g.ok()) return Status(g.status().code(), name + ": " + g.status().message());
    HEARSAY_RETURN_IF_ERROR(in->ExpectEnd());
    model->gazetteer_ = std::move(g).value();
  }
  {
    auto in = file.Section("typer");
    if (!in.ok()) return in.status();
    HEARSAY_RETURN_IF_ERROR(SectionVersion(&in.value(), name));
    std::uint8_t has_typer = 0;
    HEARSAY_RETURN_IF_ERROR(in->GetU8(&has_typer));
    if (has_typer != 0) {
      auto w = PerceptronModel::Deserialize(&in.value());
      if (!w.ok()) return Status(w.status().code(), name + ": " + w.status().message());
      if (w->num_classes() != static_cast<int>(kEntityTypes.size()))
        return Status(StatusCode::kCorruptModel, name + ": span typer with a wrong number of types");
      model->typer_ = std::move(w).value();
    }
    HEARSAY_RETURN_IF_ERROR(in->ExpectEnd());
  }
  {
    auto in = file.Section("clusters");
    if (!in.ok()) return in.status();
    HEARSAY_RETURN_IF_ERROR(SectionVersion(&in.value(), name));
    auto c = WordClusters::Deserialize(&in.value());
    if (!c.ok()) return Status(c.status().code(), name + ": " + c.status().message());
    HEARSAY_RETURN_IF_ERROR(in->ExpectEnd());
    model->clusters_ = std::move(c).value();
  }
  {
    auto in = file.Section("weights");
    if (!in.ok()) return in.status();
    HEARSAY_RETURN_IF_ERROR(SectionVersion(&in.value(), name));
    auto w = PerceptronModel::Deserialize(&in.value());
    if (!w.ok()) return Status(w.status().code(), name + ": " + w.status().message());
    HEARSAY_RETURN_IF_ERROR(in->ExpectEnd());
    model->weights_ = std::move(w).value();
    if (model->weights_.num_classes() != model->labels_.size())
      return Status(StatusCode::kCorruptModel, name + ": weights and labels differ in number of classes");
  }
  model->Init();
  return std::shared_ptr<const EntityModel>(std::move(model));
}

Result<std::shared_ptr<const EntityModel>> EntityModel::Parse(std::string image, const std::string& name) {
  auto file = ModelFile::Parse(std::move(image), name, "ner");
  if (!file.ok()) return file.status();
  return FromFile(file.value(), name);
}

Result<std::shared_ptr<const EntityModel>> EntityModel::Load(const std::string& path) {
  auto file = ModelFile::Load(path, "ner");
  if (!file.ok()) return file.status();
  return FromFile(file.value(), path);
}

std::string EntityModel::Serialize(const std::string& description) const {
  return Writer(description).Serialize();
}

Status EntityModel::Save(const std::string& path, const std::string& description) const {
  return Writer(description).WriteFile(path);
}

ModelWriter EntityModel::Writer(const std::string& description) const {
  ModelWriter writer("ner", description);
  {
    ByteWriter w;
    w.PutU32(kNerSectionVersion);
    w.PutU8(static_cast<std::uint8_t>((uses_pos_ ? 1 : 0) | (typer_pos_ ? 2 : 0) | (viterbi_ ? 4 : 0) |
                                      (typer_context_clusters_ ? 8 : 0)));
    writer.AddSection("meta", w.Release());
  }
  {
    ByteWriter w;
    w.PutU32(kNerSectionVersion);
    labels_.Serialize(&w);
    writer.AddSection("labels", w.Release());
  }
  {
    ByteWriter w;
    w.PutU32(kNerSectionVersion);
    gazetteer_.Serialize(&w);
    writer.AddSection("gazetteer", w.Release());
  }
  {
    ByteWriter w;
    w.PutU32(kNerSectionVersion);
    const bool has_typer = typer_.num_classes() > 0;
    w.PutU8(has_typer ? 1 : 0);
    if (has_typer) typer_.Serialize(&w);
    writer.AddSection("typer", w.Release());
  }
  {
    ByteWriter w;
    w.PutU32(kNerSectionVersion);
    clusters_.Serialize(&w);
    writer.AddSection("clusters", w.Release());
  }
  {
    ByteWriter w;
    w.PutU32(kNerSectionVersion);
    weights_.Serialize(&w);
    writer.AddSection("weights", w.Release());
  }
  return writer;
}

void EntityModel::Label(Document& doc) const {
  const std::uint32_t n = doc.num_tokens();
  if (doc.entity.size() != n) {
    if (doc.upos.size() != n && doc.head.size() != n && doc.lemma.size() != n) {
      doc.ResizeAnnotationColumns();
    } else {
      doc.entity.assign(n, kNoLabel);
    }
  }
  doc.entities.clear();
  const int num_labels = labels_.size();
  FeatureRun run(gazetteer_, clusters_, uses_pos());
  std::vector<TokenInfo> info;
  run.Compute(doc, &info);
  FeatureKey features[kMaxFeatures];
  std::vector<float> scores(num_labels);
  std::vector<float> emissions, delta;
  std::vector<std::int16_t> back;
  std::vector<int> path;
  for (const TokenRange& sentence : doc.sentences) {
    const std::span<const TokenInfo> tokens(info.data() + sentence.first, sentence.size());
    if (viterbi_) {
      if (tokens.empty()) continue;
      // The token's features do not depend on the labels: score them once,
      // then the best valid sequence under the label-bigram scores (the
      // label_scores_ rows with no label two back).
      emissions.assign(tokens.size() * num_labels, 0.0f);
      for (std::size_t k = 0; k < tokens.size(); ++k) {
        const int count = Extract(tokens, k, -1, uses_pos_, false, features);
        weights_.Score(std::span<const FeatureKey>(features, count), &emissions[k * num_labels]);
      }
      path.resize(tokens.size());
      ViterbiDecode(emissions.data(), tokens.size(), num_labels, label_scores_.data(), allowed_.data(),
                    label_tag_, &delta, &back, path.data());
      for (std::size_t k = 0; k < tokens.size(); ++k)
        doc.entity[sentence.first + k] = static_cast<std::uint16_t>(path[k]);
      continue;
    }
    int prev1 = -1, prev2 = -1;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      const int count = Extract(tokens, k, prev1, uses_pos_, true, features);
      const float* label_scores =
          &label_scores_[(static_cast<std::size_t>(prev2 + 1) * (num_labels + 1) + (prev1 + 1)) * num_labels];
      std::copy(label_scores, label_scores + num_labels, scores.begin());
      weights_.Score(std::span<const FeatureKey>(features, count), scores.data());
      const int row = prev1 < 0 ? num_labels : prev1;
      const int y =
          BestAllowed(scores.data(), num_labels, &allowed_[static_cast<std::size_t>(row) * num_labels]);
      const auto token = static_cast<std::uint32_t>(sentence.first + k);
      doc.entity[token] = static_cast<std::uint16_t>(y);
      prev2 = prev1;
      prev1 = y;
    }
  }
  doc.entities = BilouToSpans(doc.entity, doc.sentences);
  // A title written without its stop, as British and Australian news write
  // "Mr", "Ms", "Dr", is the title GUM's texts write with it ("Ms.").
  std::string dotted;
  const auto is_title = [&](std::uint32_t i) {
    if (info[i].gaz == Gazetteer::kTitleCode) return true;
    const std::string_view w = doc.token_norm(i);
    if (info[i].gaz != 0 || w.empty() || w.size() > kMaxStoplessTitle || w.back() == '.') return false;
    LowerAscii(w, &dotted);
    dotted += '.';
    return gazetteer_.Lookup(HashString(dotted)) == Gazetteer::kTitleCode;
  };
  for (EntityMention& m : doc.entities) {
    // A title before a name is not part of it (docs/entities.md), but the
    // labeller, having seen few titles, often takes it in: cut the leading
    // words up to the last title followed by a capitalised word.
    std::uint32_t cut = m.tokens.first;
    for (std::uint32_t i = m.tokens.first; i + 1 < m.tokens.last; ++i) {
      const std::string_view next = doc.token_text(i + 1);
      const bool title = is_title(i);
      if (title && !next.empty() && next[0] >= 'A' && next[0] <= 'Z') cut = i + 1;
      if (!title && i > cut) break;
    }
    if (cut == m.tokens.first) continue;
    for (std::uint32_t i = m.tokens.first; i < cut; ++i) doc.entity[i] = 0;
    m.tokens.first = cut;
    WriteBilou(m, &doc.entity);
  }
  if (typer_.num_classes() == static_cast<int>(kEntityTypes.size())) {
    // The span typer has the last word: it sees the whole span, its
    // surroundings and the other occurrences of its last word.
    SpanIndex index;
    index.Build(doc, info);
    std::vector<FeatureKey> f;
    std::array<float, kEntityTypes.size()> type_scores;
    for (EntityMention& m : doc.entities) {
      SpanFeatures(doc, info, index, m.tokens, typer_pos_, typer_context_clusters_, &f);
      type_scores.fill(0.0f);
      typer_.Score(f, type_scores.data());
      const int best =
          static_cast<int>(std::max_element(type_scores.begin(), type_scores.end()) - type_scores.begin());
      if (best == m.type) continue;
      m.type = static_cast<std::uint16_t>(best);
      WriteBilou(m, &doc.entity);
    }
  }
  doc.entity_names = label_names_;
  doc.entity_type_names = type_names_;
  doc.filled_columns |= kColEntities;
}

// ---- BILOU ----

LabelSet EntityLabels() {
  LabelSet labels;
  labels.Add("O");
  for (std::string_view type : kEntityTypes)
    for (const char* tag : {"B-", "I-", "L-", "U-"}) labels.Add(std::string(tag) + std::string(type));
  return labels;
}

std::vector<std::uint16_t> SpansToBilou(const std::vector<EntityMention>& spans, std::uint32_t num_tokens) {
  std::vector<std::uint16_t> out(num_tokens, 0);
  for (const EntityMention& m : spans) {
    if (m.tokens.last > num_tokens || m.tokens.first >= m.tokens.last) continue;
    const auto base = static_cast<std::uint16_t>(1 + 4 * m.type);
    if (m.tokens.size() == 1) {
      out[m.tokens.first] = base + 3;
      continue;
    }
    out[m.tokens.first] = base;
    for (std::uint32_t i = m.tokens.first + 1; i + 1 < m.tokens.last; ++i) out[i] = base + 1;
    out[m.tokens.last - 1] = base + 2;
  }
  return out;
}

std::vector<EntityMention> BilouToSpans(const std::vector<std::uint16_t>& labels,
                                        const std::vector<TokenRange>& sentences) {
  std::vector<EntityMention> out;
  for (const TokenRange& sentence : sentences) {
    int open_type = -1;
    std::uint32_t open_first = 0;
    const std::uint32_t end =
        std::min<std::uint32_t>(sentence.last, static_cast<std::uint32_t>(labels.size()));
    for (std::uint32_t i = sentence.first; i < end; ++i) {
      const int y = labels[i];
      const int type = y == 0 || y == kNoLabel ? -1 : (y - 1) / 4;
      const int tag = y == 0 || y == kNoLabel ? -1 : (y - 1) % 4;  // 0 B, 1 I, 2 L, 3 U
      const bool continues = (tag == 1 || tag == 2) && open_type == type;
      if (open_type >= 0 && !continues) {  // an open mention cut short
        out.push_back({{open_first, i}, static_cast<std::uint16_t>(open_type)});
        open_type = -1;
      }
      if (type < 0) continue;
      if (tag == 3) {
        out.push_back({{i, i + 1}, static_cast<std::uint16_t>(type)});
      } else if (!continues) {
        open_type = type;
        open_first = i;
      }
      if (tag == 2) {
        out.push_back({{open_first, i + 1}, static_cast<std::uint16_t>(type)});
        open_type = -1;
      }
    }
    if (open_type >= 0) out.push_back({{open_first, end}, static_cast<std::uint16_t>(open_type)});
  }
  return out;
}

// ---- gold data ----

Result<std::vector<EntityMention>> GoldEntities(const eval::ConlluDocument& doc) {
  std::vector<EntityMention> out;
  std::uint32_t offset = 0;
  for (const eval::ConlluSentence& s : doc.sentences) {
    auto mentions = ParseGumMentions(s);
    if (!mentions.ok()) return mentions.status();
    for (const NamedSpan& span : NamedMentions(s, mentions.value()))
      out.push_back({{offset + span.first, offset + span.last}, static_cast<std::uint16_t>(span.type)});
    offset += static_cast<std::uint32_t>(s.words.size());
  }
  return out;
}

// ---- training ----

class EntityTrainer {
 public:
  static Result<std::shared_ptr<const EntityModel>> Train(const std::vector<eval::ConlluDocument>& train,
                                                          const std::vector<eval::ConlluDocument>& dev,
                                                          const EntityTrainOptions& options,
                                                          EntityTrainReport* report);
};

namespace {

struct TrainDoc {
  Document doc;
  std::vector<int> gold;  // label per token
  std::vector<EntityMention> spans;
  int fold = 0;
};

// `tags`: a document of the same words whose upos/xpos to use, or nullptr
// for the gold tags.
Result<TrainDoc> MakeTrainDoc(const eval::ConlluDocument& cdoc, bool use_pos, const Document* tags,
                              const LabelNames& upos_names, const LabelNames& xpos_names,
                              std::map<std::string, int>* upos_index,
                              std::map<std::string, int>* xpos_index) {
  TrainDoc t;
  t.doc = eval::GoldDocument(cdoc);
  auto spans = GoldEntities(cdoc);
  if (!spans.ok()) return Status(spans.status().code(), cdoc.id + ": " + spans.status().message());
  t.spans = std::move(spans).value();
  const std::vector<std::uint16_t> bilou = SpansToBilou(t.spans, t.doc.num_tokens());
  t.gold.assign(bilou.begin(), bilou.end());
  if (use_pos && tags != nullptr) {
    // Predicted tags (the tokens' own columns stay GoldDocument's: only the
    // tags are taken over).
    if (tags->num_tokens() != t.doc.num_tokens() || tags->upos.size() != t.doc.num_tokens() ||
        tags->xpos.size() != t.doc.num_tokens())
      return Status(StatusCode::kInvalidArgument, cdoc.id + ": predicted tags do not cover its words");
    t.doc.ResizeAnnotationColumns();
    t.doc.upos = tags->upos;
    t.doc.xpos = tags->xpos;
    t.doc.upos_names = tags->upos_names;
    t.doc.xpos_names = tags->xpos_names;
    t.doc.filled_columns |= kColUpos | kColXpos;
  } else if (use_pos) {
    // Gold tags, by name, exactly as a tagger would hand them over.
    t.doc.ResizeAnnotationColumns();
    std::uint32_t i = 0;
    for (const auto& s : cdoc.sentences)
      for (const auto& w : s.words) {
        const auto u = upos_index->find(w.upos);
        const auto x = xpos_index->find(w.xpos);
        t.doc.upos[i] = u == upos_index->end() ? kNoLabel : static_cast<std::uint16_t>(u->second);
        t.doc.xpos[i] = x == xpos_index->end() ? kNoLabel : static_cast<std::uint16_t>(x->second);
        ++i;
      }
    t.doc.upos_names = upos_names;
    t.doc.xpos_names = xpos_names;
    t.doc.filled_columns |= kColUpos | kColXpos;
  }
  return t;
}

// Scratch of StructuredUpdate.
struct ViterbiScratch {
  std::vector<FeatureKey> features;  // kMaxFeatures per token
  std::vector<int> counts, path;
  std::vector<float> emissions, trans, delta;
  std::vector<std::int16_t> back;
};

// One structured-perceptron step on a sentence (Viterbi training): decodes
// it with the trainer's current weights and, where the best valid sequence
// differs from `gold`, moves each wrong token's features towards its gold
// label and each wrong label bigram's weight towards the gold bigram.
// Ticks the averaging clock once per token; the path is left in
// scratch->path.
void StructuredUpdate(std::span<const TokenInfo> sent, const int* gold, bool use_pos,
                      const EntityModel& model, PerceptronTrainer* trainer, ViterbiScratch* scratch) {
  const std::size_t len = sent.size();
  const int n = trainer->num_classes();
  scratch->features.resize(len * kMaxFeatures);
  scratch->counts.resize(len);
  scratch->path.resize(len);
  scratch->emissions.assign(len * n, 0.0f);
  for (std::size_t k = 0; k < len; ++k) {
    FeatureKey* f = &scratch->features[k * kMaxFeatures];
    scratch->counts[k] = Extract(sent, k, -1, use_pos, false, f);
    trainer->Score(std::span<const FeatureKey>(f, scratch->counts[k]), &scratch->emissions[k * n]);
  }
  scratch->trans.assign(static_cast<std::size_t>(n + 1) * n, 0.0f);
  for (int p = -1; p < n; ++p) {
    const FeatureKey f = MakeFeature(kPrev, static_cast<std::uint64_t>(p + 1));
    trainer->Score(std::span<const FeatureKey>(&f, 1), &scratch->trans[static_cast<std::size_t>(p + 1) * n]);
  }
  ViterbiDecode(scratch->emissions.data(), len, n, scratch->trans.data(), model.allowed().data(),
                model.label_tags(), &scratch->delta, &scratch->back, scratch->path.data());
  const int* pred = scratch->path.data();
  for (std::size_t k = 0; k < len; ++k) {
    if (pred[k] != gold[k])
      trainer->Update(std::span<const FeatureKey>(&scratch->features[k * kMaxFeatures], scratch->counts[k]),
                      gold[k], pred[k]);
    const int gp = k > 0 ? gold[k - 1] : -1, pp = k > 0 ? pred[k - 1] : -1;
    if (gp != pp || gold[k] != pred[k]) {
      const FeatureKey fg = MakeFeature(kPrev, static_cast<std::uint64_t>(gp + 1));
      const FeatureKey fp = MakeFeature(kPrev, static_cast<std::uint64_t>(pp + 1));
      trainer->Add(std::span<const FeatureKey>(&fg, 1), gold[k], 1.0f);
      trainer->Add(std::span<const FeatureKey>(&fp, 1), pred[k], -1.0f);
    }
  }
  for (std::size_t k = 0; k < len; ++k) trainer->Tick();
}

struct Prf {
  std::size_t gold = 0, predicted = 0, correct = 0;
  double f1() const {
    return gold + predicted == 0 ? 0 : 2.0 * correct / static_cast<double>(gold + predicted);
  }
};

bool CoreType(int type) {
  return type == EntityTypeIndex("person") || type == EntityTypeIndex("organization") ||
         type == EntityTypeIndex("place");
}

// F1 of person+organization+place on `docs` (gold tokens).
double DevF1(const EntityModel& model, std::vector<TrainDoc>& docs) {
  Prf c;
  for (TrainDoc& t : docs) {
    model.Label(t.doc);
    for (const EntityMention& m : t.doc.entities) c.predicted += CoreType(m.type);
    for (const EntityMention& g : t.spans) {
      if (!CoreType(g.type)) continue;
      ++c.gold;
      c.correct += std::any_of(t.doc.entities.begin(), t.doc.entities.end(), [&](const EntityMention& m) {
        return m.tokens == g.tokens && m.type == g.type;
      });
    }
  }
  return c.f1();
}

}  // namespace

Result<std::shared_ptr<const EntityModel>> EntityTrainer::Train(
    const std::vector<eval::ConlluDocument>& train, const std::vector<eval::ConlluDocument>& dev,
    const EntityTrainOptions& options, EntityTrainReport* report) {
  const auto start_time = std::chrono::steady_clock::now();
  const LabelSet labels = EntityLabels();
  const int num_labels = labels.size();
  // POS tag names seen in training, numbered in order of appearance.
  std::map<std::string, int> upos_index, xpos_index;
  auto upos_names = std::make_shared<std::vector<std::string>>();
  auto xpos_names = std::make_shared<std::vector<std::string>>();
  for (const auto* set : {&train, &dev})
    for (const auto& d : *set)
      for (const auto& s : d.sentences)
        for (const auto& w : s.words) {
          if (upos_index.emplace(w.upos, static_cast<int>(upos_names->size())).second)
            upos_names->push_back(w.upos);
          if (xpos_index.emplace(w.xpos, static_cast<int>(xpos_names->size())).second)
            xpos_names->push_back(w.xpos);
        }

  std::vector<TrainDoc> train_docs, dev_docs;
  std::vector<const eval::ConlluDocument*> train_sources;
  if (options.train_tags != nullptr && options.train_tags->size() != train.size())
    return Status(StatusCode::kInvalidArgument, "predicted tags for " +
                                                    std::to_string(options.train_tags->size()) + " of " +
                                                    std::to_string(train.size()) + " training documents");
  if (options.dev_tags != nullptr && options.dev_tags->size() != dev.size())
    return Status(StatusCode::kInvalidArgument, "predicted tags for " +
                                                    std::to_string(options.dev_tags->size()) + " of " +
                                                    std::to_string(dev.size()) + " dev documents");
  for (std::size_t i = 0; i < train.size();
       i += static_cast<std::size_t>(std::max(1, options.train_stride))) {
    auto t = MakeTrainDoc(train[i], options.use_pos || options.typer_pos,
                          options.train_tags ? &(*options.train_tags)[i] : nullptr, upos_names, xpos_names,
                          &upos_index, &xpos_index);
    if (!t.ok()) return t.status();
    t->fold = static_cast<int>(train_docs.size() % static_cast<std::size_t>(options.gazetteer_folds));
    train_docs.push_back(std::move(t).value());
    train_sources.push_back(&train[i]);
  }
  for (std::size_t i = 0; i < dev.size(); ++i) {
    auto t = MakeTrainDoc(dev[i], options.use_pos || options.typer_pos,
                          options.dev_tags ? &(*options.dev_tags)[i] : nullptr, upos_names, xpos_names,
                          &upos_index, &xpos_index);
    if (!t.ok()) return t.status();
    dev_docs.push_back(std::move(t).value());
  }
  if (train_docs.empty()) return Status(StatusCode::kInvalidArgument, "no training documents");

  // Jackknifed gazetteers: a training document sees the counts of the other
  // folds only, as an unseen document sees the counts of all training data.
  std::vector<Gazetteer> fold_gazetteers;
  for (int f = 0; f < options.gazetteer_folds; ++f) {
    std::vector<const eval::ConlluDocument*> others;
    for (std::size_t i = 0; i < train_docs.size(); ++i)
      if (train_docs[i].fold != f) others.push_back(train_sources[i]);
    fold_gazetteers.push_back(Gazetteer::Build(others, options.gazetteer_min_count, options.stopless_titles));
  }
  const Gazetteer full_gazetteer =
      Gazetteer::Build(train_sources, options.gazetteer_min_count, options.stopless_titles);

  // Precomputed static features would tie memory to the corpus; features are
  // cheap enough to extract each epoch.
  struct Sentence {
    std::size_t doc;
    TokenRange range;
  };
  std::vector<Sentence> sentences;
  for (std::size_t d = 0; d < train_docs.size(); ++d)
    for (const TokenRange& r : train_docs[d].doc.sentences) sentences.push_back({d, r});

  auto model = std::make_shared<EntityModel>();
  model->uses_pos_ = options.use_pos;
  model->typer_pos_ = options.typer_pos;
  model->viterbi_ = options.viterbi;
  model->typer_context_clusters_ = options.typer_context_clusters;
  const bool tags = options.use_pos || options.typer_pos;
  model->labels_ = labels;
  model->gazetteer_ = full_gazetteer;
  model->clusters_ = options.clusters;
  model->Init();

  // An ensemble of `members` labellers (and typers), each on its own order
  // of the training sentences and so its own predicted histories, averaged
  // weight by weight into one model. Member 0 is the single model's
  // training exactly.
  const std::size_t members = static_cast<std::size_t>(std::max(1, options.ensemble));
  std::vector<PerceptronTrainer> trainers(members, PerceptronTrainer(num_labels));
  std::vector<std::mt19937> rngs;
  for (std::size_t k = 0; k < members; ++k)
    rngs.emplace_back(options.seed + static_cast<std::uint32_t>(k) * 7919u);
  std::vector<std::vector<Sentence>> orders(members, sentences);
  std::vector<const PerceptronTrainer*> trainer_ptrs;
  for (const PerceptronTrainer& t : trainers) trainer_ptrs.push_back(&t);
  // The atoms of every training document, computed once with the
  // gazetteer of its fold.
  std::vector<std::vector<TokenInfo>> train_info(train_docs.size());
  for (std::size_t d = 0; d < train_docs.size(); ++d) {
    FeatureRun run(fold_gazetteers[train_docs[d].fold], options.clusters, tags);
    run.Compute(train_docs[d].doc, &train_info[d]);
  }
  FeatureKey features[kMaxFeatures];
  std::vector<float> scores(num_labels);
  ViterbiScratch viterbi;
  std::shared_ptr<const EntityModel> best;
  double best_f1 = -1;
  int best_epoch = 0;
  for (int epoch = 1; epoch <= options.max_epochs; ++epoch) {
    std::size_t tokens = 0, errors = 0;
    for (std::size_t member = 0; member < members; ++member) {
      PerceptronTrainer& trainer = trainers[member];
      std::shuffle(orders[member].begin(), orders[member].end(), rngs[member]);
      for (const Sentence& s : orders[member]) {
        TrainDoc& t = train_docs[s.doc];
        const std::span<const TokenInfo> sent(train_info[s.doc].data() + s.range.first, s.range.size());
        if (options.viterbi) {
          if (sent.empty()) continue;
          const std::size_t len = sent.size();
          StructuredUpdate(sent, &t.gold[s.range.first], options.use_pos, *model, &trainer, &viterbi);
          tokens += len;
          for (std::size_t k = 0; k < len; ++k) errors += viterbi.path[k] != t.gold[s.range.first + k];
          continue;
        }
        int prev1 = -1, prev2 = -1;
        for (std::size_t k = 0; k < sent.size(); ++k) {
          int count = Extract(sent, k, prev1, options.use_pos, true, features);
          count += LabelOnly(prev1, prev2, features + count);
          const std::span<const FeatureKey> fs(features, count);
          std::fill(scores.begin(), scores.end(), 0.0f);
          trainer.Score(fs, scores.data());
          // The guess is the unconstrained best label. Decoding restricts
          // labels to valid successions of the previous one, but with a
          // predicted (possibly wrong) history the gold label is often not a
          // valid successor (gold O after a predicted B-t); a constrained guess
          // then can never equal the truth and every update pushes towards an
          // unreachable label, which kept the model from fitting even its
          // training data. The previous-label features still learn the
          // successions.
          const int guess = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
          const int truth = t.gold[s.range.first + k];
          trainer.Update(fs, truth, guess);
          trainer.Tick();
          ++tokens;
          errors += guess != truth;
          prev2 = prev1;
          prev1 = guess;
        }
      }
    }
    auto candidate = std::make_shared<EntityModel>(*model);
    candidate->weights_ = PerceptronTrainer::AverageOf(trainer_ptrs, options.min_weight);
    candidate->Init();
    const double f1 = dev_docs.empty() ? 0 : DevF1(*candidate, dev_docs);
    if (options.verbose) {
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time).count();
      std::fprintf(stderr,
                   "ner: epoch %2d  train label errors %5.2f%%  dev F1 (person+org+place) %6.2f%%  "
                   "%zu features  %.0f s\n",
                   epoch, 100.0 * errors / std::max<std::size_t>(1, tokens), 100 * f1,
                   candidate->weights_.num_features(), secs);
    }
    if (f1 > best_f1) {
      best_f1 = f1;
      best_epoch = epoch;
      best = std::move(candidate);
    } else if (epoch - best_epoch >= options.patience) {
      break;
    }
  }
  int best_typer_epoch = 0;
  if (options.span_typer && best != nullptr) {
    // The span typer, trained on the gold spans of the training documents
    // (atoms with the jackknifed gazetteers), chosen by dev F1 of the whole
    // recogniser.
    struct Instance {
      std::vector<FeatureKey> features;
      int type;
    };
    std::vector<Instance> instances;
    SpanIndex index;
    for (std::size_t d = 0; d < train_docs.size(); ++d) {
      index.Build(train_docs[d].doc, train_info[d]);
      for (const EntityMention& g : train_docs[d].spans) {
        Instance& inst = instances.emplace_back();
        inst.type = g.type;
        SpanFeatures(train_docs[d].doc, train_info[d], index, g.tokens, model->typer_pos_,
                     model->typer_context_clusters_, &inst.features);
      }
    }
    std::vector<PerceptronTrainer> typers(members, PerceptronTrainer(static_cast<int>(kEntityTypes.size())));
    std::vector<const PerceptronTrainer*> typer_ptrs;
    for (const PerceptronTrainer& t : typers) typer_ptrs.push_back(&t);
    std::vector<std::vector<std::uint32_t>> instance_orders(members);
    for (auto& order : instance_orders)
      for (std::uint32_t i = 0; i < instances.size(); ++i) order.push_back(i);
    std::shared_ptr<const EntityModel> best_typed;
    double best_typed_f1 = -1;
    std::array<float, kEntityTypes.size()> type_scores;
    for (int epoch = 1; epoch <= options.typer_epochs; ++epoch) {
      std::size_t errors = 0;
      for (std::size_t member = 0; member < members; ++member) {
        PerceptronTrainer& typer = typers[member];
        std::shuffle(instance_orders[member].begin(), instance_orders[member].end(), rngs[member]);
        for (std::uint32_t i : instance_orders[member]) {
          const Instance& inst = instances[i];
          const std::span<const FeatureKey> fs(inst.features);
          type_scores.fill(0.0f);
          typer.Score(fs, type_scores.data());
          const int guess = static_cast<int>(std::max_element(type_scores.begin(), type_scores.end()) -
                                             type_scores.begin());
          typer.Update(fs, inst.type, guess);
          typer.Tick();
          errors += guess != inst.type;
        }
      }
      auto candidate = std::make_shared<EntityModel>(*best);
      candidate->typer_ = PerceptronTrainer::AverageOf(typer_ptrs, options.min_weight);
      const double f1 = dev_docs.empty() ? 0 : DevF1(*candidate, dev_docs);
      if (options.verbose)
        std::fprintf(stderr,
                     "ner: typer epoch %2d  train errors %5.2f%%  dev F1 (person+org+place) %6.2f%%\n", epoch,
                     100.0 * errors / std::max<std::size_t>(1, members * instances.size()), 100 * f1);
      if (f1 > best_typed_f1) {
        best_typed_f1 = f1;
        best_typed = std::move(candidate);
        best_typer_epoch = epoch;
      }
    }
    // Without a gain on dev the labeller's own types stand (no typer).
    if (best_typed_f1 > best_f1) {
      best = best_typed;
      best_f1 = best_typed_f1;
    } else {
      best_typer_epoch = 0;
    }
  }
  if (report != nullptr) {
    report->best_epoch = best_epoch;
    report->best_typer_epoch = best_typer_epoch;
    report->best_dev_f1 = best_f1;
  }
  return best;
}

Result<std::shared_ptr<const EntityModel>> TrainEntityModel(const std::vector<eval::ConlluDocument>& train,
                                                            const std::vector<eval::ConlluDocument>& dev,
                                                            const EntityTrainOptions& options,
                                                            EntityTrainReport* report) {
  return EntityTrainer::Train(train, dev, options, report);
}

// ---- component ----

Result<std::unique_ptr<Component>> EntityRecognizer::Create(const ComponentConfig& config) {
  auto model = EntityModel::Load(config.models_dir + "/ner.hsm");
  if (!model.ok()) return model.status();
  return std::unique_ptr<Component>(std::make_unique<EntityRecognizer>(std::move(model).value()));
}

Status EntityRecognizer::Process(Document& doc) const {
  const ColumnSet missing = requires_columns() & ~doc.filled_columns;
  if (missing != 0)
    return Status(StatusCode::kFailedPrecondition, "entities: document lacks " + ColumnSetName(missing));
  model_->Label(doc);
  return Status::Ok();
}

}  // namespace hearsay::nlp
