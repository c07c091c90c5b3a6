/*
 * image.c: which image of a layout to read, its config and layers (OCI
 * index, manifest and config, or docker-save manifest.json), and its
 * digests checked. The layers themselves are read by layers.c.
 */
#include "util/arc.h"
#include "util/compat.h"
#include "core/inventory/image/image.h"
#include "core/inventory/image/layers.h"
#include "core/inventory/image/source.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/json.h"

#include <ctype.h>
#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#define MT_OCI_INDEX    "application/vnd.oci.image.index.v1+json"
#define MT_OCI_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MT_DOCKER_LIST  "application/vnd.docker.distribution.manifest.list.v2+json"
#define MT_DOCKER_MANIF "application/vnd.docker.distribution.manifest.v2+json"

static char *xstrdup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Files at the top of a tar that say it holds a root file system (`docker export`). */
static bool is_rootfs_marker(const char *name)
{
	static const char *const markers[] = {
		"etc/os-release",           "usr/lib/os-release",
		"var/lib/dpkg/status",      "lib/apk/db/installed",
		"var/lib/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite",
	};

	for (size_t i = 0; i < ARRAY_SIZE(markers); i++)
		if (!strcmp(name, markers[i]))
			return true;
	return false;
}

int image_probe(const char *path)
{
	struct stat st;
	struct archive *ar;
	struct archive_entry *en;
	struct buf name = BUF_INIT;
	int found = 0, fd = -1;
	size_t n = 0;

	if (stat(path, &st) < 0)
		return 0;
	if (S_ISDIR(st.st_mode)) {
		json_t *doc = NULL;

		buf_addf(&name, "%s/oci-layout", path);
		if (fs_exists(name.ptr)) {
			buf_release(&name);
			return IMAGE_PROBE_IMAGE;
		}
		buf_reset(&name);
		buf_addf(&name, "%s/manifest.json", path);
		/* a docker-save manifest: an array of objects with "Layers" (not a web app manifest) */
		if (vjson_load_file(&doc, name.ptr, IMAGE_MAX_JSON) == 0 && json_is_array(doc) &&
		    json_is_array(json_object_get(json_array_get(doc, 0), "Layers")))
			found = IMAGE_PROBE_IMAGE;
		err_clear();
		json_decref(doc);
		buf_release(&name);
		return found;
	}
	if (!S_ISREG(st.st_mode))
		return 0;
	ar = img_tar_open(path, &fd);
	if (ar) {
		while (!found && ++n <= IMAGE_MAX_MEMBERS &&
		       arc_header_ok(archive_read_next_header(ar, &en))) {
			const char *raw = archive_entry_pathname(en);

			if (!raw || archive_entry_filetype(en) != AE_IFREG ||
			    !img_name_normalize(&name, raw))
				continue;
			if (!strcmp(name.ptr, "oci-layout") || !strcmp(name.ptr, "manifest.json"))
				found = IMAGE_PROBE_IMAGE;
			else if (raw[0] != '/' && is_rootfs_marker(name.ptr))
				found = IMAGE_PROBE_ROOTFS;
		}
	}
	archive_read_free(ar);
	if (fd >= 0)
		close(fd);
	err_clear();
	buf_release(&name);
	return found;
}

struct candidate {
	char *digest;   /* the manifest's */
	char *platform; /* "linux/amd64" or NULL */
	char *name;     /* from annotations, or NULL */
};

struct resolve {
	struct inventory *inv;
	const struct image_host *host;
	struct img_src *src;
	const char *path;
	struct candidate *cands;
	size_t ncands, acands;
	size_t nmanifests;
};

