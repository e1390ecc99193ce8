// Tests of the component registry and of pipeline construction and running.
#include "hearsay/pipeline.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "test_util.h"

namespace hearsay {
namespace {

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// A component with configurable columns that records its calls.
class FakeComponent final : public Component {
 public:
  FakeComponent(std::string name, ColumnSet requires_cols, ColumnSet assigns_cols,
                std::vector<std::string>* log, Status result = Status::Ok())
      : name_(std::move(name)),
        requires_(requires_cols),
        assigns_(assigns_cols),
        log_(log),
        result_(std::move(result)) {}
  std::string_view name() const override { return name_; }
  ColumnSet requires_columns() const override { return requires_; }
  ColumnSet assigns_columns() const override { return assigns_; }
  Status Process(Document& doc) const override {
    if (log_ != nullptr) log_->push_back(name_);
    if (result_.ok()) doc.filled_columns |= assigns_;
    return result_;
  }

 private:
  std::string name_;
  ColumnSet requires_, assigns_;
  std::vector<std::string>* log_;
  Status result_;
};

TEST(Registry, KnowsTokenizerAndSentencesInOrder) {
  const std::vector<std::string> names = RegisteredComponentNames();
  ASSERT_GE(names.size(), 2u);
  EXPECT_EQ(names[0], "tokenizer");
  EXPECT_EQ(names[1], "sentences");
  for (const std::string& name : names) {
    auto component = CreateComponent(name);
    ASSERT_TRUE(component.ok()) << name << ": " << component.status().ToString();
    EXPECT_EQ(component.value()->name(), name);
  }
}

TEST(Registry, UnknownNameIsNotFoundListingKnownNames) {
  auto component = CreateComponent("parser9000");
  ASSERT_FALSE(component.ok());
  EXPECT_EQ(component.status().code(), StatusCode::kNotFound);
  const std::string& message = component.status().message();
  EXPECT_TRUE(Contains(message, "parser9000")) << message;
  for (const std::string& name : RegisteredComponentNames()) {
    EXPECT_TRUE(Contains(message, name)) << "'" << name << "' missing from: " << message;
  }
}

TEST(Pipeline, FromNamesWithAnUnknownName) {
  auto pipeline = Pipeline::FromNames({"tokenizer", "tokeniser", "sentences"});
  ASSERT_FALSE(pipeline.ok());
  EXPECT_EQ(pipeline.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Contains(pipeline.status().message(), "'tokeniser'")) << pipeline.status().message();
  EXPECT_TRUE(Contains(pipeline.status().message(), "tokenizer, sentences")) << pipeline.status().message();
  EXPECT_TRUE(Contains(pipeline.status().ToString(), "E2 not-found"));
}

TEST(Pipeline, MisorderedPipelineNamesMissingColumns) {
  auto pipeline = Pipeline::FromNames({"sentences", "tokenizer"});
  ASSERT_FALSE(pipeline.ok());
  EXPECT_EQ(pipeline.status().code(), StatusCode::kFailedPrecondition);
  const std::string& message = pipeline.status().message();
  EXPECT_TRUE(Contains(message, "'sentences'")) << message;
  EXPECT_TRUE(Contains(message, "tokens")) << message;
  EXPECT_TRUE(Contains(message, "paragraphs")) << message;
}

TEST(Pipeline, SentencesAloneFails) {
  auto pipeline = Pipeline::FromNames({"sentences"});
  ASSERT_FALSE(pipeline.ok());
  EXPECT_EQ(pipeline.status().code(), StatusCode::kFailedPrecondition);
}

TEST(Pipeline, CreateChecksOnlyColumnsNotYetAssigned) {
  std::vector<std::unique_ptr<Component>> components;
  components.push_back(std::make_unique<FakeComponent>("a", 0, kColTokens, nullptr));
  components.push_back(std::make_unique<FakeComponent>("b", kColTokens | kColUpos, kColLemma, nullptr));
  auto pipeline = Pipeline::Create(std::move(components));
  ASSERT_FALSE(pipeline.ok());
  EXPECT_EQ(pipeline.status().code(), StatusCode::kFailedPrecondition);
  // Only the missing column is named, not the one "a" assigns.
  EXPECT_TRUE(Contains(pipeline.status().message(), "requires upos,")) << pipeline.status().message();
  EXPECT_FALSE(Contains(pipeline.status().message(), "tokens")) << pipeline.status().message();
}

TEST(Pipeline, NullComponentIsInvalidArgument) {
  std::vector<std::unique_ptr<Component>> components;
  components.push_back(nullptr);
  auto pipeline = Pipeline::Create(std::move(components));
  ASSERT_FALSE(pipeline.ok());
  EXPECT_EQ(pipeline.status().code(), StatusCode::kInvalidArgument);
}

TEST(Pipeline, RunsComponentsInOrderAndStopsAtTheFirstError) {
  std::vector<std::string> log;
  std::vector<std::unique_ptr<Component>> components;
  components.push_back(std::make_unique<FakeComponent>("first", 0, kColTokens, &log));
  components.push_back(std::make_unique<FakeComponent>("second", kColTokens, kColUpos, &log,
                                                       Status(StatusCode::kInternal, "boom")));
  components.push_back(std::make_unique<FakeComponent>("third", kColUpos, kColLemma, &log));
  auto pipeline = Pipeline::Create(std::move(components));
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  EXPECT_EQ(pipeline->component_names(), (std::vector<std::string_view>{"first", "second", "third"}));
  Document doc{"text", DocumentMetadata{}};
  const Status status = pipeline->Process(doc);
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_EQ(status.message(), "boom");
  EXPECT_EQ(log, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(doc.filled_columns, kColTokens);
}

TEST(Pipeline, EmptyPipelineDoesNothing) {
  auto pipeline = Pipeline::Create({});
  ASSERT_TRUE(pipeline.ok());
  Document doc{"Some text.", DocumentMetadata{}};
  EXPECT_TRUE(pipeline->Process(doc).ok());
  EXPECT_EQ(doc.num_tokens(), 0u);
}

TEST(Pipeline, DefaultFillsTokensParagraphsAndSentences) {
  auto pipeline = Pipeline::Default();
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  const std::vector<std::string_view> names = pipeline->component_names();
  ASSERT_GE(names.size(), 2u);
  EXPECT_EQ(names[0], "tokenizer");
  EXPECT_EQ(names[1], "sentences");

  Document doc{"The mayor spoke on Monday. She said the city would recover.\n\nOfficials agreed.",
               DocumentMetadata{}};
  const Status status = pipeline->Process(doc);
  ASSERT_TRUE(status.ok()) << status.ToString();
  const ColumnSet wanted = kColTokens | kColParagraphs | kColSentences;
  EXPECT_EQ(doc.filled_columns & wanted, wanted);
  EXPECT_EQ(doc.num_tokens(), 16u);
  ASSERT_EQ(doc.paragraphs.size(), 2u);
  ASSERT_EQ(doc.sentences.size(), 3u);
  EXPECT_EQ(doc.text(doc.CharsOf(doc.sentences[0])), "The mayor spoke on Monday.");
  EXPECT_EQ(doc.text(doc.CharsOf(doc.sentences[1])), "She said the city would recover.");
  EXPECT_EQ(doc.text(doc.CharsOf(doc.sentences[2])), "Officials agreed.");
  testing::ExpectTokenInvariants(doc);
  testing::ExpectSentenceInvariants(doc);
}

TEST(Pipeline, ProcessingTwiceGivesTheSameResult) {
  auto pipeline = Pipeline::FromNames({"tokenizer", "sentences"});
  ASSERT_TRUE(pipeline.ok());
  Document doc{"One. Two. Three.", DocumentMetadata{}};
  ASSERT_TRUE(pipeline->Process(doc).ok());
  const auto tokens = testing::TokenTexts(doc);
  const auto sentences = doc.sentences;
  ASSERT_TRUE(pipeline->Process(doc).ok());
  EXPECT_EQ(testing::TokenTexts(doc), tokens);
  EXPECT_EQ(doc.sentences, sentences);
}

TEST(ColumnSetName, ListsColumnsInOrder) {
  EXPECT_EQ(ColumnSetName(0), "");
  EXPECT_EQ(ColumnSetName(kColTokens), "tokens");
  EXPECT_EQ(ColumnSetName(kColSentences | kColTokens | kColParagraphs), "tokens,paragraphs,sentences");
  EXPECT_EQ(ColumnSetName(kColHead | kColUpos), "upos,head");
}

}  // namespace
}  // namespace hearsay
