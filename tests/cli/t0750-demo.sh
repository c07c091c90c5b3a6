#!/usr/bin/env bash
# scripts/demo runs the whole chain on the example product into a temporary
# folder, ends with exit 0, and everything it leaves there checks out.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
export O="$TEST_DIR/demo"

test_case 'the demo runs every step and exits 0' '
	OUT="$O" VOUCH_BUILD="$VOUCH_BUILD" VOUCH_CORPUS="$CORPUS" "$VOUCH_TOP/scripts/demo" >demo.log 2>&1 ||
		{ tail -30 demo.log; exit 1; }
	! grep -n "FAILED" demo.log &&
	grep -q "^sbom cyclonedx .*: done" demo.log &&
	grep -q "^attest verify: done" demo.log
'

test_case 'the SBOMs are there and name the three ecosystems' '
	for p in pkg:golang/golang.org/x/text@v0.3.7 pkg:pypi/requests@2.28.1 pkg:npm/escape-html@1.0.3; do
		grep -q "\"$p\"" "$O/sbom.cdx.json" || { echo "no $p in CycloneDX"; exit 1; }
		grep -q "$p" "$O/sbom.spdx.json" || { echo "no $p in SPDX"; exit 1; }
	done
'

schema_case cyclonedx-bom-1.6.schema.json 'the CycloneDX SBOM validates against the CycloneDX 1.6 schema' '
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" "$O/sbom.cdx.json"
'

schema_case spdx-2.3.schema.json 'the SPDX SBOM validates against the SPDX 2.3 schema' '
	validate "$SCHEMAS/spdx-2.3.schema.json" "$O/sbom.spdx.json"
'

if [ -d "$CORPUS/osv" ]; then
	# GO-2022-1059 (x/text before 0.3.8) and PYSEC-2023-74 (requests 2.3.0 to 2.31.0)
	# are in the corpus; the example pins versions inside both ranges.
	test_case 'the scan finds the known advisories and applies the VEX triage' '
		/usr/bin/python3 - "$O/scan.json" <<-PY
		import json, sys
		d = json.load(open(sys.argv[1]))
		f = {(x["id"], x["package"]): x for x in d["findings"]}
		assert ("GO-2022-1059", "golang.org/x/text") in f, "GO-2022-1059 missing"
		r = f[("PYSEC-2023-74", "requests")]
		assert r["vex"]["status"] == "not_affected", r
		assert d["summary"]["suppressed"] >= 1
		PY
		grep -q "GO-2022-1059" "$O/scan.txt"
	'
else
	test_skip 'the scan finds the known advisories' "no OSV data at $CORPUS/osv"
fi

test_case 'the build log verifies and its checkpoint is signed by the demo key' '
	vouch log verify --log "$O/buildlog" --public "$O/keys/demo.pub" >out &&
	grep -q "2 checkpoints" out # the build, then the release the bundle step logs
'

test_case 'the release artifact, SHA256SUMS and provenance verify' '
	vouch verify --public "$O/keys/demo.pub" "$O/release/lantern-2.1.0.tar.gz" &&
	vouch verify --public "$O/keys/demo.pub" "$O/release/SHA256SUMS" &&
	(cd "$O/release" && sha256sum -c SHA256SUMS) &&
	vouch attest verify --public "$O/keys/demo.pub" "$O/lantern-2.1.0.provenance.json" \
		"$O/release/lantern-2.1.0.tar.gz"
'

if vouch help assess 2>/dev/null | grep -q "is not built yet"; then
	test_case 'the demo says the self-assessment is not built yet' '
		grep -q "^assess: not built yet" demo.log
	'
else
	test_case 'the self-assessment is written as HTML and JSON' '
		[ -s "$O/assessment.html" ] && grep -qi "<html" "$O/assessment.html" &&
		/usr/bin/python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
ids = [c[\"id\"] for p in d[\"principles\"] for c in p[\"claims\"]]
assert len(ids) == 45, len(ids)
st = {c[\"id\"]: c[\"status\"] for p in d[\"principles\"] for c in p[\"claims\"]}
assert st[\"4.2.1\"] == \"not_met\", st[\"4.2.1\"]
assert st[\"3.1.1\"] == \"met\", st[\"3.1.1\"]
" "$O/assessment.json"
	'
	test_case 'the HTML self-assessment is signed by the demo key and names it' '
		vouch verify --public "$O/keys/demo.pub" "$O/assessment.html" >/dev/null &&
		{ ! command -v minisign >/dev/null ||
			minisign -V -p "$O/keys/demo.pub" -m "$O/assessment.html" >/dev/null; } &&
		grep -q "$(sed -n "1s/.* //p" "$O/keys/demo.pub")" "$O/assessment.html"
	'
fi

test_case 'the demo wrote nothing into the example product' '
	cd "$VOUCH_TOP" &&
	[ -z "$(git status --porcelain --ignored -- examples/example-product 2>/dev/null)" ]
'

test_done
