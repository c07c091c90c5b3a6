/*
 * cvss.c: CVSS vector parsing and the scoring formulas of each version.
 *
 * One table-driven parser serves all four versions: each version lists its
 * metrics in specification order with their allowed values; the parser
 * records the index of each value given (or -1 when absent), and the scoring
 * functions read those indexes. Weights and tables are the specifications'.
 */
#include "util/compat.h"
#include "core/vulndb/cvss.h"
#include "util/err.h"

#include <math.h>

#define MAX_METRICS 32
#define MAX_VALUES  6

struct metric_def {
	const char *name;
	const char *values[MAX_VALUES]; /* NULL-terminated when fewer */
	bool mandatory;
	int group; /* v2: 0 base, 1 temporal, 2 environmental (all-or-none groups) */
};

struct version_def {
	enum cvss_version version;
	const char *prefix; /* "" for v2 */
	const struct metric_def *metrics;
	size_t n;
};

/* CVSS v2 guide, table 13. */
static const struct metric_def v2_metrics[] = {
	{ "AV", { "L", "A", "N" }, true, 0 },
	{ "AC", { "H", "M", "L" }, true, 0 },
	{ "Au", { "M", "S", "N" }, true, 0 },
	{ "C", { "N", "P", "C" }, true, 0 },
	{ "I", { "N", "P", "C" }, true, 0 },
	{ "A", { "N", "P", "C" }, true, 0 },
	{ "E", { "U", "POC", "F", "H", "ND" }, false, 1 },
	{ "RL", { "OF", "TF", "W", "U", "ND" }, false, 1 },
	{ "RC", { "UC", "UR", "C", "ND" }, false, 1 },
	{ "CDP", { "N", "L", "LM", "MH", "H", "ND" }, false, 2 },
	{ "TD", { "N", "L", "M", "H", "ND" }, false, 2 },
	{ "CR", { "L", "M", "H", "ND" }, false, 2 },
	{ "IR", { "L", "M", "H", "ND" }, false, 2 },
	{ "AR", { "L", "M", "H", "ND" }, false, 2 },
};

/* CVSS v3.0 and v3.1 specifications, table 15 (the same metrics). */
static const struct metric_def v3_metrics[] = {
	{ "AV", { "N", "A", "L", "P" }, true, 0 },
	{ "AC", { "L", "H" }, true, 0 },
	{ "PR", { "N", "L", "H" }, true, 0 },
	{ "UI", { "N", "R" }, true, 0 },
	{ "S", { "U", "C" }, true, 0 },
	{ "C", { "H", "L", "N" }, true, 0 },
	{ "I", { "H", "L", "N" }, true, 0 },
	{ "A", { "H", "L", "N" }, true, 0 },
	{ "E", { "X", "H", "F", "P", "U" }, false, 1 },
	{ "RL", { "X", "U", "W", "T", "O" }, false, 1 },
	{ "RC", { "X", "C", "R", "U" }, false, 1 },
	{ "CR", { "X", "H", "M", "L" }, false, 2 },
	{ "IR", { "X", "H", "M", "L" }, false, 2 },
	{ "AR", { "X", "H", "M", "L" }, false, 2 },
	{ "MAV", { "X", "N", "A", "L", "P" }, false, 2 },
	{ "MAC", { "X", "L", "H" }, false, 2 },
	{ "MPR", { "X", "N", "L", "H" }, false, 2 },
	{ "MUI", { "X", "N", "R" }, false, 2 },
	{ "MS", { "X", "U", "C" }, false, 2 },
	{ "MC", { "X", "H", "L", "N" }, false, 2 },
	{ "MI", { "X", "H", "L", "N" }, false, 2 },
	{ "MA", { "X", "H", "L", "N" }, false, 2 },
};

