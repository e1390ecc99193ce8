// Scoring attribution output (who said what) against gold: the C++ twin of
// ../shared/tools/score.py, which is the reference. Given the same files and
// options, FormatScoresText prints byte-for-byte what score.py prints and
// FormatScoresJson what `score.py --json` prints (docs/eval-attribution.md).
//
// Records are JSON Lines, one document per line: {"doc_id", "statements":
// [...]}; offsets are Unicode code points, end exclusive. Everything here is
// pure computation over values the caller owns; nothing is shared, so
// concurrent calls are safe.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "hearsay/status.h"

namespace hearsay::eval {

// A set of code-point offsets (score.py's charset): the characters a span
// [s, e) or a discontinuous span [[s, e], …] covers. Stored as sorted,
// disjoint, non-adjacent half-open ranges, so equal sets compare equal
// however they were written.
class CharSet {
 public:
  CharSet() = default;
  // Adds [begin, end); empty or reversed ranges add nothing.
  void Add(std::int64_t begin, std::int64_t end);

  bool empty() const { return ranges_.empty(); }
  std::int64_t size() const;
  std::int64_t IntersectionSize(const CharSet& other) const;
  bool Intersects(const CharSet& other) const { return IntersectionSize(other) > 0; }
  const std::vector<std::pair<std::int64_t, std::int64_t>>& ranges() const { return ranges_; }

  friend bool operator==(const CharSet&, const CharSet&) = default;
  friend auto operator<=>(const CharSet&, const CharSet&) = default;

 private:
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges_;
};

// Intersection over union of two sets; 0 when either is empty.
double Iou(const CharSet& a, const CharSet& b);

// score.py's norm(): possessive 's/’s removed, lower-cased (Python's
// str.lower), titles (Mr, Sen., President, …) removed, whitespace runs
// collapsed, and spaces and . , ; : " “ ” stripped from both ends. Word and
// space characters follow Python's Unicode `\w` and `\s`.
std::string NormalizeSpeakerName(std::string_view name);

// One statement as the scorer sees it.
struct ScoredStatement {
  CharSet content;
  std::string speaker;  // normalised name; empty when none
  CharSet speaker_span;
  CharSet cue;
  std::string type = "unknown";  // gold only
  bool optional = false;         // gold only
};

struct ScoredDocument {
  std::string doc_id;  // for messages; documents are keyed by DocumentKey
  std::vector<ScoredStatement> statements;
};

// A file's documents by doc_id. As in score.py, a later line with the same
// doc_id replaces the earlier document; `order` keeps first appearance.
struct ScoredCorpus {
  std::vector<std::string> order;  // keys
  std::unordered_map<std::string, ScoredDocument> documents;

  void Put(std::string key, ScoredDocument doc);
  const ScoredDocument* Find(const std::string& key) const;
};

enum class RecordRole { kGold, kPrediction };

// The key under which score.py files a document: doc_id as Python would hash
// it (so "1" and 1 differ, 1 and 1.0 agree). Fails for arrays and objects.
Result<std::string> DocumentKey(const nlohmann::json& doc_id);

// Turns one record into a document. Gold records read "content_span" or
// "quote_span_chars", "speaker" or "speaker_name", "speaker_span" or
// "speaker_span_chars", "cue_span", "type", "optional", and "statements" or
// "quotes"; predictions read "content_span", "speaker", "speaker_span",
// "cue_span" under "statements". `where` ("file:line") prefixes errors.
Result<ScoredDocument> ParseScoredDocument(const nlohmann::json& record, RecordRole role,
                                           const std::string& where);

// One parsed line of a JSON Lines file and "file:line" for messages.
struct RecordLine {
  std::string where;
  nlohmann::json record;
};

// Reads a JSON Lines file as score.py does: UTF-8 checked, lines ending at
// \n, \r\n or \r, blank lines skipped. The first line that is not JSON fails
// the whole read with an error naming the file and line.
Result<std::vector<RecordLine>> ReadRecordLines(const std::string& path);

// Reads a JSON Lines file (blank lines skipped) into documents. The first bad
// line fails the whole read with an error naming the file and line.
Result<ScoredCorpus> ReadScoredCorpus(const std::string& path, RecordRole role);

struct ScoreOptions {
  // Only gold statements of these types count (score.py --types=a,b).
  std::optional<std::set<std::string>> types;
  // Speakers agree only by normalised name, never by overlapping spans
  // (score.py --speaker=name).
  bool speaker_by_name_only = false;
};

struct PrecisionRecall {
  double p = 0, r = 0, f1 = 0;
};

struct AttributionScores {
  std::size_t documents = 0, gold = 0, predicted = 0;
  std::size_t matched = 0, speaker_right = 0;
  PrecisionRecall extraction;
  double speaker_accuracy = 0;
  PrecisionRecall end_to_end;
  std::vector<std::pair<std::string, double>> recall_by_type;  // sorted by type
  std::vector<std::pair<std::string, double>> exact_span_f1;   // content, cue, source where gold has spans
};

// score.py's score(): greedy one-to-one matching of content spans, best IoU
// first (ties: higher gold index, then higher prediction index), pairs below
// 0.5 never match. Documents of `predictions` absent from `gold` are ignored.
AttributionScores ScoreAttributions(const ScoredCorpus& gold, const ScoredCorpus& predictions,
                                    const ScoreOptions& options);

// The six lines score.py prints, each ending in '\n'.
std::string FormatScoresText(const AttributionScores& scores);
// What `score.py --json` prints (json.dumps(indent=1), floats as Python's
// repr), ending in '\n'.
std::string FormatScoresJson(const AttributionScores& scores);
// A float as Python's repr() writes it (shortest round-trip digits).
std::string PythonFloatRepr(double value);

}  // namespace hearsay::eval
