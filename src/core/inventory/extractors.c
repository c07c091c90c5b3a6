/*
 * extractors.c: the table of extractors, in the order they are tried.
 *
 * The first extractor whose match() claims a file reads it, so more specific
 * claims come before general ones. Each block belongs to one ecosystem; add
 * a new extractor by declaring it here and listing it in its block.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"

/* SBOM documents given directly */
extern const struct extractor cyclonedx_json_extractor;
extern const struct extractor spdx_json_extractor;

/* npm */
#include "core/inventory/npm/npm.h"

/* Deno */
extern const struct extractor deno_lock_extractor;
extern const struct extractor deno_json_extractor;

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
extern const struct extractor maven_pom_extractor;
extern const struct extractor gradle_lockfile_extractor;
extern const struct extractor gradle_verification_extractor;
extern const struct extractor gradle_catalog_extractor;

/* .NET: NuGet */
extern const struct extractor nuget_packages_lock_extractor;
extern const struct extractor nuget_packages_config_extractor;
extern const struct extractor dotnet_deps_json_extractor;
extern const struct extractor nuget_project_assets_extractor;
extern const struct extractor paket_lock_extractor;
extern const struct extractor julia_manifest_extractor;
extern const struct extractor stack_lock_extractor;
extern const struct extractor cabal_freeze_extractor;
extern const struct extractor gleam_manifest_extractor;
extern const struct extractor gleam_toml_extractor;
extern const struct extractor cpan_meta_extractor;
extern const struct extractor cpanfile_snapshot_extractor;
extern const struct extractor opam_locked_extractor;
extern const struct extractor opam_switch_state_extractor;

/* Ruby, PHP, Dart, Elixir, Swift, CocoaPods, C/C++, R */
extern const struct extractor gem_gemfilelock_extractor;
extern const struct extractor composer_lock_extractor;
extern const struct extractor pub_lock_extractor;
extern const struct extractor mix_lock_extractor;
extern const struct extractor swift_resolved_extractor;
extern const struct extractor podfile_lock_extractor;
extern const struct extractor conan_lock_extractor;
extern const struct extractor renv_lock_extractor;

/* CI: GitHub Actions */
extern const struct extractor github_actions_extractor;

/* OS package databases */
extern const struct extractor dpkg_status_extractor;
extern const struct extractor apk_installed_extractor;
extern const struct extractor rpm_db_extractor;
extern const struct extractor spack_spec_extractor;
extern const struct extractor conda_meta_extractor;
extern const struct extractor pacman_desc_extractor;
extern const struct extractor portage_vdb_extractor;

/* binaries, archives, images, SBOMs */
extern const struct extractor executable_extractor;
extern const struct extractor archive_extractor;
extern const struct extractor go_binary_extractor;
extern const struct extractor rust_cargo_auditable_extractor;
bool go_binary_head(const char *head, size_t len);
int archive_extract_stream(struct extract_ctx *ctx, struct inv_stream *in);

static const struct extractor *const table[] = {
	/*
	 * SBOM documents: they claim no names (a BOM in a tree is not read)
	 * and their sniff() is the most specific, so it is tried first (the
	 * package.json sniff takes any JSON object with a top-level "name"
	 * and "version").
	 */
	&cyclonedx_json_extractor,
	&spdx_json_extractor,
	/* before npm: a META.json has a top-level "name" and "version" too */
	&cpan_meta_extractor,
	/* before package.json, whose sniff() would take a conda record (it has name and version) */
	&conda_meta_extractor,

	/* npm */
	&npm_package_lock_extractor,
	&npm_bun_lock_extractor,
	&npm_yarn_lock_extractor,
	&npm_pnpm_lock_extractor,
	&npm_package_json_extractor,

	/* Deno */
	&deno_lock_extractor,
	&deno_json_extractor,

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
	&maven_pom_extractor,
	&gradle_lockfile_extractor,
	&gradle_verification_extractor,
	&gradle_catalog_extractor,

	/* .NET: NuGet */
	&nuget_packages_lock_extractor,
	&nuget_packages_config_extractor,
	&dotnet_deps_json_extractor,
	&nuget_project_assets_extractor,
	&paket_lock_extractor,
	&julia_manifest_extractor,

	/* Ruby, PHP, Dart, Elixir, Swift, CocoaPods, C/C++, R */
	&gem_gemfilelock_extractor,
	&composer_lock_extractor,
	&pub_lock_extractor,
	&mix_lock_extractor,
	&swift_resolved_extractor,
	&podfile_lock_extractor,
	&conan_lock_extractor,
	&renv_lock_extractor,
	&stack_lock_extractor,
	&cabal_freeze_extractor,
	&gleam_manifest_extractor,
	&gleam_toml_extractor,
	&cpanfile_snapshot_extractor,
	&opam_locked_extractor,
	&opam_switch_state_extractor,

	/* CI: GitHub Actions */
	&github_actions_extractor,

	/* OS package databases */
	&dpkg_status_extractor,
	&apk_installed_extractor,
	&rpm_db_extractor,
	&spack_spec_extractor,
	&pacman_desc_extractor,
	&portage_vdb_extractor,

	/* binaries, archives, images, SBOMs */
	&archive_extractor,
	&executable_extractor,
	&go_binary_extractor,
	&rust_cargo_auditable_extractor,

	NULL,
};

