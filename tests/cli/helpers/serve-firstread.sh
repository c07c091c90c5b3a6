# helpers/serve-firstread.sh: the routes whose first read travels with the
# token or session check in one round trip (the product API, the product
# listing, the portfolio export and the portfolio page; handle.c's routes with
# a `first` statement). Every check still decides before any data leaves:
# no token, an unknown, malformed or revoked one, an expired or revoked
# session, a rate limit reached. Sourced by t1164 (SQLite) and t1165
# (PostgreSQL) after $DB is set. Oracles: the store itself (sql()) and the
# uploaded documents.

EX="$VOUCH_TOP/examples/example-product"
ROUTES="/api/v1/products/lantern /api/v1/products /api/v1/export/portfolio.json /portfolio"
export EX ROUTES

# denied TOKEN [curl args]: every route refuses (401; the page sends a visitor without a
# token to /login) and no response names a product
denied() {
	local t=$1 p want
	shift
	for p in $ROUTES; do
		want=401
		[ "$p" != /portfolio ] || [ -n "$t" ] || want=303
		api "$t" GET "$p" "$@" >body.out
		test "$(status)" = "$want" || { echo "$p: $(status), wanted $want"; return 1; }
		! grep -q "lantern\|beacon" body.out || { echo "$p: data in a refusal"; return 1; }
	done
}
# allowed TOKEN [curl args]: every route answers 200 and names both products (the product
# API the one asked for)
allowed() {
	local t=$1 p
	shift
	for p in $ROUTES; do
		api "$t" GET "$p" "$@" >body.out
		test "$(status)" = 200 || { echo "$p: $(status)"; return 1; }
		grep -q lantern body.out || { echo "$p: no lantern"; return 1; }
		[ "$p" = /api/v1/products/lantern ] || grep -q beacon body.out ||
			{ echo "$p: no beacon"; return 1; }
	done
}
# signin TOKEN: a session for it in ./jar
signin() {
	rm -f jar
	curl -sS -c jar "$URL/login" -o login.html
	pre=$(sed -n "s/.*name=\"pre\" value=\"\([0-9a-f]*\)\".*/\1/p" login.html)
	curl -sS -b jar -c jar -o /dev/null --data-urlencode "pre=$pre" \
		--data-urlencode "token=$1" "$URL/login"
	grep -q vouch_session jar
}
# revoke FILE: revokes the token in FILE (by its name, the file's)
revoke() {
	local id
	id=$(vouch serve token list --db "$DB" --format json |
		jpy "[t[\"id\"] for t in d if t.get(\"name\") == \"$1\"][0]")
	vouch serve token revoke --db "$DB" "$id" >/dev/null
}
# named ROLE NAME [PRODUCT]: a token labelled NAME into ./NAME
named() {
	if [ -n "${3:-}" ]; then
		vouch -q serve token create --db "$DB" --role "$1" --name "$2" --product "$3" >"$2"
	else
		vouch -q serve token create --db "$DB" --role "$1" --name "$2" >"$2"
	fi
}
# beacon: assess.json as product beacon, every principle not met
beacon() {
	python3 -c "
import json; d = json.load(open('assess.json')); d['product']['name'] = 'beacon'
for p in d['principles']: p['status'] = 'not_met'
json.dump(d, open('beacon.json', 'w'))"
}
# stored NAME: the principles of NAME's newest assessment as the store has them, id=status
stored() {
	sql "SELECT pr.principle || '=' || pr.status FROM principles pr JOIN products p
		ON pr.assessment_id = p.latest_assessment WHERE p.name = '$1' ORDER BY pr.principle"
}
# served TOKEN NAME: the same as the product API gives them
served() {
	api "$1" GET "/api/v1/products/$2" |
		jpy "'\\n'.join(x['id'] + '=' + x['status'] for x in d['principles'])"
}
expire_sessions() { sql "UPDATE sessions SET expires = '2000-01-01T00:00:00Z'" >/dev/null; }
random_hex() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
export -f denied allowed signin revoke named beacon stored served expire_sessions random_hex

