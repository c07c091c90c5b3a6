/* libFuzzer target: security.txt (RFC 9116); problems always carry a message. */
#include "util/compat.h"
#include "core/disclose/securitytxt.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct securitytxt s;

	if (securitytxt_parse(&s, (const char *)data, size, "fuzz", 1795737600) == 0) {
		for (size_t i = 0; i < s.nproblems; i++)
			if (!s.problems[i].msg)
				__builtin_trap();
		if (s.nproblems > SECURITYTXT_MAX_PROBLEMS + 1 ||
		    s.ncontact > SECURITYTXT_MAX_VALUES)
			__builtin_trap();
		(void)securitytxt_valid(&s);
		(void)securitytxt_confidential(&s);
	}
	securitytxt_release(&s);
	err_clear();
	return 0;
}
