#!/usr/bin/env bash
# vouch assess: the ci collector runs `vouch ci check` on the product tree. Findings are
# observed gaps of 2.1.3 (token scope) and 2.2.2 (who can change what the build runs);
# a clean check decides nothing, and no dependency-update bot is a note on 1.2.5.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1795737600 # 2026-11-27T00:00:00Z
need_cmd sha256sum
. "$VOUCH_TOP/tests/lib/assess.sh" # claim FILE ID KEY
run() { vouch assess --no-save --format json "$1" >"$1.json" 2>"$1.err"; }
export -f run

test_case 'the fixture pipelines: 2.1.3 and 2.2.2 not met, naming rules, files and lines as ci check does' '
	cp -r "$FIXTURES/ci/github" p && { run p || true; } &&
	vouch ci check --format json p >ci.json 2>/dev/null || true
	test "$(claim p.json 2.1.3 status)" = not_met &&
	test "$(claim p.json 2.2.2 status)" = not_met &&
	claim p.json 2.1.3 argument | grep -q "secrets-inherit (.github/workflows/ci.yml:66)" &&
	n=$(/usr/bin/python3 -c "
import json
f = json.load(open(\"ci.json\"))[\"findings\"]
print(sum(1 for x in f if x[\"rule\"] in (\"permissions-missing\", \"permissions-broad\", \"secrets-inherit\") and x[\"severity\"] != \"note\"))") &&
	claim p.json 2.1.3 argument | grep -q "found $n findings of workflow tokens" &&
	claim p.json 2.2.2 gap | grep -q "vouch ci check"
'

test_case 'every pipeline file checked is hashed evidence of 2.1.3 and 2.2.2' '
	cp -r "$FIXTURES/ci/github" p && { run p || true; } &&
	for f in .github/workflows/ci.yml .github/workflows/called.yml .github/actions/setup/action.yml action.yml; do
		sum=$(sha256sum "p/$f" | cut -d" " -f1)
		claim p.json 2.2.2 evidence | grep -q "$sum" || { echo "no $f" >&2; exit 1; }
	done &&
	claim p.json 2.1.3 evidence | grep -q "\"collector\": \"ci\""
'

test_case 'a clean pipeline decides nothing: argument only, no status from ci' '
	mkdir -p c/.github/workflows &&
	printf "on: push\npermissions:\n  contents: read\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n" >c/.github/workflows/ci.yml &&
	echo "version: 2" >c/.github/dependabot.yml &&
	{ run c || true; } &&
	test "$(claim c.json 2.1.3 status)" = unknown &&
	claim c.json 2.1.3 argument | grep -q "vouch ci check found no workflow tokens and secrets granted beyond the job.s need in the 1 pipeline definition" &&
	! claim c.json 1.2.5 argument | grep -q "vouch ci check"
'

test_case 'no Dependabot or Renovate: a note and a gap on 1.2.5, which a declaration may still decide' '
	mkdir -p d/.github/workflows && cp "$FIXTURES/ci/github/.github/workflows/called.yml" d/.github/workflows/ &&
	{ run d || true; } &&
	test "$(claim d.json 1.2.5 status)" = unknown &&
	claim d.json 1.2.5 argument | grep -q "found no configuration of automated component updates" &&
	claim d.json 1.2.5 gap | grep -q "Dependabot"
'

test_case 'a tree without pipelines: theme 2 untouched by ci' '
	mkdir -p e && echo x >e/README && { run e || true; } &&
	! claim e.json 2.1.3 argument | grep -q "vouch ci check" &&
	! claim e.json 2.2.2 argument | grep -q "vouch ci check"
'

test_case 'a product given as a file has no pipelines: no warning, nothing from ci' '
	echo x >a.txt && tar cf img.tar a.txt &&
	expect_code 0 vouch assess --no-save --format json img.tar >img.json 2>img.err &&
	! grep -q "pipelines" img.err &&
	! claim img.json 2.2.2 argument | grep -q "vouch ci check"
'

test_case 'an unparsable workflow is a warning naming it and a partial run' '
	mkdir -p f/.github/workflows && printf "on: [push\n" >f/.github/workflows/bad.yml &&
	expect_code 3 run f && grep -q "bad.yml:[0-9]*:[0-9]*:" f.err
'

test_done
