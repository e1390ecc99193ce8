// Reading PolNeAR (brat standoff attribution annotations) into hearsay's
// evaluation records, so PolNeAR is scored by the same code as every other
// gold file (eval/attribution_score.h). Conversion rules: docs/eval-attribution.md.
//
// A split directory holds text/<doc>.txt and attributions/<doc>_<annotator>.ann;
// metadata.tsv (in the split directory or its parent) lists each document's
// annotators, and the first one listed is used. Offsets in .ann files are
// code points of the .txt file, exactly as stored (a BOM or CR would count).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hearsay/status.h"

namespace hearsay::eval {

// A text-bound annotation: "T3\tContent 10 20;25 30\ttext".
struct BratSpan {
  std::string id, type;
  std::vector<std::pair<std::int64_t, std::int64_t>> fragments;  // code points, end exclusive
  std::string text;  // fragments joined by one space, as brat writes it
  std::size_t line = 0;
};

// An event: "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1". The trigger is
// the first argument; roles keep brat's numbering (Content2).
struct BratEvent {
  std::string id, type, trigger;
  std::vector<std::pair<std::string, std::string>> arguments;  // role, span id
  std::size_t line = 0;
};

struct BratAnnotations {
  std::vector<BratSpan> spans;
  std::vector<BratEvent> events;
};

// Parses an .ann file. A span whose text holds a newline continues on the
// next lines (brat writes the text verbatim); the fragment lengths say how
// far. Notes (#), relations and attributes are ignored. Errors name `path`
// and the line.
Result<BratAnnotations> ParseBratAnnotations(std::string_view content, const std::string& path);

// What a conversion met, summed over documents.
struct PolnearStats {
  std::size_t documents = 0;
  std::size_t attributions = 0;  // statements written
  std::size_t with_source = 0, without_source = 0;
  std::size_t discontinuous_content = 0;      // content of several fragments (or several Content arguments)
  std::size_t several_content_arguments = 0;  // Content and Content2 on one event, merged
  std::size_t without_cue = 0;
  std::size_t dropped_without_content = 0;  // events with no Content: nothing to score them by
  std::size_t duplicates_dropped = 0;       // same content, cue and source as an earlier event
  std::size_t overlapping_pairs = 0;  // pairs of statements of a document whose contents share characters
  std::size_t competing_pairs = 0;    // … with IoU >= 0.5: both may match one prediction, only one will
  std::size_t no_source_event_with_source = 0;  // "Attribution-no-source" events that do name a Source
  std::size_t role_type_mismatches = 0;  // argument role differs from its span's type (the role is used)
  std::size_t other_events = 0;          // events of other types, ignored
  std::size_t multi_annotator_documents = 0;
  std::vector<std::string> notes;  // one line per oddity met, naming file and line
};

// One document to an evaluation record: {"doc_id", "text", "statements":
// [...]}; see docs/eval-attribution.md for the fields. `ann_path` is for
// messages. Fails when a span lies outside the text; a span whose text
// differs from the slice is noted in stats and kept.
Result<nlohmann::json> PolnearRecord(const std::string& doc_id, const std::string& text,
                                     const BratAnnotations& annotations, const std::string& ann_path,
                                     PolnearStats* stats);

struct PolnearCorpus {
  std::vector<nlohmann::json> records;  // in file-name order
  PolnearStats stats;
};

// Reads every text/*.txt of a split directory with its first annotator's
// .ann file (a document without any .ann file gets no statements and a note).
Result<PolnearCorpus> ReadPolnearSplit(const std::string& dir);

}  // namespace hearsay::eval
