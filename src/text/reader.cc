#include "hearsay/reader.h"

#include <simdjson.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

#include "text/utf8.h"
#include "warc/warc_reader.h"

namespace hearsay {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The metadata field a JSONL key names, or nullptr for an unknown key.
std::string* MetadataField(DocumentMetadata* meta, std::string_view key) {
  static constexpr std::pair<std::string_view, std::string DocumentMetadata::*> kFields[] = {
      {"id", &DocumentMetadata::id},         {"url", &DocumentMetadata::url},
      {"source", &DocumentMetadata::source}, {"published", &DocumentMetadata::published},
      {"title", &DocumentMetadata::title},   {"language", &DocumentMetadata::language},
  };
  for (const auto& [name, member] : kFields)
    if (name == key) return &(meta->*member);
  return nullptr;
}

// Owns a FILE* (but never closes stdin) and reads it in bounded pieces.
class FileInput {
 public:
  FileInput(std::FILE* file, bool owned) : file_(file), owned_(owned) {}
  ~FileInput() {
    if (owned_ && file_) std::fclose(file_);
  }
  FileInput(const FileInput&) = delete;
  FileInput& operator=(const FileInput&) = delete;

  // Reads up to `limit` bytes into *out; sets *truncated if more remain.
  Status ReadAll(std::size_t limit, std::string* out, bool* truncated) {
    out->clear();
    *truncated = false;
    char buffer[1 << 16];
    while (true) {
      const std::size_t got = std::fread(buffer, 1, sizeof buffer, file_);
      if (got > 0) {
        if (out->size() + got > limit) {
          out->append(buffer, limit - out->size());
          *truncated = true;
          return Status::Ok();
        }
        out->append(buffer, got);
      }
      if (got < sizeof buffer) break;
    }
    if (std::ferror(file_)) return Status(StatusCode::kIoError, std::strerror(errno));
    return Status::Ok();
  }

  // Reads one line (without its '\n') into *line. A line longer than `limit`
  // is skipped to its end and reported through *too_long (its bytes are not
  // kept). Returns false at end of input.
  bool ReadLine(std::size_t limit, std::string* line, bool* too_long, std::size_t* line_bytes) {
    line->clear();
    *too_long = false;
    *line_bytes = 0;
    bool any = false;
    while (true) {
      if (pos_ == end_) {
        end_ = std::fread(buffer_, 1, sizeof buffer_, file_);
        pos_ = 0;
        if (end_ == 0) return any;
      }
      any = true;
      const char* start = buffer_ + pos_;
      const void* nl = std::memchr(start, '\n', end_ - pos_);
      const std::size_t take = nl ? static_cast<const char*>(nl) - start : end_ - pos_;
      *line_bytes += take;
      if (!*too_long) {
        if (line->size() + take > limit) {
          *too_long = true;
          line->clear();
          line->shrink_to_fit();
        } else {
          line->append(start, take);
        }
      }
      pos_ += take;
      if (nl) {
        ++pos_;
        ++*line_bytes;
        return true;
      }
    }
  }

  std::FILE* file() const { return file_; }
  // Hands the FILE* over to another owner; returns whether it was owned.
  bool release() {
    const bool owned = owned_;
    owned_ = false;
    return owned;
  }

