#!/usr/bin/env bash
# Configures and builds one flavour of hearsay. Usage: scripts/build.sh [release|sanitize|fuzz]
#   release   build/          -Wall -Wextra -Werror, optimised (the binary users run)
#   sanitize  build-sanitize/ AddressSanitizer + UndefinedBehaviorSanitizer, for the unit tests
#   fuzz      build-fuzz/     clang + libFuzzer targets
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-release}
jobs=$(nproc 2>/dev/null || echo 2)
case "$flavour" in
  release)
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DHEARSAY_WERROR=ON >/dev/null
    cmake --build build -j "$jobs" ;;
  sanitize)
    cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHEARSAY_WERROR=ON \
      -DHEARSAY_SANITIZE=ON >/dev/null
    cmake --build build-sanitize -j "$jobs" ;;
  fuzz)
    CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHEARSAY_BUILD_FUZZERS=ON \
      -DHEARSAY_BUILD_TESTS=OFF >/dev/null
    cmake --build build-fuzz -j "$jobs" ;;
  *)
    echo "usage: scripts/build.sh [release|sanitize|fuzz]" >&2
    exit 2 ;;
esac
