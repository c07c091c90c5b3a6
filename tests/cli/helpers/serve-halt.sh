# helpers/serve-halt.sh: every re-match is recorded in rematches, however
# started; a server stopped (SIGTERM) during a long re-match exits promptly,
# leaving each release either re-matched whole or not at all, and the next
# re-match completes the work. Sourced by t1162 (SQLite) and t1163
# (PostgreSQL) after $DB and sqlq (prints a query's rows, cells joined by |)
# are set; expects lib.sh and helpers/serve.sh.

NREL=${NREL:-60}
export NREL

test_case 'setup: the corpus advisories, the same 2,000-component SBOM for many products' '
	vouch db import --db vulns.db "$CORPUS/osv" >/dev/null 2>&1 || test $? = 3
	/usr/bin/python3 - "$CORPUS/osv/pypi" <<-PY
	import json, os, random, sys
	names = sorted(os.listdir(sys.argv[1]))
	random.seed(1160)
	comps = []
	for k in range(2000):
	    nm = names[k % len(names)] + ("" if k < len(names) else "-x%d" % (k // len(names)))
	    v = "%d.%d" % (random.randint(0, 9), random.randint(0, 9))
	    comps.append({"type": "library", "name": nm, "version": v, "purl": "pkg:pypi/%s@%s" % (nm, v)})
	json.dump({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
	           "metadata": {"component": {"type": "application", "name": "p", "version": "1"}},
	           "components": comps}, open("big.json", "w"))
	PY
	tok admin >admin.tok
'
# a pause before each release's re-match (50 ms, 3 s for the 60), so that the
# SIGTERMs below meet a re-match with work left however fast the machine is
export VOUCH_TEST_REMATCH_PAUSE_MS=50
serve_up S "$DB" --rate 0 --vulns "$TEST_DIR/vulns.db" --watch 0 || skip_all_reason="server did not start"
unset VOUCH_TEST_REMATCH_PAUSE_MS
URL=${S_URL:-}
export URL
if [ -z "$skip_all_reason" ]; then
	for i in $(seq 1 "$NREL"); do echo "$i"; done |
		xargs -P 2 -I{} "$VOUCH_BIN" -q push --server "$URL" --token "$(cat "$TEST_DIR/admin.tok")" \
			--product "p{}" --release 1.0 "$TEST_DIR/big.json" >/dev/null ||
		skip_all_reason="the SBOMs were not stored"
fi

# per release its count of findings, one a line, sorted
counts() { sqlq "SELECT r.id, (SELECT COUNT(*) FROM findings f WHERE f.release_id = r.id) FROM releases r ORDER BY r.id" | cut -d"|" -f2 | sort -n | uniq -c; }
export -f counts

# wait_sql QUERY: until the query's count is above 0 (30 s at most)
wait_sql() {
	local n=0 f
	while [ $n -lt 600 ]; do
		f=$(sqlq "$1" 2>/dev/null)
		[ "${f:-0}" -gt 0 ] && return 0
		sleep 0.05
		n=$((n + 1))
	done
	return 1
}
# stop_timed PID NAME: SIGTERM to a child, its exit status in NAME.rc, the ms it took in NAME.ms
stop_timed() {
	local t0 t1 rc
	t0=$(date +%s%N)
	kill -TERM "$1"
	wait "$1"
	rc=$?
	t1=$(date +%s%N)
	echo $rc >"$TEST_DIR/$2.rc"
	echo $(((t1 - t0) / 1000000)) >"$TEST_DIR/$2.ms"
}

# a re-match through the API, and SIGTERM once it has recorded some releases
if [ -z "$skip_all_reason" ]; then
	(cd "$TEST_DIR" && api "$(cat admin.tok)" POST /api/v1/rematch >/dev/null 2>&1) &
	cpid=$!
	wait_sql "SELECT COUNT(DISTINCT release_id) FROM findings"
	stop_timed "$S_PID" halt
	wait "$cpid"
	(cd "$TEST_DIR" && counts >interrupted)
fi

test_case "SIGTERM during a re-match: the server exits promptly ($(cat "$TEST_DIR/halt.ms" 2>/dev/null) ms), each release whole or untouched" '
	echo "exited $(cat halt.ms) ms after SIGTERM, status $(cat halt.rc)"
	test "$(cat halt.rc)" = 0
	# a couple of seconds; AddressSanitizer slows every step several times
	test "$(cat halt.ms)" -lt "$([ -n "$SANITIZED" ] && echo 8000 || echo 3000)"
	cat interrupted
	# some releases re-matched, others not at all: two distinct counts, one of them 0
	test "$(wc -l <interrupted)" = 2
	test "$(head -1 interrupted | awk "{print \$2}")" = 0
	sqlq "SELECT started_by, finished, error, claimed FROM rematches" >row
	cat row
	test "$(wc -l <row)" = 1
	grep -q "interrupted" row
	grep -q "1970-01-01T00:00:00Z" row
	! grep -q "ERROR\|runtime error" S.log
'

test_case 'the next re-match completes the work, recorded as the generation'"'"'s, by the command line' '
	expect_code 1 vouch serve rematch --db "$DB" --vulns vulns.db >out
	cat out
	grep -q "^$NREL releases matched" out
	counts >done
	cat done
	# every release now has the same findings (one SBOM for all)
	test "$(wc -l <done)" = 1
	test "$(awk "{print \$1}" done)" = "$NREL"
	test "$(awk "{print \$2}" done)" = "$(awk "{print \$2}" interrupted | tail -1)"
	sqlq "SELECT started_by, releases, error FROM rematches WHERE finished IS NOT NULL" >row
	test "$(cat row)" = "command line|$NREL|"
'

[ -n "$skip_all_reason" ] || serve_up S2 "$DB" --rate 0 --vulns "$TEST_DIR/vulns.db" --watch 0
test_case 'POST /api/v1/rematch and vouch serve rematch: each run a row of rematches, and audited' '
	URL=$S2_URL
	api "$(cat admin.tok)" POST /api/v1/rematch >r.json
	test "$(status)" = 200
	test "$(jpy "(d[\"releases\"], d[\"new_findings\"])" <r.json)" = "($NREL, 0)"
	vouch serve rematch --db "$DB" --vulns vulns.db >out
	sqlq "SELECT started_by, releases, new_findings FROM rematches WHERE finished IS NOT NULL ORDER BY claimed" >rows
	cat rows
	test "$(wc -l <rows)" = 3
	api "$(cat admin.tok)" GET /api/v1/audit >a.json
	test "$(jpy "len([a for a in d if a[\"action\"] == \"rematch\"])" <a.json)" = 3
	# oldest first: the command line (completing the generation), the API, the command line
	jpy "\"\\n\".join(a[\"actor\"] for a in reversed(d) if a[\"action\"] == \"rematch\")" <a.json >actors
	test "$(cut -d"|" -f1 rows)" = "$(cat actors)"
	test "$(tail -2 rows | cut -d"|" -f2,3 | sort -u)" = "$NREL|0"
'

# vouch serve rematch stopped by SIGTERM once it has claimed its row
if [ -z "$skip_all_reason" ]; then
	VOUCH_TEST_REMATCH_PAUSE_MS=50 "$VOUCH_BIN" serve rematch --db "$DB" --vulns "$TEST_DIR/vulns.db" \
		>"$TEST_DIR/cli.out" 2>"$TEST_DIR/cli.err" &
	rpid=$!
	wait_sql "SELECT COUNT(*) FROM rematches WHERE finished IS NULL"
	sleep 0.5
	stop_timed "$rpid" cli
fi

test_case "vouch serve rematch stopped by SIGTERM: it ends in $(cat "$TEST_DIR/cli.ms" 2>/dev/null) ms, its row says so" '
	cat cli.err
	test "$(cat cli.rc)" = 4
	grep -q "interrupted" cli.err
	test "$(cat cli.ms)" -lt "$([ -n "$SANITIZED" ] && echo 8000 || echo 3000)"
	sqlq "SELECT started_by, error, claimed FROM rematches WHERE finished IS NULL" >row
	cat row
	test "$(wc -l <row)" = 1
	grep -q "^command line|.*interrupted.*|1970-01-01T00:00:00Z$" row
'
