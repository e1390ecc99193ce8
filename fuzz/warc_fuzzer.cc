// libFuzzer target: the WARC reader (record headers, HTTP responses,
// chunked transfer coding, gzip members and Content-Encoding, resyncing after
// garbage) and the HTML reader, through OpenReader on an in-memory stream.
//
// The first byte picks the format (WARC or HTML) and a small document limit
// or the default; the rest is the file. Every record error must leave the
// reader usable, every document must be valid UTF-8, and the reader must end.
#include <cstdint>

#include "fuzz_util.h"
#include "text/utf8.h"

using hearsay::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t mode = data[0];
  hearsay::ReaderOptions options;
  options.format = (mode & 1) ? hearsay::InputFormat::kHtml : hearsay::InputFormat::kWarc;
  if (mode & 2) options.max_document_bytes = 512;
  hearsay::fuzz::ReadAll(data + 1, size - 1, "fuzz", options, [](const hearsay::Document& doc) {
    Check(hearsay::utf8::FindInvalid(doc.text()) == hearsay::utf8::kValid);
    Check(!doc.text().empty());
    Check(!doc.metadata().id.empty());
  });
  return 0;
}
