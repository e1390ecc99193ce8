// Tests of the document readers: plain text and JSON Lines, strict and
// lenient UTF-8, size limits, binary input and per-record errors.
#include "hearsay/reader.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_util.h"

namespace hearsay {
namespace {

using ::hearsay::testing::TempDir;

ReaderOptions Options(InputFormat format = InputFormat::kAuto, bool lenient = false,
                      std::size_t max_bytes = std::size_t{64} << 20) {
  ReaderOptions options;
  options.format = format;
  options.lenient_utf8 = lenient;
  options.max_document_bytes = max_bytes;
  return options;
}

std::unique_ptr<DocumentReader> Open(const std::string& path, const ReaderOptions& options = Options()) {
  auto reader = OpenReader(path, options);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  return reader.ok() ? std::move(reader).value() : nullptr;
}

// One call of Next: its status, whether the input ended, and the document.
struct Step {
  Status status;
  bool end = false;
  Document doc;
};

Step Next(DocumentReader& reader) {
  Step step;
  step.status = reader.Next(&step.doc, &step.end);
  return step;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// ---- plain text ----

TEST(TextReader, ReadsOneDocumentStripsBomKeepsCrLf) {
  TempDir dir;
  const std::string path = dir.Write("article.txt", "\xEF\xBB\xBFHeadline\r\n\r\nBody text.\r\n");
  auto reader = Open(path);
  ASSERT_NE(reader, nullptr);
  Step first = Next(*reader);
  ASSERT_TRUE(first.status.ok()) << first.status.ToString();
  ASSERT_FALSE(first.end);
  EXPECT_EQ(first.doc.text(), "Headline\r\n\r\nBody text.\r\n");
  EXPECT_EQ(first.doc.metadata().id, path);
  EXPECT_EQ(first.doc.metadata().language, "en");
  EXPECT_EQ(reader->name(), path);
  Step second = Next(*reader);
  EXPECT_TRUE(second.status.ok());
  EXPECT_TRUE(second.end);
  Step third = Next(*reader);  // stays at the end
  EXPECT_TRUE(third.status.ok());
  EXPECT_TRUE(third.end);
}

TEST(TextReader, EmptyFileIsAnEmptyDocument) {
  TempDir dir;
  auto reader = Open(dir.Write("empty.txt", ""));
  ASSERT_NE(reader, nullptr);
  Step step = Next(*reader);
  ASSERT_TRUE(step.status.ok());
  EXPECT_FALSE(step.end);
  EXPECT_EQ(step.doc.text(), "");
}

TEST(TextReader, OnlyALeadingBomIsDropped) {
  TempDir dir;
  auto reader = Open(dir.Write("bom.txt",
                               "a\xEF\xBB\xBF"
                               "b"));
  Step step = Next(*reader);
  ASSERT_TRUE(step.status.ok());
  EXPECT_EQ(step.doc.text(),
            "a\xEF\xBB\xBF"
            "b");
}

TEST(TextReader, AutoFormatTreatsTxtAsTextEvenIfItLooksLikeJson) {
  TempDir dir;
  auto reader = Open(dir.Write("object.txt", "{\"text\": \"x\"}\n"));
  Step step = Next(*reader);
  ASSERT_TRUE(step.status.ok());
  EXPECT_EQ(step.doc.text(), "{\"text\": \"x\"}\n");
}

TEST(TextReader, InvalidUtf8StrictNamesFileLineAndByteOffset) {
  TempDir dir;
  // Line 2, byte offset 12 in the file: "line one\n" (9) + "ab " (3).
  const std::string path = dir.Write("bad.txt", "line one\nab \xFF cd\n");
  auto reader = Open(path);
  Step step = Next(*reader);
  EXPECT_EQ(step.status.code(), StatusCode::kInvalidUtf8);
  EXPECT_TRUE(Contains(step.status.message(), path + ":2")) << step.status.message();
  EXPECT_TRUE(Contains(step.status.message(), "byte offset 12")) << step.status.message();
  EXPECT_TRUE(Contains(step.status.message(), "0xFF")) << step.status.message();
}

TEST(TextReader, InvalidUtf8OffsetCountsTheBom) {
  TempDir dir;
  const std::string path = dir.Write("bom_bad.txt",
                                     "\xEF\xBB\xBF"
                                     "ab\xC0\xAF");
  auto reader = Open(path);
  Step step = Next(*reader);
  EXPECT_EQ(step.status.code(), StatusCode::kInvalidUtf8);
  EXPECT_TRUE(Contains(step.status.message(), path + ":1")) << step.status.message();
  EXPECT_TRUE(Contains(step.status.message(), "byte offset 5")) << step.status.message();
}

TEST(TextReader, InvalidUtf8LenientReplaces) {
  TempDir dir;
  auto reader = Open(dir.Write("bad.txt",
                               "caf\xC3 ok \xF0\x9F\x98"
                               "a \xED\xA0\x80"),
                     Options(InputFormat::kAuto, true));
  Step step = Next(*reader);
  ASSERT_TRUE(step.status.ok()) << step.status.ToString();
  EXPECT_EQ(step.doc.text(),
            "caf\xEF\xBF\xBD ok \xEF\xBF\xBD"
            "a \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(reader->replaced_sequences(), 5u);
}

TEST(TextReader, NulByteIsBinaryInput) {
  TempDir dir;
  const std::string path = dir.Write("image.txt", std::string("GIF89a\0\0\x01", 9));
  auto reader = Open(path);
  Step step = Next(*reader);
  EXPECT_EQ(step.status.code(), StatusCode::kBinaryInput);
  EXPECT_TRUE(Contains(step.status.message(), path)) << step.status.message();
  EXPECT_TRUE(Contains(step.status.message(), "byte offset 6")) << step.status.message();
}

TEST(TextReader, FileOverTheLimitIsRefused) {
  TempDir dir;
  const std::string path = dir.Write("big.txt", std::string(1 << 20, 'a'));
  auto reader = Open(path, Options(InputFormat::kAuto, false, 1000));
  Step step = Next(*reader);
  EXPECT_EQ(step.status.code(), StatusCode::kTooLarge);
  EXPECT_TRUE(Contains(step.status.message(), path)) << step.status.message();
  EXPECT_TRUE(Contains(step.status.message(), "1000")) << step.status.message();
}

TEST(TextReader, FileOverTheLimitIsNotReadToTheEnd) {
  TempDir dir;
  const std::string path = dir.Write("big.txt", std::string(1 << 20, 'a'));
  std::FILE* f = std::fopen(path.c_str(), "rb");
  ASSERT_NE(f, nullptr);
  {
    auto reader = OpenReader(f, "big", Options(InputFormat::kText, false, 1000));
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    Step step = Next(*reader.value());
    EXPECT_EQ(step.status.code(), StatusCode::kTooLarge);
    // The reader stopped after at most one buffer past the limit.
    const long consumed = std::ftell(f);
    EXPECT_GT(consumed, 0);
    EXPECT_LE(consumed, 1000 + (1 << 17)) << "read " << consumed << " bytes of a 1 MiB file";
  }
  std::fclose(f);  // the stream overload never closes what it was given
}

TEST(TextReader, FileExactlyAtTheLimitIsRead) {
  TempDir dir;
  auto reader =
      Open(dir.Write("exact.txt", std::string(1000, 'a')), Options(InputFormat::kAuto, false, 1000));
  Step step = Next(*reader);
  ASSERT_TRUE(step.status.ok()) << step.status.ToString();
  EXPECT_EQ(step.doc.text().size(), 1000u);
}

TEST(Reader, MissingFileIsNotFoundAndNamed) {
  TempDir dir;
  const std::string path = (dir.path() / "missing.txt").string();
  auto reader = OpenReader(path, Options());
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Contains(reader.status().message(), path)) << reader.status().message();
}

TEST(Reader, ParseInputFormat) {
  EXPECT_EQ(ParseInputFormat("auto").value(), InputFormat::kAuto);
  EXPECT_EQ(ParseInputFormat("text").value(), InputFormat::kText);
  EXPECT_EQ(ParseInputFormat("jsonl").value(), InputFormat::kJsonl);
  const auto bad = ParseInputFormat("xml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(bad.status().message(), "xml"));
}

TEST(Reader, IsRecordError) {
  EXPECT_TRUE(IsRecordError(Status(StatusCode::kMalformedRecord, "x")));
  EXPECT_TRUE(IsRecordError(Status(StatusCode::kInvalidUtf8, "x")));
  EXPECT_TRUE(IsRecordError(Status(StatusCode::kTooLarge, "x")));
  EXPECT_FALSE(IsRecordError(Status(StatusCode::kIoError, "x")));
  EXPECT_FALSE(IsRecordError(Status(StatusCode::kBinaryInput, "x")));
  EXPECT_FALSE(IsRecordError(Status::Ok()));
}

TEST(Reader, StreamIsSniffedForJsonLines) {
  TempDir dir;
  const std::string path = dir.Write("stream", "\xEF\xBB\xBF  \n{\"text\": \"from a stream\"}\n");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  ASSERT_NE(f, nullptr);
  {
    auto reader = OpenReader(f, "<stream>", Options());
    ASSERT_TRUE(reader.ok());
    Step step = Next(*reader.value());
    ASSERT_TRUE(step.status.ok()) << step.status.ToString();
    EXPECT_EQ(step.doc.text(), "from a stream");
    EXPECT_TRUE(Next(*reader.value()).end);
  }
  std::fclose(f);
}

TEST(Reader, StreamIsSniffedAsTextKeepingSniffedBytes) {
  TempDir dir;
  const std::string path = dir.Write("stream", "\n  Plain text.\n");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  ASSERT_NE(f, nullptr);
  {
    auto reader = OpenReader(f, "<stream>", Options());
    ASSERT_TRUE(reader.ok());
    Step step = Next(*reader.value());
    ASSERT_TRUE(step.status.ok()) << step.status.ToString();
    EXPECT_EQ(step.doc.text(), "\n  Plain text.\n");
    EXPECT_EQ(step.doc.metadata().id, "<stream>");
  }
  std::fclose(f);
}

// Known bug (src/text/reader.cc, not fixed here): when a stream is sniffed,
// the blank lines read before the first '{' are glued to the first record,
// so every later record's line number is too small ("<stdin>:1" for line 3).
// Enable this test when MakeReader/JsonlReader count the sniffed lines.
TEST(Reader, StreamLineNumbersCountSniffedBlankLines) {
  TempDir dir;
  const std::string path = dir.Write("stream", "\n\n{bad\n{\"text\": \"x\"}\n");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  ASSERT_NE(f, nullptr);
  {
    auto reader = OpenReader(f, "<stream>", Options());
    ASSERT_TRUE(reader.ok());
    Step bad = Next(*reader.value());
    EXPECT_EQ(bad.status.code(), StatusCode::kMalformedRecord);
    EXPECT_TRUE(Contains(bad.status.message(), "<stream>:3")) << bad.status.message();
    Step good = Next(*reader.value());
    ASSERT_TRUE(good.status.ok());
    EXPECT_EQ(good.doc.metadata().id, "<stream>:4");
  }
  std::fclose(f);
}

// ---- JSON Lines ----

TEST(JsonlReader, RecordsWithMetadata) {
  TempDir dir;
  const std::string path =
      dir.Write("news.jsonl",
                "{\"id\": \"a1\", \"url\": \"https://example.com/a1\", \"source\": \"Example Wire\", "
                "\"published\": \"2024-03-01T10:00:00Z\", \"title\": \"Talks resume\", \"language\": \"de\", "
                "\"text\": \"Die Gespr\\u00e4che laufen.\\nZweite Zeile.\"}\n"
                "{\"text\": \"No metadata here.\", \"id\": 17}\n"
                "{\"text\": \"Null fields are skipped.\", \"title\": null}\n");
  auto reader = Open(path);
  Step a = Next(*reader);
  ASSERT_TRUE(a.status.ok()) << a.status.ToString();
  const DocumentMetadata& m = a.doc.metadata();
  EXPECT_EQ(m.id, "a1");
  EXPECT_EQ(m.url, "https://example.com/a1");
  EXPECT_EQ(m.source, "Example Wire");
  EXPECT_EQ(m.published, "2024-03-01T10:00:00Z");
  EXPECT_EQ(m.title, "Talks resume");
  EXPECT_EQ(m.language, "de");
  EXPECT_EQ(m.extra_json, "");
  EXPECT_EQ(a.doc.text(),
            "Die Gespr\xC3\xA4"
            "che laufen.\nZweite Zeile.");
  Step b = Next(*reader);
  ASSERT_TRUE(b.status.ok()) << b.status.ToString();
  EXPECT_EQ(b.doc.metadata().id, "17");
  EXPECT_EQ(b.doc.metadata().language, "en");
  Step c = Next(*reader);
  ASSERT_TRUE(c.status.ok()) << c.status.ToString();
  EXPECT_EQ(c.doc.metadata().title, "");
  EXPECT_EQ(c.doc.metadata().id, path + ":3");  // no id: the record's place
  EXPECT_TRUE(Next(*reader).end);
}

TEST(JsonlReader, UnknownFieldsAreKeptInExtraJson) {
  TempDir dir;
  auto reader = Open(dir.Write("extra.jsonl",
                               "{\"text\": \"x\", \"tags\": [\"a\", \"b\"], \"score\": 1.5, "
                               "\"nested\": {\"k\": null, \"s\": \"\\u201cq\\u201d\"}, \"flag\": true}\n"));
  Step step = Next(*reader);
  ASSERT_TRUE(step.status.ok()) << step.status.ToString();
  ASSERT_FALSE(step.doc.metadata().extra_json.empty());
  const nlohmann::json extra = nlohmann::json::parse(step.doc.metadata().extra_json);
  const nlohmann::json expected = {{"tags", {"a", "b"}},
                                   {"score", 1.5},
                                   {"nested", {{"k", nullptr}, {"s", "\xE2\x80\x9Cq\xE2\x80\x9D"}}},
                                   {"flag", true}};
  EXPECT_EQ(extra, expected);
}

TEST(JsonlReader, MalformedLineIsARecordErrorAndReadingGoesOn) {
  TempDir dir;
  const std::string path = dir.Write("mixed.jsonl",
                                     "{\"text\": \"one\"}\n"
                                     "{\"text\": \"two\"\n"
                                     "{\"text\": \"three\"}\n"
                                     "[1, 2]\n"
                                     "{\"text\": \"five\"}\n");
  auto reader = Open(path);
  Step one = Next(*reader);
  ASSERT_TRUE(one.status.ok());
  EXPECT_EQ(one.doc.text(), "one");
  Step two = Next(*reader);
  EXPECT_EQ(two.status.code(), StatusCode::kMalformedRecord);
  EXPECT_TRUE(IsRecordError(two.status));
  EXPECT_TRUE(Contains(two.status.message(), path + ":2")) << two.status.message();
  Step three = Next(*reader);
  ASSERT_TRUE(three.status.ok()) << three.status.ToString();
  EXPECT_EQ(three.doc.text(), "three");
  Step four = Next(*reader);
  EXPECT_EQ(four.status.code(), StatusCode::kMalformedRecord);
  EXPECT_TRUE(Contains(four.status.message(), path + ":4")) << four.status.message();
  Step five = Next(*reader);
  ASSERT_TRUE(five.status.ok());
  EXPECT_EQ(five.doc.text(), "five");
  EXPECT_TRUE(Next(*reader).end);
}

TEST(JsonlReader, MissingOrNonStringText) {
  TempDir dir;
  const std::string path = dir.Write("text.jsonl",
                                     "{\"id\": \"no-text\"}\n"
                                     "{\"text\": 5}\n"
                                     "{\"text\": null}\n"
                                     "{\"text\": [\"a\"]}\n"
                                     "{\"title\": 3, \"text\": \"t\"}\n"
                                     "{\"text\": \"fine\"}\n");
  auto reader = Open(path);
  Step missing = Next(*reader);
  EXPECT_EQ(missing.status.code(), StatusCode::kMalformedRecord);
  EXPECT_TRUE(Contains(missing.status.message(), path + ":1")) << missing.status.message();
  EXPECT_TRUE(Contains(missing.status.message(), "\"text\"")) << missing.status.message();
  for (int line = 2; line <= 5; ++line) {
    Step bad = Next(*reader);
    EXPECT_EQ(bad.status.code(), StatusCode::kMalformedRecord) << "line " << line;
    EXPECT_TRUE(IsRecordError(bad.status));
    EXPECT_TRUE(Contains(bad.status.message(), path + ":" + std::to_string(line))) << bad.status.message();
  }
  Step fine = Next(*reader);
  ASSERT_TRUE(fine.status.ok());
  EXPECT_EQ(fine.doc.text(), "fine");
}

TEST(JsonlReader, BlankLinesAreSkippedButCounted) {
  TempDir dir;
  const std::string path = dir.Write("blank.jsonl", "\n   \n\t\r\n{\"text\": \"a\"}\r\n\n{\"text\": \"b\"}");
  auto reader = Open(path);
  Step a = Next(*reader);
  ASSERT_TRUE(a.status.ok()) << a.status.ToString();
  EXPECT_EQ(a.doc.text(), "a");
  EXPECT_EQ(a.doc.metadata().id, path + ":4");
  Step b = Next(*reader);  // the last line has no final newline
  ASSERT_TRUE(b.status.ok()) << b.status.ToString();
  EXPECT_EQ(b.doc.text(), "b");
  EXPECT_EQ(b.doc.metadata().id, path + ":6");
  EXPECT_TRUE(Next(*reader).end);
}

TEST(JsonlReader, EmptyFileEndsAtOnce) {
  TempDir dir;
  auto reader = Open(dir.Write("empty.jsonl", ""));
  Step step = Next(*reader);
  EXPECT_TRUE(step.status.ok());
  EXPECT_TRUE(step.end);
}

TEST(JsonlReader, OverLongLineIsSkipped) {
  TempDir dir;
  const std::string long_line = "{\"text\": \"" + std::string(500, 'x') + "\"}";
  const std::string path =
      dir.Write("long.jsonl", "{\"text\": \"short\"}\n" + long_line + "\n{\"text\": \"after\"}\n");
  auto reader = Open(path, Options(InputFormat::kAuto, false, 100));
  Step first = Next(*reader);
  ASSERT_TRUE(first.status.ok());
  EXPECT_EQ(first.doc.text(), "short");
  Step skipped = Next(*reader);
  EXPECT_EQ(skipped.status.code(), StatusCode::kTooLarge);
  EXPECT_TRUE(IsRecordError(skipped.status));
  EXPECT_TRUE(Contains(skipped.status.message(), path + ":2")) << skipped.status.message();
  Step after = Next(*reader);
  ASSERT_TRUE(after.status.ok()) << after.status.ToString();
  EXPECT_EQ(after.doc.text(), "after");
  EXPECT_EQ(after.doc.metadata().id, path + ":3");
  EXPECT_TRUE(Next(*reader).end);
}

TEST(JsonlReader, InvalidUtf8StrictSkipsOnlyThatLine) {
  TempDir dir;
  const std::string path = dir.Write("utf8.jsonl",
                                     "{\"text\": \"good\"}\n"
                                     "{\"text\": \"bad \xC3\x28 byte\"}\n"
                                     "{\"text\": \"also good\"}\n");
  auto reader = Open(path);
  ASSERT_TRUE(Next(*reader).status.ok());
  Step bad = Next(*reader);
  EXPECT_EQ(bad.status.code(), StatusCode::kInvalidUtf8);
  EXPECT_TRUE(IsRecordError(bad.status));
  EXPECT_TRUE(Contains(bad.status.message(), path + ":2")) << bad.status.message();
  // 17 bytes of line 1, then '{"text": "bad ' (14 bytes).
  EXPECT_TRUE(Contains(bad.status.message(), "byte offset 31")) << bad.status.message();
  Step next = Next(*reader);
  ASSERT_TRUE(next.status.ok()) << next.status.ToString();
  EXPECT_EQ(next.doc.text(), "also good");
}

TEST(JsonlReader, InvalidUtf8LenientIsReplaced) {
  TempDir dir;
  auto reader = Open(dir.Write("utf8.jsonl",
                               "{\"text\": \"good\"}\n"
                               "{\"text\": \"bad \xC3\x28 byte\", \"title\": \"t\xFF\"}\n"),
                     Options(InputFormat::kAuto, true));
  ASSERT_TRUE(Next(*reader).status.ok());
  Step replaced = Next(*reader);
  ASSERT_TRUE(replaced.status.ok()) << replaced.status.ToString();
  EXPECT_EQ(replaced.doc.text(), "bad \xEF\xBF\xBD( byte");
  EXPECT_EQ(replaced.doc.metadata().title, "t\xEF\xBF\xBD");
  EXPECT_EQ(reader->replaced_sequences(), 2u);
}

TEST(JsonlReader, NulByteInALineIsReported) {
  TempDir dir;
  std::string bytes = "{\"text\": \"a\"}\n{\"text\": \"b";
  bytes.push_back('\0');
  bytes += "\"}\n{\"text\": \"c\"}\n";
  const std::string path = dir.Write("nul.jsonl", bytes);
  auto reader = Open(path);
  ASSERT_TRUE(Next(*reader).status.ok());
  Step bad = Next(*reader);
  EXPECT_EQ(bad.status.code(), StatusCode::kBinaryInput);
  EXPECT_TRUE(Contains(bad.status.message(), path + ":2")) << bad.status.message();
}

TEST(JsonlReader, TextBomIsDropped) {
  TempDir dir;
  auto reader = Open(dir.Write("bom.jsonl", "\xEF\xBB\xBF{\"text\": \"\\ufeffhello\"}\n"));
  Step step = Next(*reader);
  ASSERT_TRUE(step.status.ok()) << step.status.ToString();
  EXPECT_EQ(step.doc.text(), "hello");
}

TEST(JsonlReader, ExplicitFormatOverridesTheExtension) {
  TempDir dir;
  auto reader = Open(dir.Write("records.txt", "{\"text\": \"as jsonl\"}\n"), Options(InputFormat::kJsonl));
  Step step = Next(*reader);
  ASSERT_TRUE(step.status.ok());
  EXPECT_EQ(step.doc.text(), "as jsonl");
}

std::size_t PeakRssKiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::size_t>(usage.ru_maxrss);  // KiB on Linux
}

// A 200 MB line with a 1 MB limit is skipped without being held in memory.
TEST(JsonlReader, HugeLineIsSkippedInBoundedMemory) {
  TempDir dir;
  const auto start = std::chrono::steady_clock::now();
  const std::filesystem::path path = dir.path() / "huge.jsonl";
  std::size_t huge_bytes = std::size_t{200} << 20;
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("{\"text\": \"before\"}\n{\"text\": \"", f);
    const std::string block(1 << 20, 'x');
    std::size_t written = 0;
    while (written < huge_bytes) {
      ASSERT_EQ(std::fwrite(block.data(), 1, block.size(), f), block.size());
      written += block.size();
      // Keep the test fast on slow disks: 50 MB is still 50 times the limit.
      if (written == (std::size_t{50} << 20) &&
          std::chrono::steady_clock::now() - start > std::chrono::milliseconds(1500)) {
        huge_bytes = written;
      }
    }
    std::fputs("\"}\n{\"text\": \"after\"}\n", f);
    ASSERT_EQ(std::fclose(f), 0);
  }
  const std::size_t peak_before = PeakRssKiB();
  auto reader = Open(path.string(), Options(InputFormat::kAuto, false, std::size_t{1} << 20));
  ASSERT_NE(reader, nullptr);
  Step before = Next(*reader);
  ASSERT_TRUE(before.status.ok());
  EXPECT_EQ(before.doc.text(), "before");
  Step huge = Next(*reader);
  EXPECT_EQ(huge.status.code(), StatusCode::kTooLarge);
  EXPECT_TRUE(IsRecordError(huge.status));
  EXPECT_TRUE(Contains(huge.status.message(), path.string() + ":2")) << huge.status.message();
  Step after = Next(*reader);
  ASSERT_TRUE(after.status.ok()) << after.status.ToString();
  EXPECT_EQ(after.doc.text(), "after");
  EXPECT_TRUE(Next(*reader).end);
  const std::size_t growth_kib = PeakRssKiB() - peak_before;
  EXPECT_LT(growth_kib, 32u * 1024) << "peak memory grew by " << growth_kib / 1024 << " MiB reading a "
                                    << (huge_bytes >> 20) << " MiB line";
}

}  // namespace
}  // namespace hearsay
