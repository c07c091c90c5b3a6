#!/usr/bin/env bash
# vouch sbom on Spack installations: PREFIX/.spack/spec.json. OSV has no Spack ecosystem,
# so there is no scan case.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"

# tests/fixtures/spack/spec.json: zlib-ng as Spack 0.23 records it (spec format 5), with a
# link and a build dependency, and gcc found on the system (external).
export FX="$VOUCH_TOP/tests/fixtures/spack"

test_case 'spec.json in an install tree: namespace, sha qualifier, externals, edges by hash' '
	mkdir -p opt/spack/linux-skylake/zlib-ng-2.2.1-yqcrrm6/.spack &&
	cp "$FX/spec.json" opt/spack/linux-skylake/zlib-ng-2.2.1-yqcrrm6/.spack/ &&
	vouch sbom opt >b.json 2>err &&
	purls b.json >p &&
	cat >want <<-X &&
	pkg:spack/builtin/gcc-runtime@13.3.0?sha=l4tb2r6hhvx2fjqiecaesuf3pdusajjw
	pkg:spack/builtin/gcc@13.3.0?sha=tatt476risw6szrf6q6dfxyxhhlp6ou7
	pkg:spack/builtin/gmake@4.4.1?sha=e2bq6relcp3zp3cg7zq4ced6obys5bts
	pkg:spack/builtin/zlib-ng@2.2.1?sha=yqcrrm6v4bitn7qtnrpqkqaafzhbhpvh
	X
	cmp_output want p &&
	python3 -c "
import json; d = json.load(open(\"b.json\"))
deps = {x[\"ref\"]: sorted(x.get(\"dependsOn\", [])) for x in d[\"dependencies\"]}
z = \"pkg:spack/builtin/zlib-ng@2.2.1?sha=yqcrrm6v4bitn7qtnrpqkqaafzhbhpvh\"
assert deps[z] == [\"pkg:spack/builtin/gcc-runtime@13.3.0?sha=l4tb2r6hhvx2fjqiecaesuf3pdusajjw\", \"pkg:spack/builtin/gmake@4.4.1?sha=e2bq6relcp3zp3cg7zq4ced6obys5bts\"], deps
c = {x[\"purl\"]: x for x in d[\"components\"]}
g = c[\"pkg:spack/builtin/gcc@13.3.0?sha=tatt476risw6szrf6q6dfxyxhhlp6ou7\"]
assert {\"name\": \"vouch:spack-external\", \"value\": \"/usr\"} in g[\"properties\"], g
# the DAG hash is a build configuration id, not a file hash
assert all(\"hashes\" not in x for x in d[\"components\"])
"
'

test_case 'errors name file and line; the other nodes are read (exit 3)' '
	mkdir -p e/.spack && sed "s/\"version\": \"4.4.1\",/\"versio\": \"4.4.1\",/" "$FX/spec.json" >e/.spack/spec.json &&
	expect_code 3 vouch sbom e >b.json 2>err &&
	grep -q "e/.spack/spec.json:39: node 3 has no version" err &&
	[ "$(purls b.json | wc -l)" = 3 ] &&
	mkdir -p n/.spack && printf "{\"spec\": {\"_meta\": {\"version\": 5}}}\n" >n/.spack/spec.json &&
	expect_code 3 vouch sbom n 2>err2 && grep -q "not a Spack spec.json" err2
'

need_corpus
export L="$CORPUS/lockfiles/os-spack"
# validspec.json: six nodes, two of them external; emptynodesspec.json: no nodes, nothing
# found and nothing wrong; invalidspec.jsontest is not JSON (given with --type).
test_case 'the corpus spec.json fixtures: each gives what it holds' '
	vouch sbom "$L/validspec.json" >b.json && purls b.json >p && [ "$(wc -l <p)" = 6 ] &&
	grep -qx "pkg:spack/libelf@0.8.13?sha=dsohcyk45wchbd364rjio7b3sj2bucgc" p &&
	vouch sbom "$L/emptynodesspec.json" >e.json && [ -z "$(purls e.json)" ] &&
	expect_code 3 vouch sbom --type spack-spec "$L/invalidspec.jsontest" >/dev/null 2>err &&
	grep -q "invalidspec.jsontest:1: not valid JSON" err
'

test_done
