/*
 * layers.c: the file system of an image, read from its layers.
 *
 * The layers are read top first. A path met in a layer is visible unless a
 * layer above has something at the same path, deleted it (whiteout),
 * emptied a folder above it (opaque whiteout), or put a non-folder where one
 * of its folders is. What a layer does only counts for the layers below it,
 * so its entries wait in `pend` until the layer is done.
 *
 * A visible file that an extractor claims is read there and then, except
 * package databases: their purls depend on the image's os-release, which
 * may lie in a lower layer, so they wait in an unlinked temporary file (one
 * for the whole image) and are read once every layer is done.
 *
 * Attribution: a claimed file is "tracked". Older versions of it in lower
 * layers (hidden by the newer one, not deleted in between) are read into a
 * scratch inventory only for their purls. A package of the final version is
 * attributed to the lowest layer from which every version up to the final
 * one lists it: the layer that installed it, not the last one to rewrite
 * the database.
 */
#include "util/arc.h"
#include "util/compat.h"
#include "core/inventory/image/layers.h"
#include "core/inventory/os/dep5.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#define IMAGE_MAX_PATHS 8000000 /* remembered across layers */
#define OSRELEASE_MAX   65536
/*
 * What one remembered name costs beyond its bytes: its malloc header and
 * NUL, a pend entry, a hash slot. Counting it keeps the name budget a
 * bound on memory, even for a million one-byte names.
 */
#define NAME_OVERHEAD 64
/* Layers and root file system tars are archives: the archive extractor's bomb rule (archive.c) */
#define LAYER_MAX_RATIO   200
#define LAYER_RATIO_FLOOR ((int64_t)16 << 20)

enum {
	H_FILE = 1,   /* a non-folder here: hides this path and all below */
	H_DELETE = 2, /* a whiteout: the same, and it breaks a tracked file's history */
	H_OPAQUE = 4, /* an opaque folder: hides all below, not the folder */
	H_DIR = 8,    /* a folder: hides a non-folder at this path */
};

struct version {
	size_t layer;
	char **purls; /* sorted */
	size_t n;
};

struct track {
	const struct extractor *ex;
	size_t top;        /* the layer of the version read */
	struct version *v; /* older versions, top down */
	size_t nv, av;
	bool closed; /* deleted in between: no older version counts */
};

struct spooled {
	uint64_t off;
	size_t len;
	const struct extractor *ex;
	char *path;
	size_t layer;
	long track; /* -1: the visible version, else an older version of this track */
};

struct pend {
	char *path;
	unsigned bits;
};

struct pass {
	struct image *im;
	struct inventory *inv;
	size_t max_file;
	struct strmap hide;
	struct strmap tracked; /* image path -> index in tracks */
	struct track *tracks;
	size_t ntracks, atracks;
	struct pend *pend;
	size_t npend, apend;
	size_t names_held; /* bytes of the names in pend and hide, with NAME_OVERHEAD each */
	size_t max_names;
	uint64_t layer_size; /* of the layer being read, as stored (compressed) */
	int spool_fd;
	uint64_t spool_len;
	struct spooled *spool;
	size_t nspool, aspool;
	int etc_osrel; /* 0 not met, 1 a file (osrel_etc), 2 something else (a link) */
	bool usr_osrel;
	struct buf osrel_etc, osrel_usr;
	struct buf path, display;
	bool stopped;
};

const char *image_layer_id(const struct img_layer *l)
{
	return l->diff_id ? l->diff_id : l->digest ? l->digest : l->blob ? l->blob : "unknown";
}

static const char *layer_id(const struct pass *p, size_t li)
{
	return p->im->rootfs ? NULL : image_layer_id(&p->im->layers[li]);
}

static bool is_osdb(const struct extractor *ex)
{
	return !strcmp(ex->name, "dpkg-status") || !strcmp(ex->name, "apk-installed") ||
	       !strcmp(ex->name, "rpm-db") || !strcmp(ex->name, "pacman-desc") ||
	       !strcmp(ex->name, "portage-vdb");
}

static const char *display(struct pass *p, const char *path)
{
	buf_reset(&p->display);
	buf_addf(&p->display, "%s!/%s", p->im->path, path);
	return p->display.ptr;
}

