#!/usr/bin/env bash
# yarn.lock, classic v1 and berry, on the shared corpus.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
export D="$CORPUS/lockfiles/javascript-yarnlock"

corpus_case 'v1: aliases are the real packages' '
	expect_purls "$D/with-aliases.v1.lock" <<-X
	pkg:npm/%40babel/helper-validator-identifier@7.22.20
	pkg:npm/ansi-regex@5.0.1
	pkg:npm/ansi-regex@6.0.1
	X
'

corpus_case 'v1: quoted keys, several descriptors, integrity and edges' '
	expect_purls "$D/with-quotes.v1.lock" <<-X &&
	pkg:npm/concat-map@0.0.1
	pkg:npm/concat-stream@1.6.2
	X
	vouch sbom "$D/multiple-constraints.v1.lock" >m.json && purls m.json >p &&
	printf "%s\n" pkg:npm/%40babel/code-frame@7.12.13 pkg:npm/domelementtype@1.3.1 >want &&
	cmp_output want p &&
	vouch sbom "$D/two-packages.v1.lock" >t.json &&
	python3 -c "
import json; d=json.load(open(\"t.json\"))
c={x[\"purl\"]: x for x in d[\"components\"]}
assert c[\"pkg:npm/concat-map@0.0.1\"][\"hashes\"][0][\"alg\"]==\"SHA-1\", c"
'

corpus_case 'berry: resolution names the package, the root workspace is the subject' '
	expect_purls "$D/with-aliases.v2.lock" <<-X &&
	pkg:npm/%40babel/helper-validator-identifier@7.22.20
	pkg:npm/ansi-regex@5.0.1
	pkg:npm/ansi-regex@6.0.1
	pkg:npm/mine
	X
	vouch sbom "$D/with-aliases.v2.lock" >a.json &&
	python3 -c "
import json; d=json.load(open(\"a.json\"))
assert d[\"metadata\"][\"component\"][\"purl\"]==\"pkg:npm/mine\"
deps={x[\"ref\"]: x[\"dependsOn\"] for x in d[\"dependencies\"]}
assert deps[\"pkg:npm/mine\"]==[\"pkg:npm/%40babel/helper-validator-identifier@7.22.20\", \"pkg:npm/ansi-regex@5.0.1\", \"pkg:npm/ansi-regex@6.0.1\"], deps"
'

corpus_case 'berry: workspaces are local, their dependencies direct' '
	vouch sbom "$D/exclude-root.v2.lock" >a.json && purls --flags a.json >p &&
	grep -qx "pkg:npm/%40ws/ansi-regex required direct,local" p &&
	grep -qx "pkg:npm/ansi-regex@6.1.0 required direct" p
'

corpus_case 'v1 beside package.json: root, direct and dev from the manifest' '
	mkdir proj && cp "$D/two-packages.v1.lock" proj/yarn.lock &&
	echo "{\"name\":\"app\",\"version\":\"1.0.0\",\"devDependencies\":{\"concat-stream\":\"^1.5.0\"}}" >proj/package.json &&
	vouch sbom proj >a.json && purls --flags a.json >f &&
	grep -qx "pkg:npm/app@1.0.0 - root" f &&
	grep -qx "pkg:npm/concat-stream@1.6.2 excluded dev,direct" f
'

corpus_case 'every fixture is read (no malformed ones in this folder)' '
	n=$(fixture_tree "$D" yarn.lock) && [ "$n" -ge 26 ] &&
	vouch sbom t >bom.json 2>err && [ ! -s err ] &&
	[ "$(files_read bom.json)" = "$n" ]
'

corpus_case 'oddly named fixtures are recognised when given directly' '
	for f in "$D"/*.lock; do
		vouch sbom "$f" >/dev/null 2>err || { echo "$f"; cat err; exit 1; }
	done
'

test_case 'a broken entry is named with its line, the rest is read, exit 3' '
	printf "# yarn lockfile v1\n\nleft-pad@^1:\n  version \"1.3.0\"\n\nbroken line here\n  version \"2\"\n" >yarn.lock &&
	expect_code 3 vouch sbom yarn.lock >a.json 2>err &&
	grep -q "^vouch: yarn.lock:6: " err &&
	[ "$(purls a.json)" = "pkg:npm/left-pad@1.3.0" ]
'
test_done
