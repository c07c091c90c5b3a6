#!/usr/bin/env python3
"""bundle-hostile.py SRC_DIR KIND OUT: a hostile bundle made from an unpacked good one.

SRC_DIR holds the good bundle's files and .order (bundle-tools.py unpack). KIND:
  traversal  an extra member "../evil"          absolute   an extra member "/tmp/evil"
  symlink    security.txt as a link to /etc/passwd   hardlink  a hard link member
  device     a character device member           fifo      a FIFO member
  dir        a directory member                  duplicate  scan.json twice (second differs)
  extra      a member the manifest does not list  missing   sbom.spdx.json left out
  huge       a member declaring 100 MiB (data cut short)
  big        a real member of 65 MiB (past the member cap)
  gzip       the good bundle gzip-compressed     truncated  the good bundle cut in the middle
  many       5000 tiny members
"""
import gzip, io, os, sys, tarfile

src, kind, out = sys.argv[1:4]
order = [l for l in open(os.path.join(src, ".order")).read().split("\n") if l]

def info(name, size=0, type=tarfile.REGTYPE):
    ti = tarfile.TarInfo(name)
    ti.size, ti.type, ti.mode = size, type, 0o644
    return ti

buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w:", format=tarfile.GNU_FORMAT) as t:
    for name in order:
        if kind == "missing" and name == "sbom.spdx.json":
            continue
        if kind == "symlink" and name == "security.txt":
            ti = info(name, type=tarfile.SYMTYPE)
            ti.linkname = "/etc/passwd"
            t.addfile(ti)
            continue
        data = open(os.path.join(src, name), "rb").read()
        t.addfile(info(name, len(data)), io.BytesIO(data))
        if kind == "duplicate" and name == "scan.json":
            d2 = data.replace(b"GHSA", b"GHSB")
            t.addfile(info(name, len(d2)), io.BytesIO(d2))
    if kind == "traversal":
        t.addfile(info("../evil", 4), io.BytesIO(b"evil"))
    elif kind == "absolute":
        t.addfile(info("/tmp/evil", 4), io.BytesIO(b"evil"))
    elif kind == "hardlink":
        ti = info("hard", type=tarfile.LNKTYPE)
        ti.linkname = "manifest.json"
        t.addfile(ti)
    elif kind == "device":
        ti = info("dev", type=tarfile.CHRTYPE)
        ti.devmajor, ti.devminor = 1, 3
        t.addfile(ti)
    elif kind == "fifo":
        t.addfile(info("fifo", type=tarfile.FIFOTYPE))
    elif kind == "dir":
        t.addfile(info("somedir", type=tarfile.DIRTYPE))
    elif kind == "extra":
        t.addfile(info("extra.txt", 5), io.BytesIO(b"extra"))
    elif kind == "big":
        n = 65 << 20
        t.addfile(info("big.bin", n), io.BytesIO(b"\0" * n))
    elif kind == "many":
        for i in range(5000):
            t.addfile(info("m/%05d" % i, 1), io.BytesIO(b"x"))
    end = t.offset  # where the members end, before the end-of-archive blocks
data = buf.getvalue()
if kind == "huge":
    # a header declaring 100 MiB followed by only a little data
    h = info("huge.bin", 100 << 20).tobuf(tarfile.GNU_FORMAT)
    data = data[:end] + h + b"\0" * 4096
elif kind == "gzip":
    data = gzip.compress(data, mtime=0)
elif kind == "truncated":
    data = data[: len(data) // 2 + 100]
open(out, "wb").write(data)
