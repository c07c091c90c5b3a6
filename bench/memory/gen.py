#!/usr/bin/env python3
"""bench/memory/gen.py CASE DIR [SCALE]: writes the worst-case input of CASE into DIR and
prints the vouch arguments that read it (relative to DIR), one a line.

SCALE (default 1) shrinks the input: 1 is the largest the format's reader accepts (its file
size cap), 0.05 a twentieth, for the fast subset in tests/cli/t0631. Every case packs the most
of what costs memory into the cap: the most entries (shortest lines), the longest names, the
deepest nesting, the same package many times. `gen.py --list` prints the cases."""
import io, os, sys, tarfile, zipfile

MiB = 1 << 20


def fill(path, size, head, unit, tail=b""):
    """head, then unit(i) until size bytes, then tail."""
    with open(path, "wb") as f:
        f.write(head)
        n, i = len(head) + len(tail), 0
        while True:
            u = unit(i)
            if n + len(u) > size:
                break
            f.write(u)
            n += len(u)
            i += 1
        f.write(tail)
    return i


def requirements(d, s):
    # the most packages in 64 MiB: every line a new one (the inventory budget ends it)
    fill(f"{d}/requirements.txt", int(64 * MiB * s), b"", lambda i: b"p%x==1\n" % i)
    return ["sbom", "requirements.txt"]


def requirements_long(d, s):
    # fewer packages with the longest names pip allows in a line (4 KiB each)
    fill(f"{d}/requirements.txt", int(64 * MiB * s), b"",
         lambda i: b"%s%x==1.0\n" % (b"n" * 4000, i))
    return ["sbom", "requirements.txt"]


def cargo_tables(d, s):
    # TOML of empty array tables: the most values a byte (16 MiB, the TOML reader's cap)
    fill(f"{d}/Cargo.lock", int(16 * MiB * s), b"version = 3\n", lambda i: b"[[a]]\n")
    return ["sbom", "Cargo.lock"]


def cargo_packages(d, s):
    fill(f"{d}/Cargo.lock", int(16 * MiB * s), b"version = 3\n",
         lambda i: b'[[package]]\nname="c%x"\nversion="1.0.0"\n' % i)
    return ["sbom", "Cargo.lock"]


def poetry_keys(d, s):
    # one table with the most one-byte-ish keys (a=1 lines)
    fill(f"{d}/poetry.lock", int(16 * MiB * s), b"[metadata]\n", lambda i: b"k%x=1\n" % i)
    return ["sbom", "poetry.lock"]


def poetry_deep(d, s):
    # nesting as deep as the reader lets (refused past its depth), repeated
    fill(f"{d}/poetry.lock", int(16 * MiB * s), b"",
         lambda i: b"k%x=" % i + b"[" * 200 + b"]" * 200 + b"\n")
    return ["sbom", "poetry.lock"]


def pnpm_nodes(d, s):
    # YAML of the smallest nodes (pnpm-lock.yaml, read by the lockfile YAML reader)
    fill(f"{d}/pnpm-lock.yaml", int(16 * MiB * s), b"lockfileVersion: '9.0'\nx:\n",
         lambda i: b"- []\n")
    return ["sbom", "pnpm-lock.yaml"]


def pnpm_packages(d, s):
    fill(f"{d}/pnpm-lock.yaml", int(16 * MiB * s),
         b"lockfileVersion: '9.0'\npackages:\n",
         lambda i: b"  p%x@1.0.0:\n    resolution: {integrity: sha512-AA==}\n" % i)
    return ["sbom", "pnpm-lock.yaml"]


def yarn_dups(d, s):
    # every entry resolving to the same package: the merge path
    fill(f"{d}/yarn.lock", int(64 * MiB * s), b"# yarn lockfile v1\n\n",
         lambda i: b'"left-pad@^1.%x":\n  version "1.3.0"\n  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz"\n\n' % i)
    return ["sbom", "yarn.lock"]


def package_lock(d, s):
    fill(f"{d}/package-lock.json", int(64 * MiB * s),
         b'{"name":"r","lockfileVersion":3,"packages":{"":{"name":"r"}',
         lambda i: b',"node_modules/p%x":{"version":"1.0.0"}' % i, b"}}")
    return ["sbom", "package-lock.json"]


def json_empty(d, s):
    # the most JSON values a byte: [[],[],...] (the JSON reader's estimate refuses it)
    fill(f"{d}/package-lock.json", int(64 * MiB * s), b'{"lockfileVersion":3,"x":[[]',
         lambda i: b",[]", b"]}")
    return ["sbom", "package-lock.json"]


def pom_empty(d, s):
    # XML of empty elements: refused from its estimate before libxml2 builds it
    fill(f"{d}/pom.xml", int(16 * MiB * s), b"<project>", lambda i: b"<a/>", b"</project>")
    return ["sbom", "pom.xml"]


def pom_attrs(d, s):
    fill(f"{d}/pom.xml", int(16 * MiB * s), b"<project><a", lambda i: b' b%x=""' % i,
         b"/></project>")
    return ["sbom", "pom.xml"]


