#!/usr/bin/env bash
# vouch attest: SLSA provenance v1 in in-toto Statements in DSSE envelopes.
# Independent checks: PyNaCl (Debian python3-nacl, run with /usr/bin/python3) and
# openssl pkeyutl verify vouch's signatures over a PAE they build themselves; PyNaCl also
# signs envelopes that vouch must accept or reject.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
export PY
have_nacl() { "$PY" -c "import nacl.signing" 2>/dev/null; }

test_case 'provenance for two artifacts verifies, and each artifact matches a subject' '
	vouch key generate --no-password -p k.pub -s k.key >/dev/null 2>&1 &&
	vouch key generate --no-password -p other.pub -s other.key >/dev/null 2>&1 &&
	printf "binary\n" >app && printf "docs\n" >app.tar.gz &&
	SOURCE_DATE_EPOCH=1700000000 vouch attest provenance -s k.key --param ref=refs/tags/v1 \
		--invocation-id run-42 -o env.json app ./app.tar.gz 2>err &&
	grep -q "provenance for 2 artifacts written to .env.json." err &&
	test "$(wc -l <env.json)" = 1 &&
	vouch attest verify -p k.pub env.json app app.tar.gz >out &&
	grep -qx "app: OK" out && grep -qx "app.tar.gz: OK" out &&
	grep -qx "Signature verified: https://slsa.dev/provenance/v1" out
'

test_case 'same SOURCE_DATE_EPOCH and inputs: the same envelope bytes' '
	SOURCE_DATE_EPOCH=1700000000 vouch attest provenance -s k.key --param ref=refs/tags/v1 \
		--invocation-id run-42 app app.tar.gz >again.json &&
	cmp env.json again.json
'

test_case 'an absolute path or one out of the folder: the subject is named by its file name' '
	mkdir -p sub &&
	SOURCE_DATE_EPOCH=1700000000 vouch attest provenance -s k.key -o abs.json \
		"$PWD/app" ../"$(basename "$PWD")"/app.tar.gz 2>err &&
	"$PY" - abs.json <<-PYEOF &&
	import base64, json, sys
	st = json.loads(base64.standard_b64decode(json.load(open(sys.argv[1]))["payload"]))
	names = [s["name"] for s in st["subject"]]
	assert names == ["app", "app.tar.gz"], names
	PYEOF
	(cd sub && vouch attest verify -p ../k.pub ../abs.json ../app >out) && grep -qx "../app: OK" sub/out
'

test_case 'statement and predicate have the structure of the specs' '
	"$PY" - env.json app app.tar.gz <<-PYEOF
	import base64, hashlib, json, re, sys
	env = json.load(open(sys.argv[1]))
	assert list(env) == ["payload", "payloadType", "signatures"], list(env)
	assert env["payloadType"] == "application/vnd.in-toto+json"
	st = json.loads(base64.standard_b64decode(env["payload"]))
	assert st["_type"] == "https://in-toto.io/Statement/v1"
	assert st["predicateType"] == "https://slsa.dev/provenance/v1"
	subj = st["subject"]
	assert isinstance(subj, list) and len(subj) == 2
	for s, path in zip(subj, sys.argv[2:]):
	    assert s["name"] == path, s
	    assert s["digest"] == {"sha256": hashlib.sha256(open(path, "rb").read()).hexdigest()}
	p = st["predicate"]
	bd, rd = p["buildDefinition"], p["runDetails"]
	assert isinstance(bd["buildType"], str) and bd["buildType"]
	assert bd["externalParameters"] == {"ref": "refs/tags/v1"}
	assert isinstance(bd["resolvedDependencies"], list)
	assert isinstance(rd["builder"]["id"], str) and rd["builder"]["id"]
	md = rd["metadata"]
	assert md["invocationId"] == "run-42"
	rfc3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
	assert md["startedOn"] == md["finishedOn"] == "2023-11-14T22:13:20Z"
	assert rfc3339.match(md["startedOn"])
	PYEOF
'

if have_nacl; then
test_case 'PyNaCl verifies the envelope over its own PAE; keyid is the minisign key id' '
	"$PY" - env.json k.pub <<-PYEOF
	import base64, sys, json
	import nacl.signing
	env = json.load(open(sys.argv[1]))
	lines = open(sys.argv[2]).read().splitlines()
	raw = base64.b64decode(lines[1])
	assert raw[:2] == b"Ed"
	keyid_display = raw[2:10][::-1].hex().upper()
	assert lines[0] == "untrusted comment: minisign public key " + keyid_display
	body = base64.b64decode(env["payload"])
	t = env["payloadType"].encode()
	pae = b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body)
	[sig] = env["signatures"]
	assert sig["keyid"] == keyid_display
	nacl.signing.VerifyKey(raw[10:42]).verify(pae, base64.b64decode(sig["sig"]))
	PYEOF
