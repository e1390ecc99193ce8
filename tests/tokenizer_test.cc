// Hand-written tests of the tokenizer: GUM conventions for news English,
// Unicode details, paragraphs and token flags.
#include "text/tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_util.h"

namespace hearsay::text {
namespace {

using ::hearsay::testing::ExpectTokenInvariants;
using ::hearsay::testing::TokenNorms;
using ::hearsay::testing::TokenTexts;
using Strings = std::vector<std::string>;

// Tokenizes with both paths, checks the invariants and that both agree.
Document Tok(std::string_view text) {
  Document doc = ::hearsay::testing::Tokenize(text, /*fast_path=*/true);
  ExpectTokenInvariants(doc);
  const Document slow = ::hearsay::testing::Tokenize(text, /*fast_path=*/false);
  EXPECT_EQ(TokenTexts(slow), TokenTexts(doc)) << "the general path disagrees on: " << text;
  return doc;
}

Strings Texts(std::string_view text) {
  return TokenTexts(Tok(text));
}

// Kind of the first token whose text is `token`.
TokenKind KindOf(const Document& doc, std::string_view token) {
  for (std::uint32_t t = 0; t < doc.num_tokens(); ++t)
    if (doc.token_text(t) == token) return doc.token_kind[t];
  ADD_FAILURE() << "no token '" << token << "'";
  return TokenKind::kWord;
}

// Norm of the first token whose text is `token`.
std::string NormOf(const Document& doc, std::string_view token) {
  for (std::uint32_t t = 0; t < doc.num_tokens(); ++t)
    if (doc.token_text(t) == token) return std::string(doc.token_norm(t));
  ADD_FAILURE() << "no token '" << token << "'";
  return {};
}

// ---- basics ----

TEST(Tokenizer, EmptyAndBlankTexts) {
  for (std::string_view text : {"", " ", "\n\n", " \t\r\n ", "\xE2\x80\x8B"}) {
    const Document doc = Tok(text);
    EXPECT_EQ(doc.num_tokens(), 0u) << "'" << text << "'";
    EXPECT_TRUE(doc.paragraphs.empty());
  }
}

TEST(Tokenizer, SetsColumnsAndReplacesEarlierTokens) {
  Document doc{"One two.", DocumentMetadata{}};
  ASSERT_TRUE(Tokenizer().Process(doc).ok());
  EXPECT_EQ(doc.filled_columns, kColTokens | kColParagraphs);
  ASSERT_TRUE(Tokenizer().Process(doc).ok());  // a second run starts afresh
  EXPECT_EQ(TokenTexts(doc), (Strings{"One", "two", "."}));
  EXPECT_EQ(doc.paragraphs.size(), 1u);
}

TEST(Tokenizer, ComponentDeclaration) {
  const Tokenizer tokenizer;
  EXPECT_EQ(tokenizer.name(), "tokenizer");
  EXPECT_EQ(tokenizer.requires_columns(), 0u);
  EXPECT_EQ(tokenizer.assigns_columns(), kColTokens | kColParagraphs);
}

TEST(Tokenizer, WordsAndFinalPunctuation) {
  EXPECT_EQ(Texts("The council met on Monday."), (Strings{"The", "council", "met", "on", "Monday", "."}));
  EXPECT_EQ(Texts("Why? Because!"), (Strings{"Why", "?", "Because", "!"}));
  EXPECT_EQ(Texts("a, b; c: d"), (Strings{"a", ",", "b", ";", "c", ":", "d"}));
  EXPECT_EQ(Texts("Really?!"), (Strings{"Really", "?", "!"}));
}

// ---- clitics ----

TEST(Tokenizer, Clitics) {
  EXPECT_EQ(Texts("I don't know."), (Strings{"I", "do", "n't", "know", "."}));
  EXPECT_EQ(Texts("We can't stay"), (Strings{"We", "ca", "n't", "stay"}));
  EXPECT_EQ(Texts("it's"), (Strings{"it", "'s"}));
  EXPECT_EQ(Texts("we're"), (Strings{"we", "'re"}));
  EXPECT_EQ(Texts("I'll"), (Strings{"I", "'ll"}));
  EXPECT_EQ(Texts("they've"), (Strings{"they", "'ve"}));
  EXPECT_EQ(Texts("I'm"), (Strings{"I", "'m"}));
  EXPECT_EQ(Texts("she'd"), (Strings{"she", "'d"}));
  EXPECT_EQ(Texts("won't"), (Strings{"wo", "n't"}));
  EXPECT_EQ(Texts("DON'T"), (Strings{"DO", "N'T"}));
  EXPECT_EQ(Texts("the country's"), (Strings{"the", "country", "'s"}));
  EXPECT_EQ(Texts("the parents' cars"), (Strings{"the", "parents", "'", "cars"}));
  // A possessive after a number, as GUM splits it; a foot-and-inch mark is
  // not one.
  EXPECT_EQ(Texts("Radio 4's show"), (Strings{"Radio", "4", "'s", "show"}));
  EXPECT_EQ(Texts("the 1990’s"), (Strings{"the", "1990", "’s"}));
  EXPECT_EQ(Texts("4'5 tall"), (Strings{"4", "'", "5", "tall"}));
  EXPECT_EQ(Texts("4'six"), (Strings{"4", "'", "six"}));
}

TEST(Tokenizer, CliticKinds) {
  const Document doc = Tok("They don't know it's late.");
  EXPECT_EQ(KindOf(doc, "do"), TokenKind::kWord);
  EXPECT_EQ(KindOf(doc, "n't"), TokenKind::kClitic);
  EXPECT_EQ(KindOf(doc, "'s"), TokenKind::kClitic);
}

TEST(Tokenizer, CurlyApostrophesNormaliseToAscii) {
  const Document doc = Tok("It doesn\xE2\x80\x99t matter, she\xE2\x80\x99s here.");
  EXPECT_EQ(TokenTexts(doc),
            (Strings{"It", "does", "n\xE2\x80\x99t", "matter", ",", "she", "\xE2\x80\x99s", "here", "."}));
  EXPECT_EQ(NormOf(doc, "n\xE2\x80\x99t"), "n't");
  EXPECT_EQ(NormOf(doc, "\xE2\x80\x99s"), "'s");
  EXPECT_EQ(KindOf(doc, "n\xE2\x80\x99t"), TokenKind::kClitic);
  // The norm is stored only where it differs.
  for (std::uint32_t t = 0; t < doc.num_tokens(); ++t) {
    const bool curly = doc.token_text(t).find("\xE2\x80\x99") != std::string_view::npos;
    EXPECT_EQ((doc.token_flags[t] & kNormDiffers) != 0, curly) << doc.token_text(t);
  }
}

TEST(Tokenizer, CurlyApostropheInsideNames) {
  const Document doc =
      Tok("O\xE2\x80\x99"
          "Brien left.");
  EXPECT_EQ(TokenTexts(doc), (Strings{"O\xE2\x80\x99"
                                      "Brien",
                                      "left", "."}));
  EXPECT_EQ(TokenNorms(doc)[0], "O'Brien");
  EXPECT_EQ(Texts("O'Brien's dog"), (Strings{"O'Brien", "'s", "dog"}));
}

TEST(Tokenizer, Contractions) {
  EXPECT_EQ(Texts("We cannot go."), (Strings{"We", "can", "not", "go", "."}));
  EXPECT_EQ(Texts("Cannot"), (Strings{"Can", "not"}));
  EXPECT_EQ(Texts("I'm gonna win"), (Strings{"I", "'m", "gon", "na", "win"}));
  EXPECT_EQ(Texts("you gotta see"), (Strings{"you", "got", "ta", "see"}));
  EXPECT_EQ(Texts("wanna come?"), (Strings{"wan", "na", "come", "?"}));
  EXPECT_EQ(Texts("GONNA"), (Strings{"GON", "NA"}));
  const Document doc = Tok("gonna");
  EXPECT_EQ(doc.token_kind[1], TokenKind::kClitic);
  // Only the whole word: "cannots" and "gonnas" are left alone.
  EXPECT_EQ(Texts("cannots gonnas"), (Strings{"cannots", "gonnas"}));
}

// ---- hyphens and dashes ----

TEST(Tokenizer, HyphenatedCompoundsSplit) {
  EXPECT_EQ(Texts("a well-known man"), (Strings{"a", "well", "-", "known", "man"}));
  EXPECT_EQ(Texts("seventy-five"), (Strings{"seventy", "-", "five"}));
  EXPECT_EQ(Texts("a 12-year-old boy"), (Strings{"a", "12", "-", "year", "-", "old", "boy"}));
  EXPECT_EQ(Texts("R-Texas"), (Strings{"R", "-", "Texas"}));
}

TEST(Tokenizer, HyphenPrefixesStayWhole) {
  EXPECT_EQ(Texts("a non-profit group"), (Strings{"a", "non-profit", "group"}));
  EXPECT_EQ(Texts("she was re-elected"), (Strings{"she", "was", "re-elected"}));
  EXPECT_EQ(Texts("send an e-mail"), (Strings{"send", "an", "e-mail"}));
  EXPECT_EQ(Texts("anti-war pre-war"), (Strings{"anti-war", "pre-war"}));
  EXPECT_EQ(Texts("Non-Profit"), (Strings{"Non-Profit"}));
  // Each hyphen is judged on its own left piece.
  EXPECT_EQ(Texts("non-profit-making"), (Strings{"non-profit", "-", "making"}));
}

TEST(Tokenizer, CutOffWordKeepsItsHyphen) {
  EXPECT_EQ(Texts("I th- I think so"), (Strings{"I", "th-", "I", "think", "so"}));
}

TEST(Tokenizer, Dashes) {
  EXPECT_EQ(Texts("no\xE2\x80\x94yes"), (Strings{"no", "\xE2\x80\x94", "yes"}));  // em dash
  EXPECT_EQ(Texts("no \xE2\x80\x94 yes"), (Strings{"no", "\xE2\x80\x94", "yes"}));
  EXPECT_EQ(Texts("2010\xE2\x80\x93"
                  "2015"),
            (Strings{"2010", "\xE2\x80\x93", "2015"}));  // en dash
  EXPECT_EQ(Texts("wait -- what"), (Strings{"wait", "--", "what"}));
  EXPECT_EQ(Texts("wait--what"), (Strings{"wait", "--", "what"}));
  EXPECT_EQ(Texts("555\xE2\x80\x92"
                  "0100"),
            (Strings{"555", "\xE2\x80\x92", "0100"}));  // figure dash
  EXPECT_EQ(Texts("\xE2\x80\x94Yes"), (Strings{"\xE2\x80\x94", "Yes"}));
  EXPECT_EQ(Texts("well\xE2\x80\x94"), (Strings{"well", "\xE2\x80\x94"}));
  const Document doc = Tok("a \xE2\x80\x94 b -- c \xE2\x80\x93 d \xE2\x80\x92 e - f");
  for (std::uint32_t t = 1; t < doc.num_tokens(); t += 2) {
    EXPECT_EQ(doc.token_kind[t], TokenKind::kDash) << doc.token_text(t);
  }
}

// ---- numbers ----

TEST(Tokenizer, Numbers) {
  EXPECT_EQ(Texts("It cost 1,000.50 dollars."), (Strings{"It", "cost", "1,000.50", "dollars", "."}));
  EXPECT_EQ(Texts("1,234,567"), (Strings{"1,234,567"}));
  EXPECT_EQ(Texts("up 3.5%"), (Strings{"up", "3.5", "%"}));
  EXPECT_EQ(Texts("$5bn"), (Strings{"$", "5", "bn"}));
  EXPECT_EQ(Texts("\xC2\xA3"
                  "2.5m"),
            (Strings{"\xC2\xA3", "2.5", "m"}));
  EXPECT_EQ(Texts("at 08:00"), (Strings{"at", "08:00"}));
  EXPECT_EQ(Texts("1/2 cup"), (Strings{"1/2", "cup"}));
  EXPECT_EQ(Texts("the 1990s"), (Strings{"the", "1990s"}));
  EXPECT_EQ(Texts("the '90s"), (Strings{"the", "'90s"}));
  EXPECT_EQ(Texts("It was 1990."), (Strings{"It", "was", "1990", "."}));
  EXPECT_EQ(Texts("10km away"), (Strings{"10", "km", "away"}));
  // A comma not followed by exactly three digits separates numbers.
  EXPECT_EQ(Texts("1,2"), (Strings{"1", ",", "2"}));
  EXPECT_EQ(Texts("1,0000"), (Strings{"1", ",", "0000"}));
}

TEST(Tokenizer, NumberKinds) {
  const Document doc = Tok("$5bn rose 3.5% to 1,000.50 at 08:00");
  EXPECT_EQ(KindOf(doc, "$"), TokenKind::kSymbol);
  EXPECT_EQ(KindOf(doc, "5"), TokenKind::kNumber);
  EXPECT_EQ(KindOf(doc, "bn"), TokenKind::kWord);
  EXPECT_EQ(KindOf(doc, "3.5"), TokenKind::kNumber);
  EXPECT_EQ(KindOf(doc, "%"), TokenKind::kSymbol);
  EXPECT_EQ(KindOf(doc, "1,000.50"), TokenKind::kNumber);
  EXPECT_EQ(KindOf(doc, "08:00"), TokenKind::kNumber);
  EXPECT_EQ(KindOf(doc, "rose"), TokenKind::kWord);
}

// ---- abbreviations ----

TEST(Tokenizer, Abbreviations) {
  EXPECT_EQ(Texts("the U.S. economy"), (Strings{"the", "U.S.", "economy"}));
  EXPECT_EQ(Texts("Mr. Smith and Mrs. Jones"), (Strings{"Mr.", "Smith", "and", "Mrs.", "Jones"}));
  EXPECT_EQ(Texts("Sen. Warren met Gov. Newsom"), (Strings{"Sen.", "Warren", "met", "Gov.", "Newsom"}));
  EXPECT_EQ(Texts("on Jan. 5"), (Strings{"on", "Jan.", "5"}));
  EXPECT_EQ(Texts("Acme Inc. said"), (Strings{"Acme", "Inc.", "said"}));
  EXPECT_EQ(Texts("fruit, e.g. apples"), (Strings{"fruit", ",", "e.g.", "apples"}));
  EXPECT_EQ(Texts("at 5 a.m. today"), (Strings{"at", "5", "a.m.", "today"}));
  EXPECT_EQ(Texts("a Ph.D. student"), (Strings{"a", "Ph.D.", "student"}));
  EXPECT_EQ(Texts("J. K. Rowling"), (Strings{"J.", "K.", "Rowling"}));
  EXPECT_EQ(Texts("apples, pears, etc. and more"),
            (Strings{"apples", ",", "pears", ",", "etc.", "and", "more"}));
  EXPECT_EQ(Texts("Smith et al. wrote"), (Strings{"Smith", "et", "al.", "wrote"}));
  EXPECT_EQ(Texts("Roe v. Wade"), (Strings{"Roe", "v.", "Wade"}));
}

TEST(Tokenizer, AbbreviationKinds) {
  const Document doc = Tok("Mr. J. Smith of the U.S. Army");
  EXPECT_EQ(KindOf(doc, "Mr."), TokenKind::kAbbreviation);
  EXPECT_EQ(KindOf(doc, "J."), TokenKind::kAbbreviation);
  EXPECT_EQ(KindOf(doc, "U.S."), TokenKind::kAbbreviation);
  EXPECT_EQ(KindOf(doc, "Smith"), TokenKind::kWord);
}

TEST(Tokenizer, AbbreviationBeforePunctuation) {
  EXPECT_EQ(Texts("in the U.S., he said"), (Strings{"in", "the", "U.S.", ",", "he", "said"}));
  EXPECT_EQ(Texts("(the U.S.)"), (Strings{"(", "the", "U.S.", ")"}));
  EXPECT_EQ(Texts("the U.S.?"), (Strings{"the", "U.S.", "?"}));
}

TEST(Tokenizer, UnknownWordsLoseTheirPeriod) {
  EXPECT_EQ(Texts("He left."), (Strings{"He", "left", "."}));
  EXPECT_EQ(Texts("in Paris."), (Strings{"in", "Paris", "."}));
  EXPECT_EQ(Texts("the end.\n"), (Strings{"the", "end", "."}));
  // Lower-case titles are ordinary words: "the mr." is not "Mr.".
  EXPECT_EQ(Texts("said the gen."), (Strings{"said", "the", "gen", "."}));
}

TEST(Tokenizer, NumberAbbreviationOnlyBeforeADigit) {
  EXPECT_EQ(Texts("He was No. 5 in line."), (Strings{"He", "was", "No.", "5", "in", "line", "."}));
  EXPECT_EQ(Texts("Nos. 3 and 4"), (Strings{"Nos.", "3", "and", "4"}));
  EXPECT_EQ(Texts("he said no."), (Strings{"he", "said", "no", "."}));
  EXPECT_EQ(Texts("The answer was No. Then"), (Strings{"The", "answer", "was", "No", ".", "Then"}));
  EXPECT_EQ(Texts("he said no. 5 more"), (Strings{"he", "said", "no", ".", "5", "more"}));
}

TEST(Tokenizer, AbbreviationAfterAHyphen) {
  EXPECT_EQ(Texts("(D-Calif.)"), (Strings{"(", "D", "-", "Calif.", ")"}));
  EXPECT_EQ(Texts("R-N.Y., said"), (Strings{"R", "-", "N.Y.", ",", "said"}));
  // Not for ordinary words or single letters.
  EXPECT_EQ(Texts("well-known."), (Strings{"well", "-", "known", "."}));
  EXPECT_EQ(Texts("Plan-B."), (Strings{"Plan", "-", "B", "."}));
}

// ---- list markers ----

TEST(Tokenizer, ListMarkerAtLineStartIsOneToken) {
  const Document doc = Tok("1. Introduction\n\nIt has two parts:\n1. Cut taxes\n2. Raise wages\n10. Done");
  EXPECT_EQ(TokenTexts(doc), (Strings{"1.", "Introduction", "It", "has", "two", "parts", ":", "1.", "Cut",
                                      "taxes", "2.", "Raise", "wages", "10.", "Done"}));
  EXPECT_EQ(KindOf(doc, "1."), TokenKind::kNumber);
  EXPECT_TRUE(doc.token_flags[0] & kSpaceAfter);
}

TEST(Tokenizer, NumberEndingASentenceIsNoListMarker) {
  // Not at a line start, after a line that does not end a sentence, or
  // with nothing after it on the line.
  EXPECT_EQ(Texts("It rose 15. Then"), (Strings{"It", "rose", "15", ".", "Then"}));
  EXPECT_EQ(Texts("The toll rose to\n15. Officials"),
            (Strings{"The", "toll", "rose", "to", "15", ".", "Officials"}));
  EXPECT_EQ(Texts("Chapter\n\n12.\nNext"), (Strings{"Chapter", "12", ".", "Next"}));
  EXPECT_EQ(Texts("1990. The year"), (Strings{"1990", ".", "The", "year"}));  // four digits: a year
}

// ---- URLs, e-mail, handles, hashtags ----

TEST(Tokenizer, Urls) {
  EXPECT_EQ(Texts("See https://example.com/a/b?c=1&d=2 now"),
            (Strings{"See", "https://example.com/a/b?c=1&d=2", "now"}));
  EXPECT_EQ(Texts("at http://news.example.org."), (Strings{"at", "http://news.example.org", "."}));
  EXPECT_EQ(Texts("visit www.example.net today"), (Strings{"visit", "www.example.net", "today"}));
  EXPECT_EQ(Texts("(example.com/path)"), (Strings{"(", "example.com/path", ")"}));
  EXPECT_EQ(Texts("on bbc.co.uk,"), (Strings{"on", "bbc.co.uk", ","}));
  const Document doc = Tok("https://example.com www.example.com example.org");
  for (std::uint32_t t = 0; t < doc.num_tokens(); ++t) EXPECT_EQ(doc.token_kind[t], TokenKind::kUrl);
}

TEST(Tokenizer, NotUrls) {
  // A period between words with no known top-level domain is not a URL.
  for (std::string_view text : {"end.Then", "file.txt", "a.b.c", "Mr.Smith"}) {
    const Document doc = Tok(text);
    for (std::uint32_t t = 0; t < doc.num_tokens(); ++t)
      EXPECT_NE(doc.token_kind[t], TokenKind::kUrl) << text;
  }
}

TEST(Tokenizer, EmailAddresses) {
  const Document doc = Tok("Write to jane.doe@example.org.");
  EXPECT_EQ(TokenTexts(doc), (Strings{"Write", "to", "jane.doe@example.org", "."}));
  EXPECT_EQ(KindOf(doc, "jane.doe@example.org"), TokenKind::kEmail);
  EXPECT_EQ(Texts("<tips@news.example.com>"), (Strings{"<", "tips@news.example.com", ">"}));
}

TEST(Tokenizer, HandlesAndHashtags) {
  const Document doc = Tok("Follow @jane_doe and #Election2024!");
  EXPECT_EQ(TokenTexts(doc), (Strings{"Follow", "@jane_doe", "and", "#Election2024", "!"}));
  EXPECT_EQ(KindOf(doc, "@jane_doe"), TokenKind::kHandle);
  EXPECT_EQ(KindOf(doc, "#Election2024"), TokenKind::kHashtag);
  EXPECT_EQ(Texts("(@AP)"), (Strings{"(", "@AP", ")"}));
  // A bare symbol or a number is not a handle or hashtag.
  EXPECT_EQ(Texts("# 1"), (Strings{"#", "1"}));
  EXPECT_EQ(KindOf(Tok("#1"), "#"), TokenKind::kSymbol);
}

// ---- quotes ----

TEST(Tokenizer, EveryQuoteMarkSplits) {
  struct Case {
    std::string_view open, close;
  };
  const Case kCases[] = {
      {"\"", "\""},                      // straight double
      {"\xE2\x80\x9C", "\xE2\x80\x9D"},  // “ ”
      {"\xE2\x80\x98", "\xE2\x80\x99"},  // ‘ ’
      {"\xC2\xAB", "\xC2\xBB"},          // « »
      {"\xE2\x80\x9E", "\xE2\x80\x9C"},  // „ “
      {"'", "'"},                        // straight single
      {"\xE2\x80\xB9", "\xE2\x80\xBA"},  // ‹ ›
  };
  for (const Case& c : kCases) {
    const std::string text = std::string(c.open) + "Yes" + std::string(c.close) + ", he said.";
    const Document doc = Tok(text);
    EXPECT_EQ(TokenTexts(doc),
              (Strings{std::string(c.open), "Yes", std::string(c.close), ",", "he", "said", "."}))
        << text;
    EXPECT_EQ(doc.token_kind[0], TokenKind::kQuote) << text;
    EXPECT_EQ(doc.token_kind[2], TokenKind::kQuote) << text;
  }
}

TEST(Tokenizer, QuotesAroundSentencePunctuation) {
  EXPECT_EQ(Texts("he said \"no.\""), (Strings{"he", "said", "\"", "no", ".", "\""}));
  EXPECT_EQ(Texts("\xE2\x80\x9CWhy?\xE2\x80\x9D"), (Strings{"\xE2\x80\x9C", "Why", "?", "\xE2\x80\x9D"}));
  EXPECT_EQ(Texts("\"Go,\" she said"), (Strings{"\"", "Go", ",", "\"", "she", "said"}));
  EXPECT_EQ(Texts("''Yes''"), (Strings{"''", "Yes", "''"}));
  EXPECT_EQ(Texts("``Yes''"), (Strings{"``", "Yes", "''"}));
  // Quotes glued to words inside the chunk.
  EXPECT_EQ(Texts("the \"so-called\" plan"), (Strings{"the", "\"", "so", "-", "called", "\"", "plan"}));
}

TEST(Tokenizer, ApostropheNormIsAsciiOnlyInWords) {
  // As a quotation mark, ’ keeps its form in the norm.
  const Document doc = Tok("\xE2\x80\x98Yes\xE2\x80\x99");
  EXPECT_EQ(TokenNorms(doc), (Strings{"\xE2\x80\x98", "Yes", "\xE2\x80\x99"}));
}

// ---- ellipses ----

TEST(Tokenizer, Ellipses) {
  EXPECT_EQ(Texts("Wait... what"), (Strings{"Wait", "...", "what"}));
  EXPECT_EQ(Texts("Wait \xE2\x80\xA6 what"), (Strings{"Wait", "\xE2\x80\xA6", "what"}));
  EXPECT_EQ(Texts("Wait\xE2\x80\xA6what"), (Strings{"Wait", "\xE2\x80\xA6", "what"}));
  EXPECT_EQ(Texts("and so on...."), (Strings{"and", "so", "on", "...."}));
  EXPECT_EQ(Texts("...and then"), (Strings{"...", "and", "then"}));
  const Document doc = Tok("Wait... what\xE2\x80\xA6");
  EXPECT_EQ(KindOf(doc, "..."), TokenKind::kEllipsis);
  EXPECT_EQ(KindOf(doc, "\xE2\x80\xA6"), TokenKind::kEllipsis);
}

// ---- brackets and citations ----

TEST(Tokenizer, BracketsAndCitations) {
  EXPECT_EQ(Texts("(AP)"), (Strings{"(", "AP", ")"}));
  EXPECT_EQ(Texts("in 1805.[6]"), (Strings{"in", "1805", ".", "[", "6", "]"}));
  EXPECT_EQ(Texts("said.[citation needed]"), (Strings{"said", ".", "[", "citation", "needed", "]"}));
  EXPECT_EQ(Texts("{x}"), (Strings{"{", "x", "}"}));
}

TEST(Tokenizer, AmpersandInsideCapitals) {
  EXPECT_EQ(Texts("AT&T and S&P"), (Strings{"AT&T", "and", "S&P"}));
  EXPECT_EQ(Texts("salt & pepper"), (Strings{"salt", "&", "pepper"}));
}

// ---- Unicode: spaces, invisibles, combining marks ----

TEST(Tokenizer, NoBreakSpaceSeparates) {
  const Document doc = Tok("10\xC2\xA0km and Mr.\xC2\xA0Smith");
  EXPECT_EQ(TokenTexts(doc), (Strings{"10", "km", "and", "Mr.", "Smith"}));
  EXPECT_TRUE(doc.token_flags[0] & kSpaceAfter);
  // Narrow NBSP, thin space, ideographic space.
  EXPECT_EQ(Texts("a\xE2\x80\xAF"
                  "b\xE2\x80\x89"
                  "c\xE3\x80\x80"
                  "d"),
            (Strings{"a", "b", "c", "d"}));
}

TEST(Tokenizer, ZeroWidthSpaceSeparates) {
  const Document doc = Tok("news\xE2\x80\x8Bpaper");
  EXPECT_EQ(TokenTexts(doc), (Strings{"news", "paper"}));
  EXPECT_TRUE(doc.token_flags[0] & kSpaceAfter);
}

TEST(Tokenizer, ZeroWidthJoinerAndSoftHyphenStayInsideButLeaveTheNorm) {
  const Document doc = Tok("news\xE2\x80\x8Dpaper inter\xC2\xADnational");
  EXPECT_EQ(TokenTexts(doc), (Strings{"news\xE2\x80\x8Dpaper", "inter\xC2\xADnational"}));
  EXPECT_EQ(TokenNorms(doc), (Strings{"newspaper", "international"}));
  EXPECT_TRUE(doc.token_flags[0] & kNormDiffers);
  EXPECT_TRUE(doc.token_flags[1] & kNormDiffers);
  EXPECT_EQ(doc.token_kind[0], TokenKind::kWord);
}

TEST(Tokenizer, InvisibleCharactersAloneMakeNoToken) {
  const Document doc = Tok("a \xE2\x80\x8D b");
  EXPECT_EQ(TokenTexts(doc), (Strings{"a", "b"}));
}

TEST(Tokenizer, InvisibleOnlyChunkPassesItsFlagsOn) {
  // The soft hyphen opens the paragraph but makes no token: the first real
  // token carries the paragraph start and the line break.
  const Document doc = Tok("One.\n\n\xC2\xAD\nTwo.\n\xE2\x80\x8D Three.");
  ASSERT_EQ(TokenTexts(doc), (Strings{"One", ".", "Two", ".", "Three", "."}));
  ASSERT_EQ(doc.paragraphs.size(), 2u);
  EXPECT_EQ(doc.paragraphs[1].tokens, (TokenRange{2, 6}));
  EXPECT_EQ(doc.token_flags[2] & (kParagraphStart | kNewlineBefore), kParagraphStart | kNewlineBefore);
  EXPECT_EQ(doc.token_flags[4] & (kParagraphStart | kNewlineBefore), kNewlineBefore);
}

TEST(Tokenizer, ByteOrderMarkInsideTextSeparates) {
  const Document doc =
      Tok("Hello\xEF\xBB\xBF"
          "world \xEF\xBB\xBF"
          "again");
  EXPECT_EQ(TokenTexts(doc), (Strings{"Hello", "world", "again"}));
}

TEST(Tokenizer, CombiningMarksComposeInTheNorm) {
  const Document doc = Tok("Cafe\xCC\x81 Ame\xCC\x81lie");
  EXPECT_EQ(TokenTexts(doc), (Strings{"Cafe\xCC\x81", "Ame\xCC\x81lie"}));
  EXPECT_EQ(TokenNorms(doc), (Strings{"Caf\xC3\xA9", "Am\xC3\xA9lie"}));
  // Precomposed text has nothing to normalise.
  const Document nfc = Tok("Caf\xC3\xA9");
  EXPECT_EQ(nfc.token_flags[0] & kNormDiffers, 0);
  EXPECT_EQ(nfc.token_norm(0), "Caf\xC3\xA9");
}

TEST(Tokenizer, NonLatinScriptsAndEmoji) {
  EXPECT_EQ(
      Texts("\xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2, \xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1."),
      (Strings{"\xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2", ",", "\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1", "."}));
  EXPECT_EQ(Texts("great\xF0\x9F\x98\x80!"), (Strings{"great", "\xF0\x9F\x98\x80", "!"}));
}

// ---- line endings and paragraphs ----

TEST(Tokenizer, CrLfLineEndings) {
  const Document doc = Tok("One.\r\nTwo.\r\n\r\nThree.\r\n");
  EXPECT_EQ(TokenTexts(doc), (Strings{"One", ".", "Two", ".", "Three", "."}));
  ASSERT_EQ(doc.paragraphs.size(), 2u);
  EXPECT_EQ(doc.paragraphs[0].tokens, (TokenRange{0, 4}));
  EXPECT_EQ(doc.paragraphs[1].tokens, (TokenRange{4, 6}));
  EXPECT_TRUE(doc.token_flags[2] & kNewlineBefore);
  EXPECT_FALSE(doc.token_flags[2] & kParagraphStart);
  // No token ever contains the carriage return.
  for (std::uint32_t t = 0; t < doc.num_tokens(); ++t)
    EXPECT_EQ(doc.token_text(t).find('\r'), std::string_view::npos);
}

TEST(Tokenizer, ParagraphsFromBlankLines) {
  const std::string text =
      "First para.\nStill first.\n\nSecond para.\n   \t \nThird para.\xE2\x80\xA9"
      "Fourth.";
  const Document doc = Tok(text);
  ASSERT_EQ(doc.paragraphs.size(), 4u);
  auto para_text = [&](std::size_t p) {
    return std::string(doc.text(doc.CharsOf(doc.paragraphs[p].tokens)));
  };
  EXPECT_EQ(para_text(0), "First para.\nStill first.");
  EXPECT_EQ(para_text(1), "Second para.");
  EXPECT_EQ(para_text(2), "Third para.");
  EXPECT_EQ(para_text(3), "Fourth.");
  EXPECT_EQ(doc.paragraphs[0].tokens, (TokenRange{0, 6}));
  EXPECT_EQ(doc.paragraphs[3].tokens.size(), 2u);
}

TEST(Tokenizer, ParagraphCharsAreTrimmed) {
  const Document doc = Tok("\n\n   Indented text.   \n\n\n  Next one  ");
  ASSERT_EQ(doc.paragraphs.size(), 2u);
  EXPECT_EQ(doc.text(doc.CharsOf(doc.paragraphs[0].tokens)), "Indented text.");
  EXPECT_EQ(doc.text(doc.CharsOf(doc.paragraphs[1].tokens)), "Next one");
}

TEST(Tokenizer, CrLfBlankLineAndSpacesOnlyLine) {
  EXPECT_EQ(Tok("a\r\n\r\nb").paragraphs.size(), 2u);
  EXPECT_EQ(Tok("a\r\n  \r\nb").paragraphs.size(), 2u);
  EXPECT_EQ(Tok("a\r\nb").paragraphs.size(), 1u);
  EXPECT_EQ(Tok("a\n \nb").paragraphs.size(), 2u);
  EXPECT_EQ(Tok("a\xE2\x80\xA9"
                "b")
                .paragraphs.size(),
            2u);  // U+2029
  EXPECT_EQ(Tok("a\xE2\x80\xA8"
                "b")
                .paragraphs.size(),
            1u);  // U+2028 is a line break only
}

TEST(Tokenizer, TokenFlags) {
  const Document doc = Tok("Hello world.\nNew line\n\nNew para");
  ASSERT_EQ(TokenTexts(doc), (Strings{"Hello", "world", ".", "New", "line", "New", "para"}));
  const std::uint8_t kStart = kParagraphStart | kNewlineBefore;
  EXPECT_EQ(doc.token_flags[0], kStart | kSpaceAfter);  // Hello
  EXPECT_EQ(doc.token_flags[1], 0);                     // world (. follows directly)
  EXPECT_EQ(doc.token_flags[2], kSpaceAfter);           // . (newline follows)
  EXPECT_EQ(doc.token_flags[3], kNewlineBefore | kSpaceAfter);
  EXPECT_EQ(doc.token_flags[4], kSpaceAfter);
  EXPECT_EQ(doc.token_flags[5], kStart | kSpaceAfter);
  EXPECT_EQ(doc.token_flags[6], 0);  // the text ends right after it
}

TEST(Tokenizer, LastTokenFollowedBySpaceHasSpaceAfter) {
  const Document doc = Tok("end. ");
  ASSERT_EQ(doc.num_tokens(), 2u);
  EXPECT_TRUE(doc.token_flags[1] & kSpaceAfter);
}

// ---- spans ----

TEST(Tokenizer, SpansReproduceTextOnAMixedArticle) {
  const std::string text =
      "\xE2\x80\x9CWe won\xE2\x80\x99t stop,\xE2\x80\x9D said Sen. J. Doe (D-Calif.) on Jan. 5.\n\n"
      "Prices rose 3.5% to $5bn \xE2\x80\x94 a record\xE2\x80\xA6 See https://example.com/x or "
      "mail tips@example.org; #news @desk.\r\n"
      "The U.S. can\xE2\x80\x99t wait... \xC2\xAB"
      "Caf\xC3\xA9\xC2\xBB, na\xC3\xAFve e\xCC\x81t\xC3\xA9.";
  const Document doc = Tok(text);
  EXPECT_GT(doc.num_tokens(), 40u);
  std::string rebuilt;
  for (std::uint32_t t = 0; t < doc.num_tokens(); ++t) {
    rebuilt += doc.token_text(t);
    if (doc.token_flags[t] & kSpaceAfter) rebuilt += ' ';
  }
  std::string squeezed;  // the text with each whitespace run as one space
  bool space = false;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len;
    const char32_t cp = utf8::Decode(text.data() + i, &len);
    if (::hearsay::testing::IsSeparator(cp)) {
      space = true;
    } else {
      if (space && !squeezed.empty()) squeezed += ' ';
      space = false;
      squeezed.append(text, i, len);
    }
    i += len;
  }
  EXPECT_EQ(rebuilt, squeezed);
}

}  // namespace
}  // namespace hearsay::text
