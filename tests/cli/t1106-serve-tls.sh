#!/usr/bin/env bash
# vouch serve over TLS: HSTS, Secure cookies, push verifying the certificate
. "$(dirname "$0")/lib.sh"
. "$TEST_SRC/helpers/serve.sh"
need_cmd curl python3 openssl

DB="sqlite:$TEST_DIR/serve.db"
EX="$VOUCH_TOP/examples/example-product"
export DB EX
test_case 'setup: a self-signed certificate for 127.0.0.1' '
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
		-keyout key.pem -out cert.pem 2>/dev/null
	(cd "$EX" && vouch assess --format json --no-save .) >assess.json 2>/dev/null
	tok uploader lantern >up.tok
'
serve_up S "$DB" --tls-cert "$TEST_DIR/cert.pem" --tls-key "$TEST_DIR/key.pem" ||
	skip_all_reason="server did not start"
URL=https://127.0.0.1:${S_PORT:-0}
export URL

test_case 'responses carry Strict-Transport-Security and the security headers' '
	curl -sS --cacert cert.pem -D h -o /dev/null "$URL/login"
	grep -qi "^strict-transport-security: max-age=31536000" h
	grep -qi "^content-security-policy: default-src .none." h
	grep -qi "^set-cookie: vouch_pre=.*; Secure" h
	grep -q "https://" S.log
'

test_case 'push verifies the server certificate: refused without the CA, accepted with it' '
	expect_code 4 vouch push --server "$URL" --token "$(cat up.tok)" assess.json 2>err
	grep -qi "certificate\|SSL" err
	vouch push --server "$URL" --token "$(cat up.tok)" --cacert cert.pem assess.json
'

test_case 'the session cookie is Secure under TLS' '
	curl -sS --cacert cert.pem -c jar "$URL/login" -o login.html
	pre=$(sed -n "s/.*name=\"pre\" value=\"\([0-9a-f]*\)\".*/\1/p" login.html)
	curl -sS --cacert cert.pem -D h -b jar -o /dev/null --data-urlencode "pre=$pre" \
		--data-urlencode "token=$(cat up.tok)" "$URL/login"
	grep -qi "^set-cookie: vouch_session=[0-9a-f]*; Path=/; HttpOnly; SameSite=Strict; Secure" h
'

test_case 'plain HTTP to the TLS port gets no page' '
	code=$(curl -sS -o /dev/null -w "%{http_code}" "http://127.0.0.1:$S_PORT/login" 2>/dev/null || true)
	test "$code" != 200
'

test_case 'a missing key file or half a TLS pair is refused before listening' '
	expect_code 2 vouch serve --db "$DB" --listen 127.0.0.1:0 --tls-cert cert.pem 2>err
	grep -q "both --tls-cert and --tls-key" err
	expect_code 4 vouch serve --db "$DB" --listen 127.0.0.1:0 --tls-cert cert.pem --tls-key nope.pem 2>err
	grep -q "nope.pem" err
'
test_done
