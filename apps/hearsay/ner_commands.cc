// `hearsay train ner`, `hearsay eval ner` and `hearsay bench ner`: the entity
// recogniser's commands, registered through RegisterCommands (cli_common.h).
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "eval/conllu.h"
#include "eval/entity_eval.h"
#include "nlp/entities.h"
#include "nlp/tagger.h"
#include "nlp/tagger_train.h"

namespace hearsay::cli {
namespace {

struct NerOptions {
  std::string train_dir, dev_dir, out, conllu_dir, clusters_from, tagger, tags_cache;
  int jackknife = 0, threads = 2, ensemble = 1;
  std::string pos_features = "labeller";
  bool stopless_titles = false;
  bool viterbi = false, typer_context_clusters = false;
  std::string models_dir = DefaultModelsDirectory();
  bool json = false, use_pos = false, gold_pos = false;
  int epochs = 15;
  float min_weight = 0.05f;
  int repeat = 5;
  std::size_t max_errors = 0;
  std::vector<std::string> inputs;
  InputOptions input;
  std::vector<std::uint32_t> seeds = {1};
};

// The model file for `seed` when several are trained: "ner.hsm" →
// "ner.seed2.hsm".
std::string SeedPath(const std::string& out, std::uint32_t seed, bool several) {
  if (!several) return out;
  const std::filesystem::path p(out);
  return (p.parent_path() / (p.stem().string() + ".seed" + std::to_string(seed) + p.extension().string()))
      .string();
}

// Named mentions kept by the rule of nlp/entity_gold.h, per type, beside
// all GUM mentions of the same types.
Status PrintGoldCounts(const char* what, const std::vector<eval::ConlluDocument>& docs) {
  std::array<std::size_t, nlp::kEntityTypes.size()> named{}, all{};
  for (const auto& doc : docs) {
    auto spans = nlp::GoldEntities(doc);
    if (!spans.ok()) return Status(spans.status().code(), doc.id + ": " + spans.status().message());
    for (const EntityMention& m : spans.value()) ++named[m.type];
    for (const auto& s : doc.sentences) {
      auto mentions = nlp::ParseGumMentions(s);
      if (!mentions.ok()) return mentions.status();
      for (const auto& m : mentions.value())
        if (const int t = nlp::EntityTypeIndex(m.type); t >= 0) ++all[t];
    }
  }
  std::fprintf(stderr, "ner: %s named mentions kept / GUM mentions:", what);
  for (std::size_t t = 0; t < named.size(); ++t)
    std::fprintf(stderr, " %s %zu/%zu", std::string(nlp::kEntityTypes[t]).c_str(), named[t], all[t]);
  std::fprintf(stderr, "\n");
  return Status::Ok();
}

// The jackknifed tags of the training documents, saved so that trainings
// that differ only in the recogniser's options (seeds, features) need not
// retrain ten taggers: a header naming the tagger file's hash and the folds,
// then per document its id and one "UPOS XPOS" line per word.
std::string TagsKey(const std::string& tagger_path, int folds) {
  std::ifstream in(tagger_path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  char key[96];
  std::snprintf(key, sizeof key, "hearsay jackknifed tags v1 tagger %016llx folds %d",
                static_cast<unsigned long long>(HashString(bytes.str())), folds);
  return key;
}

Status WriteTagsCache(const std::string& path, const std::string& key,
                      const std::vector<eval::ConlluDocument>& docs, const std::vector<Document>& tags) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << key << "\n";
  for (std::size_t d = 0; d < docs.size(); ++d) {
    out << "# " << docs[d].id << " " << tags[d].num_tokens() << "\n";
    for (std::uint32_t i = 0; i < tags[d].num_tokens(); ++i)
      out << Document::LabelName(tags[d].upos_names, tags[d].upos[i]) << " "
          << Document::LabelName(tags[d].xpos_names, tags[d].xpos[i]) << "\n";
  }
  out.close();
  if (!out) return Status(StatusCode::kIoError, path + ": cannot write the tags cache");
  return Status::Ok();
}

// The cached tags, or nullopt when the file is absent or was made for other
// documents, another tagger or other folds.
std::optional<std::vector<Document>> ReadTagsCache(const std::string& path, const std::string& key,
                                                   const std::vector<eval::ConlluDocument>& docs) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line) || line != key) return std::nullopt;
  std::vector<Document> out;
  for (const auto& cdoc : docs) {
    Document doc = eval::GoldDocument(cdoc);
    if (!std::getline(in, line) || line != "# " + cdoc.id + " " + std::to_string(doc.num_tokens()))
      return std::nullopt;
    doc.ResizeAnnotationColumns();
    std::map<std::string, std::uint16_t> upos_ids, xpos_ids;
    auto upos_names = std::make_shared<std::vector<std::string>>();
    auto xpos_names = std::make_shared<std::vector<std::string>>();
    for (std::uint32_t i = 0; i < doc.num_tokens(); ++i) {
      if (!std::getline(in, line)) return std::nullopt;
      const auto space = line.find(' ');
      if (space == std::string::npos) return std::nullopt;
      const auto u = upos_ids.emplace(line.substr(0, space), static_cast<std::uint16_t>(upos_names->size()));
      if (u.second) upos_names->push_back(u.first->first);
      const auto x = xpos_ids.emplace(line.substr(space + 1), static_cast<std::uint16_t>(xpos_names->size()));
      if (x.second) xpos_names->push_back(x.first->first);
      doc.upos[i] = u.first->second;
      doc.xpos[i] = x.first->second;
    }
    doc.upos_names = upos_names;
    doc.xpos_names = xpos_names;
    doc.filled_columns |= kColUpos | kColXpos;
    out.push_back(std::move(doc));
  }
  return out;
}

