# lib.sh: sourced by every end-to-end script tests/cli/tNNNN-topic.sh.
#
# Each script runs in a fresh temporary folder with a clean environment
# (HOME inside it, LANG=C, TZ=UTC, no VOUCH_* but VOUCH_CORPUS). It calls
#
#     test_case 'what it checks' '
#             vouch sbom fixture >out &&
#             grep -q purl out
#     '
#
# once per case (the body is run by bash -e in a subshell, from the script's
# folder TEST_DIR) and ends with test_done. Helpers for the bodies:
#
#     expect_code N CMD...    run CMD, fail unless it exits with N
#     cmp_output EXPECTED ACTUAL   diff two files, fail when they differ
#     need_corpus             skip the rest of the script when the corpus is absent
#     need_cmd CMD...         skip the rest of the script unless CMD exists
#
# Output follows tests/run's protocol: ok -, FAIL -, skip - lines.
set -u

TEST_NAME=$(basename "$0" .sh)
TEST_SRC=$(cd "$(dirname "$0")" && pwd)
VOUCH_TOP=${VOUCH_TOP:-$(cd "$TEST_SRC/../.." && pwd)}
VOUCH_BUILD=${VOUCH_BUILD:-$VOUCH_TOP/build}
VOUCH_BIN="$VOUCH_BUILD/vouch"
FIXTURES="$VOUCH_TOP/tests/fixtures"
CORPUS=${VOUCH_CORPUS:-$VOUCH_TOP/../shared/corpus}

TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/vouch-$TEST_NAME.XXXXXX")
trap 'rm -rf "$TEST_DIR"' EXIT
for v in $(env | sed -n 's/^\(VOUCH_[A-Z_]*\)=.*/\1/p'); do
	case $v in VOUCH_CORPUS|VOUCH_BUILD|VOUCH_TOP) ;; *) unset "$v" ;; esac
done
export HOME="$TEST_DIR/home" LANG=C LC_ALL=C TZ=UTC NO_COLOR=1
unset XDG_CACHE_HOME XDG_CONFIG_HOME SOURCE_DATE_EPOCH
mkdir -p "$HOME"
cd "$TEST_DIR" || exit 1

test_count=0 test_pass=0 test_fail=0 test_skip=0
skip_all_reason=

vouch() { "$VOUCH_BIN" "$@"; }
export -f vouch
export VOUCH_BIN

expect_code() {
	local want=$1 got
	shift
	# in an if, bash -e does not end the test body when the command fails
	if "$@"; then got=0; else got=$?; fi
	if [ "$got" -ne "$want" ]; then
		echo "expected exit code $want, got $got from: $*" >&2
		return 1
	fi
	return 0
}

cmp_output() {
	if ! diff -u "$1" "$2" >&2; then
		echo "output differs: $1 vs $2" >&2
		return 1
	fi
}

need_corpus() {
	if [ ! -d "$CORPUS" ]; then
		skip_all_reason="shared corpus absent at $CORPUS"
	fi
}

need_cmd() {
	local c
	for c in "$@"; do
		if ! command -v "$c" >/dev/null 2>&1; then
			skip_all_reason="needs '$c', not installed (scripts/bootstrap installs it)"
			return 0
		fi
	done
}

export -f expect_code cmp_output
export FIXTURES CORPUS TEST_DIR TEST_SRC VOUCH_TOP VOUCH_BUILD

test_case() {
	local name=$1 body=$2 out rc
	test_count=$((test_count + 1))
	if [ -n "$skip_all_reason" ]; then
		echo "skip - $TEST_NAME.$test_count $name: $skip_all_reason"
		test_skip=$((test_skip + 1))
		return 0
	fi
	out=$(cd "$TEST_DIR" && bash -e -o pipefail -c "$body" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "ok - $TEST_NAME.$test_count $name"
		test_pass=$((test_pass + 1))
	else
		echo "FAIL - $TEST_NAME.$test_count $name (exit $rc)"
		printf '%s\n' "$out" | tail -40 | sed 's/^/    /'
		test_fail=$((test_fail + 1))
	fi
}

test_skip() {
	test_count=$((test_count + 1))
	echo "skip - $TEST_NAME.$test_count $1: $2"
	test_skip=$((test_skip + 1))
}

test_done() {
	echo "$TEST_NAME: $test_pass passed, $test_fail failed, $test_skip skipped"
	[ "$test_fail" -eq 0 ]
	exit $?
}
