// Cue lexicon: the verbs (by lemma) that introduce reported content, what
// kind of act each reports, and how its content is attached.
//
// The lexicon is ours, written from the news conventions the attribution
// stage targets (docs/attribution.md lists it); it is an immutable static
// table, looked up by lemma.
#pragma once

#include <string_view>

#include "hearsay/document.h"

namespace hearsay::attribution {

// How a cue's content is found in the parse.
enum class CueFrame : std::uint8_t {
  // "said (that) X", "X, she said": the clausal complement (ccomp) or the
  // clause the cue interrupts.
  kClause = 0,
  // "accused the organization of X", "urged them to X", "cited the report to
  // support X": everything the verb governs to its right (object + clause);
  // a clausal complement is taken when there is one.
  kObjectAndClause,
};

struct CueInfo {
  CueClass cue_class = CueClass::kSpeech;
  CueFrame frame = CueFrame::kClause;
  // Belief and perception verbs ("know", "find", "show") introduce reported
  // content only with a clausal complement; they never pair with a bare
  // quotation.
  bool needs_clause = false;
};

// The cue entry of a lemma (lower case), or nullptr when it is not a cue.
const CueInfo* LookupCue(std::string_view lemma);

}  // namespace hearsay::attribution
