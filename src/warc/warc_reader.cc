#include "warc/warc_reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <string_view>

#include "html/article_extractor.h"
#include "text/ascii.h"
#include "text/utf8.h"
#include "warc/gzip_stream.h"

namespace hearsay::warc {
namespace {

constexpr std::size_t kMaxHeaderLine = 1 << 16;
constexpr std::size_t kMaxHeaders = 512;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Buffered reading of lines and byte counts over a GzipAwareStream, with the
// offset in the uncompressed stream.
class ByteSource {
 public:
  ByteSource(std::FILE* file, bool owned, std::string name, std::string prefix)
      : stream_(file, owned, std::move(name), std::move(prefix)) {}

  // Reads a line without its "\n" (and "\r"). Lines longer than
  // kMaxHeaderLine are cut (the rest is consumed and dropped). *eof at end.
  Status ReadLine(std::string* line, bool* eof) {
    line->clear();
    *eof = false;
    bool any = false;
    while (true) {
      if (pos_ == end_) {
        HEARSAY_RETURN_IF_ERROR(Refill());
        if (end_ == 0) {
          *eof = !any;
          break;
        }
      }
      any = true;
      const char* start = buffer_ + pos_;
      const void* nl = std::memchr(start, '\n', end_ - pos_);
      const std::size_t take = nl ? static_cast<const char*>(nl) - start : end_ - pos_;
      if (line->size() < kMaxHeaderLine) line->append(start, std::min(take, kMaxHeaderLine - line->size()));
      pos_ += take;
      offset_ += take;
      if (nl) {
        ++pos_;
        ++offset_;
        break;
      }
    }
    if (!line->empty() && line->back() == '\r') line->pop_back();
    return Status::Ok();
  }

  // Appends up to `n` bytes to *out (or drops them when out is null); *got is
  // how many there were before the end of input.
  Status Read(std::uint64_t n, std::string* out, std::uint64_t* got) {
    *got = 0;
    while (*got < n) {
      if (pos_ == end_) {
        HEARSAY_RETURN_IF_ERROR(Refill());
        if (end_ == 0) break;
      }
      const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(n - *got, end_ - pos_));
      if (out) out->append(buffer_ + pos_, take);
      pos_ += take;
      offset_ += take;
      *got += take;
    }
    return Status::Ok();
  }

  std::uint64_t offset() const { return offset_; }
  bool compressed() const { return stream_.compressed(); }

 private:
  Status Refill() {
    pos_ = 0;
    end_ = 0;
    return stream_.Read(buffer_, sizeof buffer_, &end_);
  }

  GzipAwareStream stream_;
  char buffer_[1 << 16];
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::uint64_t offset_ = 0;
};

struct Headers {
  std::vector<std::pair<std::string, std::string>> fields;  // names lower-cased
  std::string Get(std::string_view name) const {
    for (const auto& [k, v] : fields)
      if (k == name) return v;
    return "";
  }
  bool Has(std::string_view name) const {
    return std::any_of(fields.begin(), fields.end(), [&](const auto& f) { return f.first == name; });
  }
};

// "Name: value" lines, with continuation lines (leading space or tab).
bool ParseHeaderLine(std::string_view line, Headers* h) {
  if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !h->fields.empty()) {
    h->fields.back().second += ' ';
    h->fields.back().second += Trim(line);
    return true;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  h->fields.emplace_back(text::AsciiLower(Trim(line.substr(0, colon))),
                         std::string(Trim(line.substr(colon + 1))));
  return true;
}

bool ParseUint(std::string_view s, std::uint64_t* out) {
  s = Trim(s);
  if (s.empty() || s.size() > 18) return false;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  *out = v;
  return true;
}

// Removes chunked transfer coding; false if the chunks do not parse.
bool Dechunk(std::string_view body, std::string* out) {
  out->clear();
  std::size_t i = 0;
  while (true) {
    const std::size_t eol = body.find('\n', i);
    if (eol == std::string_view::npos) return false;
    std::string_view size_line = Trim(body.substr(i, eol - i));
    size_line = size_line.substr(0, size_line.find(';'));  // chunk extensions
    if (size_line.empty() || size_line.size() > 15) return false;
    std::uint64_t size = 0;
    for (char c : size_line) {
      int d = (c >= '0' && c <= '9')   ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                       : -1;
      if (d < 0) return false;
      size = size * 16 + static_cast<std::uint64_t>(d);
    }
    i = eol + 1;
    if (size == 0) return true;  // trailers, if any, are not body
    if (size > body.size() - i) return false;
    out->append(body.substr(i, size));
    i += size;
    if (body.substr(i, 2) == "\r\n") {
      i += 2;
    } else if (body.substr(i, 1) == "\n") {
      i += 1;
    } else {
      return false;
    }
  }
}

bool LooksLikeHtml(std::string_view body) {
  std::string head = text::AsciiLower(body.substr(0, 1024));
  const std::size_t first = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first == std::string::npos) return false;
  head.erase(0, first);
  return head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<head") ||
         head.starts_with("<!--") || head.starts_with("<body") || head.starts_with("<meta") ||
         head.starts_with("<title");
}

