#!/usr/bin/env bash
# vouch harden on PE images (built here with mingw-w64 with and without each flag, a
# certificate table added by hand, and the PE files this machine has) and Mach-O files
# (minimal ones written by tests/lib/mkmacho.py, and Go's real test binaries when Go's
# sources are installed), each compared with LLVM's readers (tests/lib/harden_llvm.py);
# and big-endian and 32-bit ELF objects against readelf.
. "$(dirname "$0")/lib.sh"

need_cmd python3
export PY=python3 LLVMCMP="$VOUCH_TOP/tests/lib/harden_llvm.py" MKMACHO="$VOUCH_TOP/tests/lib/mkmacho.py"
LLVM=/usr/lib/llvm-14/bin
GOSRC=$(ls -d /usr/share/go-*/src/debug 2>/dev/null | sort | tail -1)
export GOSRC

get() {
	$PY - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = [x for x in d["files"] if x["path"] == sys.argv[2]]
assert len(f) >= 1, f"{sys.argv[2]}: no entry"
v = [eval(sys.argv[3], {"f": x}) for x in f]
v = v[0] if len(v) == 1 else v
print(json.dumps(v) if not isinstance(v, str) else v)
PY
}
export -f get

# addcert IN OUT: IN with a certificate table (one WIN_CERTIFICATE of type PKCS_SIGNED_DATA
# holding placeholder bytes) named by its security directory, as signtool lays it out
addcert() {
	$PY - "$1" "$2" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
while len(d) % 8:
    d.append(0)
pe = struct.unpack_from("<I", d, 0x3c)[0]
opt = pe + 24
plus = struct.unpack_from("<H", d, opt)[0] == 0x20b
sec = opt + (112 if plus else 96) + 4 * 8
cert = struct.pack("<IHH", 8 + 24, 0x0200, 2) + b"\x30\x82" + b"\0" * 22
struct.pack_into("<II", d, sec, len(d), len(cert))
d += cert
open(sys.argv[2], "wb").write(bytes(d))
PY
}
export -f addcert

