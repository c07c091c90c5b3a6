#!/usr/bin/env python3
"""pages-check.py URL TOKEN: the portfolio's pages and orders (dash.c) against
the portfolio export (the products, their principles and open findings, read
from the store apart from the page). Checks that following "next" from page 1
shows every product once, in name order or worst first (most principles not
met, then most unknown, then most open findings, then by name), 100 to a
page; that ?page=all is the same rows on one page; that the gzip form of each
page is the plain one; that a page past the last shows the last. Prints what
disagrees and exits 1."""
import gzip
import html.parser
import json
import re
import sys
import urllib.request

base, token = sys.argv[1], sys.argv[2]
bad = []


def get(path, gz=False):
    req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    if gz:
        req.add_header("Accept-Encoding", "gzip")
    with urllib.request.urlopen(req, timeout=60) as r:
        body = r.read()
        if gz:
            if r.headers.get("Content-Encoding") != "gzip":
                bad.append("%s: not gzip" % path)
            body = gzip.decompress(body)
        return body.decode()


class Page(html.parser.HTMLParser):
    """The table's row names, and the nav paragraph's links by their text."""

    def __init__(self):
        super().__init__()
        self.rows, self.links, self.in_th, self.in_nav, self.href, self.nav_text = [], {}, False, False, None, ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr":
            self.in_th = True
        elif tag == "a" and self.in_th and a.get("href", "").startswith("/product/"):
            self.rows.append(a["href"][len("/product/"):])
            self.in_th = False
        elif tag == "p" and a.get("class") == "nav":
            self.in_nav = True
        elif tag == "a" and self.in_nav:
            self.href = a.get("href")

    def handle_endtag(self, tag):
        if tag == "p":
            self.in_nav = False
        elif tag == "a":
            self.href = None

    def handle_data(self, data):
        if self.in_nav:
            self.nav_text += data
            if self.href:
                self.links[data] = self.href


def page(path):
    text = get(path)
    if get(path, gz=True) != text:
        bad.append("%s: gzip and plain differ" % path)
    p = Page()
    p.feed(text)
    return p


export = json.loads(get("/api/v1/export/portfolio.json"))["products"]


def worst_key(p):
    st = list(p["principles"].values())
    return (-st.count("not_met"), -st.count("unknown"), -p["open_findings"], p["name"])


orders = {"name": sorted(p["name"] for p in export),
          "worst": [p["name"] for p in sorted(export, key=worst_key)]}
n = len(export)
for sort, want in orders.items():
    start = "/portfolio" if sort == "name" else "/portfolio?sort=worst"
    seen, path, pages = [], start, 0
    while path and pages < 100:
        p = page(path.replace("&amp;", "&"))
        pages += 1
        if len(p.rows) != min(100, n - len(seen)):
            bad.append("%s: %d rows" % (path, len(p.rows)))
        lo = len(seen) + 1
        if not re.search(r"Products %d to %d\b" % (lo, len(seen) + len(p.rows)), p.nav_text):
            bad.append("%s: nav says %r" % (path, p.nav_text))
        seen += p.rows
        path = p.links.get("next")
    if seen != want:
        bad.append("%s: pages in order %r..., wanted %r..." % (sort, seen[:5], want[:5]))
    if pages != (n + 99) // 100:
        bad.append("%s: %d pages for %d products" % (sort, pages, n))
    whole = page(start + ("&" if "?" in start else "?") + "page=all")
    if whole.rows != want:
        bad.append("%s: page=all rows differ" % sort)
    last = page(start + ("&" if "?" in start else "?") + "page=999")
    if last.rows != want[(pages - 1) * 100:]:
        bad.append("%s: a page past the last does not show the last" % sort)
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
