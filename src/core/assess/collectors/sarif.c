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
 *
 * The CWE of each open result (sarif_read.h gathers it from tags, taxa and
 * relationships) places it against the claims on specific weaknesses too:
 * input validation and injection against 1.4.4, hard-coded or default
 * credentials against 1.4.3, credentials and sensitive data kept or sent
 * without protection against 1.4.5 (the table below; the classes the Code's
 * guidance names under principle 1.4). An open result in one of these
 * classes makes the claim not met, the argument naming it with its CWE and
 * saying why it counts. No such result is only a note: an analyser that
 * found nothing does not show that input is validated or data protected.
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

/* The claims a weakness class counts against, and why a result in it does. */
static const struct {
	const char *id;
	const char *theme; /* the classes, for the argument */
	const char *why;
} cwe_claims[] = {
	{ "1.4.4", "input validation and injection",
	  "Each lets input reach a query, command, page, path, parser or format string without "
	  "being validated or neutralised" },
	{ "1.4.3", "hard-coded and default credentials",
	  "Each is a password, key or other credential written into the product or shipped as "
	  "a default" },
	{ "1.4.5", "protection of credentials and sensitive data",
	  "Each keeps or sends a credential or sensitive data in the clear, in a log, or under "
	  "weak cryptography" },
};

enum { C144 = 1, C143 = 2, C145 = 4 };

/* The CWE classes vouch places against a claim (CWE list 4.x names, shortened). */
static const struct {
	unsigned cwe;
	unsigned claims; /* C144 | C143 | C145 */
	const char *name;
} cwe_classes[] = {
	{ 20, C144, "improper input validation" },
	{ 22, C144, "path traversal" },
	{ 23, C144, "relative path traversal" },
	{ 36, C144, "absolute path traversal" },
	{ 73, C144, "external control of a file name or path" },
	{ 74, C144, "injection" },
	{ 77, C144, "command injection" },
	{ 78, C144, "OS command injection" },
	{ 79, C144, "cross-site scripting" },
	{ 80, C144, "basic cross-site scripting" },
	{ 88, C144, "argument injection" },
	{ 89, C144, "SQL injection" },
	{ 90, C144, "LDAP injection" },
	{ 91, C144, "XML injection" },
	{ 93, C144, "CRLF injection" },
	{ 94, C144, "code injection" },
	{ 95, C144, "eval injection" },
	{ 99, C144, "resource injection" },
	{ 113, C144, "HTTP response splitting" },
	{ 116, C144, "improper encoding or escaping of output" },
	{ 117, C144, "log injection" },
	{ 129, C144, "unvalidated array index" },
	{ 134, C144, "externally controlled format string" },
	{ 256, C145, "password stored in plaintext" },
	{ 257, C145, "password stored in a recoverable format" },
	{ 259, C143 | C145, "hard-coded password" },
	{ 260, C145, "password in a configuration file" },
	{ 311, C145, "sensitive data not encrypted" },
	{ 312, C145, "cleartext storage of sensitive information" },
	{ 313, C145, "cleartext storage in a file" },
	{ 315, C145, "cleartext storage in a cookie" },
	{ 319, C145, "cleartext transmission of sensitive information" },
	{ 321, C143 | C145, "hard-coded cryptographic key" },
	{ 326, C145, "inadequate encryption strength" },
	{ 327, C145, "broken or risky cryptographic algorithm" },
	{ 328, C145, "weak hash" },
	{ 470, C144, "unsafe reflection" },
	{ 502, C144, "deserialisation of untrusted data" },
	{ 522, C145, "insufficiently protected credentials" },
	{ 523, C145, "credentials sent unprotected" },
	{ 532, C145, "sensitive information in a log file" },
	{ 601, C144, "open redirect" },
	{ 611, C144, "XML external entity" },
	{ 643, C144, "XPath injection" },
	{ 652, C144, "XQuery injection" },
	{ 759, C145, "password hash without a salt" },
	{ 760, C145, "password hash with a predictable salt" },
	{ 776, C144, "XML entity expansion" },
	{ 798, C143 | C145, "hard-coded credentials" },
	{ 916, C145, "password hash with too little effort" },
	{ 917, C144, "expression language injection" },
	{ 918, C144, "server-side request forgery" },
	{ 943, C144, "injection into a data query" },
	{ 1236, C144, "CSV formula injection" },
	{ 1392, C143, "default credentials" },
	{ 1393, C143, "default password" },
	{ 1394, C143, "default cryptographic key" },
};

