/*
 * requirements.c: pip requirements files (requirements*.txt).
 *
 * The file is read as pip reads it: lines ending in "\" are joined, "#"
 * at the start or after white space starts a comment, option lines (-r, -c,
 * -e, --index-url, ...) and requirement lines (PEP 508, a path or a URL,
 * then per-requirement options such as --hash) follow.
 *
 * What becomes a package:
 * - a requirement pinned with "==V" (no wildcard) or "===V": version V;
 * - any other requirement (unpinned, ranges, "==1.*", environment variables):
 *   the package without a version, flagged PKG_UNRESOLVED, the specifier
 *   kept as the property vouch:requirement, unless a constraints file (-c)
 *   pins it, in which case the pin is its version (vouch:constraint names
 *   the file);
 * - a URL or path whose last part is a wheel file name: name and version
 *   from the file name (PEP 427), PKG_LOCAL for paths; "#egg=NAME": the name
 *   only; other paths and URLs name no package and become a note.
 * - "-e" editables: as paths/URLs, flagged PKG_LOCAL for paths.
 * Extras go to vouch:extras, environment markers to vouch:marker, the URL
 * to vouch:source; --hash=ALG:HEX options become hashes (a digest of the
 * wrong length is a note, not a hash). -r files are read (relative to the
 * file naming them, inside the scanned tree, loops reported), their
 * packages located in them; -c files only pin. pip's own errors (an empty
 * version, text after a specifier, an unknown option, a missing -r file)
 * are errors here too, and the rest of the file is still read.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/inventory/python/pypi.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/lines.h"

#include <ctype.h>
#include <fnmatch.h>

#define REQ_MAX_DEPTH   16
#define REQ_MAX_FILES   256
#define REQ_MAX_LOGICAL ((size_t)1 << 20) /* one logical line */

struct constraint {
	char *norm, *version, *file;
};

struct req_state {
	struct extract_ctx *ctx;
	const char *stack[REQ_MAX_DEPTH]; /* rel paths (to the top file's folder) being read */
	size_t depth;
	size_t nfiles;
	struct constraint *cons;
	size_t ncons, acons;
	struct pkg **open; /* unpinned packages, pinned later by constraints */
	size_t nopen, aopen;
	bool sniffing; /* checking content only: no packages, no reads */
	int nbad, nreq;
	int nspec; /* requirements with a version specifier, URL or hash */
};

static void rdiag(struct req_state *st, enum inv_diag_level lvl, const char *file, size_t line,
                  const char *fmt, ...) VOUCH_PRINTF(5, 6);

static void rdiag(struct req_state *st, enum inv_diag_level lvl, const char *file, size_t line,
                  const char *fmt, ...)
{
	struct buf msg = BUF_INIT_MAX(4096);
	va_list ap;

	if (lvl == INV_ERROR)
		st->nbad++;
	if (st->sniffing)
		return;
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	inventory_diag(extract_inventory(st->ctx), lvl, file, line, "%s", msg.ptr);
	buf_release(&msg);
}

/* Lexically normalises "a/./b/../c" to "a/c"; leading ".." kept. */
static char *norm_path(const char *dir, const char *name, size_t n)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	const char *s;

	if (dir && *dir) {
		buf_adds(&in, dir);
		buf_addch(&in, '/');
	}
	buf_add(&in, name, n);
	s = in.ptr;
	while (*s) {
		const char *e = strchr(s, '/');
		size_t l = e ? (size_t)(e - s) : strlen(s);

		if (l == 0 || (l == 1 && s[0] == '.')) {
			/* skip */
		} else if (l == 2 && s[0] == '.' && s[1] == '.' && out.len &&
		           !(out.len >= 2 && !memcmp(out.ptr + out.len - 2, "..", 2) &&
		             (out.len == 2 || out.ptr[out.len - 3] == '/'))) {
			const char *slash = memrchr(out.ptr, '/', out.len);

			buf_truncate(&out, slash ? (size_t)(slash - out.ptr) : 0);
		} else {
			if (out.len)
				buf_addch(&out, '/');
			buf_add(&out, s, l);
		}
		s += l + (e ? 1 : 0);
	}
	buf_release(&in);
	return buf_detach(&out, NULL);
}

static char *dir_of(const char *rel)
{
	const char *slash = rel ? strrchr(rel, '/') : NULL;

	return slash ? xstrndup(rel, (size_t)(slash - rel)) : xstrdup("");
}

