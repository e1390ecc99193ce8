#include "eval/conllu.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <string_view>

namespace hearsay::eval {
namespace {

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = line.find('\t', start);
    fields.push_back(
        line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return fields;
}

bool ParseInt(std::string_view s, int* out) {
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool HasSpaceAfterNo(std::string_view misc) {
  std::size_t start = 0;
  while (start <= misc.size()) {
    const std::size_t bar = misc.find('|', start);
    const std::string_view item =
        misc.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
    if (item == "SpaceAfter=No") return true;
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return false;
}

}  // namespace

Result<std::vector<ConlluDocument>> ReadConlluFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::kNotFound, path + ": cannot open");
  std::vector<ConlluDocument> docs;
  ConlluSentence sentence;
  bool pending_paragraph = false;
  std::size_t mwt_end = 0;  // 1-based id of the last word of the open multiword token
  std::string line;
  std::size_t line_number = 0;
  auto where = [&] { return path + ":" + std::to_string(line_number) + ": "; };
  auto finish_sentence = [&] {
    if (sentence.words.empty()) return;
    if (docs.empty()) docs.push_back({std::filesystem::path(path).stem().string(), {}});
    docs.back().sentences.push_back(std::move(sentence));
    sentence = ConlluSentence();
    mwt_end = 0;
  };
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      finish_sentence();
      continue;
    }
    if (line[0] == '#') {
      std::string_view comment(line);
      if (comment.starts_with("# newdoc")) {
        finish_sentence();
        const std::size_t eq = comment.find("id =");
        docs.push_back(
            {eq == std::string_view::npos ? std::string() : std::string(comment.substr(eq + 5)), {}});
        pending_paragraph = true;
      } else if (comment.starts_with("# newpar")) {
        if (!comment.starts_with("# newpar_")) pending_paragraph = true;
      } else if (comment.starts_with("# sent_id = ")) {
        sentence.sent_id = std::string(comment.substr(12));
      }
      continue;
    }
    const auto f = SplitTabs(line);
    if (f.size() != 10)
      return Status(StatusCode::kMalformedRecord, where() + "expected 10 tab-separated fields");
    const std::string_view id = f[0];
    if (id.find('.') != std::string_view::npos) continue;  // empty nodes carry no text
    if (sentence.words.empty() && sentence.tokens.empty()) {
      sentence.new_paragraph = pending_paragraph;
      pending_paragraph = false;
    }
    const std::size_t dash = id.find('-');
    if (dash != std::string_view::npos) {
      int first = 0, last = 0;
      if (!ParseInt(id.substr(0, dash), &first) || !ParseInt(id.substr(dash + 1), &last) || last < first)
        return Status(StatusCode::kMalformedRecord,
                      where() + "bad multiword token range '" + std::string(id) + "'");
      ConlluToken token;
      token.form = std::string(f[1]);
      token.first_word = static_cast<std::uint32_t>(first - 1);
      token.last_word = static_cast<std::uint32_t>(last);
      token.space_after = !HasSpaceAfterNo(f[9]);
      sentence.tokens.push_back(std::move(token));
      mwt_end = static_cast<std::size_t>(last);
      continue;
    }
    int word_id = 0;
    if (!ParseInt(id, &word_id) || word_id != static_cast<int>(sentence.words.size()) + 1)
      return Status(StatusCode::kMalformedRecord,
                    where() + "word id '" + std::string(id) + "' out of sequence");
    ConlluWord word;
    word.form = std::string(f[1]);
    word.lemma = std::string(f[2]);
    word.upos = std::string(f[3]);
    word.xpos = std::string(f[4]);
    word.feats = std::string(f[5]);
    word.deprel = std::string(f[7]);
    word.misc = std::string(f[9]);
    if (f[6] != "_" && !ParseInt(f[6], &word.head))
      return Status(StatusCode::kMalformedRecord, where() + "bad head '" + std::string(f[6]) + "'");
    const bool inside_mwt = static_cast<std::size_t>(word_id) <= mwt_end;
    if (!inside_mwt) {
      ConlluToken token;
      token.form = word.form;
      token.first_word = static_cast<std::uint32_t>(word_id - 1);
      token.last_word = static_cast<std::uint32_t>(word_id);
      token.space_after = !HasSpaceAfterNo(word.misc);
      sentence.tokens.push_back(std::move(token));
    }
    sentence.words.push_back(std::move(word));
  }
  finish_sentence();
  return docs;
}

