#include "eval/extraction_eval.h"

#include <algorithm>
#include <unordered_map>

#include "text/char_class.h"
#include "text/utf8.h"

namespace hearsay::eval {
namespace {

std::unordered_map<std::string, int> Shingles(std::string_view text) {
  const std::vector<std::string_view> words = ShingleWords(text);
  std::unordered_map<std::string, int> out;
  if (words.empty()) return out;
  const std::size_t n = 4;
  const std::size_t count = words.size() >= n ? words.size() - n + 1 : 1;
  for (std::size_t i = 0; i < count; ++i) {
    std::string shingle;
    for (std::size_t k = i; k < std::min(words.size(), i + n); ++k) {
      if (k > i) shingle.push_back(' ');
      shingle.append(words[k]);
    }
    ++out[shingle];
  }
  return out;
}

}  // namespace

std::vector<std::string_view> ShingleWords(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0, start = std::string_view::npos;
  while (i < text.size()) {
    std::size_t len = 1;
    const char32_t cp = utf8::Decode(text.data() + i, &len);
    if (len == 0) len = 1;
    const bool word = text::IsPythonWordChar(cp);
    if (word && start == std::string_view::npos) start = i;
    if (!word && start != std::string_view::npos) {
      words.push_back(text.substr(start, i - start));
      start = std::string_view::npos;
    }
    i += len;
  }
  if (start != std::string_view::npos) words.push_back(text.substr(start));
  return words;
}

PageScore ScoreExtraction(std::string_view truth, std::string_view predicted) {
  const auto t = Shingles(truth);
  const auto p = Shingles(predicted);
  long tp = 0, fp = 0, fn = 0;
  for (const auto& [s, count] : p) {
    const auto it = t.find(s);
    const int shared = it == t.end() ? 0 : std::min(count, it->second);
    tp += shared;
    fp += count - shared;
  }
  for (const auto& [s, count] : t) {
    const auto it = p.find(s);
    fn += count - (it == p.end() ? 0 : std::min(count, it->second));
  }
  if (fp == 0 && fn == 0) return {1.0, 1.0};
  if (tp == 0) return {0.0, 0.0};
  return {static_cast<double>(tp) / (tp + fp), static_cast<double>(tp) / (tp + fn)};
}

ExtractionScores Average(const std::vector<PageScore>& pages) {
  ExtractionScores s;
  s.pages = pages.size();
  if (pages.empty()) return s;
  for (const PageScore& p : pages) {
    s.precision += p.precision;
    s.recall += p.recall;
  }
  s.precision /= pages.size();
  s.recall /= pages.size();
  return s;
}

}  // namespace hearsay::eval
