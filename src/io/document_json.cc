#include "io/document_json.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "io/json_writer.h"
#include "text/utf8.h"

namespace hearsay::io {

CodePointIndex::CodePointIndex(std::string_view text) {
  if (utf8::IsAscii(text)) return;
  table_.resize(text.size() + 1);
  std::uint32_t cp = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    table_[i] = cp;
    cp += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  }
  table_[text.size()] = cp;
}

std::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kWord: return "word";
    case TokenKind::kNumber: return "number";
    case TokenKind::kPunct: return "punct";
    case TokenKind::kQuote: return "quote";
    case TokenKind::kDash: return "dash";
    case TokenKind::kEllipsis: return "ellipsis";
    case TokenKind::kSymbol: return "symbol";
    case TokenKind::kUrl: return "url";
    case TokenKind::kEmail: return "email";
    case TokenKind::kHandle: return "handle";
    case TokenKind::kHashtag: return "hashtag";
    case TokenKind::kAbbreviation: return "abbreviation";
    case TokenKind::kClitic: return "clitic";
  }
  return "word";
}

std::string_view StatementTypeName(StatementType type) {
  switch (type) {
    case StatementType::kDirect: return "direct";
    case StatementType::kIndirect: return "indirect";
    case StatementType::kMixed: return "mixed";
  }
  return "indirect";
}

std::string_view CueClassName(CueClass cue_class) {
  switch (cue_class) {
    case CueClass::kSpeech: return "speech";
    case CueClass::kWriting: return "writing";
    case CueClass::kBelief: return "belief";
    case CueClass::kOther: return "other";
  }
  return "other";
}

std::string_view SpeakerKindName(SpeakerKind kind) {
  switch (kind) {
    case SpeakerKind::kPerson: return "person";
    case SpeakerKind::kUnnamedPerson: return "unnamed_person";
    case SpeakerKind::kOrganization: return "organization";
    case SpeakerKind::kGroup: return "group";
    case SpeakerKind::kPlace: return "place";
    case SpeakerKind::kDocument: return "document";
    case SpeakerKind::kUnknown: return "unknown";
  }
  return "unknown";
}

std::string_view StanceName(Stance stance) {
  switch (stance) {
    case Stance::kNone: return "";
    case Stance::kSource: return "source";
    case Stance::kCites: return "cites";
    case Stance::kEvidence: return "evidence";
    case Stance::kSupport: return "support";
    case Stance::kCriticise: return "criticise";
    case Stance::kReject: return "reject";
  }
  return "";
}

