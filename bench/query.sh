#!/usr/bin/env bash
# Query latency on a 100k-article store:
#   bench/query.sh [ARTICLES] [REPEAT]
# 1. Extracts the AllSides (3,031) and BBC News (2,225) articles in ../shared
#    once into json-compact result shards (tokens dropped: the store does not
#    read them); BBC articles carry no outlet or date, so they get "BBC News"
#    and a day in 2004-2005 derived from their path.
# 2. Replicates the shards to ARTICLES documents (default 100000), each copy
#    with an altered id, URL and date (+7 days per copy), and ingests them
#    into a fresh store (no extraction: hearsay output is stored as it is);
#    prints the ingest rate and the store's bytes per article.
# 3. Times `hearsay query` for the 10 most quoted speakers (--speaker NAME)
#    and 10 full-text queries (--text), REPEAT times each (default 5): median
#    and p95 wall-clock latency per command, process start included (goal
#    < 50 ms), beside the process start alone (`hearsay query --help`).
# The store is kept in $HEARSAY_BENCH_DIR (default /tmp/hearsay-bench-query)
# and rebuilt only when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-100000}
repeat=${2:-5}
shared=../shared/corpora
for d in "$shared/allsides/jsons" "$shared/bbc-news"; do
  [ -d "$d" ] || { echo "bench/query.sh: $d not found; nothing to measure" >&2; exit 1; }
done
[ -x build/hearsay ] || ./scripts/build.sh release
dir=${HEARSAY_BENCH_DIR:-/tmp/hearsay-bench-query}
mkdir -p "$dir"
py=/usr/bin/python3
db="$dir/store-$articles.db"

if [ ! -s "$dir/base.jsonl" ]; then
  echo "extracting $shared/allsides/jsons and $shared/bbc-news (once) ..." >&2
  # extract takes files, not directories
  find "$shared/allsides/jsons" "$shared/bbc-news" -type f \( -name '*.json' -o -name '*.txt' \) | sort |
    xargs ./build/hearsay extract --format json-compact --threads 2 --lenient -q > "$dir/extracted.jsonl"
  $py - "$dir/extracted.jsonl" "$dir/base.jsonl" <<'PY'
import json, sys, zlib, datetime
keep = ["schema_version", "id", "url", "source", "published", "title", "language", "extra", "text",
        "statements", "speakers", "cited_documents"]
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as out:
    for line in f:
        d = json.loads(line)
        d = {k: d[k] for k in keep if k in d}
        if "bbc-news" in d["id"] and "source" not in d:
            d["source"] = "BBC News"
            day = datetime.date(2004, 1, 1) + datetime.timedelta(days=zlib.crc32(d["id"].encode()) % 700)
            d["published"] = day.isoformat()
        out.write(json.dumps(d, ensure_ascii=False) + "\n")
PY
fi
base=$(wc -l < "$dir/base.jsonl")

if [ ! -s "$db" ]; then
  echo "replicating $base articles to $articles ..." >&2
  rm -rf "$dir/shards"; mkdir -p "$dir/shards"
  $py - "$dir/base.jsonl" "$dir/shards" "$articles" <<'PY'
import json, sys, datetime
base = [json.loads(l) for l in open(sys.argv[1])]
target = int(sys.argv[3])
n = 0; copy = 0; shard = None
while n < target:
    for d in base:
        if n >= target: break
        if n % 10000 == 0:
            if shard: shard.close()
            shard = open(f"{sys.argv[2]}/shard-{n // 10000:03d}.jsonl", "w")
        c = dict(d)
        if copy:
            c["id"] = f"{d['id']}#{copy}"
            c["url"] = f"{d.get('url', 'urn:' + d['id'])}#{copy}"
            p = d.get("published", "")
            try:
                c["published"] = (datetime.date.fromisoformat(p[:10]) + datetime.timedelta(days=7 * copy)).isoformat()
            except ValueError:
                pass
        shard.write(json.dumps(c, ensure_ascii=False) + "\n")
        n += 1
    copy += 1
shard.close()
PY
  start=$(date +%s.%N)
  ./build/hearsay ingest --db "$db" --threads 2 --batch 256 --no-progress "$dir/shards" 2> "$dir/ingest.log" ||
    { cat "$dir/ingest.log" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "ingest of $articles shard records: $(echo "$end - $start" | bc -l | xargs printf '%.1f') s" > "$dir/ingest-time.txt"
  rm -rf "$dir/shards"
fi
cat "$dir/ingest.log" | tail -n 3
cat "$dir/ingest-time.txt"
./build/hearsay query --db "$db" stats
bytes=$(stat -c %s "$db")
docs=$(./build/hearsay query --db "$db" stats --format csv | tail -n 1 | cut -d, -f2)
echo "store: $bytes bytes, $((bytes / docs)) bytes per article"

$py - "$db" "$repeat" <<'PY'
import json, statistics, subprocess, sys, time
db, repeat = sys.argv[1], int(sys.argv[2])
cli = "./build/hearsay"
speakers = json.loads(subprocess.run([cli, "query", "--db", db, "--format", "json", "--limit", "10", "speakers",
                                      "--kind", "person"], check=True, capture_output=True, text=True).stdout)
texts = ["climate", "economy", '"health care"', "immigration AND border", "election", "police", "tax*",
         "war OR military", "vaccine", '"trade deal"']
def measure(args):
    times = []
    rows = 0
    for _ in range(repeat):
        t = time.perf_counter()
        out = subprocess.run([cli, "query", "--db", db, "--format", "json", "--limit", "20", "statements"] + args,
                             check=True, capture_output=True, text=True).stdout
        times.append((time.perf_counter() - t) * 1000)
        rows = len(json.loads(out))
    return times, rows
# The same machine's process start, measured in the same run: `hearsay query --help`.
start = []
for _ in range(10):
    t = time.perf_counter()
    subprocess.run([cli, "query", "--help"], check=True, capture_output=True)
    start.append((time.perf_counter() - t) * 1000)
print(f"process start alone (hearsay query --help), 10 runs: median {statistics.median(start):.1f} ms")
for label, queries in [("speaker", [["--speaker", s["name"]] for s in speakers]),
                       ("full-text", [["--text", t] for t in texts])]:
    all_times = []
    for q in queries:
        times, rows = measure(q)
        all_times += times
        print(f"  {label:9} {' '.join(q):40.40} {statistics.median(times):7.1f} ms  ({rows} rows)")
    all_times.sort()
    p95 = all_times[min(len(all_times) - 1, int(round(0.95 * len(all_times))) - 1)]
    print(f"{label} query, {len(queries)} queries x {repeat}: median {statistics.median(all_times):.1f} ms, "
          f"p95 {p95:.1f} ms (goal < 50 ms)")
PY
