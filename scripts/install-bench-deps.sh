#!/usr/bin/env bash
# Optional: what the benchmarks need beyond scripts/install-deps.sh, from
# Debian 12's packages — node and npm, to run the peer wink-nlp in
# bench/nlp-core.sh (Debian 12 ships nodejs 18 and npm 9; wink-nlp needs
# node >= 16). hearsay itself never needs them. Needs root or sudo.
set -euo pipefail

if command -v node >/dev/null && command -v npm >/dev/null; then
  echo "install-bench-deps: node $(node --version) and npm $(npm --version) present"
  exit 0
fi
missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-bench-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-bench-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
