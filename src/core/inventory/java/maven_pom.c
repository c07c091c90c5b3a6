/*
 * maven_pom.c: Maven pom.xml, read offline.
 *
 * The project itself (PKG_ROOT) and the dependencies it declares, with
 * versions taken from <properties> (nested, bounded), the project and parent
 * coordinates, and <dependencyManagement>, in this file and in parent POMs
 * that lie in the scanned tree (<relativePath>, by default ../pom.xml, and
 * only when their coordinates are the ones <parent> names, as Maven checks).
 * What needs a repository is not guessed: a version from an undefined
 * property, from an imported BOM or a remote parent, or a version range,
 * gives a package flagged PKG_UNRESOLVED without a version, the raw text in
 * the property "vouch:maven-version", and a note saying why.
 *
 * Scopes: test -> PKG_DEV; every declared scope is kept as "vouch:maven-scope";
 * system -> PKG_LOCAL; <optional>true</optional> -> PKG_OPTIONAL. Build plugin
 * dependencies are not project dependencies and are not listed; dependencies
 * of profiles active by default are, the others are counted in a note.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/lockparse.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"

#define POM_MAX_SIZE      ((size_t)16 << 20)
#define POM_MAX_PARENTS   8
#define POM_MAX_RECURSION 16   /* nested ${...} */
#define POM_MAX_VALUE     8192 /* an interpolated value */
#define POM_MAX_LOOKUPS   256  /* property references while expanding one value */

struct pom_managed {
	char *g, *a, *type, *classifier, *version, *scope;
};

struct pom_model {
	xmlDoc *doc;
	char *display; /* where it was read (parents) */
	char *g, *a, *v, *packaging;
	char *pg, *pa, *pv, *prel; /* <parent> */
	bool has_parent, prel_given;
	char **pk, **pvals; /* properties */
	size_t nprops, aprops;
	struct pom_managed *mg;
	size_t nmg, amg;
};

struct pom_seen {
	char *key; /* g:a:type:classifier */
	struct pkg *p;
	size_t line, seq;
};

struct pom {
	struct extract_ctx *ctx;
	struct pom_model m[POM_MAX_PARENTS + 1];
	size_t nm;
	struct pom_seen *seen; /* declared dependencies, for duplicates */
	size_t nseen, aseen;
	struct lp_names props;   /* property -> value; the file's own first, then parents' */
	struct lp_names managed; /* "g:a:type:classifier" -> struct pom_managed */
	char **mkeys;            /* the keys of managed, to free */
	size_t nmkeys;
	size_t budget; /* lookups left for the value being expanded */
};

static void model_release(struct pom_model *m)
{
	xmlFreeDoc(m->doc);
	free(m->display);
	free(m->g);
	free(m->a);
	free(m->v);
	free(m->packaging);
	free(m->pg);
	free(m->pa);
	free(m->pv);
	free(m->prel);
	for (size_t i = 0; i < m->nprops; i++) {
		free(m->pk[i]);
		free(m->pvals[i]);
	}
	free(m->pk);
	free(m->pvals);
	for (size_t i = 0; i < m->nmg; i++) {
		free(m->mg[i].g);
		free(m->mg[i].a);
		free(m->mg[i].type);
		free(m->mg[i].classifier);
		free(m->mg[i].version);
		free(m->mg[i].scope);
	}
	free(m->mg);
	memset(m, 0, sizeof(*m));
}

