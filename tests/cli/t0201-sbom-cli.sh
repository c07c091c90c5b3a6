#!/usr/bin/env bash
# vouch sbom: options, exit codes, output handling, determinism.
. "$(dirname "$0")/lib.sh"

export SMALL="$FIXTURES/npm/small"

test_case '--help shows every option' '
	vouch sbom --help >out &&
	for o in --format --spec-version --output --type --exclude --list-types; do
		grep -q -- "$o" out || { echo "missing $o"; exit 1; }
	done
'

test_case '--list-types lists the npm extractors with what they read' '
	vouch sbom --list-types >out &&
	grep -Eq "^npm-package-lock +npm +package-lock.json" out &&
	grep -Eq "^npm-yarn-lock +npm +yarn.lock" out &&
	grep -Eq "^npm-pnpm-lock +npm +pnpm-lock.yaml" out &&
	grep -Eq "^npm-bun-lock +npm +bun.lock" out &&
	grep -Eq "^npm-package-json +npm +node_modules" out &&
	# the columns line up whatever the longest ecosystem name ("GitHub Actions")
	awk "NR == 1 { c = index(\$0, \"FILES\") } NR > 1 && substr(\$0, c - 1, 1) != \" \" { bad = 1 } END { exit bad }" out &&
	grep -Eq "^github-actions +GitHub Actions +\.github/workflows" out
'

test_case 'no PATH is a usage error' '
	expect_code 2 vouch sbom 2>err && grep -q "no PATH" err
'

test_case 'bad --format and --spec-version values are usage errors' '
	expect_code 2 vouch sbom --format xml "$SMALL" 2>err &&
	expect_code 2 vouch sbom --spec-version 1.5 "$SMALL" 2>err &&
	grep -q "1.5" err
'

test_case '--spec-version with --format spdx is a usage error' '
	expect_code 2 vouch sbom --format spdx --spec-version 1.7 "$SMALL" 2>err &&
	grep -q "CycloneDX only" err
'

test_case 'unknown --type is a usage error' '
	expect_code 2 vouch sbom --type frob "$SMALL" 2>err && grep -q frob err
'

test_case 'default output is CycloneDX 1.6 on stdout; 1.7 on request' '
	vouch sbom "$SMALL" >a.json &&
	python3 -c "import json,sys; d=json.load(open(\"a.json\")); assert d[\"bomFormat\"]==\"CycloneDX\" and d[\"specVersion\"]==\"1.6\"" &&
	vouch sbom --spec-version 1.7 "$SMALL" >b.json &&
	python3 -c "import json; assert json.load(open(\"b.json\"))[\"specVersion\"]==\"1.7\""
'

test_case 'SOURCE_DATE_EPOCH sets the time; same input, same bytes' '
	SOURCE_DATE_EPOCH=1700000000 vouch sbom "$SMALL" >a.json &&
	SOURCE_DATE_EPOCH=1700000000 vouch sbom "$SMALL" >b.json &&
	cmp a.json b.json &&
	grep -q "\"timestamp\": \"2023-11-14T22:13:20Z\"" a.json &&
	SOURCE_DATE_EPOCH=1700000000 vouch sbom --format spdx "$SMALL" >c.json &&
	SOURCE_DATE_EPOCH=1700000000 vouch sbom --format spdx "$SMALL" >d.json &&
	cmp c.json d.json && grep -q "\"created\": \"2023-11-14T22:13:20Z\"" c.json
'

test_case 'the serial number follows the content' '
	SOURCE_DATE_EPOCH=1700000000 vouch sbom "$SMALL" >a.json &&
	SOURCE_DATE_EPOCH=1700000001 vouch sbom "$SMALL" >b.json &&
	s1=$(grep -o "urn:uuid:[0-9a-f-]*" a.json) && s2=$(grep -o "urn:uuid:[0-9a-f-]*" b.json) &&
	[ "$s1" != "$s2" ] && echo "$s1" | grep -Eq "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
'

test_case 'a bad SOURCE_DATE_EPOCH is refused' '
	SOURCE_DATE_EPOCH=yesterday expect_code 2 vouch sbom "$SMALL" 2>err &&
	grep -q SOURCE_DATE_EPOCH err
'

test_case '--output writes the file (and nothing on stdout)' '
	SOURCE_DATE_EPOCH=1 vouch sbom --output bom.json "$SMALL" >out &&
	[ ! -s out ] && SOURCE_DATE_EPOCH=1 vouch sbom "$SMALL" >direct.json && cmp bom.json direct.json
'

test_case 'an output that cannot be written exits 4 and keeps no partial file' '
	mkdir ro && chmod 555 ro &&
	if [ "$(id -u)" -ne 0 ]; then
		expect_code 4 vouch sbom --output ro/bom.json "$SMALL" 2>err && [ ! -e ro/bom.json ]
	fi &&
	expect_code 4 vouch sbom --output no/such/dir/bom.json "$SMALL" 2>err &&
	grep -q "no/such/dir" err
