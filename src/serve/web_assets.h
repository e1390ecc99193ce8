// The web interface's files (web/ and the npm libraries it bundles), embedded
// into the binary at build time by cmake/EmbedWebAssets.cmake, so that
// `hearsay serve` needs no files beside it and no build step at run time.
#pragma once

#include <span>
#include <string_view>

namespace hearsay::serve {

struct WebAsset {
  std::string_view path;          // URL path, e.g. "/app.js"; "/" is index.html
  std::string_view content_type;  // e.g. "text/javascript; charset=utf-8"
  std::string_view body;
};

// Every embedded file (a handful).
std::span<const WebAsset> WebAssets();

}  // namespace hearsay::serve
