// Tests of the corpus store (src/store): the linking keys, the schema and
// its migrations, writing and querying, idempotence, order independence,
// reading .json articles, and a real `hearsay ingest` killed with SIGKILL
// and resumed.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "hearsay/reader.h"
#include "store/linking.h"
#include "store/schema.h"
#include "store/store.h"
#include "test_util.h"

namespace hearsay::store {
namespace {

using json = nlohmann::ordered_json;

// --- linking keys ----------------------------------------------------------------

TEST(StoreLinking, NameKeyFoldsCaseAccentsTitlesAndPunctuation) {
  EXPECT_EQ(NameKey("Ingrid Solberg-\xC3\x98"
                    "degaard"),
            NameKey("INGRID SOLBERG-\xC3\xB8"
                    "degaard"));
  EXPECT_EQ(NameKey("Dr. Jos\xC3\xA9 N\xC3\xBA\xC3\xB1"
                    "ez"),
            "jose nunez");
  EXPECT_EQ(NameKey("Mr. O\xE2\x80\x99"
                    "Brien"),
            "o'brien");
  EXPECT_EQ(NameKey("Amnesty International"), "amnesty international");
  EXPECT_NE(NameKey("Erna Solberg"), NameKey("Ingrid Solberg"));
  EXPECT_EQ(SurnameOf(NameKey("Erna Solberg")), "solberg");
  EXPECT_TRUE(IsSingleWord(NameKey("Mr. Solberg")));
  EXPECT_EQ(NameKey("..."), "");
  EXPECT_EQ(TidyName("___  DONALD   TRUMP"), "DONALD TRUMP");
  EXPECT_EQ(TidyName("| Trump"), "Trump");
  EXPECT_EQ(TidyName("Jos\xC3\xA9 N\xC3\xBA\xC3\xB1"
                     "ez Jr."),
            "Jos\xC3\xA9 N\xC3\xBA\xC3\xB1"
            "ez Jr.");
  EXPECT_EQ(TidyName("---"), "---");  // nothing left: kept as it was
}

TEST(StoreLinking, MinHashSeparatesNearDuplicatesFromOtherQuotes) {
  const auto a = QuoteWords("We will not wait for the next storm to hit the harbour before we act.");
  const auto b = QuoteWords("we will not wait for the next storm to hit the harbour before we act");
  const auto c =
      QuoteWords("We will not wait for the next storm to hit this harbour before we act, she said");
  const auto d = QuoteWords("The budget deficit grew by three percent in the last quarter of the year.");
  EXPECT_EQ(EstimatedJaccard(ComputeMinHash(a), ComputeMinHash(b)), 1.0);
  EXPECT_GE(EstimatedJaccard(ComputeMinHash(a), ComputeMinHash(c)), 0.4);
  EXPECT_LT(EstimatedJaccard(ComputeMinHash(a), ComputeMinHash(d)), 0.2);
  // Equal signatures share every band; the blob round-trips.
  EXPECT_EQ(BandHashes(ComputeMinHash(a)), BandHashes(ComputeMinHash(b)));
  MinHashSignature back;
  ASSERT_TRUE(SignatureFromBlob(SignatureToBlob(ComputeMinHash(a)), &back));
  EXPECT_EQ(back, ComputeMinHash(a));
  EXPECT_FALSE(SignatureFromBlob("short", &back));
}

TEST(StoreLinking, CitedDocumentKeys) {
  EXPECT_EQ(CitedDocumentKey("the report", "", ""), "");  // too generic to link
  EXPECT_EQ(CitedDocumentKey("The Amnesty report", "Amnesty International", "2031-05-10"),
            CitedDocumentKey("Amnesty report", "amnesty international", "2031-05-10"));
  EXPECT_NE(CitedDocumentKey("the report", "Amnesty International", ""), "");
  EXPECT_NE(CitedDocumentKey("annual report", "Amnesty International", "2030-01-01"),
            CitedDocumentKey("annual report", "Amnesty International", "2031-01-01"));
  EXPECT_EQ(CitedDocumentKind("the Amnesty International report"), "report");
}

TEST(StoreLinking, ContentHashAndDays) {
  EXPECT_EQ(ContentHash({"a", "bc"}).size(), 32u);
  EXPECT_EQ(ContentHash({"a", "bc"}), ContentHash({"a", "bc"}));
  EXPECT_NE(ContentHash({"a", "bc"}), ContentHash({"ab", "c"}));  // part boundaries count
  EXPECT_EQ(DayOf("2016-09-20"), "2016-09-20");
  EXPECT_EQ(DayOf("2016-09-20T10:00:00Z"), "2016-09-20");
  EXPECT_EQ(DayOf("Sept 20, 2016"), "");
  EXPECT_EQ(DayOf(""), "");
}

// --- hand-made hearsay output ------------------------------------------------------

struct SpeakerSpec {
  SpeakerSpec(std::string n, std::string k = "person", std::string r = "", std::string a = "")
      : name(std::move(n)), kind(std::move(k)), role(std::move(r)), affiliation(std::move(a)) {}
  std::string name, kind, role, affiliation;
};
struct CitedSpec {
  std::string name, author, date;
};
struct StatementSpec {
  StatementSpec(std::string t, std::string c, int s = -1, int d = -1, std::string st = "")
      : type(std::move(t)), content(std::move(c)), speaker(s), cited(d), stance(std::move(st)) {}
  std::string type, content;
  int speaker, cited;
  std::string stance;
};

json Span(std::int64_t start, const std::string& text) {
  return {{"start", start},
          {"end", start + static_cast<std::int64_t>(text.size())},
          {"text", text},
          {"tokens", {0, 1}}};
}

// A schema-1.0.0 document object as `hearsay extract --format json-compact`
// prints it (without tokens), ASCII text so offsets are bytes.
json MakeDoc(const std::string& id, const std::string& outlet, const std::string& published,
             const std::vector<SpeakerSpec>& speakers, const std::vector<CitedSpec>& cited,
             const std::vector<StatementSpec>& statements) {
  std::string text;
  json st = json::array();
  for (const auto& s : statements) {
    const std::int64_t start = static_cast<std::int64_t>(text.size()) + 1;
    text += "\"" + s.content + "\" said someone. ";
    st.push_back({{"type", s.type},
                  {"cue_class", "speech"},
                  {"content", Span(start, s.content)},
                  {"speaker", s.speaker >= 0 ? json(s.speaker) : json(nullptr)},
                  {"speaker_name", s.speaker >= 0 ? json(speakers[s.speaker].name) : json(nullptr)},
                  {"speaker_mention", nullptr},
                  {"cue", Span(start + static_cast<std::int64_t>(s.content.size()) + 2, "said")},
                  {"cue_particle", nullptr},
                  {"continues", nullptr},
                  {"channel", nullptr},
                  {"addressee", nullptr},
                  {"time", nullptr},
                  {"date", nullptr},
                  {"cited_document", s.cited >= 0 ? json(s.cited) : json(nullptr)},
                  {"stance", s.stance.empty() ? json(nullptr) : json(s.stance)},
                  {"confidence", 0.9}});
  }
  json sp = json::array();
  for (const auto& s : speakers)
    sp.push_back({{"name", s.name},
                  {"kind", s.kind},
                  {"role", s.role.empty() ? json(nullptr) : json(s.role)},
                  {"affiliation", s.affiliation.empty() ? json(nullptr) : json(s.affiliation)},
                  {"mentions", json::array({Span(0, "x")})}});
  json cd = json::array();
  for (const auto& c : cited)
    cd.push_back({{"name", c.name},
                  {"author", c.author.empty() ? json(nullptr) : json(c.author)},
                  {"date", nullptr},
                  {"resolved_date", c.date.empty() ? json(nullptr) : json(c.date)},
                  {"mentions", json::array()}});
  json doc = {{"schema_version", "1.0.0"}, {"id", id}, {"source", outlet}};
  if (!published.empty()) doc["published"] = published;
  doc["language"] = "en";
  doc["text"] = text;
  doc["paragraphs"] = json::array();
  doc["sentences"] = json::array();
  doc["statements"] = st;
  doc["speakers"] = sp;
  doc["cited_documents"] = cd;
  return doc;
}

const std::string kQuote = "We will not wait for the next storm to hit the harbour before we act";

// Four articles: one quotation carried by three outlets (one copy trimmed),
// one person named in full, by surname only and a namesake, one report.
std::vector<json> Corpus() {
  const SpeakerSpec ingrid{"Ingrid Solberg", "person", "Mayor", "Brandvik"};
  const SpeakerSpec ingrid_surname{"Solberg"};
  const SpeakerSpec erna{"Erna Solberg", "person", "Prime Minister", ""};
  const SpeakerSpec amnesty{"Amnesty International", "organization"};
  const CitedSpec report{"the Amnesty report", "Amnesty International", "2031-05-10"};
  return {
      MakeDoc("gazette-1", "Example Gazette", "2031-05-13", {ingrid, amnesty}, {report},
              {{"direct", kQuote, 0},
               {"indirect", "the report is flawed", 0, 0, "criticise"},
               {"direct", "The evidence of abuse is overwhelming and documented", 1, 0, "source"}}),
      MakeDoc(
          "herald-7", "Daily Herald", "2031-05-12", {ingrid_surname}, {report},
          {{"direct", kQuote + " on Tuesday", 0}, {"indirect", "the report was careful", 0, 0, "support"}}),
      MakeDoc("wire-3", "Wire Service", "2031-05-14", {erna, ingrid}, {{"the report", "", ""}},
              {{"direct", "Our budget will balance next year without any new taxes at all", 0},
               {"mixed", kQuote, 1},
               {"indirect", "the report says little", 0, 0, "cites"}}),
      MakeDoc("undated-1", "Blog", "", {ingrid}, {}, {{"direct", kQuote, 0}}),
  };
}

std::vector<PreparedDocumentPtr> Prepare(const std::vector<json>& docs) {
  std::vector<PreparedDocumentPtr> out;
  for (const auto& d : docs) {
    auto p = PrepareDocument(d, d["id"].get<std::string>());
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    if (p.ok()) out.push_back(std::move(p.value()));
  }
  return out;
}

Status AddAll(Store& store, const std::vector<PreparedDocumentPtr>& docs, std::size_t batch = 2) {
  for (std::size_t i = 0; i < docs.size(); i += batch) {
    std::vector<const PreparedDocument*> b;
    for (std::size_t j = i; j < std::min(docs.size(), i + batch); ++j) b.push_back(docs[j].get());
    auto r = store.AddDocuments(b);
    if (!r.ok()) return r.status();
  }
  return Status::Ok();
}

std::unique_ptr<Store> OpenOrDie(const std::string& path, OpenMode mode = OpenMode::kReadWrite) {
  auto s = Store::Open(path, mode);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(s.value()) : nullptr;
}

// The rows of the per-speaker aggregates (kept by triggers) that differ
// from the same aggregates computed from the statements now: none when they
// are exact.
std::int64_t AggregateMismatches(Store& store) {
  const char* sql =
      "SELECT COUNT(*) FROM ("
      "  SELECT * FROM (SELECT speaker_id, outlet, statements, first_day, last_day FROM speaker_outlets"
      "    EXCEPT SELECT speaker_id, COALESCE(outlet, ''), COUNT(*), MIN(published_day), MAX(published_day)"
      "    FROM statements WHERE speaker_id IS NOT NULL GROUP BY speaker_id, outlet)"
      "  UNION ALL SELECT * FROM (SELECT speaker_id, COALESCE(outlet, ''), COUNT(*), MIN(published_day),"
      "    MAX(published_day) FROM statements WHERE speaker_id IS NOT NULL GROUP BY speaker_id, outlet"
      "    EXCEPT SELECT speaker_id, outlet, statements, first_day, last_day FROM speaker_outlets)"
      "  UNION ALL SELECT *, 0, 0 FROM (SELECT speaker_id, cited_document_id, statements FROM speaker_cited"
      "    EXCEPT SELECT speaker_id, cited_document_id, COUNT(*) FROM statements"
      "    WHERE speaker_id IS NOT NULL AND cited_document_id IS NOT NULL GROUP BY 1, 2)"
      "  UNION ALL SELECT *, 0, 0 FROM (SELECT speaker_id, cited_document_id, COUNT(*) FROM statements"
      "    WHERE speaker_id IS NOT NULL AND cited_document_id IS NOT NULL GROUP BY 1, 2"
      "    EXCEPT SELECT speaker_id, cited_document_id, statements FROM speaker_cited)"
      "  UNION ALL SELECT *, 0, 0 FROM (SELECT speaker_id, day, statements FROM speaker_days"
      "    EXCEPT SELECT speaker_id, published_day, COUNT(*) FROM statements"
      "    WHERE speaker_id IS NOT NULL AND published_day IS NOT NULL GROUP BY 1, 2)"
      "  UNION ALL SELECT *, 0, 0 FROM (SELECT speaker_id, published_day, COUNT(*) FROM statements"
      "    WHERE speaker_id IS NOT NULL AND published_day IS NOT NULL GROUP BY 1, 2"
      "    EXCEPT SELECT speaker_id, day, statements FROM speaker_days))";
  sqlite3_stmt* q = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(store.db(), sql, -1, &q, nullptr), SQLITE_OK) << sqlite3_errmsg(store.db());
  std::int64_t n = -1;
  if (sqlite3_step(q) == SQLITE_ROW) n = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  return n;
}

// Everything the store linked, independent of row ids: speakers with their
// statements, clusters as sets of (document, statement), cited documents.
std::string Canonical(Store& store) {
  std::multiset<std::string> lines;
  auto collect = [&](const char* sql) {
    sqlite3_stmt* q = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(store.db(), sql, -1, &q, nullptr), SQLITE_OK) << sql;
    while (sqlite3_step(q) == SQLITE_ROW) {
      std::string line;
      for (int c = 0; c < sqlite3_column_count(q); ++c) {
        const auto* t = sqlite3_column_text(q, c);
        line += (t ? reinterpret_cast<const char*>(t) : "NULL") + std::string("|");
      }
      lines.insert(line);
    }
    sqlite3_finalize(q);
  };
  collect(
      "SELECT 'speaker', name, kind, statement_count, document_count, first_seen, last_seen FROM speakers");
  collect(
      "SELECT 'said', d.doc_id, s.idx, sp.name FROM statements s JOIN documents d ON d.id = s.document_id "
      "LEFT JOIN speakers sp ON sp.id = s.speaker_id");
  collect(
      "SELECT 'cluster', c.content, c.first_published, c.member_count, c.outlet_count, "
      "(SELECT group_concat(doc_id || ':' || idx) FROM (SELECT d.doc_id, s.idx FROM statements s JOIN "
      "documents d "
      "ON d.id = s.document_id WHERE s.cluster_id = c.id ORDER BY 1, 2)) FROM quote_clusters c");
  collect(
      "SELECT 'cited', name, issuer, date, citation_count, first_cited FROM cited_documents "
      "WHERE doc_key NOT LIKE 'local:%'");
  collect(
      "SELECT 'role', sp.name, r.role, r.affiliation, r.published_day FROM speaker_roles r "
      "JOIN speakers sp ON sp.id = r.speaker_id");
  collect(
      "SELECT 'outlet', sp.name, a.outlet, a.statements, a.first_day, a.last_day FROM speaker_outlets a "
      "JOIN speakers sp ON sp.id = a.speaker_id");
  collect(
      "SELECT 'speaker-cited', sp.name, c.name, a.statements FROM speaker_cited a "
      "JOIN speakers sp ON sp.id = a.speaker_id JOIN cited_documents c ON c.id = a.cited_document_id");
  collect(
      "SELECT 'speaker-day', sp.name, a.day, a.statements FROM speaker_days a "
      "JOIN speakers sp ON sp.id = a.speaker_id");
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

TEST(StoreTest, LinksSpeakersQuotesAndCitedDocumentsAcrossArticles) {
  testing::TempDir dir;
  auto store = OpenOrDie((dir.path() / "s.db").string());
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), CurrentSchemaVersion());
  const auto docs = Prepare(Corpus());
  ASSERT_TRUE(AddAll(*store, docs).ok());

  // Ingrid Solberg (three articles by full name) is one person, Erna
  // Solberg another; "Solberg" alone could be either, so it stays apart.
  SpeakerFilter sf;
  sf.name = "solberg";
  auto speakers = store->ListSpeakers(sf);
  ASSERT_TRUE(speakers.ok());
  ASSERT_EQ(speakers->size(), 3u);
  EXPECT_EQ((*speakers)[0].name, "Ingrid Solberg");
  EXPECT_EQ((*speakers)[0].statement_count, 4);
  EXPECT_EQ((*speakers)[0].document_count, 3);
  EXPECT_EQ((*speakers)[0].first_seen, "2031-05-13");
  EXPECT_EQ((*speakers)[0].last_seen, "2031-05-14");
  std::map<std::string, SpeakerRow> by_name;
  for (const auto& s : *speakers) by_name[s.name] = s;
  EXPECT_EQ(by_name["Solberg"].statement_count, 2);
  EXPECT_EQ(by_name["Erna Solberg"].statement_count, 2);
  EXPECT_EQ(by_name["Erna Solberg"].first_seen, "2031-05-14");
  auto ingrid = store->GetSpeaker((*speakers)[0].id);
  ASSERT_TRUE(ingrid.ok());
  ASSERT_EQ(ingrid->roles.size(), 3u);
  EXPECT_EQ(ingrid->roles[0].role, "Mayor");
  EXPECT_EQ(ingrid->roles[0].affiliation, "Brandvik");
  EXPECT_EQ(ingrid->roles[0].published_day, "2031-05-14");

  // The quotation: four copies (one extended by two words), three dated
  // outlets and a blog; first carried by the Herald on 12 May.
  QuoteClusterFilter qf;
  auto clusters = store->ListQuoteClusters(qf);
  ASSERT_TRUE(clusters.ok());
  ASSERT_EQ(clusters->size(), 1u);
  EXPECT_EQ((*clusters)[0].member_count, 4);
  EXPECT_EQ((*clusters)[0].outlet_count, 4);
  EXPECT_EQ((*clusters)[0].first_published, "2031-05-12");
  auto propagation = store->GetQuotePropagation((*clusters)[0].id);
  ASSERT_TRUE(propagation.ok());
  ASSERT_EQ(propagation->members.size(), 4u);
  EXPECT_EQ(propagation->members[0].outlet, "Daily Herald");
  EXPECT_EQ(propagation->members[3].outlet, "Blog");  // undated last

  // The Amnesty report cited by two articles; "the report" of the wire is its own.
  auto cited = store->ListCitedDocuments({});
  ASSERT_TRUE(cited.ok());
  ASSERT_EQ(cited->size(), 1u);
  EXPECT_EQ((*cited)[0].citation_count, 3);
  auto reception = store->GetCitedReception((*cited)[0].id);
  ASSERT_TRUE(reception.ok());
  std::map<std::string, std::int64_t> stances(reception->stance_counts.begin(),
                                              reception->stance_counts.end());
  EXPECT_EQ(stances["criticise"], 1);
  EXPECT_EQ(stances["support"], 1);
  EXPECT_EQ(stances["source"], 1);
  ASSERT_EQ(reception->timeline.size(), 2u);
  EXPECT_EQ(reception->timeline[0].first, "2031-05-12");

  // Queries.
  StatementFilter f;
  f.text = "budget";
  auto found = store->FindStatements(f);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().speaker_name, "Erna Solberg");
  f = {};
  f.speaker = "ingrid solberg";
  f.from = "2031-05-13";
  found = store->FindStatements(f);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->size(), 3u);  // 13 and 14 May (not the undated one); newest first
  EXPECT_EQ(found->front().published_day, "2031-05-14");
  f = {};
  f.outlet = "Daily Herald";
  found = store->FindStatements(f);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->size(), 2u);
  f = {};
  f.cited = "amnesty";
  f.to = "2031-05-12";
  found = store->FindStatements(f);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->size(), 1u);
}

