#!/usr/bin/env python3
"""End-to-end tests of `hearsay serve` (docs/api.md) with the standard library only.

Builds a store from fixture documents written here (hearsay's own output
format, so that what is stored is known exactly) with the real `hearsay
ingest`, starts the real `hearsay serve --port 0`, and checks:

  api         status codes, JSON shapes, 400/404/405s, injection attempts, the
              crafted article's markup coming back as data, limits;
  robustness  thousands of random and malformed requests over raw sockets,
              after which the server still answers and the store is unchanged;
  cache       the response cache: a repeated request is a hit, parameter
              order does not matter, errors are not cached, and an ingest
              into the served store is seen once the cache is invalidated;
              with --cache-mb 0 nothing is cached.

Usage: serve_test.py --cli build/hearsay {api|robustness|cache}
Prints a line per failed check; exit 0 when all pass. `--keep DIR` leaves the
store in DIR (the browser test reuses the fixture with `--fixture-only`).
"""
import argparse
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, flush=True)


def document(doc_id, outlet, published, title, text, speakers, cited, statements):
    """A schema-1.x document object; statements give their content (and cue,
    time) as substrings of `text`, turned into code-point spans here."""

    def span(s, after=0):
        if s is None:
            return None
        start = text.index(s, after)
        return {"start": start, "end": start + len(s), "text": s}

    out = []
    for st in statements:
        content = span(st["content"])
        out.append({
            "type": st.get("type", "direct"),
            "cue_class": st.get("cue_class", "speech"),
            "content": content,
            "speaker": st.get("speaker"),
            "cue": span(st.get("cue")),
            "channel": span(st.get("channel")),
            "time": span(st.get("time")),
            "date": st.get("date"),
            "cited_document": st.get("cited"),
            "stance": st.get("stance"),
            "confidence": 0.9,
        })
    return {
        "schema_version": "1.0.0",
        "id": doc_id,
        "url": "https://example.org/" + doc_id,
        "source": outlet,
        "published": published,
        "title": title,
        "language": "en",
        "text": text,
        "speakers": [dict(sp, mentions=[span(sp["name"].split()[-1])]) for sp in speakers],
        "cited_documents": cited,
        "statements": out,
    }


SOLBERG = {"name": "Ingrid Solberg", "kind": "person", "role": "Mayor", "affiliation": "City of Oslo"}
BERG = {"name": "Erik Berg", "kind": "person", "role": "housing critic", "affiliation": None}
REPORT = {"name": "housing report", "author": "Amnesty International", "resolved_date": "2026-03-01"}
SCRIPT = "<script>window.__pwned = 1</script>"
IMG = '<img src=x onerror="window.__pwned = 2">'

FIXTURE = [
    document("planet-1", "Daily Planet", "2026-03-10T09:00:00Z", "Mayor defends the budget",
             "Mayor Ingrid Solberg defended the budget. “We did not cut a single school this year,” Solberg told "
             "reporters on Monday. She said the Amnesty International housing report proves the city acted fairly.",
             [SOLBERG], [REPORT],
             [{"content": "We did not cut a single school this year", "speaker": 0, "cue": "told",
               "time": "on Monday", "date": "2026-03-09"},
              {"type": "indirect", "content": "the Amnesty International housing report proves the city acted fairly",
               "speaker": 0, "cue": "said", "cited": 0, "stance": "support"}]),
    document("star-1", "Evening Star", "2026-03-12T10:00:00Z", "Critic rejects report",
             "Erik Berg rejected the Amnesty International housing report. “The report ignores the suburbs "
             "entirely,” Berg said in an interview.",
             [BERG], [REPORT],
             [{"content": "The report ignores the suburbs entirely", "speaker": 0, "cue": "said",
               "channel": "in an interview", "cited": 0, "stance": "reject"}]),
    document("star-2", "Evening Star", "2026-03-13T08:00:00Z", "Mayor repeats",
             "Solberg repeated it: “We did not cut a single school this year,” she wrote in a statement.",
             [SOLBERG], [],
             [{"content": "We did not cut a single school this year", "speaker": 0, "cue": "wrote",
               "channel": "in a statement"}]),
    # A crafted article: its markup must come back as text, never run.
    document("evil-1", "<b>Evil</b> Gazette", "2026-03-14T08:00:00Z", "<script>alert('title')</script>",
             "Mallory Black wrote: “" + SCRIPT + " and " + IMG + " are harmless here,” Black said.",
             [{"name": "Mallory Black", "kind": "person", "role": "<i>troll</i>", "affiliation": None}], [],
             [{"content": SCRIPT + " and " + IMG + " are harmless here", "speaker": 0, "cue": "said"}]),
]