 private:
  std::FILE* file_;
  bool owned_;
  char buffer_[1 << 16];
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
};

// Checks and decodes raw bytes into document text; `where` prefixes messages
// ("file.txt" or "file.jsonl:12"), `base_offset` is the bytes' offset in the file.
Status DecodeText(std::string_view bytes, const ReaderOptions& options, const std::string& where,
                  std::size_t base_offset, std::string* out, std::size_t* replaced) {
  if (bytes.starts_with(kBom)) {
    bytes.remove_prefix(kBom.size());
    base_offset += kBom.size();
  }
  const void* nul = std::memchr(bytes.data(), '\0', bytes.size());
  if (nul != nullptr) {
    const std::size_t at = static_cast<const char*>(nul) - bytes.data();
    return Status(StatusCode::kBinaryInput, where + ": NUL byte at byte offset " +
                                                std::to_string(base_offset + at) +
                                                "; this looks like a binary file, not text");
  }
  const std::size_t bad = utf8::FindInvalid(bytes);
  if (bad == utf8::kValid) {
    out->assign(bytes);
    return Status::Ok();
  }
  if (!options.lenient_utf8) {
    const utf8::Position p = utf8::PositionOf(bytes, bad);
    const bool single_line = where.find(':') != std::string::npos;
    std::string place = single_line ? where : where + ":" + std::to_string(p.line);
    return Status(
        StatusCode::kInvalidUtf8, place + ": invalid UTF-8 at byte offset " +
                                      std::to_string(base_offset + bad) + " (byte 0x" +
                                      [&] {
                                        static const char* kHex = "0123456789ABCDEF";
                                        const auto b = static_cast<unsigned char>(bytes[bad]);
                                        return std::string{kHex[b >> 4], kHex[b & 15]};
                                      }() +
                                      "); use --lenient to replace invalid bytes with U+FFFD");
  }
  *replaced += utf8::ReplaceInvalid(bytes, out);
  return Status::Ok();
}

// Input keys read as another field when that field's own key is absent, so
// that common corpus layouts read without conversion (docs/cli.md, "Input
// formats"): the article-bias corpus writes "ID", "date" and
// "content_original". An alias used for a field is not copied into extra.
struct FieldAlias {
  std::string_view alias, field;
};
constexpr FieldAlias kFieldAliases[] = {{"content_original", "text"}, {"ID", "id"}, {"date", "published"}};

// One JSON object (a JSON Lines record or a .json document) → Document.
Status DocumentFromJson(simdjson::dom::element record, const std::string& where, Document* doc) {
  simdjson::dom::object object;
  if (record.get_object().get(object)) {
    return Status(StatusCode::kMalformedRecord, where + ": expected a JSON object; skipped");
  }
  DocumentMetadata meta;
  std::string text;
  bool has_text = false;
  std::string extra;  // unknown fields, re-serialised as one JSON object
  auto add_extra = [&extra](std::string_view key, simdjson::dom::element value) {
    extra += extra.empty() ? '{' : ',';
    extra += nlohmann::json(std::string(key)).dump();
    extra += ':';
    extra += simdjson::minify(value);
  };
  // A field's own key wins over its alias, whatever their order.
  auto has_key = [&object](std::string_view key) {
    for (const auto field : object)
      if (field.key == key) return true;
    return false;
  };
  for (const auto field : object) {
    std::string_view key = field.key;
    const simdjson::dom::element value = field.value;
    for (const auto& [alias, target] : kFieldAliases) {
      if (key == alias && !has_key(target)) {
        key = target;
        break;
      }
    }
    if (key == "authors") {
      // An array of names, or one name as a string.
      if (value.is_null()) continue;
      if (value.is_string()) {
        meta.authors.emplace_back(value.get_string().value_unsafe());
        continue;
      }
      simdjson::dom::array names;
      bool all_strings = !value.get_array().get(names);
      if (all_strings)
        for (const auto name : names) all_strings = all_strings && name.is_string();
      if (!all_strings)
        return Status(StatusCode::kMalformedRecord,
                      where + ": field \"authors\" must be an array of strings; skipped");
      for (const auto name : names) meta.authors.emplace_back(name.get_string().value_unsafe());
      continue;
    }
    std::string* slot = key == "text" ? &text : MetadataField(&meta, key);
    if (slot == nullptr) {
      add_extra(key, value);
      continue;
    }
    if (value.is_string()) {
      *slot = std::string(value.get_string().value_unsafe());
    } else if (key == "id" && (value.is_int64() || value.is_uint64())) {
      *slot = simdjson::minify(value);
    } else if (value.is_null() && key != "text") {
      continue;
    } else {
      return Status(StatusCode::kMalformedRecord,
                    where + ": field \"" + std::string(field.key) + "\" must be a string; skipped");
    }
    if (key == "text") has_text = true;
  }
  if (!has_text) {
    return Status(StatusCode::kMalformedRecord, where + ": no \"text\" field; skipped");
  }
  if (!extra.empty()) meta.extra_json = extra + '}';
  if (meta.id.empty()) meta.id = where;
  if (text.starts_with(kBom)) text.erase(0, kBom.size());
  *doc = Document(std::move(text), std::move(meta));
  return Status::Ok();
}

// Whether `value` is an object with a text field (or its alias), i.e. could
// be an article for DocumentFromJson.
bool HasArticleText(simdjson::dom::element value) {
  simdjson::dom::object object;
  if (value.get_object().get(object)) return false;
  for (const auto field : object) {
    if (field.key == "text") return true;
    for (const auto& [alias, target] : kFieldAliases)
      if (field.key == alias && target == "text") return true;
  }
  return false;
}

// The rest of a one-document file after `prefix` (bytes sniffed already),
// refused when longer than the document limit.
Status ReadWholeFile(FileInput* input, std::string prefix, const ReaderOptions& options,
                     const std::string& name, std::string* bytes) {
  *bytes = std::move(prefix);
  std::string rest;
  bool truncated = false;
  Status read = input->ReadAll(
      options.max_document_bytes - std::min(bytes->size(), options.max_document_bytes), &rest, &truncated);
  if (!read.ok()) return Status(StatusCode::kIoError, name + ": " + read.message());
  *bytes += rest;
  if (truncated) {
    return Status(StatusCode::kTooLarge, name + ": larger than the document limit of " +
                                             std::to_string(options.max_document_bytes) +
                                             " bytes; refused (raise --max-doc-bytes or split it)");
  }
  return Status::Ok();
}

class TextReader final : public DocumentReader {
 public:
  TextReader(std::string name, std::unique_ptr<FileInput> input, ReaderOptions options, std::string prefix)
      : DocumentReader(std::move(name)),
        input_(std::move(input)),
        options_(options),
        prefix_(std::move(prefix)) {}

