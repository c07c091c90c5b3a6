/*
 * match_hs.c: the secrets matcher on vectorscan or hyperscan (libhs): every
 * rule in one database, HS_FLAG_SOM_LEFTMOST, one pass a window.
 */
#include "util/compat.h"
#include "core/secrets/match.h"
#include "core/secrets/rule.h"
#include "util/alloc.h"
#include "util/err.h"

#include <hs/hs.h>

struct secrets_matcher {
	hs_database_t *db;
	hs_scratch_t *scratch;
	size_t *last_from; /* per rule: the start of its last candidate, +1 (0: none) */
	secrets_match_fn fn;
	void *ctx;
	bool stopped;
};

const char *secrets_matcher_engine(void)
{
	return "vectorscan";
}

int secrets_matcher_new(struct secrets_matcher **out)
{
	const char **pats = xcalloc(secrets_nrows, sizeof(*pats));
	unsigned *flags = xcalloc(secrets_nrows, sizeof(*flags));
	unsigned *ids = xcalloc(secrets_nrows, sizeof(*ids));
	hs_database_t *db = NULL;
	hs_scratch_t *scratch = NULL;
	hs_compile_error_t *cerr = NULL;
	struct secrets_matcher *m;
	int r = 0;

	*out = NULL;
	for (size_t i = 0; i < secrets_nrows; i++) {
		pats[i] = secrets_rows[i].pattern;
		flags[i] = HS_FLAG_SOM_LEFTMOST;
		ids[i] = (unsigned)i;
	}
	if (hs_compile_multi(pats, flags, ids, (unsigned)secrets_nrows, HS_MODE_BLOCK, NULL, &db,
	                     &cerr) != HS_SUCCESS) {
		r = err_set(ERR_GENERIC, "cannot compile secret rule '%s': %s",
		            cerr->expression >= 0 ? secrets_rows[cerr->expression].rule.id : "?",
		            cerr->message);
		hs_free_compile_error(cerr);
		goto done;
	}
	if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
		hs_free_database(db);
		r = err_set(ERR_GENERIC, "cannot allocate vectorscan scratch space");
		goto done;
	}
	m = xcalloc(1, sizeof(*m));
	m->db = db;
	m->scratch = scratch;
	m->last_from = xcalloc(secrets_nrows, sizeof(*m->last_from));
	*out = m;
done:
	free(pats);
	free(flags);
	free(ids);
	return r;
}

void secrets_matcher_free(struct secrets_matcher *m)
{
	if (!m)
		return;
	hs_free_scratch(m->scratch);
	hs_free_database(m->db);
	free(m->last_from);
	free(m);
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *ctx)
{
	struct secrets_matcher *m = ctx;

	/* a start is reported again for each longer match: its first is the shortest */
	if (m->last_from[id] == from + 1)
		return 0;
	m->last_from[id] = from + 1;
	if (m->fn(id, (size_t)from, (size_t)to, m->ctx)) {
		m->stopped = true;
		return 1;
	}
	return 0;
}

int secrets_matcher_scan(struct secrets_matcher *m, const char *d, size_t len, secrets_match_fn fn,
                         void *ctx)
{
	if (len > UINT_MAX)
		return err_set(ERR_GENERIC, "window of %zu bytes is too big for vectorscan", len);
	memset(m->last_from, 0, secrets_nrows * sizeof(*m->last_from));
	m->fn = fn;
	m->ctx = ctx;
	m->stopped = false;
	if (hs_scan(m->db, len ? d : "", (unsigned)len, 0, m->scratch, on_match, m) != HS_SUCCESS &&
	    !m->stopped)
		return err_set(ERR_GENERIC, "vectorscan failed");
	return m->stopped ? 1 : 0;
}
