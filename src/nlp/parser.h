// Dependency parser: greedy arc-eager transitions scored by an averaged
// perceptron over Zhang & Nivre (2011) feature templates, trained with the
// dynamic oracle of Goldberg & Nivre (2012, 2013).
//
// The parser fills Document::head and Document::deprel (kColHead) for every
// sentence of a Document whose tokens, sentences and part-of-speech tags are
// known. Tags are read by NAME through doc.xpos_names / doc.upos_names, so
// the parser works with whatever label ids the tagger that filled them uses;
// names are mapped to the parser's own feature ids once per document.
// Relations are UD's full labels as GUM writes them, subtypes included
// (nsubj:pass, obl:tmod, acl:relcl, ...); deprel ids index the model's label
// table, shared with the Document through doc.deprel_names.
//
// Non-projective training trees are projectivised by lifting (see
// Projectivize); the parser itself only builds projective trees.
//
// Model file: kind "parser", sections "parser.meta" (section layout
// version, kParserSectionVersion, and the number of feature templates),
// "parser.deprels", "parser.tags" (XPOS), "parser.upos", "parser.clusters"
// (WordClusters, a copy of the tagger's at training time; may be empty) and
// "parser.weights". A file whose meta version differs is refused with
// kVersionMismatch.
//
// Thread safety: a ParserModel and the Parser component are immutable after
// loading and may be shared by many threads; each Process call keeps its
// scratch (the parse state, feature buffer, scores) on its own stack frame.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "eval/conllu.h"
#include "hearsay/document.h"
#include "hearsay/model_file.h"
#include "hearsay/pipeline.h"
#include "hearsay/status.h"
#include "nlp/perceptron.h"
#include "nlp/word_clusters.h"

namespace hearsay::nlp {

// 2: UPOS and word-cluster features, sections "parser.upos" and
// "parser.clusters".
inline constexpr std::uint32_t kParserSectionVersion = 2;
inline constexpr std::string_view kParserKind = "parser";

// ---------------------------------------------------------------------------
// The arc-eager transition system (Nivre 2003, 2008) over one sentence of n
// words numbered 1..n; 0 is the artificial root, which starts on the stack.
//   SHIFT        push the buffer front b
//   REDUCE       pop the stack top s (s must have a head)
//   LEFT-ARC(l)  s <-l- b, pop s (s must have no head and not be the root)
//   RIGHT-ARC(l) s -l-> b, push b
// The root takes one dependent (label "root"); words left without a head at
// the end are attached to that dependent (or the first becomes it).
enum Move : std::uint8_t { kShift = 0, kReduce = 1, kLeftArc = 2, kRightArc = 3 };

// Transition classes: 0 SHIFT, 1 REDUCE, 2 + 2l LEFT-ARC(l), 3 + 2l RIGHT-ARC(l).
inline int NumClasses(int num_labels) {
  return 2 + 2 * num_labels;
}
inline Move MoveOf(int cls) {
  return cls < 2 ? static_cast<Move>(cls) : static_cast<Move>(2 + (cls & 1));
}
inline int LabelOf(int cls) {
  return cls < 2 ? -1 : (cls - 2) / 2;
}
inline int ClassOf(Move move, int label) {
  return move < 2 ? move : 2 + 2 * label + (move - 2);
}

// A parser configuration plus the structure its features look at. Buffers
// are sized once per sentence (Reset) and reused: applying a transition never
// allocates.
class ArcEagerState {
 public:
  static constexpr int kNone = -1;

  // Starts a sentence of n words; `root_label` is the id of "root" (-1 if
  // the label set has none: then the root takes any label).
  void Reset(int n, int root_label);

  int n() const { return n_; }
  bool terminal() const { return b_ > n_ && unshifted_ == kNone; }
  int stack_size() const { return static_cast<int>(stack_.size()); }
  // i-th item from the top (0 = top), or kNone.
  int Stack(int i) const { return i < stack_size() ? stack_[stack_.size() - 1 - i] : kNone; }
  // i-th buffer item (0 = front), or kNone.
  int Buffer(int i) const {
    if (unshifted_ != kNone) return i == 0 ? unshifted_ : kNone;
    return b_ + i <= n_ ? b_ + i : kNone;
  }
  bool InStack(int k) const { return in_stack_[k] != 0; }
  int head(int k) const { return head_[k]; }
  int label(int k) const { return label_[k]; }
  int leftmost(int k) const { return left1_[k]; }
  int leftmost2(int k) const { return left2_[k]; }
  int rightmost(int k) const { return right1_[k]; }
  int rightmost2(int k) const { return right2_[k]; }
  int left_valency(int k) const { return left_count_[k]; }
  int right_valency(int k) const { return right_count_[k]; }
  // Labels of k's left/right dependents as a bit set (label id mod 64).
  std::uint64_t left_labels(int k) const { return left_labels_[k]; }
  std::uint64_t right_labels(int k) const { return right_labels_[k]; }

