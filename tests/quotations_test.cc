// Quotation pairing on texts written for these tests.
#include "attribution/quotations.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hearsay/pipeline.h"

namespace hearsay {
namespace {

struct Found {
  std::string content;
  bool opened, closed;
  int continues, depth;
};

std::vector<Found> Quotations(const std::string& text) {
  auto pipeline = Pipeline::FromNames({"tokenizer", "sentences", "quotations"});
  EXPECT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  Document doc(text, {});
  EXPECT_TRUE(pipeline->Process(doc).ok());
  std::vector<Found> out;
  for (const Quotation& q : doc.quotations) {
    const std::string content = q.content.empty() ? "" : std::string(doc.text(doc.CharsOf(q.content)));
    out.push_back({content, q.open >= 0, q.close >= 0, q.continues, q.depth});
  }
  return out;
}

TEST(Quotations, CurlyQuotesSplitByTheCue) {
  const auto q = Quotations("“We will rebuild,” the mayor said. “Every street of it.”");
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].content, "We will rebuild,");
  EXPECT_EQ(q[1].content, "Every street of it.");
  EXPECT_TRUE(q[0].opened && q[0].closed && q[1].opened && q[1].closed);
}

TEST(Quotations, StraightQuotesByTheirSpacing) {
  const auto q = Quotations("He called the plan \"reckless\" and \"late.\" Nobody answered.");
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].content, "reckless");
  EXPECT_EQ(q[1].content, "late.");
}

TEST(Quotations, DoubledApostrophesOnBothSides) {
  // The New York Times texts of PolNeAR write '' for both marks. The cue
  // before a mid-paragraph opening mark stays outside the quotation.
  const auto q = Quotations(
      "To varying degrees, all agreed that it would add complexity. ''There's a lot of it,'' said Mr. "
      "Burman.\n\n"
      "''It is responsible,'' he said, ``in TeX style.''");
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(q[0].content, "There's a lot of it,");
  EXPECT_TRUE(q[0].opened && q[0].closed);
  EXPECT_EQ(q[1].content, "It is responsible,");
  EXPECT_TRUE(q[1].opened && q[1].closed);
  EXPECT_EQ(q[2].content, "in TeX style.");
  EXPECT_TRUE(q[2].opened && q[2].closed);
}

TEST(Quotations, MultiParagraphQuotationContinues) {
  const auto q = Quotations(
      "“The first part ends without a closing mark.\n\n"
      "“The second part closes it,” she said.\n\n"
      "A plain paragraph follows.");
  ASSERT_EQ(q.size(), 2u);
  EXPECT_FALSE(q[0].closed);
  EXPECT_EQ(q[0].content, "The first part ends without a closing mark.");
  EXPECT_EQ(q[1].continues, 0);
  EXPECT_TRUE(q[1].closed);
}

TEST(Quotations, UnclosedQuotationStopsAtItsParagraph) {
  const auto q =
      Quotations("She said “this never closes.\n\nThe next paragraph is not quoted. Nor is “this one.”");
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].content, "this never closes.");
  EXPECT_FALSE(q[0].closed);
  EXPECT_EQ(q[1].content, "this one.");
  EXPECT_EQ(q[1].continues, -1);  // the next paragraph did not open with a mark
}

TEST(Quotations, NestedSingleQuotes) {
  const auto q = Quotations("“They told us ‘wait and see,’ and we did,” he said.");
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].depth, 0);
  EXPECT_EQ(q[1].depth, 1);
  EXPECT_EQ(q[1].content, "wait and see,");
}

TEST(Quotations, ApostrophesAreNotQuotationMarks) {
  const auto q = Quotations("The workers’ union said it wasn’t told. “We weren’t,” its head said.");
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].content, "We weren’t,");
}

TEST(Quotations, BritishSingleQuotesWithoutDoubleMarks) {
  const auto q = Quotations("The minister called it ‘a fair settlement’ on Monday.");
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].content, "a fair settlement");
}

TEST(Quotations, MissingOpeningMark) {
  const auto q = Quotations("We will appeal,\" the lawyer said.");
  ASSERT_EQ(q.size(), 1u);
  EXPECT_FALSE(q[0].opened);
  EXPECT_EQ(q[0].content, "We will appeal,");
}

TEST(Quotations, StrayMarksAreIgnored) {
  EXPECT_TRUE(Quotations("The player is 6'2\" tall and 5'10\" in the rules.").empty());
}

TEST(Quotations, TwoOpeningMarksCloseTheFirstAtTheSecond) {
  const auto q = Quotations("“First without an end “second with one,” he said.");
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].content, "First without an end");
  EXPECT_FALSE(q[0].closed);
  EXPECT_EQ(q[1].content, "second with one,");
}

TEST(Quotations, GuillemetsAndLowNineMarks) {
  const auto q = Quotations("Il a dit «non» et „ja“ auch.");
  ASSERT_GE(q.size(), 1u);
  EXPECT_EQ(q[0].content, "non");
}

}  // namespace
}  // namespace hearsay
