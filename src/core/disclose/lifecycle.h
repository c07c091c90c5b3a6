/*
 * lifecycle.h: support periods and end-of-support notices (vouch lifecycle).
 *
 * The releases and their dates are the [[product.release]] tables of
 * vouch.toml (struct assess_config). A notice of end of support is one TOML
 * file in the product repository, by default lifecycle/notices/
 * PRODUCT-RELEASE.toml ([lifecycle] notices changes the folder), written by
 * `vouch lifecycle notice` and read back by `publish`, `check` and the
 * assessment:
 *
 *     id = "urn:uuid:..."               # the Atom entry id, stable
 *     product = "lantern"
 *     release = "1.x"
 *     end_of_support = 2027-03-31
 *     published = 2026-08-13            # when customers were told
 *     channel = "web"                   # how: web, email, ...
 *     url = "https://lantern.example/lifecycle"   # where it is published (optional)
 *     title = "..."
 *     text = """..."""                   # the notice itself
 *
 * Limits: LIFECYCLE_MAX_NOTICES files in the folder, LIFECYCLE_MAX_NOTICE_SIZE
 * bytes each; a file over them or malformed is named ("FILE:LINE: what") in
 * the warnings and skipped. docs/cmd/lifecycle.md has the user's view.
 */
#ifndef VOUCH_DISCLOSE_LIFECYCLE_H
#define VOUCH_DISCLOSE_LIFECYCLE_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/assess/assess.h"

#define LIFECYCLE_MAX_NOTICES     10000
#define LIFECYCLE_MAX_NOTICE_SIZE ((size_t)256 << 10)
#define LIFECYCLE_NOTICE_SCHEMA   "vouch-lifecycle-notice/1" /* the build-log record */

struct lifecycle_notice {
	char *path; /* the file it was read from, or NULL when not yet written */
	char *id, *product, *release, *channel, *url, *title, *text;
	int64_t end_of_support, published; /* days since 1970; -1 when absent */
	bool from_log; /* a build-log record (path is "LOG#INDEX"), not a file */
};

struct lifecycle_notices {
	struct lifecycle_notice *v; /* sorted by published, then product and release */
	size_t n;
};
#define LIFECYCLE_NOTICES_INIT                                                                     \
	{                                                                                          \
		NULL, 0                                                                            \
	}

/* The notices folder of cfg, to free: [lifecycle] notices or BASE/lifecycle/notices. */
char *lifecycle_notices_dir(const struct assess_config *cfg);

/*
 * Reads every *.toml in dir (a missing folder is no notice). A file that
 * cannot be read or is malformed is one line "FILE:LINE: what" in warnings
 * and is skipped. Returns 0, or ERR_IO when the folder cannot be listed.
 */
int lifecycle_notices_load(struct lifecycle_notices *out, const char *dir, struct buf *warnings);
void lifecycle_notices_release(struct lifecycle_notices *l);
/* Parses one notice file's len bytes named name (ERR_PARSE/ERR_TOOBIG "NAME:LINE: what"). */
int lifecycle_notice_parse(struct lifecycle_notice *out, const char *data, size_t len,
                           const char *name);
/*
 * Adds the notices recorded in the build log in log_dir (entries of schema
 * LIFECYCLE_NOTICE_SCHEMA, the first max_scan entries) to *out, keeping it
 * sorted; *out_publishes gets the number of lifecycle-publish records. A
 * missing log adds nothing; a log that cannot be read is ERR_IO/ERR_VERIFY.
 */
int lifecycle_notices_from_log(struct lifecycle_notices *out, size_t *out_publishes,
                               const char *log_dir, uint64_t max_scan);
void lifecycle_notice_release(struct lifecycle_notice *n);

/* The earliest notice of the release, or NULL. */
const struct lifecycle_notice *lifecycle_notice_find(const struct lifecycle_notices *l,
                                                     const char *product, const char *release);

/*
 * Drafts the notice of release r of product p, published on day `published`
 * through channel (e.g. "web") at url (or NULL): what ends and when, what
 * customers should do (move to the supported release that lasts longest),
 * and the risk of staying. Fills every field but path. ERR_USAGE when the
 * release has no end_of_support.
 */
int lifecycle_notice_draft(struct lifecycle_notice *out, const struct assess_config *cfg,
                           const struct assess_product *p, const struct assess_release *r,
                           int64_t published, const char *channel, const char *url);

/* The notice as the TOML file described above. */
void lifecycle_notice_toml(struct buf *out, const struct lifecycle_notice *n);
/* Its file name: PRODUCT-RELEASE.toml, characters outside [A-Za-z0-9._+-] as '_'; to free. */
char *lifecycle_notice_file_name(const char *product, const char *release);
/*
 * The build-log record of the notice (one JSON object: schema
 * LIFECYCLE_NOTICE_SCHEMA, "type": "lifecycle-notice", product, release,
 * end_of_support, published, channel, url, file and its sha256).
 */
void lifecycle_notice_record(struct buf *out, const struct lifecycle_notice *n, const char *file,
                             const char *sha256_hex);

/*
 * The published documents, deterministic for the same input and day
 * `today` (days since 1970): the Atom feed of the notices (RFC 4287) and
 * the human page (HTML, no external resources). generated is the time
 * the feed is dated when it has no entry (RFC 3339).
 */
void lifecycle_render_atom(struct buf *out, const struct assess_config *cfg,
                           const struct lifecycle_notices *l, const char *generated);
void lifecycle_render_html(struct buf *out, const struct assess_config *cfg,
                           const struct lifecycle_notices *l, int64_t today);

/* One release's standing for `vouch lifecycle check` and the page. */
struct lifecycle_status {
	const struct assess_product *product;
	const struct assess_release *release;
	enum assess_notice_state state; /* assess_notice_judge() on the effective notice */
	int64_t due;                    /* the last day notice may be given, or -1 */
	int64_t notice;                 /* the effective notice day, or -1 */
	bool recorded;                  /* the notice day comes from a notice file */
	bool ended;                     /* end of support is before today */
};
/*
 * The standing of every release of cfg on day today: the notice day is the
 * earlier of its notice file's and vouch.toml's notice_published. *out is
 * an array of *n entries, to free.
 */
void lifecycle_statuses(struct lifecycle_status **out, size_t *n, const struct assess_config *cfg,
                        const struct lifecycle_notices *l, int64_t today);
/* A date YYYY-MM-DD that exists, as days since 1970: 0, or -1 when s is not one. */
int lifecycle_parse_day(int64_t *out, const char *s);
/* warn_days of cfg, or ASSESS_WARN_DAYS. */
int64_t lifecycle_warn_days(const struct assess_config *cfg);

#endif
