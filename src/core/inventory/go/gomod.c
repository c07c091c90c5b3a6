/*
 * gomod.c: go.mod, with go.sum next to it.
 *
 * - module: the project itself (PKG_ROOT, no version), the source of the
 *   dependency edges to its direct requirements.
 * - go / toolchain: the Go standard library as the package "stdlib"
 *   (pkg:golang/stdlib@1.23.6), the name OSV's Go ecosystem uses for it.
 *   The version is the toolchain's when a toolchain line names one
 *   ("go1.23.6-xyz" -> 1.23.6, the full name in vouch:go-toolchain), else
 *   the go line's, which is only the minimum (vouch:go-version-source says
 *   which).
 * - require: every requirement not excluded; "// indirect" marks
 *   PKG_TRANSITIVE, the others are PKG_DIRECT.
 * - replace: what ships is the replacement. A module replacement
 *   (x v1 => y v2) lists y@v2 with vouch:replaces=x@v1; a local path
 *   (x => ./fork) lists x without version, PKG_LOCAL, vouch:replace-path.
 *   A version-specific replace wins over one for all versions, as in Go.
 * - exclude: an excluded version is not a package (a requirement naming it
 *   is a note: Go would pick the next version, which go.mod does not say).
 * - go.sum ("X.sum" for a go.mod named "X.mod", as with go -modfile): the
 *   h1: hash of each module is a SHA-256 over the list of its files'
 *   SHA-256 sums, not a hash of any file CycloneDX could name, so it is
 *   kept as the property vouch:go-sum-h1 ("h1:BASE64"), not as a hash. For
 *   go < 1.17 (go.mod then lists only part of the build list) the modules
 *   go.sum holds a zip hash for and go.mod does not require are added as
 *   PKG_TRANSITIVE (vouch:found-in=go.sum; the last, i.e. highest, version
 *   of each path, as go.sum is sorted by version).
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/inventory/go/golang.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/lines.h"
#include "util/num.h"

#define GOMOD_MAX_TOKENS 16

struct tok {
	const char *p;
	size_t n;
};

struct req {
	struct tok path, ver;
	bool indirect;
	size_t line;
};

struct repl {
	struct tok old, oldver, new, newver;
	size_t line;
	bool used;
};

struct sumline {
	struct tok path, ver, hash;
	size_t line;
};

struct gomod {
	struct extract_ctx *ctx;
	struct tok module, go, toolchain;
	size_t module_line, go_line, toolchain_line;
	struct req *reqs;
	size_t nreqs, areqs;
	struct repl *repls;
	size_t nrepls, arepls;
	struct req *excl;
	size_t nexcl, aexcl;
	int nerr;
	struct lkmap sums;     /* "path version" -> zip hash line */
	struct lkmap sumpaths; /* path -> zip hash lines, newest first */
	struct lkmap replmap;  /* old path -> replace */
	struct lkmap exclmap;  /* "path version" */
	struct lkmap known;    /* paths required or replacing */
};

static void put2(struct lkmap *m, struct tok a, struct tok b, size_t val)
{
	struct buf k = BUF_INIT;

	buf_add(&k, a.p, a.n);
	if (b.p) {
		buf_addch(&k, ' ');
		buf_add(&k, b.p, b.n);
	}
	lkmap_put(m, k.ptr, k.len, val);
	buf_release(&k);
}

static size_t get2(const struct lkmap *m, struct tok a, struct tok b)
{
	struct buf k = BUF_INIT;
	size_t e;

	buf_add(&k, a.p, a.n);
	if (b.p) {
		buf_addch(&k, ' ');
		buf_add(&k, b.p, b.n);
	}
	e = lkmap_first(m, k.ptr, k.len);
	buf_release(&k);
	return e;
}

/* Splits a line into tokens; *comment receives the text after "//". */
static size_t tokenize(const char *s, size_t n, struct tok *t, size_t max, struct tok *comment,
                       bool *bad)
{
	size_t k = 0, i = 0;

	comment->p = NULL;
	comment->n = 0;
	*bad = false;
	while (i < n) {
		size_t j;

		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n)
			break;
		if (n - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
			comment->p = s + i + 2;
			comment->n = n - i - 2;
			str_trim(&comment->p, &comment->n);
			break;
		}
		if (k == max) {
			*bad = true;
			break;
		}
		if (s[i] == '"' || s[i] == '`') {
			char q = s[i];

			j = i + 1;
			while (j < n && s[j] != q) {
				if (q == '"' && s[j] == '\\' && j + 1 < n)
					j++;
				j++;
			}
			if (j == n) {
				*bad = true;
				break;
			}
			t[k].p = s + i + 1;
			t[k].n = j - i - 1;
			k++;
			i = j + 1;
			continue;
		}
		j = i;
		while (j < n && s[j] != ' ' && s[j] != '\t' &&
		       !(n - j >= 2 && s[j] == '/' && s[j + 1] == '/'))
			j++;
		t[k].p = s + i;
		t[k].n = j - i;
		k++;
		i = j;
	}
	return k;
}

