/*
 * maven_pom.c: Maven pom.xml, read offline as its effective model.
 *
 * The project itself (PKG_ROOT) and its dependencies, as `mvn
 * help:effective-pom` gives them without a repository: the parent chain read
 * from the scanned tree (<relativePath>, by default ../pom.xml, used only when
 * its coordinates are the ones <parent> names, as Maven checks; else a POM of
 * the tree with those coordinates, as a reactor finds its modules), and from
 * it the inherited groupId, version, properties, dependencies and
 * dependencyManagement, every value interpolated with the child's properties
 * first; <scope>import</scope> BOMs found in the tree by coordinates, each
 * with its own effective management (its parents and imports, its own
 * properties). What needs a repository is not guessed: a version from an
 * undefined property, from a BOM or parent not in the tree, or a version
 * range, gives a package flagged PKG_UNRESOLVED without a version, the raw
 * text in the property "vouch:maven-version", and a note saying which parent
 * or BOM was missing.
 *
 * Scopes: test -> PKG_DEV; every declared scope is kept as "vouch:maven-scope";
 * system -> PKG_LOCAL; <optional>true</optional> -> PKG_OPTIONAL. Build plugin
 * dependencies are not project dependencies and are not listed; dependencies
 * of profiles active by default are, the others are counted in a note.
 * Inherited dependencies are located at the child's <parent> element and name
 * the parent file in "vouch:maven-inherited-from".
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/lockparse.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/walk.h"

#define POM_MAX_SIZE         ((size_t)16 << 20)
#define POM_MAX_PARENTS      8
#define POM_MAX_RECURSION    16                /* nested ${...} */
#define POM_MAX_VALUE        8192              /* an interpolated value */
#define POM_MAX_LOOKUPS      1024              /* property references while expanding one value */
#define POM_MAX_IMPORT_DEPTH 4                 /* BOMs importing BOMs */
#define POM_MAX_READS        64                /* parent and BOM files read for one pom.xml */
#define POM_INDEX_MAX        20000             /* POMs of a tree indexed by coordinates */
#define POM_INDEX_MAX_SIZE   ((size_t)1 << 20) /* a POM indexed at most */
#define POM_INDEX_MAX_WALK   1000000           /* entries walked to index a tree */
#define POM_MAX_MISSING      16                /* missing parents and BOMs named */

struct pom_managed {
	char *g, *a, *type, *classifier, *version, *scope;
	bool literal; /* from an imported BOM: already interpolated there */
	char *bom;    /* literal: the BOM's coordinates */
};

struct pom_model {
	xmlDoc *doc;
	char *display; /* where it was read (parents) */
	char *rel;     /* relative to the file being read; NULL for that file */
	xmlNode *deps; /* <dependencies> */
	size_t parent_line;
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
	int depth;               /* 0 for the file read, 1 for a BOM it imports, ... */
	size_t *reads;           /* parent and BOM files read so far, shared with nested BOMs */
	struct pom_managed *imp; /* entries of the imported BOMs, in Maven's order */
	size_t nimp, aimp;
	char *missing[POM_MAX_MISSING]; /* "parent g:a:v", "BOM g:a:v": not in the tree */
	size_t nmissing;
	struct pom_seen *seen; /* declared dependencies, for duplicates */
	size_t nseen, aseen;
	struct lp_names props;   /* property -> value; the file's own first, then parents' */
	struct lp_names managed; /* "g:a:type:classifier" -> struct pom_managed */
	char **mkeys;            /* the keys of managed, to free */
	size_t nmkeys;
	size_t budget; /* lookups left for the value being expanded */
	const char
	        *chain[POM_MAX_RECURSION + 1]; /* the properties being expanded, outermost first */
};

static void managed_release(struct pom_managed *x)
{
	free(x->g);
	free(x->a);
	free(x->type);
	free(x->classifier);
	free(x->version);
	free(x->scope);
	free(x->bom);
}

