#!/usr/bin/env bash
# vouch sign / vouch verify on their own: output, tampering, exit codes, bad files.
. "$(dirname "$0")/lib.sh"

setup() {
	vouch key generate --force --no-password -p k.pub -s k.key >/dev/null 2>&1 &&
	vouch key generate --force --no-password -p other.pub -s other.key >/dev/null 2>&1 &&
	rm -f *.minisig && printf "release bytes\n" >app.tar &&
	printf "second\n" >notes.txt
}
export -f setup

test_case 'sign writes FILE.minisig; verify prints the trusted comment' '
	setup &&
	SOURCE_DATE_EPOCH=1700000000 vouch sign -s k.key app.tar 2>err &&
	grep -q "signed .app.tar." err &&
	test "$(wc -l <app.tar.minisig)" = 4 &&
	sed -n 1p app.tar.minisig | grep -qx "untrusted comment: signature from minisign secret key" &&
	sed -n 3p app.tar.minisig | grep -qx "trusted comment: timestamp:1700000000	file:app.tar	hashed" &&
	sed -n 2p app.tar.minisig | base64 -d | head -c 2 | grep -qx ED &&
	vouch verify -p k.pub app.tar >out &&
	printf "Signature and comment signature verified\nTrusted comment: timestamp:1700000000\tfile:app.tar\thashed\n" >want &&
	cmp_output want out
'

test_case 'SOURCE_DATE_EPOCH makes signatures byte-for-byte reproducible' '
	setup &&
	SOURCE_DATE_EPOCH=1 vouch sign -s k.key app.tar 2>/dev/null && cp app.tar.minisig first &&
	SOURCE_DATE_EPOCH=1 vouch sign -s k.key app.tar 2>/dev/null &&
	cmp first app.tar.minisig &&
	expect_code 2 env SOURCE_DATE_EPOCH=soon "$VOUCH_BIN" sign -s k.key app.tar 2>err &&
	grep -q SOURCE_DATE_EPOCH err
'

test_case 'custom comments; a multi-line comment is a usage error' '
	setup &&
	vouch sign -s k.key -t "release 1.2.3" -c "not signed" app.tar 2>/dev/null &&
	sed -n 1p app.tar.minisig | grep -qx "untrusted comment: not signed" &&
	vouch verify -p k.pub app.tar | grep -qx "Trusted comment: release 1.2.3" &&
	expect_code 2 vouch sign -s k.key -t "$(printf "a\nb")" app.tar 2>err &&
	grep -q "one line" err
'

test_case 'a changed file fails with exit 1 naming it' '
	setup && vouch sign -s k.key app.tar notes.txt 2>/dev/null &&
	echo tamper >>app.tar &&
	expect_code 1 vouch verify -p k.pub app.tar notes.txt >out 2>err &&
	grep -q "app.tar. does not verify: signature does not match the file" err &&
	! grep -q notes.txt err &&
	grep -q "^notes.txt: Signature and comment signature verified" out
'

test_case 'an edited trusted comment fails with exit 1' '
	setup && vouch sign -s k.key -t "version 1" app.tar 2>/dev/null &&
	sed -i "3s/version 1/version 2/" app.tar.minisig &&
	expect_code 1 vouch verify -p k.pub app.tar 2>err &&
	grep -q "trusted comment was changed" err
'

test_case 'a signature by another key names both key ids' '
	setup && vouch sign -s other.key app.tar 2>/dev/null &&
	a=$(sed -n "s/.*public key //p" other.pub) && b=$(sed -n "s/.*public key //p" k.pub) &&
	expect_code 1 vouch verify -p k.pub app.tar 2>err &&
	grep -q "signed with key $a, but the public key is $b" err
'

test_case '--signature names the signature file; only with one FILE' '
	setup && vouch sign -s k.key app.tar 2>/dev/null && mv app.tar.minisig sig &&
	vouch verify -p k.pub --signature sig app.tar >/dev/null &&
	expect_code 2 vouch verify -p k.pub --signature sig app.tar notes.txt 2>/dev/null &&
	expect_code 2 vouch verify app.tar 2>err && grep -q -- "--public FILE is required" err
'

