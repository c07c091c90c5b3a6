#!/usr/bin/env python3
"""summary-check.py URL TOKEN: what a `vouch serve` shows of every product
(the /portfolio page, /api/v1/products, /api/v1/products/NAME,
/api/v1/export/portfolio.json, /product/NAME and its releases API) checked
against oracles that do not go through the summaries kept at write time:
the open findings listed one by one (/api/v1/products/NAME/findings?open=1)
and the newest assessment document itself (/api/v1/assessments/ID, given
back byte for byte). Prints "NAME OPEN" per product; exits 1 on a mismatch."""
import html.parser
import json
import sys
import urllib.request

url, token = sys.argv[1], sys.argv[2]
bad = []


def get(path):
    req = urllib.request.Request(url + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.read().decode()


class Tables(html.parser.HTMLParser):
    """Every table's rows as lists of (text, class) cells."""

    def __init__(self):
        super().__init__()
        self.tables, self.row, self.cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ["", dict(attrs).get("class")]

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append((self.cell[0].strip(), self.cell[1]))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1].append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[0] += data


def tables(page):
    t = Tables()
    t.feed(page)
    return t.tables


TEXT = {"met": "met", "not_met": "not met", "unknown": "unknown", "not_applicable": "n/a"}
CLASS = {"met": "m", "not_met": "n", "unknown": "u", "not_applicable": "a", None: "x"}


def expect(cond, what):
    if not cond:
        bad.append(what)


listing = json.loads(get("/api/v1/products"))
names = sorted(p["name"] for p in listing)
oracle = {}
for name in names:
    open_f = json.loads(get("/api/v1/products/%s/findings?open=1" % name))
    assessments = json.loads(get("/api/v1/products/%s/assessments" % name))
    doc = json.loads(get("/api/v1/assessments/%d" % assessments[-1]["id"])) if assessments else None
    oracle[name] = {
        "open": len(open_f),
        "by_release": {},
        "release": assessments[-1]["version"] if assessments else None,
        "principles": {p["id"]: p["status"] for p in doc["principles"]} if doc else {},
    }
    for f in open_f:
        br = oracle[name]["by_release"]
        br[f["version"]] = br.get(f["version"], 0) + 1

# the portfolio page
rows = tables(get("/portfolio"))[0]
head = [c[0] for c in rows[0]]
cols = head[2:-1]
expect(head[0] == "Product" and head[1] == "Release" and head[-1] == "Open findings",
       "portfolio header %r" % head)
expect(cols == sorted({p for o in oracle.values() for p in o["principles"]}),
       "portfolio columns %r" % cols)
seen = []
for row in rows[1:]:
    name = row[0][0]
    seen.append(name)
    o = oracle.get(name)
    if not o:
        bad.append("portfolio row for unknown product %s" % name)
        continue
    expect(row[1][0] == (o["release"] or "—"), "%s release %r" % (name, row[1][0]))
    expect(row[-1][0] == str(o["open"]), "%s portfolio open %s, findings list %d"
           % (name, row[-1][0], o["open"]))
    for col, (text, cls) in zip(cols, row[2:-1]):
        st = o["principles"].get(col)
        expect(text == (TEXT[st] if st else "no data") and cls == CLASS[st],
               "%s principle %s: page %r/%r, document %r" % (name, col, text, cls, st))
expect(seen == names, "portfolio rows %r, products %r" % (seen, names))

# the listing, each product, the export
export = {p["name"]: p for p in json.loads(get("/api/v1/export/portfolio.json"))["products"]}
for p in listing:
    name, o = p["name"], oracle[p["name"]]
    one = json.loads(get("/api/v1/products/" + name))
    expect(p["open_findings"] == o["open"], "%s listing open %r" % (name, p["open_findings"]))
    expect(one["open_findings"] == o["open"], "%s product open %r" % (name, one["open_findings"]))
    expect({k: v for k, v in one.items() if k != "principles"} == p,
           "%s product %r, listing %r" % (name, one, p))
    expect({x["id"]: x["status"] for x in one["principles"]} == o["principles"],
           "%s product principles %r" % (name, one["principles"]))
    expect([x["id"] for x in one["principles"]] == sorted(o["principles"]),
           "%s product principles order" % name)
    ex = export.get(name, {})
    expect(ex.get("open_findings") == o["open"] and ex.get("principles") == o["principles"],
           "%s export %r" % (name, ex))
    rel = json.loads(get("/api/v1/products/%s/releases" % name))
    for r in rel:
        expect(r["open_findings"] == o["by_release"].get(r["version"], 0),
               "%s %s releases API open %r" % (name, r["version"], r["open_findings"]))
    page = tables(get("/product/" + name))[0]
    for r in page[1:]:
        expect(r[-1][0] == str(o["by_release"].get(r[0][0], 0)),
               "%s %s product page open %r" % (name, r[0][0], r[-1][0]))
expect(sorted(export) == names, "export products %r" % sorted(export))

for name in names:
    print(name, oracle[name]["open"])
for b in bad:
    print("mismatch:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
