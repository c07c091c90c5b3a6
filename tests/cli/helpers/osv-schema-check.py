#!/usr/bin/python3
"""Validates OSV files (JSON or YAML) against the official OSV JSON schema.

usage: osv-schema-check.py SCHEMA FILE...   prints "valid FILE" or "invalid FILE: why"
YAML is read with time-stamps kept as strings (PyYAML's safe loader would turn
them into datetime objects, which JSON cannot hold).
"""
import json
import sys

import yaml
from jsonschema import Draft202012Validator


class StrLoader(yaml.SafeLoader):
    pass


StrLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != 'tag:yaml.org,2002:timestamp']
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

schema = json.load(open(sys.argv[1]))
validator = Draft202012Validator(schema)
for path in sys.argv[2:]:
    with open(path) as f:
        doc = yaml.load(f, Loader=StrLoader) if path.endswith(('.yaml', '.yml')) else json.load(f)
    errors = list(validator.iter_errors(doc))
    print(('invalid %s: %s' % (path, errors[0].message[:200])) if errors else 'valid ' + path)
