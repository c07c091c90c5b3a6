/*
 * binfmt.c: see binfmt.h. ELF goes through the reader of elf.c; layouts
 * from the PE/COFF specification (DOS header e_lfanew at 0x3c, COFF
 * header, optional header ImageBase, section table) and Mach-O's
 * mach_header(_64) with LC_SEGMENT(_64) load commands.
 */
#include "util/compat.h"
#include "core/binfmt/binfmt.h"
#include "core/binfmt/elf.h"

uint64_t binfmt_uint(const unsigned char *p, unsigned size, bool big)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)p[big ? i : size - 1 - i] << (8 * (size - 1 - i));
	return v;
}

enum binfmt_kind binfmt_kind(const char *head, size_t len)
{
	const unsigned char *h = (const unsigned char *)head;

	if (len >= 16 && !memcmp(h,
	                         "\x7f"
	                         "ELF",
	                         4))
		return BINFMT_ELF;
	if (len >= 64 && h[0] == 'M' && h[1] == 'Z')
		return BINFMT_PE;
	if (len >= 4) {
		uint32_t m = (uint32_t)binfmt_uint(h, 4, false);

		if (m == 0xfeedfaceu || m == 0xfeedfacfu || m == 0xcefaedfeu || m == 0xcffaedfeu)
			return BINFMT_MACHO;
	}
	if (len >= 8) {
		uint32_t m = (uint32_t)binfmt_uint(h, 4, true);
		uint32_t n = (uint32_t)binfmt_uint(h + 4, 4, true);

		if ((m == 0xcafebabeu || m == 0xcafebabfu) && n >= 1 && n <= BINFMT_MAX_FAT)
			return BINFMT_FAT;
	}
	return BINFMT_NONE;
}

/* A range [off, off+n) inside the file. */
static bool in_file(size_t len, uint64_t off, uint64_t n)
{
	return off <= len && n <= len - off;
}

static bool range_hit(uint64_t addr, uint64_t n, uint64_t start, uint64_t size, uint64_t foff,
                      uint64_t fsize, size_t len, uint64_t *off)
{
	uint64_t delta;

	if (addr < start || addr - start >= size)
		return false;
	delta = addr - start;
	if (delta > fsize || n > fsize - delta || !in_file(len, foff, fsize))
		return false;
	*off = foff + delta;
	return true;
}

/* ELF through the reader of elf.c: the PT_LOAD segments. */
static bool elf_addr(const unsigned char *d, size_t len, uint64_t addr, uint64_t n, uint64_t *off)
{
	struct elf e;

	return elf_open(&e, d, len) == 0 && elf_vaddr_to_off(&e, addr, n, off);
}

static bool pe_addr(const unsigned char *d, size_t len, uint64_t addr, uint64_t n, uint64_t *off)
{
	uint64_t pe = binfmt_uint(d + 0x3c, 4, false), opt, sect, base;
	unsigned nsect, optsize, magic;

	if (!in_file(len, pe, 24) || memcmp(d + pe, "PE\0\0", 4))
		return false;
	nsect = (unsigned)binfmt_uint(d + pe + 6, 2, false);
	optsize = (unsigned)binfmt_uint(d + pe + 20, 2, false);
	opt = pe + 24;
	if (!in_file(len, opt, 32) || nsect > BINFMT_MAX_SEGS)
		return false;
	magic = (unsigned)binfmt_uint(d + opt, 2, false);
	if (magic == 0x20b)
		base = binfmt_uint(d + opt + 24, 8, false);
	else if (magic == 0x10b)
		base = binfmt_uint(d + opt + 28, 4, false);
	else
		return false;
	sect = opt + optsize;
	for (unsigned i = 0; i < nsect; i++) {
		const unsigned char *s;
		uint64_t o = sect + (uint64_t)i * 40, vsize, rsize;

		if (!in_file(len, o, 40))
			return false;
		s = d + o;
		vsize = binfmt_uint(s + 8, 4, false);
		rsize = binfmt_uint(s + 16, 4, false);
		if (range_hit(addr, n, base + binfmt_uint(s + 12, 4, false),
		              vsize > rsize ? vsize : rsize, binfmt_uint(s + 20, 4, false), rsize,
		              len, off))
			return true;
	}
	return false;
}

/* The segments of a thin Mach-O, one LC_SEGMENT(_64) command at a time. */
struct macho_seg {
	uint64_t vaddr, vsize, foff, fsize;
	uint32_t maxprot, initprot;
};

