#!/usr/bin/env bash
# vouch sbom on PyPI inputs: requirements files, Pipfile.lock, poetry.lock, uv.lock, pdm.lock,
# pylock.toml and installed METADATA/PKG-INFO, from the shared corpus and this machine.
. "$(dirname "$0")/lib.sh"
export L="$CORPUS/lockfiles"
. "$VOUCH_TOP/tests/lib/sbom.sh"

corpus_case 'requirements: every fixture read, the malformed ones named, exit 3' '
	expect_code 3 vouch sbom --type pypi-requirements "$L"/python-requirements/*.txt >bom.json 2>err &&
	[ "$(files_read bom.json)" = 13 ] &&
	named err | sed "s#.*/##" >bad &&
	printf "%s\n" example.txt invalid.txt loop.txt other-loop.txt per_req_options.txt >want &&
	cmp_output want bad
'

corpus_case 'requirements: the package set of with_versions.txt' '
	expect_purls --type pypi-requirements "$L/python-requirements/with_versions.txt" <<-X
	pkg:pypi/asdf
	pkg:pypi/combination-.--.also--.-valid
	pkg:pypi/hy-phen@1.2
	pkg:pypi/newspaper3k
	pkg:pypi/nltk@3.2.2
	pkg:pypi/pkg
	pkg:pypi/pkg.dot.name@5.0.0
	pkg:pypi/qwerty@0.1
	pkg:pypi/tabulate@0.7.7
	pkg:pypi/under-score@1.3
	pkg:pypi/yolo@1.0
	X
'

test_case 'requirements: -r includes, markers, extras and hashes in the BOM' '
	mkdir -p p/sub &&
	printf "%s\n" "-r sub/base.txt" "Foo_Bar[x]==1.0 ; python_version >= \"3.8\" \\" \
		"  --hash=sha256:2c2349112351b88699d8d4b6b075022c0808887cb7ad10069318a8b0bc88db44" \
		>p/requirements.txt &&
	echo "six==1.16.0" >p/sub/base.txt &&
	vouch sbom p >bom.json &&
	python3 -c "
