#!/usr/bin/python3
"""Validates a JSON document against one of the schemas in SCHEMA_DIR ($SCHEMAS).

usage: schema-check.py SCHEMA_DIR SCHEMA_FILE DOCUMENT
Local references between the schemas (CycloneDX refers to the SPDX and
JSF schemas by name) are resolved from SCHEMA_DIR, never from the network.
"""
import json
import os
import sys

import jsonschema

schema_dir, schema_file, doc_file = sys.argv[1:4]
store = {}
for name in os.listdir(schema_dir):
    if name.endswith('.json'):
        s = json.load(open(os.path.join(schema_dir, name)))
        store[name] = s
        for key in ('$id', 'id'):
            if isinstance(s.get(key), str):
                store[s[key]] = s
                # a reference by file name resolves against the $id's folder
                store.setdefault(s[key].rsplit('/', 1)[0] + '/' + name, s)
schema = store[schema_file]
cls = jsonschema.validators.validator_for(schema)
resolver = jsonschema.RefResolver.from_schema(schema, store=store)
validator = cls(schema, resolver=resolver)
errors = sorted(validator.iter_errors(json.load(open(doc_file))), key=lambda e: list(e.path))
for e in errors[:10]:
    print('%s: %s' % ('/'.join(map(str, e.path)), e.message[:300]))
sys.exit(1 if errors else 0)