int RunTrain(const NerOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  auto train = eval::ReadConlluDirectory(o.train_dir);
  if (!train.ok()) {
    PrintError(train.status());
    return kExitFailure;
  }
  auto dev = eval::ReadConlluDirectory(o.dev_dir);
  if (!dev.ok()) {
    PrintError(dev.status());
    return kExitFailure;
  }
  for (const auto& [what, docs] : {std::pair{"train", &train.value()}, std::pair{"dev", &dev.value()}}) {
    const Status st = PrintGoldCounts(what, *docs);
    if (!st.ok()) {
      PrintError(st);
      return kExitFailure;
    }
  }
  nlp::EntityTrainOptions options;
  const bool tags = o.use_pos || !o.tagger.empty();
  options.use_pos = tags && o.pos_features != "typer";
  options.typer_pos = tags && o.pos_features != "labeller";
  options.max_epochs = o.epochs;
  options.min_weight = o.min_weight;
  options.ensemble = o.ensemble;
  options.stopless_titles = o.stopless_titles;
  options.viterbi = o.viterbi;
  options.typer_context_clusters = o.typer_context_clusters;
  if (o.jackknife > 0 && o.tagger.empty()) {
    PrintError(Status(StatusCode::kInvalidArgument, "--jackknife needs --tagger (its word clusters)"));
    return kExitUsage;
  }
  std::optional<nlp::TaggerModel> tagger_model;
  if (!o.tagger.empty()) {
    auto loaded = nlp::TaggerModel::Load(o.tagger);
    if (!loaded.ok()) {
      PrintError(loaded.status());
      return kExitFailure;
    }
    tagger_model = std::move(loaded).value();
    options.clusters = tagger_model->clusters();
  }
  if (!o.clusters_from.empty()) {
    auto tagger = nlp::TaggerModel::Load(o.clusters_from);
    if (!tagger.ok()) {
      PrintError(tagger.status());
      return kExitFailure;
    }
    options.clusters = tagger->clusters();
  }
  // The tags the recogniser learns from and is early-stopped on: gold
  // (--pos), or the tagger's on dev and, with --jackknife, on the training
  // documents from taggers that never saw them, as noisy as at run time.
  std::vector<Document> train_tags, dev_tags;
  const std::string tags_key = o.jackknife > 0 ? TagsKey(o.tagger, o.jackknife) : "";
  std::optional<std::vector<Document>> cached;
  if (o.jackknife > 0 && !o.tags_cache.empty()) cached = ReadTagsCache(o.tags_cache, tags_key, train.value());
  if (cached) {
    std::fprintf(stderr, "ner: jackknifed tags read from %s\n", o.tags_cache.c_str());
    train_tags = std::move(*cached);
    options.train_tags = &train_tags;
  } else if (o.jackknife > 0) {
    nlp::TaggerTrainOptions tagger_options;
    tagger_options.fixed_clusters = &tagger_model->clusters();
    auto jackknifed =
        nlp::JackknifeTag(train.value(), dev.value(), o.jackknife, tagger_options, o.threads,
                          [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); });
    if (!jackknifed.ok()) {
      PrintError(jackknifed.status());
      return kExitFailure;
    }
    train_tags = std::move(jackknifed).value();
    options.train_tags = &train_tags;
    if (!o.tags_cache.empty()) {
      const Status st = WriteTagsCache(o.tags_cache, tags_key, train.value(), train_tags);
      if (!st.ok()) {
        PrintError(st);
        return kExitFailure;
      }
    }
  }
  if (tagger_model) {
    const nlp::Tagger tagger(std::make_shared<const nlp::TaggerModel>(*tagger_model));
    for (const auto& cdoc : dev.value()) {
      dev_tags.push_back(eval::GoldDocument(cdoc));
      const Status status = tagger.Process(dev_tags.back());
      if (!status.ok()) {
        PrintError(status);
        return kExitFailure;
      }
    }
    options.dev_tags = &dev_tags;
  }
  const double tag_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Several seeds share the tags (the jackknife is most of the time).
  for (const std::uint32_t seed : o.seeds) {
    const auto seed_start = std::chrono::steady_clock::now();
    options.seed = seed;
    nlp::EntityTrainReport report;
    auto model = nlp::TrainEntityModel(train.value(), dev.value(), options, &report);
    if (!model.ok()) {
      PrintError(model.status());
      return kExitFailure;
    }
    const double seconds =
        tag_seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - seed_start).count();
    char description[512];
    std::snprintf(description, sizeof description,
                  "named-entity recogniser (%s BILOU, averaged perceptron%s%s%s); trained on %zu GUM "
                  "documents, seed %u, best epoch %d (span typer: %d), dev F1 person+organization+place "
                  "%.2f%% (gold tokens)",
                  o.viterbi ? "Viterbi" : "greedy",
                  !tags              ? ", no POS features"
                  : o.jackknife > 0  ? ", POS features from jackknifed tags in the "
                  : o.tagger.empty() ? ", POS features from gold tags in the "
                                     : ", POS features (dev tagged) in the ",
                  tags ? o.pos_features.c_str() : "",
                  o.ensemble > 1 ? (", ensemble of " + std::to_string(o.ensemble)).c_str() : "",
                  train->size(), seed, report.best_epoch, report.best_typer_epoch, 100 * report.best_dev_f1);
    const std::string out = SeedPath(o.out, seed, o.seeds.size() > 1);
    const auto saved = SaveAndReload(*model.value(), out, description);
    if (!saved) return kExitFailure;
    std::fprintf(stderr,
                 "ner: wrote %s (%zu bytes, %zu features) in %.1f s (%.1f s of it reading and tagging the "
                 "data); best epoch %d, "
                 "span typer epoch %d, dev F1 %.2f%%\n",
                 out.c_str(), saved->bytes, saved->features, seconds, tag_seconds, report.best_epoch,
                 report.best_typer_epoch, 100 * report.best_dev_f1);
  }
  return kExitOk;
}

