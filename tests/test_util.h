// Helpers shared by the hearsay unit tests.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "hearsay/document.h"
#include "hearsay/pipeline.h"
#include "text/char_class.h"
#include "text/sentence_splitter.h"
#include "text/tokenizer.h"
#include "text/utf8.h"

namespace hearsay::testing {

// ../shared next to the source tree (absent in a fresh clone).
inline std::filesystem::path SharedDir() {
  return std::filesystem::path(HEARSAY_SOURCE_DIR "/../shared");
}

inline std::filesystem::path GumDir() {
  return SharedDir() / "data" / "gum";
}

// Tokenizes `text` (fast path unless told otherwise) and returns the document.
inline Document Tokenize(std::string_view text, bool fast_path = true) {
  Document doc{std::string(text), DocumentMetadata{}};
  const Status status = text::Tokenizer(fast_path).Process(doc);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return doc;
}

// Tokenizes and splits sentences.
inline Document Segment(std::string_view text) {
  Document doc = Tokenize(text);
  const Status status = text::SentenceSplitter().Process(doc);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return doc;
}

inline std::vector<std::string> TokenTexts(const Document& doc) {
  std::vector<std::string> out;
  for (std::uint32_t t = 0; t < doc.num_tokens(); ++t) out.emplace_back(doc.token_text(t));
  return out;
}

inline std::vector<std::string> TokenNorms(const Document& doc) {
  std::vector<std::string> out;
  for (std::uint32_t t = 0; t < doc.num_tokens(); ++t) out.emplace_back(doc.token_norm(t));
  return out;
}

// "tok|tok|tok" for one token range.
inline std::string JoinTokens(const Document& doc, TokenRange range, std::string_view separator = " | ") {
  std::string out;
  for (std::uint32_t t = range.first; t < range.last; ++t) {
    if (t != range.first) out += separator;
    out += doc.token_text(t);
  }
  return out;
}

inline std::vector<std::string> SentenceStrings(const Document& doc) {
  std::vector<std::string> out;
  for (const TokenRange& r : doc.sentences) out.push_back(JoinTokens(doc, r));
  return out;
}

// Code points of valid UTF-8.
inline std::u32string ToUtf32(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len;
    out.push_back(utf8::Decode(s.data() + i, &len));
    i += len;
  }
  return out;
}

// Whether code point `cp` separates tokens (space, line or paragraph break).
inline bool IsSeparator(char32_t cp) {
  const text::CharClass c = text::ClassOf(cp);
  return c == text::CharClass::kSpace || c == text::CharClass::kNewline ||
         c == text::CharClass::kParagraphSep;
}

inline bool IsLineBreak(char32_t cp) {
  const text::CharClass c = text::ClassOf(cp);
  return c == text::CharClass::kNewline || c == text::CharClass::kParagraphSep;
}

