// Golden tests of tokenization and sentence splitting: one test per
// tests/golden/segment/*.test file (format in tests/golden/segment/README.md).
//
// Each file holds an input text and the expected segmentation, one sentence
// per line with tokens separated by " | " and a blank line between
// paragraphs. A mismatch prints a line diff. HEARSAY_GOLDEN_UPDATE=1 rewrites
// the expected part of every failing file from the current output; review
// the result with `git diff` before keeping it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "hearsay/pipeline.h"
#include "test_util.h"
#include "text/utf8.h"

namespace hearsay {
namespace {

constexpr std::string_view kSeparator = "----";
constexpr std::string_view kCommentPrefix = "## ";

std::filesystem::path GoldenDir() {
  return std::filesystem::path(HEARSAY_SOURCE_DIR) / "tests" / "golden" / "segment";
}

struct GoldenCase {
  std::string name;  // file stem
  std::filesystem::path path;
  std::vector<std::string> comments;  // "## " lines, without the prefix
  std::string input;
  std::vector<std::string> expected;  // lines after the separator, trailing blanks dropped
  std::string error;                  // why the file cannot be parsed, or ""
};

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // tolerate a CRLF checkout
    lines.push_back(line);
  }
  return lines;
}

GoldenCase ParseGolden(const std::filesystem::path& path) {
  GoldenCase c;
  c.path = path;
  c.name = path.stem().string();
  const std::vector<std::string> lines = SplitLines(testing::ReadFile(path));
  std::size_t i = 0;
  while (i < lines.size() && lines[i].starts_with(kCommentPrefix)) c.comments.push_back(lines[i++].substr(3));
  std::vector<std::string> input;
  while (i < lines.size() && lines[i] != kSeparator) input.push_back(lines[i++]);
  if (i == lines.size()) {
    c.error = "no separator line '" + std::string(kSeparator) + "'";
    return c;
  }
  ++i;
  for (std::size_t k = 0; k < input.size(); ++k) {
    if (k > 0) c.input += '\n';
    c.input += input[k];
  }
  for (; i < lines.size(); ++i) c.expected.push_back(lines[i]);
  while (!c.expected.empty() && c.expected.back().empty()) c.expected.pop_back();
  if (c.input.empty()) c.error = "empty input";
  if (utf8::FindInvalid(c.input) != utf8::kValid) c.error = "input is not valid UTF-8";
  return c;
}

// The segmentation in the golden format.
std::vector<std::string> Render(const Document& doc) {
  std::vector<std::string> out;
  std::size_t s = 0;
  for (std::size_t p = 0; p < doc.paragraphs.size(); ++p) {
    if (p > 0) out.emplace_back();
    for (; s < doc.sentences.size() && doc.sentences[s].first < doc.paragraphs[p].tokens.last; ++s) {
      out.push_back(testing::JoinTokens(doc, doc.sentences[s]));
    }
  }
  return out;
}

// A line diff (longest common subsequence): "  " same, "- " expected only,
// "+ " actual only.
std::string Diff(const std::vector<std::string>& expected, const std::vector<std::string>& actual) {
  const std::size_t n = expected.size(), m = actual.size();
  std::vector<std::vector<std::size_t>> lcs(n + 1, std::vector<std::size_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      lcs[i][j] = expected[i] == actual[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::string out;
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] == actual[j]) {
      out += "    " + expected[i++] + "\n";
      ++j;
    } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out += "  + " + actual[j++] + "\n";
    } else {
      out += "  - " + expected[i++] + "\n";
    }
  }
  return out;
}

void Rewrite(const GoldenCase& c, const std::vector<std::string>& actual) {
  std::ofstream out(c.path, std::ios::binary | std::ios::trunc);
  for (const std::string& comment : c.comments) out << kCommentPrefix << comment << "\n";
  out << c.input << "\n" << kSeparator << "\n";
  for (const std::string& line : actual) out << line << "\n";
}

std::vector<std::filesystem::path> GoldenFiles() {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(GoldenDir(), ec)) {
    if (entry.path().extension() == ".test") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class SegmentGolden : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(SegmentGolden, MatchesExpected) {
  const GoldenCase c = ParseGolden(GetParam());
  ASSERT_TRUE(c.error.empty()) << c.path.string() << ": " << c.error;
  ASSERT_FALSE(c.expected.empty()) << c.path.string() << ": no expected output";

  auto pipeline = Pipeline::FromNames({"tokenizer", "sentences"});
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  Document doc{c.input, DocumentMetadata{}};
  ASSERT_TRUE(pipeline->Process(doc).ok());
  testing::ExpectTokenInvariants(doc);
  testing::ExpectSentenceInvariants(doc);

  const std::vector<std::string> actual = Render(doc);
  if (actual == c.expected) return;
  if (const char* update = std::getenv("HEARSAY_GOLDEN_UPDATE"); update != nullptr && *update == '1') {
    Rewrite(c, actual);
    ADD_FAILURE() << c.path.string() << ": rewritten from the current output; review it with git diff";
    return;
  }
  ADD_FAILURE() << c.path.string() << ": segmentation differs (- expected, + actual):\n"
                << Diff(c.expected, actual);
}

std::string CaseName(const ::testing::TestParamInfo<std::filesystem::path>& info) {
  std::string name = info.param.stem().string();
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Files, SegmentGolden, ::testing::ValuesIn(GoldenFiles()), CaseName);

TEST(SegmentGoldenFiles, AtLeastFifteenCases) {
  EXPECT_GE(GoldenFiles().size(), 15u) << "golden files in " << GoldenDir().string();
}

TEST(SegmentGoldenFiles, EveryFileParses) {
  for (const auto& path : GoldenFiles()) {
    const GoldenCase c = ParseGolden(path);
    EXPECT_TRUE(c.error.empty()) << path.string() << ": " << c.error;
  }
}

TEST(SegmentGoldenRunner, DiffShowsChangedLines) {
  const std::string diff = Diff({"a | b", "c | d", "", "e"}, {"a | b", "c", "| d", "", "e"});
  EXPECT_EQ(diff, "    a | b\n  + c\n  + | d\n  - c | d\n    \n    e\n");
}

TEST(SegmentGoldenRunner, RenderSeparatesParagraphsWithABlankLine) {
  const Document doc = testing::Segment("One. Two.\n\nThree.");
  EXPECT_EQ(Render(doc), (std::vector<std::string>{"One | .", "Two | .", "", "Three | ."}));
}

}  // namespace
}  // namespace hearsay
