#include "store/schema.h"

#include <array>

namespace hearsay::store {
namespace {

// Version 1: documents, speakers, statements, cited documents, quote
// clusters and the MinHash band index. Dates are text: YYYY-MM-DD (or the
// ISO 8601 date-time as given for documents.published); a day column holds
// only the YYYY-MM-DD prefix so that range queries compare strings.
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE documents (
  id           INTEGER PRIMARY KEY,
  content_hash TEXT NOT NULL UNIQUE,   -- 128-bit hash of outlet, url, title, published and text
  doc_id       TEXT NOT NULL,          -- the input's id (JSONL "id", file path, ...)
  url          TEXT,
  outlet       TEXT,                   -- the input's "source"
  published    TEXT,                   -- as given
  published_day TEXT,                  -- YYYY-MM-DD prefix of published, else NULL
  title        TEXT,
  authors      TEXT,
  language     TEXT,
  text         TEXT NOT NULL,
  bytes        INTEGER NOT NULL,       -- UTF-8 bytes of text
  statement_count INTEGER NOT NULL,
  ingested_at  TEXT NOT NULL           -- UTC, YYYY-MM-DDTHH:MM:SSZ
);
CREATE INDEX documents_outlet_day ON documents(outlet, published_day);
CREATE INDEX documents_day ON documents(published_day);

-- One row per real person, organisation or place across articles.
CREATE TABLE speakers (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,            -- the fullest name seen
  name_key   TEXT NOT NULL,            -- NameKey(name): case, accents, titles and punctuation folded
  surname_key TEXT NOT NULL,           -- last word of name_key
  kind       TEXT NOT NULL,            -- person | organization | place
  surname_only INTEGER NOT NULL,       -- 1 when only a one-word name is known
  statement_count INTEGER NOT NULL DEFAULT 0,
  document_count  INTEGER NOT NULL DEFAULT 0,
  first_seen TEXT,                     -- earliest published_day of a document naming it
  last_seen  TEXT,
  UNIQUE (kind, name_key)
);
CREATE INDEX speakers_surname ON speakers(kind, surname_key);
CREATE INDEX speakers_count ON speakers(statement_count DESC);

-- The speakers of one document (the JSON "speakers" array), linked to the
-- cross-article record when there is one.
CREATE TABLE mentions (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  idx         INTEGER NOT NULL,        -- position in the document's "speakers"
  speaker_id  INTEGER REFERENCES speakers(id),  -- NULL for unnamed people, groups, pronouns
  name        TEXT NOT NULL,
  name_key    TEXT,                    -- NameKey(name) for linked kinds
  kind        TEXT NOT NULL,
  role        TEXT,
  affiliation TEXT,
  spans       TEXT NOT NULL,           -- JSON [[start,end],...] code points into documents.text
  PRIMARY KEY (document_id, idx)
) WITHOUT ROWID;
CREATE INDEX mentions_speaker ON mentions(speaker_id);

-- Roles and affiliations as stated, with the document and its date.
CREATE VIEW speaker_roles AS
  SELECT m.speaker_id, m.role, m.affiliation, m.document_id, d.published_day
  FROM mentions m JOIN documents d ON d.id = m.document_id
  WHERE m.speaker_id IS NOT NULL AND (m.role IS NOT NULL OR m.affiliation IS NOT NULL);

-- One row per real cited document across articles.
CREATE TABLE cited_documents (
  id        INTEGER PRIMARY KEY,
  doc_key   TEXT NOT NULL UNIQUE,      -- CitedDocumentKey()
  name      TEXT NOT NULL,
  kind      TEXT NOT NULL,             -- head noun: report, study, letter, ...
  issuer    TEXT,
  date      TEXT,                      -- YYYY-MM-DD when resolved
  citation_count INTEGER NOT NULL DEFAULT 0,
  first_cited TEXT
);

CREATE TABLE statements (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  idx         INTEGER NOT NULL,        -- position in the document's "statements"
  published_day TEXT,                  -- copied from the document, for speaker/date queries
  outlet      TEXT,                    -- copied from the document
  type        TEXT NOT NULL,           -- direct | indirect | mixed
  cue_class   TEXT NOT NULL,
  content     TEXT NOT NULL,
  content_start INTEGER NOT NULL,      -- code points into documents.text
  content_end INTEGER NOT NULL,
  speaker_idx INTEGER,                 -- position in the document's "speakers"
  speaker_id  INTEGER REFERENCES speakers(id),
  speaker_name TEXT,                   -- as resolved in the article
  speaker_mention TEXT,
  cue         TEXT,
  channel     TEXT,
  addressee   TEXT,
  time_text   TEXT,
  date        TEXT,
  cited_document_id INTEGER REFERENCES cited_documents(id),
  stance      TEXT,
  confidence  REAL NOT NULL,
  cluster_id  INTEGER REFERENCES quote_clusters(id),
  UNIQUE (document_id, idx)
);
CREATE INDEX statements_speaker ON statements(speaker_id, published_day);
CREATE INDEX statements_cited ON statements(cited_document_id, published_day);
CREATE INDEX statements_cluster ON statements(cluster_id, published_day);
CREATE INDEX statements_outlet_day ON statements(outlet, published_day);
CREATE INDEX statements_day ON statements(published_day);

-- One row per quotation carried by one or more documents (direct and mixed
-- statements of at least kMinClusterWords words).
CREATE TABLE quote_clusters (
  id          INTEGER PRIMARY KEY,
  content     TEXT NOT NULL,           -- the first appearance's content
  signature   BLOB NOT NULL,           -- MinHash signature (little-endian uint32s) of the first member
  first_statement_id INTEGER NOT NULL REFERENCES statements(id),
  first_published TEXT,                -- earliest published_day of a member
  first_hash  TEXT NOT NULL,           -- content_hash of the first appearance's document (tie-break)
  member_count INTEGER NOT NULL DEFAULT 0,
  outlet_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX quote_clusters_members ON quote_clusters(member_count DESC);

-- LSH bands of each cluster's signature: candidates for a new quotation.
CREATE TABLE quote_bands (
  band       INTEGER NOT NULL,
  band_hash  INTEGER NOT NULL,
  cluster_id INTEGER NOT NULL REFERENCES quote_clusters(id),
  PRIMARY KEY (band, band_hash, cluster_id)
) WITHOUT ROWID;
)sql";

// Version 2: full-text search over statement content and speaker names
// (external-content FTS5 tables kept in step by triggers), rebuilt from the
// rows a version-1 file already holds.
constexpr std::string_view kVersion2 = R"sql(
CREATE VIRTUAL TABLE statements_fts USING fts5(
  content, content='statements', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
  INSERT INTO statements_fts(rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
  INSERT INTO statements_fts(statements_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE VIRTUAL TABLE speakers_fts USING fts5(
  name, content='speakers', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER speakers_fts_insert AFTER INSERT ON speakers BEGIN
  INSERT INTO speakers_fts(rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER speakers_fts_delete AFTER DELETE ON speakers BEGIN
  INSERT INTO speakers_fts(speakers_fts, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER speakers_fts_update AFTER UPDATE OF name ON speakers BEGIN
  INSERT INTO speakers_fts(speakers_fts, rowid, name) VALUES ('delete', old.id, old.name);
  INSERT INTO speakers_fts(rowid, name) VALUES (new.id, new.name);
END;
INSERT INTO statements_fts(statements_fts) VALUES ('rebuild');
INSERT INTO speakers_fts(speakers_fts) VALUES ('rebuild');
)sql";

constexpr std::array<std::string_view, 2> kMigrations = {kVersion1, kVersion2};

}  // namespace

std::span<const std::string_view> Migrations() {
  return kMigrations;
}

int CurrentSchemaVersion() {
  return static_cast<int>(kMigrations.size());
}

}  // namespace hearsay::store
