#include "attribution/statements.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "attribution/context.h"
#include "attribution/cues.h"
#include "attribution/parse_view.h"
#include "attribution/speakers.h"
#include "attribution/words.h"

namespace hearsay::attribution {
namespace {

bool Overlaps(TokenRange a, TokenRange b) {
  return a.first < b.last && b.first < a.last;
}

// Relations whose subtrees are not part of a noun phrase's mention: what a
// relative clause, an apposition or a parenthetical adds is said about the
// mention, not part of its name.
bool IsMentionExternal(std::string_view rel) {
  return IsIn(rel, {"acl:relcl", "acl", "appos", "parataxis", "punct", "dep", "discourse", "dislocated",
                    "case", "mark", "cc"});
}

class Sieves {
 public:
  Sieves(Document& doc, const std::vector<TokenRange>& learned_cues, const ContentModel* contents)
      : doc_(doc), view_(doc), learned_cues_(learned_cues), contents_(contents) {
    learned_.assign(doc.num_tokens(), false);
    for (TokenRange r : learned_cues)
      for (std::uint32_t t = r.first; t < r.last && t < doc.num_tokens(); ++t) learned_[t] = true;
  }

  void Run() {
    doc_.statements.clear();
    const std::uint32_t n = view_.size();
    is_cue_.assign(n, false);
    sieve1_cue_.assign(n, false);
    for (std::uint32_t t = 0; t < n; ++t) is_cue_[t] = IsCueVerb(t);
    for (std::uint32_t t = 0; t < n; ++t) {
      if (is_cue_[t]) CueVerbSieve(t);
      if (view_.lemma(t) == "accord" || view_.text(t) == "according" || view_.text(t) == "According")
        AccordingToSieve(t);
    }
    QuotationSieve();
    HeadlineSieve();
    if (contents_ != nullptr) LearnedCueSieve();
    DropNestedWithoutSource();
    DropNestedBeliefs();
    CutAtAppendedCues();
    CutAtCoordinatedCues();
    for (Statement& s : doc_.statements) SetType(s);
    std::stable_sort(
        doc_.statements.begin(), doc_.statements.end(),
        [](const Statement& a, const Statement& b) { return a.content.first < b.content.first; });
    // `continues` was recorded as a content start; turn it into an index now
    // that the order is final.
    for (Statement& s : doc_.statements) {
      if (s.continues == kNone) continue;
      const std::uint32_t start = static_cast<std::uint32_t>(s.continues);
      s.continues = kNone;
      for (std::size_t i = 0; i < doc_.statements.size(); ++i)
        if (doc_.statements[i].content.first == start) s.continues = static_cast<std::int32_t>(i);
    }
  }

 private:
  // ---- sieve 1: cue verbs ----

  bool IsCueVerb(std::uint32_t t) const {
    if (view_.upos(t) != "VERB") return false;
    // A cue inside a quotation is the quoted person's own report of speech;
    // nested statements are left out for now.
    if (view_.quotation_of(t) != kNone) return false;
    // "the published report", "a so-called expert": participles used as
    // adjectives are not acts of saying.
    if (IsIn(view_.deprel(t), {"amod", "compound"})) return false;
    if (view_.deprel(t) == "acl" && view_.xpos(t) == "VBN") return false;  // "a group called X"
    if (t > 0 && view_.text(t - 1) == "so-") return false;
    // "according to" has a sieve of its own.
    if (view_.text(t) == "according" || view_.text(t) == "According") return false;
    if (IsDiscourseMarker(t)) return false;
    return Cue(t) != nullptr;
  }

  // "You know, I remember …", "it was, you know, sold out", "I mean, …":
  // "you know", "you see" and "I mean" set off by punctuation after them
  // are fillers of talk, not reports of what someone knows, sees or means
  // (GUM train: 97 such statements found, 1 annotated; the clause after the
  // filler keeps its own cue). Followed by a clause or an object ("you
  // know that X", "you see what I mean") they stay cues.
  bool IsDiscourseMarker(std::uint32_t t) const {
    if (t == 0 || t + 1 >= view_.size() || view_.sentence_of(t - 1) != view_.sentence_of(t)) return false;
    const std::string subject = AsciiLower(view_.text(t - 1));
    const std::string verb = AsciiLower(view_.text(t));
    const bool filler =
        (subject == "you" && IsIn(verb, {"know", "see"})) || (subject == "i" && verb == "mean");
    if (!filler) return false;
    // Punctuation right after it, or the end of its paragraph.
    return view_.paragraph_of(t + 1) != view_.paragraph_of(t) ||
           IsIn(view_.text(t + 1), {",", ".", "?", "!", "—", "–", "-", "--", "...", "…"});
  }

  // The lexicon's entry for t's lemma; for a verb the learned detector marks
  // as a cue but the lexicon lacks ("plans", "blasted"), a generic entry:
  // another act, its object and clause as content.
  const CueInfo* Cue(std::uint32_t t) const {
    if (const CueInfo* info = LookupCue(LowerLemma(t))) return info;
    static constexpr CueInfo kLearned{CueClass::kOther, CueFrame::kObjectAndClause, false};
    // With the learned content model such verbs are left to sieve 5, whose
    // learned content (or "no content") beat the object-and-clause rule on
    // PolNeAR dev.
    if (contents_ != nullptr) return nullptr;
    return learned_[t] ? &kLearned : nullptr;
  }

  std::string_view LowerLemma(std::uint32_t t) const {
    // Lemmas of sentence-initial verbs keep their capital ("Asked").
    std::string_view lemma = view_.lemma(t);
    if (!lemma.empty() && lemma[0] >= 'A' && lemma[0] <= 'Z') {
      lower_buffer_.assign(lemma);
      for (char& c : lower_buffer_)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      return lower_buffer_;
    }
    return lemma;
  }

  void CueVerbSieve(std::uint32_t v) {
    const CueInfo& cue = *Cue(v);
    Statement s;
    s.cue = {v, v + 1};
    s.cue_class = cue.cue_class;
    // "“…,” she said" and "said: “…”": the quotation next to the cue is the
    // content, whatever the parse hangs on the verb; the quotation sieve
    // pairs them.
    if (!cue.needs_clause && QuotationNextTo(v)) {
      bare_cues_.push_back(v);
      return;
    }
    TokenRange content = TailContent(v);
    if (content.empty()) content = ThatContent(v, cue);
    if (content.empty()) content = ClauseContent(v);
    if (content.empty() && cue.frame == CueFrame::kObjectAndClause) content = ObjectContent(v, s);
    if (!content.empty()) content = Extend(content, v);
    if (content.empty()) {
      // A verb of saying with no content of its own may still introduce a
      // quotation ("…,” she said.); the quotation sieve pairs them.
      if (!cue.needs_clause) bare_cues_.push_back(v);
      return;
    }
    s.content = content;
    s.source = Source(v);
    sieve1_cue_[v] = true;
    // A cue only the learned detector knows is less certain than a verb of
    // the lexicon (and is often an act rather than speech: "justified").
    const bool lexicon = LookupCue(LowerLemma(v)) != nullptr;
    s.confidence = s.source.empty() ? (lexicon ? 0.5f : 0.4f) : (lexicon ? 0.85f : 0.6f);
    doc_.statements.push_back(s);
  }

