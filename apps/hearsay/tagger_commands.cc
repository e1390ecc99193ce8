// CLI commands of the tagger and lemmatizer:
//   hearsay train tagger|lemmatizer --train DIR --dev DIR --out FILE
//   hearsay eval tagger --conllu DIR [--models DIR] [--json]
//   hearsay bench tagger INPUTS... [--repeat N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli_common.h"
#include "eval/conllu.h"
#include "eval/tag_eval.h"
#include "nlp/lemmatizer.h"
#include "nlp/tagger.h"
#include "nlp/tagger_train.h"

namespace hearsay::cli {
namespace {

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Reads --train and --dev; prints the error and returns false on failure.
bool ReadTrainDev(const std::string& train_dir, const std::string& dev_dir,
                  std::vector<eval::ConlluDocument>* train, std::vector<eval::ConlluDocument>* dev) {
  auto t = eval::ReadConlluDirectory(train_dir);
  if (!t.ok()) {
    PrintError(t.status());
    return false;
  }
  auto d = eval::ReadConlluDirectory(dev_dir);
  if (!d.ok()) {
    PrintError(d.status());
    return false;
  }
  *train = std::move(t).value();
  *dev = std::move(d).value();
  return true;
}

int RunTrainTagger(const std::string& train_dir, const std::string& dev_dir, const std::string& out,
                   nlp::TaggerTrainOptions options, const std::string& clusters_from) {
  // Clusters taken from another tagger file are used as they are: the
  // committed ones were learned by earlier code from text main's tokenizer
  // now splits slightly differently (models/tagger.md), and a relearned set
  // is another k-means draw.
  std::optional<nlp::TaggerModel> clusters_model;
  if (!clusters_from.empty()) {
    if (!options.unlabelled.empty()) {
      PrintError(Status(StatusCode::kInvalidArgument,
                        "--clusters-from and --unlabelled exclude each other: the clusters are either "
                        "copied or learned"));
      return kExitUsage;
    }
    auto loaded = nlp::TaggerModel::Load(clusters_from);
    if (!loaded.ok()) {
      PrintError(loaded.status());
      return kExitFailure;
    }
    clusters_model = std::move(loaded).value();
    options.fixed_clusters = &clusters_model->clusters();
  }
  std::vector<eval::ConlluDocument> train, dev;
  if (!ReadTrainDev(train_dir, dev_dir, &train, &dev)) return kExitFailure;
  const auto start = std::chrono::steady_clock::now();
  auto result =
      nlp::TrainTagger(train, dev, options, [](const std::string& line) { std::cerr << line << "\n"; });
  if (!result.ok()) {
    PrintError(result.status());
    return kExitFailure;
  }
  char description[256];
  std::snprintf(
      description, sizeof description,
      "averaged-perceptron UPOS|XPOS tagger; trained on %s, epoch %d kept; dev UPOS %.2f%%, UPOS|XPOS "
      "%.2f%% (gold tokens)",
      std::filesystem::path(train_dir).lexically_normal().string().c_str(), result->best_epoch,
      100 * result->dev_upos_accuracy, 100 * result->dev_joint_accuracy);
  const Status written = result->model.ToWriter(description).WriteFile(out);
  if (!written.ok()) {
    PrintError(written);
    return kExitFailure;
  }
  std::cerr << "tagger: wrote " << out << " (" << std::filesystem::file_size(out) << " bytes) in "
            << Seconds(start) << " s\n";
  return kExitOk;
}

int RunTrainLemmatizer(const std::string& train_dir, const std::string& dev_dir, const std::string& out) {
  std::vector<eval::ConlluDocument> train, dev;
  if (!ReadTrainDev(train_dir, dev_dir, &train, &dev)) return kExitFailure;
  const auto start = std::chrono::steady_clock::now();
  auto result = nlp::TrainLemmatizer(train, dev, [](const std::string& line) { std::cerr << line << "\n"; });
  if (!result.ok()) {
    PrintError(result.status());
    return kExitFailure;
  }
  char description[256];
  std::snprintf(description, sizeof description,
                "lexicon + English inflection rules; trained on %s; dev lemma accuracy %.2f%% with gold tags",
                std::filesystem::path(train_dir).lexically_normal().string().c_str(),
                100 * result->dev_accuracy);
  const Status written = result->model.ToWriter(description).WriteFile(out);
  if (!written.ok()) {
    PrintError(written);
    return kExitFailure;
  }
  std::cerr << "lemmatizer: wrote " << out << " (" << std::filesystem::file_size(out) << " bytes) in "
            << Seconds(start) << " s\n";
  return kExitOk;
}

int RunEvalTagger(const std::string& conllu_dir, const std::string& models_dir, bool json) {
  auto docs = eval::ReadConlluDirectory(conllu_dir);
  if (!docs.ok()) {
    PrintError(docs.status());
    return kExitFailure;
  }
  ComponentConfig config;
  config.models_dir = models_dir;
  auto segmenter = Pipeline::FromNames({"tokenizer", "sentences"}, config);
  auto tagger = CreateComponent("tagger", config);
  if (!segmenter.ok() || !tagger.ok()) {
    PrintError(!segmenter.ok() ? segmenter.status() : tagger.status());
    return kExitFailure;
  }
  auto lemmatizer = CreateComponent("lemmatizer", config);
  if (!lemmatizer.ok()) {
    PrintError(lemmatizer.status());
    std::cerr << "hearsay: evaluating the tagger without lemmas\n";
  }
  const Component* lemma_component = lemmatizer.ok() ? lemmatizer.value().get() : nullptr;
  const auto start = std::chrono::steady_clock::now();
  auto scores = eval::EvaluateTagging(docs.value(), *tagger.value(), lemma_component, segmenter.value());
  if (!scores.ok()) {
    PrintError(scores.status());
    return kExitFailure;
  }
  const double seconds = Seconds(start);
  const auto& s = scores.value();
  if (json) {
    auto prf = [](const eval::PrfCounts& c) {
      return nlohmann::json{{"gold", c.gold},       {"predicted", c.predicted},
                            {"correct", c.correct}, {"precision", c.precision()},
                            {"recall", c.recall()}, {"f1", c.f1()}};
    };
    nlohmann::json out = {{"documents", s.documents},
                          {"gold_tokens",
                           {{"words", s.words},
                            {"upos_accuracy", s.upos_accuracy()},
                            {"xpos_accuracy", s.xpos_accuracy()},
                            {"upos_xpos_accuracy", s.joint_accuracy()}}},
                          {"end_to_end", {{"upos", prf(s.e2e_upos)}, {"xpos", prf(s.e2e_xpos)}}}};
    if (lemma_component != nullptr) {
      out["gold_tokens"]["lemma_accuracy"] = s.lemma_accuracy();
      out["gold_tokens"]["lemma_accuracy_gold_tags"] = s.lemma_gold_tags_accuracy();
      out["end_to_end"]["lemma"] = prf(s.e2e_lemma);
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::printf("tagging of %zu documents (%zu words) from %s\n", s.documents, s.words, conllu_dir.c_str());
  std::printf("gold tokens:  UPOS %6.2f%%  XPOS %6.2f%%  UPOS|XPOS %6.2f%%", 100 * s.upos_accuracy(),
              100 * s.xpos_accuracy(), 100 * s.joint_accuracy());
  if (lemma_component != nullptr)
    std::printf("  lemma %6.2f%% (with gold tags %6.2f%%)", 100 * s.lemma_accuracy(),
                100 * s.lemma_gold_tags_accuracy());
  std::printf("\nend to end from raw text:\n%-12s %8s %8s %8s\n", "", "gold", "system", "correct");
  auto row = [](const char* name, const eval::PrfCounts& c) {
    std::printf("%-12s %8zu %8zu %8zu   P %6.2f%%  R %6.2f%%  F1 %6.2f%%\n", name, c.gold, c.predicted,
                c.correct, 100 * c.precision(), 100 * c.recall(), 100 * c.f1());
  };
  row("span+UPOS", s.e2e_upos);
  row("span+XPOS", s.e2e_xpos);
  if (lemma_component != nullptr) row("span+lemma", s.e2e_lemma);
  std::printf("(%.2f s)\n", seconds);
  return kExitOk;
}

// Reads and segments every document once, then times the tagger (and the
// lemmatizer if asked) alone over them.
int RunBenchTagger(const std::vector<std::string>& inputs, const InputOptions& input_options, int repeat,
                   bool with_lemmatizer) {
  auto reader_options = input_options.ToReaderOptions();
  if (!reader_options.ok()) {
    PrintError(reader_options.status());
    return kExitUsage;
  }
  ComponentConfig config;
  config.models_dir = input_options.models_dir;
  auto segmenter = Pipeline::FromNames({"tokenizer", "sentences"}, config);
  auto tagger = CreateComponent("tagger", config);
  if (!segmenter.ok() || !tagger.ok()) {
    PrintError(!segmenter.ok() ? segmenter.status() : tagger.status());
    return kExitFailure;
  }
  std::unique_ptr<Component> lemmatizer;
  if (with_lemmatizer) {
    auto l = CreateComponent("lemmatizer", config);
    if (!l.ok()) {
      PrintError(l.status());
      return kExitFailure;
    }
    lemmatizer = std::move(l).value();
  }
  std::vector<Document> docs;
  std::size_t tokens = 0, bytes = 0;
  int code = kExitOk;
  for (const std::string& file : ExpandInputs(inputs)) {
    auto reader = OpenReader(file, reader_options.value());
    if (!reader.ok()) {
      PrintError(reader.status());
      code = kExitInputErrors;
      continue;
    }
    while (true) {
      Document doc;
      bool end = false;
      const Status status = reader.value()->Next(&doc, &end);
      if (!status.ok()) {
        PrintError(status);
        code = kExitInputErrors;
        if (IsRecordError(status)) continue;
        break;
      }
      if (end) break;
      if (Status s = segmenter->Process(doc); !s.ok()) {
        PrintError(s);
        code = kExitInputErrors;
        continue;
      }
      tokens += doc.num_tokens();
      bytes += doc.text().size();
      docs.push_back(std::move(doc));
    }
  }
  // Wall time and this thread's CPU time (the two differ when other
  // processes share the core); the median run of each is reported.
  struct Timing {
    double wall = -1, cpu = -1;
  };
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  };
  auto measure = [&](const Component& component) {
    std::vector<double> wall, cpu;
    for (int r = 0; r < repeat; ++r) {
      const auto start = std::chrono::steady_clock::now();
      const double cpu_start = cpu_now();
      for (Document& doc : docs) {
        if (Status s = component.Process(doc); !s.ok()) {
          PrintError(s);
          return Timing{};
        }
      }
      cpu.push_back(cpu_now() - cpu_start);
      wall.push_back(Seconds(start));
    }
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    return Timing{wall[wall.size() / 2], cpu[cpu.size() / 2]};
  };
  std::printf("input: %zu documents, %.1f MB, %zu tokens (read and segmented before timing)\n", docs.size(),
              bytes / 1e6, tokens);
  auto report = [&](const char* name, const Timing& t) {
    std::printf(
        "%-12s median of %d runs: wall %7.3f s  %6.2f M tokens/s;  thread CPU %7.3f s  %6.2f M tokens/s\n",
        name, repeat, t.wall, tokens / 1e6 / t.wall, t.cpu, tokens / 1e6 / t.cpu);
  };
  const Timing tag = measure(*tagger.value());
  if (tag.wall < 0) return kExitFailure;
  report("tagger", tag);
  if (lemmatizer) {
    const Timing lemma = measure(*lemmatizer);
    if (lemma.wall < 0) return kExitFailure;
    report("lemmatizer", lemma);
  }
  return code;
}

void Install(Commands& commands) {
  // train tagger / train lemmatizer
  struct TrainArgs {
    std::string train_dir, dev_dir, out;
    nlp::TaggerTrainOptions options;
  };
  static TrainArgs tagger_args, lemmatizer_args;
  CLI::App* train_tagger =
      commands.train->add_subcommand("tagger", "train the UPOS|XPOS tagger on CoNLL-U files");
  train_tagger->add_option("--train", tagger_args.train_dir, "directory of training .conllu files")
      ->required();
  train_tagger->add_option("--dev", tagger_args.dev_dir, "directory of dev .conllu files (early stopping)")
      ->required();
  train_tagger->add_option("--out", tagger_args.out, "model file to write, e.g. models/tagger.hsm")
      ->required();
  train_tagger->add_option("--epochs", tagger_args.options.max_epochs, "maximum number of epochs")
      ->capture_default_str();
  train_tagger->add_option("--seed", tagger_args.options.seed, "seed of the sentence order")
      ->capture_default_str();
  train_tagger
      ->add_option("--min-weight", tagger_args.options.min_weight, "prune averaged weights below this")
      ->capture_default_str();
  train_tagger->add_option("--unlabelled", tagger_args.options.unlabelled,
                           "raw text (files or directories of .txt/.jsonl) to learn word clusters from");
  static std::string clusters_from;
  train_tagger->add_option("--clusters-from", clusters_from,
                           "copy the word clusters of this tagger model instead of learning them");
  train_tagger
      ->add_option("--cluster-iterations", tagger_args.options.clusters.iterations,
                   "k-means iterations of the word clusters (each of the fine and coarse runs)")
      ->capture_default_str();
  int* exit_code = commands.exit_code;
  train_tagger->callback([exit_code] {
    *exit_code = RunTrainTagger(tagger_args.train_dir, tagger_args.dev_dir, tagger_args.out,
                                tagger_args.options, clusters_from);
  });

  CLI::App* train_lemmatizer =
      commands.train->add_subcommand("lemmatizer", "build the lemmatizer's lexicon from CoNLL-U files");
  train_lemmatizer->add_option("--train", lemmatizer_args.train_dir, "directory of training .conllu files")
      ->required();
  train_lemmatizer->add_option("--dev", lemmatizer_args.dev_dir, "directory of dev .conllu files (scored)")
      ->required();
  train_lemmatizer
      ->add_option("--out", lemmatizer_args.out, "model file to write, e.g. models/lemmatizer.hsm")
      ->required();
  train_lemmatizer->callback([exit_code] {
    *exit_code = RunTrainLemmatizer(lemmatizer_args.train_dir, lemmatizer_args.dev_dir, lemmatizer_args.out);
  });

  // eval tagger
  struct EvalArgs {
    std::string conllu_dir;
    std::string models_dir = DefaultModelsDirectory();
    bool json = false;
  };
  static EvalArgs eval_args;
  CLI::App* eval_tagger = commands.eval->add_subcommand(
      "tagger", "UPOS/XPOS/lemma accuracy on gold tokens and (span, label) P/R/F1 end to end from raw text");
  eval_tagger->add_option("--conllu", eval_args.conllu_dir, "directory of .conllu files")->required();
  eval_tagger->add_option("--models", eval_args.models_dir, "directory of model files")
      ->capture_default_str();
  eval_tagger->add_flag("--json", eval_args.json, "print scores as JSON");
  eval_tagger->callback([exit_code] {
    *exit_code = RunEvalTagger(eval_args.conllu_dir, eval_args.models_dir, eval_args.json);
  });

  // bench tagger
  struct BenchArgs {
    std::vector<std::string> inputs;
    InputOptions input_options;
    int repeat = 5;
    bool lemmatizer = false;
  };
  static BenchArgs bench_args;
  CLI::App* bench_tagger = commands.bench->add_subcommand(
      "tagger", "tokens/s of the tagger component alone over pre-segmented documents (one thread)");
  bench_tagger->add_option("inputs", bench_args.inputs, "files or directories (.txt, .jsonl)")->required();
  bench_tagger->add_option("--repeat", bench_args.repeat, "runs; the median is reported")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  bench_tagger->add_flag("--lemmatizer", bench_args.lemmatizer, "time the lemmatizer too (after the tagger)");
  bench_args.input_options.AddTo(bench_tagger);
  bench_tagger->callback([exit_code] {
    *exit_code =
        RunBenchTagger(bench_args.inputs, bench_args.input_options, bench_args.repeat, bench_args.lemmatizer);
  });
}

const bool kRegistered = RegisterCommands(&Install);

}  // namespace
}  // namespace hearsay::cli