/* CVSS v4.0 specification, section 7 (base, threat, environmental, supplemental). */
static const struct metric_def v4_metrics[] = {
	{ "AV", { "N", "A", "L", "P" }, true, 0 },
	{ "AC", { "L", "H" }, true, 0 },
	{ "AT", { "N", "P" }, true, 0 },
	{ "PR", { "N", "L", "H" }, true, 0 },
	{ "UI", { "N", "P", "A" }, true, 0 },
	{ "VC", { "H", "L", "N" }, true, 0 },
	{ "VI", { "H", "L", "N" }, true, 0 },
	{ "VA", { "H", "L", "N" }, true, 0 },
	{ "SC", { "H", "L", "N" }, true, 0 },
	{ "SI", { "H", "L", "N" }, true, 0 },
	{ "SA", { "H", "L", "N" }, true, 0 },
	{ "E", { "X", "A", "P", "U" }, false, 1 },
	{ "CR", { "X", "H", "M", "L" }, false, 2 },
	{ "IR", { "X", "H", "M", "L" }, false, 2 },
	{ "AR", { "X", "H", "M", "L" }, false, 2 },
	{ "MAV", { "X", "N", "A", "L", "P" }, false, 2 },
	{ "MAC", { "X", "L", "H" }, false, 2 },
	{ "MAT", { "X", "N", "P" }, false, 2 },
	{ "MPR", { "X", "N", "L", "H" }, false, 2 },
	{ "MUI", { "X", "N", "P", "A" }, false, 2 },
	{ "MVC", { "X", "H", "L", "N" }, false, 2 },
	{ "MVI", { "X", "H", "L", "N" }, false, 2 },
	{ "MVA", { "X", "H", "L", "N" }, false, 2 },
	{ "MSC", { "X", "H", "L", "N" }, false, 2 },
	{ "MSI", { "X", "S", "H", "L", "N" }, false, 2 },
	{ "MSA", { "X", "S", "H", "L", "N" }, false, 2 },
	{ "S", { "X", "N", "P" }, false, 3 },
	{ "AU", { "X", "N", "Y" }, false, 3 },
	{ "R", { "X", "A", "U", "I" }, false, 3 },
	{ "V", { "X", "D", "C" }, false, 3 },
	{ "RE", { "X", "L", "M", "H" }, false, 3 },
	{ "U", { "X", "Clear", "Green", "Amber", "Red" }, false, 3 },
};

static const struct version_def versions[] = {
	{ CVSS_V30, "CVSS:3.0/", v3_metrics, ARRAY_SIZE(v3_metrics) },
	{ CVSS_V31, "CVSS:3.1/", v3_metrics, ARRAY_SIZE(v3_metrics) },
	{ CVSS_V40, "CVSS:4.0/", v4_metrics, ARRAY_SIZE(v4_metrics) },
};

static const struct version_def v2_def = { CVSS_V2, "", v2_metrics, ARRAY_SIZE(v2_metrics) };

/* The values chosen: index into the metric's values, -1 when absent. */
struct vec {
	const struct version_def *def;
	int val[MAX_METRICS];
};

static int bad(const char *s, size_t len, const char *fmt, const char *a, size_t alen)
{
	int n = len > 160 ? 160 : (int)len;

	if (a)
		return err_set(ERR_PARSE, "'%.*s%s': %s '%.*s'", n, s, len > 160 ? "..." : "", fmt,
		               (int)(alen > 40 ? 40 : alen), a);
	return err_set(ERR_PARSE, "'%.*s%s': %s", n, s, len > 160 ? "..." : "", fmt);
}

