#include "attribution/cue_model_train.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <string_view>
#include <thread>

#include "attribution/cue_features.h"
#include "attribution/cues.h"
#include "attribution/parse_view.h"
#include "attribution/statements.h"
#include "attribution/words.h"
#include "text/utf8.h"

namespace hearsay::attribution {
namespace {

using Json = nlohmann::json;

// Sorts and merges ranges that share a token (ranges that only touch stay
// apart: two cues side by side are two cues).
void SortAndMerge(std::vector<TokenRange>* spans) {
  std::sort(spans->begin(), spans->end(), [](const TokenRange& a, const TokenRange& b) {
    return a.first != b.first ? a.first < b.first : a.last < b.last;
  });
  std::vector<TokenRange> out;
  for (const TokenRange& s : *spans) {
    if (s.empty()) continue;
    if (!out.empty() && s.first < out.back().last) {
      out.back().last = std::max(out.back().last, s.last);
    } else {
      out.push_back(s);
    }
  }
  *spans = std::move(out);
}

// The fragments of a "cue_span": [s, e] or [[s, e], …]; empty when malformed.
std::vector<std::pair<std::int64_t, std::int64_t>> Fragments(const Json& span) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  if (!span.is_array() || span.empty()) return out;
  if (span[0].is_number_integer()) {
    if (span.size() == 2 && span[1].is_number_integer())
      out.emplace_back(span[0].get<std::int64_t>(), span[1].get<std::int64_t>());
    return out;
  }
  for (const Json& f : span)
    if (f.is_array() && f.size() == 2 && f[0].is_number_integer() && f[1].is_number_integer())
      out.emplace_back(f[0].get<std::int64_t>(), f[1].get<std::int64_t>());
  return out;
}

double Ratio(std::size_t a, std::size_t b) {
  return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b);
}

double F1(double p, double r) {
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

// A lowercase copy of an ASCII-cased lemma ("Asked" at a sentence start).
std::string LowerLemma(std::string_view lemma) {
  return AsciiLower(lemma);
}

}  // namespace

std::vector<std::string> CueTrainingPipelineNames() {
  return {"tokenizer", "sentences", "quotations", "tagger", "lemmatizer", "parser", "entities"};
}

namespace {

// Maps code-point spans of an evaluation record's text to tokens of the
// Document made from that text.
class CodePointsToTokens {
 public:
  CodePointsToTokens(const Document& doc, const Json& record) : doc_(doc) {
    const auto text_it = record.find("text");
    if (text_it == record.end() || !text_it->is_string()) return;
    const std::string& text = text_it->get_ref<const std::string&>();
    // The Document drops a leading byte-order mark; offsets count it.
    if (text != doc.text() && text.size() == doc.text().size() + 3 && text.starts_with("\xEF\xBB\xBF"))
      shift_ = 3;
    else if (text != doc.text())
      return;
    byte_at_ = utf8::CodePointStarts(text);
    ok_ = true;
  }
  bool ok() const { return ok_; }

  // The tokens whose bytes overlap code points [b, e); empty when none do.
  TokenRange Tokens(std::int64_t b, std::int64_t e) const {
    const auto chars = static_cast<std::int64_t>(byte_at_.size() - 1);
    b = std::clamp<std::int64_t>(b, 0, chars);
    e = std::clamp<std::int64_t>(e, 0, chars);
    if (b >= e) return {};
    const std::size_t bb = byte_at_[b] - std::min(shift_, byte_at_[b]);
    const std::size_t eb = byte_at_[e] - std::min(shift_, byte_at_[e]);
    // Tokens whose bytes overlap [bb, eb): the first one ending after bb.
    auto first =
        std::upper_bound(doc_.token_end.begin(), doc_.token_end.end(), static_cast<std::uint32_t>(bb));
    std::uint32_t t = static_cast<std::uint32_t>(first - doc_.token_end.begin());
    const std::uint32_t start = t;
    while (t < doc_.num_tokens() && doc_.token_begin[t] < eb) ++t;
    return t > start ? TokenRange{start, t} : TokenRange{};
  }

  // The smallest token range holding every fragment of `span`.
  TokenRange Hull(const Json& span) const {
    TokenRange hull;
    for (auto [b, e] : Fragments(span)) {
      const TokenRange r = Tokens(b, e);
      if (r.empty()) continue;
      hull = hull.empty() ? r : TokenRange{std::min(hull.first, r.first), std::max(hull.last, r.last)};
    }
    return hull;
  }