static void model_release(struct pom_model *m)
{
	xmlFreeDoc(m->doc);
	free(m->display);
	free(m->rel);
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
	for (size_t i = 0; i < m->nmg; i++)
		managed_release(&m->mg[i]);
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
	m->deps = lp_xml_child(project, "dependencies");
	if (par) {
		m->has_parent = true;
		m->parent_line = lp_xml_line(par);
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
		memset(x, 0, sizeof(*x));
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
			for (int i = 0; i < depth; i++)
				if (!strcmp(pm->chain[i], name)) {
					r = err_set(ERR_PARSE,
					            "property '%s' refers to itself through '%s'",
					            name, pm->chain[depth - 1]);
					free(name);
					return r;
				}
			pm->chain[depth] = name;
			r = interp(pm, out, val, missing, depth + 1);
			free(name);
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

static void add_missing(struct pom *pm, const char *what, const char *g, const char *a,
                        const char *v)
{
	struct buf b = BUF_INIT_MAX(4 * POM_MAX_VALUE + 64);

	if (pm->nmissing == POM_MAX_MISSING)
		return;
	buf_addf(&b, "%s %s:%s:%s", what, g ? g : "?", a ? a : "?", v ? v : "?");
	for (size_t i = 0; i < pm->nmissing; i++)
		if (!strcmp(pm->missing[i], b.ptr)) {
			buf_release(&b);
			return;
		}
	pm->missing[pm->nmissing++] = buf_detach(&b, NULL);
}

/* ---- The POMs of the scanned tree, by coordinates (a reactor's view) ---- */

struct pom_entry {
	char *gav; /* "g:a:v"; v as written, or from a ${x} of the POM's own properties */
	char *rel; /* relative to the walk root */
	size_t depth;
};

struct pom_index {
	struct pom_entry *e;
	size_t n, a;
};

static void pom_index_free(void *arg)
{
	struct pom_index *ix = arg;

	for (size_t i = 0; i < ix->n; i++) {
		free(ix->e[i].gav);
		free(ix->e[i].rel);
	}
	free(ix->e);
	free(ix);
}

static int entry_cmp(const void *x, const void *y)
{
	const struct pom_entry *a = x, *b = y;
	int c = strcmp(a->gav, b->gav);

	if (c)
		return c;
	if (a->depth != b->depth)
		return a->depth < b->depth ? -1 : 1;
	return strcmp(a->rel, b->rel);
}

/* The raw value of a property a POM's own version may name: its own properties, its parent's version. */
static char *index_property(xmlNode *proj, const char *name)
{
	if (!strcmp(name, "project.parent.version") || !strcmp(name, "parent.version"))
		return lp_xml_child_text(lp_xml_child(proj, "parent"), "version");
	return lp_xml_child_text(lp_xml_child(proj, "properties"), name);
}

/*
 * The version a POM gives itself: its own or its parent's, each ${x} read
 * from its own properties (CI-friendly "${revision}${changelist}"), as the
 * reactor knows the project; what stays unknown stays as written.
 */
static char *index_version(xmlNode *proj)
{
	char *v = lp_xml_child_text(proj, "version");

	if (!v)
		v = lp_xml_child_text(lp_xml_child(proj, "parent"), "version");
	for (int round = 0; v && round < POM_MAX_LOOKUPS; round++) {
		char *open = strstr(v, "${"), *close = open ? strchr(open + 2, '}') : NULL;
		struct buf b = BUF_INIT_MAX(POM_MAX_VALUE);
		char *name, *val;

		if (!close)
			break;
		name = xstrndup(open + 2, (size_t)(close - open - 2));
		val = index_property(proj, name);
		free(name);
		if (!val)
			break;
		if (buf_add(&b, v, (size_t)(open - v)) < 0 || buf_adds(&b, val) < 0 ||
		    buf_adds(&b, close + 1) < 0) {
			free(val);
			buf_release(&b);
			break;
		}
		free(val);
		free(v);
		v = buf_detach(&b, NULL);
	}
	return v;
}

static int index_visit(const struct walk_entry *e, void *arg)
{
	struct pom_index *ix = arg;
	struct buf data = BUF_INIT_MAX(POM_INDEX_MAX_SIZE);
	xmlDoc *doc = NULL;
	xmlNode *proj;
	char *g = NULL, *a = NULL, *v = NULL;
	size_t line;

	if (e->kind != WALK_FILE || strcmp(e->name, "pom.xml") || ix->n >= POM_INDEX_MAX ||
	    (size_t)e->st.st_size > POM_INDEX_MAX_SIZE)
		return 0;
	if (buf_read_file(&data, e->target) < 0 || lp_xml_read(&doc, &line, data.ptr, data.len) < 0)
		goto done;
	proj = xmlDocGetRootElement(doc);
	if (!lp_xml_is(proj, "project"))
		goto done;
	g = lp_xml_child_text(proj, "groupId");
	if (!g)
		g = lp_xml_child_text(lp_xml_child(proj, "parent"), "groupId");
	a = lp_xml_child_text(proj, "artifactId");
	v = index_version(proj);
	if (g && a && v) {
		struct buf k = BUF_INIT_MAX(4 * POM_MAX_VALUE);

		buf_addf(&k, "%s:%s:%s", g, a, v);
		ALLOC_GROW(ix->e, ix->n + 1, ix->a);
		ix->e[ix->n].gav = buf_detach(&k, NULL);
		ix->e[ix->n].rel = xstrdup(e->rel);
		ix->e[ix->n++].depth = e->depth;
	}
done:
	free(g);
	free(a);
	free(v);
	xmlFreeDoc(doc);
	buf_release(&data);
	return 0;
}

/*
 * The tree's index, built on first use and kept for the scan; NULL when there
 * is no tree. Walked as the scan walks it (its exclusions, --one-file-system),
 * installed npm packages left out.
 */
static struct pom_index *pom_index(struct pom *pm)
{
	static const char *const skip[] = { ".git", ".hg", ".svn", ".vouch", "node_modules" };
	const char *root = extract_root(pm->ctx);
	const struct walk_opts *scan = extract_walk_opts(pm->ctx);
	struct walk_opts wo = { 0 };
	struct buf key = BUF_INIT;
	const char **ex;
	size_t nex = 0;
	struct pom_index *ix;

	if (!root)
		return NULL;
	/* one index per tree: `vouch sbom A B` walks two */
	buf_addf(&key, "maven-pom:index:%s", root);
	ix = extract_cache_get(pm->ctx, key.ptr);
	if (ix) {
		buf_release(&key);
		return ix;
	}
	ix = xcalloc(1, sizeof(*ix));
	ex = xreallocarray(NULL, ARRAY_SIZE(skip) + (scan ? scan->nexclude : 0), sizeof(*ex));
	for (size_t i = 0; i < ARRAY_SIZE(skip); i++)
		ex[nex++] = skip[i];
	if (scan) {
		for (size_t i = 0; i < scan->nexclude; i++)
			ex[nex++] = scan->exclude[i];
		wo.in_root = scan->in_root;
		wo.one_file_system = scan->one_file_system;
	}
	wo.exclude = ex;
	wo.nexclude = nex;
	wo.max_entries = POM_INDEX_MAX_WALK;
	walk(root, &wo, index_visit, ix);
	free(ex);
	QSORT(ix->e, ix->n, entry_cmp);
	extract_cache_set(pm->ctx, key.ptr, ix, pom_index_free);
	buf_release(&key);
	return ix;
}

/*
 * The POM of the tree that is g:a:v, as a path relative to the file being
 * read (to free), or NULL. A version still holding ${...} matches the only
 * POM with that groupId and artifactId, if there is one.
 */
static char *index_find(struct pom *pm, const char *g, const char *a, const char *v)
{
	struct pom_index *ix;
	struct buf k = BUF_INIT_MAX(4 * POM_MAX_VALUE);
	const struct pom_entry *hit = NULL;
	const char *rel = extract_rel(pm->ctx);
	size_t lo = 0, hi;

	if (!g || !a || !v || !(ix = pom_index(pm)))
		return NULL;
	buf_addf(&k, "%s:%s:", g, a);
	if (!strstr(v, "${"))
		buf_adds(&k, v);
	hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix->e[mid].gav, k.ptr) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!strstr(v, "${")) {
		if (lo < ix->n && !strcmp(ix->e[lo].gav, k.ptr))
			hit = &ix->e[lo];
	} else {
		/* the same g:a under one version only */
		for (size_t i = lo; i < ix->n && !strncmp(ix->e[i].gav, k.ptr, k.len); i++) {
			if (hit && strcmp(hit->gav, ix->e[i].gav)) {
				hit = NULL;
				break;
			}
			if (!hit)
				hit = &ix->e[i];
		}
	}
	buf_reset(&k);
	if (hit) {
		for (const char *s = rel; *s; s++)
			if (*s == '/')
				buf_adds(&k, "../");
		buf_adds(&k, hit->rel);
		return buf_detach(&k, NULL);
	}
	buf_release(&k);
	return NULL;
}

