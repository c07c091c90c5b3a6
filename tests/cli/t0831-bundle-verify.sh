#!/usr/bin/env bash
# vouch bundle verify: a customer's offline check. The untouched bundle verifies; then each
# member kind and each signature is tampered with in turn and every change is detected and
# named (member and check); --artifacts checks the release's files; --db rescans the SBOM.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/bundle.sh"
bundle_setup && mkbundle b.vouch 2>/dev/null && unpack b.vouch orig ||
	skip_all_reason="could not build the example release"

test_case 'the untouched bundle verifies: exit 0, every check ok' '
	vouch bundle verify --public k.pub b.vouch >out 2>err &&
	grep -q "0 failed: the bundle verifies" out && ! grep -q "^FAIL" out && [ ! -s err ] &&
	grep -q "^ok  *log/checkpoint  *signature" out &&
	grep -q "^ok  *release/SHA256SUMS  *inclusion" out
'

test_case '--format json: one object, verified true, each check with member, check, ok' '
	vouch bundle verify --public k.pub --format json b.vouch >v.json &&
	/usr/bin/python3 - v.json <<-PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["verified"] is True and d["product"] == "lantern", d
	assert all(c["ok"] for c in d["checks"]) and len(d["checks"]) > 30
	assert {"member", "check", "ok", "detail"} <= set(d["checks"][0])
	PY
'

# tamper_member MEMBER: one changed byte in MEMBER, manifest untouched: the hash check names it
test_case 'a changed byte in each member is detected and named (member, sha256)' '
	for m in $(grep -v "^manifest.json" orig/.order); do
		rm -rf t && cp -r orig t &&
		/usr/bin/python3 -c "import sys; p=sys.argv[1]; d=bytearray(open(p,\"rb\").read()); d[len(d)//2]^=1; open(p,\"wb\").write(d)" "t/$m" &&
		repack t t.vouch &&
		if vouch bundle verify --public k.pub t.vouch >out 2>err; then echo "not detected: $m"; exit 1; fi
		grep -q "^vouch: '"'"'$m'"'"': sha256: " err || { echo "not named: $m"; cat err; exit 1; }
	done
'

test_case 'a changed member with the manifest rehashed: the manifest signature fails' '
	rm -rf t && cp -r orig t && sed -i "s/Lantern/Lanterm/" t/assessment.md &&
	/usr/bin/python3 "$BUNDLE_TOOLS" rehash t && repack t t.vouch &&
	expect_code 1 vouch bundle verify --public k.pub t.vouch >out 2>err &&
	grep -q "manifest.json.minisig'"'"': signature" err
'

test_case 'a manifest re-signed by another key fails; so does the wrong public key' '
	rm -rf t && cp -r orig t && sed -i "s/Lantern/Lanterm/" t/assessment.md &&
	/usr/bin/python3 "$BUNDLE_TOOLS" rehash t && vouch sign --secret other.key t/manifest.json &&
	repack t t.vouch &&
	expect_code 1 vouch bundle verify --public k.pub t.vouch >out 2>err &&
	grep -q "manifest.json.minisig'"'"': signature: .*key" err &&
	expect_code 1 vouch bundle verify --public other.pub b.vouch >out 2>err &&
	grep -q "manifest.json.minisig" err
'

# Each inner signature, replaced by one of another key with the manifest rehashed and re-signed
# by the vendor's key (a vendor that bundled a wrong file): the inner check names it.
test_case 'the report signature by another key is named' '
	rm -rf t && cp -r orig t && vouch sign --secret other.key t/assessment.html &&
	resign t && repack t t.vouch &&
	expect_code 1 vouch bundle verify --public k.pub t.vouch >out 2>err &&
	grep -q "assessment.html.minisig'"'"': signature" err &&
	[ "$(grep -c "^vouch: " err)" -eq 1 ]
'

test_case 'the SHA256SUMS signature by another key is named' '
	rm -rf t && cp -r orig t && vouch sign --secret other.key t/release/SHA256SUMS &&
	resign t && repack t t.vouch &&
	expect_code 1 vouch bundle verify --public k.pub t.vouch >out 2>err &&
	grep -q "release/SHA256SUMS.minisig'"'"': signature" err
'

test_case 'a provenance envelope signed by another key is named' '
	rm -rf t && cp -r orig t &&
	(cd rel && vouch attest provenance --secret ../other.key --output ../t/provenance/lantern.provenance.json \
		lantern-2.1.0.tar.gz 2>/dev/null) &&
	resign t && repack t t.vouch &&
	expect_code 1 vouch bundle verify --public k.pub t.vouch >out 2>err &&
	grep -q "provenance/lantern.provenance.json'"'"': signature" err
'

test_case 'a provenance subject with another digest than the signed sums is named' '
	rm -rf t other && cp -r orig t && mkdir other && printf "not the release\n" >other/lantern-2.1.0.tar.gz &&
	(cd other && vouch attest provenance --secret ../k.key --output ../t/provenance/lantern.provenance.json \
		lantern-2.1.0.tar.gz 2>/dev/null) &&
	resign t && repack t t.vouch &&
	expect_code 1 vouch bundle verify --public k.pub t.vouch >out 2>err &&
	grep -q "provenance/lantern.provenance.json'"'"': sums: .*another digest" err
