#include "serve/api.h"

#include <sqlite3.h>

#include <charconv>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <variant>

#include "io/json_writer.h"
#include "store/sqlite_util.h"

namespace hearsay::serve {
namespace {

using json = nlohmann::ordered_json;
using io::JsonWriter;
using store::Stmt;

std::string Dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// A request's failure: the HTTP status and the message for {"error": ...}.
struct ApiError {
  int status;
  std::string message;
};

ApiError FromStatus(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInvalidArgument: return {400, s.message()};
    case StatusCode::kNotFound: return {404, s.message()};
    default: return {500, s.message()};
  }
}

// The query parameters of one request, checked against the names a route
// accepts: an unknown or repeated name is the caller's mistake, said as such
// rather than ignored.
class Params {
 public:
  Params(const QueryParams& raw, const ApiLimits& limits) : raw_(raw), limits_(limits) {}

  std::optional<ApiError> Check(std::initializer_list<std::string_view> allowed) const {
    std::set<std::string_view> seen;
    for (const auto& [name, value] : raw_) {
      bool ok = false;
      for (auto a : allowed) ok = ok || a == name;
      if (!ok) return ApiError{400, "unknown parameter '" + name + "'"};
      if (!seen.insert(name).second) return ApiError{400, "parameter '" + name + "' given twice"};
      if (value.size() > limits_.max_param_bytes)
        return ApiError{400, "parameter '" + name + "' is longer than " +
                                 std::to_string(limits_.max_param_bytes) + " bytes"};
    }
    return std::nullopt;
  }

  std::string Get(std::string_view name) const {
    for (const auto& [n, v] : raw_)
      if (n == name) return v;
    return "";
  }

  // An integer in [lo, hi]; `fallback` when absent or empty.
  std::optional<ApiError> Int(std::string_view name, std::int64_t lo, std::int64_t hi, std::int64_t fallback,
                              std::int64_t* out) const {
    const std::string v = Get(name);
    *out = fallback;
    if (v.empty()) return std::nullopt;
    std::int64_t x = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (ec != std::errc() || end != v.data() + v.size())
      return ApiError{400, "parameter '" + std::string(name) + "': '" + v + "' is not an integer"};
    if (x < lo || x > hi)
      return ApiError{400, "parameter '" + std::string(name) + "': " + v + " is out of range [" +
                               std::to_string(lo) + ", " + std::to_string(hi) + "]"};
    *out = x;
    return std::nullopt;
  }

  std::optional<ApiError> OptionalId(std::string_view name, std::optional<std::int64_t>* out) const {
    if (Get(name).empty()) return std::nullopt;
    std::int64_t x = 0;
    if (auto e = Int(name, 1, INT64_MAX, 0, &x)) return e;
    *out = x;
    return std::nullopt;
  }

  // limit (capped at max_limit, so a client asking for more gets max_limit)
  // and offset.
  std::optional<ApiError> Page(int* limit, int* offset) const {
    std::int64_t l = 0, o = 0;
    if (auto e = Int("limit", 0, INT32_MAX, limits_.default_limit, &l)) return e;
    if (auto e = Int("offset", 0, limits_.max_offset, 0, &o)) return e;
    *limit = static_cast<int>(std::min<std::int64_t>(l, limits_.max_limit));
    *offset = static_cast<int>(o);
    return std::nullopt;
  }

