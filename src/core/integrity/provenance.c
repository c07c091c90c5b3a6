#include "util/compat.h"
#include "core/integrity/provenance.h"
#include "util/alloc.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/json.h"

static void resource_release(struct prov_resource *r)
{
	for (size_t i = 0; i < r->ndigests; i++) {
		free(r->digests[i].alg);
		free(r->digests[i].hex);
	}
	free(r->digests);
	free(r->name);
	free(r->uri);
	memset(r, 0, sizeof(*r));
}

void provenance_release(struct provenance *p)
{
	for (size_t i = 0; i < p->nsubjects; i++)
		resource_release(&p->subjects[i]);
	for (size_t i = 0; i < p->ndeps; i++)
		resource_release(&p->deps[i]);
	free(p->subjects);
	free(p->deps);
	p->subjects = p->deps = NULL;
	p->nsubjects = p->ndeps = p->subjects_alloc = p->deps_alloc = 0;
}

static void resource_add_digest(struct prov_resource *r, const char *alg, const char *hex,
                                size_t hexlen)
{
	struct prov_digest *d;

	for (size_t i = 0; i < r->ndigests; i++)
		if (!strcmp(r->digests[i].alg, alg))
			return; /* the first one given wins */
	ALLOC_GROW(r->digests, r->ndigests + 1, r->alloc);
	d = &r->digests[r->ndigests++];
	d->alg = xstrdup(alg);
	d->hex = xmemdupz(hex, hexlen);
	for (size_t i = 0; i < hexlen; i++)
		if (d->hex[i] >= 'A' && d->hex[i] <= 'F')
			d->hex[i] = (char)(d->hex[i] - 'A' + 'a');
}

int provenance_add_subject(struct provenance *p, const char *name, const char *path)
{
	uint8_t sha[SHA256_LEN];
	char hex[2 * SHA256_LEN + 1];
	struct prov_resource *r;
	int ret;

	if ((ret = hash_sha256_file(sha, path)) < 0)
		return ret;
	for (size_t i = 0; i < p->nsubjects; i++)
		if (!strcmp(p->subjects[i].name, name))
			return 0; /* named twice on the command line */
	hex_encode(hex, sha, sizeof(sha));
	ALLOC_GROW(p->subjects, p->nsubjects + 1, p->subjects_alloc);
	r = &p->subjects[p->nsubjects++];
	memset(r, 0, sizeof(*r));
	r->name = xstrdup(name);
	resource_add_digest(r, "sha256", hex, 2 * SHA256_LEN);
	return 0;
}

/* ---- SBOM reading ---- */

struct alg_map {
	const char *from, *to;
	size_t hexlen;
};

/* CycloneDX hash-alg names (1.x schema enum) -> in-toto DigestSet names. */
static const struct alg_map cdx_algs[] = {
	{ "MD5", "md5", 32 },           { "SHA-1", "sha1", 40 },
	{ "SHA-256", "sha256", 64 },    { "SHA-384", "sha384", 96 },
	{ "SHA-512", "sha512", 128 },   { "SHA3-256", "sha3_256", 64 },
	{ "SHA3-384", "sha3_384", 96 }, { "SHA3-512", "sha3_512", 128 },
};

/* SPDX 2.x checksum algorithms -> in-toto DigestSet names. */
static const struct alg_map spdx_algs[] = {
	{ "MD5", "md5", 32 },
	{ "SHA1", "sha1", 40 },
	{ "SHA224", "sha224", 56 },
	{ "SHA256", "sha256", 64 },
	{ "SHA384", "sha384", 96 },
	{ "SHA512", "sha512", 128 },
	{ "SHA3-256", "sha3_256", 64 },
	{ "SHA3-384", "sha3_384", 96 },
	{ "SHA3-512", "sha3_512", 128 },
};

static bool is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	return true;
}

