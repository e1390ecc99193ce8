#include "eval/attribution_score.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "text/char_class.h"
#include "text/utf8.h"

namespace hearsay::eval {

// ---------------------------------------------------------------- CharSet

void CharSet::Add(std::int64_t begin, std::int64_t end) {
  if (begin >= end) return;
  // Insert, then merge overlapping or touching neighbours: sets are compared
  // by value, so [0,3)+[3,5) must equal [0,5).
  auto it = std::lower_bound(ranges_.begin(), ranges_.end(), std::make_pair(begin, end));
  it = ranges_.insert(it, {begin, end});
  if (it != ranges_.begin() && std::prev(it)->second >= it->first) --it;
  auto next = std::next(it);
  while (next != ranges_.end() && next->first <= it->second) {
    it->second = std::max(it->second, next->second);
    ++next;
  }
  ranges_.erase(std::next(it), next);
}

std::int64_t CharSet::size() const {
  std::int64_t n = 0;
  for (const auto& [b, e] : ranges_) n += e - b;
  return n;
}

std::int64_t CharSet::IntersectionSize(const CharSet& other) const {
  std::int64_t n = 0;
  std::size_t i = 0, j = 0;
  const auto& a = ranges_;
  const auto& b = other.ranges_;
  while (i < a.size() && j < b.size()) {
    const std::int64_t lo = std::max(a[i].first, b[j].first);
    const std::int64_t hi = std::min(a[i].second, b[j].second);
    if (lo < hi) n += hi - lo;
    if (a[i].second < b[j].second) {
      ++i;
    } else {
      ++j;
    }
  }
  return n;
}

double Iou(const CharSet& a, const CharSet& b) {
  if (a.empty() || b.empty()) return 0.0;
  const std::int64_t inter = a.IntersectionSize(b);
  const std::int64_t uni = a.size() + b.size() - inter;
  // Both counts are exact in a double (< 2^53), so this is Python's
  // correctly rounded int / int.
  return static_cast<double>(inter) / static_cast<double>(uni);
}

// ------------------------------------------------------- name normalisation

namespace {

// Python's `\s` on str (and str.isspace).
bool IsPySpace(char32_t c) {
  if (c < 128) return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool IsCased(char32_t c) {
  const auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(c));
  return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LT;
}

bool IsCaseIgnorable(char32_t c) {
  switch (c) {
    case '\'':
    case '.':
    case ':':
    case 0xB7:
    case 0x387:
    case 0x5F4:
    case 0x2018:
    case 0x2019:
    case 0x2024:
    case 0x2027:
    case 0xFE13:
    case 0xFE52:
    case 0xFE55:
    case 0xFF07:
    case 0xFF0E:
    case 0xFF1A: return true;
    default: break;
  }
  const auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(c));
  return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME || cat == UTF8PROC_CATEGORY_CF ||
         cat == UTF8PROC_CATEGORY_LM || cat == UTF8PROC_CATEGORY_SK;
}

// Python's str.lower(): the simple mapping, plus İ → i̇ and the final-sigma
// rule (Σ → ς after a cased letter and not before one).
void PythonLower(const std::u32string& in, std::u32string* out) {
  out->clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char32_t c = in[i];
    if (c < 128) {
      out->push_back(c >= 'A' && c <= 'Z' ? c + 32 : c);
    } else if (c == 0x130) {
      out->push_back('i');
      out->push_back(0x307);
    } else if (c == 0x3A3) {
      std::size_t j = i;
      while (j > 0 && IsCaseIgnorable(in[j - 1])) --j;
      bool final_sigma = j > 0 && IsCased(in[j - 1]);
      if (final_sigma) {
        std::size_t k = i + 1;
        while (k < in.size() && IsCaseIgnorable(in[k])) ++k;
        final_sigma = k == in.size() || !IsCased(in[k]);
      }
      out->push_back(final_sigma ? 0x3C2 : 0x3C3);
    } else {
      out->push_back(static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c))));
    }
  }
}

// score.py's TITLES alternatives. None is a prefix of another that could
// also match at the same place (a match needs '.' or a space right after),
// so the first that fits is the one Python's regex takes.
constexpr std::array<std::u32string_view, 16> kTitles = {
    U"mr",  U"ms",  U"mrs",      U"dr",  U"prof",    U"professor", U"sen",   U"senator",
    U"rep", U"gov", U"governor", U"gen", U"general", U"president", U"judge", U"sir"};

