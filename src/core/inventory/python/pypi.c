/*
 * pypi.c: PEP 503 names, PEP 508 requirements, license mapping.
 */
#include "util/compat.h"
#include "core/inventory/python/pypi.h"
#include "util/alloc.h"
#include "util/lines.h"

#include <ctype.h>

static bool name_char(int c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.';
}

bool pypi_valid_name(const char *s, size_t n)
{
	if (!n || !isalnum((unsigned char)s[0]) || !isalnum((unsigned char)s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!name_char((unsigned char)s[i]))
			return false;
	return true;
}

int pypi_normalize(struct buf *out, const char *s, size_t n)
{
	int r = 0;

	for (size_t i = 0; i < n && r == 0; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '-' || c == '_' || c == '.') {
			while (i + 1 < n && (s[i + 1] == '-' || s[i + 1] == '_' || s[i + 1] == '.'))
				i++;
			r = buf_addch(out, '-');
		} else {
			r = buf_addch(out, tolower(c));
		}
	}
	return r;
}

bool pypi_same_name(const char *a, size_t an, const char *b, size_t bn)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	bool same;

	pypi_normalize(&x, a, an);
	pypi_normalize(&y, b, bn);
	same = x.len == y.len && !memcmp(x.ptr, y.ptr, x.len);
	buf_release(&x);
	buf_release(&y);
	return same;
}