def build_store(cli, workdir):
    src = os.path.join(workdir, "fixture.jsonl")
    with open(src, "w", encoding="utf-8") as f:
        for d in FIXTURE:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    db = os.path.join(workdir, "store.db")
    r = subprocess.run([cli, "ingest", "--db", db, "--quiet", src], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        sys.exit(f"hearsay ingest failed ({r.returncode}): {r.stderr}")
    return db


class Server:
    def __init__(self, cli, db, *extra):
        self.proc = subprocess.Popen([cli, "serve", "--db", db, "--port", "0", "--threads", "8", *extra],
                                     stderr=subprocess.PIPE, text=True)
        line = self.proc.stderr.readline()
        m = re.search(r"http://([^/]+)/", line)
        if not m:
            self.proc.kill()
            sys.exit(f"hearsay serve did not say where it listens: {line!r}")
        self.base = m.group(0).rstrip("/")
        host, port = m.group(1).rsplit(":", 1)
        self.addr = (host, int(port))

    def get(self, path, params=None, method="GET"):
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        req = urllib.request.Request(url, method=method, data=b"x" if method in ("POST", "PUT") else None)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def json(self, path, params=None):
        status, headers, body = self.get(path, params)
        try:
            return status, json.loads(body)
        except ValueError:
            check(False, f"{path} {params}: body is not JSON: {body[:200]!r}")
            return status, None

    def stop(self):
        self.proc.terminate()
        try:
            return self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None


def expect_error(srv, path, params, status, words):
    code, body = srv.json(path, params)
    check(code == status, f"{path} {params}: status {code}, expected {status}")
    check(isinstance(body, dict) and isinstance(body.get("error"), str) and words in body["error"],
          f"{path} {params}: error body {body!r} should mention {words!r}")


def test_api(srv):
    code, stats = srv.json("/api/stats")
    check(code == 200 and stats["documents"] == 4, f"stats: {code} {stats}")
    check(stats["citations"] == 2, f"stats citations: {stats}")

    # Search: full text, speaker, outlet, type, dates, cited; pages.
    code, page = srv.json("/api/statements", {"q": "school"})
    check(code == 200 and len(page["items"]) == 2, f"q=school: {code} {page}")
    check(set(page) == {"items", "limit", "offset", "has_more"}, f"page shape: {sorted(page)}")
    item = page["items"][0]
    for key in ("id", "document_id", "outlet", "day", "type", "content", "start", "end", "speaker_id", "speaker",
                "cue", "channel", "time", "cited_document_id", "cited_document", "stance", "cluster_id"):
        check(key in item, f"statement lacks {key}: {item}")
    check(item["day"] == "2026-03-13", f"newest first: {item}")
    code, page = srv.json("/api/statements", {"q": "school", "limit": 1})
    check(code == 200 and len(page["items"]) == 1 and page["has_more"], f"limit=1: {page}")
    code, page = srv.json("/api/statements", {"q": "school", "limit": 1, "offset": 1})
    check(code == 200 and len(page["items"]) == 1 and not page["has_more"], f"offset=1: {page}")
    code, page = srv.json("/api/statements", {"speaker": "solberg"})
    check(code == 200 and len(page["items"]) == 3, f"speaker=solberg: {page}")
    code, page = srv.json("/api/statements", {"outlet": "Evening Star", "type": "direct"})
    check(code == 200 and len(page["items"]) == 2, f"outlet+type: {page}")
    code, page = srv.json("/api/statements", {"type": "indirect"})
    check(code == 200 and [s["content"][:7] for s in page["items"]] == ["the Amn"], f"type=indirect: {page}")
    code, page = srv.json("/api/statements", {"from": "2026-03-11", "to": "2026-03-12"})
    check(code == 200 and len(page["items"]) == 1, f"date range: {page}")
    code, page = srv.json("/api/statements", {"cited": "amnesty housing"})
    check(code == 200 and len(page["items"]) == 2, f"cited words: {page}")
    check(srv.json("/api/statements", {"limit": 100000})[1]["limit"] == 200, "limit is capped at 200")

    # Speaker page.
    code, speakers = srv.json("/api/speakers", {"name": "Ingrid"})
    check(code == 200 and len(speakers["items"]) == 1, f"speakers name=Ingrid: {speakers}")
    sid = speakers["items"][0]["id"]
    code, sp = srv.json(f"/api/speakers/{sid}")
    check(code == 200 and sp["speaker"]["name"] == "Ingrid Solberg", f"speaker page: {sp}")
    check({o["outlet"] for o in sp["outlets"]} == {"Daily Planet", "Evening Star"}, f"outlets: {sp['outlets']}")
    check(any(r["role"] == "Mayor" for r in sp["roles"]), f"roles: {sp['roles']}")
    check(sp["timeline"] == [["2026-03-10", 2], ["2026-03-13", 1]], f"speaker timeline: {sp['timeline']}")
    check(len(sp["statements"]["items"]) == 3, f"speaker statements: {sp['statements']}")
    check(sp["statements"]["limit"] == 20 and sp["statements"]["has_more"] is False,
          f"a speaker's first page holds 20 statements by default: {sp['statements']}")
    code, page = srv.json(f"/api/speakers/{sid}", {"limit": "2", "offset": "1"})
    check(code == 200 and [s["id"] for s in page["statements"]["items"]] ==
          [s["id"] for s in sp["statements"]["items"]][1:3] and page["statements"]["limit"] == 2,
          f"speaker statements limit=2 offset=1: {page['statements']}")
    check(len(sp["cited_documents"]) == 1, f"speaker cited: {sp['cited_documents']}")

    # Cited document page: who cited it and how.
    code, cited = srv.json("/api/cited", {"name": "amnesty"})
    check(code == 200 and len(cited["items"]) == 1, f"cited list: {cited}")
    cid = cited["items"][0]["id"]
    code, rec = srv.json(f"/api/cited/{cid}")
    check(code == 200 and rec["stances"] == {"support": 1, "reject": 1}, f"stances: {rec.get('stances')}")
    check({s["speaker"] for s in rec["speakers"]} == {"Ingrid Solberg", "Erik Berg"}, f"cited by: {rec['speakers']}")
    check(rec["first_appearance"]["day"] == "2026-03-10", f"first appearance: {rec['first_appearance']}")
    check(rec["timeline"] == [["2026-03-10", 1], ["2026-03-12", 1]], f"cited timeline: {rec['timeline']}")

    # Quote cluster page.
    code, quotes = srv.json("/api/quotes")
    check(code == 200 and len(quotes["items"]) == 1 and quotes["items"][0]["member_count"] == 2, f"quotes: {quotes}")
    qid = quotes["items"][0]["id"]
    code, q = srv.json(f"/api/quotes/{qid}")
    check(code == 200 and [o["outlet"] for o in q["outlets"]] == ["Daily Planet", "Evening Star"], f"quote: {q}")
    check(q["cluster"]["first_published"] == "2026-03-10", f"first seen: {q['cluster']}")

    # Document page: text, statement spans (code points), speakers.
    did = next(s["document_id"] for s in srv.json("/api/statements", {"speaker": "Mallory"})[1]["items"])
    status, headers, raw = srv.get(f"/api/documents/{did}")
    check(status == 200 and headers["Content-Type"].startswith("application/json"), f"document: {status} {headers}")
    check(headers["X-Content-Type-Options"] == "nosniff", "nosniff header")
    d = json.loads(raw)
    check(SCRIPT in d["document"]["text"] and IMG in d["document"]["text"], "crafted markup comes back as data")
    st = d["statements"][0]
    check(d["document"]["text"][st["start"]:st["end"]] == st["content"], f"span offsets: {st}")
    check(d["speakers"][0]["name"] == "Mallory Black", f"document speakers: {d['speakers']}")
    code, doc1 = srv.json("/api/documents/1")
    check(code == 200 and doc1["statements"][0]["cue"], f"document 1: {doc1}")

    # Graph and timeline.
    code, g = srv.json("/api/graph")
    check(code == 200 and len(g["edges"]) == 2 and len(g["nodes"]) == 3, f"graph: {g}")
    code, t = srv.json("/api/timeline", {"bucket": "day"})
    check(code == 200 and t["points"][0] == ["2026-03-10", 2], f"timeline: {t}")

    # Bad parameters: 400 naming them; unknown things: 404; writes: 405.
    expect_error(srv, "/api/statements", {"limit": "abc"}, 400, "limit")
    expect_error(srv, "/api/statements", {"limit": "-1"}, 400, "limit")
    expect_error(srv, "/api/statements", {"offset": "99999999999"}, 400, "offset")
    expect_error(srv, "/api/statements", {"nonsense": "1"}, 400, "nonsense")
    expect_error(srv, "/api/statements", {"from": "2026-13-45"}, 400, "from")
    expect_error(srv, "/api/statements", {"from": "yesterday"}, 400, "from")
    expect_error(srv, "/api/statements", {"q": '"unbalanced'}, 400, "unbalanced")
    expect_error(srv, "/api/statements", {"type": "shouted"}, 400, "type")
    expect_error(srv, "/api/statements", {"speaker_id": "0"}, 400, "speaker_id")
    expect_error(srv, "/api/statements", {"q": "x" * 2000}, 400, "longer")
    expect_error(srv, "/api/statements?limit=1&limit=2", None, 400, "twice")
    expect_error(srv, "/api/speakers", {"kind": "robot"}, 400, "kind")
    expect_error(srv, "/api/timeline", {"bucket": "year"}, 400, "bucket")
    expect_error(srv, "/api/speakers/999999", None, 404, "999999")
    expect_error(srv, "/api/speakers/abc", None, 404, "id")
    expect_error(srv, "/api/speakers/-1", None, 404, "id")
    expect_error(srv, "/api/cited/424242", None, 404, "")
    expect_error(srv, "/api/documents/18446744073709551617", None, 404, "id")
    expect_error(srv, "/api/nothing", None, 404, "no such")
    expect_error(srv, "/nothing.html", None, 404, "no such")
    status, _, body = srv.get("/api/stats", method="POST")
    check(status == 405 and b"error" in body, f"POST: {status} {body!r}")
    status, _, body = srv.get("/api/stats", method="DELETE")
    check(status == 405, f"DELETE: {status}")

    # SQL injection attempts are data: they find nothing or fail as a bad
    # full-text query, and the store is unchanged.
    for attack in ["'; DROP TABLE statements; --", "1 OR 1=1", "school\") OR 1=1 --", "%' OR '1'='1",
                   "x'); ATTACH DATABASE '/tmp/pwn.db' AS pwn; --"]:
        for name in ("speaker", "outlet", "cited", "from"):
            code, body = srv.json("/api/statements", {name: attack})
            check(code in (200, 400), f"{name}={attack!r}: {code}")
            if code == 200:
                check(body["items"] == [], f"{name}={attack!r} found something: {body}")
        code, _ = srv.json("/api/statements", {"q": attack})
        check(code in (200, 400), f"q={attack!r}: {code}")
    check(srv.json("/api/stats")[1] == stats, "store unchanged after injection attempts")

    # The web interface: index and assets, with a strict CSP.
    status, headers, body = srv.get("/")
    check(status == 200 and b"app.js" in body and "text/html" in headers["Content-Type"], "index.html")
    check("script-src 'self'" in headers["Content-Security-Policy"], f"CSP: {headers['Content-Security-Policy']}")
    for asset in ("/app.js", "/style.css", "/vendor/chart.umd.js", "/vendor/cytoscape.min.js"):
        status, headers, body = srv.get(asset)
        check(status == 200 and len(body) > 100, f"{asset}: {status}")


# --- robustness ---------------------------------------------------------------

API_PATHS = ["/api/statements", "/api/speakers", "/api/speakers/1", "/api/cited", "/api/cited/1", "/api/quotes",
             "/api/quotes/1", "/api/documents/1", "/api/documents/4", "/api/graph", "/api/timeline", "/api/stats",
             "/", "/app.js"]
PARAMS = ["q", "speaker", "speaker_id", "outlet", "type", "cited", "cited_id", "from", "to", "limit", "offset",
          "name", "kind", "min_members", "bucket", "zzz"]
NASTY = ['"', "'", "*", "NEAR(", "a OR", "-", "^", "%00", "%ff%fe", "%", "%zz", "()", "\\", "\u2028", "😀",
         "2026-02-30", "9" * 30, "-0", "0x10", " ", "AND", "NOT", "a:b", "{}", "../../etc/passwd", "%2e%2e%2f"]


def random_value(rng):
    kind = rng.random()
    if kind < 0.3:
        return rng.choice(NASTY)
    if kind < 0.5:
        return str(rng.randint(-5, 10**rng.randint(1, 20)))
    if kind < 0.7:
        return "".join(rng.choice(NASTY) for _ in range(rng.randint(1, 5)))
    return urllib.parse.quote(bytes(rng.randrange(256) for _ in range(rng.randint(0, 40))))


def random_request(rng):
    """(request bytes, whether it is complete so that an answer can be awaited)"""
    kind = rng.random()
    if kind < 0.45:  # a well-formed request with random parameters
        path = rng.choice(API_PATHS)
        query = "&".join(f"{rng.choice(PARAMS)}={random_value(rng)}" for _ in range(rng.randint(0, 4)))
        return f"GET {path}?{query} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode("latin-1", "replace"), True
    if kind < 0.55:  # random bytes
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 600))), False
    if kind < 0.65:  # a mangled request line
        method = rng.choice(["GET", "POST", "HEAD", "PUT", "BREW", "get", "", "GET GET"])
        path = rng.choice(["/api/stats", "", "*", "api", "/%", "/" + "a" * rng.randint(1, 20000), "//..//"])
        version = rng.choice(["HTTP/1.1", "HTTP/1.0", "HTTP/9.9", "", "HTTP/1.1 extra"])
        # POST and PUT without a body length: the server waits for a body.
        return (f"{method} {path} {version}\r\nHost: x\r\nConnection: close\r\n\r\n".encode(),
                method not in ("POST", "PUT"))
    if kind < 0.75:  # bad headers
        headers = rng.choice(["Content-Length: -5", "Content-Length: 99999999999999999999", "Transfer-Encoding: chunked",
                              "X: " + "y" * 20000, "NoColon", ": empty", "Range: bytes=5-1", "Range: bytes=-99999999",
                              "Content-Length: 10", "Content-Length: 2"])
        # With a body shorter than announced the server would wait for the
        # rest: the client hangs up instead.
        complete = "Content-Length: 2" in headers or "Content-Length" not in headers and "chunked" not in headers
        return f"GET /api/stats HTTP/1.1\r\nHost: x\r\n{headers}\r\nConnection: close\r\n\r\nzz".encode(), complete
    if kind < 0.85:  # a body sent to a read-only server
        size = rng.choice([10, 100000])
        return (f"POST /api/statements HTTP/1.1\r\nHost: x\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n"
                .encode() + b"a" * min(size, 20000)), size <= 20000
    # truncated requests
    full = b"GET /api/statements?q=school HTTP/1.1\r\nHost: x\r\n\r\n"
    return full[:rng.randint(0, len(full) - 1)], False


