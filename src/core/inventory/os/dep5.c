/*
 * dep5.c: see dep5.h. The deb822 rules here are those python3-debian
 * applies to copyright files (checked by test_dep5 against every copyright
 * file of the machine); the licence grammar is copyright-format 1.0's
 * "License specification".
 */
#include "util/compat.h"
#include "core/inventory/os/dep5.h"
#include "util/alloc.h"
#include "util/lines.h"
#include "util/strmap.h"

#include <strings.h>

enum field { F_NONE, F_OTHER, F_FORMAT, F_FILES, F_LICENSE };

struct para {
	size_t line;
	bool format, files_set, license_set;
	struct buf files;
	const char *lic;
	size_t nlic;
	enum field cur;
};

static bool blank(const char *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (l[i] != ' ' && l[i] != '\t')
			return false;
	return true;
}

/* deb822 field names: printable US-ASCII but ':' and space, not starting with '-' or '#' */
static bool field_name_ok(const char *p, size_t n)
{
	if (!n || p[0] == '-' || p[0] == '#')
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] <= ' ' || (unsigned char)p[i] > '~')
			return false;
	return true;
}

static bool name_is(const char *p, size_t n, const char *want)
{
	return strlen(want) == n && !strncasecmp(p, want, n);
}

/* Appends the white-space separated words of (p, n) to files, one space between. */
static void add_words(struct buf *files, const char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t s;

		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		s = i;
		while (i < n && p[i] != ' ' && p[i] != '\t')
			i++;
		if (i > s) {
			if (files->len)
				buf_addch(files, ' ');
			buf_add(files, p + s, i - s);
		}
	}
}

static void para_reset(struct para *p)
{
	buf_reset(&p->files);
	p->line = 0;
	p->format = p->files_set = p->license_set = false;
	p->lic = NULL;
	p->nlic = 0;
	p->cur = F_NONE;
}

/* A complete paragraph; false when the file turns out not to be machine-readable. */
static bool para_end(struct dep5 *d, struct para *p, size_t *nparas)
{
	if (!p->line)
		return true;
	if ((*nparas)++ == 0) {
		d->machine_readable = p->format;
		return p->format;
	}
	if (p->files_set) {
		struct dep5_files *f;

		if (d->nfiles >= DEP5_MAX_PARAS) {
			d->truncated = true;
			return true;
		}
		ALLOC_GROW(d->files, d->nfiles + 1, d->afiles);
		f = &d->files[d->nfiles++];
		f->line = p->line;
		f->files = xmemdupz(p->files.ptr ? p->files.ptr : "", p->files.len);
		f->license = p->license_set
		                     ? xmemdupz(p->lic ? p->lic : "", p->nlic < DEP5_MAX_SYNOPSIS
		                                                              ? p->nlic
		                                                              : DEP5_MAX_SYNOPSIS)
		                     : NULL;
	}
	return true;
}

void dep5_parse(struct dep5 *out, const char *data, size_t len)
{
	struct para p = { .files = BUF_INIT };
	struct lines it;
	const char *l;
	size_t n, nparas = 0;
	bool ok = true;

	if (len > DEP5_MAX_SIZE) {
		len = DEP5_MAX_SIZE;
		out->truncated = true;
	}
	it = (struct lines)LINES_INIT(data, len);
	while (ok && lines_next(&it, &l, &n)) {
		const char *colon;
		struct span {
			const char *p;
			size_t n;
		} v;

		if (n && l[0] == '#')
			continue;
		if (blank(l, n)) {
			ok = para_end(out, &p, &nparas);
			para_reset(&p);
			continue;
		}
		if (l[0] == ' ' || l[0] == '\t') {
			if (!p.line)
				ok = false; /* a continuation with nothing to continue */
			else if (p.cur == F_FILES)
				add_words(&p.files, l, n);
			continue;
		}
		colon = memchr(l, ':', n);
		if (!colon || !field_name_ok(l, (size_t)(colon - l))) {
			ok = false;
			break;
		}
		if (!p.line)
			p.line = it.lineno;
		v.p = colon + 1;
		v.n = n - (size_t)(v.p - l);
		str_trim(&v.p, &v.n);
		p.cur = F_OTHER;
		if (name_is(l, (size_t)(colon - l), "Format") ||
		    name_is(l, (size_t)(colon - l), "Format-Specification")) {
			p.format = true;
		} else if (name_is(l, (size_t)(colon - l), "Files") && !p.files_set) {
			p.files_set = true;
			p.cur = F_FILES;
			add_words(&p.files, v.p, v.n);
		} else if (name_is(l, (size_t)(colon - l), "License") && !p.license_set) {
			p.license_set = true;
			p.lic = v.p;
			p.nlic = v.n;
		}
	}
	/* a file cut at DEP5_MAX_SIZE: its last paragraph may be cut too, left out */
	if (ok && !out->truncated)
		ok = para_end(out, &p, &nparas);
	if (!ok || !out->machine_readable) {
		dep5_release(out);
		*out = (struct dep5)DEP5_INIT;
	}
	buf_release(&p.files);
}

