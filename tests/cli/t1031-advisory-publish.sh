#!/usr/bin/env bash
# vouch advisory new / publish: one advisory written as CSAF 2.0 (judged by vouch's own
# mandatory tests and by the OASIS JSON schema), OSV (the OSV schema) and OpenVEX (the
# OpenVEX schema), in a CSAF provider folder whose sums and signatures are checked by
# sha256sum, sha512sum, minisign and gpg; the timing record and the build-log entry.
. "$(dirname "$0")/lib.sh"

need_cmd python3
export PY=/usr/bin/python3 SOURCE_DATE_EPOCH=1795737600 # 2026-11-27T00:00:00Z
export CHECK="$TEST_SRC/helpers/json-schema-check.py"

# adv FILE: an advisory of the example shape
adv() {
	cat >"$1" <<'TOML'
id = "LSA-2026-001"
title = "Path traversal in the export endpoint"
description = "A crafted file name lets an authenticated user read files outside the export folder."
product = "lantern"
purl = "pkg:pypi/lantern"
cve = "CVE-2026-41234"
cwe = "CWE-22"
cvss = "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N"
affected = ["2.0.0", "2.1.0"]
fixed = ["2.1.1"]
unaffected = ["1.9.4"]
acknowledgements = ["Ada Researcher"]
reported = 2026-10-01
fix_released = 2026-10-20
published = 2026-10-22

[publisher]
name = "Lantern Systems Ltd"
namespace = "https://lantern.example"
TOML
}
export -f adv

test_case 'new writes a template that publishes as it is; it never overwrites a file' '
	vouch advisory new --output t.toml 2>/dev/null &&
	expect_code 4 vouch advisory new --output t.toml 2>err && grep -q "t.toml" err &&
	vouch advisory new >t2.toml && cmp t.toml t2.toml &&
	vouch advisory publish --output tout t.toml >pub.txt 2>err &&
	grep -q "published 2026/example-2026-001.json" pub.txt &&
	vouch advisory check tout/2026/example-2026-001.json
'

schema_case 'csaf-2.0.schema.json osv-schema.json openvex.schema.json' \
	'the CSAF passes advisory check and the CSAF schema; OSV and OpenVEX their schemas' '
	adv a.toml && vouch advisory publish --output out a.toml >/dev/null &&
	vouch advisory check out/2026/lsa-2026-001.json >chk && grep -q ": ok$" chk &&
	$PY "$CHECK" "$SCHEMAS/csaf-2.0.schema.json" out/2026/lsa-2026-001.json &&
	$PY "$CHECK" "$SCHEMAS/osv-schema.json" out/osv/x_LSA-2026-001.json &&
	$PY "$CHECK" "$SCHEMAS/openvex.schema.json" out/vex/lsa-2026-001.openvex.json
'

test_case 'the CSAF content: profile, product tree, statuses, CVSS scored by vouch, remediation' '
	adv a.toml && vouch advisory publish --output out a.toml >/dev/null &&
	$PY - <<"PY"
