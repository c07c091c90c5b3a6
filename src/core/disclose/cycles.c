/*
 * cycles.c: releases as endoflife.date release cycles. See cycles.h.
 */
#include "util/compat.h"
#include "core/disclose/cycles.h"
#include "util/alloc.h"
#include "util/json.h"

static void date_key(struct jw *w, const char *key, int64_t days)
{
	char d[16];

	assess_date_text(d, days);
	jw_kstr(w, key, d);
}

/* Newest first: by release date, then by version text; releases without a date last. */
static int newest_first(const void *a, const void *b)
{
	const struct assess_release *x = *(const struct assess_release *const *)a;
	const struct assess_release *y = *(const struct assess_release *const *)b;

	if (x->released != y->released)
		return x->released > y->released ? -1 : 1;
	return strcmp(y->version, x->version);
}

int lifecycle_cycles_json(struct buf *out, const struct assess_product *p)
{
	const struct assess_release **rel = xcalloc(p->nreleases + 1, sizeof(*rel));
	struct jw w;

	for (size_t i = 0; i < p->nreleases; i++)
		rel[i] = &p->releases[i];
	qsort(rel, p->nreleases, sizeof(*rel), newest_first);
	jw_init(&w, out, true);
	jw_arr_begin(&w);
	for (size_t i = 0; i < p->nreleases; i++) {
		const struct assess_release *r = rel[i];

		jw_obj_begin(&w);
		jw_kstr(&w, "cycle", r->version);
		if (r->released >= 0)
			date_key(&w, "releaseDate", r->released);
		if (r->end_of_support >= 0)
			date_key(&w, "eol", r->end_of_support);
		else
			jw_kbool(&w, "eol", false);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	free(rel);
	if (jw_finish(&w) < 0)
		return -1;
	buf_addch(out, '\n');
	return 0;
}
