# helpers/serve-summary.sh: the pages that summarise every product (the
# portfolio, the product listing and export, a product's page and API) after
# uploads, a re-match and a schema upgrade, read through two servers on one
# database. Sourced by t1150 (SQLite) and t1151 (PostgreSQL) after $DB is set
# (sql(), helpers/serve.sh, reaches it directly). The oracle
# (helpers/summary-check.py) counts the open findings listed one by one and
# reads the newest assessment document, not the summaries kept at write time;
# the pages each server keeps per data generation must never be stale.

EX="$VOUCH_TOP/examples/example-product"
export EX
# check URL: every summary on that server against the oracle; "NAME OPEN" lines to ./counts
check() { python3 "$TEST_SRC/helpers/summary-check.py" "$1" "$(cat view.tok)" >counts; }
# doc NAME VERSION SEED [DROP]: assess.json as product NAME, statuses drawn with SEED
doc() {
	python3 - "$@" <<'PY'
import json, random, sys
name, version, seed = sys.argv[1:4]
drop = sys.argv[4] if len(sys.argv) > 4 else None
d = json.load(open("assess.json"))
d["product"]["name"], d["product"]["version"] = name, version
rnd = random.Random(int(seed))
d["principles"] = [p for p in d["principles"] if p["id"] != drop]
for p in d["principles"]:
    p["status"] = rnd.choice(["met", "not_met", "unknown", "not_applicable"])
json.dump(d, open("%s-%s-%s.json" % (name, version, seed), "w"))
PY
}
# scan NAME VERSION N...: a scan result with findings GHSA-N (severities in turn) to push
scan() {
	python3 - "$@" <<'PY'
import json, sys
name, version, ids = sys.argv[1], sys.argv[2], sys.argv[3:]
levels = ["critical", "high", "medium", "low"]
f = [{"id": "GHSA-test-%s" % i, "purl": "pkg:pypi/demo%s@1.0" % i,
      "severity": {"level": levels[int(i) % 4], "score": 5.0}} for i in ids]
json.dump({"findings": f}, open("scan.json", "w"))
PY
	vouch push --server "$S1_URL" --token "$(cat up.tok)" --product "$1" --release "$2" \
		scan.json >/dev/null
}
export -f check doc scan

test_case 'setup: tokens, assessments for three products, two servers on one database' '
	(cd "$EX" && vouch assess --format json --no-save .) >assess.json 2>/dev/null
	tok admin >up.tok
	tok viewer >view.tok
	doc alpha 1.0 1 && doc beta 1.0 2 4.3 && doc gamma 3.0 3
'
if [ -z "$skip_all_reason" ]; then
	serve_spawn S1 "$DB" --rate 0
	serve_spawn S2 "$DB" --rate 0
	serve_wait S1 && serve_wait S2 || skip_all_reason="servers did not start"
fi

test_case 'the portfolio and the listings show each product as its newest assessment states' '
	for f in alpha-1.0-1 beta-1.0-2 gamma-3.0-3; do
		vouch push --server "$S1_URL" --token "$(cat up.tok)" $f.json >/dev/null
	done
	check "$S1_URL" && check "$S2_URL"
	test "$(cat counts)" = "$(printf "alpha 0\nbeta 0\ngamma 0")"
	# beta has no principle 4.3: its cell says so
	curl -sS -H "Authorization: Bearer $(cat view.tok)" "$S2_URL/portfolio" >p.html
	grep -c "class=x>no data<" p.html | grep -qx 1
'

test_case 'uploads change the counts at once on both servers (kept pages are not served stale)' '
	check "$S1_URL" && check "$S2_URL" # both now hold the pages of this generation
	scan alpha 1.0 1 2 3
	check "$S2_URL"
	test "$(cat counts)" = "$(printf "alpha 3\nbeta 0\ngamma 0")"
	check "$S1_URL"
	scan alpha 2.0 7 && scan beta 1.0 1 2
	check "$S2_URL" && check "$S1_URL"
	test "$(cat counts)" = "$(printf "alpha 4\nbeta 2\ngamma 0")"
'

test_case 'a finding gone from a scan is fixed: counts fall on every page and per release' '
	scan alpha 1.0 1 3
	check "$S2_URL"
	test "$(cat counts)" = "$(printf "alpha 3\nbeta 2\ngamma 0")"
	scan beta 1.0
	check "$S1_URL" && check "$S2_URL"
	test "$(cat counts)" = "$(printf "alpha 3\nbeta 0\ngamma 0")"
	scan alpha 1.0 1 2 3 # fixed, then back: reopened
	check "$S2_URL"
	test "$(cat counts)" = "$(printf "alpha 4\nbeta 0\ngamma 0")"
