/*
 * jsonr.c: the arena JSON reader (see jsonr.h). Recursive descent over a
 * NUL-terminated copy of the text; children are gathered on two scratch
 * stacks and copied into the arena when their container closes, so each
 * array and object is one contiguous block.
 */
#include "util/compat.h"
#include "util/jsonr.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/json.h"

#include <math.h>
#include <stdarg.h>

#define CHUNK_SIZE   ((size_t)256 << 10)
#define SMALL_OBJECT 8 /* objects with more members get a hash table after their members */

struct chunk {
	struct chunk *next;
	size_t used, cap; /* the data follows, 8-aligned */
};

struct jr_doc {
	struct chunk *chunks;
	char *text;
	struct jr_value root;
};

struct parser {
	struct jr_doc *doc;
	char *p, *start, *end;
	size_t line;
	const char *name;
	size_t charged; /* bytes held: text, arena chunks, scratch stacks */
	struct jr_value *vals;
	size_t nvals, avals;
	struct jr_member *mems;
	size_t nmems, amems;
};

static int fail(struct parser *ps, const char *at, int code, const char *fmt, ...)
        VOUCH_PRINTF(4, 5);

static int fail(struct parser *ps, const char *at, int code, const char *fmt, ...)
{
	char what[160];
	size_t line = 1, col = 1;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	for (const char *c = ps->start; c < at && c < ps->end; c++) {
		if (*c == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	return err_set(code, "%s:%zu:%zu: %s", ps->name, line, col, what);
}

/* Counts n more bytes against JR_MAX_MEMORY. */
static int charge(struct parser *ps, size_t n)
{
	if (n > JR_MAX_MEMORY - ps->charged)
		return fail(ps, ps->p, ERR_TOOBIG,
		            "so many values that reading them would take over %zu MiB of memory",
		            JR_MAX_MEMORY >> 20);
	ps->charged += n;
	return 0;
}

static void *arena_alloc(struct parser *ps, size_t n)
{
	struct chunk *c = ps->doc->chunks;
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > CHUNK_SIZE ? n : CHUNK_SIZE;

		if (charge(ps, cap) < 0)
			return NULL;
		c = xmalloc(st_add(sizeof(*c), cap));
		c->cap = cap;
		c->used = 0;
		c->next = ps->doc->chunks;
		ps->doc->chunks = c;
	}
	p = (char *)(c + 1) + c->used;
	c->used += n;
	return p;
}

static inline void skip_ws(struct parser *ps)
{
	for (;;) {
		char c = *ps->p;

		if (c == ' ' || c == '\t' || c == '\r') {
			ps->p++;
		} else if (c == '\n') {
			ps->p++;
			ps->line++;
		} else {
			return;
		}
	}
}

/* Four hex digits at s (bounded by end), or -1. */
static long hex4(const char *s, const char *end)
{
	long v = 0;

	if (end - s < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		int h = hex_value(s[i]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static char *put_utf8(char *w, unsigned long cp)
{
	if (cp < 0x80) {
		*w++ = (char)cp;
	} else if (cp < 0x800) {
		*w++ = (char)(0xc0 | (cp >> 6));
		*w++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*w++ = (char)(0xe0 | (cp >> 12));
		*w++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*w++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*w++ = (char)(0xf0 | (cp >> 18));
		*w++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*w++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*w++ = (char)(0x80 | (cp & 0x3f));
	}
	return w;
}

/*
 * The string at ps->p (on its opening quote), decoded in place: escapes are
 * never shorter than what they stand for, so the writer w never passes the
 * reader. The result is NUL-terminated where the closing quote was or before.
 */
/*
 * True when none of the eight bytes ends the plain run of a string: a quote,
 * a backslash, a control character or a byte with the high bit (UTF-8,
 * checked one sequence at a time). The zero-byte tests are exact for "any".
 */
static inline bool plain8(const char *p)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t v, q, b;

	memcpy(&v, p, 8);
	q = v ^ (ones * '"');
	b = v ^ (ones * '\\');
	return (((v - ones * 0x20) | v | ((q - ones) & ~q) | ((b - ones) & ~b)) & highs) == 0;
}

static int parse_string(struct parser *ps, const char **out, uint32_t *len)
{
	char *s = ++ps->p, *p = s, *w = NULL;

	/* the common case, plain ASCII: eight bytes at a time up to the first byte to look at */
	while (ps->end - p >= 8 && plain8(p))
		p += 8;
	for (;;) {
		unsigned char c = (unsigned char)*p;

		if (c == '"')
			break;
		if (c < 0x20) {
			if (p >= ps->end)
				return fail(ps, s - 1, ERR_PARSE, "unterminated string");
			return fail(ps, p, ERR_PARSE, "control character 0x%02x in string", c);
		}
		if (c >= 0x80) {
			size_t k = json_utf8_len(p, (size_t)(ps->end - p));

			if (!k)
				return fail(ps, p, ERR_PARSE, "invalid UTF-8 in string");
			if (w)
				memmove(w, p, k), w += k;
			p += k;
			continue;
		}
		if (c != '\\') {
			if (w)
				*w++ = (char)c;
			p++;
			continue;
		}
		if (!w)
			w = p;
		switch (p[1]) {
		case '"':
		case '\\':
		case '/':
			*w++ = p[1];
			break;
		case 'b':
			*w++ = '\b';
			break;
		case 'f':
			*w++ = '\f';
			break;
		case 'n':
			*w++ = '\n';
			break;
		case 'r':
			*w++ = '\r';
			break;
		case 't':
			*w++ = '\t';
			break;
		case 'u': {
			long cp = hex4(p + 2, ps->end), lo;

			if (cp < 0)
				return fail(ps, p, ERR_PARSE, "invalid \\u escape");
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return fail(ps, p, ERR_PARSE, "unpaired surrogate in \\u escape");
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (p[6] != '\\' || p[7] != 'u' ||
				    (lo = hex4(p + 8, ps->end)) < 0xdc00 || lo > 0xdfff)
					return fail(ps, p, ERR_PARSE,
					            "unpaired surrogate in \\u escape");
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			}
			w = put_utf8(w, (unsigned long)cp);
			p += 6;
			continue;
		}
		default:
			return fail(ps, p, ERR_PARSE, "invalid escape in string");
		}
		p += 2;
	}
	if (!w)
		w = p;
	*w = '\0';
	*out = s;
	*len = (uint32_t)(w - s);
	ps->p = p + 1;
	return 0;
}

/* A number, checked as jansson checks it: an integer must fit int64_t, a real must not overflow. */
static int parse_number(struct parser *ps, struct jr_value *out)
{
	char *b = ps->p, *p = b;
	bool neg = *p == '-', real = false;

	if (neg)
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return fail(ps, b, ERR_PARSE, "invalid number");
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return fail(ps, b, ERR_PARSE, "invalid number");
		while (*p >= '0' && *p <= '9')
			p++;
		real = true;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return fail(ps, b, ERR_PARSE, "invalid number");
		while (*p >= '0' && *p <= '9')
			p++;
		real = true;
	}
	if (!real) {
		size_t digits = (size_t)(p - b) - neg;
		uint64_t v = 0;

		for (const char *d = b + neg; digits <= 19 && d < p; d++)
			v = v * 10 + (uint64_t)(*d - '0');
		if (digits > 19 || (v > (uint64_t)INT64_MAX + neg))
			return fail(ps, b, ERR_PARSE, "integer out of range");
	} else {
		char tmp[64], *copy = (size_t)(p - b) < sizeof(tmp) ? tmp : NULL;
		double d;

		if (!copy)
			copy = xmemdupz(b, (size_t)(p - b));
		else
			memcpy(tmp, b, (size_t)(p - b)), tmp[p - b] = '\0';
		d = strtod(copy, NULL);
		if (copy != tmp)
			free(copy);
		if (isinf(d))
			return fail(ps, b, ERR_PARSE, "real number overflow");
	}
	out->type = JR_NUMBER;
	out->u.s = b;
	out->n = (uint32_t)(p - b);
	ps->p = p;
	return 0;
}

static int parse_value(struct parser *ps, struct jr_value *out, int depth);

static int push_val(struct parser *ps, const struct jr_value *v)
{
	if (ps->nvals == ps->avals) {
		size_t n = ps->avals ? ps->avals * 2 : 256;

		if (charge(ps, (n - ps->avals) * sizeof(*ps->vals)) < 0)
			return err_code();
		ps->vals = xreallocarray(ps->vals, n, sizeof(*ps->vals));
		ps->avals = n;
	}
	ps->vals[ps->nvals++] = *v;
	return 0;
}

static int push_mem(struct parser *ps, const struct jr_member *m)
{
	if (ps->nmems == ps->amems) {
		size_t n = ps->amems ? ps->amems * 2 : 256;

		if (charge(ps, (n - ps->amems) * sizeof(*ps->mems)) < 0)
			return err_code();
		ps->mems = xreallocarray(ps->mems, n, sizeof(*ps->mems));
		ps->amems = n;
	}
	ps->mems[ps->nmems++] = *m;
	return 0;
}

static int parse_array(struct parser *ps, struct jr_value *out, int depth)
{
	size_t base = ps->nvals, n;
	int r;

	ps->p++;
	skip_ws(ps);
	out->type = JR_ARRAY;
	out->n = 0;
	out->u.items = NULL;
	if (*ps->p == ']') {
		ps->p++;
		return 0;
	}
	for (;;) {
		struct jr_value v;

		if ((r = parse_value(ps, &v, depth + 1)) < 0 || (r = push_val(ps, &v)) < 0)
			return r;
		skip_ws(ps);
		if (*ps->p == ',') {
			ps->p++;
			skip_ws(ps);
		} else if (*ps->p == ']') {
			ps->p++;
			break;
		} else {
			return fail(ps, ps->p, ERR_PARSE, "expected ',' or ']'");
		}
	}
	n = ps->nvals - base;
	if (!(out->u.items = arena_alloc(ps, st_mult(n, sizeof(*out->u.items)))))
		return err_code();
	memcpy(out->u.items, ps->vals + base, n * sizeof(*out->u.items));
	out->n = (uint32_t)n;
	ps->nvals = base;
	return 0;
}

static uint32_t hash_key(const char *k, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 16777619u;
	return h;
}

/* Slots of the table of an object of n members (n > SMALL_OBJECT): a power of two, at least 2n. */
static size_t table_size(size_t n)
{
	size_t t = 16;

	while (t < 2 * n)
		t *= 2;
	return t;
}

static bool same_key(const struct jr_member *m, const char *k, size_t n)
{
	return m->klen == n && !memcmp(m->key, k, n);
}

/*
 * Copies the n members on the stack from base into out, a repeated key
 * keeping its first place and its last value; objects of more than
 * SMALL_OBJECT members get their hash table right after the members.
 */
static int finish_object(struct parser *ps, struct jr_value *out, size_t base)
{
	const struct jr_member *src = ps->mems + base;
	size_t n = ps->nmems - base, kept = 0, slots = n > SMALL_OBJECT ? table_size(n) : 0;
	struct jr_member *m;
	uint32_t *table;

	m = arena_alloc(ps, st_add(st_mult(n, sizeof(*m)), st_mult(slots, sizeof(*table))));
	if (!m)
		return err_code();
	table = (uint32_t *)(m + n);
	if (!slots) {
		for (size_t i = 0; i < n; i++) {
			size_t j = 0;

			while (j < kept && !same_key(&m[j], src[i].key, src[i].klen))
				j++;
			if (j < kept)
				m[j].v = src[i].v;
			else
				m[kept++] = src[i];
		}
	} else {
		memset(table, 0xff, slots * sizeof(*table));
		for (size_t i = 0; i < n; i++) {
			size_t h = hash_key(src[i].key, src[i].klen) & (slots - 1);

			while (table[h] != UINT32_MAX &&
			       !same_key(&m[table[h]], src[i].key, src[i].klen))
				h = (h + 1) & (slots - 1);
			if (table[h] != UINT32_MAX) {
				m[table[h]].v = src[i].v;
			} else {
				table[h] = (uint32_t)kept;
				m[kept++] = src[i];
			}
		}
	}
	ps->nmems = base;
	out->type = JR_OBJECT;
	out->u.members = m;
	out->n = (uint32_t)kept;
	if (kept < n && kept > SMALL_OBJECT) {
		/* repeated keys: the table must sit right after the kept members, sized for them */
		struct jr_member *m2;

		slots = table_size(kept);
		m2 = arena_alloc(
		        ps, st_add(st_mult(kept, sizeof(*m2)), st_mult(slots, sizeof(*table))));
		if (!m2)
			return err_code();
		memcpy(m2, m, kept * sizeof(*m2));
		table = (uint32_t *)(m2 + kept);
		memset(table, 0xff, slots * sizeof(*table));
		for (size_t i = 0; i < kept; i++) {
			size_t h = hash_key(m2[i].key, m2[i].klen) & (slots - 1);

			while (table[h] != UINT32_MAX)
				h = (h + 1) & (slots - 1);
			table[h] = (uint32_t)i;
		}
		out->u.members = m2;
	}
	return 0;
}

static int parse_object(struct parser *ps, struct jr_value *out, int depth)
{
	size_t base = ps->nmems;
	int r;

	ps->p++;
	skip_ws(ps);
	if (*ps->p == '}') {
		ps->p++;
		out->type = JR_OBJECT;
		out->n = 0;
		out->u.members = NULL;
		return 0;
	}
	for (;;) {
		struct jr_member m;

		if (*ps->p != '"')
			return fail(ps, ps->p, ERR_PARSE, "expected a string key");
		m.line = (uint32_t)ps->line;
		if ((r = parse_string(ps, &m.key, &m.klen)) < 0)
			return r;
		skip_ws(ps);
		if (*ps->p != ':')
			return fail(ps, ps->p, ERR_PARSE, "expected ':'");
		ps->p++;
		skip_ws(ps);
		if ((r = parse_value(ps, &m.v, depth + 1)) < 0 || (r = push_mem(ps, &m)) < 0)
			return r;
		skip_ws(ps);
		if (*ps->p == ',') {
			ps->p++;
			skip_ws(ps);
		} else if (*ps->p == '}') {
			ps->p++;
			break;
		} else {
			return fail(ps, ps->p, ERR_PARSE, "expected ',' or '}'");
		}
	}
	return finish_object(ps, out, base);
}

static int literal(struct parser *ps, const char *word, size_t n, enum jr_type t,
                   struct jr_value *out)
{
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n))
		return fail(ps, ps->p, ERR_PARSE, "invalid token");
	ps->p += n;
	out->type = t;
	out->n = 0;
	out->u.s = NULL;
	return 0;
}

