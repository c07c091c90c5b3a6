#!/usr/bin/env bash
# Terminal hygiene (issue 12): names and text taken from input (paths, package
# names, advisory text, option values) reach the terminal with control
# characters escaped, on stderr and in tables: a hostile lockfile or advisory
# cannot send escape sequences or start a fake "vouch:" line.
. "$(dirname "$0")/lib.sh"
need_cmd python3

# no_raw FILE: FILE holds no ESC, no control byte but tab and newline, no C1 control
no_raw() {
	python3 - "$1" <<-"EOF"
	import sys
	b = open(sys.argv[1], "rb").read()
	bad = [c for c in b if (c < 0x20 and c not in (0x09, 0x0a)) or c == 0x7f]
	assert not bad, ("control bytes", bad[:5])
	t = b.decode("utf-8", "replace")
	assert not any(0x80 <= ord(ch) <= 0x9f or 0x202a <= ord(ch) <= 0x202e for ch in t), t
	EOF
}
export -f no_raw

test_case 'a path with escapes and a newline is named on one escaped line' '
	d=$(printf "evil\033[2J\nvouch: fake") && mkdir -p "t/$d" && echo "garbage{" >"t/$d/package-lock.json" &&
	expect_code 3 vouch sbom t >/dev/null 2>err && no_raw err &&
	[ "$(grep -c "^vouch: " err)" = 1 ] && ! grep -q "^vouch: fake" err &&
	grep -qF "evil\\x1b[2J\\nvouch: fake/package-lock.json:1: " err
'

test_case 'a lockfile whose content is quoted in a message: escaped' '
	mkdir -p q && printf "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/a\": {\"version\": \"1\"}}, \033]0;pwned\007 }" >q/package-lock.json &&
	expect_code 3 vouch sbom q >/dev/null 2>err && no_raw err && grep -q "q/package-lock.json" err
'

test_case 'an option value with escapes: escaped in the usage error' '
	expect_code 2 vouch sbom --format "$(printf "x\033[31m\xc2\x9b\xe2\x80\xae")" . 2>err && no_raw err &&
	grep -qF "x\\x1b[31m\\xc2\\x9b\\xe2\\x80\\xae" err
'

test_case 'the scan table escapes package names and advisory text' '
	mkdir -p adv &&
	python3 - <<-"PY"
	import json
	adv = {"id": "GHSA-eeee-eeee-eeee", "modified": "2024-01-01T00:00:00Z",
	       "summary": "sum\u001b[2J\nvouch: all clear \u202e",
	       "affected": [{"package": {"ecosystem": "npm", "name": "ev\u001b[31mil"}, "versions": ["1.0.0"]}]}
	open("adv/a.json", "w").write(json.dumps(adv))
	lock = {"lockfileVersion": 3, "packages": {"": {"name": "r"},
	        "node_modules/ev\u001b[31mil": {"version": "1.0.0", "name": "ev\u001b[31mil"}}}
	open("package-lock.json", "w").write(json.dumps(lock))
	PY
	vouch db import --db s.db adv >/dev/null &&
	vouch sbom package-lock.json >bom.json 2>/dev/null || true
	rc=0; vouch scan --db s.db bom.json >table.txt 2>err || rc=$?
	[ $rc -le 3 ] && no_raw table.txt && no_raw err &&
	grep -qF "GHSA-eeee-eeee-eeee" table.txt && grep -qF "sum\\x1b[2J\\nvouch: all clear" table.txt &&
	grep -qF "ev\\x1b[31mil" table.txt
'

test_done
