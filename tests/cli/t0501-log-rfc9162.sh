#!/usr/bin/env bash
# vouch log against an independent RFC 9162 implementation written here in
# Python from the RFC's text (section 2.1): roots, inclusion and consistency
# proofs of random logs, and the command-line contract.
. "$(dirname "$0")/lib.sh"
need_cmd /usr/bin/python3

cat >"$TEST_DIR/rfc9162.py" <<'PY'
import hashlib, json, os, random, subprocess, sys

def H(b): return hashlib.sha256(b).digest()
def k_of(n):                     # largest power of two smaller than n
    k = 1
    while k * 2 < n: k *= 2
    return k
def mth(d):                      # RFC 9162 2.1.1
    if len(d) == 0: return H(b"")
    if len(d) == 1: return H(b"\x00" + d[0])
    k = k_of(len(d))
    return H(b"\x01" + mth(d[:k]) + mth(d[k:]))
def path(m, d):                  # 2.1.3.1
    if len(d) <= 1: return []
    k = k_of(len(d))
    if m < k: return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]
def subproof(m, d, b):           # 2.1.4.1
    n = len(d)
    if m == n: return [] if b else [mth(d)]
    k = k_of(n)
    if m <= k: return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]

vouch = os.environ["VOUCH_BIN"]
def run(*a, inp=None):
    return subprocess.run([vouch, "log"] + list(a), input=inp, capture_output=True, check=True).stdout

rng = random.Random(int(sys.argv[1]))
logdir = sys.argv[2]
entries = []
checks = 0
for batch in range(10):
    files = []
    for j in range(rng.choice([1, 1, 2, 3, 7])):
        data = bytes(rng.getrandbits(8) for _ in range(rng.choice([0, 1, 5, 40, 300])))
        fn = os.path.join(logdir + ".in", "e%d-%d" % (batch, j))
        os.makedirs(os.path.dirname(fn), exist_ok=True)
        open(fn, "wb").write(data)
        files.append(fn)
        entries.append(data)
    out = run("append", "--log", logdir, *files).decode().split()
    want = [str(i) for i in range(len(entries) - len(files), len(entries))]
    assert out == want, (out, want)
    n = len(entries)
    for size in sorted({0, n} | {rng.randint(0, n) for _ in range(4)}):
        got = run("root", "--log", logdir, "--size", str(size)).decode()
        assert got == "%d %s\n" % (size, mth(entries[:size]).hex()), (size, got)
        checks += 1
    for _ in range(6):
        size = rng.randint(1, n)
        m = rng.randrange(size)
        p = json.loads(run("prove", "--log", logdir, "--index", str(m), "--size", str(size)))
        assert p == {"index": m, "size": size, "root": mth(entries[:size]).hex(),
                     "path": [h.hex() for h in path(m, entries[:size])]}, (m, size, p)
        old = rng.randint(1, size)
        c = json.loads(run("consistency", "--log", logdir, "--old", str(old), "--size", str(size)))
        assert c == {"old": old, "size": size,
                     "path": [h.hex() for h in subproof(old, entries[:size], True)]}, (old, size, c)
        assert run("get", "--log", logdir, "--index", str(m)) == entries[m]
        checks += 3
print("checked %d roots, proofs and entries over %d entries" % (checks, len(entries)))
PY

test_case 'the empty tree: root is SHA-256 of nothing' '
	printf x >x && vouch log append --log L2 x >idx &&
	test "$(cat idx)" = 0 &&
	/usr/bin/python3 -c "import hashlib;print(\"0\",hashlib.sha256(b\"\").hexdigest())" >want &&
	vouch log root --log L2 --size 0 >got && cmp_output want got
'

# two random logs; one in a sanitizer build, where every process starts far slower
seeds="1 2"
case $VOUCH_BUILD in *-san) seeds=1 ;; esac
for seed in $seeds; do
	test_case "random log (seed $seed): roots, proofs, entries match the Python RFC 9162" "
		/usr/bin/python3 rfc9162.py $seed log$seed
	"
done

test_case 'append prints indexes in order, stdin with -' '
	printf a >a && printf b >b &&
	printf stdin | vouch log append --log S a - b >out &&
	printf "0\n1\n2\n" >want && cmp_output want out &&
	vouch log get --log S --index 1 >g && test "$(cat g)" = stdin
'

test_case 'an unreadable file is named, the rest appended, exit 3' '
	printf a >a &&
	mkdir -p folder &&
	expect_code 3 vouch log append --log P a folder a >out 2>err &&
	grep -q folder err && printf "0\n1\n" >want && cmp_output want out &&
	expect_code 2 vouch log append --log Q a missing-file >out 2>err &&
	grep -q "missing-file. does not exist" err && ! test -e Q && ! test -s out
'

test_case 'usage errors: no --log, index past the end, --old 0' '
	printf a >a && vouch log append --log U a >/dev/null &&
	expect_code 2 vouch log root 2>e1 &&
	expect_code 2 vouch log get --log U --index 1 2>err && grep -q "has 1 entries" err &&
	expect_code 2 vouch log prove --log U --index 0 --size 2 2>/dev/null &&
	expect_code 2 vouch log consistency --log U --old 0 2>/dev/null &&
	expect_code 2 vouch log frob 2>e4 &&
	grep -q "not a verb" e4 && grep -q required e1
'

test_case 'a folder that is not a log is refused' '
	mkdir notalog && expect_code 4 vouch log root --log notalog 2>err &&
	grep -q "not a vouch log" err
'

test_case 'verify-proof checks prove and consistency output offline' '
	for i in 1 2 3 4 5 6; do printf "e$i" >e$i; done &&
	vouch log append --log V e1 e2 e3 e4 e5 e6 >/dev/null &&
	vouch log prove --log V --index 4 >p.json &&
	root=$(vouch log root --log V | cut -d" " -f2) &&
	vouch log verify-proof --proof p.json --root $root --size 6 --entry e5 &&
	expect_code 1 vouch log verify-proof --proof p.json --root $root --size 6 --entry e4 2>/dev/null &&
	old=$(vouch log root --log V --size 3 | cut -d" " -f2) &&
	vouch log consistency --log V --old 3 >c.json &&
	vouch log verify-proof --proof c.json --root $root --size 6 --old-root $old --old-size 3 &&
	expect_code 1 vouch log verify-proof --proof c.json --root $old --size 6 --old-root $root --old-size 3 2>err &&
	grep -q "does not verify" err
'
test_done
