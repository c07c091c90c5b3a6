#!/usr/bin/env bash
# vouch assess 1.2.3 / 1.2.4 from the SBOM diff against the previous release's SBOM
# ([release] previous_sbom): what changed is recorded, changes without review are gaps.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1795737600 # 2026-11-27T00:00:00Z
. "$VOUCH_TOP/tests/lib/assess.sh" # claim FILE ID KEY

# lock DIR NAME@VERSION...: a package-lock.json v3 (integrity from NAME, VERSION and a seed)
lock() {
	local dir=$1 n v s
	shift
	mkdir -p "$dir"
	{
		printf '{"name":"app","version":"1.0.0","lockfileVersion":3,"packages":{"":{"name":"app","version":"1.0.0"}'
		for p in "$@"; do
			IFS=@ read -r n v s <<<"$p"
			printf ',"node_modules/%s":{"version":"%s","integrity":"sha256-%s"}' "$n" "$v" \
				"$(printf "%s" "$n$v${s:-}" | sha256sum | cut -c1-64 | xxd -r -p | base64 -w0)"
		done
		printf '}}\n'
	} >"$dir/package-lock.json"
}
# product DIR PREV-LOCK-ARGS -- CURRENT-LOCK-ARGS: prev.cdx.json from the first, the tree from the second
product() {
	local dir=$1 prev=() cur=()
	shift
	while [ "$1" != "--" ]; do prev+=("$1"); shift; done
	shift
	cur=("$@")
	lock "$dir.prev" "${prev[@]}" && vouch sbom "$dir.prev" >"$dir.prev.json" 2>/dev/null &&
	lock "$dir" "${cur[@]}" && mv "$dir.prev.json" "$dir/prev.cdx.json" &&
	printf '[organisation]\nname = "E"\n[release]\nprevious_sbom = "prev.cdx.json"\n' >"$dir/vouch.toml"
}
run() { vouch assess --no-save --format json "$1" >"$1.json" 2>"$1.err"; }
export -f lock product run
need_cmd xxd sha256sum base64

test_case 'without previous_sbom the collector leaves 1.2.3 and 1.2.4 alone' '
	lock none a@1.0.0 && printf "[organisation]\nname = \"E\"\n" >none/vouch.toml && run none &&
	! claim none.json 1.2.3 argument | grep -q "previous release" &&
	! claim none.json 1.2.4 argument | grep -q "previous release"
'

test_case 'nothing added or updated: both met, the previous SBOM is evidence' '
	product same a@1.0.0 b@2.0.0 -- a@1.0.0 b@2.0.0 && run same &&
	[ "$(claim same.json 1.2.3 status)" = met ] && [ "$(claim same.json 1.2.4 status)" = met ] &&
	claim same.json 1.2.3 evidence | grep -q "prev.cdx.json" &&
	[ "$(claim same.json 1.2.3 basis)" = observed ]
'

test_case 'a new component without review: 1.2.3 not_met naming it, with a gap' '
	product add a@1.0.0 -- a@1.0.0 newdep@3.1.0 && run add &&
	[ "$(claim add.json 1.2.3 status)" = not_met ] &&
	claim add.json 1.2.3 argument | grep -q "1 component(s) are new, 1 of them with no review recorded: newdep 3.1.0" &&
	claim add.json 1.2.3 gap | grep -q "\[release\] reviewed" &&
	[ "$(claim add.json 1.2.4 status)" = met ]
'

test_case 'the new component reviewed (purl in [release] reviewed): 1.2.3 met' '
	cp -r add addr && echo "reviewed = [\"pkg:npm/newdep\"]" >>addr/vouch.toml && run addr &&
	[ "$(claim addr.json 1.2.3 status)" = met ] &&
	claim addr.json 1.2.3 argument | grep -q "1 component(s) are new and each has its review recorded"
'

test_case 'an update without review: 1.2.4 not_met; reviewed at that version, met' '
	product up a@1.0.0 -- a@1.2.0 && run up &&
	[ "$(claim up.json 1.2.4 status)" = not_met ] &&
	claim up.json 1.2.4 argument | grep -q "1 of 1 version change(s) have no review recorded: a 1.2.0" &&
	echo "reviewed = [\"pkg:npm/a@1.2.0\"]" >>up/vouch.toml && run up &&
	[ "$(claim up.json 1.2.4 status)" = met ] &&
	sed -i "s/a@1.2.0/a@1.1.0/" up/vouch.toml && run up && [ "$(claim up.json 1.2.4 status)" = not_met ]
'

test_case 'a hash changed at the same version: 1.2.4 not_met even when reviewed' '
	product hash a@1.0.0 -- a@1.0.0@other && echo "reviewed = [\"pkg:npm/a\"]" >>hash/vouch.toml && run hash &&
	[ "$(claim hash.json 1.2.4 status)" = not_met ] &&
	claim hash.json 1.2.4 argument | grep -q "1 component(s) changed content without changing version (a 1.0.0)"
'

test_case 'an unreadable previous SBOM: unknown, a warning, a partial run (exit 3)' '
	product bad a@1.0.0 -- a@1.0.0 && printf "{ no" >bad/prev.cdx.json &&
	expect_code 3 vouch assess --no-save --format json bad >bad.json 2>bad.err &&
	[ "$(claim bad.json 1.2.3 status)" = unknown ] && grep -q "prev.cdx.json" bad.err
'

test_case 'a declared 1.2.3 still meets the precedence rules: observed not_met is not overridden' '
	cp -r add decl && cat >>decl/vouch.toml <<TOML &&
[[claim]]
id = "1.2.3"
status = "met"
argument = "Every new dependency is reviewed."
owner = "Eng"
reviewed = 2026-11-01
TOML
	run decl && [ "$(claim decl.json 1.2.3 status)" = not_met ]
'

test_done
