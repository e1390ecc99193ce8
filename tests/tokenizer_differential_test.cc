// Differential test (as RE2 tests its engines against each other): the
// tokenizer's fast path for plain chunks must produce exactly what the
// general rules produce, on hand-written, random and corpus texts.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "eval/conllu.h"
#include "test_util.h"
#include "text/tokenizer.h"

namespace hearsay::text {
namespace {

using ::hearsay::testing::ExpectTokenInvariants;
using ::hearsay::testing::GumDir;

std::string Describe(const Document& doc, std::uint32_t t) {
  std::ostringstream s;
  s << "token " << t << " [" << doc.token_begin[t] << "," << doc.token_end[t] << ") '" << doc.token_text(t)
    << "' kind " << static_cast<int>(doc.token_kind[t]) << " flags " << static_cast<int>(doc.token_flags[t])
    << " norm '" << doc.token_norm(t) << "'";
  return s.str();
}

// Tokenizes `text` both ways; returns "" if they agree, else the first difference.
std::string Difference(const std::string& text) {
  Document general{text, DocumentMetadata{}};
  Document fast{text, DocumentMetadata{}};
  if (!Tokenizer(false).Process(general).ok() || !Tokenizer(true).Process(fast).ok()) return "Process failed";
  const std::uint32_t n = std::min(general.num_tokens(), fast.num_tokens());
  for (std::uint32_t t = 0; t < n; ++t) {
    if (general.token_begin[t] != fast.token_begin[t] || general.token_end[t] != fast.token_end[t] ||
        general.token_kind[t] != fast.token_kind[t] || general.token_flags[t] != fast.token_flags[t] ||
        general.token_norm_id[t] != fast.token_norm_id[t] || general.token_norm(t) != fast.token_norm(t)) {
      return "general " + Describe(general, t) + "\n   fast " + Describe(fast, t);
    }
  }
  if (general.num_tokens() != fast.num_tokens()) {
    return "token counts differ: general " + std::to_string(general.num_tokens()) + ", fast " +
           std::to_string(fast.num_tokens());
  }
  if (general.paragraphs.size() != fast.paragraphs.size()) return "paragraph counts differ";
  for (std::size_t p = 0; p < general.paragraphs.size(); ++p) {
    if (general.paragraphs[p].tokens != fast.paragraphs[p].tokens) {
      return "paragraph " + std::to_string(p) + " differs";
    }
  }
  return "";
}

// Shows control characters so that a failing random text can be read.
std::string Visible(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out;
}

const char* const kHandWritten[] = {
    "",
    "word",
    "word.",
    "Hello, world! How are you? Fine; thanks: bye.",
    "I don't know. We can't. It's fine, they're here, I'll go, we've seen, I'm sure, she'd say.",
    "The parents' cars. We cannot go; I'm gonna, you gotta, they wanna.",
    "A well-known non-profit re-elected the e-mail guy; seventy-five (75) people came.",
    "It cost 1,000.50 dollars, up 3.5% to $5bn at 08:00 on 1/2 in the 1990s and the '90s.",
    "The U.S. and Mr. Smith met Sen. Jones, Gov. Brown and Dr. No in Jan. at Acme Inc. e.g. at 5 a.m. today.",
    "A Ph.D. from J. Doe. He was No. 5. She said no. The answer was No. 7 more.",
    "Visit https://example.com/a?b=1 or www.bbc.co.uk or mail me at john.doe@example.org. @jane #tag2024.",
    "\xE2\x80\x9CYes,\xE2\x80\x9D he said. \xE2\x80\x98No\xE2\x80\x99 \xC2\xAB"
    "oui\xC2\xBB \xE2\x80\x9E"
    "ja\xE2\x80\x9C "
    "\"plain\" 'single'.",
    "Wait... what\xE2\x80\xA6 no\xE2\x80\x94yes \xE2\x80\x93 maybe -- ok \xE2\x80\x92 fine.",
    "a\xC2\xA0"
    "b c\xE2\x80\x8B"
    "d e\xE2\x80\x8D"
    "f g\xC2\xAD"
    "h Cafe\xCC\x81.",
    "Line one.\r\nLine two.\r\n\r\nPara two.\r\n  \r\nPara three.\xE2\x80\xA9Para four.",
    "Hello \xEF\xBB\xBFworld. It doesn\xE2\x80\x99t matter.",
    "KYIV, Ukraine (AP) \xE2\x80\x94 Russian forces shelled the city. Officials said five died.",
    "The bridge opened in 1805.[6] It was rebuilt. (This was odd.) They met.",
    "- first item\n- second item\n1. numbered\n2) other\n",
    "end.Then word.word a.b.c. U.S.A. Inc.. etc... no.5 No.5 x.y.z",
    "5. 5, 5; 5: 5! 5? 5) 5.5 5,5 5a a5 A5. a5. 5bn. 5km, $5 5$",
    "a. b, c; d: e! f? g) H. I, J; K: L! M? N)",
    "cannot. gonna, gotta; wanna! Cannot GONNA",
    "\t tabbed\ttext \x0B vertical \x0C feed \x7F del",
    ("caf\xC3\xA9. na\xC3\xAFve, \xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2; \xE4\xB8\xAD\xE6\x96\x87! "
     "\xF0\x9F\x98\x80?"),
    "Mr. mr. MR. Jan. jan. JAN. Inc. inc. etc. ETC. al. Al. vs. v. cf. pp. approx.",
};

TEST(TokenizerDifferential, HandWrittenTexts) {
  for (const char* text : kHandWritten) {
    SCOPED_TRACE(Visible(text));
    EXPECT_EQ(Difference(text), "");
    ExpectTokenInvariants(::hearsay::testing::Tokenize(text, false));
  }
}

// A random text built from pieces that stress the chunk boundaries of the
// fast path: words, numbers, the punctuation it handles and what it does not.
std::string RandomText(std::mt19937& rng) {
  static const char* const kWords[] = {
      "the",
      "The",
      "said",
      "Mr",
      "mr",
      "U",
      "S",
      "No",
      "no",
      "Jan",
      "jan",
      "Inc",
      "etc",
      "al",
      "vs",
      "v",
      "a",
      "I",
      "A",
      "Z",
      "cannot",
      "gonna",
      "gotta",
      "wanna",
      "GONNA",
      "don",
      "can",
      "it",
      "re",
      "non",
      "well",
      "known",
      "bn",
      "km",
      "am",
      "pm",
      "e",
      "g",
      "Sen",
      "Gov",
      "approx",
      "Calif",
      "x",
      "www",
      "com",
      "org",
      "http",
      "caf\xC3\xA9",
      "na\xC3\xAFve",
      "\xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2",
      "Cafe\xCC\x81",
      "news\xE2\x80\x8Dpaper",
      ("in\xC2\xAD"
       "ter"),  // split: the escape would swallow the "e"
  };
  static const char* const kPunct[] = {
      ".",
      ",",
      ";",
      ":",
      "!",
      "?",
      ")",
      "(",
      "\"",
      "'",
      "-",
      "--",
      "...",
      "/",
      "@",
      "#",
      "$",
      "%",
      "&",
      "[",
      "]",
      "\xE2\x80\x9C",
      "\xE2\x80\x9D",
      "\xE2\x80\x98",
      "\xE2\x80\x99",
      "\xC2\xAB",
      "\xC2\xBB",
      "\xE2\x80\x94",
      "\xE2\x80\x93",
      "\xE2\x80\xA6",
      "\xE2\x80\x8D",
      "\xC2\xAD",
      "n't",
      "'s",
      "'re",
      "'ll",
  };
  static const char* const kSpaces[] = {
      " ",
      " ",
      " ",
      " ",
      "  ",
      "\n",
      "\n\n",
      "\r\n",
      "\t",
      "\xC2\xA0",
      "\xE2\x80\x8B",
      "\n \n",
      "\xE2\x80\xA9",
      "\xEF\xBB\xBF",
      "\r\n\r\n",
      "\xE2\x80\xA8",
  };
  std::string text;
  const int pieces = 1 + static_cast<int>(rng() % 40);
  for (int i = 0; i < pieces; ++i) {
    const unsigned r = rng() % 100;
    if (r < 40) {
      text += kWords[rng() % std::size(kWords)];
    } else if (r < 55) {
      const int digits = 1 + static_cast<int>(rng() % 5);
      for (int d = 0; d < digits; ++d) text += static_cast<char>('0' + rng() % 10);
    } else if (r < 80) {
      text += kPunct[rng() % std::size(kPunct)];
    } else {
      text += kSpaces[rng() % std::size(kSpaces)];
    }
  }
  return text;
}

TEST(TokenizerDifferential, RandomTexts) {
  std::mt19937 rng(1234567);
  int failures = 0;
  for (int round = 0; round < 20000 && failures < 10; ++round) {
    const std::string text = RandomText(rng);
    const std::string diff = Difference(text);
    if (!diff.empty()) {
      ++failures;
      ADD_FAILURE() << "round " << round << " text \"" << Visible(text) << "\"\n" << diff;
    }
  }
}

TEST(TokenizerDifferential, RandomTextsKeepInvariants) {
  std::mt19937 rng(7654321);
  for (int round = 0; round < 3000; ++round) {
    const std::string text = RandomText(rng);
    SCOPED_TRACE("round " + std::to_string(round) + " text \"" + Visible(text) + "\"");
    ExpectTokenInvariants(::hearsay::testing::Tokenize(text, true));
    if (::testing::Test::HasFailure()) break;
  }
}

TEST(TokenizerDifferential, GumTexts) {
  const std::filesystem::path gum = GumDir();
  if (!std::filesystem::exists(gum)) {
    GTEST_SKIP() << "no " << gum.string() << " (../shared is absent); skipping the GUM differential test";
  }
  std::size_t documents = 0;
  for (const char* split : {"train", "dev"}) {
    const std::filesystem::path dir = gum / split;
    if (!std::filesystem::exists(dir)) continue;
    auto docs = eval::ReadConlluDirectory(dir.string());
    ASSERT_TRUE(docs.ok()) << docs.status().ToString();
    for (const eval::ConlluDocument& cdoc : docs.value()) {
      const std::string text = eval::RebuildText(cdoc).text;
      EXPECT_EQ(Difference(text), "") << "GUM document " << cdoc.id;
      ++documents;
    }
  }
  EXPECT_GT(documents, 0u);
}

}  // namespace
}  // namespace hearsay::text
