#!/usr/bin/env bash
# vouch lifecycle notice: the drafted notice, its file, its build-log record, and 4.1.1/4.2.1
# observed from those records; hostile notice files named with file and line.
. "$(dirname "$0")/lib.sh"

export PY=/usr/bin/python3
export SOURCE_DATE_EPOCH=1795737600 # 2026-11-27T00:00:00Z
need_cmd "$PY"

claim() { $PY -c "import json,sys;print([c for p in json.load(open(sys.argv[1]))['principles'] for c in p['claims'] if c['id']==sys.argv[2]][0][sys.argv[3]])" "$@"; }
export -f claim

cat >vouch.toml <<'TOML'
[organisation]
name = "Example Ltd"

[[product]]
name = "ex"

[[product.release]]
version = "1.x"
released = 2025-01-01
eoas = 2026-06-30
end_of_support = 2027-12-31

[[product.release]]
version = "2.x"
released = 2026-06-01
end_of_support = 2029-06-30
latest = "2.4.0"

[lifecycle]
page_url = "https://example.com/lifecycle"

[evidence]
log = "build-log"
TOML

test_case 'without notices, 4.2.1 rests on typed dates: declared' '
	vouch assess --no-save --format json . >a0.json 2>/dev/null || true
	[ "$(claim a0.json 4.2.1 status)" = met ] && [ "$(claim a0.json 4.2.1 basis)" = declared ] &&
	[ "$(claim a0.json 4.1.1 basis)" = declared ]
'

test_case 'notice drafts what ends, what to do and the risk; writes the file and logs it' '
	vouch lifecycle notice --release 1.x --channel email --log build-log >n.txt 2>err &&
	head -1 n.txt | grep -qx "ex 1.x: end of support on 2027-12-31" &&
	grep -q "^What ends: support for ex 1.x ends on 2027-12-31. After that date Example Ltd releases no security updates" n.txt &&
	grep -q "Active support (fixes other than security fixes) ended on 2026-06-30" n.txt &&
	grep -q "^What to do: upgrade to ex 2.x (latest version 2.4.0), supported until 2029-06-30, before 2027-12-31." n.txt &&
	grep -q "^The risk of staying: vulnerabilities found in ex 1.x after 2027-12-31 will not be fixed" n.txt &&
	grep -q "https://example.com/lifecycle" n.txt &&
	[ -f lifecycle/notices/ex-1.x.toml ] &&
	grep -q "recorded as entry 0" err &&
	vouch log get --log build-log --index 0 >rec.json &&
	$PY - <<PYEOF
import hashlib, json, tomllib
r = json.load(open("rec.json"))
n = tomllib.load(open("lifecycle/notices/ex-1.x.toml", "rb"))
assert r["type"] == "lifecycle-notice" and r["schema"] == "vouch-lifecycle-notice/1", r
assert (r["product"], r["release"], r["published"], r["channel"], r["url"]) == ("ex", "1.x", "2026-11-27", "email", "https://example.com/lifecycle"), r
assert r["file"] == "lifecycle/notices/ex-1.x.toml"
assert r["sha256"] == hashlib.sha256(open(r["file"], "rb").read()).hexdigest()
assert str(n["published"]) == "2026-11-27" and str(n["end_of_support"]) == "2027-12-31"
assert n["id"] == r["id"] and n["text"].startswith("What ends:")
PYEOF
'

test_case 'the notice file is valid TOML for a second reader (python tomllib) and round-trips' '
	$PY -c "import tomllib;d=tomllib.load(open(\"lifecycle/notices/ex-1.x.toml\",\"rb\"));assert set(d)=={\"id\",\"product\",\"release\",\"end_of_support\",\"published\",\"channel\",\"url\",\"title\",\"text\"},d"
'

test_case 'with every judged notice a record, 4.2.1 is observed and names the notice file as evidence' '
	vouch assess --no-save --format json . >a1.json 2>/dev/null || true
	[ "$(claim a1.json 4.2.1 status)" = met ] && [ "$(claim a1.json 4.2.1 basis)" = observed ] &&
	claim a1.json 4.2.1 argument | grep -q "1 of 1 notice dates come from records" &&
	claim a1.json 4.2.1 evidence | grep -q "lifecycle/notices/ex-1.x.toml"
'

test_case 'the log record alone (notice file deleted) still counts; a typed date alone does not' '
	mv lifecycle/notices/ex-1.x.toml saved.toml &&
	vouch assess --no-save --format json . >a2.json 2>/dev/null || true
	mv saved.toml lifecycle/notices/ex-1.x.toml &&
	[ "$(claim a2.json 4.2.1 basis)" = observed ] &&
	mkdir -p typed && sed "s/^end_of_support = 2029-06-30/&\nnotice_published = 2026-01-02/" vouch.toml >typed/vouch.toml &&
	cp -r lifecycle build-log typed/ &&
	vouch assess --no-save --format json typed >a3.json 2>/dev/null || true
	[ "$(claim a3.json 4.2.1 basis)" = declared ] &&
	claim a3.json 4.2.1 argument | grep -q "1 of 2 notice dates come from records"