  // Whether the move is allowed here for some label.
  bool CanApply(Move move) const;
  // Whether the move with `label` (ignored for SHIFT and REDUCE) is allowed:
  // the root's one arc is labelled "root", no other arc is.
  bool CanApply(Move move, int label) const {
    if (!CanApply(move)) return false;
    if (move < kLeftArc || root_label_ < 0) return true;
    return (move == kRightArc && stack_.back() == 0) == (label == root_label_);
  }
  bool CanApply(int cls) const { return CanApply(MoveOf(cls), LabelOf(cls)); }
  // Applies an allowed move.
  void Apply(Move move, int label);
  void Apply(int cls) { Apply(MoveOf(cls), LabelOf(cls)); }
  // Once the buffer is empty (Nivre & Fernandez-Gonzalez 2014, "Arc-eager
  // parsing with the tree constraint"): pops the words on top of the stack
  // that have a head; if the top then has none and is not the root, moves it
  // back to the front of the buffer, where a word below it on the stack can
  // take it as a right dependent (RIGHT-ARC) or it can take that word as a
  // left dependent (LEFT-ARC); SHIFT stays disallowed. Returns false (and
  // does nothing) unless a word was moved. Parsing only: the training oracle
  // never unshifts, and TransitionCost knows nothing of it.
  bool Unshift();
  // At the end: gives every word still without a head one (see above);
  // `fallback_label` labels those attached to the root's dependent.
  void Finish(int fallback_label);

 private:
  void AddArc(int h, int d, int label);

  int n_ = 0;
  int b_ = 1;
  int unshifted_ = kNone;  // the buffer's only word after Unshift, or kNone
  int root_label_ = -1;
  std::vector<int> stack_;
  std::vector<std::uint8_t> in_stack_;
  std::vector<int> head_, label_, left1_, left2_, right1_, right2_, left_count_, right_count_;
  std::vector<std::uint64_t> left_labels_, right_labels_;
};

// The dynamic oracle: how many gold arcs become unreachable if `move` (with
// `label`) is applied in `state` (Goldberg & Nivre 2012, arc-eager; exact for
// projective gold trees). `gold_head[k]` (0 = root) and `gold_label[k]` for
// k = 1..n; index 0 unused.
int TransitionCost(const ArcEagerState& state, Move move, int label, const std::vector<int>& gold_head,
                   const std::vector<int>& gold_label);

// True if no two arcs of the tree cross (heads 0..n, gold_head[0] unused).
bool IsProjective(const std::vector<int>& heads);
// Makes `heads` projective by lifting (Nivre & Nilsson 2005, without label
// encoding): while some arc crosses another, the shortest such arc h -> d is
// replaced by head(h) -> d. Labels are kept. Returns the number of words
// whose head changed.
int Projectivize(std::vector<int>* heads);

// ---------------------------------------------------------------------------
// Per-word feature atoms, computed once per sentence.
struct WordAtoms {
  std::uint64_t word = 0;      // hash of the lower-cased norm
  std::uint64_t word_tag = 0;  // word and tag combined
  std::uint32_t tag = 0;       // parser XPOS id (kTag* for specials)
  std::uint32_t upos = 0;      // parser UPOS id (kTag* for specials)
  std::uint32_t cluster = 0;   // fine word cluster (kNoCluster: none; specials for root/absent)
  std::uint32_t coarse = 0;    // coarse word cluster
};

// Number of feature templates (FeatureExtractor fills exactly this many).
inline constexpr int kNumParserFeatures = 94;

// The feature keys of `state` over `atoms` (index 0 = root), into `out`
// (kNumParserFeatures entries).
void ExtractFeatures(const ArcEagerState& state, const WordAtoms* atoms, FeatureKey* out);

// ---------------------------------------------------------------------------
// A clause whose subject is the relative pronoun "who" or "which" is a
// relative clause (acl:relcl) of the noun before the pronoun ("diplomats,
// who accused the authors of …"). The greedy parser sometimes hangs it on the
// main verb as a parataxis instead, which reads downstream as though it
// reported the main clause. Moves such arcs in doc.head / doc.deprel (labels
// by doc.deprel_names) where the tree stays projective; ParseDocument calls
// it last.
void AttachRelativeClauses(Document& doc);

class ParserModel {
 public:
  ParserModel() = default;
  // `tags` are XPOS names, `upos` UPOS names; `clusters` (may be empty) are
  // looked up by the lower-cased word, as the tagger's are.
  ParserModel(LabelSet deprels, LabelSet tags, LabelSet upos, WordClusters clusters, PerceptronModel weights);

