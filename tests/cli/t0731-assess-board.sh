#!/usr/bin/env bash
# vouch assess: the report for the board. The JSON of the same run is the oracle for what the
# HTML and Markdown must say: the gaps split into engineering and governance (each not-met claim
# in exactly one, with its owner), the unknown claims, a basis for every claim, the trend since
# the previous saved assessment, and warnings when the organisation or the SRO is missing.
. "$(dirname "$0")/lib.sh"

export PY=/usr/bin/python3
mkdir -p prod/evidence && echo "policy text" >prod/evidence/policy.md
cat >head.toml <<'TOML'
[organisation]
name = "Board Ltd"
[sro]
name = "A. Person"
title = "Chief Technology Officer"
[[product]]
name = "board-product"
TOML
cat >c111.toml <<'TOML'
[[claim]]
id = "1.1.1"
status = "met"
argument = "We follow the SSDF."
evidence = ["evidence/policy.md"]
owner = "Head of Engineering"
reviewed = 2026-09-01
TOML
cat >c342.toml <<'TOML'
[[claim]]
id = "3.4.2"
status = "not_met"
argument = "No written process yet for telling customers."
owner = "Head of Security"
reviewed = 2026-11-20
TOML
cat head.toml c111.toml c342.toml >prod/vouch.toml

# parse.py HTML JSON: the tables of the "what needs action" part and the claims' basis badges
cat >parse.py <<'PYEOF'
import json, sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.table = None; self.rows = {}; self.basis = {}
        self.claim = None; self.cell = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("id"):
            self.table = a["id"]; self.rows[self.table] = []
        if tag == "tr" and self.table:
            self.rows[self.table].append("")
        if tag == "div" and "claim" in a.get("class", "").split():
            self.claim = a["id"][1:]
        if tag == "span" and self.claim and "basis" in a.get("class", "").split():
            self.basis[self.claim] = a["class"].split()[1]
    def handle_endtag(self, tag):
        if tag == "table":
            self.table = None
    def handle_data(self, t):
        if self.table and self.rows[self.table]:
            self.rows[self.table][-1] += t
p = P(); p.feed(open(sys.argv[1]).read())
d = json.load(open(sys.argv[2]))
claims = {c["id"]: c for pr in d["principles"] for c in pr["claims"]}
PYEOF

test_case 'every not-met claim is in exactly one of the engineering and governance tables' '
	SOURCE_DATE_EPOCH=1795737600 vouch assess --no-save --output r.html prod 2>/dev/null &&
	SOURCE_DATE_EPOCH=1795737600 vouch assess --no-save --format json prod >r.json 2>/dev/null &&
	$PY - <<PYEOF
import sys; sys.argv = ["x", "r.html", "r.json"]
exec(open("parse.py").read())
def ids(t):
    return [r.split()[0] for r in p.rows.get(t, [])[1:]]
eng, gov, unk = ids("engineering"), ids("governance"), ids("unknown")
notmet = sorted(i for i, c in claims.items() if c["status"] == "not_met")
unknown = sorted(i for i, c in claims.items() if c["status"] == "unknown")
assert notmet and unknown
assert sorted(eng + gov) == notmet, (eng, gov, notmet)
assert not set(eng) & set(gov)
assert sorted(unk) == unknown, (unk, unknown)
assert "3.4.2" in gov, gov
row = [r for r in p.rows["governance"] if r.startswith("3.4.2")][0]
assert "Head of Security" in row, row
PYEOF
'

test_case 'every claim carries its basis as a badge in HTML and as text in Markdown' '
	SOURCE_DATE_EPOCH=1795737600 vouch assess --no-save --format markdown prod >r.md 2>/dev/null &&
	$PY - <<PYEOF
