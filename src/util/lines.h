/*
 * lines.h: a bounded cursor over lines of text, for line-based formats.
 *
 *     struct lines it = LINES_INIT(data, len);
 *     const char *s; size_t n;
 *     while (lines_next(&it, &s, &n))
 *             ... it.lineno is the 1-based number of the line in s[0..n) ...
 *
 * Lines end at "\n"; a "\r" before it is dropped. The last line need not end
 * with a newline. The data is not copied and not required to be NUL-terminated.
 */
#ifndef VOUCH_LINES_H
#define VOUCH_LINES_H

#include "util/compat.h"

struct lines {
	const char *p, *end;
	size_t lineno;
};

#define LINES_INIT(data, len)                                                                      \
	{                                                                                          \
		(data), (data) + (len), 0                                                          \
	}

static inline bool lines_next(struct lines *it, const char **out, size_t *len)
{
	const char *nl;
	size_t n;

	if (it->p >= it->end)
		return false;
	nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
	n = nl ? (size_t)(nl - it->p) : (size_t)(it->end - it->p);
	*out = it->p;
	it->p = nl ? nl + 1 : it->end;
	if (n && (*out)[n - 1] == '\r')
		n--;
	*len = n;
	it->lineno++;
	return true;
}

/* Trims ASCII white space from both ends of (*s, *n). */
static inline void str_trim(const char **s, size_t *n)
{
	while (*n && ((*s)[0] == ' ' || (*s)[0] == '\t' || (*s)[0] == '\r' || (*s)[0] == '\n')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r' ||
	              (*s)[*n - 1] == '\n'))
		(*n)--;
}

/* True when (s, n) starts with the C string prefix. */
static inline bool str_starts(const char *s, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);

	return n >= pl && !memcmp(s, prefix, pl);
}

/* True when (s, n) equals the C string t. */
static inline bool str_eq(const char *s, size_t n, const char *t)
{
	return strlen(t) == n && !memcmp(s, t, n);
}

#endif
