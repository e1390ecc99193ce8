// Scoring main-text extraction against ground truth, with the metric of the
// article-extraction benchmark (scrapinghub/article-extraction-benchmark,
// described in ../shared/corpora/INDEX.md):
//
//   * both texts are split into words as Python's re.findall(r"\w+") does
//     (runs of Unicode letters, digits and "_"; everything else separates);
//   * each becomes a multiset of word 4-grams ("shingles"); a text of fewer
//     than four words is one shingle of all its words, and no words is none;
//   * per page: true positives are shared shingles (multiset intersection),
//     false positives predicted-only, false negatives truth-only; precision
//     and recall are 1 when there are neither false positives nor false
//     negatives, 0 when nothing is shared;
//   * over pages: precision and recall are averaged, and F1 is computed from
//     the two averages.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hearsay::eval {

struct PageScore {
  double precision = 0;
  double recall = 0;
};

// The words of `text` as \w+ finds them (byte ranges into text).
std::vector<std::string_view> ShingleWords(std::string_view text);

PageScore ScoreExtraction(std::string_view truth, std::string_view predicted);

struct ExtractionScores {
  std::size_t pages = 0;
  double precision = 0;  // mean over pages
  double recall = 0;     // mean over pages
  double f1() const { return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0; }
};

// Averages page scores as the benchmark does.
ExtractionScores Average(const std::vector<PageScore>& pages);

}  // namespace hearsay::eval
