#!/usr/bin/env bash
# vouch scan for release engineers: severity of Go advisories borrowed from
# their aliases, --fail-on in any case and --fail-on-unknown, -o FILE, '-' for
# standard input, --only-fixed, ignore files with reason and expiry, match
# explanations only with --explain.
. "$(dirname "$0")/lib.sh"
export HELPERS="$TEST_SRC/helpers"
export OSV="$CORPUS/osv"

mkdir -p go cve other
# A Go advisory carries no severity; its CVE record (GIT ranges only, as osv.dev's are) does.
cat >go/GO-2099-0001.json <<'JSON'
{"id": "GO-2099-0001", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2099-0001"],
 "summary": "demo flaw in example.com/mod",
 "affected": [{"package": {"ecosystem": "Go", "name": "example.com/mod"},
   "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.2.0"}]}]}]}
JSON
cat >go/GO-2099-0002.json <<'JSON'
{"id": "GO-2099-0002", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2099-0002"],
 "affected": [{"package": {"ecosystem": "Go", "name": "example.com/mod"}, "versions": ["1.0.0"]}]}
JSON
cat >cve/CVE-2099-0001.json <<'JSON'
{"id": "CVE-2099-0001", "modified": "2024-01-01T00:00:00Z",
 "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
 "affected": [{"ranges": [{"type": "GIT", "repo": "https://example.com/mod",
   "events": [{"introduced": "0"}, {"fixed": "0123456789abcdef0123456789abcdef01234567"}]}]}]}
JSON
# a GHSA naming the same CVE, of another package: the CVE links it to the Go advisory
cat >other/GHSA-2222-3333-4444.json <<'JSON'
{"id": "GHSA-2222-3333-4444", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2099-0002"],
 "database_specific": {"severity": "MODERATE"},
 "affected": [{"package": {"ecosystem": "npm", "name": "unrelated"}, "versions": ["9.9.9"]}]}
JSON
cat >bom.json <<'JSON'
{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": [
 {"type": "library", "name": "example.com/mod", "version": "v1.0.0", "purl": "pkg:golang/example.com/mod@v1.0.0"}
]}
JSON

sev() { # FILE ID: level source from
	/usr/bin/python3 -c "
import json, sys
s = json.load(open(sys.argv[1]))
f = [f for f in s['findings'] if f['id'] == sys.argv[2]][0]['severity']
print(f['level'], f['source'], f.get('from'))" "$@"
}
export -f sev

test_case 'a Go finding takes the severity of its CVE, whichever was imported first' '
	vouch db import --db a.db go >/dev/null && vouch db import --db a.db cve >/dev/null &&
	vouch db import --db a.db other >/dev/null &&
	vouch db import --db b.db other >/dev/null && vouch db import --db b.db cve >/dev/null &&
	vouch db import --db b.db go >/dev/null &&
	vouch scan --db a.db --format json bom.json >a.json &&
	vouch scan --db b.db --format json bom.json >b.json &&
	[ "$(sev a.json GO-2099-0001)" = "critical cvss CVE-2099-0001" ] &&
	[ "$(sev b.json GO-2099-0001)" = "critical cvss CVE-2099-0001" ] &&
	[ "$(sev a.json GO-2099-0002)" = "medium label GHSA-2222-3333-4444" ] &&
	[ "$(sev b.json GO-2099-0002)" = "medium label GHSA-2222-3333-4444" ]
'

test_case 'without its aliases a Go finding stays unknown: --fail-on-unknown gates it' '
	vouch db import --db go.db go >/dev/null &&
	vouch scan --db go.db --format json bom.json >g.json &&
	[ "$(sev g.json GO-2099-0001)" = "unknown none None" ] &&
	expect_code 0 vouch scan --db go.db --fail-on low bom.json >/dev/null 2>err &&
	grep -q "2 findings of unknown severity not counted by --fail-on" err &&
	expect_code 1 vouch scan --db go.db --fail-on critical --fail-on-unknown bom.json >/dev/null 2>&1 &&
	expect_code 1 vouch scan --db go.db --fail-on-unknown bom.json >/dev/null 2>&1 &&
	expect_code 1 vouch scan --db a.db --fail-on critical bom.json >/dev/null 2>&1 &&
	expect_code 0 vouch scan --db a.db --fail-on none bom.json >/dev/null 2>&1
