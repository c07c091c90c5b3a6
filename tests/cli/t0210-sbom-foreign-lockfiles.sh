#!/usr/bin/env bash
# Lockfiles as other projects write them (issue 14): pnpm peer suffixes naming scoped
# packages, byte-order marks and UTF-16, .deps.json runtime packs, gradle lockfiles with
# spaces, bun workspaces, npm node_modules beside a lockfile.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"

# flags PURL BOM: "SCOPE dev" or "SCOPE -" of one component
scope_of() {
	python3 -c 'import json,sys
d=json.load(open(sys.argv[2]))
for c in d["components"]:
    if c.get("purl")==sys.argv[1]:
        dev=[p["value"] for p in c.get("properties",[]) if p["name"]=="vouch:dev"]
        print(c.get("scope","-"), "dev" if dev else "-")' "$1" "$2"
}
deps_of() {
	python3 -c 'import json,sys
d=json.load(open(sys.argv[2]))
print(" ".join(sorted(x for e in d["dependencies"] if e["ref"]==sys.argv[1] for x in e["dependsOn"])))' "$1" "$2"
}
export -f scope_of deps_of

# A pnpm 9 lockfile as vite + vitest projects have it: peers that are scoped, nested, several.
pnpm_v9() {
	cat <<-'Y'
	lockfileVersion: '9.0'

	settings:
	  autoInstallPeers: true
	  excludeLinksFromLockfile: false

	importers:

	  .:
	    dependencies:
	      '@vitejs/plugin-react':
	        specifier: ^4.0.0
	        version: 4.6.0(vite@7.0.0(@types/node@24.0.7)(jiti@2.4.2))
	    devDependencies:
	      '@types/node':
	        specifier: ^24.0.7
	        version: 24.0.7
	      vitest:
	        specifier: ^3.2.4
	        version: 3.2.4(@types/node@24.0.7)(jiti@2.4.2)

	packages:

	  '@types/node@24.0.7':
	    resolution: {integrity: sha512-AAAA}

	  '@vitejs/plugin-react@4.6.0':
	    resolution: {integrity: sha512-BBBB}
	    peerDependencies:
	      vite: ^7.0.0

	  esbuild@0.25.0:
	    resolution: {integrity: sha512-FFFF}

	  jiti@2.4.2:
	    resolution: {integrity: sha512-GGGG}

	  undici-types@7.8.0:
	    resolution: {integrity: sha512-CCCC}

	  vite@7.0.0:
	    resolution: {integrity: sha512-DDDD}
	    peerDependencies:
	      '@types/node': '*'
	      jiti: '*'

	  vitest@3.2.4:
	    resolution: {integrity: sha512-EEEE}

	snapshots:

	  '@types/node@24.0.7':
	    dependencies:
	      undici-types: 7.8.0

	  '@vitejs/plugin-react@4.6.0(vite@7.0.0(@types/node@24.0.7)(jiti@2.4.2))':
	    dependencies:
	      vite: 7.0.0(@types/node@24.0.7)(jiti@2.4.2)

	  esbuild@0.25.0: {}

	  jiti@2.4.2: {}

	  undici-types@7.8.0: {}

	  vite@7.0.0(@types/node@24.0.7)(jiti@2.4.2):
	    dependencies:
	      esbuild: 0.25.0
	    optionalDependencies:
	      '@types/node': 24.0.7
	      jiti: 2.4.2

	  vitest@3.2.4(@types/node@24.0.7)(jiti@2.4.2):
	    dependencies:
	      vite: 7.0.0(@types/node@24.0.7)(jiti@2.4.2)
	      '@types/node': 24.0.7
	Y
}

export -f pnpm_v9

test_case 'pnpm 9: scoped, nested and several peers are no packages of their own' '
	mkdir p && pnpm_v9 >p/pnpm-lock.yaml &&
	expect_purls p <<-X &&
	pkg:npm/%40types/node@24.0.7
	pkg:npm/%40vitejs/plugin-react@4.6.0
	pkg:npm/esbuild@0.25.0
	pkg:npm/jiti@2.4.2
	pkg:npm/undici-types@7.8.0
	pkg:npm/vite@7.0.0
	pkg:npm/vitest@3.2.4
	X
	vouch sbom p >a.json &&
	[ "$(deps_of pkg:npm/vite@7.0.0 a.json)" = "pkg:npm/%40types/node@24.0.7 pkg:npm/esbuild@0.25.0 pkg:npm/jiti@2.4.2" ] &&
	[ "$(scope_of pkg:npm/esbuild@0.25.0 a.json)" = "required -" ] &&
	[ "$(scope_of pkg:npm/undici-types@7.8.0 a.json)" = "required -" ] &&
	[ "$(scope_of pkg:npm/vitest@3.2.4 a.json)" = "excluded dev" ]
