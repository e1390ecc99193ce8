#!/usr/bin/env python3
"""Classifies the entity recogniser's errors (docs/entities.md, "Error analysis").

usage: scripts/ner-error-table.py CONLLU_DIR ERRORS [ERRORS...]
  ERRORS: the stderr of `hearsay eval ner --conllu CONLLU_DIR --errors 100000`
  (lines "DOC: missed|spurious TEXT /TYPE @FIRST-LAST", gold-token ranges).
  EXAMPLES=1 in the environment also prints the commonest texts per class.

Each missed gold span of type person, organization or place is paired with
the predicted spans of its document that overlap it: "type" (a prediction
with the same tokens and another type), "boundary" (an overlapping
prediction of the same type), "boundary+type" (only overlapping predictions
of other types), "missed" (nothing overlaps). False positives are classed
the same way from the prediction's side ("spurious": no gold span overlaps).
Also prints the same-span type confusions (gold -> predicted, all six types)
and a few surface flags of the missed spans (sentence-initial, acronym, one
word, "X of Y").
"""
import collections, glob, os, re, sys

CORE = ("person", "organization", "place")
LINE = re.compile(r"^(\S+): (missed|spurious) +(.*) /(\w+) @(\d+)-(\d+)$")

def words_of(conllu_dir):
    docs = {}
    for path in glob.glob(os.path.join(conllu_dir, "*.conllu")):
        doc_id = None; words = []; starts = set()
        with open(path, encoding="utf-8") as f:
            first = True
            for line in f:
                line = line.rstrip("\n")
                if line.startswith("# newdoc id"):
                    doc_id = line.split("=", 1)[1].strip()
                elif not line:
                    first = True
                elif not line.startswith("#"):
                    cols = line.split("\t")
                    if "-" in cols[0] or "." in cols[0]: continue
                    if first: starts.add(len(words)); first = False
                    words.append((cols[1], cols[3]))
        docs[doc_id or os.path.basename(path)[:-7]] = (words, starts)
    return docs

def main():
    docs = words_of(sys.argv[1])
    missed = collections.defaultdict(list); spurious = collections.defaultdict(list)
    for path in sys.argv[2:]:
        for line in open(path, encoding="utf-8"):
            m = LINE.match(line.rstrip("\n"))
            if not m: continue
            d, kind, text, typ, a, b = m.groups()
            (missed if kind == "missed" else spurious)[d].append((int(a), int(b), typ, text))
    fn = collections.Counter(); fp = collections.Counter(); conf = collections.Counter()
    causes = collections.Counter(); examples = collections.defaultdict(list)
    def cause(d, a, b):
        words, starts = docs.get(d, ([], set()))
        ws = [w for w, _ in words[a:b]]
        c = []
        if a in starts: c.append("sentence-initial")
        if len(ws) == 1 and ws[0].isupper() and len(ws[0]) > 1: c.append("acronym")
        if b - a == 1: c.append("one word")
        if any(w.lower() == "of" for w in ws): c.append("X of Y")
        return c
    for d in set(missed) | set(spurious):
        ms, ps = missed[d], spurious[d]
        used = set()
        for (a, b, t, text) in ms:
            same = [p for p in ps if p[0] == a and p[1] == b]
            over = [p for p in ps if p[0] < b and a < p[1]]
            if same:
                kind = "type"; used.add(same[0]); conf[(t, same[0][2])] += 1
                if t in CORE: examples[(t, "type", same[0][2])].append(text)
            elif [p for p in over if p[2] == t]:
                kind = "boundary"; used.update(p for p in over if p[2] == t)
            elif over:
                kind = "boundary+type"; used.update(over)
            else:
                kind = "missed"
                if t in CORE: examples[(t, "missed")].append(text)
            if t in CORE:
                fn[(t, kind)] += 1; fn[(t, "all")] += 1
                for c in cause(d, a, b): causes[("missed gold " + t, kind, c)] += 1
        for p in ps:
            a, b, t, text = p
            if t not in CORE: continue
            same = [g for g in ms if g[0] == a and g[1] == b]
            over = [g for g in ms if g[0] < b and a < g[1]]
            if same: kind = "type"
            elif [g for g in over if g[2] == t]: kind = "boundary"
            elif over: kind = "boundary+type"
            else:
                kind = "spurious"; examples[(t, "spurious")].append(text)
            fp[(t, kind)] += 1; fp[(t, "all")] += 1
    kinds = ("type", "boundary", "boundary+type", "missed")
    print("| gold type | misses (FN) | " + " | ".join(kinds) + " |")
    print("|---|---|" + "---|" * len(kinds))
    for t in CORE:
        print(f"| {t} | {fn[(t,'all')]} | " + " | ".join(str(fn[(t,k)]) for k in kinds) + " |")
    print(f"| all | {sum(fn[(t,'all')] for t in CORE)} | " + " | ".join(str(sum(fn[(t,k)] for t in CORE)) for k in kinds) + " |")
    kinds2 = ("type", "boundary", "boundary+type", "spurious")
    print()
    print("| predicted type | false positives | " + " | ".join(kinds2) + " |")
    print("|---|---|" + "---|" * len(kinds2))
    for t in CORE:
        print(f"| {t} | {fp[(t,'all')]} | " + " | ".join(str(fp[(t,k)]) for k in kinds2) + " |")
    print(f"| all | {sum(fp[(t,'all')] for t in CORE)} | " + " | ".join(str(sum(fp[(t,k)] for t in CORE)) for k in kinds2) + " |")
    print("\nsame-span type confusions (gold -> predicted):")
    for (g, p), n in conf.most_common():
        print(f"  {g} -> {p}: {n}")
    print("\ncauses (flags, overlapping):")
    for k, n in sorted(causes.items(), key=lambda x: -x[1])[:30]:
        print("  ", k, n)
    if os.environ.get("EXAMPLES"):
        for k, v in examples.items():
            c = collections.Counter(v)
            print(k, len(v), c.most_common(25))

main()
