// The learned cue detector (attribution/cue_model.h): BIO helpers, gold
// mapping from PolNeAR code points, scores, the model file (round trip and
// refusals), byte-identical retraining, prediction with the committed model
// on a text written for this test, and floors on PolNeAR (skipped when
// ../shared is absent). The learned content spans
// (attribution/content_model.h): candidates, gold attributions, the model
// file, byte-identical training, the committed model on a written text.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "attribution/content_model.h"
#include "attribution/cue_model.h"
#include "attribution/cue_model_train.h"
#include "attribution/parse_view.h"
#include "eval/polnear.h"
#include "hearsay/model_file.h"
#include "hearsay/pipeline.h"
#include "hearsay/string_store.h"
#include "nlp/word_clusters.h"
#include "test_util.h"
#include "text/utf8.h"

namespace hearsay {
namespace {

using attribution::CueDocument;
using attribution::CueModel;
using attribution::CueScores;

const std::string kModels = HEARSAY_SOURCE_DIR "/models";
const std::string kCueModel = kModels + "/cues.hsm";
const std::string kContentModel = kModels + "/content.hsm";
const std::filesystem::path kPolnear = testing::SharedDir() / "data" / "polnear";

std::string Text(const Document& doc, TokenRange r) {
  return std::string(doc.text(doc.CharsOf(r)));
}

const Pipeline& NlpPipeline() {
  static const Pipeline pipeline = [] {
    ComponentConfig config;
    config.models_dir = kModels;
    auto p = Pipeline::FromNames(attribution::CueTrainingPipelineNames(), config);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return std::move(p).value();
  }();
  return pipeline;
}

// The code-point span of the n-th occurrence of `needle` in `text`.
nlohmann::json CodePointSpan(const std::string& text, const std::string& needle, int occurrence = 0) {
  std::size_t at = text.find(needle);
  for (int i = 0; i < occurrence && at != std::string::npos; ++i) at = text.find(needle, at + 1);
  EXPECT_NE(at, std::string::npos) << needle;
  const auto b = static_cast<std::int64_t>(utf8::CountCodePoints(std::string_view(text).substr(0, at)));
  const auto e = b + static_cast<std::int64_t>(utf8::CountCodePoints(needle));
  return nlohmann::json::array({b, e});
}

// A small hand-written corpus: each record has cues marked by the strings
// given (PolNeAR-style evaluation records).
nlohmann::json Record(const std::string& id, const std::string& text, const std::vector<std::string>& cues) {
  nlohmann::json statements = nlohmann::json::array();
  std::map<std::string, int> seen;
  for (const std::string& cue : cues)
    statements.push_back({{"cue_span", CodePointSpan(text, cue, seen[cue]++)}, {"content_span", {0, 1}}});
  return {{"doc_id", id}, {"text", text}, {"statements", statements}};
}

std::vector<nlohmann::json> TinyCorpus() {
  return {
      Record("a",
             "Poll: Voters back the plan.\n\nThe mayor said on Monday that taxes would rise. According to "
             "officials, the budget is short. “We will manage,” she told reporters.\n",
             {":", "said", "According to", "told"}),
      Record(
          "b",
          "O’Malley’s campaign says it will shift staff to Iowa. Critics blasted the move, and the governor "
          "wants a recount. A report shows that turnout fell.\n",
          {"says", "blasted", "wants", "shows"}),
      Record(
          "c",
          "The senator argued that the law was unfair. Her aides said in a statement that she would vote no. "
          "Analysts expect the bill to pass.\n",
          {"argued", "said in a statement", "expect"}),
  };
}

std::vector<CueDocument> TinyDocs() {
  auto docs = attribution::PrepareCueDocuments(TinyCorpus(), NlpPipeline(), 1);
  EXPECT_TRUE(docs.ok()) << docs.status().ToString();
  return docs.ok() ? std::move(docs).value() : std::vector<CueDocument>{};
}

std::unique_ptr<CueModel> TinyModel() {
  attribution::CueTrainOptions options;
  options.max_epochs = 10;
  options.min_weight = 0;  // the weights of a few sentences are small: keep them all
  options.verbose = false;
  auto model = attribution::TrainCueModel(TinyDocs(), {}, options, nullptr);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  return model.ok() ? std::move(model).value() : nullptr;
}

// ---- BIO and scores ----

TEST(CueBio, SpansRoundTripWithinSentences) {
  const std::vector<TokenRange> sentences = {{0, 6}, {6, 10}};
  const std::vector<TokenRange> spans = {{1, 2}, {2, 4}, {5, 6}, {6, 8}, {9, 10}};
  const auto labels = attribution::SpansToBio(spans, 10);
  EXPECT_EQ(labels, (std::vector<std::uint8_t>{0, 1, 1, 2, 0, 1, 1, 2, 0, 1}));
  EXPECT_EQ(attribution::BioToSpans(labels, sentences), spans);
  // An I with nothing open starts a span; a sentence end closes one.
  EXPECT_EQ(attribution::BioToSpans({0, 2, 2, 1, 2, 2}, {{0, 4}, {4, 6}}),
            (std::vector<TokenRange>{{1, 3}, {3, 4}, {4, 6}}));
}

TEST(CueScores, CountsTokensExactAndOverlappingSpans) {
  CueScores s;
  // gold: [1,2) [4,7) [9,10); predicted: [1,2) exact, [5,6) inside [4,7), [12,13) wrong.
  s.Add({{1, 2}, {4, 7}, {9, 10}}, {{1, 2}, {5, 6}, {12, 13}});
  EXPECT_EQ(s.gold_tokens, 5u);
  EXPECT_EQ(s.predicted_tokens, 3u);
  EXPECT_EQ(s.correct_tokens, 2u);
  EXPECT_EQ(s.exact_spans, 1u);
  EXPECT_EQ(s.gold_overlapped, 2u);
  EXPECT_EQ(s.predicted_overlapping, 2u);
  EXPECT_DOUBLE_EQ(s.token_precision(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(s.token_recall(), 2.0 / 5);
  EXPECT_DOUBLE_EQ(s.exact_f1(), 1.0 / 3);
  EXPECT_DOUBLE_EQ(s.overlap_recall(), 2.0 / 3);
  CueScores empty;
  empty.Add({}, {});
  EXPECT_EQ(empty.token_f1(), 0.0);
}

// ---- gold mapping ----

TEST(CueGold, CodePointSpansMapToTokensAndMerge) {
  // Curly apostrophes (3 bytes, 1 code point) before the cues check that
  // code points, not bytes, are mapped.
  const std::string text = "O’Malley’s aide says it’s over. “No,” said Smith, according to aides.\n";
  nlohmann::json record = Record("x", text, {"says", "said", "according to", "accord"});
  // A cue covering part of a token takes the whole token; one crossing the
  // sentence end is cut there.
  record["statements"].push_back({{"cue_span", CodePointSpan(text, "s over. “")}});
  auto docs = attribution::PrepareCueDocuments({record}, NlpPipeline(), 1);
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  const CueDocument& d = docs.value()[0];
  std::vector<std::string> got;
  for (const TokenRange& r : d.gold) got.push_back(Text(d.doc, r));
  // "accord" overlaps "according" and merges with "according to".
  EXPECT_EQ(got, (std::vector<std::string>{"says", "’s over.", "“", "said", "according to"}));
  EXPECT_EQ(d.cut_at_sentence_end, 1u);
}

TEST(CueGold, MismatchedTextGivesNoSpans) {
  Document doc("Other text.", {});
  EXPECT_TRUE(attribution::GoldCueSpans(doc, Record("x", "He said so.", {"said"})).empty());
}

// ---- the model file ----

TEST(CueModelFile, RoundTripsAndPredictsTheSame) {
  auto model = TinyModel();
  ASSERT_NE(model, nullptr);
  EXPECT_GT(model->weights().num_features(), 100u);
  const std::string image = model->Serialize("test");
  auto back = CueModel::Parse(image, "tiny.hsm");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back.value()->weights().num_features(), model->weights().num_features());
  EXPECT_EQ(back.value()->Serialize("test"), image);
  for (const CueDocument& d : TinyDocs()) {
    std::vector<TokenRange> a, b;
    ASSERT_TRUE(model->Predict(d.doc, &a).ok());
    ASSERT_TRUE(back.value()->Predict(d.doc, &b).ok());
    EXPECT_EQ(a, b);
    // The training documents are learned.
    EXPECT_EQ(a, d.gold) << d.id;
  }

  testing::TempDir dir;
  const std::string path = (dir.path() / "cues.hsm").string();
  ASSERT_TRUE(model->Save(path, "saved").ok());
  auto loaded = CueModel::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded.value()->weights().num_features(), model->weights().num_features());
}

TEST(CueModelFile, RefusesCorruptTruncatedAndOtherVersions) {
  auto model = TinyModel();
  ASSERT_NE(model, nullptr);
  const std::string image = model->Serialize("test");

  std::string corrupt = image;
  corrupt[corrupt.size() / 2] ^= 0x40;
  auto bad = CueModel::Parse(corrupt, "corrupt.hsm");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kCorruptModel);
  EXPECT_NE(bad.status().message().find("corrupt.hsm"), std::string::npos);