/* "sha256:HEX" -> "blobs/sha256/HEX"; false for a malformed digest. */
static bool blob_name(struct buf *out, const char *digest)
{
	const char *colon = digest ? strchr(digest, ':') : NULL;

	if (!colon || colon == digest || !colon[1] || strchr(colon + 1, '/') ||
	    strchr(colon + 1, '.') || strcspn(digest, "/.") < (size_t)(colon - digest))
		return false;
	for (const char *p = colon + 1; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' && *p != '=')
			return false;
	buf_reset(out);
	buf_adds(out, "blobs/");
	buf_add(out, digest, (size_t)(colon - digest));
	buf_addf(out, "/%s", colon + 1);
	return true;
}

/* Checks data against a "sha256:HEX" digest: 1 same, 0 not checked (other algorithm), -1 differs. */
int image_digest_check(const char *digest, const uint8_t sum[SHA256_LEN])
{
	char hex[SHA256_HEX_LEN + 1];

	if (!digest || strncmp(digest, "sha256:", 7))
		return 0;
	hex_encode(hex, sum, SHA256_LEN);
	return strcmp(digest + 7, hex) ? -1 : 1;
}

/* Reads a JSON blob by digest, checks it, parses it. */
/* Reads the JSON object in the image's file name, checked against digest when there is one. */
static int read_json(json_t **out, const struct img_src *src, const char *name, const char *digest,
                     const char *what)
{
	struct buf data = BUF_INIT;
	uint8_t sum[SHA256_LEN];
	int ret = -1;

	*out = NULL;
	if (img_src_read(src, name, &data) < 0) {
		err_prefix("%s", what);
		goto done;
	}
	hash_sha256(sum, data.ptr, data.len);
	if (image_digest_check(digest, sum) < 0) {
		ret = err_set(ERR_VERIFY, "%s '%s': content does not match its digest", what, name);
		goto done;
	}
	ret = vjson_parse(out, data.ptr, data.len, name);
	if (ret == 0 && !json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		ret = err_set(ERR_PARSE, "%s '%s' is not a JSON object", what, name);
	}
done:
	buf_release(&data);
	return ret;
}

/* Reads a JSON blob by its digest (OCI layout). */
static int read_blob(json_t **out, struct resolve *rs, const char *digest, const char *what)
{
	struct buf name = BUF_INIT;
	int ret;

	*out = NULL;
	if (!blob_name(&name, digest))
		ret = err_set(ERR_PARSE, "%s digest '%s' is malformed", what,
		              digest ? digest : "(none)");
	else
		ret = read_json(out, rs->src, name.ptr, digest, what);
	buf_release(&name);
	return ret;
}

static char *platform_of(const json_t *p)
{
	const char *os = vjson_str(p, "os"), *arch = vjson_str(p, "architecture");
	const char *variant = vjson_str(p, "variant");
	struct buf b = BUF_INIT;

	if (!os || !arch)
		return NULL;
	buf_addf(&b, "%s/%s", os, arch);
	if (variant && *variant)
		buf_addf(&b, "/%s", variant);
	return buf_detach(&b, NULL);
}

static const char *ref_name(const json_t *desc)
{
	const json_t *ann = json_object_get(desc, "annotations");
	const char *n = vjson_str(ann, "io.containerd.image.name");

	return n ? n : vjson_str(ann, "org.opencontainers.image.ref.name");
}

static int walk_index(struct resolve *rs, const json_t *index, const char *inherited_name,
                      int depth)
{
	const json_t *list = json_object_get(index, "manifests");
	size_t i;
	const json_t *d;

	if (!json_is_array(list))
		return err_set(ERR_PARSE, "index has no \"manifests\" list");
	json_array_foreach(list, i, d)
	{
		const char *mt = vjson_str(d, "mediaType"), *digest = vjson_str(d, "digest");
		const char *name = ref_name(d);
		const json_t *ann = json_object_get(d, "annotations");
		const char *reftype = vjson_str(ann, "vnd.docker.reference.type");

		if (!name)
			name = inherited_name;
		if (++rs->nmanifests > IMAGE_MAX_MANIFESTS)
			return err_set(ERR_TOOBIG, "more than %d manifests", IMAGE_MAX_MANIFESTS);
		if (reftype && !strcmp(reftype, "attestation-manifest"))
			continue; /* build attestations: not an image */
		if (mt && (!strcmp(mt, MT_OCI_INDEX) || !strcmp(mt, MT_DOCKER_LIST))) {
			json_t *sub;
			int r;

			if (depth >= IMAGE_MAX_INDEX_DEPTH)
				return err_set(ERR_TOOBIG, "indexes nested deeper than %d",
				               IMAGE_MAX_INDEX_DEPTH);
			if (read_blob(&sub, rs, digest, "index") < 0)
				return -1;
			r = walk_index(rs, sub, name, depth + 1);
			json_decref(sub);
			if (r < 0)
				return r;
			continue;
		}
		if (mt && strcmp(mt, MT_OCI_MANIFEST) && strcmp(mt, MT_DOCKER_MANIF)) {
			rs->host->diag(rs->inv, INV_NOTE, rs->path, 0,
			               "manifest %s has media type '%s': not an image, not read",
			               digest ? digest : "(no digest)", mt);
			continue;
		}
		if (!digest)
			return err_set(ERR_PARSE, "a manifest descriptor has no digest");
		ALLOC_GROW(rs->cands, rs->ncands + 1, rs->acands);
		rs->cands[rs->ncands].digest = xstrdup(digest);
		rs->cands[rs->ncands].platform = platform_of(json_object_get(d, "platform"));
		rs->cands[rs->ncands].name = name ? xstrdup(name) : NULL;
		rs->ncands++;
	}
	return 0;
}

static const char *host_arch(void)
{
	struct utsname u;

	if (uname(&u) < 0)
		return "amd64";
	if (!strcmp(u.machine, "x86_64"))
		return "amd64";
	if (!strcmp(u.machine, "aarch64"))
		return "arm64";
	return "amd64";
}

static bool platform_matches(const char *have, const char *want)
{
	size_t n = strlen(want);

	/* "linux/arm64" matches "linux/arm64/v8"; "linux/arm64/v8" needs the variant */
	return have && !strncmp(have, want, n) && (have[n] == '\0' || have[n] == '/');
}

/* Picks the image to read among the candidates; NULL (err set) when none fits. */
static const struct candidate *choose(struct resolve *rs, const char *want)
{
	struct buf list = BUF_INIT, host = BUF_INIT;
	const struct candidate *pick = NULL;

	for (size_t i = 0; i < rs->ncands; i++)
		buf_addf(&list, "%s%s", i ? ", " : "",
		         rs->cands[i].platform ? rs->cands[i].platform : rs->cands[i].digest);
	if (want) {
		for (size_t i = 0; i < rs->ncands && !pick; i++)
			if (platform_matches(rs->cands[i].platform, want))
				pick = &rs->cands[i];
		if (!pick)
			err_set(ERR_USAGE, "no image for platform '%s' (the layout holds: %s)",
			        want, list.len ? list.ptr : "none");
		goto done;
	}
	if (rs->ncands == 1) {
		pick = &rs->cands[0];
		goto done;
	}
	if (!rs->ncands) {
		err_set(ERR_PARSE, "the index names no image manifest");
		goto done;
	}
	buf_addf(&host, "linux/%s", host_arch());
	for (size_t i = 0; i < rs->ncands && !pick; i++)
		if (platform_matches(rs->cands[i].platform, host.ptr))
			pick = &rs->cands[i];
	if (!pick)
		pick = &rs->cands[0];
	rs->host->diag(rs->inv, INV_NOTE, rs->path, 0,
	               "the layout holds %zu images (%s): read %s; choose another with --platform",
	               rs->ncands, list.ptr, pick->platform ? pick->platform : pick->digest);
done:
	buf_release(&list);
	buf_release(&host);
	return pick;
}

static void layers_free(struct img_layer *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(l[i].blob);
		free(l[i].digest);
		free(l[i].diff_id);
		free(l[i].media_type);
	}
	free(l);
}

