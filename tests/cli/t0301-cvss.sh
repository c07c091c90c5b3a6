#!/usr/bin/env bash
# vouch cvss: scores, severities, strict parsing, and a differential test
# against ae-cvss-calculator (npm) on random vectors of all four versions.
. "$(dirname "$0")/lib.sh"

test_case 'scores one line per vector' '
	vouch cvss "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" \
		"AV:N/AC:L/Au:N/C:P/I:P/A:P" \
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N" >out &&
	printf "9.8 CRITICAL\n7.5 HIGH\n9.3 CRITICAL\n" >want &&
	cmp_output want out
'

test_case 'an invalid vector is named on stderr, the rest scored, exit 3' '
	expect_code 3 vouch cvss "CVSS:3.1/AV:N/AC:L" "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N" >out 2>err &&
	grep -q "CVSS:3.1/AV:N/AC:L" err && grep -q "missing mandatory metric" err &&
	printf "0.0 NONE\n" >want && cmp_output want out
'

test_case 'metrics out of order are refused unless --any-order' '
	v="CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/SC:N/VI:H/SI:N/VA:H/SA:N" &&
	expect_code 3 vouch cvss "$v" 2>err && grep -q "out of order" err &&
	vouch cvss --any-order "$v" >out &&
	vouch cvss "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N" >want &&
	cmp_output want out
'

test_case 'reads vectors from stdin without operands' '
	printf "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n\nAV:L/AC:H/Au:M/C:N/I:N/A:P\n" |
		vouch cvss >out &&
	[ "$(wc -l <out)" -eq 2 ]
'

node_dir="$VOUCH_BUILD/node"
[ -d "$VOUCH_TOP/build/node/node_modules/ae-cvss-calculator" ] && node_dir="$VOUCH_TOP/build/node"
if ! command -v node >/dev/null 2>&1 || [ ! -d "$node_dir/node_modules/ae-cvss-calculator" ]; then
	test_skip 'differential test against ae-cvss-calculator' \
		'needs node and ae-cvss-calculator (scripts/bootstrap installs them into build/node)'
else
	export NODE_DIR="$node_dir"
	test_case 'zero disagreements with ae-cvss-calculator on 8000 random vectors' '
		node "$TEST_SRC/helpers/cvss-oracle.js" 8000 20261127 >oracle &&
		cut -f1 oracle | vouch cvss | cut -d" " -f1 >ours &&
		[ "$(wc -l <ours)" -eq 8000 ] &&
		paste oracle ours | awk -F"\t" "\$2 != \$3 { print; n++ } END { exit n > 0 }"
	'
fi
test_done
