#!/usr/bin/env bash
# vouch release check: every rule of the [release] policy passing, failing and skipped, on a
# product built here (lockfile, OSV advisories, JUnit results, minisign signatures, provenance,
# security.txt, previous SBOM); every output format; exit codes 0, 1, 2, 3, 4; the build log.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1795737600 # 2026-11-27T00:00:00Z
export PY=/usr/bin/python3

# status FILE RULE: the rule's status in a JSON result
status() { $PY -c "
import json,sys
d=json.load(open(sys.argv[1]))
print([r['status'] for r in d['rules'] if r['id']==sys.argv[2]][0])" "$1" "$2"; }
# reason FILE RULE: its reason and fix
reason() { $PY -c "
import json,sys
d=json.load(open(sys.argv[1]))
r=[r for r in d['rules'] if r['id']==sys.argv[2]][0]
print(r['reason'], r.get('fix',''))" "$1" "$2"; }
# check DIR [ARGS]: release check --format json of DIR into DIR.json, stderr DIR.err; prints the exit code
check() { local d=$1 rc=0; shift; vouch release check --format json "$@" "$d" >"$d.json" 2>"$d.err" || rc=$?; echo $rc; }
export -f status reason check

# junit FILE TESTS FAILURES SKIPPED
junit() {
	{
		printf '<testsuite name="unit" tests="%s" failures="%s" skipped="%s">\n' "$2" "$3" "$4"
		for i in $(seq 1 "$2"); do
			if [ "$i" -le "$3" ]; then printf '<testcase classname="t" name="case%s"><failure message="boom"/></testcase>\n' "$i"
			elif [ "$i" -le $(($3 + $4)) ]; then printf '<testcase classname="t" name="case%s"><skipped/></testcase>\n' "$i"
			else printf '<testcase classname="t" name="case%s"/>\n' "$i"; fi
		done
		printf '</testsuite>\n'
	} >"$1"
}
export -f junit

# a product that passes every rule but fail_on (left-pad has a HIGH advisory)
mkdir -p good && (
	cd good &&
	cat >package-lock.json <<'JSON'
{"name":"good","version":"1.0.0","lockfileVersion":3,"packages":{
 "":{"name":"good","version":"1.0.0","dependencies":{"left-pad":"1.3.0"}},
 "node_modules/left-pad":{"version":"1.3.0"}}}
JSON
	mkdir -p adv dist .well-known &&
	cat >adv/a.json <<'JSON'
{"id":"GHSA-lpad-high-0001","modified":"2026-11-20T00:00:00Z","summary":"left-pad flaw",
 "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}],
 "affected":[{"package":{"ecosystem":"npm","name":"left-pad"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.4.0"}]}]}]}
JSON
	vouch db import --db v.db adv >/dev/null 2>&1 &&
	vouch sbom . >prev.cdx.json 2>/dev/null &&
	junit results.xml 4 0 1 &&
	echo "release 1" >rel.txt && tar czf dist/good-1.0.tar.gz rel.txt && rm rel.txt &&
	vouch key generate --no-password --public key.pub --secret key.sec >/dev/null 2>&1 &&
	vouch sign --secret key.sec dist/good-1.0.tar.gz >/dev/null 2>&1 &&
	vouch attest provenance --secret key.sec --output prov.json dist/good-1.0.tar.gz >/dev/null 2>&1 &&
	printf 'Contact: mailto:security@example.com\nExpires: 2027-10-01T00:00:00Z\n' >.well-known/security.txt &&
	cat >vouch.toml <<'TOML'
[organisation]
name = "Example Ltd"

[[product]]
name = "good"
path = "."

[[product.release]]
version = "1.x"
end_of_support = 2028-06-30
notice_published = 2026-11-01

[[product.release]]
version = "0.x"
end_of_support = 2026-01-31

[evidence]
junit = ["results.xml"]
releases = "dist"
public_key = "key.pub"
provenance = ["prov.json"]
db = "v.db"

[release]
fail_on = "high"
require_tests = true
max_skipped = 1
require_signed = true
require_provenance = true
require_sbom = true
security_txt = true
expires_margin_days = 30
notice = true
max_new_components = 0
previous_sbom = "prev.cdx.json"
TOML
)
# variant NAME: a copy of the product to change
variant() { rm -rf "$1" && cp -r good "$1"; }
# setkey DIR KEY VALUE: set a [release] key (appended: the table is last in vouch.toml)
setkey() { sed -i "/^$2 = /d" "$1/vouch.toml" && echo "$2 = $3" >>"$1/vouch.toml"; }
export -f variant setkey

test_case 'without a [release] policy every rule is skipped (exit 0, with a warning)' '
	mkdir -p bare && printf "[organisation]\nname = \"E\"\n" >bare/vouch.toml &&
	[ "$(check bare)" = 0 ] && grep -q "no \[release\] policy" bare.err &&
	$PY -c "
import json
d=json.load(open(\"bare.json\"))
assert [r[\"status\"] for r in d[\"rules\"]] == [\"skipped\"]*8, d
assert [r[\"id\"] for r in d[\"rules\"]] == [\"fail_on\",\"require_tests\",\"require_signed\",\"require_provenance\",\"require_sbom\",\"security_txt\",\"notice\",\"max_new_components\"]
assert d[\"result\"] == \"pass\" and d[\"summary\"] == {\"passed\":0,\"failed\":0,\"skipped\":8,\"errors\":0}
assert all(r[\"fix\"] for r in d[\"rules\"])
"
'

test_case 'fail_on: a HIGH finding fails the gate (exit 1), naming it; every other rule passes' '
	[ "$(check good)" = 1 ] &&
	[ "$(status good.json fail_on)" = fail ] && reason good.json fail_on | grep -q "GHSA-lpad-high-0001 (HIGH) in left-pad 1.3.0" &&
	for r in require_tests require_signed require_provenance require_sbom security_txt notice max_new_components; do
		[ "$(status good.json $r)" = pass ] || { reason good.json $r; exit 1; }
	done &&
	$PY -c "import json;d=json.load(open(\"good.json\"));assert d[\"result\"]==\"fail\" and d[\"summary\"][\"failed\"]==1"
'

test_case 'fail_on: VEX (from [evidence] vex) or the ignore file clears it; a higher threshold passes' '
	variant vex && cat >vex/vex.json <<JSON &&
{"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://example.com/vex/1","author":"sec","timestamp":"2026-11-01T00:00:00Z","version":1,
 "statements":[{"vulnerability":{"name":"GHSA-lpad-high-0001"},"products":[{"@id":"pkg:npm/left-pad@1.3.0"}],"status":"not_affected","justification":"vulnerable_code_not_in_execute_path"}]}
JSON
	sed -i "s/^db = \"v.db\"/db = \"v.db\"\nvex = [\"vex.json\"]/" vex/vouch.toml &&
	[ "$(check vex)" = 0 ] && [ "$(status vex.json fail_on)" = pass ] &&
	reason vex.json fail_on | grep -q "1 suppressed" &&
	variant ign && printf "[[ignore]]\nid = \"GHSA-lpad-high-0001\"\nreason = \"not reachable\"\n" >ign/.vouchignore.toml &&
	[ "$(check ign)" = 0 ] && [ "$(status ign.json fail_on)" = pass ] &&
	variant crit && setkey crit fail_on "\"critical\"" &&
	[ "$(check crit)" = 0 ] && [ "$(status crit.json fail_on)" = pass ] &&
	variant none && setkey none fail_on "\"none\"" &&
	[ "$(check none)" = 0 ] && [ "$(status none.json fail_on)" = skipped ]
'

test_case 'fail_on: a database that cannot be used is an error (exit 3), never a pass' '
	variant nodb && sed -i "s/^db = \"v.db\"/db = \"missing.db\"/" nodb/vouch.toml && setkey nodb fail_on "\"critical\"" &&
	[ "$(check nodb)" = 3 ] && [ "$(status nodb.json fail_on)" = error ] && grep -q "missing.db" nodb.err &&
	[ "$(check nodb --db good/v.db)" = 0 ]
'

test_case 'require_tests: failures, too many skipped, a missing file fail; unreadable XML is exit 3' '
	variant t1 && junit t1/results.xml 5 2 0 && [ "$(check t1 --config t1/vouch.toml)" = 1 ] &&
	[ "$(status t1.json require_tests)" = fail ] && reason t1.json require_tests | grep -q "2 failed.*t.case1, t.case2" &&
	variant t2 && junit t2/results.xml 5 0 2 && setkey t2 fail_on "\"critical\"" && [ "$(check t2)" = 1 ] &&
	reason t2.json require_tests | grep -q "2 of 5 tests were skipped, more than max_skipped = 1" &&
	variant t3 && rm t3/results.xml && [ "$(check t3)" = 1 ] && reason t3.json require_tests | grep -q "missing" &&
	variant t4 && printf "<testsuite><testcase" >t4/results.xml && setkey t4 fail_on "\"critical\"" &&
	[ "$(check t4)" = 3 ] && [ "$(status t4.json require_tests)" = error ] && grep -q "results.xml" t4.err &&
	$PY -c "import json;d=json.load(open(\"t4.json\"));assert d[\"result\"]==\"partial\" and any(\"results.xml\" in u for u in d[\"unread\"])"
'

test_case 'require_signed: an unsigned artefact and a tampered one fail, each named' '
	variant s1 && echo extra >s1/dist/extra.bin && check s1 >/dev/null &&
	[ "$(status s1.json require_signed)" = fail ] && reason s1.json require_signed | grep -q "without a valid signature: extra.bin" &&
	variant s2 && echo tampered >>s2/dist/good-1.0.tar.gz && check s2 >/dev/null &&
	[ "$(status s2.json require_signed)" = fail ] && reason s2.json require_signed | grep -q "good-1.0.tar.gz.minisig does not verify" &&
	variant s3 && rm s3/dist/*.minisig && (cd s3 && vouch sign --secret key.sec --sums dist >/dev/null 2>&1) && check s3 >/dev/null &&
	[ "$(status s3.json require_signed)" = pass ] && reason s3.json require_signed | grep -q "1 through a signed SHA256SUMS"
'

test_case 'require_provenance: an artefact it does not cover, a tampered artefact, none configured: fail' '
	variant p1 && echo extra >p1/dist/extra.bin && check p1 >/dev/null &&
	[ "$(status p1.json require_provenance)" = fail ] && reason p1.json require_provenance | grep -q "not the subject of any provenance that verifies: extra.bin" &&
	variant p2 && echo tampered >>p2/dist/good-1.0.tar.gz && check p2 >/dev/null &&
	[ "$(status p2.json require_provenance)" = fail ] && reason p2.json require_provenance | grep -q "names .dist/good-1.0.tar.gz., which is not an artefact" &&
	variant p3 && sed -i "/^provenance = /d" p3/vouch.toml && check p3 >/dev/null &&
	[ "$(status p3.json require_provenance)" = fail ] && reason p3.json require_provenance | grep -q "none is configured"
'

test_case 'require_sbom: a named SBOM that is missing, a tree with an unreadable lockfile: fail' '
	variant b1 && setkey b1 sbom "\"release.cdx.json\"" && check b1 >/dev/null &&
	[ "$(status b1.json require_sbom)" = fail ] && reason b1.json require_sbom | grep -q "release.cdx.json. does not exist" &&
	(cd b1 && vouch sbom -o release.cdx.json . 2>/dev/null) && check b1 >/dev/null &&
	[ "$(status b1.json require_sbom)" = pass ] && reason b1.json require_sbom | grep -q "the SBOM .*lists 1 component" &&
	variant b2 && mkdir -p b2/web && printf "{ broken" >b2/web/package-lock.json && check b2 >/dev/null &&
	[ "$(status b2.json require_sbom)" = fail ] && reason b2.json require_sbom | grep -q "web/package-lock.json"
'

test_case 'security_txt: expiring within the margin and invalid files fail; a wider margin tells' '
	variant x1 && printf "Contact: mailto:s@example.com\nExpires: 2026-12-10T00:00:00Z\n" >x1/.well-known/security.txt && check x1 >/dev/null &&
	[ "$(status x1.json security_txt)" = fail ] && reason x1.json security_txt | grep -q "expires on 2026-12-10, 13 day(s) from now, within expires_margin_days = 30" &&
	setkey x1 expires_margin_days 7 && check x1 >/dev/null && [ "$(status x1.json security_txt)" = pass ] &&
	variant x2 && printf "Expires: 2027-10-01T00:00:00Z\n" >x2/.well-known/security.txt && check x2 >/dev/null &&
	[ "$(status x2.json security_txt)" = fail ] && reason x2.json security_txt | grep -q "not valid under RFC 9116" &&
	variant x3 && rm x3/.well-known/security.txt && check x3 >/dev/null && [ "$(status x3.json security_txt)" = fail ]
'

test_case 'notice: the one-year rule of 4.2.1 for supported releases (ended ones are left out)' '
	variant n1 && sed -i "s/^notice_published = 2026-11-01/notice_published = 2027-07-01/" n1/vouch.toml && check n1 >/dev/null &&
	[ "$(status n1.json notice)" = fail ] && reason n1.json notice | grep -q "good 1.x: notice published after 2027-06-30" &&
	reason good.json notice | grep -q "all 1 supported release" &&
	vouch assess --format json --no-save n1 2>/dev/null | $PY -c "
import json,sys
d=json.load(sys.stdin)
assert [c for p in d[\"principles\"] for c in p[\"claims\"] if c[\"id\"]==\"4.2.1\"][0][\"status\"]==\"not_met\""
'

test_case 'max_new_components: a new component not reviewed fails; reviewed (by purl) it passes' '
	variant m1 && $PY - m1/package-lock.json <<PYEOF &&
import json,sys
d=json.load(open(sys.argv[1]))
d["packages"]["node_modules/new-dep"]={"version":"2.0.0"}
json.dump(d,open(sys.argv[1],"w"))
PYEOF
	setkey m1 fail_on "\"critical\"" && [ "$(check m1)" = 1 ] &&
	[ "$(status m1.json max_new_components)" = fail ] && reason m1.json max_new_components | grep -q "1 component(s) are new.*new-dep 2.0.0" &&
	setkey m1 reviewed "[\"pkg:npm/new-dep@2.0.0\"]" && [ "$(check m1)" = 0 ] &&
	reason m1.json max_new_components | grep -q "1 component(s) added since the previous release (0 not reviewed" &&
	setkey m1 reviewed "[\"pkg:npm/new-dep@1.0.0\"]" && [ "$(check m1)" = 1 ] &&
	setkey m1 max_new_components 1 && [ "$(check m1)" = 0 ] &&
	variant m2 && sed -i "/^previous_sbom/d" m2/vouch.toml && check m2 >/dev/null &&
	[ "$(status m2.json max_new_components)" = fail ] && reason m2.json max_new_components | grep -q "no previous_sbom"
'

test_case 'JUnit: one test case per rule, read by a real XML parser; failures, skips and errors as CI expects' '
	variant j4 && printf "<testsuite><testcase" >j4/results.xml && setkey j4 fail_on "\"critical\"" &&
	expect_code 1 vouch release check --format junit good >g.xml 2>/dev/null &&
	expect_code 3 vouch release check --format junit j4 >t4.xml 2>/dev/null &&
	$PY - <<PYEOF
import xml.etree.ElementTree as ET
for f, want in (("g.xml", {"fail_on": "failure"}), ("t4.xml", {"require_tests": "error"})):
    root = ET.parse(f).getroot()
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 8, len(cases)
    kinds = {c.get("name"): [x.tag for x in c if x.tag in ("failure", "error", "skipped")] for c in cases}
    for name, tag in want.items():
        assert kinds[name] == [tag], (f, kinds)
    assert all(not v for k, v in kinds.items() if k not in want), kinds
    s = root.find("testsuite")
    assert int(s.get("tests")) == 8 and int(s.get("failures")) == sum(v == ["failure"] for v in kinds.values())
    assert int(s.get("errors")) == sum(v == ["error"] for v in kinds.values())
    fail = [c for c in cases if c.get("name") in want][0][0]
    assert fail.get("message") and "fix:" in fail.text, fail.text
PYEOF
	bare_xml=$(vouch release check --format junit bare 2>/dev/null) &&
	printf "%s" "$bare_xml" | $PY -c "
import sys, xml.etree.ElementTree as ET
r = ET.fromstring(sys.stdin.read())
assert len(r.findall(\"./testsuite/testcase/skipped\")) == 8"
'

test_case 'JUnit: the repo own JUnit reader reads the result (assess counts the rules as tests)' '
	vouch release check --format junit good >rc-junit.xml 2>/dev/null || true
	mkdir -p jr && cp rc-junit.xml jr/ && printf "[evidence]\njunit = [\"rc-junit.xml\"]\n" >jr/vouch.toml &&
	vouch assess --format json --no-save jr 2>/dev/null | $PY -c "
import json,sys
d=json.load(sys.stdin)
c=[c for p in d[\"principles\"] for c in p[\"claims\"] if c[\"id\"]==\"1.3.2\"][0]
assert c[\"status\"]==\"not_met\" and \"8 tests ran, 1 failed\" in c[\"argument\"] and \"vouch.release.fail_on\" in c[\"argument\"], c"
'

schema_case sarif-2.1.0.schema.json 'SARIF validates against the SARIF 2.1.0 schema; one result per failed rule' '
	vouch release check --format sarif good >good.sarif 2>/dev/null || true
	/usr/bin/python3 "$TEST_SRC/helpers/schema-check.py" "$SCHEMAS" sarif-2.1.0.schema.json good.sarif &&
	$PY -c "
import json
s=json.load(open(\"good.sarif\"))
run=s[\"runs\"][0]
assert len(run[\"tool\"][\"driver\"][\"rules\"])==8
assert [r[\"ruleId\"] for r in run[\"results\"]]==[\"fail_on\"], run[\"results\"]
assert \"GHSA-lpad-high-0001\" in run[\"results\"][0][\"message\"][\"text\"]"
'

test_case 'table: one line per rule with the fix under it, a summary line' '
	expect_code 1 vouch release check good >t.txt 2>/dev/null &&
	grep -q "^FAIL  fail_on " t.txt && grep -q "^      *fix: upgrade the packages named" t.txt &&
	grep -q "^PASS  require_signed " t.txt &&
	tail -1 t.txt | grep -q "^release check of .good.: 7 passed, 1 failed, 0 skipped$"
'

test_case '--log appends the JSON result to the build log, which still verifies' '
	expect_code 1 vouch release check --log blog --format json good >r1.json 2>/dev/null &&
	vouch log get --log blog --index 0 >e0.json && cmp r1.json e0.json &&
	expect_code 0 vouch release check --log blog vex >/dev/null 2>&1 &&
	vouch log root --log blog | grep -q "^2 " && vouch log verify --log blog >/dev/null 2>&1
'

test_case 'exit 1 wins over 3: a failing rule is the answer even when an input was unreadable' '
	variant both && printf "<testsuite><testcase" >both/results.xml &&
	[ "$(check both)" = 1 ] && [ "$(status both.json require_tests)" = error ] && [ "$(status both.json fail_on)" = fail ]
'

test_case 'usage and configuration errors: 2 for options, 4 for a vouch.toml that cannot be used' '
	expect_code 2 vouch release check --format yaml good 2>/dev/null &&
	expect_code 2 vouch release check good bare 2>/dev/null &&
	expect_code 2 vouch release frobnicate 2>/dev/null &&
	variant k1 && echo "require_everything = true" >>k1/vouch.toml &&
	expect_code 4 vouch release check k1 2>err && grep -q "vouch.toml:[0-9]*: unknown key .require_everything. in \[release\]" err &&
	variant k2 && setkey k2 fail_on "\"severe\"" && expect_code 4 vouch release check k2 2>err &&
	grep -q "fail_on .severe. is not a level" err &&
	variant k3 && setkey k3 max_skipped -1 && expect_code 4 vouch release check k3 2>err &&
	grep -q "max_skipped must be a whole number" err &&
	variant k4 && setkey k4 reviewed "[\"pkg:npm/ok\", \"left-pad\"]" && expect_code 4 vouch release check k4 2>err &&
	grep -q "reviewed\[1\]: .left-pad. is not a purl" err
'

test_done