 private:
  const QueryParams& raw_;
  const ApiLimits& limits_;
};

// A real calendar day YYYY-MM-DD (the store checks only the shape).
bool IsCalendarDay(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  const int year = std::stoi(std::string(s.substr(0, 4))), month = std::stoi(std::string(s.substr(5, 2))),
            day = std::stoi(std::string(s.substr(8, 2)));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

json OrNull(const std::optional<std::int64_t>& v) {
  return v ? json(*v) : json(nullptr);
}
json OrNull(const std::string& v) {
  return v.empty() ? json(nullptr) : json(v);
}

// A text written as null when empty: the API's convention for absent text.
struct NullIfEmpty {
  std::string_view text;
};

// The fields of an object of the API, in order: `field(key, value)` gets
// each value as an int64, a string_view, a NullIfEmpty, an optional<int64>
// (null when absent) or a double. One definition per object serves both ways
// the API writes it: an nlohmann tree (ObjectJson), for the pages that nest
// it in other objects, and the streaming writer (WriteObject), for the hot
// pages (statement searches, a speaker's page).
template <typename Field>
void StatementFields(const store::StatementRow& r, Field&& field) {
  field("id", r.id);
  field("document_id", r.document_id);
  field("doc_id", std::string_view(r.doc_id));
  field("outlet", NullIfEmpty{r.outlet});
  field("day", NullIfEmpty{r.published_day});
  field("title", NullIfEmpty{r.title});
  field("url", NullIfEmpty{r.url});
  field("type", std::string_view(r.type));
  field("cue_class", std::string_view(r.cue_class));
  field("content", std::string_view(r.content));
  field("start", r.content_start);
  field("end", r.content_end);
  field("speaker_id", r.speaker_id);
  field("speaker", NullIfEmpty{r.speaker_name});
  field("cue", NullIfEmpty{r.cue});
  field("channel", NullIfEmpty{r.channel});
  field("addressee", NullIfEmpty{r.addressee});
  field("time", NullIfEmpty{r.time});
  field("date", NullIfEmpty{r.date});
  field("cited_document_id", r.cited_document_id);
  field("cited_document", NullIfEmpty{r.cited_document_name});
  field("stance", NullIfEmpty{r.stance});
  field("confidence", r.confidence);
  field("cluster_id", r.cluster_id);
}

template <typename Field>
void SpeakerFields(const store::SpeakerRow& r, Field&& field) {
  field("id", r.id);
  field("name", std::string_view(r.name));
  field("kind", std::string_view(r.kind));
  field("statement_count", r.statement_count);
  field("document_count", r.document_count);
  field("first_seen", NullIfEmpty{r.first_seen});
  field("last_seen", NullIfEmpty{r.last_seen});
}

json FieldJson(std::int64_t v) {
  return v;
}
json FieldJson(double v) {
  return v;
}
json FieldJson(std::string_view v) {
  return std::string(v);
}
json FieldJson(NullIfEmpty v) {
  return v.text.empty() ? json(nullptr) : json(std::string(v.text));
}
json FieldJson(const std::optional<std::int64_t>& v) {
  return OrNull(v);
}

void WriteField(JsonWriter& w, std::int64_t v) {
  w.Int(v);
}
void WriteField(JsonWriter& w, double v) {
  w.Real(v);
}
void WriteField(JsonWriter& w, std::string_view v) {
  w.String(v);
}
void WriteField(JsonWriter& w, NullIfEmpty v) {
  w.StringOrNull(v.text);
}
void WriteField(JsonWriter& w, const std::optional<std::int64_t>& v) {
  w.IntOrNull(v);
}

// `fields` is StatementFields or SpeakerFields, passed as a generic lambda.
template <typename Row, typename Fields>
json ObjectJson(const Row& r, Fields fields) {
  json o = json::object();
  fields(r, [&o](const char* key, const auto& v) { o[key] = FieldJson(v); });
  return o;
}

template <typename Row, typename Fields>
void WriteObject(JsonWriter& w, const Row& r, Fields fields) {
  w.BeginObject();
  fields(r, [&w](const char* key, const auto& v) { WriteField(w.Key(key), v); });
  w.EndObject();
}

constexpr auto kStatementFields = [](const store::StatementRow& r, auto&& field) {
  StatementFields(r, field);
};
constexpr auto kSpeakerFields = [](const store::SpeakerRow& r, auto&& field) { SpeakerFields(r, field); };

json StatementJson(const store::StatementRow& r) {
  return ObjectJson(r, kStatementFields);
}

void WriteStatement(JsonWriter& w, const store::StatementRow& r) {
  WriteObject(w, r, kStatementFields);
}

// clang-format off
// PageJson for statements, through the writer.
void WriteStatementPage(JsonWriter& w, const std::vector<store::StatementRow>& rows, int limit, int offset) {
  w.BeginObject().Key("items").BeginArray();
  for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(limit); ++i) WriteStatement(w, rows[i]);
  w.EndArray()
      .Key("limit").Int(limit)
      .Key("offset").Int(offset)
      .Key("has_more").Bool(rows.size() > static_cast<std::size_t>(limit))
      .EndObject();
}

// clang-format on

json StatementsJson(const std::vector<store::StatementRow>& rows, std::size_t max) {
  json a = json::array();
  for (std::size_t i = 0; i < rows.size() && i < max; ++i) a.push_back(StatementJson(rows[i]));
  return a;
}

json SpeakerJson(const store::SpeakerRow& r) {
  return ObjectJson(r, kSpeakerFields);
}

json CitedJson(const store::CitedDocumentRow& r) {
  return json{{"id", r.id},
              {"name", r.name},
              {"kind", r.kind},
              {"issuer", OrNull(r.issuer)},
              {"date", OrNull(r.date)},
              {"first_cited", OrNull(r.first_cited)},
              {"citation_count", r.citation_count}};
}

json ClusterJson(const store::QuoteClusterRow& r) {
  return json{{"id", r.id},
              {"content", r.content},
              {"first_published", OrNull(r.first_published)},
              {"member_count", r.member_count},
              {"outlet_count", r.outlet_count}};
}

// A page of a list: the rows were fetched with limit + 1 so that has_more
// says whether another page exists without a COUNT over the whole store.
template <typename Row, typename ToJson>
json PageJson(const std::vector<Row>& rows, int limit, int offset, ToJson to_json) {
  json items = json::array();
  for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(limit); ++i)
    items.push_back(to_json(rows[i]));
  return json{{"items", std::move(items)},
              {"limit", limit},
              {"offset", offset},
              {"has_more", rows.size() > static_cast<std::size_t>(limit)}};
}