static size_t skip_sp(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

static bool version_char(int c)
{
	return isalnum(c) || c == '.' || c == '*' || c == '+' || c == '!' || c == '-' || c == '_';
}

/* Parses "op version[, op version...]" in (s, n): all of it must be clauses. */
static int parse_spec(struct pyreq *out, const char *s, size_t n, const char **why)
{
	static const char *const ops[] = { "===", "~=", "==", "!=", "<=", ">=", "<", ">" };
	size_t i = skip_sp(s, n, 0);

	if (i == n)
		return 0;
	for (;;) {
		size_t opl = 0, v0;
		const char *op = NULL;

		for (size_t k = 0; k < ARRAY_SIZE(ops); k++) {
			size_t l = strlen(ops[k]);

			if (n - i >= l && !memcmp(s + i, ops[k], l)) {
				op = ops[k];
				opl = l;
				break;
			}
		}
		if (!op) {
			*why = "expected a version specifier (==, >=, ~=, ...)";
			return -1;
		}
		i = skip_sp(s, n, i + opl);
		v0 = i;
		if (!strcmp(op, "===")) {
			while (i < n && s[i] != ',' && s[i] != ' ' && s[i] != '\t' && s[i] != ';')
				i++;
		} else {
			while (i < n && version_char((unsigned char)s[i]))
				i++;
		}
		if (i == v0) {
			*why = "a version specifier without a version";
			return -1;
		}
		if (!strcmp(op, "===") || (!strcmp(op, "==") && !memchr(s + v0, '*', i - v0))) {
			if (out->npins &&
			    (out->pin.n != i - v0 || memcmp(out->pin.p, s + v0, i - v0)))
				out->npins++;
			else if (!out->npins)
				out->npins = 1;
			out->pin.p = s + v0;
			out->pin.n = i - v0;
		}
		i = skip_sp(s, n, i);
		if (i == n)
			return 0;
		if (s[i] != ',') {
			*why = "unexpected text after a version specifier";
			return -1;
		}
		i = skip_sp(s, n, i + 1);
	}
}

int pyreq_parse(struct pyreq *out, const char *s, size_t n, const char **why)
{
	size_t i, j;

	memset(out, 0, sizeof(*out));
	str_trim(&s, &n);
	i = 0;
	while (i < n && name_char((unsigned char)s[i]))
		i++;
	if (!i) {
		*why = "no package name";
		return -1;
	}
	if (!pypi_valid_name(s, i)) {
		*why = "not a valid package name";
		return -1;
	}
	out->name.p = s;
	out->name.n = i;
	i = skip_sp(s, n, i);
	if (i < n && s[i] == '[') {
		const char *e = memchr(s + i, ']', n - i);

		if (!e) {
			*why = "unclosed '[' of extras";
			return -1;
		}
		out->extras.p = s + i + 1;
		out->extras.n = (size_t)(e - s) - i - 1;
		str_trim(&out->extras.p, &out->extras.n);
		i = skip_sp(s, n, (size_t)(e - s) + 1);
	}
	if (i < n && s[i] == '@') {
		/* URL requirement: the marker follows " ;" (a URL may hold ';') */
		i = skip_sp(s, n, i + 1);
		j = i;
		while (j < n && s[j] != ' ' && s[j] != '\t')
			j++;
		if (j == i) {
			*why = "'@' without a URL";
			return -1;
		}
		out->url.p = s + i;
		out->url.n = j - i;
		i = skip_sp(s, n, j);
		if (i < n && s[i] != ';') {
			*why = "unexpected text after the URL";
			return -1;
		}
	} else {
		const char *semi = memchr(s + i, ';', n - i);
		size_t end = semi ? (size_t)(semi - s) : n;
		const char *sp = s + i;
		size_t sn = end - i;

		str_trim(&sp, &sn);
		if (sn && sp[0] == '(') {
			if (sp[sn - 1] != ')') {
				*why = "unclosed '(' of the version specifier";
				return -1;
			}
			sp++;
			sn -= 2;
		}
		out->spec.p = sp;
		out->spec.n = sn;
		str_trim(&out->spec.p, &out->spec.n);
		if (parse_spec(out, out->spec.p, out->spec.n, why) < 0)
			return -1;
		i = end;
	}
	if (i < n && s[i] == ';') {
		out->marker.p = s + i + 1;
		out->marker.n = n - i - 1;
		str_trim(&out->marker.p, &out->marker.n);
		if (!out->marker.n) {
			*why = "';' without an environment marker";
			return -1;
		}
	}
	return 0;
}

/* Licenses */

struct lic_map {
	const char *text, *spdx;
};

/* SPDX identifiers accepted as they are in a License field. */
static const char *const spdx_ids[] = {
	"0BSD",          "AFL-3.0",
	"AGPL-3.0-only", "AGPL-3.0-or-later",
	"Apache-1.1",    "Apache-2.0",
	"Artistic-2.0",  "BlueOak-1.0.0",
	"BSD-1-Clause",  "BSD-2-Clause",
	"BSD-3-Clause",  "BSL-1.0",
	"CC0-1.0",       "CC-BY-4.0",
	"CDDL-1.0",      "EPL-1.0",
	"EPL-2.0",       "EUPL-1.2",
	"GPL-2.0-only",  "GPL-2.0-or-later",
	"GPL-3.0-only",  "GPL-3.0-or-later",
	"HPND",          "ISC",
	"LGPL-2.0-only", "LGPL-2.0-or-later",
	"LGPL-2.1-only", "LGPL-2.1-or-later",
	"LGPL-3.0-only", "LGPL-3.0-or-later",
	"MIT",           "MIT-0",
	"MPL-1.1",       "MPL-2.0",
	"MS-PL",         "NCSA",
	"OpenSSL",       "PostgreSQL",
	"PSF-2.0",       "Python-2.0",
	"Unicode-3.0",   "Unlicense",
	"UPL-1.0",       "WTFPL",
	"X11",           "Zlib",
	"ZPL-2.1",
};

/* Free-text License fields seen in the wild that name exactly one licence. */
static const struct lic_map field_alias[] = {
	{ "MIT License", "MIT" },
	{ "The MIT License", "MIT" },
	{ "MIT license", "MIT" },
	{ "Expat", "MIT" },
	{ "Expat (MIT/X11)", "MIT" },
	{ "Expat license", "MIT" },
	{ "Apache 2.0", "Apache-2.0" },
	{ "Apache 2", "Apache-2.0" },
	{ "Apache-2", "Apache-2.0" },
	{ "Apache License 2.0", "Apache-2.0" },
	{ "Apache License, Version 2.0", "Apache-2.0" },
	{ "Apache License Version 2.0", "Apache-2.0" },
	{ "Apache Software License 2.0", "Apache-2.0" },
	{ "Apache Software License, Version 2.0", "Apache-2.0" },
	{ "ASL 2.0", "Apache-2.0" },
	{ "BSD 3-Clause", "BSD-3-Clause" },
	{ "BSD-3", "BSD-3-Clause" },
	{ "3-Clause BSD License", "BSD-3-Clause" },
	{ "New BSD License", "BSD-3-Clause" },
	{ "Modified BSD License", "BSD-3-Clause" },
	{ "BSD 2-Clause", "BSD-2-Clause" },
	{ "Simplified BSD License", "BSD-2-Clause" },
	{ "GPLv2+", "GPL-2.0-or-later" },
	{ "GPLv3+", "GPL-3.0-or-later" },
	{ "LGPLv2+", "LGPL-2.0-or-later" },
	{ "LGPLv2.1+", "LGPL-2.1-or-later" },
	{ "LGPLv3+", "LGPL-3.0-or-later" },
	{ "AGPLv3+", "AGPL-3.0-or-later" },
	{ "ISC License", "ISC" },
	{ "ISC license", "ISC" },
	{ "MPL 2.0", "MPL-2.0" },
	{ "Mozilla Public License 2.0", "MPL-2.0" },
	{ "PSF", "PSF-2.0" },
	{ "PSF License", "PSF-2.0" },
	{ "PSFL", "PSF-2.0" },
	{ "Python Software Foundation License", "PSF-2.0" },
	{ "The Unlicense", "Unlicense" },
	{ "Zlib License", "Zlib" },
	{ "zlib/libpng", "Zlib" },
};

/* The last part of "License :: OSI Approved :: X" classifiers. */
static const struct lic_map classifier_map[] = {
	{ "MIT License", "MIT" },
	{ "MIT No Attribution License (MIT-0)", "MIT-0" },
	{ "ISC License (ISCL)", "ISC" },
	{ "Mozilla Public License 1.1 (MPL 1.1)", "MPL-1.1" },
	{ "Mozilla Public License 2.0 (MPL 2.0)", "MPL-2.0" },
	{ "GNU General Public License v2 or later (GPLv2+)", "GPL-2.0-or-later" },
	{ "GNU General Public License v3 or later (GPLv3+)", "GPL-3.0-or-later" },
	{ "GNU Lesser General Public License v2 or later (LGPLv2+)", "LGPL-2.0-or-later" },
	{ "GNU Lesser General Public License v3 or later (LGPLv3+)", "LGPL-3.0-or-later" },
	{ "GNU Affero General Public License v3 or later (AGPLv3+)", "AGPL-3.0-or-later" },
	{ "Python Software Foundation License", "PSF-2.0" },
	{ "The Unlicense (Unlicense)", "Unlicense" },
	{ "Boost Software License 1.0 (BSL-1.0)", "BSL-1.0" },
	{ "Eclipse Public License 2.0 (EPL-2.0)", "EPL-2.0" },
	{ "European Union Public Licence 1.2 (EUPL 1.2)", "EUPL-1.2" },
	{ "Universal Permissive License (UPL)", "UPL-1.0" },
	{ "Zero-Clause BSD (0BSD)", "0BSD" },
	{ "zlib/libpng License", "Zlib" },
	{ "Historical Permission Notice and Disclaimer (HPND)", "HPND" },
	{ "Blue Oak Model License (BlueOak-1.0.0)", "BlueOak-1.0.0" },
	{ "CC0 1.0 Universal (CC0 1.0) Public Domain Dedication", "CC0-1.0" },
	{ "Apache Software License 2.0 (Apache-2.0)", "Apache-2.0" },
};

static const char *known_id(const char *s, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(spdx_ids); i++)
		if (strlen(spdx_ids[i]) == n && !strncasecmp(spdx_ids[i], s, n))
			return spdx_ids[i];
	return NULL;
}

