// A streaming JSON writer for the hot outputs: every document object of
// `extract`, `stream` and the Python binding (io::DocumentJsonText) and the
// API's statement and speaker pages. It appends straight to one string
// instead of building an nlohmann::json tree of small objects and then
// dumping it, which was most of the CPU time of a speaker page and about 14%
// of an `extract` run. Output is what nlohmann's
// dump(-1, ' ', false, replace) writes for the same values: compact, UTF-8 as
// is, '"' '\\' and control characters escaped (\u00XX in lower case), doubles
// in the shortest form that reads back the same (with ".0" when integral),
// and invalid UTF-8 replaced with U+FFFD (maximal subparts), so no stored
// text can make an answer unparsable.
//
//   JsonWriter w;
//   w.BeginObject().Key("id").Int(3).Key("name").String("Solberg").EndObject();
//   std::string body = w.Take();  // {"id":3,"name":"Solberg"}
//
// The caller keeps the structure well-formed (keys inside objects, balanced
// Begin/End); the writer only places the commas.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hearsay::io {

class JsonWriter {
 public:
  // `reserve`: the bytes expected, to spare regrowing a large output.
  explicit JsonWriter(std::size_t reserve = 4096) { out_.reserve(reserve); }

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  JsonWriter& Key(std::string_view key) {
    Separate();
    AppendString(key);
    out_ += ':';
    return *this;
  }
  JsonWriter& String(std::string_view s) {
    Separate();
    AppendString(s);
    need_comma_ = true;
    return *this;
  }
  JsonWriter& Int(std::int64_t v);
  JsonWriter& Real(double v);
  JsonWriter& Bool(bool v) { return Raw(v ? "true" : "false"); }
  JsonWriter& Null() { return Raw("null"); }
  // null for "" / nullopt: the API's convention for absent values.
  JsonWriter& StringOrNull(std::string_view s) { return s.empty() ? Null() : String(s); }
  JsonWriter& IntOrNull(const std::optional<std::int64_t>& v) { return v ? Int(*v) : Null(); }
  // Text that is already one compact JSON value, written as it is.
  JsonWriter& Raw(std::string_view json) {
    Separate();
    out_ += json;
    need_comma_ = true;
    return *this;
  }

  std::string Take() { return std::move(out_); }

 private:
  void Separate() {
    if (need_comma_) out_ += ',';
    need_comma_ = false;
  }
  JsonWriter& Open(char c) {
    Separate();
    out_ += c;
    return *this;
  }
  JsonWriter& Close(char c) {
    out_ += c;
    need_comma_ = true;
    return *this;
  }
  void AppendString(std::string_view s);

  std::string out_;
  bool need_comma_ = false;  // a value was just completed at this level
};

}  // namespace hearsay::io
