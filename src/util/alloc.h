/*
 * alloc.h: every allocation goes through these wrappers.
 *
 * x*alloc never return NULL: when memory runs out they print
 * "vouch: out of memory" and exit with code 4 (design.md: "could not run").
 * This is the one place where code below src/cmd/ may end the process; it
 * keeps every caller free of unreachable error paths, as git and OpenSSH do.
 *
 * Size arithmetic on untrusted counts uses the checked helpers below:
 * size_add()/size_mul() report overflow, st_add()/st_mult() treat it as a
 * programming error (BUG) and are for sizes already known to be bounded.
 */
#ifndef VOUCH_ALLOC_H
#define VOUCH_ALLOC_H

#include "util/compat.h"

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Array allocation with overflow check on nmemb * size. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
/* Copies n bytes and adds a NUL: the result is a C string of length <= n. */
char *xstrndup(const char *s, size_t n);
/* Copies n bytes exactly and adds a NUL after them. */
void *xmemdupz(const void *p, size_t n);

/* Wipes n bytes (not optimised away), then frees. NULL is fine. */
void xfree_secret(void *p, size_t n);

/* Returns false on overflow, leaving *out unchanged. */
static inline bool size_add(size_t *out, size_t a, size_t b)
{
	return !__builtin_add_overflow(a, b, out);
}

static inline bool size_mul(size_t *out, size_t a, size_t b)
{
	return !__builtin_mul_overflow(a, b, out);
}

size_t st_add(size_t a, size_t b);
size_t st_mult(size_t a, size_t b);

/*
 * Grows the array x (of *nr used elements, alloc capacity) so that it holds
 * at least want elements. Capacity grows by half again each time.
 */
#define ALLOC_GROW(x, want, alloc)                                                                 \
	do {                                                                                       \
		if ((want) > (alloc)) {                                                            \
			size_t alloc_grow_n_ = (alloc) < 8 ? 16 : st_add((alloc), (alloc) / 2);    \
			if (alloc_grow_n_ < (want))                                                \
				alloc_grow_n_ = (want);                                            \
			(x) = xreallocarray((x), alloc_grow_n_, sizeof(*(x)));                     \
			(alloc) = alloc_grow_n_;                                                   \
		}                                                                                  \
	} while (0)

/* Exits with code 4 after printing the request size. Used by the wrappers. */
VOUCH_NORETURN void xalloc_die(size_t n);

#endif