  for (std::size_t keep : {image.size() - 1, image.size() / 2, std::size_t{10}, std::size_t{0}}) {
    auto truncated = CueModel::Parse(image.substr(0, keep), "truncated.hsm");
    ASSERT_FALSE(truncated.ok()) << keep;
    EXPECT_EQ(truncated.status().code(), StatusCode::kCorruptModel) << keep;
  }

  // Another container format version (the u32 after the 8-byte magic).
  std::string other_format = image;
  const std::uint32_t v = kModelFormatVersion + 1;
  std::memcpy(other_format.data() + kModelMagic.size(), &v, sizeof v);
  auto newer = CueModel::Parse(other_format, "newer.hsm");
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.status().code(), StatusCode::kVersionMismatch);

  // Another cues section version.
  ModelWriter writer("cues", "future");
  ByteWriter labels;
  labels.PutU32(attribution::kCueSectionVersion + 1);
  writer.AddSection("cues.labels", labels.Release());
  auto future = CueModel::Parse(writer.Serialize(), "future.hsm");
  ASSERT_FALSE(future.ok());
  EXPECT_EQ(future.status().code(), StatusCode::kVersionMismatch);
  EXPECT_NE(future.status().message().find("future.hsm"), std::string::npos);

  // Another kind of model.
  ModelWriter tagger("tagger", "not ours");
  auto wrong_kind = CueModel::Parse(tagger.Serialize(), "tagger.hsm");
  ASSERT_FALSE(wrong_kind.ok());
  EXPECT_EQ(wrong_kind.status().code(), StatusCode::kInvalidArgument);

