/*
 * spdx.c: SPDX 2.3 JSON.
 */
#include "util/compat.h"
#include "core/formats/spdx.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/json.h"

#define SUBJECT_ID "SPDXRef-Subject"

const char *spdx_checksum_alg(const char *alg)
{
	static const char *const map[][2] = {
		{ "SHA-1", "SHA1" },
		{ "SHA-256", "SHA256" },
		{ "SHA-384", "SHA384" },
		{ "SHA-512", "SHA512" },
		{ "MD5", "MD5" },
		{ "SHA3-256", "SHA3-256" },
		{ "SHA3-384", "SHA3-384" },
		{ "SHA3-512", "SHA3-512" },
		{ "BLAKE2b-256", "BLAKE2b-256" },
		{ "BLAKE2b-384", "BLAKE2b-384" },
		{ "BLAKE2b-512", "BLAKE2b-512" },
		{ "BLAKE3", "BLAKE3" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(map[i][0], alg))
			return map[i][1];
	return NULL;
}

/* "SPDXRef-Package-npm-left-pad-1.3.0-1a2b3c4d": idstring is [A-Za-z0-9.-]+ */
static void spdx_id(struct buf *out, const char *purl)
{
	uint8_t h[SHA256_LEN];
	const char *p = purl;
	size_t n = 0;

	buf_reset(out);
	buf_adds(out, "SPDXRef-Package-");
	if (!strncmp(p, "pkg:", 4))
		p += 4;
	for (; *p && *p != '?' && *p != '#' && n < 80; p++, n++) {
		char c = *p;

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.'))
			c = '-';
		buf_addch(out, c);
	}
	hash_sha256(h, purl, strlen(purl));
	buf_addch(out, '-');
	buf_addhex(out, h, 4);
}

static void spdx_name(struct buf *out, const struct pkg *p)
{
	buf_reset(out);
	if (p->namespace) {
		buf_adds(out, p->namespace);
		buf_adds(out, !strcmp(p->purl_type, "maven") ? ":" : "/");
	}
	buf_adds(out, p->name);
}

/* externalRefs: the package's purl, the one reference SPDX tools match on */
static void write_purl_ref(struct jw *w, const char *purl)
{
	jw_key(w, "externalRefs");
	jw_arr_begin(w);
	jw_obj_begin(w);
	jw_kstr(w, "referenceCategory", "PACKAGE-MANAGER");
	jw_kstr(w, "referenceType", "purl");
	jw_kstr(w, "referenceLocator", purl);
	jw_obj_end(w);
	jw_arr_end(w);
}

static void write_package(struct jw *w, const struct pkg *p, struct buf *tmp)
{
	jw_obj_begin(w);
	spdx_name(tmp, p);
	jw_kstr(w, "name", tmp->ptr);
	spdx_id(tmp, p->purl);
	jw_kstr(w, "SPDXID", tmp->ptr);
	if (p->version)
		jw_kstr(w, "versionInfo", p->version);
	jw_kstr(w, "downloadLocation", "NOASSERTION");
	jw_kbool(w, "filesAnalyzed", false);
	if (p->nhashes) {
		bool any = false;

		for (size_t i = 0; i < p->nhashes; i++) {
			const char *alg = spdx_checksum_alg(p->hashes[i].alg);

			if (!alg)
				continue;
			if (!any) {
				jw_key(w, "checksums");
				jw_arr_begin(w);
				any = true;
			}
			jw_obj_begin(w);
			jw_kstr(w, "algorithm", alg);
			jw_kstr(w, "checksumValue", p->hashes[i].hex);
			jw_obj_end(w);
		}
		if (any)
			jw_arr_end(w);
	}
	jw_kstr(w, "licenseConcluded", "NOASSERTION");
	jw_kstr(w, "licenseDeclared",
	        p->license && bom_license_is_expression(p->license) ? p->license : "NOASSERTION");
	jw_kstr(w, "copyrightText", "NOASSERTION");
	/* where it was found, and the vouch: flags, for readers of the SPDX form */
	buf_reset(tmp);
	for (size_t i = 0; i < p->nlocs; i++) {
		if (i)
			buf_adds(tmp, "; ");
		buf_adds(tmp, p->locs[i].path);
		if (p->locs[i].line)
			buf_addf(tmp, ":%zu", p->locs[i].line);
		buf_addf(tmp, " (%s", p->locs[i].extractor);
		if (p->locs[i].layer)
			buf_addf(tmp, ", layer %s", p->locs[i].layer);
		buf_addch(tmp, ')');
	}
	if (tmp->len) {
		jw_key(w, "sourceInfo");
		jw_strn(w, tmp->ptr, tmp->len);
	}
	buf_reset(tmp);
	for (size_t i = 0; i < bom_nflag_props; i++)
		if (p->flags & bom_flag_props[i].flag)
			buf_addf(tmp, "%s%s=true", tmp->len ? " " : "", bom_flag_props[i].name);
	for (size_t i = 0; i < p->nprops; i++)
		buf_addf(tmp, "%s%s=%s", tmp->len ? " " : "", p->props[i].key, p->props[i].value);
	if (tmp->len) {
		jw_key(w, "comment");
		jw_strn(w, tmp->ptr, tmp->len);
	}
	write_purl_ref(w, p->purl);
	jw_kstr(w, "primaryPackagePurpose", (p->flags & PKG_ROOT) ? "APPLICATION" : "LIBRARY");
	jw_obj_end(w);
}

static void write_rel(struct jw *w, const char *from, const char *type, const char *to)
{
	jw_obj_begin(w);
	jw_kstr(w, "spdxElementId", from);
	jw_kstr(w, "relationshipType", type);
	jw_kstr(w, "relatedSpdxElement", to);
	jw_obj_end(w);
}

/* SPDX 2.3 has no properties: the image's facts go in a comment, its purl in externalRefs. */
static void write_image_facts(struct jw *w, const struct inventory *inv, struct buf *tmp)
{
	buf_reset(tmp);
	if (inv->image_digest)
		buf_addf(tmp, "vouch:image:digest=%s", inv->image_digest);
	if (inv->image_id)
		buf_addf(tmp, "%svouch:image:id=%s", tmp->len ? " " : "", inv->image_id);
	if (inv->image_os)
		buf_addf(tmp, "%svouch:image:platform=%s", tmp->len ? " " : "", inv->image_os);
	for (size_t i = 0; i < inv->nimage_layers; i++)
		buf_addf(tmp, "%svouch:image:layer=%zu:%s", tmp->len ? " " : "", i + 1,
		         inv->image_layers[i]);
	jw_kstr(w, "comment", tmp->ptr);
	buf_reset(tmp);
	if (bom_image_purl(tmp, inv) > 0)
		write_purl_ref(w, tmp->ptr);
}

int spdx_write(struct buf *out, const struct inventory *inv, const struct bom_meta *m)
{
	const struct pkg *root = bom_root(inv);
	struct buf name = BUF_INIT, a = BUF_INIT, b = BUF_INIT;
	struct bom_sink sink;
	char ts[32];
	struct jw w;
	int r;

	if (root)
		spdx_name(&name, root);
	else if (bom_is_image(inv))
		bom_image_name(&name, inv, m);
	else
		bom_subject_name(&name, m);
	bom_begin(&w, &sink, out, m);
	jw_obj_begin(&w);
	jw_kstr(&w, "spdxVersion", "SPDX-2.3");
	jw_kstr(&w, "dataLicense", "CC0-1.0");
	jw_kstr(&w, "SPDXID", "SPDXRef-DOCUMENT");
	jw_kstr(&w, "name", name.ptr);
	jw_kstr(&w, "documentNamespace", "urn:uuid:" BOM_UUID_PLACEHOLDER);
	bom_uuid_at(&sink, &w);
	jw_key(&w, "creationInfo");
	jw_obj_begin(&w);
	bom_time(ts, m->created);
	jw_kstr(&w, "created", ts);
	jw_key(&w, "creators");
	jw_arr_begin(&w);
	buf_addf(&a, "Tool: vouch-%s", m->tool_version ? m->tool_version : "unknown");
	jw_str(&w, a.ptr);
	jw_arr_end(&w);
	if (inv->nerrors) {
		/* SPDX 2.3 has no properties: say it in the creation comment */
		buf_reset(&a);
		buf_addf(&a, "vouch:complete=false; inputs not read:");
		for (size_t i = 0; i < inv->ndiags; i++) {
			const struct inv_diag *d = &inv->diags[i];

			if (d->level != INV_ERROR)
				continue;
			if (d->line)
				buf_addf(&a, "\n%s:%zu: %s", d->path, d->line, d->msg);
			else
				buf_addf(&a, "\n%s: %s", d->path, d->msg);
		}
		jw_kstr(&w, "comment", a.ptr);
	}
	jw_obj_end(&w);
	jw_key(&w, "packages");
	jw_arr_begin(&w);
	if (!root) {
		jw_obj_begin(&w);
		jw_kstr(&w, "name", name.ptr);
		jw_kstr(&w, "SPDXID", SUBJECT_ID);
		if (bom_is_image(inv))
			jw_kstr(&w, "versionInfo",
			        inv->image_digest ? inv->image_digest : inv->image_id);
		jw_kstr(&w, "downloadLocation", "NOASSERTION");
		jw_kbool(&w, "filesAnalyzed", false);
		jw_kstr(&w, "licenseConcluded", "NOASSERTION");
		jw_kstr(&w, "licenseDeclared", "NOASSERTION");
		jw_kstr(&w, "copyrightText", "NOASSERTION");
		if (bom_is_image(inv))
			write_image_facts(&w, inv, &a);
		jw_kstr(&w, "primaryPackagePurpose",
		        bom_is_image(inv) ? "CONTAINER" : "APPLICATION");
		jw_obj_end(&w);
	}
	for (size_t i = 0; i < inv->npkgs; i++)
		write_package(&w, inv->pkgs[i], &a);
	jw_arr_end(&w);
	jw_key(&w, "relationships");
	jw_arr_begin(&w);
	if (root) {
		spdx_id(&a, root->purl);
		write_rel(&w, "SPDXRef-DOCUMENT", "DESCRIBES", a.ptr);
	} else {
		write_rel(&w, "SPDXRef-DOCUMENT", "DESCRIBES", SUBJECT_ID);
		size_t n;
		char **v = bom_subject_deps(inv, &n);

		for (size_t i = 0; i < n; i++) {
			spdx_id(&a, v[i]);
			write_rel(&w, SUBJECT_ID, "DEPENDS_ON", a.ptr);
		}
		free(v);
	}
	for (size_t i = 0; i < inv->npkgs; i++) {
		const struct pkg *p = inv->pkgs[i];

		spdx_id(&a, p->purl);
		for (size_t k = 0; k < p->ndeps; k++) {
			if (!strcmp(p->deps[k], p->purl) || !bom_find(inv, p->deps[k]))
				continue;
			spdx_id(&b, p->deps[k]);
			write_rel(&w, a.ptr, "DEPENDS_ON", b.ptr);
		}
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	r = bom_end(&w, &sink);
	buf_release(&name);
	buf_release(&a);
	buf_release(&b);
	return r;
}
