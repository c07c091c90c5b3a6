#!/usr/bin/env python3
"""bundle-tools.py: Python's tarfile as an independent reader and writer of vouch bundles.

  members BUNDLE          member names, one a line, in archive order
  unpack BUNDLE DIR       every regular member into DIR (names checked), DIR/.order keeps the order
  repack DIR OUT          a ustar archive of DIR's files in DIR/.order's order (uid 0, mode 0644)
  rehash DIR              rewrite DIR/manifest.json's members' size and sha256 from DIR's files
  header BUNDLE           one JSON line per member: name, type, mode, uid, gid, uname, gname, mtime
"""
import hashlib, json, os, sys, tarfile

def main():
    cmd = sys.argv[1]
    if cmd == "members":
        # one write, into the pipe's buffer: a reader that stops early (grep -q) breaks nothing
        with tarfile.open(sys.argv[2], "r:") as t:
            sys.stdout.write("".join(m.name + "\n" for m in t.getmembers()))
    elif cmd == "header":
        with tarfile.open(sys.argv[2], "r:") as t:
            for m in t.getmembers():
                print(json.dumps({"name": m.name, "type": m.type.decode(), "mode": m.mode,
                                  "uid": m.uid, "gid": m.gid, "uname": m.uname,
                                  "gname": m.gname, "mtime": m.mtime, "size": m.size,
                                  "format": t.format}))
    elif cmd == "unpack":
        d = sys.argv[3]
        order = []
        with tarfile.open(sys.argv[2], "r:") as t:
            for m in t.getmembers():
                assert m.isreg() and not m.name.startswith("/") and ".." not in m.name.split("/")
                p = os.path.join(d, m.name)
                os.makedirs(os.path.dirname(p), exist_ok=True)
                with open(p, "wb") as f:
                    f.write(t.extractfile(m).read())
                order.append(m.name)
        with open(os.path.join(d, ".order"), "w") as f:
            f.write("\n".join(order) + "\n")
    elif cmd == "repack":
        d, out = sys.argv[2], sys.argv[3]
        with open(os.path.join(d, ".order")) as f:
            order = [l for l in f.read().split("\n") if l]
        with tarfile.open(out, "w:", format=tarfile.USTAR_FORMAT) as t:
            for name in order:
                p = os.path.join(d, name)
                ti = tarfile.TarInfo(name)
                ti.size = os.path.getsize(p)
                ti.mode = 0o644
                ti.mtime = 0
                with open(p, "rb") as f:
                    t.addfile(ti, f)
    elif cmd == "rehash":
        d = sys.argv[2]
        mp = os.path.join(d, "manifest.json")
        man = json.load(open(mp))
        for m in man["members"]:
            p = os.path.join(d, m["path"])
            if os.path.exists(p):
                data = open(p, "rb").read()
                m["size"] = len(data)
                m["sha256"] = hashlib.sha256(data).hexdigest()
        with open(mp, "w") as f:
            json.dump(man, f, indent=2)
    else:
        sys.exit("unknown command " + cmd)

main()
