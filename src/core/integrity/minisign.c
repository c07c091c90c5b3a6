#include "util/compat.h"
#include "core/integrity/minisign.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/lines.h"

#include <sodium.h>
#include <unistd.h>

#define COMMENT_PREFIX   "untrusted comment: "
#define TRUSTED_PREFIX   "trusted comment: "
#define DEFAULT_SIG_NOTE "signature from minisign secret key"
#define SECKEY_NOTE      "minisign encrypted secret key"
#define PUBKEY_NOTE      "minisign public key "

/* Binary layouts (minisign.h). */
#define PUBKEY_BIN_LEN 42  /* "Ed" keyid pk */
#define SIG_BIN_LEN    74  /* alg keyid sig */
#define SECKEY_BIN_LEN 158 /* see below */
#define SK_OFF_ALG     0
#define SK_OFF_KDF     2
#define SK_OFF_CHKALG  4
#define SK_OFF_SALT    6
#define SK_OFF_OPS     38
#define SK_OFF_MEM     46
#define SK_OFF_KEYID   54 /* from here on, 104 bytes are encrypted */
#define SK_OFF_SK      62
#define SK_OFF_CHK     126
#define SK_ENC_LEN     104
#define SALT_LEN       32
#define CHK_LEN        32

/*
 * minisign 0.11 writes scrypt limits OPSLIMIT_SENSITIVE / MEMLIMIT_SENSITIVE;
 * a file asking for more (a denial of service on whoever loads it) is refused.
 */
#define KDF_OPS_MAX ((uint64_t)crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE)
#define KDF_MEM_MAX ((uint64_t)crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE)

/* Longest line of base64 we accept: a secret key's 158 bytes encode to 212 characters. */
#define B64_LINE_MAX 256

void minisign_keyid_hex(char out[2 * MINISIGN_KEYID_LEN + 1],
                        const uint8_t keyid[MINISIGN_KEYID_LEN])
{
	static const char hexd[] = "0123456789ABCDEF";

	for (size_t i = 0; i < MINISIGN_KEYID_LEN; i++) {
		uint8_t b = keyid[MINISIGN_KEYID_LEN - 1 - i];

		out[2 * i] = hexd[b >> 4];
		out[2 * i + 1] = hexd[b & 15];
	}
	out[2 * MINISIGN_KEYID_LEN] = '\0';
}

static void le64_store(uint8_t out[8], uint64_t v)
{
	for (int i = 0; i < 8; i++)
		out[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t le64_load(const uint8_t in[8])
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | in[i];
	return v;
}

/* ---- line splitting and base64 ---- */

struct msline {
	const char *s;
	size_t n;
	size_t lineno;
};

/*
 * Splits text into exactly `want` lines (an optional final newline and empty
 * lines after them are allowed, nothing else). Lines must hold no NUL and no
 * control characters other than tab; each at most maxline bytes.
 */
static int split_lines(struct msline *out, size_t want, const char *text, size_t len,
                       const char *name, const char *what, size_t maxline)
{
	struct lines it = LINES_INIT(text, len);
	const char *s;
	size_t n, got = 0;

	while (lines_next(&it, &s, &n)) {
		if (got == want) {
			if (n == 0)
				continue;
			return err_set(ERR_PARSE, "%s:%zu: unexpected text after the %s", name,
			               it.lineno, what);
		}
		if (n > maxline)
			return err_set(ERR_TOOBIG, "%s:%zu: line longer than %zu bytes", name,
			               it.lineno, maxline);
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];

			if ((c < 0x20 && c != '\t') || c == 0x7f)
				return err_set(ERR_PARSE, "%s:%zu: control character 0x%02x in %s",
				               name, it.lineno, c, what);
		}
		out[got].s = s;
		out[got].n = n;
		out[got].lineno = it.lineno;
		got++;
	}
	if (got < want)
		return err_set(ERR_PARSE, "%s:%zu: %s is truncated: %zu line%s of %zu", name,
		               it.lineno ? it.lineno : 1, what, got, got == 1 ? "" : "s", want);
	return 0;
}

