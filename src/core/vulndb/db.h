/*
 * db.h: the offline OSV vulnerability database, in SQLite.
 *
 * The schema (docs/internals/vulndb.md explains each choice) is built so a
 * scan reads only what it needs through indexes that already exist: one
 * indexed lookup per package on (base ecosystem, normalised name) returns
 * the affected entries with their ranges and versions in compact OSV JSON.
 * Nothing is built per run.
 *
 *     struct vulndb *db;
 *     if (vulndb_open(&db, path, VULNDB_CREATE) < 0) ... err_msg() ...
 *     struct vulndb_import imp = VULNDB_IMPORT_INIT;
 *     imp.db = db; imp.on_invalid = report; imp.payload = ctx;
 *     vulndb_begin(db);
 *     vulndb_import_path(&imp, "osv/");   // files, folders, .zip archives
 *     vulndb_commit(db);
 *     vulndb_close(db);
 *
 * Invalid advisories do not stop an import: each is passed to on_invalid
 * with its source ("dir/GO-2020-0001.json" or "all.zip:GO-2020-0001.json")
 * and the reason, and counted; the good ones are imported. An advisory whose
 * only fault is in ranges of type GIT is imported without those ranges, each
 * passed to on_note (see osv_validate_lenient). Errors returned
 * by the functions are those that stop the work (I/O, SQLite, a source that
 * cannot be opened at all).
 */
#ifndef VOUCH_VULNDB_H
#define VOUCH_VULNDB_H

#include "util/compat.h"
#include "util/buf.h"

#include <jansson.h>

#define VULNDB_SCHEMA_VERSION  2                  /* 2: end-of-life cycles (eol.c); 1 is migrated */
#define VULNDB_MAX_FILE        ((size_t)16 << 20) /* one advisory file or zip entry */
#define VULNDB_MAX_ZIP_TOTAL   ((uint64_t)8 << 30) /* all entries of one archive, uncompressed */
#define VULNDB_MAX_ZIP_ENTRIES 4000000

struct vulndb;

enum vulndb_flags {
	VULNDB_READONLY = 1 << 0, /* scans: the file must exist and is never written */
	VULNDB_CREATE = 1 << 1,   /* create the file (and its folder) when missing */
	/* refuse (ERR_NOTFOUND) a database without one advisory that is not withdrawn: a scan
	 * against nothing would look clean */
	VULNDB_ADVISORIES = 1 << 2,
};

int vulndb_open(struct vulndb **out, const char *path, unsigned flags);
void vulndb_close(struct vulndb *db);
const char *vulndb_path(const struct vulndb *db);

/*
 * The default database path: $VOUCH_DB, else
 * ${XDG_CACHE_HOME:-$HOME/.cache}/vouch/vulns.db. ERR_USAGE when none of
 * these variables is set.
 */
int vulndb_default_path(struct buf *out);

/* One transaction around a whole import (BEGIN IMMEDIATE ... COMMIT). */
int vulndb_begin(struct vulndb *db);
int vulndb_commit(struct vulndb *db);
void vulndb_rollback(struct vulndb *db);

struct vulndb_import {
	struct vulndb *db;
	size_t files;     /* advisory files read */
	size_t inserted;  /* new advisories */
	size_t replaced;  /* advisories replaced by a newer 'modified' */
	size_t unchanged; /* advisories already there with the same or a newer 'modified' */
	size_t invalid;   /* advisories or files refused, each passed to on_invalid */
	void (*on_invalid)(const char *source, const char *why, void *payload);
	void *payload;
	const char *source_name; /* recorded in the sources table; the path when NULL */
	/* Advisories imported without GIT ranges that break the OSV schema (each such range
	 * passed to on_note, when set): vouch never matches commits, nothing usable is lost. */
	size_t trimmed;
	void (*on_note)(const char *source, const char *what, void *payload);
	/* Of the invalid: sources not read as a whole (not an archive, a damaged entry, a size
	 * or count cap, an unreadable folder entry). An update swaps nothing in when any is. */
	size_t broken;
	/* endoflife.date product files (.md with YAML front matter) imported (eol.c) */
	size_t eol_products;
};

#define VULNDB_IMPORT_INIT                                                                         \
	{                                                                                          \
		NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, 0, 0                               \
	}

/*
 * Imports a .json or .yaml file, a folder (recursively) or a .zip archive.
 * Advisories of an archive are recorded with the source "NAME:ENTRY", NAME
 * being imp->source_name when set, else the archive's path.
 */
int vulndb_import_path(struct vulndb_import *imp, const char *path);
/* Imports one advisory already parsed; source names it in messages and the table. */
int vulndb_import_doc(struct vulndb_import *imp, const json_t *doc, const char *source);

/*
 * End of life of third-party software, from endoflife.date product files
 * (products/NAME.md: YAML front matter with `identifiers` (purl) and
 * `releases` (releaseCycle, releaseDate, eol, eoas, lts, latest)), which
 * `vouch db import` reads beside advisories. A product imported again
 * replaces its cycles. docs/internals/vulndb.md has the tables.
 *
 * vulndb_eol_import_md(): len bytes of one file; a file without front
 * matter, or whose front matter has no `releases`, is not a product (returns
 * 0, *out_product false). A product with bad data is ERR_PARSE naming the
 * source and the field; the database's own failures are ERR_IO.
 */
#define VULNDB_EOL_MAX_CYCLES 2000
int vulndb_eol_import_md(struct vulndb *db, bool *out_product, const char *data, size_t len,
                         const char *source);

