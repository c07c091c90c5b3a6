/*
 * source.c: the files of a container image, whether it is a folder or a
 * tar file: small JSON documents read whole, layers streamed.
 *
 * A tar is read once up front for its small JSON members (index, manifests,
 * configs: at most IMAGE_MAX_JSON bytes each) and the names of all its
 * members; a layer is then streamed by opening the tar again and skipping
 * to it (libarchive seeks over what it skips in an uncompressed tar).
 */
#include "util/arc.h"
#include "util/compat.h"
#include "core/inventory/image/source.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* "./a/b" and "/a/b" are "a/b"; "a/b/" is "a/b". Returns false for names with ".." parts. */
bool img_name_normalize(struct buf *out, const char *raw)
{
	const char *p = raw;

	buf_reset(out);
	while (*p) {
		const char *e = p + strcspn(p, "/");
		size_t n = (size_t)(e - p);

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return false;
		if (n && !(n == 1 && p[0] == '.')) {
			if (out->len)
				buf_addch(out, '/');
			buf_add(out, p, n);
		}
		p = *e ? e + 1 : e;
	}
	return true;
}

struct archive *img_tar_open(const char *path, int *fd_out)
{
	struct archive *ar;
	int fd = fs_open_regular(path);

	*fd_out = -1;
	if (fd < 0)
		return NULL;
	ar = archive_read_new();
	archive_read_support_filter_all(ar);
	archive_read_support_format_tar(ar);
	if (archive_read_open_fd(ar, fd, 65536) != ARCHIVE_OK) {
		err_set(ERR_PARSE, "'%s': %s", path, arc_error(ar));
		archive_read_free(ar);
		close(fd);
		return NULL;
	}
	*fd_out = fd;
	return ar;
}

static bool looks_json(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')
			continue;
		return p[i] == '{' || p[i] == '[';
	}
	return false;
}

static int read_entry_data(struct archive *ar, struct buf *out, size_t cap, const char *what)
{
	char chunk[65536];
	la_ssize_t got;

	out->max = cap;
	while ((got = archive_read_data(ar, chunk, sizeof(chunk))) > 0)
		if (buf_add(out, chunk, (size_t)got) < 0)
			return err_set(ERR_TOOBIG, "'%s': over the %zu-byte limit", what, cap);
	if (got < 0)
		return err_set(ERR_PARSE, "'%s': %s", what, arc_error(ar));
	return 0;
}

int img_src_open(struct img_src *s, const char *path, size_t max_names)
{
	struct stat st;
	struct archive *ar;
	struct archive_entry *en;
	struct buf name = BUF_INIT;
	size_t n = 0, held = 0;
	int r, ret = -1, fd = -1;

	memset(s, 0, sizeof(*s));
	s->path = path;
	if (stat(path, &st) < 0)
		return err_set_errno(ERR_IO, "cannot read '%s'", path);
	if (S_ISDIR(st.st_mode)) {
		s->dir = true;
		return 0;
	}
	ar = img_tar_open(path, &fd);
	if (!ar)
		return -1;
	while (arc_header_ok(r = archive_read_next_header(ar, &en))) {
		la_int64_t size = archive_entry_size(en);

		if (++n > IMAGE_MAX_MEMBERS) {
			err_set(ERR_TOOBIG, "'%s': more than %d members", path, IMAGE_MAX_MEMBERS);
			goto done;
		}
		if (archive_entry_filetype(en) != AE_IFREG || !archive_entry_pathname(en) ||
		    !img_name_normalize(&name, archive_entry_pathname(en)) || !name.len)
			continue;
		/* each name is kept: bound their bytes as well as their count */
		held = st_add(held, st_add(name.len, 64));
		if (held > max_names) {
			err_set(ERR_TOOBIG,
			        "'%s': member names and JSON files take more than %zu bytes", path,
			        max_names);
			goto done;
		}
		strmap_put(&s->names, name.ptr, 1);
		if (size >= 0 && (uint64_t)size <= IMAGE_MAX_JSON) {
			struct buf data = BUF_INIT;

			if (read_entry_data(ar, &data, IMAGE_MAX_JSON, name.ptr) < 0) {
				buf_release(&data);
				err_prefix("'%s'", path);
				goto done;
			}
			if (looks_json(data.ptr, data.len)) {
				/* kept too: a million small JSON members are gigabytes */
				held = st_add(held, data.len);
				if (held > max_names) {
					buf_release(&data);
					err_set(ERR_TOOBIG,
					        "'%s': member names and JSON files take more than "
					        "%zu bytes",
					        path, max_names);
					goto done;
				}
				ALLOC_GROW(s->small, s->nsmall + 1, s->asmall);
				s->small[s->nsmall].name = xstrdup(name.ptr);
				s->small[s->nsmall].len = data.len;
				s->small[s->nsmall].data = buf_detach(&data, NULL);
				s->nsmall++;
			}
			buf_release(&data);
		}
	}
	if (r != ARCHIVE_EOF) {
		err_set(ERR_PARSE, "'%s': %s", path, arc_error(ar));
		goto done;
	}
	ret = 0;
done:
	archive_read_free(ar);
	if (fd >= 0)
		close(fd);
	buf_release(&name);
	if (ret < 0)
		img_src_release(s);
	return ret;
}

void img_src_release(struct img_src *s)
{
	for (size_t i = 0; i < s->nsmall; i++) {
		free(s->small[i].name);
		free(s->small[i].data);
	}
	free(s->small);
	strmap_release(&s->names);
	memset(s, 0, sizeof(*s));
}

