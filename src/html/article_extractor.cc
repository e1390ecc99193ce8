#include "html/article_extractor.h"

#include <gumbo.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

#include "html/charset.h"
#include "text/utf8.h"

namespace hearsay::html {
namespace {

// ---------------------------------------------------------------- helpers

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
char Lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

// Collapses whitespace runs (ASCII and no-break spaces) to one space and trims.
std::string CollapseSpace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = true;  // drops leading space
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool nbsp = s[i] == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0';
    if (IsSpace(s[i]) || nbsp) {
      if (nbsp) ++i;
      if (!space) out.push_back(' ');
      space = true;
      continue;
    }
    out.push_back(s[i]);
    space = false;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Words for scoring: space-separated tokens, and for scripts written without
// spaces (Chinese, Japanese, Korean syllables) one word per two characters.
int CountWords(std::string_view s) {
  int words = 0;
  int cjk = 0;
  bool in_word = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0xE3 && c <= 0xED && i + 2 < s.size()) {
      // U+3000..U+DFFF: CJK punctuation, kana, ideographs, Hangul.
      ++cjk;
      i += 2;
      in_word = false;
      continue;
    }
    const bool space = IsSpace(static_cast<char>(c));
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words + cjk / 2;
}

// Lower-case letters and digits only: for comparing a heading with the title.
std::string Fold(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (IsAlpha(c) || IsDigit(c) || static_cast<unsigned char>(c) >= 0x80) out.push_back(Lower(c));
  }
  return out;
}

const char* Attr(const GumboElement& element, const char* name) {
  const GumboAttribute* attr = gumbo_get_attribute(&element.attributes, name);
  return attr ? attr->value : nullptr;
}

std::string AttrLower(const GumboElement& element, const char* name) {
  const char* v = Attr(element, name);
  return v ? LowerAscii(v) : std::string();
}

// ------------------------------------------------------- element classes

// Elements whose content is never article text.
bool IsSkippedTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_LABEL: return true;
    default: return false;
  }
}

// Elements that start and end a text block.
bool IsBlockTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_HTML: return true;
    default: return false;
  }
}

