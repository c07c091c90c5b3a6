#!/usr/bin/python3
"""Writes small OSV archives and files for the db update tests.

usage: osv-archive.py OUT.zip [--pad BYTES] [--truncate] SPEC...
       osv-archive.py --json OUT.json SPEC
SPEC is ID:ECOSYSTEM:NAME:FIXED[:withdrawn]; each becomes one advisory
affected from 0 to FIXED (SEMVER). --pad adds a stored (uncompressed)
README.txt of that many bytes, to make a slow transfer last; --truncate
keeps only the first half of the archive's bytes (a cut download served
as if whole).
"""
import json
import sys
import zipfile


def advisory(spec):
    parts = spec.split(':')
    ident, eco, name, fixed = parts[:4]
    d = {'schema_version': '1.6.0', 'id': ident, 'modified': '2024-01-01T00:00:00Z',
         'summary': 'test advisory ' + ident,
         'affected': [{'package': {'ecosystem': eco, 'name': name},
                       'ranges': [{'type': 'SEMVER',
                                   'events': [{'introduced': '0'}, {'fixed': fixed}]}]}]}
    if len(parts) > 4 and parts[4] == 'withdrawn':
        d['withdrawn'] = '2024-02-01T00:00:00Z'
    return ident, json.dumps(d, indent=2)


args = sys.argv[1:]
if args[0] == '--json':
    with open(args[1], 'w') as f:
        f.write(advisory(args[2])[1])
    sys.exit(0)
out, pad, truncate, specs = args[0], 0, False, []
i = 1
while i < len(args):
    if args[i] == '--pad':
        pad = int(args[i + 1])
        i += 2
        continue
    if args[i] == '--truncate':
        truncate = True
    else:
        specs.append(args[i])
    i += 1
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    for s in specs:
        ident, text = advisory(s)
        z.writestr(ident + '.json', text)
    if pad:
        z.writestr(zipfile.ZipInfo('README.txt'), 'x' * pad, compress_type=zipfile.ZIP_STORED)
if truncate:
    data = open(out, 'rb').read()
    open(out, 'wb').write(data[:len(data) // 2])
