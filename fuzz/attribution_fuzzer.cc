// libFuzzer target: the whole default pipeline (tagger, parser, entities and
// the attribution stage on top of segmentation) on arbitrary text, then the
// JSON writers. Checks that every statement, speaker and cited document
// points inside the document, so that malformed text — unbalanced quotation
// marks, stray cues, empty paragraphs — can never make the attribution stage
// read or write out of bounds (the sanitizers catch the rest).
//
// The models load once, from $HEARSAY_MODELS or the source tree's models/.
#include <cstdint>
#include <string>

#include "fuzz_util.h"

#include "hearsay/pipeline.h"
#include "io/document_json.h"
#include "text/utf8.h"

namespace {

using hearsay::fuzz::Check;

bool Inside(const hearsay::TokenRange& r, std::uint32_t n) {
  return r.first <= r.last && r.last <= n;
}

const hearsay::Pipeline& FullPipeline() {
  static const hearsay::Pipeline* pipeline = [] {
    auto p = hearsay::Pipeline::Default();
    Check(p.ok());
    return new hearsay::Pipeline(std::move(p).value());
  }();
  return *pipeline;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16384) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  // The reader guarantees valid UTF-8 to every stage; keep only inputs that
  // are, as the reader would (invalid ones are the segment fuzzer's job).
  hearsay::Document doc(std::move(text), {});
  if (hearsay::utf8::FindInvalid(doc.text()) != hearsay::utf8::kValid) return 0;
  if (!FullPipeline().Process(doc).ok()) return 0;
  const std::uint32_t n = doc.num_tokens();
  for (const hearsay::Statement& s : doc.statements) {
    Check(Inside(s.content, n) && !s.content.empty());
    Check(Inside(s.cue, n) && Inside(s.source, n) && Inside(s.channel, n) && Inside(s.time, n));
    Check(s.speaker == hearsay::kNone || static_cast<std::size_t>(s.speaker) < doc.speakers.size());
    Check(s.continues == hearsay::kNone || static_cast<std::size_t>(s.continues) < doc.statements.size());
    Check(s.cited_document == hearsay::kNone ||
          static_cast<std::size_t>(s.cited_document) < doc.cited_documents.size());
  }
  for (const hearsay::Speaker& sp : doc.speakers)
    for (const hearsay::TokenRange& m : sp.mentions) Check(Inside(m, n));
  (void)hearsay::io::DocumentToJson(doc).dump();
  (void)hearsay::io::DocumentToTable(doc);
  return 0;
}