static int parse_value(struct parser *ps, struct jr_value *out, int depth)
{
	if (depth > JR_MAX_DEPTH)
		return fail(ps, ps->p, ERR_TOOBIG, "nested more than %d deep", JR_MAX_DEPTH);
	switch (*ps->p) {
	case '{':
		return parse_object(ps, out, depth);
	case '[':
		return parse_array(ps, out, depth);
	case '"':
		out->type = JR_STRING;
		return parse_string(ps, &out->u.s, &out->n);
	case 't':
		return literal(ps, "true", 4, JR_TRUE, out);
	case 'f':
		return literal(ps, "false", 5, JR_FALSE, out);
	case 'n':
		return literal(ps, "null", 4, JR_NULL, out);
	default:
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
			return parse_number(ps, out);
		if (ps->p >= ps->end)
			return fail(ps, ps->p, ERR_PARSE, "unexpected end of text");
		if (!*ps->p)
			return fail(ps, ps->p, ERR_PARSE, "NUL byte in JSON text");
		return fail(ps, ps->p, ERR_PARSE, "invalid token");
	}
}

void jr_free(struct jr_doc *doc)
{
	if (!doc)
		return;
	while (doc->chunks) {
		struct chunk *next = doc->chunks->next;

		free(doc->chunks);
		doc->chunks = next;
	}
	free(doc->text);
	free(doc);
}

