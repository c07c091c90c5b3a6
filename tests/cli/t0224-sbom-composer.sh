#!/usr/bin/env bash
# vouch sbom on composer.lock (shared corpus).
. "$(dirname "$0")/lib.sh"
need_corpus
export L="$CORPUS/lockfiles"
. "$VOUCH_TOP/tests/lib/sbom.sh"

test_case 'composer.lock: every fixture read, the malformed ones named, exit 3' '
	n=$(tree_of php-composerlock composer.lock) && [ "$n" = 9 ] &&
	expect_code 3 vouch sbom t >bom.json 2>err &&
	[ "$(files_read bom.json)" = 9 ] &&
	named err >bad &&
	printf "%s\n" t/not-json.txt/composer.lock t/null.jsontest/composer.lock >want &&
	cmp_output want bad
'

test_case 'composer.lock: the package set of two-packages.json, dev scope and licenses' '
	expect_purls --type composer-lock "$L/php-composerlock/two-packages.json" <<-X
	pkg:composer/sentry/sdk@2.0.4
	pkg:composer/theseer/tokenizer@1.1.3
	X
	python3 -c "
import json; d=json.load(open(\"expect.bom\"))
c={x[\"purl\"]: x for x in d[\"components\"]}
t=c[\"pkg:composer/theseer/tokenizer@1.1.3\"]
assert t[\"scope\"]==\"excluded\", t
assert t[\"licenses\"]==[{\"expression\": \"BSD-3-Clause\"}], t" &&
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" expect.bom >/dev/null
'

test_case 'composer.lock: drupal-packages.json, SHA-1 dist hashes and edges; SPDX validates' '
	mkdir -p d && cp "$L/php-composerlock/drupal-packages.json" d/composer.lock &&
	expect_purls d <<-X
	pkg:composer/drupal/core@10.4.5
	pkg:composer/drupal/field_time@1.0.0-beta5
	pkg:composer/drupal/tfa@2.0.0-alpha4
	pkg:composer/theseer/tokenizer@1.1.3
	X
	grep -q "70b03b6c7868ced71ed0b3ca596ad83e76c2adc0" expect.bom &&
	vouch sbom --format spdx d >s.json &&
	validate "$SCHEMAS/spdx-2.3.schema.json" s.json >/dev/null
'

test_done
