#!/usr/bin/python3
"""What `vouch db import` should make of OSV advisories whose GIT ranges break the schema.

usage: osv-git-ranges.py SCHEMA DIR STDERR DB OUT_SBOM OUT_EXPECTED

Reads every advisory under DIR (.json, .yaml) and checks each range of type GIT
against the official OSV schema's own range definition (python3-jsonschema).
An advisory with such ranges should be imported without them when the rest of
it passes the whole schema, else refused. Then checks, against what vouch did:
  - STDERR (of the import) names exactly those ranges, as warnings, and refuses
    exactly the advisories that fail the schema outside GIT ranges;
  - the database DB holds, for each advisory imported without them, the ranges
    as given minus those, the versions, aliases and severities as given;
and writes a CycloneDX SBOM of the affected packages' versions around every
boundary, with the advisory ids expected for each (osv-oracle.py's evaluation over
every advisory of DIR naming those packages), for `osv-oracle.py compare`.
"""
import copy
import glob
import importlib.util
import json
import os
import re
import sqlite3
import sys

from jsonschema import Draft202012Validator

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('oracle', os.path.join(here, 'osv-oracle.py'))
oracle = importlib.util.module_from_spec(spec)
spec.loader.exec_module(oracle)
import yaml  # noqa: E402  (after the oracle, whose loader keeps time-stamps as text)

schema_file, top, stderr_file, db_file, out_sbom, out_expected = sys.argv[1:7]
schema = json.load(open(schema_file))
whole = Draft202012Validator(schema)
range_schema = dict(schema['properties']['affected']['items']['properties']['ranges']['items'])
range_schema['$defs'] = schema['$defs']
one_range = Draft202012Validator(range_schema)


def parse(path, text):
    return yaml.load(text, Loader=oracle.StrLoader) if path.endswith('.yaml') else json.loads(text)


# Only files that spell GIT can hold a GIT range: the others are not parsed, to keep this quick.
texts = {}
for path in sorted(glob.glob(top + '/**/*.yaml', recursive=True) + glob.glob(top + '/**/*.json', recursive=True)):
    with open(path) as f:
        texts[path] = f.read()
docs = {p: parse(p, t) for p, t in texts.items() if 'GIT' in t}

# (path, affected index, range index) of every GIT range the schema refuses
bad = {}
for path, d in docs.items():
    for ai, a in enumerate(d.get('affected') or []):
        for ri, rng in enumerate(a.get('ranges') or []):
            if isinstance(rng, dict) and rng.get('type') == 'GIT' and not one_range.is_valid(rng):
                bad.setdefault(path, []).append((ai, ri))
trimmed, refused_expected = {}, set()
for path, places in bad.items():
    d = copy.deepcopy(docs[path])
    for ai, ri in reversed(places):
        del d['affected'][ai]['ranges'][ri]
    if whole.is_valid(d):
        trimmed[path] = d
    else:
        refused_expected.add(path)
print('%d advisory files (%d spell GIT), %d with GIT ranges the schema refuses (%d ranges): '
      '%d to import without them, %d to refuse' % (len(texts), len(docs), len(bad), sum(map(len, bad.values())),
                                      len(trimmed), len(refused_expected)))

fails = []
notes, refused = set(), set()
note_re = re.compile(r'^vouch: warning: (.*\.(?:yaml|json)): affected\[(\d+)\]\.ranges\[(\d+)\]: '
                     r'GIT range not valid OSV \(.+\): left out; the rest imported$')
for line in open(stderr_file):
    line = line.rstrip('\n')
    m = note_re.match(line)
    if m:
        notes.add((m.group(1), int(m.group(2)), int(m.group(3))))
        continue
    m = re.match(r'^vouch: ([^:]*\.(?:yaml|json)):', line)
    if m:
        refused.add(m.group(1))
want_notes = {(p, ai, ri) for p in trimmed for ai, ri in bad[p]}
if notes != want_notes:
    fails.append('notes: missing %s, unexpected %s' % (sorted(want_notes - notes), sorted(notes - want_notes)))
# Refused for reasons outside GIT ranges: every advisory refused must fail the schema (checked
# by the caller on all of them); here, none of those with only GIT faults is refused.
if refused & set(trimmed):
    fails.append('refused although only GIT ranges are wrong: %s' % sorted(refused & set(trimmed)))
for path in sorted(refused - refused_expected):
    if path not in texts:
        continue  # not an advisory file of DIR (named otherwise)
    try:
        d = docs.get(path) or parse(path, texts[path])
    except (ValueError, yaml.YAMLError):
        continue  # not JSON or YAML at all: refused rightly
    if whole.is_valid(d):
        fails.append('refused although the schema accepts it: %s' % path)
if not refused_expected <= refused:
    fails.append('not refused: %s' % sorted(refused_expected - refused))


