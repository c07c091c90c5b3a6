/*
 * dpkg.c: Debian and Ubuntu versions, as dpkg orders them (deb-version(7),
 * dpkg's verrevcmp).
 *
 * [EPOCH:]UPSTREAM[-REVISION]. The epoch is the digits before the first ':'
 * (0 when absent, at most INT_MAX as dpkg enforces); the revision follows the
 * last '-' (absent equals "0"). Upstream and revision compare alternately by
 * non-digit runs, where '~' sorts before everything including the end,
 * letters before the other characters, and by digit runs as numbers of any
 * length. Strings dpkg only warns about (upstream not starting with a digit,
 * characters outside [A-Za-z0-9.+~:-]) are refused here, as Debian policy
 * refuses them.
 *
 * opam (OCaml) orders versions with the same comparison, adapted: there is no
 * epoch (a ':' is not allowed), the revision still follows the last '-' and
 * compares only when the upstream parts are equal, and a version may start
 * with any of its characters, [A-Za-z0-9_+.~-] (opam's lexer), "~x" and
 * "v1.0" included.
 */
#include "util/compat.h"
#include "core/version/scheme.h"

struct dpkg_version {
	const char *epoch, *up, *rev;
	size_t epochlen, uplen, revlen;
};

static int dpkg_parse(const char *s, size_t len, struct dpkg_version *out)
{
	const char *colon = memchr(s, ':', len), *p;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < len; i++)
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			return version_reject("contains white space");
	if (colon) {
		out->epoch = s;
		out->epochlen = (size_t)(colon - s);
		if (!out->epochlen)
			return version_reject("epoch is empty");
		for (size_t i = 0; i < out->epochlen; i++)
			if (!vdigit((unsigned char)s[i]))
				return version_reject("epoch is not a number");
		if (vnum_cmp(out->epoch, out->epochlen, "2147483647", 10) > 0)
			return version_reject("epoch is too big");
		out->up = colon + 1;
		out->uplen = len - out->epochlen - 1;
	} else {
		out->up = s;
		out->uplen = len;
	}
	for (p = out->up + out->uplen; p > out->up && p[-1] != '-'; p--)
		;
	if (p > out->up) {
		out->rev = p;
		out->revlen = (size_t)(out->up + out->uplen - p);
		out->uplen = (size_t)(p - 1 - out->up);
		if (!out->revlen)
			return version_reject("revision is empty");
	}
	if (!out->uplen)
		return version_reject("upstream version is empty");
	if (!vdigit((unsigned char)out->up[0]))
		return version_reject("upstream version does not start with a digit");
	for (size_t i = 0; i < out->uplen; i++) {
		int c = (unsigned char)out->up[i];
		if (!valnum(c) && (!c || !strchr(".-+~:", c)))
			return version_reject("invalid character in upstream version");
	}
	for (size_t i = 0; i < out->revlen; i++) {
		int c = (unsigned char)out->rev[i];
		if (!valnum(c) && (!c || !strchr(".+~", c)))
			return version_reject("invalid character in revision");
	}
	return 0;
}

static int order(int c)
{
	if (vdigit(c))
		return 0;
	if (valpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c)
		return c + 256;
	return 0;
}

/* dpkg's verrevcmp over (ptr, len): a byte past the end reads as NUL. */
static int verrevcmp(const char *a, size_t al, const char *b, size_t bl)
{
	size_t i = 0, j = 0;
#define AT(s, n, k) ((k) < (n) ? (unsigned char)(s)[k] : 0)
	while (i < al || j < bl) {
		int first_diff = 0;

		while ((i < al && !vdigit(AT(a, al, i))) || (j < bl && !vdigit(AT(b, bl, j)))) {
			int ac = order(AT(a, al, i)), bc = order(AT(b, bl, j));
			if (ac != bc)
				return ac - bc;
			i++;
			j++;
		}
		while (AT(a, al, i) == '0')
			i++;
		while (AT(b, bl, j) == '0')
			j++;
		while (vdigit(AT(a, al, i)) && vdigit(AT(b, bl, j))) {
			if (!first_diff)
				first_diff = AT(a, al, i) - AT(b, bl, j);
			i++;
			j++;
		}
		if (vdigit(AT(a, al, i)))
			return 1;
		if (vdigit(AT(b, bl, j)))
			return -1;
		if (first_diff)
			return first_diff;
	}
#undef AT
	return 0;
}

static int dpkg_cmp(const struct dpkg_version *a, const struct dpkg_version *b)
{
	int c = vnum_cmp(a->epoch ? a->epoch : "0", a->epoch ? a->epochlen : 1,
	                 b->epoch ? b->epoch : "0", b->epoch ? b->epochlen : 1);

	if (c)
		return c;
	if ((c = verrevcmp(a->up, a->uplen, b->up, b->uplen)))
		return vsign(c);
	return vsign(verrevcmp(a->rev ? a->rev : "", a->revlen, b->rev ? b->rev : "", b->revlen));
}

VERSION_SCHEME_FROM_PARSE(dpkg, struct dpkg_version, "dpkg");

struct opam_version {
	const char *up, *rev;
	size_t uplen, revlen;
};

static int opam_parse(const char *s, size_t len, struct opam_version *out)
{
	const char *dash = NULL;

	memset(out, 0, sizeof(*out));
	if (!len)
		return version_reject("is empty");
	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)s[i];
		if (!valnum(c) && (!c || !strchr("-_+.~", c)))
			return version_reject(
			        "invalid character (opam allows A-Z a-z 0-9 - _ + . ~)");
		if (c == '-')
			dash = s + i;
	}
	out->up = s;
	out->uplen = dash ? (size_t)(dash - s) : len;
	out->rev = dash ? dash + 1 : s + len;
	out->revlen = dash ? len - out->uplen - 1 : 0;
	return 0;
}

static int opam_cmp(const struct opam_version *a, const struct opam_version *b)
{
	int c = verrevcmp(a->up, a->uplen, b->up, b->uplen);

	if (c)
		return vsign(c);
	return vsign(verrevcmp(a->rev, a->revlen, b->rev, b->revlen));
}

VERSION_SCHEME_FROM_PARSE(opam, struct opam_version, "opam");
