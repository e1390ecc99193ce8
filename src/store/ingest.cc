#include "store/ingest.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "io/document_json.h"
#include "store/linking.h"
#include "store/store.h"

namespace hearsay::store {
namespace {

using Clock = std::chrono::steady_clock;

// A blocking FIFO of at most `capacity` items; Close() lets Pop drain and
// then return nullopt.
template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(std::max<std::size_t>(1, capacity)) {}

  // False when the queue was closed (the item is dropped).
  bool Push(T item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }
  // Waits up to `timeout` for an item; nullopt on timeout or when closed and empty.
  std::optional<T> Pop(std::chrono::milliseconds timeout, bool* closed_and_empty) {
    std::unique_lock lock(mutex_);
    not_empty_.wait_for(lock, timeout, [&] { return !items_.empty() || closed_; });
    *closed_and_empty = items_.empty() && closed_;
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<T> items_;
  std::size_t capacity_;
  bool closed_ = false;
};

struct WorkItem {
  Document doc;
  std::string where;
};

struct WriteItem {
  PreparedDocumentPtr prepared;  // null when the document was skipped
  bool from_shard = false;
  std::uint64_t bytes = 0;
};

// Formats this build reads in a directory walk, by file name ending. HTML
// and WARC files are read once a reader for them is linked in (a build
// whose ParseInputFormat knows "html" / "warc").
enum class FileType { kRead, kNeedsReader, kUnknown };

FileType TypeOf(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  auto ends = [&](std::string_view suffix) { return name.size() >= suffix.size() && name.ends_with(suffix); };
  if (ends(".txt") || ends(".jsonl") || ends(".ndjson") || ends(".json")) return FileType::kRead;
  if (ends(".html") || ends(".htm") || ends(".html.gz") || ends(".htm.gz"))
    return ParseInputFormat("html").ok() ? FileType::kRead : FileType::kNeedsReader;
  if (ends(".warc") || ends(".warc.gz") || ends(".arc") || ends(".arc.gz"))
    return ParseInputFormat("warc").ok() ? FileType::kRead : FileType::kNeedsReader;
  return FileType::kUnknown;
}

// hearsay's own output: the document object, recognised by its
// "schema_version" (kept in extra_json by the JSON readers). Returns
// nullopt for an ordinary article.
Result<std::optional<nlohmann::ordered_json>> OwnOutput(const Document& doc, const std::string& where) {
  const std::string& extra = doc.metadata().extra_json;
  if (extra.find("\"schema_version\"") == std::string::npos) return std::optional<nlohmann::ordered_json>();
  nlohmann::ordered_json object = nlohmann::ordered_json::parse(extra, nullptr, /*allow_exceptions=*/false);
  if (!object.is_object() || !object.contains("schema_version"))
    return std::optional<nlohmann::ordered_json>();
  const auto& version = object["schema_version"];
  if (!version.is_string() || !version.get<std::string>().starts_with("1."))
    return Status(StatusCode::kVersionMismatch, where + ": hearsay output of schema version " +
                                                    version.dump() + "; this build reads 1.x; skipped");
  const DocumentMetadata& meta = doc.metadata();
  for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"id", &meta.id},
                                   {"url", &meta.url},
                                   {"source", &meta.source},
                                   {"published", &meta.published},
                                   {"title", &meta.title},
                                   {"language", &meta.language}})
    if (!value->empty()) object[key] = *value;
  object["text"] = doc.text();
  return std::optional<nlohmann::ordered_json>(std::move(object));
}

std::string Reason(const Status& status) {
  return std::string(StatusCodeName(status.code()));
}

std::string FormatDuration(double seconds) {
  const long s = static_cast<long>(seconds);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  return buf;
}

}  // namespace

