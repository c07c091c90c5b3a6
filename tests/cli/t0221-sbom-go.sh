#!/usr/bin/env bash
# vouch sbom on Go inputs: go.mod with go.sum, vendor/modules.txt (shared corpus).
. "$(dirname "$0")/lib.sh"
need_corpus
export L="$CORPUS/lockfiles"
. "$VOUCH_TOP/tests/lib/sbom.sh"

test_case 'go.mod: every fixture read (with its .sum as go.sum), the malformed ones named' '
	rm -rf t && n=0 &&
	for f in "$L"/golang-gomod/*.mod; do
		b=$(basename "$f" .mod) && mkdir -p "t/$b" && cp "$f" "t/$b/go.mod" && n=$((n + 1)) &&
		if [ -f "${f%.mod}.sum" ]; then cp "${f%.mod}.sum" "t/$b/go.sum"; fi
	done && [ "$n" = 15 ] &&
	expect_code 3 vouch sbom t >bom.json 2>err &&
	[ "$(files_read bom.json)" = 15 ] &&
	named err >bad &&
	printf "%s\n" t/indirect-1.23/go.sum t/not-go-mod/go.mod >want && cmp_output want bad
'

test_case 'go.mod: the package set of indirect-1.16.mod with its go.sum' '
	mkdir -p m && cp "$L/golang-gomod/indirect-1.16.mod" m/go.mod &&
	cp "$L/golang-gomod/indirect-1.16.sum" m/go.sum &&
	expect_purls m <<-X
	pkg:golang/github.com/davecgh/go-spew@v1.1.1
	pkg:golang/github.com/pmezard/go-difflib@v1.0.0
	pkg:golang/github.com/sirupsen/logrus@v1.9.3
	pkg:golang/github.com/stretchr/testify@v1.7.0
	pkg:golang/golang.org/x/sys@v0.0.0-20220715151400-c0bba94af5f8
	pkg:golang/gopkg.in/yaml.v3@v3.0.0-20200313102051-9f266ea9e77c
	pkg:golang/stdlib@1.16
	pkg:golang/test
	X
	python3 -c "
import json; d=json.load(open(\"expect.bom\"))
c={x[\"purl\"]: x for x in d[\"components\"]}
l=c[\"pkg:golang/github.com/sirupsen/logrus@v1.9.3\"]
props={p[\"name\"]: p[\"value\"] for p in l[\"properties\"]}
assert props[\"vouch:go-sum-h1\"]==\"h1:dueUQJ1C2q9oE3F7wvmSGAaVtTmUizReu6fjN8uqzbQ=\", props
deps={x[\"ref\"]: x[\"dependsOn\"] for x in d[\"dependencies\"]}
assert deps[\"pkg:golang/test\"]==[\"pkg:golang/github.com/sirupsen/logrus@v1.9.3\", \"pkg:golang/stdlib@1.16\"], deps"
'

test_case 'go.mod: replacements ship, local ones are local' '
	expect_purls "$L/golang-gomod/replace-local.mod" "$L/golang-gomod/replace-different.mod" <<-X
	pkg:golang/example.com/fork/foe@v1.4.2
	pkg:golang/example.com/fork/foe@v1.4.5
	pkg:golang/github.com/BurntSushi/toml@v1.0.0
	pkg:golang/golang.org/x/net
	X
'

test_case 'vendor/modules.txt: every fixture read, the package set of valid' '
	expect_code 3 vouch sbom "$L/golang-vendormodules" >bom.json 2>err &&
	[ "$(files_read bom.json)" = 3 ] &&
	named err | sed "s#.*/golang-vendormodules/##" >bad &&
	echo invalid/vendor/modules.txt >want && cmp_output want bad &&
	expect_purls "$L/golang-vendormodules/valid" <<-X
	pkg:golang/example.com/afterheaderonly@v0.3.0
	pkg:golang/example.com/fork/net@v1.4.5
	pkg:golang/example.com/local
	pkg:golang/example.com/transitive@v0.2.0
	pkg:golang/example.com/wildcard-fork@v0.2.0
	pkg:golang/github.com/BurntSushi/toml@v1.2.1
	pkg:golang/github.com/example/incompatible@v2.0.0%2Bincompatible
	pkg:golang/golang.org/x/crypto@v0.31.0
	X
'

test_case 'Go BOMs validate (CycloneDX 1.6, 1.7, SPDX 2.3)' '
	mkdir -p m && cp "$L/golang-gomod/indirect-1.16.mod" m/go.mod &&
	cp "$L/golang-gomod/indirect-1.16.sum" m/go.sum &&
	vouch sbom m >a.json && vouch sbom --spec-version 1.7 m >b.json &&
	vouch sbom --format spdx "$L/golang-vendormodules/valid" >c.json &&
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" a.json >/dev/null &&
	validate "$SCHEMAS/cyclonedx-bom-1.7.schema.json" b.json >/dev/null &&
	validate "$SCHEMAS/spdx-2.3.schema.json" c.json >/dev/null
'

test_done
