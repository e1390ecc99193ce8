// The attribution layers in hearsay's JSON output (io/document_json.h):
// statements, speakers and cited documents in the document object, the flat
// statement lines, and the who-said-what table, on a Document filled by hand
// (attribution_fixture.h). tests/schema_test.py validates the same output
// against schema/*.schema.json.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "attribution_fixture.h"
#include "io/document_json.h"
#include "test_util.h"
#include "text/utf8.h"

namespace hearsay {
namespace {

using Json = nlohmann::ordered_json;

std::string Slice(const std::u32string& text32, std::uint32_t start, std::uint32_t end) {
  std::string out;
  for (std::uint32_t i = start; i < end && i < text32.size(); ++i) utf8::Append(text32[i], &out);
  return out;
}

// Every {"start", "end", "text"} object under `node` slices `text32` exactly.
// Returns how many spans were checked.
int ExpectSpansSlice(const Json& node, const std::u32string& text32, const std::string& path) {
  int checked = 0;
  if (node.is_object()) {
    if (node.contains("start") && node.contains("end") && node.contains("text") && node["text"].is_string()) {
      const auto start = node["start"].get<std::uint32_t>(), end = node["end"].get<std::uint32_t>();
      EXPECT_LE(start, end) << path;
      EXPECT_LE(end, text32.size()) << path;
      EXPECT_EQ(Slice(text32, start, end), node["text"].get<std::string>()) << path;
      ++checked;
    }
    for (const auto& [key, value] : node.items())
      checked += ExpectSpansSlice(value, text32, path + "." + key);
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      checked += ExpectSpansSlice(node[i], text32, path + "[" + std::to_string(i) + "]");
  }
  return checked;
}

TEST(DocumentJsonAttribution, SchemaVersionIsOne) {
  EXPECT_EQ(io::kDocumentSchemaVersion, "1.1.0");
  EXPECT_EQ(io::DocumentToJson(testing::HarbourDocument())["schema_version"], "1.1.0");
}

TEST(DocumentJsonAttribution, LayersAbsentUntilTheStageRuns) {
  Document doc = testing::HarbourDocument();
  doc.filled_columns &= ~ColumnSet{kColStatements};
  const Json json = io::DocumentToJson(doc);
  EXPECT_FALSE(json.contains("statements"));
  EXPECT_FALSE(json.contains("speakers"));
  EXPECT_FALSE(json.contains("cited_documents"));
  EXPECT_TRUE(io::StatementRecords(doc).empty());
}

TEST(DocumentJsonAttribution, EmptyLayersAreEmptyArrays) {
  Document doc = testing::Segment("Nobody said anything.");
  doc.filled_columns |= kColStatements;
  const Json json = io::DocumentToJson(doc);
  EXPECT_EQ(json["statements"], Json::array());
  EXPECT_EQ(json["speakers"], Json::array());
  EXPECT_EQ(json["cited_documents"], Json::array());
  // Before tokens, which stay the last (and largest) key.
  EXPECT_EQ(json.items().begin().key(), "schema_version");
  EXPECT_EQ((--json.end()).key(), "tokens");
}

TEST(DocumentJsonAttribution, EverySpanSlicesTheTextInCodePoints) {
  const Json json = io::DocumentToJson(testing::HarbourDocument());
  const std::u32string text32 = testing::ToUtf32(json["text"].get<std::string>());
  // 6 contents, 5 cues, 5 mentions, 1 particle, 1 channel, 1 addressee, 1
  // time, 5 speaker mentions, 2 document mentions + 1 date; then the tokens.
  const int spans = ExpectSpansSlice(json["statements"], text32, "statements") +
                    ExpectSpansSlice(json["speakers"], text32, "speakers") +
                    ExpectSpansSlice(json["cited_documents"], text32, "cited_documents");
  EXPECT_EQ(spans, 6 + 5 + 5 + 1 + 1 + 1 + 1 + 5 + 2 + 1);
  ExpectSpansSlice(json["tokens"], text32, "tokens");
  // Code points, not bytes (53) or UTF-16 units: values computed with Python.
  EXPECT_EQ(json["statements"][0]["content"]["start"], 49);
  EXPECT_EQ(json["statements"][0]["content"]["end"], 85);
  EXPECT_EQ(json["statements"][1]["content"]["start"], 238);  // after the combining accent and the emoji
  EXPECT_EQ(json["statements"][1]["content"]["end"], 269);
  EXPECT_EQ(json["statements"][4]["content"]["start"], 466);
  EXPECT_EQ(json["statements"][5]["content"]["end"], 551);
}

TEST(DocumentJsonAttribution, StatementFields) {
  const Document doc = testing::HarbourDocument();
  const Json json = io::DocumentToJson(doc);
  ASSERT_EQ(json["statements"].size(), 6u);
  const Json& s0 = json["statements"][0];
  const std::vector<std::string> keys = {"type",         "cue_class",       "content",   "speaker",
                                         "speaker_name", "speaker_mention", "cue",       "cue_particle",
                                         "continues",    "channel",         "addressee", "time",
                                         "date",         "cited_document",  "stance",    "confidence"};
  std::vector<std::string> written;
  for (const auto& [key, value] : s0.items()) written.push_back(key);
  EXPECT_EQ(written, keys);
  EXPECT_EQ(s0["type"], "direct");
  EXPECT_EQ(s0["cue_class"], "speech");
  EXPECT_EQ(s0["content"]["text"], "We will not wait for the next storm,");
  EXPECT_EQ(s0["speaker"], 0);
  EXPECT_EQ(s0["speaker_name"],
            "Ingrid Solberg-\xC3\x98"
            "degaard");
  EXPECT_EQ(s0["speaker_mention"]["text"],
            "Mayor Ingrid Solberg-\xC3\x98"
            "degaard");
  EXPECT_EQ(s0["cue"]["text"], "said");
  EXPECT_TRUE(s0["cue_particle"].is_null());
  EXPECT_TRUE(s0["continues"].is_null());
  EXPECT_TRUE(s0["channel"].is_null());
  EXPECT_EQ(s0["time"]["text"], "on Tuesday");
  EXPECT_EQ(s0["date"], "2031-05-13");
  EXPECT_TRUE(s0["cited_document"].is_null());
  EXPECT_TRUE(s0["stance"].is_null());
  EXPECT_EQ(s0["confidence"].dump(), "0.9");  // not 0.899999976158142
  // Spans carry their token range.
  const TokenRange cue = doc.statements[0].cue;
  EXPECT_EQ(s0["cue"]["tokens"], Json::array({cue.first, cue.last}));

  const Json& s1 = json["statements"][1];
  EXPECT_EQ(s1["type"], "indirect");
  EXPECT_EQ(s1["cue_class"], "writing");
  EXPECT_EQ(s1["channel"]["text"], "a report");
  EXPECT_EQ(s1["cited_document"], 0);
  EXPECT_EQ(s1["stance"], "cites");
  EXPECT_EQ(s1["confidence"].dump(), "0.75");

  const Json& s2 = json["statements"][2];
  EXPECT_EQ(s2["type"], "mixed");
  EXPECT_EQ(s2["content"]["text"], "she had \xE2\x80\x9Cno doubt\xE2\x80\x9D it would pay for itself");
  EXPECT_EQ(s2["addressee"]["text"], "Radio Brandvik");
  EXPECT_EQ(s2["speaker_mention"]["text"],
            "Solberg-\xC3\x98"
            "degaard");

  EXPECT_EQ(json["statements"][3]["stance"], "criticise");
  const Json& s4 = json["statements"][4];
  EXPECT_EQ(s4["continues"], 3);
  EXPECT_TRUE(s4["cue"].is_null());
  EXPECT_TRUE(s4["speaker_mention"].is_null());
  EXPECT_EQ(s4["speaker_name"],
            "Jos\xC3\xA9 N\xC3\xBA\xC3\xB1"
            "ez");

  const Json& s5 = json["statements"][5];
  EXPECT_EQ(s5["cue_class"], "other");
  EXPECT_EQ(s5["cue_particle"]["text"], "of");
  EXPECT_TRUE(s5["speaker"].is_null());
  EXPECT_TRUE(s5["speaker_name"].is_null());
  EXPECT_EQ(s5["speaker_mention"]["text"], "The association");
}

TEST(DocumentJsonAttribution, SpeakersAndCitedDocuments) {
  const Json json = io::DocumentToJson(testing::HarbourDocument());
  ASSERT_EQ(json["speakers"].size(), 3u);
  const Json& mayor = json["speakers"][0];
  EXPECT_EQ(mayor["name"],
            "Ingrid Solberg-\xC3\x98"
            "degaard");
  EXPECT_EQ(mayor["kind"], "person");
  EXPECT_EQ(mayor["role"], "Mayor");
  EXPECT_TRUE(mayor["affiliation"].is_null());
  ASSERT_EQ(mayor["mentions"].size(), 3u);
  EXPECT_EQ(mayor["mentions"][2]["text"], "she");
  EXPECT_EQ(json["speakers"][1]["kind"], "group");
  EXPECT_TRUE(json["speakers"][1]["role"].is_null());
  EXPECT_EQ(json["speakers"][2]["affiliation"], "harbour association");

  ASSERT_EQ(json["cited_documents"].size(), 1u);
  const Json& report = json["cited_documents"][0];
  EXPECT_EQ(report["name"], "the engineers\xE2\x80\x99 report");
  EXPECT_EQ(report["author"], "the council\xE2\x80\x99s engineers");
  EXPECT_EQ(report["date"]["text"], "last week");
  EXPECT_TRUE(report["resolved_date"].is_null());
  ASSERT_EQ(report["mentions"].size(), 2u);
  EXPECT_EQ(report["mentions"][1]["text"], "This report");
}

TEST(DocumentJsonAttribution, DanglingIndicesAndRangesBecomeNull) {
  Document doc = testing::HarbourDocument();
  doc.statements[0].speaker = 7;
  doc.statements[0].cited_document = 3;
  doc.statements[0].continues = 99;
  doc.statements[0].cue = {doc.num_tokens(), doc.num_tokens() + 2};  // past the end
  doc.statements[0].cue_particle = static_cast<std::int32_t>(doc.num_tokens());
  doc.statements[0].confidence = 1.5f;
  doc.statements[1].confidence = -0.2f;
  const Json json = io::DocumentToJson(doc);
  const Json& s0 = json["statements"][0];
  EXPECT_TRUE(s0["speaker"].is_null());
  EXPECT_TRUE(s0["speaker_name"].is_null());
  EXPECT_TRUE(s0["cited_document"].is_null());
  EXPECT_TRUE(s0["continues"].is_null());
  EXPECT_TRUE(s0["cue"].is_null());
  EXPECT_TRUE(s0["cue_particle"].is_null());
  EXPECT_EQ(s0["confidence"], 1.0);
  EXPECT_EQ(json["statements"][1]["confidence"], 0.0);
  const auto lines = io::StatementRecords(doc);
  EXPECT_TRUE(lines[0]["speaker"].is_null());
  EXPECT_TRUE(lines[0]["cue"].is_null());
  EXPECT_TRUE(lines[0]["cue_start"].is_null());
}

TEST(StatementRecords, FlatLinesWithSpeakerInlined) {
  const Document doc = testing::HarbourDocument();
  const auto lines = io::StatementRecords(doc);
  ASSERT_EQ(lines.size(), 6u);
  const std::u32string text32 = testing::ToUtf32(doc.text());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Json& line = lines[i];
    EXPECT_EQ(line["doc_id"], "fixture-harbour");
    EXPECT_EQ(line["url"], "https://example.org/harbour-wall");
    EXPECT_EQ(line["source"], "Example Gazette");
    EXPECT_EQ(line["published"], "2031-05-15");
    EXPECT_EQ(line["statement"], i);
    for (const auto& [key, value] : line.items()) {
      EXPECT_FALSE(value.is_object() || value.is_array()) << key << ": lines are flat";
      // Every X_start/X_end pair slices to X.
      if (key.size() > 6 && key.compare(key.size() - 6, 6, "_start") == 0) {
        const std::string base = key.substr(0, key.size() - 6);
        ASSERT_TRUE(line.contains(base + "_end")) << key;
        if (value.is_null()) {
          EXPECT_TRUE(line[base].is_null() && line[base + "_end"].is_null()) << base;
        } else {
          EXPECT_EQ(Slice(text32, value, line[base + "_end"]), line[base].get<std::string>()) << base;
        }
      }
    }
  }
  EXPECT_EQ(lines[0]["speaker"],
            "Ingrid Solberg-\xC3\x98"
            "degaard");
  EXPECT_EQ(lines[0]["speaker_kind"], "person");
  EXPECT_EQ(lines[0]["speaker_role"], "Mayor");
  EXPECT_TRUE(lines[0]["speaker_affiliation"].is_null());
  EXPECT_EQ(lines[0]["content_start"], 49);
  EXPECT_EQ(lines[0]["time"], "on Tuesday");
  EXPECT_EQ(lines[0]["date"], "2031-05-13");
  EXPECT_EQ(lines[1]["cited_document"], "the engineers\xE2\x80\x99 report");
  EXPECT_EQ(lines[1]["cited_document_index"], 0);
  EXPECT_EQ(lines[1]["cited_document_author"], "the council\xE2\x80\x99s engineers");
  EXPECT_EQ(lines[1]["stance"], "cites");
  EXPECT_EQ(lines[2]["addressee"], "Radio Brandvik");
  EXPECT_EQ(lines[3]["speaker_affiliation"], "harbour association");
  EXPECT_EQ(lines[4]["continues"], 3);
  EXPECT_TRUE(lines[4]["cue"].is_null());
  EXPECT_EQ(lines[5]["cue_particle"], "of");
  EXPECT_TRUE(lines[5]["speaker"].is_null());
  EXPECT_TRUE(lines[5]["speaker_kind"].is_null());
  EXPECT_EQ(lines[5]["speaker_mention"], "The association");
}

TEST(StatementRecords, UnknownMetadataIsNull) {
  Document doc = testing::HarbourDocument();
  doc.mutable_metadata() = DocumentMetadata{};
  doc.mutable_metadata().id = "plain.txt";
  const auto lines = io::StatementRecords(doc);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0]["doc_id"], "plain.txt");
  EXPECT_TRUE(lines[0]["url"].is_null());
  EXPECT_TRUE(lines[0]["source"].is_null());
  EXPECT_TRUE(lines[0]["published"].is_null());
  EXPECT_TRUE(lines[0]["title"].is_null());
}

