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
extern const struct extractor pypi_requirements_extractor;
extern const struct extractor pypi_pipfilelock_extractor;
extern const struct extractor pypi_pkginfo_extractor;
extern const struct extractor pypi_poetrylock_extractor;
extern const struct extractor pypi_uvlock_extractor;
extern const struct extractor pypi_pdmlock_extractor;
extern const struct extractor pypi_pylock_extractor;

/* Go */
extern const struct extractor go_mod_extractor;
extern const struct extractor go_vendor_extractor;

/* Rust */
extern const struct extractor cargo_lock_extractor;

/* Java: Maven, Gradle */

/* .NET: NuGet */

/* Ruby, PHP, Dart, Elixir, Swift, CocoaPods, C/C++, R */
extern const struct extractor gem_gemfilelock_extractor;
extern const struct extractor composer_lock_extractor;

/* OS package databases */
extern const struct extractor dpkg_status_extractor;
extern const struct extractor apk_installed_extractor;

/* binaries, archives, images, SBOMs */

static const struct extractor *const table[] = {
	/* npm */

	/* PyPI */
	&pypi_pipfilelock_extractor,
	&pypi_pkginfo_extractor,
	&pypi_poetrylock_extractor,
	&pypi_uvlock_extractor,
	&pypi_pdmlock_extractor,
	&pypi_pylock_extractor,
	&pypi_requirements_extractor,

	/* Go */
	&go_mod_extractor,
	&go_vendor_extractor,

	/* Rust */
	&cargo_lock_extractor,

	/* Java: Maven, Gradle */

	/* .NET: NuGet */

	/* Ruby, PHP, Dart, Elixir, Swift, CocoaPods, C/C++, R */
	&gem_gemfilelock_extractor,
	&composer_lock_extractor,

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
