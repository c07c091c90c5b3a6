/*
 * csaf.c: the CSAF 2.0 mandatory tests (section 6.1) and a structural schema check.
 *
 * Each test is one function named after its section. Product ids and group ids
 * are gathered once into maps; the tests that need "every product a statement
 * covers" expand group ids through those maps. Every walk is bounded by the
 * document (no recursion deeper than CSAF_MAX_DEPTH), so a hostile document
 * costs time linear in its size, apart from 6.1.14's sort (n log n).
 */
#include "util/compat.h"
#include "core/disclose/csaf.h"
#include "core/disclose/securitytxt.h"
#include "core/formats/purl.h"
#include "core/vulndb/cvss.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/strmap.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <strings.h>

struct ctx {
	struct csaf_report *r;
	const json_t *doc;
	const json_t *tree; /* /product_tree or NULL */
	const json_t *vulns;
	struct strmap products; /* product id -> number of definitions */
	struct strmap groups;   /* group id -> index in product_groups + 1 */
};

static void VOUCH_PRINTF(5, 6)
        add(struct ctx *c, bool warning, const char *test, const char *path, const char *fmt, ...)
{
	struct csaf_report *r = c->r;
	struct buf m = BUF_INIT;
	va_list ap;

	if (r->n >= CSAF_MAX_FINDINGS) {
		r->truncated = true;
		if (!warning)
			r->nerrors++;
		return;
	}
	va_start(ap, fmt);
	buf_vaddf(&m, fmt, ap);
	va_end(ap);
	if (r->n == r->alloc) {
		r->alloc = r->alloc ? r->alloc * 2 : 16;
		r->v = xreallocarray(r->v, r->alloc, sizeof(*r->v));
	}
	r->v[r->n].test = xstrdup(test);
	r->v[r->n].path = xstrdup(path ? path : "");
	r->v[r->n].msg = buf_detach(&m, NULL);
	r->v[r->n].warning = warning;
	r->n++;
	if (!warning)
		r->nerrors++;
}

/* A JSON pointer built by appending; mark/restore through the length. */
static const char *ptr(struct buf *p, size_t keep, const char *fmt, ...) VOUCH_PRINTF(3, 4);
static const char *ptr(struct buf *p, size_t keep, const char *fmt, ...)
{
	va_list ap;

	buf_truncate(p, keep);
	va_start(ap, fmt);
	buf_vaddf(p, fmt, ap);
	va_end(ap);
	return p->ptr ? p->ptr : "";
}

static const char *str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool streq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static bool caseeq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}

/* ---- version numbers of the tracking section ---------------------------------------- */

struct vnum {
	bool ok, semver;
	const char *core[3]; /* integer: core[0] only */
	size_t corelen[3];
	const char *pre, *build;
	size_t prelen, buildlen;
};

static bool numeric_id(const char *s, size_t n)
{
	if (!n || (n > 1 && s[0] == '0'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* Dot-separated identifiers of [0-9A-Za-z-], none empty (numeric ones without leading 0 if pre). */
static bool idents(const char *s, size_t n, bool pre)
{
	size_t start = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			size_t len = i - start;
			bool digits = true;
			if (!len)
				return false;
			for (size_t k = start; k < i; k++)
				if (!isdigit((unsigned char)s[k]))
					digits = false;
			if (pre && digits && len > 1 && s[start] == '0')
				return false;
			start = i + 1;
		} else if (!isalnum((unsigned char)s[i]) && s[i] != '-') {
			return false;
		}
	}
	return true;
}

/* Integer versioning ("3") or Semantic Versioning 2.0.0 ("1.2.0-rc.1+b5"), as CSAF's pattern. */
static struct vnum vnum_parse(const char *s)
{
	struct vnum v = { 0 };
	size_t n, i = 0, k;

	if (!s)
		return v;
	n = strlen(s);
	for (k = 0; k < 3; k++) {
		size_t start = i;
		while (i < n && isdigit((unsigned char)s[i]))
			i++;
		if (!numeric_id(s + start, i - start))
			return v;
		v.core[k] = s + start;
		v.corelen[k] = i - start;
		if (k == 0 && i == n) {
			v.ok = true;
			return v;
		}
		if (k < 2) {
			if (i >= n || s[i] != '.')
				return v;
			i++;
		}
	}
	v.semver = true;
	if (i < n && s[i] == '-') {
		size_t start = ++i;
		while (i < n && s[i] != '+')
			i++;
		if (!idents(s + start, i - start, true))
			return v;
		v.pre = s + start;
		v.prelen = i - start;
	}
	if (i < n && s[i] == '+') {
		size_t start = ++i;
		i = n;
		if (!idents(s + start, i - start, false))
			return v;
		v.build = s + start;
		v.buildlen = i - start;
	}
	v.ok = i == n;
	return v;
}

static int numcmp(const char *a, size_t an, const char *b, size_t bn)
{
	if (an != bn)
		return an < bn ? -1 : 1;
	return memcmp(a, b, an);
}

/* SemVer identifier precedence: numeric by value and before alphanumeric; fewer fields first. */
static int pre_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;

	while (i < an && j < bn) {
		size_t si = i, sj = j;
		bool da = true, db = true;
		int c;
		while (i < an && a[i] != '.')
			da &= isdigit((unsigned char)a[i++]) != 0;
		while (j < bn && b[j] != '.')
			db &= isdigit((unsigned char)b[j++]) != 0;
		if (da && db)
			c = numcmp(a + si, i - si, b + sj, j - sj);
		else if (da != db)
			c = da ? -1 : 1;
		else {
			size_t m = i - si < j - sj ? i - si : j - sj;
			c = memcmp(a + si, b + sj, m);
			if (!c && i - si != j - sj)
				c = i - si < j - sj ? -1 : 1;
		}
		if (c)
			return c;
		i += i < an;
		j += j < bn;
	}
	if (i < an)
		return 1;
	if (j < bn)
		return -1;
	return 0;
}

/* Precedence; an integer N compares as N.0.0 against a SemVer. Build metadata is ignored. */
static int vnum_cmp(const struct vnum *a, const struct vnum *b, bool ignore_pre)
{
	static const char zero[] = "0";
	for (int k = 0; k < 3; k++) {
		const char *x = k == 0 || a->semver ? a->core[k] : zero;
		const char *y = k == 0 || b->semver ? b->core[k] : zero;
		size_t xn = k == 0 || a->semver ? a->corelen[k] : 1;
		size_t yn = k == 0 || b->semver ? b->corelen[k] : 1;
		int c = numcmp(x, xn, y, yn);
		if (c)
			return c;
	}
	if (ignore_pre || (!a->pre && !b->pre))
		return 0;
	if (!a->pre || !b->pre)
		return a->pre ? -1 : 1;
	return pre_cmp(a->pre, a->prelen, b->pre, b->prelen);
}

static bool vnum_is_zero_major(const struct vnum *v)
{
	return v->ok && v->corelen[0] == 1 && v->core[0][0] == '0';
}

/* ---- gathering product and group ids -------------------------------------------------- */

typedef void (*product_fn)(struct ctx *c, const json_t *fpn, const char *path);

static void walk_branches(struct ctx *c, const json_t *branches, struct buf *p, int depth,
                          product_fn fn,
                          void (*branch_fn)(struct ctx *, const json_t *, const char *))
{
	size_t keep = p->len, i;
	const json_t *b;

	if (depth > CSAF_MAX_DEPTH) {
		add(c, false, "schema", p->ptr, "branches nested deeper than %d levels",
		    CSAF_MAX_DEPTH);
		return;
	}
	json_array_foreach(branches, i, b)
	{
		const json_t *prod = json_object_get(b, "product");
		ptr(p, keep, "/%zu", i);
		if (branch_fn)
			branch_fn(c, b, p->ptr);
		if (prod && fn) {
			size_t k2 = p->len;
			fn(c, prod, ptr(p, k2, "/product"));
			buf_truncate(p, k2);
		}
		if (json_object_get(b, "branches")) {
			size_t k2 = p->len;
			ptr(p, k2, "/branches");
			walk_branches(c, json_object_get(b, "branches"), p, depth + 1, fn,
			              branch_fn);
			buf_truncate(p, k2);
		}
	}
	buf_truncate(p, keep);
}

/* Calls fn for every full product name the product tree defines. */
static void each_product(struct ctx *c, product_fn fn,
                         void (*branch_fn)(struct ctx *, const json_t *, const char *))
{
	struct buf p = BUF_INIT;
	const json_t *v;
	size_t i;

	ptr(&p, 0, "/product_tree/branches");
	walk_branches(c, json_object_get(c->tree, "branches"), &p, 1, fn, branch_fn);
	json_array_foreach(json_object_get(c->tree, "full_product_names"), i, v)
	        fn(c, v, ptr(&p, 0, "/product_tree/full_product_names/%zu", i));
	json_array_foreach(json_object_get(c->tree, "relationships"), i,
	                   v) if (json_object_get(v, "full_product_name"))
	        fn(c, json_object_get(v, "full_product_name"),
	           ptr(&p, 0, "/product_tree/relationships/%zu/full_product_name", i));
	buf_release(&p);
}

/* 6.1.2: Multiple Definition of Product ID (and the map 6.1.1 reads). */
static void define_product(struct ctx *c, const json_t *fpn, const char *path)
{
	const char *id = str(fpn, "product_id");
	unsigned *n;

	if (!id)
		return;
	n = strmap_get(&c->products, id);
	if (n) {
		(*n)++;
		add(c, false, "6.1.2", path, "multiple definition of product id '%s'", id);
	} else {
		strmap_put(&c->products, id, 1);
	}
}

