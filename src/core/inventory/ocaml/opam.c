/*
 * opam.c: OCaml packages from opam: lock files (`opam lock` writes
 * NAME.opam.locked) and a switch's state (.opam-switch/switch-state).
 *
 *     opam-version: "2.0"
 *     name: "app"
 *     version: "1.0"
 *     depends: [
 *       "dune" {= "3.7.2"}
 *       "alcotest" {= "1.7.0" & with-test}
 *     ]
 *     pin-depends: [ ["bar.dev" "git+https://github.com/x/bar.git#abc"] ]
 *
 *     installed: ["dune.3.7.2" "ocamlfind.1.9.6"]   (switch-state)
 *     roots: ["dune.3.7.2"]
 *
 * Both are in opam's own file format (fields "name: value"; values are
 * strings, identifiers, lists [...], groups (...), options value {...} and
 * operators); a small bounded reader handles it (no JSON/YAML/TOML here).
 * Each package is pkg:opam/NAME@VERSION in the OSV ecosystem opam. In a lock
 * file every dependency is pinned by {= "VERSION"}; one whose filter names
 * with-test, with-doc or with-dev-setup is PKG_DEV; the file's own name and
 * version are the project (the root). opam lock pins the whole tree, direct
 * and transitive alike: the NAME.opam beside NAME.opam.locked says which are
 * direct (edges from the root), the rest then transitive; without it neither
 * is said and there are no edges (the lock has none). A pin-depends entry
 * gives its package's source (vouch:source) and makes it PKG_LOCAL. A
 * dependency without "=" is PKG_UNRESOLVED with its constraint kept. In a
 * switch-state, installed lists NAME.VERSION; the roots (what the user asked
 * for) are direct, the others transitive; pinned ones are local.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"

#define OPAM_ECOSYSTEM "opam"
#define ON_MAX_DEPTH   64
#define ON_MAX_NODES   4000000

enum on_kind { ON_STRING, ON_IDENT, ON_OP, ON_LIST, ON_GROUP, ON_SECTION };

struct onode {
	enum on_kind kind;
	size_t line;
	char *s;
	struct onode **kids; /* list or group items; a section's fields */
	size_t n, a;
	struct onode *opt; /* the {...} after a value: a group of its tokens, or NULL */
};

/* A field of the file: "name: value", value a group of what follows. */
struct ofield {
	char *name;
	size_t line;
	struct onode *value;
};

struct oreader {
	const char *p, *end;
	size_t line, nodes, err_line;
};

static void on_free(struct onode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		on_free(n->kids[i]);
	free(n->kids);
	on_free(n->opt);
	free(n->s);
	free(n);
}

static int ofail(struct oreader *r, const char *what)
{
	r->err_line = r->line;
	return err_set(ERR_PARSE, "%s", what);
}

static int skip_space(struct oreader *r)
{
	while (r->p < r->end) {
		if (*r->p == '\n') {
			r->line++;
			r->p++;
		} else if (*r->p == ' ' || *r->p == '\t' || *r->p == '\r') {
			r->p++;
		} else if (*r->p == '#') {
			while (r->p < r->end && *r->p != '\n')
				r->p++;
		} else if (r->end - r->p >= 2 && r->p[0] == '(' && r->p[1] == '*') {
			size_t start = r->line;

			r->p += 2;
			while (r->p < r->end &&
			       !(r->end - r->p >= 2 && r->p[0] == '*' && r->p[1] == ')')) {
				if (*r->p == '\n')
					r->line++;
				r->p++;
			}
			if (r->p >= r->end) {
				r->line = start;
				return ofail(r, "unterminated comment");
			}
			r->p += 2;
		} else {
			break;
		}
	}
	return 0;
}

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '+' || c == '.' || c == ':' || c == '%' || c == '~' ||
	       c == '/' || c == '@';
}

static struct onode *on_new(struct oreader *r, enum on_kind kind)
{
	struct onode *n;

	if (++r->nodes > ON_MAX_NODES) {
		r->err_line = r->line;
		err_set(ERR_TOOBIG, "more than %d values", ON_MAX_NODES);
		return NULL;
	}
	n = xcalloc(1, sizeof(*n));
	n->kind = kind;
	n->line = r->line;
	return n;
}

static void on_add(struct onode *t, struct onode *k)
{
	ALLOC_GROW(t->kids, t->n + 1, t->a);
	t->kids[t->n++] = k;
}