  // Whether a quotation closes just before v (only its subject between:
  // "…,” she said) or opens just after it (", “" or ": “"), in v's sentence,
  // and says something. A title or scare quote there ("The Truman Show."
  // ending the sentence before "She says he is …"; "called Trump a
  // “blowhard,” and said his remarks …"; "said “zero” voters would …") is
  // left to the quotation sieve, which skips it, so the cue keeps its own
  // clause: on PolNeAR train such cues were statements missed entirely.
  bool QuotationNextTo(std::uint32_t v) const {
    const std::uint32_t paragraph = view_.paragraph_of(v);
    const std::uint32_t sentence = view_.sentence_of(v);
    // An object-and-clause cue keeps any quotation next to it for sieve 3
    // ("is called “Low Tide.”" is no statement either way).
    const bool object_frame = Cue(v)->frame == CueFrame::kObjectAndClause;
    auto says_something = [&](std::uint32_t t) {
      const Quotation& q = doc_.quotations[static_cast<std::uint32_t>(view_.quotation_of(t))];
      return object_frame || q.continues != kNone || LooksLikeStatement(Trim(q.content, false));
    };
    for (std::uint32_t t = v; t > 0 && v - t < 5;) {
      --t;
      if (view_.paragraph_of(t) != paragraph || view_.sentence_of(t) != sentence) break;
      if (view_.quotation_of(t) != kNone) return view_.IsPunct(t) && says_something(t);
      if (IsIn(view_.upos(t), {"VERB", "CCONJ"}) || view_.text(t) == ".") break;
    }
    for (std::uint32_t t = v + 1; t < view_.size() && t <= v + 3; ++t) {
      if (view_.paragraph_of(t) != paragraph) break;
      if (view_.quotation_of(t) != kNone) return says_something(t);
      if (!IsIn(view_.text(t), {",", ":"})) break;
    }
    return false;
  }

  // Parsers cut reported clauses short (a relative clause or an adverbial
  // attached to the main verb); in news the content after the cue runs to
  // the end of the sentence, and the content before it from the sentence
  // start. The extension stops at another cue (", adding …", "and called
  // for …") and at a semicolon.
  TokenRange Extend(TokenRange content, std::uint32_t v) const {
    const TokenRange sentence = doc_.sentences[view_.sentence_of(v)];
    if (content.first > v) {
      // "Discussing the storm in a statement, the minister said …": an
      // adverbial clause before its main clause reports no more than itself.
      const std::int32_t head = view_.head(v);
      const std::uint32_t end = view_.base_deprel(v) == "advcl" && head > static_cast<std::int32_t>(v)
                                    ? view_.Subtree(v).last
                                    : sentence.last;
      std::uint32_t last = content.last;
      while (last < end && !is_cue_[last] && view_.text(last) != ";") ++last;
      // Leave out the conjunction or comma before a following cue.
      while (last > content.last && (view_.IsPunct(last - 1) || IsIn(view_.upos(last - 1), {"CCONJ"})) &&
             last < sentence.last && is_cue_[last])
        --last;
      return Trim({content.first, last}, false);
    }
    if (content.last <= v) {
      std::uint32_t first = content.first;
      while (first > sentence.first && !is_cue_[first - 1] && view_.text(first - 1) != ";" &&
             view_.quotation_of(first - 1) == view_.quotation_of(content.first))
        --first;
      return Trim({first, content.last}, false);
    }
    return content;
  }

  // "X, a source said." / "X, said Douglas Holtz-Eakin, an economist.": a
  // reporting clause closing the sentence reports everything before it
  // (parsers attach it as a conjunct, a parataxis or a ccomp head alike).
  // "X, he said, Y.": a reporting clause set between commas inside the
  // reported clause reports both sides; the content is then X to Y, the
  // reporting clause inside it (as GUM annotates "who would help, she
  // assumed, this poet"; PolNeAR's records leave it out, see
  // eval/attribution_records.cc).
  TokenRange TailContent(std::uint32_t v) const {
    const TokenRange sentence = doc_.sentences[view_.sentence_of(v)];
    // "X, when asked about it, said …": a clause opened by a conjunction or
    // "when" is adverbial, not a reporting clause.
    for (std::uint32_t c : view_.children(v))
      if (c < v && (view_.base_deprel(c) == "mark" || view_.xpos(c) == "WRB")) return {};
    // After the cue: no verb until the sentence ends ("… said on Monday.").
    std::uint32_t after = 0;
    std::uint32_t comma_after = 0;  // the comma closing the reporting clause, if any
    for (std::uint32_t t = v + 1; t < sentence.last; ++t) {
      if (view_.quotation_of(t) != kNone || IsIn(view_.upos(t), {"VERB", "AUX"})) return {};
      if (view_.text(t) == ",") {  // an apposition after an inverted subject, or the rest of X
        comma_after = t;
        break;
      }
      ++after;
    }
    if (after > 6) return {};
    // Before the cue: a comma, then at most a short subject with no verb.
    std::uint32_t t = v;
    while (t > sentence.first) {
      --t;
      if (IsIn(view_.text(t), {",", "—", "–"})) break;
      if (IsIn(view_.upos(t), {"VERB", "AUX"}) || v - t > 10 || view_.quotation_of(t) != kNone) return {};
    }
    if (t == sentence.first || !IsIn(view_.text(t), {",", "—", "–"})) return {};
    // Inverted ("…, said X") or not, the content ends at that comma; it is a
    // quotation's job (the quotation sieve) when one closes there.
    if (view_.quotation_of(t - 1) != kNone) return {};
    std::uint32_t first = t;
    while (first > sentence.first && view_.text(first - 1) != ";") --first;
    const TokenRange before = Trim({first, t}, false);
    // Only a finite reporting clause ("he said", "said Smith") sits inside
    // the reported one; "The mayor, in explaining her vote, tried …" is no
    // report of "tried".
    if (comma_after != 0 && !before.empty() && IsIn(view_.xpos(v), {"VBD", "VBZ", "VBP"})) {
      std::uint32_t last = comma_after + 1;
      while (last < sentence.last && view_.text(last) != ";") ++last;
      const TokenRange rest = Trim({comma_after + 1, last}, false);
      if (ContinuesReportedClause(rest)) return {before.first, rest.last};
    }
    return before;
  }

  // Whether the words after "X, he said," carry the reported clause on
  // ("X, he said, should be Y"), not an apposition of an inverted subject
  // ("…, said Smith, a spokesman for the ministry" or "…, who has …"): a
  // finite verb outside relative clauses, appositions and modifiers of a
  // noun.
  bool ContinuesReportedClause(TokenRange r) const {
    if (r.size() < 2 || view_.quotation_of(r.first) != kNone) return false;
    if (IsIn(view_.text(r.first), {"who", "whom", "whose", "which"})) return false;
    for (std::uint32_t t = r.first; t < r.last; ++t) {
      if (!IsIn(view_.xpos(t), {"VBD", "VBZ", "VBP", "MD"})) continue;
      bool attached_to_noun = false;
      for (std::uint32_t u = t, hops = 0; hops < 32; ++hops) {
        if (IsIn(view_.deprel(u), {"acl:relcl", "acl", "appos", "amod"})) attached_to_noun = true;
        const std::int32_t h = view_.head(u);
        if (h < 0 || static_cast<std::uint32_t>(h) < r.first || static_cast<std::uint32_t>(h) >= r.last)
          break;
        u = static_cast<std::uint32_t>(h);
      }
      if (!attached_to_noun) return true;
    }
    return false;
  }

