// Readers for web input: WARC archives and single HTML pages, as
// DocumentReaders (include/hearsay/reader.h), so every command that opens
// input through OpenReader reads them.
//
// WARC (.warc, .warc.gz; WARC/1.0 and 1.1). The file is streamed record by
// record; a .warc.gz may hold one gzip member per record (the usual layout,
// Common Crawl's CC-NEWS) or be one stream. Per record:
//   * warcinfo, request, metadata, revisit, ... records are not documents and
//     are passed over silently;
//   * a response record must hold an HTTP response: its status line and
//     headers are parsed, a chunked body is de-chunked (a body whose chunks do
//     not parse is taken as it is, as browsers and warcio do), a body with
//     Content-Encoding gzip or deflate is inflated;
//   * a resource record is a payload with the record's own Content-Type;
//   * the payload must be HTML (Content-Type text/html or
//     application/xhtml+xml; without a Content-Type, a body that starts like
//     HTML); its charset comes from the HTTP header or the page
//     (html/charset.h); the article is extracted (html/article_extractor.h).
// Each record that cannot become a document is a record error
// (IsRecordError: kMalformedRecord or kTooLarge) whose message names the file,
// the record number and its byte offset (in the uncompressed stream) and the
// reason: HTTP status other than 200, not HTML, no main text, a record larger
// than max_document_bytes (passed over without being held in memory), bad
// headers. After a record header that does not parse, the reader looks for
// the next "WARC/1." line. A file that ends inside a record, or gzip data
// that is corrupt, is reported the same way (the record is lost) and then the
// reader ends, since nothing after it can be trusted. An ARC file is refused
// with kInvalidArgument (convert it to WARC).
//
// A document's metadata: id = WARC-Record-ID (without <>), url = the page's
// canonical URL, else WARC-Target-URI (without <> wrappers); title, source
// (outlet), published (ISO 8601), authors and language from the page; the
// WARC-Date goes to extra as "crawl_date" (when the page was fetched, not
// when it was published).
//
// HTML (.html, .htm, .xhtml, optionally gzip-compressed): one page, one
// document; id = the file name, url = the canonical URL.
//
// Thread safety: a reader is used by one thread at a time.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "hearsay/reader.h"

namespace hearsay::warc {

// `prefix` holds bytes already read from `file` (format sniffing) that come
// before the rest of it. The reader closes `file` when `owned`.
std::unique_ptr<DocumentReader> NewWarcReader(std::string name, std::FILE* file, bool owned,
                                              std::string prefix, const ReaderOptions& options);
std::unique_ptr<DocumentReader> NewHtmlReader(std::string name, std::FILE* file, bool owned,
                                              std::string prefix, const ReaderOptions& options);

}  // namespace hearsay::warc