/* From a config: platform, and diff_ids given to the layers when their count matches. */
static void apply_config(struct image *im, const json_t *cfg)
{
	const json_t *ids = json_object_get(json_object_get(cfg, "rootfs"), "diff_ids");

	free(im->os);
	im->os = platform_of(cfg);
	if (json_is_array(ids) && json_array_size(ids) == im->nlayers) {
		for (size_t i = 0; i < im->nlayers; i++) {
			const char *s = vjson_strval(json_array_get(ids, i));

			if (s)
				im->layers[i].diff_id = xstrdup(s);
		}
	} else {
		im->host->diag(im->inv, INV_NOTE, im->path, 0,
		               "the config's rootfs.diff_ids does not list one id per layer: "
		               "layers are named by their blob digests");
	}
}

static bool layer_type_ok(struct image *im, const char *mt, size_t i)
{
	static const char *const ok[] = {
		"application/vnd.oci.image.layer.v1.tar",
		"application/vnd.oci.image.layer.v1.tar+gzip",
		"application/vnd.oci.image.layer.v1.tar+zstd",
		"application/vnd.oci.image.layer.nondistributable.v1.tar",
		"application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
		"application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
		"application/vnd.docker.image.rootfs.diff.tar",
		"application/vnd.docker.image.rootfs.diff.tar.gzip",
		"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
	};

	if (!mt)
		return true;
	for (size_t k = 0; k < ARRAY_SIZE(ok); k++)
		if (!strcmp(mt, ok[k]))
			return true;
	im->host->diag(im->inv, INV_ERROR, im->path, 0, "layer %zu has media type '%s'%s: not read",
	               i + 1, mt, strstr(mt, "encrypted") ? " (encrypted)" : "");
	return false;
}

