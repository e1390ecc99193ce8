// Tests of the document model: StringStore, Document columns, Status and
// Result, and the JSON output (code-point offsets, metadata pass-through).
#include "hearsay/document.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>

#include "hearsay/status.h"
#include "hearsay/string_store.h"
#include "io/document_json.h"
#include "test_util.h"

namespace hearsay {
namespace {

// ---- StringStore ----

TEST(StringStore, InternAndLookup) {
  StringStore store;
  const StringId a = store.Intern("alpha");
  const StringId b = store.Intern("beta");
  EXPECT_NE(a, b);
  EXPECT_EQ(store.Lookup(a), "alpha");
  EXPECT_EQ(store.Lookup(b), "beta");
  EXPECT_EQ(store.Intern("alpha"), a);  // interning again gives the same id
  EXPECT_EQ(store.size(), 2u);
  EXPECT_EQ(a, HashString("alpha"));
}

TEST(StringStore, CopiesOutliveTheOriginal) {
  std::optional<StringStore> original(std::in_place);
  const StringId id = original->Intern("copied bytes");
  StringStore copy(*original);
  StringStore assigned;
  assigned.Intern("replaced");
  assigned = *original;
  original.reset();  // the copies must not point into freed memory
  EXPECT_EQ(copy.Lookup(id), "copied bytes");
  EXPECT_EQ(assigned.Lookup(id), "copied bytes");
  EXPECT_EQ(assigned.Lookup(HashString("replaced")), "");
  StringStore moved(std::move(copy));
  EXPECT_EQ(moved.Lookup(id), "copied bytes");
}

TEST(StringStore, UnknownIdLooksUpEmpty) {
  StringStore store;
  EXPECT_EQ(store.Lookup(HashString("never interned")), "");
  EXPECT_EQ(store.Lookup(12345), "");
}

TEST(StringStore, EmptyString) {
  EXPECT_EQ(HashString(""), kEmptyString);
  StringStore store;
  EXPECT_EQ(store.Intern(""), kEmptyString);
  EXPECT_EQ(store.Lookup(kEmptyString), "");
  EXPECT_EQ(store.size(), 0u);
  // No non-empty string gets the empty string's id.
  EXPECT_NE(HashString(std::string_view("\0", 1)), kEmptyString);
  EXPECT_NE(HashString(" "), kEmptyString);
}

TEST(StringStore, SameIdInEveryStore) {
  StringStore one, two;
  two.Intern("padding so the stores differ");
  for (std::string_view s : {"the", "Caf\xC3\xA9", "n't", "a much longer string of several words"}) {
    EXPECT_EQ(one.Intern(s), two.Intern(s)) << s;
    EXPECT_EQ(one.Intern(s), HashString(s)) << s;
  }
}

TEST(StringStore, LookupViewsStayValidAsTheStoreGrows) {
  StringStore store;
  const StringId first = store.Intern("first");
  const std::string_view view = store.Lookup(first);
  for (int i = 0; i < 10000; ++i) store.Intern(std::to_string(i) + "s");
  EXPECT_EQ(view, "first");
  EXPECT_EQ(store.Lookup(first), "first");
}

TEST(StringStore, DistinctIdsForManyDistinctStrings) {
  // Short strings of every length class the hash treats differently
  // (1-3, 4-7, 8 and longer bytes), including near-identical ones.
  std::unordered_set<StringId> ids;
  std::unordered_set<std::string> strings;
  for (int i = 0; i < 25000; ++i) {
    std::string s = std::to_string(i);
    strings.insert(s);
    strings.insert("w" + s);
    strings.insert("word-" + s);
    strings.insert("a rather longer token " + s);
  }
  for (char a = 'a'; a <= 'z'; ++a)
    for (char b = 'a'; b <= 'z'; ++b) strings.insert(std::string{a, b});
  strings.insert(std::string("\0", 1));
  strings.insert(std::string("\0\0", 2));
  for (const std::string& s : strings) ids.insert(HashString(s));
  EXPECT_EQ(ids.size(), strings.size());
  EXPECT_EQ(ids.count(kEmptyString), 0u);
}

TEST(StringStore, HashIsStable) {
  // Model files store these ids: the hash must never change. The values were
  // recorded from this implementation (one per length class of the hash); a
  // different value means every model trained before the change is broken.
  EXPECT_EQ(HashString("a"), 0xA9DADFD7C4F26F3AULL);
  EXPECT_EQ(HashString("the"), 0xD100E6841E5945DFULL);
  EXPECT_EQ(HashString("news"), 0x90D6196E011B2DD7ULL);
  EXPECT_EQ(HashString("hearsay!"), 0x39F32711657F643CULL);
  EXPECT_EQ(HashString("a rather longer token"), 0xE35CDE911174FDF8ULL);
}

// ---- Document ----

TEST(Document, CharsOf) {
  const Document doc = testing::Tokenize("Hello, big world.");
  ASSERT_EQ(doc.num_tokens(), 5u);
  EXPECT_EQ(doc.CharsOf({0, 5}), (ByteSpan{0, 17}));
  EXPECT_EQ(doc.text(doc.CharsOf({1, 4})), ", big world");
  EXPECT_EQ(doc.text(doc.CharsOf({2, 3})), "big");
  EXPECT_EQ(doc.CharsOf({3, 3}), (ByteSpan{0, 0}));  // empty range
  EXPECT_EQ(doc.CharsOf({}), (ByteSpan{}));
}

TEST(Document, TokenNormWithAndWithoutNormDiffers) {
  Document doc{"Caf\xC3\xA9 doesn\xE2\x80\x99t", DocumentMetadata{}};
  doc.AddToken({0, 5}, TokenKind::kWord, kSpaceAfter);
  doc.AddToken({6, 10}, TokenKind::kWord, 0);
  doc.AddToken({10, 15}, "n't", TokenKind::kClitic, 0);
  // A norm equal to the text is stored like a plain token.
  doc.AddToken({0, 5}, "Caf\xC3\xA9", TokenKind::kWord, 0);
  ASSERT_EQ(doc.num_tokens(), 4u);
  EXPECT_EQ(doc.token_text(0), "Caf\xC3\xA9");
  EXPECT_EQ(doc.token_norm(0), "Caf\xC3\xA9");
  EXPECT_EQ(doc.token_flags[0], kSpaceAfter);
  EXPECT_EQ(doc.token_norm_id[0], HashString("Caf\xC3\xA9"));
  EXPECT_EQ(doc.token_text(2), "n\xE2\x80\x99t");
  EXPECT_EQ(doc.token_norm(2), "n't");
  EXPECT_EQ(doc.token_flags[2], kNormDiffers);
  EXPECT_EQ(doc.token_norm_id[2], HashString("n't"));
  EXPECT_EQ(doc.token_flags[3] & kNormDiffers, 0);
  EXPECT_EQ(doc.token_norm_id[3], doc.token_norm_id[0]);
}

TEST(Document, AddTokenIgnoresACallersNormDiffersFlag) {
  Document doc{"word", DocumentMetadata{}};
  doc.AddToken({0, 4}, TokenKind::kWord, kNormDiffers | kSpaceAfter);
  EXPECT_EQ(doc.token_flags[0], kSpaceAfter);
  EXPECT_EQ(doc.token_norm(0), "word");
}

TEST(Document, ClearAnnotationsKeepsTextAndMetadata) {
  DocumentMetadata meta;
  meta.id = "doc-1";
  Document doc{"One. Two.", meta};
  ASSERT_TRUE(text::Tokenizer().Process(doc).ok());
  ASSERT_TRUE(text::SentenceSplitter().Process(doc).ok());
  doc.ResizeAnnotationColumns();
  ASSERT_GT(doc.num_tokens(), 0u);
  doc.ClearAnnotations();
  EXPECT_EQ(doc.num_tokens(), 0u);
  EXPECT_TRUE(doc.token_end.empty() && doc.token_kind.empty() && doc.token_flags.empty());
  EXPECT_TRUE(doc.token_norm_id.empty() && doc.upos.empty() && doc.head.empty());
  EXPECT_TRUE(doc.paragraphs.empty());
  EXPECT_TRUE(doc.sentences.empty());
  EXPECT_EQ(doc.filled_columns, 0u);
  EXPECT_EQ(doc.text(), "One. Two.");
  EXPECT_EQ(doc.metadata().id, "doc-1");
}

TEST(Document, ResizeAnnotationColumns) {
  Document doc = testing::Tokenize("a b c");
  EXPECT_TRUE(doc.upos.empty());  // empty until a component fills them
  doc.ResizeAnnotationColumns();
  EXPECT_EQ(doc.upos, std::vector<std::uint16_t>(3, kNoLabel));
  EXPECT_EQ(doc.xpos, std::vector<std::uint16_t>(3, kNoLabel));
  EXPECT_EQ(doc.lemma, std::vector<StringId>(3, kEmptyString));
  EXPECT_EQ(doc.head, std::vector<std::int32_t>(3, kNoHead));
  EXPECT_EQ(doc.deprel, std::vector<std::uint16_t>(3, kNoLabel));
  EXPECT_EQ(doc.entity, std::vector<std::uint16_t>(3, kNoLabel));
}

// ---- Status and Result ----

TEST(Status, OkAndErrors) {
  EXPECT_TRUE(Status().ok());
  EXPECT_TRUE(Status::Ok().ok());
  EXPECT_EQ(Status().ToString(), "OK");
  const Status bad(StatusCode::kInvalidUtf8, "file.txt:3: invalid UTF-8 at byte offset 17");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.code(), StatusCode::kInvalidUtf8);
  EXPECT_EQ(bad.ToString(), "E4 invalid-utf8: file.txt:3: invalid UTF-8 at byte offset 17");
  EXPECT_EQ(StatusCodeName(StatusCode::kTooLarge), "too-large");
  EXPECT_EQ(StatusCodeName(StatusCode::kFailedPrecondition), "failed-precondition");
  EXPECT_EQ(Status(StatusCode::kInternal, "x").ToString(), "E11 internal: x");
}

Result<int> Half(int n) {
  if (n % 2 != 0) return Status(StatusCode::kInvalidArgument, "odd");
  return n / 2;
}

Status Chain(int n, int* out) {
  HEARSAY_RETURN_IF_ERROR(Half(n).status());
  *out = Half(n).value();
  return Status::Ok();
}

TEST(Result, ValueOrStatus) {
  const Result<int> good = Half(8);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good.value(), 4);
  EXPECT_TRUE(good.status().ok());
  const Result<int> bad = Half(3);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  int out = 0;
  EXPECT_TRUE(Chain(10, &out).ok());
  EXPECT_EQ(out, 5);
  EXPECT_EQ(Chain(7, &out).message(), "odd");
}

