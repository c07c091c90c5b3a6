/*
 * cabal_freeze.c: cabal's freeze file, cabal.project.freeze (cabal v2-freeze).
 *
 *     active-repositories: hackage.haskell.org:merge
 *     constraints: any.Cabal ==3.10.3.0,
 *                  any.aeson ==2.2.3.0,
 *                  aeson -cffi +ordered-keymap,
 *                  any.base ==4.18.2.1,
 *     index-state: hackage.haskell.org 2024-10-17T09:50:15Z
 *
 * cabal.project syntax: a field starts at the first column (NAME: VALUE) and
 * goes on over the indented lines after it; "--" starts a comment line. Only
 * constraints names packages: its comma-separated entries are a qualified
 * name (any.NAME, setup.NAME, PKG:setup.NAME or NAME) and a constraint. With
 * "==VERSION" the entry pins a package: pkg:hackage/NAME@VERSION in the OSV
 * ecosystem Hackage. Flags (+flag -flag), "installed" and "source" pin no
 * version; other version ranges are noted. Other fields (index-state, ...)
 * are left alone. A line that is neither a field nor a continuation, or an
 * entry that is not NAME CONSTRAINT, is an error on its line.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/inventory/haskell/hackage.h"
#include "util/alloc.h"
#include "util/lines.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* One entry of constraints (trimmed, not empty). Returns false when it is malformed. */
static bool entry(struct extract_ctx *ctx, size_t line, const char *s, size_t n)
{
	size_t q = 0, dot, i;
	const char *c;
	size_t cn;
	char *name, *ver;

	/* the qualified name ends at white space or a version operator */
	while (q < n && !is_space(s[q]) && !strchr("=<>^", s[q]))
		q++;
	for (dot = q; dot > 0 && s[dot - 1] != '.'; dot--)
		;
	if (!hackage_name_ok(s + dot, q - dot)) {
		extract_error(ctx, line, "'%s' is not a qualified package name and a constraint",
		              langkit_quote(s, n));
		return false;
	}
	c = s + q;
	cn = n - q;
	str_trim(&c, &cn);
	if (!cn || c[0] == '+' || c[0] == '-' || str_eq(c, cn, "installed") ||
	    str_eq(c, cn, "source"))
		return true; /* flags, or a constraint that pins no version */
	if (!str_starts(c, cn, "==")) {
		extract_note(ctx, line, "'%s' is not an exact version (==): not a package",
		             langkit_quote(s, n));
		return true;
	}
	c += 2;
	cn -= 2;
	str_trim(&c, &cn);
	for (i = 0; i < cn && !is_space(c[i]); i++)
		;
	if (i != cn || !hackage_version_ok(c, cn)) {
		extract_error(ctx, line, "'%s' is not ==VERSION", langkit_quote(s, n));
		return false;
	}
	name = xmemdupz(s + dot, q - dot);
	ver = xmemdupz(c, cn);
	(void)extract_add(ctx, HACKAGE_ECOSYSTEM, "hackage", NULL, name, ver, line);
	free(name);
	free(ver);
	return true;
}

/* The comma-separated entries on one line of constraints; returns the errors. */
static int constraints(struct extract_ctx *ctx, size_t line, const char *s, size_t n)
{
	int nerr = 0;

	while (n) {
		const char *comma = memchr(s, ',', n);
		size_t k = comma ? (size_t)(comma - s) : n;
		const char *e = s;
		size_t en = k;

		str_trim(&e, &en);
		if (en && !entry(ctx, line, e, en))
			nerr++;
		s += comma ? k + 1 : k;
		n -= comma ? k + 1 : k;
	}
	return nerr;
}

static int freeze_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct lines it = LINES_INIT(data, len);
	enum { NONE, OTHER, CONSTRAINTS } field = NONE;
	int nerr = 0;
	const char *s;
	size_t n;

	while (lines_next(&it, &s, &n)) {
		const char *t = s, *colon;
		size_t tn = n;

		if (nerr > LANGKIT_MAX_ERRORS) {
			extract_error(ctx, it.lineno, "more than %d errors: the rest is not read",
			              LANGKIT_MAX_ERRORS);
			break;
		}
		str_trim(&t, &tn);
		if (!tn || str_starts(t, tn, "--"))
			continue;
		if (t != s) { /* indented: the field above goes on */
			if (field == NONE) {
				nerr++;
				extract_error(ctx, it.lineno, "an indented line before any field");
			} else if (field == CONSTRAINTS) {
				nerr += constraints(ctx, it.lineno, t, tn);
			}
			continue;
		}
		colon = memchr(t, ':', tn);
		if (!colon) {
			/* a section header cabal does not know: it warns and goes on, and so do we */
			field = OTHER;
			extract_note(
			        ctx, it.lineno,
			        "'%s' is not a field: an unknown section, ignored (as cabal does)",
			        langkit_quote(t, tn));
			continue;
		}
		field = str_eq(t, (size_t)(colon - t), "constraints") ? CONSTRAINTS : OTHER;
		if (field == CONSTRAINTS)
			nerr += constraints(ctx, it.lineno, colon + 1,
			                    tn - (size_t)(colon + 1 - t));
	}
	return 0;
}

static bool freeze_match(const char *rel, const char *name)
{
	(void)rel;
	return !strcmp(name, "cabal.project.freeze");
}

static bool freeze_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	return memmem(data, head, "constraints:", 12) && memmem(data, head, "any.", 4);
}

const struct extractor cabal_freeze_extractor = {
	"cabal-freeze", HACKAGE_ECOSYSTEM, freeze_match, freeze_sniff, freeze_extract, 0,
};
