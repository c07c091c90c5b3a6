#!/usr/bin/env bash
# npm package-lock.json / npm-shrinkwrap.json v1, v2, v3 on the shared corpus.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
need_corpus
export D="$CORPUS/lockfiles/javascript-packagelockjson"

test_case 'v1: nested dependencies and aliases (the real package)' '
	expect_purls "$D/alias.v1.json" <<-X
	pkg:npm/%40babel/code-frame@7.0.0
	pkg:npm/string-width@4.2.0
	pkg:npm/string-width@5.1.2
	X
'

test_case 'v2: install paths, nested copies, the root package' '
	expect_purls "$D/nested-dependencies.v2.json" <<-X
	pkg:npm/my-library
	pkg:npm/postcss-calc@7.0.1
	pkg:npm/postcss@6.0.23
	pkg:npm/postcss@7.0.16
	pkg:npm/supports-color@5.5.0
	pkg:npm/supports-color@6.1.0
	X
'

test_case 'v2: node lookup picks the nested copy for the dependency graph' '
	vouch sbom "$D/nested-dependencies.v2.json" >bom.json &&
	python3 -c "
import json; d=json.load(open(\"bom.json\"))
deps={x[\"ref\"]: x[\"dependsOn\"] for x in d[\"dependencies\"]}
assert \"pkg:npm/postcss@7.0.16\" in deps[\"pkg:npm/postcss-calc@7.0.1\"], deps
assert \"pkg:npm/postcss@6.0.23\" not in deps[\"pkg:npm/postcss-calc@7.0.1\"], deps
assert \"pkg:npm/supports-color@6.1.0\" in deps[\"pkg:npm/postcss@7.0.16\"], deps
assert \"pkg:npm/supports-color@5.5.0\" in deps[\"pkg:npm/postcss@6.0.23\"], deps"
'

test_case 'v2: aliases by name field, v3 bundled and dev flags, file: folders are local' '
	vouch sbom "$D/alias.v2.json" >a.json && purls --flags a.json >a &&
	grep -qx "pkg:npm/string-width@4.2.0 required direct" a &&
	grep -q "\"vouch:alias\"" a.json &&
	vouch sbom "$D/bundled-dependencies.v3.json" >b.json && purls --flags b.json >b &&
	grep -qx "pkg:npm/semver@7.7.2 excluded bundled,dev,direct" b &&
	grep -qx "pkg:npm/ansi-regex@6.2.2 required bundled,transitive" b &&
	grep -qx "pkg:npm/npm-bundled@1.0.0 - root" b &&
	vouch sbom "$D/files.v2.json" >c.json && purls --flags c.json >c &&
	grep -qx "pkg:npm/etag@1.8.0 excluded dev,local" c
'

test_case 'integrity becomes hashes, license becomes an expression' '
	vouch sbom "$D/bundled-dependencies.v3.json" >b.json &&
	python3 -c "
import json; d=json.load(open(\"b.json\"))
c={x[\"purl\"]: x for x in d[\"components\"]}[\"pkg:npm/strip-ansi@7.1.2\"]
assert c[\"hashes\"][0][\"alg\"]==\"SHA-512\" and len(c[\"hashes\"][0][\"content\"])==128, c
assert c[\"licenses\"]==[{\"expression\": \"MIT\"}], c
assert c[\"evidence\"][\"occurrences\"][0][\"line\"]==49, c[\"evidence\"]"
'

test_case 'git dependencies keep their commit and source' '
	vouch sbom "$D/commits.v1.json" >c.json && purls c.json >p &&
	grep -qx "pkg:npm/is-number-2@d5ac0584ee9ae7bd9288220a39780f155b9ad4c8" p &&
	grep -q "github:jonschlinkert/is-number#d5ac0584ee9ae7bd9288220a39780f155b9ad4c8" c.json
'

test_case 'npm-shrinkwrap.json is read, alone and beside package-lock.json' '
	vouch sbom "$D/npm-shrinkwrap-only" >a.json && [ "$(files_read a.json)" = 1 ] &&
	vouch sbom "$D/both" >b.json && [ "$(files_read b.json)" = 2 ]
'

test_case 'every fixture is read; the malformed ones are named, exit 3' '
	n=$(fixture_tree "$D" package-lock.json) && [ "$n" -ge 30 ] &&
	expect_code 3 vouch sbom t >bom.json 2>err &&
	[ "$(files_read bom.json)" = "$n" ] &&
	sed -n "s/^vouch: \(t\/[^:]*\):.*/\1/p" err | sort -u >bad &&
	printf "%s\n" t/not-json.txt/package-lock.json t/null.v2.jsontest/package-lock.json >want &&
	cmp_output want bad
'

test_case 'oddly named fixtures are recognised when given directly' '
	for f in "$D"/*.v1.json "$D"/*.v2.json "$D"/*.v3.json; do
		vouch sbom "$f" >/dev/null 2>err || { echo "$f"; cat err; exit 1; }
	done &&
	expect_code 3 vouch sbom --type npm-package-lock "$D/null.v2.jsontest" >/dev/null 2>err &&
	grep -q "null.v2.jsontest" err &&
	expect_code 3 vouch sbom --type npm-package-lock "$D/not-json.txt" >/dev/null 2>err &&
	grep -q "not-json.txt:.*invalid JSON" err
'
test_done
