/*
 * cache.c: pages kept in the process while the store's data generation is
 * unchanged (serve_int.h). The generation is read from the store on every
 * request, so a page another server's write made stale is never served.
 */
#include "util/compat.h"
#include "core/serve/serve_int.h"
#include "util/alloc.h"

void page_cache_init(struct serve *s)
{
	pthread_mutex_init(&s->page_lock, NULL);
	for (size_t k = 0; k < PAGE_NSLOTS; k++)
		s->pages[k] = (struct page_kept){ -1, NULL, 0 };
}

void page_cache_release(struct serve *s)
{
	for (size_t k = 0; k < PAGE_NSLOTS; k++) {
		free(s->pages[k].data);
		s->pages[k] = (struct page_kept){ -1, NULL, 0 };
	}
	pthread_mutex_destroy(&s->page_lock);
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

void page_keep(struct serve *s, enum page_slot k, int64_t gen, const struct buf *text)
{
	char *copy;

	if (gen < 0)
		return;
	copy = xmalloc(text->len + 1);
	memcpy(copy, text->ptr ? text->ptr : "", text->len);
	copy[text->len] = 0;
	pthread_mutex_lock(&s->page_lock);
	if (gen >= s->pages[k].gen) { /* two renderings racing: the newer stays */
		free(s->pages[k].data);
		s->pages[k] = (struct page_kept){ gen, copy, text->len };
		copy = NULL;
	}
	pthread_mutex_unlock(&s->page_lock);
	free(copy);
}
