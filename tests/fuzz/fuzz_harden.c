/*
 * fuzz_harden: the ELF, PE and Mach-O readers behind `vouch harden`
 * (core/binfmt/elf.c, pe.c, macho.c; universal Mach-O slices) and the
 * policy check over what they read.
 */
#include "util/compat.h"
#include "core/harden/harden.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct harden_set s = HARDEN_SET_INIT;
	struct harden_policy p = HARDEN_POLICY_INIT;

	for (size_t i = 0; harden_requirement_names[i]; i++)
		(void)harden_policy_add(&p, harden_requirement_names[i]);
	(void)harden_read_buf(&s, "fuzz", data, size);
	for (size_t i = 0; i < s.n; i++)
		(void)harden_policy_check(&p, &s.v[i], NULL, NULL);
	harden_set_release(&s);
	return 0;
}
