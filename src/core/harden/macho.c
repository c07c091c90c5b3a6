/*
 * macho.c: the mitigations of a thin Mach-O file, from its header flags,
 * load commands and symbol table.
 */
#include "util/compat.h"
#include "core/harden/internal.h"
#include "core/binfmt/macho.h"
#include "util/err.h"

struct syms {
	bool any, canary;
};

static void on_sym(const char *name, unsigned type, void *payload)
{
	struct syms *s = payload;

	if (!*name)
		return;
	s->any = true;
	/* C names carry a leading underscore in Mach-O */
	if (!strcmp(name, "___stack_chk_fail") || !strcmp(name, "___stack_chk_guard"))
		s->canary = true;
}

int harden_macho(struct harden_file *f, const unsigned char *d, size_t len)
{
	struct macho m;
	struct macho_cmd c;
	struct syms s = { false, false };
	uint64_t cur = 0;
	int r = macho_open(&m, d, len);

	if (r < 0)
		return r;
	f->format = HARDEN_MACHO;
	harden_set_arch(f, macho_cpu_name(m.cputype), "cpu-", m.cputype);
	switch (m.filetype) {
	case MACHO_MH_EXECUTE:
		f->type = "exe";
		break;
	case MACHO_MH_DYLIB:
		f->type = "dylib";
		break;
	case MACHO_MH_BUNDLE:
		f->type = "bundle";
		break;
	case MACHO_MH_OBJECT:
		f->type = "object";
		break;
	default:
		f->type = "other";
		break;
	}
	f->pie = m.filetype == MACHO_MH_EXECUTE && (m.flags & MACHO_MH_PIE);
	f->execstack = (m.flags & MACHO_MH_ALLOW_STACK_EXECUTION) != 0;
	f->nx = !f->execstack;
	for (uint32_t i = 0; i < m.ncmds; i++) {
		if (!macho_next_cmd(&m, &cur, &c))
			return err_set(ERR_PARSE, "load command %u outside the file", i);
		if (c.cmd == MACHO_LC_CODE_SIGNATURE)
			f->code_signature = true;
		else if ((c.cmd == MACHO_LC_SEGMENT || c.cmd == MACHO_LC_SEGMENT_64) &&
		         c.size >= 24 && !memcmp(d + c.off + 8, "__RESTRICT\0", 11))
			f->restrict_seg = true;
	}
	macho_symbols(&m, on_sym, &s);
	f->canary = !s.any ? HARDEN_UNKNOWN : s.canary ? HARDEN_YES : HARDEN_NO;
	return 0;
}