// ---- JSON output ----

Document Processed(std::string text, DocumentMetadata meta = {}) {
  Document doc{std::move(text), std::move(meta)};
  EXPECT_TRUE(text::Tokenizer().Process(doc).ok());
  EXPECT_TRUE(text::SentenceSplitter().Process(doc).ok());
  return doc;
}

// Slices the UTF-32 form of the JSON "text" by [start, end) code points.
std::string Slice(const std::u32string& text32, std::uint32_t start, std::uint32_t end) {
  std::string out;
  for (std::uint32_t i = start; i < end; ++i) utf8::Append(text32[i], &out);
  return out;
}

TEST(DocumentJson, CodePointOffsetsSliceTheText) {
  const std::string text =
      "Caf\xC3\xA9 owner \xE2\x80\x9CJos\xC3\xA9\xE2\x80\x9D said: \xE2\x80\x9CWe \xF0\x9F\x98\x80 "
      "it.\xE2\x80\x9D\n\n"
      "Second \xF0\x9F\x87\xBA\xF0\x9F\x87\xA6 paragraph na\xC3\xAFve. Another sentence.";
  const Document doc = Processed(text);
  const nlohmann::ordered_json json = io::DocumentToJson(doc);
  ASSERT_EQ(json["text"].get<std::string>(), text);
  const std::u32string text32 = testing::ToUtf32(json["text"].get<std::string>());
  ASSERT_EQ(json["tokens"].size(), doc.num_tokens());
  for (std::size_t t = 0; t < json["tokens"].size(); ++t) {
    const auto& token = json["tokens"][t];
    const auto start = token["start"].get<std::uint32_t>();
    const auto end = token["end"].get<std::uint32_t>();
    ASSERT_LE(end, text32.size());
    EXPECT_EQ(Slice(text32, start, end), token["text"].get<std::string>()) << "token " << t;
  }
  for (const auto& sentence : json["sentences"]) {
    const auto first = sentence["tokens"][0].get<std::uint32_t>();
    const auto last = sentence["tokens"][1].get<std::uint32_t>();
    EXPECT_EQ(sentence["start"], json["tokens"][first]["start"]);
    EXPECT_EQ(sentence["end"], json["tokens"][last - 1]["end"]);
  }
  ASSERT_EQ(json["paragraphs"].size(), 2u);
  const auto& p2 = json["paragraphs"][1];
  EXPECT_EQ(Slice(text32, p2["start"], p2["end"]),
            "Second \xF0\x9F\x87\xBA\xF0\x9F\x87\xA6 paragraph na\xC3\xAFve. Another sentence.");
  EXPECT_EQ(p2["sentences"],
            nlohmann::ordered_json::array({json["sentences"].size() - 2, json["sentences"].size() - 1}));
  // The emoji is one code point: the token after it starts two code points later.
  bool found = false;
  for (const auto& token : json["tokens"]) {
    if (token["text"] == "\xF0\x9F\x98\x80") {
      found = true;
      EXPECT_EQ(token["end"].get<std::uint32_t>() - token["start"].get<std::uint32_t>(), 1u);
    }
  }
  EXPECT_TRUE(found);
}

