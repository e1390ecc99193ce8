#include "attribution/quotations.h"

#include "attribution/words.h"

#include <string_view>
#include <vector>

namespace hearsay::attribution {
namespace {

enum class Mark : std::uint8_t { kNone, kDouble, kSingle };
enum class Direction : std::uint8_t { kOpen, kClose, kEither };

struct MarkInfo {
  Mark mark = Mark::kNone;
  Direction direction = Direction::kEither;
};

bool IsClosingPunct(std::string_view w) {
  return IsIn(w, {",", ".", "?", "!", ";", ":", ")", "]", "…", "..."});
}

class FinderRun {
 public:
  explicit FinderRun(Document& doc) : doc_(doc) {}

  void Run() {
    doc_.quotations.clear();
    std::int32_t open_at_paragraph_end = -1;  // index of a double quotation left open
    for (const hearsay::Paragraph& p : doc_.paragraphs)
      open_at_paragraph_end = FindInParagraph(p.tokens, open_at_paragraph_end);
  }

 private:
  struct Open {
    std::uint32_t token;
    Mark mark;
    std::size_t quotation;  // index into pending_
  };

  // How spacing and the mark itself say the token at t is used.
  MarkInfo Classify(std::uint32_t t, TokenRange range) const {
    if (doc_.token_kind[t] != TokenKind::kQuote) return {};
    const std::string_view w = doc_.token_text(t);
    if (IsIn(w, {"“", "„", "«", "‟", "``", "「", "『"})) return {Mark::kDouble, Direction::kOpen};
    if (IsIn(w, {"”", "»", "」", "』"})) return {Mark::kDouble, Direction::kClose};
    if (IsIn(w, {"‘", "‚", "‹", "`"})) return {Mark::kSingle, Direction::kOpen};
    if (IsIn(w, {"’", "›"})) return {Mark::kSingle, Direction::kClose};
    Mark mark;
    // Two apostrophes close a ``TeX'' quotation but open one too in texts
    // that write '' on both sides (the New York Times of PolNeAR: "said,
    // ''It has …,'' she"): spacing tells, as for a straight mark. Taken as
    // a closing mark always, a mid-paragraph opening one was dropped as
    // stray and the closing one then quoted the paragraph from its start,
    // cue and speaker included.
    if (IsIn(w, {"\"", "＂", "″", "''"})) {
      mark = Mark::kDouble;
    } else if (w == "'") {
      mark = Mark::kSingle;
    } else {
      return {};
    }
    const bool space_before = t == range.first || (doc_.token_flags[t - 1] & kSpaceAfter) ||
                              IsIn(doc_.token_text(t - 1), {"(", "[", "—", "–", "-", "“", "‘"});
    const bool space_after =
        t + 1 == range.last || (doc_.token_flags[t] & kSpaceAfter) || IsClosingPunct(doc_.token_text(t + 1));
    if (space_before && !space_after) return {mark, Direction::kOpen};
    if (!space_before && space_after) return {mark, Direction::kClose};
    return {mark, Direction::kEither};
  }

  bool HasOpen(Mark mark) const {
    for (const Open& o : stack_)
      if (o.mark == mark) return true;
    return false;
  }

  void OpenQuotation(std::uint32_t t, Mark mark) {
    Quotation q;
    q.open = static_cast<std::int32_t>(t);
    q.content = {t + 1, t + 1};
    q.depth = HasOpen(Mark::kDouble) && mark == Mark::kSingle ? 1 : 0;
    pending_.push_back(q);
    tentative_.push_back(mark == Mark::kSingle && !HasOpen(Mark::kDouble));
    stack_.push_back({t, mark, pending_.size() - 1});
  }

  // Closes the innermost open quotation of `mark` at token t (or leaves it
  // unclosed at `end` when t < 0); quotations opened inside it are left open.
  void CloseQuotation(Mark mark, std::int32_t t, std::uint32_t end) {
    while (!stack_.empty()) {
      const Open o = stack_.back();
      stack_.pop_back();
      Quotation& q = pending_[o.quotation];
      if (o.mark == mark) {
        q.close = t;
        q.content.last = t >= 0 ? static_cast<std::uint32_t>(t) : end;
        return;
      }
      // A mark of the other kind left open inside: it was not a quotation.
      dropped_[o.quotation] = true;
    }
  }

