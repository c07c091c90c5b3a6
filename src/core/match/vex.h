/*
 * vex.h: VEX documents in, statements applied to scan findings.
 *
 * Reads OpenVEX 0.2 (https://openvex.dev/ns/v0.2.0) and CycloneDX VEX (a
 * CycloneDX 1.4+ JSON BOM whose vulnerabilities carry an analysis). Each
 * document is validated; a document that breaks its format's rules is an
 * error naming the file and the statement (ERR_PARSE), never ignored.
 *
 * A statement applies to a finding when its vulnerability (name or any
 * alias) is the finding's id or one of its aliases, and one of its products
 * (a purl; OpenVEX products, their subcomponents, or CycloneDX affects refs
 * resolved through the document's bom-refs) names the finding's package:
 * same type, namespace and name, and the same version when the purl has
 * one. An OpenVEX statement without products applies to every package.
 * Statements are applied in the order read; a later one overrides an
 * earlier one. not_affected and fixed suppress the finding; affected and
 * under_investigation annotate it.
 */
#ifndef VOUCH_VEX_H
#define VOUCH_VEX_H

#include "util/compat.h"
#include "core/match/scan.h"

#define VEX_MAX_SIZE ((size_t)64 << 20)

struct vex_stmt {
	char **ids; /* the vulnerability's name and aliases */
	size_t nids;
	char **products; /* purls; none means every package */
	size_t nproducts;
	enum vex_status status;
	char *justification;
	char *statement; /* impact or action statement, or CycloneDX analysis detail */
	char *source;    /* the file */
};

struct vex {
	struct vex_stmt *st;
	size_t n, alloc;
};

#define VEX_INIT                                                                                   \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Reads and validates one document, appending its statements. */
int vex_load(struct vex *v, const char *path);
/* The same from memory; name is used in messages. */
int vex_parse(struct vex *v, const char *data, size_t len, const char *name);

void scan_apply_vex(struct scan *sc, const struct vex *v);

void vex_release(struct vex *v);

#endif