// Length of a TITLES match at `i` (title, optional '.', one or more spaces),
// or 0. The caller checks the word boundary before `i`.
std::size_t TitleMatchAt(const std::u32string& s, std::size_t i) {
  for (const std::u32string_view title : kTitles) {
    if (s.size() - i < title.size() || s.compare(i, title.size(), title.data(), title.size()) != 0) continue;
    std::size_t j = i + title.size();
    if (j < s.size() && s[j] == '.' && j + 1 < s.size() && IsPySpace(s[j + 1])) {
      ++j;
    } else if (!(j < s.size() && IsPySpace(s[j]))) {
      continue;
    }
    while (j < s.size() && IsPySpace(s[j])) ++j;
    return j - i;
  }
  return 0;
}

bool IsStripped(char32_t c) {
  return c == ' ' || c == '.' || c == ',' || c == ';' || c == ':' || c == '"' || c == 0x201C || c == 0x201D;
}

std::u32string DecodeUtf8(std::string_view bytes) {
  std::string valid;
  if (utf8::FindInvalid(bytes) != utf8::kValid) {
    utf8::ReplaceInvalid(bytes, &valid);
    bytes = valid;
  }
  std::u32string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    std::size_t len = 0;
    out.push_back(utf8::Decode(bytes.data() + i, &len));
    i += len;
  }
  return out;
}

}  // namespace

std::string NormalizeSpeakerName(std::string_view name) {
  const std::u32string in = DecodeUtf8(name);
  // re.sub(r"['’]s\b", "", s)
  std::u32string a;
  a.reserve(in.size());
  for (std::size_t i = 0; i < in.size();) {
    if ((in[i] == '\'' || in[i] == 0x2019) && i + 1 < in.size() && in[i + 1] == 's' &&
        (i + 2 == in.size() || !text::IsPythonWordChar(in[i + 2]))) {
      i += 2;
      continue;
    }
    a.push_back(in[i++]);
  }
  std::u32string b;
  PythonLower(a, &b);
  // TITLES.sub("", s): \b before the title is a non-word character (or the
  // start) followed by the title's first letter.
  std::u32string c;
  c.reserve(b.size());
  for (std::size_t i = 0; i < b.size();) {
    if (i == 0 || !text::IsPythonWordChar(b[i - 1])) {
      if (const std::size_t n = TitleMatchAt(b, i); n > 0) {
        i += n;
        continue;
      }
    }
    c.push_back(b[i++]);
  }
  // re.sub(r"\s+", " ", s), then strip.
  std::u32string d;
  d.reserve(c.size());
  for (std::size_t i = 0; i < c.size();) {
    if (IsPySpace(c[i])) {
      while (i < c.size() && IsPySpace(c[i])) ++i;
      d.push_back(' ');
    } else {
      d.push_back(c[i++]);
    }
  }
  std::size_t begin = 0, end = d.size();
  while (begin < end && IsStripped(d[begin])) ++begin;
  while (end > begin && IsStripped(d[end - 1])) --end;
  std::string out;
  for (std::size_t i = begin; i < end; ++i) utf8::Append(d[i], &out);
  return out;
}

// ------------------------------------------------------------ reading

void ScoredCorpus::Put(std::string key, ScoredDocument doc) {
  auto it = documents.find(key);
  if (it == documents.end()) {
    order.push_back(key);
    documents.emplace(std::move(key), std::move(doc));
  } else {
    it->second = std::move(doc);
  }
}

const ScoredDocument* ScoredCorpus::Find(const std::string& key) const {
  auto it = documents.find(key);
  return it == documents.end() ? nullptr : &it->second;
}

