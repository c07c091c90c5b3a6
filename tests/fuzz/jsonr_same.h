/*
 * jsonr_same.h: compares a util/jsonr.h value with the util/json.h (jansson)
 * value of the same text; the oracle of tests/fuzz/fuzz_jsonr.c and
 * tests/unit/test_jsonr.c. Returns NULL when they are the same value (types,
 * numbers, string bytes, members in the same order; when a key holds a NUL,
 * every NUL read as U+FFFD by the wrapper), else what differs.
 */
#ifndef VOUCH_JSONR_SAME_H
#define VOUCH_JSONR_SAME_H

#include "util/compat.h"
#include "util/alloc.h"
#include "util/json.h"
#include "util/jsonr.h"

/*
 * True when the n bytes of a are the jn bytes of b, a NUL in a read as U+FFFD
 * in b when fffd is set.
 */
static bool jsonr_same_bytes(const char *a, size_t n, const char *b, size_t jn, bool fffd)
{
	size_t j = 0;

	for (size_t x = 0; x < n; x++) {
		if (a[x] == '\0' && fffd) {
			if (j + 3 > jn || memcmp(b + j, "\xef\xbf\xbd", 3))
				return false;
			j += 3;
		} else if (j >= jn || b[j++] != a[x]) {
			return false;
		}
	}
	return j == jn;
}

/* True when a key somewhere in v holds a NUL. */
static bool jsonr_nul_key(const struct jr_value *v)
{
	for (size_t i = 0; v->type == JR_ARRAY && i < v->n; i++)
		if (jsonr_nul_key(&v->u.items[i]))
			return true;
	for (size_t i = 0; v->type == JR_OBJECT && i < v->n; i++)
		if (memchr(v->u.members[i].key, '\0', v->u.members[i].klen) ||
		    jsonr_nul_key(&v->u.members[i].v))
			return true;
	return false;
}

/*
 * fffd: the text has a key holding "\u0000", so the wrapper read every
 * "\u0000" of it, in keys and strings, as U+FFFD (see vjson_parse()).
 */
static const char *jsonr_same_in(const struct jr_value *a, const json_t *b, bool fffd)
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
		return json_is_string(b) && jsonr_same_bytes(a->u.s, a->n, json_string_value(b),
		                                             json_string_length(b), fffd)
		               ? NULL
		               : "string";
	case JR_ARRAY:
		if (!json_is_array(b) || json_array_size(b) != a->n)
			return "array size";
		for (size_t i = 0; i < a->n; i++) {
			const char *r = jsonr_same_in(&a->u.items[i], json_array_get(b, i), fffd);

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
			const char *r;

			if (!jsonr_same_bytes(m->key, m->klen, k, strlen(k), fffd))
				return "key";
			if ((r = jsonr_same_in(&m->v, v, fffd)))
				return r;
		}
		return NULL;
	}
	}
	return "type";
}

static const char *jsonr_same(const struct jr_value *a, const json_t *b)
{
	return jsonr_same_in(a, b, jsonr_nul_key(a));
}

#endif
