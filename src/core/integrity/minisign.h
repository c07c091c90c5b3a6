/*
 * minisign.h: minisign-compatible Ed25519 keys and signatures (minisign 0.11).
 *
 * File formats (all text, "\n" or "\r\n" line ends; details and reasons in
 * docs/internals/integrity.md):
 *
 *   public key   untrusted comment: minisign public key KEYID_HEX
 *                base64("Ed" || keyid[8] || pk[32])                      42 bytes
 *   secret key   untrusted comment: TEXT
 *                base64("Ed" || kdf[2] || "B2" || salt[32] || opslimit[8] LE ||
 *                       memlimit[8] LE || keyid[8] || sk[64] || checksum[32])  158 bytes
 *                kdf is "Sc" (scrypt; the last 104 bytes XORed with an scrypt stream)
 *                or two zero bytes (no password, salt and limits zero);
 *                checksum = BLAKE2b-256("Ed" || keyid || sk)
 *   signature    untrusted comment: TEXT
 *                base64(alg[2] || keyid[8] || sig[64])                     74 bytes
 *                trusted comment: TEXT
 *                base64(global_sig[64])
 *                alg "ED": sig = Ed25519(BLAKE2b-512(file)); alg "Ed" (legacy):
 *                sig = Ed25519(file); global_sig = Ed25519(sig || trusted comment text)
 *
 * KEYID_HEX is minisign's display form: the 8 key id bytes read as a
 * little-endian integer, 16 upper-case hex digits (minisign_keyid_hex()).
 *
 * Limits: key files at most MINISIGN_KEYFILE_MAX bytes, signature files at
 * most MINISIGN_SIGFILE_MAX, comment lines at most MINISIGN_COMMENT_MAX bytes,
 * trusted comments at most MINISIGN_TRUSTED_MAX bytes, passwords at most
 * MINISIGN_PASSWORD_MAX. Every parse error names the file and the line.
 *
 * Errors: ERR_IO (cannot read/write), ERR_PARSE (malformed file), ERR_TOOBIG
 * (a limit), ERR_UNSUPPORTED (a well-formed file using an algorithm vouch does
 * not know), ERR_VERIFY (wrong password, bad signature, key id mismatch).
 */
#ifndef VOUCH_MINISIGN_H
#define VOUCH_MINISIGN_H

#include "util/compat.h"
#include "util/buf.h"

#define MINISIGN_KEYID_LEN    8
#define MINISIGN_PK_LEN       32
#define MINISIGN_SK_LEN       64
#define MINISIGN_SIG_LEN      64
#define MINISIGN_KEYFILE_MAX  4096
#define MINISIGN_SIGFILE_MAX  16384
#define MINISIGN_COMMENT_MAX  1024
#define MINISIGN_TRUSTED_MAX  8192
#define MINISIGN_PASSWORD_MAX 1024

struct minisign_pubkey {
	uint8_t keyid[MINISIGN_KEYID_LEN];
	uint8_t pk[MINISIGN_PK_LEN]; /* Ed25519 public key */
};

struct minisign_seckey {
	uint8_t keyid[MINISIGN_KEYID_LEN];
	uint8_t sk[MINISIGN_SK_LEN]; /* Ed25519 secret key: seed[32] || pk[32] */
};

/* Writes minisign's 16-digit upper-case display form of a key id and a NUL. */
void minisign_keyid_hex(char out[2 * MINISIGN_KEYID_LEN + 1],
                        const uint8_t keyid[MINISIGN_KEYID_LEN]);

/* ---- public keys ---- */

/* Reads a public key file (two lines, as above). */
int minisign_pubkey_load(struct minisign_pubkey *out, const char *path);

/*
 * Parses a public key from text: either the bare base64 line (as given to
 * `minisign -P`) or a whole file. Messages name "public key" as the source.
 */
int minisign_pubkey_parse(struct minisign_pubkey *out, const char *text, size_t len);

/* As minisign_pubkey_parse(), naming `name` (a path) in messages. */
int minisign_pubkey_parse_named(struct minisign_pubkey *out, const char *text, size_t len,
                                const char *name);

/* Appends the two-line public key file text. */
int minisign_pubkey_encode(struct buf *out, const struct minisign_pubkey *k);

/* The public key of a secret key. */
void minisign_seckey_public(struct minisign_pubkey *out, const struct minisign_seckey *k);

/* ---- secret keys ---- */

/*
 * Reads a secret key file. password is a C string, NULL (or "") for an
 * unencrypted key. An encrypted key without a password is ERR_USAGE; a wrong
 * password (checksum mismatch after decryption) is ERR_VERIFY. The derived
 * key stream and intermediate copies are wiped. Decrypting costs what the
 * file's scrypt limits say (minisign uses 2^25 ops and 1 GiB); limits above
 * minisign's are refused (ERR_TOOBIG) so a hostile file cannot ask for more.
 */
int minisign_seckey_load(struct minisign_seckey *out, const char *path, const char *password);
int minisign_seckey_parse(struct minisign_seckey *out, const char *text, size_t len,
                          const char *name, const char *password);

