/*
 * inventory.h: what vouch finds in trees, files and images, and the
 * interface every extractor implements.
 *
 * An extractor turns the bytes of one kind of file (package-lock.json,
 * Cargo.lock, var/lib/dpkg/status, ...) into packages. It is one file in
 * src/core/inventory/ (or a subfolder per ecosystem) declaring a
 * `const struct extractor` and listed in extractors.c. It never prints: it
 * reports problems with extract_error() (the file and line are added) and
 * the run goes on.
 *
 * The inventory collects the packages of every file it reads, merges the
 * ones that are the same (same purl) into one package with several
 * locations, and records every file it read, every file it could not read
 * and why. The command layer renders it (CycloneDX, SPDX) and decides the
 * exit code (inventory.nerrors > 0 means a partial run).
 */
#ifndef VOUCH_INVENTORY_H
#define VOUCH_INVENTORY_H

#include "util/compat.h"
#include "util/buf.h"

#define INVENTORY_MAX_FILE ((size_t)64 << 20) /* default cap on one input file */
/*
 * Cap on a file held whole in memory when it is read from inside an archive
 * or an image layer (an executable's readers need all of it): with the image
 * reader's names (IMAGE_MAX_NAME_BYTES) it keeps a run under 1 GiB. Archives
 * themselves are streamed (extract_stream), never held whole.
 */
#define INVENTORY_MAX_NESTED_FILE ((size_t)256 << 20)
#define INVENTORY_MAX_PACKAGES    2000000 /* cap on extractors' own tables (yarn, pnpm) */
/*
 * The inventory's budget: the bytes it holds (packages with their names,
 * versions, purls, locations, hashes, properties and edges, the files read
 * and the diagnostics), counted as records are added (with 16 bytes of
 * malloc overhead per string and the slots of its indexes) and given back as
 * duplicates are merged. Once past it, extract_add() refuses: the file being
 * read and every later one are named as partial (exit 3), what was recorded
 * stays. The documents written from it take about 2.6 times what it counts
 * (377,000 packages of a requirements.txt fill 128 MiB and give a 330 MiB
 * CycloneDX document, the run peaking at 505 MiB, 811 MiB with SPDX
 * written too): this keeps a run under 1 GiB (bench/memory/).
 * inventory.max_bytes (sbom --inventory-budget) lowers it.
 */
#define INVENTORY_MAX_BYTES ((size_t)128 << 20)
#define INVENTORY_MAX_DIAGS 10000

enum pkg_flags {
	PKG_DIRECT = 1 << 0,     /* a direct dependency of the project (lockfile says so) */
	PKG_TRANSITIVE = 1 << 1, /* reached only through other packages (lockfile says so) */
	PKG_DEV = 1 << 2,        /* development-only (devDependencies, dev groups, ...) */
	PKG_OPTIONAL = 1 << 3,   /* optional dependency */
	PKG_PEER = 1 << 4,       /* npm peer dependency */
	PKG_BUNDLED = 1 << 5,    /* shipped inside another package */
	PKG_LOCAL = 1 << 6, /* a workspace member, link or path dependency: not from a registry */
	PKG_ROOT = 1 << 7,  /* the project itself, the subject of the BOM */
	PKG_UNRESOLVED = 1 << 8, /* version not known offline (e.g. Maven property not defined) */
	/*
	 * The source says nothing of dev, optional, peer or transitive (an
	 * installed manifest): merged with the same package from a source that
	 * does, that source's flags are kept. Not shown in BOMs.
	 */
	PKG_SCOPE_UNKNOWN = 1 << 9,
};

struct pkg_hash {
	char *alg; /* CycloneDX names: "SHA-1", "SHA-256", "SHA-384", "SHA-512", "MD5", "BLAKE2b-256" */
	char *hex; /* lower-case hex */
};

struct pkg_kv {
	char *key;
	char *value;
};

/*
 * Where a package was found: one per file (and line) that names it. path and
 * layer are the inventory's (interned, see inventory_intern): one copy per
 * file however many packages it gives.
 */
struct pkg_loc {
	const char *path; /* as the user will see it: the PATH argument joined with the rel path */
	size_t line;      /* 1-based, 0 when not known */
	const char *extractor; /* the extractor's name (static) */
	const char *layer;     /* container image layer digest, or NULL */
};

