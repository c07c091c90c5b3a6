#!/usr/bin/env bash
# Documents stay valid JSON (RFC 8259 requires UTF-8) when what they quote is
# not UTF-8: lockfiles under folders whose names hold a lone 0xff, an overlong
# "/", a UTF-16 surrogate, a sequence cut short, and a jar whose name is
# Latin-1. CycloneDX, SPDX and SARIF are parsed strictly by python3 and checked
# against their schemas; each path must read as Python's own decoding of the
# bytes with errors="replace" (U+FFFD per maximal subpart, as vouch does).
. "$(dirname "$0")/lib.sh"
need_cmd python3
. "$VOUCH_TOP/tests/lib/sbom.sh"

# the tree: one requirements.txt per bad name, a Cargo.lock, a jar
cat >mktree.py <<-"EOF"
import os, zipfile
names = [b"bad\xff", b"ov\xc0\xafer", b"sur\xed\xa0\x80x", b"cut\xe2\x82", b"ok-\xc3\xa9\xf0\x9f\x98\x80"]
os.makedirs(b"t")
for i, n in enumerate(names):
    os.makedirs(b"t/" + n)
    open(b"t/" + n + b"/requirements.txt", "w").write("demo==1.0\npkg%d==2.%d\n" % (i, i))
os.makedirs(b"t/lock\xfe")
open(b"t/lock\xfe/Cargo.lock", "w").write(
    "version = 3\n\n[[package]]\nname = \"one-crate\"\nversion = \"0.1.2\"\n"
    "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n"
    "[[package]]\nname = \"two-crate\"\nversion = \"3.4.5\"\n"
    "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n")
with zipfile.ZipFile(open(b"t/caf\xe9-1.0.jar", "wb"), "w") as z:
    z.writestr("x.class", b"x")
EOF

# check.py DOC...: each parses as strict UTF-8 JSON; every path of the tree
# it names appears as Python decodes it (errors="replace")
cat >check.py <<-"EOF"
import json, os, sys
want = set()
for root, dirs, files in os.walk(b"t"):
    for f in files:
        want.add(os.path.join(root, f).decode("utf-8", "replace"))
for doc in sys.argv[1:]:
    raw = open(doc, "rb").read()
    text = raw.decode("utf-8")              # strict: fails on any ill-formed byte
    d = json.loads(text)
    s = json.dumps(d, ensure_ascii=False)
    for w in want:
        if w.endswith(".jar"):
            continue                         # not every format names the archive itself
        assert json.dumps(w, ensure_ascii=False)[1:-1] in s, (doc, w)
    assert "\ufffd" in text, doc
print("ok", len(want))
EOF

test_case 'CycloneDX 1.6 and 1.7 and SPDX 2.3 of a tree with ill-formed UTF-8 names: valid JSON' '
	python3 mktree.py &&
	vouch sbom t >cdx.json 2>err &&
	vouch sbom --spec-version 1.7 t >cdx17.json 2>>err &&
	vouch sbom --format spdx t >spdx.json 2>>err &&
	/usr/bin/python3 check.py cdx.json cdx17.json spdx.json &&
	purls cdx.json >p && grep -qx "pkg:generic/caf%E9@1.0?checksum=sha1:$(sha1sum "t/caf$(printf "\351")-1.0.jar" | cut -c1-40)" p &&
	grep -qx "pkg:cargo/two-crate@3.4.5" p
'

schema_case 'cyclonedx-bom-1.6.schema.json cyclonedx-bom-1.7.schema.json' \
	'those CycloneDX 1.6 and 1.7 BOMs are valid by schema' '
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" cdx.json &&
	validate "$SCHEMAS/cyclonedx-bom-1.7.schema.json" cdx17.json
'

schema_case spdx-2.3.schema.json 'that SPDX 2.3 document is valid by schema' '
	validate "$SCHEMAS/spdx-2.3.schema.json" spdx.json
'

test_case 'SARIF of vouch scan on that tree: valid JSON naming each path' '
	mkdir s && cd s &&
	python3 ../mktree.py &&
	mkdir adv && cat >adv/a.json <<-"JSON" &&
	{"id": "GHSA-aaaa-bbbb-cccc", "modified": "2024-01-01T00:00:00Z", "summary": "demo flaw",
	 "affected": [{"package": {"ecosystem": "PyPI", "name": "demo"},
	   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.5"}]}]}]}
	JSON
	vouch db import --db s.db adv >/dev/null &&
	# 1: findings; 3: the Cargo.lock packages are not checked (no crates.io advisories here)
	rc=0 && { vouch scan --db s.db --format sarif t >out.sarif 2>err || rc=$?; } &&
	{ [ $rc -eq 1 ] || [ $rc -eq 3 ]; } &&
	/usr/bin/python3 -c "
import json
d = json.loads(open(\"out.sarif\", \"rb\").read().decode(\"utf-8\"))
uris = [l[\"physicalLocation\"][\"artifactLocation\"][\"uri\"] for r in d[\"runs\"][0][\"results\"] for l in r[\"locations\"]]
assert len(uris) == 5, uris
print(uris)
"
'

schema_case sarif-2.1.0.schema.json 'that SARIF is valid by the SARIF 2.1.0 schema' '
	/usr/bin/python3 "$TEST_SRC/helpers/schema-check.py" "$SCHEMAS" sarif-2.1.0.schema.json s/out.sarif
'

test_done
