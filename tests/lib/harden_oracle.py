#!/usr/bin/env python3
"""Compare `vouch harden` with Debian's checksec and hardening-check.

usage: harden_oracle.py VOUCH_JSON [--no-hardening-check] [--no-checksec] [--jobs N]
                         [--batch N] [--time-limit SECONDS] [--cache FILE]

VOUCH_JSON is the output of `vouch harden --format json` over the files to
compare. Every ELF program and library in it, each file once however many
names it has (symbolic and hard links are skipped by device and inode), is run
through `checksec --format=json --listfile` and (unless --no-hardening-check)
`hardening-check -v`, in batches of --batch files (default 10), --jobs batches
at a time (default 2), and every property both tools report is compared.
Files go in an order spread over the folders (by a hash of the path), so a run
stopped by --time-limit (no batch is started after it) compares a sample of
the whole; --cache FILE keeps what the oracles said about each file (JSON
lines) and a later run with the same cache goes on where it stopped. A disagreement is
accepted only when the rule that explains it (docs/cmd/harden.md, "Agreement
with checksec and hardening-check") is confirmed on the file itself with
readelf from binutils; anything else is printed as UNEXPLAINED and the
script exits 1. The last line is a summary: files, comparisons, explained,
unexplained.
"""
import concurrent.futures
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time

CANARY = {"__stack_chk_fail", "__stack_chk_fail_local", "__stack_chk_guard",
          "__intel_security_cookie"}