  // "told police officials that X", "arguing that X": a complementizer
  // right after the cue (or after its addressee) starts the content, which
  // runs to the sentence end, whatever the parse made of it.
  TokenRange ThatContent(std::uint32_t v, const CueInfo& cue) const {
    if (cue.frame != CueFrame::kClause || cue.cue_class == CueClass::kBelief) return {};
    const TokenRange sentence = doc_.sentences[view_.sentence_of(v)];
    for (std::uint32_t t = v + 1; t < sentence.last && t <= v + 6; ++t) {
      if (view_.text(t) == "that" && t + 1 < sentence.last) return Trim({t + 1, sentence.last}, false);
      if (!IsIn(view_.upos(t), {"NOUN", "PROPN", "PRON", "DET", "ADJ", "ADV"}) ||
          view_.quotation_of(t) != kNone)
        return {};
    }
    return {};
  }

  // The clausal complement of v, or the clause v interrupts ("X, she said,"
  // parsed with the cue as a parataxis of the content).
  TokenRange ClauseContent(std::uint32_t v) const {
    std::int32_t c = view_.Child(v, "ccomp");
    if (c == kNone) {
      // "said: X" is often parsed as parataxis of the cue.
      const std::int32_t p = view_.Child(v, "parataxis");
      if (p != kNone && static_cast<std::uint32_t>(p) > v &&
          HasColonBetween(v, static_cast<std::uint32_t>(p)))
        c = p;
    }
    if (c != kNone) {
      TokenRange content = ClipAway(view_.Subtree(c), v);
      // "saying the council had ignored …" parsed with "the council" as the
      // object of the cue: with no addressee to skip, the content starts
      // right after the cue.
      if (content.first > v + 1 && !TakesAddressee(v)) {
        bool noun_phrase = true;
        for (std::uint32_t t = v + 1; t < content.first; ++t)
          if (IsIn(view_.upos(t), {"VERB", "AUX"}) || view_.IsPunct(t)) noun_phrase = false;
        if (noun_phrase) content.first = v + 1;
      }
      return Trim(content, true);
    }
    // The parser sometimes reads "saying Ukrainian fighters had established
    // positions" as objects of the verb: a verb of saying whose right-hand
    // subtree holds a finite clause reports that clause.
    const CueInfo& cue = *Cue(v);
    if (cue.frame == CueFrame::kClause && cue.cue_class != CueClass::kBelief) {
      TokenRange right = Trim({v + 1, view_.Subtree(v).last}, true);
      if (!right.empty() && view_.quotation_of(right.first) == kNone && HasFiniteVerb(right) &&
          !IsIn(view_.upos(right.first), {"ADP", "SCONJ"}))
        return right;
    }
    // A reporting clause whose subject is a relative pronoun ("diplomats,
    // who accused the authors of …") is a relative clause the parser hung
    // on the main verb: it does not report the clause around it.
    if (view_.deprel(v) == "parataxis" && view_.head(v) >= 0 && !HasRelativeSubject(v)) {
      const std::uint32_t h = static_cast<std::uint32_t>(view_.head(v));
      TokenRange clause = view_.Subtree(h);
      const TokenRange cue_clause = view_.Subtree(v);
      // Keep the side of the clause that lies before the reporting clause.
      if (h < v) return Trim({clause.first, cue_clause.first}, true);
      return Trim({cue_clause.last, clause.last}, true);
    }
    return {};
  }

  // Verbs whose object is the person spoken to, not part of the content.
  bool TakesAddressee(std::uint32_t v) const {
    return IsIn(LowerLemma(v), {"tell", "ask", "inform", "remind", "warn", "assure", "advise", "promise",
                                "urge", "notify", "show", "answer", "caution", "thank", "accuse", "blame"});
  }

  bool HasRelativeSubject(std::uint32_t v) const {
    const std::int32_t subject = view_.Child(v, "nsubj");
    return subject != kNone && IsRelativePronoun(static_cast<std::uint32_t>(subject));
  }

  // "who", "which" or "that" as a relative pronoun: not the acronym "WHO"
  // nor a sentence-initial "That".
  bool IsRelativePronoun(std::uint32_t t) const {
    return IsIn(view_.text(t), {"who", "which", "that"}) && t > doc_.sentences[view_.sentence_of(t)].first;
  }

  bool HasFiniteVerb(TokenRange r) const {
    for (std::uint32_t t = r.first; t < r.last; ++t)
      if (IsIn(view_.xpos(t), {"VBD", "VBZ", "VBP", "MD"})) return true;
    return false;
  }

  bool HasColonBetween(std::uint32_t a, std::uint32_t b) const {
    for (std::uint32_t t = a + 1; t < b; ++t)
      if (view_.text(t) == ":") return true;
    return false;
  }

  // For "accused the organization of X", "cited the report to support Y":
  // everything v governs to its right. "cited the report as proof that X"
  // keeps only X, the claim the document is used for.
  TokenRange ObjectContent(std::uint32_t v, Statement& s) const {
    std::uint32_t first = 0, last = 0;
    bool any = false;
    for (std::uint32_t c : view_.children(v)) {
      if (c < v || view_.IsPunct(c)) continue;
      if (IsIn(view_.base_deprel(c), {"nsubj", "aux", "cop", "mark", "cc", "conj", "parataxis", "advmod"}))
        continue;
      const TokenRange sub = view_.Subtree(c);
      if (!any) first = sub.first;
      last = std::max(last, sub.last);
      any = true;
      if (view_.base_deprel(c) == "obl" || view_.base_deprel(c) == "advcl") {
        std::int32_t particle = view_.Child(c, "case");
        if (particle == kNone) particle = view_.Child(c, "mark");
        if (particle != kNone && IsIn(view_.lemma(particle), {"of", "for", "as"})) s.cue_particle = particle;
      }
    }
    if (!any) return {};
    // "cited the report as proof that X": the claim X, to the end of the
    // sentence (parsers often attach X elsewhere), is the content.
    const std::uint32_t sentence_end = doc_.sentences[view_.sentence_of(v)].last;
    for (std::uint32_t t = first; t + 2 < sentence_end; ++t)
      if (view_.text(t) == "as" && IsIn(view_.lemma(t + 1), {"proof", "evidence", "sign", "example"}) &&
          view_.text(t + 2) == "that") {
        s.cue_particle = t;
        return Trim({t + 3, sentence_end}, false);
      }
    return Trim({first, last}, false);
  }

  // Removes the cue and what follows or precedes it from a content range
  // that should lie on one side of it.
  static TokenRange ClipAway(TokenRange content, std::uint32_t v) {
    if (content.first <= v && v < content.last) {
      if (v - content.first >= content.last - v - 1) return {content.first, v};
      return {v + 1, content.last};
    }
    return content;
  }

  // Drops punctuation, quotation marks and conjunctions at the edges, and a
  // leading complementizer "that" (docs/schema.md: the content is what was
  // said, not the word introducing it).
  TokenRange Trim(TokenRange r, bool drop_that) const {
    while (r.first < r.last &&
           (view_.IsPunct(r.first) || (drop_that && IsIn(view_.text(r.first), {"that", "That"})) ||
            IsIn(view_.text(r.first), {"and", "but"}))) {
      ++r.first;
    }
    while (r.last > r.first) {
      const std::uint32_t t = r.last - 1;
      // A closing quotation mark belongs to the content only with the
      // opening one; a final comma inside a quotation is kept (“…,” she
      // said) because the quote's text includes it.
      if (view_.IsPunct(t) &&
          !(view_.quotation_of(t) != kNone && view_.text(t) != "”" && view_.text(t) != "\"" &&
            view_.quotation_of(t) == view_.quotation_of(r.first))) {
        --r.last;
        continue;
      }
      break;
    }
    return r;
  }

