/*
 * elf.c: the mitigations of an ELF file. What each property means, and
 * where it agrees or not with checksec and hardening-check, is in
 * docs/cmd/harden.md.
 */
#include "util/compat.h"
#include "core/harden/internal.h"
#include "core/binfmt/binfmt.h"
#include "core/binfmt/elf.h"
#include "util/buf.h"
#include "util/err.h"

enum {
	NT_GNU_PROPERTY_TYPE_0 = 5,
	PROP_X86_FEATURE_1_AND = 0xc0000002,
	PROP_AARCH64_FEATURE_1_AND = 0xc0000000,
	EM_386 = 3,
	EM_X86_64 = 62,
	EM_AARCH64 = 183,
};

struct props {
	const struct elf *e;
	struct harden_file *f;
};

/* The GNU property note (NT_GNU_PROPERTY_TYPE_0): x86 IBT/SHSTK and AArch64 BTI/PAC. */
static void on_note(uint32_t type, const unsigned char *name, uint32_t namesz,
                    const unsigned char *desc, uint32_t descsz, void *payload)
{
	struct props *p = payload;
	const struct elf *e = p->e;
	uint32_t align = e->is64 ? 8 : 4, o = 0;

	if (type != NT_GNU_PROPERTY_TYPE_0 || namesz != 4 || memcmp(name, "GNU", 4))
		return;
	while (descsz - o >= 8) {
		uint32_t pt = (uint32_t)binfmt_uint(desc + o, 4, e->big);
		uint32_t sz = (uint32_t)binfmt_uint(desc + o + 4, 4, e->big), next;

		if (sz > descsz - o - 8)
			return;
		if (sz >= 4) {
			uint32_t v = (uint32_t)binfmt_uint(desc + o + 8, 4, e->big);

			if (pt == PROP_X86_FEATURE_1_AND &&
			    (e->machine == EM_386 || e->machine == EM_X86_64)) {
				p->f->ibt = v & 1;
				p->f->shstk = (v & 2) != 0;
			} else if (pt == PROP_AARCH64_FEATURE_1_AND && e->machine == EM_AARCH64) {
				p->f->bti = v & 1;
				p->f->pac = (v & 2) != 0;
			}
		}
		next = 8 + ((sz + align - 1) & ~(align - 1));
		if (next > descsz - o)
			return;
		o += next;
	}
}

static void read_notes(const struct elf *e, struct harden_file *f)
{
	struct props p = { e, f };
	struct elf_shdr sh;
	struct elf_phdr ph;
	bool any = false;

	for (unsigned i = 1; i < e->shnum; i++) {
		if (!elf_shdr(e, i, &sh) || sh.type != ELF_SHT_NOTE)
			continue;
		any = true;
		elf_notes(e, sh.offset, sh.size, sh.addralign == 8 ? 8 : 4, on_note, &p);
	}
	if (any)
		return;
	for (unsigned i = 0; i < e->phnum; i++)
		if (elf_phdr(e, i, &ph) && ph.type == ELF_PT_NOTE)
			elf_notes(e, ph.offset, ph.filesz, ph.align == 8 ? 8 : 4, on_note, &p);
}

/* A dynamic string entry appended to *out (joined with ':'); NULL strings are skipped. */
static void add_path(char **out, const char *s)
{
	struct buf b = BUF_INIT;

	if (!s)
		return;
	if (*out) {
		buf_adds(&b, *out);
		buf_addch(&b, ':');
		free(*out);
	}
	buf_adds(&b, s);
	*out = buf_detach(&b, NULL);
}

static bool read_dynamic(const struct elf *e, struct harden_file *f, bool *flag_pie)
{
	struct elf_dynamic dyn;
	uint64_t tag, val;

	if (!elf_dynamic(e, &dyn))
		return false;
	for (uint64_t i = 0; i < dyn.n; i++) {
		elf_dyn_entry(e, &dyn, i, &tag, &val);
		switch (tag) {
		case ELF_DT_NULL:
			return true;
		case ELF_DT_BIND_NOW:
			f->bindnow = true;
			break;
		case ELF_DT_FLAGS:
			if (val & ELF_DF_BIND_NOW)
				f->bindnow = true;
			break;
		case ELF_DT_FLAGS_1:
			if (val & ELF_DF_1_NOW)
				f->bindnow = true;
			if (val & ELF_DF_1_PIE)
				*flag_pie = true;
			break;
		case ELF_DT_RPATH:
			add_path(&f->rpath, elf_str(e, dyn.str_off, dyn.str_size, val));
			break;
		case ELF_DT_RUNPATH:
			add_path(&f->runpath, elf_str(e, dyn.str_off, dyn.str_size, val));
			break;
		default:
			break;
		}
	}
	return true;
}

