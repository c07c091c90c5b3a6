#!/usr/bin/env bash
# vouch scan of a tree through the inventory (what `vouch sbom` reads): a Debian
# root file system's dpkg database, matched by source package and release.
. "$(dirname "$0")/lib.sh"

mkroot() { # DIR VERSION_ID
	mkdir -p "$1/etc" "$1/var/lib/dpkg"
	printf 'NAME="Debian GNU/Linux"\nVERSION_ID="%s"\nID=debian\n' "$2" >"$1/etc/os-release"
	cat >"$1/var/lib/dpkg/status" <<'EOF2'
Package: zlib1g
Status: install ok installed
Architecture: amd64
Source: zlib
Version: 1:1.2.13.dfsg-1
Description: compression library - runtime

Package: libssl3
Status: install ok installed
Architecture: amd64
Source: openssl
Version: 3.0.11-1~deb12u2
Description: Secure Sockets Layer toolkit - shared libraries

EOF2
}
export -f mkroot
mkdir -p adv
cat >adv/dsa.json <<'JSON'
{"id": "DSA-1000-1", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2024-1000"],
 "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl"}, "versions": ["3.0.11-1~deb12u2"]},
              {"package": {"ecosystem": "Debian:11", "name": "openssl"}, "versions": ["3.0.11-1~deb12u2"]}]}
JSON

test_case 'a Debian 12 tree: the source package matches, at the dpkg status line' '
	mkroot r12 12 && vouch db import --db s.db adv >/dev/null &&
	{ vouch scan --db s.db --format json r12 >out.json 2>err || [ $? -eq 3 ]; } &&
	/usr/bin/python3 -c "
import json
s = json.load(open(\"out.json\"))
f = s[\"findings\"]
assert [(x[\"id\"], x[\"package\"], x[\"ecosystem\"]) for x in f] == [(\"DSA-1000-1\", \"openssl\", \"Debian:12\")], f
assert f[0][\"locations\"][0][\"path\"].endswith(\"var/lib/dpkg/status\") and f[0][\"locations\"][0][\"line\"] == 8, f[0][\"locations\"]
assert f[0][\"matched\"] == [{\"advisory\": \"DSA-1000-1\", \"affected_index\": 0, \"ecosystem\": \"Debian:12\", \"why\": \"listed in versions (\x273.0.11-1~deb12u2\x27)\"}], f[0][\"matched\"]
assert s[\"summary\"][\"packages\"] == 2
"
'

test_case 'a Debian 11 tree matches the Debian:11 entry only' '
	mkroot r11 11 &&
	{ vouch scan --db s.db --format json r11 >out11.json 2>/dev/null || true; } &&
	/usr/bin/python3 -c "
import json
f = json.load(open(\"out11.json\"))[\"findings\"]
assert [x[\"matched\"][0][\"ecosystem\"] for x in f] == [\"Debian:11\"], f
"
'

test_case 'an unreadable target is named and the run is partial (exit 3)' '
	{ test -p fifo || mkfifo fifo; } &&
	expect_code 3 vouch scan --db s.db r12 fifo 2>err >/dev/null && grep -q fifo err
'

test_case 'a target that does not exist is refused before any output (exit 2)' '
	expect_code 2 vouch scan --db s.db r12 nothere 2>err >out &&
	grep -q "nothere. does not exist" err && ! test -s out
'
test_done