/* Stops the reading of the image: names past the budget would be memory without bound. */
static void names_over(struct pass *p, size_t li)
{
	if (p->stopped)
		return;
	p->im->host->diag(p->inv, INV_ERROR, p->im->path, 0,
	                  "layer %zu (%s): the names of the files in the layers take more than %zu "
	                  "bytes to remember: the rest is not read",
	                  li + 1, image_layer_id(&p->im->layers[li]), p->max_names);
	p->stopped = true;
}

static void pend_add(struct pass *p, const char *path, size_t len, unsigned bits, size_t li)
{
	size_t cost = st_add(len, NAME_OVERHEAD);

	if (p->stopped)
		return;
	if (cost > p->max_names - p->names_held) {
		names_over(p, li);
		return;
	}
	p->names_held += cost;
	ALLOC_GROW(p->pend, p->npend + 1, p->apend);
	p->pend[p->npend].path = xmemdupz(path, len);
	p->pend[p->npend].bits = bits;
	p->npend++;
}

static void pend_apply(struct pass *p)
{
	for (size_t i = 0; i < p->npend; i++) {
		unsigned *v = strmap_get(&p->hide, p->pend[i].path);
		bool kept = false;

		if (v) {
			*v |= p->pend[i].bits;
		} else if (p->hide.n < IMAGE_MAX_PATHS) {
			strmap_put(&p->hide, p->pend[i].path, p->pend[i].bits);
			kept = true;
		} else if (!p->stopped) {
			p->im->host->diag(p->inv, INV_ERROR, p->im->path, 0,
			                  "more than %d paths in the layers: the rest is not read",
			                  IMAGE_MAX_PATHS);
			p->stopped = true;
		}
		/* a name kept in hide stays counted; one already there is not held twice */
		if (!kept)
			p->names_held -= strlen(p->pend[i].path) + NAME_OVERHEAD;
		free(p->pend[i].path);
	}
	p->npend = 0;
}

/* Is path hidden by a layer above? *deleted: by a deletion, not by a newer file at path. */
static bool is_hidden(const struct pass *p, const char *path, bool is_dir, bool *deleted)
{
	const unsigned *v;

	*deleted = false;
	for (const char *s = strchr(path, '/'); s; s = strchr(s + 1, '/')) {
		v = strmap_getn(&p->hide, path, (size_t)(s - path));
		if (v && (*v & (H_FILE | H_DELETE | H_OPAQUE))) {
			*deleted = true;
			return true;
		}
	}
	v = strmap_get(&p->hide, path);
	if (!v)
		return false;
	if (*v & H_DELETE) {
		*deleted = true;
		return true;
	}
	if (*v & H_FILE)
		return true;
	if ((*v & H_DIR) && !is_dir) {
		*deleted = true;
		return true;
	}
	return false;
}

/*
 * A layer (or root file system tar) that inflates far beyond its stored
 * size is treated as the archive extractor treats a bomb: an error, and
 * the rest is not read. Checked as its files are read and at every member.
 */
static bool bomb(struct pass *p, struct archive *la, size_t li, const char *path)
{
	int64_t out = archive_filter_bytes(la, 0);

	if (p->stopped)
		return true;
	if (out <= LAYER_RATIO_FLOOR || (uint64_t)out / LAYER_MAX_RATIO <= p->layer_size)
		return false;
	if (p->im->rootfs)
		p->im->host->diag(
		        p->inv, INV_ERROR, p->im->path, 0,
		        "'%s': inflates to over %lld bytes from %llu: an archive bomb? The "
		        "rest is not read",
		        path ? display(p, path) : p->im->path, (long long)out,
		        (unsigned long long)p->layer_size);
	else
		p->im->host->diag(
		        p->inv, INV_ERROR, p->im->path, 0,
		        "layer %zu (%s): inflates to over %lld bytes from %llu: an archive "
		        "bomb? The rest is not read",
		        li + 1, image_layer_id(&p->im->layers[li]), (long long)out,
		        (unsigned long long)p->layer_size);
	p->stopped = true;
	return true;
}

