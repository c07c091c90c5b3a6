#!/usr/bin/env bash
# vouch assess end to end: example products built here, every automated claim met and not met.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1795737600 # 2026-11-27T00:00:00Z
export PY=/usr/bin/python3

# st FILE ID: the status of claim ID in the JSON report FILE
st() { $PY -c "
import json,sys
d=json.load(open(sys.argv[1]))
print([c['status'] for p in d['principles'] for c in p['claims'] if c['id']==sys.argv[2]][0])" "$1" "$2"; }
# arg FILE ID: its argument and gap
arg() { $PY -c "
import json,sys
d=json.load(open(sys.argv[1]))
c=[c for p in d['principles'] for c in p['claims'] if c['id']==sys.argv[2]][0]
print(c['argument'], c.get('gap',''))" "$1" "$2"; }
export -f st arg

# a product that meets every automated claim
mkdir -p good && (
	cd good && git init -q . &&
	integ=$($PY -c "import hashlib,base64;print('sha512-'+base64.b64encode(hashlib.sha512(b'a').digest()).decode())") &&
	cat >package-lock.json <<JSON
{"name":"good","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{
 "":{"name":"good","version":"1.0.0","dependencies":{"left-pad":"1.3.0"}},
 "node_modules/left-pad":{"version":"1.3.0","resolved":"https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz","integrity":"$integ"}}}
JSON
	mkdir -p .well-known dist evidence &&
	printf 'Contact: mailto:security@example.com\nContact: https://example.com/report\nExpires: 2027-10-01T00:00:00Z\nPolicy: https://example.com/security/policy\nEncryption: https://example.com/pgp.asc\n' >.well-known/security.txt &&
	echo "release 1" >rel.txt && tar czf dist/good-1.0.tar.gz rel.txt && rm rel.txt &&
	vouch key generate --no-password --public key.pub --secret key.sec >/dev/null 2>&1 &&
	vouch sign --secret key.sec dist/good-1.0.tar.gz >/dev/null 2>&1 &&
	vouch env snapshot --no-tools --output env1.json >/dev/null 2>&1 &&
	vouch log append --log buildlog env1.json >/dev/null &&
	vouch log checkpoint --log buildlog --secret key.sec --origin example.com/good >/dev/null &&
	echo "training" >evidence/training.pdf && echo "audit" >evidence/audit-log.csv &&
	echo "acl" >evidence/log-storage.md && echo "support" >evidence/support-policy.md &&
	mkdir -p adv && cat >adv/a.json <<'JSON'
{"id":"GHSA-test-0001-aaaa","modified":"2026-11-26T00:00:00Z","summary":"demo",
 "affected":[{"package":{"ecosystem":"npm","name":"other-pkg"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"2.0.0"}]}]}]}
JSON
	SOURCE_DATE_EPOCH=1795651200 vouch db import --db vulns.db adv >/dev/null 2>&1 &&
	cat >vouch.toml <<'TOML'
[organisation]
name = "Example <Ltd> & Co"
role = "developer-distributor"

[sro]
name = "A. Person"
title = "CTO"
appointed = 2025-06-01

[[product]]
name = "good"
path = "."

[[product.release]]
version = "2.0"
released = 2025-01-15
end_of_support = 2027-12-31
notice_published = 2026-08-08
notice_url = "https://example.com/lifecycle"

[disclosure]
security_txt = ".well-known/security.txt"
policy_url = "https://example.com/security/policy"

[evidence]
log = "buildlog"
public_key = "key.pub"
releases = "dist"
db = "vulns.db"
junit = []
log_retention_days = 365

[[claim]]
id = "1.1.2"
status = "met"
argument = "All developers complete secure coding training every year."
evidence = ["evidence/training.pdf"]
owner = "Head of Engineering"
reviewed = 2026-09-01

[[claim]]
id = "2.2.1"
status = "met"
argument = "The code host's audit log records every access to the build pipelines."
evidence = ["evidence/audit-log.csv"]
owner = "Platform lead"
reviewed = 2026-11-01

[[claim]]
id = "2.2.4"
status = "met"
argument = "The log is kept in a bucket only the release team can read."
evidence = ["evidence/log-storage.md"]
owner = "Platform lead"
reviewed = 2026-11-01

