/*
 * pe.h: a bounded reader of PE/COFF images (PE32 and PE32+): the COFF
 * header, the optional header's fields and data directories, and the
 * section table, over bytes in memory. Every read is checked against the
 * file length; at most BINFMT_MAX_SEGS sections are looked at.
 */
#ifndef VOUCH_PE_H
#define VOUCH_PE_H

#include "util/compat.h"

enum {
	PE_FILE_RELOCS_STRIPPED = 0x0001,
	PE_FILE_DLL = 0x2000,

	PE_DLL_HIGH_ENTROPY_VA = 0x0020,
	PE_DLL_DYNAMIC_BASE = 0x0040,
	PE_DLL_FORCE_INTEGRITY = 0x0080,
	PE_DLL_NX_COMPAT = 0x0100,
	PE_DLL_NO_SEH = 0x0400,
	PE_DLL_GUARD_CF = 0x4000,

	PE_DIR_SECURITY = 4,
	PE_DIR_BASERELOC = 5,
	PE_DIR_LOAD_CONFIG = 10,

	PE_MACHINE_I386 = 0x14c,
	PE_MACHINE_AMD64 = 0x8664,
	PE_MACHINE_ARM64 = 0xaa64,
};

struct pe {
	const unsigned char *d;
	size_t len;
	bool plus; /* PE32+ (64-bit) */
	unsigned machine, characteristics, dll_characteristics;
	uint64_t image_base;
	uint64_t opt, sect; /* file offsets of the optional header and section table */
	unsigned nsect, ndirs;
};

/*
 * Reads the headers of the image d (len bytes): 0; ERR_UNSUPPORTED when it
 * is not a PE image (an MS-DOS program: "MZ" without "PE\0\0"); ERR_PARSE
 * when its headers do not fit in the file.
 */
int pe_open(struct pe *p, const unsigned char *d, size_t len);

/* Data directory i: its RVA (a file offset for the security directory) and size; false when absent. */
bool pe_dir(const struct pe *p, unsigned i, uint64_t *rva, uint64_t *size);

/* The file offset of the n bytes at rva, inside one section's raw data; false otherwise. */
bool pe_rva_to_off(const struct pe *p, uint64_t rva, uint64_t n, uint64_t *off);

/* A short name for the COFF machine ("x86_64", "i386", "arm64"), or NULL. */
const char *pe_machine_name(unsigned machine);

#endif
