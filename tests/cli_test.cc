// Tests of the hearsay command-line tool: runs the built binary (HEARSAY_CLI)
// and checks exit codes, standard output and standard error.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.h"

namespace hearsay {
namespace {

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

std::string Quote(const std::string& arg) {
  std::string q = "'";
  for (char c : arg) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

// Runs the CLI with `args`; standard output and error go to files in `dir`.
CliRun RunCli(const testing::TempDir& dir, const std::vector<std::string>& args) {
  const std::string out = (dir.path() / "stdout").string();
  const std::string err = (dir.path() / "stderr").string();
  std::string command = Quote(HEARSAY_CLI);
  for (const std::string& a : args) {
    command += ' ';
    command += Quote(a);
  }
  command += " </dev/null >";
  command += Quote(out);
  command += " 2>";
  command += Quote(err);
  const int status = std::system(command.c_str());
  CliRun run;
  EXPECT_TRUE(WIFEXITED(status)) << command;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = testing::ReadFile(out);
  run.err = testing::ReadFile(err);
  return run;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) lines.push_back(line);
  return lines;
}

TEST(Cli, ExtractPrintsValidJson) {
  testing::TempDir dir;
  const std::string path =
      dir.Write("article.txt",
                "Mayor Says City Will Recover\n\n\xE2\x80\x9CWe will rebuild,\xE2\x80\x9D she said. "
                "Crews worked overnight.\n");
  const CliRun run = RunCli(dir, {"extract", path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << run.out;
  EXPECT_EQ(json["id"], path);
  EXPECT_EQ(json["paragraphs"].size(), 2u);
  EXPECT_EQ(json["sentences"].size(), 3u);
  EXPECT_GT(json["tokens"].size(), 10u);
  EXPECT_TRUE(Contains(run.err, "1 documents")) << run.err;
}

TEST(Cli, ExtractQuietPrintsNoSummary) {
  testing::TempDir dir;
  const CliRun run = RunCli(dir, {"extract", "-q", "--format", "json-compact", dir.Write("a.txt", "Hello.")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(Lines(run.out).size(), 1u);
}

TEST(Cli, ExtractTableFormat) {
  testing::TempDir dir;
  const CliRun run = RunCli(dir, {"extract", "--format", "table", dir.Write("a.txt", "One two. Three.")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Contains(run.out, "One | two | .")) << run.out;
  EXPECT_TRUE(Contains(run.out, "Three | .")) << run.out;
}

// --format jsonl is one flat statement per line (docs/schema.md); with a
// pipeline that finds no statements it prints nothing and says why.
TEST(Cli, JsonlPrintsStatementsAndWarnsWhenThereAreNone) {
  testing::TempDir dir;
  const std::string path = dir.Write("a.txt", "\xE2\x80\x9CWe are ready,\xE2\x80\x9D the mayor said.");
  const CliRun none =
      RunCli(dir, {"extract", "--pipeline", "tokenizer,sentences", "--format", "jsonl", path});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, "");
  EXPECT_TRUE(Contains(none.err, "finds no statements")) << none.err;
  EXPECT_TRUE(Contains(none.err, "json-compact")) << none.err;
  const CliRun quiet =
      RunCli(dir, {"extract", "-q", "--pipeline", "tokenizer,sentences", "--format", "jsonl", path});
  EXPECT_EQ(quiet.err, "");
  // With the default pipeline: every line is a flat object of one statement.
  const CliRun run = RunCli(dir, {"extract", "-q", "--format", "jsonl", path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const std::string& line : Lines(run.out)) {
    const auto json = nlohmann::json::parse(line, nullptr, false);
    ASSERT_TRUE(json.is_object()) << line;
    EXPECT_EQ(json["doc_id"], path);
    for (const auto& [key, value] : json.items()) EXPECT_FALSE(value.is_structured()) << key;
  }
}

TEST(Cli, JsonCompactIsTheJsonDocumentOnOneLine) {
  testing::TempDir dir;
  const std::string path = dir.Write("a.txt", "One two. Three.");
  const CliRun pretty = RunCli(dir, {"extract", "-q", "--format", "json", path});
  const CliRun compact = RunCli(dir, {"extract", "-q", "--format", "json-compact", path});
  ASSERT_EQ(compact.exit_code, 0) << compact.err;
  ASSERT_EQ(Lines(compact.out).size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(compact.out), nlohmann::json::parse(pretty.out));
  EXPECT_EQ(nlohmann::json::parse(compact.out)["schema_version"], "1.1.0");
}

TEST(Cli, MalformedJsonlLineExitsOneAndPrintsTheRest) {
  testing::TempDir dir;
  const std::string path = dir.Write("news.jsonl",
                                     "{\"id\": \"first\", \"text\": \"First story.\"}\n"
                                     "{\"id\": \"broken\", \"text\": \n"
                                     "{\"id\": \"third\", \"text\": \"Third story.\"}\n");
  const CliRun run = RunCli(dir, {"extract", "--format", "json-compact", path});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const std::vector<std::string> lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 2u) << run.out;
  EXPECT_EQ(nlohmann::json::parse(lines[0])["id"], "first");
  EXPECT_EQ(nlohmann::json::parse(lines[1])["id"], "third");
  EXPECT_TRUE(Contains(run.err, path + ":2")) << run.err;
  EXPECT_TRUE(Contains(run.err, "E5")) << run.err;
  EXPECT_TRUE(Contains(run.err, "2 documents, 1 skipped records")) << run.err;
}

TEST(Cli, MissingFileExitsOneAndNamesIt) {
  testing::TempDir dir;
  const std::string missing = (dir.path() / "no-such-article.txt").string();
  const std::string present = dir.Write("present.txt", "Still processed.");
  const CliRun run = RunCli(dir, {"extract", "--format", "json-compact", missing, present});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(Contains(run.err, missing)) << run.err;
  EXPECT_TRUE(Contains(run.err, "not-found")) << run.err;
  ASSERT_EQ(Lines(run.out).size(), 1u) << run.out;  // the other input is still read
  EXPECT_EQ(nlohmann::json::parse(Lines(run.out)[0])["id"], present);
}

TEST(Cli, InvalidUtf8StrictAndLenient) {
  testing::TempDir dir;
  const std::string path = dir.Write("bad.txt", "caf\xC3 au lait");
  const CliRun strict = RunCli(dir, {"extract", path});
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_TRUE(Contains(strict.err, "invalid-utf8")) << strict.err;
  const CliRun lenient = RunCli(dir, {"extract", "--lenient", path});
  EXPECT_EQ(lenient.exit_code, 0) << lenient.err;
  EXPECT_TRUE(Contains(lenient.out, "caf\xEF\xBF\xBD")) << lenient.out;
  EXPECT_TRUE(Contains(lenient.err, "1 invalid UTF-8 sequences replaced")) << lenient.err;
}

TEST(Cli, UnknownOptionIsAUsageError) {
  testing::TempDir dir;
  const std::string path = dir.Write("a.txt", "Hello.");
  EXPECT_EQ(RunCli(dir, {"extract", "--no-such-option", path}).exit_code, 2);
  EXPECT_EQ(RunCli(dir, {"no-such-command"}).exit_code, 2);
  EXPECT_EQ(RunCli(dir, {}).exit_code, 2);
  EXPECT_EQ(RunCli(dir, {"extract", "--format", "xml", path}).exit_code, 2);
  EXPECT_EQ(RunCli(dir, {"extract", "--pipeline", "sentences", path}).exit_code, 2);
  EXPECT_EQ(RunCli(dir, {"extract", "--input-format", "pdf", path}).exit_code, 2);
}

TEST(Cli, HelpForEverySubcommandExitsZero) {
  testing::TempDir dir;
  const std::vector<std::vector<std::string>> commands = {
      {"--help"},          {"extract", "--help"},          {"eval", "--help"}, {"eval", "segment", "--help"},
      {"bench", "--help"}, {"bench", "segment", "--help"},
  };
  for (const auto& args : commands) {
    const CliRun run = RunCli(dir, args);
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    EXPECT_EQ(run.exit_code, 0) << joined << run.err;
    EXPECT_FALSE(run.out.empty()) << joined;
  }
  const CliRun top = RunCli(dir, {"--help"});
  EXPECT_TRUE(Contains(top.out, "extract")) << top.out;
  EXPECT_TRUE(Contains(top.out, "Exit codes")) << top.out;
}

TEST(Cli, EvalSegmentOnAMissingDirectoryFails) {
  testing::TempDir dir;
  const CliRun run = RunCli(dir, {"eval", "segment", "--conllu", (dir.path() / "none").string()});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_TRUE(Contains(run.err, "none")) << run.err;
}

}  // namespace
}  // namespace hearsay
