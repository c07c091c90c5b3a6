/*
 * bom_input.c: CycloneDX and SPDX JSON documents read as inputs, so that
 * `vouch sbom bom.json` (and what builds on it) takes an SBOM from any tool
 * instead of inventorying again.
 *
 *     {"bomFormat": "CycloneDX", "specVersion": "1.6",
 *      "metadata": {"component": {"purl": "pkg:npm/app@1.0.0", ...}},
 *      "components": [{"bom-ref": "r1", "purl": "pkg:npm/a@1.0.0",
 *                      "hashes": [{"alg": "SHA-512", "content": "HEX"}],
 *                      "licenses": [{"license": {"id": "MIT"}}],
 *                      "scope": "optional", "components": [...]}],
 *      "dependencies": [{"ref": "r1", "dependsOn": ["r2"]}]}
 *
 *     {"spdxVersion": "SPDX-2.3", "documentDescribes": ["SPDXRef-app"],
 *      "packages": [{"SPDXID": "SPDXRef-a", "name": "a", "versionInfo": "1.0.0",
 *                    "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER",
 *                                      "referenceType": "purl",
 *                                      "referenceLocator": "pkg:npm/a@1.0.0"}],
 *                    "checksums": [{"algorithm": "SHA256", "checksumValue": "HEX"}],
 *                    "licenseConcluded": "MIT", "licenseDeclared": "NOASSERTION"}],
 *      "relationships": [{"spdxElementId": "SPDXRef-app",
 *                         "relationshipType": "DEPENDS_ON",
 *                         "relatedSpdxElement": "SPDXRef-a"}]}
 *
 * A package's identity is its purl, parsed into type, namespace, name,
 * version and qualifiers (the inventory rebuilds the canonical purl); its
 * OSV ecosystem is the one a scan gives that purl (purl_osv_package).
 * Entries without a purl are kept as pkg:generic/NAME@VERSION when they have
 * a name, except CycloneDX components of type "file" (not packages) and the
 * stand-in subject vouch itself writes when the subject is no package. The
 * document's subject (CycloneDX metadata.component, what SPDX DESCRIBES) is
 * the root package. docs/inventory/sbom-input.md gives the mapping of every
 * field, and what is not read.
 *
 * These extractors claim no file names: a BOM found while walking a tree is
 * not read (it would list the tree's own packages a second time, or those of
 * another tree). They read a file given directly as PATH whose first bytes
 * say it is a BOM (sniff), or one given with --type cyclonedx / --type spdx.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/inventory/lockparse.h"
#include "core/formats/bom.h"
#include "core/formats/purl.h"
#include "core/formats/spdx.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"
#include "util/num.h"

#include <ctype.h>

#define BOM_INPUT_MAX_SIZE        ((size_t)256 << 20)
#define BOM_INPUT_MAX_DEPTH       64    /* nested CycloneDX components */
#define BOM_INPUT_MAX_OCCURRENCES 1024  /* locations of one component, when read */
#define BOM_SNIFF_LEN             65536 /* how far sniff() looks for the format's marker */

/*
 * The ids vouch's own writers give the subject of a BOM when it is not a
 * package (several PATHs, a folder without a project): such a subject is
 * not read back as a package.
 */
#define VOUCH_CDX_SUBJECT  "vouch:subject"
#define VOUCH_SPDX_SUBJECT "SPDXRef-Subject"

struct bom_read {
	struct extract_ctx *ctx;
	struct lp_names refs; /* bom-ref / SPDXID -> struct pkg * */
	size_t ngeneric;      /* entries without a purl, listed as pkg:generic */
	size_t nfiles;        /* CycloneDX file components, not packages */
	size_t ndangling;     /* dependency refs naming nothing read */
	size_t nalgs;         /* checksums whose algorithm CycloneDX has no name for */
	size_t noccurrences;  /* occurrences past BOM_INPUT_MAX_OCCURRENCES, not read */
	size_t nerrors;       /* reported with bom_error */
	bool full;            /* INVENTORY_MAX_PACKAGES reached */
};

/*
 * An error about one entry: reported (extract_error) for the first
 * LANGKIT_MAX_ERRORS, then only counted, so that a hostile document of a
 * million bad entries does not make a million messages (final_notes says
 * how many more).
 */
static void bom_error(struct bom_read *b, size_t line, const char *fmt, ...) VOUCH_PRINTF(3, 4);

