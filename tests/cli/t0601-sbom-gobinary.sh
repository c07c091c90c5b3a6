#!/usr/bin/env bash
# vouch sbom on Go executables: the build information read from ELF, PE and
# Mach-O files built here (Debian's Go, offline, local modules wired with
# replace directives), compared with `go version -m`.
. "$(dirname "$0")/lib.sh"
need_cmd go python3
if [ -z "$skip_all_reason" ]; then
	. "$VOUCH_TOP/tests/lib/sbom.sh"
fi

# One module per dependency, each required at a version of a kind worth
# checking (prerelease, pseudo-version, +incompatible) and replaced by a folder.
build_apps() {
	mkdir -p src/app src/liba src/libb src/libc bin
	for m in liba libb libc; do
		printf 'module example.com/%s\ngo 1.19\n' $m >src/$m/go.mod
		printf 'package %s\nfunc F() string { return "%s" }\n' $m $m >src/$m/$m.go
	done
	cat >src/app/go.mod <<-EOF
	module example.com/app
	go 1.19
	require (
		example.com/liba v1.2.3-beta.1
		example.com/libb v0.0.0-20230102150405-abcdefabcdef
		example.com/libc v2.0.0+incompatible
	)
	replace example.com/liba => ../liba
	replace example.com/libb => ../libb
	replace example.com/libc => ../libc
	EOF
	cat >src/app/main.go <<-EOF
	package main
	import ("fmt"; "example.com/liba"; "example.com/libb"; "example.com/libc")
	func main() { fmt.Println(liba.F(), libb.F(), libc.F()) }
	EOF
	# a cache kept in the build folder: the standard library is compiled once per GOOS
	export GOFLAGS=-mod=mod GOPROXY=off GOCACHE="$VOUCH_BUILD/gocache" GOPATH="$TEST_DIR/gopath"
	(cd src/app && go build -o ../../bin/app-linux . &&
		GOOS=windows go build -o ../../bin/app.exe . &&
		GOOS=darwin go build -o ../../bin/app-darwin . &&
		GOOS=darwin GOARCH=arm64 go build -o ../../bin/app-darwin-arm64 .) >build.log 2>&1
}
if [ -z "$skip_all_reason" ] && ! (cd "$TEST_DIR" && build_apps); then
	skip_all_reason="go build failed: $(tail -3 "$TEST_DIR/build.log" | tr '\n' ' ')"
fi

# The purls `go version -m` implies: path@version of mod and dep lines, stdlib.
oracle() {
	go version -m "$1" | python3 -c '
import sys, urllib.parse
lines = sys.stdin.read().splitlines()
out = []
gover = lines[0].split(": ", 1)[1].strip()
out.append("pkg:golang/stdlib@" + gover[2:].split(" ")[0].split("-")[0])
for l in lines[1:]:
    f = l.strip().split("\t")
    if f[0] in ("mod", "dep"):
        v = "" if f[2] == "(devel)" else "@" + urllib.parse.quote(f[2], safe="")
        out.append("pkg:golang/" + f[1] + v)
print("\n".join(sorted(set(out))))
'
}
export -f oracle

for f in app-linux app.exe app-darwin; do
	test_case "$f: the modules go version -m lists" '
		oracle bin/'"$f"' >want &&
		[ "$(wc -l <want)" = 5 ] &&
		vouch sbom bin/'"$f"' >bom.json && purls bom.json >got && cmp_output want got
	'
done

test_case 'a universal Mach-O (x86_64 and arm64 slices): the modules of each slice' '
	python3 - <<-"EOF"
	import struct
	slices = [(0x01000007, 3, open("bin/app-darwin", "rb").read()),
	          (0x0100000c, 0, open("bin/app-darwin-arm64", "rb").read())]
	align = lambda n: (n + 0x3fff) & ~0x3fff
	out = bytearray(struct.pack(">II", 0xcafebabe, len(slices)))
	off, placed = align(8 + 20 * len(slices)), []
	for cpu, sub, data in slices:
	    out += struct.pack(">iiIII", cpu, sub, off, len(data), 14)
	    placed.append((off, data))
	    off = align(off + len(data))
	for o, data in placed:
	    out += bytes(o - len(out)) + data
	open("bin/app-universal", "wb").write(out)
	# a Java class file shares the magic: it is not a universal binary
	open("bin/Main.class", "wb").write(struct.pack(">IHH", 0xcafebabe, 0, 61) + bytes(64))
	EOF
	chmod +x bin/app-universal bin/Main.class &&
	{ oracle bin/app-darwin; oracle bin/app-darwin-arm64; } | sort -u >want &&
	[ "$(wc -l <want)" = 5 ] &&
	vouch sbom bin/app-universal >bom.json && purls bom.json >got && cmp_output want got &&
	mkdir -p cls && cp bin/Main.class cls/ && vouch sbom cls >cls.json 2>cls.err &&
	[ -z "$(purls cls.json)" ] && [ ! -s cls.err ] &&
	printf "\xca\xfe\xba\xbe\x00\x00\x00\x02" >bin/cut && head -c 40 /dev/zero >>bin/cut &&
	expect_code 3 vouch sbom --type executable bin/cut >/dev/null 2>cut.err &&
	grep -q "universal Mach-O whose slices are not all inside the file" cut.err
