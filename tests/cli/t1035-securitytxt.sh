#!/usr/bin/env bash
# vouch securitytxt generate / check: RFC 9116 field rules both ways, the location rules,
# URLs served by a local HTTP server on loopback (size, redirects, time limits), and
# OpenPGP cleartext signatures made by a real gpg in a throwaway keyring.
. "$(dirname "$0")/lib.sh"

need_cmd python3
export SOURCE_DATE_EPOCH=1795737600 # 2026-11-27T00:00:00Z
export PY=/usr/bin/python3

# good FILE: a valid file
good() {
	printf '%s\n' "# Example security contacts" "Contact: mailto:security@x.example" \
		"Contact: https://x.example/report" "Expires: 2027-06-30T23:59:59Z" \
		"Encryption: https://x.example/key.asc" "Preferred-Languages: en, fr" \
		"Canonical: https://x.example/.well-known/security.txt" >"$1"
}
export -f good

test_case 'generate from [disclosure]: Expires within a year; the result checks clean' '
	printf "[disclosure]\ncontact = [\"mailto:s@x.example\", \"https://x.example/r\"]\nencryption = \"https://x.example/k.asc\"\npolicy_url = \"https://x.example/p\"\npreferred_languages = \"en\"\ncanonical = \"https://x.example/.well-known/security.txt\"\nexpires_days = 180\n" >vouch.toml &&
	vouch securitytxt generate --output gen.txt &&
	grep -qx "Expires: 2027-05-25T23:59:59Z" gen.txt &&
	grep -qx "Contact: https://x.example/r" gen.txt && grep -qx "Policy: https://x.example/p" gen.txt &&
	vouch securitytxt check --location https://x.example/.well-known/security.txt gen.txt >out &&
	grep -q "gen.txt: ok$" out
'

test_case 'generate refuses what RFC 9116 refuses (no contact, an http URI, a year and more), naming the line' '
	printf "[disclosure]\npolicy_url = \"https://x.example/p\"\n" >a.toml &&
	expect_code 4 vouch securitytxt generate --config a.toml 2>err && grep -q "missing .contact." err &&
	printf "[disclosure]\ncontact = \"http://x.example/r\"\n" >b.toml &&
	expect_code 1 vouch securitytxt generate --config b.toml 2>err && grep -q "must use https" err &&
	printf "[disclosure]\ncontact = \"mailto:a@x.example\"\nexpires_days = 400\n" >c.toml &&
	expect_code 4 vouch securitytxt generate --config c.toml 2>err && grep -q "c.toml:3: .expires_days." err
'

test_case 'vouch assess accepts the [disclosure] keys generate reads' '
	mkdir -p p && printf "[disclosure]\ncontact = \"mailto:s@x.example\"\nexpires_days = 90\n" >p/vouch.toml &&
	vouch assess --no-save --format json p >/dev/null 2>err || [ $? -le 1 ]
'

test_case 'check: each field rule of RFC 9116, with its line' '
	good ok.txt && vouch securitytxt check ok.txt >out && grep -q "ok.txt: ok" out &&
	printf "Expires: 2027-06-30T23:59:59Z\n" >nocontact.txt &&
	printf "Contact: mailto:a@x.example\n" >noexpires.txt &&
	printf "Contact: mailto:a@x.example\nExpires: 2027-06-30T23:59:59Z\nExpires: 2027-05-30T23:59:59Z\n" >twice.txt &&
	printf "Contact: mailto:a@x.example\nExpires: 2026-01-01T00:00:00Z\n" >stale.txt &&
	printf "Contact: mailto:a@x.example\nExpires: 2029-01-01T00:00:00Z\n" >far.txt &&
	printf "Contact: mailto:a@x.example\nExpires: 30 June 2027\n" >format.txt &&
	printf "Contact: http://x.example/r\nExpires: 2027-06-30T23:59:59Z\n" >http.txt &&
	printf "Contact: mailto:a@x.example\nExpires: 2027-06-30T23:59:59Z\nPreferred-Languages: en\nPreferred-Languages: xx-\n" >lang.txt &&
	printf "Contact: a@x.example\r\nExpires: 2027-06-30T23:59:59Z\r\n" >crlf.txt &&
	expect_code 1 vouch securitytxt check nocontact.txt noexpires.txt twice.txt stale.txt far.txt format.txt http.txt lang.txt crlf.txt >out &&
	grep -q "nocontact.txt: error: no Contact" out &&
	grep -q "noexpires.txt: error: no Expires" out &&
	grep -q "twice.txt:3: error: Expires appears more than once" out &&
	grep -q "stale.txt:2: error: Expires: .* is in the past" out &&
	grep -q "far.txt:2: warning: Expires: .* more than a year ahead" out && grep -q "far.txt: ok (with warnings)" out &&
	grep -q "format.txt:2: error: Expires" out &&
	grep -q "http.txt:1: error: Contact: web URI must use https" out &&
	grep -q "lang.txt:4: error: Preferred-Languages appears more than once" out &&
	grep -q "lang.txt:4: error: Preferred-Languages: .xx-. is not a language tag" out &&
	grep -q "crlf.txt:1: error: Contact: .a@x.example. is not a URI (an e-mail address needs .mailto:.)" out
'

