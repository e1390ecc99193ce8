#include "eval/polnear.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "eval/attribution_score.h"
#include "text/utf8.h"

namespace hearsay::eval {
namespace {

using Json = nlohmann::json;
using Fragments = std::vector<std::pair<std::int64_t, std::int64_t>>;

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return out;
}

bool ParseInt64(std::string_view s, std::int64_t* out) {
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size() && !s.empty();
}

// Brat roles are numbered when an event has several of one kind: Content2.
std::string_view BaseRole(std::string_view role) {
  while (!role.empty() && role.back() >= '0' && role.back() <= '9') role.remove_suffix(1);
  return role;
}

Result<std::string> ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::kNotFound, path + ": cannot open");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status(StatusCode::kIoError, path + ": read failed");
  std::string bytes = buffer.str();
  if (const std::size_t bad = utf8::FindInvalid(bytes); bad != utf8::kValid) {
    const auto pos = utf8::PositionOf(bytes, bad);
    return Status(StatusCode::kInvalidUtf8, path + ":" + std::to_string(pos.line) + ": byte " +
                                                std::to_string(pos.column) + ": not UTF-8");
  }
  return bytes;
}

Json SpanJson(const Fragments& f) {
  if (f.size() == 1) return Json::array({f[0].first, f[0].second});
  Json out = Json::array();
  for (const auto& [b, e] : f) out.push_back(Json::array({b, e}));
  return out;
}

}  // namespace

Result<BratAnnotations> ParseBratAnnotations(std::string_view content, const std::string& path) {
  BratAnnotations out;
  const std::vector<std::string_view> lines = Split(content, '\n');
  for (std::size_t i = 0; i < lines.size();) {
    const std::size_t line_no = i + 1;
    std::string_view line = lines[i++];
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const std::string where = path + ":" + std::to_string(line_no);
    const std::vector<std::string_view> fields = Split(line, '\t');
    if (line[0] == 'T') {
      if (fields.size() < 3)
        return Status(StatusCode::kMalformedRecord, where + ": a T line needs three tab-separated fields");
      BratSpan span;
      span.id = fields[0];
      span.line = line_no;
      const std::size_t space = fields[1].find(' ');
      if (space == std::string_view::npos)
        return Status(StatusCode::kMalformedRecord, where + ": no offsets after the type");
      span.type = fields[1].substr(0, space);
      std::int64_t expected = 0;
      for (std::string_view frag : Split(fields[1].substr(space + 1), ';')) {
        const std::vector<std::string_view> se = Split(frag, ' ');
        std::int64_t b = 0, e = 0;
        if (se.size() != 2 || !ParseInt64(se[0], &b) || !ParseInt64(se[1], &e) || b < 0 || e < b)
          return Status(StatusCode::kMalformedRecord, where + ": bad offsets '" + std::string(frag) + "'");
        span.fragments.emplace_back(b, e);
        expected += e - b;
      }
      expected += static_cast<std::int64_t>(span.fragments.size()) - 1;
      // The text is the rest of the line (it may contain tabs) and, when the
      // annotated text holds newlines, the following lines.
      span.text = std::string(line.substr(fields[0].size() + fields[1].size() + 2));
      while (static_cast<std::int64_t>(utf8::CountCodePoints(span.text)) < expected && i < lines.size()) {
        span.text += '\n';
        span.text += lines[i++];
      }
      out.spans.push_back(std::move(span));
    } else if (line[0] == 'E') {
      if (fields.size() < 2)
        return Status(StatusCode::kMalformedRecord, where + ": an E line needs two tab-separated fields");
      BratEvent event;
      event.id = fields[0];
      event.line = line_no;
      bool first = true;
      for (std::string_view arg : Split(fields[1], ' ')) {
        if (arg.empty()) continue;
        const std::size_t colon = arg.rfind(':');
        if (colon == std::string_view::npos)
          return Status(StatusCode::kMalformedRecord,
                        where + ": argument '" + std::string(arg) + "' has no ':'");
        if (first) {
          event.type = arg.substr(0, colon);
          event.trigger = arg.substr(colon + 1);
          first = false;
        } else {
          event.arguments.emplace_back(std::string(arg.substr(0, colon)), std::string(arg.substr(colon + 1)));
        }
      }
      if (first) return Status(StatusCode::kMalformedRecord, where + ": an event without a trigger");
      out.events.push_back(std::move(event));
    }
    // '#' notes, R relations, A/M attributes, N normalisations: not used.
  }
  return out;
}

