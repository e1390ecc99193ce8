#!/usr/bin/env bash
# Configures and builds one flavour of hearsay. Usage: scripts/build.sh [release|sanitize]
#   release   build/          -Wall -Wextra -Werror, optimised (the binary users run)
#   sanitize  build-sanitize/ clang, AddressSanitizer + UndefinedBehaviorSanitizer: the unit tests
#                             and the libFuzzer targets (one instrumented build serves both, which
#                             saves CI a whole compilation of the library)
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-release}
jobs=$(nproc 2>/dev/null || echo 2)
case "$flavour" in
  release)
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DHEARSAY_WERROR=ON >/dev/null
    cmake --build build -j "$jobs" ;;
  sanitize)
    CXX=clang++ cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHEARSAY_WERROR=ON \
      -DHEARSAY_SANITIZE=ON -DHEARSAY_BUILD_FUZZERS=ON >/dev/null
    cmake --build build-sanitize -j "$jobs" ;;
  *)
    echo "usage: scripts/build.sh [release|sanitize]" >&2
    exit 2 ;;
esac