/* A string at r->p: "..." or """...""", escapes decoded. */
static int read_string(struct oreader *r, struct buf *out)
{
	size_t start = r->line;
	bool triple = r->end - r->p >= 3 && !memcmp(r->p, "\"\"\"", 3);

	r->p += triple ? 3 : 1;
	while (r->p < r->end) {
		char c = *r->p;

		if (triple ? (r->end - r->p >= 3 && !memcmp(r->p, "\"\"\"", 3)) : c == '"') {
			r->p += triple ? 3 : 1;
			return 0;
		}
		r->p++;
		if (c == '\n')
			r->line++;
		if (c == '\\' && r->p < r->end) {
			c = *r->p++;
			if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
			else if (c == '\n') {
				r->line++;
				while (r->p < r->end && (*r->p == ' ' || *r->p == '\t'))
					r->p++;
				continue;
			}
		}
		if (buf_addch(out, c) < 0)
			return err_code();
	}
	r->line = start;
	return ofail(r, "unterminated string");
}

static int read_value(struct oreader *r, struct onode **out, int depth);

/* Items up to the closing bracket into t. */
static int read_items(struct oreader *r, struct onode *t, char close, int depth)
{
	for (;;) {
		struct onode *k = NULL;
		int ret;

		if ((ret = skip_space(r)) < 0)
			return ret;
		if (r->p >= r->end)
			return ofail(r, close == ']'   ? "unclosed '['"
			                : close == ')' ? "unclosed '('"
			                               : "unclosed '{'");
		if (*r->p == close) {
			r->p++;
			return 0;
		}
		if ((ret = read_value(r, &k, depth + 1)) < 0)
			return ret;
		on_add(t, k);
	}
}

static int read_value(struct oreader *r, struct onode **out, int depth)
{
	struct onode *n = NULL;
	struct buf b = BUF_INIT_MAX((size_t)1 << 20);
	int ret = 0;
	char c;

	*out = NULL;
	if (depth > ON_MAX_DEPTH) {
		r->err_line = r->line;
		return err_set(ERR_TOOBIG, "nested more than %d deep", ON_MAX_DEPTH);
	}
	if ((ret = skip_space(r)) < 0)
		return ret;
	if (r->p >= r->end)
		return ofail(r, "a value expected at the end of the file");
	c = *r->p;
	if (c == '"') {
		if (!(n = on_new(r, ON_STRING)))
			return ERR_TOOBIG;
		if ((ret = read_string(r, &b)) < 0)
			goto fail;
		n->s = buf_detach(&b, NULL);
	} else if (c == '[' || c == '(') {
		if (!(n = on_new(r, c == '[' ? ON_LIST : ON_GROUP)))
			return ERR_TOOBIG;
		r->p++;
		if ((ret = read_items(r, n, c == '[' ? ']' : ')', depth)) < 0)
			goto fail;
	} else if (strchr("&|!?=<>", c)) {
		const char *s = r->p++;

		if (r->p < r->end && *r->p == '=' && strchr("!<>", c))
			r->p++;
		if (!(n = on_new(r, ON_OP)))
			return ERR_TOOBIG;
		n->s = xmemdupz(s, (size_t)(r->p - s));
	} else if (ident_char(c)) {
		const char *s = r->p;

		while (r->p < r->end && ident_char(*r->p))
			r->p++;
		if (!(n = on_new(r, ON_IDENT)))
			return ERR_TOOBIG;
		n->s = xmemdupz(s, (size_t)(r->p - s));
	} else {
		return ofail(r, "unexpected character");
	}
	/* an option: value { ... } */
	if ((ret = skip_space(r)) < 0)
		goto fail;
	if (r->p < r->end && *r->p == '{' && n->kind != ON_OP) {
		if (!(n->opt = on_new(r, ON_GROUP))) {
			ret = ERR_TOOBIG;
			goto fail;
		}
		r->p++;
		if ((ret = read_items(r, n->opt, '}', depth)) < 0)
			goto fail;
	}
	*out = n;
	return 0;
fail:
	buf_release(&b);
	on_free(n);
	return ret;
}

/*
 * The file: fields "name: value..." (the value runs to the next field) and
 * sections "name ["label"] { fields }", kept as ON_SECTION values.
 */