/* Parses text[0..len), text[len] being '\0', in place: strings are decoded and ended there. */
static int parse_text(struct jr_doc **out, struct parser *ps, char *text, size_t len)
{
	const char *nul;
	int r;

	ps->start = ps->p = text;
	ps->end = ps->start + len;
	/* lengths, counts and lines are held in 32 bits (jsonr.h) */
	if (len >= JR_MAX_TEXT) {
		r = fail(ps, ps->start, ERR_TOOBIG, "over 4 GiB of text");
		goto done;
	}
	/* a raw NUL anywhere is refused first, whatever else is wrong, as vjson_parse() does */
	if ((nul = memchr(ps->start, '\0', len))) {
		r = fail(ps, nul, ERR_PARSE, "NUL byte in JSON text");
		goto done;
	}
	skip_ws(ps);
	if ((r = parse_value(ps, &ps->doc->root, 1)) < 0)
		goto done;
	skip_ws(ps);
	if (ps->p != ps->end)
		r = fail(ps, ps->p, ERR_PARSE, "end of text expected");
done:
	free(ps->vals);
	free(ps->mems);
	if (r < 0) {
		jr_free(ps->doc);
		return r;
	}
	*out = ps->doc;
	return 0;
}

int jr_parse(struct jr_doc **out, const char *data, size_t len, const char *name)
{
	struct parser ps = { 0 };
	int r;

	ps.doc = xcalloc(1, sizeof(*ps.doc));
	ps.name = name;
	ps.line = 1;
	if ((r = charge(&ps, len)) < 0) {
		jr_free(ps.doc);
		return r;
	}
	ps.doc->text = xmemdupz(data, len);
	return parse_text(out, &ps, ps.doc->text, len);
}

