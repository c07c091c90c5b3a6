/*
 * mix_lock.c: Mix lock files (mix.lock), of Elixir and Erlang projects.
 *
 *     %{
 *       "plug": {:hex, :plug, "1.11.1", "INNER", [:mix],
 *                [{:mime, "~> 1.0", [hex: :mime, repo: "hexpm", optional: false]}],
 *                "hexpm", "OUTER"},
 *       "foo": {:git, "https://github.com/org/foo.git", "SHA", [branch: "main"]},
 *     }
 *
 * The file is an Elixir term; a small bounded reader handles the subset
 * mix writes (maps, tuples, lists, keyword lists, atoms, strings,
 * charlists, numbers, comments). Hex entries are Hex packages: the outer
 * checksum is the SHA-256 of the package tarball (a hash); the inner one
 * hashes the tarball's contents in Hex's own way and is kept as the property
 * "vouch:hex-inner-checksum". A repository "hexpm:ORG" is a private
 * organisation: the purl's namespace. Git entries are not Hex packages:
 * github.com ones are pkg:github/OWNER/REPO@SHA, others pkg:generic/NAME@SHA
 * with the URL as vcs_url. Edges come from each entry's dependency list.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/lockparse.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"

#define TERM_MAX_DEPTH 64
#define TERM_MAX_NODES 4000000

enum term_kind { T_MAP, T_TUPLE, T_LIST, T_ATOM, T_STRING, T_NUMBER };

struct term {
	enum term_kind kind;
	size_t line;
	char *s; /* atom, string, number text */
	struct term **kids;
	size_t n, a;
};

struct reader {
	const char *p, *end;
	size_t line;
	size_t nodes;
	size_t err_line;
};

static void term_free(struct term *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		term_free(t->kids[i]);
	free(t->kids);
	free(t->s);
	free(t);
}

static int fail(struct reader *r, const char *what)
{
	r->err_line = r->line;
	if (r->p >= r->end)
		return err_set(ERR_PARSE, "%s at the end of the file", what);
	return err_set(ERR_PARSE, "%s at '%c'", what,
	               (unsigned char)*r->p >= 0x20 && (unsigned char)*r->p < 0x7f ? *r->p : '?');
}

static void skip_space(struct reader *r)
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
		} else {
			break;
		}
	}
}

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '?' || c == '!' || c == '@' || c == '.';
}

static struct term *term_new(struct reader *r, enum term_kind kind)
{
	struct term *t;

	if (++r->nodes > TERM_MAX_NODES) {
		r->err_line = r->line;
		err_set(ERR_TOOBIG, "more than %d terms", TERM_MAX_NODES);
		return NULL;
	}
	t = xcalloc(1, sizeof(*t));
	t->kind = kind;
	t->line = r->line;
	return t;
}

static void add_kid(struct term *t, struct term *k)
{
	ALLOC_GROW(t->kids, t->n + 1, t->a);
	t->kids[t->n++] = k;
}

/* A quoted string or charlist at r->p (the quote q), unescaped into out. */
static int read_quoted(struct reader *r, char q, struct buf *out)
{
	r->p++;
	while (r->p < r->end && *r->p != q) {
		char c = *r->p++;

		if (c == '\n')
			r->line++;
		if (c == '\\') {
			if (r->p >= r->end)
				break;
			c = *r->p++;
			switch (c) {
			case 'n':
				c = '\n';
				break;
			case 't':
				c = '\t';
				break;
			case 'r':
				c = '\r';
				break;
			case '0':
				c = '\0';
				break;
			case '\n':
				r->line++;
				continue;
			default:
				break;
			}
		}
		if (buf_addch(out, c) < 0)
			return err_code();
	}
	if (r->p >= r->end)
		return fail(r, "unterminated string");
	r->p++;
	return 0;
}

static int read_term(struct reader *r, struct term **out, int depth);

