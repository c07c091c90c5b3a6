#!/usr/bin/env bash
# Diagnostics say each thing once and say it right: a message never repeats the path the
# diagnostic already names, a document refused before parsing is named with the reason (not a
# garbled "not a number"), and once the inventory budget refuses a file's packages, the
# consequences (dependencies "not in the lockfile") are not listed one by one.
. "$(dirname "$0")/lib.sh"

need_cmd python3

test_case 'a damaged archive is named once, directly and inside a folder' '
	printf "PK\003\004garbage" >x.jar &&
	mkdir d && cp x.jar d/ &&
	expect_code 3 "$VOUCH_BIN" sbom --output o1.json x.jar 2>err1 &&
	expect_code 3 "$VOUCH_BIN" sbom --output o2.json d 2>err2 &&
	grep -q "^vouch: x.jar: " err1 && ! grep -q "x.jar.*x.jar" err1 &&
	grep -q "^vouch: d/x.jar: " err2 && ! grep -q "x.jar.*x.jar" err2
'

test_case 'a JSON document over the memory estimate says so, with its size' '
	mkdir cx &&
	python3 - <<-\PY &&
	n = 3000000
	head = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":["
	open("cx/bom.cdx.json", "w").write(head + ",".join(["{}"] * n) + "]}")
	PY
	expect_code 3 "$VOUCH_BIN" sbom --output o.json cx/bom.cdx.json 2>err &&
	grep -q "^vouch: cx/bom.cdx.json: 9000060 bytes of JSON .*(over the 512 MiB limit): not read" err &&
	! grep -q "not a number" err && ! grep -q "not valid JSON" err
'

test_case 'invalid JSON in a lockfile still gives line and column' '
	mkdir js && printf "{\"lockfileVersion\":3,\n\"packages\":{\"a\":1,}}\n" >js/package-lock.json &&
	expect_code 3 "$VOUCH_BIN" sbom --output o.json js 2>err &&
	grep -q "^vouch: js/package-lock.json:2: " err
'

test_case 'after the budget refuses packages, no note per missing dependency' '
	mkdir cg &&
	python3 - <<-\PY &&
	out = []
	for i in range(300):
	    deps = "".join("\"c%d\"," % j for j in range(i + 1, min(i + 3, 300)))
	    out.append("[[package]]\nname = \"c%d\"\nversion = \"1.0.0\"\n"
	               "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
	               "dependencies = [%s]\n" % (i, deps))
	open("cg/Cargo.lock", "w").write("version = 3\n\n" + "\n".join(out))
	PY
	"$VOUCH_BIN" sbom --output full.json cg 2>err0 &&
	! grep -q "not in the lockfile" err0 &&
	expect_code 3 "$VOUCH_BIN" sbom --inventory-budget 20000 --output o.json cg 2>err &&
	grep -q "cg/Cargo.lock: the inventory holds its limit of 20000 bytes" err &&
	! grep -q "not in the lockfile" err
'

test_case 'past 10,000 diagnostics the rest are counted in one line, still exit 3' '
	mkdir many &&
	python3 - <<-\PY &&
	import os
	for i in range(10050):
	    d = "many/p%05d" % i
	    os.mkdir(d)
	    open(d + "/package-lock.json", "w").write("{")
	os.mkdir("many/ok")
	open("many/ok/requirements.txt", "w").write("six==1.16.0\n")
	PY
	expect_code 3 "$VOUCH_BIN" sbom --output o.json many 2>err &&
	test "$(grep -c "package-lock.json:1: invalid JSON" err)" = 10000 &&
	grep -qx "vouch: many: 50 more errors not listed (only the first 10000 diagnostics are kept)" err &&
	grep -q "pkg:pypi/six@1.16.0" o.json &&
	grep -q "many: 50 more errors not listed" o.json
'

test_done
