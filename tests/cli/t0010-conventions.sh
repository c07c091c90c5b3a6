#!/usr/bin/env bash
# The conventions syft, grype and trivy users expect: `version`, several
# `-o FORMAT=FILE` outputs, "did you mean", and missing paths refused before
# anything is written.
. "$(dirname "$0")/lib.sh"

export SMALL="$VOUCH_TOP/tests/fixtures/npm/small"
export SOURCE_DATE_EPOCH=1

test_case 'vouch version and vouch --version print the version of VERSION' '
	vouch version >a && vouch --version >b &&
	echo "vouch $(cat "$VOUCH_TOP/VERSION")" >want &&
	cmp_output want a && cmp_output want b
'

test_case 'vouch version keeps its verbs, and --help names the bare form' '
	[ "$(vouch version compare npm 1.0.0 1.0.1)" = "<" ] &&
	vouch version --help >h && grep -q "^usage: vouch version$" h && grep -q "^  compare " h
'

test_case 'a mistyped command, verb or option gets "did you mean", exit 2' '
	expect_code 2 vouch sbon . 2>err && grep -q "did you mean .sbom.?" err &&
	expect_code 2 vouch scna . 2>err && grep -q "did you mean .scan.?" err &&
	expect_code 2 vouch help asess 2>err && grep -q "did you mean .assess.?" err &&
	expect_code 2 vouch db imprt x 2>err && grep -q "did you mean .import.?" err &&
	expect_code 2 vouch version comapre npm 1 2 2>err && grep -q "did you mean .compare.?" err &&
	expect_code 2 vouch sbom --fromat spdx . 2>err && grep -q "did you mean .--format.?" err &&
	expect_code 2 vouch sbom --form spdx . 2>err && grep -q "did you mean .--format.?" err &&
	expect_code 2 vouch --verison 2>err && grep -q "did you mean .--version.?" err
'

test_case 'nothing close is guessed at' '
	expect_code 2 vouch frobnicate 2>err && ! grep -q "did you mean" err &&
	expect_code 2 vouch sbom --zzz . 2>err && ! grep -q "did you mean" err &&
	expect_code 2 vouch db x 2>err && ! grep -q "did you mean" err
'

test_case 'sbom -o FORMAT=FILE writes several documents at once' '
	vouch sbom -o cyclonedx-json=a.json -o spdx-json=b.json "$SMALL" >out &&
	! test -s out && ! test -e "cyclonedx-json=a.json" &&
	vouch sbom "$SMALL" >want-a.json && vouch sbom --format spdx "$SMALL" >want-b.json &&
	cmp want-a.json a.json && cmp want-b.json b.json &&
	vouch sbom -o "cyclonedx@1.7=c.json" -o spdx "$SMALL" >d.json &&
	vouch sbom --spec-version 1.7 "$SMALL" >want-c.json && cmp want-c.json c.json &&
	cmp want-b.json d.json &&
	vouch sbom --format spdx-json "$SMALL" >e.json && cmp want-b.json e.json
'

test_case 'sbom -o with an unknown format, two stdouts or one file twice: exit 2, nothing written' '
	expect_code 2 vouch sbom -o "cyclonedx-jsn=x.json" "$SMALL" >out 2>err &&
	grep -q "no output format is called .cyclonedx-jsn." err &&
	expect_code 2 vouch sbom -o spdx -o cyclonedx "$SMALL" >>out 2>err &&
	grep -q "only one --output can go to stdout" err &&
	expect_code 2 vouch sbom -o x.json -o spdx=x.json "$SMALL" >>out 2>err &&
	expect_code 2 vouch sbom -o "spdx@1.7=x.json" "$SMALL" >>out 2>err &&
	expect_code 2 vouch sbom -o "cyclonedx@9=x.json" "$SMALL" >>out 2>err &&
	! test -s out && [ -z "$(ls | grep "x.json")" ]
'

test_case 'assess -o FORMAT=FILE writes that format; an unknown FORMAT= is refused' '
	mkdir -p proj &&
	vouch assess --no-save -o json=r.json proj >out 2>/dev/null && ! test -s out &&
	python3 -c "import json,sys; d=json.load(open(\"r.json\")); assert d[\"tool\"]==\"vouch\", d" &&
	expect_code 2 vouch assess --no-save -o "jsn=r2.json" proj 2>err &&
	grep -q "no output format is called .jsn." err && ! test -e "jsn=r2.json" &&
	vouch assess --no-save -o markdown proj >md 2>/dev/null && grep -q "^# " md && ! test -e markdown
'

test_case 'a file name with = is still possible as ./NAME' '
	vouch sbom -o "./odd=name.json" "$SMALL" && test -s "odd=name.json"
'

test_case 'a missing PATH is refused before any output, naming it, exit 2' '
	expect_code 2 vouch sbom -o m.json "$SMALL" no-such-dir >out 2>err &&
	grep -q "no-such-dir. does not exist" err && ! test -e m.json && ! test -s out &&
	VOUCH_DB=$PWD/no.db expect_code 2 vouch scan no-such-dir >out 2>err &&
	grep -q "no-such-dir. does not exist" err && ! grep -q "database" err && ! test -s out &&
	expect_code 2 vouch assess --no-save --output r.html no-such-dir >out 2>err &&
	grep -q "no-such-dir. does not exist" err && ! test -e r.html && ! test -s out &&
	expect_code 2 vouch init --output v.toml no-such-dir 2>err &&
	grep -q "no-such-dir. does not exist" err && ! test -e v.toml &&
	ln -s nowhere dangling &&
	expect_code 2 vouch sbom -o m.json dangling 2>err && grep -q "dangling. does not exist" err &&
	! test -e m.json
'

test_done
