# helpers/serve-suppress.sh: findings suppressed by VEX or an ignore entry are
# stored as suppressed, with the reason, and counted as open nowhere; an ignore
# entry past its last day stops suppressing. Sourced by t1160 (SQLite) and
# t1161 (PostgreSQL) after $DB and sql (runs one SQL statement on the store) are
# set; expects lib.sh and helpers/serve.sh. The oracle is `vouch scan --vex
# --ignore` of the same SBOM.

EX="$VOUCH_TOP/examples/example-product"
export EX

test_case 'setup: the corpus advisories, the SBOM, an ignore file, the oracle scan' '
	vouch db import --db vulns.db "$CORPUS/osv" >/dev/null 2>&1 || test $? = 3
	vouch sbom "$EX" >sbom.json 2>/dev/null
	vouch scan --db vulns.db --format json sbom.json >plain.json 2>/dev/null ||
		test $? = 1
	# two findings accepted: one until a day far ahead, one with no end; neither the VEX one
	/usr/bin/python3 - <<-PY
	import json
	d = json.load(open("plain.json"))
	f = [x for x in d["findings"] if x["id"] != "PYSEC-2023-74" and x["purl"]]
	with open("ign.toml", "w") as o:
	    o.write("[[ignore]]\nid = \"%s\"\npackage = \"%s\"\nreason = \"not reachable: test\"\nexpires = 2099-12-31\n\n" % (f[0]["id"], f[0]["purl"]))
	    o.write("[[ignore]]\nid = \"%s\"\npackage = \"%s\"\nreason = \"accepted: test\"\n" % (f[1]["id"], f[1]["purl"]))
	PY
	vouch scan --db vulns.db --format json --vex "$EX/vex/lantern.openvex.json" --ignore ign.toml \
		sbom.json >oracle.json 2>/dev/null || test $? = 1
	test "$(jpy "len([f for f in d[\"findings\"] if f[\"suppressed\"]])" <oracle.json)" = 3
	test "$(jpy "len([f for f in d[\"findings\"] if not f[\"suppressed\"]])" <oracle.json)" -gt 3
	tok admin >admin.tok
'
serve_up S "$DB" --rate 0 --vulns "$TEST_DIR/vulns.db" --watch 0 --fix-days 1 ||
	skip_all_reason="server did not start"
URL=${S_URL:-}
export URL

# the oracle's findings as sorted (id, purl) pairs: suppressed ones, open ones
want() { jpy "sorted((f[\"id\"], f[\"purl\"]) for f in d[\"findings\"] if bool(f[\"suppressed\"]) == $1)" <oracle.json; }
# the server's for product beacon: suppressed (reason set) or open
got() { jpy "sorted((f[\"id\"], f[\"purl\"]) for f in d if bool(f[\"suppressed\"]) == $1)"; }
open_count() { api "$(cat admin.tok)" GET /api/v1/products | jpy "[p[\"open_findings\"] for p in d if p[\"name\"] == \"$1\"][0]"; }
export -f want got open_count

test_case 'a scan result uploaded: its suppressed findings stored as suppressed, with the reason' '
	vouch push --server "$URL" --token "$(cat admin.tok)" --product beacon --release 1.0.0 \
		sbom.json >/dev/null &&
	vouch push --server "$URL" --token "$(cat admin.tok)" --product beacon --release 1.0.0 \
		oracle.json >/dev/null &&
	api "$(cat admin.tok)" GET /api/v1/products/beacon/findings >f.json &&
	test "$(got True <f.json)" = "$(want True)" &&
	test "$(got False <f.json)" = "$(want False)" &&
	test "$(jpy "[f[\"suppressed\"] for f in d if f[\"id\"] == \"PYSEC-2023-74\"][0]" <f.json)" = \
		"VEX not_affected: vulnerable_code_not_in_execute_path" &&
	test "$(jpy "sorted(f[\"suppressed\"] for f in d if f[\"suppressed\"] and f[\"id\"] != \"PYSEC-2023-74\")" <f.json)" = \
		"['\''ignored: accepted: test'\'', '\''ignored: not reachable: test'\'']" &&
	test "$(jpy "sorted(str(f[\"suppressed_until\"]) for f in d if f[\"suppressed\"])" <f.json)" = \
		"['\''2099-12-31'\'', '\''None'\'', '\''None'\'']"
'

test_case 'suppressed findings are not open: the open list, the counts, the product page' '
	api "$(cat admin.tok)" GET "/api/v1/products/beacon/findings?open=1" >o.json &&
	test "$(jpy "sorted((f[\"id\"], f[\"purl\"]) for f in d)" <o.json)" = "$(want False)" &&
	n=$(jpy "len([f for f in d[\"findings\"] if not f[\"suppressed\"]])" <oracle.json) &&
	test "$(open_count beacon)" = "$n" &&
	api "$(cat admin.tok)" GET /api/v1/products/beacon/releases >r.json &&
	test "$(jpy "d[0][\"open_findings\"]" <r.json)" = "$n" &&
	api "$(cat admin.tok)" GET /product/beacon >page.html &&
	test "$(status)" = 200 &&
	! grep -q "PYSEC-2023-74" page.html &&
	grep -q "$(jpy "[f[\"id\"] for f in d[\"findings\"] if not f[\"suppressed\"]][0]" <oracle.json)" page.html
'

test_case 'past their fix target, only the open findings are deadlines' '
	sql "UPDATE findings SET first_seen = '\''2020-01-01T00:00:00Z'\''" &&
	api "$(cat admin.tok)" GET /api/v1/deadlines >d.json &&
	test "$(jpy "len([x for x in d[\"deadlines\"] if x[\"kind\"] == \"fix target\" and x[\"product\"] == \"beacon\"])" <d.json)" = \
		"$(jpy "len([f for f in d[\"findings\"] if not f[\"suppressed\"]])" <oracle.json)" &&
	! grep -q "PYSEC-2023-74" d.json
'

test_case 'a re-match keeps them suppressed, with their reasons' '
	vouch serve rematch --db "$DB" --vulns vulns.db >out || test $? = 1 &&
	grep -q "0 new findings, 0 fixed" out &&
	api "$(cat admin.tok)" GET /api/v1/products/beacon/findings >f2.json &&
	test "$(jpy "{f[\"source\"] for f in d}" <f2.json)" = "{'\''monitor'\''}" &&
	test "$(got True <f2.json)" = "$(want True)" &&
	test "$(got False <f2.json)" = "$(want False)"
'

test_case 'an ignore entry past its last day stops suppressing: stored, uploaded, re-matched' '
	id=$(jpy "[f[\"id\"] for f in d[\"findings\"] if (f.get(\"ignored\") or {}).get(\"expires\")][0]" <oracle.json) &&
	# the day passes (the store as a day after it would find it)
	sql "UPDATE findings SET suppressed_until = '\''2020-01-01'\'' WHERE suppressed_until IS NOT NULL" &&
	sql "UPDATE suppressions SET expires = '\''2020-01-01'\'' WHERE expires IS NOT NULL" &&
	n=$(jpy "len([f for f in d[\"findings\"] if not f[\"suppressed\"]])" <oracle.json) &&
	test "$(open_count beacon)" = "$((n + 1))" &&
	api "$(cat admin.tok)" GET "/api/v1/products/beacon/findings?open=1" | jpy "[f[\"id\"] for f in d]" | grep -q "$id" &&
	# a scan result whose entry had expired when uploaded, to another release
	/usr/bin/python3 -c "
import json
d = json.load(open(\"oracle.json\"))
for f in d[\"findings\"]:
    if (f.get(\"ignored\") or {}).get(\"expires\"):
        f[\"ignored\"][\"expires\"] = \"2020-01-01\"
json.dump(d, open(\"expired.json\", \"w\"))" &&
	vouch push --server "$URL" --token "$(cat admin.tok)" --product beacon --release 1.0.1 \
		sbom.json >/dev/null &&
	vouch push --server "$URL" --token "$(cat admin.tok)" --product beacon --release 1.0.1 \
		expired.json >/dev/null &&
	api "$(cat admin.tok)" GET /api/v1/products/beacon/releases >r.json &&
	test "$(jpy "[r[\"open_findings\"] for r in d if r[\"version\"] == \"1.0.1\"][0]" <r.json)" = "$((n + 1))" &&
	# a re-match: the expired entry no longer applies, the others still do
	vouch serve rematch --db "$DB" --vulns vulns.db >out || test $? = 1 &&
	test "$(open_count beacon)" = "$((2 * n + 2))" &&
	api "$(cat admin.tok)" GET /api/v1/products/beacon/findings >f3.json &&
	test "$(jpy "len([f for f in d if f[\"suppressed\"]])" <f3.json)" = 4
'

# a bundle: its VEX document is kept and applied to what later re-matches find
if [ -z "$skip_all_reason" ]; then
	. "$VOUCH_TOP/tests/lib/bundle.sh"
	{ bundle_setup && mkbundle good.vouch >/dev/null 2>&1; } || skip_all_reason="could not build the bundle"
fi
if [ -z "$skip_all_reason" ]; then
	webhook_start
	serve_up B "$DB" --rate 0 --bundle-key "$TEST_DIR/k.pub" || skip_all_reason="server did not start"
fi

test_case 'a bundle'"'"'s VEX applies to what a later re-match finds; the webhook hears only open ones' '
	URL=$B_URL
	vouch push --server "$URL" --token "$(cat admin.tok)" good.vouch >/dev/null &&
	vouch serve rematch --db "$DB" --vulns vulns.db --webhook "$HOOK" --webhook-level low >out ||
		test $? = 1 &&
	api "$(cat admin.tok)" GET /api/v1/products/lantern/findings >l.json &&
	test "$(jpy "[f[\"suppressed\"] for f in d if f[\"id\"] == \"PYSEC-2023-74\"][0]" <l.json)" = \
		"VEX not_affected (vex/lantern.openvex.json): vulnerable_code_not_in_execute_path" &&
	test "$(jpy "len([f for f in d if f[\"suppressed\"]])" <l.json)" = 1 &&
	test "$(jpy "sorted((f[\"id\"], f[\"purl\"]) for f in d if f[\"source\"] == \"monitor\")" <l.json)" = \
		"$(jpy "sorted((f[\"id\"], f[\"purl\"]) for f in d[\"findings\"])" <plain.json)" &&
	test "$(wc -l <hook.jsonl)" = 1 &&
	test "$(jpy "sorted(f[\"id\"] for f in d[\"findings\"] if f[\"product\"] == \"lantern\")" <hook.jsonl)" = \
		"$(jpy "sorted(f[\"id\"] for f in d[\"findings\"] if f[\"id\"] != \"PYSEC-2023-74\" and f[\"severity\"][\"level\"] in (\"low\", \"medium\", \"high\", \"critical\"))" <plain.json)" &&
	test "$(open_count lantern)" = \
		"$(jpy "len([f for f in d if not f[\"suppressed\"] and not f[\"fixed_at\"]])" <l.json)"
'
