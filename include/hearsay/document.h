// Document: the one object every stage of hearsay reads and fills.
//
// A Document owns the article's text (valid UTF-8, exactly as read, minus a
// leading byte-order mark) and its metadata. Everything found in the text is
// stored as offsets into it:
//   * tokens: a struct of arrays, one entry per token in each column
//     (begin/end bytes, normalised form, kind, flags, and the annotation
//     columns tagger, parser and entity recogniser fill later);
//   * span layers: paragraphs and sentences as ranges of token indices.
// Token, Sentence and Paragraph views are cheap (a pointer and an index)
// and never copy text. Every span reproduces its text exactly:
// text().substr(begin, end - begin).
//
// Offsets inside the library are byte offsets. JSON output converts them to
// Unicode code points (see docs/document-json.md), which is what Python's
// and JavaScript's string slicing expect.
//
// Thread safety: a Document is a plain value; one thread fills it at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hearsay/string_store.h"

namespace hearsay {

// Byte range [begin, end) into Document::text().
struct ByteSpan {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t size() const { return end - begin; }
  bool operator==(const ByteSpan&) const = default;
};

// Token index range [first, last).
struct TokenRange {
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  std::uint32_t size() const { return last - first; }
  bool empty() const { return first == last; }
  bool operator==(const TokenRange&) const = default;
};

struct DocumentMetadata {
  std::string id;
  std::string url;
  std::string source;     // outlet, e.g. "Reuters"
  std::string published;  // date-time as given (ISO 8601 expected), "" if unknown
  std::string title;
  std::string language = "en";
  // Input fields hearsay does not know, as a serialised JSON object ("" when
  // none); passed through to the output unchanged.
  std::string extra_json;
};

// What the tokenizer recognised a token as. Stored per token; features and
// the sentence splitter use it instead of re-inspecting bytes.
enum class TokenKind : std::uint8_t {
  kWord = 0,
  kNumber,    // 1,000.50  3.5  1990  5bn is kWord+kNumber split: "5" "bn"
  kPunct,     // . , ; : ! ? ( ) [ ] and the like
  kQuote,     // every kind of quotation mark, straight or curly
  kDash,      // - – — ― and "--"
  kEllipsis,  // ... and …
  kSymbol,    // $ % & + = # @ © and other symbols
  kUrl,       // https://…, www.…, example.com/path
  kEmail,
  kHandle,        // @name
  kHashtag,       // #tag
  kAbbreviation,  // U.S. Mr. Jan. Inc. and initials such as "J."
  kClitic,        // n't 's 're 'll 've 'm 'd and the na/ta of gonna/gotta
};

// Per-token bit flags.
enum TokenFlag : std::uint8_t {
  kSpaceAfter = 1 << 0,      // whitespace follows the token in the text
  kNewlineBefore = 1 << 1,   // a line break precedes the token
  kParagraphStart = 1 << 2,  // first token of a paragraph
  kNormDiffers = 1 << 3,     // the norm is not the token's text (it is in strings())
};

// The columns of a Document a pipeline component can require or assign.
enum Column : std::uint32_t {
  kColTokens = 1u << 0,  // begin, end, norm, kind, flags
  kColParagraphs = 1u << 1,
  kColSentences = 1u << 2,
  kColUpos = 1u << 3,
  kColXpos = 1u << 4,
  kColLemma = 1u << 5,
  kColHead = 1u << 6,  // with deprel
  kColEntities = 1u << 7,
  kColQuotations = 1u << 8,
};
using ColumnSet = std::uint32_t;
// "tokens,sentences" for messages.
std::string ColumnSetName(ColumnSet columns);

// Labels of the annotation columns are small integers into a label table
// shared with the model that assigned them (LabelNames); kNoLabel marks "not
// assigned". Sharing the model's immutable table costs one pointer per
// document and keeps the Document self-describing after the model is gone.
inline constexpr std::uint16_t kNoLabel = 0xFFFF;
inline constexpr std::int32_t kNoHead = -1;
using LabelNames = std::shared_ptr<const std::vector<std::string>>;

// A quotation: the tokens between a pair of quotation marks.
struct Quotation {
  TokenRange content;           // strictly inside the marks; may be empty
  std::int32_t open = -1;       // token of the opening mark; -1 if it is missing
  std::int32_t close = -1;      // token of the closing mark; -1 if the quote is left open
  std::int32_t continues = -1;  // index in Document::quotations of the quote (in the
                                // previous paragraph) this one continues, or -1
  std::uint8_t depth = 0;       // 0 outermost; 1 nested inside another quotation
};

// A named-entity mention: a token range and its type (an index into
// Document::entity_type_names).
struct EntityMention {
  TokenRange tokens;
  std::uint16_t type = kNoLabel;
};

// A paragraph: never empty; its text is CharsOf(tokens).
struct Paragraph {
  TokenRange tokens;
};

class Document {
 public:
  Document() = default;
  Document(std::string text, DocumentMetadata metadata)
      : text_(std::move(text)), metadata_(std::move(metadata)) {}

