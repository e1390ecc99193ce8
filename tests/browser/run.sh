#!/usr/bin/env bash
# The browser test of hearsay serve (tests/browser/serve_browser_test.mjs):
# builds the fixture store, starts hearsay serve on a free port, runs the
# test, stops the server. Usage: tests/browser/run.sh build/hearsay [SCREENSHOT_DIR]
# Screenshots default to build/serve-screenshots (outside the sources).
set -euo pipefail
cd "$(dirname "$0")/../.."
cli=$1
shots=${2:-build/serve-screenshots}
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
db=$(/usr/bin/python3 tests/serve_test.py --cli "$cli" fixture --dir "$work")
"$cli" serve --db "$db" --port 0 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do grep -q "http://" "$work/serve.log" && break; sleep 0.1; done
url=$(grep -o "http://[^ ]*" "$work/serve.log" | head -n 1)
[ -n "$url" ] || { cat "$work/serve.log" >&2; exit 1; }
node tests/browser/serve_browser_test.mjs "${url%/}" "$shots"
echo "screenshots: $shots"
