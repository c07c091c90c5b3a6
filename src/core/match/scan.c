/*
 * scan.c: targets to packages, packages to findings.
 */
#include "util/compat.h"
#include "core/match/scan.h"
#include "core/match/match.h"
#include "core/formats/purl.h"
#include "core/version/version.h"
#include "core/vulndb/osv.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/json.h"

#include <ctype.h>

void scan_note(struct scan *sc, bool error, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	ALLOC_GROW(sc->notes, sc->nnotes + 1, sc->anotes);
	sc->notes[sc->nnotes].msg = buf_detach(&b, NULL);
	sc->notes[sc->nnotes++].error = error;
	if (error)
		sc->nerrors++;
}

struct scan_pkg *scan_add_pkg(struct scan *sc, const char *ecosystem, const char *name,
                              const char *version, const char *purl)
{
	struct scan_pkg *p;

	ALLOC_GROW(sc->pkgs, sc->npkgs + 1, sc->apkgs);
	p = &sc->pkgs[sc->npkgs++];
	memset(p, 0, sizeof(*p));
	p->ecosystem = xstrdup(ecosystem);
	p->name = xstrdup(name);
	p->version = version ? xstrdup(version) : NULL;
	p->purl = purl ? xstrdup(purl) : NULL;
	return p;
}

void scan_pkg_add_loc_layer(struct scan_pkg *p, const char *path, size_t line, const char *layer)
{
	for (size_t i = 0; i < p->nlocs; i++)
		if (p->locs[i].line == line && !strcmp(p->locs[i].path, path))
			return;
	ALLOC_GROW(p->locs, p->nlocs + 1, p->alocs);
	p->locs[p->nlocs].path = xstrdup(path);
	p->locs[p->nlocs].layer = layer ? xstrdup(layer) : NULL;
	p->locs[p->nlocs++].line = line;
}

void scan_pkg_add_loc(struct scan_pkg *p, const char *path, size_t line)
{
	scan_pkg_add_loc_layer(p, path, line, NULL);
}

int scan_purl_package(char **eco, char **name, char **version, const char *purl)
{
	struct purl p = PURL_INIT;
	int r;

	*eco = *name = *version = NULL;
	if ((r = purl_parse(&p, purl, strlen(purl))) < 0)
		return r;
	r = purl_osv_package(eco, name, &p);
	if (r == 0 && p.version) {
		/* rpm keeps the epoch in a qualifier; advisories write EPOCH:VERSION-RELEASE */
		const char *epoch = !strcmp(p.type, "rpm") ? purl_qualifier(&p, "epoch") : NULL;
		struct buf v = BUF_INIT;

		if (epoch && *epoch && !strchr(p.version, ':'))
			buf_addf(&v, "%s:", epoch);
		buf_adds(&v, p.version);
		*version = buf_detach(&v, NULL);
	}
	purl_release(&p);
	return r;
}

bool scan_purl_names(const char *product, const struct scan_pkg *pkg)
{
	struct purl a = PURL_INIT, b = PURL_INIT;
	bool ok = false;

	if (!pkg->purl)
		return false;
	if (purl_parse(&a, product, strlen(product)) < 0 ||
	    purl_parse(&b, pkg->purl, strlen(pkg->purl)) < 0) {
		err_clear();
		goto done;
	}
	ok = !strcmp(a.type, b.type) && !strcmp(a.name, b.name) &&
	     !strcmp(a.namespace ? a.namespace : "", b.namespace ? b.namespace : "") &&
	     (!a.version || (b.version && !strcmp(a.version, b.version)));
done:
	purl_release(&a);
	purl_release(&b);
	return ok;
}

bool finding_has_id(const struct finding *f, const char *id)
{
	if (!strcmp(f->id, id))
		return true;
	for (size_t k = 0; k < f->naliases; k++)
		if (!strcmp(f->aliases[k], id))
			return true;
	return false;
}

/*
 * Whether k was read from another tool's SBOM. The subject of an SBOM given
 * as a target (CycloneDX metadata.component, what SPDX DESCRIBES) is a
 * package to match like the others; the root of a tree is the project being
 * scanned, whose name may be anyone's on a registry.
 */
static bool from_sbom(const struct pkg *k)
{
	for (size_t i = 0; i < k->nlocs; i++)
		if (!strcmp(k->locs[i].extractor, "cyclonedx") ||
		    !strcmp(k->locs[i].extractor, "spdx"))
			return true;
	return false;
}

