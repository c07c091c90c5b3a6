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
	int64_t written;
	char etag[256];
	char last_modified[128];
};

static size_t on_write(char *p, size_t size, size_t nmemb, void *ud)
{
	struct dl *d = ud;
	size_t n = size * nmemb;

	if (d->written + (int64_t)n > VULNDB_MAX_DOWNLOAD)
		return 0;
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

/* Reads "etag\nlast-modified\n" from a .meta file. */
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

enum fetch_result { FETCH_NEW, FETCH_NOT_MODIFIED };

static int fetch(struct vulndb_update *u, const char *dir, const char *url, enum fetch_result *res)
{
	struct buf zip = BUF_INIT, part = BUF_INIT, meta = BUF_INIT, pmeta = BUF_INIT,
	           hdr = BUF_INIT;
	char etag[256], lm[128], petag[256], plm[128];
	struct curl_slist *headers = NULL;
	struct dl d = { 0 };
	CURL *c = NULL;
	CURLcode cc;
	long code = 0;
	struct stat st;
	int64_t offset = 0;
	int r = 0;

	cache_name(&zip, dir, url, ".zip");
	cache_name(&part, dir, url, ".part");
	cache_name(&meta, dir, url, ".meta");
	cache_name(&pmeta, dir, url, ".part.meta");
	read_meta(meta.ptr, etag, sizeof(etag), lm, sizeof(lm));
	read_meta(pmeta.ptr, petag, sizeof(petag), plm, sizeof(plm));

	c = curl_easy_init();
	if (!c) {
		r = err_set(ERR_GENERIC, "cannot start libcurl");
		goto done;
	}
	/* resume a partial download only when we know which version it was */
	if (stat(part.ptr, &st) == 0 && st.st_size > 0 && petag[0]) {
		offset = (int64_t)st.st_size;
		buf_reset(&hdr);
		buf_addf(&hdr, "If-Range: %s", petag);
		headers = curl_slist_append(headers, hdr.ptr);
		curl_easy_setopt(c, CURLOPT_RESUME_FROM_LARGE, (curl_off_t)offset);
		d.f = fopen(part.ptr, "ab");
	} else {
		d.f = fopen(part.ptr, "wb");
		if (fs_exists(zip.ptr) && etag[0]) {
			buf_reset(&hdr);
			buf_addf(&hdr, "If-None-Match: %s", etag);
			headers = curl_slist_append(headers, hdr.ptr);
		}
		if (fs_exists(zip.ptr) && lm[0]) {
			buf_reset(&hdr);
			buf_addf(&hdr, "If-Modified-Since: %s", lm);
			headers = curl_slist_append(headers, hdr.ptr);
		}
	}
	if (!d.f) {
		r = err_set_errno(ERR_IO, "cannot write '%s'", part.ptr);
		goto done;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)VULNDB_MAX_DOWNLOAD);
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
	if (cc != CURLE_OK || (code != 200 && code != 206)) {
		/* keep what arrived, with its ETag, so the next run can resume */
		if (d.etag[0] && (code == 200 || code == 206) && !offset)
			write_meta(pmeta.ptr, d.etag, d.last_modified);
		if (cc != CURLE_OK)
			r = err_set(ERR_IO, "cannot download '%s': %s", url,
			            curl_easy_strerror(cc));
		else
			r = err_set(ERR_IO, "cannot download '%s': HTTP status %ld", url, code);
		if (code >= 400)
			unlink(part.ptr);
		goto done;
	}
	if (offset)
		u->resumed++;
	if (rename(part.ptr, zip.ptr) < 0) {
		r = err_set_errno(ERR_IO, "cannot rename '%s'", part.ptr);
		goto done;
	}
	write_meta(meta.ptr, d.etag[0] ? d.etag : petag, d.last_modified);
	unlink(pmeta.ptr);
	fs_sync_dir(dir);
	*res = FETCH_NEW;
	u->downloaded++;
done:
	if (d.f)
		fclose(d.f);
	curl_slist_free_all(headers);
	curl_easy_cleanup(c);
	buf_release(&zip);
	buf_release(&part);
	buf_release(&meta);
	buf_release(&pmeta);
	buf_release(&hdr);
	return r;
}

int vulndb_update_run(struct vulndb_update *u)
{
	struct buf dir = BUF_INIT, tmp = BUF_INIT, zip = BUF_INIT, key = BUF_INIT, meta = BUF_INIT;
	struct vulndb *db = NULL;
	bool changed = !fs_exists(u->db_path);
	int r = 0;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		return err_set(ERR_GENERIC, "cannot initialise libcurl");
	buf_addf(&dir, "%s.d", u->db_path);
	if ((r = fs_mkdirs(dir.ptr, 0755)) < 0)
		goto done;
	for (size_t i = 0; i < u->nurls; i++) {
		enum fetch_result res = FETCH_NEW;

		if ((r = fetch(u, dir.ptr, u->urls[i], &res)) < 0)
			goto done;
		if (res == FETCH_NEW)
			changed = true;
	}
	if (!changed) {
		u->rebuilt = false;
		goto done;
	}
	/* build the new database beside the old one, from every archive asked for */
	buf_addf(&tmp, "%s.new-%ld", u->db_path, (long)getpid());
	unlink(tmp.ptr);
	if ((r = vulndb_open(&db, tmp.ptr, VULNDB_CREATE)) < 0 || (r = vulndb_begin(db)) < 0)
		goto fail;
	u->imp.db = db;
	for (size_t i = 0; i < u->nurls; i++) {
		char etag[256], lm[128];

		cache_name(&zip, dir.ptr, u->urls[i], ".zip");
		cache_name(&meta, dir.ptr, u->urls[i], ".meta");
		u->imp.source_name = u->urls[i];
		if ((r = vulndb_import_path(&u->imp, zip.ptr)) < 0)
			goto fail;
		read_meta(meta.ptr, etag, sizeof(etag), lm, sizeof(lm));
		buf_reset(&key);
		buf_addf(&key, "etag %s", u->urls[i]);
		if ((r = vulndb_meta_set(db, key.ptr, etag)) < 0)
			goto fail;
		buf_reset(&key);
		buf_addf(&key, "last-modified %s", u->urls[i]);
		if ((r = vulndb_meta_set(db, key.ptr, lm)) < 0)
			goto fail;
	}
	if ((r = vulndb_commit(db)) < 0)
		goto fail;
	vulndb_close(db);
	db = NULL;
	{
		int fd = open(tmp.ptr, O_RDONLY | O_CLOEXEC);

		if (fd < 0 || fsync(fd) < 0) {
			r = err_set_errno(ERR_IO, "cannot sync '%s'", tmp.ptr);
			if (fd >= 0)
				close(fd);
			goto fail;
		}
		close(fd);
	}
	if (rename(tmp.ptr, u->db_path) < 0) {
		r = err_set_errno(ERR_IO, "cannot replace '%s'", u->db_path);
		goto fail;
	}
	{
		char *d = xstrdup(u->db_path), *slash = strrchr(d, '/');

		if (slash)
			*slash = 0;
		fs_sync_dir(slash ? d : ".");
		free(d);
	}
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
	buf_release(&dir);
	buf_release(&tmp);
	buf_release(&zip);
	buf_release(&key);
	buf_release(&meta);
	curl_global_cleanup();
	return r;
}
