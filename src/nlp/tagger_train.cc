#include "nlp/tagger_train.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>

#include "eval/tag_eval.h"
#include "hearsay/reader.h"
#include "text/sentence_splitter.h"
#include "text/tokenizer.h"

namespace hearsay::nlp {
namespace {

struct Sentence {
  std::vector<TaggerTokenInfo> infos;
  std::vector<int> gold;  // joint label per token; -1 = a label the model lacks
};

std::string JointLabel(const eval::ConlluWord& w) {
  return w.upos + "|" + w.xpos;
}

// Token infos of every sentence of `docs`, with their gold joint label names.
void Collect(const std::vector<eval::ConlluDocument>& docs, const WordClusters& clusters,
             std::vector<Sentence>* sentences, std::vector<std::vector<std::string>>* names) {
  std::string scratch;
  for (const eval::ConlluDocument& cdoc : docs) {
    const Document doc = eval::TaggingGoldDocument(cdoc);
    for (std::size_t s = 0; s < cdoc.sentences.size(); ++s) {
      const TokenRange range = doc.sentences[s];
      Sentence out;
      out.infos.resize(range.size());
      std::vector<std::string> labels;
      for (std::uint32_t t = range.first; t < range.last; ++t) {
        TaggerTokenInfo& info = out.infos[t - range.first];
        ComputeTokenInfo(doc.token_norm(t), doc.token_kind[t], &scratch, &info);
        const WordClusters::Entry* e = clusters.Find(info.lower);
        if (e != nullptr) info.cluster_fine = e->fine, info.cluster_coarse = e->coarse;
        labels.push_back(JointLabel(cdoc.sentences[s].words[t - range.first]));
      }
      sentences->push_back(std::move(out));
      names->push_back(std::move(labels));
    }
  }
}

// Joint accuracy and UPOS accuracy of `model` on `dev` (gold labels -1 count
// as errors).
std::pair<double, double> DevAccuracy(const TaggerModel& model, const std::vector<Sentence>& dev) {
  std::size_t total = 0, joint = 0, upos = 0;
  std::vector<std::uint16_t> labels;
  TaggerScratch scratch;
  for (const Sentence& s : dev) {
    labels.resize(s.infos.size());
    model.TagSentence(s.infos, labels.data(), &scratch);
    for (std::size_t i = 0; i < s.infos.size(); ++i) {
      ++total;
      if (s.gold[i] < 0) continue;
      joint += labels[i] == s.gold[i];
      upos += model.upos_of(labels[i]) == model.upos_of(s.gold[i]);
    }
  }
  return {total ? double(joint) / total : 0, total ? double(upos) / total : 0};
}

// Word clusters from the training sentences and the unlabelled text.
Result<WordClusters> LearnClusters(const std::vector<eval::ConlluDocument>& train,
                                   const TaggerTrainOptions& options,
                                   const std::function<void(const std::string&)>& say) {
  std::vector<std::vector<std::uint64_t>> sentences;
  std::string scratch;
  TaggerTokenInfo info;
  for (const eval::ConlluDocument& doc : train)
    for (const eval::ConlluSentence& s : doc.sentences) {
      std::vector<std::uint64_t>& out = sentences.emplace_back();
      for (const eval::ConlluWord& w : s.words) {
        ComputeTokenInfo(w.form, TokenKind::kWord, &scratch, &info);
        out.push_back(info.lower);
      }
    }
  const text::Tokenizer tokenizer;
  const text::SentenceSplitter splitter;
  ReaderOptions reader_options;
  reader_options.lenient_utf8 = true;
  std::size_t documents = 0, tokens = 0;
  for (const std::string& input : options.unlabelled) {
    std::vector<std::string> files;
    std::error_code ec;
    if (std::filesystem::is_directory(input, ec)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(input, ec)) {
        const auto ext = e.path().extension();
        if (e.is_regular_file() && (ext == ".txt" || ext == ".jsonl")) files.push_back(e.path().string());
      }
      std::sort(files.begin(), files.end());
    } else {
      files.push_back(input);
    }
    for (const std::string& file : files) {
      auto reader = OpenReader(file, reader_options);
      if (!reader.ok()) return reader.status();
      Document doc;
      while (true) {
        bool end = false;
        const Status status = reader.value()->Next(&doc, &end);
        if (!status.ok()) {
          if (IsRecordError(status)) continue;
          return status;
        }
        if (end) break;
        HEARSAY_RETURN_IF_ERROR(tokenizer.Process(doc));
        HEARSAY_RETURN_IF_ERROR(splitter.Process(doc));
        for (const TokenRange& range : doc.sentences) {
          std::vector<std::uint64_t>& out = sentences.emplace_back();
          for (std::uint32_t t = range.first; t < range.last; ++t) {
            ComputeTokenInfo(doc.token_norm(t), doc.token_kind[t], &scratch, &info);
            out.push_back(info.lower);
          }
        }
        ++documents;
        tokens += doc.num_tokens();
      }
    }
  }
  say("clusters: " + std::to_string(documents) + " unlabelled documents, " + std::to_string(tokens) +
      " tokens");
  return WordClusters::Learn(sentences, options.clusters, say);
}

}  // namespace