  Status Next(Document* doc, bool* end) override {
    *end = done_;
    if (done_) return Status::Ok();
    done_ = true;
    std::string bytes;
    HEARSAY_RETURN_IF_ERROR(ReadWholeFile(input_.get(), std::move(prefix_), options_, name_, &bytes));
    std::string text;
    HEARSAY_RETURN_IF_ERROR(DecodeText(bytes, options_, name_, 0, &text, &replaced_));
    DocumentMetadata meta;
    meta.id = name_;
    *doc = Document(std::move(text), std::move(meta));
    *end = false;
    return Status::Ok();
  }

 private:
  std::unique_ptr<FileInput> input_;
  ReaderOptions options_;
  std::string prefix_;  // bytes already read while sniffing the format
  bool done_ = false;
};

}  // namespace

struct JsonlRecordParser::Impl {
  simdjson::dom::parser parser;  // reused: it keeps its buffers between records
};

JsonlRecordParser::JsonlRecordParser(const ReaderOptions& options)
    : options_(options), impl_(std::make_unique<Impl>()) {}
JsonlRecordParser::~JsonlRecordParser() = default;
JsonlRecordParser::JsonlRecordParser(JsonlRecordParser&&) noexcept = default;

Status JsonlRecordParser::Parse(std::string_view raw, const std::string& where, std::size_t offset,
                                Document* doc) {
  std::string line;
  HEARSAY_RETURN_IF_ERROR(DecodeText(raw, options_, where, offset, &line, &replaced_));
  // simdjson needs SIMDJSON_PADDING readable bytes past the end.
  line.reserve(line.size() + simdjson::SIMDJSON_PADDING);
  simdjson::dom::element record;
  const simdjson::error_code error =
      impl_->parser.parse(simdjson::padded_string_view(line.data(), line.size(), line.capacity()))
          .get(record);
  if (error) {
    return Status(StatusCode::kMalformedRecord,
                  where + ": not valid JSON (" + simdjson::error_message(error) + "); skipped");
  }
  return DocumentFromJson(record, where, doc);
}

namespace {

class JsonlReader final : public DocumentReader {
 public:
  JsonlReader(std::string name, std::unique_ptr<FileInput> input, ReaderOptions options,
              std::string first_line_prefix)
      : DocumentReader(std::move(name)),
        input_(std::move(input)),
        options_(options),
        prefix_(std::move(first_line_prefix)),
        parser_(options) {
    // Sniffing may have read blank lines before the first record: count them
    // so that line numbers in messages stay right.
    const std::size_t last_newline = prefix_.rfind('\n');
    if (last_newline != std::string::npos) {
      line_number_ = static_cast<std::size_t>(std::count(prefix_.begin(), prefix_.end(), '\n'));
      offset_ = last_newline + 1;
      prefix_.erase(0, last_newline + 1);
    }
  }

  Status Next(Document* doc, bool* end) override {
    *end = false;
    while (!done_) {
      std::string line;
      bool too_long = false;
      std::size_t line_bytes = 0;
      const std::size_t line_offset = offset_;
      bool got = input_->ReadLine(options_.max_document_bytes, &line, &too_long, &line_bytes);
      if (!prefix_.empty()) {  // the sniffed bytes belong to the first line
        line = prefix_ + line;
        line_bytes += prefix_.size();
        too_long = too_long || line.size() > options_.max_document_bytes;
        prefix_.clear();
        got = true;
      }
      if (!got) {
        done_ = true;
        if (std::ferror(input_->file()))
          return Status(StatusCode::kIoError, name_ + ": read error: " + std::strerror(errno));
        break;
      }
      ++line_number_;
      offset_ += line_bytes;
      const std::string where = name_ + ":" + std::to_string(line_number_);
      if (too_long) {
        return Status(StatusCode::kTooLarge, where + ": line of " + std::to_string(line_bytes) +
                                                 " bytes is over the document limit of " +
                                                 std::to_string(options_.max_document_bytes) +
                                                 " bytes; skipped");
      }
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      const Status parsed = parser_.Parse(line, where, line_offset, doc);
      replaced_ = parser_.replaced_sequences();
      return parsed;
    }
    *end = true;
    return Status::Ok();
  }

