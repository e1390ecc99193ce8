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

// The norm of a non-ASCII token: NFC, default-ignorable characters (ZWJ, soft
// hyphen, …) removed, and in words typographic apostrophes made ASCII.
void NormalizeToken(std::string_view raw, TokenKind kind, std::string* out) {
  out->clear();
  utf8proc_uint8_t* mapped = nullptr;
  const auto n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(raw.data()), static_cast<utf8proc_ssize_t>(raw.size()),
      &mapped, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_IGNORE));
  if (n < 0) {  // only on invalid UTF-8, which a Document never holds
    std::free(mapped);
    out->assign(raw);
    return;
  }
  const std::string_view nfc(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
  const bool wordlike = kind == TokenKind::kWord || kind == TokenKind::kClitic ||
                        kind == TokenKind::kAbbreviation || kind == TokenKind::kNumber;
  for (std::size_t k = 0; k < nfc.size();) {
    std::size_t len;
    const char32_t c = utf8::Decode(nfc.data() + k, &len);
    if (wordlike && ClassOf(c) == CharClass::kApostrophe) {
      out->push_back('\'');
    } else {
      out->append(nfc.substr(k, len));
    }
    k += len;
  }
  std::free(mapped);
}

// Whether a period after `word` (ASCII letters, as written, two or more)
// belongs to it: known abbreviations, capitalised where they are names
// (Gen. Inc. Jan.), "No." only before a number.
bool WordTakesPeriod(std::string_view word, bool next_is_digit) {
  char buffer[8];
  if (word.size() > sizeof buffer) return false;  // no abbreviation is longer
  for (std::size_t k = 0; k < word.size(); ++k)
    buffer[k] = static_cast<char>(AsciiLower(static_cast<unsigned char>(word[k])));
  const std::string_view lower(buffer, word.size());
  if (!IsKnownAbbreviation(lower)) return false;
  const bool capitalised = word[0] >= 'A' && word[0] <= 'Z';
  if (lower == "no" || lower == "nos") return capitalised && next_is_digit;
  if (capitalised) return true;
  return lower == "etc" || lower == "al" || lower == "vs" || lower == "v" || lower == "cf" || lower == "pp" ||
         lower == "approx";
}

// The words GUM splits as contractions: can|not, gon|na, got|ta, wan|na.
struct Contraction {
  std::string_view word;
  std::size_t split;
};
constexpr Contraction kContractions[] = {{"cannot", 3}, {"gonna", 3}, {"gotta", 3}, {"wanna", 3}};

// The contraction `word` (any case) is, or nullptr.
const Contraction* FindContraction(std::string_view word) {
  if (word.size() != 5 && word.size() != 6) return nullptr;
  for (const Contraction& c : kContractions) {
    if (c.word.size() != word.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < word.size() && same; ++k)
      same = AsciiLower(static_cast<unsigned char>(word[k])) == static_cast<unsigned char>(c.word[k]);
    if (same) return &c;
  }
  return nullptr;
}

// Scratch for one Process() call; nothing here outlives it, so the
// Tokenizer itself stays immutable and shareable across threads.
class TokenizerRun {
 public:
  TokenizerRun(Document& doc, bool fast_path) : doc_(doc), text_(doc.text()), fast_path_(fast_path) {}

  void Run() {
    const std::size_t n = text_.size();
    // News text averages five to six bytes a token; reserving avoids regrowth.
    const std::size_t expected_tokens = n / 5 + 16;
    doc_.token_begin.reserve(expected_tokens);
    doc_.token_end.reserve(expected_tokens);
    doc_.token_norm_id.reserve(expected_tokens);
    doc_.token_kind.reserve(expected_tokens);
    doc_.token_flags.reserve(expected_tokens);
    std::size_t pos = 0;
    int newlines = 2;  // the document starts a paragraph
    while (pos < n) {
      std::size_t len;
      const CharClass cls = ClassAt(pos, &len);
      if (cls == CharClass::kSpace) {
        pos += len;
        continue;
      }
      if (cls == CharClass::kNewline || cls == CharClass::kParagraphSep) {
        newlines += cls == CharClass::kNewline ? 1 : 2;
        pos += len;
        continue;
      }
      // A chunk: everything up to the next space or line break. Flags left
      // pending by a chunk that made no token (only invisible characters)
      // carry over to the next token.
      if (newlines >= 2) {
        pending_flags_ |= kParagraphStart | kNewlineBefore;
        StartParagraph();
      } else if (newlines == 1) {
        pending_flags_ |= kNewlineBefore;
      }
      newlines = 0;
      const std::uint32_t before = doc_.num_tokens();
      if (pending_flags_ & kNewlineBefore) {
        const bool after_list_item = line_is_list_item_;
        line_is_list_item_ = TryListMarker(&pos, after_list_item);
        if (line_is_list_item_) continue;
      }
      if (!(fast_path_ && TryPlainChunk(&pos))) {
        chunk_.clear();
        while (pos < n) {
          const CharClass k = ClassAt(pos, &len);
          if (k == CharClass::kSpace || k == CharClass::kNewline || k == CharClass::kParagraphSep) break;
          chunk_.push_back({static_cast<std::uint32_t>(pos), static_cast<std::uint8_t>(len), k, cp_});
          pos += len;
        }
        next_chunk_starts_with_digit_ = NextChunkStartsWithDigit(pos);
        TokenizeChunk();
      }
      if (doc_.num_tokens() > before && pos < n) doc_.token_flags.back() |= kSpaceAfter;
    }
    FinishParagraph();
  }