'

test_case '--fail-on takes a level in any case' '
	expect_code 1 vouch scan --db a.db --fail-on CRITICAL bom.json >/dev/null 2>&1 &&
	expect_code 1 vouch scan --db a.db --fail-on Medium bom.json >/dev/null 2>&1 &&
	expect_code 0 vouch scan --db a.db --fail-on NONE bom.json >/dev/null 2>&1 &&
	expect_code 2 vouch scan --db a.db --fail-on severe bom.json >/dev/null 2>err &&
	grep -q "severe" err
'

test_case '-o writes the report to a file, atomically, nothing on stdout' '
	now=$(date +%s) &&
	SOURCE_DATE_EPOCH=$now vouch scan --db a.db --format json bom.json >want.json &&
	SOURCE_DATE_EPOCH=$now vouch scan --db a.db --format json -o got.json bom.json >stdout &&
	[ ! -s stdout ] && cmp want.json got.json &&
	vouch scan --db a.db --output table.txt bom.json >stdout && [ ! -s stdout ] &&
	grep -q "GO-2099-0001" table.txt && ! grep -q "$(printf "\033")" table.txt &&
	! ls .*.tmp* got.json.* 2>/dev/null | grep -q . &&
	expect_code 4 vouch scan --db a.db -o nodir/x.json bom.json >/dev/null 2>err && grep -q nodir err &&
	expect_code 2 vouch scan --db a.db -o sarif=x.sarif bom.json >/dev/null 2>err &&
	grep -q "choose the format with --format" err && [ ! -e sarif=x.sarif ]
'

test_case '- reads the SBOM from standard input' '
	vouch scan --db a.db --format json - <bom.json >stdin.json &&
	/usr/bin/python3 -c "