def stored(v):
    """What the database keeps for an optional JSON member: NULL for absent, null or []."""
    return None if v in (None, []) else v


db = sqlite3.connect(db_file)
for path, d in sorted(trimmed.items()):
    row = db.execute('select id, severity from advisory where osv_id = ?', (d['id'],)).fetchone()
    if not row:
        fails.append('%s: %s not in the database' % (path, d['id']))
        continue
    rowid, sev = row
    aliases = sorted(a for (a,) in db.execute('select alias from alias where advisory = ?', (rowid,)))
    if aliases != sorted(d.get('aliases') or []):
        fails.append('%s: aliases %s, want %s' % (path, aliases, d.get('aliases')))
    if (json.loads(sev) if sev else None) != stored(d.get('severity')):
        fails.append('%s: severity %s' % (path, sev))
    rows = db.execute('select idx, ecosystem, name, ranges, versions, severity from affected '
                      'where advisory = ? order by idx', (rowid,)).fetchall()
    want = [(i, a['package']['ecosystem'], a['package']['name'], stored(a.get('ranges')),
             stored(a.get('versions')), stored(a.get('severity')))
            for i, a in enumerate(d.get('affected') or []) if a.get('package')]
    have = [(i, e, n, json.loads(r) if r else None, json.loads(v) if v else None,
             json.loads(s) if s else None) for i, e, n, r, v, s in rows]
    if have != want:
        fails.append('%s: affected entries in the database differ:\n  have %s\n  want %s' % (path, have, want))

# The SBOM: the affected packages at versions on and around the boundaries of the advisories
# imported without GIT ranges; expected ids from every advisory naming those packages in their
# folders (the PyPI advisory database keeps a package's advisories in its folder).
for path in texts:
    if os.path.dirname(path) in {os.path.dirname(p) for p in trimmed} and path not in docs:
        docs[path] = parse(path, texts[path])
pkgs, versions = set(), {}
for d in trimmed.values():
    for a in d.get('affected') or []:
        if not a.get('package'):
            continue
        eco = a['package']['ecosystem']
        key = (eco, oracle.norm(eco, a['package']['name']))
        pkgs.add(key)
        vs = versions.setdefault(key, set())
        for rng in a.get('ranges') or []:
            for e in rng['events'] if rng['type'] != 'GIT' else []:
                v = next(iter(e.values()))
                if v != '0':
                    vs |= oracle.neighbours(eco, v)
        listed = a.get('versions') or []
        for v in listed[:2] + listed[len(listed) // 2:len(listed) // 2 + 1] + listed[-2:]:
            vs |= oracle.neighbours(eco, v)
entries = {}
for path, d in docs.items():
    if path in refused_expected or d.get('withdrawn'):
        continue
    d = trimmed.get(path, d)
    for a in d.get('affected') or []:
        p = a.get('package') or {}
        key = (p.get('ecosystem'), oracle.norm(p.get('ecosystem'), p.get('name', '')))
        if key in pkgs:
            entries.setdefault(key, []).append((d['id'], a))
components, expected = [], {}
hits_of = {d['id']: 0 for d in trimmed.values()}
ordered = {d['id']: False for d in trimmed.values()}  # whether some version could be evaluated
for (eco, name), ents in sorted(entries.items()):
    for v in sorted(versions[(eco, name)]):
        try:
            oracle.KEYS[eco](v)
        except oracle.Unordered:
            continue
        hits, unsure = set(), False
        for vid, a in ents:
            r = oracle.is_vulnerable(eco, v, a)
            unsure |= r is None
            if r:
                hits.add(vid)
            if r is not None and vid in ordered:
                ordered[vid] = True
        if unsure:
            continue
        purl = oracle.purl_of(eco, name, v)
        components.append({'type': 'library', 'name': name, 'version': v, 'purl': purl})
        expected[purl] = sorted(hits)
        for vid in hits & set(hits_of):
            hits_of[vid] += 1
json.dump({'bomFormat': 'CycloneDX', 'specVersion': '1.6', 'version': 1, 'components': components},
          open(out_sbom, 'w'), indent=1)
json.dump(expected, open(out_expected, 'w'), indent=1, sort_keys=True)
print('packages %d, package versions %d, with findings %d; versions affected by each advisory '
      'imported without GIT ranges: %s' % (len(entries), len(expected),
                                           sum(1 for v in expected.values() if v),
                                           ', '.join('%s %d' % kv for kv in sorted(hits_of.items()))))
for vid, n in hits_of.items():
    if not ordered[vid]:
        print('%s: its ranges cannot be ordered (not PEP 440): checked in the database only' % vid)
    elif not n or n == len(expected):
        fails.append('%s: affects %d of the %d versions: a weak test' % (vid, n, len(expected)))
for f in fails:
    print('FAIL ' + f)
sys.exit(1 if fails else 0)
