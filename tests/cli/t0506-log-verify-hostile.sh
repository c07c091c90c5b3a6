#!/usr/bin/env bash
# vouch log verify and verify-proof must not pass when they should not: a checkpoint of
# another log re-labelled with this log's key name, a proof whose size or index is not the
# trusted tree's, ambiguous trust options, and log files that are not regular files.
. "$(dirname "$0")/lib.sh"
need_cmd minisign /usr/bin/python3 timeout

# relabel.py NOTE NAME PUBFILE: rewrites the signature line's key name to NAME and its key
# ID to the one NAME gives with the same key (c2sp.org/signed-note), keeping the signature.
cat >"$TEST_DIR/relabel.py" <<'PY'
import base64, hashlib, sys
note, name, pubfile = sys.argv[1:4]
pk = base64.b64decode(open(pubfile).read().splitlines()[1])[10:42]
text, sep, sigs = open(note, "rb").read().rpartition(b"\n\n")
blob = base64.b64decode(sigs.split(b" ")[2])
kid = hashlib.sha256(name.encode() + b"\n\x01" + pk).digest()[:4]
line = "\u2014 %s %s\n" % (name, base64.b64encode(kid + blob[4:]).decode())
sys.stdout.buffer.write(text + sep + line.encode())
PY

test_case 'a checkpoint of log M relabelled with log L'"'"'s key name is refused (verify-proof)' '
	minisign -G -W -p k.pub -s k.key >/dev/null &&
	for i in 1 2 3; do printf "e%s" $i >e$i; done &&
	vouch log append --log M e1 e2 e3 >/dev/null &&
	vouch log checkpoint --log M --secret k.key --origin example.com/M >cpM &&
	vouch log prove --log M --index 1 >p.json &&
	vouch log vkey --public k.pub --origin example.com/L >vkeyL &&
	/usr/bin/python3 relabel.py cpM example.com/L k.pub >forged &&
	grep -q "^example.com/M$" forged && grep -q "example.com/L " forged &&
	expect_code 1 vouch log verify-proof --proof p.json --checkpoint forged \
		--vkey "$(cat vkeyL)" --entry e2 2>err &&
	grep -q "origin" err &&
	vouch log vkey --public k.pub --origin example.com/M >vkeyM &&
	vouch log verify-proof --proof p.json --checkpoint cpM --vkey "$(cat vkeyM)" --entry e2
'

test_case 'a relabelled checkpoint stored in another log fails log verify' '
	vouch log append --log L e1 e2 e3 >/dev/null &&
	vouch log checkpoint --log L --secret k.key --origin example.com/L >/dev/null &&
	vouch log verify --log L --public k.pub >/dev/null &&
	cp forged L/checkpoints/0000000001.note &&
	expect_code 1 vouch log verify --log L --public k.pub 2>err &&
	grep -q "origin" err
'

test_case 'checkpoints of one log with different origins fail log verify' '
	vouch log append --log O e1 >/dev/null &&
	vouch log checkpoint --log O --secret k.key --origin example.com/one >/dev/null &&
	vouch log append --log O e2 >/dev/null &&
	vouch log checkpoint --log O --secret k.key --origin example.com/two >/dev/null &&
	expect_code 1 vouch log verify --log O --public k.pub 2>err &&
	grep -q "origin" err
'

test_case 'verify-proof --root needs the trusted size; a proof for another size is refused' '
	vouch log append --log V e1 e2 e3 >/dev/null &&
	vouch log prove --log V --index 1 >p3.json &&
	set -- $(vouch log root --log V) && test $1 = 3 && root=$2 &&
	vouch log verify-proof --proof p3.json --root $root --size 3 --entry e2 &&
	expect_code 2 vouch log verify-proof --proof p3.json --root $root --entry e2 2>err &&
	grep -q -- "--size" err &&
	sed "s/\"size\": 3/\"size\": 4/" p3.json >p4.json && grep -q "\"size\": 4" p4.json &&
	expect_code 1 vouch log verify-proof --proof p4.json --root $root --size 3 --entry e2 2>err &&
	grep -q "size" err
'

test_case 'a proof whose own root is not the trusted root is refused' '
	root=$(vouch log root --log V | cut -d" " -f2) &&
	other=$(vouch log root --log V --size 2 | cut -d" " -f2) &&
	sed "s/\"root\": \"[0-9a-f]*\"/\"root\": \"$other\"/" p3.json >pr.json &&
	! cmp -s p3.json pr.json &&
	expect_code 1 vouch log verify-proof --proof pr.json --root $root --size 3 --entry e2 2>err &&
	grep -q "root" err
