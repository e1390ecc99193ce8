#include "attribution/content_model.h"

#include <algorithm>
#include <cstdio>
#include <random>
#include <span>
#include <string_view>

#include "attribution/cues.h"
#include "attribution/words.h"

namespace hearsay::attribution {
namespace {

using nlp::FeatureKey;
using nlp::MakeFeature;

// What a candidate is; numbered as in every "content" model.
enum ContentKind : std::uint8_t {
  kNoContent = 0,
  kDependent,       // a dependent's subtree
  kDependentToEnd,  // … run on to the sentence end
  kRestAfter,       // cue end → sentence end
  kRestBefore,      // sentence start → cue
  kBeforeSubject,   // sentence start → the cue's subject ("X, a source said")
  kThatAfter,       // "that" after the cue → sentence end
  kHeadClauseFar,   // the head's clause beyond the cue ("X, she said, Y")
  kQuoteAfter,      // the next quotation in the paragraph, marks included
  kQuoteBefore,     // the previous one
  kParagraphAfter,  // cue end → paragraph end, over several sentences
  kNextSentence,    // the sentence after the cue's
};

bool Overlaps(TokenRange a, TokenRange b) {
  return a.first < b.last && b.first < a.last;
}

double Iou(TokenRange a, TokenRange b) {
  const std::uint32_t lo = std::max(a.first, b.first), hi = std::min(a.last, b.last);
  if (hi <= lo) return 0;
  const double inter = hi - lo;
  return inter / (a.size() + b.size() - inter);
}

// Edge punctuation other than quotation marks is dropped (PolNeAR contents
// keep their marks, not the comma before "she said").
TokenRange TrimEdges(const ParseView& view, TokenRange r) {
  const Document& doc = view.doc();
  while (r.first < r.last && view.IsPunct(r.first) && doc.token_kind[r.first] != TokenKind::kQuote) ++r.first;
  while (r.last > r.first && view.IsPunct(r.last - 1) && doc.token_kind[r.last - 1] != TokenKind::kQuote)
    --r.last;
  return r;
}

// The cue's head: its first token whose head lies outside it.
std::uint32_t CueHead(const ParseView& view, TokenRange cue) {
  for (std::uint32_t t = cue.first; t < cue.last; ++t) {
    const std::int32_t h = view.head(t);
    if (h < static_cast<std::int32_t>(cue.first) || h >= static_cast<std::int32_t>(cue.last)) return t;
  }
  return cue.first;
}

class CandidateList {
 public:
  CandidateList(const ParseView& view, TokenRange cue) : view_(view), cue_(cue) {
    list_.push_back({TokenRange{}, kNoContent, 0});
  }
  void Add(TokenRange r, ContentKind kind, std::uint32_t relation = 0) {
    if (r.last > view_.size() || r.first >= r.last) return;
    // Clip away from the cue: keep the larger side.
    if (Overlaps(r, cue_)) {
      const TokenRange before = r.first < cue_.first ? TokenRange{r.first, cue_.first} : TokenRange{};
      const TokenRange after = r.last > cue_.last ? TokenRange{cue_.last, r.last} : TokenRange{};
      r = before.size() >= after.size() ? before : after;
    }
    r = TrimEdges(view_, r);
    if (r.empty()) return;
    for (const ContentCandidate& c : list_)
      if (c.span == r) return;
    list_.push_back({r, kind, relation});
  }
  std::vector<ContentCandidate> Release() { return std::move(list_); }

