/*
 * elf.c: see elf.h. Layouts from the System V gABI (Elf32/64_Ehdr, _Phdr,
 * _Shdr, _Dyn, _Sym, _Nhdr).
 */
#include "util/compat.h"
#include "core/binfmt/elf.h"
#include "core/binfmt/binfmt.h"
#include "util/err.h"

static bool in_file(size_t len, uint64_t off, uint64_t n)
{
	return off <= len && n <= len - off;
}

static uint64_t rd(const struct elf *e, uint64_t off, unsigned size)
{
	return binfmt_uint(e->d + off, size, e->big);
}

/* A word: 8 bytes in ELF64, 4 in ELF32. */
static uint64_t rdw(const struct elf *e, uint64_t off)
{
	return rd(e, off, e->is64 ? 8 : 4);
}

int elf_open(struct elf *e, const unsigned char *d, size_t len)
{
	memset(e, 0, sizeof(*e));
	e->d = d;
	e->len = len;
	if (len < 52 || memcmp(d,
	                       "\x7f"
	                       "ELF",
	                       4))
		return err_set(ERR_PARSE, "not an ELF file");
	if ((d[4] != 1 && d[4] != 2) || (d[5] != 1 && d[5] != 2))
		return err_set(ERR_PARSE, "unknown ELF class %u or byte order %u", d[4], d[5]);
	e->is64 = d[4] == 2;
	e->big = d[5] == 2;
	if (e->is64 && len < 64)
		return err_set(ERR_PARSE, "truncated ELF header");
	e->type = (unsigned)rd(e, 16, 2);
	e->machine = (unsigned)rd(e, 18, 2);
	e->phoff = e->is64 ? rd(e, 32, 8) : rd(e, 28, 4);
	e->shoff = e->is64 ? rd(e, 40, 8) : rd(e, 32, 4);
	e->phentsize = (unsigned)rd(e, e->is64 ? 54 : 42, 2);
	e->phnum = (unsigned)rd(e, e->is64 ? 56 : 44, 2);
	e->shentsize = (unsigned)rd(e, e->is64 ? 58 : 46, 2);
	e->shnum = (unsigned)rd(e, e->is64 ? 60 : 48, 2);
	e->shstrndx = (unsigned)rd(e, e->is64 ? 62 : 50, 2);
	if (e->phnum && (e->phentsize < (e->is64 ? 56u : 32u) || e->phnum > BINFMT_MAX_SEGS ||
	                 !in_file(len, e->phoff, (uint64_t)e->phnum * e->phentsize)))
		return err_set(ERR_PARSE, "program headers outside the file");
	/* Section headers are not needed to run a program and may be stripped or damaged. */
	if (e->shnum && (e->shentsize < (e->is64 ? 64u : 40u) || e->shnum > BINFMT_MAX_SEGS ||
	                 !in_file(len, e->shoff, (uint64_t)e->shnum * e->shentsize)))
		e->shnum = 0;
	if (e->shstrndx >= e->shnum)
		e->shstrndx = 0;
	return 0;
}

bool elf_phdr(const struct elf *e, unsigned i, struct elf_phdr *out)
{
	uint64_t o = e->phoff + (uint64_t)i * e->phentsize;

	if (i >= e->phnum || !in_file(e->len, o, e->phentsize))
		return false;
	out->type = (uint32_t)rd(e, o, 4);
	if (e->is64) {
		out->flags = (uint32_t)rd(e, o + 4, 4);
		out->offset = rd(e, o + 8, 8);
		out->vaddr = rd(e, o + 16, 8);
		out->filesz = rd(e, o + 32, 8);
		out->memsz = rd(e, o + 40, 8);
		out->align = rd(e, o + 48, 8);
	} else {
		out->offset = rd(e, o + 4, 4);
		out->vaddr = rd(e, o + 8, 4);
		out->filesz = rd(e, o + 16, 4);
		out->memsz = rd(e, o + 20, 4);
		out->flags = (uint32_t)rd(e, o + 24, 4);
		out->align = rd(e, o + 28, 4);
	}
	return true;
}