/* Splits (s, n) on spaces as pip does; returns the count (at most max). */
static size_t split_tokens(const char *s, size_t n, struct pyslice *tok, size_t max)
{
	size_t k = 0, i = 0;

	while (i < n && k < max) {
		size_t j;

		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n)
			break;
		j = i;
		while (j < n && s[j] != ' ' && s[j] != '\t')
			j++;
		tok[k].p = s + i;
		tok[k].n = j - i;
		k++;
		i = j;
	}
	return k;
}

struct optdef {
	const char *s, *l; /* short and long names (without dashes), NULL when none */
	bool arg;
	int id;
};

enum { O_REQ = 1, O_CON, O_EDIT, O_HASH, O_OTHER };

static const struct optdef file_opts[] = {
	{ "r", "requirement", true, O_REQ },        { "c", "constraint", true, O_CON },
	{ "e", "editable", true, O_EDIT },          { "i", "index-url", true, O_OTHER },
	{ NULL, "extra-index-url", true, O_OTHER }, { NULL, "no-index", false, O_OTHER },
	{ "f", "find-links", true, O_OTHER },       { NULL, "no-binary", true, O_OTHER },
	{ NULL, "only-binary", true, O_OTHER },     { NULL, "prefer-binary", false, O_OTHER },
	{ NULL, "require-hashes", false, O_OTHER }, { NULL, "pre", false, O_OTHER },
	{ NULL, "trusted-host", true, O_OTHER },    { NULL, "use-feature", true, O_OTHER },
	{ "Z", "always-unzip", false, O_OTHER },
};

static const struct optdef req_opts[] = {
	{ NULL, "hash", true, O_HASH },
	{ NULL, "global-option", true, O_OTHER },
	{ NULL, "install-option", true, O_OTHER },
	{ "C", "config-settings", true, O_OTHER },
};

/*
 * Parses the option at tok[*i]; sets *id and *val (the argument, possibly
 * the next token). Returns false for an unknown option or a missing value.
 */
static bool parse_opt(const struct optdef *defs, size_t ndefs, const struct pyslice *tok,
                      size_t ntok, size_t *i, int *id, struct pyslice *val)
{
	const struct pyslice *t = &tok[*i];

	val->p = NULL;
	val->n = 0;
	for (size_t k = 0; k < ndefs; k++) {
		const struct optdef *d = &defs[k];
		size_t ln = d->l ? strlen(d->l) : 0;
		bool attached = false, match = false;

		if (d->l && t->n >= 2 + ln && !memcmp(t->p, "--", 2) &&
		    !memcmp(t->p + 2, d->l, ln) &&
		    (t->n == 2 + ln || (d->arg && t->p[2 + ln] == '='))) {
			match = true;
			if (t->n > 2 + ln) {
				attached = true;
				val->p = t->p + 3 + ln;
				val->n = t->n - 3 - ln;
			}
		} else if (d->s && t->n >= 2 && t->p[0] == '-' && t->p[1] == d->s[0] &&
		           (t->n == 2 || d->arg)) {
			match = true;
			if (t->n > 2) {
				attached = true;
				val->p = t->p + 2;
				val->n = t->n - 2;
			}
		}
		if (!match)
			continue;
		*id = d->id;
		if (d->arg && !attached) {
			if (*i + 1 >= ntok)
				return false;
			*val = tok[++*i];
		}
		return !d->arg || val->n > 0 || attached;
	}
	return false;
}

static bool looks_like_url(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))
		i++;
	return i > 0 && i + 1 < n && s[i] == ':' &&
	       (str_starts(s + i, n - i, "://") || str_starts(s, n, "file:"));
}

static bool looks_like_path(const char *s, size_t n)
{
	return (n && (s[0] == '.' || s[0] == '/')) || memchr(s, '/', n) ||
	       (n > 4 && !memcmp(s + n - 4, ".whl", 4)) ||
	       (n > 7 && !memcmp(s + n - 7, ".tar.gz", 7));
}

/*
 * The name and version of a wheel file name "{name}-{ver}(-{build})?-{py}-{abi}-{plat}.whl"
 * at the end of a path or URL (query and fragment removed).
 */