typedef void (*ref_fn)(struct ctx *c, const char *id, const char *path);

static void each_id_in(struct ctx *c, const json_t *arr, struct buf *p, ref_fn fn)
{
	size_t keep = p->len, i;
	const json_t *v;

	json_array_foreach(arr, i, v) if (json_is_string(v))
	        fn(c, json_string_value(v), ptr(p, keep, "/%zu", i));
	buf_truncate(p, keep);
}

static const char *const status_names[] = {
	"first_affected",     "first_fixed",   "fixed",       "known_affected",
	"known_not_affected", "last_affected", "recommended", "under_investigation",
};

/* Calls fn for every product id reference outside the definitions. */
static void each_product_ref(struct ctx *c, ref_fn fn)
{
	struct buf p = BUF_INIT;
	const json_t *v, *w;
	size_t i, k;

	json_array_foreach(json_object_get(c->tree, "product_groups"), i, v)
	{
		ptr(&p, 0, "/product_tree/product_groups/%zu/product_ids", i);
		each_id_in(c, json_object_get(v, "product_ids"), &p, fn);
	}
	json_array_foreach(json_object_get(c->tree, "relationships"), i, v)
	{
		const char *a = str(v, "product_reference"),
		           *b = str(v, "relates_to_product_reference");
		if (a)
			fn(c, a,
			   ptr(&p, 0, "/product_tree/relationships/%zu/product_reference", i));
		if (b)
			fn(c, b,
			   ptr(&p, 0,
			       "/product_tree/relationships/%zu/relates_to_product_reference", i));
	}
	json_array_foreach(c->vulns, i, v)
	{
		const json_t *ps = json_object_get(v, "product_status");
		for (k = 0; k < ARRAY_SIZE(status_names); k++) {
			ptr(&p, 0, "/vulnerabilities/%zu/product_status/%s", i, status_names[k]);
			each_id_in(c, json_object_get(ps, status_names[k]), &p, fn);
		}
		json_array_foreach(json_object_get(v, "remediations"), k, w)
		{
			ptr(&p, 0, "/vulnerabilities/%zu/remediations/%zu/product_ids", i, k);
			each_id_in(c, json_object_get(w, "product_ids"), &p, fn);
		}
		json_array_foreach(json_object_get(v, "scores"), k, w)
		{
			ptr(&p, 0, "/vulnerabilities/%zu/scores/%zu/products", i, k);
			each_id_in(c, json_object_get(w, "products"), &p, fn);
		}
		json_array_foreach(json_object_get(v, "threats"), k, w)
		{
			ptr(&p, 0, "/vulnerabilities/%zu/threats/%zu/product_ids", i, k);
			each_id_in(c, json_object_get(w, "product_ids"), &p, fn);
		}
		json_array_foreach(json_object_get(v, "flags"), k, w)
		{
			ptr(&p, 0, "/vulnerabilities/%zu/flags/%zu/product_ids", i, k);
			each_id_in(c, json_object_get(w, "product_ids"), &p, fn);
		}
	}
	buf_release(&p);
}

/* 6.1.1 Missing Definition of Product ID */
static void check_product_ref(struct ctx *c, const char *id, const char *path)
{
	if (!strmap_get(&c->products, id))
		add(c, false, "6.1.1", path, "missing definition of product id '%s'", id);
}

/* 6.1.3 Circular Definition of Product ID: the relationships as a graph, coloured DFS. */
static void test_6_1_3(struct ctx *c)
{
	const json_t *rels = json_object_get(c->tree, "relationships");
	size_t n = json_array_size(rels), i;
	struct strmap byid = STRMAP_INIT;
	unsigned char *colour = NULL;
	size_t *stack = NULL, *edge = NULL;
	struct buf p = BUF_INIT;

	if (!n)
		return;
	colour = xcalloc(n, 1);
	stack = xreallocarray(NULL, n, sizeof(*stack));
	edge = xreallocarray(NULL, n, sizeof(*edge));
	for (i = 0; i < n; i++) {
		const char *id = str(json_object_get(json_array_get(rels, i), "full_product_name"),
		                     "product_id");
		if (id && !strmap_get(&byid, id))
			strmap_put(&byid, id, (unsigned)i);
	}
	for (i = 0; i < n; i++) {
		size_t sp = 0;
		if (colour[i])
			continue;
		stack[sp] = i;
		edge[sp++] = 0;
		colour[i] = 1;
		while (sp) {
			size_t cur = stack[sp - 1];
			const json_t *rel = json_array_get(rels, cur);
			const char *ref = NULL;
			unsigned *to;
			if (edge[sp - 1] >= 2) {
				colour[cur] = 2;
				sp--;
				continue;
			}
			ref = str(rel, edge[sp - 1] == 0 ? "product_reference"
			                                 : "relates_to_product_reference");
			edge[sp - 1]++;
			if (!ref || !(to = strmap_get(&byid, ref)))
				continue;
			if (colour[*to] == 1) {
				const char *id = str(json_object_get(rel, "full_product_name"),
				                     "product_id");
				add(c, false, "6.1.3",
				    ptr(&p, 0, "/product_tree/relationships/%zu", cur),
				    "circular definition of product id '%s'", id ? id : ref);
			} else if (!colour[*to]) {
				colour[*to] = 1;
				stack[sp] = *to;
				edge[sp++] = 0;
			}
		}
	}
	free(colour);
	free(stack);
	free(edge);
	strmap_release(&byid);
	buf_release(&p);
}

/* Group ids: 6.1.5 while defining, 6.1.4 for the references. */
static void define_groups(struct ctx *c)
{
	struct buf p = BUF_INIT;
	const json_t *v;
	size_t i;

	json_array_foreach(json_object_get(c->tree, "product_groups"), i, v)
	{
		const char *id = str(v, "group_id");
		if (!id)
			continue;
		if (strmap_get(&c->groups, id))
			add(c, false, "6.1.5",
			    ptr(&p, 0, "/product_tree/product_groups/%zu/group_id", i),
			    "multiple definition of product group id '%s'", id);
		else
			strmap_put(&c->groups, id, (unsigned)i + 1);
	}
	buf_release(&p);
}

static void test_6_1_4(struct ctx *c)
{
	static const char *const where[] = { "flags", "remediations", "threats" };
	struct buf p = BUF_INIT;
	const json_t *v, *w, *g;
	size_t i, k, j;

	json_array_foreach(c->vulns, i, v) for (size_t x = 0; x < ARRAY_SIZE(where); x++)
	        json_array_foreach(json_object_get(v, where[x]), k, w)
	                json_array_foreach(json_object_get(w, "group_ids"), j, g)
	{
		const char *id = json_string_value(g);
		if (id && !strmap_get(&c->groups, id))
			add(c, false, "6.1.4",
			    ptr(&p, 0, "/vulnerabilities/%zu/%s/%zu/group_ids/%zu", i, where[x], k,
			        j),
			    "missing definition of product group id '%s'", id);
	}
	buf_release(&p);
}

/*
 * The products a statement (flag, threat, remediation) covers: its product_ids and the
 * members of its groups. Calls fn(c, id, path-of-statement, arg) for each, duplicates included.
 */
static void each_covered(struct ctx *c, const json_t *stmt,
                         void (*fn)(struct ctx *, const char *, void *), void *arg)
{
	const json_t *v, *m;
	size_t i, j;

	json_array_foreach(json_object_get(stmt, "product_ids"), i, v) if (json_is_string(v))
	        fn(c, json_string_value(v), arg);
	json_array_foreach(json_object_get(stmt, "group_ids"), i, v)
	{
		unsigned *gi =
		        json_is_string(v) ? strmap_get(&c->groups, json_string_value(v)) : NULL;
		const json_t *grp;
		if (!gi)
			continue;
		grp = json_array_get(json_object_get(c->tree, "product_groups"), *gi - 1);
		json_array_foreach(json_object_get(grp, "product_ids"), j, m) if (json_is_string(m))
		        fn(c, json_string_value(m), arg);
	}
}

/* 6.1.6 Contradicting Product Status */
static void test_6_1_6(struct ctx *c, const json_t *v, size_t vi)
{
	/* the status groups of the specification: affected, not affected, fixed, under investigation */
	static const struct {
		const char *name;
		unsigned group;
	} st[] = {
		{ "first_affected", 1 },      { "known_affected", 1 }, { "last_affected", 1 },
		{ "known_not_affected", 2 },  { "first_fixed", 4 },    { "fixed", 4 },
		{ "under_investigation", 8 },
	};
	const json_t *ps = json_object_get(v, "product_status");
	struct strmap seen = STRMAP_INIT;
	struct buf p = BUF_INIT;
	const json_t *x;
	size_t k, i;

	for (k = 0; k < ARRAY_SIZE(st); k++)
		json_array_foreach(json_object_get(ps, st[k].name), i, x)
		{
			const char *id = json_string_value(x);
			unsigned *g;
			if (!id)
				continue;
			g = strmap_get(&seen, id);
			if (g && !(*g & st[k].group)) {
				add(c, false, "6.1.6",
				    ptr(&p, 0, "/vulnerabilities/%zu/product_status/%s/%zu", vi,
				        st[k].name, i),
				    "contradicting product status of product id '%s'", id);
				*g |= st[k].group;
			} else if (!g) {
				strmap_put(&seen, id, st[k].group);
			}
		}
	strmap_release(&seen);
	buf_release(&p);
}