static int resolve_oci(struct image *im, struct resolve *rs, const char *platform)
{
	struct buf data = BUF_INIT;
	json_t *index = NULL, *man = NULL, *cfg = NULL;
	const struct candidate *c;
	const json_t *layers, *l;
	size_t i;
	int ret = -1;

	if (img_src_read(im->src, "index.json", &data) < 0 ||
	    vjson_parse(&index, data.ptr, data.len, "index.json") < 0)
		goto done;
	if (walk_index(rs, index, NULL, 0) < 0) {
		err_prefix("index.json");
		goto done;
	}
	c = choose(rs, platform);
	if (!c)
		goto done;
	if (read_blob(&man, rs, c->digest, "manifest") < 0)
		goto done;
	im->digest = xstrdup(c->digest);
	im->name = c->name ? xstrdup(c->name) : NULL;
	im->config_digest = xstrdup_or_null(vjson_str(json_object_get(man, "config"), "digest"));
	layers = json_object_get(man, "layers");
	if (!json_is_array(layers)) {
		ret = err_set(ERR_PARSE, "manifest %s has no \"layers\" list", c->digest);
		goto done;
	}
	if (json_array_size(layers) > IMAGE_MAX_LAYERS) {
		ret = err_set(ERR_TOOBIG, "manifest %s has more than %d layers", c->digest,
		              IMAGE_MAX_LAYERS);
		goto done;
	}
	im->layers = xcalloc(json_array_size(layers) + 1, sizeof(*im->layers));
	json_array_foreach(layers, i, l)
	{
		struct img_layer *L = &im->layers[im->nlayers++];
		const char *digest = vjson_str(l, "digest");

		L->digest = xstrdup_or_null(digest);
		L->media_type = xstrdup_or_null(vjson_str(l, "mediaType"));
		if (!blob_name(&data, digest)) {
			im->host->diag(im->inv, INV_ERROR, im->path, 0,
			               "layer %zu: malformed digest: not read", i + 1);
			L->skip = true;
			continue;
		}
		L->blob = xstrdup(data.ptr);
		L->skip = !layer_type_ok(im, L->media_type, i);
	}
	if (read_blob(&cfg, rs, im->config_digest, "config") < 0)
		goto done;
	apply_config(im, cfg);
	ret = 0;
done:
	buf_release(&data);
	json_decref(index);
	json_decref(man);
	json_decref(cfg);
	return ret;
}

/* "HEX.json" or "blobs/sha256/HEX" -> "sha256:HEX"; NULL when the name says nothing. */
static char *digest_from_name(const char *name)
{
	const char *base = fs_basename(name);
	size_t n = strcspn(base, ".");
	struct buf b = BUF_INIT;

	if (n != SHA256_HEX_LEN || (base[n] && strcmp(base + n, ".json")))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)base[i]))
			return NULL;
	if (base != name && strncmp(name, "blobs/sha256/", 13) && base[n] != '.')
		return NULL;
	buf_adds(&b, "sha256:");
	buf_add(&b, base, n);
	return buf_detach(&b, NULL);
}

static int resolve_docker(struct image *im, struct resolve *rs)
{
	struct buf data = BUF_INIT;
	json_t *doc = NULL, *cfg = NULL;
	const json_t *first, *layers, *l, *tags;
	const char *cfgname;
	size_t i;
	int ret = -1;

	if (img_src_read(im->src, "manifest.json", &data) < 0 ||
	    vjson_parse(&doc, data.ptr, data.len, "manifest.json") < 0)
		goto done;
	first = json_array_get(doc, 0);
	if (!json_is_array(doc) || !json_is_object(first)) {
		ret = err_set(ERR_PARSE, "manifest.json is not a list of images");
		goto done;
	}
	if (json_array_size(doc) > 1)
		rs->host->diag(rs->inv, INV_NOTE, rs->path, 0,
		               "manifest.json lists %zu images: only the first is read",
		               json_array_size(doc));
	tags = json_object_get(first, "RepoTags");
	im->name = xstrdup_or_null(vjson_strval(json_array_get(tags, 0)));
	cfgname = vjson_str(first, "Config");
	layers = json_object_get(first, "Layers");
	if (!cfgname || !json_is_array(layers)) {
		ret = err_set(ERR_PARSE, "manifest.json: no \"Config\" or \"Layers\"");
		goto done;
	}
	if (json_array_size(layers) > IMAGE_MAX_LAYERS) {
		ret = err_set(ERR_TOOBIG, "manifest.json: more than %d layers", IMAGE_MAX_LAYERS);
		goto done;
	}
	im->layers = xcalloc(json_array_size(layers) + 1, sizeof(*im->layers));
	json_array_foreach(layers, i, l)
	{
		struct img_layer *L = &im->layers[im->nlayers++];
		const char *name = vjson_strval(l);

		if (!name) {
			im->host->diag(im->inv, INV_ERROR, im->path, 0,
			               "manifest.json: layer %zu is not a file name: not read",
			               i + 1);
			L->skip = true;
			continue;
		}
		L->blob = xstrdup(name);
		L->digest = digest_from_name(name);
	}
	im->config_digest = digest_from_name(cfgname);
	if (read_json(&cfg, im->src, cfgname, im->config_digest, "config") < 0)
		goto done;
	apply_config(im, cfg);
	ret = 0;
done:
	buf_release(&data);
	json_decref(doc);
	json_decref(cfg);
	return ret;
}