  // Another label set.
  ModelWriter relabelled("cues", "BILOU");
  ByteWriter bilou;
  bilou.PutU32(attribution::kCueSectionVersion);
  nlp::LabelSet set;
  for (const char* l : {"O", "B", "I", "L"}) set.Add(l);
  set.Serialize(&bilou);
  relabelled.AddSection("cues.labels", bilou.Release());
  auto wrong_labels = CueModel::Parse(relabelled.Serialize(), "bilou.hsm");
  ASSERT_FALSE(wrong_labels.ok());
  EXPECT_EQ(wrong_labels.status().code(), StatusCode::kCorruptModel);

  auto missing = CueModel::Load("/nonexistent-hearsay-models/cues.hsm");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("/nonexistent-hearsay-models/cues.hsm"), std::string::npos);
}

TEST(CueModelTraining, SameDataGivesTheSameBytes) {
  auto a = TinyModel();
  auto b = TinyModel();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(a->Serialize("x"), b->Serialize("x"));
}

// `train cues --clusters-from`: the clusters are stored in the model's
// "cues.clusters" section, read back, and retraining gives the same bytes; a
// model without them has no such section (the committed model).
TEST(CueModelTraining, WordClustersAreStoredAndReadBack) {
  std::vector<nlp::WordClusters::Entry> entries;
  std::uint16_t fine = 0;
  for (const char* w : {"said", "says", "told", "argued", "blasted", "wants", "shows", "expect"})
    entries.push_back({HashString(w), fine++, 1});
  for (const char* w : {"mayor", "senator", "governor", "officials"})
    entries.push_back({HashString(w), fine++, 2});
  auto clusters = nlp::WordClusters::Create(entries);
  ASSERT_TRUE(clusters.ok()) << clusters.status().ToString();
  attribution::CueTrainOptions options;
  options.max_epochs = 10;
  options.min_weight = 0;
  options.verbose = false;
  options.clusters = clusters.value();
  auto with = attribution::TrainCueModel(TinyDocs(), {}, options, nullptr);
  auto again = attribution::TrainCueModel(TinyDocs(), {}, options, nullptr);
  auto without = TinyModel();
  ASSERT_TRUE(with.ok() && again.ok() && without != nullptr);
  const std::string image = with.value()->Serialize("test");
  EXPECT_EQ(again.value()->Serialize("test"), image);
  // The cluster templates change what is learned (here the clustered cues
  // are learned with fewer updates, so fewer weights survive).
  EXPECT_NE(with.value()->weights().num_features(), without->weights().num_features());
  const auto sections = [](const std::string& bytes) {
    std::vector<std::string> names;
    auto file = ModelFile::Parse(bytes, "x.hsm", "cues");
    EXPECT_TRUE(file.ok()) << file.status().ToString();
    if (file.ok())
      for (const auto& section : file.value().SectionList()) names.push_back(section.first);
    return names;
  };
  EXPECT_EQ(sections(image), (std::vector<std::string>{"cues.labels", "cues.weights", "cues.clusters"}));
  EXPECT_EQ(sections(without->Serialize("test")), (std::vector<std::string>{"cues.labels", "cues.weights"}));
  auto back = CueModel::Parse(image, "clusters.hsm");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back.value()->Serialize("test"), image);
  for (const CueDocument& d : TinyDocs()) {
    std::vector<TokenRange> a, b;
    ASSERT_TRUE(with.value()->Predict(d.doc, &a).ok());
    ASSERT_TRUE(back.value()->Predict(d.doc, &b).ok());
    EXPECT_EQ(a, b) << d.id;
    EXPECT_EQ(a, d.gold) << d.id;
  }
  // A damaged clusters section is refused, naming the file.
  std::string damaged = image;
  const std::size_t at = damaged.rfind("cues.clusters");
  ASSERT_NE(at, std::string::npos);
  damaged.resize(damaged.size() - 3);
  auto bad = CueModel::Parse(damaged, "damaged.hsm");
  EXPECT_FALSE(bad.ok());
}

