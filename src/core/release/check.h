/*
 * check.h: the release gate, `vouch release check` (docs/cmd/release.md).
 *
 *     struct release_check rc;
 *     release_check_init(&rc);
 *     release_check_run(&rc, &cfg, &opts);     // every rule of cfg.release
 *     release_check_json(&out, &rc);           // or _junit, _sarif
 *     release_check_release(&rc);
 *
 * Each rule of the [release] policy is pass, fail, skipped (not configured)
 * or error (an input it needs could not be read: named in the reason and in
 * rc.unread). Every rule carries the reason and, unless it passed, what
 * would fix it. The rules reuse the cores the other commands use: the scan
 * with VEX and ignore files (core/match), the JUnit reader, the release
 * folder checks shared with the assessment (artefacts.h), security.txt
 * (core/disclose), the 4.2.1 notice rule (assess.h) and the SBOM diff
 * (bomdiff.h). Nothing here prints.
 */
#ifndef VOUCH_RELEASE_CHECK_H
#define VOUCH_RELEASE_CHECK_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/assess/assess.h"

enum release_status { RULE_PASS, RULE_FAIL, RULE_SKIP, RULE_ERROR };
/* "pass", "fail", "skipped", "error" */
const char *release_status_name(enum release_status s);

enum {
	RULE_FAIL_ON,
	RULE_TESTS,
	RULE_SIGNED,
	RULE_PROVENANCE,
	RULE_SBOM,
	RULE_SECURITY_TXT,
	RULE_NOTICE,
	RULE_NEW_COMPONENTS,
	RELEASE_NRULES,
};

struct release_rule {
	const char *id;    /* the [release] key: "fail_on", "require_tests", ... */
	const char *title; /* one line: what the rule asks */
	enum release_status status;
	struct buf reason; /* why it has its status */
	struct buf fix;    /* what would make it pass; empty when it passed */
};

struct release_check {
	struct release_rule rules[RELEASE_NRULES];
	char **unread; /* inputs not read, "PATH: why" */
	size_t nunread;
	char *product;    /* the product's name */
	char *config;     /* the vouch.toml, or NULL */
	int64_t now;      /* seconds since 1970 */
	size_t counts[4]; /* by status */
};

struct release_opts {
	const char *db; /* --db: overrides [evidence] db and the default */
	int64_t now;    /* seconds since 1970 */
};

void release_check_init(struct release_check *rc);
/* Runs every rule. Fails only when nothing could run (out of memory). */
int release_check_run(struct release_check *rc, const struct assess_config *cfg,
                      const struct release_opts *o);
/* { "product", "config", "result", "summary", "rules": [{id,title,status,reason,fix}], "unread" } */
int release_check_json(struct buf *out, const struct release_check *rc);
/* JUnit XML: one testcase per rule, failure/error/skipped as CI tools read them. */
int release_check_junit(struct buf *out, const struct release_check *rc);
/* SARIF 2.1.0: one rule per policy rule, one result per rule that failed or errored. */
int release_check_sarif(struct buf *out, const struct release_check *rc, const char *tool_version);
void release_check_release(struct release_check *rc);

#endif
