/*
 * engine.c: runs the collectors, then applies the role and the declared
 * claims under the precedence of docs/internals/assess.md: an observation is
 * never overridden by a declaration.
 */
#include "util/compat.h"
#include "core/assess/assess.h"
#include "core/assess/collect.h"
#include "core/vulndb/db.h"
#include "util/alloc.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/json.h"

#include <sys/stat.h>

static const char *const status_names[] = { "unknown", "met", "not_met", "not_applicable" };

const char *assess_status_name(enum assess_status s)
{
	return status_names[s];
}

const char *assess_basis_name(enum assess_basis b)
{
	static const char *const names[] = { "none", "observed", "declared", "role" };

	return (unsigned)b < sizeof(names) / sizeof(names[0]) ? names[b] : "none";
}

const char *assess_gap_kind_name(enum assess_gap_kind k)
{
	return k == GAP_ENGINEERING ? "engineering" : k == GAP_GOVERNANCE ? "governance" : "none";
}

int assess_status_parse(enum assess_status *out, const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(status_names); i++)
		if (!strcmp(s, status_names[i])) {
			*out = (enum assess_status)i;
			return 0;
		}
	return ERR_PARSE;
}

/* ---- declared claims, roles, principles ---- */

static bool applicable(const struct assess_config *c, const char *id, struct buf *why)
{
	int theme = cop_theme_of(id);

	if (c->role == ROLE_RESELLER && theme <= 2) {
		buf_addf(why,
		         "A reseller is in scope of themes 3 and 4 only (role in vouch.toml).");
		return false;
	}
	if (c->role == ROLE_DEVELOPER && theme == 4) {
		buf_addf(why, "A developer that does not distribute is in scope of themes 1 and 2, "
		              "and theme 3 where declared (role in vouch.toml).");
		return false;
	}
	if (c->role == ROLE_DEVELOPER && theme == 3 && !c->theme3[id[2] - '0']) {
		buf_addf(why,
		         "Principle %.3s is not listed in [organisation] theme3_in_scope for this "
		         "developer.",
		         id);
		return false;
	}
	return true;
}

