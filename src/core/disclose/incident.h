/*
 * incident.h: incident records, one TOML file per incident (vouch incident).
 *
 * The records live in the product repository, by default incidents/ID.toml
 * ([incident] dir changes the folder):
 *
 *     id = "INC-2026-001"
 *     title = "Leaked API token in a public build log"
 *     detected = 2026-10-02T09:14:00Z      # an offset date-time: a zone is required
 *     severity = "high"                     # low, medium, high or critical
 *     status = "open"                       # open, contained or closed
 *     customers_affected = 12               # optional, a count
 *     containment = "Token revoked; ..."    # optional
 *     contained = 2026-10-02T10:05:00Z      # optional
 *     closed = 2026-10-20T16:00:00Z         # when status is closed
 *
 *     [review]                              # required when closed
 *     path = "reviews/INC-2026-001.md"
 *     summary = "Root cause: ..."
 *
 *     [[notice]]                            # each notice sent to customers
 *     sent = 2026-10-02T11:30:00Z
 *     to = "the 12 affected customers"
 *     channel = "email"
 *     summary = "What happened, what we did, what to do"
 *
 * Limits: INCIDENT_MAX_FILES files, INCIDENT_MAX_SIZE bytes each,
 * INCIDENT_MAX_NOTICES notices each; over them, or malformed, a file is named
 * ("FILE:LINE: what") and skipped. Times are seconds since 1970 (UTC).
 */
#ifndef VOUCH_DISCLOSE_INCIDENT_H
#define VOUCH_DISCLOSE_INCIDENT_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/assess/assess.h"

#define INCIDENT_MAX_FILES   10000
#define INCIDENT_MAX_SIZE    ((size_t)1 << 20)
#define INCIDENT_MAX_NOTICES 1000
#define INCIDENT_MAX_ID      64
#define INCIDENT_SCHEMA      "vouch-incident/1" /* the build-log record */

enum incident_status { INC_OPEN, INC_CONTAINED, INC_CLOSED };
const char *incident_status_name(enum incident_status s);

struct incident_notice {
	int64_t sent;
	char *to, *channel, *summary;
};

struct incident {
	char *path; /* the file read, or NULL */
	char *id, *title, *severity, *containment;
	enum incident_status status;
	int64_t detected, contained, closed; /* -1 when absent */
	int64_t customers;                   /* -1 when not stated */
	char *review_path, *review_summary;
	struct incident_notice *notices; /* in the order sent */
	size_t nnotices;
};

struct incidents {
	struct incident *v; /* sorted by detected, then id */
	size_t n;
};
#define INCIDENTS_INIT                                                                             \
	{                                                                                          \
		NULL, 0                                                                            \
	}

/* The incidents folder of cfg, to free: [incident] dir or BASE/incidents. */
char *incident_dir(const struct assess_config *cfg);

/* Whether id may name an incident (and its file): 1-64 of [A-Za-z0-9._-], not starting with '.'. */
bool incident_id_valid(const char *id);
/* Whether s is a severity: low, medium, high or critical. */
bool incident_severity_valid(const char *s);

/* Reads one file. ERR_PARSE/ERR_TOOBIG "FILE:LINE: what", ERR_IO. */
int incident_load(struct incident *out, const char *path);
/* Parses len bytes named name (for the fuzzer and tests). */
int incident_parse(struct incident *out, const char *data, size_t len, const char *name);
/*
 * Reads every *.toml in dir (none when it does not exist); each file that
 * cannot be read is one line "FILE:LINE: what" in warnings, and skipped.
 * Returns 0, or ERR_IO when the folder cannot be listed.
 */
int incidents_load(struct incidents *out, const char *dir, struct buf *warnings);
void incident_release(struct incident *i);
void incidents_release(struct incidents *l);

/* The incident as its TOML file (times in UTC). */
void incident_toml(struct buf *out, const struct incident *i);

/* Parses an RFC 3339 date-time with a zone ("2026-10-02T09:14:00Z") into seconds; -1 if not one. */
int incident_parse_time(int64_t *out, const char *s);

/*
 * What the Code's claim 4.3.2 asks of one incident, at time now, under a
 * policy of notifying within `hours` of detection (-1: no policy stated).
 */
enum incident_verdict {
	INCV_OK,           /* notified within the policy (and reviewed when closed) */
	INCV_NO_CUSTOMERS, /* customers_affected = 0: no notice needed */
	INCV_PENDING,      /* no notice yet, still within the policy's window */
	INCV_NO_NOTICE,    /* no notice, and the window has passed (or no policy and closed) */
	INCV_LATE,         /* the first notice came after the window */
	INCV_NO_POLICY,    /* notified, but no policy to judge the time against */
	INCV_UNREVIEWED,   /* closed without a post-incident review */
};
/* *out_hours: hours from detection to the first notice (-1 when none). */
enum incident_verdict incident_judge(double *out_hours, const struct incident *i, int64_t now,
                                     int64_t hours);

/* The build-log record of an action ("open", "update", "close") on the incident file. */
void incident_record(struct buf *out, const struct incident *i, const char *action,
                     const char *file, const char *sha256_hex, int64_t now);

#endif