TEST(StoreTest, SurnameAloneJoinsTheOnlyPersonOfThatSurnameInAnyOrder) {
  testing::TempDir dir;
  const auto corpus = Corpus();
  // Without Erna Solberg: "Solberg" is Ingrid, whichever comes first.
  for (const auto& order :
       {std::vector<json>{corpus[0], corpus[1]}, std::vector<json>{corpus[1], corpus[0]}}) {
    const std::string path =
        (dir.path() / ("s" + std::to_string(order[0]["id"].get<std::string>().size()) + ".db")).string();
    auto store = OpenOrDie(path);
    ASSERT_TRUE(store);
    ASSERT_TRUE(AddAll(*store, Prepare(order), 1).ok());
    SpeakerFilter sf;
    sf.kind = "person";
    auto speakers = store->ListSpeakers(sf);
    ASSERT_TRUE(speakers.ok());
    ASSERT_EQ(speakers->size(), 1u);
    EXPECT_EQ((*speakers)[0].name, "Ingrid Solberg");
    EXPECT_EQ((*speakers)[0].statement_count, 4);
    EXPECT_EQ((*speakers)[0].document_count, 2);
    EXPECT_EQ((*speakers)[0].first_seen, "2031-05-12");
  }
}

TEST(StoreTest, FullTextPagesFromTheDayKeyedIndexEqualTheSortedOnes) {
  // A full-text query alone takes its page from the full-text index, whose
  // rowids are day keys; with a speaker filter (which every statement here
  // passes) FindStatements takes the speaker index and filters by the
  // matches instead. Both must give the same rows, with and without a date
  // range, outlet and type.
  testing::TempDir dir;
  auto store = OpenOrDie((dir.path() / "s.db").string());
  ASSERT_TRUE(store);
  std::vector<json> docs;
  for (int d = 0; d < 3; ++d) {
    std::vector<StatementSpec> statements;
    for (int i = 0; i < 700; ++i)
      statements.emplace_back("indirect", "the harbour wall number " + std::to_string(d * 1000 + i), 0);
    docs.push_back(MakeDoc("doc-" + std::to_string(d), "Gazette", "2031-01-0" + std::to_string(3 - d),
                           {SpeakerSpec("Ingrid Solberg")}, {}, statements));
  }
  // Undated: last in every page, and in no date range.
  docs.push_back(MakeDoc("undated", "Gazette", "", {SpeakerSpec("Ingrid Solberg")}, {},
                         {{"indirect", "the harbour wall undated", 0}}));
  ASSERT_TRUE(AddAll(*store, Prepare(docs), 3).ok());
  StatementFilter walk;
  walk.text = "harbour";
  walk.limit = 30;
  walk.offset = 690;
  StatementFilter sort = walk;
  sort.speaker = "Ingrid Solberg";
  auto a = store->FindStatements(walk);
  auto b = store->FindStatements(sort);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->size(), 30u);
  ASSERT_EQ(b->size(), 30u);
  for (std::size_t i = 0; i < 30; ++i) EXPECT_EQ((*a)[i].id, (*b)[i].id);
  EXPECT_EQ(a->front().published_day, "2031-01-03");  // the newest day first
  EXPECT_EQ(a->back().published_day, "2031-01-02");
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"2031-01-02", "2031-01-02"}, {"", "2031-01-01"}, {"2031-01-02", ""}, {"2031-01-04", ""}}) {
    walk.from = sort.from = from;
    walk.to = sort.to = to;
    walk.offset = sort.offset = 0;
    walk.limit = sort.limit = 3000;
    walk.outlet = sort.outlet = from.empty() ? "Gazette" : "";
    walk.type = sort.type = to.empty() ? "indirect" : "";
    a = store->FindStatements(walk);
    b = store->FindStatements(sort);
    ASSERT_TRUE(a.ok() && b.ok()) << a.status().ToString() << b.status().ToString();
    EXPECT_EQ(a->size(), from == "2031-01-04"                 ? 0u
                         : from == "2031-01-02" && to.empty() ? 1400u
                                                              : 700u)
        << from << ".." << to;
    ASSERT_EQ(a->size(), b->size());
    for (std::size_t i = 0; i < a->size(); ++i) EXPECT_EQ((*a)[i].id, (*b)[i].id);
  }
}