static int read_file(struct oreader *r, struct ofield **out, size_t *nout)
{
	struct ofield *f = NULL;
	size_t n = 0, a = 0;
	int ret = 0;

	for (;;) {
		const char *s;
		struct onode *v = NULL;

		if ((ret = skip_space(r)) < 0)
			break;
		if (r->p >= r->end)
			break;
		s = r->p;
		while (r->p < r->end && ident_char(*r->p) && *r->p != ':')
			r->p++;
		if (r->p == s) {
			ret = ofail(r, "a field name expected");
			break;
		}
		ALLOC_GROW(f, n + 1, a);
		f[n] = (struct ofield){ xmemdupz(s, (size_t)(r->p - s)), r->line, NULL };
		n++;
		if ((ret = skip_space(r)) < 0)
			break;
		if (r->p < r->end && *r->p == ':') {
			r->p++;
			if (!(f[n - 1].value = on_new(r, ON_GROUP))) {
				ret = ERR_TOOBIG;
				break;
			}
			/* the value and any operators joining more values */
			if ((ret = read_value(r, &v, 1)) < 0)
				break;
			on_add(f[n - 1].value, v);
			for (;;) {
				if ((ret = skip_space(r)) < 0)
					break;
				if (r->p >= r->end || !strchr("&|", *r->p))
					break;
				if ((ret = read_value(r, &v, 1)) < 0 ||
				    (on_add(f[n - 1].value, v), 0) ||
				    (ret = read_value(r, &v, 1)) < 0)
					break;
				on_add(f[n - 1].value, v);
			}
			if (ret < 0)
				break;
		} else {
			/* a section: name ["label"] { ... } */
			if (!(f[n - 1].value = on_new(r, ON_SECTION))) {
				ret = ERR_TOOBIG;
				break;
			}
			if (r->p < r->end && *r->p == '"') {
				if ((ret = read_value(r, &v, 1)) < 0)
					break;
				on_add(f[n - 1].value, v);
				if ((ret = skip_space(r)) < 0)
					break;
			}
			if (r->p >= r->end || *r->p != '{') {
				ret = ofail(r, "':' or a section expected after a field name");
				break;
			}
			r->p++;
			if ((ret = read_items(r, f[n - 1].value, '}', 1)) < 0)
				break;
		}
	}
	*out = f;
	*nout = n;
	return ret;
}

static void fields_free(struct ofield *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].name);
		on_free(f[i].value);
	}
	free(f);
}

static const struct ofield *field(const struct ofield *f, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i].name, name))
			return &f[i];
	return NULL;
}

/* A field whose value is one string. */
static const char *field_str(const struct ofield *f, size_t n, const char *name)
{
	const struct ofield *x = field(f, n, name);

	return x && x->value->kind == ON_GROUP && x->value->n == 1 &&
	                       x->value->kids[0]->kind == ON_STRING
	               ? x->value->kids[0]->s
	               : NULL;
}

/* A field whose value is one list: its node, else NULL. */
static const struct onode *field_list(const struct ofield *f, size_t n, const char *name)
{
	const struct ofield *x = field(f, n, name);

	return x && x->value->kind == ON_GROUP && x->value->n == 1 &&
	                       x->value->kids[0]->kind == ON_LIST
	               ? x->value->kids[0]
	               : NULL;
}

/* The strings of a list into m (values 0). */
static void put_strings(struct lkmap *m, const struct onode *list)
{
	for (size_t i = 0; list && i < list->n; i++)
		if (list->kids[i]->kind == ON_STRING)
			lkmap_put(m, list->kids[i]->s, strlen(list->kids[i]->s), 0);
}

/* The version an option pins ({= "1.2"}, alone or joined by &), and whether it is dev. */
static const char *pinned_version(const struct onode *opt, bool *dev)
{
	const char *ver = NULL;

	*dev = false;
	for (size_t i = 0; opt && i < opt->n; i++) {
		const struct onode *k = opt->kids[i];

		if (k->kind == ON_OP && !strcmp(k->s, "=") && i + 1 < opt->n &&
		    opt->kids[i + 1]->kind == ON_STRING)
			ver = opt->kids[i + 1]->s;
		if (k->kind == ON_IDENT &&
		    (!strcmp(k->s, "with-test") || !strcmp(k->s, "with-doc") ||
		     !strcmp(k->s, "with-dev-setup")))
			*dev = true;
	}
	return ver;
}