bool IsHeadingTag(GumboTag tag) {
  return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_H4 ||
         tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

// Elements that are page furniture by their tag alone. Like class hints, this
// is overruled when the element holds most of the page's prose (a site that
// wraps its whole page in <form> or <header>).
bool IsFurnitureTag(GumboTag tag) {
  return tag == GUMBO_TAG_NAV || tag == GUMBO_TAG_ASIDE || tag == GUMBO_TAG_FOOTER ||
         tag == GUMBO_TAG_HEADER || tag == GUMBO_TAG_FORM || tag == GUMBO_TAG_FIGURE ||
         tag == GUMBO_TAG_FIGCAPTION;
}

// Class and id words that name boilerplate. Strong ones win over content
// words ("article-comments" is comments); weak ones only count when no
// content word is present ("article-meta" is not boilerplate to drop whole).
constexpr std::array<std::string_view, 37> kStrongBoilerplate = {
    "comment",      "disqus",          "share",         "sharing",        "social",
    "related",      "recommend",       "newsletter",    "subscri",        "signup",
    "sign-up",      "cookie",          "consent",       "gdpr",           "advert",
    "promo",        "sidebar",         "breadcrumb",    "outbrain",       "taboola",
    "popup",        "modal",           "trending",      "most-popular",   "mostpopular",
    "more-stories", "read-more",       "readmore",      "paywall-prompt", "skip-link",
    "sr-only",      "visually-hidden", "screen-reader", "print-only",     "newsletter",
    "author-bio",   "tag-list"};
constexpr std::array<std::string_view, 19> kWeakBoilerplate = {
    "nav",      "menu",      "banner", "widget",  "footer",     "header", "masthead",
    "byline",   "caption",   "credit", "toolbar", "pagination", "pager",  "sponsor",
    "dateline", "timestamp", "tags",   "topics",  "meta"};
constexpr std::array<std::string_view, 3> kBoilerplateTokens = {"ad", "ads", "dfp"};
constexpr std::array<std::string_view, 10> kContentWords = {"article", "content", "story", "body",  "entry",
                                                            "post",    "main",    "text",  "prose", "detail"};

bool ContainsAny(std::string_view s, const auto& words) {
  for (std::string_view w : words)
    if (s.find(w) != std::string_view::npos) return true;
  return false;
}

// Whether an element's class/id/role marks it as boilerplate.
bool HasBoilerplateHint(const GumboElement& element) {
  std::string hint = AttrLower(element, "class");
  hint += ' ';
  hint += AttrLower(element, "id");
  const std::string role = AttrLower(element, "role");
  if (role == "navigation" || role == "banner" || role == "contentinfo" || role == "complementary" ||
      role == "dialog" || role == "alertdialog" || role == "search" || role == "menu" || role == "menubar")
    return true;
  if (hint.size() <= 1) return false;
  if (ContainsAny(hint, kStrongBoilerplate)) return true;
  // Whole tokens: "ad" must not match "header" or "shadow".
  std::size_t i = 0;
  while (i < hint.size()) {
    while (i < hint.size() && !IsAlpha(hint[i])) ++i;
    std::size_t end = i;
    while (end < hint.size() && IsAlpha(hint[end])) ++end;
    const std::string_view token(hint.data() + i, end - i);
    for (std::string_view t : kBoilerplateTokens)
      if (token == t) return true;
    i = end;
  }
  return ContainsAny(hint, kWeakBoilerplate) && !ContainsAny(hint, kContentWords);
}

bool IsHidden(const GumboElement& element) {
  if (Attr(element, "hidden") != nullptr) return true;
  if (AttrLower(element, "aria-hidden") == "true") return true;
  std::string style = AttrLower(element, "style");
  style.erase(std::remove_if(style.begin(), style.end(), IsSpace), style.end());
  return style.find("display:none") != std::string::npos ||
         style.find("visibility:hidden") != std::string::npos;
}

// ------------------------------------------------------------ collection

struct ElementInfo {
  int parent = -1;
  bool hinted = false;       // boilerplate by class/id/role or tag
  bool marked_body = false;  // itemprop="articleBody"
  // Filled after the walk.
  double prose_all = 0;  // prose words inside, ignoring hints
  double good = 0;
  double bad = 0;
  int prose_blocks = 0;
  int other_blocks = 0;
  bool boilerplate = false;  // effective, after overruling
};

struct Block {
  std::string text;
  int words = 0;
  int link_words = 0;
  int owner = -1;  // element index
  bool heading = false;
  bool sentence_end = false;
  bool prose_shape = false;
};

struct RawMeta {
  // (key, value) pairs from <meta> and <link>, keys lower-cased:
  // "property:og:title", "name:author", "itemprop:datepublished", "link:canonical".
  std::vector<std::pair<std::string, std::string>> tags;
  std::vector<std::string> json_ld;
  std::string title_tag;
  std::string html_lang;
  std::vector<std::string> time_datetimes;
};

class Collector {
 public:
  std::vector<ElementInfo> elements;
  std::vector<Block> blocks;
  RawMeta meta;

  void Walk(const GumboNode* node, int depth, bool in_link) {
    if (depth > static_cast<int>(kMaxNestingDepth)) return;
    switch (node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA: AppendText(node->v.text.text, in_link); return;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: break;
      default: return;
    }
    const GumboElement& element = node->v.element;
    const GumboTag tag = element.tag;
    CollectMetadata(element, tag);
    if (tag == GUMBO_TAG_HEAD) {
      for (unsigned i = 0; i < element.children.length; ++i)
        WalkHead(static_cast<const GumboNode*>(element.children.data[i]), depth + 1);
      return;
    }
    if (tag == GUMBO_TAG_BR) {
      Flush();
      return;
    }
    if (IsSkippedTag(tag) || IsHidden(element)) return;
    const bool block = IsBlockTag(tag);
    int saved_owner = owner_;
    bool saved_heading = heading_;
    if (block) {
      Flush();
      ElementInfo info;
      info.parent = owner_;
      info.hinted = tag != GUMBO_TAG_BODY && tag != GUMBO_TAG_HTML && tag != GUMBO_TAG_MAIN &&
                    (IsFurnitureTag(tag) || HasBoilerplateHint(element));
      info.marked_body = AttrLower(element, "itemprop") == "articlebody";
      elements.push_back(info);
      owner_ = static_cast<int>(elements.size()) - 1;
      if (IsHeadingTag(tag)) heading_ = true;
    } else if (HasBoilerplateHint(element) || IsHidden(element)) {
      // An inline element hinted as boilerplate (a <span class="share">):
      // its text is not article text.
      return;
    }
    const bool link = in_link || tag == GUMBO_TAG_A;
    for (unsigned i = 0; i < element.children.length; ++i)
      Walk(static_cast<const GumboNode*>(element.children.data[i]), depth + 1, link);
    if (block) {
      Flush();
      owner_ = saved_owner;
      heading_ = saved_heading;
    }
  }

 private:
  void WalkHead(const GumboNode* node, int depth) {
    if (node->type != GUMBO_NODE_ELEMENT || depth > static_cast<int>(kMaxNestingDepth)) return;
    CollectMetadata(node->v.element, node->v.element.tag);
    for (unsigned i = 0; i < node->v.element.children.length; ++i)
      WalkHead(static_cast<const GumboNode*>(node->v.element.children.data[i]), depth + 1);
  }

  static std::string ChildText(const GumboElement& element) {
    std::string out;
    for (unsigned i = 0; i < element.children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(element.children.data[i]);
      if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA ||
          child->type == GUMBO_NODE_WHITESPACE)
        out += child->v.text.text;
    }
    return out;
  }

  void CollectMetadata(const GumboElement& element, GumboTag tag) {
    if (tag == GUMBO_TAG_META) {
      const char* content = Attr(element, "content");
      if (content == nullptr) return;
      for (const char* kind : {"property", "name", "itemprop", "http-equiv"}) {
        const char* key = Attr(element, kind);
        if (key != nullptr) meta.tags.emplace_back(std::string(kind) + ":" + LowerAscii(key), content);
      }
    } else if (tag == GUMBO_TAG_LINK) {
      const char* rel = Attr(element, "rel");
      const char* href = Attr(element, "href");
      if (rel != nullptr && href != nullptr) meta.tags.emplace_back("link:" + LowerAscii(rel), href);
    } else if (tag == GUMBO_TAG_SCRIPT) {
      if (AttrLower(element, "type").find("ld+json") != std::string::npos && meta.json_ld.size() < 32)
        meta.json_ld.push_back(ChildText(element));
    } else if (tag == GUMBO_TAG_TITLE) {
      if (meta.title_tag.empty()) meta.title_tag = CollapseSpace(ChildText(element));
    } else if (tag == GUMBO_TAG_HTML) {
      if (const char* lang = Attr(element, "lang")) meta.html_lang = lang;
    } else if (tag == GUMBO_TAG_TIME) {
      if (const char* dt = Attr(element, "datetime"); dt && meta.time_datetimes.size() < 8)
        meta.time_datetimes.emplace_back(dt);
    }
    // itemprop on non-meta elements (<span itemprop="author">) is read from
    // the text; content= on them is covered above only for <meta>.
  }

  void AppendText(const char* text, bool in_link) {
    const std::size_t before = current_.size();
    const bool had_space = current_.empty() || current_.back() == ' ';
    std::string_view s(text);
    bool space = had_space;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      const bool nbsp = c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0;
      if (IsSpace(s[i]) || nbsp || c < 0x20 || c == 0x7F) {
        if (nbsp) ++i;
        if (!space) current_.push_back(' ');
        space = true;
        continue;
      }
      current_.push_back(s[i]);
      space = false;
    }
    if (in_link) link_words_ += CountWords(std::string_view(current_).substr(before));
  }

  void Flush() {
    std::string text = CollapseSpace(current_);
    current_.clear();
    const int link_words = link_words_;
    link_words_ = 0;
    if (text.empty() || owner_ < 0) return;
    Block b;
    b.words = CountWords(text);
    b.link_words = std::min(link_words, b.words);
    b.owner = owner_;
    b.heading = heading_;
    const char last = text.back();
    b.sentence_end = last == '.' || last == '!' || last == '?' || last == '"' || last == ':' ||
                     std::string_view(text).ends_with("\xE2\x80\x9D") ||  // ”
                     std::string_view(text).ends_with("\xE2\x80\xA6") ||  // …
                     std::string_view(text).ends_with("\xE3\x80\x82") ||  // 。
                     std::string_view(text).ends_with("\xEF\xBC\x81") ||  // ！
                     std::string_view(text).ends_with("\xEF\xBC\x9F");    // ？
    b.text = std::move(text);
    blocks.push_back(std::move(b));
  }

  std::string current_;
  int link_words_ = 0;
  int owner_ = -1;
  bool heading_ = false;
};