namespace {

using Json = nlohmann::json;

Status Bad(const std::string& where, const std::string& what) {
  return Status(StatusCode::kMalformedRecord, where + ": " + what);
}

// Python's truth value of a JSON value.
bool Truthy(const Json& v) {
  switch (v.type()) {
    case Json::value_t::boolean: return v.get<bool>();
    case Json::value_t::number_integer: return v.get<std::int64_t>() != 0;
    case Json::value_t::number_unsigned: return v.get<std::uint64_t>() != 0;
    case Json::value_t::number_float: return v.get<double>() != 0.0;
    case Json::value_t::string: return !v.get_ref<const std::string&>().empty();
    case Json::value_t::array:
    case Json::value_t::object: return !v.empty();
    default: return false;
  }
}

const Json* Get(const Json& obj, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

// `obj.get(a) or obj.get(b)`.
const Json* GetEither(const Json& obj, const char* a, const char* b) {
  const Json* v = Get(obj, a);
  if (v != nullptr && Truthy(*v)) return v;
  return Get(obj, b);
}

bool IsInt(const Json& v) {
  return v.is_number_integer() || v.is_boolean();  // Python's bool is an int
}

Result<std::int64_t> ToInt(const Json& v, const std::string& where, const char* field) {
  if (v.is_boolean()) return static_cast<std::int64_t>(v.get<bool>());
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(INT64_MAX))
      return Bad(where, std::string(field) + ": offset out of range");
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  return Bad(where, std::string(field) + ": offsets must be integers, got " + v.dump());
}

// score.py's charset(): [s, e] or [[s, e], …]; anything false-y is empty.
Result<CharSet> ParseSpan(const Json* v, const std::string& where, const char* field) {
  CharSet set;
  if (v == nullptr || !Truthy(*v)) return set;
  const std::string bad_shape =
      std::string(field) + " must be [start, end] or a list of [start, end] pairs, got ";
  if (!v->is_array()) return Bad(where, bad_shape + v->dump());
  auto add_pair = [&](const Json& pair) -> Status {
    if (!pair.is_array() || pair.size() != 2) return Bad(where, bad_shape + v->dump());
    auto s = ToInt(pair[0], where, field);
    if (!s.ok()) return s.status();
    auto e = ToInt(pair[1], where, field);
    if (!e.ok()) return e.status();
    set.Add(s.value(), e.value());
    return Status::Ok();
  };
  if (IsInt((*v)[0])) {
    HEARSAY_RETURN_IF_ERROR(add_pair(*v));
  } else {
    for (const Json& pair : *v) HEARSAY_RETURN_IF_ERROR(add_pair(pair));
  }
  return set;
}

// score.py's name() followed by norm().
Result<std::string> ParseSpeaker(const Json* v, const std::string& where) {
  if (v == nullptr) return std::string();
  if (v->is_object()) {
    for (const char* key : {"name", "canonical", "canonical_name", "text", "mention"}) {
      const Json* k = Get(*v, key);
      if (k != nullptr && k->is_string()) return NormalizeSpeakerName(k->get_ref<const std::string&>());
    }
    return std::string();
  }
  if (v->is_string()) return NormalizeSpeakerName(v->get_ref<const std::string&>());
  if (!Truthy(*v)) return std::string();
  return Bad(where, "speaker must be a string or an object with \"name\", got " + v->dump());
}

}  // namespace

Result<std::string> DocumentKey(const Json& id) {
  switch (id.type()) {
    case Json::value_t::string: return "s" + id.get<std::string>();
    case Json::value_t::boolean: return std::string(id.get<bool>() ? "n1" : "n0");
    case Json::value_t::number_integer: return "n" + std::to_string(id.get<std::int64_t>());
    case Json::value_t::number_unsigned: return "n" + std::to_string(id.get<std::uint64_t>());
    case Json::value_t::number_float: {
      const double d = id.get<double>();
      if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.2e18)
        return "n" + std::to_string(static_cast<std::int64_t>(d));
      return "f" + PythonFloatRepr(d);
    }
    case Json::value_t::null: return std::string("z");
    default:
      return Status(StatusCode::kInvalidArgument, "doc_id must be a string or a number, got " + id.dump());
  }
}

Result<ScoredDocument> ParseScoredDocument(const Json& record, RecordRole role, const std::string& where) {
  if (!record.is_object()) return Bad(where, "a record must be a JSON object");
  const Json* id = Get(record, "doc_id");
  if (id == nullptr) return Bad(where, "the record has no \"doc_id\"");
  ScoredDocument doc;
  doc.doc_id = id->is_string() ? id->get<std::string>() : id->dump();
  const bool gold = role == RecordRole::kGold;
  const Json* list = Get(record, "statements");
  if (list == nullptr && gold) list = Get(record, "quotes");
  if (list == nullptr) return doc;
  if (!list->is_array()) return Bad(where, "\"statements\" must be a list");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& s = (*list)[i];
    const std::string at = where + ": statement " + std::to_string(i + 1);
    if (!s.is_object()) return Bad(at, "a statement must be a JSON object");
    ScoredStatement st;
    auto content = ParseSpan(gold ? GetEither(s, "content_span", "quote_span_chars") : Get(s, "content_span"),
                             at, "content_span");
    if (!content.ok()) return content.status();
    st.content = std::move(content.value());
    const Json* speaker = Get(s, "speaker");
    if (speaker == nullptr && gold) speaker = Get(s, "speaker_name");
    auto name = ParseSpeaker(speaker, at);
    if (!name.ok()) return name.status();
    st.speaker = std::move(name.value());
    auto speaker_span =
        ParseSpan(gold ? GetEither(s, "speaker_span", "speaker_span_chars") : Get(s, "speaker_span"), at,
                  "speaker_span");
    if (!speaker_span.ok()) return speaker_span.status();
    st.speaker_span = std::move(speaker_span.value());
    auto cue = ParseSpan(Get(s, "cue_span"), at, "cue_span");
    if (!cue.ok()) return cue.status();
    st.cue = std::move(cue.value());
    if (gold) {
      if (const Json* type = Get(s, "type"); type != nullptr) {
        if (!type->is_string()) return Bad(at, "\"type\" must be a string, got " + type->dump());
        st.type = type->get<std::string>();
      }
      if (const Json* optional = Get(s, "optional"); optional != nullptr) st.optional = Truthy(*optional);
    }
    doc.statements.push_back(std::move(st));
  }
  return doc;
}