namespace {

using json = nlohmann::ordered_json;

// A token range the document can slice: non-empty and inside the tokens.
// Ranges that are not (a bug upstream) are written as null rather than read
// out of bounds.
bool Sliceable(const Document& doc, TokenRange r) {
  return r.first < r.last && r.last <= doc.num_tokens();
}

TokenRange TokenAt(std::int32_t token) {
  if (token < 0) return {};
  const auto t = static_cast<std::uint32_t>(token);
  return {t, t + 1};
}

json StringOrNull(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

// An index into a table of `size` entries, or nothing (kNone, or out of
// range), which both shapes write as null.
std::optional<std::int64_t> ValidIndex(std::int32_t index, std::size_t size) {
  if (index >= 0 && static_cast<std::size_t>(index) < size) return index;
  return std::nullopt;
}

json IndexOrNull(std::int32_t index, std::size_t size) {
  const std::optional<std::int64_t> valid = ValidIndex(index, size);
  return valid ? json(*valid) : json(nullptr);
}

// Clamped to [0, 1] and rounded to three decimals, so that a float's binary
// noise (0.800000011920929) does not reach the output.
double Confidence(float c) {
  if (!(c > 0)) return 0;
  if (c >= 1) return 1;
  return std::round(static_cast<double>(c) * 1000) / 1000;
}

// "tokens": [first, last] of a token range.
void WriteTokens(TokenRange r, JsonWriter& w) {
  w.Key("tokens").BeginArray().Int(r.first).Int(r.last).EndArray();
}

// "start" and "end" in code points, then "tokens", of a token range.
void WriteStartEndTokens(std::uint32_t begin, std::uint32_t end, TokenRange r, JsonWriter& w) {
  w.Key("start").Int(begin).Key("end").Int(end);
  WriteTokens(r, w);
}

// "start" and "end" in code points and "text" of the characters `b`.
void WriteStartEndText(const Document& doc, const CodePointIndex& cp, ByteSpan b, JsonWriter& w) {
  w.Key("start").Int(cp(b.begin)).Key("end").Int(cp(b.end)).Key("text").String(doc.text(b));
}

const Speaker* SpeakerOf(const Document& doc, const Statement& s) {
  return s.speaker >= 0 && static_cast<std::size_t>(s.speaker) < doc.speakers.size()
             ? &doc.speakers[s.speaker]
             : nullptr;
}

const CitedDocument* CitedDocumentOf(const Document& doc, const Statement& s) {
  return s.cited_document >= 0 && static_cast<std::size_t>(s.cited_document) < doc.cited_documents.size()
             ? &doc.cited_documents[s.cited_document]
             : nullptr;
}

// {"start", "end", "text", "tokens"} of a token range, or null when it is empty.
void WriteSpan(const Document& doc, const CodePointIndex& cp, TokenRange r, JsonWriter& w) {
  if (!Sliceable(doc, r)) {
    w.Null();
    return;
  }
  w.BeginObject();
  WriteStartEndText(doc, cp, doc.CharsOf(r), w);
  WriteTokens(r, w);
  w.EndObject();
}

void WriteSpanList(const Document& doc, const CodePointIndex& cp, const std::vector<TokenRange>& ranges,
                   JsonWriter& w) {
  w.BeginArray();
  for (const TokenRange& r : ranges)
    if (Sliceable(doc, r)) WriteSpan(doc, cp, r, w);
  w.EndArray();
}

void WriteStatement(const Document& doc, const CodePointIndex& cp, const Statement& s, JsonWriter& w) {
  const Speaker* speaker = SpeakerOf(doc, s);
  w.BeginObject();
  w.Key("type").String(StatementTypeName(s.type));
  w.Key("cue_class").String(CueClassName(s.cue_class));
  WriteSpan(doc, cp, s.content, w.Key("content"));
  w.Key("speaker").IntOrNull(ValidIndex(s.speaker, doc.speakers.size()));
  w.Key("speaker_name")
      .StringOrNull(speaker != nullptr ? std::string_view(speaker->name) : std::string_view());
  WriteSpan(doc, cp, s.source, w.Key("speaker_mention"));
  WriteSpan(doc, cp, s.cue, w.Key("cue"));
  WriteSpan(doc, cp, TokenAt(s.cue_particle), w.Key("cue_particle"));
  w.Key("continues").IntOrNull(ValidIndex(s.continues, doc.statements.size()));
  WriteSpan(doc, cp, s.channel, w.Key("channel"));
  WriteSpan(doc, cp, s.addressee, w.Key("addressee"));
  WriteSpan(doc, cp, s.time, w.Key("time"));
  w.Key("date").StringOrNull(s.date);
  w.Key("cited_document").IntOrNull(ValidIndex(s.cited_document, doc.cited_documents.size()));
  w.Key("stance").StringOrNull(StanceName(s.stance));  // "" for kNone
  w.Key("confidence").Real(Confidence(s.confidence));
  w.EndObject();
}

void WriteSpeaker(const Document& doc, const CodePointIndex& cp, const Speaker& s, JsonWriter& w) {
  w.BeginObject();
  w.Key("name").String(s.name);
  w.Key("kind").String(SpeakerKindName(s.kind));
  w.Key("role").StringOrNull(s.role);
  w.Key("affiliation").StringOrNull(s.affiliation);
  WriteSpanList(doc, cp, s.mentions, w.Key("mentions"));
  w.EndObject();
}

void WriteCitedDocument(const Document& doc, const CodePointIndex& cp, const CitedDocument& d,
                        JsonWriter& w) {
  w.BeginObject();
  w.Key("name").String(d.name);
  w.Key("author").StringOrNull(d.author);
  WriteSpan(doc, cp, d.date, w.Key("date"));
  w.Key("resolved_date").StringOrNull(d.resolved_date);
  WriteSpanList(doc, cp, d.mentions, w.Key("mentions"));
  w.EndObject();
}

// Writes `prefix`, `prefix`_start and `prefix`_end of a flat statement line
// (all three null when the range is empty).
void FlatSpan(const Document& doc, const CodePointIndex& cp, TokenRange r, const std::string& prefix,
              json* out) {
  if (!Sliceable(doc, r)) {
    (*out)[prefix] = nullptr;
    (*out)[prefix + "_start"] = nullptr;
    (*out)[prefix + "_end"] = nullptr;
    return;
  }
  const ByteSpan b = doc.CharsOf(r);
  (*out)[prefix] = doc.text(b);
  (*out)[prefix + "_start"] = cp(b.begin);
  (*out)[prefix + "_end"] = cp(b.end);
}

}  // namespace

std::string DocumentJsonText(const Document& doc, TokenArray tokens) {
  const CodePointIndex cp(doc.text());
  const DocumentMetadata& m = doc.metadata();
  // About 150 bytes of JSON per token, and the text itself.
  JsonWriter w(doc.text().size() * 2 + static_cast<std::size_t>(doc.num_tokens()) * 150 + 1024);
  w.BeginObject();
  w.Key("schema_version").String(kDocumentSchemaVersion);
  w.Key("id").String(m.id);
  for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"url", &m.url},
                                   {"source", &m.source},
                                   {"published", &m.published},
                                   {"title", &m.title}}) {
    if (value->empty()) continue;
    w.Key(key).String(*value);
  }
  if (!m.authors.empty()) {
    w.Key("authors").BeginArray();
    for (const std::string& author : m.authors) w.String(author);
    w.EndArray();
  }
  w.Key("language").String(m.language);
  if (!m.extra_json.empty()) {
    // Re-serialised, so that it is compact like the rest (and null if it is
    // not JSON at all, which the readers never let through).
    const json extra = json::parse(m.extra_json, nullptr, false);
    if (extra.is_discarded())
      w.Key("extra").Null();
    else
      w.Key("extra").Raw(extra.dump());
  }
  w.Key("text").String(doc.text());

  w.Key("paragraphs").BeginArray();
  std::size_t s = 0;
  for (const Paragraph& p : doc.paragraphs) {
    const ByteSpan chars = doc.CharsOf(p.tokens);
    w.BeginObject();
    WriteStartEndTokens(cp(chars.begin), cp(chars.end), p.tokens, w);
    w.Key("sentences").BeginArray();
    for (; s < doc.sentences.size() && doc.sentences[s].first < p.tokens.last; ++s)
      w.Int(static_cast<std::int64_t>(s));
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();

  w.Key("sentences").BeginArray();
  for (const TokenRange& r : doc.sentences) {
    const ByteSpan span = doc.CharsOf(r);
    w.BeginObject();
    WriteStartEndTokens(cp(span.begin), cp(span.end), r, w);
    w.EndObject();
  }
  w.EndArray();

  if (doc.filled_columns & kColEntities) {
    w.Key("entities").BeginArray();
    for (const EntityMention& e : doc.entities) {
      w.BeginObject();
      WriteStartEndText(doc, cp, doc.CharsOf(e.tokens), w);
      w.Key("type").String(Document::LabelName(doc.entity_type_names, e.type));
      WriteTokens(e.tokens, w);
      w.EndObject();
    }
    w.EndArray();
  }

  if (doc.filled_columns & kColQuotations) {
    w.Key("quotations").BeginArray();
    for (const Quotation& q : doc.quotations) {
      // Content span in characters; an empty quotation is an empty span at its position.
      const std::uint32_t begin =
          q.content.empty() ? doc.token_end[q.open] : doc.token_begin[q.content.first];
      const std::uint32_t end = q.content.empty() ? begin : doc.token_end[q.content.last - 1];
      w.BeginObject();
      WriteStartEndTokens(cp(begin), cp(end), q.content, w);
      w.Key("open_mark").IntOrNull(q.open >= 0 ? std::optional<std::int64_t>(q.open) : std::nullopt);
      w.Key("close_mark").IntOrNull(q.close >= 0 ? std::optional<std::int64_t>(q.close) : std::nullopt);
      if (q.continues >= 0) {
        w.Key("continues").Int(q.continues);
      }
      if (q.depth > 0) {
        w.Key("depth").Int(q.depth);
      }
      w.EndObject();
    }
    w.EndArray();
  }

  if (doc.filled_columns & kColStatements) {
    w.Key("statements").BeginArray();
    for (const Statement& st : doc.statements) WriteStatement(doc, cp, st, w);
    w.EndArray();
    w.Key("speakers").BeginArray();
    for (const Speaker& sp : doc.speakers) WriteSpeaker(doc, cp, sp, w);
    w.EndArray();
    w.Key("cited_documents").BeginArray();
    for (const CitedDocument& d : doc.cited_documents) WriteCitedDocument(doc, cp, d, w);
    w.EndArray();
  }

  if (tokens == TokenArray::kOmit) {
    w.EndObject();
    return w.Take();
  }
  w.Key("tokens").BeginArray();
  for (std::uint32_t t = 0; t < doc.num_tokens(); ++t) {
    w.BeginObject();
    w.Key("start").Int(cp(doc.token_begin[t]));
    w.Key("end").Int(cp(doc.token_end[t]));
    w.Key("text").String(doc.token_text(t));
    w.Key("kind").String(TokenKindName(doc.token_kind[t]));
    if (doc.token_norm(t) != doc.token_text(t)) {
      w.Key("norm").String(doc.token_norm(t));
    }
    if (doc.token_flags[t] & kSpaceAfter) {
      w.Key("space_after").Bool(true);
    }
    if (doc.filled_columns & kColUpos) {
      w.Key("upos").String(Document::LabelName(doc.upos_names, doc.upos[t]));
    }
    if (doc.filled_columns & kColXpos) {
      w.Key("xpos").String(Document::LabelName(doc.xpos_names, doc.xpos[t]));
    }
    if (doc.filled_columns & kColLemma) {
      w.Key("lemma").String(doc.strings().Lookup(doc.lemma[t]));
    }
    if (doc.filled_columns & kColHead) {
      w.Key("head").Int(doc.head[t]);  // token index; -1 for a sentence root
      w.Key("deprel").String(Document::LabelName(doc.deprel_names, doc.deprel[t]));
    }
    if (doc.filled_columns & kColEntities) {
      w.Key("entity").String(Document::LabelName(doc.entity_names, doc.entity[t]));
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

nlohmann::ordered_json DocumentToJson(const Document& doc) {
  return json::parse(DocumentJsonText(doc));
}

std::vector<nlohmann::ordered_json> StatementRecords(const Document& doc) {
  std::vector<json> lines;
  if (!(doc.filled_columns & kColStatements)) return lines;
  const CodePointIndex cp(doc.text());
  const DocumentMetadata& m = doc.metadata();
  lines.reserve(doc.statements.size());
  for (std::size_t i = 0; i < doc.statements.size(); ++i) {
    const Statement& s = doc.statements[i];
    const Speaker* speaker = SpeakerOf(doc, s);
    const CitedDocument* cited = CitedDocumentOf(doc, s);
    json line = json::object();
    line["doc_id"] = m.id;
    line["url"] = StringOrNull(m.url);
    line["source"] = StringOrNull(m.source);
    line["published"] = StringOrNull(m.published);
    line["title"] = StringOrNull(m.title);
    line["statement"] = i;
    line["type"] = StatementTypeName(s.type);
    line["cue_class"] = CueClassName(s.cue_class);
    FlatSpan(doc, cp, s.content, "content", &line);
    line["speaker"] = speaker != nullptr ? StringOrNull(speaker->name) : json(nullptr);
    line["speaker_index"] = IndexOrNull(s.speaker, doc.speakers.size());
    line["speaker_kind"] = speaker != nullptr ? json(SpeakerKindName(speaker->kind)) : json(nullptr);
    line["speaker_role"] = speaker != nullptr ? StringOrNull(speaker->role) : json(nullptr);
    line["speaker_affiliation"] = speaker != nullptr ? StringOrNull(speaker->affiliation) : json(nullptr);
    FlatSpan(doc, cp, s.source, "speaker_mention", &line);
    FlatSpan(doc, cp, s.cue, "cue", &line);
    FlatSpan(doc, cp, TokenAt(s.cue_particle), "cue_particle", &line);
    line["continues"] = IndexOrNull(s.continues, doc.statements.size());
    FlatSpan(doc, cp, s.channel, "channel", &line);
    FlatSpan(doc, cp, s.addressee, "addressee", &line);
    FlatSpan(doc, cp, s.time, "time", &line);
    line["date"] = StringOrNull(s.date);
    line["cited_document"] = cited != nullptr ? StringOrNull(cited->name) : json(nullptr);
    line["cited_document_index"] = IndexOrNull(s.cited_document, doc.cited_documents.size());
    line["cited_document_author"] = cited != nullptr ? StringOrNull(cited->author) : json(nullptr);
    line["stance"] = s.stance == Stance::kNone ? json(nullptr) : json(StanceName(s.stance));
    line["confidence"] = Confidence(s.confidence);
    lines.push_back(std::move(line));
  }
  return lines;
}

namespace {

// `s` on one line (every run of white space one space), cut to `width` code
// points with a trailing "…" when longer, padded with spaces to `width` when
// `pad`. Widths count code points: wide characters (CJK, emoji) take two
// columns in most terminals, so a column holding them comes out wider.
std::string Cell(std::string_view s, std::size_t width, bool pad = true) {
  std::string flat;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') {
      space = !flat.empty();
      continue;
    }
    if (space) flat += ' ';
    space = false;
    flat += c;
  }
  std::size_t count = 0, cut = flat.size();
  for (std::size_t i = 0; i < flat.size(); ++i) {
    if ((static_cast<unsigned char>(flat[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (count == width - 1) cut = i;                                     // where "…" would go
    if (++count > width) {
      flat.resize(cut);
      flat += "\xE2\x80\xA6";  // …
      count = width;
      break;
    }
  }
  if (pad) flat.append(width - std::min(count, width), ' ');
  return flat;
}

std::string RangeText(const Document& doc, TokenRange r) {
  return Sliceable(doc, r) ? std::string(doc.text(doc.CharsOf(r))) : std::string();
}

std::string OutlineTable(const Document& doc) {
  std::string out = "document " + doc.metadata().id + ": " + std::to_string(doc.paragraphs.size()) +
                    " paragraphs, " + std::to_string(doc.sentences.size()) + " sentences, " +
                    std::to_string(doc.num_tokens()) + " tokens\n";
  std::size_t s = 0;
  for (std::size_t p = 0; p < doc.paragraphs.size(); ++p) {
    out += "\n¶ " + std::to_string(p + 1) + "\n";
    for (; s < doc.sentences.size() && doc.sentences[s].first < doc.paragraphs[p].tokens.last; ++s) {
      out += "  " + std::to_string(s + 1) + ". ";
      const TokenRange r = doc.sentences[s];
      for (std::uint32_t t = r.first; t < r.last; ++t) {
        if (t != r.first) out += " | ";
        out += doc.token_text(t);
      }
      out += '\n';
    }
  }
  return out;
}

std::string StatementTable(const Document& doc) {
  constexpr std::size_t kSpeaker = 24, kType = 8, kCue = 14, kContent = 56, kContext = 30;
  std::string out = "document " + doc.metadata().id + ": " + std::to_string(doc.statements.size()) +
                    " statements, " + std::to_string(doc.speakers.size()) + " speakers, " +
                    std::to_string(doc.cited_documents.size()) + " cited documents\n\n";
  out += "   # " + Cell("speaker", kSpeaker) + "  " + Cell("type", kType) + "  " + Cell("cue", kCue) + "  " +
         Cell("content", kContent) + "  channel / time\n";
  for (std::size_t i = 0; i < doc.statements.size(); ++i) {
    const Statement& s = doc.statements[i];
    const Speaker* speaker = SpeakerOf(doc, s);
    std::string who = speaker != nullptr ? speaker->name : RangeText(doc, s.source);
    if (who.empty()) who = "?";
    std::string cue = RangeText(doc, s.cue);
    if (s.cue_particle >= 0) cue += " … " + RangeText(doc, TokenAt(s.cue_particle));
    if (cue.empty() && s.continues >= 0) cue = "(cont. #" + std::to_string(s.continues + 1) + ")";
    std::string context;
    auto add = [&context](const std::string& part) {
      if (part.empty()) return;
      if (!context.empty()) context += "; ";
      context += part;
    };
    add(RangeText(doc, s.channel));
    if (Sliceable(doc, s.addressee)) add("to " + RangeText(doc, s.addressee));
    std::string time = RangeText(doc, s.time);
    if (!s.date.empty()) time += time.empty() ? s.date : " (" + s.date + ")";
    add(time);
    if (CitedDocumentOf(doc, s) != nullptr) {
      std::string part = "[" + std::to_string(s.cited_document + 1) + "]";
      if (s.stance != Stance::kNone) part += " " + std::string(StanceName(s.stance));
      add(part);
    }
    std::string number = std::to_string(i + 1);
    out += std::string(number.size() < 4 ? 4 - number.size() : 0, ' ') + number + " " + Cell(who, kSpeaker) +
           "  " + Cell(StatementTypeName(s.type), kType) + "  " + Cell(cue, kCue) + "  " +
           Cell(RangeText(doc, s.content), kContent) + "  " + Cell(context, kContext, false);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  }
  if (!doc.speakers.empty()) out += "\nspeakers\n";
  for (const Speaker& sp : doc.speakers) {
    out += "  " + sp.name + " (" + std::string(SpeakerKindName(sp.kind));
    if (!sp.role.empty()) out += "; " + sp.role;
    if (!sp.affiliation.empty()) out += "; " + sp.affiliation;
    out += "): " + std::to_string(sp.mentions.size()) + " mentions\n";
  }
  if (!doc.cited_documents.empty()) out += "\ncited documents\n";
  for (std::size_t i = 0; i < doc.cited_documents.size(); ++i) {
    const CitedDocument& d = doc.cited_documents[i];
    out += "  [" + std::to_string(i + 1) + "] " + d.name;
    if (!d.author.empty()) out += "; author: " + d.author;
    std::string date = RangeText(doc, d.date);
    if (!d.resolved_date.empty()) date += date.empty() ? d.resolved_date : " (" + d.resolved_date + ")";
    if (!date.empty()) out += "; date: " + date;
    out += "; " + std::to_string(d.mentions.size()) + " mentions\n";
  }
  return out;
}

}  // namespace

std::string DocumentToTable(const Document& doc) {
  if ((doc.filled_columns & kColStatements) && !doc.statements.empty()) return StatementTable(doc);
  return OutlineTable(doc);
}

}  // namespace hearsay::io
