#!/usr/bin/env python3
"""Validates hearsay's JSON output against schema/*.schema.json (ctest SchemaValidation).

Checks, with Debian's python3-jsonschema (exit 77, a skip, when it is missing):
  * both schema files are valid draft 2020-12 schemas;
  * the hand-filled attribution fixture (attribution_fixture_tool: a Document with
    statements, speakers and cited documents, before the extractor exists) as a
    document, as flat statement lines and as an evaluation record;
  * `hearsay extract --format json`, `json-compact` and `jsonl` on the invented
    stories of tests/fixtures/attribution (whatever statements the extractor finds);
and, beyond the schema, that every span slices the text exactly in code points and
that every index points at something. Validation is strict here: objects the schema
describes may not carry keys it does not list (the published schema stays open, so
that later minor versions validate against it).
"""
import argparse
import copy
import json
import os
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("SKIP: python3-jsonschema is not installed (scripts/install-deps.sh installs it)")
    sys.exit(77)

failures = []


def fail(where, message):
    failures.append(f"{where}: {message}")


def strict(schema):
    """The schema with additionalProperties false on every object that lists properties."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if "properties" in node and "additionalProperties" not in node:
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


def validate(validator, instance, where):
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    for e in errors[:10]:
        path = "/".join(str(p) for p in e.absolute_path)
        fail(where, f"at /{path}: {e.message[:300]}")
    return not errors


def check_document(doc, where):
    """Spans slice the text; indices point into their tables."""
    text = doc["text"]
    spans = 0

    def span(s, what):
        nonlocal spans
        if s is None:
            return
        spans += 1
        if text[s["start"]:s["end"]] != s["text"]:
            fail(where, f"{what}: text[{s['start']}:{s['end']}] = {text[s['start']:s['end']]!r}, not {s['text']!r}")
        first, last = s["tokens"]
        tokens = doc["tokens"]
        if not (first < last <= len(tokens)):
            fail(where, f"{what}: tokens {s['tokens']} outside the {len(tokens)} tokens")
        elif tokens[first]["start"] != s["start"] or tokens[last - 1]["end"] != s["end"]:
            fail(where, f"{what}: offsets differ from its tokens'")

    for i, t in enumerate(doc["tokens"]):
        if text[t["start"]:t["end"]] != t["text"]:
            fail(where, f"token {i} does not slice the text")
    for key in ("entities",):
        for i, e in enumerate(doc.get(key, [])):
            span(e, f"{key}[{i}]")
    statements = doc.get("statements", [])
    speakers = doc.get("speakers", [])
    cited = doc.get("cited_documents", [])
    for i, s in enumerate(statements):
        for key in ("content", "speaker_mention", "cue", "cue_particle", "channel", "addressee", "time"):
            span(s[key], f"statements[{i}].{key}")
        if s["speaker"] is not None:
            if s["speaker"] >= len(speakers):
                fail(where, f"statements[{i}].speaker {s['speaker']} >= {len(speakers)} speakers")
            elif s["speaker_name"] != speakers[s["speaker"]]["name"]:
                fail(where, f"statements[{i}].speaker_name is not its speaker's name")
        elif s["speaker_name"] is not None:
            fail(where, f"statements[{i}] has a speaker_name but no speaker")
        if s["cited_document"] is not None and s["cited_document"] >= len(cited):
            fail(where, f"statements[{i}].cited_document {s['cited_document']} >= {len(cited)}")
        if s["continues"] is not None and s["continues"] >= len(statements):
            fail(where, f"statements[{i}].continues {s['continues']} >= {len(statements)}")
    for i, sp in enumerate(speakers):
        for j, m in enumerate(sp["mentions"]):
            span(m, f"speakers[{i}].mentions[{j}]")
    for i, d in enumerate(cited):
        span(d["date"], f"cited_documents[{i}].date")
        for j, m in enumerate(d["mentions"]):
            span(m, f"cited_documents[{i}].mentions[{j}]")
    return spans


def check_line(line, text, where, doc=None):
    """Each X_start/X_end pair slices the text to X; the line agrees with its document."""
    for key in line:
        if not key.endswith("_start"):
            continue
        base = key[: -len("_start")]
        start, end, value = line[key], line[base + "_end"], line[base]
        if start is None:
            if end is not None or value is not None:
                fail(where, f"{base}: offsets null but not the text, or the reverse")
        elif text[start:end] != value:
            fail(where, f"{base}: text[{start}:{end}] = {text[start:end]!r}, not {value!r}")
    if doc is not None:
        s = doc["statements"][line["statement"]]
        if s["content"]["start"] != line["content_start"] or s["type"] != line["type"]:
            fail(where, "differs from the document's statement")
        if line["speaker"] != s["speaker_name"]:
            fail(where, "speaker differs from the document's speaker_name")


def check_record(record, where):
    """An evaluation record: spans are [s, e] code points that slice to the strings given."""
    text = record["text"]
    for i, s in enumerate(record["statements"]):
        for span_key, text_key in (("content_span", "content"), ("speaker_span", "speaker_mention"),
                                   ("cue_span", "cue")):
            sp = s[span_key]
            if sp is None:
                if s[text_key] is not None:
                    fail(where, f"statements[{i}].{text_key} without {span_key}")
            elif text[sp[0]:sp[1]] != s[text_key]:
                fail(where, f"statements[{i}].{span_key} {sp} does not slice to {s[text_key]!r}")
        if s["type"] not in ("direct", "indirect", "mixed"):
            fail(where, f"statements[{i}].type {s['type']!r}")


def run(args, where):
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        fail(where, f"exit {p.returncode}: {p.stderr.decode('utf-8', 'replace')[:2000]}")
    return p.stdout.decode("utf-8")


def json_stream(text):
    """The objects of concatenated pretty-printed JSON values."""
    decoder = json.JSONDecoder()
    out, i = [], 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i == len(text):
            return out
        value, i = decoder.raw_decode(text, i)
        out.append(value)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--fixture-tool", required=True)
    ap.add_argument("--schemas", required=True)
    ap.add_argument("--fixtures", required=True)
    a = ap.parse_args()

    schemas = {}
    for name in ("document", "statement"):
        path = os.path.join(a.schemas, f"hearsay-{name}.schema.json")
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        schemas[name] = jsonschema.Draft202012Validator(strict(schema))
    doc_v, line_v = schemas["document"], schemas["statement"]

    # 1. The hand-filled fixture, in every shape.
    tool = a.fixture_tool
    doc = json.loads(run([tool, "document"], "fixture document"))
    validate(doc_v, doc, "fixture document")
    spans = check_document(doc, "fixture document")
    if len(doc.get("statements", [])) != 6 or spans < 20:
        fail("fixture document", f"expected 6 statements and their spans, got {len(doc.get('statements', []))}, {spans} spans")
    lines = [json.loads(l) for l in run([tool, "statements"], "fixture statements").splitlines() if l]
    if len(lines) != 6:
        fail("fixture statements", f"{len(lines)} lines, expected 6")
    for i, line in enumerate(lines):
        validate(line_v, line, f"fixture statement line {i + 1}")
        check_line(line, doc["text"], f"fixture statement line {i + 1}", doc)
    check_record(json.loads(run([tool, "record"], "fixture record")), "fixture record")
    empty = json.loads(run([tool, "empty"], "fixture empty"))
    validate(doc_v, empty, "fixture empty")
    if empty.get("statements") != [] or empty.get("speakers") != [] or empty.get("cited_documents") != []:
        fail("fixture empty", "the attribution layers of a document without statements are not empty arrays")
    # The strict schema must reject what the writer must not write.
    broken = copy.deepcopy(doc)
    broken["statements"][0]["stance"] = "agrees"
    broken["statements"][1]["content"] = None
    broken["speakers"][0]["nickname"] = "x"
    if len(list(doc_v.iter_errors(broken))) < 3:
        fail("schema", "accepts an unknown stance, a null content or an unknown key")

    # 2. The CLI on the invented stories.
    inputs = sorted(os.path.join(a.fixtures, f) for f in os.listdir(a.fixtures)
                    if f.endswith(".txt") or (f.endswith(".jsonl") and not f.endswith(".gold.jsonl")))
    docs = json_stream(run([a.cli, "extract", "-q", "--format", "json"] + inputs, "extract --format json"))
    compact = [json.loads(l) for l in
               run([a.cli, "extract", "-q", "--format", "json-compact"] + inputs, "extract --format json-compact").splitlines() if l]
    if len(docs) < 4 or docs != compact:
        fail("extract", f"json gives {len(docs)} documents, json-compact {len(compact)}; they must be the same")
    by_id = {}
    statements = 0
    for d in docs:
        where = f"extract --format json: {d.get('id')}"
        validate(doc_v, d, where)
        check_document(d, where)
        by_id[d["id"]] = d
        statements += len(d.get("statements", []))
    out = run([a.cli, "extract", "-q", "--format", "jsonl"] + inputs, "extract --format jsonl")
    n_lines = 0
    for n, l in enumerate(out.splitlines(), 1):
        line = json.loads(l)
        n_lines += 1
        where = f"extract --format jsonl line {n}"
        validate(line_v, line, where)
        d = by_id.get(line["doc_id"])
        if d is None:
            fail(where, f"doc_id {line['doc_id']!r} is not a document of the json output")
            continue
        check_line(line, d["text"], where, d)
        for key in ("url", "source", "published", "title"):
            if line[key] != d.get(key):
                fail(where, f"{key} {line[key]!r} differs from the document's {d.get(key)!r}")
    if n_lines != statements:
        fail("extract --format jsonl", f"{n_lines} lines for {statements} statements")
    run([a.cli, "extract", "-q", "--format", "table"] + inputs, "extract --format table")

    if failures:
        for f in failures:
            print("FAIL", f)
        print(f"{len(failures)} failures")
        return 1
    extractor = (f"{statements} statements found by the extractor" if any("statements" in d for d in docs)
                 else "no attribution stage in the default pipeline yet: no statements from the CLI")
    print(f"ok: fixture document, 6 statement lines, record; {len(docs)} documents from extract; {extractor}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
