#include "cli_common.h"

#include <algorithm>
#include <filesystem>

namespace hearsay::cli {

void PrintError(const Status& status) {
  std::cerr << "hearsay: " << status.ToString() << "\n";
}

std::vector<std::string> SplitComma(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = list.find(',', start);
    std::string item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) out.push_back(std::move(item));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::vector<std::string> ExpandInputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(input, ec)) {
      files.push_back(input);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& e : std::filesystem::recursive_directory_iterator(input, ec)) {
      const auto ext = e.path().extension();
      if (e.is_regular_file() && (ext == ".txt" || ext == ".jsonl" || ext == ".ndjson"))
        found.push_back(e.path().string());
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

void InputOptions::AddTo(CLI::App* cmd) {
  cmd->add_option("--input-format", input_format,
                  "auto, text or jsonl (auto: .jsonl/.ndjson are JSON Lines, stdin is sniffed, "
                  "everything else is text)")
      ->capture_default_str();
  cmd->add_flag("--lenient", lenient, "replace invalid UTF-8 with U+FFFD instead of rejecting the input");
  cmd->add_option("--max-doc-bytes", max_doc_bytes, "refuse documents (files, JSONL lines) larger than this")
      ->capture_default_str();
  cmd->add_option("--pipeline", pipeline, "comma-separated components to run, in order")
      ->capture_default_str();
  cmd->add_option("--models", models_dir, "directory of model files ($HEARSAY_MODELS overrides the default)")
      ->capture_default_str();
}

Result<ReaderOptions> InputOptions::ToReaderOptions() const {
  auto format = ParseInputFormat(input_format);
  if (!format.ok()) return format.status();
  ReaderOptions options;
  options.format = format.value();
  options.lenient_utf8 = lenient;
  options.max_document_bytes = max_doc_bytes;
  return options;
}

Result<Pipeline> InputOptions::BuildPipeline() const {
  ComponentConfig config;
  config.models_dir = models_dir;
  return Pipeline::FromNames(SplitComma(pipeline), config);
}

namespace {
std::vector<CommandInstaller>& MutableInstallers() {
  static std::vector<CommandInstaller> installers;
  return installers;
}
}  // namespace

bool RegisterCommands(CommandInstaller installer) {
  MutableInstallers().push_back(installer);
  return true;
}

const std::vector<CommandInstaller>& CommandInstallers() {
  return MutableInstallers();
}

}  // namespace hearsay::cli
