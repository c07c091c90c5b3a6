/*
 * gradle_lockfile.c: Gradle dependency locking (gradle.lockfile).
 *
 *     # comment
 *     group:name:version=configuration,configuration,...
 *     empty=configuration,...
 *
 * Every locked module is listed (the file does not say which are direct).
 * A module locked only in test configurations (names that start with "test"
 * or contain "Test": testRuntimeClasspath, androidTestCompileClasspath, ...)
 * is PKG_DEV; the configurations are kept as "vouch:gradle-configurations".
 * Also read: buildscript-gradle.lockfile and the per-configuration files of
 * Gradle 6 (gradle/dependency-locks/NAME.lockfile, where NAME is the
 * configuration).
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/lines.h"

#define GRADLE_MAX_ERRORS 20

/* Coordinates and configuration names are printable ASCII without spaces. */
static bool printable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

static bool test_configuration(const char *s, size_t n)
{
	return str_starts(s, n, "test") || memmem(s, n, "Test", 4) != NULL;
}

/*
 * Copies the comma list of configurations s (n bytes) into out without the
 * blanks around each name ("a, b" as Gradle accepts it becomes "a,b"); false
 * when a name holds a space, control or binary byte. *all_test tells whether
 * there is a name and every one is a test configuration.
 */
static bool conf_list(struct buf *out, bool *all_test, const char *s, size_t n)
{
	buf_reset(out);
	*all_test = false;
	while (n) {
		const char *comma = memchr(s, ',', n), *c = s;
		size_t l = comma ? (size_t)(comma - s) : n, cl = l;

		str_trim(&c, &cl);
		if (cl && !printable(c, cl))
			return false;
		if (cl) {
			*all_test = (out->len == 0 || *all_test) && test_configuration(c, cl);
			if (out->len)
				buf_addch(out, ',');
			buf_add(out, c, cl);
		}
		s += l;
		n -= l;
		if (n) {
			s++;
			n--;
		}
	}
	return true;
}

static int gradle_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct lines it = LINES_INIT(data, len);
	const char *s, *conf_file = NULL;
	size_t n, nerr = 0, conf_len = 0;
	const char *rel = extract_rel(ctx), *dl = strstr(rel, "dependency-locks/");
	struct buf cb = BUF_INIT;
	int ret = 0;

	/* gradle/dependency-locks/testRuntimeClasspath.lockfile: the name is the configuration */
	if (dl) {
		conf_file = dl + strlen("dependency-locks/");
		conf_len = strlen(conf_file) - strlen(".lockfile");
	}
	while (lines_next(&it, &s, &n)) {
		const char *eq, *c1, *c2;
		bool test = false;
		char *g = NULL, *a = NULL, *v = NULL, *cv;
		struct pkg *p;

		str_trim(&s, &n);
		if (!n || s[0] == '#' || str_starts(s, n, "empty="))
			continue;
		eq = memchr(s, '=', n);
		c1 = memchr(s, ':', eq ? (size_t)(eq - s) : n);
		c2 = c1 ? memchr(c1 + 1, ':', (size_t)((eq ? eq : s + n) - c1 - 1)) : NULL;
		if (!c1 || !c2 || c1 == s || c2 == c1 + 1 || c2 + 1 == (eq ? eq : s + n) ||
		    memchr(c2 + 1, ':', (size_t)((eq ? eq : s + n) - c2 - 1)) ||
		    (!eq && !conf_file) || !printable(s, eq ? (size_t)(eq - s) : n) ||
		    (eq && !conf_list(&cb, &test, eq + 1, (size_t)(s + n - eq - 1)))) {
			if (nerr++ < GRADLE_MAX_ERRORS)
				ret = printable(s, n)
				              ? extract_error(
				                        ctx, it.lineno,
				                        "not a 'group:name:version=configurations' "
				                        "line: '%.*s'",
				                        (int)(n > 80 ? 80 : n), s)
				              : extract_error(
				                        ctx, it.lineno,
				                        "not a 'group:name:version=configurations' "
				                        "line (spaces, control or binary bytes)");
			continue;
		}
		g = xstrndup(s, (size_t)(c1 - s));
		a = xstrndup(c1 + 1, (size_t)(c2 - c1 - 1));
		v = xstrndup(c2 + 1, (size_t)((eq ? eq : s + n) - c2 - 1));
		p = extract_add(ctx, "Maven", "maven", g, a, v, it.lineno);
		free(g);
		free(a);
		free(v);
		if (!p) {
			ret = ERR_PARSE;
			goto done;
		}
		if (!eq)
			conf_list(&cb, &test, conf_file, conf_len);
		if (test)
			p->flags |= PKG_DEV;
		cv = xstrndup(cb.ptr, cb.len);
		pkg_add_prop(p, "vouch:gradle-configurations", cv);
		free(cv);
	}
	if (nerr > GRADLE_MAX_ERRORS)
		ret = extract_error(ctx, 0, "%zu more lines not understood",
		                    nerr - GRADLE_MAX_ERRORS);
done:
	buf_release(&cb);
	return ret;
}

static bool gradle_match(const char *rel, const char *name)
{
	size_t n = strlen(name);

	if (!strcmp(name, "gradle.lockfile"))
		return true;
	/* buildscript-gradle.lockfile, settings-gradle.lockfile */
	if (n > 16 && !strcmp(name + n - 16, "-gradle.lockfile"))
		return true;
	return n > 9 && !strcmp(name + n - 9, ".lockfile") &&
	       strstr(rel, "gradle/dependency-locks/") != NULL;
}

static bool gradle_sniff(const char *data, size_t len)
{
	size_t n = len < 2048 ? len : 2048;

	return memmem(data, n, "# This is a Gradle generated file for dependency locking", 56);
}

const struct extractor gradle_lockfile_extractor = {
	"gradle-lockfile", "Maven", gradle_match, gradle_sniff, gradle_extract, 0,
};
