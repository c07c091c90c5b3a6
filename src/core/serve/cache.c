/*
 * cache.c: pages kept in the process while the store's data generation is
 * unchanged (serve_int.h). The generation is read from the store on every
 * request, so a page another server's write made stale is never served.
 *
 * Each kept text is also kept deflated (raw, ending on a full flush, so it
 * can stand between other deflate blocks). A gzip response is put together
 * from the page's own head (which may hold a secret: the sign-out form's
 * CSRF token), the kept blocks and the foot, each part compressed on its
 * own: nothing is compressed against the secret, so the response's length
 * tells nothing about it (BREACH), and the kept part costs no compression.
 */
#include "util/compat.h"
#include "core/serve/serve_int.h"
#include "util/alloc.h"
#include "util/err.h"

#define ZLIB_CONST
#include <zlib.h>

int page_key(int64_t *out, struct store_conn *c)
{
	int64_t gen, day;
	int r = store_data_generation(&gen, c, &day);

	*out = r < 0 || gen > INT64_MAX / 100000000 - 1 ? -1 : gen * 100000000 + day;
	return r;
}

void page_cache_init(struct serve *s)
{
	pthread_mutex_init(&s->page_lock, NULL);
	for (size_t k = 0; k < PAGE_NSLOTS; k++)
		s->pages[k] = (struct page_kept){ .gen = -1 };
}

static void kept_release(struct page_kept *p)
{
	free(p->data);
	free(p->gz);
	*p = (struct page_kept){ .gen = -1 };
}

void page_cache_release(struct serve *s)
{
	for (size_t k = 0; k < PAGE_NSLOTS; k++)
		kept_release(&s->pages[k]);
	pthread_mutex_destroy(&s->page_lock);
}

/* Appends data deflated (raw) as a stream of its own, ended by flush (Z_FULL_FLUSH or Z_FINISH). */
static int deflate_part(struct buf *out, const char *data, size_t len, int flush)
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
		zr = deflate(&z, flush);
		if (zr == Z_STREAM_ERROR || buf_add(out, chunk, sizeof chunk - z.avail_out) < 0) {
			deflateEnd(&z);
			return zr == Z_STREAM_ERROR ? err_set(ERR_GENERIC, "zlib: deflate failed")
			                            : -1;
		}
	} while (z.avail_out == 0);
	deflateEnd(&z);
	return 0;
}

bool page_cached(struct serve *s, enum page_slot k, int64_t gen, struct buf *out)
{
	bool hit;

	pthread_mutex_lock(&s->page_lock);
	hit = s->pages[k].data && s->pages[k].gen == gen &&
	      buf_add(out, s->pages[k].data, s->pages[k].len) == 0;
	pthread_mutex_unlock(&s->page_lock);
	return hit;
}

static int put_le32(struct buf *b, uint32_t v)
{
	unsigned char le[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

	return buf_add(b, le, 4);
}

bool page_reply_gzip(struct sreq *r, enum page_slot k, int64_t gen, const char *foot)
{
	static const unsigned char head[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
	struct buf gz = BUF_INIT_MAX(r->out.max);
	const struct page_kept *p = &r->srv->pages[k];
	size_t flen = strlen(foot), klen = 0;
	uLong crc, kcrc = 0;
	bool ok;

	if (!r->gzip_ok || r->out.len > UINT_MAX)
		return false;
	if (buf_add(&gz, head, sizeof head) < 0 ||
	    deflate_part(&gz, r->out.ptr, r->out.len, Z_FULL_FLUSH) < 0)
		goto fail;
	pthread_mutex_lock(&r->srv->page_lock);
	ok = p->gz && p->gen == gen && buf_add(&gz, p->gz, p->gzlen) == 0;
	kcrc = p->crc;
	klen = p->len;
	pthread_mutex_unlock(&r->srv->page_lock);
	if (!ok || deflate_part(&gz, foot, flen, Z_FINISH) < 0)
		goto fail;
	crc = crc32(0, (const Bytef *)r->out.ptr, (uInt)r->out.len);
	crc = crc32_combine(crc, kcrc, (z_off_t)klen);
	crc = crc32_combine(crc, crc32(0, (const Bytef *)foot, (uInt)flen), (z_off_t)flen);
	/* ISIZE is the length modulo 2^32 */
	if (put_le32(&gz, (uint32_t)crc) < 0 ||
	    put_le32(&gz, (uint32_t)(r->out.len + klen + flen)) < 0)
		goto fail;
	buf_release(&r->out);
	r->out = gz;
	r->encoding = "gzip";
	return true;
fail:
	err_clear();
	buf_release(&gz);
	return false;
}

void page_keep(struct serve *s, enum page_slot k, int64_t gen, const struct buf *text)
{
	struct page_kept n = { gen, xmemdupz(text->ptr, text->len), text->len, NULL, 0, 0 };
	struct buf gz = BUF_INIT;

	if (gen < 0) {
		free(n.data);
		return;
	}
	if (deflate_part(&gz, text->ptr, text->len, Z_FULL_FLUSH) == 0) {
		n.gz = buf_detach(&gz, &n.gzlen);
		n.crc = (uint32_t)crc32(0, (const Bytef *)text->ptr, (uInt)text->len);
	} else { /* kept plain only: gzip requests get it plain */
		err_clear();
		buf_release(&gz);
	}
	pthread_mutex_lock(&s->page_lock);
	if (gen >= s->pages[k].gen) { /* two renderings racing: the newer stays */
		struct page_kept old = s->pages[k];

		s->pages[k] = n;
		n = old;
	}
	pthread_mutex_unlock(&s->page_lock);
	free(n.data);
	free(n.gz);
}