static void problem(struct buf *b, const char *fmt, ...) VOUCH_PRINTF(2, 3);
static void problem(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	if (b->len)
		buf_adds(b, "; ");
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

/*
 * A declared evidence file must be a non-empty regular file inside the
 * product folder (after symlinks are followed) and not vouch.toml itself.
 * Adds it to r when it is; else describes why not in problems.
 */
static bool declared_evidence(struct assess_ctx *x, struct assess_result *r, const char *written,
                              struct buf *problems)
{
	const struct assess_config *c = x->cfg;
	char *p = written[0] == '/' ? xstrdup(written) : ac_join(c->base, written);
	char *rel = NULL, *real = NULL, *self = NULL;
	struct stat st;
	bool ok = false;

	if (stat(p, &st) < 0) {
		problem(problems, "the evidence file '%s' is missing", written);
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		problem(problems, "the evidence '%s' is not a regular file", written);
		goto done;
	}
	if (!st.st_size) {
		problem(problems, "the evidence file '%s' is empty", written);
		goto done;
	}
	if (!(rel = ac_relative(x->product_real, p))) {
		problem(problems, "the evidence file '%s' lies outside the product folder",
		        written);
		goto done;
	}
	real = realpath(p, NULL);
	self = c->file ? realpath(c->file, NULL) : NULL;
	if (real && self && !strcmp(real, self)) {
		problem(problems, "vouch.toml is not evidence of itself");
		goto done;
	}
	ok = ac_evidence(x, r, p, "declared");
done:
	free(p);
	free(rel);
	free(real);
	free(self);
	return ok;
}

static void accepted(struct assessment *a, struct assess_result *r, const struct assess_declared *d)
{
	const struct assess_acceptance *acc = d->acceptance;
	char ed[16];

	if (!acc)
		return;
	assess_date_text(ed, acc->expires);
	r->acceptance = acc;
	if (acc->expires < a->now / 86400) {
		buf_addf(&r->argument,
		         " The risk was accepted by %s until %s, and that acceptance "
		         "has expired.",
		         acc->owner, ed);
		if (r->gap.len)
			buf_adds(&r->gap, " ");
		buf_addf(&r->gap, "Renew or withdraw the expired risk acceptance (it ended %s).",
		         ed);
		r->gap_kind = GAP_GOVERNANCE;
	} else {
		buf_addf(&r->argument, " Risk accepted by %s until %s: %s", acc->owner, ed,
		         acc->reason);
	}
}

static void combine_declared(struct assess_ctx *x, struct assess_result *r,
                             const struct assess_declared *d)
{
	struct assessment *a = x->a;
	int64_t today = a->now / 86400;
	/* decided by a check vouch ran (on observed data, or on dates typed into vouch.toml) */
	bool observed = r->source && r->status != ST_UNKNOWN;
	struct buf problems = BUF_INIT;
	size_t good = 0;
	char rd[16];

	r->declared = true;
	r->owner = d->owner;
	r->due = d->due;
	for (size_t i = 0; i < d->nevidence; i++)
		good += declared_evidence(x, r, d->evidence[i], &problems);
	if (d->reviewed < 0)
		problem(&problems, "no reviewed date is recorded");
	else if (today - d->reviewed > ASSESS_REVIEW_MAX_DAYS) {
		assess_date_text(rd, d->reviewed);
		problem(&problems, "the declaration was last reviewed on %s, more than a year ago",
		        rd);
	}
	if ((d->status == ST_MET || d->status == ST_NA) && !good)
		problem(&problems, "no usable evidence file is attached");

	if (observed) {
		/* what vouch observed stands; the declaration is shown beside it */
		r->source = "automated+declared";
		if (r->status == ST_NOT_MET && d->status != ST_NOT_MET)
			buf_addf(&r->argument,
			         " Declared %s by %s (\"%s\"), but a declaration does not override "
			         "what vouch observed.",
			         assess_status_name(d->status), d->owner,
			         d->argument ? d->argument : "");
		else if (d->argument)
			buf_addf(&r->argument, " Declared: %s", d->argument);
		if (r->status == ST_NOT_MET)
			accepted(a, r, d);
		goto done;
	}
	/* nothing observed: the declaration decides, if it stands up */
	if (r->argument.len)
		buf_adds(&r->argument, " ");
	buf_adds(&r->argument, d->argument ? d->argument : "(no argument given)");
	buf_addf(&r->argument, " (owner: %s)", d->owner);
	r->source = r->source ? "automated+declared" : "declared";
	r->basis = BASIS_DECLARED;
	buf_reset(&r->gap);
	r->gap_kind = GAP_NONE;
	r->status = d->status;
	if (d->status == ST_MET && problems.len) {
		r->status = ST_NOT_MET;
		ac_gap(r, "Declared met, but %s. Attach current evidence and review the claim.",
		       problems.ptr);
	} else if (d->status == ST_NA && problems.len) {
		r->status = ST_UNKNOWN;
		ac_gap(r,
		       "Declared not applicable, but %s. Attach the evidence for the reason and "
		       "review the claim.",
		       problems.ptr);
	} else if (d->status == ST_NOT_MET) {
		ac_gap(r,
		       "Declared not met: record what will close it, who owns it and when (due).");
		accepted(a, r, d);
	} else if (d->status == ST_UNKNOWN) {
		ac_gap(r, "Declared unknown: gather the evidence and declare the outcome.");
	} else if (problems.len) {
		ac_gap(r, "%s.", problems.ptr);
	}
	if (r->gap.len)
		r->gap_kind = GAP_GOVERNANCE;
done:
	buf_release(&problems);
}

static void derive_principles(struct assessment *a)
{
	const struct cop_principle *ps = cop_principles();

	for (size_t i = 0; i < COP_NPRINCIPLES; i++) {
		size_t n = 0, met = 0, na = 0, notmet = 0;

		for (size_t k = 0; k < COP_NCLAIMS; k++) {
			const struct assess_result *r = &a->claims[k];

			if (strcmp(r->claim->principle, ps[i].id))
				continue;
			n++;
			met += r->status == ST_MET;
			na += r->status == ST_NA;
			notmet += r->status == ST_NOT_MET;
		}
		a->principles[i].principle = &ps[i];
		a->principles[i].status = na == n         ? ST_NA
		                          : met + na == n ? ST_MET
		                          : notmet        ? ST_NOT_MET
		                                          : ST_UNKNOWN;
	}
}

/* The claims nothing observed or declared, and those the role puts out of scope. */
static void settle(struct assess_result *r, const struct assess_config *cfg)
{
	struct buf why = BUF_INIT;

	if (!applicable(cfg, r->claim->id, &why)) {
		r->status = ST_NA;
		r->source = "role";
		r->basis = BASIS_ROLE;
		r->gap_kind = GAP_NONE;
		r->acceptance = NULL;
		buf_reset(&r->argument);
		buf_reset(&r->gap);
		buf_adds(&r->argument, why.ptr);
	} else if (!r->source) {
		r->status = ST_UNKNOWN;
		r->source = "none";
		r->basis = BASIS_NONE;
		if (r->argument.len) /* after what collectors noted */
			buf_adds(&r->argument, " ");
		buf_adds(
		        &r->argument,
		        r->claim->cls == COP_DECLARED
		                ? "No evidence: this claim rests on a declaration, and none is "
		                  "made."
		                : "No evidence: no source vouch reads decides this claim here, and "
		                  "no declaration is made.");
		ac_gap(r,
		       "Declare it in vouch.toml as a [[claim]] with an argument, evidence files "
		       "(%s), an owner and a reviewed date.",
		       r->claim->evidence);
		r->gap_kind = GAP_GOVERNANCE;
	}
	if (r->status == ST_MET || r->status == ST_NA) {
		buf_reset(&r->gap);
		r->gap_kind = GAP_NONE;
	}
	buf_release(&why);
}

/* Removes every "prefix/" from b: paths inside the product folder become relative. */
static void scrub(struct buf *b, const char *prefix)
{
	struct buf o = BUF_INIT;
	size_t n = prefix ? strlen(prefix) : 0;
	const char *p, *hit;
	bool changed = false;

	if (!n || prefix[0] != '/' || !b->len)
		return;
	for (p = b->ptr; (hit = strstr(p, prefix));) {
		bool cut = hit[n] == '/';

		buf_add(&o, p, (size_t)(hit - p) + (cut ? 0 : n));
		p = hit + n + cut;
		changed |= cut;
	}
	if (!changed) {
		buf_release(&o);
		return;
	}
	buf_adds(&o, p);
	buf_reset(b);
	buf_add(b, o.ptr, o.len);
	buf_release(&o);
}

int assess_run(struct assessment *out, const struct assess_config *cfg,
               const struct assess_opts *opts)
{
	const struct cop_claim *cl = cop_claims();
	struct assess_ctx x;
	struct buf dflt = BUF_INIT;

	memset(&x, 0, sizeof(x));
	x.a = out;
	x.cfg = cfg;
	x.product = cfg->nproducts ? cfg->products[0].path : ".";
	x.product_real = realpath(x.product, NULL);
	x.dbpath = opts->db ? opts->db : cfg->db;
	x.fixed_time = opts->fixed_time;
	out->cfg = cfg;
	out->now = opts->now;
	epoch_rfc3339(out->generated, opts->now);
	buf_init(&out->warnings, BUF_MAX_DEFAULT);
	for (size_t i = 0; i < COP_NCLAIMS; i++) {
		out->claims[i].claim = &cl[i];
		out->claims[i].due = -1;
		buf_init(&out->claims[i].argument, BUF_MAX_DEFAULT);
		buf_init(&out->claims[i].gap, BUF_MAX_DEFAULT);
	}
	if (!x.dbpath && vulndb_default_path(&dflt) == 0 && fs_exists(dflt.ptr))
		x.dbpath = dflt.ptr;
	for (const struct assess_collector *const *c = assess_collectors; *c; c++)
		(*c)->run(&x);
	for (size_t i = 0; i < cfg->nclaims; i++)
		combine_declared(&x, ac_res(out, cfg->claims[i].id), &cfg->claims[i]);
	for (size_t i = 0; i < COP_NCLAIMS; i++)
		settle(&out->claims[i], cfg);
	for (size_t i = 0; i < x.inv.npkgs; i++)
		if (!(x.inv.pkgs[i]->flags & (PKG_ROOT | PKG_LOCAL))) {
			out->components = xreallocarray(out->components, out->ncomponents + 1,
			                                sizeof(*out->components));
			out->components[out->ncomponents++] = xstrdup(x.inv.pkgs[i]->purl);
		}
	/* no absolute path of the vendor's machine in any report (warnings quote err_msg()) */
	for (size_t i = 0; i < COP_NCLAIMS; i++)
		for (int k = 0; k < 2; k++) {
			scrub(&out->claims[i].argument, k ? x.product : x.product_real);
			scrub(&out->claims[i].gap, k ? x.product : x.product_real);
		}
	scrub(&out->warnings, x.product_real);
	scrub(&out->warnings, x.product);
	derive_principles(out);
	inventory_release(&x.inv);
	for (size_t i = 0; i < x.nshown; i++)
		free(x.shown[i]);
	free(x.shown);
	free(x.product_real);
	buf_release(&dflt);
	return 0;
}

/* The length of a purl without its version, qualifiers and subpath. */
static size_t purl_base(const char *purl)
{
	const char *slash = strrchr(purl, '/'), *at = strchr(slash ? slash : purl, '@');

	return at ? (size_t)(at - purl) : strcspn(purl, "?#");
}

static bool in_list(json_t *list, const char *purl, size_t n, bool whole)
{
	for (size_t i = 0; i < json_array_size(list); i++) {
		const char *p = vjson_strval(json_array_get(list, i));

		if (p && (whole ? !strcmp(p, purl) : purl_base(p) == n && !strncmp(p, purl, n)))
			return true;
	}
	return false;
}

/*
 * 1.2.3 and 1.2.4 from the history under .vouch/: the components added since
 * the last saved assessment (new ones: 1.2.3, new versions of known ones:
 * 1.2.4) are listed for review beside whatever decides the claims.
 */
static void components_since(struct assessment *a, json_t *prev)
{
	struct assess_result *first = ac_res(a, "1.2.3"), *upd = ac_res(a, "1.2.4");
	struct buf added = BUF_INIT, updated = BUF_INIT;
	size_t nadded = 0, nupdated = 0;
	char when[16] = "";

	if (!json_is_array(prev))
		return;
	snprintf(when, sizeof(when), "%.10s", a->previous_time ? a->previous_time : "");
	for (size_t i = 0; i < a->ncomponents; i++) {
		const char *p = a->components[i];
		size_t n = purl_base(p);

		if (in_list(prev, p, n, true))
			continue;
		if (in_list(prev, p, n, false)) {
			if (nupdated++ < ASSESS_MAX_LIST)
				buf_addf(&updated, "%s%s", updated.len ? ", " : "", p);
		} else if (nadded++ < ASSESS_MAX_LIST)
			buf_addf(&added, "%s%s", added.len ? ", " : "", p);
	}
	buf_addf(&first->argument,
	         " Since the last assessment (%s), %zu new component(s) were added%s%s%s.", when,
	         nadded, nadded ? ", for review (each must be tested before first use): " : "",
	         added.len ? added.ptr : "", nadded > ASSESS_MAX_LIST ? " and more" : "");
	buf_addf(&upd->argument,
	         " Since the last assessment (%s), %zu component(s) changed version%s%s%s.", when,
	         nupdated, nupdated ? ", for review (each update must be tested): " : "",
	         updated.len ? updated.ptr : "", nupdated > ASSESS_MAX_LIST ? " and more" : "");
	buf_release(&added);
	buf_release(&updated);
}

int assess_compare(struct assessment *a, const char *previous_json)
{
	json_t *doc = NULL, *ps;
	size_t i, k;
	int r;

	if ((r = vjson_load_file(&doc, previous_json, 0)) < 0)
		return r;
	ps = json_object_get(doc, "principles");
	{
		/* under the product folder: no absolute path of the vendor's machine */
		const char *in = strstr(previous_json, ".vouch/assessments/");

		a->previous_file = xstrdup(in ? in : previous_json);
	}
	if (vjson_str(doc, "generated"))
		a->previous_time = xstrdup(vjson_str(doc, "generated"));
	for (i = 0; i < json_array_size(ps); i++) {
		json_t *cs = json_object_get(json_array_get(ps, i), "claims");

		for (k = 0; k < json_array_size(cs); k++) {
			json_t *c = json_array_get(cs, k);
			const char *id = vjson_str(c, "id"), *st = vjson_str(c, "status");
			enum assess_status s;
			struct assess_result *rr = id ? ac_res(a, id) : NULL;

			if (rr && st && assess_status_parse(&s, st) == 0)
				rr->previous = assess_status_name(s);
		}
	}
	components_since(a, json_object_get(doc, "components"));
	json_decref(doc);
	return 0;
}

void assess_counts(const struct assessment *a, size_t out[4])
{
	memset(out, 0, 4 * sizeof(*out));
	for (size_t i = 0; i < COP_NCLAIMS; i++)
		out[a->claims[i].status]++;
}

void assessment_release(struct assessment *a)
{
	for (size_t i = 0; i < COP_NCLAIMS; i++) {
		struct assess_result *r = &a->claims[i];

		for (size_t k = 0; k < r->nevidence; k++) {
			free(r->evidence[k].path);
			free(r->evidence[k].uri);
		}
		free(r->evidence);
		buf_release(&r->argument);
		buf_release(&r->gap);
	}
	buf_release(&a->warnings);
	for (size_t i = 0; i < a->ncomponents; i++)
		free(a->components[i]);
	free(a->components);
	free(a->previous_file);
	free(a->previous_time);
	free(a->release_notice);
	memset(a, 0, sizeof(*a));
}
