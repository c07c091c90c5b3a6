#!/usr/bin/env bash
# Honest inventories (issue 12): links inside a scanned tree are followed,
# absolute ones in a root file system name places in that root; ordinary link
# loops and dangling links are notes, not a partial run; a lockfile that is a
# FIFO is named and makes the run partial (and never hangs vouch).
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
need_cmd timeout python3
[ -f /var/lib/dpkg/status ] || skip_all_reason="this machine has no dpkg database"

# A root file system whose package database is plain, and the same behind links.
make_root() {
	mkdir -p "$1/var/lib/dpkg" "$1/usr/share/dpkg" "$1/etc" &&
	printf 'ID=debian\nVERSION_ID=12\n' >"$1/etc/os-release" &&
	cp /var/lib/dpkg/status "$1/usr/share/dpkg/status-real"
}
export -f make_root

test_case 'dpkg status behind a link inside the root: the same packages as the plain file' '
	make_root plain && mv plain/usr/share/dpkg/status-real plain/var/lib/dpkg/status &&
	vouch sbom plain >plain.json && purls plain.json >want && [ "$(wc -l <want)" -gt 50 ] &&
	make_root rel && ln -s ../../../usr/share/dpkg/status-real rel/var/lib/dpkg/status &&
	make_root abs && ln -s /usr/share/dpkg/status-real abs/var/lib/dpkg/status &&
	for r in rel abs; do
		vouch sbom $r >$r.json 2>$r.err || { cat $r.err; exit 1; }
		purls $r.json >got && cmp_output want got || exit 1
	done
'

test_case 'a link out of the root is a note: never read, the run not partial' '
	mkdir -p out && cp "$FIXTURES/npm/small/package-lock.json" out/ &&
	mkdir -p elsewhere/sub && cp "$FIXTURES/npm/small/package-lock.json" elsewhere/sub/ &&
	ln -s ../elsewhere/sub out/sub && ln -s "$PWD/elsewhere/sub/package-lock.json" out/x.json &&
	mkdir -p out/deep && ln -s ../../elsewhere/sub/package-lock.json out/deep/package-lock.json &&
	vouch sbom out >out.json 2>out.err &&
	grep -q "^vouch: note: out/sub: symbolic link points outside" out.err &&
	grep -q "^vouch: note: out/deep/package-lock.json: symbolic link points outside" out.err &&
	! grep -q "^vouch: out" out.err
'

test_case 'a FIFO named package-lock.json: named, exit 3, no hang' '
	mkdir -p f && mkfifo f/package-lock.json &&
	expect_code 3 timeout 20 "$VOUCH_BIN" sbom f >f.json 2>f.err &&
	grep -q "^vouch: f/package-lock.json: a FIFO: not read" f.err &&
	expect_code 3 timeout 20 "$VOUCH_BIN" sbom f/package-lock.json >/dev/null 2>f1.err &&
	grep -q "f/package-lock.json" f1.err
'

test_case 'a dangling or looping link under a lockfile name is an input not read: exit 3' '
	mkdir -p d && ln -s nowhere d/package-lock.json &&
	expect_code 3 vouch sbom d >/dev/null 2>d.err &&
	grep -q "^vouch: d/package-lock.json: dangling symbolic link" d.err &&
	mkdir -p l && ln -s yarn.lock l/package-lock.json && ln -s package-lock.json l/yarn.lock &&
	expect_code 3 vouch sbom l >/dev/null 2>l.err &&
	grep -q "^vouch: l/package-lock.json: symbolic link loop" l.err
'

# A JDK's lib/src.zip links to openjdk-17-source, seldom installed.
test_case 'a dangling link under an archive name is a note: exit 0' '
	mkdir -p z && ln -s ../nowhere/src.zip z/src.zip && ln -s a.jar z/b.jar && ln -s b.jar z/a.jar &&
	vouch sbom z >/dev/null 2>z.err && grep -q "^vouch: note: z/src.zip: dangling symbolic link" z.err &&
	grep -q "^vouch: note: z/a.jar: symbolic link loop" z.err
'

test_case 'an unreadable lockfile is named and makes the run partial' '
	mkdir -p u/a u/b && cp "$FIXTURES/npm/small/package-lock.json" u/a/ &&
	cp "$FIXTURES/npm/small/package-lock.json" u/b/ && chmod 0 u/b/package-lock.json &&
	if [ "$(id -u)" = 0 ]; then
		# root reads any file: run as nobody, from a copy of the binary it can reach
		command -v setpriv >/dev/null || { echo "no setpriv: not checked"; exit 0; }
		chmod 755 . && cp "$VOUCH_BIN" ./vouch-copy &&
		run() { setpriv --reuid=65534 --regid=65534 --clear-groups ./vouch-copy "$@"; }
	else
		run() { vouch "$@"; }
	fi &&
	expect_code 3 run sbom u >u.json 2>u.err &&
	grep -q "^vouch: u/b/package-lock.json: cannot open.*Permission denied" u.err &&
	grep -q "pkg:npm/express@" u.json
'

# A copy of a part of this machine: usr/bin with its X11 -> . loop, etc with
# absolute links into the system (dangling in the copy), the dpkg database.
test_case 'a copy of this machine'"'"'s root: loops and dangling links are notes, exit 0' '
	mkdir -p sys/usr sys/var/lib/dpkg &&
	cp -a /etc sys/ 2>/dev/null || true
	cp -a /usr/bin sys/usr/ && cp /var/lib/dpkg/status sys/var/lib/dpkg/ &&
	find sys -xtype l >links && [ -s links ] &&
	vouch sbom sys >sys.json 2>sys.err || { grep -v "^vouch: note: " sys.err | head; exit 1; }
	if [ -L /usr/bin/X11 ]; then grep -q "^vouch: note: sys/usr/bin/X11: symbolic link loop" sys.err; fi &&
	purls sys.json >sys.purls && grep -q "^pkg:deb/" sys.purls
'

test_case 'this machine'"'"'s /usr/bin as it is: exit 0' '
	vouch sbom /usr/bin >bin.json 2>bin.err || { grep -v "^vouch: note: " bin.err | head; exit 1; }
'

test_done