TEST(CueModelPredict, RefusesADocumentWithoutTheParse) {
  auto model = TinyModel();
  ASSERT_NE(model, nullptr);
  Document doc = testing::Segment("She said it would rain.");
  std::vector<TokenRange> cues = {{0, 1}};
  const Status st = model->Predict(doc, &cues);
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(st.message().find("upos"), std::string::npos) << st.message();
  EXPECT_TRUE(cues.empty());

  // A parsed document whose sentence layer runs past its tokens.
  std::vector<CueDocument> docs = TinyDocs();
  ASSERT_FALSE(docs.empty());
  Document& parsed = docs[0].doc;
  ASSERT_TRUE(model->Predict(parsed, &cues).ok());
  parsed.sentences.push_back({parsed.num_tokens() - 1, parsed.num_tokens() + 5});
  EXPECT_EQ(model->Predict(parsed, &cues).code(), StatusCode::kFailedPrecondition);
  parsed.sentences.pop_back();
  parsed.entity.pop_back();
  EXPECT_EQ(model->Predict(parsed, &cues).code(), StatusCode::kFailedPrecondition);
}

// ---- the committed model ----

TEST(CueModelPredict, CommittedModelFindsCuesInANewText) {
  if (!std::filesystem::exists(kCueModel)) GTEST_SKIP() << kCueModel << " absent";
  auto model = CueModel::Load(kCueModel);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  // Written for this test (not from any corpus).
  Document doc(
      "Harbor Council: Ferry fares will double.\n\n"
      "The transport minister, Ilse Varga, said on Thursday that the new ferries would arrive in May. "
      "According to the port authority, repairs will cost $4 million. Opposition leaders blasted the plan "
      "and want an audit. “We were never consulted,” Mayor Tom Reyes told reporters.\n",
      {});
  ASSERT_TRUE(NlpPipeline().Process(doc).ok());
  std::vector<TokenRange> cues;
  ASSERT_TRUE(model.value()->Predict(doc, &cues).ok());
  std::vector<std::string> got;
  for (const TokenRange& r : cues) got.push_back(Text(doc, r));
  auto has = [&](const std::string& s) {
    for (const std::string& g : got)
      if (g.find(s) != std::string::npos) return true;
    return false;
  };
  std::string all;
  for (const std::string& g : got) all += "[" + g + "] ";
  EXPECT_TRUE(has("said")) << all;
  EXPECT_TRUE(has("According to")) << all;
  EXPECT_TRUE(has("told")) << all;
  EXPECT_TRUE(has("blasted")) << all;
  for (const char* word : {"ferries", "repairs", "million", "Ferry", "consulted"})
    EXPECT_FALSE(has(word)) << word << " in " << all;
  // The margins are the decoder's: outside an open span a token is B
  // exactly when its margin is above 0.
  std::vector<std::uint8_t> labels;
  std::vector<float> margins;
  ASSERT_TRUE(model.value()->Label(doc, &labels, 0, &margins).ok());
  ASSERT_EQ(margins.size(), doc.num_tokens());
  for (const TokenRange& s : doc.sentences)
    for (std::uint32_t t = s.first; t < s.last; ++t) {
      const bool open = t > s.first && labels[t - 1] != attribution::kCueO;
      if (!open) {
        EXPECT_EQ(labels[t] == attribution::kCueB, margins[t] > 0) << Text(doc, {t, t + 1});
      }
    }
  // And the labels are Predict's.
  EXPECT_EQ(attribution::BioToSpans(labels, doc.sentences), cues);
  // Disjoint, sorted, non-empty.
  for (std::size_t i = 0; i < cues.size(); ++i) {
    EXPECT_LT(cues[i].first, cues[i].last);
    if (i > 0) {
      EXPECT_LE(cues[i - 1].last, cues[i].first);
    }
  }
}

