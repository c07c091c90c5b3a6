/*
 * binfmt.h: just enough of ELF, PE and Mach-O to find data in an executable
 * by its virtual address. Every read is bounds-checked against the file
 * length; nothing is loaded or run. At most BINFMT_MAX_SEGS segments or
 * sections are looked at.
 */
#ifndef VOUCH_BINFMT_H
#define VOUCH_BINFMT_H

#include "util/compat.h"

#define BINFMT_MAX_SEGS 4096

enum binfmt_kind {
	BINFMT_NONE,
	BINFMT_ELF,
	BINFMT_PE,
	BINFMT_MACHO, /* thin Mach-O, 32 or 64 bits, either byte order */
	BINFMT_FAT,   /* universal Mach-O: thin Mach-O slices, one per architecture */
};

#define BINFMT_MAX_FAT 16 /* slices looked at; more is not a universal binary */

struct binfmt_slice {
	uint64_t off, size; /* the thin Mach-O inside the file */
	uint32_t cputype;
};

/*
 * The slices of a universal Mach-O (fat header 0xcafebabe, or 0xcafebabf
 * with 64-bit offsets): their number (at most max), 0 when d is not one,
 * -1 when a slice lies outside the file or is not a thin Mach-O. Java class
 * files share the magic; they are told apart as Apple's tools do, by the
 * count (a class file's version is 45 or more).
 */
int binfmt_fat_slices(const unsigned char *d, size_t len, struct binfmt_slice *out, size_t max);

/* The kind of executable the first len bytes (at least 64 useful) announce. */
enum binfmt_kind binfmt_kind(const char *head, size_t len);

/* An unsigned integer of size bytes (1, 2, 4 or 8) at p. */
uint64_t binfmt_uint(const unsigned char *p, unsigned size, bool big);

/*
 * Maps the virtual address range [addr, addr+n) to a file offset: true and
 * *off when the whole range lies in one segment (section) backed by the
 * file, false otherwise (unknown format, out of range, malformed headers).
 */
bool binfmt_addr_to_off(const unsigned char *d, size_t len, uint64_t addr, uint64_t n,
                        uint64_t *off);

/* What the section finders below return. */
enum binfmt_sect {
	BINFMT_SECT_OUTSIDE = -1, /* the section is named, but its data is not in the file */
	BINFMT_SECT_ABSENT = 0,   /* no such section (or headers that do not hold together) */
	BINFMT_SECT_FOUND = 1,    /* *off and *size give its data, inside the file */
};

/* Finds the ELF section named name (e.g. ".dep-v0"). */
int binfmt_elf_section(const unsigned char *d, size_t len, const char *name, uint64_t *off,
                       uint64_t *size);

/*
 * Finds the PE section named name (at most 8 bytes, e.g. ".dep-v0": names
 * longer than that live in the COFF string table, which images do not keep
 * for their loaded sections). The size is the section's VirtualSize when
 * that is smaller than its SizeOfRawData (the rest is FileAlignment
 * padding); a section with no raw data is BINFMT_SECT_OUTSIDE.
 */
int binfmt_pe_section(const unsigned char *d, size_t len, const char *name, uint64_t *off,
                      uint64_t *size);

/*
 * Finds section sect of segment seg (e.g. "__DATA", ".dep-v0") in a thin
 * Mach-O file (32 or 64 bits, either byte order; LC_SEGMENT and
 * LC_SEGMENT_64). A zero-fill or empty section is BINFMT_SECT_OUTSIDE.
 * Universal (fat) files are not read.
 */
int binfmt_macho_section(const unsigned char *d, size_t len, const char *seg, const char *sect,
                         uint64_t *off, uint64_t *size);

/*
 * The file range of the first writable, non-executable data an executable
 * maps: ELF, the first PT_LOAD segment with PF_W and not PF_X; PE, the first
 * section whose characteristics are initialised data, read and write (an
 * alignment field aside); thin Mach-O, the first segment with file bytes
 * whose initial and maximum protections are both read-write. Linkers place
 * data there that constants (.rodata, __TEXT) must not be mistaken for.
 */
int binfmt_writable_data(const unsigned char *d, size_t len, uint64_t *off, uint64_t *size);

#endif
