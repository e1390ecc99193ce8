#!/usr/bin/env bash
# Documents/s through the Python bindings (nlp.pipe) against the CLI
# (hearsay extract --threads N) on the same input, at 1 and 2 threads:
#   bench/python.sh [DOCS] [REPEAT]
# Input: the first DOCS (default 300) AllSides articles of ../shared as JSON
# Lines (built at run time, never committed). Each timed run loads the models
# and writes every document as its json-compact line to /dev/null, in both:
#   CLI:    hearsay extract FILE --format json-compact --threads N -q > /dev/null
#   Python: nlp = hearsay.load(); for doc in nlp.pipe(records, threads=N): write(doc.to_json())
# A third row also parses every document in Python (doc.statements), what a
# notebook pays on top. The median of REPEAT (default 3) runs counts.
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-300}
repeat=${2:-3}
news=../shared/corpora/allsides/jsons
[ -d "$news" ] || { echo "bench/python.sh: $news not found; nothing to measure" >&2; exit 1; }
[ -x build/hearsay ] && [ -d build/python/hearsay ] || ./scripts/build.sh release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 scripts/allsides-jsonl.py "$news" "$work/all.jsonl"
head -n "$docs" "$work/all.jsonl" > "$work/input.jsonl"

PYTHONPATH=build/python /usr/bin/python3 - "$work/input.jsonl" "$repeat" <<'PY'
import json, os, statistics, subprocess, sys, time
import hearsay

path, repeat = sys.argv[1], int(sys.argv[2])
with open(path, encoding="utf-8") as f:
    records = [json.loads(line) for line in f]
n = len(records)

def median_seconds(run):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)

def cli(threads):
    with open(os.devnull, "w") as null:
        subprocess.run(["build/hearsay", "extract", path, "--format", "json-compact", "--threads", str(threads), "-q"],
                       stdout=null, check=True)

def python(threads, parse=False):
    nlp = hearsay.load()
    with open(os.devnull, "w", encoding="utf-8") as null:
        for doc in nlp.pipe(records, threads=threads):
            null.write(doc.to_json())
            null.write("\n")
            if parse:
                doc.statements

start = time.perf_counter()
hearsay.load()
load = time.perf_counter() - start
print(f"input: {n} AllSides articles ({sum(len(r['text']) for r in records) / 1e6:.1f} M characters); "
      f"model load {load:.2f} s, included in every run; median of {repeat} runs")
print(f"{'threads':>7} {'CLI docs/s':>11} {'pipe docs/s':>12} {'pipe/CLI':>9} {'pipe+parse docs/s':>18} {'ratio':>6}")
for threads in (1, 2):
    c = n / median_seconds(lambda: cli(threads))
    p = n / median_seconds(lambda: python(threads))
    q = n / median_seconds(lambda: python(threads, parse=True))
    print(f"{threads:>7} {c:>11.1f} {p:>12.1f} {100 * p / c:>8.1f}% {q:>18.1f} {100 * q / c:>5.1f}%")
PY
