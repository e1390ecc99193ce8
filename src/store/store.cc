#include "store/store.h"

#include <sqlite3.h>

#include <sys/stat.h>
#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <set>
#include <variant>

#include "store/linking.h"
#include "store/schema.h"
#include "store/sqlite_util.h"

namespace hearsay::store {

// --- sqlite_util --------------------------------------------------------------

Status SqliteError(sqlite3* db, std::string_view what) {
  // A malformed FTS5 query surfaces as a plain SQL error when the statement
  // runs; it is the user's input, not a failure of the store.
  const std::string message = sqlite3_errmsg(db);
  const bool query_error =
      sqlite3_errcode(db) == SQLITE_ERROR &&
      (message.starts_with("fts5:") || message.find("no such column") != std::string::npos ||
       message.find("unterminated string") != std::string::npos ||
       message.find("syntax error") != std::string::npos || message.starts_with("unknown special query") ||
       message.find("malformed MATCH") != std::string::npos);
  if (query_error)
    return Status(StatusCode::kInvalidArgument, std::string(what) + ": invalid full-text query: " + message);
  return Status(StatusCode::kIoError, std::string(what) + ": " + message);
}

Status Stmt::Prepare(sqlite3* db, std::string_view sql) {
  db_ = db;
  sqlite3_finalize(stmt_);
  stmt_ = nullptr;
  if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_,
                         nullptr) != SQLITE_OK)
    return Status(StatusCode::kInternal, "store: cannot prepare SQL: " + std::string(sqlite3_errmsg(db)) +
                                             " in: " + std::string(sql.substr(0, 200)));
  return Status::Ok();
}

Status Stmt::Step(bool* row) {
  const int rc = sqlite3_step(stmt_);
  *row = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW || rc == SQLITE_DONE) return Status::Ok();
  Status error = SqliteError(db_, "store");
  sqlite3_reset(stmt_);
  return error;
}

Status Stmt::Run() {
  bool row = true;
  while (row) HEARSAY_RETURN_IF_ERROR(Step(&row));
  return Status::Ok();
}

Status Exec(sqlite3* db, std::string_view sql) {
  char* error = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(db, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    Status status(StatusCode::kIoError, "store: " + std::string(error ? error : "unknown SQLite error"));
    sqlite3_free(error);
    return status;
  }
  return Status::Ok();
}

// --- prepared documents ---------------------------------------------------------

struct PreparedSpeaker {
  std::string name, kind, role, affiliation, spans_json, name_key;
};

struct PreparedCited {
  std::string name, author, resolved_date, key, kind;
};

struct PreparedStatement {
  std::string type, cue_class, content;
  std::int64_t content_start = 0, content_end = 0;
  int speaker = -1;  // index into speakers
  std::string speaker_mention, cue, channel, addressee, time, date;
  int cited = -1;  // index into cited
  std::string stance;
  double confidence = 0;
  bool clustered = false;  // direct or mixed, long enough
  MinHashSignature signature{};
};

struct PreparedDocument {
  std::string content_hash, doc_id, url, outlet, published, day, title, authors, language, text;
  std::vector<PreparedSpeaker> speakers;
  std::vector<PreparedCited> cited;
  std::vector<PreparedStatement> statements;
};

void PreparedDocumentDeleter::operator()(PreparedDocument* p) const {
  delete p;
}

const std::string& ContentHashOf(const PreparedDocument& doc) {
  return doc.content_hash;
}

namespace {

using json = nlohmann::ordered_json;

Status Malformed(const std::string& where, const std::string& what) {
  return Status(StatusCode::kMalformedRecord, where + ": " + what + "; skipped");
}

// A string field, "" when absent or null; an error for another type.
Status GetString(const json& obj, const char* key, const std::string& where, std::string* out) {
  out->clear();
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return Malformed(where, std::string("\"") + key + "\" must be a string or null");
  *out = it->get<std::string>();
  return Status::Ok();
}

// The text of a span object {start, end, text, ...} or null.
Status GetSpanText(const json& obj, const char* key, const std::string& where, std::string* out) {
  out->clear();
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_object()) return Malformed(where, std::string("\"") + key + "\" must be a span object or null");
  return GetString(*it, "text", where + ": " + key, out);
}

Status GetIndex(const json& obj, const char* key, std::size_t size, const std::string& where, int* out) {
  *out = -1;
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_number_integer() || it->get<std::int64_t>() < 0 ||
      it->get<std::int64_t>() >= static_cast<std::int64_t>(size))
    return Malformed(where, std::string("\"") + key + "\" must be an index into its array or null");
  *out = static_cast<int>(it->get<std::int64_t>());
  return Status::Ok();
}

Status GetArray(const json& doc, const char* key, const std::string& where, const json** out) {
  const auto it = doc.find(key);
  if (it == doc.end() || !it->is_array())
    return Malformed(where, std::string("no \"") + key + "\" array (not hearsay output with attribution)");
  *out = &*it;
  return Status::Ok();
}

}  // namespace

