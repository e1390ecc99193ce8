// What the libFuzzer targets share: an invariant check that is on in every
// build, and the read loop every reader-driven target runs.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "hearsay/reader.h"

namespace hearsay::fuzz {

// A failed invariant is a finding: say which one (the caller's file and
// line, through __builtin_FILE/__builtin_LINE: Debian's clang 14 has no
// std::source_location), then abort so that libFuzzer keeps the input.
// (assert is compiled out of the optimised fuzz builds.)
inline void Check(bool ok, const char* file = __builtin_FILE(), unsigned line = __builtin_LINE()) {
  if (ok) return;
  std::fprintf(stderr, "invariant failed: %s:%u\n", file, line);
  std::abort();
}

// Opens `bytes` with OpenReader as a file called `name`, as the CLI reads a
// file, and calls on_document(doc) for each document. Record errors are
// skipped as the CLI skips them; any other error ends the input. Every error
// must carry a message, and OpenReader must accept an in-memory stream. Stops
// after 10,000 reads so that each input stays fast.
template <typename OnDocument>
void ReadAll(const std::uint8_t* bytes, std::size_t size, const std::string& name,
             const ReaderOptions& options, OnDocument&& on_document) {
  std::FILE* stream = fmemopen(const_cast<std::uint8_t*>(bytes), size, "rb");
  if (stream == nullptr) return;  // fmemopen refuses empty buffers on some libcs
  auto reader = OpenReader(stream, name, options);
  Check(reader.ok());
  Document doc;
  for (int reads = 0; reads < 10000; ++reads) {
    bool end = false;
    const Status status = reader.value()->Next(&doc, &end);
    if (!status.ok()) {
      Check(!status.message().empty());
      if (IsRecordError(status)) continue;
      break;
    }
    if (end) break;
    on_document(doc);
  }
  std::fclose(stream);
}

}  // namespace hearsay::fuzz
