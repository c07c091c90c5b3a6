/*
 * match.h: the multi-pattern matcher under `vouch secrets` (internal to
 * secrets/). Two engines, chosen when vouch is built (Makefile,
 * SECRETS_ENGINE): vectorscan or hyperscan (match_hs.c), else PCRE2 with its
 * JIT (match_pcre2.c). Both report the same candidates for the rules of
 * rules.def: for each rule, each offset where one of its matches starts that
 * is the leftmost start of a match ending somewhere (vectorscan's
 * HS_FLAG_SOM_LEFTMOST), with the end of its shortest match.
 */
#ifndef VOUCH_SECRETS_MATCH_H
#define VOUCH_SECRETS_MATCH_H

#include "util/compat.h"

struct secrets_matcher;

/* A candidate of rule `rule` (an index in secrets_rows) at d[from..to).
   Returns non-zero to stop the scan. */
typedef int (*secrets_match_fn)(unsigned rule, size_t from, size_t to, void *ctx);

/* The engine's name, as `vouch secrets --version`-style output shows it. */
const char *secrets_matcher_engine(void);
/* Compiles every rule of secrets_rows. ERR_GENERIC naming the rule when one fails. */
int secrets_matcher_new(struct secrets_matcher **m);
void secrets_matcher_free(struct secrets_matcher *m);
/* Matches d[0..len) and calls fn for each candidate, in no set order (a rule's
   candidates come by increasing start, each start once). Returns 0, 1 when fn
   stopped the scan, or ERR_GENERIC when the engine failed. */
int secrets_matcher_scan(struct secrets_matcher *m, const char *d, size_t len, secrets_match_fn fn,
                         void *ctx);

#endif
