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
 * - pkg_set_loc_path: evidence that the generic interface does not cover:
 *   a package read from an included file (requirements -r) is located in
 *   that file. (Edges by purl: pkg_add_dep_purl in inventory.h.)
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
 * A lockfile written in TOML whose packages are an array of tables
 * ([[package]] in Cargo.lock, poetry.lock, uv.lock, pdm.lock; [[packages]]
 * in pylock.toml). The one way these readers load their document, so that
 * every error is reported while the document is still alive:
 *
 *     struct lk_toml_lock lk = LK_TOML_LOCK_INIT;
 *     if ((r = lk_toml_lock_open(&lk, ctx, data, len, "package", marks, "not a X")) < 0)
 *             return r;
 *     for (const struct toml_value *t; (t = lk_toml_lock_next(&lk, &i)) != NULL;)
 *             ...;
 *     lk_toml_lock_release(&lk);
 *
 * lk_toml_lock_open() parses data (langkit_toml: errors with their line),
 * then requires one of the top-level keys listed in marks (NULL-terminated;
 * NULL for no test), else reports extract_error(ctx, 0, "%s", not_this); then
 * requires key, when present, to be an array, else reports "'KEY' is not an
 * array of tables" at the line of KEY. On failure nothing is held and the
 * code (ERR_PARSE) is returned; on success lk->doc is the document (freed
 * by lk_toml_lock_release) and lk->pkgs the array or NULL when absent.
 * lk_toml_lock_next() returns the next element that is a table, setting
 * *i_out to its index in lk->pkgs, reports each element that is not one
 * ("'KEY' entry is not a table"), and returns NULL at the end.
 */
struct lk_toml_lock {
	struct toml_value *doc;
	const struct toml_value *pkgs;
	struct extract_ctx *ctx;
	const char *key;
	size_t next;
};

#define LK_TOML_LOCK_INIT                                                                          \
	{                                                                                          \
		NULL, NULL, NULL, NULL, 0                                                          \
	}

int lk_toml_lock_open(struct lk_toml_lock *lk, struct extract_ctx *ctx, const char *data,
                      size_t len, const char *key, const char *const *marks, const char *not_this);
const struct toml_value *lk_toml_lock_next(struct lk_toml_lock *lk, size_t *i_out);
/* The number of elements of the array (tables or not); 0 when absent. */
size_t lk_toml_lock_len(const struct lk_toml_lock *lk);
void lk_toml_lock_release(struct lk_toml_lock *lk);

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

/*
 * The installed packages of one package database whose packages lie in
 * files of their own (conda-meta/NAME.json, pacman's local/PKG/desc, Gentoo's
 * vdb), as the reader of one of them needs the others to turn names into
 * edges: purls by name, and by a second kind of key (pacman's provisions).
 * Kept for the whole scan in extract_cache_set() with lkpurls_free.
 */
struct lkpurls {
	struct lkmap byname, byother;
	char **purls;
	size_t n, a;
};

/* Adds purl (taken over) under name; returns its index, for lkpurls_alias(). */
size_t lkpurls_add(struct lkpurls *x, const char *name, size_t namelen, char *purl);
/* Also files the purl of index i under another key. */
void lkpurls_alias(struct lkpurls *x, size_t i, const char *key, size_t keylen);
/* The purl filed under name, else under another key; NULL when neither. */
const char *lkpurls_find(const struct lkpurls *x, const char *name, size_t namelen);
/* Frees x itself too (a cache value). */
void lkpurls_free(void *x);

#endif
