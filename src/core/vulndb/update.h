/*
 * update.h: `vouch db update`, the only network access in vouch.
 *
 * Downloads OSV archives (osv.dev publishes one all.zip per ecosystem) into a
 * cache folder beside the database (DB.d/), then builds a new database from
 * every cached archive beside the old one and renames it over the old one.
 *
 * - Conditional requests: the ETag and Last-Modified of each archive are kept
 *   (in DB.d/NAME.meta and in the database's meta table); a 304 reuses the
 *   cached archive. When nothing changed, the database is left as it is.
 * - Resumable: a download goes to DB.d/NAME.part; an interrupted one is
 *   resumed with a Range request (If-Range with its ETag) on the next run.
 * - Atomic: the new database is complete, committed and fsync'ed before the
 *   rename; a failed download or import leaves the database in use untouched
 *   (and the new one is removed).
 * Only http and https URLs are followed (at most 5 redirects); an archive is
 * capped at VULNDB_MAX_DOWNLOAD bytes.
 */
#ifndef VOUCH_VULNDB_UPDATE_H
#define VOUCH_VULNDB_UPDATE_H

#include "util/compat.h"
#include "core/vulndb/db.h"

#define VULNDB_MAX_DOWNLOAD ((int64_t)4 << 30)
#define VULNDB_OSV_BASE     "https://osv-vulnerabilities.storage.googleapis.com"

struct vulndb_update {
	const char *db_path;
	const char *const *urls;
	size_t nurls;
	/* filled in */
	size_t downloaded, not_modified, resumed;
	bool rebuilt;             /* false when every archive was unchanged */
	struct vulndb_import imp; /* counts of the rebuild; on_invalid/payload set by the caller */
	void (*on_progress)(const char *url, const char *what, void *payload);
};

/* The osv.dev archive URL of an ecosystem ("Red Hat" -> ".../Red%20Hat/all.zip"). */
int vulndb_osv_url(struct buf *out, const char *ecosystem);

/* The base ecosystems present in the database at path (empty when none or absent). */
int vulndb_ecosystems(char ***out, size_t *n, const char *db_path);

int vulndb_update_run(struct vulndb_update *u);

#endif
