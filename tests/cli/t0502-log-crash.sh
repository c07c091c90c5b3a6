#!/usr/bin/env bash
# Crash safety of 'vouch log append': killed at every step of the commit
# protocol (VOUCH_TEST_CRASH, docs/internals/tlog.md) and at random moments
# with SIGKILL, the log always verifies and no acknowledged entry is lost.
. "$(dirname "$0")/lib.sh"
need_cmd /usr/bin/python3

for point in after-entries after-hashes before-index mid-index after-commit; do
	test_case "killed at $point: the log verifies, acknowledged entries stay" "
		for i in 1 2 3; do printf 'entry %s' \$i >f\$i; done &&
		rm -rf L && vouch log append --log L f1 f2 >acked &&
		vouch log root --log L >root-before &&
		rc=0 && { VOUCH_TEST_CRASH=$point vouch log append --log L f3 f3 >out 2>/dev/null || rc=\$?; } &&
		test \$rc -eq 137 && test ! -s out &&
		vouch log verify --log L >/dev/null &&
		size=\$(vouch log root --log L | cut -d' ' -f1) &&
		case $point in after-commit) test \$size -eq 4 ;; mid-index) test \$size -eq 3 ;; *) test \$size -eq 2 ;; esac &&
		vouch log root --log L --size 2 >root-after && cmp_output root-before root-after &&
		test \"\$(vouch log get --log L --index 1)\" = 'entry 2' &&
		vouch log append --log L f3 >next 2>warn &&
		case $point in
		after-commit) test \"\$(cat next)\" = 4 && test ! -s warn ;;
		mid-index) test \"\$(cat next)\" = 3 && grep -q '4 of index' warn ;;
		*) test \"\$(cat next)\" = 2 && grep -q 'cut an interrupted append' warn ;;
		esac &&
		vouch log verify --log L >/dev/null
	"
done

test_case 'torn tails (garbage past the committed end) are ignored by readers, cut by writers' '
	printf a >a && vouch log append --log T a a >/dev/null &&
	vouch log root --log T >r1 &&
	printf garbage >>T/entries && printf xyz >>T/index && head -c 40 /dev/urandom >>T/hashes &&
	vouch log verify --log T >/dev/null && vouch log root --log T >r2 && cmp_output r1 r2 &&
	vouch log append --log T a >out 2>warn && test "$(cat out)" = 2 &&
	grep -q "cut an interrupted append (7 bytes of entries, 3 of index, 40 of hashes)" warn &&
	vouch log verify --log T >/dev/null
'

cat >"$TEST_DIR/kill.py" <<'PY'
import os, random, signal, subprocess, sys, time
vouch = os.environ["VOUCH_BIN"]
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
runs, killed, acked_total, torn = int(sys.argv[1]), 0, 0, 0
os.makedirs("in", exist_ok=True)
expected = {0: b"first"}                   # acknowledged index -> bytes
open("in/first", "wb").write(b"first")
subprocess.run([vouch, "log", "append", "--log", "K", "in/first"], check=True, capture_output=True)
# how long an uninterrupted append takes here: kills land anywhere in 0..1.2 times that
t0 = time.monotonic()
for _ in range(5):
    subprocess.run([vouch, "log", "append", "--log", "K"] + ["in/first"] * 4, check=True,
                   capture_output=True)
span = (time.monotonic() - t0) / 5 * 1.2
for k in range(1, 21):
    expected[k] = b"first"
for run in range(runs):
    files = []
    for j in range(rng.randint(1, 4)):
        data = (b"run %d file %d " % (run, j)) * rng.choice([1, 50, 3000])
        fn = "in/%d-%d" % (run, j)
        open(fn, "wb").write(data)
        files.append((fn, data))
    p = subprocess.Popen([vouch, "log", "append", "--log", "K"] + [f for f, _ in files],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(rng.random() * span)
    p.send_signal(signal.SIGKILL)
    out, err = p.communicate()
    if p.returncode == -signal.SIGKILL:
        killed += 1
    if b"cut an interrupted append" in err:
        torn += 1
    lines = out.decode().split()
    # a printed index is acknowledged; printing happens only after the commit
    for k, line in enumerate(lines):
        expected[int(line)] = files[k][1]
    acked_total += len(lines)
    v = subprocess.run([vouch, "log", "verify", "--log", "K"], capture_output=True)
    assert v.returncode == 0, (run, v.stdout, v.stderr)
    if run % 20 == 0 or run == runs - 1:
        for idx, data in expected.items():
            got = subprocess.run([vouch, "log", "get", "--log", "K", "--index", str(idx)],
                                 capture_output=True, check=True).stdout
            assert got == data, (run, idx)
print("%d runs, %d killed mid-run, %d torn tails cut by the next append, "
      "%d entries acknowledged, all present" % (runs, killed, torn, acked_total))
PY

# 200 kills; 50 in a sanitizer build, where each process starts ten times slower
runs=200
case $VOUCH_BUILD in *-san) runs=50 ;; esac
test_case "$runs appends killed at random moments: always verifies, nothing acknowledged lost" "
	/usr/bin/python3 kill.py $runs >summary && cat summary &&
	grep -Eq '^$runs runs, [1-9][0-9]* killed' summary
"
test_done
