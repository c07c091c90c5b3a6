/*
 * cache.c: pages kept in the process while the store's data generation is
 * unchanged (serve_int.h). The generation is read from the store on every
 * request, so a page another server's write made stale is never served.
 *
 * A kept text is shared, not copied: the response holds a reference to it
 * and the HTTP layer sends it from where it lies (http.c). Copying 560 kB
 * into fresh buffers twice a request cost four times the rest of the work:
 * each copy touched new pages, which the kernel had to fault in and zero.
 *
 * Each kept text is also kept deflated (raw, ending on a full flush, so it
 * can stand between other deflate blocks). A gzip response is the gzip
 * header, the page's own head (which may hold a secret: the sign-out form's
 * CSRF token) as a stored block, the kept blocks, the foot as a stored
 * block, and the trailer: nothing is compressed against the secret, so the
 * response's length tells nothing about it (BREACH), and no request
 * compresses anything.
 */
#include "util/compat.h"
#include "core/serve/serve_int.h"
#include "util/alloc.h"
#include "util/err.h"

#define ZLIB_CONST
#include <zlib.h>

int page_key(int64_t *out, struct sreq *r)
{
	struct store_rows rows = STORE_ROWS_INIT;
	int64_t gen = -1, day = 0;
	int rc = req_rows(r, &rows, store_data_generation_sql, 0, NULL);

	if (rc == 0)
		rc = store_data_generation_read(&gen, &day, &rows);
	store_rows_release(&rows);
	*out = rc < 0 || gen > INT64_MAX / 100000000 - 1 ? -1 : gen * 100000000 + day;
	return rc;
}

void page_cache_init(struct serve *s)
{
	pthread_mutex_init(&s->page_lock, NULL);
	for (size_t k = 0; k < PAGE_NSLOTS; k++)
		s->pages[k] = (struct page_kept){ .gen = -1 };
}

void page_text_unref(struct page_text *t)
{
	if (t && atomic_fetch_sub(&t->refs, 1) == 1) {
		free(t->data);
		free(t->gz);
		free(t);
	}
}

void page_cache_release(struct serve *s)
{
	for (size_t k = 0; k < PAGE_NSLOTS; k++) {
		page_text_unref(s->pages[k].text);
		s->pages[k] = (struct page_kept){ .gen = -1 };
	}
	pthread_mutex_destroy(&s->page_lock);
}

