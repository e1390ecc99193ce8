// hearsay ingest and hearsay query: the corpus store's commands
// (docs/store.md), registered through RegisterCommands (cli_common.h).
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <sstream>

#include "cli_common.h"
#include "store/ingest.h"
#include "store/store.h"

namespace hearsay::cli {
namespace {

using json = nlohmann::ordered_json;

int RunIngest(const std::string& db, std::vector<std::string> sources, const InputOptions& input_options,
              std::size_t batch, bool quiet, bool no_progress) {
  auto reader_options = input_options.ToReaderOptions();
  if (!reader_options.ok()) {
    PrintError(reader_options.status());
    return kExitUsage;
  }
  if (sources.empty()) sources.push_back("-");
  store::IngestOptions options;
  options.reader = reader_options.value();
  options.threads = input_options.threads;
  options.batch_documents = std::max<std::size_t>(1, batch);
  options.progress = !quiet && !no_progress && isatty(STDERR_FILENO);
  std::size_t reported = 0;
  // Built when the first article that needs extracting arrives: hearsay's
  // own output (result shards) is stored without loading any model.
  auto build_pipeline = [&input_options] { return input_options.BuildPipeline(); };
  auto summary = store::Ingest(db, sources, build_pipeline, options, [&](const Status& s) {
    ++reported;
    if (options.progress) std::fprintf(stderr, "\r\033[K");
    PrintError(s);
  });
  if (!summary.ok()) {
    PrintError(summary.status());
    return kExitFailure;
  }
  const auto& s = summary.value();
  std::size_t skipped = 0;
  for (const auto& [reason, n] : s.skipped) skipped += n;
  if (!quiet) {
    std::fprintf(
        stderr,
        "hearsay ingest: %zu files, %zu documents read in %.1f s (%.1f docs/s, %.2f MB/s of text): "
        "%zu stored (%zu from hearsay output, not extracted again), %zu already stored, %zu skipped; "
        "%zu statements stored\n",
        s.files, s.documents_read, s.seconds, s.documents_read / std::max(s.seconds, 1e-9),
        s.bytes / 1e6 / std::max(s.seconds, 1e-9), s.stored, s.from_shards, s.already_stored, skipped,
        s.statements);
    for (const auto& [reason, n] : s.skipped) std::fprintf(stderr, "  skipped %zu: %s\n", n, reason.c_str());
    auto store = store::Store::Open(db, store::OpenMode::kReadOnly);
    if (store.ok()) {
      auto c = (*store)->Counts();
      if (c.ok())
        std::fprintf(stderr,
                     "store %s: %lld documents, %lld statements, %lld speakers, %lld quote clusters, "
                     "%lld cited documents\n",
                     db.c_str(), static_cast<long long>(c->documents), static_cast<long long>(c->statements),
                     static_cast<long long>(c->speakers), static_cast<long long>(c->quote_clusters),
                     static_cast<long long>(c->cited_documents));
    }
  }
  return skipped > 0 || reported > 0 ? kExitInputErrors : kExitOk;
}

// --- query output -------------------------------------------------------------

json OptionalJson(const std::optional<std::int64_t>& v) {
  return v ? json(*v) : json(nullptr);
}
json StringJson(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

json StatementJson(const store::StatementRow& r) {
  return {{"id", r.id},
          {"document_id", r.document_id},
          {"doc_id", r.doc_id},
          {"outlet", StringJson(r.outlet)},
          {"published", StringJson(r.published_day)},
          {"title", StringJson(r.title)},
          {"url", StringJson(r.url)},
          {"speaker_id", OptionalJson(r.speaker_id)},
          {"speaker", StringJson(r.speaker_name)},
          {"type", r.type},
          {"cue_class", r.cue_class},
          {"cue", StringJson(r.cue)},
          {"content", r.content},
          {"content_start", r.content_start},
          {"content_end", r.content_end},
          {"channel", StringJson(r.channel)},
          {"addressee", StringJson(r.addressee)},
          {"time", StringJson(r.time)},
          {"date", StringJson(r.date)},
          {"cited_document_id", OptionalJson(r.cited_document_id)},
          {"cited_document", StringJson(r.cited_document_name)},
          {"stance", StringJson(r.stance)},
          {"confidence", r.confidence},
          {"cluster_id", OptionalJson(r.cluster_id)}};
}

json SpeakerJson(const store::SpeakerRow& r) {
  json out = {{"id", r.id},
              {"name", r.name},
              {"kind", r.kind},
              {"statements", r.statement_count},
              {"documents", r.document_count},
              {"first_seen", StringJson(r.first_seen)},
              {"last_seen", StringJson(r.last_seen)}};
  return out;
}

json CitedJson(const store::CitedDocumentRow& r) {
  return {{"id", r.id},
          {"name", r.name},
          {"kind", r.kind},
          {"issuer", StringJson(r.issuer)},
          {"date", StringJson(r.date)},
          {"citations", r.citation_count},
          {"first_cited", StringJson(r.first_cited)}};
}

std::string Cell(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", v.get<double>());
    return buf;
  }
  return v.dump();
}

// Cuts `s` to at most `width` code points, marking the cut with "…".
std::string Fit(const std::string& s, std::size_t width) {
  std::size_t cps = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (cps == width) break;
    ++cps;
  }
  if (i >= s.size()) return s;
  std::size_t cut = 0, n = 0;
  for (std::size_t j = 0; j < s.size(); ++j) {
    if ((static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) continue;
    if (n == width - 1) {
      cut = j;
      break;
    }
    ++n;
  }
  return s.substr(0, cut) + "…";
}

std::size_t Width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Prints rows (JSON objects with the same keys) as a table or CSV; in a
// table only `columns` are shown (all when empty), each cut to 60 columns.
void PrintRows(const std::vector<json>& rows, const std::string& format,
               const std::vector<std::string>& columns) {
  if (format == "json") {
    std::cout << json(rows).dump(2) << "\n";
    return;
  }
  std::vector<std::string> keys = columns;
  if (keys.empty() || format == "csv") {
    keys.clear();
    if (!rows.empty())
      for (const auto& [k, v] : rows.front().items()) keys.push_back(k);
  }
  if (format == "csv") {
    for (std::size_t i = 0; i < keys.size(); ++i) std::cout << (i ? "," : "") << CsvField(keys[i]);
    std::cout << "\n";
    for (const auto& row : rows) {
      for (std::size_t i = 0; i < keys.size(); ++i)
        std::cout << (i ? "," : "") << CsvField(Cell(row[keys[i]]));
      std::cout << "\n";
    }
    return;
  }
  if (rows.empty()) {
    std::cout << "(no rows)\n";
    return;
  }
  std::vector<std::vector<std::string>> cells;
  std::vector<std::size_t> widths;
  for (const auto& k : keys) widths.push_back(Width(k));
  for (const auto& row : rows) {
    std::vector<std::string> line;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      std::string cell = Fit(Cell(row[keys[i]]), 60);
      for (char& c : cell)
        if (c == '\n' || c == '\t' || c == '\r') c = ' ';
      widths[i] = std::max(widths[i], Width(cell));
      line.push_back(std::move(cell));
    }
    cells.push_back(std::move(line));
  }
  auto print_line = [&](const std::vector<std::string>& line) {
    std::string out;
    for (std::size_t i = 0; i < line.size(); ++i) {
      out += line[i];
      if (i + 1 < line.size()) out += std::string(widths[i] - Width(line[i]) + 2, ' ');
    }
    std::cout << out << "\n";
  };
  print_line(keys);
  for (const auto& line : cells) print_line(line);
}

const std::vector<std::string> kStatementColumns = {"id",   "published", "outlet",         "speaker", "cue",
                                                    "type", "content",   "cited_document", "stance"};

struct QueryArgs {
  std::string db, format = "table";
  store::StatementFilter statements;
  std::int64_t speaker_id = 0, cited_id = 0;
  store::SpeakerFilter speakers;
  store::QuoteClusterFilter quotes;
  store::CitedDocumentFilter cited;
  std::int64_t id = 0;
  int limit = 50;
};

template <typename T>
bool Check(const Result<T>& r) {
  if (r.ok()) return true;
  PrintError(r.status());
  return false;
}

int ExitFor(const Status& s) {
  return s.code() == StatusCode::kInvalidArgument || s.code() == StatusCode::kNotFound ? kExitUsage
                                                                                       : kExitFailure;
}

int RunQuery(const QueryArgs& a, const std::string& what) {
  if (a.format != "table" && a.format != "json" && a.format != "csv") {
    PrintError(
        Status(StatusCode::kInvalidArgument, "unknown format '" + a.format + "' (use table, json or csv)"));
    return kExitUsage;
  }
  auto opened = store::Store::Open(a.db, store::OpenMode::kReadOnly);
  if (!opened.ok()) {
    PrintError(opened.status());
    return kExitFailure;
  }
  store::Store& store = *opened.value();
  auto fail = [](const Status& s) {
    PrintError(s);
    return ExitFor(s);
  };
  if (what == "statements") {
    store::StatementFilter f = a.statements;
    if (a.speaker_id > 0) f.speaker_id = a.speaker_id;
    if (a.cited_id > 0) f.cited_document_id = a.cited_id;
    f.limit = a.limit;
    auto rows = store.FindStatements(f);
    if (!rows.ok()) return fail(rows.status());
    std::vector<json> out;
    for (const auto& r : *rows) out.push_back(StatementJson(r));
    PrintRows(out, a.format, kStatementColumns);
  } else if (what == "speakers") {
    store::SpeakerFilter f = a.speakers;
    f.limit = a.limit;
    auto rows = store.ListSpeakers(f);
    if (!rows.ok()) return fail(rows.status());
    std::vector<json> out;
    for (const auto& r : *rows) out.push_back(SpeakerJson(r));
    PrintRows(out, a.format, {});
  } else if (what == "speaker") {
    auto speaker = store.GetSpeaker(a.id);
    if (!speaker.ok()) return fail(speaker.status());
    store::StatementFilter f;
    f.speaker_id = a.id;
    f.limit = a.limit;
    auto rows = store.FindStatements(f);
    if (!rows.ok()) return fail(rows.status());
    json roles = json::array();
    for (const auto& r : speaker->roles)
      roles.push_back({{"role", StringJson(r.role)},
                       {"affiliation", StringJson(r.affiliation)},
                       {"published", StringJson(r.published_day)},
                       {"doc_id", r.doc_id}});
    std::vector<json> statements;
    for (const auto& r : *rows) statements.push_back(StatementJson(r));
    if (a.format == "json") {
      json out = SpeakerJson(*speaker);
      out["roles"] = roles;
      out["statements"] = statements;
      std::cout << out.dump(2) << "\n";
    } else if (a.format == "csv") {
      PrintRows(statements, a.format, {});
    } else {
      PrintRows({SpeakerJson(*speaker)}, a.format, {});
      std::cout << "\nroles and affiliations:\n";
      PrintRows(std::vector<json>(roles.begin(), roles.end()), a.format, {});
      std::cout << "\nstatements (newest first):\n";
      PrintRows(statements, a.format, kStatementColumns);
    }
  } else if (what == "quotes") {
    store::QuoteClusterFilter f = a.quotes;
    f.limit = a.limit;
    auto rows = store.ListQuoteClusters(f);
    if (!rows.ok()) return fail(rows.status());
    std::vector<json> out;
    for (const auto& r : *rows)
      out.push_back({{"id", r.id},
                     {"members", r.member_count},
                     {"outlets", r.outlet_count},
                     {"first_published", StringJson(r.first_published)},
                     {"content", r.content}});
    PrintRows(out, a.format, {});
  } else if (what == "quote") {
    auto p = store.GetQuotePropagation(a.id, a.limit);
    if (!p.ok()) return fail(p.status());
    std::vector<json> members;
    for (const auto& r : p->members) members.push_back(StatementJson(r));
    if (a.format == "json") {
      std::cout << json{{"id", p->cluster_id},
                        {"content", p->content},
                        {"first_published", StringJson(p->first_published)},
                        {"members", p->member_count},
                        {"outlets", p->outlet_count},
                        {"carried_by", members}}
                       .dump(2)
                << "\n";
    } else if (a.format == "csv") {
      PrintRows(members, a.format, {});
    } else {
      std::cout << "quotation " << p->cluster_id << ": " << p->content << "\nfirst published "
                << (p->first_published.empty() ? "(undated)" : p->first_published) << "; carried "
                << p->member_count << " times by " << p->outlet_count << " outlets\n\n";
      PrintRows(members, a.format, {"published", "outlet", "speaker", "cue", "title", "content"});
    }
  } else if (what == "cited") {
    store::CitedDocumentFilter f = a.cited;
    f.limit = a.limit;
    auto rows = store.ListCitedDocuments(f);
    if (!rows.ok()) return fail(rows.status());
    std::vector<json> out;
    for (const auto& r : *rows) out.push_back(CitedJson(r));
    PrintRows(out, a.format, {});
  } else if (what == "reception") {
    auto r = store.GetCitedReception(a.id, a.limit);
    if (!r.ok()) return fail(r.status());
    std::vector<json> statements;
    for (const auto& s : r->statements) statements.push_back(StatementJson(s));
    json stances = json::object(), timeline = json::array();
    for (const auto& [stance, n] : r->stance_counts) stances[stance] = n;
    for (const auto& [day, n] : r->timeline) timeline.push_back({{"day", day}, {"statements", n}});
    if (a.format == "json") {
      json out = CitedJson(r->document);
      out["stances"] = stances;
      out["timeline"] = timeline;
      out["statements"] = statements;
      std::cout << out.dump(2) << "\n";
    } else if (a.format == "csv") {
      PrintRows(statements, a.format, {});
    } else {
      PrintRows({CitedJson(r->document)}, a.format, {});
      std::cout << "\nstances:";
      for (const auto& [stance, n] : r->stance_counts) std::cout << "  " << stance << " " << n;
      std::cout << "\n\ntimeline:\n";
      PrintRows(std::vector<json>(timeline.begin(), timeline.end()), a.format, {});
      std::cout << "\nwho cited it (oldest first):\n";
      PrintRows(statements, a.format, {"published", "outlet", "speaker", "cue", "stance", "content"});
    }
  } else if (what == "stats") {
    auto c = store.Counts();
    if (!c.ok()) return fail(c.status());
    PrintRows({json{{"schema_version", store.schema_version()},
                    {"documents", c->documents},
                    {"statements", c->statements},
                    {"speakers", c->speakers},
                    {"quote_clusters", c->quote_clusters},
                    {"cited_documents", c->cited_documents},
                    {"citations", c->citations}}},
              a.format, {});
  }
  std::cout.flush();
  if (!std::cout) {
    PrintError(Status(StatusCode::kIoError, "cannot write to standard output"));
    return kExitFailure;
  }
  return kExitOk;
}

void Install(Commands& c) {
  // Ingest.
  struct IngestArgs {
    std::string db;
    std::vector<std::string> sources;
    InputOptions input;
    std::size_t batch = 64;
    bool quiet = false, no_progress = false;
  };
  static IngestArgs ingest_args;
  CLI::App* ingest = c.app->add_subcommand(
      "ingest", "extract who said what from articles and store it, linked across articles, in a SQLite file");
  ingest->add_option("--db", ingest_args.db, "the store file (created if missing)")->required();
  ingest->add_option("sources", ingest_args.sources,
                     "files or directories (walked recursively); - or nothing for standard input");
  ingest->add_option("--batch", ingest_args.batch, "documents per transaction")->capture_default_str();
  ingest->add_flag("-q,--quiet", ingest_args.quiet, "no progress and no summary on stderr");
  ingest->add_flag("--no-progress", ingest_args.no_progress, "no progress line, even on a terminal");
  ingest_args.input.AddTo(ingest);
  ingest->footer(kExitCodesHelp);
  int* exit_code = c.exit_code;
  ingest->callback([exit_code] {
    *exit_code = RunIngest(ingest_args.db, ingest_args.sources, ingest_args.input, ingest_args.batch,
                           ingest_args.quiet, ingest_args.no_progress);
  });

  // Query.
  static QueryArgs q;
  CLI::App* query =
      c.app->add_subcommand("query", "search a store: statements, speakers, quotations, cited documents");
  query->add_option("--db", q.db, "the store file")->required();
  query->add_option("--format", q.format, "table, json or csv")->capture_default_str();
  query->add_option("--limit", q.limit, "rows at most")->capture_default_str()->check(CLI::NonNegativeNumber);
  query->require_subcommand(1);
  query->footer(kExitCodesHelp);

  auto sub = [&](const char* name, const char* help) {
    CLI::App* s = query->add_subcommand(name, help);
    s->fallthrough();
    s->callback([exit_code, name] { *exit_code = RunQuery(q, name); });
    return s;
  };
  CLI::App* statements =
      sub("statements", "statements, newest first, filtered by speaker, text, cited document, outlet, dates");
  statements->add_option("--speaker", q.statements.speaker, "words of the speaker's name");
  statements->add_option("--speaker-id", q.speaker_id, "a speaker id (from `query speakers`)");
  statements->add_option("--text", q.statements.text,
                         "full-text query over the content (FTS5: words, \"a phrase\", a OR b, NOT c, pre*)");
  statements->add_option("--cited", q.statements.cited, "words of a cited document's name or issuer");
  statements->add_option("--cited-id", q.cited_id, "a cited document id (from `query cited`)");
  statements->add_option("--outlet", q.statements.outlet, "the outlet, exactly as stored");
  statements->add_option("--from", q.statements.from, "first day, YYYY-MM-DD");
  statements->add_option("--to", q.statements.to, "last day, YYYY-MM-DD");
  CLI::App* speakers =
      sub("speakers", "speakers across articles with their statement counts, most quoted first");
  speakers->add_option("--name", q.speakers.name, "words of the name");
  speakers->add_option("--kind", q.speakers.kind, "person, organization or place");
  CLI::App* speaker = sub("speaker", "one speaker: roles and affiliations with dates, and statements");
  speaker->add_option("id", q.id, "speaker id")->required();
  CLI::App* quotes = sub("quotes", "quotations carried by several documents, most carried first");
  quotes->add_option("--text", q.quotes.text, "full-text query over the quotations");
  quotes->add_option("--min-members", q.quotes.min_members, "documents carrying it, at least")
      ->capture_default_str();
  CLI::App* quote =
      sub("quote", "a quotation's propagation: every outlet and time that carried it, earliest first");
  quote->add_option("id", q.id, "quote cluster id (from `query quotes` or a statement's cluster_id)")
      ->required();
  CLI::App* cited = sub("cited", "cited documents linked across articles, most cited first");
  cited->add_option("--name", q.cited.name, "words of the name or issuer");
  CLI::App* reception =
      sub("reception", "a cited document's reception: who cited it, stance counts, timeline");
  reception->add_option("id", q.id, "cited document id (from `query cited`)")->required();
  sub("stats", "table sizes and schema version");
}

const bool kRegistered = RegisterCommands(&Install);

}  // namespace
}  // namespace hearsay::cli