/* Decodes exactly outlen bytes of standard padded base64 from one whole line. */
static int b64_exact(uint8_t *out, size_t outlen, const struct msline *l, const char *name,
                     const char *what)
{
	size_t want = sodium_base64_encoded_len(outlen, sodium_base64_VARIANT_ORIGINAL) - 1;
	size_t binlen = 0;
	const char *end = NULL;

	if (l->n != want)
		return err_set(ERR_PARSE,
		               "%s:%zu: %s: expected %zu base64 characters (%zu bytes), found %zu",
		               name, l->lineno, what, want, outlen, l->n);
	if (sodium_base642bin(out, outlen, l->s, l->n, NULL, &binlen, &end,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    binlen != outlen || end != l->s + l->n)
		return err_set(ERR_PARSE, "%s:%zu: %s: not valid base64", name, l->lineno, what);
	return 0;
}

static int comment_line(const struct msline *l, const char *prefix, const char *name,
                        const char **text, size_t *textlen)
{
	size_t pl = strlen(prefix);

	if (!str_starts(l->s, l->n, prefix))
		return err_set(ERR_PARSE, "%s:%zu: expected a line starting with '%s'", name,
		               l->lineno, prefix);
	*text = l->s + pl;
	*textlen = l->n - pl;
	return 0;
}

/*
 * Inputs are opened with fs_open_regular() (buf_read_file does too): a FIFO
 * or device is refused at once. For a verifier that is an input it could not
 * read, like a missing one, so ERR_UNSUPPORTED becomes ERR_IO, same message.
 */
static int as_io(int r)
{
	char *m;

	if (r != ERR_UNSUPPORTED)
		return r;
	m = xstrdup(err_msg());
	r = err_set(ERR_IO, "%s", m);
	free(m);
	return r;
}

/* ---- public keys ---- */

void minisign_seckey_public(struct minisign_pubkey *out, const struct minisign_seckey *k)
{
	memcpy(out->keyid, k->keyid, MINISIGN_KEYID_LEN);
	memcpy(out->pk, k->sk + 32, MINISIGN_PK_LEN);
}

static int pubkey_from_line(struct minisign_pubkey *out, const struct msline *l, const char *name)
{
	uint8_t bin[PUBKEY_BIN_LEN];
	int r;

	if ((r = b64_exact(bin, sizeof(bin), l, name, "public key")) < 0)
		return r;
	if (memcmp(bin, "Ed", 2))
		return err_set(ERR_UNSUPPORTED,
		               "%s:%zu: public key algorithm '%.2s' is not supported (only 'Ed')",
		               name, l->lineno, (const char *)bin);
	memcpy(out->keyid, bin + 2, MINISIGN_KEYID_LEN);
	memcpy(out->pk, bin + 10, MINISIGN_PK_LEN);
	return 0;
}

int minisign_pubkey_parse_named(struct minisign_pubkey *out, const char *text, size_t len,
                                const char *name)
{
	struct msline l[2];
	const char *s = text;
	size_t n = len;
	int r;

	if (len > MINISIGN_KEYFILE_MAX)
		return err_set(ERR_TOOBIG, "%s: public key larger than %d bytes", name,
		               MINISIGN_KEYFILE_MAX);
	str_trim(&s, &n);
	if (!str_starts(s, n, COMMENT_PREFIX)) {
		/* A bare base64 key, as `minisign -P` takes it; else a file without its comment. */
		if (memchr(s, '\n', n))
			return err_set(ERR_PARSE, "%s:1: expected a line starting with '%s'", name,
			               COMMENT_PREFIX);
		if ((r = split_lines(l, 1, s, n, name, "public key", B64_LINE_MAX)) < 0)
			return r;
		l[0].lineno = 1;
		return pubkey_from_line(out, &l[0], name);
	}
	if ((r = split_lines(l, 2, text, len, name, "public key file", MINISIGN_COMMENT_MAX)) < 0)
		return r;
	if (!str_starts(l[0].s, l[0].n, COMMENT_PREFIX))
		return err_set(ERR_PARSE, "%s:%zu: expected a line starting with '%s'", name,
		               l[0].lineno, COMMENT_PREFIX);
	return pubkey_from_line(out, &l[1], name);
}

int minisign_pubkey_parse(struct minisign_pubkey *out, const char *text, size_t len)
{
	return minisign_pubkey_parse_named(out, text, len, "public key");
}

int minisign_pubkey_load(struct minisign_pubkey *out, const char *path)
{
	struct buf b = BUF_INIT_MAX(MINISIGN_KEYFILE_MAX);
	int r;

	r = as_io(buf_read_file(&b, path));
	if (r == ERR_TOOBIG)
		r = err_set(ERR_TOOBIG, "'%s' is larger than %d bytes: not a public key", path,
		            MINISIGN_KEYFILE_MAX);
	if (r == 0)
		r = minisign_pubkey_parse_named(out, b.ptr, b.len, path);
	buf_release(&b);
	return r;
}

int minisign_pubkey_encode(struct buf *out, const struct minisign_pubkey *k)
{
	uint8_t bin[PUBKEY_BIN_LEN];
	char hex[2 * MINISIGN_KEYID_LEN + 1];
	int r;

	memcpy(bin, "Ed", 2);
	memcpy(bin + 2, k->keyid, MINISIGN_KEYID_LEN);
	memcpy(bin + 10, k->pk, MINISIGN_PK_LEN);
	minisign_keyid_hex(hex, k->keyid);
	if ((r = buf_addf(out, COMMENT_PREFIX PUBKEY_NOTE "%s\n", hex)) < 0 ||
	    (r = base64_append(out, bin, sizeof(bin))) < 0 || (r = buf_addch(out, '\n')) < 0)
		return r;
	return 0;
}

/* ---- secret keys ---- */

void minisign_seckey_wipe(struct minisign_seckey *k)
{
	sodium_memzero(k, sizeof(*k));
}

void minisign_keygen(struct minisign_pubkey *pk_out, struct minisign_seckey *sk_out)
{
	uint8_t pk[crypto_sign_PUBLICKEYBYTES];

	randombytes_buf(sk_out->keyid, MINISIGN_KEYID_LEN);
	crypto_sign_keypair(pk, sk_out->sk);
	minisign_seckey_public(pk_out, sk_out);
}

static void seckey_checksum(uint8_t out[CHK_LEN], const uint8_t keyid[8], const uint8_t sk[64])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, CHK_LEN);
	crypto_generichash_update(&st, (const uint8_t *)"Ed", 2);
	crypto_generichash_update(&st, keyid, MINISIGN_KEYID_LEN);
	crypto_generichash_update(&st, sk, MINISIGN_SK_LEN);
	crypto_generichash_final(&st, out, CHK_LEN);
	sodium_memzero(&st, sizeof(st));
}

