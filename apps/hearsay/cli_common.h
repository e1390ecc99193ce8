// Shared pieces of the hearsay CLI: exit codes, error printing, input
// options, the document loop, and the registry through which each command
// file adds its subcommands (so a new stage adds a file, not edits here).
#pragma once

#include <CLI/CLI.hpp>

#include <iostream>
#include <string>
#include <vector>

#include "hearsay/pipeline.h"
#include "hearsay/reader.h"

namespace hearsay::cli {

// Exit codes (docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitInputErrors =
    1;                                  // some inputs or records could not be read; the rest was processed
inline constexpr int kExitUsage = 2;    // bad command line
inline constexpr int kExitFailure = 3;  // nothing useful could be done (missing data, broken pipeline, …)

inline constexpr const char* kExitCodesHelp =
    "Exit codes: 0 success; 1 some inputs or records were skipped (each reported on stderr); "
    "2 usage error; 3 failure.";

void PrintError(const Status& status);
std::vector<std::string> SplitComma(const std::string& list);
// Files named, with directories walked for .txt/.jsonl/.ndjson files (sorted).
std::vector<std::string> ExpandInputs(const std::vector<std::string>& inputs);

// Options shared by every command that reads articles.
struct InputOptions {
  std::string input_format = "auto";
  bool lenient = false;
  std::size_t max_doc_bytes = std::size_t{64} << 20;
  std::string pipeline = "tokenizer,sentences";
  std::string models_dir = DefaultModelsDirectory();

  void AddTo(CLI::App* cmd);
  Result<ReaderOptions> ToReaderOptions() const;
  Result<Pipeline> BuildPipeline() const;
};

// Reads every document of every input, runs `pipeline` and calls
// `on_document` for each; reports errors on stderr and counts them. Returns
// the exit code (kExitInputErrors if anything was skipped).
template <typename OnDocument>
int ForEachDocument(const std::vector<std::string>& inputs, const InputOptions& input_options,
                    const Pipeline& pipeline, bool quiet, OnDocument on_document) {
  auto reader_options = input_options.ToReaderOptions();
  if (!reader_options.ok()) {
    PrintError(reader_options.status());
    return kExitUsage;
  }
  std::size_t documents = 0, skipped_records = 0, failed_inputs = 0, replaced = 0;
  Document doc;
  for (const std::string& input : inputs) {
    auto reader = OpenReader(input, reader_options.value());
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
        if (IsRecordError(status)) {  // one document lost; the reader goes on
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

// The parents every command file hangs its subcommands on. A subcommand's
// callback stores its exit code in *exit_code.
struct Commands {
  CLI::App* app;
  CLI::App* train;
  CLI::App* eval;
  CLI::App* bench;
  int* exit_code;
};
using CommandInstaller = void (*)(Commands&);

// Called once per command file from a static initialiser:
//   static const bool kRegistered = RegisterCommands(&Install);
bool RegisterCommands(CommandInstaller installer);
const std::vector<CommandInstaller>& CommandInstallers();

}  // namespace hearsay::cli
