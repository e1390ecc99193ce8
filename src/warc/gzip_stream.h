// Reading plain or gzip-compressed input as one stream of bytes.
//
// GzipAwareStream reads a FILE* and, when the first two bytes are gzip's
// magic (1f 8b), inflates it: every gzip member in turn (WARC.gz files hold
// one member per record, or the whole file as one member, or anything in
// between), so callers see the concatenation. Memory is a fixed 64 KB input
// buffer plus zlib's state. Corrupt or truncated compressed data is an error
// naming the file and the compressed byte offset; nothing is guessed.
//
// Gunzip decompresses a whole buffer (an .html.gz page, an HTTP body with
// Content-Encoding gzip or deflate) up to a size limit.
//
// Thread safety: a stream is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include <zlib.h>

#include "hearsay/status.h"

namespace hearsay::warc {

inline bool LooksGzipped(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

class GzipAwareStream {
 public:
  // Does not take ownership of `file` unless `owned`; `name` is for messages.
  // `prefix` holds bytes already read from `file` that come first.
  GzipAwareStream(std::FILE* file, bool owned, std::string name, std::string prefix = "");
  ~GzipAwareStream();
  GzipAwareStream(const GzipAwareStream&) = delete;
  GzipAwareStream& operator=(const GzipAwareStream&) = delete;

  // Reads up to `size` bytes into `data`; *got == 0 means end of input.
  Status Read(char* data, std::size_t size, std::size_t* got);

  bool compressed() const { return compressed_; }
  // Bytes of the underlying file consumed so far (compressed offset).
  std::uint64_t file_offset() const { return file_offset_; }

 private:
  Status Fill();

  std::FILE* file_;
  bool owned_;
  std::string name_;
  std::string prefix_;
  bool started_ = false;
  bool compressed_ = false;
  bool file_eof_ = false;
  bool member_done_ = false;  // the last inflate ended a member
  bool z_ready_ = false;
  z_stream z_{};
  unsigned char in_[1 << 16];
  std::uint64_t file_offset_ = 0;
};

// Inflates gzip (or, with `zlib_or_raw_deflate`, zlib / raw deflate as HTTP's
// "deflate" may be either) data into *out. More than `limit` bytes of output
// is kTooLarge; corrupt data is kMalformedRecord; `what` names the input in
// messages.
Status Gunzip(std::string_view compressed, std::size_t limit, bool zlib_or_raw_deflate,
              const std::string& what, std::string* out);

}  // namespace hearsay::warc
