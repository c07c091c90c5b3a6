#!/usr/bin/env bash
# vouch init: a commented vouch.toml prefilled from the project, never overwriting.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1795737600

mkdir -p proj/.well-known && (
	cd proj && git init -q . && git -c user.email=t@e -c user.name=t commit -q --allow-empty -m one &&
	git tag v1.0.0 && git tag v1.1.0 &&
	printf "{\"name\":\"shop-api\",\"version\":\"1.1.0\"}" >package.json &&
	printf "{\"name\":\"shop-api\",\"lockfileVersion\":3,\"packages\":{\"\":{\"name\":\"shop-api\"}}}" >package-lock.json &&
	printf "Contact: mailto:s@example.com\n" >.well-known/security.txt
) >/dev/null 2>&1

test_case 'init writes vouch.toml with the detected name, lockfile, security.txt and tags' '
	vouch init proj 2>err && [ -f proj/vouch.toml ] &&
	grep -q "^name = \"shop-api\" .*package.json" proj/vouch.toml &&
	grep -q "^#   proj/package-lock.json" proj/vouch.toml &&
	grep -q "^security_txt = \".well-known/security.txt\"" proj/vouch.toml &&
	grep -q "git tag v1.0.0" proj/vouch.toml && grep -q "git tag v1.1.0" proj/vouch.toml
'

test_case 'the written file is accepted by assess' '
	vouch assess --no-save --format json proj >a.json 2>err &&
	grep -q "\"name\": \"shop-api\"" a.json
'

test_case 'init never overwrites an existing vouch.toml' '
	cp proj/vouch.toml before && echo "# mine" >>proj/vouch.toml &&
	expect_code 1 vouch init proj 2>err && grep -q "already exists" err &&
	tail -1 proj/vouch.toml | grep -q "# mine"
'

test_case 'without a manifest the folder name is used; --output - prints the draft' '
	mkdir -p plain-dir && vouch init --output - plain-dir >draft 2>/dev/null &&
	grep -q "^name = \"plain-dir\"" draft && [ ! -f plain-dir/vouch.toml ] &&
	grep -q "no lockfile was found" draft
'

test_done
