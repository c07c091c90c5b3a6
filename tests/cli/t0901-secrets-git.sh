#!/usr/bin/env bash
# vouch secrets --git: a history made here with git; each blob read once, each secret named at
# the commit that brought it in (checked against `git log`), removed secrets still found.
. "$(dirname "$0")/lib.sh"

need_cmd python3 git
GEN="$VOUCH_TOP/tests/cli/helpers/secret_tokens.py"
export GEN
g() { git -c user.email=dev@example.com -c user.name="A Dev" -c commit.gpgsign=false "$@"; }
export -f g

# repo: 3 commits; the token comes in at the second and is deleted at the third
mkrepo() {
	rm -rf r p && python3 "$GEN" planted p >manifest && mkdir r && cd r && g init -q &&
	echo "hello" >README && g add README &&
	GIT_AUTHOR_DATE=2026-01-02T03:04:05Z GIT_COMMITTER_DATE=2026-01-02T03:04:05Z g commit -qm one &&
	mkdir -p src && cp ../p/deploy.sh src/ && echo "more" >>README && g add -A &&
	GIT_AUTHOR_DATE=2026-02-03T04:05:06Z GIT_COMMITTER_DATE=2026-02-03T04:05:06Z g commit -qm two &&
	g rm -q src/deploy.sh && echo "third" >>README && g add -A &&
	GIT_AUTHOR_DATE=2026-03-04T05:06:07Z GIT_COMMITTER_DATE=2026-03-04T05:06:07Z g commit -qm three &&
	cd ..
}
export -f mkrepo

test_case 'a secret deleted from the tree is found in history, with its commit, author and date' '
	mkrepo &&
	vouch secrets r >tree.out && grep -q "0 secrets found" tree.out &&
	expect_code 1 vouch secrets --git --format json r >out.json &&
	intro=$(git -C r log --format=%H --diff-filter=A -- src/deploy.sh) &&
	python3 - "$intro" <<PY
import json, sys
o = json.load(open("out.json"))
assert len(o["findings"]) == 1, o
f = o["findings"][0]
assert f["rule"] == "github-pat" and f["path"] == "r/src/deploy.sh" and f["line"] == 2, f
assert f["commit"] == sys.argv[1], (f["commit"], sys.argv[1])
assert f["author"] == "A Dev <dev@example.com>" and f["date"] == "2026-02-03T04:05:06Z", f
PY
'

test_case 'each blob is read once: files_scanned is the number of distinct blobs' '
	mkrepo &&
	expect_code 1 vouch secrets --git --format json r >out.json &&
	blobs=$(git -C r rev-list --objects --all | cut -d" " -f1 | git -C r cat-file --batch-check="%(objecttype)" | grep -c blob) &&
	python3 -c "
import json,sys; o = json.load(open(\"out.json\"))
assert o[\"files_scanned\"] + o[\"files_binary\"] == $blobs, (o, $blobs)"
'

test_case 'a secret kept across commits and branches is reported once, at its first commit' '
	mkrepo && cd r && g checkout -q -b side HEAD~1 && cp ../p/.npmrc npmrc && g add npmrc &&
	g commit -qm side && echo x >>src/deploy.sh && g commit -qam "edit" && cd .. &&
	expect_code 1 vouch secrets --git --format json r >out.json &&
	python3 -c "
import json; o = json.load(open(\"out.json\"))
rules = sorted(f[\"rule\"] for f in o[\"findings\"])
assert rules == [\"github-pat\", \"npm-token\"], rules"
'

test_case 'the fingerprint of a history finding is the same as the tree finding' '
	mkrepo && cd r && g checkout -q HEAD~1 && cd .. &&
	expect_code 1 vouch secrets --format json r >tree.json &&
	expect_code 1 vouch secrets --git --format json r >git.json &&
	python3 -c "
import json
t = json.load(open(\"tree.json\"))[\"findings\"][0][\"fingerprint\"]
g = json.load(open(\"git.json\"))[\"findings\"][0][\"fingerprint\"]
assert t == g, (t, g)"
'

test_case 'not a repository: exit 4 naming the path' '
	mkdir plain &&
	expect_code 4 vouch secrets --git plain 2>err && grep -q "plain" err
'

test_case 'an empty repository has nothing to report' '
	git init -q empty && vouch secrets --git empty >out && grep -q "0 secrets found in 0 files" out
'
test_done