// Runs `sql` with the bound values and calls on_row for each row.
template <typename OnRow>
Status Query(store::Store& s, std::string_view sql, std::initializer_list<std::int64_t> ints, OnRow on_row) {
  Stmt q;
  HEARSAY_RETURN_IF_ERROR(q.Prepare(s.db(), sql));
  int i = 1;
  for (auto v : ints) q.Bind(i++, v);
  for (;;) {
    bool row = false;
    HEARSAY_RETURN_IF_ERROR(q.Step(&row));
    if (!row) return Status::Ok();
    on_row(q);
  }
}

// Per-day counts as [[day, n], ...], oldest first; `where` filters
// statements (alias s) on the one bound id.
Status DayCounts(store::Store& s, std::string_view where, std::int64_t id, json* out) {
  *out = json::array();
  return Query(s,
               std::string("SELECT s.published_day, COUNT(*) FROM statements s WHERE ") + std::string(where) +
                   " AND s.published_day IS NOT NULL GROUP BY s.published_day ORDER BY s.published_day "
                   "LIMIT 5000",
               {id}, [&](const Stmt& q) {
                 out->push_back(json::array({q.Text(0), q.Int(1)}));
               });
}

// An answer already written (JsonWriter).
struct RawJson {
  std::string body;
};

using Outcome = std::variant<json, RawJson, ApiError>;

#define API_CHECK(expr)                               \
  do {                                                \
    if (auto api_error_ = (expr)) return *api_error_; \
  } while (0)
#define API_STATUS(expr)                                                                \
  do {                                                                                  \
    if (Status api_status_ = (expr); !api_status_.ok()) return FromStatus(api_status_); \
  } while (0)

Outcome Stats(store::Store& s, const Params& p) {
  API_CHECK(p.Check({}));
  auto c = s.Counts();
  if (!c.ok()) return FromStatus(c.status());
  return json{{"schema_version", s.schema_version()},
              {"documents", c->documents},
              {"statements", c->statements},
              {"speakers", c->speakers},
              {"quote_clusters", c->quote_clusters},
              {"cited_documents", c->cited_documents},
              {"citations", c->citations}};
}