// A block that reads like running text: enough words, few of them links.
// `relaxed` accepts any short text that is not mostly links: for pages that
// are lists or tables (results, schedules) and have no paragraphs at all.
bool IsProse(const Block& b, bool relaxed = false) {
  const int own = b.words - b.link_words;
  if (b.heading) return false;
  if (b.link_words * 3 > b.words) return false;
  if (relaxed) return own >= 2;
  return own >= 15 || (own >= 6 && b.sentence_end);
}

// ------------------------------------------------------------- main text

std::string SelectMainText(Collector& c, std::string_view title, bool relaxed) {
  auto& el = c.elements;
  if (el.empty() || c.blocks.empty()) return "";
  for (ElementInfo& e : el) e = ElementInfo{e.parent, e.hinted, e.marked_body};
  auto IsProse = [relaxed](const Block& b) { return html::IsProse(b, relaxed); };
  // Prose per element ignoring hints, to overrule hints on elements that hold
  // most of the page (a page wrapped in <form>, a body class "has-sidebar").
  double total_prose = 0;
  for (const Block& b : c.blocks) {
    if (!IsProse(b)) continue;
    el[b.owner].prose_all += b.words - b.link_words;
    total_prose += b.words - b.link_words;
  }
  for (std::size_t i = el.size(); i-- > 1;)
    if (el[i].parent >= 0) el[el[i].parent].prose_all += el[i].prose_all;
  // Elements are numbered in document order, so parents come first.
  for (std::size_t i = 0; i < el.size(); ++i) {
    const bool inherited = el[i].parent >= 0 && el[el[i].parent].boilerplate;
    const bool overruled = total_prose > 0 && el[i].prose_all > 0.5 * total_prose;
    el[i].boilerplate = inherited || (el[i].hinted && !overruled);
  }
  // Each block credits the element that holds it and the two above: an
  // article's paragraphs sit close to their container, while a list of
  // teasers puts each paragraph in a card of its own, further from the list.
  // Whole-subtree sums (good/bad) serve the sibling test below.
  std::vector<double> local(el.size(), 0.0);
  for (const Block& b : c.blocks) {
    double good = 0, bad = 0;
    if (el[b.owner].boilerplate) {
      bad = b.words;
    } else if (IsProse(b)) {
      good = b.words - b.link_words;
      bad = b.link_words;
      ++el[b.owner].prose_blocks;
    } else if (!b.heading) {
      bad = 0.5 * b.words + b.link_words;
      ++el[b.owner].other_blocks;
    }
    el[b.owner].good += good;
    el[b.owner].bad += bad;
    int e = b.owner;
    for (int up = 0; up < 3 && e >= 0; ++up, e = el[e].parent) local[e] += good - bad;
  }
  for (std::size_t i = el.size(); i-- > 1;) {
    if (el[i].parent < 0) continue;
    ElementInfo& parent = el[el[i].parent];
    parent.good += el[i].good;
    parent.bad += el[i].bad;
    parent.prose_blocks += el[i].prose_blocks;
    parent.other_blocks += el[i].other_blocks;
  }
  int best = -1;
  double best_score = 0;
  for (std::size_t i = 0; i < el.size(); ++i) {
    // Microdata that names the article body is taken at its word.
    const double score = local[i] * (el[i].marked_body ? 2.0 : 1.0);
    if (el[i].good > 0 && !el[i].boilerplate && (best < 0 || score > best_score)) {
      best = static_cast<int>(i);
      best_score = score;
    }
  }
  if (best < 0) return "";
  // Siblings of the container that are article text too (a body split by an
  // ad or a paywall break): mostly prose, in runs of paragraphs rather than
  // one paragraph per headline as in teaser lists.
  std::vector<char> chosen(el.size(), 0);
  chosen[best] = 1;
  const int parent = el[best].parent;
  if (parent >= 0) {
    for (std::size_t i = best + 1; i < el.size(); ++i) {
      if (el[i].parent != parent) continue;
      const ElementInfo& sib = el[i];
      if (sib.boilerplate || sib.good < 20 || sib.good < 0.8 * (sib.good + sib.bad)) continue;
      if (sib.prose_blocks < 2 * sib.other_blocks) continue;
      chosen[i] = 1;
    }
    for (int i = best - 1; i > parent; --i) {
      if (el[i].parent != parent) continue;
      const ElementInfo& sib = el[i];
      if (sib.boilerplate || sib.good < 20 || sib.good < 0.8 * (sib.good + sib.bad)) continue;
      if (sib.prose_blocks < 2 * sib.other_blocks) continue;
      chosen[i] = 1;
    }
  }
  // Blocks inside the container, in page order.
  std::vector<const Block*> kept;
  auto inside = [&](int e) {
    while (e >= 0 && !chosen[e]) e = el[e].parent;
    return e >= 0;
  };
  const std::string folded_title = Fold(title);
  for (const Block& b : c.blocks) {
    if (!inside(b.owner) || el[b.owner].boilerplate) continue;
    // A link list or "Read more: <headline>"; a sentence with a long link in
    // it is still text.
    const int own = b.words - b.link_words;
    if (b.link_words * 4 > b.words * 3 || (b.link_words * 2 > b.words && own < 5)) continue;
    if (b.heading && !folded_title.empty() && Fold(b.text) == folded_title) continue;
    kept.push_back(&b);
  }
  // Short fragments before the first and after the last prose block are
  // bylines, datelines, captions and "share" leftovers, not text.
  std::size_t first = 0, last = kept.size();
  while (first < last && !IsProse(*kept[first]) && !kept[first]->heading) ++first;
  while (last > first && !IsProse(*kept[last - 1])) --last;
  std::string text;
  for (std::size_t i = first; i < last; ++i) {
    if (!text.empty()) text += "\n\n";
    text += kept[i]->text;
  }
  return text;
}