def pom_laughs(d, s):
    # the billion laughs: entities are refused where declared, never expanded
    ents = ['<!ENTITY l0 "ha">'] + ['<!ENTITY l%d "%s">' % (k, ("&l%d;" % (k - 1)) * 10)
                                    for k in range(1, 10)]
    with open(f"{d}/pom.xml", "w") as f:
        f.write('<?xml version="1.0"?>\n<!DOCTYPE project [%s]>\n' % "".join(ents))
        f.write("<project><groupId>&l9;</groupId><artifactId>a</artifactId>"
                "<version>1</version></project>\n")
    return ["sbom", "pom.xml"]


def packages_config(d, s):
    fill(f"{d}/packages.config", int(32 * MiB * s), b"<packages>",
         lambda i: b'<package id="p%x" version="1.0.0"/>' % i, b"</packages>")
    return ["sbom", "packages.config"]


def dpkg_status(d, s):
    os.makedirs(f"{d}/root/var/lib/dpkg", exist_ok=True)
    fill(f"{d}/root/var/lib/dpkg/status", int(64 * MiB * s), b"",
         lambda i: b"Package: p%x\nStatus: install ok installed\nVersion: 1\n\n" % i)
    return ["sbom", "root"]


def gemfile_lock(d, s):
    n = fill(f"{d}/Gemfile.lock.body", int(64 * MiB * s) - 64, b"GEM\n  specs:\n",
             lambda i: b"    g%x (1.0)\n      g0\n" % i)
    os.rename(f"{d}/Gemfile.lock.body", f"{d}/Gemfile.lock")
    with open(f"{d}/Gemfile.lock", "ab") as f:
        f.write(b"\nDEPENDENCIES\n  g0\n")
    return ["sbom", "Gemfile.lock"]


def cyclonedx(d, s):
    fill(f"{d}/bom.cdx.json", int(64 * MiB * s),
         b'{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"c","version":"1"}',
         lambda i: b',{"type":"library","name":"c%x","version":"1"}' % i, b"]}")
    return ["sbom", "bom.cdx.json"]


def jar_members(d, s):
    # a zip of the most members, each a pom.properties (the archive is streamed)
    n = int(400000 * s)
    with zipfile.ZipFile(f"{d}/app.jar", "w", zipfile.ZIP_STORED) as z:
        for i in range(n):
            z.writestr("META-INF/maven/g/a%x/pom.properties" % i,
                       "groupId=g\nartifactId=a%x\nversion=1\n" % i)
    return ["sbom", "app.jar"]


def tar_long_names(d, s):
    # a tar.gz of entries with 2,000-byte names, each a requirements file of one package
    n = int(150000 * s)
    with tarfile.open(f"{d}/src.tar.gz", "w:gz", compresslevel=1) as t:
        for i in range(n):
            data = b"p%x==1\n" % i
            ti = tarfile.TarInfo(("d" * 1980) + "/%x/requirements.txt" % i)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
    return ["sbom", "src.tar.gz"]


def ci_nodes(d, s):
    # one workflow of the smallest YAML nodes (4 MiB, the pipeline reader's cap), and aliases
    os.makedirs(f"{d}/w/.github/workflows", exist_ok=True)
    fill(f"{d}/w/.github/workflows/a.yml", int(4 * MiB * s), b"on: push\nx:\n",
         lambda i: b"- {}\n")
    with open(f"{d}/w/.github/workflows/b.yml", "w") as f:
        f.write("on: push\na0: &a0 [%s]\n" % ",".join(["x" * 1000] * 10))
        for k in range(1, 10):
            f.write("a%d: &a%d [%s]\n" % (k, k, ",".join(["*a%d" % (k - 1)] * 10)))
        f.write("jobs: {}\n")
    return ["ci", "check", "w"]


def osv_zip(d, s):
    # db import of an osv.dev-style zip of the most small advisories
    n = int(300000 * s)
    with zipfile.ZipFile(f"{d}/all.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for i in range(n):
            z.writestr("GHSA-%08x.json" % i,
                       '{"id":"GHSA-%08x","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"p%x"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.0.%d"}]}]}]}' % (i, i, i % 10))
    return ["db", "import", "--db", "v.db", "all.zip"]


def assess_toml(d, s):
    # vouch.toml of the most tables (the config reader refuses what it does not know)
    fill(f"{d}/vouch.toml", int(16 * MiB * s), b"[product]\nname = \"x\"\n",
         lambda i: b"[[x]]\n")
    return ["assess", "--no-save", "--format", "json", "."]


CASES = {f.__name__.replace("_", "-"): f for f in (
    requirements, requirements_long, cargo_tables, cargo_packages, poetry_keys, poetry_deep,
    pnpm_nodes, pnpm_packages, yarn_dups, package_lock, json_empty, pom_empty, pom_attrs,
    pom_laughs, packages_config, dpkg_status, gemfile_lock, cyclonedx, jar_members,
    tar_long_names, ci_nodes, osv_zip, assess_toml)}

if __name__ == "__main__":
    if sys.argv[1:] == ["--list"]:
        print("\n".join(CASES))
        sys.exit(0)
    case, d = sys.argv[1], sys.argv[2]
    scale = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    os.makedirs(d, exist_ok=True)
    print("\n".join(CASES[case](d, scale)))