TEST(StoreTest, QueryErrorsAreClear) {
  testing::TempDir dir;
  auto store = OpenOrDie((dir.path() / "s.db").string());
  ASSERT_TRUE(store);
  ASSERT_TRUE(AddAll(*store, Prepare(Corpus())).ok());
  StatementFilter f;
  f.text = "\"unbalanced";
  auto r = store->FindStatements(f);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("\"unbalanced"), std::string::npos) << r.status().message();
  f = {};
  f.from = "May 2031";
  r = store->FindStatements(f);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  // Speaker words are never FTS syntax.
  f = {};
  f.speaker = "Solberg\" OR \"x";
  EXPECT_TRUE(store->FindStatements(f).ok());
  EXPECT_EQ(store->GetSpeaker(999999).status().code(), StatusCode::kNotFound);
}

TEST(StoreTest, AddingTheSameDocumentsAgainChangesNothing) {
  testing::TempDir dir;
  auto store = OpenOrDie((dir.path() / "s.db").string());
  ASSERT_TRUE(store);
  const auto docs = Prepare(Corpus());
  ASSERT_TRUE(AddAll(*store, docs).ok());
  const std::string before = Canonical(*store);
  auto counts = store->Counts();
  std::vector<const PreparedDocument*> all;
  for (const auto& d : docs) all.push_back(d.get());
  auto again = store->AddDocuments(all);
  ASSERT_TRUE(again.ok());
  for (AddOutcome o : again->outcomes) EXPECT_EQ(o, AddOutcome::kAlreadyStored);
  EXPECT_EQ(Canonical(*store), before);
  EXPECT_EQ(store->Counts()->statements, counts->statements);
}