/* "name.version" (opam's package.version): split at the first '.'. */
static bool split_nv(const char *s, char **name, char **ver)
{
	const char *dot = strchr(s, '.');

	if (!dot || dot == s || !dot[1])
		return false;
	*name = xmemdupz(s, (size_t)(dot - s));
	*ver = xstrdup(dot + 1);
	return true;
}

static void report(struct extract_ctx *ctx, const struct oreader *r)
{
	extract_error(ctx, r->err_line, "not an opam file: %s", err_msg());
}

static void opt_text(struct buf *b, const struct onode *opt)
{
	for (size_t i = 0; opt && i < opt->n; i++) {
		const struct onode *k = opt->kids[i];

		buf_addf(b, "%s%s%s%s", i ? " " : "", k->kind == ON_STRING ? "\"" : "",
		         k->s ? k->s : "(...)", k->kind == ON_STRING ? "\"" : "");
	}
}

/*
 * The depends of the NAME.opam beside NAME.opam.locked: the direct
 * dependencies, into *direct (names); false when there is no such file or it
 * cannot be read.
 */
static bool direct_deps(struct extract_ctx *ctx, struct lkmap *direct)
{
	const char *base = strrchr(extract_rel(ctx), '/');
	struct buf data = BUF_INIT;
	struct ofield *f = NULL;
	size_t nf = 0, n;
	const struct onode *deps;
	struct oreader r;
	char *name;
	bool ok = false;

	base = base ? base + 1 : extract_rel(ctx);
	n = strlen(base);
	if (n <= 7)
		return false;
	name = xmemdupz(base, n - 7); /* without ".locked" */
	if (extract_read_relative(ctx, name, &data, NULL) == 0) {
		r = (struct oreader){ data.ptr, data.ptr + data.len, 1, 0, 0 };
		if (read_file(&r, &f, &nf) == 0 && (deps = field_list(f, nf, "depends"))) {
			ok = true;
			for (size_t i = 0; i < deps->n; i++)
				if (deps->kids[i]->kind == ON_STRING)
					lkmap_put(direct, deps->kids[i]->s,
					          strlen(deps->kids[i]->s), 0);
		}
		fields_free(f, nf);
	}
	free(name);
	buf_release(&data);
	return ok;
}

/* The source a pin-depends entry ["NAME.VERSION" "URL"] gives name, or NULL. */
static const char *pin_source(const struct onode *pins, const char *name)
{
	for (size_t k = 0; pins && k < pins->n; k++) {
		const struct onode *pin = pins->kids[k];
		char *pn = NULL, *pver = NULL;
		bool same = false;

		if (pin->kind == ON_LIST && pin->n == 2 && pin->kids[0]->kind == ON_STRING &&
		    pin->kids[1]->kind == ON_STRING && split_nv(pin->kids[0]->s, &pn, &pver))
			same = !strcmp(pn, name);
		free(pn);
		free(pver);
		if (same)
			return pin->kids[1]->s;
	}
	return NULL;
}

