#!/usr/bin/env bash
# Container images (issue 5): OCI layouts (folder, tar, gzip layers) and
# docker-save images (tar, folder) assembled here from layers built out of
# this machine's own dpkg database, os-release, Java archives and a Go
# binary. Oracles: the same layers applied by an independent flattener
# (tests/lib/mkimage.py --flatten) and read by `vouch sbom` as a folder;
# dpkg-query on that folder; `go version -m`; the digests python computes.
. "$(dirname "$0")/lib.sh"
need_cmd python3 dpkg-query
[ -f /var/lib/dpkg/status ] && [ -f /etc/os-release ] ||
	skip_all_reason="this machine has no dpkg database or os-release"
if [ -z "$skip_all_reason" ]; then
	. "$VOUCH_TOP/tests/lib/sbom.sh"
fi
MK="$VOUCH_TOP/tests/lib/mkimage.py"
export MK

# Layers:
#   1  etc/os-release, var/lib/dpkg/status without its last 5 packages,
#      two jars in usr/share/java, status.d/ with two packages (distroless style)
#   2  var/lib/dpkg/status complete (adds those 5 packages)
#   3  usr/local/bin/gofmt (a Go binary), status.d/ a third package
#   4  a whiteout of one status.d package, usr/share/java made opaque with
#      one jar put back
test_case 'setup: layers from this machine' '
	python3 - <<-"EOF"
	import os, shutil, glob, subprocess
	paras = [p for p in open("/var/lib/dpkg/status").read().split("\n\n") if p.strip()]
	inst = [p for p in paras if "\nStatus: install ok installed" in "\n" + p]
	assert len(inst) > 20
	def w(path, data, mode=0o644):
	    os.makedirs(os.path.dirname(path), exist_ok=True)
	    open(path, "w").write(data)
	    os.chmod(path, mode)
	w("l1/etc/os-release", open("/etc/os-release").read())
	w("l1/var/lib/dpkg/status", "\n\n".join(paras[:-5]) + "\n")
	w("l2/var/lib/dpkg/status", "\n\n".join(paras) + "\n")
	last5 = [p for p in paras[-5:]]
	open("added-in-2", "w").write("".join(
	    l.split(": ", 1)[1] + "\n" for p in last5 if "\nStatus: install ok installed" in "\n" + p
	    for l in p.split("\n") if l.startswith("Package: ")))
	# distroless status.d: one file per package, named after it
	# (renamed, so that they are not also in the status file)
	for i, p in enumerate(inst[:3]):
	    name = "statusd-" + [l for l in p.split("\n") if l.startswith("Package: ")][0][9:]
	    p = "\n".join("Package: " + name if l.startswith("Package: ") else l
	                  for l in p.split("\n"))
	    w("l%d/var/lib/dpkg/status.d/%s" % (1 if i < 2 else 3, name), p + "\n")
	    open("statusd-%d" % i, "w").write(name + "\n")
	w("l4/var/lib/dpkg/status.d/.wh." + open("statusd-0").read().strip(), "")
	import zipfile
	jars = []
	for j in sorted(glob.glob("/usr/share/java/*.jar")):
	    if os.path.islink(j) or len(jars) == 2:
	        continue
	    try:
	        names = zipfile.ZipFile(j).namelist()
	    except Exception:
	        continue
	    if any(n.startswith("META-INF/maven/") and n.endswith("/pom.properties") for n in names):
	        jars.append(j)
	open("jars", "w").write("\n".join(jars) + "\n")
	EOF
	jars=$(cat jars) &&
	[ "$(echo "$jars" | wc -l)" -eq 2 ] &&
	mkdir -p l1/usr/share/java l4/usr/share/java &&
	for j in $jars; do cp "$j" l1/usr/share/java/; done &&
	keep=$(echo "$jars" | head -1) && gone=$(echo "$jars" | tail -1) &&
	cp "$keep" l4/usr/share/java/ && : >l4/usr/share/java/.wh..wh..opq &&
	basename "$keep" >jar-kept && basename "$gone" >jar-gone &&
	if command -v go >/dev/null; then
		mkdir -p l3/usr/local/bin &&
		cp "$(go env GOROOT)/bin/gofmt" l3/usr/local/bin/gofmt &&
		chmod 755 l3/usr/local/bin/gofmt &&
		mkdir -p l3/opt/win && cp l3/usr/local/bin/gofmt l3/opt/win/tool.exe &&
		chmod 644 l3/opt/win/tool.exe
	fi &&
	python3 "$MK" --format oci --name example.org/team/app:1.0 --print-layers \
		--flatten rootfs oci l1 l2 l3 l4 >layers &&
	[ "$(wc -l <layers)" -eq 4 ] &&
	python3 "$MK" --format oci --gzip --name example.org/team/app:1.0 oci-gz l1 l2 l3 l4 >/dev/null &&
	python3 "$MK" --format oci-tar --name example.org/team/app:1.0 oci.tar l1 l2 l3 l4 >/dev/null &&
	python3 "$MK" --format docker --name example.org/team/app:1.0 docker.tar l1 l2 l3 l4 >/dev/null &&
	python3 "$MK" --format docker-dir --name example.org/team/app:1.0 docker-dir l1 l2 l3 l4 >/dev/null &&
	gzip -kn docker.tar &&
	[ -f rootfs/var/lib/dpkg/status ] && [ -f "rootfs/usr/share/java/$(cat jar-kept)" ] &&
	[ ! -e "rootfs/usr/share/java/$(cat jar-gone)" ] &&
	[ ! -e "rootfs/var/lib/dpkg/status.d/$(cat statusd-0)" ]
