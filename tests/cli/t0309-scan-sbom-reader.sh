#!/usr/bin/env bash
# vouch scan reads SBOMs with the inventory's CycloneDX and SPDX extractors
# (one reader per format): the packages it matches are those `vouch sbom`
# lists from the same document, the BOM's subject included; CycloneDX
# occurrences (file, line, image layer) are a scan's locations.
. "$(dirname "$0")/lib.sh"
need_cmd /usr/bin/python3

H="$TEST_SRC/helpers/osv-archive.py"
/usr/bin/python3 "$H" --json a1.json GHSA-aaaa-bbbb-cccc:npm:app:2.0.0 &&
/usr/bin/python3 "$H" --json a2.json GHSA-dddd-eeee-ffff:npm:left-pad:1.3.0 &&
/usr/bin/python3 "$H" --json a3.json PYSEC-2024-1:PyPI:requests:2.1.0 &&
vouch db import --db s.db a1.json a2.json a3.json >/dev/null || exit 1
export LAYER=sha256:$(printf 'a%.0s' $(seq 64))
cat >bom.json <<JSON
{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
 "metadata": {"component": {"type": "application", "name": "app", "version": "1.0.0", "purl": "pkg:npm/app@1.0.0"}},
 "components": [
  {"type": "library", "name": "left-pad", "version": "1.0.0", "purl": "pkg:npm/left-pad@1.0.0",
   "evidence": {"occurrences": [{"location": "/srv/app/node_modules/left-pad/package.json", "line": 2,
                                 "additionalContext": "$LAYER"}]},
   "components": [{"type": "library", "name": "requests", "version": "2.0.0", "purl": "pkg:pypi/requests@2.0.0"}]},
  {"type": "file", "name": "README"},
  {"type": "library", "name": "nopurl", "version": "1.0"}]}
JSON
cat >spdx.json <<'JSON'
{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "x", "dataLicense": "CC0-1.0",
 "documentNamespace": "https://example.com/x",
 "creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": ["Tool: t"]},
 "documentDescribes": ["SPDXRef-app"],
 "packages": [
  {"SPDXID": "SPDXRef-app", "name": "app", "versionInfo": "1.0.0", "downloadLocation": "NOASSERTION",
   "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/app@1.0.0"}]},
  {"SPDXID": "SPDXRef-lp", "name": "left-pad", "versionInfo": "1.0.0", "downloadLocation": "NOASSERTION",
   "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/left-pad@1.0.0"},
                    {"referenceCategory": "OTHER", "referenceType": "purl", "referenceLocator": "pkg:npm/left-pad@0.9.0"}]}]}
JSON

# purls: the matchable purls of a vouch sbom document (components and subject), sorted
purls() { /usr/bin/python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
cs = d.get(\"components\", []) + [d.get(\"metadata\", {}).get(\"component\", {})]
print(\"\n\".join(sorted(c[\"purl\"] for c in cs if c.get(\"purl\") and not c[\"purl\"].startswith(\"pkg:generic/\"))))" "$1"; }
export -f purls

test_case 'scan matches exactly the packages vouch sbom reads from the same SBOM' '
	for f in bom.json spdx.json; do
		vouch sbom "$f" >sbom.cdx.json 2>/dev/null &&
		vouch scan --db s.db --format cyclonedx "$f" >scan.cdx.json 2>/dev/null &&
		purls sbom.cdx.json >want && purls scan.cdx.json >got && cmp_output want got || exit 1
	done &&
	grep -q "pkg:npm/app@1.0.0" got && ! grep -q "left-pad@0.9.0" got
'

test_case 'the subject of a BOM is matched; occurrences and image layers are the locations' '
	vouch scan --db s.db --format json bom.json spdx.json >out.json 2>err &&
	/usr/bin/python3 -c "
import json, os
d = json.load(open(\"out.json\"))
got = sorted((f[\"package\"], f[\"version\"], f[\"id\"]) for f in d[\"findings\"])
assert got == [(\"app\", \"1.0.0\", \"GHSA-aaaa-bbbb-cccc\"), (\"left-pad\", \"1.0.0\", \"GHSA-dddd-eeee-ffff\"),
               (\"requests\", \"2.0.0\", \"PYSEC-2024-1\")], got
lp = [f for f in d[\"findings\"] if f[\"package\"] == \"left-pad\"][0]
assert {\"path\": \"/srv/app/node_modules/left-pad/package.json\", \"line\": 2, \"layer\": os.environ[\"LAYER\"]} in lp[\"locations\"], lp[\"locations\"]
assert {\"path\": \"spdx.json\", \"line\": 9} in lp[\"locations\"], lp[\"locations\"]
rq = [f for f in d[\"findings\"] if f[\"package\"] == \"requests\"][0]
assert rq[\"locations\"] == [{\"path\": \"bom.json\", \"line\": 7}], rq[\"locations\"]
" &&
	grep -q "1 file components (not packages) not listed" err &&
	vouch sbom bom.json >b.cdx.json 2>/dev/null && ! grep -q /srv/app b.cdx.json
'

test_case 'an SBOM that is not valid JSON is named with its line; the other targets are scanned (exit 3)' '
	printf "{\"bomFormat\": \"CycloneDX\",\n \"specVersion\": \"1.6\", \"components\": [\n" >broken.json &&
	expect_code 3 vouch scan --db s.db --format json broken.json bom.json >out.json 2>err &&
	grep -q "broken.json:[0-9]" err &&
	/usr/bin/python3 -c "
import json; d = json.load(open(\"out.json\")); assert len(d[\"findings\"]) == 3, d[\"findings\"]"
'
test_done
