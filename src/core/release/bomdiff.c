/*
 * bomdiff.c: two inventories compared component by component (bomdiff.h).
 */
#include "util/compat.h"
#include "core/release/bomdiff.h"
#include "core/formats/purl.h"
#include "core/match/scan.h"
#include "core/version/version.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/json.h"

static const char *const kind_names[BD_NKINDS] = {
	"hash_changed", "added", "removed", "upgraded", "downgraded", "changed", "license_changed",
};

const char *bomdiff_kind_name(enum bomdiff_kind k)
{
	return k < BD_NKINDS ? kind_names[k] : "?";
}

/* Qualifiers that make two packages of the same name different components. */
static bool identifying(const char *key)
{
	return !strcmp(key, "arch") || !strcmp(key, "distro") || !strcmp(key, "classifier") ||
	       !strcmp(key, "type");
}

int bomdiff_key(struct buf *out, const struct pkg *p)
{
	struct purl_qualifier q[PURL_MAX_QUALIFIERS];
	size_t nq = 0;

	for (size_t i = 0; i < p->nqualifiers && nq < PURL_MAX_QUALIFIERS; i++) {
		if (!identifying(p->qualifiers[i].key))
			continue;
		q[nq].key = p->qualifiers[i].key;
		q[nq].value = p->qualifiers[i].value;
		nq++;
	}
	return purl_build(out, p->purl_type, p->namespace, p->name, NULL, q, nq, NULL);
}

struct side {
	char *key;
	const struct pkg *p;
	bool used;
};

static int cmp_side(const void *x, const void *y)
{
	const struct side *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	if (c)
		return c;
	return strcmp(a->p->version ? a->p->version : "", b->p->version ? b->p->version : "");
}

static int collect(struct side **out, size_t *n, const struct inventory *inv)
{
	struct buf k = BUF_INIT;

	*out = NULL;
	*n = 0;
	if (inv->npkgs)
		*out = xcalloc(inv->npkgs, sizeof(**out));
	for (size_t i = 0; i < inv->npkgs; i++) {
		const struct pkg *p = inv->pkgs[i];

		if (p->flags & PKG_ROOT)
			continue;
		buf_reset(&k);
		if (bomdiff_key(&k, p) < 0) {
			buf_release(&k);
			return -1;
		}
		(*out)[*n].key = xstrdup(k.ptr);
		(*out)[(*n)++].p = p;
	}
	buf_release(&k);
	if (*n)
		qsort(*out, *n, sizeof(**out), cmp_side);
	return 0;
}

static void free_sides(struct side *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].key);
	free(v);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static char *display_name(const struct pkg *p)
{
	struct buf b = BUF_INIT;

	if (p->namespace && strcmp(p->purl_type, "deb") && strcmp(p->purl_type, "rpm") &&
	    strcmp(p->purl_type, "apk"))
		buf_addf(&b, "%s%s", p->namespace, !strcmp(p->purl_type, "maven") ? ":" : "/");
	buf_adds(&b, p->name);
	return buf_detach(&b, NULL);
}