'
else
	test_skip 'PyNaCl verification' "needs python3-nacl for $PY (scripts/bootstrap installs it)"
fi

test_case 'openssl pkeyutl verifies the signature over the PAE too' '
	"$PY" - env.json k.pub <<-PYEOF
	import base64, json, sys
	env = json.load(open(sys.argv[1]))
	raw = base64.b64decode(open(sys.argv[2]).read().splitlines()[1])
	body = base64.b64decode(env["payload"]); t = env["payloadType"].encode()
	open("pae.bin", "wb").write(b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body))
	open("sig.bin", "wb").write(base64.b64decode(env["signatures"][0]["sig"]))
	der = bytes.fromhex("302a300506032b6570032100") + raw[10:42]
	pem = base64.encodebytes(der).decode()
	open("pub.pem", "w").write("-----BEGIN PUBLIC KEY-----\n" + pem + "-----END PUBLIC KEY-----\n")
	PYEOF
	openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in pae.bin -sigfile sig.bin | grep -q "Signature Verified Successfully" &&
	printf X >>pae.bin &&
	! openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in pae.bin -sigfile sig.bin >/dev/null 2>&1
'

test_case 'a tampered payload, a wrong key, a foreign artifact: exit 1 saying what' '
	"$PY" - env.json <<-PYEOF
	import base64, json, sys
	env = json.load(open(sys.argv[1]))
	st = json.loads(base64.b64decode(env["payload"]))
	st["subject"][0]["digest"]["sha256"] = "0" * 64
	env["payload"] = base64.b64encode(json.dumps(st).encode()).decode()
	json.dump(env, open("tampered.json", "w"))
	PYEOF
	expect_code 1 vouch attest verify -p k.pub tampered.json 2>err &&
	grep -q "tampered.json. does not verify: no signature verifies with key" err &&
	expect_code 1 vouch attest verify -p other.pub env.json 2>err &&
	grep -q "does not verify" err &&
	printf "other\n" >foreign &&
	expect_code 1 vouch attest verify -p k.pub env.json app foreign >out 2>err &&
	grep -qx "app: OK" out &&
	grep -q "foreign. (sha256 $(sha256sum <foreign | cut -c1-64)) is not a subject of .env.json." err
'

if have_nacl; then
test_case 'envelopes signed by PyNaCl: good ones verify, bad type or statement rejected' '
	cat >mk.py <<-PYEOF
	import base64, json, sys
	import nacl.signing
	raw = base64.b64decode(open("k.key").read().splitlines()[1])
	assert raw[2:4] == b"\0\0"   # no password: the key bytes are in clear
	signer = nacl.signing.SigningKey(raw[62:94])
	def envelope(out, ptype, statement, urlsafe=False):
	    body = json.dumps(statement).encode(); t = ptype.encode()
	    pae = b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body)
	    sig = signer.sign(pae).signature
	    enc = base64.urlsafe_b64encode if urlsafe else base64.standard_b64encode
	    json.dump({"payload": enc(body).decode().rstrip("=" if urlsafe else ""),
	               "payloadType": ptype,
	               "signatures": [{"sig": enc(sig).decode()}]}, open(out, "w"))
	import hashlib
	d = hashlib.sha256(open("app", "rb").read()).hexdigest()
	good = {"_type": "https://in-toto.io/Statement/v1",
	        "subject": [{"name": "x", "digest": {"sha256": d}}],
	        "predicateType": "https://slsa.dev/provenance/v1",
	        "predicate": {"buildDefinition": {"buildType": "https://example.com/t",
	                                          "externalParameters": {}},
	                      "runDetails": {"builder": {"id": "https://example.com/b"}}}}
	envelope("py-good.json", "application/vnd.in-toto+json", good)
	envelope("py-url.json", "application/vnd.in-toto+json", good, urlsafe=True)
	envelope("py-type.json", "application/json", good)
	bad = json.loads(json.dumps(good)); del bad["predicate"]["runDetails"]["builder"]["id"]
	envelope("py-nobuilder.json", "application/vnd.in-toto+json", bad)
	old = dict(good, _type="https://in-toto.io/Statement/v0.1")
	envelope("py-v01.json", "application/vnd.in-toto+json", old)
	PYEOF
	"$PY" mk.py &&
	vouch attest verify -p k.pub py-good.json app >/dev/null &&
	vouch attest verify -p k.pub py-url.json app >/dev/null &&
	expect_code 1 vouch attest verify -p k.pub py-type.json 2>err &&
	grep -q "payload type .application/json. is not .application/vnd.in-toto+json." err &&
	expect_code 1 vouch attest verify -p k.pub py-nobuilder.json 2>err &&
	grep -q "predicate.runDetails.builder.id is missing" err &&
	expect_code 1 vouch attest verify -p k.pub py-v01.json 2>err &&
	grep -q "statement type .https://in-toto.io/Statement/v0.1." err
