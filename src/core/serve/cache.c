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

static struct page_text *text_new(const char *data, size_t len)
{
	struct page_text *t = xmalloc(st_add(st_add(sizeof *t, len), 1));

	atomic_init(&t->refs, 1);
	t->len = len;
	memcpy(t->data, data, len);
	t->data[len] = 0;
	return t;
}

void page_text_unref(struct page_text *t)
{
	if (t && atomic_fetch_sub(&t->refs, 1) == 1)
		free(t);
}

static void kept_release(struct page_kept *p)
{
	page_text_unref(p->text);
	page_text_unref(p->gz);
	*p = (struct page_kept){ .gen = -1 };
}

void page_cache_release(struct serve *s)
{
	for (size_t k = 0; k < PAGE_NSLOTS; k++)
		kept_release(&s->pages[k]);
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

/* r->out (the head) and r->tail around the kept deflated text of klen bytes and CRC kcrc. */
static int gzip_frame(struct sreq *r, const char *foot, size_t klen, uint32_t kcrc)
{
	static const unsigned char head[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
	struct buf gz = BUF_INIT_MAX(r->out.max);
	size_t flen = strlen(foot);
	uLong crc;

	if (r->out.len > UINT_MAX || flen > UINT_MAX)
		return err_set(ERR_TOOBIG, "page head larger than %u bytes", UINT_MAX);
	crc = crc32(0, (const Bytef *)r->out.ptr, (uInt)r->out.len);
	crc = crc32_combine(crc, kcrc, (z_off_t)klen);
	crc = crc32_combine(crc, crc32(0, (const Bytef *)foot, (uInt)flen), (z_off_t)flen);
	buf_reset(&r->tail);
	/* ISIZE is the length modulo 2^32 */
	if (buf_add(&gz, head, sizeof head) < 0 ||
	    add_stored(&gz, r->out.ptr, r->out.len, false) < 0 ||
	    add_stored(&r->tail, foot, flen, true) < 0 || put_le32(&r->tail, (uint32_t)crc) < 0 ||
	    put_le32(&r->tail, (uint32_t)(r->out.len + klen + flen)) < 0) {
		buf_release(&gz);
		buf_reset(&r->tail);
		return -1;
	}
	buf_release(&r->out);
	r->out = gz;
	return 0;
}

bool page_reply_kept(struct sreq *r, enum page_slot k, int64_t gen, const char *foot)
{
	struct page_kept *p = &r->srv->pages[k];
	struct page_text *t = NULL;
	size_t klen = 0;
	uint32_t kcrc = 0;
	bool gz = false;

	pthread_mutex_lock(&r->srv->page_lock);
	if (p->text && p->gen == gen) {
		gz = r->gzip_ok && p->gz;
		t = gz ? p->gz : p->text;
		atomic_fetch_add(&t->refs, 1);
		klen = p->text->len;
		kcrc = p->crc;
	}
	pthread_mutex_unlock(&r->srv->page_lock);
	if (!t)
		return false;
	if (gz && gzip_frame(r, foot, klen, kcrc) < 0) {
		page_text_unref(t);
		err_clear();
		return false;
	}
	if (!gz && (buf_reset(&r->tail), buf_adds(&r->tail, foot) < 0)) {
		page_text_unref(t);
		err_clear();
		return false;
	}
	page_text_unref(r->kept);
	r->kept = t;
	r->encoding = gz ? "gzip" : NULL;
	return true;
}

void page_keep(struct serve *s, enum page_slot k, int64_t gen, const struct buf *text)
{
	struct page_kept n = { gen, NULL, NULL, 0 };
	struct buf gz = BUF_INIT;

	if (gen < 0)
		return;
	n.text = text_new(text->ptr, text->len);
	if (deflate_part(&gz, text->ptr, text->len) == 0) {
		n.gz = text_new(gz.ptr, gz.len);
		n.crc = (uint32_t)crc32(0, (const Bytef *)text->ptr, (uInt)text->len);
	} else { /* kept plain only: gzip requests get it plain */
		err_clear();
	}
	buf_release(&gz);
	pthread_mutex_lock(&s->page_lock);
	if (gen >= s->pages[k].gen) { /* two renderings racing: the newer stays */
		struct page_kept old = s->pages[k];

		s->pages[k] = n;
		n = old;
	}
	pthread_mutex_unlock(&s->page_lock);
	page_text_unref(n.text);
	page_text_unref(n.gz);
}
