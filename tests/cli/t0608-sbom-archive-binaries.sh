#!/usr/bin/env bash
# Programs shipped inside release archives (issue 5): an executable member of
# a tar.gz or zip is read by the binary readers, as in a folder. The Go
# binary is the Debian Go toolchain's own gofmt; oracle: `go version -m`.
. "$(dirname "$0")/lib.sh"
need_cmd go python3
if [ -z "$skip_all_reason" ]; then
	. "$VOUCH_TOP/tests/lib/sbom.sh"
fi

test_case 'a Go program inside tar.gz and zip: the modules go version -m lists' '
	gofmt="$(go env GOROOT)/bin/gofmt" &&
	mkdir -p rel/app-1.0/bin && cp "$gofmt" rel/app-1.0/bin/gofmt && chmod 755 rel/app-1.0/bin/gofmt &&
	tar -C rel -czf app-1.0.tar.gz app-1.0 &&
	(cd rel && python3 -c "
import zipfile, os
with zipfile.ZipFile(\"../app-1.0.zip\", \"w\", zipfile.ZIP_DEFLATED) as z:
    z.write(\"app-1.0/bin/gofmt\", \"app-1.0/bin/gofmt.exe\")
") &&
	vouch sbom rel >dir.json &&
	purls dir.json >want &&
	gover=$(go version -m "$gofmt" | awk "NR == 1 { print \$2 }") &&
	grep -qx "pkg:golang/stdlib@${gover#go}" want &&
	for a in app-1.0.tar.gz app-1.0.zip; do
		vouch sbom "$a" >"$a.json" &&
		purls "$a.json" >got &&
		cmp_output want got
	done &&
	grep -q "\"location\": \"app-1.0.tar.gz!/app-1.0/bin/gofmt\"" app-1.0.tar.gz.json
'

test_case 'a member that is not executable, or not a program, is not read as one' '
	mkdir -p plain && printf "#!/bin/sh\necho hi\n" >plain/run.sh && chmod 755 plain/run.sh &&
	cp "$(go env GOROOT)/bin/gofmt" plain/data.bin && chmod 644 plain/data.bin &&
	tar -czf plain.tar.gz plain &&
	vouch sbom plain.tar.gz >p.json &&
	[ "$(purls p.json | wc -l)" -eq 0 ]
'

test_done
