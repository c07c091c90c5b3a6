#!/usr/bin/env bash
# vouch sbom on Rust executables carrying cargo-auditable data: an ELF with a
# .dep-v0 section made here (objcopy --add-section) from JSON written here,
# zlib-compressed with Python; a section that inflates past the cap.
. "$(dirname "$0")/lib.sh"
need_cmd objcopy python3
if [ -z "$skip_all_reason" ]; then
	. "$VOUCH_TOP/tests/lib/sbom.sh"
fi

# make_exe JSON-FILE OUT: a copy of /bin/true with JSON-FILE zlib-compressed as .dep-v0
make_exe() {
	python3 -c 'import sys, zlib; sys.stdout.buffer.write(zlib.compress(open(sys.argv[1], "rb").read()))' \
		"$1" >"$1.z" &&
		objcopy --add-section .dep-v0="$1.z" /bin/true "$2" && chmod +x "$2"
}
export -f make_exe

test_case 'the crates of .dep-v0, the root package, the edges' '
	cat >deps.json <<-EOF
	{"packages":[
	 {"name":"myapp","version":"0.1.0","source":"local","dependencies":[1,2],"root":true},
	 {"name":"serde","version":"1.0.190","source":"crates.io","dependencies":[]},
	 {"name":"cc","version":"1.0.83","source":"crates.io","kind":"build"}
	]}
	EOF
	make_exe deps.json app &&
	expect_purls app <<-EOF &&
	pkg:cargo/cc@1.0.83
	pkg:cargo/myapp@0.1.0
	pkg:cargo/serde@1.0.190
	EOF
	python3 - <<-"EOF"
	import json
	d = json.load(open("expect.bom"))
	assert d["metadata"]["component"]["purl"] == "pkg:cargo/myapp@0.1.0"
	deps = {x["ref"]: x.get("dependsOn", []) for x in d["dependencies"]}
	assert sorted(deps["pkg:cargo/myapp@0.1.0"]) == ["pkg:cargo/cc@1.0.83", "pkg:cargo/serde@1.0.190"], deps
	c = {x["purl"]: x for x in d["components"]}
	p = {q["name"]: q["value"] for q in c["pkg:cargo/cc@1.0.83"]["properties"]}
	assert p["vouch:cargo-kind"] == "build", p
	EOF
'

test_case 'a .dep-v0 that inflates past 16 MiB: refused, named, exit 3' '
	python3 -c "print(\"{\\\"packages\\\":[\" + \" \" * (20 << 20) + \"]}\")" >big.json &&
	make_exe big.json bomb && [ "$(stat -c %s bomb)" -lt 200000 ] &&
	expect_code 3 vouch sbom bomb >bom.json 2>err && grep -q "bomb: .*inflates past" err
'

test_case 'bad JSON in .dep-v0: named, exit 3' '
	echo "{not json" >bad.json && make_exe bad.json badexe &&
	expect_code 3 vouch sbom badexe >bom.json 2>err && grep -q "badexe" err
'

test_case 'the corpus: a file that is not an executable is not claimed' '
	need() { [ -f "$CORPUS/lockfiles/rust-cargoauditable/not_binary" ] || { echo "corpus file absent"; exit 0; }; } && need &&
	cp "$CORPUS/lockfiles/rust-cargoauditable/not_binary" nb && expect_code 3 vouch sbom nb 2>err >/dev/null &&
	grep -q "no extractor" err
'

test_done
