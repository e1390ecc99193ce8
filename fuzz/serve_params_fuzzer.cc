// libFuzzer target: the JSON API's request handling (serve/api.h) over a
// tiny in-memory store: any path and query parameters, as cpp-httplib hands
// them over (decoded, so any bytes), must get a JSON answer with a status
// the API documents (docs/api.md), never a crash or an exception.
//
// Input: the first byte picks a route, bytes up to the first '?' (if any)
// follow the route as its id or rest, and the remainder is a query string,
// split on '&' and '=' without decoding.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "serve/api.h"
#include "store/store.h"

namespace {

using hearsay::fuzz::Check;

// Two articles, one speaker quoted in both, a cited report, a quotation
// carried twice: every route has rows to answer with.
hearsay::store::Store& TinyStore() {
  static hearsay::store::Store* store = [] {
    auto s = hearsay::store::Store::Open(":memory:", hearsay::store::OpenMode::kReadWrite);
    Check(s.ok());
    std::vector<hearsay::store::PreparedDocumentPtr> docs;
    for (const char* day : {"2031-05-13", "2031-05-14"}) {
      const std::string record =
          std::string(R"({"id":"d)") + day + R"(","source":"Gazette )" + day + R"(","published":")" + day +
          R"(","text":"\"We will not wait for the next storm,\" Mayor Ingrid Solberg said.",)"
          R"("statements":[{"type":"direct","cue_class":"speech","content":{"start":1,"end":36,)"
          R"("text":"We will not wait for the next storm,"},"speaker":0,)"
          R"("cue":{"start":59,"end":63,"text":"said"},"cited_document":0,"stance":"cites","confidence":0.9}],)"
          R"("speakers":[{"name":"Ingrid Solberg","kind":"person","role":"Mayor","mentions":[{"start":38,"end":58}]}],)"
          R"("cited_documents":[{"name":"the harbour report","author":"the council","resolved_date":null}]})";
      auto prepared = hearsay::store::PrepareDocument(nlohmann::ordered_json::parse(record), "tiny");
      Check(prepared.ok());
      docs.push_back(std::move(prepared.value()));
    }
    Check((*s)->AddDocuments({docs[0].get(), docs[1].get()}).ok());
    return s.value().release();
  }();
  return *store;
}

constexpr std::string_view kRoutes[] = {"/api/stats",  "/api/statements", "/api/speakers",   "/api/cited",
                                        "/api/quotes", "/api/graph",      "/api/timeline",   "/api/speakers/",
                                        "/api/cited/", "/api/quotes/",    "/api/documents/", "/api/"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t question = input.find('?');
  std::string path(kRoutes[data[0] % std::size(kRoutes)]);
  path += input.substr(0, question);
  hearsay::serve::QueryParams params;
  if (question != std::string_view::npos) {
    std::string_view query = input.substr(question + 1);
    while (!query.empty()) {
      const std::size_t amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      const std::size_t eq = pair.find('=');
      params.emplace_back(std::string(pair.substr(0, eq)),
                          eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1)));
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  hearsay::serve::ApiLimits limits;
  limits.query_ms = 1000;
  const hearsay::serve::ApiResponse r = hearsay::serve::HandleApiRequest(TinyStore(), path, params, limits);
  Check(r.status == 200 || r.status == 400 || r.status == 404 || r.status == 413 || r.status == 503);
  const auto body = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  Check(body.is_object());
  Check((r.status == 200) != body.contains("error"));
  return 0;
}