static bool tok_eq(struct tok t, const char *s)
{
	return str_eq(t.p, t.n, s);
}

static void gerr(struct gomod *g, size_t line, const char *what)
{
	g->nerr++;
	extract_error(g->ctx, line, "%s", what);
}

static void directive(struct gomod *g, struct tok verb, const struct tok *a, size_t na,
                      struct tok comment, size_t line)
{
	if (tok_eq(verb, "module")) {
		if (na != 1 || !go_valid_path(a[0].p, a[0].n))
			return gerr(g, line, "usage: module module/path");
		g->module = a[0];
		g->module_line = line;
	} else if (tok_eq(verb, "go")) {
		if (na != 1)
			return gerr(g, line, "usage: go 1.23");
		g->go = a[0];
		g->go_line = line;
	} else if (tok_eq(verb, "toolchain")) {
		if (na != 1 || !str_starts(a[0].p, a[0].n, "go"))
			return gerr(g, line, "usage: toolchain go1.23.4");
		g->toolchain = a[0];
		g->toolchain_line = line;
	} else if (tok_eq(verb, "require") || tok_eq(verb, "exclude")) {
		struct req *r;
		bool ex = tok_eq(verb, "exclude");

		if (na != 2 || !go_valid_path(a[0].p, a[0].n))
			return gerr(g, line,
			            ex ? "usage: exclude module/path v1.2.3"
			               : "usage: require module/path v1.2.3");
		if (!go_valid_version(a[1].p, a[1].n)) {
			g->nerr++;
			extract_error(g->ctx, line, "'%s' is not a module version",
			              langkit_quote(a[1].p, a[1].n));
			return;
		}
		if (ex) {
			ALLOC_GROW(g->excl, g->nexcl + 1, g->aexcl);
			r = &g->excl[g->nexcl++];
		} else {
			ALLOC_GROW(g->reqs, g->nreqs + 1, g->areqs);
			r = &g->reqs[g->nreqs++];
		}
		r->path = a[0];
		r->ver = a[1];
		r->line = line;
		r->indirect = comment.n >= 8 && !memcmp(comment.p, "indirect", 8) &&
		              (comment.n == 8 || comment.p[8] == ';' || comment.p[8] == ' ');
	} else if (tok_eq(verb, "replace")) {
		struct repl *r;
		size_t arrow = na;

		for (size_t i = 0; i < na; i++)
			if (tok_eq(a[i], "=>"))
				arrow = i;
		if (arrow == na || arrow < 1 || arrow > 2 || na - arrow - 1 < 1 ||
		    na - arrow - 1 > 2)
			return gerr(g, line,
			            "usage: replace module/path [v1.2.3] => other/path [v1.4.5]");
		ALLOC_GROW(g->repls, g->nrepls + 1, g->arepls);
		r = &g->repls[g->nrepls++];
		memset(r, 0, sizeof(*r));
		r->old = a[0];
		if (arrow == 2)
			r->oldver = a[1];
		r->new = a[arrow + 1];
		if (na - arrow - 1 == 2)
			r->newver = a[arrow + 2];
		r->line = line;
		if (!go_is_local_path(r->new.p, r->new.n) && !r->newver.n) {
			g->nrepls--;
			return gerr(g, line,
			            "a replacement module needs a version (or a ./local path)");
		}
		if (go_is_local_path(r->new.p, r->new.n) && r->newver.n) {
			g->nrepls--;
			return gerr(g, line, "a replacement by a local path takes no version");
		}
	} else if (tok_eq(verb, "retract") || tok_eq(verb, "godebug") || tok_eq(verb, "tool") ||
	           tok_eq(verb, "ignore")) {
		/* nothing to inventory */
	} else {
		g->nerr++;
		extract_error(g->ctx, line, "unknown directive '%s'",
		              langkit_quote(verb.p, verb.n));
	}
}

