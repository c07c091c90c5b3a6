#!/usr/bin/python3
"""ci-expect.py TREE FINDINGS.json [PATH:LINE:RULE...]

Compares `vouch ci check --format json` findings with what the fixture tree
says it must produce: a line of any file under TREE that carries the marker
`expect: RULE[,RULE...]` (after '#' or '//') must have exactly those findings
at that file and line, and every other line none. Extra expected findings
(the tree-level ones) are given as PATH:LINE:RULE arguments. Prints the
difference and exits 1 when the two disagree.
"""
import collections
import json
import os
import re
import sys

tree, report = sys.argv[1], sys.argv[2]
want = collections.Counter()
for extra in sys.argv[3:]:
    p, line, rule = extra.rsplit(":", 2)
    want[(p, int(line), rule)] += 1
marker = re.compile(r"(?:#|//)\s*expect:\s*([a-z0-9,-]+)")
for root, dirs, files in os.walk(tree):
    dirs.sort()
    for name in sorted(files):
        full = os.path.join(root, name)
        rel = os.path.relpath(full, tree)
        with open(full, encoding="utf-8", errors="replace") as f:
            for n, text in enumerate(f, 1):
                m = marker.search(text)
                if m:
                    for rule in m.group(1).split(","):
                        want[(rel, n, rule)] += 1
got = collections.Counter()
with open(report) as f:
    doc = json.load(f)
for x in doc["findings"]:
    for key in ("path", "line", "rule", "severity", "message", "fix"):
        assert key in x, f"finding without {key}: {x}"
    assert x["severity"] in ("error", "warning", "note"), x
    got[(x["path"], x["line"], x["rule"])] += 1
missing = want - got
extra = got - want
for k in sorted(missing):
    print("missing (must fire):     %s:%d %s" % k)
for k in sorted(extra):
    print("unexpected (must not):   %s:%d %s" % k)
print("%d expected, %d found, %d missing, %d unexpected"
      % (sum(want.values()), sum(got.values()), sum(missing.values()), sum(extra.values())))
sys.exit(1 if missing or extra else 0)