struct macho_walk {
	const unsigned char *d;
	size_t len;
	bool is64, big;
	uint64_t ncmds, i, o; /* commands, the next one, its offset */
};

static bool macho_walk_init(struct macho_walk *w, const unsigned char *d, size_t len)
{
	uint32_t m = (uint32_t)binfmt_uint(d, 4, false);

	w->d = d;
	w->len = len;
	w->is64 = m == 0xfeedfacfu || m == 0xcffaedfeu;
	w->big = m == 0xcefaedfeu || m == 0xcffaedfeu;
	w->o = w->is64 ? 32 : 28;
	w->i = 0;
	if (len < w->o)
		return false;
	w->ncmds = binfmt_uint(d + 16, 4, w->big);
	return w->ncmds <= BINFMT_MAX_SEGS;
}

/* The next segment into *s: true, or false at the end or at a command outside the file. */
static bool macho_next_seg(struct macho_walk *w, struct macho_seg *s)
{
	while (w->i < w->ncmds) {
		const unsigned char *c = w->d + w->o;
		uint64_t cmd, size;
		unsigned n = w->is64 ? 8 : 4;

		if (!in_file(w->len, w->o, 8))
			return false;
		cmd = binfmt_uint(c, 4, w->big);
		size = binfmt_uint(c + 4, 4, w->big);
		if (size < 8 || !in_file(w->len, w->o, size))
			return false;
		w->i++;
		w->o += size;
		/* LC_SEGMENT_64 (72 bytes before its sections) or LC_SEGMENT (56) */
		if ((cmd == 0x19 && size >= 72) || (cmd == 0x1 && size >= 56)) {
			s->vaddr = binfmt_uint(c + 24, n, w->big);
			s->vsize = binfmt_uint(c + 24 + n, n, w->big);
			s->foff = binfmt_uint(c + 24 + 2 * n, n, w->big);
			s->fsize = binfmt_uint(c + 24 + 3 * n, n, w->big);
			s->maxprot = (uint32_t)binfmt_uint(c + 24 + 4 * n, 4, w->big);
			s->initprot = (uint32_t)binfmt_uint(c + 28 + 4 * n, 4, w->big);
			return true;
		}
	}
	return false;
}

static bool macho_addr(const unsigned char *d, size_t len, uint64_t addr, uint64_t n, uint64_t *off)
{
	struct macho_walk w;
	struct macho_seg s;

	if (!macho_walk_init(&w, d, len))
		return false;
	while (macho_next_seg(&w, &s))
		if (range_hit(addr, n, s.vaddr, s.vsize, s.foff, s.fsize, len, off))
			return true;
	return false;
}

bool binfmt_addr_to_off(const unsigned char *d, size_t len, uint64_t addr, uint64_t n,
                        uint64_t *off)
{
	switch (binfmt_kind((const char *)d, len)) {
	case BINFMT_ELF:
		return elf_addr(d, len, addr, n, off);
	case BINFMT_PE:
		return pe_addr(d, len, addr, n, off);
	case BINFMT_MACHO:
		return macho_addr(d, len, addr, n, off);
	default:
		return false;
	}
}

int binfmt_elf_section(const unsigned char *d, size_t len, const char *name, uint64_t *off,
                       uint64_t *size)
{
	struct elf e;
	struct elf_shdr sh;

	if (binfmt_kind((const char *)d, len) != BINFMT_ELF || elf_open(&e, d, len) < 0 ||
	    !elf_section_by_name(&e, name, &sh))
		return BINFMT_SECT_ABSENT;
	if (!in_file(len, sh.offset, sh.size))
		return BINFMT_SECT_OUTSIDE;
	*off = sh.offset;
	*size = sh.size;
	return BINFMT_SECT_FOUND;
}

/* The PE section table (40-byte entries): its file offset and count, all inside the file. */
static bool pe_section_table(const unsigned char *d, size_t len, uint64_t *sect, unsigned *nsect)
{
	uint64_t pe = binfmt_uint(d + 0x3c, 4, false);

	if (!in_file(len, pe, 24) || memcmp(d + pe, "PE\0\0", 4))
		return false;
	*nsect = (unsigned)binfmt_uint(d + pe + 6, 2, false);
	*sect = pe + 24 + binfmt_uint(d + pe + 20, 2, false);
	return *nsect <= BINFMT_MAX_SEGS && in_file(len, *sect, (uint64_t)*nsect * 40);
}

