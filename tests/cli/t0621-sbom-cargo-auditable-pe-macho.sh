#!/usr/bin/env bash
# vouch sbom on Rust executables for Windows and macOS carrying cargo-auditable
# data: the PE section ".dep-v0" and the Mach-O section "__DATA,.dep-v0".
# The JSON is made from a real Cargo.lock of the corpus (without the corpus,
# from the small one of tests/fixtures/tree); the files are PE32,
# PE32+ and Mach-O (32/64 bits, little- and big-endian) written here by
# python3, a PE linked by MinGW's gcc and Mach-O objects assembled by clang
# when those are installed. The SBOM's crates and edges are compared with
# the lock's packages and dependencies.
. "$(dirname "$0")/lib.sh"
need_cmd python3
. "$VOUCH_TOP/tests/lib/sbom.sh"
LOCK="$CORPUS/lockfiles/rust-cargolock/many-packages.lock"
[ -f "$LOCK" ] || LOCK="$FIXTURES/tree/Cargo.lock"
export LOCK

# lock2dep.py LOCK: writes deps.json (cargo-auditable's format), deps.z (zlib),
# want (the purls) and want-edges ("from to" purl pairs).
cat >lock2dep.py <<-"EOF"
import json, sys, tomllib, zlib
lock = tomllib.load(open(sys.argv[1], "rb"))
pk = lock["package"]
def src(p):
    s = p.get("source", "")
    if s.startswith("registry+https://github.com/rust-lang/crates.io-index"): return "crates.io"
    if s.startswith("git+"): return "git"
    return "registry" if s else "local"
def find(ref):
    parts = ref.split(" ")
    c = [i for i, p in enumerate(pk) if p["name"] == parts[0] and (len(parts) < 2 or p["version"] == parts[1])]
    assert len(c) == 1, ref
    return c[0]
out = [{"name": p["name"], "version": p["version"], "source": src(p),
        "dependencies": sorted(find(d) for d in p.get("dependencies", []))} for p in pk]
open("deps.json", "w").write(json.dumps({"packages": out}))
open("deps.z", "wb").write(zlib.compress(json.dumps({"packages": out}).encode()))
purl = lambda p: "pkg:cargo/%s@%s" % (p["name"], p["version"])
open("want", "w").write("".join(sorted(purl(p) + "\n" for p in pk)))
open("want-edges", "w").write("".join(sorted("%s %s\n" % (purl(p), purl(pk[find(d)]))
                                             for p in pk for d in p.get("dependencies", []))))
EOF

# mkexe.py KIND SEG OUT: a minimal executable whose section .dep-v0 (in
# segment SEG for Mach-O) holds deps.z. KIND: pe32 pe64 macho32le macho64le
# macho32be macho64be.
cat >mkexe.py <<-"EOF"
import struct, sys
kind, seg, out = sys.argv[1:4]
dep = open("deps.z", "rb").read()
def pad(b, n): return b + b"\0" * (-len(b) % n)

