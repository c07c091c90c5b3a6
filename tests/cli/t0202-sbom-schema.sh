#!/usr/bin/env bash
# Every BOM vouch writes validates against the official schemas, and the
# validator itself accepts the corpus's valid examples and rejects invalid ones.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
need_corpus
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import jsonschema" 2>/dev/null ||
	skip_all_reason="needs Debian's python3-jsonschema (scripts/bootstrap installs it)"
export L="$CORPUS/lockfiles" E="$CORPUS/cyclonedx-examples"

test_case 'the validator accepts every valid CycloneDX 1.6 and 1.7 example' '
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" "$E"/1.6/valid-*.json >out &&
	validate "$SCHEMAS/cyclonedx-bom-1.7.schema.json" "$E"/1.7/valid-*.json >>out &&
	[ "$(grep -c "^ok " out)" = "$(ls "$E"/1.6/valid-*.json "$E"/1.7/valid-*.json | wc -l)" ]
'

test_case 'the validator rejects every invalid example, each on its own' '
	n=0 &&
	for v in 1.6 1.7; do
		! validate "$SCHEMAS/cyclonedx-bom-$v.schema.json" "$E/$v"/invalid-*.json >out.$v &&
		! grep -q "^ok " out.$v &&
		[ "$(grep -c "^invalid " out.$v)" = "$(ls "$E/$v"/invalid-*.json | wc -l)" ] || exit 1
		n=$((n + $(grep -c "^invalid " out.$v)))
	done &&
	[ "$n" -ge 40 ]
'

test_case 'the validator resolves the SPDX and JSF sub-schemas offline' '
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" "$E/1.6/valid-license-id-1.6.json" "$E/1.6/valid-signatures-1.6.json" >out &&
	cp "$E/1.6/valid-license-id-1.6.json" bad.json &&
	sed -i "0,/\"id\": \"[A-Za-z0-9.-]*\"/s//\"id\": \"Not-A-License\"/" bad.json &&
	! validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" bad.json >out
'

test_case 'BOMs of every npm fixture and real project validate (CycloneDX 1.6, 1.7, SPDX 2.3)' '
	mkdir -p boms &&
	i=0 &&
	for f in "$L"/javascript-packagelockjson/*.json "$L"/javascript-yarnlock/*.lock \
		"$L"/javascript-pnpmlock/*.yaml "$L"/javascript-bunlock/*.json5 \
		"$FIXTURES/npm/small" "$FIXTURES/npm/large" "$L/javascript-pnpmlock/invalid-paths.yaml"; do
		i=$((i + 1))
		vouch sbom "$f" >boms/$i.cdx16.json 2>/dev/null || true
		vouch sbom --spec-version 1.7 "$f" >boms/$i.cdx17.json 2>/dev/null || true
		vouch sbom --format spdx "$f" >boms/$i.spdx.json 2>/dev/null || true
	done &&
	[ "$i" -ge 100 ] &&
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" boms/*.cdx16.json >v16 &&
	validate "$SCHEMAS/cyclonedx-bom-1.7.schema.json" boms/*.cdx17.json >v17 &&
	validate "$SCHEMAS/spdx-2.3.schema.json" boms/*.spdx.json >vspdx &&
	[ "$(grep -c "^ok " v16)" = "$i" ] && [ "$(grep -c "^ok " vspdx)" = "$i" ]
'

test_case 'a partial BOM (unreadable inputs) still validates and says so' '
	expect_code 3 vouch sbom "$L/javascript-bunlock/bad-tuple.json5" /nonexistent >p.json 2>/dev/null &&
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" p.json >/dev/null &&
	expect_code 3 vouch sbom --format spdx "$L/javascript-bunlock/bad-tuple.json5" >s.json 2>/dev/null &&
	validate "$SCHEMAS/spdx-2.3.schema.json" s.json >/dev/null &&
	grep -q "vouch:complete=false" s.json
'

test_case 'SPDX: ids, relationships and NOASSERTION where unknown' '
	SOURCE_DATE_EPOCH=0 vouch sbom --format spdx "$FIXTURES/npm/small" >s.json &&
	python3 -c "
import json; d=json.load(open(\"s.json\"))
ids=[p[\"SPDXID\"] for p in d[\"packages\"]]
assert len(ids)==len(set(ids))
assert d[\"creationInfo\"][\"created\"]==\"1970-01-01T00:00:00Z\"
assert d[\"documentNamespace\"].startswith(\"urn:uuid:\")
rel=[(r[\"spdxElementId\"], r[\"relationshipType\"], r[\"relatedSpdxElement\"]) for r in d[\"relationships\"]]
desc=[r for r in rel if r[1]==\"DESCRIBES\"]
assert len(desc)==1 and desc[0][0]==\"SPDXRef-DOCUMENT\"
byid={p[\"SPDXID\"]: p for p in d[\"packages\"]}
assert byid[desc[0][2]][\"name\"]==\"vouch-fixture-small\"
ex=[p for p in d[\"packages\"] if p[\"name\"]==\"express\"][0]
assert ex[\"checksums\"][0][\"algorithm\"]==\"SHA512\" and ex[\"licenseDeclared\"]==\"MIT\"
assert ex[\"downloadLocation\"]==\"NOASSERTION\" and ex[\"filesAnalyzed\"] is False
assert ex[\"externalRefs\"][0][\"referenceLocator\"]==\"pkg:npm/express@4.21.2\"
assert any(r[1]==\"DEPENDS_ON\" and r[0]==ex[\"SPDXID\"] for r in rel)"
'
test_done
