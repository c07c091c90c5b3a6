/*
 * gemfilelock.c: Bundler's Gemfile.lock (also gems.locked).
 *
 * Sections start at column 0. GEM, GIT, PATH and PLUGIN SOURCE hold a
 * source ("remote:", "revision:") and "specs:": four-space "name (version)"
 * lines, each followed by six-space "dep (constraints)" lines, which become
 * dependency edges (to every spec of that name: platform variants). As in
 * Bundler, the version ends at the first "-": what follows is the platform
 * ("1.15.0-x86_64-linux"), kept as the purl qualifier platform. GIT specs
 * carry vouch:source "git+URL@REVISION"; PATH specs are PKG_LOCAL; specs
 * from a GEM remote other than rubygems.org carry the repository_url
 * qualifier. DEPENDENCIES lists what the Gemfile asks for: those specs are
 * PKG_DIRECT, the other specs PKG_TRANSITIVE. CHECKSUMS (Bundler 2.5+)
 * "name (version) sha256=HEX" become hashes.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/lines.h"

#define GEM_ECOSYSTEM "RubyGems"

enum section { S_NONE, S_SOURCE, S_DEPS, S_CHECKSUMS, S_OTHER };

struct spec {
	char *name, *version, *platform;
	struct pkg *pkg;
	size_t first_dep, ndeps; /* into deps[] */
};

struct gemlock {
	struct extract_ctx *ctx;
	struct spec *specs;
	size_t nspecs, aspecs;
	char **deps; /* names of spec dependencies */
	size_t ndeps, adeps;
	char **direct;
	size_t ndirect, adirect;
	bool has_deps_section;
};

static size_t indent(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] == ' ')
		i++;
	return i;
}

/* "name (version)" or "name (constraints)" or "name" or "name!": the name and the parenthesis. */
static bool name_paren(const char *s, size_t n, const char **name, size_t *nn, const char **par,
                       size_t *pn)
{
	const char *open = memchr(s, '(', n);

	*par = NULL;
	*pn = 0;
	if (open) {
		if (s[n - 1] != ')' || open == s || open[-1] != ' ')
			return false;
		*par = open + 1;
		*pn = (size_t)(s + n - 1 - open - 1);
		n = (size_t)(open - s - 1);
	}
	if (n && s[n - 1] == '!')
		n--;
	*name = s;
	*nn = n;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ' ' || s[i] == '(' || s[i] == ')' || s[i] == ',')
			return false;
	return n > 0;
}

static void split_version(const char *v, size_t vn, char **ver, char **plat)
{
	const char *dash = memchr(v, '-', vn);

	*ver = xstrndup(v, dash ? (size_t)(dash - v) : vn);
	*plat = dash ? xstrndup(dash + 1, vn - (size_t)(dash - v) - 1) : NULL;
}

static void gemlock_release(struct gemlock *g)
{
	for (size_t i = 0; i < g->nspecs; i++) {
		free(g->specs[i].name);
		free(g->specs[i].version);
		free(g->specs[i].platform);
	}
	free(g->specs);
	for (size_t i = 0; i < g->ndeps; i++)
		free(g->deps[i]);
	free(g->deps);
	for (size_t i = 0; i < g->ndirect; i++)
		free(g->direct[i]);
	free(g->direct);
}

