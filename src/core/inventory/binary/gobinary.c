/*
 * gobinary.c: the modules a Go program was built from, read from the build
 * information the Go linker embeds in every executable (ELF, Mach-O, PE).
 *
 * The build information starts with the 14-byte magic "\xff Go buildinf:"
 * at a 16-byte aligned address (its own section, .go.buildinfo, in ELF and
 * Mach-O; inside .data in PE), then the pointer size (byte 14) and flags
 * (byte 15: bit 0 big-endian, bit 1 strings inline). From Go 1.18 the two
 * strings (toolchain version, module information) follow the 32-byte
 * header, each as a uvarint length then the bytes. Before, the header holds
 * at byte 16 and 16+ptrsize the addresses of two Go string headers (address,
 * length), which are mapped to file offsets through the ELF program headers,
 * the PE section table or the Mach-O segments.
 *
 * The module information is framed by 16 sentinel bytes on both sides and is
 * lines of tab-separated fields: "path P", "mod P V SUM", "dep P V SUM",
 * "=> P V SUM" (replaces the module on the line before), "build K=V".
 *
 * Nothing is ever run: the file is parsed with explicit lengths only.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/binfmt/binfmt.h"
#include "core/inventory/go/golang.h"
#include "util/alloc.h"
#include "util/buf.h"

#define GO_MAGIC     "\xff Go buildinf:"
#define GO_MAGIC_LEN 14
#define GO_MAX_INFO  ((size_t)4 << 20) /* module information larger than this is refused */

static bool gobin_match(const char *rel, const char *name)
{
	(void)rel;
	(void)name;
	return false; /* claimed by content: see match_head */
}

bool go_binary_head(const char *head, size_t len);

bool go_binary_head(const char *head, size_t len)
{
	return binfmt_kind(head, len) != BINFMT_NONE;
}

/* A uvarint at *pos, not past len; false when truncated or above 2^32. */
static bool uvarint(const unsigned char *d, size_t len, size_t *pos, size_t *out)
{
	uint64_t v = 0;

	for (unsigned shift = 0; shift < 35; shift += 7) {
		unsigned char b;

		if (*pos >= len)
			return false;
		b = d[(*pos)++];
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			if (v > UINT32_MAX)
				return false;
			*out = (size_t)v;
			return true;
		}
	}
	return false;
}

/* Reads a Go string header (pointer, length) at file offset off; pre-1.18 form. */
static bool go_string_at(const unsigned char *d, size_t len, uint64_t addr, unsigned ptrsize,
                         bool big, const unsigned char **s, size_t *n)
{
	uint64_t off, sptr, slen, soff;

	if (!binfmt_addr_to_off(d, len, addr, 2 * (uint64_t)ptrsize, &off))
		return false;
	sptr = binfmt_uint(d + off, ptrsize, big);
	slen = binfmt_uint(d + off + ptrsize, ptrsize, big);
	if (slen > GO_MAX_INFO || !binfmt_addr_to_off(d, len, sptr, slen, &soff))
		return false;
	*s = d + soff;
	*n = (size_t)slen;
	return true;
}

struct field {
	const char *p;
	size_t n;
};

/* Splits a line at tabs into up to max fields; returns how many. */
static size_t fields(const char *l, size_t n, struct field *f, size_t max)
{
	size_t k = 0;
	const char *end = l + n;

	while (k < max) {
		const char *t = memchr(l, '\t', (size_t)(end - l));

		f[k].p = l;
		f[k].n = t ? (size_t)(t - l) : (size_t)(end - l);
		k++;
		if (!t)
			break;
		l = t + 1;
	}
	return k;
}

struct mod {
	struct field path, version, sum;
	struct field rpath, rversion, rsum; /* replacement, n == 0 when none */
	bool is_main;
	size_t line;
};

static void add_sum(struct pkg *p, struct field sum)
{
	/* "h1:BASE64" is the SHA-256 of the module's file tree listing (dirhash) */
	if (sum.n > 3 && !memcmp(sum.p, "h1:", 3)) {
		char *s = xstrndup(sum.p, sum.n);

		pkg_add_prop(p, "vouch:go-sum", s);
		free(s);
	}
}

