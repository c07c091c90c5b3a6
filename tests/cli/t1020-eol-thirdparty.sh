#!/usr/bin/env bash
# Third-party end of life: endoflife.date product files imported by vouch db import, the
# components scan reports past or near their end of life, and assess's 4.1.1.
. "$(dirname "$0")/lib.sh"

export PY=/usr/bin/python3
export SOURCE_DATE_EPOCH=1795737600 # 2026-11-27T00:00:00Z
need_cmd "$PY" sqlite3

# adv DIR: one advisory (scan refuses a database without any)
adv() {
	mkdir -p "$1" && cat >"$1/a.json" <<'JSON'
{"id":"GHSA-aaaa-bbbb-cccc","modified":"2026-11-01T00:00:00Z","summary":"x",
 "affected":[{"package":{"ecosystem":"npm","name":"nothing-here"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.0.0"}]}]}]}
JSON
}
# product NAME PURL: a product file; cycles: 1.0 ended, 2.0 ends 2027-03-01, 2.10 far, 3 eol true
product() {
	cat <<MD
---
title: $1
identifiers:
  - purl: $2
  - purl: "pkg:npm/%40scope/also-$1"
  - purl: not-a-purl
releases:
  - releaseCycle: "2.10"
    releaseDate: 2026-01-01
    eol: 2030-01-01
    latest: "2.10.3"
  - releaseCycle: "2.0"
    releaseDate: 2025-01-01
    eoas: 2026-06-01
    eol: 2027-03-01
    lts: true
  - releaseCycle: "1.0"
    releaseDate: 2020-01-01
    eol: 2022-01-01
    latest: "1.0.9"
  - releaseCycle: 3
    eol: true
---

# $1

Some page text, which is not read.
MD
}
lock() {
	printf '{"name":"x","lockfileVersion":3,"packages":{"":{"name":"x"}'
	local nv
	for nv in "$@"; do printf ',"node_modules/%s":{"version":"%s"}' "${nv%@*}" "${nv##*@}"; done
	printf '}}\n'
}
export -f adv product lock

test_case 'db import reads product files (front matter only), skips a README, counts the products' '
	adv adv && mkdir -p eol && product widget pkg:npm/widget >eol/widget.md &&
	printf "# not a product\n" >eol/README.md &&
	vouch db import --db v.db adv eol >out 2>err &&
	grep -q "^1 end-of-life products (endoflife.date) imported" out &&
	[ "$(sqlite3 v.db "select count(*) from eol_cycle where product=\"widget\"")" = 4 ] &&
	[ "$(sqlite3 v.db "select purl from eol_purl where product=\"widget\" order by purl" | tr "\n" " ")" = "pkg:npm/%40scope/also-widget pkg:npm/widget " ] &&
	[ "$(sqlite3 v.db "select eol, eoas, lts from eol_cycle where product=\"widget\" and cycle=\"2.0\"")" = "2027-03-01|2026-06-01|true" ] &&
	[ "$(sqlite3 v.db "pragma user_version")" = 2 ]
'

test_case 'scan: the cycle is the longest version prefix; ended and ending within a year are reported' '
	mkdir -p p && lock widget@1.0.4 @scope/also-widget@2.0.7 x/node_modules/widget@2.10.1 >p/package-lock.json &&
	sed -i "s#x/node_modules/widget#other#" p/package-lock.json &&
	vouch scan --db v.db --format json p >s.json 2>/dev/null &&
	$PY - <<PYEOF
import json
d = json.load(open("s.json"))
assert "findings" in d and "eol" in d, list(d)
e = {x["package"]: x for x in d["eol"]}
assert set(e) == {"widget", "@scope/also-widget"}, e
assert e["widget"]["cycle"] == "1.0" and e["widget"]["status"] == "ended" and e["widget"]["eol"] == "2022-01-01"
assert e["widget"]["latest"] == "1.0.9" and e["widget"]["purl"] == "pkg:npm/widget@1.0.4"
assert e["@scope/also-widget"]["cycle"] == "2.0" and e["@scope/also-widget"]["status"] == "ending"
PYEOF
	vouch scan --db v.db p >s.txt 2>/dev/null &&
	grep -q "^end of life: 2 components past or within a year of it" s.txt &&
	grep -q "widget 1.0.4: widget 1.0 reached its end of life on 2022-01-01; the cycle.s latest is 1.0.9" s.txt &&
	grep -q "@scope/also-widget 2.0.7: widget 2.0 reaches its end of life on 2027-03-01 (in 94 days)" s.txt
'

test_case 'versions: "2.10.1" is in 2.10 (not 2.1 or 2.0), "v1.0.2" in 1.0, "3.5" in 3 (eol true)' '
	mkdir -p q && lock widget@2.10.1 >q/package-lock.json &&
	vouch scan --db v.db --format json q >q.json 2>/dev/null &&
	$PY -c "import json;assert json.load(open(\"q.json\"))[\"eol\"]==[]" &&
	mkdir -p r && lock widget@3.5.0 >r/package-lock.json &&
	vouch scan --db v.db --format json r >r.json 2>/dev/null &&
	$PY -c "
import json
(e,) = json.load(open(\"r.json\"))[\"eol\"]
assert e[\"cycle\"] == \"3\" and e[\"status\"] == \"ended\" and e[\"eol\"] is None, e
"
'

test_case 'the scan JSON keeps its shape: the same keys as before plus eol, last' '
	$PY -c "
import json
d = json.load(open(\"s.json\"))
assert list(d)[-1] == \"eol\", list(d)
for k in (\"findings\", \"summary\", \"notes\"):
    assert k in d, k
"
'

test_case 'a schema 1 database is read as is (no end-of-life data) and migrated on the next import' '
	adv a1 && vouch db import --db old.db a1 >/dev/null 2>&1 &&
	sqlite3 old.db "drop table eol_cycle; drop table eol_purl; drop table eol_product; pragma user_version = 1" &&
	vouch scan --db old.db --format json p >o.json 2>/dev/null &&
	$PY -c "import json;d=json.load(open(\"o.json\"));assert d[\"eol\"]==[]" &&
	[ "$(sqlite3 old.db "pragma user_version")" = 1 ] &&
	vouch db import --db old.db eol >/dev/null 2>&1 &&
	[ "$(sqlite3 old.db "pragma user_version")" = 2 ] &&
	[ "$(sqlite3 old.db "select count(*) from advisory")" = 1 ] &&
	vouch scan --db old.db --format json p >o2.json 2>/dev/null &&
	$PY -c "import json;d=json.load(open(\"o2.json\"));assert len(d[\"eol\"])==2"
'

test_case 'a product imported again replaces its cycles' '
	product widget pkg:npm/widget | sed "/releaseCycle: \"1.0\"/,+3d" >eol/widget.md &&
	vouch db import --db v.db eol >/dev/null 2>&1 &&
	[ "$(sqlite3 v.db "select count(*) from eol_cycle where product=\"widget\"")" = 3 ] &&
	product widget pkg:npm/widget >eol/widget.md && vouch db import --db v.db eol >/dev/null 2>&1
'

test_case 'bad product files are named and counted invalid (exit 3); the good ones are imported' '
	mkdir -p bad && product good pkg:npm/good >bad/good.md &&
	printf -- "---\nreleases:\n  - releaseCycle: \"1\"\n    eol: soon\n---\n" >bad/b1.md &&
	printf -- "---\nreleases:\n  - eol: 2020-01-01\n---\n" >bad/b2.md &&
	printf -- "---\nreleases: [\n---\n" >bad/b3.md &&
	printf -- "---\nx: &a [1]\nreleases: *a\n---\n" >bad/b4.md &&
	expect_code 3 vouch db import --db v.db bad >out 2>err &&
	grep -q "b1.md: release .1.: .eol. must be a date or true/false" err &&
	grep -q "b2.md: release 0 has no releaseCycle" err &&
	grep -q "b3.md:3:1:" err && grep -q "b4.md:3:11: aliases are not supported" err &&
	grep -q "^1 end-of-life products" out
'

test_case 'assess 4.1.1: shipped components past their end of life make it not met (observed), naming them' '
	cp v.db p/ && printf "[[product]]\nname = \"p\"\n\n[[product.release]]\nversion = \"1\"\nend_of_support = 2029-01-01\n\n[evidence]\ndb = \"v.db\"\n" >p/vouch.toml &&
	{ vouch assess --no-save --format json p >a.json 2>/dev/null || true; } &&
	$PY - <<PYEOF
import json
c = [c for p in json.load(open("a.json"))["principles"] for c in p["claims"] if c["id"] == "4.1.1"][0]
assert c["status"] == "not_met" and c["basis"] == "observed", c
assert "widget 1.0.4 (widget 1.0, end of life 2022-01-01)" in c["argument"], c["argument"]
assert "Ending within a year: @scope/also-widget 2.0.7 (widget 2.0, end of life 2027-03-01)" in c["argument"], c["argument"]
PYEOF
'

test_case 'assess 4.1.1: every component with a known, unexpired end of life is met' '
	mkdir -p m && cp v.db m/ && lock widget@2.10.1 >m/package-lock.json &&
	sed "s/name = \"p\"/name = \"m\"/" p/vouch.toml >m/vouch.toml &&
	{ vouch assess --no-save --format json m >m.json 2>/dev/null || true; } &&
	$PY -c "
import json
c = [c for p in json.load(open(\"m.json\"))[\"principles\"] for c in p[\"claims\"] if c[\"id\"] == \"4.1.1\"][0]
assert c[\"status\"] == \"met\", c
"
'

corpus_case 'the whole endoflife.date corpus imports cleanly; a real Python 3.8 and Angular 15 are past their end of life' '
	adv ca && vouch db import --db c.db ca "$CORPUS/endoflife/products" >out 2>err &&
	n=$(ls "$CORPUS"/endoflife/products/*.md | wc -l) &&
	grep -q "^$n end-of-life products" out &&
	mkdir -p rp && lock @angular/core@15.2.0 bootstrap@5.3.2 >rp/package-lock.json &&
	vouch scan --db c.db --format json rp >rp.json 2>/dev/null &&
	$PY - "$CORPUS/endoflife/products" <<PYEOF
import json, sys, yaml, datetime
d = json.load(open("rp.json"))
e = {x["package"]: x for x in d["eol"]}
meta = yaml.safe_load(open(sys.argv[1] + "/angular.md").read().split("---")[1])
(c15,) = [r for r in meta["releases"] if str(r["releaseCycle"]) == "15"]
assert e["@angular/core"]["eol"] == str(c15["eol"]) and e["@angular/core"]["status"] == "ended", e
boot = yaml.safe_load(open(sys.argv[1] + "/bootstrap.md").read().split("---")[1])
(b5,) = [r for r in boot["releases"] if str(r["releaseCycle"]) == "5"]
today = datetime.date(2026, 11, 27)
ended = b5["eol"] is True or (not isinstance(b5["eol"], bool) and b5["eol"] < today + datetime.timedelta(days=366))
assert ("bootstrap" in e) == ended, (b5, e.get("bootstrap"))
PYEOF
'

test_done
