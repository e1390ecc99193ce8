// The named-entity recogniser: a greedy left-to-right BILOU sequence labeller
// over an averaged perceptron (nlp/perceptron.h), or with `train ner
// --viterbi` a structured perceptron decoded with Viterbi over label
// bigrams, then a span typer.
//
// Each token gets one of O, B-t, I-t, L-t, U-t for the types t of
// kEntityTypes (nlp/entity_gold.h); decoding only allows valid successions
// (I-t/L-t only after B-t/I-t). Features are lowercase, shape,
// prefixes/suffixes, the ±2 context words and ±1 shapes, the two previous
// predicted labels, a gazetteer-like feature learned from the training data
// (the entity types a lowercased word had there, or "title"), the word's
// casing elsewhere in the document, word clusters learned from unlabelled
// news (of the word and its neighbours), and, if the model was trained with
// them, UPOS/XPOS tags read by name from the Document (docs/entities.md).
//
// Then, per found span: leading titles are cut off (words the gazetteer
// knows as titles, followed by a capitalised word: "Senator Hatfield" →
// "Hatfield"), and a second perceptron, the span typer, chooses the type
// from the whole span, its surroundings and the surroundings of the other
// occurrences of its last word in the document.
//
// Model file (kind "ner"), sections, each starting with a u32 section
// version (kNerSectionVersion):
//   "meta"       flags (bit 0: uses POS tags; bit 1: so does the span typer;
//                bit 2: Viterbi decoding; bit 3: the span typer's context
//                clusters)
//   "labels"     the BILOU label set
//   "gazetteer"  lowercased-word id → code, sorted by id
//   "typer"      u8 1 + the span typer's perceptron, or u8 0 (no typer)
//   "clusters"   WordClusters (may be empty)
//   "weights"    the labeller's perceptron
//
// Thread safety: an EntityModel is immutable after Load/training; the
// component shares it and keeps per-call scratch on the stack of Process.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "eval/conllu.h"
#include "hearsay/document.h"
#include "hearsay/model_file.h"
#include "hearsay/pipeline.h"
#include "nlp/entity_gold.h"
#include "nlp/perceptron.h"
#include "nlp/word_clusters.h"

namespace hearsay::nlp {

// 2: templates dropped, document-casing templates added (a version-1 model
// would load but score other features).
// 3: word-cluster templates, the title code, sections "typer" and
// "clusters"; spans are names without titles (docs/entities.md). Older
// files are refused (kVersionMismatch) with a message naming both versions.
inline constexpr std::uint32_t kNerSectionVersion = 3;

// Word id → gazetteer code (0 = none): 1 + 4 * type + bucket of the share of
// the word's training occurrences inside a named span of that type, or
// kTitleCode.
class Gazetteer {
 public:
  // The code of a title before names ("President", "Dr."), which named
  // spans leave out.
  static constexpr std::uint8_t kTitleCode = 1 + 4 * kEntityTypes.size();
  // Counts from `docs` (gold tokens and spans); words seen inside a span at
  // least `min_count` times are kept. Words GUM attaches as nmod:desc (its
  // relation for titles) at least `min_count` times get kTitleCode instead;
  // with `stopless_titles`, so does a title of up to four letters and a stop
  // written without its stop ("mr" for "mr."), unless it has a code of its
  // own.
  static Gazetteer Build(const std::vector<const eval::ConlluDocument*>& docs, int min_count,
                         bool stopless_titles = false);
  std::uint8_t Lookup(StringId lower_id) const;
  std::size_t size() const { return keys_.size(); }
  void Serialize(ByteWriter* out) const;
  static Result<Gazetteer> Deserialize(ByteReader* in);

 private:
  // Per lowercase word id: occurrences, and occurrences inside a span of
  // each type.
  using WordTypeCounts = std::map<std::uint64_t, std::pair<int, std::array<int, kEntityTypes.size()>>>;
  static Gazetteer FromCounts(const WordTypeCounts& counts, int min_count);

  std::vector<std::uint64_t> keys_;  // sorted
  std::vector<std::uint8_t> codes_;
};

class EntityModel {
 public:
  static Result<std::shared_ptr<const EntityModel>> Load(const std::string& path);
  static Result<std::shared_ptr<const EntityModel>> Parse(std::string image, const std::string& name);
  // The file image with `description` in its header.
  std::string Serialize(const std::string& description) const;
  // Writes the file atomically.
  Status Save(const std::string& path, const std::string& description) const;

  // Whether Label reads POS tags (the labeller's or the span typer's
  // features); the component then requires them.
  bool uses_pos() const { return uses_pos_ || typer_pos_; }
  const LabelSet& labels() const { return labels_; }
  const PerceptronModel& weights() const { return weights_; }
  const Gazetteer& gazetteer() const { return gazetteer_; }
  // Whether the labeller decodes each sentence with Viterbi over label
  // bigrams (trained as a structured perceptron) instead of greedily.
  bool viterbi() const { return viterbi_; }
  // Whether the span typer reads the clusters of the words around the other
  // occurrences of a span's last word (train ner --typer-context-clusters).
  bool typer_context_clusters() const { return typer_context_clusters_; }
  // Derived tables: valid successions ([prev * n + next], row n for the
  // start) and each label's tag ('O', 'B', 'I', 'L', 'U').
  const std::vector<std::uint8_t>& allowed() const { return allowed_; }
  const std::vector<char>& label_tags() const { return label_tag_; }

  // Labels every sentence of `doc` (tokens and sentences filled; POS tags
  // used when the model has them and `doc` does too): sets doc.entity,
  // entity_names, entities and entity_type_names.
  void Label(Document& doc) const;

