/*
 * pypi.h: what the PyPI extractors share: names, PEP 508 requirements and
 * licenses.
 *
 * Names: PEP 503 normalisation (lower case, runs of "-", "_", "." become one
 * "-") is used to compare names; the purl keeps the name as the purl spec
 * asks (lower case, "_" to "-"), which the inventory applies.
 *
 * Requirements (PEP 508) are split, not evaluated: name, extras, specifier
 * list, URL and marker, each as a (ptr, len) slice of the input.
 *
 * Licenses: PEP 639 License-Expression is taken as written (after a check
 * that it only holds SPDX expression characters); the older free-text
 * License field and the "License ::" trove classifiers are mapped to an
 * SPDX identifier only when the text names one licence and one version
 * unambiguously (table in pypi.c; "BSD", "GPL", "Apache Software License"
 * are left unmapped because they do not say which variant).
 */
#ifndef VOUCH_PYPI_H
#define VOUCH_PYPI_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/inventory/langkit.h"

#define PYPI_ECOSYSTEM "PyPI"

struct pyslice {
	const char *p;
	size_t n;
};

struct pyreq {
	struct pyslice name, extras, spec, url, marker;
	/* the version when the specifier pins one (== without "*", or ===) */
	struct pyslice pin;
	int npins; /* number of pinning clauses (2+ with different versions: conflict) */
};

/*
 * Parses one PEP 508 requirement in (s, n). Returns 0, or -1 with *why set
 * to a static reason ("no package name", ...).
 */
int pyreq_parse(struct pyreq *out, const char *s, size_t n, const char **why);

/* True when (s, n) is a valid distribution name (PEP 508 identifier). */
bool pypi_valid_name(const char *s, size_t n);

/* Appends the PEP 503 normal form of (s, n). */
int pypi_normalize(struct buf *out, const char *s, size_t n);

/* Compares two names by their normal forms. */
bool pypi_same_name(const char *a, size_t an, const char *b, size_t bn);

/* An SPDX identifier for a License field / a classifier's text, or NULL. */
const char *pypi_license_from_field(const char *s, size_t n);
const char *pypi_license_from_classifier(const char *s, size_t n);
/*
 * True when a License field is already an SPDX expression of well-known
 * identifiers joined by AND / OR ("MIT", "BSD-3-Clause OR Apache-2.0").
 */
bool pypi_field_is_spdx(const char *s, size_t n);
/* True when (s, n) looks like an SPDX license expression. */
bool pypi_spdx_expression_ok(const char *s, size_t n);

/*
 * An index of the packages of one lockfile by normalised name (and
 * version), to turn the name-only dependency lists of poetry.lock, uv.lock,
 * pdm.lock and pylock.toml into edges.
 */
struct pkg;
struct pyidx_entry {
	char *norm;
	char *version;
	struct pkg *pkg;
	size_t i; /* the caller's index */
};
struct pyidx {
	struct pyidx_entry *e;
	size_t n, a;
	struct lkmap m; /* norm -> index into e, newest first */
};
void pyidx_add(struct pyidx *x, const char *name, const char *version, struct pkg *p, size_t i);
/*
 * The entry for name (and version when not NULL). NULL when none, or when
 * several match and no version was given (*ambiguous set then).
 */
const struct pyidx_entry *pyidx_find(const struct pyidx *x, const char *name, size_t namelen,
                                     const char *version, bool *ambiguous);
void pyidx_release(struct pyidx *x);

#endif
