/*
 * fuzz_jsonr: the arena reader (util/jsonr.h) against the jansson wrapper
 * (util/json.h) on every input: both accept or both reject (with the same
 * error code), and what they accept is the same value (jsonr_same.h). Each
 * member accepted is also found again by jr_member(). jr_parse_inplace() on
 * a copy of the input must do exactly what jr_parse() does.
 */
#include "util/compat.h"
#include "util/err.h"
#include "jsonr_same.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every member of every object is found by its key (the last of repeated keys). */
static void lookups(const struct jr_value *v)
{
	if (v->type == JR_ARRAY)
		for (size_t i = 0; i < v->n; i++)
			lookups(&v->u.items[i]);
	if (v->type != JR_OBJECT)
		return;
	for (size_t i = 0; i < v->n; i++) {
		const struct jr_member *m = &v->u.members[i];

		if (!memchr(m->key, '\0', m->klen) && jr_member(v, m->key) != m)
			abort();
		lookups(&m->v);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = NULL;
	struct jr_doc *d = NULL, *di = NULL;
	char *copy;
	int rj, rd, ri;
	const char *diff;

	if (size > (1 << 20))
		return 0;
	rj = vjson_parse(&j, (const char *)data, size, "fuzz");
	rd = jr_parse(&d, (const char *)data, size, "fuzz");
	if ((rj < 0) != (rd < 0) || (rj < 0 && rj != rd)) {
		fprintf(stderr, "jansson %d, jsonr %d (%s)\n", rj, rd, rd < 0 ? err_msg() : "ok");
		abort();
	}
	copy = xmemdupz(data, size);
	ri = jr_parse_inplace(&di, copy, size, "fuzz");
	if (ri != rd) {
		fprintf(stderr, "jr_parse %d, jr_parse_inplace %d\n", rd, ri);
		abort();
	}
	if (rj == 0) {
		if ((diff = jsonr_same(jr_root(d), j))) {
			fprintf(stderr, "values differ: %s\n", diff);
			abort();
		}
		lookups(jr_root(d));
		if ((diff = jsonr_same(jr_root(di), j))) {
			fprintf(stderr, "in place, values differ: %s\n", diff);
			abort();
		}
	}
	json_decref(j);
	jr_free(d);
	jr_free(di);
	free(copy);
	return 0;
}
