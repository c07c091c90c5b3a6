#!/usr/bin/env bash
# vouch env snapshot / diff: the record of the build environment, checked
# against dpkg-query, sha256sum and the tools themselves.
. "$(dirname "$0")/lib.sh"
need_cmd /usr/bin/python3 sha256sum

cat >status <<'EOF2'
Package: alpha
Status: install ok installed
Priority: optional
Architecture: amd64
Version: 1:2.0-1
Description: a package
 with a continuation line
 Version: 9.9 (not a field)

Package: beta
Status: deinstall ok config-files
Architecture: all
Version: 0.1

Package: gamma
Status: install ok installed
Architecture: all
Version: 3.0
EOF2

test_case 'snapshot: deterministic bytes, SOURCE_DATE_EPOCH, schema' '
	SOURCE_DATE_EPOCH=86400 vouch env snapshot --no-tools --dpkg-status status >a &&
	SOURCE_DATE_EPOCH=86400 vouch env snapshot --no-tools --dpkg-status status >b &&
	cmp_output a b &&
	/usr/bin/python3 -c "
import json; d = json.load(open(\"a\"))
assert d[\"schema\"] == \"vouch-env/1\" and d[\"collected\"] == \"1970-01-02T00:00:00Z\", d
assert d[\"packages\"] == {\"alpha:amd64\": \"1:2.0-1\", \"gamma:all\": \"3.0\"}, d[\"packages\"]
assert d[\"tools\"] == {}
assert list(d) == sorted(d)
"
'

test_case 'packages: the real dpkg database, as dpkg-query sees it' '
	if ! command -v dpkg-query >/dev/null || [ ! -f /var/lib/dpkg/status ]; then exit 0; fi
	vouch env snapshot --no-tools >s &&
	dpkg-query -W -f="\${db:Status-Abbrev}|\${Package}:\${Architecture}|\${Version}\n" |
		awk -F"|" "\$1 == \"ii \" { print \$2 \" \" \$3 }" | sort >want &&
	/usr/bin/python3 -c "
import json
for k, v in sorted(json.load(open(\"s\"))[\"packages\"].items()): print(k, v)" | sort >got &&
	cmp_output want got && test $(wc -l <got) -gt 10
'

test_case 'env: the allow-list and --include-env only, never secrets' '
	CC=clang MY_VAR=yes AWS_SECRET_ACCESS_KEY=hunter2 GITHUB_TOKEN=ghp_x \
		vouch env snapshot --no-tools --dpkg-status status --include-env MY_VAR >s &&
	! grep -q hunter2 s && ! grep -q ghp_x s &&
	/usr/bin/python3 -c "
import json; e = json.load(open(\"s\"))[\"env\"]
assert e[\"CC\"] == \"clang\" and e[\"MY_VAR\"] == \"yes\", e
assert \"AWS_SECRET_ACCESS_KEY\" not in e and \"HOME\" not in e, e
"
'

test_case 'files: CI configuration and build scripts hashed, --hash adds more' '
	mkdir -p proj/.github/workflows proj/.ci/sub && cd proj &&
	echo all: >Makefile && echo x >rules.mk && echo "on: push" >.github/workflows/ci.yml &&
	echo run >.ci/sub/step && echo "#!/bin/sh" >build.sh && echo other >other.txt &&
	vouch env snapshot --no-tools --dpkg-status ../status --hash other.txt >../s && cd .. &&
	/usr/bin/python3 -c "
import json; print(\"\n\".join(\"%s  %s\" % (v, k) for k, v in sorted(json.load(open(\"s\"))[\"files\"].items())))" >got &&
	(cd proj && sha256sum .ci/sub/step .github/workflows/ci.yml Makefile build.sh other.txt rules.mk) >want &&
	cmp_output want got
'

test_case 'tools: versions as the tools print them; nothing from the project is run' '
	need() { command -v "$1" >/dev/null; }
	need gcc && need make || exit 0
	mkdir -p tools proj/bin && ln -s "$(command -v gcc)" tools/gcc && ln -s "$(command -v make)" tools/make &&
	printf "#!/bin/sh\ntouch $TEST_DIR/ran\necho evil 1.0\n" >proj/bin/gcc && chmod +x proj/bin/gcc &&
	cp proj/bin/gcc proj/bin/make &&
	cd proj && PATH="$TEST_DIR/proj/bin:bin:.:$TEST_DIR/tools" "$VOUCH_BIN" env snapshot --dpkg-status ../status >../s && cd .. &&
	test ! -e ran &&
	/usr/bin/python3 -c "
import json, subprocess; t = json.load(open(\"s\"))[\"tools\"]
assert sorted(t) == [\"gcc\", \"make\"], t
for n in t:
    want = subprocess.run([n, \"--version\"], capture_output=True, text=True).stdout.splitlines()[0]
    assert t[n][\"version\"] == want, (t[n], want)
    assert t[n][\"path\"] == \"$TEST_DIR/tools/\" + n, t[n]
"
'

test_case 'diff: every change listed per section, exit 1; none, exit 0' '
	mkdir -p d && cd d && echo v1 >Makefile &&
	CC=gcc vouch env snapshot --no-tools --dpkg-status ../status -o ../base.json &&
	CC=gcc vouch env diff ../base.json --no-tools --dpkg-status ../status >out 2>err &&
	test ! -s out && grep -q "0 changes" err &&
	sed "s/^Version: 3.0/Version: 3.1/; /^Package: alpha/,/^$/d" ../status >../status2 &&
	echo v2 >Makefile && echo step >build.sh &&
	CXX=g++ expect_code 1 vouch env diff ../base.json --no-tools --dpkg-status ../status2 >out &&
	old=$(printf "v1\n" | sha256sum | cut -c1-64) && new=$(sha256sum Makefile | cut -c1-64) &&
	printf "%s\n" "removed packages alpha:amd64: 1:2.0-1" "changed packages gamma:all: 3.0 -> 3.1" \
		"removed env CC: gcc" "added env CXX: g++" "added files build.sh: $(sha256sum build.sh | cut -c1-64)" \
		"changed files Makefile: $old -> $new" | sort >want && sort out >got && cmp_output want got
'

test_case 'diff --format json and two snapshot files' '
	CC=a vouch env snapshot --no-tools --dpkg-status status -o s1 &&
	CC=b vouch env snapshot --no-tools --dpkg-status status -o s2 &&
	expect_code 1 vouch env diff s1 s2 --format json >out &&
	/usr/bin/python3 -c "
import json; d = json.load(open(\"out\"))
assert d[\"baseline\"] == \"s1\" and d[\"current\"] == \"s2\"
assert d[\"changes\"] == [{\"section\": \"env\", \"key\": \"CC\", \"change\": \"changed\", \"old\": \"a\", \"new\": \"b\"}], d
"
'

test_case 'diff --log appends the snapshot and the diff to the log' '
	CC=a vouch env snapshot --no-tools --dpkg-status status -o s1 &&
	CC=b SOURCE_DATE_EPOCH=5 expect_code 1 vouch env diff s1 --no-tools --dpkg-status status --log L >/dev/null 2>err &&
	grep -q "snapshot is entry 0, the diff entry 1" err &&
	CC=b SOURCE_DATE_EPOCH=5 vouch env snapshot --no-tools --dpkg-status status >now &&
	vouch log get --log L --index 0 >e0 && cmp_output now e0 &&
	vouch log get --log L --index 1 | grep -q "\"change\": \"changed\"" &&
	vouch log verify --log L >/dev/null
'

test_case 'a bad baseline is named; operands are checked' '
	echo "{}" >bad.json && ! vouch env diff bad.json s1 2>err && grep -q "bad.json" err &&
	expect_code 2 vouch env diff 2>/dev/null &&
	expect_code 2 vouch env snapshot extra 2>/dev/null &&
	expect_code 2 vouch env snapshot --no-tools --dpkg-status status --hash missing >out 2>err &&
	grep -q "missing. does not exist" err && ! test -s out &&
	mkdir -p folder &&
	expect_code 3 vouch env snapshot --no-tools --dpkg-status status --hash folder >/dev/null 2>err &&
	grep -q folder err
'
test_done