TEST(StoreTest, WriterHoldsNoSnapshotBetweenBatches) {
  // Otherwise no checkpoint could copy the WAL back and it would grow
  // without end during a long ingest.
  testing::TempDir dir;
  const std::string path = (dir.path() / "s.db").string();
  auto store = OpenOrDie(path);
  ASSERT_TRUE(store);
  ASSERT_TRUE(AddAll(*store, Prepare(Corpus()), 1).ok());
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "SELECT COUNT(*) FROM documents;", nullptr, nullptr, nullptr), SQLITE_OK);
  int log_frames = -1, checkpointed = -2;
  ASSERT_EQ(sqlite3_wal_checkpoint_v2(other, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames, &checkpointed),
            SQLITE_OK);
  sqlite3_close(other);
  EXPECT_GT(log_frames, 0);
  EXPECT_EQ(checkpointed, log_frames);
}

TEST(StoreTest, IngestOrderDoesNotMatter) {
  testing::TempDir dir;
  const auto corpus = Corpus();
  std::vector<json> reversed(corpus.rbegin(), corpus.rend());
  // Surname first, then the full name: the surname-only record merges.
  std::vector<json> surname_first = {corpus[1], corpus[3], corpus[0], corpus[2]};
  auto a = OpenOrDie((dir.path() / "a.db").string());
  auto b = OpenOrDie((dir.path() / "b.db").string());
  auto c = OpenOrDie((dir.path() / "c.db").string());
  ASSERT_TRUE(a && b && c);
  ASSERT_TRUE(AddAll(*a, Prepare(corpus), 1).ok());
  ASSERT_TRUE(AddAll(*b, Prepare(reversed), 3).ok());
  ASSERT_TRUE(AddAll(*c, Prepare(surname_first), 1).ok());
  EXPECT_EQ(Canonical(*a), Canonical(*b));
  EXPECT_EQ(Canonical(*a), Canonical(*c));
  // The surname-first order moves statements between speakers when the
  // records merge: the aggregates follow.
  EXPECT_EQ(AggregateMismatches(*a), 0);
  EXPECT_EQ(AggregateMismatches(*b), 0);
  EXPECT_EQ(AggregateMismatches(*c), 0);
  // Deleting statements (no path of hearsay does yet) keeps them exact too.
  ASSERT_EQ(sqlite3_exec(c->db(), "DELETE FROM statements WHERE id % 2 = 0", nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_EQ(AggregateMismatches(*c), 0);
}

TEST(StoreTest, MalformedHearsayOutputIsRefusedWithItsPlace) {
  json doc = Corpus()[0];
  doc["statements"][1]["speaker"] = 7;
  auto p = PrepareDocument(doc, "shard.jsonl:3");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kMalformedRecord);
  EXPECT_NE(p.status().message().find("shard.jsonl:3: statements[1]"), std::string::npos)
      << p.status().message();
  json no_attribution = Corpus()[0];
  no_attribution.erase("statements");
  EXPECT_FALSE(PrepareDocument(no_attribution, "x").ok());
  EXPECT_FALSE(PrepareDocument(json::array(), "x").ok());
}

// --- schema versions -----------------------------------------------------------

TEST(StoreTest, OlderStoreIsMigratedAndNewerRefused) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "old.db").string();
  {
    // A version-1 file, as the first release wrote it: an undated statement
    // and one by a speaker with a role, in a dated article.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    const std::string v1 =
        std::string(Migrations()[0]) +
        "INSERT INTO documents (id, content_hash, doc_id, text, bytes, statement_count, ingested_at) "
        "VALUES (1, 'h', 'old-1', 'x', 1, 1, '2031-01-01T00:00:00Z');"
        "INSERT INTO statements (document_id, idx, type, cue_class, content, content_start, "
        "content_end, confidence) VALUES (1, 0, 'direct', 'speech', 'harbour walls stand', 0, 1, 0.5);"
        "INSERT INTO documents (id, content_hash, doc_id, outlet, published_day, text, bytes, "
        "statement_count, ingested_at) VALUES (2, 'h2', 'old-2', 'Gazette', '2031-01-05', 'y', 1, 1, "
        "'2031-01-06T00:00:00Z');"
        "INSERT INTO speakers (id, name, name_key, surname_key, kind, surname_only, statement_count, "
        "document_count) VALUES (1, 'Ingrid Solberg', 'ingrid solberg', 'solberg', 'person', 0, 1, 1);"
        "INSERT INTO mentions (document_id, idx, speaker_id, name, kind, role, spans) "
        "VALUES (2, 0, 1, 'Ingrid Solberg', 'person', 'Mayor', '[]');"
        "INSERT INTO statements (document_id, idx, published_day, outlet, type, cue_class, content, "
        "content_start, content_end, speaker_idx, speaker_id, confidence) VALUES (2, 0, '2031-01-05', "
        "'Gazette', 'indirect', 'speech', 'the harbour is safe', 0, 1, 0, 1, 0.5);"
        "PRAGMA application_id = 1213415769; PRAGMA user_version = 1;";
    ASSERT_EQ(sqlite3_exec(db, v1.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto read_only = Store::Open(path, OpenMode::kReadOnly);
  ASSERT_FALSE(read_only.ok());
  EXPECT_EQ(read_only.status().code(), StatusCode::kVersionMismatch);
  {
    auto store = OpenOrDie(path);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->schema_version(), CurrentSchemaVersion());
  }
  auto store = OpenOrDie(path, OpenMode::kReadOnly);
  ASSERT_TRUE(store);
  StatementFilter f;
  f.text = "harbour";
  auto rows = store->FindStatements(f);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);               // the full-text index was built from the old rows
  EXPECT_EQ(rows->front().doc_id, "old-2");  // dated before undated
  EXPECT_EQ(rows->back().doc_id, "old-1");
  f.from = "2031-01-05";
  rows = store->FindStatements(f);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().doc_id, "old-2");
  // The per-speaker aggregates and the mentions' days were filled.
  EXPECT_EQ(AggregateMismatches(*store), 0);
  auto speaker = store->GetSpeaker(1);
  ASSERT_TRUE(speaker.ok()) << speaker.status().ToString();
  ASSERT_EQ(speaker->roles.size(), 1u);
  EXPECT_EQ(speaker->roles[0].role, "Mayor");
  EXPECT_EQ(speaker->roles[0].published_day, "2031-01-05");
  sqlite3_stmt* outlets = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(store->db(), "SELECT outlet, statements, first_day FROM speaker_outlets", -1,
                               &outlets, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(outlets), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(outlets, 0)), "Gazette");
  EXPECT_EQ(sqlite3_column_int64(outlets, 1), 1);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(outlets, 2)), "2031-01-05");
  EXPECT_EQ(sqlite3_step(outlets), SQLITE_DONE);
  sqlite3_finalize(outlets);
  store.reset();

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 99;", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto newer = Store::Open(path, OpenMode::kReadWrite);
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.status().code(), StatusCode::kVersionMismatch);
  EXPECT_NE(newer.status().message().find("newer"), std::string::npos);

  const std::string other = (dir.path() / "other.db").string();
  ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t (x);", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  EXPECT_EQ(Store::Open(other, OpenMode::kReadWrite).status().code(), StatusCode::kVersionMismatch);
  EXPECT_EQ(Store::Open((dir.path() / "missing.db").string(), OpenMode::kReadOnly).status().code(),
            StatusCode::kNotFound);
}