// -------------------------------------------------------------- metadata

const std::string* FindTag(const RawMeta& meta, std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys)
    for (const auto& [k, v] : meta.tags)
      if (k == key && !CollapseSpace(v).empty()) return &v;
  return nullptr;
}

bool IsArticleType(const nlohmann::json& type) {
  auto one = [](const nlohmann::json& t) {
    if (!t.is_string()) return false;
    const std::string& s = t.get_ref<const std::string&>();
    return s.find("Article") != std::string::npos || s == "BlogPosting" || s == "LiveBlogPosting" ||
           s == "Report" || s == "SocialMediaPosting";
  };
  if (type.is_array()) return std::any_of(type.begin(), type.end(), one);
  return one(type);
}

// Article-like objects anywhere in a JSON-LD value (bounded depth).
void FindArticles(const nlohmann::json& v, int depth, std::vector<const nlohmann::json*>* out) {
  if (depth > 6 || out->size() > 16) return;
  if (v.is_array()) {
    for (const auto& x : v) FindArticles(x, depth + 1, out);
  } else if (v.is_object()) {
    if (auto t = v.find("@type"); t != v.end() && IsArticleType(*t)) out->push_back(&v);
    if (auto g = v.find("@graph"); g != v.end()) FindArticles(*g, depth + 1, out);
    if (auto m = v.find("mainEntity"); m != v.end()) FindArticles(*m, depth + 1, out);
  }
}