bool elf_shdr(const struct elf *e, unsigned i, struct elf_shdr *out)
{
	uint64_t o = e->shoff + (uint64_t)i * e->shentsize;

	if (i >= e->shnum || !in_file(e->len, o, e->shentsize))
		return false;
	out->name = (uint32_t)rd(e, o, 4);
	out->type = (uint32_t)rd(e, o + 4, 4);
	out->flags = rdw(e, o + 8);
	if (e->is64) {
		out->addr = rd(e, o + 16, 8);
		out->offset = rd(e, o + 24, 8);
		out->size = rd(e, o + 32, 8);
		out->link = (uint32_t)rd(e, o + 40, 4);
		out->addralign = rd(e, o + 48, 8);
		out->entsize = rd(e, o + 56, 8);
	} else {
		out->addr = rd(e, o + 12, 4);
		out->offset = rd(e, o + 16, 4);
		out->size = rd(e, o + 20, 4);
		out->link = (uint32_t)rd(e, o + 24, 4);
		out->addralign = rd(e, o + 32, 4);
		out->entsize = rd(e, o + 36, 4);
	}
	return true;
}

const char *elf_str(const struct elf *e, uint64_t off, uint64_t size, uint64_t idx)
{
	const unsigned char *s, *nul;
	uint64_t max;

	if (!in_file(e->len, off, size) || idx >= size)
		return NULL;
	s = e->d + off + idx;
	max = size - idx < ELF_MAX_STR + 1 ? size - idx : ELF_MAX_STR + 1;
	nul = memchr(s, 0, (size_t)max);
	return nul ? (const char *)s : NULL;
}

const char *elf_section_name(const struct elf *e, const struct elf_shdr *sh)
{
	struct elf_shdr names;

	if (!e->shstrndx || !elf_shdr(e, e->shstrndx, &names))
		return NULL;
	return elf_str(e, names.offset, names.size, sh->name);
}

bool elf_section_by_name(const struct elf *e, const char *name, struct elf_shdr *out)
{
	for (unsigned i = 1; i < e->shnum; i++) {
		const char *n;

		if (!elf_shdr(e, i, out))
			return false;
		n = elf_section_name(e, out);
		if (n && !strcmp(n, name))
			return true;
	}
	return false;
}

bool elf_vaddr_to_off(const struct elf *e, uint64_t addr, uint64_t n, uint64_t *off)
{
	struct elf_phdr ph;

	for (unsigned i = 0; i < e->phnum; i++) {
		uint64_t delta;

		if (!elf_phdr(e, i, &ph) || ph.type != ELF_PT_LOAD || addr < ph.vaddr)
			continue;
		delta = addr - ph.vaddr;
		if (delta >= ph.filesz || n > ph.filesz - delta ||
		    !in_file(e->len, ph.offset, ph.filesz))
			continue;
		*off = ph.offset + delta;
		return true;
	}
	return false;
}

bool elf_dynamic(const struct elf *e, struct elf_dynamic *out)
{
	uint64_t entsize = e->is64 ? 16 : 8, size = 0;
	struct elf_shdr sh, str;
	struct elf_phdr ph;
	bool found = false;

	memset(out, 0, sizeof(*out));
	for (unsigned i = 1; i < e->shnum && !found; i++) {
		if (!elf_shdr(e, i, &sh) || sh.type != ELF_SHT_DYNAMIC)
			continue;
		if (!in_file(e->len, sh.offset, sh.size))
			break;
		out->off = sh.offset;
		size = sh.size;
		found = true;
		if (elf_shdr(e, sh.link, &str) && str.type == ELF_SHT_STRTAB &&
		    in_file(e->len, str.offset, str.size)) {
			out->str_off = str.offset;
			out->str_size = str.size;
		}
	}
	for (unsigned i = 0; i < e->phnum && !found; i++) {
		if (!elf_phdr(e, i, &ph) || ph.type != ELF_PT_DYNAMIC)
			continue;
		if (!in_file(e->len, ph.offset, ph.filesz))
			break;
		out->off = ph.offset;
		size = ph.filesz;
		found = true;
	}
	if (!found)
		return false;
	out->n = size / entsize;
	if (!out->str_size) {
		uint64_t tag, val, addr = 0, strsz = 0, o;

		for (uint64_t i = 0; i < out->n; i++) {
			elf_dyn_entry(e, out, i, &tag, &val);
			if (tag == ELF_DT_NULL)
				break;
			if (tag == ELF_DT_STRTAB)
				addr = val;
			else if (tag == ELF_DT_STRSZ)
				strsz = val;
		}
		if (strsz && elf_vaddr_to_off(e, addr, strsz, &o)) {
			out->str_off = o;
			out->str_size = strsz;
		}
	}
	return true;
}

