#include "eval/attribution_records.h"

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

}  // namespace

nlohmann::ordered_json AttributionRecord(const Document& doc, const nlohmann::json& doc_id,
                                         SpanConvention convention) {
  const io::CodePointIndex cp(doc.text());
  json statements = json::array();
  const std::size_t n = doc.statements.size();
  // kPolnear: each statement's content parts, continuations folded into the
  // statement they continue (followed through chains of continuations).
  std::vector<std::vector<TokenRange>> parts(n);
  std::vector<bool> folded(n, false);
  if (convention == SpanConvention::kPolnear && (doc.filled_columns & kColStatements)) {
    for (std::size_t i = 0; i < n; ++i) parts[i].push_back(PolnearContent(doc, doc.statements[i].content));
    for (std::size_t i = 0; i < n; ++i) {
      const Statement& s = doc.statements[i];
      if (s.continues < 0 || static_cast<std::size_t>(s.continues) >= i || !s.cue.empty()) continue;
      std::size_t root = static_cast<std::size_t>(s.continues);
      while (folded[root]) root = static_cast<std::size_t>(doc.statements[root].continues);
      parts[root].insert(parts[root].end(), parts[i].begin(), parts[i].end());
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
