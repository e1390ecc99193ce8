#!/usr/bin/env bash
# README command 2 (and CI): install what is needed, build every flavour and
# run every test suite: the fuzzer for a bounded time, the unit tests under
# ASan+UBSan, then the unit tests of the release build (-Werror).
# Tests that need ../shared skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
fuzz_seconds=${HEARSAY_FUZZ_SECONDS:-60}

echo "== fuzz: segment_fuzzer for ${fuzz_seconds}s"
./scripts/build.sh fuzz
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
./build-fuzz/fuzz/segment_fuzzer -max_total_time="$fuzz_seconds" -max_len=8192 -rss_limit_mb=2048 \
  -artifact_prefix="$corpus/" -print_final_stats=1 "$corpus" fuzz/corpus/segment 2>&1 | tail -n 12

# The whole pipeline runs ~90 inputs/s (the segment fuzzer ~2,000), so half
# the time keeps CI within its budget while still covering the stage.
attribution_seconds=$(((fuzz_seconds + 1) / 2))
echo "== fuzz: attribution_fuzzer (the whole pipeline) for ${attribution_seconds}s"
corpus_attribution=$(mktemp -d)
trap 'rm -rf "$corpus" "$corpus_attribution"' EXIT
./build-fuzz/fuzz/attribution_fuzzer -max_total_time="$attribution_seconds" -max_len=4096 -rss_limit_mb=2048 \
  -artifact_prefix="$corpus_attribution/" -print_final_stats=1 "$corpus_attribution" fuzz/corpus/attribution 2>&1 |
  tail -n 12

echo "== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer"
./scripts/build.sh sanitize
# Retrain* tests train models from ../shared: they run in the release build below.
(cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j "$(nproc)" -E "^Retrain")

echo "== release build (-Wall -Wextra -Werror) and unit tests"
./scripts/build.sh release
(cd build && ctest --output-on-failure -j "$(nproc)")

echo "== hearsay serve in a real browser (chromium + playwright-core); screenshots in build/serve-screenshots"
./tests/browser/run.sh build/hearsay build/serve-screenshots
