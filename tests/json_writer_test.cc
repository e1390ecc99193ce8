// io::JsonWriter against nlohmann's dump(), the serialisation it must match
// byte for byte, and the document writer built on it.
#include "io/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "attribution_fixture.h"
#include "io/document_json.h"

namespace hearsay {
namespace {

using Json = nlohmann::ordered_json;

TEST(JsonWriter, StringsEscapeAsNlohmannDoes) {
  std::string all_bytes;
  for (int c = 1; c < 0x80; ++c) all_bytes += static_cast<char>(c);
  for (const std::string& s :
       {std::string(), std::string("plain"), std::string("quote \" and \\ back"), std::string("\b\f\n\r\t"),
        std::string("nul \0 inside", 12), all_bytes, std::string("é “curly” 😀 \x7f")}) {
    std::string out;
    io::JsonWriter w(&out);
    w.String(s);
    EXPECT_EQ(out, Json(s).dump()) << s;
  }
}

TEST(JsonWriter, NumbersAsNlohmannWritesThem) {
  for (const double d : {0.0, 1.0, 0.5, 0.85, 0.001, 0.333, 0.1 + 0.2, 12345.678, 1e-7, 3e20}) {
    std::string out;
    io::JsonWriter w(&out);
    w.Double(d);
    EXPECT_EQ(out, Json(d).dump()) << d;
  }
  for (const std::int64_t i :
       {std::int64_t{0}, std::int64_t{-1}, std::int64_t{42}, std::int64_t{4294967295}}) {
    std::string out;
    io::JsonWriter w(&out);
    w.Int(i);
    EXPECT_EQ(out, Json(i).dump()) << i;
  }
}

TEST(JsonWriter, CommasBetweenValuesAndMembers) {
  std::string out;
  io::JsonWriter w(&out);
  w.BeginObject();
  w.Key("a");
  w.BeginArray();
  w.Int(1);
  w.BeginArray();
  w.EndArray();
  w.BeginObject();
  w.EndObject();
  w.Null();
  w.EndArray();
  w.Key("b");
  w.Bool(true);
  w.Key("c");
  w.Raw("{\"x\":[1,2]}");
  w.EndObject();
  EXPECT_EQ(out, R"({"a":[1,[],{},null],"b":true,"c":{"x":[1,2]}})");
  EXPECT_EQ(Json::parse(out).dump(), out);
}

// The document writer's text is what nlohmann writes for the same values:
// parsing it and dumping it again changes nothing, for a document with every
// layer (statements, speakers, cited documents, quotations, entities).
TEST(JsonWriter, DocumentTextIsNlohmannsDump) {
  Document doc = testing::HarbourDocument();
  const std::string text = io::DocumentJsonText(doc);
  const Json parsed = Json::parse(text);
  EXPECT_EQ(parsed.dump(), text);
  EXPECT_TRUE(parsed.contains("statements"));
  EXPECT_FALSE(parsed["statements"].empty());
  EXPECT_EQ(io::DocumentToJson(doc), parsed);
}

}  // namespace
}  // namespace hearsay
