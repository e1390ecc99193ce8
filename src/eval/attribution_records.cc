#include "eval/attribution_records.h"

#include <string>

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

}  // namespace

nlohmann::ordered_json AttributionRecord(const Document& doc, const nlohmann::json& doc_id) {
  const io::CodePointIndex cp(doc.text());
  json statements = json::array();
  if (doc.filled_columns & kColStatements) {
    for (const Statement& s : doc.statements) {
      const Span content = SpanOf(doc, cp, s.content);
      const Span source = SpanOf(doc, cp, s.source);
      const Span cue = SpanOf(doc, cp, s.cue);
      json speaker = nullptr;
      if (s.speaker >= 0 && static_cast<std::size_t>(s.speaker) < doc.speakers.size() &&
          !doc.speakers[s.speaker].name.empty()) {
        speaker = doc.speakers[s.speaker].name;
      } else if (source.present) {
        speaker = source.text;
      }
      statements.push_back({{"type", io::StatementTypeName(s.type)},
                            {"content_span", Pair(content)},
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
                                             const std::string& where) {
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
  return AttributionRecord(doc, doc_id);
}

}  // namespace hearsay::eval
