#!/usr/bin/env bash
# vouch scan output: the JSON shape of design.md, SARIF 2.1.0 and CycloneDX 1.6
# validated against their official schemas, the table, --fail-on and the
# database age in every report.
. "$(dirname "$0")/lib.sh"
export HELPERS="$TEST_SRC/helpers"

mkdir -p adv
cat >adv/a.json <<'JSON'
{"id": "GHSA-aaaa-bbbb-cccc", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2024-0001"],
 "summary": "demo flaw", "references": [{"type": "ADVISORY", "url": "https://example.org/a"}],
 "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
 "affected": [{"package": {"ecosystem": "PyPI", "name": "demo"}, "versions": ["1.0"],
   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.5"}]}]}]}
JSON
cat >adv/b.json <<'JSON'
{"id": "GHSA-dddd-eeee-ffff", "modified": "2024-01-01T00:00:00Z",
 "database_specific": {"severity": "LOW"},
 "affected": [{"package": {"ecosystem": "npm", "name": "@scope/lib"}, "versions": ["2.0.0"]}]}
JSON
cat >bom.json <<'JSON'
{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": [
 {"type": "library", "name": "demo", "version": "1.0", "purl": "pkg:pypi/demo@1.0",
  "evidence": {"occurrences": [{"location": "requirements.txt", "line": 3}]}},
 {"type": "library", "name": "lib", "group": "@scope", "version": "2.0.0", "purl": "pkg:npm/%40scope/lib@2.0.0"},
 {"type": "library", "name": "clean", "version": "1.0.0", "purl": "pkg:npm/clean@1.0.0"}
]}
JSON

scan() { vouch scan --db s.db "$@" bom.json; }
export -f scan

test_case 'JSON has the fields design.md promises' '
	vouch db import --db s.db adv >/dev/null &&
	{ scan --format json >out.json 2>err || [ $? -eq 3 ]; } &&
	/usr/bin/python3 -c "
import json
s = json.load(open(\"out.json\"))
assert s[\"database\"][\"updated\"] and s[\"database\"][\"age_days\"] == 0, s[\"database\"]
assert len(s[\"findings\"]) == 2
for f in s[\"findings\"]:
    for k in (\"id\", \"aliases\", \"ecosystem\", \"package\", \"version\", \"purl\", \"severity\", \"fixed\", \"locations\"):
        assert k in f, k
    assert set(f[\"severity\"]) >= {\"level\", \"score\", \"vector\"}
a = [f for f in s[\"findings\"] if f[\"id\"] == \"GHSA-aaaa-bbbb-cccc\"][0]
assert a[\"severity\"][\"score\"] == 9.8 and a[\"severity\"][\"level\"] == \"critical\"
assert a[\"fixed\"] == [\"1.5\"] and a[\"locations\"] == [{\"path\": \"requirements.txt\", \"line\": 3}]
b = [f for f in s[\"findings\"] if f[\"id\"] == \"GHSA-dddd-eeee-ffff\"][0]
assert b[\"package\"] == \"@scope/lib\" and b[\"severity\"] == {\"level\": \"low\", \"score\": None, \"vector\": None, \"source\": \"label\"}, b
"
'

test_case 'the same input gives the same bytes' '
	export SOURCE_DATE_EPOCH=1700000000 &&
	{ scan --format json >a.json 2>/dev/null || true; } && { scan --format json >b.json 2>/dev/null || true; } &&
	cmp a.json b.json &&
	{ scan --format cyclonedx >a.cdx 2>/dev/null || true; } && { scan --format cyclonedx >b.cdx 2>/dev/null || true; } &&
	cmp a.cdx b.cdx
'

schema_case sarif-2.1.0.schema.json 'SARIF validates against the SARIF 2.1.0 schema' '
	{ scan --format sarif >out.sarif 2>/dev/null || true; } &&
	/usr/bin/python3 "$HELPERS/schema-check.py" "$SCHEMAS" sarif-2.1.0.schema.json out.sarif &&
	/usr/bin/python3 -c "
import json
s = json.load(open(\"out.sarif\"))
r = s[\"runs\"][0]
assert [x[\"id\"] for x in r[\"tool\"][\"driver\"][\"rules\"]] == [\"GHSA-dddd-eeee-ffff\", \"GHSA-aaaa-bbbb-cccc\"] or len(r[\"tool\"][\"driver\"][\"rules\"]) == 2
res = [x for x in r[\"results\"] if x[\"ruleId\"] == \"GHSA-aaaa-bbbb-cccc\"][0]
loc = res[\"locations\"][0][\"physicalLocation\"]
assert loc[\"artifactLocation\"][\"uri\"] == \"requirements.txt\" and loc[\"region\"][\"startLine\"] == 3
assert res[\"level\"] == \"error\"
assert r[\"properties\"][\"database\"][\"updated\"]
"
'

schema_case cyclonedx-bom-1.6.schema.json 'CycloneDX validates against the CycloneDX 1.6 schema' '
	{ scan --format cyclonedx >out.cdx 2>/dev/null || true; } &&
	/usr/bin/python3 "$HELPERS/schema-check.py" "$SCHEMAS" cyclonedx-bom-1.6.schema.json out.cdx &&
	/usr/bin/python3 -c "
import json
s = json.load(open(\"out.cdx\"))
v = [x for x in s[\"vulnerabilities\"] if x[\"id\"] == \"GHSA-aaaa-bbbb-cccc\"][0]
assert v[\"ratings\"][0][\"score\"] == 9.8 and v[\"ratings\"][0][\"method\"] == \"CVSSv31\"
assert v[\"affects\"][0][\"ref\"] == \"pkg:pypi/demo@1.0\"
refs = {c[\"bom-ref\"] for c in s[\"components\"]}
assert all(a[\"ref\"] in refs for x in s[\"vulnerabilities\"] for a in x[\"affects\"])
"
'

test_case 'the table groups by package and states the database age' '
	{ scan >table 2>/dev/null || true; } &&
	grep -q "^2 findings in 2 of 3 packages" table &&
	grep -q "database s.db, updated .* (0 days ago)" table &&
	grep -q "^demo 1.0 (PyPI)  requirements.txt:3" table &&
	grep -q "CRITICAL  9.8  GHSA-aaaa-bbbb-cccc" table &&
	grep -q "fixed in 1.5" table &&
	! grep -q "$(printf "\033")" table
'

test_case '--fail-on sets exit 1 at or above the level' '
	rm -f adv/b.json && rm s.db && vouch db import --db s.db adv >/dev/null &&
	code() { vouch scan --db s.db --fail-on "$1" bom.json >/dev/null 2>&1; echo $?; } &&
	base=$(code none) &&
	if [ "$base" -eq 0 ]; then
		[ "$(code critical)" -eq 1 ] && [ "$(code low)" -eq 1 ]
	else
		# a build without version comparators is a partial run (exit 3) whatever the level
		[ "$base" -eq 3 ] && [ "$(code critical)" -eq 3 ]
	fi
'

test_case 'a missing database is exit 4, a bad --fail-on a usage error' '
	expect_code 4 vouch scan --db nothere.db bom.json 2>err && grep -q nothere.db err &&
	expect_code 2 vouch scan --db s.db --fail-on severe bom.json 2>/dev/null && true
'
test_done
