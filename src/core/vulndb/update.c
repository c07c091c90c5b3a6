/*
 * update.c: download with libcurl into a cache, rebuild, swap atomically.
 */
#include "util/compat.h"
#include "core/vulndb/update.h"
#include "core/vulndb/osv.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/lines.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

int vulndb_osv_url(struct buf *out, const char *ecosystem)
{
	buf_adds(out, VULNDB_OSV_BASE "/");
	for (const char *p = ecosystem; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~' || c == ':')
			buf_addch(out, c);
		else
			buf_addf(out, "%%%02X", c);
	}
	return buf_adds(out, "/all.zip");
}

int vulndb_ecosystems(char ***out, size_t *n, const char *db_path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	size_t alloc = 0;

	*out = NULL;
	*n = 0;
	if (!fs_exists(db_path))
		return 0;
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT DISTINCT base FROM affected ORDER BY base", -1, &st,
	                       NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return 0; /* not a database yet: no ecosystems */
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		ALLOC_GROW(*out, *n + 1, alloc);
		(*out)[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}

struct dl {
	FILE *f;
	int64_t written; /* bytes on disk, a resumed part included */
	int64_t max;
	bool too_big;
	char etag[256];
	char last_modified[128];
};

static size_t on_write(char *p, size_t size, size_t nmemb, void *ud)
{
	struct dl *d = ud;
	size_t n = size * nmemb;

	if (d->written + (int64_t)n > d->max) {
		d->too_big = true;
		return 0;
	}
	if (fwrite(p, 1, n, d->f) != n)
		return 0;
	d->written += (int64_t)n;
	return n;
}

static void header_value(char *out, size_t outlen, const char *p, size_t n, const char *name)
{
	size_t k = strlen(name);

	if (n <= k || strncasecmp(p, name, k))
		return;
	p += k;
	n -= k;
	str_trim(&p, &n);
	if (n >= outlen)
		return;
	memcpy(out, p, n);
	out[n] = 0;
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *ud)
{
	struct dl *d = ud;
	size_t n = size * nmemb;

	/* a new response (redirect, 100-continue) starts with a status line: forget the last one */
	if (n > 5 && !memcmp(p, "HTTP/", 5)) {
		d->etag[0] = 0;
		d->last_modified[0] = 0;
	}
	header_value(d->etag, sizeof(d->etag), p, n, "etag:");
	header_value(d->last_modified, sizeof(d->last_modified), p, n, "last-modified:");
	return n;
}

/* Reads "etag\nlast-modified\n" from a .part.meta file. */
static void read_meta(const char *path, char *etag, size_t elen, char *lm, size_t llen)
{
	struct buf b = BUF_INIT_MAX(4096);
	struct lines it;
	const char *s;
	size_t n;
	int i = 0;

	etag[0] = lm[0] = 0;
	if (buf_read_file(&b, path) < 0) {
		err_clear();
		buf_release(&b);
		return;
	}
	it = (struct lines)LINES_INIT(b.ptr, b.len);
	while (lines_next(&it, &s, &n) && i < 2) {
		char *dst = i == 0 ? etag : lm;
		size_t cap = i == 0 ? elen : llen;

		if (n < cap) {
			memcpy(dst, s, n);
			dst[n] = 0;
		}
		i++;
	}
	buf_release(&b);
}

static int write_meta(const char *path, const char *etag, const char *lm)
{
	struct buf b = BUF_INIT;
	int r;

	buf_addf(&b, "%s\n%s\n", etag, lm);
	r = fs_write_atomic(path, b.ptr, b.len, 0644, 0);
	buf_release(&b);
	return r;
}

/* The cache name of a URL: a short hash, so any URL makes a safe file name. */
static void cache_name(struct buf *out, const char *dir, const char *url, const char *ext)
{
	uint8_t h[SHA256_LEN];
	char hex[SHA256_HEX_LEN + 1];

	hash_sha256(h, url, strlen(url));
	hex_encode(hex, h, 8);
	buf_reset(out);
	buf_addf(out, "%s/%s%s", dir, hex, ext);
}

/* The ETag and Last-Modified the database in use records for url ("" when none). */
static void db_validators(struct vulndb *old, const char *url, char *etag, size_t elen, char *lm,
                          size_t llen)
{
	struct buf key = BUF_INIT;
	char *v = NULL;

	etag[0] = lm[0] = 0;
	if (!old)
		return;
	buf_addf(&key, "etag %s", url);
	if (vulndb_meta_get(old, key.ptr, &v) == 0 && v && strlen(v) < elen)
		memcpy(etag, v, strlen(v) + 1);
	free(v);
	v = NULL;
	buf_reset(&key);
	buf_addf(&key, "last-modified %s", url);
	if (vulndb_meta_get(old, key.ptr, &v) == 0 && v && strlen(v) < llen)
		memcpy(lm, v, strlen(v) + 1);
	free(v);
	err_clear();
	buf_release(&key);
}

static bool is_https(const char *url)
{
	return !strncasecmp(url, "https://", 8);
}

enum fetch_result { FETCH_NEW, FETCH_NOT_MODIFIED };

/*
 * Downloads url into DB.d/HASH.part, renamed DB.d/HASH.new.zip when complete
 * (its name, ETag and Last-Modified in *arch) and removed once imported: it is never taken
 * for current before the database that holds it is in place, so a body that
 * does not import is fetched again by the next update.
 */
static int fetch(struct vulndb_update *u, struct vulndb *old, const char *dir, const char *url,
                 struct vulndb_archive *arch, enum fetch_result *res)
{
	struct buf part = BUF_INIT, pmeta = BUF_INIT, hdr = BUF_INIT;
	char etag[256], lm[128], petag[256], plm[128];
	struct curl_slist *headers = NULL;
	struct dl d = { 0 };
	CURL *c = NULL;
	CURLcode cc;
	long code = 0;
	struct stat st;
	int64_t offset = 0;
	long timeout, low_speed_limit, low_speed_time;
	int r = 0;

	d.max = u->max_download > 0 ? u->max_download : VULNDB_MAX_DOWNLOAD;
	timeout = u->timeout > 0 ? u->timeout : VULNDB_TIMEOUT;
	low_speed_limit = u->low_speed_limit > 0 ? u->low_speed_limit : VULNDB_LOW_SPEED_LIMIT;
	low_speed_time = u->low_speed_time > 0 ? u->low_speed_time : VULNDB_LOW_SPEED_TIME;
	cache_name(&part, dir, url, ".part");
	cache_name(&pmeta, dir, url, ".part.meta");
	db_validators(old, url, etag, sizeof(etag), lm, sizeof(lm));
	read_meta(pmeta.ptr, petag, sizeof(petag), plm, sizeof(plm));

	c = curl_easy_init();
	if (!c) {
		r = err_set(ERR_GENERIC, "cannot start libcurl");
		goto done;
	}
	/* resume a partial download only when we know which version it was */
	if (stat(part.ptr, &st) == 0 && st.st_size > 0 && petag[0]) {
		offset = (int64_t)st.st_size;
		if (offset >= d.max) {
			r = err_set(ERR_TOOBIG,
			            "cannot download '%s': larger than %" PRId64 " bytes", url,
			            d.max);
			unlink(part.ptr);
			unlink(pmeta.ptr);
			goto done;
		}
		buf_reset(&hdr);
		buf_addf(&hdr, "If-Range: %s", petag);
		headers = curl_slist_append(headers, hdr.ptr);
		curl_easy_setopt(c, CURLOPT_RESUME_FROM_LARGE, (curl_off_t)offset);
		d.f = fopen(part.ptr, "ab");
	} else {
		d.f = fopen(part.ptr, "wb");
		if (etag[0]) {
			buf_reset(&hdr);
			buf_addf(&hdr, "If-None-Match: %s", etag);
			headers = curl_slist_append(headers, hdr.ptr);
		}
		if (lm[0]) {
			buf_reset(&hdr);
			buf_addf(&hdr, "If-Modified-Since: %s", lm);
			headers = curl_slist_append(headers, hdr.ptr);
		}
	}
	if (!d.f) {
		r = err_set_errno(ERR_IO, "cannot write '%s'", part.ptr);
		goto done;
	}
	/* the bytes already on disk count against the cap */
	d.written = offset;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	/* never from https down to http: the archive's integrity rests on TLS */
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, is_https(url) ? "https" : "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, low_speed_limit);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, low_speed_time);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)(d.max - offset));
	if (u->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, u->ca_file);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "vouch");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &d);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &d);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (u->on_progress)
		u->on_progress(url, offset ? "resuming" : "downloading", NULL);
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (fflush(d.f) != 0 || fsync(fileno(d.f)) != 0) {
		r = err_set_errno(ERR_IO, "cannot write '%s'", part.ptr);
		goto done;
	}
	fclose(d.f);
	d.f = NULL;
	if (cc == CURLE_OK && code == 304) {
		unlink(part.ptr);
		unlink(pmeta.ptr);
		*res = FETCH_NOT_MODIFIED;
		u->not_modified++;
		goto done;
	}
	if (cc == CURLE_OK && code == 200 && offset) {
		/* the server sent the whole file (If-Range failed): the part holds old bytes first */
		r = err_set(ERR_IO,
		            "'%s': the archive changed during a resumed download; run "
		            "'vouch db update' again",
		            url);
		unlink(part.ptr);
		unlink(pmeta.ptr);
		goto done;
	}
	if (d.too_big || cc == CURLE_FILESIZE_EXCEEDED) {
		r = err_set(ERR_TOOBIG, "cannot download '%s': larger than %" PRId64 " bytes", url,
		            d.max);
		unlink(part.ptr);
		unlink(pmeta.ptr);
		goto done;
	}
	if (cc != CURLE_OK || (code != 200 && code != 206)) {
		/* keep what arrived, with its ETag, so the next run can resume */
		if (d.etag[0] && (code == 200 || code == 206) && !offset)
			write_meta(pmeta.ptr, d.etag, d.last_modified);
		if (cc == CURLE_UNSUPPORTED_PROTOCOL && code >= 300 && code < 400)
			r = err_set(ERR_IO,
			            "cannot download '%s': redirected to a URL that is not %s", url,
			            is_https(url) ? "https" : "http or https");
		else if (cc == CURLE_OPERATION_TIMEDOUT)
			r = err_set(
			        ERR_IO,
			        "cannot download '%s': %s (limits: %ld s in all, at least %ld "
			        "bytes/s over %ld s; see --timeout, --min-rate, --min-rate-time)",
			        url, curl_easy_strerror(cc), timeout, low_speed_limit,
			        low_speed_time);
		else if (cc != CURLE_OK)
			r = err_set(ERR_IO, "cannot download '%s': %s", url,
			            curl_easy_strerror(cc));
		else
			r = err_set(ERR_IO, "cannot download '%s': HTTP status %ld", url, code);
		if (code >= 300)
			unlink(part.ptr);
		goto done;
	}
	if (offset)
		u->resumed++;
	/* complete: no longer resumable, and not current until imported */
	unlink(pmeta.ptr);
	cache_name(&hdr, dir, url, ".new.zip");
	if (rename(part.ptr, hdr.ptr) < 0) {
		r = err_set_errno(ERR_IO, "cannot rename '%s'", part.ptr);
		unlink(part.ptr);
		goto done;
	}
	arch->path = buf_detach(&hdr, NULL);
	snprintf(arch->etag, sizeof(arch->etag), "%s", d.etag[0] ? d.etag : petag);
	snprintf(arch->last_modified, sizeof(arch->last_modified), "%s", d.last_modified);
	*res = FETCH_NEW;
	u->downloaded++;
