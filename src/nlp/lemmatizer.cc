#include "nlp/lemmatizer.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace hearsay::nlp {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

bool IsConsonant(char c) {
  return c >= 'a' && c <= 'z' && !IsVowel(c);
}

// Stems that, lacking other evidence, take a final e back: hav-ing, caus-ed,
// handl-ed, migrat-ed, judg-ed.
bool WantsE(std::string_view stem) {
  const std::size_t n = stem.size();
  if (n < 2) return false;
  const char a = stem[n - 2], b = stem[n - 1];
  if (b == 'v' || b == 'u' || b == 'c') return true;
  if (b == 'z' && a != 'z') return true;
  if (b == 'l' && IsConsonant(a) && a != 'l' && a != 'r') return true;
  if (b == 's' && (IsConsonant(a) || a == 'o') && a != 's') return true;
  if (b == 'g' && (a == 'd' || a == 'r')) return true;
  if (n >= 3 && a == 'a' && b == 't' && IsConsonant(stem[n - 3])) return true;
  return false;
}

// The stem of an inflected form once the ending is cut: known stems first,
// then undoubling (stopp → stop) and e-restoration (creat → create).
std::string ChooseStem(std::string stem, const std::function<bool(std::string_view)>& known) {
  const std::size_t n = stem.size();
  if (n == 0) return stem;
  const bool doubled = n >= 2 && stem[n - 1] == stem[n - 2] && IsConsonant(stem[n - 1]);
  if (known) {
    if (known(stem)) return stem;
    if (known(stem + "e")) return stem + "e";
    if (doubled && known(std::string_view(stem).substr(0, n - 1))) return stem.substr(0, n - 1);
  }
  if (doubled && std::string_view("lsfz").find(stem[n - 1]) == std::string_view::npos)
    return stem.substr(0, n - 1);
  if (WantsE(stem)) return stem + "e";
  return stem;
}

std::string NounSingular(const std::string& w, const std::function<bool(std::string_view)>& known) {
  const std::string_view v(w);
  const std::size_t n = w.size();
  if (n <= 3 || !v.ends_with('s')) return w;
  if (v.ends_with("ies") && n > 4) return w.substr(0, n - 3) + "y";
  if (v.ends_with("sses") || v.ends_with("shes") || v.ends_with("ches") || v.ends_with("xes") ||
      v.ends_with("zzes"))
    return w.substr(0, n - 2);
  if (v.ends_with("ves") && known) {
    for (const char* ending : {"f", "fe"}) {
      const std::string stem = w.substr(0, n - 3) + ending;
      if (known(stem)) return stem;
    }
  }
  if (v.ends_with("oes") && known && known(v.substr(0, n - 2))) return w.substr(0, n - 2);
  if (v.ends_with("ss") || v.ends_with("us") || v.ends_with("is")) return w;
  return w.substr(0, n - 1);
}

}  // namespace

