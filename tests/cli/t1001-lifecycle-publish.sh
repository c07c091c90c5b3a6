#!/usr/bin/env bash
# vouch lifecycle publish: endoflife.date release cycles, an Atom feed read by a real feed
# parser (feedparser) and libxml2, and a page opened in headless Chromium; same bytes twice.
. "$(dirname "$0")/lib.sh"

export PY=/usr/bin/python3
export SOURCE_DATE_EPOCH=1795737600 # 2026-11-27T00:00:00Z
need_cmd "$PY"

# A product whose names carry markup and quotes: the outputs must escape them.
cat >vouch.toml <<'TOML'
[organisation]
name = "Acme & <Sons> \"Ltd\""

[[product]]
name = "acme<script>alert(1)</script>"

[[product.release]]
version = "3.x"
released = 2026-06-01
eoas = 2027-06-01
end_of_support = 2028-12-31
lts = 2026-10-01
latest = "3.2.1"

[[product.release]]
version = "2.x"
released = 2025-01-15
end_of_support = 2027-09-30
lts = true
latest = "2.9.4"

[[product.release]]
version = "4.x"
released = 2026-11-01

[lifecycle]
page_url = "https://acme.example/lifecycle?x=1&y=2"
feed_url = "https://acme.example/lifecycle/notices.atom"
TOML
export -p >/dev/null

test_case 'notice then publish: three files, exit 0, the same bytes on a second run' '
	vouch lifecycle notice --release 2.x --date 2026-09-01 --channel email >/dev/null 2>&1 &&
	vouch lifecycle publish --output pub 2>/dev/null &&
	ls pub | sort | tr "\n" " " | grep -qx "index.html lifecycle.json notices.atom " &&
	vouch lifecycle publish --output pub2 2>/dev/null &&
	cmp pub/lifecycle.json pub2/lifecycle.json && cmp pub/notices.atom pub2/notices.atom &&
	cmp pub/index.html pub2/index.html
'

test_case 'lifecycle.json has the endoflife.date cycle fields with their types' '
	$PY - <<PYEOF
import json
d = json.load(open("pub/lifecycle.json"))
(name, cycles), = d.items()
assert name == "acme<script>alert(1)</script>"
assert [c["cycle"] for c in cycles] == ["4.x", "3.x", "2.x"], cycles
c4, c3, c2 = cycles
assert c4 == {"cycle": "4.x", "releaseDate": "2026-11-01", "eol": False, "lts": False}, c4
assert c3 == {"cycle": "3.x", "releaseDate": "2026-06-01", "eol": "2028-12-31",
              "eoas": "2027-06-01", "lts": "2026-10-01", "latest": "3.2.1"}, c3
assert c2["lts"] is True and c2["eol"] == "2027-09-30" and "eoas" not in c2
PYEOF
'

corpus_case 'the field names and value kinds are those of endoflife.date products (corpus front matter)' '
	$PY - "$CORPUS/endoflife/products" <<PYEOF
import datetime, glob, json, sys, yaml
ours = json.load(open("pub/lifecycle.json"))
seen = {}
for f in glob.glob(sys.argv[1] + "/*.md"):
    text = open(f, encoding="utf-8").read()
    if not text.startswith("---"):
        continue
    meta = yaml.safe_load(text.split("---", 2)[1])
    for r in meta.get("releases") or []:
        for k, v in r.items():
            seen.setdefault(k, set()).add(type(v).__name__)
# releaseCycle is the front matter name of the API field "cycle"
kinds = {"releaseDate": "date", "eol": "date|bool", "eoas": "date|bool", "lts": "date|bool", "latest": "str"}
for k, want in kinds.items():
    assert seen[k] <= {"date", "bool", "str"}, (k, seen[k])
for cycles in ours.values():
    for c in cycles:
        for k, v in c.items():
            if k == "cycle":
                assert "releaseCycle" in seen; continue
            assert k in seen, k
            if isinstance(v, bool):
                assert "bool" in seen[k] and "bool" in kinds[k], (k, seen[k])
            elif k == "latest":
                assert isinstance(v, str)
            else:
                datetime.date.fromisoformat(v)
                assert "date" in seen[k], (k, seen[k])
