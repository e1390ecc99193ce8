// libFuzzer target: HTML article extraction (charset detection and
// conversion, gumbo parsing, block scoring, metadata from meta tags and
// JSON-LD, date normalisation).
//
// The input is a page's bytes; the first byte, when it is below 0x20, picks
// an HTTP Content-Type to pass along (none, UTF-8, windows-1252, Shift_JIS,
// a bogus label). Checks what every caller relies on: the text and every
// metadata field are valid UTF-8, dates are ISO 8601 or empty.
#include <cstdint>
#include <string>

#include <string_view>
#include "fuzz_util.h"

#include "html/article_extractor.h"
#include "text/utf8.h"

namespace {

using hearsay::fuzz::Check;

void CheckUtf8(std::string_view s) {
  Check(hearsay::utf8::FindInvalid(s) == hearsay::utf8::kValid);
}

void CheckDate(std::string_view d) {
  if (d.empty()) return;
  Check(d.size() >= 10 && d[4] == '-' && d[7] == '-');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  static constexpr const char* kContentTypes[] = {
      "", "text/html; charset=utf-8", "text/html; charset=ISO-8859-1", "text/html; charset=shift_jis",
      "text/html; charset=\"x-bogus\""};
  std::string_view content_type;
  if (!bytes.empty() && static_cast<unsigned char>(bytes[0]) < 0x20) {
    content_type = kContentTypes[static_cast<unsigned char>(bytes[0]) % 5];
    bytes.remove_prefix(1);
  }
  std::size_t replaced = 0;
  auto article =
      hearsay::html::ExtractArticleFromBytes(bytes, content_type, "https://example.org/a/b", &replaced);
  if (!article.ok()) return 0;
  const auto& m = article->metadata;
  CheckUtf8(article->text);
  Check(article->text.find("\n\n\n") == std::string::npos);
  for (const std::string* s : {&m.title, &m.site_name, &m.canonical_url, &m.language, &m.description})
    CheckUtf8(*s);
  for (const std::string& a : m.authors) CheckUtf8(a);
  CheckDate(m.published);
  CheckDate(m.modified);
  CheckDate(hearsay::html::NormaliseDate(bytes.substr(0, 64)));
  return 0;
}