/*
 * Whether the secret key file at path is password-protected (KDF "Sc"),
 * i.e. whether the CLI must ask for a password. False when the file cannot
 * be read or parsed: minisign_seckey_load() then reports the real error.
 */
bool minisign_seckey_encrypted(const char *path);
/* The same from text; 1 encrypted, 0 not, negative error when malformed. */
int minisign_seckey_probe(const char *text, size_t len, const char *name);

/* Wipes the key (sodium_memzero). */
void minisign_seckey_wipe(struct minisign_seckey *k);

/* A new key pair with a random key id (randombytes). */
void minisign_keygen(struct minisign_pubkey *pk_out, struct minisign_seckey *sk_out);

/*
 * Appends the two-line secret key file text. With a password (non-NULL,
 * non-empty) the key is encrypted with scrypt at minisign's limits
 * (opslimit 2^25, memlimit 1 GiB) unless `fast_kdf` asks for libsodium's
 * "interactive" limits (used by tests; minisign reads either). Without one the
 * KDF field is zero, as `minisign -G -W` writes. out should be a buffer the
 * caller wipes (buf_wipe) since, without a password, it holds the key.
 */
int minisign_seckey_encode(struct buf *out, const struct minisign_seckey *k, const char *password,
                           bool fast_kdf);

/* ---- raw Ed25519 (for signed notes, DSSE) ---- */

void minisign_sign_detached(uint8_t sig[MINISIGN_SIG_LEN], const struct minisign_seckey *k,
                            const void *msg, size_t len);
/* 0 when sig is a valid signature of msg by k, ERR_VERIFY otherwise. */
int minisign_verify_detached(const struct minisign_pubkey *k, const uint8_t sig[MINISIGN_SIG_LEN],
                             const void *msg, size_t len);

/* ---- signatures ---- */

enum minisign_alg {
	MINISIGN_ALG_LEGACY,    /* "Ed": Ed25519 over the file itself */
	MINISIGN_ALG_PREHASHED, /* "ED": Ed25519 over BLAKE2b-512 of the file */
};

struct minisign_sig {
	enum minisign_alg alg;
	uint8_t keyid[MINISIGN_KEYID_LEN];
	uint8_t sig[MINISIGN_SIG_LEN];
	uint8_t global_sig[MINISIGN_SIG_LEN];
	char *untrusted; /* the untrusted comment text, owned */
	char *trusted;   /* the trusted comment text, owned */
};

#define MINISIGN_SIG_INIT                                                                          \
	{                                                                                          \
		MINISIGN_ALG_PREHASHED, { 0 }, { 0 }, { 0 }, NULL, NULL                            \
	}

void minisign_sig_release(struct minisign_sig *s);

/* Parses a .minisig file (4 lines); name is used in messages. */
int minisign_sig_parse(struct minisign_sig *out, const char *text, size_t len, const char *name);
int minisign_sig_load(struct minisign_sig *out, const char *path);

/* BLAKE2b-512 of a whole file, read in 64 KiB pieces (constant memory). */
int minisign_hash_file(uint8_t out[64], const char *path);

/*
 * Signs the file at path with a prehashed ("ED") signature and appends the
 * four-line .minisig text to out. trusted and untrusted are single lines
 * (no "\n" or "\r"; ERR_USAGE otherwise); NULL gives minisign's defaults:
 * untrusted "signature from minisign secret key", trusted
 * "timestamp:T\tfile:BASENAME\thashed" with T from SOURCE_DATE_EPOCH when set,
 * else the current time. The signature is checked before returning.
 */
int minisign_sign_file(struct buf *out, const struct minisign_seckey *k, const char *path,
                       const char *trusted, const char *untrusted);

/* The same over bytes in memory; name is what the default trusted comment calls the file. */
int minisign_sign_buf(struct buf *out, const struct minisign_seckey *k, const void *data,
                      size_t len, const char *name, const char *trusted, const char *untrusted);

/*
 * Verifies a parsed signature against the file at path: key id, algorithm,
 * then the signature over the file (streamed for "ED"; "Ed" reads the whole
 * file, at most MINISIGN_LEGACY_MAX bytes), then the global signature over
 * the trusted comment. ERR_VERIFY with a message saying which part failed (a
 * key id mismatch names both ids); ERR_IO when the file cannot be read or is
 * not a regular file.
 *
 * Legacy ("Ed") signatures are refused (ERR_VERIFY) unless flags holds
 * MINISIGN_LEGACY_OK. vouch never makes them, and the two algorithms share a
 * key and a format: an "ED" signature of file F is an Ed25519 signature of
 * the 64 bytes BLAKE2b-512(F), so the same signature relabelled "Ed" verifies
 * for a file holding those 64 bytes. Only a verifier that accepts no legacy
 * signature is safe from that (minisign -V -H behaves the same).
 */
#define MINISIGN_LEGACY_MAX ((size_t)1 << 30)
enum minisign_verify_flags {
	MINISIGN_LEGACY_OK = 1 << 0,
};
int minisign_sig_verify_file(const struct minisign_sig *s, const struct minisign_pubkey *k,
                             const char *path, unsigned flags);
int minisign_sig_verify_buf(const struct minisign_sig *s, const struct minisign_pubkey *k,
                            const void *data, size_t len, unsigned flags);

#endif