 private:
  std::unique_ptr<FileInput> input_;
  ReaderOptions options_;
  std::string prefix_;
  JsonlRecordParser parser_;  // reused: it keeps its buffers between lines
  std::size_t line_number_ = 0;
  std::size_t offset_ = 0;
  bool done_ = false;
};

// A .json file: one JSON value, an article object or an array of them
// (each element a document, its place named "file.json[3]").
class JsonFileReader final : public DocumentReader {
 public:
  JsonFileReader(std::string name, std::unique_ptr<FileInput> input, ReaderOptions options,
                 std::string prefix)
      : DocumentReader(std::move(name)),
        input_(std::move(input)),
        options_(options),
        prefix_(std::move(prefix)) {}

  Status Next(Document* doc, bool* end) override {
    *end = false;
    if (!loaded_) {
      loaded_ = true;
      Status status = Load();
      if (!status.ok()) {
        done_ = true;
        return status;
      }
    }
    if (done_ || next_ >= records_.size()) {
      done_ = true;
      *end = true;
      return Status::Ok();
    }
    const std::size_t i = next_++;
    return DocumentFromJson(records_[i], is_array_ ? name_ + "[" + std::to_string(i) + "]" : name_, doc);
  }

 private:
  Status Load() {
    std::string bytes;
    HEARSAY_RETURN_IF_ERROR(ReadWholeFile(input_.get(), std::move(prefix_), options_, name_, &bytes));
    HEARSAY_RETURN_IF_ERROR(DecodeText(bytes, options_, name_, 0, &json_, &replaced_));
    json_.reserve(json_.size() + simdjson::SIMDJSON_PADDING);
    simdjson::dom::element root;
    const simdjson::error_code error =
        parser_.parse(simdjson::padded_string_view(json_.data(), json_.size(), json_.capacity())).get(root);
    if (error) {
      return Status(StatusCode::kMalformedRecord,
                    name_ + ": not valid JSON (" + simdjson::error_message(error) + ")");
    }
    simdjson::dom::array array;
    if (!root.get_array().get(array)) {
      is_array_ = true;
      for (const auto element : array) records_.push_back(element);
      // A JSON file beside the articles that holds something else (ground
      // truth, a manifest) is one error, not one per element.
      if (!records_.empty() && std::none_of(records_.begin(), records_.end(), HasArticleText)) {
        const std::size_t count = records_.size();
        records_.clear();
        return Status(
            StatusCode::kMalformedRecord,
            name_ + ": an array of " + std::to_string(count) +
                " values, none an article (no object with a \"text\" field or its alias); file skipped");
      }
    } else {
      records_.push_back(root);
    }
    return Status::Ok();
  }

  std::unique_ptr<FileInput> input_;
  ReaderOptions options_;
  std::string prefix_;
  std::string json_;
  simdjson::dom::parser parser_;  // owns the parsed tree records_ point into
  std::vector<simdjson::dom::element> records_;
  std::size_t next_ = 0;
  bool loaded_ = false, is_array_ = false, done_ = false;
};

}  // namespace

Result<InputFormat> ParseInputFormat(std::string_view name) {
  if (name == "auto") return InputFormat::kAuto;
  if (name == "text" || name == "txt") return InputFormat::kText;
  if (name == "jsonl") return InputFormat::kJsonl;
  if (name == "json") return InputFormat::kJson;
  if (name == "html") return InputFormat::kHtml;
  if (name == "warc") return InputFormat::kWarc;
  return Status(StatusCode::kInvalidArgument, "unknown input format '" + std::string(name) +
                                                  "' (use auto, text, jsonl, json, html or warc)");
}

