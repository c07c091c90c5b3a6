#!/usr/bin/env bash
# Installed packages: node_modules/**/package.json.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
export D="$CORPUS/lockfiles/javascript-packagejson"

mk() { # DIR NAME VERSION [EXTRA-JSON]
	mkdir -p "$1" && printf "{\"name\": \"%s\", \"version\": \"%s\"%s}\n" "$2" "$3" "${4:-}" >"$1/package.json"
}
export -f mk

test_case 'installed packages are read, nested and scoped; other package.json files are not' '
	mk app app 1.0.0 &&
	mk app/node_modules/a a 1.0.0 ", \"license\": \"MIT\", \"_integrity\": \"sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=\", \"_resolved\": \"https://registry.npmjs.org/a/-/a-1.0.0.tgz\"" &&
	mk app/node_modules/a/node_modules/b b 2.0.0 ", \"licenses\": [{\"type\": \"MIT\"}, {\"type\": \"Apache-2.0\"}]" &&
	mk app/node_modules/@s/c @s/c 3.0.0 ", \"license\": {\"type\": \"ISC\"}" &&
	mkdir -p app/node_modules/a/lib && echo "{\"type\": \"module\"}" >app/node_modules/a/lib/package.json &&
	mkdir -p app/node_modules/.cache/x && echo "{\"name\": \"junk\", \"version\": \"0\"}" >app/node_modules/.cache/x/package.json &&
	expect_purls app <<-X &&
	pkg:npm/%40s/c@3.0.0
	pkg:npm/a@1.0.0
	pkg:npm/b@2.0.0
	X
	python3 -c "
import json; d=json.load(open(\"expect.bom\"))
c={x[\"purl\"]: x for x in d[\"components\"]}
a=c[\"pkg:npm/a@1.0.0\"]
assert a[\"licenses\"]==[{\"expression\": \"MIT\"}] and a[\"hashes\"]==[{\"alg\": \"SHA-1\", \"content\": \"da39a3ee5e6b4b0d3255bfef95601890afd80709\"}], a
assert c[\"pkg:npm/b@2.0.0\"][\"licenses\"]==[{\"expression\": \"MIT OR Apache-2.0\"}]
assert c[\"pkg:npm/%40s/c@3.0.0\"][\"licenses\"]==[{\"expression\": \"ISC\"}]
assert d[\"metadata\"][\"properties\"][1]=={\"name\": \"vouch:files-read\", \"value\": \"3\"}"
'

test_case 'the same package from a lockfile and node_modules is one component, two places' '
	mkdir -p both/node_modules/left-pad &&
	cp "$FIXTURES/npm/small/package-lock.json" both/ &&
	mk both/node_modules/left-pad left-pad 1.3.0 &&
	vouch sbom both >a.json &&
	python3 -c "
import json; d=json.load(open(\"a.json\"))
c={x[\"purl\"]: x for x in d[\"components\"]}[\"pkg:npm/left-pad@1.3.0\"]
locs=[o[\"location\"] for o in c[\"evidence\"][\"occurrences\"]]
assert locs==[\"both/node_modules/left-pad/package.json\", \"both/package-lock.json\"], locs
m=[x[\"value\"] for x in c[\"evidence\"][\"identity\"][0][\"methods\"]]
assert sorted(m)==[\"npm-package-json\", \"npm-package-lock\"], m"
'

corpus_case 'every corpus manifest is read as an installed package; invalid is named, exit 3' '
	n=$(fixture_tree "$D" node_modules/x/package.json) && [ "$n" -ge 15 ] &&
	expect_code 3 vouch sbom t >bom.json 2>err &&
	[ "$(files_read bom.json)" = "$n" ] &&
	grep -v "^vouch: note: " err | sed -n "s/^vouch: \(t\/[^:]*\):.*/\1/p" | sort -u >bad &&
	echo t/invalid/node_modules/x/package.json >want && cmp_output want bad &&
	purls bom.json >p &&
	grep -qx "pkg:npm/undici@5.28.3" p && grep -qx "pkg:npm/jsonparse@1.3.1" p &&
	! grep -q "pkg:npm/grunt" p
'

corpus_case 'manifests given directly are recognised by their content' '
	expect_purls "$D/undici-package.json" <<-X
	pkg:npm/undici@5.28.3
	X
'
test_done
