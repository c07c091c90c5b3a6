/*
 * langkit.h: small helpers shared by the language extractors (PyPI, Go,
 * Rust, RubyGems, Composer).
 *
 * - jpos: line numbers for JSON documents. jansson gives values, not where
 *   they were; extractors walk objects in document order (jansson keeps
 *   insertion order), so a forward-only search for the quoted key (and
 *   optionally its string value) from the last match finds the line in one
 *   pass over the text. A key that cannot be found (written with escapes)
 *   gives line 0 and leaves the cursor where it was.
 * - pkg_set_loc_path / pkg_add_dep_purl: evidence and edges that the
 *   generic interface does not cover: a package read from an included file
 *   (requirements -r) is located in that file; a dependency edge to a
 *   package read from another file (site-packages) is recorded by purl.
 */
#ifndef VOUCH_LANGKIT_H
#define VOUCH_LANGKIT_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/inventory/inventory.h"

struct jpos {
	const char *data;
	size_t len;
	size_t off;  /* search position */
	size_t line; /* line of data[off] */
};

#define JPOS_INIT(d, l)                                                                            \
	{                                                                                          \
		(d), (l), 0, 1                                                                     \
	}

/*
 * Moves past the next occurrence of "key" : (and, when value is not NULL,
 * that member's string value being exactly value) and returns the 1-based
 * line of the key; 0 when not found (the cursor does not move then).
 */
size_t jpos_find(struct jpos *jp, const char *key, const char *value);

/* Replaces the path of a package's (first) location: an included file. */
void pkg_set_loc_path(struct pkg *p, const char *path);

/* Records an edge from p to a package known only by its purl. */
void pkg_add_dep_purl(struct pkg *p, const char *purl);

/* The canonical purl of (type, namespace, name, version) without qualifiers, into out. */
int langkit_purl(struct buf *out, const char *type, const char *namespace, const char *name,
                 const char *version);

/*
 * Parses data as JSON into *out. On failure reports an extract_error at the
 * line where parsing stopped ("not valid JSON: ...") and returns ERR_PARSE.
 * An empty file is reported as "empty file".
 */
struct json_t;
int langkit_json(struct extract_ctx *ctx, const char *data, size_t len, struct json_t **out);

/*
 * Parses data as TOML (util/toml.h) into *out; on failure reports an
 * extract_error at the line where parsing stopped and returns ERR_PARSE.
 */
struct toml_value;
int langkit_toml(struct extract_ctx *ctx, const char *data, size_t len, struct toml_value **out);

/*
 * Input text made safe to show in a message: bytes outside printable ASCII
 * become \xNN, and more than 96 bytes are cut with "...". The result lives
 * in one of 8 thread-local buffers used in turn, so up to 8 may appear in
 * one message; copy it to keep it longer.
 */
const char *langkit_quote(const char *s, size_t n);
#define LKQ(s) langkit_quote((s), strlen(s))

/* The error cap of line-based readers: past it the rest of the file is not read. */
#define LANGKIT_MAX_ERRORS 100

/* True when (s, n) holds only lower- or upper-case hex digits. */
bool langkit_is_hex(const char *s, size_t n);

/*
 * A multimap from byte-string keys to indexes, so that resolving names in a
 * lockfile stays linear on hostile input (a million go.sum lines, specs,
 * requirements). Keys are copied.
 *
 *     for (size_t e = lkmap_first(&m, k, kn); e != LKMAP_END; e = lkmap_next(&m, e))
 *             use(m.ents[e].val);
 */
#define LKMAP_END SIZE_MAX

struct lkmap_ent {
	char *key;
	size_t keylen;
	size_t val;
	size_t next; /* next entry with the same slot chain, LKMAP_END at the end */
};

struct lkmap {
	struct lkmap_ent *ents;
	size_t n, a;
	size_t *slots; /* first entry of each chain, LKMAP_END when empty */
	size_t cap;    /* power of two */
};

#define LKMAP_INIT                                                                                 \
	{                                                                                          \
		NULL, 0, 0, NULL, 0                                                                \
	}

void lkmap_put(struct lkmap *m, const char *key, size_t keylen, size_t val);
size_t lkmap_first(const struct lkmap *m, const char *key, size_t keylen);
size_t lkmap_next(const struct lkmap *m, size_t e);
void lkmap_release(struct lkmap *m);

#endif
