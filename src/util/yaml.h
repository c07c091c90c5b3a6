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

int vyaml_parse(json_t **out, const char *data, size_t len, const char *name);

/* Reads path (at most max bytes, 0 for VYAML_MAX_SIZE) and parses it. */
int vyaml_load_file(json_t **out, const char *path, size_t max);

#endif
