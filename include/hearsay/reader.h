// Readers turn input files into Documents.
//
// Formats: plain text (one document per file; paragraphs separated by blank
// lines); JSON Lines (one article per line with "text" and optional "id",
// "url", "source", "published", "title", "authors" (an array of strings, or
// one string), "language"; other fields are kept and passed through to the
// output); JSON (a .json file holding one such article object, or an array
// of them); in both JSON formats a field's absent key may be given by an
// alias: "content_original" for "text", "ID" for "id", "date" for
// "published" (the article-bias corpus layout); HTML (one page per file,
// its article extracted: main text and metadata); WARC (.warc, .warc.gz: every HTML response record,
// extracted). docs/input.md describes HTML and WARC reading; src/warc/warc_reader.h and
// src/html/article_extractor.h state their contracts.
//
// Input is checked, never trusted:
//   * UTF-8 is decoded strictly: invalid bytes are an error naming the file,
//     line and byte offset, unless `lenient_utf8` asks to replace them with
//     U+FFFD (counted in replaced_bytes()).
//   * A leading byte-order mark is dropped; everything else is kept byte for
//     byte, so offsets index the text as read.
//   * Memory is bounded: a document (a text file, or one JSONL line) longer
//     than `max_document_bytes` is refused without being held in memory; a
//     file containing NUL bytes is refused as binary.
//
// Thread safety: a reader is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "hearsay/document.h"
#include "hearsay/status.h"

namespace hearsay {

enum class InputFormat { kAuto, kText, kJsonl, kJson, kHtml, kWarc };

// "auto", "text", "jsonl", "json", "html", "warc" → format; anything else
// is kInvalidArgument.
Result<InputFormat> ParseInputFormat(std::string_view name);

struct ReaderOptions {
  // auto: by extension (.jsonl/.ndjson JSONL; .json JSON; .html/.htm/.xhtml, also .gz,
  // HTML; .warc/.warc.gz/.arc WARC; anything else text); stdin is sniffed
  // (gzip or "WARC/" → WARC, "<" → HTML, "{" → JSONL, else text).
  InputFormat format = InputFormat::kAuto;
  bool lenient_utf8 = false;
  std::size_t max_document_bytes = std::size_t{64} << 20;
};

// The format auto-detection picks for a file name (kText when the extension
// says nothing).
InputFormat FormatForFileName(std::string_view path);
// Whether a directory walk should read this file: .txt, .json, .jsonl,
// .ndjson, .html, .htm, .xhtml, .html.gz, .htm.gz, .warc, .warc.gz.
bool IsInputFileName(std::string_view path);

// True for errors that skip one record and leave the reader usable
// (kMalformedRecord, kInvalidUtf8 and kTooLarge from a JSONL line or a WARC
// record).
bool IsRecordError(const Status& status);

class DocumentReader {
 public:
  virtual ~DocumentReader() = default;

  // Reads the next document into *doc (replacing its contents):
  //   OK and *end == false: *doc holds the next document;
  //   OK and *end == true: the input is exhausted;
  //   a record error (IsRecordError): one record was skipped, its place is in
  //     the message; call Next again for the rest;
  //   any other error: the input cannot be read further; Next then ends.
  virtual Status Next(Document* doc, bool* end) = 0;

  // The input's name as given ("-" is shown as "<stdin>").
  const std::string& name() const { return name_; }
  // Invalid UTF-8 sequences replaced so far (lenient mode).
  std::size_t replaced_sequences() const { return replaced_; }

 protected:
  explicit DocumentReader(std::string name) : name_(std::move(name)) {}
  std::string name_;
  std::size_t replaced_ = 0;
};

// Parses single JSON Lines records by the JSONL reader's rules (which uses
// it): the UTF-8 checks of ReaderOptions, "text" required, the known
// metadata fields as strings (an integer "id" is kept as its digits), other
// fields kept as extra_json, a leading byte-order mark dropped. For callers
// that frame records themselves, such as the CLI's streaming mode, which
// must answer every input line.
//
// Parse takes one line without its '\n' (and without a trailing '\r');
// `where` ("<stdin>:12") prefixes every message and becomes the id of a
// record that has none; `offset` is the line's byte offset in its input, for
// messages. Errors: kInvalidUtf8 and kMalformedRecord (record errors), or
// kBinaryInput for a raw NUL byte (which ends a JSONL file as binary); *doc
// is then unchanged.
//
// Thread safety: one thread at a time (it reuses its buffers between records).
class JsonlRecordParser {
 public:
  explicit JsonlRecordParser(const ReaderOptions& options);
  ~JsonlRecordParser();
  JsonlRecordParser(JsonlRecordParser&&) noexcept;

  Status Parse(std::string_view line, const std::string& where, std::size_t offset, Document* doc);
  // Invalid UTF-8 sequences replaced so far (lenient mode).
  std::size_t replaced_sequences() const { return replaced_; }

 private:
  struct Impl;
  ReaderOptions options_;
  std::size_t replaced_ = 0;
  std::unique_ptr<Impl> impl_;
};

// Opens `path` ("-" for standard input). Fails with kNotFound/kIoError when
// the file cannot be opened.
Result<std::unique_ptr<DocumentReader>> OpenReader(const std::string& path, const ReaderOptions& options);

// Reads an already open stream (not closed by the reader); `name` is used in
// messages and as the id of a plain-text document. InputFormat::kAuto sniffs
// the first bytes, as for standard input.
Result<std::unique_ptr<DocumentReader>> OpenReader(std::FILE* stream, const std::string& name,
                                                   const ReaderOptions& options);

}  // namespace hearsay
