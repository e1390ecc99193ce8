#include "io/json_writer.h"

#include <charconv>
#include <cmath>

#include "text/utf8.h"

namespace hearsay::io {

JsonWriter& JsonWriter::Int(std::int64_t v) {
  Separate();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, end);
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Real(double v) {
  if (!std::isfinite(v)) return Null();  // as nlohmann writes NaN and infinities
  Separate();
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  const std::string_view s(buf, static_cast<std::size_t>(end - buf));
  out_ += s;
  if (s.find_first_of(".e") == std::string_view::npos) out_ += ".0";
  need_comma_ = true;
  return *this;
}

void JsonWriter::AppendString(std::string_view s) {
  std::string fixed;
  if (utf8::FindInvalid(s) != utf8::kValid) {
    utf8::ReplaceInvalid(s, &fixed);
    s = fixed;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out_ += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out_.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default:
        out_ += "\\u00";
        out_ += kHex[c >> 4];
        out_ += kHex[c & 0xF];
    }
  }
  out_.append(s.data() + run, s.size() - run);
  out_ += '"';
}

}  // namespace hearsay::io
