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
extern const struct extractor maven_pom_extractor;
extern const struct extractor gradle_lockfile_extractor;
extern const struct extractor gradle_verification_extractor;

/* .NET: NuGet */
extern const struct extractor nuget_packages_lock_extractor;
extern const struct extractor nuget_packages_config_extractor;
extern const struct extractor dotnet_deps_json_extractor;

/* Ruby, PHP, Dart, Elixir, Swift, CocoaPods, C/C++, R */
extern const struct extractor pub_lock_extractor;
extern const struct extractor mix_lock_extractor;
extern const struct extractor swift_resolved_extractor;
extern const struct extractor podfile_lock_extractor;
extern const struct extractor conan_lock_extractor;
extern const struct extractor renv_lock_extractor;

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
	&maven_pom_extractor,
	&gradle_lockfile_extractor,
	&gradle_verification_extractor,

	/* .NET: NuGet */
	&nuget_packages_lock_extractor,
	&nuget_packages_config_extractor,
	&dotnet_deps_json_extractor,

	/* Ruby, PHP, Dart, Elixir, Swift, CocoaPods, C/C++, R */
	&pub_lock_extractor,
	&mix_lock_extractor,
	&swift_resolved_extractor,
	&podfile_lock_extractor,
	&conan_lock_extractor,
	&renv_lock_extractor,

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
