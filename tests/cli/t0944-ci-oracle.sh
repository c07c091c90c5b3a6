#!/usr/bin/env bash
# vouch ci check against an independent reader: PyYAML's composer (python3-yaml) finds
# every unpinned `uses:` and its line in the same files; vouch must agree exactly, on the
# fixtures and on the real workflows of projects installed on this machine (when any).
. "$(dirname "$0")/lib.sh"

export HELPERS="$TEST_SRC/helpers"
if ! /usr/bin/python3 -c "import yaml" 2>/dev/null; then
	skip_all_reason="needs python3-yaml (scripts/bootstrap installs it)"
fi

test_case 'fixtures: unpinned uses and their lines agree with PyYAML' '
	{ vouch ci check --format json "$FIXTURES/ci/github" >f.json 2>/dev/null || true; } &&
	/usr/bin/python3 "$HELPERS/ci-uses-oracle.py" "$FIXTURES/ci/github" f.json
'

trees=$(find /usr/lib /usr/share /opt -path '*/.github/workflows' -type d 2>/dev/null |
	sed 's#/\.github/workflows$##' | sort | head -40)
export trees
if [ -n "$trees" ]; then
	test_case "real workflows of $(echo "$trees" | wc -l) installed projects: agreement, no crash" '
		n=0
		for t in $trees; do
			rc=0; vouch ci check --format json "$t" >r.json 2>r.err || rc=$?
			case $rc in 0|1|3) ;; *) echo "exit $rc on $t" >&2; exit 1 ;; esac
			/usr/bin/python3 "$HELPERS/ci-uses-oracle.py" "$t" r.json
			n=$((n + 1))
		done
		test "$n" -gt 0
	'
else
	test_skip 'real workflows of installed projects' 'no .github/workflows under /usr/lib, /usr/share or /opt'
fi

test_done