static int parse_metrics(struct vec *v, const char *s, size_t len, const char *p, const char *end,
                         unsigned flags)
{
	const struct version_def *d = v->def;
	int last = -1;

	for (size_t i = 0; i < MAX_METRICS; i++)
		v->val[i] = -1;
	if (p >= end)
		return bad(s, len, "no metrics", NULL, 0);
	while (p <= end) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		const char *q = slash ? slash : end, *colon;
		size_t klen, vlen;
		int mi = -1, vi = -1;

		colon = memchr(p, ':', (size_t)(q - p));
		if (!colon)
			return bad(s, len, "expected METRIC:VALUE, got", p, (size_t)(q - p));
		klen = (size_t)(colon - p);
		vlen = (size_t)(q - colon - 1);
		for (size_t m = 0; m < d->n; m++) {
			if (strlen(d->metrics[m].name) == klen &&
			    !memcmp(d->metrics[m].name, p, klen)) {
				mi = (int)m;
				break;
			}
		}
		if (mi < 0)
			return bad(s, len, "unknown metric", p, klen);
		for (int k = 0; k < MAX_VALUES && d->metrics[mi].values[k]; k++) {
			const char *w = d->metrics[mi].values[k];

			if (strlen(w) == vlen && !memcmp(w, colon + 1, vlen)) {
				vi = k;
				break;
			}
		}
		if (vi < 0)
			return bad(s, len, "invalid value for metric", p, (size_t)(q - p));
		if (flags & CVSS_TOKENS_ONLY)
			goto next;
		if (v->val[mi] >= 0)
			return bad(s, len, "metric given twice:", p, klen);
		if (mi < last && !(flags & CVSS_ANY_ORDER))
			return bad(s, len, "metric out of order:", p, klen);
		v->val[mi] = vi;
		if (mi > last)
			last = mi;
	next:
		if (!slash)
			break;
		p = slash + 1;
		if (p == end)
			return bad(s, len, "trailing '/'", NULL, 0);
	}
	if (flags & CVSS_TOKENS_ONLY)
		return 0;
	for (size_t m = 0; m < d->n; m++)
		if (d->metrics[m].mandatory && v->val[m] < 0)
			return bad(s, len, "missing mandatory metric", d->metrics[m].name,
			           strlen(d->metrics[m].name));
	if (d->version == CVSS_V2) {
		/* The v2 guide lists each optional group whole. */
		for (int g = 1; g <= 2; g++) {
			int have = 0, total = 0;

			for (size_t m = 0; m < d->n; m++) {
				if (d->metrics[m].group != g)
					continue;
				total++;
				have += v->val[m] >= 0;
			}
			if (have && have != total)
				return bad(s, len,
				           g == 1 ? "incomplete temporal group"
				                  : "incomplete environmental group",
				           NULL, 0);
		}
	}
	return 0;
}

/* The letter of the value chosen for metric index m, or 'X' when absent. */
static const char *valname(const struct vec *v, int m)
{
	return v->val[m] < 0 ? "X" : v->def->metrics[m].values[v->val[m]];
}

/* ---- CVSS v2.0 ---- */

static int score_v2(const struct vec *v)
{
	static const double av[] = { 0.395, 0.646, 1.0 };
	static const double ac[] = { 0.35, 0.61, 0.71 };
	static const double au[] = { 0.45, 0.56, 0.704 };
	static const double cia[] = { 0.0, 0.275, 0.660 };
	double impact, expl, f, base;

	impact = 10.41 * (1 - (1 - cia[v->val[3]]) * (1 - cia[v->val[4]]) * (1 - cia[v->val[5]]));
	expl = 20 * av[v->val[0]] * ac[v->val[1]] * au[v->val[2]];
	f = impact == 0 ? 0 : 1.176;
	base = ((0.6 * impact) + (0.4 * expl) - 1.5) * f;
	/* round_to_1_decimal; the guard keeps 4.45 (stored as 4.4499...) rounding up */
	return (int)floor(base * 10 + 0.5 + 1e-9);
}

/* ---- CVSS v3.0 and v3.1 ---- */

/* 3.1, Appendix A: Roundup in integer arithmetic, to avoid floating-point surprises. */
static int roundup31(double x)
{
	long long i = llround(x * 100000.0);

	if (i % 10000 == 0)
		return (int)(i / 10000);
	return (int)(i / 10000) + 1;
}

/* 3.0, section 8.5: the smallest number, to one decimal place, equal to or higher than x. */
static int roundup30(double x)
{
	return (int)ceil(x * 10);
}

static int score_v3(const struct vec *v)
{
	static const double av[] = { 0.85, 0.62, 0.55, 0.2 };
	static const double ac[] = { 0.77, 0.44 };
	static const double pr_u[] = { 0.85, 0.62, 0.27 };
	static const double pr_c[] = { 0.85, 0.68, 0.5 };
	static const double ui[] = { 0.85, 0.62 };
	static const double cia[] = { 0.56, 0.22, 0.0 };
	bool changed = v->val[4] == 1;
	double iss, impact, expl, sum;
	int (*roundup)(double) = v->def->version == CVSS_V31 ? roundup31 : roundup30;

	iss = 1 - ((1 - cia[v->val[5]]) * (1 - cia[v->val[6]]) * (1 - cia[v->val[7]]));
	if (changed)
		impact = 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15);
	else
		impact = 6.42 * iss;
	expl = 8.22 * av[v->val[0]] * ac[v->val[1]] * (changed ? pr_c : pr_u)[v->val[2]] *
	       ui[v->val[3]];
	if (impact <= 0)
		return 0;
	sum = changed ? 1.08 * (impact + expl) : impact + expl;
	return roundup(sum < 10 ? sum : 10);
}

