/*
 * pe.c: the mitigations of a PE image, from the DllCharacteristics of its
 * optional header, its load configuration and its certificate table.
 */
#include "util/compat.h"
#include "core/harden/internal.h"
#include "core/binfmt/binfmt.h"
#include "core/binfmt/pe.h"
#include "util/err.h"

/* A SafeSEH table: the load configuration's SEHandlerTable and SEHandlerCount (PE32 only). */
static bool has_safeseh_table(const struct pe *p)
{
	uint64_t rva, size, off, lcsize;

	if (!pe_dir(p, PE_DIR_LOAD_CONFIG, &rva, &size) || !pe_rva_to_off(p, rva, 4, &off))
		return false;
	lcsize = binfmt_uint(p->d + off, 4, false);
	if (lcsize < 72 || !pe_rva_to_off(p, rva, 72, &off))
		return false;
	return binfmt_uint(p->d + off + 64, 4, false) && binfmt_uint(p->d + off + 68, 4, false);
}

/*
 * The load configuration's SecurityCookie: the VA of the cookie that /GS code
 * checks (IMAGE_LOAD_CONFIG_DIRECTORY32 at offset 60, 4 bytes; ...64 at offset
 * 88, 8 bytes), or 0 when the image has no load configuration, one too short
 * to hold the field (its Size, the first 4 bytes, says how long it is), or no
 * cookie.
 */
static uint64_t security_cookie(const struct pe *p)
{
	uint64_t rva, size, off, lcsize;
	unsigned at = p->plus ? 88 : 60, width = p->plus ? 8 : 4;

	if (!pe_dir(p, PE_DIR_LOAD_CONFIG, &rva, &size) || !pe_rva_to_off(p, rva, 4, &off))
		return 0;
	lcsize = binfmt_uint(p->d + off, 4, false);
	if (lcsize < at + width || !pe_rva_to_off(p, rva, at + width, &off))
		return 0;
	return binfmt_uint(p->d + off + at, width, false);
}

/* A certificate table whose first entry is a PKCS#7 SignedData (WIN_CERT_TYPE_PKCS_SIGNED_DATA). */
static bool has_authenticode(const struct pe *p)
{
	uint64_t off, size;

	/* the security directory holds a file offset, not an RVA */
	if (!pe_dir(p, PE_DIR_SECURITY, &off, &size) || size < 8 || off > p->len ||
	    size > p->len - off)
		return false;
	return binfmt_uint(p->d + off + 6, 2, false) == 2 && binfmt_uint(p->d + off, 4, false) >= 8;
}

int harden_pe(struct harden_file *f, const unsigned char *d, size_t len)
{
	struct pe p;
	int r = pe_open(&p, d, len);

	if (r < 0)
		return r;
	f->format = HARDEN_PE;
	harden_set_arch(f, pe_machine_name(p.machine), "machine-0x", p.machine);
	f->type = (p.characteristics & PE_FILE_DLL) ? "dll" : "exe";
	f->dynamic_base = (p.dll_characteristics & PE_DLL_DYNAMIC_BASE) != 0;
	f->relocs_stripped = (p.characteristics & PE_FILE_RELOCS_STRIPPED) != 0;
	f->aslr = f->dynamic_base && !f->relocs_stripped;
	f->pie = f->aslr;
	if (p.plus)
		f->high_entropy_va = f->aslr && (p.dll_characteristics & PE_DLL_HIGH_ENTROPY_VA)
		                             ? HARDEN_YES
		                             : HARDEN_NO;
	else
		f->high_entropy_va = HARDEN_NA;
	f->nx = (p.dll_characteristics & PE_DLL_NX_COMPAT) != 0;
	f->cfg = (p.dll_characteristics & PE_DLL_GUARD_CF) != 0;
	if (p.machine != PE_MACHINE_I386)
		f->safeseh = HARDEN_NA;
	else if ((p.dll_characteristics & PE_DLL_NO_SEH) || has_safeseh_table(&p))
		f->safeseh = HARDEN_YES;
	else
		f->safeseh = HARDEN_NO;
	f->authenticode = has_authenticode(&p);
	f->security_cookie = security_cookie(&p);
	f->gs = f->security_cookie ? HARDEN_YES : HARDEN_NO;
	f->canary = HARDEN_NA;
	return 0;
}
