/*
 * sbom.c: `vouch sbom`, the inventory of source trees and files as a
 * CycloneDX or SPDX document.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/formats/bom.h"
#include "core/formats/cyclonedx.h"
#include "core/formats/spdx.h"
#include "core/inventory/inventory.h"
#include "core/inventory/image/image.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/heapwarm.h"
#include "util/num.h"

#include <malloc.h>
#include <time.h>
#include <unistd.h>

#ifndef VOUCH_VERSION
#define VOUCH_VERSION "0.0.0-dev"
#endif

#define SBOM_MAX_OUTPUT ((size_t)1 << 30)
/* the heap's part made of huge pages: the 2,000-package bench project takes about 4 MiB */
#define SBOM_HUGE_RESERVE ((size_t)32 << 20)
/* what malloc takes from the system beyond its need, for the warming thread to fault in */
#define SBOM_HEAP_PAD ((size_t)2 << 20)
#define SBOM_TRIM     (16 << 20)

/* syft's names (cyclonedx-json, spdx-json) are the same documents */
static const char *const formats[] = { "cyclonedx", "spdx", "cyclonedx-json", "spdx-json", NULL };
static const char *const spec_versions[] = { "1.6", "1.7", NULL };

static void list_types(void)
{
	size_t n, wt = strlen("TYPE"), we = strlen("ECOSYSTEM");
	const struct extractor *const *list = extractors_list(&n);

	/* the columns as wide as their longest entry ("GitHub Actions") */
	for (size_t i = 0; i < n; i++) {
		size_t t = strlen(list[i]->name),
		       e = list[i]->ecosystem ? strlen(list[i]->ecosystem) : 1;
		wt = t > wt ? t : wt;
		we = e > we ? e : we;
	}
	printf("%-*s %-*s %s\n", (int)wt, "TYPE", (int)we, "ECOSYSTEM", "FILES");
	for (size_t i = 0; i < n; i++)
		printf("%-*s %-*s %s\n", (int)wt, list[i]->name, (int)we,
		       list[i]->ecosystem ? list[i]->ecosystem : "-", extractor_describe(list[i]));
	printf("%-*s %-*s %s\n", (int)wt, INVENTORY_KIND_IMAGE, (int)we, "-",
	       "OCI image layouts and docker-save images (folders or tar files)");
}

static void print_diags(const struct inventory *inv)
{
	for (size_t i = 0; i < inv->ndiags; i++) {
		const struct inv_diag *d = &inv->diags[i];
		const char *pre = d->level == INV_NOTE ? "note: " : "";

		if (d->level == INV_NOTE && vouch_quiet)
			continue;
		/* through ui_error(): paths and messages quote input, escaped there */
		if (d->line)
			ui_error("%s%s:%zu: %s", pre, d->path, d->line, d->msg);
		else
			ui_error("%s%s: %s", pre, d->path, d->msg);
	}
}

/* Whether path names a device or FIFO (after links): such an output is written whole, at the end. */
static bool output_is_stream(const char *path)
{
	struct buf name = BUF_INIT;
	struct stat st;
	bool r = fs_final_name(&name, &st, path) == 0 && fs_is_stream(&st);

	err_clear();
	buf_release(&name);
	return r;
}

/* SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
static int creation_time(time_t *out)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	uint64_t v;

	if (!s || !*s) {
		*out = time(NULL);
		return 0;
	}
	if (num_parse_u64(&v, s, strlen(s), (uint64_t)253402300799ULL, 0) < 0)
		return err_set(ERR_USAGE, "SOURCE_DATE_EPOCH '%s' is not a number of seconds", s);
	*out = (time_t)v;
	return 0;
}

/* On a terminal: the folder being walked and the inputs read so far, ten times a second at most. */
static void show_progress(void *arg, const char *folder, size_t files)
{
	static struct timespec last;
	struct timespec now;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if ((now.tv_sec - last.tv_sec) * 1000000000L + (now.tv_nsec - last.tv_nsec) < 100000000L)
		return;
	last = now;
	ui_progress("%zu inputs read; in %s", files, folder);
}