static struct bomdiff_entry *add(struct bomdiff *d, enum bomdiff_kind kind, const char *key,
                                 const struct pkg *o, const struct pkg *n)
{
	const struct pkg *any = n ? n : o;
	struct bomdiff_entry *e;

	if (d->n == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 16;
		d->e = xreallocarray(d->e, d->alloc, sizeof(*d->e));
	}
	e = &d->e[d->n++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->key = xstrdup(key);
	e->name = display_name(any);
	e->ecosystem = dup_or_null(any->ecosystem);
	if (o) {
		e->old_version = dup_or_null(o->version);
		e->old_purl = dup_or_null(o->purl);
		e->old_license = dup_or_null(o->license);
	}
	if (n) {
		e->new_version = dup_or_null(n->version);
		e->new_purl = dup_or_null(n->purl);
		e->new_license = dup_or_null(n->license);
	}
	d->count[kind]++;
	return e;
}

/* NOASSERTION and NONE (SPDX's "not known") say no more than an absent licence. */
static const char *lic(const char *s)
{
	return s && strcmp(s, "NOASSERTION") && *s ? s : NULL;
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void compare_same(struct bomdiff *d, const char *key, const struct pkg *o,
                         const struct pkg *n)
{
	for (size_t i = 0; i < o->nhashes; i++) {
		for (size_t k = 0; k < n->nhashes; k++) {
			struct bomdiff_entry *e;

			if (strcmp(o->hashes[i].alg, n->hashes[k].alg) ||
			    !strcmp(o->hashes[i].hex, n->hashes[k].hex))
				continue;
			e = add(d, BD_HASH, key, o, n);
			e->hash_alg = xstrdup(o->hashes[i].alg);
			e->old_hash = xstrdup(o->hashes[i].hex);
			e->new_hash = xstrdup(n->hashes[k].hex);
			goto licence;
		}
	}
licence:
	if (!same_str(lic(o->license), lic(n->license)))
		add(d, BD_LICENSE, key, o, n);
}

/* -1, 0, 1 in the ecosystem's order; *known false when it cannot be told. */
static int vcmp(const struct pkg *a, const struct pkg *b, bool *known)
{
	const struct ecosystem *eco = a->ecosystem ? ecosystem_find(a->ecosystem) : NULL;
	int c = 0;

	*known = false;
	if (!a->version || !b->version)
		return (a->version ? 1 : 0) - (b->version ? 1 : 0);
	if (eco && version_compare(eco, a->version, strlen(a->version), b->version,
	                           strlen(b->version), &c) == 0) {
		*known = true;
		return c;
	}
	err_clear();
	return strcmp(a->version, b->version) < 0 ? -1 : strcmp(a->version, b->version) > 0;
}

/* Insertion sort of a few versions of one component, oldest first. */
static void sort_versions(const struct pkg **v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		const struct pkg *x = v[i];
		size_t k = i;
		bool known;

		while (k > 0 && vcmp(v[k - 1], x, &known) > 0) {
			v[k] = v[k - 1];
			k--;
		}
		v[k] = x;
	}
}

/* One key: o[0..no) from OLD, n[0..nn) from NEW. */
static void compare_key(struct bomdiff *d, const char *key, struct side *o, size_t no,
                        struct side *n, size_t nn)
{
	const struct pkg **ro = NULL, **rn = NULL;
	size_t nro = 0, nrn = 0, k;

	for (size_t i = 0; i < no; i++) {
		for (size_t j = 0; j < nn; j++) {
			if (n[j].used || !same_str(o[i].p->version, n[j].p->version))
				continue;
			o[i].used = n[j].used = true;
			d->unchanged++;
			compare_same(d, key, o[i].p, n[j].p);
			break;
		}
	}
	ro = xcalloc(no + 1, sizeof(*ro));
	rn = xcalloc(nn + 1, sizeof(*rn));
	for (size_t i = 0; i < no; i++)
		if (!o[i].used)
			ro[nro++] = o[i].p;
	for (size_t j = 0; j < nn; j++)
		if (!n[j].used)
			rn[nrn++] = n[j].p;
	sort_versions(ro, nro);
	sort_versions(rn, nrn);
	for (k = 0; k < nro && k < nrn; k++) {
		bool known;
		int c = vcmp(ro[k], rn[k], &known);

		add(d,
		    !known  ? BD_CHANGED
		    : c < 0 ? BD_UPGRADED
		            : BD_DOWNGRADED,
		    key, ro[k], rn[k]);
		if (!same_str(lic(ro[k]->license), lic(rn[k]->license)))
			add(d, BD_LICENSE, key, ro[k], rn[k]);
	}
	for (size_t i = k; i < nro; i++)
		add(d, BD_REMOVED, key, ro[i], NULL);
	for (size_t j = k; j < nrn; j++)
		add(d, BD_ADDED, key, NULL, rn[j]);
	free(ro);
	free(rn);
}

static int cmp_entry(const void *x, const void *y)
{
	const struct bomdiff_entry *a = x, *b = y;
	int c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = strcmp(a->key, b->key)))
		return c;
	if ((c = strcmp(a->old_version ? a->old_version : "",
	                b->old_version ? b->old_version : "")))
		return c;
	return strcmp(a->new_version ? a->new_version : "", b->new_version ? b->new_version : "");
}

