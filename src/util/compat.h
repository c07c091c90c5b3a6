/*
 * compat.h: the first include of every vouch source file.
 *
 * It sets the feature macros, pulls in the system headers nearly every file
 * needs, and ends with banned.h so that the footguns listed there become
 * compile errors everywhere after it.
 */
#ifndef VOUCH_COMPAT_H
#define VOUCH_COMPAT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64
#endif

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define VOUCH_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define VOUCH_NORETURN          __attribute__((noreturn))
#define VOUCH_UNUSED            __attribute__((unused))
#define VOUCH_WARN_UNUSED       __attribute__((warn_unused_result))
#else
#define VOUCH_PRINTF(fmt, args)
#define VOUCH_NORETURN
#define VOUCH_UNUSED
#define VOUCH_WARN_UNUSED
#endif

/*
 * qsort() that accepts an empty (possibly NULL) array: the C library
 * declares base non-null even for n == 0, and UBSan holds it to that.
 */
static inline void vouch_qsort(void *base, size_t n, size_t size,
                               int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}
#define QSORT(base, n, cmp) vouch_qsort((base), (n), sizeof(*(base)), (cmp))

/* A programming error: print where and abort. Never used for bad input. */
#define BUG(...) vouch_bug(__FILE__, __LINE__, __VA_ARGS__)
VOUCH_NORETURN void vouch_bug(const char *file, int line, const char *fmt, ...) VOUCH_PRINTF(3, 4);

#include "util/banned.h"

#endif
