// Web input: charsets, HTML article extraction, the extraction metric, and
// the WARC and HTML readers (on fixtures written here and on the WARC
// samples in ../shared/corpora/warc).
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "eval/extraction_eval.h"
#include "hearsay/reader.h"
#include "html/article_extractor.h"
#include "html/charset.h"
#include "test_util.h"
#include "text/utf8.h"

namespace hearsay {
namespace {

namespace fs = std::filesystem;

fs::path Fixture(const std::string& name) {
  return fs::path(HEARSAY_SOURCE_DIR) / "tests/fixtures/web" / name;
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---------------------------------------------------------------- charset

TEST(Charset, FromContentTypeAndMeta) {
  EXPECT_EQ(html::CharsetFromContentType("text/html; charset=UTF-8"), "utf-8");
  EXPECT_EQ(html::CharsetFromContentType("text/html;charset=\"ISO-8859-1\""), "windows-1252");
  EXPECT_EQ(html::CharsetFromContentType("text/html"), "");
  EXPECT_EQ(html::DetectCharset("<meta charset='Shift_JIS'>", ""), "shift_jis");
  EXPECT_EQ(
      html::DetectCharset("<meta http-equiv=\"content-type\" content=\"text/html; charset=koi8-r\">", ""),
      "koi8-r");
  // The HTTP header wins over the page; undeclared pages are guessed.
  EXPECT_EQ(html::DetectCharset("<meta charset=utf-8>", "text/html; charset=windows-1252"), "windows-1252");
  EXPECT_EQ(html::DetectCharset("plain \xC3\xA9", ""), "utf-8");
  EXPECT_EQ(html::DetectCharset("plain \xE9", ""), "windows-1252");
}

TEST(Charset, ConvertsToValidUtf8) {
  std::string out;
  std::size_t replaced = 0;
  html::ConvertToUtf8("caf\xE9 \x93q\x94 \x80", "iso-8859-1", &out, &replaced);
  EXPECT_EQ(out, "café “q” €");  // windows-1252, as browsers read latin-1 labels
  EXPECT_EQ(replaced, 0u);
  html::ConvertToUtf8("ok \xFF\xFE bad", "utf-8", &out, &replaced);
  EXPECT_EQ(utf8::FindInvalid(out), utf8::kValid);
  EXPECT_GT(replaced, 0u);
  replaced = 0;
  html::ConvertToUtf8("\x82\xA0", "shift_jis", &out, &replaced);
  EXPECT_EQ(out, "あ");
  html::ConvertToUtf8("abc \xE9", "no-such-charset", &out, &replaced);
  EXPECT_EQ(out, "abc é");
}

// ------------------------------------------------------------------ dates

TEST(NormaliseDate, ReadsCommonForms) {
  EXPECT_EQ(html::NormaliseDate("2019-11-27T10:32:00.000Z"), "2019-11-27T10:32:00Z");
  EXPECT_EQ(html::NormaliseDate("2019-11-27T10:32:00+0530"), "2019-11-27T10:32:00+05:30");
  EXPECT_EQ(html::NormaliseDate("2019-11-27"), "2019-11-27");
  EXPECT_EQ(html::NormaliseDate("2019/11/27 08:05"), "2019-11-27T08:05:00");
  EXPECT_EQ(html::NormaliseDate("20191127"), "2019-11-27");
  EXPECT_EQ(html::NormaliseDate("Wed, 27 Nov 2019 10:32:00 GMT"), "2019-11-27T10:32:00Z");
  EXPECT_EQ(html::NormaliseDate("November 27, 2019"), "2019-11-27");
  EXPECT_EQ(html::NormaliseDate("Nov. 27, 2019 3:05 PM"), "2019-11-27T15:05:00");
  EXPECT_EQ(html::NormaliseDate("27 November 2019"), "2019-11-27");
  EXPECT_EQ(html::NormaliseDate("2019-02-30"), "");
  EXPECT_EQ(html::NormaliseDate("yesterday"), "");
  EXPECT_EQ(html::NormaliseDate(""), "");
}

// ------------------------------------------------------------- extraction

TEST(ArticleExtractor, KeepsTheArticleAndDropsTheFurniture) {
  std::size_t replaced = 0;
  auto article = html::ExtractArticleFromBytes(ReadBytes(Fixture("harbour-article.html")), "",
                                               "https://example.org/news/harbour-wall?utm=x", &replaced);
  ASSERT_TRUE(article.ok()) << article.status().ToString();
  const std::string& text = article->text;
  EXPECT_EQ(text.rfind("The harbour council voted on Tuesday", 0), 0u) << text;
  EXPECT_NE(text.find("“We cannot wait for the next storm"), std::string::npos);
  EXPECT_NE(text.find("\n\nCosts and delays\n\n"), std::string::npos)
      << "headings are paragraphs of their own";
  EXPECT_NE(text.find("€12 million"), std::string::npos);
  EXPECT_TRUE(text.ends_with("during the busy summer months.")) << text;
  for (const char* dropped :
       {"cookies", "Home", "Advertisement", "Share on", "Related stories", "Storm damage", "terrible waste",
        "sourdough", "All rights reserved", "tracking", "font-family", "Harbour Council Approves", "By Maya"})
    EXPECT_EQ(text.find(dropped), std::string::npos) << dropped;

  const html::ArticleMetadata& m = article->metadata;
  EXPECT_EQ(m.title, "Harbour Council Approves Flood Wall");
  EXPECT_EQ(m.published, "2031-05-15T08:30:00Z");  // JSON-LD first
  EXPECT_EQ(m.authors, (std::vector<std::string>{"Maya Lindqvist", "Tomás Ferreira"}));
  EXPECT_EQ(m.site_name, "Example Gazette");
  EXPECT_EQ(m.canonical_url, "https://example.org/news/harbour-wall");
  EXPECT_EQ(m.language, "en");
}

TEST(ArticleExtractor, ReadsLatin1Pages) {
  std::size_t replaced = 0;
  auto article = html::ExtractArticleFromBytes(ReadBytes(Fixture("latin1-page.html")), "", "", &replaced);
  ASSERT_TRUE(article.ok());
  EXPECT_EQ(replaced, 0u);
  EXPECT_NE(article->text.find("Café du Nord"), std::string::npos) << article->text;
  EXPECT_NE(article->text.find("£200"), std::string::npos);
  EXPECT_NE(article->text.find("“We were never asked,” said the manager, Renée Dupont"), std::string::npos);
  EXPECT_EQ(article->metadata.title, "Café owners protest new rules");
  EXPECT_EQ(article->metadata.published, "2031-03-04T10:15:00Z");
}

TEST(ArticleExtractor, SurvivesHostilePages) {
  for (const std::string& page :
       {std::string(), std::string("<"), std::string("<html><body>"), std::string(300000, '<'),
        std::string("<p>") + std::string(5000, 'x'), std::string(50000, '\0'),
        [] {
          std::string deep;
          for (int i = 0; i < 100000; ++i) deep += "<div>";
          return deep + "text";
        }(),
        std::string(
            "<script type=application/ld+json>[[[[[[[[[[[[[[[[{\"@type\":\"NewsArticle\"}]]]]]]]]]]]]]]]]"
            "</script><script "
            "type=application/ld+json>{\"@type\":[1,2],\"author\":{\"name\":7}}</script>")}) {
    std::size_t replaced = 0;
    auto article = html::ExtractArticleFromBytes(page, "", "", &replaced);
    if (article.ok()) {
      EXPECT_EQ(utf8::FindInvalid(article->text), utf8::kValid);
    }
  }
}

// ----------------------------------------------------------------- metric

TEST(ExtractionMetric, MatchesTheBenchmarkDefinition) {
  EXPECT_EQ(eval::ShingleWords("Don't stop—café_1, 2.5!").size(), 6u);  // Don t stop café_1 2 5
  const eval::PageScore same = eval::ScoreExtraction("one two three four five", "one two three four five");
  EXPECT_DOUBLE_EQ(same.precision, 1.0);
  EXPECT_DOUBLE_EQ(same.recall, 1.0);
  const eval::PageScore empty = eval::ScoreExtraction("", "");
  EXPECT_DOUBLE_EQ(empty.precision, 1.0);
  // truth shingles: [a b c d] [b c d e]; predicted: [a b c d] [b c d x] [c d x y]
  const eval::PageScore part = eval::ScoreExtraction("a b c d e", "a b c d x y");
  EXPECT_DOUBLE_EQ(part.precision, 1.0 / 3);
  EXPECT_DOUBLE_EQ(part.recall, 1.0 / 2);
  const eval::PageScore none = eval::ScoreExtraction("a b c d e", "");
  EXPECT_DOUBLE_EQ(none.precision, 0.0);
  const eval::ExtractionScores avg = eval::Average({{1.0, 0.5}, {0.5, 0.5}});
  EXPECT_DOUBLE_EQ(avg.precision, 0.75);
  EXPECT_DOUBLE_EQ(avg.f1(), 2 * 0.75 * 0.5 / 1.25);
}

// ---------------------------------------------------------------- readers

struct ReadResult {
  std::vector<Document> docs;
  std::vector<Status> record_errors;
  Status fatal;
};

ReadResult ReadAll(const std::string& path, ReaderOptions options = {}) {
  ReadResult r;
  auto reader = OpenReader(path, options);
  if (!reader.ok()) {
    r.fatal = reader.status();
    return r;
  }
  for (int i = 0; i < 100000; ++i) {
    Document doc;
    bool end = false;
    Status status = reader.value()->Next(&doc, &end);
    if (!status.ok()) {
      if (!IsRecordError(status)) {
        r.fatal = status;
        break;
      }
      r.record_errors.push_back(status);
      continue;
    }
    if (end) break;
    r.docs.push_back(std::move(doc));
  }
  return r;
}

std::string WarcRecord(const std::string& type, const std::string& uri, const std::string& block) {
  return "WARC/1.1\r\nWARC-Type: " + type + "\r\nWARC-Record-ID: <urn:uuid:" + uri.substr(uri.size() - 4) +
         ">\r\nWARC-Date: 2031-05-16T01:02:03Z\r\nWARC-Target-URI: <" + uri +
         ">\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: " +
         std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
}

std::string GzipMember(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string TempFile(const std::string& name, const std::string& bytes) {
  const fs::path path =
      fs::temp_directory_path() / ("hearsay_web_test_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

// A small crawl: a good page (chunked), a gzip-encoded page, a 404, an image,
// a request record, a page with no article text.
std::vector<std::string> SampleRecords() {
  const std::string page = ReadBytes(Fixture("harbour-article.html"));
  std::string chunked;
  for (std::size_t i = 0; i < page.size(); i += 1000) {
    const std::string piece = page.substr(i, 1000);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", piece.size());
    chunked += std::string(size) + "\r\n" + piece + "\r\n";
  }
  chunked += "0\r\n\r\n";
  const std::string latin1 = ReadBytes(Fixture("latin1-page.html"));
  const std::string http_ok = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n";
  return {
      "WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 12\r\n\r\nsoftware: x\n\r\n\r\n",
      WarcRecord("response", "https://example.org/news/harbour-wall",
                 http_ok + "Transfer-Encoding: chunked\r\n\r\n" + chunked),
      WarcRecord("request", "https://example.org/news/harbour-wall",
                 "GET /news/harbour-wall HTTP/1.1\r\n\r\n"),
      WarcRecord(
          "response", "https://example.org/cafe",
          "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\nContent-Encoding: gzip\r\n\r\n" +
              GzipMember(latin1)),
      WarcRecord("response", "https://example.org/gone",
                 "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>x"),
      WarcRecord("response", "https://example.org/logo",
                 "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG"),
      WarcRecord("response", "https://example.org/empty",
                 http_ok + "\r\n<html><body><nav>Home</nav></body></html>"),
  };
}

void CheckSample(const ReadResult& r, const std::string& name) {
  ASSERT_TRUE(r.fatal.ok()) << r.fatal.ToString();
  ASSERT_EQ(r.docs.size(), 2u);
  const DocumentMetadata& a = r.docs[0].metadata();
  EXPECT_EQ(a.id, "urn:uuid:wall");
  EXPECT_EQ(a.url, "https://example.org/news/harbour-wall");  // canonical, resolved against the target URI
  EXPECT_EQ(a.title, "Harbour Council Approves Flood Wall");
  EXPECT_EQ(a.source, "Example Gazette");
  EXPECT_EQ(a.published, "2031-05-15T08:30:00Z");
  EXPECT_EQ(a.authors.size(), 2u);
  EXPECT_EQ(a.extra_json, R"({"crawl_date":"2031-05-16T01:02:03Z"})");
  EXPECT_EQ(r.docs[0].text().rfind("The harbour council voted", 0), 0u);
  EXPECT_EQ(r.docs[1].metadata().url, "https://example.org/cafe");  // no canonical: the target URI
  EXPECT_NE(r.docs[1].text().find("Renée Dupont"), std::string::npos);
  ASSERT_EQ(r.record_errors.size(), 3u);
  EXPECT_NE(r.record_errors[0].message().find("HTTP status 404"), std::string::npos);
  EXPECT_NE(r.record_errors[0].message().find(name + ": record 5 at byte offset"), std::string::npos)
      << r.record_errors[0].message();
  EXPECT_NE(r.record_errors[1].message().find("not HTML (image/png)"), std::string::npos);
  EXPECT_NE(r.record_errors[2].message().find("no main text"), std::string::npos);
}

TEST(WarcReader, ReadsPlainAndGzippedArchives) {
  std::string plain, per_record, one_stream;
  for (const std::string& record : SampleRecords()) {
    plain += record;
    per_record += GzipMember(record);
  }
  one_stream = GzipMember(plain);
  const std::string a = TempFile("plain.warc", plain);
  const std::string b = TempFile("members.warc.gz", per_record);
  const std::string c = TempFile("stream.warc.gz", one_stream);
  CheckSample(ReadAll(a), a);
  CheckSample(ReadAll(b), b);
  CheckSample(ReadAll(c), c);
  // Standard input is sniffed: gzip → WARC.
  std::FILE* f = std::fopen(b.c_str(), "rb");
  auto reader = OpenReader(f, "<stdin>", ReaderOptions{});
  ASSERT_TRUE(reader.ok());
  Document doc;
  bool end = false;
  EXPECT_TRUE(reader.value()->Next(&doc, &end).ok());
  EXPECT_EQ(doc.metadata().title, "Harbour Council Approves Flood Wall");
  std::fclose(f);
  for (const auto& p : {a, b, c}) fs::remove(p);
}

TEST(WarcReader, BoundsMemoryAndReportsDamage) {
  std::string plain;
  for (const std::string& record : SampleRecords()) plain += record;
  const std::string path = TempFile("limit.warc", plain);
  ReaderOptions small;
  small.max_document_bytes = 2000;  // the chunked page is larger: refused unread
  ReadResult r = ReadAll(path, small);
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.record_errors[0].code(), StatusCode::kTooLarge);
  // Cut inside the second record, and bad gzip: clear errors, then the end.
  const std::string cut = TempFile("cut.warc", plain.substr(0, plain.size() / 3));
  r = ReadAll(cut);
  ASSERT_FALSE(r.record_errors.empty());
  EXPECT_NE(r.record_errors.back().message().find("truncated"), std::string::npos);
  std::string gz = GzipMember(plain);
  const std::string bad = TempFile("bad.warc.gz", gz.substr(0, gz.size() / 2));
  r = ReadAll(bad);
  ASSERT_FALSE(r.record_errors.empty());
  EXPECT_NE(r.record_errors.back().message().find("gzip"), std::string::npos)
      << r.record_errors.back().message();
  // Garbage between records: one error, then the next record is read.
  const std::string junk =
      TempFile("junk.warc", SampleRecords()[0] + "garbage line\r\nmore\r\n" + SampleRecords()[1]);
  r = ReadAll(junk);
  EXPECT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.record_errors.size(), 1u);
  for (const auto& p : {path, cut, bad, junk}) fs::remove(p);
}

// Header values become metadata: invalid UTF-8 in them (found by the WARC
// fuzzer in WARC-Date) is replaced, never passed on.
TEST(WarcReader, HeaderValuesBecomeValidUtf8) {
  std::string record = SampleRecords()[1];
  record.replace(record.find("WARC-Date: 2031"), 15,
                 "WARC-Date: \xA1\xFF"
                 "31");
  record.replace(record.find("<https://example.org/"), 21, "<https://\xE9xample.org/");
  const std::string path = TempFile("utf8.warc", record);
  ReadResult r = ReadAll(path);
  ASSERT_EQ(r.docs.size(), 1u);
  const DocumentMetadata& m = r.docs[0].metadata();
  EXPECT_EQ(utf8::FindInvalid(m.extra_json), utf8::kValid);
  EXPECT_NE(m.extra_json.find("\xEF\xBF\xBD"), std::string::npos);
  fs::remove(path);
}

TEST(HtmlReader, ReadsPagesByExtensionAndFormat) {
  ReadResult r = ReadAll(Fixture("harbour-article.html").string());
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].metadata().title, "Harbour Council Approves Flood Wall");
  EXPECT_EQ(r.docs[0].metadata().id, Fixture("harbour-article.html").string());
  const std::string gz = TempFile("page.html.gz", GzipMember(ReadBytes(Fixture("latin1-page.html"))));
  r = ReadAll(gz);
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_NE(r.docs[0].text().find("Café du Nord"), std::string::npos);
  fs::remove(gz);
  EXPECT_EQ(FormatForFileName("x/CRAWL.warc.gz"), InputFormat::kWarc);
  EXPECT_EQ(FormatForFileName("page.htm"), InputFormat::kHtml);
  EXPECT_TRUE(IsInputFileName("a/b.html.gz"));
  EXPECT_FALSE(IsInputFileName("a/b.png"));
  EXPECT_EQ(ParseInputFormat("warc").value(), InputFormat::kWarc);
}

// ------------------------------------------------------ shared WARC files

TEST(SharedWarc, EveryFileReadsWithoutCrashing) {
  const fs::path dir = testing::SharedDir() / "corpora" / "warc";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no " << dir;
  // file → documents expected (record errors and file errors are counted too).
  std::map<std::string, ReadResult> results;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().filename().string().starts_with("LICENSE")) continue;
    if (e.path().extension() == ".json" || e.path().extension() == ".txt" ||
        e.path().extension() == ".parquet")
      continue;
    // The next test reads the fundus WARCs (and counts their documents).
    if (e.path().parent_path().filename() == "fundus-news-wrapped") continue;
    ReaderOptions options;
    options.format = InputFormat::kWarc;  // also the .bad and .arc files
    results[fs::relative(e.path(), dir).string()] = ReadAll(e.path().string(), options);
  }
  auto docs = [&](const std::string& f) { return results.at(f).docs.size(); };
  EXPECT_EQ(docs("warcio-example.warc"), docs("warcio-example.warc.gz"));
  EXPECT_EQ(docs("edge-cases/example.warc"), docs("edge-cases/example.warc.gz"));
  EXPECT_GE(docs("resiliparse-warcfile.warc.gz"), 8u);
  EXPECT_GE(docs("aut-example.warc.gz"), 50u);  // 299 responses, most of them images, CSS, scripts
  EXPECT_GE(docs("dolma-sample-0000.warc.gz"), 5u);
  EXPECT_EQ(docs("malformed/test-valid-response.warc"), 1u);
  EXPECT_EQ(docs("malformed/test-request.warc"), 0u);
  EXPECT_EQ(docs("malformed/test-invalid-response-not-text-html.warc"), 0u);
  EXPECT_FALSE(results.at("edge-cases/example.arc").fatal.ok());  // ARC is refused clearly
  EXPECT_FALSE(results.at("edge-cases/example-trunc.warc").record_errors.empty());
  for (const auto& [name, r] : results) {
    for (const Document& d : r.docs) {
      EXPECT_EQ(utf8::FindInvalid(d.text()), utf8::kValid) << name;
      EXPECT_FALSE(d.text().empty()) << name;
    }
    for (const Status& s : r.record_errors)
      EXPECT_NE(s.message().find(name.substr(name.rfind('/') + 1)), std::string::npos);
  }
}

