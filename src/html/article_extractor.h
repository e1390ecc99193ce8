// Article extraction: from a news page's HTML, the article's main text and
// its metadata.
//
// Main text. The page is parsed with gumbo (a conforming HTML5 parser, so
// broken markup is repaired the way browsers repair it) and cut into text
// blocks: paragraphs, headings, list items, quotes, table cells and the text
// between <br><br>. Never text: scripts, styles, forms, navigation, <aside>,
// hidden elements, and any element whose class or id says it is boilerplate
// (comments, share bars, related links, ads, newsletter and cookie boxes,
// sidebars, footers, ...). Each element is scored by the prose it holds (words
// of blocks that read like sentences, not links) minus what looks like
// boilerplate (link text and short fragments); the element with the best
// score is the article's container. Its blocks are kept in page order, minus
// link lists, the headline (it is metadata) and short fragments around the
// text such as bylines and datelines. Paragraphs are separated by a blank line
// ("\n\n"), which is how the tokenizer finds paragraphs; a heading is a
// paragraph of its own. Whitespace is collapsed; the text is valid UTF-8.
//
// Metadata, first found wins, from: JSON-LD (<script type=
// "application/ld+json">, including @graph; NewsArticle, Article, BlogPosting,
// ReportageNewsArticle, ...), Open Graph and article: meta tags, twitter:
// tags, name=author/date/... meta tags, <link rel=canonical>, <time>, <title>
// and <html lang>. Dates are normalised to ISO 8601 ("2024-05-02" or
// "2024-05-02T10:30:00+02:00"); a date that cannot be read is left out
// rather than passed through.
//
// Limits: a page whose tags would nest more than kMaxParseDepth deep is
// refused (kMalformedRecord), because the parser's recursive tree walks would
// exhaust the stack; text nested deeper than kMaxNestingDepth is ignored.
//
// Thread safety: ExtractArticle keeps no state; call it from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hearsay/status.h"

namespace hearsay::html {

inline constexpr std::size_t kMaxNestingDepth = 2000;
inline constexpr std::size_t kMaxParseDepth = 10000;

struct ArticleMetadata {
  std::string title;
  std::string published;  // ISO 8601, "" if unknown
  std::string modified;   // ISO 8601, "" if unknown
  std::vector<std::string> authors;
  std::string site_name;      // the outlet: og:site_name, JSON-LD publisher
  std::string canonical_url;  // absolute http(s) URL, "" if none
  std::string language;       // primary language subtag ("en"), "" if undeclared
  std::string description;
};

struct Article {
  std::string text;  // main text, paragraphs separated by "\n\n"; "" if none was found
  ArticleMetadata metadata;
};

// Extracts from a page already converted to UTF-8 (see charset.h).
// `page_url` (may be "") resolves a relative canonical URL.
Result<Article> ExtractArticle(std::string_view html_utf8, std::string_view page_url = {});

// Decodes raw page bytes (charset as charset.h finds it, using the HTTP
// Content-Type when given) and extracts. *replaced counts bytes that were
// invalid in the page's charset.
Result<Article> ExtractArticleFromBytes(std::string_view page_bytes, std::string_view http_content_type,
                                        std::string_view page_url, std::size_t* replaced);

// "2019-11-27T10:32:00.000Z", "Wed, 27 Nov 2019 10:32:00 GMT", "November 27,
// 2019", "27 Nov 2019", "20191127", ... → ISO 8601; "" when not a date.
std::string NormaliseDate(std::string_view value);

}  // namespace hearsay::html
