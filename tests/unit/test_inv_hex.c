/*
 * test_inv_hex.c: the mix.lock extractor (Elixir and Erlang projects).
 */
#include "util/compat.h"
#include "harness.h"
#include "invcheck.h"

/* Expectations written from the fixtures. */
static const struct ic_fixture elixir_fixtures[] = {
	{ "empty", 0, false },
	{ "invalid", 1, true }, /* "certifi": {:hex, } */
	{ "valid", 2, false },
};

static const struct ic_fixture erlang_fixtures[] = {
	{ "empty.lock", 0, false },        { "git.lock", 3, false },
	{ "many.lock", 21, false },        { "one-package.lock", 1, false },
	{ "two-packages.lock", 2, false },
};

static void test_corpus(void)
{
	CHECK_INT(ic_check_folder("mix-lock", "elixir-mixlock", elixir_fixtures,
	                          ARRAY_SIZE(elixir_fixtures)),
	          3);
	CHECK_INT(ic_check_folder("mix-lock", "erlang-mixlock", erlang_fixtures,
	                          ARRAY_SIZE(erlang_fixtures)),
	          5);
}

static void test_two_packages_exact(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *plug;

	ic_read_corpus(&inv, "mix-lock", "erlang-mixlock/two-packages.lock");
	CHECK_PURLS(&inv, "pkg:hex/plug@1.11.1\npkg:hex/plug_crypto@1.2.2\n");
	plug = IC_PKG(&inv, "pkg:hex/plug@1.11.1");
	CHECK_STR(plug->ecosystem, "Hex");
	CHECK_INT(plug->locs[0].line, 2);
	/* the outer checksum hashes the tarball; the inner one is a property */
	CHECK_STR(ic_hash(plug, "SHA-256"),
	          "23524e4fefbb587c11f0833b3910bfb414bf2e2534d61928e920f54e3a1b881f");
	CHECK_STR(ic_prop(plug, "vouch:hex-inner-checksum"),
	          "f2992bac66fdae679453c9e86134a4201f6f43a687d8ff1cd1b2862d53c80259");
	/* mime and telemetry are not in the lock: one edge */
	CHECK_INT(plug->ndeps, 1);
	CHECK(ic_has_dep(plug, "pkg:hex/plug_crypto@1.2.2"));
	inventory_release(&inv);
}

static void test_git_entries(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *p;

	ic_read_corpus(&inv, "mix-lock", "erlang-mixlock/git.lock");
	CHECK_PURLS(&inv, "pkg:github/my-org/bar@bef3ee1d3618017061498b96c75043e8449ef9b5\n"
	                  "pkg:github/my-org/foe@a9574ab75d6ed01e1288c453ae1d943d7a964595\n"
	                  "pkg:github/my-org/foo@fc94cce7830fa4dc455024bc2a83720afe244531\n");
	p = IC_PKG(&inv, "pkg:github/my-org/foo@fc94cce7830fa4dc455024bc2a83720afe244531");
	CHECK(p->ecosystem == NULL);
	CHECK_INT(p->locs[0].line, 3);
	CHECK_STR(ic_prop(p, "vouch:git-url"), "https://github.com/my-org/foo.git");
	inventory_release(&inv);
}

static void test_term_forms(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *p;

	ic_read(&inv, "mix-lock", "mix.lock",
	        "# a comment\n"
	        "%{\"acme_app\" => {:hex, :acme, \"0.1.0\", \"aa\", [:mix], [], "
	        "\"hexpm:acme_corp\", "
	        "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"},\n"
	        "  \"old\": {:hex, :old, \"1.0.0\", \"bb\", [:rebar3], [{:acme_app, '~> 0.1', "
	        "[hex: :acme, optional: true]}]},\n"
	        "  \"lab\": {:git, \"git@gitlab.com:g/lab.git\", \"cafe\", [tag: \"v1\"]},\n"
	        "  \"e\\\"sc\": {:hex, :\"e-sc\", \"2.0.0\", \"cc\", [:make], [], \"hexpm\", "
	        "\"short\"},\n"
	        "}\n");
	CHECK_PURLS(&inv, "pkg:generic/lab@cafe?vcs_url=git%2Bgit%40gitlab.com:g%2Flab.git%40cafe\n"
	                  "pkg:hex/acme_corp/acme@0.1.0\n"
	                  "pkg:hex/e-sc@2.0.0\n"
	                  "pkg:hex/old@1.0.0\n");
	p = IC_PKG(&inv, "pkg:hex/acme_corp/acme@0.1.0");
	CHECK_STR(ic_prop(p, "vouch:mix-app"), "acme_app");
	CHECK(ic_has_dep(IC_PKG(&inv, "pkg:hex/old@1.0.0"), "pkg:hex/acme_corp/acme@0.1.0"));
	CHECK_INT(ic_diags(&inv, INV_ERROR, "outer checksum"), 1);
	CHECK_INT(ic_diag_line(&inv, "outer checksum"), 5);
	inventory_release(&inv);

	ic_read(&inv, "mix-lock", "mix.lock", "%{\"a\": {:hex, :a, \"1\"}} trailing");
	CHECK_INT(ic_diags(&inv, INV_ERROR, "text after"), 1);
	inventory_release(&inv);

	ic_read(&inv, "mix-lock", "mix.lock", "%{\n\"a\": {:hex, :a, \"1\n");
	CHECK_INT(ic_diags(&inv, INV_ERROR, "unterminated string"), 1);
	inventory_release(&inv);

	/* a syntax error: the entries before it are still listed */
	ic_read(&inv, "mix-lock", "mix.lock",
	        "%{\"a\": {:hex, :a, \"1.0.0\", \"x\"},\n \"b\": {:hex, :b, \"1\" oops}}\n");
	CHECK_PURLS(&inv, "pkg:hex/a@1.0.0\n");
	CHECK_INT(ic_diag_line(&inv, "expected ','"), 2);
	CHECK_INT(inv.nerrors, 1);
	inventory_release(&inv);
}

static void test_hostile(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct buf b = BUF_INIT;

	buf_adds(&b, "%{\"a\": ");
	for (int i = 0; i < 100000; i++)
		buf_addch(&b, '[');
	ic_read(&inv, "mix-lock", "mix.lock", b.ptr);
	CHECK_INT(ic_diags(&inv, INV_ERROR, "nested deeper"), 1);
	inventory_release(&inv);
	buf_release(&b);

	ic_read(&inv, "mix-lock", "mix.lock", "[1, 2]");
	CHECK_INT(ic_diags(&inv, INV_ERROR, "not a mix.lock"), 1);
	inventory_release(&inv);
}

RUN_TESTS("inv_hex", T(test_corpus), T(test_two_packages_exact), T(test_git_entries),
          T(test_term_forms), T(test_hostile))