nlohmann::json CountsJson(const eval::PrfCounts& c) {
  return {{"gold", c.gold},       {"predicted", c.predicted},
          {"correct", c.correct}, {"precision", c.precision()},
          {"recall", c.recall()}, {"f1", c.f1()}};
}

nlohmann::json EntityCountsJson(const eval::EntityCounts& c) {
  nlohmann::json j;
  for (std::size_t t = 0; t < nlp::kEntityTypes.size(); ++t)
    j[std::string(nlp::kEntityTypes[t])] = CountsJson(c.by_type[t]);
  j["person+organization+place"] = CountsJson(c.core);
  j["all"] = CountsJson(c.all);
  return j;
}

void PrintCounts(const char* title, const eval::EntityCounts& c) {
  std::printf("%s\n%-28s %7s %7s %7s\n", title, "", "gold", "system", "correct");
  auto row = [](std::string_view name, const eval::PrfCounts& p) {
    std::printf("  %-26.*s %7zu %7zu %7zu   P %6.2f%%  R %6.2f%%  F1 %6.2f%%\n",
                static_cast<int>(name.size()), name.data(), p.gold, p.predicted, p.correct,
                100 * p.precision(), 100 * p.recall(), 100 * p.f1());
  };
  for (std::size_t t = 0; t < nlp::kEntityTypes.size(); ++t) row(nlp::kEntityTypes[t], c.by_type[t]);
  row("person+organization+place", c.core);
  row("all types", c.all);
}