done:
	if (d.f)
		fclose(d.f);
	curl_slist_free_all(headers);
	curl_easy_cleanup(c);
	buf_release(&part);
	buf_release(&pmeta);
	buf_release(&hdr);
	return r;
}

static void sync_parent(const char *path)
{
	char *d = xstrdup(path), *slash = strrchr(d, '/');

	if (slash)
		*slash = 0;
	fs_sync_dir(slash ? d : ".");
	free(d);
}

static int sync_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fsync(fd) < 0) {
		int r = err_set_errno(ERR_IO, "cannot sync '%s'", path);

		if (fd >= 0)
			close(fd);
		return r;
	}
	close(fd);
	return 0;
}

/* Imports one downloaded archive in place of what the same URL gave before. */
static int import_archive(struct vulndb_update *u, struct vulndb *db, const char *dir,
                          const char *url, const struct vulndb_archive *arch)
{
	struct buf key = BUF_INIT, legacy = BUF_INIT;
	size_t before = u->imp.inserted + u->imp.replaced + u->imp.unchanged;
	size_t broken = u->imp.broken;
	int r;

	/* what this URL gave last time goes; what other sources gave stays (newer 'modified'
	 * still wins when both hold an advisory) */
	if ((r = vulndb_forget_source(db, url, NULL)) < 0)
		goto done;
	/* databases built by earlier versions recorded the cached archive's path */
	cache_name(&legacy, dir, url, ".zip");
	if ((r = vulndb_forget_source(db, legacy.ptr, NULL)) < 0)
		goto done;
	u->imp.source_name = url;
	if ((r = vulndb_import_path(&u->imp, arch->path)) < 0)
		goto done;
	if (u->imp.broken == broken &&
	    u->imp.inserted + u->imp.replaced + u->imp.unchanged == before) {
		u->imp.broken++;
		u->imp.invalid++;
		if (u->imp.on_invalid)
			u->imp.on_invalid(url, "no OSV advisory in the download", u->imp.payload);
	}
	buf_addf(&key, "etag %s", url);
	if ((r = vulndb_meta_set(db, key.ptr, arch->etag)) < 0)
		goto done;
	buf_reset(&key);
	buf_addf(&key, "last-modified %s", url);
	r = vulndb_meta_set(db, key.ptr, arch->last_modified);
done:
	buf_release(&key);
	buf_release(&legacy);
	return r;
}