'

test_case 'a missing PATH is a usage error before any output, exit 2' '
	expect_code 2 vouch sbom -o missing.json /nonexistent/x "$SMALL" >out 2>err &&
	grep -q "^vouch: .*/nonexistent/x.* does not exist" err && ! test -e missing.json && ! test -s out
'

test_case 'an unreadable PATH is named, the others still read, exit 3' '
	mkfifo fifo &&
	SOURCE_DATE_EPOCH=1 expect_code 3 vouch sbom fifo "$SMALL" >bom.json 2>err &&
	grep -q "^vouch: fifo: " err &&
	"$VOUCH_TOP/tests/lib/bom-purls.py" bom.json >p && grep -q "pkg:npm/express@4.21.2" p &&
	python3 -c "
import json; d=json.load(open(\"bom.json\"))
p={x[\"name\"]: x[\"value\"] for x in d[\"metadata\"][\"properties\"] if x[\"name\"]!=\"vouch:unread\"}
u=[x[\"value\"] for x in d[\"metadata\"][\"properties\"] if x[\"name\"]==\"vouch:unread\"]
assert p[\"vouch:complete\"]==\"false\", p
assert len(u)==1 and u[0].startswith(\"fifo: \"), u"
'

test_case 'a file nobody reads is named with a hint, exit 3' '
	printf "hello, world!\n" >notes.txt &&
	expect_code 3 vouch sbom notes.txt >bom.json 2>err &&
	grep -q "notes.txt: no extractor" err
'

test_case '--type reads an oddly named file, and restricts folders' '
	cp "$SMALL/package-lock.json" lock.data &&
	vouch sbom --type npm-package-lock lock.data >a.json &&
	"$VOUCH_TOP/tests/lib/bom-purls.py" a.json >p && grep -q "pkg:npm/express@4.21.2" p &&
	mkdir t && cp "$SMALL/package-lock.json" t/ &&
	printf "# yarn lockfile v1\n\nleft-pad@^1:\n  version \"1.3.0\"\n" >t/yarn.lock &&
	vouch sbom --type npm-yarn-lock t >b.json &&
	[ "$("$VOUCH_TOP/tests/lib/bom-purls.py" b.json)" = "pkg:npm/left-pad@1.3.0" ]
'

test_case '--exclude skips matching paths' '
	mkdir -p ex/a ex/b && cp "$SMALL/package-lock.json" ex/a/ &&
	printf "# yarn lockfile v1\n\nleft-pad@^1:\n  version \"1.3.0\"\n" >ex/b/yarn.lock &&
	vouch sbom --exclude a ex >b.json &&
	[ "$("$VOUCH_TOP/tests/lib/bom-purls.py" b.json)" = "pkg:npm/left-pad@1.3.0" ]
'

test_case 'notes go to stderr with note: and --quiet silences them' '
	mkdir -p n/node_modules/stub && echo "{\"private\": true}" >n/node_modules/stub/package.json &&
	vouch sbom n >/dev/null 2>err && grep -q "^vouch: note: n/node_modules/stub/package.json: " err &&
	vouch --quiet sbom n >/dev/null 2>err2 && [ ! -s err2 ] &&
	vouch sbom -q n >/dev/null 2>err3 && [ ! -s err3 ]
'

test_case 'several PATHs make one BOM with a generic subject' '
	mkdir -p two/a two/b && cp "$SMALL"/package*.json two/a/ &&
	printf "# yarn lockfile v1\n\nleft-pad@^1:\n  version \"1.3.0\"\n" >two/b/yarn.lock &&
	vouch sbom two/a two/b >bom.json &&
	python3 -c "
import json; d=json.load(open(\"bom.json\"))
m=d[\"metadata\"][\"component\"]
assert m[\"purl\"]==\"pkg:npm/vouch-fixture-small@1.0.0\", m
" &&
	vouch sbom two/a/package-lock.json two/b/yarn.lock "$FIXTURES/npm/large" >bom2.json &&
	python3 -c "
import json; d=json.load(open(\"bom2.json\"))
m=d[\"metadata\"][\"component\"]
assert m[\"bom-ref\"]==\"vouch:subject\" and \"two/b/yarn.lock\" in m[\"name\"], m
deps={x[\"ref\"]: x[\"dependsOn\"] for x in d[\"dependencies\"]}
assert deps[\"vouch:subject\"]==[\"pkg:npm/vouch-fixture-large@2.0.0\", \"pkg:npm/vouch-fixture-small@1.0.0\"], deps[\"vouch:subject\"]
"
'
test_done
