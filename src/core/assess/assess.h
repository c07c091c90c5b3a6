/*
 * assess.h: the self-assessment against the Code of Practice.
 *
 *     struct assess_config cfg = ASSESS_CONFIG_INIT;
 *     struct assessment a = ASSESSMENT_INIT;
 *     assess_config_load(&cfg, "vouch.toml");     // "vouch.toml:LINE: what" on error
 *     assess_run(&a, &cfg, &opts);                // collectors + declared claims
 *     assess_render_json(&out, &a);               // or _markdown, _html, _oscal
 *
 * Every one of the 45 claims gets a status (met, not_met, not_applicable,
 * unknown), an argument, evidence items and, unless met or not applicable,
 * the gap and what would close it. docs/internals/assess.md explains the
 * collectors and the precedence of declared over automated evidence.
 * Nothing here prints; problems with inputs are collected in a.warnings.
 */
#ifndef VOUCH_ASSESS_H
#define VOUCH_ASSESS_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/assess/code.h"

#define ASSESS_REVIEW_MAX_DAYS 365 /* a declared claim reviewed longer ago is stale */
#define ASSESS_DB_MAX_AGE_DAYS 7   /* 3.3.1: the vulnerability database must be this fresh */
#define ASSESS_LOG_MAX_AGE_DAYS                                                                    \
	30 /* 2.2.2: the latest checkpoint must cover a snapshot this recent */
#define ASSESS_LOG_MAX_SCAN 100000 /* 2.2.x: entries of the log read for snapshots */
#define ASSESS_WARN_DAYS    90     /* 4.2.1: warn this long before a notice falls due */
#define ASSESS_MAX_LIST     20     /* names listed in one argument before "and N more" */

enum assess_status { ST_UNKNOWN, ST_MET, ST_NOT_MET, ST_NA };
const char *assess_status_name(enum assess_status s); /* "met", "not_met", ... */
int assess_status_parse(enum assess_status *out, const char *s);

enum assess_role { ROLE_DEV_DIST, ROLE_RESELLER, ROLE_DEVELOPER };
const char *assess_role_name(enum assess_role r);

/* Dates are days since 1970-01-01; -1 when absent. */
struct assess_release {
	char *version;
	int64_t released, end_of_support, notice_published;
	char *notice_url;
	unsigned line;
	/* vouch lifecycle (endoflife.date's cycle fields): end of active support, -1 when absent */
	int64_t eoas;
	bool lts;         /* a long-term-support release */
	int64_t lts_from; /* the day it became LTS (lts = DATE), -1 when lts is true or absent */
	char *latest;     /* the latest version of the cycle, or NULL */
};

struct assess_product {
	char *name;
	char *path;    /* resolved against the config's folder */
	char *version; /* [[product]] version, the version assessed, or NULL */
	char *commit;  /* the VCS commit assessed (from .git when present), or NULL */
	struct assess_release *releases;
	size_t nreleases;
};

/* A vendor's acceptance of the risk of a claim observed as not met. */
struct assess_acceptance {
	char *reason;
	char *owner;
	int64_t expires; /* days since 1970 */
	bool expired;    /* expires is before the assessment's date: itself a gap */
};

struct assess_declared {
	char *id;
	enum assess_status status;
	char *argument;
	char **evidence; /* paths as written */
	size_t nevidence;
	char *owner;
	int64_t reviewed;
	int64_t due;                          /* when an open gap is to be closed, -1 when absent */
	struct assess_acceptance *acceptance; /* risk_accepted, or NULL */
	unsigned line;
};

/* The severities [fix_targets] names, most severe first, and a NULL. */
#define ASSESS_SEVERITIES_LIST                                                                     \
	{                                                                                          \
		"critical", "high", "medium", "low", "unknown", NULL                               \
	}