const struct extractor *const *extractors_list(size_t *n)
{
	*n = ARRAY_SIZE(table) - 1;
	return table;
}

/*
 * What each extractor reads, for `vouch sbom --list-types`: one row per
 * extractor name, in the blocks above.
 */
static const struct {
	const char *name, *describe;
} descriptions[] = {
	/* SBOM documents given directly */
	{ "cyclonedx", "CycloneDX JSON 1.2 to 1.7, only as PATH (not in folders); not XML or "
	               "protobuf" },
	{ "spdx", "SPDX 2.2 and 2.3 JSON, only as PATH (not in folders); not tag-value, RDF, "
	          "YAML or SPDX 3" },

	/* npm */
	{ "npm-package-lock", "package-lock.json, npm-shrinkwrap.json (lockfile v1, v2, v3)" },
	{ "npm-yarn-lock", "yarn.lock (classic v1 and berry v2+)" },
	{ "npm-pnpm-lock", "pnpm-lock.yaml (lockfile v5 to v9)" },
	{ "npm-bun-lock", "bun.lock (bun 1.2+ text lockfile; not bun.lockb)" },
	{ "npm-package-json", "node_modules/**/package.json (installed packages)" },

	/* Deno */
	{ "deno-lock", "deno.lock (versions 3, 4, 5: npm, jsr, remote modules, workspace)" },
	{ "deno-json", "deno.json, deno.jsonc (npm: and jsr: imports; unresolved without a "
	               "deno.lock beside)" },

	/* PyPI */
	{ "pypi-requirements", "*requirements*.txt, requirements/*.txt (pip; -r/-c followed)" },
	{ "pypi-pipfile-lock", "Pipfile.lock (pipenv)" },
	{ "pypi-poetry-lock", "poetry.lock (Poetry 1.x and 2.x)" },
	{ "pypi-uv-lock", "uv.lock" },
	{ "pypi-pdm-lock", "pdm.lock" },
	{ "pypi-pylock", "pylock.toml, pylock.*.toml (PEP 751)" },
	{ "pypi-installed", "*.dist-info/METADATA, *.egg-info/PKG-INFO, *.egg-info (installed)" },

	/* Go */
	{ "go-mod", "go.mod with go.sum (stdlib from go/toolchain)" },
	{ "go-vendor-modules", "vendor/modules.txt" },

	/* Rust */
	{ "cargo-lock", "Cargo.lock (lockfile v1 to v4)" },

	/* Java: Maven, Gradle */
	{ "maven-pom", "pom.xml (offline: properties, dependencyManagement, parents in the tree)" },
	{ "gradle-lockfile",
	  "gradle.lockfile, *-gradle.lockfile, gradle/dependency-locks/*.lockfile" },
	{ "gradle-verification-metadata", "gradle/verification-metadata.xml (with hashes)" },
	{ "gradle-version-catalog", "gradle/libs.versions.toml, *.versions.toml (libraries and "
	                            "plugins; ranges unresolved)" },

	/* .NET: NuGet */
	{ "nuget-packages-lock", "packages.lock.json (v1, v2)" },
	{ "nuget-project-assets", "obj/project.assets.json (dotnet restore, v3)" },
	{ "nuget-packages-config", "packages.config" },
	{ "dotnet-deps-json", "*.deps.json (built .NET applications)" },
	{ "paket-lock", "paket.lock (.NET Paket: NuGet groups; GITHUB, HTTP, GIT files as local; "
	                "paket.dependencies beside it for direct)" },

	/* Ruby, PHP, Dart, Elixir, Swift, CocoaPods, C/C++, R */
	{ "gem-gemfile-lock", "Gemfile.lock, Gemfile.*.lock, gems.locked (Bundler)" },
	{ "composer-lock", "composer.lock" },
	{ "pub-lock", "pubspec.lock (Dart, Flutter)" },
	{ "mix-lock", "mix.lock (Elixir, Erlang: Hex and git)" },
	{ "swift-package-resolved", "Package.resolved (v1, v2, v3)" },
	{ "cocoapods-podfile-lock", "Podfile.lock" },
	{ "conan-lock", "conan.lock (Conan 1 graph lock 0.x, Conan 2 lock 0.5)" },
	{ "renv-lock", "renv.lock (R)" },
	{ "julia-manifest", "Manifest.toml, JuliaManifest.toml, Manifest-v1.11.toml (Julia Pkg, "
	                    "formats 1.0 and 2.0)" },
	{ "stack-lock", "stack.yaml.lock (Haskell Stack: extra-deps; the snapshot is named)" },
	{ "cabal-freeze", "cabal.project.freeze (Haskell cabal v2-freeze)" },
	{ "gleam-manifest", "manifest.toml (Gleam's lock; gleam.toml beside it for the project and "
	                    "dev dependencies)" },
	{ "gleam-toml", "gleam.toml without a manifest.toml beside it (requirements only)" },
	{ "cpan-meta", "META.json, META.yml, MYMETA.json, MYMETA.yml (Perl CPAN::Meta spec 2 and "
	               "1.4: the distribution itself)" },
	{ "opam-locked", "*.opam.locked (opam lock: the project's pinned dependencies)" },
	{ "opam-switch-state", ".opam-switch/switch-state (an opam switch's installed packages)" },
	{ "cpanfile-snapshot", "cpanfile.snapshot (Carton's lock; META.json beside it for the "
	                       "project's prerequisites)" },

	/* CI: GitHub Actions */
	{ "github-actions", ".github/workflows/*.yml, *.yaml, action.yml, action.yaml (the actions "
	                    "and reusable workflows used; pinned or not)" },

	/* OS package databases */
	{ "conda-meta", "conda-meta/*.json (the packages installed in a conda environment)" },
	{ "pacman-desc", "var/lib/pacman/local/*/desc (Arch Linux, Manjaro, EndeavourOS: pacman)" },
	{ "portage-vdb", "var/db/pkg/CATEGORY/PF/PF (Gentoo: with CATEGORY, LICENSE, SLOT, "
	                 "repository, RDEPEND beside it)" },
	{ "rpm-db",
	  "var/lib/rpm/rpmdb.sqlite, usr/lib/sysimage/rpm/rpmdb.sqlite (BerkeleyDB and NDB: "
	  "named, not read)" },

	{ "spack-spec", "PREFIX/.spack/spec.json (a Spack-installed package and what it was built "
	                "with)" },

	/* binaries, archives, images, SBOMs */
	{ "archive", "zip, jar, war, ear, whl, egg, tar (.gz, .xz, .zst, .bz2): pom.properties "
	             "(else MANIFEST.MF, else the file name), and members other extractors claim" },
	{ "executable",
	  "ELF, PE and Mach-O executables (by content): hands them to the two below" },
	{ "go-binary", "Go executables (ELF, PE, Mach-O): the embedded build information" },
	{ "rust-cargo-auditable",
	  "Rust executables built with cargo-auditable (.dep-v0 of ELF, PE, Mach-O)" },
};