Result<std::vector<ConlluDocument>> ReadConlluDirectory(const std::string& dir) {
  std::error_code ec;
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".conllu") files.push_back(entry.path().string());
  }
  if (ec) return Status(StatusCode::kNotFound, dir + ": cannot list directory: " + ec.message());
  if (files.empty()) return Status(StatusCode::kNotFound, dir + ": no .conllu files");
  std::sort(files.begin(), files.end());
  std::vector<ConlluDocument> docs;
  for (const auto& file : files) {
    auto part = ReadConlluFile(file);
    if (!part.ok()) return part.status();
    for (auto& d : part.value()) docs.push_back(std::move(d));
  }
  return docs;
}

RebuiltText RebuildText(const ConlluDocument& doc) {
  RebuiltText out;
  for (std::size_t s = 0; s < doc.sentences.size(); ++s) {
    const ConlluSentence& sentence = doc.sentences[s];
    if (s > 0) out.text += sentence.new_paragraph ? "\n\n" : " ";
    const auto sentence_begin = static_cast<std::uint32_t>(out.text.size());
    for (std::size_t t = 0; t < sentence.tokens.size(); ++t) {
      const ConlluToken& token = sentence.tokens[t];
      const auto begin = static_cast<std::uint32_t>(out.text.size());
      out.text += token.form;
      // Words of a multiword token get their share of its span when their
      // forms spell it out (GUM's country|'s); otherwise all get the token's span.
      std::string joined;
      for (std::uint32_t w = token.first_word; w < token.last_word; ++w) joined += sentence.words[w].form;
      std::uint32_t offset = begin;
      for (std::uint32_t w = token.first_word; w < token.last_word; ++w) {
        if (joined == token.form) {
          const auto len = static_cast<std::uint32_t>(sentence.words[w].form.size());
          out.words.push_back({offset, offset + len});
          offset += len;
        } else {
          out.words.push_back({begin, static_cast<std::uint32_t>(out.text.size())});
        }
      }
      if (token.space_after && t + 1 < sentence.tokens.size()) out.text += ' ';
    }
    out.sentences.push_back({sentence_begin, static_cast<std::uint32_t>(out.text.size())});
    out.sentence_starts_paragraph.push_back(s == 0 || sentence.new_paragraph);
  }
  return out;
}

}  // namespace hearsay::eval

namespace hearsay::eval {

Document GoldDocument(const ConlluDocument& cdoc) {
  RebuiltText gold = RebuildText(cdoc);
  DocumentMetadata meta;
  meta.id = cdoc.id;
  Document doc(gold.text, std::move(meta));
  std::size_t w = 0;
  for (std::size_t s = 0; s < cdoc.sentences.size(); ++s) {
    const ConlluSentence& sentence = cdoc.sentences[s];
    const auto first = doc.num_tokens();
    if (gold.sentence_starts_paragraph[s]) doc.paragraphs.push_back({{first, first}});
    for (std::size_t k = 0; k < sentence.words.size(); ++k, ++w) {
      const ByteSpan span = gold.words[w];
      const std::string_view form = doc.text(span);
      bool digits = !form.empty(), punct = !form.empty();
      for (unsigned char c : form) {
        digits &= (c >= '0' && c <= '9') || c == ',' || c == '.';
        punct &= c < 128 && std::ispunct(c);
      }
      const TokenKind kind = punct ? TokenKind::kPunct : digits ? TokenKind::kNumber : TokenKind::kWord;
      std::uint8_t flags = 0;
      if (k == 0 && gold.sentence_starts_paragraph[s]) flags |= kParagraphStart | kNewlineBefore;
      if (w + 1 < gold.words.size() && gold.words[w + 1].begin > span.end) flags |= kSpaceAfter;
      doc.AddToken(span, form, kind, flags);
    }
    doc.sentences.push_back({first, doc.num_tokens()});
    doc.paragraphs.back().tokens.last = doc.num_tokens();
  }
  doc.filled_columns = kColTokens | kColParagraphs | kColSentences;
  return doc;
}

std::vector<int> AlignToGold(const Document& predicted, const RebuiltText& gold) {
  std::vector<int> out(gold.words.size(), -1);
  std::uint32_t t = 0;
  for (std::size_t w = 0; w < gold.words.size(); ++w) {
    while (t < predicted.num_tokens() && predicted.token_begin[t] < gold.words[w].begin) ++t;
    if (t < predicted.num_tokens() && predicted.token_span(t) == gold.words[w]) out[w] = static_cast<int>(t);
  }
  return out;
}

}  // namespace hearsay::eval
