#!/usr/bin/env bash
# vouch assess: static analysis results as SARIF ([evidence] sarif, sarif_level) from a
# real analyser (clang's static analyser writing SARIF), judged on 1.3.3 and kept as
# evidence of 1.3.2; suppressions and levels as SARIF 2.1.0 defines them.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1795737600 # 2026-11-27T00:00:00Z
need_cmd clang sha256sum
. "$VOUCH_TOP/tests/lib/assess.sh" # claim FILE ID KEY

# buggy DIR: a product whose C code has three defects clang finds, analysed into
# DIR/results/clang.sarif, with vouch.toml listing results/*.sarif (and $2 more lines)
buggy() {
	mkdir -p "$1/src" "$1/results" &&
	printf '%s\n' '#include <stdlib.h>' \
		'int leak(int x) { int *p = malloc(4); if (x) return 1; free(p); return 0; }' \
		'int null(void) { int *p = 0; return *p; }' \
		'int garbage(void) { int y; return y + 1; }' >"$1/src/a.c" &&
	(cd "$1" && clang --analyze --analyzer-output sarif -o results/clang.sarif src/a.c 2>/dev/null) &&
	printf '[evidence]\nsarif = ["results/*.sarif"]\n%s' "${2:-}" >"$1/vouch.toml"
}
run() { vouch assess --no-save --format json "$1" >"$1.json" 2>"$1.err"; }
export -f buggy run

test_case 'clang findings open: 1.3.3 not met, naming each rule clang reported' '
	buggy p && run p || true
	test "$(claim p.json 1.3.3 status)" = not_met &&
	n=$(/usr/bin/python3 -c "import json; print(len(json.load(open(\"p/results/clang.sarif\"))[\"runs\"][0][\"results\"]))") &&
	test "$n" -ge 3 &&
	claim p.json 1.3.3 argument | grep -q "^$n of $n static analysis results are open at or above level warning" &&
	for r in $(/usr/bin/python3 -c "import json; print(\" \".join(sorted({x[\"ruleId\"] for x in json.load(open(\"p/results/clang.sarif\"))[\"runs\"][0][\"results\"]})))"); do
		claim p.json 1.3.3 argument | grep -q "$r in src/a.c:" || { echo "no $r" >&2; exit 1; }
	done
'

test_case 'the SARIF file is evidence of 1.3.2 and 1.3.3, hashed; the tool and its count are recorded' '
	buggy p && run p || true
	sum=$(sha256sum p/results/clang.sarif | cut -d" " -f1) &&
	claim p.json 1.3.3 evidence | grep -q "\"results/clang.sarif\"" &&
	claim p.json 1.3.3 evidence | grep -q "$sum" &&
	claim p.json 1.3.2 evidence | grep -q "$sum" &&
	claim p.json 1.3.2 argument | grep -Eq "Static analysis results are kept: clang \([0-9]+ results\)"
'

test_case 'sarif_level = "error": clang warnings are below it, 1.3.3 met' '
	buggy p "sarif_level = \"error\"
" && run p || true
	test "$(claim p.json 1.3.3 status)" = met &&
	claim p.json 1.3.3 argument | grep -Eq "is open at or above level error: 0 suppressed.*, [0-9]+ below the level"
'

test_case 'accepted suppressions address findings; rejected and under-review ones do not' '
	buggy p && /usr/bin/python3 - p/results/clang.sarif <<-"PY" &&
	import json, sys
	d = json.load(open(sys.argv[1]))
	for i, r in enumerate(d["runs"][0]["results"]):
	    r["suppressions"] = [{"kind": "external", "status": "accepted" if i else "underReview",
	                          "justification": "reviewed"}]
	json.dump(d, open(sys.argv[1], "w"))
	PY
	{ run p || true; } &&
	test "$(claim p.json 1.3.3 status)" = not_met &&
	claim p.json 1.3.3 argument | grep -q "^1 of " &&
	/usr/bin/python3 - p/results/clang.sarif <<-"PY" &&
	import json, sys
	d = json.load(open(sys.argv[1]))
	d["runs"][0]["results"][0]["suppressions"][0]["status"] = "accepted"
	json.dump(d, open(sys.argv[1], "w"))
	PY
	{ run p || true; } &&
	test "$(claim p.json 1.3.3 status)" = met
'

test_case 'an analysis with no result is met: the analyser ran and found nothing' '
	mkdir -p c/results && echo "int ok(void) { return 0; }" >c/ok.c &&
	(cd c && clang --analyze --analyzer-output sarif -o results/clean.sarif ok.c) &&
	printf "[evidence]\nsarif = [\"results/*.sarif\"]\n" >c/vouch.toml &&
	{ run c || true; } &&
	test "$(claim c.json 1.3.3 status)" = met &&
	claim c.json 1.3.2 argument | grep -q "clang (0 results)"
'

test_case 'a missing or broken SARIF file is named, 1.3.3 unknown, exit 3' '
	mkdir -p b/results && echo "{\"version\":\"2.1.0\",\"runs\":[" >b/results/broken.sarif &&
	printf "[evidence]\nsarif = [\"results/*.sarif\", \"none/*.sarif\"]\n" >b/vouch.toml &&
	expect_code 3 run b &&
	grep -q "results/broken.sarif:[0-9]*:[0-9]*:" b.err &&
	grep -q "none/\*.sarif. matches no file" b.err &&
	test "$(claim b.json 1.3.3 status)" = unknown
'

test_case 'a bad sarif_level names the file and line' '
	mkdir -p l && printf "[evidence]\nsarif = []\nsarif_level = \"high\"\n" >l/vouch.toml &&
	! vouch assess --no-save --format json l >/dev/null 2>l.err &&
	grep -q "vouch.toml:3: sarif_level must be" l.err
'

test_case 'vouch ci check SARIF is read but left to the ci collector' '
	buggy p && mkdir -p p/.github/workflows &&
	printf "on: push\npermissions: {}\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: a/b@v1\n" >p/.github/workflows/ci.yml &&
	{ vouch ci check --format sarif p >p/results/ci.sarif 2>/dev/null || true; } &&
	{ run p || true; } &&
	claim p.json 1.3.2 argument | grep -q "vouch-ci ([0-9]* results\?, judged by the ci collector)" &&
	n=$(/usr/bin/python3 -c "import json; print(len(json.load(open(\"p/results/clang.sarif\"))[\"runs\"][0][\"results\"]))") &&
	claim p.json 1.3.3 argument | grep -q "^$n of $n "
'

test_done