TEST(CueModelOnPolnear, CommittedModelKeepsItsDevFloor) {
  if (!std::filesystem::exists(kPolnear / "dev"))
    GTEST_SKIP() << kPolnear << " absent (no ../shared): skipping";
  if (!std::filesystem::exists(kCueModel)) GTEST_SKIP() << kCueModel << " absent";
  auto model = CueModel::Load(kCueModel);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto corpus = eval::ReadPolnearSplit((kPolnear / "dev").string());
  ASSERT_TRUE(corpus.ok()) << corpus.status().ToString();
  auto docs = attribution::PrepareCueDocuments(corpus->records, NlpPipeline(), 2);
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  auto scores = attribution::EvaluateCueModel(*model.value(), docs.value());
  ASSERT_TRUE(scores.ok());
  CueScores lexicon;
  for (const CueDocument& d : docs.value()) lexicon.Add(d.gold, attribution::LexiconCues(d.doc));
  // Floors a little under the figures in models/cues.md, and above the
  // hand lexicon.
  EXPECT_GE(scores->token_f1(), 0.60);
  EXPECT_GE(scores->overlap_f1(), 0.75);
  EXPECT_GT(scores->overlap_recall(), lexicon.overlap_recall());
  EXPECT_GT(scores->token_f1(), lexicon.token_f1());
}

// ---- the commands ----