static void model_load(struct pom_model *m, xmlNode *project)
{
	xmlNode *par = lp_xml_child(project, "parent"), *props, *dm;

	m->g = lp_xml_child_text(project, "groupId");
	m->a = lp_xml_child_text(project, "artifactId");
	m->v = lp_xml_child_text(project, "version");
	m->packaging = lp_xml_child_text(project, "packaging");
	if (par) {
		m->has_parent = true;
		m->pg = lp_xml_child_text(par, "groupId");
		m->pa = lp_xml_child_text(par, "artifactId");
		m->pv = lp_xml_child_text(par, "version");
		m->prel_given = lp_xml_child(par, "relativePath") != NULL;
		m->prel = lp_xml_child_text(par, "relativePath");
	}
	props = lp_xml_child(project, "properties");
	for (xmlNode *c = props ? props->children : NULL; c; c = c->next) {
		char *val;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		val = lp_xml_text(c);
		ALLOC_GROW(m->pk, m->nprops + 1, m->aprops);
		m->pvals = xreallocarray(m->pvals, m->aprops, sizeof(*m->pvals));
		m->pk[m->nprops] = xstrdup((const char *)c->name);
		m->pvals[m->nprops++] = val ? val : xstrdup("");
	}
	dm = lp_xml_child(lp_xml_child(project, "dependencyManagement"), "dependencies");
	for (xmlNode *d = lp_xml_child(dm, "dependency"); d; d = lp_xml_next(d, "dependency")) {
		struct pom_managed *x;

		ALLOC_GROW(m->mg, m->nmg + 1, m->amg);
		x = &m->mg[m->nmg++];
		x->g = lp_xml_child_text(d, "groupId");
		x->a = lp_xml_child_text(d, "artifactId");
		x->type = lp_xml_child_text(d, "type");
		x->classifier = lp_xml_child_text(d, "classifier");
		x->version = lp_xml_child_text(d, "version");
		x->scope = lp_xml_child_text(d, "scope");
	}
}

/* The effective groupId / version of model i (inherited from <parent> when absent). */
static const char *model_g(const struct pom_model *m)
{
	return m->g ? m->g : m->pg;
}

static const char *model_v(const struct pom_model *m)
{
	return m->v ? m->v : m->pv;
}

/* A property's raw value, as the effective model of the first file sees it; NULL if unknown. */
static const char *lookup(struct pom *pm, const char *name)
{
	const struct pom_model *m = &pm->m[0];
	static const char *const pre[] = { "project.", "pom.", "" };

	for (size_t i = 0; i < ARRAY_SIZE(pre); i++) {
		size_t pl = strlen(pre[i]);
		const char *f;

		if (strncmp(name, pre[i], pl))
			continue;
		f = name + pl;
		if (!strcmp(f, "version"))
			return model_v(m);
		if (!strcmp(f, "groupId"))
			return model_g(m);
		if (!strcmp(f, "artifactId"))
			return m->a;
		if (!strcmp(f, "parent.version"))
			return m->pv;
		if (!strcmp(f, "parent.groupId"))
			return m->pg;
		if (!strcmp(f, "parent.artifactId"))
			return m->pa;
		if (!strcmp(f, "packaging") && *pre[i])
			return m->packaging ? m->packaging : "jar";
	}
	/* properties: the file's own first, then its parents' (a child overrides) */
	return lp_names_get(&pm->props, name);
}

/*
 * Expands ${name} references in s into out. Returns 0, or 1 when a property
 * is not known (its name in *missing, to free; the first one only), or a
 * negative code on a cycle or a value too long (err_set).
 */
static int interp(struct pom *pm, struct buf *out, const char *s, char **missing, int depth)
{
	int unresolved = 0;

	if (depth > POM_MAX_RECURSION)
		return err_set(ERR_TOOBIG, "properties nested more than %d deep (a cycle?)",
		               POM_MAX_RECURSION);
	while (*s) {
		const char *open = strstr(s, "${"), *close;
		char *name;
		const char *val;
		int r;

		if (!open) {
			if (buf_adds(out, s) < 0)
				return err_code();
			break;
		}
		close = strchr(open + 2, '}');
		if (!close) {
			if (buf_adds(out, s) < 0)
				return err_code();
			break;
		}
		if (buf_add(out, s, (size_t)(open - s)) < 0)
			return err_code();
		if (!pm->budget--)
			return err_set(ERR_TOOBIG, "more than %d property references in one value",
			               POM_MAX_LOOKUPS);
		name = xstrndup(open + 2, (size_t)(close - open - 2));
		val = lookup(pm, name);
		if (!val) {
			if (!*missing)
				*missing = xstrdup(name);
			unresolved = 1;
			buf_add(out, open, (size_t)(close - open + 1));
			free(name);
		} else {
			free(name);
			r = interp(pm, out, val, missing, depth + 1);
			if (r < 0)
				return r;
			unresolved |= r;
		}
		s = close + 1;
	}
	return unresolved;
}