/*
 * pkg:github names a repository on GitHub. Other tools' SBOMs (syft's) write
 * GitHub Actions that way, so there it is matched as one; vouch's own readers
 * write actions as pkg:githubactions and use pkg:github for git dependencies
 * (mix.lock), which are not actions.
 */
static bool github_repo(const struct pkg *k)
{
	return !strncmp(k->purl, "pkg:github/", 11) && !from_sbom(k);
}

int scan_add_inventory(struct scan *sc, const struct inventory *inv)
{
	for (size_t i = 0; i < inv->npkgs; i++) {
		const struct pkg *k = inv->pkgs[i];
		char *eco = NULL, *name = NULL, *version = NULL;
		struct scan_pkg *p;

		if (!k->purl || ((k->flags & PKG_ROOT) && !from_sbom(k)))
			continue;
		if (!k->version) {
			scan_note(sc, false, "%s: '%s' has no version: not matched",
			          k->nlocs ? k->locs[0].path : "?", k->purl);
			continue;
		}
		if (github_repo(k)) {
			scan_note(sc, false,
			          "%s: '%s' not matched: a GitHub repository (git dependency), not "
			          "an action; OSV has no ecosystem for it",
			          k->nlocs ? k->locs[0].path : "?", k->purl);
			continue;
		}
		if (scan_purl_package(&eco, &name, &version, k->purl) < 0) {
			scan_note(sc, false, "%s: '%s' not matched: %s",
			          k->nlocs ? k->locs[0].path : "?", k->purl, err_msg());
			continue;
		}
		{
			/* OS advisories name source packages and their versions (dpkg's Source:) */
			const char *src = NULL, *srcver = NULL;

			for (size_t j = 0; j < k->nprops; j++) {
				if (!strcmp(k->props[j].key, "vouch:source-package"))
					src = k->props[j].value;
				else if (!strcmp(k->props[j].key, "vouch:source-version"))
					srcver = k->props[j].value;
			}
			/* an rpm's version from its purl: with the epoch */
			if (!strncmp(k->purl, "pkg:rpm/", 8) && version)
				srcver = version;
			p = scan_add_pkg(sc, k->ecosystem ? k->ecosystem : eco, src ? src : name,
			                 srcver ? srcver : k->version, k->purl);
		}
		for (size_t j = 0; j < k->nlocs; j++)
			scan_pkg_add_loc_layer(p, k->locs[j].path, k->locs[j].line,
			                       k->locs[j].layer);
		free(eco);
		free(name);
		free(version);
	}
	for (size_t i = 0; i < inv->ndiags; i++) {
		const struct inv_diag *d = &inv->diags[i];

		if (d->line)
			scan_note(sc, d->level == INV_ERROR, "%s:%zu: %s", d->path, d->line,
			          d->msg);
		else
			scan_note(sc, d->level == INV_ERROR, "%s: %s", d->path, d->msg);
	}
	return 0;
}

/* ---- matching ---- */

/* A matched affected entry, kept until the package's findings are built. */
struct hit {
	int64_t advisory;
	char *id;
	int index;
	char *ecosystem;
	char *why;
	json_t *ranges; /* for the upgrade search */
	json_t *versions;
};

struct pkg_ctx {
	struct scan *sc;
	struct scan_pkg *pkg;
	const struct version_scheme *scheme;
	struct hit *hits;
	size_t nhits, ahits;
	struct match_notes notes;
	int err;
};

/* Matches the package against one affected entry whose ranges and versions are parsed. */
static int match_affected(struct pkg_ctx *c, const struct vulndb_affected *a, json_t *ranges,
                          json_t *versions)
{
	struct match_why why;
	bool aff = false;

	if (!osv_release_applies(a->ecosystem, c->pkg->ecosystem))
		return 0;
	if (match_entry(&aff, &why, c->scheme, ranges, versions, c->pkg->version,
	                strlen(c->pkg->version), &c->notes) < 0) {
		c->err = ERR_PARSE;
		return ERR_PARSE; /* the package's version is not valid: stop for this package */
	}
	if (aff) {
		struct buf w = BUF_INIT;
		struct hit *h;

		match_explain(&w, &why);
		ALLOC_GROW(c->hits, c->nhits + 1, c->ahits);
		h = &c->hits[c->nhits++];
		h->advisory = a->advisory;
		h->id = xstrdup(a->id);
		h->index = a->index;
		h->ecosystem = xstrdup(a->ecosystem);
		h->why = buf_detach(&w, NULL);
		h->ranges = json_incref(ranges);
		h->versions = json_incref(versions);
	}
	return 0;
}