/* ---- The parent chain ---- */

/* Joins the folder of base (a path relative to the file being read) with rel. */
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

/*
 * Drops "NAME/../" and "./" steps from a path shown to the user, in place
 * ("./app/../parent/pom.xml" -> "./parent/pom.xml"); a leading "./" and
 * leading ".." steps stay.
 */
static void tidy_path(char *p)
{
	size_t n = 0;
	char *w = p;

	for (char *r = p; *r;) {
		char *e = strchr(r, '/');
		size_t len = e ? (size_t)(e - r) : strlen(r);

		if (len == 1 && r[0] == '.' && w != p) {
			/* "./" inside: dropped */
		} else if (len == 2 && !memcmp(r, "..", 2) && n > 0) {
			/* back over the last step written */
			w--;
			while (w > p && w[-1] != '/')
				w--;
			n--;
		} else {
			memmove(w, r, len);
			w += len;
			if (e)
				*w++ = '/';
			if (!(len == 1 && r[0] == '.') && !(len == 2 && !memcmp(r, "..", 2)))
				n++;
		}
		r = e ? e + 1 : r + len;
	}
	*w = '\0';
}

/*
 * Reads the POM at path (relative to the file being read) into m. Returns 0,
 * 1 when there is no such file, -1 when it cannot be used (a note says why).
 */
