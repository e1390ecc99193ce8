// Tests of the UTF-8 helpers: validation, replacement of ill-formed input
// (maximal subparts), positions and code-point counting.
#include "text/utf8.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>

namespace hearsay::utf8 {
namespace {

constexpr std::string_view kFffd = "\xEF\xBF\xBD";

std::string Replaced(std::string_view bytes, std::size_t* count = nullptr) {
  std::string out;
  const std::size_t n = ReplaceInvalid(bytes, &out);
  if (count != nullptr) *count = n;
  return out;
}

std::string Fffd(int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += kFffd;
  return out;
}

// ---- FindInvalid ----

TEST(FindInvalid, EmptyAndAsciiAreValid) {
  EXPECT_EQ(FindInvalid(""), kValid);
  EXPECT_EQ(FindInvalid("hello, world"), kValid);
  EXPECT_EQ(FindInvalid(std::string(1000, 'a')), kValid);
  EXPECT_EQ(FindInvalid("\x7F"), kValid);
}

TEST(FindInvalid, ValidMultiByteSequences) {
  EXPECT_EQ(FindInvalid("caf\xC3\xA9"), kValid);       // é (2 bytes)
  EXPECT_EQ(FindInvalid("\xE2\x82\xAC"), kValid);      // € (3 bytes)
  EXPECT_EQ(FindInvalid("\xF0\x9F\x98\x80"), kValid);  // U+1F600 (4 bytes)
  EXPECT_EQ(FindInvalid("\xF4\x8F\xBF\xBF"), kValid);  // U+10FFFF, the last code point
  EXPECT_EQ(FindInvalid("\xED\x9F\xBF"), kValid);      // U+D7FF, just below the surrogates
  EXPECT_EQ(FindInvalid("\xEE\x80\x80"), kValid);      // U+E000, just above them
  EXPECT_EQ(FindInvalid("\xC2\x80"), kValid);          // U+0080, the smallest 2-byte form
  EXPECT_EQ(FindInvalid("\xE0\xA0\x80"), kValid);      // U+0800, the smallest 3-byte form
  EXPECT_EQ(FindInvalid("\xF0\x90\x80\x80"), kValid);  // U+10000, the smallest 4-byte form
  EXPECT_EQ(FindInvalid("abcdefgh\xF0\x9F\x98\x80ijklmnop\xC3\xA9"), kValid);
}

TEST(FindInvalid, Overlong) {
  EXPECT_EQ(FindInvalid("\xC0\xAF"), 0u);           // '/' in two bytes
  EXPECT_EQ(FindInvalid("\xC1\xBF"), 0u);           // U+007F in two bytes
  EXPECT_EQ(FindInvalid("ab\xE0\x80\xAF"), 2u);     // '/' in three bytes
  EXPECT_EQ(FindInvalid("abc\xE0\x9F\xBF"), 3u);    // U+07FF in three bytes
  EXPECT_EQ(FindInvalid("\xF0\x80\x80\xAF"), 0u);   // '/' in four bytes
  EXPECT_EQ(FindInvalid("x\xF0\x8F\xBF\xBF"), 1u);  // U+FFFF in four bytes
}

TEST(FindInvalid, Surrogates) {
  EXPECT_EQ(FindInvalid("\xED\xA0\x80"), 0u);              // U+D800
  EXPECT_EQ(FindInvalid("ok \xED\xBF\xBF"), 3u);           // U+DFFF
  EXPECT_EQ(FindInvalid("\xED\xA0\xBD\xED\xB8\x80"), 0u);  // a CESU-8 surrogate pair
}

TEST(FindInvalid, BeyondLastCodePoint) {
  EXPECT_EQ(FindInvalid("\xF4\x90\x80\x80"), 0u);  // U+110000
  EXPECT_EQ(FindInvalid("a\xF5\x80\x80\x80"), 1u);
  EXPECT_EQ(FindInvalid("\xF7\xBF\xBF\xBF"), 0u);
  EXPECT_EQ(FindInvalid("\xF8\x88\x80\x80\x80"), 0u);  // old 5-byte form
  EXPECT_EQ(FindInvalid("\xFC\x84\x80\x80\x80\x80"), 0u);
  EXPECT_EQ(FindInvalid("\xFE"), 0u);
  EXPECT_EQ(FindInvalid("\xFF"), 0u);
}

TEST(FindInvalid, TruncatedSequences) {
  EXPECT_EQ(FindInvalid("\xC3"), 0u);
  EXPECT_EQ(FindInvalid("caf\xC3"), 3u);
  EXPECT_EQ(FindInvalid("\xE2\x82"), 0u);
  EXPECT_EQ(FindInvalid("x\xF0\x9F\x98"), 1u);
  EXPECT_EQ(FindInvalid("\xF0\x9F\x98 a"), 0u);  // interrupted by a space
  EXPECT_EQ(FindInvalid("\xE2\x82x"), 0u);
  EXPECT_EQ(FindInvalid("\xC3\xC3\xA9"), 0u);
}

TEST(FindInvalid, LoneContinuationBytes) {
  EXPECT_EQ(FindInvalid("\x80"), 0u);
  EXPECT_EQ(FindInvalid("abc\xBF"), 3u);
  EXPECT_EQ(FindInvalid("\xC3\xA9\xA9"), 2u);
}

TEST(FindInvalid, OffsetsPastTheAsciiFastPath) {
  // The scanner skips eight ASCII bytes at a time; the error must still be
  // found at its exact offset wherever it falls relative to those blocks.
  for (std::size_t prefix = 0; prefix < 40; ++prefix) {
    std::string s(prefix, 'a');
    s += '\xFF';
    s += std::string(17, 'b');
    EXPECT_EQ(FindInvalid(s), prefix) << "prefix " << prefix;
    std::string t(prefix, 'a');
    t += "\xE2\x82";  // truncated at the very end
    EXPECT_EQ(FindInvalid(t), prefix) << "prefix " << prefix;
  }
}

// ---- ReplaceInvalid ----

TEST(ReplaceInvalid, ValidInputIsCopied) {
  const std::string valid = "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xF0\x9F\x98\x80";
  std::size_t count = 99;
  EXPECT_EQ(Replaced(valid, &count), valid);
  EXPECT_EQ(count, 0u);
  EXPECT_EQ(Replaced("", &count), "");
  EXPECT_EQ(count, 0u);
}

TEST(ReplaceInvalid, TruncatedFourByteSequenceIsOneReplacement) {
  std::size_t count = 0;
  EXPECT_EQ(Replaced("\xF0\x9F\x98"
                     "a",
                     &count),
            "\xEF\xBF\xBD"
            "a");
  EXPECT_EQ(count, 1u);
  EXPECT_EQ(Replaced("x\xE2\x82", &count), "x\xEF\xBF\xBD");
  EXPECT_EQ(count, 1u);
}

TEST(ReplaceInvalid, EachByteOfAnImpossiblePrefixIsReplaced) {
  std::size_t count = 0;
  // C0 never starts a sequence; AF is then a lone continuation byte.
  EXPECT_EQ(Replaced("\xC0\xAF", &count), Fffd(2));
  EXPECT_EQ(count, 2u);
  // ED A0: A0 is outside ED's second-byte range, so ED alone is a maximal subpart.
  EXPECT_EQ(Replaced("\xED\xA0\x80", &count), Fffd(3));
  EXPECT_EQ(count, 3u);
  // F4 90: beyond U+10FFFF.
  EXPECT_EQ(Replaced("\xF4\x90\x80\x80", &count), Fffd(4));
  EXPECT_EQ(count, 4u);
  EXPECT_EQ(Replaced("\xE0\x80\xAF", &count), Fffd(3));
  EXPECT_EQ(count, 3u);
  EXPECT_EQ(Replaced("\xFF\xFE", &count), Fffd(2));
  EXPECT_EQ(count, 2u);
}

TEST(ReplaceInvalid, UnicodeStandardExample) {
  // The example of "U+FFFD substitution of maximal subparts" in chapter 3 of
  // the Unicode Standard: 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64.
  std::size_t count = 0;
  const std::string out = Replaced("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64", &count);
  std::string expected = "a";
  expected += Fffd(3);
  expected += "b";
  expected += Fffd(1);
  expected += "c";
  expected += Fffd(2);
  expected += "d";
  EXPECT_EQ(out, expected);
  EXPECT_EQ(count, 6u);
}

TEST(ReplaceInvalid, TruncatedSequenceFollowedByValidOne) {
  std::size_t count = 0;
  EXPECT_EQ(Replaced("\xE2\x82\xE2\x82\xAC", &count), "\xEF\xBF\xBD\xE2\x82\xAC");
  EXPECT_EQ(count, 1u);
  EXPECT_EQ(Replaced("\xC3\xC3\xA9", &count), "\xEF\xBF\xBD\xC3\xA9");
  EXPECT_EQ(count, 1u);
}

TEST(ReplaceInvalid, ClearsOutput) {
  std::string out = "stale";
  EXPECT_EQ(ReplaceInvalid("ok", &out), 0u);
  EXPECT_EQ(out, "ok");
}

TEST(ReplaceInvalid, OutputIsAlwaysValidOnRandomBytes) {
  std::mt19937 rng(20240611);
  // Bytes weighted towards the interesting ranges: ASCII, lead bytes, continuations.
  const unsigned char interesting[] = {'a',  ' ',  0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE1, 0xED,
                                       0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF, 0x9F, 0xA0, 0x8F, 0x90};
  for (int round = 0; round < 2000; ++round) {
    std::string bytes;
    const int len = static_cast<int>(rng() % 24);
    for (int i = 0; i < len; ++i) {
      bytes.push_back(static_cast<char>(rng() % 2 ? interesting[rng() % sizeof interesting] : rng() % 256));
    }
    std::string out;
    const std::size_t count = ReplaceInvalid(bytes, &out);
    ASSERT_EQ(FindInvalid(out), kValid) << "round " << round;
    if (FindInvalid(bytes) == kValid) {
      EXPECT_EQ(count, 0u);
      EXPECT_EQ(out, bytes);
    } else {
      EXPECT_GE(count, 1u);
      // Replacing is idempotent.
      std::string again;
      EXPECT_EQ(ReplaceInvalid(out, &again), 0u);
      EXPECT_EQ(again, out);
    }
  }
}

// ---- PositionOf ----

TEST(PositionOf, LinesAreOneBasedColumnsZeroBased) {
  const std::string_view text = "ab\ncd\n\nef";
  EXPECT_EQ(PositionOf(text, 0).line, 1u);
  EXPECT_EQ(PositionOf(text, 0).column, 0u);
  EXPECT_EQ(PositionOf(text, 1).column, 1u);
  // The newline itself belongs to the line it ends.
  EXPECT_EQ(PositionOf(text, 2).line, 1u);
  EXPECT_EQ(PositionOf(text, 2).column, 2u);
  EXPECT_EQ(PositionOf(text, 3).line, 2u);
  EXPECT_EQ(PositionOf(text, 3).column, 0u);
  EXPECT_EQ(PositionOf(text, 4).line, 2u);
  EXPECT_EQ(PositionOf(text, 4).column, 1u);
  EXPECT_EQ(PositionOf(text, 6).line, 3u);
  EXPECT_EQ(PositionOf(text, 6).column, 0u);
  EXPECT_EQ(PositionOf(text, 8).line, 4u);
  EXPECT_EQ(PositionOf(text, 8).column, 1u);
}

TEST(PositionOf, ColumnsCountBytes) {
  const std::string_view text = "\xC3\xA9t\xC3\xA9\n\xE2\x82\xAC x";
  EXPECT_EQ(PositionOf(text, 3).column, 3u);
  const Position p = PositionOf(text, 10);
  EXPECT_EQ(p.line, 2u);
  EXPECT_EQ(p.column, 4u);
}

TEST(PositionOf, CrLfCountsOneLine) {
  const std::string_view text = "a\r\nb\r\nc";
  const Position p = PositionOf(text, 6);
  EXPECT_EQ(p.line, 3u);
  EXPECT_EQ(p.column, 0u);
}

// ---- CountCodePoints, Append, Decode, IsAscii ----

TEST(CountCodePoints, CountsCodePointsNotBytes) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("\xC3\xA9"), 1u);
  EXPECT_EQ(CountCodePoints("\xE2\x82\xAC"), 1u);
  EXPECT_EQ(CountCodePoints("\xF0\x9F\x98\x80"), 1u);
  EXPECT_EQ(CountCodePoints("a\xE2\x82\xAC\xF0\x9F\x98\x80z"), 4u);
  EXPECT_EQ(CountCodePoints("e\xCC\x81"), 2u);  // e + combining acute: two code points
}

