#include "hearsay/status.h"

namespace hearsay {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid-argument";
    case StatusCode::kNotFound: return "not-found";
    case StatusCode::kIoError: return "io-error";
    case StatusCode::kInvalidUtf8: return "invalid-utf8";
    case StatusCode::kMalformedRecord: return "malformed-record";
    case StatusCode::kTooLarge: return "too-large";
    case StatusCode::kBinaryInput: return "binary-input";
    case StatusCode::kCorruptModel: return "corrupt-model";
    case StatusCode::kVersionMismatch: return "version-mismatch";
    case StatusCode::kFailedPrecondition: return "failed-precondition";
    case StatusCode::kInternal: return "internal";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = "E";
  out += std::to_string(static_cast<int>(code_));
  out += ' ';
  out += StatusCodeName(code_);
  out += ": ";
  out += message_;
  return out;
}

}  // namespace hearsay