/* A keyword key ("name:" or "\"name\":") if one starts here: its text in *key. */
static bool keyword_key(struct reader *r, char **key)
{
	const char *p = r->p;

	if (p < r->end && *p == '"') {
		const char *q = p + 1;
		struct reader save = *r;
		struct buf b = BUF_INIT_MAX((size_t)1 << 20);

		while (q < r->end && *q != '"') {
			if (*q == '\\' && q + 1 < r->end)
				q++;
			q++;
		}
		if (!(q + 1 < r->end && *q == '"' && q[1] == ':' &&
		      (q + 2 >= r->end || q[2] == ' ' || q[2] == '\n' || q[2] == '\t' ||
		       q[2] == '\r')))
			return false;
		if (read_quoted(r, '"', &b) < 0) {
			*r = save;
			buf_release(&b);
			return false;
		}
		*key = buf_detach(&b, NULL);
		r->p++; /* the ':' */
		return true;
	}
	while (p < r->end && ident_char(*p))
		p++;
	if (p > r->p && p + 1 < r->end && *p == ':' &&
	    (p[1] == ' ' || p[1] == '\n' || p[1] == '\t' || p[1] == '\r')) {
		*key = xstrndup(r->p, (size_t)(p - r->p));
		r->p = p + 1;
		return true;
	}
	return false;
}

/* Items up to close; in maps and lists an item may be "key: value" or "k => v". */
static int read_items(struct reader *r, struct term *t, char close, int depth)
{
	for (;;) {
		struct term *k = NULL, *v = NULL;
		char *key = NULL;
		int ret;

		skip_space(r);
		if (r->p < r->end && *r->p == close) {
			r->p++;
			return 0;
		}
		if (t->kind != T_TUPLE && keyword_key(r, &key)) {
			k = term_new(r, T_ATOM);
			if (!k) {
				free(key);
				return ERR_TOOBIG;
			}
			k->s = key;
			ret = read_term(r, &v, depth + 1);
			if (ret < 0) {
				term_free(k);
				return ret;
			}
		} else {
			ret = read_term(r, &k, depth + 1);
			if (ret < 0)
				return ret;
			skip_space(r);
			if (r->end - r->p >= 2 && r->p[0] == '=' && r->p[1] == '>') {
				r->p += 2;
				ret = read_term(r, &v, depth + 1);
				if (ret < 0) {
					term_free(k);
					return ret;
				}
			} else if (t->kind == T_MAP) {
				term_free(k);
				return fail(r, "expected '=>' or 'key:' in a map");
			}
		}
		if (t->kind == T_MAP) {
			add_kid(t, k);
			add_kid(t, v);
		} else if (v) {
			/* a keyword item is the tuple {key, value} */
			struct term *pair = term_new(r, T_TUPLE);

			if (!pair) {
				term_free(k);
				term_free(v);
				return ERR_TOOBIG;
			}
			add_kid(pair, k);
			add_kid(pair, v);
			add_kid(t, pair);
		} else {
			add_kid(t, k);
		}
		skip_space(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			r->p++;
			return 0;
		}
		return fail(r, "expected ',' or a closing bracket");
	}
}

