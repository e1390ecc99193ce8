// `hearsay train ner`, `hearsay eval ner` and `hearsay bench ner`: the entity
// recogniser's commands, registered through RegisterCommands (cli_common.h).
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "eval/conllu.h"
#include "eval/entity_eval.h"
#include "nlp/entities.h"
#include "nlp/tagger.h"

namespace hearsay::cli {
namespace {

struct NerOptions {
  std::string train_dir, dev_dir, out, conllu_dir, clusters_from;
  std::string models_dir = DefaultModelsDirectory();
  bool json = false, use_pos = false, gold_pos = false;
  int epochs = 15;
  float min_weight = 0.05f;
  int repeat = 5;
  std::size_t max_errors = 0;
  std::vector<std::string> inputs;
  InputOptions input;
  std::uint32_t seed = 1;
};

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
  options.use_pos = o.use_pos;
  options.max_epochs = o.epochs;
  options.min_weight = o.min_weight;
  options.seed = o.seed;
  if (!o.clusters_from.empty()) {
    auto tagger = nlp::TaggerModel::Load(o.clusters_from);
    if (!tagger.ok()) {
      PrintError(tagger.status());
      return kExitFailure;
    }
    options.clusters = tagger->clusters();
  }
  nlp::EntityTrainReport report;
  auto model = nlp::TrainEntityModel(train.value(), dev.value(), options, &report);
  if (!model.ok()) {
    PrintError(model.status());
    return kExitFailure;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char description[512];
  std::snprintf(
      description, sizeof description,
      "named-entity recogniser (greedy BILOU, averaged perceptron%s); trained on %zu GUM documents, "
      "best epoch %d (span typer: %d), dev F1 person+organization+place %.2f%% (gold tokens)",
      o.use_pos ? ", POS features" : ", no POS features", train->size(), report.best_epoch,
      report.best_typer_epoch, 100 * report.best_dev_f1);
  const auto saved = SaveAndReload(*model.value(), o.out, description);
  if (!saved) return kExitFailure;
  std::fprintf(stderr,
               "ner: wrote %s (%zu bytes, %zu features) in %.1f s; best epoch %d, span typer epoch %d, dev "
               "F1 %.2f%%\n",
               o.out.c_str(), saved->bytes, saved->features, seconds, report.best_epoch,
               report.best_typer_epoch, 100 * report.best_dev_f1);
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
  train->add_option("--seed", o.seed, "seed of the order of training sentences and spans")
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
