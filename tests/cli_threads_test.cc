// `hearsay extract --threads N`: the output is byte-identical to one thread,
// malformed records are still reported and skipped, the summary and exit
// code are unchanged. Runs the built CLI on documents generated here.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Escapes `s` for a JSON string literal (the generated texts need only these).
std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// An article of a few paragraphs, different for every `i` in length and
// content (quotes, numbers, abbreviations, non-ASCII), so that documents take
// different times to process and finish out of order.
std::string MakeText(int i) {
  static const char* const kSentences[] = {
      "The council met on Tuesday to discuss the budget.",
      "\"We will not raise taxes this year,\" the mayor said.",
      "Dr. Okafor, who chairs the committee, disagreed.",
      "Revenue fell 3.5% to $12.4 million, according to the report.",
      "She told reporters: \xE2\x80\x9CThe numbers speak for themselves.\xE2\x80\x9D",
      "Residents of S\xC3\xA3o Paulo Street weren't convinced.",
      "A spokesperson for the U.S. embassy declined to comment.",
      "Officials said the vote would take place in Jan. 2025.",
  };
  constexpr int kCount = sizeof kSentences / sizeof kSentences[0];
  std::string text;
  const int paragraphs = 1 + i % 4;
  for (int p = 0; p < paragraphs; ++p) {
    if (p > 0) text += "\n\n";
    const int sentences = 1 + (i * 7 + p * 3) % (i % 13 == 0 ? 40 : 5);
    for (int s = 0; s < sentences; ++s) {
      if (s > 0) text += ' ';
      text += kSentences[(i + p + s * 5) % kCount];
    }
  }
  return text;
}

class CliThreadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("hearsay_cli_threads_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream jsonl(dir_ / "news.jsonl", std::ios::binary);
    for (int i = 0; i < kDocuments; ++i) {
      if (i == kDocuments / 2) jsonl << "{\"id\": \"broken\", \"text\": \n";  // line kDocuments/2 + 1
      jsonl << "{\"id\": \"doc-" << i << "\", \"source\": \"Example\", \"text\": " << JsonString(MakeText(i))
            << (i % 10 == 0 ? ", \"section\": \"local\"" : "") << "}\n";
    }
    std::ofstream text(dir_ / "article.txt", std::ios::binary);
    text << MakeText(1) << "\n\n" << MakeText(2) << "\n";
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  struct Run {
    int exit_code = -1;
    std::string out, err;
  };
  Run Extract(const std::string& args, const std::string& name) {
    const fs::path out = dir_ / (name + ".out"), err = dir_ / (name + ".err");
    std::string command = HEARSAY_CLI;
    command += " extract ";
    command += args;
    command += " > ";
    command += Quote(out.string());
    command += " 2> ";
    command += Quote(err.string());
    const int status = std::system(command.c_str());
    Run run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = ReadAll(out);
    run.err = ReadAll(err);
    return run;
  }
  std::string Path(const std::string& name) const { return Quote((dir_ / name).string()); }
  // Single-quoted for the shell (built with +=: GCC 12 misreports -Wrestrict
  // on "'" + s + "'").
  static std::string Quote(const std::string& s) {
    std::string out(1, '\'');
    out += s;
    out += '\'';
    return out;
  }

  static constexpr int kDocuments = 300;
  fs::path dir_;
};

TEST_F(CliThreadsTest, ParallelOutputIsByteIdenticalAndMalformedLineIsReported) {
  const Run one = Extract(Path("news.jsonl") + " --format json-compact", "one");
  ASSERT_EQ(one.exit_code, 1) << one.err;  // one record skipped
  const std::string line = std::to_string(kDocuments / 2 + 1);
  EXPECT_NE(one.err.find("news.jsonl:" + line + ": not valid JSON"), std::string::npos) << one.err;
  EXPECT_NE(one.err.find("hearsay: " + std::to_string(kDocuments) +
                         " documents, 1 skipped records, 0 failed inputs"),
            std::string::npos)
      << one.err;
  std::size_t lines = 0;
  for (char c : one.out) lines += c == '\n';
  EXPECT_EQ(lines, std::size_t{kDocuments});

  const Run explicit_one = Extract(Path("news.jsonl") + " --format json-compact --threads 1", "explicit_one");
  EXPECT_EQ(explicit_one.out, one.out);
  for (int threads : {2, 3, 8}) {
    const Run many =
        Extract(Path("news.jsonl") + " --format json-compact --threads " + std::to_string(threads),
                "threads" + std::to_string(threads));
    EXPECT_EQ(many.exit_code, one.exit_code) << threads << " threads";
    EXPECT_TRUE(many.out == one.out) << threads << " threads: output differs from one thread";
    EXPECT_EQ(many.err, one.err) << threads << " threads";
  }
}

TEST_F(CliThreadsTest, SeveralInputsStayInOrder) {
  const std::string inputs =
      Path("article.txt") + " " + Path("news.jsonl") + " " + Path("missing.txt") + " " + Path("article.txt");
  const Run one = Extract(inputs + " --format json", "several_one");
  const Run two = Extract(inputs + " --format json --threads 2", "several_two");
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_EQ(two.exit_code, 1);
  EXPECT_NE(one.err.find("1 failed inputs"), std::string::npos) << one.err;
  EXPECT_TRUE(two.out == one.out) << "output of --threads 2 differs from one thread";
  EXPECT_EQ(two.err, one.err);
}

TEST_F(CliThreadsTest, ZeroThreadsIsAUsageError) {
  EXPECT_EQ(Extract(Path("article.txt") + " --threads 0", "zero").exit_code, 2);
}

}  // namespace