static bool wheel_name(const char *s, size_t n, struct pyslice *name, struct pyslice *ver)
{
	const char *base, *dash[6];
	size_t nd = 0;
	const char *q = memchr(s, '#', n);

	if (q)
		n = (size_t)(q - s);
	q = memchr(s, '?', n);
	if (q)
		n = (size_t)(q - s);
	if (n < 5 || memcmp(s + n - 4, ".whl", 4))
		return false;
	base = memrchr(s, '/', n);
	base = base ? base + 1 : s;
	n -= (size_t)(base - s) + 4;
	for (size_t i = 0; i < n; i++)
		if (base[i] == '-') {
			if (nd == 6)
				return false;
			dash[nd++] = base + i;
		}
	if (nd != 4 && nd != 5)
		return false;
	name->p = base;
	name->n = (size_t)(dash[0] - base);
	ver->p = dash[0] + 1;
	ver->n = (size_t)(dash[1] - dash[0] - 1);
	return pypi_valid_name(name->p, name->n) && ver->n > 0;
}

/* "#egg=NAME" in a URL. */
static bool egg_name(const char *s, size_t n, struct pyslice *name)
{
	const char *e = memmem(s, n, "#egg=", 5);
	size_t l = 0;

	if (!e)
		e = memmem(s, n, "&egg=", 5);
	if (!e)
		return false;
	e += 5;
	while (e + l < s + n && e[l] != '&' && e[l] != '#' && e[l] != '[')
		l++;
	name->p = e;
	name->n = l;
	return pypi_valid_name(e, l);
}

static char *sdup(struct pyslice s)
{
	return xstrndup(s.p, s.n);
}

static void add_pin_prop(struct pkg *p, const char *key, struct pyslice s)
{
	char *v;

	if (!s.n)
		return;
	v = sdup(s);
	pkg_add_prop(p, key, v);
	free(v);
}

static void set_extras(struct pkg *p, struct pyslice ex)
{
	struct buf b = BUF_INIT;

	/* "redis, pytest" -> "redis,pytest" */
	for (size_t i = 0; i < ex.n; i++)
		if (ex.p[i] != ' ' && ex.p[i] != '\t')
			buf_addch(&b, ex.p[i]);
	pkg_add_prop(p, "vouch:extras", b.ptr);
	buf_release(&b);
}

static struct pkg *add_pkg(struct req_state *st, const char *file, size_t line, struct pyslice name,
                           struct pyslice ver)
{
	char *nm = sdup(name), *v = ver.n ? sdup(ver) : NULL;
	struct pkg *p = extract_add(st->ctx, PYPI_ECOSYSTEM, "pypi", NULL, nm, v, line);

	if (p && strcmp(file, extract_path(st->ctx)))
		pkg_set_loc_path(p, file);
	free(nm);
	free(v);
	return p;
}

static void add_hashes(struct req_state *st, struct pkg *p, const char *file, size_t line,
                       const struct pyslice *hashes, size_t nh)
{
	for (size_t i = 0; i < nh; i++) {
		char *h = sdup(hashes[i]);
		const char *colon = strchr(h, ':');

		if (!colon || colon == h || !colon[1])
			rdiag(st, INV_ERROR, file, line,
			      "--hash value '%s' is not ALGORITHM:DIGEST (pip refuses it)", LKQ(h));
		else if (!p)
			;
		else if (!pkg_add_integrity(p, h))
			rdiag(st, INV_NOTE, file, line,
			      "--hash value '%s' is not a valid SHA-256/384/512 digest: not "
			      "recorded",
			      LKQ(h));
		free(h);
	}
}

static void read_file(struct req_state *st, const char *rel, const char *display, const char *data,
                      size_t len, bool constraints);

static void include(struct req_state *st, const char *cur_rel, const char *cur_file, size_t line,
                    struct pyslice name, bool constraints)
{
	char *dir = dir_of(cur_rel), *rel = norm_path(dir, name.p, name.n), *display = NULL;
	struct buf data = BUF_INIT;
	int r;