static bool is_canary_symbol(const char *n, size_t len)
{
	static const char *const names[] = {
		"__stack_chk_fail",
		"__stack_chk_fail_local",
		"__stack_chk_guard",
		"__intel_security_cookie",
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == len && !memcmp(n, names[i], len))
			return true;
	return false;
}

/* Both symbol tables: the stack protector's symbols and the fortifiable imports. */
static void read_symbols(const struct elf *e, struct harden_file *f)
{
	struct elf_shdr sh;
	struct elf_sym s;
	bool any_sym = false;

	f->stripped = true;
	f->canary = HARDEN_NO;
	for (unsigned i = 1; i < e->shnum; i++) {
		if (!elf_shdr(e, i, &sh) ||
		    (sh.type != ELF_SHT_SYMTAB && sh.type != ELF_SHT_DYNSYM))
			continue;
		if (sh.type == ELF_SHT_SYMTAB)
			f->stripped = false;
		for (uint64_t k = 1; elf_sym(e, &sh, k, &s); k++) {
			/* .symtab keeps the version of an import in its name: "memcpy@GLIBC_2.14" */
			size_t len = strcspn(s.name, "@");
			bool func = s.type == ELF_STT_FUNC || s.type == ELF_STT_GNU_IFUNC ||
			            s.type == ELF_STT_NOTYPE;
			int x;

			if (!len)
				continue;
			any_sym = true;
			if (is_canary_symbol(s.name, len))
				f->canary = HARDEN_YES;
			if (s.shndx != ELF_SHN_UNDEF || !func)
				continue;
			if (len > 6 && !memcmp(s.name, "__", 2) &&
			    !memcmp(s.name + len - 4, "_chk", 4)) {
				x = harden_fortifiable_find(s.name + 2, len - 6);
				if (x >= 0)
					f->fortified[x] = true;
			} else if ((x = harden_fortifiable_find(s.name, len)) >= 0) {
				f->unfortified[x] = true;
			}
		}
	}
	if (!any_sym)
		f->canary = HARDEN_UNKNOWN;
	{
		bool yes = false, no = false;

		for (size_t i = 0; i < harden_fortifiable_count(); i++) {
			yes |= f->fortified[i];
			no |= f->unfortified[i];
		}
		f->fortify = yes ? (no ? HARDEN_FORTIFY_PARTIAL : HARDEN_FORTIFY_YES)
		                 : (no ? HARDEN_FORTIFY_NO : HARDEN_FORTIFY_UNKNOWN);
	}
}

int harden_elf(struct harden_file *f, const unsigned char *d, size_t len)
{
	struct elf e;
	struct elf_phdr ph;
	bool interp = false, stack = false, relro = false, flag_pie = false;
	int r;

	r = elf_open(&e, d, len);
	if (r < 0)
		return r;
	if (e.type == ELF_ET_CORE ||
	    (e.type != ELF_ET_REL && e.type != ELF_ET_EXEC && e.type != ELF_ET_DYN))
		return 0;
	f->format = HARDEN_ELF;
	harden_set_arch(f, elf_machine_name(e.machine), "machine-", e.machine);
	for (unsigned i = 0; i < e.phnum; i++) {
		if (!elf_phdr(&e, i, &ph))
			return err_set(ERR_PARSE, "program header %u outside the file", i);
		switch (ph.type) {
		case ELF_PT_INTERP:
			interp = true;
			break;
		case ELF_PT_GNU_STACK:
			stack = true;
			f->execstack = (ph.flags & ELF_PF_X) != 0;
			break;
		case ELF_PT_GNU_RELRO:
			relro = true;
			break;
		case ELF_PT_LOAD:
			if ((ph.flags & ELF_PF_X) && (ph.flags & ELF_PF_W))
				f->rwx_segment = true;
			break;
		default:
			break;
		}
	}
	read_dynamic(&e, f, &flag_pie);
	if (e.type == ELF_ET_REL) {
		struct elf_shdr sh;

		/* an object file asks for its stack in a .note.GNU-stack section */
		stack = elf_section_by_name(&e, ".note.GNU-stack", &sh);
		f->execstack = stack && (sh.flags & ELF_SHF_EXECINSTR);
	}
	if (!stack)
		f->execstack = true;
	f->nx = !f->execstack;
	f->relro = !relro       ? HARDEN_RELRO_NONE
	           : f->bindnow ? HARDEN_RELRO_FULL
	                        : HARDEN_RELRO_PARTIAL;
	switch (e.type) {
	case ELF_ET_REL:
		f->type = "rel";
		break;
	case ELF_ET_EXEC:
		f->type = "exe";
		break;
	default:
		f->pie = flag_pie || interp;
		f->type = f->pie ? "pie" : "dyn";
		break;
	}
	read_symbols(&e, f);
	read_notes(&e, f);
	return 0;
}
