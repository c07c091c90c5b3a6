/*
 * tree.h: the body of the fuzz targets that read a small folder the way
 * `vouch sbom DIR` does, for extractors that read files beside the one they
 * claim. The input holds up to N parts separated by NUL bytes, written to
 * the files named (relative paths) of a temporary folder made once per
 * process (with the folders named, listed parents last) and removed at exit;
 * a file without its part is removed. A target:
 *
 *     #include "tree.h"
 *     static const char *const files[] = { "pom.xml", "a/pom.xml" };
 *     static const char *const dirs[] = { "a" };
 *     FUZZ_TREE("fuzz-maven", files, dirs)
 */
#ifndef VOUCH_FUZZ_TREE_H
#define VOUCH_FUZZ_TREE_H

#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct fuzz_tree {
	const char *const *files, *const *dirs;
	size_t nfiles, ndirs;
	char root[64];
};

static struct fuzz_tree *fuzz_tree_now;

static inline void fuzz_tree_cleanup(void)
{
	struct fuzz_tree *t = fuzz_tree_now;
	char p[256];

	for (size_t i = 0; i < t->nfiles; i++) {
		snprintf(p, sizeof(p), "%s/%s", t->root, t->files[i]);
		unlink(p);
	}
	for (size_t i = 0; i < t->ndirs; i++) {
		snprintf(p, sizeof(p), "%s/%s", t->root, t->dirs[i]);
		rmdir(p);
	}
	rmdir(t->root);
}

static inline int fuzz_tree_setup(struct fuzz_tree *t, const char *prefix)
{
	const char *tmp = getenv("TMPDIR");
	char p[256];

	snprintf(t->root, sizeof(t->root), "%s/%s-XXXXXX", tmp && strlen(tmp) < 40 ? tmp : "/tmp",
	         prefix);
	if (!mkdtemp(t->root))
		return -1;
	fuzz_tree_now = t;
	atexit(fuzz_tree_cleanup);
	for (size_t i = t->ndirs; i > 0; i--) {
		snprintf(p, sizeof(p), "%s/%s", t->root, t->dirs[i - 1]);
		mkdir(p, 0700);
	}
	return 0;
}

static inline int fuzz_tree(struct fuzz_tree *t, const char *prefix, const uint8_t *data,
                            size_t size)
{
	struct inventory inv = INVENTORY_INIT;
	const uint8_t *part = data, *end = data + size;
	char p[256];

	if (!t->root[0] && fuzz_tree_setup(t, prefix) < 0)
		return 0;
	for (size_t i = 0; i < t->nfiles; i++) {
		const uint8_t *nul = part < end ? memchr(part, 0, (size_t)(end - part)) : NULL;
		const uint8_t *stop = nul ? nul : end;
		FILE *f;

		snprintf(p, sizeof(p), "%s/%s", t->root, t->files[i]);
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
	inventory_scan(&inv, t->root, NULL);
	err_clear();
	inventory_sort(&inv);
	inventory_release(&inv);
	return 0;
}

#define FUZZ_TREE(prefix, files, dirs)                                                             \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);                              \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                               \
	{                                                                                          \
		static struct fuzz_tree t = { files, dirs, ARRAY_SIZE(files), ARRAY_SIZE(dirs),    \
			                      "" };                                                \
		return fuzz_tree(&t, prefix, data, size);                                          \
	}

#endif
