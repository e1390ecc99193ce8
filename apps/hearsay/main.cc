// hearsay: the command-line interface. main() builds the command tree;
// extract, eval segment and bench segment live here, other stages add their
// subcommands from their own files through RegisterCommands (cli_common.h).
// Errors go to stderr; exit codes are documented in docs/cli.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli_common.h"
#include "eval/conllu.h"
#include "eval/segment_eval.h"
#include "hearsay/model_file.h"
#include "io/document_json.h"

namespace hearsay::cli {
namespace {

// The output formats of `extract` (docs/cli.md).
constexpr const char* kExtractFormats = "json, json-compact, jsonl or table";

int RunExtract(const std::vector<std::string>& inputs, const InputOptions& input_options,
               const std::string& format, bool quiet) {
  if (format != "json" && format != "json-compact" && format != "jsonl" && format != "table") {
    PrintError(Status(StatusCode::kInvalidArgument,
                      "unknown output format '" + format + "' (use " + kExtractFormats + ")"));
    return kExitUsage;
  }
  auto pipeline = input_options.BuildPipeline();
  if (!pipeline.ok()) {
    PrintError(pipeline.status());
    return kExitUsage;
  }
  // Formatting runs on the worker threads with --threads; writing, in order.
  DocumentSink sink;
  sink.render = [&format](const Document& doc, std::string* out) {
    if (format == "jsonl") {
      for (const auto& line : io::StatementRecords(doc)) {
        *out += line.dump();
        *out += '\n';
      }
      return;
    }
    if (format == "table")
      *out = io::DocumentToTable(doc);
    else if (format == "json")
      *out = io::DocumentToJson(doc).dump(2);
    else
      *out = io::DocumentJsonText(doc);
    *out += '\n';
  };
  bool warned = false;
  sink.emit = [&](const Document& doc, const std::string& rendered) {
    // jsonl prints statements: say once why there are none, rather than
    // print nothing without a word.
    if (format == "jsonl" && !quiet && !warned && !(doc.filled_columns & kColStatements)) {
      warned = true;
      std::cerr << "hearsay: --format jsonl prints one line per statement, but the pipeline ("
                << input_options.pipeline
                << ") finds no statements; --format json-compact prints one line per document\n";
    }
    std::cout << rendered;
  };
  const int code = ForEachDocument(ExpandInputs(inputs), input_options, pipeline.value(), quiet, sink);
  std::cout.flush();
  if (!std::cout) {
    PrintError(Status(StatusCode::kIoError, "cannot write to standard output"));
    return kExitFailure;
  }
  return code;
}

int RunEvalSegment(const std::string& conllu_dir, std::size_t max_errors, bool json) {
  auto docs = eval::ReadConlluDirectory(conllu_dir);
  if (!docs.ok()) {
    PrintError(docs.status());
    return kExitFailure;
  }
  auto pipeline = Pipeline::FromNames({"tokenizer", "sentences"});
  if (!pipeline.ok()) {
    PrintError(pipeline.status());
    return kExitFailure;
  }
  auto scores = eval::EvaluateSegmentation(docs.value(), pipeline.value(), max_errors);
  if (!scores.ok()) {
    PrintError(scores.status());
    return kExitFailure;
  }
  const auto& s = scores.value();
  auto row = [](const char* name, const eval::PrfCounts& c) {
    std::printf("%-26s %8zu %8zu %8zu   P %6.2f%%  R %6.2f%%  F1 %6.2f%%\n", name, c.gold, c.predicted,
                c.correct, 100 * c.precision(), 100 * c.recall(), 100 * c.f1());
  };
  if (json) {
    auto obj = [](const eval::PrfCounts& c) {
      return nlohmann::json{{"gold", c.gold},       {"predicted", c.predicted},
                            {"correct", c.correct}, {"precision", c.precision()},
                            {"recall", c.recall()}, {"f1", c.f1()}};
    };
    std::cout << nlohmann::json{{"documents", s.documents},
                                {"tokens", obj(s.tokens)},
                                {"sentence_boundaries", obj(s.sentence_ends)},
                                {"sentence_boundaries_inside_paragraphs", obj(s.inner_sentence_ends)}}
                     .dump(2)
              << "\n";
  } else {
    std::printf("segmentation of %zu documents from %s\n", s.documents, conllu_dir.c_str());
    std::printf("%-26s %8s %8s %8s\n", "", "gold", "system", "correct");
    row("tokens", s.tokens);
    row("sentence boundaries", s.sentence_ends);
    row("  inside paragraphs", s.inner_sentence_ends);
  }
  for (const auto& e : s.errors) std::cerr << e << "\n";
  return kExitOk;
}

struct Throughput {
  std::size_t documents = 0, bytes = 0, tokens = 0, sentences = 0;
  double median_seconds = 0;
};

// Runs `pipeline` over `files` `repeat` times; the median run counts.
Throughput MeasureThroughput(const std::vector<std::string>& files, const InputOptions& input_options,
                             const Pipeline& pipeline, int repeat, int* exit_code) {
  Throughput t;
  std::vector<double> seconds;
  for (int r = 0; r < repeat; ++r) {
    t = Throughput();
    const auto start = std::chrono::steady_clock::now();
    *exit_code = ForEachDocument(files, input_options, pipeline, true, [&](const Document& doc) {
      t.bytes += doc.text().size();
      t.tokens += doc.num_tokens();
      t.sentences += doc.sentences.size();
      ++t.documents;
    });
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  t.median_seconds = seconds[seconds.size() / 2];
  return t;
}

int RunBenchSegment(const std::vector<std::string>& inputs, const InputOptions& input_options, int repeat) {
  auto pipeline = input_options.BuildPipeline();
  auto read_only = Pipeline::FromNames({});
  if (!pipeline.ok()) {
    PrintError(pipeline.status());
    return kExitUsage;
  }
  const std::vector<std::string> files = ExpandInputs(inputs);
  int code = kExitOk;
  // The peer in the same run: reading and UTF-8 checking alone, so that the
  // ratio says what segmentation costs on this machine today.
  const Throughput base = MeasureThroughput(files, input_options, read_only.value(), repeat, &code);
  const Throughput full = MeasureThroughput(files, input_options, pipeline.value(), repeat, &code);
  std::printf("input: %zu files, %zu documents, %.1f MB; %zu tokens, %zu sentences\n", files.size(),
              full.documents, full.bytes / 1e6, full.tokens, full.sentences);
  std::printf("%-44s median of %d runs: %7.3f s  %8.1f MB/s\n", "read + check UTF-8 (no pipeline)", repeat,
              base.median_seconds, base.bytes / 1e6 / base.median_seconds);
  std::string label = "read + " + input_options.pipeline;
  std::printf("%-44s median of %d runs: %7.3f s  %8.1f MB/s  %6.2f M tokens/s\n", label.c_str(), repeat,
              full.median_seconds, full.bytes / 1e6 / full.median_seconds,
              full.tokens / 1e6 / full.median_seconds);
  std::printf("segmentation costs %.2fx the time of reading alone (one core)\n",
              full.median_seconds / base.median_seconds);
  return code;
}

// Prints a model file's header and sections (like fastText's dump).
int RunModelInfo(const std::string& path) {
  auto file = ModelFile::Load(path, "");
  if (!file.ok()) {
    PrintError(file.status());
    return kExitFailure;
  }
  std::printf("%s: hearsay model, format version %u, kind '%s', %zu bytes\n", path.c_str(), file->version(),
              file->kind().c_str(), file->size_bytes());
  std::printf("description: %s\n", file->description().c_str());
  for (const auto& [name, size] : file->SectionList())
    std::printf("  section %-24s %10zu bytes\n", name.c_str(), size);
  return kExitOk;
}

}  // namespace
}  // namespace hearsay::cli

int main(int argc, char** argv) {
  using namespace hearsay::cli;
  CLI::App app{"hearsay: who said what in the news.\n", "hearsay"};
  app.footer(kExitCodesHelp);
  app.require_subcommand(1);
  int exit_code = kExitUsage;

  std::vector<std::string> inputs;
  InputOptions input_options;
  std::string format = "json";
  bool quiet = false;
  CLI::App* extract = app.add_subcommand("extract", "read articles and print their statements and structure");
  extract->add_option("inputs", inputs, "files or directories to read; - for standard input")->required();
  extract
      ->add_option("--format", format,
                   "json (one object per document), json-compact (one object per line), "
                   "jsonl (one flat statement per line) or table (who said what)")
      ->capture_default_str();
  extract->add_flag("-q,--quiet", quiet, "no summary line on stderr");
  input_options.AddTo(extract);
  extract->footer(kExitCodesHelp);
  extract->callback([&] { exit_code = RunExtract(inputs, input_options, format, quiet); });

  CLI::App* train = app.add_subcommand("train", "train a model on CoNLL-U data");
  train->require_subcommand(1);
  CLI::App* eval = app.add_subcommand("eval", "measure accuracy against gold data");
  eval->require_subcommand(1);
  std::string conllu_dir;
  std::size_t max_errors = 0;
  bool eval_json = false;
  CLI::App* eval_segment =
      eval->add_subcommand("segment", "token and sentence-boundary precision/recall/F1 on CoNLL-U files");
  eval_segment->add_option("--conllu", conllu_dir, "directory of .conllu files")->required();
  eval_segment->add_option("--errors", max_errors, "print up to N errors to stderr")->capture_default_str();
  eval_segment->add_flag("--json", eval_json, "print scores as JSON");
  eval_segment->callback([&] { exit_code = RunEvalSegment(conllu_dir, max_errors, eval_json); });

  CLI::App* bench = app.add_subcommand("bench", "measure speed");
  bench->require_subcommand(1);
  int repeat = 5;
  std::vector<std::string> bench_inputs;
  InputOptions bench_input_options;
  bench_input_options.pipeline = "tokenizer,sentences";  // what segmentation costs
  CLI::App* bench_segment = bench->add_subcommand(
      "segment", "throughput of reading + normalising + tokenizing + sentence splitting");
  bench_segment->add_option("inputs", bench_inputs, "files or directories (.txt, .jsonl)")->required();
  bench_segment->add_option("--repeat", repeat, "runs; the median is reported")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  bench_input_options.AddTo(bench_segment);
  bench_segment->callback([&] { exit_code = RunBenchSegment(bench_inputs, bench_input_options, repeat); });

  std::string model_path;
  CLI::App* model_info = app.add_subcommand("model-info", "print a model file's header and sections");
  model_info->add_option("model", model_path, "a .hsm model file")->required();
  model_info->callback([&] { exit_code = RunModelInfo(model_path); });

  Commands commands{&app, train, eval, bench, &exit_code};
  for (CommandInstaller install : CommandInstallers()) install(commands);
  if (train->get_subcommands({}).empty()) app.remove_subcommand(train);  // no trainable stage in this build

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  return exit_code;
}
