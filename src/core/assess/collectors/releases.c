/*
 * releases.c: 3.1.1: signed release artefacts.
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "util/alloc.h"
#include "util/err.h"
#include "core/integrity/minisign.h"

#include <dirent.h>

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void collect_releases(struct assess_ctx *x)
{
	struct assessment *a = x->a;
	struct assess_result *r = ac_res(a, "3.1.1");
	const struct assess_config *c = a->cfg;
	struct minisign_pubkey pub;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, good = 0;
	struct buf bad = BUF_INIT;

	if (!c->releases_dir || !(d = opendir(c->releases_dir))) {
		ac_set(r, ST_NOT_MET, "No release folder %s.",
		       c->releases_dir ? "could be read" : "is configured");
		ac_gap(r,
		       "Sign every release artefact (`vouch sign`) and set [evidence] releases to "
		       "the folder and public_key to the public key.");
		return;
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == '.' || (l > 8 && !strcmp(de->d_name + l - 8, ".minisig")))
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	if (!c->public_key || minisign_pubkey_load(&pub, c->public_key) < 0) {
		ac_set(r, ST_NOT_MET,
		       "No public key is configured to verify the release signatures.");
		ac_gap(r, "Set [evidence] public_key to the release signing public key.");
		goto done;
	}
	ac_evidence(x, r, c->public_key, "minisign");
	for (size_t i = 0; i < n; i++) {
		char *f = ac_join(c->releases_dir, names[i]);
		struct minisign_sig sig = MINISIGN_SIG_INIT;
		struct buf sp = BUF_INIT;

		buf_addf(&sp, "%s.minisig", f);
		ac_evidence(x, r, f, "minisign");
		if (minisign_sig_load(&sig, sp.ptr) == 0 &&
		    minisign_sig_verify_file(&sig, &pub, f) == 0) {
			good++;
			ac_evidence(x, r, sp.ptr, "minisign");
		} else if (good + 10 > i)
			buf_addf(&bad, "%s%s", bad.len ? ", " : "", names[i]);
		minisign_sig_release(&sig);
		buf_release(&sp);
		free(f);
	}
	if (!n) {
		ac_set(r, ST_NOT_MET, "The release folder '%s' is empty.", c->releases_dir);
		ac_gap(r, "Put the released artefacts and their signatures there.");
	} else if (good == n) {
		ac_set(r, ST_MET,
		       "All %zu release artefacts carry a minisign signature that verifies with "
		       "the "
		       "published key, so customers can check what they receive.",
		       n);
	} else {
		ac_set(r, ST_NOT_MET, "%zu of %zu release artefacts have no valid signature: %s.",
		       n - good, n, bad.ptr);
		ac_gap(r, "Sign them with `vouch sign --secret KEY FILE...` and publish the "
		          ".minisig.");
	}
done:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	buf_release(&bad);
}

const struct assess_collector assess_collector_releases = { "releases", "3.1.1", collect_releases };
