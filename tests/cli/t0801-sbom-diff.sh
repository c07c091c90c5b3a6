#!/usr/bin/env bash
# vouch sbom diff: what changed between two SBOMs or trees, in every output format,
# against real ordering oracles (npm's semver package, dpkg --compare-versions).
. "$(dirname "$0")/lib.sh"

export PY=/usr/bin/python3
export HELPERS="$TEST_SRC/helpers"
SEMVER_DIR="$VOUCH_BUILD/node/node_modules/semver"
[ -d "$SEMVER_DIR" ] || SEMVER_DIR="$VOUCH_TOP/build/node/node_modules/semver"
export SEMVER_DIR

# lock DIR NAME@VERSION[@INTEGRITY-SEED]...: a package-lock.json v3 in DIR
lock() {
	local dir=$1 first=1 n v s
	shift
	mkdir -p "$dir"
	{
		printf '{"name":"app","version":"1.0.0","lockfileVersion":3,"packages":{"":{"name":"app","version":"1.0.0"}'
		for p in "$@"; do
			IFS=@ read -r n v s <<<"$p"
			printf ',"node_modules/%s":{"version":"%s","license":"MIT","integrity":"%s"}' "$n" "$v" \
				"$($PY -c "import hashlib,base64,sys;print('sha512-'+base64.b64encode(hashlib.sha512(sys.argv[1].encode()).digest()).decode())" "$n$v${s:-}")"
		done
		printf '}}\n'
	} >"$dir/package-lock.json"
}
export -f lock

test_case 'each kind of change is found, the same-version hash change listed first' '
	lock old a@1.0.0 b@2.0.0 c@1.0.0 e@3.0.0 same@1.0.0 &&
	lock new a@1.0.0@tampered b@2.10.0 d@0.1.0 e@2.9.9 same@1.0.0 &&
	vouch sbom diff old new >t.txt &&
	head -1 t.txt | grep -q "^  hash_changed a 1.0.0: SHA-512" &&
	grep -q "^  upgraded    b 2.0.0 -> 2.10.0$" t.txt &&
	grep -q "^  downgraded  e 3.0.0 -> 2.9.9$" t.txt &&
	grep -q "^  added       d 0.1.0$" t.txt &&
	grep -q "^  removed     c 1.0.0$" t.txt && ! grep -q "^  [a-z_]* *same " t.txt &&
	tail -1 t.txt | grep -q "^1 added, 1 removed, 1 upgraded, 1 downgraded, 0 licence changes, 1 hash change at the same version (5 -> 5 components)$"
'

test_case 'exit 0 when the diff is shown; --fail-on-hash-change gives 1 only for a hash change' '
	expect_code 0 vouch sbom diff old new >/dev/null &&
	expect_code 1 vouch sbom diff --fail-on-hash-change old new >/dev/null &&
	lock clean a@1.0.0 b@9.0.0 &&
	expect_code 0 vouch sbom diff --fail-on-hash-change old clean >/dev/null
'

test_case 'JSON: the documented shape, every list present, purls with and without version' '
	vouch sbom diff --format json old new >d.json &&
	$PY - <<PYEOF
import json
d = json.load(open("d.json"))
assert d["old"] == "old" and d["new"] == "new"
s = d["summary"]
for k in ("old_components", "new_components", "unchanged", "hash_changed", "added", "removed",
          "upgraded", "downgraded", "changed", "license_changed"):
    assert isinstance(s[k], int), k
assert (s["hash_changed"], s["added"], s["removed"], s["upgraded"], s["downgraded"], s["unchanged"]) == (1, 1, 1, 1, 1, 2), s
h = d["hash_changed"][0]
assert h["key"] == "pkg:npm/a" and h["alg"] == "SHA-512" and h["old_hash"] != h["new_hash"]
u = d["upgraded"][0]
assert u["old_purl"] == "pkg:npm/b@2.0.0" and u["new_purl"] == "pkg:npm/b@2.10.0" and u["ecosystem"] == "npm"
assert "vulnerabilities" not in d
PYEOF
'

test_case 'licence changes are listed, also with a version change' '
	lock l1 x@1.0.0 y@1.0.0 && lock l2 x@1.0.0 y@1.1.0 &&
	sed -i "0,/\"license\":\"MIT\"/s//\"license\":\"Apache-2.0\"/" l2/package-lock.json &&
	vouch sbom diff --format json l1 l2 >l.json &&
	$PY -c "