static int read_term(struct reader *r, struct term **out, int depth)
{
	struct term *t = NULL;
	struct buf b = BUF_INIT_MAX((size_t)1 << 20);
	int ret = 0;
	char c;

	*out = NULL;
	if (depth > TERM_MAX_DEPTH) {
		r->err_line = r->line;
		return err_set(ERR_TOOBIG, "terms nested deeper than %d levels", TERM_MAX_DEPTH);
	}
	skip_space(r);
	if (r->p >= r->end)
		return fail(r, "expected a value");
	c = *r->p;
	if (c == '%' && r->end - r->p >= 2 && r->p[1] == '{') {
		r->p += 2;
		if (!(t = term_new(r, T_MAP)))
			return ERR_TOOBIG;
		ret = read_items(r, t, '}', depth);
	} else if (c == '{' || c == '[') {
		r->p++;
		if (!(t = term_new(r, c == '{' ? T_TUPLE : T_LIST)))
			return ERR_TOOBIG;
		ret = read_items(r, t, c == '{' ? '}' : ']', depth);
	} else if (c == '"' || c == '\'') {
		if (!(t = term_new(r, T_STRING)))
			return ERR_TOOBIG;
		ret = read_quoted(r, c, &b);
		t->s = buf_detach(&b, NULL);
	} else if (c == ':' && r->end - r->p >= 2 && r->p[1] == '"') {
		r->p++;
		if (!(t = term_new(r, T_ATOM)))
			return ERR_TOOBIG;
		ret = read_quoted(r, '"', &b);
		t->s = buf_detach(&b, NULL);
	} else if (c == ':' || ident_char(c) || c == '-') {
		const char *s;
		bool atom = c == ':';

		if (atom)
			r->p++;
		s = r->p;
		if (r->p < r->end && *r->p == '-')
			r->p++;
		while (r->p < r->end && ident_char(*r->p))
			r->p++;
		if (r->p == s)
			return fail(r, "expected a name");
		if (!(t = term_new(r, (s[0] >= '0' && s[0] <= '9') || s[0] == '-' ? T_NUMBER
		                                                                  : T_ATOM)))
			return ERR_TOOBIG;
		t->s = xstrndup(s, (size_t)(r->p - s));
	} else {
		return fail(r, "unexpected character");
	}
	buf_release(&b);
	if (ret < 0) {
		/* the entries of the outer map before the error are still read */
		if (depth == 0 && t->kind == T_MAP)
			*out = t;
		else
			term_free(t);
		return ret;
	}
	*out = t;
	return 0;
}

static bool is_atom(const struct term *t, const char *s)
{
	return t && t->kind == T_ATOM && !strcmp(t->s, s);
}

static const char *str_of(const struct term *t)
{
	return t && t->kind == T_STRING ? t->s : NULL;
}

static bool hex_checksum(const char *s)
{
	if (!s || strlen(s) != 64)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') ||
		      (*s >= 'A' && *s <= 'F')))
			return false;
	return true;
}

static struct pkg *add_hex(struct extract_ctx *ctx, const char *key, const struct term *t, int *ret)
{
	const char *version = t->n > 2 ? str_of(t->kids[2]) : NULL;
	const char *inner = t->n > 3 ? str_of(t->kids[3]) : NULL;
	const char *repo = t->n > 6 ? str_of(t->kids[6]) : NULL;
	const char *outer = t->n > 7 ? str_of(t->kids[7]) : NULL;
	const char *name = t->n > 1 && t->kids[1]->kind == T_ATOM ? t->kids[1]->s : NULL;
	char *ns = NULL;
	struct pkg *p;

	if (!name || !version) {
		*ret = extract_error(ctx, t->line,
		                     "hex entry '%s' without a package name or version", key);
		return NULL;
	}
	if (repo && !strncmp(repo, "hexpm:", 6) && repo[6])
		ns = xstrdup(repo + 6);
	p = extract_add(ctx, repo && strcmp(repo, "hexpm") && !ns ? NULL : "Hex", "hex", ns, name,
	                version, t->line);
	free(ns);
	if (!p)
		return NULL;
	if (outer && hex_checksum(outer))
		pkg_add_hash(p, "SHA-256", outer);
	else if (outer)
		*ret = extract_error(ctx, t->line, "outer checksum of '%s' is not 64 hex digits",
		                     key);
	if (inner)
		pkg_add_prop(p, "vouch:hex-inner-checksum", inner);
	if (repo && strcmp(repo, "hexpm") && strncmp(repo, "hexpm:", 6))
		pkg_add_prop(p, "vouch:hex-repository", repo);
	if (strcmp(key, name))
		pkg_add_prop(p, "vouch:mix-app", key);
	return p;
}

static struct pkg *add_git(struct extract_ctx *ctx, const char *key, const struct term *t, int *ret)
{
	const char *url = t->n > 1 ? str_of(t->kids[1]) : NULL;
	const char *sha = t->n > 2 ? str_of(t->kids[2]) : NULL;
	char *host = NULL, *path = NULL;
	struct pkg *p;

