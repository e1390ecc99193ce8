#!/usr/bin/env bash
# Load benchmark of hearsay serve with wrk (Debian):
#   bench/serve.sh [STORE] [SECONDS] [RUNS]
# STORE (default $HEARSAY_BENCH_DIR/store-100000.db, which bench/query.sh
# builds from ../shared/corpora/allsides + bbc-news replicated to 100k
# articles; any store of >= 10k articles will do; schema version 3: an older
# store must be migrated first with `hearsay ingest --db STORE </dev/null`)
# is served by `hearsay serve` (64 threads); wrk then runs SECONDS (default
# 10) per page, RUNS times (default 3), at 64 connections (2 wrk threads) on:
#   search        /api/statements?q=WORD&limit=20   up to 200 words drawn from the
#                 store's statements (every 8,000th statement's longest word:
#                 rare and common words alike), one after the other
#   search-common /api/statements?q=president&limit=20  (tens of thousands of matches)
#   speaker-top   /api/speakers/ID   the most quoted speaker (roles, outlets, cited
#                 documents, timeline, first 20 statements)
#   speaker-mix   /api/speakers/ID   the 200 most quoted speakers, one after the other
# Requests rotate through each list (bench/serve.lua), so that a run measures
# many different queries rather than one answer. The server keeps a response
# cache (--cache-mb, default 64 MB): after the first pass over a list the
# answers come from it, so every page is run twice, on one server with the
# cache (default) and on another with `--cache-mb 0` (every request runs its
# SQL and writes its JSON), and both figures are printed: "cache on" is what
# a read-mostly deployment sees for repeated requests, "cache off" what a new
# request costs. A binary without --cache-mb (older builds) is run once, as
# "cache off". HEARSAY_BIN=path runs another hearsay binary;
# HEARSAY_SERVE_ARGS adds options to both servers (e.g. "--connections 2").
# Prints requests/s and wrk's latency percentiles per run, the machine's
# load, and the medians over the runs (goal: p99 < 50 ms).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${HEARSAY_BENCH_DIR:-/tmp/hearsay-bench-query}
db=${1:-$dir/store-100000.db}
seconds=${2:-10}
runs=${3:-3}
command -v wrk >/dev/null || { echo "bench/serve.sh: wrk not installed (scripts/install-deps.sh)" >&2; exit 1; }
[ -s "$db" ] || { echo "bench/serve.sh: $db not found; build it with bench/query.sh (or pass a store)" >&2; exit 1; }
bin=${HEARSAY_BIN:-build/hearsay}  # another build to compare with
[ -x "$bin" ] || ./scripts/build.sh release
work=$(mktemp -d)
servers=()
trap 'for p in "${servers[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
# start NAME ARGS...: starts a server, sets url_NAME.
start() {
  local name=$1 url
  shift
  # shellcheck disable=SC2086
  "$bin" serve --db "$db" --port 0 --threads 64 ${HEARSAY_SERVE_ARGS:-} "$@" 2>"$work/log-$name" &
  servers+=($!)
  for _ in $(seq 100); do grep -q "http://" "$work/log-$name" && break; kill -0 "$!" 2>/dev/null || break; sleep 0.1; done
  url=$(grep -o "http://[^ ]*" "$work/log-$name" | head -n 1 || true)
  [ -n "$url" ] || { cat "$work/log-$name" >&2; exit 1; }
  printf -v "url_$name" '%s' "${url%/}"
}
if "$bin" serve --help | grep -q -- --cache-mb; then
  modes="on off"
  start on
  start off --cache-mb 0
else
  modes="off"
  start off
fi
url=$url_off

# The request lists, drawn from the store (read-only).
/usr/bin/python3 - "$db" "$work" <<'PY'
import re, sqlite3, sys, urllib.parse
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
out = sys.argv[2]
words = []
for (content,) in db.execute("SELECT content FROM statements WHERE id % 8000 = 0 ORDER BY id"):
    candidates = sorted(set(re.findall(r"[A-Za-z]{4,}", content)), key=lambda w: (-len(w), w))
    if candidates and candidates[0].lower() not in words:
        words.append(candidates[0].lower())
    if len(words) == 200:
        break
speakers = [i for (i,) in db.execute("SELECT id FROM speakers ORDER BY statement_count DESC, id LIMIT 200")]
with open(out + "/search", "w") as f:
    f.writelines("/api/statements?q=%s&limit=20\n" % urllib.parse.quote(w) for w in words)
with open(out + "/search-common", "w") as f:
    f.write("/api/statements?q=president&limit=20\n")
with open(out + "/speaker-top", "w") as f:
    f.write("/api/speakers/%d\n" % speakers[0])
with open(out + "/speaker-mix", "w") as f:
    f.writelines("/api/speakers/%d\n" % i for i in speakers)
PY
get() { /usr/bin/python3 -c 'import json,sys,urllib.request; print(eval(sys.argv[2], {"j": json.load(urllib.request.urlopen(sys.argv[1]))}))' "$@"; }
echo "store: $db: $(get "$url/api/stats" 'str(j["documents"]) + " articles, " + str(j["statements"]) + " statements"')"
echo "machine: $(nproc) cores; wrk -t 2 -c 64 -d ${seconds}s, $runs runs per page"
printf "%-14s %-5s %4s %9s %9s %9s %9s %7s %s\n" page cache run "req/s" p50 p90 p99 errors load
for page in search search-common speaker-top speaker-mix; do
  # One request per path first: every path answers 200 (and is timed alone,
  # on the server without a cache, so each is computed).
  while read -r path; do
    curl -s -o /dev/null -w "%{http_code} %{time_total}\n" "$url_off$path"
  done <"$work/$page" >"$work/$page.single"
  if grep -qv "^200 " "$work/$page.single"; then
    echo "bench/serve.sh: a $page request did not answer 200:" >&2
    grep -v "^200 " "$work/$page.single" | head -n 3 >&2
    exit 1
  fi
  for mode in $modes; do
    var=url_$mode
    for run in $(seq "$runs"); do
      wrk -t 2 -c 64 -d "${seconds}s" --timeout 10s --latency -s bench/serve.lua "${!var}" -- "$work/$page" >"$work/wrk"
      ms() { awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) x = v / 1000; else if (v ~ /ms$/) x = v + 0; else x = v * 1000; printf "%.1f", x; found = 1 } END { if (!found) printf "-" }' "$work/wrk"; }
      rps=$(awk '/Requests\/sec/ { print $2 }' "$work/wrk")
      errors=$(awk '/Non-2xx|Socket errors/ { printf "%s ", $0 }' "$work/wrk")
      printf "%-14s %-5s %4s %9s %9s %9s %9s %7s %s\n" "$page" "$mode" "$run" "$rps" "$(ms 50%)" "$(ms 90%)" "$(ms 99%)" \
        "${errors:-0}" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$work/table"
    done
  done
  awk '{ t += $2 } END { printf "%-14s single requests (curl, one at a time, no cache): mean %.1f ms over %d paths\n", "'"$page"'", 1000 * t / NR, NR }' "$work/$page.single"
done
echo "medians over the runs (ms):"
/usr/bin/python3 - "$work/table" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    rows.setdefault((f[0], f[1]), []).append([float(x) if x != "-" else float("nan") for x in f[3:7]])
for (page, mode), runs in rows.items():
    m = [statistics.median(c) for c in zip(*runs)]
    print("%-14s cache %-3s req/s %7.0f  p50 %6.1f  p90 %6.1f  p99 %6.1f" % (page, mode, *m))
PY