/* Reads the rest of the current entry into out (capped); false with a diag when it cannot. */
static bool read_data(struct pass *p, struct archive *la, struct buf *out, size_t cap,
                      const char *path, size_t li)
{
	char chunk[65536];
	la_ssize_t got;

	out->max = cap;
	while ((got = archive_read_data(la, chunk, sizeof(chunk))) > 0) {
		if (bomb(p, la, li, path))
			return false;
		if (buf_add(out, chunk, (size_t)got) < 0) {
			p->im->host->diag(p->inv, INV_ERROR, display(p, path), 0,
			                  "over the %zu-byte limit for this kind of file: not read",
			                  cap);
			return false;
		}
	}
	if (got < 0) {
		p->im->host->diag(p->inv, INV_ERROR, display(p, path), 0, "layer %zu: %s", li + 1,
		                  arc_error(la));
		return false;
	}
	return true;
}

/* A layer's member as a stream, for the extractors that read one (archives). */
struct layer_stream {
	struct pass *p;
	struct archive *la;
	const char *path;
	size_t li;
};

static ssize_t member_stream_read(void *arg, void *buf, size_t n)
{
	struct layer_stream *ls = arg;
	la_ssize_t got = archive_read_data(ls->la, buf, n);

	if (got < 0)
		return err_set(ERR_PARSE, "layer %zu: %s", ls->li + 1, arc_error(ls->la));
	if (got > 0 && bomb(ls->p, ls->la, ls->li, ls->path))
		return err_set(ERR_TOOBIG, "layer %zu: the limits on layers were reached",
		               ls->li + 1);
	return got;
}

