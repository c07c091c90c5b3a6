#!/usr/bin/env bash
# vouch sbom (and scan) on conda environments: conda-meta/*.json, one record
# per installed package, in a tree, a root file system tar and given directly.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
. "$VOUCH_TOP/tests/lib/sbom-langs2.sh"

# An environment as conda writes it: records named NAME-VERSION-BUILD.json,
# a history file (not JSON, not claimed), packages from conda-forge, from
# defaults (repo.anaconda.com/pkgs/main, an older record whose channel ends
# in its subdir) and from a private channel whose URL holds credentials.
write_env() {
	local d=$1
	mkdir -p "$d/conda-meta"
	printf '==> 2024-03-01 10:00:00 <==\n# cmd: conda install numpy\n' >"$d/conda-meta/history"
	cat >"$d/conda-meta/numpy-1.26.4-py312h2809609_0.json" <<-'X'
	{
	  "build": "py312h2809609_0",
	  "build_number": 0,
	  "channel": "https://conda.anaconda.org/conda-forge",
	  "constrains": ["numpy-base <0a0"],
	  "depends": ["libblas >=3.9.0,<4.0a0", "python >=3.12,<3.13.0a0", "conda-forge::python_abi 3.12.* *_cp312", "libgcc-ng>=12"],
	  "fn": "numpy-1.26.4-py312h2809609_0.conda",
	  "license": "BSD-3-Clause",
	  "md5": "d3f84c3f9b3e0db65cb2ed8c9b50c2b1",
	  "name": "numpy",
	  "sha256": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	  "subdir": "linux-64",
	  "url": "https://conda.anaconda.org/conda-forge/linux-64/numpy-1.26.4-py312h2809609_0.conda",
	  "version": "1.26.4"
	}
	X
	cat >"$d/conda-meta/python-3.12.2-hab00c5b_0.json" <<-'X'
	{"build": "hab00c5b_0", "build_number": 0, "channel": "https://repo.anaconda.com/pkgs/main/linux-64",
	 "depends": ["libgcc-ng >=11.2.0"], "fn": "python-3.12.2-hab00c5b_0.tar.bz2",
	 "license": "Python-2.0", "name": "python", "subdir": "linux-64", "version": "3.12.2"}
	X
	cat >"$d/conda-meta/python_abi-3.12-4_cp312.json" <<-'X'
	{"build": "4_cp312", "build_number": 4, "channel": "https://conda.anaconda.org/conda-forge",
	 "depends": [], "license": "BSD 3-Clause", "name": "python_abi", "subdir": "linux-64",
	 "url": "https://conda.anaconda.org/conda-forge/linux-64/python_abi-3.12-4_cp312.conda", "version": "3.12"}
	X
	cat >"$d/conda-meta/libblas-3.9.0-21_linux64_openblas.json" <<-'X'
	{"build": "21_linux64_openblas", "build_number": 21, "channel": "https://user:s3cret@conda.example.org/t/tk-0123/private",
	 "depends": [], "license": "some licence text", "name": "libblas", "subdir": "linux-64", "version": "3.9.0"}
	X
}
export -f write_env

NUMPY='pkg:conda/numpy@1.26.4?build=py312h2809609_0&channel=conda-forge&subdir=linux-64&type=conda'
PYTHON='pkg:conda/python@3.12.2?build=hab00c5b_0&channel=main&subdir=linux-64&type=tar.bz2'
ABI='pkg:conda/python_abi@3.12?build=4_cp312&channel=conda-forge&subdir=linux-64&type=conda'
BLAS='pkg:conda/libblas@3.9.0?build=21_linux64_openblas&channel=https:%2F%2Fconda.example.org%2Fprivate&subdir=linux-64'
export NUMPY PYTHON ABI BLAS

test_case 'an environment in a tree: purls, hashes of the archive, licences, edges by name' '
	write_env root/opt/conda &&
	vouch sbom root >b.json 2>err &&
	purls b.json >got &&
	printf "%s\n" "$BLAS" "$NUMPY" "$PYTHON" "$ABI" >want &&
	cmp_output want got &&
	! grep -q "s3cret\|tk-0123" b.json &&
	python3 -c "
