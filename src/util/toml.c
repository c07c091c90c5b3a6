#include "util/compat.h"
#include "util/toml.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hash.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <sodium.h>

/*
 * How a table came to be, for the redefinition rules of TOML 1.0:
 * - T_IMPLICIT: named on the way to a deeper [header] ([a.b] makes a). A
 *   later [a] may define it once; dotted keys may go into it (claiming it).
 * - T_HEADER: defined by [a] or as an element of [[a]]. Never defined again
 *   and never entered by dotted keys from another section.
 * - T_DOTTED: made (or claimed) by dotted keys in one section (section).
 *   Dotted keys of that section may add to it; a header may pass through it
 *   to define a sub-table but never define it.
 * - T_INLINE: an inline table: closed, nothing may add to it or pass through.
 * A section is the run of key/values under one header (or in one inline table).
 */
enum table_state {
	T_NONE,
	T_ROOT,
	T_IMPLICIT,
	T_HEADER,
	T_DOTTED,
	T_INLINE,
};

enum value_flags {
	F_ROOT = 1 << 0, /* owns the name */
	F_AOT = 1 << 1,  /* an array made by [[header]], open for more elements */
};

/* Open addressing over the items of a big table; a slot holds item index + 1. */
struct toml_index {
	uint32_t *slots;
	size_t mask;
};

#define INDEX_MIN 12 /* tables with more keys than this get an index */

/*
 * Everything of a document lives in one arena, freed at once: parsing makes
 * no small malloc per value and toml_free() neither recurses nor walks the
 * tree. Under AddressSanitizer every allocation is its own malloc instead,
 * so that the fuzzer sees an overflow from one object into the next.
 */
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_EACH 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_EACH 1
#endif
#endif

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

struct arena {
	struct arena_chunk *head;
	size_t nchunks;
	size_t bytes; /* taken from malloc, headers included: what toml_limits.max_memory caps */
};

#define ARENA_CHUNK ((size_t)64 << 10)

static struct arena_chunk *chunk_new(struct arena *a, size_t size)
{
	struct arena_chunk *c = xmalloc(st_add(sizeof(*c), size));

	a->bytes = st_add(a->bytes, st_add(sizeof(*c), size));
	c->next = NULL;
	c->used = 0;
	c->size = size;
	return c;
}

