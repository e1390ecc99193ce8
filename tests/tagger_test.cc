// Tests of the tagger and the lemmatizer: features, rules, model files, the
// fast path against the reference path, the committed models' dev floors
// and a retrain smoke test. Sentences here are written for these tests.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <filesystem>
#include <set>
#include <sstream>

#include "eval/conllu.h"
#include "eval/tag_eval.h"
#include "hearsay/pipeline.h"
#include "nlp/lemmatizer.h"
#include "nlp/tagger.h"
#include "nlp/tagger_train.h"
#include "test_util.h"

namespace hearsay::nlp {
namespace {

const std::string kShared = HEARSAY_SOURCE_DIR "/../shared";
const std::string kModels = HEARSAY_SOURCE_DIR "/models";

bool HaveShared() {
  return std::filesystem::exists(kShared + "/data/gum/dev");
}

TaggerTokenInfo Info(std::string_view word, TokenKind kind = TokenKind::kWord) {
  std::string scratch;
  TaggerTokenInfo info;
  ComputeTokenInfo(word, kind, &scratch, &info);
  return info;
}

TEST(TaggerFeatures, Shapes) {
  EXPECT_EQ(WordShape("Hello"), "Xxx");
  EXPECT_EQ(WordShape("1990"), "dd");
  EXPECT_EQ(WordShape("U.S."), "X.X.");
  EXPECT_EQ(WordShape("well-known"), "xx-xx");
  EXPECT_EQ(WordShape("café"), "xxu");
  EXPECT_EQ(WordShape(""), "");
}

TEST(TaggerFeatures, FlagsAndAffixes) {
  const TaggerTokenInfo a = Info("Walking");
  EXPECT_TRUE(a.flags & kTagCapitalised);
  EXPECT_FALSE(a.flags & kTagAllCaps);
  EXPECT_EQ(a.lower, HashString("walking"));
  EXPECT_EQ(a.suffix[2], HashString("ing"));
  EXPECT_EQ(a.prefix[1], HashString("wa"));
  EXPECT_EQ(a.flags >> 8, static_cast<std::uint32_t>(TokenKind::kWord));
  EXPECT_TRUE(Info("NASA").flags & kTagAllCaps);
  EXPECT_FALSE(Info("NASA-led").flags & kTagAllCaps);
  EXPECT_TRUE(Info("NASA-led").flags & kTagHasHyphen);
  EXPECT_TRUE(Info("3rd", TokenKind::kNumber).flags & kTagHasDigit);
  // Affixes count characters, not bytes.
  const TaggerTokenInfo c = Info("naïve");
  EXPECT_EQ(c.suffix[3], HashString("aïve"));
  EXPECT_EQ(c.prefix[2], HashString("naï"));
  // A word shorter than the affix length uses the whole word.
  EXPECT_EQ(Info("at").suffix[3], HashString("at"));
}

TEST(TaggerFeatures, ContextFeaturesSeeNeighbours) {
  const std::vector<TaggerTokenInfo> s = {Info("The"), Info("cat"), Info("sat")};
  FeatureKey first[kTaggerStaticFeatures], again[kTaggerStaticFeatures], other[kTaggerStaticFeatures];
  StaticFeatures(s, 1, first);
  StaticFeatures(s, 1, again);
  EXPECT_TRUE(std::equal(first, first + kTaggerStaticFeatures, again));
  const std::vector<TaggerTokenInfo> t = {Info("The"), Info("cat"), Info("ran")};
  StaticFeatures(t, 1, other);
  // The word features agree, the next-word features do not.
  EXPECT_EQ(first[1], other[1]);
  EXPECT_NE(first[14], other[14]);
  FeatureKey d1[kTaggerDynamicFeatures], d2[kTaggerDynamicFeatures];
  DynamicFeatures(s[1], 3, -1, d1);
  DynamicFeatures(s[1], 4, -1, d2);
  EXPECT_NE(d1[0], d2[0]);
  EXPECT_EQ(d1[1], d2[1]);
}

TEST(LemmaRules, Inflections) {
  const std::set<std::string> known = {"stop", "hope", "create", "make", "big", "nice", "knife", "use"};
  auto is_known = [&](std::string_view s) { return known.count(std::string(s)) > 0; };
  EXPECT_EQ(RuleLemma("studies", "NNS", is_known), "study");
  EXPECT_EQ(RuleLemma("boxes", "NNS", is_known), "box");
  EXPECT_EQ(RuleLemma("cats", "NNS", is_known), "cat");
  EXPECT_EQ(RuleLemma("knives", "NNS", is_known), "knife");
  EXPECT_EQ(RuleLemma("glass", "NN", is_known), "glass");
  EXPECT_EQ(RuleLemma("Dogs", "NNS", is_known), "dog");
  EXPECT_EQ(RuleLemma("stopped", "VBD", is_known), "stop");
  EXPECT_EQ(RuleLemma("hoped", "VBN", is_known), "hope");
  EXPECT_EQ(RuleLemma("created", "VBN", is_known), "create");
  EXPECT_EQ(RuleLemma("carried", "VBD", is_known), "carry");
  EXPECT_EQ(RuleLemma("hoping", "VBG", is_known), "hope");
  EXPECT_EQ(RuleLemma("stopping", "VBG", is_known), "stop");
  EXPECT_EQ(RuleLemma("walking", "VBG", is_known), "walk");
  EXPECT_EQ(RuleLemma("uses", "VBZ", is_known), "use");
  EXPECT_EQ(RuleLemma("watches", "VBZ", is_known), "watch");
  EXPECT_EQ(RuleLemma("bigger", "JJR", is_known), "big");
  EXPECT_EQ(RuleLemma("nicest", "JJS", is_known), "nice");
  EXPECT_EQ(RuleLemma("happier", "JJR", is_known), "happy");
  EXPECT_EQ(RuleLemma("Zorblax", "NNP", is_known), "Zorblax");
  EXPECT_EQ(RuleLemma("NASA", "NN", is_known), "NASA");
  EXPECT_EQ(RuleLemma("The", "DT", is_known), "the");
  // Without a vocabulary the heuristics decide.
  EXPECT_EQ(RuleLemma("grabbed", "VBD", nullptr), "grab");
  EXPECT_EQ(RuleLemma("solved", "VBD", nullptr), "solve");
  EXPECT_EQ(RuleLemma("handled", "VBD", nullptr), "handle");
}

TEST(WordClusters, WordsInTheSameContextsShareAClusterAndRoundTrip) {
  // Two kinds of words in two kinds of contexts.
  std::vector<std::vector<std::uint64_t>> sentences;
  const std::vector<std::string> animals = {"cat", "dog", "horse", "goat"},
                                 verbs = {"runs", "sleeps", "eats", "hides"};
  for (int round = 0; round < 5; ++round)
    for (const auto& a : animals)
      for (const auto& v : verbs)
        sentences.push_back({HashString("the"), HashString(a), HashString(v), HashString("quietly")});
  WordClusterOptions options;
  options.fine = 2;
  options.coarse = 2;
  options.contexts = 4;
  const WordClusters clusters = WordClusters::Learn(sentences, options, nullptr);
  ASSERT_NE(clusters.Find(HashString("cat")), nullptr);
  EXPECT_EQ(clusters.Find(HashString("unseen")), nullptr);
  const auto fine = [&](const std::string& w) { return clusters.Find(HashString(w))->fine; };
  EXPECT_EQ(fine("cat"), fine("goat"));
  EXPECT_EQ(fine("runs"), fine("hides"));
  EXPECT_NE(fine("cat"), fine("runs"));
  ByteWriter out;
  clusters.Serialize(&out);
  ByteReader in(out.bytes(), "clusters");
  auto loaded = WordClusters::Deserialize(&in);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->size(), clusters.size());
  EXPECT_EQ(loaded->Find(HashString("dog"))->fine, fine("dog"));
}

// A tiny treebank written for this test.
eval::ConlluDocument TinyTreebank() {
  const std::vector<std::vector<std::array<const char*, 4>>> sentences = {
      {{"The", "the", "DET", "DT"},
       {"dogs", "dog", "NOUN", "NNS"},
       {"barked", "bark", "VERB", "VBD"},
       {".", ".", "PUNCT", "."}},
      {{"A", "a", "DET", "DT"},
       {"cat", "cat", "NOUN", "NN"},
       {"slept", "sleep", "VERB", "VBD"},
       {".", ".", "PUNCT", "."}},
      {{"The", "the", "DET", "DT"},
       {"cat", "cat", "NOUN", "NN"},
       {"sees", "see", "VERB", "VBZ"},
       {"the", "the", "DET", "DT"},
       {"dogs", "dog", "NOUN", "NNS"},
       {".", ".", "PUNCT", "."}},
  };
  eval::ConlluDocument doc;
  doc.id = "tiny";
  for (const auto& words : sentences) {
    eval::ConlluSentence s;
    s.new_paragraph = doc.sentences.empty();
    for (std::size_t i = 0; i < words.size(); ++i) {
      eval::ConlluWord w;
      w.form = words[i][0];
      w.lemma = words[i][1];
      w.upos = words[i][2];
      w.xpos = words[i][3];
      s.words.push_back(w);
      eval::ConlluToken t;
      t.form = w.form;
      t.first_word = static_cast<std::uint32_t>(i);
      t.last_word = static_cast<std::uint32_t>(i + 1);
      t.space_after = i + 2 < words.size();
      s.tokens.push_back(t);
    }
    doc.sentences.push_back(s);
  }
  return doc;
}

TaggerModel TrainTiny() {
  const std::vector<eval::ConlluDocument> docs = {TinyTreebank()};
  TaggerTrainOptions options;
  options.max_epochs = 5;
  options.label_min_count = 1;
  options.dict_min_count = 1000;  // no dictionary: every token is scored
  auto result = TrainTagger(docs, docs, options, nullptr);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return std::move(result).value().model;
}

TEST(Tagger, LearnsTinyTreebank) {
  auto model = std::make_shared<const TaggerModel>(TrainTiny());
  EXPECT_EQ(model->num_labels(), 6);
  Document doc = eval::TaggingGoldDocument(TinyTreebank());
  Tagger tagger(model);
  ASSERT_TRUE(tagger.Process(doc).ok());
  EXPECT_TRUE(doc.filled_columns & kColUpos);
  EXPECT_EQ(Document::LabelName(doc.upos_names, doc.upos[1]), "NOUN");
  EXPECT_EQ(Document::LabelName(doc.xpos_names, doc.xpos[1]), "NNS");
  EXPECT_EQ(Document::LabelName(doc.xpos_names, doc.xpos[2]), "VBD");
  EXPECT_EQ(Document::LabelName(doc.upos_names, doc.upos[3]), "PUNCT");
}

TEST(Tagger, TrainingIsDeterministic) {
  const std::string a = TrainTiny().ToWriter("x").Serialize();
  const std::string b = TrainTiny().ToWriter("x").Serialize();
  EXPECT_EQ(a, b);
}

TEST(TaggerModelFile, RoundTripAndRobustness) {
  const TaggerModel model = TrainTiny();
  const std::string image = model.ToWriter("test").Serialize();
  auto file = ModelFile::Parse(image, "tiny.hsm", "tagger");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  auto loaded = TaggerModel::FromFile(file.value(), "tiny.hsm");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->ToWriter("test").Serialize(), image);