/* Reads the current member with ex's stream reader into inv; false when ex has none. */
static bool read_streamed(struct pass *p, struct archive *la, struct archive_entry *en,
                          struct inventory *inv, const struct extractor *ex, const char *path,
                          size_t li, const char *layer)
{
	struct layer_stream ls = { p, la, path, li };
	struct inv_stream in = { .read = member_stream_read, .arg = &ls, .size = -1 };

	if (!p->im->host->stream(ex))
		return false;
	if (en && archive_entry_size_is_set(en))
		in.size = archive_entry_size(en);
	p->im->host->read_stream(inv, ex, display(p, path), path, &in, layer);
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * An older version of a tracked file: only its purls are kept. Read from la
 * when its extractor reads streams, else from data.
 */
static void version_add(struct pass *p, size_t ti, size_t li, const char *path, struct archive *la,
                        const char *data, size_t len)
{
	struct track *t = &p->tracks[ti];
	struct inventory scratch = INVENTORY_INIT;
	struct version *v;

	scratch.os_release_text = p->inv->os_release_text;
	if (!la || !read_streamed(p, la, NULL, &scratch, t->ex, path, li, NULL))
		p->im->host->read_as(&scratch, t->ex, display(p, path), path, data, len, NULL);
	ALLOC_GROW(t->v, t->nv + 1, t->av);
	v = &t->v[t->nv++];
	v->layer = li;
	v->n = scratch.npkgs;
	v->purls = xcalloc(scratch.npkgs + 1, sizeof(*v->purls));
	for (size_t i = 0; i < scratch.npkgs; i++)
		v->purls[i] = xstrdup(scratch.pkgs[i]->purl);
	QSORT(v->purls, v->n, cmp_str);
	scratch.os_release_text = NULL;
	p->im->host->release(&scratch);
}

static void spool(struct pass *p, const struct extractor *ex, const char *path, size_t li,
                  long track, const struct buf *data)
{
	struct spooled *s;
	size_t done = 0;

	if (p->spool_fd < 0) {
		const char *tmp = getenv("TMPDIR");
		struct buf name = BUF_INIT;

		buf_addf(&name, "%s/vouch-image-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		p->spool_fd = mkstemp(name.ptr);
		if (p->spool_fd >= 0)
			unlink(name.ptr);
		buf_release(&name);
	}
	if (p->spool_fd < 0 || p->spool_len + data->len > IMAGE_MAX_SPOOL) {
		p->im->host->diag(p->inv, INV_ERROR, display(p, path), 0,
		                  "no temporary space to hold this package database: not read%s%s",
		                  p->spool_fd < 0 ? ": " : "",
		                  p->spool_fd < 0 ? strerror(errno) : "");
		return;
	}
	while (done < data->len) {
		ssize_t w = pwrite(p->spool_fd, data->ptr + done, data->len - done,
		                   (off_t)(p->spool_len + done));

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			p->im->host->diag(p->inv, INV_ERROR, display(p, path), 0,
			                  "cannot write temporary space: %s: not read",
			                  strerror(errno));
			return;
		}
		done += (size_t)w;
	}
	ALLOC_GROW(p->spool, p->nspool + 1, p->aspool);
	s = &p->spool[p->nspool++];
	s->off = p->spool_len;
	s->len = data->len;
	s->ex = ex;
	s->path = xstrdup(path);
	s->layer = li;
	s->track = track;
	p->spool_len += data->len;
}

static void track_add(struct pass *p, const char *path, const struct extractor *ex, size_t li)
{
	struct track *t;

	if (strmap_get(&p->tracked, path))
		return;
	ALLOC_GROW(p->tracks, p->ntracks + 1, p->atracks);
	t = &p->tracks[p->ntracks];
	memset(t, 0, sizeof(*t));
	t->ex = ex;
	t->top = li;
	strmap_put(&p->tracked, path, (unsigned)p->ntracks);
	p->ntracks++;
}

static void older_version(struct pass *p, struct archive *la, const char *path, size_t li,
                          bool deleted)
{
	unsigned *ti = strmap_get(&p->tracked, path);
	struct track *t;
	struct buf data = BUF_INIT;

	if (!ti)
		return;
	t = &p->tracks[*ti];
	if (t->closed)
		return;
	if (deleted) {
		t->closed = true;
		return;
	}
	if (p->im->host->stream(t->ex)) {
		version_add(p, *ti, li, path, la, NULL, 0);
		return;
	}
	if (!read_data(p, la, &data, t->ex->max_size ? t->ex->max_size : p->max_file, path, li)) {
		t->closed = true;
	} else if (is_osdb(t->ex)) {
		spool(p, t->ex, path, li, (long)*ti, &data);
	} else {
		version_add(p, *ti, li, path, NULL, data.ptr ? data.ptr : "", data.len);
	}
	buf_release(&data);
}

static void visible_file(struct pass *p, struct archive *la, struct archive_entry *en,
                         const char *path, size_t li)
{
	const struct extractor *ex = p->im->host->claim(path);
	la_int64_t size = archive_entry_size_is_set(en) ? archive_entry_size(en) : -1;
	/* as in a walk: an x bit, or a Windows program's name */
	bool exe = (archive_entry_perm(en) & 0111) || p->im->host->windows_program(path);
	struct buf data = BUF_INIT;
	size_t cap;

	if (!ex && exe && size >= 16) {
		char head[INVENTORY_HEAD_LEN];
		size_t n = 0;
		la_ssize_t got;

		while (n < sizeof(head) &&
		       (got = archive_read_data(la, head + n, sizeof(head) - n)) > 0)
			n += (size_t)got;
		ex = p->im->host->claim_head(head, n);
		if (!ex)
			return;
		buf_add(&data, head, n);
	}
	if (!ex)
		return;
	if (archive_entry_hardlink(en)) {
		p->im->host->diag(p->inv, INV_NOTE, display(p, path), 0,
		                  "a hard link to '%s' in layer %zu: read where it points",
		                  archive_entry_hardlink(en), li + 1);
		buf_release(&data);
		return;
	}
	if (read_streamed(p, la, en, p->inv, ex, path, li, layer_id(p, li))) {
		/* streamed: its size does not matter (the layer's bomb limits do) */
		buf_release(&data);
		track_add(p, path, ex, li);
		return;
	}
	cap = ex->max_size ? ex->max_size : p->max_file;
	/* held whole in memory: an executable read from a layer */
	if (cap > INVENTORY_MAX_NESTED_FILE)
		cap = INVENTORY_MAX_NESTED_FILE;
	if (size > (la_int64_t)cap) {
		p->im->host->diag(
		        p->inv, INV_ERROR, display(p, path), 0,
		        "%lld bytes, over the %zu-byte limit for this kind of file: not read",
		        (long long)size, cap);
		buf_release(&data);
		return;
	}
	if (read_data(p, la, &data, cap, path, li)) {
		if (is_osdb(ex))
			spool(p, ex, path, li, -1, &data);
		else
			p->im->host->read_as(p->inv, ex, display(p, path), path,
			                     data.ptr ? data.ptr : "", data.len, layer_id(p, li));
		track_add(p, path, ex, li);
	}
	buf_release(&data);
}

static void os_release_file(struct pass *p, struct archive *la, struct buf *out, const char *path,
                            size_t li)
{
	if (!read_data(p, la, out, OSRELEASE_MAX, path, li))
		buf_reset(out);
}

/*
 * usr/share/doc/NAME/copyright: the licence it gives, kept by name for the
 * dpkg database read at the end (os/dep5.h). True when path is one.
 */
static bool copyright_file(struct pass *p, struct archive *la, const char *path, size_t li)
{
	static const char pre[] = "usr/share/doc/", post[] = "/copyright";
	size_t n = strlen(path), np = sizeof(pre) - 1, nq = sizeof(post) - 1;
	struct buf data = BUF_INIT, name = BUF_INIT;

	if (n <= np + nq || strncmp(path, pre, np) || strcmp(path + n - nq, post) ||
	    memchr(path + np, '/', n - np - nq))
		return false;
	buf_add(&name, path + np, n - np - nq);
	if (read_data(p, la, &data, DEP5_MAX_SIZE, path, li))
		dep5_licenses_add(&p->inv->deb_licenses, name.ptr, data.ptr ? data.ptr : "",
		                  data.len);
	buf_release(&data);
	buf_release(&name);
	return true;
}

static void entry(struct pass *p, struct archive *la, struct archive_entry *en, size_t li)
{
	const char *raw = archive_entry_pathname(en), *path, *base;
	mode_t type = archive_entry_filetype(en);
	bool deleted;

	if (!raw)
		return;
	if (p->im->rootfs && (raw[0] == '/' || !img_name_normalize(&p->path, raw))) {
		/* a tar given as PATH: the archive extractor's rule (archive.c) */
		p->im->host->diag(p->inv, INV_NOTE, p->im->path, 0,
		                  "'%s!/%s': a member named outside the archive: not read",
		                  p->im->path, raw);
		return;
	}
	if (!img_name_normalize(&p->path, raw)) {
		p->im->host->diag(p->inv, INV_NOTE, p->im->path, 0,
		                  "layer %zu: '%s' is named outside the file system: not read",
		                  li + 1, raw);
		return;
	}
	if (!p->path.len)
		return;
	path = p->path.ptr;
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!strncmp(base, ".wh.", 4)) {
		size_t parent = base > path ? (size_t)(base - path - 1) : 0;

		if (!strcmp(base, ".wh..wh..opq")) {
			if (parent)
				pend_add(p, path, parent, H_OPAQUE, li);
		} else if (base[4]) {
			struct buf gone = BUF_INIT;

			buf_add(&gone, path, (size_t)(base - path));
			buf_adds(&gone, base + 4);
			pend_add(p, gone.ptr, gone.len, H_DELETE, li);
			buf_release(&gone);
		}
		return;
	}
	if (is_hidden(p, path, type == AE_IFDIR, &deleted)) {
		if (type == AE_IFREG)
			older_version(p, la, path, li, deleted);
		return;
	}
	pend_add(p, path, p->path.len, type == AE_IFDIR ? H_DIR : H_FILE, li);
	if (!strcmp(path, "etc/os-release")) {
		if (type == AE_IFREG && !archive_entry_hardlink(en)) {
			os_release_file(p, la, &p->osrel_etc, path, li);
			p->etc_osrel = 1;
		} else {
			p->etc_osrel = 2;
		}
		return;
	}
	if (!strcmp(path, "usr/lib/os-release") && type == AE_IFREG) {
		os_release_file(p, la, &p->osrel_usr, path, li);
		p->usr_osrel = true;
		return;
	}
	if (type == AE_IFREG && !archive_entry_hardlink(en) && copyright_file(p, la, path, li))
		return;
	if (type == AE_IFREG)
		visible_file(p, la, en, path, li);
	else if (p->im->rootfs && (type == AE_IFCHR || type == AE_IFBLK || type == AE_IFIFO))
		p->im->host->diag(p->inv, INV_NOTE, p->im->path, 0,
		                  "'%s': a device or FIFO: not read", display(p, path));
}