// --- .json articles ----------------------------------------------------------------

TEST(StoreTest, JsonFileArticleWithCorpusFieldNames) {
  testing::TempDir dir;
  const std::string path = dir.Write("a.json", R"({
    "topic": "storms", "source": "Example Gazette", "url": "http://example.org/a",
    "title": "Walls", "date": "2031-05-13", "authors": "A. Writer",
    "content": "pre - tokenized , ignored", "content_original": "The mayor spoke.", "ID": "abc"
  })");
  auto reader = OpenReader(path, ReaderOptions{});
  ASSERT_TRUE(reader.ok());
  Document doc;
  bool end = false;
  ASSERT_TRUE((*reader)->Next(&doc, &end).ok());
  ASSERT_FALSE(end);
  EXPECT_EQ(doc.text(), "The mayor spoke.");
  EXPECT_EQ(doc.metadata().id, "abc");
  EXPECT_EQ(doc.metadata().published, "2031-05-13");
  EXPECT_EQ(doc.metadata().source, "Example Gazette");
  EXPECT_EQ(doc.metadata().authors, std::vector<std::string>{"A. Writer"});
  const auto extra = json::parse(doc.metadata().extra_json);
  EXPECT_FALSE(extra.contains("authors"));
  EXPECT_EQ(extra["content"], "pre - tokenized , ignored");
  EXPECT_FALSE(extra.contains("content_original"));
  ASSERT_TRUE((*reader)->Next(&doc, &end).ok());
  EXPECT_TRUE(end);

  // A field's own key wins over its alias; an array holds several articles.
  const std::string array = dir.Write("b.json", R"([{"text": "one", "date": "x", "published": "2031-01-01"},
                                                   {"text": 5}, {"content_original": "three"}])");
  reader = OpenReader(array, ReaderOptions{});
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE((*reader)->Next(&doc, &end).ok());
  EXPECT_EQ(doc.metadata().published, "2031-01-01");
  EXPECT_EQ(json::parse(doc.metadata().extra_json)["date"], "x");
  Status bad = (*reader)->Next(&doc, &end);
  EXPECT_EQ(bad.code(), StatusCode::kMalformedRecord);
  EXPECT_NE(bad.message().find("b.json[1]"), std::string::npos) << bad.message();
  ASSERT_TRUE((*reader)->Next(&doc, &end).ok());
  EXPECT_EQ(doc.text(), "three");

  reader = OpenReader(dir.Write("c.json", "{\"text\": "), ReaderOptions{});
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->Next(&doc, &end).code(), StatusCode::kMalformedRecord);

  // A JSON array with no article in it (ground truth beside the corpus) is
  // one error for the file, not one per element, and the reader then ends.
  reader = OpenReader(dir.Write("d.json", R"([{"record_id": "a", "key": 1}, {"record_id": "b"}, 3])"),
                      ReaderOptions{});
  ASSERT_TRUE(reader.ok());
  bad = (*reader)->Next(&doc, &end);
  EXPECT_EQ(bad.code(), StatusCode::kMalformedRecord);
  EXPECT_NE(bad.message().find("d.json: an array of 3 values, none an article"), std::string::npos)
      << bad.message();
  ASSERT_TRUE((*reader)->Next(&doc, &end).ok());
  EXPECT_TRUE(end);
}