bool pypi_spdx_expression_ok(const char *s, size_t n)
{
	int depth = 0;
	bool any = false;

	if (!n || n > 1024)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (--depth < 0)
				return false;
		} else if (!(isalnum(c) || c == '.' || c == '-' || c == '+' || c == ':' ||
		             c == ' ')) {
			return false;
		}
		any |= isalnum(c) != 0;
	}
	return depth == 0 && any;
}

/* An expression of known identifiers joined by AND/OR: returned when every id is known. */
static bool known_expression(const char *s, size_t n)
{
	size_t i = 0;
	bool want_id = true, any = false;

	if (!pypi_spdx_expression_ok(s, n) || memchr(s, '(', n))
		return false;
	while (i < n) {
		size_t j;

		while (i < n && s[i] == ' ')
			i++;
		if (i == n)
			break;
		j = i;
		while (j < n && s[j] != ' ')
			j++;
		if (want_id) {
			if (!known_id(s + i, j - i) || memcmp(known_id(s + i, j - i), s + i, j - i))
				return false;
			any = true;
		} else if (!str_eq(s + i, j - i, "AND") && !str_eq(s + i, j - i, "OR")) {
			return false;
		}
		want_id = !want_id;
		i = j;
	}
	return any && !want_id;
}

const char *pypi_license_from_field(const char *s, size_t n)
{
	str_trim(&s, &n);
	if (!n || n > 200 || memchr(s, '\n', n))
		return NULL;
	if (known_expression(s, n))
		return NULL; /* the caller keeps the text itself: see pypi_field_is_spdx */
	for (size_t i = 0; i < ARRAY_SIZE(field_alias); i++)
		if (str_eq(s, n, field_alias[i].text))
			return field_alias[i].spdx;
	return NULL;
}