static int model_read(struct pom *pm, struct pom_model *m, const char *path)
{
	struct buf data = BUF_INIT;
	char *display = NULL;
	xmlNode *proj;
	size_t line;
	int r;

	if (*pm->reads >= POM_MAX_READS) {
		if (*pm->reads == POM_MAX_READS)
			extract_note(pm->ctx, 0,
			             "more than %d parent and BOM POMs to read for one POM: the "
			             "others are not read",
			             POM_MAX_READS);
		++*pm->reads;
		return -1;
	}
	r = extract_read_relative(pm->ctx, path, &data, &display);
	if (r < 0) {
		buf_release(&data);
		if (r == ERR_NOTFOUND)
			return 1;
		extract_note(pm->ctx, 0, "POM '%s' not read: %s", path, err_msg());
		return -1;
	}
	++*pm->reads;
	r = lp_xml_read(&m->doc, &line, data.ptr, data.len);
	buf_release(&data);
	if (r < 0) {
		extract_note(pm->ctx, 0, "POM '%s' not read: line %zu: %s", display, line,
		             err_msg());
		free(display);
		return -1;
	}
	proj = xmlDocGetRootElement(m->doc);
	if (!lp_xml_is(proj, "project")) {
		extract_note(pm->ctx, 0, "POM '%s' not read: not a POM", display);
		free(display);
		model_release(m);
		return -1;
	}
	model_load(m, proj);
	tidy_path(display);
	m->display = display;
	m->rel = xstrdup(path);
	return 0;
}

/* True when m is g:a:v (a version holding ${...} on either side is not compared). */
static bool model_is(const struct pom_model *m, const char *g, const char *a, const char *v)
{
	const char *mv = model_v(m);

	return same(model_g(m), g) && same(m->a, a) &&
	       (!v || !mv || strstr(v, "${") || strstr(mv, "${") || same(mv, v));
}

/* True when m has the coordinates of a model already in the chain (a cycle). */
static bool in_chain(const struct pom *pm, const struct pom_model *m)
{
	for (size_t k = 0; k < pm->nm; k++)
		if (same(model_g(&pm->m[k]), model_g(m)) && same(pm->m[k].a, m->a) &&
		    same(model_v(&pm->m[k]), model_v(m)))
			return true;
	return false;
}

/*
 * Reads the parents of model 0: at <relativePath> when it holds the POM
 * <parent> names, else the tree's POM with those coordinates.
 */