bool IsHtmlType(std::string_view content_type) {
  const std::string type = text::AsciiLower(Trim(content_type.substr(0, content_type.find(';'))));
  return type == "text/html" || type == "application/xhtml+xml";
}

// Header values become metadata, which must be valid UTF-8 like all text in
// hearsay; WARC headers are not guaranteed to be.
std::string ValidUtf8(std::string_view s) {
  if (utf8::FindInvalid(s) == utf8::kValid) return std::string(s);
  std::string out;
  utf8::ReplaceInvalid(s, &out);
  return out;
}

std::string StripAngles(std::string_view s) {
  s = Trim(s);
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') s = s.substr(1, s.size() - 2);
  return ValidUtf8(Trim(s));
}

// Fills *doc from an extracted article. `fallback_url` is used without a
// canonical URL.
void MakeDocument(html::Article&& article, std::string id, const std::string& fallback_url,
                  const std::string& crawl_date, Document* doc) {
  DocumentMetadata meta;
  html::ArticleMetadata& m = article.metadata;
  meta.id = std::move(id);
  meta.url = m.canonical_url.empty() ? fallback_url : m.canonical_url;
  meta.source = std::move(m.site_name);
  meta.published = std::move(m.published);
  meta.title = std::move(m.title);
  meta.authors = std::move(m.authors);
  if (!m.language.empty()) meta.language = std::move(m.language);
  if (!crawl_date.empty())
    meta.extra_json = nlohmann::json({{"crawl_date", ValidUtf8(crawl_date)}})
                          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  *doc = Document(std::move(article.text), std::move(meta));
}

class WarcReader final : public DocumentReader {
 public:
  WarcReader(std::string name, std::FILE* file, bool owned, std::string prefix, const ReaderOptions& options)
      : DocumentReader(name), source_(file, owned, name, std::move(prefix)), options_(options) {}

  Status Next(Document* doc, bool* end) override {
    *end = false;
    while (!done_) {
      Status status = NextRecord(doc);
      if (status.ok() && have_document_) {
        have_document_ = false;
        return status;
      }
      if (!status.ok()) {
        if (!IsRecordError(status)) done_ = true;
        return status;
      }
    }
    *end = true;
    return Status::Ok();
  }

 private:
  std::string Where(std::uint64_t number, std::uint64_t offset) const {
    return name_ + ": record " + std::to_string(number) + " at byte offset " + std::to_string(offset) +
           (source_.compressed() ? " (uncompressed)" : "");
  }

  // Reads one record; sets have_document_ when *doc was filled. OK without a
  // document means a record that is not a document, or the end (done_).
  Status NextRecord(Document* doc) {
    std::string line;
    bool eof = false;
    // The version line, after the blank lines that end the previous record.
    std::uint64_t offset = 0;
    bool resyncing = false;
    if (!pending_line_.empty()) {  // a version line found while resyncing
      line = std::move(pending_line_);
      pending_line_.clear();
      return ReadRecord(line, ++records_, pending_offset_, doc);
    }
    while (true) {
      offset = source_.offset();
      HEARSAY_RETURN_IF_ERROR(source_.ReadLine(&line, &eof));
      if (eof) {
        done_ = true;
        return Status::Ok();
      }
      if (line.starts_with("WARC/")) break;
      if (Trim(line).empty()) continue;
      if (records_ == 0 && offset == 0 && line.starts_with("filedesc://")) {
        done_ = true;
        return Status(StatusCode::kInvalidArgument,
                      name_ + ": this is an ARC file, not WARC; ARC is not supported (convert it to WARC)");
      }
      if (!resyncing) {
        resyncing = true;
        if (records_ == 0 && offset == 0) {
          done_ = true;
          return Status(StatusCode::kInvalidArgument,
                        name_ + ": not a WARC file (it does not start with WARC/1.x)");
        }
        bad_line_offset_ = offset;
      }
    }
    if (resyncing) {
      // Report the garbage, then read this record next time.
      pending_line_ = line;
      pending_offset_ = offset;
      return Status(StatusCode::kMalformedRecord, name_ + ": bytes at offset " +
                                                      std::to_string(bad_line_offset_) +
                                                      " are not a WARC record; skipped to the next record");
    }
    return ReadRecord(line, ++records_, offset, doc);
  }