std::string JsonString(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return "";
  if (it->is_string()) return CollapseSpace(it->get_ref<const std::string&>());
  if (it->is_array() && !it->empty() && it->front().is_string())
    return CollapseSpace(it->front().get_ref<const std::string&>());
  return "";
}

// A name from a string or an object with "name", as JSON-LD writes people and
// organisations.
std::string JsonName(const nlohmann::json& v) {
  if (v.is_string()) return CollapseSpace(v.get_ref<const std::string&>());
  if (v.is_object()) return JsonString(v, "name");
  return "";
}

void AddAuthors(std::string_view raw, std::vector<std::string>* authors) {
  std::string s = CollapseSpace(raw);
  if (s.empty() || s.size() > 300 || s.find("http") != std::string::npos ||
      s.find("www.") != std::string::npos)
    return;
  // "By A, B and C" → A | B | C
  std::vector<std::string> parts;
  std::string lowered = LowerAscii(s);
  if (lowered.starts_with("by ")) {
    s.erase(0, 3);
    lowered.erase(0, 3);
  }
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    std::size_t sep_len = 0;
    if (i == s.size()) {
      sep_len = 0;
    } else if (s[i] == ',' || s[i] == ';' || s[i] == '|' || s[i] == '&') {
      sep_len = 1;
    } else if (std::string_view(lowered).substr(i).starts_with(" and ")) {
      sep_len = 5;
    } else {
      continue;
    }
    parts.push_back(CollapseSpace(std::string_view(s).substr(start, i - start)));
    if (i == s.size()) break;
    start = i + sep_len;
    i = start - 1;
  }
  for (std::string& p : parts) {
    if (p.empty() || p.size() > 80 || CountWords(p) > 6 || p.find('@') != std::string::npos) continue;
    if (std::find(authors->begin(), authors->end(), p) == authors->end()) authors->push_back(std::move(p));
  }
}

void AddJsonAuthors(const nlohmann::json& v, std::vector<std::string>* authors) {
  if (v.is_array()) {
    for (std::size_t i = 0; i < v.size() && i < 20; ++i) AddJsonAuthors(v[i], authors);
    return;
  }
  AddAuthors(JsonName(v), authors);
}

std::string PrimaryLanguage(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (!IsAlpha(c)) break;
    out.push_back(Lower(c));
  }
  return out.size() >= 2 && out.size() <= 3 ? out : "";
}

std::string AbsoluteUrl(std::string_view url, std::string_view page_url) {
  std::string u = CollapseSpace(url);
  if (u.starts_with("http://") || u.starts_with("https://")) return u;
  if (u.starts_with("//")) return "https:" + u;
  if (u.starts_with("/") && (page_url.starts_with("http://") || page_url.starts_with("https://"))) {
    const std::size_t host_end = page_url.find('/', page_url.find("//") + 2);
    return std::string(page_url.substr(0, host_end)) + u;
  }
  return "";
}

