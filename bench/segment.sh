#!/usr/bin/env bash
# Segmentation throughput (issue 2): reading + UTF-8 checking + normalising +
# tokenizing + sentence splitting, one core, on real news from ../shared.
#   bench/segment.sh [REPEAT]
# Prints, for each corpus, the median of REPEAT runs (default 7) beside a
# read-only run made in the same command (the peer), and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${1:-7}
shared=../shared/corpora
[ -d "$shared" ] || { echo "bench/segment.sh: $shared not found; nothing to measure" >&2; exit 1; }
[ -x build/hearsay ] || ./scripts/build.sh release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# AllSides articles as one JSON Lines file (built at run time; never committed).
python3 scripts/allsides-jsonl.py "$shared/allsides/jsons" "$work/allsides.jsonl"
# The same text four times over, so each run lasts long enough to time well.
for _ in 1 2 3 4; do cat "$work/allsides.jsonl"; done > "$work/allsides-x4.jsonl"

echo "== AllSides (JSON Lines, 3,031 articles x4)"
taskset -c 0 ./build/hearsay bench segment "$work/allsides-x4.jsonl" --repeat "$repeat"
echo
echo "== BBC News (2,225 plain-text files; one is Latin-1, read with --lenient)"
taskset -c 0 ./build/hearsay bench segment "$shared/bbc-news" --lenient --repeat "$repeat"
