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

#endif