Outcome SearchStatements(store::Store& s, const Params& p) {
  API_CHECK(p.Check({"q", "speaker", "speaker_id", "outlet", "type", "cited", "cited_id", "from", "to",
                     "limit", "offset"}));
  store::StatementFilter f;
  f.text = p.Get("q");
  f.speaker = p.Get("speaker");
  f.outlet = p.Get("outlet");
  f.type = p.Get("type");
  f.cited = p.Get("cited");
  f.from = p.Get("from");
  f.to = p.Get("to");
  for (const auto& [name, value] : {std::pair<const char*, const std::string&>{"from", f.from}, {"to", f.to}})
    if (!value.empty() && !IsCalendarDay(value))
      return ApiError{400,
                      std::string("parameter '") + name + "': '" + value + "' is not a day (YYYY-MM-DD)"};
  if (!f.type.empty() && f.type != "direct" && f.type != "indirect" && f.type != "mixed")
    return ApiError{400, "parameter 'type': '" + f.type + "' is not direct, indirect or mixed"};
  API_CHECK(p.OptionalId("speaker_id", &f.speaker_id));
  API_CHECK(p.OptionalId("cited_id", &f.cited_document_id));
  int limit = 0, offset = 0;
  API_CHECK(p.Page(&limit, &offset));
  f.limit = limit + 1;
  f.offset = offset;
  auto rows = s.FindStatements(f);
  if (!rows.ok()) return FromStatus(rows.status());
  JsonWriter w;
  WriteStatementPage(w, *rows, limit, offset);
  return RawJson{w.Take()};
}

Outcome ListSpeakers(store::Store& s, const Params& p) {
  API_CHECK(p.Check({"name", "kind", "limit", "offset"}));
  store::SpeakerFilter f;
  f.name = p.Get("name");
  f.kind = p.Get("kind");
  if (!f.kind.empty() && f.kind != "person" && f.kind != "organization" && f.kind != "place")
    return ApiError{400, "parameter 'kind': '" + f.kind + "' is not person, organization or place"};
  int limit = 0, offset = 0;
  API_CHECK(p.Page(&limit, &offset));
  f.limit = limit + 1;
  f.offset = offset;
  auto rows = s.ListSpeakers(f);
  if (!rows.ok()) return FromStatus(rows.status());
  return PageJson(*rows, limit, offset, SpeakerJson);
}

// clang-format off
// The first page of a speaker's statements is shorter than other pages
// (ApiLimits::speaker_statements): the page also carries roles, outlets,
// cited documents and the timeline, and the statements are the bulk of it.
Outcome GetSpeaker(store::Store& s, std::int64_t id, const Params& p, const ApiLimits& limits) {
  API_CHECK(p.Check({"limit", "offset"}));
  int limit = 0, offset = 0;
  API_CHECK(p.Page(&limit, &offset));
  if (p.Get("limit").empty()) limit = std::min(limit, limits.speaker_statements);
  auto sp = s.GetSpeaker(id);
  if (!sp.ok()) return FromStatus(sp.status());
  // Written as it is read (JsonWriter): the top speaker's page is tens of
  // kilobytes of small objects.
  JsonWriter w;
  w.BeginObject().Key("speaker");
  WriteObject(w, *sp, kSpeakerFields);
  w.Key("roles").BeginArray();
  for (const auto& r : sp->roles)
    w.BeginObject()
        .Key("role").StringOrNull(r.role)
        .Key("affiliation").StringOrNull(r.affiliation)
        .Key("day").StringOrNull(r.published_day)
        .Key("doc_id").String(r.doc_id)
        .EndObject();
  w.EndArray();
  // Outlets, cited documents and the timeline come from the per-speaker
  // aggregates (schema version 3): a few hundred rows at most, however
  // many statements the speaker has.
  w.Key("outlets").BeginArray();
  API_STATUS(Query(s,
                   "SELECT outlet, statements, first_day, last_day FROM speaker_outlets WHERE speaker_id = ? "
                   "ORDER BY statements DESC, outlet LIMIT 200",
                   {id}, [&](const Stmt& q) {
                     w.BeginObject()
                         .Key("outlet").StringOrNull(q.TextView(0))
                         .Key("statements").Int(q.Int(1))
                         .Key("first").StringOrNull(q.TextView(2))
                         .Key("last").StringOrNull(q.TextView(3))
                         .EndObject();
                   }));
  w.EndArray().Key("cited_documents").BeginArray();
  API_STATUS(Query(s,
                   "SELECT c.id, c.name, a.statements FROM speaker_cited a JOIN cited_documents c "
                   "ON c.id = a.cited_document_id WHERE a.speaker_id = ? "
                   "ORDER BY a.statements DESC, c.id LIMIT 100",
                   {id}, [&](const Stmt& q) {
                     w.BeginObject()
                         .Key("id").Int(q.Int(0))
                         .Key("name").String(q.TextView(1))
                         .Key("statements").Int(q.Int(2))
                         .EndObject();
                   }));
  w.EndArray().Key("timeline").BeginArray();
  API_STATUS(Query(s, "SELECT day, statements FROM speaker_days WHERE speaker_id = ? ORDER BY day LIMIT 5000",
                   {id}, [&](const Stmt& q) { w.BeginArray().String(q.TextView(0)).Int(q.Int(1)).EndArray(); }));
  w.EndArray();
  store::StatementFilter f;
  f.speaker_id = id;
  f.limit = limit + 1;
  f.offset = offset;
  auto rows = s.FindStatements(f);
  if (!rows.ok()) return FromStatus(rows.status());
  w.Key("statements");
  WriteStatementPage(w, *rows, limit, offset);
  w.EndObject();
  return RawJson{w.Take()};
}

