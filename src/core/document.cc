#include "hearsay/document.h"

namespace hearsay {

void Document::AddToken(ByteSpan span, TokenKind kind, std::uint8_t flags) {
  token_begin.push_back(span.begin);
  token_end.push_back(span.end);
  token_norm_id.push_back(HashString(text(span)));
  token_kind.push_back(kind);
  token_flags.push_back(static_cast<std::uint8_t>(flags & ~kNormDiffers));
}

void Document::AddToken(ByteSpan span, std::string_view norm, TokenKind kind, std::uint8_t flags) {
  if (norm == text(span)) return AddToken(span, kind, flags);
  token_begin.push_back(span.begin);
  token_end.push_back(span.end);
  token_norm_id.push_back(strings_.Intern(norm));
  token_kind.push_back(kind);
  token_flags.push_back(flags | kNormDiffers);
}

void Document::ClearAnnotations() {
  token_begin.clear();
  token_end.clear();
  token_norm_id.clear();
  token_kind.clear();
  token_flags.clear();
  upos.clear();
  xpos.clear();
  lemma.clear();
  head.clear();
  deprel.clear();
  entity.clear();
  paragraphs.clear();
  sentences.clear();
  entities.clear();
  quotations.clear();
  statements.clear();
  speakers.clear();
  cited_documents.clear();
  upos_names.reset();
  xpos_names.reset();
  deprel_names.reset();
  entity_names.reset();
  entity_type_names.reset();
  filled_columns = 0;
}

void Document::ResizeAnnotationColumns() {
  const std::size_t n = num_tokens();
  upos.assign(n, kNoLabel);
  xpos.assign(n, kNoLabel);
  lemma.assign(n, kEmptyString);
  head.assign(n, kNoHead);
  deprel.assign(n, kNoLabel);
  entity.assign(n, kNoLabel);
}

ByteSpan Document::CharsOf(TokenRange range) const {
  if (range.empty()) return {};
  return {token_begin[range.first], token_end[range.last - 1]};
}

std::string ColumnSetName(ColumnSet columns) {
  static constexpr std::pair<Column, const char*> kNames[] = {
      {kColTokens, "tokens"},
      {kColParagraphs, "paragraphs"},
      {kColSentences, "sentences"},
      {kColUpos, "upos"},
      {kColXpos, "xpos"},
      {kColLemma, "lemma"},
      {kColHead, "head"},
      {kColEntities, "entities"},
      {kColQuotations, "quotations"},
      {kColStatements, "statements"},
  };
  std::string out;
  for (const auto& [bit, name] : kNames) {
    if (columns & bit) {
      if (!out.empty()) out += ',';
      out += name;
    }
  }
  return out;
}

}  // namespace hearsay