// The path WARC → main text on real news: the 80 fundus pages wrapped as
// WARC records, scored against their ground-truth paragraphs.
TEST(SharedWarc, FundusNewsThroughToText) {
  const fs::path dir = testing::SharedDir() / "corpora" / "warc" / "fundus-news-wrapped";
  const fs::path truth_path = testing::SharedDir() / "corpora" / "fundus-evaluation" / "ground_truth.json";
  if (!fs::is_directory(dir) || !fs::exists(truth_path)) GTEST_SKIP() << "no " << dir;
  // record_to_ground_truth.json: [{record_id: "<urn:…>", ground_truth_key}, …]
  std::map<std::string, std::string> key_of;
  for (const auto& m : nlohmann::json::parse(ReadBytes(dir / "record_to_ground_truth.json"))) {
    std::string id = m["record_id"].get<std::string>();
    key_of[id.substr(1, id.size() - 2)] = m["ground_truth_key"].get<std::string>();
  }
  const nlohmann::json truth = nlohmann::json::parse(ReadBytes(truth_path));
  std::vector<eval::PageScore> scores;
  for (const char* file : {"fundus-eval-derived-00.warc.gz", "fundus-eval-derived-01.warc.gz"}) {
    ReadResult r = ReadAll((dir / file).string());
    ASSERT_TRUE(r.fatal.ok()) << r.fatal.ToString();
    for (const Document& d : r.docs) {
      const std::string key = key_of[d.metadata().id];
      ASSERT_TRUE(truth.contains(key)) << d.metadata().id;
      std::string body;
      for (const auto& p : truth[key]["body"]) body += p.get<std::string>() + "\n\n";
      scores.push_back(eval::ScoreExtraction(body, d.text()));
    }
  }
  ASSERT_EQ(scores.size(), 80u);
  const eval::ExtractionScores avg = eval::Average(scores);
  // A floor well under the measured figure (docs/input.md): it catches a
  // broken reader or extractor, not small changes.
  EXPECT_GT(avg.f1(), 0.8) << "P " << avg.precision << " R " << avg.recall;
}

}  // namespace
}  // namespace hearsay