/*
 * The affected entries of one (base ecosystem, normalised name), parsed once:
 * packages come sorted, so the versions of one name follow each other and
 * share the entries (a server matching every stored SBOM has many of them).
 */
struct aff_entry {
	struct vulndb_affected a; /* strings owned */
	json_t *ranges, *versions;
};

struct aff_cache {
	char *base, *norm;
	struct aff_entry *v;
	size_t n, alloc;
};

static void aff_cache_clear(struct aff_cache *ac)
{
	for (size_t i = 0; i < ac->n; i++) {
		struct aff_entry *e = &ac->v[i];

		free((char *)e->a.id);
		free((char *)e->a.ecosystem);
		free((char *)e->a.name);
		free((char *)e->a.ranges);
		free((char *)e->a.versions);
		json_decref(e->ranges);
		json_decref(e->versions);
	}
	ac->n = 0;
	free(ac->base);
	free(ac->norm);
	ac->base = ac->norm = NULL;
}

static char *dup_opt(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int on_affected(const struct vulndb_affected *a, void *payload)
{
	struct aff_cache *ac = payload;
	json_t *ranges = NULL, *versions = NULL;
	struct aff_entry *e;

	if ((a->ranges && vjson_parse(&ranges, a->ranges, strlen(a->ranges), a->id) < 0) ||
	    (a->versions && vjson_parse(&versions, a->versions, strlen(a->versions), a->id) < 0)) {
		json_decref(ranges);
		return err_prefix("database entry of ");
	}
	ALLOC_GROW(ac->v, ac->n + 1, ac->alloc);
	e = &ac->v[ac->n++];
	e->a = *a;
	e->a.id = xstrdup(a->id);
	e->a.ecosystem = xstrdup(a->ecosystem);
	e->a.name = dup_opt(a->name);
	e->a.ranges = dup_opt(a->ranges);
	e->a.versions = dup_opt(a->versions);
	e->ranges = ranges;
	e->versions = versions;
	return 0;
}

/* The package's hits: the entries of its name (from the cache when they are there). */
static int find_hits(struct pkg_ctx *c, struct aff_cache *ac, struct vulndb *db, const char *base,
                     const char *norm)
{
	int r = 0;

	if (!ac->base || strcmp(ac->base, base) || strcmp(ac->norm, norm)) {
		aff_cache_clear(ac);
		if ((r = vulndb_find(db, base, norm, on_affected, ac)) < 0) {
			aff_cache_clear(ac);
			return r;
		}
		ac->base = xstrdup(base);
		ac->norm = xstrdup(norm);
	}
	for (size_t i = 0; i < ac->n && r == 0; i++)
		r = match_affected(c, &ac->v[i].a, ac->v[i].ranges, ac->v[i].versions);
	return r;
}

struct adv {
	int64_t row;
	struct vulndb_advisory info;
	int group;
};

static bool same_vuln(const struct adv *a, const struct adv *b)
{
	if (!strcmp(a->info.id, b->info.id))
		return true;
	for (size_t i = 0; i < a->info.naliases; i++) {
		if (!strcmp(a->info.aliases[i], b->info.id))
			return true;
		for (size_t j = 0; j < b->info.naliases; j++)
			if (!strcmp(a->info.aliases[i], b->info.aliases[j]))
				return true;
	}
	for (size_t j = 0; j < b->info.naliases; j++)
		if (!strcmp(b->info.aliases[j], a->info.id))
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_unique(char ***v, size_t *n, size_t *alloc, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i], s))
			return;
	ALLOC_GROW(*v, *n + 1, *alloc);
	(*v)[(*n)++] = xstrdup(s);
}

/* The rank of a vector type: newer CVSS versions first. */
static int cvss_rank(enum cvss_version v)
{
	return v == CVSS_V40 ? 4 : v == CVSS_V31 ? 3 : v == CVSS_V30 ? 2 : 1;
}