/* ---- CVSS: 6.1.7 to 6.1.10 ------------------------------------------------------------ */

struct cvss_prop {
	const char *prop, *metric;
	const char *map; /* "CODE=VALUE,CODE=VALUE" */
};

static const struct cvss_prop cvss3_props[] = {
	{ "attackVector", "AV", "N=NETWORK,A=ADJACENT_NETWORK,L=LOCAL,P=PHYSICAL" },
	{ "attackComplexity", "AC", "L=LOW,H=HIGH" },
	{ "privilegesRequired", "PR", "N=NONE,L=LOW,H=HIGH" },
	{ "userInteraction", "UI", "N=NONE,R=REQUIRED" },
	{ "scope", "S", "U=UNCHANGED,C=CHANGED" },
	{ "confidentialityImpact", "C", "N=NONE,L=LOW,H=HIGH" },
	{ "integrityImpact", "I", "N=NONE,L=LOW,H=HIGH" },
	{ "availabilityImpact", "A", "N=NONE,L=LOW,H=HIGH" },
	{ "exploitCodeMaturity", "E",
	  "X=NOT_DEFINED,U=UNPROVEN,P=PROOF_OF_CONCEPT,F=FUNCTIONAL,H=HIGH" },
	{ "remediationLevel", "RL",
	  "X=NOT_DEFINED,O=OFFICIAL_FIX,T=TEMPORARY_FIX,W=WORKAROUND,U=UNAVAILABLE" },
	{ "reportConfidence", "RC", "X=NOT_DEFINED,U=UNKNOWN,R=REASONABLE,C=CONFIRMED" },
	{ "confidentialityRequirement", "CR", "X=NOT_DEFINED,L=LOW,M=MEDIUM,H=HIGH" },
	{ "integrityRequirement", "IR", "X=NOT_DEFINED,L=LOW,M=MEDIUM,H=HIGH" },
	{ "availabilityRequirement", "AR", "X=NOT_DEFINED,L=LOW,M=MEDIUM,H=HIGH" },
	{ "modifiedAttackVector", "MAV",
	  "X=NOT_DEFINED,N=NETWORK,A=ADJACENT_NETWORK,L=LOCAL,P=PHYSICAL" },
	{ "modifiedAttackComplexity", "MAC", "X=NOT_DEFINED,L=LOW,H=HIGH" },
	{ "modifiedPrivilegesRequired", "MPR", "X=NOT_DEFINED,N=NONE,L=LOW,H=HIGH" },
	{ "modifiedUserInteraction", "MUI", "X=NOT_DEFINED,N=NONE,R=REQUIRED" },
	{ "modifiedScope", "MS", "X=NOT_DEFINED,U=UNCHANGED,C=CHANGED" },
	{ "modifiedConfidentialityImpact", "MC", "X=NOT_DEFINED,N=NONE,L=LOW,H=HIGH" },
	{ "modifiedIntegrityImpact", "MI", "X=NOT_DEFINED,N=NONE,L=LOW,H=HIGH" },
	{ "modifiedAvailabilityImpact", "MA", "X=NOT_DEFINED,N=NONE,L=LOW,H=HIGH" },
	{ NULL, NULL, NULL },
};

static const struct cvss_prop cvss2_props[] = {
	{ "accessVector", "AV", "L=LOCAL,A=ADJACENT_NETWORK,N=NETWORK" },
	{ "accessComplexity", "AC", "H=HIGH,M=MEDIUM,L=LOW" },
	{ "authentication", "Au", "M=MULTIPLE,S=SINGLE,N=NONE" },
	{ "confidentialityImpact", "C", "N=NONE,P=PARTIAL,C=COMPLETE" },
	{ "integrityImpact", "I", "N=NONE,P=PARTIAL,C=COMPLETE" },
	{ "availabilityImpact", "A", "N=NONE,P=PARTIAL,C=COMPLETE" },
	{ "exploitability", "E",
	  "U=UNPROVEN,POC=PROOF_OF_CONCEPT,F=FUNCTIONAL,H=HIGH,ND=NOT_DEFINED" },
	{ "remediationLevel", "RL",
	  "OF=OFFICIAL_FIX,TF=TEMPORARY_FIX,W=WORKAROUND,U=UNAVAILABLE,ND=NOT_DEFINED" },
	{ "reportConfidence", "RC", "UC=UNCONFIRMED,UR=UNCORROBORATED,C=CONFIRMED,ND=NOT_DEFINED" },
	{ "collateralDamagePotential", "CDP",
	  "N=NONE,L=LOW,LM=LOW_MEDIUM,MH=MEDIUM_HIGH,H=HIGH,ND=NOT_DEFINED" },
	{ "targetDistribution", "TD", "N=NONE,L=LOW,M=MEDIUM,H=HIGH,ND=NOT_DEFINED" },
	{ "confidentialityRequirement", "CR", "L=LOW,M=MEDIUM,H=HIGH,ND=NOT_DEFINED" },
	{ "integrityRequirement", "IR", "L=LOW,M=MEDIUM,H=HIGH,ND=NOT_DEFINED" },
	{ "availabilityRequirement", "AR", "L=LOW,M=MEDIUM,H=HIGH,ND=NOT_DEFINED" },
	{ NULL, NULL, NULL },
};

/* The value code of metric in vector ("N" for AV in ".../AV:N/..."), or NULL with *n = 0. */
static const char *vector_value(const char *vec, const char *metric, size_t *n)
{
	size_t ml = strlen(metric);
	const char *s = vec;

	if (!strncmp(s, "CVSS:", 5))
		s = strchr(s, '/') ? strchr(s, '/') + 1 : s + strlen(s);
	while (*s) {
		const char *end = strchr(s, '/');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		if (len > ml && !strncmp(s, metric, ml) && s[ml] == ':') {
			*n = len - ml - 1;
			return s + ml + 1;
		}
		s += len + (end ? 1 : 0);
	}
	*n = 0;
	return NULL;
}

/* The property value for a metric code in map ("N" -> "NETWORK"), or false. */
static bool map_code(const char *map, const char *code, size_t n, const char **val, size_t *vn)
{
	const char *s = map;

	while (*s) {
		const char *eq = strchr(s, '='), *end = strchr(s, ',');
		if (!end)
			end = s + strlen(s);
		if ((size_t)(eq - s) == n && !strncmp(s, code, n)) {
			*val = eq + 1;
			*vn = (size_t)(end - eq - 1);
			return true;
		}
		s = *end ? end + 1 : end;
	}
	return false;
}

static bool in_map_values(const char *map, const char *val)
{
	const char *s = map;
	size_t vl = strlen(val);

	while (*s) {
		const char *eq = strchr(s, '='), *end = strchr(s, ',');
		if (!end)
			end = s + strlen(s);
		if ((size_t)(end - eq - 1) == vl && !strncmp(eq + 1, val, vl))
			return true;
		s = *end ? end + 1 : end;
	}
	return false;
}

static bool is_severity(const char *s)
{
	return streq(s, "NONE") || streq(s, "LOW") || streq(s, "MEDIUM") || streq(s, "HIGH") ||
	       streq(s, "CRITICAL");
}

static bool score_ok(const json_t *v)
{
	return json_is_number(v) && json_number_value(v) >= 0 && json_number_value(v) <= 10;
}

/*
 * CVSS v3.0/v3.1 temporal and environmental scores (specification section 7, appendix A
 * of 3.1), in tenths; vouch's cvss.c scores the base only. Metrics the vector leaves out
 * are "not defined": 1 for E, RL, RC and the requirements, the base value for the
 * modified metrics.
 */
static double w3(const char *vec, const char *metric, const char *codes, const double *weights,
                 double dflt)
{
	size_t n;
	const char *v = vector_value(vec, metric, &n);

	if (!v || (n == 1 && v[0] == 'X'))
		return dflt;
	for (size_t i = 0; codes[i]; i++)
		if (n == 1 && codes[i] == v[0])
			return weights[i];
	return dflt;
}

static double roundup3(double x, bool v31)
{
	if (v31) {
		long long i = llround(x * 100000.0);
		return i % 10000 == 0 ? (double)i / 100000.0 : (double)(i / 10000 + 1) / 10.0;
	}
	return ceil(x * 10.0 - 1e-9) / 10.0;
}

