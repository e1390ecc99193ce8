// `hearsay serve`: the JSON API (serve/api.h) and the web interface (web/,
// embedded at build time: serve/web_assets.h) over HTTP, with cpp-httplib.
//
//   ServerOptions options;
//   options.db = "news.db";
//   Status s = RunServer(options, [](const std::string& url) { std::cerr << url; });
//
// Safe by default: binds 127.0.0.1; only GET and HEAD (other methods 405);
// request bodies over max_request_bytes 413, request lines and headers over
// 8 KB 414/431-class errors from cpp-httplib; every answer is JSON or an
// embedded asset; the API's own limits are in ApiLimits. Store connections
// are read-only (OpenMode::kReadOnly, query_only) and pooled: at most
// store_connections, opened on first need and reused; a request waits for a
// free one, first come first served (its wait counts in its latency, not in
// ApiLimits::query_ms). Successful API answers are cached (cache_mb) and
// carry `X-Cache: hit` or `miss`; an ingest into the served store is seen
// within about cache_check_ms.
#pragma once

#include <functional>
#include <string>

#include "hearsay/status.h"
#include "serve/api.h"

namespace hearsay::serve {

struct ServerOptions {
  std::string db;
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 = any free port (the URL passed to on_listening has it)
  // Server threads: a keep-alive connection holds one while it is open, so
  // this is also the number of clients served at once.
  int threads = 64;
  // Requests whose SQL runs at once (each on its own read-only connection):
  // about the number of cores, since a request is CPU-bound.
  int store_connections = 4;
  // Response cache (serve/response_cache.h): at most this many MB of API
  // answers (0 disables it), dropped when the store changes, which is
  // checked at most every cache_check_ms.
  int cache_mb = 64;
  int cache_check_ms = 250;
  std::size_t max_request_bytes = 8192;
  ApiLimits api;
};

// Opens the store (failing early with its Status: kNotFound,
// kVersionMismatch, ...), binds, calls on_listening("http://host:port/") and
// serves until SIGINT or SIGTERM, then returns Ok. kIoError when the address
// cannot be bound.
Status RunServer(const ServerOptions& options,
                 const std::function<void(const std::string& url)>& on_listening);

}  // namespace hearsay::serve
