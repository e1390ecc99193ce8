#include "store/schema.h"

#include <array>
#include <string>

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

// Version 3: what the server's pages read, at a cost that does not grow with
// the number of matches (docs/store.md, "Serving"):
//  * the full-text index of statements is contentless and keyed by day:
//    rowid = YYYYMMDD << 32 | statements.id (0 for an undated statement), so
//    that FTS5 itself gives the newest matches first (ORDER BY rowid DESC
//    LIMIT n) instead of every match being looked up and sorted; statement
//    ids must stay below 2^32;
//  * per-speaker aggregates (statements per outlet with first and last day,
//    per cited document, per day), kept by triggers on statements, so they
//    stay exact whatever the order of ingest and when linking moves
//    statements from one speaker to another;
//  * mentions carry their document's day, and the mentions that state a
//    role have an index in (speaker, day) order: a speaker's newest roles
//    without sorting thousands of mentions.
constexpr std::string_view kVersion3Start = R"sql(
DROP TRIGGER statements_fts_insert;
DROP TRIGGER statements_fts_delete;
DROP TABLE statements_fts;
CREATE VIRTUAL TABLE statements_fts USING fts5(
  content, content='', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
  INSERT INTO statements_fts(rowid, content) VALUES (
    (COALESCE(CAST(replace(new.published_day, '-', '') AS INTEGER), 0) << 32) | new.id, new.content);
END;
CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
  INSERT INTO statements_fts(statements_fts, rowid, content) VALUES ('delete',
    (COALESCE(CAST(replace(old.published_day, '-', '') AS INTEGER), 0) << 32) | old.id, old.content);
END;
INSERT INTO statements_fts(rowid, content)
  SELECT (COALESCE(CAST(replace(published_day, '-', '') AS INTEGER), 0) << 32) | id, content FROM statements;

-- A speaker's statements per outlet ('' when unknown), with the first and
-- last day; per cited document; per day (dated statements only).
CREATE TABLE speaker_outlets (
  speaker_id INTEGER NOT NULL,
  outlet     TEXT NOT NULL,
  statements INTEGER NOT NULL,
  first_day  TEXT,
  last_day   TEXT,
  PRIMARY KEY (speaker_id, outlet)
) WITHOUT ROWID;
CREATE TABLE speaker_cited (
  speaker_id INTEGER NOT NULL,
  cited_document_id INTEGER NOT NULL,
  statements INTEGER NOT NULL,
  PRIMARY KEY (speaker_id, cited_document_id)
) WITHOUT ROWID;
CREATE TABLE speaker_days (
  speaker_id INTEGER NOT NULL,
  day        TEXT NOT NULL,
  statements INTEGER NOT NULL,
  PRIMARY KEY (speaker_id, day)
) WITHOUT ROWID;
-- first_day and last_day again after a statement left an outlet's row.
CREATE INDEX statements_speaker_outlet ON statements(speaker_id, outlet, published_day);
INSERT INTO speaker_outlets
  SELECT speaker_id, COALESCE(outlet, ''), COUNT(*), MIN(published_day), MAX(published_day)
  FROM statements WHERE speaker_id IS NOT NULL GROUP BY speaker_id, outlet;
INSERT INTO speaker_cited
  SELECT speaker_id, cited_document_id, COUNT(*) FROM statements
  WHERE speaker_id IS NOT NULL AND cited_document_id IS NOT NULL GROUP BY speaker_id, cited_document_id;
INSERT INTO speaker_days
  SELECT speaker_id, published_day, COUNT(*) FROM statements
  WHERE speaker_id IS NOT NULL AND published_day IS NOT NULL GROUP BY speaker_id, published_day;

-- A statement joins its speaker's aggregates (insert, or an update that
-- gives it a speaker, outlet, cited document or day) ...
)sql";

// A statement joins its speaker's aggregates: the body of the trigger on
// insert and of the one on an update that gives it a speaker, outlet, cited
// document or day (one text, so that the two cannot drift apart).
constexpr std::string_view kJoinAggregates = R"sql( BEGIN
  INSERT INTO speaker_outlets VALUES (new.speaker_id, COALESCE(new.outlet, ''), 1, new.published_day,
                                      new.published_day)
    ON CONFLICT (speaker_id, outlet) DO UPDATE SET statements = statements + 1,
      first_day = CASE WHEN first_day IS NULL OR excluded.first_day < first_day THEN excluded.first_day
                  ELSE first_day END,
      last_day = CASE WHEN last_day IS NULL OR excluded.last_day > last_day THEN excluded.last_day
                 ELSE last_day END;
  INSERT INTO speaker_cited SELECT new.speaker_id, new.cited_document_id, 1
    WHERE new.cited_document_id IS NOT NULL
    ON CONFLICT (speaker_id, cited_document_id) DO UPDATE SET statements = statements + 1;
  INSERT INTO speaker_days SELECT new.speaker_id, new.published_day, 1 WHERE new.published_day IS NOT NULL
    ON CONFLICT (speaker_id, day) DO UPDATE SET statements = statements + 1;
