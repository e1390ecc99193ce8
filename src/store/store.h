// The corpus store: one SQLite file (WAL) holding documents, their
// statements, and the records that link them across articles (speakers,
// quote clusters, cited documents). Schema: store/schema.h, docs/store.md.
//
//   auto store = store::Store::Open("news.db", store::OpenMode::kReadOnly);
//   if (!store.ok()) ...;
//   store::StatementFilter filter;
//   filter.text = "climate AND report";
//   auto rows = (*store)->FindStatements(filter);
//
// Writing: AddDocuments() stores a batch of documents, each given as the
// schema-1.0.0 document object that `hearsay extract --format json-compact`
// prints (io::DocumentToJson), in one transaction: either every row of every
// document in the batch is committed or none is. A document whose content
// hash is already stored is skipped, so adding the same documents again
// changes nothing. Linking across articles happens here, incrementally
// (store/linking.h has the rules).
//
// Reading: every query function runs prepared, parameterised statements;
// user text never becomes SQL. A query's `limit` bounds the rows returned.
//
// Thread safety: a Store is used by one thread at a time. Any number of
// Stores (connections) may be open on one file in one or many processes:
// readers see the last committed batch and never block the writer (WAL);
// a second writer waits up to 10 s for the first and then fails with
// kIoError ("database is locked").
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hearsay/status.h"

struct sqlite3;

namespace hearsay::store {

enum class OpenMode {
  kReadWrite,  // creates the file if needed and migrates it to the current schema
  kReadOnly,   // the file must exist at the current schema version
};

// Sizes of the store's tables.
struct StoreCounts {
  std::int64_t documents = 0, statements = 0, speakers = 0, quote_clusters = 0, cited_documents = 0,
               citations = 0;  // statements linked to a cited document
};

// What AddDocuments did with one document of the batch.
enum class AddOutcome { kStored, kAlreadyStored };

struct AddResult {
  std::vector<AddOutcome> outcomes;  // one per document, in order
  std::int64_t statements_stored = 0;
};

// A document ready to be stored: built from the JSON document object on any
// thread (the expensive part: hashing, MinHash signatures), then written by
// the one writing thread. See PrepareDocument.
struct PreparedDocument;
struct PreparedDocumentDeleter {
  void operator()(PreparedDocument* p) const;
};
using PreparedDocumentPtr = std::unique_ptr<PreparedDocument, PreparedDocumentDeleter>;

// Checks and converts one schema-1.x document object (needs "text" and
// "statements", "speakers", "cited_documents"; takes "id", "url", "source",
// "published", "title", "language" and "extra.authors" when present).
// kMalformedRecord names `where` and the offending field. Thread-safe.
Result<PreparedDocumentPtr> PrepareDocument(const nlohmann::ordered_json& doc, const std::string& where);
// The content hash PrepareDocument computed: 32 hex digits.
const std::string& ContentHashOf(const PreparedDocument& doc);

// --- query rows -----------------------------------------------------------

struct StatementRow {
  std::int64_t id = 0;
  std::int64_t document_id = 0;
  std::string doc_id, outlet, published_day, title, url;
  std::string type, cue_class, content;
  std::int64_t content_start = 0, content_end = 0;  // code points into the document text
  std::optional<std::int64_t> speaker_id;           // the cross-article speaker
  std::string speaker_name;                         // as resolved in the article ("" if unknown)
  std::string cue, channel, addressee, time, date;
  std::optional<std::int64_t> cited_document_id;
  std::string cited_document_name, stance;
  double confidence = 0;
  std::optional<std::int64_t> cluster_id;
};

struct StatementFilter {
  std::optional<std::int64_t> speaker_id;
  std::string speaker;  // words of a speaker's name (all must occur, any order); "" = any
  std::string text;     // FTS5 query over the content ("climate report", "\"no doubt\"", "a OR b")
  std::optional<std::int64_t> cited_document_id;
  std::string cited;     // words of a cited document's name or issuer; "" = any
  std::string outlet;    // exact outlet name; "" = any
  std::string type;      // direct | indirect | mixed; "" = any
  std::string from, to;  // YYYY-MM-DD, inclusive; "" = open
  int limit = 50;        // newest first
  int offset = 0;
};

struct SpeakerRow {
  std::int64_t id = 0;
  std::string name, kind;
  std::int64_t statement_count = 0, document_count = 0;
  std::string first_seen, last_seen;
  // Roles and affiliations as stated, newest first: {role, affiliation, day, doc_id}.
  struct Role {
    std::string role, affiliation, published_day, doc_id;
  };
  std::vector<Role> roles;  // filled by GetSpeaker only
};

struct SpeakerFilter {
  std::string name;  // words of the name; "" = all speakers
  std::string kind;  // person | organization | place; "" = any
  int limit = 50;    // most statements first
  int offset = 0;
};

// Where one quotation appeared: each member statement's outlet and date.
struct QuotePropagation {
  std::int64_t cluster_id = 0;
  std::string content;  // as first carried
  std::string first_published;
  std::int64_t member_count = 0, outlet_count = 0;
  std::vector<StatementRow> members;  // earliest first
};

struct QuoteClusterRow {
  std::int64_t id = 0;
  std::string content, first_published;
  std::int64_t member_count = 0, outlet_count = 0;
};

struct QuoteClusterFilter {
  std::string text;  // FTS5 query over member content; "" = any
  int min_members = 2;
  int limit = 50;  // most members first
  int offset = 0;
};

struct CitedDocumentRow {
  std::int64_t id = 0;
  std::string name, kind, issuer, date, first_cited;
  std::int64_t citation_count = 0;
};

struct CitedDocumentFilter {
  std::string name;  // words of the name or issuer; "" = all
  int limit = 50;    // most cited first
  int offset = 0;
};

// Who cited one document, how, and when.
struct CitedReception {
  CitedDocumentRow document;
  std::vector<std::pair<std::string, std::int64_t>> stance_counts;  // stance → statements, most first
  std::vector<std::pair<std::string, std::int64_t>> timeline;       // day → statements, oldest first
  std::vector<StatementRow> statements;                             // oldest first, up to `limit`
};

struct DocumentRow {
  std::int64_t id = 0;
  std::string content_hash, doc_id, url, outlet, published, title, authors, language, text, ingested_at;
  std::int64_t bytes = 0, statement_count = 0;
};

class Store {
 public:
  // Opens (kReadWrite: creates and migrates) the store at `path`. Errors:
  // kIoError (cannot open, not a SQLite file, locked), kVersionMismatch (a
  // newer schema than this build knows, or an older one in kReadOnly mode),
  // kNotFound (kReadOnly and no such file).
  static Result<std::unique_ptr<Store>> Open(const std::string& path, OpenMode mode);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int schema_version() const { return schema_version_; }
  const std::string& path() const { return path_; }