/* Considers a severity JSON array for the finding's severity. */
static void consider_severity(struct finding *f, const char *json, int *best_rank)
{
	json_t *arr = NULL, *e;
	size_t i;

	if (!json || vjson_parse(&arr, json, strlen(json), "severity") < 0) {
		err_clear();
		return;
	}
	json_array_foreach(arr, i, e)
	{
		const char *type = vjson_str(e, "type"), *score = vjson_str(e, "score");
		struct cvss c;

		if (!type || !score)
			continue;
		if (!strncmp(type, "CVSS_", 5)) {
			if (cvss_parse(&c, score, strlen(score), CVSS_ANY_ORDER) < 0) {
				err_clear();
				continue;
			}
			if (cvss_rank(c.version) > *best_rank ||
			    (cvss_rank(c.version) == *best_rank && c.score10 > f->score10)) {
				*best_rank = cvss_rank(c.version);
				f->score10 = c.score10;
				f->level = c.severity;
				free(f->vector);
				f->vector = xstrdup(score);
			}
		} else if (!strcmp(type, "Ubuntu") && *best_rank == 0) {
			enum cvss_severity s = !strcmp(score, "negligible")
			                               ? CVSS_SEV_LOW
			                               : cvss_severity_parse(score, strlen(score));

			if (s > f->level) {
				f->level = s;
				free(f->level_source);
				f->level_source = xstrdup("label");
			}
		}
	}
	json_decref(arr);
}

static void consider_label(struct finding *f, const char *label)
{
	enum cvss_severity s;

	if (!label || f->score10 >= 0)
		return;
	s = cvss_severity_parse(label, strlen(label));
	if (s > f->level) {
		f->level = s;
		free(f->level_source);
		f->level_source = xstrdup("label");
	}
}

static const char *pick_url(const char *refs, struct buf *tmp)
{
	json_t *arr = NULL, *e;
	size_t i;
	const char *want[] = { "ADVISORY", "WEB", "REPORT", "ARTICLE" };

	if (!refs || vjson_parse(&arr, refs, strlen(refs), "refs") < 0) {
		err_clear();
		return NULL;
	}
	for (size_t w = 0; w < ARRAY_SIZE(want) && !tmp->len; w++)
		json_array_foreach(arr, i, e)
		{
			const char *t = vjson_str(e, "type"), *u = vjson_str(e, "url");

			if (t && u && !strcmp(t, want[w])) {
				buf_adds(tmp, u);
				break;
			}
		}
	json_decref(arr);
	return tmp->len ? tmp->ptr : NULL;
}

/* The smallest fixed version at or above which none of the hits applies. */
static void find_upgrade(struct pkg_ctx *c)
{
	char **cand = NULL;
	size_t n = 0, alloc = 0;

	if (!c->scheme || !c->nhits)
		return;
	for (size_t i = 0; i < c->nhits; i++) {
		json_t *fx = match_fixed_versions(c->hits[i].ranges), *v;
		size_t k;

		json_array_foreach(fx, k, v)
		{
			const char *s = json_string_value(v);
			int cmp;

			if (c->scheme->compare(s, strlen(s), c->pkg->version,
			                       strlen(c->pkg->version), &cmp) == 0 &&
			    cmp > 0)
				add_unique(&cand, &n, &alloc, s);
		}
		json_decref(fx);
	}
	/* ascending in the ecosystem's order (insertion sort: few candidates) */
	for (size_t i = 1; i < n; i++) {
		char *x = cand[i];
		size_t j = i;
		int cmp;

		while (j > 0 &&
		       c->scheme->compare(cand[j - 1], strlen(cand[j - 1]), x, strlen(x), &cmp) ==
		               0 &&
		       cmp > 0) {
			cand[j] = cand[j - 1];
			j--;
		}
		cand[j] = x;
	}
	for (size_t i = 0; i < n && !c->pkg->upgrade; i++) {
		bool clear = true;

		for (size_t h = 0; h < c->nhits && clear; h++) {
			struct match_why why;
			bool aff = false;

			if (match_entry(&aff, &why, c->scheme, c->hits[h].ranges,
			                c->hits[h].versions, cand[i], strlen(cand[i]), NULL) < 0 ||
			    aff)
				clear = false;
		}
		err_clear();
		if (clear)
			c->pkg->upgrade = xstrdup(cand[i]);
	}
	c->pkg->upgrade_none = !c->pkg->upgrade;
	for (size_t i = 0; i < n; i++)
		free(cand[i]);
	free(cand);
}