struct assess_config {
	char *file; /* the vouch.toml read, or NULL when none */
	char *base; /* folder relative paths are resolved against */
	char *org_name;
	enum assess_role role;
	bool theme3[6]; /* developer role: principles 3.1..3.5 declared in scope ([1]..[5]) */
	char *sro_name, *sro_title;
	char *sro_statement; /* [sro] statement: the SRO's own words, or NULL */
	int64_t sro_appointed;
	struct assess_product *products;
	size_t nproducts;
	char *security_txt, *policy_url;
	/* [evidence] */
	char *log_dir, *public_key, *releases_dir, *db;
	char **junit, **vex;
	size_t njunit, nvex;
	char **provenance; /* [evidence] provenance: DSSE envelopes of the release */
	size_t nprovenance;
	int64_t log_retention_days; /* [evidence] log_retention_days, the agreed period; -1 */
	/* [evidence] sarif: SARIF logs (glob patterns, resolved against the file's folder) */
	char **sarif;
	size_t nsarif;
	int sarif_level; /* [evidence] sarif_level: enum sarif_level; 0 means the default (warning) */
	char *secrets_baseline; /* [evidence] secrets_baseline: `vouch secrets` baseline */
	/* [harden]: binaries to check besides the release folder, and the policy */
	char **harden_paths;
	size_t nharden_paths;
	char *harden_require; /* comma-separated requirement names, or NULL for the default */
	/*
	 * [fix_targets]: days within which an open finding of each severity
	 * should be fixed (ASSESS_SEVERITIES_LIST order); 0 where not given. Kept in
	 * the JSON for `vouch serve`'s deadlines.
	 */
	int64_t fix_target_days[5];
	struct assess_declared *claims;
	size_t nclaims;
	/*
	 * [release]: the policy of `vouch release check` (docs/cmd/release.md)
	 * and the previous release's SBOM for 1.2.3/1.2.4. Unset flags and
	 * numbers (-1) leave their rule skipped.
	 */
	struct assess_release_policy {
		bool present;            /* the table is in vouch.toml */
		char *fail_on;           /* a severity ("high"), or NULL */
		bool require_tests;      /* JUnit results of [evidence] junit, none failed */
		int64_t max_skipped;     /* -1: any number (but not all) */
		bool require_signed;     /* every artefact of [evidence] releases signed */
		bool require_provenance; /* [evidence] provenance verifies */
		bool require_sbom;       /* an SBOM for the release, fully read */
		char *sbom;              /* the release's SBOM, or NULL: the product tree */
		bool security_txt;       /* [disclosure] security_txt valid, not expiring soon */
		int64_t expires_margin_days; /* 30 when not given */
		bool notice;                 /* the 4.2.1 one-year rule */
		int64_t max_new_components;  /* -1: not checked */
		char *previous_sbom;         /* the previous release's SBOM, or NULL */
		char **reviewed;             /* purls of components reviewed (no version: any) */
		size_t nreviewed;
	} release;
	/* [lifecycle] (vouch lifecycle; docs/cmd/lifecycle.md) */
	int64_t warn_days; /* warn this long before a notice falls due; -1: ASSESS_WARN_DAYS */
	char *notices_dir; /* the notice files, resolved; NULL: BASE/lifecycle/notices */
	char *lifecycle_url; /* where the lifecycle page is published (the feed's alternate), or NULL */
	char *feed_url;      /* where the Atom feed is published (its self link), or NULL */
	char *lifecycle_output; /* [lifecycle] output, resolved, or NULL */
	/* [incident] (vouch incident; docs/cmd/incident.md) */
	int64_t notify_within_hours; /* the policy's limit from detection to first notice; -1 */
	char *incidents_dir;         /* resolved; NULL: BASE/incidents */
};
#define ASSESS_CONFIG_INIT                                                                         \
	{                                                                                          \
		0                                                                                  \
	}

/*
 * Reads a vouch.toml. Errors (ERR_PARSE) are "FILE:LINE: what". Paths are
 * resolved against the file's folder. Declared claims must name one of the
 * 45 claims, once.
 */
int assess_config_load(struct assess_config *out, const char *path);
/* The same from memory (len bytes); path names it and gives the base folder. */
int assess_config_parse(struct assess_config *out, const char *data, size_t len, const char *path);
/* The defaults when there is no vouch.toml: one product at path, named after it. */
void assess_config_default(struct assess_config *out, const char *path);
void assess_config_release(struct assess_config *c);
/*
 * The commit id (40 or 64 hex digits) the git work tree holding path is at,
 * read from .git (HEAD, loose refs, packed-refs; a linked work tree's .git
 * file) without running git. *out is NULL when there is none. Returns 0.
 */
int assess_git_commit(char **out, const char *path);

struct assess_evidence {
	char *path;      /* a file, relative to the product folder, or NULL */
	char *uri;       /* or a URL, or NULL */
	char sha256[65]; /* "" when not a file */
	const char *collector;
	int64_t collected; /* seconds since 1970: when it was read (not the report's time) */
};

/*
 * What a claim's status rests on: a check vouch ran (observed), the vendor's
 * word with hashed evidence (declared), the organisation's role (role), or
 * nothing at all (none: the claim is unknown).
 */
enum assess_basis { BASIS_NONE, BASIS_OBSERVED, BASIS_DECLARED, BASIS_ROLE };
const char *assess_basis_name(enum assess_basis b); /* "none", "observed", ... */

