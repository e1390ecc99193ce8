#include "cli_common.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

namespace hearsay::cli {

void PrintError(const Status& status) {
  std::cerr << "hearsay: " << status.ToString() << "\n";
}

std::string DefaultPipelineNames() {
  std::string names;
  for (const std::string& name : RegisteredComponentNames()) names += (names.empty() ? "" : ",") + name;
  return names;
}

std::vector<std::string> SplitComma(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = list.find(',', start);
    std::string item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) out.push_back(std::move(item));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::vector<std::string> ExpandInputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(input, ec)) {
      files.push_back(input);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& e : std::filesystem::recursive_directory_iterator(input, ec)) {
      if (e.is_regular_file() && IsInputFileName(e.path().string())) found.push_back(e.path().string());
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

void InputOptions::AddTo(CLI::App* cmd) {
  cmd->add_option(
         "--input-format", input_format,
         "auto, text, jsonl, json, html or warc (auto: .jsonl/.ndjson are JSON Lines, .json one article or "
         "an array, .html/.htm(.gz) HTML, "
         ".warc(.gz) WARC, stdin is sniffed, everything else is text)")
      ->capture_default_str();
  cmd->add_flag("--lenient", lenient, "replace invalid UTF-8 with U+FFFD instead of rejecting the input");
  cmd->add_option("--max-doc-bytes", max_doc_bytes, "refuse documents (files, JSONL lines) larger than this")
      ->capture_default_str();
  cmd->add_option("--pipeline", pipeline, "comma-separated components to run, in order")
      ->capture_default_str();
  cmd->add_option("--models", models_dir, "directory of model files ($HEARSAY_MODELS overrides the default)")
      ->capture_default_str();
  cmd->add_option("--threads", threads,
                  "documents processed in parallel (one shared pipeline; output stays in input order)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1024}));
}

Result<ReaderOptions> InputOptions::ToReaderOptions() const {
  auto format = ParseInputFormat(input_format);
  if (!format.ok()) return format.status();
  ReaderOptions options;
  options.format = format.value();
  options.lenient_utf8 = lenient;
  options.max_document_bytes = max_doc_bytes;
  return options;
}

Result<Pipeline> InputOptions::BuildPipeline() const {
  ComponentConfig config;
  config.models_dir = models_dir;
  return Pipeline::FromNames(SplitComma(pipeline), config);
}

namespace {

// Counts shared by the sequential and the parallel document loops.
struct LoopCounts {
  std::size_t documents = 0, skipped_records = 0, failed_inputs = 0, replaced = 0;
};

// Reads the next document of `reader` into *doc. Returns true if *doc holds
// one; false at the end of the input or after an error that ends it. Record
// errors are reported, counted and skipped.
bool ReadNext(DocumentReader& reader, Document* doc, LoopCounts* counts) {
  while (true) {
    bool end = false;
    const Status status = reader.Next(doc, &end);
    if (status.ok()) return !end;
    PrintError(status);
    if (!IsRecordError(status)) {
      ++counts->failed_inputs;
      return false;
    }
    ++counts->skipped_records;  // one document lost; the reader goes on
  }
}

// Runs the pipeline and the sink's render step on `doc`.
Status ProcessAndRender(const Pipeline& pipeline, const DocumentSink& sink, Document& doc,
                        std::string* rendered) {
  rendered->clear();
  HEARSAY_RETURN_IF_ERROR(pipeline.Process(doc));
  if (sink.render) sink.render(doc, rendered);
  return Status::Ok();
}

void Emit(const Status& processed, const Document& doc, const std::string& rendered, LoopCounts* counts,
          const DocumentSink& sink) {
  if (!processed.ok()) {
    PrintError(processed);
    ++counts->skipped_records;
    return;
  }
  ++counts->documents;
  sink.emit(doc, rendered);
}

// The parallel loop: this thread reads documents in order into slots and
// hands them to the workers; it emits finished slots in the order they were
// read (a reorder window of at most 4 x threads slots, reused, so memory is
// bounded).
class ParallelLoop {
 public:
  ParallelLoop(const Pipeline& pipeline, std::size_t threads, const DocumentSink& sink, LoopCounts* counts)
      : pipeline_(pipeline), max_in_flight_(4 * threads), sink_(sink), counts_(counts) {
    workers_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }
  ~ParallelLoop() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    work_ready_.notify_all();
    for (auto& worker : workers_) worker.join();
  }

  void Run(DocumentReader& reader) {
    while (true) {
      std::unique_ptr<Slot> slot = TakeFreeSlot();
      if (!ReadNext(reader, &slot->doc, counts_)) {
        free_.push_back(std::move(slot));
        return;
      }
      Slot* raw = slot.get();
      {
        std::lock_guard lock(mutex_);
        in_flight_.push_back(std::move(slot));
        pending_.push_back(raw);
      }
      work_ready_.notify_one();
      EmitFinished(/*wait=*/in_flight_.size() >= max_in_flight_);
    }
  }

  // Emits every document still in flight, in order.
  void Drain() {
    while (!in_flight_.empty()) EmitFinished(/*wait=*/true);
  }

 private:
  struct Slot {
    Document doc;
    Status status;
    std::string rendered;
    bool done = false;  // guarded by mutex_ (the worker sets it; the reading thread reads it)
  };

  std::unique_ptr<Slot> TakeFreeSlot() {
    if (free_.empty()) return std::make_unique<Slot>();
    std::unique_ptr<Slot> slot = std::move(free_.back());
    free_.pop_back();
    slot->done = false;
    return slot;
  }

  // Emits the finished documents at the head of the window; with `wait`,
  // first waits until the head is finished.
  void EmitFinished(bool wait) {
    while (!in_flight_.empty()) {
      std::unique_ptr<Slot> head;
      {
        std::unique_lock lock(mutex_);
        if (wait) done_.wait(lock, [this] { return in_flight_.front()->done; });
        if (!in_flight_.front()->done) return;
        head = std::move(in_flight_.front());
        in_flight_.pop_front();
      }
      wait = false;
      Emit(head->status, head->doc, head->rendered, counts_, sink_);
      free_.push_back(std::move(head));
    }
  }

  void Work() {
    while (true) {
      Slot* slot = nullptr;
      {
        std::unique_lock lock(mutex_);
        work_ready_.wait(lock, [this] { return stop_ || !pending_.empty(); });
        if (pending_.empty()) return;  // stopping and nothing left
        slot = pending_.front();
        pending_.pop_front();
      }
      slot->status = ProcessAndRender(pipeline_, sink_, slot->doc, &slot->rendered);
      {
        std::lock_guard lock(mutex_);
        slot->done = true;
      }
      done_.notify_one();
    }
  }

  const Pipeline& pipeline_;
  const std::size_t max_in_flight_;
  const DocumentSink& sink_;
  LoopCounts* counts_;

  std::mutex mutex_;
  std::condition_variable work_ready_, done_;
  bool stop_ = false;                            // guarded by mutex_
  std::deque<Slot*> pending_;                    // guarded by mutex_: read, not yet taken by a worker
  std::deque<std::unique_ptr<Slot>> in_flight_;  // reading thread only, in input order
  std::vector<std::unique_ptr<Slot>> free_;      // reading thread only
  std::vector<std::thread> workers_;
};

}  // namespace

int ForEachDocument(const std::vector<std::string>& inputs, const InputOptions& input_options,
                    const Pipeline& pipeline, bool quiet, const DocumentSink& sink) {
  auto reader_options = input_options.ToReaderOptions();
  if (!reader_options.ok()) {
    PrintError(reader_options.status());
    return kExitUsage;
  }
  LoopCounts counts;
  std::unique_ptr<ParallelLoop> parallel;
  if (input_options.threads > 1)
    parallel = std::make_unique<ParallelLoop>(pipeline, input_options.threads, sink, &counts);
  Document doc;
  std::string rendered;
  for (const std::string& input : inputs) {
    auto reader = OpenReader(input, reader_options.value());
    if (!reader.ok()) {
      PrintError(reader.status());
      ++counts.failed_inputs;
      continue;
    }
    if (parallel) {
      parallel->Run(*reader.value());
    } else {
      while (ReadNext(*reader.value(), &doc, &counts))
        Emit(ProcessAndRender(pipeline, sink, doc, &rendered), doc, rendered, &counts, sink);
    }
    counts.replaced += reader.value()->replaced_sequences();
  }
  if (parallel) parallel->Drain();
  parallel.reset();
  if (!quiet) {
    std::cerr << "hearsay: " << counts.documents << " documents, " << counts.skipped_records
              << " skipped records, " << counts.failed_inputs << " failed inputs";
    if (counts.replaced > 0) std::cerr << ", " << counts.replaced << " invalid UTF-8 sequences replaced";
    std::cerr << "\n";
  }
  return counts.skipped_records + counts.failed_inputs > 0 ? kExitInputErrors : kExitOk;
}

int ForEachDocument(const std::vector<std::string>& inputs, const InputOptions& input_options,
                    const Pipeline& pipeline, bool quiet,
                    const std::function<void(const Document&)>& on_document) {
  DocumentSink sink;
  sink.emit = [&on_document](const Document& doc, const std::string&) { on_document(doc); };
  return ForEachDocument(inputs, input_options, pipeline, quiet, sink);
}

namespace {
std::vector<CommandInstaller>& MutableInstallers() {
  static std::vector<CommandInstaller> installers;
  return installers;
}
}  // namespace

bool RegisterCommands(CommandInstaller installer) {
  MutableInstallers().push_back(installer);
  return true;
}

const std::vector<CommandInstaller>& CommandInstallers() {
  return MutableInstallers();
}

}  // namespace hearsay::cli