static int parse_modinfo(struct extract_ctx *ctx, const char *info, size_t n, const char *gover,
                         size_t gvn)
{
	struct mod *mods = NULL;
	size_t nmods = 0, amods = 0, line = 0;
	struct pkg *root = NULL;
	const char *p = info, *end = info + n;
	int ret = 0;
	char **bkeys = NULL, **bvals = NULL;
	size_t nb = 0, ab = 0, ab2 = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ln = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct field f[5];
		size_t k;

		const char *ls = p;

		line++;
		k = fields(p, ln, f, 5);
		p = nl ? nl + 1 : end;
		if (!ln)
			continue;
		if (f[0].n == 4 && !memcmp(f[0].p, "path", 4)) {
			continue;
		} else if ((f[0].n == 3 &&
		            (!memcmp(f[0].p, "mod", 3) || !memcmp(f[0].p, "dep", 3)))) {
			struct mod m = { 0 };

			if (k < 3 || !go_valid_path(f[1].p, f[1].n)) {
				ret = extract_error(ctx, 0,
				                    "build information line %zu: bad '%.*s' line",
				                    line, 3, f[0].p);
				continue;
			}
			m.path = f[1];
			m.version = f[2];
			if (k > 3)
				m.sum = f[3];
			m.is_main = f[0].p[0] == 'm';
			m.line = line;
			ALLOC_GROW(mods, nmods + 1, amods);
			mods[nmods++] = m;
		} else if (f[0].n == 2 && !memcmp(f[0].p, "=>", 2)) {
			if (!nmods || k < 2 || mods[nmods - 1].rpath.n) {
				ret = extract_error(
				        ctx, 0, "build information line %zu: '=>' without a module",
				        line);
				continue;
			}
			mods[nmods - 1].rpath = f[1];
			if (k > 2)
				mods[nmods - 1].rversion = f[2];
			if (k > 3)
				mods[nmods - 1].rsum = f[3];
		} else if (f[0].n == 5 && !memcmp(f[0].p, "build", 5) && k >= 2) {
			/* "build\tKEY=VALUE": the value may hold tabs (it ends the line) */
			const char *kv = f[1].p, *eq;
			size_t kvn = ln - (size_t)(kv - ls);

			eq = memchr(kv, '=', kvn);
			if (!eq)
				continue;
			ALLOC_GROW(bkeys, nb + 1, ab);
			ALLOC_GROW(bvals, nb + 1, ab2);
			bkeys[nb] = xstrndup(kv, (size_t)(eq - kv));
			bvals[nb] = xstrndup(eq + 1, kvn - (size_t)(eq - kv) - 1);
			nb++;
		} else {
			extract_note(ctx, 0, "build information line %zu: '%.*s' not understood",
			             line, (int)(f[0].n > 32 ? 32 : f[0].n), f[0].p);
		}
	}

	for (size_t i = 0; i < nmods; i++) {
		struct mod *m = &mods[i];
		struct pkg *pk;
		bool devel = m->version.n == 7 && !memcmp(m->version.p, "(devel)", 7);

		/*
		 * The module as required is what advisories name; a replacement by
		 * another module (not a local folder) is what was built, and is
		 * kept as properties so both are visible.
		 */
		pk = go_add_module(ctx, m->path.p, m->path.n, devel ? NULL : m->version.p,
		                   devel ? 0 : m->version.n, 0);
		if (!pk)
			break;
		if (m->is_main) {
			pk->flags |= PKG_ROOT;
			root = pk;
			if (devel)
				pkg_add_prop(pk, "vouch:go-main-version", "(devel)");
		} else {
			pk->flags |= PKG_TRANSITIVE;
		}
		add_sum(pk, m->sum);
		if (m->rpath.n) {
			char *s = xstrndup(m->rpath.p, m->rpath.n);

			pkg_add_prop(pk, "vouch:go-replaced-by", s);
			free(s);
			if (m->rversion.n) {
				s = xstrndup(m->rversion.p, m->rversion.n);
				pkg_add_prop(pk, "vouch:go-replaced-by-version", s);
				free(s);
			}
			if (go_is_local_path(m->rpath.p, m->rpath.n))
				pk->flags |= PKG_LOCAL;
			add_sum(pk, m->rsum);
		}
		if (root && pk != root)
			extract_edge(ctx, root, pk);
	}
	if (gvn > 2 && !memcmp(gover, "go", 2)) {
		/* "go1.19.8" or "go1.22.0 X:boringcrypto": the release only */
		size_t vn = 2;
		struct pkg *sp;
		char *ver, *full = xstrndup(gover, gvn);

		while (vn < gvn && gover[vn] != ' ' && gover[vn] != '-' && gover[vn] != '+')
			vn++;
		ver = xstrndup(gover + 2, vn - 2);
		sp = extract_add(ctx, GO_ECOSYSTEM, "golang", NULL, "stdlib", ver, 0);
		if (sp) {
			sp->flags |= PKG_DIRECT;
			pkg_add_prop(sp, "vouch:go-version-source", "binary build information");
			pkg_add_prop(sp, "vouch:go-toolchain", full);
			if (root)
				extract_edge(ctx, root, sp);
		}
		free(ver);
		free(full);
	}
	if (root)
		for (size_t i = 0; i < nb; i++) {
			struct buf key = BUF_INIT;

			buf_addf(&key, "vouch:go-build:%s", bkeys[i]);
			pkg_add_prop(root, key.ptr, bvals[i]);
			buf_release(&key);
		}
	for (size_t i = 0; i < nb; i++) {
		free(bkeys[i]);
		free(bvals[i]);
	}
	free(bkeys);
	free(bvals);
	free(mods);
	return ret;
}