 private:
  const Document& doc_;
  std::vector<std::size_t> byte_at_;
  std::size_t shift_ = 0;
  bool ok_ = false;
};

}  // namespace

std::vector<GoldAttribution> GoldAttributions(const Document& doc, const Json& record) {
  std::vector<GoldAttribution> out;
  const CodePointsToTokens map(doc, record);
  const auto statements = record.find("statements");
  if (!map.ok() || statements == record.end() || !statements->is_array()) return out;
  for (const Json& st : *statements) {
    GoldAttribution a;
    if (const auto it = st.find("cue_span"); it != st.end()) a.cue = map.Hull(*it);
    if (const auto it = st.find("content_span"); it != st.end()) a.content = map.Hull(*it);
    if (const auto it = st.find("source_span"); it != st.end()) a.source = map.Hull(*it);
    if (!a.content.empty()) out.push_back(a);
  }
  return out;
}

std::vector<TokenRange> GoldCueSpans(const Document& doc, const Json& record,
                                     std::size_t* cut_at_sentence_end) {
  std::vector<TokenRange> spans;
  if (cut_at_sentence_end != nullptr) *cut_at_sentence_end = 0;
  const CodePointsToTokens map(doc, record);
  const auto statements = record.find("statements");
  if (!map.ok() || statements == record.end() || !statements->is_array()) return spans;
  for (const Json& st : *statements) {
    const auto cue = st.find("cue_span");
    if (cue == st.end()) continue;
    for (auto [b, e] : Fragments(*cue)) {
      const TokenRange r = map.Tokens(b, e);
      if (!r.empty()) spans.push_back(r);
    }
  }
  SortAndMerge(&spans);
  // Cut at sentence boundaries.
  std::vector<TokenRange> cut;
  std::size_t s = 0, cuts = 0;
  for (const TokenRange& span : spans) {
    std::uint32_t first = span.first;
    while (first < span.last) {
      while (s < doc.sentences.size() && doc.sentences[s].last <= first) ++s;
      const std::uint32_t end =
          s < doc.sentences.size() ? std::min(span.last, doc.sentences[s].last) : span.last;
      cut.push_back({first, end});
      if (end < span.last) ++cuts;
      first = end;
    }
  }
  if (cut_at_sentence_end != nullptr) *cut_at_sentence_end = cuts;
  return cut;
}

Result<std::vector<CueDocument>> PrepareCueDocuments(const std::vector<Json>& records,
                                                     const Pipeline& pipeline, int threads,
                                                     std::size_t stride) {
  stride = std::max<std::size_t>(stride, 1);
  std::vector<std::size_t> picked;
  for (std::size_t i = 0; i < records.size(); i += stride) picked.push_back(i);
  std::vector<CueDocument> docs(picked.size());
  std::vector<Status> errors(picked.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t k = next++; k < picked.size(); k = next++) {
      const Json& record = records[picked[k]];
      CueDocument& out = docs[k];
      out.id = record.value("doc_id", std::string());
      out.doc = Document(record.value("text", std::string()), DocumentMetadata{});
      out.doc.mutable_metadata().id = out.id;
      const Status st = pipeline.Process(out.doc);
      if (!st.ok()) {
        errors[k] = Status(st.code(), out.id + ": " + st.message());
        continue;
      }
      out.gold = GoldCueSpans(out.doc, record, &out.cut_at_sentence_end);
      out.attributions = GoldAttributions(out.doc, record);
    }
  };
  const int n = std::clamp(threads, 1, 64);
  std::vector<std::thread> pool;
  for (int i = 1; i < n; ++i) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  for (const Status& st : errors)
    if (!st.ok()) return st;
  return docs;
}

// ---- scores ----

