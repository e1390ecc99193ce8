// hearsay's own attribution output as evaluation records: the one-document-
// per-line format that gold files use and that the scorer
// (eval/attribution_score.h) and ../shared/tools/score.py read.
//
//   {"doc_id": …, "text": "…",
//    "statements": [{"type", "content_span": [s, e], "content", "speaker",
//                    "speaker_mention", "speaker_span", "cue", "cue_span"}]}
//
// Offsets are Unicode code points into "text", end exclusive. Used by
// `hearsay eval attribution` (which runs the default pipeline on gold texts)
// and meant for the Python bindings, which write the same records.
//
// Thread safety: pure functions; PredictRecord only reads the pipeline, which
// is safe to share between threads (hearsay/pipeline.h).
#pragma once

#include <nlohmann/json.hpp>

#include "hearsay/document.h"
#include "hearsay/pipeline.h"
#include "hearsay/status.h"

namespace hearsay::eval {

// How statement spans are written.
//   kHearsay: as hearsay reports them (docs/schema.md): content without the
//     quotation marks and without a leading "that"; a quotation continued
//     after its cue ("“A,” she said. “B.”") is a statement of its own.
//   kPolnear: as PolNeAR's guidelines annotate (used when scoring against
//     PolNeAR): content with the quotation marks around it and a leading
//     "that"; a cue-less continuation is folded into the statement it
//     continues, whose content becomes a list of [s, e] parts.
// The statements found are the same; only their spans are drawn differently.
enum class SpanConvention { kHearsay, kPolnear };

// The record of a processed Document. doc_id is written as given (a gold
// file's integer ids stay integers). Per statement:
//   type            "direct", "indirect" or "mixed";
//   content_span    [s, e] and content, its text (null when the content is empty);
//   speaker         the resolved Speaker's name; when the statement has no
//                   speaker, the source mention as written; else null;
//   speaker_mention the source mention as written, speaker_span its [s, e]
//                   (both null when there is none);
//   cue, cue_span   the cue (null for a continued quotation without one).
// Statements are written in the order of doc.statements; a Document without
// kColStatements yields no statements.
nlohmann::ordered_json AttributionRecord(const Document& doc, const nlohmann::json& doc_id,
                                         SpanConvention convention = SpanConvention::kHearsay);
// The same with doc_id = doc.metadata().id.
nlohmann::ordered_json AttributionRecord(const Document& doc);

// Runs `pipeline` on the "text" of one evaluation record (e.g. a gold line)
// and returns hearsay's record for it, with the record's doc_id. Fails when
// the record has no string "text", when the pipeline fails, or when it
// assigns no statements (kFailedPrecondition: the pipeline has no attribution
// stage). `where` ("file:line") prefixes messages.
Result<nlohmann::ordered_json> PredictRecord(const Pipeline& pipeline, const nlohmann::json& record,
                                             const std::string& where,
                                             SpanConvention convention = SpanConvention::kHearsay);

}  // namespace hearsay::eval
