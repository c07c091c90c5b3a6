#include "util/compat.h"
#include "core/integrity/note.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/num.h"

#include <sodium.h>

static const char em_dash[] = "\xe2\x80\x94 ";

/* Decodes one UTF-8 sequence at s (n bytes left); returns its length or 0 when invalid. */
static size_t utf8_next(uint32_t *cp, const uint8_t *s, size_t n)
{
	size_t len;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2, c = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3, c = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Valid UTF-8 with no control characters other than newline. */
static bool text_valid(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = utf8_next(&cp, p + i, n - i);

		if (!l || (cp < 0x20 && cp != '\n'))
			return false;
		i += l;
	}
	return true;
}

static bool unicode_space(uint32_t c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f ||
	       c == 0x205f || c == 0x3000;
}

bool note_key_name_valid(const char *name, size_t len)
{
	const uint8_t *p = (const uint8_t *)name;

	if (len == 0)
		return false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t l = utf8_next(&cp, p + i, len - i);

		if (!l || cp < 0x20 || cp == 0x7f || cp == '+' || unicode_space(cp))
			return false;
		i += l;
	}
	return true;
}

static int b64_decode(struct buf *out, const char *s, size_t n, size_t max)
{
	size_t got = 0;

	buf_reset(out);
	if (n / 4 * 3 > max + 3)
		return ERR_TOOBIG;
	if (buf_grow(out, n) < 0)
		return ERR_TOOBIG;
	if (sodium_base642bin((unsigned char *)out->ptr, n, s, n, NULL, &got, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0)
		return ERR_PARSE;
	out->len = got;
	out->ptr[got] = '\0';
	if (got > max)
		return ERR_TOOBIG;
	/*
	 * Only the canonical encoding: libsodium's decoder tolerates bytes
	 * outside the alphabet and ignores the unused low bits of the last
	 * character, so two different strings could carry the same key or
	 * signature, and a flipped byte would go unseen.
	 */
	{
		char back[4 * ((NOTE_MAX_SIG_LEN + 4 + 2) / 3) + 1];

		if (sodium_base64_ENCODED_LEN(got, sodium_base64_VARIANT_ORIGINAL) > sizeof(back))
			return ERR_TOOBIG;
		sodium_bin2base64(back, sizeof(back), (const unsigned char *)out->ptr, got,
		                  sodium_base64_VARIANT_ORIGINAL);
		if (strlen(back) != n || memcmp(back, s, n))
			return ERR_PARSE;
	}
	return 0;
}

void note_release(struct note *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nsigs; i++) {
		free(n->sigs[i].name);
		free(n->sigs[i].sig);
	}
	free(n->sigs);
	free(n->text);
	*n = (struct note)NOTE_INIT;
}

static const char *rfind_blank(const char *data, size_t len)
{
	/* the separator is the last "\n\n": signature lines hold no blank line */
	for (size_t i = len - 1; i > 0; i--)
		if (data[i] == '\n' && data[i - 1] == '\n')
			return data + i;
	return NULL;
}

int note_parse(struct note *out, const char *data, size_t len, const char *name)
{
	const char *sep, *p, *end = data + len;
	struct buf sig = BUF_INIT;
	size_t alloc = 0;
	int ret = 0;

	*out = (struct note)NOTE_INIT;
	if (len > NOTE_MAX_SIZE)
		return err_set(ERR_TOOBIG, "%s: a note is limited to %zu bytes", name,
		               NOTE_MAX_SIZE);
	if (len == 0 || data[len - 1] != '\n')
		return err_set(ERR_PARSE, "%s: a signed note ends with a newline", name);
	if (!text_valid(data, len))
		return err_set(ERR_PARSE,
		               "%s: a signed note is UTF-8 without control characters but newline",
		               name);
	sep = rfind_blank(data, len);
	if (!sep || sep == data + 0)
		return err_set(ERR_PARSE, "%s: no blank line before the signatures", name);
	if (sep - data < 2)
		return err_set(ERR_PARSE, "%s: the note text is empty", name);
	out->textlen = (size_t)(sep - data);
	out->text = xmemdupz(data, out->textlen);
	for (p = sep + 1; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *sp;
		struct note_sig *s;

		if (out->nsigs >= NOTE_MAX_SIGS) {
			ret = err_set(ERR_TOOBIG, "%s: more than %d signatures", name,
			              NOTE_MAX_SIGS);
			goto done;
		}
		if ((size_t)(nl - p) < sizeof(em_dash) || memcmp(p, em_dash, sizeof(em_dash) - 1)) {
			ret = err_set(ERR_PARSE, "%s: a signature line starts with \"— \"", name);
			goto done;
		}
		p += sizeof(em_dash) - 1;
		sp = memchr(p, ' ', (size_t)(nl - p));
		if (!sp || !note_key_name_valid(p, (size_t)(sp - p))) {
			ret = err_set(ERR_PARSE, "%s: a signature line has no valid key name",
			              name);
			goto done;
		}
		if (b64_decode(&sig, sp + 1, (size_t)(nl - sp - 1), NOTE_MAX_SIG_LEN + 4) < 0 ||
		    sig.len < 5) {
			ret = err_set(ERR_PARSE,
			              "%s: a signature is not valid base64 of 5 to %d bytes", name,
			              NOTE_MAX_SIG_LEN + 4);
			goto done;
		}
		ALLOC_GROW(out->sigs, out->nsigs + 1, alloc);
		s = &out->sigs[out->nsigs++];
		s->name = xstrndup(p, (size_t)(sp - p));
		s->keyid = (uint32_t)(uint8_t)sig.ptr[0] << 24 |
		           (uint32_t)(uint8_t)sig.ptr[1] << 16 |
		           (uint32_t)(uint8_t)sig.ptr[2] << 8 | (uint32_t)(uint8_t)sig.ptr[3];
		s->siglen = sig.len - 4;
		s->sig = xmemdupz(sig.ptr + 4, s->siglen);
		p = nl + 1;
	}
	if (!out->nsigs)
		ret = err_set(ERR_PARSE, "%s: a signed note has at least one signature", name);
done:
	buf_release(&sig);
	if (ret < 0)
		note_release(out);
	return ret;
}

