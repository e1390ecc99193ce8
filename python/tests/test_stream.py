"""`hearsay stream`: one JSON line out per line in, errors in place, flushed
per line (what Spark's RDD.pipe and Hadoop streaming need)."""

import json
import subprocess


def test_one_line_out_per_line_in(cli, stories, stories_path):
    good = [json.dumps(s, ensure_ascii=False).encode("utf-8") for s in stories[:2]]
    lines = [
        good[0],
        b"{not json",
        b"",
        b'{"id": "no-text"}',
        b'{"text": "caf\xe9 au lait"}',  # Latin-1, not UTF-8
        b'["an", "array"]',
        good[1] + b"\r",
    ]
    run = subprocess.run([cli, "stream", "-q"], input=b"\n".join(lines), capture_output=True)
    assert run.returncode == 1  # some lines were answered with errors
    out = [json.loads(line) for line in run.stdout.decode("utf-8").splitlines()]
    assert len(out) == len(lines)
    expected = subprocess.run(
        [cli, "extract", stories_path, "--format", "json-compact", "-q"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    expected = [json.loads(line) for line in expected.splitlines()]
    assert out[0] == expected[0] and out[6] == expected[1]
    for n in (2, 3, 4, 5, 6):
        assert set(out[n - 1]) == {"error", "code", "line"}
        assert out[n - 1]["line"] == n
        assert out[n - 1]["error"].startswith(f"<stdin>:{n}:")
    assert out[1]["code"] == "malformed-record"
    assert "blank line" in out[2]["error"]
    assert '"text"' in out[3]["error"]
    assert out[4]["code"] == "invalid-utf8"


def test_lenient_and_size_limit(cli):
    lines = b'{"text": "caf\xe9 au lait"}\n{"text": "' + b"x" * 200 + b'"}\n{"id": 7, "text": "Fine."}\n'
    run = subprocess.run(
        [cli, "stream", "--lenient", "--max-doc-bytes", "100", "--pipeline", "tokenizer,sentences"],
        input=lines,
        capture_output=True,
    )
    out = [json.loads(line) for line in run.stdout.decode("utf-8").splitlines()]
    assert out[0]["text"] == "caf\ufffd au lait"
    assert out[1]["code"] == "too-large" and out[1]["line"] == 2
    assert out[2]["id"] == "7" and out[2]["text"] == "Fine."
    assert "3 lines, 2 documents, 1 error lines" in run.stderr.decode("utf-8")


def test_answers_each_line_before_the_next_arrives(cli):
    # A caller that writes one line and waits for its answer must get it.
    with subprocess.Popen(
        [cli, "stream", "-q", "--pipeline", "tokenizer,sentences"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    ) as proc:
        for i in range(3):
            proc.stdin.write(json.dumps({"id": f"d{i}", "text": f"Line {i}. Done."}).encode() + b"\n")
            proc.stdin.flush()
            answer = json.loads(proc.stdout.readline())
            assert answer["id"] == f"d{i}" and len(answer["sentences"]) == 2
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0


def test_bad_pipeline_is_a_usage_error(cli):
    run = subprocess.run([cli, "stream", "--pipeline", "nope"], input=b"", capture_output=True)
    assert run.returncode == 2 and b"nope" in run.stderr
