#!/usr/bin/env bash
# vouch key generate: files, modes, passwords, refusal to overwrite.
. "$(dirname "$0")/lib.sh"

test_case 'generate --no-password writes vouch.pub and vouch.key (0600) here' '
	vouch key generate --no-password >out 2>err &&
	test -f vouch.pub && test -f vouch.key &&
	test "$(stat -c %a vouch.key)" = 600 &&
	test "$(stat -c %a vouch.pub)" = 644 &&
	id=$(sed -n "s/^untrusted comment: minisign public key \([0-9A-F]\{16\}\)$/\1/p" vouch.pub) &&
	test -n "$id" && grep -q "$id" err &&
	cmp_output out <(sed -n 2p vouch.pub) &&
	test "$(sed -n 1p vouch.key)" = "untrusted comment: minisign encrypted secret key" &&
	test "$(wc -l <vouch.key)" = 2
'

test_case 'the key id in the comment is the one inside the base64 (little-endian display)' '
	vouch key generate --no-password -p k.pub -s k.key >/dev/null 2>&1 &&
	id=$(sed -n "s/^untrusted comment: minisign public key //p" k.pub) &&
	raw=$(sed -n 2p k.pub | base64 -d | od -An -tx1 -j2 -N8 | tr -d " \n" | tr a-f A-F) &&
	rev=$(echo "$raw" | sed "s/../&\n/g" | tac | tr -d "\n") &&
	test "$id" = "$rev"
'

test_case 'never overwrites without --force, and writes nothing then' '
	vouch key generate --no-password -p a.pub -s a.key 2>/dev/null >/dev/null &&
	cp a.pub a.pub.orig && rm a.key &&
	expect_code 4 vouch key generate --no-password -p a.pub -s a.key 2>err &&
	grep -q "a.pub.*already exists; use --force" err &&
	test ! -e a.key && cmp a.pub a.pub.orig &&
	vouch key generate --no-password --force -p a.pub -s a.key >/dev/null 2>&1 &&
	! cmp -s a.pub a.pub.orig && test -f a.key
'

test_case 'VOUCH_PASSWORD protects the key with scrypt (KDF "Sc")' '
	VOUCH_PASSWORD=hunter2 vouch key generate --kdf-limits interactive -p p.pub -s p.key >/dev/null 2>&1 &&
	sed -n 2p p.key | base64 -d | head -c 6 | od -An -c | tr -d " \n" | grep -qx "EdScB2"
'

test_case 'no password source and no terminal: a clear error, no files' '
	expect_code 2 setsid -w "$VOUCH_BIN" key generate -p n.pub -s n.key </dev/null 2>err &&
	grep -q "set VOUCH_PASSWORD" err && test ! -e n.pub && test ! -e n.key
'

test_case 'an empty password is refused' '
	expect_code 2 env VOUCH_PASSWORD= "$VOUCH_BIN" key generate -p e.pub -s e.key 2>err &&
	grep -q "empty password" err && test ! -e e.key
'

if command -v script >/dev/null 2>&1; then
test_case 'on a terminal the password is asked twice, without echo' '
	(sleep 0.5; printf "s3cret-pw\n"; sleep 0.3; printf "s3cret-pw\n") |
		script -qec "$VOUCH_BIN key generate --kdf-limits interactive -p t.pub -s t.key" /dev/null >tty.out &&
	grep -q "Password for the new secret key" tty.out &&
	grep -q "Password (again)" tty.out &&
	! grep -q s3cret-pw tty.out &&
	echo data >f && (sleep 0.5; printf "s3cret-pw\n") |
		script -qec "$VOUCH_BIN sign -s t.key f" /dev/null >tty2.out &&
	vouch verify -p t.pub f >/dev/null
'

test_case 'on a terminal two different passwords are refused' '
	(sleep 0.5; printf "one\n"; sleep 0.3; printf "two\n") |
		script -qec "$VOUCH_BIN key generate --kdf-limits interactive -p d.pub -s d.key" /dev/null >tty.out || true
	grep -q "the two passwords differ" tty.out && test ! -e d.key
'
else
	test_skip 'terminal password prompts' "needs 'script' (bsdutils)"
fi

test_case 'key without a verb and with an unknown verb are usage errors' '
	expect_code 2 vouch key 2>err && grep -q generate err &&
	expect_code 2 vouch key frob 2>err && grep -q "not a verb" err &&
	expect_code 2 vouch key generate extra 2>err && grep -q "unexpected argument" err
'
test_done