ArticleMetadata ReadMetadata(const RawMeta& raw, std::string_view page_url) {
  ArticleMetadata m;
  // JSON-LD first: it is the most structured source when present.
  for (const std::string& script : raw.json_ld) {
    const nlohmann::json doc = nlohmann::json::parse(script, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) continue;
    std::vector<const nlohmann::json*> articles;
    FindArticles(doc, 0, &articles);
    for (const nlohmann::json* a : articles) {
      if (m.title.empty()) m.title = JsonString(*a, "headline");
      if (m.published.empty()) m.published = NormaliseDate(JsonString(*a, "datePublished"));
      if (m.published.empty()) m.published = NormaliseDate(JsonString(*a, "dateCreated"));
      if (m.modified.empty()) m.modified = NormaliseDate(JsonString(*a, "dateModified"));
      if (m.authors.empty()) {
        if (auto it = a->find("author"); it != a->end()) AddJsonAuthors(*it, &m.authors);
        if (auto it = a->find("creator"); m.authors.empty() && it != a->end())
          AddJsonAuthors(*it, &m.authors);
      }
      if (m.site_name.empty())
        if (auto it = a->find("publisher"); it != a->end()) m.site_name = JsonName(*it);
      if (m.language.empty()) m.language = PrimaryLanguage(JsonString(*a, "inLanguage"));
      if (m.description.empty()) m.description = JsonString(*a, "description");
      if (m.canonical_url.empty()) m.canonical_url = AbsoluteUrl(JsonString(*a, "url"), page_url);
    }
  }
  auto fill = [&](std::string* field, std::initializer_list<std::string_view> keys) {
    if (!field->empty()) return;
    if (const std::string* v = FindTag(raw, keys)) *field = CollapseSpace(*v);
  };
  fill(&m.title, {"property:og:title", "name:twitter:title", "property:twitter:title", "name:title",
                  "name:dc.title", "itemprop:headline"});
  if (m.title.empty()) m.title = raw.title_tag;
  if (m.published.empty()) {
    for (std::string_view key :
         {"property:article:published_time", "name:article:published_time", "itemprop:datepublished",
          "name:pubdate", "name:publishdate", "name:publish-date", "name:date", "name:dc.date",
          "name:dc.date.issued", "name:dcterms.created", "name:sailthru.date", "name:parsely-pub-date",
          "property:og:published_time", "name:citation_publication_date", "name:original-publish-date"}) {
      if (const std::string* v = FindTag(raw, {key})) m.published = NormaliseDate(*v);
      if (!m.published.empty()) break;
    }
  }
  if (m.published.empty() && !raw.time_datetimes.empty()) m.published = NormaliseDate(raw.time_datetimes[0]);
  if (m.modified.empty())
    if (const std::string* v = FindTag(
            raw, {"property:article:modified_time", "itemprop:datemodified", "property:og:updated_time"}))
      m.modified = NormaliseDate(*v);
  if (m.authors.empty()) {
    for (std::string_view key : {"name:author", "property:article:author", "name:parsely-author",
                                 "name:sailthru.author", "name:dc.creator", "itemprop:author", "name:byl"}) {
      for (const auto& [k, v] : raw.tags)
        if (k == key) AddAuthors(v, &m.authors);
      if (!m.authors.empty()) break;
    }
  }
  fill(&m.site_name,
       {"property:og:site_name", "name:application-name", "name:publisher", "name:dc.publisher"});
  fill(&m.description, {"property:og:description", "name:description", "name:twitter:description"});
  if (m.canonical_url.empty())
    if (const std::string* v = FindTag(raw, {"link:canonical"})) m.canonical_url = AbsoluteUrl(*v, page_url);
  if (m.canonical_url.empty())
    if (const std::string* v = FindTag(raw, {"property:og:url"})) m.canonical_url = AbsoluteUrl(*v, page_url);
  if (m.language.empty()) m.language = PrimaryLanguage(raw.html_lang);
  if (m.language.empty())
    if (const std::string* v = FindTag(raw, {"property:og:locale", "http-equiv:content-language"}))
      m.language = PrimaryLanguage(*v);
  return m;
}

// ----------------------------------------------------------------- dates

int MonthFromName(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                               "jul", "aug", "sep", "oct", "nov", "dec"};
  if (word.size() < 3) return 0;
  const std::string w = LowerAscii(word.substr(0, 3));
  for (std::size_t i = 0; i < kMonths.size(); ++i)
    if (w == kMonths[i]) return static_cast<int>(i) + 1;
  return 0;
}

