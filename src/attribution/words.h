// Small word tests shared by the attribution rules.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

namespace hearsay::attribution {

// Whether `w` is one of `set` (exact, case-sensitive).
inline bool IsIn(std::string_view w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

// A copy of `s` with ASCII capitals lowered; other bytes unchanged (the
// lexicons it is compared with are ASCII).
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace hearsay::attribution