struct borrow {
	struct finding *f;
	int rank;
};

/* Takes the severity of an advisory related by id or alias when it beats what was borrowed. */
static int on_related(const char *id, const char *sev, const char *label, void *payload)
{
	struct borrow *b = payload;
	struct finding t = { 0 };
	int rank = 0;
	bool better;

	t.score10 = -1;
	t.level = CVSS_SEV_UNKNOWN;
	consider_severity(&t, sev, &rank);
	if (rank == 0)
		consider_label(&t, label);
	better = rank > b->rank || (rank && rank == b->rank && t.score10 > b->f->score10) ||
	         (!rank && !b->rank && t.level > b->f->level);
	if (better) {
		b->rank = rank;
		b->f->level = t.level;
		b->f->score10 = t.score10;
		free(b->f->vector);
		b->f->vector = t.vector;
		t.vector = NULL;
		free(b->f->level_source);
		b->f->level_source = xstrdup(rank ? "cvss" : "label");
		free(b->f->level_from);
		b->f->level_from = xstrdup(id);
	}
	free(t.vector);
	free(t.level_source);
	return 0;
}

/*
 * A finding whose advisories carry no severity (Go's never do) takes the
 * best one of the advisories that are its id or one of its aliases, or name
 * one of them as an alias: GO-2024-1 with alias CVE-2024-2 is as severe as
 * the GHSA advisory of CVE-2024-2. Asked at scan time, so the order in which
 * the databases were imported does not matter.
 */
static int borrow_severity(struct vulndb *db, struct finding *f, int *best_rank)
{
	struct borrow b = { f, 0 };
	int r = vulndb_related(db, f->id, on_related, &b);

	for (size_t k = 0; k < f->naliases && r == 0; k++)
		r = vulndb_related(db, f->aliases[k], on_related, &b);
	*best_rank = b.rank;
	return r;
}

