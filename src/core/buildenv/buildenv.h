/*
 * buildenv.h: a canonical record of the build environment, and the
 * differences between two records (claims 2.2.1 to 2.2.4 of the Code of
 * Practice: changes to the build environment are logged).
 *
 * A snapshot is one JSON object (docs/cmd/env.md shows one):
 *
 *   schema     "vouch-env/1"
 *   collected  RFC 3339 UTC time, from SOURCE_DATE_EPOCH when set
 *   collector  "vouch VERSION"
 *   os         {"id", "version_id", "pretty_name"} from /etc/os-release
 *   tools      {NAME: {"path", "version"}}: the first line `NAME --version`
 *              prints, for the tools of buildenv_tools that are found
 *   packages   {"NAME:ARCH": VERSION} of dpkg's status database, only
 *              packages whose Status is "install ok installed"
 *   env        {NAME: VALUE} for the allow-listed variables that are set
 *   files      {PATH: SHA-256 hex} of CI configuration and build scripts
 *              found in the folder, and of the files asked for
 *
 * Written with sorted keys and two-space indents, so equal environments give
 * equal bytes.
 *
 * Running programs: buildenv_snapshot() is the one place in vouch that runs
 * programs. It runs only the tool names listed in buildenv_tools, resolved
 * through PATH entries that are absolute and not inside the scanned folder
 * (so nothing from the project is ever run), with argv only (no shell),
 * standard input from /dev/null, a 10 second limit and 64 KiB of output.
 */
#ifndef VOUCH_BUILDENV_H
#define VOUCH_BUILDENV_H

#include "util/compat.h"
#include "util/buf.h"

#include <jansson.h>

#define BUILDENV_SCHEMA "vouch-env/1"

struct buildenv_tool {
	const char *name;
	const char *arg; /* the version flag, e.g. "--version" */
};
extern const struct buildenv_tool buildenv_tools[];
extern const size_t buildenv_ntools;

/* The variables recorded by default; anything else only with include_env. */
extern const char *const buildenv_default_env[];
extern const size_t buildenv_ndefault_env;

struct buildenv_opts {
	const char *root;               /* folder searched for CI and build files; "." */
	const char *dpkg_status;        /* default /var/lib/dpkg/status */
	const char *os_release;         /* default /etc/os-release */
	const char *const *include_env; /* extra variable names */
	size_t ninclude_env;
	const char *const *hash_files; /* extra files to hash */
	size_t nhash_files;
	const char *collector; /* "vouch 1.2.3" */
	bool no_tools;         /* skip running tools (tests) */
};

/*
 * Problems that do not stop a snapshot (an unreadable file asked for with
 * --hash, a tool that timed out) are added to warnings, one line each, and
 * *out_partial is set. Returns 0 or a negative ERR_*.
 */
int buildenv_snapshot(json_t **out, const struct buildenv_opts *o, struct buf *warnings,
                      bool *out_partial);

/*
 * Adds {"NAME:ARCH": VERSION} to out for every stanza of a dpkg status file
 * (len bytes, any content) whose Status is "install ok installed". Never
 * fails on content; values that are not UTF-8 are recorded as "hex:...".
 */
int buildenv_parse_dpkg_status(json_t *out, const char *data, size_t len);

/* Serialises a snapshot (or any JSON value) canonically: sorted keys, pretty, final newline. */
int buildenv_write(struct buf *out, const json_t *snapshot);

/* Reads a snapshot file, checking its schema; ERR_PARSE names the file. */
int buildenv_load(json_t **out, const char *path);

/* One difference between two snapshots. */
struct buildenv_change {
	const char *section;         /* "os", "tools", "packages", "env", "files" */
	char *key;                   /* e.g. "libc6:amd64", "gcc.version" */
	const char *kind;            /* "added", "removed", "changed" */
	char *old_value, *new_value; /* NULL when absent */
};

struct buildenv_diff {
	struct buildenv_change *v;
	size_t n, alloc;
};
#define BUILDENV_DIFF_INIT                                                                         \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Every change from base to cur, by section in the order above, keys sorted. */
int buildenv_diff(struct buildenv_diff *out, const json_t *base, const json_t *cur);
void buildenv_diff_release(struct buildenv_diff *d);

#endif
