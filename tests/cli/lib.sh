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
#     corpus_case 'what it checks' BODY   test_case, or a skip when the corpus is absent
#     need_cmd CMD...         skip the rest of the script unless CMD exists
#     need_schemas NAME...    skip the rest of the script unless each JSON schema is found
#     have_schemas NAME...    true when each is found; else $schema_reason says why not
#     schema_case 'NAME...' 'what it checks' BODY   test_case, or a skip when a schema is missing
#
# $SCHEMAS is a folder of links to the official JSON schemas under the names of
# ../shared/corpus/schemas (cyclonedx-bom-1.6.schema.json, sarif-2.1.0.schema.json...):
# each taken from the npm packages scripts/bootstrap installs into build/node when
# they ship it, else from the corpus (see schema_sources below).
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
# beside TEST_DIR, not in it: a test that reads its whole folder must not see them
SCHEMAS="$TEST_DIR.schemas"
trap 'rm -rf "$TEST_DIR" "$SCHEMAS"' EXIT
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

# corpus_case NAME BODY: test_case NAME BODY when the corpus is there, else a skip
corpus_case() {
	if [ -d "$CORPUS" ]; then
		test_case "$1" "$2"
	else
		test_skip "$1" "shared corpus absent at $CORPUS"
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

# schema_sources: "NAME CANDIDATE..." lines, the first candidate found is linked as
# $SCHEMAS/NAME. The npm packages come first where they ship the same schema; for
# SARIF the corpus holds the final OASIS 2.1.0 schema and npm only its last draft
# (2.1.0-rtm.5, a little looser), so the corpus comes first there. No Debian or npm
# package ships the SPDX 2.3, OSV, OpenVEX or CSAF 2.0 JSON schemas.
schema_sources() {
	local cdx="$VOUCH_TOP/build/node/node_modules/@cyclonedx/cyclonedx-library/res/schema"
	local sarif="$VOUCH_TOP/build/node/node_modules/@microsoft/jest-sarif/lib/schemas"
	local c="$CORPUS/schemas"
	cat <<EOF
cyclonedx-bom-1.6.schema.json $cdx/bom-1.6.SNAPSHOT.schema.json $c/cyclonedx-bom-1.6.schema.json
cyclonedx-bom-1.7.schema.json $cdx/bom-1.7.SNAPSHOT.schema.json $c/cyclonedx-bom-1.7.schema.json
cyclonedx-spdx.schema.json $cdx/spdx.SNAPSHOT.schema.json $c/cyclonedx-spdx.schema.json
cyclonedx-jsf-0.82.schema.json $cdx/jsf-0.82.SNAPSHOT.schema.json $c/cyclonedx-jsf-0.82.schema.json
cyclonedx-cryptography-defs.schema.json $cdx/cryptography-defs.SNAPSHOT.schema.json $c/cyclonedx-cryptography-defs.schema.json
spdx.SNAPSHOT.schema.json $cdx/spdx.SNAPSHOT.schema.json
jsf-0.82.SNAPSHOT.schema.json $cdx/jsf-0.82.SNAPSHOT.schema.json
cryptography-defs.SNAPSHOT.schema.json $cdx/cryptography-defs.SNAPSHOT.schema.json
sarif-2.1.0.schema.json $c/sarif-2.1.0.schema.json $sarif/sarif-2.1.0-rtm.5.json
spdx-2.3.schema.json $c/spdx-2.3.schema.json
osv-schema.json $c/osv-schema.json
openvex.schema.json $c/openvex.schema.json
csaf-2.0.schema.json $c/csaf-2.0.schema.json
EOF
}

# Links the schemas found into $SCHEMAS (the SNAPSHOT names are the ones the npm
# CycloneDX schemas refer to each other by).
find_schemas() {
	local name cands cand
	mkdir -p "$SCHEMAS" || return 1
	while read -r name cands; do
		for cand in $cands; do
			if [ -f "$cand" ]; then
				ln -sfn "$cand" "$SCHEMAS/$name"
				break
			fi
		done
	done < <(schema_sources)
}
find_schemas

have_schemas() {
	local n missing= npm=
	if ! /usr/bin/python3 -c "import jsonschema" 2>/dev/null; then
		schema_reason="needs python3-jsonschema (scripts/bootstrap installs it)"
		return 1
	fi
	for n in "$@"; do
		[ -f "$SCHEMAS/$n" ] && continue
		missing="$missing '$n'"
		schema_sources | grep -q "^$n .*/build/node/" && npm=1
	done
	[ -z "$missing" ] && return 0
	schema_reason="schema$missing not found in $CORPUS/schemas"
	if [ -n "$npm" ]; then
		schema_reason="$schema_reason nor build/node (scripts/bootstrap installs it there from npm)"
	else
		schema_reason="$schema_reason (no Debian or npm package ships it)"
	fi
	return 1
}

need_schemas() {
	have_schemas "$@" || skip_all_reason=$schema_reason
}

# schema_case 'SCHEMA...' NAME BODY: test_case NAME BODY when each schema is
# found, else a skip that says which is missing.
schema_case() {
	if have_schemas $1; then
		test_case "$2" "$3"
	else
		test_skip "$2" "$schema_reason"
	fi
}

export -f expect_code cmp_output
export FIXTURES CORPUS TEST_DIR TEST_SRC VOUCH_TOP VOUCH_BUILD SCHEMAS

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