TEST(DocumentJson, AsciiOffsetsAreByteOffsets) {
  const Document doc = Processed("Plain text here.");
  const auto json = io::DocumentToJson(doc);
  EXPECT_EQ(json["tokens"][2]["start"], 11);
  EXPECT_EQ(json["tokens"][2]["end"], 15);
  EXPECT_EQ(json["tokens"][3]["text"], ".");
}

TEST(DocumentJson, NormKindAndSpaceAfter) {
  const Document doc = Processed("It doesn\xE2\x80\x99t, U.S. 5");
  const auto json = io::DocumentToJson(doc);
  const auto& tokens = json["tokens"];
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[0]["kind"], "word");
  EXPECT_EQ(tokens[0]["space_after"], true);
  EXPECT_FALSE(tokens[0].contains("norm"));
  EXPECT_EQ(tokens[2]["text"], "n\xE2\x80\x99t");
  EXPECT_EQ(tokens[2]["norm"], "n't");
  EXPECT_EQ(tokens[2]["kind"], "clitic");
  EXPECT_FALSE(tokens[2].contains("space_after"));
  EXPECT_EQ(tokens[3]["kind"], "punct");
  EXPECT_EQ(tokens[4]["kind"], "abbreviation");
  EXPECT_EQ(tokens[5]["kind"], "number");
  EXPECT_FALSE(tokens[5].contains("space_after"));
}

