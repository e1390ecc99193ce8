// `hearsay train cues` and `hearsay eval cues`: the learned cue detector
// (attribution/cue_model.h) trained and measured on PolNeAR; `hearsay train
// content`: the learned content spans (attribution/content_model.h) on the
// same data. Registered through RegisterCommands (cli_common.h).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "attribution/content_model.h"
#include "attribution/cue_model.h"
#include "attribution/cue_model_train.h"
#include "attribution/parse_view.h"
#include "cli_common.h"
#include "eval/polnear.h"
#include "nlp/tagger.h"

namespace hearsay::cli {
namespace {

struct CueOptions {
  std::string train_dir, dev_dir, out, polnear_dir;
  std::string models_dir = DefaultModelsDirectory();
  std::string model;          // eval: a model file other than <models>/cues.hsm
  std::string clusters_from;  // train: a tagger model whose word clusters the detector uses
  int epochs = 20, patience = 3, threads = 2;
  float min_weight = 1.0f, recall_bias = 0;
  bool json = false;
  std::size_t max_errors = 0;
  std::string spans_path;  // eval: one row per gold cue span (WriteGoldSpanRows)
};

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Reads a PolNeAR split and runs the NLP pipeline over it.
Result<std::vector<attribution::CueDocument>> ReadSplit(const std::string& dir, const Pipeline& pipeline,
                                                        int threads) {
  auto corpus = eval::ReadPolnearSplit(dir);
  if (!corpus.ok()) return corpus.status();
  return attribution::PrepareCueDocuments(corpus->records, pipeline, threads);
}

std::size_t CountTokens(const std::vector<attribution::CueDocument>& docs) {
  std::size_t n = 0;
  for (const auto& d : docs) n += d.doc.num_tokens();
  return n;
}

std::size_t CountCuts(const std::vector<attribution::CueDocument>& docs) {
  std::size_t n = 0;
  for (const auto& d : docs) n += d.cut_at_sentence_end;
  return n;
}

// The training and dev splits, each run through the NLP pipeline the cue
// and content models read (o.threads documents at a time).
struct TrainAndDev {
  std::vector<attribution::CueDocument> train, dev;
};
Result<TrainAndDev> ReadTrainAndDev(const CueOptions& o) {
  ComponentConfig config;
  config.models_dir = o.models_dir;
  auto pipeline = Pipeline::FromNames(attribution::CueTrainingPipelineNames(), config);
  if (!pipeline.ok()) return pipeline.status();
  auto train = ReadSplit(o.train_dir, pipeline.value(), o.threads);
  if (!train.ok()) return train.status();
  auto dev = ReadSplit(o.dev_dir, pipeline.value(), o.threads);
  if (!dev.ok()) return dev.status();
  return TrainAndDev{std::move(train).value(), std::move(dev).value()};
}

int RunTrain(const CueOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  auto splits = ReadTrainAndDev(o);
  if (!splits.ok()) {
    PrintError(splits.status());
    return kExitFailure;
  }
  const auto& [train, dev] = splits.value();
  std::fprintf(
      stderr,
      "cues: NLP pipeline over %zu train + %zu dev documents (%zu + %zu tokens; %zu + %zu gold cue spans "
      "cut at a sentence boundary) in %.1f s\n",
      train.size(), dev.size(), CountTokens(train), CountTokens(dev), CountCuts(train), CountCuts(dev),
      Seconds(start));
  attribution::CueTrainOptions options;
  options.max_epochs = o.epochs;
  options.patience = o.patience;
  options.min_weight = o.min_weight;
  if (!o.clusters_from.empty()) {
    auto tagger = nlp::TaggerModel::Load(o.clusters_from);
    if (!tagger.ok()) {
      PrintError(tagger.status());
      return kExitFailure;
    }
    options.clusters = tagger.value().clusters();
  }
  attribution::CueTrainReport report;
  auto model = attribution::TrainCueModel(train, dev, options, &report);
  if (!model.ok()) {
    PrintError(model.status());
    return kExitFailure;
  }
  const auto& s = report.best_dev;
  char description[640];
  std::snprintf(
      description, sizeof description,
      "cue detector (greedy BIO, averaged perceptron over parse features); trained on %zu PolNeAR v1.0 "
      "train documents (%zu tokens, %zu gold cue spans), best epoch %d of %d by dev token F1; PolNeAR "
      "dev: token P/R/F1 %.2f/%.2f/%.2f, exact span %.2f/%.2f/%.2f, overlapping span %.2f/%.2f/%.2f",
      train.size(), report.train_tokens, report.train_spans, report.best_epoch, report.epochs_run,
      100 * s.token_precision(), 100 * s.token_recall(), 100 * s.token_f1(), 100 * s.exact_precision(),
      100 * s.exact_recall(), 100 * s.exact_f1(), 100 * s.overlap_precision(), 100 * s.overlap_recall(),
      100 * s.overlap_f1());
  const auto saved = SaveAndReload(*model.value(), o.out, description);
  if (!saved) return kExitFailure;
  std::fprintf(
      stderr,
      "cues: wrote %s (%zu bytes, %zu features) in %.1f s; best epoch %d, dev token F1 %.2f%%, exact span "
      "F1 %.2f%%, overlapping span F1 %.2f%%\n",
      o.out.c_str(), saved->bytes, saved->features, Seconds(start), report.best_epoch, 100 * s.token_f1(),
      100 * s.exact_f1(), 100 * s.overlap_f1());
  return kExitOk;
}

// `hearsay train content`: the cues come from <models>/cues.hsm, as at run
// time.
int RunTrainContent(const CueOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  auto cue_model = attribution::CueModel::Load(o.models_dir + "/cues.hsm");
  if (!cue_model.ok()) {
    PrintError(cue_model.status());
    return kExitFailure;
  }
  auto splits = ReadTrainAndDev(o);
  if (!splits.ok()) {
    PrintError(splits.status());
    return kExitFailure;
  }
  const auto& [train, dev] = splits.value();
  std::fprintf(stderr, "content: NLP pipeline over %zu train + %zu dev documents in %.1f s\n", train.size(),
               dev.size(), Seconds(start));
  attribution::ContentTrainOptions options;
  options.max_epochs = o.epochs;
  options.patience = o.patience;
  options.min_weight = o.min_weight;
  attribution::ContentTrainReport report;
  auto model = attribution::TrainContentModel(train, dev, *cue_model.value(), options, &report);
  if (!model.ok()) {
    PrintError(model.status());
    return kExitFailure;
  }
  const auto& d = report.best_dev;
  char description[640];
  std::snprintf(description, sizeof description,
                "content spans (candidate ranking, averaged perceptron over parse features) for the cues of "
                "cues.hsm; trained on %zu PolNeAR v1.0 train documents (%zu cues, %zu with gold content), "
                "best epoch %d of %d by dev F1; PolNeAR dev cues: content P/R/F1 %.2f/%.2f/%.2f (IoU >= 0.5)",
                train.size(), report.train_instances.cues, report.train_instances.gold, report.best_epoch,
                report.epochs_run, 100 * d.precision(), 100 * d.recall(), 100 * d.f1());
  const auto saved = SaveAndReload(*model.value(), o.out, description);
  if (!saved) return kExitFailure;
  std::fprintf(stderr,
               "content: wrote %s (%zu bytes, %zu features) in %.1f s; best epoch %d, dev P/R/F1 "
               "%.2f/%.2f/%.2f (%zu of %zu gold cues reachable)\n",
               o.out.c_str(), saved->bytes, saved->features, Seconds(start), report.best_epoch,
               100 * d.precision(), 100 * d.recall(), 100 * d.f1(), d.reachable, d.gold);
  return kExitOk;
}

nlohmann::json ScoresJson(const attribution::CueScores& s) {
  auto prf = [](std::size_t gold, std::size_t predicted, double p, double r, double f) {
    return nlohmann::json{
        {"gold", gold}, {"predicted", predicted}, {"precision", p}, {"recall", r}, {"f1", f}};
  };
  nlohmann::json j;
  j["tokens"] = prf(s.gold_tokens, s.predicted_tokens, s.token_precision(), s.token_recall(), s.token_f1());
  j["tokens"]["correct"] = s.correct_tokens;
  j["exact_spans"] =
      prf(s.gold_spans, s.predicted_spans, s.exact_precision(), s.exact_recall(), s.exact_f1());
  j["exact_spans"]["correct"] = s.exact_spans;
  j["overlapping_spans"] =
      prf(s.gold_spans, s.predicted_spans, s.overlap_precision(), s.overlap_recall(), s.overlap_f1());
  j["overlapping_spans"]["gold_found"] = s.gold_overlapped;
  j["overlapping_spans"]["predicted_overlapping"] = s.predicted_overlapping;
  return j;
}

void PrintRow(const char* name, const attribution::CueScores& s) {
  std::printf("  %-34s %6.2f %6.2f %6.2f   %6.2f %6.2f %6.2f   %6.2f %6.2f %6.2f   %6zu %6zu\n", name,
              100 * s.token_precision(), 100 * s.token_recall(), 100 * s.token_f1(),
              100 * s.exact_precision(), 100 * s.exact_recall(), 100 * s.exact_f1(),
              100 * s.overlap_precision(), 100 * s.overlap_recall(), 100 * s.overlap_f1(), s.predicted_tokens,
              s.predicted_spans);
}

// "missed"/"spurious"/"boundary" lines for the learned model's errors on one
// document, at most `limit`; returns how many were printed.
std::size_t PrintErrors(const attribution::CueDocument& d, const std::vector<TokenRange>& predicted,
                        std::size_t limit) {
  auto overlaps = [](TokenRange a, TokenRange b) { return a.first < b.last && b.first < a.last; };
  auto text = [&](TokenRange r) { return std::string(d.doc.text(d.doc.CharsOf(r))); };
  auto context = [&](TokenRange r) {
    const TokenRange wide{r.first >= 6 ? r.first - 6 : 0, std::min(d.doc.num_tokens(), r.last + 6)};
    std::string s = text(wide);
    for (char& c : s)
      if (c == '\n') c = ' ';
    return s;
  };
  std::size_t n = 0;
  for (const TokenRange& g : d.gold) {
    if (n >= limit) return n;
    const TokenRange* hit = nullptr;
    for (const TokenRange& p : predicted)
      if (overlaps(p, g)) hit = &p;
    if (hit != nullptr && *hit == g) continue;
    std::cerr << (hit ? "boundary\t" : "missed\t") << text(g) << "\t" << (hit ? text(*hit) : "") << "\t"
              << d.id << "\t" << context(g) << "\n";
    ++n;
  }
  for (const TokenRange& p : predicted) {
    if (n >= limit) return n;
    if (std::any_of(d.gold.begin(), d.gold.end(), [&](TokenRange g) { return overlaps(p, g); })) continue;
    std::cerr << "spurious\t" << text(p) << "\t\t" << d.id << "\t" << context(p) << "\n";
    ++n;
  }
  return n;
}

// One tab-separated row per gold cue span of `d`, for bucketing the
// detector's misses (docs/attribution.md, polnear9): document id; 1 when a
// predicted span overlaps it, else 0; the largest B-minus-O margin of its
// tokens (CueModel::Label); the offset in the span of its head (its first
// token whose head lies outside it); its tokens as form/lemma/UPOS/relation,
// space-separated; the relations of the head's dependents, comma-separated;
// 1 when the head lies inside a quotation; 1 when the head has a subject.
void WriteGoldSpanRows(std::ostream& out, const attribution::CueDocument& d,
                       const std::vector<TokenRange>& predicted, const std::vector<float>& margins) {
  const attribution::ParseView view(d.doc);
  // Token text and lemmas with the row's separators (tab, newline, space) as "_".
  auto clean = [](std::string_view w) {
    std::string s(w);
    for (char& c : s)
      if (c == '\t' || c == '\n' || c == '\r' || c == ' ') c = '_';
    return s;
  };
  for (const TokenRange& g : d.gold) {
    bool found = false;
    for (const TokenRange& p : predicted) found = found || (p.first < g.last && g.first < p.last);
    std::uint32_t head = g.first;
    for (std::uint32_t t = g.first; t < g.last; ++t) {
      const std::int32_t h = view.head(t);
      if (h < static_cast<std::int32_t>(g.first) || h >= static_cast<std::int32_t>(g.last)) {
        head = t;
        break;
      }
    }
    float margin = margins[g.first];
    for (std::uint32_t t = g.first; t < g.last; ++t) margin = std::max(margin, margins[t]);
    out << d.id << '\t' << (found ? 1 : 0) << '\t' << margin << '\t' << head - g.first << '\t';
    for (std::uint32_t t = g.first; t < g.last; ++t)
      out << (t > g.first ? " " : "") << clean(view.text(t)) << '/' << clean(view.lemma(t)) << '/'
          << view.upos(t) << '/' << view.deprel(t);
    out << '\t';
    bool subject = false;
    std::string_view sep;
    for (std::uint32_t c : view.children(head)) {
      out << sep << view.deprel(c);
      sep = ",";
      subject = subject || view.base_deprel(c) == "nsubj" || view.base_deprel(c) == "nsubj:pass";
    }
    out << '\t' << (view.quotation_of(head) != kNone ? 1 : 0) << '\t' << (subject ? 1 : 0) << '\n';
  }
}

int RunEval(const CueOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  const std::string model_path = o.model.empty() ? o.models_dir + "/cues.hsm" : o.model;
  auto model = attribution::CueModel::Load(model_path);
  if (!model.ok()) {
    PrintError(model.status());
    return kExitFailure;
  }
  ComponentConfig config;
  config.models_dir = o.models_dir;
  auto pipeline = Pipeline::FromNames(attribution::CueTrainingPipelineNames(), config);
  if (!pipeline.ok()) {
    PrintError(pipeline.status());
    return kExitFailure;
  }
  auto docs = ReadSplit(o.polnear_dir, pipeline.value(), o.threads);
  if (!docs.ok()) {
    PrintError(docs.status());
    return kExitFailure;
  }
  attribution::CueScores learned, lexicon, extractor, learned_or_lexicon;
  std::vector<TokenRange> predicted;
  std::size_t printed = 0;
  std::ofstream spans_out;
  if (!o.spans_path.empty()) {
    spans_out.open(o.spans_path);
    if (!spans_out) {
      PrintError(Status(StatusCode::kIoError, "cannot write " + o.spans_path));
      return kExitFailure;
    }
  }
  std::vector<std::uint8_t> labels;
  std::vector<float> margins;
  double predict_seconds = 0;
  for (const auto& d : docs.value()) {
    const auto predict_start = std::chrono::steady_clock::now();
    // Predict's decoding, with the margins kept when --spans asks for them.
    const Status st =
        model.value()->Label(d.doc, &labels, o.recall_bias, spans_out.is_open() ? &margins : nullptr);
    if (st.ok()) predicted = attribution::BioToSpans(labels, d.doc.sentences);
    predict_seconds += Seconds(predict_start);
    if (!st.ok()) {
      PrintError(Status(st.code(), d.id + ": " + st.message()));
      return kExitFailure;
    }
    learned.Add(d.gold, predicted);
    if (spans_out.is_open()) WriteGoldSpanRows(spans_out, d, predicted, margins);
    if (printed < o.max_errors) printed += PrintErrors(d, predicted, o.max_errors - printed);
    const std::vector<TokenRange> lexicon_cues = attribution::LexiconCues(d.doc);
    lexicon.Add(d.gold, lexicon_cues);
    learned_or_lexicon.Add(d.gold, attribution::UnionOfCues(predicted, lexicon_cues));
    extractor.Add(d.gold, attribution::ExtractorCues(d.doc));
  }
  // A row lost to a full disk must not pass for a complete file.
  if (spans_out.is_open() && !spans_out.flush()) {
    PrintError(Status(StatusCode::kIoError, "could not write all rows to " + o.spans_path));
    return kExitFailure;
  }
  if (o.json) {
    std::cout << nlohmann::json{{"documents", docs->size()},
                                {"tokens", CountTokens(docs.value())},
                                {"model", model_path},
                                {"learned", ScoresJson(learned)},
                                {"lexicon", ScoresJson(lexicon)},
                                {"attribution_stage", ScoresJson(extractor)},
                                {"learned_or_lexicon", ScoresJson(learned_or_lexicon)}}
                     .dump(2)
              << "\n";
    return kExitOk;
  }
  std::printf("cue detection on %zu documents (%zu tokens) of %s: %zu gold cue spans, %zu gold cue tokens\n",
              docs->size(), CountTokens(docs.value()), o.polnear_dir.c_str(), learned.gold_spans,
              learned.gold_tokens);
  std::printf("  %-34s %-23s %-23s %-23s %13s\n", "", " tokens P / R / F1", "   exact spans P/R/F1",
              " overlapping P / R / F1", "predicted tok/spans");
  PrintRow("learned (cues.hsm)", learned);
  PrintRow("hand lexicon (cues.h)", lexicon);
  PrintRow("attribution stage (statement cues)", extractor);
  PrintRow("learned or hand lexicon (union)", learned_or_lexicon);
  std::fflush(stdout);
  std::fprintf(stderr, "cues: %s; %.1f s in all; the learned detector alone: %.3f s, %.0f tokens/s\n",
               model_path.c_str(), Seconds(start), predict_seconds,
               static_cast<double>(CountTokens(docs.value())) / std::max(predict_seconds, 1e-9));
  return kExitOk;
}

void Install(Commands& c) {
  static CueOptions o;
  CLI::App* train =
      c.train->add_subcommand("cues", "train the learned cue detector on PolNeAR (writes models/cues.hsm)");
  train->add_option("--polnear", o.train_dir, "PolNeAR training split (text/, attributions/)")->required();
  train->add_option("--dev", o.dev_dir, "PolNeAR development split (early stopping)")->required();
  train->add_option("--out", o.out, "model file to write (e.g. models/cues.hsm)")->required();
  train->add_option("--models", o.models_dir, "directory of the NLP pipeline's model files")
      ->capture_default_str();
  train->add_option("--epochs", o.epochs, "maximum number of epochs")->capture_default_str();
  train->add_option("--patience", o.patience, "stop after this many epochs without a better dev token F1")
      ->capture_default_str();
  train->add_option("--min-weight", o.min_weight, "prune averaged weights below this magnitude")
      ->capture_default_str();
  train->add_option("--clusters-from", o.clusters_from,
                    "tagger model whose word clusters the detector reads (stored in the cue model)");
  train->add_option("--threads", o.threads, "threads for the NLP pipeline (training itself uses one)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  train->callback([&c] { *c.exit_code = RunTrain(o); });

  static CueOptions content;
  content.epochs = 15;
  content.min_weight = 0.5f;
  CLI::App* train_content = c.train->add_subcommand(
      "content", "train the learned content spans on PolNeAR (writes models/content.hsm; needs cues.hsm)");
  train_content->add_option("--polnear", content.train_dir, "PolNeAR training split (text/, attributions/)")
      ->required();
  train_content->add_option("--dev", content.dev_dir, "PolNeAR development split (early stopping)")
      ->required();
  train_content->add_option("--out", content.out, "model file to write (e.g. models/content.hsm)")
      ->required();
  train_content
      ->add_option("--models", content.models_dir, "directory of cues.hsm and the NLP pipeline's model files")
      ->capture_default_str();
  train_content->add_option("--epochs", content.epochs, "maximum number of epochs")->capture_default_str();
  train_content
      ->add_option("--patience", content.patience, "stop after this many epochs without a better dev F1")
      ->capture_default_str();
  train_content->add_option("--min-weight", content.min_weight, "prune averaged weights below this magnitude")
      ->capture_default_str();
  train_content->add_option("--threads", content.threads, "threads for the NLP pipeline (training uses one)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  train_content->callback([&c] { *c.exit_code = RunTrainContent(content); });

  CLI::App* ev = c.eval->add_subcommand(
      "cues", "cue detection P/R/F1 on a PolNeAR split: the learned detector beside the hand lexicon");
  ev->add_option("--polnear", o.polnear_dir, "PolNeAR split directory (e.g. ../shared/data/polnear/dev)")
      ->required();
  ev->add_option("--models", o.models_dir, "directory of model files (cues.hsm and the NLP models)")
      ->capture_default_str();
  ev->add_option("--model", o.model, "cue model file (default: <models>/cues.hsm)");
  ev->add_option("--threads", o.threads, "threads for the NLP pipeline")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  ev->add_option("--recall-bias", o.recall_bias,
                 "added to the cue labels' scores before each decision (> 0: more cues, lower precision)")
      ->capture_default_str();
  ev->add_flag("--json", o.json, "print scores as JSON");
  ev->add_option(
        "--errors", o.max_errors,
        "print up to N errors of the learned model to stderr (missed, boundary, spurious; tab-separated)")
      ->capture_default_str();
  ev->add_option("--spans", o.spans_path,
                 "write one tab-separated row per gold cue span to FILE: found, B-O margin, head, tokens, "
                 "dependents, quotation, subject (docs/attribution.md)");
  ev->callback([&c] { *c.exit_code = RunEval(o); });
}

const bool kRegistered = RegisterCommands(&Install);

}  // namespace
}  // namespace hearsay::cli