 private:
  friend class EntityTrainer;
  static Result<std::shared_ptr<const EntityModel>> FromFile(const ModelFile& file, const std::string& name);
  ModelWriter Writer(const std::string& description) const;
  void Init();  // derived tables after labels_ are known

  bool uses_pos_ = false;   // the labeller's POS features
  bool typer_pos_ = false;  // the span typer's XPOS features
  bool viterbi_ = false;    // first-order Viterbi decoding (meta flag bit 2)
  // The span typer's clusters of the words around the other occurrences of
  // a span's last word (meta flag bit 3).
  bool typer_context_clusters_ = false;
  LabelSet labels_;
  Gazetteer gazetteer_;
  WordClusters clusters_;
  PerceptronModel weights_;
  PerceptronModel typer_;  // span types; without classes the labeller's types stand
  // Derived, not stored.
  LabelNames label_names_, type_names_;
  std::vector<std::uint8_t> allowed_;  // [prev * n + next], prev == n for the start
  std::vector<int> label_type_;        // type index or -1 for O
  std::vector<char> label_tag_;        // 'O','B','I','L','U'
  // Scores of the label-only features, [(prev2 + 1) * (n + 1) + prev1 + 1][n].
  std::vector<float> label_scores_;
};

struct EntityTrainOptions {
  int max_epochs = 15;
  int patience = 4;      // stop after this many epochs without a better dev F1
  bool use_pos = false;  // POS features in the labeller
  // With use_pos or typer_pos: the tags to train on, one Document per document of
  // `train` (in its order, the same words; only upos/xpos are read), e.g.
  // JackknifeTag's, so that training tags are as noisy as a tagger's at run
  // time; nullptr: the gold tags. `dev_tags` likewise for `dev` (the
  // tagger's tags, for early stopping as at run time). Not owned; must
  // outlive the call.
  const std::vector<Document>* train_tags = nullptr;
  const std::vector<Document>* dev_tags = nullptr;
  float min_weight = 0.05f;
  int gazetteer_min_count = 2;
  int gazetteer_folds = 5;
  // Gazetteer::Build's stop-less titles ("mr" a title as "mr." is); on in
  // the shipped model (docs/entities.md: +1.2 points over three seeds).
  bool stopless_titles = false;
  std::uint32_t seed = 1;
  // Labellers and typers trained side by side on their own sentence orders
  // and averaged into one model (1: a single model).
  int ensemble = 1;
  // POS features in the span typer (the span's XPOS sequence, the XPOS
  // before and after it); tags as for use_pos.
  bool typer_pos = false;
  // The labeller as a structured perceptron: each sentence decoded with
  // Viterbi over label bigrams and updated as a whole, without the features
  // that pair the previous label with the token (docs/entities.md).
  bool viterbi = false;
  // The span typer also sees the word clusters of the words before and
  // after the other occurrences of a span's last word in the document
  // (docs/entities.md: +1.4 points over three seeds).
  bool typer_context_clusters = false;
  bool verbose = true;  // progress on stderr
  // Use only every n-th training document (tests).
  int train_stride = 1;
  // Word clusters learned from unlabelled text (stored in the model; the
  // shipped model copies the tagger's: `train ner --clusters-from`).
  WordClusters clusters;
  // Train the span typer (EntityModel: typer_) after the labeller, for
  // this many epochs (the one with the best dev F1 is kept).
  bool span_typer = true;
  int typer_epochs = 12;
};

struct EntityTrainReport {
  int best_epoch = 0;
  int best_typer_epoch = 0;  // 0: no span typer (it did not raise dev F1)
  double best_dev_f1 = 0;    // person+organization+place, gold tokens
};

// Trains on `train`, keeps the epoch with the best dev F1.
Result<std::shared_ptr<const EntityModel>> TrainEntityModel(const std::vector<eval::ConlluDocument>& train,
                                                            const std::vector<eval::ConlluDocument>& dev,
                                                            const EntityTrainOptions& options,
                                                            EntityTrainReport* report);

// BILOU labels, numbered as in every "ner" model: 0 = O, then for type t of
// kEntityTypes B-t = 1 + 4t, I-t = 2 + 4t, L-t = 3 + 4t, U-t = 4 + 4t.
LabelSet EntityLabels();
// The label of every token of a `num_tokens`-token text for the sorted,
// non-overlapping `spans`.
std::vector<std::uint16_t> SpansToBilou(const std::vector<EntityMention>& spans, std::uint32_t num_tokens);
// The spans of `labels` within each sentence: B…L and U make a span; a
// mention still open at the end of a sentence (last label B or I) closes
// there; an I or L not continuing an open mention of its type starts one.
// SpansToBilou then BilouToSpans is the identity on spans within sentences.
std::vector<EntityMention> BilouToSpans(const std::vector<std::uint16_t>& labels,
                                        const std::vector<TokenRange>& sentences);

// Gold spans of a CoNLL-U document as token ranges of GoldDocument(doc),
// with types indexing kEntityTypes.
Result<std::vector<EntityMention>> GoldEntities(const eval::ConlluDocument& doc);

// The pipeline component "entities".
class EntityRecognizer final : public Component {
 public:
  explicit EntityRecognizer(std::shared_ptr<const EntityModel> model) : model_(std::move(model)) {}
  // Loads <config.models_dir>/ner.hsm.
  static Result<std::unique_ptr<Component>> Create(const ComponentConfig& config);

  std::string_view name() const override { return "entities"; }
  ColumnSet requires_columns() const override {
    return kColTokens | kColSentences | (model_->uses_pos() ? kColUpos : 0u);
  }
  ColumnSet assigns_columns() const override { return kColEntities; }
  Status Process(Document& doc) const override;

 private:
  std::shared_ptr<const EntityModel> model_;
};

}  // namespace hearsay::nlp