struct pkg {
	const char *ecosystem; /* OSV ecosystem ("npm", "PyPI", "Debian:12"...) or NULL; interned */
	const char *purl_type; /* "npm", "pypi", "golang", "cargo", "maven", "deb", ...; static */
	char *namespace; /* npm scope with '@', Maven groupId, Go path prefix, distro; or NULL */
	char *name;
	char *version; /* NULL when not known */
	unsigned flags;
	char *license;             /* SPDX license expression, or NULL */
	struct pkg_kv *qualifiers; /* purl qualifiers (arch, distro, ...) */
	size_t nqualifiers;
	struct pkg_kv *props; /* extra facts, CycloneDX properties ("vouch:marker", ...) */
	size_t nprops;
	struct pkg_hash *hashes;
	size_t nhashes;
	struct pkg_loc *locs;
	size_t nlocs;
	char **deps; /* purls of direct dependencies (edges recorded by the lockfile) */
	size_t ndeps, adeps;
	char *purl; /* computed by the inventory when the package is added */
	size_t alocs, ahashes, aprops, aqualifiers; /* allocated */
	/* private: element -> position sets of the long lists, see inventory.c */
	struct pkg_sets *sets;
	/* private: the bytes this package holds, counted in inv's budget */
	size_t bytes;
	struct inventory *inv;
};

/* A note about one input: an error (the file was not, or not fully, read) or a note. */
enum inv_diag_level {
	INV_NOTE,  /* information, e.g. "pom.xml: version of 'x' is a property not defined here" */
	INV_ERROR, /* input not read, or read in part: makes the run partial (exit 3) */
};

struct inv_diag {
	enum inv_diag_level level;
	char *path;
	size_t line; /* 0 when not known */
	char *msg;
};

/* A file that an extractor read. */
struct inv_file {
	char *path;
	const char *extractor;
	size_t npkgs; /* packages it contributed (before merging) */
	bool partial; /* an error was reported while reading it */
};

struct inventory {
	struct pkg **pkgs;
	size_t npkgs, apkgs;
	struct inv_diag *diags;
	size_t ndiags, adiags;
	size_t nerrors; /* diags with level INV_ERROR */
	/*
	 * Past INVENTORY_MAX_DIAGS diagnostics, the rest are only counted, in
	 * one last diagnostic that says how many (errors still count in
	 * nerrors): a tree of a million bad files must not hold a million
	 * messages.
	 */
	size_t unlisted_errors, unlisted_notes;
	char *scan_path; /* the first path inventory_scan read: that summary's path */
	struct inv_file *files;
	size_t nfiles, afiles;
	/* metadata about the scanned target, set by extractors where known */
	char *distro;        /* "debian-12" from etc/os-release, or NULL */
	char *distro_id;     /* "debian" */
	char *image_digest;  /* container image: its manifest's digest, or NULL */
	char *image_id;      /* container image: its config's digest, or NULL */
	char *image_name;    /* container image: "docker.io/library/debian:12", or NULL */
	char *image_os;      /* container image: "linux/amd64", or NULL */
	char **image_layers; /* container image: layer ids (diff_ids), bottom first */
	size_t nimage_layers;
	/*
	 * The os-release text of the file system being read when its files are
	 * not on disk (a container image): OS package extractors use it instead
	 * of looking beside the file. Set only while image.c reads.
	 */
	char *os_release_text;
	/*
	 * The same for Debian licences: those of the usr/share/doc/NAME/copyright
	 * files of the image's layers (os/dep5.h), read by dpkg-status. Set only
	 * while image.c reads.
	 */
	struct dep5_licenses *deb_licenses;
	/*
	 * Set by the caller before reading (`vouch scan`): a CycloneDX document
	 * read as input locates each package at its evidence.occurrences (where
	 * the BOM's author found it, with the image layer vouch's own writer puts
	 * in additionalContext) instead of at the document's line.
	 */
	bool bom_occurrences;
	/*
	 * The budget (INVENTORY_MAX_BYTES): bytes held now, and the most it may
	 * hold (0: INVENTORY_MAX_BYTES; set before reading, larger values are
	 * clamped to it).
	 */
	size_t bytes, max_bytes;
	/* private: purl -> index, see inventory.c */
	struct inv_index *index;
	/* private: what extractors keep for the whole scan, see extract_cache_get() */
	struct inv_cache *cache;
	size_t ncache;
	/* private: the options of the folder walk in progress, see extract_walk_opts() */
	const struct walk_opts *scan_walk;
	/* private: interned location paths and layers */
	struct inv_pool *pool;
};