  // Finds the quotations of one paragraph; returns the index (in
  // doc_.quotations) of a double quotation still open at its end, or -1.
  std::int32_t FindInParagraph(TokenRange range, std::int32_t open_from_previous) {
    stack_.clear();
    pending_.clear();
    tentative_.clear();
    bool double_seen = false;
    for (std::uint32_t t = range.first; t < range.last; ++t)
      double_seen |= Classify(t, range).mark == Mark::kDouble;
    dropped_.assign(range.size(), false);  // indexed by pending quotation; never more than tokens

    bool double_before = false;  // a double mark earlier in this paragraph
    for (std::uint32_t t = range.first; t < range.last; ++t) {
      const MarkInfo info = Classify(t, range);
      if (info.mark == Mark::kDouble) {
        const bool open_double = HasOpen(Mark::kDouble);
        if (info.direction == Direction::kOpen || (info.direction == Direction::kEither && !open_double)) {
          // An opening mark while one is open: the earlier one lost its closing mark.
          if (open_double) CloseQuotation(Mark::kDouble, -1, t);
          OpenQuotation(t, Mark::kDouble);
        } else if (open_double) {
          CloseQuotation(Mark::kDouble, static_cast<std::int32_t>(t), t);
        } else if (!double_before && t > range.first && IsIn(doc_.token_text(t - 1), {",", ".", "?", "!"})) {
          // A closing mark after , . ? ! with none open: the opening mark is missing.
          Quotation q;
          q.content = {range.first, t};
          q.close = static_cast<std::int32_t>(t);
          pending_.push_back(q);
          tentative_.push_back(false);
        }
        double_before = true;
      } else if (info.mark == Mark::kSingle) {
        const bool inside_double = HasOpen(Mark::kDouble);
        if (!inside_double && double_seen) continue;  // an apostrophe, or a stray mark
        const bool single_on_top = !stack_.empty() && stack_.back().mark == Mark::kSingle;
        if (info.direction == Direction::kOpen || (info.direction == Direction::kEither && !single_on_top)) {
          OpenQuotation(t, Mark::kSingle);
        } else if (single_on_top) {
          CloseQuotation(Mark::kSingle, static_cast<std::int32_t>(t), t);
        }
      }
    }
    // Paragraph end: double quotations stay (unclosed); single marks left open
    // were apostrophes.
    std::int32_t left_open = -1;
    while (!stack_.empty()) {
      const Open o = stack_.back();
      stack_.pop_back();
      if (o.mark == Mark::kSingle) {
        dropped_[o.quotation] = true;
        continue;
      }
      pending_[o.quotation].content.last = range.last;
      left_open = static_cast<std::int32_t>(o.quotation);
    }
    std::int32_t result = -1;
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      if (dropped_[i] || (tentative_[i] && pending_[i].close < 0)) continue;
      Quotation q = pending_[i];
      // The multi-paragraph convention: an open quotation continues in a
      // paragraph that opens with a quotation mark.
      if (open_from_previous >= 0 && q.open == static_cast<std::int32_t>(range.first) && q.depth == 0)
        q.continues = open_from_previous;
      if (static_cast<std::int32_t>(i) == left_open)
        result = static_cast<std::int32_t>(doc_.quotations.size());
      doc_.quotations.push_back(q);
    }
    return result;
  }

  Document& doc_;
  std::vector<Open> stack_;
  std::vector<Quotation> pending_;
  std::vector<bool> tentative_;  // single-mark quotations outside double ones: kept only if closed
  std::vector<bool> dropped_;
};

}  // namespace

Status QuotationFinder::Process(Document& doc) const {
  FinderRun(doc).Run();
  doc.filled_columns |= assigns_columns();
  return Status::Ok();
}

}  // namespace hearsay::attribution