 private:
  const ParseView& view_;
  TokenRange cue_;
  std::vector<ContentCandidate> list_;
};

std::uint32_t LengthBucket(std::uint32_t n) {
  std::uint32_t b = 0;
  while (n > 1 && b < 8) n >>= 1, ++b;
  return b;
}

std::uint32_t GapBucket(std::uint32_t gap) {
  return gap == 0 ? 0 : gap == 1 ? 1 : gap <= 3 ? 2 : gap <= 8 ? 3 : 4;
}

// What every candidate of a cue shares.
struct CueAtoms {
  std::uint32_t head = 0;
  std::uint64_t lemma = 0, upos = 0, deprel = 0, first_word = 0, cue_class = 0;
  std::uint64_t length = 0, in_quote = 0, subject_side = 0, head_lemma = 0, clausal_child = 0;
  std::uint64_t word_before = 0, word_after = 0, quote_adjacent = 0;
};

std::uint64_t LowerHash(std::string_view w) {
  return HashString(AsciiLower(w));
}

CueAtoms ComputeCueAtoms(const ParseView& view, TokenRange cue) {
  CueAtoms a;
  const std::uint32_t h = CueHead(view, cue);
  a.head = h;
  const std::string lemma = AsciiLower(view.lemma(h));
  a.lemma = HashString(lemma);
  a.upos = HashString(view.upos(h));
  a.deprel = HashString(view.deprel(h));
  a.first_word = LowerHash(view.text(cue.first));
  const CueInfo* info = LookupCue(lemma);
  a.cue_class = info == nullptr ? 255
                                : static_cast<std::uint64_t>(info->cue_class) * 8 +
                                      static_cast<std::uint64_t>(info->frame) * 2 + info->needs_clause;
  a.length = std::min<std::uint32_t>(cue.size(), 4);
  a.in_quote = view.quotation_of(cue.first) != kNone;
  for (std::uint32_t c : view.children(h)) {
    if (view.base_deprel(c) == "nsubj") a.subject_side = c < h ? 1 : 2;
    if (IsIn(view.deprel(c), {"ccomp", "xcomp", "parataxis"})) a.clausal_child = 1;
  }
  a.head_lemma = view.head(h) >= 0 ? LowerHash(view.lemma(static_cast<std::uint32_t>(view.head(h)))) : 0;
  const TokenRange sentence = view.doc().sentences[view.sentence_of(h)];
  a.word_before = cue.first > sentence.first ? LowerHash(view.text(cue.first - 1)) : 1;
  a.word_after = cue.last < sentence.last ? LowerHash(view.text(cue.last)) : 1;
  for (std::uint32_t t = cue.first >= 3 ? cue.first - 3 : 0; t < std::min(cue.last + 3, view.size()); ++t)
    if (view.quotation_of(t) != kNone && (t < cue.first || t >= cue.last)) a.quote_adjacent = 1;
  return a;
}

// The features of candidate `c` of a cue with atoms `a`; appended to *out.
void CandidateFeatures(const ParseView& view, TokenRange cue, const CueAtoms& a, const ContentCandidate& c,
                       std::vector<FeatureKey>* out) {
  auto add = [&](std::uint32_t templ, std::uint64_t x, std::uint64_t y = 0) {
    out->push_back(MakeFeature(templ, x, y));
  };
  if (c.kind == kNoContent) {
    add(100, 0);
    add(101, a.lemma);
    add(102, a.upos);
    add(103, a.deprel);
    add(104, a.cue_class);
    add(105, a.in_quote, a.upos);
    add(106, a.first_word, a.length);
    add(107, a.upos, a.deprel);
    add(108, a.head_lemma, a.upos);
    add(109, a.quote_adjacent, a.upos);
    add(110, a.clausal_child, a.lemma);
    add(111, a.word_before, a.upos);
    add(112, a.word_after, a.lemma);
    add(113, a.subject_side, a.upos);
    return;
  }
  const Document& doc = view.doc();
  const TokenRange r = c.span;
  const std::uint64_t kr = static_cast<std::uint64_t>(c.kind) * 1000003ULL + c.relation;
  const bool after = r.first >= cue.last;
  const std::uint32_t gap = after ? r.first - cue.last : (cue.first >= r.last ? cue.first - r.last : 0);
  const std::uint64_t side = after ? 1 : 2;
  const std::uint64_t length = LengthBucket(r.size());
  const std::uint64_t gap_bucket = GapBucket(gap);
  std::uint64_t quote_shape = 0;
  for (std::uint32_t t = r.first; t < r.last && quote_shape == 0; ++t)
    if (view.quotation_of(t) != kNone) quote_shape = 1;
  if (doc.token_kind[r.first] == TokenKind::kQuote)
    quote_shape = doc.token_kind[r.last - 1] == TokenKind::kQuote ? 3 : 2;
  std::uint64_t finite = 0;
  for (std::uint32_t t = r.first; t < r.last && finite == 0; ++t)
    if (IsIn(view.xpos(t), {"VBD", "VBZ", "VBP", "MD"})) finite = 1;
  const std::uint32_t s_first = view.sentence_of(r.first), s_last = view.sentence_of(r.last - 1);
  const std::uint64_t crosses = s_first != s_last ? 1 : 0;
  const TokenRange cue_sentence = doc.sentences[view.sentence_of(cue.first)];
  const std::uint64_t to_end = r.last >= cue_sentence.last - 1 ? 1 : 0;
  const std::uint64_t from_start = r.first <= cue_sentence.first ? 1 : 0;
  const std::uint64_t first_word = LowerHash(view.text(r.first));
  const std::uint64_t last_word = LowerHash(view.text(r.last - 1));
  const std::uint64_t first_upos = HashString(view.upos(r.first));
  const std::uint64_t last_upos = HashString(view.upos(r.last - 1));
  const std::uint64_t before_word = r.first > 0 ? LowerHash(view.text(r.first - 1)) : 1;
  const std::uint64_t after_word = r.last < view.size() ? LowerHash(view.text(r.last)) : 1;
  // The punctuation between cue and candidate (",", ":", "—"), if any.
  std::uint64_t between = 0;
  for (std::uint32_t t = after ? cue.last : r.last; t < (after ? r.first : cue.first); ++t)
    if (view.IsPunct(t)) {
      between = HashString(view.text(t));
      break;
    }

  add(1, kr);
  add(2, kr, a.lemma);
  add(3, kr, a.upos);
  add(4, kr, a.deprel);
  add(5, kr, a.cue_class);
  add(6, kr, length);
  add(7, kr, first_word);
  add(8, kr, first_upos);
  add(9, kr, last_upos);
  add(10, kr, last_word);
  add(11, kr, after_word);
  add(12, kr, before_word);
  add(13, kr, gap_bucket);
  add(14, kr, quote_shape);
  add(15, kr, finite);
  add(16, kr, crosses);
  add(17, kr, a.in_quote);
  add(18, kr, a.length);
  add(19, kr, HashCombine(a.upos, gap_bucket));
  add(20, kr, between);
  add(21, length, a.lemma);
  add(22, kr, HashCombine(to_end, from_start));
  add(23, kr, a.first_word);
  add(24, kr, HashCombine(a.subject_side, side));
  add(25, kr, HashCombine(a.lemma, side));
  add(26, kr, HashCombine(quote_shape, a.quote_adjacent));
  add(27, side, HashCombine(a.upos, length));
  add(28, kr, HashCombine(first_upos, a.upos));
  add(29, kr, a.clausal_child);
  add(30, side, HashCombine(between, a.upos));
}

std::uint32_t RelationId(const ParseView& view, std::uint32_t t) {
  return static_cast<std::uint32_t>(view.doc().deprel[t]) + 1;
}

}  // namespace

std::vector<ContentCandidate> ContentCandidates(const ParseView& view, TokenRange cue) {
  CandidateList list(view, cue);
  const Document& doc = view.doc();
  if (cue.empty() || cue.last > view.size()) return list.Release();
  const std::uint32_t h = CueHead(view, cue);
  const std::uint32_t s = view.sentence_of(cue.first);
  const TokenRange sentence = doc.sentences[s];
  // Dependents of the head.
  for (std::uint32_t c : view.children(h)) {
    if (c >= cue.first && c < cue.last) continue;
    const std::string_view rel = view.base_deprel(c);
    if (!IsIn(rel, {"ccomp", "xcomp", "parataxis", "csubj", "advcl", "acl", "obj", "nmod", "obl"})) continue;
    const TokenRange sub = view.Subtree(c);
    list.Add(sub, kDependent, RelationId(view, c));
    if (sub.first >= cue.last) list.Add({sub.first, sentence.last}, kDependentToEnd, RelationId(view, c));
  }
  list.Add({cue.last, sentence.last}, kRestAfter);
  list.Add({sentence.first, cue.first}, kRestBefore);
  for (std::uint32_t c : view.children(h))
    if (view.base_deprel(c) == "nsubj" && c < cue.first) {
      const std::uint32_t first = view.Subtree(c).first;
      if (first > sentence.first) list.Add({sentence.first, first}, kBeforeSubject);
    }
  for (std::uint32_t t = cue.last; t < sentence.last && t <= cue.last + 6; ++t)
    if (view.text(t) == "that" || view.text(t) == "That") {
      list.Add({t, sentence.last}, kThatAfter);
      break;
    }
  if (view.head(h) >= 0) {
    const std::uint32_t p = static_cast<std::uint32_t>(view.head(h));
    const TokenRange clause = view.Subtree(p);
    if (p < cue.first)
      list.Add({clause.first, view.Subtree(h).first}, kHeadClauseFar);
    else
      list.Add({view.Subtree(h).last, clause.last}, kHeadClauseFar);
  }
  // Quotations of the paragraph, nearest after and before the cue.
  const std::uint32_t paragraph = view.paragraph_of(cue.first);
  const Quotation* next = nullptr;
  const Quotation* previous = nullptr;
  for (const Quotation& q : doc.quotations) {
    if (q.depth != 0 || q.content.empty()) continue;
    const std::uint32_t first = q.open >= 0 ? static_cast<std::uint32_t>(q.open) : q.content.first;
    const std::uint32_t last = q.close >= 0 ? static_cast<std::uint32_t>(q.close) + 1 : q.content.last;
    if (first >= cue.last && view.paragraph_of(first) == paragraph && next == nullptr) next = &q;
    if (last <= cue.first && view.paragraph_of(last - 1) == paragraph) previous = &q;
  }
  auto with_marks = [](const Quotation& q) {
    return TokenRange{q.open >= 0 ? static_cast<std::uint32_t>(q.open) : q.content.first,
                      q.close >= 0 ? static_cast<std::uint32_t>(q.close) + 1 : q.content.last};
  };
  if (next != nullptr) list.Add(with_marks(*next), kQuoteAfter);
  if (previous != nullptr) list.Add(with_marks(*previous), kQuoteBefore);
  if (paragraph < doc.paragraphs.size()) {
    const TokenRange p = doc.paragraphs[paragraph].tokens;
    if (p.last > sentence.last) list.Add({cue.last, p.last}, kParagraphAfter);
  }
  // The next sentence, for a cue that ends its own.
  bool ends_sentence = true;
  for (std::uint32_t t = cue.last; t < sentence.last; ++t)
    if (!view.IsPunct(t)) ends_sentence = false;
  if (ends_sentence && s + 1 < doc.sentences.size()) list.Add(doc.sentences[s + 1], kNextSentence);
  return list.Release();
}

// ---- model ----

namespace {

float Score(const nlp::PerceptronModel& w, std::span<const FeatureKey> features) {
  float scores[2] = {0, 0};
  w.Score(features, scores);
  return scores[1] - scores[0];
}

float Score(const nlp::PerceptronTrainer& w, std::span<const FeatureKey> features) {
  float scores[2] = {0, 0};
  w.Score(features, scores);
  return scores[1] - scores[0];
}

Status SectionVersion(ByteReader* in, const std::string& name) {
  std::uint32_t v = 0;
  HEARSAY_RETURN_IF_ERROR(in->GetU32(&v));
  if (v != kContentSectionVersion)
    return Status(StatusCode::kVersionMismatch,
                  name + ": content section version " + std::to_string(v) + ", this build reads version " +
                      std::to_string(kContentSectionVersion) +
                      (v > kContentSectionVersion ? " (upgrade hearsay)" : " (retrain)"));
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<ContentModel>> ContentModel::FromFile(const ModelFile& file, const std::string& name) {
  auto in = file.Section("content.weights");
  if (!in.ok()) return in.status();
  HEARSAY_RETURN_IF_ERROR(SectionVersion(&in.value(), name));
  auto w = nlp::PerceptronModel::Deserialize(&in.value());
  if (!w.ok()) return Status(w.status().code(), name + ": " + w.status().message());
  HEARSAY_RETURN_IF_ERROR(in->ExpectEnd());
  if (w->num_classes() != 2)
    return Status(StatusCode::kCorruptModel,
                  name + ": weights for " + std::to_string(w->num_classes()) + " classes, expected 2");
  return std::make_unique<ContentModel>(std::move(w).value());
}

Result<std::unique_ptr<ContentModel>> ContentModel::Load(const std::string& path) {
  auto file = ModelFile::Load(path, "content");
  if (!file.ok()) return file.status();
  return FromFile(file.value(), path);
}

Result<std::unique_ptr<ContentModel>> ContentModel::Parse(std::string image, const std::string& name) {
  auto file = ModelFile::Parse(std::move(image), name, "content");
  if (!file.ok()) return file.status();
  return FromFile(file.value(), name);
}

ModelWriter ContentModel::Writer(const std::string& description) const {
  ModelWriter writer("content", description);
  ByteWriter w;
  w.PutU32(kContentSectionVersion);
  weights_.Serialize(&w);
  writer.AddSection("content.weights", w.Release());
  return writer;
}

std::string ContentModel::Serialize(const std::string& description) const {
  return Writer(description).Serialize();
}

Status ContentModel::Save(const std::string& path, const std::string& description) const {
  return Writer(description).WriteFile(path);
}

TokenRange ContentModel::Predict(const ParseView& view, TokenRange cue, float none_bias) const {
  if (cue.empty() || cue.last > view.size()) return {};
  const std::vector<ContentCandidate> candidates = ContentCandidates(view, cue);
  const CueAtoms atoms = ComputeCueAtoms(view, cue);
  std::vector<FeatureKey> features;
  std::size_t best = 0;
  float best_score = 0;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    features.clear();
    CandidateFeatures(view, cue, atoms, candidates[i], &features);
    float score = Score(weights_, features);
    if (i == 0) score += none_bias;
    if (i == 0 || score > best_score) best = i, best_score = score;
  }
  return candidates[best].span;
}

// ---- training ----

double ContentScores::precision() const {
  return predicted == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(predicted);
}
double ContentScores::recall() const {
  return gold == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(gold);
}
double ContentScores::f1() const {
  const double p = precision(), r = recall();
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

std::vector<TokenRange> ContentTrainingCues(const CueDocument& doc,
                                            const std::vector<TokenRange>& predicted) {
  std::vector<TokenRange> cues = predicted;
  for (const GoldAttribution& g : doc.attributions) {
    if (g.cue.empty()) continue;
    // Gold cue hulls may span sentences (a discontinuous cue): skip those.
    if (doc.doc.sentences.empty() || g.cue.last > doc.doc.num_tokens()) continue;
    bool covered = false;
    for (const TokenRange& c : cues) covered = covered || Overlaps(c, g.cue);
    if (!covered) cues.push_back(g.cue);
  }
  std::sort(cues.begin(), cues.end(), [](const TokenRange& a, const TokenRange& b) {
    return a.first != b.first ? a.first < b.first : a.last < b.last;
  });
  return cues;
}

namespace {

// One cue of a training or dev document with its candidates' features.
struct Instance {
  std::vector<TokenRange> spans;                  // per candidate
  std::vector<std::vector<FeatureKey>> features;  // per candidate
  std::vector<TokenRange> gold;                   // gold contents of overlapping gold cues
  int target = 0;                                 // best candidate, -1 when none is correct
};

bool Correct(const Instance& x, TokenRange span) {
  if (span.empty()) return false;
  for (const TokenRange& g : x.gold)
    if (Iou(span, g) >= 0.5) return true;
  return false;
}

Status MakeInstances(const std::vector<CueDocument>& docs, const CueModel& cue_model,
                     std::vector<Instance>* out) {
  for (const CueDocument& d : docs) {
    std::vector<TokenRange> predicted;
    HEARSAY_RETURN_IF_ERROR(cue_model.Predict(d.doc, &predicted));
    const ParseView view(d.doc);
    for (const TokenRange& cue : ContentTrainingCues(d, predicted)) {
      if (view.sentence_of(cue.first) != view.sentence_of(cue.last - 1)) continue;
      Instance x;
      for (const GoldAttribution& g : d.attributions)
        if (!g.cue.empty() && Overlaps(g.cue, cue)) x.gold.push_back(g.content);
      const std::vector<ContentCandidate> candidates = ContentCandidates(view, cue);
      const CueAtoms atoms = ComputeCueAtoms(view, cue);
      double best_iou = 0;
      x.target = x.gold.empty() ? 0 : -1;
      for (std::size_t i = 0; i < candidates.size(); ++i) {
        x.spans.push_back(candidates[i].span);
        x.features.emplace_back();
        CandidateFeatures(view, cue, atoms, candidates[i], &x.features.back());
        if (i == 0) continue;
        for (const TokenRange& g : x.gold) {
          const double iou = Iou(candidates[i].span, g);
          if (iou >= 0.5 && iou > best_iou) best_iou = iou, x.target = static_cast<int>(i);
        }
      }
      out->push_back(std::move(x));
    }
  }
  return Status::Ok();
}

template <typename Weights>
std::size_t Choose(const Weights& w, const Instance& x) {
  std::size_t best = 0;
  float best_score = 0;
  for (std::size_t i = 0; i < x.features.size(); ++i) {
    const float score = Score(w, x.features[i]);
    if (i == 0 || score > best_score) best = i, best_score = score;
  }
  return best;
}

ContentScores ScoreInstances(const nlp::PerceptronModel& w, const std::vector<Instance>& instances) {
  ContentScores s;
  for (const Instance& x : instances) {
    ++s.cues;
    s.gold += !x.gold.empty();
    s.reachable += x.target > 0;
    const std::size_t chosen = Choose(w, x);
    if (chosen == 0) continue;
    ++s.predicted;
    s.correct += Correct(x, x.spans[chosen]);
  }
  return s;
}

}  // namespace

Result<std::unique_ptr<ContentModel>> TrainContentModel(const std::vector<CueDocument>& train,
                                                        const std::vector<CueDocument>& dev,
                                                        const CueModel& cue_model,
                                                        const ContentTrainOptions& options,
                                                        ContentTrainReport* report) {
  std::vector<Instance> train_x, dev_x;
  HEARSAY_RETURN_IF_ERROR(MakeInstances(train, cue_model, &train_x));
  HEARSAY_RETURN_IF_ERROR(MakeInstances(dev, cue_model, &dev_x));
  if (options.verbose)
    std::fprintf(stderr, "content: %zu training cues, %zu dev cues\n", train_x.size(), dev_x.size());
  nlp::PerceptronTrainer trainer(2);
  std::vector<std::size_t> order(train_x.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937 rng(options.seed);
  nlp::PerceptronModel best;
  ContentScores best_dev;
  int best_epoch = 0, since_best = 0, epoch = 0;
  for (epoch = 1; epoch <= options.max_epochs; ++epoch) {
    // Fisher–Yates with our own draw: the same order on every platform.
    for (std::size_t i = order.size(); i > 1; --i) {
      const std::size_t j = static_cast<std::size_t>(rng() % i);
      std::swap(order[i - 1], order[j]);
    }
    for (std::size_t k : order) {
      const Instance& x = train_x[k];
      if (x.target < 0) continue;  // no candidate is right: nothing to learn
      const std::size_t guess = Choose(trainer, x);
      if (static_cast<int>(guess) != x.target) {
        trainer.Update(x.features[static_cast<std::size_t>(x.target)], 1, 0);
        trainer.Update(x.features[guess], 0, 1);
      }
      trainer.Tick();
    }
    nlp::PerceptronModel averaged = trainer.Average(options.min_weight);
    const ContentScores d = ScoreInstances(averaged, dev_x.empty() ? train_x : dev_x);
    if (options.verbose)
      std::fprintf(stderr, "content: epoch %d dev P/R/F1 %.2f/%.2f/%.2f (%zu features)\n", epoch,
                   100 * d.precision(), 100 * d.recall(), 100 * d.f1(), averaged.num_features());
    if (epoch == 1 || d.f1() > best_dev.f1()) {
      best = std::move(averaged);
      best_dev = d;
      best_epoch = epoch;
      since_best = 0;
    } else if (++since_best >= options.patience) {
      ++epoch;
      break;
    }
  }
  if (report != nullptr) {
    report->best_epoch = best_epoch;
    report->epochs_run = epoch - 1;
    report->best_dev = best_dev;
    report->train_instances = ScoreInstances(best, train_x);
  }
  return std::make_unique<ContentModel>(std::move(best));
}

Result<ContentScores> EvaluateContentModel(const ContentModel& model, const CueModel& cue_model,
                                           const std::vector<CueDocument>& docs, float none_bias) {
  ContentScores s;
  for (const CueDocument& d : docs) {
    std::vector<TokenRange> predicted;
    HEARSAY_RETURN_IF_ERROR(cue_model.Predict(d.doc, &predicted));
    const ParseView view(d.doc);
    for (const TokenRange& cue : predicted) {
      Instance x;
      for (const GoldAttribution& g : d.attributions)
        if (!g.cue.empty() && Overlaps(g.cue, cue)) x.gold.push_back(g.content);
      ++s.cues;
      s.gold += !x.gold.empty();
      const TokenRange chosen = model.Predict(view, cue, none_bias);
      if (chosen.empty()) continue;
      ++s.predicted;
      s.correct += Correct(x, chosen);
    }
  }
  return s;
}

}  // namespace hearsay::attribution
