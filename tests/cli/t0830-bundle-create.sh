#!/usr/bin/env bash
# vouch bundle create: one deterministic tar holding the release's evidence, its manifest
# signed with minisign (checked with Debian's minisign), no path of the vendor's machine inside,
# and log inclusion proofs that vouch log verify-proof accepts.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/bundle.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
bundle_setup || skip_all_reason="could not build the example release"

test_case 'create writes the bundle and says what went in' '
	mkbundle b.vouch 2>err && [ -s b.vouch ] &&
	grep -q "16 members, 3 log entries proven" err
'

test_case 'the bundle holds every kind of evidence, sorted, manifest included' '
	members b.vouch >m &&
	for want in assessment.html assessment.html.minisig assessment.json assessment.md \
		log/checkpoint log/checkpoint.vkey log/proofs.json manifest.json manifest.json.minisig \
		provenance/lantern.provenance.json release/SHA256SUMS release/SHA256SUMS.minisig \
		sbom.cdx.json sbom.spdx.json scan.json security.txt lifecycle.json \
		vex/lantern.openvex.json; do
		grep -qx "$want" m || { echo "no $want"; exit 1; }
	done &&
	LC_ALL=C sort m | cmp - m
'

test_case 'headers are fixed: regular files, 0644, uid/gid 0, no names, mtime SOURCE_DATE_EPOCH' '
	/usr/bin/python3 "$BUNDLE_TOOLS" header b.vouch >h &&
	/usr/bin/python3 - h "$SOURCE_DATE_EPOCH" <<-PY
	import json, sys
	for l in open(sys.argv[1]):
	    m = json.loads(l)
	    assert m["type"] == "0", m
	    assert (m["mode"], m["uid"], m["gid"], m["uname"], m["gname"]) == (0o644, 0, 0, "", ""), m
	    assert m["mtime"] == int(sys.argv[2]), m
	PY
'

test_case 'same inputs and SOURCE_DATE_EPOCH give the same bytes' '
	mkbundle again.vouch 2>/dev/null && cmp b.vouch again.vouch
'

test_case 'no absolute path of this machine in any member' '
	unpack b.vouch x &&
	! grep -rl -a -e "$TEST_DIR" -e "$VOUCH_TOP" -e "$HOME" x &&
	! grep -a -q -e "$TEST_DIR" b.vouch &&
	grep -q "\"\\./frontend/package-lock.json\"" x/sbom.cdx.json
'

test_case 'the manifest lists each member with the size and sha256 sha256sum computes' '
	unpack b.vouch x &&
	/usr/bin/python3 - x <<-PY
	import json, os, subprocess, sys
	d = sys.argv[1]
	man = json.load(open(os.path.join(d, "manifest.json")))
	listed = {m["path"]: m for m in man["members"]}
	files = [l for l in open(os.path.join(d, ".order")).read().split() if not l.startswith("manifest.json")]
	assert sorted(listed) == sorted(files), (sorted(listed), files)
	for p, m in listed.items():
	    out = subprocess.run(["sha256sum", os.path.join(d, p)], capture_output=True, text=True).stdout
	    assert out.split()[0] == m["sha256"], p
	    assert os.path.getsize(os.path.join(d, p)) == m["size"], p
	    assert m["media_type"], p
	assert man["product"] == "lantern" and man["version"] == "2.1.0", man
	assert man["format"] == "vouch-bundle" and man["format_version"] == 1
	assert man["created"] == "2026-12-08T00:00:00Z", man["created"]
	assert man["public_key"] == open("k.pub").readline().split()[-1], man["public_key"]
	PY
'

if command -v minisign >/dev/null 2>&1; then
	test_case 'minisign -V verifies the manifest signature with the public key file' '
		unpack b.vouch x &&
		minisign -Vm x/manifest.json -p k.pub >out &&
		grep -q "timestamp:$SOURCE_DATE_EPOCH" out &&
		minisign -Vm x/assessment.html -x x/assessment.html.minisig -p k.pub >/dev/null &&
		! minisign -Vm x/manifest.json -p other.pub >/dev/null 2>&1
	'
else
	test_skip 'minisign -V verifies the manifest signature' "needs minisign (scripts/bootstrap installs it)"
fi

test_case 'each log proof verifies with vouch log verify-proof against the bundled checkpoint' '
	unpack b.vouch x &&
	/usr/bin/python3 - x/log/proofs.json <<-PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	subj = sorted(p.get("member") or p.get("artifact") for p in d["proofs"])
	assert subj == ["lantern-2.1.0.tar.gz", "provenance/lantern.provenance.json", "release/SHA256SUMS"], subj
	for i, p in enumerate(d["proofs"]):
	    json.dump(p["proof"], open("proof%d.json" % i, "w"))
	PY
	vouch log verify-proof --proof proof0.json --checkpoint x/log/checkpoint \
		--vkey "$(cat x/log/checkpoint.vkey)" --entry rel/SHA256SUMS &&
	vouch log verify-proof --proof proof2.json --checkpoint x/log/checkpoint \
		--vkey "$(cat x/log/checkpoint.vkey)" --entry rel/lantern-2.1.0.tar.gz
'

test_case 'lifecycle.json holds the releases of vouch.toml as endoflife.date cycles' '
	unpack b.vouch x &&
	/usr/bin/python3 - x/lifecycle.json prod/vouch.toml <<-PY
	import json, sys, tomllib
	cycles = json.load(open(sys.argv[1]))
	rel = tomllib.load(open(sys.argv[2], "rb"))["product"][0]["release"]
	want = sorted(((r["version"], str(r["released"]), str(r["end_of_support"])) for r in rel), reverse=True)
	got = [(c["cycle"], c["releaseDate"], c["eol"]) for c in cycles]
	assert sorted(got, reverse=True) == want, (got, want)
	PY
'

test_case 'the scan in the bundle found the advisory of the database given' '
	unpack b.vouch x && grep -q GHSA-test-aaaa-0001 x/scan.json &&
	! grep -q GHSA-test-bbbb-0002 x/scan.json
'

schema_case 'cyclonedx-bom-1.6.schema.json spdx-2.3.schema.json' 'the SBOMs validate against their schemas' '
	unpack b.vouch x &&
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" x/sbom.cdx.json &&
	validate "$SCHEMAS/spdx-2.3.schema.json" x/sbom.spdx.json
'

test_case 'without a database the scan is left out and the manifest says why' '
	VOUCH_DB=$TEST_DIR/none.db vouch bundle create --sign k.key --output n.vouch prod 2>err &&
	! members n.vouch | grep -qx scan.json &&
	unpack n.vouch y && grep -q "no vulnerability database" y/manifest.json
'

test_case 'a provenance file that cannot be read is named, the rest bundled, exit 3' '
	cp -r prod p2 && sed -i "s|lantern.provenance.json|missing.json|" p2/vouch.toml &&
	expect_code 3 vouch bundle create --sign k.key --output p.vouch --db old.db p2 2>err &&
	grep -q "missing.json" err && members p.vouch | grep -qx sbom.cdx.json
'

test_case 'usage: --sign and --output are required; a bad key writes nothing' '
	expect_code 2 vouch bundle create --output u.vouch prod 2>/dev/null &&
	expect_code 2 vouch bundle create --sign k.key prod 2>/dev/null &&
	expect_code 2 vouch bundle create --sign k.key --output u.vouch no-such-dir 2>/dev/null &&
	! vouch bundle create --sign k.pub --output u.vouch prod 2>/dev/null && [ ! -e u.vouch ]
'

test_done
