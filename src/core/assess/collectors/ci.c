/*
 * ci.c: the build pipelines of the product tree, checked by `vouch ci
 * check` (core/ci/ci.h), as observations on the claims of theme 2 and 1.2.5.
 *
 * Findings are gaps: a token with more than its job needs is a credential not
 * tied to its role (2.1.3); a pipeline that runs what outsiders or moved tags
 * supply lets people other than the authorised ones change the build (2.2.2).
 * No Dependabot or Renovate is noted on 1.2.5 without deciding it: a written
 * update process can work without a bot. No finding proves any of these
 * claims either: the pipeline files are
 * one part of the build environment, so a clean check is recorded in the
 * argument and as evidence, and the claim is left to the other evidence and
 * to the declarations.
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "core/ci/ci.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"

#include <sys/stat.h>

#define SHOW 5

static const struct {
	const char *claim;
	const char *what; /* for the argument */
	unsigned rules;   /* bits of enum ci_rule */
	bool decides;     /* a finding makes the claim not met */
} claims[] = {
	{ "2.1.3", "workflow tokens and secrets granted beyond the job's need",
	  1u << CI_PERMISSIONS_MISSING | 1u << CI_PERMISSIONS_BROAD | 1u << CI_SECRETS_INHERIT,
	  true },
	{ "2.2.2", "ways for outsiders or moved tags to change what the build runs",
	  1u << CI_UNTRUSTED_CHECKOUT | 1u << CI_SCRIPT_INJECTION | 1u << CI_SELF_HOSTED_PR |
	          1u << CI_CACHE_TRUST_BOUNDARY | 1u << CI_CURL_PIPE_SHELL |
	          1u << CI_UNPINNED_ACTION | 1u << CI_UNPINNED_IMAGE | 1u << CI_UNPINNED_INCLUDE,
	  true },
	{ "1.2.5", "configuration of automated component updates (Dependabot or Renovate)",
	  1u << CI_NO_DEPENDENCY_UPDATES, false },
};

static void collect_ci(struct assess_ctx *x)
{
	struct assessment *a = x->a;
	struct ci_report rep = CI_REPORT_INIT;
	struct stat st;

	/* a product given as a file (an image, an archive) has no pipelines to check */
	if (!x->product_real || stat(x->product_real, &st) != 0 || !S_ISDIR(st.st_mode))
		return;
	if (ci_check(&rep, x->product_real) < 0) {
		ac_warn(a, "cannot check the pipelines of '%s': %s", ac_show(x, x->product),
		        err_msg());
		err_clear();
		return;
	}
	for (size_t i = 0; i < rep.nproblems; i++)
		ac_warn(a, "%s", rep.problems[i]);
	for (size_t k = 0; k < ARRAY_SIZE(claims); k++) {
		struct assess_result *r = ac_res(a, claims[k].claim);
		struct buf list = BUF_INIT;
		size_t n = 0;

		if (!claims[k].decides) {
			for (size_t i = 0; i < rep.n; i++)
				if (claims[k].rules & 1u << rep.v[i].rule)
					n++;
			if (n) {
				ac_note(r, "vouch ci check found no %s.", claims[k].what);
				ac_gap(r, "Configure Dependabot (.github/dependabot.yml) or "
				          "Renovate, or "
				          "describe the manual update process in a declaration.");
			}
			continue;
		}
		if (!rep.nfiles)
			continue;
		for (size_t f = 0; f < rep.nfiles; f++) {
			char *path = ac_join(x->product_real, rep.files[f]);

			ac_evidence(x, r, path, "ci");
			free(path);
		}
		for (size_t i = 0; i < rep.n; i++) {
			const struct ci_finding *f = &rep.v[i];

			/* notes are advice, not gaps */
			if (!(claims[k].rules & 1u << f->rule) || !strcmp(f->level, "note"))
				continue;
			if (n++ >= SHOW)
				continue;
			buf_addf(&list, "%s%s (%s", n > 1 ? "; " : "", ci_rule_info(f->rule)->id,
			         f->path);
			if (f->line)
				buf_addf(&list, ":%zu", f->line);
			buf_addch(&list, ')');
		}
		if (n) {
			if (n > SHOW)
				buf_addf(&list, "; and %zu more", n - SHOW);
			ac_set(r, ST_NOT_MET,
			       "vouch ci check found %zu finding%s of %s in the pipeline "
			       "definitions: "
			       "%s.",
			       n, n == 1 ? "" : "s", claims[k].what, list.ptr);
			ac_gap(r, "Fix the findings of `vouch ci check` (each names its fix) and "
			          "re-run.");
		} else {
			ac_note(r, "vouch ci check found no %s in the %zu pipeline definition%s.",
			        claims[k].what, rep.nfiles, rep.nfiles == 1 ? "" : "s");
		}
		buf_release(&list);
	}
	ci_report_release(&rep);
}

const struct assess_collector assess_collector_ci = { "ci", "2.1.3 2.2.2 1.2.5", collect_ci };