int RunEval(const NerOptions& o) {
  auto docs = eval::ReadConlluDirectory(o.conllu_dir);
  if (!docs.ok()) {
    PrintError(docs.status());
    return kExitFailure;
  }
  ComponentConfig config;
  config.models_dir = o.models_dir;
  auto component = CreateComponent("entities", config);
  if (!component.ok()) {
    PrintError(component.status());
    return kExitFailure;
  }
  std::vector<std::string> names = {"tokenizer", "sentences"};
  if ((component.value()->requires_columns() & kColUpos) != 0) names.push_back("tagger");
  names.push_back("entities");
  auto pipeline = Pipeline::FromNames(names, config);
  if (!pipeline.ok()) {
    PrintError(pipeline.status());
    return kExitFailure;
  }
  std::unique_ptr<Component> tagger;
  if ((component.value()->requires_columns() & kColUpos) != 0) {
    auto t = CreateComponent("tagger", config);
    if (!t.ok()) {
      PrintError(t.status());
      return kExitFailure;
    }
    tagger = std::move(t).value();
  }
  auto scores = eval::EvaluateEntities(docs.value(), *component.value(), pipeline.value(), o.gold_pos,
                                       o.max_errors, tagger.get());
  if (!scores.ok()) {
    PrintError(scores.status());
    return kExitFailure;
  }
  const auto& s = scores.value();
  if (o.json) {
    std::cout << nlohmann::json{{"documents", s.documents},
                                {"tokens", s.tokens},
                                {"gold_tokens", EntityCountsJson(s.gold_tokens)},
                                {"end_to_end", EntityCountsJson(s.end_to_end)}}
                     .dump(2)
              << "\n";
  } else {
    std::printf("named entities in %zu documents (%zu words) from %s\n", s.documents, s.tokens,
                o.conllu_dir.c_str());
    PrintCounts(o.gold_pos ? "on gold tokens (gold POS tags):" : "on gold tokens:", s.gold_tokens);
    PrintCounts("end to end from raw text (tokenizer + sentences + entities):", s.end_to_end);
  }
  for (const auto& e : s.errors) std::cerr << e << "\n";
  return kExitOk;
}

