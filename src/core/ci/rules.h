/*
 * rules.h: what the pipeline checks share inside core/ci (not a public
 * interface; see ci.h).
 */
#ifndef VOUCH_CI_RULES_H
#define VOUCH_CI_RULES_H

#include "util/compat.h"
#include "core/ci/ci.h"

#include <jansson.h>

struct vyaml_marks;

/* One pipeline file being checked. */
struct ci_file {
	struct ci_report *rep;
	const char *path; /* relative to the root */
	const struct vyaml_marks *marks;
	json_t *doc;
	/* GitLab: the local files this one includes, as written (xstrdup'ed) */
	char **includes;
	size_t nincludes;
};

/* Adds a finding at line of f; level NULL for the rule's usual level. */
void ci_add(struct ci_file *f, size_t line, enum ci_rule rule, const char *level, const char *fmt,
            ...) VOUCH_PRINTF(5, 6);

/*
 * The line of obj's member key (when obj and key are given), else of node,
 * else fallback: the best place to point at.
 */
size_t ci_line(const struct ci_file *f, const json_t *obj, const char *key, size_t fallback);

/* Whether s (n bytes) is a full 40-hex commit id. */
bool ci_is_commit(const char *s, size_t n);
/* Whether a container image reference is pinned by an @sha256: digest. */
bool ci_image_pinned(const char *image);

/*
 * Shell text of a script, whose first line is line `first` of the file:
 * adds a curl-pipe-shell finding for each line that pipes a download into
 * an interpreter.
 */
void ci_check_shell(struct ci_file *f, const char *script, size_t first);

/*
 * GitHub expression text: adds a script-injection finding for each `${{ }}`
 * in script that reads attacker-controlled context. where names the place
 * ("run", "github-script").
 */
void ci_check_expressions(struct ci_file *f, const char *script, size_t first, const char *where);

/* A line's number within a script: first + the newlines before offset off. */
size_t ci_script_line(const char *script, size_t off, size_t first);

void ci_check_github(struct ci_file *f, enum ci_kind kind);
void ci_check_gitlab(struct ci_file *f);

#endif
