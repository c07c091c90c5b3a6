#!/usr/bin/env bash
# A real peer: cdxgen (the CycloneDX project's generator, installed by
# scripts/bootstrap into build/node) writes a CycloneDX BOM of the npm
# fixtures offline; vouch reads it and lists exactly cdxgen's purls, with the
# same versions, hashes, licenses and dependency edges, in CycloneDX and SPDX.
# cdxgen's SPDX output is SPDX 3.0 JSON-LD, which vouch names as not read.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
CDXGEN="$VOUCH_TOP/build/node/node_modules/.bin/cdxgen"
need_cmd node
[ -x "$CDXGEN" ] || skip_all_reason="needs cdxgen (scripts/bootstrap installs it into build/node)"
export CDXGEN

view() { "$VOUCH_TOP/tests/lib/bom-view.py" "$@"; }
# cdxgen FIXTURE [ARGS]: a CycloneDX 1.6 BOM of tests/fixtures/npm/FIXTURE as cdx.json
cdxgen() {
	rm -rf proj && cp -r "$FIXTURES/npm/$1" proj && shift &&
		(cd proj && FETCH_LICENSE=false CDXGEN_DEBUG_MODE= "$CDXGEN" -t npm --spec-version 1.6 \
			-o ../cdx.json "$@" . >../cdxgen.log 2>&1) &&
		[ -s cdx.json ]
}
export -f view cdxgen

test_case 'small project: vouch lists cdxgen'"'"'s purls, versions, hashes, licenses and edges' '
	cdxgen small && cp cdx.json small.cdx.json &&
	vouch sbom cdx.json >v.cdx.json &&
	purls cdx.json >want && purls v.cdx.json >got && cmp_output want got &&
	[ "$(wc -l <want)" -ge 60 ] &&
	view cdx.json >vw && view v.cdx.json >vg && cmp_output vw vg &&
	grep -q "^root pkg:npm/vouch-fixture-small@1.0.0" vg &&
	[ "$(grep -c "^edge " vg)" -ge 60 ] && [ "$(grep -c "^hash " vg)" -ge 60 ]
'

test_case 'large project (workspaces): the same through SPDX' '
	cdxgen large &&
	vouch sbom --format spdx cdx.json >v.spdx.json &&
	purls cdx.json >want && purls v.spdx.json >got && cmp_output want got &&
	[ "$(wc -l <want)" -ge 400 ] &&
	view cdx.json >vw && view v.spdx.json >vg && cmp_output vw vg
'

test_case 'cdxgen'"'"'s scopes come back as flags: optional and excluded (dev)' '
	{ [ -s small.cdx.json ] || { cdxgen small && cp cdx.json small.cdx.json; }; } &&
	cp small.cdx.json cdx.json &&
	vouch sbom cdx.json >v.cdx.json &&
	python3 - <<-"PY"
	import json
	a = {c["purl"]: c.get("scope", "required") for c in json.load(open("cdx.json"))["components"]}
	b = {c["purl"]: c.get("scope", "required") for c in json.load(open("v.cdx.json"))["components"]}
	assert a.keys() == b.keys()
	diff = {p: (a[p], b[p]) for p in a if a[p] != b[p]}
	assert not diff, diff
	assert "optional" in a.values(), "cdxgen wrote no optional scope: nothing compared"
	PY
'

test_case 'cdxgen'"'"'s SPDX (3.0 JSON-LD) is named as not read, exit 3' '
	rm -rf proj && cp -r "$FIXTURES/npm/small" proj &&
	(cd proj && FETCH_LICENSE=false "$CDXGEN" -t npm --format spdx -o ../s.json . >../cdxgen.log 2>&1) &&
	[ -s s.json ] &&
	expect_code 3 vouch sbom s.json >o.json 2>err &&
	grep -q "s.json: SPDX 3 JSON-LD is not read by vouch" err
'
test_done
