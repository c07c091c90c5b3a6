#!/usr/bin/env python3
"""Compare `vouch harden` on PE and Mach-O files with LLVM's readers.

usage: harden_llvm.py VOUCH_JSON

For each PE entry: llvm-readobj --file-headers (DllCharacteristics, the
RELOCS_STRIPPED characteristic, the certificate table) and --coff-load-config
(SEHandlerTable/Count) must give the same aslr, high_entropy_va, nx, cfg,
safeseh and authenticode. For each Mach-O entry (a universal file slice by
slice, cut out with llvm-lipo): llvm-readobj --file-headers (MH_PIE,
MH_ALLOW_STACK_EXECUTION), llvm-objdump --macho --private-headers
(LC_CODE_SIGNATURE, a __RESTRICT segment) and llvm-nm (___stack_chk_fail).
Prints one line per disagreement and a summary; exits 1 on any.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

LLVM = "/usr/lib/llvm-14/bin"


def tool(name):
    for d in (LLVM, "/usr/bin"):
        p = os.path.join(d, name)
        if os.access(p, os.X_OK):
            return p
    return name


def out(*cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          env={"LANG": "C", "PATH": "/usr/bin:/bin"}).stdout.decode("utf-8",
                                                                                    "replace")


bad = checked = 0


def same(path, prop, mine, theirs):
    global bad, checked
    checked += 1
    if mine != theirs:
        bad += 1
        print(f"DISAGREE {path}: {prop}: vouch {mine!r}, llvm {theirs!r}")


def pe(f):
    h = out(tool("llvm-readobj"), "--file-headers", f["path"])
    flag = lambda n: ("IMAGE_DLL_CHARACTERISTICS_" + n) in h
    stripped = "IMAGE_FILE_RELOCS_STRIPPED" in h
    aslr = flag("DYNAMIC_BASE") and not stripped
    same(f["path"], "aslr", f["aslr"], aslr)
    same(f["path"], "nx", f["nx"], flag("NX_COMPAT"))
    same(f["path"], "cfg", f["cfg"], flag("GUARD_CF"))
    plus = re.search(r"Magic: 0x20B", h) is not None
    same(f["path"], "high_entropy_va", f["high_entropy_va"],
         (aslr and flag("HIGH_ENTROPY_VA")) if plus else None)
    # the certificate table's "RVA" is a file offset; a table past the end of a
    # truncated file (Go's vmlinuz test data) holds no signature vouch could see
    m = re.search(r"CertificateTableSize: 0x([0-9A-F]+)", h)
    a = re.search(r"CertificateTableRVA: 0x([0-9A-F]+)", h)
    size = int(m.group(1), 16) if m else 0
    inside = a is not None and int(a.group(1), 16) + size <= os.path.getsize(f["path"])
    same(f["path"], "authenticode", f["authenticode"], bool(size) and inside)
    if "IMAGE_FILE_MACHINE_I386" in h:
        lc = out(tool("llvm-readobj"), "--coff-load-config", f["path"])
        t = re.search(r"SEHandlerTable: 0x([0-9A-F]+)", lc)
        c = re.search(r"SEHandlerCount: (\d+)", lc)
        seh = flag("NO_SEH") or bool(t and int(t.group(1), 16) and c and int(c.group(1)))
        same(f["path"], "safeseh", f["safeseh"], seh)
    else:
        same(f["path"], "safeseh", f["safeseh"], None)


def macho(f, path):
    h = out(tool("llvm-readobj"), "--file-headers", path)
    ph = out(tool("llvm-objdump"), "--macho", "--private-headers", path)
    r = subprocess.run([tool("llvm-nm"), path], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL)
    nm = r.stdout.decode("utf-8", "replace")
    exe = "Executable (0x2)" in h
    same(f["path"], "pie", f["pie"], exe and "MH_PIE" in h)
    same(f["path"], "nx", f["nx"], "MH_ALLOW_STACK_EXECUTION" not in h)
    same(f["path"], "code_signature", f["code_signature"], "LC_CODE_SIGNATURE" in ph)
    same(f["path"], "restrict", f["restrict"], re.search(r"segname __RESTRICT\b", ph) is not None)
    syms = {line.split()[-1] for line in nm.splitlines() if line.strip()}
    canary = bool(syms & {"___stack_chk_fail", "___stack_chk_guard"})
    if r.returncode == 0:  # llvm-nm refuses a file whose symbol tables do not hold together
        same(f["path"], "canary", f["canary"], canary if syms else None)


def main():
    files = json.load(open(sys.argv[1]))["files"]
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            if f["format"] == "pe":
                pe(f)
            elif f["format"] == "macho":
                path = f["path"]
                if "slice" in f:
                    info = out(tool("llvm-lipo"), "-archs", path).split()
                    path = os.path.join(tmp, "slice%d" % f["slice"])
                    subprocess.run([tool("llvm-lipo"), f["path"], "-thin", info[f["slice"]],
                                    "-output", path], check=True)
                macho(f, path)
    print(f"{sum(f['format'] != 'elf' for f in files)} files, {checked} comparisons, "
          f"{bad} disagreements")
    sys.exit(1 if bad or not checked else 0)


if __name__ == "__main__":
    main()