void dep5_release(struct dep5 *d)
{
	for (size_t i = 0; i < d->nfiles; i++) {
		free(d->files[i].files);
		free(d->files[i].license);
	}
	free(d->files);
	d->files = NULL;
	d->nfiles = d->afiles = 0;
}

/* ---- licence synopses as SPDX ---- */

/* Debian short names (and common spellings) that are one SPDX id, compared in any case. */
static const struct {
	const char *debian, *spdx;
} ids[] = {
	{ "Expat", "MIT" },
	{ "MIT", "MIT" },
	{ "X11", "X11" },
	{ "ISC", "ISC" },
	{ "Zlib", "Zlib" },
	{ "BSD-2-clause", "BSD-2-Clause" },
	{ "BSD-2", "BSD-2-Clause" },
	{ "BSD-3-clause", "BSD-3-Clause" },
	{ "BSD-3", "BSD-3-Clause" },
	{ "BSD-4-clause", "BSD-4-Clause" },
	{ "BSD-4", "BSD-4-Clause" },
	{ "0BSD", "0BSD" },
	{ "Apache-1.0", "Apache-1.0" },
	{ "Apache-1.1", "Apache-1.1" },
	{ "Apache-2", "Apache-2.0" },
	{ "Apache-2.0", "Apache-2.0" },
	{ "APACHE-2-LLVM-EXCEPTIONS", "Apache-2.0 WITH LLVM-exception" }, /* llvm-toolchain's */
	/* Debian's common-licenses/Artistic is Perl's */
	{ "Artistic", "Artistic-1.0-Perl" },
	{ "Artistic-1.0", "Artistic-1.0" },
	{ "Artistic-2.0", "Artistic-2.0" },
	{ "BSL-1.0", "BSL-1.0" },
	{ "Boost-1.0", "BSL-1.0" },
	{ "CC0", "CC0-1.0" },
	{ "CC0-1.0", "CC0-1.0" },
	{ "CC-BY-3.0", "CC-BY-3.0" },
	{ "CC-BY-4.0", "CC-BY-4.0" },
	{ "CC-BY-SA-3.0", "CC-BY-SA-3.0" },
	{ "CC-BY-SA-4.0", "CC-BY-SA-4.0" },
	{ "CDDL-1", "CDDL-1.0" },
	{ "CDDL-1.0", "CDDL-1.0" },
	{ "CDDL-1.1", "CDDL-1.1" },
	{ "curl", "curl" },
	{ "EPL-1.0", "EPL-1.0" },
	{ "EPL-2.0", "EPL-2.0" },
	{ "FSFAP", "FSFAP" },
	{ "FSFUL", "FSFUL" },
	{ "FSFULLR", "FSFULLR" },
	{ "FTL", "FTL" },
	{ "HPND", "HPND" },
	{ "ICU", "ICU" },
	{ "IJG", "IJG" },
	{ "Info-ZIP", "Info-ZIP" },
	{ "libpng", "Libpng" },
	{ "libpng-2.0", "libpng-2.0" },
	{ "LPPL-1.3c", "LPPL-1.3c" },
	{ "MIT-0", "MIT-0" },
	{ "MPL-1.0", "MPL-1.0" },
	{ "MPL-1.1", "MPL-1.1" },
	{ "MPL-2.0", "MPL-2.0" },
	{ "NTP", "NTP" },
	{ "OFL-1.1", "OFL-1.1" },
	{ "OpenLDAP-2.8", "OLDAP-2.8" },
	{ "OLDAP-2.8", "OLDAP-2.8" },
	{ "OpenSSL", "OpenSSL" },
	{ "PHP-3.0", "PHP-3.0" },
	{ "PHP-3.01", "PHP-3.01" },
	{ "PSF-2.0", "PSF-2.0" },
	{ "Python-2.0", "Python-2.0" },
	{ "Ruby", "Ruby" },
	{ "Sleepycat", "Sleepycat" },
	{ "TCL", "TCL" },
	{ "Unicode-DFS-2016", "Unicode-DFS-2016" },
	{ "Unlicense", "Unlicense" },
	{ "Vim", "Vim" },
	{ "W3C", "W3C" },
	{ "WTFPL", "WTFPL" },
	{ "ZPL-2.1", "ZPL-2.1" },
};

