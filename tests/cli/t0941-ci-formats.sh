#!/usr/bin/env bash
# vouch ci check: table, JSON and SARIF (validated against the SARIF 2.1.0 schema),
# exit codes, and hostile or broken pipeline files (named with their line, the rest
# still checked, exit 3).
. "$(dirname "$0")/lib.sh"

export CI_FIX="$FIXTURES/ci" HELPERS="$TEST_SRC/helpers"

test_case 'table: one compiler-style line per finding with its fix; summary on stderr' '
	expect_code 1 vouch ci check "$CI_FIX/github" >t.out 2>t.err &&
	grep -qx ".github/workflows/ci.yml:25: error \[script-injection\] .github.event.pull_request.title. is pasted into the run script: whoever writes it can run commands" t.out &&
	grep -q "^    fix: pass the value through .env:." t.out &&
	test "$(grep -c "^\.github/\|^action.yml" t.out)" = 38 &&
	grep -qx "vouch: 38 findings (18 errors, 18 warnings, 2 notes) in 9 pipeline files" t.err
'

schema_case sarif-2.1.0.schema.json 'SARIF: valid 2.1.0, the same findings as JSON, every rule described' '
	expect_code 1 vouch ci check --format sarif "$CI_FIX/github" >o.sarif 2>/dev/null &&
	expect_code 1 vouch ci check --format json "$CI_FIX/github" >o.json 2>/dev/null &&
	/usr/bin/python3 "$HELPERS/schema-check.py" "$SCHEMAS" sarif-2.1.0.schema.json o.sarif &&
	/usr/bin/python3 -c "
