// End-to-end floors on the GUM dev data in ../shared (skipped without it):
// the tokenizer and sentence splitter must not regress below these scores.
#include <gtest/gtest.h>

#include <filesystem>

#include "eval/conllu.h"
#include "eval/segment_eval.h"
#include "hearsay/pipeline.h"
#include "test_util.h"

namespace hearsay {
namespace {

TEST(SharedData, GumDevSegmentationFloors) {
  const std::filesystem::path dev = testing::GumDir() / "dev";
  if (!std::filesystem::exists(dev)) {
    GTEST_SKIP() << "no " << dev.string() << " (../shared is absent); skipping the GUM dev floors";
  }
  auto docs = eval::ReadConlluDirectory(dev.string());
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_FALSE(docs.value().empty());
  auto pipeline = Pipeline::FromNames({"tokenizer", "sentences"});
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  auto scores = eval::EvaluateSegmentation(docs.value(), pipeline.value(), 20);
  ASSERT_TRUE(scores.ok()) << scores.status().ToString();
  const eval::SegmentScores& s = scores.value();
  std::string examples;
  for (const std::string& e : s.errors) examples += "  " + e + "\n";
  EXPECT_EQ(s.documents, docs.value().size());
  EXPECT_GT(s.tokens.gold, 10000u);
  EXPECT_GE(s.tokens.f1(), 0.99) << "token F1 " << s.tokens.f1() << "; first errors:\n" << examples;
  EXPECT_GE(s.sentence_ends.f1(), 0.95)
      << "sentence-boundary F1 " << s.sentence_ends.f1() << "; first errors:\n"
      << examples;
}

TEST(SharedData, GumDevTextsKeepTokenInvariants) {
  const std::filesystem::path dev = testing::GumDir() / "dev";
  if (!std::filesystem::exists(dev)) {
    GTEST_SKIP() << "no " << dev.string() << " (../shared is absent); skipping";
  }
  auto docs = eval::ReadConlluDirectory(dev.string());
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  for (const eval::ConlluDocument& cdoc : docs.value()) {
    SCOPED_TRACE(cdoc.id);
    const Document doc = testing::Segment(eval::RebuildText(cdoc).text);
    testing::ExpectTokenInvariants(doc);
    testing::ExpectSentenceInvariants(doc);
    if (::testing::Test::HasFailure()) break;
  }
}

// RebuildText on a small hand-written CoNLL-U file: multiword tokens,
// SpaceAfter=No, paragraphs and gold spans.
TEST(Conllu, ReadAndRebuild) {
  testing::TempDir dir;
  const std::string path = dir.Write("tiny.conllu",
                                     "# newdoc id = tiny\n"
                                     "# newpar\n"
                                     "# sent_id = tiny-1\n"
                                     "1\tIt\tit\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n"
                                     "2-3\tdoesn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
                                     "2\tdoes\tdo\tAUX\tVBZ\t_\t4\taux\t_\t_\n"
                                     "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
                                     "4\tmatter\tmatter\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n"
                                     "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
                                     "\n"
                                     "# sent_id = tiny-2\n"
                                     "1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\tSpaceAfter=No\n"
                                     "2\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n"
                                     "\n"
                                     "# newpar\n"
                                     "1\tNew\tnew\tADJ\tJJ\t_\t2\tamod\t_\t_\n"
                                     "2\tpara\tpara\tNOUN\tNN\t_\t0\troot\t_\t_\n"
                                     "\n");
  auto docs = eval::ReadConlluFile(path);
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_EQ(docs.value().size(), 1u);
  const eval::ConlluDocument& doc = docs.value()[0];
  EXPECT_EQ(doc.id, "tiny");
  ASSERT_EQ(doc.sentences.size(), 3u);
  EXPECT_EQ(doc.sentences[0].sent_id, "tiny-1");
  EXPECT_EQ(doc.sentences[0].words.size(), 5u);
  EXPECT_EQ(doc.sentences[0].tokens.size(), 4u);
  const eval::RebuiltText rebuilt = eval::RebuildText(doc);
  EXPECT_EQ(rebuilt.text, "It doesn't matter. Yes.\n\nNew para");
  ASSERT_EQ(rebuilt.words.size(), 9u);
  EXPECT_EQ(rebuilt.words[1], (ByteSpan{3, 7}));    // does
  EXPECT_EQ(rebuilt.words[2], (ByteSpan{7, 10}));   // n't
  EXPECT_EQ(rebuilt.words[4], (ByteSpan{17, 18}));  // .
  ASSERT_EQ(rebuilt.sentences.size(), 3u);
  EXPECT_EQ(rebuilt.sentences[1], (ByteSpan{19, 23}));
  EXPECT_EQ(rebuilt.sentence_starts_paragraph, (std::vector<bool>{true, false, true}));

  // A perfect system scores 1.0 on it.
  auto pipeline = Pipeline::FromNames({"tokenizer", "sentences"});
  ASSERT_TRUE(pipeline.ok());
  auto scores = eval::EvaluateSegmentation(docs.value(), pipeline.value(), 0);
  ASSERT_TRUE(scores.ok());
  EXPECT_EQ(scores->tokens.correct, 9u);
  EXPECT_DOUBLE_EQ(scores->tokens.f1(), 1.0);
  EXPECT_DOUBLE_EQ(scores->sentence_ends.f1(), 1.0);
}

TEST(Conllu, MalformedLineNamesFileAndLine) {
  testing::TempDir dir;
  const std::string path = dir.Write("bad.conllu", "# newdoc id = x\n1\tonly\tthree\n");
  auto docs = eval::ReadConlluFile(path);
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.status().code(), StatusCode::kMalformedRecord);
  EXPECT_NE(docs.status().message().find(path + ":2"), std::string::npos) << docs.status().message();
}

}  // namespace
}  // namespace hearsay