TEST(DocumentJson, MetadataAndExtraFieldsPassThrough) {
  DocumentMetadata meta;
  meta.id = "a1";
  meta.url = "https://example.com/a1";
  meta.source = "Example Wire";
  meta.title = "Talks resume";
  meta.language = "fr";
  meta.extra_json = R"({"tags":["x","y"],"score":0.5,"nested":{"k":null}})";
  const auto json = io::DocumentToJson(Processed("Bonjour.", meta));
  EXPECT_EQ(json["schema_version"], io::kDocumentSchemaVersion);
  EXPECT_EQ(json["id"], "a1");
  EXPECT_EQ(json["url"], "https://example.com/a1");
  EXPECT_EQ(json["source"], "Example Wire");
  EXPECT_EQ(json["title"], "Talks resume");
  EXPECT_FALSE(json.contains("published"));  // empty fields are left out
  EXPECT_EQ(json["language"], "fr");
  ASSERT_TRUE(json.contains("extra"));
  EXPECT_EQ(nlohmann::json::parse(json["extra"].dump()),
            nlohmann::json::parse(R"({"tags":["x","y"],"score":0.5,"nested":{"k":null}})"));
  // The output is itself valid JSON that parses back to the same value.
  EXPECT_EQ(nlohmann::ordered_json::parse(json.dump()), json);
}

TEST(DocumentJson, NoExtraWithoutExtraFields) {
  const auto json = io::DocumentToJson(Processed("Hi."));
  EXPECT_FALSE(json.contains("extra"));
  EXPECT_FALSE(json.contains("url"));
}

TEST(DocumentJson, EmptyDocument) {
  const auto json = io::DocumentToJson(Processed(""));
  EXPECT_EQ(json["text"], "");
  EXPECT_TRUE(json["tokens"].empty());
  EXPECT_TRUE(json["sentences"].empty());
  EXPECT_TRUE(json["paragraphs"].empty());
}

TEST(CodePointIndex, MapsByteOffsets) {
  const io::CodePointIndex ascii("abc");
  EXPECT_EQ(ascii(0), 0u);
  EXPECT_EQ(ascii(3), 3u);
  const io::CodePointIndex mixed(
      "a\xC3\xA9"
      "b\xF0\x9F\x98\x80"
      "c");  // a é b 😀 c
  EXPECT_EQ(mixed(0), 0u);
  EXPECT_EQ(mixed(1), 1u);
  EXPECT_EQ(mixed(3), 2u);
  EXPECT_EQ(mixed(4), 3u);
  EXPECT_EQ(mixed(8), 4u);
  EXPECT_EQ(mixed(9), 5u);
}

TEST(DocumentTable, OneLinePerSentence) {
  DocumentMetadata meta;
  meta.id = "t";
  const std::string table = io::DocumentToTable(Processed("One two. Three.\n\nFour.", meta));
  EXPECT_NE(table.find("document t: 2 paragraphs, 3 sentences, 7 tokens"), std::string::npos) << table;
  EXPECT_NE(table.find("1. One | two | .\n"), std::string::npos) << table;
  EXPECT_NE(table.find("3. Four | .\n"), std::string::npos) << table;
}

TEST(TokenKindName, EveryKindHasAName) {
  std::set<std::string_view> names;
  for (int k = 0; k <= static_cast<int>(TokenKind::kClitic); ++k) {
    names.insert(io::TokenKindName(static_cast<TokenKind>(k)));
  }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(TokenKind::kClitic) + 1);
  EXPECT_EQ(io::TokenKindName(TokenKind::kUrl), "url");
  EXPECT_EQ(io::TokenKindName(TokenKind::kHashtag), "hashtag");
}

}  // namespace
}  // namespace hearsay