	if (!url || !sha) {
		*ret = extract_error(ctx, t->line, "git entry '%s' without a URL or commit", key);
		return NULL;
	}
	if (lp_split_repo_url(&host, &path, url) && !strcmp(host, "github.com") &&
	    strchr(path, '/') && !strchr(strchr(path, '/') + 1, '/')) {
		char *owner = xstrndup(path, (size_t)(strchr(path, '/') - path));

		p = extract_add(ctx, NULL, "github", owner, strchr(path, '/') + 1, sha, t->line);
		free(owner);
	} else {
		p = extract_add(ctx, NULL, "generic", NULL, key, sha, t->line);
		if (p) {
			struct buf vcs = BUF_INIT_MAX(8192);

			buf_addf(&vcs, "git+%s@%s", url, sha);
			pkg_add_qualifier(p, "vcs_url", vcs.ptr);
			buf_release(&vcs);
		}
	}
	free(host);
	free(path);
	if (!p)
		return NULL;
	pkg_add_prop(p, "vouch:git-url", url);
	pkg_add_prop(p, "vouch:mix-app", key);
	return p;
}

static int mix_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct reader r = { data, data + len, 1, 0, 0 };
	struct term *doc = NULL;
	struct pkg **pk = NULL;
	struct lp_names names = { 0 };
	int ret = 0;

	if (read_term(&r, &doc, 0) < 0) {
		ret = extract_error(ctx, r.err_line, "%s", err_msg());
		if (!doc)
			return ret;
	} else {
		skip_space(&r);
		if (r.p < r.end) {
			ret = extract_error(ctx, r.line, "text after the lock file's map");
			goto done;
		}
	}
	if (doc->kind != T_MAP) {
		ret = extract_error(ctx, doc->line, "not a mix.lock: not a map");
		goto done;
	}
	pk = xcalloc(doc->n / 2 + 1, sizeof(*pk));
	for (size_t i = 0; i + 1 < doc->n; i += 2) {
		const struct term *k = doc->kids[i], *v = doc->kids[i + 1];
		const char *key = k->kind == T_STRING || k->kind == T_ATOM ? k->s : NULL;

		if (!key || v->kind != T_TUPLE || !v->n || v->kids[0]->kind != T_ATOM) {
			ret = extract_error(ctx, k->line, "entry is not \"name\": {:scm, ...}");
			continue;
		}
		if (is_atom(v->kids[0], "hex"))
			pk[i / 2] = add_hex(ctx, key, v, &ret);
		else if (is_atom(v->kids[0], "git"))
			pk[i / 2] = add_git(ctx, key, v, &ret);
		else
			ret = extract_error(ctx, k->line, "'%s' comes from :%s, which is not read",
			                    key, v->kids[0]->s);
	}
	/* edges: {:app, "requirement", [opts]} names another entry of the lock */
	for (size_t i = 0; i + 1 < doc->n; i += 2)
		if (pk[i / 2])
			lp_names_add(&names, doc->kids[i]->s, pk[i / 2]);
	lp_names_sort(&names);
	for (size_t i = 0; i + 1 < doc->n; i += 2) {
		const struct term *v = doc->kids[i + 1], *deps;
		struct pkg *to;

		if (!pk[i / 2] || !is_atom(v->kids[0], "hex") || v->n < 6)
			continue;
		deps = v->kids[5];
		for (size_t d = 0; deps->kind == T_LIST && d < deps->n; d++) {
			const struct term *dt = deps->kids[d];

			if (dt->kind != T_TUPLE || !dt->n || dt->kids[0]->kind != T_ATOM)
				continue;
			to = lp_names_get(&names, dt->kids[0]->s);
			if (to)
				extract_edge(ctx, pk[i / 2], to);
		}
	}
done:
	lp_names_release(&names);
	free(pk);
	term_free(doc);
	return ret;
}

static bool mix_match(const char *rel, const char *name)
{
	(void)rel;
	return !strcmp(name, "mix.lock");
}

static bool mix_sniff(const char *data, size_t len)
{
	size_t i = 0;

	while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
		i++;
	return len - i >= 2 && data[i] == '%' && data[i + 1] == '{';
}

const struct extractor mix_lock_extractor = {
	"mix-lock", "Hex", mix_match, mix_sniff, mix_extract, (size_t)32 << 20,
};
