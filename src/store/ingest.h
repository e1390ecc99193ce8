// Ingest: read articles (files, directories, standard input), extract who
// said what, and store the results in a corpus store (store/store.h).
//
// Threads: the calling thread reads documents through OpenReader (every
// format the reader knows: text, JSON Lines, JSON, and whatever formats are
// added behind OpenReader later) and skips those whose content hash is
// already stored before any extraction; `threads` workers run the pipeline
// and prepare the rows; one writer thread commits them in batches of
// `batch_documents`, each batch one transaction. Queues between them are
// bounded (4 x threads documents), so memory stays bounded however large the
// input.
//
// hearsay's own output is stored as it is, without extracting again: a
// record carrying "schema_version" 1.x (a line of `hearsay extract --format
// json-compact`, a Dask result shard, a `--format json` file) is detected by
// that key and goes straight to the store.
//
// Idempotent and crash-safe: a document and all its rows commit together; a
// killed ingest leaves only whole batches, and running it again stores what
// is missing, nothing twice.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "hearsay/pipeline.h"
#include "hearsay/reader.h"
#include "hearsay/status.h"

namespace hearsay::store {

struct IngestOptions {
  ReaderOptions reader;
  std::size_t threads = 1;           // extraction workers
  std::size_t batch_documents = 64;  // documents per transaction
  bool progress = false;             // redraw a progress line on stderr (a terminal)
};

struct IngestSummary {
  std::size_t files = 0;
  std::size_t documents_read = 0;  // records read, stored or skipped
  std::size_t stored = 0;
  std::size_t already_stored = 0;  // content hash already in the store (or twice in the input)
  std::size_t from_shards = 0;     // stored from hearsay's own output, not extracted
  std::size_t statements = 0;      // statements stored
  std::uint64_t bytes = 0;         // text bytes of the documents read
  double seconds = 0;
  // Documents or files not stored, by reason ("invalid-utf8", "unknown file
  // type", "malformed-record", "pipeline error", ...).
  std::map<std::string, std::size_t> skipped;
};

// The sources to read: "-" for standard input, files as named, directories
// walked recursively (sorted). In a directory, files of a type no reader of
// this build knows are skipped and counted in *skipped by reason; a named
// file is always read. `total_bytes` receives the sum of the file sizes (0
// when standard input is among them: the total is then unknown).
std::vector<std::string> ExpandSources(const std::vector<std::string>& sources,
                                       std::map<std::string, std::size_t>* skipped,
                                       std::uint64_t* total_bytes,
                                       const std::function<void(const Status&)>& report);

// Builds the extraction pipeline; called once, when the first document that
// needs extracting arrives (an ingest of hearsay output loads no model).
using PipelineBuilder = std::function<Result<Pipeline>()>;

// Ingests `sources` into the store at `db_path` (created if needed). Every
// skipped record or file is passed to `report` (a Status naming the file and
// place) and counted in the summary. Returns an error only when the store
// cannot be opened or written, or the pipeline cannot be built; what was
// committed before stays.
Result<IngestSummary> Ingest(const std::string& db_path, const std::vector<std::string>& sources,
                             const PipelineBuilder& build_pipeline, const IngestOptions& options,
                             const std::function<void(const Status&)>& report);

}  // namespace hearsay::store
