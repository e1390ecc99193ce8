// Readers turn input files into Documents.
//
// Formats: plain text (one document per file; paragraphs separated by blank
// lines), JSON Lines (one article per line with "text" and optional "id",
// "url", "source", "published", "title", "language"; other fields are kept
// and passed through to the output) and JSON (a .json file holding one such
// article object, or an array of them). In both JSON formats a field's
// absent key may be given by an alias: "content_original" for "text", "ID"
// for "id", "date" for "published" (the article-bias corpus layout). HTML and
// WARC readers will implement the same DocumentReader interface.
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

#include "hearsay/document.h"
#include "hearsay/status.h"

namespace hearsay {

enum class InputFormat { kAuto, kText, kJsonl, kJson };

// "auto", "text", "jsonl", "json" → format; anything else is kInvalidArgument.
Result<InputFormat> ParseInputFormat(std::string_view name);

struct ReaderOptions {
  InputFormat format = InputFormat::kAuto;  // auto: .jsonl/.ndjson are JSONL, .json JSON; stdin is sniffed
  bool lenient_utf8 = false;
  std::size_t max_document_bytes = std::size_t{64} << 20;
};

// True for errors that skip one record and leave the reader usable
// (kMalformedRecord, kInvalidUtf8 and kTooLarge from a JSONL line).
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

// Opens `path` ("-" for standard input). Fails with kNotFound/kIoError when
// the file cannot be opened.
Result<std::unique_ptr<DocumentReader>> OpenReader(const std::string& path, const ReaderOptions& options);

// Reads an already open stream (not closed by the reader); `name` is used in
// messages and as the id of a plain-text document. InputFormat::kAuto sniffs
// the first bytes, as for standard input.
Result<std::unique_ptr<DocumentReader>> OpenReader(std::FILE* stream, const std::string& name,
                                                   const ReaderOptions& options);

}  // namespace hearsay
