#!/usr/bin/env bash
# vouch sbom on Conan conan.lock and R renv.lock.
. "$(dirname "$0")/lib.sh"
need_corpus
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"
export L="$CORPUS/lockfiles"

test_case 'conan.lock: every fixture read, the malformed ones named, exit 3' '
	corpus_folder cpp-conanlock conan.lock 24 no-name.v1.json no-name.v1.revisions.json \
		no-name.v2.json not-json.txt null.v2.jsontest
'

test_case 'conan.lock: the package set of nested-dependencies.v1.json, graph and flags' '
	cp "$L/cpp-conanlock/nested-dependencies.v1.json" conan.lock &&
	expect_purls conan.lock <<-X
	pkg:conan/brotli@1.0.9
	pkg:conan/bzip2@1.0.8
	pkg:conan/freetype@2.12.1
	pkg:conan/libpng@1.6.39
	pkg:conan/test@1.0
	pkg:conan/zlib@1.2.13
	X
	vouch sbom conan.lock >c.json && purls --flags c.json >f &&
	grep -qx "pkg:conan/freetype@2.12.1 required direct" f &&
	grep -qx "pkg:conan/zlib@1.2.13 required transitive" f &&
	python3 -c "
import json; d=json.load(open(\"c.json\"))
deps={x[\"ref\"]: x[\"dependsOn\"] for x in d[\"dependencies\"]}
assert deps[\"pkg:conan/test@1.0\"] == [\"pkg:conan/freetype@2.12.1\"], deps
assert deps[\"pkg:conan/libpng@1.6.39\"] == [\"pkg:conan/zlib@1.2.13\"], deps"
'

test_case 'conan.lock: build requirements are dev (Conan 1 and 2)' '
	cp "$L/cpp-conanlock/one-package-dev.v2.json" conan.lock &&
	vouch sbom conan.lock >d.json && purls --flags d.json >f &&
	grep -qx "pkg:conan/ninja@1.11.1?rrev=a2f0b832705907016f336839f96963f8 excluded dev" f
'

test_case 'renv.lock: every fixture read, the malformed one named, exit 3' '
	corpus_folder r-renvlock renv.lock 7 not-json.txt
'

test_case 'renv.lock: the package set of with-mixed-sources.lock' '
	cp "$L/r-renvlock/with-mixed-sources.lock" renv.lock &&
	expect_purls renv.lock <<-X
	pkg:cran/markdown@1.0
	pkg:cran/mime@0.12.1
	X
	vouch sbom renv.lock >r.json &&
	comp r.json pkg:cran/mime@0.12.1 | grep -q "\"name\": \"vouch:git-commit\", \"value\": \"1763e0dc"
'

test_done