static int build_findings(struct scan *sc, struct vulndb *db, struct pkg_ctx *c, size_t pkgi)
{
	struct adv *advs = NULL;
	size_t nadv = 0, aadv = 0;
	int r = 0, ngroups = 0;

	for (size_t i = 0; i < c->nhits; i++) {
		bool seen = false;

		for (size_t k = 0; k < nadv; k++)
			seen |= advs[k].row == c->hits[i].advisory;
		if (seen)
			continue;
		ALLOC_GROW(advs, nadv + 1, aadv);
		memset(&advs[nadv], 0, sizeof(advs[nadv]));
		advs[nadv].row = c->hits[i].advisory;
		advs[nadv].group = -1;
		if ((r = vulndb_advisory_get(&advs[nadv].info, db, c->hits[i].advisory)) < 0) {
			nadv++;
			goto done;
		}
		nadv++;
	}
	/* groups: advisories that name each other or share an alias (transitively) */
	for (size_t i = 0; i < nadv; i++) {
		if (advs[i].group >= 0)
			continue;
		advs[i].group = ngroups;
		for (bool grew = true; grew;) {
			grew = false;
			for (size_t j = 0; j < nadv; j++) {
				if (advs[j].group >= 0)
					continue;
				for (size_t k = 0; k < nadv; k++) {
					if (advs[k].group == ngroups &&
					    same_vuln(&advs[k], &advs[j])) {
						advs[j].group = ngroups;
						grew = true;
						break;
					}
				}
			}
		}
		ngroups++;
	}
	for (int g = 0; g < ngroups; g++) {
		struct finding *f;
		struct adv *primary = NULL;
		char **fixed = NULL, **aliases = NULL;
		size_t nfixed = 0, afixed = 0, nal = 0, aal = 0, amatch = 0;
		int best_rank = 0;
		struct buf url = BUF_INIT;

		/* the id shown: an advisory's own id, not a CVE, the first in byte order */
		for (size_t i = 0; i < nadv; i++) {
			bool cve_p, cve_i;

			if (advs[i].group != g)
				continue;
			if (!primary) {
				primary = &advs[i];
				continue;
			}
			cve_p = !strncmp(primary->info.id, "CVE-", 4);
			cve_i = !strncmp(advs[i].info.id, "CVE-", 4);
			if ((cve_p && !cve_i) ||
			    (cve_p == cve_i && strcmp(advs[i].info.id, primary->info.id) < 0))
				primary = &advs[i];
		}
		ALLOC_GROW(sc->findings, sc->nfindings + 1, sc->afindings);
		f = &sc->findings[sc->nfindings++];
		memset(f, 0, sizeof(*f));
		f->pkg = pkgi;
		f->id = xstrdup(primary->info.id);
		f->summary = primary->info.summary ? xstrdup(primary->info.summary) : NULL;
		f->score10 = -1;
		f->level = CVSS_SEV_UNKNOWN;
		for (size_t i = 0; i < nadv; i++) {
			if (advs[i].group != g)
				continue;
			if (strcmp(advs[i].info.id, f->id))
				add_unique(&aliases, &nal, &aal, advs[i].info.id);
			for (size_t k = 0; k < advs[i].info.naliases; k++)
				if (strcmp(advs[i].info.aliases[k], f->id))
					add_unique(&aliases, &nal, &aal, advs[i].info.aliases[k]);
			consider_severity(f, advs[i].info.severity, &best_rank);
			if (!url.len)
				pick_url(advs[i].info.refs, &url);
			for (size_t h = 0; h < c->nhits; h++) {
				char *sev = NULL, *label = NULL;
				json_t *fx;
				struct scan_match *m;
				size_t k;
				json_t *v;

				if (c->hits[h].advisory != advs[i].row)
					continue;
				vulndb_affected_severity(db, advs[i].row, c->hits[h].index, &sev,
				                         &label);
				consider_severity(f, sev, &best_rank);
				free(sev);
				ALLOC_GROW(f->matches, f->nmatches + 1, amatch);
				m = &f->matches[f->nmatches++];
				m->advisory = xstrdup(c->hits[h].id);
				m->index = c->hits[h].index;
				m->ecosystem = xstrdup(c->hits[h].ecosystem);
				m->why = xstrdup(c->hits[h].why);
				fx = match_fixed_versions(c->hits[h].ranges);
				json_array_foreach(fx, k, v)
				        add_unique(&fixed, &nfixed, &afixed, json_string_value(v));
				json_decref(fx);
				if (best_rank == 0)
					consider_label(f, label);
				free(label);
			}
			if (best_rank == 0)
				consider_label(f, advs[i].info.label);
		}
		if (nal)
			QSORT(aliases, nal, cmp_str);
		f->aliases = aliases;
		f->naliases = nal;
		if (best_rank == 0 && f->level == CVSS_SEV_UNKNOWN &&
		    (r = borrow_severity(db, f, &best_rank)) < 0) {
			buf_release(&url);
			for (size_t k = 0; k < nfixed; k++)
				free(fixed[k]);
			free(fixed);
			goto done;
		}
		/* a borrowed severity came with its level_source */
		if (best_rank > 0 && !f->level_from)
			f->level_source = (free(f->level_source), xstrdup("cvss"));
		else if (!f->level_source)
			f->level_source = xstrdup("none");
		f->fixed = fixed;
		f->nfixed = nfixed;
		if (url.len)
			f->url = buf_detach(&url, NULL);
		else
			f->url = NULL;
		buf_release(&url);
	}
done:
	for (size_t i = 0; i < nadv; i++)
		vulndb_advisory_release(&advs[i].info);
	free(advs);
	return r;
}

