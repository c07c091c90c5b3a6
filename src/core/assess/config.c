/*
 * config.c: reading vouch.toml (docs/cmd/assess.md has the full format).
 */
#include "util/compat.h"
#include "core/assess/assess.h"
#include "core/assess/collect.h"
#include "core/formats/purl.h"
#include "core/formats/sarif_read.h"
#include "core/harden/harden.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/toml.h"

int64_t assess_days(int y, int m, int d)
{
	/* days from civil, proleptic Gregorian */
	int64_t yy = y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void assess_date_text(char out[16], int64_t z)
{
	int64_t era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	snprintf(out, 16, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

const char *assess_role_name(enum assess_role r)
{
	return r == ROLE_RESELLER    ? "reseller"
	       : r == ROLE_DEVELOPER ? "developer"
	                             : "developer-distributor";
}

static char *resolve(const char *base, const char *p)
{
	struct buf b = BUF_INIT;

	if (p[0] == '/' || !base || !strcmp(base, "."))
		return xstrdup(p);
	if (!strcmp(p, "."))
		return xstrdup(base);
	buf_addf(&b, "%s/%s", base, p);
	return buf_detach(&b, NULL);
}

static char *opt_str(const struct toml_value *t, const char *key, int *r)
{
	const struct toml_value *v = toml_get(t, key);
	const char *s;

	if (!v || *r < 0)
		return NULL;
	if ((*r = toml_as_string(&s, v, key)) < 0)
		return NULL;
	return xstrdup(s);
}

static char *opt_path(const struct toml_value *t, const char *key, const char *base, int *r)
{
	char *s = opt_str(t, key, r), *p;

	if (!s)
		return NULL;
	p = resolve(base, s);
	free(s);
	return p;
}

static int64_t opt_date(const struct toml_value *t, const char *key, int *r)
{
	const struct toml_value *v = toml_get(t, key);
	const struct toml_datetime *dt;

	if (!v || *r < 0)
		return -1;
	if ((*r = toml_as_datetime(&dt, v, key, TOML_KIND_BIT(TOML_DATE_LOCAL))) < 0)
		return -1;
	return assess_days(dt->year, dt->month, dt->day);
}

/* An array of strings; each resolved against base when base is non-NULL. */
static int str_array(char ***out, size_t *n, const struct toml_value *t, const char *key,
                     const char *base)
{
	const struct toml_value *a = toml_get(t, key), *arr;
	int r;

	if (!a)
		return 0;
	if ((r = toml_as_array(&arr, a, key)) < 0)
		return r;
	for (size_t i = 0; i < toml_array_len(arr); i++) {
		const char *s;
		char what[64];

		snprintf(what, sizeof(what), "%s[%zu]", key, i);
		if ((r = toml_as_string(&s, toml_array_at(arr, i), what)) < 0)
			return r;
		*out = xreallocarray(*out, *n + 1, sizeof(**out));
		(*out)[(*n)++] = base ? resolve(base, s) : xstrdup(s);
	}
	return 0;
}

/* [evidence] sarif (a list of paths or patterns) and sarif_level (error, warning or note) */
static int read_sarif_keys(struct assess_config *out, const struct toml_value *t)
{
	const struct toml_value *v = toml_get(t, "sarif_level");
	const char *s;
	int r;

	if ((r = str_array(&out->sarif, &out->nsarif, t, "sarif", out->base)) < 0)
		return r;
	if (!v)
		return 0;
	if ((r = toml_as_string(&s, v, "sarif_level")) < 0)
		return r;
	out->sarif_level = sarif_level_parse(s);
	if (out->sarif_level < SARIF_NOTE)
		return err_set(ERR_PARSE,
		               "%s:%u: sarif_level must be \"error\", \"warning\" or \"note\"",
		               v->name, v->line);
	return 0;
}

static int read_org(struct assess_config *c, const struct toml_value *doc)
{
	static const char *const known[] = { "name", "role", "theme3_in_scope", NULL };
	const struct toml_value *org = toml_get(doc, "organisation"), *v;
	int r = 0;

	if (!org)
		return 0;
	if ((r = toml_as_table(&org, org, "organisation")) < 0 ||
	    (r = toml_check_keys(org, known, "[organisation]")) < 0)
		return r;
	c->org_name = opt_str(org, "name", &r);
	if ((v = toml_get(org, "role"))) {
		const char *s;

		if ((r = toml_as_string(&s, v, "role")) < 0)
			return r;
		if (!strcmp(s, "developer-distributor"))
			c->role = ROLE_DEV_DIST;
		else if (!strcmp(s, "reseller"))
			c->role = ROLE_RESELLER;
		else if (!strcmp(s, "developer"))
			c->role = ROLE_DEVELOPER;
		else
			return err_set(
			        ERR_PARSE,
			        "%s:%u: role '%s' must be developer-distributor, reseller or "
			        "developer",
			        v->name, v->line, s);
	}
	if ((v = toml_get(org, "theme3_in_scope"))) {
		char **list = NULL;
		size_t n = 0;

		r = str_array(&list, &n, org, "theme3_in_scope", NULL);
		for (size_t i = 0; i < n; i++) {
			if (r >= 0 && (strlen(list[i]) != 3 || strncmp(list[i], "3.", 2) ||
			               list[i][2] < '1' || list[i][2] > '5'))
				r = err_set(ERR_PARSE,
				            "%s:%u: theme3_in_scope: '%s' is not a principle 3.1 "
				            "to 3.5",
				            v->name, v->line, list[i]);
			else if (r >= 0)
				c->theme3[list[i][2] - '0'] = true;
			free(list[i]);
		}
		free(list);
	}
	return r;
}

/* vouch lifecycle: eoas (a date), lts (true, false or the date it became LTS), latest. */
static int read_cycle_fields(struct assess_release *re, const struct toml_value *t)
{
	const struct toml_value *v;
	int r = 0;

	re->eoas = opt_date(t, "eoas", &r);
	re->lts_from = -1;
	re->latest = opt_str(t, "latest", &r);
	if (r < 0 || !(v = toml_get(t, "lts")))
		return r;
	if (v->kind == TOML_BOOLEAN)
		return toml_as_bool(&re->lts, v, "lts");
	re->lts_from = opt_date(t, "lts", &r);
	re->lts = r >= 0;
	if (r < 0)
		r = err_set(ERR_PARSE, "%s:%u: 'lts' must be true, false or the date it began",
		            v->name, v->line);
	return r;
}

/* [lifecycle] and [incident]: the settings of vouch lifecycle and vouch incident. */
static int read_lifecycle(struct assess_config *c, const struct toml_value *doc)
{
	static const char *const lknown[] = { "warn_days", "notices", "page_url",
		                              "feed_url",  "output",  NULL };
	static const char *const iknown[] = { "notify_within_hours", "dir", NULL };
	const struct toml_value *t, *v;
	int r = 0;

	if ((t = toml_get(doc, "lifecycle"))) {
		if ((r = toml_as_table(&t, t, "lifecycle")) < 0 ||
		    (r = toml_check_keys(t, lknown, "[lifecycle]")) < 0)
			return r;
		c->notices_dir = opt_path(t, "notices", c->base, &r);
		c->lifecycle_url = opt_str(t, "page_url", &r);
		c->feed_url = opt_str(t, "feed_url", &r);
		c->lifecycle_output = opt_path(t, "output", c->base, &r);
		if (r >= 0 && (v = toml_get(t, "warn_days")) &&
		    ((r = toml_as_int(&c->warn_days, v, "warn_days")) < 0 || c->warn_days < 0 ||
		     c->warn_days > 3650) &&
		    r >= 0)
			r = err_set(ERR_PARSE,
			            "%s:%u: warn_days must be a number of days from 0 to 3650",
			            v->name, v->line);
		if (r < 0)
			return r;
	}
	if ((t = toml_get(doc, "incident"))) {
		if ((r = toml_as_table(&t, t, "incident")) < 0 ||
		    (r = toml_check_keys(t, iknown, "[incident]")) < 0)
			return r;
		c->incidents_dir = opt_path(t, "dir", c->base, &r);
		if (r >= 0 && (v = toml_get(t, "notify_within_hours")) &&
		    ((r = toml_as_int(&c->notify_within_hours, v, "notify_within_hours")) < 0 ||
		     c->notify_within_hours < 1 || c->notify_within_hours > 8760) &&
		    r >= 0)
			r = err_set(
			        ERR_PARSE,
			        "%s:%u: notify_within_hours must be a number of hours from 1 to "
			        "8760",
			        v->name, v->line);
	}
	return r;
}

static int read_products(struct assess_config *c, const struct toml_value *doc)
{
	static const char *const pknown[] = { "name", "path", "version", "release", NULL };
	static const char *const rknown[] = { "version",
		                              "released",
		                              "end_of_support",
		                              "notice_published",
		                              "notice_url",
		                              "eoas",
		                              "lts",
		                              "latest",
		                              NULL };
	const struct toml_value *arr = toml_get(doc, "product");
	int r = 0;

	if (!arr)
		return 0;
	if ((r = toml_as_array(&arr, arr, "product")) < 0)
		return r;
	c->products = xcalloc(toml_array_len(arr) + 1, sizeof(*c->products));
	for (size_t i = 0; i < toml_array_len(arr) && r >= 0; i++) {
		const struct toml_value *p, *rel;
		struct assess_product *pr = &c->products[c->nproducts++];
		char *path;

		if ((r = toml_as_table(&p, toml_array_at(arr, i), "product")) < 0 ||
		    (r = toml_check_keys(p, pknown, "[[product]]")) < 0)
			return r;
		pr->name = opt_str(p, "name", &r);
		pr->version = opt_str(p, "version", &r);
		path = opt_str(p, "path", &r);
		pr->path = resolve(c->base, path ? path : ".");
		free(path);
		if (r >= 0 && !pr->name)
			return err_set(ERR_PARSE, "%s:%u: [[product]] needs a name", p->name,
			               p->line);
		if (!(rel = toml_get(p, "release")))
			continue;
		if ((r = toml_as_array(&rel, rel, "release")) < 0)
			return r;
		pr->releases = xcalloc(toml_array_len(rel) + 1, sizeof(*pr->releases));
		for (size_t k = 0; k < toml_array_len(rel) && r >= 0; k++) {
			const struct toml_value *t;
			struct assess_release *re = &pr->releases[pr->nreleases++];

			if ((r = toml_as_table(&t, toml_array_at(rel, k), "release")) < 0 ||
			    (r = toml_check_keys(t, rknown, "[[product.release]]")) < 0)
				return r;
			re->line = t->line;
			re->version = opt_str(t, "version", &r);
			re->released = opt_date(t, "released", &r);
			re->end_of_support = opt_date(t, "end_of_support", &r);
			re->notice_published = opt_date(t, "notice_published", &r);
			re->notice_url = opt_str(t, "notice_url", &r);
			if (r >= 0)
				r = read_cycle_fields(re, t);
			if (r >= 0 && !re->version)
				return err_set(ERR_PARSE,
				               "%s:%u: [[product.release]] needs a version",
				               t->name, t->line);
		}
	}
	return r;
}

/* [claim.risk_accepted]: reason, owner and expires, all required. */
static int read_acceptance(struct assess_declared *d, const struct toml_value *claim, int64_t today)
{
	static const char *const known[] = { "reason", "owner", "expires", NULL };
	const struct toml_value *t = toml_get(claim, "risk_accepted");
	struct assess_acceptance *acc;
	int r = 0;

	if (!t)
		return 0;
	if ((r = toml_as_table(&t, t, "risk_accepted")) < 0 ||
	    (r = toml_check_keys(t, known, "[claim.risk_accepted]")) < 0)
		return r;
	acc = d->acceptance = xcalloc(1, sizeof(*acc));
	acc->reason = opt_str(t, "reason", &r);
	acc->owner = opt_str(t, "owner", &r);
	acc->expires = opt_date(t, "expires", &r);
	acc->expired = acc->expires >= 0 && acc->expires < today;
	if (r >= 0 &&
	    (!acc->reason || !acc->reason[0] || !acc->owner || !acc->owner[0] || acc->expires < 0))
		r = err_set(ERR_PARSE,
		            "%s:%u: claim %s: risk_accepted needs a reason, an owner and an "
		            "expires date",
		            t->name, t->line, d->id);
	if (r >= 0 && d->status != ST_NOT_MET)
		r = err_set(ERR_PARSE,
		            "%s:%u: claim %s: a risk is accepted only on a claim that is not met "
		            "(status = \"not_met\" or no status)",
		            t->name, t->line, d->id);
	return r;
}

static int read_claims(struct assess_config *c, const struct toml_value *doc, int64_t today)
{
	static const char *const known[] = { "id",       "status",        "argument",
		                             "evidence", "owner",         "reviewed",
		                             "due",      "risk_accepted", NULL };
	const struct toml_value *arr = toml_get(doc, "claim");
	int r = 0;

	if (!arr)
		return 0;
	if ((r = toml_as_array(&arr, arr, "claim")) < 0)
		return r;
	c->claims = xcalloc(toml_array_len(arr) + 1, sizeof(*c->claims));
	for (size_t i = 0; i < toml_array_len(arr) && r >= 0; i++) {
		const struct toml_value *t, *rv;
		struct assess_declared *d = &c->claims[c->nclaims++];
		char *st;

		if ((r = toml_as_table(&t, toml_array_at(arr, i), "claim")) < 0 ||
		    (r = toml_check_keys(t, known, "[[claim]]")) < 0)
			return r;
		d->line = t->line;
		d->id = opt_str(t, "id", &r);
		st = opt_str(t, "status", &r);
		d->argument = opt_str(t, "argument", &r);
		d->owner = opt_str(t, "owner", &r);
		d->reviewed = opt_date(t, "reviewed", &r);
		d->due = opt_date(t, "due", &r);
		if (r >= 0)
			r = str_array(&d->evidence, &d->nevidence, t, "evidence", NULL);
		if (r >= 0 && (!d->id || !cop_claim_find(d->id)))
			r = err_set(ERR_PARSE,
			            "%s:%u: [[claim]] id '%s' is not one of the 45 claims", t->name,
			            t->line, d->id ? d->id : "");
		if (r >= 0 && !st && toml_get(t, "risk_accepted"))
			d->status = ST_NOT_MET;
		else if (r >= 0 && (!st || assess_status_parse(&d->status, st) < 0))
			r = err_set(
			        ERR_PARSE,
			        "%s:%u: claim %s: status must be met, not_met, not_applicable or "
			        "unknown",
			        t->name, t->line, d->id);
		if (r >= 0 && (!d->owner || !d->owner[0]))
			r = err_set(ERR_PARSE,
			            "%s:%u: claim %s: a declared claim needs an owner (who answers "
			            "for it)",
			            t->name, t->line, d->id);
		if (r >= 0 && d->status == ST_NA && (!d->argument || !d->nevidence))
			r = err_set(ERR_PARSE,
			            "%s:%u: claim %s: not_applicable needs an argument giving the "
			            "reason and evidence supporting it",
			            t->name, t->line, d->id);
		if (r >= 0 && d->reviewed > today && (rv = toml_get(t, "reviewed")))
			r = err_set(ERR_PARSE, "%s:%u: claim %s: reviewed date is in the future",
			            rv->name, rv->line, d->id);
		if (r >= 0)
			r = read_acceptance(d, t, today);
		for (size_t k = 0; r >= 0 && k + 1 < c->nclaims; k++)
			if (!strcmp(c->claims[k].id, d->id))
				r = err_set(ERR_PARSE,
				            "%s:%u: claim %s is declared twice (also line %u)",
				            t->name, t->line, d->id, c->claims[k].line);
		free(st);
	}
	return r;
}

static int config_read(struct assess_config *out, const struct toml_value *doc, const char *path);

int assess_config_load(struct assess_config *out, const char *path)
{
	struct toml_value *doc = NULL;
	int r;

	if ((r = toml_load_file(&doc, path, 0)) < 0)
		return r;
	r = config_read(out, doc, path);
	toml_free(doc);
	return r;
}

int assess_config_parse(struct assess_config *out, const char *data, size_t len, const char *path)
{
	struct toml_value *doc = NULL;
	int r;

	if ((r = toml_parse(&doc, data, len, path)) < 0)
		return r;
	r = config_read(out, doc, path);
	toml_free(doc);
	return r;
}

/* A whole number from lo to hi, or r < 0 naming the key and the range. */
static int64_t opt_range(const struct toml_value *t, const char *key, int64_t lo, int64_t hi,
                         int64_t dflt, int *r)
{
	const struct toml_value *v = toml_get(t, key);
	int64_t x = dflt;

	if (!v || *r < 0)
		return dflt;
	if ((*r = toml_as_int(&x, v, key)) >= 0 && (x < lo || x > hi))
		*r = err_set(ERR_PARSE,
		             "%s:%u: %s must be a whole number from %" PRId64 " to %" PRId64,
		             v->name, v->line, key, lo, hi);
	return x;
}

static bool opt_bool(const struct toml_value *t, const char *key, int *r)
{
	const struct toml_value *v = toml_get(t, key);
	bool b = false;

	if (v && *r >= 0)
		*r = toml_as_bool(&b, v, key);
	return b;
}

/* [release]: the release gate's policy (release check) and the previous release's SBOM. */
static int read_release_policy(struct assess_config *c, const struct toml_value *doc)
{
	static const char *const known[] = { "fail_on",
		                             "require_tests",
		                             "max_skipped",
		                             "require_signed",
		                             "require_provenance",
		                             "require_sbom",
		                             "sbom",
		                             "security_txt",
		                             "expires_margin_days",
		                             "notice",
		                             "max_new_components",
		                             "previous_sbom",
		                             "reviewed",
		                             NULL };
	struct assess_release_policy *p = &c->release;
	const struct toml_value *t = toml_get(doc, "release");
	int r = 0;

	p->max_skipped = -1;
	p->max_new_components = -1;
	p->expires_margin_days = 30;
	if (!t)
		return 0;
	if ((r = toml_as_table(&t, t, "release")) < 0 ||
	    (r = toml_check_keys(t, known, "[release]")) < 0)
		return r;
	p->present = true;
	p->fail_on = opt_str(t, "fail_on", &r);
	p->require_tests = opt_bool(t, "require_tests", &r);
	p->max_skipped = opt_range(t, "max_skipped", 0, 10000000, -1, &r);
	p->require_signed = opt_bool(t, "require_signed", &r);
	p->require_provenance = opt_bool(t, "require_provenance", &r);
	p->require_sbom = opt_bool(t, "require_sbom", &r);
	p->sbom = opt_path(t, "sbom", c->base, &r);
	p->security_txt = opt_bool(t, "security_txt", &r);
	p->expires_margin_days = opt_range(t, "expires_margin_days", 0, 3650, 30, &r);
	p->notice = opt_bool(t, "notice", &r);
	p->max_new_components = opt_range(t, "max_new_components", 0, 10000000, -1, &r);
	p->previous_sbom = opt_path(t, "previous_sbom", c->base, &r);
	if (r >= 0)
		r = str_array(&p->reviewed, &p->nreviewed, t, "reviewed", NULL);
	for (size_t i = 0; r >= 0 && i < p->nreviewed; i++) {
		/* a review that names nothing would leave its component unreviewed, silently */
		struct purl pu = PURL_INIT;

		if (purl_parse(&pu, p->reviewed[i], strlen(p->reviewed[i])) < 0)
			r = err_set(ERR_PARSE, "%s:%u: reviewed[%zu]: '%s' is not a purl", t->name,
			            toml_get(t, "reviewed")->line, i, p->reviewed[i]);
		purl_release(&pu);
	}
	if (r >= 0 && p->fail_on) {
		static const char *const levels[] = { "none", "low",      "medium",
			                              "high", "critical", NULL };
		bool ok = false;

		for (size_t i = 0; levels[i]; i++)
			ok |= !strcasecmp(p->fail_on, levels[i]);
		if (!ok)
			r = err_set(ERR_PARSE,
			            "%s:%u: fail_on '%s' is not a level (none, low, medium, high, "
			            "critical)",
			            t->name, toml_get(t, "fail_on")->line, p->fail_on);
	}
	return r;
}

static void free_list(char **v, size_t n);

/*
 * [harden]: paths = [...] (files or folders of binaries, besides the release
 * folder) and require = [...] (requirement names of `vouch harden --require`,
 * checked here so a typo is an error at its line).
 */
static int read_harden(struct assess_config *out, const struct toml_value *doc)
{
	static const char *const known[] = { "paths", "require", NULL };
	const struct toml_value *t = toml_get(doc, "harden"), *v;
	struct harden_policy pol = HARDEN_POLICY_INIT;
	char **req = NULL;
	size_t nreq = 0;
	struct buf all = BUF_INIT;
	int r;

	if (!t)
		return 0;
	if ((r = toml_as_table(&t, t, "harden")) < 0 ||
	    (r = toml_check_keys(t, known, "[harden]")) < 0 ||
	    (r = str_array(&out->harden_paths, &out->nharden_paths, t, "paths", out->base)) < 0 ||
	    (r = str_array(&req, &nreq, t, "require", NULL)) < 0)
		goto done;
	for (size_t i = 0; i < nreq; i++) {
		if (harden_policy_add(&pol, req[i]) < 0) {
			v = toml_get(t, "require");
			r = err_set(ERR_PARSE, "%s:%u: unknown hardening requirement '%s'",
			            v ? v->name : "vouch.toml", v ? v->line : 0, req[i]);
			goto done;
		}
		buf_addf(&all, "%s%s", i ? "," : "", req[i]);
	}
	if (nreq)
		out->harden_require = buf_detach(&all, NULL);
done:
	free_list(req, nreq);
	buf_release(&all);
	return r;
}

/* [fix_targets]: critical = 7, high = 30, ... (days, each optional). */
static int read_fix_targets(struct assess_config *out, const struct toml_value *doc)
{
	static const char *const known[] = ASSESS_SEVERITIES_LIST;
	const struct toml_value *t = toml_get(doc, "fix_targets");
	int r = 0;

	if (!t)
		return 0;
	if ((r = toml_as_table(&t, t, "fix_targets")) < 0 ||
	    (r = toml_check_keys(t, known, "[fix_targets]")) < 0)
		return r;
	for (size_t i = 0; r >= 0 && known[i]; i++)
		out->fix_target_days[i] = opt_range(t, known[i], 1, 3650, 0, &r);
	return r;
}

static int config_read(struct assess_config *out, const struct toml_value *doc, const char *path)
{
	/* one a line: each issue's table is its own line */
	/* clang-format off */
	static const char *const top[] = {
		"organisation",
		"sro",
		"product",
		"disclosure",
		"evidence",
		"claim",
		"release",
		"lifecycle",
		"incident",
		"harden",
		"fix_targets",
		NULL,
	};
	/* clang-format on */
	static const char *const sknown[] = { "name", "title", "appointed", "statement", NULL };
	static const char *const dknown[] = { "security_txt", "policy_url",
		                              /* issue 17: read by vouch securitytxt generate */
		                              "contact", "encryption", "acknowledgments",
		                              "canonical", "preferred_languages", "expires_days",
		                              NULL };
	static const char *const eknown[] = {
		"log",   "public_key",  "releases",         "db",
		"junit", "vex",         "provenance",       "log_retention_days",
		"sarif", "sarif_level", "secrets_baseline", NULL
	};
	const struct toml_value *t, *v;
	const char *slash;
	int64_t now;
	int r;

	out->file = xstrdup(path);
	slash = strrchr(path, '/');
	out->base = slash ? xstrndup(path, (size_t)(slash - path) + (slash == path)) : xstrdup(".");
	out->sro_appointed = -1;
	out->log_retention_days = -1;
	out->warn_days = out->notify_within_hours = -1;
	if ((r = toml_check_keys(doc, top, "vouch.toml")) < 0 || (r = read_org(out, doc)) < 0 ||
	    (r = read_lifecycle(out, doc)) < 0)
		goto done;
	if ((t = toml_get(doc, "sro"))) {
		if ((r = toml_as_table(&t, t, "sro")) < 0 ||
		    (r = toml_check_keys(t, sknown, "[sro]")) < 0)
			goto done;
		out->sro_name = opt_str(t, "name", &r);
		out->sro_title = opt_str(t, "title", &r);
		out->sro_appointed = opt_date(t, "appointed", &r);
		out->sro_statement = opt_str(t, "statement", &r);
		if (r < 0)
			goto done;
	}
	if ((t = toml_get(doc, "disclosure"))) {
		if ((r = toml_as_table(&t, t, "disclosure")) < 0 ||
		    (r = toml_check_keys(t, dknown, "[disclosure]")) < 0)
			goto done;
		out->security_txt = opt_path(t, "security_txt", out->base, &r);
		out->policy_url = opt_str(t, "policy_url", &r);
		if (r < 0)
			goto done;
	}
	if ((t = toml_get(doc, "evidence"))) {
		if ((r = toml_as_table(&t, t, "evidence")) < 0 ||
		    (r = toml_check_keys(t, eknown, "[evidence]")) < 0)
			goto done;
		out->log_dir = opt_path(t, "log", out->base, &r);
		out->public_key = opt_path(t, "public_key", out->base, &r);
		out->releases_dir = opt_path(t, "releases", out->base, &r);
		out->db = opt_path(t, "db", out->base, &r);
		out->secrets_baseline = opt_path(t, "secrets_baseline", out->base, &r);
		if (r < 0 ||
		    (r = str_array(&out->junit, &out->njunit, t, "junit", out->base)) < 0 ||
		    (r = str_array(&out->vex, &out->nvex, t, "vex", out->base)) < 0 ||
		    (r = str_array(&out->provenance, &out->nprovenance, t, "provenance",
		                   out->base)) < 0)
			goto done;
		if ((v = toml_get(t, "log_retention_days")) &&
		    ((r = toml_as_int(&out->log_retention_days, v, "log_retention_days")) < 0 ||
		     out->log_retention_days < 1 || out->log_retention_days > 36500)) {
			if (r >= 0)
				r = err_set(ERR_PARSE,
				            "%s:%u: log_retention_days must be a number of days "
				            "from 1 to 36500",
				            v->name, v->line);
			goto done;
		}
		if ((r = read_sarif_keys(out, t)) < 0)
			goto done;
	}
	if ((r = read_release_policy(out, doc)) < 0 || (r = read_harden(out, doc)) < 0 ||
	    (r = read_fix_targets(out, doc)) < 0)
		goto done;
	if ((r = epoch_now(&now)) < 0 || (r = read_products(out, doc)) < 0 ||
	    (r = read_claims(out, doc, now / 86400)) < 0)
		goto done;
	if (!out->nproducts) {
		char *abs = realpath(out->base, NULL);
		const char *nm = abs ? strrchr(abs, '/') : NULL;

		out->products = xcalloc(1, sizeof(*out->products));
		out->nproducts = 1;
		out->products[0].path = xstrdup(out->base);
		out->products[0].name = xstrdup(nm && nm[1] ? nm + 1 : out->base);
		free(abs);
	}
	for (size_t i = 0; i < out->nproducts; i++)
		assess_git_commit(&out->products[i].commit, out->products[i].path);
done:
	return r;
}

void assess_config_default(struct assess_config *out, const char *path)
{
	char *abs = realpath(path, NULL);
	const char *name = strrchr(abs ? abs : path, '/');

	out->base = xstrdup(path);
	out->sro_appointed = -1;
	out->log_retention_days = -1;
	out->release.max_skipped = -1;
	out->release.max_new_components = -1;
	out->release.expires_margin_days = 30;
	out->warn_days = out->notify_within_hours = -1;
	out->products = xcalloc(1, sizeof(*out->products));
	out->nproducts = 1;
	out->products[0].path = xstrdup(path);
	out->products[0].name = xstrdup(name && name[1] ? name + 1 : path);
	assess_git_commit(&out->products[0].commit, path);
	free(abs);
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void assess_config_release(struct assess_config *c)
{
	for (size_t i = 0; i < c->nproducts; i++) {
		struct assess_product *p = &c->products[i];

		for (size_t k = 0; k < p->nreleases; k++) {
			free(p->releases[k].version);
			free(p->releases[k].notice_url);
			free(p->releases[k].latest);
		}
		free(p->releases);
		free(p->name);
		free(p->path);
		free(p->version);
		free(p->commit);
	}
	free(c->products);
	for (size_t i = 0; i < c->nclaims; i++) {
		struct assess_declared *d = &c->claims[i];

		free(d->id);
		free(d->argument);
		free(d->owner);
		if (d->acceptance) {
			free(d->acceptance->reason);
			free(d->acceptance->owner);
			free(d->acceptance);
		}
		free_list(d->evidence, d->nevidence);
	}
	free(c->claims);
	free(c->release.fail_on);
	free(c->release.sbom);
	free(c->release.previous_sbom);
	free_list(c->release.reviewed, c->release.nreviewed);
	free_list(c->junit, c->njunit);
	free_list(c->sarif, c->nsarif);
	free_list(c->vex, c->nvex);
	free_list(c->provenance, c->nprovenance);
	free(c->file);
	free(c->base);
	free(c->org_name);
	free(c->sro_name);
	free(c->sro_title);
	free(c->sro_statement);
	free(c->security_txt);
	free(c->policy_url);
	free(c->log_dir);
	free(c->public_key);
	free(c->releases_dir);
	free(c->db);
	free(c->notices_dir);
	free(c->lifecycle_url);
	free(c->feed_url);
	free(c->lifecycle_output);
	free(c->incidents_dir);
	free(c->secrets_baseline);
	free_list(c->harden_paths, c->nharden_paths);
	free(c->harden_require);
	memset(c, 0, sizeof(*c));
}