'

test_case 'every layout gives the packages of the flattened file system' '
	vouch sbom rootfs >flat.json 2>flat.err &&
	purls flat.json >flat.purls &&
	[ "$(wc -l <flat.purls)" -gt 20 ] &&
	for img in oci oci-gz oci.tar docker.tar docker.tar.gz docker-dir; do
		vouch sbom "$img" >"$img.json" 2>"$img.err" || { cat "$img.err"; exit 1; }
		purls "$img.json" | grep -v "^pkg:oci/" >"$img.purls"
		cmp_output flat.purls "$img.purls"
	done &&
	vouch sbom oci/ >slash.json &&
	grep -q "\"location\": \"oci!/var/lib/dpkg/status\"" slash.json
'

test_case 'a root file system tar (docker export): the same packages, the tar'"'"'s own distro' '
	tar -C rootfs -cf rootfs.tar . &&
	(cd rootfs && tar -cf ../rootfs-var-first.tar var usr etc) && gzip -kn rootfs-var-first.tar &&
	for t in rootfs.tar rootfs-var-first.tar rootfs-var-first.tar.gz; do
		vouch sbom "$t" >"$t.json" 2>"$t.err" || { cat "$t.err"; exit 1; }
		purls "$t.json" >"$t.purls"
		cmp_output flat.purls "$t.purls"
	done &&
	. rootfs/etc/os-release && grep -q "distro=$ID-$VERSION_ID" rootfs-var-first.tar.purls &&
	! grep -q "additionalContext" rootfs.tar.json &&
	grep -q "\"name\": \"rootfs.tar\"" rootfs.tar.json
'

test_case 'a root file system tar with hostile members: named, not read' '
	python3 - <<-"EOF"
	import tarfile, io
	with tarfile.open("evil-rootfs.tar", "w") as t:
	    def add(n, d):
	        ti = tarfile.TarInfo(n); ti.size = len(d); t.addfile(ti, io.BytesIO(d))
	    add("etc/os-release", b"ID=debian\nVERSION_ID=12\n")
	    st = b"Package: evil\nStatus: install ok installed\nVersion: 1\n\n"
	    add("../../var/lib/dpkg/status", st)
	    add("/var/lib/dpkg/status", st)
	    ti = tarfile.TarInfo("dev/sda"); ti.type = tarfile.BLKTYPE; t.addfile(ti)
	EOF
	vouch sbom evil-rootfs.tar >er.json 2>er.err &&
	[ -z "$(purls er.json)" ] &&
	[ "$(grep -c "a member named outside the archive: not read" er.err)" -eq 2 ] &&
	grep -q "evil-rootfs.tar!/dev/sda.: a device or FIFO: not read" er.err
'

test_case 'the dpkg packages are those dpkg-query reports, whiteouts applied' '
	dpkg-query --admindir=rootfs/var/lib/dpkg -W \
		-f="\${Package} \${Version} \${db:Status-Abbrev}\n" |
		awk "\$3 ~ /^.[iHUFWt]/ { print \$1, \$2 }" | sort >want &&
	python3 - <<-"EOF" >got
	import json, urllib.parse
	d = json.load(open("oci.json"))
	for c in d["components"]:
	    locs = [o["location"] for o in c["evidence"]["occurrences"]]
	    if any(l.endswith("!/var/lib/dpkg/status") for l in locs):
	        print(c["name"], c["version"])
	EOF
	sort -o got got && cmp_output want got &&
	! grep -q "^pkg:deb/[^/]*/$(cat statusd-0)@" oci.purls &&
	grep -q "^pkg:deb/[^/]*/$(cat statusd-2)@" oci.purls