test_case 'missing signature or unreadable file: exit 3, the rest still done; no such FILE: exit 2' '
	setup && vouch sign -s k.key app.tar 2>/dev/null &&
	expect_code 3 vouch verify -p k.pub app.tar notes.txt >out 2>err &&
	grep -q "notes.txt.minisig" err && grep -q "^app.tar: Signature and comment" out &&
	mkdir -p adir && expect_code 3 vouch sign -s k.key app.tar adir 2>err &&
	grep -q "cannot read .adir." err && test -f app.tar.minisig &&
	rm app.tar.minisig && expect_code 2 vouch sign -s k.key app.tar missing.bin 2>err &&
	grep -q "missing.bin. does not exist" err && ! test -e app.tar.minisig
'

test_case 'a mismatch outranks an unreadable file: exit 1' '
	setup && vouch sign -s k.key app.tar 2>/dev/null && echo x >>app.tar &&
	expect_code 1 vouch verify -p k.pub app.tar notes.txt 2>/dev/null && true
'

test_case 'garbled or truncated signature files: exit 1 with file and line' '
	setup && vouch sign -s k.key app.tar 2>/dev/null && cp app.tar.minisig good &&
	head -n 3 good >app.tar.minisig &&
	expect_code 1 vouch verify -p k.pub app.tar 2>err &&
	grep -q "app.tar.minisig:3: signature file is truncated: 3 lines of 4" err &&
	sed "2s/^..../!!!!/" good >app.tar.minisig &&
	expect_code 1 vouch verify -p k.pub app.tar 2>err &&
	grep -q "app.tar.minisig:2: signature: not valid base64" err &&
	sed "4s/^...//" good >app.tar.minisig &&
	expect_code 1 vouch verify -p k.pub app.tar 2>err &&
	grep -q "app.tar.minisig:4: global signature: expected 88 base64 characters" err &&
	head -c 100000 /dev/zero | tr "\0" a >app.tar.minisig &&
	expect_code 1 vouch verify -p k.pub app.tar 2>err &&
	grep -q "larger than 16384 bytes" err
'

test_case 'garbled or truncated key files: exit 3 naming the file and line' '
	setup && vouch sign -s k.key app.tar 2>/dev/null &&
	head -n 1 k.pub >bad.pub &&
	expect_code 3 vouch verify -p bad.pub app.tar 2>err &&
	grep -q "bad.pub:1: public key file is truncated" err &&
	sed "2s/.$//" k.key >bad.key &&
	expect_code 3 vouch sign -s bad.key app.tar 2>err &&
	grep -q "bad.key:2: secret key: expected 212 base64 characters" err &&
	expect_code 4 vouch sign -s nosuch.key app.tar 2>err &&
	grep -q "cannot open .nosuch.key." err
'

test_case 'wrong password: exit 1, nothing signed' '
	setup && VOUCH_PASSWORD=right vouch key generate --kdf-limits interactive -p pw.pub -s pw.key >/dev/null 2>&1 &&
	expect_code 1 env VOUCH_PASSWORD=wrong "$VOUCH_BIN" sign -s pw.key notes.txt 2>err &&
	grep -q "wrong password for .pw.key." err && test ! -e notes.txt.minisig &&
	VOUCH_PASSWORD=right vouch sign -s pw.key notes.txt 2>/dev/null &&
	vouch verify -p pw.pub notes.txt >/dev/null
'

test_case '--quiet prints nothing on success' '
	setup && vouch sign -s k.key app.tar 2>/dev/null &&
	vouch --quiet verify -p k.pub app.tar >out 2>&1 && test ! -s out
'

test_case 'a big file is signed in constant memory (streamed prehash)' '
	setup && head -c 200000000 /dev/zero >big &&
	vouch sign -s k.key big 2>/dev/null &&
	/usr/bin/time -f %M -o mem "$VOUCH_BIN" verify -p k.pub big >/dev/null &&
	test "$(cat mem)" -lt 100000
'
test_case 'a FIFO or a folder is refused at once (exit 3), not read' '
	setup && mkfifo pipe && mkdir folder &&
	expect_code 3 timeout 10 "$VOUCH_BIN" sign -s k.key pipe folder 2>err &&
	grep -q ".pipe. is not a regular file" err &&
	grep -q "cannot read .folder.: it is a folder" err
'
test_done
