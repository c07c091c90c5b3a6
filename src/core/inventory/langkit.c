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
	free(p->locs[0].path);
	p->locs[0].path = xstrdup(path);
}

void pkg_add_dep_purl(struct pkg *p, const char *purl)
{
	for (size_t i = 0; i < p->ndeps; i++)
		if (!strcmp(p->deps[i], purl))
			return;
	ALLOC_GROW(p->deps, p->ndeps + 1, p->adeps);
	p->deps[p->ndeps++] = xstrdup(purl);
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