static void cvss3_extra(const char *vec, bool v31, int *temporal10, int *env10)
{
	static const double av[] = { .85, .62, .55, .2 }, ac[] = { .77, .44 };
	static const double pru[] = { .85, .62, .27 }, prc[] = { .85, .68, .5 };
	static const double ui[] = { .85, .62 }, cia[] = { .56, .22, 0 };
	static const double e[] = { 1, .97, .94, .91 }, rl[] = { 1, .97, .96, .95 };
	static const double rc[] = { 1, .96, .92 }, req[] = { 1.5, 1, .5 };
	size_t n;
	const char *sv = vector_value(vec, "S", &n), *msv = vector_value(vec, "MS", &n);
	bool changed = sv && sv[0] == 'C';
	bool mchanged = msv && msv[0] != 'X' ? msv[0] == 'C' : changed;
	double bav = w3(vec, "AV", "NALP", av, 0), bac = w3(vec, "AC", "LH", ac, 0);
	double bpr = w3(vec, "PR", "NLH", changed ? prc : pru, 0), bui = w3(vec, "UI", "NR", ui, 0);
	double bc = w3(vec, "C", "HLN", cia, 0), bi = w3(vec, "I", "HLN", cia, 0);
	double ba = w3(vec, "A", "HLN", cia, 0);
	double te = w3(vec, "E", "HFPU", e, 1), trl = w3(vec, "RL", "UWTO", rl, 1);
	double trc = w3(vec, "RC", "CRU", rc, 1);
	double iss = 1 - (1 - bc) * (1 - bi) * (1 - ba), imp, expl, base, mimp, mexpl, miss, env;
	double mav = w3(vec, "MAV", "NALP", av, bav), mac = w3(vec, "MAC", "LH", ac, bac);
	double mui = w3(vec, "MUI", "NR", ui, bui), mc = w3(vec, "MC", "HLN", cia, bc);
	double mi = w3(vec, "MI", "HLN", cia, bi), ma = w3(vec, "MA", "HLN", cia, ba);
	double mpr = w3(vec, "MPR", "NLH", mchanged ? prc : pru,
	                w3(vec, "PR", "NLH", mchanged ? prc : pru, 0));
	double cr = w3(vec, "CR", "HML", req, 1), ir = w3(vec, "IR", "HML", req, 1);
	double ar = w3(vec, "AR", "HML", req, 1);

	imp = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss;
	expl = 8.22 * bav * bac * bpr * bui;
	if (imp <= 0)
		base = 0;
	else
		base = roundup3(fmin(changed ? 1.08 * (imp + expl) : imp + expl, 10), v31);
	*temporal10 = (int)llround(roundup3(base * te * trl * trc, v31) * 10);

	miss = fmin(1 - (1 - cr * mc) * (1 - ir * mi) * (1 - ar * ma), 0.915);
	if (mchanged)
		mimp = 7.52 * (miss - 0.029) -
		       3.25 * pow(v31 ? miss * 0.9731 - 0.02 : miss - 0.02, v31 ? 13 : 15);
	else
		mimp = 6.42 * miss;
	mexpl = 8.22 * mav * mac * mpr * mui;
	if (mimp <= 0)
		env = 0;
	else
		env = roundup3(
		        roundup3(fmin(mchanged ? 1.08 * (mimp + mexpl) : mimp + mexpl, 10), v31) *
		                te * trl * trc,
		        v31);
	*env10 = (int)llround(env * 10);
}

/* The v2 weight of metric: codes are "/"-separated ("ND/POC/F"), as in the vector. */
static double w2(const char *vec, const char *metric, const char *codes, const double *weights,
                 double dflt)
{
	size_t n, i = 0;
	const char *v = vector_value(vec, metric, &n);

	if (!v)
		return dflt;
	for (const char *c = codes; *c; i++) {
		const char *e = strchr(c, '/');
		size_t cl = e ? (size_t)(e - c) : strlen(c);
		if (cl == n && !strncmp(c, v, n))
			return weights[i];
		c += cl + (e ? 1 : 0);
	}
	return dflt;
}

static double round1(double x)
{
	return floor(x * 10.0 + 0.5 + 1e-9) / 10.0;
}

/* The CVSS v2 temporal score (v2 guide, section 3.2.2), in tenths. */
static void cvss2_temporal(const char *vec, int *temporal10)
{
	static const double av[] = { .395, .646, 1 }, ac[] = { .35, .61, .71 };
	static const double au[] = { .45, .56, .704 }, cia[] = { 0, .275, .66 };
	static const double e[] = { .85, .9, .95, 1, 1 }, rl[] = { .87, .9, .95, 1, 1 };
	static const double rc[] = { .9, .95, 1, 1 };
	double c = w2(vec, "C", "N/P/C", cia, 0), i = w2(vec, "I", "N/P/C", cia, 0);
	double a = w2(vec, "A", "N/P/C", cia, 0);
	double expl = 20 * w2(vec, "AV", "L/A/N", av, 0) * w2(vec, "AC", "H/M/L", ac, 0) *
	              w2(vec, "Au", "M/S/N", au, 0);
	double te = w2(vec, "E", "U/POC/F/H/ND", e, 1), trl = w2(vec, "RL", "OF/TF/W/U/ND", rl, 1);
	double trc = w2(vec, "RC", "UC/UR/C/ND", rc, 1);
	double imp = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
	double base = round1((0.6 * imp + 0.4 * expl - 1.5) * (imp == 0 ? 0 : 1.176));

	*temporal10 = (int)llround(round1(base * te * trl * trc) * 10);
}

/* 6.1.9 for temporalScore/temporalSeverity or environmentalScore/environmentalSeverity. */
static void check_extra(struct ctx *c, const json_t *o, const char *path, const char *kind,
                        enum cvss_version ver, int want10)
{
	char sk[32], vk[32];
	const json_t *score;
	const char *sev, *want_sev = cvss_severity_name(cvss_severity_of(ver, want10));

	snprintf(sk, sizeof(sk), "%sScore", kind);
	snprintf(vk, sizeof(vk), "%sSeverity", kind);
	score = json_object_get(o, sk);
	sev = str(o, vk);
	if (score && json_is_number(score) &&
	    llround(json_number_value(score) * 10.0) != (long long)want10)
		add(c, false, "6.1.9", path,
		    "invalid cvss computation: %s %g, the vector gives %d.%d", sk,
		    json_number_value(score), want10 / 10, want10 % 10);
	if (sev && !streq(sev, want_sev))
		add(c, false, "6.1.9", path, "invalid cvss computation: %s %s, the score gives %s",
		    vk, sev, want_sev);
}

/* 6.1.8 (schema of the CVSS object), 6.1.9 (computation), 6.1.10 (properties vs vector). */
static void check_cvss(struct ctx *c, const json_t *o, bool v3, const char *path)
{
	const struct cvss_prop *props = v3 ? cvss3_props : cvss2_props;
	const char *ver = str(o, "version"), *vec = str(o, "vectorString");
	const char *sev = str(o, "baseSeverity");
	const json_t *base = json_object_get(o, "baseScore");
	bool valid = true;
	struct cvss cv;

	if (!json_is_object(o)) {
		add(c, false, "6.1.8", path, "cvss object is not an object");
		return;
	}
	if (!ver || (v3 ? !streq(ver, "3.0") && !streq(ver, "3.1") : !streq(ver, "2.0"))) {
		add(c, false, "6.1.8", path, "invalid cvss: 'version' missing or not %s",
		    v3 ? "3.0 or 3.1" : "2.0");
		valid = false;
	}
	if (!vec || cvss_parse(&cv, vec, strlen(vec), CVSS_TOKENS_ONLY) < 0 ||
	    (v3 && ver &&
	     (strncmp(vec, "CVSS:", 5) || strncmp(vec + 5, ver, 3) || vec[8] != '/')) ||
	    (!v3 && !strncmp(vec, "CVSS:", 5))) {
		add(c, false, "6.1.8", path,
		    "invalid cvss: 'vectorString' missing or not valid%s%s", vec ? ": " : "",
		    vec ? vec : "");
		valid = false;
	}
	if (!score_ok(base)) {
		add(c, false, "6.1.8", path, "invalid cvss: 'baseScore' missing or not 0 to 10");
		valid = false;
	}
	if (v3 && !is_severity(sev)) {
		add(c, false, "6.1.8", path, "invalid cvss: 'baseSeverity' missing or not valid");
		valid = false;
	}
	for (const struct cvss_prop *p = props; p->prop; p++) {
		const char *pv = str(o, p->prop);
		if (json_object_get(o, p->prop) && (!pv || !in_map_values(p->map, pv))) {
			add(c, false, "6.1.8", path, "invalid cvss: '%s' is not a valid value",
			    p->prop);
			valid = false;
		}
	}
	if (!valid)
		return;

	/* 6.1.10: every property given agrees with the vector (absent optional metrics are X/ND) */
	for (const struct cvss_prop *p = props; p->prop; p++) {
		const char *pv = str(o, p->prop), *code, *want = NULL;
		size_t cn, wn = 0;
		if (!pv)
			continue;
		/* a metric the vector leaves out is "not defined", which for the modified
		 * metrics means "as the base metric": only metrics present are compared */
		code = vector_value(vec, p->metric, &cn);
		if (!code)
			continue;
		if (!map_code(p->map, code, cn, &want, &wn) || strlen(pv) != wn ||
		    strncmp(pv, want, wn))
			add(c, false, "6.1.10", path,
			    "inconsistent cvss: '%s' is '%s', the vector says '%s:%.*s'", p->prop,
			    pv, p->metric, (int)cn, code);
	}

	/* 6.1.9: the base score and severity recomputed from the vector's base metrics (a v2
	 * vector may carry part of a temporal or environmental group, which the schema allows) */
	if (!v3) {
		static const char *const base2[] = { "AV", "AC", "Au", "C", "I", "A" };
		struct buf b = BUF_INIT;
		int r = 0;
		for (size_t k = 0; k < ARRAY_SIZE(base2) && r == 0; k++) {
			size_t cn;
			const char *code = vector_value(vec, base2[k], &cn);
			if (!code)
				r = -1;
			else
				buf_addf(&b, "%s%s:%.*s", k ? "/" : "", base2[k], (int)cn, code);
		}
		if (r == 0)
			r = cvss_parse(&cv, b.ptr, b.len, CVSS_ANY_ORDER);
		buf_release(&b);
		if (r < 0) {
			add(c, false, "6.1.9", path,
			    "invalid cvss computation: base metrics of '%s' incomplete", vec);
			return;
		}
	} else if (cvss_parse(&cv, vec, strlen(vec), CVSS_ANY_ORDER) < 0) {
		add(c, false, "6.1.9", path, "invalid cvss computation: %s", err_msg());
		return;
	}
	{
		double d = json_number_value(base) * 10.0;
		long given = (long)(d + (d >= 0 ? 0.5 : -0.5));
		if (given != cv.score10)
			add(c, false, "6.1.9", path,
			    "invalid cvss computation: baseScore %g, the vector gives %d.%d",
			    json_number_value(base), cv.score10 / 10, cv.score10 % 10);
		if (v3 && !streq(sev, cvss_severity_name(cvss_severity_of(cv.version, cv.score10))))
			add(c, false, "6.1.9", path,
			    "invalid cvss computation: baseSeverity %s, the score gives %s", sev,
			    cvss_severity_name(cvss_severity_of(cv.version, cv.score10)));
	}
	if (v3) {
		int t10, e10;
		cvss3_extra(vec, cv.version == CVSS_V31, &t10, &e10);
		check_extra(c, o, path, "temporal", cv.version, t10);
		check_extra(c, o, path, "environmental", cv.version, e10);
	} else {
		int t10;
		cvss2_temporal(vec, &t10);
		check_extra(c, o, path, "temporal", CVSS_V2, t10);
		/* the v2 guide's environmental equation rounds at three steps, and
		 * calculators differ on them (ae-cvss-calculator by 0.1 on a fifth of
		 * random vectors): not judged rather than judged wrongly */
		if (json_object_get(o, "environmentalScore"))
			add(c, true, "6.1.9", path,
			    "the v2 environmentalScore is not recomputed (base and temporal are)");
	}
}