static void parse(struct gomod *g, const char *data, size_t len)
{
	struct lines it = LINES_INIT(data, len);
	struct tok t[GOMOD_MAX_TOKENS], comment, block = { 0 };
	size_t block_line = 0;
	const char *s;
	size_t n;

	while (lines_next(&it, &s, &n)) {
		bool bad;
		size_t k;

		if (g->nerr > LANGKIT_MAX_ERRORS) {
			extract_error(g->ctx, it.lineno,
			              "more than %d errors: the rest is not read",
			              LANGKIT_MAX_ERRORS);
			break;
		}
		k = tokenize(s, n, t, ARRAY_SIZE(t), &comment, &bad);

		if (bad) {
			gerr(g, it.lineno, "unterminated quote or too many words");
			continue;
		}
		if (!k)
			continue;
		if (block.n) {
			if (k == 1 && tok_eq(t[0], ")")) {
				block.n = 0;
				continue;
			}
			directive(g, block, t, k, comment, it.lineno);
			continue;
		}
		if (k == 2 && tok_eq(t[1], "(")) {
			block = t[0];
			block_line = it.lineno;
			continue;
		}
		if (k == 1 && tok_eq(t[0], ")")) {
			gerr(g, it.lineno, "')' without a block");
			continue;
		}
		directive(g, t[0], t + 1, k - 1, comment, it.lineno);
	}
	if (block.n)
		gerr(g, block_line, "block '(' is never closed");
}

/* go.sum */

static void sum_name(struct buf *out, const char *rel)
{
	const char *base = fs_basename(rel);
	size_t l = strlen(base);

	if (l > 4 && !strcmp(base + l - 4, ".mod") && strcmp(base, "go.mod")) {
		buf_add(out, base, l - 4);
		buf_adds(out, ".sum");
	} else {
		buf_adds(out, "go.sum");
	}
}

static size_t read_sum(struct gomod *g, struct buf *data, char **display, struct sumline **out)
{
	struct buf name = BUF_INIT;
	struct lines it;
	struct sumline *sl = NULL;
	size_t nsl = 0, asl = 0;
	const char *s;
	size_t n;

	sum_name(&name, extract_rel(g->ctx));
	if (extract_read_relative(g->ctx, name.ptr, data, display) < 0) {
		if (err_code() != ERR_NOTFOUND)
			extract_error(g->ctx, 0, "%s", err_msg());
		else if (g->nreqs)
			extract_note(g->ctx, 0, "no '%s' next to it: no module hashes", name.ptr);
		buf_release(&name);
		*out = NULL;
		return 0;
	}
	it = (struct lines)LINES_INIT(data->ptr, data->len);
	while (lines_next(&it, &s, &n)) {
		struct tok t[4], c;
		bool bad;
		size_t k = tokenize(s, n, t, ARRAY_SIZE(t), &c, &bad);

		if (!k && !bad)
			continue;
		if (bad || k != 3 || !go_valid_path(t[0].p, t[0].n) ||
		    !str_starts(t[2].p, t[2].n, "h1:")) {
			inventory_diag(extract_inventory(g->ctx), INV_ERROR, *display, it.lineno,
			               "not a go.sum line ('module version h1:hash')");
			continue;
		}
		ALLOC_GROW(sl, nsl + 1, asl);
		sl[nsl].path = t[0];
		sl[nsl].ver = t[1];
		sl[nsl].hash = t[2];
		sl[nsl].line = it.lineno;
		nsl++;
	}
	buf_release(&name);
	*out = sl;
	return nsl;
}

/* The zip hash line of path@ver, or NULL. */
static const struct sumline *sum_find(const struct gomod *g, const struct sumline *sl,
                                      struct tok path, struct tok ver)
{
	size_t e = get2(&g->sums, path, ver);

	return e == LKMAP_END ? NULL : &sl[g->sums.ents[e].val];
}

static void set_h1(struct pkg *p, const struct sumline *s)
{
	char *h;

	if (!s)
		return;
	h = xstrndup(s->hash.p, s->hash.n);
	pkg_add_prop(p, "vouch:go-sum-h1", h);
	free(h);
}

/* Go versions before 1.17 list only part of the build list in go.mod. */
static bool go_before_117(struct tok go)
{
	uint64_t major = 0, minor = 0;
	const char *dot = go.n ? memchr(go.p, '.', go.n) : NULL;
	size_t mn;

	if (!dot)
		return true;
	mn = go.n - (size_t)(dot + 1 - go.p);
	for (size_t i = 0; i < mn; i++)
		if (dot[1 + i] < '0' || dot[1 + i] > '9') {
			mn = i;
			break;
		}
	if (num_parse_u64(&major, go.p, (size_t)(dot - go.p), 1000, 0) < 0 ||
	    num_parse_u64(&minor, dot + 1, mn, 100000, 0) < 0)
		return false;
	return major < 1 || (major == 1 && minor < 17);
}