END;
)sql";

// A statement leaves its old speaker's aggregates: the body of the trigger
// on delete and of the one on that update.
constexpr std::string_view kLeaveAggregates = R"sql( BEGIN
  UPDATE speaker_outlets SET statements = statements - 1,
    first_day = (SELECT MIN(published_day) FROM statements WHERE speaker_id = old.speaker_id AND outlet IS old.outlet),
    last_day = (SELECT MAX(published_day) FROM statements WHERE speaker_id = old.speaker_id AND outlet IS old.outlet)
    WHERE speaker_id = old.speaker_id AND outlet = COALESCE(old.outlet, '');
  DELETE FROM speaker_outlets
    WHERE speaker_id = old.speaker_id AND outlet = COALESCE(old.outlet, '') AND statements <= 0;
  UPDATE speaker_cited SET statements = statements - 1
    WHERE speaker_id = old.speaker_id AND cited_document_id = old.cited_document_id;
  DELETE FROM speaker_cited
    WHERE speaker_id = old.speaker_id AND cited_document_id = old.cited_document_id AND statements <= 0;
  UPDATE speaker_days SET statements = statements - 1 WHERE speaker_id = old.speaker_id AND day = old.published_day;
  DELETE FROM speaker_days WHERE speaker_id = old.speaker_id AND day = old.published_day AND statements <= 0;
END;
)sql";

constexpr std::string_view kVersion3End = R"sql(
ALTER TABLE mentions ADD COLUMN published_day TEXT;  -- the document's, as statements.published_day
UPDATE mentions SET published_day = (SELECT d.published_day FROM documents d WHERE d.id = mentions.document_id);
CREATE INDEX mentions_speaker_roles ON mentions(speaker_id, published_day, document_id)
  WHERE role IS NOT NULL OR affiliation IS NOT NULL;
DROP VIEW speaker_roles;
CREATE VIEW speaker_roles AS
  SELECT speaker_id, role, affiliation, document_id, published_day FROM mentions
  WHERE speaker_id IS NOT NULL AND (role IS NOT NULL OR affiliation IS NOT NULL);
)sql";

// The triggers' heads around the shared bodies; the text stored in a store's
// sqlite_master is the same as when each trigger was written out in full.
std::string Version3() {
  std::string sql(kVersion3Start);
  sql +=
      "CREATE TRIGGER speaker_aggregates_insert AFTER INSERT ON statements WHEN new.speaker_id IS NOT NULL";
  sql += kJoinAggregates;
  sql +=
      "CREATE TRIGGER speaker_aggregates_update_join\n"
      "AFTER UPDATE OF speaker_id, outlet, cited_document_id, published_day ON statements\n"
      "WHEN new.speaker_id IS NOT NULL";
  sql += kJoinAggregates;
  sql += R"sql(-- ... and leaves the old one's (delete, or that update); a row whose count
-- reaches 0 goes, so the tables depend only on the statements they count.
)sql";
  sql +=
      "CREATE TRIGGER speaker_aggregates_delete AFTER DELETE ON statements WHEN old.speaker_id IS NOT NULL";
  sql += kLeaveAggregates;
  sql +=
      "CREATE TRIGGER speaker_aggregates_update_leave\n"
      "AFTER UPDATE OF speaker_id, outlet, cited_document_id, published_day ON statements\n"
      "WHEN old.speaker_id IS NOT NULL";
  sql += kLeaveAggregates;
  sql += kVersion3End;
  return sql;
}

}  // namespace

std::span<const std::string_view> Migrations() {
  static const std::string version3 = Version3();
  static const std::array<std::string_view, 3> migrations = {kVersion1, kVersion2, version3};
  return migrations;
}

int CurrentSchemaVersion() {
  return static_cast<int>(Migrations().size());
}

}  // namespace hearsay::store