int bomdiff_run(struct bomdiff *out, const struct inventory *old_inv,
                const struct inventory *new_inv)
{
	struct side *o = NULL, *n = NULL;
	size_t no = 0, nn = 0, i = 0, j = 0;
	int r = 0;

	if ((r = collect(&o, &no, old_inv)) < 0 || (r = collect(&n, &nn, new_inv)) < 0)
		goto done;
	out->old_total = no;
	out->new_total = nn;
	while (i < no || j < nn) {
		int c = i >= no ? 1 : j >= nn ? -1 : strcmp(o[i].key, n[j].key);
		const char *key = c <= 0 ? o[i].key : n[j].key;
		size_t ei = i, ej = j;

		if (c <= 0)
			while (ei < no && !strcmp(o[ei].key, key))
				ei++;
		if (c >= 0)
			while (ej < nn && !strcmp(n[ej].key, key))
				ej++;
		compare_key(out, key, o + i, ei - i, n + j, ej - j);
		i = ei;
		j = ej;
	}
	if (out->n)
		qsort(out->e, out->n, sizeof(*out->e), cmp_entry);
done:
	free_sides(o, no);
	free_sides(n, nn);
	return r;
}

bool bomdiff_reviewed(const struct bomdiff_entry *e, const char *const *reviewed, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct purl p = PURL_INIT;
		struct pkg k;
		struct pkg_kv q[PURL_MAX_QUALIFIERS];
		struct buf key = BUF_INIT;
		bool hit = false;

		if (purl_parse(&p, reviewed[i], strlen(reviewed[i])) < 0) {
			err_clear();
			continue;
		}
		memset(&k, 0, sizeof(k));
		k.purl_type = p.type;
		k.namespace = p.namespace;
		k.name = p.name;
		for (size_t j = 0; j < p.nqualifiers && j < PURL_MAX_QUALIFIERS; j++) {
			q[j].key = p.qualifiers[j].key;
			q[j].value = p.qualifiers[j].value;
			k.nqualifiers++;
		}
		k.qualifiers = q;
		if (bomdiff_key(&key, &k) == 0 && !strcmp(key.ptr, e->key))
			hit = !p.version || same_str(p.version, e->new_version);
		buf_release(&key);
		purl_release(&p);
		if (hit)
			return true;
	}
	return false;
}

/* ---- vulnerabilities ---- */

static bool same_vuln(const struct scan *a, const struct finding *f, const struct scan *b,
                      const struct finding *g)
{
	const struct scan_pkg *p = &a->pkgs[f->pkg], *q = &b->pkgs[g->pkg];

	if (!same_str(p->ecosystem, q->ecosystem) || !same_str(p->name, q->name))
		return false;
	if (finding_has_id(g, f->id))
		return true;
	for (size_t i = 0; i < f->naliases; i++)
		if (finding_has_id(g, f->aliases[i]))
			return true;
	return false;
}

static char *joined(char *const *v, size_t n)
{
	struct buf b = BUF_INIT;

	if (!n)
		return NULL;
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", v[i]);
	return buf_detach(&b, NULL);
}

/* The findings of a that b has not, appended to *out. */
static void only_in(struct bomdiff_vuln **out, size_t *nout, const struct scan *a,
                    const struct scan *b)
{
	for (size_t i = 0; i < a->nfindings; i++) {
		const struct finding *f = &a->findings[i];
		const struct scan_pkg *p = &a->pkgs[f->pkg];
		struct bomdiff_vuln *v;
		bool seen = false;

		for (size_t k = 0; k < b->nfindings && !seen; k++)
			seen = same_vuln(a, f, b, &b->findings[k]);
		if (seen)
			continue;
		*out = xreallocarray(*out, *nout + 1, sizeof(**out));
		v = &(*out)[(*nout)++];
		v->id = xstrdup(f->id);
		v->aliases = joined(f->aliases, f->naliases);
		v->package = xstrdup(p->name);
		v->version = dup_or_null(p->version);
		v->purl = dup_or_null(p->purl);
		v->level = cvss_severity_name(f->level);
		v->fixed = joined(f->fixed, f->nfixed);
	}
}

static void take_notes(struct bomdiff *d, const struct scan *sc, const char *side)
{
	for (size_t i = 0; i < sc->nnotes; i++) {
		struct buf b = BUF_INIT;

		buf_addf(&b, "%s: %s", side, sc->notes[i].msg);
		d->notes = xreallocarray(d->notes, d->nnotes + 1, sizeof(*d->notes));
		d->notes[d->nnotes++] = buf_detach(&b, NULL);
		d->nerrors += sc->notes[i].error;
	}
}

