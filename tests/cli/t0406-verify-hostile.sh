#!/usr/bin/env bash
# vouch verify must not pass when it should not: a prehashed ('ED') signature relabelled as a
# legacy ('Ed') one, a signed manifest read twice (once to check, once to use), and signature
# files in odd shapes (CRLF, extra lines).
. "$(dirname "$0")/lib.sh"
need_cmd /usr/bin/python3

# relabel.py SIG: the same signature file with the algorithm bytes "ED" changed to "Ed".
cat >"$TEST_DIR/relabel.py" <<'PY'
import base64, sys
lines = open(sys.argv[1]).read().split("\n")
blob = base64.b64decode(lines[1])
assert blob[:2] == b"ED", blob[:2]
lines[1] = base64.b64encode(b"Ed" + blob[2:]).decode()
sys.stdout.write("\n".join(lines))
PY

test_case 'an ED signature relabelled Ed does not verify for the file of its prehash' '
	vouch key generate --no-password -p k.pub -s k.key >/dev/null 2>&1 &&
	printf "release 1.0\n" >rel.tar &&
	vouch sign -s k.key rel.tar 2>/dev/null &&
	/usr/bin/python3 -c "import hashlib,sys; sys.stdout.buffer.write(hashlib.blake2b(open(\"rel.tar\",\"rb\").read(), digest_size=64).digest())" >forged &&
	/usr/bin/python3 relabel.py rel.tar.minisig >forged.minisig &&
	! cmp -s rel.tar forged &&
	expect_code 1 vouch verify -p k.pub forged 2>err &&
	grep -q "legacy" err && grep -q -- "--legacy" err
'

test_case '--legacy is explicit: it accepts Ed signatures (and still ED ones)' '
	vouch verify --legacy -p k.pub rel.tar >/dev/null &&
	vouch verify --legacy -p k.pub forged >/dev/null &&
	vouch verify -p k.pub rel.tar >/dev/null
'

if command -v strace >/dev/null; then
test_case 'verify --sums reads the manifest once: the bytes checked are the bytes used' '
	# LeakSanitizer cannot run under ptrace: leaks are checked by the other cases
	mkdir -p r && printf "a\n" >r/a && printf "b\n" >r/b &&
	vouch sign -s k.key --sums r 2>/dev/null &&
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=openat,open -o trace "$VOUCH_BIN" verify -p k.pub --sums r/SHA256SUMS >out &&
	test "$(grep -c ": OK$" out)" = 2 &&
	test "$(grep -c "r/SHA256SUMS\"" trace)" = 1
'
else
	test_skip 'verify --sums reads the manifest once' "needs strace to count the opens"
fi

test_case 'a signature file with CRLF line ends verifies; one with extra lines does not' '
	sed "s/\$/\r/" rel.tar.minisig >crlf.minisig && grep -q $'"'"'\r'"'"' crlf.minisig &&
	vouch verify -p k.pub -x crlf.minisig rel.tar >/dev/null &&
	{ cat rel.tar.minisig; echo "trusted comment: appended"; } >extra.minisig &&
	expect_code 1 vouch verify -p k.pub -x extra.minisig rel.tar 2>err &&
	grep -q "extra.minisig:5: unexpected text" err &&
	{ cat rel.tar.minisig; printf "\n\n"; } >blank.minisig &&
	vouch verify -p k.pub -x blank.minisig rel.tar >/dev/null
'

test_case 'a FIFO as the signature or the public key is refused at once' '
	mkfifo fifo &&
	if timeout 10 "$VOUCH_BIN" verify -p k.pub -x fifo rel.tar 2>err; then exit 1; fi &&
	grep -q "not a regular file" err &&
	if timeout 10 "$VOUCH_BIN" verify -p fifo rel.tar 2>err; then exit 1; fi &&
	grep -q "not a regular file" err
'
test_case 'attest verify: a FIFO as envelope or artifact is refused at once' '
	SOURCE_DATE_EPOCH=1700000000 vouch attest provenance -s k.key -o env.json rel.tar 2>/dev/null &&
	vouch attest verify -p k.pub env.json rel.tar >/dev/null &&
	if timeout 10 "$VOUCH_BIN" attest verify -p k.pub fifo 2>err; then exit 1; fi &&
	grep -q "not a regular file" err &&
	if timeout 10 "$VOUCH_BIN" attest verify -p k.pub env.json fifo 2>err; then exit 1; fi &&
	grep -q "not a regular file" err
'
test_done