'

test_case 'pnpm 9: a peer variant reached only from dev keeps its own deps dev' '
	# production uses vite without peers; only the dev variant pulls @types/node in
	mkdir q && pnpm_v9 | sed "/^importers:/,/^packages:/s/version: 4.6.0(vite@7.0.0(@types\/node@24.0.7)(jiti@2.4.2))/version: 4.6.0(vite@7.0.0)/" >q/pnpm-lock.yaml &&
	cat >>q/pnpm-lock.yaml <<-Y &&

	  vite@7.0.0:
	    dependencies:
	      esbuild: 0.25.0

	  '"'"'@vitejs/plugin-react@4.6.0(vite@7.0.0)'"'"':
	    dependencies:
	      vite: 7.0.0
	Y
	vouch sbom q >a.json &&
	[ "$(scope_of pkg:npm/esbuild@0.25.0 a.json)" = "required -" ] &&
	[ "$(scope_of pkg:npm/vite@7.0.0 a.json)" = "required -" ] &&
	[ "$(scope_of pkg:npm/undici-types@7.8.0 a.json)" = "excluded dev" ] &&
	[ "$(scope_of pkg:npm/jiti@2.4.2 a.json)" = "excluded dev" ] &&
	[ "$(scope_of pkg:npm/%40types/node@24.0.7 a.json)" = "excluded dev" ]
'

# recode FILE ENC: rewrites FILE as Python writes ENC (utf-8-sig, utf-16 with a LE BOM,
# utf-16-be with a BOM added, utf-32)
recode() {
	python3 -c 'import sys
s=open(sys.argv[1],newline="").read()
b=s.encode(sys.argv[2])
if sys.argv[2].endswith("-be"): b=b"\xfe\xff"+b
open(sys.argv[1],"wb").write(b)' "$1" "$2"
}
export -f recode

text_tree() {
	mkdir -p "$1/py" "$1/yarn" "$1/gem" "$1/go" "$1/npm" "$1/cargo" &&
	printf 'requests==2.31.0 \\\r\n    --hash=sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f\r\nurllib3==2.0.7\r\n' >"$1/py/requirements.txt" &&
	printf '# yarn lockfile v1\n\n\n"left-pad@^1.3.0":\n  version "1.3.0"\n  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz"\n' >"$1/yarn/yarn.lock" &&
	printf 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rake (13.0.6)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rake\n' >"$1/gem/Gemfile.lock" &&
	printf 'module example.com/m\n\ngo 1.21\n\nrequire golang.org/x/text v0.14.0\n' >"$1/go/go.mod" &&
	printf '{"name":"x","version":"1.0.0","lockfileVersion":3,"packages":{"":{"name":"x","dependencies":{"ms":"2.1.3"}},"node_modules/ms":{"version":"2.1.3"}}}\n' >"$1/npm/package-lock.json" &&
	printf 'version = 3\n\n[[package]]\nname = "libc"\nversion = "0.2.150"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n' >"$1/cargo/Cargo.lock"
}
export -f text_tree

