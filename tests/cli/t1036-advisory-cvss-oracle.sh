#!/usr/bin/env bash
# vouch advisory check, test 6.1.9 beyond the base score: the temporal and environmental
# scores of CVSS v2 objects and the scores and severities of v3.0 and v3.1 ones, against ae-cvss-calculator (npm)
# on random vectors, and a score off by 0.1 caught.
. "$(dirname "$0")/lib.sh"

node_dir="$VOUCH_BUILD/node"
[ -d "$VOUCH_TOP/build/node/node_modules/ae-cvss-calculator" ] && node_dir="$VOUCH_TOP/build/node"
if ! command -v node >/dev/null 2>&1 || [ ! -d "$node_dir/node_modules/ae-cvss-calculator" ]; then
	skip_all_reason='needs node and ae-cvss-calculator (scripts/bootstrap installs them into build/node)'
fi
export NODE_PATH="$node_dir/node_modules"

test_case 'zero disagreements with ae-cvss-calculator on 3000 v2/v3.0/v3.1 vectors (temporal, environmental, severities)' '
	node "$TEST_SRC/helpers/csaf-cvss-doc.js" 3000 20261207 >doc.json &&
	grep -q temporalScore doc.json && grep -q environmentalScore doc.json &&
	vouch advisory check doc.json >out && grep -q "doc.json: ok" out
'

test_case 'a v2 temporal score off by 0.1, or a wrong v3 severity, fails 6.1.9' '
	node "$TEST_SRC/helpers/csaf-cvss-doc.js" 200 7 >doc.json &&
	/usr/bin/python3 -c "
import json
d = json.load(open(\"doc.json\"))
s = d[\"vulnerabilities\"][0][\"scores\"]
t = [x[\"cvss_v2\"] for x in s if \"temporalScore\" in x.get(\"cvss_v2\", {})][0]
t[\"temporalScore\"] = round(t[\"temporalScore\"] + 0.1, 1) if t[\"temporalScore\"] < 10 else 9.9
e = [x[\"cvss_v3\"] for x in s if \"environmentalSeverity\" in x.get(\"cvss_v3\", {})][-1]
e[\"environmentalSeverity\"] = \"LOW\" if e[\"environmentalSeverity\"] != \"LOW\" else \"HIGH\"
json.dump(d, open(\"bad.json\", \"w\"))
" &&
	expect_code 1 vouch advisory check bad.json >out &&
	grep -q "6.1.9 invalid cvss computation: temporalScore" out &&
	grep -q "6.1.9 invalid cvss computation: environmentalSeverity" out &&
	[ "$(grep -c 6.1.9 out)" -eq 2 ]
'

test_done
