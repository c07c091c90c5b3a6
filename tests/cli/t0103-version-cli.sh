#!/usr/bin/env bash
# `vouch version compare` and `vouch version sort`: arguments, stdin, errors,
# exit codes, stability.
. "$(dirname "$0")/lib.sh"

test_case 'compare prints <, = or >' '
	[ "$(vouch version compare PyPI 1.0rc1 1.0)" = "<" ] &&
	[ "$(vouch version compare Debian 1:1.0 2.0)" = ">" ] &&
	[ "$(vouch version compare "Red Hat" 1.0-1.el8 0:1.0-1.el8)" = "=" ] &&
	[ "$(vouch version compare Debian:12 1.0~rc1 1.0)" = "<" ]
'

test_case 'compare reads "A B" lines from stdin, one result a line' '
	printf "1.0 2.0\n2.0 1.0\n1.0.0 1.0\n" | vouch version compare npm >out &&
	printf "<\n>\n=\n" >want && cmp_output want out
'

test_case 'a bad stdin line gets "?", is named with its line number, exit 3' '
	printf "1.0.0 2.0.0\n1..2 1.0.0\nonly-one\n3.0.0 2.0.0\n" >in
	expect_code 3 vouch version compare npm <in >out 2>err &&
	printf "<\n?\n?\n>\n" >want && cmp_output want out &&
	grep -q "^vouch: <stdin>:2: '"'"'1..2'"'"' is not an npm version: " err &&
	grep -q "^vouch: <stdin>:3: expected two versions" err &&
	[ "$(wc -l <err)" -eq 2 ]
'

test_case 'an invalid argument version is an error naming it, exit 3' '
	expect_code 3 vouch version compare Go v1.2-pre v1.0.0 >out 2>err &&
	[ ! -s out ] && grep -q "'"'"'v1.2-pre'"'"' is not a Go version: " err
'

test_case 'an unknown ecosystem is a usage error listing the known ones' '
	expect_code 2 vouch version compare pypi 1 2 2>err &&
	grep -q "unknown ecosystem '"'"'pypi'"'"'" err &&
	grep -q "PyPI" err && grep -q "Red Hat" err && grep -q "crates.io" err
'

test_case 'compare with one version is a usage error' '
	expect_code 2 vouch version compare npm 1.0.0 2>err &&
	grep -q "either no version or two" err
'

test_case 'sort orders oldest first and keeps equal versions in input order' '
	printf "1.0.0\n1.0.0-rc.1\nv1.0.0\n0.9.0\n1.0.0+build\n1.0.0-alpha\n" |
		vouch version sort npm >out &&
	printf "0.9.0\n1.0.0-alpha\n1.0.0-rc.1\n1.0.0\nv1.0.0\n1.0.0+build\n" >want &&
	cmp_output want out
'

test_case 'sort puts invalid lines last in input order, names them, exit 3' '
	printf "2.0\nnot a version\n\n1.0\n2:x\n" >in
	expect_code 3 vouch version sort Debian <in >out 2>err &&
	printf "1.0\n2.0\nnot a version\n2:x\n" >want && cmp_output want out &&
	grep -q "^vouch: <stdin>:2: " err && grep -q "^vouch: <stdin>:5: " err
'

test_case 'sort of a PyPI list with legacy versions' '
	printf "1.0\n0.9-doduo\n1.0rc1\n1.0.post1\n1!0.1\n" | vouch version sort PyPI >out &&
	printf "0.9-doduo\n1.0rc1\n1.0\n1.0.post1\n1!0.1\n" >want && cmp_output want out
'

test_case 'versions longer than 1024 bytes are refused' '
	v=$(head -c 1100 /dev/zero | tr "\0" 1)
	expect_code 3 vouch version compare npm "$v" 1.0.0 2>err &&
	grep -q "longer than 1024 bytes" err
'

test_case 'version --help lists the verbs' '
	vouch version --help >out && grep -q "compare" out && grep -q "sort" out &&
	vouch version compare --help >out && grep -q "^usage: vouch version compare" out
'

test_case 'the documented example works' '
	printf "1.2.3\n1.2.3-rc.1\n1.10.0\n" | vouch version sort npm >out &&
	printf "1.2.3-rc.1\n1.2.3\n1.10.0\n" >want && cmp_output want out &&
	[ "$(vouch version compare Debian 1:1.0~rc1-1 1.0-1)" = ">" ] &&
	[ "$(vouch version compare Alpine 1.2.3_rc1-r0 1.2.3-r0)" = "<" ]
'

test_done
