// Part-of-speech tagger: an averaged perceptron predicting a joint UPOS|XPOS
// label (e.g. "NOUN|NNS", "AUX|VBZ") per token, greedily left to right.
//
// Features (docs/tagger.md lists them): the token's normalised form, its
// lowercase form, prefixes and suffixes, a word shape, capitalisation /
// digit / hyphen flags, the tokenizer's TokenKind, neighbouring words (±2)
// and the two previous predicted labels. Everything that does not depend on
// the previous labels is computed once per sentence into a per-token table
// of integer keys, so the greedy loop only hashes four label features per
// token. Word clusters learned from unlabelled text (word_clusters.h) add
// the cluster of the token and of its neighbours. Frequent words whose label never varies in training are
// tagged from a tag dictionary without scoring.
//
// Model file (kind "tagger", models/tagger.hsm), sections:
//   "tagger.meta"     u32 section version (kTaggerSectionVersion), u32 flags
//   "tagger.labels"   the joint labels (LabelSet)
//   "tagger.tagdict"  u64 count, then (u64 word id, u16 label) pairs
//   "tagger.weights"  PerceptronModel
//   "tagger.cache"    u64 count, then the TaggerTokenInfo fields of the
//                     frequent words whose role blocks are precomputed
//   "tagger.clusters" WordClusters learned from unlabelled text (may be empty)
// A file whose section version differs is refused with kVersionMismatch.
//
// Thread safety: a TaggerModel and the Tagger component are immutable after
// loading and may be shared by many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hearsay/document.h"
#include "hearsay/model_file.h"
#include "hearsay/pipeline.h"
#include "nlp/perceptron.h"
#include "nlp/word_clusters.h"

namespace hearsay::nlp {

inline constexpr std::uint32_t kTaggerSectionVersion = 2;
// More labels than this is refused as a corrupt model (GUM has 71).
inline constexpr int kMaxTaggerLabels = 512;

// Per-token values the features are built from; computed once per token.
struct TaggerTokenInfo {
  std::uint64_t word = 0;                   // HashString(norm)
  std::uint64_t lower = 0;                  // HashString(lowercase norm)
  std::uint64_t prefix[3] = {};             // first 1..3 characters of the lowercase norm
  std::uint64_t suffix[4] = {};             // last 1..4 characters of the lowercase norm
  std::uint64_t shape = 0;                  // HashString of the shape, e.g. "Xx", "dd", "X.X."
  std::uint32_t flags = 0;                  // TaggerWordFlag bits | TokenKind << 8
  std::uint16_t cluster_fine = kNoCluster;  // WordClusters of the lowercase word
  std::uint16_t cluster_coarse = kNoCluster;
};

enum TaggerWordFlag : std::uint32_t {
  kTagCapitalised = 1u << 0,  // first character is an uppercase letter
  kTagAllCaps = 1u << 1,      // two or more letters, none lowercase
  kTagHasDigit = 1u << 2,
  kTagHasHyphen = 1u << 3,
  kTagHasUpperInside = 1u << 4,  // an uppercase letter after the first character
  kTagNonAscii = 1u << 5,
};

// Fills *info from a token's normalised form and kind. `scratch` is reused
// between calls (no allocation once it has grown).
void ComputeTokenInfo(std::string_view norm, TokenKind kind, std::string* scratch, TaggerTokenInfo* info);

// The word shape: letters become X/x, digits d, other characters stay; runs
// of the same class are cut at two ("Hello" → "Xxx", "1990" → "dd").
std::string WordShape(std::string_view norm);

// Number of label-independent features per token and the label features.
inline constexpr int kTaggerStaticFeatures = 26;
inline constexpr int kTaggerDynamicFeatures = 4;
inline constexpr int kTaggerFeatures = kTaggerStaticFeatures + kTaggerDynamicFeatures;
// Positions -2..+2 of a token relative to the token tagged (TagSentence).
inline constexpr int kTaggerRoles = 5;

// Writes the label-independent feature keys of token i of `sentence` (a span
// of infos) into out[0..kTaggerStaticFeatures).
void StaticFeatures(std::span<const TaggerTokenInfo> sentence, std::size_t i, FeatureKey* out);
// Writes the keys that depend on the previous two labels (-1 = none) into
// out[0..kTaggerDynamicFeatures).
void DynamicFeatures(const TaggerTokenInfo& token, int prev1, int prev2, FeatureKey* out);

// Per-call scratch of TaggerModel::TagSentence; grows, never shrinks.
struct TaggerScratch {
  std::vector<float> roles;               // role blocks of tokens missing from the word cache
  std::vector<const float*> token_roles;  // per token: its role block
  std::vector<float> scores;
};

class TaggerModel {
 public:
  // Builds a model from its parts (training); computes the UPOS/XPOS tables
  // and the dense score tables of the fast path. `cache` lists the token
  // infos of frequent words (see TagSentence).
  static Result<TaggerModel> Create(LabelSet labels, PerceptronModel weights,
                                    std::vector<std::pair<std::uint64_t, std::uint16_t>> tag_dict,
                                    std::vector<TaggerTokenInfo> cache, WordClusters clusters);
  static Result<TaggerModel> Load(const std::string& path);
  // `name` (the file's path) prefixes error messages.
  static Result<TaggerModel> FromFile(const ModelFile& file, const std::string& name);
  // The model file image's sections (description = free text for the header).
  ModelWriter ToWriter(const std::string& description) const;

