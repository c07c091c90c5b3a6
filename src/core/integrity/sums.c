#include "util/compat.h"
#include "core/integrity/sums.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/lines.h"
#include "util/walk.h"

void sums_release(struct sums *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].name);
	free(s->v);
	s->v = NULL;
	s->n = s->alloc = 0;
}

static bool bad_name(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0 || s[0] == '/')
		return true;
	while (i < n) {
		size_t j = i;

		while (j < n && s[j] != '/')
			j++;
		if (j - i == 2 && s[i] == '.' && s[i + 1] == '.')
			return true;
		i = j + 1;
	}
	return false;
}

int sums_parse(struct sums *out, const char *text, size_t len, const char *name)
{
	struct lines it = LINES_INIT(text, len);
	struct buf nm = BUF_INIT_MAX(SUMS_MAX_LINE);
	const char *s;
	size_t n;
	int r = 0;

	if (len > SUMS_MAX_SIZE)
		return err_set(ERR_TOOBIG, "%s: larger than %zu bytes", name, SUMS_MAX_SIZE);
	while (lines_next(&it, &s, &n)) {
		bool escaped = false;
		struct sums_entry *e;

		if (n == 0)
			continue;
		if (n > SUMS_MAX_LINE) {
			r = err_set(ERR_TOOBIG, "%s:%zu: line longer than %d bytes", name,
			            it.lineno, SUMS_MAX_LINE);
			goto done;
		}
		if (s[0] == '\\') {
			escaped = true;
			s++;
			n--;
		}
		if (n < 67 || (s[64] != ' ') || (s[65] != ' ' && s[65] != '*')) {
			r = err_set(ERR_PARSE, "%s:%zu: expected 'SHA256  NAME'", name, it.lineno);
			goto done;
		}
		if (out->n >= SUMS_MAX_ENTRIES) {
			r = err_set(ERR_TOOBIG, "%s:%zu: more than %d entries", name, it.lineno,
			            SUMS_MAX_ENTRIES);
			goto done;
		}
		ALLOC_GROW(out->v, out->n + 1, out->alloc);
		e = &out->v[out->n];
		memset(e, 0, sizeof(*e));
		for (size_t i = 0; i < 64; i++) {
			if (s[i] >= 'A' && s[i] <= 'F') {
				r = err_set(ERR_PARSE, "%s:%zu: upper-case hex digest", name,
				            it.lineno);
				goto done;
			}
		}
		if (hex_decode(e->sha256, 32, s, 64) < 0) {
			r = err_set(ERR_PARSE, "%s:%zu: the digest is not 64 hex digits", name,
			            it.lineno);
			goto done;
		}
		buf_reset(&nm);
		for (size_t i = 66; i < n; i++) {
			char c = s[i];

			if (c == '\0') {
				r = err_set(ERR_PARSE, "%s:%zu: NUL byte in a name", name,
				            it.lineno);
				goto done;
			}
			if (escaped && c == '\\') {
				if (i + 1 >= n ||
				    (s[i + 1] != '\\' && s[i + 1] != 'n' && s[i + 1] != 'r')) {
					r = err_set(ERR_PARSE, "%s:%zu: bad escape in a name", name,
					            it.lineno);
					goto done;
				}
				i++;
				c = s[i] == 'n' ? '\n' : s[i] == 'r' ? '\r' : '\\';
			}
			if ((r = buf_addch(&nm, c)) < 0)
				goto done;
		}
		if (bad_name(nm.ptr, nm.len)) {
			r = err_set(ERR_PARSE,
			            "%s:%zu: name '%s' is empty, absolute or goes up with '..'",
			            name, it.lineno, nm.ptr);
			goto done;
		}
		e->name = xmemdupz(nm.ptr, nm.len);
		e->lineno = it.lineno;
		out->n++;
	}
done:
	buf_release(&nm);
	return r;
}

int sums_add_line(struct buf *out, const uint8_t sha256[32], const char *name)
{
	bool esc = strpbrk(name, "\\\n\r") != NULL;
	int r;

	if (esc && (r = buf_addch(out, '\\')) < 0)
		return r;
	if ((r = buf_addhex(out, sha256, 32)) < 0 || (r = buf_adds(out, "  ")) < 0)
		return r;
	for (const char *p = name; *p; p++) {
		if (esc && *p == '\\')
			r = buf_adds(out, "\\\\");
		else if (esc && *p == '\n')
			r = buf_adds(out, "\\n");
		else if (esc && *p == '\r')
			r = buf_adds(out, "\\r");
		else
			r = buf_addch(out, *p);
		if (r < 0)
			return r;
	}
	return buf_addch(out, '\n');
}

int sums_format(struct buf *out, const struct sums *s)
{
	int r;

	for (size_t i = 0; i < s->n; i++)
		if ((r = sums_add_line(out, s->v[i].sha256, s->v[i].name)) < 0)
			return r;
	return 0;
}

struct collect {
	struct sums *out;
	size_t *nerrors;
	const char *const *exclude;
	size_t nexclude;
	sums_error_fn on_error;
	void *payload;
};

static int collect_one(const struct walk_entry *e, void *payload)
{
	struct collect *c = payload;
	struct sums_entry *se;
	uint8_t sha[32];

	if (e->kind == WALK_DIR || e->kind == WALK_LINK)
		return 0;
	if (e->kind == WALK_OTHER) {
		err_set(ERR_UNSUPPORTED, "'%s' is not a regular file: left out", e->path);
		goto failed;
	}
	if (e->kind == WALK_ERROR) {
		err_set(ERR_IO, "'%s': %s", e->path, e->reason ? e->reason : strerror(e->err));
		goto failed;
	}
	for (size_t i = 0; i < c->nexclude; i++)
		if (!strcmp(e->rel, c->exclude[i]))
			return 0;
	if (hash_sha256_file(sha, e->path) < 0)
		goto failed;
	if (c->out->n >= SUMS_MAX_ENTRIES)
		return err_set(ERR_TOOBIG, "more than %d files", SUMS_MAX_ENTRIES);
	ALLOC_GROW(c->out->v, c->out->n + 1, c->out->alloc);
	se = &c->out->v[c->out->n++];
	memcpy(se->sha256, sha, 32);
	se->name = xstrdup(e->rel);
	se->lineno = 0;
	return 0;
failed:
	(*c->nerrors)++;
	return c->on_error ? c->on_error(e->path, c->payload) : 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct sums_entry *x = a, *y = b;

	return strcmp(x->name, y->name);
}

int sums_collect(struct sums *out, size_t *nerrors, const char *dir, const char *const *exclude,
                 size_t nexclude, sums_error_fn on_error, void *payload)
{
	struct collect c = { out, nerrors, exclude, nexclude, on_error, payload };
	size_t first = out->n;
	int r;

	*nerrors = 0;
	r = walk(dir, NULL, collect_one, &c);
	if (r < 0)
		return r;
	qsort(out->v + first, out->n - first, sizeof(*out->v), cmp_entry);
	return 0;
}
