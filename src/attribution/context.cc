// Channels, addressees, times and cited documents of statements (context.h).
//
// Small rules over the dependency parse, each backed by a short lexicon
// written for it; docs/attribution.md ("Channels, times and cited
// documents") lists what they recognise and what they leave alone. Every
// accessor tolerates missing or malformed columns (a Document that skipped
// the parser, heads out of range, statements with bad ranges): the rules
// then find less, they never read out of bounds.
#include "attribution/context.h"
#include "attribution/words.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hearsay::attribution {
namespace {

using Table = std::span<const std::string_view>;

bool In(std::string_view w, Table table) {
  return std::find(table.begin(), table.end(), w) != table.end();
}

// " words " for whole-word search. Built by appending: GCC 12 reports a
// -Wrestrict false positive on `" " + s + " "` at -O3 (GCC bug 105329).
std::string Padded(std::string_view s, std::string_view suffix = {}) {
  std::string out;
  out.reserve(s.size() + suffix.size() + 2);
  out += ' ';
  out.append(s);
  out.append(suffix);
  out += ' ';
  return out;
}

bool StartsUpper(std::string_view s) {
  return !s.empty() && std::isupper(static_cast<unsigned char>(s[0]));
}

bool Contains(TokenRange r, std::uint32_t t) {
  return t >= r.first && t < r.last;
}

// ---------------------------------------------------------------------------
// Lexicons. Lower-case; matched against lower-cased lemmas or norms.

// Platforms a statement is posted on. "X" and "Threads" are ordinary words
// too, so they count only with their exact capitalisation after "on"/"via"
// (see PlatformAt).
constexpr std::string_view kPlatforms[] = {
    "facebook", "twitter", "telegram", "instagram", "tiktok",   "youtube", "linkedin", "whatsapp",
    "weibo",    "wechat",  "bluesky",  "mastodon",  "substack", "reddit",  "snapchat", "vkontakte",
    "vk",       "gab",     "parler",   "rumble",    "x",        "threads",
};
// Prepositions that make a platform or "social media" the channel: "on
// Facebook", "via Telegram", "took to Twitter", "across social media".
constexpr std::string_view kPlatformCase[] = {"on", "via", "to", "through", "across"};
// Nouns that make a preceding platform the channel: "in a Facebook post".
constexpr std::string_view kPlatformNouns[] = {
    "post", "page",    "account", "video", "message",   "live",      "story",      "thread",
    "feed", "channel", "update",  "tweet", "statement", "broadcast", "livestream", "group",
};
// Media a statement is made in: "in a statement", "at a news conference",
// "in an interview with CNN", "on his blog". Documents the statement is
// *made in*, not documents it is about (those are cited documents).
constexpr std::string_view kMediumNouns[] = {
    "statement",  "release", "interview",   "letter",     "op-ed",   "editorial",    "column",
    "essay",      "video",   "post",        "tweet",      "message", "email",        "e-mail",
    "memo",       "speech",  "address",     "remark",     "comment", "podcast",      "broadcast",
    "blog",       "website", "conference",  "briefing",   "hearing", "testimony",    "show",
    "programme",  "program", "documentary", "book",       "memoir",  "newsletter",   "filing",
    "television", "tv",      "radio",       "livestream", "report",  "study",        "survey",
    "analysis",   "paper",   "thread",      "webinar",    "op",      "conversation", "chat",
    "call",
};
// "call" only as one of these: "a phone call", not "a call for calm".
constexpr std::string_view kCallKinds[] = {"phone", "conference", "video", "telephone", "zoom"};
// Nouns that group media: "in a series of tweets", "in a pair of posts".
constexpr std::string_view kSeriesNouns[] = {"series", "string",  "pair",  "couple",
                                             "flurry", "barrage", "number"};
// Prepositions introducing a medium. "on" only for media one is "on" (see
// kOnMedia), so "commented on the statement" is not a channel.
constexpr std::string_view kMediumCase[] = {"in", "at", "during", "via", "through"};
constexpr std::string_view kOnMedia[] = {"blog",  "website", "podcast",   "television", "tv",
                                         "radio", "show",    "programme", "program",    "livestream"};
// Media whose statement is written, so a later "X wrote" by the same
// speaker is taken to be in the same medium (the seed: "In a message posted
// on Facebook … Pokalchuk accused …" then "… Pokalchuk wrote").
constexpr std::string_view kWrittenMedia[] = {"statement",  "release", "letter", "op-ed", "editorial",
                                              "column",     "essay",   "post",   "tweet", "message",
                                              "email",      "e-mail",  "memo",   "blog",  "website",
                                              "newsletter", "filing",  "thread", "op",    "book"};
// Media whose "with" phrase is the other party: "an interview with CNN".
constexpr std::string_view kConversationNouns[] = {"interview", "conversation", "call", "chat", "podcast"};
// Cue verbs whose object is the person spoken to: "told Reuters".
constexpr std::string_view kTellVerbs[] = {"tell", "inform", "assure", "brief", "warn", "remind", "notify"};
// Cue verbs whose "to"/"with" phrase is the person spoken to: "speaking to
// reporters", "said to the committee", "wrote to the ministry".
constexpr std::string_view kSpeakToVerbs[] = {"speak",   "talk",     "say",    "write",
                                              "explain", "complain", "declare"};
// Cue lemmas of writing; a statement with one inherits a written channel
// (see kWrittenMedia).
constexpr std::string_view kWritingCues[] = {"write", "post", "tweet", "blog", "publish"};

constexpr std::string_view kWeekdays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                          "thursday", "friday", "saturday"};
struct MonthName {
  std::string_view name;
  int month;
};
// Month names and the AP abbreviations (with and without the period, as the
// tokenizer may split it off). Matched only when capitalised: "may", "march".
constexpr MonthName kMonths[] = {
    {"january", 1}, {"jan.", 1},   {"jan", 1},       {"february", 2}, {"feb.", 2},      {"feb", 2},
    {"march", 3},   {"mar.", 3},   {"april", 4},     {"apr.", 4},     {"may", 5},       {"june", 6},
    {"july", 7},    {"august", 8}, {"aug.", 8},      {"aug", 8},      {"september", 9}, {"sept.", 9},
    {"sept", 9},    {"sep.", 9},   {"october", 10},  {"oct.", 10},    {"oct", 10},      {"november", 11},
    {"nov.", 11},   {"nov", 11},   {"december", 12}, {"dec.", 12},    {"dec", 12},
};
// Words before a weekday that belong to the expression ("last Friday",
// "early Monday").
constexpr std::string_view kWeekdayPre[] = {"last", "next", "this", "early", "earlier", "late", "later"};
// Prepositions before a time that make it the time of something else.
constexpr std::string_view kNotStatementTime[] = {"after", "before", "until",   "till",   "since",
                                                  "by",    "from",   "through", "between"};
constexpr std::string_view kDayParts[] = {"morning", "afternoon", "evening", "night"};
constexpr std::string_view kPeriods[] = {"week", "month", "year", "weekend"};
constexpr std::string_view kNumberWords[] = {"zero", "one",   "two",   "three", "four", "five",
                                             "six",  "seven", "eight", "nine",  "ten"};

// Nouns naming a document that can be cited. "release" only as "press
// release"/"news release"; "paper" only as "white paper", "research paper"
// and the like (alone it is mostly a newspaper, or "on paper"). Plural
// mentions ("reports") are left out: they name several documents or none in
// particular. So are bare singulars ("Poll:" in a headline, "World Report"
// in a name): a document mention has a determiner, possessor or modifier.
constexpr std::string_view kDocumentNouns[] = {
    "report",    "study",  "survey", "statement",  "letter",    "release",    "lawsuit",
    "complaint", "ruling", "memo",   "memorandum", "analysis",  "paper",      "document",
    "dossier",   "audit",  "poll",   "indictment", "affidavit", "transcript", "findings",
};
// Document nouns that say nothing of the document's kind, so they corefer
// with any kind: "a report … The document".
constexpr std::string_view kGenericDocumentNouns[] = {"document", "findings"};
// The compounds that make "paper" a document.
constexpr std::string_view kPaperKinds[] = {"white",  "research",   "working",
                                            "policy", "discussion", "position"};
// Kinds that name the same sort of document: "a new Gallup poll … the survey".
constexpr std::string_view kPollKinds[] = {"poll", "survey"};
// Kinds of research output that news names loosely: "a new study … The
// report says". A definite mention of one with no earlier document of its
// own kind refers to the latest of these.
constexpr std::string_view kResearchKinds[] = {"report", "study",    "survey",
                                               "poll",   "analysis", "research paper"};
// Determiners and modifiers that mark a new document: "another report",
// "a second study", "a new report".
constexpr std::string_view kNewDocumentWords[] = {"another",  "new",   "second", "separate",  "earlier",
                                                  "previous", "fresh", "other",  "different", "third"};
constexpr std::string_view kDefiniteDeterminers[] = {"the", "this", "that", "these", "those"};
// Verbs whose subject is the author of their object: "Amnesty published a
// report", "the ministry filed a complaint".
constexpr std::string_view kAuthoringVerbs[] = {
    "publish", "release", "issue",      "produce", "compile", "write",   "file",   "sign",
    "send",    "submit",  "commission", "conduct", "unveil",  "present", "author", "prepare",
};
// Verbs of releasing whose time is the document's date: "released
// Thursday", "published on Aug. 4".
constexpr std::string_view kReleaseVerbs[] = {"publish", "release", "issue",  "unveil", "post",
                                              "file",    "present", "submit", "send",   "date"};
// Nouns for parts or claims of a document: "the report's findings", "the
// authors". A statement about these is about the document they belong to.
constexpr std::string_view kDocumentParts[] = {"author",      "finding",    "conclusion",
                                               "claim",       "accusation", "allegation",
                                               "methodology", "wording",    "recommendation"};
// Cue lemmas that cite their object: "cited the report", "pointed to a study".
constexpr std::string_view kCiteVerbs[] = {"cite", "quote", "point", "refer", "reference", "invoke", "use"};
// "cited X as proof": the noun after "as".
constexpr std::string_view kEvidenceNouns[] = {"proof",       "evidence", "confirmation", "justification",
                                               "vindication", "basis",    "support"};
// "cited X to support …": the verb of the purpose clause.
constexpr std::string_view kEvidenceVerbs[] = {"support", "back",         "justify",  "bolster",     "prove",
                                               "confirm", "substantiate", "buttress", "demonstrate", "show"};
