#!/usr/bin/env bash
# vouch serve rematch: stored SBOMs matched again against the database, with
# `vouch scan` of the same SBOM as the oracle; first_seen kept, fixed_at set
# when a component goes, the webhook receiving new findings at its level
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
need_corpus

DB="sqlite:$TEST_DIR/serve.db"
EX="$VOUCH_TOP/examples/example-product"
export DB EX

[ -n "$skip_all_reason" ] || webhook_start

test_case 'setup: the corpus advisories, an SBOM stored for a release, the oracle scan' '
	vouch db import --db vulns.db "$CORPUS/osv" 2>/dev/null >/dev/null || test $? = 3
	vouch sbom "$EX" >sbom.json 2>/dev/null
	vouch scan --db vulns.db --format json sbom.json >oracle.json 2>/dev/null || test $? != 2 -a $? != 4
	test "$(jpy "len(d[\"findings\"])" <oracle.json)" -gt 5
	tok admin >admin.tok
'
serve_up S "$DB" --rate 0 --vulns "$TEST_DIR/vulns.db" || skip_all_reason="server did not start"
URL=${S_URL:-}
export URL
[ -n "$skip_all_reason" ] || "$VOUCH_BIN" -q push --server "$URL" --token "$(cat "$TEST_DIR/admin.tok")" \
	--product lantern --release 2.1.0 "$TEST_DIR/sbom.json"

test_case 'a re-match records exactly the findings vouch scan gives, and calls the webhook' '
	expect_code 1 vouch serve rematch --db "$DB" --vulns vulns.db --webhook "$HOOK" \
		--webhook-level low >out
	grep -q "1 releases matched: $(jpy "len(d[\"findings\"])" <oracle.json) new findings, 0 fixed" out
	api "$(cat admin.tok)" GET /api/v1/products/lantern/findings >f.json
	test "$(jpy "sorted((f[\"id\"], f[\"purl\"], f[\"severity\"]) for f in d)" <f.json)" = \
	     "$(jpy "sorted((f[\"id\"], f[\"purl\"], f[\"severity\"][\"level\"]) for f in d[\"findings\"])" <oracle.json)"
	test "$(jpy "{f[\"source\"] for f in d}" <f.json)" = "{'\''monitor'\''}"
	test "$(wc -l <hook.jsonl)" = 1
	test "$(head -1 hook.jsonl | jpy "sorted(f[\"id\"] for f in d[\"findings\"])")" = \
	     "$(jpy "sorted(f[\"id\"] for f in d[\"findings\"] if f[\"severity\"][\"level\"] in (\"low\",\"medium\",\"high\",\"critical\") and not f.get(\"vex\"))" <oracle.json)"
'

test_case 'a second re-match finds nothing new, keeps first_seen, and calls no webhook' '
	api "$(cat admin.tok)" GET /api/v1/products/lantern/findings >f1.json
	sleep 1.1
	vouch serve rematch --db "$DB" --vulns vulns.db --webhook "$HOOK" >out
	grep -q "0 new findings, 0 fixed" out
	api "$(cat admin.tok)" GET /api/v1/products/lantern/findings >f2.json
	test "$(jpy "sorted((f[\"id\"], f[\"purl\"], f[\"first_seen\"]) for f in d)" <f1.json)" = \
	     "$(jpy "sorted((f[\"id\"], f[\"purl\"], f[\"first_seen\"]) for f in d)" <f2.json)"
	test "$(wc -l <hook.jsonl)" = 1
'

test_case 'a component gone from the newest SBOM: its findings get fixed_at' '
	gone=$(jpy "d[\"findings\"][0][\"purl\"]" <oracle.json)
	/usr/bin/python3 -c "
import json, sys
d = json.load(open(\"sbom.json\"))
d[\"components\"] = [c for c in d[\"components\"] if c.get(\"purl\") != sys.argv[1]]
json.dump(d, open(\"sbom2.json\", \"w\"))" "$gone"
	vouch push --server "$URL" --token "$(cat admin.tok)" --product lantern --release 2.1.0 sbom2.json
	n=$(jpy "len([f for f in d[\"findings\"] if f[\"purl\"] == \"$gone\"])" <oracle.json)
	api "$(cat admin.tok)" POST /api/v1/rematch >r.json
	test "$(status)" = 200
	test "$(jpy "(d[\"new_findings\"], d[\"fixed\"])" <r.json)" = "(0, $n)"
	api "$(cat admin.tok)" GET "/api/v1/products/lantern/findings" >f3.json
	test "$(jpy "sorted({f[\"purl\"] for f in d if f[\"fixed_at\"]})" <f3.json)" = "['\''$gone'\'']"
	api "$(cat admin.tok)" GET /api/v1/audit | jpy "[a[\"action\"] for a in d]" | grep -q rematch
'
test_done
