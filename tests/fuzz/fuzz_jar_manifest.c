/*
 * fuzz_jar_manifest: the MANIFEST.MF main-section reader and the file-name
 * split of Java archives without pom.properties (archive/jar_manifest.h).
 */
#include "util/compat.h"
#include "core/inventory/archive/jar_manifest.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(void *arg, size_t line, const char *msg)
{
	(void)arg;
	(void)line;
	(void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jar_ident id = JAR_IDENT_INIT;
	char *name;

	if (jar_manifest_ident(&id, (const char *)data, size, false, "x-1.0.jar", ignore, NULL))
		jar_ident_release(&id);
	if (jar_manifest_ident(&id, (const char *)data, size, true, NULL, NULL, NULL))
		jar_ident_release(&id);
	name = xmemdupz(data, size < 256 ? size : 256);
	if (!memchr(name, '\0', size < 256 ? size : 256) && jar_filename_ident(&id, name))
		jar_ident_release(&id);
	free(name);
	return 0;
}
