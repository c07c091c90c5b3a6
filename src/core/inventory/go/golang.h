/*
 * golang.h: what the Go extractors share.
 *
 * Packages are Go modules: purl type "golang", the module path split at its
 * last "/" into namespace and name (pkg:golang/github.com/sirupsen/logrus),
 * the version as written in go.mod (v1.2.3, v0.0.0-2022...-abcdef pseudo-
 * versions, v2.0.0+incompatible), OSV ecosystem "Go".
 */
#ifndef VOUCH_GOLANG_H
#define VOUCH_GOLANG_H

#include "util/compat.h"
#include "core/inventory/inventory.h"

#define GO_ECOSYSTEM "Go"

/* Adds module path@version (version may be NULL) found at line. */
struct pkg *go_add_module(struct extract_ctx *ctx, const char *path, size_t pathlen,
                          const char *version, size_t vlen, size_t line);

/* True when (s, n) is a plausible module path (no spaces, quotes or control bytes). */
bool go_valid_path(const char *s, size_t n);

/*
 * True when (s, n) is a module version: "v" then a semantic version
 * (pseudo-versions and +incompatible included).
 */
bool go_valid_version(const char *s, size_t n);

/* True for a replacement target that is a file path (./x, ../x, /x). */
bool go_is_local_path(const char *s, size_t n);

/*
 * Checks the major-version suffix rule: a path ending in "/vN" (N >= 2)
 * needs a vN.x.y version. Returns false when violated.
 */
bool go_major_ok(const char *path, size_t pn, const char *ver, size_t vn);

#endif