/* "with X exception": SPDX exception ids */
static const struct {
	const char *debian, *spdx;
} exceptions[] = {
	{ "Autoconf", NULL }, /* by the GPL's version: below */
	{ "Autoconf-2.0", "Autoconf-exception-2.0" },
	{ "Autoconf-3.0", "Autoconf-exception-3.0" },
	{ "Bison", "Bison-exception-2.2" },
	{ "Bison-2.2", "Bison-exception-2.2" },
	{ "Classpath", "Classpath-exception-2.0" },
	{ "Classpath-2.0", "Classpath-exception-2.0" },
	{ "Font", "Font-exception-2.0" },
	{ "GCC-3.1", "GCC-exception-3.1" },
	{ "Libtool", "Libtool-exception" },
	{ "Linux-syscall-note", "Linux-syscall-note" },
	{ "LLVM", "LLVM-exception" },
	{ "OCaml-LGPL-linking", "OCaml-LGPL-linking-exception" },
};

/* The GNU families: Debian "GPL-2+", "LGPL-2.1", "GFDL-NIV-1.3+"; versions SPDX knows */
static const struct {
	const char *debian, *spdx, *versions, *unversioned;
} families[] = {
	{ "GPL", "GPL", "1.0 2.0 3.0", "GPL-1.0-or-later" },
	{ "LGPL", "LGPL", "2.0 2.1 3.0", "LGPL-2.0-or-later" },
	{ "AGPL", "AGPL", "1.0 3.0", NULL },
	{ "GFDL-NIV", "GFDL", "1.1 1.2 1.3", NULL },
	{ "GFDL", "GFDL", "1.1 1.2 1.3", "GFDL-1.1-or-later" },
};

static bool word_in(const char *list, const char *w, size_t n)
{
	const char *p = list;

	while (*p) {
		const char *e = strchr(p, ' ');
		size_t k = e ? (size_t)(e - p) : strlen(p);

		if (k == n && !memcmp(p, w, n))
			return true;
		p += k + (e ? 1 : 0);
	}
	return false;
}