  Status ReadRecord(const std::string& version_line, std::uint64_t number, std::uint64_t offset,
                    Document* doc) {
    (void)version_line;
    Headers warc;
    std::string line;
    bool eof = false;
    while (true) {
      HEARSAY_RETURN_IF_ERROR(source_.ReadLine(&line, &eof));
      if (eof) {
        done_ = true;
        return Status(StatusCode::kMalformedRecord,
                      Where(number, offset) + ": the file ends inside the record header");
      }
      if (line.empty()) break;
      if (!ParseHeaderLine(line, &warc) || warc.fields.size() > kMaxHeaders)
        return Status(StatusCode::kMalformedRecord, Where(number, offset) + ": bad WARC header line \"" +
                                                        line.substr(0, 80) + "\"; skipped");
    }
    std::uint64_t length = 0;
    if (!ParseUint(warc.Get("content-length"), &length))
      return Status(
          StatusCode::kMalformedRecord,
          Where(number, offset) + ": missing or invalid Content-Length; skipped to the next record");
    const std::string type = text::AsciiLower(warc.Get("warc-type"));
    const bool document_type = type == "response" || type == "resource";
    std::uint64_t got = 0;
    if (!document_type || length > options_.max_document_bytes) {
      HEARSAY_RETURN_IF_ERROR(source_.Read(length, nullptr, &got));
      if (got < length) return Truncated(number, offset, length, got);
      if (!document_type) return Status::Ok();
      return Status(StatusCode::kTooLarge, Where(number, offset) + ": record of " + std::to_string(length) +
                                               " bytes is over the document limit of " +
                                               std::to_string(options_.max_document_bytes) +
                                               " bytes; skipped");
    }
    std::string block;
    block.reserve(static_cast<std::size_t>(length));
    HEARSAY_RETURN_IF_ERROR(source_.Read(length, &block, &got));
    if (got < length) return Truncated(number, offset, length, got);

    const std::string where = Where(number, offset);
    const std::string target = StripAngles(warc.Get("warc-target-uri"));
    std::string content_type;
    std::string body_storage;
    std::string_view body;
    if (type == "response") {
      HEARSAY_RETURN_IF_ERROR(ParseHttp(block, where, &content_type, &body_storage));
      body = body_storage;
    } else {
      content_type = warc.Get("content-type");
      body = block;
    }
    if (content_type.empty() ? !LooksLikeHtml(body) : !IsHtmlType(content_type)) {
      return Status(StatusCode::kMalformedRecord,
                    where + ": not HTML (" +
                        (content_type.empty() ? "no Content-Type" : content_type.substr(0, 80)) +
                        "); skipped");
    }
    std::size_t replaced = 0;
    auto article = html::ExtractArticleFromBytes(body, content_type, target, &replaced);
    if (!article.ok()) return Status(article.status().code(), where + ": " + article.status().message());
    if (article->text.empty())
      return Status(StatusCode::kMalformedRecord, where + ": no main text found; skipped");
    replaced_ += replaced;
    std::string id = StripAngles(warc.Get("warc-record-id"));
    if (id.empty()) id = target.empty() ? ValidUtf8(where) : target;
    MakeDocument(std::move(article.value()), std::move(id), target, warc.Get("warc-date"), doc);
    have_document_ = true;
    return Status::Ok();
  }

  Status Truncated(std::uint64_t number, std::uint64_t offset, std::uint64_t length, std::uint64_t got) {
    done_ = true;
    return Status(StatusCode::kMalformedRecord, Where(number, offset) + ": truncated: the record declares " +
                                                    std::to_string(length) +
                                                    " bytes but the file ends after " + std::to_string(got));
  }

