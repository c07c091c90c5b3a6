#!/usr/bin/env bash
# The acceptance test of issue 5: the SBOM of a root filesystem holding a
# copy of this machine's dpkg database and os-release lists exactly the
# packages dpkg-query reports installed, with full versions and the distro
# qualifier.
. "$(dirname "$0")/lib.sh"
need_cmd dpkg-query python3
[ -f /var/lib/dpkg/status ] && [ -f /etc/os-release ] ||
	skip_all_reason="this machine has no dpkg database or os-release"
if [ -z "$skip_all_reason" ]; then
	. "$VOUCH_TOP/tests/lib/sbom.sh"
fi

test_case 'rootfs: the installed packages of dpkg-query, as purls with distro' '
	mkdir -p root/var/lib/dpkg root/etc &&
	cp /var/lib/dpkg/status root/var/lib/dpkg/status && cp /etc/os-release root/etc/os-release &&
	. /etc/os-release &&
	distro="$ID-$VERSION_ID" &&
	dpkg-query --admindir=root/var/lib/dpkg -W \
		-f="\${Package} \${Version} \${Architecture} \${db:Status-Abbrev}\n" |
		awk "\$4 ~ /^.[iHUFWt]/ { print \$1, \$2, \$3 }" >installed &&
	[ "$(wc -l <installed)" -gt 50 ] &&
	vouch sbom root >bom.json &&
	python3 - "$ID" "$distro" <<-"EOF"
	import json, sys, urllib.parse
	distid, distro = sys.argv[1], sys.argv[2]
	want = set()
	for l in open("installed"):
	    name, ver, arch = l.split()
	    want.add((name, ver, arch))
	d = json.load(open("bom.json"))
	got = set()
	for c in d["components"]:
	    purl = c["purl"]
	    if not purl.startswith("pkg:deb/"):
	        continue
	    base, _, q = purl.partition("?")
	    qs = dict(urllib.parse.parse_qsl(q))
	    ns, nv = base[len("pkg:deb/"):].split("/", 1)
	    name, ver = nv.split("@", 1)
	    assert ns == distid, purl
	    assert qs.get("distro") == distro, purl
	    got.add((urllib.parse.unquote(name), urllib.parse.unquote(ver), qs.get("arch")))
	missing, extra = want - got, got - want
	assert not missing and not extra, (sorted(missing)[:5], sorted(extra)[:5])
	print(len(got), "packages")
	EOF
'

test_done
