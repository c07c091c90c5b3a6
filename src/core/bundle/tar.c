/*
 * tar.c: the bundle's archive, written deterministically and read from memory
 * with limits (bundle.h). libarchive does the format; this file decides what
 * goes in and what is accepted.
 */
#include "util/arc.h"
#include "util/compat.h"
#include "core/bundle/bundle.h"
#include "util/alloc.h"
#include "util/err.h"

#include <archive.h>
#include <archive_entry.h>

int bundle_archive_add(struct bundle_archive *a, const char *path, const void *data, size_t len,
                       const char *media_type)
{
	struct bundle_member *m;

	if (len > BUNDLE_MAX_MEMBER)
		return err_set(ERR_TOOBIG, "'%s' is larger than a bundle member may be (%zu MiB)",
		               path, BUNDLE_MAX_MEMBER >> 20);
	if (a->n == a->alloc) {
		a->alloc = a->alloc ? 2 * a->alloc : 16;
		a->v = xreallocarray(a->v, a->alloc, sizeof(*a->v));
	}
	m = &a->v[a->n++];
	memset(m, 0, sizeof(*m));
	m->path = xstrdup(path);
	buf_init(&m->data, BUNDLE_MAX_MEMBER);
	buf_add(&m->data, data, len);
	m->size = len;
	m->media_type = media_type;
	return 0;
}

const struct bundle_member *bundle_archive_get(const struct bundle_archive *a, const char *path)
{
	for (size_t i = 0; i < a->n; i++)
		if (!a->v[i].problem && !strcmp(a->v[i].path, path))
			return &a->v[i];
	return NULL;
}

void bundle_archive_release(struct bundle_archive *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].path);
		free(a->v[i].problem);
		buf_release(&a->v[i].data);
	}
	free(a->v);
	free(a->damage);
	memset(a, 0, sizeof(*a));
}

/* NULL when name is a safe relative member name, else why not. */
static const char *unsafe_name(const char *name)
{
	size_t n = strlen(name);

	if (!n)
		return "an empty name";
	if (n > BUNDLE_MAX_NAME)
		return "a name longer than 1024 bytes";
	if (name[0] == '/')
		return "an absolute path";
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return "a control character or backslash in the name";
	for (const char *p = name; *p;) {
		const char *e = strchr(p, '/');
		size_t l = e ? (size_t)(e - p) : strlen(p);

		if (l == 2 && !memcmp(p, "..", 2))
			return "a '..' component (path traversal)";
		if (l == 0 || (l == 1 && *p == '.'))
			return "an empty or '.' component";
		p += l + (e != NULL);
		if (e && !*p)
			return "a trailing '/'";
	}
	return NULL;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct bundle_member *)a)->path,
	              ((const struct bundle_member *)b)->path);
}

static la_ssize_t write_cb(struct archive *ar, void *payload, const void *p, size_t n)
{
	(void)ar;
	return buf_add(payload, p, n) < 0 ? -1 : (la_ssize_t)n;
}

int bundle_tar_write(struct buf *out, struct bundle_archive *a, int64_t mtime)
{
	struct archive *ar = NULL;
	struct archive_entry *e = NULL;
	const char *why;
	int r = 0;

	qsort(a->v, a->n, sizeof(*a->v), by_path);
	for (size_t i = 0; i < a->n; i++) {
		if ((why = unsafe_name(a->v[i].path)))
			return err_set(ERR_USAGE, "member '%s': %s", a->v[i].path, why);
		if (i && !strcmp(a->v[i].path, a->v[i - 1].path))
			return err_set(ERR_USAGE, "member '%s' given twice", a->v[i].path);
	}
	ar = archive_write_new();
	e = archive_entry_new();
	if (!ar || !e) {
		r = err_set(ERR_GENERIC, "cannot start an archive");
		goto done;
	}
	/* ustar, with a pax header only for a name ustar cannot hold; no compression */
	if (archive_write_set_format_pax_restricted(ar) != ARCHIVE_OK ||
	    archive_write_add_filter_none(ar) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(ar, 1) != ARCHIVE_OK ||
	    archive_write_open2(ar, out, NULL, write_cb, NULL, NULL) != ARCHIVE_OK) {
		r = err_set(ERR_GENERIC, "cannot start an archive: %s", arc_error(ar));
		goto done;
	}
	for (size_t i = 0; i < a->n; i++) {
		const struct bundle_member *m = &a->v[i];

		archive_entry_clear(e);
		archive_entry_set_pathname(e, m->path);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)m->data.len);
		archive_entry_set_mtime(e, (time_t)mtime, 0);
		archive_entry_set_uid(e, 0);
		archive_entry_set_gid(e, 0);
		if (archive_write_header(ar, e) != ARCHIVE_OK ||
		    (m->data.len &&
		     archive_write_data(ar, m->data.ptr, m->data.len) != (la_ssize_t)m->data.len)) {
			r = err_set(ERR_IO, "cannot write member '%s': %s", m->path, arc_error(ar));
			goto done;
		}
	}
	if (archive_write_close(ar) != ARCHIVE_OK) {
		r = err_set(ERR_IO, "cannot finish the archive: %s", arc_error(ar));
		goto done;
	}
