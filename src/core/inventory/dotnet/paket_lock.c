/*
 * paket_lock.c: Paket's lock file, paket.lock (.NET).
 *
 *     STORAGE: NONE
 *     NUGET
 *       remote: https://api.nuget.org/v3/index.json
 *         Castle.Core-log4net (3.3.0)
 *           Castle.Core (>= 3.3.0)
 *           log4net (1.2.10) - restriction: >= net45
 *     GITHUB
 *       remote: forki/FsUnit
 *         FsUnit.fs (7623fc13439f0e60bd05c1ed3b5f6dcb937fe468)
 *     GROUP Build
 *     NUGET
 *       remote: https://api.nuget.org/v3/index.json
 *         FAKE (5.20.4)
 *
 * Sections are the groups (the first one, unnamed, is Paket's "Main"),
 * each with NUGET, GITHUB, HTTP and GIT sources. A NUGET package (indented
 * four spaces) is pkg:nuget/NAME@VERSION in the OSV ecosystem NuGet, its
 * group kept as vouch:paket-group; the lines indented six below it are its
 * dependencies, NAME (CONSTRAINT): edges to the package of that name in the
 * same group (the constraint is not a version). A GITHUB, HTTP or GIT entry
 * is a file or repository Paket fetched, not a NuGet package: a PKG_LOCAL
 * pkg:generic named after its source, the commit as version where pinned.
 * The paket.dependencies beside the lock names the direct packages of each
 * group (`nuget NAME`): they are PKG_DIRECT, the other NuGet packages
 * PKG_TRANSITIVE; without it neither is said. A group is not development
 * only by its name (`GROUP Test` may ship): no PKG_DEV.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include <ctype.h>

#define PAKET_ECOSYSTEM  "NuGet"
#define PAKET_MAX_GROUPS 4096

enum psection { SEC_NONE, SEC_NUGET, SEC_GITHUB, SEC_HTTP, SEC_GIT };

struct ppkg {
	size_t group;
	struct pkg *pkg;
};

struct pedge {
	size_t from; /* index in plock.pkgs */
	char *name;
	size_t line;
};

struct plock {
	struct extract_ctx *ctx;
	char **groups; /* groups[0] is "Main" */
	size_t ngroups, agroups;
	struct ppkg *pkgs;
	size_t npkgs, apkgs;
	struct pedge *edges;
	size_t nedges, aedges;
	struct lkmap byname; /* "GROUP\nname" lower-cased -> index in pkgs */
	size_t nerrors;
};

/* The key of a package in a group: names and groups compare ignoring case. */
static void group_key(struct buf *k, const char *group, const char *name, size_t nlen)
{
	buf_reset(k);
	buf_adds(k, group);
	buf_addch(k, '\n');
	buf_add(k, name, nlen);
	for (size_t i = 0; i < k->len; i++)
		k->ptr[i] = (char)tolower((unsigned char)k->ptr[i]);
}

static int perr(struct plock *l, size_t line, const char *fmt, const char *arg)
{
	l->nerrors++;
	if (l->nerrors <= LANGKIT_MAX_ERRORS)
		extract_error(l->ctx, line, fmt, arg);
	return ERR_PARSE;
}

/*
 * "NAME (INSIDE)REST": the name and what the first parentheses hold. False
 * when there are no parentheses; name may be empty (a GIT entry).
 */
static bool split_entry(const char *s, size_t n, const char **name, size_t *nlen, const char **in,
                        size_t *inlen, const char **rest)
{
	const char *open = memchr(s, '(', n), *close;

	if (!open)
		return false;
	close = memchr(open, ')', n - (size_t)(open - s));
	if (!close)
		return false;
	*name = s;
	*nlen = (size_t)(open - s);
	while (*nlen && s[*nlen - 1] == ' ')
		(*nlen)--;
	*in = open + 1;
	*inlen = (size_t)(close - open - 1);
	*rest = close + 1;
	return true;
}

static bool token_ok(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == '(' || s[i] == ')')
			return false;
	return true;
}

