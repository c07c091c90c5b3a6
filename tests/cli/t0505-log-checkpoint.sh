#!/usr/bin/env bash
# vouch log checkpoint: C2SP checkpoints signed with minisign key files (made
# by the Debian minisign binary), checked here independently in Python
# (python3-nacl) from the specs: the text lines, the key ID
# SHA-256(name || 0x0A || 0x01 || key)[:4], the Ed25519 signature, the vkey.
# A password-protected key costs an scrypt: one generation and one use here
# (wrong passwords are tested with 'vouch key').
. "$(dirname "$0")/lib.sh"
need_cmd minisign /usr/bin/python3
/usr/bin/python3 -c 'import nacl.signing' 2>/dev/null ||
	skip_all_reason="needs python3-nacl (scripts/bootstrap installs it)"

cat >"$TEST_DIR/check.py" <<'PY'
# check.py PUBFILE NOTEFILE SIZE HEXROOT ORIGIN [VKEY]
import base64, hashlib, sys, nacl.signing
pubfile, notefile, size, hexroot, origin = sys.argv[1:6]
pk = base64.b64decode(open(pubfile).read().splitlines()[1])[10:42]   # "Ed" || keyid || pk
note = open(notefile, "rb").read()
text, sep, sigs = note.rpartition(b"\n\n")
text += b"\n"
assert text == ("%s\n%s\n%s\n" % (origin, size, base64.b64encode(bytes.fromhex(hexroot)).decode())).encode(), text
lines = sigs.decode().splitlines()
assert len(lines) == 1 and lines[0].startswith("\u2014 " + origin + " "), lines
blob = base64.b64decode(lines[0].split(" ")[2], validate=True)
kid = hashlib.sha256(origin.encode() + b"\n\x01" + pk).digest()[:4]
assert blob[:4] == kid, (blob[:4].hex(), kid.hex())
nacl.signing.VerifyKey(pk).verify(text, blob[4:])       # raises if bad
if len(sys.argv) > 6:
    want = "%s+%s+%s" % (origin, kid.hex(), base64.b64encode(b"\x01" + pk).decode())
    assert sys.argv[6] == want, (sys.argv[6], want)
print("ok")
PY

test_case 'a checkpoint is a C2SP signed note that verifies independently' '
	minisign -G -W -p k.pub -s k.key >/dev/null &&
	for i in 1 2 3; do printf "e%s" $i >e$i; done &&
	vouch log append --log L e1 e2 e3 >/dev/null &&
	vouch log checkpoint --log L --secret k.key --origin example.com/log >cp1 &&
	set -- $(vouch log root --log L) &&
	vouch log vkey --public k.pub --origin example.com/log >vkey &&
	/usr/bin/python3 check.py k.pub cp1 $1 $2 example.com/log "$(cat vkey)" &&
	cmp_output cp1 L/checkpoints/0000000001.note &&
	vouch log verify --log L --public k.pub >out && grep -q "1 checkpoints" out
'

test_case 'later checkpoints are consistent; verify-proof checks them offline' '
	vouch log checkpoint --log L --secret k.key --origin example.com/log >cp2 &&
	cmp_output cp1 cp2 &&
	vouch log append --log L e1 e2 e3 e1 >/dev/null &&
	vouch log checkpoint --log L --secret k.key --origin example.com/log >cp3 &&
	set -- $(vouch log root --log L) && test $1 = 7 &&
	/usr/bin/python3 check.py k.pub cp3 7 $2 example.com/log &&
	vouch log verify --log L --public k.pub >out && grep -q "^ok: 7 entries, 3 checkpoints" out &&
	vouch log consistency --log L --old 3 >c.json &&
	vouch log verify-proof --proof c.json --checkpoint cp3 --old-checkpoint cp1 --vkey "$(cat vkey)" &&
	vouch log prove --log L --index 5 >p.json &&
	vouch log verify-proof --proof p.json --checkpoint cp3 --vkey "$(cat vkey)" --entry e3 &&
	expect_code 1 vouch log verify-proof --proof p.json --checkpoint cp3 --vkey "$(cat vkey)" --entry e2 2>/dev/null &&
	expect_code 1 vouch log verify-proof --proof c.json --checkpoint cp1 --old-checkpoint cp3 --vkey "$(cat vkey)" 2>err &&
	grep -q "vouch" err
'

test_case 'a checkpoint with a forged key or a forged text is refused' '
	minisign -G -W -p other.pub -s other.key >/dev/null &&
	expect_code 1 vouch log verify --log L --public other.pub 2>err &&
	grep -q "not signed by the --public key" err &&
	vouch log vkey --public other.pub --origin example.com/log >ovkey &&
	expect_code 1 vouch log verify-proof --proof p.json --checkpoint cp3 --vkey "$(cat ovkey)" --entry e3 2>/dev/null &&
	sed "2s/7/8/" cp3 >forged &&
	expect_code 1 vouch log verify-proof --proof p.json --checkpoint forged --vkey "$(cat vkey)" --entry e3 2>err &&
	grep -q "does not verify" err
'

test_case 'origins with a space or a plus are refused' '
	expect_code 2 vouch log checkpoint --log L --secret k.key --origin "a b" 2>/dev/null &&
	expect_code 2 vouch log checkpoint --log L --secret k.key --origin "a+b" 2>err &&
	grep -q "no spaces" err && test "$(ls L/checkpoints | grep -c note)" = 3
'

case $VOUCH_BUILD in
*-san) test_skip 'password-protected keys' 'scrypt (1 GiB) under the sanitizers is too slow for make check; run in the normal build' ;;
*) test_case 'password-protected keys (VOUCH_PASSWORD)' '
	VOUCH_PASSWORD=secret vouch key generate --public pw.pub --secret pw.key >/dev/null 2>&1 &&
	expect_code 4 vouch log checkpoint --log P2 --secret k.key --origin o 2>err >/dev/null &&
	grep -q "not a vouch log" err &&
	vouch log append --log P2 e1 >/dev/null &&
	VOUCH_PASSWORD=secret vouch log checkpoint --log P2 --secret pw.key --origin o >cp &&
	set -- $(vouch log root --log P2) &&
	/usr/bin/python3 check.py pw.pub cp $1 $2 o &&
	test "$(ls P2/checkpoints | grep -c note)" = 1
'
;;
esac
test_done
