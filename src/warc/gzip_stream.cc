#include "warc/gzip_stream.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace hearsay::warc {

GzipAwareStream::GzipAwareStream(std::FILE* file, bool owned, std::string name, std::string prefix)
    : file_(file), owned_(owned), name_(std::move(name)), prefix_(std::move(prefix)) {}

GzipAwareStream::~GzipAwareStream() {
  if (z_ready_) inflateEnd(&z_);
  if (owned_ && file_) std::fclose(file_);
}

Status GzipAwareStream::Fill() {
  std::size_t n = std::min(prefix_.size(), sizeof in_);
  std::memcpy(in_, prefix_.data(), n);
  prefix_.erase(0, n);
  if (n < sizeof in_) n += std::fread(in_ + n, 1, sizeof in_ - n, file_);
  if (n == 0) {
    if (std::ferror(file_))
      return Status(StatusCode::kIoError, name_ + ": read error: " + std::strerror(errno));
    file_eof_ = true;
  }
  file_offset_ += n;
  z_.next_in = in_;
  z_.avail_in = static_cast<uInt>(n);
  return Status::Ok();
}

Status GzipAwareStream::Read(char* data, std::size_t size, std::size_t* got) {
  *got = 0;
  if (!started_) {
    started_ = true;
    HEARSAY_RETURN_IF_ERROR(Fill());
    compressed_ = LooksGzipped(std::string_view(reinterpret_cast<const char*>(in_), z_.avail_in));
    if (compressed_) {
      if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK)
        return Status(StatusCode::kInternal, name_ + ": cannot initialise zlib");
      z_ready_ = true;
    }
  }
  if (!compressed_) {
    // Serve what is buffered first, then read straight from the file.
    if (z_.avail_in > 0) {
      const std::size_t take = std::min<std::size_t>(size, z_.avail_in);
      std::memcpy(data, z_.next_in, take);
      z_.next_in += take;
      z_.avail_in -= static_cast<uInt>(take);
      *got = take;
      return Status::Ok();
    }
    if (file_eof_) return Status::Ok();
    if (!prefix_.empty()) {
      HEARSAY_RETURN_IF_ERROR(Fill());
      return Read(data, size, got);
    }
    const std::size_t n = std::fread(data, 1, size, file_);
    if (n == 0 && std::ferror(file_))
      return Status(StatusCode::kIoError, name_ + ": read error: " + std::strerror(errno));
    if (n == 0) file_eof_ = true;
    file_offset_ += n;
    *got = n;
    return Status::Ok();
  }
  while (*got == 0) {
    if (z_.avail_in == 0) {
      if (file_eof_) break;
      HEARSAY_RETURN_IF_ERROR(Fill());
      if (z_.avail_in == 0) break;
    }
    if (member_done_) {
      // More bytes after a complete member: another member must follow.
      if (!LooksGzipped(std::string_view(reinterpret_cast<const char*>(z_.next_in), z_.avail_in)) &&
          !(z_.avail_in == 1 && static_cast<unsigned char>(z_.next_in[0]) == 0x1f)) {
        // Trailing NUL padding after the last member is common; ignore it.
        bool all_zero = true;
        for (uInt i = 0; i < z_.avail_in; ++i) all_zero = all_zero && z_.next_in[i] == 0;
        if (all_zero) {
          z_.avail_in = 0;
          continue;
        }
        return Status(StatusCode::kMalformedRecord,
                      name_ + ": bytes after a gzip member at compressed byte offset " +
                          std::to_string(file_offset_ - z_.avail_in) + " are not gzip data");
      }
      inflateReset(&z_);
      member_done_ = false;
    }
    z_.next_out = reinterpret_cast<Bytef*>(data);
    z_.avail_out = static_cast<uInt>(size);
    const int r = inflate(&z_, Z_NO_FLUSH);
    *got = size - z_.avail_out;
    if (r == Z_STREAM_END) {
      member_done_ = true;
    } else if (r != Z_OK && r != Z_BUF_ERROR) {
      return Status(StatusCode::kMalformedRecord, name_ + ": corrupt gzip data near compressed byte offset " +
                                                      std::to_string(file_offset_ - z_.avail_in) + " (" +
                                                      (z_.msg ? z_.msg : "zlib error") + ")");
    }
  }
  if (*got == 0 && !member_done_ && file_eof_) {
    return Status(StatusCode::kMalformedRecord,
                  name_ + ": truncated gzip data (the file ends inside a compressed member at byte offset " +
                      std::to_string(file_offset_) + ")");
  }
  return Status::Ok();
}

Status Gunzip(std::string_view compressed, std::size_t limit, bool zlib_or_raw_deflate,
              const std::string& what, std::string* out) {
  out->clear();
  auto attempt = [&](int window_bits) -> Status {
    out->clear();
    z_stream z{};
    if (inflateInit2(&z, window_bits) != Z_OK)
      return Status(StatusCode::kInternal, what + ": cannot initialise zlib");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    z.avail_in = static_cast<uInt>(compressed.size());
    char buffer[1 << 15];
    int r = Z_OK;
    while (true) {
      z.next_out = reinterpret_cast<Bytef*>(buffer);
      z.avail_out = sizeof buffer;
      r = inflate(&z, Z_NO_FLUSH);
      const std::size_t produced = sizeof buffer - z.avail_out;
      if (out->size() + produced > limit) {
        inflateEnd(&z);
        return Status(StatusCode::kTooLarge, what + ": decompresses to more than the limit of " +
                                                 std::to_string(limit) + " bytes; refused");
      }
      out->append(buffer, produced);
      if (r == Z_STREAM_END) {
        // Concatenated gzip members (allowed by the format).
        if (z.avail_in > 0 && window_bits == 16 + MAX_WBITS &&
            LooksGzipped(std::string_view(reinterpret_cast<const char*>(z.next_in), z.avail_in))) {
          inflateReset(&z);
          continue;
        }
        break;
      }
      if (r != Z_OK && !(r == Z_BUF_ERROR && produced > 0)) {
        inflateEnd(&z);
        return Status(StatusCode::kMalformedRecord,
                      what + ": " +
                          (r == Z_BUF_ERROR ? std::string("truncated compressed data")
                                            : std::string("corrupt compressed data (") +
                                                  (z.msg ? z.msg : "zlib error") + ")"));
      }
    }
    inflateEnd(&z);
    return Status::Ok();
  };
  if (!zlib_or_raw_deflate) return attempt(16 + MAX_WBITS);
  // HTTP "deflate" is meant to be zlib-wrapped, but servers send raw deflate too.
  Status zlib = attempt(MAX_WBITS + 32);  // zlib or gzip, detected from the header
  if (zlib.ok() || zlib.code() == StatusCode::kTooLarge) return zlib;
  return attempt(-MAX_WBITS);
}

}  // namespace hearsay::warc
