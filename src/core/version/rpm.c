/*
 * rpm.c: RPM versions (the Red Hat family, SUSE, openEuler, Mageia), as
 * rpm's rpmvercmp orders them.
 *
 * [EPOCH:]VERSION[-RELEASE]: the epoch is the digits before the first ':'
 * (absent counts as 0), the release follows the last '-'. Epochs compare as
 * numbers; version and release with rpmvercmp: separators (anything not a
 * letter, digit, '~' or '^') only split segments; '~' sorts before anything,
 * the end included; '^' after the end but before anything else; a numeric
 * segment is newer than an alphabetic one; numbers compare by value, letters
 * by bytes. A version without release is older than the same with one, as in
 * rpm's rpmverCmp; an empty release ("1-") is a release all the same. Bytes
 * outside ASCII are separators, as in rpm.
 */
#include "util/compat.h"
#include "core/version/scheme.h"

struct rpm_version {
	const char *epoch, *ver, *rel;
	size_t epochlen, verlen, rellen;
};

static int rpm_parse(const char *s, size_t len, struct rpm_version *out)
{
	const char *colon = NULL, *dash = NULL;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f)
			return version_reject("contains white space or a control byte");
	}
	out->ver = s;
	out->verlen = len;
	/* An epoch is only digits before a ':' (rpm's parseEVR); a ':' elsewhere
	 * belongs to the version. */
	colon = memchr(s, ':', len);
	if (colon) {
		size_t n = (size_t)(colon - s);
		bool num = n > 0;
		for (size_t i = 0; i < n; i++)
			num = num && vdigit((unsigned char)s[i]);
		if (num) {
			out->epoch = s;
			out->epochlen = n;
			out->ver = colon + 1;
			out->verlen = len - n - 1;
		} else if (n == 0) {
			return version_reject("epoch is empty");
		}
	}
	for (size_t i = out->verlen; i > 0; i--)
		if (out->ver[i - 1] == '-') {
			dash = out->ver + i - 1;
			break;
		}
	if (dash) {
		out->rel = dash + 1;
		out->rellen = (size_t)(out->ver + out->verlen - out->rel);
		out->verlen = (size_t)(dash - out->ver);
	}
	if (!out->verlen)
		return version_reject("version is empty");
	return 0;
}

static bool seg_char(int c)
{
	return valnum(c) || c == '~' || c == '^';
}

/* rpmvercmp over (ptr, len). */
static int rpmvercmp(const char *a, size_t al, const char *b, size_t bl)
{
	size_t i = 0, j = 0;

	if (al == bl && !memcmp(a, b, al))
		return 0;
	while (i < al || j < bl) {
		size_t si, sj;
		bool isnum;
		int c;

		while (i < al && !seg_char((unsigned char)a[i]))
			i++;
		while (j < bl && !seg_char((unsigned char)b[j]))
			j++;
		if ((i < al && a[i] == '~') || (j < bl && b[j] == '~')) {
			if (!(i < al && a[i] == '~'))
				return 1;
			if (!(j < bl && b[j] == '~'))
				return -1;
			i++, j++;
			continue;
		}
		if ((i < al && a[i] == '^') || (j < bl && b[j] == '^')) {
			if (i >= al)
				return -1;
			if (j >= bl)
				return 1;
			if (a[i] != '^')
				return 1;
			if (b[j] != '^')
				return -1;
			i++, j++;
			continue;
		}
		if (!(i < al && j < bl))
			break;
		si = i;
		sj = j;
		isnum = vdigit((unsigned char)a[i]);
		if (isnum) {
			while (i < al && vdigit((unsigned char)a[i]))
				i++;
			while (j < bl && vdigit((unsigned char)b[j]))
				j++;
		} else {
			while (i < al && valpha((unsigned char)a[i]))
				i++;
			while (j < bl && valpha((unsigned char)b[j]))
				j++;
		}
		if (j == sj)
			return isnum ? 1 : -1;
		c = isnum ? vnum_cmp(a + si, i - si, b + sj, j - sj)
		          : vstr_cmp(a + si, i - si, b + sj, j - sj);
		if (c)
			return c;
	}
	if (i >= al && j >= bl)
		return 0;
	return i >= al ? -1 : 1;
}

static int rpm_cmp(const struct rpm_version *a, const struct rpm_version *b)
{
	int c = vnum_cmp(a->epoch ? a->epoch : "0", a->epoch ? a->epochlen : 1,
	                 b->epoch ? b->epoch : "0", b->epoch ? b->epochlen : 1);

	if (c)
		return c;
	if ((c = rpmvercmp(a->ver, a->verlen, b->ver, b->verlen)))
		return c;
	if (!a->rel || !b->rel)
		return (a->rel != NULL) - (b->rel != NULL);
	return rpmvercmp(a->rel, a->rellen, b->rel, b->rellen);
}

VERSION_SCHEME_FROM_PARSE(rpm, struct rpm_version, "rpm");
