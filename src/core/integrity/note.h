/*
 * note.h: C2SP signed notes (c2sp.org/signed-note v1.0.0) with Ed25519 keys,
 * and C2SP checkpoints (c2sp.org/tlog-checkpoint v1.0.0) carried in them.
 *
 * A note is UTF-8 text ending in a newline, a blank line, then signature
 * lines "— NAME BASE64(keyid[4] || signature)\n" (U+2014 EM DASH). The signed
 * message is the text including its final newline. The key ID of an Ed25519
 * key is the first four bytes, big-endian, of
 * SHA-256(name || 0x0A || 0x01 || 32-byte public key), and its verifier key
 * text is "NAME+HEX8+BASE64(0x01 || public key)".
 *
 * Parsers take untrusted bytes with explicit lengths: a note is at most
 * NOTE_MAX_SIZE bytes with at most NOTE_MAX_SIGS signatures.
 */
#ifndef VOUCH_NOTE_H
#define VOUCH_NOTE_H

#include "util/compat.h"
#include "util/buf.h"

#define NOTE_MAX_SIZE     ((size_t)64 << 10)
#define NOTE_MAX_SIGS     100
#define NOTE_MAX_SIG_LEN  1024 /* decoded bytes of one signature */
#define NOTE_ED25519_TYPE 0x01

struct note_sig {
	char *name;
	uint32_t keyid;
	uint8_t *sig; /* without the key ID */
	size_t siglen;
};

struct note {
	char *text; /* NUL-terminated copy, final newline included */
	size_t textlen;
	struct note_sig *sigs;
	size_t nsigs;
};
#define NOTE_INIT                                                                                  \
	{                                                                                          \
		NULL, 0, NULL, 0                                                                   \
	}

/* Parses a signed note; ERR_PARSE with "NAME: what" (name labels the input). */
int note_parse(struct note *out, const char *data, size_t len, const char *name);
void note_release(struct note *n);

/* True when name is a valid key name: non-empty, no space, no '+', no control characters. */
bool note_key_name_valid(const char *name, size_t len);

uint32_t note_ed25519_keyid(const char *name, const uint8_t pk[32]);

/* Appends "NAME+HEX8+BASE64(0x01 || pk)". */
int note_vkey_format(struct buf *out, const char *name, const uint8_t pk[32]);
/* Parses an Ed25519 verifier key; *out_name is allocated (free() it). */
int note_vkey_parse(char **out_name, uint32_t *out_keyid, uint8_t out_pk[32], const char *s,
                    size_t len);

/*
 * Appends text, the blank line and one Ed25519 signature line by (name, sk) to
 * out. sk is libsodium's 64-byte secret key (seed || public key). text must
 * be a valid note text (checked: UTF-8, no control characters but newline,
 * ends in a newline).
 */
int note_sign_ed25519(struct buf *out, const char *text, size_t len, const char *name,
                      const uint8_t sk[64]);

/*
 * Checks n's signature by the key (name, pk): 0 when one verifies,
 * ERR_NOTFOUND when n has no signature by that key (name and key ID), and
 * ERR_VERIFY when one does but fails.
 */
int note_verify_ed25519(const struct note *n, const char *name, const uint8_t pk[32]);

/* A checkpoint's text: origin, tree size, root hash, and optional extension lines. */
struct checkpoint {
	char *origin;
	uint64_t size;
	uint8_t root[32];
	size_t nextensions;
};
#define CHECKPOINT_INIT                                                                            \
	{                                                                                          \
		NULL, 0, { 0 }, 0                                                                  \
	}

/* Parses a note text as a checkpoint; ERR_PARSE "NAME:LINE: what". */
int checkpoint_parse(struct checkpoint *out, const char *text, size_t len, const char *name);
void checkpoint_release(struct checkpoint *c);
/*
 * Checks that n is a checkpoint of the log whose key is (name, pk): a
 * signature by that key verifies (note_verify_ed25519), then the text parses
 * as a checkpoint (into out), and its origin line equals the key name. The
 * origin check is what binds the checkpoint to a log: a note's signature
 * covers only the text, so the key name and key ID on a signature line are
 * unsigned and a checkpoint of log M signed by a key that also signs log L
 * would otherwise verify under L's key name (c2sp.org/tlog-checkpoint: the
 * origin identifies the log, and its key is named after it). ERR_VERIFY
 * "LABEL: ..." when the origin differs; other errors as those functions give.
 */
int checkpoint_verify(struct checkpoint *out, const struct note *n, const char *name,
                      const uint8_t pk[32], const char *label);

/* Appends "ORIGIN\nSIZE\nBASE64(root)\n". */
int checkpoint_format(struct buf *out, const char *origin, uint64_t size, const uint8_t root[32]);

#endif
