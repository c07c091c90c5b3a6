/*
 * records.h: what the record files of vouch lifecycle and vouch incident
 * share: a folder of TOML files, their strict reading, and the build-log
 * entry that records a change to one.
 */
#ifndef VOUCH_DISCLOSE_RECORDS_H
#define VOUCH_DISCLOSE_RECORDS_H

#include "util/compat.h"
#include "util/buf.h"

struct toml_value;

/*
 * The names of the *.toml files in dir (not starting with '.'), sorted, at
 * most max; past it a line "DIR: more than MAX WHAT files; the rest are not
 * read" goes to warnings. A missing folder is none. *out (n names) is freed
 * with records_names_free(). ERR_IO when the folder cannot be listed.
 */
int records_list(char ***out, size_t *n, const char *dir, size_t max, const char *what,
                 struct buf *warnings);
void records_names_free(char **names, size_t n);

/* ERR_PARSE "NAME:LINE: unknown key 'K' in WHERE" for a key of t not in known (NULL-ended). */

/*
 * The string t[key], copied, or NULL when absent; need: absent or empty is
 * ERR_PARSE naming the table's line. Does nothing when *r < 0 (errors chain).
 */
char *records_str(const struct toml_value *t, const char *key, bool need, int *r);

/* "KEY = "VALUE"\n": a TOML basic string (the JSON escapes are TOML's too). */
void records_kstr(struct buf *out, const char *key, const char *value);

/* The folder configured (copied), or BASE/fallback (base "." or NULL: fallback); to free. */
char *records_dir(const char *configured, const char *base, const char *fallback);

/* path as the product repository names it: without "BASE/" when it starts with it. */
const char *records_in_repo(const char *path, const char *base);

/* Appends data (len bytes) to the build log in dir as one entry (created if missing). */
int records_log(uint64_t *out_index, const char *dir, const char *data, size_t len);

#endif
