// `hearsay eval html`: main-text extraction on the article-extraction
// benchmark (html/<id>.html.gz, ground-truth.json, output/<extractor>.json),
// scored with the benchmark's metric (eval/extraction_eval.h). Every
// extractor's stored output in output/ is scored by the same code, so the
// figures printed side by side are comparable.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "eval/extraction_eval.h"
#include "html/article_extractor.h"
#include "text/utf8.h"
#include "warc/gzip_stream.h"

namespace hearsay::cli {
namespace {

struct EvalHtmlOptions {
  std::string benchmark = "../shared/corpora/article-extraction-benchmark";
  std::string write_pred;
  std::size_t worst = 0;
  bool json = false;
};

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::kNotFound, path.string() + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<nlohmann::json> ReadJson(const std::filesystem::path& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  nlohmann::json j = nlohmann::json::parse(text.value(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Status(StatusCode::kMalformedRecord, path.string() + ": not a JSON object");
  // Some extractors' files wrap the pages as {"output": {...}, "version": ...}.
  if (j.contains("output") && j["output"].is_object()) return nlohmann::json(j["output"]);
  return j;
}

std::string ArticleBody(const nlohmann::json& pages, const std::string& id) {
  auto it = pages.find(id);
  if (it == pages.end() || !it->is_object()) return "";
  auto body = it->find("articleBody");
  if (body == it->end() || !body->is_string()) return "";
  std::string text = body->get<std::string>();
  if (utf8::FindInvalid(text) != utf8::kValid) {
    std::string clean;
    utf8::ReplaceInvalid(text, &clean);
    return clean;
  }
  return text;
}

int Run(const EvalHtmlOptions& o) {
  namespace fs = std::filesystem;
  const fs::path root(o.benchmark);
  auto truth = ReadJson(root / "ground-truth.json");
  if (!truth.ok()) {
    PrintError(truth.status());
    return kExitFailure;
  }
  std::vector<std::string> ids;
  for (const auto& [id, _] : truth->items()) ids.push_back(id);
  std::sort(ids.begin(), ids.end());

  struct Row {
    std::string name;
    eval::ExtractionScores scores;
  };
  std::vector<Row> rows;
  std::vector<eval::PageScore> ours;
  std::vector<std::pair<double, std::string>> by_f1;
  nlohmann::json predictions = nlohmann::json::object();
  int failures = 0;
  for (const std::string& id : ids) {
    const fs::path page = root / "html" / (id + ".html.gz");
    auto compressed = ReadFile(page);
    std::string html;
    std::string text;
    Status status = compressed.status();
    if (status.ok())
      status = warc::Gunzip(compressed.value(), std::size_t{256} << 20, false, page.string(), &html);
    if (status.ok()) {
      std::size_t replaced = 0;
      auto article = html::ExtractArticleFromBytes(html, "", "", &replaced);
      status = article.status();
      if (article.ok()) text = std::move(article->text);
    }
    if (!status.ok()) {
      PrintError(status);
      ++failures;
    }
    const eval::PageScore score = eval::ScoreExtraction(ArticleBody(truth.value(), id), text);
    ours.push_back(score);
    const double f1 = score.precision + score.recall > 0
                          ? 2 * score.precision * score.recall / (score.precision + score.recall)
                          : 0.0;
    by_f1.emplace_back(f1, id);
    predictions[id] = {{"articleBody", text}};
  }
  rows.push_back({"hearsay", eval::Average(ours)});

  std::vector<fs::path> outputs;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root / "output", ec))
    if (e.path().extension() == ".json") outputs.push_back(e.path());
  std::sort(outputs.begin(), outputs.end());
  for (const fs::path& path : outputs) {
    auto pages = ReadJson(path);
    if (!pages.ok()) {
      PrintError(pages.status());
      continue;
    }
    std::vector<eval::PageScore> scores;
    for (const std::string& id : ids)
      scores.push_back(eval::ScoreExtraction(ArticleBody(truth.value(), id), ArticleBody(pages.value(), id)));
    rows.push_back({path.stem().string(), eval::Average(scores)});
  }

  if (!o.write_pred.empty()) {
    std::ofstream out(o.write_pred);
    out << predictions.dump(1) << '\n';
    if (!out) {
      PrintError(Status(StatusCode::kIoError, o.write_pred + ": cannot write"));
      return kExitFailure;
    }
  }
  if (o.worst > 0) {
    std::sort(by_f1.begin(), by_f1.end());
    for (std::size_t i = 0; i < std::min(o.worst, by_f1.size()); ++i)
      std::cerr << "worst " << by_f1[i].second << " F1 " << by_f1[i].first << '\n';
  }
  if (o.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const Row& r : rows)
      out.push_back({{"extractor", r.name},
                     {"pages", r.scores.pages},
                     {"precision", r.scores.precision},
                     {"recall", r.scores.recall},
                     {"f1", r.scores.f1()}});
    std::cout << out.dump(2) << '\n';
  } else {
    std::printf("%-14s %6s %9s %9s %9s\n", "extractor", "pages", "precision", "recall", "F1");
    for (const Row& r : rows)
      std::printf("%-14s %6zu %9.4f %9.4f %9.4f\n", r.name.c_str(), r.scores.pages, r.scores.precision,
                  r.scores.recall, r.scores.f1());
  }
  return failures > 0 ? kExitInputErrors : kExitOk;
}

void Install(Commands& commands) {
  auto options = std::make_shared<EvalHtmlOptions>();
  CLI::App* cmd = commands.eval->add_subcommand(
      "html",
      "main-text extraction precision/recall/F1 (word 4-gram shingles) on the article-extraction benchmark, "
      "beside every extractor's stored output");
  cmd->add_option("--benchmark", options->benchmark,
                  "benchmark folder: html/<id>.html.gz, ground-truth.json, output/*.json")
      ->capture_default_str();
  cmd->add_option("--write-pred", options->write_pred,
                  "also write hearsay's extractions here ({id: {articleBody}})");
  cmd->add_option("--worst", options->worst, "list the N pages with the lowest F1 on stderr");
  cmd->add_flag("--json", options->json, "print scores as JSON");
  cmd->callback([options, code = commands.exit_code] { *code = Run(*options); });
}

const bool kRegistered = RegisterCommands(&Install);

}  // namespace
}  // namespace hearsay::cli