int cmd_sbom(int argc, char **argv)
{
	const char *format = "cyclonedx", *spec = NULL, *type = NULL;
	const char *platform = NULL;
	size_t name_budget = 0, inv_budget = 0;
	bool one_fs = false;
	struct strlist exclude = STRLIST_INIT, outputs = STRLIST_INIT;
	struct opt_output *outs = NULL;
	struct buf *docs = NULL;
	struct fs_atomic *files = NULL;
	int nouts = 0;
	bool list = false;
	const struct opt_spec opts[] = {
		OPT_CHOICE('f', "format", &format, "FORMAT", formats,
		           "cyclonedx (the default) or spdx (SPDX 2.3); syft's names too"),
		OPT_CHOICE(0, "spec-version", &spec, "VERSION", spec_versions,
		           "CycloneDX version: 1.6 (the default) or 1.7"),
		OPT_LIST('o', "output", &outputs, "[FORMAT=]FILE",
		         "write the document to FILE (atomically) instead of stdout; "
		         "FORMAT[@VERSION]=FILE or FORMAT alone (stdout) as syft, repeatable"),
		OPT_STRING(
		        't', "type", &type, "KIND",
		        "read files given directly as KIND, and in folders only what KIND reads"),
		OPT_STRING(0, "platform", &platform, "OS/ARCH",
		           "of a container image holding several, read the one for OS/ARCH "
		           "(e.g. linux/arm64)"),
		OPT_LIST(0, "exclude", &exclude, "PATTERN",
		         "skip paths matching PATTERN (fnmatch, repeatable)"),
		OPT_SIZE(0, "image-name-budget", &name_budget, "BYTES", IMAGE_MAX_NAME_BYTES,
		         "of a container image, hold at most BYTES of file names (default and "
		         "most 256 MiB); past it the image is partial"),
		OPT_SIZE(0, "inventory-budget", &inv_budget, "BYTES", INVENTORY_MAX_BYTES,
		         "hold at most BYTES of packages (default and most 128 MiB); past it "
		         "the packages of the file being read and of later ones are not "
		         "recorded, each file named: partial"),
		OPT_BOOL(0, "one-file-system", &one_fs,
		         "in folders, do not enter another file system than the PATH's"),
		OPT_BOOL(0, "list-types", &list, "list the file kinds vouch reads and exit"),
		OPT_END(),
	};
	const struct opt_usage usage = {
		"vouch sbom",
		"[--format cyclonedx|spdx] [--spec-version 1.6|1.7] [--output [FORMAT=]FILE]... "
		"[--type KIND] "
		"[--platform OS/ARCH] [--exclude PATTERN]... [--list-types] PATH...",
		"Inventories every PATH (folders are walked, files read by the extractor that "
		"claims "
		"them) into one CycloneDX or SPDX document. Inputs that cannot be read are named "
		"on "
		"stderr and recorded in the document; the exit code is then 3. "
		"`vouch sbom diff OLD NEW` compares two (see `vouch sbom diff --help`).",
	};
	struct inventory inv = INVENTORY_INIT;
	struct inventory_opts iopts = { 0 };
	struct bom_meta meta = { 0 };
	bool any_cdx = false;
	int r, ret = EXIT_FAIL;

	/*
	 * A run reads a lockfile into a buffer, parses it into an arena, frees
	 * both and allocates the inventory's records and the writer's pieces.
	 * Blocks under 2 MiB come from the heap and freed memory stays there
	 * (up to 16 MiB at its top) instead of being unmapped and mapped
	 * afresh: a page once touched serves again without a new fault
	 * (bench/sbom/README.md; larger blocks are still mapped on their own).
	 */
	mallopt(M_MMAP_THRESHOLD, 2 << 20);
	mallopt(M_TRIM_THRESHOLD, SBOM_TRIM);
	/* `vouch sbom diff OLD NEW`; a folder called diff is read as ./diff */
	if (argc > 1 && !strcmp(argv[1], "diff"))
		return cmd_sbom_diff(argc - 1, argv + 1);
	r = opt_parse(&argc, &argv, opts, &usage);
	if (r != OPT_OK)
		return r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (list) {
		list_types();
		ret = EXIT_OK;
		goto done;
	}
	if (argc < 1) {
		opt_usage_error(&usage, "no PATH given");
		ret = EXIT_USAGE;
		goto done;
	}
	nouts = opt_outputs(&outs, &outputs, format, formats, &usage);
	if (nouts < 0) {
		ret = EXIT_USAGE;
		goto done;
	}
	for (int i = 0; i < nouts; i++) {
		bool cdx = !strncmp(outs[i].format, "cyclonedx", 9);
		const char *v;

		any_cdx |= cdx && !outs[i].version;
		if (!outs[i].version)
			continue;
		if (!cdx) {
			opt_usage_error(&usage, "'%s' has no version to choose; only cyclonedx has",
			                outs[i].format);
			ret = EXIT_USAGE;
			goto done;
		}
		v = NULL;
		for (size_t k = 0; spec_versions[k]; k++)
			if (strlen(spec_versions[k]) == outs[i].version_len &&
			    !strncmp(spec_versions[k], outs[i].version, outs[i].version_len))
				v = spec_versions[k];
		if (!v) {
			opt_usage_error(&usage, "cyclonedx has no version '%.*s' (1.6 or 1.7)",
			                (int)outs[i].version_len, outs[i].version);
			ret = EXIT_USAGE;
			goto done;
		}
		outs[i].version = v;
	}
	if (spec && !any_cdx) {
		opt_usage_error(&usage, "--spec-version applies to CycloneDX only");
		ret = EXIT_USAGE;
		goto done;
	}
	/* a mistyped PATH is refused before anything is read or written */
	if (opt_check_paths(&usage, argc, argv) != OPT_OK) {
		ret = EXIT_USAGE;
		goto done;
	}
	if (type && !extractor_find(type) && strcmp(type, INVENTORY_KIND_IMAGE)) {
		opt_usage_error(&usage, "no file kind is called '%s' (see --list-types)", type);
		ret = EXIT_USAGE;
		goto done;
	}
	if (creation_time(&meta.created) < 0) {
		ret = ui_error_last();
		goto done;
	}
	/*
	 * On a virtual machine a first touch of a page is dear
	 * (util/heapwarm.h): the heap is made of huge pages where the system
	 * gives them. Otherwise, while this thread reads and parses, the other
	 * processor faults in the heap ahead of it (the reading phase has it
	 * all to itself); stopped before the document is written, which uses
	 * both.
	 */
	if (!heapwarm_huge(SBOM_HUGE_RESERVE))
		(void)heapwarm_start(SBOM_HEAP_PAD, SBOM_TRIM);
	iopts.exclude = exclude.v;
	iopts.nexclude = exclude.n;
	iopts.force_kind = type;
	iopts.platform = platform;
	iopts.max_names = name_budget;
	iopts.max_bytes = inv_budget;
	iopts.one_file_system = one_fs;
	iopts.progress = show_progress;
	for (int i = 0; i < argc; i++) {
		if (inventory_scan(&inv, argv[i], &iopts) < 0) {
			if (err_code() == ERR_USAGE) {
				/* --type or --platform does not fit this PATH */
				ret = ui_error_last();
				goto done;
			}
			/* the PATH itself is unreadable: record it like any unread input */
			inventory_diag(&inv, INV_ERROR, argv[i], 0, "%s", err_msg());
		}
	}
	heapwarm_stop();
	ui_progress_done();
	inventory_sort(&inv);
	print_diags(&inv);

	meta.tool_version = VOUCH_VERSION;
	meta.subjects = (const char *const *)argv;
	meta.nsubjects = (size_t)argc;
	meta.pretty = true;
	/*
	 * Every document is made before any is put in place: a failure writes
	 * none. One going to a regular file is written to a temporary file
	 * beside it as it is made (its serial number patched in at the end);
	 * one going to stdout, a device or a FIFO is held whole, under
	 * SBOM_MAX_OUTPUT, and written once all are made.
	 */
	docs = xcalloc((size_t)nouts, sizeof(*docs));
	files = xcalloc((size_t)nouts, sizeof(*files));
	for (int i = 0; i < nouts; i++) {
		buf_init(&docs[i], SBOM_MAX_OUTPUT);
		files[i] = (struct fs_atomic)FS_ATOMIC_INIT;
	}
	for (int i = 0; i < nouts; i++) {
		meta.spec_version = outs[i].version ? outs[i].version : spec;
		meta.file = NULL;
		if (outs[i].path && !output_is_stream(outs[i].path)) {
			if (fs_atomic_open(&files[i], outs[i].path, 0644, FS_NO_SYNC) < 0) {
				ui_error_last();
				ret = EXIT_FAIL;
				goto done;
			}
			meta.file = &files[i];
		}
		r = !strncmp(outs[i].format, "spdx", 4) ? spdx_write(&docs[i], &inv, &meta)
		                                        : cyclonedx_write(&docs[i], &inv, &meta);
		if (r < 0) {
			/* no document: that is a failure to run, not a partial result */
			ui_error_last();
			ret = r == ERR_USAGE ? EXIT_USAGE : EXIT_FAIL;
			goto done;
		}
	}
	for (int i = 0; i < nouts; i++) {
		r = 0;
		if (files[i].fd >= 0) {
			r = fs_atomic_commit(&files[i]);
		} else if (outs[i].path) {
			r = fs_write_atomic(outs[i].path, docs[i].ptr, docs[i].len, 0644, 0);
		} else if (fwrite(docs[i].ptr, 1, docs[i].len, stdout) != docs[i].len) {
			ui_error("cannot write output: %s", strerror(errno));
			ret = EXIT_FAIL;
			goto done;
		}
		if (r < 0) {
			ui_error_last();
			ret = EXIT_FAIL;
			goto done;
		}
	}
	ret = inv.nerrors ? EXIT_PARTIAL : EXIT_OK;
done:
	heapwarm_stop();
	for (int i = 0; docs && i < nouts; i++) {
		buf_release(&docs[i]);
		fs_atomic_abort(&files[i]);
	}
	free(docs);
	free(files);
	free(outs);
	strlist_release(&outputs);
	if (ret == EXIT_OK || ret == EXIT_PARTIAL) {
		/*
		 * The process ends when this returns: the inventory's tens of
		 * thousands of allocations are left to exit (git's UNLEAK), kept
		 * reachable so that a leak checker does not count them.
		 */
		static struct inventory *volatile left_to_exit;

		left_to_exit = xmalloc(sizeof(*left_to_exit));
		*left_to_exit = inv;
	} else {
		inventory_release(&inv);
	}
	strlist_release(&exclude);
	return ret;
}
