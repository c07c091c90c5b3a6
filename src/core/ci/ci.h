/*
 * ci.h: checks of the build pipeline definitions in a source tree.
 *
 * ci_check() finds the pipeline files of a tree and checks each against the
 * rules below, the way an attacker would look at them: who can start the
 * pipeline, what code it runs, with which token and on which machine.
 *
 * Files read, relative to the root:
 * - GitHub Actions workflows: .github/workflows/ *.yml and *.yaml (GitHub reads
 *   that folder only, not below it);
 * - composite and Docker actions: action.yml or action.yaml at the root and
 *   anywhere under .github/actions;
 * - GitLab CI: .gitlab-ci.yml and the local files it includes (`include:
 *   local`, or a bare path), recursively, at most CI_MAX_FILES in all.
 * Each file is at most CI_MAX_FILE_SIZE bytes and parsed by util/yaml.h with
 * anchors, aliases and merge keys (bounded there), depth and node caps.
 *
 * A file that cannot be read or parsed does not stop the check: it is named
 * in report->problems ("PATH:LINE: what") and the rest is checked.
 */
#ifndef VOUCH_CI_H
#define VOUCH_CI_H

#include "util/compat.h"

#define CI_MAX_FILE_SIZE ((size_t)4 << 20)
#define CI_MAX_FILES     500
#define CI_MAX_FINDINGS  100000 /* in one report; beyond, a problem says so */

/* The rules, each with an id for output and suppression, a level and the fix. */
enum ci_rule {
	CI_UNPINNED_ACTION,
	CI_UNPINNED_IMAGE,
	CI_UNPINNED_INCLUDE,
	CI_PERMISSIONS_MISSING,
	CI_PERMISSIONS_BROAD,
	CI_UNTRUSTED_CHECKOUT,
	CI_SCRIPT_INJECTION,
	CI_SECRETS_INHERIT,
	CI_SELF_HOSTED_PR,
	CI_CURL_PIPE_SHELL,
	CI_CACHE_TRUST_BOUNDARY,
	CI_NO_DEPENDENCY_UPDATES,
	CI_RULE_COUNT
};

struct ci_rule_info {
	const char *id;       /* "unpinned-action" */
	const char *level;    /* the usual level: "error", "warning" or "note" */
	const char *title;    /* one line: what is wrong */
	const char *fix;      /* what to do about it */
	const char *help_uri; /* where the rule is documented */
};

const struct ci_rule_info *ci_rule_info(enum ci_rule r);

struct ci_finding {
	char *path;  /* relative to the root, '/' separated; "." for the tree */
	size_t line; /* 1-based; 0 for the whole file or tree */
	enum ci_rule rule;
	const char *level; /* "error", "warning" or "note" (static) */
	char *message;
};

struct ci_report {
	struct ci_finding *v; /* sorted by path, line, rule */
	size_t n, alloc;
	char **files; /* the pipeline files checked, relative to the root */
	size_t nfiles;
	char **problems; /* "PATH:LINE: what" for each file not read or parsed */
	size_t nproblems;
	bool capped; /* CI_MAX_FINDINGS was reached */
};

#define CI_REPORT_INIT                                                                             \
	{                                                                                          \
		NULL, 0, 0, NULL, 0, NULL, 0, false                                                \
	}

/*
 * Checks the tree at root. Returns 0 (with findings and problems in *out,
 * which the caller releases), or a negative code when root itself is not a
 * folder that can be read.
 */
int ci_check(struct ci_report *out, const char *root);

/* Checks one file's bytes as the kind its name says; for the fuzzer and tests. */
enum ci_kind { CI_GITHUB_WORKFLOW, CI_GITHUB_ACTION, CI_GITLAB };
int ci_check_bytes(struct ci_report *out, enum ci_kind kind, const char *path, const char *data,
                   size_t len);

void ci_report_release(struct ci_report *r);

struct buf;
/*
 * The report as JSON: {"findings":[{path,line,rule,severity,message,fix}],
 * "files":[...], "problems":[...]}, pretty, with a final newline.
 */
int ci_report_json(struct buf *out, const struct ci_report *r);
/*
 * The report as SARIF 2.1.0 (formats/sarif.h): every rule, and a result per
 * finding with a fingerprint of rule, path and message (not the line, so a
 * finding keeps its identity when lines move above it).
 */
int ci_report_sarif(struct buf *out, const struct ci_report *r, const char *version);

#endif