// clang-format on

Outcome ListCited(store::Store& s, const Params& p) {
  API_CHECK(p.Check({"name", "limit", "offset"}));
  store::CitedDocumentFilter f;
  f.name = p.Get("name");
  int limit = 0, offset = 0;
  API_CHECK(p.Page(&limit, &offset));
  f.limit = limit + 1;
  f.offset = offset;
  auto rows = s.ListCitedDocuments(f);
  if (!rows.ok()) return FromStatus(rows.status());
  return PageJson(*rows, limit, offset, CitedJson);
}

Outcome GetCited(store::Store& s, std::int64_t id, const Params& p, const ApiLimits& limits) {
  API_CHECK(p.Check({"limit"}));
  std::int64_t limit = 0;
  API_CHECK(p.Int("limit", 0, INT32_MAX, limits.max_limit, &limit));
  limit = std::min<std::int64_t>(limit, limits.max_limit);
  auto r = s.GetCitedReception(id, static_cast<int>(limit));
  if (!r.ok()) return FromStatus(r.status());
  json stances = json::object();
  for (const auto& [stance, n] : r->stance_counts) stances[stance.empty() ? "unknown" : stance] = n;
  json timeline = json::array();
  for (const auto& [day, n] : r->timeline) timeline.push_back(json::array({day, n}));
  json speakers = json::array();
  API_STATUS(
      Query(s,
            "SELECT s.speaker_id, COALESCE(sp.name, s.speaker_name), COALESCE(s.stance, ''), COUNT(*), "
            "MIN(s.published_day) FROM statements s LEFT JOIN speakers sp ON sp.id = s.speaker_id "
            "WHERE s.cited_document_id = ? GROUP BY s.speaker_id, COALESCE(sp.name, s.speaker_name), "
            "s.stance ORDER BY COUNT(*) DESC LIMIT 200",
            {id}, [&](const Stmt& q) {
              speakers.push_back(json{{"speaker_id", OrNull(q.OptionalInt(0))},
                                      {"speaker", OrNull(q.Text(1))},
                                      {"stance", OrNull(q.Text(2))},
                                      {"statements", q.Int(3)},
                                      {"first", OrNull(q.Text(4))}});
            }));
  json first = r->statements.empty() ? json(nullptr) : StatementJson(r->statements.front());
  return json{{"document", CitedJson(r->document)},
              {"stances", std::move(stances)},
              {"timeline", std::move(timeline)},
              {"speakers", std::move(speakers)},
              {"first_appearance", std::move(first)},
              {"statements", StatementsJson(r->statements, static_cast<std::size_t>(limit))}};
}