def send_raw(addr, data, complete):
    """Sends data and returns what comes back (b"" if nothing). An incomplete
    request is sent and dropped at once: the server must cope with the closed
    socket (waiting for its answer would only wait for the server's read
    timeout)."""
    with socket.create_connection(addr, timeout=10) as s:
        try:
            s.sendall(data)
        except OSError:
            return b""  # the server may close first on a bad request
        if not complete:
            return b""
        # Read one response (to its Content-Length): after a request it could
        # not parse, the server keeps the connection for its keep-alive time.
        resp = b""
        try:
            while True:
                head, sep, body = resp.partition(b"\r\n\r\n")
                if sep and data.startswith(b"HEAD"):
                    break
                if sep:
                    m = re.search(rb"\r\ncontent-length: *(\d+)", head, re.I)
                    if m and len(body) >= int(m.group(1)):
                        break
                b = s.recv(65536)
                if not b:
                    break
                resp += b
        except OSError:
            pass
        return resp


def test_robustness(srv, count, seed):
    _, before = srv.json("/api/stats")
    rng_master = random.Random(seed)
    seeds = [rng_master.randrange(1 << 30) for _ in range(8)]
    statuses = {}
    lock = threading.Lock()

    def worker(s):
        rng = random.Random(s)
        for _ in range(count // len(seeds)):
            req, complete = random_request(rng)
            resp = send_raw(srv.addr, req, complete)
            m = re.match(rb"HTTP/1\.[01] (\d{3})", resp)
            code = int(m.group(1)) if m else 0
            with lock:
                statuses[code] = statuses.get(code, 0) + 1
            if code >= 500 and code != 503:
                check(False, f"{code} for {req[:200]!r}: {resp[:300]!r}")
            if m and req.startswith(b"GET /api/") and b"\r\n\r\n" in resp:
                body = resp.split(b"\r\n\r\n", 1)[1]
                try:
                    j = json.loads(body)
                    check(code == 200 or "error" in j, f"{code} without an error message: {body[:200]!r}")
                except ValueError:
                    check(False, f"not JSON for {req[:200]!r}: {body[:200]!r}")

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(s,)) for s in seeds]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"{sum(statuses.values())} requests in {time.monotonic() - started:.1f}s; statuses {sorted(statuses.items())}")
    check(srv.proc.poll() is None, "the server is still running")
    code, after = srv.json("/api/stats")
    check(code == 200 and after == before, f"the server still answers and the store is unchanged: {after}")


