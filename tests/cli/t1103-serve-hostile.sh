#!/usr/bin/env bash
# vouch serve: hostile requests are refused and the server's memory stays
# bounded (bodies over the cap, chunked or not; compressed bodies; deep
# nesting; huge headers; names that try to leave their place)
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3

DB="sqlite:$TEST_DIR/serve.db"
export DB
test_case 'setup' 'tok admin >admin.tok'
serve_up S "$DB" --rate 0 --max-body 4194304 || skip_all_reason="server did not start"
URL=${S_URL:-}
T=$(cat "$TEST_DIR/admin.tok" 2>/dev/null)
export URL T
P=/api/v1/products/lantern/releases/1.0/assessment
export P

test_case 'a body over --max-body is refused with 413, announced or chunked' '
	head -c 5000000 /dev/zero | tr "\0" " " >big
	api "$T" POST "$P" --data-binary @big >out
	test "$(status)" = 413
	api "$T" POST "$P" -H "Transfer-Encoding: chunked" --data-binary @big >out
	test "$(status)" = 413
'

test_case 'compressed bodies (a gzip bomb) are refused unread' '
	head -c 50000000 /dev/zero | gzip -9 >bomb.gz
	api "$T" POST "$P" -H "Content-Encoding: gzip" --data-binary @bomb.gz >out
	test "$(status)" = 415
'

test_case 'deep nesting is refused as a parse error, not a crash' '
	/usr/bin/python3 -c "print(\"[\" * 200000 + \"]\" * 200000)" >deep.json
	api "$T" POST "$P" --data-binary @deep.json >out
	cat out
	test "$(status)" = 413
	/usr/bin/python3 -c "print(\"{\\\"principles\\\":\" + \"[\" * 3000 + \"]\" * 3000 + \"}\")" >deep2.json
	api "$T" POST "$P" --data-binary @deep2.json >out
	test "$(status)" = 422 || test "$(status)" = 413
'

test_case 'more claims than the cap are refused (413) and nothing is stored' '
	/usr/bin/python3 -c "
import json
claims = [{\"id\": \"9.9.%d\" % i, \"status\": \"met\"} for i in range(2500)]
print(json.dumps({\"principles\": [{\"id\": \"9.9\", \"status\": \"met\", \"claims\": claims}]}))" >many.json
	api "$T" POST "$P" --data-binary @many.json >out
	test "$(status)" = 413
	api "$T" GET /api/v1/products | jpy "len(d)" | grep -qx 0
'

test_case 'names that try to leave their place are refused' '
	for p in "..%2f..%2fetc" "a%00b" "%2e%2e" "-rf" ".hidden" "a%20b"; do
		api "$T" POST "/api/v1/products/$p/releases/1/assessment" --data-binary "{}" >out
		case $(status) in 404|405|422) ;; *) echo "$p: $(status)"; exit 1 ;; esac
	done
	expect_code 2 vouch push --server "$URL" --token "$T" --product ../x --release 1 big
	api "$T" GET /api/v1/products | jpy "len(d)" | grep -qx 0
'

test_case 'huge headers are refused' '
	h=$(head -c 40000 /dev/zero | tr "\0" a)
	code=$(curl -sS -o /dev/null -w "%{http_code}" -H "X-Junk: $h" "$URL/api/v1/products" || true)
	test "$code" != 200
'

test_case 'memory stays bounded under 24 concurrent uploads at the cap' '
	/usr/bin/python3 -c "print(\"{\\\"principles\\\":[\\\"\" + \"x\" * 4100000 + \"\\\"]}\")" >nearcap.json
	for i in $(seq 1 24); do
		api "$T" POST "$P" --data-binary @nearcap.json >/dev/null 2>&1 &
	done
	wait
	kill -0 "$S_PID"
	hwm=$(sed -n "s/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p" /proc/$S_PID/status)
	echo "peak RSS ${hwm} kB"
	test "$hwm" -lt "$([ -n "$SANITIZED" ] && echo 524288 || echo 102400)"
	api "$T" GET /api/v1/whoami >/dev/null && test "$(status)" = 200
'
test_done
