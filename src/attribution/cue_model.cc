#include "attribution/cue_model.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "attribution/cue_features.h"
#include "attribution/cues.h"
#include "attribution/parse_view.h"
#include "nlp/word_shape.h"

namespace hearsay::attribution {

// ---- features ----

namespace cue_features {
namespace {

using nlp::FeatureKey;
using nlp::MakeFeature;

// Feature templates (numbers are part of the model file: never renumber;
// a change of meaning bumps kCueSectionVersion).
enum Template : std::uint32_t {
  kBias = 0,
  kLower,
  kLemma,
  kSuffix3,
  kUpos,
  kXpos,
  kDeprel,
  kLemmaUpos,
  kLemmaDeprel,
  kXposDeprel,
  kHeadLemma = 10,
  kHeadUpos,
  kDeprelHeadUpos,
  kDeprelHeadLemma,
  kDeprelDirection,
  kHeadLex,
  kChildren = 20,
  kChildrenUpos,
  kLemmaClause,
  kLemmaSubject,
  kLex,
  kLexUpos,
  kLexChildren,
  kLexQuote,
  kQuote = 30,
  kQuoteUpos,
  kQuoteLemma,
  kLowerM1 = 40,
  kLowerP1,
  kLowerM2,
  kLowerP2,
  kLowerM1Lower,
  kLowerLowerP1,
  kLemmaP1,
  kUposM1 = 50,
  kUposP1,
  kUposM2,
  kUposP2,
  kUposTrigram,
  kUposM1Lemma,
  kUposP1Lemma,
  kEntity = 60,
  kEntityM1,
  kEntityP1,
  kPosition = 70,
  kEndPosition,
  kPositionUpos,
  kSentence,
  kSentenceLower,
  kPunctNext,
  kPunctPrev,
  kPrev = 80,
  kPrevLower,
  kPrevUpos,
  kPrevDeprel,
  kPrevLink,
  kHeadLabel,
  kHeadLabelLower,
  kShape = 90,
  kShapeM1,
  kShapeP1,
  kLemmaPrep,
  kUposPrep,
  kCaseGrandHead,
  kLemmaSubjectKind,
  kLexSubjectKind,
  kPunctShapes,
  // Word clusters (only with a model that has them: `train cues
  // --clusters-from`).
  kFine = 100,
  kCoarseUpos,
  kFineDeprel,
  kFineClause,
  kHeadCoarse,
  kCoarseNeighbours,
};

void LowerAscii(std::string_view s, std::string* out) {
  out->assign(s);
  for (char& c : *out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

std::vector<std::uint64_t> NameHashes(const LabelNames& names) {
  std::vector<std::uint64_t> out;
  if (!names) return out;
  out.reserve(names->size());
  for (const std::string& n : *names) out.push_back(HashString(n));
  return out;
}

std::uint64_t LabelHash(const std::vector<std::uint64_t>& hashes, std::uint16_t id) {
  return id < hashes.size() ? hashes[id] : 0;
}

std::uint32_t ChildBitOf(std::string_view rel) {
  if (rel == "ccomp") return kChildCcomp;
  if (rel == "xcomp") return kChildXcomp;
  if (rel == "nsubj" || rel == "csubj") return kChildNsubj;
  if (rel == "nsubj:pass" || rel == "csubj:pass") return kChildNsubjPass;
  if (rel == "obj") return kChildObj;
  if (rel == "iobj") return kChildIobj;
  if (rel == "obl:agent") return kChildAgent;
  if (rel.starts_with("obl")) return kChildObl;
  if (rel == "advcl") return kChildAdvcl;
  if (rel == "parataxis") return kChildParataxis;
  if (rel.starts_with("acl")) return kChildAcl;
  if (rel.starts_with("nmod")) return kChildNmod;
  if (rel == "case") return kChildCase;
  if (rel == "mark") return kChildMark;
  if (rel.starts_with("aux")) return kChildAux;
  if (rel == "cop") return kChildCop;
  return 0;
}

std::uint8_t LexCode(std::string_view lower_lemma) {
  const CueInfo* cue = LookupCue(lower_lemma);
  if (cue == nullptr) return 0;
  return static_cast<std::uint8_t>(1 + static_cast<int>(cue->cue_class) * 4 +
                                   static_cast<int>(cue->frame) * 2 + (cue->needs_clause ? 1 : 0));
}

// 1, 2, 3, 4-6 tokens away; 0 beyond.
std::uint8_t DistanceBucket(std::uint32_t d) {
  return d == 0 ? 0 : d <= 3 ? static_cast<std::uint8_t>(d) : d <= 6 ? 4 : 0;
}

std::uint64_t PositionBucket(std::uint32_t k) {
  return k <= 3 ? k : k <= 5 ? 4 : k <= 9 ? 5 : 6;
}

}  // namespace

Status CheckInput(const Document& doc) {
  const ColumnSet missing = kCueModelColumns & ~doc.filled_columns;
  if (missing != 0)
    return Status(StatusCode::kFailedPrecondition, "cues: document lacks " + ColumnSetName(missing));
  const std::uint32_t n = doc.num_tokens();
  if (doc.upos.size() != n || doc.xpos.size() != n || doc.lemma.size() != n || doc.head.size() != n ||
      doc.deprel.size() != n || doc.entity.size() != n)
    return Status(StatusCode::kFailedPrecondition,
                  "cues: annotation columns differ in length from the tokens");
  for (const TokenRange& sentence : doc.sentences)
    if (sentence.first > sentence.last || sentence.last > n)
      return Status(StatusCode::kFailedPrecondition, "cues: a sentence lies outside the tokens");
  return Status::Ok();
}

void ComputeAtoms(const Document& doc, std::vector<Atoms>* out, const nlp::WordClusters* clusters) {
  const std::uint32_t n = doc.num_tokens();
  const ParseView view(doc);
  const std::vector<std::uint64_t> upos = NameHashes(doc.upos_names), xpos = NameHashes(doc.xpos_names),
                                   deprel = NameHashes(doc.deprel_names),
                                   entity = NameHashes(doc.entity_names);
  // Entity types: the label names without their "B-"/"I-"/"L-"/"U-".
  std::vector<std::uint64_t> entity_type;
  if (doc.entity_names)
    for (const std::string& name : *doc.entity_names)
      entity_type.push_back(name.size() > 2 && name[1] == '-' ? HashString(std::string_view(name).substr(2))
                                                              : 0);
  std::vector<std::uint32_t> child_bit;
  if (doc.deprel_names)
    for (const std::string& name : *doc.deprel_names) child_bit.push_back(ChildBitOf(name));
  out->assign(n, Atoms{});
  std::string lower;
  for (std::uint32_t t = 0; t < n; ++t) {
    Atoms& a = (*out)[t];
    a.shape = nlp::CollapsedShapeId(doc.token_norm(t));
    LowerAscii(doc.token_norm(t), &lower);
    a.lower = HashString(lower);
    if (clusters != nullptr)
      if (const nlp::WordClusters::Entry* e = clusters->Find(a.lower)) {
        a.fine = static_cast<std::uint16_t>(e->fine + 1);
        a.coarse = static_cast<std::uint16_t>(e->coarse + 1);
      }
    a.suffix3 = HashString(std::string_view(lower).substr(lower.size() > 3 ? lower.size() - 3 : 0));
    LowerAscii(doc.strings().Lookup(doc.lemma[t]), &lower);
    a.lemma = HashString(lower);
    a.lex = LexCode(lower);
    a.upos = LabelHash(upos, doc.upos[t]);
    a.xpos = LabelHash(xpos, doc.xpos[t]);
    a.deprel = LabelHash(deprel, doc.deprel[t]);
    a.entity = LabelHash(entity, doc.entity[t]);
    a.entity_type = LabelHash(entity_type, doc.entity[t]);
    a.kind = static_cast<std::uint8_t>(doc.token_kind[t]);
    a.quote = view.quotation_of(t) != kNone ? 1 : 0;
    a.head = doc.head[t];
    if (a.head < 0 || static_cast<std::uint32_t>(a.head) >= n) a.head = kNoHead;
  }
  for (std::uint32_t t = 0; t < n; ++t) {
    Atoms& a = (*out)[t];
    if (a.head == kNoHead) {
      a.head_lemma = 1;
      a.head_upos = 1;
      continue;
    }
    Atoms& h = (*out)[a.head];
    a.head_lemma = h.lemma;
    a.head_upos = h.upos;
    a.head_lex = h.lex;
    a.head_coarse = h.coarse;
    std::uint32_t bit = doc.deprel[t] < child_bit.size() ? child_bit[doc.deprel[t]] : 0;
    const std::string_view text = doc.token_text(t);
    if (text == ":") bit |= kChildColon;
    if (text == "that" || text == "That") bit |= kChildThat;
    h.children |= bit;
    if (bit & (kChildNsubj | kChildNsubjPass)) {
      if (h.subject == 0) h.subject = HashCombine(a.upos, a.entity_type) | 1;
    }
    if ((bit & (kChildCase | kChildMark)) && h.head != kNoHead) {
      a.grand_lemma = (*out)[h.head].lemma;
    }
  }
  // Case markers of dependents to the right: "critique [of] his opponents",
  // "questions [about] X" (the first one wins).
  for (std::uint32_t t = 0; t < n; ++t) {
    const Atoms& a = (*out)[t];
    if (a.head == kNoHead || !(doc.deprel[t] < child_bit.size() && child_bit[doc.deprel[t]] == kChildCase))
      continue;
    const std::int32_t noun = a.head;
    const std::int32_t governor = (*out)[noun].head;
    if (governor == kNoHead || governor >= noun) continue;
    Atoms& g = (*out)[governor];
    if (g.prep == 0) g.prep = a.lemma;
  }
  // Quotations near a token outside them, within its paragraph.
  std::uint32_t last_quoted = 0;
  bool seen = false;
  for (std::uint32_t t = 0; t < n; ++t) {
    if ((*out)[t].quote) {
      last_quoted = t;
      seen = true;
    } else if (seen && view.paragraph_of(last_quoted) == view.paragraph_of(t)) {
      (*out)[t].quote_before = DistanceBucket(t - last_quoted);
    }
  }
  seen = false;
  for (std::uint32_t t = n; t-- > 0;) {
    if ((*out)[t].quote) {
      last_quoted = t;
      seen = true;
    } else if (seen && view.paragraph_of(last_quoted) == view.paragraph_of(t)) {
      (*out)[t].quote_after = DistanceBucket(last_quoted - t);
    }
  }
  for (std::uint32_t s = 0; s < doc.sentences.size(); ++s) {
    const TokenRange r = doc.sentences[s];
    if (r.empty()) continue;
    std::uint8_t bits = 0;
    if (view.paragraph_of(r.first) == 0) bits |= kSentenceInHeadline;
    if (r.first == 0 || view.paragraph_of(r.first - 1) != view.paragraph_of(r.first))
      bits |= kSentenceParagraphFirst;
    std::uint32_t last = r.last - 1;
    while (last > r.first && doc.token_kind[last] == TokenKind::kQuote) --last;
    if (doc.token_text(last) == ":") bits |= kSentenceEndsWithColon;
    for (std::uint32_t t = r.first; t < r.last; ++t)
      if ((*out)[t].quote) {
        bits |= kSentenceHasQuotation;
        break;
      }
    for (std::uint32_t t = r.first; t < r.last && t < n; ++t) (*out)[t].sentence = bits;
  }
}

int Extract(std::span<const Atoms> atoms, TokenRange sentence, std::uint32_t t, const std::uint8_t* labels,
            FeatureKey* f) {
  static const Atoms kPad = [] {
    Atoms a;
    a.lower = a.lemma = a.upos = a.xpos = a.deprel = a.entity = 2;
    a.kind = 0xFF;
    return a;
  }();
  const Atoms& a = atoms[t];
  const Atoms& m1 = t >= sentence.first + 1 ? atoms[t - 1] : kPad;
  const Atoms& m2 = t >= sentence.first + 2 ? atoms[t - 2] : kPad;
  const Atoms& p1 = t + 1 < sentence.last ? atoms[t + 1] : kPad;
  const Atoms& p2 = t + 2 < sentence.last ? atoms[t + 2] : kPad;
  int c = 0;
  // At most 73 features (kMaxFeatures leaves room).
  const auto add = [&](std::uint32_t templ, std::uint64_t x, std::uint64_t y = 0) {
    f[c++] = MakeFeature(templ, x, y);
  };
  const std::uint64_t clause =
      a.children & (kChildCcomp | kChildXcomp | kChildParataxis | kChildThat | kChildColon);
  const std::uint64_t subject = a.children & (kChildNsubj | kChildNsubjPass | kChildAgent);
  const std::uint64_t quote =
      a.quote | (std::uint64_t{a.quote_before} << 1) | (std::uint64_t{a.quote_after} << 4);
  const bool word = a.kind == static_cast<std::uint8_t>(TokenKind::kWord);

  add(kBias, 0);
  add(kLower, a.lower);
  add(kLemma, a.lemma);
  add(kSuffix3, a.suffix3);
  add(kUpos, a.upos);
  add(kXpos, a.xpos);
  add(kDeprel, a.deprel);
  add(kLemmaUpos, a.lemma, a.upos);
  add(kLemmaDeprel, a.lemma, a.deprel);
  add(kXposDeprel, a.xpos, a.deprel);

  add(kHeadLemma, a.head_lemma);
  add(kHeadUpos, a.head_upos);
  add(kDeprelHeadUpos, a.deprel, a.head_upos);
  add(kDeprelHeadLemma, a.deprel, a.head_lemma);
  const std::uint32_t distance =
      a.head == kNoHead ? 0 : (a.head < static_cast<std::int32_t>(t) ? t - a.head : a.head - t);
  add(kDeprelDirection, a.deprel,
      a.head == kNoHead ? 0 : (a.head < static_cast<std::int32_t>(t) ? 1 : 2) * 8 + PositionBucket(distance));
  add(kHeadLex, a.head_lex, a.deprel);

  add(kChildren, a.children);
  add(kChildrenUpos, a.children, a.upos);
  add(kLemmaClause, a.lemma, clause);
  add(kLemmaSubject, a.lemma, subject);
  add(kLex, a.lex);
  add(kLexUpos, a.lex, a.upos);
  add(kLexChildren, a.lex, clause | subject);
  add(kLexQuote, a.lex, quote);

  add(kQuote, quote);
  add(kQuoteUpos, quote, a.upos);
  add(kQuoteLemma, quote, a.lemma);

  add(kLowerM1, m1.lower);
  add(kLowerP1, p1.lower);
  add(kLowerM2, m2.lower);
  add(kLowerP2, p2.lower);
  add(kLowerM1Lower, m1.lower, a.lower);
  add(kLowerLowerP1, a.lower, p1.lower);
  add(kLemmaP1, a.lemma, p1.lemma);

  add(kUposM1, m1.upos);
  add(kUposP1, p1.upos);
  add(kUposM2, m2.upos);
  add(kUposP2, p2.upos);
  add(kUposTrigram, HashCombine(m1.upos, a.upos), p1.upos);
  add(kUposM1Lemma, m1.upos, a.lemma);
  add(kUposP1Lemma, a.lemma, p1.upos);

  add(kEntity, a.entity, a.upos);
  add(kEntityM1, m1.entity, a.lower);
  add(kEntityP1, a.lower, p1.entity);

  const std::uint32_t k = t - sentence.first, to_end = sentence.last - t;
  add(kPosition, PositionBucket(k));
  add(kEndPosition, PositionBucket(to_end));
  add(kPositionUpos, PositionBucket(k), a.upos);
  add(kSentence, a.sentence, a.upos);
  add(kShape, a.shape);
  add(kShapeM1, m1.shape, a.shape);
  add(kShapeP1, a.shape, p1.shape);
  add(kLemmaPrep, a.lemma, a.prep);
  add(kUposPrep, a.upos, a.prep);
  if (a.grand_lemma != 0) add(kCaseGrandHead, a.lemma, a.grand_lemma);
  add(kLemmaSubjectKind, a.lemma, a.subject);
  add(kLexSubjectKind, HashCombine(a.lex, a.upos), a.subject);
  if (a.fine != 0 || a.head_coarse != 0) {
    add(kFine, a.fine);
    add(kCoarseUpos, a.coarse, a.upos);
    add(kFineDeprel, a.fine, a.deprel);
    add(kFineClause, a.fine, clause | subject);
    add(kHeadCoarse, a.head_coarse, a.deprel);
    add(kCoarseNeighbours, HashCombine(m1.coarse, a.coarse), p1.coarse);
  }
  if (!word) {
    add(kPunctShapes, HashCombine(a.lower, m1.shape), HashCombine(p1.shape, p2.shape));
    // Colons of headlines ("Poll: …"), dashes before a name ("…” ― Sonya
    // Herridge") and the like.
    add(kSentenceLower, a.sentence, HashCombine(a.lower, PositionBucket(k)));
    add(kPunctNext, a.lower, HashCombine(p1.upos, p1.entity));
    add(kPunctPrev, a.lower, HashCombine(m1.kind, m1.quote));
  }

  const std::uint64_t prev = t > sentence.first ? labels[t - 1] : 3;
  add(kPrev, prev);
  add(kPrevLower, prev, a.lower);
  add(kPrevUpos, prev, a.upos);
  add(kPrevDeprel, prev, a.deprel);
  // How the token hangs on the one before: its dependent, its head, neither.
  const std::uint64_t link = t == sentence.first                          ? 0
                             : a.head == static_cast<std::int32_t>(t - 1) ? 1
                             : m1.head == static_cast<std::int32_t>(t)    ? 2
                             : a.head != kNoHead && a.head == m1.head     ? 3
                                                                          : 4;
  add(kPrevLink, prev, link);
  // The label already given to the head ("said in a statement": "in" hangs
  // on the cue "said"); 3 = the head is to the right, 4 = root.
  const std::uint64_t head_label =
      a.head == kNoHead ? 4
      : (a.head < static_cast<std::int32_t>(t) && a.head >= static_cast<std::int32_t>(sentence.first))
          ? labels[a.head]
          : 3;
  add(kHeadLabel, head_label, a.deprel);
  add(kHeadLabelLower, head_label, a.lower);
  return c;
}

}  // namespace cue_features

// ---- model ----

namespace {

Status SectionVersion(ByteReader* in, const std::string& name) {
  std::uint32_t v = 0;
  HEARSAY_RETURN_IF_ERROR(in->GetU32(&v));
  if (v != kCueSectionVersion)
    return Status(StatusCode::kVersionMismatch,
                  name + ": cues section version " + std::to_string(v) + ", this build reads version " +
                      std::to_string(kCueSectionVersion) +
                      (v > kCueSectionVersion ? " (upgrade hearsay)" : " (retrain)"));
  return Status::Ok();
}

// Reads section `section` of `file`: its version, one value read by
// `read` (a Deserialize), nothing after it. Errors name the file.
template <typename Read>
auto ReadSection(const ModelFile& file, std::string_view section, const std::string& name, Read read)
    -> decltype(read(static_cast<ByteReader*>(nullptr))) {
  auto in = file.Section(section);
  if (!in.ok()) return in.status();
  HEARSAY_RETURN_IF_ERROR(SectionVersion(&in.value(), name));
  auto value = read(&in.value());
  if (!value.ok()) return Status(value.status().code(), name + ": " + value.status().message());
  HEARSAY_RETURN_IF_ERROR(in->ExpectEnd());
  return value;
}

nlp::LabelSet CueLabels() {
  nlp::LabelSet labels;
  labels.Add("O");
  labels.Add("B");
  labels.Add("I");
  return labels;
}

}  // namespace

Result<std::unique_ptr<CueModel>> CueModel::FromFile(const ModelFile& file, const std::string& name) {
  auto model = std::make_unique<CueModel>();
  auto labels = ReadSection(file, "cues.labels", name, nlp::LabelSet::Deserialize);
  if (!labels.ok()) return labels.status();
  const nlp::LabelSet expected = CueLabels();
  bool same = labels->size() == expected.size();
  for (int y = 0; same && y < expected.size(); ++y) same = labels->Name(y) == expected.Name(y);
  if (!same) return Status(StatusCode::kCorruptModel, name + ": unexpected cue label set (not O, B, I)");

  auto w = ReadSection(file, "cues.weights", name, nlp::PerceptronModel::Deserialize);
  if (!w.ok()) return w.status();
  if (w->num_classes() != kNumCueLabels)
    return Status(StatusCode::kCorruptModel, name + ": weights for " + std::to_string(w->num_classes()) +
                                                 " labels, expected " + std::to_string(kNumCueLabels));
  model->weights_ = std::move(w).value();

  if (file.HasSection("cues.clusters")) {
    auto c = ReadSection(file, "cues.clusters", name, nlp::WordClusters::Deserialize);
    if (!c.ok()) return c.status();
    model->clusters_ = std::move(c).value();
  }
  return model;
}

Result<std::unique_ptr<CueModel>> CueModel::Load(const std::string& path) {
  auto file = ModelFile::Load(path, "cues");
  if (!file.ok()) return file.status();
  return FromFile(file.value(), path);
}

Result<std::unique_ptr<CueModel>> CueModel::Parse(std::string image, const std::string& name) {
  auto file = ModelFile::Parse(std::move(image), name, "cues");
  if (!file.ok()) return file.status();
  return FromFile(file.value(), name);
}

ModelWriter CueModel::Writer(const std::string& description) const {
  ModelWriter writer("cues", description);
  {
    ByteWriter w;
    w.PutU32(kCueSectionVersion);
    CueLabels().Serialize(&w);
    writer.AddSection("cues.labels", w.Release());
  }
  {
    ByteWriter w;
    w.PutU32(kCueSectionVersion);
    weights_.Serialize(&w);
    writer.AddSection("cues.weights", w.Release());
  }
  if (clusters_.size() > 0) {
    ByteWriter w;
    w.PutU32(kCueSectionVersion);
    clusters_.Serialize(&w);
    writer.AddSection("cues.clusters", w.Release());
  }
  return writer;
}

std::string CueModel::Serialize(const std::string& description) const {
  return Writer(description).Serialize();
}

Status CueModel::Save(const std::string& path, const std::string& description) const {
  return Writer(description).WriteFile(path);
}

Status CueModel::Label(const Document& doc, std::vector<std::uint8_t>* labels, float recall_bias,
                       std::vector<float>* margins) const {
  labels->clear();
  if (margins != nullptr) margins->clear();
  HEARSAY_RETURN_IF_ERROR(cue_features::CheckInput(doc));
  const std::uint32_t n = doc.num_tokens();
  labels->assign(n, kCueO);
  if (margins != nullptr) margins->assign(n, 0.0f);
  std::vector<cue_features::Atoms> atoms;
  cue_features::ComputeAtoms(doc, &atoms, &clusters_);
  nlp::FeatureKey features[cue_features::kMaxFeatures];
  for (const TokenRange& sentence : doc.sentences) {
    for (std::uint32_t t = sentence.first; t < sentence.last; ++t) {
      const int count = cue_features::Extract(atoms, sentence, t, labels->data(), features);
      float scores[kNumCueLabels] = {0, 0, 0};
      weights_.Score(std::span<const nlp::FeatureKey>(features, count), scores);
      // I only continues a span: at a sentence start or after O the choice
      // is between O and B.
      const bool open = t > sentence.first && (*labels)[t - 1] != kCueO;
      scores[kCueB] += recall_bias;
      scores[kCueI] += recall_bias;
      if (margins != nullptr) (*margins)[t] = scores[kCueB] - scores[kCueO];
      int best = scores[kCueB] > scores[kCueO] ? kCueB : kCueO;
      if (open && scores[kCueI] > scores[best]) best = kCueI;
      (*labels)[t] = static_cast<std::uint8_t>(best);
    }
  }
  return Status::Ok();
}

Status CueModel::Predict(const Document& doc, std::vector<TokenRange>* cues, float recall_bias) const {
  cues->clear();
  std::vector<std::uint8_t> labels;
  HEARSAY_RETURN_IF_ERROR(Label(doc, &labels, recall_bias));
  *cues = BioToSpans(labels, doc.sentences);
  return Status::Ok();
}

// ---- BIO ----

std::vector<TokenRange> BioToSpans(const std::vector<std::uint8_t>& labels,
                                   const std::vector<TokenRange>& sentences) {
  std::vector<TokenRange> out;
  for (const TokenRange& sentence : sentences) {
    const std::uint32_t end =
        std::min<std::uint32_t>(sentence.last, static_cast<std::uint32_t>(labels.size()));
    bool open = false;
    std::uint32_t first = 0;
    for (std::uint32_t t = sentence.first; t < end; ++t) {
      const std::uint8_t y = labels[t];
      if (open && y != kCueI) {
        out.push_back({first, t});
        open = false;
      }
      if ((y == kCueB || y == kCueI) && !open) {
        open = true;
        first = t;
      }
    }
    if (open) out.push_back({first, end});
  }
  return out;
}

std::vector<std::uint8_t> SpansToBio(const std::vector<TokenRange>& spans, std::uint32_t num_tokens) {
  std::vector<std::uint8_t> out(num_tokens, kCueO);
  for (const TokenRange& s : spans) {
    if (s.empty() || s.last > num_tokens) continue;
    out[s.first] = kCueB;
    for (std::uint32_t t = s.first + 1; t < s.last; ++t) out[t] = kCueI;
  }
  return out;
}

}  // namespace hearsay::attribution
