/*
 * scheme.h: what the comparator files in this folder share (internal).
 *
 * A comparator parses with explicit lengths and, on a string that is not a
 * version under its rules, returns version_reject(reason): the reason is a
 * static string kept per thread until version.c turns it into the message
 * "'S' is not a ECOSYSTEM version: REASON".
 */
#ifndef VOUCH_VERSION_SCHEME_H
#define VOUCH_VERSION_SCHEME_H

#include "util/compat.h"
#include "core/version/version.h"

/* Records reason (a static string) and returns ERR_PARSE. */
int version_reject(const char *reason);
/* The reason recorded by the last version_reject() in this thread. */
const char *version_reason(void);

/* Compares two strings of ASCII digits as numbers of any length: -1, 0 or 1. */
int vnum_cmp(const char *a, size_t alen, const char *b, size_t blen);
/* A list of numbers separated by single non-digits ("1.0-2"), for CRAN and
 * Hackage; vnumlist_cmp() compares two validated ones as lists, a prefix
 * being older: -1, 0 or 1. */
struct numlist {
	const char *s;
	size_t len;
};
int vnumlist_cmp(const char *a, size_t alen, const char *b, size_t blen);
/* Compares byte strings as memcmp would, the shorter first on a common prefix. */
int vstr_cmp(const char *a, size_t alen, const char *b, size_t blen);
/* As vstr_cmp(), ASCII case folded. */
int vstr_casecmp(const char *a, size_t alen, const char *b, size_t blen);
/* True when (s, n) equals the lower-case word w, ignoring ASCII case. */
bool vstr_caseeq(const char *s, size_t n, const char *w);

static inline bool vdigit(int c)
{
	return c >= '0' && c <= '9';
}
static inline bool valpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline bool valnum(int c)
{
	return vdigit(c) || valpha(c);
}
static inline int vlower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}
static inline int vsign(int c)
{
	return (c > 0) - (c < 0);
}

/* Defines NAME_validate and NAME_compare from `static int NAME_parse(s, len, struct T *)`
 * and `static int NAME_cmp(const struct T *, const struct T *)`. */
#define VERSION_SCHEME_FROM_PARSE(name, type, label)                                               \
	static int name##_validate(const char *s, size_t len)                                      \
	{                                                                                          \
		type v;                                                                            \
		if (len > VERSION_MAX_LEN)                                                         \
			return version_reject("longer than 1024 bytes");                           \
		return name##_parse(s, len, &v);                                                   \
	}                                                                                          \
	static int name##_compare(const char *a, size_t alen, const char *b, size_t blen,          \
	                          int *out)                                                        \
	{                                                                                          \
		type va, vb;                                                                       \
		int r;                                                                             \
		if (alen > VERSION_MAX_LEN || blen > VERSION_MAX_LEN)                              \
			return version_reject("longer than 1024 bytes");                           \
		if ((r = name##_parse(a, alen, &va)) < 0 || (r = name##_parse(b, blen, &vb)) < 0)  \
			return r;                                                                  \
		*out = name##_cmp(&va, &vb);                                                       \
		return 0;                                                                          \
	}                                                                                          \
	const struct version_scheme version_scheme_##name = { label, name##_compare,               \
		                                              name##_validate }

/*
 * A SemVer-shaped version, as npm, Go, NuGet and Pub spell them: pointers into
 * the parsed string. core[i] are digit strings (ncore of them, at most 4);
 * pre and build are the dot-separated identifier lists without '-' / '+'
 * (NULL when absent). extra holds numeric components past the third when the
 * dialect allows them (without the leading '.').
 */
struct semver_parts {
	const char *core[4];
	size_t corelen[4];
	size_t ncore;
	const char *pre, *build, *extra;
	size_t prelen, buildlen, extralen;
};

enum semver_dialect {
	SEMVER_OSV,   /* 'v' optional, 1 to 3 numbers (padded), more go to extra, 0-padding ok */
	SEMVER_GO,    /* golang.org/x/mod/semver: vMAJOR[.MINOR[.PATCH]], no leading zeros */
	SEMVER_NUGET, /* 1 to 4 numbers, leading zeros ok, no 'v' */
};

/* Parses (s, len) in a dialect; version_reject() reason on error. */
int semver_parts_parse(const char *s, size_t len, enum semver_dialect d, struct semver_parts *out);
/* Compares dot-separated identifier lists the SemVer way: numeric identifiers by
 * value and before alphanumeric ones, those by bytes (case folded when fold). */
int semver_idents_cmp(const char *a, size_t alen, const char *b, size_t blen, bool fold);
/* Compares the numeric core, missing components counting as 0. */
int semver_core_cmp(const struct semver_parts *a, const struct semver_parts *b);

extern const struct version_scheme version_scheme_semver, version_scheme_go, version_scheme_pep440,
        version_scheme_dpkg, version_scheme_rpm, version_scheme_apk, version_scheme_maven,
        version_scheme_rubygems, version_scheme_nuget, version_scheme_composer, version_scheme_pub,
        version_scheme_pvp, version_scheme_cran, version_scheme_opam;

#endif
