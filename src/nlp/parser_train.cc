// Training (dynamic oracle + averaged perceptron) and scoring of the parser.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "nlp/parser.h"

namespace hearsay::nlp {
namespace {

// splitmix64: a small, portable generator, so that training is reproducible
// whatever the standard library's distributions do.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  std::size_t Below(std::size_t n) { return static_cast<std::size_t>(Next() % n); }

 private:
  std::uint64_t state_;
};

struct TrainSentence {
  std::size_t atoms_begin = 0;  // into the shared atoms array; atoms[begin] is the root
  int n = 0;
  std::vector<int> heads;   // projectivised gold heads, [0] unused
  std::vector<int> labels;  // gold label ids, [0] unused
};

void FillGoldTags(const eval::ConlluDocument& cdoc, Document* doc) {
  LabelSet upos, xpos;
  doc->ResizeAnnotationColumns();
  std::uint32_t i = 0;
  for (const auto& sentence : cdoc.sentences) {
    for (const auto& word : sentence.words) {
      doc->upos[i] = static_cast<std::uint16_t>(upos.Add(word.upos));
      doc->xpos[i] = static_cast<std::uint16_t>(xpos.Add(word.xpos));
      ++i;
    }
  }
  auto names = [](const LabelSet& set) {
    auto v = std::make_shared<std::vector<std::string>>();
    for (int k = 0; k < set.size(); ++k) v->push_back(set.Name(k));
    return LabelNames(std::move(v));
  };
  doc->upos_names = names(upos);
  doc->xpos_names = names(xpos);
  doc->filled_columns |= kColUpos | kColXpos;
}

// Scores the classes allowed in `st` (others get -inf).
int BestAllowed(const ArcEagerState& st, const std::vector<float>& scores, const std::vector<int>* costs,
                int wanted_cost) {
  int best = -1;
  float best_score = -std::numeric_limits<float>::infinity();
  for (int c = 0; c < static_cast<int>(scores.size()); ++c) {
    if (!st.CanApply(c)) continue;
    if (costs != nullptr && (*costs)[c] != wanted_cost) continue;
    if (best < 0 || scores[c] > best_score) {
      best = c;
      best_score = scores[c];
    }
  }
  return best;
}

}  // namespace

Document GoldTaggedDocument(const eval::ConlluDocument& cdoc) {
  Document doc = eval::GoldDocument(cdoc);
  FillGoldTags(cdoc, &doc);
  return doc;
}

void ScoreGoldTokens(const eval::ConlluDocument& gold, const Document& predicted, ParseScores* scores) {
  std::uint32_t i = 0;
  for (const auto& sentence : gold.sentences) {
    const std::uint32_t first = i;
    for (const auto& word : sentence.words) {
      ++scores->gold_words;
      ++scores->predicted_words;
      const std::int32_t gold_head =
          word.head == 0 ? kNoHead : static_cast<std::int32_t>(first) + word.head - 1;
      const bool head_ok = i < predicted.head.size() && predicted.head[i] == gold_head;
      const bool label_ok = i < predicted.deprel.size() &&
                            Document::LabelName(predicted.deprel_names, predicted.deprel[i]) == word.deprel;
      scores->head_correct += head_ok;
      scores->label_correct += label_ok;
      scores->labelled_correct += head_ok && label_ok;
      ++i;
    }
  }
}

void ScoreEndToEnd(const eval::ConlluDocument& gold, const eval::RebuiltText& rebuilt,
                   const Document& predicted, ParseScores* scores) {
  const std::vector<int> align = eval::AlignToGold(predicted, rebuilt);
  scores->predicted_words += predicted.num_tokens();
  std::size_t w = 0;
  for (const auto& sentence : gold.sentences) {
    const std::size_t first = w;
    for (const auto& word : sentence.words) {
      ++scores->gold_words;
      const int t = align[w];
      ++w;
      if (t < 0 || static_cast<std::size_t>(t) >= predicted.head.size()) continue;
      bool head_ok;
      if (word.head == 0) {
        head_ok = predicted.head[t] == kNoHead;
      } else {
        const int gold_head_token = align[first + static_cast<std::size_t>(word.head) - 1];
        head_ok = gold_head_token >= 0 && predicted.head[t] == gold_head_token;
      }
      const bool label_ok = Document::LabelName(predicted.deprel_names, predicted.deprel[t]) == word.deprel;
      scores->head_correct += head_ok;
      scores->label_correct += label_ok;
      scores->labelled_correct += head_ok && label_ok;
    }
  }
}