Result<Json> PolnearRecord(const std::string& doc_id, const std::string& text, const BratAnnotations& ann,
                           const std::string& ann_path, PolnearStats* stats) {
  // Byte offset of every code point (and of the end).
  const std::vector<std::size_t> byte_at = utf8::CodePointStarts(text);
  const auto n = static_cast<std::int64_t>(byte_at.size() - 1);
  auto slice = [&](const Fragments& f) {
    std::string s;
    for (std::size_t k = 0; k < f.size(); ++k) {
      if (k) s += ' ';
      s.append(text, byte_at[f[k].first], byte_at[f[k].second] - byte_at[f[k].first]);
    }
    return s;
  };
  std::map<std::string, const BratSpan*> spans;
  for (const BratSpan& span : ann.spans) {
    const std::string where = ann_path + ":" + std::to_string(span.line);
    for (const auto& [b, e] : span.fragments)
      if (e > n)
        return Status(StatusCode::kMalformedRecord, where + ": span " + span.id + " ends at " +
                                                        std::to_string(e) + ", past the text's " +
                                                        std::to_string(n) + " characters");
    if (slice(span.fragments) != span.text)
      stats->notes.push_back(where + ": " + span.id +
                             ": the annotated text differs from the slice of the text");
    spans[span.id] = &span;
  }

  Json statements = Json::array();
  std::vector<std::tuple<CharSet, CharSet, CharSet>> seen;  // content, cue, source
  for (const BratEvent& event : ann.events) {
    const std::string where = ann_path + ":" + std::to_string(event.line);
    const bool no_source_type = event.type == "Attribution-no-source";
    if (event.type != "Attribution" && !no_source_type) {
      ++stats->other_events;
      stats->notes.push_back(where + ": " + event.id + ": event type '" + event.type + "' ignored");
      continue;
    }
    Fragments content, cue, source;
    std::size_t content_args = 0;
    for (const auto& [role, id] : event.arguments) {
      auto it = spans.find(id);
      if (it == spans.end())
        return Status(StatusCode::kMalformedRecord,
                      where + ": " + event.id + " refers to " + id + ", which does not exist");
      const std::string_view base = BaseRole(role);
      if (base != it->second->type) {
        ++stats->role_type_mismatches;
        stats->notes.push_back(where + ": " + event.id + ": role " + role + " points to a " +
                               it->second->type + " span (" + id + "); the role is used");
      }
      Fragments* into = base == "Content"  ? &content
                        : base == "Cue"    ? &cue
                        : base == "Source" ? &source
                                           : nullptr;
      if (into == nullptr) {
        stats->notes.push_back(where + ": " + event.id + ": role '" + role + "' ignored");
        continue;
      }
      if (into == &content) ++content_args;
      into->insert(into->end(), it->second->fragments.begin(), it->second->fragments.end());
    }
    if (content.empty()) {
      ++stats->dropped_without_content;
      stats->notes.push_back(where + ": " + event.id + ": no Content; dropped");
      continue;
    }
    for (Fragments* f : {&content, &cue, &source}) std::sort(f->begin(), f->end());
    auto to_set = [](const Fragments& f) {
      CharSet s;
      for (const auto& [b, e] : f) s.Add(b, e);
      return s;
    };
    auto key = std::make_tuple(to_set(content), to_set(cue), to_set(source));
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      ++stats->duplicates_dropped;
      stats->notes.push_back(where + ": " + event.id +
                             ": same content, cue and source as an earlier event; dropped");
      continue;
    }
    for (const auto& other : seen) {
      const double iou = Iou(std::get<0>(other), std::get<0>(key));
      if (iou > 0) ++stats->overlapping_pairs;
      if (iou >= 0.5) ++stats->competing_pairs;
    }
    seen.push_back(std::move(key));

    Json st = Json::object();
    if (content.size() == 1) {
      st["content_span"] = SpanJson(content);
    } else {
      st["quote_span_chars"] = Json::array();
      for (const auto& [b, e] : content) st["quote_span_chars"].push_back(Json::array({b, e}));
      ++stats->discontinuous_content;
    }
    if (content_args > 1) ++stats->several_content_arguments;
    st["content"] = slice(content);
    if (!source.empty()) {
      st["speaker_name"] = slice(source);
      st["speaker_span_chars"] = SpanJson(source);
      ++stats->with_source;
      if (no_source_type) {
        ++stats->no_source_event_with_source;
        stats->notes.push_back(where + ": " + event.id +
                               ": an Attribution-no-source event names a Source; kept");
      }
    } else {
      ++stats->without_source;
    }
    if (!cue.empty()) {
      st["cue_span"] = SpanJson(cue);
      st["cue"] = slice(cue);
    } else {
      ++stats->without_cue;
    }
    st["polnear_event"] = event.id;
    statements.push_back(std::move(st));
    ++stats->attributions;
  }
  ++stats->documents;
  return Json{{"doc_id", doc_id}, {"text", text}, {"statements", std::move(statements)}};
}

