#!/usr/bin/env bash
# Installs the benchmark peer wink-nlp and its English model from npm into a
# scratch folder outside the repository (never vendored, never committed):
#   bench/wink/install.sh [DIR]     # default: $WINK_DIR or ${TMPDIR:-/tmp}/hearsay-wink
# Prints the node_modules folder to pass to wink-bench.js --modules.
# Needs node and npm (scripts/install-bench-deps.sh installs Debian's).
set -euo pipefail
dir=${1:-${WINK_DIR:-${TMPDIR:-/tmp}/hearsay-wink}}
# Pinned so that figures stay comparable; both are MIT-licensed.
packages=(wink-nlp@2.4.0 wink-eng-lite-web-model@1.8.1)

for tool in node npm; do
  command -v "$tool" >/dev/null || {
    echo "bench/wink/install.sh: $tool not found; run scripts/install-bench-deps.sh" >&2
    exit 1
  }
done
mkdir -p "$dir"
if [ -f "$dir/node_modules/wink-nlp/package.json" ] && [ -f "$dir/node_modules/wink-eng-lite-web-model/package.json" ] &&
  node -e 'const [d, a, b] = process.argv.slice(1);
           const v = (n) => require(d + "/node_modules/" + n + "/package.json").version;
           process.exit(v("wink-nlp") === a && v("wink-eng-lite-web-model") === b ? 0 : 1)' \
    "$dir" "${packages[0]#*@}" "${packages[1]#*@}"; then
  echo "$dir/node_modules"
  exit 0
fi
[ -f "$dir/package.json" ] || echo '{"name": "hearsay-wink-bench", "private": true}' > "$dir/package.json"
(cd "$dir" && npm install --no-audit --no-fund --no-save --loglevel=error "${packages[@]}" >&2)
echo "$dir/node_modules"
