#!/usr/bin/env python3
"""Write minimal Mach-O files for the tests (no Mach-O toolchain here).

usage: mkmacho.py OUT [--32] [--be] [--type exe|dylib|object] [--pie] [--restrict]
                      [--codesig] [--canary] [--execstack]
       mkmacho.py --fat OUT THIN...

A thin file holds the header, an LC_SEGMENT(_64) __TEXT (and __RESTRICT with
--restrict), LC_SYMTAB with _main (and ___stack_chk_fail with --canary) and,
with --codesig, LC_CODE_SIGNATURE pointing at an empty SuperBlob. --fat joins
thin files into a universal binary (fat_header, big-endian, 4 KiB aligned).
"""
import struct
import sys

CPU = {(False, False): 7, (True, False): 0x01000007,   # i386, x86_64
       (False, True): 18, (True, True): 0x01000012}    # ppc, ppc64
TYPES = {"object": 1, "exe": 2, "dylib": 6}


def thin(args):
    is64, big = "--32" not in args, "--be" in args
    e = ">" if big else "<"
    ftype = TYPES[args[args.index("--type") + 1]] if "--type" in args else 2
    flags = 0x85  # MH_NOUNDEFS | MH_DYLDLINK | MH_TWOLEVEL
    if "--pie" in args:
        flags |= 0x200000
    if "--execstack" in args:
        flags |= 0x20000
    names = [b"_main"] + ([b"___stack_chk_fail"] if "--canary" in args else [])
    strtab = b"\0" + b"".join(n + b"\0" for n in names)
    hdr = 32 if is64 else 28
    seg = 72 if is64 else 56
    segs = [b"__TEXT"] + ([b"__RESTRICT"] if "--restrict" in args else [])
    cmds_size = seg * len(segs) + 24 + (16 if "--codesig" in args else 0)
    data = hdr + cmds_size
    nl = 16 if is64 else 12
    symoff = (data + 7) & ~7
    stroff = symoff + nl * len(names)
    sigoff = (stroff + len(strtab) + 15) & ~15
    total = sigoff + (12 if "--codesig" in args else 0)
    cmds = b""
    for i, s in enumerate(segs):
        name = s.ljust(16, b"\0")
        if is64:
            cmds += struct.pack(e + "II16sQQQQiiII", 0x19, seg, name, 0x1000 * i, 0x1000,
                                0, total if i == 0 else 0, 5, 5, 0, 0)
        else:
            cmds += struct.pack(e + "II16sIIIIiiII", 0x1, seg, name, 0x1000 * i, 0x1000,
                                0, total if i == 0 else 0, 5, 5, 0, 0)
    cmds += struct.pack(e + "IIIIII", 0x2, 24, symoff, len(names), stroff, len(strtab))
    if "--codesig" in args:
        cmds += struct.pack(e + "IIII", 0x1d, 16, sigoff, 12)
    head = struct.pack(e + "IiiIIII", 0xfeedfacf if is64 else 0xfeedface,
                       CPU[(is64, big)], 3, ftype, len(segs) + 1 + ("--codesig" in args),
                       len(cmds), flags)
    if is64:
        head += b"\0\0\0\0"
    out = bytearray(total)
    out[0:hdr] = head
    out[hdr:hdr + len(cmds)] = cmds
    strx = 1
    for i, n in enumerate(names):
        ntype = 0x0f if n == b"_main" else 0x01  # N_SECT|N_EXT, N_UNDF|N_EXT
        if is64:
            ent = struct.pack(e + "IBBHQ", strx, ntype, 1 if ntype == 0x0f else 0, 0, 0)
        else:
            ent = struct.pack(e + "IBBhI", strx, ntype, 1 if ntype == 0x0f else 0, 0, 0)
        out[symoff + nl * i:symoff + nl * (i + 1)] = ent
        strx += len(n) + 1
    out[stroff:stroff + len(strtab)] = strtab
    if "--codesig" in args:
        # an empty embedded-signature SuperBlob: magic, length, count (always big-endian)
        out[sigoff:sigoff + 12] = struct.pack(">III", 0xfade0cc0, 12, 0)
    return bytes(out)


def fat(paths):
    blobs = [open(p, "rb").read() for p in paths]
    out = bytearray(struct.pack(">II", 0xcafebabe, len(blobs)))
    off = 4096
    table, body = b"", b""
    for b in blobs:
        cpu, sub = struct.unpack("<ii" if b[:4] in (b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe")
                                 else ">ii", b[4:12])
        table += struct.pack(">iiIII", cpu, sub, off, len(b), 12)
        pad = (-len(b)) % 4096
        body += b + b"\0" * pad
        off += len(b) + pad
    out += table
    out += b"\0" * (4096 - len(out))
    return bytes(out + body)


def main():
    a = sys.argv[1:]
    if a and a[0] == "--fat":
        data, out = fat(a[2:]), a[1]
    else:
        data, out = thin(a[1:]), a[0]
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
