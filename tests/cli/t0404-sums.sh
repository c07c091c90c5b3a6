#!/usr/bin/env bash
# vouch sign --sums / vouch verify --sums: signed SHA256SUMS manifests of a release folder.
. "$(dirname "$0")/lib.sh"

setup() {
	rm -rf rel && mkdir -p rel/sub rel/a &&
	printf "one\n" >rel/app-1.0.tar.gz && printf "two\n" >rel/sub/notes.txt &&
	printf "3\n" >rel/a-b && printf "4\n" >rel/a/x && printf "5\n" >"rel/we ird\\name" &&
	vouch key generate --force --no-password -p k.pub -s k.key >/dev/null 2>&1
}
export -f setup

test_case 'SHA256SUMS lists every file, sorted, in sha256sum format; sha256sum -c agrees' '
	setup &&
	vouch sign -s k.key --sums rel 2>err &&
	grep -q "lists 5 files" err &&
	test -f rel/SHA256SUMS && test -f rel/SHA256SUMS.minisig &&
	(cd rel && find . -type f ! -name "SHA256SUMS*" -printf "%P\n" | LC_ALL=C sort |
		while IFS= read -r f; do sha256sum -- "$f"; done) >want &&
	cmp_output want rel/SHA256SUMS &&
	(cd rel && sha256sum --strict -c SHA256SUMS >/dev/null)
'

test_case 'minisign verifies the manifest signature' '
	if command -v minisign >/dev/null; then
		minisign -V -p k.pub -m rel/SHA256SUMS >/dev/null
	fi
'

test_case 'verify --sums checks the signature then every file' '
	vouch verify -p k.pub --sums rel/SHA256SUMS >out &&
	grep -q "^Trusted comment: timestamp:[0-9]*	file:SHA256SUMS	hashed$" out &&
	grep -qx "app-1.0.tar.gz: OK" out && grep -qx "sub/notes.txt: OK" out &&
	test "$(grep -c ": OK$" out)" = 5
'

test_case 'a changed file: exit 1, named, the others still checked' '
	echo tampered >>rel/sub/notes.txt &&
	expect_code 1 vouch verify -p k.pub --sums rel/SHA256SUMS >out 2>err &&
	grep -qx "sub/notes.txt: FAILED" out && grep -qx "app-1.0.tar.gz: OK" out &&
	grep -q "rel/sub/notes.txt. does not match its SHA-256 in .rel/SHA256SUMS. (line" err
'

test_case 'a missing file: exit 3' '
	setup && vouch sign -s k.key --sums rel 2>/dev/null &&
	rm rel/a-b &&
	expect_code 3 vouch verify -p k.pub --sums rel/SHA256SUMS >out 2>err &&
	grep -qx "a-b: FAILED open or read" out
'

test_case 'an edited manifest fails its signature before any file is read' '
	setup && vouch sign -s k.key --sums rel 2>/dev/null &&
	printf "%s  a-b\n" "$(printf "9\n" | sha256sum | cut -c1-64)" >>rel/SHA256SUMS &&
	expect_code 1 vouch verify -p k.pub --sums rel/SHA256SUMS >out 2>err &&
	grep -q "does not verify" err && ! grep -q ": OK" out
'

test_case 'a signed manifest cannot make the verifier read outside its folder' '
	setup && printf "%s  ../k.pub\n" "$(sha256sum <k.pub | cut -c1-64)" >rel/EVIL &&
	vouch sign -s k.key rel/EVIL 2>/dev/null &&
	expect_code 1 vouch verify -p k.pub --sums rel/EVIL >out 2>err &&
	grep -q "EVIL:1: name .../k.pub. is empty, absolute or goes up" err
'

test_case 'an unreadable file stops the manifest (exit 3, nothing written)' '
	setup && ln -s /etc/hostname rel/outside &&
	expect_code 3 vouch sign -s k.key --sums rel 2>err &&
	grep -q "rel/outside" err && test ! -e rel/SHA256SUMS
'

test_case '--sums-file names the manifest; usage errors' '
	setup && vouch sign -s k.key --sums rel --sums-file SUMS.txt 2>/dev/null &&
	test -f rel/SUMS.txt.minisig && ! grep -q "SUMS.txt" rel/SUMS.txt &&
	vouch verify -p k.pub --sums rel/SUMS.txt >/dev/null &&
	expect_code 2 vouch sign -s k.key --sums rel extra 2>/dev/null &&
	expect_code 2 vouch sign -s k.key --sums rel --sums-file ../x 2>/dev/null &&
	expect_code 2 vouch sign -s k.key --sums nosuchdir 2>err && grep -q "nosuchdir. does not exist" err &&
	expect_code 3 vouch sign -s k.key --sums rel/SUMS.txt 2>err && grep -q "not a folder" err
'
test_done
