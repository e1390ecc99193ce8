// Differential test of io::JsonWriter (src/io/json_writer.h) against
// nlohmann::json's dump, which the API and the document output used before: the same bytes
// for strings (escapes, control characters, multi-byte UTF-8), the same
// values for numbers, and invalid UTF-8 replaced so that the output parses.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "attribution_fixture.h"
#include "io/document_json.h"
#include "io/json_writer.h"

namespace hearsay::io {
namespace {

using json = nlohmann::ordered_json;

std::string Dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Valid UTF-8 with plenty of what needs escaping.
std::string RandomText(std::mt19937& rng) {
  static const char* kPieces[] = {"a",  "Z",  " ",  "\"",       "\\",     "/",    "\n", "\r",
                                  "\t", "\b", "\f", "\x01",     "\x1f",   "\x7f", "é",  "€",
                                  "“",  "”",  "𝄞",  "<script>", "\u2028", "0"};
  std::string s;
  const int n = static_cast<int>(rng() % 40);
  for (int i = 0; i < n; ++i) s += kPieces[rng() % (sizeof kPieces / sizeof *kPieces)];
  return s;
}

TEST(JsonWriter, StringsAreTheBytesNlohmannWrites) {
  std::mt19937 rng(7);
  for (int i = 0; i < 5000; ++i) {
    const std::string s = RandomText(rng);
    JsonWriter w;
    w.String(s);
    ASSERT_EQ(w.Take(), Dump(json(s))) << "input: " << json(s).dump();
  }
}

TEST(JsonWriter, DocumentsParseToTheSameValues) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int i = 0; i < 500; ++i) {
    json expected = json::object();
    JsonWriter w;
    w.BeginObject();
    const std::int64_t n = static_cast<std::int64_t>(rng()) - (1ll << 31);
    const double x = i % 10 == 0 ? static_cast<double>(i) : unit(rng) * (i % 3 ? 1 : 1e-7);
    const std::string text = RandomText(rng);
    w.Key("n").Int(n).Key("x").Real(x).Key("text").StringOrNull(text).Key("none").IntOrNull(std::nullopt);
    expected["n"] = n;
    expected["x"] = x;
    expected["text"] = text.empty() ? json(nullptr) : json(text);
    expected["none"] = nullptr;
    w.Key("list").BeginArray();
    json list = json::array();
    for (int k = 0; k < i % 4; ++k) {
      w.BeginArray().String(text).Int(k).EndArray();
      list.push_back(json::array({text, k}));
    }
    w.EndArray().Key("empty").BeginObject().EndObject().Key("flag").Bool(i % 2 == 0);
    expected["list"] = list;
    expected["empty"] = json::object();
    expected["flag"] = i % 2 == 0;
    w.EndObject();
    const std::string out = w.Take();
    const json parsed = json::parse(out);
    ASSERT_EQ(parsed, expected) << out;
    // Integral doubles keep a decimal point, as nlohmann writes them.
    if (i % 10 == 0) {
      EXPECT_NE(out.find("\"x\":" + std::to_string(i) + ".0"), std::string::npos) << out;
    }
  }
}

TEST(JsonWriter, InvalidUtf8IsReplacedAndStillParses) {
  for (std::string bad :
       {std::string("ab\xff"
                    "cd"),
        std::string("\xe2\x82"), std::string("\xc0\xaf x"), std::string("ok \xed\xa0\x80 surrogate")}) {
    JsonWriter w;
    w.BeginArray().String(bad).EndArray();
    const std::string out = w.Take();
    const json parsed = json::parse(out);  // throws on invalid UTF-8
    EXPECT_NE(parsed[0].get<std::string>().find("\xef\xbf\xbd"), std::string::npos) << out;
  }
}

// The document object written as text (DocumentJsonText) is exactly what
// nlohmann writes for the same values: parsing it and dumping it again
// changes nothing, for a document with every layer (statements, speakers,
// cited documents, quotations, entities).
TEST(JsonWriter, DocumentTextIsNlohmannsDump) {
  const Document doc = testing::HarbourDocument();
  const std::string text = DocumentJsonText(doc);
  const json parsed = json::parse(text);
  EXPECT_EQ(parsed.dump(), text);
  ASSERT_TRUE(parsed.contains("statements"));
  EXPECT_FALSE(parsed["statements"].empty());
  EXPECT_TRUE(parsed.contains("tokens"));
  EXPECT_EQ(DocumentToJson(doc), parsed);
  // Without the tokens: the same object less that array.
  json without = parsed;
  without.erase("tokens");
  EXPECT_EQ(json::parse(DocumentJsonText(doc, TokenArray::kOmit)), without);
}

}  // namespace
}  // namespace hearsay::io
