/*
 * artefacts.c: a release folder's signatures and provenance (artefacts.h).
 */
#include "util/compat.h"
#include "core/release/artefacts.h"
#include "core/integrity/dsse.h"
#include "core/integrity/provenance.h"
#include "core/integrity/sums.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/json.h"

#include <dirent.h>
#include <sys/stat.h>

static char *join(const char *dir, const char *name)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s/%s", dir, name);
	return buf_detach(&b, NULL);
}

static void record(struct artefacts *a, const char *path, const char *kind)
{
	a->files = xreallocarray(a->files, a->nfiles + 1, sizeof(*a->files));
	a->files[a->nfiles].path = xstrdup(path);
	a->files[a->nfiles++].kind = kind;
}

static int cmp_art(const void *x, const void *y)
{
	return strcmp(((const struct artefact *)x)->name, ((const struct artefact *)y)->name);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && !strcmp(s + n - k, suffix);
}

static void listed(struct buf *b, size_t *n, const char *name)
{
	if ((*n)++ < ARTEFACTS_MAX_SHOWN) {
		if (b->len)
			buf_adds(b, ", ");
		buf_adds(b, name);
	}
}

int artefacts_read(struct artefacts *out, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	out->dir = xstrdup(dir);
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
		p = join(dir, de->d_name);
		if (stat(p, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(p);
			continue;
		}
		out->v = xreallocarray(out->v, out->n + 1, sizeof(*out->v));
		a = &out->v[out->n++];
		memset(a, 0, sizeof(*a));
		a->name = xstrdup(de->d_name);
		if (hash_sha256_file(h, p) == 0)
			hex_encode(a->sha256, h, SHA256_LEN);
		free(p);
	}
	closedir(d);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_art);
	return 0;
}

static struct artefact *find(struct artefacts *a, const char *name)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->v[i].name, name))
			return &a->v[i];
	return NULL;
}

/* SHA256SUMS and its signature: marks the artefacts it covers. */
static void check_sums(struct artefacts *a, const struct minisign_pubkey *pub)
{
	char *path = join(a->dir, "SHA256SUMS");
	struct buf sp = BUF_INIT, text = BUF_INIT, missing = BUF_INIT, differ = BUF_INIT;
	struct buf *problems = &a->problems;
	struct minisign_sig sig = MINISIGN_SIG_INIT;
	struct sums s = SUMS_INIT;
	size_t nmissing = 0, ndiffer = 0;
	bool sig_ok;

	if (!fs_exists(path))
		goto done;
	record(a, path, "sha256sums");
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
		record(a, sp.ptr, "sha256sums");
		sig_ok = true;
	}
	if (buf_read_file(&text, path) < 0 ||
	    sums_parse(&s, text.ptr, text.len, "SHA256SUMS") < 0) {
		buf_addf(problems, "%sSHA256SUMS cannot be read: %s", problems->len ? "; " : "",
		         err_msg());
		goto done;
	}
	a->nlisted = s.n;
	for (size_t i = 0; i < s.n; i++) {
		struct artefact *x = find(a, s.v[i].name);
		char hex[65];

		hex_encode(hex, s.v[i].sha256, SHA256_LEN);
		if (!x) {
			/* a listed file that is not an artefact: a signature, or gone */
			char *f = join(a->dir, s.v[i].name);
			uint8_t h[SHA256_LEN];
			char got[65];

			got[0] = '\0';
			if (hash_sha256_file(h, f) < 0)
				listed(&missing, &nmissing, s.v[i].name);
			else
				hex_encode(got, h, SHA256_LEN);
			if (got[0] && strcmp(got, hex))
				listed(&differ, &ndiffer, s.v[i].name);
			free(f);
		} else if (strcmp(x->sha256, hex))
			listed(&differ, &ndiffer, s.v[i].name);
		else if (sig_ok)
			x->signed_by_sums = true;
	}
	if (nmissing)
		buf_addf(problems,
		         "%s%zu file(s) SHA256SUMS lists are missing from the folder: %s%s",
		         problems->len ? "; " : "", nmissing, missing.ptr,
		         nmissing > ARTEFACTS_MAX_SHOWN ? " and more" : "");
	if (ndiffer)
		buf_addf(problems, "%s%zu file(s) do not match their SHA256SUMS hash: %s%s",
		         problems->len ? "; " : "", ndiffer, differ.ptr,
		         ndiffer > ARTEFACTS_MAX_SHOWN ? " and more" : "");
done:
	free(path);
	buf_release(&sp);
	buf_release(&text);
	buf_release(&missing);
	buf_release(&differ);
	minisign_sig_release(&sig);
	sums_release(&s);
}

void artefacts_check_signatures(struct artefacts *a, const struct minisign_pubkey *pub)
{
	check_sums(a, pub);
	for (size_t i = 0; i < a->n; i++) {
		char *f = join(a->dir, a->v[i].name);
		struct minisign_sig sig = MINISIGN_SIG_INIT;
		struct buf sp = BUF_INIT;

		record(a, f, "minisign");
		buf_addf(&sp, "%s.minisig", f);
		if (minisign_sig_load(&sig, sp.ptr) == 0) {
			if (minisign_sig_verify_file(&sig, pub, f, 0) == 0) {
				a->v[i].signed_alone = true;
				record(a, sp.ptr, "minisign");
			} else
				buf_addf(&a->problems,
				         "%s%s.minisig does not verify with the configured release "
				         "key (%s)",
				         a->problems.len ? "; " : "", a->v[i].name, err_msg());
		}
		a->nsums += a->v[i].signed_by_sums;
		if (a->v[i].signed_alone || a->v[i].signed_by_sums)
			a->nsigned++;
		else
			listed(&a->unsigned_names, &a->nunsigned, a->v[i].name);
		minisign_sig_release(&sig);
		buf_release(&sp);
		free(f);
	}
}

bool artefacts_check_provenance(struct artefacts *a, const char *path, const char *name,
                                const struct minisign_pubkey *pub)
{
	struct dsse_envelope e = DSSE_ENVELOPE_INIT;
	struct buf text = BUF_INIT, *problems = &a->problems;
	json_t *st = NULL, *subj;
	bool ok = false;

	if (!fs_exists(path)) {
		buf_addf(problems, "%sthe provenance '%s' is missing", problems->len ? "; " : "",
		         name);
		goto done;
	}
	record(a, path, "provenance");
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

		for (size_t k = 0; d && k < a->n && !found; k++)
			found = !strcmp(a->v[k].sha256, d);
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
	for (size_t i = 0; i < json_array_size(subj); i++) {
		const char *d =
		        vjson_str(json_object_get(json_array_get(subj, i), "digest"), "sha256");

		for (size_t k = 0; d && k < a->n; k++)
			if (!strcmp(a->v[k].sha256, d))
				a->v[k].in_provenance = true;
	}
done:
	json_decref(st);
	dsse_envelope_release(&e);
	buf_release(&text);
	return ok;
}

void artefacts_release(struct artefacts *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i].name);
	free(a->v);
	for (size_t i = 0; i < a->nfiles; i++)
		free(a->files[i].path);
	free(a->files);
	free(a->dir);
	buf_release(&a->unsigned_names);
	buf_release(&a->problems);
	memset(a, 0, sizeof(*a));
}