#define INVENTORY_INIT                                                                             \
	{                                                                                          \
		0                                                                                  \
	}

struct inventory_opts {
	const char *const *exclude; /* extra walk exclusions (fnmatch patterns) */
	size_t nexclude;
	/*
	 * An extractor name: every file given directly is read with it, and in
	 * folders only the files it claims are read.
	 */
	const char *force_kind;
	size_t max_file;      /* 0 = INVENTORY_MAX_FILE */
	const char *platform; /* container images: "linux/arm64" picks one of several */
	size_t max_names;     /* container images: bytes of names held (0: IMAGE_MAX_NAME_BYTES) */
	size_t max_bytes;     /* the inventory's budget (0: INVENTORY_MAX_BYTES), see there */
	bool one_file_system; /* folders: do not enter another file system (walk.h) */
	/* Optional: called as each folder is entered, with the count of files read so far. */
	void (*progress)(void *arg, const char *folder, size_t files);
	void *progress_arg;
};

/* The force_kind that reads a PATH as a container image (image/image.h). */
#define INVENTORY_KIND_IMAGE "container-image"

/*
 * Reads path: a folder is walked (util/walk.h; ".git" and similar skipped),
 * every file claimed by an extractor is read; a single file is read with the
 * extractor that claims its name, else one whose sniff() recognises its
 * content, else it is an error ("no extractor for 'x'"). Unreadable files,
 * links out of the tree and extractor errors become INV_ERROR diags; the
 * call itself fails only when path cannot be read at all or on limits.
 */
int inventory_scan(struct inventory *inv, const char *path, const struct inventory_opts *opts);

/* Sorts packages by purl (then by name) and their locations, deps, props: deterministic output. */
void inventory_sort(struct inventory *inv);

void inventory_release(struct inventory *inv);

/* The package whose purl is purl (a hash lookup), or NULL. */
const struct pkg *inventory_find(const struct inventory *inv, const char *purl);

/*
 * The one copy of s the inventory keeps (for pkg_loc.path and .layer),
 * valid until inventory_release(); NULL for NULL.
 */
const char *inventory_intern(struct inventory *inv, const char *s);

/* Adds a diag; fmt is the message without path and line. Returns ERR_PARSE for errors. */
int inventory_diag(struct inventory *inv, enum inv_diag_level level, const char *path, size_t line,
                   const char *fmt, ...) VOUCH_PRINTF(5, 6);

/* The interface of one extractor. */
struct extract_ctx;

/* A file's bytes read in order, once: see extractor_stream(). */
struct inv_stream {
	/* up to n bytes into buf: the count, 0 at the end, negative after err_set() */
	ssize_t (*read)(void *arg, void *buf, size_t n);
	void *arg;
	int64_t size; /* the whole file's size when known, else -1 */
	/* optional (a file on disk): lseek's contract; NULL when the stream cannot seek */
	int64_t (*seek)(void *arg, int64_t off, int whence);
};

struct extractor {
	const char
	        *name; /* stable id, e.g. "npm-package-lock"; shown as evidence, used by --type */
	const char *ecosystem; /* OSV ecosystem of what it finds, or NULL */
	/* Claims a file by its path relative to the walk root and its name. No I/O. */
	bool (*match)(const char *rel, const char *name);
	/* Optional: recognises content, for files given directly whose name is unusual. */
	bool (*sniff)(const char *data, size_t len);
	/*
	 * Extracts packages from data (len bytes, NUL-terminated). Returns 0, or a
	 * negative code after extract_error() when the file could not be read in
	 * full; packages already added are kept.
	 */
	int (*extract)(struct extract_ctx *ctx, const char *data, size_t len);
	size_t max_size; /* 0 = the inventory's cap (for reads into memory) */
};