std::string RuleLemma(std::string_view form, std::string_view xpos,
                      const std::function<bool(std::string_view)>& known) {
  int uppers = 0, lowers = 0;
  for (char c : form) {
    uppers += c >= 'A' && c <= 'Z';
    lowers += c >= 'a' && c <= 'z';
  }
  if (xpos == "NNP") return std::string(form);
  // Acronyms keep their case (DNA, CEO); so do capitalised adjectives
  // (nationalities: American, French).
  if (uppers >= 2 && lowers == 0 && (xpos == "NN" || xpos == "CD" || xpos == "FW")) return std::string(form);
  if (xpos == "JJ" && uppers >= 1 && form.size() > 0 && form[0] >= 'A' && form[0] <= 'Z')
    return std::string(form);
  if (xpos == "NNPS") return NounSingular(std::string(form), nullptr);
  if (uppers >= 2 && lowers <= 1 && xpos == "NNS" && form.ends_with('s'))
    return std::string(form.substr(0, form.size() - 1));  // CEOs → CEO
  const std::string w = Lower(form);
  const std::string_view v(w);
  const std::size_t n = w.size();
  if (xpos == "NNS") return NounSingular(w, known);
  if (xpos == "VBZ") {
    if (n <= 2 || !v.ends_with('s')) return w;
    if (v.ends_with("ies") && n > 4) return w.substr(0, n - 3) + "y";
    if (v.ends_with("sses") || v.ends_with("shes") || v.ends_with("ches") || v.ends_with("xes") ||
        v.ends_with("zes") || v.ends_with("oes")) {
      const std::string stem = w.substr(0, n - 2);
      if (known && !known(stem) && known(w.substr(0, n - 1))) return w.substr(0, n - 1);  // uses → use
      return stem;
    }
    if (v.ends_with("ss")) return w;
    return w.substr(0, n - 1);
  }
  if (xpos == "VBD" || xpos == "VBN") {
    if (n <= 3 || !v.ends_with("ed")) return w;
    if (v.ends_with("ied") && n > 4) return w.substr(0, n - 3) + "y";
    if (v.ends_with("eed") && known && known(v.substr(0, n - 1))) return w.substr(0, n - 1);  // freed → free
    return ChooseStem(w.substr(0, n - 2), known);
  }
  if (xpos == "VBG") {
    if (n <= 4 || !v.ends_with("ing")) return w;
    if (v.ends_with("ying") && n > 5 && known && known(w.substr(0, n - 4) + "ie"))
      return w.substr(0, n - 4) + "ie";
    return ChooseStem(w.substr(0, n - 3), known);
  }
  if (xpos == "JJR" || xpos == "RBR" || xpos == "JJS" || xpos == "RBS") {
    const std::string_view ending = (xpos == "JJR" || xpos == "RBR") ? "er" : "est";
    if (n <= ending.size() + 2 || !v.ends_with(ending)) return w;
    std::string stem = w.substr(0, n - ending.size());
    if (stem.back() == 'i') return stem.substr(0, stem.size() - 1) + "y";  // happier → happy
    if (known && known(stem)) return stem;
    if (known && known(stem + "e")) return stem + "e";
    const std::size_t m = stem.size();
    if (m >= 2 && stem[m - 1] == stem[m - 2] && IsConsonant(stem[m - 1]) && stem[m - 1] != 'l')
      return stem.substr(0, m - 1);  // bigger → big
    return stem;
  }
  return w;
}

// ---- LemmatizerModel ----

namespace {

std::uint64_t LexiconKey(std::string_view form, int xpos, bool lowercase) {
  const std::uint64_t key =
      HashCombine(HashCombine(HashString(form), static_cast<std::uint64_t>(xpos + 1)), lowercase ? 2 : 1);
  return key == 0 ? 1 : key;
}

// Irregular forms lend their lemma to longer words ending in them
// (under|took); shorter ones (led, fed) would misfire on regular words.
constexpr std::size_t kMinIrregularSuffix = 4;
constexpr std::size_t kMinIrregularPrefix = 2;

}  // namespace

bool LemmatizerModel::IsKnownLemma(std::string_view lemma) const {
  return std::binary_search(known_.begin(), known_.end(), HashString(lemma));
}

const LemmatizerModel::Slot* LemmatizerModel::Find(std::uint64_t key) const {
  if (slots_.empty()) return nullptr;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = key & mask;; i = (i + 1) & mask) {
    if (slots_[i].key == key) return &slots_[i];
    if (slots_[i].key == 0) return nullptr;
  }
}

