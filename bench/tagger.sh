#!/usr/bin/env bash
# Tagger throughput: tokens/s of the tagger component alone (and the
# lemmatizer after it), one core, over AllSides news from ../shared that is
# read, tokenized and sentence-split once before the clock starts.
#   bench/tagger.sh [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${1:-7}
shared=../shared/corpora
[ -d "$shared" ] || { echo "bench/tagger.sh: $shared not found; nothing to measure" >&2; exit 1; }
[ -x build/hearsay ] || ./scripts/build.sh release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# AllSides articles as one JSON Lines file (built at run time; never committed).
python3 scripts/allsides-jsonl.py "$shared/allsides/jsons" "$work/allsides.jsonl"

echo "== AllSides (3,031 articles), tagger and lemmatizer alone, one core"
taskset -c 0 ./build/hearsay bench tagger "$work/allsides.jsonl" --repeat "$repeat" --lemmatizer
