#!/usr/bin/env bash
# vouch sbom on Cargo.lock (shared corpus).
. "$(dirname "$0")/lib.sh"
need_corpus
export L="$CORPUS/lockfiles"
. "$VOUCH_TOP/tests/lib/sbom.sh"

test_case 'Cargo.lock: every fixture read, the malformed one named, exit 3' '
	n=$(tree_of rust-cargolock Cargo.lock) && [ "$n" = 9 ] &&
	expect_code 3 vouch sbom t >bom.json 2>err &&
	[ "$(files_read bom.json)" = 9 ] &&
	named err >bad && echo t/not-toml.txt/Cargo.lock >want && cmp_output want bad
'

test_case 'Cargo.lock: the package set, hashes and edges of many-packages.lock' '
	expect_purls "$L/rust-cargolock/many-packages.lock" <<-X
	pkg:cargo/aho-corasick@0.7.18
	pkg:cargo/libc@0.2.140
	pkg:cargo/memchr@2.4.1
	pkg:cargo/syn@1.0.109
	pkg:cargo/syn@2.0.15
	pkg:cargo/zstd@0.11.2
	X
	python3 -c "
import json; d=json.load(open(\"expect.bom\"))
c={x[\"purl\"]: x for x in d[\"components\"]}
assert c[\"pkg:cargo/memchr@2.4.1\"][\"hashes\"]==[{\"alg\": \"SHA-256\", \"content\": \"308ccb09229149297b6740fe07ab686b9ecf21b7246deb8092004578e979dcc5\"}]
deps={x[\"ref\"]: x[\"dependsOn\"] for x in d[\"dependencies\"]}
assert deps[\"pkg:cargo/aho-corasick@0.7.18\"]==[\"pkg:cargo/memchr@2.4.1\"], deps" &&
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" expect.bom >/dev/null &&
	vouch sbom --format spdx "$L/rust-cargolock/many-packages.lock" >s.json &&
	validate "$SCHEMAS/spdx-2.3.schema.json" s.json >/dev/null
'

test_done