	free(dir);
	if (st->sniffing)
		goto done;
	if (name.n && name.p[0] == '/') {
		rdiag(st, INV_ERROR, cur_file, line,
		      "'%s': absolute paths are not read (only files in the scanned tree)",
		      langkit_quote(name.p, name.n));
		goto done;
	}
	if (looks_like_url(name.p, name.n)) {
		rdiag(st, INV_ERROR, cur_file, line,
		      "'%s': requirement files at URLs are not fetched",
		      langkit_quote(name.p, name.n));
		goto done;
	}
	for (size_t i = 0; i < st->depth; i++)
		if (!strcmp(st->stack[i], rel)) {
			rdiag(st, INV_ERROR, cur_file, line,
			      "'%s' is already being read (-r/-c files include each other in a "
			      "loop): not read again",
			      langkit_quote(name.p, name.n));
			goto done;
		}
	if (st->depth >= REQ_MAX_DEPTH || st->nfiles >= REQ_MAX_FILES) {
		rdiag(st, INV_ERROR, cur_file, line,
		      "'%s': more than %d nested or %d included requirement files",
		      langkit_quote(name.p, name.n), REQ_MAX_DEPTH, REQ_MAX_FILES);
		goto done;
	}
	r = extract_read_relative(st->ctx, rel, &data, &display);
	if (r < 0) {
		rdiag(st, INV_ERROR, cur_file, line, "cannot read '%s' (named by %s): %s",
		      langkit_quote(name.p, name.n), constraints ? "-c" : "-r", err_msg());
		goto done;
	}
	st->nfiles++;
	read_file(st, rel, display, data.ptr, data.len, constraints);
done:
	free(rel);
	free(display);
	buf_release(&data);
}

static void add_constraint(struct req_state *st, const char *file, const struct pyreq *rq)
{
	struct constraint *c;
	struct buf n = BUF_INIT;

	if (rq->npins != 1 || st->sniffing)
		return;
	pypi_normalize(&n, rq->name.p, rq->name.n);
	ALLOC_GROW(st->cons, st->ncons + 1, st->acons);
	c = &st->cons[st->ncons++];
	c->norm = buf_detach(&n, NULL);
	c->version = sdup(rq->pin);
	c->file = xstrdup(file);
}

/* A requirement line: the requirement, then per-requirement options. */
/* Whether any of the bytes of set occurs in (s, n). */
static bool strpbrk_n(const char *s, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if (strchr(set, s[i]))
			return true;
	return false;
}