Result<PreparedDocumentPtr> PrepareDocument(const json& doc, const std::string& where) {
  if (!doc.is_object()) return Malformed(where, "expected a JSON object");
  PreparedDocumentPtr p(new PreparedDocument);
  const auto text_it = doc.find("text");
  if (text_it == doc.end() || !text_it->is_string()) return Malformed(where, "no \"text\" string");
  p->text = text_it->get<std::string>();
  HEARSAY_RETURN_IF_ERROR(GetString(doc, "id", where, &p->doc_id));
  HEARSAY_RETURN_IF_ERROR(GetString(doc, "url", where, &p->url));
  HEARSAY_RETURN_IF_ERROR(GetString(doc, "source", where, &p->outlet));
  HEARSAY_RETURN_IF_ERROR(GetString(doc, "published", where, &p->published));
  HEARSAY_RETURN_IF_ERROR(GetString(doc, "title", where, &p->title));
  HEARSAY_RETURN_IF_ERROR(GetString(doc, "language", where, &p->language));
  if (p->doc_id.empty()) p->doc_id = where;
  p->day = DayOf(p->published);
  // Authors: a top-level field since schema 1.1.0; output of 1.0.0 kept a
  // JSON Lines record's "authors" under "extra".
  auto join_authors = [&](const json& authors) {
    if (authors.is_string()) p->authors = authors.get<std::string>();
    if (authors.is_array())
      for (const auto& a : authors)
        if (a.is_string()) p->authors += (p->authors.empty() ? "" : ", ") + a.get<std::string>();
  };
  if (const auto authors = doc.find("authors"); authors != doc.end()) {
    join_authors(*authors);
  } else if (const auto extra = doc.find("extra"); extra != doc.end() && extra->is_object()) {
    if (const auto old = extra->find("authors"); old != extra->end()) join_authors(*old);
  }

  const json *statements = nullptr, *speakers = nullptr, *cited = nullptr;
  HEARSAY_RETURN_IF_ERROR(GetArray(doc, "statements", where, &statements));
  HEARSAY_RETURN_IF_ERROR(GetArray(doc, "speakers", where, &speakers));
  HEARSAY_RETURN_IF_ERROR(GetArray(doc, "cited_documents", where, &cited));

  for (std::size_t i = 0; i < speakers->size(); ++i) {
    const json& s = (*speakers)[i];
    const std::string at = where + ": speakers[" + std::to_string(i) + "]";
    if (!s.is_object()) return Malformed(at, "expected an object");
    PreparedSpeaker sp;
    HEARSAY_RETURN_IF_ERROR(GetString(s, "name", at, &sp.name));
    sp.name = TidyName(sp.name);
    HEARSAY_RETURN_IF_ERROR(GetString(s, "kind", at, &sp.kind));
    HEARSAY_RETURN_IF_ERROR(GetString(s, "role", at, &sp.role));
    HEARSAY_RETURN_IF_ERROR(GetString(s, "affiliation", at, &sp.affiliation));
    if (sp.kind.empty()) sp.kind = "unknown";
    json spans = json::array();
    if (const auto m = s.find("mentions"); m != s.end() && m->is_array()) {
      for (const auto& span : *m) {
        if (!span.is_object() || !span.contains("start") || !span.contains("end") ||
            !span["start"].is_number_integer() || !span["end"].is_number_integer())
          return Malformed(at, "a mention must be a span object with integer start and end");
        spans.push_back(json::array({span["start"], span["end"]}));
      }
    }
    sp.spans_json = spans.dump();
    if (sp.kind == "person" || sp.kind == "organization" || sp.kind == "place")
      sp.name_key = NameKey(sp.name);
    p->speakers.push_back(std::move(sp));
  }
  for (std::size_t i = 0; i < cited->size(); ++i) {
    const json& c = (*cited)[i];
    const std::string at = where + ": cited_documents[" + std::to_string(i) + "]";
    if (!c.is_object()) return Malformed(at, "expected an object");
    PreparedCited pc;
    HEARSAY_RETURN_IF_ERROR(GetString(c, "name", at, &pc.name));
    HEARSAY_RETURN_IF_ERROR(GetString(c, "author", at, &pc.author));
    HEARSAY_RETURN_IF_ERROR(GetString(c, "resolved_date", at, &pc.resolved_date));
    pc.key = CitedDocumentKey(pc.name, pc.author, pc.resolved_date);
    pc.kind = CitedDocumentKind(pc.name);
    p->cited.push_back(std::move(pc));
  }
  for (std::size_t i = 0; i < statements->size(); ++i) {
    const json& s = (*statements)[i];
    const std::string at = where + ": statements[" + std::to_string(i) + "]";
    if (!s.is_object()) return Malformed(at, "expected an object");
    PreparedStatement ps;
    HEARSAY_RETURN_IF_ERROR(GetString(s, "type", at, &ps.type));
    HEARSAY_RETURN_IF_ERROR(GetString(s, "cue_class", at, &ps.cue_class));
    if (ps.type != "direct" && ps.type != "indirect" && ps.type != "mixed")
      return Malformed(at, "\"type\" must be direct, indirect or mixed");
    const auto content = s.find("content");
    if (content == s.end() || !content->is_object() || !content->contains("start") ||
        !content->contains("end") || !(*content)["start"].is_number_integer() ||
        !(*content)["end"].is_number_integer())
      return Malformed(at, "\"content\" must be a span object");
    HEARSAY_RETURN_IF_ERROR(GetString(*content, "text", at + ": content", &ps.content));
    ps.content_start = (*content)["start"].get<std::int64_t>();
    ps.content_end = (*content)["end"].get<std::int64_t>();
    HEARSAY_RETURN_IF_ERROR(GetIndex(s, "speaker", p->speakers.size(), at, &ps.speaker));
    HEARSAY_RETURN_IF_ERROR(GetIndex(s, "cited_document", p->cited.size(), at, &ps.cited));
    HEARSAY_RETURN_IF_ERROR(GetSpanText(s, "speaker_mention", at, &ps.speaker_mention));
    HEARSAY_RETURN_IF_ERROR(GetSpanText(s, "cue", at, &ps.cue));
    HEARSAY_RETURN_IF_ERROR(GetSpanText(s, "channel", at, &ps.channel));
    HEARSAY_RETURN_IF_ERROR(GetSpanText(s, "addressee", at, &ps.addressee));
    HEARSAY_RETURN_IF_ERROR(GetSpanText(s, "time", at, &ps.time));
    HEARSAY_RETURN_IF_ERROR(GetString(s, "date", at, &ps.date));
    HEARSAY_RETURN_IF_ERROR(GetString(s, "stance", at, &ps.stance));
    if (const auto c = s.find("confidence"); c != s.end() && c->is_number()) ps.confidence = c->get<double>();
    if (ps.type != "indirect") {
      const std::vector<std::string> words = QuoteWords(ps.content);
      if (static_cast<int>(words.size()) >= kMinClusterWords) {
        ps.clustered = true;
        ps.signature = ComputeMinHash(words);
      }
    }
    p->statements.push_back(std::move(ps));
  }
  p->content_hash = ContentHash({p->outlet, p->url, p->title, p->published, p->text});
  return p;
}

// --- the store -------------------------------------------------------------------

namespace {

constexpr std::int64_t kApplicationId = 0x48534159;  // "HSAY"

Result<std::int64_t> PragmaInt(sqlite3* db, const char* pragma) {
  Stmt stmt;
  HEARSAY_RETURN_IF_ERROR(stmt.Prepare(db, std::string("PRAGMA ") + pragma));
  bool row = false;
  HEARSAY_RETURN_IF_ERROR(stmt.Step(&row));
  return row ? stmt.Int(0) : 0;
}

std::string NowUtc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool IsDay(std::string_view s) {
  return s.size() == 10 && DayOf(s) == s;
}

// An FTS5 query that requires every word of `words` (each quoted, so that
// user text cannot be read as FTS syntax). "" when there is no word.
std::string AllWordsQuery(std::string_view words) {
  std::string query;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    std::string quoted = "\"";
    for (char c : word) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += '"';
    query += (query.empty() ? "" : " ") + quoted;
    word.clear();
  };
  for (char c : words) {
    if (c == ' ' || c == '\t' || c == '\n')
      flush();
    else
      word += c;
  }
  flush();
  return query;
}

// The columns of a StatementRow, in ReadStatementRow's order.
constexpr std::string_view kStatementColumns =
    "SELECT s.id, s.document_id, d.doc_id, s.outlet, s.published_day, d.title, d.url, s.type, s.cue_class, "
    "s.content, s.content_start, s.content_end, s.speaker_id, s.speaker_name, s.cue, s.channel, s.addressee, "
    "s.time_text, s.date, s.cited_document_id, c.name, s.stance, s.confidence, s.cluster_id "
    "FROM statements s JOIN documents d ON d.id = s.document_id "
    "LEFT JOIN cited_documents c ON c.id = s.cited_document_id ";

StatementRow ReadStatementRow(const Stmt& q) {
  StatementRow r;
  r.id = q.Int(0);
  r.document_id = q.Int(1);
  r.doc_id = q.Text(2);
  r.outlet = q.Text(3);
  r.published_day = q.Text(4);
  r.title = q.Text(5);
  r.url = q.Text(6);
  r.type = q.Text(7);
  r.cue_class = q.Text(8);
  r.content = q.Text(9);
  r.content_start = q.Int(10);
  r.content_end = q.Int(11);
  r.speaker_id = q.OptionalInt(12);
  r.speaker_name = q.Text(13);
  r.cue = q.Text(14);
  r.channel = q.Text(15);
  r.addressee = q.Text(16);
  r.time = q.Text(17);
  r.date = q.Text(18);
  r.cited_document_id = q.OptionalInt(19);
  r.cited_document_name = q.Text(20);
  r.stance = q.Text(21);
  r.confidence = q.Real(22);
  r.cluster_id = q.OptionalInt(23);
  return r;
}

}  // namespace

// Prepared statements of the write path, made once per Store.
struct Store::Statements {
  Stmt has_hash, insert_document, find_speaker, find_surname_persons, insert_speaker, touch_speaker,
      add_speaker_statement, insert_mention, find_cited, insert_cited, cite, insert_statement, find_band,
      cluster_signature, cluster_first, cluster_has_outlet, grow_cluster, set_cluster_first, insert_cluster,
      insert_band, set_statement_cluster, recount_speaker, move_mentions, move_statements, delete_speaker,
      drop_empty_speaker, document_mentions;
};

