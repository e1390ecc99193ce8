// Named-entity spans from GUM's coreference annotation: the training and
// evaluation data of the entity recogniser.
//
// GUM marks every mention (names, pronouns, common-noun phrases, nested
// mentions) in the MISC column, e.g. "Entity=(5-person-new-...-1,2-coref"
// opening mention 5 and "Entity=5)" closing it. ParseGumMentions reads them
// back as word ranges; NamedMentions keeps the named ones by the rule in
// docs/entities.md:
//   1. the mention's type is one of kEntityTypes;
//   2. its head (the first word whose syntactic head lies outside the
//      mention, or is the root) has UPOS PROPN;
//   3. the mention is trimmed: leading det/det:predet dependents before the
//      head are dropped; everything from the earliest subtree of a
//      right-hand dependent of the head attached as acl, acl:relcl, appos,
//      parataxis, conj, dislocated, or nmod with a preposition other than
//      "of" is dropped; then trailing punctuation other than ")" and "]" and
//      a possessive case marker of the head;
//   4. the span is the name itself: the longest run of name words containing
//      the head within the trimmed mention, where a name word is a PROPN, a
//      capitalised ADJ/NOUN/X/VERB/ADV/SYM/INTJ, or a NUM attached as flat
//      or compound, but never a title attached as nmod:desc ("President",
//      "Dr."); joining words ("of", "the", "and", "&", "for", "de", "von",
//      "-", …) count only between two name words; "'s" never joins;
//   5. among overlapping spans the outermost (earliest start, then longest)
//      is kept; an identical span keeps the first mention's type.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "eval/conllu.h"
#include "hearsay/status.h"

namespace hearsay::nlp {

// The entity types the recogniser outputs, in label order; they keep GUM's
// names. A GUM type not listed (time, quantity, substance, …) is not a
// named entity here.
inline constexpr std::array<std::string_view, 6> kEntityTypes = {"person", "organization", "place",
                                                                 "event",  "object",       "abstract"};
// Index of `gum_type` in kEntityTypes, or -1.
int EntityTypeIndex(std::string_view gum_type);

// One GUM mention of a sentence: words [first, last) and its GUM type.
struct GumMention {
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  std::string type;
};

// Every mention of `sentence` in document order of their opening, or
// kMalformedRecord (naming the sentence) for an unbalanced bracket.
Result<std::vector<GumMention>> ParseGumMentions(const eval::ConlluSentence& sentence);

// A named mention: words [first, last) of the sentence, type an index into
// kEntityTypes.
struct NamedSpan {
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  int type = 0;
  bool operator==(const NamedSpan&) const = default;
};

// The named mentions of `sentence` by the rule above, sorted, not
// overlapping.
std::vector<NamedSpan> NamedMentions(const eval::ConlluSentence& sentence,
                                     const std::vector<GumMention>& all);

}  // namespace hearsay::nlp
