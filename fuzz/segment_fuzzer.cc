// libFuzzer target: reading (text and JSON Lines, strict and lenient UTF-8),
// normalisation, tokenization, sentence splitting, quotation pairing and JSON
// output.
//
// The first input byte picks the reader options; the rest is the file. Each
// document produced is checked for the invariants every later stage relies on.
#include <cstdint>

#include "fuzz_util.h"
#include "hearsay/pipeline.h"
#include "io/document_json.h"

namespace {

using hearsay::fuzz::Check;

void CheckInvariants(const hearsay::Document& doc) {
  const std::uint32_t n = doc.num_tokens();
  std::uint32_t previous_end = 0;
  for (std::uint32_t t = 0; t < n; ++t) {
    Check(doc.token_begin[t] < doc.token_end[t]);
    Check(doc.token_begin[t] >= previous_end);
    Check(doc.token_end[t] <= doc.text().size());
    previous_end = doc.token_end[t];
  }
  std::uint32_t next = 0;
  for (const hearsay::TokenRange& s : doc.sentences) {
    Check(s.first == next && s.last > s.first && s.last <= n);
    next = s.last;
  }
  Check(next == n);
  next = 0;
  for (const hearsay::Paragraph& p : doc.paragraphs) {
    Check(p.tokens.first == next && p.tokens.last > p.tokens.first);
    next = p.tokens.last;
  }
  Check(next == n);
  for (std::size_t i = 0; i < doc.quotations.size(); ++i) {
    const hearsay::Quotation& q = doc.quotations[i];
    Check(q.content.first <= q.content.last && q.content.last <= n);
    if (q.open >= 0) Check(static_cast<std::uint32_t>(q.open) + 1 == q.content.first);
    if (q.close >= 0) Check(static_cast<std::uint32_t>(q.close) == q.content.last);
    Check(q.continues < static_cast<std::int32_t>(i));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const hearsay::Pipeline* pipeline = [] {
    auto p = hearsay::Pipeline::FromNames({"tokenizer", "sentences", "quotations"});
    Check(p.ok());
    return new hearsay::Pipeline(std::move(p).value());
  }();
  hearsay::ReaderOptions options;
  options.format = (data[0] & 1) ? hearsay::InputFormat::kJsonl : hearsay::InputFormat::kText;
  options.lenient_utf8 = (data[0] & 2) != 0;
  options.max_document_bytes = 1 << 16;
  hearsay::fuzz::ReadAll(data + 1, size - 1, "fuzz-input", options, [](hearsay::Document& doc) {
    Check(pipeline->Process(doc).ok());
    CheckInvariants(doc);
    Check(!hearsay::io::DocumentToJson(doc).dump().empty());
  });
  return 0;
}
