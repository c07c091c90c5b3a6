#!/usr/bin/env bash
# vouch assess: the OSCAL, Markdown and HTML reports (HTML rendered in headless Chromium: a
# screenshot with colour in it, no network request, and a DOM with the 14 tiles and the sentence).
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1795737600
export PY=/usr/bin/python3

mkdir -p prod/.well-known && cat >prod/vouch.toml <<'TOML'
[organisation]
name = "Evil <script>alert(1)</script> Ltd"
[sro]
name = "<iframe src=x>"
statement = "I sign <svg onload=alert(1)> this `<b>code</b>` | table"
[[product]]
name = "p\"><img src=x onerror=alert(1)>"
version = "<i>1.0</i>"
[[product.release]]
version = "1.0"
end_of_support = 2027-01-01
notice_published = 2025-06-01
notice_url = "javascript:alert(1)"
[[claim]]
id = "1.1.1"
status = "met"
argument = "<b>bold</b> & http://tracker.example/x.png"
evidence = []
owner = "<i>CTO</i>"
reviewed = 2026-10-01
TOML

test_case 'OSCAL assessment-results has the required fields, one finding per claim' '
	vouch assess --no-save --format oscal prod >o.json 2>/dev/null &&
	$PY - <<PYEOF
import json, re
d = json.load(open("o.json"))
assert list(d) == ["assessment-results"]
ar = d["assessment-results"]
U = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
assert U.match(ar["uuid"])
m = ar["metadata"]
for k in ("title", "last-modified", "version", "oscal-version"):
    assert isinstance(m[k], str) and m[k], k
assert m["oscal-version"] == "1.1.2"
assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", m["last-modified"])
assert ar["import-ap"]["href"]
assert len(ar["results"]) == 1
r = ar["results"][0]
for k in ("uuid", "title", "description", "start", "reviewed-controls"):
    assert k in r, k
assert r["reviewed-controls"]["control-selections"]
obs = {o["uuid"] for o in r["observations"]}
for o in r["observations"]:
    assert U.match(o["uuid"]) and o["description"] and o["collected"]
    assert o["methods"] and set(o["methods"]) <= {"EXAMINE", "INTERVIEW", "TEST", "UNKNOWN"}
ids = []
uuids = set()
for f in r["findings"]:
    assert U.match(f["uuid"]) and f["title"] and "description" in f
    t = f["target"]
    assert t["type"] == "objective-id"
    assert t["status"]["state"] in ("satisfied", "not-satisfied")
    assert t["status"].get("reason", "pass") in ("pass", "fail", "other")
    ids.append(t["target-id"])
    uuids.add(f["uuid"])
    for ro in f["related-observations"]:
        assert ro["observation-uuid"] in obs
assert len(ids) == 45 and len(set(ids)) == 45 and len(uuids) == 45
assert len(obs) == 45
PYEOF
'

test_case 'OSCAL UUIDs are deterministic and change with the content' '
	vouch assess --no-save --format oscal prod >o2.json 2>/dev/null && cmp o.json o2.json &&
	SOURCE_DATE_EPOCH=1795737601 vouch assess --no-save --format oscal prod >o3.json 2>/dev/null &&
	! cmp -s o.json o3.json
'

test_case 'Markdown has the summary table, every claim and escapes input' '
	vouch assess --no-save --format markdown prod >r.md 2>/dev/null &&
	[ "$(grep -c "^### [1-4]\.[0-9]\.[0-9] " r.md)" -eq 45 ] &&
	grep -q "^| 4.2 | " r.md && grep -q "\\\\<script\\\\>" r.md
'

test_case 'HTML escapes every input string and links only http(s) URLs' '
	vouch assess --no-save --format html --output r.html prod 2>/dev/null &&
	! grep -q "<script>" r.html && ! grep -q "<img src=x" r.html && ! grep -q "<b>bold" r.html &&
	! grep -q "href=\"javascript:" r.html && grep -q "&lt;script&gt;" r.html &&
	! grep -q "<svg onload" r.html && ! grep -q "<iframe" r.html && ! grep -q "<i>1.0" r.html &&
	grep -q "I sign &lt;svg onload=alert(1)&gt;" r.html &&
	grep -q "@media print" r.html && grep -q "<ol class=\"tiles\"" r.html &&
	[ "$(grep -o "class=\"claim [a-z]*\" id=" r.html | wc -l)" -eq 45 ]
'

test_case 'HTML loads no external asset' '
	! grep -Eiq "<(img|script|link|iframe|object|embed|source|video|audio)[^>]*(src|href)=\"https?:" r.html &&
	! grep -Eiq "url\\((\"|'"'"')?https?:" r.html && ! grep -Eiq "@import" r.html
'

if $PY -c "import html5lib" 2>/dev/null && command -v tidy >/dev/null; then
	test_case 'HTML is valid: html5lib parses it strictly, tidy finds nothing to warn about' '
		$PY -c "import html5lib, sys; html5lib.HTMLParser(strict=True).parse(open(sys.argv[1], \"rb\").read())" r.html &&
		tidy -e -q r.html
	'
