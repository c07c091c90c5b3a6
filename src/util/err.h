/*
 * err.h: the error model of the core.
 *
 * Core and util functions never print and never exit (the one exception is
 * running out of memory, see alloc.h). They return 0 on success or a negative
 * ERR_* code, and set a message with err_set() that the command layer prints.
 *
 * Messages are lower case, without a final full stop, with the subject quoted:
 *     return err_set(ERR_IO, "cannot open '%s': %s", path, strerror(errno));
 *
 * A caller that gets an error from below passes it up unchanged, or adds
 * context in front of it with err_prefix(); it does not overwrite it.
 * The message lives in thread-local storage and is valid until the next
 * err_set() in the same thread.
 */
#ifndef VOUCH_ERR_H
#define VOUCH_ERR_H

#include "util/compat.h"

enum err_code {
	ERR_OK = 0,
	ERR_GENERIC = -1,     /* anything not listed below */
	ERR_IO = -2,          /* open, read, write, fsync failed */
	ERR_PARSE = -3,       /* malformed input */
	ERR_TOOBIG = -4,      /* a size, count or depth cap was reached */
	ERR_NOTFOUND = -5,    /* the thing asked for does not exist */
	ERR_USAGE = -6,       /* the caller passed a bad argument or option value */
	ERR_UNSUPPORTED = -7, /* a known format or feature that vouch does not handle */
	ERR_VERIFY = -8,      /* a signature, hash or proof does not verify */
	ERR_NOMEM = -9,       /* only where a caller asked for a non-fatal allocation */
	ERR_EXISTS = -10,     /* refusing to overwrite */
};

/* Sets the message and returns code, so that `return err_set(...)` reads well. */
int err_set(int code, const char *fmt, ...) VOUCH_PRINTF(2, 3);

/* As err_set(), with ": strerror(errno)" appended (errno read on entry). */
int err_set_errno(int code, const char *fmt, ...) VOUCH_PRINTF(2, 3);

/*
 * Puts context in front of the current message ("'x.json': " + message) and
 * returns the current code. Use when passing an error up adds information.
 */
int err_prefix(const char *fmt, ...) VOUCH_PRINTF(1, 2);

/* The last message ("" when none) and its code (ERR_OK when none). */
const char *err_msg(void);
int err_code(void);
void err_clear(void);

/* A short name for a code, e.g. "parse error", for logs and tests. */
const char *err_name(int code);

#endif
