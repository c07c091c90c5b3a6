/*
 * extractors.c: the table of extractors, in the order they are tried.
 *
 * The first extractor whose match() claims a file reads it, so more specific
 * claims come before general ones. Each block belongs to one ecosystem; add
 * a new extractor by declaring it here and listing it in its block.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"

/* npm */

/* PyPI */

/* Go */

/* Rust */

/* Java: Maven, Gradle */

/* .NET: NuGet */

/* Ruby, PHP, Dart, Elixir, Swift, CocoaPods, C/C++, R */

/* OS package databases */
extern const struct extractor dpkg_status_extractor;
extern const struct extractor apk_installed_extractor;

/* binaries, archives, images, SBOMs */

static const struct extractor *const table[] = {
	/* npm */

	/* PyPI */

	/* Go */

	/* Rust */

	/* Java: Maven, Gradle */

	/* .NET: NuGet */

	/* Ruby, PHP, Dart, Elixir, Swift, CocoaPods, C/C++, R */

	/* OS package databases */
	&dpkg_status_extractor,
	&apk_installed_extractor,

	/* binaries, archives, images, SBOMs */

	NULL,
};

const struct extractor *const *extractors_list(size_t *n)
{
	*n = ARRAY_SIZE(table) - 1;
	return table;
}
