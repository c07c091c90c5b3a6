#!/usr/bin/env bash
# Interoperability with Debian's minisign 0.11, both directions, with and without passwords.
# minisign reads a password from standard input when it is not a terminal (one line per
# prompt: twice for -G, once for -S). Keys under scrypt at minisign's limits (1 GiB) cost
# seconds to open, so the password-protected ones made at those limits are fixtures (see
# tests/fixtures/minisign/README.md) and each direction derives a key once.
. "$(dirname "$0")/lib.sh"
need_cmd minisign

fx="$FIXTURES/minisign"
export fx

test_case 'minisign key and signature (no password) -> vouch verifies' '
	minisign -G -W -p m.pub -s m.key >/dev/null &&
	printf "payload\n" >f1 &&
	minisign -S -s m.key -m f1 -t "by minisign" >/dev/null &&
	vouch verify -p m.pub f1 >out &&
	minisign -V -p m.pub -m f1 >want &&
	cmp_output want out
'

test_case 'vouch key and signature (no password) -> minisign verifies, also with -H' '
	vouch key generate --no-password -p v.pub -s v.key >/dev/null 2>&1 &&
	printf "payload 2\n" >f2 &&
	vouch sign -s v.key -t "by vouch" f2 2>/dev/null &&
	minisign -V -p v.pub -m f2 >out &&
	grep -qx "Trusted comment: by vouch" out &&
	minisign -V -H -p v.pub -m f2 >/dev/null &&
	minisign -V -P "$(sed -n 2p v.pub)" -m f2 >/dev/null
'

test_case 'vouch default trusted comment is the one minisign writes (timestamp, file, hashed)' '
	printf "x\n" >f3 &&
	SOURCE_DATE_EPOCH=1234567890 vouch sign -s v.key f3 2>/dev/null &&
	minisign -V -p v.pub -m f3 | grep -qx "Trusted comment: timestamp:1234567890	file:f3	hashed"
'

test_case 'a key made by vouch signs with minisign; a key made by minisign signs with vouch' '
	printf "cross\n" >f4 && cp f4 f5 &&
	minisign -S -s v.key -m f4 >/dev/null &&
	vouch verify -p v.pub f4 >/dev/null && minisign -V -p v.pub -m f4 >/dev/null &&
	vouch sign -s m.key f5 2>/dev/null &&
	minisign -V -p m.pub -m f5 >/dev/null && vouch verify -p m.pub f5 >/dev/null
'

test_case 'legacy (Ed, minisign -l) signatures: refused as minisign -V -H does, accepted with --legacy' '
	printf "legacy\n" >f6 &&
	minisign -S -l -s m.key -m f6 >/dev/null 2>&1 &&
	sed -n 2p f6.minisig | base64 -d | head -c 2 | grep -qx Ed &&
	expect_code 1 minisign -V -H -p m.pub -m f6 >/dev/null 2>&1 &&
	expect_code 1 vouch verify -p m.pub f6 2>err && grep -q "legacy" err &&
	vouch verify --legacy -p m.pub f6 >out &&
	minisign -V -p m.pub -m f6 >want && cmp_output want out &&
	echo more >>f6 && expect_code 1 vouch verify --legacy -p m.pub f6 2>/dev/null
'

test_case 'prehashed signatures by minisign verify in vouch with or without --legacy' '
	printf "hashed\n" >f7 &&
	minisign -S -s m.key -m f7 >/dev/null &&
	minisign -V -H -p m.pub -m f7 >/dev/null &&
	vouch verify -p m.pub f7 >/dev/null && vouch verify --legacy -p m.pub f7 >/dev/null
'

test_case 'both tools reject a changed file signed by the other' '
	printf "a\n" >g1 && cp g1 g2 &&
	vouch sign -s v.key g1 2>/dev/null && minisign -S -s m.key -m g2 >/dev/null &&
	echo evil >>g1 && echo evil >>g2 &&
	expect_code 1 minisign -V -p v.pub -m g1 >/dev/null 2>&1 &&
	expect_code 1 vouch verify -p v.pub g1 2>/dev/null &&
	expect_code 1 minisign -V -p m.pub -m g2 >/dev/null 2>&1 &&
	expect_code 1 vouch verify -p m.pub g2 2>err &&
	grep -q "does not match the file" err
'

test_case 'both tools reject an edited trusted comment' '
	printf "b\n" >h1 && cp h1 h2 &&
	vouch sign -s v.key -t "approved build 7" h1 2>/dev/null &&
	minisign -S -s m.key -m h2 -t "approved build 7" >/dev/null &&
	sed -i "3s/build 7/build 8/" h1.minisig h2.minisig &&
	expect_code 1 minisign -V -p v.pub -m h1 >/dev/null 2>&1 &&
	expect_code 1 vouch verify -p v.pub h1 2>/dev/null &&
	expect_code 1 minisign -V -p m.pub -m h2 >/dev/null 2>&1 &&
	expect_code 1 vouch verify -p m.pub h2 2>err &&
	grep -q "trusted comment was changed" err
'

test_case 'both tools reject a signature checked against the wrong key' '
	expect_code 1 minisign -V -p m.pub -m f2 >/dev/null 2>&1 &&
	expect_code 1 vouch verify -p m.pub f2 2>/dev/null && true
'

test_case 'password key made by vouch (live, interactive scrypt) -> minisign signs with it' '
	VOUCH_PASSWORD="pass phrase" vouch key generate --kdf-limits interactive -p vp.pub -s vp.key >/dev/null 2>&1 &&
	printf "c\n" >i1 &&
	printf "pass phrase\n" | minisign -S -s vp.key -m i1 -t "minisign with a vouch key" >/dev/null 2>&1 &&
	vouch verify -p vp.pub i1 | grep -q "minisign with a vouch key" &&
	{ ! printf "wrong\n" | minisign -S -s vp.key -m i1 >/dev/null 2>err; } &&
	grep -q "Wrong password" err &&
	VOUCH_PASSWORD="pass phrase" vouch sign -s vp.key i1 2>/dev/null &&
	minisign -V -p vp.pub -m i1 >/dev/null
'

test_case 'password key made by vouch at minisign limits -> minisign decrypts it' '
	printf "d\n" >j1 &&
	printf "vouch-fixture-pw\n" | minisign -S -s "$fx/vouch-pw.key" -x j1.minisig -m j1 >/dev/null 2>&1 &&
	vouch verify -p "$fx/vouch-pw.pub" j1 >/dev/null
'

test_case 'password key made by minisign -> vouch decrypts it and signs' '
	printf "e\n" >k1 &&
	VOUCH_PASSWORD=minisign-fixture-pw vouch sign -s "$fx/minisign-pw.key" -t "vouch with a minisign key" k1 2>/dev/null &&
	minisign -V -p "$fx/minisign-pw.pub" -m k1 | grep -q "vouch with a minisign key"
'

test_case 'fixtures: vouch verifies what minisign signed, byte-identical re-signing' '
	vouch verify -p "$fx/minisign.pub" "$fx/message.txt" >out &&
	minisign -V -p "$fx/minisign.pub" -m "$fx/message.txt" >want &&
	cmp_output want out
'
test_done