// Runs the CLI; returns its exit code, with standard output in *out.
int RunCli(const testing::TempDir& dir, const std::string& args, std::string* out) {
  const std::string out_path = (dir.path() / "stdout").string();
  const std::string command = std::string("'") + HEARSAY_CLI + "' " + args + " </dev/null >'" + out_path +
                              "' 2>'" + out_path + ".err'";
  const int status = std::system(command.c_str());
  *out = testing::ReadFile(out_path);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(CueCli, TrainAndEvalOnATinyPolnearSplit) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.path() / "split" / "text");
  std::filesystem::create_directories(dir.path() / "split" / "attributions");
  // Written for this test; brat offsets are code points.
  const std::string text =
      "The mayor said taxes would rise. Critics blasted the plan.\n\nShe told reporters the vote was "
      "close.\n";
  dir.Write("split/text/doc.txt", text);
  std::string ann;
  int id = 1, event = 1;
  auto span = [&](const std::string& type, const std::string& needle) {
    const nlohmann::json s = CodePointSpan(text, needle);
    const std::string t = "T" + std::to_string(id++);
    ann += t + "\t" + type + " " + std::to_string(s[0].get<int>()) + " " + std::to_string(s[1].get<int>()) +
           "\t" + needle + "\n";
    return t;
  };
  for (const auto& [source, cue, content] : {std::tuple{"The mayor", "said", "taxes would rise"},
                                             {"Critics", "blasted", "the plan"},
                                             {"She", "told", "the vote was close"}}) {
    const std::string s = span("Source", source), c = span("Cue", cue), x = span("Content", content);
    const std::string trigger = span("Attribution", cue);
    ann += "E" + std::to_string(event++) + "\tAttribution:" + trigger + " Content:" + x + " Cue:" + c +
           " Source:" + s + "\n";
  }
  dir.Write("split/attributions/doc_anno.ann", ann);
  const std::string split = (dir.path() / "split").string();
  const std::string model = (dir.path() / "cues.hsm").string();
  std::string out;
  ASSERT_EQ(RunCli(dir,
                   "train cues --polnear '" + split + "' --dev '" + split + "' --out '" + model +
                       "' --epochs 5 --min-weight 0 --threads 1",
                   &out),
            0)
      << testing::ReadFile(dir.path() / "stdout.err");
  ASSERT_TRUE(std::filesystem::exists(model));
  const std::string spans = (dir.path() / "spans.tsv").string();
  ASSERT_EQ(
      RunCli(dir,
             "eval cues --polnear '" + split + "' --model '" + model + "' --json --spans '" + spans + "'",
             &out),
      0)
      << testing::ReadFile(dir.path() / "stdout.err");
  // One row per gold cue span, found, above the threshold, the cue word
  // with its lemma and tag, its subject noted.
  {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(testing::ReadFile(spans));
    for (std::string line; std::getline(in, line);) {
      rows.emplace_back();
      std::istringstream fields(line);
      for (std::string f; std::getline(fields, f, '\t');) rows.back().push_back(f);
    }
    ASSERT_EQ(rows.size(), 3u);
    for (const auto& row : rows) {
      ASSERT_EQ(row.size(), 8u);
      EXPECT_EQ(row[0], "doc");
      EXPECT_EQ(row[1], "1");
      EXPECT_GT(std::stof(row[2]), 0.0f);
      EXPECT_EQ(row[3], "0");
      EXPECT_EQ(row[6], "0");
      EXPECT_EQ(row[7], "1");
    }
    EXPECT_EQ(rows[0][4].rfind("said/say/", 0), 0u) << rows[0][4];
    EXPECT_EQ(rows[1][4].rfind("blasted/blast/", 0), 0u) << rows[1][4];
  }
  const nlohmann::json scores = nlohmann::json::parse(out);
  EXPECT_EQ(scores["documents"], 1);
  EXPECT_EQ(scores["learned"]["exact_spans"]["gold"], 3);
  // Trained and measured on the same three cues: all found.
  EXPECT_EQ(scores["learned"]["exact_spans"]["correct"], 3);
  // The hand lexicon knows "said" and "told", not "blasted".
  EXPECT_EQ(scores["lexicon"]["exact_spans"]["correct"], 2);

  EXPECT_EQ(RunCli(dir, "eval cues --polnear '" + split + "' --model /nonexistent/cues.hsm", &out), 3);
  // An unwritable --spans file is an error, not a silent empty file.
  EXPECT_EQ(
      RunCli(dir,
             "eval cues --polnear '" + split + "' --model '" + model + "' --spans /nonexistent/dir/x.tsv",
             &out),
      3);
}

TEST(RetrainCues, SmallModelFromPolnearTrainBeatsAFloor) {
  if (!std::filesystem::exists(kPolnear / "train"))
    GTEST_SKIP() << kPolnear << " absent (no ../shared): skipping";
  auto train = eval::ReadPolnearSplit((kPolnear / "train").string());
  auto dev = eval::ReadPolnearSplit((kPolnear / "dev").string());
  ASSERT_TRUE(train.ok() && dev.ok());
  // Every 10th training document, every 2nd dev document.
  auto train_docs = attribution::PrepareCueDocuments(train->records, NlpPipeline(), 2, 10);
  auto dev_docs = attribution::PrepareCueDocuments(dev->records, NlpPipeline(), 2, 2);
  ASSERT_TRUE(train_docs.ok() && dev_docs.ok());
  attribution::CueTrainOptions options;
  options.max_epochs = 4;
  options.verbose = false;
  attribution::CueTrainReport report;
  auto model = attribution::TrainCueModel(train_docs.value(), dev_docs.value(), options, &report);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  // Measured: token F1 0.519, overlapping-span F1 0.697 (best epoch 4).
  EXPECT_GE(report.best_dev.token_f1(), 0.48);
  EXPECT_GE(report.best_dev.overlap_f1(), 0.65);
}