Result<LemmatizerModel> LemmatizerModel::Create(const std::vector<Entry>& entries,
                                                const std::vector<std::string>& known) {
  LabelSet xpos;
  std::set<std::string> tags;
  for (const Entry& e : entries) tags.insert(e.xpos);
  for (const std::string& t : tags) xpos.Add(t);
  std::vector<std::uint64_t> known_ids;
  for (const std::string& k : known) known_ids.push_back(HashString(k));
  std::sort(known_ids.begin(), known_ids.end());
  known_ids.erase(std::unique(known_ids.begin(), known_ids.end()), known_ids.end());
  auto is_known = [&](std::string_view s) {
    return std::binary_search(known_ids.begin(), known_ids.end(), HashString(s));
  };
  // Lemma strings are stored once each.
  std::map<std::string, std::uint32_t> offsets;
  std::string blob;
  std::vector<Slot> slots;
  for (const Entry& e : entries) {
    auto [it, added] = offsets.emplace(e.lemma, static_cast<std::uint32_t>(blob.size()));
    if (added) blob += e.lemma;
    std::uint32_t length = static_cast<std::uint32_t>(e.lemma.size());
    if (e.lowercase && RuleLemma(e.form, e.xpos, is_known) != e.lemma) length |= kIrregularBit;
    slots.push_back({LexiconKey(e.form, xpos.Find(e.xpos), e.lowercase), it->second, length});
  }
  return FromParts(std::move(xpos), std::move(slots), std::move(blob), std::move(known_ids));
}

Result<LemmatizerModel> LemmatizerModel::FromParts(LabelSet xpos, std::vector<Slot> entries, std::string blob,
                                                   std::vector<std::uint64_t> known) {
  LemmatizerModel m;
  std::sort(entries.begin(), entries.end(), [](const Slot& a, const Slot& b) { return a.key < b.key; });
  std::size_t size = 16;
  while (size < entries.size() * 2) size *= 2;
  m.slots_.assign(size, Slot{0, 0, 0});
  for (const Slot& e : entries) {
    if (e.key == 0 || std::uint64_t{e.offset} + (e.length & ~kIrregularBit) > blob.size())
      return Status(StatusCode::kCorruptModel, "lemmatizer lexicon: entry out of range");
    std::size_t i = e.key & (size - 1);
    while (m.slots_[i].key != 0 && m.slots_[i].key != e.key) i = (i + 1) & (size - 1);
    if (m.slots_[i].key == e.key)
      return Status(StatusCode::kCorruptModel, "lemmatizer lexicon: duplicate entry");
    m.slots_[i] = e;
  }
  if (!std::is_sorted(known.begin(), known.end()))
    return Status(StatusCode::kCorruptModel, "lemmatizer: known lemmas not sorted");
  m.xpos_ = std::move(xpos);
  m.num_entries_ = entries.size();
  m.entries_ = std::move(entries);
  m.blob_ = std::move(blob);
  m.known_ = std::move(known);
  return m;
}

ModelWriter LemmatizerModel::ToWriter(const std::string& description) const {
  ModelWriter writer("lemmatizer", description);
  ByteWriter meta;
  meta.PutU32(kLemmatizerSectionVersion);
  writer.AddSection("lemmatizer.meta", meta.Release());
  ByteWriter xpos;
  xpos_.Serialize(&xpos);
  writer.AddSection("lemmatizer.xpos", xpos.Release());
  ByteWriter lexicon;
  lexicon.PutU64(entries_.size());
  for (const Slot& e : entries_) {
    lexicon.PutU64(e.key);
    lexicon.PutU32(e.offset);
    lexicon.PutU32(e.length);
  }
  lexicon.PutString(blob_);
  writer.AddSection("lemmatizer.lexicon", lexicon.Release());
  ByteWriter known;
  known.PutVector(known_);
  writer.AddSection("lemmatizer.known", known.Release());
  return writer;
}