import json
s = json.load(open(\"o.sarif\"))[\"runs\"][0]
j = json.load(open(\"o.json\"))[\"findings\"]
rules = [r[\"id\"] for r in s[\"tool\"][\"driver\"][\"rules\"]]
assert len(rules) == 12 and \"curl-pipe-shell\" in rules, rules
got = sorted((r[\"locations\"][0][\"physicalLocation\"][\"artifactLocation\"][\"uri\"],
              r[\"locations\"][0][\"physicalLocation\"].get(\"region\", {}).get(\"startLine\", 0),
              r[\"ruleId\"], r[\"level\"]) for r in s[\"results\"])
want = sorted((x[\"path\"], x[\"line\"], x[\"rule\"], x[\"severity\"]) for x in j)
assert got == want, (got, want)
fps = [r[\"partialFingerprints\"][\"vouch/v1\"] for r in s[\"results\"]]
assert len(set(fps)) == len(fps)
"
'

schema_case sarif-2.1.0.schema.json 'SARIF of a tree-level finding (no line) is valid too' '
	mkdir -p bare &&
	expect_code 1 vouch ci check --format sarif --output bare.sarif bare 2>/dev/null &&
	/usr/bin/python3 "$HELPERS/schema-check.py" "$SCHEMAS" sarif-2.1.0.schema.json bare.sarif
'

test_case 'a clean tree exits 0; --fail-on error ignores warnings' '
	mkdir -p ok/.github/workflows &&
	cat >ok/.github/workflows/ci.yml <<-EOF &&
	on: [push, pull_request]
	permissions:
	  contents: read
	jobs:
	  test:
	    runs-on: ubuntu-latest
	    steps:
	      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
	      - run: make check
	EOF
	echo "version: 2" >ok/.github/dependabot.yml &&
	expect_code 0 vouch ci check ok >ok.out 2>ok.err && test ! -s ok.out &&
	grep -q "0 findings" ok.err &&
	sed -i "s/@11bd71901bbe5b1630ceea73d27597364c9af683/@v4/" ok/.github/workflows/ci.yml &&
	expect_code 1 vouch ci check ok >/dev/null 2>&1 &&
	expect_code 0 vouch ci check --fail-on error ok >/dev/null 2>&1 &&
	expect_code 1 vouch ci check --fail-on warning ok >/dev/null 2>&1
'

test_case 'a broken file is named with its line (exit 3); the other files are still checked' '
	mkdir -p b/.github/workflows && echo "version: 2" >b/.github/dependabot.yml &&
	printf "on: push\njobs:\n  x:\n    steps: [\n      - run: a\n" >b/.github/workflows/bad.yml &&
	printf "on: push\npermissions: {}\njobs:\n  y:\n    steps:\n      - uses: a/b@v1\n" >b/.github/workflows/good.yml &&
	expect_code 3 vouch ci check --format json b >b.json 2>b.err &&
	grep -q "^vouch: .github/workflows/bad.yml:[0-9]*:[0-9]*: " b.err &&
	/usr/bin/python3 -c "
import json
d = json.load(open(\"b.json\"))
assert [(x[\"path\"], x[\"line\"], x[\"rule\"]) for x in d[\"findings\"]] == [(\".github/workflows/good.yml\", 6, \"unpinned-action\")], d
assert len(d[\"problems\"]) == 1 and d[\"problems\"][0].startswith(\".github/workflows/bad.yml:\")
"
'

test_case 'an alias expansion bomb is refused quickly, named, exit 3' '
	mkdir -p bomb && {
		echo "a: &a [x, x, x, x, x, x, x, x, x, x]"
		p=a; for n in b c d e f g h i j; do
			echo "$n: &$n [*$p, *$p, *$p, *$p, *$p, *$p, *$p, *$p, *$p, *$p]"; p=$n
		done
		echo "job:"; echo "  script: *j"
	} >bomb/.gitlab-ci.yml &&
	expect_code 3 timeout 10 "$VOUCH_BIN" ci check bomb >/dev/null 2>bomb.err &&
	grep -q "^vouch: .gitlab-ci.yml:[0-9]*:[0-9]*: aliases expand to too many nodes" bomb.err
'

test_case 'deep nesting, a huge file, a missing include and one leaving the tree: named, exit 3' '
	mkdir -p h/.github/workflows &&
	/usr/bin/python3 -c "print(\"on: \" + \"[\" * 300 + \"]\" * 300)" >h/.github/workflows/deep.yml &&
	head -c 5000000 /dev/zero | tr "\0" "#" >h/.github/workflows/huge.yml &&
	printf "include:\n  - local: ci/none.yml\n  - local: ../../etc/passwd\n" >h/.gitlab-ci.yml &&
	expect_code 3 vouch ci check --format json h >h.json 2>h.err &&
	grep -q "deep.yml:1:[0-9]*: nesting too deep" h.err &&
	grep -q "huge.yml" h.err &&
	grep -q "included file .ci/none.yml. not found" h.err &&
	grep -q "include .\.\./\.\./etc/passwd. not read: outside the tree" h.err &&
	test "$(grep -c "^vouch: " h.err)" = 5
'

test_case 'a workflow or include linked out of the tree is not read, and named' '
	mkdir -p s/.github/workflows s/ci outside &&
	printf "on: pull_request\njobs:\n  x:\n    runs-on: self-hosted\n" >outside/w.yml &&
	ln -s ../../../outside/w.yml s/.github/workflows/w.yml &&
	ln -s ../../outside/w.yml s/ci/inc.yml &&
	printf "include: ci/inc.yml\n" >s/.gitlab-ci.yml &&
	expect_code 3 vouch ci check --format json s >s.json 2>s.err &&
	grep -q "^vouch: .github/workflows/w.yml: not read: a symbolic link out of the tree" s.err &&
	grep -q "^vouch: ci/inc.yml: not read: a symbolic link out of the tree" s.err &&
	! grep -q self-hosted-pr s.json
'

test_case 'usage: one tree, which must exist; unknown verbs' '
	mkdir -p a b &&
	expect_code 2 vouch ci check a b 2>/dev/null &&
	expect_code 2 vouch ci check nowhere 2>/dev/null &&
	expect_code 2 vouch ci chek 2>/dev/null &&
	expect_code 2 vouch ci check --format xml a 2>/dev/null &&
	vouch ci check --help | grep -q "fail-on"
'

test_done