  // ---- the source of a cue ----

  TokenRange Source(std::uint32_t v) const {
    std::uint32_t verb = v;
    // Reached the verb through an infinitive of an active cue: its subject
    // does the saying even when passive ("economists might be tempted to
    // suggest"). Not through conjuncts: parsers hang tail reporting clauses
    // on a passive verb as conjuncts ("Real losses have been suffered …,
    // observed X").
    bool shares_subject = false;
    for (int hop = 0; hop < 4; ++hop) {
      const std::int32_t subject = Subject(verb);
      if (subject != kNone) {
        const std::uint32_t s = static_cast<std::uint32_t>(subject);
        // A passive subject is the addressee ("he was told"), except with
        // "quoted" ("she was quoted as saying").
        if (view_.deprel(s) == "nsubj:pass" && LowerLemma(verb) != "quote" && !shares_subject) return {};
        if (IsRelativePronoun(s)) return Antecedent(s, verb);  // "…, who said"
        return Mention(s);
      }
      // "It would be strange for the council to say X": the subject of an
      // infinitive is the noun after "for" (parsers hang it on "strange").
      if (hop == 0) {
        const TokenRange subject = ForSubject(verb);
        if (!subject.empty()) return subject;
      }
      const std::string_view rel = view_.deprel(verb);
      // "Vincent Cable, for the Liberal Democrats, called on …" parsed with
      // the name as the root and the cue as its clausal modifier: with no
      // main verb of its own, the sentence's root name is the subject.
      if (rel == "acl" && view_.head(verb) >= 0 && IsIn(view_.xpos(verb), {"VBD", "VBZ", "VBP", "VBN"})) {
        const auto noun = static_cast<std::uint32_t>(view_.head(verb));
        if (noun < verb && view_.deprel(noun) == "root" && IsIn(view_.upos(noun), {"PROPN", "NOUN"}))
          return Mention(noun);
      }
      // "…, saying X" and "took to social media to reject X": the agent is
      // the subject of the clause the cue depends on. A ccomp is someone
      // else's content, so the walk stops there.
      if (!IsIn(rel, {"advcl", "xcomp", "conj"}) || view_.head(verb) < 0) break;
      const std::uint32_t head = static_cast<std::uint32_t>(view_.head(verb));
      // "It can make us think X", "told him to say X", "Let's say X",
      // "misleading people into thinking X": the object of the verb that an
      // infinitive or an "into" gerund completes does the saying (object
      // control; "promised him to …" is the one verb of subject control).
      // A finite verb the parser hung there is no such complement ("The move
      // follows angry protests after the firm said …").
      {
        const std::int32_t object = view_.Child(head, "obj");
        if (object != kNone && object < static_cast<std::int32_t>(verb) && LowerLemma(head) != "promise" &&
            view_.quotation_of(static_cast<std::uint32_t>(object)) == view_.quotation_of(v) &&
            IsControllingObject(static_cast<std::uint32_t>(object)) &&
            ((rel == "xcomp" && IsIn(view_.xpos(verb), {"VB", "VBG"})) ||
             (rel == "advcl" && view_.xpos(verb) == "VBG" && IsMarkedBy(verb, "into"))))
          return Mention(static_cast<std::uint32_t>(object));
      }
      shares_subject = rel == "xcomp" && view_.Child(v, "aux:pass") == kNone;
      // Nor does it enter a quotation the cue is outside of ("“We have
      // waited,” said X" parsed with "said" as a conjunct of "waited").
      if (view_.quotation_of(head) != kNone && view_.quotation_of(v) == kNone) break;
      // "Pokalchuk said his office had asked them to give …, arguing that
      // …": a participle after a comma belongs with the reporting clause,
      // not with the reported one (or a clause inside it) the parser hung
      // it on.
      if (rel == "advcl" && view_.xpos(verb) == "VBG" && verb > 0 && view_.text(verb - 1) == ",") {
        std::uint32_t clause = head;
        while (IsIn(view_.deprel(clause), {"advcl", "xcomp", "conj"}) && view_.head(clause) >= 0)
          clause = static_cast<std::uint32_t>(view_.head(clause));
        if (view_.deprel(clause) == "ccomp" && view_.head(clause) >= 0) {
          verb = static_cast<std::uint32_t>(view_.head(clause));
          continue;
        }
      }
      verb = head;
    }
    return NameNextTo(v);
  }

  // Whether an object may say or think what the verb after it reports: a
  // noun or a personal pronoun, not "this" or "it" ("takes this to show":
  // the one who takes it is the source).
  bool IsControllingObject(std::uint32_t t) const {
    if (IsIn(view_.upos(t), {"NOUN", "PROPN"})) return true;
    return view_.upos(t) == "PRON" &&
           IsIn(AsciiLower(view_.text(t)), {"me", "you", "him", "her", "us", "them", "'s", "\u2019s"});
  }

  // Whether verb v has the marker or preposition `word` ("into thinking").
  bool IsMarkedBy(std::uint32_t v, std::string_view word) const {
    for (std::uint32_t c : view_.children(v))
      if (c < v && IsIn(view_.deprel(c), {"mark", "case"}) && AsciiLower(view_.text(c)) == word) return true;
    return false;
  }

  // "for X to say": the noun phrase X (determiners, adjectives and nouns
  // between "for" and "to"), or empty.
  TokenRange ForSubject(std::uint32_t verb) const {
    if (verb < 3 || AsciiLower(view_.text(verb - 1)) != "to") return {};
    const std::uint32_t noun = verb - 2;
    if (!IsIn(view_.upos(noun), {"NOUN", "PROPN", "PRON"})) return {};
    std::uint32_t first = noun;
    // "for any one of them to imagine": a partitive "of" and numbers too.
    while (first > 0 && first + 5 > noun &&
           (IsIn(view_.upos(first - 1), {"DET", "ADJ", "NOUN", "PROPN", "NUM"}) ||
            (AsciiLower(view_.text(first - 1)) == "of" && first - 1 > 0 &&
             IsIn(view_.upos(first - 2), {"NUM", "DET", "PRON", "ADJ", "NOUN"}))))
      --first;
    if (first == 0 || AsciiLower(view_.text(first - 1)) != "for" ||
        view_.sentence_of(first - 1) != view_.sentence_of(verb))
      return {};
    return {first, noun + 1};
  }

  // The subject of a verb nearest to it and outside quotations (a quote
  // before "she said" is often misread as holding its subject).
  std::int32_t Subject(std::uint32_t verb) const {
    std::int32_t best = kNone;
    std::uint32_t best_distance = 0;
    for (std::uint32_t c : view_.children(verb)) {
      if (view_.base_deprel(c) != "nsubj" && view_.deprel(c) != "obl:agent") continue;
      if (view_.quotation_of(c) != kNone && view_.quotation_of(verb) == kNone) continue;
      // A phrase with a preposition is no subject ("…,” said Smith, the
      // director, on Monday" with "on Monday" parsed as the subject).
      if (view_.base_deprel(c) == "nsubj" && view_.Child(c, "case") != kNone) continue;
      const std::uint32_t distance = c < verb ? verb - c : c - verb;
      if (best == kNone || distance < best_distance)
        best = static_cast<std::int32_t>(c), best_distance = distance;
    }
    if (best == kNone) {
      const std::int32_t fronted = view_.FrontedSubject(verb);
      if (fronted != kNone && (view_.quotation_of(static_cast<std::uint32_t>(fronted)) == kNone ||
                               view_.quotation_of(verb) != kNone))
        best = fronted;
    }
    return best;
  }

