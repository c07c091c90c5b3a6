#!/usr/bin/env bash
# Real npm projects (package.json + package-lock.json written by npm 10 with
# --package-lock-only, kept in tests/fixtures/npm/): vouch's package set must
# equal what npm itself reports for the same folder.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
need_cmd npm

same_as_npm() { # FIXTURE
	local dir="$FIXTURES/npm/$1"
	vouch sbom "$dir" >bom.json || return 1
	purls bom.json | sort -u >vouch.txt
	(cd "$dir" && npm ls --all --json --long --package-lock-only 2>/dev/null) >ls.json
	"$VOUCH_TOP/tests/lib/npm-ls-purls.py" <ls.json >npm.txt
	[ -s npm.txt ] && cmp_output npm.txt vouch.txt
}
export -f same_as_npm

test_case 'small project (express, an alias, dev and optional deps): same packages as npm ls' '
	same_as_npm small && [ "$(wc -l <vouch.txt)" -ge 60 ]
'

test_case 'large project (workspaces, several hundred packages): same packages as npm ls' '
	same_as_npm large && [ "$(wc -l <vouch.txt)" -ge 400 ]
'

test_case 'the graph of the small project matches npm ls edge for edge' '
	vouch sbom "$FIXTURES/npm/small" >bom.json &&
	(cd "$FIXTURES/npm/small" && npm ls --all --json --long --package-lock-only 2>/dev/null) >ls.json &&
	python3 - <<-"PY"
	import json
	bom = json.load(open("bom.json"))
	ls = json.load(open("ls.json"))
	SAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:")
	enc = lambda s: "".join(c if c in SAFE else "%%%02X" % ord(c) for c in s)
	def purl(n, v):
	    if n.startswith("@"):
	        a, b = n.split("/", 1)
	        return "pkg:npm/%s/%s@%s" % (enc(a), enc(b), enc(v))
	    return "pkg:npm/%s@%s" % (enc(n), enc(v))
	want = {}
	def walk(node, me):
	    for k, c in (node.get("dependencies") or {}).items():
	        if not c.get("version"):
	            continue
	        p = purl(c.get("name") or k, c["version"])
	        want.setdefault(me, set()).add(p)
	        walk(c, p)
	walk(ls, purl(ls["name"], ls["version"]))
	got = {d["ref"]: set(d["dependsOn"]) for d in bom["dependencies"]}
	for ref, deps in want.items():
	    assert deps <= got.get(ref, set()), (ref, deps - got.get(ref, set()))
	PY
'

test_case 'direct, dev and optional flags as npm records them' '
	vouch sbom "$FIXTURES/npm/small" >bom.json && purls --flags bom.json >f &&
	grep -qx "pkg:npm/express@4.21.2 required direct" f &&
	grep -qx "pkg:npm/left-pad@1.3.0 excluded dev,direct" f &&
	grep -qx "pkg:npm/fsevents@2.3.3 optional direct,optional" f &&
	grep -qx "pkg:npm/vouch-fixture-small@1.0.0 - root" f &&
	vouch sbom "$FIXTURES/npm/large" >l.json && purls --flags l.json >g &&
	grep -qx "pkg:npm/%40vouch-fixture/util@0.1.0 required direct,local" g
'
test_done