import json
a, b = json.load(open(\"a.json\")), json.load(open(\"stdin.json\"))
assert sorted(f[\"id\"] for f in a[\"findings\"]) == sorted(f[\"id\"] for f in b[\"findings\"]) == [\"GO-2099-0001\", \"GO-2099-0002\"]
assert b[\"findings\"][0][\"locations\"][0][\"path\"] == \"-\", b[\"findings\"][0][\"locations\"]
" &&
	mkdir -p proj && printf "module example.com/app\n\ngo 1.22\n\nrequire example.com/mod v1.0.0\n" >proj/go.mod &&
	vouch sbom proj 2>/dev/null | vouch scan --db a.db - >piped.txt 2>/dev/null &&
	grep -q "GO-2099-0001" piped.txt &&
	echo "not a bom" | { vouch scan --db a.db - >/dev/null 2>err; [ $? -eq 3 ]; } &&
	grep -q "standard input is not a CycloneDX or SPDX" err &&
	expect_code 2 vouch scan --db a.db - - </dev/null >/dev/null 2>&1
'

test_case '--only-fixed reports only findings with a fixed version' '
	vouch scan --db a.db --format json --only-fixed bom.json >fixed.json 2>err &&
	/usr/bin/python3 -c "
import json
s = json.load(open(\"fixed.json\"))
assert [f[\"id\"] for f in s[\"findings\"]] == [\"GO-2099-0001\"], s[\"findings\"]
assert s[\"findings\"][0][\"fixed\"] == [\"1.2.0\"]
" &&
	grep -q "1 finding without a fixed version not reported" err &&
	expect_code 0 vouch scan --db go.db --only-fixed --fail-on high bom.json >/dev/null 2>&1
'

test_case 'match explanations only with --explain' '
	vouch scan --db a.db bom.json >plain.txt &&
	! grep -q "affected\[0\]" plain.txt && ! grep -q "severity from" plain.txt &&
	vouch scan --db a.db --explain bom.json >explained.txt &&
	grep -q "GO-2099-0001 affected\[0\] (Go): in range 0 (SEMVER): introduced 0, fixed 1.2.0" explained.txt &&
	grep -q "severity from CVE-2099-0001" explained.txt
'

mkdir -p ig
printf 'module example.com/app\n\ngo 1.22\n\nrequire example.com/mod v1.0.0\n' >ig/go.mod
cat >ig/.vouchignore.toml <<'TOML'
[[ignore]]
id = "CVE-2099-0001"
package = "pkg:golang/example.com/mod"
reason = "the vulnerable function is never called"
expires = 2999-12-31

[[ignore]]
id = "GO-2099-0002"
reason = "accepted until the next release"
expires = 2020-01-01

[[ignore]]
id = "GHSA-9999-9999-9999"
reason = "stale"

[[ignore]]
id = "GO-2099-0002"
TOML

test_case 'the folder ignore file suppresses with its reason; expired and unused entries are named' '
	{ vouch scan --db a.db --format json ig >ig.json 2>err; [ $? -eq 3 ]; } &&
	grep -q "ig/.vouchignore.toml:16: the entry for .GO-2099-0002. needs a .reason." err &&
	grep -q "ig/.vouchignore.toml:7: the ignore entry for .GO-2099-0002. expired on 2020-01-01: 1 finding no longer suppressed" err &&
	grep -q "ig/.vouchignore.toml:12: the ignore entry for .GHSA-9999-9999-9999. matched no finding" err &&
	/usr/bin/python3 -c "
import json
s = json.load(open(\"ig.json\"))
f = {f[\"id\"]: f for f in s[\"findings\"]}
assert f[\"GO-2099-0001\"][\"suppressed\"] is True
assert f[\"GO-2099-0001\"][\"ignored\"] == {\"reason\": \"the vulnerable function is never called\", \"expires\": \"2999-12-31\", \"source\": \"ig/.vouchignore.toml:1\"}, f[\"GO-2099-0001\"]
assert f[\"GO-2099-0002\"][\"suppressed\"] is False and \"ignored\" not in f[\"GO-2099-0002\"]
assert s[\"summary\"][\"suppressed\"] == 1
"
'

test_case '--ignore FILE replaces the folder file; an ignored finding does not fail the gate' '
	printf "[[ignore]]\nid = \"GO-2099-0001\"\nreason = \"r1\"\n[[ignore]]\nid = \"GO-2099-0002\"\npackage = \"pkg:golang/example.com/mod@v1.0.0\"\nreason = \"r2\"\n" >mine.toml &&
	expect_code 0 vouch scan --db a.db --ignore mine.toml --fail-on low ig >t.txt 2>err &&
	grep -q "^0 findings in 1 of [0-9]* packages, 2 ignored" t.txt && grep -q "ignored (mine.toml:1): r1" t.txt &&
	! grep -q "vouchignore" err &&
	printf "[[ignore]]\nid = \"GO-2099-0001\"\nreason = \"x\"\npackage = \"pkg:golang/example.com/other\"\n" >other.toml &&
	expect_code 1 vouch scan --db a.db --ignore other.toml --fail-on low bom.json >/dev/null 2>err &&
	grep -q "matched no finding" err &&
	cat mine.toml mine.toml >twice.toml &&
	vouch scan --db a.db --ignore twice.toml bom.json >/dev/null 2>err && ! grep -q "matched no finding" err &&
	printf "[[ignore]]\nid = \"GO-2099-0001\"\nreason = \"x\"\npackage = \"npm/x\"\n" >nopurl.toml &&
	{ vouch scan --db a.db --ignore nopurl.toml --fail-on low bom.json >/dev/null 2>err; [ $? -eq 3 ]; } &&
	grep -q "nopurl.toml:4: .package. must be a purl: " err &&
	printf "[[ignore]\n" >bad.toml &&
	{ vouch scan --db a.db --ignore bad.toml bom.json >/dev/null 2>err; [ $? -eq 3 ]; } && grep -q "bad.toml:1" err
'

schema_case 'sarif-2.1.0.schema.json cyclonedx-bom-1.6.schema.json' 'SARIF and CycloneDX stay valid with ignored findings and borrowed severities' '
	{ vouch scan --db a.db --format sarif --ignore mine.toml bom.json >o.sarif 2>/dev/null; } &&
	/usr/bin/python3 "$HELPERS/schema-check.py" "$SCHEMAS" sarif-2.1.0.schema.json o.sarif &&
	grep -q "\"justification\": *\"r1\"" o.sarif &&
	vouch scan --db a.db --format cyclonedx --ignore mine.toml bom.json >o.cdx 2>/dev/null &&
	/usr/bin/python3 "$HELPERS/schema-check.py" "$SCHEMAS" cyclonedx-bom-1.6.schema.json o.cdx &&
	grep -q "vouch:severity-from" o.cdx
'

corpus_case 'real Go advisories take the severity of a CVE record written for one of their aliases' '
	test -d "$OSV/go" &&
	vouch db import --db real.db "$OSV/go" >/dev/null 2>&1 &&
	cat >cve/CVE-2020-36567.json <<JSON &&
{"id": "CVE-2020-36567", "modified": "2024-01-01T00:00:00Z",
 "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N"}],
 "affected": [{"ranges": [{"type": "GIT", "repo": "https://github.com/gin-gonic/gin",
   "events": [{"introduced": "0"}, {"fixed": "a71af9c144f9579f6dbe945341c1df37aaf09c0d"}]}]}]}
JSON
	printf "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": [{\"type\": \"library\", \"name\": \"gin\", \"version\": \"v1.5.0\", \"purl\": \"pkg:golang/github.com/gin-gonic/gin@v1.5.0\"}]}" >gin.json &&
	vouch scan --db real.db --format json gin.json >before.json &&
	[ "$(sev before.json GO-2020-0001)" = "unknown none None" ] &&
	expect_code 0 vouch scan --db real.db --fail-on high gin.json >/dev/null 2>&1 &&
	expect_code 1 vouch scan --db real.db --fail-on high --fail-on-unknown gin.json >/dev/null 2>&1 &&
	vouch db import --db real.db cve/CVE-2020-36567.json >/dev/null &&
	vouch scan --db real.db --format json gin.json >after.json &&
	[ "$(sev after.json GO-2020-0001)" = "high cvss CVE-2020-36567" ] &&
	expect_code 1 vouch scan --db real.db --fail-on HIGH gin.json >/dev/null 2>&1
'

# the heap is made of huge pages where the system gives them on request (util/heapwarm.h), as
# for vouch sbom; never under ASan, whose allocator does not use the heap. The same scan with
# huge pages refused to the process (prctl PR_SET_THP_DISABLE, 41) gives the same document.
if command -v strace >/dev/null 2>&1; then
test_case 'the heap is made of huge pages where the system gives them, the scan the same' '
	SOURCE_DATE_EPOCH=1700000000 /usr/bin/python3 -c "
import ctypes, os, sys
if ctypes.CDLL(None, use_errno=True).prctl(41, 1, 0, 0, 0) != 0:
    sys.exit(\"prctl: %s\" % os.strerror(ctypes.get_errno()))
os.execv(sys.argv[1], sys.argv[1:])" "$VOUCH_BIN" scan --db a.db --format json bom.json \
		>plain.json &&
	SOURCE_DATE_EPOCH=1700000000 ASAN_OPTIONS=detect_leaks=0 strace -f -qq -o st.log \
		-e trace=madvise "$VOUCH_BIN" scan --db a.db --format json bom.json >traced.json &&
	cmp plain.json traced.json &&
	[ "$(sev traced.json GO-2099-0001)" = "critical cvss CVE-2099-0001" ] &&
	if ldd "$VOUCH_BIN" | grep -q libasan; then
		! grep -q "MADV_HUGEPAGE" st.log
	elif grep -qE "\[(always|madvise)\]" /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
		grep -q "madvise(.*MADV_HUGEPAGE" st.log
	else
		! grep -q "MADV_HUGEPAGE" st.log
	fi
'
else
	test_skip 'the heap is made of huge pages where the system gives them, the scan the same' "needs strace to see the system calls"
fi

test_done
