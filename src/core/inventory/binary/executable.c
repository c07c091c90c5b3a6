/*
 * executable.c: the extractor that claims executables (ELF, PE, Mach-O) by
 * their first bytes and hands each to the readers of what compilers embed
 * in them: Go build information (go-binary) and cargo-auditable's .dep-v0
 * (rust-cargo-auditable). Each reader is recorded as its own input, so the
 * evidence names it; an executable with neither contributes nothing and
 * is not listed.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/binfmt/binfmt.h"

bool go_binary_head(const char *head, size_t len);
bool go_binary_present(const char *data, size_t len);
bool cargo_auditable_present(const char *data, size_t len);
extern const struct extractor go_binary_extractor;
extern const struct extractor rust_cargo_auditable_extractor;

static bool exe_match(const char *rel, const char *name)
{
	(void)rel;
	(void)name;
	return false;
}

static int exe_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct inventory *inv = extract_inventory(ctx);
	struct binfmt_slice slices[BINFMT_MAX_FAT];
	int n = binfmt_fat_slices((const unsigned char *)data, len, slices, BINFMT_MAX_FAT);

	if (n < 0)
		return extract_error(ctx, 0,
		                     "a universal Mach-O whose slices are not all inside "
		                     "the file: not read");
	/*
	 * A universal binary: each architecture's slice is a program of its
	 * own; the same modules in several slices merge into one component.
	 */
	for (int i = 0; i < n; i++)
		exe_extract(ctx, data + slices[i].off, (size_t)slices[i].size);
	if (n > 0)
		return 0;
	if (go_binary_present(data, len))
		inventory_read_as(inv, &go_binary_extractor, extract_path(ctx), extract_rel(ctx),
		                  data, len, extract_layer(ctx));
	if (cargo_auditable_present(data, len))
		inventory_read_as(inv, &rust_cargo_auditable_extractor, extract_path(ctx),
		                  extract_rel(ctx), data, len, extract_layer(ctx));
	return 0;
}

const struct extractor executable_extractor = {
	.name = "executable",
	.ecosystem = NULL,
	.match = exe_match,
	.sniff = go_binary_head,
	.extract = exe_extract,
	.max_size = (size_t)4 << 30, /* mapped: see extractor_maps() */
};
