/*
 * bomdiff.h: what changed between two inventories (two SBOMs, two trees, an
 * SBOM and a tree), for `vouch sbom diff`, `vouch release check` and the
 * assessment's 1.2.3/1.2.4.
 *
 *     struct bomdiff d = BOMDIFF_INIT;
 *     bomdiff_run(&d, &old_inv, &new_inv);    // both read by inventory_scan()
 *     bomdiff_vulns(&d, &old_inv, &new_inv, db); // optional: introduced and fixed
 *     bomdiff_json(&out, &d, &meta);          // or _markdown, _table
 *     bomdiff_release(&d);
 *
 * Components are matched by their purl without version and without the
 * qualifiers that only say where a package came from: type, namespace, name
 * and the identifying qualifiers (arch, distro, classifier, type). The
 * subject of each side (PKG_ROOT) is left out: it is the product, not one of
 * its components. For each such key, versions present on both sides are the
 * same component (their licences and hashes are compared: a hash that differs
 * at the same version is the red flag); what remains on each side is paired
 * in version order (oldest with oldest) as upgrades or downgrades, the
 * ecosystem's own order deciding (core/version); a pair whose order cannot be
 * told (no comparator, a string that is not a version) is "changed". Left
 * over versions are added or removed.
 *
 * Entries are sorted by kind, then key, then version: the same inputs give
 * the same bytes. Nothing here prints.
 */
#ifndef VOUCH_BOMDIFF_H
#define VOUCH_BOMDIFF_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/inventory/inventory.h"
#include "core/vulndb/db.h"

/* In the order they are reported: the red flag first. */
enum bomdiff_kind {
	BD_HASH,       /* same version, a hash of the same algorithm differs */
	BD_ADDED,      /* only in NEW */
	BD_REMOVED,    /* only in OLD */
	BD_UPGRADED,   /* newer version in NEW */
	BD_DOWNGRADED, /* older version in NEW */
	BD_CHANGED,    /* another version whose order cannot be told */
	BD_LICENSE,    /* the declared licence differs (also listed with its version change) */
	BD_NKINDS,
};

/* "hash_changed", "added", ... (the JSON keys). */
const char *bomdiff_kind_name(enum bomdiff_kind k);

struct bomdiff_entry {
	enum bomdiff_kind kind;
	char *key;       /* the purl without version: "pkg:npm/%40babel/core" */
	char *name;      /* "namespace/name" or "name", for display */
	char *ecosystem; /* OSV ecosystem or NULL */
	char *old_version, *new_version;
	char *old_purl, *new_purl;
	char *old_license, *new_license;
	char *hash_alg, *old_hash, *new_hash; /* BD_HASH */
};

struct bomdiff_vuln {
	char *id;
	char *aliases; /* ", "-joined, or NULL */
	char *package; /* OSV name */
	char *version;
	char *purl;
	const char *level; /* "CRITICAL", ... (static) */
	char *fixed;       /* ", "-joined fixed versions, or NULL */
};

struct bomdiff {
	struct bomdiff_entry *e;
	size_t n, alloc;
	size_t count[BD_NKINDS];
	size_t unchanged; /* components present at the same version on both sides */
	size_t old_total, new_total;
	bool vulns_checked; /* bomdiff_vulns() ran */
	struct bomdiff_vuln *introduced, *fixed;
	size_t nintroduced, nfixed;
	char **notes; /* the scans' notes (ecosystems the database lacks...) */
	size_t nnotes;
	size_t nerrors; /* notes that are errors: the vulnerability comparison is partial */
};

#define BOMDIFF_INIT                                                                               \
	{                                                                                          \
		0                                                                                  \
	}

/* Compares old and new (sorted or not). Returns 0 or a negative error. */
int bomdiff_run(struct bomdiff *out, const struct inventory *old_inv,
                const struct inventory *new_inv);

/*
 * Scans both inventories against db (core/match, the same matching as
 * `vouch scan`) and lists the vulnerabilities NEW has and OLD had not
 * (introduced) and the reverse (fixed). A vulnerability is the same when
 * the package (ecosystem and name) is and its id is the other's id or one of
 * its aliases. VEX and ignore files are not applied: this compares exposure.
 */
int bomdiff_vulns(struct bomdiff *d, const struct inventory *old_inv,
                  const struct inventory *new_inv, struct vulndb *db);

struct bomdiff_meta {
	const char *old_name, *new_name; /* as given on the command line */
	size_t max_rows;                 /* markdown: rows shown open before <details>; 0 = 10 */
};

/* JSON: the shape is documented in docs/cmd/sbom.md ("sbom diff"). */
int bomdiff_json(struct buf *out, const struct bomdiff *d, const struct bomdiff_meta *m);
/* GitHub-flavoured Markdown for a pull-request comment; every input string escaped. */
int bomdiff_markdown(struct buf *out, const struct bomdiff *d, const struct bomdiff_meta *m);
/* Plain text, one line per change; strings are left as they are (the caller escapes). */
void bomdiff_summary(struct buf *out, const struct bomdiff *d);

/* The key of a package (as above), appended to out. */
int bomdiff_key(struct buf *out, const struct pkg *p);

/*
 * Whether an added component was reviewed: one of the purls in reviewed
 * names it (same type, namespace, name and identifying qualifiers; the same
 * version too when the purl has one). A purl that does not parse matches
 * nothing.
 */
bool bomdiff_reviewed(const struct bomdiff_entry *e, const char *const *reviewed, size_t n);

void bomdiff_release(struct bomdiff *d);

#endif
