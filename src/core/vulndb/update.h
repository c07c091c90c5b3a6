/*
 * update.h: `vouch db update`, the only network access in vouch.
 *
 * Downloads OSV archives (osv.dev publishes one all.zip per ecosystem) and
 * brings them into a copy of the database, which then replaces the database
 * in use in one rename.
 *
 * - Incremental: the copy keeps everything the database held; the advisories
 *   an archive's URL gave last time are replaced by what it gives now, and
 *   other archives' and `vouch db import`'s advisories stay (a newer
 *   'modified' still wins when two sources hold one advisory).
 * - All or nothing: the copy replaces the database only when every archive
 *   asked for was downloaded (or not modified) and read whole (a zip, every
 *   entry readable, at least one advisory). Otherwise the database in use is
 *   untouched and u->failed counts the archives at fault.
 * - Conditional requests: the ETag and Last-Modified of each archive are kept
 *   in the database's meta table, written in the same transaction as its
 *   advisories; a 304 means the database already holds that archive. A
 *   download that did not get into the database is not remembered, so the
 *   next update fetches it again.
 * - Resumable: a download goes to DB.d/HASH.part with its ETag in
 *   DB.d/HASH.part.meta; an interrupted one is resumed with a Range request
 *   (If-Range with its ETag) on the next run. The bytes already there count
 *   against the size cap.
 * - Bounded: only http and https (at most 5 redirects, and from an https URL
 *   only to https), max_download bytes per archive, a time limit per
 *   archive, and a minimum rate below which a stalled transfer is dropped.
 */
#ifndef VOUCH_VULNDB_UPDATE_H
#define VOUCH_VULNDB_UPDATE_H

#include "util/compat.h"
#include "core/vulndb/db.h"

#define VULNDB_MAX_DOWNLOAD    ((int64_t)4 << 30)
#define VULNDB_TIMEOUT         3600L /* seconds for one archive, all of its transfer */
#define VULNDB_LOW_SPEED_LIMIT 1024L /* bytes per second ... */
#define VULNDB_LOW_SPEED_TIME  60L   /* ... for this long, else the transfer is dropped */
#define VULNDB_OSV_BASE        "https://osv-vulnerabilities.storage.googleapis.com"

/* A complete download waiting to be imported. */
struct vulndb_archive {
	char *path; /* DB.d/HASH.new.zip, or NULL */
	char etag[256];
	char last_modified[128];
};

struct vulndb_update {
	const char *db_path;
	const char *const *urls;
	size_t nurls;
	/* limits: 0 for the defaults above (timeout 0 is VULNDB_TIMEOUT too) */
	int64_t max_download;
	long timeout, low_speed_limit, low_speed_time;
	const char *ca_file; /* trust anchors instead of the system's, or NULL */
	/* filled in */
	size_t downloaded, not_modified, resumed;
	size_t failed;            /* archives not downloaded or not read whole */
	bool rebuilt;             /* true when a new database replaced the old one */
	struct vulndb_import imp; /* counts of the import; on_invalid/payload set by the caller */
	void (*on_progress)(const char *url, const char *what, void *payload);
	/* an archive that could not be downloaded (imp.payload is passed) */
	void (*on_failed)(const char *url, const char *why, void *payload);
};

/* The osv.dev archive URL of an ecosystem ("Red Hat" -> ".../Red%20Hat/all.zip"). */
int vulndb_osv_url(struct buf *out, const char *ecosystem);

/* The base ecosystems present in the database at path (empty when none or absent). */
int vulndb_ecosystems(char ***out, size_t *n, const char *db_path);

/*
 * Runs the update. Returns 0 when it ran, u->failed telling whether the
 * database was left as it was because of an archive; a negative error when
 * it could not run (the database could not be read, copied or written).
 */
int vulndb_update_run(struct vulndb_update *u);

#endif
