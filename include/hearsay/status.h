// Status and Result<T>: how every fallible call in libhearsay reports failure.
//
// The library never throws across its public API and never calls exit(): a
// call that can fail returns a Status (or a Result<T> holding either a value
// or a non-OK Status) and the caller decides what the failure means. Codes
// are numbered and stable; docs/errors.md lists them, and the CLI prints
// them as "E<code>" so users can grep for them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace hearsay {

enum class StatusCode : std::uint8_t {
  kOk = 0,
  kInvalidArgument = 1,      // a caller passed something unusable (bad option, bad config)
  kNotFound = 2,             // a named file, component or field does not exist
  kIoError = 3,              // the operating system refused a read or write
  kInvalidUtf8 = 4,          // input bytes are not UTF-8 (strict mode)
  kMalformedRecord = 5,      // one input record (e.g. a JSONL line) cannot be parsed
  kTooLarge = 6,             // input exceeds a configured size limit
  kBinaryInput = 7,          // input looks like a binary file, not text
  kCorruptModel = 8,         // a model file fails its checks
  kVersionMismatch = 9,      // a file of a format version this build does not read
  kFailedPrecondition = 10,  // e.g. a pipeline whose components are misordered
  kInternal = 11,            // a bug in hearsay; please report it
};

// Short stable name of a code, e.g. "invalid-utf8".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // Human-readable, names the file and place where there is one.
  const std::string& message() const { return message_; }
  // "E4 invalid-utf8: file.txt:3: byte 17: ..." (or "OK").
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a T or a non-OK Status. Accessing value() of an error is a bug
// (checked by assert in debug builds).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {}  // NOLINT: must be non-OK

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace hearsay

// Returns early from the enclosing function when `expr` yields a non-OK Status.
#define HEARSAY_RETURN_IF_ERROR(expr)                  \
  do {                                                 \
    ::hearsay::Status hearsay_status_ = (expr);        \
    if (!hearsay_status_.ok()) return hearsay_status_; \
  } while (0)