int binfmt_pe_section(const unsigned char *d, size_t len, const char *name, uint64_t *off,
                      uint64_t *size)
{
	uint64_t sect;
	unsigned nsect;
	size_t nl = strlen(name);

	if (nl > 8 || binfmt_kind((const char *)d, len) != BINFMT_PE ||
	    !pe_section_table(d, len, &sect, &nsect))
		return BINFMT_SECT_ABSENT;
	for (unsigned i = 0; i < nsect; i++) {
		const unsigned char *s = d + sect + (uint64_t)i * 40;
		uint64_t vsize, rsize, roff;

		/* 8 bytes, NUL-padded; a name of exactly 8 bytes has no NUL */
		if (memcmp(s, name, nl) || (nl < 8 && s[nl] != 0))
			continue;
		vsize = binfmt_uint(s + 8, 4, false);
		rsize = binfmt_uint(s + 16, 4, false);
		roff = binfmt_uint(s + 20, 4, false);
		if (vsize && vsize < rsize)
			rsize = vsize;
		if (!rsize || !in_file(len, roff, rsize))
			return BINFMT_SECT_OUTSIDE;
		*off = roff;
		*size = rsize;
		return BINFMT_SECT_FOUND;
	}
	return BINFMT_SECT_ABSENT;
}

/* A 16-byte Mach-O name field (NUL-padded, no NUL when 16 bytes long) equal to name. */
static bool macho_name_is(const unsigned char *field, const char *name)
{
	size_t nl = strlen(name);

	return nl <= 16 && !memcmp(field, name, nl) && (nl == 16 || field[nl] == 0);
}

int binfmt_macho_section(const unsigned char *d, size_t len, const char *seg, const char *sect,
                         uint64_t *off, uint64_t *size)
{
	uint32_t m;
	bool is64, big;
	uint64_t ncmds, o;
	size_t nseen = 0;

	if (binfmt_kind((const char *)d, len) != BINFMT_MACHO)
		return BINFMT_SECT_ABSENT;
	m = (uint32_t)binfmt_uint(d, 4, false);
	is64 = m == 0xfeedfacfu || m == 0xcffaedfeu;
	big = m == 0xcefaedfeu || m == 0xcffaedfeu;
	o = is64 ? 32 : 28;
	if (len < o)
		return BINFMT_SECT_ABSENT;
	ncmds = binfmt_uint(d + 16, 4, big);
	if (ncmds > BINFMT_MAX_SEGS)
		return BINFMT_SECT_ABSENT;
	for (uint64_t i = 0; i < ncmds; i++) {
		uint64_t cmd, csize, hdr, secsz, nsects;

		if (!in_file(len, o, 8))
			return BINFMT_SECT_ABSENT;
		cmd = binfmt_uint(d + o, 4, big);
		csize = binfmt_uint(d + o + 4, 4, big);
		if (csize < 8 || !in_file(len, o, csize))
			return BINFMT_SECT_ABSENT;
		if (cmd == 0x19) { /* LC_SEGMENT_64 */
			hdr = 72;
			secsz = 80;
		} else if (cmd == 0x1) { /* LC_SEGMENT */
			hdr = 56;
			secsz = 68;
		} else {
			o += csize;
			continue;
		}
		if (csize < hdr)
			return BINFMT_SECT_ABSENT;
		nsects = binfmt_uint(d + o + hdr - 8, 4, big);
		if (nsects > (csize - hdr) / secsz || (nseen += (size_t)nsects) > BINFMT_MAX_SEGS)
			return BINFMT_SECT_ABSENT;
		for (uint64_t k = 0; k < nsects; k++) {
			const unsigned char *s = d + o + hdr + k * secsz;
			uint64_t so, ss;
			unsigned type;

			if (!macho_name_is(s, sect) || !macho_name_is(s + 16, seg))
				continue;
			ss = is64 ? binfmt_uint(s + 40, 8, big) : binfmt_uint(s + 36, 4, big);
			so = binfmt_uint(s + (is64 ? 48 : 40), 4, big);
			type = (unsigned)binfmt_uint(s + (is64 ? 64 : 56), 4, big) & 0xff;
			/* S_ZEROFILL, S_GB_ZEROFILL, S_THREAD_LOCAL_ZEROFILL: no bytes in the file */
			if (type == 0x1 || type == 0xc || type == 0x12 || !ss ||
			    !in_file(len, so, ss))
				return BINFMT_SECT_OUTSIDE;
			*off = so;
			*size = ss;
			return BINFMT_SECT_FOUND;
		}
		o += csize;
	}
	return BINFMT_SECT_ABSENT;
}

