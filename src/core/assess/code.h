/*
 * code.h: the UK Software Security Code of Practice as data.
 *
 * 4 themes, 14 principles, the 45 claims of the NCSC Assurance Principles
 * and Claims (numbered T.P.n), each with a short title and guidance in our
 * own words, the evidence it expects, how vouch can evidence it, and the
 * crosswalk columns of docs/research code-of-practice.md §4 (SSDF tasks from
 * ETSI TS 104 219 Annex B.1, OpenSSF OSPS Baseline controls, CRA references
 * derived by us). The tables are static and read-only.
 */
#ifndef VOUCH_ASSESS_CODE_H
#define VOUCH_ASSESS_CODE_H

#include "util/compat.h"

#define COP_NTHEMES     4
#define COP_NPRINCIPLES 14
#define COP_NCLAIMS     45

enum cop_class {
	COP_AUTOMATED, /* vouch observes the evidence itself */
	COP_SEMI,      /* vouch checks presence, dates or format; a person supplies content */
	COP_DECLARED,  /* an organisational fact: declared in vouch.toml with evidence files */
};

struct cop_theme {
	int number;
	const char *title;
};

struct cop_principle {
	const char *id; /* "3.2" */
	int theme;
	const char *title; /* short, our words */
};

struct cop_claim {
	const char *id; /* "3.2.1" */
	const char *principle;
	const char *title;    /* short, our words */
	const char *guidance; /* what a good answer shows, our words */
	const char *evidence; /* the evidence it expects */
	enum cop_class cls;
	const char *ssdf; /* SSDF v1.1 tasks (ETSI B.1), "" when none */
	const char *osps; /* OSPS Baseline controls, "" when none */
	const char *cra;  /* EU CRA references (our derivation), "" when none */
};

const struct cop_theme *cop_themes(void);         /* COP_NTHEMES rows */
const struct cop_principle *cop_principles(void); /* COP_NPRINCIPLES rows, in order */
const struct cop_claim *cop_claims(void);         /* COP_NCLAIMS rows, in order */
const struct cop_claim *cop_claim_find(const char *id);
const struct cop_principle *cop_principle_find(const char *id);
/* "automated", "semi-automated", "declared". */
const char *cop_class_name(enum cop_class c);
/* The theme number of a claim or principle id ("3.2.1" -> 3). */
int cop_theme_of(const char *id);

#endif