/* Adds (alg, value) when alg is known and value is hex of the right length. */
static void add_mapped_digest(struct prov_resource *r, const struct alg_map *map, size_t nmap,
                              const char *alg, const char *value)
{
	size_t n;

	if (!alg || !value)
		return;
	n = strlen(value);
	for (size_t i = 0; i < nmap; i++)
		if (!strcmp(map[i].from, alg) && n == map[i].hexlen && is_hex(value, n))
			resource_add_digest(r, map[i].to, value, n);
}

static int add_dep(struct provenance *p, struct prov_resource *r, size_t *nskipped)
{
	if (!r->uri && !r->ndigests) {
		(*nskipped)++;
		resource_release(r);
		return 0;
	}
	if (p->ndeps >= PROV_MAX_DEPS) {
		resource_release(r);
		return err_set(ERR_TOOBIG, "more than %d dependencies", PROV_MAX_DEPS);
	}
	ALLOC_GROW(p->deps, p->ndeps + 1, p->deps_alloc);
	p->deps[p->ndeps++] = *r;
	memset(r, 0, sizeof(*r));
	return 0;
}

static int cdx_components(struct provenance *p, const json_t *arr, size_t *nskipped, int depth)
{
	size_t i;
	json_t *c;
	int ret;

	if (!json_is_array(arr))
		return 0;
	if (depth > 64)
		return err_set(ERR_TOOBIG, "components nested more than 64 deep");
	json_array_foreach(arr, i, c)
	{
		struct prov_resource r = { 0 };
		const json_t *hashes = json_object_get(c, "hashes"), *h;
		size_t j;

		if (!json_is_object(c))
			continue;
		if (vjson_str(c, "purl"))
			r.uri = xstrdup(vjson_str(c, "purl"));
		if (vjson_str(c, "name"))
			r.name = xstrdup(vjson_str(c, "name"));
		if (json_is_array(hashes))
			json_array_foreach(hashes, j, h)
			        add_mapped_digest(&r, cdx_algs, ARRAY_SIZE(cdx_algs),
			                          vjson_str(h, "alg"), vjson_str(h, "content"));
		if ((ret = add_dep(p, &r, nskipped)) < 0)
			return ret;
		if ((ret = cdx_components(p, json_object_get(c, "components"), nskipped,
		                          depth + 1)) < 0)
			return ret;
	}
	return 0;
}

static int spdx_packages(struct provenance *p, const json_t *doc, size_t *nskipped)
{
	const json_t *pkgs = json_object_get(doc, "packages"), *pk;
	size_t i;
	int ret;

	json_array_foreach(pkgs, i, pk)
	{
		struct prov_resource r = { 0 };
		const json_t *refs = json_object_get(pk, "externalRefs"), *ref;
		const json_t *sums = json_object_get(pk, "checksums"), *cs;
		size_t j;

		if (!json_is_object(pk))
			continue;
		json_array_foreach(refs, j, ref)
		{
			const char *type = vjson_str(ref, "referenceType");
			const char *loc = vjson_str(ref, "referenceLocator");

			if (!r.uri && type && loc && !strcmp(type, "purl"))
				r.uri = xstrdup(loc);
		}
		if (vjson_str(pk, "name"))
			r.name = xstrdup(vjson_str(pk, "name"));
		json_array_foreach(sums, j, cs) add_mapped_digest(
		        &r, spdx_algs, ARRAY_SIZE(spdx_algs), vjson_str(cs, "algorithm"),
		        vjson_str(cs, "checksumValue"));
		if ((ret = add_dep(p, &r, nskipped)) < 0)
			return ret;
	}
	return 0;
}

int provenance_add_sbom(struct provenance *p, const char *path, size_t *nskipped)
{
	json_t *doc = NULL;
	const char *fmt, *spdx;
	int r;

	*nskipped = 0;
	if ((r = vjson_load_file(&doc, path, 0)) < 0)
		return r;
	fmt = vjson_str(doc, "bomFormat");
	spdx = vjson_str(doc, "spdxVersion");
	if (fmt && !strcmp(fmt, "CycloneDX")) {
		r = cdx_components(p, json_object_get(doc, "components"), nskipped, 0);
	} else if (spdx && !strncmp(spdx, "SPDX-2.", 7)) {
		r = spdx_packages(p, doc, nskipped);
	} else {
		r = err_set(ERR_UNSUPPORTED,
		            "'%s' is neither a CycloneDX JSON SBOM (bomFormat) nor SPDX 2.x JSON "
		            "(spdxVersion)",
		            path);
	}
	if (r < 0 && err_code() != ERR_UNSUPPORTED)
		err_prefix("'%s': ", path);
	json_decref(doc);
	return r;
}