static int nuget_entry(struct plock *l, size_t group, const char *remote, const char *s, size_t n,
                       size_t line)
{
	const char *name, *ver, *rest;
	size_t nlen, vlen;
	struct pkg *p;
	struct buf k = BUF_INIT;
	char *nm, *v;

	if (!split_entry(s, n, &name, &nlen, &ver, &vlen, &rest) || !token_ok(name, nlen) ||
	    !token_ok(ver, vlen)) {
		perr(l, line, "'%s' is not NAME (VERSION)", langkit_quote(s, n));
		return 0;
	}
	nm = xmemdupz(name, nlen);
	v = xmemdupz(ver, vlen);
	p = extract_add(l->ctx, PAKET_ECOSYSTEM, "nuget", NULL, nm, v, line);
	if (p) {
		pkg_add_prop(p, "vouch:paket-group", l->groups[group]);
		if (remote && !strstr(remote, "nuget.org/"))
			pkg_add_prop(p, "vouch:source", remote);
		ALLOC_GROW(l->pkgs, l->npkgs + 1, l->apkgs);
		l->pkgs[l->npkgs] = (struct ppkg){ group, p };
		group_key(&k, l->groups[group], nm, nlen);
		lkmap_put(&l->byname, k.ptr, k.len, l->npkgs);
		l->npkgs++;
	}
	buf_release(&k);
	free(nm);
	free(v);
	return p ? 0 : ERR_TOOBIG;
}

/* "NAME (CONSTRAINT) - restriction: ..." or a bare NAME, below the last package. */
static void nuget_dep(struct plock *l, const char *s, size_t n, size_t line)
{
	const char *name = s, *in, *rest;
	size_t nlen = 0, inlen;

	while (nlen < n && s[nlen] != ' ' && s[nlen] != '(')
		nlen++;
	if (split_entry(s, n, &name, &nlen, &in, &inlen, &rest) && !token_ok(name, nlen))
		nlen = 0;
	if (!token_ok(name, nlen)) {
		perr(l, line, "'%s' is not a dependency NAME (CONSTRAINT)", langkit_quote(s, n));
		return;
	}
	if (!l->npkgs || l->pkgs[l->npkgs - 1].pkg == NULL)
		return;
	ALLOC_GROW(l->edges, l->nedges + 1, l->aedges);
	l->edges[l->nedges++] = (struct pedge){ l->npkgs - 1, xmemdupz(name, nlen), line };
}

/* The host and path of a remote, for a pkg:generic namespace: "github.com/fsharp/FAKE". */
static char *remote_ns(enum psection sec, const char *remote)
{
	const char *s = remote, *e;

	if (sec == SEC_GITHUB) {
		struct buf b = BUF_INIT;

		buf_addf(&b, "github.com/%s", remote);
		return buf_detach(&b, NULL);
	}
	if (strstr(s, "://"))
		s = strstr(s, "://") + 3;
	if (strchr(s, '@') && (!strchr(s, '/') || strchr(s, '@') < strchr(s, '/')))
		s = strchr(s, '@') + 1; /* git@host:path */
	e = s + strlen(s);
	while (e > s && e[-1] == '/')
		e--;
	if (e - s > 4 && !strncmp(e - 4, ".git", 4))
		e -= 4;
	{
		char *r = xmemdupz(s, (size_t)(e - s));

		for (char *c = r; *c; c++)
			if (*c == ':')
				*c = '/';
		return r;
	}
}

static int source_entry(struct plock *l, enum psection sec, size_t group, const char *remote,
                        const char *s, size_t n, size_t line)
{
	const char *name, *in, *rest;
	size_t nlen, inlen;
	char *ns = NULL, *nm = NULL, *ver = NULL;
	struct buf b = BUF_INIT;
	struct pkg *p;

	if (!split_entry(s, n, &name, &nlen, &in, &inlen, &rest) ||
	    (sec != SEC_GIT && !token_ok(name, nlen)) || !token_ok(in, inlen)) {
		perr(l, line, "'%s' is not PATH (COMMIT)", langkit_quote(s, n));
		return 0;
	}
	ns = remote_ns(sec, remote);
	if (sec == SEC_HTTP) {
		/* PATH (URL PATH): the file as saved, and where it came from */
		nm = xmemdupz(name, nlen);
		buf_addf(&b, "%s", remote);
		while (b.len && b.ptr[b.len - 1] == '/')
			buf_truncate(&b, b.len - 1);
		if (in[0] != '/')
			buf_addch(&b, '/');
		buf_add(&b, in, inlen);
	} else {
		/* GITHUB: PATH (COMMIT); GIT: (COMMIT), the repository itself */
		nm = nlen ? xmemdupz(name, nlen) : NULL;
		ver = xmemdupz(in, inlen);
		buf_addf(&b, "git+%s%s@%s", sec == SEC_GITHUB ? "https://github.com/" : "", remote,
		         ver);
		if (nm)
			buf_addf(&b, "#%s", nm);
	}
	if (!nm) {
		/* a GIT entry is the repository: its last path segment is the name */
		char *slash = strrchr(ns, '/');

		if (slash) {
			*slash = '\0';
			p = extract_add(l->ctx, NULL, "generic", ns, slash + 1, ver, line);
		} else {
			p = extract_add(l->ctx, NULL, "generic", NULL, ns, ver, line);
		}
	} else {
		p = extract_add(l->ctx, NULL, "generic", ns, nm, ver, line);
	}
	if (p) {
		p->flags |= PKG_LOCAL;
		pkg_add_prop(p, "vouch:source", b.ptr);
		pkg_add_prop(p, "vouch:paket-group", l->groups[group]);
		pkg_add_prop(p, "vouch:paket-source-kind",
		             sec == SEC_GITHUB ? "github"
		             : sec == SEC_HTTP ? "http"
		                               : "git");
	}
	buf_release(&b);
	free(ns);
	free(nm);
	free(ver);
	return p ? 0 : ERR_TOOBIG;
}

