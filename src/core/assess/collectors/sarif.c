/*
 * sarif.c: 1.3.3 (and evidence for 1.3.2): static analysis results of any
 * analyser, as SARIF 2.1.0 logs ([evidence] sarif = [...]).
 *
 * Open results at or above [evidence] sarif_level (default "warning") are
 * defects found in testing that are not addressed: 1.3.3 is not met, and
 * the gap names them. A result suppressed with an accepted suppression (the
 * recorded decision the claim asks for) or fixed since the baseline
 * (baselineState "absent") is addressed. Results of `vouch ci check`
 * (tool "vouch-ci") are left to the ci collector, which checks the tree's
 * pipelines itself.
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "core/formats/sarif_read.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"

#include <glob.h>

#define CI_TOOL   "vouch-ci"
#define SHOW_OPEN 5
#define MAX_TOOLS 32

struct tool_count {
	const char *name;
	size_t results, open, suppressed, fixed, below;
};

static struct tool_count *tool_of(struct tool_count *t, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(t[i].name, name))
			return &t[i];
	if (*n >= MAX_TOOLS)
		return NULL;
	memset(&t[*n], 0, sizeof(t[*n]));
	t[*n].name = name;
	return &t[(*n)++];
}

static void append(struct buf *b, const char *fmt, ...) VOUCH_PRINTF(2, 3);
static void append(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	if (b->len)
		buf_addch(b, ' ');
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

/*
 * An analyser's location for the report: a file: URI or an absolute path as
 * ac_show() names it (relative inside the product, else the file's name, so
 * no path of the build machine is published); a relative one as it is.
 */
static const char *shown_uri(struct assess_ctx *x, const char *uri)
{
	if (!strncmp(uri, "file://", 7)) {
		uri += 7;
		if (*uri != '/')
			uri = strchr(uri, '/') ? strchr(uri, '/') : uri;
	}
	return *uri == '/' ? ac_show(x, uri) : uri;
}

static void collect_sarif(struct assess_ctx *x)
{
	struct assessment *a = x->a;
	const struct assess_config *c = a->cfg;
	struct assess_result *r = ac_res(a, "1.3.3"), *tests = ac_res(a, "1.3.2");
	enum sarif_level level =
	        c->sarif_level >= SARIF_NOTE ? (enum sarif_level)c->sarif_level : SARIF_WARNING;
	struct sarif_log log = SARIF_LOG_INIT;
	struct tool_count tools[MAX_TOOLS];
	struct buf list = BUF_INIT, open = BUF_INIT;
	size_t ntools = 0, files = 0, bad = 0, nopen = 0, total = 0, analysers = 0;

	if (!c->nsarif)
		return;
	for (size_t i = 0; i < c->nsarif; i++) {
		glob_t g;
		int gr = glob(c->sarif[i], 0, NULL, &g);

		if (gr == GLOB_NOMATCH) {
			ac_warn(a, "[evidence] sarif '%s' matches no file",
			        ac_show(x, c->sarif[i]));
			ac_gap(r, "The static analysis results '%s' are missing.",
			       ac_show(x, c->sarif[i]));
			bad++;
			continue;
		}
		if (gr != 0) {
			ac_warn(a, "[evidence] sarif '%s' cannot be listed",
			        ac_show(x, c->sarif[i]));
			bad++;
			continue;
		}
		for (size_t k = 0; k < g.gl_pathc; k++) {
			if (sarif_read_file(&log, g.gl_pathv[k]) < 0) {
				ac_warn(a, "%s", err_msg());
				err_clear();
				bad++;
				continue;
			}
			files++;
			ac_evidence(x, r, g.gl_pathv[k], "sarif");
			ac_evidence(x, tests, g.gl_pathv[k], "sarif");
		}
		globfree(&g);
	}
	for (size_t i = 0; i < log.n; i++) {
		const struct sarif_item *it = &log.v[i];
		struct tool_count *t = tool_of(tools, &ntools, log.runs[it->run].tool);

		if (!t)
			continue;
		t->results++;
		if (!strcmp(t->name, CI_TOOL))
			continue;
		total++;
		if (it->suppressed)
			t->suppressed++;
		else if (it->absent)
			t->fixed++;
		else if (!it->open || it->level < level)
			t->below++;
		else {
			t->open++;
			if (nopen++ < SHOW_OPEN) {
				append(&open, "%s%s", it->rule ? it->rule : "(no rule)",
				       it->path ? " in " : "");
				if (it->path)
					buf_addf(&open, "%s", shown_uri(x, it->path));
				if (it->line)
					buf_addf(&open, ":%zu", it->line);
				buf_addch(&open, ';');
			}
		}
	}
	/* runs without results still show that the tool ran */
	for (size_t i = 0; i < log.nruns; i++) {
		tool_of(tools, &ntools, log.runs[i].tool);
		analysers += strcmp(log.runs[i].tool, CI_TOOL) != 0;
	}
	for (size_t i = 0; i < ntools; i++)
		append(&list, "%s (%zu result%s%s)%s", tools[i].name, tools[i].results,
		       tools[i].results == 1 ? "" : "s",
		       strcmp(tools[i].name, CI_TOOL) ? "" : ", judged by the ci collector",
		       i + 1 < ntools ? "," : "");
	ac_note(tests, "Static analysis results are kept: %s.",
	        ntools ? list.ptr : "none readable");
	if (!files || (bad && !nopen)) {
		ac_set(r, ST_UNKNOWN,
		       "%zu of the configured static analysis results could not be read.", bad);
		ac_gap(r, "Fix the SARIF files named in the warnings.");
	} else if (nopen) {
		if (open.len && open.ptr[open.len - 1] == ';')
			buf_truncate(&open, open.len - 1);
		ac_set(r, ST_NOT_MET,
		       "%zu of %zu static analysis results are open at or above level %s: %s%s.",
		       nopen, total, sarif_level_name(level), open.ptr,
		       nopen > SHOW_OPEN ? "; and more" : "");
		ac_gap(r,
		       "Fix the open findings, or record each decision as a SARIF suppression with "
		       "a justification, and re-run the analysis.");
	} else if (!analysers) {
		ac_set(r, ST_UNKNOWN, "The static analysis results hold no run of an analyser.");
		ac_gap(r, "Point [evidence] sarif at the results of the project's analysers.");
	} else {
		size_t sup = 0, fixed = 0, below = 0;

		for (size_t i = 0; i < ntools; i++) {
			sup += tools[i].suppressed;
			fixed += tools[i].fixed;
			below += tools[i].below;
		}
		ac_set(r, ST_MET,
		       "None of the %zu static analysis results (%s) is open at or above level %s: "
		       "%zu suppressed with a recorded decision, %zu fixed since the baseline, "
		       "%zu below the level.",
		       total, list.ptr, sarif_level_name(level), sup, fixed, below);
	}
	buf_release(&list);
	buf_release(&open);
	sarif_log_release(&log);
}

const struct assess_collector assess_collector_sarif = { "sarif", "1.3.3 1.3.2", collect_sarif };
