#!/usr/bin/python3
"""ci-uses-oracle.py TREE REPORT.json

An independent reading of a tree's GitHub workflows and actions with PyYAML
(its composer keeps each node's line): every `uses:` of a step or a job
that is not pinned to a 40-hex commit (local actions, docker:// images and
the SLSA generator aside) must be an unpinned-action finding of vouch at the
same file and line, and vouch must report no other. Files PyYAML cannot
read must be the ones vouch names as problems. Prints the differences; exit 1
when there are any.
"""
import glob
import json
import os
import re
import sys

import yaml

tree, report = sys.argv[1], sys.argv[2]
files = sorted(glob.glob(os.path.join(tree, ".github/workflows/*.yml")) +
               glob.glob(os.path.join(tree, ".github/workflows/*.yaml")))
files += [p for p in (os.path.join(tree, "action.yml"), os.path.join(tree, "action.yaml"))
          if os.path.isfile(p)]
for root, dirs, names in os.walk(os.path.join(tree, ".github/actions")):
    files += [os.path.join(root, n) for n in names if n in ("action.yml", "action.yaml")]


def get(node, key):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return k, v
    return None, None


def unpinned(uses):
    if uses.startswith("./") or uses.startswith("docker://") or uses.startswith("."):
        return False
    if uses.lower().startswith("slsa-framework/slsa-github-generator/"):
        return False
    ref = uses.rsplit("@", 1)[1] if "@" in uses else ""
    return not re.fullmatch(r"[0-9a-fA-F]{40}", ref)


want, unreadable = set(), set()
for path in files:
    rel = os.path.relpath(path, tree)
    try:
        doc = yaml.compose(open(path, encoding="utf-8"))
    except Exception:
        unreadable.add(rel)
        continue
    steps_lists = []
    _, jobs = get(doc, "jobs")
    if isinstance(jobs, yaml.MappingNode):
        for _, job in jobs.value:
            k, v = get(job, "uses")
            if isinstance(v, yaml.ScalarNode) and unpinned(v.value):
                want.add((rel, v.start_mark.line + 1))
            steps_lists.append(get(job, "steps")[1])
    _, runs = get(doc, "runs")
    steps_lists.append(get(runs, "steps")[1])
    for steps in steps_lists:
        if not isinstance(steps, yaml.SequenceNode):
            continue
        for step in steps.value:
            _, v = get(step, "uses")
            if isinstance(v, yaml.ScalarNode) and unpinned(v.value):
                want.add((rel, v.start_mark.line + 1))

d = json.load(open(report))
got = {(x["path"], x["line"]) for x in d["findings"] if x["rule"] == "unpinned-action"}
problems = {p.split(":", 1)[0] for p in d["problems"]}
bad = 0
for k in sorted(want - got):
    print("vouch missed:    %s:%d" % k)
    bad += 1
for k in sorted(got - want):
    print("vouch extra:     %s:%d" % k)
    bad += 1
if problems != unreadable:
    print("unreadable: pyyaml %s, vouch %s" % (sorted(unreadable), sorted(problems)))
    bad += 1
print("%s: %d files, %d unpinned uses agreed" % (tree, len(files), len(want & got)))
sys.exit(1 if bad else 0)