const char *extractor_describe(const struct extractor *ex)
{
	for (size_t i = 0; i < ARRAY_SIZE(descriptions); i++)
		if (!strcmp(descriptions[i].name, ex->name))
			return descriptions[i].describe;
	return "";
}

/* Claims by content, tried in order (see inventory.h). */
static const struct {
	const struct extractor *ex;
	bool (*head)(const char *head, size_t len);
} head_claims[] = {
	{ &executable_extractor, go_binary_head },
};

const struct extractor *extractor_claim_head(const char *head, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(head_claims); i++)
		if (head_claims[i].head(head, len))
			return head_claims[i].ex;
	return NULL;
}

/* Readers of streams (see inventory.h). */
static const struct {
	const struct extractor *ex;
	extract_stream_fn stream;
} stream_readers[] = {
	{ &archive_extractor, archive_extract_stream },
};

extract_stream_fn extractor_stream(const struct extractor *ex)
{
	for (size_t i = 0; i < ARRAY_SIZE(stream_readers); i++)
		if (stream_readers[i].ex == ex)
			return stream_readers[i].stream;
	return NULL;
}

bool extractor_is_dispatcher(const struct extractor *ex)
{
	return ex == &executable_extractor || ex == &archive_extractor;
}

bool extractor_maps(const struct extractor *ex)
{
	return ex == &executable_extractor || ex == &go_binary_extractor ||
	       ex == &rust_cargo_auditable_extractor;
}

bool extractor_reads_bytes(const struct extractor *ex)
{
	static const struct extractor *const bytes[] = {
		&archive_extractor,
		&executable_extractor,
		&go_binary_extractor,
		&rust_cargo_auditable_extractor,
		&rpm_db_extractor,
		&maven_pom_extractor,
		&gradle_verification_extractor,
		&nuget_packages_config_extractor,
	};

	for (size_t i = 0; i < sizeof(bytes) / sizeof(bytes[0]); i++)
		if (ex == bytes[i])
			return true;
	return false;
}
