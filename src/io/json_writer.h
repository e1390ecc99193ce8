// A streaming writer of compact JSON text, for the document shape that every
// article passes through (io::DocumentJsonText): building an nlohmann value
// first costs an allocation per key and value, more than the attribution
// stage itself on short news articles.
//
// The output is exactly what nlohmann's dump() writes for the same values
// (compact, no spaces; strings escaped as it escapes them; doubles in the
// shortest form that reads back, with ".0" on whole numbers), so readers and
// tests may compare the two byte for byte.
//
// Contract: the caller pairs Begin/End calls and gives a Key before every
// value inside an object; the writer inserts the commas. Strings must be
// valid UTF-8 (every string of a Document is).
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearsay::io {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(*out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  // The key of the next value in the current object.
  void Key(std::string_view key) {
    Separate();
    Quoted(key);
    out_ += ':';
    after_key_ = true;
  }

  void String(std::string_view s) {
    Separate();
    Quoted(s);
  }
  void Null() {
    Separate();
    out_ += "null";
  }
  void Bool(bool b) {
    Separate();
    out_ += b ? "true" : "false";
  }
  void Int(std::int64_t v) {
    Separate();
    Number(v);
  }
  void Double(double v) {
    Separate();
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    const std::string_view text(buffer, ec == std::errc() ? static_cast<std::size_t>(end - buffer) : 0);
    out_ += text;
    if (text.find_first_of(".e") == std::string_view::npos) out_ += ".0";
  }
  // Text that is already one JSON value, written as it is.
  void Raw(std::string_view json) {
    Separate();
    out_ += json;
  }

 private:
  void Open(char c) {
    Separate();
    out_ += c;
    first_.push_back(true);
  }
  void Close(char c) {
    out_ += c;
    first_.pop_back();
  }
  // The comma before every value but the first of its object or array (a
  // value right after its key has had its comma before the key).
  void Separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
  void Number(std::int64_t v) {
    char buffer[24];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    out_.append(buffer, ec == std::errc() ? static_cast<std::size_t>(end - buffer) : 0);
  }
  // As nlohmann escapes: the two-character escapes it knows, \u00xx (lower
  // case) for the other control characters, every other byte as it is.
  void Quoted(std::string_view s) {
    out_ += '"';
    std::size_t plain = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s.data() + plain, i - plain);
      plain = i + 1;
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default: {
          static constexpr char kHex[] = "0123456789abcdef";
          const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          out_.append(escape, sizeof escape);
        }
      }
    }
    out_.append(s.data() + plain, s.size() - plain);
    out_ += '"';
  }

  std::string& out_;
  std::vector<bool> first_;  // per open object or array: no value written yet
  bool after_key_ = false;
};

}  // namespace hearsay::io