uint32_t note_ed25519_keyid(const char *name, const uint8_t pk[32])
{
	struct sha256 h;
	uint8_t d[SHA256_LEN];
	const uint8_t sep[2] = { '\n', NOTE_ED25519_TYPE };

	sha256_init(&h);
	sha256_update(&h, name, strlen(name));
	sha256_update(&h, sep, 2);
	sha256_update(&h, pk, 32);
	sha256_final(&h, d);
	return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
}

int note_vkey_format(struct buf *out, const char *name, const uint8_t pk[32])
{
	uint8_t tk[33];

	if (!note_key_name_valid(name, strlen(name)))
		return err_set(ERR_USAGE, "'%s' is not a valid key name (no spaces, no '+')", name);
	tk[0] = NOTE_ED25519_TYPE;
	memcpy(tk + 1, pk, 32);
	if (buf_addf(out, "%s+%08" PRIx32 "+", name, note_ed25519_keyid(name, pk)) < 0)
		return err_code();
	return base64_append(out, tk, sizeof(tk));
}

int note_vkey_parse(char **out_name, uint32_t *out_keyid, uint8_t out_pk[32], const char *s,
                    size_t len)
{
	const char *p1 = memchr(s, '+', len), *p2;
	struct buf raw = BUF_INIT;
	uint64_t id;
	int ret = 0;
	char *name = NULL;

	if (!p1 || !(p2 = memchr(p1 + 1, '+', (size_t)(s + len - p1 - 1))))
		return err_set(ERR_PARSE, "a verifier key is NAME+ID+KEY");
	if (!note_key_name_valid(s, (size_t)(p1 - s)))
		return err_set(ERR_PARSE, "verifier key has an invalid name");
	if (p2 - p1 - 1 != 8)
		return err_set(ERR_PARSE, "verifier key id is not 8 hex digits");
	id = 0;
	for (const char *q = p1 + 1; q < p2; q++) {
		int v = *q >= '0' && *q <= '9'   ? *q - '0'
		        : *q >= 'a' && *q <= 'f' ? *q - 'a' + 10
		                                 : -1;

		if (v < 0)
			return err_set(ERR_PARSE, "verifier key id is not 8 lower-case hex digits");
		id = id << 4 | (uint64_t)v;
	}
	if (b64_decode(&raw, p2 + 1, (size_t)(s + len - p2 - 1), 64) < 0 || raw.len != 33 ||
	    (uint8_t)raw.ptr[0] != NOTE_ED25519_TYPE) {
		ret = err_set(ERR_UNSUPPORTED, "verifier key is not an Ed25519 key (type 0x01)");
		goto done;
	}
	name = xstrndup(s, (size_t)(p1 - s));
	if (note_ed25519_keyid(name, (const uint8_t *)raw.ptr + 1) != (uint32_t)id) {
		ret = err_set(ERR_PARSE, "verifier key id does not match its name and key");
		goto done;
	}
	memcpy(out_pk, raw.ptr + 1, 32);
	*out_keyid = (uint32_t)id;
	*out_name = name;
	name = NULL;
done:
	free(name);
	buf_release(&raw);
	return ret;
}

