// Document → JSON (the CLI's and, later, every binding's output format).
//
// Two shapes, both described field by field in docs/schema.md and by the
// JSON Schema files in schema/:
//   * the document object (DocumentToJson): text, metadata, tokens, span
//     layers and, when the attribution stage ran, statements, speakers and
//     cited documents (schema/hearsay-document.schema.json);
//   * the flat statement line (StatementRecords): one object per statement
//     with the document's metadata and the speaker inlined, every value a
//     scalar, for jq and pandas (schema/hearsay-statement.schema.json).
//
// Offsets in the JSON are Unicode code points into "text", end exclusive,
// so that Python's text[start:end] and JavaScript's Array.from(text)
// slicing return the span.
//
// Thread safety: pure functions of a const Document; call them from any
// number of threads.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "hearsay/document.h"

namespace hearsay::io {

// The version of both JSON shapes, written as "schema_version" in every
// document object. Semantic versioning (docs/schema.md, "Versioning"):
//   major: a key removed or renamed, a value's type or meaning changed
//          (offset unit, what an index points into, a non-null value made
//          nullable), an enum value removed, renamed or split;
//   minor: additions a reader that ignores unknown keys survives: a new key,
//          a new layer, a new enum value (readers treat unknown values as
//          "unknown"/"other"), except a new statement type, which is major;
//   patch: no change to keys, types or enums (values fixed, docs clarified).
inline constexpr std::string_view kDocumentSchemaVersion = "1.1.0";

// Maps byte offsets of one text to code-point offsets. Identity (no table)
// for ASCII text.
class CodePointIndex {
 public:
  explicit CodePointIndex(std::string_view text);
  std::uint32_t operator()(std::uint32_t byte_offset) const {
    return table_.empty() ? byte_offset : table_[byte_offset];
  }

 private:
  std::vector<std::uint32_t> table_;
};

// The whole document as one JSON object, in compact text (what
// nlohmann's dump() would write for DocumentToJson(doc), byte for byte, and
// several times faster: every article of `extract`, `stream` and the Python
// binding goes through it).
// With kOmit the "tokens" array (most of the bytes) is left out, for callers
// that read only the statements and metadata back (the store's ingest).
enum class TokenArray { kWrite, kOmit };
std::string DocumentJsonText(const Document& doc, TokenArray tokens = TokenArray::kWrite);

// The same object as an nlohmann value (parsed from DocumentJsonText), for
// callers that read fields back (the store) or indent it.
nlohmann::ordered_json DocumentToJson(const Document& doc);

// One flat object per statement, in the order of doc.statements; empty when
// the attribution stage did not run (kColStatements unset).
std::vector<nlohmann::ordered_json> StatementRecords(const Document& doc);

// For a terminal: the statements as a who-said-what table (speaker, type,
// cue, content cut to fit, channel / time) when there are any; otherwise
// the structure outline, one line per sentence with tokens separated by '|'.
std::string DocumentToTable(const Document& doc);

// The JSON names of the enums (docs/schema.md lists them).
std::string_view TokenKindName(TokenKind kind);
std::string_view StatementTypeName(StatementType type);
std::string_view CueClassName(CueClass cue_class);
std::string_view SpeakerKindName(SpeakerKind kind);
// "" for Stance::kNone (written as null).
std::string_view StanceName(Stance stance);

}  // namespace hearsay::io
