#include "util/compat.h"
#include "harness.h"
#include "core/version/version.h"
#include "util/err.h"

static void eco_is(const char *id, const char *vid, const char *version, const char *want)
{
	char *got = osv_distro_ecosystem(id, vid, version);

	if (!want) {
		CHECK(got == NULL);
		return;
	}
	CHECK(got != NULL);
	CHECK_STR(got, want);
	free(got);
}

/* os-release ID and VERSION_ID as each distribution ships them, named as OSV names them */
static void test_ecosystem_of_os_release(void)
{
	eco_is("debian", "12", NULL, "Debian:12");
	eco_is("debian", NULL, NULL, "Debian"); /* testing and sid have no VERSION_ID */
	eco_is("ubuntu", "22.04", "22.04.4 LTS (Jammy Jellyfish)", "Ubuntu:22.04");
	eco_is("alpine", "3.19.1", NULL, "Alpine:v3.19");
	eco_is("alpine", "3.20", NULL, "Alpine:v3.20");
	eco_is("wolfi", "20230201", NULL, "Wolfi");
	eco_is("chainguard", "20230214", NULL, "Chainguard");
	eco_is("rhel", "9.4", "9.4 (Plow)", "Red Hat:9.4");
	eco_is("rocky", "9.3", "9.3 (Blue Onyx)", "Rocky Linux:9");
	eco_is("almalinux", "8.10", NULL, "AlmaLinux:8");
	eco_is("opensuse-leap", "15.5", "15.5", "openSUSE:Leap 15.5");
	eco_is("opensuse-tumbleweed", "20240101", NULL, "openSUSE:Tumbleweed");
	eco_is("sles", "15.5", "15-SP5", "SUSE:15 SP5");
	eco_is("sles", "15", "15", "SUSE:15");
	eco_is("mageia", "9", NULL, "Mageia:9");
	eco_is("openeuler", "22.03", "22.03 (LTS-SP3)", "openEuler:22.03-LTS-SP3");
	eco_is("openeuler", "24.03", "24.03 (LTS)", "openEuler:24.03-LTS");
	eco_is("openeuler", "22.03", NULL, "openEuler:22.03");
	eco_is("photon", "5.0", "5.0", "Photon OS:5.0");
	eco_is("azurelinux", "3.0", "3.0.20240824", "Azure Linux:3");
	eco_is("mariner", "2.0", NULL, "Azure Linux:2");
	eco_is("fedora", "40", NULL, NULL); /* OSV has no Fedora ecosystem */
	eco_is("centos", "9", NULL, NULL);
	eco_is(NULL, "9", NULL, NULL);
}