Outcome ListQuotes(store::Store& s, const Params& p) {
  API_CHECK(p.Check({"q", "min_members", "limit", "offset"}));
  store::QuoteClusterFilter f;
  f.text = p.Get("q");
  std::int64_t min_members = 0;
  API_CHECK(p.Int("min_members", 1, 1000000, 2, &min_members));
  f.min_members = static_cast<int>(min_members);
  int limit = 0, offset = 0;
  API_CHECK(p.Page(&limit, &offset));
  f.limit = limit + 1;
  f.offset = offset;
  auto rows = s.ListQuoteClusters(f);
  if (!rows.ok()) return FromStatus(rows.status());
  return PageJson(*rows, limit, offset, ClusterJson);
}

Outcome GetQuote(store::Store& s, std::int64_t id, const Params& p, const ApiLimits& limits) {
  API_CHECK(p.Check({"limit"}));
  std::int64_t limit = 0;
  API_CHECK(p.Int("limit", 0, INT32_MAX, limits.max_limit, &limit));
  limit = std::min<std::int64_t>(limit, limits.max_limit);
  auto r = s.GetQuotePropagation(id, static_cast<int>(limit));
  if (!r.ok()) return FromStatus(r.status());
  json outlets = json::array();
  API_STATUS(
      Query(s,
            "SELECT outlet, COUNT(*), MIN(published_day) FROM statements WHERE cluster_id = ? "
            "GROUP BY outlet ORDER BY MIN(published_day) IS NULL, MIN(published_day), outlet LIMIT 500",
            {id}, [&](const Stmt& q) {
              outlets.push_back(json{
                  {"outlet", OrNull(q.Text(0))}, {"statements", q.Int(1)}, {"first", OrNull(q.Text(2))}});
            }));
  json timeline;
  API_STATUS(DayCounts(s, "s.cluster_id = ?", id, &timeline));
  return json{{"cluster", json{{"id", r->cluster_id},
                               {"content", r->content},
                               {"first_published", OrNull(r->first_published)},
                               {"member_count", r->member_count},
                               {"outlet_count", r->outlet_count}}},
              {"outlets", std::move(outlets)},
              {"timeline", std::move(timeline)},
              {"members", StatementsJson(r->members, static_cast<std::size_t>(limit))}};
}

Outcome GetDocument(store::Store& s, std::int64_t id, const Params& p, const ApiLimits& limits) {
  API_CHECK(p.Check({}));
  auto d = s.GetDocument(id);
  if (!d.ok()) return FromStatus(d.status());
  if (d->text.size() > limits.max_text_bytes)
    return ApiError{413, "document " + std::to_string(id) + " has " + std::to_string(d->text.size()) +
                             " bytes of text, more than the " + std::to_string(limits.max_text_bytes) +
                             " the API returns"};
  json speakers = json::array();
  API_STATUS(
      Query(s,
            "SELECT idx, speaker_id, name, kind, role, affiliation FROM mentions WHERE document_id = ? "
            "ORDER BY idx",
            {id}, [&](const Stmt& q) {
              speakers.push_back(json{{"idx", q.Int(0)},
                                      {"speaker_id", OrNull(q.OptionalInt(1))},
                                      {"name", q.Text(2)},
                                      {"kind", q.Text(3)},
                                      {"role", OrNull(q.Text(4))},
                                      {"affiliation", OrNull(q.Text(5))}});
            }));
  json statements = json::array();
  API_STATUS(Query(
      s,
      "SELECT s.id, s.idx, s.type, s.cue_class, s.content, s.content_start, s.content_end, s.speaker_idx, "
      "s.speaker_id, s.speaker_name, s.cue, s.channel, s.addressee, s.time_text, s.date, "
      "s.cited_document_id, "
      "c.name, s.stance, s.confidence, s.cluster_id FROM statements s LEFT JOIN cited_documents c "
      "ON c.id = s.cited_document_id WHERE s.document_id = ? ORDER BY s.idx",
      {id}, [&](const Stmt& q) {
        statements.push_back(json{{"id", q.Int(0)},
                                  {"idx", q.Int(1)},
                                  {"type", q.Text(2)},
                                  {"cue_class", q.Text(3)},
                                  {"content", q.Text(4)},
                                  {"start", q.Int(5)},
                                  {"end", q.Int(6)},
                                  {"speaker_idx", OrNull(q.OptionalInt(7))},
                                  {"speaker_id", OrNull(q.OptionalInt(8))},
                                  {"speaker", OrNull(q.Text(9))},
                                  {"cue", OrNull(q.Text(10))},
                                  {"channel", OrNull(q.Text(11))},
                                  {"addressee", OrNull(q.Text(12))},
                                  {"time", OrNull(q.Text(13))},
                                  {"date", OrNull(q.Text(14))},
                                  {"cited_document_id", OrNull(q.OptionalInt(15))},
                                  {"cited_document", OrNull(q.Text(16))},
                                  {"stance", OrNull(q.Text(17))},
                                  {"confidence", q.Real(18)},
                                  {"cluster_id", OrNull(q.OptionalInt(19))}});
      }));
  return json{{"document", json{{"id", d->id},
                                {"doc_id", d->doc_id},
                                {"url", OrNull(d->url)},
                                {"outlet", OrNull(d->outlet)},
                                {"published", OrNull(d->published)},
                                {"title", OrNull(d->title)},
                                {"authors", OrNull(d->authors)},
                                {"language", OrNull(d->language)},
                                {"text", d->text}}},
              {"speakers", std::move(speakers)},
              {"statements", std::move(statements)}};
}