/* Who closes a gap: engineering (a fix vouch can observe) or governance (a declaration). */
enum assess_gap_kind { GAP_NONE, GAP_ENGINEERING, GAP_GOVERNANCE };
const char *assess_gap_kind_name(enum assess_gap_kind k); /* "none", "engineering", ... */

struct assess_result {
	const struct cop_claim *claim;
	enum assess_status status;
	struct buf argument;
	struct buf gap; /* what is missing and how to close it; empty when met/NA */
	struct assess_evidence *evidence;
	size_t nevidence;
	bool declared;
	const char *source; /* "automated", "declared", "automated+declared", "none", "role" */
	enum assess_basis basis;
	enum assess_gap_kind gap_kind;
	const char *owner; /* who closes the gap (the declared owner), or NULL */
	int64_t due;       /* days since 1970 by which the gap is to close, -1 when none */
	const struct assess_acceptance *acceptance; /* a risk accepted on a not_met claim */
	const char *previous; /* the status in the last saved assessment, or NULL */
};

struct assess_principle_result {
	const struct cop_principle *principle;
	enum assess_status status;
};

struct assessment {
	int64_t now;
	char generated[32];
	struct assess_result claims[COP_NCLAIMS];
	struct assess_principle_result principles[COP_NPRINCIPLES];
	const struct assess_config *cfg;
	const char *tool_version; /* set by the caller, for the reports */
	int64_t db_age_days;      /* -1 when no database */
	char *previous_file;      /* the last saved assessment compared with, or NULL */
	char *previous_time;
	struct buf warnings; /* one line each: inputs that could not be read */
	char **components;   /* purls of the third-party components, sorted (kept in the JSON) */
	size_t ncomponents;
	bool partial;
	/* Set by the caller when the report is signed (vouch assess --sign), else NULL. */
	const char *signer_keyid;   /* the minisign key id, 16 upper-case hex digits */
	const char *signature_file; /* the signature's file name, beside the report */
	/*
	 * The effective notice day of each release of products[0] (vouch.toml's
	 * or a notice file's, as lifecycle_statuses() judges it), -1 when none;
	 * set by the lifecycle collector, kept in the JSON for the server.
	 */
	int64_t *release_notice;
};
#define ASSESSMENT_INIT                                                                            \
	{                                                                                          \
		0                                                                                  \
	}

struct assess_opts {
	const char *db;  /* overrides the config's */
	int64_t now;     /* seconds since 1970 */
	bool fixed_time; /* now is SOURCE_DATE_EPOCH: evidence is stamped with it, not the clock */
};

/* Runs every collector and combines declared claims. Fails only on out-of-memory-like errors. */
int assess_run(struct assessment *out, const struct assess_config *cfg,
               const struct assess_opts *opts);
/* Compares with a previous JSON assessment (sets each claim's previous status). */
int assess_compare(struct assessment *a, const char *previous_json);
/* Counts of applicable claims by status. */
void assess_counts(const struct assessment *a, size_t out[4]);
void assessment_release(struct assessment *a);

int assess_render_json(struct buf *out, const struct assessment *a);
int assess_render_markdown(struct buf *out, const struct assessment *a);
int assess_render_html(struct buf *out, const struct assessment *a);
int assess_render_oscal(struct buf *out, const struct assessment *a);

/*
 * 4.2.1: the last day notice of an end of support on day eos may be given:
 * the same date a calendar year before; 29 February gives 28 February.
 */
int64_t assess_notice_due(int64_t eos);
/*
 * The one-year notice rule, as 4.2.1, `vouch lifecycle check` and `vouch
 * release check` apply it to
 * a release with end of support eos (-1: none) and notice given on day
 * notice (-1: none yet), on day today. *out_due gets the last day notice may
 * be given (assess_notice_due), or -1 without eos.
 */
enum assess_notice_state {
	NOTICE_NO_EOS,   /* no end-of-support date: nothing to check */
	NOTICE_ON_TIME,  /* notice given by the day it was due */
	NOTICE_LATE,     /* notice given, but after the day it was due */
	NOTICE_OVERDUE,  /* no notice and the day it was due has passed */
	NOTICE_DUE_SOON, /* no notice yet, due within warn_days */
	NOTICE_PENDING,  /* no notice yet, due later */
};
enum assess_notice_state assess_notice_judge(int64_t *out_due, int64_t eos, int64_t notice,
                                             int64_t today, int64_t warn_days);

/* Days since 1970 of a proleptic Gregorian date, and back. */
int64_t assess_days(int y, int m, int d);
void assess_date_text(char out[16], int64_t days);

#endif