/* 6.1.7, and the per-score CVSS tests */
static void test_scores(struct ctx *c, const json_t *v, size_t vi)
{
	struct strmap seen = STRMAP_INIT;
	struct buf p = BUF_INIT, key = BUF_INIT;
	const json_t *s, *id;
	size_t k, j;

	json_array_foreach(json_object_get(v, "scores"), k, s)
	{
		const json_t *c2 = json_object_get(s, "cvss_v2"),
		             *c3 = json_object_get(s, "cvss_v3");
		if (c2)
			check_cvss(c, c2, false,
			           ptr(&p, 0, "/vulnerabilities/%zu/scores/%zu/cvss_v2", vi, k));
		if (c3)
			check_cvss(c, c3, true,
			           ptr(&p, 0, "/vulnerabilities/%zu/scores/%zu/cvss_v3", vi, k));
		json_array_foreach(json_object_get(s, "products"), j, id)
		{
			const char *pid = json_string_value(id);
			for (int x = 0; x < 2 && pid; x++) {
				const json_t *o = x ? c3 : c2;
				const char *ver = str(o, "version");
				if (!o)
					continue;
				buf_reset(&key);
				buf_addf(&key, "%s\n%s", x ? (ver ? ver : "3") : "2", pid);
				if (strmap_get(&seen, key.ptr))
					add(c, false, "6.1.7",
					    ptr(&p, 0,
					        "/vulnerabilities/%zu/scores/%zu/products/%zu", vi,
					        k, j),
					    "multiple cvss_v%s scores of version %s for product id "
					    "'%s'",
					    x ? "3" : "2", x ? (ver ? ver : "?") : "2.0", pid);
				else
					strmap_put(&seen, key.ptr, 1);
			}
		}
	}
	strmap_release(&seen);
	buf_release(&p);
	buf_release(&key);
}

/* ---- 6.1.11 CWE ---------------------------------------------------------------------- */

/*
 * The weaknesses advisories name most (the CWE Top 25 and their parents), with their
 * names in the CWE list. An id outside this table is a warning: its name is not checked.
 */
static const struct {
	unsigned id;
	const char *name;
} cwe_names[] = {
	{ 20, "Improper Input Validation" },
	{ 22, "Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')" },
	{ 77,
	  "Improper Neutralization of Special Elements used in a Command ('Command Injection')" },
	{ 78, "Improper Neutralization of Special Elements used in an OS Command ('OS Command "
	      "Injection')" },
	{ 79,
	  "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')" },
	{ 89,
	  "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')" },
	{ 94, "Improper Control of Generation of Code ('Code Injection')" },
	{ 119, "Improper Restriction of Operations within the Bounds of a Memory Buffer" },
	{ 125, "Out-of-bounds Read" },
	{ 190, "Integer Overflow or Wraparound" },
	{ 200, "Exposure of Sensitive Information to an Unauthorized Actor" },
	{ 269, "Improper Privilege Management" },
	{ 276, "Incorrect Default Permissions" },
	{ 287, "Improper Authentication" },
	{ 306, "Missing Authentication for Critical Function" },
	{ 352, "Cross-Site Request Forgery (CSRF)" },
	{ 362, "Concurrent Execution using Shared Resource with Improper Synchronization ('Race "
	       "Condition')" },
	{ 400, "Uncontrolled Resource Consumption" },
	{ 416, "Use After Free" },
	{ 434, "Unrestricted Upload of File with Dangerous Type" },
	{ 476, "NULL Pointer Dereference" },
	{ 502, "Deserialization of Untrusted Data" },
	{ 787, "Out-of-bounds Write" },
	{ 798, "Use of Hard-coded Credentials" },
	{ 862, "Missing Authorization" },
	{ 863, "Incorrect Authorization" },
	{ 918, "Server-Side Request Forgery (SSRF)" },
};

const char *csaf_cwe_name(const char *id)
{
	unsigned long num = 0;

	if (!id || strncmp(id, "CWE-", 4) || !numeric_id(id + 4, strlen(id + 4)) ||
	    strlen(id + 4) > 9)
		return NULL;
	for (size_t i = 4; id[i]; i++)
		num = num * 10 + (unsigned long)(id[i] - '0');
	for (size_t i = 0; i < ARRAY_SIZE(cwe_names); i++)
		if (cwe_names[i].id == num)
			return cwe_names[i].name;
	return NULL;
}

static void test_6_1_11(struct ctx *c, const json_t *v, size_t vi)
{
	const json_t *cwe = json_object_get(v, "cwe");
	const char *id = str(cwe, "id"), *name = str(cwe, "name");
	struct buf p = BUF_INIT;
	unsigned long num = 0;
	size_t i;

	if (!cwe)
		return;
	ptr(&p, 0, "/vulnerabilities/%zu/cwe", vi);
	if (!id || strncmp(id, "CWE-", 4) || !numeric_id(id + 4, strlen(id + 4)) ||
	    strlen(id + 4) > 9) {
		add(c, false, "6.1.11", p.ptr, "invalid cwe id '%s'", id ? id : "");
		goto done;
	}
	for (i = 4; id[i]; i++)
		num = num * 10 + (unsigned long)(id[i] - '0');
	for (i = 0; i < ARRAY_SIZE(cwe_names); i++)
		if (cwe_names[i].id == num)
			break;
	if (i == ARRAY_SIZE(cwe_names))
		add(c, true, "6.1.11", p.ptr, "cwe '%s' is not in vouch's table: name not checked",
		    id);
	else if (!streq(name, cwe_names[i].name))
		add(c, false, "6.1.11", p.ptr, "cwe '%s' is named '%s', not '%s'", id,
		    cwe_names[i].name, name ? name : "");
done:
	buf_release(&p);
}

/* ---- 6.1.12 Language ----------------------------------------------------------------- */

/* ISO 639-1 (two-letter) language codes, the alpha-2 column of ISO 639-2. */
static const char iso639_1[] =
        "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu "
        "cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi "
        "ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks "
        "ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl "
        "nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl "
        "sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve "
        "vi vo wa wo xh yi yo za zh zu";

/* The irregular and regular grandfathered tags of RFC 5646. */
static const char *const grandfathered[] = {
	"en-GB-oed", "i-ami",     "i-bnn",     "i-default",  "i-enochian",  "i-hak",  "i-klingon",
	"i-lux",     "i-mingo",   "i-navajo",  "i-pwn",      "i-tao",       "i-tay",  "i-tsu",
	"sgn-BE-FR", "sgn-BE-NL", "sgn-CH-DE", "art-lojban", "cel-gaulish", "no-bok", "no-nyn",
	"zh-guoyu",  "zh-hakka",  "zh-min",    "zh-min-nan", "zh-xiang",
};

static bool alpha_n(const char *s, size_t n, size_t lo, size_t hi)
{
	if (n < lo || n > hi)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalpha((unsigned char)s[i]))
			return false;
	return true;
}

