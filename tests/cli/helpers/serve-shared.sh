# helpers/serve-shared.sh: what several servers on one database share, run
# against one backend. Sourced by t1143 (PostgreSQL) and t1144 (SQLite) after
# $DB is set and a function sql() that runs one SQL statement on it.
#   - the per-token rate limit: requests split between two servers count
#     together (GCRA row in the store);
#   - the audit chain: records written through both servers and the command
#     line form one chain, exported to a `vouch log` that `vouch log verify`
#     accepts, and a changed record is found.

EX="$VOUCH_TOP/examples/example-product"
export EX

test_case 'setup: tokens and an assessment' '
	(cd "$EX" && vouch assess --format json --no-save .) >assess.json 2>/dev/null
	tok admin >admin.tok && tok uploader lantern >up.tok && tok viewer >view.tok
'
if [ -z "$skip_all_reason" ]; then
	serve_spawn S1 "$DB" --rate 1 --burst 5
	serve_spawn S2 "$DB" --rate 1 --burst 5
	serve_wait S1 && serve_wait S2 || skip_all_reason="servers did not start"
fi

test_case 'the rate limit counts requests split between two servers together' '
	t=$(cat view.tok)
	start=$(date +%s.%N)
	for i in 1 2 3 4 5 6 7 8 9 10; do
		for u in "$S1_URL" "$S2_URL"; do
			curl -sS -o /dev/null -w "%{http_code} $u\n" -H "Authorization: Bearer $t" \
				"$u/api/v1/whoami"
		done
	done >codes
	end=$(date +%s.%N)

	ok=$(grep -c "^200 " codes); over=$(grep -c "^429 " codes)
	# a bucket of 5 refilled at 1 a second: at most 5 + the seconds elapsed, of 20
	max=$(python3 -c "import math; print(5 + math.ceil($end - $start))")
	test "$ok" -ge 5 && test "$ok" -le "$max" && test $((ok + over)) = 20
	grep -q "^429 $S1_URL" codes && grep -q "^429 $S2_URL" codes
	# each server alone would have allowed 5: together they allowed fewer than 10
	test "$ok" -lt 10
	# the refusal says when to come back
	for i in 1 2 3; do
		curl -sS -D hdr -o /dev/null -H "Authorization: Bearer $t" "$S1_URL/api/v1/whoami"
		grep -q "^HTTP/1.1 429" hdr && break
	done
	grep -qi "^retry-after: [1-9]" hdr
'

test_case 'another token has its own allowance' '
	curl -sS -o /dev/null -w "%{http_code}" -H "Authorization: Bearer $(cat admin.tok)" \
		"$S2_URL/api/v1/whoami" >code
	test "$(cat code)" = 200
'

test_case 'audit records written through both servers form one chain' '
	for i in 1 2 3; do
		vouch push --server "$S1_URL" --token "$(cat up.tok)" --release "5.$i" assess.json >/dev/null &
		vouch push --server "$S2_URL" --token "$(cat up.tok)" --release "6.$i" assess.json >/dev/null &
		wait
		sleep 1.1 # within the rate limit of the uploader token
	done
	vouch serve audit verify --db "$DB" --format json >v.json
	# 3 tokens created on the command line, 6 uploads
	test "$(jpy "(d[\"ok\"], d[\"records\"])" <v.json)" = "(True, 9)"
	URL=$S1_URL api "$(cat admin.tok)" GET /api/v1/audit >a.json
	test "$(jpy "len(d)" <a.json)" = 9
	# the API shows each record's place and hash; the newest is the chain'''s head
	test "$(jpy "sorted(x[\"seq\"] for x in d)" <a.json)" = "$(python3 -c "print(list(range(9)))")"
	test "$(jpy "max(d, key=lambda x: x[\"seq\"])[\"hash\"]" <a.json)" = "$(jpy "d[\"head\"]" <v.json)"
'

test_case 'export: the chain becomes a vouch log that vouch log verify accepts, in order' '
	vouch serve audit export --db "$DB" --log orglog >out
	grep -q "9 appended" out
	vouch log verify --log orglog >/dev/null
	test "$(vouch log root --log orglog | cut -d" " -f1)" = 9
	for i in 0 4 8; do
		vouch log get --log orglog --index "$i" >e$i
		sql "SELECT entry FROM audit WHERE seq = $i" >s$i
		test "$(cat e$i)" = "$(cat s$i)"
	done
	# a second export adds only what is new
	vouch serve token create --db "$DB" --role viewer -q >/dev/null
	vouch serve audit export --db "$DB" --log orglog >out2
	grep -q "1 appended" out2
	vouch serve audit verify --db "$DB" --log orglog >/dev/null
'

test_case 'a record changed in the database breaks the chain, and the log disagrees' '
	sql "UPDATE audit SET entry = REPLACE(entry, '\''lantern'\'', '\''lantErn'\'') WHERE seq = 5" >/dev/null
	expect_code 1 vouch serve audit verify --db "$DB" --format json >bad.json
	test "$(jpy "(d[\"ok\"], d[\"first_bad\"])" <bad.json)" = "(False, 5)"
	expect_code 1 vouch serve audit export --db "$DB" --log orglog >/dev/null
	test "$(vouch log root --log orglog | cut -d" " -f1)" = 10
'
