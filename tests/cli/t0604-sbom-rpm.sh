#!/usr/bin/env bash
# vouch sbom on an RPM database: an rpmdb.sqlite created here with Debian's
# rpm (two packages built with rpmbuild, installed --justdb), compared with
# rpm -qa; the BerkeleyDB and NDB stores named as not read.
. "$(dirname "$0")/lib.sh"
need_cmd rpm rpmbuild python3
if [ -z "$skip_all_reason" ]; then
	. "$VOUCH_TOP/tests/lib/sbom.sh"
fi

make_db() {
	local db=$1 spec
	mkdir -p "$db" specs
	rpm --initdb --dbpath "$PWD/$db" --define "_db_backend sqlite"
	for spec in "hello-vouch 1.2 3.el9 2 noarch" "libfoo 0.9~rc1 1.el9 - noarch"; do
		set -- $spec
		{
			echo "Name: $1"; echo "Version: $2"; echo "Release: $3"
			[ "$4" = - ] || echo "Epoch: $4"
			echo "Summary: t"; echo "License: MIT"; echo "BuildArch: $5"
			printf '%%description\nt\n%%files\n'
		} >specs/$1.spec
		rpmbuild --define "_topdir $PWD/top" -bb specs/$1.spec >/dev/null 2>&1
	done
	rpm --dbpath "$PWD/$db" --define "_db_backend sqlite" --nodeps --justdb -i top/RPMS/*/*.rpm 2>/dev/null
}
export -f make_db

test_case 'rpmdb.sqlite: the packages of rpm -qa, purls with epoch, arch, distro' '
	make_db root/var/lib/rpm && mkdir -p root/etc &&
	printf "ID=rocky\nVERSION_ID=\"9.3\"\n" >root/etc/os-release &&
	rpm --dbpath "$PWD/root/var/lib/rpm" --define "_db_backend sqlite" -qa \
		--qf "%{NAME} %{EPOCH} %{VERSION}-%{RELEASE} %{ARCH}\n" |
		python3 -c "
import sys, urllib.parse
for l in sys.stdin:
    n, e, v, a = l.split()
    q = \"arch=\" + a + \"&distro=rocky-9.3\" + (\"\" if e == \"(none)\" else \"&epoch=\" + e)
    print(\"pkg:rpm/rocky/\" + n + \"@\" + urllib.parse.quote(v, safe=\"\") + \"?\" + q)
" | sort >want &&
	[ "$(wc -l <want)" = 2 ] &&
	vouch sbom root >bom.json && purls bom.json >got && cmp_output want got &&
	python3 - <<-"EOF"
	import json
	d = json.load(open("bom.json"))
	c = [x for x in d["components"] if x["name"] == "hello-vouch"][0]
	p = {q["name"]: q["value"] for q in c["properties"]}
	assert p["vouch:source-rpm"] == "hello-vouch-1.2-3.el9.src.rpm", p
	assert p["vouch:license-declared"] == "MIT", p
	EOF
'

test_case 'usr/lib/sysimage/rpm: the same database found there' '
	make_db r2/usr/lib/sysimage/rpm && vouch sbom r2 >bom.json && [ "$(purls bom.json | wc -l)" = 2 ]
'

test_case 'BerkeleyDB Packages and NDB Packages.db: named as not read, exit 3' '
	mkdir -p a/var/lib/rpm b/usr/lib/sysimage/rpm &&
	printf "\0\0\0\0\1\0\0\0\0\0\0\0\x61\x15\x06\0" >a/var/lib/rpm/Packages &&
	printf "RpmP" >b/usr/lib/sysimage/rpm/Packages.db &&
	expect_code 3 vouch sbom a >/dev/null 2>err && grep -q "Packages: .*BerkeleyDB.*not read" err &&
	expect_code 3 vouch sbom b >/dev/null 2>err && grep -q "Packages.db: .*NDB.*not read" err
'

test_case 'a file named rpmdb.sqlite that is not a database: named, exit 3' '
	mkdir -p c/var/lib/rpm && echo nope >c/var/lib/rpm/rpmdb.sqlite &&
	expect_code 3 vouch sbom c >/dev/null 2>err && grep -q "rpmdb.sqlite: not an SQLite" err
'

test_done