import json
d = json.load(open("out/2026/lsa-2026-001.json"))
doc, v = d["document"], d["vulnerabilities"][0]
assert doc["category"] == "csaf_security_advisory" and doc["csaf_version"] == "2.0"
assert doc["tracking"]["id"] == "LSA-2026-001" and doc["tracking"]["status"] == "final"
assert doc["tracking"]["initial_release_date"] == "2026-10-22T00:00:00Z"
assert doc["tracking"]["generator"]["date"] == "2026-11-27T00:00:00Z"
vendor = d["product_tree"]["branches"][0]
assert vendor["category"] == "vendor" and vendor["name"] == "Lantern Systems Ltd"
name = vendor["branches"][0]
assert name["category"] == "product_name" and name["name"] == "lantern"
vers = {b["name"]: b["product"] for b in name["branches"]}
assert all(b["category"] == "product_version" for b in name["branches"])
assert vers["2.1.1"]["product_identification_helper"]["purl"] == "pkg:pypi/lantern@2.1.1"
pid = {k: p["product_id"] for k, p in vers.items()}
ps = v["product_status"]
assert ps["known_affected"] == [pid["2.0.0"], pid["2.1.0"]], ps
assert ps["fixed"] == [pid["2.1.1"]] and ps["known_not_affected"] == [pid["1.9.4"]]
assert v["cve"] == "CVE-2026-41234"
assert v["cwe"] == {"id": "CWE-22", "name": "Improper Limitation of a Pathname to a Restricted Directory ('"'"'Path Traversal'"'"')"}
s = v["scores"][0]["cvss_v3"]
assert (s["baseScore"], s["baseSeverity"], s["version"]) == (6.5, "MEDIUM", "3.1"), s
assert v["remediations"][0]["category"] == "vendor_fix"
assert "2.1.1" in v["remediations"][0]["details"]
assert v["acknowledgments"][0]["names"] == ["Ada Researcher"]
osv = json.load(open("out/osv/x_LSA-2026-001.json"))
assert osv["aliases"] == ["CVE-2026-41234"] and osv["affected"][0]["package"] == {"ecosystem": "PyPI", "name": "lantern", "purl": "pkg:pypi/lantern"}
assert osv["affected"][0]["versions"] == ["2.0.0", "2.1.0"]
vex = json.load(open("out/vex/lsa-2026-001.openvex.json"))
st = {s["products"][0]["@id"]: s for s in vex["statements"]}
assert st["pkg:pypi/lantern@1.9.4"]["status"] == "not_affected"
assert st["pkg:pypi/lantern@1.9.4"]["justification"] == "vulnerable_code_not_present"
assert st["pkg:pypi/lantern@2.1.1"]["status"] == "fixed"
assert len(st) == 2
PY
'

test_case 'the provider folder: metadata, index.txt, changes.csv, ROLIE feed; a second advisory adds to them' '
	adv a.toml && sed -e "s/LSA-2026-001/LSA-2026-002/" -e "s/2026-10-22/2026-11-02/" -e "s/CVE-2026-41234/CVE-2026-41299/" a.toml >b.toml &&
	vouch advisory publish --output out a.toml >/dev/null &&
	vouch advisory publish --output out --base-url https://cdn.lantern.example/csaf/ b.toml >/dev/null &&
	printf "2026/lsa-2026-001.json\n2026/lsa-2026-002.json\n" >want.txt && cmp_output want.txt out/index.txt &&
	printf "\"2026/lsa-2026-002.json\",\"2026-11-02T00:00:00Z\"\n\"2026/lsa-2026-001.json\",\"2026-10-22T00:00:00Z\"\n" >want.csv &&
	cmp_output want.csv out/changes.csv &&
	$PY - <<"PY"
import json
m = json.load(open("out/provider-metadata.json"))
assert m["canonical_url"] == "https://cdn.lantern.example/csaf/provider-metadata.json"
assert m["metadata_version"] == "2.0" and m["role"] == "csaf_provider"
assert m["publisher"]["namespace"] == "https://lantern.example"
assert m["distributions"][0]["rolie"]["feeds"][0]["url"] == "https://cdn.lantern.example/csaf/feed-tlp-white.json"
f = json.load(open("out/feed-tlp-white.json"))["feed"]
assert {e["id"] for e in f["entry"]} == {"LSA-2026-001", "LSA-2026-002"}
e = [e for e in f["entry"] if e["id"] == "LSA-2026-002"][0]
assert e["content"]["src"] == "https://cdn.lantern.example/csaf/2026/lsa-2026-002.json"
assert e["format"]["version"] == "2.0" and e["published"] == "2026-11-02T00:00:00Z"
PY
'

test_case '[[revision]]: revision history, version and current date; out of order is refused' '
	adv r.toml && printf "\n[[revision]]\ndate = 2026-11-02\nsummary = \"2.0.x gets the fix too\"\n\n[[revision]]\ndate = 2026-11-20T10:00:00+01:00\nsummary = \"CVSS corrected\"\n" >>r.toml &&
	vouch advisory publish --output rev r.toml >/dev/null &&
	vouch advisory check rev/2026/lsa-2026-001.json >/dev/null &&
	$PY -c "
