/*
 * jsonr.h: a strict JSON reader into one arena, for the hot paths.
 *
 * util/json.h (jansson) allocates every value, string and hash table on its
 * own; for a 1 MB package-lock.json that is about 100,000 allocations, their
 * frees and a hash table per object, a quarter of `vouch sbom`'s time. This
 * reader copies the text once (or, with jr_parse_inplace(), not at all), decodes strings in place (a
 * string without escapes is used where it lies, NUL-terminated over its
 * closing quote) and keeps values, members and the lookup tables of larger
 * objects in the same arena: one jr_free() releases it all.
 *
 * It accepts and rejects exactly what vjson_parse() does (RFC 8259 strictly,
 * checked by tests/unit/test_jsonr.c on JSONTestSuite and by the differential
 * fuzz target tests/fuzz/fuzz_jsonr.c against vjson_parse on every input):
 * one value of any type, whitespace " \t\n\r" only, valid UTF-8 only, no
 * unpaired surrogate escapes, an integer (no fraction or exponent) within
 * int64_t, a real that does not overflow a double, nesting of at most
 * JR_MAX_DEPTH values (scalars count, as in jansson). A repeated key keeps
 * its first place and its last value, as jansson does.
 *
 * Differences: strings and keys may contain "\u0000" (lengths are counted;
 * the wrapper shows a NUL in a key as U+FFFD); numbers are kept as their text.
 *
 * Limits: the caller caps the input size; a text of JR_MAX_TEXT bytes or
 * more is refused (ERR_TOOBIG), so that every length, count and line fits
 * the 32 bits a value or member keeps them in (16 and 32 bytes: the arena
 * of a 1 MB package-lock.json is a third smaller than with size_t); the
 * arena (text copy, values, members, tables: about 16 to 32 bytes per value)
 * is capped at JR_MAX_MEMORY, beyond which the parse fails with ERR_TOOBIG.
 */
#ifndef VOUCH_JSONR_H
#define VOUCH_JSONR_H

#include "util/compat.h"

#define JR_MAX_DEPTH  2048                 /* the same as VJSON_MAX_DEPTH */
#define JR_MAX_MEMORY ((size_t)512 << 20)  /* the same as VJSON_MAX_MEMORY */
#define JR_MAX_TEXT   ((size_t)UINT32_MAX) /* texts are shorter: 4 GiB less a byte at most */

enum jr_type { JR_NULL, JR_FALSE, JR_TRUE, JR_NUMBER, JR_STRING, JR_ARRAY, JR_OBJECT };

struct jr_member;

struct jr_value {
	enum jr_type type;
	/*
	 * JR_STRING: n bytes of s (s is NUL-terminated and may contain NULs);
	 * JR_NUMBER: n bytes of s (the number's text, not NUL-terminated);
	 * JR_ARRAY: n elements in items; JR_OBJECT: n members in members.
	 */
	uint32_t n;
	union {
		const char *s;
		struct jr_value *items;
		struct jr_member *members;
	} u;
};

struct jr_member {
	const char *key; /* NUL-terminated; klen bytes (may contain NULs) */
	uint32_t klen;
	uint32_t line; /* line of the key in the text (1-based) */
	struct jr_value v;
};

struct jr_doc;

/*
 * Parses len bytes. On error returns ERR_PARSE (ERR_TOOBIG for the depth and
 * memory caps) with the message "NAME:LINE:COLUMN: what" (column in bytes)
 * and *out untouched. Free the document with jr_free().
 */
int jr_parse(struct jr_doc **out, const char *data, size_t len, const char *name);
/*
 * The same without the copy: parses text[0..len) where it lies, writing into
 * it (strings are decoded and NUL-terminated in place). text[len] must be
 * '\0'. The document's strings point into text, which must outlive it;
 * jr_free() does not free text. The arena alone counts against JR_MAX_MEMORY.
 */
int jr_parse_inplace(struct jr_doc **out, char *text, size_t len, const char *name);
void jr_free(struct jr_doc *doc);

/* The top-level value; valid until jr_free(). */
const struct jr_value *jr_root(const struct jr_doc *doc);

/* The member key of obj, or NULL when obj is NULL, not an object, or has no such key. */
const struct jr_member *jr_member(const struct jr_value *obj, const char *key);
const struct jr_value *jr_get(const struct jr_value *obj, const char *key);

/* A string value (or member key of obj) as a C string; NULL when absent, not a string or holding a NUL. */
const char *jr_strval(const struct jr_value *v);
const char *jr_str(const struct jr_value *obj, const char *key);

static inline bool jr_is(const struct jr_value *v, enum jr_type t)
{
	return v && v->type == t;
}

#endif
