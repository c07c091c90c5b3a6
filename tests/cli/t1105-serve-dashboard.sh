#!/usr/bin/env bash
# vouch serve: the dashboard in headless Chromium (Debian's chromium driven by
# playwright-core from build/node): sign in, browse the portfolio, open a
# product, screenshots; no request leaves the server, no console error. Also
# the pages' HTML itself: no script, no inline style, status as text.
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3

DB="sqlite:$TEST_DIR/serve.db"
EX="$VOUCH_TOP/examples/example-product"
export DB EX
test_case 'setup: two products, an SBOM and findings' '
	(cd "$EX" && vouch assess --format json --no-save .) >assess.json 2>/dev/null
	sed "s/\"name\": \"lantern\"/\"name\": \"beacon\"/" assess.json >beacon.json
	vouch sbom "$EX" >sbom.json 2>/dev/null
	printf "%s\n" "{\"findings\":[{\"id\":\"CVE-2024-0001\",\"purl\":\"pkg:npm/minimist@0.0.8\",\"severity\":{\"level\":\"critical\",\"score\":9.8}}]}" >scan.json
	tok admin >admin.tok && tok viewer >viewer.tok
'
# the server's today 400 days on: the example's dates and the finding fall due (deadlines)
SOURCE_DATE_EPOCH=$(($(date +%s) + 400 * 86400)) serve_up S "$DB" --rate 0 ||
	skip_all_reason="server did not start"
URL=${S_URL:-}
export URL
[ -n "$skip_all_reason" ] || (cd "$TEST_DIR" && for f in assess.json beacon.json; do
	"$VOUCH_BIN" -q push --server "$URL" --token "$(cat admin.tok)" "$f"; done &&
	"$VOUCH_BIN" -q push --server "$URL" --token "$(cat admin.tok)" --product lantern \
		--release 2.1.0 sbom.json scan.json)

test_case 'pages have no script, no inline style, no external reference, and status as text' '
	curl -sS -H "Authorization: Bearer $(cat viewer.tok)" "$URL/portfolio" >p.html
	curl -sS -H "Authorization: Bearer $(cat viewer.tok)" "$URL/product/lantern" >l.html
	curl -sS -H "Authorization: Bearer $(cat viewer.tok)" "$URL/deadlines" >d.html
	for f in p.html l.html d.html; do
		! grep -qi "<script" $f
		! grep -qi " style=" $f
		! grep -qiE "(src|href)=\"(https?:)?//" $f
	done
	grep -q "class=m>met</td>" p.html
	grep -q "class=n>not met</td>" p.html
	grep -q "CVE-2024-0001" l.html
	grep -q "<tr><th class=\"sev-critical\">critical</th><td>1</td><td>0</td>" l.html
	grep -c "<tr><th><a href=\"/product/" p.html | grep -qx 2
'

test_case 'sign-in form and sign-out: cookie flags, form token, CSRF' '
	curl -sS -D h -c jar "$URL/login" -o login.html
	grep -qi "^set-cookie: vouch_pre=[0-9a-f]*; Path=/login; HttpOnly; SameSite=Strict" h
	pre=$(sed -n "s/.*name=\"pre\" value=\"\([0-9a-f]*\)\".*/\1/p" login.html)
	test "$(curl -sS -b jar -o /dev/null -w "%{http_code}" --data-urlencode "pre=0$pre" \
		--data-urlencode "token=$(cat viewer.tok)" "$URL/login")" = 403
	curl -sS -D h -b jar -c jar -o /dev/null --data-urlencode "pre=$pre" \
		--data-urlencode "token=$(cat viewer.tok)" "$URL/login"
	grep -qi "^set-cookie: vouch_session=[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Strict" h
	! grep -qi "secure" h
	curl -sS -b jar "$URL/portfolio" >p.html
	csrf=$(sed -n "s/.*name=\"csrf\" value=\"\([0-9a-f]*\)\".*/\1/p" p.html)
	test ${#csrf} = 64
	test "$(curl -sS -b jar -o /dev/null -w "%{http_code}" -d "csrf=00" "$URL/logout")" = 403
	test "$(curl -sS -b jar -o /dev/null -w "%{http_code}" "$URL/portfolio")" = 200
	test "$(curl -sS -b jar -c jar -o /dev/null -w "%{http_code}" -d "csrf=$csrf" "$URL/logout")" = 303
	test "$(curl -sS -b jar -o /dev/null -w "%{http_code}" "$URL/portfolio")" = 303
'

NODE_DIR=$VOUCH_BUILD/node
[ -d "$NODE_DIR/node_modules/playwright-core" ] || NODE_DIR=$VOUCH_TOP/build/node
export NODE_DIR
if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM:-}" ]; then
	test_skip 'the dashboard in headless Chromium' "chromium is not installed"
elif ! [ -d "$NODE_DIR/node_modules/playwright-core" ]; then
	test_skip 'the dashboard in headless Chromium' "playwright-core is not in build/node (scripts/bootstrap installs it)"
else
	test_case 'the dashboard in headless Chromium: sign in, portfolio, product, no foreign request, no console error' '
		mkdir shots
		node "$TEST_SRC/helpers/dashboard.js" "$URL" "$(cat viewer.tok)" shots >summary.json ||
			{ cat summary.json; exit 1; }
		jpy "d[\"steps\"]" <summary.json | grep -q "signed out"
		test "$(jpy "d[\"portfolio_rows\"]" <summary.json)" = 2
		test "$(jpy "d[\"worst_url\"]" <summary.json)" = "/portfolio?sort=worst&page=1"
		test "$(jpy "d[\"worst_rows\"]" <summary.json)" = 2
		test "$(jpy "d[\"product_title\"]" <summary.json)" = lantern
		test "$(jpy "d[\"product_claims\"] >= 45" <summary.json)" = true
		test "$(jpy "d[\"cookie\"]" <summary.json)" = "{'\''httpOnly'\'': True, '\''sameSite'\'': '\''Strict'\'', '\''secure'\'': False}"
		test "$(jpy "d[\"after_signout_portfolio\"]" <summary.json)" = /login
		test "$(jpy "len(d[\"foreign\"])" <summary.json)" = 0
		test "$(jpy "len(d[\"console_errors\"])" <summary.json)" = 0
		curl -sS -H "Authorization: Bearer $(cat viewer.tok)" "$URL/api/v1/deadlines" >dl.json
		python3 - <<-PY
		import json
		s = json.load(open("summary.json")); api = json.load(open("dl.json"))["deadlines"]
		assert s["deadlines_title"] == "Deadlines" and "deadlines page" in s["steps"]
		assert len(s["deadlines"]) == len(api) > 0, (s["deadlines"], api)
		for row, x in zip(s["deadlines"], api):
		    assert row["cells"][:4] == [x["product"], x["what"], x["kind"], x["due"]], (row, x)
		    assert row["late"] == (x["days"] < 0), (row, x)
		assert any(r["late"] for r in s["deadlines"])
		assert s["deadline_link"] == api[0]["link"]
		PY
		for s in portfolio product deadlines; do
			test "$(head -c 8 shots/$s.png | od -An -tx1 | tr -d " ")" = 89504e470d0a1a0a
			test "$(wc -c <shots/$s.png)" -gt 10000
		done
	'
fi
test_done