InputFormat FormatForFileName(std::string_view path) {
  std::string lower(path);
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  std::string_view p(lower);
  if (p.ends_with(".gz")) p.remove_suffix(3);
  if (p.ends_with(".jsonl") || p.ends_with(".ndjson")) return InputFormat::kJsonl;
  if (p.ends_with(".json")) return InputFormat::kJson;
  if (p.ends_with(".html") || p.ends_with(".htm") || p.ends_with(".xhtml")) return InputFormat::kHtml;
  if (p.ends_with(".warc") || p.ends_with(".arc")) return InputFormat::kWarc;
  return InputFormat::kText;
}

bool IsInputFileName(std::string_view path) {
  if (path.ends_with(".txt")) return true;
  if (FormatForFileName(path) == InputFormat::kText) return false;
  // Compressed JSON is not read (the JSON readers take plain text).
  const InputFormat format = FormatForFileName(path);
  return !(path.ends_with(".gz") && (format == InputFormat::kJsonl || format == InputFormat::kJson)) &&
         !path.ends_with(".arc") && !path.ends_with(".arc.gz");
}

bool IsRecordError(const Status& status) {
  return status.code() == StatusCode::kMalformedRecord || status.code() == StatusCode::kInvalidUtf8 ||
         status.code() == StatusCode::kTooLarge;
}

namespace {

Result<std::unique_ptr<DocumentReader>> MakeReader(std::unique_ptr<FileInput> input, const std::string& name,
                                                   bool sniff, const ReaderOptions& options) {
  InputFormat format = options.format;
  std::string sniffed;
  if (format == InputFormat::kAuto) {
    if (!sniff || FormatForFileName(name) != InputFormat::kText) {
      format = FormatForFileName(name);
    } else {
      // JSON Lines if the first non-blank byte opens an object.
      int c;
      while ((c = std::fgetc(input->file())) != EOF) {
        sniffed.push_back(static_cast<char>(c));
        const bool in_bom = sniffed.size() <= kBom.size() && kBom.starts_with(sniffed);
        if (!in_bom && c != ' ' && c != '\t' && c != '\r' && c != '\n') break;
      }
      // "WARC/" needs four more bytes to tell from text starting with W.
      if (!sniffed.empty() && sniffed.back() == 'W') {
        for (int i = 0; i < 4 && (c = std::fgetc(input->file())) != EOF; ++i)
          sniffed.push_back(static_cast<char>(c));
      }
      std::string_view body(sniffed);
      if (body.starts_with(kBom)) body.remove_prefix(kBom.size());
      const std::size_t first = body.find_first_not_of(" \t\r\n");
      const char lead = first == std::string_view::npos ? '\0' : body[first];
      if (lead == '{') {
        format = InputFormat::kJsonl;
      } else if (lead == '\x1f' ||
                 body.substr(first == std::string_view::npos ? 0 : first).starts_with("WARC/")) {
        format = InputFormat::kWarc;
      } else if (lead == '<') {
        format = InputFormat::kHtml;
      } else {
        format = InputFormat::kText;
      }
    }
  }
  if (format == InputFormat::kWarc || format == InputFormat::kHtml) {
    std::FILE* file = input->file();
    const bool owned = input->release();
    return format == InputFormat::kWarc ? warc::NewWarcReader(name, file, owned, std::move(sniffed), options)
                                        : warc::NewHtmlReader(name, file, owned, std::move(sniffed), options);
  }
  if (format == InputFormat::kJsonl) {
    return std::unique_ptr<DocumentReader>(
        std::make_unique<JsonlReader>(name, std::move(input), options, std::move(sniffed)));
  }
  if (format == InputFormat::kJson) {
    return std::unique_ptr<DocumentReader>(
        std::make_unique<JsonFileReader>(name, std::move(input), options, std::move(sniffed)));
  }
  return std::unique_ptr<DocumentReader>(
      std::make_unique<TextReader>(name, std::move(input), options, std::move(sniffed)));
}

}  // namespace

Result<std::unique_ptr<DocumentReader>> OpenReader(const std::string& path, const ReaderOptions& options) {
  if (path == "-") return MakeReader(std::make_unique<FileInput>(stdin, false), "<stdin>", true, options);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    const int err = errno;
    return Status(err == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError,
                  path + ": cannot open: " + std::strerror(err));
  }
  return MakeReader(std::make_unique<FileInput>(f, true), path, false, options);
}

Result<std::unique_ptr<DocumentReader>> OpenReader(std::FILE* stream, const std::string& name,
                                                   const ReaderOptions& options) {
  if (stream == nullptr) return Status(StatusCode::kInvalidArgument, name + ": no stream");
  return MakeReader(std::make_unique<FileInput>(stream, false), name, true, options);
}

}  // namespace hearsay
