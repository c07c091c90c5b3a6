/*
 * sums.h: SHA256SUMS files, in the format of GNU sha256sum.
 *
 * Each line is "HEX  NAME" (64 lower-case hex digits, two spaces, the path
 * relative to the file's folder). GNU sha256sum also writes "HEX *NAME" for
 * binary mode; both are read. A name holding "\\", "\n" or "\r" is escaped
 * ("\\\\", "\\n", "\\r") and its line starts with a backslash, as sha256sum
 * does. sums_collect() lists every regular file below a folder, sorted by
 * byte value of the relative path (LC_ALL=C sort order).
 *
 * Limits: SUMS_MAX_SIZE bytes of text, SUMS_MAX_LINE bytes a line,
 * SUMS_MAX_ENTRIES entries.
 */
#ifndef VOUCH_SUMS_H
#define VOUCH_SUMS_H

#include "util/compat.h"
#include "util/buf.h"

#define SUMS_MAX_SIZE    ((size_t)64 << 20)
#define SUMS_MAX_LINE    8192
#define SUMS_MAX_ENTRIES 1000000

struct sums_entry {
	uint8_t sha256[32];
	char *name;    /* unescaped, owned */
	size_t lineno; /* in the parsed file; 0 for collected entries */
};

struct sums {
	struct sums_entry *v;
	size_t n, alloc;
};

#define SUMS_INIT                                                                                  \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void sums_release(struct sums *s);

/*
 * Parses a sums file. Malformed lines are ERR_PARSE "NAME:LINE: what". Names
 * that are absolute or hold a ".." component are refused too: a sums file
 * must not make a verifier read outside its folder.
 */
int sums_parse(struct sums *out, const char *text, size_t len, const char *name);

/* Appends one line for (sha256, name), escaping as sha256sum does. */
int sums_add_line(struct buf *out, const uint8_t sha256[32], const char *name);

/*
 * Called for each file that cannot be hashed or walked during sums_collect();
 * err_msg() holds the reason. Returning a negative code stops the walk.
 */
typedef int (*sums_error_fn)(const char *path, void *payload);

/*
 * Hashes every regular file below dir (symbolic links inside dir are
 * followed, as walk.h does) except those whose path relative to dir is one
 * of exclude[0..nexclude), and appends them sorted. Files that cannot be read
 * are passed to on_error and left out; *nerrors counts them.
 */
int sums_collect(struct sums *out, size_t *nerrors, const char *dir, const char *const *exclude,
                 size_t nexclude, sums_error_fn on_error, void *payload);

/* Appends the sums file text for all entries in order. */
int sums_format(struct buf *out, const struct sums *s);

#endif