/* XORs the 104 encrypted bytes with the scrypt stream of the password. */
static int seckey_xor(uint8_t bin[SECKEY_BIN_LEN], const char *password, uint64_t ops, uint64_t mem)
{
	uint8_t stream[SK_ENC_LEN];
	int r = 0;

	sodium_mlock(stream, sizeof(stream));
	if (crypto_pwhash_scryptsalsa208sha256(stream, sizeof(stream), password, strlen(password),
	                                       bin + SK_OFF_SALT, ops, (size_t)mem) != 0) {
		r = err_set(ERR_GENERIC, "scrypt failed (out of memory for %" PRIu64 " MiB?)",
		            mem >> 20);
	} else {
		for (size_t i = 0; i < SK_ENC_LEN; i++)
			bin[SK_OFF_KEYID + i] ^= stream[i];
	}
	sodium_munlock(stream, sizeof(stream));
	return r;
}

/* Decodes and checks the fixed fields; returns 1 for an encrypted key, 0 for a plain one. */
static int seckey_decode(uint8_t bin[SECKEY_BIN_LEN], const char *text, size_t len,
                         const char *name)
{
	struct msline l[2];
	static const uint8_t zero2[2];
	int r;

	if (len > MINISIGN_KEYFILE_MAX)
		return err_set(ERR_TOOBIG, "%s: secret key larger than %d bytes", name,
		               MINISIGN_KEYFILE_MAX);
	if ((r = split_lines(l, 2, text, len, name, "secret key file", MINISIGN_COMMENT_MAX)) < 0)
		return r;
	if (!str_starts(l[0].s, l[0].n, COMMENT_PREFIX))
		return err_set(ERR_PARSE, "%s:%zu: expected a line starting with '%s'", name,
		               l[0].lineno, COMMENT_PREFIX);
	if ((r = b64_exact(bin, SECKEY_BIN_LEN, &l[1], name, "secret key")) < 0)
		return r;
	if (memcmp(bin + SK_OFF_ALG, "Ed", 2))
		return err_set(ERR_UNSUPPORTED,
		               "%s:%zu: secret key algorithm '%.2s' is not supported (only 'Ed')",
		               name, l[1].lineno, (const char *)bin + SK_OFF_ALG);
	if (memcmp(bin + SK_OFF_CHKALG, "B2", 2))
		return err_set(ERR_UNSUPPORTED,
		               "%s:%zu: secret key checksum '%.2s' is not supported (only 'B2')",
		               name, l[1].lineno, (const char *)bin + SK_OFF_CHKALG);
	if (!memcmp(bin + SK_OFF_KDF, "Sc", 2)) {
		uint64_t ops = le64_load(bin + SK_OFF_OPS), mem = le64_load(bin + SK_OFF_MEM);

		if (ops > KDF_OPS_MAX || mem > KDF_MEM_MAX)
			return err_set(ERR_TOOBIG,
			               "%s:%zu: secret key asks for scrypt limits (ops %" PRIu64
			               ", memory %" PRIu64 " bytes) above minisign's",
			               name, l[1].lineno, ops, mem);
		if (ops < crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_MIN ||
		    mem < crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_MIN)
			return err_set(ERR_PARSE,
			               "%s:%zu: secret key has scrypt limits below the minimum",
			               name, l[1].lineno);
		return 1;
	}
	if (!memcmp(bin + SK_OFF_KDF, zero2, 2))
		return 0;
	return err_set(ERR_UNSUPPORTED,
	               "%s:%zu: secret key derivation '%.2s' is not supported (only 'Sc' or none)",
	               name, l[1].lineno, (const char *)bin + SK_OFF_KDF);
}

