/*
 * cyclonedx.c: CycloneDX 1.6 / 1.7 JSON.
 */
#include "util/compat.h"
#include "core/formats/cyclonedx.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/json.h"

#define SUBJECT_REF "vouch:subject"

static const char *component_type(const struct pkg *p)
{
	/* an image read back from a BOM of it (pkg:oci) stays a container */
	if (!strcmp(p->purl_type, "oci"))
		return "container";
	return (p->flags & PKG_ROOT) ? "application" : "library";
}

static const char *scope(const struct pkg *p)
{
	if (p->flags & PKG_ROOT)
		return NULL;
	if (p->flags & PKG_DEV)
		return "excluded";
	if (p->flags & (PKG_OPTIONAL | PKG_PEER))
		return "optional";
	return "required";
}

static void write_property(struct jw *w, const char *name, const char *value)
{
	jw_obj_begin(w);
	JW_KSTR(w, "name", name);
	JW_KSTR(w, "value", value);
	jw_obj_end(w);
}

/*
 * Properties sorted by name: the flag properties and the extractor's own
 * (already sorted by inventory_sort) merged in order.
 */
static void write_properties(struct jw *w, const struct pkg *p)
{
	size_t f = 0, k = 0;
	bool any = false;

	for (;;) {
		const char *fname = NULL;

		while (f < bom_nflag_props && !(p->flags & bom_flag_props[f].flag))
			f++;
		if (f < bom_nflag_props)
			fname = bom_flag_props[f].name;
		if (!fname && k >= p->nprops)
			break;
		if (!any) {
			JW_KEY(w, "properties");
			jw_arr_begin(w);
			any = true;
		}
		if (fname && (k >= p->nprops || strcmp(fname, p->props[k].key) <= 0)) {
			write_property(w, fname, "true");
			f++;
		} else {
			write_property(w, p->props[k].key, p->props[k].value);
			k++;
		}
	}
	if (any)
		jw_arr_end(w);
}

static void write_licenses(struct jw *w, const char *license)
{
	if (!license)
		return;
	JW_KEY(w, "licenses");
	jw_arr_begin(w);
	jw_obj_begin(w);
	if (bom_license_is_expression(license)) {
		JW_KSTR(w, "expression", license);
	} else {
		JW_KEY(w, "license");
		jw_obj_begin(w);
		JW_KSTR(w, "name", license);
		jw_obj_end(w);
	}
	jw_obj_end(w);
	jw_arr_end(w);
}

