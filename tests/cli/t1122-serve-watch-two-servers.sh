#!/usr/bin/env bash
# vouch serve --watch with two servers on one PostgreSQL: an update of the
# vulnerability database they share is re-matched exactly once (the server
# whose claim row lands does it), and each server sees the findings
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
need_corpus
pg_start
DB=${PG_URL:-}
EX="$VOUCH_TOP/examples/example-product"
export DB EX

rematches() { # the audit's re-match entries, newest first, as seen through $URL
	api "$(cat admin.tok)" GET /api/v1/audit | jpy "json.dumps([a[\"detail\"] for a in d if a[\"action\"] == \"rematch\"])"
}
export -f rematches

test_case 'setup: a database without the SBOM ecosystems, the SBOM, a token' '
	first_vulns
	vouch sbom "$EX" >sbom.json 2>/dev/null
	tok admin >admin.tok
'
if [ -z "$skip_all_reason" ]; then
	serve_spawn S1 "$DB" --rate 0 --vulns "$TEST_DIR/vulns.db" --watch 1
	serve_spawn S2 "$DB" --rate 0 --vulns "$TEST_DIR/vulns.db" --watch 1
	serve_wait S1 && serve_wait S2
	[ -n "${S1_URL:-}" ] && [ -n "${S2_URL:-}" ] || skip_all_reason="servers did not start"
fi

test_case 'both servers started on one database generation: it was re-matched once' '
	sleep 2
	URL=$S1_URL rematches >r
	test "$(jpy "len(d)" <r)" = 1 || { cat r; false; }
'

test_case 'an update of the shared database: re-matched once, the findings seen through both' '
	vouch push --server "$S1_URL" --token "$(cat admin.tok)" --product lantern --release 2.1.0 \
		sbom.json >/dev/null
	vouch db import --db full.db "$CORPUS/osv" >/dev/null 2>&1 || test $? = 3
	vouch scan --db full.db --format json sbom.json >oracle.json 2>/dev/null || test $? = 1
	n=$(jpy "len(d[\"findings\"])" <oracle.json)
	vouch db import --db vulns.db "$CORPUS/osv" >/dev/null 2>&1 || test $? = 3
	all() {
		test "$(URL=$S2_URL api "$(cat admin.tok)" GET /api/v1/products/lantern/findings | jpy "len(d)")" = "$n"
	}
	i=0
	until all; do i=$((i + 1)); test $i -lt 300; sleep 0.2; done
	sleep 3 # both servers check again, several times
	URL=$S2_URL rematches >r
	test "$(jpy "len(d)" <r)" = 2 || { cat r; false; }
	jpy "d[0]" <r | grep -q "1 releases, $n new findings, 0 fixed"
	test "$(URL=$S1_URL api "$(cat admin.tok)" GET /api/v1/products/lantern/findings | jpy "len(d)")" = "$n"
'

test_case 'the claims: one row per generation, finished, by one of the two servers' '
	psql=/usr/lib/postgresql/15/bin/psql
	test -x $psql || psql=psql
	$psql "$DB" -Atc "SELECT server, finished IS NOT NULL, error IS NULL FROM rematches" >claims
	test "$(wc -l <claims)" = 2
	test "$(cut -d"|" -f2,3 claims | sort -u)" = "t|t"
	cut -d"|" -f1 claims | sed "s/.*://" | while read -r pid; do
		test "$pid" = "$S1_PID" || test "$pid" = "$S2_PID"
	done
'
test_done