/* ---- writing ---- */

static void write_resource(struct jw *w, const struct prov_resource *r)
{
	jw_obj_begin(w);
	if (r->name)
		jw_kstr(w, "name", r->name);
	if (r->uri)
		jw_kstr(w, "uri", r->uri);
	if (r->ndigests) {
		jw_key(w, "digest");
		jw_obj_begin(w);
		for (size_t i = 0; i < r->ndigests; i++)
			jw_kstr(w, r->digests[i].alg, r->digests[i].hex);
		jw_obj_end(w);
	}
	jw_obj_end(w);
}

int provenance_statement(struct buf *out, const struct provenance *p)
{
	char started[EPOCH_RFC3339_LEN], finished[EPOCH_RFC3339_LEN];
	struct jw w;
	int r;

	if (!p->nsubjects)
		return err_set(ERR_USAGE, "a statement needs at least one subject");
	if (!p->builder_id || !*p->builder_id || !p->build_type || !*p->build_type)
		return err_set(ERR_USAGE, "a provenance needs a builder id and a build type");
	if ((r = epoch_rfc3339(started, p->started_on)) < 0 ||
	    (r = epoch_rfc3339(finished, p->finished_on)) < 0)
		return r;
	jw_init(&w, out, false);
	jw_obj_begin(&w);
	jw_kstr(&w, "_type", INTOTO_STATEMENT_V1);
	jw_key(&w, "subject");
	jw_arr_begin(&w);
	for (size_t i = 0; i < p->nsubjects; i++)
		write_resource(&w, &p->subjects[i]);
	jw_arr_end(&w);
	jw_kstr(&w, "predicateType", SLSA_PROVENANCE_V1);
	jw_key(&w, "predicate");
	jw_obj_begin(&w);
	jw_key(&w, "buildDefinition");
	jw_obj_begin(&w);
	jw_kstr(&w, "buildType", p->build_type);
	jw_key(&w, "externalParameters");
	jw_obj_begin(&w);
	for (size_t i = 0; i < p->nparams; i++)
		jw_kstr(&w, p->param_keys[i], p->param_values[i]);
	jw_obj_end(&w);
	jw_key(&w, "resolvedDependencies");
	jw_arr_begin(&w);
	for (size_t i = 0; i < p->ndeps; i++)
		write_resource(&w, &p->deps[i]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_key(&w, "runDetails");
	jw_obj_begin(&w);
	jw_key(&w, "builder");
	jw_obj_begin(&w);
	jw_kstr(&w, "id", p->builder_id);
	jw_obj_end(&w);
	jw_key(&w, "metadata");
	jw_obj_begin(&w);
	if (p->invocation_id)
		jw_kstr(&w, "invocationId", p->invocation_id);
	jw_kstr(&w, "startedOn", started);
	jw_kstr(&w, "finishedOn", finished);
	jw_obj_end(&w);
	jw_obj_end(&w);
	jw_obj_end(&w);
	jw_obj_end(&w);
	return jw_finish(&w);
}

/* ---- checking ---- */

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int num2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

bool rfc3339_valid(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	size_t n = strlen(s), i = 19;
	int year, mon, day;

	/* YYYY-MM-DDThh:mm:ss */
	if (n < 20 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2) || (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2) ||
	    s[13] != ':' || !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2))
		return false;
	year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + num2(s + 2);
	mon = num2(s + 5);
	day = num2(s + 8);
	if (mon < 1 || mon > 12 || day < 1 || day > mdays[mon - 1] ||
	    (mon == 2 && day == 29 && !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)))
		return false;
	if (num2(s + 11) > 23 || num2(s + 14) > 59 || num2(s + 17) > 60)
		return false;
	if (s[i] == '.') {
		size_t j = ++i;

		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == j)
			return false;
	}
	if (i < n && (s[i] == 'Z' || s[i] == 'z'))
		return i + 1 == n;
	if (i + 6 == n && (s[i] == '+' || s[i] == '-') && digits(s + i + 1, 2) && s[i + 3] == ':' &&
	    digits(s + i + 4, 2))
		return num2(s + i + 1) <= 23 && num2(s + i + 4) <= 59;
	return false;
}

