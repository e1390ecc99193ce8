// `hearsay stream`: JSON Lines documents on stdin, one JSON line out per line
// in, for Spark's RDD.pipe, Hadoop streaming and other line pipes that pair
// each output line with its input line. Unlike `extract`, nothing is skipped
// silently: a line hearsay cannot use (bad JSON, no "text", invalid UTF-8, a
// blank line, too long, a pipeline failure) gets an error object in its place
// and the stream goes on. Each line is flushed as soon as it is written, so a
// caller can feed one document and read its answer (docs/cli.md).
#include <cstdio>
#include <iostream>
#include <string>

#include "cli_common.h"
#include "io/document_json.h"

namespace hearsay::cli {
namespace {

struct StreamOptions {
  std::string pipeline = DefaultPipelineNames();
  std::string models_dir = DefaultModelsDirectory();
  bool lenient = false;
  std::size_t max_doc_bytes = std::size_t{64} << 20;
  bool quiet = false;
};

// Reads one line of `in` without its '\n' into *line; a line longer than
// `limit` is read to its end but not kept (*too_long). Returns false at the
// end of the input when nothing was read.
bool ReadLine(std::FILE* in, std::size_t limit, std::string* line, bool* too_long, std::size_t* bytes) {
  line->clear();
  *too_long = false;
  *bytes = 0;
  int c;
  bool any = false;
  while ((c = getc_unlocked(in)) != EOF) {
    any = true;
    ++*bytes;
    if (c == '\n') return true;
    if (*too_long) continue;
    if (line->size() == limit) {
      *too_long = true;
      line->clear();
      line->shrink_to_fit();
      continue;
    }
    line->push_back(static_cast<char>(c));
  }
  return any;
}

std::string ErrorLine(const Status& status, std::size_t line_number) {
  return nlohmann::json{{"error", status.message()},
                        {"code", std::string(StatusCodeName(status.code()))},
                        {"line", line_number}}
      .dump();
}

int RunStream(const StreamOptions& o) {
  ComponentConfig config;
  config.models_dir = o.models_dir;
  auto pipeline = Pipeline::FromNames(SplitComma(o.pipeline), config);
  if (!pipeline.ok()) {
    PrintError(pipeline.status());
    return kExitUsage;
  }
  ReaderOptions reader_options;
  reader_options.format = InputFormat::kJsonl;
  reader_options.lenient_utf8 = o.lenient;
  reader_options.max_document_bytes = o.max_doc_bytes;
  JsonlRecordParser parser(reader_options);

  std::size_t line_number = 0, documents = 0, errors = 0, offset = 0;
  std::string line;
  Document doc;
  bool too_long = false;
  std::size_t bytes = 0;
  while (ReadLine(stdin, o.max_doc_bytes, &line, &too_long, &bytes)) {
    ++line_number;
    const std::string where = "<stdin>:" + std::to_string(line_number);
    const std::size_t line_offset = offset;
    offset += bytes;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    Status status;
    if (too_long) {
      status = Status(StatusCode::kTooLarge, where + ": line of " + std::to_string(bytes) +
                                                 " bytes is over the document limit of " +
                                                 std::to_string(o.max_doc_bytes) + " bytes");
    } else if (line.find_first_not_of(" \t") == std::string::npos) {
      status = Status(StatusCode::kMalformedRecord, where + ": blank line, no document");
    } else {
      status = parser.Parse(line, where, line_offset, &doc);
      if (status.ok()) status = pipeline->Process(doc);
    }
    if (status.ok()) {
      ++documents;
      std::cout << io::DocumentJsonText(doc) << '\n';
    } else {
      ++errors;
      std::cout << ErrorLine(status, line_number) << '\n';
      if (!o.quiet) PrintError(status);
    }
    std::cout.flush();
    if (!std::cout) {
      PrintError(Status(StatusCode::kIoError, "cannot write to standard output"));
      return kExitFailure;
    }
  }
  if (std::ferror(stdin)) {
    PrintError(Status(StatusCode::kIoError, "<stdin>: read error after line " + std::to_string(line_number)));
    return kExitFailure;
  }
  if (!o.quiet) {
    std::cerr << "hearsay: " << line_number << " lines, " << documents << " documents, " << errors
              << " error lines\n";
  }
  return errors > 0 ? kExitInputErrors : kExitOk;
}

void Install(Commands& c) {
  static StreamOptions o;
  CLI::App* cmd = c.app->add_subcommand(
      "stream",
      "JSON Lines documents on stdin, one json-compact document (or {\"error\",\"code\",\"line\"}) per "
      "input line on stdout, flushed per line (Spark RDD.pipe, Hadoop streaming)");
  cmd->add_option("--pipeline", o.pipeline, "comma-separated components to run, in order")
      ->capture_default_str();
  cmd->add_option("--models", o.models_dir,
                  "directory of model files ($HEARSAY_MODELS overrides the default)")
      ->capture_default_str();
  cmd->add_flag("--lenient", o.lenient,
                "replace invalid UTF-8 with U+FFFD instead of answering with an error");
  cmd->add_option("--max-doc-bytes", o.max_doc_bytes, "answer lines longer than this with an error")
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", o.quiet, "no messages on stderr (errors are still written as output lines)");
  cmd->footer(
      "Exit codes: 0 every line was a document; 1 some lines were answered with an error; 2 usage error; "
      "3 failure (standard input or output failed).");
  cmd->callback([&c] { *c.exit_code = RunStream(o); });
}

const bool kRegistered = RegisterCommands(&Install);

}  // namespace
}  // namespace hearsay::cli
