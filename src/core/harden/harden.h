/*
 * harden.h: the exploit mitigations an executable or library was built
 * with, read from its ELF, PE or Mach-O headers (core/binfmt), and a policy
 * of required mitigations to check them against.
 *
 * Nothing is run or loaded: the file is mapped read-only and every read is
 * bounds-checked (binfmt/elf.h, pe.h, macho.h). A universal Mach-O gives one
 * result per architecture.
 */
#ifndef VOUCH_HARDEN_H
#define VOUCH_HARDEN_H

#include "util/compat.h"

enum harden_format { HARDEN_ELF, HARDEN_PE, HARDEN_MACHO };

/* A property that may not be knowable from the file, or may not apply to it. */
enum harden_tri {
	HARDEN_NO = 0,
	HARDEN_YES = 1,
	HARDEN_UNKNOWN = 2, /* e.g. the stack protector of a binary with no symbols */
	HARDEN_NA = 3,      /* e.g. SafeSEH outside 32-bit x86 */
};

enum harden_relro { HARDEN_RELRO_NONE, HARDEN_RELRO_PARTIAL, HARDEN_RELRO_FULL };

/*
 * FORTIFY_SOURCE, judged as Debian's hardening-check judges it from the
 * imported functions: YES when only fortified (__X_chk) variants of the
 * fortifiable libc functions are imported, PARTIAL when both kinds are
 * (the compiler leaves calls it can prove safe unchecked), NO when only
 * unfortified ones are, UNKNOWN when the file imports none of them.
 */
enum harden_fortify {
	HARDEN_FORTIFY_UNKNOWN,
	HARDEN_FORTIFY_NO,
	HARDEN_FORTIFY_PARTIAL,
	HARDEN_FORTIFY_YES,
};

/* The fortifiable libc functions, sorted: their number and the i-th name. */
size_t harden_fortifiable_count(void);
const char *harden_fortifiable_name(size_t i);
#define HARDEN_MAX_FORTIFIABLE 128

struct harden_file {
	char *path;
	enum harden_format format;
	const char *arch;  /* "x86_64", "aarch64"...: static; NULL when arch_buf holds it */
	char arch_buf[24]; /* "machine-N", "cpu-N": read it through harden_file_arch() */
	/*
	 * ELF: "exe" (ET_EXEC), "pie" (ET_DYN that is a program: DF_1_PIE or
	 * PT_INTERP), "dyn" (a shared library), "rel" (an object file). PE:
	 * "exe" or "dll". Mach-O: "exe", "dylib", "bundle", "object", "other".
	 */
	const char *type;
	int slice; /* index in a universal Mach-O, else -1 */

	/* ELF (pie, nx and canary also Mach-O; nx also PE) */
	bool pie;
	enum harden_relro relro;
	bool bindnow;
	bool nx;
	bool execstack;   /* PT_GNU_STACK with PF_X, or none (the loader's default is executable) */
	bool rwx_segment; /* a PT_LOAD both writable and executable */
	enum harden_tri canary;
	enum harden_fortify fortify;
	bool fortified[HARDEN_MAX_FORTIFIABLE], unfortified[HARDEN_MAX_FORTIFIABLE];
	bool ibt, shstk;       /* x86 CET, from the GNU property note */
	bool bti, pac;         /* AArch64, from the GNU property note */
	char *rpath, *runpath; /* NULL when absent; several entries joined with ':' */
	bool stripped;         /* no .symtab */

	/* PE */
	bool aslr; /* DYNAMIC_BASE and relocations kept */
	bool dynamic_base, relocs_stripped;
	enum harden_tri high_entropy_va; /* NA for PE32 */
	bool cfg;
	enum harden_tri safeseh;  /* x86 only: YES with a SafeSEH table or NO_SEH */
	bool authenticode;        /* a PKCS#7 certificate is present (not verified) */
	enum harden_tri gs;       /* /GS: the load configuration's SecurityCookie is set */
	uint64_t security_cookie; /* its VA; 0 when absent */

	/* Mach-O */
	bool restrict_seg;
	bool code_signature;
};

struct harden_set {
	struct harden_file *v;
	size_t n, alloc;
};
#define HARDEN_SET_INIT                                                                            \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
void harden_set_release(struct harden_set *s);

/* The architecture's name. */
const char *harden_file_arch(const struct harden_file *f);

/*
 * Reads the binary d (len bytes) named path into s: 1 when it was an ELF,
 * PE or Mach-O file (one entry, or one per slice of a universal Mach-O), 0
 * when it is not one (or is a core dump), ERR_PARSE with a message naming
 * path when it announces a format but its headers do not hold together.
 */
int harden_read_buf(struct harden_set *s, const char *path, const unsigned char *d, size_t len);

/*
 * Reads the file at path (mapped read-only, at most HARDEN_MAX_FILE bytes):
 * as harden_read_buf(); ERR_IO when it cannot be opened or read, ERR_TOOBIG
 * when it is larger than the cap. target is what to open (walk.h), path
 * what to name.
 */
#define HARDEN_MAX_FILE ((uint64_t)4 << 30)
int harden_read_file(struct harden_set *s, const char *path, const char *target);

/*
 * Walks root (a file or a folder) and reads every file in it. Files that
 * are not binaries are skipped; each input that could not be read is
 * passed to fn with its path and a message, and the walk goes on. Links
 * pointing outside root and dangling links are skipped. Returns the number
 * of inputs not read, or a negative code when root cannot be walked.
 */
typedef void (*harden_err_fn)(const char *path, const char *msg, void *payload);
int harden_scan(struct harden_set *s, const char *root, harden_err_fn fn, void *payload);

/* Sorts the entries by path, then slice. */
void harden_set_sort(struct harden_set *s);

const char *harden_format_name(enum harden_format f);
const char *harden_relro_name(enum harden_relro r);
const char *harden_fortify_name(enum harden_fortify f);

/*
 * A policy: the properties every file must have, from a list such as
 * "pie,nx,relro=full,canary,fortify,no-rpath". See docs/cmd/harden.md for
 * the names; each applies to the formats and file types where it means
 * something (pie to programs, not libraries; safeseh to 32-bit x86 PE) and
 * is not checked elsewhere.
 */
struct harden_policy {
	unsigned long long bits;
};
#define HARDEN_POLICY_INIT                                                                         \
	{                                                                                          \
		0                                                                                  \
	}

/* Adds the comma-separated requirements in list: 0, or ERR_USAGE naming an unknown one. */
int harden_policy_add(struct harden_policy *p, const char *list);
/* The names of every requirement, for usage messages and completion (NULL-terminated). */
extern const char *const harden_requirement_names[];
/*
 * What requirement name asks for and how a build meets it (one sentence
 * each, for SARIF rules and reports), or NULL for an unknown name.
 */
const char *harden_requirement_what(const char *name);
const char *harden_requirement_fix(const char *name);

/* The requirements reported as warnings when no policy is given (SARIF, assess). */
#define HARDEN_RECOMMENDED "pie,nx,relro=full,canary,fortify,no-rwx,high-entropy-va"

/*
 * Calls fn for each requirement of p that f does not meet, with the
 * requirement's name and what f has instead ("partial", "no", "unknown
 * (no symbols)"); returns how many failed.
 */
typedef void (*harden_fail_fn)(const struct harden_file *f, const char *req, const char *have,
                               void *payload);
size_t harden_policy_check(const struct harden_policy *p, const struct harden_file *f,
                           harden_fail_fn fn, void *payload);

#endif