static int bad(const char *name, const char *path, const char *what)
{
	return err_set(ERR_PARSE, "'%s': %s %s", name, path, what);
}

static int check_digest_set(const json_t *d, const char *name, const char *path)
{
	const char *k;
	json_t *v;

	if (!json_is_object(d))
		return bad(name, path, "is not an object");
	json_object_foreach((json_t *)d, k, v)
	{
		const char *s = vjson_strval(v);

		if (!s)
			return bad(name, path, "holds a value that is not a string");
		/* Cryptographic digests are lower-case hex (in-toto digest_set.md). */
		if ((!strncmp(k, "sha", 3) || !strcmp(k, "md5") || !strncmp(k, "blake2", 6)) &&
		    (!*s || strlen(s) % 2 || !is_hex(s, strlen(s)) || strpbrk(s, "ABCDEF")))
			return bad(name, path, "holds a digest that is not lower-case hex");
	}
	return 0;
}

/* A ResourceDescriptor: at least one of uri, digest, content; typed fields. */
static int check_resource(const json_t *r, bool need_digest, const char *name, const char *path)
{
	static const char *const strs[] = { "name", "uri", "content", "downloadLocation",
		                            "mediaType" };
	const json_t *d = json_object_get(r, "digest");
	char sub[160];

	if (!json_is_object(r))
		return bad(name, path, "is not an object");
	for (size_t i = 0; i < ARRAY_SIZE(strs); i++) {
		const json_t *v = json_object_get(r, strs[i]);

		if (v && !json_is_null(v) && !json_is_string(v)) {
			snprintf(sub, sizeof(sub), "%s.%s", path, strs[i]);
			return bad(name, sub, "is not a string");
		}
	}
	if (json_object_get(r, "annotations") && !json_is_object(json_object_get(r, "annotations")))
		return bad(name, path, "annotations is not an object");
	if (d) {
		snprintf(sub, sizeof(sub), "%s.digest", path);
		if (check_digest_set(d, name, sub) < 0)
			return ERR_PARSE;
		if (need_digest && json_object_size(d) == 0)
			return bad(name, sub, "is empty");
	} else if (need_digest) {
		return bad(name, path, "has no digest");
	}
	if (!d && !vjson_str(r, "uri") && !vjson_str(r, "content"))
		return bad(name, path, "has none of uri, digest, content");
	return 0;
}

static const json_t *member(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_null(v) ? NULL : v;
}

