#!/usr/bin/env bash
# vouch db update against a local HTTP server (tests/cli/helpers/osv-server.py):
# conditional requests, resumed downloads, and a failed download that leaves
# the database in use intact.
. "$(dirname "$0")/lib.sh"
need_corpus
export OSV="$CORPUS/osv"

mkdir -p www/crates.io www/Go
/usr/bin/python3 -c "
import zipfile, glob
def mk(out, files):
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        for p in files:
            z.write(p, p.rsplit('/', 1)[1])
mk('www/crates.io/all.zip', sorted(glob.glob('$OSV/crates.io/*.json')))
mk('www/Go/all.zip', sorted(glob.glob('$OSV/go/*.json'))[:500])
"
/usr/bin/python3 "$TEST_SRC/helpers/osv-server.py" www port requests.log &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$TEST_DIR" "$SCHEMAS"' EXIT
for i in $(seq 50); do [ -f port ] && break; sleep 0.1; done
export BASE="http://127.0.0.1:$(cat port)"
export NCRATES=$(ls "$OSV"/crates.io/*.json | wc -l)

test_case 'update downloads the archives and builds the database' '
	vouch db update --db v.db --source "$BASE/crates.io/all.zip" --source "$BASE/Go/all.zip" >out &&
	grep -q "2 archives downloaded" out &&
	vouch db stats --db v.db --format json >s.json &&
	/usr/bin/python3 -c "
import json; s = json.load(open(\"s.json\"))
assert s[\"ecosystems\"] == {\"Go\": 500, \"crates.io\": $NCRATES}, s[\"ecosystems\"]
assert sorted(x[\"name\"] for x in s[\"sources\"]) == sorted([\"$BASE/crates.io/all.zip\", \"$BASE/Go/all.zip\"])
"
'

test_case 'a second update asks conditionally and leaves the database alone' '
	before=$(stat -c %i:%Y v.db) &&
	vouch db update --db v.db --source "$BASE/crates.io/all.zip" --source "$BASE/Go/all.zip" >out &&
	grep -q "up to date: 2 archives not modified" out &&
	[ "$(stat -c %i:%Y v.db)" = "$before" ] &&
	[ "$(grep -c "GET .* 304 " requests.log)" -eq 2 ]
'

test_case 'an interrupted download fails and leaves the database in use intact' '
	vouch db stats --db v.db --format json | grep -v "\"updated\"\|age_days" >before.json &&
	sum=$(sha256sum v.db | cut -d" " -f1) &&
	/usr/bin/python3 -c "
import zipfile, glob
with zipfile.ZipFile(\"www/Go/all.zip\", \"w\", zipfile.ZIP_DEFLATED) as z:
    for p in sorted(glob.glob(\"$OSV/go/*.json\"))[:1500]:
        z.write(p, p.rsplit(\"/\", 1)[1])
" &&
	touch www/Go/all.zip.cut &&
	expect_code 3 vouch db update --db v.db --source "$BASE/crates.io/all.zip" --source "$BASE/Go/all.zip" 2>err &&
	grep -q "cannot download .*Go/all.zip" err && grep -q "was not changed" err &&
	[ "$(sha256sum v.db | cut -d" " -f1)" = "$sum" ] &&
	vouch db stats --db v.db --format json | grep -v "\"updated\"\|age_days" >after.json &&
	cmp before.json after.json && ! ls v.db.new-* 2>/dev/null
'

test_case 'the next update resumes the download with a Range request' '
	vouch db update --db v.db --source "$BASE/crates.io/all.zip" --source "$BASE/Go/all.zip" >out &&
	grep -q "1 archive downloaded (1 resumed), 1 not modified" out &&
	grep -q "GET /Go/all.zip 206 bytes=" requests.log &&
	vouch db stats --db v.db | grep -q "^  Go  *1500$"
'

test_case 'by default the ecosystems already in the database are updated (osv.dev URLs)' '
	vouch db update --help | grep -q -- "--ecosystem" &&
	expect_code 2 vouch db update --db empty.db 2>err && grep -q "no ecosystems yet" err
'

test_case 'a missing archive is an error; the database is unchanged' '
	sum=$(sha256sum v.db | cut -d" " -f1) &&
	expect_code 3 vouch db update --db v.db --source "$BASE/nothere/all.zip" 2>err &&
	grep -q "HTTP status 404" err && [ "$(sha256sum v.db | cut -d" " -f1)" = "$sum" ]
'
test_done