int note_sign_ed25519(struct buf *out, const char *text, size_t len, const char *name,
                      const uint8_t sk[64])
{
	uint8_t sig[4 + crypto_sign_BYTES];
	uint32_t id;

	if (!len || text[len - 1] != '\n' || !text_valid(text, len))
		return err_set(ERR_USAGE,
		               "note text must be UTF-8 lines without control characters");
	if (len > 1 && text[len - 2] == '\n')
		return err_set(ERR_USAGE, "note text must not end with a blank line");
	if (!note_key_name_valid(name, strlen(name)))
		return err_set(ERR_USAGE, "'%s' is not a valid key name (no spaces, no '+')", name);
	id = note_ed25519_keyid(name, sk + 32);
	sig[0] = (uint8_t)(id >> 24);
	sig[1] = (uint8_t)(id >> 16);
	sig[2] = (uint8_t)(id >> 8);
	sig[3] = (uint8_t)id;
	crypto_sign_detached(sig + 4, NULL, (const unsigned char *)text, len, sk);
	if (buf_add(out, text, len) < 0 || buf_addch(out, '\n') < 0 || buf_adds(out, em_dash) < 0 ||
	    buf_adds(out, name) < 0 || buf_addch(out, ' ') < 0 ||
	    base64_append(out, sig, sizeof(sig)) < 0 || buf_addch(out, '\n') < 0)
		return err_code();
	return 0;
}

int note_verify_ed25519(const struct note *n, const char *name, const uint8_t pk[32])
{
	uint32_t id = note_ed25519_keyid(name, pk);
	bool seen = false;

	for (size_t i = 0; i < n->nsigs; i++) {
		const struct note_sig *s = &n->sigs[i];

		if (s->keyid != id || strcmp(s->name, name))
			continue;
		seen = true;
		if (s->siglen != crypto_sign_BYTES ||
		    crypto_sign_verify_detached(s->sig, (const unsigned char *)n->text, n->textlen,
		                                pk) != 0)
			return err_set(ERR_VERIFY,
			               "the signature by '%s+%08" PRIx32 "' does not verify", name,
			               id);
	}
	if (!seen)
		return err_set(ERR_NOTFOUND, "no signature by key '%s+%08" PRIx32 "'", name, id);
	return 0;
}

void checkpoint_release(struct checkpoint *c)
{
	if (!c)
		return;
	free(c->origin);
	*c = (struct checkpoint)CHECKPOINT_INIT;
}

int checkpoint_parse(struct checkpoint *out, const char *text, size_t len, const char *name)
{
	const char *p = text, *end = text + len;
	struct buf root = BUF_INIT;
	size_t line = 0;
	int ret = 0;

	*out = (struct checkpoint)CHECKPOINT_INIT;
	if (!len || text[len - 1] != '\n')
		return err_set(ERR_PARSE, "%s: a checkpoint ends with a newline", name);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)(nl - p);

		line++;
		if (n == 0) {
			ret = err_set(ERR_PARSE, "%s:%zu: empty line in a checkpoint", name, line);
			goto done;
		}
		if (line == 1) {
			out->origin = xstrndup(p, n);
		} else if (line == 2) {
			if (num_parse_u64(&out->size, p, n, UINT64_MAX, 0) < 0) {
				ret = err_set(ERR_PARSE,
				              "%s:2: tree size is not a decimal number without "
				              "leading zeros",
				              name);
				goto done;
			}
		} else if (line == 3) {
			if (b64_decode(&root, p, n, 32) < 0 || root.len != 32) {
				ret = err_set(ERR_PARSE,
				              "%s:3: root hash is not base64 of 32 bytes", name);
				goto done;
			}
			memcpy(out->root, root.ptr, 32);
		} else {
			out->nextensions++;
		}
		p = nl + 1;
	}
	if (line < 3)
		ret = err_set(ERR_PARSE, "%s: a checkpoint has origin, size and root lines", name);
done:
	buf_release(&root);
	if (ret < 0)
		checkpoint_release(out);
	return ret;
}

int checkpoint_verify(struct checkpoint *out, const struct note *n, const char *name,
                      const uint8_t pk[32], const char *label)
{
	int r;

	*out = (struct checkpoint)CHECKPOINT_INIT;
	if ((r = note_verify_ed25519(n, name, pk)) < 0)
		return err_prefix("%s: ", label);
	if ((r = checkpoint_parse(out, n->text, n->textlen, label)) < 0)
		return r;
	if (strcmp(out->origin, name)) {
		r = err_set(ERR_VERIFY,
		            "%s: the checkpoint's origin '%s' is not the key name '%s': it is "
		            "another log's",
		            label, out->origin, name);
		checkpoint_release(out);
	}
	return r;
}

int checkpoint_format(struct buf *out, const char *origin, uint64_t size, const uint8_t root[32])
{
	if (!*origin || strchr(origin, '\n') || !text_valid(origin, strlen(origin)))
		return err_set(ERR_USAGE, "'%s' is not a valid checkpoint origin", origin);
	if (buf_addf(out, "%s\n%" PRIu64 "\n", origin, size) < 0 ||
	    base64_append(out, root, 32) < 0 || buf_addch(out, '\n') < 0)
		return err_code();
	return 0;
}
