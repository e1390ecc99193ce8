#!/usr/bin/env python3
"""Writes the AllSides articles of ../shared as one JSON Lines file (at run time; never committed).

Usage: allsides-jsonl.py SRC_DIR DST.jsonl   (SRC_DIR: ../shared/corpora/allsides/jsons)
"""
import glob
import json
import os
import sys

src, dst = sys.argv[1], sys.argv[2]
with open(dst, "w", encoding="utf-8") as out:
    for path in sorted(glob.glob(os.path.join(src, "*.json"))):
        with open(path, encoding="utf-8") as f:
            a = json.load(f)
        out.write(json.dumps({"id": a["ID"], "source": a["source"], "published": a["date"],
                              "title": a["title"], "text": a["content_original"]}) + "\n")