// --- the real command, killed and resumed --------------------------------------------

// Runs `hearsay` with args; returns its pid (output to files in dir).
pid_t Spawn(const testing::TempDir& dir, const std::vector<std::string>& args, const std::string& tag) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string out = (dir.path() / (tag + ".out")).string(),
                      err = (dir.path() / (tag + ".err")).string();
    if (!freopen(out.c_str(), "w", stdout) || !freopen(err.c_str(), "w", stderr)) _exit(127);
    std::vector<char*> argv;
    std::string cli = HEARSAY_CLI;
    argv.push_back(cli.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(cli.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

int Wait(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::int64_t StoredDocuments(const std::string& db_path) {
  sqlite3* db = nullptr;
  std::int64_t n = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM documents", -1, &q, nullptr) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
      n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
  }
  sqlite3_close(db);
  return n;
}

TEST(StoreTest, KilledIngestResumes) {
  testing::TempDir dir;
  // Result shards (hearsay output, stored without extraction): the corpus
  // repeated under other URLs, so that the run lasts long enough to be
  // killed in the middle.
  std::string shard;
  const auto corpus = Corpus();
  constexpr int kCopies = 150;
  for (int i = 0; i < kCopies; ++i) {
    for (json doc : corpus) {
      doc["id"] = doc["id"].get<std::string>() + "-" + std::to_string(i);
      doc["url"] = "http://example.org/" + std::to_string(i);
      shard += doc.dump() + "\n";
    }
  }
  const std::string input = dir.Write("shard-0.jsonl", shard);
  const std::string killed = (dir.path() / "killed.db").string(), whole = (dir.path() / "whole.db").string();

  ASSERT_EQ(Wait(Spawn(dir, {"ingest", "--db", whole, "-q", input}, "whole")), 0)
      << testing::ReadFile(dir.path() / "whole.err");
  ASSERT_EQ(StoredDocuments(whole), static_cast<std::int64_t>(kCopies * corpus.size()));

  const pid_t pid = Spawn(dir, {"ingest", "--db", killed, "-q", "--batch", "2", input}, "killed");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (StoredDocuments(killed) <= 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  const std::int64_t at_kill = StoredDocuments(killed);
  ASSERT_GT(at_kill, 0);
  if (!WIFSIGNALED(status) || at_kill == kCopies * static_cast<std::int64_t>(corpus.size()))
    GTEST_SKIP() << "the ingest finished before it could be killed";
  EXPECT_EQ(at_kill % 2, 0) << "only whole batches are committed";

  // Run again: the rest is stored, nothing twice, the same links.
  ASSERT_EQ(Wait(Spawn(dir, {"ingest", "--db", killed, input}, "resumed")), 0)
      << testing::ReadFile(dir.path() / "resumed.err");
  const std::string err = testing::ReadFile(dir.path() / "resumed.err");
  EXPECT_NE(err.find(std::to_string(at_kill) + " already stored"), std::string::npos) << err;
  auto a = OpenOrDie(killed, OpenMode::kReadOnly);
  auto b = OpenOrDie(whole, OpenMode::kReadOnly);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->Counts()->documents, b->Counts()->documents);
  EXPECT_EQ(a->Counts()->statements, b->Counts()->statements);
  EXPECT_EQ(Canonical(*a), Canonical(*b));

  // And once more: nothing changes.
  ASSERT_EQ(Wait(Spawn(dir, {"ingest", "--db", killed, input}, "again")), 0);
  EXPECT_NE(testing::ReadFile(dir.path() / "again.err").find("0 stored"), std::string::npos);
  EXPECT_EQ(Canonical(*a), Canonical(*b));
}

TEST(StoreTest, IngestAndQueryCommands) {
  testing::TempDir dir;
  // A directory with an article to extract, hearsay output to store as it
  // is, and a file of unknown type.
  std::filesystem::create_directories(dir.path() / "in" / "sub");
  dir.Write(
      "in/sub/harbour.txt",
      "Harbour Wall Approved\n\n\xE2\x80\x9CWe will not wait for the next storm,\xE2\x80\x9D Mayor Ingrid "
      "Solberg said on Tuesday.\n");
  std::string shard;
  for (const json& doc : Corpus()) shard += doc.dump() + "\n";
  dir.Write("in/shard-0.jsonl", shard);
  dir.Write("in/notes.xyz", "not an article");
  const std::string db = (dir.path() / "s.db").string();
  ASSERT_EQ(Wait(Spawn(dir, {"ingest", "--db", db, (dir.path() / "in").string()}, "ingest")), 1);
  const std::string err = testing::ReadFile(dir.path() / "ingest.err");
  EXPECT_NE(err.find("notes.xyz: unknown file type; skipped"), std::string::npos) << err;
  EXPECT_NE(err.find("5 stored (4 from hearsay output"), std::string::npos) << err;
  EXPECT_NE(err.find("skipped 1: unknown file type"), std::string::npos) << err;

  ASSERT_EQ(
      Wait(Spawn(dir, {"query", "--db", db, "statements", "--speaker", "Ingrid Solberg", "--format", "json"},
                 "q1")),
      0);
  const json rows = json::parse(testing::ReadFile(dir.path() / "q1.out"));
  ASSERT_TRUE(rows.is_array());
  ASSERT_EQ(rows.size(), 5u);  // four from the shard, one extracted
  std::set<std::string> docs;
  for (const auto& r : rows) docs.insert(r["doc_id"].get<std::string>());
  EXPECT_TRUE(docs.count((dir.path() / "in" / "sub" / "harbour.txt").string())) << rows.dump();

  ASSERT_EQ(Wait(Spawn(dir, {"query", "--db", db, "--format", "csv", "quotes"}, "q2")), 0);
  const std::string csv = testing::ReadFile(dir.path() / "q2.out");
  EXPECT_EQ(csv.rfind("id,members,outlets,first_published,content\n", 0), 0u) << csv;
  EXPECT_NE(csv.find(",4,4,2031-05-12,"), std::string::npos)
      << csv;  // the extracted copy is too short to join

  EXPECT_EQ(Wait(Spawn(dir, {"query", "--db", db, "statements", "--text", "\"unbalanced"}, "q3")), 2);
  EXPECT_NE(testing::ReadFile(dir.path() / "q3.err").find("invalid full-text query"), std::string::npos);
  EXPECT_EQ(Wait(Spawn(dir, {"query", "--db", (dir.path() / "none.db").string(), "stats"}, "q4")), 3);
}

}  // namespace
}  // namespace hearsay::store
