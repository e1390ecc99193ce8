// Collapsed word shapes, a feature of the entity recogniser and the cue
// detector: "McDonald" → "XxXx", "U.S." → "X.X.", "PENCE" → "X",
// "1,000" → "d,d"; non-ASCII letters are "u"; at most 16 characters.
#pragma once

#include <cstdint>
#include <string_view>

namespace hearsay::nlp {

// The hash (HashString) of the collapsed shape of `word`.
std::uint64_t CollapsedShapeId(std::string_view word);

}  // namespace hearsay::nlp