  // The HTTP response in a response record: status 200 required; headers;
  // body de-chunked and decompressed.
  Status ParseHttp(std::string_view block, const std::string& where, std::string* content_type,
                   std::string* body) {
    std::size_t header_end = block.find("\r\n\r\n");
    std::size_t body_start = header_end == std::string_view::npos ? std::string_view::npos : header_end + 4;
    const std::size_t lf = block.find("\n\n");
    if (lf != std::string_view::npos && (header_end == std::string_view::npos || lf < header_end)) {
      header_end = lf;
      body_start = lf + 2;
    }
    if (!block.starts_with("HTTP/"))
      return Status(StatusCode::kMalformedRecord,
                    where + ": response record without an HTTP response; skipped");
    if (header_end == std::string_view::npos)
      return Status(StatusCode::kMalformedRecord, where + ": HTTP headers without an end; skipped");
    std::string_view head = block.substr(0, header_end);
    const std::size_t first_eol = head.find('\n');
    const std::string_view status_line = Trim(head.substr(0, first_eol));
    const std::size_t sp = status_line.find(' ');
    std::uint64_t code = 0;
    if (sp == std::string_view::npos || !ParseUint(status_line.substr(sp + 1, 3), &code))
      return Status(StatusCode::kMalformedRecord, where + ": bad HTTP status line \"" +
                                                      std::string(status_line.substr(0, 80)) + "\"; skipped");
    if (code != 200)
      return Status(StatusCode::kMalformedRecord,
                    where + ": HTTP status " + std::to_string(code) + "; skipped");
    Headers http;
    if (first_eol != std::string_view::npos) {
      std::string_view rest = head.substr(first_eol + 1);
      while (!rest.empty()) {
        const std::size_t eol = rest.find('\n');
        std::string_view line = Trim(rest.substr(0, eol));
        if (!line.empty() && !ParseHeaderLine(line, &http))
          return Status(StatusCode::kMalformedRecord, where + ": bad HTTP header line \"" +
                                                          std::string(line.substr(0, 80)) + "\"; skipped");
        if (eol == std::string_view::npos) break;
        rest.remove_prefix(eol + 1);
      }
    }
    *content_type = http.Get("content-type");
    std::string_view payload = block.substr(std::min(body_start, block.size()));
    std::string dechunked;
    if (text::AsciiLower(http.Get("transfer-encoding")).find("chunked") != std::string::npos &&
        Dechunk(payload, &dechunked))
      payload = dechunked;
    const std::string encoding = text::AsciiLower(Trim(http.Get("content-encoding")));
    // Crawlers often store the decoded body but keep the header: inflate only
    // what is actually compressed.
    if ((encoding == "gzip" || encoding == "x-gzip") && LooksGzipped(payload)) {
      return Gunzip(payload, options_.max_document_bytes, false, where, body);
    }
    if (encoding == "deflate" && !LooksLikeHtml(payload)) {
      return Gunzip(payload, options_.max_document_bytes, true, where, body);
    }
    if (encoding == "br" || encoding == "zstd" || encoding == "compress")
      if (!LooksLikeHtml(payload))
        return Status(StatusCode::kMalformedRecord,
                      where + ": Content-Encoding " + encoding + " is not supported; skipped");
    body->assign(payload);
    return Status::Ok();
  }

  ByteSource source_;
  ReaderOptions options_;
  std::uint64_t records_ = 0;
  std::uint64_t bad_line_offset_ = 0;
  std::uint64_t pending_offset_ = 0;
  std::string pending_line_;
  bool have_document_ = false;
  bool done_ = false;
};

class HtmlReader final : public DocumentReader {
 public:
  HtmlReader(std::string name, std::FILE* file, bool owned, std::string prefix, const ReaderOptions& options)
      : DocumentReader(name), stream_(file, owned, name, std::move(prefix)), options_(options) {}

  Status Next(Document* doc, bool* end) override {
    *end = done_;
    if (done_) return Status::Ok();
    done_ = true;
    std::string page;
    char buffer[1 << 16];
    while (true) {
      std::size_t got = 0;
      HEARSAY_RETURN_IF_ERROR(stream_.Read(buffer, sizeof buffer, &got));
      if (got == 0) break;
      if (page.size() + got > options_.max_document_bytes)
        return Status(StatusCode::kTooLarge, name_ + ": larger than the document limit of " +
                                                 std::to_string(options_.max_document_bytes) +
                                                 " bytes; refused");
      page.append(buffer, got);
    }
    std::size_t replaced = 0;
    auto article = html::ExtractArticleFromBytes(page, "", "", &replaced);
    if (!article.ok()) return Status(article.status().code(), name_ + ": " + article.status().message());
    if (article->text.empty()) return Status(StatusCode::kMalformedRecord, name_ + ": no main text found");
    replaced_ += replaced;
    MakeDocument(std::move(article.value()), name_, "", "", doc);
    *end = false;
    return Status::Ok();
  }

 private:
  GzipAwareStream stream_;
  ReaderOptions options_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<DocumentReader> NewWarcReader(std::string name, std::FILE* file, bool owned,
                                              std::string prefix, const ReaderOptions& options) {
  return std::make_unique<WarcReader>(std::move(name), file, owned, std::move(prefix), options);
}

std::unique_ptr<DocumentReader> NewHtmlReader(std::string name, std::FILE* file, bool owned,
                                              std::string prefix, const ReaderOptions& options) {
  return std::make_unique<HtmlReader>(std::move(name), file, owned, std::move(prefix), options);
}

}  // namespace hearsay::warc