ParseScores EvaluateGoldTokens(const ParserModel& model, const std::vector<eval::ConlluDocument>& gold) {
  ParseScores scores;
  for (const auto& cdoc : gold) {
    Document doc = GoldTaggedDocument(cdoc);
    model.ParseDocument(doc);
    ScoreGoldTokens(cdoc, doc, &scores);
  }
  return scores;
}

ParseScores EvaluateTagged(const ParserModel& model, const std::vector<eval::ConlluDocument>& gold,
                           const std::vector<Document>& tagged) {
  ParseScores scores;
  for (std::size_t i = 0; i < gold.size() && i < tagged.size(); ++i) {
    Document doc = tagged[i];
    model.ParseDocument(doc);
    ScoreGoldTokens(gold[i], doc, &scores);
  }
  return scores;
}

Result<ParserModel> TrainParser(const std::vector<eval::ConlluDocument>& train,
                                const std::vector<eval::ConlluDocument>& dev,
                                const ParserTrainOptions& options, ParserTrainReport* report) {
  std::vector<Document> train_tagged, dev_tagged;
  for (const auto& cdoc : train) train_tagged.push_back(GoldTaggedDocument(cdoc));
  for (const auto& cdoc : dev) dev_tagged.push_back(GoldTaggedDocument(cdoc));
  return TrainParser(train, train_tagged, dev, dev_tagged, options, report);
}