'
else
	test_skip 'PyNaCl-signed envelopes' "needs python3-nacl for $PY"
fi

test_case 'resolved dependencies from CycloneDX and SPDX SBOMs match an independent reading' '
	[ -d "$CORPUS" ] || { echo "corpus absent: nothing to compare"; exit 0; }
	for sbom in "$CORPUS"/cyclonedx-examples/1.6/valid-component-hashes-1.6.json \
		"$CORPUS"/cyclonedx-examples/1.6/valid-bom-1.6.json \
		"$CORPUS"/lockfiles/sbom-cdx/sbom-with-nested-comps.cdx.json \
		"$CORPUS"/lockfiles/sbom-spdx/purl_and_cpe.spdx.json \
		"$CORPUS"/lockfiles/sbom-spdx/sbom.spdx.json; do
		SOURCE_DATE_EPOCH=0 vouch attest provenance -s k.key --sbom "$sbom" app >deps.json 2>/dev/null || exit 1
		"$PY" - deps.json "$sbom" <<-PYEOF || exit 1
		import base64, json, sys
		env = json.load(open(sys.argv[1]))
		got = json.loads(base64.b64decode(env["payload"]))["predicate"]["buildDefinition"]["resolvedDependencies"]
		doc = json.load(open(sys.argv[2]))
		CDX = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384",
		       "SHA-512": "sha512", "SHA3-256": "sha3_256", "SHA3-384": "sha3_384", "SHA3-512": "sha3_512"}
		SPDX = {"MD5": "md5", "SHA1": "sha1", "SHA224": "sha224", "SHA256": "sha256", "SHA384": "sha384",
		        "SHA512": "sha512", "SHA3-256": "sha3_256", "SHA3-384": "sha3_384", "SHA3-512": "sha3_512"}
		LEN = {"md5": 32, "sha1": 40, "sha224": 56, "sha256": 64, "sha384": 96, "sha512": 128,
		       "sha3_256": 64, "sha3_384": 96, "sha3_512": 128}
		def ok(alg, v):
		    return alg and isinstance(v, str) and len(v) == LEN[alg] and all(c in "0123456789abcdefABCDEF" for c in v)
		want = []
		def rd(name, uri, pairs):
		    d = {}
		    for alg, v in pairs:
		        if ok(alg, v) and alg not in d: d[alg] = v.lower()
		    if uri is None and not d: return
		    r = {}
		    if name is not None: r["name"] = name
		    if uri is not None: r["uri"] = uri
		    if d: r["digest"] = d
		    want.append(r)
		def walk(comps):
		    for c in comps or []:
		        rd(c.get("name"), c.get("purl"), [(CDX.get(h.get("alg")), h.get("content")) for h in c.get("hashes", [])])
		        walk(c.get("components"))
		if doc.get("bomFormat") == "CycloneDX":
		    walk(doc.get("components"))
		else:
		    for p in doc.get("packages", []):
		        purls = [r["referenceLocator"] for r in p.get("externalRefs", []) if r.get("referenceType") == "purl"]
		        rd(p.get("name"), purls[0] if purls else None,
		           [(SPDX.get(c.get("algorithm")), c.get("checksumValue")) for c in p.get("checksums", [])])
		assert got == want, (sys.argv[2], got, want)
		assert len(want) > 0, sys.argv[2]
		PYEOF
	done
'

test_case 'usage and unreadable inputs' '
	expect_code 2 vouch attest provenance app 2>err && grep -q -- "--secret FILE is required" err &&
	expect_code 2 vouch attest provenance -s k.key 2>/dev/null &&
	expect_code 2 vouch attest provenance -s k.key --param noequals app 2>err && grep -q KEY=VALUE err &&
	expect_code 2 vouch attest provenance -s k.key missing-artifact >out 2>err &&
	grep -q "missing-artifact. does not exist" err && ! test -s out &&
	mkdir -p folder && expect_code 3 vouch attest provenance -s k.key folder 2>err && grep -q "folder" err &&
	expect_code 3 vouch attest provenance -s k.key --sbom app app 2>err && grep -q "app:1:" err &&
	expect_code 3 vouch attest verify -p k.pub nosuch.json 2>err && grep -q "nosuch.json" err &&
	printf "{}" >empty.json &&
	expect_code 1 vouch attest verify -p k.pub empty.json 2>err && grep -q "lacks a string .payload." err
'
test_done