  // A corrupt byte in the middle: refused by the checksum.
  std::string corrupt = image;
  corrupt[corrupt.size() / 2] ^= 0x5A;
  auto bad = ModelFile::Parse(corrupt, "corrupt.hsm", "tagger");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kCorruptModel);
  EXPECT_NE(bad.status().message().find("corrupt.hsm"), std::string::npos);

  // Truncated.
  auto cut = ModelFile::Parse(image.substr(0, image.size() / 3), "cut.hsm", "tagger");
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.status().code(), StatusCode::kCorruptModel);

  // Tagger sections of another version.
  ModelWriter other("tagger", "from the future");
  ByteWriter meta;
  meta.PutU32(kTaggerSectionVersion + 1);
  meta.PutU32(0);
  other.AddSection("tagger.meta", meta.Release());
  auto future = ModelFile::Parse(other.Serialize(), "future.hsm", "tagger");
  ASSERT_TRUE(future.ok());
  EXPECT_TRUE(future->HasSection("tagger.meta"));
  EXPECT_FALSE(future->HasSection("tagger.weights"));
  auto refused = TaggerModel::FromFile(future.value(), "future.hsm");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kVersionMismatch);
  EXPECT_NE(refused.status().message().find("future.hsm"), std::string::npos);

  // A well-formed container missing the tagger's sections.
  auto empty = ModelFile::Parse(ModelWriter("tagger", "").Serialize(), "empty.hsm", "tagger");
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(TaggerModel::FromFile(empty.value(), "empty.hsm").ok());
}

