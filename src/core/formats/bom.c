/*
 * bom.c: helpers shared by the CycloneDX and SPDX writers.
 */
#include "util/compat.h"
#include "core/formats/bom.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/hash.h"

const struct bom_flag_prop bom_flag_props[] = {
	{ PKG_BUNDLED, "vouch:bundled" },
	{ PKG_DEV, "vouch:dev" },
	{ PKG_DIRECT, "vouch:direct" },
	{ PKG_LOCAL, "vouch:local" },
	{ PKG_OPTIONAL, "vouch:optional" },
	{ PKG_PEER, "vouch:peer" },
	{ PKG_ROOT, "vouch:root" },
	{ PKG_TRANSITIVE, "vouch:transitive" },
	{ PKG_UNRESOLVED, "vouch:unresolved" },
};
const size_t bom_nflag_props = ARRAY_SIZE(bom_flag_props);

const struct pkg *bom_root(const struct inventory *inv)
{
	const struct pkg *root = NULL;

	for (size_t i = 0; i < inv->npkgs; i++) {
		if (!(inv->pkgs[i]->flags & PKG_ROOT))
			continue;
		if (root)
			return NULL;
		root = inv->pkgs[i];
	}
	return root;
}

void bom_subject_name(struct buf *out, const struct bom_meta *m)
{
	for (size_t i = 0; i < m->nsubjects; i++) {
		const char *s = m->subjects[i];
		size_t n = strlen(s);

		/* "dir/" and "dir" name the same subject */
		while (n > 1 && s[n - 1] == '/')
			n--;
		if (i)
			buf_adds(out, " ");
		buf_add(out, s, n);
	}
	if (!out->len)
		buf_adds(out, "unnamed");
}

/* License expressions: a small recursive-descent check. */
struct lexpr {
	const char *p;
	int depth;
};

static void lx_space(struct lexpr *x)
{
	while (*x->p == ' ' || *x->p == '\t')
		x->p++;
}

/* idstring = 1*(ALPHA / DIGIT / "-" / "." ), with "LicenseRef-", "DocumentRef-x:" forms */
static size_t lx_id(struct lexpr *x)
{
	size_t n = 0;

	while ((x->p[n] >= 'A' && x->p[n] <= 'Z') || (x->p[n] >= 'a' && x->p[n] <= 'z') ||
	       (x->p[n] >= '0' && x->p[n] <= '9') || x->p[n] == '-' || x->p[n] == '.' ||
	       x->p[n] == ':')
		n++;
	return n;
}

static bool lx_word(struct lexpr *x, const char *w)
{
	size_t n = strlen(w);

	if (strncmp(x->p, w, n) || (x->p[n] != ' ' && x->p[n] != '(' && x->p[n] != '\t'))
		return false;
	x->p += n;
	return true;
}

static bool lx_expr(struct lexpr *x);

static bool lx_term(struct lexpr *x)
{
	size_t n;

	lx_space(x);
	if (*x->p == '(') {
		if (++x->depth > 32)
			return false;
		x->p++;
		if (!lx_expr(x))
			return false;
		lx_space(x);
		if (*x->p != ')')
			return false;
		x->p++;
		x->depth--;
		return true;
	}
	n = lx_id(x);
	if (!n)
		return false;
	if ((n == 3 && !strncmp(x->p, "AND", 3)) || (n == 2 && !strncmp(x->p, "OR", 2)) ||
	    (n == 4 && !strncmp(x->p, "WITH", 4)))
		return false;
	x->p += n;
	if (*x->p == '+')
		x->p++;
	lx_space(x);
	if (lx_word(x, "WITH")) {
		lx_space(x);
		n = lx_id(x);
		if (!n)
			return false;
		x->p += n;
	}
	return true;
}

