/*
 * osv.c: OSV schema validation, by hand rather than by a JSON Schema engine:
 * no such engine is packaged for C, and the rules that matter are few.
 * The tests check that every file this accepts also passes the official
 * schema with python3-jsonschema.
 */
#include "util/compat.h"
#include "core/vulndb/osv.h"
#include "core/vulndb/cvss.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/json.h"

#include <ctype.h>

/* The schema's $defs/ecosystemName enumeration, and "GIT". */
static const char *const ecosystems[] = {
	"AlmaLinux",
	"Alpaquita",
	"Alpine",
	"Android",
	"Azure Linux",
	"BellSoft Hardened Containers",
	"Bioconductor",
	"Bitnami",
	"Chainguard",
	"CleanStart",
	"ConanCenter",
	"CRAN",
	"crates.io",
	"Debian",
	"Docker Hardened Images",
	"Echo",
	"FreeBSD",
	"GHC",
	"GitHub Actions",
	"Go",
	"Hackage",
	"Hex",
	"Julia",
	"Kubernetes",
	"Linux",
	"Mageia",
	"Maven",
	"MinimOS",
	"npm",
	"NuGet",
	"opam",
	"openEuler",
	"openSUSE",
	"OSS-Fuzz",
	"Packagist",
	"Photon OS",
	"Pub",
	"PyPI",
	"Red Hat",
	"Rocky Linux",
	"Root",
	"RubyGems",
	"SUSE",
	"SwiftURL",
	"TuxCare",
	"Ubuntu",
	"VSCode",
	"Wolfi",
	"GIT",
};

/* The schema's $defs/prefix: home database prefixes of advisory ids. */
static const char *const id_prefixes[] = {
	"ASB-A",   "PUB-A",   "ALPINE",  "ALSA",        "ALBA",    "ALEA",   "AZL",
	"BELL",    "BIT",     "CGA",     "CLEANSTART",  "CLSA",    "CURL",   "CVE",
	"DEBIAN",  "DHI",     "DRUPAL",  "DSA",         "DLA",     "ELA",    "DTSA",
	"ECHO",    "EEF",     "FreeBSD", "GHSA",        "GO",      "GSD",    "HSEC",
	"JLSEC",   "KUBE",    "LBSEC",   "LSN",         "MAL",     "MINI",   "MGASA",
	"OESA",    "OSEC",    "OSV",     "openSUSE-SU", "PHSA",    "PSF",    "PYSEC",
	"RHBA",    "RHEA",    "RHSA",    "RLSA",        "RXSA",    "RSEC",   "ROOT",
	"RUSTSEC", "SUSE-SU", "SUSE-RU", "SUSE-FU",     "SUSE-OU", "UBUNTU", "USN",
	"V8",
};

static const char *const reference_types[] = { "ADVISORY", "ARTICLE",  "DETECTION",  "DISCUSSION",
	                                       "REPORT",   "FIX",      "INTRODUCED", "GIT",
	                                       "PACKAGE",  "EVIDENCE", "WEB" };

static const char *const credit_types[] = {
	"FINDER",
	"REPORTER",
	"ANALYST",
	"COORDINATOR",
	"REMEDIATION_DEVELOPER",
	"REMEDIATION_REVIEWER",
	"REMEDIATION_VERIFIER",
	"TOOL",
	"SPONSOR",
	"OTHER",
};

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

size_t osv_ecosystem_base_len(const char *ecosystem)
{
	const char *c = strchr(ecosystem, ':');

	return c ? (size_t)(c - ecosystem) : strlen(ecosystem);
}

