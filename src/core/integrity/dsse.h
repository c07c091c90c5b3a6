/*
 * dsse.h: Dead Simple Signing Envelope, protocol v1.0.0 (secure-systems-lab/dsse),
 * with Ed25519 keys in minisign's format.
 *
 * The signature covers the pre-authentication encoding, not the JSON:
 *     PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
 * with SP one space and LEN the byte length in ASCII decimal, no leading zeros.
 *
 * The JSON envelope written here is one line (so it also serves as one line of
 * an in-toto .intoto.jsonl bundle), keys in this order:
 *     {"payload":B64,"payloadType":TYPE,"signatures":[{"keyid":ID,"sig":B64}]}
 * with standard base64 with padding. keyid is the minisign key id in
 * minisign's display form (16 upper-case hex digits, as in the .pub comment);
 * it is a hint only and is never trusted. Reading accepts standard and
 * URL-safe base64, with or without padding, as the protocol requires.
 *
 * Limits: an envelope of at most DSSE_MAX_SIZE bytes, at most
 * DSSE_MAX_SIGNATURES signatures of at most DSSE_MAX_SIG bytes each.
 */
#ifndef VOUCH_DSSE_H
#define VOUCH_DSSE_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/integrity/minisign.h"

#define DSSE_MAX_SIZE       ((size_t)64 << 20)
#define DSSE_MAX_SIGNATURES 64
#define DSSE_MAX_SIG        1024

/* Appends PAE(type, body) to out. */
int dsse_pae(struct buf *out, const char *type, size_t typelen, const void *body, size_t bodylen);

struct dsse_sig {
	char *keyid; /* NULL when absent */
	uint8_t *sig;
	size_t siglen;
};

struct dsse_envelope {
	char *payload_type;
	uint8_t *payload; /* decoded; NUL-terminated for convenience */
	size_t payload_len;
	struct dsse_sig *sigs;
	size_t nsigs;
};

#define DSSE_ENVELOPE_INIT                                                                         \
	{                                                                                          \
		NULL, NULL, 0, NULL, 0                                                             \
	}

void dsse_envelope_release(struct dsse_envelope *e);

/*
 * Parses an envelope: an object with string "payload", string
 * "payloadType" and a non-empty array "signatures" of objects each with a
 * string "sig" and optionally a string "keyid"; other members are ignored.
 * ERR_PARSE naming the file (and what) on anything else.
 */
int dsse_parse(struct dsse_envelope *out, const char *json, size_t len, const char *name);

/* Signs (type, payload) with k and appends the one-line envelope and "\n". */
int dsse_sign(struct buf *out, const struct minisign_seckey *k, const char *type,
              const void *payload, size_t len);

/*
 * 0 when at least one signature of e verifies with k over PAE(payloadType,
 * payload); ERR_VERIFY otherwise (the message says how many were tried).
 */
int dsse_verify(const struct dsse_envelope *e, const struct minisign_pubkey *k);

/* Decodes base64 of any DSSE-accepted variant; ERR_PARSE when invalid. */
int dsse_b64_decode(struct buf *out, const char *s, size_t n);

#endif