static void requirement_line(struct req_state *st, const char *file, size_t line, const char *s,
                             size_t n, bool constraints, bool editable)
{
	struct pyslice tok[256], hashes[64], req;
	size_t ntok = split_tokens(s, n, tok, ARRAY_SIZE(tok)), first_opt = ntok, nh = 0;
	struct pyreq rq;
	const char *why = NULL;
	struct pkg *p = NULL;

	for (size_t i = 0; i < ntok; i++)
		if (tok[i].p[0] == '-') {
			first_opt = i;
			break;
		}
	if (editable) {
		first_opt = ntok ? 1 : 0;
	}
	if (!first_opt) {
		rdiag(st, INV_ERROR, file, line, "no requirement before the options");
		return;
	}
	req.p = tok[0].p;
	req.n = (size_t)(tok[first_opt - 1].p + tok[first_opt - 1].n - tok[0].p);
	for (size_t i = first_opt; i < ntok; i++) {
		struct pyslice val;
		int id = 0;

		if (tok[i].p[0] != '-') {
			rdiag(st, INV_NOTE, file, line,
			      "'%s' after the options is ignored (as pip does)",
			      langkit_quote(tok[i].p, tok[i].n));
			break;
		}
		if (!parse_opt(req_opts, ARRAY_SIZE(req_opts), tok, ntok, &i, &id, &val)) {
			rdiag(st, INV_ERROR, file, line, "unknown option or missing value: '%s'",
			      langkit_quote(tok[i].p, tok[i].n));
			continue;
		}
		if (id == O_HASH) {
			if (!val.n)
				rdiag(st, INV_ERROR, file, line, "--hash without a value");
			else if (nh < ARRAY_SIZE(hashes))
				hashes[nh++] = val;
		}
	}
	st->nreq++;
	if (nh || strpbrk_n(req.p, req.n, "=<>~!@"))
		st->nspec++;
	if (looks_like_url(req.p, req.n) || (editable && looks_like_path(req.p, req.n)) ||
	    (looks_like_path(req.p, req.n) && !memchr(req.p, '@', req.n))) {
		struct pyslice name = { 0 }, ver = { 0 };
		bool url = looks_like_url(req.p, req.n);

		if (constraints)
			return;
		if (st->sniffing) {
			/* a bare path names a package only through a wheel name or #egg= */
			if (!wheel_name(req.p, req.n, &name, &ver) &&
			    !egg_name(req.p, req.n, &name))
				st->nbad++;
			return;
		}
		if (!wheel_name(req.p, req.n, &name, &ver) && !egg_name(req.p, req.n, &name)) {
			rdiag(st, INV_NOTE, file, line,
			      "'%s' names no package (no wheel file name, no #egg=): not listed",
			      langkit_quote(req.p, req.n));
			return;
		}
		p = add_pkg(st, file, line, name, ver);
		if (!p)
			return;
		add_pin_prop(p, "vouch:source", req);
		if (!url)
			p->flags |= PKG_LOCAL;
		if (!ver.n)
			p->flags |= PKG_UNRESOLVED;
		add_hashes(st, p, file, line, hashes, nh);
		return;
	}
	if (pyreq_parse(&rq, req.p, req.n, &why) < 0) {
		if (memmem(req.p, req.n, "${", 2) && rq.name.n) {
			/* pip expands ${VAR} from the environment: not known here */
			if (constraints || st->sniffing)
				return;
			p = add_pkg(st, file, line, rq.name, (struct pyslice){ 0 });
			if (p) {
				p->flags |= PKG_UNRESOLVED;
				add_pin_prop(p, "vouch:requirement", req);
			}
			rdiag(st, INV_NOTE, file, line,
			      "'%s' uses an environment variable: version not known",
			      langkit_quote(req.p, req.n));
			return;
		}
		/* pip refuses the line, so it names no package */
		rdiag(st, INV_ERROR, file, line, "invalid requirement '%s': %s",
		      langkit_quote(req.p, req.n), why);
		return;
	}
	if (constraints) {
		add_constraint(st, file, &rq);
		return;
	}
	if (st->sniffing)
		return;
	if (rq.npins > 1)
		rdiag(st, INV_NOTE, file, line, "'%s' pins two different versions: not pinned",
		      langkit_quote(req.p, req.n));
	p = add_pkg(st, file, line, rq.name, rq.npins == 1 ? rq.pin : (struct pyslice){ 0 });
	if (!p)
		return;
	if (rq.extras.n)
		set_extras(p, rq.extras);
	add_pin_prop(p, "vouch:marker", rq.marker);
	add_pin_prop(p, "vouch:source", rq.url);
	if (rq.npins != 1) {
		p->flags |= PKG_UNRESOLVED;
		add_pin_prop(p, "vouch:requirement", rq.spec);
		if (!rq.url.n) {
			ALLOC_GROW(st->open, st->nopen + 1, st->aopen);
			st->open[st->nopen++] = p;
		}
	}
	add_hashes(st, p, file, line, hashes, nh);
}

static void option_line(struct req_state *st, const char *rel, const char *file, size_t line,
                        const char *s, size_t n, bool constraints)
{
	struct pyslice tok[256];
	size_t ntok = split_tokens(s, n, tok, ARRAY_SIZE(tok)), i = 0;
	struct pyslice val;
	int id = 0;

	if (!parse_opt(file_opts, ARRAY_SIZE(file_opts), tok, ntok, &i, &id, &val)) {
		rdiag(st, INV_ERROR, file, line, "unknown option or missing value: '%s'",
		      langkit_quote(tok[0].p, tok[0].n));
		return;
	}
	switch (id) {
	case O_REQ:
	case O_CON:
		include(st, rel, file, line, val, constraints || id == O_CON);
		break;
	case O_EDIT: {
		/* the rest of the line from the value on is the editable requirement */
		size_t off = (size_t)(val.p - s);

		requirement_line(st, file, line, s + off, n - off, constraints, true);
		break;
	}
	default:
		break;
	}
}

static void logical_line(struct req_state *st, const char *rel, const char *file, size_t line,
                         struct buf *b, bool constraints)
{
	const char *s = b->ptr;
	size_t n = b->len;

	/* "#" at the start or after white space starts a comment */
	for (size_t i = 0; i < n; i++)
		if (s[i] == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
			n = i;
			break;
		}
	str_trim(&s, &n);
	if (!n)
		return;
	if (s[0] == '-')
		option_line(st, rel, file, line, s, n, constraints);
	else
		requirement_line(st, file, line, s, n, constraints, false);
}

