#!/usr/bin/env bash
# Load benchmark of hearsay serve with wrk (Debian):
#   bench/serve.sh [STORE] [SECONDS]
# STORE (default $HEARSAY_BENCH_DIR/store-100000.db, which bench/query.sh
# builds from ../shared/corpora/allsides + bbc-news replicated to 100k
# articles; any store of >= 10k articles will do) is served by
# `hearsay serve --threads 64`; wrk then runs SECONDS (default 10) per page at
# 64 connections (2 wrk threads) on:
#   search   /api/statements?q=WORD&limit=20      (full text, first page)
#   speaker  /api/speakers/ID                     (the most quoted speaker: roles,
#                                                 outlets, cited documents, timeline,
#                                                 first 50 statements)
#   speaker2 /api/speakers/ID                     (the 20th most quoted)
# and prints requests/s and the latency percentiles wrk measures (goal p99 < 50 ms).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${HEARSAY_BENCH_DIR:-/tmp/hearsay-bench-query}
db=${1:-$dir/store-100000.db}
seconds=${2:-10}
command -v wrk >/dev/null || { echo "bench/serve.sh: wrk not installed (scripts/install-deps.sh)" >&2; exit 1; }
[ -s "$db" ] || { echo "bench/serve.sh: $db not found; build it with bench/query.sh (or pass a store)" >&2; exit 1; }
[ -x build/hearsay ] || ./scripts/build.sh release
log=$(mktemp)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -f "$log"' EXIT
./build/hearsay serve --db "$db" --port 0 --threads 64 2>"$log" &
server=$!
for _ in $(seq 100); do grep -q "http://" "$log" && break; sleep 0.1; done
url=$(grep -o "http://[^ ]*" "$log" | head -n 1)
url=${url%/}
[ -n "$url" ] || { cat "$log" >&2; exit 1; }
get() { /usr/bin/python3 -c 'import json,sys,urllib.request; print(eval(sys.argv[2], {"j": json.load(urllib.request.urlopen(sys.argv[1]))}))' "$@"; }
echo "store: $db: $(get "$url/api/stats" 'str(j["documents"]) + " articles, " + str(j["statements"]) + " statements"')"
top=$(get "$url/api/speakers?limit=1" 'j["items"][0]["id"]')
twentieth=$(get "$url/api/speakers?limit=1&offset=19" 'j["items"][0]["id"]')
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for pair in "search:/api/statements?q=president&limit=20" "speaker:/api/speakers/$top" "speaker2:/api/speakers/$twentieth"; do
  name=${pair%%:*}; path=${pair#*:}
  curl -s -o /dev/null -w "$name $path: HTTP %{http_code}, %{size_download} bytes\n" "$url$path" 2>/dev/null ||
    echo "$name $path"
  wrk -t 2 -c 64 -d "${seconds}s" --latency "$url$path" | grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors"
done