static void read_parents(struct pom *pm)
{
	while (pm->m[pm->nm - 1].has_parent) {
		struct pom_model *child = &pm->m[pm->nm - 1], *m = &pm->m[pm->nm];
		char *path = NULL;
		bool found = false;

		if (pm->nm > POM_MAX_PARENTS) {
			extract_note(pm->ctx, 0,
			             "more than %d parent POMs: '%s' and its parents are not read",
			             POM_MAX_PARENTS, child->display ? child->display : "?");
			break;
		}
		if (!child->prel_given || child->prel) {
			path = join_rel(child->rel, child->prel ? child->prel : "../pom.xml");
			if (model_read(pm, m, path) == 0) {
				found = model_is(m, child->pg, child->pa, child->pv);
				/* Maven goes to the repository then, silently for the default path */
				if (!found && child->prel)
					extract_note(
					        pm->ctx, 0,
					        "'%s' is %s:%s:%s, not the parent %s:%s:%s that "
					        "this POM names: not used",
					        m->display, model_g(m) ? model_g(m) : "?",
					        m->a ? m->a : "?", model_v(m) ? model_v(m) : "?",
					        child->pg ? child->pg : "?",
					        child->pa ? child->pa : "?",
					        child->pv ? child->pv : "?");
				if (!found)
					model_release(m);
			}
			free(path);
		}
		if (!found && (path = index_find(pm, child->pg, child->pa, child->pv))) {
			if (model_read(pm, m, path) == 0) {
				found = model_is(m, child->pg, child->pa, child->pv);
				if (!found)
					model_release(m);
			}
			free(path);
		}
		if (!found) {
			add_missing(pm, "parent POM", child->pg, child->pa, child->pv);
			break;
		}
		if (in_chain(pm, m)) {
			extract_note(pm->ctx, 0,
			             "the parent POMs form a cycle ('%s' is %s:%s:%s again): the "
			             "chain stops there",
			             m->display, model_g(m), m->a, model_v(m) ? model_v(m) : "?");
			model_release(m);
			break;
		}
		pm->nm++;
	}
}

/* ---- The effective dependencyManagement ---- */

static void pom_effective(struct pom *pm);
static void pom_release(struct pom *pm);