  const LabelSet& labels() const { return labels_; }
  const PerceptronModel& weights() const { return weights_; }
  int num_labels() const { return labels_.size(); }
  std::uint16_t upos_of(int label) const { return label_upos_[label]; }
  std::uint16_t xpos_of(int label) const { return label_xpos_[label]; }
  const LabelNames& upos_names() const { return upos_names_; }
  const LabelNames& xpos_names() const { return xpos_names_; }
  std::size_t tag_dict_size() const { return tag_dict_size_; }
  // The dictionary label of a word id, or -1.
  int DictLabel(std::uint64_t word) const {
    if (dict_keys_.empty()) return -1;
    const std::size_t mask = dict_keys_.size() - 1;
    for (std::size_t i = word & mask;; i = (i + 1) & mask) {
      if (dict_keys_[i] == word) return dict_labels_[i];
      if (dict_keys_[i] == 0) return -1;
    }
  }

  // Sets the cluster fields of *info from the model's word clusters.
  void AssignClusters(TaggerTokenInfo* info) const {
    const WordClusters::Entry* e = clusters_.Find(info->lower);
    info->cluster_fine = e ? e->fine : kNoCluster;
    info->cluster_coarse = e ? e->coarse : kNoCluster;
  }
  const WordClusters& clusters() const { return clusters_; }

  // The index of a word (by id and TokenKind) in the word cache, or -1.
  int CacheIndex(std::uint64_t word, std::uint32_t kind) const;
  const TaggerTokenInfo& cached_info(int index) const { return cache_[static_cast<std::size_t>(index)]; }
  std::size_t cache_size() const { return cache_.size(); }

  // Tags one sentence of infos: labels[i] gets the joint label of token i.
  //
  // The fast path: a feature that looks at one token only (its word, affixes
  // and shape, or it as the left or right neighbour of the token tagged) adds
  // the same scores wherever that token occurs, so each token's "role block"
  // (its score vectors in the five positions -2..+2) is summed once; for the
  // frequent words of the word cache it is precomputed when the model loads.
  // The previous labels' features come from dense tables. Only the features
  // that pair two tokens, or a label with a word, are looked up per token.
  void TagSentence(std::span<const TaggerTokenInfo> sentence, std::uint16_t* labels, TaggerScratch* scratch,
                   bool use_dict = true) const;
  // The same labels the slow way, every feature looked up (tests compare).
  void TagSentenceReference(std::span<const TaggerTokenInfo> sentence, std::uint16_t* labels,
                            bool use_dict = true) const;

 private:
  LabelSet labels_;
  PerceptronModel weights_;
  std::vector<std::uint64_t> dict_keys_;  // open addressing; 0 = empty
  std::vector<std::uint16_t> dict_labels_;
  std::size_t tag_dict_size_ = 0;
  std::vector<std::pair<std::uint64_t, std::uint16_t>> dict_entries_;  // sorted, for saving
  std::vector<std::uint16_t> label_upos_, label_xpos_;
  LabelNames upos_names_, xpos_names_;
  // Fast path (TagSentence).
  void ComputeRoles(const TaggerTokenInfo& token, float* block) const;
  std::vector<TaggerTokenInfo> cache_;
  WordClusters clusters_;
  std::vector<std::uint64_t> cache_keys_;  // open addressing over cache_; 0 = empty
  std::vector<std::int32_t> cache_index_;
  std::vector<float> cache_roles_;  // kRoles * num_labels() per cache entry
  std::vector<float> start_roles_, end_roles_;
  std::vector<float> label1_, label2_, label12_;  // previous-label score tables
};

// The "tagger" pipeline component: requires tokens and sentences, assigns
// upos and xpos.
class Tagger final : public Component {
 public:
  explicit Tagger(std::shared_ptr<const TaggerModel> model, bool use_dict = true)
      : model_(std::move(model)), use_dict_(use_dict) {}
  // Loads <models_dir>/tagger.hsm.
  static Result<std::unique_ptr<Component>> Create(const ComponentConfig& config);

  std::string_view name() const override { return "tagger"; }
  ColumnSet requires_columns() const override { return kColTokens | kColSentences; }
  ColumnSet assigns_columns() const override { return kColUpos | kColXpos; }
  Status Process(Document& doc) const override;

  const TaggerModel& model() const { return *model_; }

 private:
  std::shared_ptr<const TaggerModel> model_;
  bool use_dict_;
};

}  // namespace hearsay::nlp