'

test_case 'the main module is the root, the replacements and build settings are properties' '
	vouch sbom bin/app-linux >bom.json &&
	python3 - <<-"EOF"
	import json
	d = json.load(open("bom.json"))
	root = d["metadata"]["component"]
	assert root["purl"] == "pkg:golang/example.com/app", root
	props = {p["name"]: p["value"] for p in root.get("properties", [])}
	assert props["vouch:go-main-version"] == "(devel)", props
	assert props["vouch:go-build:GOOS"] == "linux", props
	assert props["vouch:go-build:-compiler"] == "gc", props
	c = {x["purl"]: x for x in d["components"]}
	a = c["pkg:golang/example.com/liba@v1.2.3-beta.1"]
	ap = {p["name"]: p["value"] for p in a["properties"]}
	assert ap["vouch:go-replaced-by"] == "../liba", ap
	s = [x for x in c if x.startswith("pkg:golang/stdlib@")]
	assert len(s) == 1
	EOF
'

test_case 'a folder: executables found by their content, whatever their names' '
	mkdir -p tree/usr/bin tree/data && cp bin/app-linux tree/usr/bin/x && cp bin/app.exe tree/data/y &&
	chmod +x tree/data/y && cp bin/app-darwin tree/data/not-exec && chmod -x tree/data/not-exec &&
	cp bin/app.exe tree/data/copied.EXE && chmod -x tree/data/copied.EXE &&
	vouch sbom tree >bom.json 2>err &&
	python3 - <<-"EOF"
	import json
	d = json.load(open("bom.json"))
	props = {p["name"]: p["value"] for p in d["metadata"]["properties"]}
	# x, y and copied.EXE (a Windows name needs no x bit); not-exec is not opened
	assert props["vouch:files-read"] == "3", props
	EOF
'

test_case 'a Go program from a Debian package, when one is installed' '
	found= &&
	for b in /usr/bin/* /usr/sbin/*; do
		[ -f "$b" ] && [ -x "$b" ] || continue
		go version -m "$b" 2>/dev/null | grep -q "^	mod	" || continue
		found=$b; break
	done &&
	if [ -z "$found" ]; then echo "no Go program with module information installed"; exit 0; fi &&
	oracle "$found" >want && vouch sbom "$found" >bom.json && purls bom.json >got &&
	cmp_output want got
'

# A program that reads Go executables keeps the magic among its constants
# (vouch does): Go's reader looks only where the linker puts build
# information, so must vouch. Its alignment decides whether a whole-file
# search trips on it, so it is made 16-byte aligned here.
test_case 'the Go magic among a C program'"'"'s constants: not Go build information' '
	cat >magic.c <<-"EOF" &&
	#include <stdio.h>
	__attribute__((aligned(16))) static const char magic[48] = "\xff Go buildinf:\x08\x02";
	int main(int argc, char **argv) { (void)argv; return puts(magic + argc) < 0; }
	EOF
	cc -O0 -o magic magic.c &&
	grep -c "Go buildinf:" magic >/dev/null &&
	{ go version -m magic >go.out 2>&1 || true; } && grep -q "not a Go executable" go.out &&
	vouch sbom magic >bom.json 2>err && [ ! -s err ] && purls bom.json >got && [ ! -s got ]
'

# terraform-provider-aws passes 700 MB: executables are mapped, not copied,
# and only the data Go's linker writes is searched. A sparse copy grown to
# 600 MB stands in for one (no disk used).
test_case 'an executable of 600 MB: read through a mapping, the same modules' '
	cp bin/app-linux big && truncate -s 600M big &&
	oracle bin/app-linux >want &&
	vouch sbom big >bom.json 2>err && [ ! -s err ] && purls bom.json >got && cmp_output want got
'

test_case 'a truncated executable: named, not a crash' '
	head -c 1000 bin/app-linux >cut && chmod +x cut && vouch sbom cut >bom.json &&
	python3 -c "import json; json.load(open(\"bom.json\"))"
'

test_done
