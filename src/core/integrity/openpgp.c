/*
 * openpgp.c: detached OpenPGP signatures and public key export through GPGME.
 */
#include "util/compat.h"
#include "core/integrity/openpgp.h"
#include "util/err.h"

#include <gpgme.h>

static int gpg_fail(gpgme_error_t e, const char *what)
{
	return err_set(ERR_GENERIC, "%s: %s", what, gpgme_strerror(e));
}

static int ctx_new(gpgme_ctx_t *ctx)
{
	gpgme_error_t e;

	gpgme_check_version(NULL);
	if ((e = gpgme_new(ctx)))
		return gpg_fail(e, "cannot start GPGME");
	gpgme_set_protocol(*ctx, GPGME_PROTOCOL_OpenPGP);
	gpgme_set_armor(*ctx, 1);
	return 0;
}

/* Copies a GPGME data object's bytes to out. */
static int take(struct buf *out, gpgme_data_t d)
{
	size_t n = 0;
	char *p = gpgme_data_release_and_get_mem(d, &n);
	int r = 0;

	if (!p)
		return err_set(ERR_GENERIC, "GPGME returned no data");
	r = buf_add(out, p, n);
	gpgme_free(p);
	return r;
}

int openpgp_sign_detached(struct buf *out, struct buf *fpr, const char *key_id, const void *data,
                          size_t len)
{
	gpgme_ctx_t ctx = NULL;
	gpgme_key_t key = NULL;
	gpgme_data_t in = NULL, sig = NULL;
	gpgme_sign_result_t res;
	gpgme_error_t e;
	int r;

	if ((r = ctx_new(&ctx)) < 0)
		return r;
	if ((e = gpgme_get_key(ctx, key_id, &key, 1))) {
		r = err_set(ERR_NOTFOUND, "no OpenPGP secret key '%s' in the keyring: %s", key_id,
		            gpgme_strerror(e));
		goto done;
	}
	if ((e = gpgme_signers_add(ctx, key)) || (e = gpgme_data_new_from_mem(&in, data, len, 0)) ||
	    (e = gpgme_data_new(&sig))) {
		r = gpg_fail(e, "cannot prepare the OpenPGP signature");
		goto done;
	}
	if ((e = gpgme_op_sign(ctx, in, sig, GPGME_SIG_MODE_DETACH))) {
		r = gpg_fail(e, "cannot sign with OpenPGP key");
		goto done;
	}
	res = gpgme_op_sign_result(ctx);
	if (!res || !res->signatures) {
		r = err_set(ERR_GENERIC, "GPGME made no signature");
		goto done;
	}
	if (fpr && res->signatures->fpr)
		buf_adds(fpr, res->signatures->fpr);
	r = take(out, sig);
	sig = NULL;
done:
	gpgme_data_release(in);
	gpgme_data_release(sig);
	gpgme_key_unref(key);
	gpgme_release(ctx);
	return r;
}

int openpgp_export_public(struct buf *out, const char *key_id)
{
	gpgme_ctx_t ctx = NULL;
	gpgme_data_t d = NULL;
	gpgme_error_t e;
	int r;

	if ((r = ctx_new(&ctx)) < 0)
		return r;
	if ((e = gpgme_data_new(&d)) || (e = gpgme_op_export(ctx, key_id, 0, d))) {
		r = gpg_fail(e, "cannot export OpenPGP key");
		goto done;
	}
	if (gpgme_data_seek(d, 0, SEEK_END) <= 0) {
		r = err_set(ERR_NOTFOUND, "no OpenPGP public key '%s' in the keyring", key_id);
		goto done;
	}
	r = take(out, d);
	d = NULL;
done:
	gpgme_data_release(d);
	gpgme_release(ctx);
	return r;
}

int openpgp_verify_cleartext(struct buf *signer, const void *data, size_t len)
{
	gpgme_ctx_t ctx = NULL;
	gpgme_data_t in = NULL, plain = NULL;
	gpgme_verify_result_t res;
	gpgme_signature_t sig;
	gpgme_key_t key = NULL;
	gpgme_error_t e;
	int r;

	if ((r = ctx_new(&ctx)) < 0)
		return r;
	if ((e = gpgme_data_new_from_mem(&in, data, len, 0)) || (e = gpgme_data_new(&plain))) {
		r = gpg_fail(e, "cannot prepare the OpenPGP verification");
		goto done;
	}
	e = gpgme_op_verify(ctx, in, NULL, plain);
	res = gpgme_op_verify_result(ctx);
	if (e || !res || !(sig = res->signatures)) {
		r = err_set(ERR_PARSE, "no OpenPGP signature could be read%s%s", e ? ": " : "",
		            e ? gpgme_strerror(e) : "");
		goto done;
	}
	switch (gpg_err_code(sig->status)) {
	case GPG_ERR_NO_ERROR:
		break;
	case GPG_ERR_NO_PUBKEY:
		r = err_set(ERR_NOTFOUND, "signed by key %s, which is not in the keyring",
		            sig->fpr ? sig->fpr : "?");
		goto done;
	default:
		r = err_set(ERR_VERIFY, "bad OpenPGP signature (key %s): %s",
		            sig->fpr ? sig->fpr : "?", gpgme_strerror(sig->status));
		goto done;
	}
	buf_adds(signer, sig->fpr ? sig->fpr : "?");
	if (sig->fpr && !gpgme_get_key(ctx, sig->fpr, &key, 0) && key->uids && key->uids->uid)
		buf_addf(signer, " (%s)", key->uids->uid);
	r = 0;
done:
	gpgme_key_unref(key);
	gpgme_data_release(in);
	gpgme_data_release(plain);
	gpgme_release(ctx);
	return r;
}
