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
  std::vector<std::string> authors;  // bylines, one person or organisation each; may be empty
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
  kColStatements = 1u << 9,  // statements, speakers, cited documents
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

// ---- attribution layers (docs/schema.md is the contract for their JSON) ----

// direct: the content is entirely inside quotation marks; mixed: partly;
// indirect: reported speech with no quotation marks.
enum class StatementType : std::uint8_t { kDirect = 0, kIndirect, kMixed };
// What the cue says the source did: spoke, wrote, believed/thought, or other
// (cited, showed, accused with no speech verb, ...).
enum class CueClass : std::uint8_t { kSpeech = 0, kWriting, kBelief, kOther };
// What a speaker is.
enum class SpeakerKind : std::uint8_t {
  kPerson = 0,     // a named person
  kUnnamedPerson,  // "the spokesman", "a witness"
  kOrganization,   // "Amnesty International", "the ministry"
  kGroup,          // "experts", "senior officials and diplomats"
  kPlace,          // a country or city standing for its government ("Russia said")
  kDocument,       // "a report which claimed ..."
  kUnknown,        // a pronoun or mention hearsay could not resolve
};
// How a statement relates to a cited document.
enum class Stance : std::uint8_t {
  kNone = 0,   // no cited document involved
  kSource,     // the document itself is the speaker ("the report claimed")
  kCites,      // mentions or cites it, no evaluation stated
  kEvidence,   // uses it as evidence / proof
  kSupport,    // endorses or defends it
  kCriticise,  // criticises it
  kReject,     // rejects or denies it
};

inline constexpr std::int32_t kNone = -1;

// One attribution: who (speaker) said what (content), how (cue), where
// (channel), when (time).
struct Statement {
  StatementType type = StatementType::kIndirect;
  CueClass cue_class = CueClass::kSpeech;
  TokenRange content;
  TokenRange cue;                     // empty when the speaker is carried over (continued quote)
  std::int32_t cue_particle = kNone;  // second cue token: "accused … of", "cited … as"
  TokenRange source;                  // the source mention as written ("she", "the spokesman"); may be empty
  std::int32_t speaker = kNone;       // index into Document::speakers
  std::int32_t continues = kNone;     // statement whose speaker this one carries over
  TokenRange channel;                 // "Facebook", "a press release", "social media"
  TokenRange addressee;               // "Reuters" in "told Reuters"
  TokenRange time;                    // "on Friday", "Thursday"
  std::string date;                   // time resolved to YYYY-MM-DD when the publication date is known
  std::int32_t cited_document = kNone;  // index into Document::cited_documents
  Stance stance = Stance::kNone;
  float confidence = 0.0f;  // 0..1
};

// The entity behind one or more source mentions, resolved by coreference.
struct Speaker {
  std::string name;  // canonical: the fullest proper name, else the best description
  SpeakerKind kind = SpeakerKind::kUnknown;
  std::string role;                  // "Secretary General", "spokesman"
  std::string affiliation;           // "Amnesty International"
  std::vector<TokenRange> mentions;  // every mention found, in text order
};

// A report, study, statement, letter, lawsuit ... mentioned in the text.
struct CitedDocument {
  std::string name;                  // "Amnesty International report"
  std::vector<TokenRange> mentions;  // "a report", "The document", "the AI report"
  std::string author;                // "Amnesty International" when stated
  TokenRange date;                   // "released Thursday" → Thursday
  std::string resolved_date;         // YYYY-MM-DD when the publication date is known
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
  std::vector<Statement> statements;  // in text order of their content
  std::vector<Speaker> speakers;
  std::vector<CitedDocument> cited_documents;

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