/* The cycle a component is in: its purl (any version, qualifiers) and version. */
struct vulndb_eol {
	char *product; /* endoflife.date's name: "python" */
	char *cycle;   /* "3.11" */
	char *eol;     /* "YYYY-MM-DD", or "true"/"false" when only that is known */
	char *eoas;    /* the same, or NULL */
	char *latest;  /* or NULL */
	bool lts;
};
/*
 * Looks up the cycle of version among the products naming purl's type,
 * namespace and name: the longest cycle that is a prefix of the version
 * ending at a non-digit ("3.11" holds "3.11.4" and "3.11rc1", not
 * "3.111"; a leading "v" and a dpkg/rpm epoch are ignored). Returns 1 and
 * fills *out (release with vulndb_eol_release), 0 when none, or an error.
 * A database of schema 1 (opened read-only) has none.
 */
int vulndb_eol_find(struct vulndb_eol *out, struct vulndb *db, const char *purl,
                    const char *version);
void vulndb_eol_release(struct vulndb_eol *e);
/* Whether the database holds end-of-life data. */
bool vulndb_has_eol(struct vulndb *db);
/* For eol.c, inside the vulndb module only: the SQLite handle and the import's time. */
struct sqlite3 *vulndb_sqlite(struct vulndb *db);
const char *vulndb_import_time(struct vulndb *db);

/*
 * Opens a new database at to holding a copy of the one at from (SQLite's
 * backup, so a database in use by a scan is copied consistently), or an
 * empty new one when from does not exist. Whatever was at to is replaced;
 * on error nothing is left there.
 */
int vulndb_clone(struct vulndb **out, const char *from, const char *to);

/*
 * Deletes every advisory recorded with the source name (a file) or
 * "name:ENTRY" (an archive), their affected entries and aliases, and the
 * source's row. *removed (may be NULL) gets the number of advisories.
 */
int vulndb_forget_source(struct vulndb *db, const char *name, size_t *removed);

/* Meta values (ETag and Last-Modified of downloads, ...). *out NULL when absent. */
int vulndb_meta_get(struct vulndb *db, const char *key, char **out);
int vulndb_meta_set(struct vulndb *db, const char *key, const char *value);

/* ---- stats ---- */

struct vulndb_count {
	char *name;
	size_t n;
};

struct vulndb_source {
	char *name;
	char *imported;
	size_t advisories;
};

struct vulndb_stats {
	size_t advisories, withdrawn, affected, aliases;
	char *created;                   /* when the database was made */
	char *updated;                   /* the last import */
	char *newest_modified;           /* the newest advisory's 'modified' */
	struct vulndb_count *ecosystems; /* advisories per ecosystem as given, sorted by name */
	size_t necosystems;
	struct vulndb_source *sources;
	size_t nsources;
};

int vulndb_stats(struct vulndb_stats *out, struct vulndb *db);
void vulndb_stats_release(struct vulndb_stats *s);

/* ---- queries for the matcher ---- */

/* One affected entry of a (not withdrawn) advisory. Pointers valid during the callback. */
struct vulndb_affected {
	int64_t advisory;      /* row id, for vulndb_advisory_get */
	const char *id;        /* the advisory's OSV id */
	int index;             /* position in the advisory's affected[] */
	const char *ecosystem; /* as given, e.g. "Debian:12" */
	const char *name;
	const char *ranges;   /* compact JSON array, or NULL */
	const char *versions; /* compact JSON array, or NULL */
};

/*
 * Calls fn for every affected entry whose base ecosystem and normalised name
 * are these, of advisories that are not withdrawn, ordered by advisory id and
 * entry index. fn returns 0 to go on or a negative error to stop.
 */
int vulndb_find(struct vulndb *db, const char *base, const char *norm,
                int (*fn)(const struct vulndb_affected *a, void *payload), void *payload);

/*
 * *out: whether some advisory that is not withdrawn has an affected entry of
 * the base ecosystem ("Debian", not "Debian:12"). A package of an ecosystem
 * the database does not cover was not checked, whatever the lookup says.
 */
int vulndb_has_ecosystem(struct vulndb *db, const char *base, bool *out);

struct vulndb_advisory {
	char *id, *modified, *published, *summary, *details;
	char *severity; /* compact JSON array of the top-level severity, or NULL */
	char *label;    /* database_specific.severity, or NULL */
	char *refs;     /* compact JSON array of references, or NULL */
	char **aliases;
	size_t naliases;
};

int vulndb_advisory_get(struct vulndb_advisory *out, struct vulndb *db, int64_t advisory);
void vulndb_advisory_release(struct vulndb_advisory *a);

/*
 * Calls fn for every advisory that is not withdrawn and is id or names id
 * among its aliases, in id order, with its top-level severity JSON and label
 * (either may be NULL). A scan borrows the severity of a finding that has
 * none (every Go advisory) from them. fn returns 0 to go on.
 */
int vulndb_related(struct vulndb *db, const char *id,
                   int (*fn)(const char *osv_id, const char *severity, const char *label,
                             void *payload),
                   void *payload);

/* The severity JSON and label of one affected entry (NULL when none). */
int vulndb_affected_severity(struct vulndb *db, int64_t advisory, int index, char **severity,
                             char **label);

/*
 * Whole days from the RFC 3339 time-stamp ts to now (SOURCE_DATE_EPOCH when
 * set); -1 when ts cannot be read.
 */
int64_t vulndb_days_since(const char *ts);

/* The current time as an RFC 3339 UTC string, honouring SOURCE_DATE_EPOCH. out: 21 bytes. */
void vulndb_now(char out[21]);

#endif
