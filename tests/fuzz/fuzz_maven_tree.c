/*
 * fuzz_maven_tree: a folder of pom.xml files read by the maven-pom extractor,
 * so that parents, the tree's index by coordinates and import BOMs are
 * exercised. The input holds up to five POMs separated by NUL bytes, written
 * to pom.xml, a/pom.xml, a/b/pom.xml, c/pom.xml and c/d/pom.xml of a
 * temporary folder (made once per process, removed at exit), then scanned as
 * `vouch sbom DIR` does.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const files[] = { "pom.xml", "a/pom.xml", "a/b/pom.xml", "c/pom.xml",
	                             "c/d/pom.xml" };
static const char *const dirs[] = { "a/b", "a", "c/d", "c" };
static char root[64];

static void cleanup(void)
{
	char p[128];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", root, files[i]);
		unlink(p);
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", root, dirs[i]);
		rmdir(p);
	}
	rmdir(root);
}

static int setup(void)
{
	const char *tmp = getenv("TMPDIR");
	char p[128];

	snprintf(root, sizeof(root), "%s/fuzz-maven-XXXXXX",
	         tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	if (!mkdtemp(root))
		return -1;
	atexit(cleanup);
	snprintf(p, sizeof(p), "%s/a", root);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/a/b", root);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/c", root);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/c/d", root);
	mkdir(p, 0700);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory inv = INVENTORY_INIT;
	const uint8_t *part = data, *end = data + size;
	char p[128];

	if (!root[0] && setup() < 0)
		return 0;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		const uint8_t *nul = part < end ? memchr(part, 0, (size_t)(end - part)) : NULL;
		const uint8_t *stop = nul ? nul : end;
		FILE *f;

		snprintf(p, sizeof(p), "%s/%s", root, files[i]);
		if (part >= end) {
			unlink(p);
			continue;
		}
		f = fopen(p, "wb");
		if (!f)
			return 0;
		fwrite(part, 1, (size_t)(stop - part), f);
		fclose(f);
		part = nul ? nul + 1 : end;
	}
	inventory_scan(&inv, root, NULL);
	err_clear();
	inventory_sort(&inv);
	inventory_release(&inv);
	return 0;
}