/* ---- CVSS v4.0 ---- */

/*
 * The score of each MacroVector (specification section 8.2, the lookup table
 * published with it), in tenths, indexed [eq1][eq2][eq3][eq4][eq5][eq6];
 * -1 where the combination does not exist.
 */
static const signed char v4_lookup[3 * 2 * 3 * 3 * 3 * 2] = {
	100, 99, 98, 95, 95, 92, 100, 96, 93, 87, 91, 81, 93, 90, 89, 80, 81, 68, 98, 95, 95, 92,
	90,  84, 93, 92, 89, 81, 81,  65, 88, 80, 78, 70, 69, 48, -1, 92, -1, 82, -1, 72, -1, 79,
	-1,  69, -1, 50, -1, 69, -1,  55, -1, 27, 99, 97, 95, 92, 92, 85, 95, 91, 90, 83, 84, 71,
	92,  81, 82, 71, 72, 53, 95,  93, 92, 85, 85, 73, 92, 82, 80, 72, 70, 59, 84, 70, 71, 52,
	50,  30, -1, 86, -1, 75, -1,  52, -1, 71, -1, 52, -1, 29, -1, 63, -1, 29, -1, 17, 98, 95,
	94,  87, 91, 81, 94, 89, 86,  74, 77, 64, 87, 75, 74, 63, 63, 49, 94, 89, 88, 77, 76, 67,
	86,  76, 74, 58, 59, 50, 72,  57, 57, 52, 52, 25, -1, 83, -1, 70, -1, 54, -1, 65, -1, 58,
	-1,  26, -1, 53, -1, 21, -1,  13, 95, 90, 88, 76, 76, 70, 90, 77, 75, 62, 61, 53, 77, 66,
	68,  59, 52, 30, 89, 78, 76,  67, 62, 58, 74, 59, 57, 57, 47, 23, 61, 52, 57, 29, 24, 16,
	-1,  71, -1, 59, -1, 30, -1,  58, -1, 26, -1, 15, -1, 23, -1, 13, -1, 6,  93, 87, 86, 72,
	75,  58, 86, 74, 74, 61, 56,  34, 70, 54, 52, 40, 40, 22, 85, 75, 74, 55, 62, 51, 72, 57,
	55,  41, 46, 19, 53, 36, 34,  19, 19, 8,  -1, 64, -1, 51, -1, 20, -1, 47, -1, 21, -1, 11,
	-1,  24, -1, 9,  -1, 4,  88,  75, 73, 53, 60, 50, 73, 55, 59, 40, 41, 20, 54, 43, 45, 22,
	20,  11, 75, 55, 58, 45, 40,  21, 61, 51, 48, 18, 20, 9,  46, 18, 17, 7,  8,  2,  -1, 53,
	-1,  24, -1, 14, -1, 24, -1,  12, -1, 5,  -1, 10, -1, 3,  -1, 1,
};

static int v4_macro_score(int e1, int e2, int e3, int e4, int e5, int e6)
{
	if (e1 < 0 || e1 > 2 || e2 < 0 || e2 > 1 || e3 < 0 || e3 > 2 || e4 < 0 || e4 > 2 ||
	    e5 < 0 || e5 > 2 || e6 < 0 || e6 > 1)
		return -1;
	return v4_lookup[((((e1 * 2 + e2) * 3 + e3) * 3 + e4) * 3 + e5) * 2 + e6];
}

enum {
	V4_AV,
	V4_AC,
	V4_AT,
	V4_PR,
	V4_UI,
	V4_VC,
	V4_VI,
	V4_VA,
	V4_SC,
	V4_SI,
	V4_SA,
	V4_E,
	V4_CR,
	V4_IR,
	V4_AR,
	V4_MAV, /* the modified metrics follow in the order of AV..SA less AT's position */
};

/*
 * The effective value of a metric as one letter: the modified metric when
 * given, else the base one; E, CR, IR and AR default to their worst case.
 */
