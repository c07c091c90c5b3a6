#!/usr/bin/python3
"""Validates JSON files against a JSON schema (draft 2020-12 or the one it names).

usage: json-schema-check.py SCHEMA FILE...   prints "valid FILE" or "invalid FILE: why"
The CSAF 2.0 schema refers to FIRST's CVSS v2.0, v3.0 and v3.1 JSON schemas by URL;
no package ships them and tests run offline, so each is read as an object with
their required members and their version constant (which the CSAF schema's oneOf
needs to tell 3.0 from 3.1); vouch advisory check's 6.1.8 checks the rest.
"""
import json
import sys

from jsonschema import validators


def cvss(version, required):
    return {"type": "object", "required": required,
            "properties": {"version": {"const": version}, "vectorString": {"type": "string"},
                           "baseScore": {"type": "number", "minimum": 0, "maximum": 10}}}


v3 = ["version", "vectorString", "baseScore", "baseSeverity"]
stubs = {"https://www.first.org/cvss/cvss-v2.0.json": cvss("2.0", ["version", "vectorString", "baseScore"]),
         "https://www.first.org/cvss/cvss-v3.0.json": cvss("3.0", v3),
         "https://www.first.org/cvss/cvss-v3.1.json": cvss("3.1", v3)}
schema = json.load(open(sys.argv[1]))
cls = validators.validator_for(schema)
try:  # jsonschema 4.18 and later resolve references through a registry
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012
    registry = Registry().with_resources(
        (u, Resource.from_contents(s, default_specification=DRAFT202012)) for u, s in stubs.items())
    validator = cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)
except ImportError:  # Debian 12's 4.10
    from jsonschema import RefResolver
    resolver = RefResolver.from_schema(schema, store=dict(stubs))
    validator = cls(schema, resolver=resolver, format_checker=cls.FORMAT_CHECKER)
bad = 0
for path in sys.argv[2:]:
    errors = list(validator.iter_errors(json.load(open(path))))
    if errors:
        bad += 1
        print('invalid %s: %s at %s' % (path, errors[0].message[:200], '/'.join(map(str, errors[0].absolute_path))))
    else:
        print('valid ' + path)
sys.exit(1 if bad else 0)