def run(*cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                       env={"LANG": "C", "LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    return p.stdout.decode("utf-8", "replace")


class Readelf:
    """What readelf -W says about one file, read once and on demand."""

    def __init__(self, path):
        self.path = path
        self._cache = {}

    def get(self, *args):
        if args not in self._cache:
            self._cache[args] = run("readelf", *args, self.path)
        return self._cache[args]

    def dyn(self):
        return self.get("-dW")

    def phdrs(self):
        return self.get("-lW")

    def symbols(self):
        """(table, name without @version, ndx) for every symbol of both tables."""
        out, table = [], None
        for line in self.get("-sW").splitlines():
            m = re.match(r"Symbol table '(\S+)'", line)
            if m:
                table = m.group(1)
                continue
            f = line.split()
            if len(f) >= 8 and f[0].endswith(":"):
                out.append((table, f[7].split("@")[0], f[6], f[3]))
        return out


def checksec(paths):
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as lst:
        lst.write("".join(p + "\n" for p in paths))
        lst.flush()
        text = run("checksec", "--format=json", "--listfile=" + lst.name)
    # checksec 2.6's JSON is not always valid (a comma before the last brace,
    # stray braces after setuid files): read each file's object on its own
    return {m.group(1): json.loads("{" + m.group(2) + "}")
            for m in re.finditer(r'"([^"]+)": \{ ([^{}]*) \}', text)}


def hardening_check(path):
    text = run("hardening-check", "-v", path)
    r = {"protected": [], "unprotected": []}
    for line in text.splitlines():
        m = re.match(r"\s*(Position Independent Executable|Stack protected|"
                     r"Fortify Source functions|Read-only relocations|Immediate binding|"
                     r"Control flow integrity): (.*)", line)
        if m:
            r[m.group(1)] = m.group(2)
        m = re.match(r"\s*(protected|unprotected): (\S+)", line)
        if m:
            r[m.group(1)].append(m.group(2))
    return r


class Tally:
    def __init__(self):
        self.compared = self.explained = self.unexplained = 0
        self.reasons = {}
        self.props = {}

    def check(self, path, prop, agree, mine, theirs, explain):
        self.compared += 1
        n = self.props.setdefault(prop, [0, 0])
        n[0] += 1
        if agree:
            n[1] += 1
            return
        why = explain() if explain else None
        if why:
            self.explained += 1
            self.reasons[why] = self.reasons.get(why, 0) + 1
        else:
            self.unexplained += 1
            print(f"UNEXPLAINED {path}: {prop}: vouch {mine!r}, oracle {theirs!r}")


def yes(b):
    return "yes" if b else "no"


def compare_checksec(t, f, c, re_):
    p = f["path"]
    dyn = re_.dyn
    relro = {"none": "no"}.get(f["relro"], f["relro"])

    def relro_why():
        if f["relro"] == "full" and c["relro"] == "partial" and \
                re.search(r"\(FLAGS_1\).*\bNOW\b", dyn()) and "BIND_NOW" not in dyn():
            return "checksec: full RELRO only with BIND_NOW, not DF_1_NOW alone"
        return None
    t.check(p, "checksec relro", relro == c["relro"], relro, c["relro"], relro_why)

    def canary_why():
        names = {s[1] for s in re_.symbols()}
        if c["canary"] == "yes" and not (names & CANARY):
            return "checksec: canary names matched as substrings of other symbols"
        return None
    t.check(p, "checksec canary", yes(f["canary"] is True) == c["canary"], f["canary"],
            c["canary"], canary_why)
    t.check(p, "checksec nx", yes(f["nx"]) == c["nx"], f["nx"], c["nx"], None)

    want = {"exe": "no", "rel": "rel"}.get(f["type"])
    has_debug = "(DEBUG)" in dyn()

    def pie_why():
        if f["type"] == "pie" and c["pie"] == "dso" and not has_debug:
            return "checksec: PIE only with DT_DEBUG; vouch: PT_INTERP or DF_1_PIE"
        if f["type"] == "dyn" and c["pie"] == "yes" and has_debug:
            return "checksec: a shared library with DT_DEBUG counted as PIE"
        return None
    if want is None:
        want = "yes" if f["type"] == "pie" else "dso"
    t.check(p, "checksec pie", want == c["pie"], f["type"], c["pie"], pie_why)
    t.check(p, "checksec rpath", yes(f["rpath"] is not None) == c["rpath"], f["rpath"],
            c["rpath"], None)
    t.check(p, "checksec runpath", yes(f["runpath"] is not None) == c["runpath"],
            f["runpath"], c["runpath"], None)
    t.check(p, "checksec symbols", yes(not f["stripped"]) == c["symbols"], f["stripped"],
            c["symbols"], None)

    fort = bool(f["fortify"]["fortified"])

    def fortify_why():
        syms = re_.symbols()
        chk = [s for s in syms if s[0] == ".dynsym" and s[1].endswith("_chk")]
        if c["fortify_source"] == "yes" and not fort and chk:
            lst = set(f["fortify"]["fortified"])
            if all(s[2] != "UND" or s[1][2:-4] not in lst for s in chk):
                return ("checksec: any _chk symbol counts (defined ones, or functions "
                        "outside hardening-check's list); vouch: imports of the list")
        if c["fortify_source"] == "no" and fort:
            # readelf without -W cuts long names, so checksec's grep misses them
            short = run("readelf", "--dyn-syms", p)
            if not re.search(r"_chk(@|\s|$)", short, re.M):
                return "checksec: _chk names cut short by readelf without -W"
            if not any(s[0] == ".dynsym" and s[1].endswith("_chk") for s in syms):
                return "checksec: reads .dynsym only; the _chk imports are in .symtab"
        return None
    t.check(p, "checksec fortify_source", yes(fort) == c["fortify_source"], fort,
            c["fortify_source"], fortify_why)


def compare_hc(t, f, h, re_):
    p = f["path"]
    pie = h.get("Position Independent Executable", "")

    def pie_why():
        ph = re_.phdrs()
        if f["type"] == "dyn" and pie == "yes" and re.search(r"^\s*PHDR\b", ph, re.M):
            return "hardening-check: any ET_DYN with a PHDR segment is PIE (a library here)"
        return None
    mine = {"exe": "no, normal executable!", "pie": "yes",
            "dyn": "no, regular shared library (ignored)"}[f["type"]]
    t.check(p, "hardening-check pie", pie == mine, f["type"], pie, pie_why)

    sp = h.get("Stack protected", "")

    def sp_why():
        und = [s for s in re_.symbols() if s[1] == "__stack_chk_fail" and s[2] == "UND"]
        if f["canary"] is True and not und:
            return ("hardening-check: only an imported __stack_chk_fail; vouch also a "
                    "defined one, __stack_chk_guard or __stack_chk_fail_local")
        if sp.startswith("unknown") and f["canary"] is not True:
            return "hardening-check: unknown without imported functions"
        return None
    t.check(p, "hardening-check stack protected",
            (sp == "yes") == (f["canary"] is True) and not sp.startswith("unknown"),
            f["canary"], sp, sp_why)

    fs = h.get("Fortify Source functions", "")
    status = ("yes" if fs == "yes" else "partial" if fs.startswith("yes") else
              "unknown" if fs.startswith("unknown") else "no")
    t.check(p, "hardening-check fortify", status == f["fortify"]["status"],
            f["fortify"]["status"], fs, None)
    t.check(p, "hardening-check fortified functions",
            set(f["fortify"]["fortified"]) == h["protected"], sorted(f["fortify"]["fortified"]),
            sorted(h["protected"]), None)
    t.check(p, "hardening-check unfortified functions",
            set(f["fortify"]["unfortified"]) == h["unprotected"],
            sorted(f["fortify"]["unfortified"]), sorted(h["unprotected"]), None)
    t.check(p, "hardening-check relro",
            h.get("Read-only relocations", "").startswith("yes") == (f["relro"] != "none"),
            f["relro"], h.get("Read-only relocations"), None)
    t.check(p, "hardening-check bindnow",
            h.get("Immediate binding", "").startswith("yes") == f["bindnow"], f["bindnow"],
            h.get("Immediate binding"), None)

    cfi = h.get("Control flow integrity", "").startswith("yes")

    def cfi_why():
        notes = re_.get("-n")
        if not cfi and re.search(r"x86 feature: IBT, SHSTK", notes) and \
                not re.search(r"^\s+Properties: x86 feature: IBT, SHSTK", notes, re.M):
            return "hardening-check: IBT, SHSTK must be the first property of the note"
        return None
    t.check(p, "hardening-check cet", cfi == (f["cet"]["ibt"] and f["cet"]["shstk"]),
            f["cet"], h.get("Control flow integrity"), cfi_why)


def oracle_batch(paths, use_cs, use_hc):
    """checksec (one --listfile run) and hardening-check over a few files: {path: (cs, hc)}."""
    cs = checksec(paths) if use_cs else {}
    return {p: (cs.get(p), hardening_check(p) if use_hc else None) for p in paths}


def option(args, name, default):
    return args[args.index(name) + 1] if name in args else default


def main():
    args = sys.argv[1:]
    use_hc = "--no-hardening-check" not in args
    use_cs = "--no-checksec" not in args
    jobs = int(option(args, "--jobs", 2))
    batch = int(option(args, "--batch", 10))
    limit = float(option(args, "--time-limit", 0))
    cache_path = option(args, "--cache", None)
    start = time.monotonic()
    # one entry per file (device, inode), under a name that is not a symbolic link
    # when the file has one
    byid, links = {}, 0
    for f in json.load(open(args[0]))["files"]:
        if f["format"] != "elf" or f["type"] not in ("exe", "pie", "dyn"):
            continue
        st = os.stat(f["path"])
        key = (st.st_dev, st.st_ino)
        if key in byid:
            links += 1
            if os.path.islink(byid[key]["path"]) and not os.path.islink(f["path"]):
                byid[key] = f
            continue
        byid[key] = f
    # in an order spread over the folders, so that a run cut short by --time-limit is a
    # sample of the whole rather than its first folders
    files = sorted(byid.values(), key=lambda f: hashlib.sha1(f["path"].encode()).digest())
    # what the oracles said, by path: from the cache of an earlier run, then this one
    said = {}
    if cache_path and os.path.exists(cache_path):
        for line in open(cache_path):
            try:
                e = json.loads(line)
            except ValueError:
                continue  # a line cut short when a run was stopped
            if (e["cs"] is not None or not use_cs) and (e["hc"] is not None or not use_hc):
                said[e["path"]] = (e["cs"], e["hc"])
    todo = [f["path"] for f in files if f["path"] not in said]
    cache = open(cache_path, "a") if cache_path else None
    stopped = 0
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        batches = [todo[i:i + batch] for i in range(0, len(todo), batch)]
        running = set()
        while batches or running:
            while batches and len(running) < jobs:
                if limit and time.monotonic() - start > limit:
                    stopped = sum(len(b) for b in batches)
                    batches = []
                    break
                running.add(ex.submit(oracle_batch, batches.pop(0), use_cs, use_hc))
            if not running:
                break
            done, running = concurrent.futures.wait(
                running, return_when=concurrent.futures.FIRST_COMPLETED)
            for j in done:
                for p, (c, h) in j.result().items():
                    said[p] = (c, h)
                    if cache:
                        cache.write(json.dumps({"path": p, "cs": c, "hc": h}) + "\n")
                        cache.flush()
    t = Tally()
    compared = 0
    for f in files:
        if f["path"] not in said:
            continue
        compared += 1
        c, h = said[f["path"]]
        re_ = Readelf(f["path"])
        if c is not None:
            compare_checksec(t, f, c, re_)
        elif use_cs:
            t.check(f["path"], "checksec output", False, "read", "missing", None)
        if use_hc:
            h["protected"], h["unprotected"] = set(h["protected"]), set(h["unprotected"])
            compare_hc(t, f, h, re_)
    for prop, (n, agreed) in sorted(t.props.items()):
        print(f"property {prop}: {n} compared, {agreed} agree")
    for why, n in sorted(t.reasons.items()):
        print(f"explained {n}: {why}")
    print(f"{links} other names of the same files skipped (links)")
    if compared < len(files):
        print(f"{len(files) - compared} of {len(files)} files not compared (time limit "
              f"{limit:.0f} s; --cache lets a later run go on)")
    print(f"{compared} files, {t.compared} comparisons, {t.explained} explained, "
          f"{t.unexplained} unexplained")
    sys.exit(1 if t.unexplained or not compared else 0)


if __name__ == "__main__":
    main()