static la_ssize_t layer_read(struct archive *a, void *cd, const void **out)
{
	ssize_t n = img_stream_read(cd, out);

	if (n < 0)
		archive_set_error(a, EIO, "%s", err_msg());
	return n;
}

static void read_layer(struct pass *p, size_t li)
{
	struct img_layer *L = &p->im->layers[li];
	struct img_stream st;
	struct archive *la;
	struct archive_entry *en;
	size_t members = 0;
	bool compressed = true;
	int r = ARCHIVE_OK;

	if (L->skip)
		return;
	if (img_stream_open(&st, p->im->src, L->blob) < 0) {
		p->im->host->diag(p->inv, INV_ERROR, p->im->path, 0, "layer %zu (%s): %s", li + 1,
		                  image_layer_id(L), err_msg());
		return;
	}
	p->layer_size = p->im->rootfs ? p->im->rootfs_size : st.size;
	la = archive_read_new();
	archive_read_support_filter_all(la);
	archive_read_support_format_tar(la);
	if (archive_read_open(la, &st, NULL, layer_read, NULL) != ARCHIVE_OK) {
		p->im->host->diag(p->inv, INV_ERROR, p->im->path, 0,
		                  "layer %zu (%s): not a tar file vouch reads: %s", li + 1,
		                  image_layer_id(L), arc_error(la));
		goto done;
	}
	while (!p->stopped && arc_header_ok(r = archive_read_next_header(la, &en))) {
		if (++members > IMAGE_MAX_MEMBERS) {
			p->im->host->diag(
			        p->inv, INV_ERROR, p->im->path, 0,
			        "layer %zu (%s): more than %d files: the rest is not read", li + 1,
			        image_layer_id(L), IMAGE_MAX_MEMBERS);
			r = ARCHIVE_FATAL;
			break;
		}
		if (bomb(p, la, li, NULL))
			break;
		entry(p, la, en, li);
	}
	compressed = archive_filter_code(la, 0) != ARCHIVE_FILTER_NONE;
	if (r == ARCHIVE_EOF)
		bomb(p, la, li, NULL); /* the last member's data was inflated after its header */
	if (p->stopped)
		goto done;
	if (r != ARCHIVE_EOF) {
		if (members <= IMAGE_MAX_MEMBERS)
			p->im->host->diag(p->inv, INV_ERROR, p->im->path, 0,
			                  "layer %zu (%s): %s: the rest of the layer is not read",
			                  li + 1, image_layer_id(L), arc_error(la));
		goto done;
	}
	if (img_stream_drain(&st) == 0) {
		uint8_t sum[SHA256_LEN];
		const char *want = L->digest ? L->digest : compressed ? NULL : L->diff_id;

		sha256_final(&st.hash, sum);
		if (image_digest_check(want, sum) < 0)
			p->im->host->diag(p->inv, INV_ERROR, p->im->path, 0,
			                  "layer %zu ('%s'): content does not match its digest %s: "
			                  "what was read from it cannot be trusted",
			                  li + 1, L->blob, want);
	}
done:
	archive_read_free(la);
	img_stream_close(&st);
	pend_apply(p);
}

