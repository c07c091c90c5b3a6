#!/usr/bin/python3
"""An independent reading of the OSV matching rules, for vouch's end-to-end tests.

usage:
  osv-oracle.py build CORPUS REFUSED OUT_SBOM OUT_EXPECTED [STEP]
      picks packages from the corpus (Go, crates.io, PyPI), places versions on and
      around every range boundary and listed version, writes a CycloneDX SBOM of
      them and the expected {purl: [advisory ids]} computed here
  osv-oracle.py tree SBOM EXPECTED OUT_DIR OUT_EXPECTED
      writes the same package versions as go.mod, requirements.txt and Cargo.lock files
  osv-oracle.py compare EXPECTED SCAN_JSON    (compare-tree for the lockfile form)
      compares vouch's findings with the expectation; prints every disagreement

Version order: PyPI through the 'packaging' library (PEP 440); Go and crates.io
through the SemVer 2.0 precedence rules, written here from the specification.
Evaluation follows the OSV schema's pseudocode: IncludedInVersions or
IncludedInRanges (BeforeLimits, then the sorted events walk). This file shares no
code with vouch and is written to read differently from it on purpose.
"""
import functools
import glob
import json
import os
import re
import sys

import yaml
from packaging.version import InvalidVersion, Version


class StrLoader(yaml.CSafeLoader if hasattr(yaml, 'CSafeLoader') else yaml.SafeLoader):
    pass