test_case 'check: Canonical must list the location; the location must be https at /.well-known/' '
	good ok.txt &&
	vouch securitytxt check --location https://x.example/.well-known/security.txt ok.txt >/dev/null &&
	expect_code 1 vouch securitytxt check --location https://y.example/.well-known/security.txt ok.txt >out &&
	grep -q "Canonical does not list .https://y.example/.well-known/security.txt." out &&
	expect_code 1 vouch securitytxt check --location http://x.example/.well-known/security.txt ok.txt >out &&
	grep -q "served over https" out &&
	expect_code 1 vouch securitytxt check --location https://x.example/contact.txt ok.txt >out &&
	grep -q "belongs at /.well-known/security.txt" out &&
	expect_code 2 vouch securitytxt check nothere.txt 2>err && grep -q nothere.txt err
'

# serve DIR: a loopback HTTP server on DIR (with /loop redirecting to itself, /slow never
# answering, /html served as text/html); its port in $port, its pid in $server
cat >server.py <<'PY'
import http.server, socketserver, sys, time, os
os.chdir(sys.argv[1])
class H(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        if self.path == "/loop":
            self.send_response(302); self.send_header("Location", "/loop"); self.end_headers(); return
        if self.path == "/hop":
            self.send_response(301); self.send_header("Location", "/.well-known/security.txt"); self.end_headers(); return
        if self.path == "/slow":
            time.sleep(30); return
        if self.path == "/html":
            b = open(".well-known/security.txt", "rb").read()
            self.send_response(200); self.send_header("Content-Type", "text/html"); self.end_headers(); self.wfile.write(b); return
        return super().do_GET()
    def guess_type(self, path):
        return "text/plain; charset=utf-8"
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
s = S(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
mkdir -p www/.well-known && good www/.well-known/security.txt &&
	head -c 40000 /dev/zero | tr "\0" "#" >www/big.txt
$PY server.py www >port.txt 2>server.err &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for i in $(seq 50); do [ -s port.txt ] && break; sleep 0.1; done
export port=$(cat port.txt)

test_case 'URL over loopback http: fields fine, but http and a Canonical elsewhere are errors' '
	[ -n "$port" ] &&
	expect_code 1 vouch securitytxt check "http://127.0.0.1:$port/.well-known/security.txt" >out &&
	grep -q "RFC 9116 requires security.txt to be served over https" out &&
	grep -q "Canonical does not list .http://127.0.0.1:$port/.well-known/security.txt." out &&
	! grep -q "Contact" out
'

test_case 'URL: a redirect is followed and the final location judged; a loop and a large body are refused' '
	[ -n "$port" ] &&
	expect_code 1 vouch securitytxt check --format json "http://127.0.0.1:$port/hop" >out.json &&
	$PY -c "
import json, sys
r = json.load(open(\"out.json\"))[0]
assert r[\"location\"] == \"http://127.0.0.1:%s/.well-known/security.txt\" % sys.argv[1], r
" "$port" &&
	expect_code 3 vouch securitytxt check "http://127.0.0.1:$port/loop" 2>err && grep -q "more than 3 redirects" err &&
	expect_code 3 vouch securitytxt check "http://127.0.0.1:$port/big.txt" 2>err && grep -q "larger than 32768 bytes" err &&
	expect_code 3 vouch securitytxt check "http://127.0.0.1:$port/missing" 2>err && grep -q "HTTP status 404" err
'

test_case 'URL: a time limit; a text/html answer is an error' '
	[ -n "$port" ] &&
	start=$(date +%s) &&
	expect_code 3 vouch securitytxt check --timeout 2 "http://127.0.0.1:$port/slow" 2>err &&
	[ $(( $(date +%s) - start )) -lt 10 ] && grep -q "127.0.0.1" err &&
	expect_code 1 vouch securitytxt check "http://127.0.0.1:$port/html" >out &&
	grep -q "served as .text/html., not text/plain" out
'

if command -v gpg >/dev/null && command -v gpgconf >/dev/null; then
	test_case 'OpenPGP: a clearsigned file verifies with its signer named; a tampered one fails; an unknown key warns' '
		good body.txt && mkdir -m 700 gnupg && export GNUPGHOME=$PWD/gnupg &&
		trap "gpgconf --kill gpg-agent" EXIT &&
		gpg --batch --quiet --passphrase "" --quick-gen-key "X PSIRT <psirt@x.example>" ed25519 sign never 2>/dev/null &&
		gpg --batch --quiet --clearsign --output signed.txt body.txt &&
		vouch securitytxt check signed.txt >out && grep -q "OpenPGP signature good: signed by [0-9A-F]* (X PSIRT <psirt@x.example>)" out &&
		grep -q "signed.txt: ok" out &&
		sed "s/en, fr/en, de/" signed.txt >tampered.txt &&
		expect_code 1 vouch securitytxt check tampered.txt >out && grep -q "error: OpenPGP signature: bad OpenPGP signature" out &&
		mkdir -m 700 other && GNUPGHOME=$PWD/other vouch securitytxt check signed.txt >out &&
		grep -q "warning: OpenPGP signature: signed by key .* which is not in the keyring" out &&
		GNUPGHOME=$PWD/other gpgconf --kill gpg-agent
	'
else
	test_skip 'OpenPGP: a clearsigned file verifies with its signer named' 'needs gpg (gnupg)'
fi

test_done
