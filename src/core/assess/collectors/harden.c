/*
 * harden.c: 3.5.2: releases keep secure defaults, observed as the exploit
 * mitigations of the executables and libraries shipped.
 *
 * The binaries are those of the release folder ([evidence] releases) and of
 * [harden] paths, walked as `vouch harden` walks them; the policy is
 * [harden] require, else HARDEN_RECOMMENDED. A binary that lacks a
 * required property makes the claim not met, naming the file and the
 * property; a binary that cannot be read makes it unknown. All binaries
 * passing leave it unknown with that observation in the argument: the
 * tests of patch releases, the claim's other half, are for the vendor to
 * declare (a declaration decides an unknown claim). With neither
 * folder configured, or no binary in them, the claim is left to the
 * vendor's declaration: nothing is met for lack of data.
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "core/harden/harden.h"
#include "util/buf.h"
#include "util/err.h"

#define MAX_SHOWN 10 /* failures named in the argument before "and more" */

struct hctx {
	struct assess_ctx *x;
	struct buf fails;
	size_t nfails, nunread;
};

static void on_fail(const struct harden_file *f, const char *req, const char *have, void *payload)
{
	struct hctx *h = payload;

	if (h->nfails++ < MAX_SHOWN)
		buf_addf(&h->fails, "%s%s%s%s%s lacks %s (has %s)", h->fails.len ? "; " : "",
		         ac_show(h->x, f->path), f->slice >= 0 ? " [" : "",
		         f->slice >= 0 ? harden_file_arch(f) : "", f->slice >= 0 ? "]" : "", req,
		         have);
}

static void on_unread(const char *path, const char *msg, void *payload)
{
	struct hctx *h = payload;

	h->nunread++;
	ac_warn(h->x->a, "%s", msg);
}

static void collect_harden(struct assess_ctx *x)
{
	const struct assess_config *c = x->a->cfg;
	struct assess_result *r;
	struct harden_set set = HARDEN_SET_INIT;
	struct harden_policy pol = HARDEN_POLICY_INIT;
	struct hctx h = { x, BUF_INIT, 0, 0 };
	const char *req = c->harden_require ? c->harden_require : HARDEN_RECOMMENDED;
	size_t failing = 0;

	if (!c->releases_dir && !c->nharden_paths)
		return;
	r = ac_res(x->a, "3.5.2");
	harden_policy_add(&pol, req);
	if (c->releases_dir && harden_scan(&set, c->releases_dir, on_unread, &h) < 0)
		on_unread(c->releases_dir, err_msg(), &h);
	for (size_t i = 0; i < c->nharden_paths; i++)
		if (harden_scan(&set, c->harden_paths[i], on_unread, &h) < 0)
			on_unread(c->harden_paths[i], err_msg(), &h);
	harden_set_sort(&set);
	for (size_t i = 0; i < set.n; i++) {
		if (harden_policy_check(&pol, &set.v[i], on_fail, &h))
			failing++;
		if (!i || strcmp(set.v[i].path, set.v[i - 1].path))
			ac_evidence(x, r, set.v[i].path, "harden");
	}
	if (failing) {
		ac_set(r, ST_NOT_MET,
		       "%zu of %zu shipped binaries lack a required mitigation (%s): %s%s.",
		       failing, set.n, req, h.fails.ptr, h.nfails > MAX_SHOWN ? "; and more" : "");
		ac_gap(r,
		       "Rebuild the binaries named with the missing mitigations (see 'vouch harden "
		       "--require %s' for each fix), or narrow [harden] require with a reason.",
		       req);
	} else if (h.nunread) {
		ac_set(r, ST_UNKNOWN,
		       "%zu inputs holding the release's binaries could not be read.", h.nunread);
		ac_gap(r, "Fix the unreadable files named in the warnings.");
	} else if (set.n) {
		/* secure defaults observed; the tests of patch releases are not: declare them */
		ac_set(r, ST_UNKNOWN,
		       "All %zu shipped executables and libraries have the required mitigations "
		       "(%s), read from their headers by vouch harden; whether patch releases are "
		       "tested is not observed.",
		       set.n, req);
		ac_gap(r, "Declare 3.5.2 with the test evidence of patch releases.");
	}
	buf_release(&h.fails);
	harden_set_release(&set);
}

const struct assess_collector assess_collector_harden = { "harden", "3.5.2", collect_harden };
