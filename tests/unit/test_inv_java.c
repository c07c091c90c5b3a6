/*
 * test_inv_java.c: the Maven pom.xml, gradle.lockfile and Gradle
 * verification metadata extractors.
 */
#include "util/compat.h"
#include "harness.h"
#include "invcheck.h"

/* Expectations written from the fixtures in lockfiles/java-pomxml. */
static const struct ic_fixture pom_fixtures[] = {
	{ "ambiguous-interpolation.xml", 2, false }, /* two deps, no project coordinates */
	{ "empty.xml", 1, false },                   /* the project alone */
	{ "encoding.xml", 2, false },                /* ISO-8859-1 */
	{ "explicit-jar.xml", 3, false },
	{ "interpolate-drop.xml", 1, true }, /* a dependency without groupId */
	{ "interpolation.xml", 4, false },
	{ "invalid-syntax.xml", 0, true },
	{ "multi-version.xml", 2, false },
	{ "not-pom.txt", 0, true },
	{ "one-package.xml", 1, false },
	{ "parent/pom.xml", 2, false },
	{ "plugin-dependency.xml", 2, false }, /* plugin dependencies are not listed */
	{ "profiles.xml", 1, false },
	{ "transitive.xml", 4, false },
	{ "two-packages.xml", 2, false },
	{ "with-dependency-management.xml", 2, false },
	{ "with-multiple-classifiers.xml", 2, false },
	{ "with-parent.xml", 5, false },
	{ "with-scope.xml", 2, false },
	{ "with-type-classifier.xml", 1, false },
};

static const struct ic_fixture gradle_fixtures[] = {
	{ "5-pkg", 5, false },      { "one-pkg", 1, false },     { "only-comments", 0, false },
	{ "only-empty", 0, false }, { "with-bad-pkg", 2, true },
};

static const struct ic_fixture verification_fixtures[] = {
	{ "attribute-order.xml", 1, false }, { "duplicates.xml", 2, false },
	{ "empty.xml", 0, false },           { "missing-attribute.xml", 0, true },
	{ "multi-line.xml", 1, false },      { "multiple-versions.xml", 18, false },
	{ "not-xml.txt", 0, true },          { "odd-versions.xml", 28, false },
	{ "one-package.xml", 1, false },     { "single-quotes.xml", 1, false },
	{ "two-packages.xml", 2, false },
};

static void test_corpus_pom(void)
{
	CHECK_INT(
	        ic_check_folder("maven-pom", "java-pomxml", pom_fixtures, ARRAY_SIZE(pom_fixtures)),
	        20);
}

static void test_corpus_gradle_lockfile(void)
{
	CHECK_INT(ic_check_folder("gradle-lockfile", "java-gradlelockfile", gradle_fixtures,
	                          ARRAY_SIZE(gradle_fixtures)),
	          5);
}

static void test_corpus_gradle_verification(void)
{
	CHECK_INT(ic_check_folder("gradle-verification-metadata",
	                          "java-gradleverificationmetadataxml", verification_fixtures,
	                          ARRAY_SIZE(verification_fixtures)),
	          11);
}

