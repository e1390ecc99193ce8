// libFuzzer target: what the corpus store parses from outside, namely
//   * .json article files (the JSON reader with its field aliases), and
//   * hearsay output records (PrepareDocument), written to a fresh
//     in-memory store and queried back.
//
// The first input byte picks the path; the rest is the file or record.
#include <cstdint>

#include "fuzz_util.h"
#include "store/store.h"

using hearsay::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  if (data[0] & 1) {
    hearsay::ReaderOptions options;
    options.format = hearsay::InputFormat::kJson;
    options.lenient_utf8 = (data[0] & 2) != 0;
    options.max_document_bytes = 1 << 16;
    hearsay::fuzz::ReadAll(data + 1, size - 1, "fuzz.json", options, [](const hearsay::Document&) {});
    return 0;
  }
  const auto json = nlohmann::ordered_json::parse(data + 1, data + size, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return 0;
  auto prepared = hearsay::store::PrepareDocument(json, "fuzz.jsonl:1");
  if (!prepared.ok()) {
    Check(prepared.status().code() == hearsay::StatusCode::kMalformedRecord);
    return 0;
  }
  auto store = hearsay::store::Store::Open(":memory:", hearsay::store::OpenMode::kReadWrite);
  Check(store.ok());
  const hearsay::store::PreparedDocument* batch[] = {prepared.value().get(), prepared.value().get()};
  auto added = (*store)->AddDocuments({batch[0], batch[1]});
  Check(added.ok());
  Check(added->outcomes.size() == 2 && added->outcomes[0] == hearsay::store::AddOutcome::kStored &&
        added->outcomes[1] == hearsay::store::AddOutcome::kAlreadyStored);
  auto counts = (*store)->Counts();
  Check(counts.ok() && counts->documents == 1);
  hearsay::store::StatementFilter all;
  all.limit = 1000;
  auto rows = (*store)->FindStatements(all);
  Check(rows.ok() &&
        static_cast<std::int64_t>(rows->size()) == std::min<std::int64_t>(counts->statements, 1000));
  Check((*store)->ListQuoteClusters({}).ok());
  return 0;
}