/* n bytes, zeroed, aligned to 8. */
static void *arena_alloc(struct arena *a, size_t n)
{
	const size_t align = 8; /* all the tree holds: pointers, int64, double */
	struct arena_chunk *c;
	void *p;

	n = st_add(n, align - 1) & ~(align - 1);
	if (!n)
		n = align;
#ifdef ARENA_EACH
	c = chunk_new(a, n);
	c->next = a->head;
	a->head = c;
	c->used = n;
	memset(c->data, 0, n);
	return c->data;
#endif
	c = a->head;
	if (!c || c->size - c->used < n) {
		/* chunks grow with the document, up to 1 MiB; a big request gets its own */
		size_t size = ARENA_CHUNK << (a->nchunks < 64 ? a->nchunks / 16 : 4);

		if (n > size / 4) {
			c = chunk_new(a, n);
			c->used = n;
			if (a->head) {
				c->next = a->head->next;
				a->head->next = c;
			} else {
				a->head = c;
			}
			a->nchunks++;
			memset(c->data, 0, n);
			return c->data;
		}
		c = chunk_new(a, size);
		c->next = a->head;
		a->head = c;
		a->nchunks++;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

static char *arena_dupz(struct arena *a, const void *p, size_t n)
{
	char *s = arena_alloc(a, st_add(n, 1));

	memcpy(s, p, n);
	return s;
}

/*
 * The array items (of *alloc elements of size elem, len used) grown to hold
 * want: a new copy, the old one left in the arena (growth by half again keeps
 * the waste under the final size).
 */
static void *arena_grow(struct arena *a, void *items, size_t *alloc, size_t len, size_t want,
                        size_t elem)
{
	size_t n;
	void *p;

	if (want <= *alloc)
		return items;
	n = *alloc < 8 ? 8 : st_add(*alloc, *alloc / 2);
	if (n < want)
		n = want;
	p = arena_alloc(a, st_mult(n, elem));
	if (len)
		memcpy(p, items, st_mult(len, elem));
	*alloc = n;
	return p;
}

static void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head, *next;

	for (; c; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	a->nchunks = 0;
	a->bytes = 0;
}

_Static_assert(sizeof(void *) != 8 || sizeof(struct toml_value) == 64, "a value is 64 bytes");

/* The root table and the arena holding the rest of the document. */
struct toml_doc {
	struct toml_value root;
	struct arena arena;
};

/*
 * A place in the document. Columns are counted once, going forward through
 * a line (see position()), so places are taken where a thing starts.
 */
struct loc {
	const char *pos;
	uint32_t line, col;
};

struct keypart {
	char *s; /* decoded, in the arena */
	size_t len;
	struct loc at;
};

struct parser {
	const char *data, *p, *end;
	const char *name;
	uint32_t line;
	const char *line_start;
	const char *col_pos; /* cache for columns: col_val is the column of col_pos */
	uint32_t col_val;
	struct toml_limits lim;
	size_t nvalues;
	uint32_t sections, section;
	struct toml_value *root, *cur;
	struct buf sbuf; /* a string being decoded */
	struct buf msg;
	struct arena *arena;
	struct keypart *key;
	size_t nkey, keyalloc;
};

/* Hashing keys: SipHash with a per-process random key, so no input can force collisions. */

static unsigned char hash_key[crypto_shorthash_KEYBYTES];
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;
static locale_t c_locale;

static void toml_once(void)
{
	if (sodium_init() >= 0)
		randombytes_buf(hash_key, sizeof(hash_key));
	c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

static uint64_t key_hash(const char *s, size_t n)
{
	unsigned char h[crypto_shorthash_BYTES];
	uint64_t v;

	crypto_shorthash(h, (const unsigned char *)s, n, hash_key);
	memcpy(&v, h, sizeof(v));
	return v;
}

/* Positions and errors */

static void position(struct parser *P, const char *pos, uint32_t *line, uint32_t *col)
{
	const char *from;
	uint32_t c;

	if (pos < P->line_start) {
		/* not on the current line: count from the start (error paths only) */
		uint32_t l = 1;
		const char *ls = P->data;

		for (const char *q = P->data; q < pos; q++) {
			if (*q == '\n') {
				l++;
				ls = q + 1;
			}
		}
		c = 1;
		for (const char *q = ls; q < pos; q++)
			c += ((unsigned char)*q & 0xc0) != 0x80;
		*line = l;
		*col = c;
		return;
	}
	from = P->line_start;
	c = 1;
	if (P->col_pos && P->col_pos >= P->line_start && P->col_pos <= pos) {
		from = P->col_pos;
		c = P->col_val;
	}
	for (; from < pos; from++)
		c += ((unsigned char)*from & 0xc0) != 0x80;
	P->col_pos = pos;
	P->col_val = c;
	*line = P->line;
	*col = c;
}

static int perr(struct parser *P, int code, const char *pos, const char *fmt, ...)
        VOUCH_PRINTF(4, 5);

static int perr(struct parser *P, int code, const char *pos, const char *fmt, ...)
{
	uint32_t line, col;
	va_list ap;

	position(P, pos, &line, &col);
	buf_reset(&P->msg);
	va_start(ap, fmt);
	buf_vaddf(&P->msg, fmt, ap);
	va_end(ap);
	return err_set(code, "%s:%" PRIu32 ":%" PRIu32 ": %s", P->name, line, col, P->msg.ptr);
}

/* A short description of the byte at p for messages: "'x'", "a newline", "end of file". */
static const char *what_at(struct parser *P, const char *p, char tmp[16])
{
	unsigned char c;

	if (p >= P->end)
		return "end of file";
	c = (unsigned char)*p;
	if (c == '\n' || (c == '\r' && p + 1 < P->end && p[1] == '\n'))
		return "a newline";
	if (c >= 0x21 && c < 0x7f) {
		tmp[0] = '\'';
		tmp[1] = (char)c;
		tmp[2] = '\'';
		tmp[3] = '\0';
		return tmp;
	}
	if (c == ' ' || c == '\t')
		return "white space";
	if (c < 0x80) {
		snprintf(tmp, 16, "U+%04X", c);
		return tmp;
	}
	return "a non-ASCII character";
}

static int unexpected(struct parser *P, const char *p, const char *expected)
{
	char tmp[16];

	return perr(P, ERR_PARSE, p, "expected %s, found %s", expected, what_at(P, p, tmp));
}

/* A key for a message, quoted, with control characters escaped. */
static const char *show_key(struct buf *b, const char *s, size_t n)
{
	buf_reset(b);
	buf_addch(b, '\'');
	for (size_t i = 0; i < n && b->len < 200; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			buf_addf(b, "\\u%04X", c);
		else
			buf_addch(b, c);
	}
	buf_addch(b, '\'');
	return b->ptr;
}

static struct loc here(struct parser *P)
{
	struct loc l = { P->p, 0, 0 };

	position(P, P->p, &l.line, &l.col);
	return l;
}

/* "a string", "an integer", ... */
static const char *a_kind(enum toml_kind kind)
{
	static const char *const names[] = {
		"a string",     "an integer",          "a float",
		"a boolean",    "an offset date-time", "a local date-time",
		"a local date", "a local time",        "an array",
		"a table",
	};

	return (size_t)kind < ARRAY_SIZE(names) ? names[kind] : "a value";
}

/* Values */

static int new_value(struct toml_value **out, struct parser *P, enum toml_kind kind,
                     const struct loc *at, size_t depth)
{
	struct toml_value *v;

	if ((kind == TOML_ARRAY || kind == TOML_TABLE) && depth > P->lim.max_depth)
		return perr(P, ERR_TOOBIG, at->pos, "nesting deeper than %zu levels",
		            P->lim.max_depth);
	if (++P->nvalues > P->lim.max_values)
		return perr(P, ERR_TOOBIG, at->pos, "more than %zu values and keys",
		            P->lim.max_values);
	if (P->arena->bytes > TOML_MAX_MEMORY)
		return perr(P, ERR_TOOBIG, at->pos, "the document takes more than %zu MiB to hold",
		            TOML_MAX_MEMORY >> 20);
	v = arena_alloc(P->arena, sizeof(*v));
	v->kind = kind;
	v->line = at->line;
	v->col = at->col;
	v->name = P->name;
	v->depth = (uint16_t)depth;
	*out = v;
	return 0;
}

void toml_free(struct toml_value *doc)
{
	struct toml_doc *d = (struct toml_doc *)doc;

	if (!doc)
		return;
	if (!(doc->flags & F_ROOT))
		BUG("toml_free() of a value that is not a document");
	/* the root is the first member of struct toml_doc */
	arena_release(&d->arena);
	free(d);
}

static void array_push(struct parser *P, struct toml_value *a, struct toml_value *v)
{
	a->u.arr.items = arena_grow(P->arena, a->u.arr.items, &a->u.arr.alloc, a->u.arr.len,
	                            a->u.arr.len + 1, sizeof(*a->u.arr.items));
	a->u.arr.items[a->u.arr.len++] = v;
}

static void index_put(struct toml_index *ix, const struct toml_kv *items, size_t i)
{
	size_t h = (size_t)key_hash(items[i].key, items[i].keylen) & ix->mask;

	while (ix->slots[h])
		h = (h + 1) & ix->mask;
	ix->slots[h] = (uint32_t)(i + 1);
}

static void index_build(struct parser *P, struct toml_value *t, size_t want)
{
	struct toml_index *ix = t->u.tab.index;
	size_t cap = 64;

	while (cap < want * 2)
		cap = st_mult(cap, 2);
	if (!ix) {
		ix = arena_alloc(P->arena, sizeof(*ix));
		t->u.tab.index = ix;
	}
	ix->slots = arena_alloc(P->arena, st_mult(cap, sizeof(*ix->slots)));
	ix->mask = cap - 1;
	for (size_t i = 0; i < t->u.tab.len; i++)
		index_put(ix, t->u.tab.items, i);
}

static struct toml_kv *table_find(const struct toml_value *t, const char *key, size_t len)
{
	const struct toml_index *ix = t->u.tab.index;

	if (ix) {
		size_t h = (size_t)key_hash(key, len) & ix->mask;

		for (; ix->slots[h]; h = (h + 1) & ix->mask) {
			struct toml_kv *kv = &t->u.tab.items[ix->slots[h] - 1];

			if (kv->keylen == len && !memcmp(kv->key, key, len))
				return kv;
		}
		return NULL;
	}
	for (size_t i = 0; i < t->u.tab.len; i++) {
		struct toml_kv *kv = &t->u.tab.items[i];

		if (kv->keylen == len && !memcmp(kv->key, key, len))
			return kv;
	}
	return NULL;
}

/* Adds the key k with value v; the caller checked that k is new. */
static int table_add(struct parser *P, struct toml_value *t, struct keypart *k,
                     struct toml_value *v)
{
	struct toml_kv *kv;
	size_t n = t->u.tab.len;

	if (++P->nvalues > P->lim.max_values)
		return perr(P, ERR_TOOBIG, k->at.pos, "more than %zu values and keys",
		            P->lim.max_values);
	if (P->arena->bytes > TOML_MAX_MEMORY)
		return perr(P, ERR_TOOBIG, k->at.pos,
		            "the document takes more than %zu MiB to hold", TOML_MAX_MEMORY >> 20);
	t->u.tab.items = arena_grow(P->arena, t->u.tab.items, &t->u.tab.alloc, n, n + 1,
	                            sizeof(*t->u.tab.items));
	kv = &t->u.tab.items[n];
	kv->key = k->s;
	kv->keylen = k->len;
	kv->line = k->at.line;
	kv->col = k->at.col;
	kv->value = v;
	t->u.tab.len = n + 1;
	if (t->u.tab.index) {
		if ((n + 1) * 2 > t->u.tab.index->mask + 1)
			index_build(P, t, n + 1);
		else
			index_put(t->u.tab.index, t->u.tab.items, n);
	} else if (n + 1 > INDEX_MIN) {
		index_build(P, t, n + 1);
	}
	return 0;
}

/* Lexing helpers */

static inline bool at(struct parser *P, char c)
{
	return P->p < P->end && *P->p == c;
}

static void skip_ws(struct parser *P)
{
	while (P->p < P->end && (*P->p == ' ' || *P->p == '\t'))
		P->p++;
}

static void newline_at(struct parser *P, const char *after)
{
	P->line++;
	P->line_start = after;
}

/* Consumes "\n" or "\r\n"; false when neither is at p. */
static bool eat_newline(struct parser *P)
{
	if (at(P, '\n')) {
		P->p++;
	} else if (at(P, '\r') && P->p + 1 < P->end && P->p[1] == '\n') {
		P->p += 2;
	} else {
		return false;
	}
	newline_at(P, P->p);
	return true;
}

static bool is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

/* Skips a comment at p (if any) up to, not including, the end of its line. */
static int skip_comment(struct parser *P)
{
	if (!at(P, '#'))
		return 0;
	for (P->p++; P->p < P->end; P->p++) {
		unsigned char c = (unsigned char)*P->p;

		if (c == '\n' || (c == '\r' && P->p + 1 < P->end && P->p[1] == '\n'))
			break;
		if (is_control(c))
			return perr(P, ERR_PARSE, P->p, "control character U+%04X in a comment", c);
	}
	return 0;
}

/* After a key/value or a header: white space, a comment, then a newline or the end. */
static int end_of_line(struct parser *P, const char *after)
{
	int r;

	skip_ws(P);
	if ((r = skip_comment(P)) < 0)
		return r;
	if (P->p >= P->end || eat_newline(P))
		return 0;
	return unexpected(P, P->p, after);
}

/* Checks that len bytes are UTF-8 as TOML wants (no surrogates, no overlongs). */
static const char *utf8_check(const char *data, size_t len)
{
	const unsigned char *s = (const unsigned char *)data, *e = s + len;

	while (s < e) {
		unsigned char c = *s;
		size_t n;
		unsigned char lo = 0x80, hi = 0xbf;

		if (c < 0x80) {
			s++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			if (c == 0xe0)
				lo = 0xa0;
			else if (c == 0xed)
				hi = 0x9f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			if (c == 0xf0)
				lo = 0x90;
			else if (c == 0xf4)
				hi = 0x8f;
		} else {
			return (const char *)s;
		}
		if ((size_t)(e - s) <= n || s[1] < lo || s[1] > hi)
			return (const char *)s;
		for (size_t i = 2; i <= n; i++)
			if ((s[i] & 0xc0) != 0x80)
				return (const char *)s;
		s += n + 1;
	}
	return NULL;
}

/* Strings */

static int sbuf_add(struct parser *P, const char *start, const void *p, size_t n)
{
	if (buf_add(&P->sbuf, p, n) < 0)
		return perr(P, ERR_TOOBIG, start, "string longer than %zu bytes",
		            P->lim.max_string);
	return 0;
}

/* An escape after the backslash at p; appends its UTF-8 to sbuf. */
static int escape(struct parser *P, const char *start)
{
	const char *bs = P->p;
	char out[4];
	size_t n = 1, digits = 0;
	uint32_t cp = 0;
	char tmp[16];

	if (P->p + 1 >= P->end)
		return perr(P, ERR_PARSE, start, "unterminated string");
	switch (P->p[1]) {
	case 'b':
		out[0] = '\b';
		break;
	case 't':
		out[0] = '\t';
		break;
	case 'n':
		out[0] = '\n';
		break;
	case 'f':
		out[0] = '\f';
		break;
	case 'r':
		out[0] = '\r';
		break;
	case '"':
		out[0] = '"';
		break;
	case '\\':
		out[0] = '\\';
		break;
	case 'u':
		digits = 4;
		break;
	case 'U':
		digits = 8;
		break;
	default:
		if (P->p[1] == ' ' || P->p[1] == '\t' || P->p[1] == '\n' || P->p[1] == '\r')
			return perr(P, ERR_PARSE, bs, "invalid escape: '\\' followed by %s",
			            what_at(P, P->p + 1, tmp));
		return perr(P, ERR_PARSE, bs, "invalid escape '\\%s'",
		            P->p[1] > 0x20 && P->p[1] < 0x7f ? (char[]){ P->p[1], 0 } : "?");
	}
	if (digits) {
		if ((size_t)(P->end - P->p) < 2 + digits)
			return perr(P, ERR_PARSE, bs, "unicode escape needs %zu hex digits",
			            digits);
		for (size_t i = 0; i < digits; i++) {
			int h = hex_value((unsigned char)P->p[2 + i]);

			if (h < 0)
				return perr(P, ERR_PARSE, bs, "unicode escape needs %zu hex digits",
				            digits);
			cp = cp << 4 | (uint32_t)h;
		}
		if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return perr(P, ERR_PARSE, bs,
			            "unicode escape is not a Unicode scalar value (U+%04" PRIX32
			            ")",
			            cp);
		if (cp < 0x80) {
			out[0] = (char)cp;
		} else if (cp < 0x800) {
			out[0] = (char)(0xc0 | cp >> 6);
			out[1] = (char)(0x80 | (cp & 0x3f));
			n = 2;
		} else if (cp < 0x10000) {
			out[0] = (char)(0xe0 | cp >> 12);
			out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
			out[2] = (char)(0x80 | (cp & 0x3f));
			n = 3;
		} else {
			out[0] = (char)(0xf0 | cp >> 18);
			out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
			out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
			out[3] = (char)(0x80 | (cp & 0x3f));
			n = 4;
		}
	}
	P->p += 2 + digits;
	return sbuf_add(P, start, out, n);
}

/*
 * A string of any of the four kinds at p, decoded into P->sbuf. Keys may
 * only be single-line strings (multi_ok false).
 */
static int parse_string(struct parser *P, bool multi_ok)
{
	const char *start = P->p;
	char q = *P->p;
	bool literal = q == '\'';
	bool multi = P->end - P->p >= 3 && P->p[1] == q && P->p[2] == q;
	int r;

	buf_reset(&P->sbuf);
	if (multi && !multi_ok)
		return perr(P, ERR_PARSE, start, "a key cannot be a multi-line string");
	if (multi) {
		P->p += 3;
		eat_newline(P); /* a newline right after the opening quotes is dropped */
	} else {
		P->p++;
	}
	for (;;) {
		const char *run = P->p;
		unsigned char c;

		/* a run of ordinary characters, copied at once */
		while (P->p < P->end) {
			c = (unsigned char)*P->p;
			if (c == (unsigned char)q || (c == '\\' && !literal) || c == '\n' ||
			    is_control(c))
				break;
			P->p++;
		}
		if (P->p > run && (r = sbuf_add(P, start, run, (size_t)(P->p - run))) < 0)
			return r;
		if (P->p >= P->end)
			return perr(P, ERR_PARSE, start, "unterminated string");
		c = (unsigned char)*P->p;
		if (c == (unsigned char)q) {
			size_t n = 0;

			if (!multi) {
				P->p++;
				return 0;
			}
			while (P->p + n < P->end && P->p[n] == q)
				n++;
			if (n < 3) {
				if ((r = sbuf_add(P, start, P->p, n)) < 0)
					return r;
				P->p += n;
				continue;
			}
			if (n > 5)
				return perr(P, ERR_PARSE, P->p + 5,
				            "too many quotes at the end of a multi-line string");
			if ((r = sbuf_add(P, start, P->p, n - 3)) < 0)
				return r;
			P->p += n;
			return 0;
		}
		if (c == '\\') {
			const char *q2 = P->p + 1;

			if (multi) {
				/* a backslash ending a line drops all white space and newlines after it */
				while (q2 < P->end && (*q2 == ' ' || *q2 == '\t'))
					q2++;
				if (q2 < P->end &&
				    (*q2 == '\n' ||
				     (*q2 == '\r' && q2 + 1 < P->end && q2[1] == '\n'))) {
					P->p = q2;
					for (;;) {
						skip_ws(P);
						if (!eat_newline(P))
							break;
					}
					continue;
				}
			}
			if ((r = escape(P, start)) < 0)
				return r;
			continue;
		}
		if (multi && (c == '\n' || (c == '\r' && P->p + 1 < P->end && P->p[1] == '\n'))) {
			/* newlines are kept as "\n" whatever the file uses */
			eat_newline(P);
			if ((r = sbuf_add(P, start, "\n", 1)) < 0)
				return r;
			continue;
		}
		if (c == '\n' || (c == '\r' && P->p + 1 < P->end && P->p[1] == '\n'))
			return perr(P, ERR_PARSE, P->p, "newline in a single-line string");
		return perr(P, ERR_PARSE, P->p, "control character U+%04X in a string", c);
	}
}

/* Keys */

static bool is_bare(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

static void key_clear(struct parser *P)
{
	P->nkey = 0;
}

/* A dotted key at p into P->key[0..nkey), leaving p after the white space that follows. */
static int parse_key(struct parser *P)
{
	int r;

	key_clear(P);
	for (;;) {
		struct keypart *k;
		const char *pos;

		skip_ws(P);
		pos = P->p;
		ALLOC_GROW(P->key, P->nkey + 1, P->keyalloc);
		P->key[P->nkey].at = here(P);
		if (P->nkey >= P->lim.max_depth)
			return perr(P, ERR_TOOBIG, pos, "key with more than %zu parts",
			            P->lim.max_depth);
		k = &P->key[P->nkey];
		if (at(P, '"') || at(P, '\'')) {
			if ((r = parse_string(P, false)) < 0)
				return r;
			k->s = arena_dupz(P->arena, P->sbuf.ptr, P->sbuf.len);
			k->len = P->sbuf.len;
		} else {
			while (P->p < P->end && is_bare((unsigned char)*P->p))
				P->p++;
			if (P->p == pos)
				return unexpected(P, pos, "a key");
			if ((size_t)(P->p - pos) > P->lim.max_string)
				return perr(P, ERR_TOOBIG, pos, "key longer than %zu bytes",
				            P->lim.max_string);
			k->s = arena_dupz(P->arena, pos, (size_t)(P->p - pos));
			k->len = (size_t)(P->p - pos);
		}
		P->nkey++;
		skip_ws(P);
		if (!at(P, '.'))
			return 0;
		P->p++;
	}
}

/* Values: scalars */

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool all_digits(const char *p, const char *end, size_t n)
{
	if ((size_t)(end - p) < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_digit((unsigned char)p[i]))
			return false;
	return true;
}

static int num2(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

static int days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 29;
	return d[m - 1];
}

/* The canonical text of dt. */
static void datetime_text(struct toml_datetime *dt)
{
	struct buf b = BUF_INIT_MAX(TOML_DATETIME_TEXT_MAX - 1);

	if (dt->parts & TOML_DT_DATE)
		buf_addf(&b, "%04d-%02d-%02d", dt->year, dt->month, dt->day);
	if ((dt->parts & TOML_DT_DATE) && (dt->parts & TOML_DT_TIME))
		buf_addch(&b, 'T');
	if (dt->parts & TOML_DT_TIME) {
		buf_addf(&b, "%02d:%02d:%02d", dt->hour, dt->minute, dt->second);
		if (dt->nanosecond) {
			char frac[10];
			int n = 9;

			snprintf(frac, sizeof(frac), "%09" PRId32, dt->nanosecond);
			while (n > 1 && frac[n - 1] == '0')
				n--;
			buf_addf(&b, ".%.*s", n, frac);
		}
	}
	if (dt->parts & TOML_DT_OFFSET) {
		int off = dt->offset_minutes;

		if (off == 0)
			buf_addch(&b, 'Z');
		else
			buf_addf(&b, "%c%02d:%02d", off < 0 ? '-' : '+', abs(off) / 60,
			         abs(off) % 60);
	}
	memcpy(dt->text, b.ptr, b.len + 1);
	buf_release(&b);
}

/* HH:MM:SS[.frac] at p (already known to start with "DD:"). */
static int parse_time(struct parser *P, struct toml_datetime *dt, const char *start)
{
	const char *p = P->p;

	if (!all_digits(p, P->end, 2) || P->end - p < 8 || p[2] != ':' ||
	    !all_digits(p + 3, P->end, 2) || p[5] != ':' || !all_digits(p + 6, P->end, 2))
		return perr(P, ERR_PARSE, start, "invalid time: expected HH:MM:SS");
	dt->hour = num2(p);
	dt->minute = num2(p + 3);
	dt->second = num2(p + 6);
	if (dt->hour > 23 || dt->minute > 59 || dt->second > 60)
		return perr(P, ERR_PARSE, start, "invalid time: %.8s is out of range", p);
	p += 8;
	if (p < P->end && *p == '.') {
		int32_t ns = 0;
		int n = 0;

		p++;
		if (p >= P->end || !is_digit((unsigned char)*p))
			return perr(P, ERR_PARSE, start, "invalid time: no digits after '.'");
		for (; p < P->end && is_digit((unsigned char)*p); p++) {
			/* digits past nanoseconds are truncated, as the spec asks */
			if (n < 9) {
				ns = ns * 10 + (*p - '0');
				n++;
			}
		}
		for (; n < 9; n++)
			ns *= 10;
		dt->nanosecond = ns;
	}
	dt->parts |= TOML_DT_TIME;
	P->p = p;
	return 0;
}

static int parse_datetime(struct parser *P, struct toml_value **out, const struct loc *l,
                          size_t depth)
{
	const char *start = P->p, *p = P->p;
	struct toml_datetime dt = { 0 };
	enum toml_kind kind;
	int r;

	if (all_digits(p, P->end, 4) && P->end - p > 4 && p[4] == '-') {
		if (P->end - p < 10 || p[7] != '-' || !all_digits(p + 5, P->end, 2) ||
		    !all_digits(p + 8, P->end, 2))
			return perr(P, ERR_PARSE, start, "invalid date: expected YYYY-MM-DD");
		dt.year = num2(p) * 100 + num2(p + 2);
		dt.month = num2(p + 5);
		dt.day = num2(p + 8);
		if (dt.month < 1 || dt.month > 12 || dt.day < 1 ||
		    dt.day > days_in_month(dt.year, dt.month))
			return perr(P, ERR_PARSE, start, "invalid date: %.10s does not exist", p);
		dt.parts = TOML_DT_DATE;
		p += 10;
		P->p = p;
		if (p < P->end && (*p == 'T' || *p == 't' ||
		                   (*p == ' ' && P->end - p > 2 && is_digit((unsigned char)p[1]) &&
		                    is_digit((unsigned char)p[2])))) {
			P->p = p + 1;
			if ((r = parse_time(P, &dt, start)) < 0)
				return r;
			p = P->p;
			if (p < P->end && (*p == 'Z' || *p == 'z')) {
				dt.parts |= TOML_DT_OFFSET;
				P->p = p + 1;
			} else if (p < P->end && (*p == '+' || *p == '-')) {
				int h, m;

				if (P->end - p < 6 || !all_digits(p + 1, P->end, 2) ||
				    p[3] != ':' || !all_digits(p + 4, P->end, 2))
					return perr(P, ERR_PARSE, start,
					            "invalid offset: expected +HH:MM or -HH:MM");
				h = num2(p + 1);
				m = num2(p + 4);
				if (h > 23 || m > 59)
					return perr(P, ERR_PARSE, start,
					            "invalid offset: %.6s is out of range", p);
				dt.offset_minutes = (*p == '-' ? -1 : 1) * (h * 60 + m);
				dt.parts |= TOML_DT_OFFSET;
				P->p = p + 6;
			}
		}
	} else {
		if ((r = parse_time(P, &dt, start)) < 0)
			return r;
	}
	switch (dt.parts) {
	case TOML_DT_DATE | TOML_DT_TIME | TOML_DT_OFFSET:
		kind = TOML_DATETIME;
		break;
	case TOML_DT_DATE | TOML_DT_TIME:
		kind = TOML_DATETIME_LOCAL;
		break;
	case TOML_DT_DATE:
		kind = TOML_DATE_LOCAL;
		break;
	default:
		kind = TOML_TIME_LOCAL;
		break;
	}
	if ((r = new_value(out, P, kind, l, depth)) < 0)
		return r;
	datetime_text(&dt);
	(*out)->u.dt = arena_alloc(P->arena, sizeof(dt));
	*(*out)->u.dt = dt;
	return 0;
}

/* Digits with single underscores between them; returns the end or NULL when malformed. */
static const char *digit_run(const char *p, const char *end, int (*val)(int))
{
	if (p >= end || val((unsigned char)*p) < 0)
		return NULL;
	for (p++; p < end; p++) {
		if (*p == '_') {
			if (p + 1 >= end || val((unsigned char)p[1]) < 0)
				return NULL;
		} else if (val((unsigned char)*p) < 0) {
			break;
		}
	}
	return p;
}

static int dec_val(int c)
{
	return is_digit(c) ? c - '0' : -1;
}

static int oct_val(int c)
{
	return c >= '0' && c <= '7' ? c - '0' : -1;
}

static int bin_val(int c)
{
	return c == '0' || c == '1' ? c - '0' : -1;
}

/* Integers and floats: the token [s, e) holds only [A-Za-z0-9_.+-]. */
static int parse_number(struct parser *P, struct toml_value **out, const struct loc *l,
                        const char *e, size_t depth)
{
	const char *s = l->pos, *p = s, *ip, *ie, *q;
	bool neg = false, is_float = false;
	char tmp[16];
	int r;

	if (*p == '+' || *p == '-') {
		neg = *p == '-';
		p++;
	}
	if (e - p == 3 && (!memcmp(p, "inf", 3) || !memcmp(p, "nan", 3))) {
		if ((r = new_value(out, P, TOML_FLOAT, l, depth)) < 0)
			return r;
		(*out)->u.f = p[0] == 'i' ? (neg ? -INFINITY : INFINITY) : (neg ? -NAN : NAN);
		return 0;
	}
	if (p == s && e - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'o' || p[1] == 'b')) {
		int (*val)(int) = p[1] == 'x' ? hex_value : p[1] == 'o' ? oct_val : bin_val;
		unsigned shift = p[1] == 'x' ? 4 : p[1] == 'o' ? 3 : 1;
		uint64_t v = 0;

		q = digit_run(p + 2, e, val);
		if (!q || q != e)
			return perr(P, ERR_PARSE, s, "invalid %s integer",
			            p[1] == 'x'   ? "hexadecimal"
			            : p[1] == 'o' ? "octal"
			                          : "binary");
		for (q = p + 2; q < e; q++) {
			if (*q == '_')
				continue;
			if (v > (uint64_t)INT64_MAX >> shift)
				return perr(P, ERR_PARSE, s, "integer out of range (64 bits)");
			v = v << shift | (uint64_t)val((unsigned char)*q);
		}
		if ((r = new_value(out, P, TOML_INTEGER, l, depth)) < 0)
			return r;
		(*out)->u.i = (int64_t)v;
		return 0;
	}
	ip = p;
	ie = digit_run(p, e, dec_val);
	if (!ie)
		return perr(P, ERR_PARSE, s, "invalid number");
	if (*ip == '0' && ie - ip > 1)
		return perr(P, ERR_PARSE, s, "invalid number: leading zeros are not allowed");
	p = ie;
	if (p < e && *p == '.') {
		is_float = true;
		p = digit_run(p + 1, e, dec_val);
		if (!p)
			return perr(P, ERR_PARSE, s, "invalid float: expected digits after '.'");
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		is_float = true;
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			p++;
		p = digit_run(p, e, dec_val);
		if (!p)
			return perr(P, ERR_PARSE, s, "invalid float: expected digits in exponent");
	}
	if (p != e)
		return perr(P, ERR_PARSE, p, "invalid number: unexpected %s", what_at(P, p, tmp));
	if (!is_float) {
		uint64_t v = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;

		for (q = ip; q < ie; q++) {
			unsigned d;

			if (*q == '_')
				continue;
			d = (unsigned)(*q - '0');
			if (v > (lim - d) / 10)
				return perr(P, ERR_PARSE, s, "integer out of range (64 bits)");
			v = v * 10 + d;
		}
		if ((r = new_value(out, P, TOML_INTEGER, l, depth)) < 0)
			return r;
		(*out)->u.i = neg ? (int64_t)(0 - v) : (int64_t)v;
		return 0;
	} else {
		/* strtod on a copy without underscores, in the C locale */
		size_t n = (size_t)(e - s), k = 0;
		char small[128], *c = n < sizeof(small) ? small : xmalloc(n + 1);
		char *endp;
		double d;

		for (q = s; q < e; q++)
			if (*q != '_')
				c[k++] = *q;
		c[k] = '\0';
		errno = 0;
		d = c_locale ? strtod_l(c, &endp, c_locale) : strtod(c, &endp);
		r = errno == ERANGE && isinf(d);
		if (c != small)
			free(c);
		if (r)
			return perr(P, ERR_PARSE, s, "float out of range");
		if ((r = new_value(out, P, TOML_FLOAT, l, depth)) < 0)
			return r;
		(*out)->u.f = d;
		return 0;
	}
}

static bool is_token_char(unsigned char c)
{
	return is_bare(c) || c == '.' || c == '+';
}

static int parse_value(struct parser *P, struct toml_value **out, size_t depth);

static int parse_scalar(struct parser *P, struct toml_value **out, const struct loc *l,
                        size_t depth)
{
	const char *s = P->p, *e = P->p;
	int r;

	if ((all_digits(s, P->end, 4) && P->end - s > 4 && s[4] == '-') ||
	    (all_digits(s, P->end, 2) && P->end - s > 2 && s[2] == ':'))
		return parse_datetime(P, out, l, depth);
	while (e < P->end && is_token_char((unsigned char)*e))
		e++;
	if (e == s)
		return unexpected(P, s, "a value");
	P->p = e;
	if ((e - s == 4 && !memcmp(s, "true", 4)) || (e - s == 5 && !memcmp(s, "false", 5))) {
		if ((r = new_value(out, P, TOML_BOOLEAN, l, depth)) < 0)
			return r;
		(*out)->u.b = *s == 't';
		return 0;
	}
	if (!is_digit((unsigned char)*s) && *s != '+' && *s != '-' && *s != 'i' && *s != 'n')
		return perr(P, ERR_PARSE, s, "invalid value '%.*s'", (int)(e - s > 20 ? 20 : e - s),
		            s);
	return parse_number(P, out, l, e, depth);
}

/* Values: containers */

/* White space, newlines and comments, as allowed between array elements. */
static int skip_array_space(struct parser *P)
{
	int r;

	for (;;) {
		skip_ws(P);
		if ((r = skip_comment(P)) < 0)
			return r;
		if (!eat_newline(P))
			return 0;
	}
}

static int parse_array(struct parser *P, struct toml_value **out, const struct loc *l, size_t depth)
{
	const char *start = P->p;
	struct toml_value *a = NULL, *v = NULL;
	int r;

	if ((r = new_value(&a, P, TOML_ARRAY, l, depth)) < 0)
		return r;
	P->p++;
	for (;;) {
		if ((r = skip_array_space(P)) < 0)
			goto done;
		if (at(P, ']'))
			break;
		if (P->p >= P->end) {
			r = perr(P, ERR_PARSE, start, "unterminated array");
			goto done;
		}
		if ((r = parse_value(P, &v, depth + 1)) < 0)
			goto done;
		array_push(P, a, v);
		if ((r = skip_array_space(P)) < 0)
			goto done;
		if (at(P, ','))
			P->p++;
		else if (at(P, ']'))
			break;
		else if (P->p >= P->end) {
			r = perr(P, ERR_PARSE, start, "unterminated array");
			goto done;
		} else {
			r = unexpected(P, P->p, "',' or ']' in an array");
			goto done;
		}
	}
	P->p++;
	*out = a;
	r = 0;
done:
	return r;
}

static int parse_keyval(struct parser *P, struct toml_value *table);

static int parse_inline_table(struct parser *P, struct toml_value **out, const struct loc *l,
                              size_t depth)
{
	const char *start = P->p;
	struct toml_value *t = NULL, *saved_cur = P->cur;
	uint32_t saved_section = P->section;
	int r;

	if ((r = new_value(&t, P, TOML_TABLE, l, depth)) < 0)
		return r;
	t->state = T_INLINE;
	P->section = ++P->sections;
	P->p++;
	skip_ws(P);
	if (at(P, '}'))
		goto close;
	for (;;) {
		if (at(P, '\n') || at(P, '\r')) {
			r = perr(P, ERR_PARSE, P->p,
			         "newline in an inline table (TOML 1.0 allows none)");
			goto done;
		}
		if ((r = parse_keyval(P, t)) < 0)
			goto done;
		skip_ws(P);
		if (at(P, '}'))
			break;
		if (!at(P, ',')) {
			if (P->p >= P->end)
				r = perr(P, ERR_PARSE, start, "unterminated inline table");
			else if (*P->p == '\n' || *P->p == '\r')
				r = perr(P, ERR_PARSE, P->p,
				         "newline in an inline table (TOML 1.0 allows none)");
			else
				r = unexpected(P, P->p, "',' or '}' in an inline table");
			goto done;
		}
		P->p++;
		skip_ws(P);
		if (at(P, '}')) {
			r = perr(P, ERR_PARSE, P->p, "trailing comma in an inline table");
			goto done;
		}
	}
close:
	P->p++;
	*out = t;
	r = 0;
done:
	P->section = saved_section;
	P->cur = saved_cur;
	return r;
}

static int parse_value(struct parser *P, struct toml_value **out, size_t depth)
{
	struct loc l;
	int r;

	if (P->p >= P->end)
		return unexpected(P, P->p, "a value");
	l = here(P);
	switch (*P->p) {
	case '"':
	case '\'': {
		struct toml_value *v;

		/* the value first, so that its place is taken before the string's lines */
		if ((r = new_value(&v, P, TOML_STRING, &l, depth)) < 0)
			return r;
		if ((r = parse_string(P, true)) < 0)
			return r;
		*out = v;
		(*out)->u.str.len = P->sbuf.len;
		(*out)->u.str.ptr = arena_dupz(P->arena, P->sbuf.ptr, P->sbuf.len);
		return 0;
	}
	case '[':
		return parse_array(P, out, &l, depth);
	case '{':
		return parse_inline_table(P, out, &l, depth);
	default:
		return parse_scalar(P, out, &l, depth);
	}
}

/* Tables and the redefinition rules */

static int new_table(struct parser *P, struct toml_value **out, struct toml_value *parent,
                     struct keypart *k, enum table_state state)
{
	struct toml_value *t = NULL;
	int r;

	if ((r = new_value(&t, P, TOML_TABLE, &k->at, (size_t)parent->depth + 1)) < 0)
		return r;
	t->state = (uint8_t)state;
	t->section = P->section;
	if ((r = table_add(P, parent, k, t)) < 0)
		return r;
	*out = t;
	return 0;
}

/* The part of a dotted key at k, inside t: created, or entered when allowed. */
static int dotted_step(struct parser *P, struct toml_value **t, struct keypart *k)
{
	struct toml_kv *kv = table_find(*t, k->s, k->len);
	struct toml_value *v;
	struct buf kb = BUF_INIT;
	int r = 0;

	if (!kv)
		return new_table(P, t, *t, k, T_DOTTED);
	v = kv->value;
	if (v->kind != TOML_TABLE) {
		r = perr(P, ERR_PARSE, k->at.pos,
		         "key %s is already defined as %s (line %" PRIu32 ")",
		         show_key(&kb, k->s, k->len), a_kind(v->kind), v->line);
	} else if (v->state == T_INLINE) {
		r = perr(P, ERR_PARSE, k->at.pos, "cannot add keys to inline table %s",
		         show_key(&kb, k->s, k->len));
	} else if (v->state == T_HEADER || (v->state == T_DOTTED && v->section != P->section)) {
		r = perr(P, ERR_PARSE, k->at.pos,
		         "table %s is defined elsewhere and cannot be extended by a dotted key",
		         show_key(&kb, k->s, k->len));
	} else {
		if (v->state == T_IMPLICIT) {
			v->state = T_DOTTED;
			v->section = P->section;
		}
		*t = v;
	}
	buf_release(&kb);
	return r;
}

/* key = value into table, p at the key. */
static int parse_keyval(struct parser *P, struct toml_value *table)
{
	struct toml_value *t = table, *v = NULL;
	struct keypart *last;
	struct buf kb = BUF_INIT;
	int r;

	if ((r = parse_key(P)) < 0)
		return r;
	if (!at(P, '=')) {
		r = unexpected(P, P->p, "'=' after a key");
		goto done;
	}
	P->p++;
	skip_ws(P);
	for (size_t i = 0; i + 1 < P->nkey; i++)
		if ((r = dotted_step(P, &t, &P->key[i])) < 0)
			goto done;
	last = &P->key[P->nkey - 1];
	if (table_find(t, last->s, last->len)) {
		r = perr(P, ERR_PARSE, last->at.pos,
		         "key %s is defined twice (first on line %" PRIu32 ")",
		         show_key(&kb, last->s, last->len),
		         table_find(t, last->s, last->len)->line);
		goto done;
	}
	/* parse_value may reuse P->key (inline tables): keep the last part aside */
	{
		struct keypart k = *last;

		r = parse_value(P, &v, (size_t)t->depth + 1);
		if (r == 0)
			r = table_add(P, t, &k, v);
	}
done:
	buf_release(&kb);
	return r;
}

/* [a.b.c] or [[a.b.c]], p at the first '['. */
static int parse_header(struct parser *P)
{
	const char *start = P->p;
	struct loc hl = here(P);
	bool aot = P->p + 1 < P->end && P->p[1] == '[';
	struct toml_value *t = P->root, *v;
	struct toml_kv *kv;
	struct keypart *last;
	struct buf kb = BUF_INIT;
	int r;

	P->p += aot ? 2 : 1;
	if ((r = parse_key(P)) < 0)
		goto done;
	if (!at(P, ']') || (aot && (P->p + 1 >= P->end || P->p[1] != ']'))) {
		r = unexpected(P, P->p, aot ? "']]' to end the header" : "']' to end the header");
		goto done;
	}
	P->p += aot ? 2 : 1;
	P->section = ++P->sections;
	for (size_t i = 0; i + 1 < P->nkey; i++) {
		struct keypart *k = &P->key[i];

		kv = table_find(t, k->s, k->len);
		if (!kv) {
			if ((r = new_table(P, &t, t, k, T_IMPLICIT)) < 0)
				goto done;
			continue;
		}
		v = kv->value;
		if (v->kind == TOML_ARRAY && (v->flags & F_AOT)) {
			t = v->u.arr.items[v->u.arr.len - 1];
		} else if (v->kind == TOML_TABLE && v->state != T_INLINE) {
			t = v;
		} else {
			r = perr(P, ERR_PARSE, k->at.pos,
			         "key %s is %s, not a table that can be extended",
			         show_key(&kb, k->s, k->len),
			         v->kind == TOML_TABLE   ? "an inline table"
			         : v->kind == TOML_ARRAY ? "an array"
			                                 : "a value");
			goto done;
		}
	}
	last = &P->key[P->nkey - 1];
	kv = table_find(t, last->s, last->len);
	if (aot) {
		struct toml_value *a, *elem;

		if (!kv) {
			if ((r = new_value(&a, P, TOML_ARRAY, &hl, (size_t)t->depth + 1)) < 0)
				goto done;
			a->flags |= F_AOT;
			if ((r = table_add(P, t, last, a)) < 0)
				goto done;
		} else if (kv->value->kind == TOML_ARRAY && (kv->value->flags & F_AOT)) {
			a = kv->value;
		} else {
			r = perr(P, ERR_PARSE, start,
			         "cannot define %s as an array of tables: it is %s (line %" PRIu32
			         ")",
			         show_key(&kb, last->s, last->len),
			         kv->value->kind == TOML_ARRAY ? "a static array"
			                                       : a_kind(kv->value->kind),
			         kv->value->line);
			goto done;
		}
		if ((r = new_value(&elem, P, TOML_TABLE, &hl, (size_t)a->depth + 1)) < 0)
			goto done;
		elem->state = T_HEADER;
		elem->section = P->section;
		array_push(P, a, elem);
		P->cur = elem;
	} else {
		if (!kv) {
			if ((r = new_table(P, &t, t, last, T_HEADER)) < 0)
				goto done;
			t->line = hl.line;
			t->col = hl.col;
		} else if (kv->value->kind == TOML_TABLE && kv->value->state == T_IMPLICIT) {
			t = kv->value;
			t->state = T_HEADER;
			t->line = hl.line;
			t->col = hl.col;
		} else {
			const struct toml_value *o = kv->value;
			const char *why = "it is already defined";

			if (o->kind == TOML_TABLE && o->state == T_DOTTED)
				why = "it is already defined by dotted keys";
			else if (o->kind == TOML_TABLE && o->state == T_INLINE)
				why = "it is an inline table";
			else if (o->kind != TOML_TABLE)
				why = a_kind(o->kind);
			r = perr(P, ERR_PARSE, start,
			         "cannot define table %s: %s%s (line %" PRIu32 ")",
			         show_key(&kb, last->s, last->len),
			         o->kind == TOML_TABLE ? "" : "it is ", why, o->line);
			goto done;
		}
		P->cur = t;
	}
	r = 0;
done:
	buf_release(&kb);
	return r;
}

/* The document */

static int parse_document(struct parser *P)
{
	int r;

	/* a byte order mark may start the document */
	if (P->end - P->p >= 3 && !memcmp(P->p, "\xef\xbb\xbf", 3))
		P->p += 3;
	while (P->p < P->end) {
		skip_ws(P);
		if (P->p >= P->end)
			break;
		if (eat_newline(P))
			continue;
		if (at(P, '#')) {
			if ((r = end_of_line(P, "a newline")) < 0)
				return r;
			continue;
		}
		if (at(P, '[')) {
			if ((r = parse_header(P)) < 0)
				return r;
			if ((r = end_of_line(P, "a newline after the table header")) < 0)
				return r;
			continue;
		}
		if ((r = parse_keyval(P, P->cur)) < 0)
			return r;
		if ((r = end_of_line(P, "a newline after the value")) < 0)
			return r;
	}
	return 0;
}

static size_t lim_or(size_t v, size_t def)
{
	return v ? v : def;
}

int toml_parse_limits(struct toml_value **out, const char *data, size_t len, const char *name,
                      const struct toml_limits *limits)
{
	struct parser P = { 0 };
	struct toml_doc *doc = NULL;
	struct toml_value *root;
	const char *bad;
	int r;

	pthread_once(&hash_once, toml_once);
	if (!name)
		name = "(toml)";
	P.lim.max_size = lim_or(limits ? limits->max_size : 0, TOML_MAX_SIZE);
	P.lim.max_depth = lim_or(limits ? limits->max_depth : 0, TOML_MAX_DEPTH);
	P.lim.max_values = lim_or(limits ? limits->max_values : 0, TOML_MAX_VALUES);
	P.lim.max_string = lim_or(limits ? limits->max_string : 0, TOML_MAX_STRING);
	if (P.lim.max_depth > TOML_DEPTH_HARD)
		P.lim.max_depth = TOML_DEPTH_HARD;
	if (P.lim.max_values > UINT32_MAX / 2)
		P.lim.max_values = UINT32_MAX / 2;
	if (len > P.lim.max_size)
		return err_set(ERR_TOOBIG, "%s: larger than %zu bytes", name, P.lim.max_size);
	doc = xcalloc(1, sizeof(*doc));
	doc->root.flags = F_ROOT;
	P.arena = &doc->arena;
	P.data = P.p = P.line_start = data ? data : "";
	P.end = P.data + len;
	P.line = 1;
	P.name = arena_dupz(P.arena, name, strlen(name));
	buf_init(&P.sbuf, P.lim.max_string);
	buf_init(&P.msg, 4096);

	if ((bad = utf8_check(P.data, len)) != NULL) {
		r = perr(&P, ERR_PARSE, bad, "invalid UTF-8");
		goto done;
	}
	root = &doc->root;
	root->kind = TOML_TABLE;
	root->name = P.name;
	root->state = T_ROOT;
	P.root = P.cur = root;
	P.nvalues = 1;
	if ((r = parse_document(&P)) < 0)
		goto done;
	*out = root;
	doc = NULL;
done:
	if (doc)
		toml_free(&doc->root);
	free(P.key);
	buf_release(&P.sbuf);
	buf_release(&P.msg);
	return r;
}

int toml_parse(struct toml_value **out, const char *data, size_t len, const char *name)
{
	return toml_parse_limits(out, data, len, name, NULL);
}

int toml_load_file(struct toml_value **out, const char *path, size_t max)
{
	struct buf b = BUF_INIT_MAX(max ? max : TOML_MAX_SIZE);
	struct toml_limits lim = { .max_size = max };
	int r = buf_read_file(&b, path);

	if (r == 0)
		r = toml_parse_limits(out, b.ptr, b.len, path, &lim);
	buf_release(&b);
	return r;
}

/* Lookups */

const char *toml_kind_name(enum toml_kind kind)
{
	switch (kind) {
	case TOML_STRING:
		return "string";
	case TOML_INTEGER:
		return "integer";
	case TOML_FLOAT:
		return "float";
	case TOML_BOOLEAN:
		return "boolean";
	case TOML_DATETIME:
		return "offset date-time";
	case TOML_DATETIME_LOCAL:
		return "local date-time";
	case TOML_DATE_LOCAL:
		return "local date";
	case TOML_TIME_LOCAL:
		return "local time";
	case TOML_ARRAY:
		return "array";
	case TOML_TABLE:
		return "table";
	}
	return "unknown";
}

const struct toml_value *toml_getn(const struct toml_value *t, const char *key, size_t keylen)
{
	const struct toml_kv *kv;

	if (!t || t->kind != TOML_TABLE || !key)
		return NULL;
	kv = table_find(t, key, keylen);
	return kv ? kv->value : NULL;
}

const struct toml_value *toml_get(const struct toml_value *t, const char *key)
{
	return key ? toml_getn(t, key, strlen(key)) : NULL;
}

const struct toml_value *toml_get_path(const struct toml_value *t, const char *const *keys,
                                       size_t n)
{
	for (size_t i = 0; i < n && t; i++)
		t = toml_get(t, keys[i]);
	return t;
}

size_t toml_array_len(const struct toml_value *a)
{
	return a && a->kind == TOML_ARRAY ? a->u.arr.len : 0;
}

const struct toml_value *toml_array_at(const struct toml_value *a, size_t i)
{
	return i < toml_array_len(a) ? a->u.arr.items[i] : NULL;
}

size_t toml_table_len(const struct toml_value *t)
{
	return t && t->kind == TOML_TABLE ? t->u.tab.len : 0;
}

const struct toml_kv *toml_table_at(const struct toml_value *t, size_t i)
{
	return i < toml_table_len(t) ? &t->u.tab.items[i] : NULL;
}

const char *toml_strval(const struct toml_value *v)
{
	if (!v || v->kind != TOML_STRING || memchr(v->u.str.ptr, '\0', v->u.str.len))
		return NULL;
	return v->u.str.ptr;
}

const char *toml_str(const struct toml_value *t, const char *key)
{
	return toml_strval(toml_get(t, key));
}

/* Typed access */

static int wrong_kind(const struct toml_value *v, const char *what, const char *want)
{
	return err_set(ERR_PARSE, "%s:%" PRIu32 ": '%s' must be %s, not %s", v->name, v->line, what,
	               want, a_kind(v->kind));
}

static int missing(const struct toml_value *t, const char *what)
{
	if (!t)
		return err_set(ERR_NOTFOUND, "missing '%s'", what);
	if (t->kind != TOML_TABLE)
		return err_set(ERR_NOTFOUND, "%s:%" PRIu32 ": missing '%s' (not in a table)",
		               t->name, t->line, what);
	if (t->line == 0)
		return err_set(ERR_NOTFOUND, "%s: missing '%s'", t->name, what);
	return err_set(ERR_NOTFOUND, "%s:%" PRIu32 ": missing '%s'", t->name, t->line, what);
}

int toml_as_stringn(const char **out, size_t *len_out, const struct toml_value *v, const char *what)
{
	if (!v)
		return err_set(ERR_NOTFOUND, "missing '%s'", what);
	if (v->kind != TOML_STRING)
		return wrong_kind(v, what, "a string");
	*out = v->u.str.ptr;
	if (len_out)
		*len_out = v->u.str.len;
	return 0;
}

int toml_as_string(const char **out, const struct toml_value *v, const char *what)
{
	const char *s = NULL;
	size_t n = 0;
	int r = toml_as_stringn(&s, &n, v, what);

	if (r < 0)
		return r;
	if (memchr(s, '\0', n))
		return err_set(ERR_PARSE, "%s:%" PRIu32 ": '%s' must not contain U+0000", v->name,
		               v->line, what);
	*out = s;
	return 0;
}

int toml_as_int(int64_t *out, const struct toml_value *v, const char *what)
{
	if (!v)
		return err_set(ERR_NOTFOUND, "missing '%s'", what);
	if (v->kind != TOML_INTEGER)
		return wrong_kind(v, what, "an integer");
	*out = v->u.i;
	return 0;
}

int toml_as_float(double *out, const struct toml_value *v, const char *what)
{
	if (!v)
		return err_set(ERR_NOTFOUND, "missing '%s'", what);
	if (v->kind == TOML_INTEGER)
		*out = (double)v->u.i;
	else if (v->kind == TOML_FLOAT)
		*out = v->u.f;
	else
		return wrong_kind(v, what, "a number");
	return 0;
}

int toml_as_bool(bool *out, const struct toml_value *v, const char *what)
{
	if (!v)
		return err_set(ERR_NOTFOUND, "missing '%s'", what);
	if (v->kind != TOML_BOOLEAN)
		return wrong_kind(v, what, "a boolean");
	*out = v->u.b;
	return 0;
}

int toml_as_datetime(const struct toml_datetime **out, const struct toml_value *v, const char *what,
                     unsigned kinds)
{
	unsigned any = TOML_KIND_BIT(TOML_DATETIME) | TOML_KIND_BIT(TOML_DATETIME_LOCAL) |
	               TOML_KIND_BIT(TOML_DATE_LOCAL) | TOML_KIND_BIT(TOML_TIME_LOCAL);

	if (!v)
		return err_set(ERR_NOTFOUND, "missing '%s'", what);
	if (!kinds)
		kinds = any;
	if (!(kinds & any & TOML_KIND_BIT(v->kind))) {
		struct buf want = BUF_INIT;
		int r;
		bool first = true;

		for (int k = TOML_DATETIME; k <= TOML_TIME_LOCAL; k++) {
			if (!(kinds & TOML_KIND_BIT(k)))
				continue;
			buf_addf(&want, "%s%s %s", first ? "" : " or ",
			         k == TOML_DATETIME ? "an" : "a", toml_kind_name(k));
			first = false;
		}
		r = wrong_kind(v, what, want.ptr);
		buf_release(&want);
		return r;
	}
	*out = v->u.dt;
	return 0;
}

int toml_as_table(const struct toml_value **out, const struct toml_value *v, const char *what)
{
	if (!v)
		return err_set(ERR_NOTFOUND, "missing '%s'", what);
	if (v->kind != TOML_TABLE)
		return wrong_kind(v, what, "a table");
	*out = v;
	return 0;
}

int toml_as_array(const struct toml_value **out, const struct toml_value *v, const char *what)
{
	if (!v)
		return err_set(ERR_NOTFOUND, "missing '%s'", what);
	if (v->kind != TOML_ARRAY)
		return wrong_kind(v, what, "an array");
	*out = v;
	return 0;
}

#define GETTER_BODY(as_call)                                                                       \
	const struct toml_value *v = toml_get(t, key);                                             \
	if (!v)                                                                                    \
		return missing(t, key);                                                            \
	return as_call

int toml_get_string(const char **out, const struct toml_value *t, const char *key)
{
	GETTER_BODY(toml_as_string(out, v, key));
}

int toml_get_int(int64_t *out, const struct toml_value *t, const char *key)
{
	GETTER_BODY(toml_as_int(out, v, key));
}

int toml_get_float(double *out, const struct toml_value *t, const char *key)
{
	GETTER_BODY(toml_as_float(out, v, key));
}

int toml_get_bool(bool *out, const struct toml_value *t, const char *key)
{
	GETTER_BODY(toml_as_bool(out, v, key));
}

int toml_get_datetime(const struct toml_datetime **out, const struct toml_value *t, const char *key,
                      unsigned kinds)
{
	GETTER_BODY(toml_as_datetime(out, v, key, kinds));
}

int toml_get_table(const struct toml_value **out, const struct toml_value *t, const char *key)
{
	GETTER_BODY(toml_as_table(out, v, key));
}

int toml_get_array(const struct toml_value **out, const struct toml_value *t, const char *key)
{
	GETTER_BODY(toml_as_array(out, v, key));
}

int toml_check_keys(const struct toml_value *t, const char *const *known, const char *where)
{
	for (size_t i = 0; i < toml_table_len(t); i++) {
		const struct toml_kv *kv = toml_table_at(t, i);
		bool ok = false;

		for (size_t k = 0; known[k]; k++)
			ok |= !strcmp(kv->key, known[k]);
		if (!ok)
			return err_set(ERR_PARSE, "%s:%u: unknown key '%s' in %s", t->name,
			               kv->line, kv->key, where);
	}
	return 0;
}
