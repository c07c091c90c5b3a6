#!/usr/bin/env bash
# vouch secrets: baselines (round trip, stable when lines move or the tree is scanned from
# elsewhere), exit codes (0 clean, 1 findings, 3 partial), big files streamed in bounded memory.
. "$(dirname "$0")/lib.sh"

need_cmd python3
GEN="$VOUCH_TOP/tests/cli/helpers/secret_tokens.py"
export GEN

test_case 'baseline round trip: accepted findings exit 0, a new one exits 1 alone' '
	rm -rf p q t && python3 "$GEN" planted p >manifest &&
	expect_code 0 vouch secrets --write-baseline base.txt p >out &&
	grep -q "accepted by the baseline" out &&
	[ $(grep -vc "^#" base.txt) -eq $(wc -l <manifest) ] &&
	expect_code 0 vouch secrets --baseline base.txt p >out2 &&
	grep -q "^0 secrets found" out2 &&
	python3 "$GEN" planted q >m2 && cp q/.npmrc p/new.npmrc &&
	expect_code 1 vouch secrets --baseline base.txt --format json p >out.json &&
	python3 -c "
import json; o = json.load(open(\"out.json\"))
assert [f[\"path\"] for f in o[\"findings\"]] == [\"p/new.npmrc\"], o[\"findings\"]
assert o[\"baselined\"] == $(wc -l <manifest), o[\"baselined\"]"
'

test_case 'fingerprints hold when lines move and when the tree is scanned from elsewhere' '
	rm -rf p q t && python3 "$GEN" planted p >manifest &&
	expect_code 0 vouch secrets --write-baseline base.txt p >/dev/null &&
	{ printf "\n\n# moved\n"; cat p/deploy.sh; } >p/tmp && mv p/tmp p/deploy.sh &&
	mkdir -p elsewhere && cd elsewhere &&
	expect_code 0 vouch secrets --baseline ../base.txt ../p >out && cd .. &&
	grep -q "^0 secrets found" elsewhere/out
'

test_case 'the same secret at another path is another finding' '
	rm -rf p q t && python3 "$GEN" planted p >manifest &&
	expect_code 0 vouch secrets --write-baseline base.txt p >/dev/null &&
	cp p/deploy.sh p/copy.sh &&
	expect_code 1 vouch secrets --baseline base.txt p >out && grep -q "^p/copy.sh:2:" out
'

test_case 'a bad baseline line stops the run, naming file and line' '
	printf "# ok\nnot-a-fingerprint\n" >bad.txt && mkdir -p e &&
	expect_code 4 vouch secrets --baseline bad.txt e 2>err && grep -q "bad.txt:2:" err
'

test_case 'usage errors: missing path, same file for baseline and output' '
	expect_code 2 vouch secrets no-such-dir 2>err && grep -q "no-such-dir" err &&
	mkdir -p e && expect_code 2 vouch secrets --write-baseline x --output x e 2>/dev/null
'

test_case 'a folder too deep to read is named, the rest reported: exit 3' '
	rm -rf p q t && python3 "$GEN" planted p >manifest &&
	d=p/deep; for i in $(seq 1 260); do d=$d/d; done && mkdir -p "$d" && echo x >"$d/f" &&
	expect_code 3 vouch secrets --format json p >out.json 2>err &&
	grep -q "p/deep" err &&
	python3 -c "
import json; o = json.load(open(\"out.json\"))
assert len(o[\"findings\"]) == $(wc -l <manifest) and len(o[\"not_read\"]) == 1, o[\"not_read\"]"
'

test_case 'a 96 MiB file is streamed: memory stays small, the token at its end is found' '
	rm -rf p q t && python3 "$GEN" planted p >manifest &&
	python3 -c "
import sys
line = b\"a line of ordinary text, nothing secret in it at all\\n\"
with open(\"big.txt\", \"wb\") as f:
    for _ in range(96 * 1024 * 1024 // len(line)): f.write(line)
    f.write(open(\"p/.npmrc\", \"rb\").read())" &&
	if [ -x /usr/bin/time ]; then
		expect_code 1 /usr/bin/time -f "%M" -o rss "$VOUCH_BIN" secrets big.txt >out &&
		# a sanitizer build keeps freed memory in quarantine: only the plain build is measured
		{ grep -q __asan_init "$VOUCH_BIN" || [ "$(tail -n 1 rss)" -lt 40000 ]; }
	else
		expect_code 1 vouch secrets big.txt >out
	fi &&
	lines=$(wc -l <big.txt) && grep -q "^big.txt:$lines:" out
'

test_case 'the report goes to --output; file names are escaped in the table' '
	rm -rf p q t && python3 "$GEN" planted p >manifest && mkdir -p t &&
	cp p/.npmrc "t/$(printf "a\033[31mb")" &&
	expect_code 1 vouch secrets --output rep.txt t >out && [ ! -s out ] &&
	grep -q "a\\\\x1b\[31mb:1:" rep.txt
'
test_case 'standard input is scanned as "-"' '
	rm -rf p && python3 "$GEN" planted p >manifest &&
	expect_code 1 vouch secrets - <p/deploy.sh >out && grep -q "^-:2:21  github-pat" out &&
	expect_code 0 vouch secrets - </dev/null >out && grep -q "^0 secrets found in 1 files" out
'
test_done