Result<std::vector<RecordLine>> ReadRecordLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::kNotFound, path + ": cannot open");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status(StatusCode::kIoError, path + ": read failed");
  const std::string bytes = buffer.str();
  if (const std::size_t bad = utf8::FindInvalid(bytes); bad != utf8::kValid) {
    const auto pos = utf8::PositionOf(bytes, bad);
    return Status(StatusCode::kInvalidUtf8, path + ":" + std::to_string(pos.line) + ": byte " +
                                                std::to_string(pos.column) + ": not UTF-8");
  }
  std::vector<RecordLine> records;
  // Lines end at \n, \r\n or \r (Python's universal newlines).
  std::size_t line_no = 0;
  for (std::size_t start = 0; start < bytes.size();) {
    std::size_t end = bytes.find_first_of("\r\n", start);
    if (end == std::string::npos) end = bytes.size();
    const std::string_view line(bytes.data() + start, end - start);
    start =
        end + (end < bytes.size() && bytes[end] == '\r' && end + 1 < bytes.size() && bytes[end + 1] == '\n'
                   ? 2
                   : 1);
    ++line_no;
    std::string where = path + ":" + std::to_string(line_no);
    bool blank = true;
    for (char32_t c : DecodeUtf8(line)) {
      if (!IsPySpace(c)) {
        blank = false;
        break;
      }
    }
    if (blank) continue;
    if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") return Bad(where, "unexpected byte-order mark");
    Json record;
    try {
      record = Json::parse(line);
    } catch (const Json::parse_error& e) {
      return Bad(where, std::string("not valid JSON: ") + e.what());
    }
    records.push_back({std::move(where), std::move(record)});
  }
  return records;
}

Result<ScoredCorpus> ReadScoredCorpus(const std::string& path, RecordRole role) {
  auto records = ReadRecordLines(path);
  if (!records.ok()) return records.status();
  ScoredCorpus corpus;
  for (const RecordLine& line : records.value()) {
    auto doc = ParseScoredDocument(line.record, role, line.where);
    if (!doc.ok()) return doc.status();
    auto key = DocumentKey(line.record["doc_id"]);
    if (!key.ok()) return Bad(line.where, key.status().message());
    corpus.Put(std::move(key.value()), std::move(doc.value()));
  }
  return corpus;
}

// ------------------------------------------------------------ scoring

namespace {

PrecisionRecall Prf(std::size_t tp, std::size_t npred, std::size_t ngold) {
  PrecisionRecall out;
  out.p = npred ? static_cast<double>(tp) / static_cast<double>(npred) : 0.0;
  out.r = ngold ? static_cast<double>(tp) / static_cast<double>(ngold) : 0.0;
  out.f1 = out.p + out.r != 0.0 ? 2 * out.p * out.r / (out.p + out.r) : 0.0;
  return out;
}

}  // namespace