import json
t = json.load(open(\"rev/2026/lsa-2026-001.json\"))[\"document\"][\"tracking\"]
assert t[\"version\"] == \"3\" and t[\"current_release_date\"] == \"2026-11-20T09:00:00Z\", t
assert t[\"initial_release_date\"] == \"2026-10-22T00:00:00Z\"
assert [r[\"number\"] for r in t[\"revision_history\"]] == [\"1\", \"2\", \"3\"]
assert json.load(open(\"rev/osv/x_LSA-2026-001.json\"))[\"modified\"] == \"2026-11-20T09:00:00Z\"
" && grep -q "2026-11-20T09:00:00Z" rev/changes.csv &&
	printf "\n[[revision]]\ndate = 2026-10-01\nsummary = \"x\"\n" >>r.toml &&
	expect_code 4 vouch advisory publish --output rev2 r.toml 2>err &&
	grep -q "r.toml: revision 4 is not dated after the one before" err
'

test_case 'the same input gives the same bytes (SOURCE_DATE_EPOCH)' '
	adv a.toml && vouch advisory publish --output o1 a.toml >/dev/null &&
	vouch advisory publish --output o2 a.toml >/dev/null && diff -r o1 o2
'

test_case 'sha256 and sha512 sums verify with sha256sum and sha512sum' '
	adv a.toml && vouch advisory publish --output out a.toml >/dev/null &&
	(cd out/2026 && sha256sum -c --quiet lsa-2026-001.json.sha256 && sha512sum -c --quiet lsa-2026-001.json.sha512) &&
	(cd out && sha256sum -c --quiet provider-metadata.json.sha256) &&
	(cd out/osv && sha512sum -c --quiet x_LSA-2026-001.json.sha512)
'

test_case 'minisign: --sign writes .minisig files that vouch verify (and minisign, when installed) accept' '
	adv a.toml && vouch key generate --no-password --public k.pub --secret k.key >/dev/null 2>&1 &&
	vouch advisory publish --output out --sign k.key a.toml >/dev/null &&
	vouch verify --public k.pub out/2026/lsa-2026-001.json out/provider-metadata.json >/dev/null &&
	if command -v minisign >/dev/null; then minisign -Vqm out/2026/lsa-2026-001.json -p k.pub; fi &&
	echo tamper >>out/2026/lsa-2026-001.json &&
	expect_code 1 vouch verify --public k.pub out/2026/lsa-2026-001.json 2>/dev/null
'

if command -v gpg >/dev/null && command -v gpgconf >/dev/null; then
	test_case 'OpenPGP: .asc signatures through GPGME verify with gpg; the metadata names the key' '
		adv a.toml && mkdir -m 700 gnupg && export GNUPGHOME=$PWD/gnupg &&
		trap "gpgconf --kill gpg-agent" EXIT &&
		gpg --batch --quiet --passphrase "" --quick-gen-key "Lantern PSIRT <psirt@lantern.example>" ed25519 sign never 2>/dev/null &&
		fpr=$(gpg --list-secret-keys --with-colons | awk -F: "/^fpr/{print \$10; exit}") &&
		vouch advisory publish --output out --openpgp-key "$fpr" a.toml >/dev/null &&
		gpg --verify out/2026/lsa-2026-001.json.asc out/2026/lsa-2026-001.json 2>v.err &&
		grep -q "Good signature from \"Lantern PSIRT" v.err &&
		gpg --verify out/provider-metadata.json.asc out/provider-metadata.json 2>/dev/null &&
		$PY -c "
import json, sys
m = json.load(open(\"out/provider-metadata.json\"))
k = m[\"public_openpgp_keys\"][0]
assert k[\"fingerprint\"] == sys.argv[1] and m[\"role\"] == \"csaf_trusted_provider\"
assert k[\"url\"].endswith(\"/openpgp/\" + sys.argv[1] + \".asc\")
" "$fpr" &&
		grep -q "BEGIN PGP PUBLIC KEY BLOCK" "out/openpgp/$fpr.asc" &&
		echo tamper >>out/2026/lsa-2026-001.json &&
		! gpg --verify out/2026/lsa-2026-001.json.asc out/2026/lsa-2026-001.json 2>/dev/null &&
		expect_code 4 vouch advisory publish --output out2 --openpgp-key nobody@nowhere.example a.toml 2>err &&
		grep -q "nobody@nowhere.example" err
	'
else
	test_skip 'OpenPGP: .asc signatures through GPGME verify with gpg' 'needs gpg (gnupg)'
fi

test_case 'timing: days from report to fix and fix to advisory, in timing.json and the build log' '
	adv a.toml && vouch advisory publish --output out --log log a.toml >/dev/null &&
	$PY -c "
import json
t = json.load(open(\"out/timing.json\"))[0]
assert t[\"days_report_to_fix\"] == 19 and t[\"days_fix_to_advisory\"] == 2, t
" &&
	vouch log get --log log --index 0 >rec.json &&
	$PY -c "
import json
r = json.load(open(\"rec.json\"))
assert r[\"schema\"] == \"vouch-advisory/1\" and r[\"csaf\"] == \"2026/lsa-2026-001.json\"
assert r[\"timing\"][\"days_report_to_fix\"] == 19
" && vouch log verify --log log >/dev/null
'

test_case 'JSON input publishes the same CSAF as TOML' '
	adv a.toml && $PY -c "
import json, tomllib
t = tomllib.load(open(\"a.toml\", \"rb\"))
for k in (\"reported\", \"fix_released\", \"published\"):
    t[k] = t[k].isoformat()
json.dump(t, open(\"a.json\", \"w\"))
" && vouch advisory publish --output tj a.json >/dev/null &&
	vouch advisory publish --output tt a.toml >/dev/null &&
	cmp tj/2026/lsa-2026-001.json tt/2026/lsa-2026-001.json
'

test_case 'bad advisories are named with file and line; the good ones are still published (exit 3)' '
	adv good.toml &&
	printf "id = \"X-1\"\ntitle = \"t\"\nfixed_versions = [\"1\"]\n" >typo.toml &&
	adv twice.toml && sed -i "s/^unaffected = .*/unaffected = [\"2.1.0\"]/" twice.toml &&
	adv cvss.toml && sed -i "s|^cvss = .*|cvss = \"CVSS:3.1/AV:Q\"|" cvss.toml &&
	adv range.toml && sed -i "s|^affected = .*|affected = [\"<= 2.1.0\"]|" range.toml &&
	adv late.toml && sed -i "s/^fix_released = .*/fix_released = 2026-09-01/" late.toml &&
	adv word.toml && sed -i "s|^unaffected = .*|unaffected = [\"later\"]|" word.toml &&
	printf "id = \"X-1\"\ntitle = [\n" >broken.toml &&
	expect_code 3 vouch advisory publish --output bad good.toml typo.toml twice.toml cvss.toml range.toml late.toml word.toml broken.toml >out.txt 2>err &&
	grep -q "typo.toml:3: unknown key .fixed_versions." err &&
	grep -q "twice.toml: version .2.1.0. is listed in .affected. and .unaffected." err &&
	grep -q "cvss.toml: .cvss.: " err &&
	grep -q "range.toml: .affected. version .<= 2.1.0. is not one version" err &&
	grep -q "late.toml: .fix_released. is before .reported." err &&
	grep -q "word.toml: .unaffected. version .later. is not one version" err &&
	grep -q "broken.toml:2:" err &&
	grep -q "good.toml: published" out.txt && [ "$(cat bad/index.txt)" = 2026/lsa-2026-001.json ]
'

test_case 'hostile TOML: deep nesting, a huge file, NUL in strings, a non-table publisher' '
	$PY -c "print(\"x = \" + \"[\" * 5000 + \"]\" * 5000)" >deep.toml &&
	head -c 2000000 /dev/zero | tr "\0" "#" >huge.toml &&
	adv nul.toml && sed -i "s/^title = .*/title = \"a\\\\u0000b\"/" nul.toml &&
	adv pub.toml && $PY -c "
s = open(\"pub.toml\").read().split(\"[publisher]\")[0]
open(\"pub.toml\", \"w\").write(\"publisher = 3\n\" + s)" &&
	expect_code 4 vouch advisory publish --output hostile deep.toml huge.toml nul.toml pub.toml 2>err &&
	grep -q "deep.toml:1:" err && grep -q "huge.toml: larger than" err &&
	grep -q "nul.toml:2: .title. must be" err && grep -q "pub.toml:1: .publisher. must be a table" err &&
	[ ! -e hostile/index.txt ]
'

test_done