void elf_dyn_entry(const struct elf *e, const struct elf_dynamic *dyn, uint64_t i, uint64_t *tag,
                   uint64_t *val)
{
	uint64_t w = e->is64 ? 8 : 4, o = dyn->off + i * 2 * w;

	*tag = rdw(e, o);
	*val = rdw(e, o + w);
}

uint64_t elf_sym_count(const struct elf *e, const struct elf_shdr *sym)
{
	uint64_t entsize = e->is64 ? 24 : 16;

	if (!in_file(e->len, sym->offset, sym->size))
		return 0;
	return sym->size / entsize;
}

bool elf_sym(const struct elf *e, const struct elf_shdr *sym, uint64_t i, struct elf_sym *out)
{
	uint64_t entsize = e->is64 ? 24 : 16, o = sym->offset + i * entsize;
	struct elf_shdr str;
	unsigned info;
	const char *name = NULL;

	if (i >= elf_sym_count(e, sym))
		return false;
	if (e->is64) {
		info = e->d[o + 4];
		out->shndx = (unsigned)rd(e, o + 6, 2);
		out->value = rd(e, o + 8, 8);
	} else {
		out->value = rd(e, o + 4, 4);
		info = e->d[o + 12];
		out->shndx = (unsigned)rd(e, o + 14, 2);
	}
	out->bind = info >> 4;
	out->type = info & 0xf;
	if (elf_shdr(e, sym->link, &str))
		name = elf_str(e, str.offset, str.size, rd(e, o, 4));
	out->name = name ? name : "";
	return true;
}

size_t elf_notes(const struct elf *e, uint64_t off, uint64_t size, uint64_t align, elf_note_fn fn,
                 void *payload)
{
	uint64_t o = 0;
	size_t n = 0;

	if (!in_file(e->len, off, size) || (align != 4 && align != 8))
		return 0;
	while (size - o >= 12) {
		uint64_t namesz = rd(e, off + o, 4), descsz = rd(e, off + o + 4, 4);
		uint32_t type = (uint32_t)rd(e, off + o + 8, 4);
		uint64_t name_at = o + 12, desc_at, next;

		/* name and descriptor each start on an 'align' boundary of the note area */
		desc_at = (name_at + namesz + align - 1) & ~(align - 1);
		if (desc_at > size || descsz > size - desc_at)
			break;
		next = (desc_at + descsz + align - 1) & ~(align - 1);
		fn(type, e->d + off + name_at, (uint32_t)namesz, e->d + off + desc_at,
		   (uint32_t)descsz, payload);
		n++;
		if (next > size || next <= o)
			break;
		o = next;
	}
	return n;
}

const char *elf_machine_name(unsigned machine)
{
	static const struct {
		unsigned m;
		const char *name;
	} names[] = {
		{ 2, "sparc" },       { 3, "i386" },    { 8, "mips" },      { 20, "ppc" },
		{ 21, "ppc64" },      { 22, "s390x" },  { 40, "arm" },      { 43, "sparc64" },
		{ 50, "ia64" },       { 62, "x86_64" }, { 183, "aarch64" }, { 243, "riscv" },
		{ 258, "loongarch" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].m == machine)
			return names[i].name;
	return NULL;
}