'

test_case 'consistency proofs with --old-root need --old-size; a wrong old size is refused' '
	root=$(vouch log root --log V | cut -d" " -f2) &&
	vouch log consistency --log V --old 2 >c.json &&
	old=$(vouch log root --log V --size 2 | cut -d" " -f2) &&
	vouch log verify-proof --proof c.json --root $root --size 3 --old-root $old --old-size 2 &&
	expect_code 2 vouch log verify-proof --proof c.json --root $root --size 3 --old-root $old 2>/dev/null &&
	expect_code 1 vouch log verify-proof --proof c.json --root $root --size 3 --old-root $old --old-size 1 2>/dev/null
'

test_case '--root with --checkpoint (or --old-root with --old-checkpoint) is a usage error' '
	root=$(vouch log root --log V | cut -d" " -f2) &&
	expect_code 2 vouch log verify-proof --proof p.json --root $root --size 3 \
		--checkpoint cpM --vkey "$(cat vkeyM)" --entry e2 2>err &&
	grep -q "checkpoint" err &&
	vouch log consistency --log M --old 3 >c3.json &&
	expect_code 2 vouch log verify-proof --proof c3.json --checkpoint cpM --vkey "$(cat vkeyM)" \
		--old-root $root --old-size 3 --old-checkpoint cpM 2>/dev/null
'

for f in hashes index entries format; do
	test_case "a log whose '$f' is a FIFO gives a clear error, never hangs" '
		f='"$f"' &&
		rm -rf F && vouch log append --log F e1 >/dev/null &&
		rm F/$f && mkfifo F/$f &&
		for verb in verify root; do
			if timeout 10 "$VOUCH_BIN" log $verb --log F 2>err; then rc=0; else rc=$?; fi
			test $rc = 1 || test $rc = 4 || { echo "exit $rc from log $verb" >&2; exit 1; }
			grep -q "F/$f.*regular file" err || { cat err >&2; exit 1; }
		done &&
		if timeout 10 "$VOUCH_BIN" log append --log F e2 2>err; then rc=0; else rc=$?; fi &&
		{ test $rc = 1 || test $rc = 4; } && grep -q "F/$f.*regular file" err
	'
done

test_case 'oversized proofs and checkpoints are refused without being read whole' '
	root=$(vouch log root --log V | cut -d" " -f2) &&
	head -c 100000 /dev/zero | tr "\0" " " >big.json &&
	expect_code 3 vouch log verify-proof --proof big.json --root $root --size 3 --entry e2 2>err &&
	grep -q "big.json.*limit of 65536 bytes" err &&
	{ cat cpM; head -c 70000 /dev/zero | tr "\0" a; } >bigcp &&
	expect_code 3 vouch log verify-proof --proof p.json --checkpoint bigcp \
		--vkey "$(cat vkeyM)" --entry e2 2>err &&
	grep -q "bigcp.*limit" err
'

# refused_fast CMD...: CMD fails (exit 1, 3 or 4, never a timeout) naming a non-regular file.
refused_fast() {
	local rc
	if timeout 10 "$@" 2>err; then rc=0; else rc=$?; fi
	case $rc in 1 | 3 | 4) ;; *) echo "exit $rc from: $*" >&2; return 1 ;; esac
	grep -q "not a regular file" err || { cat err >&2; return 1; }
}
export -f refused_fast

test_case 'a checkpoint, proof or entry that is a FIFO gives a clear error, never hangs' '
	root=$(vouch log root --log V | cut -d" " -f2) &&
	rm -rf C && vouch log append --log C e1 >/dev/null &&
	vouch log checkpoint --log C --secret k.key --origin example.com/C >cpC &&
	rm C/checkpoints/0000000001.note && mkfifo C/checkpoints/0000000001.note &&
	refused_fast "$VOUCH_BIN" log verify --log C && grep -q "0000000001.note" err &&
	mkfifo fifo &&
	refused_fast "$VOUCH_BIN" log verify-proof --proof p.json --checkpoint fifo \
		--vkey "$(cat vkeyM)" --entry e2 &&
	refused_fast "$VOUCH_BIN" log verify-proof --proof fifo --root $root --size 3 --entry e2 &&
	refused_fast "$VOUCH_BIN" log verify-proof --proof p3.json --root $root --size 3 --entry fifo &&
	refused_fast "$VOUCH_BIN" log append --log C fifo
'
test_done