bool osv_ecosystem_known(const char *base, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(ecosystems); i++)
		if (strlen(ecosystems[i]) == n && !memcmp(ecosystems[i], base, n))
			return true;
	return false;
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool osv_timestamp_valid(const char *ts)
{
	size_t n = strlen(ts), i = 19;

	if (n < 20 || !digits(ts, 4) || ts[4] != '-' || !digits(ts + 5, 2) || ts[7] != '-' ||
	    !digits(ts + 8, 2) || ts[10] != 'T' || !digits(ts + 11, 2) || ts[13] != ':' ||
	    !digits(ts + 14, 2) || ts[16] != ':' || !digits(ts + 17, 2))
		return false;
	if (ts[i] == '.') {
		size_t start = ++i;

		while (i < n && ts[i] >= '0' && ts[i] <= '9')
			i++;
		if (i == start)
			return false;
	}
	return i + 1 == n && ts[i] == 'Z';
}

bool osv_time_key(char out[30], const char *ts)
{
	size_t k = 19;

	if (!osv_timestamp_valid(ts))
		return false;
	memcpy(out, ts, 19);
	out[19] = '.';
	for (size_t i = 20; i < 29; i++)
		out[i] = '0';
	if (ts[19] == '.')
		for (size_t i = 20; ts[i] != 'Z' && k < 28; i++)
			out[++k] = ts[i];
	out[29] = 0;
	return true;
}

int osv_normalize_name(struct buf *out, const char *base, size_t baselen, const char *name,
                       size_t namelen)
{
	enum { AS_IS, LOWER, PEP503, CRATES } rule = AS_IS;
	bool in_sep = false;
	int r = 0;

	if (baselen == 4 && !memcmp(base, "PyPI", 4))
		rule = PEP503;
	else if ((baselen == 5 && !memcmp(base, "NuGet", 5)) ||
	         (baselen == 9 && !memcmp(base, "Packagist", 9)))
		rule = LOWER;
	else if (baselen == 9 && !memcmp(base, "crates.io", 9))
		rule = CRATES;
	if (rule == AS_IS)
		return buf_add(out, name, namelen);
	for (size_t i = 0; i < namelen && r == 0; i++) {
		char c = name[i];

		if (rule == PEP503 && (c == '-' || c == '_' || c == '.')) {
			if (!in_sep)
				r = buf_addch(out, '-');
			in_sep = true;
			continue;
		}
		in_sep = false;
		if (rule == CRATES && c == '_')
			c = '-';
		r = buf_addch(out, tolower((unsigned char)c));
	}
	return r;
}

/* ---- validation ---- */

#define FAIL(...) return err_set(ERR_PARSE, __VA_ARGS__)

static int opt_string(const json_t *o, const char *key, const char *where)
{
	json_t *v = json_object_get(o, key);

	if (v && !json_is_string(v))
		FAIL("%s%s: not a string", where, key);
	if (v && !vjson_strval(v))
		FAIL("%s%s: string holds a NUL character", where, key);
	return 0;
}

static int opt_object(const json_t *o, const char *key, const char *where)
{
	json_t *v = json_object_get(o, key);

	if (v && !json_is_object(v))
		FAIL("%s%s: not an object", where, key);
	return 0;
}

/* An optional array (or null when nullable) of strings. */
static int opt_strings(const json_t *o, const char *key, bool nullable)
{
	json_t *v = json_object_get(o, key), *e;
	size_t i;

	if (!v || (nullable && json_is_null(v)))
		return 0;
	if (!json_is_array(v))
		FAIL("%s: not an array", key);
	json_array_foreach(v, i, e) if (!vjson_strval(e)) FAIL("%s[%zu]: not a string", key, i);
	return 0;
}

static int timestamp(const json_t *o, const char *key, bool required)
{
	json_t *v = json_object_get(o, key);
	const char *s = vjson_strval(v);

	if (!v) {
		if (required)
			FAIL("missing '%s'", key);
		return 0;
	}
	if (!s)
		FAIL("%s: not a string", key);
	if (!osv_timestamp_valid(s))
		FAIL("%s: '%.60s' is not an RFC 3339 UTC time-stamp", key, s);
	return 0;
}

static bool ubuntu_priority(const char *s)
{
	static const char *const p[] = { "negligible", "low", "medium", "high", "critical" };

	return in_list(s, p, ARRAY_SIZE(p));
}