// Checks what must hold for every tokenized document, whatever its text:
//   * spans are non-empty, increasing, non-overlapping and within the text;
//   * every span reproduces its text, starts and ends on code-point
//     boundaries and contains no separator (space, newline);
//   * every code point outside all tokens is a separator or invisible;
//   * kSpaceAfter is set exactly when a separator follows before the next token;
//   * kNewlineBefore is set exactly when a line break precedes (the first
//     token of the document always has it);
//   * paragraphs partition the tokens in order, are non-empty and start with a
//     kParagraphStart token (and only they do).
inline void ExpectTokenInvariants(const Document& doc) {
  const std::string& text = doc.text();
  const std::uint32_t n = doc.num_tokens();
  ASSERT_EQ(doc.token_end.size(), n);
  ASSERT_EQ(doc.token_kind.size(), n);
  ASSERT_EQ(doc.token_flags.size(), n);
  ASSERT_EQ(doc.token_norm_id.size(), n);
  auto gap_has = [&](std::uint32_t from, std::uint32_t to, bool (*pred)(char32_t)) {
    for (std::size_t i = from; i < to;) {
      std::size_t len;
      const char32_t cp = utf8::Decode(text.data() + i, &len);
      if (pred(cp)) return true;
      i += len;
    }
    return false;
  };
  auto check_gap = [&](std::uint32_t from, std::uint32_t to) {
    for (std::size_t i = from; i < to;) {
      std::size_t len;
      const char32_t cp = utf8::Decode(text.data() + i, &len);
      EXPECT_TRUE(IsSeparator(cp) || text::ClassOf(cp) == text::CharClass::kInvisible)
          << "code point U+" << std::hex << static_cast<std::uint32_t>(cp) << std::dec << " at byte " << i
          << " is in no token";
      i += len;
    }
  };
  std::uint32_t prev_end = 0;
  for (std::uint32_t t = 0; t < n; ++t) {
    const std::uint32_t b = doc.token_begin[t], e = doc.token_end[t];
    ASSERT_LT(b, e) << "token " << t << " is empty";
    ASSERT_LE(e, text.size()) << "token " << t;
    ASSERT_GE(b, prev_end) << "token " << t << " overlaps or precedes token " << t - 1;
    EXPECT_EQ(doc.token_text(t), std::string_view(text).substr(b, e - b));
    EXPECT_NE(static_cast<unsigned char>(text[b]) & 0xC0, 0x80) << "token " << t << " starts mid code point";
    EXPECT_TRUE(e == text.size() || (static_cast<unsigned char>(text[e]) & 0xC0) != 0x80)
        << "token " << t << " ends mid code point";
    EXPECT_FALSE(gap_has(b, e, IsSeparator))
        << "token " << t << " '" << doc.token_text(t) << "' covers whitespace";
    check_gap(prev_end, b);
    const std::uint32_t next_begin =
        t + 1 < n ? doc.token_begin[t + 1] : static_cast<std::uint32_t>(text.size());
    EXPECT_EQ((doc.token_flags[t] & kSpaceAfter) != 0, gap_has(e, next_begin, IsSeparator))
        << "kSpaceAfter of token " << t << " '" << doc.token_text(t) << "'";
    EXPECT_EQ((doc.token_flags[t] & kNewlineBefore) != 0, t == 0 || gap_has(prev_end, b, IsLineBreak))
        << "kNewlineBefore of token " << t << " '" << doc.token_text(t) << "'";
    EXPECT_EQ((doc.token_flags[t] & kNormDiffers) != 0, doc.token_norm(t) != doc.token_text(t))
        << "kNormDiffers of token " << t;
    prev_end = e;
  }
  check_gap(prev_end, static_cast<std::uint32_t>(text.size()));

  std::uint32_t next_first = 0;
  std::vector<bool> starts(n, false);
  for (const Paragraph& p : doc.paragraphs) {
    ASSERT_EQ(p.tokens.first, next_first) << "paragraphs do not partition the tokens";
    ASSERT_FALSE(p.tokens.empty());
    ASSERT_LE(p.tokens.last, n);
    starts[p.tokens.first] = true;
    next_first = p.tokens.last;
  }
  EXPECT_EQ(next_first, n) << "paragraphs do not cover every token";
  for (std::uint32_t t = 0; t < n; ++t) {
    EXPECT_EQ((doc.token_flags[t] & kParagraphStart) != 0, starts[t])
        << "kParagraphStart of token " << t << " '" << doc.token_text(t) << "'";
  }
}

// Sentences partition each paragraph's tokens into non-empty ranges.
inline void ExpectSentenceInvariants(const Document& doc) {
  std::size_t s = 0;
  for (const Paragraph& p : doc.paragraphs) {
    std::uint32_t next = p.tokens.first;
    while (next < p.tokens.last) {
      ASSERT_LT(s, doc.sentences.size()) << "paragraph tokens not covered by sentences";
      const TokenRange r = doc.sentences[s++];
      ASSERT_EQ(r.first, next) << "sentence " << s - 1 << " does not continue the previous one";
      ASSERT_GT(r.last, r.first) << "empty sentence " << s - 1;
      ASSERT_LE(r.last, p.tokens.last) << "sentence " << s - 1 << " crosses a paragraph end";
      next = r.last;
    }
  }
  EXPECT_EQ(s, doc.sentences.size()) << "sentences outside every paragraph";
}

// A fresh directory under the system temp dir, removed when the test ends.
class TempDir {
 public:
  TempDir() {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "hearsay_test";
    if (info != nullptr) name += std::string("_") + info->test_suite_name() + "_" + info->name();
    for (char& c : name)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
    path_ = std::filesystem::temp_directory_path() / (name + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Writes `bytes` to a file in the directory; returns its path.
  std::string Write(const std::string& name, std::string_view bytes) const {
    const std::filesystem::path file = path_ / name;
    std::ofstream out(file, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    EXPECT_TRUE(out.good()) << "cannot write " << file;
    return file.string();
  }

 private:
  std::filesystem::path path_;
};

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace hearsay::testing
