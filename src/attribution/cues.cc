#include "attribution/cues.h"

#include <string>
#include <unordered_map>

namespace hearsay::attribution {
namespace {

using Table = std::unordered_map<std::string_view, CueInfo>;

Table BuildTable() {
  Table table;
  auto add = [&](CueClass cls, CueFrame frame, bool needs_clause,
                 std::initializer_list<std::string_view> lemmas) {
    for (std::string_view lemma : lemmas) table[lemma] = CueInfo{cls, frame, needs_clause};
  };
  // Verbs of saying: a clause or a quotation.
  add(CueClass::kSpeech, CueFrame::kClause, false,
      {"say",         "tell",      "add",       "ask",     "answer",   "reply",     "respond",  "explain",
       "state",       "announce",  "declare",   "claim",   "assert",   "insist",    "argue",    "contend",
       "maintain",    "warn",      "caution",   "note",    "observe",  "remark",    "comment",  "mention",
       "acknowledge", "admit",     "concede",   "confirm", "deny",     "reiterate", "repeat",   "stress",
       "emphasize",   "emphasise", "promise",   "pledge",  "vow",      "threaten",  "predict",  "allege",
       "complain",    "boast",     "brag",      "joke",    "quip",     "recall",    "testify",  "report",
       "disclose",    "reveal",    "counter",   "retort",  "lament",   "estimate",  "continue", "agree",
       "speculate",   "hint",      "shout",     "yell",    "cry",      "whisper",   "mutter",   "assure",
       "remind",      "inform",    "advise",    "concur",  "proclaim", "suggest",   "signal",   "describe",
       "recount",     "propose",   "recommend", "demand",  "question", "scoff",     "exclaim",  "interject",
       "elaborate",   "summarize", "summarise", "opine",   "rule"});
  // Verbs of writing.
  add(CueClass::kWriting, CueFrame::kClause, false,
      {"write", "tweet", "post", "publish", "blog", "email", "text", "pen", "retweet", "caption"});
  // Verbs of belief, knowledge and thought: only with a clausal complement.
  add(CueClass::kBelief, CueFrame::kClause, true,
      {"think",   "believe",  "feel",      "know",      "hope",    "fear",    "expect",
       "worry",   "doubt",    "suspect",   "assume",    "guess",   "suppose", "understand",
       "realize", "realise",  "recognize", "recognise", "imagine", "wonder",  "consider",
       "learn",   "discover", "decide",    "determine", "reckon",  "figure",  "sense",
       "notice",  "trust",    "wish",      "presume",   "conclude"});
  // Evidence and findings, mostly with a document or data as the source.
  add(CueClass::kOther, CueFrame::kClause, true, {"show", "find", "indicate", "demonstrate", "prove"});
  // Acts of speech whose content is an object and a clause: "accused X of Y".
  add(CueClass::kSpeech, CueFrame::kObjectAndClause, false,
      {"accuse", "blame", "criticize", "criticise", "praise", "urge", "call", "condemn", "charge", "thank",
       "applaud", "slam", "defend", "dismiss", "reject", "challenge", "welcome"});
  add(CueClass::kOther, CueFrame::kObjectAndClause, false, {"cite", "quote", "invoke"});
  return table;
}

}  // namespace

const CueInfo* LookupCue(std::string_view lemma) {
  static const Table table = BuildTable();
  auto it = table.find(lemma);
  return it == table.end() ? nullptr : &it->second;
}

}  // namespace hearsay::attribution