PYEOF
'

test_case 'the Atom feed is well-formed XML (xmllint) with the RFC 4287 elements' '
	command -v xmllint >/dev/null || { echo "needs xmllint"; exit 1; }
	xmllint --noout --nonet pub/notices.atom &&
	$PY - <<PYEOF
import xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
f = ET.parse("pub/notices.atom").getroot()
assert f.tag == A + "feed"
for k in ("id", "title", "updated", "author"):
    assert len(f.findall(A + k)) == 1, k
assert f.find(A + "author/" + A + "name").text == "Acme & <Sons> \"Ltd\""
self = [l for l in f.findall(A + "link") if l.get("rel") == "self"]
assert self and self[0].get("href") == "https://acme.example/lifecycle/notices.atom"
es = f.findall(A + "entry")
assert len(es) == 1
for k in ("id", "title", "updated", "published", "content"):
    assert len(es[0].findall(A + k)) == 1, k
assert es[0].find(A + "id").text.startswith("urn:uuid:")
assert es[0].find(A + "published").text == "2026-09-01T00:00:00Z"
PYEOF
'

if $PY -c "import feedparser" 2>/dev/null; then
	test_case 'feedparser reads the feed as Atom 1.0 without a fault, every entry with its fields' '
		$PY - <<PYEOF
import feedparser
d = feedparser.parse("pub/notices.atom")
assert not d.bozo, d.bozo_exception
assert d.version == "atom10", d.version
assert d.feed.title.endswith(": end-of-support notices"), d.feed.title
assert d.feed.id.startswith("urn:uuid:")
assert d.feed.author == "Acme & <Sons> \"Ltd\"", d.feed.author
(e,) = d.entries
assert e.title == "acme<script>alert(1)</script> 2.x: end of support on 2027-09-30", e.title
assert e.published_parsed[:3] == (2026, 9, 1)
assert e.updated_parsed[:3] == (2026, 9, 1)
c = e.content[0]
assert c.type == "text/plain", c.type
for part in ("What ends:", "What to do: upgrade to acme<script>alert(1)</script> 4.x before 2027-09-30", "The risk of staying:"):
    assert part in c.value, part
assert e.link == "https://acme.example/lifecycle?x=1&y=2", e.link
PYEOF
	'
else
	test_skip 'feedparser reads the feed' 'needs python3-feedparser (scripts/bootstrap installs it)'
fi

test_case 'the entry id is stable: a second notice of another release adds an entry, the first id stays' '
	id1=$(grep -o "urn:uuid:[0-9a-f-]*" pub/notices.atom | sed -n 2p) &&
	vouch lifecycle notice --release 3.x --date 2026-11-20 >/dev/null 2>&1 &&
	vouch lifecycle publish --output pub3 2>/dev/null &&
	[ "$(grep -c "<entry>" pub3/notices.atom)" = 2 ] &&
	grep -q "$id1" pub3/notices.atom &&
	grep -q "<updated>2026-11-20T00:00:00Z</updated>" pub3/notices.atom
'

if command -v chromium >/dev/null; then
	test_case 'the page opens in headless Chromium: the releases table, the notices, no script, no request' '
		prof=$(mktemp -d) &&
		timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run \
			--disable-background-networking --disable-component-update --disable-sync \
			--disable-default-apps --user-data-dir="$prof" --host-resolver-rules="MAP * ~NOTFOUND" \
			--log-net-log="$PWD/net.json" --dump-dom "file://$PWD/pub3/index.html" >dom.html 2>chrome.log ||
			{ cat chrome.log; exit 1; }
		rm -rf "$prof" &&
		$PY - <<PYEOF
