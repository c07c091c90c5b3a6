/*
 * rpm.h: the RPM header blob parser, shared with its fuzz target.
 */
#ifndef VOUCH_RPM_H
#define VOUCH_RPM_H

#include "util/compat.h"

#define RPM_MAX_INDEX 100000             /* index entries in one header */
#define RPM_MAX_DATA  ((size_t)64 << 20) /* data store of one header */

/* The tags vouch reads from one installed package's header; strings point into the blob. */
struct rpmhdr {
	const char *name, *version, *release, *license, *arch, *sourcerpm;
	size_t name_n, version_n, release_n, license_n, arch_n, sourcerpm_n;
	bool has_epoch;
	uint32_t epoch;
};

/*
 * Parses one header blob (il, dl, il 16-byte index entries, dl bytes of
 * data, all big-endian, without the 8-byte magic of a header in a file).
 * Returns 0, or -1 when malformed (counts over the limits above, ranges
 * outside the blob, a string without its NUL).
 */
int rpm_header_parse(struct rpmhdr *out, const unsigned char *b, size_t n);

#endif