LATE = document("planet-9", "Daily Planet", "2026-03-20T09:00:00Z", "Mayor on zebras",
                "Ingrid Solberg spoke again. “Zebracrossings will be painted everywhere,” Solberg said.",
                [SOLBERG], [],
                [{"content": "Zebracrossings will be painted everywhere", "speaker": 0, "cue": "said"}])


def test_cache(cli, db, workdir):
    srv = Server(cli, db, "--cache-check-ms", "100")
    try:
        status, headers, body = srv.get("/api/stats")
        check(status == 200 and headers.get("X-Cache") == "miss", f"first /api/stats: {status} {headers.get('X-Cache')}")
        before = json.loads(body)
        status, headers, again = srv.get("/api/stats")
        check(status == 200 and headers.get("X-Cache") == "hit" and again == body,
              f"second /api/stats is the same answer from the cache: {status} {headers.get('X-Cache')}")
        _, h1, b1 = srv.get("/api/statements", [("q", "school"), ("limit", "5")])
        _, h2, b2 = srv.get("/api/statements", [("limit", "5"), ("q", "school")])
        check(h1.get("X-Cache") == "miss" and h2.get("X-Cache") == "hit" and b1 == b2,
              f"parameters in another order share the entry: {h1.get('X-Cache')} {h2.get('X-Cache')}")
        for _ in range(2):
            status, headers, _ = srv.get("/api/statements", {"q": "school", "bogus": "1"})
            check(status == 400 and headers.get("X-Cache") == "miss", f"a 400 is never a hit: {status} {headers.get('X-Cache')}")
        code, found = srv.json("/api/statements", {"q": "zebracrossings"})
        check(code == 200 and found["items"] == [], f"no zebras before the ingest: {found}")
        status, headers, _ = srv.get("/api/statements", {"q": "zebracrossings"})
        check(headers.get("X-Cache") == "hit", "the empty answer is cached")
        # An ingest into the served store, by another process, while it serves.
        src = os.path.join(workdir, "late.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            f.write(json.dumps(LATE, ensure_ascii=False) + "\n")
        r = subprocess.run([cli, "ingest", "--db", db, "--quiet", src], capture_output=True, text=True, timeout=120)
        check(r.returncode == 0, f"ingest into the served store: {r.returncode} {r.stderr}")
        deadline = time.monotonic() + 10
        seen = None
        while time.monotonic() < deadline:
            code, found = srv.json("/api/statements", {"q": "zebracrossings"})
            if code == 200 and found["items"]:
                seen = found
                break
            time.sleep(0.05)
        check(seen is not None and "Zebracrossings" in seen["items"][0]["content"],
              "the ingested statement is found once the cache is invalidated")
        code, after = srv.json("/api/stats")
        check(code == 200 and after["documents"] == before["documents"] + 1,
              f"/api/stats counts the new article: {before['documents']} -> {after['documents']}")
    finally:
        code = srv.stop()
        check(code == 0, f"hearsay serve exits 0 on SIGTERM (got {code})")
    srv = Server(cli, db, "--cache-mb", "0")
    try:
        for _ in range(2):
            status, headers, _ = srv.get("/api/stats")
            check(status == 200 and headers.get("X-Cache") is None, f"--cache-mb 0: no cache ({headers.get('X-Cache')})")
    finally:
        code = srv.stop()
        check(code == 0, f"hearsay serve exits 0 on SIGTERM (got {code})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("part", choices=["api", "robustness", "cache", "fixture"])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--dir", help="for 'fixture': where to build the store")
    args = ap.parse_args()
    if args.part == "fixture":
        os.makedirs(args.dir, exist_ok=True)
        print(build_store(args.cli, args.dir))
        return 0
    with tempfile.TemporaryDirectory() as workdir:
        db = build_store(args.cli, workdir)
        if args.part == "cache":
            test_cache(args.cli, db, workdir)
            print(f"{len(FAILURES)} checks failed" if FAILURES else "all checks passed")
            return 1 if FAILURES else 0
        srv = Server(args.cli, db)
        try:
            if args.part == "api":
                test_api(srv)
            else:
                test_robustness(srv, args.requests, args.seed)
        finally:
            code = srv.stop()
            check(code == 0, f"hearsay serve exits 0 on SIGTERM (got {code})")
    if FAILURES:
        print(f"{len(FAILURES)} checks failed")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