// `train tagger --clusters-from` copies another model's word clusters as
// they are (the committed models are trained on the committed clusters), and
// refuses to be given text to learn clusters from as well.
TEST(TaggerCli, ClustersFromCopiesTheClustersOfAnotherModel) {
  if (!std::filesystem::exists(kModels + "/tagger.hsm")) GTEST_SKIP() << "no models/tagger.hsm";
  testing::TempDir dir;
  std::string conllu;
  int n = 0;
  // Each label three times: rarer labels are merged away.
  for (const char* sentence : {"The|the|DET|DT dogs|dog|NOUN|NNS barked|bark|VERB|VBD .|.|PUNCT|.",
                               "A|a|DET|DT cat|cat|NOUN|NN barked|bark|VERB|VBD .|.|PUNCT|.",
                               "The|the|DET|DT cats|cat|NOUN|NNS slept|sleep|VERB|VBD .|.|PUNCT|."}) {
    conllu += "# sent_id = s" + std::to_string(++n) + "\n";
    std::istringstream words(sentence);
    std::string word;
    for (int id = 1; words >> word; ++id) {
      std::vector<std::string> f;
      std::istringstream fields(word);
      for (std::string x; std::getline(fields, x, '|');) f.push_back(x);
      conllu += std::to_string(id) + "\t" + f[0] + "\t" + f[1] + "\t" + f[2] + "\t" + f[3] + "\t_\t" +
                std::to_string(id == 3 ? 0 : 3) + "\t" + (id == 3 ? "root" : "dep") + "\t_\t_\n";
    }
    conllu += "\n";
  }
  std::filesystem::create_directories(dir.path() / "gum");
  dir.Write("gum/tiny.conllu", conllu);
  const std::string gum = (dir.path() / "gum").string();
  const std::string out = (dir.path() / "tagger.hsm").string();
  auto run = [&](const std::string& args) {
    const std::string command = std::string("'") + HEARSAY_CLI + "' train tagger --train '" + gum +
                                "' --dev '" + gum + "' --out '" + out + "' --epochs 2 " + args + " >'" +
                                (dir.path() / "log").string() + "' 2>&1";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  ASSERT_EQ(run("--clusters-from '" + kModels + "/tagger.hsm'"), 0) << testing::ReadFile(dir.path() / "log");
  auto copied = TaggerModel::Load(out);
  auto committed = TaggerModel::Load(kModels + "/tagger.hsm");
  ASSERT_TRUE(copied.ok() && committed.ok());
  ASSERT_GT(committed->clusters().size(), 1000u);
  EXPECT_EQ(copied->clusters().size(), committed->clusters().size());
  ByteWriter a, b;
  copied->clusters().Serialize(&a);
  committed->clusters().Serialize(&b);
  EXPECT_EQ(a.Release(), b.Release());

  EXPECT_EQ(run("--clusters-from '" + kModels + "/tagger.hsm' --unlabelled '" + gum + "'"), 2);
  EXPECT_NE(testing::ReadFile(dir.path() / "log").find("exclude each other"), std::string::npos);
  EXPECT_EQ(run("--clusters-from /nonexistent/tagger.hsm"), 3);
  EXPECT_NE(testing::ReadFile(dir.path() / "log").find("/nonexistent/tagger.hsm"), std::string::npos);
}

TEST(TaggerComponent, MissingModelNamesThePath) {
  ComponentConfig config;
  config.models_dir = "/nonexistent-hearsay-models";
  auto tagger = CreateComponent("tagger", config);
  ASSERT_FALSE(tagger.ok());
  EXPECT_NE(tagger.status().message().find("/nonexistent-hearsay-models/tagger.hsm"), std::string::npos);
  auto lemmatizer = CreateComponent("lemmatizer", config);
  ASSERT_FALSE(lemmatizer.ok());
  EXPECT_NE(lemmatizer.status().message().find("lemmatizer.hsm"), std::string::npos);
}

TEST(LemmatizerModelFile, RoundTripAndRobustness) {
  const std::vector<LemmatizerModel::Entry> entries = {
      {"went", true, "VBD", "go"}, {"mice", true, "NNS", "mouse"}, {"cats", true, "NNS", "cat"}};
  auto model = LemmatizerModel::Create(entries, {"go", "mouse", "cat", "walk"});
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  std::string scratch;
  EXPECT_EQ(model->Lemmatize("went", model->XposIndex("VBD"), "VBD", &scratch), "go");
  EXPECT_EQ(model->Lemmatize("Mice", model->XposIndex("NNS"), "NNS", &scratch), "mouse");
  // An irregular form as the end of an unseen word.
  EXPECT_EQ(model->Lemmatize("underwent", model->XposIndex("VBD"), "VBD", &scratch), "undergo");
  // Unknown words fall back to the rules.
  EXPECT_EQ(model->Lemmatize("walked", model->XposIndex("VBD"), "VBD", &scratch), "walk");
  EXPECT_EQ(model->Lemmatize("walked", -1, "VBD", &scratch), "walk");

  const std::string image = model->ToWriter("test").Serialize();
  auto file = ModelFile::Parse(image, "lemma.hsm", "lemmatizer");
  ASSERT_TRUE(file.ok());
  auto loaded = LemmatizerModel::FromFile(file.value(), "lemma.hsm");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->ToWriter("test").Serialize(), image);

  std::string corrupt = image;
  corrupt[corrupt.size() / 2] ^= 0x21;
  EXPECT_EQ(ModelFile::Parse(corrupt, "c.hsm", "lemmatizer").status().code(), StatusCode::kCorruptModel);
  EXPECT_EQ(ModelFile::Parse(image.substr(0, image.size() - 9), "t.hsm", "lemmatizer").status().code(),
            StatusCode::kCorruptModel);
  ModelWriter other("lemmatizer", "");
  ByteWriter meta;
  meta.PutU32(kLemmatizerSectionVersion + 1);
  other.AddSection("lemmatizer.meta", meta.Release());
  auto future = ModelFile::Parse(other.Serialize(), "future.hsm", "lemmatizer");
  ASSERT_TRUE(future.ok());
  EXPECT_EQ(LemmatizerModel::FromFile(future.value(), "future.hsm").status().code(),
            StatusCode::kVersionMismatch);
  // A tagger file is not a lemmatizer file.
  EXPECT_FALSE(ModelFile::Parse(TrainTiny().ToWriter("").Serialize(), "x.hsm", "lemmatizer").ok());
}

