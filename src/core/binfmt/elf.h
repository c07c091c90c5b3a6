/*
 * elf.h: a bounded reader of ELF files (32 and 64 bits, either byte order)
 * over bytes in memory: the file header, program headers, section headers,
 * the dynamic section, symbol tables and notes.
 *
 * Nothing is copied: every accessor reads the caller's bytes, checks each
 * offset and size against the file length first, and returns false (or
 * NULL) for anything outside the file. Counts are capped: at most
 * BINFMT_MAX_SEGS program or section headers, ELF_MAX_STR bytes in a name.
 */
#ifndef VOUCH_ELF_H
#define VOUCH_ELF_H

#include "util/compat.h"

#define ELF_MAX_STR 4096 /* longest name read from a string table */

enum {
	ELF_ET_REL = 1,
	ELF_ET_EXEC = 2,
	ELF_ET_DYN = 3,
	ELF_ET_CORE = 4,

	ELF_PT_LOAD = 1,
	ELF_PT_DYNAMIC = 2,
	ELF_PT_INTERP = 3,
	ELF_PT_NOTE = 4,
	ELF_PT_PHDR = 6,
	ELF_PT_GNU_STACK = 0x6474e551,
	ELF_PT_GNU_RELRO = 0x6474e552,
	ELF_PT_GNU_PROPERTY = 0x6474e553,
	ELF_PF_X = 1,
	ELF_PF_W = 2,

	ELF_SHT_SYMTAB = 2,
	ELF_SHT_STRTAB = 3,
	ELF_SHT_DYNAMIC = 6,
	ELF_SHT_NOTE = 7,
	ELF_SHT_DYNSYM = 11,
	ELF_SHF_EXECINSTR = 4,

	ELF_DT_NULL = 0,
	ELF_DT_STRTAB = 5,
	ELF_DT_STRSZ = 10,
	ELF_DT_RPATH = 15,
	ELF_DT_DEBUG = 21,
	ELF_DT_BIND_NOW = 24,
	ELF_DT_RUNPATH = 29,
	ELF_DT_FLAGS = 30,
	ELF_DT_FLAGS_1 = 0x6ffffffb,
	ELF_DF_BIND_NOW = 0x8,
	ELF_DF_1_NOW = 0x1,
	ELF_DF_1_PIE = 0x08000000,

	ELF_STT_NOTYPE = 0,
	ELF_STT_FUNC = 2,
	ELF_STT_GNU_IFUNC = 10,
	ELF_SHN_UNDEF = 0,
};

struct elf {
	const unsigned char *d;
	size_t len;
	bool is64, big;
	unsigned type, machine;
	uint64_t phoff, shoff;
	unsigned phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, filesz, memsz, align;
};

struct elf_shdr {
	uint32_t name, type, link;
	uint64_t flags, addr, offset, size, entsize, addralign;
};

struct elf_sym {
	const char *name; /* NUL-terminated inside the file; "" when it has none */
	unsigned bind, type, shndx;
	uint64_t value;
};

/*
 * Reads the file header of the ELF file d (len bytes): 0, or ERR_PARSE when
 * it is not ELF, is truncated, or its header tables do not fit in the file
 * (a table that is absent, with zero entries, is fine).
 */
int elf_open(struct elf *e, const unsigned char *d, size_t len);

/* Program header i (i < e->phnum) into *out; false when it lies outside the file. */
bool elf_phdr(const struct elf *e, unsigned i, struct elf_phdr *out);
/* Section header i (i < e->shnum) into *out; false when it lies outside the file. */
bool elf_shdr(const struct elf *e, unsigned i, struct elf_shdr *out);

/*
 * The NUL-terminated string at index idx of the string table at file offset
 * off (size bytes), or NULL when it runs outside the table or is longer
 * than ELF_MAX_STR.
 */
const char *elf_str(const struct elf *e, uint64_t off, uint64_t size, uint64_t idx);

/* The name of section sh, from the section-name table, or NULL. */
const char *elf_section_name(const struct elf *e, const struct elf_shdr *sh);

/* The first section called name into *out: true when there is one. */
bool elf_section_by_name(const struct elf *e, const char *name, struct elf_shdr *out);

/*
 * The file range holding the virtual address range [addr, addr+n), through
 * the PT_LOAD segments; false when no segment backs it in the file.
 */
bool elf_vaddr_to_off(const struct elf *e, uint64_t addr, uint64_t n, uint64_t *off);

/*
 * The dynamic section: its file range (from the SHT_DYNAMIC section, else
 * PT_DYNAMIC) and the file range of its string table (the section's sh_link,
 * else DT_STRTAB/DT_STRSZ mapped through PT_LOAD). False when the file has
 * no dynamic section; *str_size is 0 when the strings cannot be found.
 */
struct elf_dynamic {
	uint64_t off, n; /* n entries of 8 or 16 bytes */
	uint64_t str_off, str_size;
};
bool elf_dynamic(const struct elf *e, struct elf_dynamic *out);
/* Entry i (< dyn->n) of the dynamic section: its tag and value. */
void elf_dyn_entry(const struct elf *e, const struct elf_dynamic *dyn, uint64_t i, uint64_t *tag,
                   uint64_t *val);

/*
 * Symbol i of the symbol table section sym (SHT_SYMTAB or SHT_DYNSYM, its
 * names in the section sh_link names): false when i is past its end or the
 * entry lies outside the file. elf_sym_count() gives how many it holds.
 */
uint64_t elf_sym_count(const struct elf *e, const struct elf_shdr *sym);
bool elf_sym(const struct elf *e, const struct elf_shdr *sym, uint64_t i, struct elf_sym *out);

/*
 * Calls fn for each note in the file range [off, off+size) with 'align'
 * (4 or 8) byte alignment: its type, owner name (namesz bytes, not always
 * NUL-terminated) and descriptor. Stops at the first note that does not
 * fit. Returns how many notes were seen.
 */
typedef void (*elf_note_fn)(uint32_t type, const unsigned char *name, uint32_t namesz,
                            const unsigned char *desc, uint32_t descsz, void *payload);
size_t elf_notes(const struct elf *e, uint64_t off, uint64_t size, uint64_t align, elf_note_fn fn,
                 void *payload);

/* A short name for e_machine ("x86_64", "aarch64", ...), or NULL when not known. */
const char *elf_machine_name(unsigned machine);

#endif