'

test_case 'each package is attributed to the layer that added it' '
	python3 - <<-"EOF"
	import json
	layers = [l.split()[1] for l in open("layers")]
	added2 = set(open("added-in-2").read().split())
	sd = [open("statusd-%d" % i).read().strip() for i in range(3)]
	kept = open("jar-kept").read().strip()
	for img in ["oci", "oci-gz", "oci.tar", "docker.tar", "docker-dir"]:
	    d = json.load(open(img + ".json"))
	    seen = 0
	    for c in d["components"]:
	        for o in c["evidence"]["occurrences"]:
	            loc, layer = o["location"], o.get("additionalContext")
	            assert layer in layers, (img, c["purl"], layer)
	            want = None
	            if loc.endswith("!/var/lib/dpkg/status"):
	                want = layers[1] if c["name"] in added2 else layers[0]
	            elif "/status.d/" in loc:
	                want = layers[0] if c["name"] == sd[1] else layers[2]
	            elif kept in loc:
	                want = layers[3]
	            elif loc.endswith("usr/local/bin/gofmt"):
	                want = layers[2]
	            if want:
	                assert layer == want, (img, c["purl"], loc, layer, want)
	                seen += 1
	    assert seen > 20, seen
	print("ok")
	EOF
'

test_case 'the image is the subject: name, manifest digest, platform, layers' '
	python3 - <<-"EOF"
	import json, urllib.parse
	idx = json.load(open("oci/index.json"))
	digest = idx["manifests"][0]["digest"]
	man = json.load(open("oci/blobs/sha256/" + digest[7:]))
	cfg = man["config"]["digest"]
	layers = [l.split()[1] for l in open("layers")]
	for img, want_digest in [("oci", digest), ("oci.tar", digest), ("docker.tar", None)]:
	    m = json.load(open(img + ".json"))["metadata"]["component"]
	    props = {}
	    for p in m["properties"]:
	        props.setdefault(p["name"], []).append(p["value"])
	    assert m["type"] == "container", m
	    assert m["name"] == "example.org/team/app:1.0", m
	    assert props["vouch:image:id"] == [cfg], props
	    assert props["vouch:image:platform"] == ["linux/amd64"], props
	    assert props["vouch:image:layer"] == ["%d %s" % (i + 1, l) for i, l in enumerate(layers)]
	    if want_digest:
	        assert m["version"] == want_digest
	        base, _, q = urllib.parse.unquote(m["purl"]).partition("?")
	        assert base == "pkg:oci/app@" + want_digest, m["purl"]
	        assert sorted(q.split("&")) == ["arch=amd64", "repository_url=example.org/team/app",
	                                       "tag=1.0"], m["purl"]
	    else:
	        assert m["version"] == cfg and "purl" not in m, m
	EOF
'

test_case 'a Go binary in a layer: its modules as go version -m reports them' '
	if ! command -v go >/dev/null; then echo "no go toolchain: not checked"; exit 0; fi
	gover=$(go version -m l3/usr/local/bin/gofmt | awk "NR == 1 {print \$2}") &&
	grep -q "^pkg:golang/stdlib@${gover#go}$" oci.purls &&
	# a Windows name needs no x bit, in an image as in a folder
	grep -q "\"location\": \"oci!/opt/win/tool.exe\"" oci.json &&
	grep -q "\"location\": \"rootfs/opt/win/tool.exe\"" flat.json
'

test_case 'a BOM of an image reads back; its SPDX names the container' '
	vouch sbom --format spdx oci >oci.spdx.json &&
	vouch sbom oci.json >back.json && purls back.json >back.purls &&
	purls oci.json | cmp - back.purls &&
	python3 -c "import json; m = json.load(open(\"back.json\"))[\"metadata\"][\"component\"]; assert m[\"type\"] == \"container\" and m[\"purl\"].startswith(\"pkg:oci/app@\"), m" &&
	grep -q "\"primaryPackagePurpose\": \"CONTAINER\"" oci.spdx.json