Result<LemmatizerModel> LemmatizerModel::FromFile(const ModelFile& file, const std::string& name) {
  auto fail = [&](const Status& s) { return Status(s.code(), name + ": " + s.message()); };
  auto meta = file.Section("lemmatizer.meta");
  if (!meta.ok()) return fail(meta.status());
  std::uint32_t version = 0;
  if (Status s = meta->GetU32(&version); !s.ok()) return fail(s);
  if (version != kLemmatizerSectionVersion)
    return Status(StatusCode::kVersionMismatch, name + ": lemmatizer sections are version " +
                                                    std::to_string(version) + "; this build reads version " +
                                                    std::to_string(kLemmatizerSectionVersion));
  auto xpos_reader = file.Section("lemmatizer.xpos");
  if (!xpos_reader.ok()) return fail(xpos_reader.status());
  auto xpos = LabelSet::Deserialize(&xpos_reader.value());
  if (!xpos.ok()) return fail(xpos.status());
  auto lexicon = file.Section("lemmatizer.lexicon");
  if (!lexicon.ok()) return fail(lexicon.status());
  std::uint64_t count = 0;
  if (Status s = lexicon->GetU64(&count); !s.ok()) return fail(s);
  if (count > lexicon->remaining() / 16)
    return Status(StatusCode::kCorruptModel, name + ": lemmatizer lexicon: bad count");
  std::vector<Slot> entries(count);
  for (Slot& e : entries) {
    if (Status s = lexicon->GetU64(&e.key); !s.ok()) return fail(s);
    if (Status s = lexicon->GetU32(&e.offset); !s.ok()) return fail(s);
    if (Status s = lexicon->GetU32(&e.length); !s.ok()) return fail(s);
  }
  std::string blob;
  if (Status s = lexicon->GetString(&blob); !s.ok()) return fail(s);
  if (Status s = lexicon->ExpectEnd(); !s.ok()) return fail(s);
  auto known_reader = file.Section("lemmatizer.known");
  if (!known_reader.ok()) return fail(known_reader.status());
  std::vector<std::uint64_t> known;
  if (Status s = known_reader->GetVector(&known); !s.ok()) return fail(s);
  if (Status s = known_reader->ExpectEnd(); !s.ok()) return fail(s);
  auto model = FromParts(std::move(xpos).value(), std::move(entries), std::move(blob), std::move(known));
  if (!model.ok()) return fail(model.status());
  return model;
}

Result<LemmatizerModel> LemmatizerModel::Load(const std::string& path) {
  auto file = ModelFile::Load(path, "lemmatizer");
  if (!file.ok()) return file.status();
  return FromFile(file.value(), path);
}

std::string_view LemmatizerModel::Lemmatize(std::string_view form, int xpos, std::string_view xpos_name,
                                            std::string* scratch) const {
  auto lemma_of = [&](const Slot* s) {
    return std::string_view(blob_).substr(s->offset, s->length & ~kIrregularBit);
  };
  if (xpos >= 0) {
    if (const Slot* s = Find(LexiconKey(form, xpos, false))) return lemma_of(s);
    *scratch = Lower(form);
    if (const Slot* s = Find(LexiconKey(*scratch, xpos, true))) return lemma_of(s);
    // An irregular form at the end of the word: under|took → under|take.
    const std::string lower = *scratch;
    for (std::size_t k = kMinIrregularPrefix; k + kMinIrregularSuffix <= lower.size(); ++k) {
      const Slot* s = Find(LexiconKey(std::string_view(lower).substr(k), xpos, true));
      if (s != nullptr && (s->length & kIrregularBit) != 0) {
        *scratch = lower.substr(0, k);
        scratch->append(lemma_of(s));
        return *scratch;
      }
    }
  }
  *scratch = RuleLemma(form, xpos_name, [this](std::string_view s) { return IsKnownLemma(s); });
  return *scratch;
}

// ---- the component ----

Result<std::unique_ptr<Component>> Lemmatizer::Create(const ComponentConfig& config) {
  const std::string path = (std::filesystem::path(config.models_dir) / "lemmatizer.hsm").string();
  auto model = LemmatizerModel::Load(path);
  if (!model.ok()) return model.status();
  return std::unique_ptr<Component>(
      std::make_unique<Lemmatizer>(std::make_shared<const LemmatizerModel>(std::move(model).value())));
}