static bool is_option(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (isupper((unsigned char)s[i]) || s[i] == '-' || s[i] == '_'))
		i++;
	return i > 0 && i < n && s[i] == ':';
}

static size_t add_group(struct plock *l, const char *name, size_t n)
{
	ALLOC_GROW(l->groups, l->ngroups + 1, l->agroups);
	l->groups[l->ngroups] = xmemdupz(name, n);
	return l->ngroups++;
}

/* A word that starts a line of paket.dependencies (options end with ':'). */
static bool deps_word(const char *w, size_t n)
{
	static const char *const words[] = { "source", "nuget",   "github",       "gist",
		                             "http",   "git",     "group",        "clitool",
		                             "cache",  "version", "external_lock" };

	if (n >= 2 && (!strncmp(w, "//", 2) || w[0] == '#'))
		return true;
	if (n && (w[0] == '#' || w[n - 1] == ':'))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strlen(words[i]) == n && !strncasecmp(w, words[i], n))
			return true;
	return false;
}

/*
 * paket.dependencies beside the lock: `nuget NAME` in each `group` are
 * direct. A line it cannot be (not Paket's) makes it unused, with a note.
 */
static void dependencies(struct plock *l)
{
	struct buf data = BUF_INIT, k = BUF_INIT;
	const char *group = "Main";
	char *gcopy = NULL;
	bool *direct;
	size_t line = 0;

	if (extract_read_relative(l->ctx, "paket.dependencies", &data, NULL) < 0) {
		err_clear();
		buf_release(&data);
		return;
	}
	direct = xcalloc(l->npkgs ? l->npkgs : 1, sizeof(*direct));
	for (const char *s = data.ptr, *end = data.ptr + data.len; s < end;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s)), *e = nl ? nl : end, *w;
		size_t wl = 0;

		line++;
		while (s < e && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++;
		w = s;
		while (w + wl < e && !strchr(" \t\r", w[wl]))
			wl++;
		if (wl && !deps_word(w, wl)) {
			extract_note(l->ctx, 0,
			             "paket.dependencies:%zu: '%s' is not a Paket line: its direct "
			             "dependencies are not used",
			             line, langkit_quote(w, (size_t)(e - w)));
			goto done;
		}
		if (wl == 5 && (!strncasecmp(w, "group", 5) || !strncasecmp(w, "nuget", 5))) {
			const char *a = w + wl, *ae;

			while (a < e && (*a == ' ' || *a == '\t'))
				a++;
			ae = a;
			while (ae < e && !strchr(" \t\r", *ae))
				ae++;
			if (ae > a && tolower((unsigned char)*w) == 'g') {
				free(gcopy);
				gcopy = xmemdupz(a, (size_t)(ae - a));
				group = gcopy;
			} else if (ae > a) {
				group_key(&k, group, a, (size_t)(ae - a));
				for (size_t i = lkmap_first(&l->byname, k.ptr, k.len);
				     i != LKMAP_END; i = lkmap_next(&l->byname, i))
					direct[l->byname.ents[i].val] = true;
			}
		}
		s = nl ? nl + 1 : end;
	}
	for (size_t i = 0; i < l->npkgs; i++)
		if (l->pkgs[i].pkg)
			l->pkgs[i].pkg->flags |= direct[i] ? PKG_DIRECT : PKG_TRANSITIVE;
done:
	free(direct);
	free(gcopy);
	buf_release(&k);
	buf_release(&data);
}

static void link_edges(struct plock *l)
{
	struct buf k = BUF_INIT;

	for (size_t i = 0; i < l->nedges; i++) {
		const struct pedge *e = &l->edges[i];
		const struct ppkg *from = &l->pkgs[e->from];
		size_t m;

		group_key(&k, l->groups[from->group], e->name, strlen(e->name));
		m = lkmap_first(&l->byname, k.ptr, k.len);
		if (m != LKMAP_END)
			extract_edge(l->ctx, from->pkg, l->pkgs[l->byname.ents[m].val].pkg);
		else
			extract_note(l->ctx, e->line, "dependency '%s' of '%s' is not in the lock",
			             LKQ(e->name), LKQ(from->pkg->name));
	}
	buf_release(&k);
}

