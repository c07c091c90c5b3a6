/*
 * macho.c: see macho.h. Layouts from Apple's <mach-o/loader.h> and
 * <mach-o/nlist.h> as documented: mach_header(_64), load_command,
 * symtab_command and nlist(_64).
 */
#include "util/compat.h"
#include "core/binfmt/macho.h"
#include "core/binfmt/binfmt.h"
#include "util/err.h"

static bool in_file(size_t len, uint64_t off, uint64_t n)
{
	return off <= len && n <= len - off;
}

uint64_t macho_uint(const struct macho *m, uint64_t off, unsigned size)
{
	return binfmt_uint(m->d + off, size, m->big);
}

int macho_open(struct macho *m, const unsigned char *d, size_t len)
{
	uint32_t magic;

	memset(m, 0, sizeof(*m));
	m->d = d;
	m->len = len;
	if (len < 28)
		return err_set(ERR_PARSE, "not a Mach-O file");
	magic = (uint32_t)binfmt_uint(d, 4, false);
	if (magic != 0xfeedfaceu && magic != 0xfeedfacfu && magic != 0xcefaedfeu &&
	    magic != 0xcffaedfeu)
		return err_set(ERR_PARSE, "not a Mach-O file");
	m->is64 = magic == 0xfeedfacfu || magic == 0xcffaedfeu;
	m->big = magic == 0xcefaedfeu || magic == 0xcffaedfeu;
	m->cmds = m->is64 ? 32 : 28;
	if (len < m->cmds)
		return err_set(ERR_PARSE, "truncated Mach-O header");
	m->cputype = (uint32_t)macho_uint(m, 4, 4);
	m->filetype = (uint32_t)macho_uint(m, 12, 4);
	m->ncmds = (uint32_t)macho_uint(m, 16, 4);
	m->flags = (uint32_t)macho_uint(m, 24, 4);
	if (m->ncmds > BINFMT_MAX_SEGS)
		return err_set(ERR_PARSE, "too many load commands (%u)", m->ncmds);
	return 0;
}

bool macho_next_cmd(const struct macho *m, uint64_t *cursor, struct macho_cmd *out)
{
	/* *cursor is the offset of the next command, 0 before the first */
	uint64_t off = *cursor ? *cursor : m->cmds;
	uint64_t size;

	if (!in_file(m->len, off, 8))
		return false;
	size = macho_uint(m, off + 4, 4);
	if (size < 8 || !in_file(m->len, off, size))
		return false;
	out->cmd = (uint32_t)macho_uint(m, off, 4);
	out->off = off;
	out->size = size;
	*cursor = off + size;
	return true;
}

size_t macho_symbols(const struct macho *m, macho_sym_fn fn, void *payload)
{
	uint64_t cur = 0;
	struct macho_cmd c;
	size_t seen = 0;

	for (uint32_t i = 0; i < m->ncmds && macho_next_cmd(m, &cur, &c); i++) {
		uint64_t symoff, nsyms, stroff, strsize, entsize = m->is64 ? 16 : 12;

		if (c.cmd != MACHO_LC_SYMTAB || c.size < 24)
			continue;
		symoff = macho_uint(m, c.off + 8, 4);
		nsyms = macho_uint(m, c.off + 12, 4);
		stroff = macho_uint(m, c.off + 16, 4);
		strsize = macho_uint(m, c.off + 20, 4);
		if (!in_file(m->len, stroff, strsize) || nsyms > (m->len / entsize) ||
		    !in_file(m->len, symoff, nsyms * entsize))
			return seen;
		for (uint64_t k = 0; k < nsyms; k++) {
			uint64_t e = symoff + k * entsize, strx = macho_uint(m, e, 4), max;
			const unsigned char *s, *nul;

			if (strx >= strsize)
				continue;
			s = m->d + stroff + strx;
			max = strsize - strx < 4097 ? strsize - strx : 4097;
			nul = memchr(s, 0, (size_t)max);
			if (!nul)
				continue;
			fn((const char *)s, m->d[e + 4], payload);
			seen++;
		}
	}
	return seen;
}

const char *macho_cpu_name(uint32_t cputype)
{
	switch (cputype) {
	case 7:
		return "i386";
	case 0x01000007:
		return "x86_64";
	case 12:
		return "arm";
	case 0x0100000c:
		return "arm64";
	case 0x0200000c:
		return "arm64_32";
	case 18:
		return "ppc";
	case 0x01000012:
		return "ppc64";
	default:
		return NULL;
	}
}