const char *pypi_license_from_classifier(const char *s, size_t n)
{
	const char *last = s;

	/* "License :: OSI Approved :: MIT License": the last part names the licence */
	for (size_t i = 0; i + 4 <= n; i++)
		if (!memcmp(s + i, " :: ", 4))
			last = s + i + 4;
	n -= (size_t)(last - s);
	str_trim(&last, &n);
	for (size_t i = 0; i < ARRAY_SIZE(classifier_map); i++)
		if (str_eq(last, n, classifier_map[i].text))
			return classifier_map[i].spdx;
	return NULL;
}

bool pypi_field_is_spdx(const char *s, size_t n)
{
	str_trim(&s, &n);
	return known_expression(s, n);
}

void pyidx_add(struct pyidx *x, const char *name, const char *version, struct pkg *p, size_t i)
{
	struct buf n = BUF_INIT;

	pypi_normalize(&n, name, strlen(name));
	ALLOC_GROW(x->e, x->n + 1, x->a);
	x->e[x->n].norm = buf_detach(&n, NULL);
	x->e[x->n].version = version ? xstrdup(version) : NULL;
	x->e[x->n].pkg = p;
	x->e[x->n].i = i;
	lkmap_put(&x->m, x->e[x->n].norm, strlen(x->e[x->n].norm), x->n);
	x->n++;
}

const struct pyidx_entry *pyidx_find(const struct pyidx *x, const char *name, size_t namelen,
                                     const char *version, bool *ambiguous)
{
	struct buf n = BUF_INIT;
	const struct pyidx_entry *found = NULL;

	*ambiguous = false;
	pypi_normalize(&n, name, namelen);
	for (size_t k = lkmap_first(&x->m, n.ptr, n.len); k != LKMAP_END;
	     k = lkmap_next(&x->m, k)) {
		size_t i = x->m.ents[k].val;

		if (version && (!x->e[i].version || strcmp(x->e[i].version, version)))
			continue;
		if (found) {
			*ambiguous = true;
			found = NULL;
			break;
		}
		found = &x->e[i];
	}
	buf_release(&n);
	return found;
}

void pyidx_release(struct pyidx *x)
{
	for (size_t i = 0; i < x->n; i++) {
		free(x->e[i].norm);
		free(x->e[i].version);
	}
	free(x->e);
	lkmap_release(&x->m);
	memset(x, 0, sizeof(*x));
}
