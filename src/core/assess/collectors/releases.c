/*
 * releases.c: 3.1.1: customers can verify the integrity of what is released.
 *
 * The release folder ([evidence] releases) holds the artefacts. An artefact
 * is signed when a SHA256SUMS in the folder lists it with its hash and
 * SHA256SUMS.minisig verifies with the configured release key
 * ([evidence] public_key), or when its own NAME.minisig verifies with that
 * key. A name SHA256SUMS lists but the folder lacks, a hash that differs,
 * a SHA256SUMS whose signature is missing or by another key fail the claim.
 * Provenance ([evidence] provenance, DSSE envelopes of in-toto statements)
 * is checked when configured: its signature must verify with the release
 * key and every subject must be an artefact of the folder.
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "core/integrity/dsse.h"
#include "core/integrity/minisign.h"
#include "core/integrity/provenance.h"
#include "core/integrity/sums.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/json.h"

#include <dirent.h>
#include <sys/stat.h>

#define MAX_SHOWN 10 /* names listed in one problem before "and more" */

struct artefact {
	char *name;
	char sha256[65];
	bool signed_by_sums, signed_alone;
};

static int cmp_art(const void *x, const void *y)
{
	return strcmp(((const struct artefact *)x)->name, ((const struct artefact *)y)->name);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && !strcmp(s + n - k, suffix);
}

static void listed(struct buf *b, size_t *n, const char *fmt, const char *name)
{
	if ((*n)++ < MAX_SHOWN) {
		if (b->len)
			buf_adds(b, ", ");
		buf_addf(b, fmt, name);
	}
}

