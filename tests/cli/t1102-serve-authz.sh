#!/usr/bin/env bash
# vouch serve: who may do what, for every route of the server's table and
# every kind of caller (no credentials, a bad or revoked token, each role,
# an uploader of another product, a browser session)
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3

DB="sqlite:$TEST_DIR/serve.db"
export DB
EX="$VOUCH_TOP/examples/example-product"
ROUTES="$TEST_DIR/routes"
export EX ROUTES

# METHOD PATH (a product where the route has one) and the expected status per
# caller: anonymous viewer uploader(lantern) uploader(beacon) admin
cat >"$ROUTES" <<'TABLE'
GET /api/v1/whoami 401 200 200 200 200
GET /api/v1/products 401 200 200 200 200
GET /api/v1/products/lantern 401 200 200 200 200
GET /api/v1/products/lantern/releases 401 200 200 200 200
GET /api/v1/products/lantern/assessments 401 200 200 200 200
GET /api/v1/products/lantern/claims 401 200 200 200 200
GET /api/v1/products/lantern/claims/1.1.1/history 401 200 200 200 200
GET /api/v1/products/lantern/findings 401 200 200 200 200
GET /api/v1/assessments/1 401 200 200 200 200
GET /api/v1/claims/1.1.1 401 200 200 200 200
GET /api/v1/export/portfolio.json 401 200 200 200 200
GET /api/v1/export/claims.csv 401 200 200 200 200
GET /api/v1/export/findings.csv 401 200 200 200 200
GET /api/v1/audit 401 403 403 403 200
GET /api/v1/deadlines 401 200 200 200 200
GET /api/v1/export/deadlines.csv 401 200 200 200 200
POST /api/v1/products/lantern/releases/2.1.0/assessment 401 403 201 403 201
POST /api/v1/products/lantern/releases/2.1.0/sbom 401 403 201 403 201
POST /api/v1/products/lantern/releases/2.1.0/scan 401 403 201 403 201
POST /api/v1/bundles 401 403 501 501 501
POST /api/v1/rematch 401 403 403 403 409
GET / 303 303 303 303 303
GET /portfolio 303 200 200 200 200
GET /product/lantern 303 200 200 200 200
GET /claim/1.1.1 303 200 200 200 200
GET /deadlines 303 200 200 200 200
POST /logout 303 403 403 403 403
GET /login 200 200 200 200 200
POST /login 403 403 403 403 403
GET /static/vouch.css 200 200 200 200 200
GET /favicon.ico 204 204 204 204 204
TABLE

test_case 'the table above covers every route the server declares' '
	grep -o "{ \"[A-Z]*\", \"/[^\"]*\"" "$VOUCH_TOP/src/core/serve/handle.c" |
		sed "s/{ \"\([A-Z]*\)\", \"\([^\"]*\)\"/\1 \2/" >declared
	test "$(wc -l <declared)" -ge 25
	while read -r m p; do
		re=$(printf "%s" "$p" | sed "s/\\./\\\\./g; s/\*/[^\/]*/g")
		grep -q "^$m $re " "$ROUTES" || { echo "not covered: $m $p"; exit 1; }
	done <declared
'

test_case 'setup: tokens for each role, one revoked, and a product to act on' '
	(cd "$EX" && vouch assess --format json --no-save .) >assess.json 2>/dev/null
	vouch sbom "$EX" >sbom.json 2>/dev/null
	printf "%s\n" "{\"findings\":[]}" >scan.json
	tok viewer >viewer.tok && tok uploader lantern >up.tok && tok uploader beacon >other.tok
	tok admin >admin.tok && tok viewer >revoked.tok
	id=$(vouch serve token list --db "$DB" --format json | jpy "d[-1][\"id\"]")
	vouch serve token revoke --db "$DB" "$id"
	vouch serve token list --db "$DB" | grep -q "^$id	viewer	.*	20.*Z$"
'
serve_up S "$DB" --rate 0 || skip_all_reason="server did not start"
URL=${S_URL:-}
export URL
[ -n "$skip_all_reason" ] || api "$(cat "$TEST_DIR/admin.tok")" POST \
	/api/v1/products/lantern/releases/2.1.0/assessment --data-binary @"$TEST_DIR/assess.json" >/dev/null

check_route() { # TOKEN-FILE COLUMN
	local t="" m p want body
	[ -n "$1" ] && t=$(cat "$1")
	while read -r m p c1 c2 c3 c4 c5; do
		want=$(echo "$c1 $c2 $c3 $c4 $c5" | cut -d" " -f"$2")
		case $p in
		*/assessment) body=assess.json ;;
		*/sbom) body=sbom.json ;;
		*/scan) body=scan.json ;;
		*) body=/dev/null ;;
		esac
		if [ "$m" = POST ]; then
			api "$t" POST "$p" --data-binary @"$body" >/dev/null
		else
			api "$t" GET "$p" >/dev/null
		fi
		[ "$(status)" = "$want" ] || { echo "$m $p: got $(status), want $want"; cat body; exit 1; }
	done <"$ROUTES"
}
export -f check_route

test_case 'without credentials: pages send to /login, the API answers 401' 'check_route "" 1'
test_case 'a viewer reads everything and writes nothing' 'check_route viewer.tok 2'
test_case 'an uploader writes to its own product only' 'check_route up.tok 3'
test_case 'an uploader of another product cannot touch this one' 'check_route other.tok 4'
test_case 'an admin may do everything' 'check_route admin.tok 5'

test_case 'a revoked or malformed token opens nothing' '
	for t in "$(cat revoked.tok)" vouch_0000 "Basic eA==" "$(cat viewer.tok)x"; do
		api "$t" GET /api/v1/products >/dev/null
		test "$(status)" = 401
	done
'

test_case 'a browser session reads the API but may not write through it (no CSRF surface)' '
	curl -sS -c jar "$URL/login" -o login.html
	pre=$(sed -n "s/.*name=\"pre\" value=\"\([0-9a-f]*\)\".*/\1/p" login.html)
	curl -sS -b jar -c jar -o /dev/null --data-urlencode "pre=$pre" \
		--data-urlencode "token=$(cat admin.tok)" "$URL/login"
	grep -q vouch_session jar
	test "$(curl -sS -b jar -o /dev/null -w "%{http_code}" "$URL/api/v1/products")" = 200
	test "$(curl -sS -b jar -o /dev/null -w "%{http_code}" --data-binary @assess.json \
		"$URL/api/v1/products/lantern/releases/2.1.0/assessment")" = 401
'
test_done
