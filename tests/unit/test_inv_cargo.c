/*
 * The Cargo.lock extractor on the shared corpus (rust-cargolock) and on
 * lockfile versions 1 and 4.
 */
#include "util/compat.h"
#include "harness.h"
#include "inv_helper.h"

static void test_cargo_corpus(void)
{
	struct inventory inv = INVENTORY_INIT;
	size_t n = read_corpus_folder(&inv, "rust-cargolock", NULL, "cargo-lock");

	CHECK_INT(n, 9);
	CHECK_INT(inv.nfiles, 9);
	CHECK_INT(count_partial(&inv), 1);
	CHECK(file_partial(&inv, "/not-toml.txt"));
	inventory_release(&inv);
}

static void test_cargo_many_packages(void)
{
	struct inventory inv = INVENTORY_INIT;
	const struct pkg *p;

	read_fixture(&inv, "cargo-lock", "rust-cargolock/many-packages.lock");
	CHECK_DESCRIBE(&inv, "pkg:cargo/aho-corasick@0.7.18 - 12\n"
	                     "pkg:cargo/libc@0.2.140 - 33\n"
	                     "pkg:cargo/memchr@2.4.1 - 21\n"
	                     "pkg:cargo/syn@1.0.109 - 27\n"
	                     "pkg:cargo/syn@2.0.15 - 39\n"
	                     "pkg:cargo/zstd@0.11.2 - 6\n"
	                     "dep pkg:cargo/aho-corasick@0.7.18 -> pkg:cargo/memchr@2.4.1\n");
	p = find_pkg(&inv, "pkg:cargo/zstd@0.11.2");
	CHECK_INT(p->nhashes, 1);
	CHECK_STR(p->hashes[0].alg, "SHA-256");
	CHECK_STR(p->hashes[0].hex,
	          "20cc960326ece64f010d2d2107537f26dc589a6573a316bd5b1dba685fa5fde4");
	CHECK_STR(p->ecosystem, "crates.io");
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

static void test_cargo_sources(void)
{
	struct inventory inv = INVENTORY_INIT;

	read_fixture(&inv, "cargo-lock", "rust-cargolock/package-with-comments.lock");
	read_fixture(&inv, "cargo-lock", "rust-cargolock/two-packages-with-local.lock");
	read_fixture(&inv, "cargo-lock", "rust-cargolock/package-with-build-string.lock");
	CHECK_DESCRIBE(&inv, "pkg:cargo/addr2line@0.15.2 - 6\n"
	                     "pkg:cargo/local-rust-pkg@0.1.0 local 15\n"
	                     "pkg:cargo/syn@1.0.73 - 13\n"
	                     "pkg:cargo/wasi@0.10.2%2Bwasi-snapshot-preview1 - 6\n");
	CHECK_STR(pkg_prop(find_pkg(&inv, "pkg:cargo/syn@1.0.73"), "vouch:source"),
	          "git+https://github.com/rust-lang/cargo?branch=master"
	          "#061a9ab4cfabf2a403dbeab4bbcb8ff97d344dff");
	/* "gimli" is named but not locked: a note, not an error */
	CHECK_INT(inv.nerrors, 0);
	CHECK_INT(count_diags(&inv, INV_NOTE, "'gimli'"), 1);
	inventory_release(&inv);
}

static void test_cargo_v1_metadata(void)
{
	struct inventory inv = INVENTORY_INIT;
	const struct pkg *p;
	const char *text =
	        "[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n"
	        "dependencies = [\n \"log 0.4.8 "
	        "(registry+https://github.com/rust-lang/crates.io-index)\",\n"
	        " \"log 0.3.9 (registry+https://github.com/rust-lang/crates.io-index)\",\n"
	        " \"priv 1.0.0 (registry+https://my.registry/index)\",\n]\n\n"
	        "[[package]]\nname = \"log\"\nversion = \"0.4.8\"\n"
	        "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n"
	        "[[package]]\nname = \"log\"\nversion = \"0.3.9\"\n"
	        "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
	        "dependencies = [\n \"log 0.4.8 "
	        "(registry+https://github.com/rust-lang/crates.io-index)\",\n]\n\n"
	        "[[package]]\nname = \"priv\"\nversion = \"1.0.0\"\n"
	        "source = \"registry+https://my.registry/index\"\n\n"
	        "[metadata]\n"
	        "\"checksum log 0.4.8 (registry+https://github.com/rust-lang/crates.io-index)\" = "
	        "\"14b6052be84e6b71ab17edffc2eeabf5c2c3ae1fdb464aae35ac50c67a44e1f7\"\n"
	        "\"checksum log 0.3.9 (registry+https://github.com/rust-lang/crates.io-index)\" = "
	        "\"<none>\"\n";

	CHECK_OK(inventory_read_as(&inv, extractor_find("cargo-lock"), "Cargo.lock", "Cargo.lock",
	                           text, strlen(text), NULL));
	CHECK_DESCRIBE(&inv, "pkg:cargo/app@0.1.0 local 2\n"
	                     "pkg:cargo/log@0.3.9 direct 16\n"
	                     "pkg:cargo/log@0.4.8 direct 11\n"
	                     "pkg:cargo/priv@1.0.0?repository_url=https:%2F%2Fmy.registry%2Findex "
	                     "direct 24\n"
	                     "dep pkg:cargo/app@0.1.0 -> pkg:cargo/log@0.3.9\n"
	                     "dep pkg:cargo/app@0.1.0 -> pkg:cargo/log@0.4.8\n"
	                     "dep pkg:cargo/app@0.1.0 -> "
	                     "pkg:cargo/priv@1.0.0?repository_url=https:%2F%2Fmy.registry%2Findex\n"
	                     "dep pkg:cargo/log@0.3.9 -> pkg:cargo/log@0.4.8\n");
	p = find_pkg(&inv, "pkg:cargo/log@0.4.8");
	CHECK_INT(p->nhashes, 1);
	CHECK_STR(p->hashes[0].hex,
	          "14b6052be84e6b71ab17edffc2eeabf5c2c3ae1fdb464aae35ac50c67a44e1f7");
	CHECK_INT(find_pkg(&inv, "pkg:cargo/log@0.3.9")->nhashes, 0);
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

static void test_cargo_v4_transitive_and_errors(void)
{
	struct inventory inv = INVENTORY_INIT;
	const char *text = "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n"
	                   "dependencies = [\"serde\"]\n\n"
	                   "[[package]]\nname = \"serde\"\nversion = \"1.0.0\"\n"
	                   "source = \"sparse+https://index.crates.io/\"\n"
	                   "checksum = \"nothex\"\ndependencies = [\"serde_derive\"]\n\n"
	                   "[[package]]\nname = \"serde_derive\"\nversion = \"1.0.0\"\n"
	                   "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n"
	                   "[[package]]\nversion = \"9\"\n";

	CHECK_OK(inventory_read_as(&inv, extractor_find("cargo-lock"), "Cargo.lock", "Cargo.lock",
	                           text, strlen(text), NULL));
	CHECK_DESCRIBE(&inv, "pkg:cargo/app@0.1.0 local 4\n"
	                     "pkg:cargo/serde@1.0.0 direct 9\n"
	                     "pkg:cargo/serde_derive@1.0.0 transitive 16\n"
	                     "dep pkg:cargo/app@0.1.0 -> pkg:cargo/serde@1.0.0\n"
	                     "dep pkg:cargo/serde@1.0.0 -> pkg:cargo/serde_derive@1.0.0\n");
	/* a bad checksum and a package without a name */
	CHECK_INT(inv.nerrors, 2);
	inventory_release(&inv);
}

static void test_cargo_sniff(void)
{
	const struct extractor *e = extractor_find("cargo-lock");
	const char *a = "# This file is automatically @generated by Cargo.\nversion = 3\n";

	CHECK(e->sniff(a, strlen(a)));
	CHECK(!e->sniff("[[package]]\nname = \"x\"\n", 23));
}

RUN_TESTS("inv_cargo", T(test_cargo_corpus), T(test_cargo_many_packages), T(test_cargo_sources),
          T(test_cargo_v1_metadata), T(test_cargo_v4_transitive_and_errors), T(test_cargo_sniff))