static const struct repl *find_repl(struct gomod *g, struct tok path, struct tok ver)
{
	struct repl *any = NULL;

	for (size_t e = get2(&g->replmap, path, (struct tok){ 0 }); e != LKMAP_END;
	     e = lkmap_next(&g->replmap, e)) {
		struct repl *r = &g->repls[g->replmap.ents[e].val];

		if (r->oldver.n == ver.n && !memcmp(r->oldver.p, ver.p, ver.n)) {
			r->used = true;
			return r;
		}
		if (!r->oldver.n && (!any || any > r))
			any = r;
	}
	if (any)
		any->used = true;
	return any;
}

static bool excluded(struct gomod *g, struct tok path, struct tok ver)
{
	return get2(&g->exclmap, path, ver) != LKMAP_END;
}

static void add_stdlib(struct gomod *g, struct pkg *root)
{
	struct tok v = g->toolchain.n ? g->toolchain : g->go;
	size_t line = g->toolchain.n ? g->toolchain_line : g->go_line;
	struct pkg *p;
	char *ver;
	size_t n;

	if (!v.n)
		return;
	if (g->toolchain.n) {
		/* "go1.23.6-xyz": the release, then a custom suffix */
		v.p += 2;
		v.n -= 2;
		for (n = 0; n < v.n && v.p[n] != '-' && v.p[n] != '+'; n++)
			;
		v.n = n;
	}
	ver = xstrndup(v.p, v.n);
	p = extract_add(g->ctx, GO_ECOSYSTEM, "golang", NULL, "stdlib", ver, line);
	free(ver);
	if (!p)
		return;
	p->flags |= PKG_DIRECT;
	pkg_add_prop(p, "vouch:go-version-source",
	             g->toolchain.n ? "toolchain" : "go directive (minimum version)");
	if (g->toolchain.n) {
		char *tc = xstrndup(g->toolchain.p, g->toolchain.n);

		pkg_add_prop(p, "vouch:go-toolchain", tc);
		free(tc);
	}
	if (root)
		extract_edge(g->ctx, root, p);
}

