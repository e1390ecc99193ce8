// Small word tests shared by the attribution rules.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

#include "text/ascii.h"

namespace hearsay::attribution {

// Whether `w` is one of `set` (exact, case-sensitive).
inline bool IsIn(std::string_view w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

// The lexicons words are compared with are ASCII.
using text::AsciiLower;

}  // namespace hearsay::attribution
