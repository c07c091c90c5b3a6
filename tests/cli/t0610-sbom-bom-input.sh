#!/usr/bin/env bash
# A CycloneDX or SPDX JSON document given as PATH is read, not inventoried
# again: round trips through vouch keep purls, versions, hashes, licenses and
# edges; real documents (the CycloneDX corpus examples, osv-scalibr's BOM
# fixtures) read without surprises; a BOM inside a folder is not read; the
# formats vouch does not read say so.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
# cases on the corpus's examples skip without it; the tree is made of fixtures
export L="$CORPUS/lockfiles" E="$CORPUS/cyclonedx-examples"

view() { "$VOUCH_TOP/tests/lib/bom-view.py" "$@"; }
export -f view

# a tree of several ecosystems, with hashes, licenses, scopes and edges
mk_tree() {
	rm -rf tree && mkdir -p tree/npm tree/cargo tree/go tree/py tree/gem &&
		cp -r "$FIXTURES/npm/small/." tree/npm/ &&
		cp "$FIXTURES/tree/Cargo.lock" tree/cargo/Cargo.lock &&
		cp "$FIXTURES/tree/go.mod" tree/go/go.mod &&
		cp "$FIXTURES/tree/poetry.lock" tree/py/poetry.lock &&
		cp "$FIXTURES/tree/Gemfile.lock" tree/gem/Gemfile.lock
}
export -f mk_tree

test_case 'CycloneDX round trip: a tree, its BOM read back: same packages, hashes, licenses, edges' '
	for t in "$FIXTURES/npm/small" "$FIXTURES/npm/large"; do
		vouch sbom "$t" >a.cdx.json &&
		vouch sbom a.cdx.json >b.cdx.json &&
		view a.cdx.json >va && view b.cdx.json >vb &&
		cmp_output va vb &&
		[ "$(grep -c "^hash " va)" -ge 60 ] && [ "$(grep -c "^edge " va)" -ge 60 ] &&
		grep -q "^root " va || exit 1
	done &&
	grep -q "license=MIT" va
'

test_case 'a tree of five ecosystems (no single root) round-trips through CycloneDX and SPDX' '
	mk_tree &&
	vouch sbom tree >a.cdx.json &&
	vouch sbom a.cdx.json >b.cdx.json &&
	vouch sbom --format spdx tree >a.spdx.json &&
	vouch sbom --format spdx a.spdx.json >b.spdx.json &&
	vouch sbom a.spdx.json >c.cdx.json &&
	view a.cdx.json >va && view b.cdx.json >vb && view b.spdx.json >vs && view c.cdx.json >vc &&
	cmp_output va vb && cmp_output va vs && cmp_output va vc &&
	! grep -q "^root " va &&
	for t in npm cargo golang pypi gem; do grep -q "^pkg pkg:$t/" va || exit 1; done &&
	purls --flags a.cdx.json >fa && purls --flags b.cdx.json >fb && cmp_output fa fb
'

test_case 'SPDX round trip of a project with a root package: same packages, checksums, edges' '
	vouch sbom --format spdx "$FIXTURES/npm/large" >a.spdx.json &&
	vouch sbom --format spdx a.spdx.json >b.spdx.json &&
	view a.spdx.json >va && view b.spdx.json >vb && cmp_output va vb &&
	grep -q "^root pkg:npm/" vb && [ "$(grep -c "^edge " vb)" -ge 100 ]
'

test_case 'the BOM read is the evidence: one file read, by the cyclonedx extractor, lines of the purls' '
	vouch sbom "$FIXTURES/npm/small" >a.cdx.json &&
	vouch sbom a.cdx.json >b.cdx.json &&
	[ "$(files_read b.cdx.json)" = 1 ] &&
	python3 - <<-"PY"
	import json
	lines = open("a.cdx.json").read().split("\n")
	b = json.load(open("b.cdx.json"))
	n = 0
	for c in b["components"] + [b["metadata"]["component"]]:
	    assert [m["value"] for m in c["evidence"]["identity"][0]["methods"]] == ["cyclonedx"], c
	    for o in c["evidence"]["occurrences"]:
	        assert o["location"] == "a.cdx.json", o
	        assert c["purl"] in lines[o["line"] - 1], (c["purl"], o)
	        n += 1
	assert n >= 60, n
	PY
'

