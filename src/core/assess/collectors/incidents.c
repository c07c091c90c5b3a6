/*
 * incidents.c: 4.3.2: customers are told about incidents in a timely way,
 * observed from the incident records (core/disclose/incident.h).
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "core/disclose/incident.h"
#include "util/alloc.h"
#include "util/err.h"

static void collect_incidents(struct assess_ctx *x)
{
	struct assessment *a = x->a;
	struct assess_result *r = ac_res(a, "4.3.2");
	const struct assess_config *c = a->cfg;
	struct incidents l = INCIDENTS_INIT;
	struct buf warn = BUF_INIT, bad = BUF_INIT, unjudged = BUF_INIT;
	char *dir = incident_dir(c);
	size_t nbad = 0, ok = 0, pending = 0, quiet = 0, nopolicy = 0;
	double worst = -1;

	if (incidents_load(&l, dir, &warn) < 0)
		ac_warn(a, "%s", err_msg());
	for (const char *p = warn.ptr, *nl; p && (nl = strchr(p, '\n')); p = nl + 1)
		ac_warn(a, "%.*s (incident not read)", (int)(nl - p), p);
	/* no record is no evidence either way: the claim is left to a declaration */
	if (!l.n)
		goto done;
	for (size_t i = 0; i < l.n; i++) {
		const struct incident *inc = &l.v[i];
		double h;
		enum incident_verdict v = incident_judge(&h, inc, a->now, c->notify_within_hours);

		ac_evidence(x, r, inc->path, "incidents");
		if (h > worst)
			worst = h;
		switch (v) {
		case INCV_OK:
			ok++;
			break;
		case INCV_NO_CUSTOMERS:
			quiet++;
			break;
		case INCV_PENDING:
			pending++;
			break;
		case INCV_NO_POLICY:
			nopolicy++;
			buf_addf(&unjudged, "%s%s", unjudged.len ? ", " : "", inc->id);
			break;
		case INCV_NO_NOTICE:
			nbad++;
			buf_addf(&bad, "%s%s: no notice to customers recorded", bad.len ? "; " : "",
			         inc->id);
			break;
		case INCV_LATE:
			nbad++;
			buf_addf(&bad,
			         "%s%s: first notice %.1f hours after detection, the policy allows "
			         "%" PRId64,
			         bad.len ? "; " : "", inc->id, h, c->notify_within_hours);
			break;
		case INCV_UNREVIEWED:
			nbad++;
			buf_addf(&bad, "%s%s: closed without a post-incident review",
			         bad.len ? "; " : "", inc->id);
			break;
		}
	}
	if (nbad) {
		ac_set(r, ST_NOT_MET, "%zu of %zu recorded incidents fall short: %s.", nbad, l.n,
		       bad.ptr);
		ac_gap(r,
		       "Notify affected customers within the policy's period, record each notice "
		       "(vouch incident update --notice-...), and close incidents with their "
		       "post-incident review.");
	} else if (nopolicy) {
		ac_set(r, ST_UNKNOWN,
		       "Customers were notified of %zu incident(s) (%s), but no notification "
		       "period "
		       "is stated to judge the timing against.",
		       nopolicy, unjudged.ptr);
		ac_gap(r,
		       "State the policy's period in vouch.toml: [incident] notify_within_hours.");
		r->gap_kind = GAP_GOVERNANCE;
	} else if (!ok && pending) {
		ac_set(r, ST_UNKNOWN,
		       "%zu open incident(s) have no notice yet but are still within the %" PRId64
		       " hours the policy allows.",
		       pending, c->notify_within_hours);
		ac_gap(r, "Record the notices when they are sent.");
	} else {
		ac_set(r, ST_MET,
		       "%zu of %zu recorded incidents were notified to customers within the "
		       "policy's %" PRId64 " hours of detection, and every closed one has a "
		       "post-incident review.",
		       ok, l.n, c->notify_within_hours);
		if (quiet)
			buf_addf(&r->argument, " %zu affected no customer and needed no notice.",
			         quiet);
		if (pending)
			buf_addf(&r->argument, " %zu open one(s) are still within the period.",
			         pending);
	}
	if (worst >= 0)
		buf_addf(&r->argument, " The longest time to a first notice was %.1f hours.",
		         worst);
	r->basis = BASIS_OBSERVED;
done:
	incidents_release(&l);
	free(dir);
	buf_release(&warn);
	buf_release(&bad);
	buf_release(&unjudged);
}

const struct assess_collector assess_collector_incidents = { "incidents", "4.3.2",
	                                                     collect_incidents };
