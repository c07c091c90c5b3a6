/*
 * rubygems.c: RubyGems versions (Gem::Version).
 *
 * A '-' reads as ".pre." (1.0-1 is 1.0.pre.1), the version is scanned into
 * digit runs (numbers) and letter runs (strings), and trailing zeros are
 * dropped from the numeric head and from the string tail separately
 * (Gem::Version#canonical_segments), so 1.0 = 1 and 1.0.a = 1.a. Segments
 * then compare in turn, a missing one counting as 0: numbers by value, a
 * string before a number, strings by bytes (case matters).
 *
 * Gem::Version wants a digit first and letters only after a '.' or '-';
 * here letters straight after digits ("1beta", read as 1.beta, the way its
 * scanner reads them) are accepted too, because OSV advisories carry such
 * strings. Leading and trailing white space is ignored as RubyGems does.
 */
#include "util/compat.h"
#include "core/version/scheme.h"

#define GEM_MAX_SEGS (VERSION_MAX_LEN + 1)

struct gem_seg {
	const char *p;
	uint16_t n;
	bool num;
};

struct gem {
	size_t n;
	struct gem_seg seg[GEM_MAX_SEGS];
};

static bool gem_zero(const struct gem_seg *s)
{
	if (!s->num)
		return false;
	for (size_t k = 0; k < s->n; k++)
		if (s->p[k] != '0')
			return false;
	return true;
}

static int rubygems_parse(const char *s, size_t len, struct gem *out)
{
	size_t i = 0, first_str, keep;

	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n'))
		len--;
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
		i++;
	if (i == len)
		return version_reject("empty");
	if (!vdigit((unsigned char)s[i]))
		return version_reject("does not start with a digit");
	out->n = 0;
	while (i < len) {
		size_t st = i;
		unsigned char c = (unsigned char)s[i];
		if (vdigit(c)) {
			while (i < len && vdigit((unsigned char)s[i]))
				i++;
			out->seg[out->n++] = (struct gem_seg){ s + st, (uint16_t)(i - st), true };
		} else if (valpha(c)) {
			while (i < len && valpha((unsigned char)s[i]))
				i++;
			out->seg[out->n++] = (struct gem_seg){ s + st, (uint16_t)(i - st), false };
		} else if (c == '.' || c == '-') {
			if (i + 1 == len || s[i + 1] == '.' || (c == '.' && s[i + 1] == '-'))
				return version_reject("empty segment");
			if (c == '-')
				out->seg[out->n++] = (struct gem_seg){ "pre", 3, false };
			i++;
		} else {
			return version_reject("only digits, letters, '.' and '-' are allowed");
		}
	}
	/* canonical_segments: drop trailing zeros of the numeric head and of the
	 * string tail */
	for (first_str = 0; first_str < out->n && out->seg[first_str].num; first_str++)
		;
	keep = out->n;
	while (keep > first_str && gem_zero(&out->seg[keep - 1]))
		keep--;
	out->n = keep;
	keep = first_str;
	while (keep > 0 && gem_zero(&out->seg[keep - 1]))
		keep--;
	if (keep < first_str) {
		memmove(&out->seg[keep], &out->seg[first_str],
		        (out->n - first_str) * sizeof(out->seg[0]));
		out->n -= first_str - keep;
	}
	return 0;
}

static int rubygems_cmp(const struct gem *a, const struct gem *b)
{
	static const struct gem_seg zero = { "0", 1, true };
	size_t n = a->n > b->n ? a->n : b->n;

	for (size_t k = 0; k < n; k++) {
		const struct gem_seg *x = k < a->n ? &a->seg[k] : &zero;
		const struct gem_seg *y = k < b->n ? &b->seg[k] : &zero;
		int c;
		if (x->num != y->num)
			return x->num ? 1 : -1;
		c = x->num ? vnum_cmp(x->p, x->n, y->p, y->n) : vstr_cmp(x->p, x->n, y->p, y->n);
		if (c)
			return c;
	}
	return 0;
}

VERSION_SCHEME_FROM_PARSE(rubygems, struct gem, "rubygems");