Result<TaggerTrainResult> TrainTagger(const std::vector<eval::ConlluDocument>& train_docs,
                                      const std::vector<eval::ConlluDocument>& dev_docs,
                                      const TaggerTrainOptions& options,
                                      const std::function<void(const std::string&)>& progress) {
  auto say = [&](const std::string& line) {
    if (progress) progress(line);
  };
  std::vector<Sentence> train, dev;
  std::vector<std::vector<std::string>> train_names, dev_names;
  WordClusters clusters;
  if (options.fixed_clusters != nullptr) {
    clusters = *options.fixed_clusters;
  } else if (!options.unlabelled.empty()) {
    auto learned = LearnClusters(train_docs, options, say);
    if (!learned.ok()) return learned.status();
    clusters = std::move(learned).value();
  }
  Collect(train_docs, clusters, &train, &train_names);
  Collect(dev_docs, clusters, &dev, &dev_names);
  if (options.max_train_sentences > 0 && train.size() > options.max_train_sentences) {
    train.resize(options.max_train_sentences);
    train_names.resize(options.max_train_sentences);
  }
  if (train.empty()) return Status(StatusCode::kInvalidArgument, "tagger training: no training sentences");

  // Labels: frequent pairs, most frequent first (ties by name: deterministic).
  std::map<std::string, std::size_t> counts;
  for (const auto& names : train_names)
    for (const auto& n : names) ++counts[n];
  std::vector<std::pair<std::size_t, std::string>> by_count;
  for (const auto& [name, count] : counts)
    if (count >= static_cast<std::size_t>(options.label_min_count)) by_count.emplace_back(count, name);
  std::sort(by_count.begin(), by_count.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  LabelSet labels;
  for (const auto& [count, name] : by_count) labels.Add(name);
  if (labels.size() == 0) return Status(StatusCode::kInvalidArgument, "tagger training: no labels");
  // A rare pair trains as the most frequent kept pair with its XPOS, or its
  // UPOS; failing both it is not a training target.
  auto map_label = [&](const std::string& name) {
    const int found = labels.Find(name);
    if (found >= 0) return found;
    const std::size_t bar = name.find('|');
    const std::string upos = name.substr(0, bar), xpos = name.substr(bar + 1);
    for (int i = 0; i < labels.size(); ++i)
      if (labels.Name(i).substr(labels.Name(i).find('|') + 1) == xpos) return i;
    for (int i = 0; i < labels.size(); ++i)
      if (labels.Name(i).substr(0, labels.Name(i).find('|')) == upos) return i;
    return -1;
  };
  for (std::size_t s = 0; s < train.size(); ++s)
    for (const auto& n : train_names[s]) train[s].gold.push_back(map_label(n));
  for (std::size_t s = 0; s < dev.size(); ++s)
    for (const auto& n : dev_names[s]) dev[s].gold.push_back(labels.Find(n));

  // Tag dictionary: frequent words whose label (almost) never varies.
  std::unordered_map<std::uint64_t, std::map<int, std::size_t>> word_labels;
  for (const Sentence& s : train)
    for (std::size_t i = 0; i < s.infos.size(); ++i)
      if (s.gold[i] >= 0) ++word_labels[s.infos[i].word][s.gold[i]];
  std::vector<std::pair<std::uint64_t, std::uint16_t>> dict;
  for (const auto& [word, by_label] : word_labels) {
    std::size_t total = 0, best = 0;
    int best_label = 0;
    for (const auto& [label, count] : by_label) {
      total += count;
      if (count > best) best = count, best_label = label;
    }
    if (total >= static_cast<std::size_t>(options.dict_min_count) &&
        static_cast<double>(best) >= options.dict_min_share * static_cast<double>(total))
      dict.emplace_back(word, static_cast<std::uint16_t>(best_label));
  }
  std::sort(dict.begin(), dict.end());
  // Word cache: the most frequent (word, kind) pairs of the training data.
  std::unordered_map<std::uint64_t, std::pair<std::size_t, std::size_t>>
      seen;  // key → (count, first position)
  std::vector<const TaggerTokenInfo*> firsts;
  for (const Sentence& s : train)
    for (const TaggerTokenInfo& t : s.infos) {
      auto [it, added] = seen.emplace(HashCombine(t.word, t.flags >> 8), std::pair{0, firsts.size()});
      if (added) firsts.push_back(&t);
      ++it->second.first;
    }
  std::vector<std::pair<std::size_t, std::size_t>> ranked;  // (count, first position)
  for (const auto& [key, value] : seen) ranked.push_back(value);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (ranked.size() > options.cache_words) ranked.resize(options.cache_words);
  std::vector<TaggerTokenInfo> cache;
  for (const auto& [count, first] : ranked) cache.push_back(*firsts[first]);
  PerceptronTrainer trainer(labels.size());
  // A model with no weights yet, for its dictionary lookups.
  auto dict_model = TaggerModel::Create(labels, trainer.Average(1.0f), dict, {}, {});
  if (!dict_model.ok()) return dict_model.status();
  say("tagger: " + std::to_string(train.size()) + " training sentences, " + std::to_string(dev.size()) +
      " dev sentences, " + std::to_string(labels.size()) + " labels, " + std::to_string(dict.size()) +
      " words in the tag dictionary");

  // Static features of every training token, computed once.
  std::vector<std::vector<FeatureKey>> static_keys(train.size());
  for (std::size_t s = 0; s < train.size(); ++s) {
    static_keys[s].resize(train[s].infos.size() * kTaggerStaticFeatures);
    for (std::size_t i = 0; i < train[s].infos.size(); ++i)
      StaticFeatures(train[s].infos, i, static_keys[s].data() + i * kTaggerStaticFeatures);
  }

  std::vector<std::size_t> order(train.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(options.seed);
  std::vector<float> scores(static_cast<std::size_t>(labels.size()));
  FeatureKey keys[kTaggerFeatures];
  std::optional<TaggerTrainResult> best;
  int since_best = 0;
  for (int epoch = 1; epoch <= options.max_epochs; ++epoch) {
    // Fisher-Yates with the raw generator: the same order on every platform.
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    std::size_t seen = 0, correct = 0;
    for (std::size_t s : order) {
      const Sentence& sentence = train[s];
      int prev1 = -1, prev2 = -1;
      for (std::size_t i = 0; i < sentence.infos.size(); ++i) {
        const int truth = sentence.gold[i];
        int guess = dict_model->DictLabel(sentence.infos[i].word);
        if (guess < 0) {
          std::copy_n(static_keys[s].data() + i * kTaggerStaticFeatures, kTaggerStaticFeatures, keys);
          DynamicFeatures(sentence.infos[i], prev1, prev2, keys + kTaggerStaticFeatures);
          std::fill(scores.begin(), scores.end(), 0.0f);
          trainer.Score(keys, scores.data());
          guess = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
          if (truth >= 0) trainer.Update(keys, truth, guess);
          trainer.Tick();
        }
        ++seen;
        correct += guess == truth;
        prev2 = prev1;
        prev1 = guess;
      }
    }
    auto model = TaggerModel::Create(labels, trainer.Average(options.min_weight), dict, cache, clusters);
    if (!model.ok()) return model.status();
    const auto [joint, upos] = DevAccuracy(model.value(), dev);
    say("tagger: epoch " + std::to_string(epoch) + ": train " + std::to_string(100.0 * correct / seen) +
        "%, dev UPOS|XPOS " + std::to_string(100 * joint) + "%, dev UPOS " + std::to_string(100 * upos) +
        "%, " + std::to_string(model->weights().num_features()) + " features");
    if (!best || joint > best->dev_joint_accuracy) {
      best = TaggerTrainResult{std::move(model).value(), epoch, joint, upos};
      since_best = 0;
    } else if (++since_best >= options.patience) {
      break;
    }
  }
  say("tagger: keeping epoch " + std::to_string(best->best_epoch));
  return std::move(*best);
}

Result<std::vector<Document>> JackknifeTag(const std::vector<eval::ConlluDocument>& docs,
                                           const std::vector<eval::ConlluDocument>& dev, int folds,
                                           const TaggerTrainOptions& options, int threads,
                                           const std::function<void(const std::string&)>& progress) {
  if (folds < 2 || static_cast<std::size_t>(folds) > docs.size())
    return Status(StatusCode::kInvalidArgument,
                  "jackknifing: need 2..(number of documents) folds, got " + std::to_string(folds));
  const auto k = static_cast<std::size_t>(folds);
  std::vector<Document> tagged(docs.size());
  std::vector<Status> status(k);
  std::vector<std::string> lines(k);
  // Each fold only writes its own documents, status and line: the result
  // does not depend on how folds are spread over threads.
  auto run_fold = [&](std::size_t fold) {
    std::vector<eval::ConlluDocument> rest;
    for (std::size_t i = 0; i < docs.size(); ++i)
      if (i % k != fold) rest.push_back(docs[i]);
    auto trained = TrainTagger(rest, dev, options, {});
    if (!trained.ok()) {
      status[fold] = trained.status();
      return;
    }
    const Tagger tagger(std::make_shared<const TaggerModel>(std::move(trained->model)));
    std::size_t words = 0, correct = 0;
    for (std::size_t i = fold; i < docs.size(); i += k) {
      tagged[i] = eval::TaggingGoldDocument(docs[i]);
      status[fold] = tagger.Process(tagged[i]);
      if (!status[fold].ok()) return;
      std::uint32_t t = 0;
      for (const eval::ConlluSentence& s : docs[i].sentences)
        for (const eval::ConlluWord& w : s.words) {
          ++words;
          correct += Document::LabelName(tagged[i].xpos_names, tagged[i].xpos[t]) == w.xpos;
          ++t;
        }
    }
    char line[160];
    std::snprintf(line, sizeof line, "jackknife: fold %zu of %zu: tagger epoch %d, held-out XPOS %.2f%%",
                  fold + 1, k, trained->best_epoch,
                  words ? 100.0 * static_cast<double>(correct) / static_cast<double>(words) : 0.0);
    lines[fold] = line;
  };
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t fold; (fold = next.fetch_add(1)) < k;) run_fold(fold);
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < std::min(threads, folds); ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  for (std::size_t fold = 0; fold < k; ++fold) {
    HEARSAY_RETURN_IF_ERROR(status[fold]);
    if (progress) progress(lines[fold]);
  }
  return tagged;
}

}  // namespace hearsay::nlp