int vulndb_update_run(struct vulndb_update *u)
{
	struct buf dir = BUF_INIT, tmp = BUF_INIT, old_cache = BUF_INIT, final = BUF_INIT;
	struct vulndb *db = NULL, *old = NULL;
	struct vulndb_archive *arch = NULL;
	const char *given = u->db_path;
	bool changed = false, swapped = false;
	struct stat st;
	int r = 0;

	u->rebuilt = false;
	/* a database reached through a symbolic link is replaced at the link's target: the
	 * link stays (as with every file vouch writes) */
	if ((r = fs_final_name(&final, &st, u->db_path)) < 0)
		return r;
	if (st.st_mode && !S_ISREG(st.st_mode)) {
		r = err_set(ERR_IO, "cannot update '%s': not a regular file", u->db_path);
		buf_release(&final);
		return r;
	}
	u->db_path = final.ptr;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		return err_set(ERR_GENERIC, "cannot initialise libcurl");
	arch = xcalloc(u->nurls ? u->nurls : 1, sizeof(*arch));
	buf_addf(&dir, "%s.d", u->db_path);
	if ((r = fs_mkdirs(dir.ptr, 0755)) < 0)
		goto done;
	/* the database in use says which version of each archive it holds */
	if (fs_exists(u->db_path) && (r = vulndb_open(&old, u->db_path, VULNDB_READONLY)) < 0)
		goto done;
	for (size_t i = 0; i < u->nurls; i++) {
		enum fetch_result res = FETCH_NOT_MODIFIED;

		if ((r = fetch(u, old, dir.ptr, u->urls[i], &arch[i], &res)) < 0) {
			u->failed++;
			if (u->on_failed)
				u->on_failed(u->urls[i], err_msg(), u->imp.payload);
			err_clear();
			r = 0;
			break; /* the rest would be downloaded only to be thrown away */
		}
		changed |= res == FETCH_NEW;
	}
	vulndb_close(old);
	old = NULL;
	if (u->failed)
		goto done; /* never a database without an archive asked for */
	if (!changed)
		goto done;
	/* a copy of the database in use, updated and swapped in whole */
	buf_addf(&tmp, "%s.new-%ld", u->db_path, (long)getpid());
	if ((r = vulndb_clone(&db, u->db_path, tmp.ptr)) < 0 || (r = vulndb_begin(db)) < 0)
		goto fail;
	u->imp.db = db;
	for (size_t i = 0; i < u->nurls; i++) {
		if (!arch[i].path)
			continue;
		if (u->on_progress)
			u->on_progress(u->urls[i], "importing", NULL);
		if ((r = import_archive(u, db, dir.ptr, u->urls[i], &arch[i])) < 0)
			goto fail;
	}
	if (u->imp.broken) {
		u->failed++;
		goto fail;
	}
	if ((r = vulndb_commit(db)) < 0)
		goto fail;
	vulndb_close(db);
	db = NULL;
	if ((r = sync_file(tmp.ptr)) < 0)
		goto fail;
	if (rename(tmp.ptr, u->db_path) < 0) {
		r = err_set_errno(ERR_IO, "cannot replace '%s'", u->db_path);
		goto fail;
	}
	sync_parent(u->db_path);
	swapped = true;
	u->rebuilt = true;
	goto done;
fail:
	if (db) {
		vulndb_rollback(db);
		vulndb_close(db);
		db = NULL;
	}
	unlink(tmp.ptr);
done:
	vulndb_close(db);
	vulndb_close(old);
	/* a finished download is kept only by the database it went into: one that did not get
	 * there is fetched in full next time */
	for (size_t i = 0; i < u->nurls; i++) {
		if (arch[i].path)
			unlink(arch[i].path);
		free(arch[i].path);
		if (swapped) {
			/* the caches of earlier versions (whole archives and their validators) */
			cache_name(&old_cache, dir.ptr, u->urls[i], ".zip");
			unlink(old_cache.ptr);
			cache_name(&old_cache, dir.ptr, u->urls[i], ".meta");
			unlink(old_cache.ptr);
		}
	}
	free(arch);
	buf_release(&dir);
	buf_release(&tmp);
	buf_release(&old_cache);
	buf_release(&final);
	u->db_path = given;
	curl_global_cleanup();
	return r;
}
