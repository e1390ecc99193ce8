#include "text/tokenizer.h"

#include <utf8proc.h>

#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "text/abbreviations.h"
#include "text/char_class.h"
#include "text/utf8.h"

namespace hearsay::text {
namespace {

// One code point of the chunk being tokenized.
struct CodePoint {
  std::uint32_t offset;  // byte offset in the document text
  std::uint8_t length;   // bytes
  CharClass cls;
  char32_t cp;
};

char32_t AsciiLower(char32_t c) {
  return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

// Scratch for one Process() call; nothing here outlives it, so the
// Tokenizer itself stays immutable and shareable across threads.
class TokenizerRun {
 public:
  TokenizerRun(Document& doc) : doc_(doc), text_(doc.text()) {}

  void Run() {
    const std::size_t n = text_.size();
    std::size_t pos = 0;
    int newlines = 2;  // the document starts a paragraph
    while (pos < n) {
      std::size_t len;
      const char32_t cp = utf8::Decode(text_.data() + pos, &len);
      const CharClass cls = ClassOf(cp);
      if (cls == CharClass::kSpace) {
        pos += len;
        continue;
      }
      if (cls == CharClass::kNewline || cls == CharClass::kParagraphSep) {
        newlines += cls == CharClass::kNewline ? 1 : 2;
        pos += len;
        continue;
      }
      // A chunk: everything up to the next space or line break.
      chunk_.clear();
      while (pos < n) {
        const char32_t c = utf8::Decode(text_.data() + pos, &len);
        const CharClass k = ClassOf(c);
        if (k == CharClass::kSpace || k == CharClass::kNewline || k == CharClass::kParagraphSep) break;
        chunk_.push_back({static_cast<std::uint32_t>(pos), static_cast<std::uint8_t>(len), k, c});
        pos += len;
      }
      pending_flags_ = 0;
      if (newlines >= 2) {
        pending_flags_ |= kParagraphStart | kNewlineBefore;
        StartParagraph();
      } else if (newlines == 1) {
        pending_flags_ |= kNewlineBefore;
      }
      newlines = 0;
      next_chunk_starts_with_digit_ = NextChunkStartsWithDigit(pos);
      const std::uint32_t before = doc_.num_tokens();
      TokenizeChunk();
      if (doc_.num_tokens() > before) {
        paragraph_end_ = chunk_.back().offset + chunk_.back().length;
        if (pos < n) doc_.token_flags.back() |= kSpaceAfter;
      }
    }
    FinishParagraph();
  }

 private:
  void StartParagraph() {
    FinishParagraph();
    paragraph_open_ = true;
    paragraph_first_token_ = doc_.num_tokens();
    paragraph_begin_ = chunk_.front().offset;
  }

  void FinishParagraph() {
    if (!paragraph_open_) return;
    paragraph_open_ = false;
    if (doc_.num_tokens() == paragraph_first_token_) return;  // only invisible characters
    doc_.paragraphs.push_back(
        {{paragraph_begin_, paragraph_end_}, {paragraph_first_token_, doc_.num_tokens()}});
  }

  bool NextChunkStartsWithDigit(std::size_t pos) const {
    while (pos < text_.size() && (text_[pos] == ' ' || text_[pos] == '\t')) ++pos;
    return pos < text_.size() && text_[pos] >= '0' && text_[pos] <= '9';
  }

  CharClass cls(std::size_t i) const { return chunk_[i].cls; }
  char32_t cp(std::size_t i) const { return chunk_[i].cp; }
  bool Is(std::size_t i, char32_t c) const { return i < chunk_.size() && chunk_[i].cp == c; }
  bool IsLetterAt(std::size_t i, std::size_t end) const { return i < end && cls(i) == CharClass::kLetter; }
  bool IsDigitAt(std::size_t i, std::size_t end) const { return i < end && cls(i) == CharClass::kDigit; }

  // Lower-cased ASCII text of chunk_[a, b), or "" if it has non-ASCII letters
  // or is too long to be an abbreviation, prefix or clitic.
  std::string_view AsciiLowerOf(std::size_t a, std::size_t b) {
    lower_.clear();
    if (b - a > 24) return {};
    for (std::size_t i = a; i < b; ++i) {
      if (cp(i) >= 128) return {};
      lower_.push_back(static_cast<char>(AsciiLower(cp(i))));
    }
    return lower_;
  }

  void TokenizeChunk() {
    std::size_t i = 0, j = chunk_.size();
    // Strip opening punctuation.
    while (i < j) {
      const CharClass c = cls(i);
      if (c == CharClass::kDoubleQuote) {
        Emit(i, i + 1, TokenKind::kQuote);
        ++i;
      } else if (c == CharClass::kOpenBracket || c == CharClass::kCloseBracket) {
        Emit(i, i + 1, TokenKind::kPunct);
        ++i;
      } else if (c == CharClass::kApostrophe) {
        if (IsDigitAt(i + 1, j) && cp(i) != '`') break;  // '90s
        const std::size_t len = (i + 1 < j && cls(i + 1) == CharClass::kApostrophe) ? 2 : 1;
        Emit(i, i + len, TokenKind::kQuote);
        i += len;
      } else if (c == CharClass::kDash || c == CharClass::kHyphen || c == CharClass::kEllipsis ||
                 (c == CharClass::kPeriod && i + 1 < j && cls(i + 1) == CharClass::kPeriod)) {
        i = EmitPunctRun(i, j);
      } else if (c == CharClass::kPunct && cp(i) != '/' && cp(i) != '\\') {
        Emit(i, i + 1, TokenKind::kPunct);
        ++i;
      } else {
        break;
      }
    }
    // Strip closing punctuation into trailing_ (emitted after the middle).
    trailing_.clear();
    while (j > i) {
      const CharClass c = cls(j - 1);
      if (c == CharClass::kDoubleQuote) {
        trailing_.push_back({j - 1, j, TokenKind::kQuote});
        --j;
      } else if (c == CharClass::kCloseBracket || c == CharClass::kOpenBracket || c == CharClass::kComma ||
                 c == CharClass::kTerminal ||
                 (c == CharClass::kPunct && cp(j - 1) != '/' && cp(j - 1) != '\\')) {
        trailing_.push_back({j - 1, j, TokenKind::kPunct});
        --j;
      } else if (c == CharClass::kEllipsis) {
        trailing_.push_back({j - 1, j, TokenKind::kEllipsis});
        --j;
      } else if (c == CharClass::kPeriod) {
        std::size_t k = j - 1;
        while (k > i && cls(k - 1) == CharClass::kPeriod) --k;
        if (j - k >= 2) {
          trailing_.push_back({k, j, TokenKind::kEllipsis});
          j = k;
        } else if (KeepsPeriod(i, j - 1)) {
          break;
        } else {
          trailing_.push_back({j - 1, j, TokenKind::kPunct});
          --j;
        }
      } else if (c == CharClass::kApostrophe) {
        const std::size_t len = (j - 1 > i && cls(j - 2) == CharClass::kApostrophe) ? 2 : 1;
        trailing_.push_back({j - len, j, TokenKind::kQuote});
        j -= len;
      } else if (c == CharClass::kDash || c == CharClass::kHyphen) {
        // A cut-off word ("th-" in transcribed speech) keeps its hyphen.
        if (cp(j - 1) == '-' && j - 1 > i && cls(j - 2) == CharClass::kLetter) break;
        std::size_t k = j - 1;
        while (k > i && cls(k - 1) == c && cp(k - 1) == '-' && cp(j - 1) == '-') --k;
        trailing_.push_back({k, j, TokenKind::kDash});
        j = k;
      } else {
        break;
      }
    }
    if (i < j && !EmitSpecial(i, j)) SplitMiddle(i, j);
    for (auto it = trailing_.rbegin(); it != trailing_.rend(); ++it) Emit(it->a, it->b, it->kind);
  }

  // Whether the period after chunk_[a, b) belongs to the word: abbreviations
  // (Mr. Jan. etc.), dotted forms (U.S. a.m. Ph.D.) and initials (J.).
  bool KeepsPeriod(std::size_t a, std::size_t b) {
    if (a >= b) return false;
    // The word before the period: its trailing run of letters and periods.
    std::size_t s = b;
    while (s > a && (cls(s - 1) == CharClass::kLetter || cls(s - 1) == CharClass::kPeriod)) --s;
    if (s == b || s != a) return false;  // "5." or "(x.": only whole words keep it
    if (b - s == 1) return true;         // an initial
    bool dotted = false;
    for (std::size_t k = s; k < b; ++k) dotted |= cls(k) == CharClass::kPeriod;
    if (dotted) return cls(s) != CharClass::kPeriod;
    const std::string_view lower = AsciiLowerOf(s, b);
    if (lower.empty() || !IsKnownAbbreviation(lower)) return false;
    if (lower == "no" || lower == "nos") return IsUpper(cp(s)) && next_chunk_starts_with_digit_;
    if (IsUpper(cp(s))) return true;
    return lower == "etc" || lower == "al" || lower == "vs" || lower == "v" || lower == "cf" ||
           lower == "pp" || lower == "approx";
  }

  // URLs, e-mail addresses, @handles and #hashtags: one token for the middle.
  bool EmitSpecial(std::size_t a, std::size_t b) {
    const char32_t first = cp(a);
    auto all_word = [&](std::size_t from) {
      bool letter = false;
      for (std::size_t k = from; k < b; ++k) {
        if (cls(k) != CharClass::kLetter && cls(k) != CharClass::kDigit && cp(k) != '_') return false;
        letter |= cls(k) == CharClass::kLetter;
      }
      return letter;
    };
    if ((first == '@' || first == '#') && b - a >= 2 && all_word(a + 1)) {
      Emit(a, b, first == '@' ? TokenKind::kHandle : TokenKind::kHashtag);
      return true;
    }
    if (b - a < 4) return false;
    const std::string_view head = AsciiLowerOf(a, std::min(b, a + 8));
    if (head.starts_with("http://") || head.starts_with("https://") || head.starts_with("www.") ||
        head.starts_with("ftp://")) {
      Emit(a, b, TokenKind::kUrl);
      return true;
    }
    std::size_t at = b, dots_after_at = 0, last_dot = b;
    bool slash = false;
    for (std::size_t k = a; k < b; ++k) {
      const char32_t c = cp(k);
      if (c == '@') {
        if (at != b) return false;
        at = k;
      } else if (c == '.') {
        if (at != b) ++dots_after_at;
        if (!slash) last_dot = k;
      } else if (c == '/') {
        slash = true;
      } else if (cls(k) != CharClass::kLetter && cls(k) != CharClass::kDigit && c != '-' && c != '_' &&
                 c != '+' && !(slash && c < 128)) {
        return false;
      }
    }
    if (at != b) {
      if (at > a && dots_after_at > 0 && cp(b - 1) != '.') {
        Emit(a, b, TokenKind::kEmail);
        return true;
      }
      return false;
    }
    // example.com, news.bbc.co.uk/path: a domain with a known top-level name.
    if (last_dot == b || last_dot == a) return false;
    std::size_t tld_end = last_dot + 1;
    while (tld_end < b && cls(tld_end) == CharClass::kLetter) ++tld_end;
    const std::string_view tld = AsciiLowerOf(last_dot + 1, tld_end);
    static constexpr std::string_view kTlds[] = {"com", "org", "net", "gov", "edu", "int", "mil",
                                                 "io",  "uk",  "us",  "ca",  "de",  "fr",  "info",
                                                 "ua",  "ru",  "eu",  "au",  "in",  "ly",  "me"};
    bool known = false;
    for (std::string_view t : kTlds) known |= t == tld;
    if (!known || (tld_end != b && cp(tld_end) != '/')) return false;
    Emit(a, b, TokenKind::kUrl);
    return true;
  }

  // Emits a run of dashes, hyphens or periods starting at i; returns its end.
  std::size_t EmitPunctRun(std::size_t i, std::size_t j) {
    const CharClass c = cls(i);
    std::size_t k = i + 1;
    if (c == CharClass::kPeriod) {
      while (k < j && cls(k) == CharClass::kPeriod) ++k;
      Emit(i, k, k - i >= 2 ? TokenKind::kEllipsis : TokenKind::kPunct);
    } else if (c == CharClass::kEllipsis) {
      Emit(i, k, TokenKind::kEllipsis);
    } else {
      if (cp(i) == '-')
        while (k < j && cp(k) == '-') ++k;
      Emit(i, k, TokenKind::kDash);
    }
    return k;
  }

  void SplitMiddle(std::size_t i, std::size_t j) {
    std::size_t k = i;
    while (k < j) {
      const CharClass c = cls(k);
      if (IsWordClass(c) || (c == CharClass::kApostrophe && k == i && IsDigitAt(k + 1, j))) {
        k = EmitWordRun(k, j);
      } else if (c == CharClass::kDash || c == CharClass::kHyphen || c == CharClass::kPeriod ||
                 c == CharClass::kEllipsis) {
        k = EmitPunctRun(k, j);
      } else if (c == CharClass::kApostrophe) {
        const std::size_t len = (k + 1 < j && cls(k + 1) == CharClass::kApostrophe) ? 2 : 1;
        Emit(k, k + len, TokenKind::kQuote);
        k += len;
      } else if (c == CharClass::kDoubleQuote) {
        Emit(k, k + 1, TokenKind::kQuote);
        ++k;
      } else {
        Emit(k, k + 1, c == CharClass::kSymbol ? TokenKind::kSymbol : TokenKind::kPunct);
        ++k;
      }
    }
  }

  // A word run starting at s: letters and digits joined by word-internal
  // punctuation (1,000.50  U.S.  O'Brien  AT&T  non-avian). Returns its end.
  std::size_t EmitWordRun(std::size_t s, std::size_t j) {
    std::size_t e = s + 1;
    std::size_t piece_start = s;  // start of the current hyphen-separated piece
    while (e < j) {
      const CharClass ce = cls(e);
      if (IsWordClass(ce)) {
        ++e;
        continue;
      }
      const CharClass prev = cls(e - 1);
      const bool next_letter = IsLetterAt(e + 1, j);
      const bool next_digit = IsDigitAt(e + 1, j);
      const char32_t c = cp(e);
      if (ce == CharClass::kPeriod) {
        if (next_letter || next_digit || e + 1 == j) {
          ++e;
          continue;
        }
        break;
      }
      if (ce == CharClass::kComma && prev == CharClass::kDigit && IsDigitAt(e + 1, j) &&
          IsDigitAt(e + 2, j) && IsDigitAt(e + 3, j) && !IsDigitAt(e + 4, j)) {
        ++e;
        continue;
      }
      if ((c == ':' || c == '/') && prev == CharClass::kDigit && next_digit) {
        ++e;
        continue;
      }
      if (ce == CharClass::kApostrophe && prev == CharClass::kLetter && next_letter) {
        ++e;
        continue;
      }
      if (c == '&' && IsUpper(cp(e - 1)) && e + 1 < j && IsUpper(cp(e + 1))) {
        ++e;
        continue;
      }
      if (ce == CharClass::kHyphen && (prev == CharClass::kLetter || prev == CharClass::kDigit) &&
          (next_letter || next_digit)) {
        std::size_t right_end = e + 1;
        while (right_end < j && IsWordClass(cls(right_end))) ++right_end;
        if (JoinsHyphen(piece_start, e)) {
          piece_start = e + 1;  // the next hyphen judges its own left piece
          e = right_end;
          continue;
        }
        break;
      }
      break;
    }
    EmitWord(s, e);
    return e;
  }

  // Whether the hyphen after the piece chunk_[la, lb) joins it to the next
  // piece. GUM splits spelled-out numbers too (seventy - five).
  bool JoinsHyphen(std::size_t la, std::size_t lb) {
    const std::string_view left = AsciiLowerOf(la, lb);
    if (left.empty()) return false;
    return IsJoiningHyphenPrefix(left);
  }

  // Emits the word chunk_[s, e), splitting clitics and number units.
  void EmitWord(std::size_t s, std::size_t e) {
    const std::size_t len = e - s;
    const std::string_view lower = AsciiLowerOf(s, e);
    if (!lower.empty()) {
      struct Contraction {
        std::string_view word;
        std::size_t split;
      };
      static constexpr Contraction kContractions[] = {
          {"cannot", 3}, {"gonna", 3}, {"gotta", 3}, {"wanna", 3}};
      for (const auto& [word, split] : kContractions) {
        if (lower == word) {
          Emit(s, s + split, TokenKind::kWord);
          Emit(s + split, e, TokenKind::kClitic);
          return;
        }
      }
    }
    if (len >= 3 && cls(e - 1) == CharClass::kLetter) {
      const char32_t last = AsciiLower(cp(e - 1));
      const char32_t last2 = AsciiLower(cp(e - 2));
      // do|n't
      if (len >= 4 && last == 't' && cls(e - 2) == CharClass::kApostrophe && AsciiLower(cp(e - 3)) == 'n' &&
          cls(e - 4) == CharClass::kLetter) {
        Emit(s, e - 3, TokenKind::kWord);
        Emit(e - 3, e, TokenKind::kClitic);
        return;
      }
      // it|'s  I|'m  she|'d
      if (cls(e - 2) == CharClass::kApostrophe && (last == 's' || last == 'm' || last == 'd') &&
          cls(e - 3) != CharClass::kApostrophe) {
        Emit(s, e - 2, TokenKind::kWord);
        Emit(e - 2, e, TokenKind::kClitic);
        return;
      }
      // we|'re  I|'ve  she|'ll
      if (len >= 4 && cls(e - 3) == CharClass::kApostrophe &&
          ((last2 == 'r' && last == 'e') || (last2 == 'v' && last == 'e') || (last2 == 'l' && last == 'l'))) {
        Emit(s, e - 3, TokenKind::kWord);
        Emit(e - 3, e, TokenKind::kClitic);
        return;
      }
    }
    // 5bn → 5 bn
    if (cls(s) == CharClass::kDigit) {
      std::size_t d = s;
      while (d < e && (cls(d) == CharClass::kDigit || cp(d) == '.' || cp(d) == ',')) ++d;
      if (d < e && d > s && cls(d - 1) == CharClass::kDigit) {
        bool letters = true;
        for (std::size_t k = d; k < e; ++k) letters &= cls(k) == CharClass::kLetter;
        if (letters && IsNumberSuffixUnit(AsciiLowerOf(d, e))) {
          Emit(s, d, TokenKind::kNumber);
          Emit(d, e, TokenKind::kWord);
          return;
        }
      }
    }
    bool has_letter = false, has_period = false;
    for (std::size_t k = s; k < e; ++k) {
      has_letter |= cls(k) == CharClass::kLetter;
      has_period |= cls(k) == CharClass::kPeriod;
    }
    TokenKind kind = TokenKind::kWord;
    if (!has_letter && cls(s) == CharClass::kDigit) {
      kind = TokenKind::kNumber;
    } else if (has_period && has_letter && cls(e - 1) == CharClass::kPeriod) {
      kind = TokenKind::kAbbreviation;
    }
    Emit(s, e, kind);
  }

  void Emit(std::size_t a, std::size_t b, TokenKind kind) {
    bool visible = false;
    bool ascii = true;
    for (std::size_t k = a; k < b; ++k) {
      visible |= cls(k) != CharClass::kInvisible;
      ascii &= cp(k) < 128;
    }
    if (!visible) return;
    const ByteSpan span{chunk_[a].offset, chunk_[b - 1].offset + chunk_[b - 1].length};
    const std::string_view raw = doc_.text(span);
    std::string_view norm = raw;
    if (!ascii) {
      norm_.clear();
      utf8proc_uint8_t* mapped = nullptr;
      const auto n = utf8proc_map(
          reinterpret_cast<const utf8proc_uint8_t*>(raw.data()), static_cast<utf8proc_ssize_t>(raw.size()),
          &mapped, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_IGNORE));
      if (n >= 0) {
        const std::string_view nfc(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
        const bool wordlike = kind == TokenKind::kWord || kind == TokenKind::kClitic ||
                              kind == TokenKind::kAbbreviation || kind == TokenKind::kNumber;
        for (std::size_t k = 0; k < nfc.size();) {
          std::size_t len;
          const char32_t c = utf8::Decode(nfc.data() + k, &len);
          if (wordlike && ClassOf(c) == CharClass::kApostrophe) {
            norm_.push_back('\'');
          } else {
            norm_.append(nfc.substr(k, len));
          }
          k += len;
        }
      } else {
        norm_.assign(raw);  // utf8proc refused (cannot happen on valid UTF-8)
      }
      std::free(mapped);
      norm = norm_;
    }
    doc_.AddToken(span, norm, kind, pending_flags_);
    pending_flags_ = 0;
  }

  struct Pending {
    std::size_t a, b;
    TokenKind kind;
  };

  Document& doc_;
  std::string_view text_;
  std::vector<CodePoint> chunk_;
  std::vector<Pending> trailing_;
  std::string lower_;
  std::string norm_;
  std::uint8_t pending_flags_ = 0;
  bool next_chunk_starts_with_digit_ = false;
  bool paragraph_open_ = false;
  std::uint32_t paragraph_first_token_ = 0;
  std::uint32_t paragraph_begin_ = 0;
  std::uint32_t paragraph_end_ = 0;
};

}  // namespace

Status Tokenizer::Process(Document& doc) const {
  if (doc.text().size() >= std::numeric_limits<std::uint32_t>::max()) {
    return Status(StatusCode::kTooLarge,
                  "document '" + doc.metadata().id + "' is 4 GiB or more; split it before tokenizing");
  }
  doc.ClearAnnotations();
  TokenizerRun(doc).Run();
  doc.ResizeAnnotationColumns();
  doc.filled_columns |= assigns_columns();
  return Status::Ok();
}

}  // namespace hearsay::text