/* An id of the GNU families into out; false when (name, n) is none of them. */
static bool gnu_id(struct buf *out, const char *name, size_t n, bool plus)
{
	for (size_t i = 0; i < ARRAY_SIZE(families); i++) {
		size_t fl = strlen(families[i].debian);
		char ver[8];
		const char *v;
		size_t vn;

		if (n < fl || strncasecmp(name, families[i].debian, fl))
			continue;
		if (n == fl) {
			if (!families[i].unversioned)
				return false;
			buf_adds(out, families[i].unversioned);
			return true;
		}
		if (name[fl] != '-')
			continue; /* "GPLv2" and the like: not a short name */
		v = name + fl + 1;
		vn = n - fl - 1;
		if (vn == 1 && v[0] >= '1' && v[0] <= '9') {
			ver[0] = v[0];
			memcpy(ver + 1, ".0", 3);
		} else if (vn == 3 && v[0] >= '1' && v[0] <= '9' && v[1] == '.' && v[2] >= '0' &&
		           v[2] <= '9') {
			memcpy(ver, v, 3);
			ver[3] = '\0';
		} else {
			return false;
		}
		if (!word_in(families[i].versions, ver, strlen(ver)))
			return false;
		buf_addf(out, "%s-%s%s-%s", families[i].spdx, ver, i == 3 ? "-no-invariants" : "",
		         plus ? "or-later" : "only");
		return true;
	}
	return false;
}

static void licenseref(struct buf *out, const char *name, size_t n)
{
	size_t start = out->len;
	bool dash = true; /* no '-' at the start, none doubled */

	buf_adds(out, "LicenseRef-");
	start = out->len;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (c == '+') {
			buf_adds(out, "plus");
			dash = false;
		} else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		           (c >= '0' && c <= '9') || c == '.') {
			buf_addch(out, c);
			dash = false;
		} else if (!dash) {
			buf_addch(out, '-');
			dash = true;
		}
	}
	while (out->len > start && out->ptr[out->len - 1] == '-')
		buf_truncate(out, out->len - 1);
	if (out->len == start)
		buf_adds(out, "unnamed");
}

/* One licence name (and exception, or NULL) as an SPDX term. */
static void license_term(struct buf *out, const char *name, size_t n, const char *exc, size_t en)
{
	bool plus = n > 1 && name[n - 1] == '+';
	size_t bn = plus ? n - 1 : n, start = out->len;
	const char *ex = NULL;
	bool known = false;

	if (gnu_id(out, name, bn, plus)) {
		known = true;
	} else if (!plus) {
		for (size_t i = 0; i < ARRAY_SIZE(ids) && !known; i++)
			if (strlen(ids[i].debian) == bn && !strncasecmp(ids[i].debian, name, bn)) {
				buf_adds(out, ids[i].spdx);
				known = true;
			}
	}
	if (exc) {
		/* one exception at most: APACHE-2-LLVM-EXCEPTIONS has its own */
		known = known && !strchr(out->ptr + start, ' ');
		for (size_t i = 0; i < ARRAY_SIZE(exceptions) && known && !ex; i++)
			if (strlen(exceptions[i].debian) == en &&
			    !strncasecmp(exceptions[i].debian, exc, en))
				ex = exceptions[i].spdx                  ? exceptions[i].spdx
				     : strstr(out->ptr + start, "-3.0-") ? "Autoconf-exception-3.0"
				                                         : "Autoconf-exception-2.0";
		if (!ex) {
			/* a licence with an exception SPDX has no id for: one name for both */
			struct buf whole = BUF_INIT;

			buf_truncate(out, start);
			buf_addf(&whole, "%.*s with %.*s exception", (int)n, name, (int)en, exc);
			licenseref(out, whole.ptr, whole.len);
			buf_release(&whole);
			return;
		}
		buf_addf(out, " WITH %s", ex);
		return;
	}
	if (!known)
		licenseref(out, name, n);
}

struct word {
	const char *p;
	size_t n;
	bool comma; /* followed by ',' */
};

static bool is_op(const struct word *w, const char **op)
{
	if (w->n == 3 && !strncasecmp(w->p, "and", 3))
		*op = "AND";
	else if (w->n == 2 && !strncasecmp(w->p, "or", 2))
		*op = "OR";
	else
		return false;
	return true;
}

