// hearsay's attribution output as evaluation records
// (eval/attribution_records.h) and `hearsay eval attribution` running
// hearsay's own extractor (no --pred). The story is the hand-filled fixture
// of attribution_fixture.h; tests/fixtures/attribution/harbour.gold.jsonl is
// its gold record, written for these tests.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "attribution_fixture.h"
#include "eval/attribution_records.h"
#include "eval/attribution_score.h"
#include "test_util.h"
#include "text/utf8.h"

namespace hearsay::eval {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

const std::string kFixtures = std::string(HEARSAY_SOURCE_DIR) + "/tests/fixtures/attribution";
const std::string kGold = kFixtures + "/harbour.gold.jsonl";
const std::string kScorePy = std::string(HEARSAY_SOURCE_DIR) + "/../shared/tools/score.py";

std::string Slice(const std::string& text, const Json& span) {
  const std::u32string text32 = testing::ToUtf32(text);
  std::string out;
  for (auto i = span[0].get<std::size_t>(); i < span[1].get<std::size_t>(); ++i)
    utf8::Append(text32[i], &out);
  return out;
}

bool ExtractorRegistered() {
  const auto names = RegisteredComponentNames();
  return std::find(names.begin(), names.end(), "attributions") != names.end();
}

struct CommandRun {
  int exit_code = -1;
  std::string out, err;
};

// Runs `command` through the shell; stdout and stderr go to files in `dir`.
CommandRun RunShell(const testing::TempDir& dir, const std::string& command) {
  const fs::path out = dir.path() / "stdout", err = dir.path() / "stderr";
  std::string full = command;
  full += " >'";
  full += out.string();
  full += "' 2>'";
  full += err.string();
  full += "'";
  const int status = std::system(full.c_str());
  CommandRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = testing::ReadFile(out);
  run.err = testing::ReadFile(err);
  return run;
}

std::string Cli() {
  std::string cli = "'";
  cli += HEARSAY_CLI;
  cli += "'";
  return cli;
}

TEST(AttributionRecord, HandFilledDocument) {
  const Document doc = testing::HarbourDocument();
  const Json record = AttributionRecord(doc);
  EXPECT_EQ(record["doc_id"], "fixture-harbour");
  EXPECT_EQ(record["text"], doc.text());
  const Json& statements = record["statements"];
  ASSERT_EQ(statements.size(), 6u);
  std::vector<std::string> keys;
  for (const auto& [key, value] : statements[0].items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"type", "content_span", "content", "speaker", "speaker_mention",
                                            "speaker_span", "cue", "cue_span"}));
  for (const Json& s : statements) {
    EXPECT_EQ(Slice(doc.text(), s["content_span"]), s["content"]);
    if (!s["speaker_span"].is_null()) {
      EXPECT_EQ(Slice(doc.text(), s["speaker_span"]), s["speaker_mention"]);
    }
    if (!s["cue_span"].is_null()) {
      EXPECT_EQ(Slice(doc.text(), s["cue_span"]), s["cue"]);
    }
  }
  EXPECT_EQ(statements[0]["content_span"], Json::array({49, 85}));  // code points, not bytes
  EXPECT_EQ(statements[0]["type"], "direct");
  EXPECT_EQ(statements[0]["speaker"],
            "Ingrid Solberg-\xC3\x98"
            "degaard");  // the canonical name
  EXPECT_EQ(statements[0]["speaker_mention"],
            "Mayor Ingrid Solberg-\xC3\x98"
            "degaard");
  EXPECT_EQ(statements[2]["type"], "mixed");
  EXPECT_EQ(statements[1]["type"], "indirect");
  // A continued quotation: speaker carried over, no mention, no cue.
  EXPECT_EQ(statements[4]["speaker"],
            "Jos\xC3\xA9 N\xC3\xBA\xC3\xB1"
            "ez");
  EXPECT_TRUE(statements[4]["speaker_span"].is_null());
  EXPECT_TRUE(statements[4]["cue"].is_null());
  EXPECT_TRUE(statements[4]["cue_span"].is_null());
  // No resolved speaker: the mention stands in for the name.
  EXPECT_EQ(statements[5]["speaker"], "The association");
}