void CueScores::Add(const std::vector<TokenRange>& gold, const std::vector<TokenRange>& predicted) {
  gold_spans += gold.size();
  predicted_spans += predicted.size();
  std::uint32_t end = 0;
  for (const auto* list : {&gold, &predicted})
    for (const TokenRange& r : *list) end = std::max(end, r.last);
  std::vector<std::uint8_t> mark(end, 0);
  for (const TokenRange& r : gold)
    for (std::uint32_t t = r.first; t < r.last; ++t) mark[t] |= 1;
  for (const TokenRange& r : predicted)
    for (std::uint32_t t = r.first; t < r.last; ++t) mark[t] |= 2;
  for (std::uint8_t m : mark) {
    gold_tokens += (m & 1) != 0;
    predicted_tokens += (m & 2) != 0;
    correct_tokens += m == 3;
  }
  auto overlaps = [](const TokenRange& a, const TokenRange& b) {
    return a.first < b.last && b.first < a.last;
  };
  for (const TokenRange& g : gold) {
    bool exact = false, any = false;
    for (const TokenRange& p : predicted) {
      exact = exact || p == g;
      any = any || overlaps(p, g);
    }
    exact_spans += exact;
    gold_overlapped += any;
  }
  for (const TokenRange& p : predicted)
    predicted_overlapping +=
        std::any_of(gold.begin(), gold.end(), [&](const TokenRange& g) { return overlaps(p, g); });
}

double CueScores::token_precision() const {
  return Ratio(correct_tokens, predicted_tokens);
}
double CueScores::token_recall() const {
  return Ratio(correct_tokens, gold_tokens);
}
double CueScores::token_f1() const {
  return F1(token_precision(), token_recall());
}
double CueScores::exact_precision() const {
  return Ratio(exact_spans, predicted_spans);
}
double CueScores::exact_recall() const {
  return Ratio(exact_spans, gold_spans);
}
double CueScores::exact_f1() const {
  return F1(exact_precision(), exact_recall());
}
double CueScores::overlap_precision() const {
  return Ratio(predicted_overlapping, predicted_spans);
}
double CueScores::overlap_recall() const {
  return Ratio(gold_overlapped, gold_spans);
}
double CueScores::overlap_f1() const {
  return F1(overlap_precision(), overlap_recall());
}

// ---- peers ----

std::vector<TokenRange> LexiconCues(const Document& doc) {
  std::vector<TokenRange> out;
  if ((doc.filled_columns & kCueModelColumns) != kCueModelColumns) return out;
  const ParseView view(doc);
  for (std::uint32_t t = 0; t < view.size(); ++t) {
    if (view.quotation_of(t) != kNone) continue;
    // The conditions of the cue-verb sieve (statements.cc: IsCueVerb).
    if (view.upos(t) == "VERB" && view.deprel(t) != "amod" && view.deprel(t) != "compound" &&
        !(view.deprel(t) == "acl" && view.xpos(t) == "VBN") && !(t > 0 && view.text(t - 1) == "so-") &&
        LookupCue(LowerLemma(view.lemma(t))) != nullptr) {
      out.push_back({t, t + 1});
      continue;
    }
    // The according-to sieve.
    if ((view.lemma(t) == "accord" || view.text(t) == "according" || view.text(t) == "According") &&
        t + 1 < view.size() && view.text(t + 1) == "to") {
      out.push_back({t, t + 2});
      ++t;
    }
  }
  return out;
}

std::vector<TokenRange> ExtractorCues(const Document& doc) {
  Document copy = doc;
  FindStatements(copy);
  std::vector<TokenRange> out;
  for (const Statement& s : copy.statements) {
    if (!s.cue.empty()) out.push_back(s.cue);
    if (s.cue_particle != kNone) {
      const auto p = static_cast<std::uint32_t>(s.cue_particle);
      out.push_back({p, p + 1});
    }
  }
  SortAndMerge(&out);
  return out;
}

std::vector<TokenRange> UnionOfCues(std::vector<TokenRange> a, const std::vector<TokenRange>& b) {
  a.insert(a.end(), b.begin(), b.end());
  SortAndMerge(&a);
  return a;
}

// ---- training ----

