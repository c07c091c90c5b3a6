/*
 * ui.h: how commands talk to the user.
 *
 * Everything goes to stderr except a command's result, which goes to stdout
 * (or --output). Messages start with "vouch: ". Progress is shown only when
 * stderr is a terminal and --quiet was not given.
 */
#ifndef VOUCH_UI_H
#define VOUCH_UI_H

#include "util/compat.h"

#include <stdio.h>

struct buf;

/*
 * Terminal hygiene: every message below goes through ui_vprint(), which
 * escapes control characters in the whole formatted message, so a name taken
 * from input cannot move the cursor, recolour or clear the screen, or start
 * a fake line. Bytes below 0x20 (but tab) and 0x7f become \n, \r or \xNN; so do
 * invalid UTF-8, C1 controls (U+0080-U+009F) and the bidirectional overrides
 * (U+202A-U+202E, U+2066-U+2069), byte by byte. Other UTF-8 and backslashes
 * are kept as they are. JSON and other documents are escaped by their
 * writers, not here.
 */
void ui_escape(struct buf *out, const char *s, size_t n);
/*
 * s escaped as above, for a field of a table printed to stdout; valid until
 * UI_SAFE_RING more calls. NULL stays NULL.
 */
#define UI_SAFE_RING 16
const char *ui_safe(const char *s);
/* PREFIX + the escaped message + newline on f: what ui_error() and the others use. */
void ui_vprint(FILE *f, const char *prefix, const char *fmt, va_list ap);

/* "vouch: MESSAGE" on stderr. */
void ui_error(const char *fmt, ...) VOUCH_PRINTF(1, 2);
/* "vouch: " + the current err_msg(). Returns the exit code for it. */
int ui_error_last(void);
/* The exit code that goes with a core error code. */
int ui_exit_code(int err);
/* "vouch: warning: MESSAGE"; not silenced by --quiet (warnings matter). */
void ui_warn(const char *fmt, ...) VOUCH_PRINTF(1, 2);
/* "vouch: MESSAGE" unless --quiet. */
void ui_info(const char *fmt, ...) VOUCH_PRINTF(1, 2);
/* A transient progress line on a terminal; nothing otherwise. */
void ui_progress(const char *fmt, ...) VOUCH_PRINTF(1, 2);
void ui_progress_done(void);

/* Whether stdout may carry ANSI colour: a terminal, NO_COLOR unset, TERM not "dumb". */
bool ui_color(void);

/*
 * A command's result: to the file output names (replaced atomically; NULL or
 * "-" for stdout). EXIT_OK, or EXIT_FAIL after naming the error.
 */
int ui_write_result(const char *output, const struct buf *out);

#endif