TEST(AttributionRecord, PolnearSpansFoldContinuationsAndWidenContent) {
  const Document doc = testing::HarbourDocument();
  const Json hearsay = AttributionRecord(doc, Json("h"), SpanConvention::kHearsay);
  const Json polnear = AttributionRecord(doc, Json("h"), SpanConvention::kPolnear);
  // Statement 4 continues statement 3 without a cue: folded into it.
  ASSERT_EQ(polnear["statements"].size(), hearsay["statements"].size() - 1);
  const Json& folded = polnear["statements"][3]["content_span"];
  ASSERT_TRUE(folded.is_array());
  ASSERT_EQ(folded.size(), 2u);
  ASSERT_TRUE(folded[0].is_array());
  // Each part takes its quotation marks: one code point more on each side.
  const Json& plain3 = hearsay["statements"][3]["content_span"];
  const Json& plain4 = hearsay["statements"][4]["content_span"];
  EXPECT_EQ(folded[0], Json::array({plain3[0].get<int>() - 1, plain3[1].get<int>() + 1}));
  EXPECT_EQ(folded[1], Json::array({plain4[0].get<int>() - 1, plain4[1].get<int>() + 1}));
  EXPECT_EQ(polnear["statements"][3]["speaker"], hearsay["statements"][3]["speaker"]);
  // The last statement keeps its place after the fold.
  EXPECT_EQ(polnear["statements"][4]["speaker"], hearsay["statements"][5]["speaker"]);
}

TEST(AttributionRecord, PolnearSpansFoldStatementsSharingACue) {
  // “This report ignores the fishermen,” said José Núñez, … “It is a plan
  // made in an office.”, with "said" given to the second quotation too (as
  // the quotation sieve may): PolNeAR has one attribution per cue.
  Document doc = testing::HarbourDocument();
  doc.statements[4].cue = doc.statements[3].cue;
  doc.statements[4].continues = kNone;
  const Json hearsay = AttributionRecord(doc, Json("h"), SpanConvention::kHearsay);
  const Json polnear = AttributionRecord(doc, Json("h"), SpanConvention::kPolnear);
  ASSERT_EQ(hearsay["statements"].size(), 6u);
  ASSERT_EQ(polnear["statements"].size(), 5u);
  const Json& folded = polnear["statements"][3]["content_span"];
  ASSERT_EQ(folded.size(), 2u);
  const Json& plain4 = hearsay["statements"][4]["content_span"];
  EXPECT_EQ(folded[1], Json::array({plain4[0].get<int>() - 1, plain4[1].get<int>() + 1}));
  EXPECT_EQ(polnear["statements"][3]["cue"], "said");
}

TEST(AttributionRecord, PolnearSpansLeaveOutAReportingClauseInsideTheContent) {
  // "X, he said in a letter, Y": hearsay's content runs from X to Y;
  // PolNeAR's is X and Y, without the reporting clause.
  Document doc{"The wall, the mayor said in a letter, will cost more than the council thinks.\n", {}};
  auto pipeline = Pipeline::FromNames({"tokenizer", "sentences", "quotations"});
  ASSERT_TRUE(pipeline.ok());
  ASSERT_TRUE(pipeline->Process(doc).ok());
  Statement s;
  s.content =
      testing::TokensOf(doc, "The wall, the mayor said in a letter, will cost more than the council thinks");
  s.cue = testing::TokensOf(doc, "said");
  s.source = testing::TokensOf(doc, "the mayor");
  doc.statements = {s};
  doc.filled_columns |= kColStatements;
  const Json hearsay = AttributionRecord(doc, Json("h"), SpanConvention::kHearsay);
  EXPECT_EQ(Slice(doc.text(), hearsay["statements"][0]["content_span"]),
            "The wall, the mayor said in a letter, will cost more than the council thinks");
  const Json polnear = AttributionRecord(doc, Json("h"), SpanConvention::kPolnear);
  const Json& parts = polnear["statements"][0]["content_span"];
  ASSERT_EQ(parts.size(), 2u) << parts.dump();
  EXPECT_EQ(Slice(doc.text(), parts[0]), "The wall");
  EXPECT_EQ(Slice(doc.text(), parts[1]), "will cost more than the council thinks");
  // A content with its cue outside stays one span.
  doc.statements[0].content = testing::TokensOf(doc, "will cost more than the council thinks");
  const Json one = AttributionRecord(doc, Json("h"), SpanConvention::kPolnear);
  EXPECT_EQ(Slice(doc.text(), one["statements"][0]["content_span"]),
            "will cost more than the council thinks");
}

