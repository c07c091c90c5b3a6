/*
 * npm.h: the npm extractors (package-lock.json, yarn.lock, pnpm-lock.yaml,
 * bun.lock, installed node_modules/.../package.json) and what they share.
 *
 * Every npm package becomes pkg:npm/NAMESPACE/NAME@VERSION with the scope
 * ("@babel") as namespace; an alias ("foo": "npm:bar@1") is the real package
 * bar. Local packages (workspaces, links, file: dependencies) carry
 * PKG_LOCAL, and no version unless their own manifest gives one.
 */
#ifndef VOUCH_NPM_H
#define VOUCH_NPM_H

#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "util/buf.h"

#include <jansson.h>

extern const struct extractor npm_package_lock_extractor;
extern const struct extractor npm_yarn_lock_extractor;
extern const struct extractor npm_pnpm_lock_extractor;
extern const struct extractor npm_bun_lock_extractor;
extern const struct extractor npm_package_json_extractor;

#define NPM_MAX_DEPTH   256 /* nesting of v1 lockfiles, YAML, install paths */
#define NPM_MAX_NAME    214 /* npm's own limit on package names */
#define NPM_MAX_VERSION 256

/*
 * Adds npm package fullname ("@scope/name" or "name"); version may be NULL.
 * A name over NPM_MAX_NAME or a version over NPM_MAX_VERSION bytes is
 * reported (extract_error) and NULL returned with err_code() ERR_PARSE: the
 * file is hostile or broken and its reading stops there.
 */
struct pkg *npm_add(struct extract_ctx *ctx, const char *fullname, size_t namelen,
                    const char *version, size_t line);

/* Sets the version of p (n bytes of v); over NPM_MAX_VERSION it is reported, not set. */
void npm_set_version(struct extract_ctx *ctx, struct pkg *p, const char *v, size_t n, size_t line);

/* Sets the license from a package.json-style value: "MIT", {"type": "MIT"}, [{"type"}...]. */
void npm_set_license(struct pkg *p, const json_t *license);

/*
 * A version that is not a registry version (git URL, "github:u/r#sha",
 * "file:..", "link:..", "workspace:..") is recorded as the property
 * vouch:resolved; the version becomes the commit after '#' for git sources
 * (NULL otherwise) and local sources get PKG_LOCAL. Returns the version to
 * use (a pointer into spec, length in *vlen) or NULL.
 */
const char *npm_classify_spec(struct pkg *p, const char *spec, size_t *vlen, bool *local_out);

/*
 * Finds the line of successive keys in JSON text, in document order: the
 * cursor only moves forward, so looking keys up in the order a parser
 * returns them costs one pass over the text. Returns 0 when not found.
 */
struct json_lines {
	const char *data;
	size_t len, pos, line;
};
size_t json_lines_key(struct json_lines *jl, const char *key);

/*
 * Reads the package.json next to the current file, if any and if inside the
 * scanned tree. Returns the parsed object (caller json_decref's) or NULL.
 */
json_t *npm_sibling_manifest(struct extract_ctx *ctx);

/* Calls fn for each dependency name in the manifest sections given (NULL-terminated). */
extern const char *const npm_all_dep_sections[]; /* dependencies, dev, optional, peer */

/*
 * Reports the parse error in err_msg() ("PATH:LINE:COLUMN: what", from
 * util/json.h or util/yaml.h) as an extract_error on that line:
 * "PATH:LINE: invalid JSON at column C: what". Returns ERR_PARSE.
 */
int npm_parse_error(struct extract_ctx *ctx, const char *what);

/*
 * Copies JSON-with-comments-and-trailing-commas (bun.lock, JSONC) into out as
 * strict JSON of the same length: comments and trailing commas become
 * spaces, newlines are kept, so parse errors give the original lines.
 */
int npm_jsonc_to_json(struct buf *out, const char *data, size_t len);

#endif