int bomdiff_vulns(struct bomdiff *d, const struct inventory *old_inv,
                  const struct inventory *new_inv, struct vulndb *db)
{
	struct scan so = SCAN_INIT, sn = SCAN_INIT;
	int r;

	if ((r = scan_add_inventory(&so, old_inv)) < 0 || (r = scan_run(&so, db)) < 0 ||
	    (r = scan_add_inventory(&sn, new_inv)) < 0 || (r = scan_run(&sn, db)) < 0)
		goto done;
	d->vulns_checked = true;
	only_in(&d->introduced, &d->nintroduced, &sn, &so);
	only_in(&d->fixed, &d->nfixed, &so, &sn);
	take_notes(d, &so, "old");
	take_notes(d, &sn, "new");
done:
	scan_release(&so);
	scan_release(&sn);
	return r;
}

/* ---- output ---- */

static void kstr_opt(struct jw *w, const char *key, const char *s)
{
	if (s)
		jw_kstr(w, key, s);
	else {
		jw_key(w, key);
		jw_null(w);
	}
}

static void json_entry(struct jw *w, const struct bomdiff_entry *e)
{
	jw_obj_begin(w);
	jw_kstr(w, "name", e->name);
	kstr_opt(w, "ecosystem", e->ecosystem);
	jw_kstr(w, "key", e->key);
	if (e->kind != BD_ADDED) {
		kstr_opt(w, "old_version", e->old_version);
		kstr_opt(w, "old_purl", e->old_purl);
		kstr_opt(w, "old_license", e->old_license);
	}
	if (e->kind != BD_REMOVED) {
		kstr_opt(w, "new_version", e->new_version);
		kstr_opt(w, "new_purl", e->new_purl);
		kstr_opt(w, "new_license", e->new_license);
	}
	if (e->kind == BD_HASH) {
		jw_kstr(w, "alg", e->hash_alg);
		jw_kstr(w, "old_hash", e->old_hash);
		jw_kstr(w, "new_hash", e->new_hash);
	}
	jw_obj_end(w);
}

static void json_vulns(struct jw *w, const char *key, const struct bomdiff_vuln *v, size_t n)
{
	jw_key(w, key);
	jw_arr_begin(w);
	for (size_t i = 0; i < n; i++) {
		jw_obj_begin(w);
		jw_kstr(w, "id", v[i].id);
		kstr_opt(w, "aliases", v[i].aliases);
		jw_kstr(w, "package", v[i].package);
		kstr_opt(w, "version", v[i].version);
		kstr_opt(w, "purl", v[i].purl);
		jw_kstr(w, "severity", v[i].level);
		kstr_opt(w, "fixed", v[i].fixed);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

int bomdiff_json(struct buf *out, const struct bomdiff *d, const struct bomdiff_meta *m)
{
	struct jw w;

	jw_init(&w, out, true);
	jw_obj_begin(&w);
	jw_kstr(&w, "old", m->old_name);
	jw_kstr(&w, "new", m->new_name);
	jw_key(&w, "summary");
	jw_obj_begin(&w);
	jw_kint(&w, "old_components", (int64_t)d->old_total);
	jw_kint(&w, "new_components", (int64_t)d->new_total);
	jw_kint(&w, "unchanged", (int64_t)d->unchanged);
	for (int k = 0; k < BD_NKINDS; k++)
		jw_kint(&w, kind_names[k], (int64_t)d->count[k]);
	if (d->vulns_checked) {
		jw_kint(&w, "vulnerabilities_introduced", (int64_t)d->nintroduced);
		jw_kint(&w, "vulnerabilities_fixed", (int64_t)d->nfixed);
	}
	jw_obj_end(&w);
	for (int k = 0; k < BD_NKINDS; k++) {
		jw_key(&w, kind_names[k]);
		jw_arr_begin(&w);
		for (size_t i = 0; i < d->n; i++)
			if (d->e[i].kind == (enum bomdiff_kind)k)
				json_entry(&w, &d->e[i]);
		jw_arr_end(&w);
	}
	if (d->vulns_checked) {
		jw_key(&w, "vulnerabilities");
		jw_obj_begin(&w);
		json_vulns(&w, "introduced", d->introduced, d->nintroduced);
		json_vulns(&w, "fixed", d->fixed, d->nfixed);
		jw_key(&w, "notes");
		jw_arr_begin(&w);
		for (size_t i = 0; i < d->nnotes; i++)
			jw_str(&w, d->notes[i]);
		jw_arr_end(&w);
		jw_obj_end(&w);
	}
	jw_obj_end(&w);
	return jw_finish(&w);
}

void bomdiff_summary(struct buf *out, const struct bomdiff *d)
{
	buf_addf(out, "%zu added, %zu removed, %zu upgraded, %zu downgraded", d->count[BD_ADDED],
	         d->count[BD_REMOVED], d->count[BD_UPGRADED], d->count[BD_DOWNGRADED]);
	if (d->count[BD_CHANGED])
		buf_addf(out, ", %zu changed", d->count[BD_CHANGED]);
	buf_addf(out, ", %zu licence change%s, %zu hash change%s at the same version",
	         d->count[BD_LICENSE], d->count[BD_LICENSE] == 1 ? "" : "s", d->count[BD_HASH],
	         d->count[BD_HASH] == 1 ? "" : "s");
	if (d->vulns_checked)
		buf_addf(out, "; vulnerabilities: %zu introduced, %zu fixed", d->nintroduced,
		         d->nfixed);
}

/* A table cell: nothing in it can close the cell, open markup or run HTML. */
static void md_cell(struct buf *out, const char *s)
{
	if (!s || !*s) {
		buf_adds(out, "-");
		return;
	}
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '<')
			buf_adds(out, "&lt;");
		else if (c == '>')
			buf_adds(out, "&gt;");
		else if (c == '&')
			buf_adds(out, "&amp;");
		else if (c == '|')
			buf_adds(out, "&#124;");
		else if (c < 0x20 || c == 0x7f)
			buf_addch(out, ' ');
		else if (strchr("\\`*_[]()#!~$", c))
			buf_addf(out, "\\%c", c);
		else
			buf_addch(out, c);
	}
}