done:
	if (e)
		archive_entry_free(e);
	if (ar)
		archive_write_free(ar);
	return r;
}

static void refuse(struct bundle_member *m, const char *check, const char *fmt, const char *arg)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, fmt, arg);
	free(m->problem);
	m->problem = buf_detach(&b, NULL);
	m->check = check;
	buf_release(&m->data);
	buf_init(&m->data, BUNDLE_MAX_MEMBER);
}

/* Reads one member's data (at most BUNDLE_MAX_MEMBER bytes) unless it was refused. */
static int read_member(struct archive *ar, struct bundle_member *m)
{
	char chunk[65536];
	la_ssize_t n;

	if (m->problem)
		return archive_read_data_skip(ar) == ARCHIVE_OK ? 0 : -1;
	while ((n = archive_read_data(ar, chunk, sizeof(chunk))) > 0) {
		if (m->data.len + (size_t)n > BUNDLE_MAX_MEMBER) {
			refuse(m, "limit", "larger than %s (a decompression bomb or a huge member)",
			       "64 MiB");
			return archive_read_data_skip(ar) == ARCHIVE_OK ? 0 : -1;
		}
		buf_add(&m->data, chunk, (size_t)n);
	}
	return n < 0 ? -1 : 0;
}

int bundle_tar_read(struct bundle_archive *out, const void *data, size_t len)
{
	struct archive *ar = NULL;
	struct archive_entry *e;
	struct buf why = BUF_INIT;
	size_t total = 0;
	int r;

	if (len > BUNDLE_MAX_SIZE)
		return err_set(ERR_TOOBIG, "the bundle is larger than %zu MiB",
		               BUNDLE_MAX_SIZE >> 20);
	if (!(ar = archive_read_new()))
		return err_set(ERR_GENERIC, "cannot start reading an archive");
	/* tar only, and no decompression filter: a compressed bundle is refused, not expanded */
	archive_read_support_format_tar(ar);
	if (archive_read_open_memory(ar, data, len) != ARCHIVE_OK) {
		buf_addf(&why, "not an uncompressed tar archive: %s", arc_error(ar));
		goto done;
	}
	for (;;) {
		struct bundle_member *m;
		const char *name, *bad;
		unsigned type;

		r = archive_read_next_header(ar, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			buf_addf(&why, "damaged after %zu members: %s", out->n, arc_error(ar));
			break;
		}
		if (archive_filter_code(ar, 0) != ARCHIVE_FILTER_NONE) {
			buf_adds(&why, "compressed archives are not accepted");
			break;
		}
		if (out->n >= BUNDLE_MAX_MEMBERS) {
			buf_addf(&why, "more than %d members", BUNDLE_MAX_MEMBERS);
			break;
		}
		name = archive_entry_pathname(e);
		if (!name)
			name = "";
		bundle_archive_add(out, name, NULL, 0, NULL);
		m = &out->v[out->n - 1];
		m->size = archive_entry_size_is_set(e) && archive_entry_size(e) > 0
		                  ? (size_t)archive_entry_size(e)
		                  : 0;
		type = archive_entry_filetype(e);
		if (type != AE_IFDIR && (bad = unsafe_name(name)))
			refuse(m, "path", "%s", bad);
		else if (archive_entry_hardlink(e))
			refuse(m, "type", "a hard link to '%s'", archive_entry_hardlink(e));
		else if (type == AE_IFLNK)
			refuse(m, "type", "a symbolic link to '%s'",
			       archive_entry_symlink(e) ? archive_entry_symlink(e) : "");
		else if (type == AE_IFCHR || type == AE_IFBLK)
			refuse(m, "type", "%s", "a device file");
		else if (type == AE_IFIFO || type == AE_IFSOCK)
			refuse(m, "type", "%s", "a FIFO or socket");
		else if (type == AE_IFDIR)
			refuse(m, "type", "%s", "a directory (a bundle holds only files)");
		else if (type != AE_IFREG)
			refuse(m, "type", "%s", "not a regular file");
		else if (archive_entry_sparse_count(e) > 0)
			refuse(m, "type", "%s", "a sparse file");
		else if (m->size > BUNDLE_MAX_MEMBER)
			refuse(m, "limit", "declares more than %s (a bomb or a huge member)",
			       "64 MiB");
		for (size_t i = 0; i + 1 < out->n && !m->problem; i++)
			if (!strcmp(out->v[i].path, name))
				refuse(m, "duplicate", "%s", "a second member of this name");
		if (read_member(ar, m) < 0) {
			buf_addf(&why, "member '%s' is damaged: %s", name, arc_error(ar));
			break;
		}
		if (!m->problem && m->data.len != m->size)
			refuse(m, "size", "%s", "holds fewer bytes than it declares");
		total += m->data.len;
		if (total > BUNDLE_MAX_SIZE) {
			buf_addf(&why, "members add up to more than %zu MiB",
			         BUNDLE_MAX_SIZE >> 20);
			break;
		}
	}
done:
	if (why.len)
		out->damage = buf_detach(&why, NULL);
	buf_release(&why);
	archive_read_free(ar);
	return 0;
}
