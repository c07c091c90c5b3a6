#!/usr/bin/env bash
# Tamper evidence through the command line: flipped bytes in every file of a
# small log with two checkpoints make 'vouch log verify' fail (exit 1).
# Checkpoints are signed here by Python (python3-nacl), independently of
# vouch's signer. Every byte (three flips each) is covered in process by
# tests/unit/test_tlog.c; here a sample (every 5th byte, xor 0xff) keeps the
# run short.
. "$(dirname "$0")/lib.sh"
need_cmd /usr/bin/python3
/usr/bin/python3 -c 'import nacl.signing' 2>/dev/null ||
	skip_all_reason="needs python3-nacl (scripts/bootstrap installs it)"

cat >"$TEST_DIR/sign.py" <<'PY'
# sign.py LOG ORIGIN SIZE [SEED]: writes the next checkpoint of LOG for its
# first SIZE entries, signed with an Ed25519 key from SEED, per C2SP
# signed-note and tlog-checkpoint, with the root computed here (RFC 9162).
import base64, hashlib, os, sys, nacl.signing
log, origin, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
seed = (sys.argv[4] if len(sys.argv) > 4 else "seed").encode().ljust(32, b".")[:32]
def H(b): return hashlib.sha256(b).digest()
def mth(d):
    if not d: return H(b"")
    if len(d) == 1: return H(b"\x00" + d[0])
    k = 1
    while k * 2 < len(d): k *= 2
    return H(b"\x01" + mth(d[:k]) + mth(d[k:]))
idx = open(os.path.join(log, "index"), "rb").read()
ent = open(os.path.join(log, "entries"), "rb").read()
ends = [int.from_bytes(idx[i:i + 8], "big") for i in range(0, len(idx) - 7, 8)]
entries = [ent[(ends[i - 1] if i else 0):ends[i]] for i in range(len(ends))]
root = mth(entries[:size])
if os.environ.get("BAD_ROOT"): root = H(b"not the root")
text = ("%s\n%d\n%s\n" % (origin, size, base64.b64encode(root).decode())).encode()
sk = nacl.signing.SigningKey(seed)
pk = bytes(sk.verify_key)
kid = H(origin.encode() + b"\n\x01" + pk)[:4]
sig = sk.sign(text).signature
note = text + b"\n" + "\u2014 ".encode() + origin.encode() + b" " + base64.b64encode(kid + sig) + b"\n"
vkey = "%s+%s+%s\n" % (origin, kid.hex(), base64.b64encode(b"\x01" + pk).decode())
d = os.path.join(log, "checkpoints")
n = 1 + len([f for f in os.listdir(d) if f.endswith(".note")])
open(os.path.join(d, "%010d.vkey" % n), "w").write(vkey)
open(os.path.join(d, "%010d.note" % n), "wb").write(note)
PY

cat >"$TEST_DIR/flip.py" <<'PY'
# flip.py LOG: for every byte of every file of LOG, two flips (xor 0x01, xor
# 0xff), each in a fresh copy; 'vouch log verify' must exit 1 every time.
import os, shutil, subprocess, sys
vouch, log = os.environ["VOUCH_BIN"], sys.argv[1]
files = []
for root, _, names in os.walk(log):
    files += [os.path.relpath(os.path.join(root, n), log) for n in sorted(names)]
tried, missed = 0, []
shutil.rmtree("copy", ignore_errors=True)
shutil.copytree(log, "copy")
for rel in files:
    data = open(os.path.join(log, rel), "rb").read()
    for off in range(len(data) % int(sys.argv[2]), len(data), int(sys.argv[2])):
        mask = 0xff
        b = bytearray(data)
        b[off] ^= mask
        open(os.path.join("copy", rel), "wb").write(b)
        r = subprocess.run([vouch, "log", "verify", "--log", "copy"], capture_output=True)
        open(os.path.join("copy", rel), "wb").write(data)
        tried += 1
        if r.returncode != 1:
            missed.append("%s@%d^%02x: exit %d %s" % (rel, off, mask, r.returncode, r.stderr[:100]))
print("%d flips over %d files (%s), %d undetected" % (tried, len(files), " ".join(files), len(missed)))
for m in missed[:20]: print("  " + m)
sys.exit(1 if missed else 0)
PY

test_case 'a log with checkpoints signed independently verifies' '
	for i in 1 2 3 4 5; do printf "entry %s" $i >e$i; done &&
	vouch log append --log L e1 e2 >/dev/null &&
	/usr/bin/python3 sign.py L example.com/test 2 &&
	vouch log append --log L e3 e4 e5 >/dev/null &&
	/usr/bin/python3 sign.py L example.com/test 5 &&
	vouch log verify --log L >out && grep -q "^ok: 5 entries, 2 checkpoints" out
'

test_case 'flipped bytes in every file are detected (exit 1)' '
	/usr/bin/python3 flip.py L 5 >summary || { cat summary; exit 1; }
	cat summary
'

test_case 'the first bad entry is reported by index' '
	rm -rf C && cp -r L C &&
	printf X | dd of=C/entries bs=1 seek=16 conv=notrunc 2>/dev/null &&
	expect_code 1 vouch log verify --log C >out 2>err &&
	grep -q "^first bad entry: 2" out && grep -q "entry 2:" err
'

test_case 'a validly signed checkpoint with a wrong root fails' '
	rm -rf C && cp -r L C && BAD_ROOT=1 /usr/bin/python3 sign.py C example.com/test 5 &&
	expect_code 1 vouch log verify --log C 2>err && grep -q "checkpoint 3: its root" err
'

test_case 'a checkpoint smaller than the one before fails' '
	rm -rf C && cp -r L C && /usr/bin/python3 sign.py C example.com/test 3 &&
	expect_code 1 vouch log verify --log C 2>err && grep -q "smaller than checkpoint 2" err
'

test_case 'a checkpoint beyond the log, a missing checkpoint or key file, a foreign key fail' '
	rm -rf C && cp -r L C && /usr/bin/python3 sign.py C example.com/test 9 &&
	expect_code 1 vouch log verify --log C 2>err && grep -q "but the log has 5" err &&
	rm -rf C && cp -r L C && rm C/checkpoints/0000000001.note &&
	expect_code 1 vouch log verify --log C 2>err && grep -q "checkpoint 1 .*missing" err &&
	rm -rf C && cp -r L C && rm C/checkpoints/0000000002.vkey &&
	expect_code 1 vouch log verify --log C 2>err && grep -q "checkpoint 2 .*no key file" err &&
	rm -rf C && cp -r L C && cp C/checkpoints/0000000002.vkey k &&
	/usr/bin/python3 sign.py C example.com/test 5 other-seed &&
	cp k C/checkpoints/0000000003.vkey &&
	expect_code 1 vouch log verify --log C 2>err && grep -q "checkpoint 3" err
'
test_done