static bool lx_expr(struct lexpr *x)
{
	if (!lx_term(x))
		return false;
	for (;;) {
		lx_space(x);
		if (!lx_word(x, "AND") && !lx_word(x, "OR") && !lx_word(x, "and") &&
		    !lx_word(x, "or"))
			return true;
		if (!lx_term(x))
			return false;
	}
}

bool bom_license_is_expression(const char *s)
{
	struct lexpr x = { s, 0 };

	if (!s || !*s || strlen(s) > 4096)
		return false;
	if (!lx_expr(&x))
		return false;
	lx_space(&x);
	return *x.p == '\0';
}

void bom_time(char out[32], time_t t)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
		memcpy(out, "1970-01-01T00:00:00Z", 21);
}

void bom_uuid(char out[37], const void *data, size_t len)
{
	uint8_t h[BLAKE2B_LEN];
	char hex[33];

	/* BLAKE2b: several times faster than SHA-256 on multi-megabyte BOMs */
	hash_blake2b(h, sizeof(h), data, len, NULL, 0);
	h[6] = (uint8_t)((h[6] & 0x0f) | 0x50);
	h[8] = (uint8_t)((h[8] & 0x3f) | 0x80);
	hex_encode(hex, h, 16);
	memcpy(out, hex, 8);
	out[8] = '-';
	memcpy(out + 9, hex + 8, 4);
	out[13] = '-';
	memcpy(out + 14, hex + 12, 4);
	out[18] = '-';
	memcpy(out + 19, hex + 16, 4);
	out[23] = '-';
	memcpy(out + 24, hex + 20, 12);
	out[36] = '\0';
}

int bom_patch_uuid(struct buf *doc)
{
	char *at = memmem(doc->ptr, doc->len, BOM_UUID_PLACEHOLDER, 36);
	char uuid[37];

	if (!at)
		return err_set(ERR_GENERIC, "no serial number placeholder in the document");
	bom_uuid(uuid, doc->ptr, doc->len);
	memcpy(at, uuid, 36);
	return 0;
}

const struct pkg *bom_find(const struct inventory *inv, const char *purl)
{
	size_t lo = 0, hi = inv->npkgs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(inv->pkgs[mid]->purl, purl);

		if (!c)
			return inv->pkgs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * What the generic subject depends on when no single root package exists:
 * the root packages of each lockfile; else the direct dependencies; else
 * every package that nothing else depends on.
 */
char **bom_subject_deps(const struct inventory *inv, size_t *n_out)
{
	char **v = xreallocarray(NULL, inv->npkgs ? inv->npkgs : 1, sizeof(*v));
	size_t n = 0;
	unsigned want = 0;

	for (size_t i = 0; i < inv->npkgs && !want; i++)
		if (inv->pkgs[i]->flags & PKG_ROOT)
			want = PKG_ROOT;
	for (size_t i = 0; i < inv->npkgs && !want; i++)
		if (inv->pkgs[i]->flags & PKG_DIRECT)
			want = PKG_DIRECT;
	if (want) {
		for (size_t i = 0; i < inv->npkgs; i++)
			if (inv->pkgs[i]->flags & want)
				v[n++] = inv->pkgs[i]->purl;
	} else {
		bool *used = xcalloc(inv->npkgs ? inv->npkgs : 1, sizeof(*used));

		for (size_t i = 0; i < inv->npkgs; i++)
			for (size_t k = 0; k < inv->pkgs[i]->ndeps; k++) {
				size_t lo = 0, hi = inv->npkgs;

				while (lo < hi) {
					size_t mid = lo + (hi - lo) / 2;
					int c = strcmp(inv->pkgs[mid]->purl, inv->pkgs[i]->deps[k]);

					if (!c) {
						if (mid != i)
							used[mid] = true;
						break;
					}
					if (c < 0)
						lo = mid + 1;
					else
						hi = mid;
				}
			}
		for (size_t i = 0; i < inv->npkgs; i++)
			if (!used[i])
				v[n++] = inv->pkgs[i]->purl;
		free(used);
	}
	*n_out = n;
	return v;
}