static void index_managed(struct pom *pm, struct pom_managed *x)
{
	char *mis = NULL, *xg, *xa, *xt, *xc;
	int rc;

	if (x->literal) {
		pm->mkeys = xreallocarray(pm->mkeys, pm->nmkeys + 1, sizeof(*pm->mkeys));
		pm->mkeys[pm->nmkeys] = managed_key(x->g, x->a, x->type, x->classifier);
		lp_names_add(&pm->managed, pm->mkeys[pm->nmkeys++], x);
		return;
	}
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

/* A copy of x interpolated in bom's context, for the POM that imports bom (g:a:v). */
static void import_entry(struct pom *pm, struct pom *bom, const struct pom_managed *x,
                         const char *gav)
{
	struct pom_managed *y;
	char *mis = NULL;
	int rc;

	ALLOC_GROW(pm->imp, pm->nimp + 1, pm->aimp);
	y = &pm->imp[pm->nimp++];
	memset(y, 0, sizeof(*y));
	y->literal = true;
	if (x->literal) {
		y->g = x->g ? xstrdup(x->g) : NULL;
		y->a = x->a ? xstrdup(x->a) : NULL;
		y->type = x->type ? xstrdup(x->type) : NULL;
		y->classifier = x->classifier ? xstrdup(x->classifier) : NULL;
		y->version = x->version ? xstrdup(x->version) : NULL;
		y->scope = x->scope ? xstrdup(x->scope) : NULL;
		y->bom = xstrdup(x->bom);
		return;
	}
	y->g = expand(bom, x->g, &mis, &rc);
	y->a = expand(bom, x->a, &mis, &rc);
	y->type = expand(bom, x->type, &mis, &rc);
	y->classifier = expand(bom, x->classifier, &mis, &rc);
	y->version = expand(bom, x->version, &mis, &rc);
	if (rc < 0) {
		free(y->version);
		y->version = x->version ? xstrdup(x->version) : NULL;
	}
	y->scope = expand(bom, x->scope, &mis, &rc);
	y->bom = xstrdup(gav);
	free(mis);
}

/* Reads the BOMs model k imports (scope import), as Maven does after inheritance. */
static void import_boms(struct pom *pm)
{
	for (size_t k = 0; k < pm->nm; k++)
		for (size_t i = 0; i < pm->m[k].nmg; i++) {
			const struct pom_managed *x = &pm->m[k].mg[i];
			struct pom bom = { 0 };
			char *mis = NULL, *g, *a, *v, *path = NULL;
			int r1, r2, r3;

			if (!x->scope || strcmp(x->scope, "import"))
				continue;
			g = expand(pm, x->g, &mis, &r1);
			a = expand(pm, x->a, &mis, &r2);
			v = expand(pm, x->version, &mis, &r3);
			if (!g || !a || !v || r1 || r2 || r3 || !(path = index_find(pm, g, a, v))) {
				add_missing(pm, "BOM", g ? g : x->g, a ? a : x->a,
				            v ? v : x->version);
				goto next;
			}
			if (pm->depth >= POM_MAX_IMPORT_DEPTH) {
				extract_note(pm->ctx, 0,
				             "the BOM %s:%s:%s is imported more than %d deep (a "
				             "cycle?): "
				             "not read",
				             g, a, v, POM_MAX_IMPORT_DEPTH);
				goto next;
			}
			bom.ctx = pm->ctx;
			bom.depth = pm->depth + 1;
			bom.reads = pm->reads;
			if (model_read(&bom, &bom.m[0], path) != 0 ||
			    !model_is(&bom.m[0], g, a, v)) {
				add_missing(pm, "BOM", g, a, v);
				pom_release(&bom);
				goto next;
			}
			bom.nm = 1;
			pom_effective(&bom);
			{
				struct buf gav = BUF_INIT_MAX(4 * POM_MAX_VALUE);

				buf_addf(&gav, "%s:%s:%s", g, a, v);
				for (size_t kk = 0; kk < bom.nm; kk++)
					for (size_t j = 0; j < bom.m[kk].nmg; j++)
						if (!bom.m[kk].mg[j].scope ||
						    strcmp(bom.m[kk].mg[j].scope, "import"))
							import_entry(pm, &bom, &bom.m[kk].mg[j],
							             gav.ptr);
				for (size_t j = 0; j < bom.nimp; j++)
					import_entry(pm, &bom, &bom.imp[j], gav.ptr);
				buf_release(&gav);
			}
			for (size_t j = 0; j < bom.nmissing; j++)
				if (pm->nmissing < POM_MAX_MISSING) {
					pm->missing[pm->nmissing++] = bom.missing[j];
					bom.missing[j] = NULL;
				}
			pom_release(&bom);
		next:
			free(g);
			free(a);
			free(v);
			free(mis);
			free(path);
		}
}

/*
 * The effective model of m[0] (read): its parents, then the properties and
 * the managed dependencies of the chain, the first model's own entries first
 * so that they win, then those of the BOMs it imports.
 */
static void pom_effective(struct pom *pm)
{
	read_parents(pm);
	for (size_t k = 0; k < pm->nm; k++)
		for (size_t i = 0; i < pm->m[k].nprops; i++)
			lp_names_add(&pm->props, pm->m[k].pk[i], pm->m[k].pvals[i]);
	lp_names_sort(&pm->props);
	import_boms(pm);
	for (size_t k = 0; k < pm->nm; k++)
		for (size_t i = 0; i < pm->m[k].nmg; i++)
			if (!pm->m[k].mg[i].scope || strcmp(pm->m[k].mg[i].scope, "import"))
				index_managed(pm, &pm->m[k].mg[i]);
	for (size_t i = 0; i < pm->nimp; i++)
		index_managed(pm, &pm->imp[i]);
	lp_names_sort(&pm->managed);
}

static void pom_release(struct pom *pm)
{
	for (size_t i = 0; i <= POM_MAX_PARENTS; i++)
		model_release(&pm->m[i]);
	for (size_t i = 0; i < pm->nseen; i++)
		free(pm->seen[i].key);
	free(pm->seen);
	lp_names_release(&pm->props);
	lp_names_release(&pm->managed);
	for (size_t i = 0; i < pm->nmkeys; i++)
		free(pm->mkeys[i]);
	free(pm->mkeys);
	for (size_t i = 0; i < pm->nimp; i++)
		managed_release(&pm->imp[i]);
	free(pm->imp);
	for (size_t i = 0; i < pm->nmissing; i++)
		free(pm->missing[i]);
	memset(pm, 0, sizeof(*pm));
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

/* What a note adds about the parents and BOMs that are not in the tree ("" if none). */
static char *missing_text(const struct pom *pm)
{
	struct buf b = BUF_INIT_MAX(POM_MAX_MISSING * (4 * POM_MAX_VALUE + 64));

	for (size_t i = 0; i < pm->nmissing; i++)
		buf_addf(&b, "%s%s", i ? ", " : " (not in the scanned tree: ", pm->missing[i]);
	if (pm->nmissing)
		buf_adds(&b, ")");
	return buf_detach(&b, NULL);
}

/*
 * Reads one <dependency> of model k (0: the file; k > 0: inherited from a
 * parent, skipped when a nearer model declares the same key, as Maven merges
 * them): adds the package, or reports why not.
 */
static void read_dependency(struct pom *pm, xmlNode *d, struct pkg *root, const char *profile,
                            size_t k, const struct lp_names *declared)
{
	struct extract_ctx *ctx = pm->ctx;
	size_t line = k ? pm->m[0].parent_line : lp_xml_line(d);
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
	if (k) {
		char *key = managed_key(g, a, t, c);
		bool near = lp_names_get(declared, key) != NULL;

		free(key);
		if (near)
			goto done; /* the child's own declaration wins */
	}
	s = expand(pm, rs, &mis, &rr);
	o = expand(pm, ro, &mis, &rr);
	if (!rv || !rs)
		mg = managed(pm, g, a, t, c);
	if (!rv && mg)
		vsrc = mg->version;
	if (!s && mg && mg->scope)
		s = mg->literal ? xstrdup(mg->scope) : expand(pm, mg->scope, &mis, &rr);
	if (vsrc && !rv && mg->literal) {
		v = xstrdup(vsrc);
		if (strstr(v, "${")) {
			r3 = 1;
			vmis = xstrdup(mg->bom);
		}
	} else if (vsrc) {
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
		char *why = missing_text(pm);

		p->flags |= PKG_UNRESOLVED;
		extract_note(ctx, line,
		             "version of '%s:%s' is neither given nor managed in this file%s%s%s: "
		             "not resolved offline",
		             g, a, pm->nm > 1 ? " or its parents" : "",
		             pm->nimp ? " or the BOMs it imports" : "", why);
		free(why);
	} else if (r3 && !rv && mg->literal) {
		p->flags |= PKG_UNRESOLVED;
		pkg_add_prop(p, "vouch:maven-version", vsrc);
		extract_note(ctx, line,
		             "version of '%s:%s' is '%s' in the BOM %s, which does not define it: "
		             "not resolved offline",
		             g, a, vsrc, mg->bom);
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
	if (mg && mg->literal && !rv)
		pkg_add_prop(p, "vouch:maven-managed-by", mg->bom);
	if (k)
		pkg_add_prop(p, "vouch:maven-inherited-from", pm->m[k].display);
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
		read_dependency(pm, d, root, profile, 0, NULL);
}

/* The dependencies the parents declare that the file does not (Maven's inheritance). */
static void read_inherited(struct pom *pm, struct pkg *root)
{
	for (size_t k = 1; k < pm->nm; k++) {
		struct lp_names declared = { 0 };

		for (size_t i = 0; i < pm->nseen; i++)
			lp_names_add(&declared, pm->seen[i].key, pm->seen[i].p);
		lp_names_sort(&declared);
		for (xmlNode *d = lp_xml_child(pm->m[k].deps, "dependency"); d;
		     d = lp_xml_next(d, "dependency"))
			read_dependency(pm, d, root, NULL, k, &declared);
		lp_names_release(&declared);
	}
}

/* One note per parent or BOM that is not in the tree. */
static void note_missing(struct pom *pm)
{
	for (size_t i = 0; i < pm->nmissing; i++) {
		if (!strncmp(pm->missing[i], "BOM ", 4))
			extract_note(pm->ctx, 0,
			             "dependencyManagement imports the BOM %s, which is not in the "
			             "scanned tree: the versions it manages are not known offline",
			             pm->missing[i] + 4);
		else
			extract_note(pm->ctx, 0,
			             "%s is not in the scanned tree: properties and managed "
			             "versions it defines are not known offline",
			             pm->missing[i]);
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
	size_t skipped = 0, nprof = 0, reads = 0;
	int ret = 0;

	pm.ctx = ctx;
	pm.reads = &reads;
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
	pom_effective(&pm);
	note_missing(&pm);
	root = add_root(&pm, proj);
	read_dependencies(&pm, pm.m[0].deps, root, NULL);
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
	read_inherited(&pm, root);
	note_duplicates(&pm);
	if (skipped)
		extract_note(
		        ctx, lp_xml_line(profiles),
		        "%zu dependencies of %zu profiles not active by default are not listed",
		        skipped, nprof);
done:
	pom_release(&pm);
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