import json, os; d = json.load(open(\"b.json\"))
c = {x[\"purl\"]: x for x in d[\"components\"]}
n = c[os.environ[\"NUMPY\"]]
assert sorted((h[\"alg\"], h[\"content\"]) for h in n[\"hashes\"]) == [(\"MD5\", \"d3f84c3f9b3e0db65cb2ed8c9b50c2b1\"), (\"SHA-256\", \"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\")], n[\"hashes\"]
assert n[\"licenses\"] == [{\"expression\": \"BSD-3-Clause\"}], n
a = c[os.environ[\"ABI\"]]
assert a[\"licenses\"] == [{\"expression\": \"BSD-3-Clause\"}], a
assert {\"name\": \"vouch:license-declared\", \"value\": \"BSD 3-Clause\"} in a[\"properties\"], a
b = c[os.environ[\"BLAS\"]]
assert \"licenses\" not in b and {\"name\": \"vouch:license-declared\", \"value\": \"some licence text\"} in b[\"properties\"], b
deps = {x[\"ref\"]: sorted(x.get(\"dependsOn\", [])) for x in d[\"dependencies\"]}
assert deps[os.environ[\"NUMPY\"]] == sorted([os.environ[\"BLAS\"], os.environ[\"PYTHON\"], os.environ[\"ABI\"]]), deps
assert deps[os.environ[\"PYTHON\"]] == [], deps
" &&
	[ ! -s err ]
'

test_case 'two environments: edges stay inside each conda-meta folder' '
	write_env root2/opt/conda &&
	mkdir -p root2/opt/conda/envs/old/conda-meta &&
	printf "{\"build\": \"h1\", \"build_number\": 0, \"channel\": \"https://conda.anaconda.org/conda-forge\", \"depends\": [\"python >=3.8\"], \"name\": \"tool\", \"subdir\": \"noarch\", \"version\": \"1.0\"}\n" >root2/opt/conda/envs/old/conda-meta/tool-1.0-h1.json &&
	vouch sbom root2 >b.json &&
	python3 -c "
import json; d = json.load(open(\"b.json\"))
deps = {x[\"ref\"]: x.get(\"dependsOn\", []) for x in d[\"dependencies\"]}
t = [k for k in deps if k.startswith(\"pkg:conda/tool@\")]
assert len(t) == 1 and deps[t[0]] == [], deps"
'

test_case 'a root file system tar: the same packages (no edges: records are read one by one)' '
	write_env root/opt/conda &&
	tar -C root -cf root.tar . &&
	vouch sbom root.tar >t.json &&
	purls t.json | grep "^pkg:conda/" >got &&
	printf "%s\n" "$BLAS" "$NUMPY" "$PYTHON" "$ABI" >want &&
	cmp_output want got &&
	grep -q "\"location\": \"root.tar!/\(\./\)\?opt/conda/conda-meta/numpy-1.26.4-py312h2809609_0.json\"" t.json
'

test_case 'broken records: each named with its line, the others read (exit 3)' '
	write_env e &&
	printf "{\n  \"name\": \"bad\",\n  \"version\": \"1\",\n  \"md5\": \"xyz\",\n  \"depends\": \"python\"\n}\n" >e/conda-meta/bad-1-0.json &&
	printf "{\"name\": \"broken\",\n" >e/conda-meta/broken-1-0.json &&
	printf "[1, 2]\n" >e/conda-meta/list-1-0.json &&
	expect_code 3 vouch sbom e >b.json 2>err &&
	grep -q "e/conda-meta/bad-1-0.json:4: .md5. of bad is not a hash: xyz" err &&
	grep -q "e/conda-meta/bad-1-0.json:5: .depends. of bad is not a list" err &&
	grep -q "e/conda-meta/broken-1-0.json:2: invalid JSON" err &&
	grep -q "e/conda-meta/list-1-0.json:1: not a conda package record" err &&
	[ "$(purls b.json | grep -c "^pkg:conda/")" = 5 ]
'

test_case 'scan: OSV has no conda ecosystem; a PyPI advisory does not match the conda build of numpy' '
	write_env env && mkdir -p adv &&
	printf "{\"id\": \"PYSEC-2024-1\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"numpy\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"2.0.0\"}]}]}]}\n" >adv/a.json &&
	vouch db import --db c.db adv >/dev/null &&
	vouch scan --db c.db --format json env >s.json 2>err &&
	python3 -c "
import json; d = json.load(open(\"s.json\"))
assert d[\"findings\"] == [], d[\"findings\"]
assert any(\"purl type \x27conda\x27 has no OSV ecosystem\" in n[\"message\"] for n in d[\"notes\"]), d[\"notes\"]"
'

need_corpus
export L="$CORPUS/lockfiles"
# valid: one package. empty ({}) and noname: a record without a name is not a
# package (conda cannot load it either); noversion: no version; invalid: not JSON.
test_case 'the corpus fixtures in conda-meta folders: valid read, the four others named (exit 3)' '
	corpus_folder python-condameta conda-meta/r.json 5 empty invalid noname noversion &&
	purls bom.json >got &&
	echo "pkg:conda/jupyterlab@3.1.12?build=py39hf3db000&channel=main&subdir=linux-64" >want &&
	cmp_output want got &&
	grep -q "t/noversion/conda-meta/r.json:2: package jupyterlab has no .version." err
'

test_case 'the corpus fixtures given directly: recognised by content where they are records' '
	vouch sbom "$L/python-condameta/valid" >v.json &&
	purls v.json >v.json.purls && grep -qx "pkg:conda/jupyterlab@3.1.12?build=py39hf3db000&channel=main&subdir=linux-64" v.json.purls &&
	expect_code 3 vouch sbom "$L/python-condameta/noname" >/dev/null 2>err &&
	grep -q "noname:1: conda package record without a .name." err &&
	expect_code 3 vouch sbom "$L/python-condameta/invalid" >/dev/null 2>err &&
	grep -q "no extractor knows" err
'

test_done
