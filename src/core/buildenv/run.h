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

enum run_status {
	RUN_OK,
	RUN_FAILED,  /* could not start, or printed nothing */
	RUN_TIMEOUT, /* killed after the time limit */
};

struct run_job {
	const char *path, *arg; /* in */
	struct buf out;         /* out: the first line, when RUN_OK */
	enum run_status status; /* out */
};

/*
 * Runs every job at once, each as `path arg` (no shell), standard input from
 * /dev/null, standard output and error read together (at most
 * RUN_MAX_OUTPUT bytes), and waits at most timeout_ms for all of them: a job
 * still running then is killed. Sets each job's status and, for RUN_OK, out
 * to its first non-empty line without terminal escapes or control bytes.
 */
void run_jobs(struct run_job *jobs, size_t n, int timeout_ms);

#endif