Status Lemmatizer::Process(Document& doc) const {
  const std::uint32_t n = doc.num_tokens();
  if (doc.xpos.size() != n || !doc.xpos_names)
    return Status(StatusCode::kFailedPrecondition, "lemmatizer: the document has no XPOS tags");
  if (doc.lemma.size() != n) doc.lemma.assign(n, kEmptyString);
  // The document's XPOS ids in the model's numbering, once per document.
  std::vector<int> xpos_map(doc.xpos_names->size());
  for (std::size_t i = 0; i < xpos_map.size(); ++i) xpos_map[i] = model_->XposIndex((*doc.xpos_names)[i]);
  std::string scratch;
  for (std::uint32_t t = 0; t < n; ++t) {
    const std::uint16_t x = doc.xpos[t];
    const int xpos = x < xpos_map.size() ? xpos_map[x] : -1;
    const std::string_view name = Document::LabelName(doc.xpos_names, x);
    doc.lemma[t] = doc.strings().Intern(model_->Lemmatize(doc.token_norm(t), xpos, name, &scratch));
  }
  doc.filled_columns |= assigns_columns();
  return Status::Ok();
}

// ---- training ----

Result<LemmatizerTrainResult> TrainLemmatizer(const std::vector<eval::ConlluDocument>& train,
                                              const std::vector<eval::ConlluDocument>& dev,
                                              const std::function<void(const std::string&)>& progress) {
  // (form, xpos) → lemma counts, exact and lowercased.
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::size_t>> exact, lower;
  std::set<std::string> known;
  for (const auto& doc : train)
    for (const auto& s : doc.sentences)
      for (const auto& w : s.words) {
        if (w.lemma.empty() || w.lemma == "_") continue;
        ++exact[{w.form, w.xpos}][w.lemma];
        ++lower[{Lower(w.form), w.xpos}][w.lemma];
        known.insert(Lower(w.lemma));
      }
  if (exact.empty())
    return Status(StatusCode::kInvalidArgument, "lemmatizer training: no lemmas in the data");
  auto most_frequent = [](const std::map<std::string, std::size_t>& counts) {
    const std::string* best = nullptr;
    std::size_t best_count = 0;
    for (const auto& [lemma, count] : counts)
      if (count > best_count) best = &lemma, best_count = count;
    return *best;
  };
  std::vector<LemmatizerModel::Entry> entries;
  std::map<std::pair<std::string, std::string>, std::string> lower_lemma;
  for (const auto& [key, counts] : lower) {
    lower_lemma[key] = most_frequent(counts);
    entries.push_back({key.first, true, key.second, lower_lemma[key]});
  }
  // Exact entries only where they say something the lowercase table does not.
  for (const auto& [key, counts] : exact) {
    const std::string lemma = most_frequent(counts);
    if (lemma != lower_lemma[{Lower(key.first), key.second}])
      entries.push_back({key.first, false, key.second, lemma});
  }
  auto model = LemmatizerModel::Create(entries, std::vector<std::string>(known.begin(), known.end()));
  if (!model.ok()) return model.status();
  // Dev accuracy with gold tags.
  std::size_t total = 0, correct = 0;
  std::string scratch;
  for (const auto& doc : dev)
    for (const auto& s : doc.sentences)
      for (const auto& w : s.words) {
        ++total;
        correct += model->Lemmatize(w.form, model->XposIndex(w.xpos), w.xpos, &scratch) == w.lemma;
      }
  LemmatizerTrainResult result{std::move(model).value(), total ? double(correct) / total : 0};
  if (progress)
    progress("lemmatizer: " + std::to_string(entries.size()) + " lexicon entries, " +
             std::to_string(known.size()) + " known lemmas; dev accuracy with gold tags " +
             std::to_string(100 * result.dev_accuracy) + "%");
  return result;
}

}  // namespace hearsay::nlp