// The committed models: fast path = reference path, and the dev floors.
class CommittedModels : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kModels + "/tagger.hsm")) GTEST_SKIP() << "no models/tagger.hsm";
  }
};

TEST_F(CommittedModels, FastPathMatchesReference) {
  auto model = TaggerModel::Load(kModels + "/tagger.hsm");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  ASSERT_GT(model->cache_size(), 0u);
  const std::vector<std::vector<const char*>> sentences = {
      {"The", "committee", "said", "on", "Tuesday", "that", "it", "would", "publish", "its", "findings", "."},
      {"Zorblaxian", "officials", "weren't", "reachable", ",", "a", "spokeswoman", "told", "reporters", "."},
      {"\"", "We", "are", "not", "done", "yet", ",", "\"", "she", "wrote", "on", "X", "."},
      {"Prices", "rose", "3.5", "%", "in", "2023", "."},
      {"Running"}};
  std::string scratch;
  TaggerScratch tag_scratch;
  for (const auto& words : sentences) {
    std::vector<TaggerTokenInfo> infos(words.size());
    for (std::size_t i = 0; i < words.size(); ++i) {
      ComputeTokenInfo(words[i], TokenKind::kWord, &scratch, &infos[i]);
      model->AssignClusters(&infos[i]);
    }
    for (bool dict : {true, false}) {
      std::vector<std::uint16_t> fast(words.size()), slow(words.size());
      model->TagSentence(infos, fast.data(), &tag_scratch, dict);
      model->TagSentenceReference(infos, slow.data(), dict);
      EXPECT_EQ(fast, slow) << words[0];
    }
  }
}

