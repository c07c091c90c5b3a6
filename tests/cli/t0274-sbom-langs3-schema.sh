#!/usr/bin/env bash
# The BOMs of the Gleam, Perl and opam fixtures (tests/fixtures/{gleam,cpan,opam}) validate
# against the official CycloneDX 1.6 / 1.7 and SPDX 2.3 schemas, and are reproducible.
. "$(dirname "$0")/lib.sh"
. "$VOUCH_TOP/tests/lib/sbom.sh"
need_schemas cyclonedx-bom-1.6.schema.json cyclonedx-bom-1.7.schema.json spdx-2.3.schema.json

test_case 'one tree of the three projects: 6 files read (app.opam is read only beside its lock), CycloneDX 1.6 and 1.7, SPDX 2.3 valid' '
	mkdir -p all/gleam all/perl all/ocaml/.opam-switch &&
	cp "$VOUCH_TOP"/tests/fixtures/gleam/* all/gleam/ &&
	cp "$VOUCH_TOP"/tests/fixtures/cpan/* all/perl/ &&
	cp "$VOUCH_TOP"/tests/fixtures/opam/app.opam* all/ocaml/ &&
	cp "$VOUCH_TOP"/tests/fixtures/opam/switch-state all/ocaml/.opam-switch/ &&
	vouch sbom all >b16.json &&
	[ "$(files_read b16.json)" = 6 ] &&
	vouch sbom --spec-version 1.7 all >b17.json &&
	vouch sbom --format spdx all >spdx.json &&
	validate "$SCHEMAS/cyclonedx-bom-1.6.schema.json" b16.json >v &&
	validate "$SCHEMAS/cyclonedx-bom-1.7.schema.json" b17.json >>v &&
	validate "$SCHEMAS/spdx-2.3.schema.json" spdx.json >>v &&
	[ "$(grep -c "^ok " v)" = 3 ] &&
	purls b16.json >p &&
	grep -q "^pkg:hex/" p && grep -q "^pkg:cpan/" p && grep -q "^pkg:opam/" p
'

test_case 'the same tree twice gives the same bytes' '
	expect_code 0 env SOURCE_DATE_EPOCH=1700000000 "$VOUCH_BIN" sbom all >x1.json &&
	expect_code 0 env SOURCE_DATE_EPOCH=1700000000 "$VOUCH_BIN" sbom all >x2.json &&
	cmp x1.json x2.json
'

test_done