static int pread_all(int fd, char *buf, size_t len, uint64_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, buf + done, len - done, (off_t)(off + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return err_set_errno(ERR_IO, "cannot read back temporary space");
		done += (size_t)n;
	}
	return 0;
}

/* Package databases, now that the image's os-release is known. */
static void read_spooled(struct pass *p)
{
	const struct buf *osrel = p->etc_osrel == 1 ? &p->osrel_etc
	                          : p->usr_osrel    ? &p->osrel_usr
	                                            : NULL;

	if (osrel && osrel->len)
		p->inv->os_release_text = xmemdupz(osrel->ptr, osrel->len);
	else if (p->nspool)
		p->inv->os_release_text = xstrdup(""); /* none in the image: not the host's */
	for (size_t i = 0; i < p->nspool; i++) {
		struct spooled *s = &p->spool[i];
		char *data = xmalloc(s->len + 1);

		if (pread_all(p->spool_fd, data, s->len, s->off) < 0) {
			p->im->host->diag(p->inv, INV_ERROR, display(p, s->path), 0, "%s",
			                  err_msg());
		} else {
			data[s->len] = '\0';
			if (s->track < 0)
				p->im->host->read_as(p->inv, s->ex, display(p, s->path), s->path,
				                     data, s->len, layer_id(p, s->layer));
			else
				version_add(p, (size_t)s->track, s->layer, s->path, NULL, data,
				            s->len);
		}
		free(data);
	}
	free(p->inv->os_release_text);
	p->inv->os_release_text = NULL;
	dep5_licenses_free(p->inv->deb_licenses);
	p->inv->deb_licenses = NULL;
}

