#!/usr/bin/env bash
# vouch assess: the checks behind each automated claim, each tried both ways on small
# products built here (real git work trees, go.sum, minisign signatures made by vouch and
# by the minisign binary, SHA256SUMS from sha256sum, checkpoints from vouch log).
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1795737600 # 2026-11-27T00:00:00Z
export PY=/usr/bin/python3
need_cmd git sha256sum

. "$VOUCH_TOP/tests/lib/assess.sh" # claim FILE ID KEY
g() { git -c user.email=t@example.com -c user.name=t "$@"; }
# run DIR: assess DIR into DIR.json
run() { vouch assess --no-save --format json "$1" >"$1.json" 2>"$1.err"; }
export -f g run

# ---- 3.3.1: the data's age, not the import's ----

# advdb DIR MODIFIED: a database in DIR/v.db imported now from one advisory modified then
advdb() {
	mkdir -p "$1/adv" && cat >"$1/adv/a.json" <<JSON
{"id":"GHSA-aaaa-bbbb-cccc","modified":"$2","summary":"x",
 "affected":[{"package":{"ecosystem":"npm","name":"nothing-here"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.0.0"}]}]}]}
JSON
	vouch db import --db "$1/v.db" "$1/adv" >/dev/null 2>&1 &&
	printf '[evidence]\ndb = "v.db"\n' >"$1/vouch.toml" &&
	printf '{"name":"x","lockfileVersion":3,"packages":{"":{"name":"x"},"node_modules/y":{"version":"1.0.0"}}}' >"$1/package-lock.json"
}
export -f advdb

test_case '3.3.1: a database imported today from data three months old is not current' '
	advdb old 2026-08-27T00:00:00Z && run old &&
	[ "$(claim old.json 3.3.1 status)" = not_met ] &&
	claim old.json 3.3.1 argument | grep -q "modified 92 days ago (2026-08-27)" &&
	$PY -c "import json;assert json.load(open(\"old.json\"))[\"database_age_days\"]==92"
'

test_case '3.3.1: data modified yesterday is current' '
	advdb fresh 2026-11-26T12:00:00Z && run fresh &&
	[ "$(claim fresh.json 3.3.1 status)" = met ] &&
	$PY -c "import json;assert json.load(open(\"fresh.json\"))[\"database_age_days\"]==1"
'

test_case '3.3.2: no components to scan is unknown, not met; components with no finding are met' '
	mkdir -p empty && cp fresh/v.db empty/ && printf "[evidence]\ndb = \"v.db\"\n" >empty/vouch.toml &&
	run empty && [ "$(claim empty.json 3.3.2 status)" = unknown ] &&
	claim empty.json 3.3.2 argument | grep -q "no components" &&
	[ "$(claim fresh.json 3.3.2 status)" = met ]
'

# ---- 1.2.2: go.sum h1: hashes; the go directive is not a component ----

test_case '1.2.2: Go modules pinned by go.sum h1: hashes are met; stdlib needs none' '
	mkdir -p gomod && cd gomod &&
	printf "module example.com/m\n\ngo 1.22\n\nrequire golang.org/x/text v0.14.0\n" >go.mod &&
	printf "golang.org/x/text v0.14.0 h1:ScX5w1eTa3QqT8oi6+ziP7dTV1S2+ALU0bI+0zXKWiQ=\ngolang.org/x/text v0.14.0/go.mod h1:18ZOQIKpY8NJVqYksKHtTdi31H5itFRjB5/qKTNYzSU=\n" >go.sum &&
	cd .. && run gomod &&
	[ "$(claim gomod.json 1.2.2 status)" = met ] &&
	claim gomod.json 1.2.2 argument | grep -q "All 1 third-party"
'

test_case '1.2.2: a Go module without its go.sum line is not met, named' '
	mkdir -p gonosum && cd gonosum &&
	printf "module example.com/m\n\ngo 1.22\n\nrequire (\n\tgolang.org/x/text v0.14.0\n\tgolang.org/x/mod v0.17.0\n)\n" >go.mod &&
	printf "golang.org/x/text v0.14.0 h1:ScX5w1eTa3QqT8oi6+ziP7dTV1S2+ALU0bI+0zXKWiQ=\n" >go.sum &&
	cd .. && run gonosum &&
	[ "$(claim gonosum.json 1.2.2 status)" = not_met ] &&
	claim gonosum.json 1.2.2 argument | grep -q "1 of 2" &&
	claim gonosum.json 1.2.2 argument | grep -q "golang.org/x/mod"
'

# ---- 1.1.4: version control, with or without a package manager ----

test_case '1.1.4: a C project with no package manager, committed to git, is met' '
	mkdir -p cproj && cd cproj && g init -q . &&
	printf "int main(void) { return 0; }\n" >main.c && printf "all: main\n" >Makefile &&
	g add -A && g commit -q -m one && cd .. && run cproj &&
	[ "$(claim cproj.json 1.1.4 status)" = met ] &&
	claim cproj.json 1.1.4 argument | grep -q "no package manager" &&
	[ "$(claim cproj.json 1.2.1 status)" = unknown ]
'

test_case '1.1.4: not in git, or in git with nothing committed, is not met' '
	mkdir -p cnogit && cp cproj/main.c cnogit/ && run cnogit &&
	[ "$(claim cnogit.json 1.1.4 status)" = not_met ] &&
	mkdir -p cempty && cd cempty && g init -q . && cp ../cproj/main.c . && cd .. && run cempty &&
	[ "$(claim cempty.json 1.1.4 status)" = not_met ] &&
	claim cempty.json 1.1.4 argument | grep -q "no commit"
'

# ---- 3.1.1: signed artefacts, SHA256SUMS, provenance ----

mkdir -p keys && vouch key generate --no-password --public keys/rel.pub --secret keys/rel.sec >/dev/null 2>&1 &&
	vouch key generate --no-password --public keys/other.pub --secret keys/other.sec >/dev/null 2>&1

# relprod DIR: a product whose release folder dist/ holds two artefacts
relprod() {
	mkdir -p "$1/dist" && echo "one" >"$1/dist/app-1.0.tar.gz" && echo "two" >"$1/dist/app-1.0.zip" &&
	printf '[evidence]\nreleases = "dist"\npublic_key = "%s/keys/rel.pub"\n' "$TEST_DIR" >"$1/vouch.toml"
}
export -f relprod

test_case '3.1.1: a SHA256SUMS signed by vouch with the release key covers the artefacts' '
	relprod sums && vouch sign --secret keys/rel.sec --sums sums/dist >/dev/null 2>&1 &&
	[ ! -e sums/dist/app-1.0.zip.minisig ] && run sums &&
	[ "$(claim sums.json 3.1.1 status)" = met ] &&
	claim sums.json 3.1.1 argument | grep -q "2 through a signed SHA256SUMS"
'

if ! command -v minisign >/dev/null; then
	test_skip '3.1.1: sha256sum output signed with the minisign binary' 'no minisign'
else test_case '3.1.1: sha256sum output signed with the minisign binary covers the artefacts' '
	relprod ms && minisign -G -W -p keys/ms.pub -s keys/ms.sec >/dev/null 2>&1 &&
	(cd ms/dist && sha256sum app-1.0.tar.gz app-1.0.zip >SHA256SUMS) &&
	minisign -S -s keys/ms.sec -m ms/dist/SHA256SUMS >/dev/null 2>&1 &&
	sed -i "s|keys/rel.pub|keys/ms.pub|" ms/vouch.toml && run ms &&
	[ "$(claim ms.json 3.1.1 status)" = met ]
'
fi

test_case '3.1.1: a file SHA256SUMS lists but the folder lacks fails, named' '
	relprod gone && vouch sign --secret keys/rel.sec --sums gone/dist >/dev/null 2>&1 &&
	rm gone/dist/app-1.0.zip && run gone &&
	[ "$(claim gone.json 3.1.1 status)" = not_met ] &&
	claim gone.json 3.1.1 argument | grep -q "missing from the folder: app-1.0.zip"
'

test_case '3.1.1: a SHA256SUMS or a signature by another key fails' '
	relprod other && vouch sign --secret keys/other.sec --sums other/dist >/dev/null 2>&1 && run other &&
	[ "$(claim other.json 3.1.1 status)" = not_met ] &&
	claim other.json 3.1.1 argument | grep -q "SHA256SUMS.minisig does not verify with the configured release key" &&
	relprod other1 && vouch sign --secret keys/rel.sec other1/dist/app-1.0.tar.gz >/dev/null 2>&1 &&
	vouch sign --secret keys/other.sec other1/dist/app-1.0.zip >/dev/null 2>&1 && run other1 &&
	[ "$(claim other1.json 3.1.1 status)" = not_met ] &&
	claim other1.json 3.1.1 argument | grep -q "app-1.0.zip.minisig does not verify" &&
	relprod each && vouch sign --secret keys/rel.sec each/dist/app-1.0.tar.gz each/dist/app-1.0.zip >/dev/null 2>&1 &&
	run each && [ "$(claim each.json 3.1.1 status)" = met ]
'

test_case '3.1.1: provenance is checked when configured: release key and subjects' '
	relprod prov && vouch sign --secret keys/rel.sec --sums prov/dist >/dev/null 2>&1 &&
	vouch attest provenance --secret keys/rel.sec --output prov/good.intoto.json \
		prov/dist/app-1.0.tar.gz >/dev/null 2>&1 &&
	printf "provenance = [\"good.intoto.json\"]\n" >>prov/vouch.toml && run prov &&
	[ "$(claim prov.json 3.1.1 status)" = met ] &&
	claim prov.json 3.1.1 argument | grep -q "1 provenance statement(s) verify" &&
	vouch attest provenance --secret keys/other.sec --output prov/bad.intoto.json \
		prov/dist/app-1.0.tar.gz >/dev/null 2>&1 &&
	sed -i "s/good.intoto.json/bad.intoto.json/" prov/vouch.toml && run prov &&
	[ "$(claim prov.json 3.1.1 status)" = not_met ] &&
	claim prov.json 3.1.1 argument | grep -q "bad.intoto.json. does not verify" &&
	echo elsewhere >stray.bin &&
	vouch attest provenance --secret keys/rel.sec --output prov/stray.intoto.json stray.bin >/dev/null 2>&1 &&
	sed -i "s/bad.intoto.json/stray.intoto.json/" prov/vouch.toml && run prov &&
	[ "$(claim prov.json 3.1.1 status)" = not_met ] &&
	claim prov.json 3.1.1 argument | grep -q "not an artefact of the release folder"
'

# ---- 3.2.2: a confidential channel ----

# sectxt DIR CONTACT [EXTRA]: a security.txt with one contact
sectxt() {
	mkdir -p "$1/.well-known" &&
	printf 'Contact: %s\nExpires: 2027-10-01T00:00:00Z\nPolicy: https://example.com/policy\n%s' "$2" "${3:-}" >"$1/.well-known/security.txt"
}
export -f sectxt

test_case '3.2.2: a public issue tracker is not confidential, even with a key' '
	sectxt iss https://github.com/example/app/issues && run iss &&
	[ "$(claim iss.json 3.2.2 status)" = not_met ] &&
	sectxt iss2 https://gitlab.com/example/app/-/issues/new "Encryption: https://example.com/k.asc\n" && run iss2 &&
	[ "$(claim iss2.json 3.2.2 status)" = not_met ] &&
	sectxt form https://example.com/report && run form &&
	[ "$(claim form.json 3.2.2 status)" = not_met ]
'

test_case '3.2.2: mailto, a private advisory form, an https form with a key are confidential' '
	sectxt mail mailto:security@example.com && run mail && [ "$(claim mail.json 3.2.2 status)" = met ] &&
	sectxt adv https://github.com/example/app/security/advisories/new && run adv &&
	[ "$(claim adv.json 3.2.2 status)" = met ] &&
	claim adv.json 3.2.2 argument | grep -q "private advisory form" &&
	sectxt form2 https://example.com/report "Encryption: https://example.com/k.asc\n" && run form2 &&
	[ "$(claim form2.json 3.2.2 status)" = met ]
'

# ---- 4.2.1: a calendar year's notice ----

# eos DIR EOS NOTICE
eos() {
	mkdir -p "$1" && printf '[[product]]\nname = "p"\n[[product.release]]\nversion = "1"\nend_of_support = %s\nnotice_published = %s\n' "$2" "$3" >"$1/vouch.toml"
}
export -f eos

test_case '4.2.1: 2028-03-01 needs notice by 2027-03-01; 2028-02-29 by 2027-02-28' '
	eos m1 2028-03-01 2027-03-01 && run m1 && [ "$(claim m1.json 4.2.1 status)" = met ] &&
	eos m2 2028-03-01 2027-03-02 && run m2 && [ "$(claim m2.json 4.2.1 status)" = not_met ] &&
	claim m2.json 4.2.1 argument | grep -q "due by 2027-03-01" &&
	eos l1 2028-02-29 2027-02-28 && run l1 && [ "$(claim l1.json 4.2.1 status)" = met ] &&
	eos l2 2028-02-29 2027-03-01 && run l2 && [ "$(claim l2.json 4.2.1 status)" = not_met ] &&
	claim l2.json 4.2.1 argument | grep -q "due by 2027-02-28" &&
	[ "$(claim m1.json 4.2.1 basis)" = declared ] && [ "$(claim m1.json 4.1.1 basis)" = declared ]
'

test_case '4.1.1: release dates alone do not cover third-party components' '
	eos comp 2028-03-01 2027-01-01 && cp old/package-lock.json comp/ && run comp &&
	[ "$(claim comp.json 4.1.1 status)" = unknown ] &&
	claim comp.json 4.1.1 argument | grep -q "third-party components" &&
	[ "$(claim m1.json 4.1.1 status)" = met ]
'

# ---- 1.3.2: tests that ran ----

test_case '1.3.2: results where every test was skipped are not met; one test run is met' '
	mkdir -p skip && printf "<testsuite name=\"s\"><testcase classname=\"s\" name=\"a\"><skipped/></testcase><testcase classname=\"s\" name=\"b\"><skipped/></testcase></testsuite>\n" >skip/r.xml &&
	printf "[evidence]\njunit = [\"r.xml\"]\n" >skip/vouch.toml && run skip &&
	[ "$(claim skip.json 1.3.2 status)" = not_met ] && claim skip.json 1.3.2 argument | grep -q "skipped" &&
	mkdir -p ran && printf "<testsuite name=\"s\"><testcase classname=\"s\" name=\"a\"/><testcase classname=\"s\" name=\"b\"><skipped/></testcase></testsuite>\n" >ran/r.xml &&
	cp skip/vouch.toml ran/ && run ran && [ "$(claim ran.json 1.3.2 status)" = met ] &&
	claim ran.json 1.3.2 argument | grep -q "1 automated tests ran"
'

# ---- 2.2: environment snapshots, recent checkpoints by the release key, retention ----

# logprod DIR: a product whose log buildlog/ holds a snapshot collected at $SNAP_EPOCH
logprod() {
	mkdir -p "$1" && cd "$1" &&
	SOURCE_DATE_EPOCH=${SNAP_EPOCH:-$SOURCE_DATE_EPOCH} vouch env snapshot --no-tools --output env.json >/dev/null 2>&1 &&
	vouch log append --log buildlog env.json >/dev/null 2>&1 &&
	printf '[evidence]\nlog = "buildlog"\npublic_key = "%s/keys/rel.pub"\n' "$TEST_DIR" >vouch.toml && cd ..
}
export -f logprod

test_case '2.2.1: a log of one arbitrary entry is not met; snapshots show the changes half' '
	mkdir -p arb && echo "hello" >arb/note.txt && vouch log append --log arb/buildlog arb/note.txt >/dev/null 2>&1 &&
	printf "[evidence]\nlog = \"buildlog\"\n" >arb/vouch.toml && run arb &&
	[ "$(claim arb.json 2.2.1 status)" = not_met ] &&
	claim arb.json 2.2.1 argument | grep -q "no snapshot of the build environment" &&
	logprod snap && run snap && [ "$(claim snap.json 2.2.1 status)" = unknown ] &&
	claim snap.json 2.2.1 argument | grep -q "Changes are logged: 1 snapshot" &&
	[ "$(claim snap.json 2.2.1 gap_kind)" = governance ]
'

test_case '2.2.2: the latest checkpoint must be signed by the release key and recent' '
	logprod cpok && vouch log checkpoint --log cpok/buildlog --secret keys/rel.sec --origin example.com/b >/dev/null &&
	run cpok && [ "$(claim cpok.json 2.2.2 status)" = met ] &&
	cp -r cpok cpmore && vouch log append --log cpmore/buildlog cpmore/env.json >/dev/null 2>&1 &&
	run cpmore && [ "$(claim cpmore.json 2.2.2 status)" = met ] &&
	[ "$(claim cpmore.json 2.2.4 status)" = not_met ] &&
	logprod cpother && vouch log checkpoint --log cpother/buildlog --secret keys/other.sec --origin example.com/b >/dev/null &&
	run cpother && [ "$(claim cpother.json 2.2.2 status)" = not_met ] &&
	SNAP_EPOCH=1790553600 logprod cpold &&
	vouch log checkpoint --log cpold/buildlog --secret keys/rel.sec --origin example.com/b >/dev/null &&
	run cpold && [ "$(claim cpold.json 2.2.2 status)" = not_met ] &&
	claim cpold.json 2.2.2 argument | grep -q "2026-09-28, 60 days ago"
'

test_case '2.2.3: the retention the vendor declares is needed; with it the log is met' '
	[ "$(claim cpok.json 2.2.3 status)" = not_met ] &&
	claim cpok.json 2.2.3 argument | grep -q "no retention period" &&
	printf "log_retention_days = 400\n" >>cpok/vouch.toml && run cpok &&
	[ "$(claim cpok.json 2.2.3 status)" = met ] &&
	claim cpok.json 2.2.3 argument | grep -q "agreed retention is 400 days" &&
	printf "log_retention_days = 0\n" >>cpother/vouch.toml &&
	expect_code 4 vouch assess --no-save cpother >/dev/null 2>err && grep -q "vouch.toml:4: log_retention_days" err
'

test_case '2.2.4: integrity is observed, confidentiality declared; the two together are met' '
	[ "$(claim cpok.json 2.2.4 status)" = unknown ] &&
	claim cpok.json 2.2.4 argument | grep -q "Confidentiality" &&
	mkdir -p cpok/evidence && echo "bucket acl" >cpok/evidence/acl.md &&
	printf "[[claim]]\nid = \"2.2.4\"\nstatus = \"met\"\nargument = \"Only the release team can read the log bucket.\"\nevidence = [\"evidence/acl.md\"]\nowner = \"Platform lead\"\nreviewed = 2026-11-01\n" >>cpok/vouch.toml &&
	run cpok && [ "$(claim cpok.json 2.2.4 status)" = met ] && [ "$(claim cpok.json 2.2.4 basis)" = declared ] &&
	claim cpok.json 2.2.4 argument | grep -q "Integrity: the log" &&
	[ "$(claim cpother.json 2.2.4 status)" = not_met ]
'

test_case '1.1.3: the toolchain versions of the newest snapshot are listed for review' '
	claim cpok.json 1.1.3 argument | grep -q "records no development tool" &&
	mkdir -p tools && cd tools && { vouch env snapshot --output env.json >/dev/null 2>&1 || [ -s env.json ]; } &&
	vouch log append --log buildlog env.json >/dev/null 2>&1 &&
	printf "[evidence]\nlog = \"buildlog\"\n" >vouch.toml && cd .. && run tools &&
	n=$($PY -c "import json;print(len(json.load(open(\"tools/env.json\"))[\"tools\"]))") &&
	[ "$n" -gt 0 ] && [ "$(claim tools.json 1.1.3 status)" = unknown ] &&
	claim tools.json 1.1.3 argument | grep -q "records $n tool(s) with their versions" &&
	[ "$(claim tools.json 1.1.3 basis)" = observed ] &&
	mkdir -p notools && run notools && [ "$(claim notools.json 1.1.3 basis)" = none ]
'

# lock DIR NAME@VERSION...: a package-lock.json with these packages
lock() {
	d=$1; shift
	{ printf '{"name":"h","lockfileVersion":3,"packages":{"":{"name":"h"}'
	  for p in "$@"; do printf ',"node_modules/%s":{"version":"%s"}' "${p%@*}" "${p#*@}"; done
	  printf '}}'; } >"$d/package-lock.json"
}
export -f lock

test_case '1.2.3, 1.2.4: components added or updated since the last assessment are listed' '
	mkdir -p hist && lock hist a@1.0.0 c@3.0.0 &&
	SOURCE_DATE_EPOCH=1795000000 vouch assess --format json hist >/dev/null 2>&1 &&
	lock hist a@1.1.0 b@2.0.0 c@3.0.0 && vouch assess --format json hist >h2.json 2>/dev/null &&
	claim h2.json 1.2.3 argument | grep -q "1 new component(s) were added, for review (each must be tested before first use): pkg:npm/b@2.0.0" &&
	claim h2.json 1.2.4 argument | grep -q "1 component(s) changed version, for review (each update must be tested): pkg:npm/a@1.1.0" &&
	! claim h2.json 1.2.3 argument | grep -q "c@3.0.0" &&
	SOURCE_DATE_EPOCH=1795800000 vouch assess --format json hist >h3.json 2>/dev/null &&
	claim h3.json 1.2.3 argument | grep -q "0 new component(s) were added\." &&
	claim h3.json 1.2.4 argument | grep -q "0 component(s) changed version\."
'

test_done