/* Appends data deflated (raw) as a stream of its own, ended by a full flush. */
static int deflate_part(struct buf *out, const char *data, size_t len)
{
	z_stream z = { 0 };
	unsigned char chunk[16384];
	int zr = Z_OK;

	if (len > UINT_MAX)
		return err_set(ERR_TOOBIG, "page larger than %u bytes", UINT_MAX);
	if (deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return err_set(ERR_GENERIC, "zlib: cannot start deflating");
	z.next_in = (const Bytef *)data;
	z.avail_in = (uInt)len;
	do {
		z.next_out = chunk;
		z.avail_out = sizeof chunk;
		zr = deflate(&z, Z_FULL_FLUSH);
		if (zr == Z_STREAM_ERROR || buf_add(out, chunk, sizeof chunk - z.avail_out) < 0) {
			deflateEnd(&z);
			return zr == Z_STREAM_ERROR ? err_set(ERR_GENERIC, "zlib: deflate failed")
			                            : -1;
		}
	} while (z.avail_out == 0);
	deflateEnd(&z);
	return 0;
}

/*
 * Appends data as stored (uncompressed) deflate blocks of at most 65,535
 * bytes, the last one final when last; at a byte boundary, where each part
 * of a response starts.
 */
static int add_stored(struct buf *b, const char *data, size_t len, bool last)
{
	do {
		size_t n = len < 0xffff ? len : 0xffff;
		unsigned char h[5] = { last && n == len, n & 0xff, n >> 8, ~n & 0xff,
			               (~n >> 8) & 0xff };

		if (buf_add(b, h, sizeof h) < 0 || buf_add(b, data, n) < 0)
			return -1;
		data += n;
		len -= n;
	} while (len);
	return 0;
}

static int put_le32(struct buf *b, uint32_t v)
{
	unsigned char le[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

	return buf_add(b, le, 4);
}

/* text cut at cuts[], each chunk deflated apart; one reference */
static struct page_text *text_new(const struct buf *text, const size_t *cuts, size_t ncuts,
                                  size_t nrows)
{
	struct page_text *t = xcalloc(1, st_add(sizeof *t, st_mult(ncuts, sizeof t->chunk[0])));
	struct buf gz = BUF_INIT;
	size_t at = 0;
	bool zip = true;

	atomic_init(&t->refs, 1);
	t->data = xmemdupz(text->ptr, text->len);
	t->len = text->len;
	t->nrows = nrows;
	t->nchunks = ncuts;
	for (size_t i = 0; i < ncuts; i++) {
		struct page_chunk *c = &t->chunk[i];
		size_t end = cuts[i] < at ? at : cuts[i] > text->len ? text->len : cuts[i];

		c->off = at;
		c->len = end - at;
		c->gzoff = gz.len;
		c->crc = (uint32_t)crc32(0, (const Bytef *)text->ptr + at, (uInt)c->len);
		if (zip && deflate_part(&gz, text->ptr + at, c->len) < 0) {
			err_clear(); /* kept plain only: gzip requests get it plain */
			buf_release(&gz);
			zip = false;
		}
		c->gzlen = gz.len - c->gzoff;
		at = end;
	}
	if (zip)
		t->gz = buf_detach(&gz, &t->gzlen);
	return t;
}

struct page_text *page_get(struct serve *s, enum page_slot k, int64_t gen)
{
	struct page_text *t = NULL;

	pthread_mutex_lock(&s->page_lock);
	if (s->pages[k].text && s->pages[k].gen == gen) {
		t = s->pages[k].text;
		atomic_fetch_add(&t->refs, 1);
	}
	pthread_mutex_unlock(&s->page_lock);
	return t;
}

struct page_text *page_keep(struct serve *s, enum page_slot k, int64_t gen, const struct buf *text,
                            const size_t *cuts, size_t ncuts, size_t nrows)
{
	size_t whole = text->len;
	struct page_text *t = text_new(text, ncuts ? cuts : &whole, ncuts ? ncuts : 1, nrows),
	                 *old = NULL;

	pthread_mutex_lock(&s->page_lock);
	if (gen >= 0 && gen >= s->pages[k].gen) { /* two renderings racing: the newer stays */
		old = s->pages[k].text;
		s->pages[k].text = t;
		s->pages[k].gen = gen;
		atomic_fetch_add(&t->refs, 1);
	}
	pthread_mutex_unlock(&s->page_lock);
	page_text_unref(old);
	return t;
}

bool page_reply(struct sreq *r, struct page_text *t, const char *foot, const size_t (*ranges)[2],
                size_t nranges)
{
	static const unsigned char head[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
	struct buf gz = BUF_INIT_MAX(r->out.max);
	size_t flen = strlen(foot), total = r->out.len + flen;
	bool zip = r->gzip_ok && t->gz;
	uLong crc = 0;

	if (nranges > PAGE_MAX_RANGES || r->out.len > UINT_MAX || flen > UINT_MAX)
		goto fail;
	buf_reset(&r->tail);
	r->nparts = 0;
	if (zip)
		crc = crc32(0, (const Bytef *)r->out.ptr, (uInt)r->out.len);
	for (size_t i = 0; i < nranges; i++) {
		size_t first = ranges[i][0], n = ranges[i][1];
		const struct page_chunk *a = &t->chunk[first], *z;

		if (first >= t->nchunks || n == 0 || n > t->nchunks - first)
			continue;
		z = &t->chunk[first + n - 1];
		r->part[r->nparts++] =
		        zip ? (struct sreq_part){ t->gz + a->gzoff, z->gzoff + z->gzlen - a->gzoff }
		            : (struct sreq_part){ t->data + a->off, z->off + z->len - a->off };
		for (const struct page_chunk *c = a; c <= z; c++) {
			crc = zip ? crc32_combine(crc, c->crc, (z_off_t)c->len) : 0;
			total += c->len;
		}
	}
	if (zip) {
		crc = crc32_combine(crc, crc32(0, (const Bytef *)foot, (uInt)flen), (z_off_t)flen);
		/* ISIZE is the length modulo 2^32 */
		if (buf_add(&gz, head, sizeof head) < 0 ||
		    add_stored(&gz, r->out.ptr, r->out.len, false) < 0 ||
		    add_stored(&r->tail, foot, flen, true) < 0 ||
		    put_le32(&r->tail, (uint32_t)crc) < 0 ||
		    put_le32(&r->tail, (uint32_t)total) < 0)
			goto fail;
		buf_release(&r->out);
		r->out = gz;
	} else if (buf_add(&r->tail, foot, flen) < 0) {
		goto fail;
	}
	page_text_unref(r->kept);
	r->kept = t;
	r->encoding = zip ? "gzip" : NULL;
	return true;
fail:
	err_clear();
	buf_release(&gz);
	buf_reset(&r->tail);
	r->nparts = 0;
	page_text_unref(t);
	return false;
}
