#!/usr/bin/env bash
# vouch bundle show: the bundle's report for a reader, read in memory: product, version, the
# assessment's counts and statuses (compared with the bundled assessment.json), the members;
# --markdown prints the bundled Markdown report byte for byte; nothing is unpacked.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/bundle.sh"
bundle_setup && mkbundle b.vouch 2>/dev/null && unpack b.vouch orig ||
	skip_all_reason="could not build the example release"

test_case 'show prints the product, version, commit line and signer key id' '
	vouch bundle show b.vouch >out &&
	grep -q "^product  *lantern$" out && grep -q "^version  *2.1.0$" out &&
	grep -q "^public_key  *$(sed -n "1s/.* //p" k.pub)$" out &&
	grep -q "not verified here" out
'

test_case 'the counts and every claim status are those of the bundled assessment.json' '
	vouch bundle show b.vouch >out &&
	/usr/bin/python3 - orig/assessment.json out <<-PY
	import json, re, sys
	a = json.load(open(sys.argv[1]))
	out = open(sys.argv[2]).read()
	claims = [c for p in a["principles"] for c in p["claims"]]
	n = {s: sum(c["status"] == s for c in claims) for s in ("met", "not_met", "unknown", "not_applicable")}
	want = "assessment: %d met, %d not met, %d unknown, %d not applicable" % (
	    n["met"], n["not_met"], n["unknown"], n["not_applicable"])
	assert want in out, (want, out[:400])
	for c in claims:
	    assert re.search(r"^ +%s +%s " % (re.escape(c["id"]), c["status"]), out, re.M), c["id"]
	PY
'

test_case 'show lists every member with its size' '
	vouch bundle show b.vouch >out &&
	while read -r m; do
		s=$(stat -c %s "orig/$m") && grep -q "^ *$s  $m$" out || { echo "no $m ($s)"; exit 1; }
	done <orig/.order
'

test_case 'show lists what was left out and why' '
	VOUCH_DB=$TEST_DIR/none.db vouch bundle create --sign k.key --output n.vouch prod 2>/dev/null &&
	vouch bundle show n.vouch >out && grep -q "^left out:" out &&
	grep -q "^  scan.json: no vulnerability database" out
'

test_case '--markdown prints the bundled assessment.md exactly' '
	vouch bundle show --markdown b.vouch >md && cmp md orig/assessment.md
'

test_case 'show writes nothing: the folder is unchanged' '
	b=$(ls -AR) && vouch bundle show b.vouch >/dev/null && [ "$b" = "$(ls -AR)" ]
'

test_case 'terminal escapes in a hostile report are neutralised' '
	rm -rf t && cp -r orig t && printf "\033]0;pwned\007 title\n" >>t/assessment.md && repack t t.vouch &&
	vouch bundle show --markdown t.vouch >md && ! grep -q $'"'"'\033'"'"' md && grep -q "x1b" md
'

test_case 'usage: one FILE; a missing file is exit 4' '
	expect_code 2 vouch bundle show 2>/dev/null &&
	expect_code 2 vouch bundle show a b 2>/dev/null &&
	expect_code 4 vouch bundle show missing.vouch 2>/dev/null
'

test_done
