#!/usr/bin/env bash
# vouch ci check: every rule on real-looking pipelines written for the purpose
# (tests/fixtures/ci). A line marked `expect: RULE` must have exactly that finding
# and every other line none: the cases that must fire and those that must not
# (pinned actions, base-branch checkouts, env-passed titles, curl | jq, hashed
# downloads, pinned images, workflow_call-only workflows, subfolders GitHub ignores).
. "$(dirname "$0")/lib.sh"

export CI_FIX="$FIXTURES/ci" HELPERS="$TEST_SRC/helpers"

test_case 'GitHub workflows and actions: each rule fires where marked and nowhere else' '
	expect_code 1 vouch ci check --format json "$CI_FIX/github" >gh.json 2>gh.err &&
	/usr/bin/python3 "$HELPERS/ci-expect.py" "$CI_FIX/github" gh.json
'

test_case 'GitLab CI and its local includes (wildcards, anchors, merge keys, spec headers): as marked' '
	expect_code 1 vouch ci check --format json "$CI_FIX/gitlab" >gl.json 2>gl.err &&
	/usr/bin/python3 "$HELPERS/ci-expect.py" "$CI_FIX/gitlab" gl.json &&
	/usr/bin/python3 -c "
import json
f = json.load(open(\"gl.json\"))[\"files\"]
assert f == [\".gitlab-ci.yml\", \"ci/build.yml\", \"ci/lint.yml\", \"ci/jobs/deploy-spec.yml\",
             \"ci/jobs/docs.yml\"], f
"
'

test_case 'every rule of the list is exercised by the fixtures' '
	vouch ci check --format json "$CI_FIX/github" >gh.json 2>/dev/null || true
	vouch ci check --format json "$CI_FIX/gitlab" >gl.json 2>/dev/null || true
	mkdir -p bare && vouch ci check --format json bare >bare.json 2>/dev/null || true
	/usr/bin/python3 -c "
import json
seen = set()
for n in (\"gh.json\", \"gl.json\", \"bare.json\"):
    seen |= {x[\"rule\"] for x in json.load(open(n))[\"findings\"]}
want = {\"unpinned-action\", \"unpinned-image\", \"unpinned-include\", \"permissions-missing\",
        \"permissions-broad\", \"untrusted-checkout\", \"script-injection\", \"secrets-inherit\",
        \"self-hosted-pr\", \"curl-pipe-shell\", \"cache-trust-boundary\", \"no-dependency-updates\"}
assert seen == want, (want - seen, seen - want)
"
'

test_case 'no dependency update configuration is a tree-level finding; each config clears it' '
	mkdir -p t/.github/workflows &&
	cp "$CI_FIX/github/.github/workflows/called.yml" t/.github/workflows/ &&
	expect_code 1 vouch ci check --format json t >t.json 2>/dev/null &&
	/usr/bin/python3 -c "
import json
f = json.load(open(\"t.json\"))[\"findings\"]
assert [(x[\"path\"], x[\"line\"], x[\"rule\"]) for x in f] == [(\".\", 0, \"no-dependency-updates\")], f
" &&
	for c in .github/dependabot.yml renovate.json .renovaterc.json .github/renovate.json5; do
		rm -rf t2 && cp -r t t2 && mkdir -p "t2/$(dirname "$c")" && echo "{}" >"t2/$c" &&
		expect_code 0 vouch ci check t2 >/dev/null 2>&1 || { echo "$c not seen" >&2; exit 1; }
	done
'

test_case 'severities: GitHub-owned actions warn, third-party ones are errors; inputs are notes' '
	vouch ci check --format json "$CI_FIX/github" >gh.json 2>/dev/null || true
	/usr/bin/python3 -c "
import json
f = json.load(open(\"gh.json\"))[\"findings\"]
lv = {(x[\"path\"], x[\"line\"]): x[\"severity\"] for x in f}
assert lv[(\".github/workflows/ci.yml\", 18)] == \"warning\"   # actions/checkout@v4
assert lv[(\".github/workflows/ci.yml\", 19)] == \"error\"     # octo-org/setup-tool@main
assert lv[(\".github/workflows/nightly.yml\", 13)] == \"note\" # inputs.version
assert lv[(\".github/workflows/ci.yml\", 25)] == \"error\"     # pull_request.title
for x in f:
    assert x[\"fix\"] and x[\"message\"], x
"
'

test_done