int minisign_seckey_probe(const char *text, size_t len, const char *name)
{
	uint8_t bin[SECKEY_BIN_LEN];
	int r = seckey_decode(bin, text, len, name);

	sodium_memzero(bin, sizeof(bin));
	return r;
}

int minisign_seckey_parse(struct minisign_seckey *out, const char *text, size_t len,
                          const char *name, const char *password)
{
	uint8_t bin[SECKEY_BIN_LEN], chk[CHK_LEN];
	static const uint8_t zero_chk[CHK_LEN];
	int r, enc;

	sodium_mlock(bin, sizeof(bin));
	enc = r = seckey_decode(bin, text, len, name);
	if (r < 0)
		goto done;
	if (enc) {
		if (!password || !*password) {
			r = err_set(ERR_USAGE, "'%s' is protected by a password; none was given",
			            name);
			goto done;
		}
		if (strlen(password) > MINISIGN_PASSWORD_MAX) {
			r = err_set(ERR_USAGE, "password longer than %d bytes",
			            MINISIGN_PASSWORD_MAX);
			goto done;
		}
		if ((r = seckey_xor(bin, password, le64_load(bin + SK_OFF_OPS),
		                    le64_load(bin + SK_OFF_MEM))) < 0)
			goto done;
	}
	seckey_checksum(chk, bin + SK_OFF_KEYID, bin + SK_OFF_SK);
	if (enc && sodium_memcmp(chk, bin + SK_OFF_CHK, CHK_LEN) != 0) {
		r = err_set(ERR_VERIFY, "wrong password for '%s'", name);
		goto done;
	}
	/*
	 * minisign 0.11 leaves the checksum of a key without password all zero;
	 * vouch writes the real one. Either is accepted, anything else is damage.
	 */
	if (!enc && sodium_memcmp(chk, bin + SK_OFF_CHK, CHK_LEN) != 0 &&
	    sodium_memcmp(zero_chk, bin + SK_OFF_CHK, CHK_LEN) != 0) {
		r = err_set(ERR_VERIFY,
		            "%s: secret key checksum does not match: the file is damaged", name);
		goto done;
	}
	/* The public half must be the one the seed gives: catches damage in the key bytes. */
	{
		uint8_t pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];

		crypto_sign_seed_keypair(pk, sk, bin + SK_OFF_SK);
		r = sodium_memcmp(pk, bin + SK_OFF_SK + 32, sizeof(pk));
		sodium_memzero(sk, sizeof(sk));
		if (r != 0) {
			r = err_set(ERR_VERIFY,
			            "%s: secret key is inconsistent (public half does not match "
			            "the seed): the file is damaged",
			            name);
			goto done;
		}
	}
	memcpy(out->keyid, bin + SK_OFF_KEYID, MINISIGN_KEYID_LEN);
	memcpy(out->sk, bin + SK_OFF_SK, MINISIGN_SK_LEN);
	r = 0;
