// `hearsay eval attribution`: scores attribution output against gold
// statements exactly as ../shared/tools/score.py does (same text, same JSON),
// with gold from an evaluation-record JSONL file or converted on the fly from
// PolNeAR's brat files (docs/eval-attribution.md).
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "cli_common.h"
#include "eval/attribution_score.h"
#include "eval/polnear.h"

namespace hearsay::cli {
namespace {

struct EvalAttributionOptions {
  std::string gold, polnear, pred, write_gold, speaker = "either";
  std::optional<std::string> types;
  bool json = false, notes = false;
};

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

  eval::ScoredCorpus gold;
  if (!o.polnear.empty()) {
    auto corpus = eval::ReadPolnearSplit(o.polnear);
    if (!corpus.ok()) {
      PrintError(corpus.status());
      return kExitFailure;
    }
    PrintPolnearStats(corpus->stats, o.polnear, o.notes);
    if (!o.write_gold.empty()) {
      std::ofstream out(o.write_gold, std::ios::binary);
      for (const auto& record : corpus->records) out << record.dump() << "\n";
      out.flush();
      if (!out) {
        PrintError(Status(StatusCode::kIoError, o.write_gold + ": cannot write"));
        return kExitFailure;
      }
      std::cerr << "hearsay: wrote " << corpus->records.size() << " gold records to " << o.write_gold << "\n";
    }
    for (std::size_t i = 0; i < corpus->records.size(); ++i) {
      const auto& record = corpus->records[i];
      const std::string where = o.polnear + ": " + record["doc_id"].get<std::string>();
      auto doc = eval::ParseScoredDocument(record, eval::RecordRole::kGold, where);
      auto key = eval::DocumentKey(record["doc_id"]);
      if (!doc.ok() || !key.ok()) {
        PrintError(!doc.ok() ? doc.status() : key.status());
        return kExitFailure;
      }
      gold.Put(std::move(key.value()), std::move(doc.value()));
    }
  } else {
    auto read = eval::ReadScoredCorpus(o.gold, eval::RecordRole::kGold);
    if (!read.ok()) {
      PrintError(read.status());
      return kExitFailure;
    }
    gold = std::move(read.value());
  }

  if (o.pred.empty()) {
    if (!o.write_gold.empty()) return kExitOk;
    std::cerr
        << "hearsay: eval attribution needs --pred FILE for now: hearsay's own attribution extractor is "
           "not built yet, so there is nothing of its own to score\n";
    return kExitFailure;
  }
  auto pred = eval::ReadScoredCorpus(o.pred, eval::RecordRole::kPrediction);
  if (!pred.ok()) {
    PrintError(pred.status());
    return kExitFailure;
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
  const eval::AttributionScores scores = eval::ScoreAttributions(gold, pred.value(), options);
  std::cout << (o.json ? eval::FormatScoresJson(scores) : eval::FormatScoresText(scores));
  std::cout.flush();
  if (!std::cout) {
    PrintError(Status(StatusCode::kIoError, "cannot write to standard output"));
    return kExitFailure;
  }
  return kExitOk;
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
                  "predicted evaluation records (JSON Lines); required until hearsay's extractor exists");
  cmd->add_option("--write-gold", options->write_gold,
                  "with --polnear: also write the converted gold records to this JSON Lines file");
  cmd->add_flag("--json", options->json, "print scores as JSON (as score.py --json)");
  cmd->add_option("--types", options->types,
                  "count only gold statements of these comma-separated types (e.g. direct,mixed); "
                  "an empty list keeps only statements of type \"\", as score.py does")
      ->expected(0, 1);
  cmd->add_option("--speaker", options->speaker,
                  "either: a speaker is right by name or by overlapping span; name: by name only")
      ->capture_default_str();
  cmd->add_flag("--notes", options->notes, "with --polnear: print every annotation oddity met to stderr");
  cmd->footer(kExitCodesHelp);
  int* exit_code = commands.exit_code;
  cmd->callback([options, exit_code] { *exit_code = RunEvalAttribution(*options); });
}

const bool kRegistered = RegisterCommands(&Install);

}  // namespace
}  // namespace hearsay::cli