if command -v x86_64-w64-mingw32-gcc >/dev/null && [ -x $LLVM/llvm-readobj ]; then
	printf 'int main(void){return 0;}\n' >"$TEST_DIR/w.c"
	(
		cd "$TEST_DIR" && mkdir -p pe &&
		x86_64-w64-mingw32-gcc -O2 -o pe/default.exe w.c &&
		x86_64-w64-mingw32-gcc -O2 \
			-Wl,--disable-dynamicbase,--disable-nxcompat,--disable-high-entropy-va \
			-o pe/off.exe w.c &&
		x86_64-w64-mingw32-gcc -O2 -Wl,--disable-reloc-section -o pe/norelocs.exe w.c &&
		x86_64-w64-mingw32-gcc -O2 -shared -o pe/lib.dll w.c &&
		addcert pe/default.exe pe/signed.exe
	) >/dev/null 2>&1 || skip_all_reason="cannot build the PE fixtures"

	test_case 'PE: the linker flags show in aslr, high_entropy_va and nx' '
		vouch harden --format json pe >h.json &&
		[ "$(get h.json pe/default.exe "[f[k] for k in (\"type\",\"aslr\",\"high_entropy_va\",\"nx\",\"safeseh\",\"authenticode\")]")" = "[\"exe\", true, true, true, null, false]" ] &&
		[ "$(get h.json pe/off.exe "[f[k] for k in (\"aslr\",\"high_entropy_va\",\"nx\")]")" = "[false, false, false]" ] &&
		[ "$(get h.json pe/lib.dll "f[\"type\"]")" = dll ]
	'

	test_case 'PE: an image without relocations has no ASLR whatever its flag' '
		vouch harden --format json pe >h.json &&
		[ "$(get h.json pe/norelocs.exe "[f[\"relocs_stripped\"], f[\"aslr\"], f[\"high_entropy_va\"]]")" = "[true, false, false]" ]
	'

	test_case 'PE: a certificate table is reported as an Authenticode signature present' '
		vouch harden --format json pe >h.json &&
		[ "$(get h.json pe/signed.exe "f[\"authenticode\"]")" = true ] &&
		expect_code 1 vouch harden --require authenticode,cfg pe/default.exe pe/signed.exe >out &&
		grep -q "^pe/default.exe: lacks authenticode (has no)" out &&
		grep -q "^pe/signed.exe: lacks cfg (has no)" out && ! grep -q "signed.exe: lacks authenticode" out
	'

	test_case 'PE: llvm-readobj agrees on the fixtures and on every PE of /usr/lib and Go'"'"'s test data' '
		dirs="pe" && [ -n "$GOSRC" ] && dirs="$dirs $GOSRC/pe/testdata"
		vouch harden --format json $dirs /usr/lib >h.json 2>/dev/null || [ $? = 3 ] &&
		$PY -c "import json;d=json.load(open(\"h.json\"));json.dump({\"files\":[f for f in d[\"files\"] if f[\"format\"]==\"pe\"]},open(\"pe.json\",\"w\"))" &&
		{ $PY "$LLVMCMP" pe.json >cmp.txt || { cat cmp.txt; false; }; } && cat cmp.txt &&
		grep -q " 0 disagreements" cmp.txt
	'
else
	test_skip 'PE fixtures' 'needs x86_64-w64-mingw32-gcc and llvm-14 (scripts/bootstrap installs them)'
fi

if [ -x $LLVM/llvm-readobj ] && [ -x $LLVM/llvm-lipo ]; then
	(
		cd "$TEST_DIR" && mkdir -p mo &&
		$PY "$MKMACHO" mo/hard --pie --canary --codesig --restrict &&
		$PY "$MKMACHO" mo/soft --execstack &&
		$PY "$MKMACHO" mo/i386 --32 --pie &&
		$PY "$MKMACHO" mo/ppc64-obj --be --type object --canary &&
		$PY "$MKMACHO" --fat mo/universal mo/hard mo/i386
	) || skip_all_reason="cannot write the Mach-O fixtures"

	test_case 'Mach-O: pie, canary, restrict, code signature and nx as written' '
		vouch harden --format json mo >h.json &&
		[ "$(get h.json mo/hard "[f[k] for k in (\"type\",\"pie\",\"nx\",\"canary\",\"restrict\",\"code_signature\")]")" = "[\"exe\", true, true, true, true, true]" ] &&
		[ "$(get h.json mo/soft "[f[k] for k in (\"pie\",\"nx\",\"canary\",\"restrict\",\"code_signature\")]")" = "[false, false, false, false, false]" ] &&
		[ "$(get h.json mo/ppc64-obj "[f[\"arch\"], f[\"type\"], f[\"canary\"]]")" = "[\"ppc64\", \"object\", true]" ]
	'

	test_case 'Mach-O: a universal file gives one entry per architecture' '
		vouch harden --format json mo/universal >h.json &&
		[ "$(get h.json mo/universal "[f[\"slice\"], f[\"arch\"], f[\"pie\"], f[\"canary\"]]")" = "[[0, \"x86_64\", true, true], [1, \"i386\", true, false]]" ] &&
		expect_code 1 vouch harden --require canary,restrict mo/universal >out &&
		grep -q "^mo/universal \[i386\]: lacks canary (has no)" out
	'

	test_case 'Mach-O: LLVM agrees on the fixtures and on Go'"'"'s test binaries' '
		if [ -n "$GOSRC" ]; then
			mkdir -p gomo && for b in "$GOSRC"/macho/testdata/*.base64; do
				base64 -d "$b" >"gomo/$(basename "$b" .base64)" || exit 1
			done
		fi
		vouch harden --format json mo $( [ -d gomo ] && echo gomo) >h.json &&
		{ $PY "$LLVMCMP" h.json >cmp.txt || { cat cmp.txt; false; }; } && cat cmp.txt &&
		grep -q " 0 disagreements" cmp.txt
	'
else
	test_skip 'Mach-O fixtures' 'needs llvm-14 (llvm-readobj, llvm-lipo) as the oracle'
fi

if [ -n "$GOSRC" ] && command -v readelf >/dev/null; then
	test_case 'ELF objects of other machines, both byte orders, 32 and 64 bits, agree with readelf' '
		vouch harden --format json "$GOSRC/elf/testdata" >h.json &&
		$PY - <<PY
import json, re, subprocess
files = json.load(open("h.json"))["files"]
seen = set()
for f in files:
    re_ = lambda *a: subprocess.run(["readelf", *a, f["path"]], capture_output=True, text=True).stdout
    h = re_("-hW")
    seen.add((re.search(r"Class:\s+(\S+)", h).group(1), re.search(r"Data:\s+.*(little|big)", h).group(1)))
    syms = {l.split()[7].split("@")[0] for l in re_("-sW").splitlines() if len(l.split()) >= 8 and l.split()[0].endswith(":")}
    canary = bool(syms & {"__stack_chk_fail", "__stack_chk_guard", "__stack_chk_fail_local", "__intel_security_cookie"})
    assert f["canary"] == (canary if syms else None), (f["path"], f["canary"], canary)
    assert f["stripped"] == (".symtab" not in re_("-SW")), f["path"]
    m = re.search(r"\.note\.GNU-stack\s+\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+(\S*)", re_("-SW"))
    if f["type"] == "rel":
        assert f["nx"] == bool(m and "X" not in m.group(1)), (f["path"], f["nx"])
    gs = re.search(r"GNU_STACK.*\s(R?W?E?)\s+0x", re_("-lW"))
    if f["type"] != "rel":
        assert f["nx"] == bool(gs and "E" not in gs.group(1)), (f["path"], f["nx"])
print(len(files), "files,", sorted(seen))
assert {("ELF32", "big"), ("ELF64", "big"), ("ELF32", "little"), ("ELF64", "little")} <= seen, seen
PY
	'
else
	test_skip 'big-endian ELF objects' 'needs Go'"'"'s debug/elf test data (golang-go) and readelf'
fi

test_done
