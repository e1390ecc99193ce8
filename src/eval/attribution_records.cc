#include "eval/attribution_records.h"

#include <algorithm>
#include <string>
#include <vector>

#include "io/document_json.h"

namespace hearsay::eval {
namespace {

using json = nlohmann::ordered_json;

struct Span {
  bool present = false;
  std::uint32_t start = 0, end = 0;
  std::string_view text;
};

Span SpanOf(const Document& doc, const io::CodePointIndex& cp, TokenRange r) {
  if (r.first >= r.last || r.last > doc.num_tokens()) return {};
  const ByteSpan b = doc.CharsOf(r);
  return {true, cp(b.begin), cp(b.end), doc.text(b)};
}

json Pair(const Span& s) {
  return s.present ? json::array({s.start, s.end}) : json(nullptr);
}
json Text(const Span& s) {
  return s.present ? json(s.text) : json(nullptr);
}

// PolNeAR's content: the quotation marks around it and a leading "that".
TokenRange PolnearContent(const Document& doc, TokenRange r) {
  if (r.first >= r.last || r.last > doc.num_tokens()) return r;
  if (r.first > 0 && doc.token_kind[r.first - 1] == TokenKind::kQuote) --r.first;
  if (r.last < doc.num_tokens() && doc.token_kind[r.last] == TokenKind::kQuote) ++r.last;
  if (r.first > 0 && (doc.token_text(r.first - 1) == "that" || doc.token_text(r.first - 1) == "That"))
    --r.first;
  return r;
}

// The content's parts in PolNeAR's way: a reporting clause inside the
// content ("X, he said, Y", which hearsay reports as one content from X to
// Y) is left out, leaving X and Y, each as PolnearContent draws it.
std::vector<TokenRange> PolnearParts(const Document& doc, const Statement& s) {
  const TokenRange c = s.content;
  const std::uint32_t n = doc.num_tokens();
  auto inside = [&](TokenRange r) {
    return !r.empty() && r.first > c.first && r.last < c.last && r.last <= n;
  };
  if (c.last > n || !inside(s.cue)) return {PolnearContent(doc, c)};
  std::uint32_t lo = s.cue.first, hi = s.cue.last;
  if (inside(s.source)) lo = std::min(lo, s.source.first), hi = std::max(hi, s.source.last);
  auto punct = [&](std::uint32_t t) {
    return doc.token_kind[t] == TokenKind::kPunct || doc.token_kind[t] == TokenKind::kDash;
  };
  std::uint32_t left_end = lo;
  while (left_end > c.first && punct(left_end - 1)) --left_end;
  // What follows the cue up to the comma closing the reporting clause ("said
  // in an email,", "said Smith, the director,") is left out with it.
  std::uint32_t right = hi;
  while (right < c.last && doc.token_text(right) != ",") ++right;
  if (right == c.last) right = hi;
  while (right < c.last && punct(right)) ++right;
  if (left_end == c.first || right == c.last) return {PolnearContent(doc, c)};
  const TokenRange x = PolnearContent(doc, {c.first, left_end});
  const TokenRange y = PolnearContent(doc, {right, c.last});
  return {x, y};
}

}  // namespace

nlohmann::ordered_json AttributionRecord(const Document& doc, const nlohmann::json& doc_id,
                                         SpanConvention convention) {
  const io::CodePointIndex cp(doc.text());
  json statements = json::array();
  const std::size_t n = doc.statements.size();
  // kPolnear: each statement's content parts, continuations folded into the
  // statement they continue (followed through chains of continuations), and
  // statements sharing one cue folded into the first of them: PolNeAR gives
  // a cue one attribution, whose content may be in pieces ("“A,” she said.
  // “B.”" with "said" found for both quotations is one attribution, A + B).
  std::vector<std::vector<TokenRange>> parts(n);
  std::vector<bool> folded(n, false);
  if (convention == SpanConvention::kPolnear && (doc.filled_columns & kColStatements)) {
    std::vector<std::size_t> root_of(n);
    for (std::size_t i = 0; i < n; ++i) {
      parts[i] = PolnearParts(doc, doc.statements[i]);
      root_of[i] = i;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const Statement& s = doc.statements[i];
      std::size_t into = i;
      if (s.cue.empty()) {
        if (s.continues >= 0 && static_cast<std::size_t>(s.continues) < i)
          into = static_cast<std::size_t>(s.continues);
      } else {
        for (std::size_t j = 0; j < i && into == i; ++j)
          if (doc.statements[j].cue == s.cue) into = j;
      }
      if (into == i) continue;
      const std::size_t root = root_of[into];
      parts[root].insert(parts[root].end(), parts[i].begin(), parts[i].end());
      parts[i].clear();
      root_of[i] = root;
      folded[i] = true;
    }
  }
  if (doc.filled_columns & kColStatements) {
    for (std::size_t i = 0; i < n; ++i) {
      const Statement& s = doc.statements[i];
      if (folded[i]) continue;
      const Span content = SpanOf(doc, cp, convention == SpanConvention::kPolnear ? parts[i][0] : s.content);
      const Span source = SpanOf(doc, cp, s.source);
      const Span cue = SpanOf(doc, cp, s.cue);
      json speaker = nullptr;
      if (s.speaker >= 0 && static_cast<std::size_t>(s.speaker) < doc.speakers.size() &&
          !doc.speakers[s.speaker].name.empty()) {
        speaker = doc.speakers[s.speaker].name;
      } else if (source.present) {
        speaker = source.text;
      }
      json content_span = Pair(content);
      if (parts[i].size() > 1) {
        content_span = json::array();
        for (TokenRange part : parts[i]) content_span.push_back(Pair(SpanOf(doc, cp, part)));
      }
      statements.push_back({{"type", io::StatementTypeName(s.type)},
                            {"content_span", std::move(content_span)},
                            {"content", Text(content)},
                            {"speaker", std::move(speaker)},
                            {"speaker_mention", Text(source)},
                            {"speaker_span", Pair(source)},
                            {"cue", Text(cue)},
                            {"cue_span", Pair(cue)}});
    }
  }
  json record = json::object();
  record["doc_id"] = doc_id;
  record["text"] = doc.text();
  record["statements"] = std::move(statements);
  return record;
}

nlohmann::ordered_json AttributionRecord(const Document& doc) {
  return AttributionRecord(doc, nlohmann::json(doc.metadata().id));
}

Result<nlohmann::ordered_json> PredictRecord(const Pipeline& pipeline, const nlohmann::json& record,
                                             const std::string& where, SpanConvention convention) {
  const auto text = record.is_object() ? record.find("text") : record.end();
  if (!record.is_object() || text == record.end() || !text->is_string()) {
    return Status(StatusCode::kMalformedRecord,
                  where + ": the record has no string \"text\" to run the extractor on");
  }
  const auto id = record.find("doc_id");
  const nlohmann::json doc_id = id != record.end() ? *id : nlohmann::json(nullptr);
  DocumentMetadata metadata;
  metadata.id = doc_id.is_string() ? doc_id.get<std::string>() : doc_id.dump();
  Document doc(text->get<std::string>(), std::move(metadata));
  if (Status status = pipeline.Process(doc); !status.ok()) {
    return Status(status.code(), where + ": " + status.message());
  }
  if (!(doc.filled_columns & kColStatements)) {
    std::string names;
    for (std::string_view name : pipeline.component_names()) {
      if (!names.empty()) names += ',';
      names += name;
    }
    return Status(StatusCode::kFailedPrecondition,
                  where + ": the pipeline (" + names + ") finds no statements: it has no attribution stage");
  }
  return AttributionRecord(doc, doc_id, convention);
}

}  // namespace hearsay::eval
