// `hearsay train parser`, `hearsay eval parser`, `hearsay bench parser`.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <optional>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "eval/conllu.h"
#include "eval/tag_eval.h"
#include "nlp/parser.h"
#include "nlp/tagger.h"
#include "nlp/tagger_train.h"

namespace hearsay::cli {
namespace {

Result<std::vector<eval::ConlluDocument>> ReadDir(const std::string& dir) {
  return eval::ReadConlluDirectory(dir);
}

struct TagSource {
  std::string tagger;  // tagger model file; empty: gold tags
  int jackknife = 0;   // folds; 0: train on gold tags
  int threads = 2;     // fold taggers trained at once
};

int RunTrainParser(const std::string& train_dir, const std::string& dev_dir, const std::string& out,
                   nlp::ParserTrainOptions options, const TagSource& tags) {
  auto train = ReadDir(train_dir);
  if (!train.ok()) {
    PrintError(train.status());
    return kExitFailure;
  }
  auto dev = ReadDir(dev_dir);
  if (!dev.ok()) {
    PrintError(dev.status());
    return kExitFailure;
  }
  // The tags the parser learns from and is early-stopped on: gold, or the
  // tagger's (dev), jackknifed (train) so that training tags are as noisy as
  // the tags the parser will see at run time.
  std::vector<Document> train_tagged, dev_tagged;
  std::optional<nlp::TaggerModel> tagger_model;
  if (!tags.tagger.empty()) {
    auto loaded = nlp::TaggerModel::Load(tags.tagger);
    if (!loaded.ok()) {
      PrintError(loaded.status());
      return kExitFailure;
    }
    tagger_model = std::move(loaded).value();
    // The parser's cluster features use the tagger's clusters (a copy goes
    // into parser.hsm, so the parser loads alone).
    options.clusters = &tagger_model->clusters();
  }
  if (tags.jackknife > 0) {
    if (!tagger_model) {
      PrintError(Status(StatusCode::kInvalidArgument, "--jackknife needs --tagger (its word clusters)"));
      return kExitFailure;
    }
    nlp::TaggerTrainOptions tagger_options;
    tagger_options.fixed_clusters = &tagger_model->clusters();
    auto jackknifed = nlp::JackknifeTag(train.value(), dev.value(), tags.jackknife, tagger_options,
                                        tags.threads, [&](const std::string& line) {
                                          if (options.verbose) std::fprintf(stderr, "%s\n", line.c_str());
                                        });
    if (!jackknifed.ok()) {
      PrintError(jackknifed.status());
      return kExitFailure;
    }
    train_tagged = std::move(jackknifed).value();
  } else {
    for (const auto& cdoc : train.value()) train_tagged.push_back(nlp::GoldTaggedDocument(cdoc));
  }
  if (tagger_model) {
    const nlp::Tagger tagger(std::make_shared<const nlp::TaggerModel>(*tagger_model));
    for (const auto& cdoc : dev.value()) {
      dev_tagged.push_back(eval::TaggingGoldDocument(cdoc));
      const Status status = tagger.Process(dev_tagged.back());
      if (!status.ok()) {
        PrintError(status);
        return kExitFailure;
      }
    }
  } else {
    for (const auto& cdoc : dev.value()) dev_tagged.push_back(nlp::GoldTaggedDocument(cdoc));
  }
  nlp::ParserTrainReport report;
  auto model = nlp::TrainParser(train.value(), train_tagged, dev.value(), dev_tagged, options, &report);
  if (!model.ok()) {
    PrintError(model.status());
    return kExitFailure;
  }
  char description[512];
  std::snprintf(description, sizeof description,
                "arc-eager greedy parser, averaged perceptron, dynamic oracle; trained on %s (%zu sentences, "
                "%zu words, %s), best epoch %d of %d; dev (%s, gold tokens, %s) UAS %.2f%% LAS %.2f%%",
                train_dir.c_str(), report.train_sentences, report.train_words,
                tags.jackknife > 0 ? "jackknifed tags" : "gold tags", report.best_epoch, report.epochs_run,
                dev_dir.c_str(), tagger_model ? "predicted tags" : "gold tags", 100 * report.best_dev.uas(),
                100 * report.best_dev.las());
  const Status saved = model->Save(out, description);
  if (!saved.ok()) {
    PrintError(saved);
    return kExitFailure;
  }
  std::error_code ec;
  const auto size = std::filesystem::file_size(out, ec);
  std::fprintf(
      stderr,
      "parser: wrote %s (%zu bytes, %zu features, %zu weights): best epoch %d, dev UAS %.2f%% LAS %.2f%%, "
      "%.1f s\n",
      out.c_str(), static_cast<std::size_t>(ec ? 0 : size), model->weights().num_features(),
      model->weights().num_weights(), report.best_epoch, 100 * report.best_dev.uas(),
      100 * report.best_dev.las(), report.seconds);
  return kExitOk;
}

nlohmann::json ScoresJson(const nlp::ParseScores& s) {
  return {{"gold_words", s.gold_words},
          {"system_words", s.predicted_words},
          {"uas", s.uas()},
          {"las", s.las()},
          {"uas_f1", s.uas_f1()},
          {"las_f1", s.las_f1()},
          {"label_accuracy", s.label_accuracy()}};
}

int RunEvalParser(const std::string& conllu_dir, const std::string& models_dir, bool json) {
  auto docs = ReadDir(conllu_dir);
  if (!docs.ok()) {
    PrintError(docs.status());
    return kExitFailure;
  }
  ComponentConfig config;
  config.models_dir = models_dir;
  auto model = nlp::ParserModel::Load(models_dir + "/parser.hsm");
  if (!model.ok()) {
    PrintError(model.status());
    return kExitFailure;
  }
  const nlp::ParseScores gold = nlp::EvaluateGoldTokens(model.value(), docs.value());

  // With the tagger: gold tokens + predicted tags, and raw text end to end.
  std::string note;
  bool have_tagger = false;
  nlp::ParseScores gold_tokens_tagged, end_to_end;
  auto tagged =
      Pipeline::FromNames({"tagger", "parser"}, config, kColTokens | kColParagraphs | kColSentences);
  auto full = Pipeline::FromNames({"tokenizer", "sentences", "tagger", "parser"}, config);
  if (!tagged.ok() || !full.ok()) {
    note = "end-to-end scores need the \"tagger\" component and " + models_dir +
           "/tagger.hsm, which this build or models directory lacks (" +
           (tagged.ok() ? full.status() : tagged.status()).ToString() + ")";
  } else {
    have_tagger = true;
    for (const auto& cdoc : docs.value()) {
      // Gold tokens with the kinds and norms the tokenizer gives them, as the
      // tagger is trained and evaluated (hearsay eval tagger).
      Document doc = eval::TaggingGoldDocument(cdoc);
      Status status = tagged->Process(doc);
      if (!status.ok()) {
        PrintError(status);
        return kExitFailure;
      }
      nlp::ScoreGoldTokens(cdoc, doc, &gold_tokens_tagged);
      const eval::RebuiltText rebuilt = eval::RebuildText(cdoc);
      DocumentMetadata meta;
      meta.id = cdoc.id;
      Document raw(rebuilt.text, std::move(meta));
      status = full->Process(raw);
      if (!status.ok()) {
        PrintError(status);
        return kExitFailure;
      }
      nlp::ScoreEndToEnd(cdoc, rebuilt, raw, &end_to_end);
    }
  }

  if (json) {
    nlohmann::json out = {{"documents", docs->size()},
                          {"punctuation", "included"},
                          {"gold_tokens_gold_tags", ScoresJson(gold)}};
    if (have_tagger) {
      out["gold_tokens_predicted_tags"] = ScoresJson(gold_tokens_tagged);
      out["end_to_end"] = ScoresJson(end_to_end);
    } else {
      out["note"] = note;
    }
    std::cout << out.dump(2) << "\n";
  } else {
    std::printf("dependency parsing of %zu documents from %s (punctuation included, as in CoNLL 2018)\n",
                docs->size(), conllu_dir.c_str());
    std::printf("%-34s %8s %8s   %8s %8s %8s\n", "", "gold", "system", "UAS", "LAS", "LA");
    auto row = [](const char* name, const nlp::ParseScores& s, bool f1) {
      std::printf("%-34s %8zu %8zu   %7.2f%% %7.2f%% %7.2f%%%s\n", name, s.gold_words, s.predicted_words,
                  100 * (f1 ? s.uas_f1() : s.uas()), 100 * (f1 ? s.las_f1() : s.las()),
                  100 * s.label_accuracy(), f1 ? "   (F1)" : "");
    };
    row("gold tokens, gold tags", gold, false);
    if (have_tagger) {
      row("gold tokens, predicted tags", gold_tokens_tagged, false);
      row("end to end (raw text)", end_to_end, true);
    } else {
      std::printf("note: %s\n", note.c_str());
    }
  }
  return kExitOk;
}

int RunBenchParser(const std::string& conllu_dir, const std::string& models_dir, int repeat) {
  auto docs = ReadDir(conllu_dir);
  if (!docs.ok()) {
    PrintError(docs.status());
    return kExitFailure;
  }
  auto model = nlp::ParserModel::Load(models_dir + "/parser.hsm");
  if (!model.ok()) {
    PrintError(model.status());
    return kExitFailure;
  }
  const nlp::Parser parser(std::make_shared<const nlp::ParserModel>(std::move(model).value()));
  std::vector<Document> prepared;
  std::size_t tokens = 0, sentences = 0;
  for (const auto& cdoc : docs.value()) {
    prepared.push_back(nlp::GoldTaggedDocument(cdoc));
    tokens += prepared.back().num_tokens();
    sentences += prepared.back().sentences.size();
  }
  // Wall time and this thread's CPU time: on a machine shared with other
  // jobs the CPU time is what one core costs.
  auto thread_cpu = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  };
  std::vector<double> seconds, cpu_seconds;
  for (int r = 0; r < repeat; ++r) {
    std::vector<Document> docs_copy = prepared;  // outside the timed region
    const double cpu_start = thread_cpu();
    const auto start = std::chrono::steady_clock::now();
    for (Document& doc : docs_copy) {
      const Status status = parser.Process(doc);
      if (!status.ok()) {
        PrintError(status);
        return kExitFailure;
      }
    }
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    cpu_seconds.push_back(thread_cpu() - cpu_start);
  }
  std::sort(seconds.begin(), seconds.end());
  std::sort(cpu_seconds.begin(), cpu_seconds.end());
  const double median = seconds[seconds.size() / 2];
  const double cpu_median = cpu_seconds[cpu_seconds.size() / 2];
  std::printf("parser on %zu documents, %zu sentences, %zu tokens (gold tokens and tags), one thread\n",
              prepared.size(), sentences, tokens);
  std::printf("median wall time of %d runs: %.4f s  %.0f tokens/s (fastest %.0f, slowest %.0f)\n", repeat,
              median, static_cast<double>(tokens) / median, static_cast<double>(tokens) / seconds.front(),
              static_cast<double>(tokens) / seconds.back());
  std::printf("median thread CPU time: %.4f s  %.0f tokens/s\n", cpu_median,
              static_cast<double>(tokens) / cpu_median);
  return kExitOk;
}

void Install(Commands& commands) {
  static std::string train_dir, dev_dir, out = "models/parser.hsm";
  static nlp::ParserTrainOptions options;
  static TagSource tag_source;
  CLI::App* train = commands.train->add_subcommand("parser", "train the dependency parser on CoNLL-U files");
  train->add_option("--train", train_dir, "directory of training .conllu files")->required();
  train->add_option("--dev", dev_dir, "directory of development .conllu files (early stopping)")->required();
  train->add_option("--out", out, "model file to write")->capture_default_str();
  train->add_option("--epochs", options.max_epochs, "maximum number of epochs")->capture_default_str();
  train->add_option("--patience", options.patience, "stop after this many epochs without a better dev LAS")
      ->capture_default_str();
  train->add_option("--min-weight", options.min_weight, "prune averaged weights smaller than this")
      ->capture_default_str();
  train
      ->add_option("--min-count", options.min_feature_count,
                   "train only features seen at least this often on the oracle's path")
      ->capture_default_str();
  train->add_option("--seed", options.seed, "random seed (shuffling, exploration)")->capture_default_str();
  train
      ->add_option("--tagger", tag_source.tagger,
                   "tagger model (e.g. models/tagger.hsm): tags dev for early stopping; its word clusters "
                   "serve jackknifing")
      ->check(CLI::ExistingFile);
  train
      ->add_option("--jackknife", tag_source.jackknife,
                   "train on tags predicted by taggers trained on the other K-1 folds of the training "
                   "documents (0: gold tags); needs --tagger")
      ->capture_default_str()
      ->check(CLI::Range(0, 100));
  train
      ->add_option("--threads", tag_source.threads,
                   "fold taggers trained at once while jackknifing (the result does not depend on it)")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  int* exit_code = commands.exit_code;
  train->callback([exit_code] { *exit_code = RunTrainParser(train_dir, dev_dir, out, options, tag_source); });

  static std::string conllu_dir, models_dir = DefaultModelsDirectory();
  static bool json = false;
  CLI::App* eval = commands.eval->add_subcommand(
      "parser",
      "UAS/LAS on CoNLL-U files: gold tokens and tags, and end to end when the tagger is available");
  eval->add_option("--conllu", conllu_dir, "directory of .conllu files")->required();
  eval->add_option("--models", models_dir, "directory of model files")->capture_default_str();
  eval->add_flag("--json", json, "print scores as JSON");
  eval->callback([exit_code] { *exit_code = RunEvalParser(conllu_dir, models_dir, json); });

  static std::string bench_dir, bench_models = DefaultModelsDirectory();
  static int repeat = 5;
  CLI::App* bench =
      commands.bench->add_subcommand("parser", "parser tokens/s on CoNLL-U files with gold tags");
  bench->add_option("--conllu", bench_dir, "directory of .conllu files")->required();
  bench->add_option("--models", bench_models, "directory of model files")->capture_default_str();
  bench->add_option("--repeat", repeat, "runs; the median is reported")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  bench->callback([exit_code] { *exit_code = RunBenchParser(bench_dir, bench_models, repeat); });
}

const bool kRegistered = RegisterCommands(&Install);

}  // namespace
}  // namespace hearsay::cli
