#include "util/compat.h"
#include "core/integrity/dsse.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/json.h"

#include <sodium.h>

int dsse_pae(struct buf *out, const char *type, size_t typelen, const void *body, size_t bodylen)
{
	int r;

	if ((r = buf_addf(out, "DSSEv1 %zu ", typelen)) < 0 ||
	    (r = buf_add(out, type, typelen)) < 0 || (r = buf_addf(out, " %zu ", bodylen)) < 0 ||
	    (r = buf_add(out, body, bodylen)) < 0)
		return r;
	return 0;
}

void dsse_envelope_release(struct dsse_envelope *e)
{
	for (size_t i = 0; i < e->nsigs; i++) {
		free(e->sigs[i].keyid);
		free(e->sigs[i].sig);
	}
	free(e->sigs);
	free(e->payload_type);
	free(e->payload);
	memset(e, 0, sizeof(*e));
}

int dsse_b64_decode(struct buf *out, const char *s, size_t n)
{
	bool urlsafe = memchr(s, '-', n) || memchr(s, '_', n);
	bool padded = n && s[n - 1] == '=';
	int variant = urlsafe ? (padded ? sodium_base64_VARIANT_URLSAFE
	                                : sodium_base64_VARIANT_URLSAFE_NO_PADDING)
	                      : (padded ? sodium_base64_VARIANT_ORIGINAL
	                                : sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	size_t cap = n / 4 * 3 + 3, binlen = 0;
	const char *end = NULL;
	int r;

	if ((r = buf_grow(out, cap)) < 0)
		return r;
	if (sodium_base642bin((unsigned char *)out->ptr + out->len, cap, s, n, NULL, &binlen, &end,
	                      variant) != 0 ||
	    end != s + n)
		return err_set(ERR_PARSE, "not valid base64");
	out->len += binlen;
	out->ptr[out->len] = '\0';
	return 0;
}

int dsse_parse(struct dsse_envelope *out, const char *json, size_t len, const char *name)
{
	json_t *root = NULL, *sigs;
	const char *payload, *type;
	struct buf b = BUF_INIT_MAX(DSSE_MAX_SIZE);
	size_t n;
	int r;

	if (len > DSSE_MAX_SIZE)
		return err_set(ERR_TOOBIG, "%s: envelope larger than %zu bytes", name,
		               DSSE_MAX_SIZE);
	if ((r = vjson_parse(&root, json, len, name)) < 0)
		return r;
	if (!json_is_object(root)) {
		r = err_set(ERR_PARSE, "%s: a DSSE envelope is a JSON object", name);
		goto done;
	}
	payload = vjson_str(root, "payload");
	type = vjson_str(root, "payloadType");
	sigs = json_object_get(root, "signatures");
	if (!payload || !type) {
		r = err_set(ERR_PARSE, "%s: envelope lacks a string '%s'", name,
		            payload ? "payloadType" : "payload");
		goto done;
	}
	if (!json_is_array(sigs) || json_array_size(sigs) == 0) {
		r = err_set(ERR_PARSE, "%s: envelope lacks a non-empty 'signatures' array", name);
		goto done;
	}
	n = json_array_size(sigs);
	if (n > DSSE_MAX_SIGNATURES) {
		r = err_set(ERR_TOOBIG, "%s: more than %d signatures", name, DSSE_MAX_SIGNATURES);
		goto done;
	}
	dsse_envelope_release(out);
	if (dsse_b64_decode(&b, payload, strlen(payload)) < 0) {
		r = err_set(ERR_PARSE, "%s: 'payload' is not valid base64", name);
		goto done;
	}
	out->payload_len = b.len;
	out->payload = (uint8_t *)buf_detach(&b, NULL);
	out->payload_type = xstrdup(type);
	out->sigs = xcalloc(n, sizeof(*out->sigs));
	for (size_t i = 0; i < n; i++) {
		json_t *s = json_array_get(sigs, i), *kid;
		const char *sig;
		struct buf sb = BUF_INIT_MAX(DSSE_MAX_SIG);

		if (!json_is_object(s) || !(sig = vjson_str(s, "sig"))) {
			r = err_set(ERR_PARSE, "%s: signature %zu lacks a string 'sig'", name,
			            i + 1);
			goto done;
		}
		kid = json_object_get(s, "keyid");
		if (kid && !json_is_null(kid) && !vjson_strval(kid)) {
			r = err_set(ERR_PARSE, "%s: signature %zu: 'keyid' is not a string", name,
			            i + 1);
			goto done;
		}
		if (strlen(sig) > DSSE_MAX_SIG * 2 || dsse_b64_decode(&sb, sig, strlen(sig)) < 0) {
			buf_release(&sb);
			r = err_set(ERR_PARSE,
			            "%s: signature %zu: 'sig' is not valid base64 of at "
			            "most %d bytes",
			            name, i + 1, DSSE_MAX_SIG);
			goto done;
		}
		out->sigs[i].siglen = sb.len;
		out->sigs[i].sig = (uint8_t *)buf_detach(&sb, NULL);
		out->sigs[i].keyid = vjson_strval(kid) ? xstrdup(vjson_strval(kid)) : NULL;
		out->nsigs = i + 1;
	}
	r = 0;
done:
	if (r < 0)
		dsse_envelope_release(out);
	buf_release(&b);
	json_decref(root);
	return r;
}

int dsse_sign(struct buf *out, const struct minisign_seckey *k, const char *type,
              const void *payload, size_t len)
{
	struct buf pae = BUF_INIT, b64 = BUF_INIT;
	uint8_t sig[MINISIGN_SIG_LEN];
	char keyid[2 * MINISIGN_KEYID_LEN + 1];
	struct minisign_pubkey pk;
	struct jw w;
	int r;

	if ((r = dsse_pae(&pae, type, strlen(type), payload, len)) < 0)
		goto done;
	minisign_sign_detached(sig, k, pae.ptr, pae.len);
	minisign_seckey_public(&pk, k);
	if ((r = minisign_verify_detached(&pk, sig, pae.ptr, pae.len)) < 0) {
		r = err_set(ERR_GENERIC, "the new signature does not verify (damaged secret key?)");
		goto done;
	}
	minisign_keyid_hex(keyid, k->keyid);
	jw_init(&w, out, false);
	jw_obj_begin(&w);
	if ((r = base64_append(&b64, payload, len)) < 0)
		goto done;
	jw_kstr(&w, "payload", b64.ptr);
	jw_kstr(&w, "payloadType", type);
	jw_key(&w, "signatures");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	jw_kstr(&w, "keyid", keyid);
	buf_reset(&b64);
	if ((r = base64_append(&b64, sig, sizeof(sig))) < 0)
		goto done;
	jw_kstr(&w, "sig", b64.ptr);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_obj_end(&w);
	if ((r = jw_finish(&w)) < 0 || (r = buf_addch(out, '\n')) < 0)
		goto done;
	r = 0;
done:
	buf_release(&pae);
	buf_release(&b64);
	return r;
}

int dsse_verify(const struct dsse_envelope *e, const struct minisign_pubkey *k)
{
	struct buf pae = BUF_INIT;
	size_t tried = 0;
	int r;

	if ((r = dsse_pae(&pae, e->payload_type, strlen(e->payload_type), e->payload,
	                  e->payload_len)) < 0)
		goto done;
	r = ERR_VERIFY;
	for (size_t i = 0; i < e->nsigs; i++) {
		if (e->sigs[i].siglen != MINISIGN_SIG_LEN)
			continue; /* not an Ed25519 signature */
		tried++;
		if (crypto_sign_verify_detached(e->sigs[i].sig, (const uint8_t *)pae.ptr, pae.len,
		                                k->pk) == 0) {
			r = 0;
			break;
		}
	}
	if (r < 0) {
		char hex[2 * MINISIGN_KEYID_LEN + 1];

		minisign_keyid_hex(hex, k->keyid);
		r = err_set(ERR_VERIFY,
		            "no signature verifies with key %s (%zu of %zu signature%s tried as "
		            "Ed25519)",
		            hex, tried, e->nsigs, e->nsigs == 1 ? "" : "s");
	}
done:
	buf_release(&pae);
	return r;
}
