// Speaker coreference: turns the source mentions of Document::statements
// into Document::speakers, one per entity, each with a canonical name, a
// kind, and the role and affiliation the text states.
//
// Rules, in order (docs/attribution.md):
//   * a continued quotation takes the speaker of the statement it continues;
//   * a name (a proper-noun run or a person/organization/place entity)
//     joins the speaker whose name shares its last word ("Pokalchuk" →
//     "Oksana Pokalchuk"); the canonical name is the fullest such name in
//     the whole document, titles left out;
//   * he/she → the most recent person speaker within the last paragraphs,
//     else the most recent person named before; they → the most recent group
//     or organization speaker, else the plural subject of the sentence
//     before; it → the most recent organization or document; a person
//     named after that speaker and given the pronoun's gender by the text
//     ("by Justice Scalia, he said") is nearer and wins, and the subject of
//     a main clause after both, within three sentences, that is a person
//     of a compatible gender ("his dad was talking to me, and he told me")
//     is nearer still, the walk passing over the same pronoun as an earlier
//     subject (it carries the chain on from further back); a plural noun
//     for people after the latest group speaker — subject of the sentence
//     before, or an object earlier in the pronoun's own ("talk to
//     the citizen scientists and they say") — is nearer for they; him, her
//     and them resolve as he, she and they;
//   * you: the other party of a host-and-guest transcript's turn, or the
//     person a sentence of the paragraph addressed by title ("Mr.
//     President, …");
//   * I/me outside quotations: in an interview the interviewee (and "you"
//     in its questions); in a transcript whose host introduces themselves
//     ("I'm your host, Dave … joined by Alex") the host, or the guest on
//     alternate paragraphs; in a hearing, the person given the floor by
//     title and name ("Mr. Sova, please proceed.") on the turns after it
//     that are theirs (alternating with the questioner's, whose "you" is
//     that person); else a byline or letter signature; otherwise I/we/you
//     stay themselves (me named "I", us and the "'s" of "let's" "we");
//   * names never run across line breaks, sentence ends, dates or photo
//     credits ("Getty Images Trump" → Trump); a surname slip ("Bauchtman"
//     for "Buchtmann") joins the one person it is a slip of; an
//     organization takes its fullest "of" name ("the House" → "House of
//     Representatives") and spelled-out acronyms ("WHO"); names joined by
//     "and" that are not all people are one group named as written;
//   * a description ("the spokesman") joins an earlier speaker with the same
//     head noun; a definite role description in the first paragraph that no
//     one else matches is the person named as a speaker in the next two
//     paragraphs (the news lede convention: "The director of X resigned …" /
//     "Oksana Pokalchuk said …");
//   * role and affiliation come from the words before the name ("Amnesty
//     International Secretary General Agnes Callamard"), an apposition
//     ("Smith, a spokesman for the ministry,") or the description itself
//     ("the director of Amnesty International's office").
//
// Cost: the name look-ups read an index of proper nouns built once per
// document; a pronoun reads at most its sentence and the three before; an
// acronym's spelled-out name is still looked for over the whole document
// (once per acronym mention); the floors of a hearing are found in one
// pass over the paragraphs, on the first "I" or "you" outside quotations.
// Thread safety: stateless.
#pragma once

#include "hearsay/document.h"

namespace hearsay::attribution {

// Fills doc.speakers and every statement's `speaker`. Requires statements
// (FindStatements), tags, lemmas, the parse and entities.
void ResolveSpeakers(Document& doc);

}  // namespace hearsay::attribution
