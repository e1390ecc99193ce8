// ParseView: read-only helpers over a parsed Document for the attribution
// rules — children lists, subtree extents, and the tag/relation/lemma of a
// token as strings.
//
// Built once per document (O(tokens)); the Document must outlive it and not
// change while it is in use.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "hearsay/document.h"

namespace hearsay::attribution {

class ParseView {
 public:
  explicit ParseView(const Document& doc);

  const Document& doc() const { return doc_; }
  std::uint32_t size() const { return doc_.num_tokens(); }

  std::string_view upos(std::uint32_t t) const { return Document::LabelName(doc_.upos_names, doc_.upos[t]); }
  std::string_view xpos(std::uint32_t t) const { return Document::LabelName(doc_.xpos_names, doc_.xpos[t]); }
  std::string_view deprel(std::uint32_t t) const {
    return Document::LabelName(doc_.deprel_names, doc_.deprel[t]);
  }
  // The relation without its subtype: "nsubj:pass" → "nsubj".
  std::string_view base_deprel(std::uint32_t t) const;
  std::string_view lemma(std::uint32_t t) const { return doc_.strings().Lookup(doc_.lemma[t]); }
  std::string_view text(std::uint32_t t) const { return doc_.token_text(t); }
  std::int32_t head(std::uint32_t t) const { return doc_.head[t]; }

  std::span<const std::uint32_t> children(std::uint32_t t) const {
    return {children_.data() + child_begin_[t], children_.data() + child_begin_[t + 1]};
  }
  // The first child with this relation (exact, or base relation when
  // `relation` has no ':'), or kNone.
  std::int32_t Child(std::uint32_t t, std::string_view relation) const;
  // Tokens [first, last) spanned by the subtree of t (its leftmost and
  // rightmost descendants; a non-projective subtree may enclose others).
  TokenRange Subtree(std::uint32_t t) const { return {subtree_first_[t], subtree_last_[t]}; }
  // The subject the parser hung on an adverbial clause opening before
  // `verb` when it belongs to `verb` itself: "The senator, in explaining
  // her vote, tried …" read with "senator" as the subject of "explaining".
  // A subject lying before its clause's marker ("in", "after", "while")
  // cannot be that clause's own. kNone when there is no such subject.
  std::int32_t FrontedSubject(std::uint32_t verb) const;
  std::uint32_t sentence_of(std::uint32_t t) const { return sentence_of_[t]; }
  std::uint32_t paragraph_of(std::uint32_t t) const { return paragraph_of_[t]; }
  // The index of the quotation whose content or marks hold t, or kNone.
  std::int32_t quotation_of(std::uint32_t t) const { return quotation_of_[t]; }

  bool IsPunct(std::uint32_t t) const;
  bool IsWord(std::uint32_t t) const { return !IsPunct(t); }

 private:
  const Document& doc_;
  std::vector<std::uint32_t> child_begin_;
  std::vector<std::uint32_t> children_;
  std::vector<std::uint32_t> subtree_first_, subtree_last_;
  std::vector<std::uint32_t> sentence_of_, paragraph_of_;
  std::vector<std::int32_t> quotation_of_;
};

}  // namespace hearsay::attribution
