#include "attribution/speakers.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "attribution/parse_view.h"
#include "attribution/words.h"

namespace hearsay::attribution {
namespace {

// Titles and role words that precede a name in news ("Secretary General
// Agnes Callamard", "Sen. Smith"); they go to the role, not the name.
bool IsRoleWord(std::string_view w) {
  const std::string l = AsciiLower(w);
  return IsIn(l, {"mr.",
                  "mrs.",
                  "ms.",
                  "miss",
                  "dr.",
                  "prof.",
                  "sen.",
                  "rep.",
                  "gov.",
                  "gen.",
                  "lt.",
                  "col.",
                  "sgt.",
                  "capt.",
                  "adm.",
                  "mr",
                  "mrs",
                  "ms",
                  "dr",
                  "president",
                  "vice",
                  "prime",
                  "premier",
                  "minister",
                  "secretary",
                  "general",
                  "director",
                  "chief",
                  "executive",
                  "officer",
                  "spokesman",
                  "spokeswoman",
                  "spokesperson",
                  "senator",
                  "governor",
                  "mayor",
                  "judge",
                  "justice",
                  "professor",
                  "chairman",
                  "chairwoman",
                  "chair",
                  "ceo",
                  "head",
                  "deputy",
                  "ambassador",
                  "commissioner",
                  "representative",
                  "attorney",
                  "lawyer",
                  "leader",
                  "founder",
                  "coach",
                  "sheriff",
                  "inspector",
                  "king",
                  "queen",
                  "prince",
                  "princess",
                  "pope",
                  "rev.",
                  "reverend",
                  "speaker",
                  "chancellor",
                  "foreign",
                  "defense",
                  "defence",
                  "interior",
                  "finance",
                  "press",
                  "lord",
                  "lady",
                  "sir",
                  "dame",
                  "candidate",
                  "nominee",
                  "former",
                  "acting",
                  "senior",
                  "assistant",
                  "associate",
                  "engineer",
                  "councillor",
                  "councilor",
                  "councilman",
                  "councilwoman",
                  "manager",
                  "analyst",
                  "economist",
                  "researcher",
                  "scientist",
                  "editor",
                  "reporter",
                  "official",
                  "superintendent",
                  "detective",
                  "captain",
                  "colonel",
                  "sergeant",
                  "lieutenant",
                  "commander",
                  "envoy",
                  "diplomat",
                  "treasurer",
                  "auditor",
                  "prosecutor",
                  "rabbi",
                  "imam",
                  "bishop"});
}

// Last words that make a name an organization whatever the recogniser says.
bool IsOrganizationWord(std::string_view w) {
  return IsIn(AsciiLower(w), {"international", "ministry",     "authority",      "party",     "department",
                              "inc.",          "inc",          "corp.",          "corp",      "university",
                              "association",   "council",      "committee",      "agency",    "commission",
                              "times",         "post",         "news",           "network",   "foundation",
                              "institute",     "organization", "organisation",   "union",     "court",
                              "office",        "bank",         "group",          "company",   "co.",
                              "ltd",           "ltd.",         "police",         "house",     "kremlin",
                              "pentagon",      "government",   "administration", "campaign",  "senate",
                              "congress",      "parliament",   "army",           "service",   "fund",
                              "watch",         "board",        "center",         "centre",    "journal",
                              "press",         "media",        "reuters",        "ap",        "afp",
                              "bbc",           "cnn",          "herald",         "telegraph", "gazette",
                              "tribune",       "chronicle",    "examiner",       "inquirer"});
}

bool IsDocumentNoun(std::string_view lemma) {
  return IsIn(AsciiLower(lemma),
              {"report",   "study",     "survey",   "poll",       "statement",  "letter",
               "document", "analysis",  "research", "paper",      "data",       "memo",
               "ruling",   "release",   "article",  "book",       "review",     "investigation",
               "filing",   "complaint", "lawsuit",  "indictment", "assessment", "finding",
               "audit",    "post",      "tweet",    "message",    "video",      "result"});
}

bool IsOrganizationNoun(std::string_view lemma) {
  return IsIn(
      AsciiLower(lemma),
      {"ministry",  "government",     "organization", "organisation", "agency",   "company",   "department",
       "office",    "committee",      "court",        "party",        "campaign", "police",    "military",
       "army",      "administration", "commission",   "council",      "union",    "newspaper", "network",
       "firm",      "group",          "institute",    "university",   "bank",     "board",     "team",
       "club",      "embassy",        "parliament",   "congress",     "senate",   "cabinet",   "regime",
       "authority", "prosecutor",     "prosecution",  "white house",  "kremlin"});
}

// Nouns for people, beyond the titles of IsRoleWord.
bool IsPersonNoun(std::string_view lemma) {
  return IsRoleWord(lemma) ||
         IsIn(AsciiLower(lemma), {"source",      "witness",       "resident",     "person",
                                  "man",         "woman",         "expert",       "observer",
                                  "voter",       "member",        "critic",       "supporter",
                                  "neighbor",    "neighbour",     "friend",       "author",
                                  "student",     "teacher",       "doctor",       "nurse",
                                  "worker",      "employee",      "victim",       "farmer",
                                  "owner",       "fan",           "host",         "guest",
                                  "parent",      "child",         "kid",          "citizen",
                                  "activist",    "protester",     "lawmaker",     "legislator",
                                  "politician",  "aide",          "adviser",      "advisor",
                                  "staffer",     "insider",       "historian",    "scholar",
                                  "mother",      "father",        "wife",         "husband",
                                  "son",         "daughter",      "brother",      "sister",
                                  "boy",         "girl",          "customer",     "patient",
                                  "survivor",    "officer",       "soldier",      "pilot",
                                  "driver",      "player",        "spokesperson", "representative",
                                  "participant", "organizer",     "founder",      "partner",
                                  "philosopher", "writer",        "novelist",     "poet",
                                  "artist",      "journalist",    "blogger",      "columnist",
                                  "commentator", "physician",     "psychologist", "biologist",
                                  "physicist",   "mathematician", "photographer", "instructor",
                                  "guy",         "dad",           "mom",          "mum",
                                  "aunt",        "uncle",         "grandmother",  "grandfather",
                                  "grandma",     "grandpa",       "niece",        "nephew",
                                  "girlfriend",  "boyfriend",     "actress",      "actor",
                                  "gentleman",   "widow",         "widower",      "cousin",
                                  "lady"});
}

// Last words of newspaper and magazine titles, which keep their "The".
bool IsPublicationWord(std::string_view w) {
  return IsIn(AsciiLower(w),
              {"times",     "post",    "news",     "journal",  "herald",    "guardian",  "independent",
               "telegraph", "gazette", "tribune",  "observer", "economist", "chronicle", "mail",
               "express",   "globe",   "examiner", "inquirer", "sun",       "star"});
}

// A name lower-cased without a leading "the", to compare names.
std::string WithoutThe(std::string_view name) {
  std::string lower = AsciiLower(name);
  if (lower.starts_with("the ")) lower.erase(0, 4);
  return lower;
}

// "WHO" for "World Health Organisation": the capitals of the words that are
// not function words.
bool IsAcronym(std::string_view w) {
  if (w.size() < 2 || w.size() > 8) return false;
  for (char c : w)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

bool IsAcronymOf(std::string_view acronym, std::string_view name) {
  if (!IsAcronym(acronym)) return false;
  std::string initials;
  std::size_t i = 0;
  while (i < name.size()) {
    while (i < name.size() && name[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < name.size() && name[i] != ' ') ++i;
    const std::string_view word = name.substr(start, i - start);
    if (!word.empty() && word[0] >= 'A' && word[0] <= 'Z') initials += word[0];
  }
  return initials == acronym;
}

// Words of a photo credit ("Getty Images", "AP Photo") that page text glues
// to the name starting the caption or paragraph after it ("Getty Images
// Trump said"): a name never runs across one.
bool IsPhotoCreditWord(std::string_view w) {
  return IsIn(AsciiLower(w), {"images", "image", "photo", "photos", "pictures", "getty", "shutterstock",
                              "alamy", "credit", "courtesy"});
}

// Days and months, which page text glues to a name before them
// ("Interview with Hugh McGuire Sunday, May 28, 2006").
bool IsCalendarWord(std::string_view w) {
  return IsIn(
      w, {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
          "March", "April", "June", "July", "August", "September", "October", "November", "December"});
}

// Whether `a` is a typing slip for `b`: both long enough that a slip is
// not another name (7+ letters), same first letter, at most two edits.
bool IsSlipOf(std::string_view a, std::string_view b) {
  if (a == b || a.size() < 7 || b.size() < 7 || a[0] != b[0]) return false;
  if (a.size() > b.size() + 2 || b.size() > a.size() + 2) return false;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()] <= 2;
}

enum class Gender : std::uint8_t { kUnknown, kFemale, kMale };

// Nouns that say a person's gender, so "he" does not resolve to "his mother".
Gender GenderOfNoun(std::string_view lemma) {
  if (IsIn(lemma,
           {"mother", "woman", "wife", "daughter", "sister", "girl", "queen", "actress", "lady", "aunt",
            "grandmother", "niece", "girlfriend", "mom", "princess", "chairwoman", "spokeswoman", "widow"}))
    return Gender::kFemale;
  if (IsIn(lemma,
           {"father", "man", "husband", "son", "brother", "boy", "king", "actor", "gentleman", "uncle",
            "grandfather", "nephew", "boyfriend", "dad", "prince", "chairman", "spokesman", "widower"}))
    return Gender::kMale;
  return Gender::kUnknown;
}

struct Cluster {
  Speaker speaker;
  std::string surname;     // lower-cased last word of a person's name, "" otherwise
  std::string head_lemma;  // of a description ("spokesman")
  Gender gender = Gender::kUnknown;
  std::uint32_t last_token = 0;  // of its latest mention
  std::uint32_t first_paragraph = 0;
  bool definite_description = false;
  bool named = false;
  // Mentioned in the third person: "he" or "they" may refer to it. A
  // letter's writer, known only as "I", is not "he" in their own letter.
  bool spoken_of = false;
};

class Resolver {
 public:
  explicit Resolver(Document& doc) : doc_(doc), view_(doc) {}

  void Run() {
    doc_.speakers.clear();
    for (Statement& s : doc_.statements) {
      s.speaker = kNone;
      if (s.continues != kNone) {
        s.speaker = doc_.statements[s.continues].speaker;
        continue;
      }
      if (s.source.empty()) continue;
      s.speaker = Resolve(s.source);
      if (s.speaker != kNone) {
        Cluster& c = clusters_[s.speaker];
        const std::string head = AsciiLower(view_.text(HeadOf(s.source)));
        if (!IsIn(head, {"i", "me", "my", "we", "us", "you"})) c.spoken_of = true;
        c.speaker.mentions.push_back(s.source);
        c.last_token = std::max(c.last_token, s.source.last);
      }
    }
    MergeLedeDescriptions();
    for (Cluster& c : clusters_) doc_.speakers.push_back(std::move(c.speaker));
  }

 private:
  std::string Text(TokenRange r) const { return std::string(doc_.text(doc_.CharsOf(r))); }

  std::uint32_t HeadOf(TokenRange r) const {
    for (std::uint32_t t = r.first; t < r.last; ++t) {
      const std::int32_t h = view_.head(t);
      if (h < static_cast<std::int32_t>(r.first) || h >= static_cast<std::int32_t>(r.last)) return t;
    }
    return r.first;
  }

  std::int32_t Resolve(TokenRange mention) {
    const std::uint32_t h = HeadOf(mention);
    // "WHO say": an acronym the tagger took for a pronoun is a name.
    if (view_.upos(h) == "PRON" && IsAcronym(view_.text(h))) return ResolveName(mention, {h, h + 1});
    if (view_.upos(h) == "PRON") return ResolvePronoun(mention, h);
    // "The Harbor Board and the Port Police said", "Okafor and colleagues
    // wrote": names joined by "and" are one group, named as written.
    {
      const std::int32_t group = ResolveCoordinatedNames(mention, h);
      if (group != kNone) return group;
    }
    {
      const std::int32_t named = NamedInApposition(mention, h);
      if (named != kNone) return named;
    }
    TokenRange name = NameRun(mention, h);
    // "Lydia Buchtmann for Food Standards Australia New Zealand": the name
    // opening the mention is the speaker's, the one after the preposition
    // their affiliation.
    {
      std::uint32_t first = mention.first;
      while (first < mention.last && IsIn(view_.upos(first), {"DET"})) ++first;
      if (first < mention.last && view_.upos(first) == "PROPN" && (name.empty() || first < name.first)) {
        const TokenRange opening = NameRun(mention, first);
        if (opening.last < mention.last &&
            IsIn(AsciiLower(view_.text(opening.last)), {"for", "of", "from", "at", "with"}) &&
            (name.empty() || name.first > opening.last)) {
          const std::int32_t found = ResolveName(mention, opening);
          if (found != kNone && clusters_[found].speaker.affiliation.empty() && !name.empty())
            clusters_[found].speaker.affiliation = Text(name);
          return found;
        }
      }
    }
    // "Senior researcher Mu Li, of the University …": a name right after a
    // role noun is the speaker's name.
    if (name.empty() && view_.upos(h) == "NOUN" && h + 1 < mention.last && view_.upos(h + 1) == "PROPN")
      name = NameRun(mention, h + 1);
    if (!name.empty()) return ResolveName(mention, name);
    // "Tunisia's coach Nabil Maaloul said", "His father, Omar Haddad,
    // said": a person's name right after a description of a person, which
    // the parse left out of the mention, is the speaker's name.
    if (view_.upos(h) == "NOUN" && IsPersonNoun(AsciiLower(view_.lemma(h)))) {
      std::uint32_t next = mention.last;
      if (next < view_.size() && view_.text(next) == ",") ++next;
      if (next < view_.size() && view_.upos(next) == "PROPN" &&
          view_.sentence_of(next) == view_.sentence_of(h) && InPerson(next)) {
        const TokenRange after =
            NameRun({next, static_cast<std::uint32_t>(doc_.sentences[view_.sentence_of(h)].last)}, next);
        if (!after.empty() && KindOfName(after) == SpeakerKind::kPerson) {
          const std::int32_t found = ResolveName({mention.first, after.last}, after);
          if (found != kNone && clusters_[found].speaker.role.empty())
            clusters_[found].speaker.role = std::string(view_.text(h));
          return found;
        }
      }
    }
    return ResolveDescription(mention, h);
  }

  // "Labour's Shadow Transport Secretary Mirela Okafor said", "The mayor's
  // cousin, Tobias Renner, said": a person's name in apposition to the head
  // of a description (which the mention leaves out) names the speaker; the
  // description after its possessor is their role, a named possessor their
  // affiliation. kNone when h has no such apposition.
  std::int32_t NamedInApposition(TokenRange mention, std::uint32_t h) {
    // The recogniser may take a title into the name after it ("Shadow
    // Transport Secretary Mirela Okafor"); a name itself never heads one.
    if (!IsIn(view_.upos(h), {"NOUN", "PROPN"}) || (InPerson(h) && !IsRoleWord(view_.text(h)))) return kNone;
    const std::int32_t appos = view_.Child(h, "appos");
    if (appos == kNone) return kNone;
    const std::uint32_t a = static_cast<std::uint32_t>(appos);
    // Right after the description, or after its comma.
    if (a < mention.last || a > mention.last + 1 || view_.upos(a) != "PROPN" || !InPerson(a)) return kNone;
    const TokenRange run = NameRun({a, doc_.sentences[view_.sentence_of(h)].last}, a);
    if (run.empty() || KindOfName(run) != SpeakerKind::kPerson) return kNone;
    const std::int32_t found = ResolveName(run, run);
    if (found == kNone) return kNone;
    Speaker& speaker = clusters_[found].speaker;
    std::uint32_t role_first = mention.first;
    std::string possessor;
    for (std::uint32_t t = mention.first; t < h; ++t) {
      if (view_.deprel(t) != "case" || view_.head(t) < 0) continue;
      role_first = t + 1;
      const std::uint32_t owner = static_cast<std::uint32_t>(view_.head(t));
      if (view_.upos(owner) == "PROPN") possessor = Text(NameRun(mention, owner));
    }
    while (role_first < h && view_.upos(role_first) == "DET") ++role_first;
    if (speaker.role.empty()) speaker.role = Text({role_first, h + 1});
    if (speaker.affiliation.empty()) speaker.affiliation = possessor;
    return found;
  }

  // A mention headed by a name with conjuncts inside it ("the Harbor Board
  // and the Port Police", "Okafor and colleagues") as one group speaker
  // named by the words from its first (a leading "both" or "either" left
  // out) to the end of its last conjunct's name, joining an earlier group
  // of the same name; kNone when h is no name or has no conjunct, or a
  // conjunct is a pronoun ("Joe and I" is not a group GUM names so).
  std::int32_t ResolveCoordinatedNames(TokenRange mention, std::uint32_t h) {
    if (view_.upos(h) != "PROPN") return kNone;
    std::uint32_t end = 0;
    for (std::uint32_t c : view_.children(h)) {
      if (view_.deprel(c) != "conj" || c <= h || c >= mention.last) continue;
      if (!IsIn(view_.upos(c), {"PROPN", "NOUN"})) return kNone;
      // Joined by "and" with no preposition between: "Lydia Buchtmann for
      // Food Standards Australia New Zealand" is one person.
      const std::int32_t cc = view_.Child(c, "cc");
      if (cc == kNone || !IsIn(AsciiLower(view_.text(static_cast<std::uint32_t>(cc))), {"and", "&"}))
        return kNone;
      for (std::uint32_t t = h; t < c; ++t)
        if (view_.upos(t) == "ADP") return kNone;
      const TokenRange run = view_.upos(c) == "PROPN" ? NameRun(mention, c) : TokenRange{c, c + 1};
      end = std::max(end, run.empty() ? c + 1 : run.last);
    }
    if (end == 0) return kNone;
    // People named side by side ("Anne and Wayne said") are each a speaker
    // of their own; GUM gives such a statement to the first.
    bool all_people = InPerson(h);
    for (std::uint32_t c : view_.children(h))
      if (view_.deprel(c) == "conj" && c > h && c < mention.last) all_people = all_people && InPerson(c);
    if (all_people) return kNone;
    std::uint32_t first = mention.first;
    if (IsIn(AsciiLower(view_.text(first)), {"both", "either"})) ++first;
    if (first >= end) return kNone;
    return NamedSpeaker(SpeakerKind::kGroup, Text({first, end}), view_.paragraph_of(mention.first));
  }

  // The named speaker of this kind and name, added (first seen in
  // `paragraph`) when there is none yet.
  std::int32_t NamedSpeaker(SpeakerKind kind, const std::string& name, std::uint32_t paragraph) {
    for (std::uint32_t i = 0; i < clusters_.size(); ++i)
      if (clusters_[i].named && clusters_[i].speaker.kind == kind && clusters_[i].speaker.name == name)
        return static_cast<std::int32_t>(i);
    Cluster c;
    c.named = true;
    c.speaker.kind = kind;
    c.speaker.name = name;
    c.first_paragraph = paragraph;
    return Add(std::move(c));
  }

  // The author of a first-person text: a byline ("By Arash Javanbakht") in
  // the first paragraphs, or a letter's signature (a short name alone in
  // the last paragraph, after "Yours," or the like).
  TokenRange Author() const {
    for (std::uint32_t p = 0; p < doc_.paragraphs.size() && p < 4; ++p) {
      const TokenRange r = doc_.paragraphs[p].tokens;
      if (r.size() >= 2 && r.size() <= 6 && IsIn(AsciiLower(view_.text(r.first)), {"by"}) &&
          view_.upos(r.first + 1) == "PROPN") {
        return NameRun(r, r.first + 1);
      }
    }
    // The signature: among the last four paragraphs, from the end, a name
    // of one to three capitalised words alone in its paragraph after a
    // closing ("Best wishes," / "Love ya." / "… Love & xxx, to all,"), so
    // that a postscript or a title line may follow ("Marcie" / "P.S. …";
    // "James Abourezk" / "Member of Congress"); or a closing word and a
    // comma opening the paragraph before the name ("Sincerely, [William
    // Mathée]", "Respectfully, George Chriss").
    const std::uint32_t paragraphs = static_cast<std::uint32_t>(doc_.paragraphs.size());
    for (std::uint32_t p = paragraphs; p-- > 0 && p + 4 >= paragraphs;) {
      const TokenRange r = doc_.paragraphs[p].tokens;
      if (r.size() >= 3 && IsClosingWord(view_.text(r.first)) && view_.text(r.first + 1) == ",") {
        const TokenRange name = Trim({r.first + 2, r.last});
        if (IsSignature(name)) return name;
      }
      if (p == 0 || !IsSignature(Trim(r))) continue;
      const TokenRange before = doc_.paragraphs[p - 1].tokens;
      if (before.empty()) continue;
      const TokenRange last_sentence = doc_.sentences[view_.sentence_of(before.last - 1)];
      const std::uint32_t from = std::max(last_sentence.first, before.first);
      bool closing = view_.text(before.last - 1) == "," && before.last - from <= 8;
      for (std::uint32_t t = from; t < before.last && !closing; ++t)
        closing = IsClosingWord(view_.text(t)) && before.last - from <= 6;
      if (closing) return Trim(r);
    }
    return {};
  }

  // Words that close a letter before its signature.
  static bool IsClosingWord(std::string_view w) {
    return IsIn(AsciiLower(w), {"love", "sincerely", "yours", "regards", "wishes", "cheers", "faithfully",
                                "truly", "respectfully", "cordially", "affectionately"});
  }

  // One to three capitalised words (brackets and punctuation aside).
  bool IsSignature(TokenRange r) const {
    std::uint32_t words = 0;
    for (std::uint32_t t = r.first; t < r.last; ++t) {
      if (view_.IsPunct(t)) continue;
      ++words;
      if (!IsUpper(t) || IsClosingWord(view_.text(t))) return false;
    }
    return words >= 1 && words <= 3;
  }

  // The person a question-and-answer interview is with, or an empty range
  // when the document is not one. An interview says so ("interview",
  // "interviewed") in its first four paragraphs (a title, a date line and
  // a paragraph of background may come first) and asks at least two
  // questions as paragraphs of their own; the interviewee is the first
  // person the recogniser names in its title ("Interview with LibriVox
  // founder Hugh McGuire") or, in the next three paragraphs, in a sentence
  // about interviewing ("Wikinews spoke with William Evans, …").
  TokenRange Interviewee() {
    if (interviewee_known_) return interviewee_;
    interviewee_known_ = true;
    const std::uint32_t paragraphs = static_cast<std::uint32_t>(doc_.paragraphs.size());
    bool says_interview = false;
    for (std::uint32_t p = 0; p < paragraphs && p < 4 && !says_interview; ++p)
      for (std::uint32_t t = doc_.paragraphs[p].tokens.first; t < doc_.paragraphs[p].tokens.last; ++t)
        if (AsciiLower(view_.text(t)).starts_with("interview")) says_interview = true;
    if (!says_interview) return interviewee_;
    std::uint32_t questions = 0;
    for (std::uint32_t p = 0; p < paragraphs; ++p) questions += IsQuestionParagraph(p);
    if (questions < 2) return interviewee_;
    for (const EntityMention& e : doc_.entities) {
      const std::uint32_t paragraph = view_.paragraph_of(e.tokens.first);
      if (paragraph >= 4 || Document::LabelName(doc_.entity_type_names, e.type) != "person") continue;
      TokenRange run = NameRun(e.tokens, HeadOf(e.tokens));
      while (!run.empty() && IsRoleWord(view_.text(run.first))) ++run.first;
      if (run.empty()) continue;
      if (paragraph > 0 && !AboutInterviewing(view_.sentence_of(e.tokens.first))) continue;
      interviewee_ = run;
      break;
    }
    return interviewee_;
  }

  bool AboutInterviewing(std::uint32_t sentence) const {
    const TokenRange r = doc_.sentences[sentence];
    for (std::uint32_t t = r.first; t < r.last; ++t) {
      const std::string w = AsciiLower(view_.text(t));
      if (w.starts_with("interview") || IsIn(w, {"spoke", "speaks", "talked", "talks", "tells"})) return true;
    }
    return false;
  }

  struct SelfIntroduction {
    TokenRange host, guest;
    std::uint32_t paragraph = 0;
  };

  // The host's name when the first paragraph introduces the speaker: "I'm
  // (your host) X", "I am X", "it's X (here)", "this is X" — but not "my
  // name is X", which GUM, like a reader, does not take as the speaker's
  // name for the rest of the text — and a guest introduced there too ("I
  // am joined by Y", "my guest is Y", "with me is Y").
  const SelfIntroduction& Introduction() {
    if (introduction_known_) return introduction_;
    introduction_known_ = true;
    if (doc_.paragraphs.empty()) return introduction_;
    const TokenRange r = doc_.paragraphs[0].tokens;
    // The person name starting within a few determiners, nouns and adverbs
    // after token t ("your host as always, Dave"), else empty.
    auto name_after = [&](std::uint32_t t) -> TokenRange {
      for (std::uint32_t u = t; u < r.last && u < t + 7; ++u) {
        if (view_.upos(u) == "PROPN") {
          if (IsCalendarWord(view_.text(u))) return {};
          const TokenRange run = NameRun(r, u);
          if (KindOfName(run) != SpeakerKind::kPerson) return {};
          return run;
        }
        if (!IsIn(view_.upos(u), {"DET", "PRON", "NOUN", "ADV", "PUNCT"}) && view_.text(u) != "as") return {};
      }
      return {};
    };
    for (std::uint32_t t = r.first; t + 2 < r.last; ++t) {
      const std::string a = AsciiLower(view_.text(t)), b = AsciiLower(view_.text(t + 1));
      const bool host =
          (a == "i" && IsIn(b, {"'m", "’m", "am"})) ||
          (IsIn(a, {"it", "this"}) && IsIn(b, {"'s", "’s", "is"}) && view_.sentence_of(t) < 3 &&
           (t == r.first || IsIn(AsciiLower(view_.text(t - 1)), {"hey", "hi", "hello", "so", ",", "."})));
      if (host && introduction_.host.empty()) {
        introduction_.host = name_after(t + 2);
      } else if (!introduction_.host.empty() && introduction_.guest.empty()) {
        if ((a == "joined" && b == "by") || (a == "guest" && IsIn(b, {"is", "'s", "’s"})) ||
            (a == "with" && b == "me" && IsIn(AsciiLower(view_.text(t + 2)), {"is", "today"})))
          introduction_.guest = name_after(t + 2);
      }
    }
    return introduction_;
  }

  // The person who has the floor in paragraph p of a hearing (or, with
  // `questioner`, the person questioned while someone else has the turn),
  // else empty. The floor is given by a title and a name: alone or with a
  // few words as the last sentence of a paragraph ("Alright, Mr. Sova,
  // please proceed.", "Miss Rosenthal?", "General Prelogar."), or opening
  // a paragraph that asks a question ("Mr. Wasserstrom, you're not
  // challenging …?"). The paragraphs after the call are turns, the called
  // person's first, then the questioner's, and so on, until the next call;
  // heading lines in capitals ("ORAL ARGUMENT OF …") are no turn.
  TokenRange FloorHolder(std::uint32_t p, bool questioner) {
    if (!floors_known_) {
      // One pass over the paragraphs, on the first "I" or "you" outside
      // quotations: the latest call before each paragraph and the turns
      // (paragraphs that are no heading) before it.
      floors_known_ = true;
      const std::uint32_t paragraphs = static_cast<std::uint32_t>(doc_.paragraphs.size());
      floor_before_.assign(paragraphs + 1, kNone);
      turns_before_.assign(paragraphs + 1, 0);
      for (std::uint32_t q = 0; q < paragraphs; ++q) {
        floor_before_[q + 1] = floor_before_[q];
        turns_before_[q + 1] = turns_before_[q] + (IsHeadingParagraph(q) ? 0 : 1);
        const TokenRange called = FloorCall(q);
        if (called.empty()) continue;
        floor_before_[q + 1] = static_cast<std::int32_t>(floors_.size());
        floors_.push_back({called, q});
      }
    }
    if (p >= doc_.paragraphs.size() || floor_before_[p] == kNone || IsHeadingParagraph(p)) return {};
    const Floor& floor = floors_[floor_before_[p]];
    const std::uint32_t turn = turns_before_[p] - turns_before_[floor.paragraph + 1];
    return (turn % 2 == 1) == questioner ? floor.name : TokenRange{};
  }

  // The title and name paragraph p calls to take the floor, else empty.
  TokenRange FloorCall(std::uint32_t p) const {
    const TokenRange r = doc_.paragraphs[p].tokens;
    if (r.empty()) return {};
    auto title_and_name = [&](std::uint32_t t, std::uint32_t end) -> TokenRange {
      if (t >= end ||
          !IsIn(AsciiLower(view_.text(t)), {"mr.", "mrs.", "ms.", "miss", "dr.", "mr", "mrs", "ms", "dr",
                                            "general", "judge", "justice"}) ||
          !IsUpper(t))
        return {};
      std::uint32_t last = t + 1;
      while (last < end && last < t + 4 && IsUpper(last) && view_.IsWord(last) &&
             !IsRoleWord(view_.text(last)))
        ++last;
      return last > t + 1 ? TokenRange{t, last} : TokenRange{};
    };
    // The last sentence: up to three words of address before the name
    // ("Alright,"), up to three after its comma ("please proceed").
    const std::uint32_t s = view_.sentence_of(r.last - 1);
    const std::uint32_t first = std::max(doc_.sentences[s].first, r.first);
    const std::uint32_t end = r.last;
    if (end - first <= 10 && view_.quotation_of(r.last - 1) == kNone &&
        IsIn(view_.text(end - 1), {".", "?"})) {
      for (std::uint32_t t = first; t < end && t < first + 4; ++t) {
        const TokenRange name = title_and_name(t, end - 1);
        if (name.empty()) continue;
        if (name.last == end - 1) return name;
        if (view_.text(name.last) == "," && end - 1 - (name.last + 1) <= 3) return name;
        break;
      }
    }
    // A question addressed by title and name opening the paragraph.
    const TokenRange name = title_and_name(r.first, r.last);
    if (!name.empty() && name.last < r.last && view_.text(name.last) == "," && IsQuestionParagraph(p))
      return name;
    return {};
  }

  // A line of capitals alone ("ORAL ARGUMENT OF GEN. ELIZABETH B.
  // PRELOGAR ON BEHALF OF THE PETITIONERS"): a heading, not a turn.
  bool IsHeadingParagraph(std::uint32_t p) const {
    const std::string_view text = doc_.text(doc_.CharsOf(doc_.paragraphs[p].tokens));
    bool letters = false;
    for (char c : text) {
      if (c >= 'a' && c <= 'z') return false;
      letters = letters || (c >= 'A' && c <= 'Z');
    }
    return letters;
  }

  // A paragraph that ends with a question mark (closing quotes and brackets
  // aside): an interviewer's question.
  bool IsQuestionParagraph(std::uint32_t p) const {
    if (p >= doc_.paragraphs.size()) return false;
    const TokenRange r = doc_.paragraphs[p].tokens;
    for (std::uint32_t t = r.last; t > r.first; --t) {
      const std::string_view w = view_.text(t - 1);
      if (IsIn(w, {"\"", "”", "’", "'", ")", "]"})) continue;
      return w == "?";
    }
    return false;
  }

  TokenRange Trim(TokenRange r) const {
    while (!r.empty() && view_.IsPunct(r.first)) ++r.first;
    while (!r.empty() && view_.IsPunct(r.last - 1)) --r.last;
    return r;
  }

  // ---- names ----

  // The proper-noun run holding the mention's head (or, for "the Amnesty
  // report"-like mentions, none).
  TokenRange NameRun(TokenRange mention, std::uint32_t h) const {
    if (view_.upos(h) != "PROPN") return {};
    std::uint32_t first = h, last = h + 1;
    auto name_like = [&](std::uint32_t t) {
      // Capitalised titles are often tagged NOUN ("Chief Engineer").
      if (IsCalendarWord(view_.text(t))) return false;
      return view_.upos(t) == "PROPN" || (view_.upos(t) == "ADJ" && IsUpper(t)) ||
             (IsUpper(t) && IsRoleWord(view_.text(t))) || doc_.token_kind[t] == TokenKind::kAbbreviation;
    };
    // "Suleiman al-Amr", "Khaled Al-Maeena": a hyphen with no space either
    // side joins the parts of one name.
    for (;;) {
      if (first > mention.first && name_like(first - 1) && Glued(first - 1, first)) {
        --first;
      } else if (first >= mention.first + 2 && JoinsName(first - 1)) {
        first -= 2;
      } else if (first >= mention.first + 2 && IsIn(view_.text(first - 1), {"and", "&"}) &&
                 view_.upos(first - 2) == "PROPN" && view_.base_deprel(first - 2) == "compound" &&
                 view_.head(first - 2) >= static_cast<std::int32_t>(first) &&
                 view_.head(first - 2) < static_cast<std::int32_t>(last) && Glued(first - 2, first)) {
        // "the Arts and Humanities Citation Index": a conjunct the parse made
        // part of the name's compound belongs to the name.
        first -= 2;
      } else {
        break;
      }
    }
    for (;;) {
      if (last < mention.last && name_like(last) && Glued(last - 1, last)) {
        ++last;
      } else if (last + 1 < mention.last && JoinsName(last)) {
        last += 2;
      } else {
        break;
      }
    }
    return AfterPhotoCredit({first, last}, h);
  }

  // Words of a name, a hyphenated part one word ("Anatole-Désiré Moreau": 2).
  std::uint32_t Words(TokenRange r) const {
    std::uint32_t words = r.size();
    for (std::uint32_t t = r.first; t < r.last; ++t)
      if (JoinsName(t)) words -= std::min<std::uint32_t>(words, 2);
    return words;
  }

  // Whether token t is a hyphen written without spaces between two words
  // of a name ("al-Amr"): the word after it capitalised.
  bool JoinsName(std::uint32_t t) const {
    if (t == 0 || t + 1 >= view_.size() || !IsIn(view_.text(t), {"-", "\u2010", "\u2011"})) return false;
    if ((doc_.token_flags[t - 1] & kSpaceAfter) || (doc_.token_flags[t] & kSpaceAfter)) return false;
    return IsUpper(t + 1) && view_.IsWord(t - 1) && view_.sentence_of(t - 1) == view_.sentence_of(t + 1);
  }

  // The part of a name run after its last photo-credit word when the run's
  // head h comes after that word: "Getty Images Trump" → "Trump"; "Getty
  // Images" alone stays.
  TokenRange AfterPhotoCredit(TokenRange run, std::uint32_t h) const {
    for (std::uint32_t t = run.last - 1; t > run.first; --t) {
      if (!IsPhotoCreditWord(view_.text(t - 1))) continue;
      if (IsPhotoCreditWord(view_.text(run.last - 1)) || t > h) return run;
      return {t, run.last};
    }
    return run;
  }

  // Whether tokens a < b may belong to one name: same sentence and no line
  // break between them (a caption or headline line ends a name).
  bool Glued(std::uint32_t a, std::uint32_t b) const {
    if (view_.sentence_of(a) != view_.sentence_of(b)) return false;
    const std::size_t from = doc_.CharsOf(TokenRange{a, a + 1}).end;
    const std::size_t to = doc_.CharsOf(TokenRange{b, b + 1}).begin;
    return from > to || doc_.text().find('\n', from) >= to;
  }

  bool IsUpper(std::uint32_t t) const {
    const std::string_view w = view_.text(t);
    return !w.empty() && w[0] >= 'A' && w[0] <= 'Z';
  }

  std::int32_t ResolveName(TokenRange mention, TokenRange run) {
    // Split "Amnesty International Secretary General Agnes Callamard" into
    // affiliation | role | name, reading from the right.
    std::uint32_t name_first = run.last;
    // An organization's name keeps its "role" words: "Saudi Interior
    // Ministry", "Civil Defense Authority".
    if (IsOrganizationWord(view_.text(run.last - 1))) name_first = run.first;
    while (name_first > run.first && !IsRoleWord(view_.text(name_first - 1))) --name_first;
    // "Ambassador to the United States Hamdullah Mohib", "Council on
    // American-Islamic Relations Alia Salem": a place or organization the
    // recogniser found before a person it found is not part of their name.
    for (std::uint32_t t = run.last; t-- > name_first;) {
      if (!InPlaceOrOrganization(t) || InPerson(t)) continue;
      bool person_after = false;
      for (std::uint32_t u = t + 1; u < run.last; ++u) person_after = person_after || InPerson(u);
      if (person_after) name_first = t + 1;
      break;
    }
    std::uint32_t role_first = name_first;
    while (role_first > run.first && IsRoleWord(view_.text(role_first - 1))) --role_first;
    TokenRange name{name_first, run.last};
    if (name.empty()) return ResolveDescription(mention, HeadOf(mention));
    // A title before a name makes it a person's, whatever the recogniser says.
    SpeakerKind kind = role_first < name_first ? SpeakerKind::kPerson : KindOfName(name);
    // An acronym the document spells out ("The World Health Organisation
    // (WHO)") is an organization's, whatever the recogniser says.
    if (role_first == name_first && name.size() == 1 && IsAcronym(view_.text(name.first)) &&
        ExpandAcronym(std::string(view_.text(name.first))) != view_.text(name.first))
      kind = SpeakerKind::kOrganization;
    std::string role, affiliation;
    if (role_first < name_first) role = Text({role_first, name_first});
    if (run.first < role_first) affiliation = Text({run.first, role_first});
    // Lower-case role words before the run: "longtime pollster Pat Caddell".
    if (role.empty() && mention.first < run.first) {
      TokenRange before{mention.first, run.first};
      while (!before.empty() && IsIn(view_.upos(before.first), {"DET", "PRON"})) ++before.first;
      if (!before.empty() && view_.upos(before.last - 1) == "NOUN") role = Text(before);
    }
    AppositionRole(HeadOf(mention), role, affiliation);

    const std::string surname =
        kind == SpeakerKind::kPerson ? AsciiLower(view_.text(name.last - 1)) : std::string();
    const std::string full = Text(name);
    for (std::uint32_t i = 0; i < clusters_.size(); ++i) {
      Cluster& c = clusters_[i];
      const bool same =
          kind == SpeakerKind::kPerson
              ? (c.speaker.kind == SpeakerKind::kPerson && c.surname == surname)
              : (c.named && (WithoutThe(c.speaker.name) == WithoutThe(full) ||
                             IsAcronymOf(full, c.speaker.name) || IsAcronymOf(c.speaker.name, full)));
      if (!same) continue;
      if (role.size() > c.speaker.role.size()) c.speaker.role = role;
      if (c.speaker.affiliation.empty()) c.speaker.affiliation = affiliation;
      return static_cast<std::int32_t>(i);
    }
    // A misspelt surname ("Ms Bauchtman" for Lydia Buchtmann) joins the one
    // person whose surname it is a slip of, when no name in the document
    // spells it out.
    if (kind == SpeakerKind::kPerson && name.size() == 1) {
      std::int32_t slip = kNone;
      for (std::uint32_t i = 0; i < clusters_.size(); ++i) {
        const Cluster& c = clusters_[i];
        if (c.speaker.kind != SpeakerKind::kPerson || !IsSlipOf(surname, c.surname)) continue;
        slip = slip == kNone ? static_cast<std::int32_t>(i) : -2;  // two candidates: none
      }
      if (slip >= 0 && FullestName(name) == full) return slip;
    }
    Cluster c;
    c.named = true;
    c.speaker.kind = kind;
    c.speaker.name =
        kind == SpeakerKind::kPerson ? FullestName(name) : FullestOrganizationName(ExpandAcronym(full));
    // "reported The Northfield Herald": a capitalised "The" inside a
    // sentence is part of the name, and a newspaper's "The" is part of its
    // title wherever it stands ("The Straits Times noted …"); a sentence's
    // first "The" says nothing of other names ("The State Department said").
    if (kind != SpeakerKind::kPerson && c.speaker.name == full && name.first > mention.first &&
        view_.text(name.first - 1) == "The" &&
        (IsPublicationWord(view_.text(name.last - 1)) ||
         doc_.sentences[view_.sentence_of(name.first - 1)].first < name.first - 1))
      c.speaker.name = "The " + full;
    c.speaker.role = role;
    c.speaker.affiliation = affiliation;
    c.surname = surname;
    if (kind == SpeakerKind::kPerson) c.gender = GenderOfName(surname, /*min_margin=*/2);
    c.first_paragraph = view_.paragraph_of(mention.first);
    return Add(std::move(c));
  }

  // The name an acronym stands for when the document spells it out
  // ("The World Health Organisation (WHO)"), else the acronym.
  std::string ExpandAcronym(const std::string& name) const {
    if (!IsAcronym(name)) return name;
    // Capitalised adjectives start and join such names too ("Korean Central
    // News Agency", "American Civil Liberties Union").
    auto name_word = [&](std::uint32_t t) {
      return view_.upos(t) == "PROPN" || (view_.upos(t) == "ADJ" && IsUpper(t));
    };
    for (std::uint32_t t = 0; t < view_.size(); ++t) {
      if (!name_word(t) || (t > 0 && name_word(t - 1))) continue;
      std::uint32_t last = t;
      while (last < view_.size() && (name_word(last) || IsIn(view_.text(last), {"of", "and", "for"}))) ++last;
      const std::string run = Text({t, last});
      if (IsAcronymOf(name, run)) return run;
    }
    return name;
  }

  // An organization named in full elsewhere with an "of" phrase: "the
  // House" → "House of Representatives", "the Bank" → "Bank of England".
  // The longest such run in the document, else `name`.
  std::string FullestOrganizationName(const std::string& name) {
    std::string best = name;
    const std::string lower = AsciiLower(name);
    // Capitalised adjectives and nouns belong to such a name whatever their
    // tag ("National Organization of Black Law Enforcement Executives").
    auto name_word = [&](std::uint32_t u) {
      return view_.upos(u) == "PROPN" || (IsUpper(u) && IsIn(view_.upos(u), {"ADJ", "NOUN"}));
    };
    for (std::uint32_t t : ProperNounsWritten(lower.substr(0, lower.find(' ')))) {
      if (t > 0 && name_word(t - 1) && Glued(t - 1, t)) continue;
      std::uint32_t last = t;
      while (last < view_.size() && name_word(last) && Glued(t, last)) ++last;
      if (AsciiLower(Text({t, last})) != lower || last + 1 >= view_.size()) continue;
      if (view_.text(last) != "of" || !name_word(last + 1)) continue;
      std::uint32_t end = last + 1;
      while (end < view_.size() && name_word(end) && Glued(last, end)) ++end;
      const std::string full = Text({t, end});
      if (full.size() > best.size()) best = full;
    }
    return best;
  }

  SpeakerKind KindOfName(TokenRange name) const {
    if (IsOrganizationWord(view_.text(name.last - 1))) return SpeakerKind::kOrganization;
    // A name of capitals alone ("IBM", "BAA", "OECD") is a body's, not a
    // person's, whatever the recogniser says (in BBC News, 23 "IBM said" and
    // 7 "BAA said" came out as persons).
    const bool acronym = name.size() == 1 && IsAcronym(view_.text(name.first));
    for (const EntityMention& e : doc_.entities) {
      if (e.tokens.first >= name.last || e.tokens.last <= name.first) continue;
      const std::string_view type = Document::LabelName(doc_.entity_type_names, e.type);
      if (type == "organization") return SpeakerKind::kOrganization;
      if (type == "place") return SpeakerKind::kPlace;
      if (type == "person") return acronym ? SpeakerKind::kOrganization : SpeakerKind::kPerson;
    }
    return acronym ? SpeakerKind::kOrganization : SpeakerKind::kPerson;
  }

  // The longest person name in the document that ends with the same
  // surname and contains every word of `name`: "Pokalchuk" → "Oksana
  // Pokalchuk", wherever the full name appears.
  std::string FullestName(TokenRange name) {
    const std::string surname = AsciiLower(view_.text(name.last - 1));
    TokenRange best = name;
    for (std::uint32_t t : ProperNounsWritten(surname)) {
      if (view_.upos(t) != "PROPN") continue;
      std::uint32_t first = t;
      for (;;) {
        if (first > 0 && view_.upos(first - 1) == "PROPN" && !IsRoleWord(view_.text(first - 1)) &&
            !IsOrganizationWord(view_.text(first - 1)) && Glued(first - 1, first) &&
            !InPlaceOrOrganization(first - 1)) {
          --first;
        } else if (first >= 2 && JoinsName(first - 1) && !InPlaceOrOrganization(first - 2)) {
          first -= 2;
        } else {
          break;
        }
      }
      const TokenRange run = AfterPhotoCredit({first, t + 1}, t);
      if (Words(run) > Words(best)) best = run;
    }
    if (Words(best) == 1) return FullNameFromFirstName(best);
    return Text(best);
  }

  // A person known by one word that the text also writes as the start of
  // a fuller name ("Daniel" … "Daniel Bernoulli"; a letter signed "Marcie"
  // under a "Miss Marcie Rickenbacker" heading): that name, when it is the
  // only one; else the word.
  std::string FullNameFromFirstName(TokenRange word) {
    const std::string_view first_name = view_.text(word.first);
    std::string found;
    for (std::uint32_t t : ProperNounsWritten(AsciiLower(first_name))) {
      if (view_.text(t) != first_name || view_.upos(t) != "PROPN") continue;
      std::uint32_t last = t + 1;
      while (last < view_.size() && view_.upos(last) == "PROPN" && Glued(last - 1, last) &&
             !IsRoleWord(view_.text(last)) && !IsCalendarWord(view_.text(last)) &&
             !InPlaceOrOrganization(last))
        ++last;
      if (last == t + 1 || IsOrganizationWord(view_.text(last - 1)) ||
          IsPhotoCreditWord(view_.text(last - 1)))
        continue;
      // "Daniel Bernoulli" and "Daniel Bernoulli FRS" are one name: the
      // shorter is kept when one extends the other.
      const std::string full = Text({t, last});
      if (found.empty() || found.starts_with(full + " "))
        found = full;
      else if (found != full && !full.starts_with(found + " "))
        return std::string(first_name);
    }
    return found.empty() ? std::string(first_name) : found;
  }

  // The proper nouns and capitalised adjectives of the document written
  // `lower` (lower-cased), in text order; the index is built on first use,
  // once per document.
  const std::vector<std::uint32_t>& ProperNounsWritten(const std::string& lower) {
    if (!proper_nouns_indexed_) {
      proper_nouns_indexed_ = true;
      for (std::uint32_t t = 0; t < view_.size(); ++t)
        if (view_.upos(t) == "PROPN" || (view_.upos(t) == "ADJ" && IsUpper(t)))
          proper_nouns_[AsciiLower(view_.text(t))].push_back(t);
    }
    static const std::vector<std::uint32_t> kNoTokens;
    const auto it = proper_nouns_.find(lower);
    return it == proper_nouns_.end() ? kNoTokens : it->second;
  }

  // Whether the recogniser put token t in a place or organization name
  // ("Ambassador to the United States Hamdullah Mohib": not Mohib's name).
  bool InPlaceOrOrganization(std::uint32_t t) const {
    for (const EntityMention& e : doc_.entities) {
      if (e.tokens.first > t) break;
      if (t >= e.tokens.last) continue;
      const std::string_view type = Document::LabelName(doc_.entity_type_names, e.type);
      if (type == "place" || type == "organization") return true;
    }
    return false;
  }

  bool InPerson(std::uint32_t t) const {
    for (const EntityMention& e : doc_.entities) {
      if (e.tokens.first > t) break;
      if (t < e.tokens.last && Document::LabelName(doc_.entity_type_names, e.type) == "person") return true;
    }
    return false;
  }

  // "Smith, a spokesman for the ministry, said": role "spokesman",
  // affiliation "the ministry" → its name.
  void AppositionRole(std::uint32_t head, std::string& role, std::string& affiliation) const {
    const std::int32_t appos = view_.Child(head, "appos");
    if (appos == kNone) return;
    const std::uint32_t a = static_cast<std::uint32_t>(appos);
    if (role.empty()) role = std::string(view_.text(a));
    if (!affiliation.empty()) return;
    for (std::uint32_t c : view_.children(a)) {
      if (c > a && view_.base_deprel(c) == "nmod") {
        const TokenRange org = NameRun(view_.Subtree(c), c);
        if (!org.empty()) affiliation = Text(org);
      }
    }
  }

  // ---- pronouns ----

  std::int32_t ResolvePronoun(TokenRange mention, std::uint32_t h) {
    // An object pronoun the source of a cue it controls ("have him call me
    // back") is resolved as its subject form.
    const std::string written_form = AsciiLower(view_.text(h));
    const std::string p = written_form == "him"                             ? std::string("he")
                          : written_form == "her" && view_.xpos(h) == "PRP" ? std::string("she")
                          : written_form == "them"                          ? std::string("they")
                                                                            : written_form;
    const std::uint32_t paragraph = view_.paragraph_of(h);
    auto recent = [&](auto accept) {
      std::int32_t best = kNone;
      for (std::uint32_t i = 0; i < clusters_.size(); ++i) {
        const Cluster& c = clusters_[i];
        if (c.last_token == 0 || c.last_token > h || paragraph - view_.paragraph_of(c.last_token - 1) > 3 ||
            !c.spoken_of)
          continue;
        if (!accept(c)) continue;
        if (best == kNone || c.last_token > clusters_[best].last_token) best = static_cast<std::int32_t>(i);
      }
      return best;
    };
    if (p == "he" || p == "she") {
      const Gender g = p == "she" ? Gender::kFemale : Gender::kMale;
      std::int32_t found = recent([&](const Cluster& c) {
        return (c.speaker.kind == SpeakerKind::kPerson || c.speaker.kind == SpeakerKind::kUnnamedPerson) &&
               (c.gender == Gender::kUnknown || c.gender == g);
      });
      // A person the recogniser named after that speaker's latest mention
      // is nearer ("in an opinion by Justice Scalia, he said") when the text
      // gives them the pronoun's gender (the recogniser also names places
      // "persons": "Ukraine's Defense Ministry").
      const bool speaker_found = found != kNone;
      const std::uint32_t since = speaker_found ? clusters_[found].last_token : 0;
      std::uint32_t named_at = 0;
      const std::int32_t named = PersonNamedBefore(h, since, g, /*gender_known=*/speaker_found, &named_at);
      if (named != kNone) found = named;
      // The subject of a main clause just before, a person of the pronoun's
      // gender ("His dad was talking to me, and he told me …", "The
      // photographer came by. He told me …"), is more salient than an older
      // speaker or a person named in passing before it.
      const std::int32_t subject = PersonSubjectBefore(h, std::max(since, named_at), g);
      if (subject != kNone) found = subject;
      if (found != kNone) {
        if (clusters_[found].gender == Gender::kUnknown) clusters_[found].gender = g;
        return found;
      }
    } else if (p == "they") {
      std::int32_t found = recent([](const Cluster& c) {
        return c.speaker.kind == SpeakerKind::kGroup || c.speaker.kind == SpeakerKind::kOrganization;
      });
      // People named by a plural noun after that speaker, as a subject of
      // the sentence before or an object earlier in the pronoun's
      // own ("the terrorists are protesting … They think", "We talk to the
      // citizen scientists and they say"), are the nearer antecedent.
      const std::int32_t people = PluralPeopleBefore(h, found == kNone ? 0 : clusters_[found].last_token);
      if (people != kNone) found = people;
      if (found == kNone) found = PluralSubjectBefore(h);
      if (found != kNone) return found;
    } else if (p == "it") {
      const std::int32_t found = recent([](const Cluster& c) {
        return c.speaker.kind == SpeakerKind::kOrganization || c.speaker.kind == SpeakerKind::kDocument;
      });
      if (found != kNone) return found;
    }
    // An interview's answers speak as the interviewee, its questions speak
    // to them: "I" outside a question, "you" inside one.
    if (view_.quotation_of(h) == kNone && (p == "i" || p == "me" || p == "you")) {
      const TokenRange interviewee = Interviewee();
      if (!interviewee.empty() && (p == "you") == IsQuestionParagraph(paragraph))
        return ResolveName(interviewee, interviewee);
    }
    // A transcript whose host introduces themselves ("I'm your host, Dave",
    // "Hey it's Jackie") speaks as the host; with one guest introduced
    // ("I am joined by Alex") its paragraphs are turns taken in turn.
    // "You" in such a two-party transcript is the other party of the turn.
    if ((p == "i" || p == "me" || p == "you") && view_.quotation_of(h) == kNone) {
      const SelfIntroduction& intro = Introduction();
      if (!intro.host.empty() && paragraph >= intro.paragraph && (p != "you" || !intro.guest.empty())) {
        const bool guest_turn = !intro.guest.empty() && (paragraph - intro.paragraph) % 2 == 1;
        const TokenRange who = guest_turn != (p == "you") ? intro.guest : intro.host;
        return ResolveName(who, who);
      }
    }
    // A hearing's floor given by title and name ("Mr. Sova, please
    // proceed.", "Miss Rosenthal?"): the turns after it alternate between
    // that person and whoever questions them. "I" in the person's turns is
    // the person, "you" in the questioner's turns too.
    if ((p == "i" || p == "me" || p == "you") && view_.quotation_of(h) == kNone) {
      const TokenRange holder = FloorHolder(paragraph, /*questioner=*/p == "you");
      if (!holder.empty()) return ResolveName(holder, holder);
    }
    if ((p == "i" || p == "me") && view_.quotation_of(h) == kNone) {
      const TokenRange author = Author();
      if (!author.empty()) return ResolveName(author, author);
    }
    // "Mr. President, I want … By your cooperation you have shown …": "you"
    // is the person the paragraph addresses by title before it.
    if (p == "you" && view_.quotation_of(h) == kNone) {
      const TokenRange addressed = AddressedBefore(h);
      if (!addressed.empty()) return NamedSpeaker(SpeakerKind::kPerson, Text(addressed), paragraph);
    }
    // I, we, you, or an unresolved pronoun: the pronoun itself (one speaker
    // per form, as GUM's pronoun-only chains), an object named by its
    // subject form ("make me say", "let's say", "get us to know": I, we).
    const std::string_view form = p == "me"                          ? std::string_view("i")
                                  : IsIn(p, {"us", "'s", "\u2019s"}) ? std::string_view("we")
                                                                     : std::string_view(p);
    const std::string written = form == written_form ? Text(mention)
                                : form == "i"        ? std::string("I")
                                                     : std::string(form);
    for (std::uint32_t i = 0; i < clusters_.size(); ++i)
      if (!clusters_[i].named && clusters_[i].speaker.kind == SpeakerKind::kUnknown &&
          AsciiLower(clusters_[i].speaker.name) == form)
        return static_cast<std::int32_t>(i);
    Cluster c;
    c.speaker.kind = SpeakerKind::kUnknown;
    c.speaker.name = written;
    c.first_paragraph = paragraph;
    return Add(std::move(c));
  }

  // The latest person named (by the recogniser) after token `since` and
  // before token h whose gender does not clash with g (is g, with
  // `gender_known`), as a speaker.
  std::int32_t PersonNamedBefore(std::uint32_t h, std::uint32_t since, Gender g, bool gender_known,
                                 std::uint32_t* at) {
    for (auto it = doc_.entities.rbegin(); it != doc_.entities.rend(); ++it) {
      if (it->tokens.last > h) continue;
      if (it->tokens.first < since) return kNone;
      if (Document::LabelName(doc_.entity_type_names, it->type) != "person") continue;
      if (view_.paragraph_of(h) - view_.paragraph_of(it->tokens.first) > 3) return kNone;
      const std::uint32_t head = HeadOf(it->tokens);
      const TokenRange run = NameRun(it->tokens, head);
      // "the Americans", "the Kennedys": a plural name is never a he or a she.
      if (run.empty() || view_.xpos(run.last - 1) == "NNPS" || TheBeforeName(run)) continue;
      const Gender named = GenderOfName(AsciiLower(view_.text(run.last - 1)));
      if (named != Gender::kUnknown ? named != g : gender_known) continue;
      const std::int32_t found = ResolveName(it->tokens, run);
      if (found != kNone && clusters_[found].speaker.kind == SpeakerKind::kPerson) {
        clusters_[found].speaker.mentions.push_back(it->tokens);
        *at = it->tokens.first;
        return found;
      }
    }
    return kNone;
  }

  // A title and up to three capitalised words, then a comma, opening a
  // sentence of h's paragraph before h ("Mr. President, I want …", "Madam
  // Speaker, …"): the person the paragraph speaks to; else empty.
  TokenRange AddressedBefore(std::uint32_t h) const {
    const TokenRange paragraph = doc_.paragraphs[view_.paragraph_of(h)].tokens;
    for (std::uint32_t s = view_.sentence_of(h) + 1; s-- > 0;) {
      const TokenRange r = doc_.sentences[s];
      if (r.last <= paragraph.first) break;
      const std::uint32_t first = std::max(r.first, paragraph.first);
      if (first >= h ||
          !IsIn(AsciiLower(view_.text(first)), {"mr.", "mrs.", "ms.", "madam", "madame", "mr", "mrs", "ms"}))
        continue;
      std::uint32_t last = first + 1;
      while (last < r.last && last < first + 4 && IsUpper(last) && view_.IsWord(last)) ++last;
      if (last > first + 1 && last < r.last && view_.text(last) == ",") return {first, last};
    }
    return {};
  }

  // The latest subject of a main clause (the root, or a clause coordinated
  // with it or set beside it) after token `since` and before the pronoun at
  // h, in its sentence or the three before it (last three paragraphs), that
  // is a person whose gender does not clash with g: a name the recogniser
  // calls a person, or a singular noun for a person ("his dad", "the
  // photographer"). Subjects in quotations, and first-person, second-person
  // and other pronouns, are passed over; a pronoun subject of the other
  // gender does not stop the walk, since a he and a she may alternate.
  std::int32_t PersonSubjectBefore(std::uint32_t h, std::uint32_t since, Gender g) {
    const std::uint32_t s0 = view_.sentence_of(h);
    for (std::uint32_t s = s0 + 1; s-- > 0 && s + 3 >= s0;) {
      const TokenRange r = doc_.sentences[s];
      if (view_.paragraph_of(h) - view_.paragraph_of(r.first) > 3) break;
      for (std::uint32_t t = std::min(r.last, h); t-- > r.first;) {
        if (t < since) return kNone;
        if (view_.base_deprel(t) != "nsubj" || view_.quotation_of(t) != kNone) continue;
        std::int32_t verb = view_.head(t);
        // "The senator, in explaining her vote, tried …": a subject hung on
        // an adverbial clause after it is the main clause's.
        if (verb >= 0 && view_.head(verb) >= 0 &&
            view_.FrontedSubject(view_.head(verb)) == static_cast<std::int32_t>(t))
          verb = view_.head(verb);
        if (!IsMainClause(verb)) continue;
        // The same pronoun as the subject of an earlier sentence carries the
        // chain on from before it ("The photographer has been here. He
        // caught me … He told me"): its antecedent is further back, so the
        // walk goes on.
        const std::int32_t found = PersonMention(t, g);
        if (found != kNone) return found;
      }
    }
    return kNone;
  }

  // "the Marshall Plan", "the Hubble": a name after "the" is no person's,
  // unless it ends in a title ("the Prince", "the Pope"), whatever the
  // recogniser says.
  bool TheBeforeName(TokenRange run) const {
    return run.first > 0 && AsciiLower(view_.text(run.first - 1)) == "the" &&
           view_.sentence_of(run.first - 1) == view_.sentence_of(run.first) &&
           !IsRoleWord(view_.text(run.first)) && !IsRoleWord(view_.text(run.last - 1));
  }

  // The speaker a subject at t stands for when it is a person of gender g
  // (or of unknown gender), else kNone.
  std::int32_t PersonMention(std::uint32_t t, Gender g) {
    const TokenRange mention = Trim(SubjectMention(t));
    if (mention.empty()) return kNone;
    std::int32_t found = kNone;
    if (view_.upos(t) == "PROPN") {
      const TokenRange run = NameRun(mention, t);
      bool person = false;
      for (std::uint32_t u = run.first; u < run.last; ++u) person = person || InPerson(u);
      if (run.empty() || !person || TheBeforeName(run)) return kNone;
      const Gender named = GenderOfName(AsciiLower(view_.text(run.last - 1)));
      if (named != Gender::kUnknown && named != g) return kNone;
      found = ResolveName(mention, run);
      if (found != kNone && clusters_[found].speaker.kind != SpeakerKind::kPerson) return kNone;
    } else if (view_.upos(t) == "NOUN" && view_.xpos(t) == "NN") {
      const std::string lemma = AsciiLower(view_.lemma(t));
      if (!IsPersonNoun(lemma) && GenderOfNoun(lemma) == Gender::kUnknown) return kNone;
      // Checked before resolving, so that no speaker is made for nothing
      // ("the prosecutor" names an organization here).
      if (IsDocumentNoun(lemma) || IsOrganizationNoun(lemma) || IsOrganizationWord(view_.text(t)))
        return kNone;
      const Gender noun = GenderOfNoun(lemma);
      if (noun != Gender::kUnknown && noun != g) return kNone;
      found = ResolveDescription(mention, t);
      if (found != kNone && clusters_[found].speaker.kind != SpeakerKind::kUnnamedPerson) return kNone;
    } else {
      return kNone;
    }
    if (found == kNone || (clusters_[found].gender != Gender::kUnknown && clusters_[found].gender != g))
      return kNone;
    clusters_[found].speaker.mentions.push_back(mention);
    return found;
  }

  // The gender the text gives a person's last name: the first he/him/his
  // or she/her after a mention of it in its sentence, before another
  // person is named ("Gloria also became unable to move her legs").
  // Majority over the document's mentions, by at least `min_margin` votes,
  // else kUnknown.
  Gender GenderOfName(const std::string& surname, int min_margin = 1) {
    if (!name_genders_known_) {
      name_genders_known_ = true;
      std::vector<bool> person_start(view_.size(), false);
      std::vector<std::pair<std::uint32_t, std::string>> mentions;
      for (const EntityMention& e : doc_.entities) {
        if (e.tokens.empty() || Document::LabelName(doc_.entity_type_names, e.type) != "person") continue;
        person_start[e.tokens.first] = true;
        mentions.emplace_back(e.tokens.last, AsciiLower(view_.text(e.tokens.last - 1)));
      }
      for (const auto& [after, name] : mentions) {
        if (after >= view_.size()) continue;
        const std::uint32_t end = doc_.sentences[view_.sentence_of(after - 1)].last;
        for (std::uint32_t t = after; t < end && !person_start[t]; ++t) {
          if (view_.quotation_of(t) != kNone) continue;
          const std::string w = AsciiLower(view_.text(t));
          int vote = IsIn(w, {"he", "him", "his", "himself"})     ? 1
                     : IsIn(w, {"she", "her", "hers", "herself"}) ? -1
                                                                  : 0;
          if (vote == 0) continue;
          name_gender_votes_.emplace_back(name, vote);
          break;
        }
      }
    }
    int total = 0;
    for (const auto& [name, vote] : name_gender_votes_)
      if (name == surname) total += vote;
    return total >= min_margin ? Gender::kMale : total <= -min_margin ? Gender::kFemale : Gender::kUnknown;
  }

  // Whether `verb` heads a main clause: the root, or a clause coordinated
  // with it or set beside it — not a conjunct inside a subordinate clause
  // ("When I argued that X felt …, and that the Plan was devised …, he
  // replied"). False for kNone.
  bool IsMainClause(std::int32_t verb) const {
    while (verb >= 0 && view_.base_deprel(static_cast<std::uint32_t>(verb)) == "conj")
      verb = view_.head(static_cast<std::uint32_t>(verb));
    return verb >= 0 && IsIn(view_.base_deprel(static_cast<std::uint32_t>(verb)), {"root", "parataxis"});
  }

  // The latest plural noun for people after token `since` and before the
  // pronoun at h: the subject of a main clause of the sentence before, or
  // an object earlier in h's sentence (outside quotations) — a
  // noun for people, bodies or practitioners ("terrorists", "scientists",
  // "historians"), never things ("Several scenarios … They"). kNone if none.
  std::int32_t PluralPeopleBefore(std::uint32_t h, std::uint32_t since) {
    const std::uint32_t s0 = view_.sentence_of(h);
    for (std::uint32_t s = s0 + 1; s-- > 0 && s + 1 >= s0;) {
      const TokenRange r = doc_.sentences[s];
      for (std::uint32_t t = std::min(r.last, h); t-- > r.first;) {
        if (t < since) return kNone;
        if (view_.xpos(t) != "NNS" || view_.quotation_of(t) != kNone) continue;
        const std::string_view rel = view_.base_deprel(t);
        // In the pronoun's sentence a subject before it is most often the
        // reported clause's ("US officials were talking up the dollar, they
        // said"), so only objects count there.
        if (s == s0 ? !IsIn(rel, {"obj", "obl", "iobj"}) : rel != "nsubj") continue;
        if (s < s0 && !IsMainClause(view_.head(t))) continue;
        const std::string lemma = AsciiLower(view_.lemma(t));
        const bool people = IsPersonNoun(lemma) || IsOrganizationNoun(lemma) || lemma.ends_with("ist") ||
                            lemma.ends_with("ian") || lemma.ends_with("man") || lemma.ends_with("person") ||
                            lemma == "people";
        if (!people) continue;
        // "to the citizen scientists": the noun phrase without its preposition.
        TokenRange mention = SubjectMention(t);
        for (std::uint32_t c : view_.children(t))
          if (c < t && view_.deprel(c) == "case") mention.first = std::max(mention.first, c + 1);
        const std::int32_t found = ResolveDescription(mention, t);
        if (found != kNone) clusters_[found].speaker.mentions.push_back(mention);
        return found;
      }
    }
    return kNone;
  }

  // "Numerous experts took to social media … They said": the plural subject
  // of the previous sentence.
  std::int32_t PluralSubjectBefore(std::uint32_t h) {
    const std::uint32_t s = view_.sentence_of(h);
    if (s == 0) return kNone;
    const TokenRange previous = doc_.sentences[s - 1];
    for (std::uint32_t t = previous.first; t < previous.last; ++t) {
      if (view_.base_deprel(t) != "nsubj" || view_.xpos(t) != "NNS") continue;
      const TokenRange mention = SubjectMention(t);
      const std::int32_t found = ResolveDescription(mention, t);
      if (found != kNone) clusters_[found].speaker.mentions.push_back(mention);
      return found;
    }
    return kNone;
  }

  TokenRange SubjectMention(std::uint32_t t) const {
    TokenRange r = view_.Subtree(t);
    for (std::uint32_t c : view_.children(t))
      if (c > t && IsIn(view_.deprel(c), {"acl:relcl", "acl", "appos", "punct"}))
        r.last = std::min(r.last, c);
    return r;
  }

  // ---- descriptions ----

  std::int32_t ResolveDescription(TokenRange mention, std::uint32_t h) {
    const std::string lemma = AsciiLower(view_.lemma(h));
    const bool plural = view_.xpos(h) == "NNS" || view_.xpos(h) == "NNPS" || view_.Child(h, "conj") != kNone;
    // Only nouns that name people make an unnamed person ("the spokesman",
    // "a witness"); "studies suggest" or "life" are no one he or she can
    // refer to.
    SpeakerKind kind = SpeakerKind::kUnknown;
    if (IsDocumentNoun(lemma))
      kind = SpeakerKind::kDocument;
    else if (IsOrganizationNoun(lemma) || IsOrganizationWord(view_.text(h)))
      kind = SpeakerKind::kOrganization;
    else if (plural)
      kind = SpeakerKind::kGroup;
    else if (IsPersonNoun(lemma))
      kind = SpeakerKind::kUnnamedPerson;
    // The name of an unnamed speaker is its description as written,
    // determiner included ("The Senator from Alaska"), as GUM's gold does.
    const TokenRange shown = mention;
    const bool definite =
        IsIn(AsciiLower(view_.text(shown.first)), {"the", "this", "that", "these", "those"});
    // A definite description repeats an earlier speaker with the same head
    // noun ("the spokesman" … "the spokesman").
    if (definite) {
      for (std::uint32_t i = 0; i < clusters_.size(); ++i)
        if (clusters_[i].head_lemma == lemma && clusters_[i].speaker.kind == kind)
          return static_cast<std::int32_t>(i);
    }
    Cluster c;
    c.gender = GenderOfNoun(lemma);
    c.speaker.kind = kind;
    c.speaker.name = Text(shown);
    c.head_lemma = lemma;
    c.definite_description = definite;
    c.first_paragraph = view_.paragraph_of(mention.first);
    if (kind == SpeakerKind::kUnnamedPerson) {
      c.speaker.role = std::string(view_.text(h));
      // "the director of Amnesty International's office": the first name
      // after the head; "the Russian Foreign Ministry spokesman": the names
      // before it.
      for (std::uint32_t t = mention.first; t < mention.last; ++t) {
        if (view_.upos(t) != "PROPN") continue;
        const TokenRange run = NameRun(mention, t);
        std::uint32_t last = run.last;
        if (t < h && last > h) last = h;
        c.speaker.affiliation = Text({run.first, last});
        // "The Russian Foreign Ministry spokesman": an organization named
        // before the role makes a title, and the title is the name.
        // A newspaper's "The" is part of its title ("The Saturday Evening
        // Post photographer").
        if (t < h) {
          const bool the = run.first > mention.first && view_.text(run.first - 1) == "The" &&
                           IsPublicationWord(view_.text(run.last - 1));
          c.speaker.name = Text({the ? run.first - 1 : run.first, h + 1});
        }
        break;
      }
    }
    return Add(std::move(c));
  }

  // The lede convention: "The director of X resigned, saying …" in the first
  // paragraph, and the person named as a speaker in the next two.
  void MergeLedeDescriptions() {
    for (std::uint32_t d = 0; d < clusters_.size(); ++d) {
      Cluster& description = clusters_[d];
      if (description.speaker.kind != SpeakerKind::kUnnamedPerson || !description.definite_description ||
          description.first_paragraph != 0)
        continue;
      for (std::uint32_t p = 0; p < clusters_.size(); ++p) {
        Cluster& person = clusters_[p];
        if (person.speaker.kind != SpeakerKind::kPerson || !person.named || person.first_paragraph > 2)
          continue;
        Absorb(p, d);
        break;
      }
    }
    // Drop the absorbed clusters and renumber.
    std::vector<std::int32_t> new_index(clusters_.size(), kNone);
    std::vector<Cluster> kept;
    for (std::uint32_t i = 0; i < clusters_.size(); ++i) {
      if (absorbed_into_.size() > i && absorbed_into_[i] != kNone) continue;
      new_index[i] = static_cast<std::int32_t>(kept.size());
      kept.push_back(std::move(clusters_[i]));
    }
    for (std::uint32_t i = 0; i < absorbed_into_.size(); ++i)
      if (absorbed_into_[i] != kNone) new_index[i] = new_index[absorbed_into_[i]];
    for (Statement& s : doc_.statements)
      if (s.speaker != kNone) s.speaker = new_index[s.speaker];
    clusters_ = std::move(kept);
    for (Cluster& c : clusters_)
      std::sort(c.speaker.mentions.begin(), c.speaker.mentions.end(),
                [](TokenRange a, TokenRange b) { return a.first < b.first; });
  }

  void Absorb(std::uint32_t into, std::uint32_t from) {
    absorbed_into_.resize(clusters_.size(), kNone);
    absorbed_into_[from] = static_cast<std::int32_t>(into);
    Speaker& target = clusters_[into].speaker;
    Speaker& source = clusters_[from].speaker;
    if (target.role.empty()) target.role = source.role;
    if (target.affiliation.empty()) target.affiliation = source.affiliation;
    target.mentions.insert(target.mentions.end(), source.mentions.begin(), source.mentions.end());
  }

  std::int32_t Add(Cluster c) {
    clusters_.push_back(std::move(c));
    return static_cast<std::int32_t>(clusters_.size() - 1);
  }

  Document& doc_;
  ParseView view_;
  std::vector<Cluster> clusters_;
  std::vector<std::int32_t> absorbed_into_;
  bool proper_nouns_indexed_ = false;
  std::unordered_map<std::string, std::vector<std::uint32_t>> proper_nouns_;  // see ProperNounsWritten()
  bool name_genders_known_ = false;
  std::vector<std::pair<std::string, int>> name_gender_votes_;  // last name, +1 male / -1 female
  bool introduction_known_ = false;
  SelfIntroduction introduction_;  // see Introduction()
  struct Floor {
    TokenRange name;          // title and name of the person called
    std::uint32_t paragraph;  // of the call; the turns start after it
  };
  bool floors_known_ = false;
  std::vector<Floor> floors_;                // see FloorHolder()
  std::vector<std::int32_t> floor_before_;   // per paragraph: the latest earlier call, or kNone
  std::vector<std::uint32_t> turns_before_;  // per paragraph: paragraphs before it that are no heading
  bool interviewee_known_ = false;
  TokenRange interviewee_;  // see Interviewee()
};

}  // namespace

void ResolveSpeakers(Document& doc) {
  Resolver(doc).Run();
}

}  // namespace hearsay::attribution