TEST(AttributionRecord, DocIdKeepsItsJsonType) {
  const Document doc = testing::HarbourDocument();
  EXPECT_EQ(AttributionRecord(doc, nlohmann::json(17))["doc_id"], 17);
  Document plain = testing::Segment("Nothing here.");
  const Json record = AttributionRecord(plain, nlohmann::json("x"));
  EXPECT_EQ(record["statements"], Json::array());  // the stage did not run
}

TEST(AttributionRecord, ScoresPerfectlyAgainstItself) {
  const nlohmann::json record = AttributionRecord(testing::HarbourDocument());
  auto gold = ParseScoredDocument(record, RecordRole::kGold, "gold");
  auto pred = ParseScoredDocument(record, RecordRole::kPrediction, "pred");
  ASSERT_TRUE(gold.ok()) << gold.status().ToString();
  ASSERT_TRUE(pred.ok()) << pred.status().ToString();
  ScoredCorpus g, p;
  g.Put("k", std::move(gold.value()));
  p.Put("k", std::move(pred.value()));
  const AttributionScores scores = ScoreAttributions(g, p, ScoreOptions{});
  EXPECT_EQ(scores.gold, 6u);
  EXPECT_EQ(scores.matched, 6u);
  EXPECT_EQ(scores.speaker_right, 6u);
  EXPECT_DOUBLE_EQ(scores.end_to_end.f1, 1.0);
}

TEST(AttributionRecord, GoldFixtureIsTheHandFilledDocument) {
  // harbour.gold.jsonl was written from the fixture; if the tokenizer or the
  // fixture changes, the two must be brought back together.
  auto gold = ReadRecordLines(kGold);
  ASSERT_TRUE(gold.ok()) << gold.status().ToString();
  ASSERT_EQ(gold->size(), 1u);
  const nlohmann::json mine(AttributionRecord(testing::HarbourDocument()));  // one json type for ==
  const nlohmann::json& theirs = gold.value()[0].record;
  EXPECT_EQ(theirs["text"], mine["text"]);
  ASSERT_EQ(theirs["statements"].size(), mine["statements"].size());
  for (std::size_t i = 0; i < mine["statements"].size(); ++i) {
    EXPECT_EQ(theirs["statements"][i]["content_span"], mine["statements"][i]["content_span"]) << i;
    EXPECT_EQ(theirs["statements"][i]["cue_span"], mine["statements"][i]["cue_span"]) << i;
  }
}

TEST(PredictRecord, RefusesAPipelineWithoutStatementsAndRecordsWithoutText) {
  auto pipeline = Pipeline::FromNames({"tokenizer", "sentences"});
  ASSERT_TRUE(pipeline.ok());
  const nlohmann::json record = {{"doc_id", "a"}, {"text", "She said so."}};
  auto result = PredictRecord(pipeline.value(), record, "g.jsonl:1");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(result.status().message().find("g.jsonl:1"), std::string::npos);
  EXPECT_NE(result.status().message().find("tokenizer,sentences"), std::string::npos);
  result = PredictRecord(pipeline.value(), nlohmann::json{{"doc_id", "a"}}, "g.jsonl:2");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kMalformedRecord);
  EXPECT_NE(result.status().message().find("\"text\""), std::string::npos);
}

