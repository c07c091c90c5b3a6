#!/usr/bin/env bash
# vouch sbom (and scan) on GitHub Actions workflows and composite actions.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"

# tests/fixtures/ghactions: a workflow (a pinned action, an unpinned one
# written in mixed case, an action in a folder of its repository, a local
# action, a docker image, a reusable workflow) and the local composite action.
export G="$FIXTURES/ghactions"

test_case 'workflow and composite action: purls, pinned and unpinned, reusable workflows; local and docker skipped' '
	vouch sbom "$G" >b.json &&
	purls --flags b.json >f &&
	cat >want <<-X &&
	pkg:githubactions/actions/cache@v4 required actions-unpinned,direct
	pkg:githubactions/actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 required actions-pinned,direct
	pkg:githubactions/actions/setup-node@v4 required actions-unpinned,direct
	pkg:githubactions/github/codeql-action%2Finit@v3.28.0 required actions-unpinned,direct
	pkg:githubactions/octo-org/shared%2F.github%2Fworkflows%2Frelease.yml@main required actions-reusable-workflow,actions-unpinned,direct
	X
	cmp_output want f &&
	[ "$(files_read b.json)" = 2 ] &&
	python3 -c "
import json; d = json.load(open(\"b.json\"))
c = {x[\"purl\"]: x for x in d[\"components\"]}
locs = [o[\"location\"] for o in c[\"pkg:githubactions/actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\"][\"evidence\"][\"occurrences\"]]
assert any(l.endswith(\".github/workflows/ci.yml\") for l in locs), locs
"
'

test_case 'only .yml and .yaml directly in .github/workflows are workflows; others by content only as PATH' '
	mkdir -p w/.github/workflows/sub w/other &&
	printf "jobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n" >w/.github/workflows/sub/x.yml &&
	cp w/.github/workflows/sub/x.yml w/other/ci.yml &&
	cp w/.github/workflows/sub/x.yml w/.github/workflows/x.yaml &&
	vouch sbom w >b.json && [ "$(files_read b.json)" = 1 ] &&
	vouch sbom w/other/ci.yml >c.json && purls c.json >f &&
	grep -qx "pkg:githubactions/actions/checkout@v4" f
'

test_case 'errors name their line, the rest of the workflow is read (exit 3)' '
	mkdir -p e/.github/workflows &&
	printf "jobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: nobody\n      - uses: actions/checkout@v4\n      - uses: [1]\n  b: not-a-job\n  c:\n    steps: nope\n" >e/.github/workflows/ci.yml &&
	expect_code 3 vouch sbom e >b.json 2>err &&
	purls b.json >f && grep -qx "pkg:githubactions/actions/checkout@v4" f &&
	grep -q "ci.yml:5: .nobody. is not OWNER/REPO\[/PATH\]@REF" err &&
	grep -q "ci.yml:7: .uses. is not a string" err &&
	grep -q "ci.yml:8: job .b. is not a mapping" err &&
	grep -q "ci.yml:10: .steps. is not a list" err
'

test_case 'scan: GitHub Actions advisories name OWNER/REPO, also for an action in a folder' '
	mkdir -p adv &&
	printf "{\"id\": \"GHSA-test-gha\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"GitHub Actions\", \"name\": \"github/codeql-action\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"3.28.1\"}]}]}]}\n" >adv/a.json &&
	vouch db import --db g.db adv >/dev/null &&
	{ vouch scan --db g.db --format json "$G" >s.json || [ $? -eq 1 ]; } &&
	python3 -c "
import json; d = json.load(open(\"s.json\"))
got = sorted((f[\"id\"], f[\"package\"], f[\"version\"]) for f in d[\"findings\"])
assert got == [(\"GHSA-test-gha\", \"github/codeql-action\", \"v3.28.0\")], got"
'

test_case 'scan: pkg:github from another tool'"'"'s SBOM is an action; a git dependency of vouch'"'"'s readers is not' '
	mkdir -p adv2 mix &&
	printf "{\"id\": \"GHSA-test-gh2\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"GitHub Actions\", \"name\": \"my-org/bar\"}, \"versions\": [\"bef3ee1d3618017061498b96c75043e8449ef9b5\"]}, {\"package\": {\"ecosystem\": \"GitHub Actions\", \"name\": \"actions/checkout\"}, \"versions\": [\"v4.1.0\"]}]}\n" >adv2/a.json &&
	vouch db import --db h.db adv2 >/dev/null &&
	printf "%%{\n  \"bar\": {:git, \"https://github.com/my-org/bar.git\", \"bef3ee1d3618017061498b96c75043e8449ef9b5\", []},\n}\n" >mix/mix.lock &&
	vouch scan --db h.db --format json mix >m.json 2>err &&
	python3 -c "import json; assert json.load(open(\"m.json\"))[\"findings\"] == []" &&
	grep -q "pkg:github/my-org/bar@bef3ee1d3618017061498b96c75043e8449ef9b5.*a GitHub repository (git dependency), not an action" err &&
	printf "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"version\": 1, \"components\": [{\"type\": \"library\", \"name\": \"checkout\", \"version\": \"v4.1.0\", \"purl\": \"pkg:github/actions/checkout@v4.1.0\"}]}\n" >syft.cdx.json &&
	{ vouch scan --db h.db --format json syft.cdx.json >b.json || [ $? -eq 1 ]; } &&
	python3 -c "
import json; d = json.load(open(\"b.json\"))
got = sorted((f[\"id\"], f[\"package\"], f[\"version\"]) for f in d[\"findings\"])
assert got == [(\"GHSA-test-gh2\", \"actions/checkout\", \"v4.1.0\")], got"
'

test_case 'scan: an action at a commit, branch or moving tag is not placed in ranges (no false finding, not partial)' '
	mkdir -p adv3 refs/.github/workflows &&
	printf "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n      - uses: actions/setup-node@v4\n      - uses: actions/cache@main\n      - uses: actions/upload-artifact@v4.1.0\n" >refs/.github/workflows/ci.yml &&
	printf "{\"id\": \"GHSA-test-gh3\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [" >adv3/a.json &&
	for a in checkout setup-node cache upload-artifact; do
		printf "{\"package\": {\"ecosystem\": \"GitHub Actions\", \"name\": \"actions/%s\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"4.2.0\"}]}]}," "$a" >>adv3/a.json
	done &&
	sed -i "s/,\$/]}/" adv3/a.json &&
	vouch db import --db w.db adv3 >/dev/null &&
	vouch scan --db w.db --format json refs >w.json 2>err &&
	python3 -c "
import json; d = json.load(open(\"w.json\"))
got = sorted((f[\"id\"], f[\"package\"], f[\"version\"]) for f in d[\"findings\"])
assert got == [(\"GHSA-test-gh3\", \"actions/upload-artifact\", \"v4.1.0\")], got" &&
	grep -q "3 range(s) of GitHub Actions advisories not evaluated: the action is used at a commit, branch or moving tag" err
'

need_corpus
export L="$CORPUS/lockfiles"
# misc-githubactions, each as .github/workflows/ci.yml: valid.yml (four step
# actions, two reusable workflows, one pinned of each), edge_cases.yaml (local
# and docker uses skipped; four malformed uses: errors, exit 3), empty.yml and
# no_jobs.yml (nothing, no error), invalid.yml (not YAML), jobs_not_map.yml
# ("jobs" a list): named.
test_case 'the corpus workflows: every one read, the broken ones named (exit 3)' '
	corpus_folder misc-githubactions .github/workflows/ci.yml 6 edge_cases.yaml invalid.yml jobs_not_map.yml &&
	purls --flags bom.json >f &&
	cat >want <<-X &&
	pkg:githubactions/actions/cache@main required actions-unpinned,direct
	pkg:githubactions/actions/checkout@v4 required actions-unpinned,direct
	pkg:githubactions/actions/setup-node@8e5e7e5ab8b370d6c329ec480221332ada57f0ab required actions-pinned,direct
	pkg:githubactions/actions/setup-python@v5.0.0 required actions-unpinned,direct
	pkg:githubactions/actions/upload-artifact@v4 required actions-unpinned,direct
	pkg:githubactions/docker/build-push-action@v6 required actions-unpinned,direct
	pkg:githubactions/github/codeql-action%2Fanalyze@v3 required actions-unpinned,direct
	pkg:githubactions/github/codeql-action%2Finit@v3 required actions-unpinned,direct
	pkg:githubactions/octo-org/example-repo%2F.github%2Fworkflows%2Freusable.yml@1234567890abcdef1234567890abcdef12345678 required actions-pinned,actions-reusable-workflow,direct
	pkg:githubactions/octo-org/example-repo%2F.github%2Fworkflows%2Freusable.yml@v1.2.3 required actions-reusable-workflow,actions-unpinned,direct
	X
	cmp_output want f &&
	[ "$(grep -c "edge_cases.yaml/.github/workflows/ci.yml:[0-9]*: .* is not OWNER/REPO" err)" = 4 ]
'

test_done