'

schema_case cyclonedx-bom-1.6.schema.json 'CycloneDX 1.6 of an image is schema-valid' '
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" oci.json docker.tar.json
'

schema_case spdx-2.3.schema.json 'SPDX 2.3 of an image is schema-valid' '
	validate "$SCHEMAS/spdx-2.3.schema.json" oci.spdx.json
'

test_case 'a layer whose bytes do not match its digest: named, exit 3' '
	cp -r oci bad &&
	blob=$(python3 -c "import json;i=json.load(open(\"bad/index.json\"));m=json.load(open(\"bad/blobs/sha256/\"+i[\"manifests\"][0][\"digest\"][7:]));print(m[\"layers\"][2][\"digest\"][7:])") &&
	printf "x" >>"bad/blobs/sha256/$blob" &&
	expect_code 3 vouch sbom bad >bad.json 2>bad.err &&
	grep -q "layer 3 .*does not match its digest" bad.err &&
	grep -q "vouch:complete" bad.json && grep -q "does not match its digest" bad.json
'

test_case 'a manifest or config that does not match its digest: the image is not read' '
	cp -r oci badcfg &&
	cfg=$(python3 -c "import json;i=json.load(open(\"badcfg/index.json\"));m=json.load(open(\"badcfg/blobs/sha256/\"+i[\"manifests\"][0][\"digest\"][7:]));print(m[\"config\"][\"digest\"][7:])") &&
	sed -i "s/amd64/arm64/" "badcfg/blobs/sha256/$cfg" &&
	expect_code 3 vouch sbom badcfg >/dev/null 2>err &&
	grep -q "config .*does not match its digest" err
'

test_case 'Docker 25 save (OCI layout and manifest.json), nested index with an attestation' '
	python3 "$MK" --format docker25 --name example.org/team/app:1.0 d25.tar l1 l2 l3 l4 >/dev/null &&
	vouch sbom d25.tar >d25.json 2>d25.err &&
	purls d25.json | grep -v "^pkg:oci/" >d25.purls && cmp_output flat.purls d25.purls &&
	python3 "$MK" --format oci --nested --platform linux/amd64 --platform linux/arm64 \
		--name example.org/team/app:1.0 nested l1 l2 l3 l4 >/dev/null &&
	vouch sbom --platform linux/arm64 nested >nested.json 2>nested.err &&
	purls nested.json | grep -v "^pkg:oci/" >nested.purls && cmp_output flat.purls nested.purls &&
	! grep -q "unknown" nested.err &&
	python3 - <<-"EOF"
	import json
	m = json.load(open("d25.json"))["metadata"]["component"]
	assert m["name"] == "example.org/team/app:1.0", m
	man = json.load(open("d25.json"))
	idx = None
	import tarfile
	with tarfile.open("d25.tar") as tf:
	    idx = json.load(tf.extractfile("index.json"))
	assert m["version"] == idx["manifests"][0]["digest"], (m["version"], idx)
	n = json.load(open("nested.json"))["metadata"]["component"]
	props = {p["name"]: p["value"] for p in n["properties"]}
	assert props["vouch:image:platform"] == "linux/arm64", props
	EOF
'

test_case 'several platforms: --platform picks one, the default says which it read' '
	python3 "$MK" --format oci --platform linux/amd64 --platform linux/arm64/v8 multi l1 >/dev/null &&
	vouch sbom --platform linux/arm64 multi >arm.json &&
	grep -q "\"value\": \"linux/arm64/v8\"" arm.json &&
	vouch sbom multi >def.json 2>def.err &&
	grep -q "holds 2 images" def.err &&
	expect_code 2 vouch sbom --platform linux/s390x multi >/dev/null 2>err &&
	grep -q "no image for platform .linux/s390x. (the layout holds: linux/amd64, linux/arm64/v8)" err
'

