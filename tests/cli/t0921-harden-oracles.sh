#!/usr/bin/env bash
# vouch harden against Debian's checksec and hardening-check on this machine's own
# programs and libraries: a fixed-size sample of the ELF files of /usr/bin and /usr/lib
# (every k-th by path, under 2 MiB, each file once whatever its links, so the same machine always gives the same sample).
# Every property both tools report must agree, or disagree for a reason that
# tests/lib/harden_oracle.py confirms on the file with readelf (docs/cmd/harden.md).
# The whole set is bench/harden/oracle.
. "$(dirname "$0")/lib.sh"

need_cmd python3 readelf checksec hardening-check objdump
export PY=python3 ORACLE="$VOUCH_TOP/tests/lib/harden_oracle.py"
export SAMPLE=${VOUCH_HARDEN_SAMPLE:-30}

test_case "a sample of /usr/bin and /usr/lib: checksec and hardening-check agree" '
	vouch harden --format json /usr/bin /usr/lib >all.json 2>err || [ $? = 3 ] &&
	$PY - <<PY &&
import json, os
d = json.load(open("all.json"))
seen = set()
elf = []
for f in d["files"]:
    if f["format"] != "elf" or f["type"] not in ("exe", "pie", "dyn") or \
            os.path.islink(f["path"]) or os.path.getsize(f["path"]) >= 2 << 20:
        continue
    st = os.stat(f["path"])
    if (st.st_dev, st.st_ino) not in seen:
        seen.add((st.st_dev, st.st_ino))
        elf.append(f)
k = max(1, len(elf) // $SAMPLE)
json.dump({"files": elf[::k][:$SAMPLE]}, open("sample.json", "w"))
PY
	{ $PY "$ORACLE" sample.json >oracle.txt || { cat oracle.txt; false; }; } &&
	cat oracle.txt && grep -q "^$SAMPLE files, [0-9]* comparisons" oracle.txt
'

test_done