Result<ParserModel> TrainParser(const std::vector<eval::ConlluDocument>& train,
                                const std::vector<Document>& train_tagged,
                                const std::vector<eval::ConlluDocument>& dev,
                                const std::vector<Document>& dev_tagged, const ParserTrainOptions& options,
                                ParserTrainReport* report) {
  if (train_tagged.size() != train.size() || dev_tagged.size() != dev.size())
    return Status(StatusCode::kInvalidArgument, "parser training: one tagged document per CoNLL-U document");
  const auto start = std::chrono::steady_clock::now();
  ParserTrainReport local_report;
  ParserTrainReport& rep = report ? *report : local_report;
  rep = ParserTrainReport();

  // Label and tag sets in order of first appearance (files are read sorted).
  LabelSet deprels, tags, upos;
  for (const auto& cdoc : train)
    for (const auto& sentence : cdoc.sentences)
      for (const auto& word : sentence.words) {
        deprels.Add(word.deprel);
        tags.Add(word.xpos);
        upos.Add(word.upos);
      }
  const WordClusters clusters = options.clusters ? *options.clusters : WordClusters();
  if (deprels.size() == 0) return Status(StatusCode::kInvalidArgument, "parser training: no training words");
  if (deprels.size() > 64 && options.verbose)
    std::fprintf(stderr, "parser: %d relations; label-set features fold them modulo 64\n", deprels.size());
  const int num_labels = deprels.size();
  const int num_classes = NumClasses(num_labels);
  // A model without weights computes the atoms exactly as the final one will.
  const ParserModel atom_model(deprels, tags, upos, clusters, PerceptronModel());
  const int root_label = atom_model.root_label();

  std::vector<WordAtoms> atoms;
  std::vector<TrainSentence> sentences;
  for (std::size_t d = 0; d < train.size(); ++d) {
    const eval::ConlluDocument& cdoc = train[d];
    const Document& doc = train_tagged[d];
    if (doc.sentences.size() != cdoc.sentences.size() || doc.xpos.size() != doc.num_tokens())
      return Status(StatusCode::kInvalidArgument,
                    "parser training: the tagged document of " + cdoc.id + " does not match its sentences");
    const ParserModel::TagMap tag_map = atom_model.MapTags(doc);
    for (std::size_t s = 0; s < cdoc.sentences.size(); ++s) {
      const auto& words = cdoc.sentences[s].words;
      if (doc.sentences[s].size() != words.size())
        return Status(StatusCode::kInvalidArgument,
                      "parser training: the tagged document of " + cdoc.id + " does not match its sentences");
      TrainSentence ts;
      ts.n = static_cast<int>(words.size());
      ts.atoms_begin = atoms.size();
      atoms.resize(atoms.size() + words.size() + 1);
      atom_model.ComputeAtoms(doc, doc.sentences[s].first, ts.n, tag_map, atoms.data() + ts.atoms_begin);
      ts.heads.assign(words.size() + 1, 0);
      ts.labels.assign(words.size() + 1, 0);
      bool bad = false;
      for (int k = 1; k <= ts.n; ++k) {
        ts.heads[k] = words[k - 1].head;
        ts.labels[k] = deprels.Find(words[k - 1].deprel);
        bad |= ts.heads[k] < 0 || ts.heads[k] > ts.n || ts.heads[k] == k;
      }
      if (bad) {
        if (options.verbose)
          std::fprintf(stderr, "parser: skipping a sentence of %s with bad heads\n", cdoc.id.c_str());
        continue;
      }
      const int lifted = Projectivize(&ts.heads);
      if (lifted > 0) {
        ++rep.nonprojective_sentences;
        rep.lifted_arcs += static_cast<std::size_t>(lifted);
      }
      rep.train_words += static_cast<std::size_t>(ts.n);
      sentences.push_back(std::move(ts));
    }
  }
  rep.train_sentences = sentences.size();
  if (options.verbose)
    std::fprintf(stderr,
                 "parser: %zu sentences, %zu words, %d relations, %d tags; %zu non-projective sentences "
                 "projectivised by lifting %zu arcs (%.2f%% of words)\n",
                 rep.train_sentences, rep.train_words, num_labels, tags.size(), rep.nonprojective_sentences,
                 rep.lifted_arcs,
                 100.0 * static_cast<double>(rep.lifted_arcs) / static_cast<double>(rep.train_words));

  // Features seen fewer than min_feature_count times along the oracle's
  // path are left out of training: they would rarely fire again, and
  // dropping them keeps the model small (and its lookups in cache).
  std::unordered_set<FeatureKey> kept;
  {
    std::unordered_map<FeatureKey, std::uint32_t> counts;
    FeatureKey f[kNumParserFeatures];
    ArcEagerState oracle;
    for (const TrainSentence& ts : sentences) {
      oracle.Reset(ts.n, root_label);
      while (!oracle.terminal()) {
        ExtractFeatures(oracle, atoms.data() + ts.atoms_begin, f);
        for (FeatureKey key : f) ++counts[key];
        int next = -1;
        for (int c = 0; c < num_classes && next < 0; ++c)
          if (oracle.CanApply(c) && TransitionCost(oracle, MoveOf(c), LabelOf(c), ts.heads, ts.labels) == 0)
            next = c;
        if (next < 0) break;  // cannot happen on projective trees
        oracle.Apply(next);
      }
    }
    for (const auto& [key, count] : counts)
      if (count >= options.min_feature_count) kept.insert(key);
    if (options.verbose)
      std::fprintf(stderr, "parser: %zu of %zu features seen at least %u times\n", kept.size(), counts.size(),
                   options.min_feature_count);
  }

  PerceptronTrainer trainer(num_classes);
  Random random(options.seed);
  std::vector<std::size_t> order(sentences.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::vector<float> scores(static_cast<std::size_t>(num_classes));
  std::vector<int> costs(static_cast<std::size_t>(num_classes));
  FeatureKey features[kNumParserFeatures];
  ArcEagerState st;
  ParserModel best_model;
  bool have_best = false;
  int since_best = 0;
  for (int epoch = 0; epoch < options.max_epochs; ++epoch) {
    const auto epoch_start = std::chrono::steady_clock::now();
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[random.Below(i)]);
    const bool explore = epoch >= options.exploration_epoch;
    std::size_t transitions = 0, errors = 0;
    for (const std::size_t index : order) {
      const TrainSentence& ts = sentences[index];
      const WordAtoms* sentence_atoms = atoms.data() + ts.atoms_begin;
      st.Reset(ts.n, root_label);
      while (!st.terminal()) {
        ExtractFeatures(st, sentence_atoms, features);
        std::size_t num_features = 0;
        for (FeatureKey key : features)
          if (kept.count(key) != 0) features[num_features++] = key;
        const std::span<const FeatureKey> active(features, num_features);
        std::fill(scores.begin(), scores.end(), 0.0f);
        trainer.Score(active, scores.data());
        // Costs per move, then per label.
        int move_cost[4];
        for (int m = 0; m < 4; ++m)
          move_cost[m] = st.CanApply(static_cast<Move>(m))
                             ? TransitionCost(st, static_cast<Move>(m), -1, ts.heads, ts.labels)
                             : 0;
        int min_cost = std::numeric_limits<int>::max();
        for (int c = 0; c < num_classes; ++c) {
          const Move m = MoveOf(c);
          if (!st.CanApply(m, LabelOf(c))) continue;
          int cost = move_cost[m];
          if (m == kLeftArc) {
            const int s = st.Stack(0);
            // move_cost counted the label as wrong (label -1) if the head is right.
            if (ts.heads[s] == st.Buffer(0) && LabelOf(c) == ts.labels[s]) --cost;
          } else if (m == kRightArc) {
            const int b = st.Buffer(0);
            if (ts.heads[b] == st.Stack(0) && LabelOf(c) == ts.labels[b]) --cost;
          }
          costs[static_cast<std::size_t>(c)] = cost;
          min_cost = std::min(min_cost, cost);
        }
        const int guess = BestAllowed(st, scores, nullptr, 0);
        const int truth = BestAllowed(st, scores, &costs, min_cost);
        ++transitions;
        int next = truth;
        if (costs[static_cast<std::size_t>(guess)] != min_cost) {
          ++errors;
          trainer.Update(active, truth, guess);
          if (explore && random.Uniform() < options.exploration_p) next = guess;
        }
        trainer.Tick();
        st.Apply(next);
      }
    }
    PerceptronModel averaged = trainer.Average(options.min_weight);
    const std::size_t num_features = averaged.num_features();
    ParserModel model(deprels, tags, upos, clusters, std::move(averaged));
    const ParseScores dev_scores = EvaluateTagged(model, dev, dev_tagged);
    ++rep.epochs_run;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch_start).count();
    const bool better = !have_best || dev_scores.las() > rep.best_dev.las();
    if (options.verbose)
      std::fprintf(
          stderr,
          "parser: epoch %2d  train errors %5.2f%%  dev UAS %6.2f%%  LAS %6.2f%%  %zu features  %.1f s%s\n",
          epoch + 1,
          100.0 * static_cast<double>(errors) / static_cast<double>(std::max<std::size_t>(transitions, 1)),
          100 * dev_scores.uas(), 100 * dev_scores.las(), num_features, seconds, better ? "  (best)" : "");
    if (better) {
      best_model = std::move(model);
      rep.best_dev = dev_scores;
      rep.best_epoch = epoch + 1;
      have_best = true;
      since_best = 0;
    } else if (++since_best >= options.patience) {
      break;
    }
  }
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!have_best) return Status(StatusCode::kInvalidArgument, "parser training: no epochs run");
  return best_model;
}

}  // namespace hearsay::nlp
