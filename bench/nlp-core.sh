#!/usr/bin/env bash
# NLP-core speed and accuracy, hearsay beside the peer wink-nlp in the same run:
#   bench/nlp-core.sh [REPEAT]
# 1. hearsay bench nlp: tokens/s of tokenizer+sentences, + tagger, + parser,
#    + entities (those this build has), model sizes, memory, and the tagger's
#    UPOS accuracy on GUM dev gold tokens;
# 2. bench/wink/wink-bench.js: wink-nlp (installed from npm into a scratch
#    folder by bench/wink/install.sh, never vendored) on the same news text
#    and the same GUM dev sentences;
# then a table of both and their ratios. Each is pinned to core 0 (taskset);
# the median of REPEAT timed passes (default 5) after one warm-up pass counts.
# Needs node and npm (scripts/install-bench-deps.sh) and ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${1:-5}
shared=../shared
news=$shared/corpora/allsides/jsons
gum=$shared/data/gum/dev
for d in "$news" "$gum"; do
  [ -d "$d" ] || { echo "bench/nlp-core.sh: $d not found; nothing to measure" >&2; exit 1; }
done
[ -x build/hearsay ] || ./scripts/build.sh release
modules=$(bench/wink/install.sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The AllSides articles' content_original as JSON Lines for hearsay (built at
# run time, never committed); wink-bench.js reads the same field of the same
# files, so both see the same text.
python3 scripts/allsides-jsonl.py "$news" "$work/allsides.jsonl"

echo "hearsay bench nlp ..." >&2
taskset -c 0 ./build/hearsay bench nlp "$work/allsides.jsonl" --repeat "$repeat" --conllu "$gum" --json \
  > "$work/hearsay.json"
echo "wink-nlp ..." >&2
taskset -c 0 node bench/wink/wink-bench.js --modules "$modules" --conllu "$gum" --news "$news" \
  --repeat "$repeat" --pipes sbd,tag > "$work/wink.json"

python3 - "$work/hearsay.json" "$work/wink.json" <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))
w = json.load(open(sys.argv[2]))
stages = {s["label"]: s for s in h["stages"]}
wp = w["throughput"]["pipes"]
v = w["versions"]
print(f"news text: AllSides content_original, {h['input']['documents']} articles, "
      f"{h['input']['bytes'] / 1e6:.1f} MB; one core (taskset -c 0); median of {h['input']['repeat']} passes "
      f"after a warm-up pass")
print(f"peer: wink-nlp {v['wink-nlp']} + wink-eng-lite-web-model {v['wink-eng-lite-web-model']} on node {v['node']}")
print("tokens/s are per second of CPU time (user+system) of the process; wall-clock figures follow in ()")
print("each counts its own tokens of the same text; MB/s compares the same bytes")
print()
fmt = "{:<34} {:>22} {:>22} {:>14}"
print(fmt.format("", "hearsay", "wink-nlp", "hearsay/wink"))

def speed(s, tokens_key="tokens_per_cpu_second", wall_key="tokens_per_second"):
    return f"{s[tokens_key] / 1e3:,.0f}k ({s[wall_key] / 1e3:,.0f}k)"

def row(label, hs, ws):
    if hs is None or not hs["available"]:
        reason = hs["reason"] if hs else "not measured"
        print(fmt.format(label, "not available", speed(ws) if ws else "-", "-"))
        print(f"    hearsay: {reason}")
        return
    if ws is None:
        print(fmt.format(label, speed(hs), "-", "-"))
        return
    ratio = hs["tokens_per_cpu_second"] / ws["tokens_per_cpu_second"]
    bytes_ratio = ws["median_cpu_seconds"] / hs["median_cpu_seconds"]
    print(fmt.format(label, speed(hs), speed(ws), f"{ratio:.1f}x"))
    print(f"    same text, bytes/s: hearsay {h['input']['bytes'] / 1e6 / hs['median_cpu_seconds']:.2f} MB/s, "
          f"wink {w['throughput']['bytes'] / 1e6 / ws['median_cpu_seconds']:.2f} MB/s: {bytes_ratio:.1f}x")

print("tokens/s (k = thousand)")
row("tokenize + sentences", stages.get("tokenizer+sentences"), wp.get("sbd"))
row("+ tagger (wink: sbd+pos)", stages.get("+ tagger"), wp.get("tag"))
row("+ tagger,parser", stages.get("+ tagger,parser"), None)
row("+ tagger,parser,entities", stages.get("+ tagger,parser,entities"), None)
print()
acc = h.get("tagger_accuracy", {})
wa = w["accuracy"]
ha = f"{100 * acc['upos_accuracy']:.2f}%" if acc.get("available") else "not available"
hr = (f"{acc['upos_accuracy'] / wa['upos_accuracy']:.3f}" if acc.get("available") else "-")
print(fmt.format(f"UPOS accuracy, GUM dev gold tokens", ha, f"{100 * wa['upos_accuracy']:.2f}%", hr))
if not acc.get("available"):
    print(f"    hearsay: {acc.get('reason', 'not measured')}")
print(f"    wink: {wa['words']} words, {wa['sentences']} sentences; {wa['words_split_by_wink']} words split further "
      f"by wink's tokenizer (scored by the first piece; {100 * wa['upos_accuracy_split_words_wrong']:.2f}% "
      f"if all counted wrong)")
print()
m = h["models"]
mem = h["memory_kb"]
files = ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in sorted(m.get("files", {}).items())) or "none"
print(f"hearsay models: {m['total_bytes'] / 1e6:.2f} MB ({files})")
print(f"hearsay memory: default pipeline ({h['default_pipeline']}) loaded: peak {mem['peak_with_models'] / 1024:.1f} MB "
      f"resident; whole run with the corpus in memory: peak {mem['peak_end'] / 1024:.1f} MB")
PY