  // --- writing (kReadWrite) ---
  // Stores the batch in one transaction (see the file comment).
  Result<AddResult> AddDocuments(const std::vector<const PreparedDocument*>& batch);
  // True when a document with this content hash is stored.
  Result<bool> HasContentHash(const std::string& content_hash);

  // --- reading ---
  Result<StoreCounts> Counts();
  // kInvalidArgument for a malformed FTS query or date, naming it.
  Result<std::vector<StatementRow>> FindStatements(const StatementFilter& filter);
  Result<std::vector<SpeakerRow>> ListSpeakers(const SpeakerFilter& filter);
  // kNotFound when there is no such speaker.
  Result<SpeakerRow> GetSpeaker(std::int64_t speaker_id);
  Result<std::vector<QuoteClusterRow>> ListQuoteClusters(const QuoteClusterFilter& filter);
  Result<QuotePropagation> GetQuotePropagation(std::int64_t cluster_id, int limit = 200);
  Result<std::vector<CitedDocumentRow>> ListCitedDocuments(const CitedDocumentFilter& filter);
  Result<CitedReception> GetCitedReception(std::int64_t cited_document_id, int limit = 200);
  Result<DocumentRow> GetDocument(std::int64_t document_id);
  // SQLite's PRAGMA data_version on this connection: it changes when another
  // connection commits to the file (how hearsay serve's cache learns of an
  // ingest into the store it serves).
  Result<std::int64_t> DataVersion();

  // The underlying connection, for tests and tools (the schema is documented).
  sqlite3* db() { return db_; }

 private:
  Store(sqlite3* db, std::string path, int version);
  struct Statements;  // prepared statements, made on first use
  Statements& statements();

  sqlite3* db_;
  std::string path_;
  int schema_version_;
  std::unique_ptr<Statements> stmts_;
};

}  // namespace hearsay::store