static void bom_error(struct bom_read *b, size_t line, const char *fmt, ...)
{
	struct buf msg = BUF_INIT_MAX(4096);
	va_list ap;

	if (b->nerrors++ >= LANGKIT_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	if (buf_vaddf(&msg, fmt, ap) < 0) {
		buf_reset(&msg);
		buf_adds(&msg, "(message too long)");
	}
	va_end(ap);
	extract_error(b->ctx, line, "%s", msg.ptr);
	buf_release(&msg);
}

/* Sniffing */

/* data without leading white space and a UTF-8 byte order mark; *n its length up to cap. */
static const char *skip_ws(const char *data, size_t len, size_t *n)
{
	size_t i = 0;

	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	*n = len - i < BOM_SNIFF_LEN ? len - i : BOM_SNIFF_LEN;
	return data + i;
}

/* True when the first n bytes hold "key" : "value" (value NULL: any). */
static bool has_member(const char *s, size_t n, const char *key, const char *value)
{
	size_t kl = strlen(key), vl = value ? strlen(value) : 0;
	const char *end = s + n, *p = s;

	while ((p = memmem(p, (size_t)(end - p), key, kl)) != NULL) {
		const char *q = p + kl;

		p++;
		if (p - 1 == s || p[-2] != '"' || q >= end || *q != '"')
			continue;
		q++;
		while (q < end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
			q++;
		if (q >= end || *q != ':')
			continue;
		if (!value)
			return true;
		q++;
		while (q < end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
			q++;
		if ((size_t)(end - q) >= vl + 2 && q[0] == '"' && !memcmp(q + 1, value, vl) &&
		    q[vl + 1] == '"')
			return true;
	}
	return false;
}

static bool cdx_xml(const char *s, size_t n)
{
	return n > 5 && s[0] == '<' && memmem(s, n, "<bom", 4) &&
	       memmem(s, n, "http://cyclonedx.org/schema/bom/", 32);
}

static bool cdx_sniff(const char *data, size_t len)
{
	size_t n;
	const char *s = skip_ws(data, len, &n);

	return (n && s[0] == '{' && has_member(s, n, "bomFormat", "CycloneDX")) || cdx_xml(s, n);
}

/* What the SPDX extractor recognises but does not read. */
static const char *spdx_unread_kind(const char *s, size_t n)
{
	if (n && s[0] == '{' && has_member(s, n, "@context", NULL) &&
	    memmem(s, n, "spdx.org/rdf/3", 14))
		return "SPDX 3 JSON-LD";
	if (n && s[0] == '<' && memmem(s, n, "spdx.org/rdf/terms", 18))
		return "SPDX RDF/XML";
	if ((n >= 12 && !memcmp(s, "SPDXVersion:", 12)) || memmem(s, n, "\nSPDXVersion:", 13))
		return "SPDX tag-value";
	if ((n >= 12 && !memcmp(s, "spdxVersion:", 12)) || memmem(s, n, "\nspdxVersion:", 13))
		return "SPDX YAML";
	return NULL;
}

static bool spdx_sniff(const char *data, size_t len)
{
	size_t n;
	const char *s = skip_ws(data, len, &n);

	return (n && s[0] == '{' && has_member(s, n, "spdxVersion", NULL)) ||
	       spdx_unread_kind(s, n) != NULL;
}

/* Lines */

/*
 * Bounds a cursor left just after a key to that key's value, so that
 * looking up a purl's line does not run on into "dependencies" (where the
 * same string is often a bom-ref).
 */
static void bound_to_value(struct lp_jsonpos *c)
{
	const char *p = c->p, *end = c->end;
	size_t depth = 0;

	while (p < end && *p != ':')
		p++;
	if (p < end)
		p++;
	while (p < end) {
		char ch = *p++;

		if (ch == '"') {
			while (p < end && *p != '"')
				p += *p == '\\' ? 2 : 1;
			p++;
			if (!depth)
				break;
		} else if (ch == '{' || ch == '[') {
			depth++;
		} else if (ch == '}' || ch == ']') {
			if (depth <= 1)
				break;
			depth--;
		} else if (!depth && ch == ',') {
			break;
		}
	}
	c->end = p < end ? p : end;
}

/* A cursor over the value of the top-level key (and then key2 one level in), or none. */
static bool cursor_at(struct lp_jsonpos *c, const char *data, size_t len, const char *key,
                      const char *key2)
{
	lp_jsonpos_init(c, data, len);
	if (!lp_jsonpos_key(c, key, 1))
		return false;
	bound_to_value(c);
	if (key2) {
		if (!lp_jsonpos_key(c, key2, 2))
			return false;
		bound_to_value(c);
	}
	return true;
}

/* Shared by both formats */

/* Hex digits a digest of alg has (BLAKE3: its default 256-bit output). */
static size_t alg_hexlen(const char *alg)
{
	static const struct {
		const char *alg;
		size_t hex;
	} lens[] = {
		{ "MD5", 32 },         { "SHA-1", 40 },        { "SHA-256", 64 },
		{ "SHA-384", 96 },     { "SHA-512", 128 },     { "SHA3-256", 64 },
		{ "SHA3-384", 96 },    { "SHA3-512", 128 },    { "BLAKE2b-256", 64 },
		{ "BLAKE2b-384", 96 }, { "BLAKE2b-512", 128 }, { "BLAKE3", 64 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(lens); i++)
		if (!strcmp(lens[i].alg, alg))
			return lens[i].hex;
	return 0;
}

/* "where: " for messages: the component's place in the document and its bom-ref. */
static void where_of(struct buf *out, const char *place, const json_t *e, const char *idkey)
{
	const char *id = vjson_str(e, idkey);

	buf_reset(out);
	buf_adds(out, place);
	if (id)
		buf_addf(out, " (%s '%s')", idkey, LKQ(id));
}

/* Adds a checksum in CycloneDX terms; reports one that is not a digest of its algorithm. */
static void add_hash(struct bom_read *b, struct pkg *k, size_t line, const char *where,
                     const char *alg, const char *hex)
{
	size_t n = hex ? strlen(hex) : 0, want = alg ? alg_hexlen(alg) : 0;
	bool ok = want && n == want;

	for (size_t i = 0; ok && i < n; i++)
		ok = isxdigit((unsigned char)hex[i]) != 0;
	if (!want) {
		bom_error(b, line, "%s: hash algorithm '%s' is not a CycloneDX one: not listed",
		          where, alg ? LKQ(alg) : "(none)");
		return;
	}
	if (!ok) {
		bom_error(b, line, "%s: %s hash '%s' is not %zu hex digits: not listed", where, alg,
		          hex ? LKQ(hex) : "", want);
		return;
	}
	pkg_add_hash(k, alg, hex);
}

/*
 * A package from its purl. The version is the purl's: a purl is the
 * package's identity, and a version field that disagrees with it does not
 * change which package it is.
 */
static struct pkg *add_purl(struct bom_read *b, const char *purl, size_t line, const char *where)
{
	struct purl p = PURL_INIT;
	char *eco = NULL, *osv_name = NULL;
	struct pkg *k = NULL;

	if (purl_parse(&p, purl, strlen(purl)) < 0) {
		bom_error(b, line, "%s: %s: not listed", where, err_msg());
		return NULL;
	}
	if (purl_osv_package(&eco, &osv_name, &p) < 0)
		err_clear(); /* a type with no OSV ecosystem: listed, never matched */
	k = extract_add(b->ctx, eco, p.type, p.namespace, p.name, p.version, line);
	if (!k) {
		b->full = true;
		bom_error(b, line, "%s: the rest of the document is not read", err_msg());
		goto done;
	}
	for (size_t i = 0; i < p.nqualifiers; i++)
		pkg_add_qualifier(k, p.qualifiers[i].key, p.qualifiers[i].value);
	/* the inventory's packages have no subpath: kept as a fact, not in the purl */
	if (p.subpath)
		pkg_add_prop(k, "vouch:purl-subpath", p.subpath);
done:
	free(eco);
	free(osv_name);
	purl_release(&p);
	return k;
}

static struct pkg *add_generic(struct bom_read *b, const char *group, const char *name,
                               const char *version, size_t line)
{
	struct pkg *k = extract_add(b->ctx, NULL, "generic", group, name, version, line);

	if (!k) {
		b->full = true;
		bom_error(b, line, "%s: the rest of the document is not read", err_msg());
		return NULL;
	}
	b->ngeneric++;
	return k;
}

static void final_notes(struct bom_read *b, const char *entries)
{
	if (b->nerrors > LANGKIT_MAX_ERRORS)
		extract_error(b->ctx, 0, "%zu more errors in this document not listed",
		              b->nerrors - LANGKIT_MAX_ERRORS);
	if (b->ngeneric)
		extract_note(b->ctx, 0,
		             "%zu %s without a purl listed as pkg:generic (never matched)",
		             b->ngeneric, entries);
	if (b->nfiles)
		extract_note(b->ctx, 0, "%zu file components (not packages) not listed", b->nfiles);
	if (b->ndangling)
		extract_note(b->ctx, 0,
		             "%zu dependency references name no package read here: not recorded",
		             b->ndangling);
	if (b->noccurrences)
		extract_note(b->ctx, 0,
		             "%zu occurrences past %d for one component not read as locations",
		             b->noccurrences, BOM_INPUT_MAX_OCCURRENCES);
	if (b->nalgs)
		extract_note(b->ctx, 0,
		             "%zu checksums with an algorithm CycloneDX cannot name (SHA224, MD2, "
		             "MD4, MD6, ADLER32) not listed",
		             b->nalgs);
}

/* CycloneDX */

/* "licenses": one expression, or licenses by id or name. */
static void cdx_licenses(struct pkg *k, const json_t *arr)
{
	struct buf expr = BUF_INIT_MAX(65536);
	const json_t *e;
	size_t i, n = 0;

	json_array_foreach(arr, i, e)
	{
		const json_t *lic = json_object_get(e, "license");
		const char *s = vjson_str(e, "expression");

		if (!s)
			s = vjson_str(lic, "id");
		if (!s)
			s = vjson_str(lic, "name");
		if (!s || !*s)
			continue;
		n++;
		/*
		 * CycloneDX does not say how several licenses of one component
		 * combine. They are read as all applying (AND): reading a choice
		 * (OR) into the list would claim a freedom the document does not
		 * state. Compound parts are parenthesised to keep their meaning.
		 */
		if (expr.len)
			buf_adds(&expr, " AND ");
		if (json_array_size(arr) > 1 && (strstr(s, " OR ") || strstr(s, " AND ") ||
		                                 strstr(s, " or ") || strstr(s, " and ")))
			buf_addf(&expr, "(%s)", s);
		else
			buf_adds(&expr, s);
	}
	if (n && expr.ptr)
		pkg_set_license(k, expr.ptr);
	buf_release(&expr);
}

static void cdx_properties(struct pkg *k, const json_t *arr)
{
	const json_t *e;
	size_t i;

	json_array_foreach(arr, i, e)
	{
		const char *name = vjson_str(e, "name"), *value = vjson_str(e, "value");
		bool flag = false;

		if (!name || !value)
			continue;
		/* vouch's own flags come back as flags */
		for (size_t f = 0; f < bom_nflag_props && !flag; f++)
			if (!strcmp(name, bom_flag_props[f].name) && !strcmp(value, "true")) {
				k->flags |= bom_flag_props[f].flag;
				flag = true;
			}
		if (!flag)
			pkg_add_prop(k, name, value);
	}
}

/* "sha256:" and 64 hex digits: a layer digest as vouch's writer puts it in additionalContext. */
static bool is_layer(const char *s)
{
	if (!s || strncmp(s, "sha256:", 7) || strlen(s) != 71)
		return false;
	for (size_t i = 7; i < 71; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * With inventory.bom_occurrences: the component's evidence.occurrences
 * replace its location in the document (an occurrence without a location
 * keeps the document's path).
 */
static void cdx_occurrences(struct bom_read *b, struct pkg *k, const json_t *occ)
{
	size_t n = json_array_size(occ), used = 0, i;
	struct pkg_loc *locs;
	const json_t *o;

	if (!extract_inventory(b->ctx)->bom_occurrences || !json_is_array(occ) || !n)
		return;
	if (n > BOM_INPUT_MAX_OCCURRENCES) {
		b->noccurrences += n - BOM_INPUT_MAX_OCCURRENCES;
		n = BOM_INPUT_MAX_OCCURRENCES;
	}
	locs = xcalloc(n, sizeof(*locs));
	json_array_foreach(occ, i, o)
	{
		const char *where = vjson_str(o, "location"),
		           *ctx = vjson_str(o, "additionalContext");
		const json_t *ln = json_object_get(o, "line");

		if (used == n)
			break;
		locs[used].path = inventory_intern(extract_inventory(b->ctx),
		                                   where && *where ? where : k->locs[0].path);
		locs[used].line = json_is_integer(ln) && json_integer_value(ln) > 0
		                          ? (size_t)json_integer_value(ln)
		                          : 0;
		locs[used].extractor = k->locs[0].extractor;
		locs[used++].layer =
		        is_layer(ctx) ? inventory_intern(extract_inventory(b->ctx), ctx) : NULL;
	}
	free(k->locs); /* the paths and layers are the inventory's */
	k->locs = locs;
	k->nlocs = used;
}

static void cdx_component(struct bom_read *b, struct lp_jsonpos *pos, const json_t *c,
                          const char *place, int depth, bool subject);

static void cdx_components(struct bom_read *b, struct lp_jsonpos *pos, const json_t *arr,
                           const char *place, int depth)
{
	struct buf sub = BUF_INIT;
	const json_t *c;
	size_t i;

	if (!arr)
		return;
	if (!json_is_array(arr)) {
		bom_error(b, 0, "%s is not an array: not read", place);
		return;
	}
	if (depth > BOM_INPUT_MAX_DEPTH) {
		bom_error(b, 0, "%s: components nested deeper than %d levels: not read", place,
		          BOM_INPUT_MAX_DEPTH);
		return;
	}
	json_array_foreach(arr, i, c)
	{
		if (b->full)
			break;
		buf_reset(&sub);
		buf_addf(&sub, "%s[%zu]", place, i);
		cdx_component(b, pos, c, sub.ptr, depth, false);
	}
	buf_release(&sub);
}

static void cdx_component(struct bom_read *b, struct lp_jsonpos *pos, const json_t *c,
                          const char *place, int depth, bool subject)
{
	struct buf where = BUF_INIT, sub = BUF_INIT;
	const char *purl = vjson_str(c, "purl"), *name = vjson_str(c, "name");
	const char *type = vjson_str(c, "type"), *ref = vjson_str(c, "bom-ref");
	const char *scope = vjson_str(c, "scope");
	const json_t *h;
	struct pkg *k = NULL;
	size_t line = 0, i;

	where_of(&where, place, c, "bom-ref");
	if (!json_is_object(c)) {
		bom_error(b, 0, "%s is not an object: not read", where.ptr);
		goto done;
	}
	if (purl && pos)
		line = lp_jsonpos_string(pos, purl);
	if (purl) {
		k = add_purl(b, purl, line, where.ptr);
		if (k)
			cdx_occurrences(
			        b, k,
			        json_object_get(json_object_get(c, "evidence"), "occurrences"));
	} else if (type && !strcmp(type, "file")) {
		b->nfiles += !subject;
	} else if (subject && ref && !strcmp(ref, VOUCH_CDX_SUBJECT)) {
		/* vouch's own stand-in for a subject that is no package (a folder given) */
	} else if (name && *name) {
		k = add_generic(b, vjson_str(c, "group"), name, vjson_str(c, "version"), line);
	} else {
		bom_error(b, 0, "%s has neither a purl nor a name: not listed", where.ptr);
	}
	if (k) {
		if (subject)
			k->flags |= PKG_ROOT;
		if (scope && !strcmp(scope, "optional"))
			k->flags |= PKG_OPTIONAL;
		else if (scope && !strcmp(scope, "excluded"))
			k->flags |= PKG_DEV;
		json_array_foreach(json_object_get(c, "hashes"), i, h)
		{
			add_hash(b, k, line, where.ptr, vjson_str(h, "alg"),
			         vjson_str(h, "content"));
		}
		cdx_licenses(k, json_object_get(c, "licenses"));
		cdx_properties(k, json_object_get(c, "properties"));
		if (ref)
			lp_names_add(&b->refs, ref, k);
	}
	/* sub-components are parts of this one (an assembly), not its dependencies */
	buf_addf(&sub, "%s.components", place);
	cdx_components(b, pos, json_object_get(c, "components"), sub.ptr, depth + 1);
done:
	buf_release(&where);
	buf_release(&sub);
}

static void cdx_dependencies(struct bom_read *b, const json_t *deps)
{
	const json_t *d, *t;
	size_t i, k;

	if (!deps)
		return;
	if (!json_is_array(deps)) {
		bom_error(b, 0, "\"dependencies\" is not an array: no edges read");
		return;
	}
	json_array_foreach(deps, i, d)
	{
		const char *ref = vjson_str(d, "ref");
		const json_t *on = json_object_get(d, "dependsOn");
		struct pkg *from;

		if (!ref) {
			bom_error(b, 0, "dependencies[%zu] has no \"ref\": not read", i);
			continue;
		}
		from = lp_names_get(&b->refs, ref);
		json_array_foreach(on, k, t)
		{
			const char *to_ref = vjson_strval(t);
			struct pkg *to = to_ref ? lp_names_get(&b->refs, to_ref) : NULL;

			if (from && to)
				extract_edge(b->ctx, from, to);
			else
				b->ndangling += from != NULL;
		}
	}
}

/* "1.6" -> 6 for 1.x, -1 otherwise. */
static int cdx_minor(const char *spec)
{
	uint64_t v;

	if (!spec || strncmp(spec, "1.", 2) ||
	    num_parse_u64(&v, spec + 2, strlen(spec + 2), 999, 0) < 0) {
		err_clear();
		return -1;
	}
	return (int)v;
}

static int cdx_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct bom_read b = { 0 };
	struct lp_jsonpos mpos, cpos;
	const char *s, *fmt, *spec;
	json_t *doc = NULL, *meta;
	size_t n;
	int minor;

	b.ctx = ctx;
	s = skip_ws(data, len, &n);
	if (cdx_xml(s, n))
		return extract_error(ctx, 0,
		                     "CycloneDX XML is not read by vouch; convert it to JSON "
		                     "(e.g. 'cyclonedx convert --output-format json')");
	if (!n || s[0] != '{')
		return extract_error(ctx, 0,
		                     "not a CycloneDX JSON document (CycloneDX XML and protobuf "
		                     "are not read by vouch; convert them to JSON)");
	if (lp_json_parse(&doc, ctx, data, len) < 0)
		return ERR_PARSE;
	fmt = vjson_str(doc, "bomFormat");
	spec = vjson_str(doc, "specVersion");
	if (!fmt || strcmp(fmt, "CycloneDX")) {
		json_decref(doc);
		return extract_error(ctx, 0,
		                     "not a CycloneDX document (no \"bomFormat\": \"CycloneDX\")");
	}
	minor = cdx_minor(spec);
	if (minor < 2) {
		extract_error(ctx, 0, "CycloneDX specVersion '%s' is not read (1.2 to 1.7)",
		              spec ? LKQ(spec) : "(none)");
		json_decref(doc);
		return ERR_PARSE;
	}
	if (minor > 7)
		extract_note(ctx, 0, "CycloneDX %s is newer than 1.7: read as 1.7", LKQ(spec));

	meta = json_object_get(doc, "metadata");
	if (json_object_get(meta, "component"))
		cdx_component(&b,
		              cursor_at(&mpos, data, len, "metadata", "component") ? &mpos : NULL,
		              json_object_get(meta, "component"), "metadata.component", 0, true);
	if (!b.full)
		cdx_components(&b, cursor_at(&cpos, data, len, "components", NULL) ? &cpos : NULL,
		               json_object_get(doc, "components"), "components", 0);
	lp_names_sort(&b.refs);
	if (!b.full)
		cdx_dependencies(&b, json_object_get(doc, "dependencies"));
	final_notes(&b, "components");
	lp_names_release(&b.refs);
	json_decref(doc);
	return 0;
}

/* SPDX */

/* The CycloneDX name of an SPDX checksum algorithm (the writer's map read backwards), or NULL. */
static const char *spdx_to_cdx_alg(const char *spdx_alg)
{
	static const char *const cdx_algs[] = {
		"MD5",      "SHA-1",    "SHA-256",     "SHA-384",     "SHA-512",     "SHA3-256",
		"SHA3-384", "SHA3-512", "BLAKE2b-256", "BLAKE2b-384", "BLAKE2b-512", "BLAKE3",
	};

	for (size_t i = 0; i < ARRAY_SIZE(cdx_algs); i++) {
		const char *s = spdx_checksum_alg(cdx_algs[i]);

		if (s && !strcmp(s, spdx_alg))
			return cdx_algs[i];
	}
	return NULL;
}

static bool spdx_asserted(const char *s)
{
	return s && *s && strcmp(s, "NOASSERTION") && strcmp(s, "NONE");
}

/* The package's purl: the first of category PACKAGE-MANAGER, else the first of any, or NULL. */
static const char *spdx_purl(const json_t *p)
{
	const char *other = NULL;
	const json_t *r;
	size_t i;

	json_array_foreach(json_object_get(p, "externalRefs"), i, r)
	{
		const char *cat = vjson_str(r, "referenceCategory");
		const char *type = vjson_str(r, "referenceType");
		const char *loc = vjson_str(r, "referenceLocator");

		if (!type || !loc || strcmp(type, "purl"))
			continue;
		if (!cat || !strcmp(cat, "PACKAGE-MANAGER") || !strcmp(cat, "PACKAGE_MANAGER"))
			return loc;
		/* SPDX puts purls under PACKAGE-MANAGER; some tools file them elsewhere */
		if (!other)
			other = loc;
	}
	return other;
}

/*
 * The SPDXIDs the document describes (documentDescribes, DOCUMENT DESCRIBES
 * X, X DESCRIBED_BY DOCUMENT) into out, sorted: one pass over each array.
 */
static void spdx_described(struct lp_names *out, const json_t *doc)
{
	const char *docid = vjson_str(doc, "SPDXID");
	const json_t *e;
	size_t i;

	if (!docid)
		docid = "SPDXRef-DOCUMENT";
	json_array_foreach(json_object_get(doc, "documentDescribes"), i, e)
	{
		if (vjson_strval(e))
			lp_names_add(out, vjson_strval(e), (void *)e);
	}
	json_array_foreach(json_object_get(doc, "relationships"), i, e)
	{
		const char *a = vjson_str(e, "spdxElementId"),
		           *t = vjson_str(e, "relationshipType");
		const char *z = vjson_str(e, "relatedSpdxElement");

		if (!a || !t || !z)
			continue;
		if (!strcmp(t, "DESCRIBES") && !strcmp(a, docid))
			lp_names_add(out, z, (void *)e);
		else if (!strcmp(t, "DESCRIBED_BY") && !strcmp(z, docid))
			lp_names_add(out, a, (void *)e);
	}
	lp_names_sort(out);
}

/*
 * vouch's own flags, which its SPDX writer puts in the package comment as
 * space-separated "vouch:root=true" words (SPDX 2.3 has no properties):
 * read back so that the SPDX and CycloneDX of one tree read the same.
 */
static void spdx_flags(struct pkg *k, const char *comment)
{
	for (const char *s = comment; s && *s;) {
		size_t n = strcspn(s, " ");

		for (size_t f = 0; f < bom_nflag_props; f++) {
			size_t fl = strlen(bom_flag_props[f].name);

			if (n == fl + 5 && !strncmp(s, bom_flag_props[f].name, fl) &&
			    !strncmp(s + fl, "=true", 5))
				k->flags |= bom_flag_props[f].flag;
		}
		s += n;
		s += strspn(s, " ");
	}
}

static void spdx_package(struct bom_read *b, struct lp_jsonpos *pos, const json_t *p, size_t index,
                         const struct lp_names *described)
{
	struct buf where = BUF_INIT, place = BUF_INIT;
	const char *purl = spdx_purl(p), *id = vjson_str(p, "SPDXID");
	const char *name = vjson_str(p, "name"), *lic;
	bool subject = id && lp_names_get(described, id) != NULL;
	const json_t *h;
	struct pkg *k = NULL;
	size_t line = 0, i;

	buf_addf(&place, "packages[%zu]", index);
	where_of(&where, place.ptr, p, "SPDXID");
	if (!json_is_object(p)) {
		bom_error(b, 0, "%s is not an object: not read", where.ptr);
		goto done;
	}
	if (purl && pos)
		line = lp_jsonpos_string(pos, purl);
	if (purl)
		k = add_purl(b, purl, line, where.ptr);
	else if (subject && !strcmp(id, VOUCH_SPDX_SUBJECT))
		; /* vouch's own stand-in for a subject that is no package */
	else if (name && *name)
		k = add_generic(b, NULL, name, vjson_str(p, "versionInfo"), line);
	else
		bom_error(b, 0, "%s has neither a purl nor a name: not listed", where.ptr);
	if (!k)
		goto done;
	if (subject)
		k->flags |= PKG_ROOT;
	spdx_flags(k, vjson_str(p, "comment"));
	json_array_foreach(json_object_get(p, "checksums"), i, h)
	{
		const char *alg = vjson_str(h, "algorithm");
		const char *cdx = alg ? spdx_to_cdx_alg(alg) : NULL;

		if (cdx)
			add_hash(b, k, line, where.ptr, cdx, vjson_str(h, "checksumValue"));
		else if (alg)
			b->nalgs++;
		else
			bom_error(b, line, "%s: a checksum has no algorithm: not listed",
			          where.ptr);
	}
	/* what the document's author concluded, else what the package declares */
	lic = vjson_str(p, "licenseConcluded");
	if (!spdx_asserted(lic))
		lic = vjson_str(p, "licenseDeclared");
	if (spdx_asserted(lic))
		pkg_set_license(k, lic);
	if (id)
		lp_names_add(&b->refs, id, k);
done:
	buf_release(&where);
	buf_release(&place);
}

/* Relationships that are dependency edges: X DEPENDS_ON Y, Y *DEPENDENCY_OF X. */
static void spdx_relationships(struct bom_read *b, const json_t *rels,
                               const struct lp_names *described)
{
	const json_t *e;
	size_t i;

	json_array_foreach(rels, i, e)
	{
		const char *a = vjson_str(e, "spdxElementId"),
		           *t = vjson_str(e, "relationshipType");
		const char *z = vjson_str(e, "relatedSpdxElement");
		struct pkg *from, *to;
		size_t tl;

		if (!a || !t || !z) {
			bom_error(b, 0,
			          "relationships[%zu] lacks spdxElementId, relationshipType or "
			          "relatedSpdxElement: not read",
			          i);
			continue;
		}
		tl = strlen(t);
		if (!strcmp(t, "DEPENDS_ON")) {
			from = lp_names_get(&b->refs, a);
			to = lp_names_get(&b->refs, z);
		} else if (tl >= 13 && !strcmp(t + tl - 13, "DEPENDENCY_OF")) {
			from = lp_names_get(&b->refs, z);
			to = lp_names_get(&b->refs, a);
		} else {
			continue;
		}
		if (from && to)
			extract_edge(b->ctx, from, to);
		else if (!lp_names_get(described, a) && !lp_names_get(described, z))
			b->ndangling++; /* edges of a subject that is not a package are expected */
	}
}

static int spdx_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct bom_read b = { 0 };
	struct lp_names described = { 0 };
	struct lp_jsonpos pos;
	const char *s, *kind, *ver;
	json_t *doc = NULL, *pkgs, *e;
	bool have_pos;
	size_t n, i;

	b.ctx = ctx;
	s = skip_ws(data, len, &n);
	kind = spdx_unread_kind(s, n);
	if (kind)
		return extract_error(ctx, 0,
		                     "%s is not read by vouch; convert it to SPDX 2.3 JSON or "
		                     "CycloneDX JSON",
		                     kind);
	if (!n || s[0] != '{')
		return extract_error(ctx, 0, "not an SPDX JSON document");
	if (lp_json_parse(&doc, ctx, data, len) < 0)
		return ERR_PARSE;
	ver = vjson_str(doc, "spdxVersion");
	if (!ver || strncmp(ver, "SPDX-2.", 7)) {
		extract_error(ctx, 0,
		              "not an SPDX 2 document (spdxVersion '%s'; 2.2 and 2.3 are read)",
		              ver ? LKQ(ver) : "(none)");
		json_decref(doc);
		return ERR_PARSE;
	}
	if (strcmp(ver, "SPDX-2.2") && strcmp(ver, "SPDX-2.3"))
		extract_note(ctx, 0, "%s is read as SPDX 2.3", LKQ(ver));
	pkgs = json_object_get(doc, "packages");
	if (pkgs && !json_is_array(pkgs)) {
		json_decref(doc);
		return extract_error(ctx, 0, "\"packages\" is not an array: not read");
	}
	spdx_described(&described, doc);
	have_pos = cursor_at(&pos, data, len, "packages", NULL);
	json_array_foreach(pkgs, i, e)
	{
		if (b.full)
			break;
		spdx_package(&b, have_pos ? &pos : NULL, e, i, &described);
	}
	lp_names_sort(&b.refs);
	if (!b.full)
		spdx_relationships(&b, json_object_get(doc, "relationships"), &described);
	final_notes(&b, "packages");
	lp_names_release(&b.refs);
	lp_names_release(&described);
	json_decref(doc);
	return 0;
}

const struct extractor cyclonedx_json_extractor = {
	.name = "cyclonedx",
	.ecosystem = NULL,
	.match = NULL, /* never claimed by name: see the top of this file */
	.sniff = cdx_sniff,
	.extract = cdx_extract,
	.max_size = BOM_INPUT_MAX_SIZE,
};

const struct extractor spdx_json_extractor = {
	.name = "spdx",
	.ecosystem = NULL,
	.match = NULL,
	.sniff = spdx_sniff,
	.extract = spdx_extract,
	.max_size = BOM_INPUT_MAX_SIZE,
};
