#!/usr/bin/env bash
# vouch serve: two server processes on one PostgreSQL serve the same data,
# the same tokens and the same sessions (no state in the process), and start
# together without racing over the migrations
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3
pg_start
DB=${PG_URL:-}
EX="$VOUCH_TOP/examples/example-product"
export DB EX

if [ -z "$skip_all_reason" ]; then
	# started at once: the second waits for the first's migration lock
	serve_spawn S1 "$DB" --rate 0
	serve_spawn S2 "$DB" --rate 0
	serve_wait S1 && serve_wait S2
	[ -n "${S1_URL:-}" ] && [ -n "${S2_URL:-}" ] || skip_all_reason="servers did not start"
fi

test_case 'both servers migrated the one database to the same schema' '
	grep -q "postgresql store at schema [1-9]" S1.log
	grep -q "postgresql store at schema [1-9]" S2.log
	test "$(sed -n "s/.*store at schema //p" S1.log)" = "$(sed -n "s/.*store at schema //p" S2.log)"
	! grep -qi error S1.log S2.log
'

test_case 'an upload through one server is read through the other' '
	(cd "$EX" && vouch assess --format json --no-save .) >assess.json 2>/dev/null
	tok uploader lantern >up.tok && tok viewer >view.tok
	vouch push --server "$S1_URL" --token "$(cat up.tok)" assess.json
	URL=$S2_URL api "$(cat view.tok)" GET /api/v1/products/lantern/claims | jpy "len(d)" >n
	test "$(cat n)" = "$(jpy "sum(len(p[\"claims\"]) for p in d[\"principles\"])" <assess.json)"
'

test_case 'a session opened on one server is valid on the other, and ends on both' '
	curl -sS -c jar "$S1_URL/login" -o login.html
	pre=$(sed -n "s/.*name=\"pre\" value=\"\([0-9a-f]*\)\".*/\1/p" login.html)
	curl -sS -b jar -c jar -o /dev/null --data-urlencode "pre=$pre" \
		--data-urlencode "token=$(cat view.tok)" "$S1_URL/login"
	test "$(curl -sS -b jar -o page -w "%{http_code}" "$S2_URL/portfolio")" = 200
	grep -q lantern page
	id=$(vouch serve token list --db "$DB" --format json | jpy "[t[\"id\"] for t in d if t[\"role\"]==\"viewer\"][0]")
	vouch serve token revoke --db "$DB" "$id"
	test "$(curl -sS -b jar -o /dev/null -w "%{http_code}" "$S1_URL/portfolio")" = 303
	test "$(curl -sS -b jar -o /dev/null -w "%{http_code}" "$S2_URL/portfolio")" = 303
	URL=$S2_URL api "$(cat view.tok)" GET /api/v1/products >/dev/null
	test "$(status)" = 401
'

test_case 'concurrent uploads through both servers all land' '
	for i in 1 2 3 4 5 6; do
		vouch push --server "$S1_URL" --token "$(cat up.tok)" --release "3.$i" assess.json >/dev/null &
		vouch push --server "$S2_URL" --token "$(cat up.tok)" --release "4.$i" assess.json >/dev/null &
	done
	wait
	tok admin >admin.tok
	URL=$S1_URL api "$(cat admin.tok)" GET /api/v1/products/lantern/releases | jpy "len(d)" >n
	test "$(cat n)" = 13
'
test_done