bool ValidDate(int y, int m, int d) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= kDays[m - 1];
}

std::string Two(int v) {
  return std::string{static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)};
}

std::string FormatDate(int y, int m, int d, int hh, int mm, int ss, std::string_view zone) {
  std::string out = std::to_string(y) + "-" + Two(m) + "-" + Two(d);
  if (hh >= 0) out += "T" + Two(hh) + ":" + Two(mm) + ":" + Two(ss) + std::string(zone);
  return out;
}

// Reads up to `max` digits at s[*i]; -1 if there are none.
int Digits(std::string_view s, std::size_t* i, std::size_t max, std::size_t* count = nullptr) {
  int v = 0;
  std::size_t n = 0;
  while (*i < s.size() && n < max && IsDigit(s[*i])) {
    v = v * 10 + (s[*i] - '0');
    ++*i;
    ++n;
  }
  if (count) *count = n;
  return n == 0 ? -1 : v;
}

// "hh:mm[:ss][.fff]" at s[*i] into h/m/sec; false if not a time.
bool ReadTime(std::string_view s, std::size_t* i, int* h, int* m, int* sec) {
  std::size_t j = *i, n = 0;
  *h = Digits(s, &j, 2, &n);
  if (*h < 0 || j >= s.size() || s[j] != ':') return false;
  ++j;
  *m = Digits(s, &j, 2, &n);
  if (*m < 0 || n != 2) return false;
  *sec = 0;
  if (j < s.size() && s[j] == ':') {
    ++j;
    *sec = Digits(s, &j, 2, &n);
    if (*sec < 0) return false;
    if (j < s.size() && (s[j] == '.' || s[j] == ',')) {
      ++j;
      while (j < s.size() && IsDigit(s[j])) ++j;
    }
  }
  if (*h > 23 || *m > 59 || *sec > 60) return false;
  *i = j;
  return true;
}

// "Z", "+02:00", "+0200", "GMT", "UTC" at s[*i] (after optional spaces).
std::string ReadZone(std::string_view s, std::size_t i) {
  while (i < s.size() && s[i] == ' ') ++i;
  if (i >= s.size()) return "";
  if (s[i] == 'Z' || s[i] == 'z') return "Z";
  const std::string word = LowerAscii(s.substr(i, 3));
  if (word == "gmt" || word == "utc") {
    i += 3;
    if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return "Z";
  }
  if (s[i] != '+' && s[i] != '-') return "";
  const char sign = s[i++];
  std::size_t n = 0;
  int hh = Digits(s, &i, 2, &n);
  if (hh < 0 || n != 2) return "";
  int mm = 0;
  if (i < s.size() && s[i] == ':') ++i;
  if (i < s.size() && IsDigit(s[i])) mm = Digits(s, &i, 2, &n);
  if (hh > 14 || mm > 59) return "";
  return std::string(1, sign) + Two(hh) + ":" + Two(mm);
}

}  // namespace