  // When the parse gives the cue no subject: a proper-noun run or pronoun
  // right before it ("…, Secretary General Agnes Callamard said") or right
  // after it ("…,” said Smith).
  TokenRange NameNextTo(std::uint32_t v) const {
    auto name_like = [&](std::uint32_t t) {
      return view_.upos(t) == "PROPN" || (view_.upos(t) == "ADJ" && IsCapitalized(t)) ||
             doc_.token_kind[t] == TokenKind::kAbbreviation;
    };
    std::uint32_t t = v;
    while (t > 0 && IsIn(view_.upos(t - 1), {"ADV", "AUX"})) --t;
    if (t > 0 && view_.quotation_of(t - 1) == kNone) {
      if (view_.upos(t - 1) == "PRON" && view_.base_deprel(t - 1) == "nsubj") return {t - 1, t};
      std::uint32_t first = t;
      while (first > 0 && name_like(first - 1) && view_.quotation_of(first - 1) == kNone) --first;
      if (first < t) return {first, t};
    }
    std::uint32_t last = v + 1;
    while (last < view_.size() && name_like(last)) ++last;
    if (last > v + 1) return {v + 1, last};
    return {};
  }

  bool IsCapitalized(std::uint32_t t) const {
    const std::string_view w = view_.text(t);
    return !w.empty() && w[0] >= 'A' && w[0] <= 'Z';
  }

  // The noun a relative pronoun stands for: the head of the relative clause
  // when the parse attaches it to a noun, else the noun phrase just before
  // the pronoun (parsers often attach "…, who said" to the main verb).
  TokenRange Antecedent(std::uint32_t pronoun, std::uint32_t relcl) const {
    std::uint32_t t = pronoun;
    while (t > 0 && view_.IsPunct(t - 1)) --t;
    if (t > 0 && IsIn(view_.upos(t - 1), {"NOUN", "PROPN"})) {
      std::uint32_t noun = t - 1;
      // Climb from the last conjunct to the first ("officials and diplomats").
      while (view_.deprel(noun) == "conj" && view_.head(noun) >= 0 &&
             view_.head(noun) < static_cast<int>(noun))
        noun = static_cast<std::uint32_t>(view_.head(noun));
      return Mention(noun);
    }
    const std::int32_t h = view_.head(relcl);
    if (view_.deprel(relcl) == "acl:relcl" && h >= 0 && IsIn(view_.upos(h), {"NOUN", "PROPN", "PRON"}))
      return Mention(static_cast<std::uint32_t>(h));
    // "graves have been uncovered that suggest X", "shirts started to come
    // out that said X": a relative clause moved after its clause's verb
    // stands for that clause's subject (up through infinitives).
    if (view_.deprel(relcl) == "acl:relcl" && h >= 0 && view_.upos(static_cast<std::uint32_t>(h)) == "VERB") {
      std::uint32_t verb = static_cast<std::uint32_t>(h);
      for (int hop = 0; hop < 3; ++hop) {
        const std::int32_t subject = view_.Child(verb, "nsubj");
        if (subject != kNone && subject < static_cast<std::int32_t>(verb) &&
            IsIn(view_.upos(static_cast<std::uint32_t>(subject)), {"NOUN", "PROPN"}))
          return Mention(static_cast<std::uint32_t>(subject));
        if (subject != kNone || view_.deprel(verb) != "xcomp" || view_.head(verb) < 0) break;
        verb = static_cast<std::uint32_t>(view_.head(verb));
      }
    }
    return {};
  }

  // The mention headed by token h: its subtree without relative clauses,
  // appositions and edge punctuation.
  TokenRange Mention(std::uint32_t h) const {
    TokenRange r{h, h + 1};
    // Children in token order: extend left from the nearest child outwards,
    // and right likewise, stopping at an external one.
    std::vector<std::uint32_t> kids(view_.children(h).begin(), view_.children(h).end());
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) {
      if (*it > h) continue;
      if (IsMentionExternal(view_.deprel(*it))) break;
      r.first = std::min(r.first, view_.Subtree(*it).first);
    }
    for (std::uint32_t c : kids) {
      if (c < h) continue;
      if (IsMentionExternal(view_.deprel(c))) break;
      // A conjunct is a mention of its own: the relative clause on the last
      // one ("officials and diplomats, who said …") stays outside.
      r.last = std::max(r.last, view_.deprel(c) == "conj" ? Mention(c).last : view_.Subtree(c).last);
    }
    // A name split across sibling subjects by the parser ("Harbor Authority
    // Chief Engineer Tomas Okafor" read as three subjects) is one mention.
    if (IsCapitalized(h) && IsIn(view_.upos(h), {"PROPN", "NOUN"})) {
      const std::uint32_t sentence_first = doc_.sentences[view_.sentence_of(h)].first;
      while (r.first > sentence_first && IsCapitalized(r.first - 1) &&
             IsIn(view_.upos(r.first - 1), {"PROPN", "NOUN", "ADJ"}) &&
             view_.head(r.first - 1) == view_.head(h) && view_.quotation_of(r.first - 1) == kNone)
        r.first = view_.Subtree(r.first - 1).first;
    }
    return Trim(r, false);
  }

  // ---- sieve 2: "according to X" ----

  void AccordingToSieve(std::uint32_t t) {
    if (view_.quotation_of(t) != kNone) return;
    if (t + 1 >= view_.size() || (view_.text(t + 1) != "to")) return;
    // The source noun: the head of "according" (case), or the next noun.
    std::int32_t noun = view_.head(t);
    // A head beyond a verb or a comma is a misparse ("According to the X
    // Index Professor Chomsky is the … scholar" hung on "scholar"). Verbs
    // by their fine tag: "United" in "the United States" may be a VERB.
    bool misparsed = noun < static_cast<std::int32_t>(t) + 2;
    for (std::int32_t u = static_cast<std::int32_t>(t) + 2; u < noun && !misparsed; ++u) {
      const std::string_view x = view_.xpos(static_cast<std::uint32_t>(u));
      misparsed = x.starts_with("VB") || x == "MD" ||
                  IsIn(view_.text(static_cast<std::uint32_t>(u)), {",", ";", ":"});
    }
    if (misparsed || !IsIn(view_.upos(noun), {"NOUN", "PROPN", "PRON"})) {
      noun = kNone;
      for (std::uint32_t u = t + 2; u < view_.size() && u < t + 8; ++u)
        if (IsIn(view_.upos(u), {"NOUN", "PROPN"})) {
          noun = static_cast<std::int32_t>(u);
          // Up to the head of a compound name ("the Arts and Humanities
          // Citation Index"), within a few words.
          for (;;) {
            const std::int32_t h = view_.head(static_cast<std::uint32_t>(noun));
            // The next word when it is the head, whatever its tag (as
            // before this rule); a compound's head a few words on.
            if (h != noun + 1 &&
                (h <= noun || h > noun + 4 ||
                 !IsIn(view_.deprel(static_cast<std::uint32_t>(noun)), {"compound", "flat"}) ||
                 !IsIn(view_.upos(static_cast<std::uint32_t>(h)), {"NOUN", "PROPN"})))
              break;
            noun = h;
          }
          break;
        }
    }
    if (noun == kNone) return;
    const TokenRange source = Mention(static_cast<std::uint32_t>(noun));
    const TokenRange phrase{t, std::max(source.last, t + 2)};
    const TokenRange sentence = doc_.sentences[view_.sentence_of(t)];
    // The content is the rest of the sentence, on the larger side.
    const TokenRange before = Trim({sentence.first, phrase.first}, false);
    const TokenRange after = Trim({phrase.last, sentence.last}, false);
    Statement s;
    s.cue = {t, t + 2};
    s.cue_class = CueClass::kOther;
    s.content = before.size() >= after.size() ? before : after;
    if (s.content.size() < 2) return;
    s.source = source;
    s.confidence = 0.8f;
    doc_.statements.push_back(s);
  }