 private:
  void StartParagraph() {
    FinishParagraph();
    paragraph_open_ = true;
    paragraph_first_token_ = doc_.num_tokens();
  }

  // Class of the code point at `pos` (also left in cp_); *len is its size.
  CharClass ClassAt(std::size_t pos, std::size_t* len) {
    const auto b = static_cast<unsigned char>(text_[pos]);
    if (b < 0x80) {
      *len = 1;
      cp_ = b;
      return kAsciiClass[b];
    }
    cp_ = utf8::Decode(text_.data() + pos, len);
    return ClassOfNonAscii(cp_);
  }

  // The fast path, for the chunks that make up most of news text: ASCII
  // letters only or digits only, optionally followed by one of . , ; : ! ? )
  // and then whitespace. Emits exactly what the general path would, and
  // returns false (consuming nothing) for any other chunk.
  bool TryPlainChunk(std::size_t* pos) {
    const std::size_t n = text_.size();
    const std::size_t begin = *pos;
    const auto first = static_cast<unsigned char>(text_[begin]);
    if (first >= 0x80) return false;
    const CharClass run = kAsciiClass[first];
    if (run != CharClass::kLetter && run != CharClass::kDigit) return false;
    std::size_t q = begin + 1;
    while (q < n && static_cast<unsigned char>(text_[q]) < 0x80 &&
           kAsciiClass[static_cast<unsigned char>(text_[q])] == run)
      ++q;
    const std::size_t word_end = q;
    const std::string_view word = text_.substr(begin, word_end - begin);
    if (run == CharClass::kLetter && FindContraction(word)) return false;
    bool period = false;
    if (q < n) {
      const char c = text_[q];
      period = c == '.';
      if (period || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')') ++q;
    }
    auto is_break = [&](std::size_t at) {
      if (at >= n) return true;
      const auto b = static_cast<unsigned char>(text_[at]);
      return b < 0x80 && (kAsciiClass[b] == CharClass::kSpace || kAsciiClass[b] == CharClass::kNewline);
    };
    if (!is_break(q)) return false;
    if (period && run == CharClass::kLetter &&
        (word.size() == 1 || WordTakesPeriod(word, NextChunkStartsWithDigit(q)))) {
      Emit(ByteSpan{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(q)},
           TokenKind::kAbbreviation);
      *pos = q;
      return true;
    }
    Emit(ByteSpan{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(word_end)},
         run == CharClass::kLetter ? TokenKind::kWord : TokenKind::kNumber);
    if (q > word_end) {
      Emit(ByteSpan{static_cast<std::uint32_t>(word_end), static_cast<std::uint32_t>(q)}, TokenKind::kPunct);
    }
    *pos = q;
    return true;
  }

  // A list marker at the start of a line ("1. ", "12. ") is one token, as in
  // GUM, where one can start: a paragraph, after a line ending a sentence
  // (. ! ? : ;) or after another list item. Elsewhere "rose to\n15. Then"
  // keeps its sentence-final period. Used by both paths, before either.
  bool TryListMarker(std::size_t* pos, bool after_list_item) {
    const std::size_t n = text_.size();
    const std::size_t begin = *pos;
    std::size_t q = begin;
    while (q < n && q - begin < 4 && text_[q] >= '0' && text_[q] <= '9') ++q;
    if (q == begin || q - begin > 3 || q + 1 >= n || text_[q] != '.') return false;
    if (text_[q + 1] != ' ' && text_[q + 1] != '\t') return false;
    if (!(pending_flags_ & kParagraphStart) && !after_list_item) {
      if (doc_.num_tokens() == 0) return false;
      const char last = text_[doc_.token_end.back() - 1];
      if (last != '.' && last != '!' && last != '?' && last != ':' && last != ';') return false;
    }
    Emit(ByteSpan{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(q + 1)}, TokenKind::kNumber);
    *pos = q + 1;
    doc_.token_flags.back() |= kSpaceAfter;
    return true;
  }