/* Interpolated copy of s (NULL stays NULL). *missing as interp(); NULL on error (err_set). */
static char *expand(struct pom *pm, const char *s, char **missing, int *rc)
{
	struct buf b = BUF_INIT_MAX(POM_MAX_VALUE);
	int r;

	*rc = 0;
	if (!s)
		return NULL;
	pm->budget = POM_MAX_LOOKUPS;
	r = interp(pm, &b, s, missing, 0);
	if (r < 0) {
		*rc = r;
		buf_release(&b);
		return NULL;
	}
	*rc = r;
	return buf_detach(&b, NULL);
}

static bool same(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static char *managed_key(const char *g, const char *a, const char *type, const char *classifier)
{
	struct buf k = BUF_INIT_MAX(4 * POM_MAX_VALUE + 8);

	buf_addf(&k, "%s:%s:%s:%s", g ? g : "", a ? a : "", type && *type ? type : "jar",
	         classifier ? classifier : "");
	return buf_detach(&k, NULL);
}

/*
 * Indexes the properties and the managed dependencies of the file and its
 * parents, once: the file's own entries first so that they win.
 */
static void build_indexes(struct pom *pm)
{
	for (size_t k = 0; k < pm->nm; k++)
		for (size_t i = 0; i < pm->m[k].nprops; i++)
			lp_names_add(&pm->props, pm->m[k].pk[i], pm->m[k].pvals[i]);
	lp_names_sort(&pm->props);
	for (size_t k = 0; k < pm->nm; k++)
		for (size_t i = 0; i < pm->m[k].nmg; i++) {
			struct pom_managed *x = &pm->m[k].mg[i];
			char *mis = NULL, *xg, *xa, *xt, *xc;
			int rc;

			if (x->scope && !strcmp(x->scope, "import"))
				continue;
			xg = expand(pm, x->g, &mis, &rc);
			xa = expand(pm, x->a, &mis, &rc);
			xt = expand(pm, x->type, &mis, &rc);
			xc = expand(pm, x->classifier, &mis, &rc);
			pm->mkeys = xreallocarray(pm->mkeys, pm->nmkeys + 1, sizeof(*pm->mkeys));
			pm->mkeys[pm->nmkeys] = managed_key(xg, xa, xt, xc);
			lp_names_add(&pm->managed, pm->mkeys[pm->nmkeys++], x);
			free(xg);
			free(xa);
			free(xt);
			free(xc);
			free(mis);
		}
	lp_names_sort(&pm->managed);
}

/* The managed entry for g:a:type:classifier, from this file or else its parents. */
static const struct pom_managed *managed(const struct pom *pm, const char *g, const char *a,
                                         const char *type, const char *classifier)
{
	char *k = managed_key(g, a, type, classifier);
	const struct pom_managed *x = lp_names_get(&pm->managed, k);

	free(k);
	return x;
}

static bool is_range(const char *v)
{
	return v[0] == '[' || v[0] == '(' || strchr(v, ',') != NULL;
}

static void add_type_qualifiers(struct pkg *p, const char *type, const char *classifier)
{
	if (type && *type && strcmp(type, "jar"))
		pkg_add_qualifier(p, "type", type);
	if (classifier && *classifier)
		pkg_add_qualifier(p, "classifier", classifier);
}

/* Records a declared dependency, to find those declared twice afterwards. */
static void remember(struct pom *pm, struct pkg *p, const char *g, const char *a, const char *t,
                     const char *c, size_t line)
{
	struct buf key = BUF_INIT_MAX(4 * POM_MAX_VALUE + 8);

	buf_addf(&key, "%s:%s:%s:%s", g, a, t && *t ? t : "jar", c ? c : "");
	ALLOC_GROW(pm->seen, pm->nseen + 1, pm->aseen);
	pm->seen[pm->nseen].key = buf_detach(&key, NULL);
	pm->seen[pm->nseen].p = p;
	pm->seen[pm->nseen].line = line;
	pm->seen[pm->nseen].seq = pm->nseen;
	pm->nseen++;
}

static int seen_cmp(const void *x, const void *y)
{
	const struct pom_seen *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

/*
 * Maven warns about a dependency declared twice (same groupId, artifactId,
 * type, classifier) and keeps one; which one is its business: both are
 * listed, with a note on the later declaration.
 */
static void note_duplicates(struct pom *pm)
{
	QSORT(pm->seen, pm->nseen, seen_cmp);
	for (size_t i = 1; i < pm->nseen; i++) {
		const struct pkg *o = pm->seen[i - 1].p, *p = pm->seen[i].p;

		if (strcmp(pm->seen[i - 1].key, pm->seen[i].key) ||
		    (same(o->version, p->version) && o->flags == p->flags))
			continue;
		extract_note(pm->ctx, pm->seen[i].line,
		             "'%s:%s' is declared again (version %s, before %s): Maven warns and "
		             "uses one of them; both are listed",
		             p->namespace ? p->namespace : "", p->name,
		             p->version ? p->version : "unresolved",
		             o->version ? o->version : "unresolved");
	}
}

/* Reads one <dependency>: adds the package, or reports why not. */
static void read_dependency(struct pom *pm, xmlNode *d, struct pkg *root, const char *profile)
{
	struct extract_ctx *ctx = pm->ctx;
	size_t line = lp_xml_line(d);
	char *rg = lp_xml_child_text(d, "groupId"), *ra = lp_xml_child_text(d, "artifactId");
	char *rv = lp_xml_child_text(d, "version"), *rt = lp_xml_child_text(d, "type");
	char *rc = lp_xml_child_text(d, "classifier"), *rs = lp_xml_child_text(d, "scope");
	char *ro = lp_xml_child_text(d, "optional");
	char *g = NULL, *a = NULL, *v = NULL, *t = NULL, *c = NULL, *s = NULL, *o = NULL;
	char *mis = NULL, *vmis = NULL;
	const struct pom_managed *mg = NULL;
	const char *vsrc = rv;
	int r1, r2, r3 = 0, rr;
	struct pkg *p;

	g = expand(pm, rg, &mis, &r1);
	a = expand(pm, ra, &mis, &r2);
	if (r1 < 0 || r2 < 0) {
		extract_error(ctx, line, "%s", err_msg());
		goto done;
	}
	if (!g || !a || r1 || r2) {
		if (!g || !a)
			extract_error(ctx, line, "dependency without %s: not listed",
			              !g ? "groupId" : "artifactId");
		else
			extract_error(
			        ctx, line,
			        "dependency '%s:%s' names property '%s', which is not defined "
			        "here: not listed",
			        rg, ra, mis);
		goto done;
	}
	t = expand(pm, rt, &mis, &rr);
	c = expand(pm, rc, &mis, &rr);
	s = expand(pm, rs, &mis, &rr);
	o = expand(pm, ro, &mis, &rr);
	if (!rv || !rs)
		mg = managed(pm, g, a, t, c);
	if (!rv && mg)
		vsrc = mg->version;
	if (!s && mg && mg->scope)
		s = expand(pm, mg->scope, &mis, &rr);
	if (vsrc) {
		v = expand(pm, vsrc, &vmis, &r3);
		if (r3 < 0) {
			extract_error(ctx, line, "version of '%s:%s': %s", g, a, err_msg());
			goto done;
		}
	}
	if (s && !strcmp(s, "import"))
		goto done; /* not a dependency: only meaningful in dependencyManagement */

	p = extract_add(ctx, "Maven", "maven", g, a, NULL, line);
	if (!p)
		goto done;
	if (!vsrc) {
		p->flags |= PKG_UNRESOLVED;
		extract_note(ctx, line,
		             "version of '%s:%s' is neither given nor managed in this file%s (a "
		             "parent POM or an imported BOM may manage it): not resolved offline",
		             g, a, pm->nm > 1 ? " or its parents" : "");
	} else if (r3) {
		p->flags |= PKG_UNRESOLVED;
		pkg_add_prop(p, "vouch:maven-version", vsrc);
		extract_note(ctx, line,
		             "version of '%s:%s' is '%s': property '%s' is not defined in this "
		             "file%s: not resolved offline",
		             g, a, vsrc, vmis, pm->nm > 1 ? " or its parents" : "");
	} else if (is_range(v)) {
		p->flags |= PKG_UNRESOLVED;
		pkg_add_prop(p, "vouch:maven-version", v);
		extract_note(ctx, line,
		             "version of '%s:%s' is the range '%s', which only a repository "
		             "resolves: not resolved offline",
		             g, a, v);
	} else {
		p->version = xstrdup(v);
	}
	p->flags |= PKG_DIRECT;
	add_type_qualifiers(p, t, c);
	remember(pm, p, g, a, t, c, line);
	if (s) {
		pkg_add_prop(p, "vouch:maven-scope", s);
		if (!strcmp(s, "test"))
			p->flags |= PKG_DEV;
		else if (!strcmp(s, "system"))
			p->flags |= PKG_LOCAL;
	}
	if (o && !strcmp(o, "true"))
		p->flags |= PKG_OPTIONAL;
	if (profile)
		pkg_add_prop(p, "vouch:maven-profile", profile);
	if (root)
		extract_edge(ctx, root, p);
done:
	free(rg);
	free(ra);
	free(rv);
	free(rt);
	free(rc);
	free(rs);
	free(ro);
	free(g);
	free(a);
	free(v);
	free(t);
	free(c);
	free(s);
	free(o);
	free(mis);
	free(vmis);
}

static void read_dependencies(struct pom *pm, xmlNode *deps, struct pkg *root, const char *profile)
{
	for (xmlNode *d = lp_xml_child(deps, "dependency"); d; d = lp_xml_next(d, "dependency"))
		read_dependency(pm, d, root, profile);
}

/* Joins the folder of base (a path relative to the first file) with rel. */
static char *join_rel(const char *base, const char *rel)
{
	const char *slash = base ? strrchr(base, '/') : NULL;
	struct buf b = BUF_INIT_MAX(4096);
	size_t n;

	if (slash)
		buf_add(&b, base, (size_t)(slash - base + 1));
	buf_adds(&b, rel);
	n = b.len;
	/* a folder names its pom.xml */
	if (n && b.ptr[n - 1] == '/')
		buf_adds(&b, "pom.xml");
	else if (n < 4 || strcmp(b.ptr + n - 4, ".xml"))
		buf_adds(&b, "/pom.xml");
	return buf_detach(&b, NULL);
}

/* Reads the local parents of model 0, as far as they are in the tree. */
static void read_parents(struct pom *pm)
{
	char *rel = NULL;

	while (pm->nm <= POM_MAX_PARENTS) {
		struct pom_model *child = &pm->m[pm->nm - 1];
		struct pom_model *m = &pm->m[pm->nm];
		struct buf data = BUF_INIT;
		char *display = NULL, *next;
		xmlNode *proj;
		size_t line;
		int r;

		if (!child->has_parent || (child->prel_given && !child->prel))
			break;
		next = join_rel(rel, child->prel ? child->prel : "../pom.xml");
		free(rel);
		rel = next;
		r = extract_read_relative(pm->ctx, rel, &data, &display);
		if (r < 0) {
			if (r != ERR_NOTFOUND)
				extract_note(pm->ctx, 0, "parent POM '%s' not read: %s", rel,
				             err_msg());
			buf_release(&data);
			break;
		}
		r = lp_xml_read(&m->doc, &line, data.ptr, data.len);
		buf_release(&data);
		if (r < 0) {
			extract_note(pm->ctx, 0, "parent POM '%s' not read: line %zu: %s", display,
			             line, err_msg());
			free(display);
			break;
		}
		proj = xmlDocGetRootElement(m->doc);
		if (!lp_xml_is(proj, "project")) {
			extract_note(pm->ctx, 0, "parent POM '%s' not read: not a POM", display);
			free(display);
			model_release(m);
			break;
		}
		model_load(m, proj);
		m->display = display;
		if (!same(model_g(m), child->pg) || !same(m->a, child->pa) ||
		    (child->pv && !strstr(child->pv, "${") && !same(model_v(m), child->pv))) {
			/* Maven goes to the repository then, silently for the default path */
			if (child->prel)
				extract_note(
				        pm->ctx, 0,
				        "'%s' is %s:%s:%s, not the parent %s:%s:%s that this POM "
				        "names: "
				        "not used",
				        display, model_g(m) ? model_g(m) : "?", m->a ? m->a : "?",
				        model_v(m) ? model_v(m) : "?", child->pg ? child->pg : "?",
				        child->pa ? child->pa : "?", child->pv ? child->pv : "?");
			model_release(m);
			break;
		}
		pm->nm++;
	}
	free(rel);
}

static void note_remote_parent(struct pom *pm)
{
	const struct pom_model *last = &pm->m[pm->nm - 1];

	if (last->has_parent)
		extract_note(pm->ctx, 0,
		             "parent POM %s:%s:%s is not in the scanned tree: properties and "
		             "managed versions it defines are not known offline",
		             last->pg ? last->pg : "?", last->pa ? last->pa : "?",
		             last->pv ? last->pv : "?");
	for (size_t k = 0; k < pm->nm; k++)
		for (size_t i = 0; i < pm->m[k].nmg; i++) {
			const struct pom_managed *x = &pm->m[k].mg[i];

			if (x->scope && !strcmp(x->scope, "import"))
				extract_note(
				        pm->ctx, 0,
				        "dependencyManagement imports the BOM %s:%s:%s%s%s: the "
				        "versions it manages are not known offline",
				        x->g ? x->g : "?", x->a ? x->a : "?",
				        x->version ? x->version : "?", k ? " in " : "",
				        k ? pm->m[k].display : "");
		}
}

static struct pkg *add_root(struct pom *pm, xmlNode *proj)
{
	const struct pom_model *m = &pm->m[0];
	char *mis = NULL, *g, *a, *v, *pk;
	int r1, r2, r3, rp;
	struct pkg *p = NULL;

	g = expand(pm, model_g(m), &mis, &r1);
	a = expand(pm, m->a, &mis, &r2);
	v = expand(pm, model_v(m), &mis, &r3);
	pk = expand(pm, m->packaging, &mis, &rp);
	if (!g || !a || r1 || r2) {
		extract_note(pm->ctx, lp_xml_line(proj),
		             "the project's own groupId and artifactId are not given%s: the "
		             "project itself is not listed",
		             r1 > 0 || r2 > 0 ? " in full" : "");
		goto done;
	}
	p = extract_add(pm->ctx, "Maven", "maven", g, a, NULL, lp_xml_line(proj));
	if (!p)
		goto done;
	p->flags |= PKG_ROOT;
	if (!v || r3) {
		p->flags |= PKG_UNRESOLVED;
		if (v)
			pkg_add_prop(p, "vouch:maven-version", model_v(m));
		extract_note(pm->ctx, lp_xml_line(proj),
		             "the project's own version is %s%s%s: not resolved offline",
		             v ? "'" : "not given", v ? model_v(m) : "", v ? "'" : "");
	} else {
		p->version = xstrdup(v);
	}
	/* the artifact's type follows the packaging (jar-like packagings make a jar) */
	if (pk && rp == 0 && strcmp(pk, "jar") && strcmp(pk, "bundle") &&
	    strcmp(pk, "maven-plugin") && strcmp(pk, "ejb"))
		pkg_add_qualifier(p, "type", pk);
done:
	free(g);
	free(a);
	free(v);
	free(pk);
	free(mis);
	return p;
}

static int pom_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct pom pm = { 0 };
	xmlNode *proj, *profiles;
	struct pkg *root;
	size_t skipped = 0, nprof = 0;
	int ret = 0;

	pm.ctx = ctx;
	if (lp_xml_parse(&pm.m[0].doc, ctx, data, len) < 0)
		return ERR_PARSE;
	pm.nm = 1;
	proj = xmlDocGetRootElement(pm.m[0].doc);
	if (!lp_xml_is(proj, "project")) {
		ret = extract_error(ctx, lp_xml_line(proj),
		                    "not a Maven POM: the root element is <%s>, not <project>",
		                    (const char *)proj->name);
		goto done;
	}
	model_load(&pm.m[0], proj);
	read_parents(&pm);
	build_indexes(&pm);
	note_remote_parent(&pm);
	root = add_root(&pm, proj);
	read_dependencies(&pm, lp_xml_child(proj, "dependencies"), root, NULL);
	profiles = lp_xml_child(proj, "profiles");
	for (xmlNode *pr = lp_xml_child(profiles, "profile"); pr; pr = lp_xml_next(pr, "profile")) {
		char *id = lp_xml_child_text(pr, "id");
		char *def = lp_xml_child_text(lp_xml_child(pr, "activation"), "activeByDefault");
		xmlNode *deps = lp_xml_child(pr, "dependencies");

		if (def && !strcmp(def, "true")) {
			read_dependencies(&pm, deps, root, id ? id : "(no id)");
		} else {
			size_t n = 0;

			for (xmlNode *d = lp_xml_child(deps, "dependency"); d;
			     d = lp_xml_next(d, "dependency"))
				n++;
			skipped += n;
			nprof += n > 0;
		}
		free(id);
		free(def);
	}
	note_duplicates(&pm);
	if (skipped)
		extract_note(
		        ctx, lp_xml_line(profiles),
		        "%zu dependencies of %zu profiles not active by default are not listed",
		        skipped, nprof);
done:
	for (size_t i = 0; i <= POM_MAX_PARENTS; i++)
		model_release(&pm.m[i]);
	for (size_t i = 0; i < pm.nseen; i++)
		free(pm.seen[i].key);
	free(pm.seen);
	lp_names_release(&pm.props);
	lp_names_release(&pm.managed);
	for (size_t i = 0; i < pm.nmkeys; i++)
		free(pm.mkeys[i]);
	free(pm.mkeys);
	return ret;
}

static bool pom_match(const char *rel, const char *name)
{
	(void)rel;
	/* other names (foo-1.0.pom in a local repository) only when given directly: sniff */
	return !strcmp(name, "pom.xml");
}

static bool pom_sniff(const char *data, size_t len)
{
	size_t n = len < 4096 ? len : 4096;

	return memmem(data, n, "<project", 8) && memmem(data, n, "<modelVersion>", 14);
}

const struct extractor maven_pom_extractor = {
	"maven-pom", "Maven", pom_match, pom_sniff, pom_extract, POM_MAX_SIZE,
};