// A stand-in for the extractor: every quotation is a direct statement by an
// unknown speaker.
class QuotesAreStatements final : public Component {
 public:
  std::string_view name() const override { return "quotes-are-statements"; }
  ColumnSet requires_columns() const override { return kColQuotations; }
  ColumnSet assigns_columns() const override { return kColStatements; }
  Status Process(Document& doc) const override {
    for (const Quotation& q : doc.quotations) {
      Statement s;
      s.type = StatementType::kDirect;
      s.content = q.content;
      doc.statements.push_back(s);
    }
    doc.filled_columns |= kColStatements;
    return Status::Ok();
  }
};

TEST(PredictRecord, RunsThePipelineOnTheRecordText) {
  std::vector<std::unique_ptr<Component>> components;
  for (const char* name : {"tokenizer", "sentences", "quotations"})
    components.push_back(std::move(CreateComponent(name).value()));
  components.push_back(std::make_unique<QuotesAreStatements>());
  auto pipeline = Pipeline::Create(std::move(components));
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  const nlohmann::json record = {{"doc_id", 7},
                                 {"text",
                                  "\xF0\x9F\x8C\x8A \xE2\x80\x9C"
                                  "Caf\xC3\xA9 first,\xE2\x80\x9D she said."},
                                 {"statements", nlohmann::json::array()}};
  auto result = PredictRecord(pipeline.value(), record, "g.jsonl:1");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result.value()["doc_id"], 7);
  EXPECT_EQ(result.value()["text"].get<std::string>(), record["text"].get<std::string>());
  ASSERT_EQ(result.value()["statements"].size(), 1u);
  const Json& s = result.value()["statements"][0];
  EXPECT_EQ(s["content_span"], Json::array({3, 14}));
  EXPECT_EQ(s["content"], "Caf\xC3\xA9 first,");
  EXPECT_TRUE(s["speaker"].is_null());
  EXPECT_TRUE(s["cue_span"].is_null());
}

TEST(EvalAttributionCli, WritePredNeedsHearsaysOwnPredictions) {
  testing::TempDir dir;
  const CommandRun run = RunShell(dir, Cli() + " eval attribution --gold '" + kGold + "' --pred '" + kGold +
                                           "' --write-pred '" + (dir.path() / "p.jsonl").string() + "'");
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("--write-pred"), std::string::npos) << run.err;
}

TEST(EvalAttributionCli, WithoutPredRunsTheDefaultPipeline) {
  testing::TempDir dir;
  const std::string pred = (dir.path() / "pred.jsonl").string();
  const CommandRun run = RunShell(dir, Cli() + " eval attribution --speaker=name --gold '" + kGold +
                                           "' --threads 2 --write-pred '" + pred + "'");
  if (!ExtractorRegistered()) {
    // Until the extractor is registered: a clear failure, not zero statements.
    EXPECT_EQ(run.exit_code, 3) << run.err;
    EXPECT_NE(run.err.find("no 'attributions' component"), std::string::npos) << run.err;
    EXPECT_EQ(run.out, "");
    EXPECT_FALSE(fs::exists(pred));
    return;
  }
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("extraction"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("ran the default pipeline on 1 gold texts"), std::string::npos) << run.err;
  auto written = ReadRecordLines(pred);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  ASSERT_EQ(written->size(), 1u);
  EXPECT_EQ(written.value()[0].record["doc_id"], "fixture-harbour");
  // Scoring the written predictions gives what the run printed, with the
  // CLI and with the reference scorer.
  const CommandRun again =
      RunShell(dir, Cli() + " eval attribution --speaker=name --gold '" + kGold + "' --pred '" + pred + "'");
  EXPECT_EQ(again.out, run.out);
  if (fs::exists(kScorePy)) {
    const CommandRun py =
        RunShell(dir, "python3 '" + kScorePy + "' '" + kGold + "' '" + pred + "' --speaker=name");
    EXPECT_EQ(py.out, run.out) << py.err;
  }
}

}  // namespace
}  // namespace hearsay::eval