  const std::string& text() const { return text_; }
  std::string_view text(ByteSpan span) const {
    return std::string_view(text_).substr(span.begin, span.size());
  }
  const DocumentMetadata& metadata() const { return metadata_; }
  DocumentMetadata& mutable_metadata() { return metadata_; }
  StringStore& strings() { return strings_; }
  const StringStore& strings() const { return strings_; }

  // ---- token columns (struct of arrays; all the same length) ----
  std::uint32_t num_tokens() const { return static_cast<std::uint32_t>(token_begin.size()); }
  ByteSpan token_span(std::uint32_t i) const { return {token_begin[i], token_end[i]}; }
  std::string_view token_text(std::uint32_t i) const { return text(token_span(i)); }
  std::string_view token_norm(std::uint32_t i) const {
    return (token_flags[i] & kNormDiffers) ? strings_.Lookup(token_norm_id[i]) : token_text(i);
  }

  // Appends a token whose norm is its own text (most tokens: no copy is made).
  void AddToken(ByteSpan span, TokenKind kind, std::uint8_t flags);
  // Appends a token whose norm differs from its text; the norm is interned.
  void AddToken(ByteSpan span, std::string_view norm, TokenKind kind, std::uint8_t flags);
  // Removes every token and span layer (the text and metadata stay).
  void ClearAnnotations();
  // Gives every annotation column num_tokens() entries (kNoLabel/kNoHead).
  // The columns stay empty until a component that fills them calls this.
  void ResizeAnnotationColumns();

  std::vector<std::uint32_t> token_begin;
  std::vector<std::uint32_t> token_end;
  std::vector<StringId> token_norm_id;  // NFC, invisibles removed, ’ → '
  std::vector<TokenKind> token_kind;
  std::vector<std::uint8_t> token_flags;
  // Filled by later stages (tagger, lemmatizer, parser, entity recogniser).
  std::vector<std::uint16_t> upos;
  std::vector<std::uint16_t> xpos;
  std::vector<StringId> lemma;
  std::vector<std::int32_t> head;  // token index of the head, kNoHead for the root
  std::vector<std::uint16_t> deprel;
  std::vector<std::uint16_t> entity;  // BILOU label id
  // The names behind upos, xpos, deprel and entity ids; null until assigned.
  LabelNames upos_names, xpos_names, deprel_names, entity_names;
  // "" for kNoLabel or a missing table.
  static std::string_view LabelName(const LabelNames& names, std::uint16_t id) {
    return (names && id < names->size()) ? std::string_view((*names)[id]) : std::string_view();
  }

  // ---- span layers ----
  std::vector<Paragraph> paragraphs;
  std::vector<TokenRange> sentences;
  std::vector<EntityMention> entities;
  LabelNames entity_type_names;
  std::vector<Quotation> quotations;

  // Byte span covered by a token range (empty span at 0 for an empty range).
  ByteSpan CharsOf(TokenRange range) const;

  // Columns filled so far; the pipeline checks requirements against this.
  ColumnSet filled_columns = 0;

 private:
  std::string text_;
  DocumentMetadata metadata_;
  StringStore strings_;
};

}  // namespace hearsay
