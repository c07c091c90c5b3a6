/*
 * pe.c: see pe.h. Layouts from Microsoft's PE Format specification: the
 * MS-DOS stub's e_lfanew at 0x3c, the COFF file header, the optional header
 * (standard fields, Windows fields, data directories) and section headers.
 */
#include "util/compat.h"
#include "core/binfmt/pe.h"
#include "core/binfmt/binfmt.h"
#include "util/err.h"

static bool in_file(size_t len, uint64_t off, uint64_t n)
{
	return off <= len && n <= len - off;
}

static uint64_t rd(const struct pe *p, uint64_t off, unsigned size)
{
	return binfmt_uint(p->d + off, size, false);
}

int pe_open(struct pe *p, const unsigned char *d, size_t len)
{
	uint64_t pe, need;
	unsigned optsize, magic;

	memset(p, 0, sizeof(*p));
	p->d = d;
	p->len = len;
	if (len < 64 || d[0] != 'M' || d[1] != 'Z')
		return err_set(ERR_UNSUPPORTED, "not a PE image");
	pe = rd(p, 0x3c, 4);
	if (!in_file(len, pe, 24) || memcmp(d + pe, "PE\0\0", 4))
		return err_set(ERR_UNSUPPORTED, "not a PE image (an MS-DOS program)");
	p->machine = (unsigned)rd(p, pe + 4, 2);
	p->nsect = (unsigned)rd(p, pe + 6, 2);
	optsize = (unsigned)rd(p, pe + 20, 2);
	p->characteristics = (unsigned)rd(p, pe + 22, 2);
	p->opt = pe + 24;
	if (!in_file(len, p->opt, optsize) || optsize < 2)
		return err_set(ERR_PARSE, "optional header outside the file");
	magic = (unsigned)rd(p, p->opt, 2);
	if (magic != 0x10b && magic != 0x20b)
		return err_set(ERR_PARSE, "unknown optional header magic 0x%x", magic);
	p->plus = magic == 0x20b;
	need = p->plus ? 112 : 96;
	if (optsize < need)
		return err_set(ERR_PARSE, "optional header too short (%u bytes)", optsize);
	p->image_base = p->plus ? rd(p, p->opt + 24, 8) : rd(p, p->opt + 28, 4);
	p->dll_characteristics = (unsigned)rd(p, p->opt + 70, 2);
	p->ndirs = (unsigned)rd(p, p->opt + (p->plus ? 108 : 92), 4);
	if (p->ndirs > (optsize - need) / 8)
		p->ndirs = (unsigned)((optsize - need) / 8);
	p->sect = p->opt + optsize;
	if (p->nsect > BINFMT_MAX_SEGS || !in_file(len, p->sect, (uint64_t)p->nsect * 40))
		return err_set(ERR_PARSE, "section table outside the file");
	return 0;
}

bool pe_dir(const struct pe *p, unsigned i, uint64_t *rva, uint64_t *size)
{
	uint64_t o = p->opt + (p->plus ? 112 : 96) + (uint64_t)i * 8;

	if (i >= p->ndirs)
		return false;
	*rva = rd(p, o, 4);
	*size = rd(p, o + 4, 4);
	return *rva != 0 && *size != 0;
}

bool pe_rva_to_off(const struct pe *p, uint64_t rva, uint64_t n, uint64_t *off)
{
	for (unsigned i = 0; i < p->nsect; i++) {
		uint64_t s = p->sect + (uint64_t)i * 40;
		uint64_t va = rd(p, s + 12, 4), rsize = rd(p, s + 16, 4), roff = rd(p, s + 20, 4);

		if (rva < va || rva - va >= rsize || n > rsize - (rva - va) ||
		    !in_file(p->len, roff, rsize))
			continue;
		*off = roff + (rva - va);
		return true;
	}
	return false;
}

const char *pe_machine_name(unsigned machine)
{
	switch (machine) {
	case PE_MACHINE_I386:
		return "i386";
	case PE_MACHINE_AMD64:
		return "x86_64";
	case PE_MACHINE_ARM64:
		return "arm64";
	case 0x1c4:
		return "arm";
	default:
		return NULL;
	}
}