done:
	sodium_memzero(chk, sizeof(chk));
	sodium_munlock(bin, sizeof(bin));
	return r;
}

static int read_keyfile(struct buf *b, const char *path)
{
	int r = as_io(buf_read_file(b, path));

	if (r == ERR_TOOBIG)
		r = err_set(ERR_TOOBIG, "'%s' is larger than %d bytes: not a secret key", path,
		            MINISIGN_KEYFILE_MAX);
	return r;
}

int minisign_seckey_load(struct minisign_seckey *out, const char *path, const char *password)
{
	struct buf b = BUF_INIT_MAX(MINISIGN_KEYFILE_MAX);
	int r = read_keyfile(&b, path);

	if (r == 0)
		r = minisign_seckey_parse(out, b.ptr, b.len, path, password);
	buf_wipe(&b);
	return r;
}

bool minisign_seckey_encrypted(const char *path)
{
	struct buf b = BUF_INIT_MAX(MINISIGN_KEYFILE_MAX);
	int r = read_keyfile(&b, path);

	if (r == 0)
		r = minisign_seckey_probe(b.ptr, b.len, path);
	buf_wipe(&b);
	err_clear();
	return r == 1;
}

int minisign_seckey_encode(struct buf *out, const struct minisign_seckey *k, const char *password,
                           bool fast_kdf)
{
	uint8_t bin[SECKEY_BIN_LEN];
	bool enc = password && *password;
	int r;

	/* Room for the whole file up front: growing would leave copies of the key behind. */
	if ((r = buf_grow(out, 512)) < 0)
		return r;
	sodium_mlock(bin, sizeof(bin));
	memset(bin, 0, sizeof(bin));
	memcpy(bin + SK_OFF_ALG, "Ed", 2);
	memcpy(bin + SK_OFF_CHKALG, "B2", 2);
	memcpy(bin + SK_OFF_KEYID, k->keyid, MINISIGN_KEYID_LEN);
	memcpy(bin + SK_OFF_SK, k->sk, MINISIGN_SK_LEN);
	seckey_checksum(bin + SK_OFF_CHK, k->keyid, k->sk);
	if (enc) {
		uint64_t ops = fast_kdf ? crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_INTERACTIVE
		                        : KDF_OPS_MAX;
		uint64_t mem = fast_kdf ? crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_INTERACTIVE
		                        : KDF_MEM_MAX;

		if (strlen(password) > MINISIGN_PASSWORD_MAX) {
			r = err_set(ERR_USAGE, "password longer than %d bytes",
			            MINISIGN_PASSWORD_MAX);
			goto done;
		}
		memcpy(bin + SK_OFF_KDF, "Sc", 2);
		randombytes_buf(bin + SK_OFF_SALT, SALT_LEN);
		le64_store(bin + SK_OFF_OPS, ops);
		le64_store(bin + SK_OFF_MEM, mem);
		if ((r = seckey_xor(bin, password, ops, mem)) < 0)
			goto done;
	}
	if ((r = buf_adds(out, COMMENT_PREFIX SECKEY_NOTE "\n")) < 0 ||
	    (r = base64_append(out, bin, sizeof(bin))) < 0 || (r = buf_addch(out, '\n')) < 0)
		goto done;
	r = 0;
done:
	sodium_munlock(bin, sizeof(bin));
	return r;
}

