#include "html/charset.h"

#include <iconv.h>

#include <cerrno>
#include <string_view>

#include "text/ascii.h"
#include "text/utf8.h"

namespace hearsay::html {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"' || s.front() == '\''))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '"' || s.back() == '\'' ||
                        s.back() == ';' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// The value after "charset=" in `s` (already lower-cased), up to a delimiter.
std::string ValueAfterCharset(std::string_view s) {
  const std::size_t at = s.find("charset");
  if (at == std::string_view::npos) return "";
  std::size_t i = at + 7;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  if (i >= s.size() || s[i] != '=') return "";
  ++i;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '"' || s[i] == '\'')) ++i;
  std::size_t end = i;
  while (end < s.size() && s[end] != '"' && s[end] != '\'' && s[end] != ';' && s[end] != ' ' &&
         s[end] != '>' && s[end] != '/' && s[end] != '\t' && s[end] != '\r' && s[end] != '\n')
    ++end;
  return std::string(Trim(s.substr(i, end - i)));
}

// HTML's label aliases (the WHATWG Encoding standard maps these to windows-1252).
std::string Canonical(std::string label) {
  if (label == "utf8" || label == "unicode-1-1-utf-8") return "utf-8";
  if (label == "iso-8859-1" || label == "iso8859-1" || label == "latin1" || label == "latin-1" ||
      label == "us-ascii" || label == "ascii" || label == "cp1252" || label == "x-cp1252" ||
      label == "iso_8859-1" || label == "l1" || label == "cp819")
    return "windows-1252";
  return label;
}

// <meta charset="..."> or <meta http-equiv="content-type" content="...charset=...">
// in the first 4 KB.
std::string CharsetFromMeta(std::string_view page) {
  const std::string head = text::AsciiLower(page.substr(0, 4096));
  std::size_t pos = 0;
  while ((pos = head.find("<meta", pos)) != std::string::npos) {
    const std::size_t end = head.find('>', pos);
    const std::string_view tag =
        std::string_view(head).substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    std::string value = ValueAfterCharset(tag);
    if (!value.empty()) return value;
    pos += 5;
  }
  return "";
}

}  // namespace

std::string CharsetFromContentType(std::string_view content_type) {
  return Canonical(ValueAfterCharset(text::AsciiLower(content_type)));
}

std::string DetectCharset(std::string_view page, std::string_view http_content_type) {
  if (page.starts_with("\xEF\xBB\xBF")) return "utf-8";
  if (page.starts_with("\xFF\xFE")) return "utf-16le";
  if (page.starts_with("\xFE\xFF")) return "utf-16be";
  std::string charset = CharsetFromContentType(http_content_type);
  if (charset.empty()) charset = Canonical(CharsetFromMeta(page));
  // A page served as UTF-16 without a byte-order mark still has ASCII tags
  // in it only if it is not UTF-16: HTML's rule is to read such a meta as UTF-8.
  if (charset == "utf-16" || charset == "utf-16le" || charset == "utf-16be") charset = "utf-8";
  if (!charset.empty()) return charset;
  return utf8::FindInvalid(page) == utf8::kValid ? "utf-8" : "windows-1252";
}

void ConvertToUtf8(std::string_view bytes, std::string_view charset_label, std::string* out,
                   std::size_t* replaced) {
  out->clear();
  std::string charset = Canonical(text::AsciiLower(charset_label));
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    charset = "utf-8";
  }
  if (charset.empty()) charset = utf8::FindInvalid(bytes) == utf8::kValid ? "utf-8" : "windows-1252";
  if (charset == "utf-8") {
    // Declared UTF-8 that is not: browsers still show it, with U+FFFD.
    if (utf8::FindInvalid(bytes) == utf8::kValid) {
      out->assign(bytes);
    } else {
      *replaced += utf8::ReplaceInvalid(bytes, out);
    }
    return;
  }
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    // Unknown label: guess as for an undeclared page.
    ConvertToUtf8(bytes, utf8::FindInvalid(bytes) == utf8::kValid ? "utf-8" : "windows-1252", out, replaced);
    return;
  }
  out->reserve(bytes.size() + bytes.size() / 4);
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char buffer[8192];
  while (in_left > 0) {
    char* o = buffer;
    std::size_t o_left = sizeof buffer;
    const std::size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    out->append(buffer, o - buffer);
    if (r != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    // EILSEQ (invalid byte) or EINVAL (incomplete sequence at the end): one
    // replacement character for the offending byte, then go on.
    out->append("\xEF\xBF\xBD");
    ++*replaced;
    ++in;
    --in_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset shift state
  }
  iconv_close(cd);
  // iconv's output is UTF-8 by construction; checking costs little and keeps
  // the contract whatever a converter does.
  if (utf8::FindInvalid(*out) != utf8::kValid) {
    std::string clean;
    *replaced += utf8::ReplaceInvalid(*out, &clean);
    *out = std::move(clean);
  }
}

}  // namespace hearsay::html