/* Reads the release folder's artefacts: regular files, not signatures, not SHA256SUMS. */
static int read_folder(struct artefact **out, size_t *n, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return err_set(ERR_IO, "cannot read '%s'", dir);
	while ((de = readdir(d))) {
		char *p;
		struct stat st;
		uint8_t h[SHA256_LEN];
		struct artefact *a;

		if (de->d_name[0] == '.' || ends_with(de->d_name, ".minisig") ||
		    !strcmp(de->d_name, "SHA256SUMS"))
			continue;
		p = ac_join(dir, de->d_name);
		if (stat(p, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(p);
			continue;
		}
		*out = xreallocarray(*out, *n + 1, sizeof(**out));
		a = &(*out)[(*n)++];
		memset(a, 0, sizeof(*a));
		a->name = xstrdup(de->d_name);
		if (hash_sha256_file(h, p) == 0)
			hex_encode(a->sha256, h, SHA256_LEN);
		free(p);
	}
	closedir(d);
	if (*n)
		qsort(*out, *n, sizeof(**out), cmp_art);
	return 0;
}

static struct artefact *find(struct artefact *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	return NULL;
}

/*
 * SHA256SUMS and its signature. Marks the artefacts it covers; describes
 * what is wrong in problems. Returns the number of names it lists.
 */
static size_t check_sums(struct assess_ctx *x, struct assess_result *r, const char *dir,
                         const struct minisign_pubkey *pub, struct artefact *v, size_t n,
                         struct buf *problems)
{
	char *path = ac_join(dir, "SHA256SUMS");
	struct buf sp = BUF_INIT, text = BUF_INIT, missing = BUF_INIT, differ = BUF_INIT;
	struct minisign_sig sig = MINISIGN_SIG_INIT;
	struct sums s = SUMS_INIT;
	size_t nmissing = 0, ndiffer = 0, count = 0;
	bool sig_ok;

	if (!ac_evidence(x, r, path, "sha256sums"))
		goto done;
	buf_addf(&sp, "%s.minisig", path);
	if (minisign_sig_load(&sig, sp.ptr) < 0) {
		buf_addf(problems, "%sSHA256SUMS has no signature (SHA256SUMS.minisig)",
		         problems->len ? "; " : "");
		sig_ok = false;
	} else if (minisign_sig_verify_file(&sig, pub, path, 0) < 0) {
		buf_addf(
		        problems,
		        "%sSHA256SUMS.minisig does not verify with the configured release key (%s)",
		        problems->len ? "; " : "", err_msg());
		sig_ok = false;
	} else {
		ac_evidence(x, r, sp.ptr, "sha256sums");
		sig_ok = true;
	}
	if (buf_read_file(&text, path) < 0 ||
	    sums_parse(&s, text.ptr, text.len, "SHA256SUMS") < 0) {
		buf_addf(problems, "%sSHA256SUMS cannot be read: %s", problems->len ? "; " : "",
		         err_msg());
		goto done;
	}
	count = s.n;
	for (size_t i = 0; i < s.n; i++) {
		struct artefact *a = find(v, n, s.v[i].name);
		char hex[65];

		hex_encode(hex, s.v[i].sha256, SHA256_LEN);
		if (!a) {
			/* a listed file that is not an artefact: a signature, or gone */
			char *f = ac_join(dir, s.v[i].name);
			uint8_t h[SHA256_LEN];
			char got[65];

			got[0] = '\0';
			if (hash_sha256_file(h, f) < 0)
				listed(&missing, &nmissing, "%s", s.v[i].name);
			else
				hex_encode(got, h, SHA256_LEN);
			if (got[0] && strcmp(got, hex))
				listed(&differ, &ndiffer, "%s", s.v[i].name);
			free(f);
		} else if (strcmp(a->sha256, hex))
			listed(&differ, &ndiffer, "%s", s.v[i].name);
		else if (sig_ok)
			a->signed_by_sums = true;
	}
	if (nmissing)
		buf_addf(problems,
		         "%s%zu file(s) SHA256SUMS lists are missing from the folder: %s%s",
		         problems->len ? "; " : "", nmissing, missing.ptr,
		         nmissing > MAX_SHOWN ? " and more" : "");
	if (ndiffer)
		buf_addf(problems, "%s%zu file(s) do not match their SHA256SUMS hash: %s%s",
		         problems->len ? "; " : "", ndiffer, differ.ptr,
		         ndiffer > MAX_SHOWN ? " and more" : "");
done:
	free(path);
	buf_release(&sp);
	buf_release(&text);
	buf_release(&missing);
	buf_release(&differ);
	minisign_sig_release(&sig);
	sums_release(&s);
	return count;
}

/* One provenance envelope: signed by the release key, every subject an artefact. */
static bool check_provenance(struct assess_ctx *x, struct assess_result *r, const char *path,
                             const struct minisign_pubkey *pub, const struct artefact *v, size_t n,
                             struct buf *problems)
{
	struct dsse_envelope e = DSSE_ENVELOPE_INIT;
	struct buf text = BUF_INIT;
	json_t *st = NULL, *subj;
	const char *name = ac_show(x, path);
	bool ok = false;

	if (!ac_evidence(x, r, path, "provenance")) {
		buf_addf(problems, "%sthe provenance '%s' is missing", problems->len ? "; " : "",
		         name);
		goto done;
	}
	if (buf_read_file(&text, path) < 0 || dsse_parse(&e, text.ptr, text.len, name) < 0 ||
	    dsse_verify(&e, pub) < 0 ||
	    statement_check(&st, (const char *)e.payload, e.payload_len, name) < 0) {
		buf_addf(problems, "%sthe provenance '%s' does not verify with the release key: %s",
		         problems->len ? "; " : "", name, err_msg());
		goto done;
	}
	subj = json_object_get(st, "subject");
	for (size_t i = 0; i < json_array_size(subj); i++) {
		const char *d =
		        vjson_str(json_object_get(json_array_get(subj, i), "digest"), "sha256");
		bool found = false;

		for (size_t k = 0; d && k < n && !found; k++)
			found = !strcmp(v[k].sha256, d);
		if (!found) {
			const char *sn = vjson_str(json_array_get(subj, i), "name");

			buf_addf(
			        problems,
			        "%sthe provenance '%s' names '%s', which is not an artefact of the "
			        "release folder",
			        problems->len ? "; " : "", name, sn ? sn : "(no name)");
			goto done;
		}
	}
	ok = true;
done:
	json_decref(st);
	dsse_envelope_release(&e);
	buf_release(&text);
	return ok;
}

static void collect_releases(struct assess_ctx *x)
{
	struct assessment *a = x->a;
	struct assess_result *r = ac_res(a, "3.1.1");
	const struct assess_config *c = a->cfg;
	struct minisign_pubkey pub;
	struct artefact *v = NULL;
	size_t n = 0, good = 0, nbad = 0, nlisted = 0, nprov = 0, nsums = 0;
	struct buf bad = BUF_INIT, problems = BUF_INIT;

	if (!c->releases_dir || read_folder(&v, &n, c->releases_dir) < 0) {
		ac_set(r, ST_NOT_MET, "No release folder %s.",
		       c->releases_dir ? "could be read" : "is configured");
		ac_gap(r, "Sign every release artefact (`vouch sign`, or a signed SHA256SUMS with "
		          "`vouch sign --sums`) and set [evidence] releases to the folder and "
		          "public_key to the release public key.");
		goto done;
	}
	if (!c->public_key || minisign_pubkey_load(&pub, c->public_key) < 0) {
		ac_set(r, ST_NOT_MET,
		       "No release public key is configured to verify the release signatures.");
		ac_gap(r, "Set [evidence] public_key to the release signing public key.");
		goto done;
	}
	ac_evidence(x, r, c->public_key, "minisign");
	nlisted = check_sums(x, r, c->releases_dir, &pub, v, n, &problems);
	for (size_t i = 0; i < n; i++) {
		char *f = ac_join(c->releases_dir, v[i].name);
		struct minisign_sig sig = MINISIGN_SIG_INIT;
		struct buf sp = BUF_INIT;

		ac_evidence(x, r, f, "minisign");
		buf_addf(&sp, "%s.minisig", f);
		if (minisign_sig_load(&sig, sp.ptr) == 0) {
			if (minisign_sig_verify_file(&sig, &pub, f, 0) == 0) {
				v[i].signed_alone = true;
				ac_evidence(x, r, sp.ptr, "minisign");
			} else
				buf_addf(&problems,
				         "%s%s.minisig does not verify with the configured release "
				         "key (%s)",
				         problems.len ? "; " : "", v[i].name, err_msg());
		}
		nsums += v[i].signed_by_sums;
		if (v[i].signed_alone || v[i].signed_by_sums)
			good++;
		else
			listed(&bad, &nbad, "%s", v[i].name);
		minisign_sig_release(&sig);
		buf_release(&sp);
		free(f);
	}
	for (size_t i = 0; i < c->nprovenance; i++)
		nprov += check_provenance(x, r, c->provenance[i], &pub, v, n, &problems);
	if (!n) {
		ac_set(r, ST_NOT_MET, "The release folder '%s' holds no artefact.",
		       ac_show(x, c->releases_dir));
		ac_gap(r, "Put the released artefacts and their signatures there.");
	} else if (good == n && !problems.len) {
		ac_set(r, ST_MET,
		       "All %zu release artefacts verify with the configured release key (%zu "
		       "through a signed SHA256SUMS listing %zu file(s)), so customers can check "
		       "what they receive",
		       n, nsums, nlisted);
		if (c->nprovenance)
			buf_addf(&r->argument,
			         "; %zu provenance statement(s) verify and name only "
			         "these artefacts.",
			         nprov);
		else
			buf_adds(&r->argument, "; no provenance is configured.");
	} else {
		ac_set(r, ST_NOT_MET,
		       "Of %zu release artefacts, %zu verify with the configured "
		       "release key",
		       n, good);
		if (nbad)
			buf_addf(&r->argument, "; without a valid signature: %s%s", bad.ptr,
			         nbad > MAX_SHOWN ? " and more" : "");
		if (problems.len)
			buf_addf(&r->argument, "; %s", problems.ptr);
		buf_adds(&r->argument, ".");
		ac_gap(r, "Sign every artefact with the release key (`vouch sign --secret KEY "
		          "FILE...` or `vouch sign --sums DIR`), publish the signatures, keep "
		          "SHA256SUMS in step with the folder, and fix the provenance named.");
	}
done:
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	buf_release(&bad);
	buf_release(&problems);
}

const struct assess_collector assess_collector_releases = { "releases", "3.1.1", collect_releases };