static char v4_eff(const struct vec *v, int m)
{
	static const int modified[] = { 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25 };
	const char *x;

	if (m <= V4_SA) {
		x = valname(v, modified[m]);
		if (x[0] != 'X')
			return x[0];
		return valname(v, m)[0];
	}
	x = valname(v, m);
	if (x[0] == 'X')
		return m == V4_E ? 'A' : 'H';
	return x[0];
}

/* Severity levels of the specification, in tenths (AV: N 0.0, A 0.1, ...). */
static int v4_level(int m, char c)
{
	switch (m) {
	case V4_AV:
		return c == 'N' ? 0 : c == 'A' ? 1 : c == 'L' ? 2 : 3;
	case V4_PR:
		return c == 'N' ? 0 : c == 'L' ? 1 : 2;
	case V4_UI:
		return c == 'N' ? 0 : c == 'P' ? 1 : 2;
	case V4_AC:
		return c == 'L' ? 0 : 1;
	case V4_AT:
		return c == 'N' ? 0 : 1;
	case V4_VC:
	case V4_VI:
	case V4_VA:
		return c == 'H' ? 0 : c == 'L' ? 1 : 2;
	case V4_SC:
		return c == 'H' ? 1 : c == 'L' ? 2 : 3;
	case V4_SI:
	case V4_SA:
		return c == 'S' ? 0 : c == 'H' ? 1 : c == 'L' ? 2 : 3;
	case V4_CR:
	case V4_IR:
	case V4_AR:
		return c == 'H' ? 0 : c == 'M' ? 1 : 2;
	default:
		return 0;
	}
}

/*
 * The highest severity vectors of each MacroVector level (the specification's
 * "max composed" table): strings of metric:value pairs.
 */
