#!/usr/bin/env bash
# vouch assess --sign KEY: the report is written, then signed; the signature covers exactly the
# written bytes and verifies with vouch verify and with Debian's minisign (skipped when absent);
# the HTML names the signer's key id (read here from the public key file minisign reads).
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1795737600
mkdir -p prod && cat >prod/vouch.toml <<'TOML'
[organisation]
name = "Signing Ltd"
[sro]
name = "A. Person"
title = "Chief Technology Officer"
[[product]]
name = "signed-product"
TOML
vouch key generate --no-password -p v.pub -s v.key >/dev/null 2>&1
VOUCH_PASSWORD=sekrit vouch key generate --kdf-limits interactive -p pw.pub -s pw.key \
	>/dev/null 2>&1
keyid() { sed -n '1s/^untrusted comment: minisign public key //p' "$1"; }
export -f keyid

test_case '--sign without --output is a usage error and writes nothing' '
	expect_code 2 vouch assess --no-save --sign v.key prod >out 2>err &&
	grep -q "output" err && [ ! -s out ] && [ ! -d prod/.vouch ]
'

test_case 'the HTML report is signed: vouch verify accepts it' '
	vouch assess --no-save --sign v.key --output r.html prod 2>err &&
	[ -s r.html.minisig ] &&
	vouch verify -p v.pub r.html >/dev/null
'

test_case 'the HTML names the key id of the signing key' '
	id=$(keyid v.pub) && [ ${#id} -eq 16 ] && grep -q "$id" r.html
'

test_case 'a changed byte of the report fails verification' '
	cp r.html t.html && cp r.html.minisig t.html.minisig && sed -i "s/Signing Ltd/Singing Ltd/" t.html &&
	! cmp -s r.html t.html &&
	expect_code 1 vouch verify -p v.pub t.html 2>/dev/null
'

test_case 'JSON and Markdown reports are signed the same way' '
	vouch assess --no-save --sign v.key --format json --output r.json prod 2>/dev/null &&
	vouch assess --no-save --sign v.key --format markdown --output r.md prod 2>/dev/null &&
	vouch verify -p v.pub r.json r.md >/dev/null && grep -q "$(keyid v.pub)" r.md
'

test_case 'a password-protected key: VOUCH_PASSWORD opens it' '
	VOUCH_PASSWORD=sekrit vouch assess --no-save --sign pw.key --output p.html prod 2>/dev/null &&
	vouch verify -p pw.pub p.html >/dev/null && grep -q "$(keyid pw.pub)" p.html
'

test_case 'a wrong password stops before any report is written' '
	! VOUCH_PASSWORD=wrong vouch assess --no-save --sign pw.key --output w.html prod 2>err &&
	[ ! -e w.html ] && [ ! -e w.html.minisig ] && grep -qi "password" err
'

test_case 'no password source and a protected key is a usage error, nothing written' '
	expect_code 2 env -u VOUCH_PASSWORD setsid -w "$VOUCH_BIN" assess --no-save --sign pw.key \
		--output n.html prod </dev/null >/dev/null 2>err &&
	[ ! -e n.html ] && grep -q VOUCH_PASSWORD err
'

test_case 'an unsigned report says it is not signed and names no key' '
	vouch assess --no-save --output u.html prod 2>/dev/null && [ ! -e u.html.minisig ] &&
	! grep -q "$(keyid v.pub)" u.html && grep -qi "not signed" u.html
'

need_cmd minisign
test_case 'minisign -V accepts every report vouch signed and rejects the changed one' '
	for f in r.html r.json r.md; do minisign -V -p v.pub -m $f >/dev/null || exit 1; done &&
	minisign -V -p pw.pub -m p.html >/dev/null &&
	expect_code 1 minisign -V -p v.pub -m t.html >/dev/null 2>&1
'

test_case 'a key made by minisign -G signs the report' '
	minisign -G -W -p m.pub -s m.key >/dev/null &&
	vouch assess --no-save --sign m.key --output m.html prod 2>/dev/null &&
	minisign -V -p m.pub -m m.html >/dev/null && vouch verify -p m.pub m.html >/dev/null &&
	grep -q "$(keyid m.pub)" m.html
'

test_done
