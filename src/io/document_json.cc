#include "io/document_json.h"

#include <algorithm>
#include <cmath>

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

// {"start", "end", "text", "tokens"} of a token range, or null when it is empty.
json SpanJson(const Document& doc, const CodePointIndex& cp, TokenRange r) {
  if (!Sliceable(doc, r)) return nullptr;
  const ByteSpan b = doc.CharsOf(r);
  return {{"start", cp(b.begin)}, {"end", cp(b.end)}, {"text", doc.text(b)}, {"tokens", {r.first, r.last}}};
}

json SpanList(const Document& doc, const CodePointIndex& cp, const std::vector<TokenRange>& ranges) {
  json out = json::array();
  for (const TokenRange& r : ranges)
    if (Sliceable(doc, r)) out.push_back(SpanJson(doc, cp, r));
  return out;
}

json StringOrNull(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

// An index into a table of `size` entries, or null (kNone, or out of range).
json IndexOrNull(std::int32_t index, std::size_t size) {
  return index >= 0 && static_cast<std::size_t>(index) < size ? json(index) : json(nullptr);
}

// Clamped to [0, 1] and rounded to three decimals, so that a float's binary
// noise (0.800000011920929) does not reach the output.
double Confidence(float c) {
  if (!(c > 0)) return 0;
  if (c >= 1) return 1;
  return std::round(static_cast<double>(c) * 1000) / 1000;
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

json StatementJson(const Document& doc, const CodePointIndex& cp, const Statement& s) {
  const Speaker* speaker = SpeakerOf(doc, s);
  json out = json::object();
  out["type"] = StatementTypeName(s.type);
  out["cue_class"] = CueClassName(s.cue_class);
  out["content"] = SpanJson(doc, cp, s.content);
  out["speaker"] = IndexOrNull(s.speaker, doc.speakers.size());
  out["speaker_name"] = speaker != nullptr ? StringOrNull(speaker->name) : json(nullptr);
  out["speaker_mention"] = SpanJson(doc, cp, s.source);
  out["cue"] = SpanJson(doc, cp, s.cue);
  out["cue_particle"] = SpanJson(doc, cp, TokenAt(s.cue_particle));
  out["continues"] = IndexOrNull(s.continues, doc.statements.size());
  out["channel"] = SpanJson(doc, cp, s.channel);
  out["addressee"] = SpanJson(doc, cp, s.addressee);
  out["time"] = SpanJson(doc, cp, s.time);
  out["date"] = StringOrNull(s.date);
  out["cited_document"] = IndexOrNull(s.cited_document, doc.cited_documents.size());
  out["stance"] = s.stance == Stance::kNone ? json(nullptr) : json(StanceName(s.stance));
  out["confidence"] = Confidence(s.confidence);
  return out;
}

json SpeakerJson(const Document& doc, const CodePointIndex& cp, const Speaker& s) {
  return {{"name", s.name},
          {"kind", SpeakerKindName(s.kind)},
          {"role", StringOrNull(s.role)},
          {"affiliation", StringOrNull(s.affiliation)},
          {"mentions", SpanList(doc, cp, s.mentions)}};
}

json CitedDocumentJson(const Document& doc, const CodePointIndex& cp, const CitedDocument& d) {
  return {{"name", d.name},
          {"author", StringOrNull(d.author)},
          {"date", SpanJson(doc, cp, d.date)},
          {"resolved_date", StringOrNull(d.resolved_date)},
          {"mentions", SpanList(doc, cp, d.mentions)}};
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

nlohmann::ordered_json DocumentToJson(const Document& doc) {
  const CodePointIndex cp(doc.text());
  const DocumentMetadata& m = doc.metadata();
  json out = json::object();
  out["schema_version"] = kDocumentSchemaVersion;
  out["id"] = m.id;
  for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"url", &m.url},
                                   {"source", &m.source},
                                   {"published", &m.published},
                                   {"title", &m.title}}) {
    if (!value->empty()) out[key] = *value;
  }
  if (!m.authors.empty()) out["authors"] = m.authors;
  out["language"] = m.language;
  if (!m.extra_json.empty()) out["extra"] = json::parse(m.extra_json, nullptr, false);
  out["text"] = doc.text();

  json paragraphs = json::array();
  std::size_t s = 0;
  for (const Paragraph& p : doc.paragraphs) {
    const ByteSpan chars = doc.CharsOf(p.tokens);
    json sentence_ids = json::array();
    for (; s < doc.sentences.size() && doc.sentences[s].first < p.tokens.last; ++s) sentence_ids.push_back(s);
    paragraphs.push_back({{"start", cp(chars.begin)},
                          {"end", cp(chars.end)},
                          {"tokens", {p.tokens.first, p.tokens.last}},
                          {"sentences", sentence_ids}});
  }
  out["paragraphs"] = std::move(paragraphs);

  json sentences = json::array();
  for (const TokenRange& r : doc.sentences) {
    const ByteSpan span = doc.CharsOf(r);
    sentences.push_back({{"start", cp(span.begin)}, {"end", cp(span.end)}, {"tokens", {r.first, r.last}}});
  }
  out["sentences"] = std::move(sentences);

  if (doc.filled_columns & kColEntities) {
    json entities = json::array();
    for (const EntityMention& e : doc.entities) {
      const ByteSpan span = doc.CharsOf(e.tokens);
      entities.push_back({{"start", cp(span.begin)},
                          {"end", cp(span.end)},
                          {"text", doc.text(span)},
                          {"type", Document::LabelName(doc.entity_type_names, e.type)},
                          {"tokens", {e.tokens.first, e.tokens.last}}});
    }
    out["entities"] = std::move(entities);
  }

  if (doc.filled_columns & kColQuotations) {
    json quotations = json::array();
    for (const Quotation& q : doc.quotations) {
      // Content span in characters; an empty quotation is an empty span at its position.
      const std::uint32_t begin =
          q.content.empty() ? doc.token_end[q.open] : doc.token_begin[q.content.first];
      const std::uint32_t end = q.content.empty() ? begin : doc.token_end[q.content.last - 1];
      json quotation = {
          {"start", cp(begin)}, {"end", cp(end)}, {"tokens", {q.content.first, q.content.last}}};
      quotation["open_mark"] = q.open >= 0 ? json(q.open) : json(nullptr);
      quotation["close_mark"] = q.close >= 0 ? json(q.close) : json(nullptr);
      if (q.continues >= 0) quotation["continues"] = q.continues;
      if (q.depth > 0) quotation["depth"] = q.depth;
      quotations.push_back(std::move(quotation));
    }
    out["quotations"] = std::move(quotations);
  }

  if (doc.filled_columns & kColStatements) {
    json statements = json::array();
    for (const Statement& s : doc.statements) statements.push_back(StatementJson(doc, cp, s));
    out["statements"] = std::move(statements);
    json speakers = json::array();
    for (const Speaker& s : doc.speakers) speakers.push_back(SpeakerJson(doc, cp, s));
    out["speakers"] = std::move(speakers);
    json cited = json::array();
    for (const CitedDocument& d : doc.cited_documents) cited.push_back(CitedDocumentJson(doc, cp, d));
    out["cited_documents"] = std::move(cited);
  }

  json tokens = json::array();
  for (std::uint32_t t = 0; t < doc.num_tokens(); ++t) {
    json token = {{"start", cp(doc.token_begin[t])},
                  {"end", cp(doc.token_end[t])},
                  {"text", doc.token_text(t)},
                  {"kind", TokenKindName(doc.token_kind[t])}};
    if (doc.token_norm(t) != doc.token_text(t)) token["norm"] = doc.token_norm(t);
    if (doc.token_flags[t] & kSpaceAfter) token["space_after"] = true;
    if (doc.filled_columns & kColUpos) token["upos"] = Document::LabelName(doc.upos_names, doc.upos[t]);
    if (doc.filled_columns & kColXpos) token["xpos"] = Document::LabelName(doc.xpos_names, doc.xpos[t]);
    if (doc.filled_columns & kColLemma) token["lemma"] = doc.strings().Lookup(doc.lemma[t]);
    if (doc.filled_columns & kColHead) {
      token["head"] = doc.head[t];  // token index; -1 for a sentence root
      token["deprel"] = Document::LabelName(doc.deprel_names, doc.deprel[t]);
    }
    if (doc.filled_columns & kColEntities)
      token["entity"] = Document::LabelName(doc.entity_names, doc.entity[t]);
    tokens.push_back(std::move(token));
  }
  out["tokens"] = std::move(tokens);
  return out;
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