TEST_F(CommittedModels, DevFloors) {
  if (!HaveShared()) GTEST_SKIP() << kShared << " is absent: no GUM dev data";
  auto docs = eval::ReadConlluDirectory(kShared + "/data/gum/dev");
  ASSERT_TRUE(docs.ok());
  ComponentConfig config;
  config.models_dir = kModels;
  auto tagger = CreateComponent("tagger", config);
  auto lemmatizer = CreateComponent("lemmatizer", config);
  auto segmenter = Pipeline::FromNames({"tokenizer", "sentences"}, config);
  ASSERT_TRUE(tagger.ok()) << tagger.status().ToString();
  ASSERT_TRUE(lemmatizer.ok()) << lemmatizer.status().ToString();
  ASSERT_TRUE(segmenter.ok());
  auto scores =
      eval::EvaluateTagging(docs.value(), *tagger.value(), lemmatizer.value().get(), segmenter.value());
  ASSERT_TRUE(scores.ok());
  EXPECT_GE(scores->upos_accuracy(), 0.96);
  EXPECT_GE(scores->xpos_accuracy(), 0.95);
  EXPECT_GE(scores->lemma_accuracy(), 0.975);
  EXPECT_GE(scores->lemma_gold_tags_accuracy(), 0.985);
  EXPECT_GE(scores->e2e_upos.f1(), 0.95);
}

TEST(RetrainTagger, SmallModelFromGumTrain) {
  if (!HaveShared()) GTEST_SKIP() << kShared << " is absent: no GUM data";
  auto train = eval::ReadConlluDirectory(kShared + "/data/gum/train");
  auto dev = eval::ReadConlluDirectory(kShared + "/data/gum/dev");
  ASSERT_TRUE(train.ok() && dev.ok());
  TaggerTrainOptions options;
  options.max_train_sentences = 3000;
  options.max_epochs = 4;
  auto result = TrainTagger(train.value(), dev.value(), options, nullptr);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_GE(result->dev_upos_accuracy, 0.92);  // 92.9% when written
}

TEST(RetrainLemmatizer, FromGumTrain) {
  if (!HaveShared()) GTEST_SKIP() << kShared << " is absent: no GUM data";
  auto train = eval::ReadConlluDirectory(kShared + "/data/gum/train");
  auto dev = eval::ReadConlluDirectory(kShared + "/data/gum/dev");
  ASSERT_TRUE(train.ok() && dev.ok());
  auto result = TrainLemmatizer(train.value(), dev.value(), nullptr);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_GE(result->dev_accuracy, 0.985);
}

}  // namespace
}  // namespace hearsay::nlp