// Times the entities component alone on documents segmented beforehand.
int RunBench(const NerOptions& o) {
  auto segment = o.input.BuildPipeline();
  if (!segment.ok()) {
    PrintError(segment.status());
    return kExitUsage;
  }
  ComponentConfig config;
  config.models_dir = o.input.models_dir;
  auto component = CreateComponent("entities", config);
  if (!component.ok()) {
    PrintError(component.status());
    return kExitFailure;
  }
  std::vector<Document> docs;
  std::size_t tokens = 0, bytes = 0;
  const int code =
      ForEachDocument(ExpandInputs(o.inputs), o.input, segment.value(), true, [&](const Document& doc) {
        docs.push_back(doc);
        tokens += doc.num_tokens();
        bytes += doc.text().size();
      });
  if (docs.empty()) {
    PrintError(Status(StatusCode::kNotFound, "bench ner: no documents read"));
    return kExitFailure;
  }
  std::vector<double> seconds;
  std::size_t mentions = 0;
  for (int r = 0; r < o.repeat; ++r) {
    mentions = 0;
    const auto start = std::chrono::steady_clock::now();
    for (Document& doc : docs) {
      const Status st = component.value()->Process(doc);
      if (!st.ok()) {
        PrintError(st);
        return kExitFailure;
      }
      mentions += doc.entities.size();
    }
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  const double median = seconds[seconds.size() / 2];
  std::printf("input: %zu documents, %.1f MB, %zu tokens (segmented by %s beforehand, not timed)\n",
              docs.size(), bytes / 1e6, tokens, o.input.pipeline.c_str());
  std::printf("entities alone, median of %d runs: %.3f s  %.0f tokens/s  (%zu mentions)\n", o.repeat, median,
              tokens / median, mentions);
  return code;
}

void Install(Commands& c) {
  static NerOptions o;
  CLI::App* train = c.train->add_subcommand("ner", "train the named-entity recogniser on GUM CoNLL-U");
  train->add_option("--train", o.train_dir, "directory of training .conllu files")->required();
  train->add_option("--dev", o.dev_dir, "directory of development .conllu files (early stopping)")
      ->required();
  train->add_option("--out", o.out, "model file to write (e.g. models/ner.hsm)")->required();
  train->add_option("--epochs", o.epochs, "maximum number of epochs")->capture_default_str();
  train->add_option("--min-weight", o.min_weight, "prune averaged weights below this magnitude")
      ->capture_default_str();
  train->add_option("--clusters-from", o.clusters_from, "tagger model whose word clusters to use");
  train->add_flag("--pos", o.use_pos, "use UPOS/XPOS features (gold tags in training)");
  train
      ->add_option("--tagger", o.tagger,
                   "POS features, dev tagged by this tagger model (and its word clusters, unless "
                   "--clusters-from); training on gold tags unless --jackknife")
      ->check(CLI::ExistingFile);
  train
      ->add_option("--jackknife", o.jackknife,
                   "train on tags predicted by taggers trained on the other K-1 folds of the training "
                   "documents (0: gold tags); needs --tagger")
      ->capture_default_str()
      ->check(CLI::Range(0, 100));
  train->add_option("--tags-cache", o.tags_cache,
                    "file keeping the jackknifed tags: read if it was made for the same documents, "
                    "tagger and folds, else written");
  train->add_option("--threads", o.threads, "fold taggers trained at once (--jackknife)")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  train->add_option("--ensemble", o.ensemble, "labellers and typers averaged into one model")
      ->capture_default_str()
      ->check(CLI::Range(1, 16));
  train->add_flag("--viterbi", o.viterbi,
                  "train the labeller as a structured perceptron decoded with Viterbi over label bigrams "
                  "(instead of greedy decoding with the predicted history)");
  train->add_flag("--typer-context-clusters", o.typer_context_clusters,
                  "give the span typer the word clusters of the words around the other occurrences of a "
                  "span's last word in the document");
  train->add_flag("--stopless-titles", o.stopless_titles,
                  "give short titles written without their stop (\"mr\" as \"mr.\") the title code in the "
                  "gazetteer");
  train
      ->add_option("--pos-features", o.pos_features,
                   "with --pos or --tagger: POS features in the labeller, the span typer or both")
      ->check(CLI::IsMember({"labeller", "typer", "both"}))
      ->capture_default_str();
  train
      ->add_option("--seed", o.seeds,
                   "seed of the order of training sentences and spans; several (--seed 1,2,3): one model "
                   "each, OUT with .seedN before its extension, sharing the tags")
      ->delimiter(',')
      ->capture_default_str();
  train->callback([&c] { *c.exit_code = RunTrain(o); });

  CLI::App* ev = c.eval->add_subcommand("ner", "named-entity precision/recall/F1 on CoNLL-U files (GUM)");
  ev->add_option("--conllu", o.conllu_dir, "directory of .conllu files")->required();
  ev->add_option("--models", o.models_dir, "directory of model files")->capture_default_str();
  ev->add_flag("--json", o.json, "print scores as JSON");
  ev->add_option("--errors", o.max_errors, "print up to N gold-token errors to stderr")
      ->capture_default_str();
  ev->add_flag("--gold-pos", o.gold_pos, "give the recogniser the gold POS tags on gold tokens");
  ev->callback([&c] { *c.exit_code = RunEval(o); });

  CLI::App* bench = c.bench->add_subcommand("ner", "throughput of the entities component alone (one core)");
  bench->add_option("inputs", o.inputs, "files or directories (.txt, .jsonl)")->required();
  bench->add_option("--repeat", o.repeat, "runs; the median is reported")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  o.input.AddTo(bench);
  bench->callback([&c] { *c.exit_code = RunBench(o); });
}

const bool kRegistered = RegisterCommands(&Install);

}  // namespace
}  // namespace hearsay::cli
