/*
 * collect.h: what the assessment's collectors share (internal to src/core/assess).
 *
 * A collector reads one source of evidence and decides the claims it can
 * observe: for each it sets a status, an argument, a gap and evidence items.
 * Collectors are listed in one table (collectors/table.c) and run in its
 * order by assess_run(); the precedence of declared claims comes after
 * them (engine.c). A collector never fails the run: a source that cannot be
 * read makes its claims unknown or not met, with the reason, and a warning.
 */
#ifndef VOUCH_ASSESS_COLLECT_H
#define VOUCH_ASSESS_COLLECT_H

#include "util/compat.h"
#include "core/assess/assess.h"
#include "core/inventory/inventory.h"

/* What every collector sees. The inventory is filled by the first collector. */
struct assess_ctx {
	struct assessment *a;
	const struct assess_config *cfg;
	const char *product; /* the product folder as configured */
	char *product_real;  /* its realpath, or NULL when it does not exist */
	const char *dbpath;  /* the vulnerability database, or NULL */
	bool fixed_time;     /* evidence is stamped with a->now (SOURCE_DATE_EPOCH) */
	char **shown;        /* strings ac_show() returned, freed by assess_run() */
	size_t nshown;
	struct inventory inv;
};

struct assess_collector {
	const char *name;   /* "inventory", "tlog"...: the evidence items' collector */
	const char *claims; /* the claims it decides, for the docs and tests: "1.1.4 1.2.1" */
	void (*run)(struct assess_ctx *x);
};

/* The table, in the order the collectors run; ends with NULL. */
extern const struct assess_collector *const assess_collectors[];

struct assess_result *ac_res(struct assessment *a, const char *id);
/* Sets the status and basis observed, appending to the argument. */
void ac_set(struct assess_result *r, enum assess_status st, const char *fmt, ...)
        VOUCH_PRINTF(3, 4);
/* Appends a sentence to the argument without deciding the status (what was seen, not proof). */
void ac_note(struct assess_result *r, const char *fmt, ...) VOUCH_PRINTF(2, 3);
/* Appends to the gap; the gap kind is engineering unless already set. */
void ac_gap(struct assess_result *r, const char *fmt, ...) VOUCH_PRINTF(2, 3);
/* Adds a line to the warnings and marks the run partial. */
void ac_warn(struct assessment *a, const char *fmt, ...) VOUCH_PRINTF(2, 3);

/*
 * Adds path as an evidence item of r: hashed when a regular file, recorded
 * relative to the product folder (a file outside it by its name alone), its
 * collected time when read. A path already listed for r is not repeated.
 * Returns false when path does not exist.
 */
bool ac_evidence(struct assess_ctx *x, struct assess_result *r, const char *path,
                 const char *collector);
void ac_uri(struct assess_result *r, const char *uri, const char *collector);
/*
 * How a path is named in an argument or gap: relative to the product folder
 * when inside it, else its last component (never an absolute path of the
 * vendor's machine). Valid until the run ends.
 */
const char *ac_show(struct assess_ctx *x, const char *path);
/* dir/name, to free. */
char *ac_join(const char *dir, const char *name);
/* The .git of the work tree holding path (itself or a folder above), to free, or NULL. */
char *ac_find_git(const char *path);
/* "YYYY-MM-DD..." */
bool ac_parse_ymd(const char *s, int *y, int *m, int *d);
/*
 * Where path lies relative to the folder root (both resolved): "" for root
 * itself, "a/b" inside it. Returns NULL when it lies outside root or cannot
 * be resolved. To free.
 */
char *ac_relative(const char *root_real, const char *path);

/* git.c: a commit id is 40 (SHA-1) or 64 (SHA-256) hex digits. */
bool ac_git_oid(const char *s, size_t n);
/*
 * The id packed-refs text (len bytes, any content) gives the ref name
 * ("refs/heads/main"), to free, or NULL. Lines are "ID NAME"; others are skipped.
 */
char *ac_git_packed(const char *data, size_t len, const char *name);

#endif