std::string NormaliseDate(std::string_view value) {
  const std::string s = CollapseSpace(value.substr(0, 100));
  if (s.empty()) return "";
  std::size_t i = 0, n = 0;
  // ISO 8601 and its relatives: 2019-11-27, 2019/11/27, 20191127, with a time.
  if (s.size() >= 8 && IsDigit(s[0]) && IsDigit(s[1]) && IsDigit(s[2]) && IsDigit(s[3])) {
    int y = Digits(s, &i, 4);
    int m = -1, d = -1;
    if (i < s.size() && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
      const char sep = s[i++];
      m = Digits(s, &i, 2, &n);
      if (i < s.size() && s[i] == sep) {
        ++i;
        d = Digits(s, &i, 2, &n);
      }
    } else if (i < s.size() && IsDigit(s[i])) {
      m = Digits(s, &i, 2, &n);
      d = Digits(s, &i, 2, &n);
    }
    if (!ValidDate(y, m, d)) return "";
    int hh = -1, mm = 0, ss = 0;
    if (i < s.size() && (s[i] == 'T' || s[i] == ' ' || s[i] == 't')) {
      std::size_t j = i + 1;
      if (ReadTime(s, &j, &hh, &mm, &ss)) {
        return FormatDate(y, m, d, hh, mm, ss, ReadZone(s, j));
      }
      hh = -1;
    }
    return FormatDate(y, m, d, -1, 0, 0, "");
  }
  // Words: "Wed, 27 Nov 2019 10:32:00 GMT", "November 27, 2019 10:32 AM EST",
  // "27 November 2019".
  int y = -1, m = 0, d = -1, hh = -1, mm = 0, ss = 0;
  std::string zone;
  while (i < s.size()) {
    if (IsAlpha(s[i])) {
      std::size_t j = i;
      while (j < s.size() && IsAlpha(s[j])) ++j;
      const std::string word = LowerAscii(std::string_view(s).substr(i, j - i));
      if (m == 0 && MonthFromName(word) != 0 && (word.size() == 3 || word.size() >= 4))
        m = MonthFromName(word);
      if (hh >= 0 && (word == "pm" || word == "p") && hh < 12) hh += 12;
      if (hh >= 0 && (word == "am" || word == "a") && hh == 12) hh = 0;
      if (hh >= 0 && zone.empty() && (word == "gmt" || word == "utc" || word == "z")) zone = ReadZone(s, i);
      i = j;
    } else if (IsDigit(s[i])) {
      std::size_t j = i;
      int h2, m2, s2;
      if (hh < 0 && ReadTime(s, &j, &h2, &m2, &s2)) {
        hh = h2;
        mm = m2;
        ss = s2;
        i = j;
        continue;
      }
      const int v = Digits(s, &j, 9, &n);
      if (n == 4 && y < 0) {
        y = v;
      } else if (n <= 2 && d < 0) {
        d = v;
      } else if ((s[i - (i > 0)] == '+' || s[i - (i > 0)] == '-') && hh >= 0 && zone.empty() && n == 4) {
        zone = ReadZone(s, i - 1);
      }
      i = j;
    } else if ((s[i] == '+' || s[i] == '-') && hh >= 0 && zone.empty() && i + 1 < s.size() &&
               IsDigit(s[i + 1])) {
      zone = ReadZone(s, i);
      ++i;
      while (i < s.size() && (IsDigit(s[i]) || s[i] == ':')) ++i;
    } else {
      ++i;
    }
  }
  if (!ValidDate(y, m, d)) return "";
  if (hh > 23) hh = -1;
  return FormatDate(y, m, d, hh, mm, ss, zone);
}

Result<Article> ExtractArticle(std::string_view html, std::string_view page_url) {
  // gumbo's own tree walks are recursive: refuse trees that would be deeper
  // than we allow before handing them over. Counting open tags minus close
  // tags over-estimates depth (void and auto-closed elements count as open),
  // so this is conservative for hostile input and generous for real pages.
  {
    long depth = 0, max_depth = 0;
    for (std::size_t i = 0; i + 1 < html.size(); ++i) {
      if (html[i] != '<') continue;
      if (html[i + 1] == '/') {
        depth = std::max(0L, depth - 1);
      } else if (IsAlpha(html[i + 1])) {
        // Void and end-tag-optional elements do not nest.
        std::size_t j = i + 1;
        std::string name;
        while (j < html.size() && IsAlpha(html[j]) && name.size() < 10) name.push_back(Lower(html[j++]));
        static constexpr std::array<std::string_view, 20> kFlat = {
            "br", "img",    "meta", "link", "input",  "hr",  "p",    "li",  "td",    "tr",
            "th", "option", "dt",   "dd",   "source", "wbr", "area", "col", "param", "track"};
        if (std::find(kFlat.begin(), kFlat.end(), name) == kFlat.end())
          max_depth = std::max(max_depth, ++depth);
      }
    }
    if (max_depth > static_cast<long>(kMaxParseDepth)) {
      return Status(StatusCode::kMalformedRecord,
                    "HTML nested more than " + std::to_string(kMaxParseDepth) + " elements deep; refused");
    }
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // we do not report parse errors; collecting them costs time
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> output(
      gumbo_parse_with_options(&options, html.data(), html.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  if (!output) return Status(StatusCode::kMalformedRecord, "HTML could not be parsed");
  Collector collector;
  collector.Walk(output->root, 0, false);
  Article article;
  article.metadata = ReadMetadata(collector.meta, page_url);
  article.text = SelectMainText(collector, article.metadata.title, /*relaxed=*/false);
  if (article.text.empty())
    article.text = SelectMainText(collector, article.metadata.title, /*relaxed=*/true);
  if (utf8::FindInvalid(article.text) != utf8::kValid) {
    std::string clean;
    utf8::ReplaceInvalid(article.text, &clean);
    article.text = std::move(clean);
  }
  return article;
}

Result<Article> ExtractArticleFromBytes(std::string_view page_bytes, std::string_view http_content_type,
                                        std::string_view page_url, std::size_t* replaced) {
  std::string utf8_page;
  ConvertToUtf8(page_bytes, DetectCharset(page_bytes, http_content_type), &utf8_page, replaced);
  return ExtractArticle(utf8_page, page_url);
}

}  // namespace hearsay::html