static const char *const v4_max_eq1[3][3] = {
	{ "AV:N/PR:N/UI:N/" },
	{ "AV:A/PR:N/UI:N/", "AV:N/PR:L/UI:N/", "AV:N/PR:N/UI:P/" },
	{ "AV:P/PR:N/UI:N/", "AV:A/PR:L/UI:P/" },
};
static const char *const v4_max_eq2[2][2] = {
	{ "AC:L/AT:N/" },
	{ "AC:H/AT:N/", "AC:L/AT:P/" },
};
static const char *const v4_max_eq3eq6[3][2][5] = {
	{ { "VC:H/VI:H/VA:H/CR:H/IR:H/AR:H/" },
	  { "VC:H/VI:H/VA:L/CR:M/IR:M/AR:H/", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M/" } },
	{ { "VC:L/VI:H/VA:H/CR:H/IR:H/AR:H/", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H/" },
	  { "VC:L/VI:H/VA:L/CR:H/IR:M/AR:H/", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M/",
	    "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M/", "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H/",
	    "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M/" } },
	{ { NULL }, { "VC:L/VI:L/VA:L/CR:H/IR:H/AR:H/" } },
};
static const char *const v4_max_eq4[3] = { "SC:H/SI:S/SA:S/", "SC:H/SI:H/SA:H/",
	                                   "SC:L/SI:L/SA:L/" };

/* The depth of each MacroVector level, in tenths ("max severity" table). */
static const int v4_depth_eq1[3] = { 1, 4, 5 };
static const int v4_depth_eq2[2] = { 1, 2 };
static const int v4_depth_eq3eq6[3][2] = { { 7, 6 }, { 8, 8 }, { 0, 10 } };
static const int v4_depth_eq4[3] = { 6, 5, 4 };

/* The value letter of metric name in a max-vector string like "AV:N/PR:N/". */
static char max_value(const char *s, const char *name)
{
	size_t n = strlen(name);

	while (*s) {
		const char *colon = strchr(s, ':');

		if ((size_t)(colon - s) == n && !memcmp(s, name, n))
			return colon[1];
		s = strchr(colon, '/') + 1;
	}
	return 0;
}

static const char *const v4_dist_names[] = { "AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA",
	                                     "SC", "SI", "SA", "E",  "CR", "IR", "AR" };

static int score_v4(const struct vec *v)
{
	char eff[V4_AR + 1];
	int e1, e2, e3, e4, e5, e6, value, dist[V4_AR + 1] = { 0 };
	int lower[5], sev[5], depth[5];
	double mean = 0, x;
	int n_lower = 0;
	bool found = false;

	for (int m = 0; m <= V4_AR; m++)
		eff[m] = v4_eff(v, m);
	/* MSI and MSA may be S (safety), which only the modified metrics allow. */
	if (eff[V4_VC] == 'N' && eff[V4_VI] == 'N' && eff[V4_VA] == 'N' && eff[V4_SC] == 'N' &&
	    eff[V4_SI] == 'N' && eff[V4_SA] == 'N')
		return 0;

	/* Section 8.2: the equivalence classes. */
	if (eff[V4_AV] == 'N' && eff[V4_PR] == 'N' && eff[V4_UI] == 'N')
		e1 = 0;
	else if ((eff[V4_AV] == 'N' || eff[V4_PR] == 'N' || eff[V4_UI] == 'N') && eff[V4_AV] != 'P')
		e1 = 1;
	else
		e1 = 2;
	e2 = eff[V4_AC] == 'L' && eff[V4_AT] == 'N' ? 0 : 1;
	if (eff[V4_VC] == 'H' && eff[V4_VI] == 'H')
		e3 = 0;
	else if (eff[V4_VC] == 'H' || eff[V4_VI] == 'H' || eff[V4_VA] == 'H')
		e3 = 1;
	else
		e3 = 2;
	if (valname(v, 24)[0] == 'S' || valname(v, 25)[0] == 'S')
		e4 = 0;
	else if (eff[V4_SC] == 'H' || eff[V4_SI] == 'H' || eff[V4_SA] == 'H')
		e4 = 1;
	else
		e4 = 2;
	e5 = eff[V4_E] == 'A' ? 0 : eff[V4_E] == 'P' ? 1 : 2;
	e6 = (eff[V4_CR] == 'H' && eff[V4_VC] == 'H') || (eff[V4_IR] == 'H' && eff[V4_VI] == 'H') ||
	                     (eff[V4_AR] == 'H' && eff[V4_VA] == 'H')
	             ? 0
	             : 1;

	value = v4_macro_score(e1, e2, e3, e4, e5, e6);
	if (value < 0)
		BUG("no MacroVector %d%d%d%d%d%d", e1, e2, e3, e4, e5, e6);

	/* The next lower MacroVector of each equivalence class, when it exists. */
	lower[0] = v4_macro_score(e1 + 1, e2, e3, e4, e5, e6);
	lower[1] = v4_macro_score(e1, e2 + 1, e3, e4, e5, e6);
	if (e3 == 0 && e6 == 0) {
		int l = v4_macro_score(e1, e2, e3, e4, e5, e6 + 1);
		int r = v4_macro_score(e1, e2, e3 + 1, e4, e5, e6);

		lower[2] = l > r ? l : r;
	} else if (e3 == 1 && e6 == 0) {
		lower[2] = v4_macro_score(e1, e2, e3, e4, e5, e6 + 1);
	} else if (e3 == 2) {
		lower[2] = -1; /* 21 has nothing below it */
	} else {
		lower[2] = v4_macro_score(e1, e2, e3 + 1, e4, e5, e6);
	}
	lower[3] = v4_macro_score(e1, e2, e3, e4 + 1, e5, e6);
	lower[4] = v4_macro_score(e1, e2, e3, e4, e5 + 1, e6);

	/*
	 * The severity distance from the first highest-severity vector of this
	 * MacroVector that is at least as severe as the vector in every metric.
	 */
	for (int a = 0; a < 3 && v4_max_eq1[e1][a] && !found; a++)
		for (int b = 0; b < 2 && v4_max_eq2[e2][b] && !found; b++)
			for (int c = 0; c < 5 && v4_max_eq3eq6[e3][e6][c] && !found; c++) {
				const char *parts[4] = { v4_max_eq1[e1][a], v4_max_eq2[e2][b],
					                 v4_max_eq3eq6[e3][e6][c], v4_max_eq4[e4] };
				bool ok = true;

				for (int m = 0; m <= V4_AR; m++) {
					char mv = 0;

					if (m == V4_E)
						continue;
					for (int k = 0; k < 4 && !mv; k++)
						mv = max_value(parts[k], v4_dist_names[m]);
					dist[m] = v4_level(m, eff[m]) - v4_level(m, mv);
					if (dist[m] < 0)
						ok = false;
				}
				found = ok;
			}

	sev[0] = dist[V4_AV] + dist[V4_PR] + dist[V4_UI];
	sev[1] = dist[V4_AC] + dist[V4_AT];
	sev[2] = dist[V4_VC] + dist[V4_VI] + dist[V4_VA] + dist[V4_CR] + dist[V4_IR] + dist[V4_AR];
	sev[3] = dist[V4_SC] + dist[V4_SI] + dist[V4_SA];
	sev[4] = 0;
	depth[0] = v4_depth_eq1[e1];
	depth[1] = v4_depth_eq2[e2];
	depth[2] = v4_depth_eq3eq6[e3][e6];
	depth[3] = v4_depth_eq4[e4];
	depth[4] = 1;

	/* The mean of the proportional distances over the classes that have a lower MacroVector. */
	for (int i = 0; i < 5; i++) {
		if (lower[i] < 0)
			continue;
		n_lower++;
		mean += (value - lower[i]) / 10.0 * ((double)sev[i] / depth[i]);
	}
	if (n_lower)
		mean /= n_lower;
	x = value / 10.0 - mean;
	if (x < 0)
		x = 0;
	if (x > 10)
		x = 10;
	/* Round half up; the small epsilon keeps exact halves from rounding down. */
	return (int)floor((x + 1e-6) * 10 + 0.5);
}

enum cvss_severity cvss_severity_of(enum cvss_version v, int score10)
{
	if (v == CVSS_V2)
		return score10 < 40 ? CVSS_SEV_LOW : score10 < 70 ? CVSS_SEV_MEDIUM : CVSS_SEV_HIGH;
	if (score10 <= 0)
		return CVSS_SEV_NONE;
	if (score10 < 40)
		return CVSS_SEV_LOW;
	if (score10 < 70)
		return CVSS_SEV_MEDIUM;
	if (score10 < 90)
		return CVSS_SEV_HIGH;
	return CVSS_SEV_CRITICAL;
}

int cvss_parse(struct cvss *out, const char *s, size_t len, unsigned flags)
{
	struct vec v;
	const struct version_def *d = NULL;
	const char *p;
	int r, score;

	if (len > CVSS_MAX_LEN)
		return err_set(ERR_TOOBIG, "CVSS vector longer than %d bytes", CVSS_MAX_LEN);
	if (len == 0)
		return err_set(ERR_PARSE, "empty CVSS vector");
	for (size_t i = 0; i < ARRAY_SIZE(versions); i++) {
		if (len >= strlen(versions[i].prefix) &&
		    !memcmp(s, versions[i].prefix, strlen(versions[i].prefix))) {
			d = &versions[i];
			break;
		}
	}
	if (!d) {
		if (len >= 5 && !memcmp(s, "CVSS:", 5))
			return bad(s, len, "unknown CVSS version", NULL, 0);
		d = &v2_def;
	}
	p = s + strlen(d->prefix);
	v.def = d;
	r = parse_metrics(&v, s, len, p, s + len, flags);
	if (r < 0 || (flags & CVSS_TOKENS_ONLY))
		return r;
	switch (d->version) {
	case CVSS_V2:
		score = score_v2(&v);
		break;
	case CVSS_V30:
	case CVSS_V31:
		score = score_v3(&v);
		break;
	default:
		score = score_v4(&v);
		break;
	}
	out->version = d->version;
	out->score10 = score;
	out->severity = cvss_severity_of(d->version, score);
	return 0;
}

static const char *const sev_names[] = { "UNKNOWN", "NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL" };
static const char *const sev_lnames[] = { "unknown", "none", "low", "medium", "high", "critical" };

const char *cvss_severity_name(enum cvss_severity s)
{
	return (unsigned)s < ARRAY_SIZE(sev_names) ? sev_names[s] : "UNKNOWN";
}

const char *cvss_severity_lname(enum cvss_severity s)
{
	return (unsigned)s < ARRAY_SIZE(sev_lnames) ? sev_lnames[s] : "unknown";
}

enum cvss_severity cvss_severity_parse(const char *s, size_t len)
{
	for (size_t i = 1; i < ARRAY_SIZE(sev_lnames); i++)
		if (strlen(sev_lnames[i]) == len && !strncasecmp(s, sev_lnames[i], len))
			return (enum cvss_severity)i;
	if (len == 8 && !strncasecmp(s, "moderate", 8))
		return CVSS_SEV_MEDIUM;
	return CVSS_SEV_UNKNOWN;
}