// Words that dispute what a document says. Adjectives count because news
// reports rejections through them ("the report contained vague wording",
// "baseless accusations").
constexpr std::string_view kRejectWords[] = {
    "reject",     "dismiss", "deny",       "refute",     "dispute", "debunk",   "disavow",
    "repudiate",  "retract", "contest",    "disprove",   "false",   "baseless", "unfounded",
    "groundless", "untrue",  "inaccurate", "misleading", "wrong",   "vague",    "fabricated",
    "distorted",  "flawed",  "biased",     "one-sided",  "lie",     "nonsense", "rebut",
};
// Words that condemn a document without disputing its facts.
constexpr std::string_view kCriticiseWords[] = {
    "criticise",     "criticize",     "condemn",      "denounce",  "slam",       "blast",
    "decry",         "lambaste",      "assail",       "fault",     "castigate",  "rebuke",
    "deplore",       "criticism",     "condemnation", "outrage",   "outrageous", "shameful",
    "irresponsible", "disappointing", "regrettable",  "troubling",
};
// Words that endorse or defend a document.
constexpr std::string_view kSupportWords[] = {"defend",   "endorse",  "praise",   "welcome",   "hail",
                                              "uphold",   "commend",  "applaud",  "vindicate", "accurate",
                                              "thorough", "rigorous", "credible", "back"};
constexpr std::string_view kNegations[] = {"not", "n't", "never", "no"};
constexpr std::string_view kPronouns[] = {"he",  "she",  "they", "it",    "we",   "i",    "you",   "him",
                                          "her", "them", "us",   "me",    "his",  "its",  "their", "our",
                                          "my",  "your", "who",  "which", "that", "this", "these", "those"};
// Function words skipped when taking the initials of a name ("Human Rights
// Watch" → HRW, "Ministry of Defence" → MD).
constexpr std::string_view kNameFunctionWords[] = {"of", "the", "for", "and", "on", "de", "la", "in", "&"};
// Words that join the parts of one name: "Institute for the Study of War".
constexpr std::string_view kNameJoiners[] = {"of", "the", "for", "and", "de", "la"};

// ---------------------------------------------------------------------------
// A read-only view of the parsed Document with safe accessors.

class View {
 public:
  explicit View(const Document& doc) : doc_(doc), n_(doc.num_tokens()) {
    parsed_ = doc.head.size() == n_ && doc.deprel.size() == n_;
    tagged_ = doc.upos.size() == n_;
    lower_.resize(n_);
    lemma_.resize(n_);
    for (std::uint32_t t = 0; t < n_; ++t) {
      lower_[t] = AsciiLower(doc.token_norm(t));
      std::string_view lemma =
          doc.lemma.size() == n_ ? doc.strings().Lookup(doc.lemma[t]) : std::string_view();
      lemma_[t] = lemma.empty() ? lower_[t] : AsciiLower(lemma);
    }
    head_.assign(n_, kNoHead);
    if (parsed_) {
      for (std::uint32_t t = 0; t < n_; ++t) {
        const std::int32_t h = doc.head[t];
        if (h >= 0 && static_cast<std::uint32_t>(h) < n_ && static_cast<std::uint32_t>(h) != t) head_[t] = h;
      }
    }
    // Children lists (counting sort by head).
    child_begin_.assign(n_ + 1, 0);
    for (std::uint32_t t = 0; t < n_; ++t)
      if (head_[t] != kNoHead) ++child_begin_[head_[t] + 1];
    for (std::uint32_t t = 0; t < n_; ++t) child_begin_[t + 1] += child_begin_[t];
    children_.resize(child_begin_[n_]);
    std::vector<std::uint32_t> fill(child_begin_.begin(), child_begin_.end() - 1);
    for (std::uint32_t t = 0; t < n_; ++t)
      if (head_[t] != kNoHead) children_[fill[head_[t]]++] = t;
    // Subtree extents: every token widens the extent of its ancestors. The
    // step cap keeps a malformed (cyclic) head column from looping.
    sub_first_.resize(n_);
    sub_last_.resize(n_);
    for (std::uint32_t t = 0; t < n_; ++t) sub_first_[t] = t, sub_last_[t] = t + 1;
    for (std::uint32_t t = 0; t < n_; ++t) {
      std::int32_t h = head_[t];
      for (int steps = 0; h != kNoHead && steps < kMaxDepth; ++steps, h = head_[h]) {
        sub_first_[h] = std::min(sub_first_[h], t);
        sub_last_[h] = std::max(sub_last_[h], t + 1);
      }
    }
    sentence_.assign(n_, kNone);
    for (std::size_t s = 0; s < doc.sentences.size(); ++s) {
      const TokenRange r = doc.sentences[s];
      for (std::uint32_t t = r.first; t < std::min(r.last, n_); ++t)
        sentence_[t] = static_cast<std::int32_t>(s);
    }
    paragraph_.assign(n_, kNone);
    for (std::size_t p = 0; p < doc.paragraphs.size(); ++p) {
      const TokenRange r = doc.paragraphs[p].tokens;
      for (std::uint32_t t = r.first; t < std::min(r.last, n_); ++t)
        paragraph_[t] = static_cast<std::int32_t>(p);
    }
    quoted_.assign(n_, false);
    for (const Quotation& q : doc.quotations) {
      for (std::uint32_t t = q.content.first; t < std::min(q.content.last, n_); ++t) quoted_[t] = true;
      if (q.open >= 0 && static_cast<std::uint32_t>(q.open) < n_) quoted_[q.open] = true;
      if (q.close >= 0 && static_cast<std::uint32_t>(q.close) < n_) quoted_[q.close] = true;
    }
    entity_.assign(n_, kNone);
    for (std::size_t e = 0; e < doc.entities.size(); ++e) {
      const TokenRange r = doc.entities[e].tokens;
      for (std::uint32_t t = r.first; t < std::min(r.last, n_); ++t)
        entity_[t] = static_cast<std::int32_t>(e);
    }
  }

  static constexpr int kMaxDepth = 64;

  const Document& doc() const { return doc_; }
  std::uint32_t size() const { return n_; }
  bool parsed() const { return parsed_; }

  std::string_view text(std::uint32_t t) const { return doc_.token_text(t); }
  const std::string& lower(std::uint32_t t) const { return lower_[t]; }
  const std::string& lemma(std::uint32_t t) const { return lemma_[t]; }
  std::string_view upos(std::uint32_t t) const {
    return tagged_ ? Document::LabelName(doc_.upos_names, doc_.upos[t]) : std::string_view();
  }
  std::string_view deprel(std::uint32_t t) const {
    return parsed_ ? Document::LabelName(doc_.deprel_names, doc_.deprel[t]) : std::string_view();
  }
  std::string_view base(std::uint32_t t) const {
    const std::string_view r = deprel(t);
    return r.substr(0, r.find(':'));
  }
  std::int32_t head(std::uint32_t t) const { return head_[t]; }
  std::span<const std::uint32_t> children(std::uint32_t t) const {
    return {children_.data() + child_begin_[t], children_.data() + child_begin_[t + 1]};
  }
  // First child whose relation is `rel` (exact when `rel` has a ':', else
  // by base relation), or kNone.
  std::int32_t Child(std::uint32_t t, std::string_view rel) const {
    const bool exact = rel.find(':') != std::string_view::npos;
    for (std::uint32_t c : children(t))
      if ((exact ? deprel(c) : base(c)) == rel) return static_cast<std::int32_t>(c);
    return kNone;
  }
  TokenRange Subtree(std::uint32_t t) const { return {sub_first_[t], sub_last_[t]}; }
  std::int32_t sentence(std::uint32_t t) const { return sentence_[t]; }
  std::int32_t paragraph(std::uint32_t t) const { return paragraph_[t]; }
  // Tokens of the sentence holding t; a window around t when sentences are
  // missing.
  TokenRange SentenceRange(std::uint32_t t) const {
    if (sentence_[t] != kNone) {
      const TokenRange r = doc_.sentences[sentence_[t]];
      return {r.first, std::min(r.last, n_)};
    }
    return {t > 30 ? t - 30 : 0, std::min(n_, t + 31)};
  }
  bool quoted(std::uint32_t t) const { return quoted_[t]; }
  std::int32_t entity(std::uint32_t t) const { return entity_[t]; }
  std::string_view EntityType(std::int32_t e) const {
    return e == kNone ? std::string_view()
                      : Document::LabelName(doc_.entity_type_names, doc_.entities[e].type);
  }

  bool IsNoun(std::uint32_t t) const {
    const std::string_view u = upos(t);
    return u == "NOUN" || u == "PROPN" || (u.empty() && !IsPunct(t));
  }
  bool IsVerb(std::uint32_t t) const { return upos(t) == "VERB" || upos(t) == "AUX"; }
  bool IsPunct(std::uint32_t t) const {
    const TokenKind k = doc_.token_kind[t];
    return k == TokenKind::kPunct || k == TokenKind::kQuote || k == TokenKind::kDash ||
           k == TokenKind::kEllipsis;
  }
  bool IsPronoun(std::uint32_t t) const { return upos(t) == "PRON" || In(lower_[t], kPronouns); }
  // A clause with its own subject: walking up through one leaves the cue's
  // clause ("after the minister resigned on Friday").
  bool HasSubject(std::uint32_t t) const {
    return Child(t, "nsubj") != kNone || Child(t, "csubj") != kNone || Child(t, "expl") != kNone;
  }
  // "not"/"never" attached to t ("did not reject").
  bool Negated(std::uint32_t t) const {
    for (std::uint32_t c : children(t))
      if ((base(c) == "advmod" || base(c) == "neg" || base(c) == "det") && In(lower_[c], kNegations))
        return true;
    return false;
  }
  // The case marker of noun t ("on" in "on Facebook"): its case child, else
  // the token just before its subtree.
  std::string_view CaseOf(std::uint32_t t) const {
    for (std::uint32_t c : children(t))
      if (base(c) == "case" && c < t) return lemma_[c];
    const std::uint32_t first = std::min(sub_first_[t], t);
    if (first > 0 && (upos(first - 1) == "ADP" || upos(first - 1).empty() || !parsed_))
      return lower_[first - 1];
    return {};
  }

  std::string Text(TokenRange r) const {
    if (r.empty() || r.last > n_) return {};
    return std::string(doc_.text(doc_.CharsOf(r)));
  }

 private:
  const Document& doc_;
  std::uint32_t n_;
  bool parsed_ = false, tagged_ = false;
  std::vector<std::string> lower_, lemma_;
  std::vector<std::int32_t> head_;
  std::vector<std::uint32_t> child_begin_, children_;
  std::vector<std::uint32_t> sub_first_, sub_last_;
  std::vector<std::int32_t> sentence_, paragraph_;
  std::vector<bool> quoted_;
  std::vector<std::int32_t> entity_;
};

// A statement's ranges clipped to the document (extractor bugs or
// hand-built documents must not make the rules read out of bounds).
TokenRange Clip(TokenRange r, std::uint32_t n) {
  r.last = std::min(r.last, n);
  r.first = std::min(r.first, r.last);
  return r;
}

// The token of `r` whose head lies outside it (the phrase's head), else its
// first token.
std::uint32_t HeadOf(const View& v, TokenRange r) {
  for (std::uint32_t t = r.first; t < r.last; ++t) {
    const std::int32_t h = v.head(t);
    if (h == kNoHead || !Contains(r, static_cast<std::uint32_t>(h))) return t;
  }
  return r.first;
}