/* RFC 5646 syntax; a two-letter primary language must be an ISO 639-1 code. */
static bool lang_ok(const char *tag)
{
	const char *s = tag, *e;
	size_t n;
	int state = 0; /* 0 language, 1 extlang/script/region/variant..., 2 after singleton */

	for (size_t i = 0; i < ARRAY_SIZE(grandfathered); i++)
		if (caseeq(tag, grandfathered[i]))
			return true;
	if ((s[0] == 'x' || s[0] == 'X') && s[1] == '-')
		return strlen(s) > 2; /* a private use tag */
	while (*s) {
		e = strchr(s, '-');
		n = e ? (size_t)(e - s) : strlen(s);
		if (!n || n > 8)
			return false;
		for (size_t i = 0; i < n; i++)
			if (!isalnum((unsigned char)s[i]))
				return false;
		if (state == 0) {
			if (!alpha_n(s, n, 2, 8) || n == 4)
				return false;
			if (n == 2) {
				char code[3] = { (char)tolower((unsigned char)s[0]),
					         (char)tolower((unsigned char)s[1]), 0 };
				const char *hit = strstr(iso639_1, code);
				if (!hit || (hit != iso639_1 && hit[-1] != ' ') ||
				    (hit[2] && hit[2] != ' '))
					return false;
			}
			state = 1;
		} else if (n == 1) {
			if (!e)
				return false; /* a singleton needs a subtag after it */
			state = 2;
		}
		s += n + (e ? 1 : 0);
		if (e && !*s)
			return false;
	}
	return state > 0;
}

bool csaf_language_valid(const char *tag)
{
	return lang_ok(tag);
}

static void test_6_1_12(struct ctx *c)
{
	const json_t *d = json_object_get(c->doc, "document");
	static const char *const keys[] = { "lang", "source_lang" };

	for (size_t i = 0; i < 2; i++) {
		const char *l = str(d, keys[i]);
		if (l && !lang_ok(l)) {
			char path[32];
			snprintf(path, sizeof(path), "/document/%s", keys[i]);
			add(c, false, "6.1.12", path, "invalid language '%s'", l);
		}
	}
}

/* 6.1.13 PURL and 6.1.25 Multiple Use of Same Hash Algorithm, per full product name */
static void check_helper(struct ctx *c, const json_t *fpn, const char *path)
{
	const json_t *h = json_object_get(fpn, "product_identification_helper"), *x, *fh;
	const char *purl = str(h, "purl");
	struct buf p = BUF_INIT;
	size_t i, j, k;

	if (purl) {
		struct purl pu = PURL_INIT;
		if (purl_parse(&pu, purl, strlen(purl)) < 0)
			add(c, false, "6.1.13",
			    ptr(&p, 0, "%s/product_identification_helper/purl", path),
			    "invalid purl '%s': %s", purl, err_msg());
		purl_release(&pu);
	}
	json_array_foreach(json_object_get(h, "hashes"), i, x)
	{
		fh = json_object_get(x, "file_hashes");
		for (j = 0; j < json_array_size(fh); j++) {
			const char *a = str(json_array_get(fh, j), "algorithm");
			for (k = 0; a && k < j; k++)
				if (streq(a, str(json_array_get(fh, k), "algorithm"))) {
					add(c, false, "6.1.25",
					    ptr(&p, 0,
					        "%s/product_identification_helper/hashes/%zu/"
					        "file_hashes/%zu",
					        path, i, j),
					    "multiple use of hash algorithm '%s'", a);
					break;
				}
		}
	}
	buf_release(&p);
}

/* 6.1.31 Version Range in Product Version */
static void check_branch(struct ctx *c, const json_t *b, const char *path)
{
	static const char *const words[] = { "after", "all",   "before",  "earlier",
		                             "later", "prior", "version", "versions" };
	const char *name = str(b, "name"), *s;

	if (!streq(str(b, "category"), "product_version") || !name)
		return;
	if (strchr(name, '<') || strchr(name, '>'))
		goto bad;
	for (s = name; *s;) {
		size_t n = 0;
		while (*s && isspace((unsigned char)*s))
			s++;
		while (s[n] && !isspace((unsigned char)s[n]))
			n++;
		for (size_t i = 0; n && i < ARRAY_SIZE(words); i++)
			if (strlen(words[i]) == n && !strncasecmp(s, words[i], n))
				goto bad;
		s += n;
	}
	return;
bad : {
	struct buf p = BUF_INIT;
	add(c, false, "6.1.31", ptr(&p, 0, "%s/name", path),
	    "version range in product version '%s'", name);
	buf_release(&p);
}
}

/* ---- the tracking section: 6.1.14 to 6.1.22, 6.1.30 ---------------------------------- */

struct rev {
	size_t idx;
	int64_t date;
	long nsec; /* the fraction of the second: 6.1.14's cases differ by 100 microseconds */
	bool date_ok;
	struct vnum num;
	const char *number;
};

/* The nanoseconds of an RFC 3339 time-stamp's fraction ("...:00.0001Z" is 100000). */
static long fraction_ns(const char *d)
{
	long ns = 0;
	int digits = 0;

	if (strlen(d) < 20 || d[19] != '.')
		return 0;
	for (d += 20; isdigit((unsigned char)*d); d++)
		if (digits < 9) {
			ns = ns * 10 + (*d - '0');
			digits++;
		}
	while (digits++ < 9)
		ns *= 10;
	return ns;
}

static int rev_by_date(const void *a, const void *b)
{
	const struct rev *x = a, *y = b;

	int r;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->nsec != y->nsec)
		return x->nsec < y->nsec ? -1 : 1;
	/* the same instant: no order between them, so sort those by number */
	r = vnum_cmp(&x->num, &y->num, false);
	return r ? r : (x->idx < y->idx ? -1 : x->idx > y->idx);
}

static int rev_by_number(const void *a, const void *b)
{
	const struct rev *x = a, *y = b;
	int r = vnum_cmp(&x->num, &y->num, false);

	return r ? r : (x->idx < y->idx ? -1 : x->idx > y->idx);
}

static void test_tracking(struct ctx *c)
{
	const json_t *doc = json_object_get(c->doc, "document");
	const json_t *tr = json_object_get(doc, "tracking");
	const json_t *hist = json_object_get(tr, "revision_history");
	const char *status = str(tr, "status"), *version = str(tr, "version");
	bool released = streq(status, "final") || streq(status, "interim");
	struct vnum dv = vnum_parse(version);
	size_t n = json_array_size(hist), i, nints = 0, nsem = 0;
	struct rev *rv = NULL, *sorted = NULL;
	struct buf p = BUF_INIT;
	bool all_ok = true;

	if (version && dv.ok) {
		if (dv.semver)
			nsem++;
		else
			nints++;
		/* 6.1.17 Document Status Draft */
		if ((vnum_is_zero_major(&dv) || dv.pre) && status && !streq(status, "draft"))
			add(c, false, "6.1.17", "/document/tracking/status",
			    "document version '%s' requires status draft, not '%s'", version,
			    status);
		/* 6.1.20 Non-draft Document Version */
		if (released && dv.pre)
			add(c, false, "6.1.20", "/document/tracking/version",
			    "document version '%s' of a %s document has a pre-release part",
			    version, status);
	}
	if (!n)
		goto done;
	rv = xcalloc(n, sizeof(*rv));
	for (i = 0; i < n; i++) {
		const json_t *it = json_array_get(hist, i);
		const char *d = str(it, "date");
		rv[i].idx = i;
		rv[i].number = str(it, "number");
		rv[i].num = vnum_parse(rv[i].number);
		rv[i].date_ok = d && securitytxt_parse_time(&rv[i].date, d, strlen(d)) == 0;
		rv[i].nsec = rv[i].date_ok ? fraction_ns(d) : 0;
		if (!rv[i].num.ok || !rv[i].date_ok)
			all_ok = false;
		if (!rv[i].num.ok)
			continue;
		if (rv[i].num.semver)
			nsem++;
		else
			nints++;
		ptr(&p, 0, "/document/tracking/revision_history/%zu/number", i);
		/* 6.1.18 Released Revision History */
		if (released && vnum_is_zero_major(&rv[i].num))
			add(c, false, "6.1.18", p.ptr,
			    "revision '%s' in the history of a %s document", rv[i].number, status);
		/* 6.1.19 Revision History Entries for Pre-release Versions */
		if (rv[i].num.pre)
			add(c, false, "6.1.19", p.ptr, "revision '%s' has a pre-release part",
			    rv[i].number);
		/* 6.1.22 Multiple Definition in Revision History */
		for (size_t k = 0; k < i; k++)
			if (streq(rv[k].number, rv[i].number)) {
				add(c, false, "6.1.22", p.ptr,
				    "revision '%s' is defined more than once", rv[i].number);
				break;
			}
	}
	/* 6.1.30 Mixed Integer and Semantic Versioning */
	if (nints && nsem)
		add(c, false, "6.1.30", "/document/tracking",
		    "integer and semantic versioning mixed in the version and revision history");
	if (!all_ok || (nints && nsem))
		goto done;

	sorted = xreallocarray(NULL, n, sizeof(*sorted));
	memcpy(sorted, rv, n * sizeof(*rv));
	qsort(sorted, n, sizeof(*sorted), rev_by_date);
	/* 6.1.14 Sorted Revision History */
	for (i = 1; i < n; i++)
		if (vnum_cmp(&sorted[i - 1].num, &sorted[i].num, false) > 0) {
			add(c, false, "6.1.14",
			    ptr(&p, 0, "/document/tracking/revision_history/%zu", sorted[i].idx),
			    "revision history not sorted: '%s' is dated after '%s'",
			    sorted[i - 1].number, sorted[i].number);
			break;
		}
	/* 6.1.16 Latest Document Version: the newest revision, ignoring build (and, in drafts,
	 * pre-release) parts; among revisions of the same date, the highest number */
	if (dv.ok) {
		const struct rev *last = &sorted[n - 1];
		bool draft = streq(status, "draft");
		for (i = n - 1;
		     i-- > 0 && sorted[i].date == last->date && sorted[i].nsec == last->nsec;)
			if (vnum_cmp(&sorted[i].num, &last->num, false) > 0)
				last = &sorted[i];
		if (vnum_cmp(&dv, &last->num, draft) != 0 ||
		    (!draft && (dv.pre != NULL) != (last->num.pre != NULL)))
			add(c, false, "6.1.16", "/document/tracking/version",
			    "document version '%s' is not the latest revision '%s'", version,
			    last->number);
	}
	/* 6.1.21 Missing Item in Revision History: by number, starting at 0 or 1, no gap */
	qsort(sorted, n, sizeof(*sorted), rev_by_number);
	{
		const struct vnum *f = &sorted[0].num;
		if (f->corelen[0] != 1 || (f->core[0][0] != '0' && f->core[0][0] != '1'))
			add(c, false, "6.1.21", "/document/tracking/revision_history",
			    "revision history starts at '%s', not at 0 or 1", sorted[0].number);
		for (i = 1; i < n; i++) {
			const struct vnum *a = &sorted[i - 1].num, *b = &sorted[i].num;
			/* a gap: b's major (or integer) more than one above a's */
			struct buf inc = BUF_INIT;
			int carry = 1;
			buf_add(&inc, a->core[0], a->corelen[0]);
			for (size_t k = inc.len; k-- > 0 && carry;) {
				if (inc.ptr[k] == '9') {
					inc.ptr[k] = '0';
				} else {
					inc.ptr[k]++;
					carry = 0;
				}
			}
			if (carry) {
				struct buf t = BUF_INIT;
				buf_addch(&t, '1');
				buf_add(&t, inc.ptr, inc.len);
				buf_release(&inc);
				inc = t;
			}
			if (numcmp(b->core[0], b->corelen[0], inc.ptr, inc.len) > 0)
				add(c, false, "6.1.21",
				    ptr(&p, 0, "/document/tracking/revision_history/%zu",
				        sorted[i].idx),
				    "missing item in revision history between '%s' and '%s'",
				    sorted[i - 1].number, sorted[i].number);
			buf_release(&inc);
		}
	}
done:
	free(rv);
	free(sorted);
	buf_release(&p);
}

