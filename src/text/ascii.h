// ASCII case folding for protocol and markup tokens (HTTP and WARC header
// names, charset labels, file extensions) and for the ASCII word lists of the
// attribution rules. Bytes outside A-Z, UTF-8 included, pass unchanged.
#pragma once

#include <string>
#include <string_view>

namespace hearsay::text {

// A copy of `s` with ASCII capitals lowered.
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace hearsay::text