/* transitive.xml: the project, its three dependencies; frank is only managed. */
static void test_pom_transitive_exact(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *root;

	ic_read_corpus(&inv, "maven-pom", "java-pomxml/transitive.xml");
	CHECK_PURLS(&inv, "pkg:maven/com.mycompany.app/my-app@1.0\n"
	                  "pkg:maven/org.direct/alice@1.0.0\n"
	                  "pkg:maven/org.direct/bob@2.0.0\n"
	                  "pkg:maven/org.direct/chris@3.0.0\n");
	root = IC_PKG(&inv, "pkg:maven/com.mycompany.app/my-app@1.0");
	CHECK_INT(root->flags, PKG_ROOT);
	CHECK_STR(root->ecosystem, "Maven");
	CHECK_INT(root->ndeps, 3);
	CHECK(ic_has_dep(root, "pkg:maven/org.direct/bob@2.0.0"));
	CHECK_INT(IC_PKG(&inv, "pkg:maven/org.direct/bob@2.0.0")->flags, PKG_DIRECT);
	CHECK_INT(IC_PKG(&inv, "pkg:maven/org.direct/bob@2.0.0")->locs[0].line, 22);
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

/* interpolation.xml: two versions from properties, one range left unresolved. */
static void test_pom_interpolation_exact(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *r;

	ic_read_corpus(&inv, "maven-pom", "java-pomxml/interpolation.xml");
	CHECK_PURLS(&inv, "pkg:maven/io.library/my-library@1.0-SNAPSHOT\n"
	                  "pkg:maven/org.mine/my.package@2.3.4\n"
	                  "pkg:maven/org.mine/mypackage@1.0.0\n"
	                  "pkg:maven/org.mine/ranged-package\n");
	r = IC_PKG(&inv, "pkg:maven/org.mine/ranged-package");
	CHECK_INT(r->flags, PKG_DIRECT | PKG_UNRESOLVED);
	CHECK(r->version == NULL);
	CHECK_STR(ic_prop(r, "vouch:maven-version"), "[9.4.35.v20201120,9.5)");
	CHECK_INT(ic_diag_line(&inv, "ranged-package"), 30);
	CHECK_INT(ic_diags(&inv, INV_NOTE, "range"), 1);
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

/* with-parent.xml read alone: chuck from dependencyManagement, frank unresolved. */
static void test_pom_with_parent_exact(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *f;

	ic_read_corpus(&inv, "maven-pom", "java-pomxml/with-parent.xml");
	CHECK_PURLS(&inv, "pkg:maven/com.mycompany.app/my-app@1.0\n"
	                  "pkg:maven/org.alice/alice@1.0.0\n"
	                  "pkg:maven/org.bob/bob@2.0.0\n"
	                  "pkg:maven/org.chuck/chuck@3.0.0\n"
	                  "pkg:maven/org.frank/frank\n");
	f = IC_PKG(&inv, "pkg:maven/org.frank/frank");
	CHECK(f->flags & PKG_UNRESOLVED);
	CHECK_INT(ic_diags(&inv, INV_NOTE, "'org.frank:frank' is neither given nor managed"), 1);
	CHECK_INT(ic_diags(&inv, INV_NOTE, "imports the BOM org.import:import:1.2.3"), 1);
	CHECK_INT(ic_diags(&inv, INV_NOTE, "parent POM org.local:parent-pom:1.0 is not in the"), 1);
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

static void test_pom_scopes_types(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *j;

	ic_read_corpus(&inv, "maven-pom", "java-pomxml/with-scope.xml");
	j = IC_PKG(&inv, "pkg:maven/junit/junit@4.12");
	CHECK_INT(j->flags, PKG_DIRECT | PKG_DEV);
	CHECK_STR(ic_prop(j, "vouch:maven-scope"), "test");
	CHECK_INT(IC_PKG(&inv, "pkg:maven/abc/xyz@1.2.3")->flags, PKG_DIRECT);
	inventory_release(&inv);

	ic_read_corpus(&inv, "maven-pom", "java-pomxml/with-type-classifier.xml");
	CHECK_PURLS(&inv, "pkg:maven/abc/xyz@1.0.0?classifier=sources&type=pom\n");
	inventory_release(&inv);

	/* an explicit <type>jar</type> is the default: the same package as none */
	ic_read_corpus(&inv, "maven-pom", "java-pomxml/explicit-jar.xml");
	CHECK_PURLS(&inv, "pkg:maven/com.example/my-lib@1.0.0\n"
	                  "pkg:maven/com.example/my-lib@1.0.0?type=pom\n"
	                  "pkg:maven/org.different/my-lib@1.0.0\n");
	inventory_release(&inv);

	/* the same dependency declared twice through properties: one package, two lines */
	ic_read_corpus(&inv, "maven-pom", "java-pomxml/ambiguous-interpolation.xml");
	CHECK_PURLS(&inv, "pkg:maven/com.example/common-lib@1.0.0\n");
	CHECK_INT(inv.pkgs[0]->nlocs, 2);
	CHECK_INT(inv.pkgs[0]->locs[0].line, 8);
	CHECK_INT(inv.pkgs[0]->locs[1].line, 13);
	inventory_release(&inv);

	/* declared twice with two versions: both listed, and a note */
	ic_read_corpus(&inv, "maven-pom", "java-pomxml/multi-version.xml");
	CHECK_PURLS(&inv, "pkg:maven/abc/example.com@1.0.0\npkg:maven/abc/example.com@1.1.1\n");
	CHECK_INT(ic_diag_line(&inv, "'abc:example.com' is declared again"), 13);
	inventory_release(&inv);

	/* profiles active by default are read */
	ic_read_corpus(&inv, "maven-pom", "java-pomxml/profiles.xml");
	CHECK_PURLS(&inv, "pkg:maven/org.profile/profile-dep@1.2.3\n");
	CHECK_STR(ic_prop(inv.pkgs[0], "vouch:maven-profile"), "my-profile");
	inventory_release(&inv);
}

static const char props_pom[] =
        "<?xml version=\"1.0\"?>\n"
        "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
        "  <modelVersion>4.0.0</modelVersion>\n"
        "  <parent>\n"
        "    <groupId>org.example</groupId><artifactId>parent</artifactId>\n"
        "    <version>7</version><relativePath/>\n"
        "  </parent>\n"
        "  <artifactId>app</artifactId>\n"
        "  <packaging>war</packaging>\n"
        "  <properties>\n"
        "    <base.version>2.1</base.version>\n"
        "    <lib.version>${base.version}.3</lib.version>\n"
        "    <cycle.a>x${cycle.b}</cycle.a>\n"
        "    <cycle.b>${cycle.a}</cycle.b>\n"
        "  </properties>\n"
        "  <dependencyManagement><dependencies>\n"
        "    <dependency><groupId>org.lib</groupId><artifactId>core</artifactId>\n"
        "      <version>${lib.version}</version></dependency>\n"
        "    <dependency><groupId>org.lib</groupId><artifactId>core</artifactId>\n"
        "      <classifier>tests</classifier><version>9</version><scope>test</scope>\n"
        "    </dependency>\n"
        "  </dependencies></dependencyManagement>\n"
        "  <dependencies>\n"
        "    <dependency><groupId>org.lib</groupId><artifactId>core</artifactId></dependency>\n"
        "    <dependency><groupId>org.lib</groupId><artifactId>core</artifactId>\n"
        "      <classifier>tests</classifier></dependency>\n"
        "    <dependency><groupId>${project.groupId}</groupId><artifactId>sibling</artifactId>\n"
        "      <version>${project.version}</version></dependency>\n"
        "    <dependency><groupId>org.servlet</groupId><artifactId>api</artifactId>\n"
        "      <version>3.0</version><scope>provided</scope><optional>true</optional>\n"
        "    </dependency>\n"
        "    <dependency><groupId>org.x</groupId><artifactId>loop</artifactId>\n"
        "      <version>${cycle.a}</version></dependency>\n"
        "  </dependencies>\n"
        "</project>\n";

/* Versions from nested properties, the parent's coordinates and dependencyManagement. */
static void test_pom_properties_and_management(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *root, *p;

	ic_read(&inv, "maven-pom", "pom.xml", props_pom);
	CHECK_PURLS(&inv, "pkg:maven/org.example/app@7?type=war\n"
	                  "pkg:maven/org.example/sibling@7\n"
	                  "pkg:maven/org.lib/core@2.1.3\n"
	                  "pkg:maven/org.lib/core@9?classifier=tests\n"
	                  "pkg:maven/org.servlet/api@3.0\n");
	root = IC_PKG(&inv, "pkg:maven/org.example/app@7?type=war");
	CHECK_INT(root->flags, PKG_ROOT);
	CHECK_INT(root->ndeps, 4);
	CHECK_INT(IC_PKG(&inv, "pkg:maven/org.lib/core@2.1.3")->flags, PKG_DIRECT);
	CHECK_INT(IC_PKG(&inv, "pkg:maven/org.lib/core@2.1.3")->locs[0].line, 24);
	p = IC_PKG(&inv, "pkg:maven/org.lib/core@9?classifier=tests");
	CHECK_INT(p->flags, PKG_DIRECT | PKG_DEV); /* scope test, from the management */
	p = IC_PKG(&inv, "pkg:maven/org.servlet/api@3.0");
	CHECK_INT(p->flags, PKG_DIRECT | PKG_OPTIONAL);
	CHECK_STR(ic_prop(p, "vouch:maven-scope"), "provided");
	/* the property cycle is an error on its line; the rest is read */
	CHECK_INT(inv.nerrors, 1);
	CHECK_INT(ic_diag_line(&inv, "refers to itself through"), 32);
	CHECK(inv.files[0].partial);
	/* the parent is remote (empty relativePath): said once */
	CHECK_INT(ic_diags(&inv, INV_NOTE, "org.example:parent:7 is not in the scanned tree"), 1);
	inventory_release(&inv);
}

static const char unresolved_pom[] =
        "<project>\n"
        "  <parent><groupId>org.corp</groupId><artifactId>corp-parent</artifactId>\n"
        "    <version>3</version></parent>\n"
        "  <artifactId>svc</artifactId>\n"
        "  <version>${revision}</version>\n"
        "  <dependencies>\n"
        "    <dependency><groupId>org.a</groupId><artifactId>a</artifactId>\n"
        "      <version>${a.version}</version></dependency>\n"
        "    <dependency><groupId>org.b</groupId><artifactId>b</artifactId></dependency>\n"
        "  </dependencies>\n"
        "</project>\n";

/* A property that only the (remote) parent could define: noted, never guessed. */
static void test_pom_unresolvable_parent_property(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *a, *b, *root;

	ic_read(&inv, "maven-pom", "svc/pom.xml", unresolved_pom);
	CHECK_PURLS(&inv, "pkg:maven/org.a/a\n"
	                  "pkg:maven/org.b/b\n"
	                  "pkg:maven/org.corp/svc\n");
	a = IC_PKG(&inv, "pkg:maven/org.a/a");
	CHECK_INT(a->flags, PKG_DIRECT | PKG_UNRESOLVED);
	CHECK(a->version == NULL);
	CHECK_STR(ic_prop(a, "vouch:maven-version"), "${a.version}");
	CHECK_INT(ic_diags(&inv, INV_NOTE, "property 'a.version' is not defined"), 1);
	CHECK_INT(ic_diag_line(&inv, "property 'a.version'"), 7);
	b = IC_PKG(&inv, "pkg:maven/org.b/b");
	CHECK_INT(b->flags, PKG_DIRECT | PKG_UNRESOLVED);
	CHECK(ic_prop(b, "vouch:maven-version") == NULL);
	CHECK_INT(ic_diag_line(&inv, "'org.b:b' is neither given nor managed"), 9);
	root = IC_PKG(&inv, "pkg:maven/org.corp/svc");
	CHECK_INT(root->flags, PKG_ROOT | PKG_UNRESOLVED);
	CHECK_STR(ic_prop(root, "vouch:maven-version"), "${revision}");
	CHECK_INT(ic_diags(&inv, INV_NOTE, "org.corp:corp-parent:3 is not in the scanned tree"), 1);
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

/* A parent POM in the tree (relativePath) supplies properties and managed versions. */
static void test_pom_local_parent(void)
{
	const char *dir = harness_tmpdir();
	struct inventory inv = INVENTORY_INIT;
	struct pkg *child;

	ic_write(dir, "parent/pom.xml",
	         "<project><groupId>org.p</groupId><artifactId>base</artifactId>\n"
	         "<version>5</version><packaging>pom</packaging>\n"
	         "<properties><x.version>1.5</x.version><y.version>${x.version}.1</y.version>"
	         "</properties>\n"
	         "<dependencyManagement><dependencies><dependency><groupId>org.y</groupId>"
	         "<artifactId>y</artifactId><version>${y.version}</version></dependency>"
	         "</dependencies></dependencyManagement></project>\n");
	ic_write(dir, "app/pom.xml",
	         "<project><parent><groupId>org.p</groupId><artifactId>base</artifactId>\n"
	         "<version>5</version><relativePath>../parent</relativePath></parent>\n"
	         "<artifactId>app</artifactId>\n"
	         "<properties><x.version>1.6</x.version></properties>\n"
	         "<dependencies><dependency><groupId>org.y</groupId><artifactId>y</artifactId>"
	         "</dependency>\n"
	         "<dependency><groupId>org.x</groupId><artifactId>x</artifactId>"
	         "<version>${x.version}</version></dependency></dependencies></project>\n");
	CHECK_OK(inventory_scan(&inv, dir, NULL));
	inventory_sort(&inv);
	/* the child's x.version wins, also inside the parent's y.version */
	CHECK_PURLS(&inv, "pkg:maven/org.p/app@5\n"
	                  "pkg:maven/org.p/base@5?type=pom\n"
	                  "pkg:maven/org.x/x@1.6\n"
	                  "pkg:maven/org.y/y@1.6.1\n");
	child = IC_PKG(&inv, "pkg:maven/org.p/app@5");
	CHECK_INT(child->ndeps, 2);
	CHECK_INT(inv.nerrors, 0);
	CHECK_INT(ic_diags(&inv, INV_NOTE, "not resolved"), 0);
	inventory_release(&inv);
}

static void test_pom_hostile(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct buf deep = BUF_INIT;

	/* entities are refused: no expansion, no external fetch */
	ic_read(&inv, "maven-pom", "pom.xml",
	        "<?xml version=\"1.0\"?>\n<!DOCTYPE project [\n<!ENTITY a \"aaaa\">\n"
	        "<!ENTITY b \"&a;&a;&a;&a;\">]>\n"
	        "<project><artifactId>&b;</artifactId></project>\n");
	CHECK_INT(inv.npkgs, 0);
	CHECK_INT(ic_diags(&inv, INV_ERROR, "declares XML entities"), 1);
	inventory_release(&inv);

	ic_read(&inv, "maven-pom", "pom.xml",
	        "<!DOCTYPE project SYSTEM \"http://127.0.0.1:9/x.dtd\">\n"
	        "<project><groupId>g</groupId><artifactId>a</artifactId><version>1</version>"
	        "</project>\n");
	CHECK_PURLS(&inv, "pkg:maven/g/a@1\n");
	inventory_release(&inv);

	/* nesting far past libxml2's limit: an error with a line, no crash */
	for (int i = 0; i < 20000; i++)
		buf_adds(&deep, "<a>\n");
	ic_read(&inv, "maven-pom", "pom.xml", deep.ptr);
	CHECK_INT(inv.nerrors, 1);
	CHECK(inv.diags[0].line > 0);
	inventory_release(&inv);

	/* properties that fan out exponentially: cut short, as an error on the line */
	buf_reset(&deep);
	buf_adds(&deep, "<project><properties>\n");
	for (int i = 0; i < 15; i++) {
		buf_addf(&deep, "<p%d>", i);
		for (int k = 0; k < 8; k++)
			buf_addf(&deep, "${p%d}", i + 1);
		buf_addf(&deep, "</p%d>\n", i);
	}
	buf_adds(&deep, "<p15>x</p15></properties><dependencies>\n"
	                "<dependency><groupId>g</groupId><artifactId>a</artifactId>"
	                "<version>${p0}</version></dependency></dependencies></project>\n");
	ic_read(&inv, "maven-pom", "pom.xml", deep.ptr);
	CHECK_INT(ic_diags(&inv, INV_ERROR, "property references in one value"), 1);
	CHECK_INT(ic_diag_line(&inv, "property references"), 18);
	inventory_release(&inv);
	buf_release(&deep);

	ic_read(&inv, "maven-pom", "pom.xml", "<dependencies/>");
	CHECK_INT(ic_diags(&inv, INV_ERROR, "not a Maven POM"), 1);
	inventory_release(&inv);
}

static void test_gradle_lockfile_exact(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *p;

	ic_read_corpus(&inv, "gradle-lockfile", "java-gradlelockfile/5-pkg");
	CHECK_PURLS(&inv,
	            "pkg:maven/org.springframework.boot/spring-boot-autoconfigure@2.7.4\n"
	            "pkg:maven/org.springframework.boot/spring-boot-configuration-processor@2.7.5\n"
	            "pkg:maven/org.springframework.boot/spring-boot-devtools@2.7.6\n"
	            "pkg:maven/org.springframework.boot/spring-boot-starter-aop@2.7.7\n"
	            "pkg:maven/org.springframework.boot/spring-boot-starter-data-jpa@2.7.8\n");
	p = IC_PKG(&inv, "pkg:maven/org.springframework.boot/spring-boot-devtools@2.7.6");
	CHECK_INT(p->flags, 0);
	CHECK_INT(p->locs[0].line, 7);
	CHECK_STR(ic_prop(p, "vouch:gradle-configurations"), "developmentOnly,runtimeClasspath");
	CHECK_STR(p->ecosystem, "Maven");
	inventory_release(&inv);

	ic_read(&inv, "gradle-lockfile", "gradle.lockfile",
	        "# This is a Gradle generated file for dependency locking.\n"
	        "junit:junit:4.13.2=testCompileClasspath,testRuntimeClasspath\n"
	        "org.hamcrest:hamcrest-core:1.3=androidTestRuntimeClasspath\n"
	        "com.google.guava:guava:32.0.0-jre=runtimeClasspath,testRuntimeClasspath\n"
	        "empty=annotationProcessor\n");
	CHECK_INT(IC_PKG(&inv, "pkg:maven/junit/junit@4.13.2")->flags, PKG_DEV);
	CHECK_INT(IC_PKG(&inv, "pkg:maven/org.hamcrest/hamcrest-core@1.3")->flags, PKG_DEV);
	CHECK_INT(IC_PKG(&inv, "pkg:maven/com.google.guava/guava@32.0.0-jre")->flags, 0);
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);

	ic_read_corpus(&inv, "gradle-lockfile", "java-gradlelockfile/with-bad-pkg");
	CHECK_INT(ic_diag_line(&inv, "'>>>'"), 3);
	CHECK_INT(ic_diags(&inv, INV_ERROR, NULL), 4);
	inventory_release(&inv);
}

/* Thousands of packages: merged, sorted, looked up (the inventory's index grows). */
static void test_gradle_many(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct buf b = BUF_INIT;

	for (int i = 0; i < 5000; i++)
		buf_addf(&b, "org.g%04d:a:1.%d=runtimeClasspath\n", i, i);
	ic_read(&inv, "gradle-lockfile", "gradle.lockfile", b.ptr);
	CHECK_INT(inv.npkgs, 5000);
	CHECK_STR(inv.pkgs[4999]->purl, "pkg:maven/org.g4999/a@1.4999");
	CHECK_INT(IC_PKG(&inv, "pkg:maven/org.g1234/a@1.1234")->locs[0].line, 1235);
	/* the same file again: every package merges into the existing one */
	ic_read(&inv, "gradle-lockfile", "other/gradle.lockfile", b.ptr);
	CHECK_INT(inv.npkgs, 5000);
	CHECK_INT(inv.pkgs[0]->nlocs, 2);
	inventory_release(&inv);
	buf_release(&b);
}

/* Gradle 6: one file per configuration, found by name in a walk. */
static void test_gradle_dependency_locks_folder(void)
{
	const char *dir = harness_tmpdir();
	struct inventory inv = INVENTORY_INIT;

	ic_write(dir, "gradle/dependency-locks/testRuntimeClasspath.lockfile",
	         "# comment\njunit:junit:4.12\n");
	ic_write(dir, "gradle/dependency-locks/runtimeClasspath.lockfile",
	         "org.slf4j:slf4j-api:1.7.30\n");
	ic_write(dir, "buildscript-gradle.lockfile", "a.b:c:1=classpath\n");
	CHECK_OK(inventory_scan(&inv, dir, NULL));
	inventory_sort(&inv);
	CHECK_PURLS(&inv, "pkg:maven/a.b/c@1\n"
	                  "pkg:maven/junit/junit@4.12\n"
	                  "pkg:maven/org.slf4j/slf4j-api@1.7.30\n");
	CHECK_INT(IC_PKG(&inv, "pkg:maven/junit/junit@4.12")->flags, PKG_DEV);
	CHECK_INT(inv.nfiles, 3);
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

static void test_gradle_verification_exact(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *p;

	/* the jar's SHA-512, not the POM's */
	ic_read_corpus(&inv, "gradle-verification-metadata",
	               "java-gradleverificationmetadataxml/one-package.xml");
	CHECK_PURLS(&inv, "pkg:maven/org.apache.pdfbox/pdfbox@2.0.17\n");
	p = inv.pkgs[0];
	CHECK_INT(p->nhashes, 1);
	CHECK_STR(ic_hash(p, "SHA-512"),
	          "7e11e54a21c395d461e59552e88b0de0ebaf1bf9d9bcacadf17b240d9bbc29bf6beb8e36896c18"
	          "6fe405d287f5d517b02c89381aa0fcc5e0aa5814e44f0ab331");
	CHECK_INT(p->locs[0].line, 10);
	inventory_release(&inv);

	/* a POM-only component (a parent) is the POM; classified artifacts have no hash here */
	ic_read_corpus(&inv, "gradle-verification-metadata",
	               "java-gradleverificationmetadataxml/odd-versions.xml");
	p = IC_PKG(&inv, "pkg:maven/com.google/google@1?type=pom");
	CHECK_STR(ic_hash(p, "SHA-256"),
	          "cd6db17a11a31ede794ccbd1df0e4d9750f640234731f21cff885a9997277e81");
	p = IC_PKG(&inv, "pkg:maven/com.android.tools.build/aapt2@8.3.0-10880808");
	CHECK_INT(p->nhashes, 0);
	p = IC_PKG(&inv, "pkg:maven/com.google.errorprone/javac@9%2B181-r4173-1");
	CHECK_STR(ic_hash(p, "SHA-256"),
	          "1d8d347a0e1579f3fc86ac04d1974e489afc66357f0009ac9804a7ac30912ed6");
	inventory_release(&inv);

	ic_read_corpus(&inv, "gradle-verification-metadata",
	               "java-gradleverificationmetadataxml/missing-attribute.xml");
	CHECK_INT(ic_diags(&inv, INV_ERROR, "without a group"), 1);
	CHECK_INT(ic_diags(&inv, INV_ERROR, "without a name"), 1);
	CHECK_INT(ic_diags(&inv, INV_ERROR, "without a version"), 1);
	inventory_release(&inv);
}

/* File names claimed in a walk. */
static void test_java_names(void)
{
	const char *dir = harness_tmpdir();
	struct inventory inv = INVENTORY_INIT;

	ic_write(dir, "pom.xml",
	         "<project><groupId>g</groupId><artifactId>a</artifactId><version>1</version>"
	         "</project>");
	ic_write(dir, "gradle/verification-metadata.xml",
	         "<verification-metadata><components><component group=\"g\" name=\"v\" "
	         "version=\"2\"/></components></verification-metadata>");
	ic_write(dir, "gradle.lockfile", "g:l:3=runtimeClasspath\n");
	ic_write(dir, "other/verification-metadata.xml", "<x/>");
	ic_write(dir, "notes.lockfile", "not:gradle:1=x\n");
	CHECK_OK(inventory_scan(&inv, dir, NULL));
	inventory_sort(&inv);
	CHECK_PURLS(&inv, "pkg:maven/g/a@1\npkg:maven/g/l@3\npkg:maven/g/v@2\n");
	CHECK_INT(inv.nfiles, 3);
	inventory_release(&inv);
}

RUN_TESTS("inv_java", T(test_corpus_pom), T(test_corpus_gradle_lockfile),
          T(test_corpus_gradle_verification), T(test_pom_transitive_exact),
          T(test_pom_interpolation_exact), T(test_pom_with_parent_exact), T(test_pom_scopes_types),
          T(test_pom_properties_and_management), T(test_pom_unresolvable_parent_property),
          T(test_pom_local_parent), T(test_pom_hostile), T(test_gradle_lockfile_exact),
          T(test_gradle_many), T(test_gradle_dependency_locks_folder),
          T(test_gradle_verification_exact), T(test_java_names))