/*
 * Claims by content: the extractor that reads a file whose name no match()
 * claims, judged by its first bytes (head, at most INVENTORY_HEAD_LEN):
 * executables (ELF, PE, Mach-O). Kept as a table in extractors.c, apart
 * from struct extractor, whose positional initialisers must not change. In
 * a walk only executable regular files are asked about (one open() each).
 */
#define INVENTORY_HEAD_LEN 512
const struct extractor *extractor_claim_head(const char *head, size_t len);
/*
 * True for an extractor that only hands data on to others
 * (inventory_read_as): it is not recorded as an input unless it fails.
 */
bool extractor_is_dispatcher(const struct extractor *ex);
/*
 * True for an extractor given its file's bytes as they are: binaries,
 * archives, databases and XML (libxml2 reads the encoding the document
 * declares). Every other extractor reads text: a byte-order mark is dropped
 * and UTF-16 or UTF-32 with a BOM is decoded to UTF-8 before it is called.
 */
bool extractor_reads_bytes(const struct extractor *ex);
/*
 * True for an extractor that reads a file on disk through a read-only
 * mapping, not a copy in memory (executables: a Go program can pass 700 MB,
 * and its build information is a few pages of it). Its data is then not
 * NUL-terminated, and its max_size may pass the inventory's cap.
 */
bool extractor_maps(const struct extractor *ex);
/*
 * The extractor's reader of streams, or NULL: it reads the file in one pass
 * instead of from memory, so that the file's size does not bound what it
 * may be (archives). Every reader that has a stream (a file on disk, an image
 * layer, an archive member) prefers it. Same return as extract(). Kept as a
 * table in extractors.c, like extractor_claim_head().
 */
typedef int (*extract_stream_fn)(struct extract_ctx *ctx, struct inv_stream *in);
extract_stream_fn extractor_stream(const struct extractor *ex);

/* The table of extractors, in the order they are tried (extractors.c). */
const struct extractor *const *extractors_list(size_t *n);
const struct extractor *extractor_find(const char *name);
/*
 * What files an extractor reads, for `vouch sbom --list-types`
 * ("package-lock.json, npm-shrinkwrap.json"): from the table of
 * descriptions in extractors.c (kept apart from struct extractor so that
 * its layout does not change). "" when none is listed.
 */
const char *extractor_describe(const struct extractor *ex);

/* The context an extractor works in. */
const char *extract_path(const struct extract_ctx *ctx); /* as displayed */
const char *extract_rel(const struct extract_ctx *ctx);  /* relative to the walk root */
/*
 * The file opened, or NULL for data not from a file on disk: for a file
 * reached through a symbolic link, the link's target resolved (no links),
 * where extract_path() shows the link.
 */
const char *extract_fs_path(const struct extract_ctx *ctx);
struct inventory *extract_inventory(struct extract_ctx *ctx);
const char *extract_layer(const struct extract_ctx *ctx); /* image layer, or NULL */
/*
 * The data extract() was given, writable, when it is the inventory's own
 * copy (a file read from disk, or text decoded from UTF-16 or UTF-32): an
 * extractor may parse it in place (util/jsonr.h jr_parse_inplace()). NULL
 * when it is not (data handed in by inventory_read_data's caller, a mapped
 * file). Valid during extract() only.
 */
char *extract_data_mut(struct extract_ctx *ctx);

/*
 * Adds a package found in this file at line (0 if unknown). ecosystem is the
 * OSV name or NULL; purl_type is required; namespace and version may be NULL.
 * The strings are copied. The package can be completed (flags, hashes,
 * license, qualifiers, props, deps) until the extractor returns; it is
 * merged into the inventory afterwards. Returns NULL (and sets ERR_TOOBIG)
 * only when the inventory's budget (INVENTORY_MAX_BYTES) is spent: the
 * extractor should stop (return err_code()); the file is reported partial
 * even if it does not.
 */
struct pkg *extract_add(struct extract_ctx *ctx, const char *ecosystem, const char *purl_type,
                        const char *namespace, const char *name, const char *version, size_t line);

