/*
 * langkit.c: helpers shared by the language extractors.
 */
#include "util/compat.h"
#include "core/inventory/langkit.h"
#include "core/formats/purl.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/json.h"
#include "util/num.h"
#include "util/toml.h"

#include <ctype.h>

static size_t count_lines(const char *p, size_t n)
{
	size_t c = 0;
	const char *e = p + n;

	while (p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		c++;
		p++;
	}
	return c;
}

static size_t skip_ws(const char *d, size_t len, size_t i)
{
	while (i < len && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r'))
		i++;
	return i;
}

size_t jpos_find(struct jpos *jp, const char *key, const char *value)
{
	struct buf k = BUF_INIT, v = BUF_INIT;
	size_t i = jp->off, found = 0;

	if (json_quote(&k, key, strlen(key)) < 0 ||
	    (value && json_quote(&v, value, strlen(value)) < 0))
		goto done;
	while (i < jp->len) {
		const char *m = memmem(jp->data + i, jp->len - i, k.ptr, k.len);
		size_t at, j;

		if (!m)
			break;
		at = (size_t)(m - jp->data);
		j = skip_ws(jp->data, jp->len, at + k.len);
		i = at + 1;
		if (j >= jp->len || jp->data[j] != ':')
			continue;
		j = skip_ws(jp->data, jp->len, j + 1);
		if (value && (jp->len - j < v.len || memcmp(jp->data + j, v.ptr, v.len)))
			continue;
		jp->line += count_lines(jp->data + jp->off, at - jp->off);
		jp->off = at;
		found = jp->line;
		/* step past the key so that the next search finds the next one */
		jp->line += count_lines(jp->data + at, k.len);
		jp->off = at + k.len;
		break;
	}
done:
	buf_release(&k);
	buf_release(&v);
	return found;
}

void pkg_set_loc_path(struct pkg *p, const char *path)
{
	if (!p || !p->nlocs)
		return;
	p->locs[0].path = inventory_intern(p->inv, path);
}

int langkit_purl(struct buf *out, const char *type, const char *namespace, const char *name,
                 const char *version)
{
	return purl_build(out, type, namespace, name, version, NULL, 0, NULL);
}

bool langkit_is_hex(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* Reports the current parse error, whose message is ":LINE:COLUMN: what". */
static int parse_error(struct extract_ctx *ctx, const char *format)
{
	const char *m = err_msg(), *c1, *c2;
	uint64_t line = 0;

	c1 = m[0] == ':' ? strchr(m + 1, ':') : NULL;
	c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	if (c1 && c2 && num_parse_u64(&line, m + 1, (size_t)(c1 - m - 1), SIZE_MAX, 0) == 0)
		return extract_error(ctx, (size_t)line, "not valid %s (column %.*s):%s", format,
		                     (int)(c2 - c1 - 1), c1 + 1, c2 + 1);
	return extract_error(ctx, 0, "not valid %s: %s", format, m);
}

int langkit_json(struct extract_ctx *ctx, const char *data, size_t len, struct json_t **out)
{
	size_t i = 0;

	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
		i++;
	if (i == len)
		return extract_error(ctx, 0, "empty file");
	if (vjson_parse(out, data, len, "") == 0)
		return 0;
	return parse_error(ctx, "JSON");
}

int langkit_toml(struct extract_ctx *ctx, const char *data, size_t len, struct toml_value **out)
{
	size_t i = 0;

	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
		i++;
	if (i == len)
		return extract_error(ctx, 0, "empty file");
	if (toml_parse(out, data, len, "") == 0)
		return 0;
	return parse_error(ctx, "TOML");
}

int lk_toml_lock_open(struct lk_toml_lock *lk, struct extract_ctx *ctx, const char *data,
                      size_t len, const char *key, const char *const *marks, const char *not_this)
{
	struct toml_value *doc = NULL;
	const struct toml_value *pkgs;
	bool marked = !marks;
	int r;

	memset(lk, 0, sizeof(*lk));
	if ((r = langkit_toml(ctx, data, len, &doc)) < 0)
		return r;
	for (size_t i = 0; marks && marks[i] && !marked; i++)
		marked = toml_get(doc, marks[i]) != NULL;
	pkgs = toml_get(doc, key);
	if (!marked)
		r = extract_error(ctx, 0, "%s", not_this);
	else if (pkgs && pkgs->kind != TOML_ARRAY)
		r = extract_error(ctx, pkgs->line, "'%s' is not an array of tables", key);
	if (r < 0) {
		toml_free(doc);
		return r;
	}
	lk->doc = doc;
	lk->pkgs = pkgs;
	lk->ctx = ctx;
	lk->key = key;
	return 0;
}

const struct toml_value *lk_toml_lock_next(struct lk_toml_lock *lk, size_t *i_out)
{
	while (lk->next < toml_array_len(lk->pkgs)) {
		size_t i = lk->next++;
		const struct toml_value *t = toml_array_at(lk->pkgs, i);

		if (t->kind == TOML_TABLE) {
			*i_out = i;
			return t;
		}
		extract_error(lk->ctx, t->line, "'%s' entry is not a table", lk->key);
	}
	return NULL;
}

size_t lk_toml_lock_len(const struct lk_toml_lock *lk)
{
	return toml_array_len(lk->pkgs);
}

void lk_toml_lock_release(struct lk_toml_lock *lk)
{
	toml_free(lk->doc);
	memset(lk, 0, sizeof(*lk));
}

static uint64_t lk_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static void lk_rehash(struct lkmap *m, size_t cap)
{
	free(m->slots);
	m->slots = xreallocarray(NULL, cap, sizeof(*m->slots));
	m->cap = cap;
	for (size_t i = 0; i < cap; i++)
		m->slots[i] = LKMAP_END;
	/* insert in order so that chains list entries newest first */
	for (size_t e = 0; e < m->n; e++) {
		size_t s = (size_t)lk_hash(m->ents[e].key, m->ents[e].keylen) & (cap - 1);

		m->ents[e].next = m->slots[s];
		m->slots[s] = e;
	}
}

void lkmap_put(struct lkmap *m, const char *key, size_t keylen, size_t val)
{
	struct lkmap_ent *e;
	size_t s;

	ALLOC_GROW(m->ents, m->n + 1, m->a);
	e = &m->ents[m->n];
	e->key = xmemdupz(key, keylen);
	e->keylen = keylen;
	e->val = val;
	m->n++;
	if (m->n * 2 > m->cap) {
		lk_rehash(m, m->cap ? m->cap * 2 : 64);
		return;
	}
	s = (size_t)lk_hash(key, keylen) & (m->cap - 1);
	e->next = m->slots[s];
	m->slots[s] = m->n - 1;
}

static size_t lk_scan(const struct lkmap *m, size_t e, const char *key, size_t keylen)
{
	for (; e != LKMAP_END; e = m->ents[e].next)
		if (m->ents[e].keylen == keylen && !memcmp(m->ents[e].key, key, keylen))
			return e;
	return LKMAP_END;
}

size_t lkmap_first(const struct lkmap *m, const char *key, size_t keylen)
{
	if (!m->cap)
		return LKMAP_END;
	return lk_scan(m, m->slots[(size_t)lk_hash(key, keylen) & (m->cap - 1)], key, keylen);
}

size_t lkmap_next(const struct lkmap *m, size_t e)
{
	return lk_scan(m, m->ents[e].next, m->ents[e].key, m->ents[e].keylen);
}

void lkmap_release(struct lkmap *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->ents[i].key);
	free(m->ents);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

size_t lkpurls_add(struct lkpurls *x, const char *name, size_t namelen, char *purl)
{
	ALLOC_GROW(x->purls, x->n + 1, x->a);
	x->purls[x->n] = purl;
	lkmap_put(&x->byname, name, namelen, x->n);
	return x->n++;
}

void lkpurls_alias(struct lkpurls *x, size_t i, const char *key, size_t keylen)
{
	lkmap_put(&x->byother, key, keylen, i);
}

const char *lkpurls_find(const struct lkpurls *x, const char *name, size_t namelen)
{
	size_t e = lkmap_first(&x->byname, name, namelen);

	if (e != LKMAP_END)
		return x->purls[x->byname.ents[e].val];
	e = lkmap_first(&x->byother, name, namelen);
	return e != LKMAP_END ? x->purls[x->byother.ents[e].val] : NULL;
}

void lkpurls_free(void *v)
{
	struct lkpurls *x = v;

	if (!x)
		return;
	for (size_t i = 0; i < x->n; i++)
		free(x->purls[i]);
	free(x->purls);
	lkmap_release(&x->byname);
	lkmap_release(&x->byother);
	free(x);
}

const char *langkit_quote(const char *s, size_t n)
{
	static _Thread_local char ring[8][96 * 4 + 8];
	static _Thread_local unsigned next;
	static const char hex[] = "0123456789abcdef";
	char *out = ring[next++ % 8], *o = out;
	size_t i;

	for (i = 0; i < n && i < 96; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f) {
			*o++ = (char)c;
		} else {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	if (i < n) {
		memcpy(o, "...", 3);
		o += 3;
	}
	*o = '\0';
	return out;
}