int MonthOf(const View& v, std::uint32_t t);

// A noun phrase for an addressee or author: the entity around t if there is
// one, else t with its compound/flat/amod/nummod dependents (no determiner,
// no possessive marker).
TokenRange NounPhrase(const View& v, std::uint32_t t) {
  if (const std::int32_t e = v.entity(t); e != kNone) {
    TokenRange r = v.doc().entities[e].tokens;
    r.last = std::min(r.last, v.size());
    while (r.last > r.first + 1 && (v.lower(r.last - 1) == "'s" || v.lower(r.last - 1) == "'")) --r.last;
    if (Contains(r, t)) return r;
  }
  TokenRange r{t, t + 1};
  for (std::uint32_t c : v.children(t)) {
    const std::string_view b = v.base(c);
    if (b != "compound" && b != "flat" && b != "amod" && b != "nummod" && b != "fixed") continue;
    if (In(v.lower(c), kWeekdays) || MonthOf(v, c) != 0) continue;  // "told Tapper Thursday"
    const TokenRange sub = v.Subtree(c);
    if (c < t) r.first = std::min(r.first, sub.first);
    if (c > t && b == "flat") r.last = std::max(r.last, sub.last);
  }
  // Without a parse: the run of capitalised words around t.
  if (!v.parsed()) {
    while (r.first > 0 && StartsUpper(v.text(r.first - 1)) && !v.IsPunct(r.first - 1)) --r.first;
    while (r.last < v.size() && StartsUpper(v.text(r.last)) && !v.IsPunct(r.last)) ++r.last;
  }
  return r;
}

// An addressee: a noun phrase, with its "of" complement when it is a common
// noun ("told members of Congress").
TokenRange AddresseePhrase(const View& v, std::uint32_t t) {
  TokenRange r = NounPhrase(v, t);
  if (v.upos(t) != "NOUN") return r;
  for (std::uint32_t c : v.children(t))
    if (c > t && v.base(c) == "nmod" && v.CaseOf(c) == "of") {
      const TokenRange of = NounPhrase(v, c);
      if (of.last > r.last) r.last = of.last;
    }
  return r;
}

// ---------------------------------------------------------------------------
// Dates.

using Days = std::int64_t;  // days since 1970-01-01

// Howard Hinnant's days_from_civil / civil_from_days.
Days DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const Days era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<Days>(doe) - 719468;
}

struct Civil {
  int y, m, d;
};

Civil CivilFromDays(Days z) {
  z += 719468;
  const Days era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + static_cast<int>(era * 400);
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {y + (m <= 2), m, d};
}

int Weekday(Days z) {
  return static_cast<int>(((z % 7) + 7 + 4) % 7);
}  // 0 = Sunday

bool IsLeap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::string FormatDate(Days z) {
  const Civil c = CivilFromDays(z);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.y, c.m, c.d);
  return buf;
}

// The calendar date at the start of an ISO 8601 date-time ("2022-08-05",
// "2022-08-05T10:00:00Z"): the publisher's local date, as written.
std::optional<Days> ParsePublished(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
  if (s.size() > 10 && s[10] != 'T' && s[10] != ' ' && s[10] != 't') return std::nullopt;
  const int y = std::stoi(std::string(s.substr(0, 4)));
  const int m = std::stoi(std::string(s.substr(5, 2)));
  const int d = std::stoi(std::string(s.substr(8, 2)));
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  return DaysFromCivil(y, m, d);
}

enum class TimeKind : std::uint8_t { kWeekday, kMonthDay, kDaysAgo, kVague };

struct TimeExpr {
  TokenRange range;
  TimeKind kind = TimeKind::kVague;
  int weekday = 0;    // kWeekday: 0 = Sunday
  int direction = 0;  // kWeekday: 0 on or before publication, -1 strictly before ("last"), +1 after ("next")
  int month = 0, day = 0, year = 0;  // kMonthDay; year 0 = not stated
  int days_ago = 0;                  // kDaysAgo
};

std::string ResolveDate(const TimeExpr& e, std::optional<Days> published) {
  if (!published) return {};
  const Days pub = *published;
  switch (e.kind) {
    case TimeKind::kWeekday: {
      const int back = (Weekday(pub) - e.weekday + 7) % 7;  // days back to the most recent such day
      if (e.direction > 0) return FormatDate(pub + (back == 0 ? 7 : 7 - back));
      if (e.direction < 0) return FormatDate(pub - (back == 0 ? 7 : back));
      return FormatDate(pub - back);
    }
    case TimeKind::kMonthDay: {
      int year = e.year != 0 ? e.year : CivilFromDays(pub).y;
      if (e.day > DaysInMonth(year, e.month)) return {};
      Days z = DaysFromCivil(year, e.month, e.day);
      if (e.year == 0 && z > pub) {
        --year;
        if (e.day > DaysInMonth(year, e.month)) return {};
        z = DaysFromCivil(year, e.month, e.day);
      }
      return FormatDate(z);
    }
    case TimeKind::kDaysAgo: return FormatDate(pub - e.days_ago);
    case TimeKind::kVague: return {};
  }
  return {};
}

int MonthOf(const View& v, std::uint32_t t) {
  if (!StartsUpper(v.text(t))) return 0;
  for (const MonthName& m : kMonths)
    if (v.lower(t) == m.name) return m.month;
  return 0;
}

// 1..31 from "4" or "4th", else 0.
int DayNumber(std::string_view w) {
  std::size_t digits = 0;
  while (digits < w.size() && std::isdigit(static_cast<unsigned char>(w[digits]))) ++digits;
  if (digits == 0 || digits > 2) return 0;
  const std::string_view rest = w.substr(digits);
  if (!rest.empty() && rest != "st" && rest != "nd" && rest != "rd" && rest != "th") return 0;
  const int d = std::stoi(std::string(w.substr(0, digits)));
  return d >= 1 && d <= 31 ? d : 0;
}

