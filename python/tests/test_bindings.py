"""The Python layer against the CLI: same JSON, code-point spans, threads,
errors as exceptions, pandas."""

import json
import subprocess
import threading

import pytest

import hearsay


def cli_lines(cli, path, fmt):
    out = subprocess.run(
        [cli, "extract", path, "--format", fmt, "-q"], check=True, capture_output=True, text=True, encoding="utf-8"
    ).stdout
    return [json.loads(line) for line in out.splitlines()]


def test_pipe_to_dict_equals_cli_json(nlp, cli, stories, stories_path):
    expected = cli_lines(cli, stories_path, "json-compact")
    docs = list(nlp.pipe(stories))
    assert [d.to_dict() for d in docs] == expected
    # The attribution stage ran and found something to compare.
    assert sum(len(d.statements) for d in docs) >= len(stories)
    assert docs[2].to_dict()["extra"] == {"extra_field": "kept"}


def test_call_with_metadata_equals_cli_json(nlp, cli, stories, tmp_path):
    story = {k: v for k, v in stories[0].items()}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(story, ensure_ascii=False) + "\n", encoding="utf-8")
    [expected] = cli_lines(cli, str(path), "json-compact")
    doc = nlp(
        story["text"],
        published=story["published"],
        source=story["source"],
        url=story["url"],
        title=story["title"],
        id=story["id"],
    )
    assert doc.to_dict() == expected
    assert json.loads(doc.to_json()) == expected
    assert doc.id == "py-ferry" and doc.metadata["source"] == "Example Gazette"


def test_spans_slice_the_python_string(nlp, stories):
    checked = 0
    for doc in nlp.pipe(stories):
        text = doc.text
        spans = []
        for s in doc.statements:
            spans += [s.content, s.speaker_mention, s.cue, s.cue_particle, s.channel, s.addressee, s.time]
        for sp in doc.speakers:
            spans += list(sp.mentions)
        for c in doc.cited_documents:
            spans += list(c.mentions) + [c.date]
        for span in filter(None, spans):
            assert text[span.start : span.end] == span.text
            checked += 1
        for e in doc.entities:
            assert text[e.start : e.end] == e.text
        for t in doc.tokens:
            assert text[t["start"] : t["end"]] == t["text"]
        for sentence in doc.sentences:
            assert sentence.text.strip()
    assert checked > 20
    # Code points, not bytes: the ferry story has non-ASCII before its spans.
    doc = nlp(stories[0]["text"])
    last = doc.statements[-1].content
    assert len(doc.text[: last.start].encode("utf-8")) > last.start
    assert doc.text[last.start : last.end] == last.text


def test_statements_name_the_speakers(nlp, stories):
    doc = nlp(stories[0]["text"], published=stories[0]["published"])
    names = {s.speaker_name for s in doc.statements}
    assert "Søren Åberg" in names
    direct = [s for s in doc.statements if s.type == "direct"]
    assert direct and all(s.content.text for s in direct)
    assert all(0 <= s.confidence <= 1 for s in doc.statements)


def test_pipe_threads_and_batches_keep_order(nlp, stories):
    records = [dict(s, id=f"{s['id']}-{i}") for i in range(5) for s in stories]
    one = [d.to_json() for d in nlp.pipe(records, threads=1)]
    two = [d.to_json() for d in nlp.pipe(iter(records), threads=2, batch_size=7)]
    assert one == two
    assert [json.loads(line)["id"] for line in one] == [r["id"] for r in records]
    assert list(nlp.pipe([])) == []
    assert [d.id for d in nlp.pipe(["plain text, no metadata."])] == [""]


def test_calls_from_python_threads(nlp, stories):
    expected = [nlp(s["text"]).to_json() for s in stories]
    results = [None] * len(stories)

    def work(i):
        results[i] = nlp(stories[i]["text"]).to_json()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(stories))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected


def test_structure_only_pipeline(stories):
    nlp = hearsay.load(components="tokenizer,sentences")
    assert nlp.component_names == ["tokenizer", "sentences"]
    doc = nlp(stories[3]["text"])
    assert doc.statements == [] and doc.entities == []
    assert "statements" not in doc.to_dict()
    assert [s.text for s in doc.sentences][0] == "Market Moves Indoors"


def test_errors_are_python_exceptions(nlp, tmp_path):
    with pytest.raises(hearsay.HearsayError, match="/no/such/dir"):
        hearsay.load(models="/no/such/dir")
    with pytest.raises(hearsay.HearsayError, match=str(tmp_path)):
        hearsay.load(models=str(tmp_path))  # exists, but holds no model files
    (tmp_path / "tagger.hsm").write_bytes(b"not a model")
    with pytest.raises(hearsay.HearsayError, match="tagger.hsm"):
        hearsay.load(models=str(tmp_path), components=["tokenizer", "sentences", "tagger"])
    with pytest.raises(ValueError, match="unknown component.*nope"):
        hearsay.load(components=["tokenizer", "nope"])
    with pytest.raises(TypeError, match="text must be a str"):
        nlp(b"bytes")
    with pytest.raises(TypeError, match="published must be a str"):
        nlp("text", published=2031)
    with pytest.raises(ValueError, match="NUL character at position 3"):
        nlp("abc\0def")
    with pytest.raises(UnicodeEncodeError):
        nlp("lone \ud800 surrogate")
    with pytest.raises(ValueError, match="threads"):
        list(nlp.pipe(["a"], threads=0))
    with pytest.raises(ValueError, match="no 'text' field"):
        list(nlp.pipe([{"id": "x"}]))
    with pytest.raises(TypeError, match="a str or a mapping"):
        list(nlp.pipe([42]))
    assert issubclass(hearsay.HearsayError, RuntimeError)


def test_to_dataframe_has_the_cli_jsonl_rows(nlp, cli, stories, stories_path):
    expected = cli_lines(cli, stories_path, "jsonl")
    docs = list(nlp.pipe(stories))
    frame = hearsay.to_dataframe(docs)
    assert list(frame.columns) == list(expected[0].keys())
    assert [dict(r) for r in hearsay.statement_records(docs)] == expected
    assert len(frame) == len(expected)
    assert frame["speaker"].tolist() == [e["speaker"] for e in expected]
    assert list(hearsay.to_dataframe([]).columns) == list(expected[0].keys())
    assert len(hearsay.to_dataframe(docs[0])) == len(docs[0].statements)
    assert hearsay.to_dataframe(expected)["content"].tolist() == [e["content"] for e in expected]