[[claim]]
id = "4.1.1"
status = "met"
argument = "The support policy covers the third-party components."
evidence = ["evidence/support-policy.md"]
owner = "Product manager"
reviewed = 2026-11-01
TOML
	git -c user.email=t@example.com -c user.name=t add -A &&
	git -c user.email=t@example.com -c user.name=t commit -q -m "good 1.0"
) >setup.log 2>&1 || { cat setup.log; exit 1; }

test_case 'JSON lists exactly the 45 claims by number under the 14 principles' '
	vouch assess --format json --no-save good >good.json 2>err &&
	$PY -c "
import json
d=json.load(open(\"good.json\"))
ids=[c[\"id\"] for p in d[\"principles\"] for c in p[\"claims\"]]
assert len(d[\"principles\"])==14, len(d[\"principles\"])
assert len(ids)==45 and len(set(ids))==45, ids
exp={\"1.1\":6,\"1.2\":5,\"1.3\":3,\"1.4\":5,\"2.1\":6,\"2.2\":4,\"3.1\":2,\"3.2\":2,\"3.3\":2,\"3.4\":2,\"3.5\":2,\"4.1\":3,\"4.2\":1,\"4.3\":2}
for p in d[\"principles\"]:
    assert len(p[\"claims\"])==exp[p[\"id\"]], p[\"id\"]
    for c in p[\"claims\"]:
        assert c[\"id\"].startswith(p[\"id\"]+\".\")
        assert set([\"id\",\"title\",\"status\",\"argument\",\"evidence\"]) <= set(c)
        assert c[\"status\"] in (\"met\",\"not_met\",\"not_applicable\",\"unknown\")
        for e in c[\"evidence\"]:
            assert (\"path\" in e or \"uri\" in e) and \"collected\" in e and \"collector\" in e
assert d[\"generated\"]==\"2026-11-27T00:00:00Z\"
assert d[\"organisation\"][\"name\"]==\"Example <Ltd> & Co\"
assert d[\"database_age_days\"]==1, d[\"database_age_days\"]
"
'

test_case 'a good product meets every automated claim it can' '
	for id in 1.1.4 1.2.1 1.2.2 2.2.1 2.2.2 2.2.3 2.2.4 3.1.1 3.3.1 3.3.2 4.1.1 4.2.1 1.1.2; do
		s=$(st good.json $id); [ "$s" = met ] || { echo "$id: $s: $(arg good.json $id)"; exit 1; }
	done
'

test_case 'evidence files carry their sha256' '
	want=$(sha256sum good/evidence/training.pdf | cut -d" " -f1) &&
	grep -q "\"sha256\": \"$want\"" good.json &&
	want=$(sha256sum good/package-lock.json | cut -d" " -f1) &&
	grep -q "\"sha256\": \"$want\"" good.json
'

test_case 'security.txt: valid with a policy and an encryption key meets 3.2.1 and 3.2.2' '
	[ "$(st good.json 3.2.1)" = met ] && [ "$(st good.json 3.2.2)" = met ]
'

test_case 'security.txt: expired is not_met; no confidential channel fails 3.2.2 only' '
	cp -r good expired && cd expired &&
	sed -i "s/^Expires: .*/Expires: 2025-01-01T00:00:00Z/" .well-known/security.txt &&
	vouch assess --format json --no-save . >../expired.json 2>/dev/null && cd .. &&
	[ "$(st expired.json 3.2.1)" = not_met ] && arg expired.json 3.2.1 | grep -qi expire &&
	cp -r good open && cd open &&
	printf "Contact: https://github.com/example/good/issues\nExpires: 2027-10-01T00:00:00Z\nPolicy: https://example.com/security/policy\nEncryption: https://example.com/pgp.asc\n" >.well-known/security.txt &&
	vouch assess --format json --no-save . >../open.json 2>/dev/null && cd .. &&
	[ "$(st open.json 3.2.1)" = met ] && [ "$(st open.json 3.2.2)" = not_met ]
'

test_case 'JUnit results: all passing meets 1.3.2, a failure is not_met naming the test' '
	cp -r good junit && cd junit && mkdir -p test-results &&
	printf "<testsuites><testsuite name=\"s\"><testcase classname=\"s\" name=\"a\"/><testcase classname=\"s\" name=\"b\"/></testsuite></testsuites>\n" >test-results/ok.xml &&
	sed -i "s|^junit = \[\]|junit = [\"test-results/ok.xml\"]|" vouch.toml &&
	vouch assess --format json --no-save . >../junit-ok.json 2>/dev/null &&
	printf "<testsuite name=\"s\"><testcase classname=\"s\" name=\"broken\"><failure message=\"x\"/></testcase></testsuite>\n" >test-results/bad.xml &&
	sed -i "s|^junit = .*|junit = [\"test-results/ok.xml\", \"test-results/bad.xml\"]|" vouch.toml &&
	vouch assess --format json --no-save . >../junit-bad.json 2>/dev/null && cd .. &&
	[ "$(st junit-ok.json 1.3.2)" = met ] &&
	[ "$(st junit-bad.json 1.3.2)" = not_met ] && arg junit-bad.json 1.3.2 | grep -q broken
'

test_case 'a bare product fails the automated claims, each with a gap' '
	mkdir -p bare && echo "{}" >bare/notes.json &&
	vouch assess --format json --no-save bare >bare.json 2>err &&
	for id in 1.1.4 2.2.1 2.2.2 2.2.3 2.2.4 3.1.1 3.2.1 3.2.2 3.3.1 1.3.2 4.1.1; do
		s=$(st bare.json $id); [ "$s" = not_met ] || { echo "$id: $s"; exit 1; }
		[ -n "$(arg bare.json $id)" ] || { echo "$id: no argument"; exit 1; }
	done &&
	[ "$(st bare.json 1.2.1)" = unknown ] && arg bare.json 1.2.1 | grep -q "cannot tell" &&
	grep -q "no vouch.toml" err
'

test_case 'missing integrity hashes make 1.2.2 not_met with the share and the packages' '
	mkdir -p nohash && cd nohash && git init -q . &&
	printf "{\"name\":\"n\",\"lockfileVersion\":3,\"packages\":{\"\":{\"name\":\"n\"},\"node_modules/a\":{\"version\":\"1.0.0\"},\"node_modules/b\":{\"version\":\"2.0.0\",\"integrity\":\"%s\"}}}" \
		"$($PY -c "import hashlib,base64;print(\"sha512-\"+base64.b64encode(hashlib.sha512(b\"b\").digest()).decode())")" >package-lock.json &&
	vouch assess --format json --no-save . >../nohash.json 2>/dev/null && cd .. &&
	[ "$(st nohash.json 1.2.2)" = not_met ] &&
	arg nohash.json 1.2.2 | grep -q "1 of 2" && arg nohash.json 1.2.2 | grep -q "pkg:npm/a@1.0.0"
'

test_case '1.2.2: an action pinned to a commit counts as pinned, one on a tag does not' '
	mkdir -p acts/.github/workflows && cd acts && git init -q . &&
	printf "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n      - uses: actions/setup-node@v4\n" >.github/workflows/ci.yml &&
	vouch assess --format json --no-save . >../acts.json 2>/dev/null && cd .. &&
	[ "$(st acts.json 1.2.2)" = not_met ] &&
	arg acts.json 1.2.2 | grep -q "1 of 2" &&
	arg acts.json 1.2.2 | grep -q "pkg:githubactions/actions/setup-node@v4" &&
	! arg acts.json 1.2.2 | grep -q "checkout" &&
	arg acts.json 1.2.2 | grep -q "pin GitHub Actions to a full commit SHA"
'

test_case 'tampered release, unsigned log tail, stale database and open findings are not_met' '
	cp -r good bad && cd bad &&
	echo tampered >>dist/good-1.0.tar.gz &&
	echo "toolchain gcc 13" >env2 && vouch log append --log buildlog env2 >/dev/null &&
	cat >adv/b.json <<JSON
{"id":"GHSA-test-0002-bbbb","modified":"2026-01-01T00:00:00Z","summary":"left-pad flaw",
 "affected":[{"package":{"ecosystem":"npm","name":"left-pad"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"9.0.0"}]}]}]}
JSON
	sed -i "s/2026-11-26T00/2026-11-07T00/" adv/a.json &&
	rm -f vulns.db && vouch db import --db vulns.db adv >/dev/null 2>&1 &&
	vouch assess --format json --no-save . >../bad.json 2>/dev/null; cd .. &&
	[ "$(st bad.json 3.1.1)" = not_met ] && arg bad.json 3.1.1 | grep -q good-1.0.tar.gz &&
	[ "$(st bad.json 2.2.4)" = not_met ] && arg bad.json 2.2.4 | grep -q "1 of 2" &&
	[ "$(st bad.json 2.2.1)" = met ] && [ "$(st bad.json 2.2.3)" = met ] &&
	[ "$(st bad.json 3.3.1)" = not_met ] && arg bad.json 3.3.1 | grep -q "20 days" &&
	[ "$(st bad.json 3.3.2)" = not_met ] && arg bad.json 3.3.2 | grep -q GHSA-test-0002-bbbb
'

test_case 'a VEX statement triages the open finding: 3.3.2 met' '
	cd bad && cat >vex.json <<JSON
{"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://example.com/vex/1","author":"sec","timestamp":"2026-11-01T00:00:00Z","version":1,
 "statements":[{"vulnerability":{"name":"GHSA-test-0002-bbbb"},"products":[{"@id":"pkg:npm/left-pad@1.3.0"}],"status":"not_affected","justification":"vulnerable_code_not_in_execute_path"}]}
JSON
	sed -i "s/^junit = \[\]/junit = []\nvex = [\"vex.json\"]/" vouch.toml &&
	vouch assess --format json --no-save . >../vex.json 2>/dev/null; cd .. &&
	[ "$(st vex.json 3.3.2)" = met ]
'

# write_rel DIR EOS NOTICE: a product whose one release has these dates
write_rel() {
	mkdir -p "$1" && cat >"$1/vouch.toml" <<TOML
[organisation]
name = "E"
[[product]]
name = "p"
[[product.release]]
version = "1.0"
end_of_support = $2
${3:+notice_published = $3}
TOML
}
export -f write_rel

test_case '4.2.1: notice 230 days before end of support is not_met and names the release and due date' '
	eos=2026-06-30 &&
	notice=$($PY -c "import datetime;print(datetime.date(2026,6,30)-datetime.timedelta(days=230))") &&
	write_rel r230 $eos $notice &&
	vouch assess --format json --no-save r230 >r230.json 2>/dev/null &&
	[ "$(st r230.json 4.2.1)" = not_met ] &&
	arg r230.json 4.2.1 | grep -q "p 1.0" &&
	arg r230.json 4.2.1 | grep -q "only 230 days" &&
	arg r230.json 4.2.1 | grep -q "due by 2025-06-30"
'

test_case '4.2.1: notice 510 days before end of support is met' '
	notice=$($PY -c "import datetime;print(datetime.date(2027,6,30)-datetime.timedelta(days=510))") &&
	write_rel r510 2027-06-30 $notice &&
	vouch assess --format json --no-save r510 >r510.json 2>/dev/null &&
	[ "$(st r510.json 4.2.1)" = met ] && [ "$(st r510.json 4.1.1)" = met ]
'

test_case '4.2.1: past the due date with no notice is not_met; near it, a warning' '
	write_rel late 2027-01-31 && vouch assess --format json --no-save late >late.json 2>/dev/null &&
	[ "$(st late.json 4.2.1)" = not_met ] && arg late.json 4.2.1 | grep -q "due by 2026-01-31" &&
	write_rel soon 2027-12-31 && vouch assess --format json --no-save soon >soon.json 2>/dev/null &&
	[ "$(st soon.json 4.2.1)" = met ] && arg soon.json 4.2.1 | grep -q "Warning: p 1.0: notice due by 2026-12-31"
'

test_case 'a release without end_of_support makes 4.1.1 not_met naming it' '
	mkdir -p noeos && printf "[[product]]\nname = \"p\"\n[[product.release]]\nversion = \"3.1\"\n" >noeos/vouch.toml &&
	vouch assess --format json --no-save noeos >noeos.json 2>/dev/null &&
	[ "$(st noeos.json 4.1.1)" = not_met ] && arg noeos.json 4.1.1 | grep -q "p 3.1"
'

test_done
