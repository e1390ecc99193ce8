#include "io/document_json.h"

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

nlohmann::ordered_json DocumentToJson(const Document& doc) {
  using json = nlohmann::ordered_json;
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
    if (doc.filled_columns & kColEntities) token["entity"] = Document::LabelName(doc.entity_names, doc.entity[t]);
    tokens.push_back(std::move(token));
  }
  out["tokens"] = std::move(tokens);
  return out;
}

std::string DocumentToTable(const Document& doc) {
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

}  // namespace hearsay::io