int YearNumber(std::string_view w) {
  if (w.size() != 4 ||
      !std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return 0;
  const int y = std::stoi(std::string(w));
  return y >= 1900 && y <= 2100 ? y : 0;
}

// Time expressions among the tokens of `scope` for which `usable(t)` holds.
// `modifiers` keeps those that modify a noun ("the Aug. 4 report"), which
// are no statement's time but are a document's date.
template <typename Usable>
std::vector<TimeExpr> FindTimes(const View& v, TokenRange scope, Usable usable, bool modifiers = false) {
  std::vector<TimeExpr> out;
  auto ok = [&](std::uint32_t t) { return Contains(scope, t) && usable(t); };
  for (std::uint32_t t = scope.first; t < scope.last; ++t) {
    if (!usable(t)) continue;
    const std::string& w = v.lower(t);
    TimeExpr e;
    bool found = false;
    if (const auto wd = std::find(std::begin(kWeekdays), std::end(kWeekdays), w);
        wd != std::end(kWeekdays) && StartsUpper(v.text(t))) {
      e.kind = TimeKind::kWeekday;
      e.weekday = static_cast<int>(wd - std::begin(kWeekdays));
      e.range = {t, t + 1};
      if (t > scope.first && ok(t - 1) && In(v.lower(t - 1), kWeekdayPre)) {
        e.range.first = t - 1;
        if (v.lower(t - 1) == "last") e.direction = -1;
        if (v.lower(t - 1) == "next") e.direction = 1;
      }
      if (ok(t + 1) && In(v.lower(t + 1), kDayParts)) e.range.last = t + 2;
      found = true;
    } else if (const int month = MonthOf(v, t); month != 0) {
      // "Aug. 4", "Aug. 4, 2022", "August 4th"
      std::uint32_t next = t + 1;
      if (ok(next) && v.lower(next) == "." && v.lower(t).back() != '.') ++next;  // "Aug" "."
      if (ok(next) && DayNumber(v.lower(next)) != 0) {
        e.kind = TimeKind::kMonthDay;
        e.month = month;
        e.day = DayNumber(v.lower(next));
        e.range = {t, next + 1};
        if (ok(next + 2) && v.lower(next + 1) == "," && YearNumber(v.lower(next + 2)) != 0) {
          e.year = YearNumber(v.lower(next + 2));
          e.range.last = next + 3;
        }
        found = true;
      } else if (t > scope.first && ok(t - 1) && DayNumber(v.lower(t - 1)) != 0) {
        // "4 August"
        e.kind = TimeKind::kMonthDay;
        e.month = month;
        e.day = DayNumber(v.lower(t - 1));
        e.range = {t - 1, t + 1};
        if (ok(t + 1) && YearNumber(v.lower(t + 1)) != 0) {
          e.year = YearNumber(v.lower(t + 1));
          e.range.last = t + 2;
        }
        found = true;
      } else if (t > scope.first && ok(t - 1) &&
                 (v.lower(t - 1) == "in" || v.lower(t - 1) == "last" || v.lower(t - 1) == "early" ||
                  v.lower(t - 1) == "late" || v.lower(t - 1) == "mid")) {
        // "in August", "last March": no day, no date.
        e.kind = TimeKind::kVague;
        e.range = {v.lower(t - 1) == "in" ? t : t - 1, t + 1};
        if (ok(t + 1) && YearNumber(v.lower(t + 1)) != 0) e.range.last = t + 2;
        found = true;
      }
    } else if ((w == "yesterday" || w == "today" || w == "tonight") &&
               (v.text(t) == w || (StartsUpper(v.text(t)) && v.text(t).substr(1) == w.substr(1) &&
                                   (t == 0 || v.sentence(t - 1) != v.sentence(t))))) {
      // Lower case, or capitalised at the start of a sentence: "USA TODAY"
      // and the BBC's "Today programme" are names.
      e.kind = TimeKind::kDaysAgo;
      e.days_ago = w == "yesterday" ? 1 : 0;
      e.range = {t, t + 1};
      found = true;
    } else if (In(w, kDayParts) && t > scope.first && ok(t - 1) &&
               ((v.lower(t - 1) == "last" && w == "night") || v.lower(t - 1) == "this")) {
      // "last night" is the night before publication; "this morning" its day.
      e.kind = TimeKind::kDaysAgo;
      e.days_ago = v.lower(t - 1) == "last" ? 1 : 0;
      e.range = {t - 1, t + 1};
      found = true;
    } else if (In(w, kPeriods) && t > scope.first && ok(t - 1) &&
               (v.lower(t - 1) == "last" || v.lower(t - 1) == "this" || v.lower(t - 1) == "past")) {
      // "last week", "earlier this month", "late last year": no single day.
      e.kind = TimeKind::kVague;
      e.range = {t - 1, t + 1};
      if (t - 1 > scope.first && ok(t - 2) &&
          (v.lower(t - 2) == "earlier" || v.lower(t - 2) == "later" || v.lower(t - 2) == "late" ||
           v.lower(t - 2) == "early"))
        e.range.first = t - 2;
      found = true;
    } else if (w == "ago" && t >= scope.first + 2 && ok(t - 1) && ok(t - 2)) {
      // "two days ago", "3 days ago"
      const std::string& unit = v.lower(t - 1);
      const std::string& count = v.lower(t - 2);
      int n = -1;
      if (const auto it = std::find(std::begin(kNumberWords), std::end(kNumberWords), count);
          it != std::end(kNumberWords))
        n = static_cast<int>(it - std::begin(kNumberWords));
      else if (count.size() <= 2 && std::all_of(count.begin(), count.end(), [](char c) {
                 return std::isdigit(static_cast<unsigned char>(c));
               }))
        n = std::stoi(count);
      if (n >= 0 && (unit == "days" || unit == "day")) {
        e.kind = TimeKind::kDaysAgo;
        e.days_ago = n;
        e.range = {t - 2, t + 1};
        found = true;
      } else if (n >= 0 && (unit == "weeks" || unit == "months" || unit == "years" || unit == "week")) {
        e.kind = TimeKind::kVague;
        e.range = {t - 2, t + 1};
        found = true;
      }
    }
    if (!found) continue;
    // A time inside a noun phrase modifies the noun, not a verb ("Friday's
    // vote", "the Aug. 4 report"); a weekday inside a longer name ("Black
    // Friday") is a name.
    const std::uint32_t h = HeadOf(v, e.range);
    const std::string_view rel = v.base(h);
    if (!modifiers) {
      // Only when the parse names a noun as what it modifies: a weekday
      // hung on the full stop ("The mayor said Tuesday that …") is a misparse.
      const bool modifies_noun = v.head(h) >= 0 && v.IsNoun(static_cast<std::uint32_t>(v.head(h)));
      if ((rel == "compound" || rel == "amod" || v.deprel(h) == "nmod:poss") && modifies_noun) continue;
      if (e.range.last < v.size() && v.lower(e.range.last) == "'s") continue;
      // "after November 4", "until Friday": a time the statement is about,
      // not when it was made.
      if (e.range.first > 0 && In(v.lower(e.range.first - 1), kNotStatementTime)) continue;
    }
    if (const std::int32_t ent = v.entity(h);
        ent != kNone && v.EntityType(ent) != "event" && v.doc().entities[ent].tokens.size() > e.range.size())
      continue;
    out.push_back(e);
    t = e.range.last - 1;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Which tokens belong to the speech event of a statement.

struct Anchors {
  std::vector<std::uint32_t> tokens;  // the cue, its particle, and the clause it hangs from
  std::uint32_t cue_head = 0;
  bool valid = false;
};

Anchors AnchorsOf(const View& v, const Statement& s) {
  Anchors a;
  const TokenRange cue = Clip(s.cue, v.size());
  if (cue.empty()) return a;
  a.valid = true;
  for (std::uint32_t t = cue.first; t < cue.last; ++t) a.tokens.push_back(t);
  if (s.cue_particle >= 0 && static_cast<std::uint32_t>(s.cue_particle) < v.size())
    a.tokens.push_back(static_cast<std::uint32_t>(s.cue_particle));
  a.cue_head = HeadOf(v, cue);
  // "…, saying …", "took to social media to reject …": a subjectless cue
  // clause shares the time and channel of the clause it hangs from.
  const std::string_view rel = v.base(a.cue_head);
  const std::int32_t up = v.head(a.cue_head);
  if (up != kNoHead && !v.HasSubject(a.cue_head) &&
      (rel == "advcl" || rel == "xcomp" || rel == "conj" || rel == "acl"))
    a.tokens.push_back(static_cast<std::uint32_t>(up));
  return a;
}

bool IsAnchor(const Anchors& a, std::uint32_t t) {
  return std::find(a.tokens.begin(), a.tokens.end(), t) != a.tokens.end();
}

// Whether the phrase `r` hangs from the cue: its head's chain of heads
// reaches an anchor without entering the content or crossing a clause with
// a subject of its own. Noun phrases on the way are fine ("In a message
// posted on Facebook on Friday, X accused": Friday → posted → message →
// accused).
bool Governed(const View& v, TokenRange r, const Anchors& a, TokenRange content) {
  if (!a.valid || !v.parsed()) return false;
  std::int32_t h = v.head(HeadOf(v, r));
  for (int steps = 0; h != kNoHead && steps < View::kMaxDepth; ++steps, h = v.head(h)) {
    const auto u = static_cast<std::uint32_t>(h);
    if (IsAnchor(a, u)) return true;
    if (Contains(content, u) || Contains(r, u)) return false;
    if (v.HasSubject(u)) return false;
  }
  return false;
}

// The phrase follows the cue closely: "said Thursday", "told reporters on
// Monday". A fallback for parses that attach it into the content.
bool RightAfterCue(const View& v, TokenRange r, const Statement& s, TokenRange content) {
  const TokenRange cue = Clip(s.cue, v.size());
  if (cue.empty() || r.first < cue.last || r.first - cue.last > 3) return false;
  for (std::uint32_t t = cue.last; t < r.first; ++t)
    if (Contains(content, t) || v.IsPunct(t) || v.IsVerb(t) || v.lower(t) == "that") return false;
  return true;
}

// Tokens of the cue's sentence a statement's context may come from: not in
// its content, not inside quotation marks.
struct Scope {
  TokenRange sentence;
  TokenRange content;
};

std::optional<Scope> ScopeOf(const View& v, const Statement& s) {
  const TokenRange cue = Clip(s.cue, v.size());
  if (cue.empty()) return std::nullopt;
  TokenRange content = Clip(s.content, v.size());
  // "X, she said on Tuesday in a statement, Y": a content holding its own
  // reporting clause (docs/attribution.md, sieve 1) keeps the clause out of
  // the way; what follows it is reached only through the cue's own phrases.
  if (content.first < cue.first && cue.last < content.last) {
    std::uint32_t first = cue.first;
    const TokenRange source = Clip(s.source, v.size());
    if (!source.empty() && source.first > content.first && source.first < first) first = source.first;
    content.last = first;
  }
  return Scope{v.SentenceRange(cue.first), content};
}

// ---------------------------------------------------------------------------
// Channels and addressees.

struct Channel {
  TokenRange range;
  std::uint32_t head = 0;
  bool platform = false;  // a platform or "social media": preferred to a medium noun
  bool written = false;
  TokenRange addressee;
};

// A platform name at t ("Facebook", "Truth Social"), or an empty range.
TokenRange PlatformAt(const View& v, std::uint32_t t) {
  const std::string& w = v.lower(t);
  if (w == "truth" && v.text(t) == "Truth" && t + 1 < v.size() && v.text(t + 1) == "Social")
    return {t, t + 2};
  if (w == "social" && t + 1 < v.size() && v.lower(t + 1) == "media") return {t, t + 2};
  if (!In(w, kPlatforms)) return {};
  if (!StartsUpper(v.text(t))) return {};
  if (w == "x" || w == "threads") {
    // Ordinary words too: only right after "on"/"via".
    if (t == 0 || (v.lower(t - 1) != "on" && v.lower(t - 1) != "via")) return {};
  }
  return {t, t + 1};
}

// The addressee of a medium noun: "interview with CNN", "letter to
// shareholders", "remarks to reporters". "with" only for a conversation:
// "a joint statement with Democrats" names co-authors.
TokenRange MediumAddressee(const View& v, std::uint32_t noun) {
  const bool conversation = In(v.lemma(noun), kConversationNouns);
  for (std::uint32_t c : v.children(noun)) {
    if (c < noun || v.base(c) != "nmod" || v.IsPronoun(c)) continue;
    const std::string_view k = v.CaseOf(c);
    if ((k == "with" && conversation) || k == "to") return AddresseePhrase(v, c);
  }
  if (!v.parsed() && noun + 2 < v.size() &&
      ((v.lower(noun + 1) == "with" && conversation) || v.lower(noun + 1) == "to")) {
    std::uint32_t t = noun + 2;
    while (t < v.size() && In(v.lower(t), kDefiniteDeterminers)) ++t;
    if (t < v.size() && StartsUpper(v.text(t))) return NounPhrase(v, t);
  }
  return {};
}

std::vector<Channel> FindChannels(const View& v, const Scope& scope, const Anchors& a, const Statement& s) {
  std::vector<Channel> out;
  auto usable = [&](std::uint32_t t) { return !Contains(scope.content, t) && !v.quoted(t); };
  for (std::uint32_t t = scope.sentence.first; t < scope.sentence.last; ++t) {
    if (!usable(t)) continue;
    Channel c;
    if (const TokenRange p = PlatformAt(v, t); !p.empty()) {
      const std::uint32_t h = HeadOf(v, p);
      const bool by_case = In(v.CaseOf(h), kPlatformCase) || (t > 0 && In(v.lower(t - 1), kPlatformCase));
      const bool by_noun = p.last < v.size() && In(v.lemma(p.last), kPlatformNouns);
      if (!by_case && !by_noun) continue;
      c.range = p;
      c.head = h;
      c.platform = true;
      c.written = true;
      t = p.last - 1;
    } else if (In(v.lemma(t), kMediumNouns) && v.IsNoun(t)) {
      // "press release", "news conference": the noun with its compounds.
      if (v.lemma(t) == "op" && !(t + 2 < v.size() && v.lower(t + 1) == "-" && v.lower(t + 2) == "ed"))
        continue;
      std::string_view k = v.CaseOf(t);
      // "in a series of tweets": the case of the noun it is a part of.
      if (const std::int32_t h = v.head(t);
          k == "of" && h != kNoHead && In(v.lemma(static_cast<std::uint32_t>(h)), kSeriesNouns))
        k = v.CaseOf(static_cast<std::uint32_t>(h));
      if (k.empty()) {
        // The parse gave the noun no preposition (a split "op-ed" parses
        // badly): the one before its determiner and modifiers.
        std::uint32_t u = t;
        while (u > scope.sentence.first && t - u < 4 &&
               (v.upos(u - 1) == "DET" || v.upos(u - 1) == "ADJ" || v.upos(u - 1) == "NOUN" ||
                v.lower(u - 1) == "his" || v.lower(u - 1) == "her" || v.lower(u - 1) == "their" ||
                v.lower(u - 1) == "its"))
          --u;
        if (u > scope.sentence.first) k = v.lower(u - 1);
      }
      if (!In(k, kMediumCase) && !(k == "on" && In(v.lemma(t), kOnMedia))) continue;
      // "in a phone call with reporters", not "in a call for calm".
      if (v.lemma(t) == "call" && (t == 0 || !In(v.lower(t - 1), kCallKinds))) continue;
      c.range = {t, t + 1};
      for (std::uint32_t d : v.children(t))
        if (d < t && v.base(d) == "compound") c.range.first = std::min(c.range.first, v.Subtree(d).first);
      if (v.lemma(t) == "op") c.range.last = t + 3;
      c.head = t;
      c.written = In(v.lemma(t), kWrittenMedia);
      c.addressee = MediumAddressee(v, t);
      t = c.range.last - 1;
    } else {
      continue;
    }
    if (!Governed(v, c.range, a, scope.content) && !RightAfterCue(v, c.range, s, scope.content)) continue;
    out.push_back(c);
  }
  return out;
}

// The addressee stated with the cue verb: "told Reuters", "speaking to
// reporters". Pronouns ("told him") are left out: they name no one.
TokenRange CueAddressee(const View& v, const Anchors& a, TokenRange content) {
  if (!a.valid) return {};
  const std::uint32_t cue = a.cue_head;
  const std::string& lemma = v.lemma(cue);
  if (In(lemma, kTellVerbs)) {
    for (std::uint32_t c : v.children(cue)) {
      const std::string_view b = v.base(c);
      if ((b == "obj" || b == "iobj") && !Contains(content, c) && v.IsNoun(c) && !v.IsPronoun(c))
        return AddresseePhrase(v, c);
    }
    if (lemma == "tell") {
      // The parse may miss the object; "told" is followed by it.
      std::uint32_t t = cue + 1;
      while (t < v.size() && In(v.lower(t), kDefiniteDeterminers)) ++t;
      if (t < v.size() && !Contains(content, t) && (v.upos(t) == "PROPN" || v.upos(t) == "NOUN") &&
          !v.IsPronoun(t) && !v.quoted(t)) {
        TokenRange r{t, t + 1};
        auto noun_run = [&] {
          while (r.last < v.size() && !Contains(content, r.last) &&
                 (v.upos(r.last) == "PROPN" || (v.upos(r.last) == "NOUN" && v.upos(r.last - 1) != "NOUN")))
            ++r.last;
        };
        noun_run();
        // "members of Congress"
        if (v.upos(t) == "NOUN" && r.last + 1 < v.size() && v.lower(r.last) == "of" &&
            !Contains(content, r.last + 1) && v.upos(r.last + 1) == "PROPN") {
          r.last += 2;
          noun_run();
        }
        if (const std::int32_t e = v.entity(t); e != kNone && v.doc().entities[e].tokens.first >= cue + 1)
          r = Clip(v.doc().entities[e].tokens, v.size());
        return r;
      }
    }
    return {};
  }
  if (In(lemma, kSpeakToVerbs)) {
    for (std::uint32_t c : v.children(cue)) {
      if (v.base(c) != "obl" || c < cue || Contains(content, c) || v.IsPronoun(c) || !v.IsNoun(c)) continue;
      const std::string_view k = v.CaseOf(c);
      if (k == "to" || (k == "with" && lemma != "say" && lemma != "write")) return AddresseePhrase(v, c);
    }
  }
  return {};
}

bool SameSpeaker(const View& v, const Statement& a, const Statement& b) {
  if (a.speaker != kNone && b.speaker != kNone) return a.speaker == b.speaker;
  const TokenRange sa = Clip(a.source, v.size()), sb = Clip(b.source, v.size());
  if (sa.empty() || sb.empty()) return false;
  const std::uint32_t la = sa.last - 1, lb = sb.last - 1;
  if (v.IsPronoun(lb) || v.IsPronoun(la)) return false;
  return v.lower(la) == v.lower(lb);
}

// A pronoun source ("They said …") right after a statement: the same speaker
// when coreference has not said otherwise.
bool PronounFollows(const View& v, const Statement& prev, const Statement& s) {
  if (s.speaker != kNone && prev.speaker != kNone) return false;
  const TokenRange src = Clip(s.source, v.size());
  return src.size() == 1 && v.IsPronoun(src.first) && !Clip(prev.source, v.size()).empty();
}

std::int32_t CueSentence(const View& v, const Statement& s) {
  const TokenRange cue = Clip(s.cue, v.size());
  if (!cue.empty()) return v.sentence(cue.first);
  const TokenRange c = Clip(s.content, v.size());
  return c.empty() ? kNone : v.sentence(c.first);
}

std::int32_t CueParagraph(const View& v, const Statement& s) {
  const TokenRange cue = Clip(s.cue, v.size());
  if (!cue.empty()) return v.paragraph(cue.first);
  const TokenRange c = Clip(s.content, v.size());
  return c.empty() ? kNone : v.paragraph(c.first);
}

bool IsWritingCue(const View& v, const Statement& s) {
  if (s.cue_class == CueClass::kWriting) return true;
  const TokenRange cue = Clip(s.cue, v.size());
  return !cue.empty() && In(v.lemma(HeadOf(v, cue)), kWritingCues);
}

bool IsWrittenChannel(const View& v, TokenRange channel) {
  if (channel.empty()) return false;
  const std::uint32_t h = channel.last - 1;
  return !PlatformAt(v, channel.first).empty() || In(v.lemma(h), kWrittenMedia) ||
         (channel.size() >= 3 && v.lower(channel.first) == "op");
}

// ---------------------------------------------------------------------------
// Cited documents.

struct Mention {
  TokenRange range;    // as reported in CitedDocument::mentions
  std::uint32_t head;  // the document noun
  std::string kind;    // "report", "press release"
  bool definite = false;
  bool is_new = false;     // "another report", "a new study"
  bool generic = false;    // "the document", "the findings"
  bool link_only = false;  // "the findings": refers back, never starts a document
  std::string author;
  TokenRange date;
  std::int32_t cluster = kNone;
};

// Initials of the capitalised words of a name: "Human Rights Watch" → "HRW".
std::string Initials(std::string_view name) {
  std::string out;
  std::size_t i = 0;
  while (i < name.size()) {
    while (i < name.size() && name[i] == ' ') ++i;
    std::size_t j = i;
    while (j < name.size() && name[j] != ' ') ++j;
    const std::string_view word = name.substr(i, j - i);
    if (!word.empty() && !In(AsciiLower(word), kNameFunctionWords)) {
      if (!StartsUpper(word)) return {};
      out.push_back(word[0]);
    }
    i = j;
  }
  return out;
}

bool IsAcronym(std::string_view w) {
  return w.size() >= 2 && w.size() <= 6 &&
         std::all_of(w.begin(), w.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
}

// Normalised for comparing authors: lower case, no leading "the", no
// possessive ending.
std::string AuthorKey(std::string_view a) {
  std::string s = AsciiLower(a);
  for (std::string_view suffix : {"'s", "\u2019s", "'"})
    if (s.size() > suffix.size() && s.ends_with(suffix)) s.resize(s.size() - suffix.size());
  if (s.starts_with("the ")) s.erase(0, 4);
  return s;
}

// Same author: equal, one the acronym of the other ("AI" / "Amnesty
// International"), or one a word sequence inside the other ("Amnesty" /
// "Amnesty International").
bool AuthorsMatch(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return false;
  const std::string ka = AuthorKey(a), kb = AuthorKey(b);
  if (ka == kb) return true;
  if (IsAcronym(a) && Initials(b) == a) return true;
  if (IsAcronym(b) && Initials(a) == b) return true;
  auto words_in = [](const std::string& small, const std::string& big) {
    return Padded(big).find(Padded(small)) != std::string::npos;
  };
  return words_in(ka, kb) || words_in(kb, ka);
}

// An acronym written out elsewhere in the text: "the AI report" with
// "Amnesty International" earlier → "Amnesty International". Looks for the
// first run of capitalised words whose initials spell it.
std::string ExpandAcronym(const View& v, std::string_view acronym) {
  for (std::uint32_t t = 0; t < v.size(); ++t) {
    if (!StartsUpper(v.text(t)) || v.text(t)[0] != acronym[0] || v.text(t) == acronym) continue;
    std::size_t k = 0;
    std::uint32_t u = t;
    for (; u < v.size() && k < acronym.size(); ++u) {
      const std::string_view w = v.text(u);
      if (In(v.lower(u), kNameFunctionWords) && u != t) continue;
      if (!StartsUpper(w) || w[0] != acronym[k]) break;
      ++k;
    }
    if (k == acronym.size() && (u >= v.size() || !StartsUpper(v.text(u)) || v.IsPunct(u)))
      return v.Text({t, u});
  }
  return std::string(acronym);
}

// The author named by token t (a possessor, compound, "by" object or
// subject): its name as written, or "" for a pronoun.
std::string AuthorName(const View& v, std::uint32_t t) {
  if (v.IsPronoun(t)) return {};
  // "the watchdog Green Audit": the name in apposition, not the description.
  if (v.upos(t) == "NOUN" && v.entity(t) == kNone) {
    for (std::uint32_t c : v.children(t))
      if (c > t && (v.base(c) == "appos" || v.base(c) == "flat") &&
          (v.entity(c) != kNone || v.upos(c) == "PROPN"))
        return AuthorName(v, c);
  }
  TokenRange np = NounPhrase(v, t);
  // A name the tagger or recogniser cut short ("Lakeside Tenants Union"
  // with only "Union" recognised): the whole run of capitalised proper nouns.
  // Function words may join its parts: "Institute for the Study of War".
  if (v.upos(t) == "PROPN") {
    auto name_word = [&](std::uint32_t u) {
      return u < v.size() && v.upos(u) == "PROPN" && StartsUpper(v.text(u)) &&
             v.sentence(u) == v.sentence(t) && MonthOf(v, u) == 0 && !In(v.lower(u), kWeekdays);
    };
    while (np.first > 0 && name_word(np.first - 1)) --np.first;
    for (;;) {
      if (name_word(np.last)) {
        ++np.last;
        continue;
      }
      std::uint32_t u = np.last;
      while (u < v.size() && u < np.last + 2 && In(v.lower(u), kNameJoiners)) ++u;
      if (u == np.last || !name_word(u)) break;
      np.last = u + 1;
    }
  }
  // "the nonpartisan Rothenberg …": descriptive words before a name are not
  // part of it.
  while (np.first < t && !StartsUpper(v.text(np.first))) ++np.first;
  // "Amnesty International's": leave the possessive ending out.
  while (np.last > np.first + 1 && (v.lower(np.last - 1) == "'s" || v.lower(np.last - 1) == "'")) --np.last;
  const std::string name = v.Text(np);
  if (IsAcronym(name)) return ExpandAcronym(v, name);
  return name;
}

bool NameLike(const View& v, std::uint32_t t) {
  // "the January report", "Thursday's statement": a date, not an author.
  if (MonthOf(v, t) != 0 || In(v.lower(t), kWeekdays)) return false;
  const std::int32_t e = v.entity(t);
  const std::string_view type = v.EntityType(e);
  return v.upos(t) == "PROPN" || type == "organization" || type == "person" || IsAcronym(v.text(t));
}

// Who wrote the document headed by noun t, when the text says so.
std::string FindAuthor(const View& v, std::uint32_t t) {
  for (std::uint32_t c : v.children(t)) {
    const std::string_view rel = v.deprel(c);
    // "Amnesty's report"
    if (rel == "nmod:poss" && !v.IsPronoun(c) && NameLike(v, c) == (v.upos(c) != "NOUN") &&
        MonthOf(v, c) == 0 && !In(v.lower(c), kWeekdays))
      return AuthorName(v, c);
    // "the Amnesty International report", "the AI report" (names only: "the
    // climate report" is about the climate)
    if (v.base(c) == "compound" && c < t && NameLike(v, c)) return AuthorName(v, c);
  }
  for (std::uint32_t c : v.children(t)) {
    // "a report by Amnesty", "a study from Harvard University"
    if (v.base(c) == "nmod" && c > t) {
      const std::string_view k = v.CaseOf(c);
      if (k == "by" || (k == "from" && v.EntityType(v.entity(c)) != "place")) return AuthorName(v, c);
    }
    // "a report published by Amnesty"
    if (v.base(c) == "acl" && In(v.lemma(c), kAuthoringVerbs)) {
      for (std::uint32_t g : v.children(c))
        if ((v.deprel(g) == "obl:agent" || v.base(g) == "obl") && v.CaseOf(g) == "by")
          return AuthorName(v, g);
    }
  }
  // "Amnesty published a report"
  const std::int32_t h = v.head(t);
  if (h != kNoHead && v.base(t) == "obj" && In(v.lemma(h), kAuthoringVerbs)) {
    const std::int32_t subj = v.Child(h, "nsubj");
    if (subj != kNone) return AuthorName(v, subj);
  }
  return {};
}

// When the document was released: "released Thursday", "published on Aug.
// 4", "Amnesty released the report on Thursday".
std::optional<TimeExpr> FindReleaseDate(const View& v, std::uint32_t t) {
  auto time_under = [&](std::uint32_t verb) -> std::optional<TimeExpr> {
    const TokenRange sent = v.SentenceRange(verb);
    for (const TimeExpr& e : FindTimes(v, sent, [&](std::uint32_t) { return true; })) {
      const std::int32_t h = v.head(HeadOf(v, e.range));
      // The time hangs from the verb or the document ("published a report
      // on Tuesday" attaches either way), or follows the verb ("released
      // Thursday" parsed as anything).
      if (h == static_cast<std::int32_t>(verb) || h == static_cast<std::int32_t>(t) ||
          e.range.first == verb + 1 || (e.range.first == verb + 2 && v.lower(verb + 1) == "on"))
        return e;
    }
    return std::nullopt;
  };
  for (std::uint32_t c : v.children(t))
    if (v.base(c) == "acl" && In(v.lemma(c), kReleaseVerbs))
      if (auto e = time_under(c)) return e;
  const std::int32_t h = v.head(t);
  if (h != kNoHead && (v.base(t) == "obj" || v.deprel(t) == "nsubj:pass") && In(v.lemma(h), kReleaseVerbs))
    return time_under(static_cast<std::uint32_t>(h));
  return std::nullopt;
}

// A statement channel that names a document ("in a press release") is the
// medium of the statement, not a document cited by it.
// A report, study, survey, analysis or paper stays a document even then:
// "Amnesty said in a report released Thursday" is a statement made in, and
// sourced from, a document others cite.
constexpr std::string_view kDocumentChannels[] = {"report", "study", "survey", "analysis", "paper"};

bool IsStatementChannel(const View& v, std::uint32_t t) {
  if (In(v.lemma(t), kDocumentChannels)) return false;
  for (const Statement& s : v.doc().statements)
    if (Contains(s.channel, t)) return true;
  // Also when channels were not attached: "in a statement", "in a letter".
  return In(v.lemma(t), kMediumNouns) && In(v.CaseOf(t), kMediumCase);
}

std::vector<Mention> FindMentions(const View& v) {
  std::vector<Mention> out;
  if (!v.parsed()) return out;
  for (std::uint32_t t = 0; t < v.size(); ++t) {
    if (!v.IsNoun(t) || v.upos(t).empty()) continue;
    const std::string& lemma = v.lemma(t);
    const bool findings = v.lower(t) == "findings";
    if (!findings && !In(lemma, kDocumentNouns)) continue;
    if (!findings && v.lower(t) != lemma) continue;  // plural
    if (v.base(t) == "compound") continue;           // "report card", "study group"
    // Part of a name: "Green Audit", "the Daily Report" (an outlet).
    if (const std::string_view type = v.EntityType(v.entity(t));
        type == "person" || type == "organization" || type == "place")
      continue;
    Mention m;
    m.head = t;
    m.kind = findings ? "findings" : lemma;
    // Left modifiers: determiner, adjectives, compounds, possessor.
    TokenRange r{t, t + 1};
    bool has_det_or_mod = false;
    std::string compound_kind;
    for (std::uint32_t c : v.children(t)) {
      if (c > t) continue;
      const std::string_view rel = v.deprel(c);
      const std::string_view b = v.base(c);
      if (b != "det" && b != "amod" && b != "compound" && rel != "nmod:poss" && b != "nummod" && b != "flat")
        continue;
      r.first = std::min(r.first, v.Subtree(c).first);
      has_det_or_mod = true;
      if (b == "det" && In(v.lower(c), kDefiniteDeterminers)) m.definite = true;
      if (rel == "nmod:poss") m.definite = true;
      if (In(v.lower(c), kNewDocumentWords)) m.is_new = true;
      if (b == "det" && v.lower(c) == "no") m.is_new = true, r = {};  // "no report": none
      if (b == "compound" && !NameLike(v, c) && c + 1 == t) compound_kind = v.lower(c);
    }
    if (r.empty()) continue;  // "no report"
    // A misattached modifier may drag in a preposition, punctuation or a
    // verb ("according to a new survey"): the phrase starts after them.
    auto junk = [&](std::uint32_t u) {
      const std::string_view p = v.upos(u);
      return p == "ADP" || p == "SCONJ" || p == "CCONJ" || p == "PART" || v.IsPunct(u) ||
             (p == "VERB" && v.base(u) != "amod");
    };
    while (r.first < t && junk(r.first)) ++r.first;
    // "the new poll" refers back to the poll just introduced; only an
    // indefinite "a new report" or "another report" is a new document.
    if (m.definite) m.is_new = false;
    if (!has_det_or_mod) continue;  // bare: a headline word or part of a name
    // "World Report", "the Daily Report" mid-sentence: a title, not a
    // document, unless a possessor or determiner makes it one.
    if (StartsUpper(v.text(t)) && v.upos(t) == "PROPN" && !m.definite && t > 0 &&
        v.sentence(t - 1) == v.sentence(t))
      continue;
    // Part of a hyphenated word: "self-report".
    if (t > 0 && v.doc().token_kind[t - 1] == TokenKind::kDash && !(v.doc().token_flags[t - 1] & kSpaceAfter))
      continue;
    if (lemma == "release") {
      if (compound_kind != "press" && compound_kind != "news") continue;
      m.kind = compound_kind + " release";
    } else if (lemma == "paper") {
      if (!In(compound_kind, kPaperKinds)) continue;
      m.kind = compound_kind + " paper";
    } else if (compound_kind == "white" || compound_kind == "court" || compound_kind == "research") {
      m.kind = compound_kind + " " + m.kind;
    }
    if (IsStatementChannel(v, t)) continue;
    m.generic = In(m.kind, kGenericDocumentNouns);
    m.link_only = findings;
    m.range = r;
    // "the report's findings": the possessor's phrase is a mention of it.
    const std::int32_t up = v.head(t);
    if (v.deprel(t) == "nmod:poss" && up != kNoHead && static_cast<std::uint32_t>(up) > t &&
        v.IsNoun(static_cast<std::uint32_t>(up)))
      m.range.last = static_cast<std::uint32_t>(up) + 1;
    // "the findings of the report", "the report's findings": a mention of
    // the report (made from its own head), not of findings.
    if (findings) {
      bool of_document = false;
      for (std::uint32_t c : v.children(t))
        if ((v.base(c) == "nmod" || v.deprel(c) == "nmod:poss") && In(v.lemma(c), kDocumentNouns))
          of_document = true;
      if (of_document) continue;
    }
    m.author = FindAuthor(v, t);
    if (auto date = FindReleaseDate(v, t)) {
      m.date = date->range;
    } else {
      // "a Feb. 18 report", "Thursday's report": the date as a modifier.
      for (const TimeExpr& e : FindTimes(
               v, {r.first, t}, [](std::uint32_t) { return true; }, true)) {
        m.date = e.range;
        break;
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

struct Cluster {
  std::vector<std::uint32_t> mentions;  // indices into the mention list
  std::string kind;
  std::vector<std::string> aliases;  // other kinds it was called: "a study … The report"
  std::string author;
  TokenRange date;
  std::optional<TimeExpr> date_expr;
};

// An author given by name ("Green Audit"), not by a description ("the
// ministry", "researchers"). Two different names are two documents; a
// description may stand for either.
bool IsNamedAuthor(std::string_view a) {
  if (a.starts_with("the ") || a.starts_with("The ")) a.remove_prefix(4);
  return StartsUpper(a);
}

// Two documents whose authors are both named, and named differently.
bool AuthorsClash(std::string_view a, std::string_view b) {
  return IsNamedAuthor(a) && IsNamedAuthor(b) && !AuthorsMatch(a, b);
}

constexpr std::string_view kNameTags[] = {"PROPN", "ADJ", "NOUN"};

// Whether the last word of `text` is `word`, ignoring ASCII case.
bool LastWordIs(std::string_view text, std::string_view word) {
  const std::size_t space = text.rfind(' ');
  const std::string_view last = space == std::string_view::npos ? text : text.substr(space + 1);
  if (last.size() != word.size()) return false;
  for (std::size_t i = 0; i < last.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(last[i])) !=
        std::tolower(static_cast<unsigned char>(word[i])))
      return false;
  return true;
}

// The title a document goes by, when the text writes it as a name: a
// mention whose noun follows a proper-noun run ("the National Iodine
// Nutrition study") and, somewhere in the text, that run with the noun
// capitalised ("Study"), widened to the capitalised words before it ("the
// Australian National Iodine Nutrition Study"); the longest such run, or ""
// when there is none. "the Green Audit report" is a report by Green Audit:
// no "Green Audit Report" is written.
std::string DocumentTitle(const View& v, const Cluster& c, const std::vector<Mention>& mentions) {
  std::string best;
  for (std::uint32_t i : c.mentions) {
    const Mention& m = mentions[i];
    // Capitalised words: the tagger reads "National" in a name as ADJ.
    auto name_word = [&](std::uint32_t u) {
      return StartsUpper(v.text(u)) && In(v.upos(u), kNameTags) &&
             (v.upos(u) == "PROPN" || (u > 0 && v.sentence(u - 1) == v.sentence(u)));
    };
    std::uint32_t first = m.head;
    while (first > m.range.first && name_word(first - 1)) --first;
    if (first == m.head) continue;
    const std::size_t words = m.head - first;
    for (std::uint32_t t = static_cast<std::uint32_t>(words); t < v.size(); ++t) {
      if (!StartsUpper(v.text(t)) || !LastWordIs(v.text(t), v.text(m.head))) continue;
      bool same = true;
      for (std::size_t k = 0; k < words && same; ++k)
        same = v.text(t - words + k) == v.text(first + static_cast<std::uint32_t>(k));
      if (!same) continue;
      std::uint32_t start = t - static_cast<std::uint32_t>(words);
      while (start > 0 && v.sentence(start - 1) == v.sentence(t) && name_word(start - 1)) --start;
      std::string title = v.Text({start, t + 1});
      if (title.size() > best.size()) best = std::move(title);
    }
  }
  return best;
}

bool Compatible(const Cluster& c, const Mention& m) {
  const bool same_kind = c.kind == m.kind || (In(c.kind, kPollKinds) && In(m.kind, kPollKinds)) ||
                         std::find(c.aliases.begin(), c.aliases.end(), m.kind) != c.aliases.end();
  if (!m.generic && !In(c.kind, kGenericDocumentNouns) && !same_kind) return false;
  if (AuthorsClash(c.author, m.author)) return false;
  return true;
}

// ---------------------------------------------------------------------------
// Stances.

// The stance a word expresses, or kNone. `t` is skipped when negated.
Stance StanceOfWord(const View& v, std::uint32_t t) {
  const std::string& l = v.lemma(t);
  Stance s = Stance::kNone;
  if (In(l, kRejectWords) || In(v.lower(t), kRejectWords))
    s = Stance::kReject;
  else if (In(l, kCriticiseWords) || In(v.lower(t), kCriticiseWords))
    s = Stance::kCriticise;
  else if (In(l, kSupportWords) || In(v.lower(t), kSupportWords))
    s = Stance::kSupport;
  else if (l == "stand" && t + 1 < v.size() && v.lower(t + 1) == "by")  // "stood by the report"
    s = Stance::kSupport;
  if (s == Stance::kNone || v.Negated(t)) return Stance::kNone;
  // Words with a second, neutral sense: "came back", "lie in ruins".
  if ((l == "back" && v.upos(t) != "VERB") || (l == "lie" && v.upos(t) != "NOUN")) return Stance::kNone;
  if (v.IsVerb(t)) {
    const std::int32_t h = v.head(t);
    if (h != kNoHead && v.Negated(static_cast<std::uint32_t>(h)) && v.base(t) == "xcomp")
      return Stance::kNone;
  }
  return s;
}

// The strongest stance among tokens of `r` (reject > criticise > support).
Stance StanceIn(const View& v, TokenRange r) {
  Stance best = Stance::kNone;
  for (std::uint32_t t = r.first; t < r.last; ++t) {
    const Stance s = StanceOfWord(v, t);
    if (s == Stance::kReject) return s;
    if (s == Stance::kCriticise) best = s;
    if (s == Stance::kSupport && best == Stance::kNone) best = s;
  }
  return best;
}

bool IsAuthorOf(const View& v, const Document& doc, const Statement& s, const std::string& author) {
  if (author.empty()) return false;
  if (s.speaker >= 0 && static_cast<std::size_t>(s.speaker) < doc.speakers.size()) {
    const Speaker& sp = doc.speakers[s.speaker];
    if (AuthorsMatch(sp.name, author) || AuthorsMatch(sp.affiliation, author)) return true;
  }
  const TokenRange src = Clip(s.source, v.size());
  if (src.empty()) return false;
  // The source as written names the author: "Amnesty International Secretary
  // General Agnes Callamard".
  const std::string text = Padded(AuthorKey(v.Text(src)));
  const std::string key = AuthorKey(author);
  for (std::string_view ending : {"", "'s", "\u2019s"})
    if (text.find(Padded(key, ending)) != std::string::npos) return true;
  for (std::uint32_t t = src.first; t < src.last; ++t)
    if (IsAcronym(v.text(t)) && AuthorsMatch(std::string(v.text(t)), author)) return true;
  return false;
}

}  // namespace

void AttachChannelsAndTimes(Document& doc) {
  const View v(doc);
  const std::optional<Days> published = ParsePublished(doc.metadata().published);
  std::vector<Statement>& statements = doc.statements;

  // Pass 1: what each statement's own sentence states.
  for (Statement& s : statements) {
    s.channel = s.addressee = s.time = {};
    s.date.clear();
    const std::optional<Scope> scope = ScopeOf(v, s);
    if (!scope) continue;
    const Anchors a = AnchorsOf(v, s);
    const std::vector<Channel> channels = FindChannels(v, *scope, a, s);
    const Channel* best = nullptr;
    for (const Channel& c : channels) {
      if (best == nullptr || (c.platform && !best->platform)) best = &c;
    }
    if (best != nullptr) {
      s.channel = best->range;
      // "in an interview with CNN": the addressee comes with the medium;
      // "in a message posted on Facebook" lends its medium's addressee too.
      for (const Channel& c : channels)
        if (!c.addressee.empty()) s.addressee = c.addressee;
    }
    if (const TokenRange to = CueAddressee(v, a, scope->content); !to.empty()) s.addressee = to;

    auto usable = [&](std::uint32_t t) { return !Contains(scope->content, t) && !v.quoted(t); };
    const std::vector<TimeExpr> times = FindTimes(v, scope->sentence, usable);
    const TimeExpr* time = nullptr;
    std::uint32_t best_distance = 0;
    const std::uint32_t cue = HeadOf(v, Clip(s.cue, v.size()));
    for (const TimeExpr& e : times) {
      if (!Governed(v, e.range, a, scope->content) && !RightAfterCue(v, e.range, s, scope->content)) continue;
      const std::uint32_t d = e.range.first > cue ? e.range.first - cue : cue - e.range.first;
      if (time == nullptr || d < best_distance) time = &e, best_distance = d;
    }
    if (time != nullptr) {
      s.time = time->range;
      s.date = ResolveDate(*time, published);
    }
  }

  // Pass 2: what a statement takes over from an earlier one.
  for (std::size_t i = 0; i < statements.size(); ++i) {
    Statement& s = statements[i];
    // A continued quotation is the same utterance: same channel, addressee
    // and time. One with a cue of its own ("…,” she said Thursday.") is
    // attributed afresh, like any other statement (the seed's annotation
    // gives such a paragraph its own time and not the press release).
    if (s.continues >= 0 && static_cast<std::size_t>(s.continues) < statements.size() &&
        static_cast<std::size_t>(s.continues) != i && Clip(s.cue, v.size()).empty()) {
      const Statement& from = statements[s.continues];
      if (s.channel.empty()) s.channel = from.channel;
      if (s.addressee.empty()) s.addressee = from.addressee;
      if (s.time.empty()) s.time = from.time, s.date = from.date;
      continue;
    }
    if (!s.channel.empty()) continue;
    const std::int32_t sentence = CueSentence(v, s);
    const std::int32_t paragraph = CueParagraph(v, s);
    if (sentence == kNone || paragraph == kNone) continue;
    // The same speaker in the same or the sentence before, same paragraph:
    // "Experts took to social media to reject … They said …".
    bool inherited = false;
    for (std::size_t j = i; j-- > 0;) {
      const Statement& p = statements[j];
      const std::int32_t ps = CueSentence(v, p);
      if (ps == kNone || CueParagraph(v, p) != paragraph || ps < sentence - 1 || ps > sentence) continue;
      if (!SameSpeaker(v, p, s) && !(j + 1 == i && PronounFollows(v, p, s))) continue;
      if (!p.channel.empty()) {
        s.channel = p.channel;
        if (s.addressee.empty()) s.addressee = p.addressee;
        inherited = true;
      }
      break;
    }
    if (inherited || !IsWritingCue(v, s)) continue;
    // "X wrote" after X's statement in a written medium, within three
    // paragraphs: the same post, letter or statement.
    for (std::size_t j = i; j-- > 0;) {
      const Statement& p = statements[j];
      const std::int32_t pp = CueParagraph(v, p);
      if (pp == kNone || pp < paragraph - 3) break;
      if (!SameSpeaker(v, p, s)) continue;
      if (IsWrittenChannel(v, p.channel)) s.channel = p.channel;
      break;
    }
  }
}

void LinkCitedDocuments(Document& doc) {
  const View v(doc);
  const std::optional<Days> published = ParsePublished(doc.metadata().published);
  doc.cited_documents.clear();
  for (Statement& s : doc.statements) s.cited_document = kNone, s.stance = Stance::kNone;

  std::vector<Mention> mentions = FindMentions(v);
  std::vector<Cluster> clusters;
  for (std::uint32_t i = 0; i < mentions.size(); ++i) {
    Mention& m = mentions[i];
    std::int32_t target = kNone;
    if (!m.is_new) {
      if (m.definite || m.link_only) {
        // The most recent compatible document: "a report … The document";
        // one by the author the mention names before any other ("the
        // Mueller report" after "another report" of unknown author).
        std::uint32_t latest = 0;
        bool by_author = false;
        for (std::size_t c = 0; c < clusters.size(); ++c) {
          if (!Compatible(clusters[c], m)) continue;
          const bool same_author = AuthorsMatch(clusters[c].author, m.author);
          const std::uint32_t last = clusters[c].mentions.back();
          if (target == kNone || (same_author && !by_author) || (same_author == by_author && last >= latest))
            target = static_cast<std::int32_t>(c), latest = last, by_author = same_author;
        }
        // "A new study … The report says": no report before, so the
        // report is the latest research document whose author does not
        // clash.
        if (target == kNone && m.definite && In(m.kind, kResearchKinds)) {
          for (std::size_t c = clusters.size(); c-- > 0;) {
            if (!In(clusters[c].kind, kResearchKinds) || AuthorsClash(clusters[c].author, m.author)) continue;
            target = static_cast<std::int32_t>(c);
            clusters[c].aliases.push_back(m.kind);
            break;
          }
        }
      } else if (clusters.size() == 1 && Compatible(clusters[0], m) &&
                 (m.date.empty() || clusters[0].date.empty())) {
        // An indefinite mention starts a document unless there is only one
        // and nothing tells them apart.
        target = 0;
      }
    }
    if (target == kNone && m.link_only) continue;
    if (target == kNone) {
      clusters.push_back({});
      clusters.back().kind = m.kind;
      target = static_cast<std::int32_t>(clusters.size() - 1);
    }
    Cluster& c = clusters[target];
    m.cluster = target;
    c.mentions.push_back(i);
    if (In(c.kind, kGenericDocumentNouns) && !m.generic) c.kind = m.kind;
    // The author: a name over a description, the fuller of two names.
    if (!m.author.empty() &&
        (c.author.empty() || (IsNamedAuthor(m.author) && !IsNamedAuthor(c.author)) ||
         (IsNamedAuthor(m.author) == IsNamedAuthor(c.author) && m.author.size() > c.author.size())))
      c.author = m.author;
    if (c.date.empty() && !m.date.empty()) {
      c.date = m.date;
      for (const TimeExpr& e : FindTimes(
               v, m.date, [](std::uint32_t) { return true; }, true)) {
        c.date_expr = e;
        break;
      }
    }
  }
  // Clusters made only of "the findings" cannot exist (link_only never
  // starts one); build the output in order of first mention.
  std::vector<std::int32_t> output_index(clusters.size(), kNone);
  for (std::size_t c = 0; c < clusters.size(); ++c) {
    const Cluster& cl = clusters[c];
    CitedDocument d;
    for (std::uint32_t i : cl.mentions) d.mentions.push_back(mentions[i].range);
    d.author = cl.author;
    d.date = cl.date;
    if (cl.date_expr) d.resolved_date = ResolveDate(*cl.date_expr, published);
    // An author that ends with the document's own noun swallowed the
    // document's name ("Director of the National Iodine Nutrition study"):
    // it is no author.
    if (!d.author.empty() && LastWordIs(d.author, cl.kind)) d.author.clear();
    if (std::string title = DocumentTitle(v, cl, mentions); !title.empty()) {
      // "the National Iodine Nutrition study" with "the Australian National
      // Iodine Nutrition Study" elsewhere: the document has a name.
      // Its words are the title's, not an author's ("who led the Literacy
      // Panel study").
      if (Padded(title).find(Padded(d.author)) != std::string::npos) d.author.clear();
      d.name = std::move(title);
    } else if (!d.author.empty()) {
      d.name = d.author + " " + cl.kind;
    } else {
      // The fullest mention as written, determiner included ("a recent
      // poll", "the published report"), up to its noun ("The report's
      // authors" names the report "The report"); the first of the longest.
      std::size_t best_words = 0;
      for (std::uint32_t i : cl.mentions) {
        const Mention& m = mentions[i];
        if (m.generic && !In(cl.kind, kGenericDocumentNouns)) continue;
        const TokenRange r{m.range.first, m.head + 1};
        if (d.name.empty() || r.size() > best_words) d.name = v.Text(r), best_words = r.size();
      }
      if (d.name.empty()) d.name = cl.kind;
    }
    output_index[c] = static_cast<std::int32_t>(doc.cited_documents.size());
    doc.cited_documents.push_back(std::move(d));
  }
  if (clusters.empty()) return;

  // Mention lookup per token (head noun and the expanded phrase).
  std::vector<std::int32_t> mention_at(v.size(), kNone);
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    if (mentions[i].cluster == kNone) continue;
    for (std::uint32_t t = mentions[i].range.first; t < mentions[i].range.last; ++t)
      mention_at[t] = static_cast<std::int32_t>(i);
  }
  auto cluster_at = [&](std::uint32_t t) -> std::int32_t {
    return mention_at[t] == kNone ? kNone : mentions[mention_at[t]].cluster;
  };
  // A document through one of its parts: "the report's findings", "the
  // findings of the report", "the claims in the report".
  auto cluster_of_noun = [&](std::uint32_t t) -> std::int32_t {
    if (const std::int32_t c = cluster_at(t); c != kNone) return c;
    if (!In(v.lemma(t), kDocumentParts)) return kNone;
    for (std::uint32_t c : v.children(t))
      if ((v.base(c) == "nmod") && cluster_at(c) != kNone) return cluster_at(c);
    return kNone;
  };
  std::vector<bool> in_content(v.size(), false);
  for (const Statement& s : doc.statements) {
    const TokenRange c = Clip(s.content, v.size());
    for (std::uint32_t t = c.first; t < c.last; ++t) in_content[t] = true;
  }

  for (Statement& s : doc.statements) {
    const TokenRange content = Clip(s.content, v.size());
    const TokenRange source = Clip(s.source, v.size());
    std::int32_t doc_index = kNone;
    Stance stance = Stance::kNone;

    // 1. The document is the source: "the report said", "a report which
    // claimed", "according to the study".
    for (std::uint32_t t = source.first; t < source.last && doc_index == kNone; ++t) {
      std::int32_t c = cluster_at(t);
      if (c == kNone && v.IsPronoun(t) && (v.lower(t) == "which" || v.lower(t) == "that")) {
        // relative pronoun: the noun its clause modifies
        const std::int32_t clause = v.head(t);
        const std::int32_t noun = clause == kNoHead ? kNoHead : v.head(clause);
        if (noun != kNoHead && v.base(static_cast<std::uint32_t>(clause)) == "acl") c = cluster_at(noun);
      }
      if (c != kNone) doc_index = c, stance = Stance::kSource;
    }
    // "Amnesty said in a report that …": the statement is the document's.
    const TokenRange channel = Clip(s.channel, v.size());
    for (std::uint32_t t = channel.first; t < channel.last && doc_index == kNone; ++t)
      if (cluster_at(t) != kNone) doc_index = cluster_at(t), stance = Stance::kSource;
    if (doc_index == kNone && s.speaker >= 0 && static_cast<std::size_t>(s.speaker) < doc.speakers.size() &&
        doc.speakers[s.speaker].kind == SpeakerKind::kDocument) {
      for (const TokenRange& r : doc.speakers[s.speaker].mentions) {
        const TokenRange rr = Clip(r, v.size());
        for (std::uint32_t t = rr.first; t < rr.last && doc_index == kNone; ++t)
          if (cluster_at(t) != kNone) doc_index = cluster_at(t), stance = Stance::kSource;
      }
    }

    const Anchors a = AnchorsOf(v, s);
    if (doc_index == kNone && a.valid) {
      // 2. The document (or a part of it) is the object of the cue or of
      // the clause the cue hangs from: "cited the report", "rejected the
      // report's findings", "defended the report, saying …".
      enum class Via { kNone, kObject, kContent, kSentence } via = Via::kNone;
      std::int32_t object_verb = kNone;
      for (std::uint32_t verb : a.tokens) {
        for (std::uint32_t c : v.children(verb)) {
          const std::string_view b = v.base(c);
          bool object = b == "obj" || b == "iobj";
          if (b == "obl") {
            const std::string_view k = v.CaseOf(c);
            object = k == "to" || k == "on" || k == "at";  // "pointed to", "commented on"
          }
          if (!object) continue;
          if (const std::int32_t d = cluster_of_noun(c); d != kNone) {
            doc_index = d, via = Via::kObject, object_verb = static_cast<std::int32_t>(verb);
            break;
          }
        }
        if (doc_index != kNone) break;
      }
      // 3. The document is a core argument of the content: "they said the
      // report contained vague wording". A mention buried deeper ("asked …
      // to respond to the report's findings") does not make the statement
      // one about the document.
      if (doc_index == kNone && !content.empty()) {
        std::vector<std::uint32_t> core;
        for (std::uint32_t t = content.first; t < content.last; ++t) {
          const std::int32_t h = v.head(t);
          if (h != kNoHead && Contains(content, static_cast<std::uint32_t>(h))) continue;
          core.push_back(t);
          for (std::uint32_t c : v.children(t)) {
            const std::string_view b = v.base(c);
            if (b == "nsubj" || b == "obj" || b == "iobj" || b == "csubj") core.push_back(c);
          }
        }
        for (std::uint32_t t : core)
          if (const std::int32_t d = cluster_of_noun(t); d != kNone) {
            doc_index = d, via = Via::kContent;
            break;
          }
      }
      // 4. The document is mentioned in the cue's sentence, outside every
      // statement's content: "The document … drew criticism from officials
      // who accused the authors of …"; "In a press release accompanying the
      // report's release, <the author> said …".
      if (doc_index == kNone) {
        const TokenRange sent = v.SentenceRange(a.cue_head);
        for (std::uint32_t t = sent.first; t < sent.last; ++t)
          if (!in_content[t] && !v.quoted(t) && cluster_at(t) != kNone) {
            doc_index = cluster_at(t), via = Via::kSentence;
            break;
          }
      }

      if (doc_index != kNone) {
        const std::string& author = clusters[doc_index].author;
        const std::string& cue_lemma = v.lemma(a.cue_head);
        if (via == Via::kObject && In(cue_lemma, kAuthoringVerbs) &&
            object_verb == static_cast<std::int32_t>(a.cue_head)) {
          // "wrote a letter …", "issued a statement …": the statement is
          // made in the document it produces.
          stance = Stance::kSource;
        } else if (via == Via::kObject && In(cue_lemma, kCiteVerbs) &&
                   object_verb == static_cast<std::int32_t>(a.cue_head)) {
          // "cited the report as proof that …", "cited the report to
          // support Moscow's claims"
          stance = Stance::kCites;
          std::vector<std::uint32_t> look(v.children(a.cue_head).begin(), v.children(a.cue_head).end());
          if (s.cue_particle >= 0 && static_cast<std::uint32_t>(s.cue_particle) < v.size()) {
            const std::int32_t h = v.head(static_cast<std::uint32_t>(s.cue_particle));
            if (h != kNoHead) look.push_back(static_cast<std::uint32_t>(h));
          }
          for (std::uint32_t c : v.children(a.cue_head))
            if (cluster_of_noun(c) != kNone)
              for (std::uint32_t g : v.children(c)) look.push_back(g);  // "the report to support"
          for (std::uint32_t c : look) {
            const bool as_noun = v.CaseOf(c) == "as" && In(v.lemma(c), kEvidenceNouns);
            const bool purpose = (v.base(c) == "advcl" || v.base(c) == "xcomp" || v.base(c) == "acl") &&
                                 In(v.lemma(c), kEvidenceVerbs) && v.Child(c, "mark") != kNone;
            if (as_noun || purpose) stance = Stance::kEvidence;
          }
        } else {
          // Evaluation, strongest evidence first: the cue and its clause,
          // then the content, then the author speaking of their own
          // document.
          Stance cue_stance = Stance::kNone;
          for (std::uint32_t t : a.tokens) {
            const Stance st = StanceOfWord(v, t);
            if (st != Stance::kNone && (cue_stance == Stance::kNone || st == Stance::kReject))
              cue_stance = st;
          }
          const Stance content_stance = StanceIn(v, content);
          const bool by_author = IsAuthorOf(v, doc, s, author);
          bool about_document = via != Via::kSentence;
          if (!about_document) {
            // A document in the sentence only: the statement must be about
            // one of its parts ("accused the authors of …") or come from its
            // author.
            for (std::uint32_t t = content.first; t < content.last; ++t)
              if (In(v.lemma(t), kDocumentParts) && v.upos(t) != "VERB") about_document = true;
            for (std::uint32_t c : v.children(a.cue_head))
              if (v.base(c) == "obj" && In(v.lemma(c), kDocumentParts)) about_document = true;
            about_document = about_document || by_author;
          }
          if (about_document) {
            if (cue_stance != Stance::kNone)
              stance = cue_stance;
            else if (content_stance != Stance::kNone)
              stance = content_stance;
            else if (by_author)
              stance = Stance::kSupport;
            else if (cue_lemma == "accuse")
              stance = Stance::kCriticise;
            else if (via != Via::kSentence)
              stance = Stance::kCites;
          }
        }
      }
    }
    if (stance != Stance::kNone && doc_index != kNone) {
      s.cited_document = output_index[doc_index];
      s.stance = stance;
    }
  }
}

}  // namespace hearsay::attribution