/* ---- document-level tests ---------------------------------------------------------- */

static const char *const profile_categories[] = {
	"csaf_base",
	"csaf_security_incident_response",
	"csaf_informational_advisory",
	"csaf_security_advisory",
	"csaf_vex",
};

/* 6.1.26 Prohibited Document Category Name */
static void test_6_1_26(struct ctx *c, const char *cat)
{
	static const char *const reserved[] = {
		"securityincidentresponse",
		"informationaladvisory",
		"securityadvisory",
		"vex",
		"csafsecurityincidentresponse",
		"csafinformationaladvisory",
		"csafsecurityadvisory",
		"csafvex",
	};
	char norm[256];
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(profile_categories); i++)
		if (streq(cat, profile_categories[i]))
			return;
	if (!strncasecmp(cat, "csaf_", 5)) {
		add(c, false, "6.1.26", "/document/category",
		    "document category '%s' uses the reserved prefix csaf_", cat);
		return;
	}
	for (const char *s = cat; *s && n + 1 < sizeof(norm); s++)
		if (*s != '-' && *s != '_' && !isspace((unsigned char)*s))
			norm[n++] = (char)tolower((unsigned char)*s);
	norm[n] = 0;
	for (size_t i = 0; i < ARRAY_SIZE(reserved); i++)
		if (!strcmp(norm, reserved[i])) {
			add(c, false, "6.1.26", "/document/category",
			    "document category '%s' is the name of a profile", cat);
			return;
		}
}

static bool has_item_category(const json_t *arr, const char *const *cats, size_t ncats)
{
	const json_t *v;
	size_t i;

	json_array_foreach(arr, i, v) for (size_t k = 0; k < ncats;
	                                   k++) if (streq(str(v, "category"), cats[k])) return true;
	return false;
}

static void mark(struct ctx *c, const char *id, void *arg)
{
	(void)c;
	strmap_put(arg, id, 1);
}

struct flagcount {
	struct strmap *seen;
	struct ctx *c;
	const char *path;
};

static void count_flag(struct ctx *c, const char *id, void *arg)
{
	struct flagcount *f = arg;
	unsigned *n = strmap_get(f->seen, id);

	if (n && *n == 1) {
		add(c, false, "6.1.33", f->path, "more than one flag for product id '%s'", id);
		(*n)++;
	} else if (!n) {
		strmap_put(f->seen, id, 1);
	}
}

/* The profile tests 6.1.27.x and the per-vulnerability tests. */
static void test_profiles(struct ctx *c, const char *cat)
{
	static const char *const note_cats[] = { "description", "details", "general", "summary" };
	static const char *const ext[] = { "external" };
	const json_t *doc = json_object_get(c->doc, "document");
	bool info = streq(cat, "csaf_informational_advisory");
	bool incident = streq(cat, "csaf_security_incident_response");
	bool adv = streq(cat, "csaf_security_advisory"), vex = streq(cat, "csaf_vex");
	struct buf p = BUF_INIT;
	const json_t *v, *x;
	size_t i, k;

	if ((info || incident) &&
	    !has_item_category(json_object_get(doc, "notes"), note_cats, ARRAY_SIZE(note_cats)))
		add(c, false, "6.1.27.1", "/document/notes",
		    "a %s document needs a note of category description, details, general or "
		    "summary",
		    cat);
	if ((info || incident) && !has_item_category(json_object_get(doc, "references"), ext, 1))
		add(c, false, "6.1.27.2", "/document/references",
		    "a %s document needs a reference of category external", cat);
	if (info && json_object_get(c->doc, "vulnerabilities"))
		add(c, false, "6.1.27.3", "/vulnerabilities",
		    "a csaf_informational_advisory document has no vulnerabilities");
	if ((adv || vex) && !c->tree)
		add(c, false, "6.1.27.4", "/product_tree", "a %s document needs a product tree",
		    cat);
	if ((adv || vex) && !json_object_get(c->doc, "vulnerabilities"))
		add(c, false, "6.1.27.11", "/vulnerabilities",
		    "a %s document needs vulnerabilities", cat);
	json_array_foreach(c->vulns, i, v)
	{
		const json_t *ps = json_object_get(v, "product_status");
		if ((adv || vex) && !json_object_get(v, "notes"))
			add(c, false, "6.1.27.5", ptr(&p, 0, "/vulnerabilities/%zu", i),
			    "a %s vulnerability needs notes", cat);
		if ((adv || vex) && !ps)
			add(c, false, "6.1.27.6", ptr(&p, 0, "/vulnerabilities/%zu", i),
			    "a %s vulnerability needs a product status", cat);
		if (vex && ps && !json_object_get(ps, "fixed") &&
		    !json_object_get(ps, "known_affected") &&
		    !json_object_get(ps, "known_not_affected") &&
		    !json_object_get(ps, "under_investigation"))
			add(c, false, "6.1.27.7",
			    ptr(&p, 0, "/vulnerabilities/%zu/product_status", i),
			    "a csaf_vex product status needs fixed, known_affected, "
			    "known_not_affected "
			    "or under_investigation");
		if (vex && !json_object_get(v, "cve") && !json_object_get(v, "ids"))
			add(c, false, "6.1.27.8", ptr(&p, 0, "/vulnerabilities/%zu", i),
			    "a csaf_vex vulnerability needs a cve or ids");
		if (vex) {
			struct strmap impact = STRMAP_INIT, action = STRMAP_INIT;
			json_array_foreach(json_object_get(v, "flags"), k, x)
			        each_covered(c, x, mark, &impact);
			json_array_foreach(json_object_get(v, "threats"), k,
			                   x) if (streq(str(x, "category"), "impact"))
			        each_covered(c, x, mark, &impact);
			json_array_foreach(json_object_get(v, "remediations"), k, x)
			        each_covered(c, x, mark, &action);
			json_array_foreach(json_object_get(ps, "known_not_affected"), k,
			                   x) if (json_is_string(x) &&
			                          !strmap_get(&impact, json_string_value(x)))
			        add(c, false, "6.1.27.9",
			            ptr(&p, 0,
			                "/vulnerabilities/%zu/product_status/known_not_affected/"
			                "%zu",
			                i, k),
			            "no impact statement for product id '%s'",
			            json_string_value(x));
			json_array_foreach(json_object_get(ps, "known_affected"), k,
			                   x) if (json_is_string(x) &&
			                          !strmap_get(&action, json_string_value(x)))
			        add(c, false, "6.1.27.10",
			            ptr(&p, 0,
			                "/vulnerabilities/%zu/product_status/known_affected/%zu", i,
			                k),
			            "no action statement for product id '%s'",
			            json_string_value(x));
			strmap_release(&impact);
			strmap_release(&action);
		}
	}
	buf_release(&p);
}