  static Result<ParserModel> Load(const std::string& path);
  // Checks an in-memory model file image; `name` appears in messages.
  static Result<ParserModel> FromImage(std::string image, const std::string& name);
  static Result<ParserModel> FromFile(const ModelFile& file, const std::string& name);
  // The complete model file (kind "parser") with `description`.
  std::string Serialize(const std::string& description) const;
  // Writes the model file atomically.
  Status Save(const std::string& path, const std::string& description) const;

  const LabelSet& deprels() const { return deprels_; }
  const LabelSet& tags() const { return tags_; }
  const LabelSet& upos() const { return upos_; }
  const WordClusters& clusters() const { return clusters_; }
  const PerceptronModel& weights() const { return weights_; }
  const LabelNames& deprel_names() const { return deprel_names_; }
  int root_label() const { return root_label_; }
  int fallback_label() const { return fallback_label_; }

  // doc.xpos / doc.upos id -> parser tag id, by name (a name the model
  // never saw maps to "unknown").
  struct TagMap {
    std::vector<std::uint32_t> xpos, upos;
  };
  TagMap MapTags(const Document& doc) const;
  // Fills atoms[0..n] (0 = root) for the tokens [first, first + n) of
  // `doc`, with tags mapped through `tag_map` (MapTags).
  void ComputeAtoms(const Document& doc, std::uint32_t first, int n, const TagMap& tag_map,
                    WordAtoms* atoms) const;

  // Parses the tokens [first, first + n) of `doc` into heads (sentence
  // relative: 0 = root) and labels, reusing the caller's buffers.
  //
  // Transitions are scored with integer sums of the model's weights
  // (PerceptronModel::ScoreRaw), so the sum over a group of templates can
  // be kept and reused while the part of the configuration they read stays
  // the same: the templates of the buffer front, its next two words and
  // its left children (unchanged by REDUCE), and those of the stack top,
  // its head, its head's head and its left children (unchanged until the
  // top changes, and the same again when a word becomes the top once more
  // after its right dependents are reduced). About a third fewer weight
  // lookups; the parse is the one scoring every template each time would
  // give (`memoize` = false, for tests).
  struct Scratch {
    ArcEagerState state;
    std::vector<WordAtoms> atoms;
    std::vector<std::int32_t> sums;           // the transition's class scores
    std::vector<std::int32_t> buffer_sums;    // the buffer group's, for buffer_key
    std::array<int, 4> buffer_key{};          // n0, n1, n2, left children of n0 (n0 = -2: none)
    std::vector<std::int32_t> top_sums;       // the stack-top group's, per word (n + 1 rows)
    std::vector<std::array<int, 3>> top_key;  // per word: head, head's head, left children ([0] = -2: none)
    bool memoize = true;
  };
  void ParseSentence(const Document& doc, TokenRange sentence, const TagMap& tag_map, Scratch* scratch) const;
  // Parses every sentence of `doc` into doc.head / doc.deprel.
  void ParseDocument(Document& doc) const;

 private:
  ModelWriter Writer(const std::string& description) const;

  LabelSet deprels_;
  LabelSet tags_;
  LabelSet upos_;
  WordClusters clusters_;
  PerceptronModel weights_;
  LabelNames deprel_names_;
  int root_label_ = -1;
  int fallback_label_ = 0;
};

// The pipeline component "parser": requires tokens, sentences, upos, xpos;
// assigns kColHead (head + deprel).
class Parser final : public Component {
 public:
  explicit Parser(std::shared_ptr<const ParserModel> model) : model_(std::move(model)) {}
  // Loads <models_dir>/parser.hsm.
  static Result<std::unique_ptr<Component>> Create(const ComponentConfig& config);

  std::string_view name() const override { return "parser"; }
  ColumnSet requires_columns() const override { return kColTokens | kColSentences | kColUpos | kColXpos; }
  ColumnSet assigns_columns() const override { return kColHead; }
  Status Process(Document& doc) const override;

  const ParserModel& model() const { return *model_; }