TEST(DocumentTable, WhoSaidWhat) {
  const std::string table = io::DocumentToTable(testing::HarbourDocument());
  EXPECT_EQ(utf8::FindInvalid(table), utf8::kValid) << "cut inside a character";
  EXPECT_NE(table.find("6 statements, 3 speakers, 1 cited documents"), std::string::npos) << table;
  EXPECT_NE(table.find("Ingrid Solberg-\xC3\x98"
                       "degaard"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("mixed"), std::string::npos) << table;
  EXPECT_NE(table.find("accused \xE2\x80\xA6 of"), std::string::npos) << table;  // cue … particle
  EXPECT_NE(table.find("(cont. #4)"), std::string::npos) << table;               // continued quote
  EXPECT_NE(table.find("on Tuesday (2031-05-13)"), std::string::npos) << table;  // time and date
  EXPECT_NE(table.find("to Radio Brandvik"), std::string::npos) << table;        // addressee
  EXPECT_NE(table.find("[1] criticise"), std::string::npos) << table;            // cited document
  EXPECT_NE(table.find("The association"), std::string::npos) << table;          // unresolved: mention
  EXPECT_EQ(table.find(" | "), std::string::npos) << "statements replace the outline";
  // Long content is cut with an ellipsis, on a character boundary.
  Document doc = testing::HarbourDocument();
  doc.statements[0].content = doc.sentences[1];
  const std::string cut = io::DocumentToTable(doc);
  EXPECT_EQ(utf8::FindInvalid(cut), utf8::kValid);
  EXPECT_NE(cut.find("\xE2\x80\xA6  "), std::string::npos) << cut;
}

TEST(DocumentTable, OutlineWithoutStatements) {
  Document doc = testing::HarbourDocument();
  doc.statements.clear();
  EXPECT_NE(io::DocumentToTable(doc).find("Critics | disagreed | ."), std::string::npos);
  doc.filled_columns &= ~ColumnSet{kColStatements};
  EXPECT_NE(io::DocumentToTable(doc).find("\xC2\xB6 1"), std::string::npos);
}

}  // namespace
}  // namespace hearsay
