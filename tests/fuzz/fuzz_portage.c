/*
 * fuzz_portage: the Gentoo vdb reader on a folder, so that the files read
 * beside PF (CATEGORY, LICENSE, RDEPEND) and the vdb's index are exercised.
 * The input holds up to four parts separated by NUL bytes, written to
 * var/db/pkg/dev-libs/a-1/PF, .../a-1/RDEPEND, .../a-1/CATEGORY and
 * var/db/pkg/sys-libs/b-2.0-r1/PF of a temporary folder (made once per
 * process, removed at exit), then scanned as `vouch sbom DIR` does.
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

static const char *const files[] = { "var/db/pkg/dev-libs/a-1/PF",
	                             "var/db/pkg/dev-libs/a-1/RDEPEND",
	                             "var/db/pkg/dev-libs/a-1/CATEGORY",
	                             "var/db/pkg/sys-libs/b-2.0-r1/PF" };
static const char *const dirs[] = { "var/db/pkg/dev-libs/a-1",
	                            "var/db/pkg/sys-libs/b-2.0-r1",
	                            "var/db/pkg/dev-libs",
	                            "var/db/pkg/sys-libs",
	                            "var/db/pkg",
	                            "var/db",
	                            "var" };
static char root[64];

static void cleanup(void)
{
	char p[160];

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
	char p[160];

	snprintf(root, sizeof(root), "%s/fuzz-portage-XXXXXX",
	         tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	if (!mkdtemp(root))
		return -1;
	atexit(cleanup);
	for (size_t i = sizeof(dirs) / sizeof(dirs[0]); i > 0; i--) {
		snprintf(p, sizeof(p), "%s/%s", root, dirs[i - 1]);
		mkdir(p, 0700);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory inv = INVENTORY_INIT;
	const uint8_t *part = data, *end = data + size;
	char p[160];

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
