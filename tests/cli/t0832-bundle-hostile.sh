#!/usr/bin/env bash
# vouch bundle verify and show on hostile bundles (made with Python's tarfile from a good one):
# traversal, absolute names, links, devices, duplicates, members missing or not in the manifest,
# huge members, compression, truncation, too many members. Each is named with its member and
# check, verification fails (exit 1), nothing is written anywhere, memory stays bounded.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/bundle.sh"
export HOSTILE="$VOUCH_TOP/tests/lib/bundle-hostile.py"
bundle_setup && mkbundle b.vouch 2>/dev/null && unpack b.vouch orig ||
	skip_all_reason="could not build the example release"

# hostile KIND MEMBER CHECK: the KIND bundle fails verification naming MEMBER and CHECK
hostile() {
	/usr/bin/python3 "$HOSTILE" orig "$1" "$1.vouch" &&
	expect_code 1 vouch bundle verify --public k.pub "$1.vouch" >out 2>err &&
	grep -q "^vouch: '$2': $3: " err || { echo "want '$2': $3 in:"; cat err; return 1; }
}
export -f hostile

test_case 'path traversal (../evil) and absolute names are named, nothing is written' '
	touch marker && sleep 1 && hostile traversal "../evil" path && grep -q "traversal" err &&
	hostile absolute /tmp/evil path && [ ! -e ../evil ] &&
	[ -z "$(find . -newer marker ! -name out ! -name err ! -name "*.vouch" ! -name .)" ]
'
test_case 'a symbolic link member is named (and its manifest entry is not satisfied)' '
	hostile symlink security.txt type && grep -q "symbolic link" err
'
test_case 'a hard link member is named' 'hostile hardlink hard type'
test_case 'a device file member is named' 'hostile device dev type && grep -q "device" err'
test_case 'a FIFO member is named' 'hostile fifo fifo type'
test_case 'a directory member is named' 'hostile dir somedir/ type'
test_case 'a duplicate member is named' 'hostile duplicate scan.json duplicate'
test_case 'a member not in the manifest is named' 'hostile extra extra.txt listed'
test_case 'a manifest entry missing from the bundle is named' 'hostile missing sbom.spdx.json present'
test_case 'a member declaring 100 MiB is refused before it is read' '
	hostile huge huge.bin limit
'
test_case 'a real 65 MiB member is refused (member cap), peak memory stays bounded' '
	/usr/bin/python3 "$HOSTILE" orig big big.vouch &&
	/usr/bin/python3 - "$VOUCH_BIN" k.pub big.vouch <<-PY 2>err
	import resource, subprocess, sys
	r = subprocess.run([sys.argv[1], "bundle", "verify", "--public", sys.argv[2], sys.argv[3]],
	                   capture_output=True, text=True)
	assert r.returncode == 1, r.returncode
	assert "\x27big.bin\x27: limit: " in r.stderr, r.stderr
	peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB
	assert peak < 400 * 1024, peak
	PY
'
test_case 'a gzip-compressed bundle is refused, not expanded' '
	hostile gzip bundle archive && grep -qi "compress\|not an uncompressed tar" err
'
test_case 'a truncated bundle is named as damaged' 'hostile truncated bundle archive'
test_case 'more than 4096 members: the archive is refused past the limit' '
	hostile many bundle archive && grep -q "more than 4096 members" err
'
test_case 'a signed manifest of 5000 entries or 70000 proofs is refused quickly, not walked' '
	rm -rf t && cp -r orig t &&
	/usr/bin/python3 - t <<-PY &&
	import json, sys
	d = sys.argv[1]
	m = json.load(open(d + "/manifest.json"))
	m["members"] += [{"path": "x/%d" % i, "size": 1, "sha256": "0" * 64} for i in range(5000)]
	json.dump(m, open(d + "/manifest.json", "w"))
	p = json.load(open(d + "/log/proofs.json"))
	p["proofs"] = p["proofs"] * 23334
	json.dump(p, open(d + "/log/proofs.json", "w"))
	PY
	/usr/bin/python3 "$BUNDLE_TOOLS" rehash t && vouch sign --secret k.key t/manifest.json &&
	repack t t.vouch &&
	expect_code 1 timeout 20 "$VOUCH_BIN" bundle verify --public k.pub t.vouch >out 2>err &&
	grep -q "manifest.json'"'"': format: .*at most 4096" err &&
	grep -q "log/proofs.json'"'"': parse: .*at most 65536" err
'

test_case 'a file larger than the bundle cap is refused without being read' '
	truncate -s 600M large.vouch &&
	expect_code 1 vouch bundle verify --public k.pub large.vouch >out 2>err && grep -q "large.vouch" err
'
test_case 'a FIFO given as the bundle is refused at once' '
	mkfifo f.vouch && expect_code 1 timeout 10 "$VOUCH_BIN" bundle verify --public k.pub f.vouch 2>err &&
	grep -q "f.vouch" err
'
test_case 'show names the refused members of a hostile bundle and exits 1' '
	/usr/bin/python3 "$HOSTILE" orig symlink s.vouch &&
	expect_code 1 vouch bundle show s.vouch >out 2>err &&
	grep -q "security.txt" err && grep -q "symbolic link" err
'

test_done