std::vector<std::string> ExpandSources(const std::vector<std::string>& sources,
                                       std::map<std::string, std::size_t>* skipped,
                                       std::uint64_t* total_bytes,
                                       const std::function<void(const Status&)>& report) {
  std::vector<std::string> files;
  *total_bytes = 0;
  bool unknown_total = false;
  for (const std::string& source : sources) {
    std::error_code ec;
    if (source == "-") {
      files.push_back(source);
      unknown_total = true;
      continue;
    }
    if (!std::filesystem::is_directory(source, ec)) {
      const FileType type = TypeOf(source);
      if (type == FileType::kNeedsReader) {
        report(Status(StatusCode::kInvalidArgument,
                      source + ": no reader for this format in this build; skipped"));
        ++(*skipped)["no reader for the format"];
        continue;
      }
      files.push_back(source);
      const auto size = std::filesystem::file_size(source, ec);
      if (!ec) *total_bytes += size;
      continue;
    }
    std::vector<std::string> found;
    for (auto it = std::filesystem::recursive_directory_iterator(source, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      switch (TypeOf(it->path())) {
        case FileType::kRead: found.push_back(it->path().string()); break;
        case FileType::kNeedsReader:
          report(Status(StatusCode::kInvalidArgument,
                        it->path().string() + ": no reader for this format in this build; skipped"));
          ++(*skipped)["no reader for the format"];
          break;
        case FileType::kUnknown:
          report(Status(StatusCode::kInvalidArgument, it->path().string() + ": unknown file type; skipped"));
          ++(*skipped)["unknown file type"];
          break;
      }
    }
    if (ec) report(Status(StatusCode::kIoError, source + ": cannot walk the directory: " + ec.message()));
    std::sort(found.begin(), found.end());
    for (const auto& f : found) {
      const auto size = std::filesystem::file_size(f, ec);
      if (!ec) *total_bytes += size;
    }
    files.insert(files.end(), found.begin(), found.end());
  }
  if (unknown_total) *total_bytes = 0;
  return files;
}

Result<IngestSummary> Ingest(const std::string& db_path, const std::vector<std::string>& sources,
                             const PipelineBuilder& build_pipeline, const IngestOptions& options,
                             const std::function<void(const Status&)>& report) {
  const auto start = Clock::now();
  IngestSummary summary;
  // The writer's connection opens (and migrates) the store first; the
  // reading thread's own connection checks content hashes before work.
  auto writer_store = Store::Open(db_path, OpenMode::kReadWrite);
  if (!writer_store.ok()) return writer_store.status();
  auto lookup_store = Store::Open(db_path, OpenMode::kReadOnly);
  if (!lookup_store.ok()) return lookup_store.status();

  std::mutex report_mutex;  // report() and summary.skipped are shared
  auto skip = [&](const Status& status, const std::string& reason) {
    std::lock_guard lock(report_mutex);
    ++summary.skipped[reason];
    report(status);
  };
  std::uint64_t total_bytes = 0;
  const std::vector<std::string> files =
      ExpandSources(sources, &summary.skipped, &total_bytes, [&](const Status& s) {
        std::lock_guard lock(report_mutex);
        report(s);
      });
  summary.files = files.size();

  const std::size_t threads = std::max<std::size_t>(1, options.threads);
  BoundedQueue<WorkItem> work(4 * threads);
  BoundedQueue<WriteItem> writes(4 * threads + options.batch_documents);
  std::atomic<std::uint64_t> bytes_read{0}, stored{0}, statements{0};
  std::atomic<bool> failed{false};
  Status write_error;
  std::mutex error_mutex;  // write_error
  auto fail = [&](const Status& status) {
    {
      std::lock_guard lock(error_mutex);
      if (!failed) write_error = status;
    }
    failed = true;
    work.Close();
    writes.Close();
  };
  // The pipeline, built by the first worker that needs it.
  std::once_flag pipeline_once;
  Result<Pipeline> pipeline = Status(StatusCode::kInternal, "pipeline not built");
  auto get_pipeline = [&]() -> const Pipeline* {
    std::call_once(pipeline_once, [&] { pipeline = build_pipeline(); });
    if (!pipeline.ok()) {
      fail(pipeline.status());
      return nullptr;
    }
    return &pipeline.value();
  };

  // Workers: extract (or take hearsay's own output as it is) and prepare rows.
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (;;) {
        bool done = false;
        std::optional<WorkItem> item = work.Pop(std::chrono::milliseconds(200), &done);
        if (!item) {
          if (done) return;
          continue;
        }
        WriteItem out;
        out.bytes = item->doc.text().size();
        auto own = OwnOutput(item->doc, item->where);
        Result<PreparedDocumentPtr> prepared = Status(StatusCode::kInternal, "");
        if (!own.ok()) {
          skip(own.status(), Reason(own.status()));
        } else if (own->has_value()) {
          out.from_shard = true;
          prepared = PrepareDocument(**own, item->where);
          if (!prepared.ok()) skip(prepared.status(), "malformed hearsay output");
        } else if (const Pipeline* p = get_pipeline(); p == nullptr) {
          return;
        } else if (Status s = p->Process(item->doc); !s.ok()) {
          skip(Status(s.code(), item->where + ": " + s.message() + "; skipped"), "pipeline error");
        } else {
          // The store reads metadata and statements, not the tokens.
          prepared = PrepareDocument(
              nlohmann::ordered_json::parse(io::DocumentJsonText(item->doc, io::TokenArray::kOmit)),
              item->where);
          if (!prepared.ok()) skip(prepared.status(), "no attribution output (pipeline without attribution)");
        }
        if (prepared.ok()) out.prepared = std::move(prepared.value());
        if (!writes.Push(std::move(out))) return;
      }
    });
  }

  // The writer: batches, one transaction each.
  std::thread writer([&] {
    std::vector<WriteItem> batch;
    auto commit = [&]() -> bool {
      std::vector<const PreparedDocument*> docs;
      for (const auto& item : batch)
        if (item.prepared) docs.push_back(item.prepared.get());
      if (!docs.empty()) {
        auto result = (*writer_store)->AddDocuments(docs);
        if (!result.ok()) {
          fail(result.status());
          return false;
        }
        std::size_t k = 0;
        std::lock_guard lock(report_mutex);
        for (const auto& item : batch) {
          if (!item.prepared) continue;
          if (result->outcomes[k++] == AddOutcome::kStored) {
            ++summary.stored;
            summary.from_shards += item.from_shard;
          } else {
            ++summary.already_stored;
          }
        }
        stored = summary.stored;
        statements += static_cast<std::uint64_t>(result->statements_stored);
      }
      batch.clear();
      return true;
    };
    auto last_commit = Clock::now();
    for (;;) {
      bool done = false;
      std::optional<WriteItem> item = writes.Pop(std::chrono::milliseconds(100), &done);
      if (item) batch.push_back(std::move(*item));
      const bool due = batch.size() >= options.batch_documents ||
                       (!batch.empty() && Clock::now() - last_commit > std::chrono::seconds(2));
      if (due || (done && !batch.empty())) {
        if (!commit()) return;
        last_commit = Clock::now();
      }
      if (done) return;
    }
  });

  // Progress, redrawn on one terminal line.
  std::atomic<bool> reading_done{false};
  std::thread progress;
  if (options.progress) {
    progress = std::thread([&] {
      while (!reading_done) {
        for (int i = 0; i < 5 && !reading_done; ++i)
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        const double read = static_cast<double>(bytes_read.load());
        const double rate = std::max(elapsed, 1e-9);
        char line[160];
        int n = std::snprintf(line, sizeof line, "\r%llu stored  %.0f docs/s  %.2f MB/s read",
                              static_cast<unsigned long long>(stored.load()), stored.load() / rate,
                              read / 1e6 / rate);
        if (total_bytes > 0 && read > 0 && n > 0 && n < static_cast<int>(sizeof line)) {
          const double fraction = std::min(1.0, read / static_cast<double>(total_bytes));
          std::snprintf(line + n, sizeof line - n, "  %3.0f%%  ETA %s", 100 * fraction,
                        FormatDuration(elapsed * (1 - fraction) / std::max(fraction, 1e-9)).c_str());
        }
        std::fprintf(stderr, "%s\033[K", line);
        std::fflush(stderr);
      }
    });
  }

  // Reading, on this thread.
  for (const std::string& file : files) {
    if (failed) break;
    auto reader = OpenReader(file, options.reader);
    if (!reader.ok()) {
      skip(reader.status(), Reason(reader.status()));
      continue;
    }
    // Progress counts file bytes: the text read so far, up to the file's size.
    std::uint64_t file_size = 0, file_read = 0, credited = 0;
    std::error_code ec;
    if (file != "-") file_size = std::filesystem::file_size(file, ec);
    std::size_t record = 0;
    while (!failed) {
      Document doc;
      bool end = false;
      Status status = (*reader)->Next(&doc, &end);
      if (!status.ok()) {
        ++summary.documents_read;
        skip(status, Reason(status));
        if (IsRecordError(status)) continue;
        break;
      }
      if (end) break;
      ++record;
      ++summary.documents_read;
      summary.bytes += doc.text().size();
      file_read += doc.text().size();
      const std::uint64_t now_credited = file_size ? std::min(file_read, file_size) : file_read;
      bytes_read += now_credited - credited;
      credited = now_credited;
      const DocumentMetadata& meta = doc.metadata();
      auto known =
          (*lookup_store)
              ->HasContentHash(ContentHash({meta.source, meta.url, meta.title, meta.published, doc.text()}));
      if (!known.ok()) {
        fail(known.status());
        break;
      }
      if (*known) {
        std::lock_guard lock(report_mutex);
        ++summary.already_stored;
        continue;
      }
      std::string where = (*reader)->name();
      if (!meta.id.empty() && meta.id != where) where += " (" + meta.id + ")";
      if (!work.Push(WorkItem{std::move(doc), std::move(where)})) break;
    }
    if (file_size > credited) bytes_read += file_size - credited;
  }
  work.Close();
  for (auto& w : workers) w.join();
  writes.Close();
  writer.join();
  reading_done = true;
  if (progress.joinable()) {
    progress.join();
    std::fprintf(stderr, "\r\033[K");
  }
  summary.statements = statements;
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (failed) {
    std::lock_guard lock(error_mutex);
    return write_error;
  }
  return summary;
}

}  // namespace hearsay::store