test_case 'setup: two products uploaded, tokens of each role' '
	(cd "$EX" && vouch assess --format json --no-save .) >assess.json 2>/dev/null
	jpy "d" <assess.json >/dev/null
	beacon
	named admin admin.tok && named uploader up.tok lantern && named viewer view.tok
'
if [ -z "$skip_all_reason" ]; then
	serve_up S "$DB" --rate 0 || skip_all_reason="server did not start"
fi
URL=${S_URL:-}
export URL

test_case 'a viewer reads each route, the data as the store holds it' '
	vouch push --server "$URL" --token "$(cat admin.tok)" assess.json >/dev/null
	vouch push --server "$URL" --token "$(cat admin.tok)" beacon.json >/dev/null
	allowed "$(cat view.tok)"
	for p in lantern beacon; do
		stored $p >want
		served "$(cat view.tok)" $p >got
		test "$(wc -l <want)" -gt 5 && cmp want got
	done
	! cmp -s <(stored lantern) <(stored beacon)
	api "$(cat view.tok)" GET /api/v1/products | jpy "len(d)" >n
	test "$(cat n)" = "$(sql "SELECT COUNT(*) FROM products")"
'

test_case 'no token, an unknown one, a malformed one: refused, no data' '
	denied ""
	denied "vouch_$(random_hex)"
	denied "vouch_0123"
	denied "" -H "Authorization: Basic dm91Y2g6dm91Y2g="
'

test_case 'a revoked token gets nothing, not even the pages kept while it was valid' '
	named viewer gone.tok
	allowed "$(cat gone.tok)"
	revoke gone.tok >/dev/null
	denied "$(cat gone.tok)"
	allowed "$(cat view.tok)"
'

test_case 'a session reads each route; once expired or its token revoked, nothing' '
	named viewer sess.tok
	signin "$(cat sess.tok)"
	allowed "" -b jar
	expire_sessions
	denied "" -b jar
	signin "$(cat sess.tok)"
	allowed "" -b jar
	revoke sess.tok >/dev/null
	denied "" -b jar
	denied "" -b "vouch_session=$(random_hex)"
'

test_case 'roles and product limits: an uploader reads all and writes only its own, a viewer writes nothing' '
	allowed "$(cat up.tok)"
	api "$(cat up.tok)" POST /api/v1/products/beacon/releases/2.0/assessment \
		-H "Content-Type: application/json" --data-binary @beacon.json >/dev/null
	test "$(status)" = 403
	api "$(cat up.tok)" POST /api/v1/products/lantern/releases/2.0/assessment \
		-H "Content-Type: application/json" --data-binary @assess.json >/dev/null
	test "$(status)" = 201 || test "$(status)" = 200
	api "$(cat view.tok)" POST /api/v1/products/lantern/releases/2.1/assessment \
		-H "Content-Type: application/json" --data-binary @assess.json >/dev/null
	test "$(status)" = 403
	api "$(cat view.tok)" GET /api/v1/audit >/dev/null
	test "$(status)" = 403
	api "$(cat admin.tok)" GET /api/v1/audit >/dev/null
	test "$(status)" = 200
	api "$(cat view.tok)" GET /api/v1/products/lantern/releases | jpy "len(d)" >n
	test "$(cat n)" = 2
'

if [ -z "$skip_all_reason" ]; then
	serve_up R "$DB" --rate 1 --burst 1 || skip_all_reason="server did not start"
fi
test_case 'a token over its rate limit gets 429 and no data' '
	for i in 1 2 3; do
		URL=$R_URL api "$(cat view.tok)" GET /api/v1/products/lantern >body.$i
		echo "$(status)" >>codes
	done
	grep -qx 429 codes
	for i in 1 2 3; do
		[ "$(sed -n ${i}p codes)" = 200 ] || ! grep -q lantern body.$i
	done
'