StrLoader.yaml_implicit_resolvers = {
    k: [(t, rx) for t, rx in v if t != 'tag:yaml.org,2002:timestamp']
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

SEMVER = re.compile(r'^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)'
                    r'(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$')


class Unordered(Exception):
    pass


@functools.lru_cache(maxsize=None)
def semver_key(s):
    m = SEMVER.match(s)
    if not m:
        raise Unordered(s)
    core = tuple(int(m.group(i)) for i in (1, 2, 3))
    pre = m.group(4)
    if pre is None:
        return (core, 1, ())
    ids = []
    for part in pre.split('.'):
        ids.append((0, int(part), '') if part.isdigit() else (1, 0, part))
    return (core, 0, tuple(ids))


@functools.lru_cache(maxsize=None)
def pep440_key(s):
    try:
        return Version(s)
    except InvalidVersion:
        raise Unordered(s)


KEYS = {'Go': semver_key, 'crates.io': semver_key, 'PyPI': pep440_key}


def cmp(key, a, b):
    ka, kb = key(a), key(b)
    return (ka > kb) - (ka < kb)


def before_limits(key, v, events):
    limits = [e['limit'] for e in events if 'limit' in e]
    if not limits:
        return True
    return any(lim == '*' or cmp(key, v, lim) < 0 for lim in limits)


def event_sort_key(key):
    def order(a, b):
        def val(e):
            kind, ver = next(iter(e.items()))
            if kind == 'introduced' and ver == '0':
                return (-1, None)
            if kind == 'limit' and ver == '*':
                return (1, None)
            return (0, ver)

        (sa, va), (sb, vb) = val(a), val(b)
        if sa != sb or sa != 0:
            return (sa > sb) - (sa < sb)
        return cmp(key, va, vb)
    return functools.cmp_to_key(order)


def in_range(key, v, rng):
    events = rng['events']
    if not before_limits(key, v, events):
        return False
    vulnerable = False
    for e in sorted(events, key=event_sort_key(key)):
        if 'introduced' in e and (e['introduced'] == '0' or cmp(key, v, e['introduced']) >= 0):
            vulnerable = True
        elif 'fixed' in e and cmp(key, v, e['fixed']) >= 0:
            vulnerable = False
        elif 'last_affected' in e and cmp(key, v, e['last_affected']) > 0:
            vulnerable = False
    return vulnerable


def is_vulnerable(eco, v, affected):
    """True, False, or None when a range could not be ordered (vouch skips those ranges)."""
    key = KEYS[eco]
    for listed in affected.get('versions') or []:
        if listed == v:
            return True
        try:
            if cmp(key, v, listed) == 0:
                return True
        except Unordered:
            pass
    unsure = False
    for rng in affected.get('ranges') or []:
        if rng['type'] == 'GIT':
            continue
        try:
            if in_range(key, v, rng):
                return True
        except Unordered:
            unsure = True
    return None if unsure else False


def pep503(name):
    return re.sub(r'[-_.]+', '-', name).lower()


def norm(eco, name):
    if eco == 'PyPI':
        return pep503(name)
    if eco == 'crates.io':
        return name.lower().replace('_', '-')
    return name


def load(corpus, refused, step):
    """Every Go and RustSec advisory (quick to read), and the PyPI advisories of every
    step-th package folder (reading all the YAML would take too long for a test)."""
    docs = []
    for path in sorted(glob.glob(corpus + '/osv/go/*.json') + glob.glob(corpus + '/osv/crates.io/*.json')):
        if path not in refused:
            docs.append(json.load(open(path)))
    folders = sorted(glob.glob(corpus + '/osv/pypi/*/'))[::step]
    for folder in folders:
        for path in sorted(glob.glob(folder + '*.yaml')):
            if path not in refused:
                docs.append(yaml.load(open(path), Loader=StrLoader))
    return [d for d in docs if not d.get('withdrawn')], {os.path.basename(f.rstrip('/')) for f in folders}


def neighbours(eco, v):
    """v and versions just around it."""
    out = {v}
    if eco == 'PyPI':
        try:
            pv = Version(v)
        except InvalidVersion:
            return out
        rel = list(pv.release)
        out.add('.'.join(map(str, rel + [1])))
        if rel[-1] > 0:
            out.add('.'.join(map(str, rel[:-1] + [rel[-1] - 1])))
        out.add('.'.join(map(str, rel)) + 'rc1')
        out.add('.'.join(map(str, rel)) + '.post1')
        return out
    m = SEMVER.match(v)
    if not m:
        return out
    a, b, c = (int(m.group(i)) for i in (1, 2, 3))
    out.add('%d.%d.%d' % (a, b, c + 1))
    if c > 0:
        out.add('%d.%d.%d' % (a, b, c - 1))
    elif b > 0:
        out.add('%d.%d.99' % (a, b - 1))
    if not m.group(4):
        out.add('%d.%d.%d-rc.1' % (a, b, c))
    return out


def purl_of(eco, name, version):
    if eco == 'Go':
        return 'pkg:golang/%s@v%s' % (name, version)
    if eco == 'crates.io':
        return 'pkg:cargo/%s@%s' % (name, version)
    return 'pkg:pypi/%s@%s' % (pep503(name), version)


def build(corpus, refused_file, out_sbom, out_expected, step='12'):
    refused = set(l.strip() for l in open(refused_file) if l.strip())
    step = int(step)
    docs, pypi_folders = load(corpus, refused, step)
    by_pkg = {}
    for d in docs:
        for a in d.get('affected') or []:
            p = a.get('package') or {}
            if p.get('ecosystem') in KEYS:
                by_pkg.setdefault((p['ecosystem'], norm(p['ecosystem'], p['name'])), []).append((d['id'], a, p['name']))
    # every step-th package of Go and crates.io, the PyPI packages whose folders were read
    chosen = []
    for eco in sorted(KEYS):
        # Go's stdlib and toolchain carry hundreds of advisories each: left to other tests
        names = sorted(n for (e, n) in by_pkg if e == eco and n not in ('stdlib', 'toolchain'))
        if eco == 'PyPI':
            chosen += [(eco, n) for n in names if n in {pep503(f) for f in pypi_folders}]
        else:
            chosen += [(eco, n) for n in names[::step]]
    components, expected, unsure = [], {}, 0
    for eco, n in chosen:
        entries = by_pkg[(eco, n)]
        versions = set()
        for _, a, _ in entries:
            for rng in a.get('ranges') or []:
                if rng['type'] == 'GIT':
                    continue
                for e in rng['events']:
                    ver = next(iter(e.values()))
                    if ver not in ('0', '*'):
                        versions |= neighbours(eco, ver)
            for ver in (a.get('versions') or [])[:3]:
                versions |= neighbours(eco, ver)
        display = entries[0][2]
        # at most 40 versions a package, spread over its boundaries, to keep the test quick
        versions = sorted(versions)
        if len(versions) > 40:
            versions = versions[::len(versions) // 40 + 1]
        for ver in versions:
            try:
                KEYS[eco](ver)
            except Unordered:
                continue
            hits, skip = set(), False
            for vid, a, _ in entries:
                r = is_vulnerable(eco, ver, a)
                if r is None:
                    skip = True
                elif r:
                    hits.add(vid)
            if skip:
                unsure += 1
                continue
            purl = purl_of(eco, display if eco != 'PyPI' else n, ver)
            components.append({'type': 'library', 'name': display, 'version': ver, 'purl': purl})
            expected[purl] = sorted(hits)
    json.dump({'bomFormat': 'CycloneDX', 'specVersion': '1.6', 'version': 1,
               'components': components}, open(out_sbom, 'w'), indent=1)
    json.dump(expected, open(out_expected, 'w'), indent=1, sort_keys=True)
    print('packages %d, package versions %d, affected %d, skipped as unordered %d' % (
        len(chosen), len(expected), sum(1 for v in expected.values() if v), unsure))


def tree(sbom_file, expected_file, out_dir, out_expected):
    """Writes the SBOM's packages as go.mod, requirements.txt and Cargo.lock files (one
    project folder per version slot, as a lockfile names a package once) and the
    expectation keyed by ecosystem|name|version."""
    comps = json.load(open(sbom_file))['components']
    expected = json.load(open(expected_file))
    slots, out = {}, {}
    for c in comps:
        purl = c['purl']
        eco = {'pkg:golang': 'Go', 'pkg:pypi': 'PyPI', 'pkg:cargo': 'crates.io'}[purl.split('/')[0]]
        name, ver = purl.split('/', 1)[1].rsplit('@', 1)
        ver = ver[1:] if eco == 'Go' else ver
        if eco == 'PyPI' and str(Version(ver)) != ver:
            continue  # lockfiles hold canonical versions
        if eco != 'PyPI' and not SEMVER.match(ver):
            continue
        k = slots.setdefault((eco, name), 0)
        slots[(eco, name)] = k + 1
        out.setdefault(k, []).append((eco, name, ver))
        expected_key = '%s|%s|%s' % (eco, norm(eco, name), ver)
        out_exp = expected[purl]
        EXP[expected_key] = out_exp
    crates = []
    for k, pkgs in sorted(out.items()):
        d = os.path.join(out_dir, 'p%d' % k)
        os.makedirs(d, exist_ok=True)
        gos = [(n, v) for e, n, v in pkgs if e == 'Go']
        pys = [(n, v) for e, n, v in pkgs if e == 'PyPI']
        crates += [(n, v) for e, n, v in pkgs if e == 'crates.io']
        if gos:
            with open(os.path.join(d, 'go.mod'), 'w') as f:
                f.write('module example.com/p%d\n\ngo 1.21\n\nrequire (\n' % k)
                for n, v in gos:
                    f.write('\t%s v%s\n' % (n, v))
                f.write(')\n')
        if pys:
            with open(os.path.join(d, 'requirements.txt'), 'w') as f:
                for n, v in pys:
                    f.write('%s==%s\n' % (n, v))
    with open(os.path.join(out_dir, 'Cargo.lock'), 'w') as f:
        f.write('version = 3\n')
        for n, v in crates:
            f.write('\n[[package]]\nname = "%s"\nversion = "%s"\n'
                    'source = "registry+https://github.com/rust-lang/crates.io-index"\n' % (n, v))
    json.dump(EXP, open(out_expected, 'w'), indent=1, sort_keys=True)
    print('%d package versions in %d project folders and one Cargo.lock' % (len(EXP), len(out)))


EXP = {}


def compare_tree(expected_file, scan_file):
    expected = json.load(open(expected_file))
    scan = json.load(open(scan_file))
    got = {}
    for f in scan['findings']:
        if f['ecosystem'] == 'Go' and f['package'] in ('stdlib', 'toolchain'):
            continue  # the go.mod 'go' directive, not one of the written packages
        ver = f['version'][1:] if f['ecosystem'] == 'Go' and f['version'].startswith('v') else f['version']
        key = '%s|%s|%s' % (f['ecosystem'], norm(f['ecosystem'], f['package']), ver)
        got.setdefault(key, set()).update(m['advisory'] for m in f['matched'])
        if not all(loc.get('line') for loc in f['locations']):
            print('NO LINE %s: %s' % (key, f['locations']))
            return 1
    bad = 0
    for key, want in sorted(expected.items()):
        if set(want) != got.get(key, set()):
            bad += 1
            print('DISAGREE %s: oracle %s, vouch %s' % (key, sorted(want), sorted(got.get(key, set()))))
    for key in sorted(set(got) - set(expected)):
        bad += 1
        print('DISAGREE %s: not written, vouch %s' % (key, sorted(got[key])))
    print('%d package versions compared, %d with findings, %d disagreements' % (
        len(expected), sum(1 for v in expected.values() if v), bad))
    return bad


def compare(expected_file, scan_file):
    expected = json.load(open(expected_file))
    scan = json.load(open(scan_file))
    got = {}
    for f in scan['findings']:
        got.setdefault(f['purl'], set()).update(m['advisory'] for m in f['matched'])
    bad = 0
    for purl, want in sorted(expected.items()):
        have = got.get(purl, set())
        if set(want) != have:
            bad += 1
            print('DISAGREE %s: oracle %s, vouch %s' % (purl, sorted(want), sorted(have)))
    for purl in sorted(set(got) - set(expected)):
        bad += 1
        print('DISAGREE %s: not in the SBOM, vouch %s' % (purl, sorted(got[purl])))
    print('%d package versions compared, %d with findings, %d disagreements' % (
        len(expected), sum(1 for v in expected.values() if v), bad))
    return bad


if __name__ == '__main__':
    if sys.argv[1] == 'build':
        build(*sys.argv[2:])
    elif sys.argv[1] == 'tree':
        tree(*sys.argv[2:6])
    elif sys.argv[1] == 'compare-tree':
        sys.exit(1 if compare_tree(sys.argv[2], sys.argv[3]) else 0)
    else:
        sys.exit(1 if compare(sys.argv[2], sys.argv[3]) else 0)