static int paket_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct plock l = { .ctx = ctx, .byname = LKMAP_INIT };
	enum psection sec = SEC_NONE;
	char *remote = NULL;
	size_t group, line = 0;
	bool in_pkg = false;
	int ret = 0;

	group = add_group(&l, "Main", 4);
	for (const char *s = data, *end = data + len; s < end && l.nerrors <= LANGKIT_MAX_ERRORS;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s)), *e = nl ? nl : end;
		size_t ind = 0, n;

		line++;
		while (e > s && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		while (s + ind < e && s[ind] == ' ')
			ind++;
		n = (size_t)(e - s) - ind;
		if (!n) {
			s = nl ? nl + 1 : end;
			continue;
		}
		s += ind;
		if (ind == 0) {
			in_pkg = false;
			free(remote);
			remote = NULL;
			if (n > 6 && !strncmp(s, "GROUP ", 6)) {
				if (l.ngroups >= PAKET_MAX_GROUPS) {
					ret = extract_error(ctx, line, "more than %d groups",
					                    PAKET_MAX_GROUPS);
					break;
				}
				group = add_group(&l, s + 6, n - 6);
				sec = SEC_NONE;
			} else if (n == 5 && !strncmp(s, "NUGET", 5)) {
				sec = SEC_NUGET;
			} else if (n == 6 && !strncmp(s, "GITHUB", 6)) {
				sec = SEC_GITHUB;
			} else if (n == 4 && !strncmp(s, "HTTP", 4)) {
				sec = SEC_HTTP;
			} else if (n == 3 && !strncmp(s, "GIT", 3)) {
				sec = SEC_GIT;
			} else if (!is_option(s, n)) {
				ret = perr(&l, line, "'%s' is not a paket.lock section or option",
				           langkit_quote(s, n));
				sec = SEC_NONE;
			}
		} else if (ind < 4) {
			in_pkg = false;
			if (n > 8 && !strncmp(s, "remote: ", 8)) {
				free(remote);
				remote = xmemdupz(s + 8, n - 8);
			} else if (!(n == 6 && !strncmp(s, "specs:", 6))) {
				ret = perr(&l, line, "'%s' is not 'remote: SOURCE'",
				           langkit_quote(s, n));
			}
		} else if (sec == SEC_NONE || !remote) {
			ret = perr(&l, line, "'%s' is outside a source section with a remote",
			           langkit_quote(s, n));
		} else if (ind < 6) {
			size_t before = l.npkgs;
			int r = sec == SEC_NUGET ? nuget_entry(&l, group, remote, s, n, line)
			                         : source_entry(&l, sec, group, remote, s, n, line);

			if (r < 0) {
				ret = r;
				break;
			}
			in_pkg = l.npkgs > before;
		} else if (sec == SEC_NUGET && in_pkg) {
			nuget_dep(&l, s, n, line);
		}
		/*
		 * else: a dependency of an entry refused (already reported), or the
		 * settings of a GITHUB, HTTP or GIT entry (build:, os:, packages:)
		 */
		s = nl ? nl + 1 : end;
	}
	if (l.nerrors > LANGKIT_MAX_ERRORS)
		extract_error(ctx, line, "more than %d errors: the rest of the file is not read",
		              LANGKIT_MAX_ERRORS);
	if (l.nerrors && !ret)
		ret = ERR_PARSE;
	link_edges(&l);
	dependencies(&l);
	for (size_t i = 0; i < l.ngroups; i++)
		free(l.groups[i]);
	for (size_t i = 0; i < l.nedges; i++)
		free(l.edges[i].name);
	free(l.groups);
	free(l.pkgs);
	free(l.edges);
	free(remote);
	lkmap_release(&l.byname);
	return ret;
}

static bool paket_match(const char *rel, const char *name)
{
	(void)rel;
	return !strcmp(name, "paket.lock");
}

static bool paket_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	return (head >= 6 && !memcmp(data, "NUGET\n", 6)) ||
	       (memmem(data, head, "\nNUGET\n", 7) && memmem(data, head, "  remote: ", 10));
}

const struct extractor paket_lock_extractor = {
	"paket-lock", PAKET_ECOSYSTEM, paket_match, paket_sniff, paket_extract, 0,
};
