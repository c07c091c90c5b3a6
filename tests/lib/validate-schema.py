#!/usr/bin/python3
"""validate-schema.py SCHEMA FILE...

Validates each JSON FILE against the JSON Schema SCHEMA with Debian's
python3-jsonschema. References to other schemas ("spdx.schema.json",
"jsf-0.82.schema.json#/definitions/signature", ...) are resolved offline:
every *.json file in SCHEMA's folder is loaded and registered under its
"$id", under its file name, and under its file name without a "cyclonedx-"
prefix (the shared corpus stores CycloneDX's helper schemas that way).

Prints "ok FILE" or the errors of each file (path in the document, message)
and exits 0 when every file is valid, 1 when one is not, 2 on usage errors
or unreadable input.
"""
import json
import re
import os
import sys
import warnings

try:
    import jsonschema
except ImportError:
    sys.stderr.write("validate-schema.py: python3-jsonschema is not installed\n")
    sys.exit(2)


# Formats checked here rather than through optional Python packages
# (rfc3339-validator, rfc3987) that Debian's python3-jsonschema may lack:
# without them "date-time" and "uri" would not be checked at all, and
# CycloneDX's JSF "algorithm" (an enum oneOf a URI) would match both.
DATE_TIME = re.compile(
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)"
    r"(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$")
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")


def format_checker():
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time")
    def is_date_time(value):
        return not isinstance(value, str) or DATE_TIME.match(value) is not None

    @checker.checks("uri")
    def is_uri(value):
        return not isinstance(value, str) or URI.match(value) is not None

    return checker


def load_store(folder):
    store = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(folder, name)
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError):
            continue
        if not isinstance(doc, dict):
            continue
        sid = doc.get("$id")
        names = [name]
        if name.startswith("cyclonedx-"):
            names.append(name[len("cyclonedx-"):])
        if isinstance(sid, str):
            store[sid] = doc
            base = sid.rsplit("/", 1)[0] + "/"
            for n in names:
                store.setdefault(base + n, doc)
        for n in names:
            store.setdefault(n, doc)
    return store


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: validate-schema.py SCHEMA FILE...\n")
        return 2
    schema_path = argv[1]
    try:
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
    except (OSError, ValueError) as e:
        sys.stderr.write("validate-schema.py: cannot read schema %s: %s\n" % (schema_path, e))
        return 2
    store = load_store(os.path.dirname(os.path.abspath(schema_path)))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        resolver = jsonschema.RefResolver.from_schema(schema, store=store)
    validator = cls(schema, resolver=resolver, format_checker=format_checker())
    rc = 0
    for path in argv[2:]:
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print("error %s: cannot read: %s" % (path, e))
            rc = max(rc, 2)
            continue
        try:
            errors = sorted(validator.iter_errors(doc), key=lambda e: str(list(e.absolute_path)))
            messages = [("/".join(str(p) for p in e.absolute_path) or "(root)", e.message)
                        for e in errors]
        except TypeError as e:
            # python3-jsonschema 4.10 fails while wording some errors (it sorts
            # dicts for an additionalItems message): the document is invalid.
            messages = [("(unknown)", "invalid; the validator could not word the error: %s" % e)]
        if not messages:
            print("ok %s" % path)
            continue
        rc = max(rc, 1)
        print("invalid %s" % path)
        for where, message in messages[:50]:
            print("  %s: %s" % (where, message[:300]))
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
