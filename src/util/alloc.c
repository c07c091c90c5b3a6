#include "util/compat.h"
#include "util/alloc.h"

#include <unistd.h>

void xalloc_die(size_t n)
{
	static const char msg[] = "vouch: out of memory\n";
	ssize_t w VOUCH_UNUSED;

	(void)n;
	/* Avoid stdio here: it may itself need memory. */
	w = write(2, msg, sizeof(msg) - 1);
	_exit(4);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		xalloc_die(n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (!nmemb || !size)
		nmemb = size = 1;
	p = calloc(nmemb, size);
	if (!p)
		xalloc_die(nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		xalloc_die(n);
	return q;
}

void *xreallocarray(void *p, size_t nmemb, size_t size)
{
	size_t n;

	if (!size_mul(&n, nmemb, size))
		xalloc_die(SIZE_MAX);
	return xrealloc(p, n);
}

char *xstrdup(const char *s)
{
	return xmemdupz(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	const char *nul = memchr(s, '\0', n);

	return xmemdupz(s, nul ? (size_t)(nul - s) : n);
}

void *xmemdupz(const void *p, size_t n)
{
	char *q = xmalloc(st_add(n, 1));

	if (n)
		memcpy(q, p, n);
	q[n] = '\0';
	return q;
}

void xfree_secret(void *p, size_t n)
{
	if (!p)
		return;
	explicit_bzero(p, n);
	free(p);
}

size_t st_add(size_t a, size_t b)
{
	size_t r;

	if (!size_add(&r, a, b))
		BUG("size_t overflow: %zu + %zu", a, b);
	return r;
}

size_t st_mult(size_t a, size_t b)
{
	size_t r;

	if (!size_mul(&r, a, b))
		BUG("size_t overflow: %zu * %zu", a, b);
	return r;
}