Result<std::unique_ptr<Store>> Store::Open(const std::string& path, OpenMode mode) {
  const bool read_only = mode == OpenMode::kReadOnly;
  if (read_only) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) return Status(StatusCode::kNotFound, path + ": no such store");
  }
  sqlite3* db = nullptr;
  const int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    Status error(StatusCode::kIoError,
                 path + ": cannot open store: " + std::string(db ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close(db);
    return error;
  }
  auto fail = [&](Status status) {
    sqlite3_close(db);
    return status;
  };
  sqlite3_busy_timeout(db, 10000);
  auto version = PragmaInt(db, "user_version");
  if (!version.ok())
    return fail(Status(StatusCode::kIoError, path + ": not a SQLite store: " + version.status().message()));
  auto app_id = PragmaInt(db, "application_id");
  if (!app_id.ok()) return fail(app_id.status());
  if (*version > 0 && *app_id != kApplicationId)
    return fail(Status(StatusCode::kVersionMismatch, path + ": a SQLite file, but not a hearsay store"));
  if (*version == 0) {
    auto tables = PragmaInt(db, "schema_version");  // 0 for a file with no tables
    if (!tables.ok()) return fail(tables.status());
    if (*tables != 0)
      return fail(Status(StatusCode::kVersionMismatch, path + ": a SQLite file, but not a hearsay store"));
  }
  if (*version > CurrentSchemaVersion())
    return fail(Status(StatusCode::kVersionMismatch,
                       path + ": store schema version " + std::to_string(*version) +
                           " is newer than this hearsay reads (" + std::to_string(CurrentSchemaVersion()) +
                           "); use a newer hearsay"));
  if (read_only) {
    if (*version < CurrentSchemaVersion())
      return fail(Status(
          StatusCode::kVersionMismatch,
          path + ": store schema version " + std::to_string(*version) + " is older than " +
              std::to_string(CurrentSchemaVersion()) +
              (*version == 0 ? " (an empty file)"
                             : "; migrate it once with: hearsay ingest --db " + path + " </dev/null")));
    // Reads map the file: pages come from the OS cache, shared by every
    // connection, instead of being copied into each one's page cache.
    if (Status s = Exec(db, "PRAGMA query_only = ON; PRAGMA mmap_size = 17179869184;"); !s.ok())
      return fail(s);
    return std::unique_ptr<Store>(new Store(db, path, static_cast<int>(*version)));
  }
  if (Status s = Exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"); !s.ok())
    return fail(Status(StatusCode::kIoError, path + ": " + s.message()));
  const auto migrations = Migrations();
  for (auto v = *version; v < CurrentSchemaVersion(); ++v) {
    // Each migration and its version bump commit together.
    Status s = Exec(db, "BEGIN IMMEDIATE;");
    if (s.ok()) s = Exec(db, migrations[v]);
    if (s.ok())
      s = Exec(db, "PRAGMA application_id = " + std::to_string(kApplicationId) +
                       "; PRAGMA user_version = " + std::to_string(v + 1) + ";");
    if (s.ok()) s = Exec(db, "COMMIT;");
    if (!s.ok()) {
      (void)Exec(db, "ROLLBACK;");
      return fail(Status(StatusCode::kIoError, path + ": migrating to schema version " +
                                                   std::to_string(v + 1) + ": " + s.message()));
    }
  }
  return std::unique_ptr<Store>(new Store(db, path, CurrentSchemaVersion()));
}

Store::Store(sqlite3* db, std::string path, int version)
    : db_(db), path_(std::move(path)), schema_version_(version) {}

Store::~Store() {
  stmts_.reset();
  sqlite3_close(db_);
}

Store::Statements& Store::statements() {
  if (!stmts_) stmts_ = std::make_unique<Statements>();
  return *stmts_;
}

namespace {

// Prepares `stmt` on first use.
Status Ready(sqlite3* db, Stmt& stmt, std::string_view sql) {
  if (!stmt.prepared()) HEARSAY_RETURN_IF_ERROR(stmt.Prepare(db, sql));
  stmt.Reset();
  return Status::Ok();
}

// Earlier is smaller; an unknown day ("") comes after every known one; the
// content hash breaks ties so that the order documents arrive in does not
// decide the first appearance.
bool Earlier(const std::string& day_a, const std::string& hash_a, const std::string& day_b,
             const std::string& hash_b) {
  if (day_a.empty() != day_b.empty()) return !day_a.empty();
  if (day_a != day_b) return day_a < day_b;
  return hash_a < hash_b;
}

}  // namespace

Result<bool> Store::HasContentHash(const std::string& content_hash) {
  Stmt& q = statements().has_hash;
  HEARSAY_RETURN_IF_ERROR(Ready(db_, q, "SELECT 1 FROM documents WHERE content_hash = ?"));
  q.Bind(1, content_hash);
  bool row = false;
  HEARSAY_RETURN_IF_ERROR(q.Step(&row));
  q.Reset();
  return row;
}

Result<AddResult> Store::AddDocuments(const std::vector<const PreparedDocument*>& batch) {
  HEARSAY_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE;"));
  AddResult result;
  Status status;
  Statements& st = statements();
  bool row = false;

  // Recomputes a speaker's counts, dates and name from its rows (after
  // mentions moved between records).
  auto recount = [&](std::int64_t id) -> Status {
    HEARSAY_RETURN_IF_ERROR(Ready(
        db_, st.recount_speaker,
        "UPDATE speakers SET "
        "statement_count = (SELECT COUNT(*) FROM statements WHERE speaker_id = ?1), "
        "document_count = (SELECT COUNT(DISTINCT document_id) FROM mentions WHERE speaker_id = ?1), "
        "first_seen = (SELECT MIN(d.published_day) FROM mentions m JOIN documents d ON d.id = m.document_id "
        "WHERE m.speaker_id = ?1), "
        "last_seen = (SELECT MAX(d.published_day) FROM mentions m JOIN documents d ON d.id = m.document_id "
        "WHERE m.speaker_id = ?1), "
        "name = COALESCE((SELECT name FROM mentions WHERE speaker_id = ?1 "
        "ORDER BY (name <> upper(name)) DESC, length(name) DESC, name LIMIT 1), name) WHERE id = ?1"));
    st.recount_speaker.Bind(1, id);
    return st.recount_speaker.Run();
  };
  // Moves the mentions of `from` (all, or those whose name_key is `only_key`)
  // and their statements to `to`.
  auto move_mentions = [&](std::int64_t from, std::int64_t to, const std::string& only_key) -> Status {
    HEARSAY_RETURN_IF_ERROR(Ready(db_, st.move_mentions,
                                  "UPDATE mentions SET speaker_id = ?2 WHERE speaker_id = ?1 AND "
                                  "(?3 IS NULL OR name_key = ?3)"));
    st.move_mentions.Bind(1, from);
    st.move_mentions.Bind(2, to);
    st.move_mentions.BindTextOrNull(3, only_key);
    HEARSAY_RETURN_IF_ERROR(st.move_mentions.Run());
    HEARSAY_RETURN_IF_ERROR(
        Ready(db_, st.move_statements,
              "UPDATE statements SET speaker_id = (SELECT m.speaker_id FROM mentions m "
              "WHERE m.document_id = statements.document_id AND m.idx = statements.speaker_idx) "
              "WHERE speaker_id = ?1"));
    st.move_statements.Bind(1, from);
    return st.move_statements.Run();
  };
  auto find_speaker = [&](const std::string& kind,
                          const std::string& key) -> Result<std::optional<std::int64_t>> {
    HEARSAY_RETURN_IF_ERROR(
        Ready(db_, st.find_speaker, "SELECT id FROM speakers WHERE kind = ? AND name_key = ?"));
    st.find_speaker.Bind(1, kind);
    st.find_speaker.Bind(2, key);
    HEARSAY_RETURN_IF_ERROR(st.find_speaker.Step(&row));
    std::optional<std::int64_t> id;
    if (row) id = st.find_speaker.Int(0);
    st.find_speaker.Reset();
    return id;
  };
  auto insert_speaker = [&](const std::string& name, const std::string& key, const std::string& kind,
                            bool surname_only) -> Result<std::int64_t> {
    HEARSAY_RETURN_IF_ERROR(Ready(db_, st.insert_speaker,
                                  "INSERT INTO speakers (name, name_key, surname_key, kind, surname_only) "
                                  "VALUES (?, ?, ?, ?, ?)"));
    st.insert_speaker.Bind(1, name);
    st.insert_speaker.Bind(2, key);
    st.insert_speaker.Bind(3, SurnameOf(key));
    st.insert_speaker.Bind(4, kind);
    st.insert_speaker.Bind(5, std::int64_t{surname_only});
    HEARSAY_RETURN_IF_ERROR(st.insert_speaker.Run());
    return sqlite3_last_insert_rowid(db_);
  };
  // Full-name persons with this surname (at most 3 are looked at).
  auto persons_with_surname = [&](std::string_view surname) -> Result<std::vector<std::int64_t>> {
    HEARSAY_RETURN_IF_ERROR(Ready(db_, st.find_surname_persons,
                                  "SELECT id FROM speakers WHERE kind = 'person' AND surname_key = ? AND "
                                  "surname_only = 0 ORDER BY id LIMIT 3"));
    st.find_surname_persons.Bind(1, surname);
    std::vector<std::int64_t> ids;
    for (;;) {
      HEARSAY_RETURN_IF_ERROR(st.find_surname_persons.Step(&row));
      if (!row) break;
      ids.push_back(st.find_surname_persons.Int(0));
    }
    st.find_surname_persons.Reset();
    return ids;
  };

  // Links a speaker of `doc` to its cross-article record; nullopt for kinds
  // that are not linked across articles. The invariant, whatever the order
  // documents come in: a one-word person name belongs to the one full-name
  // person of that surname when there is exactly one, else to a
  // surname-only record.
  auto link_speaker = [&](const PreparedSpeaker& sp) -> Result<std::optional<std::int64_t>> {
    if (sp.name_key.empty()) return std::optional<std::int64_t>();
    const bool person = sp.kind == "person";
    const bool single = IsSingleWord(sp.name_key);
    if (person && single) {
      auto persons = persons_with_surname(sp.name_key);
      if (!persons.ok()) return persons.status();
      if (persons->size() == 1) return std::optional<std::int64_t>(persons->front());
    }
    auto found = find_speaker(sp.kind, sp.name_key);
    if (!found.ok() || found->has_value()) return found;
    auto id = insert_speaker(sp.name, sp.name_key, sp.kind, person && single);
    if (!id.ok()) return id.status();
    if (person && !single) {
      const std::string surname(SurnameOf(sp.name_key));
      auto persons = persons_with_surname(surname);
      if (!persons.ok()) return persons.status();
      auto surname_record = find_speaker("person", surname);
      if (!surname_record.ok()) return surname_record.status();
      if (persons->size() == 1 && surname_record->has_value()) {
        // The surname alone was waiting for this person: merge it.
        HEARSAY_RETURN_IF_ERROR(move_mentions(**surname_record, *id, ""));
        HEARSAY_RETURN_IF_ERROR(Ready(db_, st.delete_speaker, "DELETE FROM speakers WHERE id = ?"));
        st.delete_speaker.Bind(1, **surname_record);
        HEARSAY_RETURN_IF_ERROR(st.delete_speaker.Run());
        HEARSAY_RETURN_IF_ERROR(recount(*id));
      } else if (persons->size() == 2) {
        // A namesake arrived: the surname alone is now ambiguous, so the
        // other person gives back what was linked to them by surname only.
        const std::int64_t other = persons->front() == *id ? (*persons)[1] : persons->front();
        std::int64_t target;
        if (surname_record->has_value()) {
          target = **surname_record;
        } else {
          auto created =
              insert_speaker(sp.name_key.substr(sp.name_key.rfind(' ') + 1), surname, "person", true);
          if (!created.ok()) return created.status();
          target = *created;
        }
        HEARSAY_RETURN_IF_ERROR(move_mentions(other, target, surname));
        HEARSAY_RETURN_IF_ERROR(recount(other));
        HEARSAY_RETURN_IF_ERROR(recount(target));
        HEARSAY_RETURN_IF_ERROR(Ready(db_, st.drop_empty_speaker,
                                      "DELETE FROM speakers WHERE id = ? AND NOT EXISTS "
                                      "(SELECT 1 FROM mentions WHERE speaker_id = speakers.id)"));
        st.drop_empty_speaker.Bind(1, target);
        HEARSAY_RETURN_IF_ERROR(st.drop_empty_speaker.Run());
      }
    }
    return std::optional<std::int64_t>(*id);
  };
  // Counts this document for a speaker (once per document).
  auto touch_speaker = [&](const PreparedDocument& doc, const PreparedSpeaker& sp, std::int64_t id,
                           bool first_in_document) -> Status {
    HEARSAY_RETURN_IF_ERROR(
        Ready(db_, st.touch_speaker,
              "UPDATE speakers SET document_count = document_count + ?4, "
              "name = CASE WHEN (?2 <> upper(?2)) > (name <> upper(name)) OR ((?2 <> upper(?2)) = (name <> "
              "upper(name)) "
              "AND (length(?2) > length(name) OR (length(?2) = length(name) AND ?2 < name))) THEN ?2 ELSE "
              "name END, "
              "first_seen = CASE WHEN ?3 IS NOT NULL AND (first_seen IS NULL OR ?3 < first_seen) THEN ?3 "
              "ELSE first_seen END, "
              "last_seen = CASE WHEN ?3 IS NOT NULL AND (last_seen IS NULL OR ?3 > last_seen) THEN ?3 ELSE "
              "last_seen END "
              "WHERE id = ?1"));
    st.touch_speaker.Bind(1, id);
    st.touch_speaker.Bind(2, sp.name);
    st.touch_speaker.BindTextOrNull(3, doc.day);
    st.touch_speaker.Bind(4, std::int64_t{first_in_document});
    return st.touch_speaker.Run();
  };

  auto link_cited = [&](const PreparedDocument& doc, const PreparedCited& c,
                        std::size_t index) -> Result<std::int64_t> {
    const std::string key = c.key.empty() ? "local:" + doc.content_hash + ":" + std::to_string(index) : c.key;
    HEARSAY_RETURN_IF_ERROR(Ready(db_, st.find_cited, "SELECT id FROM cited_documents WHERE doc_key = ?"));
    st.find_cited.Bind(1, key);
    HEARSAY_RETURN_IF_ERROR(st.find_cited.Step(&row));
    if (row) {
      const std::int64_t id = st.find_cited.Int(0);
      st.find_cited.Reset();
      return id;
    }
    HEARSAY_RETURN_IF_ERROR(
        Ready(db_, st.insert_cited,
              "INSERT INTO cited_documents (doc_key, name, kind, issuer, date) VALUES (?, ?, ?, ?, ?)"));
    st.insert_cited.Bind(1, key);
    st.insert_cited.Bind(2, c.name);
    st.insert_cited.Bind(3, c.kind);
    st.insert_cited.BindTextOrNull(4, c.author);
    st.insert_cited.BindTextOrNull(5, c.resolved_date);
    HEARSAY_RETURN_IF_ERROR(st.insert_cited.Run());
    return sqlite3_last_insert_rowid(db_);
  };

  auto cluster = [&](const PreparedDocument& doc, const PreparedStatement& s,
                     std::int64_t statement_id) -> Status {
    const auto bands = BandHashes(s.signature);
    std::set<std::int64_t> candidates;
    HEARSAY_RETURN_IF_ERROR(
        Ready(db_, st.find_band, "SELECT cluster_id FROM quote_bands WHERE band = ? AND band_hash = ?"));
    for (int b = 0; b < kMinHashBands; ++b) {
      st.find_band.Reset();
      st.find_band.Bind(1, std::int64_t{b});
      st.find_band.Bind(2, bands[b]);
      for (;;) {
        HEARSAY_RETURN_IF_ERROR(st.find_band.Step(&row));
        if (!row) break;
        candidates.insert(st.find_band.Int(0));
      }
    }
    std::optional<std::int64_t> best;
    double best_similarity = 0;
    HEARSAY_RETURN_IF_ERROR(
        Ready(db_, st.cluster_signature, "SELECT signature FROM quote_clusters WHERE id = ?"));
    for (std::int64_t candidate : candidates) {
      st.cluster_signature.Reset();
      st.cluster_signature.Bind(1, candidate);
      HEARSAY_RETURN_IF_ERROR(st.cluster_signature.Step(&row));
      MinHashSignature other;
      if (!row || !SignatureFromBlob(st.cluster_signature.Blob(0), &other)) continue;
      const double similarity = EstimatedJaccard(s.signature, other);
      st.cluster_signature.Reset();
      if (similarity >= kQuoteJaccardThreshold && similarity > best_similarity) {
        best = candidate;
        best_similarity = similarity;
      }
    }
    std::int64_t cluster_id;
    if (best) {
      cluster_id = *best;
      HEARSAY_RETURN_IF_ERROR(Ready(db_, st.cluster_has_outlet,
                                    "SELECT 1 FROM statements WHERE cluster_id = ? AND outlet IS ? LIMIT 1"));
      st.cluster_has_outlet.Bind(1, cluster_id);
      st.cluster_has_outlet.BindTextOrNull(2, doc.outlet);
      HEARSAY_RETURN_IF_ERROR(st.cluster_has_outlet.Step(&row));
      const bool known_outlet = row;
      st.cluster_has_outlet.Reset();
      HEARSAY_RETURN_IF_ERROR(Ready(db_, st.grow_cluster,
                                    "UPDATE quote_clusters SET member_count = member_count + 1, "
                                    "outlet_count = outlet_count + ? WHERE id = ?"));
      st.grow_cluster.Bind(1, std::int64_t{!known_outlet});
      st.grow_cluster.Bind(2, cluster_id);
      HEARSAY_RETURN_IF_ERROR(st.grow_cluster.Run());
      HEARSAY_RETURN_IF_ERROR(Ready(db_, st.cluster_first,
                                    "SELECT first_published, first_hash FROM quote_clusters WHERE id = ?"));
      st.cluster_first.Bind(1, cluster_id);
      HEARSAY_RETURN_IF_ERROR(st.cluster_first.Step(&row));
      const std::string first_day = st.cluster_first.Text(0), first_hash = st.cluster_first.Text(1);
      st.cluster_first.Reset();
      if (Earlier(doc.day, doc.content_hash, first_day, first_hash)) {
        HEARSAY_RETURN_IF_ERROR(
            Ready(db_, st.set_cluster_first,
                  "UPDATE quote_clusters SET first_statement_id = ?, first_published = ?, "
                  "first_hash = ?, content = ? WHERE id = ?"));
        st.set_cluster_first.Bind(1, statement_id);
        st.set_cluster_first.BindTextOrNull(2, doc.day);
        st.set_cluster_first.Bind(3, doc.content_hash);
        st.set_cluster_first.Bind(4, s.content);
        st.set_cluster_first.Bind(5, cluster_id);
        HEARSAY_RETURN_IF_ERROR(st.set_cluster_first.Run());
      }
    } else {
      HEARSAY_RETURN_IF_ERROR(
          Ready(db_, st.insert_cluster,
                "INSERT INTO quote_clusters (content, signature, first_statement_id, "
                "first_published, first_hash, member_count, outlet_count) VALUES (?, ?, ?, ?, ?, 1, 1)"));
      st.insert_cluster.Bind(1, s.content);
      st.insert_cluster.BindBlob(2, SignatureToBlob(s.signature));
      st.insert_cluster.Bind(3, statement_id);
      st.insert_cluster.BindTextOrNull(4, doc.day);
      st.insert_cluster.Bind(5, doc.content_hash);
      HEARSAY_RETURN_IF_ERROR(st.insert_cluster.Run());
      cluster_id = sqlite3_last_insert_rowid(db_);
      HEARSAY_RETURN_IF_ERROR(
          Ready(db_, st.insert_band,
                "INSERT OR IGNORE INTO quote_bands (band, band_hash, cluster_id) VALUES (?, ?, ?)"));
      for (int b = 0; b < kMinHashBands; ++b) {
        st.insert_band.Reset();
        st.insert_band.Bind(1, std::int64_t{b});
        st.insert_band.Bind(2, bands[b]);
        st.insert_band.Bind(3, cluster_id);
        HEARSAY_RETURN_IF_ERROR(st.insert_band.Run());
      }
    }
    HEARSAY_RETURN_IF_ERROR(
        Ready(db_, st.set_statement_cluster, "UPDATE statements SET cluster_id = ? WHERE id = ?"));
    st.set_statement_cluster.Bind(1, cluster_id);
    st.set_statement_cluster.Bind(2, statement_id);
    return st.set_statement_cluster.Run();
  };

  auto add_one = [&](const PreparedDocument& doc) -> Status {
    auto known = HasContentHash(doc.content_hash);
    if (!known.ok()) return known.status();
    if (*known) {
      result.outcomes.push_back(AddOutcome::kAlreadyStored);
      return Status::Ok();
    }
    HEARSAY_RETURN_IF_ERROR(
        Ready(db_, st.insert_document,
              "INSERT INTO documents (content_hash, doc_id, url, outlet, published, published_day, "
              "title, authors, language, text, bytes, statement_count, ingested_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    Stmt& d = st.insert_document;
    d.Bind(1, doc.content_hash);
    d.Bind(2, doc.doc_id);
    d.BindTextOrNull(3, doc.url);
    d.BindTextOrNull(4, doc.outlet);
    d.BindTextOrNull(5, doc.published);
    d.BindTextOrNull(6, doc.day);
    d.BindTextOrNull(7, doc.title);
    d.BindTextOrNull(8, doc.authors);
    d.BindTextOrNull(9, doc.language);
    d.Bind(10, doc.text);
    d.Bind(11, static_cast<std::int64_t>(doc.text.size()));
    d.Bind(12, static_cast<std::int64_t>(doc.statements.size()));
    d.Bind(13, NowUtc());
    HEARSAY_RETURN_IF_ERROR(d.Run());
    const std::int64_t document_id = sqlite3_last_insert_rowid(db_);

    std::vector<std::optional<std::int64_t>> speaker_ids;
    std::set<std::int64_t> counted;  // speakers this document was counted for
    for (std::size_t i = 0; i < doc.speakers.size(); ++i) {
      const PreparedSpeaker& sp = doc.speakers[i];
      auto id = link_speaker(sp);
      if (!id.ok()) return id.status();
      speaker_ids.push_back(*id);
      if (id->has_value()) {
        HEARSAY_RETURN_IF_ERROR(touch_speaker(doc, sp, **id, counted.insert(**id).second));
      }
      HEARSAY_RETURN_IF_ERROR(
          Ready(db_, st.insert_mention,
                "INSERT INTO mentions (document_id, idx, speaker_id, name, name_key, kind, role, "
                "affiliation, spans, published_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
      Stmt& m = st.insert_mention;
      m.Bind(1, document_id);
      m.Bind(2, static_cast<std::int64_t>(i));
      m.BindOptional(3, *id);
      m.Bind(4, sp.name);
      m.BindTextOrNull(5, sp.name_key);
      m.Bind(6, sp.kind);
      m.BindTextOrNull(7, sp.role);
      m.BindTextOrNull(8, sp.affiliation);
      m.Bind(9, sp.spans_json);
      m.BindTextOrNull(10, doc.day);
      HEARSAY_RETURN_IF_ERROR(m.Run());
    }
    // A later speaker of this document may have moved an earlier one's
    // mention (a namesake arriving): read the links back.
    if (doc.speakers.size() > 1) {
      HEARSAY_RETURN_IF_ERROR(
          Ready(db_, st.document_mentions, "SELECT idx, speaker_id FROM mentions WHERE document_id = ?"));
      st.document_mentions.Bind(1, document_id);
      for (;;) {
        HEARSAY_RETURN_IF_ERROR(st.document_mentions.Step(&row));
        if (!row) break;
        const auto idx = static_cast<std::size_t>(st.document_mentions.Int(0));
        if (idx < speaker_ids.size()) speaker_ids[idx] = st.document_mentions.OptionalInt(1);
      }
    }
    std::vector<std::optional<std::int64_t>> cited_ids(doc.cited.size());
    for (std::size_t i = 0; i < doc.statements.size(); ++i) {
      const PreparedStatement& s = doc.statements[i];
      std::optional<std::int64_t> speaker_id = s.speaker >= 0 ? speaker_ids[s.speaker] : std::nullopt;
      std::optional<std::int64_t> cited_id;
      if (s.cited >= 0) {
        if (!cited_ids[s.cited]) {
          auto id = link_cited(doc, doc.cited[s.cited], static_cast<std::size_t>(s.cited));
          if (!id.ok()) return id.status();
          cited_ids[s.cited] = *id;
        }
        cited_id = cited_ids[s.cited];
        HEARSAY_RETURN_IF_ERROR(
            Ready(db_, st.cite,
                  "UPDATE cited_documents SET citation_count = citation_count + 1, "
                  "first_cited = CASE WHEN ?2 IS NOT NULL AND (first_cited IS NULL OR ?2 < first_cited) "
                  "THEN ?2 ELSE first_cited END WHERE id = ?1"));
        st.cite.Bind(1, *cited_id);
        st.cite.BindTextOrNull(2, doc.day);
        HEARSAY_RETURN_IF_ERROR(st.cite.Run());
      }
      HEARSAY_RETURN_IF_ERROR(
          Ready(db_, st.insert_statement,
                "INSERT INTO statements (document_id, idx, published_day, outlet, type, cue_class, content, "
                "content_start, content_end, speaker_idx, speaker_id, speaker_name, speaker_mention, cue, "
                "channel, addressee, time_text, date, cited_document_id, stance, confidence) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
      Stmt& q = st.insert_statement;
      q.Bind(1, document_id);
      q.Bind(2, static_cast<std::int64_t>(i));
      q.BindTextOrNull(3, doc.day);
      q.BindTextOrNull(4, doc.outlet);
      q.Bind(5, s.type);
      q.Bind(6, s.cue_class);
      q.Bind(7, s.content);
      q.Bind(8, s.content_start);
      q.Bind(9, s.content_end);
      q.BindOptional(10, s.speaker >= 0 ? std::optional<std::int64_t>(s.speaker) : std::nullopt);
      q.BindOptional(11, speaker_id);
      q.BindTextOrNull(12,
                       s.speaker >= 0 ? std::string_view(doc.speakers[s.speaker].name) : std::string_view());
      q.BindTextOrNull(13, s.speaker_mention);
      q.BindTextOrNull(14, s.cue);
      q.BindTextOrNull(15, s.channel);
      q.BindTextOrNull(16, s.addressee);
      q.BindTextOrNull(17, s.time);
      q.BindTextOrNull(18, s.date);
      q.BindOptional(19, cited_id);
      q.BindTextOrNull(20, s.stance);
      q.Bind(21, s.confidence);
      HEARSAY_RETURN_IF_ERROR(q.Run());
      const std::int64_t statement_id = sqlite3_last_insert_rowid(db_);
      if (speaker_id) {
        HEARSAY_RETURN_IF_ERROR(
            Ready(db_, st.add_speaker_statement,
                  "UPDATE speakers SET statement_count = statement_count + 1 WHERE id = ?"));
        st.add_speaker_statement.Bind(1, *speaker_id);
        HEARSAY_RETURN_IF_ERROR(st.add_speaker_statement.Run());
      }
      if (s.clustered) HEARSAY_RETURN_IF_ERROR(cluster(doc, s, statement_id));
      ++result.statements_stored;
    }
    result.outcomes.push_back(AddOutcome::kStored);
    return Status::Ok();
  };

  for (const PreparedDocument* doc : batch) {
    status = add_one(*doc);
    if (!status.ok()) break;
  }
  // A statement left on a row would keep this connection's read snapshot
  // after the commit and stop every checkpoint: the WAL would grow without
  // end. Reset them all.
  for (sqlite3_stmt* p = sqlite3_next_stmt(db_, nullptr); p != nullptr; p = sqlite3_next_stmt(db_, p))
    sqlite3_reset(p);
  if (status.ok()) status = Exec(db_, "COMMIT;");
  if (!status.ok()) {
    (void)Exec(db_, "ROLLBACK;");
    return status;
  }
  return result;
}

// --- queries -----------------------------------------------------------------------

Result<StoreCounts> Store::Counts() {
  StoreCounts c;
  const std::pair<const char*, std::int64_t*> queries[] = {
      {"SELECT COUNT(*) FROM documents", &c.documents},
      {"SELECT COUNT(*) FROM statements", &c.statements},
      {"SELECT COUNT(*) FROM speakers", &c.speakers},
      {"SELECT COUNT(*) FROM quote_clusters", &c.quote_clusters},
      {"SELECT COUNT(*) FROM cited_documents", &c.cited_documents},
      {"SELECT COUNT(*) FROM statements WHERE cited_document_id IS NOT NULL", &c.citations},
  };
  for (const auto& [sql, out] : queries) {
    Stmt q;
    HEARSAY_RETURN_IF_ERROR(q.Prepare(db_, sql));
    bool row = false;
    HEARSAY_RETURN_IF_ERROR(q.Step(&row));
    *out = row ? q.Int(0) : 0;
  }
  return c;
}

namespace {

// Collects the rows of a statement query.
Result<std::vector<StatementRow>> StatementRows(Stmt& q) {
  std::vector<StatementRow> rows;
  for (;;) {
    bool row = false;
    HEARSAY_RETURN_IF_ERROR(q.Step(&row));
    if (!row) break;
    rows.push_back(ReadStatementRow(q));
  }
  return rows;
}

Status CheckDay(const std::string& value, const char* what) {
  if (value.empty() || IsDay(value)) return Status::Ok();
  return Status(StatusCode::kInvalidArgument,
                std::string(what) + ": '" + value + "' is not a date (YYYY-MM-DD)");
}

// Binds positional values of mixed types in order.
struct Binder {
  std::vector<std::variant<std::int64_t, std::string>> values;
  void Apply(Stmt& q) const {
    int i = 1;
    for (const auto& v : values) {
      if (std::holds_alternative<std::int64_t>(v))
        q.Bind(i++, std::get<std::int64_t>(v));
      else
        q.Bind(i++, std::string_view(std::get<std::string>(v)));
    }
  }
};

// A cited document matches when every space-separated word of `words` occurs
// in its name or issuer (LIKE, with the word's own % _ \ escaped).
void AppendCitedNameWords(const std::string& words, std::string* sql, Binder* b) {
  std::string word;
  for (char c : words + " ") {
    if (c != ' ') {
      word += c;
      continue;
    }
    if (word.empty()) continue;
    *sql += " AND (name || ' ' || COALESCE(issuer, '')) LIKE ? ESCAPE '\\'";
    std::string pattern = "%";
    for (char w : word) {
      if (w == '%' || w == '_' || w == '\\') pattern += '\\';
      pattern += w;
    }
    b->values.emplace_back(pattern + "%");
    word.clear();
  }
}

// The filters on a statement's own outlet and type (alias s), the same in
// both shapes of FindStatements' query.
void AppendOutletAndType(const StatementFilter& f, std::string* sql, Binder* b) {
  if (!f.outlet.empty()) {
    *sql += " AND s.outlet = ?";
    b->values.emplace_back(f.outlet);
  }
  if (!f.type.empty()) {
    *sql += " AND s.type = ?";
    b->values.emplace_back(f.type);
  }
}

// The statements whose ids `ids_sql` selects (its values bound by `b`; it
// ends with LIMIT ? OFFSET ?, which take f.limit and f.offset), newest first,
// joined with their documents and cited documents.
Result<std::vector<StatementRow>> StatementPage(sqlite3* db, const std::string& ids_sql,
                                                const StatementFilter& f, Binder b) {
  const std::string sql = std::string(kStatementColumns) + "JOIN (" + ids_sql +
                          ") AS top ON top.id = s.id ORDER BY s.published_day DESC, s.id DESC";
  b.values.emplace_back(std::int64_t{std::max(0, f.limit)});
  b.values.emplace_back(std::int64_t{std::max(0, f.offset)});
  Stmt q;
  HEARSAY_RETURN_IF_ERROR(q.Prepare(db, sql));
  b.Apply(q);
  auto rows = StatementRows(q);
  if (!rows.ok() && rows.status().code() == StatusCode::kInvalidArgument)
    return Status(StatusCode::kInvalidArgument, "text '" + f.text + "': " + rows.status().message());
  return rows;
}

// The full-text index's rowid is a day key (schema version 3):
// YYYYMMDD << 32 | statements.id, with day 0 for an undated statement.
constexpr std::int64_t kFtsIdMask = 0xFFFFFFFF;

// The key of `day` (YYYY-MM-DD, checked) with statement id 0.
std::int64_t FtsDayKey(std::string_view day) {
  std::int64_t yyyymmdd = 0;
  for (char c : day)
    if (c != '-') yyyymmdd = yyyymmdd * 10 + (c - '0');
  return yyyymmdd << 32;
}

}  // namespace

Result<std::vector<StatementRow>> Store::FindStatements(const StatementFilter& f) {
  HEARSAY_RETURN_IF_ERROR(CheckDay(f.from, "from"));
  HEARSAY_RETURN_IF_ERROR(CheckDay(f.to, "to"));
  // The newest matches are chosen on the statements alone (for a speaker
  // from the covering (speaker_id, published_day) index, for a full-text
  // query from the full-text index), and only those are joined with their
  // documents.
  const bool by_speaker_or_cited =
      f.speaker_id || !f.speaker.empty() || f.cited_document_id || !f.cited.empty();
  std::string sql;
  Binder b;
  if (!f.text.empty() && !by_speaker_or_cited) {
    // The full-text index's rowids are day keys (schema version 3): FTS5
    // walks the matches newest first and stops after the page, whether the
    // word matches ten statements or a hundred thousand. A date range is a
    // rowid range, so it is walked, not filtered.
    sql = "SELECT f.rowid & " + std::to_string(kFtsIdMask) + " AS id FROM statements_fts f";
    if (!f.outlet.empty() || !f.type.empty())
      sql += " JOIN statements s ON s.id = (f.rowid & " + std::to_string(kFtsIdMask) + ")";
    sql += " WHERE statements_fts MATCH ?";
    b.values.emplace_back(f.text);
    if (!f.from.empty() || !f.to.empty()) {
      // Undated statements (key day 0) never fall in a date range.
      sql += " AND f.rowid >= ? AND f.rowid <= ?";
      b.values.emplace_back(f.from.empty() ? std::int64_t{1} << 32 : FtsDayKey(f.from));
      b.values.emplace_back(f.to.empty() ? INT64_MAX : FtsDayKey(f.to) | kFtsIdMask);
    }
    AppendOutletAndType(f, &sql, &b);
    sql += " ORDER BY f.rowid DESC LIMIT ? OFFSET ?";
    return StatementPage(db_, sql, f, std::move(b));
  }
  sql = "SELECT s.id FROM statements s WHERE 1";
  if (f.speaker_id) {
    sql += " AND s.speaker_id = ?";
    b.values.emplace_back(*f.speaker_id);
  }
  if (!f.speaker.empty()) {
    const std::string query = AllWordsQuery(f.speaker);
    if (query.empty()) return Status(StatusCode::kInvalidArgument, "speaker: no word to look for");
    // The matching speakers first: then statements come from the
    // (speaker_id, published_day) index, newest first, without a sort.
    Stmt names;
    HEARSAY_RETURN_IF_ERROR(
        names.Prepare(db_, "SELECT rowid FROM speakers_fts WHERE speakers_fts MATCH ? LIMIT 1000"));
    names.Bind(1, query);
    std::vector<std::int64_t> ids;
    for (;;) {
      bool row = false;
      HEARSAY_RETURN_IF_ERROR(names.Step(&row));
      if (!row) break;
      ids.push_back(names.Int(0));
    }
    if (ids.empty()) return std::vector<StatementRow>();
    sql += " AND s.speaker_id IN (";
    for (std::size_t i = 0; i < ids.size(); ++i) {
      sql += i ? ",?" : "?";
      b.values.emplace_back(ids[i]);
    }
    sql += ")";
  }
  if (!f.text.empty()) {
    // Words and a speaker or cited document: a common word matches tens of
    // thousands of statements, and then the speaker's (or cited
    // document's) index should drive the query, with the matches as a
    // filter (the unary + on s.id keeps SQLite from driving it by them);
    // for a rare word it is the reverse. So count the matches first, up to
    // kManyMatches (a cheap doclist walk).
    constexpr std::int64_t kManyMatches = 2000;
    Stmt count;
    HEARSAY_RETURN_IF_ERROR(count.Prepare(
        db_, "SELECT count(*) FROM (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? LIMIT ?)"));
    count.Bind(1, std::string_view(f.text));
    count.Bind(2, kManyMatches);
    bool row = false;
    if (Status s = count.Step(&row); !s.ok())
      return s.code() == StatusCode::kInvalidArgument
                 ? Status(StatusCode::kInvalidArgument, "text '" + f.text + "': " + s.message())
                 : s;
    const bool many = row && count.Int(0) >= kManyMatches;
    sql += std::string(many ? " AND +s.id IN" : " AND s.id IN") + " (SELECT rowid & " +
           std::to_string(kFtsIdMask) + " FROM statements_fts WHERE statements_fts MATCH ?)";
    b.values.emplace_back(f.text);
  }
  if (f.cited_document_id) {
    sql += " AND s.cited_document_id = ?";
    b.values.emplace_back(*f.cited_document_id);
  }
  if (!f.cited.empty()) {
    sql += " AND s.cited_document_id IN (SELECT id FROM cited_documents WHERE 1";
    AppendCitedNameWords(f.cited, &sql, &b);
    sql += ")";
  }
  AppendOutletAndType(f, &sql, &b);
  if (!f.from.empty()) {
    sql += " AND s.published_day >= ?";
    b.values.emplace_back(f.from);
  }
  if (!f.to.empty()) {
    sql += " AND s.published_day <= ?";
    b.values.emplace_back(f.to);
  }
  sql += " ORDER BY s.published_day DESC, s.id DESC LIMIT ? OFFSET ?";
  return StatementPage(db_, sql, f, std::move(b));
}

namespace {

constexpr std::string_view kSpeakerColumns =
    "SELECT id, name, kind, statement_count, document_count, first_seen, last_seen FROM speakers ";

SpeakerRow ReadSpeakerRow(const Stmt& q) {
  SpeakerRow r;
  r.id = q.Int(0);
  r.name = q.Text(1);
  r.kind = q.Text(2);
  r.statement_count = q.Int(3);
  r.document_count = q.Int(4);
  r.first_seen = q.Text(5);
  r.last_seen = q.Text(6);
  return r;
}

}  // namespace

Result<std::vector<SpeakerRow>> Store::ListSpeakers(const SpeakerFilter& f) {
  std::string sql(kSpeakerColumns);
  sql += "WHERE 1";
  Binder b;
  if (!f.name.empty()) {
    const std::string query = AllWordsQuery(f.name);
    if (query.empty()) return Status(StatusCode::kInvalidArgument, "speaker name: no word to look for");
    sql += " AND id IN (SELECT rowid FROM speakers_fts WHERE speakers_fts MATCH ?)";
    b.values.emplace_back(query);
  }
  if (!f.kind.empty()) {
    if (f.kind != "person" && f.kind != "organization" && f.kind != "place")
      return Status(StatusCode::kInvalidArgument, "kind '" + f.kind + "': use person, organization or place");
    sql += " AND kind = ?";
    b.values.emplace_back(f.kind);
  }
  sql += " ORDER BY statement_count DESC, id LIMIT ? OFFSET ?";
  b.values.emplace_back(std::int64_t{std::max(0, f.limit)});
  b.values.emplace_back(std::int64_t{std::max(0, f.offset)});
  Stmt q;
  HEARSAY_RETURN_IF_ERROR(q.Prepare(db_, sql));
  b.Apply(q);
  std::vector<SpeakerRow> rows;
  for (;;) {
    bool row = false;
    HEARSAY_RETURN_IF_ERROR(q.Step(&row));
    if (!row) break;
    rows.push_back(ReadSpeakerRow(q));
  }
  return rows;
}

Result<SpeakerRow> Store::GetSpeaker(std::int64_t speaker_id) {
  Stmt q;
  HEARSAY_RETURN_IF_ERROR(q.Prepare(db_, std::string(kSpeakerColumns) + "WHERE id = ?"));
  q.Bind(1, speaker_id);
  bool row = false;
  HEARSAY_RETURN_IF_ERROR(q.Step(&row));
  if (!row) return Status(StatusCode::kNotFound, "no speaker " + std::to_string(speaker_id));
  SpeakerRow speaker = ReadSpeakerRow(q);
  Stmt roles;
  HEARSAY_RETURN_IF_ERROR(
      roles.Prepare(db_,
                    // The newest 200 from the (speaker_id, published_day,
                    // document_id) index of mentions that state a role.
                    "SELECT m.role, m.affiliation, m.published_day, d.doc_id FROM mentions m "
                    "JOIN documents d ON d.id = m.document_id WHERE m.speaker_id = ? "
                    "AND (m.role IS NOT NULL OR m.affiliation IS NOT NULL) "
                    "ORDER BY m.published_day DESC, m.document_id DESC LIMIT 200"));
  roles.Bind(1, speaker_id);
  for (;;) {
    HEARSAY_RETURN_IF_ERROR(roles.Step(&row));
    if (!row) break;
    speaker.roles.push_back({roles.Text(0), roles.Text(1), roles.Text(2), roles.Text(3)});
  }
  return speaker;
}

Result<std::vector<QuoteClusterRow>> Store::ListQuoteClusters(const QuoteClusterFilter& f) {
  std::string sql =
      "SELECT id, content, first_published, member_count, outlet_count FROM quote_clusters WHERE "
      "member_count >= ?";
  Binder b;
  b.values.emplace_back(std::int64_t{f.min_members});
  if (!f.text.empty()) {
    sql +=
        " AND id IN (SELECT cluster_id FROM statements WHERE id IN "
        "(SELECT rowid & " +
        std::to_string(kFtsIdMask) + " FROM statements_fts WHERE statements_fts MATCH ?))";
    b.values.emplace_back(f.text);
  }
  sql += " ORDER BY member_count DESC, id LIMIT ? OFFSET ?";
  b.values.emplace_back(std::int64_t{std::max(0, f.limit)});
  b.values.emplace_back(std::int64_t{std::max(0, f.offset)});
  Stmt q;
  HEARSAY_RETURN_IF_ERROR(q.Prepare(db_, sql));
  b.Apply(q);
  std::vector<QuoteClusterRow> rows;
  for (;;) {
    bool row = false;
    Status s = q.Step(&row);
    if (!s.ok()) {
      if (s.code() == StatusCode::kInvalidArgument)
        return Status(s.code(), "text '" + f.text + "': " + s.message());
      return s;
    }
    if (!row) break;
    rows.push_back({q.Int(0), q.Text(1), q.Text(2), q.Int(3), q.Int(4)});
  }
  return rows;
}

Result<QuotePropagation> Store::GetQuotePropagation(std::int64_t cluster_id, int limit) {
  Stmt q;
  HEARSAY_RETURN_IF_ERROR(q.Prepare(
      db_, "SELECT content, first_published, member_count, outlet_count FROM quote_clusters WHERE id = ?"));
  q.Bind(1, cluster_id);
  bool row = false;
  HEARSAY_RETURN_IF_ERROR(q.Step(&row));
  if (!row) return Status(StatusCode::kNotFound, "no quote cluster " + std::to_string(cluster_id));
  QuotePropagation p;
  p.cluster_id = cluster_id;
  p.content = q.Text(0);
  p.first_published = q.Text(1);
  p.member_count = q.Int(2);
  p.outlet_count = q.Int(3);
  Stmt members;
  HEARSAY_RETURN_IF_ERROR(members.Prepare(db_, std::string(kStatementColumns) +
                                                   "WHERE s.cluster_id = ? ORDER BY s.published_day IS NULL, "
                                                   "s.published_day, d.content_hash, s.id LIMIT ?"));
  members.Bind(1, cluster_id);
  members.Bind(2, std::int64_t{std::max(0, limit)});
  auto rows = StatementRows(members);
  if (!rows.ok()) return rows.status();
  p.members = std::move(rows.value());
  return p;
}

namespace {

constexpr std::string_view kCitedColumns =
    "SELECT id, name, kind, issuer, date, first_cited, citation_count FROM cited_documents ";

CitedDocumentRow ReadCitedRow(const Stmt& q) {
  return {q.Int(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), q.Text(5), q.Int(6)};
}

}  // namespace

Result<std::vector<CitedDocumentRow>> Store::ListCitedDocuments(const CitedDocumentFilter& f) {
  // Documents named only generically ("the report") belong to one article
  // and are left out of the list (their key starts with "local:").
  std::string sql(kCitedColumns);
  sql += "WHERE doc_key NOT LIKE 'local:%'";
  Binder b;
  AppendCitedNameWords(f.name, &sql, &b);
  sql += " ORDER BY citation_count DESC, id LIMIT ? OFFSET ?";
  b.values.emplace_back(std::int64_t{std::max(0, f.limit)});
  b.values.emplace_back(std::int64_t{std::max(0, f.offset)});
  Stmt q;
  HEARSAY_RETURN_IF_ERROR(q.Prepare(db_, sql));
  b.Apply(q);
  std::vector<CitedDocumentRow> rows;
  for (;;) {
    bool row = false;
    HEARSAY_RETURN_IF_ERROR(q.Step(&row));
    if (!row) break;
    rows.push_back(ReadCitedRow(q));
  }
  return rows;
}

Result<CitedReception> Store::GetCitedReception(std::int64_t cited_document_id, int limit) {
  Stmt q;
  HEARSAY_RETURN_IF_ERROR(q.Prepare(db_, std::string(kCitedColumns) + "WHERE id = ?"));
  q.Bind(1, cited_document_id);
  bool row = false;
  HEARSAY_RETURN_IF_ERROR(q.Step(&row));
  if (!row) return Status(StatusCode::kNotFound, "no cited document " + std::to_string(cited_document_id));
  CitedReception r;
  r.document = ReadCitedRow(q);
  Stmt stances;
  HEARSAY_RETURN_IF_ERROR(
      stances.Prepare(db_,
                      "SELECT COALESCE(stance, 'none'), COUNT(*) FROM statements WHERE cited_document_id = ? "
                      "GROUP BY 1 ORDER BY 2 DESC, 1"));
  stances.Bind(1, cited_document_id);
  for (;;) {
    HEARSAY_RETURN_IF_ERROR(stances.Step(&row));
    if (!row) break;
    r.stance_counts.emplace_back(stances.Text(0), stances.Int(1));
  }
  Stmt timeline;
  HEARSAY_RETURN_IF_ERROR(
      timeline.Prepare(db_,
                       "SELECT COALESCE(published_day, 'undated'), COUNT(*) FROM statements "
                       "WHERE cited_document_id = ? GROUP BY published_day "
                       "ORDER BY published_day IS NULL, published_day"));
  timeline.Bind(1, cited_document_id);
  for (;;) {
    HEARSAY_RETURN_IF_ERROR(timeline.Step(&row));
    if (!row) break;
    r.timeline.emplace_back(timeline.Text(0), timeline.Int(1));
  }
  Stmt members;
  HEARSAY_RETURN_IF_ERROR(members.Prepare(
      db_,
      std::string(kStatementColumns) +
          "WHERE s.cited_document_id = ? ORDER BY s.published_day IS NULL, s.published_day, s.id LIMIT ?"));
  members.Bind(1, cited_document_id);
  members.Bind(2, std::int64_t{std::max(0, limit)});
  auto rows = StatementRows(members);
  if (!rows.ok()) return rows.status();
  r.statements = std::move(rows.value());
  return r;
}

Result<std::int64_t> Store::DataVersion() {
  return PragmaInt(db_, "data_version");
}

Result<DocumentRow> Store::GetDocument(std::int64_t document_id) {
  Stmt q;
  HEARSAY_RETURN_IF_ERROR(
      q.Prepare(db_,
                "SELECT id, content_hash, doc_id, url, outlet, published, title, authors, language, text, "
                "ingested_at, bytes, statement_count FROM documents WHERE id = ?"));
  q.Bind(1, document_id);
  bool row = false;
  HEARSAY_RETURN_IF_ERROR(q.Step(&row));
  if (!row) return Status(StatusCode::kNotFound, "no document " + std::to_string(document_id));
  DocumentRow d;
  d.id = q.Int(0);
  d.content_hash = q.Text(1);
  d.doc_id = q.Text(2);
  d.url = q.Text(3);
  d.outlet = q.Text(4);
  d.published = q.Text(5);
  d.title = q.Text(6);
  d.authors = q.Text(7);
  d.language = q.Text(8);
  d.text = q.Text(9);
  d.ingested_at = q.Text(10);
  d.bytes = q.Int(11);
  d.statement_count = q.Int(12);
  return d;
}

}  // namespace hearsay::store
