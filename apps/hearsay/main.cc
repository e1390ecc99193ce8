// hearsay: the command-line interface. Each subcommand lives in its own
// function; errors go to stderr; exit codes are documented in
// docs/cli.md and in `hearsay --help`.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "eval/conllu.h"
#include "eval/segment_eval.h"
#include "hearsay/pipeline.h"
#include "hearsay/reader.h"
#include "io/document_json.h"

namespace {

using hearsay::Status;

// Exit codes (docs/cli.md).
constexpr int kExitOk = 0;
constexpr int kExitInputErrors = 1;  // some inputs or records could not be read; the rest was processed
constexpr int kExitUsage = 2;        // bad command line
constexpr int kExitFailure = 3;      // nothing useful could be done (missing data, broken pipeline, …)

constexpr const char* kExitCodesHelp =
    "Exit codes: 0 success; 1 some inputs or records were skipped (each reported on stderr); "
    "2 usage error; 3 failure.";

void PrintError(const Status& status) {
  std::cerr << "hearsay: " << status.ToString() << "\n";
}

std::vector<std::string> SplitComma(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = list.find(',', start);
    const std::string item =
        list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

struct InputOptions {
  std::string input_format = "auto";
  bool lenient = false;
  std::size_t max_doc_bytes = std::size_t{64} << 20;
  std::string pipeline = "tokenizer,sentences";

  void AddTo(CLI::App* cmd) {
    cmd->add_option("--input-format", input_format,
                    "auto, text or jsonl (auto: .jsonl/.ndjson are JSON Lines, "
                    "stdin is sniffed, everything else is text)")
        ->capture_default_str();
    cmd->add_flag("--lenient", lenient, "replace invalid UTF-8 with U+FFFD instead of rejecting the input");
    cmd->add_option("--max-doc-bytes", max_doc_bytes,
                    "refuse documents (files, JSONL lines) larger than this")
        ->capture_default_str();
    cmd->add_option("--pipeline", pipeline, "comma-separated components to run, in order")
        ->capture_default_str();
  }

  hearsay::Result<hearsay::ReaderOptions> ToReaderOptions() const {
    auto format = hearsay::ParseInputFormat(input_format);
    if (!format.ok()) return format.status();
    hearsay::ReaderOptions options;
    options.format = format.value();
    options.lenient_utf8 = lenient;
    options.max_document_bytes = max_doc_bytes;
    return options;
  }
};

// Reads every document of every input, calling `on_document` for each;
// reports errors and counts them. Returns the exit code.
template <typename OnDocument>
int ForEachDocument(const std::vector<std::string>& inputs, const InputOptions& input_options,
                    const hearsay::Pipeline& pipeline, bool quiet, OnDocument on_document) {
  auto reader_options = input_options.ToReaderOptions();
  if (!reader_options.ok()) {
    PrintError(reader_options.status());
    return kExitUsage;
  }
  std::size_t documents = 0, skipped_records = 0, failed_inputs = 0, replaced = 0;
  hearsay::Document doc;
  for (const std::string& input : inputs) {
    auto reader = hearsay::OpenReader(input, reader_options.value());
    if (!reader.ok()) {
      PrintError(reader.status());
      ++failed_inputs;
      continue;
    }
    while (true) {
      bool end = false;
      const Status status = reader.value()->Next(&doc, &end);
      if (!status.ok()) {
        PrintError(status);
        if (hearsay::IsRecordError(status)) {  // one document lost; the reader goes on
          ++skipped_records;
          continue;
        }
        ++failed_inputs;
        break;
      }
      if (end) break;
      const Status processed = pipeline.Process(doc);
      if (!processed.ok()) {
        PrintError(processed);
        ++skipped_records;
        continue;
      }
      ++documents;
      on_document(doc);
    }
    replaced += reader.value()->replaced_sequences();
  }
  if (!quiet) {
    std::cerr << "hearsay: " << documents << " documents, " << skipped_records << " skipped records, "
              << failed_inputs << " failed inputs";
    if (replaced > 0) std::cerr << ", " << replaced << " invalid UTF-8 sequences replaced";
    std::cerr << "\n";
  }
  return skipped_records + failed_inputs > 0 ? kExitInputErrors : kExitOk;
}

int RunExtract(const std::vector<std::string>& inputs, const InputOptions& input_options,
               const std::string& format, bool quiet) {
  if (format != "json" && format != "jsonl" && format != "table") {
    PrintError(Status(hearsay::StatusCode::kInvalidArgument,
                      "unknown output format '" + format + "' (use json, jsonl or table)"));
    return kExitUsage;
  }
  auto pipeline = hearsay::Pipeline::FromNames(SplitComma(input_options.pipeline));
  if (!pipeline.ok()) {
    PrintError(pipeline.status());
    return kExitUsage;
  }
  const int code =
      ForEachDocument(inputs, input_options, pipeline.value(), quiet, [&](const hearsay::Document& doc) {
        if (format == "table") {
          std::cout << hearsay::io::DocumentToTable(doc) << "\n";
        } else {
          std::cout << hearsay::io::DocumentToJson(doc).dump(format == "json" ? 2 : -1) << "\n";
        }
      });
  std::cout.flush();
  if (!std::cout) {
    PrintError(Status(hearsay::StatusCode::kIoError, "cannot write to standard output"));
    return kExitFailure;
  }
  return code;
}

int RunEvalSegment(const std::string& conllu_dir, std::size_t max_errors, bool json) {
  auto docs = hearsay::eval::ReadConlluDirectory(conllu_dir);
  if (!docs.ok()) {
    PrintError(docs.status());
    return kExitFailure;
  }
  auto pipeline = hearsay::Pipeline::FromNames({"tokenizer", "sentences"});
  if (!pipeline.ok()) {
    PrintError(pipeline.status());
    return kExitFailure;
  }
  auto scores = hearsay::eval::EvaluateSegmentation(docs.value(), pipeline.value(), max_errors);
  if (!scores.ok()) {
    PrintError(scores.status());
    return kExitFailure;
  }
  const auto& s = scores.value();
  auto row = [](const char* name, const hearsay::eval::PrfCounts& c) {
    std::printf("%-26s %8zu %8zu %8zu   P %6.2f%%  R %6.2f%%  F1 %6.2f%%\n", name, c.gold, c.predicted,
                c.correct, 100 * c.precision(), 100 * c.recall(), 100 * c.f1());
  };
  if (json) {
    auto obj = [](const hearsay::eval::PrfCounts& c) {
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

// Collects input files: directories are walked for .txt/.jsonl files.
std::vector<std::string> ExpandInputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(input, ec)) {
      std::vector<std::string> found;
      for (const auto& e : std::filesystem::recursive_directory_iterator(input, ec)) {
        const auto ext = e.path().extension();
        if (e.is_regular_file() && (ext == ".txt" || ext == ".jsonl" || ext == ".ndjson"))
          found.push_back(e.path().string());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(input);
    }
  }
  return files;
}

struct Throughput {
  std::size_t documents = 0, bytes = 0, tokens = 0, sentences = 0;
  double median_seconds = 0;
};

// Runs `pipeline` over `files` `repeat` times; the median run counts.
Throughput MeasureThroughput(const std::vector<std::string>& files, const InputOptions& input_options,
                             const hearsay::Pipeline& pipeline, int repeat, int* exit_code) {
  Throughput t;
  std::vector<double> seconds;
  for (int r = 0; r < repeat; ++r) {
    t = Throughput();
    const auto start = std::chrono::steady_clock::now();
    *exit_code = ForEachDocument(files, input_options, pipeline, true, [&](const hearsay::Document& doc) {
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
  auto pipeline = hearsay::Pipeline::FromNames(SplitComma(input_options.pipeline));
  auto read_only = hearsay::Pipeline::FromNames({});
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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hearsay: who said what in the news.\n", "hearsay"};
  app.footer(kExitCodesHelp);
  app.require_subcommand(1);

  std::vector<std::string> inputs;
  InputOptions input_options;
  std::string format = "json";
  bool quiet = false;
  CLI::App* extract =
      app.add_subcommand("extract", "read articles and print their structure as JSON or a table");
  extract->add_option("inputs", inputs, "files to read; - for standard input")->required();
  extract
      ->add_option("--format", format,
                   "json (one object per document), jsonl (one line per document) or table")
      ->capture_default_str();
  extract->add_flag("-q,--quiet", quiet, "no summary line on stderr");
  input_options.AddTo(extract);
  extract->footer(kExitCodesHelp);

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

  CLI::App* bench = app.add_subcommand("bench", "measure speed");
  bench->require_subcommand(1);
  int repeat = 5;
  std::vector<std::string> bench_inputs;
  InputOptions bench_input_options;
  CLI::App* bench_segment = bench->add_subcommand(
      "segment", "throughput of reading + normalising + tokenizing + sentence splitting");
  bench_segment->add_option("inputs", bench_inputs, "files or directories (.txt, .jsonl)")->required();
  bench_segment->add_option("--repeat", repeat, "runs; the median is reported")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  bench_input_options.AddTo(bench_segment);

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

  if (*extract) return RunExtract(inputs, input_options, format, quiet);
  if (*eval_segment) return RunEvalSegment(conllu_dir, max_errors, eval_json);
  if (*bench_segment) return RunBenchSegment(bench_inputs, bench_input_options, repeat);
  return kExitUsage;
}