int binfmt_fat_slices(const unsigned char *d, size_t len, struct binfmt_slice *out, size_t max)
{
	bool is64;
	uint32_t n;
	size_t entry;

	if (binfmt_kind((const char *)d, len) != BINFMT_FAT)
		return 0;
	is64 = binfmt_uint(d, 4, true) == 0xcafebabfu;
	n = (uint32_t)binfmt_uint(d + 4, 4, true);
	entry = is64 ? 32 : 20;
	if (n > max || !in_file(len, 8, (uint64_t)n * entry))
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		const unsigned char *a = d + 8 + (size_t)i * entry;
		struct binfmt_slice *s = &out[i];

		s->cputype = (uint32_t)binfmt_uint(a, 4, true);
		s->off = binfmt_uint(a + 8, is64 ? 8 : 4, true);
		s->size = binfmt_uint(a + (is64 ? 16 : 12), is64 ? 8 : 4, true);
		if (!in_file(len, s->off, s->size) ||
		    binfmt_kind((const char *)d + s->off, (size_t)s->size) != BINFMT_MACHO)
			return -1;
	}
	return (int)n;
}

static int elf_writable(const unsigned char *d, size_t len, uint64_t *off, uint64_t *size)
{
	struct elf e;
	struct elf_phdr ph;

	if (elf_open(&e, d, len) < 0)
		return BINFMT_SECT_ABSENT;
	for (unsigned i = 0; i < e.phnum && i < BINFMT_MAX_SEGS; i++) {
		if (!elf_phdr(&e, i, &ph) || ph.type != 1 /* PT_LOAD */ ||
		    (ph.flags & 3) != 2 /* PF_W, not PF_X */)
			continue;
		if (!ph.filesz || !in_file(len, ph.offset, ph.filesz))
			return BINFMT_SECT_OUTSIDE;
		*off = ph.offset;
		*size = ph.filesz;
		return BINFMT_SECT_FOUND;
	}
	return BINFMT_SECT_ABSENT;
}

static int pe_writable(const unsigned char *d, size_t len, uint64_t *off, uint64_t *size)
{
	/* IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE */
	const uint64_t rw_data = 0x00000040u | 0x40000000u | 0x80000000u, align = 0x00f00000u;
	uint64_t sect;
	unsigned nsect;

	if (!pe_section_table(d, len, &sect, &nsect))
		return BINFMT_SECT_ABSENT;
	for (unsigned i = 0; i < nsect; i++) {
		const unsigned char *s = d + sect + (uint64_t)i * 40;
		uint64_t vsize = binfmt_uint(s + 8, 4, false),
		         rsize = binfmt_uint(s + 16, 4, false),
		         roff = binfmt_uint(s + 20, 4, false);

		if ((binfmt_uint(s + 36, 4, false) & ~align) != rw_data ||
		    !binfmt_uint(s + 12, 4, false) || !rsize)
			continue;
		if (vsize && vsize < rsize)
			rsize = vsize;
		if (!in_file(len, roff, rsize))
			return BINFMT_SECT_OUTSIDE;
		*off = roff;
		*size = rsize;
		return BINFMT_SECT_FOUND;
	}
	return BINFMT_SECT_ABSENT;
}

static int macho_writable(const unsigned char *d, size_t len, uint64_t *off, uint64_t *size)
{
	struct macho_walk w;
	struct macho_seg s;

	if (!macho_walk_init(&w, d, len))
		return BINFMT_SECT_ABSENT;
	while (macho_next_seg(&w, &s)) {
		if (!s.vaddr || !s.fsize || s.maxprot != 3 || s.initprot != 3)
			continue;
		if (!in_file(len, s.foff, s.fsize))
			return BINFMT_SECT_OUTSIDE;
		*off = s.foff;
		*size = s.fsize;
		return BINFMT_SECT_FOUND;
	}
	return BINFMT_SECT_ABSENT;
}

int binfmt_writable_data(const unsigned char *d, size_t len, uint64_t *off, uint64_t *size)
{
	switch (binfmt_kind((const char *)d, len)) {
	case BINFMT_ELF:
		return elf_writable(d, len, off, size);
	case BINFMT_PE:
		return pe_writable(d, len, off, size);
	case BINFMT_MACHO:
		return macho_writable(d, len, off, size);
	default:
		return BINFMT_SECT_ABSENT;
	}
}