/* words[i..n) from a term's first word: the term, ending where an operator starts */
static size_t term(struct buf *out, const struct word *w, size_t i, size_t n)
{
	struct buf name = BUF_INIT, exc = BUF_INIT;
	const char *op;
	bool has_exc = false;
	size_t k = i;

	for (; k < n; k++) {
		if (k > i && is_op(&w[k], &op))
			break;
		if (k > i && w[k].n == 4 && !strncasecmp(w[k].p, "with", 4)) {
			size_t e = k + 1;

			while (e < n && !(w[e].n == 9 && !strncasecmp(w[e].p, "exception", 9)))
				e++;
			if (e < n && e > k + 1) {
				for (size_t j = k + 1; j < e; j++) {
					if (exc.len)
						buf_addch(&exc, '-');
					buf_add(&exc, w[j].p, w[j].n);
				}
				has_exc = true;
				k = e + 1;
				break;
			}
		}
		if (name.len)
			buf_addch(&name, '-');
		buf_add(&name, w[k].p, w[k].n);
		if (w[k].comma) {
			k++;
			break;
		}
	}
	license_term(out, name.ptr, name.len, has_exc ? exc.ptr : NULL, exc.len);
	buf_release(&name);
	buf_release(&exc);
	return k;
}

/* Whether op (" AND ", " OR ") joins terms of s outside parentheses; where, in *at. */
static bool top_level(const char *s, const char *op, const char **at)
{
	int depth = 0;
	size_t n = strlen(op);

	for (const char *p = s; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (!depth && !strncmp(p, op, n)) {
			if (at)
				*at = p;
			return true;
		}
	}
	return false;
}

static void add_paren(struct buf *out, const char *s)
{
	if (top_level(s, " AND ", NULL) || top_level(s, " OR ", NULL))
		buf_addf(out, "(%s)", s);
	else
		buf_adds(out, s);
}

bool dep5_license_spdx(struct buf *out, const char *synopsis)
{
	struct word *w = NULL;
	size_t nw = 0, aw = 0, i = 0, ngroups = 0, agroups = 0;
	const char *p = synopsis, *op, *pend = NULL, *joined = NULL;
	struct buf *groups = NULL;
	const char **gops = NULL; /* the operator after each group */
	size_t agops = 0;
	struct buf acc = BUF_INIT;
	int depth = 1; /* the parentheses of a group */

	while (*p) {
		const char *s;

		while (*p == ' ' || *p == '\t')
			p++;
		s = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (p == s)
			break;
		ALLOC_GROW(w, nw + 1, aw);
		w[nw] = (struct word){ s, (size_t)(p - s), false };
		while (w[nw].n && w[nw].p[w[nw].n - 1] == ',') {
			w[nw].n--;
			w[nw].comma = true;
		}
		if (w[nw].n)
			nw++;
		else if (nw)
			w[nw - 1].comma = true;
	}
	/* groups of terms joined by and/or, the groups by ", and" / ", or" (a bare ',' as and) */
	while (i < nw) {
		struct buf *g;

		if (is_op(&w[i], &op)) {
			pend = op; /* dangling at the start or the end: dropped */
			i++;
			continue;
		}
		if (!ngroups || gops[ngroups - 1]) {
			ALLOC_GROW(groups, ngroups + 1, agroups);
			ALLOC_GROW(gops, ngroups + 1, agops);
			groups[ngroups] = (struct buf)BUF_INIT;
			gops[ngroups++] = NULL;
			pend = NULL;
		}
		g = &groups[ngroups - 1];
		if (g->len)
			buf_addf(g, " %s ", pend ? pend : "AND");
		pend = NULL;
		i = term(g, w, i, nw);
		if (w[i - 1].comma && i < nw) {
			gops[ngroups - 1] = "AND";
			if (is_op(&w[i], &op)) {
				gops[ngroups - 1] = op;
				i++;
			}
		}
	}
	for (size_t k = 0; k < ngroups; k++) {
		if (ngroups == 1) {
			buf_add(&acc, groups[k].ptr, groups[k].len);
			break;
		}
		if (k) {
			const char *gop = gops[k - 1];

			if (joined && strcmp(joined, gop)) {
				/* left to right: what is there binds first */
				struct buf t = BUF_INIT;

				if (++depth > DEP5_MAX_DEPTH)
					break;
				buf_addf(&t, "(%s)", acc.ptr);
				buf_release(&acc);
				acc = t;
			}
			buf_addf(&acc, " %s ", gop);
			joined = gop;
		}
		add_paren(&acc, groups[k].ptr);
	}
	if (depth > DEP5_MAX_DEPTH)
		licenseref(out, synopsis, strlen(synopsis)); /* too deep to be meant: one name */
	else if (acc.len)
		buf_add(out, acc.ptr, acc.len);
	buf_release(&acc);
	for (size_t k = 0; k < ngroups; k++)
		buf_release(&groups[k]);
	free(groups);
	free(gops);
	free(w);
	return ngroups > 0;
}

