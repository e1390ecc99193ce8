// Statement context: channels, addressees, times and cited documents.
//
// Runs inside the attribution stage after statements and speakers are found
// (Document::statements filled with content, cue, source and speaker). Fills,
// for every statement, the fields the statement's sentence (and, for a
// continued quotation, the statement it continues) states:
//   * channel: "in a message posted on Facebook" → Facebook, "in a press
//     release", "took to social media", "in an interview with X", "on Twitter";
//   * addressee: "told Reuters" → Reuters;
//   * time: "on Friday", "Thursday", "last week", "on Aug. 4", resolved to
//     `date` (YYYY-MM-DD) when the document's publication date is known;
// and builds Document::cited_documents: mentions of reports, studies,
// statements, letters, press releases, lawsuits ... linked within the
// document ("a report" = "The document" = "the AI report"), with author and
// date where stated; each statement that involves one gets cited_document and
// a stance (the document is the source, or the statement cites it, uses it as
// evidence, supports, criticises or rejects it).
//
// Requires tokens, sentences, upos, lemma, head/deprel and entities.
// Thread safety: stateless functions; the lexicons are immutable statics.
#pragma once

#include "hearsay/document.h"

namespace hearsay::attribution {

// Channel, addressee and time of every statement (fields left empty when the
// text does not state them).
void AttachChannelsAndTimes(Document& doc);

// Document::cited_documents, and cited_document + stance of the statements
// that involve one.
void LinkCitedDocuments(Document& doc);

}  // namespace hearsay::attribution