static int severity(const json_t *sev, const char *where)
{
	json_t *e;
	size_t i;

	if (!sev || json_is_null(sev))
		return 0;
	if (!json_is_array(sev))
		FAIL("%sseverity: not an array", where);
	json_array_foreach(sev, i, e)
	{
		const char *type = vjson_str(e, "type"), *score = vjson_str(e, "score");
		struct cvss c;
		int r = 0;

		if (!json_is_object(e) || !type || !score)
			FAIL("%sseverity[%zu]: needs string 'type' and 'score'", where, i);
		if (!strcmp(type, "CVSS_V2")) {
			if (!strncmp(score, "CVSS:", 5))
				r = -1;
			else
				r = cvss_parse(&c, score, strlen(score), CVSS_TOKENS_ONLY);
		} else if (!strcmp(type, "CVSS_V3")) {
			if (strncmp(score, "CVSS:3.0/", 9) && strncmp(score, "CVSS:3.1/", 9))
				r = -1;
			else
				r = cvss_parse(&c, score, strlen(score), CVSS_TOKENS_ONLY);
		} else if (!strcmp(type, "CVSS_V4")) {
			if (strncmp(score, "CVSS:4.0/", 9))
				r = -1;
			else
				r = cvss_parse(&c, score, strlen(score), 0);
		} else if (!strcmp(type, "Ubuntu")) {
			if (!ubuntu_priority(score))
				FAIL("%sseverity[%zu]: '%.40s' is not an Ubuntu priority", where, i,
				     score);
		} else {
			FAIL("%sseverity[%zu]: unknown type '%.40s'", where, i, type);
		}
		if (r < 0)
			FAIL("%sseverity[%zu]: '%.120s' is not a %s vector", where, i, score, type);
	}
	return 0;
}