class CueTrainer {
 public:
  static Result<std::unique_ptr<CueModel>> Train(const std::vector<CueDocument>& train,
                                                 const std::vector<CueDocument>& dev,
                                                 const CueTrainOptions& options, CueTrainReport* report) {
    const auto start = std::chrono::steady_clock::now();
    if (train.empty()) return Status(StatusCode::kInvalidArgument, "cues: no training documents");
    // Atoms and gold labels of every training document, computed once.
    std::vector<std::vector<cue_features::Atoms>> atoms(train.size());
    std::vector<std::vector<std::uint8_t>> gold(train.size());
    std::size_t tokens = 0, spans = 0;
    for (std::size_t d = 0; d < train.size(); ++d) {
      const Document& doc = train[d].doc;
      if (const Status st = cue_features::CheckInput(doc); !st.ok())
        return Status(st.code(), "training document " + train[d].id + ": " + st.message());
      cue_features::ComputeAtoms(doc, &atoms[d], &options.clusters);
      gold[d] = SpansToBio(train[d].gold, doc.num_tokens());
      tokens += doc.num_tokens();
      spans += train[d].gold.size();
    }
    std::vector<std::size_t> order(train.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::mt19937 rng(options.seed);

    nlp::PerceptronTrainer trainer(kNumCueLabels);
    nlp::FeatureKey features[cue_features::kMaxFeatures];
    std::unique_ptr<CueModel> best;
    CueScores best_scores;
    double best_f1 = -1;
    int best_epoch = 0, epoch = 0;
    for (epoch = 1; epoch <= options.max_epochs; ++epoch) {
      // Fisher–Yates with our own index draw: std::shuffle's use of the
      // generator differs between standard libraries.
      for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
      std::size_t errors = 0;
      for (std::size_t d : order) {
        for (const TokenRange& sentence : train[d].doc.sentences) {
          for (std::uint32_t t = sentence.first; t < sentence.last; ++t) {
            // The history features read the gold labels of the tokens
            // before t (teacher forcing): on PolNeAR dev this gave better
            // scores on every measure, and a smaller model, than the
            // predicted history the entity trainer uses.
            const int count = cue_features::Extract(atoms[d], sentence, t, gold[d].data(), features);
            const std::span<const nlp::FeatureKey> fs(features, count);
            float scores[kNumCueLabels] = {0, 0, 0};
            trainer.Score(fs, scores);
            // The unconstrained best label: Label's rule (no I after O)
            // is left to decoding; the history features learn it.
            const int guess = static_cast<int>(std::max_element(scores, scores + kNumCueLabels) - scores);
            const int truth = gold[d][t];
            trainer.Update(fs, truth, guess);
            trainer.Tick();
            errors += guess != truth;
          }
        }
      }
      auto candidate = std::make_unique<CueModel>();
      candidate->weights_ = trainer.Average(options.min_weight);
      candidate->clusters_ = options.clusters;
      CueScores scores;
      if (!dev.empty()) {
        auto s = EvaluateCueModel(*candidate, dev);
        if (!s.ok()) return s.status();
        scores = s.value();
      }
      const double f1 = dev.empty() ? epoch : scores.token_f1();
      if (options.verbose) {
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::fprintf(
            stderr,
            "cues: epoch %2d  train label errors %5.2f%%  dev token F1 %6.2f%%  exact span F1 %6.2f%%  "
            "overlap F1 %6.2f%%  %zu features  %.0f s\n",
            epoch,
            100.0 * static_cast<double>(errors) / static_cast<double>(std::max<std::size_t>(1, tokens)),
            100 * scores.token_f1(), 100 * scores.exact_f1(), 100 * scores.overlap_f1(),
            candidate->weights_.num_features(), secs);
      }
      if (f1 > best_f1) {
        best_f1 = f1;
        best_epoch = epoch;
        best_scores = scores;
        best = std::move(candidate);
      } else if (epoch - best_epoch >= options.patience) {
        break;
      }
    }
    if (report != nullptr) {
      report->best_epoch = best_epoch;
      report->epochs_run = std::min(epoch, options.max_epochs);
      report->best_dev = best_scores;
      report->train_tokens = tokens;
      report->train_spans = spans;
    }
    if (best == nullptr)
      return Status(StatusCode::kInvalidArgument, "cues: no epoch was run (max_epochs < 1)");
    return best;
  }
};

Result<std::unique_ptr<CueModel>> TrainCueModel(const std::vector<CueDocument>& train,
                                                const std::vector<CueDocument>& dev,
                                                const CueTrainOptions& options, CueTrainReport* report) {
  return CueTrainer::Train(train, dev, options, report);
}

Result<CueScores> EvaluateCueModel(const CueModel& model, const std::vector<CueDocument>& docs) {
  CueScores scores;
  std::vector<TokenRange> predicted;
  for (const CueDocument& d : docs) {
    const Status st = model.Predict(d.doc, &predicted);
    if (!st.ok()) return Status(st.code(), d.id + ": " + st.message());
    scores.Add(d.gold, predicted);
  }
  return scores;
}

}  // namespace hearsay::attribution
