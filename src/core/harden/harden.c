/*
 * harden.c: see harden.h. The readers of each format are in elf.c, pe.c
 * and macho.c beside this file; here are the file handling, the walk and
 * the policy.
 */
#include "util/compat.h"
#include "core/harden/harden.h"
#include "core/harden/internal.h"
#include "core/binfmt/binfmt.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fmap.h"
#include "util/fs.h"
#include "util/walk.h"

#include <unistd.h>

/*
 * The glibc functions that _FORTIFY_SOURCE replaces with a checked __X_chk
 * variant: the list Debian's hardening-check compares imports against,
 * kept sorted for bsearch.
 */
static const char *const fortifiable[] = {
	"asprintf",        "confstr",        "dprintf",        "fdelt",
	"fgets",           "fgets_unlocked", "fgetws",         "fgetws_unlocked",
	"fprintf",         "fread",          "fread_unlocked", "fwprintf",
	"getcwd",          "getdomainname",  "getgroups",      "gethostname",
	"getlogin_r",      "gets",           "getwd",          "longjmp",
	"mbsnrtowcs",      "mbsrtowcs",      "mbstowcs",       "memcpy",
	"memmove",         "mempcpy",        "memset",         "obstack_printf",
	"obstack_vprintf", "poll",           "ppoll",          "pread",
	"pread64",         "printf",         "ptsname_r",      "read",
	"readlink",        "readlinkat",     "realpath",       "recv",
	"recvfrom",        "snprintf",       "sprintf",        "stpcpy",
	"stpncpy",         "strcat",         "strcpy",         "strncat",
	"strncpy",         "swprintf",       "syslog",         "ttyname_r",
	"vasprintf",       "vdprintf",       "vfprintf",       "vfwprintf",
	"vprintf",         "vsnprintf",      "vsprintf",       "vswprintf",
	"vsyslog",         "vwprintf",       "wcpcpy",         "wcpncpy",
	"wcrtomb",         "wcscat",         "wcscpy",         "wcsncat",
	"wcsncpy",         "wcsnrtombs",     "wcsrtombs",      "wcstombs",
	"wctomb",          "wmemcpy",        "wmemmove",       "wmempcpy",
	"wmemset",         "wprintf",
};

size_t harden_fortifiable_count(void)
{
	return ARRAY_SIZE(fortifiable);
}

const char *harden_fortifiable_name(size_t i)
{
	return i < ARRAY_SIZE(fortifiable) ? fortifiable[i] : NULL;
}

