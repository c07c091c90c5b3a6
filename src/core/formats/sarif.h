/*
 * sarif.h: one writer of SARIF 2.1.0 (OASIS), for every command that
 * reports findings in files: scan, release check, secrets, harden, ci check.
 *
 *     struct sarif s;
 *     sarif_begin(&s, &out, "vouch", VOUCH_VERSION);
 *     sarif_rule(&s, &(struct sarif_rule){ .id = "R1", .short_text = "..." });
 *     sarif_results(&s);                        // after the last rule
 *     sarif_result(&s, &(struct sarif_result){ .rule_id = "R1", ... });
 *     sarif_end(&s);
 *
 * One run, one tool driver named by the caller. Rules are listed once each,
 * in the order given; a result names its rule by id and by index. Keys are
 * written in a fixed order so the output is deterministic.
 */
#ifndef VOUCH_SARIF_H
#define VOUCH_SARIF_H

#include "util/compat.h"
#include "util/buf.h"
#include "util/json.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* A string property (key, value) or a list of strings (key, list, nlist). */
struct sarif_prop {
	const char *key;
	const char *value;       /* or NULL for a list */
	const char *const *list; /* with nlist, when value is NULL */
	size_t nlist;
};

struct sarif_rule {
	const char *id;         /* required */
	const char *name;       /* PascalCase name, or NULL */
	const char *short_text; /* shortDescription; the id when NULL */
	const char *full_text;  /* fullDescription, or NULL */
	const char *help_text;  /* help (what fixes it), or NULL */
	const char *help_uri;   /* or NULL */
	const char *level; /* defaultConfiguration.level: "error", "warning", "note", or NULL */
	const char *security_severity; /* "0.0".."10.0" for code-scanning pages, or NULL */
	const char *const *tags;       /* properties.tags */
	size_t ntags;
	const struct sarif_prop *props; /* further properties */
	size_t nprops;
};

struct sarif_location {
	const char *uri;     /* relative path (forward slashes) or URI; required */
	unsigned line;       /* 1-based; 0 when not known */
	unsigned column;     /* 1-based; 0 when not known */
	unsigned end_line;   /* 0 when not known */
	const char *snippet; /* region.snippet.text, or NULL (never a secret) */
	const struct sarif_prop *props;
	size_t nprops;
};

struct sarif_result {
	const char *rule_id; /* required: a rule given to sarif_rule() */
	const char *level;   /* "error", "warning", "note", "none", or NULL for the rule's */
	const char *message; /* required */
	const struct sarif_location *locs;
	size_t nlocs;
	const char *fingerprint; /* partialFingerprints["vouch/v1"], or NULL */
	bool suppressed;         /* with suppress_kind "external" or "inSource" */
	const char *suppress_kind;
	const char *justification;
	const struct sarif_prop *props;
	size_t nprops;
};

struct sarif {
	struct jw w;
	char **rules; /* ids in order, to find a result's ruleIndex */
	size_t nrules, alloc;
	int state; /* 0 rules, 1 results, 2 run properties, 3 ended */
};

/* Opens the log, the run and the driver (name, version; informationUri fixed). */
void sarif_begin(struct sarif *s, struct buf *out, const char *tool, const char *version);
void sarif_rule(struct sarif *s, const struct sarif_rule *r);
/* Ends the rules and opens the results. */
void sarif_results(struct sarif *s);
/* A result whose rule was not given is written without ruleIndex. */
void sarif_result(struct sarif *s, const struct sarif_result *r);
/*
 * Closes the results and opens the run's property bag: the caller writes its
 * keys through the writer returned, then calls sarif_end(). Optional.
 */
struct jw *sarif_run_properties(struct sarif *s);
/*
 * Closes the results (or the run's properties) and the log. Returns 0, or an
 * error when the writer failed (out of memory). The state is released either way.
 */
int sarif_end(struct sarif *s);

#endif