  // ---- sieve 3: quotations ----

  void QuotationSieve() {
    for (std::uint32_t q = 0; q < doc_.quotations.size(); ++q) {
      const Quotation& quote = doc_.quotations[q];
      if (quote.depth != 0 || quote.content.empty()) continue;
      const TokenRange content = Trim(quote.content, false);
      if (content.empty()) continue;
      if (AbsorbedByStatement(content)) continue;
      if (!LooksLikeStatement(content) && quote.continues == kNone) continue;
      Statement s;
      s.content = content;
      std::int32_t cue = CueForQuotation(quote);
      if (cue != kNone) {
        const std::uint32_t v = static_cast<std::uint32_t>(cue);
        s.cue = {v, v + 1};
        s.cue_class = Cue(v)->cue_class;
        s.source = Source(v);
        s.confidence = s.source.empty() ? 0.5f : 0.9f;
        doc_.statements.push_back(s);
        continue;
      }
      // "“…” ― Sonya Herridge": a dash and a name after the closing mark.
      const TokenRange signed_by = DashSignature(quote);
      if (!signed_by.empty()) {
        s.cue = {signed_by.first - 1, signed_by.first};
        s.source = signed_by;
        s.confidence = 0.8f;
        doc_.statements.push_back(s);
        continue;
      }
      const std::int32_t previous = PreviousDirectStatement(content, quote.continues != kNone);
      if (previous == kNone) continue;
      const Statement& p = doc_.statements[previous];
      s.cue_class = p.cue_class;
      s.source = p.source;
      s.continues = static_cast<std::int32_t>(p.content.first);  // an index after sorting (Run)
      s.confidence = quote.continues != kNone ? 0.8f : 0.7f;
      doc_.statements.push_back(s);
    }
  }

  // The name after "” ―" / "”—" closing a quotation, or an empty range.
  TokenRange DashSignature(const Quotation& quote) const {
    if (quote.close < 0) return {};
    std::uint32_t t = static_cast<std::uint32_t>(quote.close) + 1;
    if (t < view_.size() && view_.text(t) == ",") ++t;
    if (t >= view_.size() || doc_.token_kind[t] != TokenKind::kDash) return {};
    if (view_.paragraph_of(t) != view_.paragraph_of(static_cast<std::uint32_t>(quote.close))) return {};
    const std::uint32_t first = t + 1;
    std::uint32_t last = first;
    while (last < view_.size() && last < first + 5 && IsCapitalized(last) &&
           view_.paragraph_of(last) == view_.paragraph_of(t) && !(doc_.token_flags[last] & kNewlineBefore))
      ++last;
    return last > first ? TokenRange{first, last} : TokenRange{};
  }

  // ---- sieve 5: learned cues with learned content ----

  // Every learned cue no statement uses gets the content the model picks;
  // "no content" drops it. Unlike sieve 1 this takes cues inside quotations
  // and inside other statements' contents too (PolNeAR marks such nested
  // attributions; on its dev set they added recall at the same precision,
  // and the seed article and GUM dev did not lose). A content the earlier
  // sieves already report (IoU >= 0.5) is not reported twice.
  void LearnedCueSieve() {
    const std::size_t before = doc_.statements.size();
    for (const TokenRange& cue : learned_cues_) {
      if (cue.empty() || cue.last > view_.size()) continue;
      if (view_.sentence_of(cue.first) != view_.sentence_of(cue.last - 1)) continue;
      bool used = false;
      for (std::size_t i = 0; i < before && !used; ++i) {
        const Statement& s = doc_.statements[i];
        const bool particle = s.cue_particle >= static_cast<std::int32_t>(cue.first) &&
                              s.cue_particle < static_cast<std::int32_t>(cue.last);
        used = Overlaps(s.cue, cue) || particle;
      }
      if (used) continue;
      bool filler = false;
      for (std::uint32_t t = cue.first; t < cue.last; ++t) filler = filler || IsDiscourseMarker(t);
      if (filler) continue;
      // A verb of saying sieve 1 left without content and the quotation
      // sieve did not pair ("announced the deal", "proposed a safe zone")
      // gets a learned content too; bare cues the quotation sieve paired are
      // the cues of its statements, used above. An infinitive after such a
      // verb ("promised to interfere", "pledged to be impartial") is an
      // intention, which PolNeAR annotates and GUM does not; it is left out
      // ("to" whatever its tag: "said to reporters" is no content either; a
      // capitalised "To" opens a sentence of its own).
      bool bare = false;
      for (std::uint32_t v : bare_cues_) bare = bare || (cue.first <= v && v < cue.last);
      const TokenRange content = contents_->Predict(view_, cue);
      if (content.empty()) continue;
      if (bare && view_.text(content.first) == "to") continue;
      bool duplicate = false;
      for (const Statement& s : doc_.statements) duplicate = duplicate || IoU(s.content, content) >= 0.5;
      if (duplicate) continue;
      const std::uint32_t h = LearnedCueHead(cue);
      Statement s;
      s.cue = cue;
      s.content = content;
      s.cue_class = LearnedCueClass(cue, h);
      s.source = LearnedSource(h);
      s.confidence = s.source.empty() ? 0.4f : 0.6f;
      doc_.statements.push_back(s);
    }
  }

  static double IoU(TokenRange a, TokenRange b) {
    const std::uint32_t lo = std::max(a.first, b.first), hi = std::min(a.last, b.last);
    if (hi <= lo) return 0;
    const double inter = hi - lo;
    return inter / (a.size() + b.size() - inter);
  }

  // The cue's word the rest hangs on: its first token whose head lies
  // outside it ("in" of "said in a statement" hangs on "said").
  std::uint32_t LearnedCueHead(TokenRange cue) const {
    for (std::uint32_t t = cue.first; t < cue.last; ++t) {
      const std::int32_t h = view_.head(t);
      if (h < static_cast<std::int32_t>(cue.first) || h >= static_cast<std::int32_t>(cue.last)) return t;
    }
    return cue.first;
  }

  // The lexicon's class of the head's lemma, else of any word of the cue
  // ("claims" → speech); otherwise "other".
  CueClass LearnedCueClass(TokenRange cue, std::uint32_t h) const {
    if (const CueInfo* info = LookupCue(LowerLemma(h))) return info->cue_class;
    for (std::uint32_t t = cue.first; t < cue.last; ++t)
      if (const CueInfo* info = LookupCue(LowerLemma(t))) return info->cue_class;
    return CueClass::kOther;
  }