static int check_slsa(const json_t *pred, const char *name)
{
	const json_t *bd, *rd, *b, *md, *v, *deps, *dep;
	static const char *const times[] = { "startedOn", "finishedOn" };
	char path[96];
	size_t i;

	if (!json_is_object(pred))
		return bad(name, "predicate", "is missing or not an object");
	bd = member(pred, "buildDefinition");
	rd = member(pred, "runDetails");
	if (!json_is_object(bd))
		return bad(name, "predicate.buildDefinition", "is missing or not an object");
	if (!vjson_str(bd, "buildType") || !*vjson_str(bd, "buildType"))
		return bad(name, "predicate.buildDefinition.buildType",
		           "is missing or not a string");
	if (!json_is_object(member(bd, "externalParameters")))
		return bad(name, "predicate.buildDefinition.externalParameters",
		           "is missing or not an object");
	v = member(bd, "internalParameters");
	if (v && !json_is_object(v))
		return bad(name, "predicate.buildDefinition.internalParameters",
		           "is not an object");
	deps = member(bd, "resolvedDependencies");
	if (deps && !json_is_array(deps))
		return bad(name, "predicate.buildDefinition.resolvedDependencies",
		           "is not an array");
	json_array_foreach(deps, i, dep)
	{
		snprintf(path, sizeof(path), "predicate.buildDefinition.resolvedDependencies[%zu]",
		         i);
		if (check_resource(dep, false, name, path) < 0)
			return ERR_PARSE;
	}
	if (!json_is_object(rd))
		return bad(name, "predicate.runDetails", "is missing or not an object");
	b = member(rd, "builder");
	if (!json_is_object(b) || !vjson_str(b, "id") || !*vjson_str(b, "id"))
		return bad(name, "predicate.runDetails.builder.id", "is missing or not a string");
	md = member(rd, "metadata");
	if (md && !json_is_object(md))
		return bad(name, "predicate.runDetails.metadata", "is not an object");
	if (md) {
		v = member(md, "invocationId");
		if (v && !json_is_string(v))
			return bad(name, "predicate.runDetails.metadata.invocationId",
			           "is not a string");
		for (i = 0; i < ARRAY_SIZE(times); i++) {
			v = member(md, times[i]);
			snprintf(path, sizeof(path), "predicate.runDetails.metadata.%s", times[i]);
			if (v && (!vjson_strval(v) || !rfc3339_valid(vjson_strval(v))))
				return bad(name, path, "is not an RFC 3339 time");
		}
	}
	v = member(rd, "byproducts");
	if (v && !json_is_array(v))
		return bad(name, "predicate.runDetails.byproducts", "is not an array");
	return 0;
}

int statement_check(json_t **out, const char *payload, size_t len, const char *name)
{
	json_t *st = NULL;
	const json_t *subj, *s, *pred;
	const char *type, *ptype;
	char path[64];
	size_t i;
	int r;

	if ((r = vjson_parse(&st, payload, len, name)) < 0)
		return r;
	r = ERR_PARSE;
	if (!json_is_object(st)) {
		bad(name, "the statement", "is not a JSON object");
		goto done;
	}
	type = vjson_str(st, "_type");
	if (!type) {
		bad(name, "_type", "is missing or not a string");
		goto done;
	}
	if (strcmp(type, INTOTO_STATEMENT_V1)) {
		err_set(ERR_UNSUPPORTED, "'%s': statement type '%s' is not '%s'", name, type,
		        INTOTO_STATEMENT_V1);
		r = ERR_UNSUPPORTED;
		goto done;
	}
	subj = json_object_get(st, "subject");
	if (!json_is_array(subj) || json_array_size(subj) == 0) {
		bad(name, "subject", "is missing, empty or not an array");
		goto done;
	}
	json_array_foreach(subj, i, s)
	{
		snprintf(path, sizeof(path), "subject[%zu]", i);
		if (check_resource(s, true, name, path) < 0)
			goto done;
	}
	ptype = vjson_str(st, "predicateType");
	if (!ptype || !*ptype) {
		bad(name, "predicateType", "is missing or not a string");
		goto done;
	}
	pred = member(st, "predicate");
	if (pred && !json_is_object(pred)) {
		bad(name, "predicate", "is not an object");
		goto done;
	}
	if (!strcmp(ptype, SLSA_PROVENANCE_V1) && check_slsa(pred, name) < 0)
		goto done;
	*out = st;
	st = NULL;
	r = 0;
done:
	json_decref(st);
	return r;
}

bool statement_has_sha256(const json_t *st, const uint8_t sha[32])
{
	char hex[2 * SHA256_LEN + 1];
	const json_t *s;
	size_t i;

	hex_encode(hex, sha, SHA256_LEN);
	json_array_foreach(json_object_get(st, "subject"), i, s)
	{
		const char *d = vjson_str(json_object_get(s, "digest"), "sha256");

		if (d && !strcmp(d, hex))
			return true;
	}
	return false;
}