  // Emits an ASCII token whose norm is its text.
  void Emit(ByteSpan span, TokenKind kind) {
    doc_.AddToken(span, kind, pending_flags_);
    pending_flags_ = 0;
  }

  void FinishParagraph() {
    if (!paragraph_open_) return;
    paragraph_open_ = false;
    if (doc_.num_tokens() == paragraph_first_token_) return;  // only invisible characters
    doc_.paragraphs.push_back({{paragraph_first_token_, doc_.num_tokens()}});
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
    if (s == b) return false;  // "5."
    // Only whole words keep it, and the last piece of a hyphenated word
    // when it is an abbreviation: "(D-Calif.)" but not "Plan-B." or "5x.".
    const bool after_hyphen = s > a + 1 && cp(s - 1) == '-' && b - s >= 2;
    if (s != a && !after_hyphen) return false;
    if (b - s == 1) return true;  // an initial
    bool dotted = false;
    for (std::size_t k = s; k < b; ++k) dotted |= cls(k) == CharClass::kPeriod;
    if (dotted) return cls(s) != CharClass::kPeriod;
    std::string word;
    for (std::size_t k = s; k < b; ++k) {
      if (cp(k) >= 128) return false;
      word.push_back(static_cast<char>(cp(k)));
    }
    return WordTakesPeriod(word, next_chunk_starts_with_digit_);
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
      // "Radio 4's", "the 1990's": a possessive after a number stays with
      // it, for EmitWord to split off as the clitic 's.
      if (ce == CharClass::kApostrophe && prev == CharClass::kDigit && e + 1 < j &&
          AsciiLower(cp(e + 1)) == 's' && (e + 2 == j || !IsWordClass(cls(e + 2)))) {
        e += 2;
        break;
      }
      if (c == '&' && IsUpper(cp(e - 1)) && e + 1 < j && IsUpper(cp(e + 1))) {
        ++e;
        continue;
      }
      // A cut-off word ("th-" in transcribed speech): TokenizeChunk left the
      // hyphen at the end of the middle so that it stays with its word.
      if (c == '-' && prev == CharClass::kLetter && e + 1 == j) {
        ++e;
        break;
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
    if (const Contraction* c = FindContraction(AsciiLowerOf(s, e))) {
      Emit(s, s + c->split, TokenKind::kWord);
      Emit(s + c->split, e, TokenKind::kClitic);
      return;
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
        // A number keeps its kind ("Radio 4|'s").
        if (cls(e - 3) == CharClass::kDigit)
          EmitWord(s, e - 2);
        else
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
    if (ascii) return Emit(span, kind);
    NormalizeToken(doc_.text(span), kind, &norm_);
    doc_.AddToken(span, norm_, kind, pending_flags_);
    pending_flags_ = 0;
  }

  struct Pending {
    std::size_t a, b;
    TokenKind kind;
  };

  Document& doc_;
  std::string_view text_;
  const bool fast_path_;
  char32_t cp_ = 0;  // code point last classified by ClassAt
  std::vector<CodePoint> chunk_;
  std::vector<Pending> trailing_;
  std::string lower_;
  std::string norm_;
  std::uint8_t pending_flags_ = 0;
  bool next_chunk_starts_with_digit_ = false;
  bool paragraph_open_ = false;
  bool line_is_list_item_ = false;  // the current line began with a list marker
  std::uint32_t paragraph_first_token_ = 0;
};

}  // namespace

Status Tokenizer::Process(Document& doc) const {
  if (doc.text().size() >= std::numeric_limits<std::uint32_t>::max()) {
    return Status(StatusCode::kTooLarge,
                  "document '" + doc.metadata().id + "' is 4 GiB or more; split it before tokenizing");
  }
  doc.ClearAnnotations();
  TokenizerRun(doc, fast_path_).Run();
  doc.filled_columns |= assigns_columns();
  return Status::Ok();
}

}  // namespace hearsay::text
