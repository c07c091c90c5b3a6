# helpers/serve-watch.sh: continuous monitoring without a re-match call. Sourced
# by t1120 (SQLite) and t1121 (PostgreSQL) after $DB is set; expects lib.sh and
# helpers/serve.sh. The server watches its vulnerability database (--watch 1);
# `vouch db import` into it must, by itself, record the findings `vouch scan`
# of the stored SBOM gives (the oracle), each first seen after the import.

EX="$VOUCH_TOP/examples/example-product"
export EX

# wait_for SECONDS CMD...: runs CMD every 0.2 s until it succeeds
wait_for() {
	local n=$(($1 * 5))
	shift
	while [ $n -gt 0 ]; do
		"$@" 2>/dev/null && return 0
		sleep 0.2
		n=$((n - 1))
	done
	return 1
}
export -f wait_for

test_case 'setup: a database without the SBOM ecosystems, the SBOM, the oracle scan' '
	first_vulns
	vouch sbom "$EX" >sbom.json 2>/dev/null
	vouch db import --db full.db "$CORPUS/osv" >/dev/null 2>&1 || test $? = 3
	vouch scan --db full.db --format json sbom.json >oracle.json 2>/dev/null || test $? = 1
	test "$(jpy "len(d[\"findings\"])" <oracle.json)" -gt 5
	tok admin >admin.tok
'
if [ -z "$skip_all_reason" ]; then
	serve_up S "$DB" --rate 0 --vulns "$TEST_DIR/vulns.db" --watch 1 ||
		skip_all_reason="server did not start"
fi
URL=${S_URL:-}
export URL

test_case 'an SBOM stored while the database has nothing for it: no findings' '
	vouch push --server "$URL" --token "$(cat admin.tok)" --product lantern --release 2.1.0 \
		sbom.json >/dev/null
	sleep 2
	test "$(api "$(cat admin.tok)" GET /api/v1/products/lantern/findings | jpy "len(d)")" = 0
'

test_case 'vouch db import into the served database: the findings appear by themselves' '
	before=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	sleep 1
	vouch db import --db vulns.db "$CORPUS/osv" >/dev/null 2>&1 || test $? = 3
	n=$(jpy "len(d[\"findings\"])" <oracle.json)
	has_all() {
		test "$(api "$(cat admin.tok)" GET /api/v1/products/lantern/findings | jpy "len(d)")" = "$n"
	}
	wait_for 60 has_all
	api "$(cat admin.tok)" GET /api/v1/products/lantern/findings >f.json
	test "$(jpy "sorted((f[\"id\"], f[\"purl\"], f[\"severity\"]) for f in d)" <f.json)" = \
	     "$(jpy "sorted((f[\"id\"], f[\"purl\"], f[\"severity\"][\"level\"]) for f in d[\"findings\"])" <oracle.json)"
	test "$(jpy "{f[\"source\"] for f in d}" <f.json)" = "{'\''monitor'\''}"
	# first seen after the import started, and not later than now
	now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	test "$(jpy "all(\"$before\" < f[\"first_seen\"] <= \"$now\" for f in d)" <f.json)" = true
'

test_case 'the re-match is audited once per database generation, by the monitor' '
	sleep 2.5 # several more checks of an unchanged database
	api "$(cat admin.tok)" GET /api/v1/audit >a.json
	test "$(jpy "len([a for a in d if a[\"action\"] == \"rematch\"])" <a.json)" = 2
	test "$(jpy "{a[\"actor\"] for a in d if a[\"action\"] == \"rematch\"}" <a.json)" = "{'\''monitor'\''}"
	jpy "[a[\"detail\"] for a in d if a[\"action\"] == \"rematch\"][0]" <a.json >detail
	grep -q "1 releases, $(jpy "len(d[\"findings\"])" <oracle.json) new findings, 0 fixed" detail
'

# the database updated while no server runs
if [ -z "$skip_all_reason" ]; then
	serve_down S
	"$VOUCH_BIN" db import --db "$TEST_DIR/vulns.db" "$TEST_DIR/first" >/dev/null 2>&1
	serve_up S3 "$DB" --rate 0 --vulns "$TEST_DIR/vulns.db" --watch 0
fi

test_case 'a server with --watch 0 does not re-match' '
	URL=$S3_URL
	sleep 2
	test "$(api "$(cat admin.tok)" GET /api/v1/audit | jpy "len([a for a in d if a[\"action\"] == \"rematch\"])")" = 2
'
if [ -z "$skip_all_reason" ]; then
	serve_down S3
	serve_up S2 "$DB" --rate 0 --vulns "$TEST_DIR/vulns.db" --watch 60
fi

test_case 'a server started after an update re-matches at start' '
	URL=$S2_URL
	three() {
		test "$(api "$(cat admin.tok)" GET /api/v1/audit | jpy "len([a for a in d if a[\"action\"] == \"rematch\"])")" = 3
	}
	wait_for 30 three
	api "$(cat admin.tok)" GET /api/v1/audit | jpy "[a[\"detail\"] for a in d if a[\"action\"] == \"rematch\"][0]" >detail
	grep -q "1 releases, 0 new findings, 0 fixed" detail
'
