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

test_done