AttributionScores ScoreAttributions(const ScoredCorpus& gold_docs, const ScoredCorpus& pred_docs,
                                    const ScoreOptions& options) {
  AttributionScores out;
  out.documents = gold_docs.order.size();
  std::size_t n_gold = 0, n_pred = 0, matched = 0, right = 0;
  std::map<std::string, std::pair<std::size_t, std::size_t>> by_type;  // matched, total
  // tp, predicted, gold for content, cue, source.
  std::array<std::array<std::size_t, 3>, 3> exact{};
  const std::vector<ScoredStatement> kNone;

  std::vector<const ScoredStatement*> gold;
  std::vector<std::tuple<double, std::size_t, std::size_t>> pairs;
  std::vector<std::pair<std::size_t, std::size_t>> match;
  for (const std::string& key : gold_docs.order) {
    const ScoredDocument& gdoc = gold_docs.documents.at(key);
    gold.clear();
    for (const ScoredStatement& g : gdoc.statements)
      if (!options.types || options.types->count(g.type)) gold.push_back(&g);
    const ScoredDocument* pdoc = pred_docs.Find(key);
    const std::vector<ScoredStatement>& pred = pdoc ? pdoc->statements : kNone;

    // Python sorts (iou, gi, pi) in reverse and stops below 0.5.
    pairs.clear();
    for (std::size_t gi = 0; gi < gold.size(); ++gi)
      for (std::size_t pi = 0; pi < pred.size(); ++pi) {
        const double ov = Iou(gold[gi]->content, pred[pi].content);
        if (ov >= 0.5) pairs.emplace_back(ov, gi, pi);
      }
    std::sort(pairs.begin(), pairs.end(), std::greater<>());
    std::vector<bool> g_used(gold.size()), p_used(pred.size()), p_optional(pred.size());
    match.clear();
    for (const auto& [ov, gi, pi] : pairs) {
      if (g_used[gi] || p_used[pi]) continue;
      g_used[gi] = p_used[pi] = true;
      match.emplace_back(gi, pi);
    }
    std::size_t optional_hits = 0;
    for (const auto& [gi, pi] : match)
      if (gold[gi]->optional) {
        ++optional_hits;
        p_optional[pi] = true;
      }
    for (const ScoredStatement* g : gold)
      if (!g->optional) {
        ++n_gold;
        ++by_type[g->type].second;
      }
    n_pred += pred.size() - optional_hits;
    for (const auto& [gi, pi] : match) {
      const ScoredStatement& g = *gold[gi];
      const ScoredStatement& p = pred[pi];
      if (g.optional) continue;
      ++matched;
      ++by_type[g.type].first;
      bool ok;
      if (g.speaker.empty() && g.speaker_span.empty()) {  // gold has no source
        ok = p.speaker.empty() && p.speaker_span.empty();
      } else {
        ok = (!g.speaker.empty() && g.speaker == p.speaker) ||
             (!options.speaker_by_name_only && g.speaker_span.Intersects(p.speaker_span));
      }
      right += ok;
    }
    using Field = CharSet ScoredStatement::*;
    constexpr std::array<Field, 3> kFields = {&ScoredStatement::content, &ScoredStatement::cue,
                                              &ScoredStatement::speaker_span};
    for (std::size_t k = 0; k < 3; ++k) {
      std::set<CharSet> gs, ps;
      for (const ScoredStatement* g : gold)
        if (!((*g).*kFields[k]).empty() && !g->optional) gs.insert((*g).*kFields[k]);
      if (gs.empty()) continue;
      for (std::size_t pi = 0; pi < pred.size(); ++pi)
        if (!(pred[pi].*kFields[k]).empty() && !p_optional[pi]) ps.insert(pred[pi].*kFields[k]);
      std::size_t both = 0;
      for (const CharSet& s : ps) both += gs.count(s);
      exact[k][0] += both;
      exact[k][1] += ps.size();
      exact[k][2] += gs.size();
    }
  }
  out.gold = n_gold;
  out.predicted = n_pred;
  out.matched = matched;
  out.speaker_right = right;
  out.extraction = Prf(matched, n_pred, n_gold);
  out.speaker_accuracy = matched ? static_cast<double>(right) / static_cast<double>(matched) : 0.0;
  out.end_to_end = Prf(right, n_pred, n_gold);
  // std::map orders by bytes, which for UTF-8 is Python's code-point order.
  for (const auto& [type, c] : by_type)
    if (c.second)
      out.recall_by_type.emplace_back(type, static_cast<double>(c.first) / static_cast<double>(c.second));
  constexpr std::array<const char*, 3> kNames = {"content", "cue", "source"};
  for (std::size_t k = 0; k < 3; ++k)
    if (exact[k][2]) out.exact_span_f1.emplace_back(kNames[k], Prf(exact[k][0], exact[k][1], exact[k][2]).f1);
  return out;
}

// ------------------------------------------------------------ output