// The speakers ↔ cited documents graph: the heaviest (speaker, cited
// document) pairs by number of statements, optionally around one speaker or
// one cited document. Article-local cited documents ("the report") are left
// out, as in ListCitedDocuments.
Outcome Graph(store::Store& s, const Params& p, const ApiLimits& limits) {
  API_CHECK(p.Check({"speaker_id", "cited_id", "limit"}));
  std::optional<std::int64_t> speaker_id, cited_id;
  API_CHECK(p.OptionalId("speaker_id", &speaker_id));
  API_CHECK(p.OptionalId("cited_id", &cited_id));
  std::int64_t limit = 0;
  API_CHECK(p.Int("limit", 0, INT32_MAX, limits.max_limit, &limit));
  limit = std::min<std::int64_t>(limit, limits.max_limit);
  std::string sql =
      "SELECT s.speaker_id, sp.name, s.cited_document_id, c.name, COUNT(*) AS n FROM statements s "
      "JOIN speakers sp ON sp.id = s.speaker_id JOIN cited_documents c ON c.id = s.cited_document_id "
      "WHERE s.cited_document_id IS NOT NULL AND c.doc_key NOT LIKE 'local:%' "
      "AND (?1 IS NULL OR s.speaker_id = ?1) AND (?2 IS NULL OR s.cited_document_id = ?2) "
      "GROUP BY s.speaker_id, s.cited_document_id ORDER BY n DESC, s.speaker_id, s.cited_document_id LIMIT "
      "?3";
  Stmt q;
  API_STATUS(q.Prepare(s.db(), sql));
  q.BindOptional(1, speaker_id);
  q.BindOptional(2, cited_id);
  q.Bind(3, limit);
  json speakers = json::object(), cited = json::object(), edges = json::array();
  for (;;) {
    bool row = false;
    API_STATUS(q.Step(&row));
    if (!row) break;
    speakers[std::to_string(q.Int(0))] = q.Text(1);
    cited[std::to_string(q.Int(2))] = q.Text(3);
    edges.push_back(json{{"speaker_id", q.Int(0)}, {"cited_id", q.Int(2)}, {"statements", q.Int(4)}});
  }
  json nodes = json::array();
  for (const auto& [id, name] : speakers.items())
    nodes.push_back(json{{"id", "s" + id}, {"kind", "speaker"}, {"ref", std::stoll(id)}, {"label", name}});
  for (const auto& [id, name] : cited.items())
    nodes.push_back(json{{"id", "c" + id}, {"kind", "cited"}, {"ref", std::stoll(id)}, {"label", name}});
  return json{{"nodes", std::move(nodes)}, {"edges", std::move(edges)}};
}

