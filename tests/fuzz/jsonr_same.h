/*
 * jsonr_same.h: compares a util/jsonr.h value with the util/json.h (jansson)
 * value of the same text; the oracle of tests/fuzz/fuzz_jsonr.c and
 * tests/unit/test_jsonr.c. Returns NULL when they are the same value (types,
 * numbers, string bytes, members in the same order, a NUL in a key read as
 * U+FFFD by the wrapper), else what differs.
 */
#ifndef VOUCH_JSONR_SAME_H
#define VOUCH_JSONR_SAME_H

#include "util/compat.h"
#include "util/alloc.h"
#include "util/json.h"
#include "util/jsonr.h"

static const char *jsonr_same(const struct jr_value *a, const json_t *b)
{
	switch (a->type) {
	case JR_NULL:
		return json_is_null(b) ? NULL : "null";
	case JR_TRUE:
		return json_is_true(b) ? NULL : "true";
	case JR_FALSE:
		return json_is_false(b) ? NULL : "false";
	case JR_NUMBER: {
		char *t = xmemdupz(a->u.s, a->n);
		const char *r = NULL;

		if (!strpbrk(t, ".eE"))
			r = json_is_integer(b) && json_integer_value(b) == strtoll(t, NULL, 10)
			            ? NULL
			            : "integer";
		else
			r = json_is_real(b) && json_real_value(b) == strtod(t, NULL) ? NULL
			                                                             : "real";
		free(t);
		return r;
	}
	case JR_STRING:
		return json_is_string(b) && json_string_length(b) == a->n &&
		                       !memcmp(json_string_value(b), a->u.s, a->n)
		               ? NULL
		               : "string";
	case JR_ARRAY:
		if (!json_is_array(b) || json_array_size(b) != a->n)
			return "array size";
		for (size_t i = 0; i < a->n; i++) {
			const char *r = jsonr_same(&a->u.items[i], json_array_get(b, i));

			if (r)
				return r;
		}
		return NULL;
	case JR_OBJECT: {
		const char *k;
		json_t *v;
		size_t i = 0;

		if (!json_is_object(b) || json_object_size(b) != a->n)
			return "object size";
		json_object_foreach((json_t *)b, k, v)
		{
			const struct jr_member *m = &a->u.members[i++];
			size_t kl = strlen(k), j = 0;
			const char *r;

			/* the wrapper reads a NUL in a key as U+FFFD */
			for (size_t x = 0; x < m->klen; x++) {
				if (m->key[x] == '\0') {
					if (j + 3 > kl || memcmp(k + j, "\xef\xbf\xbd", 3))
						return "key";
					j += 3;
				} else if (j >= kl || k[j++] != m->key[x]) {
					return "key";
				}
			}
			if (j != kl)
				return "key";
			if ((r = jsonr_same(&m->v, v)))
				return r;
		}
		return NULL;
	}
	}
	return "type";
}

#endif
