#!/usr/bin/env bash
# The inventory's byte budget (vouch sbom --inventory-budget; 128 MiB by default): past it the
# file being read and every later one are named as partial (exit 3), what was recorded stays in
# the document; and every extractor copes with being refused mid-file (budget of 1 byte over
# each kind of the corpus: exit 0 or 3, never a crash).
. "$(dirname "$0")/lib.sh"
need_cmd python3

# N requirements with their versions, and a Cargo.lock of three crates
make_inputs() {
	mkdir -p a b &&
	python3 -c "
import sys
with open('a/requirements.txt', 'w') as f:
    for i in range(int(sys.argv[1])):
        f.write('package-%05d==1.%d.0\n' % (i, i % 7))
" "$1" &&
	for c in one two three; do
		printf '[[package]]\nname = "%s"\nversion = "0.1.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n\n' "$c"
	done >b/Cargo.lock
}
export -f make_inputs

# purls in a CycloneDX document
purls() { python3 -c "
import json, sys
print(len([c for c in json.load(open(sys.argv[1])).get('components', []) if c.get('purl', '').startswith(sys.argv[2])]))
" "$@"; }
export -f purls

test_case 'within the budget: every package, exit 0' '
	make_inputs 5000 &&
	vouch sbom a/requirements.txt b/Cargo.lock >bom.json &&
	[ "$(purls bom.json pkg:pypi/)" = 5000 ] && [ "$(purls bom.json pkg:cargo/)" = 3 ]
'

test_case 'past it: the file and the later one named, exit 3, what was read kept' '
	make_inputs 5000 &&
	expect_code 3 vouch sbom --inventory-budget 300000 a/requirements.txt b/Cargo.lock >bom.json 2>err &&
	grep -q "^vouch: a/requirements.txt: the inventory holds its limit of 300000 bytes" err &&
	grep -q "^vouch: b/Cargo.lock: the inventory holds its limit" err &&
	n=$(purls bom.json pkg:pypi/) && [ "$n" -gt 100 ] && [ "$n" -lt 5000 ] &&
	[ "$(purls bom.json pkg:cargo/)" = 0 ] &&
	grep -q "\"pkg:pypi/package-00000@1.0.0\"" bom.json
'

test_case 'a budget above the default (and most) is a usage error' '
	make_inputs 10 &&
	vouch sbom --inventory-budget 134217728 a/requirements.txt >bom.json &&
	[ "$(purls bom.json pkg:pypi/)" = 10 ] &&
	expect_code 2 vouch sbom --inventory-budget 134217729 a/requirements.txt >/dev/null 2>err &&
	grep -q "inventory-budget" err
'

# corpus folder -> the kind that reads it
kinds='cpp-conanlock conan-lock
dart-pubspec pub-lock
dotnet-depsjson dotnet-deps-json
dotnet-packagesconfig nuget-packages-config
dotnet-packageslockjson nuget-packages-lock
elixir-mixlock mix-lock
erlang-mixlock mix-lock
golang-gomod go-mod
golang-vendormodules go-vendor-modules
java-gradlelockfile gradle-lockfile
java-gradleverificationmetadataxml gradle-verification-metadata
java-pomxml maven-pom
javascript-bunlock npm-bun-lock
javascript-packagejson npm-package-json
javascript-packagelockjson npm-package-lock
javascript-pnpmlock npm-pnpm-lock
javascript-yarnlock npm-yarn-lock
os-apk apk-installed
os-dpkg dpkg-status
php-composerlock composer-lock
python-pdmlock pypi-pdm-lock
python-pipfilelock pypi-pipfile-lock
python-poetrylock pypi-poetry-lock
python-pylock pypi-pylock
python-requirements pypi-requirements
python-uvlock pypi-uv-lock
python-wheelegg pypi-installed
r-renvlock renv-lock
ruby-gemfilelock gem-gemfile-lock
rust-cargolock cargo-lock
sbom-cdx cyclonedx
sbom-spdx spdx
swift-packageresolved swift-package-resolved
swift-podfilelock cocoapods-podfile-lock'
export kinds

# One run per kind, its largest file first: that one is refused after its first package,
# the others at their first.
corpus_case 'every kind refused mid-file and from the start: exit 0 or 3, never a crash' '
	kinds_run=0 refused=0
	while read -r dir kind; do
		[ -d "$CORPUS/lockfiles/$dir" ] || continue
		mapfile -t fs < <(find "$CORPUS/lockfiles/$dir" -type f -printf "%s %p\n" | sort -rn | cut -d" " -f2-)
		kinds_run=$((kinds_run + 1))
		rc=0
		timeout 120 "$VOUCH_BIN" sbom --type "$kind" --inventory-budget 1 "${fs[@]}" >out.json 2>err || rc=$?
		if [ "$rc" != 0 ] && [ "$rc" != 3 ]; then
			echo "$kind: exit $rc"; tail -5 err; exit 1
		fi
		python3 -c "import json, sys; json.load(open(sys.argv[1]))" out.json
		n=$(grep -c "the inventory holds its limit of 1 bytes" err || true)
		refused=$((refused + n))
	done <<<"$kinds"
	echo "$kinds_run kinds, $refused files refused"
	[ "$kinds_run" -gt 30 ] && [ "$refused" -gt 100 ]
'

test_done
