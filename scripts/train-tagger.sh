#!/usr/bin/env bash
# Trains models/tagger.hsm and models/lemmatizer.hsm exactly as committed:
# GUM train (dev for early stopping), word clusters learned from the BBC News
# and AllSides articles in ../shared/corpora (unlabelled; read at training
# time, never copied into the repository).
#   scripts/train-tagger.sh [OUT_DIR]     (default: models)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-models}
shared=../shared
[ -d "$shared/data/gum/train" ] || { echo "scripts/train-tagger.sh: $shared/data/gum not found" >&2; exit 1; }
[ -x build/hearsay ] || ./scripts/build.sh release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# AllSides articles as one JSON Lines file (content_original only).
python3 scripts/allsides-jsonl.py "$shared/corpora/allsides/jsons" "$work/allsides.jsonl"

./build/hearsay train tagger --train "$shared/data/gum/train" --dev "$shared/data/gum/dev" \
  --unlabelled "$shared/corpora/bbc-news" --unlabelled "$work/allsides.jsonl" --out "$out/tagger.hsm"
./build/hearsay train lemmatizer --train "$shared/data/gum/train" --dev "$shared/data/gum/dev" \
  --out "$out/lemmatizer.hsm"
