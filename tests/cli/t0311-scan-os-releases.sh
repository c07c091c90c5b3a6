#!/usr/bin/env bash
# vouch scan of operating-system packages against advisories written the way
# each distribution's OSV data names its releases and packages: Red Hat by
# product stream, Rocky and AlmaLinux by major release, SUSE by service pack
# over every product and module, openSUSE Leap, openEuler, Photon OS, Azure
# Linux, Wolfi; RPM distributions by binary package and EPOCH:VERSION-RELEASE.
. "$(dirname "$0")/lib.sh"

# One advisory per distribution: an entry for the release the package is on
# (fixed above the installed version: a finding), one for another release
# (never a finding) and, for rpm, one fixed below (no finding).
adv() { # ID ECOSYSTEM NAME FIXED
	printf '{"id": "%s", "modified": "2024-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "%s", "name": "%s"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "%s"}]}]}]}\n' "$1" "$2" "$3" "$4" >"adv/$1.json"
}
mkdir -p adv
adv RHSA-2024:0001 "Red Hat:enterprise_linux:9::appstream" openssl-libs "1:3.0.7-28.el9"
adv RHSA-2024:0002 "Red Hat:enterprise_linux:8::baseos" openssl-libs "1:1.1.1k-99.el8"
adv RHSA-2024:0003 "Red Hat:rhel_eus:9.2::baseos" openssl-libs "1:3.0.7-99.el9"
adv RHSA-2024:0004 "Red Hat:enterprise_linux:9::baseos" openssl-libs "1:3.0.7-20.el9"
adv RLSA-2024:0001 "Rocky Linux:9" openssl-libs "1:3.0.7-28.el9"
adv RLSA-2024:0002 "Rocky Linux:8" openssl-libs "1:3.0.7-99.el8"
adv ALSA-2024:0001 "AlmaLinux:9" curl "7.76.1-30.el9"
adv SUSE-SU-2024:0001-1 "SUSE:Linux Enterprise Module for Basesystem 15 SP5" libopenssl3 "3.0.8-150500.5.20.1"
adv SUSE-SU-2024:0002-1 "SUSE:Linux Enterprise Server 15 SP5-LTSS" libopenssl3 "3.0.8-150500.5.21.1"
adv SUSE-SU-2024:0003-1 "SUSE:Linux Enterprise Server 15 SP4" libopenssl3 "3.0.8-150500.5.99.1"
adv openSUSE-SU-2024:0001-1 "openSUSE:Leap 15.5" libopenssl3 "3.0.8-150500.5.20.1"
adv openSUSE-SU-2024:0002-1 "openSUSE:Leap 15.4" libopenssl3 "3.0.8-150500.5.99.1"
adv OESA-2024-0001 "openEuler:22.03-LTS-SP3" openssl "1:3.0.12-9.oe2203sp3"
adv OESA-2024-0002 "openEuler:22.03-LTS-SP1" openssl "1:3.0.12-99.oe2203sp1"
adv PHSA-2024-5.0-0001 "Photon OS:5.0" openssl "3.0.13-2.ph5"
adv PHSA-2024-4.0-0001 "Photon OS:4.0" openssl "3.0.13-99.ph4"
adv AZL-2024-0001 "Azure Linux:3" openssl "3.3.2-2.azl3"
adv CGA-2024-0001 "Wolfi" openssl "3.3.2-r1"
adv ALPINE-2024-0001 "Alpine:v3.19" openssl "3.3.2-r1"

# Installed versions as each distribution's SBOM tools write their purls. An
# openEuler purl says 22.03 without its service pack: every 22.03 SP applies.
cat >bom.json <<'JSON'
{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": [
 {"type": "library", "name": "openssl-libs", "version": "3.0.7-27.el9", "purl": "pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&epoch=1&distro=rhel-9.4&upstream=openssl-3.0.7-27.el9.src.rpm"},
 {"type": "library", "name": "openssl-libs", "version": "3.0.7-27.el9", "purl": "pkg:rpm/rocky/openssl-libs@3.0.7-27.el9?arch=x86_64&epoch=1&distro=rocky-9.3"},
 {"type": "library", "name": "curl", "version": "7.76.1-29.el9", "purl": "pkg:rpm/almalinux/curl@7.76.1-29.el9?arch=x86_64&distro=almalinux-9.4"},
 {"type": "library", "name": "libopenssl3", "version": "3.0.8-150500.5.14.1", "purl": "pkg:rpm/sles/libopenssl3@3.0.8-150500.5.14.1?arch=x86_64&distro=sles-15.5"},
 {"type": "library", "name": "libopenssl3", "version": "3.0.8-150500.5.14.1", "purl": "pkg:rpm/opensuse/libopenssl3@3.0.8-150500.5.14.1?arch=x86_64&distro=opensuse-leap-15.5"},
 {"type": "library", "name": "openssl", "version": "3.0.12-8.oe2203sp3", "purl": "pkg:rpm/openeuler/openssl@3.0.12-8.oe2203sp3?arch=x86_64&epoch=1&distro=openeuler-22.03"},
 {"type": "library", "name": "openssl", "version": "3.0.13-1.ph5", "purl": "pkg:rpm/photon/openssl@3.0.13-1.ph5?arch=x86_64&distro=photon-5.0"},
 {"type": "library", "name": "openssl", "version": "3.3.2-1.azl3", "purl": "pkg:rpm/azurelinux/openssl@3.3.2-1.azl3?arch=x86_64&distro=azurelinux-3.0"},
 {"type": "library", "name": "openssl", "version": "3.3.2-r0", "purl": "pkg:apk/wolfi/openssl@3.3.2-r0?arch=x86_64&distro=wolfi-20230201"},
 {"type": "library", "name": "openssl", "version": "3.3.2-r0", "purl": "pkg:apk/alpine/openssl@3.3.2-r0?arch=x86_64&distro=alpine-3.19.1"}
]}
JSON