// ---- learned content spans ----

// Written for this test: records with (cue, content) pairs.
nlohmann::json ContentRecord(const std::string& id, const std::string& text,
                             const std::vector<std::pair<std::string, std::string>>& pairs) {
  nlohmann::json statements = nlohmann::json::array();
  for (const auto& [cue, content] : pairs)
    statements.push_back(
        {{"cue_span", CodePointSpan(text, cue)}, {"content_span", CodePointSpan(text, content)}});
  return {{"doc_id", id}, {"text", text}, {"statements", statements}};
}

std::vector<CueDocument> ContentDocs() {
  const std::vector<nlohmann::json> records = {
      ContentRecord("a",
                    "The mayor said on Monday that taxes would rise. Taxes will rise, the treasurer warned. "
                    "Critics voiced concern that the plan was rushed.\n",
                    {{"said", "that taxes would rise"},
                     {"warned", "Taxes will rise"},
                     {"concern", "that the plan was rushed"}}),
      ContentRecord("b",
                    "Her aides said in a statement that she would vote no. The union claims the deal is "
                    "unfair. “We will strike,” its leader declared.\n",
                    {{"said in a statement", "that she would vote no"},
                     {"claims", "the deal is unfair"},
                     {"declared", "“We will strike,”"}}),
  };
  auto docs = attribution::PrepareCueDocuments(records, NlpPipeline(), 1);
  EXPECT_TRUE(docs.ok()) << docs.status().ToString();
  return docs.ok() ? std::move(docs).value() : std::vector<CueDocument>{};
}

TEST(ContentGold, AttributionsMapToTokenHulls) {
  const std::vector<CueDocument> docs = ContentDocs();
  ASSERT_EQ(docs.size(), 2u);
  const CueDocument& a = docs[0];
  ASSERT_EQ(a.attributions.size(), 3u);
  EXPECT_EQ(Text(a.doc, a.attributions[0].cue), "said");
  EXPECT_EQ(Text(a.doc, a.attributions[0].content), "that taxes would rise");
  EXPECT_TRUE(a.attributions[0].source.empty());
  EXPECT_EQ(Text(docs[1].doc, docs[1].attributions[0].cue), "said in a statement");
}

TEST(ContentCandidates, DrawnFromTheParseAndClearOfTheCue) {
  const std::vector<CueDocument> docs = ContentDocs();
  ASSERT_FALSE(docs.empty());
  const Document& doc = docs[0].doc;
  const attribution::ParseView view(doc);
  const TokenRange cue = docs[0].attributions[0].cue;  // "said"
  const auto candidates = attribution::ContentCandidates(view, cue);
  ASSERT_GE(candidates.size(), 3u);
  EXPECT_TRUE(candidates[0].span.empty());  // "no content" first
  bool that_clause = false;
  for (std::size_t i = 1; i < candidates.size(); ++i) {
    const TokenRange r = candidates[i].span;
    EXPECT_FALSE(r.empty());
    EXPECT_TRUE(r.last <= cue.first || r.first >= cue.last) << Text(doc, r);
    for (std::size_t j = 1; j < i; ++j) EXPECT_FALSE(candidates[j].span == r) << "duplicate " << Text(doc, r);
    that_clause = that_clause || Text(doc, r) == "that taxes would rise";
    // Edge punctuation other than quotation marks is trimmed.
    EXPECT_NE(Text(doc, {r.last - 1, r.last}), ".") << Text(doc, r);
  }
  EXPECT_TRUE(that_clause);
  // A cue at the end of the document and an out-of-range one.
  EXPECT_EQ(attribution::ContentCandidates(view, {doc.num_tokens(), doc.num_tokens() + 1}).size(), 1u);
}

std::unique_ptr<attribution::ContentModel> TinyContentModel(const CueModel& cues) {
  attribution::ContentTrainOptions options;
  options.max_epochs = 5;
  options.min_weight = 0;
  options.verbose = false;
  const std::vector<CueDocument> docs = ContentDocs();
  auto model = attribution::TrainContentModel(docs, {}, cues, options, nullptr);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  return model.ok() ? std::move(model).value() : nullptr;
}

