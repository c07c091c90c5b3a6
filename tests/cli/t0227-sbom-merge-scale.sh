#!/usr/bin/env bash
# vouch sbom merging one package found very many times: every merge and dedup is near-linear.
# A yarn.lock of 200,000 entries resolving to one version, each entry with its own location
# and hash, once took minutes (a scan of the locations and hashes per merge); it must now take
# seconds, so `timeout 60` is generous on a loaded machine.
. "$(dirname "$0")/lib.sh"

test_case '200,000 yarn.lock entries of one package: one component, every location, in time' '
	python3 -c "
import sys
with open(\"yarn.lock\", \"w\") as f:
    f.write(\"# yarn lockfile v1\n\n\n\")
    for i in range(200000):
        f.write(\"left-pad@^1.%d.0:\n  version \\\"1.3.0\\\"\n  integrity sha512-%06d%s==\n\n\" % (i, i, \"A\" * 80))
" &&
	expect_code 0 timeout 60 "$VOUCH_BIN" sbom yarn.lock >bom.json 2>err &&
	python3 -c "
import json
c = json.load(open(\"bom.json\"))[\"components\"]
assert len(c) == 1 and c[0][\"purl\"] == \"pkg:npm/left-pad@1.3.0\", c[:1]
occ = c[0][\"evidence\"][\"occurrences\"]
lines = sorted(o[\"line\"] for o in occ)
assert lines == list(range(4, 4 + 4 * 200000, 4)), (len(lines), lines[:3])
assert len(c[0][\"hashes\"]) == 200000, len(c[0][\"hashes\"])
"
'

test_done
