#!/usr/bin/env bash
# Peak memory on the worst inputs a format's size cap allows (the fast part of bench/memory/,
# which runs every format at full size): documents that would take gigabytes once parsed are
# refused from their estimate or as they grow (TOML, YAML, XML, JSON), entities and aliases are
# never expanded past the cap, one element's thousands of attributes are refused before
# libxml2's quadratic check. Each run: exit 0, 1 or 3 with the refusal named, peak RSS under
# 1 GiB (under a sanitizer build, whose memory is not the product's, only the exit is checked).
. "$(dirname "$0")/lib.sh"
need_cmd python3 /usr/bin/time
GEN="$VOUCH_TOP/bench/memory/gen.py"
asan=0
ldd "$VOUCH_BIN" 2>/dev/null | grep -q libasan && asan=1
export GEN asan

# run CASE SCALE EXPECTED-EXIT [STDERR-PATTERN]: generates, runs under time -v, checks
run_case() {
	rm -rf in && mapfile -t args < <(python3 "$GEN" "$1" in "$2") &&
	rc=0 && (cd in && /usr/bin/time -v -o ../time "$VOUCH_BIN" "${args[@]}" >../out 2>../err) || rc=$?
	rss=$(sed -n "s/.*Maximum resident set size (kbytes): //p" time)
	echo "$1 at $2: exit $rc, $((rss / 1024)) MiB"
	head -3 err
	[ "$rc" = "$3" ] || { echo "expected exit $3"; return 1; }
	[ -z "${4:-}" ] || grep -q "$4" err || { echo "expected /$4/ on stderr"; return 1; }
	[ "$asan" = 1 ] || [ "$rss" -lt 1048576 ]
}
export -f run_case

test_case 'pom.xml of 16 MiB of empty elements: refused from its estimate' '
	run_case pom-empty 1 3 "would take about .* MiB of memory (over the 256 MiB limit)"
'

test_case 'pom.xml of one element with thousands of attributes: refused, at once' '
	run_case pom-attrs 0.05 3 "pom.xml:1: an element with more than 1024 attributes"
'

test_case 'pom.xml of the billion laughs: entities refused where declared' '
	run_case pom-laughs 1 3 "pom.xml:2: declares XML entities"
'

# the value count stops it first; a sanitizer build's arena (one allocation a value) the memory cap
test_case 'Cargo.lock of 16 MiB of [[a]] (the TOML cap): stopped by the value count or memory cap' '
	run_case cargo-tables 1 3 "Cargo.lock:.*\\(more than 2000000 values and keys\\|takes more than 256 MiB to hold\\)"
'

test_case 'pnpm-lock.yaml of 16 MiB (the YAML cap) of empty sequences: read within the limit' '
	run_case pnpm-nodes 1 0
'

test_case 'a workflow of 4 MiB of empty maps and one of nested aliases: checked or refused' '
	run_case ci-nodes 1 3 "b.yml:6:38: aliases expand to too many nodes"
'

# The npm reader is jsonr (one arena, src/util/jsonr.c): it stops when the
# arena would pass its cap; the jansson-based readers refuse from an estimate
# made before parsing. Either way the peak stays under the limit.
test_case 'package-lock.json of 64 MiB of empty arrays: refused within the memory cap' '
	run_case json-empty 1 3 "package-lock.json.* would take \\(about\\|over\\) .* MiB of memory"
'

test_done