/* Moves each tracked package's layer down to the layer that added it. */
static void attribute(struct pass *p)
{
	struct buf prefix = BUF_INIT;

	buf_addf(&prefix, "%s!/", p->im->path);
	for (size_t i = 0; i < p->inv->npkgs; i++) {
		struct pkg *pk = p->inv->pkgs[i];

		for (size_t k = 0; k < pk->nlocs; k++) {
			struct pkg_loc *l = &pk->locs[k];
			const unsigned *ti;
			const struct track *t;
			size_t li;

			if (!l->layer || strncmp(l->path, prefix.ptr, prefix.len))
				continue;
			ti = strmap_get(&p->tracked, l->path + prefix.len);
			if (!ti)
				continue;
			t = &p->tracks[*ti];
			if (strcmp(l->layer, layer_id(p, t->top)))
				continue;
			li = t->top;
			for (size_t v = 0; v < t->nv; v++) {
				const char *key = pk->purl;

				if (!bsearch(&key, t->v[v].purls, t->v[v].n, sizeof(char *),
				             cmp_str))
					break;
				li = t->v[v].layer;
			}
			if (li != t->top)
				l->layer = p->im->host->intern(p->inv, layer_id(p, li));
		}
	}
	buf_release(&prefix);
}

int image_read_layers(struct image *im, size_t max_file, size_t max_names)
{
	struct pass p = { 0 };

	p.im = im;
	p.inv = im->inv;
	p.max_file = max_file;
	p.spool_fd = -1;
	p.max_names = max_names ? max_names : IMAGE_MAX_NAME_BYTES;
	buf_init(&p.osrel_etc, BUF_MAX_DEFAULT);
	buf_init(&p.osrel_usr, BUF_MAX_DEFAULT);
	buf_init(&p.path, BUF_MAX_DEFAULT);
	buf_init(&p.display, BUF_MAX_DEFAULT);
	for (size_t li = im->nlayers; li-- > 0 && !p.stopped;)
		read_layer(&p, li);
	read_spooled(&p);
	attribute(&p);

	for (size_t i = 0; i < p.ntracks; i++) {
		for (size_t v = 0; v < p.tracks[i].nv; v++) {
			for (size_t k = 0; k < p.tracks[i].v[v].n; k++)
				free(p.tracks[i].v[v].purls[k]);
			free(p.tracks[i].v[v].purls);
		}
		free(p.tracks[i].v);
	}
	free(p.tracks);
	for (size_t i = 0; i < p.nspool; i++)
		free(p.spool[i].path);
	free(p.spool);
	for (size_t i = 0; i < p.npend; i++)
		free(p.pend[i].path);
	free(p.pend);
	if (p.spool_fd >= 0)
		close(p.spool_fd);
	strmap_release(&p.hide);
	strmap_release(&p.tracked);
	buf_release(&p.osrel_etc);
	buf_release(&p.osrel_usr);
	buf_release(&p.path);
	buf_release(&p.display);
	return 0;
}