import json
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.tags = []; s.text = []; s.cells = []; s.row = None; s.intd = False
    def handle_starttag(s, t, a):
        s.tags.append(t)
        if t == "tr": s.row = []
        if t in ("td", "th"): s.intd = True; s.row.append("")
    def handle_endtag(s, t):
        if t == "tr": s.cells.append(s.row)
        if t in ("td", "th"): s.intd = False
    def handle_data(s, d):
        s.text.append(d)
        if s.intd: s.row[-1] += d
p = P(); p.feed(open("dom.html").read())
assert "script" not in p.tags, "a script element came through"
text = "".join(p.text)
assert "acme<script>alert(1)</script>" in text
rows = {r[0]: r for r in p.cells if r and r[0] != "Release"}
assert set(rows) == {"3.x", "2.x", "4.x"}, rows
assert rows["3.x"][1:8] == ["2026-06-01", "2027-06-01", "2028-12-31", "yes", "3.2.1", "supported", "given 2026-11-20"], rows["3.x"]
assert rows["4.x"][3] == "not announced" and rows["4.x"][7] == "none yet", rows["4.x"]
assert p.tags.count("article") == 2
urls = set()
for e in json.load(open("net.json")).get("events", []):
    u = e.get("params", {}).get("url")
    if u: urls.add(u)
own = (".google.com/", ".googleapis.com/", ".gstatic.com/")
bad = [u for u in urls if not u.startswith(("file://", "data:", "chrome://"))
       and not any(h in u.split("?")[0] for h in own)]
assert not bad, bad
PYEOF
	'
else
	test_skip 'the page opens in headless Chromium' 'needs chromium (scripts/bootstrap installs it)'
fi

if $PY -c "import html5lib" 2>/dev/null; then
	test_case 'the page is valid HTML (html5lib, strict)' '
		$PY -c "import html5lib, sys; html5lib.HTMLParser(strict=True).parse(open(sys.argv[1], \"rb\").read())" pub3/index.html
	'
else
	test_skip 'the page is valid HTML' 'needs python3-html5lib (scripts/bootstrap installs it)'
fi

test_case 'control characters that XML cannot carry are left out of the feed' '
	mkdir -p ctl && cd ctl &&
	printf "[[product]]\nname = \"c\\\\u0001x\"\n\n[[product.release]]\nversion = \"1\"\nend_of_support = 2027-12-31\n" >vouch.toml &&
	vouch lifecycle notice --release 1 --date 2026-11-01 >/dev/null 2>&1 &&
	vouch lifecycle publish --output p 2>/dev/null &&
	xmllint --noout --nonet p/notices.atom && grep -q "<title>cx: end-of-support" p/notices.atom
'

test_case 'a notice file whose url is not http(s) is shown as text, never as a link' '
	mkdir -p js && cd js &&
	printf "[[product]]\nname = \"j\"\n\n[[product.release]]\nversion = \"1\"\nend_of_support = 2027-12-31\n" >vouch.toml &&
	vouch lifecycle notice --release 1 --date 2026-11-01 --url "javascript:alert(1)" >/dev/null 2>&1 &&
	vouch lifecycle publish --output p 2>/dev/null &&
	! grep -qi "href=\"javascript" p/index.html p/notices.atom &&
	grep -q "at javascript:alert(1)</p>" p/index.html
'

test_case 'publish with --log records the files and their SHA-256 in the build log' '
	vouch lifecycle publish --output pub4 --log blog 2>/dev/null &&
	vouch log get --log blog --index 0 >rec.json &&
	$PY - <<PYEOF
import hashlib, json
r = json.load(open("rec.json"))
assert r["type"] == "lifecycle-publish" and r["schema"] == "vouch-lifecycle-publish/1", r
for name, h in r["files"].items():
    assert hashlib.sha256(open("pub4/" + name, "rb").read()).hexdigest() == h, name
assert set(r["files"]) == {"lifecycle.json", "notices.atom", "index.html"}
PYEOF
'

test_case 'publish without --output or [lifecycle] output is a usage error' '
	mkdir -p noout && cd noout && printf "[[product]]\nname = \"n\"\n" >vouch.toml &&
	expect_code 2 vouch lifecycle publish 2>err && grep -q "output DIR is required" err
'

test_done
