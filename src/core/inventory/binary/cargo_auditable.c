/*
 * cargo_auditable.c: the crates a Rust program was built from, as
 * cargo-auditable embeds them: a section ".dep-v0" holds zlib-compressed
 * JSON {"packages": [{"name", "version", "source", "kind",
 * "dependencies": [indices], "root": bool}]}. The section is ".dep-v0" in
 * ELF and PE files and ".dep-v0" of segment "__DATA" in Mach-O files (the
 * names cargo-auditable writes and its auditable-extract reads).
 *
 * The decompressed JSON is capped at CA_MAX_JSON bytes.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/binfmt/binfmt.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"

#include <zlib.h>

#define CA_MAX_JSON  ((size_t)16 << 20)
#define CA_ECOSYSTEM "crates.io"

bool cargo_auditable_present(const char *data, size_t len);

/* The file range of the .dep-v0 section of an ELF, PE or Mach-O file (enum binfmt_sect). */
static int dep_section(const char *data, size_t len, uint64_t *off, uint64_t *n)
{
	const unsigned char *d = (const unsigned char *)data;

	switch (binfmt_kind(data, len)) {
	case BINFMT_ELF:
		return binfmt_elf_section(d, len, ".dep-v0", off, n);
	case BINFMT_PE:
		return binfmt_pe_section(d, len, ".dep-v0", off, n);
	case BINFMT_MACHO:
		return binfmt_macho_section(d, len, "__DATA", ".dep-v0", off, n);
	default:
		return BINFMT_SECT_ABSENT;
	}
}

/*
 * True for an executable with a .dep-v0 section, readable or not (the
 * executable extractor hands these over; one whose data is not in the file
 * is then an error, not silence).
 */
bool cargo_auditable_present(const char *data, size_t len)
{
	uint64_t off, n;

	return dep_section(data, len, &off, &n) != BINFMT_SECT_ABSENT;
}

static int inflate_capped(struct buf *out, const unsigned char *in, size_t n)
{
	z_stream z = { 0 };
	unsigned char chunk[16384];
	int r, ret = 0;

	if (inflateInit(&z) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
	do {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		r = inflate(&z, Z_NO_FLUSH);
		if (r != Z_OK && r != Z_STREAM_END) {
			ret = -1;
			break;
		}
		if (out->len + (sizeof(chunk) - z.avail_out) > CA_MAX_JSON) {
			ret = -2;
			break;
		}
		buf_add(out, chunk, sizeof(chunk) - z.avail_out);
	} while (r != Z_STREAM_END && (z.avail_in || !z.avail_out));
	if (!ret && r != Z_STREAM_END)
		ret = -1;
	inflateEnd(&z);
	return ret;
}

static int cargo_auditable_extract(struct extract_ctx *ctx, const char *data, size_t len);

static int cargo_auditable_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	uint64_t off, n;
	struct buf js = BUF_INIT;
	json_t *root = NULL, *pk;
	struct pkg **pkgs = NULL;
	size_t np = 0;
	int ret = 0, r;

	r = dep_section(data, len, &off, &n);
	if (r == BINFMT_SECT_ABSENT)
		return 0;
	if (r == BINFMT_SECT_OUTSIDE)
		return extract_error(ctx, 0,
		                     "cargo-auditable section .dep-v0 has no data inside the file "
		                     "(a truncated file?): not read");
	r = inflate_capped(&js, (const unsigned char *)data + off, (size_t)n);
	if (r == -2) {
		ret = extract_error(
		        ctx, 0, "cargo-auditable data (.dep-v0) inflates past %zu bytes: not read",
		        CA_MAX_JSON);
		goto done;
	}
	if (r < 0) {
		ret = extract_error(ctx, 0,
		                    "cargo-auditable data (.dep-v0) is not valid zlib data");
		goto done;
	}
	if (vjson_parse(&root, js.ptr ? js.ptr : "", js.len, ".dep-v0") < 0) {
		ret = extract_error(ctx, 0, "cargo-auditable data: %s", err_msg());
		goto done;
	}
	pk = json_object_get(root, "packages");
	if (!json_is_array(pk)) {
		ret = extract_error(ctx, 0, "cargo-auditable data: no \"packages\" array");
		goto done;
	}
	np = json_array_size(pk);
	pkgs = xcalloc(np ? np : 1, sizeof(*pkgs));
	for (size_t i = 0; i < np; i++) {
		json_t *e = json_array_get(pk, i);
		const char *name = vjson_str(e, "name"), *ver = vjson_str(e, "version"),
		           *src = vjson_str(e, "source"), *kind = vjson_str(e, "kind");
		struct pkg *p;

		if (!name || !ver) {
			ret = extract_error(ctx, 0,
			                    "cargo-auditable package %zu: no name or version", i);
			continue;
		}
		p = extract_add(ctx, CA_ECOSYSTEM, "cargo", NULL, name, ver, 0);
		if (!p)
			break;
		pkgs[i] = p;
		if (json_is_true(json_object_get(e, "root")))
			p->flags |= PKG_ROOT;
		if (kind && !strcmp(kind, "build"))
			pkg_add_prop(p, "vouch:cargo-kind", "build");
		if (src) {
			pkg_add_prop(p, "vouch:cargo-source", src);
			if (strcmp(src, "crates.io") && strcmp(src, "registry"))
				p->flags |= PKG_LOCAL;
		}
	}
	for (size_t i = 0; i < np; i++) {
		json_t *deps = json_object_get(json_array_get(pk, i), "dependencies");

		if (!pkgs[i] || !json_is_array(deps))
			continue;
		for (size_t k = 0; k < json_array_size(deps); k++) {
			json_t *d = json_array_get(deps, k);

			if (json_is_integer(d) && json_integer_value(d) >= 0 &&
			    (size_t)json_integer_value(d) < np && pkgs[json_integer_value(d)])
				extract_edge(ctx, pkgs[i], pkgs[json_integer_value(d)]);
		}
	}
done:
	free(pkgs);
	json_decref(root);
	buf_release(&js);
	return ret;
}

static bool ca_match(const char *rel, const char *name)
{
	(void)rel;
	(void)name;
	return false; /* executables are claimed by content: see executable.c */
}

const struct extractor rust_cargo_auditable_extractor = {
	.name = "rust-cargo-auditable",
	.ecosystem = CA_ECOSYSTEM,
	.match = ca_match,
	.extract = cargo_auditable_extract,
	.max_size = (size_t)4 << 30, /* mapped: see extractor_maps() */
};