test_case 'text lockfiles with a BOM or in UTF-16/32 read as their UTF-8 form (as pip does)' '
	text_tree plain && expect_purls plain <<-X &&
	pkg:cargo/libc@0.2.150
	pkg:gem/rake@13.0.6
	pkg:golang/example.com/m
	pkg:golang/golang.org/x/text@v0.14.0
	pkg:golang/stdlib@1.21
	pkg:npm/left-pad@1.3.0
	pkg:npm/ms@2.1.3
	pkg:npm/x@1.0.0
	pkg:pypi/requests@2.31.0
	pkg:pypi/urllib3@2.0.7
	X
	cp expect.want want &&
	for enc in utf-8-sig utf-16 utf-16-be utf-32; do
		rm -rf $enc && cp -r plain $enc &&
		for f in $enc/*/*; do recode "$f" $enc || exit 1; done &&
		vouch sbom $enc >$enc.json 2>$enc.err && purls $enc.json | cmp_output want - &&
		! grep -v "^vouch: note: " $enc.err || { echo "in $enc"; exit 1; }
	done
'

test_case 'invalid UTF-16 is an error naming the file; the other files are read' '
	text_tree t && recode t/py/requirements.txt utf-16 &&
	printf "\x00\xd8\n\x00" >>t/py/requirements.txt &&
	expect_code 3 vouch sbom t >a.json 2>err &&
	grep -q "requirements.txt: invalid UTF-16 at byte [0-9]*: not a character: not read" err &&
	purls a.json >got && grep -qx pkg:golang/golang.org/x/text@v0.14.0 got
'

test_case '.deps.json: runtimepack.X is the NuGet package X' '
	mkdir d && cat >d/App.deps.json <<-J &&
	{
	  "runtimeTarget": {"name": ".NETCoreApp,Version=v8.0/linux-x64", "signature": ""},
	  "compilationOptions": {},
	  "targets": {
	    ".NETCoreApp,Version=v8.0": {},
	    ".NETCoreApp,Version=v8.0/linux-x64": {
	      "App/1.0.0": {
	        "dependencies": {"Serilog": "3.1.1"},
	        "runtime": {"App.dll": {}}
	      },
	      "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/8.0.0": {
	        "runtime": {"System.Private.CoreLib.dll": {"assemblyVersion": "8.0.0.0", "fileVersion": "8.0.23.53103"}}
	      },
	      "Serilog/3.1.1": {"runtime": {"lib/net7.0/Serilog.dll": {}}}
	    }
	  },
	  "libraries": {
	    "App/1.0.0": {"type": "project", "serviceable": false, "sha512": ""},
	    "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/8.0.0": {"type": "runtimepack", "serviceable": false, "sha512": ""},
	    "Serilog/3.1.1": {"type": "package", "serviceable": true, "sha512": "sha512-FbBHZQ3GzSUpXgTh3NbN0WmSjNlO+F6jGZl/xt6vj6uIcmL2YZP8PpDNKq/HvEL0JwrUnbj4O2/0H2Z6k5JmEQ==", "path": "serilog/3.1.1", "hashPath": "serilog.3.1.1.nupkg.sha512"}
	  }
	}
	J
	vouch sbom d >a.json && purls a.json >got &&
	grep -qx "pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@8.0.0" got &&
	! grep -q runtimepack got &&
	grep -qx "pkg:nuget/Serilog@3.1.1" got
'

test_case 'gradle.lockfile: blanks after the commas between configurations' '
	mkdir g && cat >g/gradle.lockfile <<-L &&
	# This is a Gradle generated file for dependency locking.
	# Manual edits can break the build and are not advised.
	# This file is expected to be part of source control.
	com.google.guava:guava:32.1.2-jre=compileClasspath, runtimeClasspath
	junit:junit:4.13.2=testCompileClasspath,  testRuntimeClasspath
	empty=annotationProcessor
	L
	vouch sbom g >a.json &&
	purls --flags a.json >got &&
	grep -qx "pkg:maven/com.google.guava/guava@32.1.2-jre required -" got &&
	grep -qx "pkg:maven/junit/junit@4.13.2 excluded dev" got &&
	grep -q "\"compileClasspath,runtimeClasspath\"" a.json
'

test_case 'bun.lock: workspace members keep their declared version' '
	mkdir b && cat >b/bun.lock <<-J &&
	{
	  "lockfileVersion": 1,
	  "workspaces": {
	    "": {
	      "name": "monorepo",
	      "dependencies": {
	        "@acme/core": "workspace:*",
	      },
	    },
	    "packages/core": {
	      "name": "@acme/core",
	      "version": "2.3.1",
	      "dependencies": {
	        "ms": "^2.1.3",
	      },
	    },
	    "packages/tools": {
	      "name": "tools",
	    },
	  },
	  "packages": {
	    "@acme/core": ["@acme/core@workspace:packages/core"],
	    "ms": ["ms@2.1.3", "", {}, "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA=="],
	    "tools": ["tools@workspace:packages/tools"],
	  }
	}
	J
	vouch sbom b >a.json && purls --flags a.json >got &&
	grep -qx "pkg:npm/%40acme/core@2.3.1 required direct,local" got &&
	grep -qx "pkg:npm/tools required local" got &&
	grep -qx "pkg:npm/ms@2.1.3 required direct" got
'

test_case 'npm: node_modules beside package-lock.json keeps its dev and optional flags' '
	mkdir n && cd n && cat >package-lock.json <<-J &&
	{
	  "name": "app",
	  "version": "1.0.0",
	  "lockfileVersion": 3,
	  "requires": true,
	  "packages": {
	    "": {"name": "app", "version": "1.0.0", "dependencies": {"ms": "^2.1.3"}, "devDependencies": {"tap": "^1.0.0"}, "optionalDependencies": {"fsevents": "^2.3.3"}},
	    "node_modules/fsevents": {"version": "2.3.3", "resolved": "https://registry.npmjs.org/fsevents/-/fsevents-2.3.3.tgz", "integrity": "sha512-5xoDfX+fL7faATnagmWPpbFtwh/R77WmMMqqHGS65C3vvB0YHrgF+B1YmZ3441tMj5n63k0212XNoJwzlhffQw==", "optional": true, "os": ["darwin"]},
	    "node_modules/ms": {"version": "2.1.3", "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz", "integrity": "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA=="},
	    "node_modules/tap": {"version": "1.0.0", "resolved": "https://registry.npmjs.org/tap/-/tap-1.0.0.tgz", "dev": true}
	  }
	}
	J
	for m in ms@2.1.3 fsevents@2.3.3 tap@1.0.0; do
		mkdir -p node_modules/${m%@*} &&
		echo "{\"name\":\"${m%@*}\",\"version\":\"${m#*@}\",\"license\":\"MIT\"}" >node_modules/${m%@*}/package.json || exit 1
	done &&
	vouch sbom . >../a.json && cd .. && purls --flags a.json >got &&
	grep -qx "pkg:npm/fsevents@2.3.3 optional direct,optional" got &&
	grep -qx "pkg:npm/tap@1.0.0 excluded dev,direct" got &&
	grep -qx "pkg:npm/ms@2.1.3 required direct" got &&
	grep -q "\"MIT\"" a.json
'

test_case 'npm: package.json files of test fixtures inside packages are not installed packages' '
	mkdir -p m/node_modules/tap/test/fixtures/node_modules/evil m/node_modules/tap/test/fixtures/y \
		m/node_modules/tap/node_modules/@s/inner m/node_modules/.pnpm/ms@2.1.3/node_modules/ms \
		m/node_modules/.pnpm/node_modules/@s/hoisted m/node_modules/.bin/x &&
	echo "{\"name\":\"tap\",\"version\":\"1.0.0\"}" >m/node_modules/tap/package.json &&
	echo "{\"name\":\"evil\",\"version\":\"6.6.6\"}" >m/node_modules/tap/test/fixtures/node_modules/evil/package.json &&
	echo "{\"name\":\"fixture-y\",\"version\":\"0.0.1\"}" >m/node_modules/tap/test/fixtures/y/package.json &&
	echo "{\"name\":\"@s/inner\",\"version\":\"2.0.0\"}" >m/node_modules/tap/node_modules/@s/inner/package.json &&
	echo "{\"name\":\"ms\",\"version\":\"2.1.3\"}" >m/node_modules/.pnpm/ms@2.1.3/node_modules/ms/package.json &&
	echo "{\"name\":\"@s/hoisted\",\"version\":\"3.0.0\"}" >m/node_modules/.pnpm/node_modules/@s/hoisted/package.json &&
	echo "{\"name\":\"binx\",\"version\":\"1.0.0\"}" >m/node_modules/.bin/x/package.json &&
	expect_purls m <<-X
	pkg:npm/%40s/hoisted@3.0.0
	pkg:npm/%40s/inner@2.0.0
	pkg:npm/ms@2.1.3
	pkg:npm/tap@1.0.0
	X
'

test_case 'PyPI: an installed distribution beside a lockfile keeps its dev flag' '
	mkdir -p py/.venv/lib/python3.11/site-packages/pytest-8.0.0.dist-info &&
	printf "[[package]]\nname = \"pytest\"\nversion = \"8.0.0\"\ndescription = \"\"\noptional = false\npython-versions = \">=3.8\"\ncategory = \"dev\"\nfiles = []\n\n[metadata]\nlock-version = \"1.1\"\npython-versions = \"^3.11\"\ncontent-hash = \"x\"\n" >py/poetry.lock &&
	printf "Metadata-Version: 2.1\nName: pytest\nVersion: 8.0.0\nLicense: MIT\n" >py/.venv/lib/python3.11/site-packages/pytest-8.0.0.dist-info/METADATA &&
	vouch sbom py >a.json && purls --flags a.json >got &&
	grep -qx "pkg:pypi/pytest@8.0.0 excluded dev" got
'

test_done