static bool is_comment_line(const char *s, size_t n)
{
	str_trim(&s, &n);
	return n && s[0] == '#';
}

static void read_file(struct req_state *st, const char *rel, const char *display, const char *data,
                      size_t len, bool constraints)
{
	struct lines it = LINES_INIT(data, len);
	struct buf logical = BUF_INIT_MAX(REQ_MAX_LOGICAL);
	size_t first = 0;
	const char *s;
	size_t n;

	st->stack[st->depth++] = rel;
	while (lines_next(&it, &s, &n)) {
		if (st->nbad > LANGKIT_MAX_ERRORS) {
			if (!st->sniffing)
				inventory_diag(extract_inventory(st->ctx), INV_ERROR, display,
				               it.lineno,
				               "more than %d errors: the rest is not read",
				               LANGKIT_MAX_ERRORS);
			break;
		}
		bool cont = n && s[n - 1] == '\\' && !is_comment_line(s, n);

		if (!logical.len)
			first = it.lineno;
		if (buf_add(&logical, s, cont ? n - 1 : n) < 0) {
			rdiag(st, INV_ERROR, display, first,
			      "a line longer than %zu bytes: not read", REQ_MAX_LOGICAL);
			buf_reset(&logical);
			continue;
		}
		if (cont)
			continue;
		logical_line(st, rel, display, first, &logical, constraints);
		buf_reset(&logical);
	}
	if (logical.len)
		logical_line(st, rel, display, first, &logical, constraints);
	buf_release(&logical);
	st->depth--;
}

static void apply_constraints(struct req_state *st)
{
	struct lkmap m = LKMAP_INIT;
	struct buf n = BUF_INIT;

	/* the first constraint of a name wins: insert from the last */
	for (size_t k = st->ncons; k-- > 0;)
		lkmap_put(&m, st->cons[k].norm, strlen(st->cons[k].norm), k);
	for (size_t i = 0; i < st->nopen; i++) {
		struct pkg *p = st->open[i];
		size_t e, k;

		buf_reset(&n);
		pypi_normalize(&n, p->name, strlen(p->name));
		e = lkmap_first(&m, n.ptr, n.len);
		if (e == LKMAP_END)
			continue;
		k = m.ents[e].val;
		free(p->version);
		p->version = xstrdup(st->cons[k].version);
		p->flags &= ~(unsigned)PKG_UNRESOLVED;
		pkg_add_prop(p, "vouch:constraint", st->cons[k].file);
	}
	buf_release(&n);
	lkmap_release(&m);
}

static void state_release(struct req_state *st)
{
	for (size_t i = 0; i < st->ncons; i++) {
		free(st->cons[i].norm);
		free(st->cons[i].version);
		free(st->cons[i].file);
	}
	free(st->cons);
	free(st->open);
}

static int req_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct req_state st = { 0 };

	st.ctx = ctx;
	read_file(&st, fs_basename(extract_rel(ctx)), extract_path(ctx), data, len, false);
	apply_constraints(&st);
	state_release(&st);
	return 0;
}

/*
 * Content check for files given directly under another name: text whose
 * every line is a comment, an option or a valid requirement, with at least
 * one requirement that has a version specifier, a URL or a hash.
 */
static bool req_sniff(const char *data, size_t len)
{
	struct req_state st = { 0 };

	if (!len || len > ((size_t)1 << 20) || memchr(data, '\0', len) || memchr(data, '{', len))
		return false;
	st.sniffing = true;
	read_file(&st, "", "", data, len, false);
	state_release(&st);
	/* a lone word ("null") is too weak a sign: want one real requirement specifier */
	return st.nbad == 0 && st.nreq > 0 && st.nspec > 0;
}

static bool req_match(const char *rel, const char *name)
{
	const char *slash;

	if (!fnmatch("*requirements*.txt", name, 0))
		return true;
	/* requirements/base.txt, requirements/dev.txt */
	slash = strrchr(rel, '/');
	return slash && !fnmatch("*.txt", name, 0) && slash - rel >= 12 &&
	       !memcmp(slash - 12, "requirements", 12) && (slash - rel == 12 || slash[-13] == '/');
}

const struct extractor pypi_requirements_extractor = {
	"pypi-requirements", PYPI_ECOSYSTEM, req_match, req_sniff, req_extract, 0,
};
