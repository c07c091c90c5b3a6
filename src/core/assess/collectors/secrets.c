/*
 * secrets.c: 1.4.3, 1.4.5, 2.1.4: credentials in the product's source tree.
 *
 * The scan `vouch secrets` runs (one vectorscan pass a file) over the
 * product folder, with the baseline [evidence] secrets_baseline names. A
 * credential found is a hard-coded one: each of the three claims is not met,
 * naming the files. A clean tree shows only the part of each claim a scan can
 * see ("none is hard-coded", "never in the repository"): the argument says
 * so and the rest (install procedure, encryption design, secrets manager)
 * still rests on a declaration, so a clean scan never makes a claim met.
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "core/secrets/secrets.h"
#include "util/err.h"

static const char *const claim_ids[] = { "1.4.3", "1.4.5", "2.1.4" };

static void collect_secrets(struct assess_ctx *x)
{
	struct assessment *a = x->a;
	const struct assess_config *c = a->cfg;
	struct secrets s = SECRETS_INIT;
	size_t active = 0, accepted = 0;
	struct buf where = BUF_INIT;

	if (secrets_init(&s) < 0 ||
	    (c->secrets_baseline && secrets_load_baseline(&s, c->secrets_baseline) < 0) ||
	    secrets_scan_path(&s, x->product) < 0) {
		ac_warn(a, "secret scan: %s", err_msg());
		for (size_t i = 0; i < ARRAY_SIZE(claim_ids); i++) {
			struct assess_result *r = ac_res(a, claim_ids[i]);
			ac_set(r, ST_UNKNOWN,
			       "The product tree could not be scanned for credentials.");
			ac_gap(r, "Fix the error named in the warnings and assess again.");
		}
		goto done;
	}
	secrets_sort(&s);
	for (size_t i = 0; i < s.nunread; i++)
		ac_warn(a, "secret scan: '%s': %s", ac_show(x, s.unread[i].path),
		        s.unread[i].reason);
	for (size_t i = 0; i < s.nfindings; i++) {
		const struct secrets_finding *f = &s.findings[i];

		if (f->baselined) {
			accepted++;
			continue;
		}
		if (active < ASSESS_MAX_LIST)
			buf_addf(&where, "%s%s:%zu (%s)", active ? ", " : "", ac_show(x, f->path),
			         f->line, f->rule);
		active++;
	}
	for (size_t i = 0; i < ARRAY_SIZE(claim_ids); i++) {
		struct assess_result *r = ac_res(a, claim_ids[i]);

		if (active) {
			ac_set(r, ST_NOT_MET,
			       "The secret scan found %zu credential%s in the product tree: %s%s.",
			       active, active == 1 ? "" : "s", where.ptr,
			       active > ASSESS_MAX_LIST ? ", ..." : "");
			ac_gap(r, "Revoke each credential at its provider, remove it from the tree "
			          "and "
			          "its history, and load it from a secret store at run time; list "
			          "accepted findings (test keys) with `vouch secrets "
			          "--write-baseline` "
			          "in [evidence] secrets_baseline.");
		} else {
			/* observed evidence for part of the claim: the declaration still decides */
			ac_note(r,
			        "The secret scan found no credential in the %" PRIu64
			        " files of the product tree%s%s%s.",
			        s.files_scanned, accepted ? " (" : "",
			        accepted ? "beyond those accepted in the baseline" : "",
			        accepted ? ")" : "");
			if (s.nunread)
				ac_note(r, "%zu input%s could not be read.", s.nunread,
				        s.nunread == 1 ? "" : "s");
		}
	}
	if (c->secrets_baseline)
		for (size_t i = 0; i < ARRAY_SIZE(claim_ids); i++)
			ac_evidence(x, ac_res(a, claim_ids[i]), c->secrets_baseline, "secrets");
done:
	buf_release(&where);
	secrets_release(&s);
}

const struct assess_collector assess_collector_secrets = { "secrets", "1.4.3 1.4.5 2.1.4",
	                                                   collect_secrets };
