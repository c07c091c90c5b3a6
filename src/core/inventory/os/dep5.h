/*
 * dep5.h: machine-readable Debian copyright files (DEP-5, "copyright-format
 * 1.0"), as packages install them in /usr/share/doc/NAME/copyright, and
 * their License fields as SPDX expressions.
 *
 * The file is deb822: paragraphs of "Field: value" lines separated by blank
 * (or white-space-only) lines, values continued on lines that start with a
 * space or tab, '#' lines left out, field names in any case. The first
 * paragraph is the header; the file is machine-readable when the header has
 * a Format (or the older Format-Specification) field, as Debian's own
 * reader (python3-debian's debian.copyright) decides; a line that is none of
 * the above makes the whole file not machine-readable, again as there.
 * Later paragraphs with a Files field are Files paragraphs; the first line
 * of their License field is the licence synopsis ("GPL-2+ or Artistic").
 * Where a field repeats in a paragraph the first one counts.
 *
 * Limits: DEP5_MAX_SIZE bytes of input, DEP5_MAX_PARAS Files paragraphs;
 * a longer file is read no further (out->truncated).
 */
#ifndef VOUCH_DEP5_H
#define VOUCH_DEP5_H

#include "util/compat.h"
#include "util/buf.h"

#define DEP5_MAX_SIZE     ((size_t)8 << 20) /* boost's are 2 MB */
#define DEP5_MAX_PARAS    20000
#define DEP5_MAX_SYNOPSIS 1024 /* longer License first lines are cut */
#define DEP5_MAX_DEPTH    8

struct dep5_files {
	size_t line;   /* of the paragraph's first line */
	char *files;   /* the patterns, joined by single spaces */
	char *license; /* the License synopsis, trimmed; NULL without a License field */
};

struct dep5 {
	bool machine_readable;
	bool truncated; /* DEP5_MAX_SIZE or DEP5_MAX_PARAS reached */
	struct dep5_files *files;
	size_t nfiles, afiles;
};

#define DEP5_INIT                                                                                  \
	{                                                                                          \
		false, false, NULL, 0, 0                                                           \
	}

/*
 * Parses data[0..len) into out (initialised with DEP5_INIT, released with
 * dep5_release). Never fails: a file that is not machine-readable leaves
 * out->machine_readable false and no paragraphs.
 */
void dep5_parse(struct dep5 *out, const char *data, size_t len);
void dep5_release(struct dep5 *d);

/*
 * Appends to out the SPDX expression of one DEP-5 licence synopsis:
 * "or"/"and" as OR/AND (and binds tighter in both), ", and"/", or" as the
 * operators of lowest precedence (left to right, parenthesised), "NAME with
 * X exception" as NAME WITH the SPDX exception id when X is a known one.
 * Debian short names become SPDX ids (GPL-2+ GPL-2.0-or-later, Expat MIT,
 * BSD-3-clause BSD-3-Clause, an unversioned GPL GPL-1.0-or-later as the GPL
 * itself reads); any other name, or a name with an unknown exception,
 * becomes LicenseRef- and the name with other characters than letters,
 * digits, '.' and '-' as '-' ("public-domain": LicenseRef-public-domain).
 * A synopsis whose ", and"/", or" alternate more than DEP5_MAX_DEPTH times
 * (parentheses nested that deep) is one LicenseRef- of the whole line.
 * Returns false (out unchanged) for an empty synopsis.
 */
bool dep5_license_spdx(struct buf *out, const char *synopsis);

/*
 * The licence of the package the file describes: the distinct licences of
 * its Files paragraphs joined by AND (each paragraph's own top-level AND
 * terms counted one by one, so that "MIT" and "MIT and Zlib" give
 * "MIT AND Zlib"), in the order they first appear. NULL when the file is
 * not machine-readable, has no licensed Files paragraph, or the expression
 * would pass DEP5_MAX_EXPRESSION bytes. Free it.
 */
#define DEP5_MAX_EXPRESSION 4000
char *dep5_package_license(const struct dep5 *d);

/*
 * The licences of the copyright files met in a container image's layers,
 * by package name, kept until its package database is read (the layers are
 * streamed once; the copyright files are gone by then): only the resulting
 * expression is kept, not the file. A later layer's file replaces an
 * earlier one's. At most DEP5_MAX_PACKAGES names.
 */
#define DEP5_MAX_PACKAGES 100000
struct dep5_licenses;

/* Reads the copyright file data[0..len) of package name into *m (allocated on first use). */
void dep5_licenses_add(struct dep5_licenses **m, const char *name, const char *data, size_t len);
/*
 * The licence of package name: NULL when its copyright file was not met or
 * gives none. Valid until m is freed.
 */
const char *dep5_licenses_get(const struct dep5_licenses *m, const char *name);
void dep5_licenses_free(struct dep5_licenses *m);

#endif