static void md_version(struct buf *out, const char *v)
{
	buf_adds(out, "`");
	for (const char *s = v ? v : "-"; *s; s++) {
		unsigned char c = (unsigned char)*s;

		/* a backtick would end the code span; a pipe the cell */
		buf_addch(out, c == '`' || c == '|' || c < 0x20 || c == 0x7f ? '?' : c);
	}
	buf_adds(out, "`");
}

static const char *const md_titles[BD_NKINDS] = {
	"Hash changed at the same version", "Added",           "Removed", "Upgraded", "Downgraded",
	"Changed (order unknown)",          "Licence changed",
};

static void md_section(struct buf *out, const struct bomdiff *d, enum bomdiff_kind k,
                       size_t max_rows)
{
	size_t n = d->count[k], row = 0;
	bool fold = n > max_rows;

	if (!n)
		return;
	if (fold)
		buf_addf(out, "<details><summary>%s (%zu)</summary>\n\n", md_titles[k], n);
	else
		buf_addf(out, "#### %s (%zu)\n\n", md_titles[k], n);
	switch (k) {
	case BD_ADDED:
	case BD_REMOVED:
		buf_adds(out, "| Component | Version | Licence |\n|---|---|---|\n");
		break;
	case BD_HASH:
		buf_adds(out, "| Component | Version | Algorithm | Old hash | New hash |\n"
		              "|---|---|---|---|---|\n");
		break;
	case BD_LICENSE:
		buf_adds(out, "| Component | Versions | Old licence | New licence |\n"
		              "|---|---|---|---|\n");
		break;
	default:
		buf_adds(out, "| Component | Old | New |\n|---|---|---|\n");
	}
	for (size_t i = 0; i < d->n; i++) {
		const struct bomdiff_entry *e = &d->e[i];

		if (e->kind != k)
			continue;
		row++;
		buf_adds(out, "| ");
		md_cell(out, e->name);
		buf_adds(out, " | ");
		switch (k) {
		case BD_ADDED:
		case BD_REMOVED:
			md_version(out, k == BD_ADDED ? e->new_version : e->old_version);
			buf_adds(out, " | ");
			md_cell(out, k == BD_ADDED ? e->new_license : e->old_license);
			break;
		case BD_HASH:
			md_version(out, e->new_version);
			buf_adds(out, " | ");
			md_cell(out, e->hash_alg);
			buf_adds(out, " | ");
			md_version(out, e->old_hash);
			buf_adds(out, " | ");
			md_version(out, e->new_hash);
			break;
		case BD_LICENSE:
			md_version(out, e->old_version);
			if (!same_str(e->old_version, e->new_version)) {
				buf_adds(out, " → ");
				md_version(out, e->new_version);
			}
			buf_adds(out, " | ");
			md_cell(out, e->old_license);
			buf_adds(out, " | ");
			md_cell(out, e->new_license);
			break;
		default:
			md_version(out, e->old_version);
			buf_adds(out, " | ");
			md_version(out, e->new_version);
		}
		buf_adds(out, " |\n");
	}
	(void)row;
	buf_adds(out, fold ? "\n</details>\n\n" : "\n");
}

