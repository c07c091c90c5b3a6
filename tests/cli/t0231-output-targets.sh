#!/usr/bin/env bash
# Writing files (issue 12): --output and every other file vouch writes replace
# a regular file atomically, write a symbolic link through to its target (the
# link stays) and write a device or FIFO as it is (it stays a device or FIFO).
# Only files made here are written; /dev/null only when it is a character
# device, checked again after.
. "$(dirname "$0")/lib.sh"
need_cmd timeout

setup() {
	mkdir -p p && cp "$FIXTURES/npm/small/package-lock.json" p/ &&
	printf "Package: a\nStatus: install ok installed\nVersion: 1\n\n" >status &&
	printf "binary\n" >app &&
	{ [ -f k.key ] || vouch key generate --no-password -p k.pub -s k.key >/dev/null 2>&1; }
}
export -f setup

# run NAME OUT: runs the writer NAME with OUT as the file it writes.
run() {
	case $1 in
	sbom) vouch sbom p -o "$2" ;;
	assess) vouch assess --format json --no-save p -o "$2" ;;
	env) vouch env snapshot --no-tools --dpkg-status status -o "$2" ;;
	attest) vouch attest provenance -s k.key -o "$2" app ;;
	key) vouch key generate --force --no-password -s k2.key -p "$2" ;;
	init) vouch init p --output "$2" ;;
	esac
}
export -f run
writers="sbom assess env attest key init"
export writers

test_case 'a link is written through: the link stays, its target gets the output' '
	setup &&
	for w in $writers; do
		echo old >real-$w && ln -s real-$w link-$w &&
		ln -s sub/new-$w dangling-$w && mkdir -p sub &&
		if [ $w = init ]; then
			# init never overwrites a file, even behind a link
			expect_code 1 run $w link-$w 2>err && grep -q "already exists" err &&
			[ "$(cat real-$w)" = old ] || { echo "$w: init overwrote"; exit 1; }
		else
			run $w link-$w >/dev/null 2>err || { echo "$w:"; cat err; exit 1; }
			[ -L link-$w ] && [ -f real-$w ] && [ "$(cat real-$w)" != old ] ||
				{ echo "$w: link replaced"; ls -l link-$w real-$w; exit 1; }
		fi &&
		run $w dangling-$w >/dev/null 2>err || { echo "$w:"; cat err; exit 1; }
		[ -L dangling-$w ] && [ -f sub/new-$w ] && [ -s sub/new-$w ] ||
			{ echo "$w: dangling link replaced"; ls -l dangling-$w sub; exit 1; }
	done
'

test_case 'a FIFO is written as it is and stays a FIFO' '
	setup &&
	for w in $writers; do
		mkfifo fifo-$w &&
		{ timeout 60 cat fifo-$w >got-$w & } &&
		timeout 60 bash -c "run $w fifo-$w" >/dev/null 2>err || { echo "$w:"; cat err; exit 1; }
		wait &&
		[ -p fifo-$w ] && [ -s got-$w ] || { echo "$w: fifo"; ls -l fifo-$w got-$w; exit 1; }
	done
'

# As root, a vouch that replaced what it writes would replace the system's
# /dev/null: root gets a null device node of its own here instead. Others
# cannot replace /dev/null, so they use it.
test_case 'a character device stays a character device' '
	if [ "$(id -u)" = 0 ]; then
		mknod -m 666 null c 1 3 2>/dev/null || { echo "mknod not allowed: not checked"; exit 0; }
		dev=$PWD/null
	else
		dev=/dev/null
	fi &&
	[ -c "$dev" ] && setup &&
	for w in $writers; do
		run $w "$dev" >/dev/null 2>err || { echo "$w:"; cat err; exit 1; }
		test -c "$dev" || { echo "$w replaced $dev"; exit 1; }
	done &&
	test -c /dev/null
'

test_case 'the signature next to a file is written through a link' '
	setup &&
	echo old >real.minisig && ln -s real.minisig app.minisig &&
	vouch sign -s k.key app 2>err &&
	[ -L app.minisig ] && grep -q "untrusted comment" real.minisig &&
	vouch verify -p k.pub app
'

test_case 'a folder as output is refused by name' '
	mkdir -p p && cp "$FIXTURES/npm/small/package-lock.json" p/ && mkdir d &&
	expect_code 4 vouch sbom p -o d 2>err && grep -q "cannot write .d.: it is a folder" err &&
	[ -d d ]
'

test_done