/* ---- raw Ed25519 ---- */

void minisign_sign_detached(uint8_t sig[MINISIGN_SIG_LEN], const struct minisign_seckey *k,
                            const void *msg, size_t len)
{
	crypto_sign_detached(sig, NULL, msg, len, k->sk);
}

int minisign_verify_detached(const struct minisign_pubkey *k, const uint8_t sig[MINISIGN_SIG_LEN],
                             const void *msg, size_t len)
{
	if (crypto_sign_verify_detached(sig, msg, len, k->pk) != 0)
		return err_set(ERR_VERIFY, "signature does not verify");
	return 0;
}

/* ---- signatures ---- */

void minisign_sig_release(struct minisign_sig *s)
{
	free(s->untrusted);
	free(s->trusted);
	s->untrusted = s->trusted = NULL;
}

int minisign_sig_parse(struct minisign_sig *out, const char *text, size_t len, const char *name)
{
	struct msline l[4];
	uint8_t bin[SIG_BIN_LEN];
	const char *ut, *tc;
	size_t utn, tcn;
	int r;

	if (len > MINISIGN_SIGFILE_MAX)
		return err_set(ERR_TOOBIG, "%s: signature file larger than %d bytes", name,
		               MINISIGN_SIGFILE_MAX);
	if ((r = split_lines(l, 4, text, len, name, "signature file",
	                     strlen(TRUSTED_PREFIX) + MINISIGN_TRUSTED_MAX)) < 0)
		return r;
	if ((r = comment_line(&l[0], COMMENT_PREFIX, name, &ut, &utn)) < 0)
		return r;
	if (l[0].n > MINISIGN_COMMENT_MAX)
		return err_set(ERR_TOOBIG, "%s:%zu: untrusted comment longer than %d bytes", name,
		               l[0].lineno, MINISIGN_COMMENT_MAX);
	if ((r = b64_exact(bin, sizeof(bin), &l[1], name, "signature")) < 0)
		return r;
	if ((r = comment_line(&l[2], TRUSTED_PREFIX, name, &tc, &tcn)) < 0)
		return r;
	if (tcn > MINISIGN_TRUSTED_MAX)
		return err_set(ERR_TOOBIG, "%s:%zu: trusted comment longer than %d bytes", name,
		               l[2].lineno, MINISIGN_TRUSTED_MAX);
	if ((r = b64_exact(out->global_sig, MINISIGN_SIG_LEN, &l[3], name, "global signature")) < 0)
		return r;
	if (!memcmp(bin, "ED", 2))
		out->alg = MINISIGN_ALG_PREHASHED;
	else if (!memcmp(bin, "Ed", 2))
		out->alg = MINISIGN_ALG_LEGACY;
	else
		return err_set(ERR_UNSUPPORTED,
		               "%s:%zu: signature algorithm '%.2s' is not supported (only 'ED' and "
		               "'Ed')",
		               name, l[1].lineno, (const char *)bin);
	memcpy(out->keyid, bin + 2, MINISIGN_KEYID_LEN);
	memcpy(out->sig, bin + 10, MINISIGN_SIG_LEN);
	minisign_sig_release(out);
	out->untrusted = xmemdupz(ut, utn);
	out->trusted = xmemdupz(tc, tcn);
	return 0;
}

int minisign_sig_load(struct minisign_sig *out, const char *path)
{
	struct buf b = BUF_INIT_MAX(MINISIGN_SIGFILE_MAX);
	int r = as_io(buf_read_file(&b, path));

	if (r == ERR_TOOBIG)
		r = err_set(ERR_TOOBIG, "'%s' is larger than %d bytes: not a signature file", path,
		            MINISIGN_SIGFILE_MAX);
	if (r == 0)
		r = minisign_sig_parse(out, b.ptr, b.len, path);
	buf_release(&b);
	return r;
}

int minisign_hash_file(uint8_t out[64], const char *path)
{
	return as_io(hash_blake2b_file(out, 64, path));
}

static int check_comment(const char *what, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' || s[i] == '\r')
			return err_set(ERR_USAGE, "the %s must be one line", what);
	return 0;
}