TEST(Append, EncodesEveryLengthBoundary) {
  const struct {
    char32_t cp;
    std::string_view bytes;
  } kCases[] = {
      {0x00, std::string_view("\0", 1)},
      {0x41, "A"},
      {0x7F, "\x7F"},
      {0x80, "\xC2\x80"},
      {0xE9, "\xC3\xA9"},
      {0x7FF, "\xDF\xBF"},
      {0x800, "\xE0\xA0\x80"},
      {0x20AC, "\xE2\x82\xAC"},
      {0xFFFD, "\xEF\xBF\xBD"},
      {0xFFFF, "\xEF\xBF\xBF"},
      {0x10000, "\xF0\x90\x80\x80"},
      {0x1F600, "\xF0\x9F\x98\x80"},
      {0x10FFFF, "\xF4\x8F\xBF\xBF"},
  };
  for (const auto& c : kCases) {
    std::string out = "<";
    Append(c.cp, &out);
    EXPECT_EQ(out.substr(1), c.bytes) << "U+" << std::hex << static_cast<std::uint32_t>(c.cp);
    std::size_t len = 0;
    EXPECT_EQ(Decode(out.data() + 1, &len), c.cp);
    EXPECT_EQ(len, c.bytes.size());
    EXPECT_EQ(FindInvalid(out), kValid);
  }
}

TEST(Decode, RoundTripsEveryScalarValueSample) {
  for (char32_t cp = 0; cp <= 0x10FFFF; cp += (cp < 0x3000 ? 1 : 97)) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string s;
    Append(cp, &s);
    ASSERT_EQ(FindInvalid(s), kValid) << std::hex << static_cast<std::uint32_t>(cp);
    std::size_t len = 0;
    ASSERT_EQ(Decode(s.data(), &len), cp);
    ASSERT_EQ(len, s.size());
    ASSERT_EQ(CountCodePoints(s), 1u);
  }
}

TEST(IsAscii, DetectsHighBytes) {
  EXPECT_TRUE(IsAscii(""));
  EXPECT_TRUE(IsAscii("plain text\n"));
  EXPECT_FALSE(IsAscii("caf\xC3\xA9"));
  EXPECT_FALSE(IsAscii("\x80"));
}

}  // namespace
}  // namespace hearsay::utf8
