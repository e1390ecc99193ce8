// `hearsay bench nlp`: throughput of the NLP core on one core (tokenizer +
// sentences, then + tagger, + parser, + entities), peak memory with every
// model loaded, model sizes, and the tagger's UPOS accuracy on gold tokens.
// bench/nlp-core.sh runs it beside the peer wink-nlp (bench/wink/).
//
// Stages whose components this build does not register, or whose models do
// not load, are reported as "not available" with the reason; the command
// works unchanged once they exist.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli_common.h"
#include "eval/conllu.h"
#include "eval/tag_eval.h"
#include "io/document_json.h"
#include "nlohmann/json.hpp"

namespace hearsay::cli {
namespace {

// The stages measured, each adding one component to the previous one.
struct Stage {
  const char* label;
  std::vector<std::string> components;
  bool json = false;  // also write each document's JSON text, as `extract` does
};
const std::vector<Stage>& Stages() {
  static const std::vector<Stage> kStages = {
      {"tokenizer+sentences", {"tokenizer", "sentences"}},
      {"+ tagger", {"tokenizer", "sentences", "tagger"}},
      {"+ tagger,parser", {"tokenizer", "sentences", "tagger", "parser"}},
      {"+ tagger,parser,entities", {"tokenizer", "sentences", "tagger", "parser", "entities"}},
      // The whole default pipeline: raw text to statements (issue: attribution
      // speed measured beside the NLP core alone, in the same run).
      {"full: + quotations,lemmatizer,attributions",
       {"tokenizer", "sentences", "quotations", "tagger", "lemmatizer", "parser", "entities",
        "attributions"}},
      // Raw text to attribution JSON, the wording: what `hearsay
      // extract --format json-compact` does for each document, less the I/O.
      {"full + JSON text",
       {"tokenizer", "sentences", "quotations", "tagger", "lemmatizer", "parser", "entities", "attributions"},
       true},
  };
  return kStages;
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

// Builds the pipeline, or says why it is not available: a component this
// build does not register, or one whose model does not load.
Result<Pipeline> TryPipeline(const std::vector<std::string>& names, const ComponentConfig& config) {
  const std::vector<std::string> registered = RegisteredComponentNames();
  for (const auto& name : names) {
    if (std::find(registered.begin(), registered.end(), name) == registered.end())
      return Status(StatusCode::kNotFound, "component '" + name + "' is not registered in this build");
  }
  return Pipeline::FromNames(names, config);
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// A field of /proc/self/status in kB ("VmHWM", "VmRSS"); ru_maxrss when
// /proc is not there and the field is VmHWM; 0 if unknown.
std::size_t ProcStatusKb(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stoul(line.substr(field.size() + 1));
  }
  if (field == "VmHWM") {
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) == 0) return static_cast<std::size_t>(usage.ru_maxrss);
  }
  return 0;
}

struct StageResult {
  std::string label, components;
  std::optional<Status> unavailable;
  std::size_t tokens = 0;
  std::vector<double> wall, cpu;  // seconds per timed run
  std::size_t json_bytes = 0;     // JSON written (kept so that the writing is not optimised away)
  double median_wall = 0, median_cpu = 0;
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// One warm-up pass, then `repeat` timed passes over `docs`. Each document is
// processed as a fresh copy (text copied, columns allocated), as a document
// just read would be; the copy is timed too (a memcpy, ~2% of the fastest
// stage).
Status Measure(const Pipeline& pipeline, const std::vector<Document>& docs, int repeat, bool json,
               StageResult* r) {
  for (int pass = -1; pass < repeat; ++pass) {
    std::size_t tokens = 0;
    const double cpu0 = CpuSeconds();
    const auto wall0 = std::chrono::steady_clock::now();
    for (const Document& source : docs) {
      Document doc(source.text(), source.metadata());
      HEARSAY_RETURN_IF_ERROR(pipeline.Process(doc));
      tokens += doc.num_tokens();
      if (json) r->json_bytes += io::DocumentJsonText(doc).size();
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    const double cpu = CpuSeconds() - cpu0;
    if (pass < 0) continue;
    r->tokens = tokens;
    r->wall.push_back(wall);
    r->cpu.push_back(cpu);
  }
  r->median_wall = Median(r->wall);
  r->median_cpu = Median(r->cpu);
  return Status::Ok();
}

struct Accuracy {
  std::optional<Status> unavailable;
  std::size_t documents = 0, words = 0, correct = 0;
};

// UPOS accuracy of the "tagger" component on the gold tokens and sentences
// of every document in `conllu_dir`: the same gold documents (kinds and norms
// from hearsay's tokenizer) and so the same figure as `hearsay eval tagger`.
Accuracy TaggerAccuracy(const std::string& conllu_dir, const ComponentConfig& config) {
  Accuracy a;
  const std::vector<std::string> registered = RegisteredComponentNames();
  if (std::find(registered.begin(), registered.end(), "tagger") == registered.end()) {
    a.unavailable = Status(StatusCode::kNotFound, "component 'tagger' is not registered in this build");
    return a;
  }
  auto tagger = CreateComponent("tagger", config);
  if (!tagger.ok()) {
    a.unavailable = tagger.status();
    return a;
  }
  auto docs = eval::ReadConlluDirectory(conllu_dir);
  if (!docs.ok()) {
    a.unavailable = docs.status();
    return a;
  }
  for (const eval::ConlluDocument& cdoc : docs.value()) {
    Document doc = eval::TaggingGoldDocument(cdoc);
    const ColumnSet missing = tagger.value()->requires_columns() & ~doc.filled_columns;
    if (missing != 0) {
      a.unavailable = Status(StatusCode::kFailedPrecondition,
                             "the tagger requires " + ColumnSetName(missing) + ", which gold documents lack");
      return a;
    }
    if (const Status s = tagger.value()->Process(doc); !s.ok()) {
      a.unavailable = s;
      return a;
    }
    std::uint32_t t = 0;
    for (const auto& sentence : cdoc.sentences) {
      for (const auto& word : sentence.words) {
        if (t < doc.upos.size() && Document::LabelName(doc.upos_names, doc.upos[t]) == word.upos) ++a.correct;
        ++a.words;
        ++t;
      }
    }
    ++a.documents;
  }
  return a;
}

int RunBenchNlp(const std::vector<std::string>& inputs, const InputOptions& input_options, int repeat,
                const std::string& conllu_dir, bool json) {
  ComponentConfig config;
  config.models_dir = input_options.models_dir;

  // Peak memory with every model loaded, before the corpus is read: the
  // default pipeline holds every registered component.
  const std::size_t rss_before_kb = ProcStatusKb("VmRSS");
  std::size_t rss_models_kb = 0, hwm_models_kb = 0;
  std::string default_names;
  std::optional<Status> default_unavailable;
  {
    auto all = Pipeline::Default(config);
    if (all.ok()) {
      for (auto name : all->component_names())
        default_names += (default_names.empty() ? "" : ",") + std::string(name);
    } else {
      default_unavailable = all.status();
    }
    rss_models_kb = ProcStatusKb("VmRSS");
    hwm_models_kb = ProcStatusKb("VmHWM");
  }

  std::vector<std::pair<std::string, std::uintmax_t>> model_files;
  std::uintmax_t model_bytes = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(config.models_dir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".hsm") {
      model_files.emplace_back(e.path().filename().string(), e.file_size());
      model_bytes += e.file_size();
    }
  }
  std::sort(model_files.begin(), model_files.end());

  // The corpus, read once into memory; only the pipeline is timed.
  auto read_only = Pipeline::FromNames({});
  std::vector<Document> docs;
  std::size_t bytes = 0;
  const int read_code =
      ForEachDocument(ExpandInputs(inputs), input_options, read_only.value(), true, [&](const Document& doc) {
        bytes += doc.text().size();
        docs.emplace_back(doc.text(), doc.metadata());
      });
  if (docs.empty()) {
    PrintError(Status(StatusCode::kNotFound, "bench nlp: no documents read from the inputs"));
    return kExitFailure;
  }

  std::vector<StageResult> results;
  for (const Stage& stage : Stages()) {
    StageResult r;
    r.label = stage.label;
    r.components = Join(stage.components);
    auto pipeline = TryPipeline(stage.components, config);
    if (!pipeline.ok()) {
      r.unavailable = pipeline.status();
    } else if (const Status s = Measure(pipeline.value(), docs, repeat, stage.json, &r); !s.ok()) {
      r.unavailable = s;
    }
    results.push_back(std::move(r));
  }
  const std::size_t hwm_end_kb = ProcStatusKb("VmHWM");

  std::optional<Accuracy> accuracy;
  if (!conllu_dir.empty()) accuracy = TaggerAccuracy(conllu_dir, config);

  if (json) {
    nlohmann::json out;
    out["input"] = {{"documents", docs.size()}, {"bytes", bytes}, {"repeat", repeat}, {"warmup_runs", 1}};
    nlohmann::json stages = nlohmann::json::array();
    for (const auto& r : results) {
      nlohmann::json s = {{"label", r.label}, {"components", r.components}};
      if (r.unavailable) {
        s["available"] = false;
        s["reason"] = r.unavailable->ToString();
      } else {
        s["available"] = true;
        s["tokens"] = r.tokens;
        s["seconds"] = r.wall;
        s["cpu_seconds"] = r.cpu;
        s["median_seconds"] = r.median_wall;
        s["median_cpu_seconds"] = r.median_cpu;
        s["tokens_per_second"] = r.tokens / r.median_wall;
        s["tokens_per_cpu_second"] = r.tokens / r.median_cpu;
        s["mb_per_cpu_second"] = bytes / 1e6 / r.median_cpu;
      }
      stages.push_back(std::move(s));
    }
    out["stages"] = std::move(stages);
    nlohmann::json models = {{"dir", config.models_dir}, {"total_bytes", model_bytes}};
    for (const auto& [name, size] : model_files) models["files"][name] = size;
    out["models"] = std::move(models);
    out["memory_kb"] = {{"rss_before_models", rss_before_kb},
                        {"rss_with_models", rss_models_kb},
                        {"peak_with_models", hwm_models_kb},
                        {"peak_end", hwm_end_kb}};
    out["default_pipeline"] =
        default_unavailable ? nlohmann::json(default_unavailable->ToString()) : nlohmann::json(default_names);
    if (accuracy) {
      nlohmann::json a = {{"conllu", conllu_dir}};
      if (accuracy->unavailable) {
        a["available"] = false;
        a["reason"] = accuracy->unavailable->ToString();
      } else {
        a["available"] = true;
        a["documents"] = accuracy->documents;
        a["words"] = accuracy->words;
        a["upos_correct"] = accuracy->correct;
        a["upos_accuracy"] = accuracy->words ? double(accuracy->correct) / accuracy->words : 0.0;
      }
      out["tagger_accuracy"] = std::move(a);
    }
    std::cout << out.dump(2) << "\n";
    return read_code;
  }

  std::printf("input: %zu documents, %.1f MB; one warm-up pass, then the median of %d passes\n", docs.size(),
              bytes / 1e6, repeat);
  std::printf("%-26s %10s %9s %9s %12s %12s %9s\n", "pipeline", "tokens", "wall s", "CPU s", "tokens/s",
              "tokens/CPU s", "MB/CPU s");
  for (const auto& r : results) {
    if (r.unavailable) {
      std::printf("%-26s not available: %s\n", r.label.c_str(), r.unavailable->ToString().c_str());
      continue;
    }
    std::printf("%-26s %10zu %9.3f %9.3f %12.0f %12.0f %9.2f\n", r.label.c_str(), r.tokens, r.median_wall,
                r.median_cpu, r.tokens / r.median_wall, r.tokens / r.median_cpu, bytes / 1e6 / r.median_cpu);
  }
  std::printf("models in %s: %.2f MB", config.models_dir.c_str(), model_bytes / 1e6);
  for (const auto& [name, size] : model_files) std::printf("; %s %.2f MB", name.c_str(), size / 1e6);
  std::printf("%s\n", model_files.empty() ? " (no .hsm files)" : "");
  if (default_unavailable) {
    std::printf("default pipeline: not available: %s\n", default_unavailable->ToString().c_str());
  } else {
    std::printf("default pipeline (%s) loaded: resident %.1f MB (%.1f MB before loading), peak %.1f MB\n",
                default_names.c_str(), rss_models_kb / 1024.0, rss_before_kb / 1024.0,
                hwm_models_kb / 1024.0);
  }
  std::printf("peak resident memory of the whole run (corpus in memory): %.1f MB\n", hwm_end_kb / 1024.0);
  if (accuracy) {
    if (accuracy->unavailable) {
      std::printf("tagger UPOS accuracy on %s: not available: %s\n", conllu_dir.c_str(),
                  accuracy->unavailable->ToString().c_str());
    } else {
      std::printf("tagger UPOS accuracy on %s (gold tokens): %.2f%% (%zu of %zu words, %zu documents)\n",
                  conllu_dir.c_str(), accuracy->words ? 100.0 * accuracy->correct / accuracy->words : 0.0,
                  accuracy->correct, accuracy->words, accuracy->documents);
    }
  }
  return read_code;
}

void Install(Commands& commands) {
  struct Options {
    std::vector<std::string> inputs;
    InputOptions input;
    int repeat = 5;
    std::string conllu;
    bool json = false;
  };
  static Options options;  // lives as long as the command tree
  CLI::App* cmd = commands.bench->add_subcommand(
      "nlp",
      "throughput of tokenizer+sentences, + tagger, + parser, + entities on one core (pin it with "
      "taskset), peak memory with every model loaded, model sizes, and the tagger's UPOS accuracy");
  cmd->add_option("inputs", options.inputs, "files or directories (.txt, .jsonl) of news text")->required();
  cmd->add_option("--repeat", options.repeat, "timed passes after one warm-up pass; the median is reported")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--conllu", options.conllu,
                  "directory of CoNLL-U files: also report the tagger's UPOS accuracy on their gold tokens");
  cmd->add_flag("--json", options.json, "print the figures as JSON");
  options.input.AddTo(cmd);
  cmd->remove_option(cmd->get_option("--pipeline"));  // the stages are fixed
  cmd->remove_option(cmd->get_option("--threads"));   // one core by design
  cmd->footer(kExitCodesHelp);
  int* exit_code = commands.exit_code;
  cmd->callback([exit_code] {
    *exit_code = RunBenchNlp(options.inputs, options.input, options.repeat, options.conllu, options.json);
  });
}

const bool kRegistered = RegisterCommands(&Install);

}  // namespace
}  // namespace hearsay::cli
