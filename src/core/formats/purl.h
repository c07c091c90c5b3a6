/*
 * purl.h: Package URLs (github.com/package-url/purl-spec), built and parsed.
 *
 *     pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS#SUBPATH
 *
 * Building applies the spec's per-type normalisation (npm and pypi names
 * lower-cased, pypi '_' to '-', composer/pub/hex/deb/apk lower-cased, ...)
 * and percent-encodes every byte outside ALPHA / DIGIT / "-" / "." / "_" /
 * "~" (and ":" which the spec leaves as is), so an npm scope "@babel" reads
 * "%40babel" and a Debian version "1:2.3+dfsg" reads "1:2.3%2Bdfsg".
 * Qualifiers are sorted by key; keys are lower case; empty values dropped.
 *
 * Parsing is strict and bounded (PURL_MAX_LEN): it decodes every part and
 * fails with ERR_PARSE naming the purl on anything the spec does not allow.
 */
#ifndef VOUCH_PURL_H
#define VOUCH_PURL_H

#include "util/compat.h"
#include "util/buf.h"

#define PURL_MAX_LEN        8192
#define PURL_MAX_QUALIFIERS 32

struct purl_qualifier {
	char *key;
	char *value;
};

struct purl {
	char *type;      /* lower case, never NULL after parse */
	char *namespace; /* decoded, '/' between segments, or NULL */
	char *name;      /* decoded, never NULL after parse */
	char *version;   /* decoded, or NULL */
	struct purl_qualifier *qualifiers;
	size_t nqualifiers;
	char *subpath; /* or NULL */
};

#define PURL_INIT                                                                                  \
	{                                                                                          \
		NULL, NULL, NULL, NULL, NULL, 0, NULL                                              \
	}

/*
 * Appends the canonical purl string to out. type and name are required;
 * the others may be NULL / 0. Qualifiers need not be sorted.
 */
int purl_build(struct buf *out, const char *type, const char *namespace, const char *name,
               const char *version, const struct purl_qualifier *q, size_t nq, const char *subpath);

/* Parses s (length len) into out (which must be PURL_INIT or released). */
int purl_parse(struct purl *out, const char *s, size_t len);

/* The value of qualifier key, or NULL. */
const char *purl_qualifier(const struct purl *p, const char *key);

void purl_release(struct purl *p);

/*
 * The OSV ecosystem and package name of a parsed purl, as vouch matches
 * advisories: npm, pypi, golang, cargo, maven, nuget, gem, composer, pub,
 * hex, cran, hackage, swift, conan, bitnami, github, julia, githubactions
 * (OWNER/REPO: an action's path in its repository is cut), and deb (Debian,
 * Ubuntu), apk (Alpine), rpm (Red Hat, AlmaLinux, Rocky Linux, openSUSE,
 * SUSE) with the release from the distro qualifier ("Debian:12") and the
 * source package from the upstream qualifier. *eco and *name are new strings
 * (both NULL on failure); ERR_UNSUPPORTED for any other type. Shared by the
 * scanner and by the SBOM input extractor, so that a package read from a BOM
 * gets the ecosystem a scan would give it.
 */
int purl_osv_package(char **eco, char **name, const struct purl *p);

#endif