int harden_fortifiable_find(const char *name, size_t len)
{
	size_t lo = 0, hi = ARRAY_SIZE(fortifiable);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *m = fortifiable[mid];
		int c = strncmp(name, m, len);

		if (!c && m[len])
			c = -1; /* name is a proper prefix of m */
		if (!c)
			return (int)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

void harden_set_arch(struct harden_file *f, const char *name, const char *prefix, unsigned long n)
{
	if (name) {
		f->arch = name;
		return;
	}
	if (!strcmp(prefix, "machine-0x"))
		snprintf(f->arch_buf, sizeof(f->arch_buf), "%s%lx", prefix, n);
	else
		snprintf(f->arch_buf, sizeof(f->arch_buf), "%s%lu", prefix, n);
	f->arch = NULL;
}

const char *harden_file_arch(const struct harden_file *f)
{
	return f->arch ? f->arch : f->arch_buf;
}

/* Drops the records from index n on. */
static void truncate_set(struct harden_set *s, size_t n)
{
	for (size_t i = n; i < s->n; i++) {
		free(s->v[i].path);
		free(s->v[i].rpath);
		free(s->v[i].runpath);
	}
	s->n = n;
}

void harden_set_release(struct harden_set *s)
{
	truncate_set(s, 0);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static struct harden_file *add(struct harden_set *s, const char *path, int slice)
{
	struct harden_file *f;

	if (s->n == s->alloc) {
		s->alloc = s->alloc ? st_mult(s->alloc, 2) : 16;
		s->v = xreallocarray(s->v, s->alloc, sizeof(*s->v));
	}
	f = &s->v[s->n++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	f->slice = slice;
	return f;
}

/* Drops the entry just added (a reader refused it). */
static void drop_last(struct harden_set *s)
{
	struct harden_file *f = &s->v[--s->n];

	free(f->path);
	free(f->rpath);
	free(f->runpath);
}

static int read_thin(struct harden_set *s, const char *path, int slice, enum binfmt_kind k,
                     const unsigned char *d, size_t len)
{
	struct harden_file *f = add(s, path, slice);
	int r;

	switch (k) {
	case BINFMT_ELF:
		r = harden_elf(f, d, len);
		break;
	case BINFMT_PE:
		r = harden_pe(f, d, len);
		/* an MS-DOS program, or any file that merely starts "MZ", is no PE image */
		if (r == ERR_UNSUPPORTED)
			r = 0;
		break;
	case BINFMT_MACHO:
		r = harden_macho(f, d, len);
		break;
	default:
		r = 0;
		break;
	}
	if (r < 0 || !f->type) {
		drop_last(s);
		if (r < 0)
			return err_prefix("'%s'%s: ", path, slice >= 0 ? " (universal slice)" : "");
		return 0;
	}
	return 1;
}

int harden_read_buf(struct harden_set *s, const char *path, const unsigned char *d, size_t len)
{
	struct binfmt_slice sl[BINFMT_MAX_FAT];
	enum binfmt_kind k = binfmt_kind((const char *)d, len);
	int n, r, got = 0;

	if (k != BINFMT_FAT)
		return read_thin(s, path, -1, k, d, len);
	n = binfmt_fat_slices(d, len, sl, ARRAY_SIZE(sl));
	if (n < 0)
		return err_set(ERR_PARSE, "'%s': a universal Mach-O slice lies outside the file",
		               path);
	for (int i = 0; i < n; i++) {
		r = read_thin(s, path, i, BINFMT_MACHO, d + sl[i].off, (size_t)sl[i].size);
		if (r < 0)
			return r;
		got |= r;
	}
	return got;
}

int harden_read_file(struct harden_set *s, const char *path, const char *target)
{
	struct stat st;
	unsigned char head[64];
	struct fmap map = { 0 };
	size_t had = s->n;
	ssize_t got;
	int fd = -1, r;

	fd = fs_open_regular(target);
	if (fd < 0) {
		r = fd;
		goto done;
	}
	if (fstat(fd, &st) < 0) {
		r = err_set_errno(ERR_IO, "cannot read '%s'", path);
		goto done;
	}
	got = pread(fd, head, sizeof(head), 0);
	if (got < 0) {
		r = err_set_errno(ERR_IO, "cannot read '%s'", path);
		goto done;
	}
	/* most files in a tree are not binaries: look at the head before mapping */
	if (binfmt_kind((const char *)head, (size_t)got) == BINFMT_NONE) {
		r = 0;
		goto done;
	}
	if ((uint64_t)st.st_size > HARDEN_MAX_FILE) {
		r = err_set(ERR_TOOBIG, "'%s' is larger than %llu bytes", path,
		            (unsigned long long)HARDEN_MAX_FILE);
		goto done;
	}
	if (fmap_open(&map, fd, (size_t)st.st_size) < 0) {
		r = err_set_errno(ERR_IO, "cannot map '%s'", path);
		goto done;
	}
	r = harden_read_buf(s, path, map.ptr, map.len);
done:
	if (fmap_close(&map)) { /* what was read of it is not the file: not kept */
		truncate_set(s, had);
		r = err_set(ERR_IO, "'%s' shrank while it was read", path);
	}
	if (fd >= 0)
		close(fd);
	return r;
}

struct scan {
	struct harden_set *s;
	harden_err_fn fn;
	void *payload;
	int unread;
};

static void unread(struct scan *sc, const char *path, const char *msg)
{
	sc->unread++;
	if (sc->fn)
		sc->fn(path, msg, sc->payload);
}

static int on_entry(const struct walk_entry *e, void *payload)
{
	struct scan *sc = payload;
	struct buf msg = BUF_INIT;

	switch (e->kind) {
	case WALK_FILE:
		if (!e->st.st_size)
			return 0;
		if (harden_read_file(sc->s, e->path, e->target) < 0)
			unread(sc, e->path, err_msg());
		return 0;
	case WALK_ERROR:
		/* links out of the tree, dangling links: nothing of the tree is missed */
		if (e->not_followed)
			return 0;
		buf_addf(&msg, "cannot read '%s': %s%s%s", e->path, e->reason, e->err ? ": " : "",
		         e->err ? strerror(e->err) : "");
		unread(sc, e->path, msg.ptr);
		buf_release(&msg);
		return 0;
	default:
		return 0;
	}
}

int harden_scan(struct harden_set *s, const char *root, harden_err_fn fn, void *payload)
{
	struct scan sc = { s, fn, payload, 0 };
	struct walk_opts o = { 0 };
	int r = walk(root, &o, on_entry, &sc);

	return r < 0 ? r : sc.unread;
}

static int cmp_file(const void *a, const void *b)
{
	const struct harden_file *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : (x->slice > y->slice) - (x->slice < y->slice);
}

void harden_set_sort(struct harden_set *s)
{
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), cmp_file);
}

const char *harden_format_name(enum harden_format f)
{
	return f == HARDEN_ELF ? "elf" : f == HARDEN_PE ? "pe" : "macho";
}

const char *harden_relro_name(enum harden_relro r)
{
	return r == HARDEN_RELRO_FULL ? "full" : r == HARDEN_RELRO_PARTIAL ? "partial" : "none";
}

const char *harden_fortify_name(enum harden_fortify f)
{
	static const char *const names[] = { "unknown", "no", "partial", "yes" };

	return names[f];
}

/* ---- policy ---- */

enum req {
	R_PIE,
	R_NX,
	R_CANARY,
	R_RELRO,
	R_RELRO_FULL,
	R_BINDNOW,
	R_FORTIFY,
	R_FORTIFY_FULL,
	R_CET,
	R_IBT,
	R_SHSTK,
	R_NO_RPATH,
	R_NO_RUNPATH,
	R_NO_RWX,
	R_STRIPPED,
	R_ASLR,
	R_HEVA,
	R_CFG,
	R_SAFESEH,
	R_AUTHENTICODE,
	R_RESTRICT,
	R_CODE_SIGNATURE,
	R_GS,
	R__COUNT,
};

const char *const harden_requirement_names[] = {
	"pie",
	"nx",
	"canary",
	"relro",
	"relro=full",
	"bindnow",
	"fortify",
	"fortify=full",
	"cet",
	"ibt",
	"shstk",
	"no-rpath",
	"no-runpath",
	"no-rwx",
	"stripped",
	"aslr",
	"high-entropy-va",
	"cfg",
	"safeseh",
	"authenticode",
	"restrict",
	"code-signature",
	"gs",
	NULL,
};

/* What each requirement asks for and how a build meets it, in harden_requirement_names order. */
static const char *const req_text[][2] = {
	{ "programs are position-independent, so ASLR can move them",
	  "compile with -fPIE and link with -pie (PE: /DYNAMICBASE with relocations)" },
	{ "the stack is not executable", "link with -z noexecstack (PE: /NXCOMPAT)" },
	{ "functions are built with the stack protector", "compile with -fstack-protector-strong" },
	{ "relocations are read-only after start-up (RELRO)", "link with -z relro" },
	{ "all relocations are read-only after start-up (full RELRO)",
	  "link with -z relro -z now" },
	{ "symbols are bound at start-up", "link with -z now" },
	{ "libc calls are checked by FORTIFY_SOURCE",
	  "compile with -O2 -D_FORTIFY_SOURCE=2 (or 3)" },
	{ "every fortifiable libc call is checked by FORTIFY_SOURCE",
	  "compile with -O2 -D_FORTIFY_SOURCE=3 and review the calls left unchecked" },
	{ "control-flow enforcement (CET IBT and SHSTK) is marked",
	  "compile and link every object with -fcf-protection=full" },
	{ "indirect branch tracking (CET IBT) is marked",
	  "compile every object with -fcf-protection=branch" },
	{ "the shadow stack (CET SHSTK) is marked",
	  "compile every object with -fcf-protection=return" },
	{ "no DT_RPATH: libraries are not loaded from build-time paths",
	  "remove -rpath from the link, or install the libraries where the loader looks" },
	{ "no DT_RUNPATH: libraries are not loaded from build-time paths",
	  "remove -rpath from the link, or use $ORIGIN-relative paths only" },
	{ "no segment is both writable and executable", "fix the linker script or the assembly" },
	{ "the symbol table is stripped", "strip the release build (strip, or install -s)" },
	{ "the image can be moved by ASLR", "link with /DYNAMICBASE and keep the relocations" },
	{ "64-bit ASLR (high-entropy virtual addresses)", "link with /HIGHENTROPYVA" },
	{ "Control Flow Guard", "compile and link with /guard:cf" },
	{ "exception handlers are registered (SafeSEH)", "link with /SAFESEH" },
	{ "the image carries an Authenticode signature", "sign the release with signtool" },
	{ "the program has a __RESTRICT segment (dyld ignores DYLD_ environment variables)",
	  "link with -sectcreate __RESTRICT __restrict /dev/null" },
	{ "the file carries a code signature", "sign it with codesign" },
	{ "functions are built with stack cookies (/GS), their cookie in the load configuration",
	  "compile with /GS (MSVC's default) and link the CRT's load configuration" },
};
_Static_assert(ARRAY_SIZE(req_text) == R__COUNT, "one text per requirement");

static int req_index(const char *name)
{
	for (int i = 0; harden_requirement_names[i]; i++)
		if (!strcmp(harden_requirement_names[i], name))
			return i;
	return -1;
}

const char *harden_requirement_what(const char *name)
{
	int i = req_index(name);

	return i < 0 ? NULL : req_text[i][0];
}

const char *harden_requirement_fix(const char *name)
{
	int i = req_index(name);

	return i < 0 ? NULL : req_text[i][1];
}

int harden_policy_add(struct harden_policy *p, const char *list)
{
	const char *s = list;

	while (*s) {
		size_t n = strcspn(s, ", "), i;

		if (n) {
			for (i = 0; i < R__COUNT; i++)
				if (strlen(harden_requirement_names[i]) == n &&
				    !memcmp(s, harden_requirement_names[i], n))
					break;
			if (i == R__COUNT && n == 13 && !memcmp(s, "relro=partial", 13))
				i = R_RELRO;
			if (i == R__COUNT)
				return err_set(ERR_USAGE, "unknown hardening requirement '%.*s'",
				               (int)n, s);
			p->bits |= 1ull << i;
		}
		s += n;
		s += strspn(s, ", ");
	}
	return 0;
}

static const char *yesno(bool b)
{
	return b ? NULL : "no";
}

static const char *tri(enum harden_tri t)
{
	return t == HARDEN_YES || t == HARDEN_NA ? NULL
	       : t == HARDEN_NO                  ? "no"
	                                         : "unknown (no symbols)";
}

/* NULL when f meets requirement r or r does not apply to f; else what f has. */
static const char *check(enum req r, const struct harden_file *f)
{
	bool elf = f->format == HARDEN_ELF, pe = f->format == HARDEN_PE,
	     macho = f->format == HARDEN_MACHO;
	bool program = !strcmp(f->type, "exe") || !strcmp(f->type, "pie");
	bool linked = elf && strcmp(f->type, "rel");
	const char *arch = harden_file_arch(f);
	bool x86 = elf && (!strcmp(arch, "x86_64") || !strcmp(arch, "i386"));

	switch (r) {
	case R_PIE:
		if (pe)
			return yesno(f->aslr);
		return program ? yesno(f->pie) : NULL;
	case R_NX:
		return yesno(f->nx);
	case R_CANARY:
		return pe ? NULL : tri(f->canary);
	case R_RELRO:
		return linked && f->relro == HARDEN_RELRO_NONE ? "none" : NULL;
	case R_RELRO_FULL:
		return linked && f->relro != HARDEN_RELRO_FULL ? harden_relro_name(f->relro) : NULL;
	case R_BINDNOW:
		return linked ? yesno(f->bindnow) : NULL;
	case R_FORTIFY:
		return elf && f->fortify == HARDEN_FORTIFY_NO ? "no" : NULL;
	case R_FORTIFY_FULL:
		return elf && (f->fortify == HARDEN_FORTIFY_NO ||
		               f->fortify == HARDEN_FORTIFY_PARTIAL)
		               ? harden_fortify_name(f->fortify)
		               : NULL;
	case R_CET:
		if (!x86)
			return NULL;
		return f->ibt && f->shstk ? NULL
		       : f->ibt           ? "ibt only"
		       : f->shstk         ? "shstk only"
		                          : "no";
	case R_IBT:
	case R_SHSTK:
		if (!x86)
			return NULL;
		return yesno(r == R_IBT ? f->ibt : f->shstk);
	case R_NO_RPATH:
		return elf && f->rpath ? f->rpath : NULL;
	case R_NO_RUNPATH:
		return elf && f->runpath ? f->runpath : NULL;
	case R_NO_RWX:
		return elf && f->rwx_segment ? "a writable and executable segment" : NULL;
	case R_STRIPPED:
		return elf ? yesno(f->stripped) : NULL;
	case R_ASLR:
		return pe ? yesno(f->aslr) : NULL;
	case R_HEVA:
		return pe ? tri(f->high_entropy_va) : NULL;
	case R_CFG:
		return pe ? yesno(f->cfg) : NULL;
	case R_SAFESEH:
		return pe ? tri(f->safeseh) : NULL;
	case R_AUTHENTICODE:
		return pe ? yesno(f->authenticode) : NULL;
	case R_RESTRICT:
		return macho && program ? yesno(f->restrict_seg) : NULL;
	case R_CODE_SIGNATURE:
		return macho ? yesno(f->code_signature) : NULL;
	case R_GS:
		return pe ? tri(f->gs) : NULL;
	default:
		return NULL;
	}
}

size_t harden_policy_check(const struct harden_policy *p, const struct harden_file *f,
                           harden_fail_fn fn, void *payload)
{
	size_t n = 0;

	for (unsigned r = 0; r < R__COUNT; r++) {
		const char *have;

		if (!(p->bits & (1ull << r)))
			continue;
		have = check((enum req)r, f);
		if (!have)
			continue;
		n++;
		if (fn)
			fn(f, harden_requirement_names[r], have, payload);
	}
	return n;
}
