#!/usr/bin/env bash
# The database's integrity: `vouch db update` swaps in only a database built
# from archives that all read whole, keeps what other archives and `db import`
# gave, bounds its transfers (time, rate, size, https redirects); `db import`
# of nothing makes no database; `vouch scan` refuses a missing or empty one.
# Servers are tests/cli/helpers/osv-server.py on 127.0.0.1 only.
. "$(dirname "$0")/lib.sh"
need_cmd /usr/bin/python3 sqlite3

mkosv() { /usr/bin/python3 "$TEST_SRC/helpers/osv-archive.py" "$@"; }
ids() { sqlite3 "$1" "SELECT osv_id FROM advisory ORDER BY osv_id" | tr '\n' ' '; }
sum() { sha256sum "$1" | cut -d" " -f1; }
gets() { grep -c "^GET $1 " requests.log || true; }
export -f mkosv ids sum gets
export TEST_SRC

mkdir -p www/Go www/crates.io local
mkosv www/Go/all.zip GO-2024-0001:Go:golang.org/x/a:1.2.0 GO-2024-0002:Go:golang.org/x/b:2.0.0
mkosv www/crates.io/all.zip RUSTSEC-2024-0001:crates.io:foo:0.3.0
mkosv --json local/GHSA-2222-3333-4444.json GHSA-2222-3333-4444:npm:left-pad:1.3.0
# cdx OUT PURL...: a CycloneDX document listing these packages
cdx() { /usr/bin/python3 -c "
import json, sys
comps = [{\"type\": \"library\", \"name\": p.split(\"/\")[-1].split(\"@\")[0], \"purl\": p} for p in sys.argv[2:]]
json.dump({\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"version\": 1, \"components\": comps}, open(sys.argv[1], \"w\"))
" "$@"; }
export -f cdx
cdx bom.json pkg:golang/golang.org/x/a@1.0.0 pkg:cargo/foo@0.1.0 pkg:npm/left-pad@1.0.0

/usr/bin/python3 "$TEST_SRC/helpers/osv-server.py" www port requests.log &
server=$!
trap 'kill $server $tls 2>/dev/null; rm -rf "$TEST_DIR"' EXIT
tls=
for i in $(seq 50); do [ -f port ] && break; sleep 0.1; done
export BASE="http://127.0.0.1:$(cat port)"
export GO="$BASE/Go/all.zip" CRATES="$BASE/crates.io/all.zip"

test_case 'an update of one archive keeps the other archives and what db import added' '
	vouch db update --db v.db --source "$GO" --source "$CRATES" >out &&
	vouch db import --db v.db local >out &&
	[ "$(ids v.db)" = "GHSA-2222-3333-4444 GO-2024-0001 GO-2024-0002 RUSTSEC-2024-0001 " ] &&
	mkosv www/Go/all.zip GO-2024-0001:Go:golang.org/x/a:1.2.0 GO-2024-0003:Go:golang.org/x/c:1.0.0 &&
	vouch db update --db v.db --source "$GO" >out &&
	grep -q "1 archive downloaded" out &&
	[ "$(ids v.db)" = "GHSA-2222-3333-4444 GO-2024-0001 GO-2024-0003 RUSTSEC-2024-0001 " ] &&
	vouch scan --db v.db --format json bom.json >scan.json &&
	/usr/bin/python3 -c "
import json; r = json.load(open(\"scan.json\"))
ids = sorted(f[\"id\"] for f in r[\"findings\"])
assert ids == [\"GHSA-2222-3333-4444\", \"GO-2024-0001\", \"RUSTSEC-2024-0001\"], ids
"
'

test_case 'an HTML page answered with 200 changes nothing, and the next update fetches again' '
	mkosv www/Go/all.zip GO-2024-0001:Go:golang.org/x/a:1.2.0 GO-2024-0004:Go:golang.org/x/d:1.0.0 &&
	before=$(sum v.db) && n=$(gets /Go/all.zip) &&
	touch www/Go/all.zip.html &&
	expect_code 3 vouch db update --db v.db --source "$GO" --source "$CRATES" >out 2>err &&
	grep -q "Go/all.zip" err && grep -q "the database in use was not changed" err &&
	[ "$(sum v.db)" = "$before" ] && ! ls v.db.new-* 2>/dev/null &&
	vouch scan --db v.db bom.json >out && grep -q GO-2024-0001 out &&
	rm www/Go/all.zip.html &&
	vouch db update --db v.db --source "$GO" >out &&
	grep -q "1 archive downloaded" out &&
	[ "$(tail -n 1 requests.log | cut -d" " -f1-3)" = "GET /Go/all.zip 200" ] &&
	[ "$(ids v.db)" = "GHSA-2222-3333-4444 GO-2024-0001 GO-2024-0004 RUSTSEC-2024-0001 " ]
'

test_case 'a truncated archive, or one without advisories, changes nothing (exit 3)' '
	before=$(sum v.db) &&
	cp www/Go/all.zip good.zip &&
	mkosv www/Go/all.zip --truncate GO-2024-0001:Go:golang.org/x/a:1.2.0 GO-2024-0005:Go:golang.org/x/e:1.0.0 &&
	expect_code 3 vouch db update --db v.db --source "$GO" 2>err &&
	grep -q "Go/all.zip" err && [ "$(sum v.db)" = "$before" ] &&
	mkosv www/Go/all.zip &&
	expect_code 3 vouch db update --db v.db --source "$GO" 2>err &&
	grep -q "no OSV advisory in the download" err && [ "$(sum v.db)" = "$before" ] &&
	cp good.zip www/Go/all.zip &&
	vouch db update --db v.db --source "$GO" >out && grep -q "up to date" out
'

test_case 'db import of nothing makes no database (exit 4); an empty source is an error (exit 3)' '
	mkdir -p empty bad && echo "{}" >bad/x.json &&
	expect_code 4 vouch db import --db n.db empty 2>err &&
	grep -q "nothing imported: no database created" err && [ ! -e n.db ] &&
	expect_code 4 vouch db import --db n.db bad 2>err && [ ! -e n.db ] &&
	before=$(sum v.db) &&
	expect_code 4 vouch db import --db v.db empty 2>err &&
	grep -q "the database was not changed" err && [ "$(sum v.db)" = "$before" ] &&
	expect_code 3 vouch db import --db m.db local empty >out 2>err &&
	grep -q "empty.: no OSV advisory read" err && [ "$(ids m.db)" = "GHSA-2222-3333-4444 " ]
'

test_case 'scan refuses a missing database, or one without advisories that can match (exit 4)' '
	expect_code 4 vouch scan --db nothere.db bom.json >out 2>err &&
	grep -q "nothere.db" err && grep -q "vouch db import" err && [ ! -s out ] &&
	mkosv --json w.json GHSA-5555-6666-7777:npm:left-pad:1.3.0:withdrawn &&
	vouch db import --db w.db w.json >out &&
	expect_code 4 vouch scan --db w.db bom.json >out 2>err &&
	grep -q "holds no advisories" err && grep -q "vouch db update" err && [ ! -s out ] &&
	cp v.db e.db && sqlite3 e.db "DELETE FROM affected; DELETE FROM alias; DELETE FROM advisory" &&
	expect_code 4 vouch scan --db e.db bom.json 2>err && grep -q "holds no advisories" err
'

test_case 'packages of an ecosystem the database does not cover are not passed as clean (exit 3)' '
	cdx bom2.json pkg:golang/golang.org/x/a@1.0.0 pkg:pypi/requests@2.0.0 pkg:pypi/flask@0.1 &&
	expect_code 3 vouch scan --db v.db bom2.json >out 2>err &&
	grep -q "2 PyPI packages not checked: the database holds no PyPI advisories" err &&
	grep -q "GO-2024-0001" out
'

test_case 'assess: a database without advisories, or a scan that checked nothing, is not met' '
	mkdir -p proj &&
	printf "%s" "{\"name\":\"app\",\"version\":\"1.0.0\",\"lockfileVersion\":3,\"packages\":{\"\":{\"name\":\"app\",\"version\":\"1.0.0\",\"dependencies\":{\"left-pad\":\"1.0.0\"}},\"node_modules/left-pad\":{\"version\":\"1.0.0\"}}}" >proj/package-lock.json &&
	vouch assess --no-save --format json --db w.db proj >a.json 2>/dev/null &&
	mkosv --json go.json GO-2024-0001:Go:golang.org/x/a:1.2.0 &&
	vouch db import --db go.db go.json >/dev/null &&
	vouch assess --no-save --format json --db go.db proj >b.json 2>/dev/null &&
	/usr/bin/python3 -c "
import json
def st(f, id):
    d = json.load(open(f))
    return [(c[\"status\"], c[\"argument\"]) for p in d[\"principles\"] for c in p[\"claims\"] if c[\"id\"] == id][0]
s, a = st(\"a.json\", \"3.3.1\"); assert s == \"not_met\" and \"holds no advisories\" in a, (s, a)
s, a = st(\"a.json\", \"3.3.2\"); assert s == \"unknown\", (s, a)
s, a = st(\"b.json\", \"3.3.2\"); assert s == \"unknown\" and \"npm package not checked\" in a, (s, a)
"
'

test_case 'a database reached through a symbolic link is updated at its target; the link stays' '
	mkdir -p store && cp v.db store/real.db && ln -s store/real.db link.db &&
	mkosv www/Go/all.zip GO-2024-0001:Go:golang.org/x/a:1.2.0 GO-2024-0005:Go:golang.org/x/e:1.0.0 &&
	vouch db update --db link.db --source "$GO" >out &&
	test -L link.db && [ "$(readlink link.db)" = store/real.db ] &&
	ids store/real.db | grep -q GO-2024-0005 &&
	! ls link.db.new-* store/real.db.new-* 2>/dev/null &&
	mkfifo fifo.db && expect_code 4 vouch db update --db fifo.db --source "$GO" 2>err &&
	grep -q "fifo.db.*not a regular file" err
'

test_case 'a stalled transfer is dropped after --min-rate-time; the database stays' '
	before=$(sum v.db) &&
	mkosv www/Go/all.zip --pad 40000 GO-2024-0001:Go:golang.org/x/a:1.2.0 &&
	touch www/Go/all.zip.stall &&
	t0=$(date +%s) &&
	expect_code 3 vouch db update --db v.db --source "$GO" --min-rate-time 2 2>err &&
	t=$(( $(date +%s) - t0 )) && echo "stalled transfer dropped after ${t}s" >&2 &&
	[ "$t" -lt 20 ] && grep -q "cannot download .*Go/all.zip.*at least 1024 bytes/s over 2 s" err &&
	[ "$(sum v.db)" = "$before" ] && rm www/Go/all.zip.stall
'

test_case 'a slow but steady transfer is dropped after --timeout' '
	before=$(sum v.db) &&
	touch www/Go/all.zip.trickle && rm -f v.db.d/*.part* &&
	t0=$(date +%s) &&
	expect_code 3 vouch db update --db v.db --source "$GO" --timeout 2 2>err &&
	t=$(( $(date +%s) - t0 )) && echo "slow transfer dropped after ${t}s" >&2 &&
	[ "$t" -lt 15 ] && grep -q "cannot download .*Go/all.zip.*limits: 2 s in all" err &&
	[ "$(sum v.db)" = "$before" ] && rm www/Go/all.zip.trickle &&
	expect_code 2 vouch db update --db v.db --source "$GO" --timeout 0 2>err
'

test_case 'the size cap counts the bytes already downloaded when resuming' '
	rm -f v.db.d/*.part* && size=$(stat -c %s www/Go/all.zip) &&
	touch www/Go/all.zip.cut &&
	expect_code 3 vouch db update --db v.db --source "$GO" 2>err &&
	part=$(stat -c %s v.db.d/*.part) && [ "$part" -gt 0 ] && [ "$part" -lt "$size" ] &&
	expect_code 3 vouch db update --db v.db --source "$GO" --max-size $(( size - 100 )) 2>err &&
	grep -q "larger than $(( size - 100 )) bytes" err &&
	vouch db update --db v.db --source "$GO" >out && grep -q "1 archive downloaded" out
'

if openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout key.pem -out cert.pem 2>/dev/null; then
	cat cert.pem key.pem >both.pem
	/usr/bin/python3 "$TEST_SRC/helpers/osv-server.py" www tlsport tls.log both.pem &
	tls=$!
	for i in $(seq 50); do [ -f tlsport ] && break; sleep 0.1; done
	export TLS="https://127.0.0.1:$(cat tlsport)"
	test_case 'https: a redirect to http is refused; the database stays' '
		mkosv www/crates.io/all.zip RUSTSEC-2024-0001:crates.io:foo:0.3.0 RUSTSEC-2024-0002:crates.io:bar:1.0.0 &&
		expect_code 3 vouch db update --db v.db --source "$TLS/crates.io/all.zip" 2>err &&
		grep -q "certificate" err &&
		before=$(sum v.db) &&
		echo "$CRATES" >www/crates.io/all.zip.redirect &&
		expect_code 3 vouch db update --db v.db --cacert cert.pem --source "$TLS/crates.io/all.zip" 2>err &&
		grep -q "redirected to a URL that is not https" err && [ "$(sum v.db)" = "$before" ] &&
		echo "$TLS/crates.io/all.zip" >www/Go/all.zip.redirect &&
		rm www/crates.io/all.zip.redirect &&
		vouch db update --db v.db --cacert cert.pem --source "$TLS/Go/all.zip" >out &&
		grep -q "1 archive downloaded" out && sqlite3 v.db "SELECT osv_id FROM advisory" | grep -q RUSTSEC-2024-0002
	'
else
	test_skip 'https: a redirect to http is refused' 'openssl cannot make a certificate'
fi
test_done