static int class_of(unsigned cwe)
{
	for (size_t i = 0; i < ARRAY_SIZE(cwe_classes); i++)
		if (cwe_classes[i].cwe == cwe)
			return (int)i;
	return -1;
}

/* Results counted against one claim. */
struct claim_count {
	size_t n;
	struct buf list;
};

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

/* "rule in path:line" */
static void add_where(struct assess_ctx *x, struct buf *b, const struct sarif_item *it)
{
	append(b, "%s%s", it->rule ? it->rule : "(no rule)", it->path ? " in " : "");
	if (it->path)
		buf_addf(b, "%s", shown_uri(x, it->path));
	if (it->line)
		buf_addf(b, ":%zu", it->line);
}

/* Counts an open result against each claim one of its CWE classes names. */
static void count_cwe(struct assess_ctx *x, struct claim_count *cc, const struct sarif_item *it)
{
	for (size_t c = 0; c < ARRAY_SIZE(cwe_claims); c++) {
		struct buf why = BUF_INIT;

		for (unsigned k = 0; k < it->ncwe; k++) {
			int i = class_of(it->cwe[k]);

			if (i >= 0 && (cwe_classes[i].claims & (1u << c)))
				buf_addf(&why, "%sCWE-%u %s", why.len ? ", " : "", it->cwe[k],
				         cwe_classes[i].name);
		}
		if (why.len && cc[c].n++ < SHOW_OPEN) {
			add_where(x, &cc[c].list, it);
			buf_addf(&cc[c].list, " (%s);", why.ptr);
		}
		buf_release(&why);
	}
}

/* The claims on weakness classes: not met by an open result in one, else a note. */
static void judge_cwe(struct assessment *a, struct claim_count *cc, size_t nopen, size_t withcwe,
                      enum sarif_level level, size_t bad)
{
	for (size_t c = 0; c < ARRAY_SIZE(cwe_claims); c++) {
		struct assess_result *r = ac_res(a, cwe_claims[c].id);

		if (cc[c].n) {
			buf_truncate(&cc[c].list, cc[c].list.len - 1);
			ac_set(r, ST_NOT_MET,
			       "%zu open static analysis result%s at or above level %s %s in the "
			       "weakness classes of %s: %s%s. %s.",
			       cc[c].n, cc[c].n == 1 ? "" : "s", sarif_level_name(level),
			       cc[c].n == 1 ? "is" : "are", cwe_claims[c].theme, cc[c].list.ptr,
			       cc[c].n > SHOW_OPEN ? "; and more" : "", cwe_claims[c].why);
			ac_gap(r, "Fix the results named, or record each decision as a SARIF "
			          "suppression with a justification, and re-run the analysis.");
		} else if (!bad) {
			ac_note(r,
			        "No open static analysis result at or above level %s is in the "
			        "weakness classes of %s (by CWE; %zu of the %zu open results name "
			        "a "
			        "CWE); that alone does not show the claim.",
			        sarif_level_name(level), cwe_claims[c].theme, withcwe, nopen);
		}
		buf_release(&cc[c].list);
	}
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
	struct claim_count cc[ARRAY_SIZE(cwe_claims)];
	size_t ntools = 0, files = 0, bad = 0, nopen = 0, total = 0, analysers = 0, withcwe = 0;

	if (!c->nsarif)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(cc); i++) {
		cc[i].n = 0;
		buf_init(&cc[i].list, BUF_MAX_DEFAULT);
	}
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
			withcwe += it->ncwe > 0;
			count_cwe(x, cc, it);
			if (nopen++ < SHOW_OPEN) {
				add_where(x, &open, it);
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
	if (files && analysers)
		judge_cwe(a, cc, nopen, withcwe, level, bad);
	for (size_t c = 0; c < ARRAY_SIZE(cwe_claims); c++)
		buf_release(&cc[c].list);
	buf_release(&list);
	buf_release(&open);
	sarif_log_release(&log);
}

const struct assess_collector assess_collector_sarif = { "sarif", "1.3.3 1.3.2 1.4.4 1.4.3 1.4.5",
	                                                 collect_sarif };
