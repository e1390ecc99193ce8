#include "attribution/parse_view.h"

#include <algorithm>

namespace hearsay::attribution {

ParseView::ParseView(const Document& doc) : doc_(doc) {
  const std::uint32_t n = doc.num_tokens();
  // Children in token order (counting sort by head).
  child_begin_.assign(n + 1, 0);
  for (std::uint32_t t = 0; t < n; ++t)
    if (doc.head[t] >= 0) ++child_begin_[doc.head[t] + 1];
  for (std::uint32_t t = 0; t < n; ++t) child_begin_[t + 1] += child_begin_[t];
  children_.resize(child_begin_[n]);
  std::vector<std::uint32_t> fill(child_begin_.begin(), child_begin_.end() - 1);
  for (std::uint32_t t = 0; t < n; ++t)
    if (doc.head[t] >= 0) children_[fill[doc.head[t]]++] = t;

  // Subtree extents: every token widens the extents of its ancestors. The
  // walk stops as soon as an ancestor already covers the token, so the cost
  // stays near linear; a step bound guards against a (malformed) cycle.
  subtree_first_.resize(n);
  subtree_last_.resize(n);
  for (std::uint32_t t = 0; t < n; ++t) {
    subtree_first_[t] = t;
    subtree_last_[t] = t + 1;
  }
  for (std::uint32_t t = 0; t < n; ++t) {
    std::int32_t h = doc.head[t];
    for (std::uint32_t steps = 0; h >= 0 && steps < n; ++steps) {
      bool widened = false;
      if (subtree_first_[h] > t) subtree_first_[h] = t, widened = true;
      if (subtree_last_[h] < t + 1) subtree_last_[h] = t + 1, widened = true;
      if (!widened) break;
      h = doc.head[h];
    }
  }

  sentence_of_.assign(n, 0);
  for (std::uint32_t s = 0; s < doc.sentences.size(); ++s)
    for (std::uint32_t t = doc.sentences[s].first; t < doc.sentences[s].last; ++t) sentence_of_[t] = s;
  paragraph_of_.assign(n, 0);
  for (std::uint32_t p = 0; p < doc.paragraphs.size(); ++p)
    for (std::uint32_t t = doc.paragraphs[p].tokens.first; t < doc.paragraphs[p].tokens.last; ++t)
      paragraph_of_[t] = p;
  quotation_of_.assign(n, kNone);
  for (std::uint32_t q = 0; q < doc.quotations.size(); ++q) {
    const Quotation& quote = doc.quotations[q];
    if (quote.depth != 0) continue;
    std::uint32_t first = quote.open >= 0 ? static_cast<std::uint32_t>(quote.open) : quote.content.first;
    std::uint32_t last = quote.close >= 0 ? static_cast<std::uint32_t>(quote.close) + 1 : quote.content.last;
    for (std::uint32_t t = first; t < last && t < n; ++t) quotation_of_[t] = static_cast<std::int32_t>(q);
  }
}

std::string_view ParseView::base_deprel(std::uint32_t t) const {
  std::string_view rel = deprel(t);
  return rel.substr(0, rel.find(':'));
}

std::int32_t ParseView::Child(std::uint32_t t, std::string_view relation) const {
  const bool exact = relation.find(':') != std::string_view::npos;
  for (std::uint32_t c : children(t))
    if ((exact ? deprel(c) : base_deprel(c)) == relation) return static_cast<std::int32_t>(c);
  return kNone;
}

std::int32_t ParseView::FrontedSubject(std::uint32_t verb) const {
  for (std::uint32_t c : children(verb)) {
    if (c >= verb || base_deprel(c) != "advcl") continue;
    const std::int32_t mark = Child(c, "mark");
    if (mark == kNone) continue;
    for (std::uint32_t s : children(c))
      if (base_deprel(s) == "nsubj" && s < static_cast<std::uint32_t>(mark))
        return static_cast<std::int32_t>(s);
  }
  return kNone;
}

bool ParseView::IsPunct(std::uint32_t t) const {
  switch (doc_.token_kind[t]) {
    case TokenKind::kPunct:
    case TokenKind::kQuote:
    case TokenKind::kDash:
    case TokenKind::kEllipsis: return true;
    default: return false;
  }
}

}  // namespace hearsay::attribution