/* Signs a prehash (64 bytes) and writes the four lines. */
static int sign_prehash(struct buf *out, const struct minisign_seckey *k, const uint8_t hash[64],
                        const char *name, const char *trusted, const char *untrusted)
{
	struct buf tc = BUF_INIT, msg = BUF_INIT;
	uint8_t bin[SIG_BIN_LEN], global[MINISIGN_SIG_LEN];
	struct minisign_pubkey pk;
	int64_t now;
	int r;

	if (!untrusted)
		untrusted = DEFAULT_SIG_NOTE;
	if ((r = check_comment("untrusted comment", untrusted)) < 0)
		goto done;
	if (strlen(untrusted) + strlen(COMMENT_PREFIX) > MINISIGN_COMMENT_MAX) {
		r = err_set(ERR_USAGE, "the untrusted comment is longer than %zu bytes",
		            MINISIGN_COMMENT_MAX - strlen(COMMENT_PREFIX));
		goto done;
	}
	if (trusted) {
		if ((r = buf_adds(&tc, trusted)) < 0)
			goto done;
	} else {
		if (strchr(name, '\n') || strchr(name, '\r') || strchr(name, '\t')) {
			r = err_set(ERR_USAGE,
			            "the file name '%s' holds a tab or newline; give a trusted "
			            "comment",
			            name);
			goto done;
		}
		if ((r = epoch_now(&now)) < 0 ||
		    (r = buf_addf(&tc, "timestamp:%" PRId64 "\tfile:%s\thashed", now, name)) < 0)
			goto done;
	}
	if ((r = check_comment("trusted comment", tc.ptr)) < 0)
		goto done;
	if (tc.len != strlen(tc.ptr)) {
		r = err_set(ERR_USAGE, "the trusted comment holds a NUL byte");
		goto done;
	}
	if (tc.len > MINISIGN_TRUSTED_MAX) {
		r = err_set(ERR_USAGE, "the trusted comment is longer than %d bytes",
		            MINISIGN_TRUSTED_MAX);
		goto done;
	}
	/* minisign trims trailing white space from the comment it reads back. */
	if (tc.len && (tc.ptr[tc.len - 1] == ' ' || tc.ptr[tc.len - 1] == '\t')) {
		r = err_set(ERR_USAGE, "the trusted comment ends with white space, which minisign "
		                       "would not keep");
		goto done;
	}
	memcpy(bin, "ED", 2);
	memcpy(bin + 2, k->keyid, MINISIGN_KEYID_LEN);
	crypto_sign_detached(bin + 10, NULL, hash, 64, k->sk);
	if ((r = buf_add(&msg, bin + 10, MINISIGN_SIG_LEN)) < 0 ||
	    (r = buf_add(&msg, tc.ptr, tc.len)) < 0)
		goto done;
	crypto_sign_detached(global, NULL, (const uint8_t *)msg.ptr, msg.len, k->sk);
	/* Check before writing: a fault while signing must not leave a bad signature. */
	minisign_seckey_public(&pk, k);
	if (crypto_sign_verify_detached(bin + 10, hash, 64, pk.pk) != 0 ||
	    crypto_sign_verify_detached(global, (const uint8_t *)msg.ptr, msg.len, pk.pk) != 0) {
		r = err_set(ERR_GENERIC, "the new signature does not verify (damaged secret key?)");
		goto done;
	}
	if ((r = buf_addf(out, COMMENT_PREFIX "%s\n", untrusted)) < 0 ||
	    (r = base64_append(out, bin, sizeof(bin))) < 0 ||
	    (r = buf_addf(out, "\n" TRUSTED_PREFIX "%s\n", tc.ptr)) < 0 ||
	    (r = base64_append(out, global, sizeof(global))) < 0 || (r = buf_addch(out, '\n')) < 0)
		goto done;
	r = 0;
done:
	buf_release(&tc);
	buf_release(&msg);
	return r;
}

