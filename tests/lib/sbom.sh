# sbom.sh: helpers for the vouch sbom end-to-end tests (sourced after lib.sh).
#
#   purls BOM                 the sorted purls of a CycloneDX or SPDX file
#   expect_purls ARGS...      runs `vouch sbom ARGS` (exit 0 expected) and compares its
#                             purls with the list on stdin
#   fixture_tree SRC CANON    copies every file under SRC into ./t, each in a folder of
#                             its own under the canonical name CANON (files already so
#                             named keep their place); prints how many
#   validate SCHEMA FILE...   validates with tests/lib/validate-schema.py
SCHEMAS="$CORPUS/schemas"
export SCHEMAS

purls() { "$VOUCH_TOP/tests/lib/bom-purls.py" "$@"; }

expect_purls() {
	vouch sbom "$@" >expect.bom 2>expect.err || { cat expect.err; return 1; }
	purls expect.bom >expect.got
	cat >expect.want
	cmp_output expect.want expect.got
}

fixture_tree() {
	local src=$1 canon=$2 n=0 f rel dst
	rm -rf t
	while IFS= read -r f; do
		rel=${f#"$src"/}
		case $(basename "$f") in
		package-lock.json | npm-shrinkwrap.json | yarn.lock | pnpm-lock.yaml | bun.lock) dst="t/$rel" ;;
		*) dst="t/$rel/$canon" ;;
		esac
		mkdir -p "$(dirname "$dst")" && cp "$f" "$dst" && chmod u+w "$dst"
		n=$((n + 1))
	done < <(find "$src" -type f | LC_ALL=C sort)
	echo "$n"
}

validate() { /usr/bin/python3 "$VOUCH_TOP/tests/lib/validate-schema.py" "$@"; }

# files-read property of a CycloneDX BOM
files_read() {
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print([p["value"] for p in d["metadata"]["properties"] if p["name"]=="vouch:files-read"][0])' "$1"
}

export -f purls expect_purls fixture_tree validate files_read