static int gomod_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct gomod g = { 0 };
	struct buf sum = BUF_INIT;
	char *sum_display = NULL;
	struct sumline *sl = NULL;
	size_t nsl = 0;
	struct pkg *root = NULL;

	g.ctx = ctx;
	parse(&g, data, len);
	if (!g.module.n && !g.nreqs && !g.nerr)
		extract_note(ctx, 0, "no module line and no requirements");
	nsl = read_sum(&g, &sum, &sum_display, &sl);
	for (size_t i = 0; i < nsl; i++) {
		if (memmem(sl[i].ver.p, sl[i].ver.n, "/go.mod", 7))
			continue;
		put2(&g.sums, sl[i].path, sl[i].ver, i);
		put2(&g.sumpaths, sl[i].path, (struct tok){ 0 }, i);
	}
	for (size_t i = 0; i < g.nrepls; i++) {
		put2(&g.replmap, g.repls[i].old, (struct tok){ 0 }, i);
		put2(&g.known, g.repls[i].new, (struct tok){ 0 }, i);
	}
	for (size_t i = 0; i < g.nexcl; i++)
		put2(&g.exclmap, g.excl[i].path, g.excl[i].ver, i);
	for (size_t i = 0; i < g.nreqs; i++)
		put2(&g.known, g.reqs[i].path, (struct tok){ 0 }, i);
	if (g.module.n)
		put2(&g.known, g.module, (struct tok){ 0 }, 0);
	if (g.module.n) {
		root = go_add_module(ctx, g.module.p, g.module.n, NULL, 0, g.module_line);
		if (root)
			root->flags |= PKG_ROOT;
	}
	add_stdlib(&g, root);
	for (size_t i = 0; i < g.nreqs; i++) {
		struct req *r = &g.reqs[i];
		const struct repl *rp;
		struct pkg *p;

		if (excluded(&g, r->path, r->ver)) {
			extract_note(
			        ctx, r->line,
			        "'%s %s' is excluded: Go uses the next version, not listed here",
			        langkit_quote(r->path.p, r->path.n),
			        langkit_quote(r->ver.p, r->ver.n));
			continue;
		}
		if (!go_major_ok(r->path.p, r->path.n, r->ver.p, r->ver.n))
			extract_error(ctx, r->line,
			              "'%s' needs a version of its major version, not '%s'",
			              langkit_quote(r->path.p, r->path.n),
			              langkit_quote(r->ver.p, r->ver.n));
		rp = find_repl(&g, r->path, r->ver);
		if (rp && go_is_local_path(rp->new.p, rp->new.n)) {
			char *lp = xstrndup(rp->new.p, rp->new.n);

			p = go_add_module(ctx, r->path.p, r->path.n, NULL, 0, r->line);
			if (!p) {
				free(lp);
				break;
			}
			p->flags |= PKG_LOCAL;
			pkg_add_prop(p, "vouch:replace-path", lp);
			free(lp);
		} else if (rp) {
			struct buf was = BUF_INIT;

			p = go_add_module(ctx, rp->new.p, rp->new.n, rp->newver.p, rp->newver.n,
			                  r->line);
			if (!p)
				break;
			buf_addf(&was, "%.*s@%.*s", (int)r->path.n, r->path.p, (int)r->ver.n,
			         r->ver.p);
			pkg_add_prop(p, "vouch:replaces", was.ptr);
			buf_release(&was);
			set_h1(p, sum_find(&g, sl, rp->new, rp->newver));
		} else {
			p = go_add_module(ctx, r->path.p, r->path.n, r->ver.p, r->ver.n, r->line);
			if (!p)
				break;
			set_h1(p, sum_find(&g, sl, r->path, r->ver));
		}
		p->flags |= r->indirect ? PKG_TRANSITIVE : PKG_DIRECT;
		if (root && !r->indirect)
			extract_edge(ctx, root, p);
	}
	for (size_t i = 0; i < g.nrepls; i++)
		if (!g.repls[i].used)
			extract_note(ctx, g.repls[i].line,
			             "replace of '%s' applies to no requirement",
			             langkit_quote(g.repls[i].old.p, g.repls[i].old.n));
	/* go < 1.17: the rest of the build list is only in go.sum */
	if (nsl && go_before_117(g.go)) {
		for (size_t i = 0; i < nsl; i++) {
			const struct sumline *s = &sl[i];
			size_t last = get2(&g.sumpaths, s->path, (struct tok){ 0 });
			struct pkg *p;

			/* zip lines only, the last (highest) version of each path */
			if (last == LKMAP_END || g.sumpaths.ents[last].val != i)
				continue;
			if (get2(&g.known, s->path, (struct tok){ 0 }) != LKMAP_END)
				continue;
			p = go_add_module(ctx, s->path.p, s->path.n, s->ver.p, s->ver.n, s->line);
			if (!p)
				break;
			pkg_set_loc_path(p, sum_display);
			p->flags |= PKG_TRANSITIVE;
			pkg_add_prop(p, "vouch:found-in", "go.sum");
			set_h1(p, s);
		}
	}
	free(sl);
	free(sum_display);
	buf_release(&sum);
	free(g.reqs);
	free(g.repls);
	free(g.excl);
	lkmap_release(&g.sums);
	lkmap_release(&g.sumpaths);
	lkmap_release(&g.replmap);
	lkmap_release(&g.exclmap);
	lkmap_release(&g.known);
	return 0;
}

static bool gomod_match(const char *rel, const char *name)
{
	return !strcmp(name, "go.mod");
}

/* A go.mod given under another name: the first directive is a go.mod one. */
static bool gomod_sniff(const char *data, size_t len)
{
	static const char *const verbs[] = { "module",  "go",      "require",
		                             "replace", "exclude", "toolchain" };
	struct lines it = LINES_INIT(data, len < 4096 ? len : 4096);
	const char *s;
	size_t n;

	while (lines_next(&it, &s, &n)) {
		str_trim(&s, &n);
		if (!n || str_starts(s, n, "//"))
			continue;
		for (size_t i = 0; i < ARRAY_SIZE(verbs); i++) {
			size_t l = strlen(verbs[i]);

			if (n > l && !memcmp(s, verbs[i], l) && (s[l] == ' ' || s[l] == '\t'))
				return true;
		}
		return false;
	}
	return false;
}

const struct extractor go_mod_extractor = {
	"go-mod", GO_ECOSYSTEM, gomod_match, gomod_sniff, gomod_extract, 0,
};
