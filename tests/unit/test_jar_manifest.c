#include "util/compat.h"
#include "harness.h"
#include "core/inventory/archive/jar_manifest.h"

struct warns {
	size_t n;
	size_t last_line;
};

static void count(void *arg, size_t line, const char *msg)
{
	struct warns *w = arg;

	(void)msg;
	w->n++;
	w->last_line = line;
}

/* The identity of manifest text s (truncated or not): "group|name|version|attr", "-" for NULL. */
static void check(const char *s, bool truncated, const char *want, size_t nwarn)
{
	struct jar_ident id = JAR_IDENT_INIT;
	struct warns w = { 0, 0 };
	char got[512];
	bool found = jar_manifest_ident(&id, s, strlen(s), truncated, NULL, count, &w);

	if (found)
		snprintf(got, sizeof(got), "%s|%s|%s|%s", id.group ? id.group : "-", id.name,
		         id.version ? id.version : "-", id.attr);
	else
		snprintf(got, sizeof(got), "none");
	CHECK_STR(got, want);
	CHECK_INT(w.n, nwarn);
	jar_ident_release(&id);
}

static void test_sources_in_order(void)
{
	check("Bundle-SymbolicName: a.b;singleton:=true\nBundle-Version: 1\n"
	      "Implementation-Title: t\nImplementation-Version: 2\n",
	      false, "-|a.b|1|Bundle-SymbolicName", 0);
	/* a symbolic name that is only directives does not count */
	check("Bundle-SymbolicName: ;x:=y\nImplementation-Title: t\nImplementation-Version: 2\n"
	      "Implementation-Vendor-Id: org.t\n",
	      false, "org.t|t|2|Implementation-Title", 0);
	check("Specification-Title: Some API\nSpecification-Version: 3\n", false,
	      "-|Some API|3|Specification-Title", 0);
	check("Manifest-Version: 1.0\nMain-Class: a.B\n", false, "none", 0);
	check("", false, "none", 0);
}

/* Automatic-Module-Name: after Implementation-Title, before Specification-Title; no group */
static void test_automatic_module_name(void)
{
	struct jar_ident id = JAR_IDENT_INIT;

	check("Automatic-Module-Name: spring.web\nImplementation-Title: spring-web\n"
	      "Implementation-Version: 5.3.24\n",
	      false, "-|spring-web|5.3.24|Implementation-Title", 0);
	check("Automatic-Module-Name: org.x.core\nImplementation-Version: 4\n"
	      "Implementation-Vendor-Id: org.x\nSpecification-Title: X API\n",
	      false, "-|org.x.core|4|Automatic-Module-Name", 0);
	/* no version in the manifest: the file name's */
	CHECK(jar_manifest_ident(&id, "Automatic-Module-Name: m.n\n", 26, false,
	                         "lib/m-n-2.1.0.jar", NULL, NULL));
	CHECK_STR(id.name, "m.n");
	CHECK_STR(id.version, "2.1.0");
	CHECK(id.group == NULL);
	jar_ident_release(&id);
	CHECK(jar_manifest_ident(&id, "Automatic-Module-Name: m.n\n", 26, false, "lib/mn.jar", NULL,
	                         NULL));
	CHECK(id.version == NULL);
	jar_ident_release(&id);
}

static void test_format(void)
{
	/* continuation lines, CRLF, names in any case, the last duplicate wins */
	check("bundle-symbolicname: org.exa\r\n mple.x\r\nBUNDLE-VERSION: 1\r\nBundle-Version: "
	      "2\r\n",
	      false, "-|org.example.x|2|Bundle-SymbolicName", 0);
	/* CR alone ends lines; the main section ends at the first empty line */
	check("Implementation-Title: t\r\rImplementation-Version: 9\r", false,
	      "-|t|-|Implementation-Title", 0);
	/* a line without a colon, a name with a space, a 71-byte name: skipped, the rest read */
	check("junk\nBad Name: x\n"
	      "A2345678901234567890123456789012345678901234567890123456789012345678901: v\n"
	      "Bundle-SymbolicName: ok\n",
	      false, "-|ok|-|Bundle-SymbolicName", 3);
	/* a continuation first: skipped */
	check(" cont\nBundle-SymbolicName: ok\n", false, "-|ok|-|Bundle-SymbolicName", 1);
	/* a control byte, and a value that is not UTF-8: the attribute skipped */
	check("Bundle-SymbolicName: a\x01"
	      "b\nImplementation-Title: caf\xe9\nSpecification-Title: s\n",
	      false, "-|s|-|Specification-Title", 2);
}

static void test_truncated(void)
{
	/* the last line of a cut manifest is not trusted */
	check("Bundle-SymbolicName: a.b\nBundle-Version: 1.2", true, "-|a.b|-|Bundle-SymbolicName",
	      1);
	/* ... nor the header before it when the cut line continues it */
	check("Bundle-SymbolicName: a.b\n .c", true, "none", 1);
	/* ... but a main section that ended before the cut is whole */
	check("Bundle-SymbolicName: a.b\nBundle-Version: 1.2\n\nName: x", true,
	      "-|a.b|1.2|Bundle-SymbolicName", 0);
}

static void test_value_limit(void)
{
	char s[JAR_MANIFEST_MAX_VALUE + 100];
	size_t n = 0;

	n += (size_t)snprintf(s, sizeof(s), "Bundle-SymbolicName: ");
	memset(s + n, 'a', JAR_MANIFEST_MAX_VALUE + 1);
	n += JAR_MANIFEST_MAX_VALUE + 1;
	snprintf(s + n, sizeof(s) - n, "\nSpecification-Title: s\n");
	check(s, false, "-|s|-|Specification-Title", 1);
}

static void test_file_names(void)
{
	static const char *const cases[][3] = {
		{ "/usr/share/java/commons-lang3-3.12.0.jar", "commons-lang3", "3.12.0" },
		{ "x.zip!/WEB-INF/lib/guava-31.1-jre.jar", "guava", "31.1-jre" },
		{ "gettext.jar", "gettext", NULL },
		{ "a-b-c.WAR", "a-b-c", NULL },
		{ "-1.jar", "-1", NULL },
		{ "lib-2", "lib", "2" },
	};
	struct jar_ident id = JAR_IDENT_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		CHECK(jar_filename_ident(&id, cases[i][0]));
		CHECK_STR(id.name, cases[i][1]);
		if (cases[i][2])
			CHECK_STR(id.version ? id.version : "(null)", cases[i][2]);
		else
			CHECK(id.version == NULL);
		jar_ident_release(&id);
	}
	CHECK(!jar_filename_ident(&id, "dir/"));
	CHECK(jar_is_java_archive("A.Ear") && !jar_is_java_archive("a.zip") &&
	      !jar_is_java_archive(".jar"));
}

RUN_TESTS("jar_manifest", T(test_sources_in_order), T(test_automatic_module_name), T(test_format),
          T(test_truncated), T(test_value_limit), T(test_file_names))