import json; d=json.load(open(\"bom.json\"))
c={x[\"purl\"]: x for x in d[\"components\"]}
f=c[\"pkg:pypi/foo-bar@1.0\"]
props={p[\"name\"]: p[\"value\"] for p in f[\"properties\"]}
assert props[\"vouch:marker\"]==\"python_version >= \\\"3.8\\\"\", props
assert props[\"vouch:extras\"]==\"x\", props
assert f[\"hashes\"]==[{\"alg\": \"SHA-256\", \"content\": \"2c2349112351b88699d8d4b6b075022c0808887cb7ad10069318a8b0bc88db44\"}], f
s=c[\"pkg:pypi/six@1.16.0\"]
assert s[\"evidence\"][\"occurrences\"][0][\"location\"]==\"p/sub/base.txt\", s[\"evidence\"]"
'

corpus_case 'Pipfile.lock: every fixture read, the package set of two-packages.json' '
	n=$(tree_of python-pipfilelock Pipfile.lock) && [ "$n" = 10 ] &&
	expect_code 3 vouch sbom t >bom.json 2>err &&
	[ "$(files_read bom.json)" = 10 ] &&
	named err >bad && printf "%s\n" t/empty-file/Pipfile.lock t/not-json.txt/Pipfile.lock >want &&
	cmp_output want bad &&
	expect_purls --type pypi-pipfile-lock "$L/python-pipfilelock/two-packages.json" <<-X
	pkg:pypi/itsdangerous@2.1.2
	pkg:pypi/markupsafe@2.1.1
	X
'

corpus_case 'poetry.lock: every fixture read, the package set of multiple-packages.v2.lock' '
	n=$(tree_of python-poetrylock poetry.lock) && [ "$n" = 10 ] &&
	expect_code 3 vouch sbom t >bom.json 2>err &&
	[ "$(files_read bom.json)" = 10 ] &&
	named err >bad && echo t/not-toml.txt/poetry.lock >want && cmp_output want bad &&
	expect_purls "$L/python-poetrylock/multiple-packages.v2.lock" <<-X
	pkg:pypi/async-timeout@5.0.1
	pkg:pypi/factory-boy@3.3.1
	pkg:pypi/faker@33.3.0
	pkg:pypi/proto-plus@1.22.0
	pkg:pypi/proto-plus@1.23.0
	pkg:pypi/protobuf@4.25.5
	pkg:pypi/python-dateutil@2.9.0.post0
	pkg:pypi/redis@5.2.1
	pkg:pypi/six@1.17.0
	pkg:pypi/typing-extensions@4.12.2
	pkg:pypi/urllib3@2.3.0
	X
'

corpus_case 'uv.lock: every fixture read, the package set of two-packages.lock' '
	n=$(tree_of python-uvlock uv.lock) && [ "$n" = 9 ] &&
	expect_code 3 vouch sbom t >bom.json 2>err &&
	[ "$(files_read bom.json)" = 9 ] &&
	named err >bad && printf "%s\n" t/empty.lock/uv.lock t/not-toml.txt/uv.lock >want &&
	cmp_output want bad &&
	expect_purls "$L/python-uvlock/two-packages.lock" <<-X
	pkg:pypi/emoji@2.14.0
	pkg:pypi/protobuf@4.25.5
	pkg:pypi/uv-lockfiles@0.1.0
	X
'

corpus_case 'pdm.lock: every fixture read, the package set of dev-dependency.toml' '
	n=$(tree_of python-pdmlock pdm.lock) && [ "$n" = 8 ] &&
	expect_code 3 vouch sbom t >bom.json 2>err &&
	[ "$(files_read bom.json)" = 8 ] &&
	named err >bad && echo t/not-toml.txt/pdm.lock >want && cmp_output want bad &&
	expect_purls "$L/python-pdmlock/dev-dependency.toml" <<-X
	pkg:pypi/pyroute2@0.7.11
	pkg:pypi/toml@0.10.2
	pkg:pypi/win-inet-pton@1.1.0
	X
'

corpus_case 'pylock.toml: every fixture read, the package set of pip-full.toml' '
	n=$(tree_of python-pylock pylock.toml) && [ "$n" = 7 ] &&
	expect_code 3 vouch sbom t >bom.json 2>err &&
	[ "$(files_read bom.json)" = 7 ] &&
	named err >bad && echo t/not-toml.txt/pylock.toml >want && cmp_output want bad &&
	expect_purls "$L/python-pylock/pip-full.toml" <<-X
	pkg:pypi/annotated-types@0.7.0
	pkg:pypi/packaging@25.0
	pkg:pypi/pyproject-toml@0.1.0
	pkg:pypi/setuptools@80.9.0
	pkg:pypi/wheel@0.45.1
	X
'

corpus_case 'METADATA/PKG-INFO: every fixture read as x.dist-info/METADATA' '
	n=$(tree_of python-wheelegg x.dist-info/METADATA) && [ "$n" = 10 ] &&
	expect_code 3 vouch sbom t >bom.json 2>err &&
	[ "$(files_read bom.json)" = 10 ] &&
	named err >bad &&
	printf "%s\n" t/empty/x.dist-info/METADATA t/malformed_pkginfo/x.dist-info/METADATA >want &&
	cmp_output want bad &&
	expect_purls "$L/python-wheelegg/pyopenssl-26.0.0.dist-info" <<-X
	pkg:pypi/pyopenssl@26.0.0
	X
'

# importlib.metadata looks only at the folders it is given; vouch also finds
# distributions vendored deeper (py/_vendored_packages/apipkg-2.0.0.dist-info),
# so the oracle is given every folder that holds a .dist-info or .egg-info.
test_case 'Debian dist-packages: the SBOM equals importlib.metadata, both ways' '
	D=/usr/lib/python3/dist-packages &&
	if [ ! -d "$D" ] || [ ! -x /usr/bin/python3 ]; then exit 0; fi &&
	vouch sbom "$D" >bom.json &&
	python3 -c "
import json,re,sys
d=json.load(open(\"bom.json\"))
got={(re.sub(r\"[-_.]+\",\"-\",c[\"name\"]).lower(), c[\"version\"]) for c in d[\"components\"] if c[\"purl\"].startswith(\"pkg:pypi/\")}
print(\"\n\".join(\"%s %s\" % x for x in sorted(got)))" >got &&
	/usr/bin/python3 -c "
import importlib.metadata as m, re, os
dirs=sorted({r for r,ds,fs in os.walk(\"$D\") for n in ds+fs if n.endswith((\".dist-info\",\".egg-info\"))})
s={(re.sub(r\"[-_.]+\",\"-\",x.metadata[\"Name\"]).lower(), x.version) for x in m.distributions(path=dirs)}
print(\"\n\".join(\"%s %s\" % x for x in sorted(s)))" >want &&
	[ -s want ] && cmp_output want got
'

corpus_case 'every PyPI BOM validates (CycloneDX 1.6, 1.7, SPDX 2.3)' '
	i=0 && mkdir -p boms &&
	for f in "$L"/python-poetrylock/multiple-packages.v2.lock "$L"/python-uvlock/grouped-packages.lock \
		"$L"/python-pdmlock/optional-dependency.toml "$L"/python-pylock/commits.toml \
		"$L"/python-pipfilelock/multiple-packages.json "$L"/python-wheelegg/distinfo_meta \
		/usr/lib/python3/dist-packages; do
		i=$((i + 1))
		vouch sbom "$f" >boms/$i.cdx16.json &&
		vouch sbom --spec-version 1.7 "$f" >boms/$i.cdx17.json &&
		vouch sbom --format spdx "$f" >boms/$i.spdx.json || exit 1
	done &&
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" boms/*.cdx16.json >v16 &&
	validate "$SCHEMAS/cyclonedx-bom-1.7.schema.json" boms/*.cdx17.json >v17 &&
	validate "$SCHEMAS/spdx-2.3.schema.json" boms/*.spdx.json >vspdx &&
	[ "$(grep -c "^ok " v16)" = "$i" ] && [ "$(grep -c "^ok " v17)" = "$i" ] &&
	[ "$(grep -c "^ok " vspdx)" = "$i" ]
'

test_done
