#!/usr/bin/env bash
# Hostile trees: truncated and invalid lockfiles, a million nested brackets,
# a 60 MB string, binary junk under lockfile names, symlink loops and links
# out of the tree. No crash, bounded memory, every good file read, every bad
# one named, exit 3. Everything is generated here; nothing big is committed.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
need_cmd python3

build_tree() {
	mkdir -p h/good h/trunc h/deep-lock h/deep-bun h/deep-pnpm h/deep-yarn h/big h/junk \
		h/junk-yarn h/junk-pnpm h/loop h/out h/empty &&
	cp "$FIXTURES/npm/small/package-lock.json" h/good/ &&
	head -c 3000 "$FIXTURES/npm/small/package-lock.json" >h/trunc/package-lock.json &&
	python3 - <<-"PY"
	n = 1000000
	open("h/deep-lock/package-lock.json", "w").write("[" * n)
	open("h/deep-bun/bun.lock", "w").write("{\"lockfileVersion\": 1, \"packages\": " + "[" * n)
	open("h/deep-pnpm/pnpm-lock.yaml", "w").write("lockfileVersion: '9.0'\npackages: " + "[" * n)
	open("h/deep-yarn/yarn.lock", "w").write("# yarn lockfile v1\n\n" + ("a@1:\n  version \"" + "[" * n + "\"\n"))
	big = "A" * (60 * 1000 * 1000)
	with open("h/big/package-lock.json", "w") as f:
	    f.write("{\"lockfileVersion\": 3, \"packages\": {\"node_modules/huge\": {\"version\": \"%s\"}, \"node_modules/ok\": {\"version\": \"1.0.0\"}}}" % big)
	import os
	junk = os.urandom(1 << 20)
	for p in ("h/junk/package-lock.json", "h/junk-yarn/yarn.lock", "h/junk-pnpm/pnpm-lock.yaml"):
	    open(p, "wb").write(junk)
	PY
	: >h/empty/package-lock.json &&
	ln -s self h/loop/self && ln -s b h/loop/a && ln -s a h/loop/b &&
	ln -s /etc/passwd h/out/package-lock.json && ln -s /etc h/out/etc-dir &&
	ln -s ../../.. h/out/up
}

export -f build_tree
test_case 'hostile tree: exit 3, the good file read, every bad one named' '
	build_tree &&
	if [ -x /usr/bin/time ]; then
		expect_code 3 /usr/bin/time -v -o time.txt "$VOUCH_BIN" sbom h >bom.json 2>err
	else
		expect_code 3 vouch sbom h >bom.json 2>err
	fi &&
	purls bom.json >p &&
	grep -qx "pkg:npm/express@4.21.2" p &&
	grep -qx "pkg:npm/ok@1.0.0" p &&
	for bad in h/trunc/package-lock.json h/deep-lock/package-lock.json h/deep-bun/bun.lock \
		h/deep-pnpm/pnpm-lock.yaml h/deep-yarn/yarn.lock h/junk/package-lock.json \
		h/junk-yarn/yarn.lock h/junk-pnpm/pnpm-lock.yaml h/empty/package-lock.json h/big/package-lock.json; do
		grep -q "^vouch: $bad[:]" err || { echo "not named: $bad"; cat err; exit 1; }
	done &&
	# links not followed (loops, out of the tree) are named as notes
	for l in h/loop/self h/loop/a h/out/package-lock.json h/out/etc-dir h/out/up; do
		grep -q "^vouch: note: $l[:]" err || { echo "not named: $l"; cat err; exit 1; }
	done &&
	! grep -q "root:" bom.json &&
	if [ -f time.txt ]; then
		kb=$(sed -n "s/.*Maximum resident set size (kbytes): //p" time.txt) &&
		echo "peak RSS ${kb} KiB" && [ "$kb" -lt 1048576 ]
	fi
'

test_case 'the BOM records what was not read' '
	python3 -c "
import json; d=json.load(open(\"bom.json\"))
u=[p[\"value\"] for p in d[\"metadata\"][\"properties\"] if p[\"name\"]==\"vouch:unread\"]
assert any(x.startswith(\"h/junk/package-lock.json\") for x in u), u
assert [p[\"value\"] for p in d[\"metadata\"][\"properties\"] if p[\"name\"]==\"vouch:complete\"]==[\"false\"]" &&
	if [ -f "$SCHEMAS/cyclonedx-bom-1.6.schema.json" ] && /usr/bin/python3 -c "import jsonschema" 2>/dev/null; then
		validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" bom.json >/dev/null
	fi
'

test_case 'each hostile file given directly fails alone with exit 3, memory capped' '
	for f in h/deep-lock/package-lock.json h/deep-pnpm/pnpm-lock.yaml h/junk/package-lock.json h/big/package-lock.json; do
		rc=0
		(
			# address space capped where no sanitizer needs a huge shadow mapping
			case "$(ldd "$VOUCH_BIN" 2>/dev/null)" in
			*libasan*) ;;
			*) ulimit -v 1048576 ;;
			esac
			exec "$VOUCH_BIN" sbom "$f" >/dev/null 2>e
		) || rc=$?
		[ "$rc" -eq 3 ] && grep -q "^vouch: $f" e || { echo "$f: $rc"; cat e; exit 1; }
	done
'

test_case 'a lockfile larger than the cap is refused by name' '
	python3 -c "open(\"pnpm-lock.yaml\",\"w\").write(\"lockfileVersion: 5.4\n#\" + \"x\" * (17 << 20))" &&
	expect_code 3 vouch sbom pnpm-lock.yaml >/dev/null 2>err && grep -q "pnpm-lock.yaml: .*limit" err
'
test_done
