#!/usr/bin/env bash
# README command 1: install what is needed, build, and run hearsay on the
# bundled example article (written by the hearsay developers).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh release
echo
echo "== hearsay extract examples/article.txt --format table"
./build/hearsay extract examples/article.txt --format table
echo "== the same document as JSON (first lines; offsets are Unicode code points):"
./build/hearsay extract examples/article.txt --quiet | head -n 40
echo "..."
echo
echo "Try: ./build/hearsay extract examples/articles.jsonl --format jsonl (one statement per line),"
echo "     --format json-compact (one document per line), or ./build/hearsay --help"
echo
echo "== hearsay ingest: the example articles into a store (build/example.db)"
rm -f build/example.db build/example.db-wal build/example.db-shm
./build/hearsay ingest --db build/example.db examples/articles.jsonl examples/article.txt
echo
echo "To explore it in the web interface (http://127.0.0.1:8080/, Ctrl-C stops):"
echo "     ./build/hearsay serve --db build/example.db"

