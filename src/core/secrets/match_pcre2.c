/*
 * match_pcre2.c: the secrets matcher on PCRE2 with its JIT, for systems
 * without vectorscan or hyperscan. One compiled pattern a rule, each run over
 * the window; the candidates are made the same as vectorscan's (match.h):
 *
 *  - every start: after a match at S the search goes on from S + 1, not from
 *    its end, so candidates may overlap as vectorscan's do;
 *  - leftmost starts only: a start inside the previous candidate whose
 *    longest match ends where that candidate's does is the same text seen
 *    from further right ("https" and "ttps" of one URL, "secret" inside
 *    "client_secret"), which vectorscan does not report either;
 *  - the shortest end: the DFA matcher, anchored at the start, with
 *    PCRE2_DFA_SHORTEST (the JIT gives the longest, leftmost-first match).
 */
#include "util/compat.h"
#include "core/secrets/match.h"
#include "core/secrets/rule.h"
#include "util/alloc.h"
#include "util/err.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#define DFA_WORKSPACE 4096              /* ints; the rules need far fewer */
#define JIT_STACK_MAX ((size_t)1 << 20) /* bytes */

struct secrets_matcher {
	pcre2_code **code;
	pcre2_match_data *md, *dfa_md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *stack;
	int *ws;
};

const char *secrets_matcher_engine(void)
{
	return "pcre2";
}

void secrets_matcher_free(struct secrets_matcher *m)
{
	if (!m)
		return;
	for (size_t i = 0; m->code && i < secrets_nrows; i++)
		pcre2_code_free(m->code[i]);
	free(m->code);
	pcre2_match_data_free(m->md);
	pcre2_match_data_free(m->dfa_md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->stack);
	free(m->ws);
	free(m);
}

int secrets_matcher_new(struct secrets_matcher **out)
{
	struct secrets_matcher *m = xcalloc(1, sizeof(*m));

	*out = NULL;
	m->code = xcalloc(secrets_nrows, sizeof(*m->code));
	for (size_t i = 0; i < secrets_nrows; i++) {
		int ec;
		PCRE2_SIZE eo;

		m->code[i] = pcre2_compile((PCRE2_SPTR)secrets_rows[i].pattern,
		                           PCRE2_ZERO_TERMINATED, 0, &ec, &eo, NULL);
		if (!m->code[i]) {
			PCRE2_UCHAR msg[160];

			pcre2_get_error_message(ec, msg, sizeof(msg));
			secrets_matcher_free(m);
			return err_set(ERR_GENERIC,
			               "cannot compile secret rule '%s': %s at offset %zu",
			               secrets_rows[i].rule.id, (const char *)msg, (size_t)eo);
		}
		/* without a JIT (some architectures) pcre2_match interprets: slower, same result */
		(void)pcre2_jit_compile(m->code[i], PCRE2_JIT_COMPLETE);
	}
	m->md = pcre2_match_data_create(1, NULL);
	m->dfa_md = pcre2_match_data_create(1, NULL);
	m->mctx = pcre2_match_context_create(NULL);
	m->stack = pcre2_jit_stack_create(32 << 10, JIT_STACK_MAX, NULL);
	if (!m->md || !m->dfa_md || !m->mctx || !m->stack)
		xalloc_die(sizeof(*m));
	pcre2_jit_stack_assign(m->mctx, NULL, m->stack);
	m->ws = xcalloc(DFA_WORKSPACE, sizeof(*m->ws));
	*out = m;
	return 0;
}

/* The end of the shortest match at `at`, or `longest` when the DFA cannot say. */
static size_t shortest_end(struct secrets_matcher *m, pcre2_code *code, const char *d, size_t len,
                           size_t at, size_t longest)
{
	int rc = pcre2_dfa_match(code, (PCRE2_SPTR)d, len, at, PCRE2_ANCHORED | PCRE2_DFA_SHORTEST,
	                         m->dfa_md, m->mctx, m->ws, DFA_WORKSPACE);

	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		return longest;
	return rc < 0 ? longest : (size_t)pcre2_get_ovector_pointer(m->dfa_md)[1];
}

int secrets_matcher_scan(struct secrets_matcher *m, const char *d, size_t len, secrets_match_fn fn,
                         void *ctx)
{
	if (!len)
		d = "";
	for (size_t i = 0; i < secrets_nrows; i++) {
		size_t off = 0, prev_from = 0, prev_end = 0;
		bool prev = false;

		while (off <= len) {
			int rc =
			        pcre2_match(m->code[i], (PCRE2_SPTR)d, len, off, 0, m->md, m->mctx);
			PCRE2_SIZE *ov;
			size_t from, end;

			if (rc == PCRE2_ERROR_NOMATCH)
				break;
			if (rc < 0) {
				PCRE2_UCHAR msg[160];

				pcre2_get_error_message(rc, msg, sizeof(msg));
				return err_set(ERR_GENERIC, "pcre2 failed on secret rule '%s': %s",
				               secrets_rows[i].rule.id, (const char *)msg);
			}
			ov = pcre2_get_ovector_pointer(m->md);
			from = ov[0];
			end = ov[1];
			if (!(prev && from > prev_from && from < prev_end && end == prev_end)) {
				if (fn((unsigned)i, from,
				       shortest_end(m, m->code[i], d, len, from, end), ctx))
					return 1;
				prev = true;
				prev_from = from;
				prev_end = end;
			}
			off = from + 1;
		}
	}
	return 0;
}
