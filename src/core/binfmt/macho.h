/*
 * macho.h: a bounded reader of thin Mach-O files (32 or 64 bits, either
 * byte order): the header, the load commands and the LC_SYMTAB symbol
 * table, over bytes in memory. Universal (fat) files are split into thin
 * ones with binfmt_fat_slices() (binfmt.h). At most BINFMT_MAX_SEGS load
 * commands are read; every read is checked against the file length.
 */
#ifndef VOUCH_MACHO_H
#define VOUCH_MACHO_H

#include "util/compat.h"

enum {
	MACHO_MH_OBJECT = 1,
	MACHO_MH_EXECUTE = 2,
	MACHO_MH_DYLIB = 6,
	MACHO_MH_BUNDLE = 8,

	MACHO_MH_ALLOW_STACK_EXECUTION = 0x20000,
	MACHO_MH_PIE = 0x200000,
	MACHO_MH_NO_HEAP_EXECUTION = 0x1000000,

	MACHO_LC_SEGMENT = 0x1,
	MACHO_LC_SYMTAB = 0x2,
	MACHO_LC_SEGMENT_64 = 0x19,
	MACHO_LC_CODE_SIGNATURE = 0x1d,
};

struct macho {
	const unsigned char *d;
	size_t len;
	bool is64, big;
	uint32_t cputype, filetype, flags, ncmds;
	uint64_t cmds; /* file offset of the first load command */
};

/* A load command: its type, file offset and size (at least 8, inside the file). */
struct macho_cmd {
	uint32_t cmd;
	uint64_t off, size;
};

/* Reads the header: 0, or ERR_PARSE when d is not a thin Mach-O file. */
int macho_open(struct macho *m, const unsigned char *d, size_t len);

/*
 * The load command after *cursor (start with 0): true and *out, false at
 * the end or at the first command that does not fit in the file.
 */
bool macho_next_cmd(const struct macho *m, uint64_t *cursor, struct macho_cmd *out);

/* An unsigned integer of size bytes in the file's byte order at file offset off (inside the file). */
uint64_t macho_uint(const struct macho *m, uint64_t off, unsigned size);

/*
 * Calls fn with the name of each symbol in LC_SYMTAB (NUL-terminated inside
 * the string table, at most 4096 bytes; others are skipped) and its n_type;
 * returns how many were seen.
 */
typedef void (*macho_sym_fn)(const char *name, unsigned type, void *payload);
size_t macho_symbols(const struct macho *m, macho_sym_fn fn, void *payload);

/* A short name for a CPU type ("x86_64", "arm64", ...), or NULL. */
const char *macho_cpu_name(uint32_t cputype);

#endif
