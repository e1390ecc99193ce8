// Document → JSON (the CLI's and, later, every binding's output format).
//
// Offsets in the JSON are Unicode code points into "text", end exclusive,
// so that Python's text[start:end] and JavaScript's Array.from(text)
// slicing return the span. docs/document-json.md describes every field.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "hearsay/document.h"

namespace hearsay::io {

inline constexpr std::string_view kDocumentSchemaVersion = "0.1.0";

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

nlohmann::ordered_json DocumentToJson(const Document& doc);

// A human-readable outline: one line per sentence, tokens separated by '|'.
std::string DocumentToTable(const Document& doc);

std::string_view TokenKindName(TokenKind kind);

}  // namespace hearsay::io