static void test_vulnerabilities(struct ctx *c)
{
	struct strmap cves = STRMAP_INIT;
	struct buf p = BUF_INIT, key = BUF_INIT;
	const json_t *v, *x;
	size_t i, k;

	json_array_foreach(c->vulns, i, v)
	{
		const char *cve = str(v, "cve");
		struct strmap inv = STRMAP_INIT, flagged = STRMAP_INIT;

		/* 6.1.23 Multiple Use of Same CVE */
		if (cve && strmap_get(&cves, cve))
			add(c, false, "6.1.23", ptr(&p, 0, "/vulnerabilities/%zu/cve", i),
			    "cve '%s' used by more than one vulnerability", cve);
		else if (cve)
			strmap_put(&cves, cve, 1);
		test_6_1_6(c, v, i);
		test_scores(c, v, i);
		test_6_1_11(c, v, i);
		/* 6.1.24 Multiple Definition in Involvements: the same party and date */
		json_array_foreach(json_object_get(v, "involvements"), k, x)
		{
			const char *party = str(x, "party"), *date = str(x, "date");
			int64_t t = 0;
			buf_reset(&key);
			if (date && securitytxt_parse_time(&t, date, strlen(date)) == 0)
				buf_addf(&key, "%s\n%" PRId64, party ? party : "", t);
			else
				buf_addf(&key, "%s\n%s", party ? party : "", date ? date : "-");
			if (strmap_get(&inv, key.ptr))
				add(c, false, "6.1.24",
				    ptr(&p, 0, "/vulnerabilities/%zu/involvements/%zu", i, k),
				    "involvement of party '%s' at '%s' defined more than once",
				    party ? party : "", date ? date : "");
			else
				strmap_put(&inv, key.ptr, 1);
		}
		/* 6.1.29 Remediation without Product Reference */
		json_array_foreach(json_object_get(v, "remediations"), k,
		                   x) if (!json_object_get(x, "product_ids") &&
		                          !json_object_get(x, "group_ids"))
		        add(c, false, "6.1.29",
		            ptr(&p, 0, "/vulnerabilities/%zu/remediations/%zu", i, k),
		            "remediation without product_ids or group_ids");
		/* 6.1.32 Flag without Product Reference; 6.1.33 Multiple Flags per Product */
		json_array_foreach(json_object_get(v, "flags"), k, x)
		{
			struct flagcount fc = { &flagged, c, NULL };
			ptr(&p, 0, "/vulnerabilities/%zu/flags/%zu", i, k);
			if (!json_object_get(x, "product_ids") && !json_object_get(x, "group_ids"))
				add(c, false, "6.1.32", p.ptr,
				    "flag without product_ids or group_ids");
			fc.path = p.ptr;
			each_covered(c, x, count_flag, &fc);
		}
		strmap_release(&inv);
		strmap_release(&flagged);
	}
	strmap_release(&cves);
	buf_release(&p);
	buf_release(&key);
}

/* ---- schema (structural) ------------------------------------------------------------- */

static void need(struct ctx *c, const json_t *o, const char *key, json_type t, const char *path)
{
	const json_t *v = json_object_get(o, key);

	if (!v)
		add(c, false, "schema", path, "required member '%s' missing", key);
	else if (json_typeof(v) != t)
		add(c, false, "schema", path, "member '%s' has the wrong type", key);
	else if (t == JSON_STRING && !*json_string_value(v))
		add(c, false, "schema", path, "member '%s' is empty", key);
	else if (t == JSON_ARRAY && !json_array_size(v))
		add(c, false, "schema", path, "member '%s' is an empty array", key);
}

static void test_schema(struct ctx *c)
{
	static const char *const pubcat[] = { "coordinator", "discoverer", "other",
		                              "translator",  "user",       "vendor" };
	const json_t *doc = json_object_get(c->doc, "document");
	const json_t *pub = json_object_get(doc, "publisher");
	const json_t *tr = json_object_get(doc, "tracking");
	const json_t *v;
	struct buf p = BUF_INIT;
	const char *s;
	size_t i;
	bool ok = false;

	if (!json_is_object(c->doc)) {
		add(c, false, "schema", "", "a CSAF document is a JSON object");
		return;
	}
	need(c, c->doc, "document", JSON_OBJECT, "");
	if (!json_is_object(doc))
		return;
	need(c, doc, "category", JSON_STRING, "/document");
	need(c, doc, "csaf_version", JSON_STRING, "/document");
	if ((s = str(doc, "csaf_version")) && !streq(s, "2.0"))
		add(c, false, "schema", "/document/csaf_version", "csaf_version '%s' is not 2.0",
		    s);
	need(c, doc, "publisher", JSON_OBJECT, "/document");
	need(c, doc, "title", JSON_STRING, "/document");
	need(c, doc, "tracking", JSON_OBJECT, "/document");
	if (json_is_object(pub)) {
		need(c, pub, "category", JSON_STRING, "/document/publisher");
		need(c, pub, "name", JSON_STRING, "/document/publisher");
		need(c, pub, "namespace", JSON_STRING, "/document/publisher");
		for (i = 0; (s = str(pub, "category")) && i < ARRAY_SIZE(pubcat); i++)
			ok |= streq(s, pubcat[i]);
		if (s && !ok)
			add(c, false, "schema", "/document/publisher/category",
			    "publisher category '%s' is not one of the schema's", s);
	}
	if (json_is_object(tr)) {
		need(c, tr, "current_release_date", JSON_STRING, "/document/tracking");
		need(c, tr, "id", JSON_STRING, "/document/tracking");
		need(c, tr, "initial_release_date", JSON_STRING, "/document/tracking");
		need(c, tr, "revision_history", JSON_ARRAY, "/document/tracking");
		need(c, tr, "status", JSON_STRING, "/document/tracking");
		need(c, tr, "version", JSON_STRING, "/document/tracking");
		if ((s = str(tr, "status")) && !streq(s, "draft") && !streq(s, "final") &&
		    !streq(s, "interim"))
			add(c, false, "schema", "/document/tracking/status",
			    "status '%s' is not draft, final or interim", s);
		if ((s = str(tr, "version")) && !vnum_parse(s).ok)
			add(c, false, "schema", "/document/tracking/version",
			    "version '%s' is neither an integer nor a semantic version", s);
		json_array_foreach(json_object_get(tr, "revision_history"), i, v)
		{
			int64_t t;
			ptr(&p, 0, "/document/tracking/revision_history/%zu", i);
			need(c, v, "date", JSON_STRING, p.ptr);
			need(c, v, "number", JSON_STRING, p.ptr);
			need(c, v, "summary", JSON_STRING, p.ptr);
			if ((s = str(v, "date")) && securitytxt_parse_time(&t, s, strlen(s)) < 0)
				add(c, false, "schema", p.ptr,
				    "date '%s' is not an RFC 3339 date-time", s);
			if ((s = str(v, "number")) && !vnum_parse(s).ok)
				add(c, false, "schema", p.ptr,
				    "number '%s' is neither an integer nor a semantic version", s);
		}
		for (i = 0; i < 2; i++) {
			const char *k = i ? "current_release_date" : "initial_release_date";
			int64_t t;
			if ((s = str(tr, k)) && securitytxt_parse_time(&t, s, strlen(s)) < 0)
				add(c, false, "schema", "/document/tracking",
				    "%s '%s' is not an RFC 3339 date-time", k, s);
		}
	}
	if (json_object_get(c->doc, "product_tree") && !json_is_object(c->tree))
		add(c, false, "schema", "/product_tree", "product_tree is not an object");
	if (json_object_get(c->doc, "vulnerabilities") &&
	    (!json_is_array(c->vulns) || !json_array_size(c->vulns)))
		add(c, false, "schema", "/vulnerabilities",
		    "vulnerabilities is not a non-empty array");
	buf_release(&p);
}

/* ---- entry points ---------------------------------------------------------------------- */

int csaf_check(struct csaf_report *out, const json_t *doc)
{
	struct ctx c = { out, doc, NULL, NULL, STRMAP_INIT, STRMAP_INIT };
	const json_t *d = json_object_get(doc, "document");
	const char *cat = str(d, "category");

	c.tree = json_object_get(doc, "product_tree");
	if (!json_is_object(c.tree))
		c.tree = NULL;
	c.vulns = json_object_get(doc, "vulnerabilities");
	test_schema(&c);
	if (!json_is_object(doc))
		goto done;
	each_product(&c, define_product, check_branch);
	each_product_ref(&c, check_product_ref);
	test_6_1_3(&c);
	define_groups(&c);
	test_6_1_4(&c);
	test_6_1_12(&c);
	each_product(&c, check_helper, NULL);
	test_tracking(&c);
	/* 6.1.15 Translator */
	if (streq(str(json_object_get(d, "publisher"), "category"), "translator") &&
	    !str(d, "source_lang"))
		add(&c, false, "6.1.15", "/document/source_lang",
		    "a translator's document needs source_lang");
	/* 6.1.28 Translation */
	if (str(d, "lang") && str(d, "source_lang") &&
	    caseeq(str(d, "lang"), str(d, "source_lang")))
		add(&c, false, "6.1.28", "/document/source_lang",
		    "source_lang '%s' is the same as lang", str(d, "source_lang"));
	if (cat) {
		test_6_1_26(&c, cat);
		test_profiles(&c, cat);
	}
	test_vulnerabilities(&c);
done:
	strmap_release(&c.products);
	strmap_release(&c.groups);
	return 0;
}

bool csaf_report_fails(const struct csaf_report *r, const char *test)
{
	for (size_t i = 0; i < r->n; i++)
		if (!r->v[i].warning && streq(r->v[i].test, test))
			return true;
	return false;
}

void csaf_report_release(struct csaf_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].test);
		free(r->v[i].path);
		free(r->v[i].msg);
	}
	free(r->v);
	*r = (struct csaf_report)CSAF_REPORT_INIT;
}