std::string PythonFloatRepr(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";  // json.dumps' spelling
  if (value == 0.0) return std::signbit(value) ? "-0.0" : "0.0";
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string sci(buf, res.ptr);  // shortest round-trip digits: "-d.ddde+XX"
  std::string sign;
  if (sci[0] == '-') {
    sign = "-";
    sci.erase(0, 1);
  }
  const std::size_t e = sci.find('e');
  std::string digits = sci.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const int exponent = std::stoi(sci.substr(e + 1));
  const int decpt = exponent + 1;  // digits before the decimal point
  const int n = static_cast<int>(digits.size());
  std::string out = sign;
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) {
      out += "0." + std::string(-decpt, '0') + digits;
    } else if (decpt >= n) {
      out += digits + std::string(decpt - n, '0') + ".0";
    } else {
      out += digits.substr(0, decpt) + "." + digits.substr(decpt);
    }
  } else {
    out += digits.substr(0, 1);
    if (n > 1) out += "." + digits.substr(1);
    char exp[16];
    std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    out += exp;
  }
  return out;
}

namespace {

// json.dumps' string form with ensure_ascii: printable ASCII as is, the rest
// escaped (\uXXXX, lower-case hex, surrogate pairs above the BMP).
std::string PythonJsonString(std::string_view s) {
  std::string out = "\"";
  char buf[16];
  for (char32_t c : DecodeUtf8(s)) {
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      default: break;
    }
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else if (c < 0x10000) {
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      const char32_t v = c - 0x10000;
      std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", static_cast<unsigned>(0xD800 + (v >> 10)),
                    static_cast<unsigned>(0xDC00 + (v & 0x3FF)));
      out += buf;
    }
  }
  return out + "\"";
}

std::string JsonPrf(const PrecisionRecall& x) {
  return "{\n  \"p\": " + PythonFloatRepr(x.p) + ",\n  \"r\": " + PythonFloatRepr(x.r) +
         ",\n  \"f1\": " + PythonFloatRepr(x.f1) + "\n }";
}

std::string JsonMap(const std::vector<std::pair<std::string, double>>& items) {
  if (items.empty()) return "{}";
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += i ? ",\n  " : "\n  ";
    out += PythonJsonString(items[i].first) + ": " + PythonFloatRepr(items[i].second);
  }
  return out + "\n }";
}

std::string Fixed3(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

}  // namespace

std::string FormatScoresJson(const AttributionScores& s) {
  std::string out = "{\n";
  out += " \"documents\": " + std::to_string(s.documents) + ",\n";
  out += " \"gold\": " + std::to_string(s.gold) + ",\n";
  out += " \"predicted\": " + std::to_string(s.predicted) + ",\n";
  out += " \"extraction\": " + JsonPrf(s.extraction) + ",\n";
  out += " \"speaker_accuracy\": " + PythonFloatRepr(s.speaker_accuracy) + ",\n";
  out += " \"end_to_end\": " + JsonPrf(s.end_to_end) + ",\n";
  out += " \"recall_by_type\": " + JsonMap(s.recall_by_type) + ",\n";
  out += " \"exact_span_f1\": " + JsonMap(s.exact_span_f1) + "\n}\n";
  return out;
}

std::string FormatScoresText(const AttributionScores& s) {
  const auto& e = s.extraction;
  const auto& x = s.end_to_end;
  std::string out = "documents " + std::to_string(s.documents) + "  gold " + std::to_string(s.gold) +
                    "  predicted " + std::to_string(s.predicted) + "\n";
  out += "extraction   P " + Fixed3(e.p) + "  R " + Fixed3(e.r) + "  F1 " + Fixed3(e.f1) +
         "  (content IoU >= 0.5)\n";
  out += "speaker accuracy on matched " + Fixed3(s.speaker_accuracy) + "\n";
  out += "end-to-end   P " + Fixed3(x.p) + "  R " + Fixed3(x.r) + "  F1 " + Fixed3(x.f1) + "\n";
  out += "recall by type  ";
  for (std::size_t i = 0; i < s.recall_by_type.size(); ++i)
    out += (i ? "  " : "") + s.recall_by_type[i].first + " " + Fixed3(s.recall_by_type[i].second);
  out += "\nexact-span F1   ";
  for (std::size_t i = 0; i < s.exact_span_f1.size(); ++i)
    out += (i ? "  " : "") + s.exact_span_f1[i].first + " " + Fixed3(s.exact_span_f1[i].second);
  return out + "\n";
}

}  // namespace hearsay::eval