TEST(ContentModelFile, RoundTripsRefusesDamageAndRetrainsToTheSameBytes) {
  if (!std::filesystem::exists(kCueModel)) GTEST_SKIP() << kCueModel << " absent";
  auto cues = CueModel::Load(kCueModel);
  ASSERT_TRUE(cues.ok()) << cues.status().ToString();
  auto model = TinyContentModel(*cues.value());
  ASSERT_NE(model, nullptr);
  EXPECT_GT(model->weights().num_features(), 20u);
  const std::string image = model->Serialize("test");
  EXPECT_EQ(TinyContentModel(*cues.value())->Serialize("test"), image);
  auto back = attribution::ContentModel::Parse(image, "tiny.hsm");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back.value()->Serialize("test"), image);
  // Learned on these documents: the gold contents come back.
  for (const CueDocument& d : ContentDocs()) {
    const attribution::ParseView view(d.doc);
    for (const auto& g : d.attributions)
      EXPECT_EQ(Text(d.doc, back.value()->Predict(view, g.cue)), Text(d.doc, g.content))
          << Text(d.doc, g.cue);
  }

  std::string corrupt = image;
  corrupt[corrupt.size() / 2] ^= 0x40;
  auto bad = attribution::ContentModel::Parse(corrupt, "corrupt.hsm");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kCorruptModel);
  for (std::size_t keep : {image.size() - 1, image.size() / 2, std::size_t{0}}) {
    auto truncated = attribution::ContentModel::Parse(image.substr(0, keep), "truncated.hsm");
    ASSERT_FALSE(truncated.ok()) << keep;
    EXPECT_EQ(truncated.status().code(), StatusCode::kCorruptModel) << keep;
  }
  ModelWriter writer("content", "future");
  ByteWriter section;
  section.PutU32(attribution::kContentSectionVersion + 1);
  writer.AddSection("content.weights", section.Release());
  auto future = attribution::ContentModel::Parse(writer.Serialize(), "future.hsm");
  ASSERT_FALSE(future.ok());
  EXPECT_EQ(future.status().code(), StatusCode::kVersionMismatch);
  EXPECT_NE(future.status().message().find("future.hsm"), std::string::npos);
  auto cue_file = attribution::ContentModel::Load(kCueModel);
  ASSERT_FALSE(cue_file.ok());
  EXPECT_EQ(cue_file.status().code(), StatusCode::kInvalidArgument);
  auto missing = attribution::ContentModel::Load("/nonexistent-hearsay-models/content.hsm");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST(ContentModelPredict, CommittedModelFindsContentsInANewText) {
  if (!std::filesystem::exists(kContentModel)) GTEST_SKIP() << kContentModel << " absent";
  auto model = attribution::ContentModel::Load(kContentModel);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  // Written for this test (not from any corpus).
  Document doc(
      "The transport minister said on Thursday that the new ferries would arrive in May. Repairs will "
      "cost $4 million, the port authority said. Opposition leaders voiced concern that the plan was "
      "rushed.\n",
      {});
  ASSERT_TRUE(NlpPipeline().Process(doc).ok());
  const attribution::ParseView view(doc);
  auto cue_of = [&](const std::string& word, int occurrence = 0) {
    for (std::uint32_t t = 0; t < doc.num_tokens(); ++t)
      if (doc.token_text(t) == word && occurrence-- == 0) return TokenRange{t, t + 1};
    ADD_FAILURE() << word;
    return TokenRange{};
  };
  EXPECT_EQ(Text(doc, model.value()->Predict(view, cue_of("said"))),
            "that the new ferries would arrive in May");
  // A reporting clause after its content ("…, the port authority said") is
  // sieve 1's rule (TailContent); the model alone picks "no content" for it
  // (models/content.md, limitations), so it is not asserted here.
  (void)cue_of("said", 1);
  const std::string concern = Text(doc, model.value()->Predict(view, cue_of("concern")));
  EXPECT_NE(concern.find("the plan was rushed"), std::string::npos) << concern;
  // A word that introduces nothing gets no content with a strong "no" bias.
  EXPECT_TRUE(model.value()->Predict(view, cue_of("said"), 1e6f).empty());
}

}  // namespace
}  // namespace hearsay
