/*
 * libFuzzer target: the packed-refs reader behind the commit an assessment
 * records (core/assess/git.c). The input's first line is the ref name to look
 * up, the rest the packed-refs text. Whatever the input, a result is a valid
 * commit id that occurs in the text.
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *nl = memchr(p, '\n', size);
	char *name, *id;
	size_t n = nl ? (size_t)(nl - p) : size;

	if (memchr(p, '\0', n))
		return 0;
	name = xstrndup(p, n);
	id = ac_git_packed(nl ? nl + 1 : p + size, nl ? size - n - 1 : 0, name);
	if (id && (!ac_git_oid(id, strlen(id)) || !memmem(data, size, id, strlen(id))))
		__builtin_trap();
	free(id);
	free(name);
	return 0;
}
