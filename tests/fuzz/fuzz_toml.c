/*
 * libFuzzer target: the TOML parser (util/toml.h). A parsed document is
 * walked whole, checking what the tree promises: every key is found again
 * by lookup (the hash index of big tables), strings and keys end with a NUL,
 * positions are set, nesting stays under the cap, and the canonical text of
 * a date-time reads back as the same value.
 */
#include "util/compat.h"
#include "util/err.h"
#include "util/toml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t sink;

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

static void check_datetime(const struct toml_value *v)
{
	const struct toml_datetime *dt = v->u.dt, *back;
	char doc[TOML_DATETIME_TEXT_MAX + 8];
	struct toml_value *t = NULL;
	int n = snprintf(doc, sizeof(doc), "x = %s", dt->text);

	check(n > 0 && (size_t)n < sizeof(doc));
	check(toml_parse(&t, doc, (size_t)n, "canon") == 0);
	check(toml_as_datetime(&back, toml_get(t, "x"), "x", TOML_KIND_BIT(v->kind)) == 0);
	check(back->parts == dt->parts && back->year == dt->year && back->month == dt->month &&
	      back->day == dt->day && back->hour == dt->hour && back->minute == dt->minute &&
	      back->second == dt->second && back->nanosecond == dt->nanosecond &&
	      back->offset_minutes == dt->offset_minutes && !strcmp(back->text, dt->text));
	toml_free(t);
}

static void walk(const struct toml_value *v, size_t depth, size_t max_depth)
{
	check(depth <= max_depth + 1);
	check(v->line >= 1 || depth == 0);
	switch (v->kind) {
	case TOML_STRING:
		check(v->u.str.ptr[v->u.str.len] == '\0');
		check((toml_strval(v) != NULL) == (strlen(v->u.str.ptr) == v->u.str.len));
		sink += v->u.str.len;
		break;
	case TOML_INTEGER:
		sink += (size_t)v->u.i;
		break;
	case TOML_FLOAT:
		sink += v->u.f > 0;
		break;
	case TOML_BOOLEAN:
		sink += v->u.b;
		break;
	case TOML_DATETIME:
	case TOML_DATETIME_LOCAL:
	case TOML_DATE_LOCAL:
	case TOML_TIME_LOCAL:
		check_datetime(v);
		break;
	case TOML_ARRAY:
		for (size_t i = 0; i < toml_array_len(v); i++)
			walk(toml_array_at(v, i), depth + 1, max_depth);
		check(toml_array_at(v, toml_array_len(v)) == NULL);
		break;
	case TOML_TABLE:
		for (size_t i = 0; i < toml_table_len(v); i++) {
			const struct toml_kv *kv = toml_table_at(v, i);

			check(kv->key[kv->keylen] == '\0');
			check(toml_getn(v, kv->key, kv->keylen) == kv->value);
			walk(kv->value, depth + 1, max_depth);
		}
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* tight limits too, so that every limit is reached at every kind of place */
	static const struct toml_limits tight = { 4096, 4, 64, 16 };
	struct toml_value *doc = NULL, *small = NULL;
	int r, rs;

	if (size > ((size_t)1 << 20))
		return 0;
	r = toml_parse(&doc, (const char *)data, size, "fuzz");
	if (r == 0) {
		walk(doc, 0, TOML_MAX_DEPTH);
		toml_free(doc);
	}
	rs = toml_parse_limits(&small, (const char *)data, size, "fuzz", &tight);
	if (rs == 0) {
		walk(small, 0, tight.max_depth);
		toml_free(small);
	}
	/* a limit only ever refuses more */
	check(rs != 0 || r == 0);
	check(rs == 0 || rs == ERR_TOOBIG || rs == r);
	return 0;
}