/*
 * Where Go's linker puts the build information, as Go's own reader
 * (debug/buildinfo) looks for it: the .go.buildinfo (ELF) or __go_buildinfo
 * (Mach-O) section, else the first writable data. Searching the whole file
 * would take the magic in a program's constants for build information: any
 * program that reads Go executables, vouch among them, has it there. When
 * the headers give no such place, the whole file is searched.
 */
static void go_region(const unsigned char *d, size_t len, size_t *start, size_t *end)
{
	uint64_t off = 0, size = 0;

	if (binfmt_elf_section(d, len, ".go.buildinfo", &off, &size) == BINFMT_SECT_FOUND ||
	    binfmt_macho_section(d, len, "__DATA", "__go_buildinfo", &off, &size) ==
	            BINFMT_SECT_FOUND ||
	    binfmt_writable_data(d, len, &off, &size) == BINFMT_SECT_FOUND) {
		*start = (size_t)off;
		*end = (size_t)(off + size);
		return;
	}
	*start = 0;
	*end = len;
}

/* The offset of the build information header, or len when none. */
static size_t find_magic(const unsigned char *d, size_t len)
{
	size_t start, end;

	go_region(d, len, &start, &end);
	/* 16-byte aligned from the start of the section or segment */
	for (size_t off = start; off <= end && end - off >= 32; off += 16) {
		const unsigned char *hit = memchr(d + off, 0xff, end - off);

		if (!hit)
			return len;
		off = start + (((size_t)(hit - d) - start) & ~(size_t)15);
		if (end - off >= 32 && !memcmp(d + off, GO_MAGIC, GO_MAGIC_LEN))
			return off;
	}
	return len;
}

bool go_binary_present(const char *data, size_t len);

bool go_binary_present(const char *data, size_t len)
{
	return find_magic((const unsigned char *)data, len) != len;
}

static int gobin_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	const unsigned char *d = (const unsigned char *)data, *ver, *info;
	size_t off = find_magic(d, len), vn = 0, in = 0;
	unsigned ptrsize, flags;

	if (off == len)
		return 0; /* an executable, not built by Go (or built without module support) */
	ptrsize = d[off + 14];
	flags = d[off + 15];
	if (flags & 2) {
		size_t pos = off + 32;

		if (!uvarint(d, len, &pos, &vn) || vn > len - pos)
			return extract_error(ctx, 0, "Go build information: truncated version");
		ver = d + pos;
		pos += vn;
		if (!uvarint(d, len, &pos, &in) || in > len - pos || in > GO_MAX_INFO)
			return extract_error(ctx, 0,
			                     "Go build information: truncated module information");
		info = d + pos;
	} else {
		bool big = flags & 1;

		if (ptrsize != 4 && ptrsize != 8)
			return extract_error(ctx, 0, "Go build information: pointer size %u",
			                     ptrsize);
		if (!go_string_at(d, len, binfmt_uint(d + off + 16, ptrsize, big), ptrsize, big,
		                  &ver, &vn) ||
		    !go_string_at(d, len, binfmt_uint(d + off + 16 + ptrsize, ptrsize, big),
		                  ptrsize, big, &info, &in))
			return extract_error(ctx, 0,
			                     "Go build information (before Go 1.18): its strings "
			                     "could not be located in the file");
	}
	/* the 16-byte sentinels around the module information */
	if (in >= 33 && info[in - 17] == '\n') {
		info += 16;
		in -= 32;
	} else if (in) {
		extract_note(ctx, 0, "Go module information without its framing bytes: read as is");
	}
	if (!in) {
		extract_note(ctx, 0, "built by %.*s without module information", (int)vn,
		             (const char *)ver);
	}
	return parse_modinfo(ctx, (const char *)info, in, (const char *)ver, vn);
}

const struct extractor go_binary_extractor = {
	.name = "go-binary",
	.ecosystem = GO_ECOSYSTEM,
	.match = gobin_match,
	.extract = gobin_extract,
	.max_size = (size_t)4 << 30, /* mapped: see extractor_maps() */
};
