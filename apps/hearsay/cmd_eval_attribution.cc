// `hearsay eval attribution`: scores attribution output against gold
// statements exactly as ../shared/tools/score.py does (same text, same JSON),
// with gold from an evaluation-record JSONL file or converted on the fly from
// PolNeAR's brat files (docs/eval-attribution.md). The predictions are a
// file (--pred) or, by default, hearsay's own: the default pipeline run on
// every gold text.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "cli_common.h"
#include "eval/attribution_records.h"
#include "eval/attribution_score.h"
#include "eval/polnear.h"

namespace hearsay::cli {
namespace {

struct EvalAttributionOptions {
  std::string gold, polnear, pred, write_gold, write_pred, speaker = "either";
  std::string spans = "auto";  // auto, hearsay or polnear (eval/attribution_records.h)
  std::string models_dir = DefaultModelsDirectory();
  std::size_t threads = 1;
  std::optional<std::string> types;
  bool json = false, notes = false;
};

// The name under which the attribution extractor registers its component.
constexpr std::string_view kExtractorComponent = "attributions";

// Writes one JSON object per line; false (after printing why) on failure.
template <typename Records>
bool WriteJsonLines(const std::string& path, const Records& records, const char* what) {
  std::ofstream out(path, std::ios::binary);
  for (const auto& record : records) out << record.dump() << "\n";
  out.flush();
  if (!out) {
    PrintError(Status(StatusCode::kIoError, path + ": cannot write"));
    return false;
  }
  std::cerr << "hearsay: wrote " << records.size() << " " << what << " records to " << path << "\n";
  return true;
}

// hearsay's predictions for the gold records: the default pipeline on the
// text of the last record of each doc_id (the one the scorer keeps), in the
// order doc_ids first appear, `threads` documents at a time. Documents the
// pipeline fails on are reported and get no predictions; *failed counts them.
Result<std::vector<nlohmann::ordered_json>> Predict(const std::vector<eval::RecordLine>& gold,
                                                    const EvalAttributionOptions& o, std::size_t* failed) {
  const std::vector<std::string> registered = RegisteredComponentNames();
  if (std::find(registered.begin(), registered.end(), kExtractorComponent) == registered.end()) {
    return Status(StatusCode::kFailedPrecondition,
                  "this build's default pipeline has no '" + std::string(kExtractorComponent) +
                      "' component (hearsay's attribution extractor), so there is nothing of its own to "
                      "score; give --pred FILE to score other predictions");
  }
  ComponentConfig config;
  config.models_dir = o.models_dir;
  auto pipeline = Pipeline::Default(config);
  if (!pipeline.ok()) return pipeline.status();

  // Which line each document's prediction comes from.
  std::vector<std::size_t> inputs;
  std::unordered_map<std::string, std::size_t> slot_of_key;
  for (std::size_t i = 0; i < gold.size(); ++i) {
    auto key = eval::DocumentKey(gold[i].record["doc_id"]);
    if (!key.ok()) return Status(key.status().code(), gold[i].where + ": " + key.status().message());
    auto [it, inserted] = slot_of_key.emplace(std::move(key.value()), inputs.size());
    if (inserted) {
      inputs.push_back(i);
    } else {
      inputs[it->second] = i;
    }
  }

  // PolNeAR gold is annotated by its own span guidelines; hearsay's
  // statements are drawn by them when scored against it (docs/eval-attribution.md).
  const bool polnear_spans = o.spans == "polnear" || (o.spans == "auto" && !o.polnear.empty());
  const eval::SpanConvention convention =
      polnear_spans ? eval::SpanConvention::kPolnear : eval::SpanConvention::kHearsay;
  std::vector<std::optional<Result<nlohmann::ordered_json>>> results(inputs.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t k; (k = next.fetch_add(1)) < inputs.size();) {
      const eval::RecordLine& line = gold[inputs[k]];
      results[k] = eval::PredictRecord(pipeline.value(), line.record, line.where, convention);
    }
  };
  const auto start = std::chrono::steady_clock::now();
  const std::size_t threads = std::min(o.threads, std::max<std::size_t>(inputs.size(), 1));
  std::vector<std::thread> workers;
  for (std::size_t t = 1; t < threads; ++t) workers.emplace_back(work);
  work();
  for (std::thread& w : workers) w.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::vector<nlohmann::ordered_json> predictions;
  *failed = 0;
  std::size_t statements = 0;
  for (auto& result : results) {
    if (!result->ok()) {
      // A pipeline without an attribution stage fails every document alike.
      if (result->status().code() == StatusCode::kFailedPrecondition) return result->status();
      PrintError(result->status());
      ++*failed;
      continue;
    }
    statements += result->value()["statements"].size();
    predictions.push_back(std::move(result->value()));
  }
  std::cerr << "hearsay: ran the default pipeline on " << inputs.size() << " gold texts in "
            << static_cast<long long>(seconds * 1000 + 0.5) << " ms: " << statements << " statements found"
            << (*failed ? ", " + std::to_string(*failed) + " documents failed (no predictions)" : "") << "\n";
  if (*failed == inputs.size() && *failed > 0) {
    return Status(StatusCode::kFailedPrecondition, "the pipeline failed on every gold text");
  }
  return predictions;
}

void PrintPolnearStats(const eval::PolnearStats& s, const std::string& dir, bool notes) {
  std::cerr << "polnear " << dir << ": " << s.documents << " documents (" << s.multi_annotator_documents
            << " with several annotators: the first listed is used), " << s.attributions << " attributions ("
            << s.with_source << " with a source, " << s.without_source << " without; "
            << s.discontinuous_content << " with discontinuous content; " << s.without_cue
            << " without a cue); dropped: " << s.dropped_without_content << " without content, "
            << s.duplicates_dropped << " duplicates; kept: " << s.overlapping_pairs
            << " pairs of overlapping contents (" << s.competing_pairs << " with IoU >= 0.5), "
            << s.several_content_arguments << " events with several Content arguments (merged), "
            << s.no_source_event_with_source << " Attribution-no-source events naming a source, "
            << s.role_type_mismatches << " role/type mismatches (role used); " << s.notes.size() << " notes"
            << (notes ? "" : " (--notes prints them)") << "\n";
  if (notes)
    for (const auto& n : s.notes) std::cerr << "  " << n << "\n";
}

int RunEvalAttribution(const EvalAttributionOptions& o) {
  if (o.gold.empty() == o.polnear.empty()) {
    PrintError(Status(StatusCode::kInvalidArgument, "give exactly one of --gold FILE and --polnear DIR"));
    return kExitUsage;
  }
  if (o.speaker != "either" && o.speaker != "name") {
    PrintError(Status(StatusCode::kInvalidArgument,
                      "--speaker must be 'either' or 'name', not '" + o.speaker + "'"));
    return kExitUsage;
  }
  if (!o.write_gold.empty() && o.polnear.empty()) {
    PrintError(Status(StatusCode::kInvalidArgument, "--write-gold converts PolNeAR: it needs --polnear DIR"));
    return kExitUsage;
  }

  if (!o.pred.empty() && !o.write_pred.empty()) {
    PrintError(Status(StatusCode::kInvalidArgument,
                      "--write-pred saves hearsay's own predictions; with --pred there are none"));
    return kExitUsage;
  }

  // Gold. PolNeAR's records are kept: hearsay's extractor reads their texts.
  eval::ScoredCorpus gold;
  std::vector<eval::RecordLine> polnear_records;
  if (!o.polnear.empty()) {
    auto corpus = eval::ReadPolnearSplit(o.polnear);
    if (!corpus.ok()) {
      PrintError(corpus.status());
      return kExitFailure;
    }
    PrintPolnearStats(corpus->stats, o.polnear, o.notes);
    if (!o.write_gold.empty() && !WriteJsonLines(o.write_gold, corpus->records, "gold")) return kExitFailure;
    for (auto& record : corpus->records) {
      const std::string where = o.polnear + ": " + record["doc_id"].get<std::string>();
      auto doc = eval::ParseScoredDocument(record, eval::RecordRole::kGold, where);
      auto key = eval::DocumentKey(record["doc_id"]);
      if (!doc.ok() || !key.ok()) {
        PrintError(!doc.ok() ? doc.status() : key.status());
        return kExitFailure;
      }
      gold.Put(std::move(key.value()), std::move(doc.value()));
      polnear_records.push_back({where, std::move(record)});
    }
  } else {
    auto read = eval::ReadScoredCorpus(o.gold, eval::RecordRole::kGold);
    if (!read.ok()) {
      PrintError(read.status());
      return kExitFailure;
    }
    gold = std::move(read.value());
  }

  // Predictions: a file, or hearsay's own extractor on the gold texts.
  int exit_code = kExitOk;
  eval::ScoredCorpus pred;
  if (!o.pred.empty()) {
    auto read = eval::ReadScoredCorpus(o.pred, eval::RecordRole::kPrediction);
    if (!read.ok()) {
      PrintError(read.status());
      return kExitFailure;
    }
    pred = std::move(read.value());
  } else {
    // --write-gold alone only converts PolNeAR (as before hearsay had an extractor).
    if (!o.write_gold.empty() && o.write_pred.empty()) return kExitOk;
    std::vector<eval::RecordLine> gold_lines = std::move(polnear_records);
    if (o.polnear.empty()) {
      auto read = eval::ReadRecordLines(o.gold);  // read and checked above: the texts this time
      if (!read.ok()) {
        PrintError(read.status());
        return kExitFailure;
      }
      gold_lines = std::move(read.value());
    }
    std::size_t failed = 0;
    auto predictions = Predict(gold_lines, o, &failed);
    if (!predictions.ok()) {
      PrintError(predictions.status());
      return kExitFailure;
    }
    if (failed > 0) exit_code = kExitInputErrors;
    if (!o.write_pred.empty() && !WriteJsonLines(o.write_pred, predictions.value(), "predicted"))
      return kExitFailure;
    for (const auto& record : predictions.value()) {
      const nlohmann::json plain = record;
      auto doc = eval::ParseScoredDocument(plain, eval::RecordRole::kPrediction, "prediction");
      auto key = eval::DocumentKey(plain["doc_id"]);
      if (!doc.ok() || !key.ok()) {  // hearsay's own records always parse: a bug if not
        PrintError(Status(StatusCode::kInternal, (!doc.ok() ? doc.status() : key.status()).message()));
        return kExitFailure;
      }
      pred.Put(std::move(key.value()), std::move(doc.value()));
    }
  }

  eval::ScoreOptions options;
  options.speaker_by_name_only = o.speaker == "name";
  if (o.types) {
    // As score.py: split on every comma, empty items included.
    std::set<std::string> types;
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = o.types->find(',', start);
      types.insert(o.types->substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    options.types = std::move(types);
  }
  const eval::AttributionScores scores = eval::ScoreAttributions(gold, pred, options);
  std::cout << (o.json ? eval::FormatScoresJson(scores) : eval::FormatScoresText(scores));
  std::cout.flush();
  if (!std::cout) {
    PrintError(Status(StatusCode::kIoError, "cannot write to standard output"));
    return kExitFailure;
  }
  return exit_code;
}

void Install(Commands& commands) {
  auto options = std::make_shared<EvalAttributionOptions>();
  CLI::App* cmd = commands.eval->add_subcommand(
      "attribution",
      "score attribution statements (who said what) against gold, as ../shared/tools/score.py does");
  cmd->add_option("--gold", options->gold, "gold evaluation records (JSON Lines)");
  cmd->add_option("--polnear", options->polnear,
                  "gold from a PolNeAR split directory (text/, attributions/; metadata.tsv here or one up)");
  cmd->add_option("--pred", options->pred,
                  "predicted evaluation records (JSON Lines); without it, hearsay's default pipeline runs on "
                  "every gold text and its statements are scored");
  cmd->add_option("--write-pred", options->write_pred,
                  "without --pred: also write hearsay's predictions (evaluation records, JSON Lines) here");
  cmd->add_option("--write-gold", options->write_gold,
                  "with --polnear: also write the converted gold records to this JSON Lines file "
                  "(alone, without --pred or --write-pred: only convert)");
  cmd->add_option("--models", options->models_dir,
                  "without --pred: directory of model files ($HEARSAY_MODELS overrides the default)")
      ->capture_default_str();
  cmd->add_option("--threads", options->threads, "without --pred: gold texts processed in parallel")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1024}));
  cmd->add_flag("--json", options->json, "print scores as JSON (as score.py --json)");
  cmd->add_option("--types", options->types,
                  "count only gold statements of these comma-separated types (e.g. direct,mixed); "
                  "an empty list keeps only statements of type \"\", as score.py does")
      ->expected(0, 1);
  cmd->add_option("--speaker", options->speaker,
                  "either: a speaker is right by name or by overlapping span; name: by name only")
      ->capture_default_str();
  cmd->add_option("--spans", options->spans,
                  "without --pred: how statement spans are drawn: hearsay (as extract prints them), polnear "
                  "(quotation marks and a leading 'that' in the content, continued quotations folded in, as "
                  "PolNeAR annotates), or auto (polnear with --polnear, else hearsay)")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "hearsay", "polnear"}));
  cmd->add_flag("--notes", options->notes, "with --polnear: print every annotation oddity met to stderr");
  cmd->footer(kExitCodesHelp);
  int* exit_code = commands.exit_code;
  cmd->callback([options, exit_code] { *exit_code = RunEvalAttribution(*options); });
}

const bool kRegistered = RegisterCommands(&Install);

}  // namespace
}  // namespace hearsay::cli