static int cmp_opt(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_pkg(const void *x, const void *y)
{
	const struct scan_pkg *a = x, *b = y;
	int c = strcmp(a->ecosystem, b->ecosystem);

	if (!c)
		c = strcmp(a->name, b->name);
	if (!c)
		c = cmp_opt(a->version, b->version);
	if (!c)
		c = cmp_opt(a->purl, b->purl);
	return c;
}

/* Sorts the packages and merges those found twice (same purl) into one instance. */
static void merge_pkgs(struct scan *sc)
{
	size_t out = 0;

	if (!sc->npkgs)
		return;
	QSORT(sc->pkgs, sc->npkgs, cmp_pkg);
	for (size_t i = 1; i < sc->npkgs; i++) {
		struct scan_pkg *k = &sc->pkgs[out], *p = &sc->pkgs[i];

		if (!cmp_pkg(k, p)) {
			for (size_t j = 0; j < p->nlocs; j++) {
				scan_pkg_add_loc_layer(k, p->locs[j].path, p->locs[j].line,
				                       p->locs[j].layer);
				free(p->locs[j].path);
				free(p->locs[j].layer);
			}
			free(p->locs);
			free(p->ecosystem);
			free(p->name);
			free(p->version);
			free(p->purl);
			continue;
		}
		sc->pkgs[++out] = *p;
	}
	sc->npkgs = out + 1;
}

/* A base ecosystem of the packages and whether the database has advisories of it. */
struct coverage {
	char *base;
	bool covered;
	size_t npkgs;
};

/*
 * Whether the database covers the package's base ecosystem, asked once per
 * base: a package of an ecosystem without advisories was not checked, and
 * must not pass for clean.
 */
static int covered(bool *out, struct vulndb *db, struct coverage **cov, size_t *n, size_t *alloc,
                   const char *base)
{
	int r;

	for (size_t i = 0; i < *n; i++) {
		if (!strcmp((*cov)[i].base, base)) {
			(*cov)[i].npkgs++;
			*out = (*cov)[i].covered;
			return 0;
		}
	}
	if ((r = vulndb_has_ecosystem(db, base, out)) < 0)
		return r;
	ALLOC_GROW(*cov, *n + 1, *alloc);
	(*cov)[*n].base = xstrdup(base);
	(*cov)[*n].covered = *out;
	(*cov)[(*n)++].npkgs = 1;
	return 0;
}

/*
 * A GitHub Action used at a ref that is a release, [v]MAJOR.MINOR.PATCH with
 * an optional pre-release or build: advisories' ranges order those. A commit
 * SHA, a branch or a moving tag (v4, v4.1, which follow the newest release of
 * their series) names no release that can be placed in a range offline:
 * reading v4 as 4.0.0 would report what the newest 4.x has long fixed.
 */
static bool gha_release(const char *v)
{
	int parts = 0;

	if (*v == 'v')
		v++;
	for (;;) {
		if (*v < '0' || *v > '9')
			return false;
		while (*v >= '0' && *v <= '9')
			v++;
		if (++parts == 3)
			return !*v || *v == '-' || *v == '+';
		if (*v++ != '.')
			return false;
	}
}

int scan_run(struct scan *sc, struct vulndb *db)
{
	struct buf norm = BUF_INIT, base = BUF_INIT;
	struct coverage *cov = NULL;
	struct aff_cache ac = { 0 };
	size_t ncov = 0, acov = 0;
	int r = 0;

	merge_pkgs(sc);
	for (size_t i = 0; i < sc->npkgs; i++) {
		struct scan_pkg *p = &sc->pkgs[i];
		struct pkg_ctx c = { 0 };
		const struct ecosystem *e = ecosystem_find(p->ecosystem);
		size_t bl = osv_ecosystem_base_len(p->ecosystem);
		bool has = false;

		c.sc = sc;
		c.pkg = p;
		c.scheme = e ? e->scheme : NULL;
		buf_reset(&norm);
		buf_reset(&base);
		buf_add(&base, p->ecosystem, bl);
		if ((r = covered(&has, db, &cov, &ncov, &acov, base.ptr)) < 0)
			break;
		if (!has) {
			sc->unchecked++;
			continue;
		}
		/* such a ref matches an advisory's versions list only; its ranges are
		 * counted as not evaluated, as for an ecosystem without an order */
		bool gha_ref = !strcmp(base.ptr, "GitHub Actions") && p->version &&
		               !gha_release(p->version);
		if (gha_ref)
			c.scheme = NULL;
		osv_normalize_name(&norm, p->ecosystem, bl, p->name, strlen(p->name));
		r = find_hits(&c, &ac, db, base.ptr, norm.ptr);
		if (r == ERR_PARSE && c.err) {
			scan_note(sc, true, "%s: %s %s: %s",
			          p->nlocs  ? p->locs[0].path
			          : p->purl ? p->purl
			                    : "?",
			          p->name, p->version, err_msg());
			r = 0;
		}
		if (r == 0 && c.nhits) {
			r = build_findings(sc, db, &c, i);
			if (r == 0)
				find_upgrade(&c);
		}
		sc->git_ranges += c.notes.git_ranges;
		if (gha_ref)
			sc->gha_refs += c.notes.unordered;
		else
			sc->unordered += c.notes.unordered;
		sc->bad_events += c.notes.bad_events;
		if (c.notes.bad_events && c.notes.first_bad[0])
			scan_note(sc, false, "%s %s: %s (range skipped)", p->ecosystem, p->name,
			          c.notes.first_bad);
		for (size_t h = 0; h < c.nhits; h++) {
			free(c.hits[h].id);
			free(c.hits[h].ecosystem);
			free(c.hits[h].why);
			json_decref(c.hits[h].ranges);
			json_decref(c.hits[h].versions);
		}
		free(c.hits);
		if (r < 0)
			break;
	}
	for (size_t i = 0; i < ncov; i++) {
		if (!cov[i].covered)
			scan_note(sc, true,
			          "%zu %s package%s not checked: the database holds no %s "
			          "advisories (run 'vouch db update --ecosystem %s' or 'vouch db "
			          "import')",
			          cov[i].npkgs, cov[i].base, cov[i].npkgs == 1 ? "" : "s",
			          cov[i].base, cov[i].base);
		free(cov[i].base);
	}
	free(cov);
	aff_cache_clear(&ac);
	free(ac.v);
	if (sc->gha_refs)
		scan_note(sc, false,
		          "%zu range(s) of GitHub Actions advisories not evaluated: the action is "
		          "used at a commit, branch or moving tag (v4), not a release",
		          sc->gha_refs);
	if (sc->unordered)
		scan_note(sc, false,
		          "%zu ranges not evaluated: no version order known for their ecosystem",
		          sc->unordered);
	if (sc->git_ranges)
		scan_note(sc, false, "%zu GIT ranges ignored: they name commits, not versions",
		          sc->git_ranges);
	buf_release(&norm);
	buf_release(&base);
	return r;
}

const char *vex_status_name(enum vex_status s)
{
	switch (s) {
	case VEX_NOT_AFFECTED:
		return "not_affected";
	case VEX_AFFECTED:
		return "affected";
	case VEX_FIXED:
		return "fixed";
	case VEX_UNDER_INVESTIGATION:
		return "under_investigation";
	default:
		return NULL;
	}
}

static void finding_release(struct finding *f)
{
	free(f->id);
	for (size_t k = 0; k < f->naliases; k++)
		free(f->aliases[k]);
	free(f->aliases);
	free(f->summary);
	free(f->url);
	free(f->vector);
	free(f->level_source);
	free(f->level_from);
	for (size_t k = 0; k < f->nfixed; k++)
		free(f->fixed[k]);
	free(f->fixed);
	for (size_t k = 0; k < f->nmatches; k++) {
		free(f->matches[k].advisory);
		free(f->matches[k].ecosystem);
		free(f->matches[k].why);
	}
	free(f->matches);
	free(f->vex_justification);
	free(f->vex_statement);
	free(f->vex_source);
	free(f->ignore_reason);
	free(f->ignore_source);
	free(f->ignore_expires);
}

size_t scan_drop_unfixed(struct scan *sc)
{
	size_t out = 0, n = sc->nfindings;

	for (size_t i = 0; i < n; i++) {
		if (sc->findings[i].nfixed)
			sc->findings[out++] = sc->findings[i];
		else
			finding_release(&sc->findings[i]);
	}
	sc->nfindings = out;
	return n - out;
}

void scan_release(struct scan *sc)
{
	for (size_t i = 0; i < sc->npkgs; i++) {
		struct scan_pkg *p = &sc->pkgs[i];

		free(p->ecosystem);
		free(p->name);
		free(p->version);
		free(p->purl);
		free(p->upgrade);
		for (size_t k = 0; k < p->nlocs; k++) {
			free(p->locs[k].path);
			free(p->locs[k].layer);
		}
		free(p->locs);
	}
	for (size_t i = 0; i < sc->nfindings; i++)
		finding_release(&sc->findings[i]);
	for (size_t i = 0; i < sc->nnotes; i++)
		free(sc->notes[i].msg);
	for (size_t i = 0; i < sc->neol; i++) {
		free(sc->eol[i].product);
		free(sc->eol[i].cycle);
		free(sc->eol[i].eol);
		free(sc->eol[i].latest);
	}
	free(sc->eol);
	free(sc->pkgs);
	free(sc->findings);
	free(sc->notes);
	memset(sc, 0, sizeof(*sc));
}
