#!/usr/bin/env bash
# Ingest throughput beside bare extraction, in the same run:
#   bench/ingest.sh [ARTICLES] [REPEAT]
# On the first ARTICLES (default 1000) AllSides articles (../shared), runs
#   hearsay extract --format json-compact > /dev/null   (bare extraction)
#   hearsay ingest --db FRESH.db                        (extraction + store)
# with --threads 1 and 2, REPEAT times each (default 1; the median counts),
# and prints documents/s, MB/s (of input file bytes), the ratio ingest /
# extract (goal >= 80%), and the store's bytes per article.
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-1000}
repeat=${2:-1}
news=../shared/corpora/allsides/jsons
[ -d "$news" ] || { echo "bench/ingest.sh: $news not found; nothing to measure" >&2; exit 1; }
[ -x build/hearsay ] || ./scripts/build.sh release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
ls "$news" | sort | head -n "$articles" | while read -r f; do ln -s "$(realpath "$news/$f")" "$work/in/$f"; done
bytes=$(cat "$work"/in/*.json | wc -c)
docs=$(ls "$work/in" | wc -l)

time_run() {  # prints wall seconds of "$@"
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "input: $docs AllSides articles (.json), $((bytes / 1000)) kB; median of $repeat run(s)"
printf "%-10s %-34s %10s %10s %10s\n" threads command seconds docs/s MB/s
for threads in 1 2; do
  ex=$(for r in $(seq "$repeat"); do time_run ./build/hearsay extract --format json-compact -q --threads "$threads" "$work"/in/*.json; done | median)
  in=$(for r in $(seq "$repeat"); do
         rm -f "$work/store.db"*
         time_run ./build/hearsay ingest --db "$work/store.db" -q --threads "$threads" "$work/in"
       done | median)
  for pair in "extract --format json-compact:$ex" "ingest --db (fresh store):$in"; do
    label=${pair%%:*}; s=${pair##*:}
    printf "%-10s %-34s %10.2f %10.1f %10.3f\n" "$threads" "$label" "$s" "$(echo "$docs / $s" | bc -l)" \
      "$(echo "$bytes / 1000000 / $s" | bc -l)"
  done
  printf "%-10s ingest / extract throughput: %.0f%% (goal >= 80%%)\n" "$threads" "$(echo "100 * $ex / $in" | bc -l)"
done
sqlite3_bytes=$(stat -c %s "$work/store.db")
stored=$(./build/hearsay query --db "$work/store.db" stats --format csv | tail -n 1 | cut -d, -f2)
echo "store: $sqlite3_bytes bytes for $stored articles = $((sqlite3_bytes / stored)) bytes per article" \
     "(input $((bytes / docs)) bytes per article, text kept)"