static void record_metadata(struct inventory *inv, const struct image *im)
{
	if (inv->image_digest || inv->image_id) {
		im->host->diag(
		        inv, INV_NOTE, im->path, 0,
		        "a second image in one run: the document's metadata names the first");
		return;
	}
	inv->image_digest = xstrdup_or_null(im->digest);
	inv->image_id = xstrdup_or_null(im->config_digest);
	inv->image_name = xstrdup_or_null(im->name);
	inv->image_os = xstrdup_or_null(im->os);
	inv->image_layers = xcalloc(im->nlayers + 1, sizeof(*inv->image_layers));
	for (size_t i = 0; i < im->nlayers; i++)
		inv->image_layers[i] = xstrdup(image_layer_id(&im->layers[i]));
	inv->nimage_layers = im->nlayers;
}

/* The names budget: the option (sbom --image-name-budget), at most the cap. */
static size_t image_max_names(const struct image_opts *opts)
{
	if (opts->max_names && opts->max_names < IMAGE_MAX_NAME_BYTES)
		return opts->max_names;
	return IMAGE_MAX_NAME_BYTES;
}

int image_scan(struct inventory *inv, const char *path, const struct image_opts *opts)
{
	struct img_src src;
	struct image im = { 0 };
	struct resolve rs = { 0 };
	char *shown;
	int r, ret = -1;

	if (!opts || !opts->host)
		BUG("the image reader needs the inventory's functions (image_opts.host)");
	if (img_src_open(&src, path, image_max_names(opts)) < 0)
		return -1;
	im.inv = inv;
	im.host = opts->host;
	im.src = &src;
	/* "oci/" and "oci" are the same image: "oci!/etc/os-release", not "oci/!/..." */
	shown = xstrdup(path);
	for (size_t n = strlen(shown); n > 1 && shown[n - 1] == '/'; n--)
		shown[n - 1] = '\0';
	im.path = shown;
	rs.inv = inv;
	rs.host = opts->host;
	rs.src = &src;
	rs.path = shown;
	if (img_src_has(&src, "oci-layout") && img_src_has(&src, "index.json"))
		r = resolve_oci(&im, &rs, opts->platform);
	else if (img_src_has(&src, "manifest.json"))
		r = resolve_docker(&im, &rs);
	else
		r = err_set(ERR_PARSE, "neither an OCI layout (oci-layout, index.json) nor a "
		                       "docker-save image (manifest.json)");
	if (r < 0) {
		if (err_code() != ERR_USAGE)
			err_prefix("'%s'", path);
		goto done;
	}
	record_metadata(inv, &im);
	ret = image_read_layers(&im, opts->max_file ? opts->max_file : INVENTORY_MAX_FILE,
	                        image_max_names(opts));
done:
	for (size_t i = 0; i < rs.ncands; i++) {
		free(rs.cands[i].digest);
		free(rs.cands[i].platform);
		free(rs.cands[i].name);
	}
	free(rs.cands);
	layers_free(im.layers, im.nlayers);
	free(im.digest);
	free(im.config_digest);
	free(im.name);
	free(im.os);
	img_src_release(&src);
	free(shown);
	return ret;
}

int image_scan_rootfs(struct inventory *inv, const char *path, const struct image_opts *opts)
{
	struct img_src src = { 0 };
	struct img_layer layer = { 0 };
	struct image im = { 0 };
	struct stat sb;

	if (!opts || !opts->host)
		BUG("the image reader needs the inventory's functions (image_opts.host)");
	if (stat(path, &sb) < 0)
		return err_set_errno(ERR_IO, "cannot read '%s'", path);
	/* the tar is the one layer */
	src.path = path;
	src.single = true;
	layer.blob = (char *)path;
	im.inv = inv;
	im.host = opts->host;
	im.src = &src;
	im.path = path;
	im.layers = &layer;
	im.nlayers = 1;
	im.rootfs = true;
	im.rootfs_size = (uint64_t)sb.st_size;
	return image_read_layers(&im, opts->max_file ? opts->max_file : INVENTORY_MAX_FILE,
	                         image_max_names(opts));
}
