/*
 * osrelease.h: the distribution of a root filesystem, from its own
 * etc/os-release (or usr/lib/os-release), as OS package extractors need it
 * for purl qualifiers (distro=debian-12) and OSV ecosystems (Debian:12).
 */
#ifndef VOUCH_OSRELEASE_H
#define VOUCH_OSRELEASE_H

#include "util/compat.h"
#include "core/inventory/inventory.h"

struct os_release {
	char *id;         /* "debian", "ubuntu", "alpine" (lower case), or NULL */
	char *version_id; /* "12", "22.04", "3.19.1", or NULL */
	char *codename;   /* "bookworm", or NULL */
	char *version;    /* VERSION: "22.03 (LTS-SP3)", or NULL */
};

#define OS_RELEASE_INIT                                                                            \
	{                                                                                          \
		NULL, NULL, NULL, NULL                                                             \
	}

/* Parses os-release text (shell-like KEY=value lines, quotes removed). */
void os_release_parse(struct os_release *out, const char *data, size_t len);

/*
 * Finds the os-release of the tree that holds the current file, which lies
 * at `depth` folders below the tree's root (3 for var/lib/dpkg/status): reads
 * "../../../etc/os-release", then ".../usr/lib/os-release". Returns 0 and
 * leaves out empty when there is none (not an error: a bare status file).
 * Records the distro on the inventory (inv->distro, inv->distro_id).
 */
int os_release_find(struct os_release *out, struct extract_ctx *ctx, int depth);

/*
 * The OSV ecosystem of this distribution's packages (osv_distro_ecosystem:
 * "Rocky Linux:9", "Alpine:v3.19"), when its versions are ordered by scheme
 * ("rpm", "apk", "dpkg"): a package database of another kind gives NULL.
 * Allocated.
 */
char *os_release_ecosystem(const struct os_release *os, const char *scheme);

void os_release_release(struct os_release *r);

#endif
