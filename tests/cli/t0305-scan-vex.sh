#!/usr/bin/env bash
# vouch scan --vex: OpenVEX 0.2 and CycloneDX VEX documents validated and applied.
. "$(dirname "$0")/lib.sh"
export HELPERS="$TEST_SRC/helpers"

mkdir -p adv
cat >adv/a.json <<'JSON'
{"id": "GHSA-aaaa-bbbb-cccc", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2024-0001"],
 "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
 "affected": [{"package": {"ecosystem": "PyPI", "name": "demo"}, "versions": ["1.0"]},
              {"package": {"ecosystem": "npm", "name": "left"}, "versions": ["1.0.0"]}]}
JSON
cat >adv/b.json <<'JSON'
{"id": "GHSA-dddd-eeee-ffff", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2024-0002"],
 "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"}],
 "affected": [{"package": {"ecosystem": "npm", "name": "left"}, "versions": ["1.0.0"]}]}
JSON
cat >bom.json <<'JSON'
{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": [
 {"type": "library", "name": "demo", "version": "1.0", "purl": "pkg:pypi/demo@1.0"},
 {"type": "library", "name": "left", "version": "1.0.0", "purl": "pkg:npm/left@1.0.0"}
]}
JSON
cat >openvex.json <<'JSON'
{
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.com/vex/2024-001",
  "author": "Example Security Team",
  "timestamp": "2024-03-01T12:00:00Z",
  "version": 1,
  "statements": [
    {
      "vulnerability": {"name": "CVE-2024-0001"},
      "products": [{"@id": "pkg:pypi/demo@1.0"}],
      "status": "not_affected",
      "justification": "vulnerable_code_not_in_execute_path",
      "impact_statement": "the parser that holds the flaw is never called"
    },
    {
      "vulnerability": {"name": "GHSA-dddd-eeee-ffff"},
      "products": [{"@id": "https://example.com/app", "subcomponents": [{"@id": "pkg:npm/left"}]}],
      "status": "under_investigation"
    }
  ]
}
JSON
cat >cdx-vex.json <<'JSON'
{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
 "components": [{"bom-ref": "left-1", "type": "library", "name": "left", "version": "1.0.0", "purl": "pkg:npm/left@1.0.0"}],
 "vulnerabilities": [{"id": "CVE-2024-0001", "analysis": {"state": "resolved", "detail": "patched in our fork"},
                      "affects": [{"ref": "left-1"}]}]}
JSON

schema_case openvex.schema.json 'the OpenVEX document used here is valid under the OpenVEX schema' '
	/usr/bin/python3 "$HELPERS/schema-check.py" "$SCHEMAS" openvex.schema.json openvex.json
'

test_case 'OpenVEX not_affected suppresses with its justification; under_investigation annotates' '
	vouch db import --db s.db adv >/dev/null &&
	{ vouch scan --db s.db --vex openvex.json --format json bom.json >out.json 2>/dev/null || true; } &&
	/usr/bin/python3 -c "
import json
s = json.load(open(\"out.json\"))
f = {(x[\"package\"], x[\"id\"]): x for x in s[\"findings\"]}
d = f[(\"demo\", \"GHSA-aaaa-bbbb-cccc\")]
assert d[\"suppressed\"] and d[\"vex\"][\"status\"] == \"not_affected\", d
assert d[\"vex\"][\"justification\"] == \"vulnerable_code_not_in_execute_path\"
l = f[(\"left\", \"GHSA-dddd-eeee-ffff\")]
assert not l[\"suppressed\"] and l[\"vex\"][\"status\"] == \"under_investigation\", l
assert not f[(\"left\", \"GHSA-aaaa-bbbb-cccc\")][\"suppressed\"]
assert s[\"summary\"][\"suppressed\"] == 1
"
'

test_case 'CycloneDX VEX: resolved marks the finding fixed through a bom-ref' '
	{ vouch scan --db s.db --vex cdx-vex.json --format json bom.json >out2.json 2>/dev/null || true; } &&
	/usr/bin/python3 -c "
import json
s = json.load(open(\"out2.json\"))
l = [x for x in s[\"findings\"] if x[\"package\"] == \"left\" and x[\"id\"] == \"GHSA-aaaa-bbbb-cccc\"][0]
assert l[\"suppressed\"] and l[\"vex\"][\"status\"] == \"fixed\", l
"
'

test_case 'suppressed findings do not count for --fail-on' '
	rm -f adv/b.json s.db && vouch db import --db s.db adv >/dev/null &&
	cat >both.json <<JSON
{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "x", "author": "a", "timestamp": "2024-03-01T12:00:00Z",
 "version": 1, "statements": [{"vulnerability": {"name": "CVE-2024-0001"}, "status": "fixed"}]}
JSON
	rc=0; vouch scan --db s.db --vex both.json --fail-on low bom.json >table 2>/dev/null || rc=$?
	[ $rc -eq 0 ] || [ $rc -eq 3 ] &&
	grep -q "suppressed" table && grep -q "VEX fixed" table
'

test_case 'a bad VEX document is an error naming it, exit 2, nothing scanned' '
	printf "{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"@id\": \"x\", \"author\": \"a\", \"timestamp\": \"2024-03-01T12:00:00Z\", \"version\": 1, \"statements\": [{\"vulnerability\": {\"name\": \"CVE-1\"}, \"status\": \"not_affected\"}]}" >bad1.json &&
	expect_code 2 vouch scan --db s.db --vex bad1.json bom.json >out 2>err &&
	grep -q "bad1.json: statements\[0\]: not_affected needs a justification" err && [ ! -s out ] &&
	printf "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"vulnerabilities\": [{\"id\": \"CVE-1\", \"analysis\": {\"state\": \"fine\"}, \"affects\": [{\"ref\": \"x\"}]}]}" >bad2.json &&
	expect_code 2 vouch scan --db s.db --vex bad2.json bom.json 2>err && grep -q "bad2.json: vulnerabilities\[0\].analysis.state" err &&
	printf "{\"nothing\": 1}" >bad3.json &&
	expect_code 2 vouch scan --db s.db --vex bad3.json bom.json 2>err && grep -q "neither an OpenVEX nor a CycloneDX" err &&
	printf "{" >bad4.json &&
	expect_code 2 vouch scan --db s.db --vex bad4.json bom.json 2>err && grep -q "bad4.json:1:" err
'
test_done