test_case 'each release matches its own advisories and no other; rpm epochs count' '
	vouch db import --db s.db adv >/dev/null &&
	{ vouch scan --db s.db --format json bom.json >out.json 2>err || [ $? -eq 1 ]; } &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
got = sorted({(f[\"id\"], f[\"purl\"].split(\"?\")[0]) for f in d[\"findings\"]})
for g in got: print(\"%s %s\" % g)
" >got &&
	cat >want <<-X &&
	ALPINE-2024-0001 pkg:apk/alpine/openssl@3.3.2-r0
	ALSA-2024:0001 pkg:rpm/almalinux/curl@7.76.1-29.el9
	AZL-2024-0001 pkg:rpm/azurelinux/openssl@3.3.2-1.azl3
	CGA-2024-0001 pkg:apk/wolfi/openssl@3.3.2-r0
	OESA-2024-0001 pkg:rpm/openeuler/openssl@3.0.12-8.oe2203sp3
	OESA-2024-0002 pkg:rpm/openeuler/openssl@3.0.12-8.oe2203sp3
	PHSA-2024-5.0-0001 pkg:rpm/photon/openssl@3.0.13-1.ph5
	RHSA-2024:0001 pkg:rpm/redhat/openssl-libs@3.0.7-27.el9
	RLSA-2024:0001 pkg:rpm/rocky/openssl-libs@3.0.7-27.el9
	SUSE-SU-2024:0001-1 pkg:rpm/sles/libopenssl3@3.0.8-150500.5.14.1
	SUSE-SU-2024:0002-1 pkg:rpm/sles/libopenssl3@3.0.8-150500.5.14.1
	openSUSE-SU-2024:0001-1 pkg:rpm/opensuse/libopenssl3@3.0.8-150500.5.14.1
	X
	cmp_output want got
'

test_case 'the version of an rpm without its epoch is not taken for epoch 0' '
	cat >e.json <<-JSON &&
	{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": [
	 {"type": "library", "name": "openssl-libs", "version": "3.0.7-29.el9", "purl": "pkg:rpm/rocky/openssl-libs@3.0.7-29.el9?epoch=1&distro=rocky-9.3"}]}
	JSON
	vouch scan --db s.db --format json e.json >e.out &&
	python3 -c "import json; d = json.load(open(\"e.out\")); assert d[\"findings\"] == [], d[\"findings\"]"
'

# An installed RPM database, as rpm itself writes it (Debian's rpm, SQLite backend).
need_cmd rpm rpmbuild
test_case 'an rpmdb.sqlite of Rocky 9.3: binary package name, epoch and release matched' '
	mkdir -p root/var/lib/rpm root/etc specs &&
	printf "ID=\"rocky\"\nVERSION_ID=\"9.3\"\n" >root/etc/os-release &&
	rpm --initdb --dbpath "$PWD/root/var/lib/rpm" --define "_db_backend sqlite" &&
	printf "Name: openssl-libs\nVersion: 3.0.7\nRelease: 27.el9\nEpoch: 1\nSummary: t\nLicense: ASL 2.0\nBuildArch: noarch\n%%description\nt\n%%files\n" >specs/o.spec &&
	rpmbuild --define "_topdir $PWD/top" -bb specs/o.spec >/dev/null 2>&1 &&
	rpm --dbpath "$PWD/root/var/lib/rpm" --define "_db_backend sqlite" --nodeps --justdb -i top/RPMS/*/*.rpm 2>/dev/null &&
	{ vouch scan --db s.db --format json root >r.json 2>r.err || [ $? -eq 1 ]; } &&
	python3 -c "
import json
d = json.load(open(\"r.json\"))
ids = sorted(f[\"id\"] for f in d[\"findings\"])
assert ids == [\"RLSA-2024:0001\"], (ids, open(\"r.err\").read())
assert d[\"findings\"][0][\"ecosystem\"] == \"Rocky Linux:9\", d[\"findings\"][0]"
'

test_done