'

test_case 'a late notice recorded by vouch is observed as not met (the record cannot excuse it)' '
	mkdir -p late && cd late &&
	printf "[[product]]\nname = \"l\"\n\n[[product.release]]\nversion = \"9\"\nend_of_support = 2027-06-30\n" >vouch.toml &&
	vouch lifecycle notice --release 9 >/dev/null 2>&1 &&
	expect_code 1 vouch lifecycle check >/dev/null 2>err && grep -q "only 215 days before" err &&
	{ vouch assess --no-save --format json . >a.json 2>/dev/null || true; } &&
	[ "$(claim a.json 4.2.1 status)" = not_met ] && [ "$(claim a.json 4.2.1 basis)" = observed ]
'

test_case 'publish recorded in the log makes 4.1.1 observed' '
	vouch lifecycle publish --output pub --log build-log 2>/dev/null &&
	vouch assess --no-save --format json . >a4.json 2>/dev/null || true
	[ "$(claim a4.json 4.1.1 basis)" = observed ] &&
	claim a4.json 4.1.1 argument | grep -q "records 1 publication of the support periods"
'

test_case 'a second notice of the same release is refused without --force' '
	expect_code 2 vouch lifecycle notice --release 1.x 2>err &&
	grep -q "already recorded in .lifecycle/notices/ex-1.x.toml.; --force replaces it" err &&
	vouch lifecycle notice --release 1.x --force --date 2026-11-01 >/dev/null 2>&1 &&
	grep -q "^published = 2026-11-01" lifecycle/notices/ex-1.x.toml
'

test_case 'bad requests: unknown release, future date, bad date, no end of support' '
	expect_code 2 vouch lifecycle notice --release 7.x 2>err && grep -q "no release .7.x." err &&
	expect_code 2 vouch lifecycle notice --release 2.x --date 2026-12-01 2>err && grep -q "in the future" err &&
	expect_code 2 vouch lifecycle notice --release 2.x --date 2026-02-30 2>err && grep -q "not a date" err &&
	expect_code 2 vouch lifecycle notice 2>err && grep -q "release V is required" err &&
	mkdir -p noeos && printf "[[product]]\nname = \"z\"\n[[product.release]]\nversion = \"1\"\n" >noeos/vouch.toml &&
	expect_code 2 vouch lifecycle notice --config noeos/vouch.toml --release 1 2>err &&
	grep -q "has no end_of_support" err
'

test_case 'hostile notice files are named with file and line and skipped (exit 3); the rest is read' '
	mkdir -p h && cd h && cp ../vouch.toml . && mkdir -p lifecycle/notices &&
	printf "id = \"x\"\nproduct = \"ex\"\nrelease = \"2.x\"\nend_of_support = 2029-06-30\npublished = \"yesterday\"\nchannel = \"web\"\ntitle = \"t\"\ntext = \"t\"\n" >lifecycle/notices/a.toml &&
	printf "id = [[[\n" >lifecycle/notices/b.toml &&
	printf "id = \"x\"\nproduct = \"ex\"\nrelease = \"2.x\"\nend_of_support = 2029-06-30\npublished = 2026-01-01\nchannel = \"web\"\ntitle = \"t\"\ntext = \"t\"\nextra = 1\n" >lifecycle/notices/c.toml &&
	head -c 300000 /dev/zero | tr "\0" "#" >lifecycle/notices/d.toml &&
	printf "id = \"x\"\nproduct = \"ex\"\nrelease = \"2.x\"\nend_of_support = 2029-06-30\npublished = 2030-01-01\nchannel = \"web\"\ntitle = \"t\"\ntext = \"t\"\n" >lifecycle/notices/e.toml &&
	cp ../lifecycle/notices/ex-1.x.toml lifecycle/notices/ &&
	expect_code 3 vouch lifecycle publish --output p 2>err &&
	grep -q "lifecycle/notices/a.toml:5: .published. must be" err &&
	grep -q "lifecycle/notices/b.toml:1:" err &&
	grep -q "lifecycle/notices/c.toml:9: unknown key .extra." err &&
	grep -q "lifecycle/notices/d.toml. is larger than the limit" err &&
	grep -q "lifecycle/notices/e.toml:5: .published. is after .end_of_support." err &&
	[ "$(grep -c "<entry>" p/notices.atom)" = 1 ] &&
	{ vouch assess --no-save --format json . >a.json 2>aerr || true; } &&
	grep -q "a.toml:5" aerr
'

test_done