Result<PolnearCorpus> ReadPolnearSplit(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path root(dir);
  const fs::path text_dir = root / "text", ann_dir = root / "attributions";
  if (!fs::is_directory(text_dir, ec) || !fs::is_directory(ann_dir, ec))
    return Status(StatusCode::kNotFound,
                  dir + ": not a PolNeAR split (no text/ and attributions/ directories)");

  // metadata.tsv: filename (column 2) → annotators "a|b|c" (column 4).
  std::map<std::string, std::string> first_annotator;
  std::map<std::string, bool> several_annotators;
  for (const fs::path& meta : {root / "metadata.tsv", root.parent_path() / "metadata.tsv"}) {
    if (!fs::is_regular_file(meta, ec)) continue;
    auto bytes = ReadFileBytes(meta.string());
    if (!bytes.ok()) return bytes.status();
    std::size_t line_no = 0;
    for (std::string_view line : Split(bytes.value(), '\n')) {
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || line_no == 1) continue;
      const auto cols = Split(line, '\t');
      if (cols.size() < 4)
        return Status(StatusCode::kMalformedRecord,
                      meta.string() + ":" + std::to_string(line_no) + ": fewer than 4 tab-separated columns");
      const auto annotators = Split(cols[3], '|');
      first_annotator.emplace(std::string(cols[1]), std::string(annotators[0]));
      several_annotators.emplace(std::string(cols[1]), annotators.size() > 1);
    }
    break;
  }

  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(text_dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".txt") names.push_back(e.path().stem().string());
  if (ec) return Status(StatusCode::kIoError, text_dir.string() + ": " + ec.message());
  std::sort(names.begin(), names.end());
  // Every .ann file of the split, by document (file name minus "_<annotator>").
  std::map<std::string, std::vector<std::string>> ann_files;
  for (const auto& e : fs::directory_iterator(ann_dir, ec)) {
    if (!e.is_regular_file() || e.path().extension() != ".ann") continue;
    const std::string stem = e.path().stem().string();
    const std::size_t us = stem.rfind('_');
    if (us != std::string::npos) ann_files[stem.substr(0, us)].push_back(stem.substr(us + 1));
  }

  PolnearCorpus corpus;
  for (const std::string& name : names) {
    const std::string text_path = (text_dir / (name + ".txt")).string();
    auto text = ReadFileBytes(text_path);
    if (!text.ok()) return text.status();
    std::string annotator;
    if (auto it = first_annotator.find(name); it != first_annotator.end()) {
      annotator = it->second;
      if (several_annotators[name]) ++corpus.stats.multi_annotator_documents;
    } else if (auto files = ann_files.find(name); files != ann_files.end()) {
      std::sort(files->second.begin(), files->second.end());
      annotator = files->second.front();
      corpus.stats.notes.push_back(text_path + ": not in metadata.tsv; using annotator " + annotator);
    }
    const std::string ann_path = (ann_dir / (name + "_" + annotator + ".ann")).string();
    BratAnnotations annotations;
    if (annotator.empty() || !fs::is_regular_file(ann_path, ec)) {
      corpus.stats.notes.push_back(text_path + ": no annotation file" +
                                   (annotator.empty() ? "" : " " + ann_path) +
                                   "; the document has no statements");
    } else {
      auto ann_bytes = ReadFileBytes(ann_path);
      if (!ann_bytes.ok()) return ann_bytes.status();
      auto parsed = ParseBratAnnotations(ann_bytes.value(), ann_path);
      if (!parsed.ok()) return parsed.status();
      annotations = std::move(parsed.value());
    }
    auto record = PolnearRecord(name, text.value(), annotations, ann_path, &corpus.stats);
    if (!record.ok()) return record.status();
    corpus.records.push_back(std::move(record.value()));
  }
  return corpus;
}

}  // namespace hearsay::eval
