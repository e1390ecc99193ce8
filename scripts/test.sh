#!/usr/bin/env bash
# README command 2 (and CI): install what is needed, build every flavour and
# run every test suite: one clang build with ASan+UBSan runs the fuzzers for a
# bounded time and then the unit tests; then the unit tests of the release
# build (gcc, -Werror), the Python tests (pytest) and the browser test of
# hearsay serve against that build; last, an offline `pip install .`.
# Tests that need ../shared skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
fuzz_seconds=${HEARSAY_FUZZ_SECONDS:-60}

echo "== build: clang with AddressSanitizer + UndefinedBehaviorSanitizer (unit tests and fuzzers)"
./scripts/build.sh sanitize

# Each fuzzer starts from its seed corpus in fuzz/corpus/TARGET and writes
# new inputs and any crash into a scratch folder, removed on exit.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# A finding prints the sanitizer's or the invariant's report (the lines
# before the stack trace) and the input itself in base64, since the scratch
# folder is removed: `base64 -d > crash; build-sanitize/fuzz/TARGET_fuzzer
# crash` replays it.
run_fuzzer() {  # TARGET SECONDS MAX_LEN
  local target=$1 seconds=$2 max_len=$3 rc=0
  echo "== fuzz: ${target}_fuzzer for ${seconds}s"
  mkdir -p "$scratch/$target"
  ./build-sanitize/fuzz/${target}_fuzzer -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=2048 \
    -artifact_prefix="$scratch/$target/" -print_final_stats=1 "$scratch/$target" "fuzz/corpus/$target" \
    > "$scratch/$target.log" 2>&1 || rc=$?
  if [ "$rc" -eq 0 ]; then
    tail -n 12 "$scratch/$target.log"
    return 0
  fi
  grep -v '^#[0-9]*\s*\(NEW\|REDUCE\|pulse\|RELOAD\)' "$scratch/$target.log" | tail -n 120
  for crash in "$scratch/$target"/crash-* "$scratch/$target"/leak-* "$scratch/$target"/timeout-* \
    "$scratch/$target"/oom-*; do
    [ -f "$crash" ] || continue
    echo "== ${target}_fuzzer input $(basename "$crash") (base64):"
    base64 "$crash"
  done
  return "$rc"
}
run_fuzzer segment "$fuzz_seconds" 8192
# The whole pipeline runs ~90 inputs/s (the segment fuzzer ~2,000), so half
# the time keeps CI within its budget while still covering the stage.
run_fuzzer attribution $(((fuzz_seconds + 1) / 2)) 4096
# The web readers parse hostile input too, but their code is small: a fifth of
# the time each (12 s by default) keeps CI within its budget.
run_fuzzer html $(((fuzz_seconds + 4) / 5)) 16384
run_fuzzer warc $(((fuzz_seconds + 4) / 5)) 16384
# The store fuzzer (.json articles, hearsay output records into a store) is
# cheap per input; a short run keeps CI within budget.
run_fuzzer store $(((fuzz_seconds + 5) / 6)) 8192
# The JSON API's request handling (any path and query parameters) over a
# tiny store: cheap per input, a short run.
run_fuzzer serve_params $(((fuzz_seconds + 9) / 10)) 2048

echo "== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer"
# Retrain* tests train models from ../shared: they run in the release build below.
(cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j "$(nproc)" -E "^Retrain")

echo "== release build (-Wall -Wextra -Werror) and unit tests"
./scripts/build.sh release
(cd build && ctest --output-on-failure -j "$(nproc)")

# The Python module is built by the release build above (build/python);
# Debian's python3, which sees the python3-* packages.
echo "== Python bindings, hearsay stream and hearsay.dask (pytest)"
HEARSAY_BUILD_DIR=build /usr/bin/python3 -m pytest -q -p no:cacheprovider python/tests
echo "== hearsay serve in a real browser (chromium + playwright-core); screenshots in build/serve-screenshots"
./tests/browser/run.sh build/hearsay build/serve-screenshots

# `pip install .` offline, as docs/python.md tells users: a fresh venv that
# sees Debian's packages, no index, no build isolation; then one document.
echo "== pip install --no-build-isolation . into a fresh venv (offline)"
venv=$(mktemp -d)
trap 'rm -rf "$scratch" "$venv"' EXIT
/usr/bin/python3 -m venv --system-site-packages "$venv"
"$venv/bin/pip" install -q --no-build-isolation --no-index --no-cache-dir . 2>&1 | tail -n 5
(cd "$venv" && "$venv/bin/python" - <<'PY'
import hearsay
doc = hearsay.load()("\u201cThe budget is final,\u201d Mayor Ana Ruiz said on Tuesday.")
got = [(s.speaker_name, s.content.text) for s in doc.statements]
assert hearsay.__file__.startswith(__import__("sys").prefix), hearsay.__file__
assert got == [("Ana Ruiz", "The budget is final,")], got
print("installed hearsay works:", got)
PY
)
