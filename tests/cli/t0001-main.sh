#!/usr/bin/env bash
# The command table, global options, help, exit codes and output hygiene.
. "$(dirname "$0")/lib.sh"

test_case '--help lists every command of the contract' '
	vouch --help >out &&
	for c in sbom scan db version cvss key sign verify log env attest init assess; do
		grep -q "^  $c " out || { echo "missing $c"; exit 1; }
	done
'

test_case '--version prints the version' '
	vouch --version >out &&
	grep -Eq "^vouch [0-9]+\.[0-9]+\.[0-9]+" out
'

test_case 'no command is a usage error' '
	expect_code 2 vouch 2>err &&
	grep -q "^usage: vouch" err
'

test_case 'unknown command is a usage error naming it' '
	expect_code 2 vouch frobnicate 2>err &&
	grep -q "frobnicate" err
'

test_case 'unknown global option is a usage error' '
	expect_code 2 vouch --frob 2>err &&
	grep -q "unknown option" err
'

test_case 'help CMD and CMD --help print the usage' '
	for c in sbom scan db log assess; do
		vouch help $c >a && vouch $c --help >b &&
		grep -q "^usage: vouch $c" a && grep -q "^usage: vouch $c" b || exit 1
	done
'

test_case 'a command not built yet says so and exits 2' '
	for c in $(vouch --help | sed -n "s/^  \([a-z]*\) .*(not built yet)$/\1/p"); do
		expect_code 2 vouch $c 2>err &&
		grep -q "not implemented yet" err || exit 1
	done
'

test_case 'a write error on stdout is an error, not success' '
	if [ -w /dev/full ]; then
		expect_code 4 vouch --help >/dev/full 2>err &&
		grep -q "cannot write output" err
	fi
'

test_case 'closed standard streams do not break start-up' '
	vouch --version <&- 2>&- >out &&
	grep -q vouch out
'
test_done