'

test_case 'a new assessment replaces the statuses shown; a product without one shows no data' '
	doc alpha 2.0 9
	vouch push --server "$S2_URL" --token "$(cat up.tok)" alpha-2.0-9.json >/dev/null
	vouch push --server "$S2_URL" --token "$(cat up.tok)" --product delta --release 0.1 \
		scan.json >/dev/null
	check "$S1_URL"
	test "$(cat counts)" = "$(printf "alpha 4\nbeta 0\ngamma 0\ndelta 3" | sort)"
	curl -sS -H "Authorization: Bearer $(cat view.tok)" "$S1_URL/portfolio" >p.html
	grep -q "<td>2.0</td>" p.html
'

test_case 'gzip, when accepted: the same bytes as plain, whether just rendered or kept' '
	t=$(cat view.tok)
	scan beta 1.0 4 # a new generation: the first request below renders
	for p in /portfolio /api/v1/products /api/v1/export/portfolio.json; do
		for u in "$S1_URL" "$S2_URL"; do
			for ae in "gzip" "br, gzip;q=0.5" "*" "*;q=0, gzip" "identity" "gzip;q=0" \
				"gzip; q=0.000" "*, gzip;q=0"; do
				curl -sS -D hdr -o body -H "Accept-Encoding: $ae" 					-H "Authorization: Bearer $t" "$u$p"
				curl -sS -o plain -H "Authorization: Bearer $t" "$u$p"
				case $ae in
				identity | "gzip;q=0" | "gzip; q=0.000" | "*, gzip;q=0")
					! grep -qi "^content-encoding" hdr
					cmp body plain ;;
				*)
					grep -qi "^content-encoding: gzip" hdr
					grep -qi "^vary: accept-encoding" hdr
					gzip -t <body
					gzip -dc <body | cmp - plain
					test "$(wc -c <body)" -lt "$(wc -c <plain)" ;;
				esac
			done
		done
	done
'

if [ -z "$skip_all_reason" ] && ! [ -d "$CORPUS/osv" ]; then
	test_skip 'a re-match by another process changes what both servers show' \
		"no corpus at $CORPUS (osv)"
else
	test_case 'a re-match by another process changes what both servers show' '
		vouch db import --db vulns.db "$CORPUS/osv" >/dev/null 2>&1 || test $? = 3
		vouch sbom "$EX" >sbom.json 2>/dev/null
		check "$S1_URL" && check "$S2_URL"
		vouch push --server "$S1_URL" --token "$(cat up.tok)" --product gamma --release 3.0 \
			sbom.json >/dev/null
		check "$S1_URL" && check "$S2_URL" # pages of the generation before the re-match
		vouch serve rematch --db "$DB" --vulns vulns.db >/dev/null || test $? = 1
		check "$S2_URL"
		n=$(awk "\$1 == \"gamma\" {print \$2}" counts)
		test "$n" -gt 5
		check "$S1_URL"
		grep -qx "gamma $n" counts
	'
fi

[ -n "$skip_all_reason" ] || (cd "$TEST_DIR" && check "$S1_URL" && cp counts before)
serve_down S1
serve_down S2
test_case 'a store taken back to migration 4 (what 5 and 6 add, dropped)' '
	sql "SELECT MAX(version) FROM schema_migrations" >latest
	test "$(cat latest)" = 6
	sql "DROP INDEX findings_expiring"
	sql "DROP TABLE suppressions"
	sql "ALTER TABLE findings DROP COLUMN suppressed_until"
	sql "ALTER TABLE findings DROP COLUMN suppressed"
	sql "ALTER TABLE rematches DROP COLUMN started_by"
	sql "DELETE FROM schema_migrations WHERE version = 6"
	sql "DROP TABLE release_open"
	sql "DROP TABLE data_generation"
	sql "ALTER TABLE products DROP COLUMN open_findings"
	sql "DELETE FROM schema_migrations WHERE version = 5"
	test "$(sql "SELECT MAX(version) FROM schema_migrations")" = 4
'
[ -n "$skip_all_reason" ] || serve_up S3 "$DB" --rate 0 || skip_all_reason="server did not start"

test_case 'upgraded at start, its counts are filled from its rows' '
	test "$(sql "SELECT MAX(version) FROM schema_migrations")" = "$(cat latest)"
	check "$S3_URL"
	test "$(wc -l <counts)" = 4
	cmp counts before
'