def pe(is64):
    falign, salign = 0x200, 0x1000
    text = b"\xc3"                                   # ret
    nsect, optsize = 2, (240 if is64 else 224)
    hdrs = 0x40 + 4 + 20 + optsize + 40 * nsect
    hsize = len(pad(b"\0" * hdrs, falign))
    t_off, t_raw = hsize, falign
    d_off, d_raw = t_off + t_raw, len(pad(dep, falign))
    t_rva, d_rva = salign, 2 * salign
    image = d_rva + len(pad(dep, salign))
    dos = bytearray(0x40); dos[0:2] = b"MZ"; struct.pack_into("<I", dos, 0x3c, 0x40)
    coff = struct.pack("<HHIIIHH", 0x8664 if is64 else 0x14c, nsect, 0, 0, 0, optsize,
                       0x22 if is64 else 0x102)
    if is64:
        opt = struct.pack("<HBBIIIIIQIIHHHHHHIIIIHHQQQQII", 0x20b, 2, 0, t_raw, d_raw, 0, t_rva, t_rva,
                          0x140000000, salign, falign, 6, 0, 0, 0, 6, 0, 0, image, hsize, 0, 3, 0x8160,
                          0x100000, 0x1000, 0x100000, 0x1000, 0, 16)
    else:
        opt = struct.pack("<HBBIIIIIIIIIHHHHHHIIIIHHIIIIII", 0x10b, 2, 0, t_raw, d_raw, 0, t_rva, t_rva,
                          d_rva, 0x400000, salign, falign, 6, 0, 0, 0, 6, 0, 0, image, hsize, 0, 3,
                          0x8140, 0x100000, 0x1000, 0x100000, 0x1000, 0, 16)
    opt += b"\0" * (optsize - len(opt))              # 16 empty data directories
    sects = struct.pack("<8sIIIIIIHHI", b".text", len(text), t_rva, t_raw, t_off, 0, 0, 0, 0, 0x60000020)
    sects += struct.pack("<8sIIIIIIHHI", b".dep-v0", len(dep), d_rva, d_raw, d_off, 0, 0, 0, 0, 0x40000040)
    head = pad(bytes(dos) + b"PE\0\0" + coff + opt + sects, falign)
    return head + pad(text, falign) + pad(dep, falign)

def macho(is64, big):
    e = ">" if big else "<"
    magic = 0xfeedfacf if is64 else 0xfeedface
    cpu = {(True, False): 0x01000007, (False, False): 7, (True, True): 0x01000012, (False, True): 18}[(is64, big)]
    hsize = 32 if is64 else 28
    seghdr, secsz = (72, 80) if is64 else (56, 68)
    cmds = [("__TEXT", [("__text", b"\xc3" * 16)]), (seg, [("__data", b"\1" * 8), (".dep-v0", dep)])]
    sizeofcmds = sum(seghdr + secsz * len(s) for _, s in cmds)
    off = len(pad(b"\0" * (hsize + sizeofcmds), 4096))
    body, lc, vm = b"", b"", 0x100000000 if is64 else 0x1000
    for name, sects in cmds:
        segoff = off + len(body)
        data, sh = b"", b""
        for sname, sdata in sects:
            so = segoff + len(data)
            if is64:
                sh += struct.pack(e + "16s16sQQIIIIIIII", sname.encode(), name.encode(), vm + len(data),
                                  len(sdata), so, 0, 0, 0, 0, 0, 0, 0)
            else:
                sh += struct.pack(e + "16s16sIIIIIIIII", sname.encode(), name.encode(), vm + len(data),
                                  len(sdata), so, 0, 0, 0, 0, 0, 0)
            data += pad(sdata, 16)
        size = len(pad(data, 4096))
        if is64:
            lc += struct.pack(e + "II16sQQQQiiII", 0x19, seghdr + len(sh), name.encode(), vm, size,
                              segoff, len(data), 7, 7, len(sects), 0) + sh
        else:
            lc += struct.pack(e + "II16sIIIIiiII", 0x1, seghdr + len(sh), name.encode(), vm, size,
                              segoff, len(data), 7, 7, len(sects), 0) + sh
        body += pad(data, 4096)
        vm += size
    hdr = struct.pack(e + "IiiIIII", magic, cpu, 3, 2, len(cmds), sizeofcmds, 0)
    if is64:
        hdr += struct.pack(e + "I", 0)
    return pad(hdr + lc, 4096) + body

b = {"pe32": lambda: pe(False), "pe64": lambda: pe(True),
     "macho32le": lambda: macho(False, False), "macho64le": lambda: macho(True, False),
     "macho32be": lambda: macho(False, True), "macho64be": lambda: macho(True, True)}[kind]()
open(out, "wb").write(b)
EOF

# edges.py BOM: "from to" purl pairs of the CycloneDX dependencies
cat >edges.py <<-"EOF"
import json, sys
d = json.load(open(sys.argv[1]))
for x in d.get("dependencies", []):
    for t in x.get("dependsOn", []):
        if x["ref"].startswith("pkg:"):  # not the document's own subject
            print(x["ref"], t)
