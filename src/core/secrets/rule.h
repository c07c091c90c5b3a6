/*
 * rule.h: the rows of rules.def and their confirmers (internal to secrets/).
 */
#ifndef VOUCH_SECRETS_RULE_H
#define VOUCH_SECRETS_RULE_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/secrets/secrets.h"

enum secrets_charset {
	CS_NONE,
	CS_BASE62, /* A-Z a-z 0-9 */
	CS_WORD,   /* and '_' */
	CS_B64URL, /* and '_' '-' */
	CS_GITLAB, /* and '_' '-' '.' */
	CS_AWS_ID, /* A-Z 2-7 */
	CS_SLACK,  /* A-Z a-z 0-9 '-' */
	CS_URLPATH /* A-Z a-z 0-9 '/' '_' */
};

/* A confirmed candidate. */
struct secrets_hit {
	size_t start, end; /* the secret's span in the window */
	struct buf secret; /* the bytes hashed and redacted (may differ from the span: AWS) */
	char note[96];
};

struct secrets_row;
/*
 * d[0..len): the window; at: where the pattern matched; end: the end of the
 * shortest match. Returns true, filling hit, when the candidate is a secret.
 */
typedef bool (*secrets_confirm_fn)(const struct secrets_row *r, const char *d, size_t len,
                                   size_t at, size_t end, struct secrets_hit *hit);

struct secrets_row {
	struct secrets_rule rule;
	const char *pattern;
	enum secrets_charset charset;
	size_t min, max;
	secrets_confirm_fn confirm;
};

extern const struct secrets_row secrets_rows[];
extern const size_t secrets_nrows;

/* Frees what a finding holds. */
void secrets_finding_release(struct secrets_finding *f);

/* Names an input that could not be read (copied). */
void secrets_add_unread(struct secrets *s, const char *path, const char *reason);

bool secrets_in_charset(enum secrets_charset cs, unsigned char c);

#endif
