#!/usr/bin/env bash
# Every BOM vouch writes validates against the official schemas, and the
# validator itself accepts the corpus's valid examples and rejects invalid ones.
# Cases on the corpus's lockfiles and examples skip without it; those on the
# fixtures need only the schemas (see need_schemas in lib.sh).
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
need_schemas cyclonedx-bom-1.6.schema.json cyclonedx-bom-1.7.schema.json
export L="$CORPUS/lockfiles" E="$CORPUS/cyclonedx-examples"

corpus_case 'the validator accepts every valid CycloneDX 1.6 and 1.7 example' '
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" "$E"/1.6/valid-*.json >out &&
	validate "$SCHEMAS/cyclonedx-bom-1.7.schema.json" "$E"/1.7/valid-*.json >>out &&
	[ "$(grep -c "^ok " out)" = "$(ls "$E"/1.6/valid-*.json "$E"/1.7/valid-*.json | wc -l)" ]
'

corpus_case 'the validator rejects every invalid example, each on its own' '
	n=0 &&
	for v in 1.6 1.7; do
		! validate "$SCHEMAS/cyclonedx-bom-$v.schema.json" "$E/$v"/invalid-*.json >out.$v &&
		! grep -q "^ok " out.$v &&
		[ "$(grep -c "^invalid " out.$v)" = "$(ls "$E/$v"/invalid-*.json | wc -l)" ] || exit 1
		n=$((n + $(grep -c "^invalid " out.$v)))
	done &&
	[ "$n" -ge 40 ]
'

corpus_case 'the validator resolves the SPDX and JSF sub-schemas offline' '
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" "$E/1.6/valid-license-id-1.6.json" "$E/1.6/valid-signatures-1.6.json" >out &&
	cp "$E/1.6/valid-license-id-1.6.json" bad.json &&
	sed -i "0,/\"id\": \"[A-Za-z0-9.-]*\"/s//\"id\": \"Not-A-License\"/" bad.json &&
	! validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" bad.json >out
'

test_case 'the validator resolves the SPDX licence sub-schema offline (1.6 and 1.7)' '
	for v in 1.6 1.7; do
		printf "%s" "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"$v\", \"components\": [
			{\"type\": \"library\", \"name\": \"x\", \"licenses\": [{\"license\": {\"id\": \"Apache-2.0\"}}]}]}" >good.$v.json &&
		sed "s/Apache-2.0/Not-A-License/" good.$v.json >bad.$v.json &&
		validate "$SCHEMAS/cyclonedx-bom-$v.schema.json" good.$v.json >out &&
		! validate "$SCHEMAS/cyclonedx-bom-$v.schema.json" bad.$v.json >out &&
		grep -q "Not-A-License" out || exit 1
	done
'

corpus_case 'BOMs of every npm fixture and real project validate (CycloneDX 1.6, 1.7, SPDX 2.3)' '
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

corpus_case 'a partial BOM (unreadable inputs) still validates and says so' '
	{ test -p fifo || mkfifo fifo; } &&
	expect_code 3 vouch sbom "$L/javascript-bunlock/bad-tuple.json5" fifo >p.json 2>/dev/null &&
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" p.json >/dev/null &&
	expect_code 3 vouch sbom --format spdx "$L/javascript-bunlock/bad-tuple.json5" >s.json 2>/dev/null &&
	validate "$SCHEMAS/spdx-2.3.schema.json" s.json >/dev/null &&
	grep -q "vouch:complete=false" s.json
'

# the same on the fixtures alone, without the corpus
test_case 'BOMs of the npm fixtures and of a partial run validate (CycloneDX 1.6, 1.7)' '
	mkdir -p bad && printf "{\"lockfileVersion\": 3, \"packages\": [" >bad/package-lock.json &&
	for f in "$FIXTURES/npm/small" "$FIXTURES/npm/large"; do
		vouch sbom "$f" >$(basename $f).cdx16.json &&
		vouch sbom --spec-version 1.7 "$f" >$(basename $f).cdx17.json || exit 1
	done &&
	{ test -p fifo || mkfifo fifo; } &&
	expect_code 3 vouch sbom bad/package-lock.json fifo >partial.cdx16.json 2>/dev/null &&
	expect_code 3 vouch sbom --spec-version 1.7 bad/package-lock.json >partial.cdx17.json 2>/dev/null &&
	grep -q "vouch:complete" partial.cdx16.json &&
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" *.cdx16.json >v16 &&
	validate "$SCHEMAS/cyclonedx-bom-1.7.schema.json" *.cdx17.json >v17 &&
	[ "$(grep -c "^ok " v16)" = 3 ] && [ "$(grep -c "^ok " v17)" = 3 ]
'

schema_case spdx-2.3.schema.json 'SPDX 2.3 of the npm fixtures and of a partial run validates' '
	for f in "$FIXTURES/npm/small" "$FIXTURES/npm/large"; do
		vouch sbom --format spdx "$f" >$(basename $f).spdx.json || exit 1
	done &&
	expect_code 3 vouch sbom --format spdx bad/package-lock.json >partial.spdx.json 2>/dev/null &&
	grep -q "vouch:complete=false" partial.spdx.json &&
	validate "$SCHEMAS/spdx-2.3.schema.json" *.spdx.json >vs &&
	[ "$(grep -c "^ok " vs)" = 3 ]
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