else
	test_skip 'HTML is valid' 'needs python3-html5lib and tidy (scripts/bootstrap installs them)'
fi

test_case 'every status shown in colour is also said in words' '
	$PY - <<PYEOF
import re
h = open("r.html").read()
n = 0
for m in re.finditer(r"<(li|span) class=\"(tile|badge) (met|notmet|unknown|na)\"[^>]*>(.*?)</\\1>", h, re.S):
    text = re.sub(r"<[^>]+>", "", m.group(4))
    words = {"met": "Met", "notmet": "Not met", "unknown": "Unknown", "na": "Not applicable"}[m.group(3)]
    assert words in text, (m.group(0), words)
    n += 1
assert n >= 14 + 45, n
assert len(re.findall(r"class=\"tile ", h)) == 14
assert len(re.findall(r"class=\"badge ", h)) >= 14 + 45
PYEOF
'

need_cmd chromium
test_case 'HTML renders in headless Chromium without any network request' '
	prof=$(mktemp -d) &&
	timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-default-apps --user-data-dir="$prof" --host-resolver-rules="MAP * ~NOTFOUND" \
		--log-net-log="$PWD/net.json" --screenshot="$PWD/shot.png" --window-size=1280,2000 \
		"file://$PWD/r.html" >chrome.log 2>&1 || { cat chrome.log; exit 1; }
	rm -rf "$prof" &&
	[ -s shot.png ] &&
	$PY - <<PYEOF
import json, struct, zlib
data = open("shot.png", "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
w, h = struct.unpack(">II", data[16:24])
assert w >= 1000 and h >= 1000, (w, h)
# decode the IDAT stream (8-bit RGB/RGBA) and count coloured pixels
pos, idat = 8, b""
ctype = data[25]
while pos < len(data):
    n = struct.unpack(">I", data[pos:pos+4])[0]
    t = data[pos+4:pos+8]
    if t == b"IDAT":
        idat += data[pos+8:pos+8+n]
    pos += 12 + n
raw = zlib.decompress(idat)
bpp = 4 if ctype == 6 else 3
stride = w * bpp
coloured = 0
prev = bytearray(stride)
i = 0
for y in range(h):
    f = raw[i]; line = bytearray(raw[i+1:i+1+stride]); i += 1 + stride
    for x in range(stride):
        a = line[x-bpp] if x >= bpp else 0
        b = prev[x]; c = prev[x-bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + ((a + b) >> 1)) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p-a), abs(p-b), abs(p-c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if y % 4 == 0:
        for x in range(0, stride, bpp * 4):
            r, g, bb = line[x], line[x+1], line[x+2]
            if max(r, g, bb) - min(r, g, bb) > 60:
                coloured += 1
assert coloured > 500, coloured
# no URL request other than the file itself
log = json.load(open("net.json"))
urls = set()
for e in log.get("events", []):
    u = e.get("params", {}).get("url")
    if u:
        urls.add(u)
# Chromium background services (accounts, updates, time) are not requests of the page
own = (".google.com/", ".googleapis.com/", ".gstatic.com/")
bad = [u for u in urls if not u.startswith(("file://", "data:", "chrome://"))
       and not any(h in u.split("?")[0] for h in own)]
assert not bad, bad
PYEOF
'

test_case 'the DOM Chromium builds has the 14 titled tiles and the position sentence' '
	vouch assess --no-save --format json prod >r.json 2>/dev/null &&
	prof=$(mktemp -d) &&
	timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$prof" --dump-dom "file://$PWD/r.html" >dom.html 2>chrome.log ||
		{ cat chrome.log; exit 1; }
	rm -rf "$prof" &&
	$PY - <<PYEOF
import json
from html.parser import HTMLParser
d = json.load(open("r.json"))
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []; self.tiles = []; self.position = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "li" and "tile" in a.get("class", "").split():
            self.tiles.append([a["class"], ""])
        if a.get("id") == "position":
            self.position = ""
        self.stack.append((tag, a))
    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass
    def handle_data(self, t):
        if any(s[0] == "li" and "tile" in s[1].get("class", "") for s in self.stack):
            self.tiles[-1][1] += t
        if any(s[1].get("id") == "position" for s in self.stack):
            self.position += t
p = P(); p.feed(open("dom.html").read())
assert len(p.tiles) == 14, p.tiles
words = {"met": "Met", "not_met": "Not met", "unknown": "Unknown", "not_applicable": "Not applicable"}
for (cls, text), pr in zip(p.tiles, d["principles"]):
    assert text.split()[0] == pr["id"], (text, pr["id"])
    assert pr["title"] in " ".join(text.split()), (text, pr["title"])
    assert words[pr["status"]] in text, (text, pr["status"])
met = sum(pr["status"] == "met" for pr in d["principles"])
na = sum(pr["status"] == "not_applicable" for pr in d["principles"])
need = sum(pr["status"] in ("not_met", "unknown") for pr in d["principles"])
want = "%d of %d principles met; %d need%s action" % (met, 14 - na, need, "s" if need == 1 else "")
assert p.position and p.position.startswith(want), (p.position, want)
PYEOF
'

test_done