import re, sys; sys.argv = ["x", "r.html", "r.json"]
exec(open("parse.py").read())
assert len(p.basis) == 45, len(p.basis)
assert set(p.basis.values()) <= {"observed", "declared", "role", "none"}, set(p.basis.values())
for i, c in claims.items():
    assert p.basis[i] == c["basis"], (i, c["basis"], p.basis[i])
assert p.basis["1.1.1"] == "declared", p.basis["1.1.1"]
md = open("r.md").read()
got = re.findall(r"^### ([1-4]\.\d\.\d) [^\n]*\n\nBasis: (observed|declared|role|none) ", md, re.M)
assert len(got) == 45, len(got)
assert dict(got) == p.basis
PYEOF
'

test_case 'the Markdown states the position in one sentence, as the JSON implies' '
	$PY - <<PYEOF
import json
d = json.load(open("r.json"))
st = [p["status"] for p in d["principles"]]
met, na, need = st.count("met"), st.count("not_applicable"), st.count("not_met") + st.count("unknown")
want = "**%d of %d principles met; %d need%s action: " % (met, 14 - na, need, "s" if need == 1 else "")
md = open("r.md").read()
assert want in md, want
PYEOF
'

test_case 'the trend: counts then and now, and the claims that changed' '
	rm -rf prod/.vouch &&
	SOURCE_DATE_EPOCH=1795737600 vouch assess --format json prod >then.json 2>/dev/null &&
	cat head.toml c342.toml >prod/vouch.toml &&
	SOURCE_DATE_EPOCH=1795741200 vouch assess --format json prod >now.json 2>/dev/null &&
	rm -f prod/.vouch/assessments/*T01* &&
	SOURCE_DATE_EPOCH=1795741200 vouch assess --no-save --output t.html prod 2>/dev/null &&
	SOURCE_DATE_EPOCH=1795741200 vouch assess --no-save --format markdown prod >t.md 2>/dev/null &&
	$PY - <<PYEOF
import json, re
from html.parser import HTMLParser
a, b = json.load(open("then.json")), json.load(open("now.json"))
def counts(d):
    return d["summary"]
ca, cb = counts(a), counts(b)
assert ca != cb
h = open("t.html").read()
trend = h[h.index("id=\"trend\""):h.index("</section>", h.index("id=\"trend\""))]
words = {"met": "Met", "not_met": "Not met", "unknown": "Unknown", "not_applicable": "Not applicable"}
for k, w in words.items():
    assert re.search(r"%s</th><td>%d</td><td>%d</td>" % (w, ca[k], cb[k]), trend), (k, trend)
changes = {c["id"]: (c["from"], c["to"]) for c in b["changes"]}
assert changes.get("1.1.1") == ("met", "unknown"), changes
for i in changes:
    assert "href=\"#c%s\"" % i in trend, i
md = open("t.md").read()
assert "## Since the last assessment" in md
assert re.search(r"^- 1\.1\.1 [^\n]*: met -> unknown$", md, re.M)
assert "| not met | %d | %d |" % (ca["not_met"], cb["not_met"]) in md
PYEOF
'

test_case 'an empty organisation name and no SRO are warnings in every format' '
	mkdir -p bare && printf "[organisation]\nname = \"\"\n[[product]]\nname = \"bare\"\n" >bare/vouch.toml &&
	vouch assess --no-save --output b.html bare 2>err &&
	vouch assess --no-save --format markdown --output b.md bare 2>/dev/null &&
	vouch assess --no-save --format json --output b.json bare 2>/dev/null &&
	grep -q "class=\"warn\"" b.html && grep -q "organisation has no name" b.html &&
	grep -q "No Senior Responsible Owner is named" b.html &&
	grep -q "organisation has no name" b.md && grep -q "No Senior Responsible Owner" b.md &&
	$PY -c "import json; w = json.load(open(\"b.json\"))[\"warnings\"]; assert any(\"organisation has no name\" in x for x in w), w" &&
	! grep -q "class=\"warn\"" r.html && ! grep -q "organisation has no name" r.md
'

test_done
