# sbom-langs2.sh: helpers for the end-to-end tests of the Java, .NET, Dart,
# Elixir, Swift, CocoaPods, C/C++ and R extractors (t0250-t0279). Sourced after
# lib.sh and sbom.sh.
#
#   corpus_folder FOLDER CANON WANT_FILES BAD...
#       copies every fixture of lockfiles/FOLDER into ./t under the name CANON
#       (fixture_tree), runs `vouch sbom t`, and checks: the number of files
#       read, the exit code (3 when BAD names fixtures, else 0), and that the
#       files named on stderr are exactly t/BAD/CANON for each BAD.
#   named ERR       the paths of the errors on stderr ERR, sorted (notes left out)
#   comp BOM PURL   the component of BOM with this purl, as JSON (python3)

named() { { grep -v "^vouch: note:" "$1" || true; } | sed -n 's/^vouch: \([^:]*\):.*/\1/p' | sort -u; }

corpus_folder() {
	local folder=$1 canon=$2 want=$3 n code=0 b
	shift 3
	n=$(fixture_tree "$CORPUS/lockfiles/$folder" "$canon") || return 1
	[ "$n" = "$want" ] || { echo "$n fixtures in $folder, expected $want" >&2; return 1; }
	[ $# -gt 0 ] && code=3
	expect_code $code vouch sbom t >bom.json 2>err || { cat err >&2; return 1; }
	[ "$(files_read bom.json)" = "$want" ] || { echo "files read: $(files_read bom.json)" >&2; return 1; }
	for b in "$@"; do echo "t/$b/$canon"; done | LC_ALL=C sort >want.named
	named err | LC_ALL=C sort >got.named
	cmp_output want.named got.named
}

comp() {
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
c=[x for x in d["components"]+[d["metadata"].get("component") or {}] if x.get("purl")==sys.argv[2]]
print(json.dumps(c[0], sort_keys=True) if c else "")' "$1" "$2"
}

export -f named corpus_folder comp