import json
d = json.load(open(\"l.json\"))
assert [(e[\"name\"], e[\"old_license\"], e[\"new_license\"]) for e in d[\"license_changed\"]] == [(\"x\", \"MIT\", \"Apache-2.0\")], d[\"license_changed\"]
"
'

test_case 'markdown for a pull request: summary line, tables, a warning, long lists folded' '
	lock m1 &&
	lock m2 p1@1.0.0 p2@1.0.0 p3@1.0.0 p4@1.0.0 p5@1.0.0 p6@1.0.0 p7@1.0.0 p8@1.0.0 p9@1.0.0 p10@1.0.0 p11@1.0.0 &&
	vouch sbom diff --format markdown m1 m2 >m.md &&
	grep -q "^\*\*11 added, 0 removed" m.md &&
	grep -q "^<details><summary>Added (11)</summary>$" m.md && grep -q "^</details>$" m.md &&
	grep -q "^| p10 | \`1.0.0\` | MIT |$" m.md &&
	vouch sbom diff --format markdown old new >o.md &&
	grep -q "^> \[!WARNING\]$" o.md && grep -q "^#### Hash changed at the same version (1)$" o.md &&
	! grep -q "<details>" o.md &&
	vouch sbom diff --format markdown old old | grep -q "^No component changed\.$"
'

test_case 'markdown: names cannot break the table or inject HTML' '
	mkdir -p evil && printf "ok-name==1.0\n" >evil/requirements.txt &&
	vouch sbom evil >e1.json &&
	$PY - <<PYEOF
import json
d = json.load(open("e1.json"))
for c in d["components"]:
    c["name"] = "x|<script>alert(1)</script>"
    c["purl"] = c["bom-ref"] = "pkg:npm/x%7C%3Cscript%3Ealert%281%29%3C%2Fscript%3E@1.1"
    c["version"] = "1.1"
json.dump(d, open("e3.json", "w"))
PYEOF
	vouch sbom diff --format markdown e1.json e3.json >e.md &&
	! grep -q "<script>" e.md && grep -q "&lt;script&gt;" e.md &&
	row=$(grep -F "| x&#124;&lt;script&gt;alert\(1\)&lt;/script&gt; | " e.md) &&
	[ "$(printf "%s" "$row" | tr -cd "|" | wc -c)" -eq 4 ]
'

test_case 'Debian packages: matched by name, arch and distro, ordered as dpkg orders them' '
	need() { command -v dpkg >/dev/null; } ; need &&
	mkrootfs() {
		mkdir -p "$1/etc" "$1/var/lib/dpkg" &&
		printf "ID=debian\nVERSION_ID=\"12\"\n" >"$1/etc/os-release" && shift_root=$1 && shift &&
		for p in "$@"; do
			IFS=@ read -r n v a <<<"$p"
			printf "Package: %s\nStatus: install ok installed\nArchitecture: %s\nVersion: %s\n\n" "$n" "${a:-amd64}" "$v"
		done >"$shift_root/var/lib/dpkg/status"
	}
	mkrootfs r1 libfoo@2.0-1 bar@1.0~rc1-1 baz@1:1.0-1 qux@2.0-1 multi@1.0-1@amd64 &&
	mkrootfs r2 libfoo@1:1.0-1 bar@1.0-1 baz@1:0.9-1 qux@2.0-1 multi@1.0-1@arm64 &&
	vouch sbom r1 >r1.json && vouch sbom r2 >r2.json &&
	vouch sbom diff --format json r1.json r2.json >dd.json &&
	$PY "$HELPERS/bomdiff_oracle.py" r1.json r2.json dd.json --dpkg &&
	$PY -c "
import json
d = json.load(open(\"dd.json\"))
assert [e[\"name\"] for e in d[\"upgraded\"]] == [\"bar\", \"libfoo\"], d[\"upgraded\"]
assert [e[\"name\"] for e in d[\"downgraded\"]] == [\"baz\"]
assert [e[\"key\"] for e in d[\"added\"]] == [\"pkg:deb/debian/multi?arch=arm64&distro=debian-12\"], d[\"added\"]
"
'

test_case 'the CycloneDX and the SPDX of the same tree give an empty diff' '
	ts="$VOUCH_TOP/examples/example-product old r1"
	# this machine own dpkg database: a real one of some 1,000 packages
	[ -r /var/lib/dpkg/status ] && ts="$ts /var/lib/dpkg/status"
	for t in $ts; do
		vouch sbom "$t" >c.json 2>/dev/null; vouch sbom --format spdx "$t" >s.json 2>/dev/null
		vouch sbom diff --format json c.json s.json >cs.json &&
		$PY -c "
import json
d = json.load(open(\"cs.json\"))
s = d[\"summary\"]
assert s[\"old_components\"] == s[\"new_components\"] == s[\"unchanged\"] > 0, s
assert all(not d[k] for k in (\"added\",\"removed\",\"upgraded\",\"downgraded\",\"changed\",\"license_changed\",\"hash_changed\")), d
" || exit 1
		vouch sbom diff "$t" s.json | tail -1 | grep -q "^0 added, 0 removed, 0 upgraded, 0 downgraded, 0 licence changes, 0 hash changes" || exit 1
	done
'

test_case '--db: vulnerabilities introduced and fixed, matched as vouch scan matches' '
	mkdir -p adv && cat >adv/b.json <<JSON
{"id":"GHSA-bbbb-bbbb-bbbb","modified":"2026-11-01T00:00:00Z","summary":"b flaw","aliases":["CVE-2026-0001"],
 "affected":[{"package":{"ecosystem":"npm","name":"b"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"2.5.0"}]}]}]}
JSON
	cat >adv/d.json <<JSON
{"id":"GHSA-dddd-dddd-dddd","modified":"2026-11-01T00:00:00Z","summary":"d flaw",
 "affected":[{"package":{"ecosystem":"npm","name":"d"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"0.2.0"}]}]}]}
JSON
	vouch db import --db v.db adv >/dev/null 2>&1 &&
	vouch sbom diff --db v.db --format json old new >v.json &&
	$PY -c "
import json
d = json.load(open(\"v.json\"))[\"vulnerabilities\"]
assert [(v[\"id\"], v[\"package\"], v[\"version\"], v[\"fixed\"]) for v in d[\"introduced\"]] == [(\"GHSA-dddd-dddd-dddd\", \"d\", \"0.1.0\", \"0.2.0\")], d
assert [(v[\"id\"], v[\"aliases\"]) for v in d[\"fixed\"]] == [(\"GHSA-bbbb-bbbb-bbbb\", \"CVE-2026-0001\")], d
" &&
	vouch sbom diff --db v.db old new | grep -q "^  vuln-new    GHSA-dddd-dddd-dddd" &&
	vouch sbom diff --db v.db --format markdown old new | grep -q "^#### Vulnerabilities fixed (1)$" &&
	expect_code 4 vouch sbom diff --db missing.db old new 2>err && grep -q "missing.db" err
'

test_case 'an input not read in full is named and makes the exit 3; usage errors are 2' '
	mkdir -p broken && printf "{ not json" >broken/package-lock.json &&
	expect_code 3 vouch sbom diff old broken >out 2>err &&
	grep -q "broken/package-lock.json" err && grep -q "0 added, 5 removed" out &&
	expect_code 2 vouch sbom diff old 2>/dev/null &&
	expect_code 2 vouch sbom diff old new extra 2>/dev/null &&
	expect_code 2 vouch sbom diff old no-such-dir 2>/dev/null &&
	expect_code 2 vouch sbom diff --format yaml old new 2>/dev/null
'

test_case '--output writes the file; the same inputs give the same bytes' '
	vouch sbom diff --format json -o a.json old new && vouch sbom diff --format json old new >b.json &&
	cmp a.json b.json
'

corpus_case 'real Cargo.lock versions: vouch agrees with npm semver ordering' '
	[ -d "$SEMVER_DIR" ] || { echo "no semver package in build/node" >&2; exit 1; }
	C="$CORPUS/lockfiles/rust-cargolock" && mkdir -p c1 c2 c3 &&
	cp "$C/two-packages.lock" c1/Cargo.lock && cp "$C/many-packages.lock" c2/Cargo.lock &&
	cp "$C/one-package.lock" c3/Cargo.lock &&
	for pair in "c1 c2" "c2 c1" "c3 c2" "c2 c3"; do
		set -- $pair
		vouch sbom $1 >x1.json 2>/dev/null && vouch sbom $2 >x2.json 2>/dev/null &&
		vouch sbom diff --format json x1.json x2.json >xd.json &&
		$PY "$HELPERS/bomdiff_oracle.py" x1.json x2.json xd.json node "$HELPERS/semver_compare.js" 2>/dev/null || exit 1
	done &&
	vouch sbom diff c1 c2 | grep -q "^  upgraded    syn 1.0.73 -> 1.0.109$"
'

corpus_case 'real npm lockfile versions (v1 and v2 of the same fixture read the same; two fixtures differ as semver says)' '
	C="$CORPUS/lockfiles/javascript-packagelockjson" && mkdir -p n1 n2 n3 &&
	cp "$C/nested-dependencies.v1.json" n1/package-lock.json &&
	cp "$C/nested-dependencies.v2.json" n2/package-lock.json &&
	cp "$C/nested-dependencies-dup.v2.json" n3/package-lock.json &&
	vouch sbom diff n1 n2 | tail -1 | grep -q "^0 added, 0 removed, 0 upgraded, 0 downgraded" &&
	vouch sbom n2 >y2.json && vouch sbom n3 >y3.json &&
	vouch sbom diff --format json y2.json y3.json >yd.json &&
	$PY "$HELPERS/bomdiff_oracle.py" y2.json y3.json yd.json node "$HELPERS/semver_compare.js" 2>/dev/null
'

test_done
