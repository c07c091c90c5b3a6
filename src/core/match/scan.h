/*
 * scan.h: packages in, findings out.
 *
 *     struct scan sc = SCAN_INIT;
 *     scan_add_inventory(&sc, &inv);  // trees, lockfiles, images and SBOMs alike
 *     scan_run(&sc, db);            // one indexed lookup per package
 *     scan_apply_vex(&sc, &vex);    // optional
 *     ... sc.findings, sc.pkgs ...
 *     scan_release(&sc);
 *
 * A finding is one (package, vulnerability) pair: advisories that name each
 * other or share an alias (CVE, GHSA, PYSEC, GO, RUSTSEC ids) are one
 * vulnerability, whichever databases they came from. Each finding carries
 * the matched affected entries and why they match, the severity (from the
 * CVSS vectors, scored by core/vulndb/cvss, else the advisory's own label),
 * the fixed versions, and the package's locations.
 */
#ifndef VOUCH_SCAN_H
#define VOUCH_SCAN_H

#include "util/compat.h"
#include "core/vulndb/cvss.h"
#include "core/vulndb/db.h"
#include "core/inventory/inventory.h"

#include <jansson.h>

struct scan_loc {
	char *path;
	size_t line;
	char *layer; /* the container image layer that added the package, or NULL */
};

struct scan_pkg {
	char *ecosystem; /* OSV ecosystem, with release suffix where known ("Debian:12") */
	char *name;      /* OSV package name ("@scope/x", "group:artifact", "golang.org/x/net") */
	char *version;
	char *purl;
	struct scan_loc *locs;
	size_t nlocs, alocs;
	char *upgrade;     /* the smallest fixed version clearing all its findings, or NULL */
	bool upgrade_none; /* findings exist but no fixed version clears them all */
};

enum vex_status {
	VEX_NONE = 0,
	VEX_NOT_AFFECTED,
	VEX_AFFECTED,
	VEX_FIXED,
	VEX_UNDER_INVESTIGATION,
};

struct scan_match {
	char *advisory;  /* OSV id */
	int index;       /* affected[] index */
	char *ecosystem; /* of the affected entry */
	char *why;       /* "in range 0 (ECOSYSTEM): introduced 0, fixed 1.2.3" */
};

struct finding {
	size_t pkg;     /* index into scan.pkgs */
	char *id;       /* the vulnerability's id shown (one advisory of the group) */
	char **aliases; /* every other id and alias of the group, sorted */
	size_t naliases;
	char *summary;
	char *url; /* an advisory or web reference, or NULL */
	enum cvss_severity level;
	int score10;        /* -1 when no vector could be scored */
	char *vector;       /* the vector the score comes from, or NULL */
	char *level_source; /* "cvss" or "label" or "none" */
	/* the advisory the severity was borrowed from (one naming the finding's id or an alias,
	 * when the finding's own advisories carry none, as Go's never do), or NULL */
	char *level_from;
	char **fixed; /* fixed versions of the matched entries */
	size_t nfixed;
	struct scan_match *matches;
	size_t nmatches;
	enum vex_status vex;
	char *vex_justification;
	char *vex_statement;
	char *vex_source;
	bool suppressed;     /* not_affected or fixed by VEX, or an ignore entry */
	char *ignore_reason; /* the ignore entry that suppresses it (core/match/ignore.h) */
	char *ignore_source; /* "FILE:LINE" */
	char *ignore_expires;
};

struct scan_note {
	char *msg;
	bool error; /* an input not read: the run is partial */
};

struct scan {
	struct scan_pkg *pkgs;
	size_t npkgs, apkgs;
	struct finding *findings;
	size_t nfindings, afindings;
	struct scan_note *notes;
	size_t nnotes, anotes;
	size_t nerrors;
	size_t git_ranges, unordered, bad_events; /* summed match notes */
	size_t gha_refs; /* ranges of actions used at a commit, branch or moving tag */
	/* packages not looked up: the database has no advisory of their ecosystem (each such
	 * ecosystem is an error note, so the run is partial, never clean) */
	size_t unchecked;
	/* components past their end of life or ending within a year (scan_run_eol, eol.c) */
	struct scan_eol *eol;
	size_t neol;
};

/* A component whose release cycle has ended or ends within SCAN_EOL_WARN_DAYS. */
#define SCAN_EOL_WARN_DAYS 365
struct scan_eol {
	size_t pkg;    /* index into scan.pkgs */
	char *product; /* endoflife.date's product: "python" */
	char *cycle;   /* "3.8" */
	char *eol;     /* the end-of-life date, or NULL when only "ended" is known */
	char *latest;  /* the cycle's latest version, or NULL */
	bool ended;    /* the end of life has passed */
	int64_t days;  /* days until the end of life (negative: since), 0 without a date */
};

#define SCAN_INIT                                                                                  \
	{                                                                                          \
		0                                                                                  \
	}

/* Adds one package (strings copied). loc may be NULL. */
struct scan_pkg *scan_add_pkg(struct scan *sc, const char *ecosystem, const char *name,
                              const char *version, const char *purl);
void scan_pkg_add_loc(struct scan_pkg *p, const char *path, size_t line);
/* The same for a package found in a container image layer (layer may be NULL). */
void scan_pkg_add_loc_layer(struct scan_pkg *p, const char *path, size_t line, const char *layer);

/*
 * The OSV ecosystem, package name and version of a purl string
 * (purl_osv_package() in formats/purl.h says which types). *eco and *name
 * are new strings; ERR_UNSUPPORTED for other types.
 */
int scan_purl_package(char **eco, char **name, char **version, const char *purl);

/*
 * Adds the packages of an inventory (vouch sbom's view of a tree, or of an
 * SBOM given as input: read with inventory.bom_occurrences so that the
 * original tool's occurrences and image layers are the locations). The root
 * of a tree is left out; the subject of an SBOM is matched. Packages without
 * a version or a purl vouch can match are noted; the inventory's diags
 * become notes (its errors make the scan partial).
 */
int scan_add_inventory(struct scan *sc, const struct inventory *inv);

/*
 * Matches every package against the database and fills findings. Packages
 * of an ecosystem the database holds no advisory of are not looked up but
 * counted in unchecked, with one error note per ecosystem.
 */
int scan_run(struct scan *sc, struct vulndb *db);

void scan_note(struct scan *sc, bool error, const char *fmt, ...) VOUCH_PRINTF(3, 4);

/*
 * Whether the purl product names the package: same type, namespace and name,
 * and the same version when product has one (VEX products, ignore entries).
 */
bool scan_purl_names(const char *product, const struct scan_pkg *pkg);
/* Whether id is the finding's id or one of its aliases. */
bool finding_has_id(const struct finding *f, const char *id);

/* Drops the findings without a fixed version (`scan --only-fixed`); returns how many. */
size_t scan_drop_unfixed(struct scan *sc);

/*
 * Looks up each package's release cycle in the database's end-of-life data
 * (vulndb_eol_find) and keeps those past their end of life or ending within
 * SCAN_EOL_WARN_DAYS of day today (days since 1970), ordered by package.
 * Needs no advisory; a database without end-of-life data adds nothing.
 */
int scan_run_eol(struct scan *sc, struct vulndb *db, int64_t today);
void scan_release(struct scan *sc);

const char *vex_status_name(enum vex_status s);

#endif
