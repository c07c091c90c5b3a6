/*
 * gradle_verification.c: Gradle dependency verification metadata
 * (gradle/verification-metadata.xml).
 *
 *     <components>
 *       <component group="G" name="N" version="V">
 *         <artifact name="N-V.jar"><sha256 value="..."/><sha512 value="..."/></artifact>
 *
 * Every component is a Maven package. Its hashes are those of its main
 * artifact, N-V.EXT for an EXT other than pom and module (a different
 * EXT than jar becomes the purl's type qualifier); a component with only a
 * POM (a parent or a BOM) is the POM (type=pom) with the POM's hashes.
 * Classified artifacts (N-V-linux.jar) are other files: their hashes are not
 * the component's. <also-trust> values are alternatives, not read.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/lockparse.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/buf.h"

static const struct {
	const char *el, *alg;
	size_t hexlen;
} hash_els[] = {
	{ "sha512", "SHA-512", 128 },
	{ "sha256", "SHA-256", 64 },
	{ "sha1", "SHA-1", 40 },
	{ "md5", "MD5", 32 },
};

static bool is_hex(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	return true;
}

static void add_hashes(struct extract_ctx *ctx, struct pkg *p, xmlNode *art)
{
	for (xmlNode *h = art->children; h; h = h->next) {
		char *v;

		if (h->type != XML_ELEMENT_NODE)
			continue;
		for (size_t i = 0; i < ARRAY_SIZE(hash_els); i++) {
			if (!lp_xml_is(h, hash_els[i].el))
				continue;
			v = lp_xml_attr(h, "value");
			if (v && is_hex(v, hash_els[i].hexlen))
				pkg_add_hash(p, hash_els[i].alg, v);
			else
				extract_error(ctx, lp_xml_line(h), "<%s> without a valid value",
				              hash_els[i].el);
			free(v);
		}
	}
}

static void read_component(struct extract_ctx *ctx, xmlNode *c)
{
	char *g = lp_xml_attr(c, "group"), *n = lp_xml_attr(c, "name");
	char *v = lp_xml_attr(c, "version");
	xmlNode *main_art = NULL, *pom = NULL;
	struct buf stem = BUF_INIT;
	struct pkg *p;

	if (!g || !*g || !n || !*n || !v || !*v) {
		extract_error(ctx, lp_xml_line(c), "<component> without a %s: not listed",
		              !g || !*g   ? "group"
		              : !n || !*n ? "name"
		                          : "version");
		goto done;
	}
	buf_addf(&stem, "%s-%s.", n, v);
	for (xmlNode *a = lp_xml_child(c, "artifact"); a; a = lp_xml_next(a, "artifact")) {
		char *an = lp_xml_attr(a, "name");

		if (an && !strncmp(an, stem.ptr, stem.len) && !strchr(an + stem.len, '.')) {
			const char *ext = an + stem.len;

			if (!strcmp(ext, "pom"))
				pom = a;
			else if (strcmp(ext, "module") && !main_art)
				main_art = a;
		}
		free(an);
	}
	p = extract_add(ctx, "Maven", "maven", g, n, v, lp_xml_line(c));
	if (!p)
		goto done;
	if (main_art || pom) {
		char *an = lp_xml_attr(main_art ? main_art : pom, "name");
		const char *ext = an + stem.len;

		if (strcmp(ext, "jar"))
			pkg_add_qualifier(p, "type", ext);
		free(an);
		add_hashes(ctx, p, main_art ? main_art : pom);
	}
done:
	buf_release(&stem);
	free(g);
	free(n);
	free(v);
}

static int verification_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	xmlDoc *doc = NULL;
	xmlNode *root, *comps;
	int ret = 0;

	if (lp_xml_parse(&doc, ctx, data, len) < 0)
		return ERR_PARSE;
	root = xmlDocGetRootElement(doc);
	if (!lp_xml_is(root, "verification-metadata")) {
		ret = extract_error(ctx, lp_xml_line(root),
		                    "not Gradle verification metadata: the root element is <%s>",
		                    (const char *)root->name);
		goto done;
	}
	comps = lp_xml_child(root, "components");
	for (xmlNode *c = lp_xml_child(comps, "component"); c; c = lp_xml_next(c, "component"))
		read_component(ctx, c);
done:
	xmlFreeDoc(doc);
	return ret;
}

static bool verification_match(const char *rel, const char *name)
{
	size_t n = strlen(rel);

	return !strcmp(name, "verification-metadata.xml") &&
	       (!strcmp(rel, "gradle/verification-metadata.xml") ||
	        (n >= 33 && !strcmp(rel + n - 33, "/gradle/verification-metadata.xml")));
}

static bool verification_sniff(const char *data, size_t len)
{
	size_t n = len < 4096 ? len : 4096;

	return memmem(data, n, "<verification-metadata", 22) != NULL;
}

const struct extractor gradle_verification_extractor = {
	"gradle-verification-metadata", "Maven",          verification_match, verification_sniff,
	verification_extract,           (size_t)32 << 20,
};
