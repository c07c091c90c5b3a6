#!/usr/bin/env bash
# package-lock.json is read by util/jsonr.c (the arena reader, not jansson): errors name the
# file, line and column and the rest of the tree is still read; escapes and repeated keys read
# as JSON.parse reads them (python3's json is the oracle: the last of repeated keys wins); each
# package is located at the line of its own entry.
. "$(dirname "$0")/lib.sh"

need_cmd python3

test_case 'a malformed lockfile is named with line and column, exit 3, the rest is read' '
	mkdir -p t/a t/b &&
	printf "{\n \"lockfileVersion\": 3,\n \"packages\": {\n  \"node_modules/x\": {\"version\": \"1.0.0\",}\n }\n}\n" \
		>t/a/package-lock.json &&
	printf "six==1.16.0\n" >t/b/requirements.txt &&
	expect_code 3 "$VOUCH_BIN" sbom --output out.json t 2>err &&
	grep -q "t/a/package-lock.json:4: invalid JSON at column 41" err &&
	grep -q "pkg:pypi/six@1.16.0" out.json
'

test_case 'escapes and repeated keys read as JSON.parse does' '
	mkdir -p p &&
	cat >p/package-lock.json <<-\LOCK &&
	{"name": "app", "lockfileVersion": 3, "packages": {
	  "": {"name": "app", "dependencies": {"\u0040s/a\u00e9": "1", "b": "2"}},
	  "node_modules/@s/a\u00e9": {"version": "1.0.0", "version": "1.\u0032.3", "license": "MIT"},
	  "node_modules/b": {"version": "2.0.0\ud83d\ude00", "dev": true, "dev": false},
	  "node_modules/b": {"version": "2.0.1"}
	}}
	LOCK
	"$VOUCH_BIN" sbom --output got.json p &&
	python3 - p/package-lock.json got.json <<-\PY
	import json, sys
	lock = json.load(open(sys.argv[1]))["packages"]
	want = {k[len("node_modules/"):]: v["version"] for k, v in lock.items() if k}
	got = {c["name"] if "group" not in c else c["group"] + "/" + c["name"]: c["version"]
	       for c in json.load(open(sys.argv[2]))["components"]}
	assert got == want, (got, want)
	PY
'

test_case 'v1: a nested package is located at its own entry, not at a "requires" naming it' '
	mkdir -p v1 &&
	cat >v1/package-lock.json <<-\LOCK &&
	{
	  "lockfileVersion": 1,
	  "dependencies": {
	    "a": {
	      "version": "1.0.0",
	      "requires": {
	        "b": "^2.0.0"
	      },
	      "dependencies": {
	        "b": {
	          "version": "2.0.0"
	        }
	      }
	    }
	  }
	}
	LOCK
	"$VOUCH_BIN" sbom --output v1.json v1 &&
	python3 - v1.json <<-\PY
	import json, sys
	lines = {c["name"]: c["evidence"]["occurrences"][0]["line"]
	         for c in json.load(open(sys.argv[1]))["components"]}
	assert lines == {"a": 4, "b": 10}, lines
	PY
'

test_done