static bool commit_hash(const char *s)
{
	size_t n = strlen(s);

	if (!strcmp(s, "0"))
		return true;
	if (n != 40 && n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static int range(const json_t *rg, size_t ai, size_t ri)
{
	static const char *const kinds[] = { "introduced", "fixed", "last_affected", "limit" };
	const char *type = vjson_str(rg, "type");
	json_t *events = json_object_get(rg, "events"), *ev;
	bool git, introduced = false, fixed = false, last = false;
	size_t i;
	int r;

	if (!json_is_object(rg))
		FAIL("affected[%zu].ranges[%zu]: not an object", ai, ri);
	if (!type)
		FAIL("affected[%zu].ranges[%zu]: missing 'type'", ai, ri);
	if (strcmp(type, "SEMVER") && strcmp(type, "ECOSYSTEM") && strcmp(type, "GIT"))
		FAIL("affected[%zu].ranges[%zu]: unknown range type '%.40s'", ai, ri, type);
	git = !strcmp(type, "GIT");
	if ((r = opt_string(rg, "repo", "")) < 0 ||
	    (r = opt_object(rg, "database_specific", "")) < 0)
		return err_prefix("affected[%zu].ranges[%zu].", ai, ri);
	if (git && !json_object_get(rg, "repo"))
		FAIL("affected[%zu].ranges[%zu]: GIT range without 'repo'", ai, ri);
	if (!json_is_array(events) || json_array_size(events) == 0)
		FAIL("affected[%zu].ranges[%zu]: 'events' must be a non-empty array", ai, ri);
	json_array_foreach(events, i, ev)
	{
		int found = -1, count = 0;
		const char *val;

		if (!json_is_object(ev))
			FAIL("affected[%zu].ranges[%zu].events[%zu]: not an object", ai, ri, i);
		for (int k = 0; k < 4; k++) {
			if (json_object_get(ev, kinds[k])) {
				found = k;
				count++;
			}
		}
		if (count != 1)
			FAIL("affected[%zu].ranges[%zu].events[%zu]: needs exactly one of "
			     "introduced, fixed, last_affected, limit",
			     ai, ri, i);
		val = vjson_str(ev, kinds[found]);
		if (!val)
			FAIL("affected[%zu].ranges[%zu].events[%zu].%s: not a string", ai, ri, i,
			     kinds[found]);
		if (git && !commit_hash(val))
			FAIL("affected[%zu].ranges[%zu].events[%zu].%s: '%.60s' is not a full "
			     "commit hash",
			     ai, ri, i, kinds[found], val);
		introduced |= found == 0;
		fixed |= found == 1;
		last |= found == 2;
	}
	if (!introduced)
		FAIL("affected[%zu].ranges[%zu]: no 'introduced' event", ai, ri);
	if (fixed && last)
		FAIL("affected[%zu].ranges[%zu]: 'fixed' and 'last_affected' in one range", ai, ri);
	return 0;
}

/*
 * Records range ri of affected entry ai, which range() refused, when its type
 * is GIT: its message without the "affected[ai].ranges[ri]" it starts with.
 */
static bool git_drop(struct osv_git_drops *drops, const json_t *rg, size_t ai, size_t ri)
{
	const char *type = vjson_str(rg, "type"), *why = err_msg();
	char place[64];
	size_t n;

	if (!drops || !type || strcmp(type, "GIT"))
		return false;
	n = (size_t)snprintf(place, sizeof(place), "affected[%zu].ranges[%zu]", ai, ri);
	if (!strncmp(why, place, n))
		why += n;
	if (*why == ':' || *why == '.')
		why++;
	while (*why == ' ')
		why++;
	ALLOC_GROW(drops->v, drops->n + 1, drops->alloc);
	drops->v[drops->n].affected = ai;
	drops->v[drops->n].range = ri;
	drops->v[drops->n].why = xstrdup(why);
	drops->n++;
	return true;
}

static int affected(const json_t *a, size_t ai, bool top_severity, struct osv_git_drops *drops)
{
	json_t *pkg = json_object_get(a, "package"), *ranges, *rg, *sev;
	size_t i;
	int r;

	if (!json_is_object(a))
		FAIL("affected[%zu]: not an object", ai);
	if (pkg) {
		const char *eco = vjson_str(pkg, "ecosystem"), *name = vjson_str(pkg, "name");
		size_t bl;

		if (!json_is_object(pkg))
			FAIL("affected[%zu].package: not an object", ai);
		if (!eco || !name)
			FAIL("affected[%zu].package: needs string 'ecosystem' and 'name'", ai);
		bl = osv_ecosystem_base_len(eco);
		if (!osv_ecosystem_known(eco, bl) || (eco[bl] == ':' && !eco[bl + 1]))
			FAIL("affected[%zu].package: unknown ecosystem '%.60s'", ai, eco);
		if ((r = opt_string(pkg, "purl", "")) < 0)
			return err_prefix("affected[%zu].package.", ai);
	}
	sev = json_object_get(a, "severity");
	if (top_severity && sev && !json_is_null(sev))
		FAIL("affected[%zu].severity: not allowed beside a top-level 'severity'", ai);
	if ((r = severity(sev, "")) < 0)
		return err_prefix("affected[%zu].", ai);
	ranges = json_object_get(a, "ranges");
	if (ranges && !json_is_array(ranges))
		FAIL("affected[%zu].ranges: not an array", ai);
	json_array_foreach(ranges, i, rg)
	{
		if ((r = range(rg, ai, i)) < 0 && !git_drop(drops, rg, ai, i))
			return r;
	}
	if ((r = opt_strings(a, "versions", false)) < 0 ||
	    (r = opt_object(a, "ecosystem_specific", "")) < 0 ||
	    (r = opt_object(a, "database_specific", "")) < 0)
		return err_prefix("affected[%zu].", ai);
	return 0;
}

static bool id_valid(const char *id)
{
	if (!strncmp(id, "x_", 2))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(id_prefixes); i++) {
		size_t n = strlen(id_prefixes[i]);

		if (!strncmp(id, id_prefixes[i], n) && id[n] == '-')
			return true;
	}
	return false;
}

static int validate(const json_t *doc, struct osv_git_drops *drops)
{
	const char *id;
	json_t *v, *e, *top_sev;
	size_t i;
	int r;

	if (!json_is_object(doc))
		FAIL("not a JSON object");
	id = vjson_str(doc, "id");
	if (!json_object_get(doc, "id"))
		FAIL("missing 'id'");
	if (!id || !*id)
		FAIL("id: not a non-empty string");
	if (!id_valid(id))
		FAIL("id: '%.60s' has no known database prefix", id);
	if ((r = timestamp(doc, "modified", true)) < 0 ||
	    (r = timestamp(doc, "published", false)) < 0 ||
	    (r = timestamp(doc, "withdrawn", false)) < 0)
		return r;
	if ((r = opt_string(doc, "schema_version", "")) < 0 ||
	    (r = opt_string(doc, "summary", "")) < 0 || (r = opt_string(doc, "details", "")) < 0 ||
	    (r = opt_strings(doc, "aliases", true)) < 0 ||
	    (r = opt_strings(doc, "related", false)) < 0 ||
	    (r = opt_strings(doc, "upstream", false)) < 0 ||
	    (r = opt_object(doc, "database_specific", "")) < 0)
		return r;
	top_sev = json_object_get(doc, "severity");
	if ((r = severity(top_sev, "")) < 0)
		return r;
	v = json_object_get(doc, "affected");
	if (v && !json_is_null(v) && !json_is_array(v))
		FAIL("affected: not an array");
	json_array_foreach(v, i, e) if ((r = affected(e, i, top_sev != NULL, drops)) < 0) return r;
	v = json_object_get(doc, "references");
	if (v && !json_is_null(v) && !json_is_array(v))
		FAIL("references: not an array");
	json_array_foreach(v, i, e)
	{
		const char *type = vjson_str(e, "type");

		if (!json_is_object(e) || !type || !vjson_str(e, "url"))
			FAIL("references[%zu]: needs string 'type' and 'url'", i);
		if (!in_list(type, reference_types, ARRAY_SIZE(reference_types)))
			FAIL("references[%zu]: unknown type '%.40s'", i, type);
	}
	v = json_object_get(doc, "credits");
	if (v && !json_is_array(v))
		FAIL("credits: not an array");
	json_array_foreach(v, i, e)
	{
		const char *type = vjson_str(e, "type");

		if (!json_is_object(e) || !vjson_str(e, "name"))
			FAIL("credits[%zu]: needs a string 'name'", i);
		if (json_object_get(e, "type") &&
		    (!type || !in_list(type, credit_types, ARRAY_SIZE(credit_types))))
			FAIL("credits[%zu]: unknown type", i);
		if ((r = opt_strings(e, "contact", false)) < 0)
			return err_prefix("credits[%zu].", i);
	}
	return 0;
}

int osv_validate(const json_t *doc)
{
	return validate(doc, NULL);
}

int osv_validate_lenient(struct osv_git_drops *out, const json_t *doc)
{
	return validate(doc, out);
}

void osv_git_drops_release(struct osv_git_drops *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].why);
	free(d->v);
	d->v = NULL;
	d->n = d->alloc = 0;
}

json_t *osv_without_ranges(const json_t *doc, const struct osv_git_drops *drops)
{
	json_t *copy = json_deep_copy(doc), *aff = json_object_get(copy, "affected");

	if (!copy)
		xalloc_die(0);
	/* Backwards, so that each index still names the range it named in doc. */
	for (size_t i = drops->n; i-- > 0;) {
		json_t *ranges =
		        json_object_get(json_array_get(aff, drops->v[i].affected), "ranges");

		json_array_remove(ranges, drops->v[i].range);
	}
	return copy;
}