int minisign_sign_file(struct buf *out, const struct minisign_seckey *k, const char *path,
                       const char *trusted, const char *untrusted)
{
	uint8_t hash[64];
	int r = minisign_hash_file(hash, path);

	if (r < 0)
		return r;
	return sign_prehash(out, k, hash, fs_basename(path), trusted, untrusted);
}

int minisign_sign_buf(struct buf *out, const struct minisign_seckey *k, const void *data,
                      size_t len, const char *name, const char *trusted, const char *untrusted)
{
	uint8_t hash[64];

	crypto_generichash(hash, 64, data, len, NULL, 0);
	return sign_prehash(out, k, hash, fs_basename(name), trusted, untrusted);
}

static int check_keyid(const struct minisign_sig *s, const struct minisign_pubkey *k)
{
	char a[2 * MINISIGN_KEYID_LEN + 1], b[2 * MINISIGN_KEYID_LEN + 1];

	if (!memcmp(s->keyid, k->keyid, MINISIGN_KEYID_LEN))
		return 0;
	minisign_keyid_hex(a, s->keyid);
	minisign_keyid_hex(b, k->keyid);
	return err_set(ERR_VERIFY, "signed with key %s, but the public key is %s", a, b);
}

static int check_global(const struct minisign_sig *s, const struct minisign_pubkey *k)
{
	struct buf msg = BUF_INIT;
	int r;

	if ((r = buf_add(&msg, s->sig, MINISIGN_SIG_LEN)) < 0 ||
	    (r = buf_adds(&msg, s->trusted)) < 0)
		goto done;
	if (crypto_sign_verify_detached(s->global_sig, (const uint8_t *)msg.ptr, msg.len, k->pk) !=
	    0)
		r = err_set(ERR_VERIFY, "the trusted comment signature does not verify: the "
		                        "trusted comment was changed");
done:
	buf_release(&msg);
	return r;
}

/* A legacy signature only when the caller asked: see minisign.h. */
static int check_alg(const struct minisign_sig *s, unsigned flags)
{
	if (s->alg == MINISIGN_ALG_LEGACY && !(flags & MINISIGN_LEGACY_OK))
		return err_set(ERR_VERIFY, "a legacy ('Ed', not prehashed) signature, refused "
		                           "unless legacy signatures are allowed");
	return 0;
}

int minisign_sig_verify_buf(const struct minisign_sig *s, const struct minisign_pubkey *k,
                            const void *data, size_t len, unsigned flags)
{
	uint8_t hash[64];
	int r;

	if ((r = check_keyid(s, k)) < 0 || (r = check_alg(s, flags)) < 0)
		return r;
	if (s->alg == MINISIGN_ALG_PREHASHED) {
		crypto_generichash(hash, 64, data, len, NULL, 0);
		r = crypto_sign_verify_detached(s->sig, hash, 64, k->pk);
	} else {
		r = crypto_sign_verify_detached(s->sig, data, len, k->pk);
	}
	if (r != 0)
		return err_set(ERR_VERIFY, "signature does not match the file");
	return check_global(s, k);
}

int minisign_sig_verify_file(const struct minisign_sig *s, const struct minisign_pubkey *k,
                             const char *path, unsigned flags)
{
	uint8_t hash[64];
	int r;

	if ((r = check_keyid(s, k)) < 0 || (r = check_alg(s, flags)) < 0)
		return r;
	if (s->alg == MINISIGN_ALG_PREHASHED) {
		if ((r = minisign_hash_file(hash, path)) < 0)
			return r;
		r = crypto_sign_verify_detached(s->sig, hash, 64, k->pk);
	} else {
		struct buf b = BUF_INIT_MAX(MINISIGN_LEGACY_MAX);

		r = as_io(buf_read_file(&b, path));
		if (r == ERR_TOOBIG)
			r = err_set(ERR_TOOBIG,
			            "'%s' is larger than 1 GiB: too big for a legacy ('Ed') "
			            "signature",
			            path);
		if (r < 0) {
			buf_release(&b);
			return r;
		}
		r = crypto_sign_verify_detached(s->sig, (const uint8_t *)b.ptr, b.len, k->pk);
		buf_release(&b);
	}
	if (r != 0)
		return err_set(ERR_VERIFY, "signature does not match the file");
	return check_global(s, k);
}