void pkg_set_license(struct pkg *p, const char *spdx_expression);
void pkg_add_hash(struct pkg *p, const char *alg, const char *hex);
void pkg_add_qualifier(struct pkg *p, const char *key, const char *value);
void pkg_add_prop(struct pkg *p, const char *key, const char *value);
/*
 * Records an edge from p to a package known only by its purl (read from
 * another file: site-packages). Like every add above, a no-op when present.
 */
void pkg_add_dep_purl(struct pkg *p, const char *purl);
/* Records that from depends on to (both added by this extractor, to complete enough to have its purl). */
void extract_edge(struct extract_ctx *ctx, struct pkg *from, struct pkg *to);

/*
 * Converts an integrity string to a CycloneDX hash: SRI ("sha512-BASE64"),
 * "sha256:HEX", "sha1-..." and bare hex of a known length. Returns false when
 * it is not one of those.
 */
bool pkg_add_integrity(struct pkg *p, const char *integrity);

/*
 * Reports a problem with this file at line (0 if unknown): becomes an
 * INV_ERROR diag "PATH:LINE: message" and marks the file partial. Returns
 * ERR_PARSE so that `return extract_error(...)` reads well.
 */
int extract_error(struct extract_ctx *ctx, size_t line, const char *fmt, ...) VOUCH_PRINTF(3, 4);
/* The same as an INV_NOTE: something worth telling that does not make the run partial. */
void extract_note(struct extract_ctx *ctx, size_t line, const char *fmt, ...) VOUCH_PRINTF(3, 4);

/*
 * Reads a file named relative to the current file's folder ("go.sum",
 * "requirements/base.txt") into out, capped like any input. The resolved
 * file must lie inside the scanned tree (no absolute paths, no escaping with
 * "..", no links out): ERR_USAGE otherwise, ERR_NOTFOUND when absent.
 * *display_out, when not NULL, receives the path as the user sees it (free it).
 */
int extract_read_relative(struct extract_ctx *ctx, const char *relpath, struct buf *out,
                          char **display_out);

/*
 * The folder on disk whose tree is being scanned, or NULL when the file was
 * given alone or is not on disk: for extractors that look for other files
 * of the tree by their content (Maven finds parent POMs and imported BOMs
 * by coordinates). Files found there are read with extract_read_relative().
 */
const char *extract_root(const struct extract_ctx *ctx);

/*
 * The options of the walk of extract_root() (exclusions, --one-file-system),
 * for an extractor that walks that tree again; NULL outside a folder walk.
 */
struct walk_opts;
const struct walk_opts *extract_walk_opts(const struct extract_ctx *ctx);

/*
 * What an extractor keeps for the rest of the scan (an index of the tree),
 * under key: extract_cache_get() returns it or NULL; extract_cache_set()
 * hands value over, freed with free_fn when the inventory is released.
 */
void *extract_cache_get(struct extract_ctx *ctx, const char *key);
void extract_cache_set(struct extract_ctx *ctx, const char *key, void *value,
                       void (*free_fn)(void *));

/*
 * Reads data that is not a file on disk (an archive member, a file in an
 * image layer) as if it were the file rel: the extractor that claims rel's
 * name reads it. display is what the user sees ("app.jar!/META-INF/..."),
 * layer the image layer or NULL. Returns 0 when no extractor claims it.
 */
int inventory_read_data(struct inventory *inv, const char *display, const char *rel,
                        const char *data, size_t len, const char *layer);

/* True when an extractor claims the name rel (no I/O): archives read only such members. */
bool inventory_claims(const char *rel);
/* The extractor that claims the name rel, or NULL. */
const struct extractor *inventory_claim(const char *rel);

/*
 * True for a Windows program's name (.exe, .dll, any case): read as an
 * executable even without an x bit, which files copied from Windows lack.
 */
bool inventory_windows_program(const char *name);

/* The same with a given extractor (for --type, nested formats and tests). */
int inventory_read_as(struct inventory *inv, const struct extractor *ex, const char *display,
                      const char *rel, const char *data, size_t len, const char *layer);
/* The same from a stream, for an extractor with a stream reader (extractor_stream). */
int inventory_read_stream(struct inventory *inv, const struct extractor *ex, const char *display,
                          const char *rel, struct inv_stream *in, const char *layer);

#endif