static int locked_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct oreader r = { data, data + len, 1, 0, 0 };
	struct ofield *f = NULL;
	size_t nf = 0;
	int ret = read_file(&r, &f, &nf);
	const struct onode *deps, *pins;
	const char *name, *ver;
	struct pkg *root = NULL;
	struct lkmap direct = LKMAP_INIT;
	bool known;

	if (ret < 0)
		report(ctx, &r); /* the fields before the error are still read */
	known = direct_deps(ctx, &direct);
	name = field_str(f, nf, "name");
	ver = field_str(f, nf, "version");
	if (name) {
		root = extract_add(ctx, NULL, "opam", NULL, name, ver, field(f, nf, "name")->line);
		if (root)
			root->flags |= PKG_ROOT;
	}
	deps = field_list(f, nf, "depends");
	pins = field_list(f, nf, "pin-depends");
	if (!deps && field(f, nf, "depends") && ret == 0)
		extract_error(ctx, field(f, nf, "depends")->line, "'depends' is not a list");
	for (size_t i = 0; deps && i < deps->n; i++) {
		const struct onode *d = deps->kids[i];
		const char *pv, *src;
		struct pkg *p;
		bool dev;

		if (d->kind != ON_STRING) {
			if (d->kind == ON_GROUP || d->kind == ON_OP)
				extract_note(ctx, d->line,
				             "a dependency formula (alternatives) is "
				             "not read");
			continue;
		}
		pv = pinned_version(d->opt, &dev);
		src = pin_source(pins, d->s);
		p = extract_add(ctx, OPAM_ECOSYSTEM, "opam", NULL, d->s, pv, d->line);
		if (!p) {
			ret = err_code();
			break;
		}
		if (src) {
			p->flags |= PKG_LOCAL;
			pkg_add_prop(p, "vouch:source", src);
		}
		if (dev)
			p->flags |= PKG_DEV;
		if (known && lkmap_first(&direct, d->s, strlen(d->s)) != LKMAP_END) {
			p->flags |= PKG_DIRECT;
			if (root)
				extract_edge(ctx, root, p);
		} else if (known) {
			p->flags |= PKG_TRANSITIVE;
		}
		if (!pv) {
			struct buf b = BUF_INIT_MAX(8192);

			p->flags |= PKG_UNRESOLVED;
			opt_text(&b, d->opt);
			if (b.len)
				pkg_add_prop(p, "vouch:requirement", b.ptr);
			buf_release(&b);
		}
	}
	lkmap_release(&direct);
	fields_free(f, nf);
	return ret < 0 ? ret : 0;
}

static bool locked_match(const char *rel, const char *name)
{
	size_t n = strlen(name);

	(void)rel;
	return n > 12 && !strcmp(name + n - 12, ".opam.locked");
}

static bool locked_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	return len > 13 && !memcmp(data, "opam-version:", 13) &&
	       memmem(data, head, "depends:", 8) && !memmem(data, head, "installed:", 10);
}

const struct extractor opam_locked_extractor = {
	"opam-locked", OPAM_ECOSYSTEM, locked_match, locked_sniff, locked_extract, 0,
};

/* .opam-switch/switch-state */

static int state_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct oreader r = { data, data + len, 1, 0, 0 };
	struct ofield *f = NULL;
	size_t nf = 0;
	int ret = read_file(&r, &f, &nf);
	const struct onode *inst, *roots, *pinned;
	struct lkmap rootset = LKMAP_INIT, pinset = LKMAP_INIT;

	if (ret < 0)
		report(ctx, &r);
	inst = field_list(f, nf, "installed");
	roots = field_list(f, nf, "roots");
	pinned = field_list(f, nf, "pinned");
	if (!inst && ret == 0)
		ret = extract_error(ctx, 0, "no 'installed' list: not an opam switch state");
	put_strings(&rootset, roots);
	put_strings(&pinset, pinned);
	for (size_t i = 0; inst && i < inst->n; i++) {
		const struct onode *k = inst->kids[i];
		char *name = NULL, *ver = NULL;
		struct pkg *p;
		bool pin;

		if (k->kind != ON_STRING || !split_nv(k->s, &name, &ver)) {
			extract_error(ctx, k->line, "installed entry '%s' is not NAME.VERSION",
			              k->s ? LKQ(k->s) : "(a list)");
			continue;
		}
		pin = lkmap_first(&pinset, k->s, strlen(k->s)) != LKMAP_END;
		p = extract_add(ctx, OPAM_ECOSYSTEM, "opam", NULL, name, ver, k->line);
		free(name);
		free(ver);
		if (!p) {
			ret = err_code();
			break;
		}
		if (roots)
			p->flags |= lkmap_first(&rootset, k->s, strlen(k->s)) != LKMAP_END
			                    ? PKG_DIRECT
			                    : PKG_TRANSITIVE;
		if (pin)
			p->flags |= PKG_LOCAL;
	}
	lkmap_release(&rootset);
	lkmap_release(&pinset);
	fields_free(f, nf);
	return ret < 0 ? ret : 0;
}

static bool state_match(const char *rel, const char *name)
{
	size_t n = strlen(rel);

	return !strcmp(name, "switch-state") && n >= 25 &&
	       !strcmp(rel + n - 25, ".opam-switch/switch-state");
}

static bool state_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	return len > 13 && !memcmp(data, "opam-version:", 13) &&
	       memmem(data, head, "installed:", 10);
}

const struct extractor opam_switch_state_extractor = {
	"opam-switch-state", OPAM_ECOSYSTEM, state_match, state_sniff, state_extract, 0,
};
