# sbom.sh: helpers for the vouch sbom end-to-end tests (sourced after lib.sh).
#
#   purls BOM                 the sorted purls of a CycloneDX or SPDX file
#   expect_purls ARGS...      runs `vouch sbom ARGS` (exit 0 expected) and compares its
#                             purls with the list on stdin
#   fixture_tree SRC CANON    copies every file under SRC into ./t, each in a folder of
#                             its own under the canonical name CANON (files already so
#                             named keep their place); prints how many
#   validate SCHEMA FILE...   validates with tests/lib/validate-schema.py (schemas in
#                             $SCHEMAS, see need_schemas in tests/cli/lib.sh)
#   tree_of FOLDER NAME       each fixture of $L/FOLDER copied to t/FIXTURE/NAME; prints how many
#   named ERR                 the files named in the error messages of ERR, sorted
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

# tree_of FOLDER NAME: copies each fixture of the corpus folder $L/FOLDER into t/FIXTURE/NAME
# (one folder per fixture, under the name the extractor claims); prints how many.
tree_of() {
	local n=0 f
	rm -rf t
	for f in "$L/$1"/*; do
		[ -f "$f" ] || continue
		mkdir -p "$(dirname "t/$(basename "$f")/$2")" && cp "$f" "t/$(basename "$f")/$2" &&
			n=$((n + 1))
	done
	echo "$n"
}
export -f tree_of

# named ERR: the files named on stderr (vouch: PATH:LINE: ...), sorted.
named() { grep -v "^vouch: note:" "$1" | sed -n 's/^vouch: \([^:]*\):.*/\1/p' | sort -u; }
export -f named
