#include "text/sentence_splitter.h"

#include <string_view>

#include "text/abbreviations.h"
#include "text/char_class.h"
#include "text/utf8.h"

namespace hearsay::text {
namespace {

char32_t FirstCodePoint(std::string_view s) {
  if (s.empty()) return 0;
  std::size_t len;
  return utf8::Decode(s.data(), &len);
}

bool IsOpeningQuote(std::string_view q) {
  return q == "“" || q == "‘" || q == "„" || q == "«" || q == "``" || q == "‚" || q == "‹";
}

bool IsClosingQuote(std::string_view q) {
  return q == "”" || q == "’" || q == "»" || q == "''" || q == "'" || q == "›";
}

bool IsFunctionWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {"a",  "an", "and", "as",  "at", "by", "for", "from", "in",
                                                "of", "on", "or",  "the", "to", "vs", "vs.", "with", "&"};
  for (std::string_view k : kWords)
    if (k == w) return true;
  return false;
}

class SplitterRun {
 public:
  explicit SplitterRun(Document& doc) : doc_(doc) {}

  void Run() {
    doc_.sentences.clear();
    for (const Paragraph& p : doc_.paragraphs) SplitParagraph(p.tokens);
  }

 private:
  std::string_view norm(std::uint32_t t) const { return doc_.token_norm(t); }
  TokenKind kind(std::uint32_t t) const { return doc_.token_kind[t]; }

  void SplitParagraph(TokenRange range) {
    std::uint32_t start = range.first;
    std::uint32_t line_start = range.first;
    bool double_quote_open = false;
    for (std::uint32_t t = range.first; t < range.last; ++t) {
      if (t != range.first && (doc_.token_flags[t] & kNewlineBefore)) {
        if (t != start && (IsListItemStart(t, range.last) || IsHeadline(line_start, t) ||
                           (IsListItemStart(line_start, range.last) && StartsLikeSentence(t)))) {
          Close(start, t);
        }
        line_start = t;
      }
      const std::string_view w = norm(t);
      if (w == "\"") double_quote_open = !double_quote_open;
      if (!EndsSentenceCandidate(t)) continue;
      std::uint32_t end = t + 1;
      while (end < range.last) {
        const std::string_view c = norm(end);
        // A citation mark belongs to the sentence it follows: "… 1805. [6] An …"
        if (c == "[" && end + 2 < range.last && kind(end + 1) == TokenKind::kNumber && norm(end + 2) == "]") {
          end += 3;
          continue;
        }
        if (c == "\"" && double_quote_open) {
          double_quote_open = false;
        } else if (!(IsClosingQuote(c) || c == ")" || c == "]")) {
          break;
        }
        ++end;
      }
      if (end == range.last) break;
      if (OpensSentence(t, end)) {
        Close(start, end);
        t = end - 1;
      }
    }
    Close(start, range.last);
  }

  void Close(std::uint32_t& start, std::uint32_t end) {
    if (end > start) doc_.sentences.push_back({start, end});
    start = end;
  }

  bool EndsSentenceCandidate(std::uint32_t t) const {
    const TokenKind k = kind(t);
    if (k == TokenKind::kEllipsis || k == TokenKind::kAbbreviation) return true;
    const std::string_view w = norm(t);
    return w == "." || w == "!" || w == "?" || w == "？" || w == "！" || w == "。";
  }

  // Whether token `next` opens a new sentence after the candidate end `t`.
  bool OpensSentence(std::uint32_t t, std::uint32_t next) const {
    const std::string_view w = norm(next);
    const char32_t first = FirstCodePoint(w);
    const TokenKind nk = kind(next);
    if (kind(t) == TokenKind::kAbbreviation) {
      const std::string_view abbr = norm(t);
      if (abbr.size() == 2) return false;  // an initial: "J. Smith"
      std::string lower;
      for (char c : abbr.substr(0, abbr.size() - 1)) lower.push_back(c >= 'A' && c <= 'Z' ? c + 32 : c);
      if (IsPrefixAbbreviation(lower)) return false;
      return IsSentenceStarter(w) || (nk == TokenKind::kQuote && IsOpeningQuote(w));
    }
    if (IsUpper(first) || nk == TokenKind::kNumber) return true;
    if (nk == TokenKind::kQuote) return IsOpeningQuote(w) || w == "\"" || w == "'";
    if (w == "(" || w == "[" || nk == TokenKind::kHandle || nk == TokenKind::kHashtag) return true;
    return nk == TokenKind::kSymbol || nk == TokenKind::kDash;
  }

  // Whether a line starting with token `t` (a list item's line ends its
  // sentence) lets a new sentence begin: "- build homes\nIt passed."
  bool StartsLikeSentence(std::uint32_t t) const {
    const std::string_view w = norm(t);
    return IsUpper(FirstCodePoint(w)) || kind(t) == TokenKind::kNumber ||
           (kind(t) == TokenKind::kQuote && (IsOpeningQuote(w) || w == "\""));
  }

  bool IsListItemStart(std::uint32_t t, std::uint32_t last) const {
    const std::string_view w = norm(t);
    if (w == "-" || w == "*" || w == "•" || w == "–" || w == "—" || w == "·") return true;
    // "1." as one token: the tokenizer's list marker at the start of a line
    // (where "15." is split instead, it ends a sentence: "rose to\n15. Then").
    if (kind(t) == TokenKind::kNumber && w.size() >= 2 && w.size() <= 4 && w.back() == '.') return true;
    if (kind(t) == TokenKind::kNumber && t + 1 < last) return norm(t + 1) == ")" && w.size() <= 2;
    return false;
  }

  // A line without final punctuation whose words are capitalised.
  bool IsHeadline(std::uint32_t first, std::uint32_t last) const {
    if (last <= first) return false;
    const std::string_view end = norm(last - 1);
    if (end == "." || end == "," || end == ";" || end == ":" || end == "?" || end == "!") return false;
    int words = 0;
    for (std::uint32_t t = first; t < last; ++t) {
      if (kind(t) != TokenKind::kWord) continue;
      const std::string_view w = norm(t);
      if (IsFunctionWord(w)) continue;
      if (!IsUpper(FirstCodePoint(w)) && kind(t) == TokenKind::kWord) return false;
      ++words;
    }
    return words > 0 && IsUpper(FirstCodePoint(norm(last)));
  }

  Document& doc_;
};

}  // namespace

Status SentenceSplitter::Process(Document& doc) const {
  SplitterRun(doc).Run();
  doc.filled_columns |= assigns_columns();
  return Status::Ok();
}

}  // namespace hearsay::text