static void write_evidence(struct jw *w, const struct pkg *p)
{
	JW_KEY(w, "evidence");
	jw_obj_begin(w);
	JW_KEY(w, "identity");
	jw_arr_begin(w);
	jw_obj_begin(w);
	JW_KEY(w, "field");
	JW_STR(w, "purl");
	JW_KEY(w, "confidence");
	jw_number_raw(w, "1");
	JW_KSTR(w, "concludedValue", p->purl);
	JW_KEY(w, "methods");
	jw_arr_begin(w);
	/* one method per extractor that found it (locations are sorted by path, not extractor) */
	for (size_t i = 0; i < p->nlocs; i++) {
		bool seen = false;

		for (size_t k = 0; k < i && !seen; k++)
			seen = !strcmp(p->locs[k].extractor, p->locs[i].extractor);
		if (seen)
			continue;
		jw_obj_begin(w);
		JW_KEY(w, "technique");
		JW_STR(w, "manifest-analysis");
		JW_KEY(w, "confidence");
		jw_number_raw(w, "1");
		JW_KSTR(w, "value", p->locs[i].extractor);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	jw_arr_end(w);
	JW_KEY(w, "occurrences");
	jw_arr_begin(w);
	for (size_t i = 0; i < p->nlocs; i++) {
		const struct pkg_loc *l = &p->locs[i];

		jw_obj_begin(w);
		JW_KSTR(w, "location", l->path);
		if (l->line)
			jw_kint(w, "line", (int64_t)l->line);
		if (l->layer)
			JW_KSTR(w, "additionalContext", l->layer);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

static void write_component(struct jw *w, const struct pkg *p)
{
	jw_obj_begin(w);
	JW_KSTR(w, "type", component_type(p));
	JW_KSTR(w, "bom-ref", p->purl);
	if (p->namespace)
		JW_KSTR(w, "group", p->namespace);
	JW_KSTR(w, "name", p->name);
	if (p->version)
		JW_KSTR(w, "version", p->version);
	if (scope(p))
		JW_KSTR(w, "scope", scope(p));
	if (p->nhashes) {
		JW_KEY(w, "hashes");
		jw_arr_begin(w);
		for (size_t i = 0; i < p->nhashes; i++) {
			jw_obj_begin(w);
			JW_KSTR(w, "alg", p->hashes[i].alg);
			JW_KSTR(w, "content", p->hashes[i].hex);
			jw_obj_end(w);
		}
		jw_arr_end(w);
	}
	write_licenses(w, p->license);
	JW_KSTR(w, "purl", p->purl);
	write_properties(w, p);
	write_evidence(w, p);
	jw_obj_end(w);
}

static void write_dependency(struct jw *w, const struct inventory *inv, const char *ref,
                             char *const *deps, size_t ndeps)
{
	jw_obj_begin(w);
	JW_KSTR(w, "ref", ref);
	JW_KEY(w, "dependsOn");
	jw_arr_begin(w);
	for (size_t i = 0; i < ndeps; i++)
		if (strcmp(deps[i], ref) && bom_find(inv, deps[i]))
			jw_str(w, deps[i]);
	jw_arr_end(w);
	jw_obj_end(w);
}

/* A container image as the subject: its name, digest, platform and layers. */
static void write_image(struct jw *w, const struct inventory *inv, const struct bom_meta *m)
{
	struct buf b = BUF_INIT;

	jw_obj_begin(w);
	JW_KSTR(w, "type", "container");
	JW_KSTR(w, "bom-ref", SUBJECT_REF);
	bom_image_name(&b, inv, m);
	JW_KSTR(w, "name", b.ptr);
	JW_KSTR(w, "version", inv->image_digest ? inv->image_digest : inv->image_id);
	buf_reset(&b);
	if (bom_image_purl(&b, inv) > 0)
		JW_KSTR(w, "purl", b.ptr);
	JW_KEY(w, "properties");
	jw_arr_begin(w);
	if (inv->image_digest)
		write_property(w, "vouch:image:digest", inv->image_digest);
	if (inv->image_id)
		write_property(w, "vouch:image:id", inv->image_id);
	for (size_t i = 0; i < inv->nimage_layers; i++) {
		buf_reset(&b);
		buf_addf(&b, "%zu %s", i + 1, inv->image_layers[i]);
		write_property(w, "vouch:image:layer", b.ptr);
	}
	if (inv->image_name)
		write_property(w, "vouch:image:name", inv->image_name);
	if (inv->image_os)
		write_property(w, "vouch:image:platform", inv->image_os);
	jw_arr_end(w);
	jw_obj_end(w);
	buf_release(&b);
}

static void write_metadata(struct jw *w, const struct inventory *inv, const struct bom_meta *m,
                           const struct pkg *root)
{
	char ts[32];

	JW_KEY(w, "metadata");
	jw_obj_begin(w);
	bom_time(ts, m->created);
	JW_KSTR(w, "timestamp", ts);
	JW_KEY(w, "tools");
	jw_obj_begin(w);
	JW_KEY(w, "components");
	jw_arr_begin(w);
	jw_obj_begin(w);
	JW_KSTR(w, "type", "application");
	JW_KSTR(w, "bom-ref", "vouch");
	JW_KSTR(w, "name", "vouch");
	JW_KSTR(w, "version", m->tool_version ? m->tool_version : "unknown");
	jw_obj_end(w);
	jw_arr_end(w);
	jw_obj_end(w);
	JW_KEY(w, "component");
	if (root) {
		write_component(w, root);
	} else if (bom_is_image(inv)) {
		write_image(w, inv, m);
	} else {
		struct buf name = BUF_INIT;

		bom_subject_name(&name, m);
		jw_obj_begin(w);
		JW_KSTR(w, "type", "application");
		JW_KSTR(w, "bom-ref", SUBJECT_REF);
		JW_KSTR(w, "name", name.ptr);
		jw_obj_end(w);
		buf_release(&name);
	}
	JW_KEY(w, "properties");
	jw_arr_begin(w);
	write_property(w, "vouch:complete", inv->nerrors ? "false" : "true");
	{
		char n[32];

		snprintf(n, sizeof(n), "%zu", inv->nfiles);
		write_property(w, "vouch:files-read", n);
	}
	for (size_t i = 0; i < inv->ndiags; i++) {
		const struct inv_diag *d = &inv->diags[i];
		struct buf v = BUF_INIT;

		if (d->level != INV_ERROR)
			continue;
		if (d->line)
			buf_addf(&v, "%s:%zu: %s", d->path, d->line, d->msg);
		else
			buf_addf(&v, "%s: %s", d->path, d->msg);
		write_property(w, "vouch:unread", v.ptr);
		buf_release(&v);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

int cyclonedx_write(struct buf *out, const struct inventory *inv, const struct bom_meta *m)
{
	const char *spec = m->spec_version ? m->spec_version : "1.6";
	const struct pkg *root = bom_root(inv);
	struct bom_sink sink;
	struct jw w;

	if (strcmp(spec, "1.6") && strcmp(spec, "1.7"))
		return err_set(ERR_USAGE, "CycloneDX spec version '%s' is not supported (1.6, 1.7)",
		               spec);
	bom_begin(&w, &sink, out, m);
	jw_obj_begin(&w);
	jw_kstr(&w, "$schema",
	        !strcmp(spec, "1.6") ? "http://cyclonedx.org/schema/bom-1.6.schema.json"
	                             : "http://cyclonedx.org/schema/bom-1.7.schema.json");
	JW_KSTR(&w, "bomFormat", "CycloneDX");
	JW_KSTR(&w, "specVersion", spec);
	JW_KSTR(&w, "serialNumber", "urn:uuid:" BOM_UUID_PLACEHOLDER);
	bom_uuid_at(&sink, &w);
	jw_kint(&w, "version", 1);
	write_metadata(&w, inv, m, root);
	JW_KEY(&w, "components");
	jw_arr_begin(&w);
	for (size_t i = 0; i < inv->npkgs; i++)
		if (inv->pkgs[i] != root)
			write_component(&w, inv->pkgs[i]);
	jw_arr_end(&w);
	JW_KEY(&w, "dependencies");
	jw_arr_begin(&w);
	if (!root) {
		size_t n;
		char **v = bom_subject_deps(inv, &n);

		write_dependency(&w, inv, SUBJECT_REF, v, n);
		free(v);
	}
	for (size_t i = 0; i < inv->npkgs; i++)
		write_dependency(&w, inv, inv->pkgs[i]->purl, inv->pkgs[i]->deps,
		                 inv->pkgs[i]->ndeps);
	jw_arr_end(&w);
	jw_obj_end(&w);
	return bom_end(&w, &sink);
}
