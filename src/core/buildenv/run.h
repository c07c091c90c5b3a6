/*
 * run.h: finding and running a tool to read its version (buildenv only).
 */
#ifndef VOUCH_BUILDENV_RUN_H
#define VOUCH_BUILDENV_RUN_H

#include "util/compat.h"
#include "util/buf.h"

#define RUN_MAX_OUTPUT ((size_t)64 << 10)
#define RUN_TIMEOUT_MS 10000

/*
 * Finds name in the absolute entries of path_env (a PATH value), skipping any
 * match that resolves inside root. Sets out to the path found (as written in
 * PATH, before links) and returns 0, or ERR_NOTFOUND.
 */
int run_find_tool(struct buf *out, const char *name, const char *path_env, const char *root);

/*
 * Runs path with the one argument arg (no shell), standard input from
 * /dev/null, standard output and error read together, at most
 * RUN_MAX_OUTPUT bytes and timeout_ms; sets out to the first non-empty line.
 */
int run_first_line(struct buf *out, const char *path, const char *arg, int timeout_ms);

#endif