// Statements per day or month across the store, optionally for one outlet.
Outcome Timeline(store::Store& s, const Params& p) {
  API_CHECK(p.Check({"bucket", "outlet"}));
  const std::string bucket = p.Get("bucket").empty() ? "month" : p.Get("bucket");
  if (bucket != "day" && bucket != "month")
    return ApiError{400, "parameter 'bucket': '" + bucket + "' is not day or month"};
  const std::string outlet = p.Get("outlet");
  Stmt q;
  API_STATUS(
      q.Prepare(s.db(),
                "SELECT substr(published_day, 1, ?1) AS b, COUNT(*) FROM statements "
                "WHERE published_day IS NOT NULL AND (?2 IS NULL OR outlet = ?2) GROUP BY b ORDER BY b "
                "LIMIT 5000"));
  q.Bind(1, std::int64_t{bucket == "day" ? 10 : 7});
  q.BindTextOrNull(2, outlet);
  json points = json::array();
  for (;;) {
    bool row = false;
    API_STATUS(q.Step(&row));
    if (!row) break;
    points.push_back(json::array({q.Text(0), q.Int(1)}));
  }
  return json{{"bucket", bucket}, {"points", std::move(points)}};
}

// "/api/speakers/42" with prefix "/api/speakers/" → 42; nullopt when the
// rest is not a positive decimal id.
std::optional<std::int64_t> IdAfter(std::string_view path, std::string_view prefix) {
  if (path.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::string_view rest = path.substr(prefix.size());
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), id);
  if (rest.empty() || ec != std::errc() || end != rest.data() + rest.size() || id <= 0) return std::nullopt;
  return id;
}

Outcome Route(store::Store& s, std::string_view path, const Params& p, const ApiLimits& limits) {
  if (path == "/api/stats") return Stats(s, p);
  if (path == "/api/statements") return SearchStatements(s, p);
  if (path == "/api/speakers") return ListSpeakers(s, p);
  if (path == "/api/cited") return ListCited(s, p);
  if (path == "/api/quotes") return ListQuotes(s, p);
  if (path == "/api/graph") return Graph(s, p, limits);
  if (path == "/api/timeline") return Timeline(s, p);
  struct Item {
    std::string_view prefix;
    Outcome (*handler)(store::Store&, std::int64_t, const Params&, const ApiLimits&);
  };
  static constexpr Item kItems[] = {
      {"/api/speakers/", GetSpeaker},
      {"/api/cited/", GetCited},
      {"/api/quotes/", GetQuote},
      {"/api/documents/", GetDocument},
  };
  for (const auto& item : kItems) {
    if (path.substr(0, item.prefix.size()) != item.prefix) continue;
    auto id = IdAfter(path, item.prefix);
    if (!id) return ApiError{404, "no such resource: the id must be a positive integer"};
    return item.handler(s, *id, p, limits);
  }
  return ApiError{404, "no such API path"};
}

// Interrupts the connection's SQL once the request's deadline has passed.
struct Deadline {
  std::chrono::steady_clock::time_point at;
  bool expired = false;
};

int OnProgress(void* arg) {
  auto* d = static_cast<Deadline*>(arg);
  if (std::chrono::steady_clock::now() < d->at) return 0;
  d->expired = true;
  return 1;
}

}  // namespace

std::string ErrorBody(std::string_view message) {
  return Dump(json{{"error", std::string(message)}});
}

ApiResponse HandleApiRequest(store::Store& store, std::string_view path, const QueryParams& params,
                             const ApiLimits& limits) {
  Deadline deadline{std::chrono::steady_clock::now() + std::chrono::milliseconds(limits.query_ms)};
  // Every 1000 virtual machine steps: well under a millisecond apart.
  sqlite3_progress_handler(store.db(), 1000, &OnProgress, &deadline);
  Params p(params, limits);
  Outcome outcome = Route(store, path, p, limits);
  sqlite3_progress_handler(store.db(), 0, nullptr, nullptr);
  if (deadline.expired)
    return {503, ErrorBody("the query took longer than " + std::to_string(limits.query_ms) +
                           " ms and was stopped; narrow it (fewer or rarer words, a date range)")};
  if (auto* e = std::get_if<ApiError>(&outcome)) return {e->status, ErrorBody(e->message)};
  if (auto* raw = std::get_if<RawJson>(&outcome)) return {200, std::move(raw->body)};
  return {200, Dump(std::get<json>(outcome))};
}

}  // namespace hearsay::serve