  // A verb's source as for sieve 1; a noun's is its possessor ("Trump's
  // claims"), else the subject of the verb it is the object of ("made
  // claims", "expressed concern"), else as for a verb (a copula's subject,
  // a name next to it).
  TokenRange LearnedSource(std::uint32_t h) const {
    if (IsIn(view_.upos(h), {"NOUN", "PROPN"})) {
      for (std::uint32_t c : view_.children(h))
        if (view_.deprel(c) == "nmod:poss") return Mention(c);
      if (IsIn(view_.base_deprel(h), {"obj", "nmod", "obl"}) && view_.head(h) >= 0 &&
          view_.upos(static_cast<std::uint32_t>(view_.head(h))) == "VERB")
        return Source(static_cast<std::uint32_t>(view_.head(h)));
    }
    return Source(h);
  }

  // ---- sieve 4: headlines and transcripts ----

  // "Pat Caddell: Democrat Voters Worried …", "PENCE: Well, look, …" and
  // "Obama Says African-American Museum Will Tell …": a paragraph that opens
  // with a short name and a colon, or a title-case line with "Says".
  void HeadlineSieve() {
    for (const Paragraph& p : doc_.paragraphs) {
      const TokenRange r = p.tokens;
      std::uint32_t first = r.first;
      if (first < r.last && doc_.token_kind[first] == TokenKind::kQuote) ++first;  // a transcript turn
      std::uint32_t t = first;
      while (t < r.last && t < first + 4 && IsCapitalized(t) && view_.IsWord(t)) ++t;
      if (t > first && t + 3 < r.last && view_.text(t) == ":" && !IsLabel(AsciiLower(view_.text(first))) &&
          !Covered(t + 1)) {
        AddHeadline({first, t}, {t, t + 1}, Trim({t + 1, r.last}, false));
        continue;
      }
      for (std::uint32_t v = r.first + 1; v + 2 < r.last && v < r.first + 8; ++v) {
        if (view_.text(v) != "Says" || !IsCapitalized(v - 1) || Covered(v + 1)) continue;
        AddHeadline(Trim({r.first, v}, false), {v, v + 1}, Trim({v + 1, r.last}, false));
        break;
      }
    }
  }

  // Labels that open a line with a colon without being anyone's words.
  static bool IsLabel(std::string_view lower) {
    return IsIn(lower, {"note",    "update",     "updated", "photo",  "video",   "watch", "read",
                        "related", "correction", "editor",  "source", "sources", "image", "credit",
                        "follow",  "contact",    "email",   "tags",   "topics",  "share"});
  }

  bool Covered(std::uint32_t t) const {
    for (const Statement& s : doc_.statements)
      if (s.content.first <= t && t < s.content.last) return true;
    return false;
  }

  void AddHeadline(TokenRange source, TokenRange cue, TokenRange content) {
    if (source.empty() || content.size() < 3) return;
    Statement s;
    s.source = source;
    s.cue = cue;
    s.content = content;
    s.confidence = 0.6f;
    doc_.statements.push_back(s);
  }

  // A quotation already inside a statement's content is part of it (mixed or
  // direct); one that holds a statement's whole content, with the cue
  // outside, becomes that statement's content.
  bool AbsorbedByStatement(TokenRange quote) {
    for (Statement& s : doc_.statements) {
      // "said the organization had “documented …": a quotation opening right
      // where the content ends carries the content on (a mixed statement).
      if (s.content.last + 1 == quote.first && view_.IsPunct(s.content.last) &&
          s.cue.last <= s.content.first &&
          view_.paragraph_of(s.content.last - 1) == view_.paragraph_of(quote.first)) {
        s.content.last = quote.last;
        return true;
      }
      if (!Overlaps(s.content, quote)) continue;
      const bool cue_outside = s.cue.empty() || !Overlaps(s.cue, quote);
      if (cue_outside && s.content.first >= quote.first && s.content.last <= quote.last) s.content = quote;
      // Content cut short inside the quotation (a parse that stops at the
      // first clause) runs on to the quotation's end.
      if (cue_outside && s.content.first < quote.first && s.content.last < quote.last)
        s.content.last = quote.last;
      return true;
    }
    return false;
  }

  // Scare quotes ("the “documented” pattern") and titles are not statements:
  // a statement-like quotation has a verb or at least four words.
  bool LooksLikeStatement(TokenRange r) const {
    std::uint32_t words = 0;
    bool verb = false;
    for (std::uint32_t t = r.first; t < r.last; ++t) {
      if (view_.IsWord(t)) ++words;
      if (IsIn(view_.upos(t), {"VERB", "AUX"})) verb = true;
    }
    return words >= 4 || (verb && words >= 2);
  }

  // The cue verb that introduces a quotation: a bare cue of saying outside
  // the quote in a sentence the quote touches, nearest first; else one in a
  // sentence ending with a colon right before the quote.
  std::int32_t CueForQuotation(const Quotation& quote) const {
    const std::uint32_t first =
        quote.open >= 0 ? static_cast<std::uint32_t>(quote.open) : quote.content.first;
    const std::uint32_t last =
        quote.close >= 0 ? static_cast<std::uint32_t>(quote.close) + 1 : quote.content.last;
    const TokenRange first_sentence = doc_.sentences[view_.sentence_of(first)];
    const TokenRange last_sentence = doc_.sentences[view_.sentence_of(last - 1)];
    std::int32_t best = kNone;
    std::uint32_t best_distance = 0;
    for (std::uint32_t v : bare_cues_) {
      const bool before = v >= first_sentence.first && v < first;
      const bool after = v >= last && v < last_sentence.last;
      if (!before && !after) continue;
      if (view_.paragraph_of(v) != view_.paragraph_of(before ? first : last - 1)) continue;
      const std::uint32_t distance = before ? first - v : v - last;
      if (best == kNone || distance < best_distance)
        best = static_cast<std::int32_t>(v), best_distance = distance;
    }
    if (best != kNone) return best;
    // "Pokalchuk wrote in a post:" + a quotation opening the next sentence.
    const std::uint32_t s = view_.sentence_of(first);
    if (s > 0 && first == first_sentence.first) {
      const TokenRange previous = doc_.sentences[s - 1];
      if (previous.last > previous.first && view_.text(previous.last - 1) == ":") {
        for (std::uint32_t v : bare_cues_)
          if (v >= previous.first && v < previous.last) return static_cast<std::int32_t>(v);
      }
    }
    return kNone;
  }

  // The direct or mixed statement a cue-less quotation continues: the
  // latest one ending before it, in the same paragraph or the one before.
  std::int32_t PreviousDirectStatement(TokenRange quote, bool continues_across_paragraphs) const {
    std::int32_t best = kNone;
    for (std::uint32_t i = 0; i < doc_.statements.size(); ++i) {
      const Statement& s = doc_.statements[i];
      if (s.content.last > quote.first) continue;
      if (best == kNone || s.content.last > doc_.statements[best].content.last)
        best = static_cast<std::int32_t>(i);
    }
    if (best == kNone) return kNone;
    const Statement& s = doc_.statements[best];
    if (view_.quotation_of(s.content.first) == kNone && view_.quotation_of(s.content.last - 1) == kNone)
      return kNone;  // the latest statement is indirect: no quote to continue
    const std::uint32_t gap = view_.paragraph_of(quote.first) - view_.paragraph_of(s.content.last - 1);
    if (gap > 1) return kNone;
    (void)continues_across_paragraphs;
    return best;
  }

