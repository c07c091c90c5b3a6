#!/usr/bin/env bash
# bun.lock (JSON with trailing commas) on the shared corpus.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
export D="$CORPUS/lockfiles/javascript-bunlock"

corpus_case 'nested install paths resolve to the nearest copy; dev by reachability' '
	vouch sbom "$D/nested-dependencies.json5" >a.json && purls --flags a.json >f &&
	printf "%s\n" \
		"pkg:npm/ansi-styles@4.3.0 excluded dev,transitive" \
		"pkg:npm/bun-lockfile - root" \
		"pkg:npm/chalk@4.1.2 excluded dev,direct" \
		"pkg:npm/color-convert@2.0.1 excluded dev,transitive" \
		"pkg:npm/color-name@1.1.4 excluded dev,transitive" \
		"pkg:npm/has-flag@2.0.0 required direct" \
		"pkg:npm/has-flag@3.0.0 required transitive" \
		"pkg:npm/has-flag@4.0.0 excluded dev,transitive" \
		"pkg:npm/supports-color@5.5.0 required direct" \
		"pkg:npm/supports-color@7.2.0 excluded dev,transitive" >want &&
	cmp_output want f &&
	python3 -c "
import json; d=json.load(open(\"a.json\"))
deps={x[\"ref\"]: x[\"dependsOn\"] for x in d[\"dependencies\"]}
assert deps[\"pkg:npm/supports-color@7.2.0\"]==[\"pkg:npm/has-flag@4.0.0\"], deps
assert deps[\"pkg:npm/supports-color@5.5.0\"]==[\"pkg:npm/has-flag@3.0.0\"], deps"
'

corpus_case 'aliases are the real package; optional by reachability' '
	expect_purls "$D/alias.json5" <<-X &&
	pkg:npm/bun-lockfile
	pkg:npm/has-flag@3.0.0
	pkg:npm/has-flag@4.0.0
	pkg:npm/supports-color@6.1.0
	pkg:npm/supports-color@7.2.0
	X
	vouch sbom "$D/optional-package.json5" >o.json && purls --flags o.json >f &&
	grep -qx "pkg:npm/nan@2.22.0 optional optional,transitive" f
'

corpus_case 'git and file sources' '
	vouch sbom "$D/files.json5" >f.json && purls --flags f.json >f &&
	grep -qx "pkg:npm/etag excluded dev,direct,local" f &&
	vouch sbom "$D/commits.json5" >c.json && purls c.json >p &&
	grep -qx "pkg:npm/%40prettier/sync@527e8ce" p
'

corpus_case 'a bad tuple is named with its line, the rest is read, exit 3' '
	expect_code 3 vouch sbom "$D/bad-tuple.json5" >a.json 2>err &&
	grep -q "bad-tuple.json5:12: package .wrappy-bad1." err &&
	grep -q "bad-tuple.json5:14: package .wrappy-bad2." err &&
	purls a.json >p && grep -qx "pkg:npm/wrappy@1.0.2" p
'

corpus_case 'every fixture is read; the malformed ones are named, exit 3' '
	n=$(fixture_tree "$D" bun.lock) && [ "$n" -ge 19 ] &&
	expect_code 3 vouch sbom t >bom.json 2>err &&
	[ "$(files_read bom.json)" = "$n" ] &&
	sed -n "s/^vouch: \(t\/[^:]*\):.*/\1/p" err | sort -u >bad &&
	printf "%s\n" t/bad-tuple.json5/bun.lock t/not-json.txt/bun.lock >want &&
	cmp_output want bad
'

corpus_case 'oddly named fixtures are recognised when given directly' '
	for f in "$D"/*.json5; do
		case $f in */bad-tuple.json5|*/empty.json5) continue ;; esac
		vouch sbom "$f" >/dev/null 2>err || { echo "$f"; cat err; exit 1; }
	done &&
	vouch sbom --type npm-bun-lock "$D/empty.json5" >/dev/null
'

test_case 'comments and trailing commas; broken JSON is named with its line' '
	printf "{\n  // bun\n  \"lockfileVersion\": 1, /* x */\n  \"workspaces\": { \"\": { \"name\": \"a\", }, },\n  \"packages\": {\n    \"x\": [\"x@1.0.0\", \"\", {}, \"\",],\n  },\n}\n" >bun.lock &&
	expect_purls bun.lock <<-X &&
	pkg:npm/a
	pkg:npm/x@1.0.0
	X
	printf "{\n  \"lockfileVersion\": 1,\n  \"packages\": {\n    \"x\": [\"x@1.0.0\" \"\"],\n  },\n}\n" >bun.lock &&
	expect_code 3 vouch sbom bun.lock >/dev/null 2>err && grep -q "^vouch: bun.lock:4: invalid JSON" err
'
test_done
