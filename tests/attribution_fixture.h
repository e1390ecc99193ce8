// A Document whose attribution layers (statements, speakers, cited
// documents) are filled by hand, for testing everything downstream of them
// (JSON writer, flat statement lines, table, evaluation records) without the
// extractor. The story is invented for these tests; it has curly quotes,
// accents (one written with a combining mark), a euro sign and an emoji
// before later spans, so that code-point offsets differ from byte and UTF-16
// offsets.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "hearsay/document.h"
#include "hearsay/pipeline.h"

namespace hearsay::testing {

inline constexpr std::string_view kHarbourStory =
    "Harbour Council Approves Flood Wall\n"
    "\n"
    "BRANDVIK \xE2\x80\x94 \xE2\x80\x9CWe will not wait for the next storm,\xE2\x80\x9D Mayor Ingrid "
    "Solberg-\xC3\x98"
    "degaard said on Tuesday, standing by the cafe\xCC\x81 at the pier. \xF0\x9F\x8C\x8A\n"
    "\n"
    "The council\xE2\x80\x99s engineers wrote in a report released last week that the wall would cost "
    "\xE2\x82\xAC"
    "12 million, and Solberg-\xC3\x98"
    "degaard told Radio Brandvik she had \xE2\x80\x9Cno "
    "doubt\xE2\x80\x9D it would pay for itself.\n"
    "\n"
    "Critics disagreed. \xE2\x80\x9CThis report ignores the fishermen,\xE2\x80\x9D said Jos\xC3\xA9 "
    "N\xC3\xBA\xC3\xB1"
    "ez, who leads the harbour association. \xE2\x80\x9CIt is a plan made in an "
    "office.\xE2\x80\x9D The association accused the council of ignoring them.\n";

// The tokens covering the `occurrence`-th (0-based) appearance of `phrase`
// in the text; throws when the phrase is missing or does not start and end
// on token boundaries.
inline TokenRange TokensOf(const Document& doc, std::string_view phrase, int occurrence = 0) {
  std::size_t at = doc.text().find(phrase);
  for (int i = 0; i < occurrence && at != std::string::npos; ++i) at = doc.text().find(phrase, at + 1);
  if (at == std::string::npos) throw std::runtime_error("fixture: phrase not found: " + std::string(phrase));
  const std::size_t end = at + phrase.size();
  TokenRange r{0, 0};
  bool first = false, last = false;
  for (std::uint32_t t = 0; t < doc.num_tokens(); ++t) {
    if (doc.token_begin[t] == at) r.first = t, first = true;
    if (doc.token_end[t] == end) r.last = t + 1, last = true;
  }
  if (!first || !last || r.last <= r.first)
    throw std::runtime_error("fixture: phrase not on token boundaries: " + std::string(phrase));
  return r;
}

// The `occurrence`-th (0-based) token whose text is `word`.
inline std::int32_t TokenOf(const Document& doc, std::string_view word, int occurrence = 0) {
  for (std::uint32_t t = 0; t < doc.num_tokens(); ++t)
    if (doc.token_text(t) == word && occurrence-- == 0) return static_cast<std::int32_t>(t);
  throw std::runtime_error("fixture: no such token: " + std::string(word));
}

// kHarbourStory segmented by the tokenizer, sentence splitter and quotation
// finder, with six statements, three speakers and one cited document filled
// by hand (docs/schema.md uses the same story for its examples).
inline Document HarbourDocument() {
  DocumentMetadata metadata;
  metadata.id = "fixture-harbour";
  metadata.url = "https://example.org/harbour-wall";
  metadata.source = "Example Gazette";
  metadata.published = "2031-05-15";
  metadata.title = "Harbour Council Approves Flood Wall";
  Document doc(std::string(kHarbourStory), metadata);
  auto pipeline = Pipeline::FromNames({"tokenizer", "sentences", "quotations"});
  if (!pipeline.ok()) throw std::runtime_error(pipeline.status().ToString());
  if (Status s = pipeline->Process(doc); !s.ok()) throw std::runtime_error(s.ToString());

  Speaker mayor;
  mayor.name =
      "Ingrid Solberg-\xC3\x98"
      "degaard";
  mayor.kind = SpeakerKind::kPerson;
  mayor.role = "Mayor";
  mayor.mentions = {TokensOf(doc,
                             "Mayor Ingrid Solberg-\xC3\x98"
                             "degaard"),
                    TokensOf(doc,
                             "Solberg-\xC3\x98"
                             "degaard",
                             1),
                    TokensOf(doc, "she")};
  Speaker engineers;
  engineers.name = "the council\xE2\x80\x99s engineers";
  engineers.kind = SpeakerKind::kGroup;
  engineers.affiliation = "Harbour Council";
  engineers.mentions = {TokensOf(doc, "The council\xE2\x80\x99s engineers")};
  Speaker nunez;
  nunez.name =
      "Jos\xC3\xA9 N\xC3\xBA\xC3\xB1"
      "ez";
  nunez.kind = SpeakerKind::kPerson;
  nunez.role = "leader";
  nunez.affiliation = "harbour association";
  nunez.mentions = {TokensOf(doc,
                             "Jos\xC3\xA9 N\xC3\xBA\xC3\xB1"
                             "ez")};
  doc.speakers = {mayor, engineers, nunez};

  CitedDocument report;
  report.name = "the engineers\xE2\x80\x99 report";
  report.mentions = {TokensOf(doc, "a report"), TokensOf(doc, "This report")};
  report.author = "the council\xE2\x80\x99s engineers";
  report.date = TokensOf(doc, "last week");
  doc.cited_documents = {report};

  Statement s0;  // “We will not wait …,” Mayor … said on Tuesday
  s0.type = StatementType::kDirect;
  s0.content = TokensOf(doc, "We will not wait for the next storm,");
  s0.cue = TokensOf(doc, "said");
  s0.source = TokensOf(doc,
                       "Mayor Ingrid Solberg-\xC3\x98"
                       "degaard");
  s0.speaker = 0;
  s0.time = TokensOf(doc, "on Tuesday");
  s0.date = "2031-05-13";
  s0.confidence = 0.9f;

  Statement s1;  // The council’s engineers wrote in a report … that …
  s1.type = StatementType::kIndirect;
  s1.cue_class = CueClass::kWriting;
  s1.content = TokensOf(doc,
                        "the wall would cost \xE2\x82\xAC"
                        "12 million");
  s1.cue = TokensOf(doc, "wrote");
  s1.source = TokensOf(doc, "The council\xE2\x80\x99s engineers");
  s1.speaker = 1;
  s1.channel = TokensOf(doc, "a report");
  s1.cited_document = 0;
  s1.stance = Stance::kCites;
  s1.confidence = 0.75f;

  Statement s2;  // … told Radio Brandvik she had “no doubt” it would pay for itself
  s2.type = StatementType::kMixed;
  s2.content = TokensOf(doc, "she had \xE2\x80\x9Cno doubt\xE2\x80\x9D it would pay for itself");
  s2.cue = TokensOf(doc, "told");
  s2.source = TokensOf(doc,
                       "Solberg-\xC3\x98"
                       "degaard",
                       1);
  s2.speaker = 0;
  s2.addressee = TokensOf(doc, "Radio Brandvik");
  s2.confidence = 0.6f;

  Statement s3;  // “This report ignores the fishermen,” said José Núñez
  s3.type = StatementType::kDirect;
  s3.content = TokensOf(doc, "This report ignores the fishermen,");
  s3.cue = TokensOf(doc, "said", 1);
  s3.source = TokensOf(doc,
                       "Jos\xC3\xA9 N\xC3\xBA\xC3\xB1"
                       "ez");
  s3.speaker = 2;
  s3.cited_document = 0;
  s3.stance = Stance::kCriticise;
  s3.confidence = 0.95f;

  Statement s4;  // “It is a plan made in an office.” — continues s3, no cue of its own
  s4.type = StatementType::kDirect;
  s4.content = TokensOf(doc, "It is a plan made in an office.");
  s4.speaker = 2;
  s4.continues = 3;
  s4.cited_document = 0;
  s4.stance = Stance::kCriticise;
  s4.confidence = 0.8f;

  Statement s5;  // The association accused the council of ignoring them. — no resolved speaker
  s5.type = StatementType::kIndirect;
  s5.cue_class = CueClass::kOther;
  s5.content = TokensOf(doc, "ignoring them");
  s5.cue = TokensOf(doc, "accused");
  s5.cue_particle = TokenOf(doc, "of", 0);
  s5.source = TokensOf(doc, "The association");
  s5.confidence = 0.5f;

  doc.statements = {s0, s1, s2, s3, s4, s5};
  doc.filled_columns |= kColStatements;
  return doc;
}

}  // namespace hearsay::testing
