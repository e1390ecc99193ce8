// Shared pieces of the hearsay CLI: exit codes, error printing, input
// options, the document loop, and the registry through which each command
// file adds its subcommands (so a new stage adds a file, not edits here).
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
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

// What `hearsay train` reports about the model file it wrote.
struct SavedModel {
  std::size_t bytes = 0;
  std::size_t features = 0;  // in the model as loaded back
};
// Writes a trained model to `path` and loads it back, so that a file that
// would not load is an error of the training run, not of the next run that
// reads it. Prints the error and returns nothing on failure. For the models
// whose Load returns a pointer and whose weights() count their features.
template <typename Model>
std::optional<SavedModel> SaveAndReload(const Model& model, const std::string& path,
                                        const std::string& description) {
  if (const Status saved = model.Save(path, description); !saved.ok()) {
    PrintError(saved);
    return std::nullopt;
  }
  auto reloaded = Model::Load(path);
  if (!reloaded.ok()) {
    PrintError(reloaded.status());
    return std::nullopt;
  }
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(path, ec);
  return SavedModel{ec ? 0 : static_cast<std::size_t>(bytes), reloaded.value()->weights().num_features()};
}
// "tokenizer,sentences,…": every registered component.
std::string DefaultPipelineNames();
std::vector<std::string> SplitComma(const std::string& list);
// Files named, with directories walked for the files IsInputFileName accepts
// (.txt, .jsonl, .ndjson, .json, .html, .htm, .warc, .warc.gz, ...; sorted).
std::vector<std::string> ExpandInputs(const std::vector<std::string>& inputs);

// Options shared by every command that reads articles.
struct InputOptions {
  std::string input_format = "auto";
  bool lenient = false;
  std::size_t max_doc_bytes = std::size_t{64} << 20;
  // Every registered component, in registry order (extract's default).
  std::string pipeline = DefaultPipelineNames();
  std::string models_dir = DefaultModelsDirectory();
  // Documents processed in parallel by ForEachDocument; 1 = sequentially.
  std::size_t threads = 1;

  void AddTo(CLI::App* cmd);
  Result<ReaderOptions> ToReaderOptions() const;
  Result<Pipeline> BuildPipeline() const;
};

// What ForEachDocument does with each processed document.
struct DocumentSink {
  // Optional: formats a processed document into *out (cleared beforehand).
  // Runs right after the pipeline, on a worker thread when threads > 1, so it
  // must be thread-safe; this is where output formatting belongs, so that it
  // runs in parallel too.
  std::function<void(const Document& doc, std::string* out)> render;
  // Called for each document in input order on the calling thread, with what
  // `render` made ("" without render).
  std::function<void(const Document& doc, const std::string& rendered)> emit;
};

// Reads every document of every input, runs `pipeline` and hands each to
// `sink`; reports errors on stderr and counts them. Returns the exit code
// (kExitInputErrors if anything was skipped).
//
// With input_options.threads > 1 the calling thread reads and emits while
// `threads` workers run the (immutable, shared) pipeline and sink.render; at
// most 4 x threads documents are in flight, and sink.emit still sees them in
// input order, so the output is the same as with one thread. Read errors are
// reported when they are met, pipeline errors when their document's turn
// comes, so on stderr they may come earlier relative to what sink.emit prints
// than with one thread.
int ForEachDocument(const std::vector<std::string>& inputs, const InputOptions& input_options,
                    const Pipeline& pipeline, bool quiet, const DocumentSink& sink);
// The same with only an in-order callback (nothing runs on the workers but
// the pipeline).
int ForEachDocument(const std::vector<std::string>& inputs, const InputOptions& input_options,
                    const Pipeline& pipeline, bool quiet,
                    const std::function<void(const Document&)>& on_document);

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