schema_case 'cyclonedx-bom-1.6.schema.json cyclonedx-bom-1.7.schema.json' \
	'what vouch writes from a BOM of the tree validates (CycloneDX 1.6, 1.7)' '
	mk_tree && vouch sbom tree >a.cdx.json && vouch sbom --format spdx tree >a.spdx.json &&
	mkdir -p fx && i=0 &&
	for f in a.cdx.json a.spdx.json; do
		i=$((i + 1))
		vouch sbom "$f" >fx/$i.cdx16.json && vouch sbom --spec-version 1.7 "$f" >fx/$i.cdx17.json || exit 1
	done &&
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" a.cdx.json fx/*.cdx16.json >v16 &&
	validate "$SCHEMAS/cyclonedx-bom-1.7.schema.json" fx/*.cdx17.json >v17 &&
	[ "$(grep -c "^ok " v16)" = 3 ] && [ "$(grep -c "^ok " v17)" = 2 ]
'

if ! have_schemas cyclonedx-bom-1.6.schema.json cyclonedx-bom-1.7.schema.json spdx-2.3.schema.json; then
	test_skip 'what vouch writes from a BOM validates (CycloneDX 1.6, 1.7, SPDX 2.3)' "$schema_reason"
else
	corpus_case 'what vouch writes from a BOM validates (CycloneDX 1.6, 1.7, SPDX 2.3)' '
	mk_tree && vouch sbom tree >a.cdx.json && vouch sbom --format spdx tree >a.spdx.json &&
	mkdir -p out && i=0 &&
	for f in a.cdx.json a.spdx.json "$E"/1.7/valid-*.json "$L"/sbom-cdx/*.json "$L"/sbom-spdx/*.json; do
		i=$((i + 1))
		vouch sbom "$f" >out/$i.cdx16.json 2>/dev/null || true
		[ $i -gt 2 ] || vouch sbom --spec-version 1.7 "$f" >out/$i.cdx17.json 2>/dev/null || true
		vouch sbom --format spdx "$f" >out/$i.spdx.json 2>/dev/null || true
	done &&
	[ "$i" -ge 40 ] &&
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" out/*.cdx16.json >v16 &&
	validate "$SCHEMAS/cyclonedx-bom-1.7.schema.json" out/1.cdx17.json out/2.cdx17.json >v17 &&
	validate "$SCHEMAS/spdx-2.3.schema.json" out/*.spdx.json >vs &&
	[ "$(grep -c "^ok " v16)" = "$i" ] && [ "$(grep -c "^ok " v17)" = 2 ] &&
	[ "$(grep -c "^ok " vs)" = "$i" ]
'
fi

corpus_case 'every valid CycloneDX 1.6 example reads without an error; each purl in it is listed' '
	mkdir -p ex && : >pairs &&
	for f in "$E"/1.6/valid-*.json; do
		o=ex/$(basename "$(dirname "$f")")-$(basename "$f")
		vouch sbom "$f" >"$o" 2>err || { echo "$f"; cat err; exit 1; }
		! grep -v "^vouch: note:" err || exit 1
		printf "%s %s\n" "$f" "$o" >>pairs
	done &&
	[ "$(wc -l <pairs)" -ge 30 ] &&
	python3 - <<-"PY"
	import json
	def walk(cs):
	    for c in cs:
	        if c.get("purl"):
	            yield c["purl"]
	        yield from walk(c.get("components", []))
	n = 0
	for line in open("pairs"):
	    src, out = line.split()
	    d = json.load(open(src))
	    want = set(walk(d.get("components", []) + [d.get("metadata", {}).get("component") or {}]))
	    o = json.load(open(out))
	    got = {c["purl"] for c in o["components"]} | {o["metadata"]["component"].get("purl")}
	    # vouch writes purls in canonical form: compare up to the qualifiers
	    base = {g.split("?")[0] for g in got if g}
	    missing = [p for p in want if p not in got and p.split("?")[0] not in base]
	    assert not missing, (src, missing)
	    n += len(want)
	assert n >= 10, n
	PY
'

corpus_case 'osv-scalibr BOM fixtures: purls read, subjects are roots, unread formats named' '
	vouch sbom "$L/sbom-cdx/sbom-with-nested-comps.cdx.json" >o.json &&
	purls o.json >got &&
	printf "%s\n" pkg:cargo/rustls@0.23.13 pkg:generic/Nginx@1.21.1 pkg:generic/openssl@1.1.1 >want &&
	cmp_output want got &&
	vouch sbom "$L/sbom-spdx/purl_and_cpe.spdx.json" >s.json &&
	purls s.json >s.purls && grep -qx "pkg:generic/nginx@1.21.1" s.purls &&
	expect_code 3 vouch sbom "$L/sbom-cdx/sbom.cdx.xml" >x.json 2>err &&
	grep -q "sbom.cdx.xml: CycloneDX XML is not read by vouch; convert it to JSON" err &&
	expect_code 3 vouch sbom "$L/sbom-spdx/sbom.spdx.rdf" >x.json 2>err &&
	grep -q "sbom.spdx.rdf: SPDX RDF/XML is not read by vouch" err &&
	expect_code 3 vouch sbom "$L/sbom-spdx/sbom.spdx.yml" >x.json 2>err &&
	grep -q "sbom.spdx.yml: SPDX YAML is not read by vouch" err
'

test_case 'SPDX tag-value and SPDX 3 JSON-LD: a clear error, exit 3' '
	printf "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n" >bom.spdx &&
	expect_code 3 vouch sbom bom.spdx >o.json 2>err &&
	grep -q "^vouch: bom.spdx: SPDX tag-value is not read by vouch; convert it to SPDX 2.3 JSON" err &&
	printf "{\"@context\": \"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\", \"@graph\": []}\n" >b3.json &&
	expect_code 3 vouch sbom b3.json >o.json 2>err &&
	grep -q "b3.json: SPDX 3 JSON-LD is not read by vouch" err
'

test_case 'a BOM inside a folder is not read (it would list the tree twice)' '
	mk_tree && vouch sbom tree >before.json &&
	cp before.json tree/bom.cdx.json && vouch sbom --format spdx tree >tree/npm/app.spdx.json &&
	vouch sbom tree >after.json &&
	purls before.json >p1 && purls after.json >p2 && cmp_output p1 p2 &&
	[ "$(files_read before.json)" = "$(files_read after.json)" ] &&
	! grep -q "bom.cdx.json\|app.spdx.json" after.json
'

test_case '--type cyclonedx / --type spdx read a file of any name; the wrong one is an error' '
	vouch sbom "$FIXTURES/npm/small" >a.cdx.json &&
	vouch sbom --format spdx "$FIXTURES/npm/small" >a.spdx.json &&
	cp a.cdx.json inventory.txt && cp a.spdx.json other.txt &&
	vouch sbom --type cyclonedx inventory.txt >o1.json &&
	vouch sbom --type spdx other.txt >o2.json &&
	view a.cdx.json >va && view o1.json >v1 && view o2.json >v2 &&
	cmp_output va v1 && cmp_output va v2 &&
	expect_code 3 vouch sbom --type spdx a.cdx.json >o3.json 2>err &&
	grep -q "a.cdx.json: not an SPDX 2 document" err &&
	expect_code 3 vouch sbom --type cyclonedx a.spdx.json >o4.json 2>err &&
	grep -q "a.spdx.json: not a CycloneDX document" err &&
	vouch sbom --list-types >types && grep -q "^cyclonedx " types && grep -q "^spdx " types
'

test_case 'malformed entries are named (index, bom-ref); the rest is read; exit 3' '
	cat >bad.json <<-"EOF"
	{"bomFormat": "CycloneDX", "specVersion": "1.4",
	 "components": [
	  {"type": "library", "bom-ref": "ok", "name": "a", "purl": "pkg:npm/a@1.0.0"},
	  {"type": "library", "bom-ref": "r2", "name": "b", "purl": "b@1"},
	  "not an object",
	  {"type": "library", "name": "c", "purl": "pkg:npm/c@2.0.0",
	   "hashes": [{"alg": "SHA-256", "content": "xyz"}, {"alg": "CRC32", "content": "00"}]},
	  {"type": "library"}
	 ],
	 "dependencies": [{"ref": "ok", "dependsOn": ["r2"]}, {"dependsOn": []}]}
	EOF
	expect_code 3 vouch sbom bad.json >o.json 2>err &&
	purls o.json >got && printf "pkg:npm/a@1.0.0\npkg:npm/c@2.0.0\n" >want && cmp_output want got &&
	grep -q "^vouch: bad.json:4: components\[1\] (bom-ref .r2.): .b@1. is not a valid purl" err &&
	grep -q "^vouch: bad.json: components\[2\] is not an object: not read" err &&
	grep -q "components\[3\]: SHA-256 hash .xyz. is not 64 hex digits" err &&
	grep -q "components\[3\]: hash algorithm .CRC32. is not a CycloneDX one" err &&
	grep -q "components\[4\] has neither a purl nor a name" err &&
	grep -q "dependencies\[1\] has no \"ref\"" err &&
	grep -q "\"vouch:complete\"" o.json &&
	python3 -c "import json;d=json.load(open(\"o.json\"));p={x[\"name\"]:x[\"value\"] for x in d[\"metadata\"][\"properties\"]};assert p[\"vouch:complete\"]==\"false\""
'

test_done