static int gem_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct lines it = LINES_INIT(data, len);
	struct gemlock g = { 0 };
	enum section sec = S_NONE;
	char *remote = NULL, *revision = NULL, *kind = NULL;
	bool in_specs = false;
	struct spec *cur = NULL;
	struct lkmap byname = LKMAP_INIT, direct = LKMAP_INIT;
	size_t errors_before = extract_inventory(ctx)->nerrors;
	const char *s;
	size_t n;

	g.ctx = ctx;
	while (lines_next(&it, &s, &n)) {
		size_t ind = indent(s, n);
		const char *name, *par;
		size_t nn, pn;

		if (extract_inventory(ctx)->nerrors - errors_before > LANGKIT_MAX_ERRORS) {
			extract_error(ctx, it.lineno, "more than %d errors: the rest is not read",
			              LANGKIT_MAX_ERRORS);
			break;
		}
		if (ind == n)
			continue;
		if (ind == 0) {
			free(kind);
			kind = xstrndup(s, n);
			free(remote);
			free(revision);
			remote = revision = NULL;
			in_specs = false;
			cur = NULL;
			if (!strcmp(kind, "GEM") || !strcmp(kind, "GIT") || !strcmp(kind, "PATH") ||
			    !strcmp(kind, "PLUGIN SOURCE"))
				sec = S_SOURCE;
			else if (!strcmp(kind, "DEPENDENCIES"))
				sec = S_DEPS, g.has_deps_section = true;
			else if (!strcmp(kind, "CHECKSUMS"))
				sec = S_CHECKSUMS;
			else if (!strcmp(kind, "PLATFORMS") || !strcmp(kind, "RUBY VERSION") ||
			         !strcmp(kind, "BUNDLED WITH"))
				sec = S_OTHER;
			else {
				extract_error(ctx, it.lineno, "unknown section '%s'", LKQ(kind));
				sec = S_OTHER;
			}
			continue;
		}
		s += ind;
		n -= ind;
		if (sec == S_NONE) {
			extract_error(ctx, it.lineno, "indented line before any section");
			continue;
		}
		if (sec == S_OTHER)
			continue;
		if (sec == S_DEPS) {
			if (ind != 2 || !name_paren(s, n, &name, &nn, &par, &pn)) {
				extract_error(ctx, it.lineno,
				              "not a dependency line ('  name (version)')");
				continue;
			}
			ALLOC_GROW(g.direct, g.ndirect + 1, g.adirect);
			g.direct[g.ndirect++] = xstrndup(name, nn);
			continue;
		}
		if (sec == S_CHECKSUMS) {
			const char *sp = memchr(s, ')', n);
			char *nm, *ver, *plat, *sums;

			if (ind != 2 || !sp ||
			    !name_paren(s, (size_t)(sp - s) + 1, &name, &nn, &par, &pn) || !par) {
				extract_error(
				        ctx, it.lineno,
				        "not a checksum line ('  name (version) sha256=...')");
				continue;
			}
			nm = xstrndup(name, nn);
			split_version(par, pn, &ver, &plat);
			sums = xstrndup(sp + 1, n - (size_t)(sp + 1 - s));
			for (size_t i = 0; i < g.nspecs; i++) {
				struct spec *sp2 = &g.specs[i];
				char *copy, *h, *tok;

				if (strcmp(sp2->name, nm) || strcmp(sp2->version, ver) ||
				    (sp2->platform ? !plat || strcmp(sp2->platform, plat)
				                   : plat != NULL) ||
				    !sp2->pkg)
					continue;
				/* "sha256=HEX,sha512=HEX" */
				copy = h = xstrdup(sums);
				while ((tok = strsep(&h, ", ")) != NULL) {
					if (!*tok)
						continue;
					if (!pkg_add_integrity(sp2->pkg, tok))
						extract_note(ctx, it.lineno,
						             "checksum '%s' not recognised",
						             LKQ(tok));
				}
				free(copy);
			}
			free(nm);
			free(ver);
			free(plat);
			free(sums);
			continue;
		}
		/* a source section */
		if (ind == 2) {
			cur = NULL;
			if (str_eq(s, n, "specs:")) {
				in_specs = true;
			} else if (str_starts(s, n, "remote: ")) {
				free(remote);
				remote = xstrndup(s + 8, n - 8);
			} else if (str_starts(s, n, "revision: ")) {
				free(revision);
				revision = xstrndup(s + 10, n - 10);
			}
			continue;
		}
		if (!in_specs) {
			extract_error(ctx, it.lineno, "spec line outside 'specs:'");
			continue;
		}
		if (ind == 4) {
			struct spec *sp;
			struct pkg *p;

			cur = NULL;
			if (!name_paren(s, n, &name, &nn, &par, &pn) || !par || !pn) {
				extract_error(ctx, it.lineno,
				              "not a spec line ('    name (version)')");
				continue;
			}
			ALLOC_GROW(g.specs, g.nspecs + 1, g.aspecs);
			sp = &g.specs[g.nspecs++];
			memset(sp, 0, sizeof(*sp));
			sp->name = xstrndup(name, nn);
			split_version(par, pn, &sp->version, &sp->platform);
			sp->first_dep = g.ndeps;
			p = extract_add(ctx, GEM_ECOSYSTEM, "gem", NULL, sp->name, sp->version,
			                it.lineno);
			if (!p)
				break;
			sp->pkg = p;
			cur = sp;
			if (sp->platform && strcmp(sp->platform, "ruby"))
				pkg_add_qualifier(p, "platform", sp->platform);
			if (!strcmp(kind, "GIT")) {
				struct buf src = BUF_INIT;

				buf_addf(&src, "git+%s%s%s", remote ? remote : "",
				         revision ? "@" : "", revision ? revision : "");
				pkg_add_prop(p, "vouch:source", src.ptr);
				buf_release(&src);
			} else if (!strcmp(kind, "PATH")) {
				p->flags |= PKG_LOCAL;
				pkg_add_prop(p, "vouch:source", remote);
			} else if (remote && strcmp(remote, "https://rubygems.org/") &&
			           strcmp(remote, "https://rubygems.org")) {
				pkg_add_qualifier(p, "repository_url", remote);
			}
			continue;
		}
		if (ind == 6 && cur) {
			if (!name_paren(s, n, &name, &nn, &par, &pn)) {
				extract_error(ctx, it.lineno,
				              "not a dependency line ('      name (version)')");
				continue;
			}
			ALLOC_GROW(g.deps, g.ndeps + 1, g.adeps);
			g.deps[g.ndeps++] = xstrndup(name, nn);
			cur->ndeps++;
			continue;
		}
		extract_error(ctx, it.lineno, "unexpected indentation");
	}
	/* flags and edges, now that every spec is known */
	for (size_t i = 0; i < g.nspecs; i++)
		lkmap_put(&byname, g.specs[i].name, strlen(g.specs[i].name), i);
	for (size_t k = 0; k < g.ndirect; k++)
		lkmap_put(&direct, g.direct[k], strlen(g.direct[k]), k);
	for (size_t i = 0; i < g.nspecs; i++) {
		struct spec *sp = &g.specs[i];
		bool is_direct = lkmap_first(&direct, sp->name, strlen(sp->name)) != LKMAP_END;

		if (!sp->pkg)
			continue; /* refused by the inventory's budget: the read stopped there */
		if (g.has_deps_section)
			sp->pkg->flags |= is_direct ? PKG_DIRECT : PKG_TRANSITIVE;
		for (size_t d = sp->first_dep; d < sp->first_dep + sp->ndeps; d++) {
			size_t e = lkmap_first(&byname, g.deps[d], strlen(g.deps[d]));

			if (e == LKMAP_END && strcmp(g.deps[d], "bundler"))
				extract_note(ctx, 0, "'%s' depends on '%s', which no spec provides",
				             LKQ(sp->name), LKQ(g.deps[d]));
			for (; e != LKMAP_END; e = lkmap_next(&byname, e))
				extract_edge(ctx, sp->pkg, g.specs[byname.ents[e].val].pkg);
		}
	}
	for (size_t k = 0; k < g.ndirect; k++)
		if (lkmap_first(&byname, g.direct[k], strlen(g.direct[k])) == LKMAP_END &&
		    strcmp(g.direct[k], "bundler"))
			extract_note(ctx, 0, "dependency '%s' has no spec in the lockfile",
			             g.direct[k]);
	lkmap_release(&byname);
	lkmap_release(&direct);
	free(kind);
	free(remote);
	free(revision);
	gemlock_release(&g);
	return 0;
}

static bool gem_match(const char *rel, const char *name)
{
	size_t l = strlen(name);

	return !strcmp(name, "gems.locked") ||
	       (!strncmp(name, "Gemfile", 7) && l >= 12 && !strcmp(name + l - 5, ".lock"));
}

static bool gem_sniff(const char *data, size_t len)
{
	static const char *const secs[] = { "GEM",           "GIT",       "PATH",
		                            "PLUGIN SOURCE", "PLATFORMS", "DEPENDENCIES" };
	struct lines it = LINES_INIT(data, len < 4096 ? len : 4096);
	const char *s;
	size_t n;

	while (lines_next(&it, &s, &n)) {
		if (!n)
			continue;
		for (size_t i = 0; i < ARRAY_SIZE(secs); i++)
			if (str_eq(s, n, secs[i]))
				return true;
		return false;
	}
	return false;
}

const struct extractor gem_gemfilelock_extractor = {
	"gem-gemfile-lock", GEM_ECOSYSTEM, gem_match, gem_sniff, gem_extract, 0,
};
