// The JSON API of `hearsay serve` (docs/api.md), as a function from a GET
// request (path and query parameters) to a response, over one read-only
// store connection. No HTTP here: src/serve/server.h puts it behind
// cpp-httplib, and tests can call it directly.
//
//   auto store = store::Store::Open("news.db", store::OpenMode::kReadOnly);
//   ApiResponse r = HandleApiRequest(**store, "/api/speakers/3", {{"limit", "20"}}, ApiLimits{});
//   // r.status == 200, r.body == {"speaker": {...}, "statements": [...], ...}
//
// Safety contract, kept by every route:
//   * read-only: the store must be opened with OpenMode::kReadOnly (the
//     server does); every SQL statement is prepared and parameterised;
//   * bad parameters (unknown name, repeated name, not a number, out of
//     range, too long, malformed full-text query or date) answer 400 with
//     {"error": "..."} naming the parameter; an unknown path or id answers
//     404 with {"error": "..."};
//   * `limit` is capped at ApiLimits::max_limit, `offset` at max_offset, and
//     a document's text at max_text_bytes (413 above it);
//   * each request's SQL is interrupted after ApiLimits::query_ms (503 with
//     {"error": "..."}), through SQLite's progress handler on the connection;
//   * JSON is written with invalid UTF-8 replaced, so no stored text can make
//     the response fail.
// Thread safety: one call per Store at a time (a Store is one connection).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/store.h"

namespace hearsay::serve {

struct ApiLimits {
  int default_limit = 50;
  int max_limit = 200;
  int max_offset = 100000;
  std::size_t max_param_bytes = 1000;
  std::size_t max_text_bytes = std::size_t{4} << 20;
  int query_ms = 2000;
  // Statements on a speaker's page when the request gives no `limit` (other
  // lists: default_limit).
  int speaker_statements = 20;
};

struct ApiResponse {
  int status = 200;
  std::string body;  // JSON
};

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Answers one GET request whose path starts with "/api/".
ApiResponse HandleApiRequest(store::Store& store, std::string_view path, const QueryParams& params,
                             const ApiLimits& limits);

// {"error": message} with invalid UTF-8 replaced.
std::string ErrorBody(std::string_view message);

}  // namespace hearsay::serve