EOF

test_case 'PE32, PE32+ and thin Mach-O (32/64 bits, both byte orders): the crates and edges of the lock' '
	python3 lock2dep.py "$LOCK" && [ -s want ] && [ -s want-edges ] &&
	for k in pe32 pe64 macho32le macho64le macho32be macho64be; do
		python3 mkexe.py $k __DATA $k.bin &&
		vouch sbom $k.bin >$k.json 2>err && purls $k.json >got && cmp_output want got &&
		python3 edges.py $k.json | sort >got-edges && cmp_output want-edges got-edges ||
			{ echo "in $k"; exit 1; }
	done &&
	python3 -c "
import json; d = json.load(open(\"macho64be.json\"))
ev = [c.get(\"evidence\", {}) for c in d[\"components\"]]
assert \"rust-cargo-auditable\" in json.dumps(d), \"extractor not named\"
"
'

test_case 'Mach-O with .dep-v0 outside __DATA: not read; a file cut short: an error naming it, exit 3' '
	python3 lock2dep.py "$LOCK" &&
	python3 mkexe.py macho64le __TEXT wrongseg.bin &&
	vouch sbom wrongseg.bin >bom.json 2>err && purls bom.json >got && [ ! -s got ] &&
	python3 mkexe.py pe64 __DATA pe.bin && head -c 1000 pe.bin >short.bin &&
	python3 mkexe.py macho32be __DATA m.bin && head -c 4200 m.bin >mshort.bin &&
	for f in short.bin mshort.bin; do
		expect_code 3 vouch sbom $f >bom.json 2>err && purls bom.json >got && [ ! -s got ] &&
			grep -q "^vouch: $f: .*\.dep-v0 has no data inside the file" err || { cat err; exit 1; }
	done
'

if command -v x86_64-w64-mingw32-gcc >/dev/null; then
	test_case 'PEs made by MinGW: .dep-v0 assembled in, and added with objcopy --add-section' '
		python3 lock2dep.py "$LOCK" &&
		printf "int main(void) { return 0; }\n" >hello.c &&
		printf ".section \".dep-v0\",\"dr\"\n.incbin \"deps.z\"\n" >dep.s &&
		x86_64-w64-mingw32-gcc -o app.exe hello.c dep.s &&
		x86_64-w64-mingw32-objdump -h app.exe >sections && grep -q "\.dep-v0" sections &&
		vouch sbom app.exe >bom.json && purls bom.json >got && cmp_output want got &&
		x86_64-w64-mingw32-gcc -o plain.exe hello.c &&
		x86_64-w64-mingw32-objcopy --add-section .dep-v0=deps.z \
			--set-section-flags .dep-v0=contents,readonly,data plain.exe app2.exe &&
		vouch sbom app2.exe >bom2.json && purls bom2.json >got2 && cmp_output want got2
	'
else
	test_skip 'a PE linked by MinGW gcc' 'x86_64-w64-mingw32-gcc not installed (Debian gcc-mingw-w64-x86-64)'
fi

if command -v clang >/dev/null && echo | clang -target x86_64-apple-darwin -x assembler -c - -o /dev/null 2>/dev/null; then
	test_case 'Mach-O objects assembled by clang for x86_64, arm64 and i386 with __DATA,.dep-v0' '
		python3 lock2dep.py "$LOCK" &&
		printf ".section __DATA,.dep-v0\n.incbin \"deps.z\"\n" >dep.s &&
		for t in x86_64-apple-darwin arm64-apple-macos i386-apple-darwin; do
			clang -target $t -c dep.s -o $t.o &&
			vouch sbom $t.o >$t.json && purls $t.json >got && cmp_output want got || { echo "in $t"; exit 1; }
		done
	'
else
	test_skip 'Mach-O objects assembled by clang' 'clang with the Mach-O targets not installed'
fi

test_done