static void md_vulns(struct buf *out, const char *title, const struct bomdiff_vuln *v, size_t n,
                     size_t max_rows)
{
	bool fold = n > max_rows;

	if (!n)
		return;
	if (fold)
		buf_addf(out, "<details><summary>%s (%zu)</summary>\n\n", title, n);
	else
		buf_addf(out, "#### %s (%zu)\n\n", title, n);
	buf_adds(out, "| Vulnerability | Severity | Package | Version | Fixed in |\n"
	              "|---|---|---|---|---|\n");
	for (size_t i = 0; i < n; i++) {
		buf_adds(out, "| ");
		md_cell(out, v[i].id);
		buf_adds(out, " | ");
		md_cell(out, v[i].level);
		buf_adds(out, " | ");
		md_cell(out, v[i].package);
		buf_adds(out, " | ");
		md_version(out, v[i].version);
		buf_adds(out, " | ");
		md_cell(out, v[i].fixed);
		buf_adds(out, " |\n");
	}
	buf_adds(out, fold ? "\n</details>\n\n" : "\n");
}

int bomdiff_markdown(struct buf *out, const struct bomdiff *d, const struct bomdiff_meta *m)
{
	size_t max_rows = m->max_rows ? m->max_rows : 10;

	buf_adds(out, "### SBOM changes\n\n");
	buf_adds(out, "**");
	bomdiff_summary(out, d);
	buf_adds(out, "** (");
	md_cell(out, m->old_name);
	buf_adds(out, " → ");
	md_cell(out, m->new_name);
	buf_addf(out, ": %zu → %zu components)\n\n", d->old_total, d->new_total);
	if (d->count[BD_HASH])
		buf_addf(out,
		         "> [!WARNING]\n> %zu component%s changed content without changing "
		         "version: check where %s came from before merging.\n\n",
		         d->count[BD_HASH], d->count[BD_HASH] == 1 ? "" : "s",
		         d->count[BD_HASH] == 1 ? "it" : "they");
	if (!d->n && (!d->vulns_checked || (!d->nintroduced && !d->nfixed)))
		buf_adds(out, "No component changed.\n");
	for (int k = 0; k < BD_NKINDS; k++)
		md_section(out, d, (enum bomdiff_kind)k, max_rows);
	if (d->vulns_checked) {
		md_vulns(out, "Vulnerabilities introduced", d->introduced, d->nintroduced,
		         max_rows);
		md_vulns(out, "Vulnerabilities fixed", d->fixed, d->nfixed, max_rows);
	}
	return 0;
}

static void free_vulns(struct bomdiff_vuln *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].aliases);
		free(v[i].package);
		free(v[i].version);
		free(v[i].purl);
		free(v[i].fixed);
	}
	free(v);
}

void bomdiff_release(struct bomdiff *d)
{
	for (size_t i = 0; i < d->n; i++) {
		struct bomdiff_entry *e = &d->e[i];

		free(e->key);
		free(e->name);
		free(e->ecosystem);
		free(e->old_version);
		free(e->new_version);
		free(e->old_purl);
		free(e->new_purl);
		free(e->old_license);
		free(e->new_license);
		free(e->hash_alg);
		free(e->old_hash);
		free(e->new_hash);
	}
	free(d->e);
	free_vulns(d->introduced, d->nintroduced);
	free_vulns(d->fixed, d->nfixed);
	for (size_t i = 0; i < d->nnotes; i++)
		free(d->notes[i]);
	free(d->notes);
	memset(d, 0, sizeof(*d));
}