  // A cue with no source inside another statement's content ("saying the
  // organization dismissed her opposition") is part of what that speaker
  // said, not a statement of its own.
  void DropNestedWithoutSource() {
    std::vector<Statement>& all = doc_.statements;
    std::vector<bool> drop(all.size(), false);
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (!all[i].source.empty() || all[i].cue.empty()) continue;
      for (std::size_t j = 0; j < all.size(); ++j) {
        if (j == i) continue;
        if (all[j].content.first <= all[i].cue.first && all[i].cue.last <= all[j].content.last)
          drop[i] = true;
        // The same content reported with a source by another sieve.
        if (all[j].content == all[i].content && !all[j].source.empty()) drop[i] = true;
      }
    }
    std::size_t kept = 0;
    for (std::size_t i = 0; i < all.size(); ++i)
      if (!drop[i]) all[kept++] = all[i];
    all.resize(kept);
  }

  // "He said he does not believe X", "she said polls indicate Y": a belief
  // of the reporter's own ("he"/"she": GUM keeps "they said they
  // determined …", "I don't know", "American society decided …") or a
  // finding (show, find, indicate, …) of the lexicon (sieve 1) inside what
  // someone is reported to say is part of that report. On PolNeAR train
  // 212 of 287 nested beliefs and findings were not annotated; speech cues
  // inside a content ("said that Smith told him X") mostly are, and stay.
  void DropNestedBeliefs() {
    std::vector<Statement>& all = doc_.statements;
    std::vector<bool> drop(all.size(), false);
    for (std::size_t i = 0; i < all.size(); ++i) {
      const Statement& s = all[i];
      if (s.cue.size() != 1 || !sieve1_cue_[s.cue.first]) continue;
      const bool own_belief = s.cue_class == CueClass::kBelief && s.source.size() == 1 &&
                              IsIn(AsciiLower(view_.text(s.source.first)), {"he", "she"});
      if (!own_belief && s.cue_class != CueClass::kOther) continue;
      for (std::size_t j = 0; j < all.size() && !drop[i]; ++j)
        if (j != i && all[j].content.first <= s.cue.first && s.cue.last <= all[j].content.last)
          drop[i] = true;
    }
    std::size_t kept = 0;
    for (std::size_t i = 0; i < all.size(); ++i)
      if (!drop[i]) all[kept++] = all[i];
    all.resize(kept);
  }

  // "said it was too early, but added …", "noted that X, and called Y": a
  // content running on to the sentence end (or a parse that hung the second
  // verb on the reported clause) takes in the next cue coordinated with
  // the first; it ends before the conjunction. One word may stand between
  // ("and later said").
  void CutAtCoordinatedCues() {
    for (Statement& a : doc_.statements) {
      std::uint32_t cut = a.content.last;
      for (const Statement& b : doc_.statements) {
        if (&a == &b || b.cue.empty()) continue;
        const std::uint32_t cue = b.cue.first;
        if (cue <= a.content.first + 1 || cue >= a.content.last || cue >= cut) continue;
        if (a.cue.first >= cue || view_.quotation_of(cue) != kNone) continue;
        std::uint32_t t = cue;
        if (t > a.content.first + 1 && !IsIn(AsciiLower(view_.text(t - 1)), {"and", "but"})) --t;
        if (!IsIn(AsciiLower(view_.text(t - 1)), {"and", "but"})) continue;
        --t;
        if (t > a.content.first && view_.text(t - 1) == ",") --t;
        if (t > a.content.first) cut = t;
      }
      if (cut < a.content.last) a.content = Trim({a.content.first, cut}, false);
    }
  }

  // "Pokalchuk said X, arguing that Y": the second cue is the same
  // speaker's, so the first statement's content ends before ", arguing".
  void CutAtAppendedCues() {
    for (Statement& a : doc_.statements) {
      for (const Statement& b : doc_.statements) {
        if (&a == &b || b.cue.empty() || a.source.empty() || !(a.source == b.source)) continue;
        const std::uint32_t cue = b.cue.first;
        if (cue <= a.content.first || cue >= a.content.last || view_.xpos(cue) != "VBG") continue;
        if (view_.text(cue - 1) != ",") continue;
        a.content = Trim({a.content.first, cue - 1}, false);
      }
    }
  }

  // ---- types ----

  void SetType(Statement& s) const {
    std::uint32_t inside = 0, outside = 0;
    for (std::uint32_t t = s.content.first; t < s.content.last; ++t) {
      if (view_.IsPunct(t)) continue;
      (view_.quotation_of(t) != kNone ? inside : outside) += 1;
    }
    s.type = outside == 0  ? StatementType::kDirect
             : inside == 0 ? StatementType::kIndirect
                           : StatementType::kMixed;
  }

  Document& doc_;
  ParseView view_;
  std::vector<std::uint32_t> bare_cues_;
  std::vector<bool> is_cue_;      // IsCueVerb of every token
  std::vector<bool> sieve1_cue_;  // the cue of a statement of sieve 1
  std::vector<bool> learned_;     // inside a cue span of the learned detector
  const std::vector<TokenRange>& learned_cues_;
  const ContentModel* contents_;  // may be null
  mutable std::string lower_buffer_;
};

}  // namespace

void FindStatements(Document& doc, const std::vector<TokenRange>& learned_cues,
                    const ContentModel* contents) {
  Sieves(doc, learned_cues, contents).Run();
}

Result<std::unique_ptr<Component>> AttributionExtractor::Create(const ComponentConfig& config) {
  const std::string dir = config.models_dir.empty() ? DefaultModelsDirectory() : config.models_dir;
  auto cues = CueModel::Load(dir + "/cues.hsm");
  if (!cues.ok()) return cues.status();
  auto contents = ContentModel::Load(dir + "/content.hsm");
  if (!contents.ok()) return contents.status();
  return std::unique_ptr<Component>(
      new AttributionExtractor(std::move(cues).value(), std::move(contents).value()));
}

Status AttributionExtractor::Process(Document& doc) const {
  const ColumnSet missing = requires_columns() & ~doc.filled_columns;
  if (missing != 0)
    return Status(StatusCode::kFailedPrecondition, "attributions: document lacks " + ColumnSetName(missing));
  std::vector<TokenRange> learned;
  if (Status status = cues_->Predict(doc, &learned); !status.ok()) return status;
  FindStatements(doc, learned, contents_.get());
  ResolveSpeakers(doc);
  // Channels come first: LinkCitedDocuments leaves out documents that are a
  // statement's channel ("in a press release").
  AttachChannelsAndTimes(doc);
  LinkCitedDocuments(doc);
  // A document speaking ("a report which claimed") is named as the cited
  // document it was linked to ("Amnesty International report").
  // "The findings show …" keeps its own name: findings are what a document
  // found, not the document, and news (like GUM) names them so.
  for (const Statement& s : doc.statements) {
    if (s.stance != Stance::kSource || s.cited_document == kNone || s.speaker == kNone) continue;
    Speaker& speaker = doc.speakers[s.speaker];
    if (speaker.kind != SpeakerKind::kDocument || s.source.empty() || s.source.last > doc.num_tokens())
      continue;
    bool findings = false;
    for (std::uint32_t t = s.source.first; t < s.source.last; ++t) {
      const std::string_view w = doc.token_text(t);
      if (w == "findings" || w == "results" || w == "Findings" || w == "Results") findings = true;
    }
    if (!findings) speaker.name = doc.cited_documents[s.cited_document].name;
  }
  doc.filled_columns |= kColStatements;
  return Status();
}

}  // namespace hearsay::attribution