/* Whether the parentheses of (s, n) balance without going below zero: "(s)" is one group. */
static bool enclosed(const char *s, size_t n)
{
	int depth = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && --depth < 0)
			return false;
	}
	return depth == 0;
}

char *dep5_package_license(const struct dep5 *d)
{
	struct buf all = BUF_INIT, one = BUF_INIT;
	char **seen = NULL;
	size_t nseen = 0, aseen = 0;
	bool over = false;

	for (size_t i = 0; i < d->nfiles; i++) {
		const char *s, *at;

		buf_reset(&one);
		if (!d->files[i].license || !dep5_license_spdx(&one, d->files[i].license))
			continue;
		/* its top-level AND terms one by one, unless an OR binds them */
		s = one.ptr;
		for (;;) {
			bool more = !top_level(one.ptr, " OR ", NULL) && top_level(s, " AND ", &at);
			size_t n = more ? (size_t)(at - s) : strlen(s);
			bool dup = false;
			const char *t = s;

			if (n > 2 && s[0] == '(' && enclosed(s + 1, n - 2)) {
				t++; /* "(A OR B)" of "(A OR B) AND C" is A OR B */
				n -= 2;
			}

			for (size_t k = 0; k < nseen && !dup; k++)
				dup = strlen(seen[k]) == n && !memcmp(seen[k], t, n);
			if (!dup) {
				ALLOC_GROW(seen, nseen + 1, aseen);
				seen[nseen++] = xmemdupz(t, n);
			}
			if (!more)
				break;
			s = at + 5;
		}
	}
	for (size_t k = 0; k < nseen; k++) {
		if (k)
			buf_adds(&all, " AND ");
		if (nseen > 1)
			add_paren(&all, seen[k]);
		else
			buf_adds(&all, seen[k]);
		free(seen[k]);
	}
	over = all.len > DEP5_MAX_EXPRESSION;
	free(seen);
	buf_release(&one);
	if (over || !all.len) {
		buf_release(&all);
		return NULL;
	}
	return buf_detach(&all, NULL);
}

struct dep5_licenses {
	struct strmap names; /* package name -> 1 + index in lic */
	char **lic;          /* NULL: a copyright file without a licence */
	size_t n, a;
};

void dep5_licenses_add(struct dep5_licenses **m, const char *name, const char *data, size_t len)
{
	struct dep5 d = DEP5_INIT;
	char *lic;
	unsigned *at;

	if (!*m)
		*m = xcalloc(1, sizeof(**m));
	at = strmap_get(&(*m)->names, name);
	if (!at && (*m)->n >= DEP5_MAX_PACKAGES)
		return;
	dep5_parse(&d, data, len);
	lic = dep5_package_license(&d);
	dep5_release(&d);
	if (at) {
		free((*m)->lic[*at - 1]);
		(*m)->lic[*at - 1] = lic;
		return;
	}
	ALLOC_GROW((*m)->lic, (*m)->n + 1, (*m)->a);
	(*m)->lic[(*m)->n++] = lic;
	strmap_put(&(*m)->names, name, (unsigned)(*m)->n);
}

const char *dep5_licenses_get(const struct dep5_licenses *m, const char *name)
{
	const unsigned *at = m ? strmap_get(&m->names, name) : NULL;

	return at ? m->lic[*at - 1] : NULL;
}

void dep5_licenses_free(struct dep5_licenses *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		free(m->lic[i]);
	free(m->lic);
	strmap_release(&m->names);
	free(m);
}
