#include "nlp/entity_gold.h"

#include <algorithm>
#include <iterator>
#include <string>

namespace hearsay::nlp {
namespace {

std::string_view MiscField(std::string_view misc, std::string_view key) {
  std::size_t start = 0;
  while (start <= misc.size()) {
    const std::size_t bar = misc.find('|', start);
    const std::string_view item =
        misc.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
    if (item.starts_with(key)) return item.substr(key.size());
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return {};
}

std::string_view BaseRelation(std::string_view deprel) {
  return deprel.substr(0, deprel.find(':'));
}

// Right-hand dependents of the head whose subtree leaves the name.
bool CutsName(std::string_view deprel) {
  const std::string_view base = BaseRelation(deprel);
  return base == "acl" || base == "appos" || base == "parataxis" || base == "conj" || base == "dislocated";
}

// A word that is part of a name inside a proper-noun-headed mention: a
// proper noun; a capitalised word of another open class ("American College
// of Pediatricians", "Cambridge Whig Club"); a number attached as flat or
// compound ("Title IV", "Figure 1", not the year in "Brieber 2014"). Titles
// before a name (GUM attaches them as nmod:desc: "President", "Dr.", "Mr.")
// are not part of it, as in CoNLL and OntoNotes.
bool IsNameWord(const eval::ConlluWord& w) {
  if (w.deprel == "nmod:desc") return false;
  if (w.upos == "PROPN") return true;
  if (w.upos == "NUM") {
    const std::string_view base = BaseRelation(w.deprel);
    return base == "flat" || base == "compound";
  }
  const bool open_class = w.upos == "ADJ" || w.upos == "NOUN" || w.upos == "X" || w.upos == "VERB" ||
                          w.upos == "ADV" || w.upos == "SYM" || w.upos == "INTJ";
  return open_class && !w.form.empty() && w.form[0] >= 'A' && w.form[0] <= 'Z';
}

// Function words that join the words of one name when name words flank them
// ("University of the Arts", "Procter & Gamble", "Bailey - Ross",
// "Charles de Gaulle"). A possessive "'s" never joins: "DAB 's Ben Chan" is
// two names.
bool JoinsName(const eval::ConlluWord& w) {
  static constexpr std::string_view kJoiners[] = {"of", "the", "and", "&",   "for", "de",  "du",  "des",
                                                  "la", "le",  "von", "van", "der", "den", "del", "della",
                                                  "di", "da",  "dos", "das", "y",   "-",   "–",   "/"};
  std::string lower = w.form;
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return std::find(std::begin(kJoiners), std::end(kJoiners), lower) != std::end(kJoiners);
}

}  // namespace

int EntityTypeIndex(std::string_view gum_type) {
  for (std::size_t i = 0; i < kEntityTypes.size(); ++i)
    if (kEntityTypes[i] == gum_type) return static_cast<int>(i);
  return -1;
}

Result<std::vector<GumMention>> ParseGumMentions(const eval::ConlluSentence& sentence) {
  struct Open {
    std::string id;
    std::size_t index;  // into out
  };
  std::vector<GumMention> out;
  std::vector<Open> open;
  const auto malformed = [&](std::size_t word, const std::string& why) {
    return Status(StatusCode::kMalformedRecord, "sentence " + sentence.sent_id + ", word " +
                                                    std::to_string(word + 1) + ": Entity annotation: " + why);
  };
  for (std::size_t w = 0; w < sentence.words.size(); ++w) {
    const std::string_view ent = MiscField(sentence.words[w].misc, "Entity=");
    std::size_t j = 0;
    while (j < ent.size()) {
      if (ent[j] == '(') {
        std::size_t k = j + 1;
        while (k < ent.size() && ent[k] != '(' && ent[k] != ')') ++k;
        const std::string_view body = ent.substr(j + 1, k - j - 1);
        const std::size_t dash = body.find('-');
        if (dash == std::string_view::npos) return malformed(w, "no type in '" + std::string(body) + "'");
        const std::size_t dash2 = body.find('-', dash + 1);
        GumMention m;
        m.first = m.last = static_cast<std::uint32_t>(w);
        m.type =
            std::string(body.substr(dash + 1, dash2 == std::string_view::npos ? dash2 : dash2 - dash - 1));
        out.push_back(std::move(m));
        if (k < ent.size() && ent[k] == ')') {  // "(id-…)": a one-word mention
          out.back().last = static_cast<std::uint32_t>(w + 1);
          j = k + 1;
        } else {
          open.push_back({std::string(body.substr(0, dash)), out.size() - 1});
          j = k;
        }
      } else {
        std::size_t k = j;
        while (k < ent.size() && ent[k] != ')' && ent[k] != '(') ++k;
        if (k == ent.size() || ent[k] != ')') return malformed(w, "stray text in '" + std::string(ent) + "'");
        const std::string_view id = ent.substr(j, k - j);
        auto it = std::find_if(open.rbegin(), open.rend(), [&](const Open& o) { return o.id == id; });
        if (it == open.rend()) return malformed(w, "closing unopened mention " + std::string(id));
        out[it->index].last = static_cast<std::uint32_t>(w + 1);
        open.erase(std::next(it).base());
        j = k + 1;
      }
    }
  }
  if (!open.empty())
    return malformed(sentence.words.size() - 1, "mention " + open.back().id + " never closed");
  return out;
}

std::vector<NamedSpan> NamedMentions(const eval::ConlluSentence& sentence,
                                     const std::vector<GumMention>& all) {
  const auto& words = sentence.words;
  std::vector<NamedSpan> candidates;
  for (const GumMention& m : all) {
    const int type = EntityTypeIndex(m.type);
    if (type < 0 || m.first >= m.last) continue;
    const auto inside = [&](int head) {  // head: 1-based, 0 = root
      return head >= 1 && static_cast<std::uint32_t>(head - 1) >= m.first &&
             static_cast<std::uint32_t>(head - 1) < m.last;
    };
    std::uint32_t h = m.first;
    while (h < m.last && inside(words[h].head)) ++h;
    if (h == m.last) h = m.first;  // a cycle cannot happen in valid UD; be safe
    if (words[h].upos != "PROPN") continue;
    std::uint32_t first = m.first;
    while (first < h && (words[first].deprel == "det" || words[first].deprel == "det:predet")) ++first;
    std::uint32_t last = m.last;
    // A right-hand nmod of the head introduced by a preposition other than
    // "of" is a location or relation, not part of the name ("Hall in
    // Washington", "Ambassador to Chile"); "University of Chicago" stays.
    const auto cuts_nmod = [&](std::uint32_t d) {
      if (BaseRelation(words[d].deprel) != "nmod") return false;
      for (std::uint32_t c = m.first; c < m.last; ++c)
        if (words[c].head == static_cast<int>(d) + 1 && words[c].deprel == "case" && c < d)
          return words[c].form != "of" && words[c].form != "Of" && words[c].form != "OF";
      return false;
    };
    for (std::uint32_t d = h + 1; d < m.last; ++d) {
      if (words[d].head != static_cast<int>(h) + 1 || !(CutsName(words[d].deprel) || cuts_nmod(d))) continue;
      // The earliest word of d's subtree (walk each word's head chain).
      std::uint32_t start = d;
      for (std::uint32_t w = h + 1; w < d; ++w) {
        int x = static_cast<int>(w) + 1;
        for (std::size_t steps = 0;
             steps < words.size() && x != 0 && x != static_cast<int>(d) + 1 && x != static_cast<int>(h) + 1;
             ++steps)
          x = words[x - 1].head;
        if (x == static_cast<int>(d) + 1) {
          start = w;
          break;
        }
      }
      last = std::min(last, start);
    }
    // Trailing punctuation and a possessive marker of the head go.
    while (last > h + 1 &&
           ((words[last - 1].upos == "PUNCT" && words[last - 1].form != ")" && words[last - 1].form != "]") ||
            (words[last - 1].deprel == "case" && words[last - 1].head == static_cast<int>(h) + 1)))
      --last;
    // The name itself: the longest run of name words containing the head,
    // within [first, last), where a run of joining words counts only
    // between two name words. Modifiers ("younger", "our", "said"),
    // titles, years and parentheses around the name fall away.
    std::uint32_t name_first = h, name_last = h + 1;
    for (;;) {
      std::uint32_t j = name_first;
      while (j > first && JoinsName(words[j - 1]) && !IsNameWord(words[j - 1])) --j;
      if (j == first || !IsNameWord(words[j - 1])) break;
      name_first = j - 1;
    }
    for (;;) {
      std::uint32_t j = name_last;
      while (j < last && JoinsName(words[j]) && !IsNameWord(words[j])) ++j;
      if (j == last || !IsNameWord(words[j])) break;
      name_last = j + 1;
    }
    candidates.push_back({name_first, name_last, type});
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const NamedSpan& a, const NamedSpan& b) {
    return a.first != b.first ? a.first < b.first : a.last > b.last;
  });
  std::vector<NamedSpan> kept;
  for (const NamedSpan& c : candidates) {
    const bool overlaps = std::any_of(
        kept.begin(), kept.end(), [&](const NamedSpan& k) { return k.first < c.last && c.first < k.last; });
    if (!overlaps) kept.push_back(c);
  }
  return kept;
}

}  // namespace hearsay::nlp
