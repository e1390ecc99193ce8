#!/usr/bin/env bash
# Installs hearsay's build and test dependencies from Debian 12's packages.
# Idempotent: packages already present are skipped by apt. Needs root or sudo.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config clang libclang-rt-14-dev clang-format
  # libraries
  libutf8proc-dev nlohmann-json3-dev libcli11-dev libsimdjson-dev
  libgumbo-dev  # HTML5 parser for article extraction (src/html/)
  zlib1g-dev    # gzip for .warc.gz and .html.gz input (src/warc/)
  libsqlite3-dev  # the corpus store (src/store): SQLite 3.40 with FTS5, WAL
  libcpp-httplib-dev  # hearsay serve's HTTP server (src/serve)
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev python3
  python3-jsonschema  # tests/schema_test.py validates the JSON output against schema/
  # the Python module (python/, docs/python.md): pybind11 and the headers to build it,
  # setuptools/pip/wheel/venv to install it offline (pip install --no-build-isolation .)
  pybind11-dev python3-dev python3-setuptools python3-pip python3-wheel python3-venv
  python3-pandas  # hearsay.to_dataframe
  python3-dask python3-distributed  # hearsay.dask and its LocalCluster test
  python3-pytest  # python/tests, run by scripts/test.sh
  chromium  # the browser test of hearsay serve's web interface (tests/browser/), driven by playwright-core
  wrk  # bench/serve.sh: load benchmark of hearsay serve
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Debian's nodejs and npm (npm ci in web/: the web interface's bundled
# libraries and playwright-core), unless a node with npm is already installed.
command -v npm >/dev/null || missing+=(nodejs npm)
# The web interface's npm libraries, at the versions web/package-lock.json
# pins; CMake embeds them into the binary (nothing is fetched at run time).
web_deps() {
  if [ ! -f web/node_modules/.package-lock.json ] || ! cmp -s web/package-lock.json web/.npm-installed-lock; then
    echo "install-deps: npm ci in web/"
    (cd web && npm ci --no-audit --no-fund --loglevel=error) && cp web/package-lock.json web/.npm-installed-lock
  fi
}
cd "$(dirname "$0")/.."
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  web_deps
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
web_deps