 private:
  std::shared_ptr<const ParserModel> model_;
};

// ---------------------------------------------------------------------------
// Training and evaluation on CoNLL-U.

// A Document over the gold tokens and sentences of `cdoc` with its gold UPOS
// and XPOS filled (label tables built from the document's own tags), as a
// tagger would leave it.
Document GoldTaggedDocument(const eval::ConlluDocument& cdoc);

struct ParserTrainOptions {
  int max_epochs = 15;
  int patience = 3;                     // stop after this many epochs without a better dev LAS
  int exploration_epoch = 1;            // from this epoch (0-based) on, follow the model's mistakes
  double exploration_p = 0.9;           // ... with this probability (Goldberg & Nivre 2013)
  float min_weight = 0.05f;             // prune averaged weights smaller than this
  std::uint32_t min_feature_count = 2;  // train only features seen this often on the oracle's path
  std::uint64_t seed = 20240601;
  // Word clusters copied into the model for its cluster features (the
  // tagger's: TaggerModel::clusters()); null: none, those features only see
  // "no cluster".
  const WordClusters* clusters = nullptr;
  bool verbose = true;  // progress on stderr
};

struct ParseScores {
  std::size_t gold_words = 0;       // gold words
  std::size_t predicted_words = 0;  // system words (= gold on gold tokens)
  std::size_t head_correct = 0;
  std::size_t labelled_correct = 0;
  std::size_t label_correct = 0;  // deprel right whatever the head
  double uas() const { return Ratio(head_correct); }
  double las() const { return Ratio(labelled_correct); }
  double label_accuracy() const { return Ratio(label_correct); }
  // F1 of (word, head) / (word, head, label): equals UAS/LAS on gold tokens.
  double uas_f1() const { return F1(head_correct); }
  double las_f1() const { return F1(labelled_correct); }

 private:
  double Ratio(std::size_t c) const { return gold_words ? static_cast<double>(c) / gold_words : 0; }
  double F1(std::size_t c) const {
    return gold_words + predicted_words ? 2.0 * c / static_cast<double>(gold_words + predicted_words) : 0;
  }
};

struct ParserTrainReport {
  int best_epoch = 0;  // 1-based
  ParseScores best_dev;
  int epochs_run = 0;
  std::size_t train_sentences = 0, train_words = 0;
  std::size_t nonprojective_sentences = 0, lifted_arcs = 0;
  double seconds = 0;
};

// Trains on the gold trees of `train`, keeping the epoch with the best LAS
// on `dev`. The features read tags (and words) from `train_tagged` and
// `dev_tagged`: one Document per CoNLL-U document, over its gold tokens
// (eval::GoldDocument or eval::TaggingGoldDocument) with upos and xpos
// filled, by a tagger (jackknifed for train: JackknifeTag) or from gold.
Result<ParserModel> TrainParser(const std::vector<eval::ConlluDocument>& train,
                                const std::vector<Document>& train_tagged,
                                const std::vector<eval::ConlluDocument>& dev,
                                const std::vector<Document>& dev_tagged, const ParserTrainOptions& options,
                                ParserTrainReport* report);
// The same on gold tags (GoldTaggedDocument) for train and dev.
Result<ParserModel> TrainParser(const std::vector<eval::ConlluDocument>& train,
                                const std::vector<eval::ConlluDocument>& dev,
                                const ParserTrainOptions& options, ParserTrainReport* report);

// Scores `predicted` (parsed over the gold tokens of `gold`) against gold,
// punctuation included (as in CoNLL 2018).
void ScoreGoldTokens(const eval::ConlluDocument& gold, const Document& predicted, ParseScores* scores);
// Scores a Document parsed end to end from the rebuilt raw text: a predicted
// word counts only if its span equals a gold word's (AlignToGold) and its
// head is the word aligned to the gold head (or both are roots).
void ScoreEndToEnd(const eval::ConlluDocument& gold, const eval::RebuiltText& rebuilt,
                   const Document& predicted, ParseScores* scores);
// Parses and scores every document of `gold` on gold tokens and gold tags.
ParseScores EvaluateGoldTokens(const ParserModel& model, const std::vector<eval::ConlluDocument>& gold);
// Parses a copy of each `tagged[i]` (gold tokens of gold[i], tags filled)
// and scores it against gold[i].
ParseScores EvaluateTagged(const ParserModel& model, const std::vector<eval::ConlluDocument>& gold,
                           const std::vector<Document>& tagged);

}  // namespace hearsay::nlp