'

test_case 'a checkpoint with a changed root or a bad signature is named' '
	rm -rf t && cp -r orig t &&
	/usr/bin/python3 - t/log/checkpoint <<-PY &&
	import sys
	p = sys.argv[1]
	lines = open(p, encoding="utf-8").read().split("\n")
	lines[1] = str(int(lines[1]) + 1)
	open(p, "w", encoding="utf-8").write("\n".join(lines))
	PY
	resign t && repack t t.vouch &&
	expect_code 1 vouch bundle verify --public k.pub t.vouch >out 2>err &&
	grep -q "log/checkpoint'"'"': signature" err
'

test_case 'a changed proof hash or a proof against another size is named (inclusion)' '
	rm -rf t && cp -r orig t &&
	/usr/bin/python3 - t/log/proofs.json <<-PY &&
	import json, sys
	d = json.load(open(sys.argv[1]))
	h = d["proofs"][0]["proof"]["path"][0]
	d["proofs"][0]["proof"]["path"][0] = ("0" if h[0] != "0" else "1") + h[1:]
	d["proofs"][1]["proof"]["index"] = 2
	json.dump(d, open(sys.argv[1], "w"))
	PY
	resign t && repack t t.vouch &&
	expect_code 1 vouch bundle verify --public k.pub t.vouch >out 2>err &&
	[ "$(grep -c ": inclusion: " err)" -eq 2 ] &&
	grep -q "release/SHA256SUMS'"'"': inclusion" err
'

test_case 'a proof that names another member than the logged bytes is named' '
	rm -rf t && cp -r orig t &&
	/usr/bin/python3 - t/log/proofs.json <<-PY &&
	import json, sys
	d = json.load(open(sys.argv[1]))
	d["proofs"][0]["member"] = "security.txt"
	json.dump(d, open(sys.argv[1], "w"))
	PY
	resign t && repack t t.vouch &&
	expect_code 1 vouch bundle verify --public k.pub t.vouch >out 2>err &&
	grep -q "security.txt'"'"': inclusion: .*not these bytes" err
'

test_case '--artifacts: the release files verify against the signed sums and provenance' '
	vouch bundle verify --public k.pub --artifacts rel b.vouch >out &&
	grep -q "^ok  *artifacts/lantern-2.1.0.tar.gz  *sha256" out &&
	grep -q "^ok  *artifacts/lantern-2.1.0.tar.gz  *provenance" out &&
	grep -q "^ok  *lantern-2.1.0.tar.gz  *inclusion .*entry 2" out
'

test_case '--artifacts: a changed artefact fails the sums, the provenance and the log proof' '
	cp -r rel rel2 && printf x >>rel2/lantern-2.1.0.tar.gz &&
	expect_code 1 vouch bundle verify --public k.pub --artifacts rel2 b.vouch >out 2>err &&
	grep -q "artifacts/lantern-2.1.0.tar.gz'"'"': sha256" err &&
	grep -q "artifacts/lantern-2.1.0.tar.gz'"'"': provenance" err &&
	grep -q ": inclusion: .*not these bytes" err &&
	rm rel2/lantern-2.1.0.tar.gz &&
	expect_code 1 vouch bundle verify --public k.pub --artifacts rel2 b.vouch >out 2>err &&
	grep -q "artifacts/lantern-2.1.0.tar.gz'"'"': sha256" err
'

test_case '--db: a rescan lists only what the bundle did not (news, not failures)' '
	vouch bundle verify --public k.pub --db new.db --format json b.vouch >r.json &&
	/usr/bin/python3 - r.json <<-PY &&
	import json, sys
	d = json.load(open(sys.argv[1]))
	ids = [v["id"] for v in d["new_vulnerabilities"]]
	assert ids == ["GHSA-test-bbbb-0002"], ids
	assert d["new_vulnerabilities"][0]["purl"] == "pkg:pypi/requests@2.28.1"
	assert d["verified"] is True
	PY
	vouch bundle verify --public k.pub --db old.db b.vouch >out &&
	grep -q "rescan with your database: 0 vulnerabilities" out
'

test_case 'usage and inputs: exit 2 without --public or FILE, 4 for an unreadable bundle' '
	expect_code 2 vouch bundle verify b.vouch 2>/dev/null &&
	expect_code 2 vouch bundle verify --public k.pub 2>/dev/null &&
	expect_code 2 vouch bundle verify --public k.pub --artifacts nodir b.vouch 2>/dev/null &&
	expect_code 4 vouch bundle verify --public k.pub missing.vouch 2>err &&
	grep -q "missing.vouch" err &&
	expect_code 4 vouch bundle verify --public k.pub --db none.db b.vouch 2>/dev/null
'

test_done