int jr_parse_inplace(struct jr_doc **out, char *text, size_t len, const char *name)
{
	struct parser ps = { 0 };

	if (text[len] != '\0')
		BUG("jr_parse_inplace: the text must be followed by a NUL");
	ps.doc = xcalloc(1, sizeof(*ps.doc));
	ps.name = name;
	ps.line = 1;
	return parse_text(out, &ps, text, len);
}

const struct jr_value *jr_root(const struct jr_doc *doc)
{
	return &doc->root;
}

const struct jr_member *jr_member(const struct jr_value *obj, const char *key)
{
	size_t klen;

	if (!jr_is(obj, JR_OBJECT))
		return NULL;
	klen = strlen(key);
	if (obj->n > SMALL_OBJECT) {
		const uint32_t *table = (const uint32_t *)(obj->u.members + obj->n);
		size_t slots = table_size(obj->n), h = hash_key(key, klen) & (slots - 1);

		for (; table[h] != UINT32_MAX; h = (h + 1) & (slots - 1))
			if (same_key(&obj->u.members[table[h]], key, klen))
				return &obj->u.members[table[h]];
		return NULL;
	}
	for (size_t i = 0; i < obj->n; i++)
		if (same_key(&obj->u.members[i], key, klen))
			return &obj->u.members[i];
	return NULL;
}

const struct jr_value *jr_get(const struct jr_value *obj, const char *key)
{
	const struct jr_member *m = jr_member(obj, key);

	return m ? &m->v : NULL;
}

const char *jr_strval(const struct jr_value *v)
{
	if (!jr_is(v, JR_STRING) || memchr(v->u.s, '\0', v->n))
		return NULL;
	return v->u.s;
}

const char *jr_str(const struct jr_value *obj, const char *key)
{
	return jr_strval(jr_get(obj, key));
}
