#!/usr/bin/env bash
# Python eggs (issue 5): zip files with EGG-INFO/PKG-INFO at their top, and
# egg folders, built here from this machine's own installed egg-info
# metadata. Oracle: python's importlib.metadata reading the same egg.
. "$(dirname "$0")/lib.sh"
need_cmd python3
ls -d /usr/lib/python3/dist-packages/*.egg-info >/dev/null 2>&1 ||
	skip_all_reason="this machine has no installed egg-info to build eggs from"
if [ -z "$skip_all_reason" ]; then
	. "$VOUCH_TOP/tests/lib/sbom.sh"
fi

test_case 'eggs built from installed metadata: the purls importlib.metadata reads' '
	python3 - <<-"EOF"
	import glob, os, zipfile, importlib.metadata as md, urllib.parse, re
	want = []
	dirs = [d for d in sorted(glob.glob("/usr/lib/python3/dist-packages/*.egg-info"))
	        if os.path.isdir(d) and os.path.isfile(os.path.join(d, "PKG-INFO"))]
	for d in dirs[:8]:
	    base = os.path.basename(d)[:-len(".egg-info")]
	    egg = "eggs/%s-py3.11.egg" % base
	    os.makedirs("eggs", exist_ok=True)
	    with zipfile.ZipFile(egg, "w") as z:
	        for f in sorted(os.listdir(d)):
	            if os.path.isfile(os.path.join(d, f)):
	                z.write(os.path.join(d, f), "EGG-INFO/" + f)
	    dist = md.PathDistribution(zipfile.Path(egg, "EGG-INFO/"))
	    name = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
	    want.append("pkg:pypi/%s@%s" % (name, dist.version))
	open("want", "w").write("\n".join(sorted(set(want))) + "\n")
	assert len(want) >= 3, want
	EOF
	vouch sbom eggs >bom.json &&
	purls bom.json >got.raw &&
	python3 -c "import sys, urllib.parse; [print(urllib.parse.unquote(l.strip())) for l in open(\"got.raw\")]" | sort >got &&
	cmp_output want got
'

test_case 'an egg folder (site-packages/NAME.egg/EGG-INFO/PKG-INFO) is read too' '
	d=$(ls -d /usr/lib/python3/dist-packages/*.egg-info | awk "NR == 1") &&
	mkdir -p site/x-1.0-py3.11.egg/EGG-INFO && cp "$d"/PKG-INFO site/x-1.0-py3.11.egg/EGG-INFO/ &&
	vouch sbom site >bom2.json &&
	[ "$(purls bom2.json | wc -l)" -eq 1 ] &&
	name=$(sed -n "s/^Name: //p" "$d/PKG-INFO" | awk "NR == 1" | tr "A-Z_." "a-z--") &&
	purls bom2.json | grep -q "^pkg:pypi/$name@"
'

test_done
