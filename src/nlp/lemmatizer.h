// Lemmatizer: a lexicon learned from training data plus English inflection
// rules for words the lexicon does not know.
//
// For a token with XPOS tag x the lemma is, first found:
//   1. the lexicon's lemma of (form, x)  — the form as written;
//   2. the lexicon's lemma of (lowercase form, x);
//   3. an irregular form learned from the lexicon as a suffix of the word:
//      "overtook" ends in "took" (VBD → "take"), so its lemma is "overtake";
//   4. the rules (RuleLemma): plural nouns, verb -s/-ed/-ing with consonant
//      undoubling and e-restoration, comparatives and superlatives; a stem
//      is checked against the lemmas seen in training to choose between
//      "hop"/"hope" and the like.
// Lemmas are interned in the Document's StringStore (Document::lemma).
//
// Model file (kind "lemmatizer", models/lemmatizer.hsm), sections:
//   "lemmatizer.meta"     u32 section version (kLemmatizerSectionVersion)
//   "lemmatizer.xpos"     the XPOS tags the lexicon knows (LabelSet)
//   "lemmatizer.lexicon"  u64 count, then per entry u64 key, u32 lemma offset,
//                         u32 lemma length | kIrregularBit; then the lemma
//                         bytes (a string)
//   "lemmatizer.known"    sorted u64 HashString ids of known lemmas
// A file whose section version differs is refused with kVersionMismatch.
//
// Thread safety: immutable after loading; share freely.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "eval/conllu.h"
#include "hearsay/model_file.h"
#include "hearsay/pipeline.h"
#include "nlp/perceptron.h"

namespace hearsay::nlp {

inline constexpr std::uint32_t kLemmatizerSectionVersion = 1;

// The rule lemma of `form` tagged `xpos` (PTB). `known(lemma)` says whether
// a candidate stem is a lemma seen in training (may be empty: no check).
std::string RuleLemma(std::string_view form, std::string_view xpos,
                      const std::function<bool(std::string_view)>& known);

class LemmatizerModel {
 public:
  struct Entry {
    std::string form;  // as written, or lowercased for the fallback table
    bool lowercase;    // an entry of the (lowercase form, XPOS) table
    std::string xpos;
    std::string lemma;
  };
  // Builds the tables; entries whose lemma the rules already give are kept
  // too (the lexicon is small), and flagged irregular when they are not.
  static Result<LemmatizerModel> Create(const std::vector<Entry>& entries,
                                        const std::vector<std::string>& known);
  static Result<LemmatizerModel> Load(const std::string& path);
  static Result<LemmatizerModel> FromFile(const ModelFile& file, const std::string& name);
  ModelWriter ToWriter(const std::string& description) const;

  // The lemma of `form` (the token as written) tagged with the model's XPOS
  // index `xpos` (-1: unknown tag, rules only). The result views either the
  // model or *scratch.
  std::string_view Lemmatize(std::string_view form, int xpos, std::string_view xpos_name,
                             std::string* scratch) const;
  int XposIndex(std::string_view name) const { return xpos_.Find(name); }
  std::size_t lexicon_size() const { return num_entries_; }
  bool IsKnownLemma(std::string_view lemma) const;

 private:
  struct Slot {
    std::uint64_t key;  // 0 = empty
    std::uint32_t offset;
    std::uint32_t length;  // | kIrregularBit
  };
  static constexpr std::uint32_t kIrregularBit = 0x80000000u;
  static Result<LemmatizerModel> FromParts(LabelSet xpos, std::vector<Slot> entries, std::string blob,
                                           std::vector<std::uint64_t> known);
  const Slot* Find(std::uint64_t key) const;

  LabelSet xpos_;
  std::vector<Slot> slots_;    // open addressing over the entries
  std::vector<Slot> entries_;  // sorted by key, for saving
  std::size_t num_entries_ = 0;
  std::string blob_;                  // lemma bytes
  std::vector<std::uint64_t> known_;  // sorted
};

// The "lemmatizer" pipeline component: requires upos and xpos, assigns lemma.
class Lemmatizer final : public Component {
 public:
  explicit Lemmatizer(std::shared_ptr<const LemmatizerModel> model) : model_(std::move(model)) {}
  // Loads <models_dir>/lemmatizer.hsm.
  static Result<std::unique_ptr<Component>> Create(const ComponentConfig& config);

  std::string_view name() const override { return "lemmatizer"; }
  ColumnSet requires_columns() const override { return kColTokens | kColUpos | kColXpos; }
  ColumnSet assigns_columns() const override { return kColLemma; }
  Status Process(Document& doc) const override;

 private:
  std::shared_ptr<const LemmatizerModel> model_;
};

struct LemmatizerTrainResult {
  LemmatizerModel model;
  double dev_accuracy = 0;  // with gold tags
};

// Builds the lexicon from `train` and scores it on `dev` with gold tags.
Result<LemmatizerTrainResult> TrainLemmatizer(const std::vector<eval::ConlluDocument>& train,
                                              const std::vector<eval::ConlluDocument>& dev,
                                              const std::function<void(const std::string&)>& progress);

}  // namespace hearsay::nlp
