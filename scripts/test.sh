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

echo "== fuzz: segment_fuzzer for ${fuzz_seconds}s"
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
./build-sanitize/fuzz/segment_fuzzer -max_total_time="$fuzz_seconds" -max_len=8192 -rss_limit_mb=2048 \
  -artifact_prefix="$corpus/" -print_final_stats=1 "$corpus" fuzz/corpus/segment 2>&1 | tail -n 12

# The whole pipeline runs ~90 inputs/s (the segment fuzzer ~2,000), so half
# the time keeps CI within its budget while still covering the stage.
attribution_seconds=$(((fuzz_seconds + 1) / 2))
echo "== fuzz: attribution_fuzzer (the whole pipeline) for ${attribution_seconds}s"
corpus_attribution=$(mktemp -d)
trap 'rm -rf "$corpus" "$corpus_attribution"' EXIT
./build-sanitize/fuzz/attribution_fuzzer -max_total_time="$attribution_seconds" -max_len=4096 -rss_limit_mb=2048 \
  -artifact_prefix="$corpus_attribution/" -print_final_stats=1 "$corpus_attribution" fuzz/corpus/attribution 2>&1 |
  tail -n 12

# The web readers parse hostile input too, but their code is small: a fifth of
# the time each (12 s by default) keeps CI within its budget.
web_seconds=$(((fuzz_seconds + 4) / 5))
for target in html warc; do
  echo "== fuzz: ${target}_fuzzer for ${web_seconds}s"
  corpus_web=$(mktemp -d)
  ./build-sanitize/fuzz/${target}_fuzzer -max_total_time="$web_seconds" -max_len=16384 -rss_limit_mb=2048 \
    -artifact_prefix="$corpus_web/" -print_final_stats=1 "$corpus_web" fuzz/corpus/$target 2>&1 | tail -n 12
  rm -rf "$corpus_web"
done
# The store fuzzer (.json articles, hearsay output records into a store) is
# cheap per input; a short run keeps CI within budget.
store_seconds=$(((fuzz_seconds + 5) / 6))
echo "== fuzz: store_fuzzer for ${store_seconds}s"
corpus_store=$(mktemp -d)
trap 'rm -rf "$corpus" "$corpus_attribution" "$corpus_store"' EXIT
./build-sanitize/fuzz/store_fuzzer -max_total_time="$store_seconds" -max_len=8192 -rss_limit_mb=2048 \
  -artifact_prefix="$corpus_store/" -print_final_stats=1 "$corpus_store" fuzz/corpus/store 2>&1 | tail -n 12
# The JSON API's request handling (any path and query parameters) over a
# tiny store: cheap per input, a short run.
serve_seconds=$(((fuzz_seconds + 9) / 10))
echo "== fuzz: serve_params_fuzzer for ${serve_seconds}s"
corpus_serve=$(mktemp -d)
trap 'rm -rf "$corpus" "$corpus_attribution" "$corpus_store" "$corpus_serve"' EXIT
./build-sanitize/fuzz/serve_params_fuzzer -max_total_time="$serve_seconds" -max_len=2048 -rss_limit_mb=2048 \
  -artifact_prefix="$corpus_serve/" -print_final_stats=1 "$corpus_serve" fuzz/corpus/serve_params 2>&1 | tail -n 12

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
trap 'rm -rf "$corpus" "$corpus_attribution" "$corpus_store" "$venv"' EXIT
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