/* Affected entries as the distributions' OSV data spells them */
static void test_release_applies(void)
{
	static const struct {
		const char *entry, *pkg;
		bool applies;
	} cases[] = {
		{ "Debian:12", "Debian:12", true },
		{ "Debian:11", "Debian:12", false },
		{ "Debian:12", "Debian", true },
		{ "Debian", "Debian:12", true },
		{ "Ubuntu:22.04:LTS", "Ubuntu:22.04", true },
		{ "Ubuntu:Pro:22.04:LTS", "Ubuntu:22.04", false },
		{ "Ubuntu:22.04:LTS", "Ubuntu:22.10", false },
		{ "Alpine:v3.19", "Alpine:v3.19", true },
		{ "Alpine:v3.19", "Alpine:v3.1", false },
		{ "Rocky Linux:9", "Rocky Linux:9", true },
		{ "Rocky Linux:8", "Rocky Linux:9", false },
		{ "Red Hat:enterprise_linux:9::appstream", "Red Hat:9.4", true },
		{ "Red Hat:enterprise_linux:9::baseos", "Red Hat:9", true },
		{ "Red Hat:enterprise_linux:8::baseos", "Red Hat:9.4", false },
		{ "Red Hat:enterprise_linux:9::appstream", "Red Hat:90.1", false },
		{ "Red Hat:rhel_eus:9.2::baseos", "Red Hat:9.2", true },
		{ "Red Hat:rhel_eus:9.2::baseos", "Red Hat:9.4", false },
		{ "Red Hat:enterprise_linux", "Red Hat:9.4", true },
		{ "SUSE:Linux Enterprise Server 15 SP5", "SUSE:15 SP5", true },
		{ "SUSE:Linux Enterprise Server 15 SP5-LTSS", "SUSE:15 SP5", true },
		{ "SUSE:Linux Enterprise Module for Basesystem 15 SP5", "SUSE:15 SP5", true },
		{ "SUSE:Linux Enterprise Server 15 SP4", "SUSE:15 SP5", false },
		{ "SUSE:Linux Enterprise Server 15 SP5", "SUSE:15", false },
		{ "SUSE:Linux Enterprise Server 15", "SUSE:15", true },
		{ "SUSE:Linux Enterprise Server 15 SP50", "SUSE:15 SP5", false },
		{ "openSUSE:Leap 15.5", "openSUSE:Leap 15.5", true },
		{ "openSUSE:Leap 15.5 NonFree", "openSUSE:Leap 15.5", true },
		{ "openSUSE:Leap 15.50", "openSUSE:Leap 15.5", false },
		{ "openSUSE:Leap Micro 5.5", "openSUSE:Leap 15.5", false },
		{ "openSUSE:Tumbleweed", "openSUSE:Tumbleweed", true },
		{ "openSUSE:Tumbleweed", "openSUSE:Leap 15.5", false },
		{ "openEuler:22.03-LTS-SP3", "openEuler:22.03-LTS-SP3", true },
		{ "openEuler:22.03-LTS-SP1", "openEuler:22.03-LTS-SP3", false },
		{ "openEuler:22.03-LTS-SP1", "openEuler:22.03", true },
		{ "openEuler:22.03-LTS-SP1", "openEuler:22.0", false },
		{ "Photon OS:5.0", "Photon OS:5.0", true },
		{ "Photon OS:4.0", "Photon OS:5.0", false },
		{ "Azure Linux:3", "Azure Linux:3", true },
		{ "Azure Linux:2", "Azure Linux:3", false },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		bool got = osv_release_applies(cases[i].entry, cases[i].pkg);

		if (got != cases[i].applies)
			harness_fail(__FILE__, __LINE__, "'%s' for '%s': %s, expected %s",
			             cases[i].entry, cases[i].pkg, got ? "applies" : "does not",
			             cases[i].applies ? "applies" : "does not");
	}
}

/* the ecosystems added with their tools' order */
static void test_more_ecosystems_ordered(void)
{
	static const struct {
		const char *eco, *a, *b;
		int want;
	} cases[] = {
		{ "Photon OS:5.0", "3.0.13-1.ph5", "3.0.13-2.ph5", -1 },
		{ "Azure Linux:3", "1:3.3.2-1.azl3", "3.3.2-9.azl3", 1 },
		{ "Alpaquita:23", "3.3.2-r0", "3.3.2-r1", -1 },
		{ "BellSoft Hardened Containers", "1.2_rc1-r0", "1.2-r0", -1 },
		{ "Julia", "1.10.0", "1.9.4", 1 },
		{ "Bioconductor", "3.18.0", "3.18-1", -1 },
		{ "VSCode", "1.2.3-beta", "1.2.3", -1 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct ecosystem *e = ecosystem_find(cases[i].eco);
		int c = 9;

		CHECK(e != NULL);
		CHECK_OK(version_compare(e, cases[i].a, strlen(cases[i].a), cases[i].b,
		                         strlen(cases[i].b), &c));
		if (c != cases[i].want)
			harness_fail(__FILE__, __LINE__, "%s: %s vs %s gave %d", cases[i].eco,
			             cases[i].a, cases[i].b, c);
	}
}

RUN_TESTS("distro", T(test_ecosystem_of_os_release), T(test_release_applies),
          T(test_more_ecosystems_ordered))
