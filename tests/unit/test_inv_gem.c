/*
 * The Gemfile.lock extractor on the shared corpus (ruby-gemfilelock).
 */
#include "util/compat.h"
#include "harness.h"
#include "inv_helper.h"
#include "core/inventory/langkit.h"

static void test_gem_corpus(void)
{
	struct inventory inv = INVENTORY_INIT;
	size_t n = read_corpus_folder(&inv, "ruby-gemfilelock", ".lock", "gem-gemfile-lock");

	CHECK_INT(n, 11);
	CHECK_INT(inv.nfiles, 11);
	CHECK_INT(count_partial(&inv), 1);
	CHECK(file_partial(&inv, "/invalid.lock"));
	CHECK_INT(count_diags(&inv, INV_ERROR, "not a spec line"), 1);
	inventory_release(&inv);
}

static void test_gem_git_sources(void)
{
	struct inventory inv = INVENTORY_INIT;

	read_fixture(&inv, "gem-gemfile-lock", "ruby-gemfilelock/has-git-gem.lock");
	CHECK_DESCRIBE(
	        &inv,
	        "pkg:gem/concurrent-ruby@1.1.7 transitive 22\n"
	        "pkg:gem/hanami-controller@2.0.0.alpha1 transitive 6\n"
	        "pkg:gem/hanami-utils@2.0.0.alpha1 direct 15\n"
	        "pkg:gem/rack@2.2.3 transitive 23\n"
	        "pkg:gem/transproc@1.1.1 transitive 24\n"
	        "dep pkg:gem/hanami-controller@2.0.0.alpha1 -> pkg:gem/hanami-utils@2.0.0.alpha1\n"
	        "dep pkg:gem/hanami-controller@2.0.0.alpha1 -> pkg:gem/rack@2.2.3\n"
	        "dep pkg:gem/hanami-utils@2.0.0.alpha1 -> pkg:gem/concurrent-ruby@1.1.7\n"
	        "dep pkg:gem/hanami-utils@2.0.0.alpha1 -> pkg:gem/transproc@1.1.1\n");
	CHECK_STR(
	        pkg_prop(find_pkg(&inv, "pkg:gem/hanami-utils@2.0.0.alpha1"), "vouch:source"),
	        "git+https://github.com/hanami/utils.git@5904fc9a70683b8749aa2861257d0c8c01eae4aa");
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

static void test_gem_rubocop(void)
{
	struct inventory inv = INVENTORY_INIT;

	read_fixture(&inv, "gem-gemfile-lock", "ruby-gemfilelock/rubocop.lock");
	CHECK_DESCRIBE(&inv, "pkg:gem/ast@2.4.2 transitive 4\n"
	                     "pkg:gem/parallel@1.21.0 transitive 5\n"
	                     "pkg:gem/parser@3.1.1.0 transitive 6\n"
	                     "pkg:gem/rainbow@3.1.1 transitive 8\n"
	                     "pkg:gem/regexp_parser@2.2.1 transitive 9\n"
	                     "pkg:gem/rexml@3.2.5 transitive 10\n"
	                     "pkg:gem/rubocop-ast@1.16.0 transitive 20\n"
	                     "pkg:gem/rubocop@1.25.1 direct 11\n"
	                     "pkg:gem/ruby-progressbar@1.11.0 transitive 22\n"
	                     "pkg:gem/unicode-display_width@2.1.0 transitive 23\n"
	                     "dep pkg:gem/parser@3.1.1.0 -> pkg:gem/ast@2.4.2\n"
	                     "dep pkg:gem/rubocop-ast@1.16.0 -> pkg:gem/parser@3.1.1.0\n"
	                     "dep pkg:gem/rubocop@1.25.1 -> pkg:gem/parallel@1.21.0\n"
	                     "dep pkg:gem/rubocop@1.25.1 -> pkg:gem/parser@3.1.1.0\n"
	                     "dep pkg:gem/rubocop@1.25.1 -> pkg:gem/rainbow@3.1.1\n"
	                     "dep pkg:gem/rubocop@1.25.1 -> pkg:gem/regexp_parser@2.2.1\n"
	                     "dep pkg:gem/rubocop@1.25.1 -> pkg:gem/rexml@3.2.5\n"
	                     "dep pkg:gem/rubocop@1.25.1 -> pkg:gem/rubocop-ast@1.16.0\n"
	                     "dep pkg:gem/rubocop@1.25.1 -> pkg:gem/ruby-progressbar@1.11.0\n"
	                     "dep pkg:gem/rubocop@1.25.1 -> pkg:gem/unicode-display_width@2.1.0\n");
	inventory_release(&inv);
}

static void test_gem_rails_platform(void)
{
	struct inventory inv = INVENTORY_INIT;
	const struct pkg *p;

	read_fixture(&inv, "gem-gemfile-lock", "ruby-gemfilelock/rails.lock");
	CHECK_INT(inv.npkgs, 46); /* the 46 four-space spec lines */
	/* "nokogiri (1.13.3-x86_64-linux)": version 1.13.3, platform qualifier */
	p = find_pkg(&inv, "pkg:gem/nokogiri@1.13.3?platform=x86_64-linux");
	CHECK(p != NULL);
	CHECK_STR(p->version, "1.13.3");
	CHECK_INT(p->ndeps, 1);
	CHECK_STR(p->deps[0], "pkg:gem/racc@1.6.0");
	CHECK((find_pkg(&inv, "pkg:gem/rails@7.0.2.2")->flags & PKG_DIRECT) != 0);
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

static void test_gem_sections_at_end_and_checksums(void)
{
	struct inventory inv = INVENTORY_INIT;
	const struct pkg *p;
	const char *text =
	        "PATH\n  remote: vendor/local\n  specs:\n    mine (0.1.0)\n      rack\n\n"
	        "GEM\n  remote: https://gems.example.org/\n  specs:\n"
	        "    rack (3.0.0)\n    ffi (1.16.3-x86_64-linux-gnu)\n\n"
	        "PLATFORMS\n  ruby\n\nDEPENDENCIES\n  mine!\n  ffi\n\n"
	        "CHECKSUMS\n  rack (3.0.0) sha256="
	        "2c2349112351b88699d8d4b6b075022c0808887cb7ad10069318a8b0bc88db44\n"
	        "\nBUNDLED WITH\n   2.5.3\n";

	CHECK_OK(inventory_read_as(&inv, extractor_find("gem-gemfile-lock"), "Gemfile.lock",
	                           "Gemfile.lock", text, strlen(text), NULL));
	CHECK_DESCRIBE(
	        &inv,
	        "pkg:gem/ffi@1.16.3?platform=x86_64-linux-gnu&repository_url=https:%2F%2Fgems."
	        "example.org%2F direct 11\n"
	        "pkg:gem/mine@0.1.0 direct,local 4\n"
	        "pkg:gem/rack@3.0.0?repository_url=https:%2F%2Fgems.example.org%2F transitive "
	        "10\n"
	        "dep pkg:gem/mine@0.1.0 -> "
	        "pkg:gem/rack@3.0.0?repository_url=https:%2F%2Fgems.example.org%2F\n");
	p = inv.pkgs[2];
	CHECK_INT(p->nhashes, 1);
	CHECK_STR(p->hashes[0].alg, "SHA-256");
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

static void test_gem_sniff(void)
{
	const struct extractor *e = extractor_find("gem-gemfile-lock");

	CHECK(e->sniff("PLATFORMS\n  ruby\n", 17));
	CHECK(e->sniff("\nGEM\n", 5));
	CHECK(!e->sniff("GEMS\n", 5));
	CHECK(e->match("Gemfile.lock", "Gemfile.lock"));
	CHECK(e->match("a/Gemfile.next.lock", "Gemfile.next.lock"));
	CHECK(e->match("gems.locked", "gems.locked"));
	CHECK(!e->match("Gemfile", "Gemfile"));
}

/* 50,000 specs in a chain: read, merged and sorted in linear-ish time (no n * n step) */
static void test_gem_large_lockfile(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct buf b = BUF_INIT;
	const size_t n = 50000;

	buf_adds(&b, "GEM\n  remote: https://rubygems.org/\n  specs:\n");
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "    g%zu (1.%zu)\n      g%zu\n", i, i, (i + 1) % n);
	buf_adds(&b, "\nDEPENDENCIES\n  g0\n");
	CHECK_OK(inventory_read_as(&inv, extractor_find("gem-gemfile-lock"), "Gemfile.lock",
	                           "Gemfile.lock", b.ptr, b.len, NULL));
	inventory_sort(&inv);
	CHECK_INT(inv.npkgs, n);
	CHECK_INT(inv.nerrors, 0);
	for (size_t i = 0; i < inv.npkgs; i++)
		CHECK_INT(inv.pkgs[i]->ndeps, 1);
	CHECK((find_pkg(&inv, "pkg:gem/g0@1.0")->flags & PKG_DIRECT) != 0);
	buf_release(&b);
	inventory_release(&inv);
}

/* junk: errors are capped, and what they quote is printable */
static void test_gem_junk(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct buf b = BUF_INIT;

	buf_adds(&b, "GEM\n  specs:\n");
	for (int i = 0; i < 5000; i++)
		buf_addf(&b, "S\x1b[31m\xff%d\n", i);
	CHECK_OK(inventory_read_as(&inv, extractor_find("gem-gemfile-lock"), "Gemfile.lock",
	                           "Gemfile.lock", b.ptr, b.len, NULL));
	CHECK_INT(inv.nerrors, LANGKIT_MAX_ERRORS + 2);
	CHECK_INT(count_diags(&inv, INV_ERROR, "the rest is not read"), 1);
	for (size_t i = 0; i < inv.ndiags; i++)
		for (const char *c = inv.diags[i].msg; *c; c++)
			CHECK(*c >= 0x20 && *c < 0x7f);
	CHECK(count_diags(&inv, INV_ERROR, "'S\\x1b[31m\\xff0'") == 1);
	buf_release(&b);
	inventory_release(&inv);
}

RUN_TESTS("inv_gem", T(test_gem_corpus), T(test_gem_git_sources), T(test_gem_rubocop),
          T(test_gem_rails_platform), T(test_gem_sections_at_end_and_checksums), T(test_gem_sniff),
          T(test_gem_large_lockfile), T(test_gem_junk))