test_case 'hostile layer members: .., absolute names, devices; nothing written' '
	python3 - <<-"EOF"
	import tarfile, io
	with tarfile.open("evil-layer.tar", "w") as tf:
	    for name in ["../../escaped", "/var/lib/dpkg/status", "./x/../../up"]:
	        ti = tarfile.TarInfo(name); data = b"Package: evil\nStatus: install ok installed\nVersion: 1\n\n"
	        ti.size = len(data); tf.addfile(ti, io.BytesIO(data))
	    ti = tarfile.TarInfo("dev/sda"); ti.type = tarfile.BLKTYPE; ti.devmajor = 8; tf.addfile(ti)
	    ti = tarfile.TarInfo("dev/null"); ti.type = tarfile.CHRTYPE; tf.addfile(ti)
	EOF
	mkdir -p e1 &&
	python3 "$MK" --format oci evil e1 >/dev/null &&
	man=$(python3 -c "import json;print(json.load(open(\"evil/index.json\"))[\"manifests\"][0][\"digest\"][7:])") &&
	python3 - "$man" <<-"EOF"
	import json, sys, hashlib, os
	man = json.load(open("evil/blobs/sha256/" + sys.argv[1]))
	data = open("evil-layer.tar", "rb").read()
	d = hashlib.sha256(data).hexdigest()
	open("evil/blobs/sha256/" + d, "wb").write(data)
	man["layers"][0]["digest"] = "sha256:" + d
	man["layers"][0]["size"] = len(data)
	cfgp = "evil/blobs/sha256/" + man["config"]["digest"][7:]
	cfg = json.load(open(cfgp)); cfg["rootfs"]["diff_ids"] = ["sha256:" + d]
	cb = json.dumps(cfg).encode(); cd = hashlib.sha256(cb).hexdigest()
	open("evil/blobs/sha256/" + cd, "wb").write(cb)
	man["config"]["digest"] = "sha256:" + cd; man["config"]["size"] = len(cb)
	mb = json.dumps(man).encode(); md = hashlib.sha256(mb).hexdigest()
	open("evil/blobs/sha256/" + md, "wb").write(mb)
	json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + md, "size": len(mb)}]}, open("evil/index.json", "w"))
	EOF
	vouch sbom evil >evil.json 2>evil.err &&
	grep -q "is named outside the file system: not read" evil.err &&
	[ ! -e ../escaped ] && [ ! -e ../../escaped ] && [ ! -e ../up ] &&
	purls evil.json >evil.purls &&
	# the absolute name is the image root'"'"'s var/lib/dpkg/status, as a runtime applies it
	grep -q "^pkg:deb/debian/evil@1" evil.purls
'

test_case 'vouch scan of an image names the layer of each vulnerable package' '
	if [ ! -d "$CORPUS/osv/pypi/jinja2" ]; then echo "corpus absent: not checked"; exit 0; fi
	vouch db import --db osv.db "$CORPUS/osv/pypi/jinja2" >/dev/null 2>&1 &&
	mkdir -p p1/usr/lib/python3/dist-packages/Jinja2-2.10.dist-info &&
	printf "Metadata-Version: 2.1\nName: Jinja2\nVersion: 2.10\n" \
		>p1/usr/lib/python3/dist-packages/Jinja2-2.10.dist-info/METADATA &&
	python3 "$MK" --format oci --print-layers pyimg l1 p1 >pylayers &&
	layer=$(awk "NR == 2 { print \$2 }" pylayers) &&
	# exit 3: the database holds no advisories of the base layer'"'"'s OS packages (not checked)
	{ vouch scan --db osv.db pyimg >table 2>/dev/null || [ $? -eq 3 ]; } &&
	grep -q "^jinja2 2.10 (PyPI)  pyimg!/usr/lib/python3/dist-packages/Jinja2-2.10.dist-info/METADATA:2 (layer ${layer:0:19})" table &&
	{ vouch scan --db osv.db --format json pyimg >scan.json 2>/dev/null || [ $? -eq 3 ]; } &&
	python3 - "$layer" <<-"EOF"
	import json, sys
	d = json.load(open("scan.json"))
	locs = [l for f in d["findings"] for l in f["locations"] if "Jinja2" in l["path"]]
	assert locs and all(l["layer"] == sys.argv[1] for l in locs), locs
	EOF
	vouch sbom pyimg >py.cdx.json &&
	{ vouch scan --db osv.db py.cdx.json >table2 2>/dev/null || [ $? -eq 3 ]; } &&
	grep -q "^jinja2 2.10 (PyPI)  pyimg!/usr/lib/python3/dist-packages/Jinja2-2.10.dist-info/METADATA:2 (layer ${layer:0:19})" table2
'

test_case '--type container-image on something else is a usage error' '
	mkdir -p notimg && echo "{}" >notimg/package.json &&
	expect_code 2 vouch sbom --type container-image notimg >/dev/null 2>err &&
	grep -q "is not a container image" err
'

test_done
