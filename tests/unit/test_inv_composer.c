/*
 * The composer.lock extractor on the shared corpus (php-composerlock).
 */
#include "util/compat.h"
#include "harness.h"
#include "inv_helper.h"

static void test_composer_corpus(void)
{
	struct inventory inv = INVENTORY_INIT;
	size_t n = read_corpus_folder(&inv, "php-composerlock", NULL, "composer-lock");

	CHECK_INT(n, 9);
	CHECK_INT(inv.nfiles, 9);
	CHECK_INT(count_partial(&inv), 2);
	CHECK(file_partial(&inv, "/not-json.txt"));
	CHECK(file_partial(&inv, "/null.jsontest"));
	inventory_release(&inv);
}

static void test_composer_two_packages(void)
{
	struct inventory inv = INVENTORY_INIT;
	const struct pkg *p;

	read_fixture(&inv, "composer-lock", "php-composerlock/two-packages.json");
	CHECK_DESCRIBE(&inv, "pkg:composer/sentry/sdk@2.0.4 - 10\n"
	                     "pkg:composer/theseer/tokenizer@1.1.3 dev 43\n");
	p = find_pkg(&inv, "pkg:composer/sentry/sdk@2.0.4");
	CHECK_STR(p->namespace, "sentry");
	CHECK_STR(p->license, "MIT");
	CHECK_INT(p->nhashes, 0); /* "shasum": "" */
	CHECK_STR(pkg_prop(p, "vouch:source-reference"),
	          "4c115873c86ad5bd0ac6d962db70ca53bf8fb874");
	CHECK_STR(find_pkg(&inv, "pkg:composer/theseer/tokenizer@1.1.3")->license, "BSD-3-Clause");
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

static void test_composer_drupal(void)
{
	struct inventory inv = INVENTORY_INIT;
	const struct pkg *p;

	read_fixture(&inv, "composer-lock", "php-composerlock/drupal-packages.json");
	CHECK_DESCRIBE(&inv, "pkg:composer/drupal/core@10.4.5 - 10\n"
	                     "pkg:composer/drupal/field_time@1.0.0-beta5 dev 299\n"
	                     "pkg:composer/drupal/tfa@2.0.0-alpha4 - 174\n"
	                     "pkg:composer/theseer/tokenizer@1.1.3 - 261\n"
	                     "dep pkg:composer/drupal/field_time@1.0.0-beta5 -> "
	                     "pkg:composer/drupal/core@10.4.5\n"
	                     "dep pkg:composer/drupal/tfa@2.0.0-alpha4 -> "
	                     "pkg:composer/drupal/core@10.4.5\n");
	p = find_pkg(&inv, "pkg:composer/drupal/tfa@2.0.0-alpha4");
	CHECK_INT(p->nhashes, 1);
	CHECK_STR(p->hashes[0].alg, "SHA-1");
	CHECK_STR(p->hashes[0].hex, "70b03b6c7868ced71ed0b3ca596ad83e76c2adc0");
	CHECK_STR(p->license, "GPL-2.0-or-later");
	inventory_release(&inv);
}

static void test_composer_duplicates_and_licenses(void)
{
	struct inventory inv = INVENTORY_INIT;
	const char *text = "{\"packages\":[{\"name\":\"Acme/Lib\",\"version\":\"v1.0.0\","
	                   "\"license\":[\"MIT\",\"GPL-2.0-only\"],\"require\":{\"php\":\">=8\","
	                   "\"acme/other\":\"^2\"}},{\"name\":\"acme/other\",\"version\":\"2.1.0\","
	                   "\"license\":\"Apache-2.0\"},{\"name\":\"bad\",\"version\":\"1\"},"
	                   "{\"version\":\"1\"}],\"packages-dev\":null}";

	CHECK_OK(inventory_read_as(&inv, extractor_find("composer-lock"), "composer.lock",
	                           "composer.lock", text, strlen(text), NULL));
	CHECK_DESCRIBE(&inv, "pkg:composer/acme/lib@v1.0.0 - 1\n"
	                     "pkg:composer/acme/other@2.1.0 - 1\n"
	                     "dep pkg:composer/acme/lib@v1.0.0 -> pkg:composer/acme/other@2.1.0\n");
	CHECK_STR(find_pkg(&inv, "pkg:composer/acme/lib@v1.0.0")->license, "MIT OR GPL-2.0-only");
	CHECK_STR(find_pkg(&inv, "pkg:composer/acme/other@2.1.0")->license, "Apache-2.0");
	CHECK_INT(inv.nerrors, 2);
	inventory_release(&inv);
}

RUN_TESTS("inv_composer", T(test_composer_corpus), T(test_composer_two_packages),
          T(test_composer_drupal), T(test_composer_duplicates_and_licenses))
