// Quotation finder: pairs quotation marks into Document::quotations.
//
// News quoting conventions it follows:
//   * curly marks say their direction (“ ” ‘ ’ « » „); a straight " or ' is
//     an opening mark when it starts a word (space or bracket before, a word
//     after) and a closing mark when it ends one; when spacing does not tell,
//     it closes the quotation that is open;
//   * single marks are quotation marks inside a double quotation (nesting,
//     depth 1), and on their own only in a paragraph with no double marks
//     (British style) when they pair up; elsewhere ’ is an apostrophe;
//   * a quotation never crosses a paragraph boundary: a paragraph that ends
//     with a quotation still open closes it there (close = -1); when the next
//     paragraph opens with a quotation mark, the new quotation `continues` the
//     open one (the multi-paragraph quotation convention of news writing);
//   * a stray closing mark is ignored (5'10" and the like), except a closing
//     mark right after , . ? ! with no mark open earlier in the paragraph,
//     which closes a quotation whose opening mark is missing: it starts at the
//     paragraph (open = -1).
// Unbalanced marks therefore cost at most one paragraph, never the rest of
// the document.
//
// Thread safety: holds no per-call state; Process is const.
#pragma once

#include "hearsay/pipeline.h"

namespace hearsay::attribution {

class QuotationFinder final : public Component {
 public:
  std::string_view name() const override { return "quotations"; }
  ColumnSet requires_columns() const override { return kColTokens | kColParagraphs; }
  ColumnSet assigns_columns() const override { return kColQuotations; }
  Status Process(Document& doc) const override;
};

}  // namespace hearsay::attribution