/* The folder's file name, refusing names that leave it (links included). */
static int dir_path(struct buf *out, const struct img_src *s, const char *name)
{
	char *real = NULL, *root = NULL;
	struct buf norm = BUF_INIT;
	int ret = -1;

	if (!img_name_normalize(&norm, name) || !norm.len) {
		ret = err_set(ERR_PARSE, "'%s': '%s' names a file outside the image", s->path,
		              name);
		goto done;
	}
	buf_reset(out);
	buf_addf(out, "%s/%s", s->path, norm.ptr);
	real = realpath(out->ptr, NULL);
	if (!real) {
		ret = errno == ENOENT ? err_set(ERR_NOTFOUND, "'%s' is not in the image", name)
		                      : err_set_errno(ERR_IO, "cannot read '%s'", out->ptr);
		goto done;
	}
	root = realpath(s->path, NULL);
	if (!root || strncmp(real, root, strlen(root)) ||
	    (real[strlen(root)] != '/' && strcmp(root, "/"))) {
		ret = err_set(ERR_PARSE, "'%s': '%s' leads outside the image", s->path, name);
		goto done;
	}
	ret = 0;
done:
	free(real);
	free(root);
	buf_release(&norm);
	return ret;
}

bool img_src_has(const struct img_src *s, const char *name)
{
	struct buf p = BUF_INIT;
	bool yes;

	if (!s->dir) {
		if (!img_name_normalize(&p, name))
			yes = false;
		else
			yes = strmap_get(&s->names, p.ptr) != NULL;
		buf_release(&p);
		return yes;
	}
	yes = dir_path(&p, s, name) == 0;
	err_clear();
	buf_release(&p);
	return yes;
}

int img_src_read(const struct img_src *s, const char *name, struct buf *out)
{
	struct buf p = BUF_INIT;
	int ret = -1;

	out->max = IMAGE_MAX_JSON;
	if (s->dir) {
		if (dir_path(&p, s, name) == 0)
			ret = buf_read_file(out, p.ptr);
		buf_release(&p);
		return ret;
	}
	if (!img_name_normalize(&p, name))
		goto done;
	for (size_t i = 0; i < s->nsmall; i++) {
		if (!strcmp(s->small[i].name, p.ptr)) {
			ret = buf_add(out, s->small[i].data, s->small[i].len);
			goto done;
		}
	}
	ret = strmap_get(&s->names, p.ptr)
	              ? err_set(ERR_PARSE, "'%s' is not a JSON document of at most %zu bytes", name,
	                        IMAGE_MAX_JSON)
	              : err_set(ERR_NOTFOUND, "'%s' is not in the image", name);
done:
	buf_release(&p);
	return ret;
}

int img_stream_open(struct img_stream *st, const struct img_src *s, const char *name)
{
	struct archive_entry *en;
	struct buf p = BUF_INIT, want = BUF_INIT;
	int r, ret = -1;

	memset(st, 0, sizeof(*st));
	st->fd = -1;
	sha256_init(&st->hash);
	if (s->dir || s->single) {
		struct stat sb;

		if (s->single)
			buf_adds(&p, s->path);
		else if (dir_path(&p, s, name) < 0)
			goto done;
		/* never blocks: a FIFO or device in a layout is refused, not waited on */
		st->fd = fs_open_regular(p.ptr);
		if (st->fd < 0) {
			ret = st->fd;
			goto done;
		}
		if (fstat(st->fd, &sb) == 0)
			st->size = (uint64_t)sb.st_size;
		ret = 0;
		goto done;
	}
	if (!img_name_normalize(&want, name)) {
		ret = err_set(ERR_PARSE, "'%s' names a file outside the image", name);
		goto done;
	}
	st->outer = img_tar_open(s->path, &st->fd);
	if (!st->outer)
		goto done;
	while (arc_header_ok(r = archive_read_next_header(st->outer, &en))) {
		if (archive_entry_filetype(en) != AE_IFREG || !archive_entry_pathname(en) ||
		    !img_name_normalize(&p, archive_entry_pathname(en)))
			continue;
		if (!strcmp(p.ptr, want.ptr)) {
			st->size =
			        (uint64_t)(archive_entry_size(en) > 0 ? archive_entry_size(en) : 0);
			ret = 0;
			goto done;
		}
	}
	ret = r == ARCHIVE_EOF ? err_set(ERR_NOTFOUND, "'%s' is not in the image", name)
	                       : err_set(ERR_PARSE, "'%s': %s", s->path, arc_error(st->outer));
done:
	if (ret < 0)
		img_stream_close(st);
	buf_release(&p);
	buf_release(&want);
	return ret;
}

ssize_t img_stream_read(struct img_stream *st, const void **out)
{
	ssize_t n;

	if (st->outer) {
		n = archive_read_data(st->outer, st->buf, sizeof(st->buf));
		if (n < 0)
			err_set(ERR_PARSE, "%s", arc_error(st->outer));
	} else {
		do
			n = read(st->fd, st->buf, sizeof(st->buf));
		while (n < 0 && errno == EINTR);
		if (n < 0)
			err_set_errno(ERR_IO, "read");
	}
	if (n > 0) {
		sha256_update(&st->hash, st->buf, (size_t)n);
		st->nread += (uint64_t)n;
	}
	*out = st->buf;
	return n;
}

int img_stream_drain(struct img_stream *st)
{
	const void *p;
	ssize_t n;

	while ((n = img_stream_read(st, &p)) > 0)
		;
	return n < 0 ? -1 : 0;
}

void img_stream_close(struct img_stream *st)
{
	if (st->outer)
		archive_read_free(st->outer);
	if (st->fd >= 0)
		close(st->fd);
	st->outer = NULL;
	st->fd = -1;
}
