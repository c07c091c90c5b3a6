/*
 * yaml.h: YAML documents read into jansson values, through libyaml.
 *
 * The loader serves data files written by other tools (the PyPI advisory
 * database's OSV records), so it reads one document of plain YAML and
 * refuses what such files never need and attackers love:
 * - aliases (`*name`) are refused outright, so no alias expansion ("billion
 *   laughs") can happen; anchors alone are harmless and ignored;
 * - nesting deeper than VYAML_MAX_DEPTH and more than VYAML_MAX_NODES nodes
 *   are refused (ERR_TOOBIG); the input size is capped by the caller;
 * - a second document in the stream, a non-scalar mapping key and a key
 *   given twice in one mapping are errors.
 *
 * Plain scalars are resolved with the YAML 1.2 core schema: null (`~`,
 * `null`, empty), booleans (`true`, `false` in three spellings), integers
 * (decimal, 0o octal, 0x hex; those beyond 64 bits stay strings) and floats
 * (including .inf and .nan, which JSON cannot hold and therefore are
 * refused). Quoted scalars, block scalars and scalars tagged `!!str` are
 * strings. Time-stamps stay strings. Strings holding NUL are refused.
 *
 * Errors are ERR_PARSE (or ERR_TOOBIG) with "NAME:LINE:COLUMN: what"
 * (1-based) and *out untouched. The caller owns *out (json_decref).
 */
#ifndef VOUCH_YAML_H
#define VOUCH_YAML_H

#include "util/compat.h"

#include <jansson.h>

#define VYAML_MAX_SIZE  ((size_t)16 << 20)
#define VYAML_MAX_DEPTH 256
#define VYAML_MAX_NODES 4000000
/*
 * Cap on what the tree is estimated to take, counted as it is built: each
 * object 256 bytes, member 64, array 64 and item 8, other value 48, plus
 * the bytes of keys and strings, alias copies included (ERR_TOOBIG past it).
 * 16 MiB of `- {}` lines would otherwise take about 900 MiB.
 */
#define VYAML_MAX_MEMORY_MIB 256
#define VYAML_MAX_MEMORY     ((uint64_t)VYAML_MAX_MEMORY_MIB << 20)

int vyaml_parse(json_t **out, const char *data, size_t len, const char *name);

/*
 * The same, also returning the lines (1-based) where nodes and keys are, for
 * messages that point into the file (marks may be NULL). *marks is the
 * caller's (vyaml_marks_free); it is valid while *out is alive and unchanged.
 *
 * flags VYAML_ALIASES accepts what CI files (GitLab's above all) are written
 * with: anchors, aliases and YAML 1.1 merge keys (`<<: *base`). Each alias
 * becomes a copy of its anchored node, so the result stays a tree; the copies
 * made in all are capped at VYAML_MAX_ALIAS_NODES nodes (ERR_TOOBIG), so an
 * expansion attack costs at most that. Copies have no marks (line 0).
 */
#define VYAML_ALIASES (1u << 0)
/*
 * flags VYAML_HEADER_DOC accepts a stream of two documents whose first is a
 * mapping (a GitLab CI file's `spec:` header) and returns the second.
 */
#define VYAML_HEADER_DOC      (1u << 1)
#define VYAML_MAX_ALIAS_NODES ((size_t)100000)
#define VYAML_MAX_ANCHORS     10000
struct vyaml_marks;
int vyaml_parse_marked(json_t **out, struct vyaml_marks **marks, const char *data, size_t len,
                       const char *name, unsigned flags);
/*
 * The line where node starts (for a block scalar, its first line of text),
 * or 0 when unknown: true, false and null are shared values without a line;
 * ask for their key's line instead.
 */
size_t vyaml_line(const struct vyaml_marks *m, const json_t *node);
/* The line of the member key of object obj, or 0. */
size_t vyaml_key_line(const struct vyaml_marks *m, const json_t *obj, const char *key);
void vyaml_marks_free(struct vyaml_marks *m);

/* Reads path (at most max bytes, 0 for VYAML_MAX_SIZE) and parses it. */
int vyaml_load_file(json_t **out, const char *path, size_t max);

#endif
