/*
 * toml.h: a TOML 1.0.0 reader (https://toml.io/en/v1.0.0).
 *
 * No C TOML library is packaged in Debian, so vouch has its own. It reads
 * vouch.toml and lockfiles written in TOML (Cargo.lock, poetry.lock, uv.lock,
 * pdm.lock, pylock.toml, ...), all of which may come from untrusted trees.
 *
 *     struct toml_value *doc = NULL;
 *     const char *role;
 *     if (toml_load_file(&doc, "vouch.toml", 0) < 0)
 *             goto done;                      // "vouch.toml:3:9: ..."
 *     if (toml_get_string(&role, toml_get(doc, "organisation"), "role") < 0)
 *             goto done;                      // "vouch.toml:12: 'role' must be a string, ..."
 *   done:
 *     toml_free(doc);
 *
 * The document is a tree of struct toml_value. Tables keep their keys in the
 * order the document first mentions them. Every value records the line and
 * column (1-based, columns count Unicode characters) where it was defined: a
 * key/value's value where the value starts, a [table] or [[array]] where its
 * header starts, a table made by a dotted key where that key part is written.
 *
 * Strings are UTF-8 with an explicit length and a NUL after them; they may
 * hold U+0000 (written "\u0000"), which toml_strval() and the getters that
 * return C strings refuse, so code that uses C strings never sees a cut one.
 * Keys are the same (a key may be "\u0000" too).
 *
 * Conformance: the whole of TOML 1.0.0, checked against toml-test
 * (docs/internals/toml.md). Errors are ERR_PARSE with "NAME:LINE:COLUMN: what",
 * or ERR_TOOBIG "NAME:LINE:COLUMN: ..." when a limit below is reached (for
 * the size cap, "NAME: larger than N bytes").
 */
#ifndef VOUCH_TOML_H
#define VOUCH_TOML_H

#include "util/compat.h"

#define TOML_MAX_SIZE   ((size_t)16 << 20) /* default cap on a document, in bytes */
#define TOML_MAX_DEPTH  256                /* default cap on nesting, see struct toml_limits */
#define TOML_MAX_VALUES 2000000            /* default cap on values + keys in a document */
#define TOML_MAX_STRING ((size_t)4 << 20)  /* default cap on one string or key, in bytes */
#define TOML_DEPTH_HARD 1024               /* max_depth is clamped to this (stack use) */
/*
 * Default cap on the memory a document takes once parsed: the bytes its arena
 * took from malloc (values 64 bytes each, keys, strings, arrays with their
 * growth, indexes), counted as they are taken. 16 MiB of `[[a]]` or `a1=1`
 * lines take 100 to 200 MiB; past the cap the parse stops with ERR_TOOBIG.
 */
#define TOML_MAX_MEMORY ((size_t)256 << 20)

/*
 * Limits of one parse; a field left 0 takes its default. The depth is the
 * depth in the value tree (the root table is 0; every table, array, inline
 * table and array-of-tables element adds one, however it was written), so
 * [a.b.c] counts 3 like a = [[[1]]] does. Parsing recurses no deeper than
 * this; toml_free() does not recurse.
 */
struct toml_limits {
	size_t max_size;
	size_t max_depth;
	size_t max_values;
	size_t max_string;
};

enum toml_kind {
	TOML_STRING,
	TOML_INTEGER,
	TOML_FLOAT,
	TOML_BOOLEAN,
	TOML_DATETIME,       /* offset date-time: 1979-05-27T07:32:00Z */
	TOML_DATETIME_LOCAL, /* local date-time:  1979-05-27T07:32:00 */
	TOML_DATE_LOCAL,     /* local date:       1979-05-27 */
	TOML_TIME_LOCAL,     /* local time:       07:32:00 */
	TOML_ARRAY,
	TOML_TABLE,
};

/* The parts a date-time has (TOML_DT_*), by kind. */
enum toml_dt_parts {
	TOML_DT_DATE = 1 << 0,   /* year, month, day */
	TOML_DT_TIME = 1 << 1,   /* hour, minute, second, nanosecond */
	TOML_DT_OFFSET = 1 << 2, /* offset_minutes */
};

#define TOML_DATETIME_TEXT_MAX 40

/*
 * A date, time or both, as written, validated: month 1-12, day within the
 * month (leap years by the Gregorian rule), hour 0-23, minute 0-59, second
 * 0-60 (RFC 3339 allows a leap second), offset within +-23:59. Fractions
 * finer than a nanosecond are truncated (the spec says truncate, not round).
 * text is the canonical form: "YYYY-MM-DD", "HH:MM:SS[.frac]",
 * "YYYY-MM-DDTHH:MM:SS[.frac]" and, for an offset date-time, "Z" for offset
 * zero (written "Z", "z", "+00:00" or "-00:00") or "+HH:MM"; the fraction has
 * no trailing zeros and is left out when zero.
 */
struct toml_datetime {
	unsigned parts; /* TOML_DT_* */
	int year, month, day;
	int hour, minute, second;
	int32_t nanosecond;
	int offset_minutes; /* east of UTC, e.g. -300 for -05:00 */
	char text[TOML_DATETIME_TEXT_MAX];
};

struct toml_value;

/* One key of a table: the key as decoded, where it was written, its value. */
struct toml_kv {
	char *key; /* NUL-terminated; keylen excludes the NUL, may hold NULs */
	size_t keylen;
	uint32_t line, col;
	struct toml_value *value;
};

struct toml_index;

/*
 * A value of the tree (64 bytes). Read the fields for the kind; the fields
 * marked as the parser's own are not for callers.
 */
struct toml_value {
	enum toml_kind kind;
	uint32_t line, col; /* where defined; 0 for the root table */
	uint16_t depth;     /* the parser's own */
	uint8_t state;
	uint8_t flags;
	const char *name; /* the document's name (shared, owned by the root) */
	union {
		struct {
			char *ptr; /* NUL-terminated */
			size_t len;
		} str;
		int64_t i;
		double f;
		bool b;
		struct toml_datetime *dt;
		struct {
			struct toml_value **items;
			size_t len, alloc;
		} arr;
		struct {
			struct toml_kv *items; /* in document order */
			size_t len, alloc;
			struct toml_index *index; /* hash of keys, built for big tables */
		} tab;
	} u;
	uint32_t section; /* the parser's own */
};

/*
 * Parses len bytes (UTF-8, an optional BOM at the start) into *out, a table
 * the caller frees with toml_free(). name is used in error messages; one copy
 * of it, owned by the root, is what every value's name points at. On error
 * *out is untouched and the message is
 * "NAME:LINE:COLUMN: what". limits may be NULL for the defaults.
 */
int toml_parse(struct toml_value **out, const char *data, size_t len, const char *name);
int toml_parse_limits(struct toml_value **out, const char *data, size_t len, const char *name,
                      const struct toml_limits *limits);

/* Reads path (at most max bytes, 0 for TOML_MAX_SIZE) and parses it, naming it path. */
int toml_load_file(struct toml_value **out, const char *path, size_t max);

/* Frees a document (or NULL). Only a root from toml_parse() may be freed. */
void toml_free(struct toml_value *doc);

/* "string", "integer", "float", "boolean", "offset date-time", ..., "array", "table". */
const char *toml_kind_name(enum toml_kind kind);

/*
 * Lookups. They take NULL and values of any kind, returning NULL / 0 when
 * t is not a table (or a is not an array) or the key or index is absent, so
 * they can be chained: toml_get(toml_get(doc, "sro"), "name").
 */
const struct toml_value *toml_get(const struct toml_value *t, const char *key);
const struct toml_value *toml_getn(const struct toml_value *t, const char *key, size_t keylen);
/* Follows keys[0], keys[1], ... through nested tables. */
const struct toml_value *toml_get_path(const struct toml_value *t, const char *const *keys,
                                       size_t n);
/* toml_get_path() with the keys as arguments: TOML_PATH(doc, "tool", "poetry", "name"). */
#define TOML_PATH(t, ...)                                                                          \
	toml_get_path((t), (const char *const[]){ __VA_ARGS__ },                                   \
	              sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))
size_t toml_array_len(const struct toml_value *a);
const struct toml_value *toml_array_at(const struct toml_value *a, size_t i);
size_t toml_table_len(const struct toml_value *t);
const struct toml_kv *toml_table_at(const struct toml_value *t, size_t i);

/* A string value as a C string, or NULL when v is not a string or holds a NUL. */
const char *toml_strval(const struct toml_value *v);
/* toml_strval() of the member key of table t. */
const char *toml_str(const struct toml_value *t, const char *key);

/*
 * Typed access with messages for the user. The toml_as_* functions check
 * the kind of v and return ERR_PARSE otherwise, with the message
 *     "NAME:LINE: 'WHAT' must be a string, not an integer"
 * (WHAT is the caller's name for the value, e.g. "role" or "evidence[2]").
 * toml_as_string() also refuses a string holding a NUL; toml_as_stringn()
 * accepts it. toml_as_float() accepts an integer too (converted) since TOML
 * readers commonly write 1 for 1.0. toml_as_datetime() takes a mask of the
 * kinds accepted, e.g. TOML_KIND_BIT(TOML_DATE_LOCAL), or 0 for any of the
 * four date-time kinds.
 *
 * The toml_get_* functions look key up in table t first: absent (or t NULL
 * or not a table) gives ERR_NOTFOUND with "NAME:LINE: missing 'KEY'" (the
 * line of the table's header; no line for the root table).
 */
#define TOML_KIND_BIT(k) (1u << (k))

int toml_as_string(const char **out, const struct toml_value *v, const char *what);
int toml_as_stringn(const char **out, size_t *len_out, const struct toml_value *v,
                    const char *what);
int toml_as_int(int64_t *out, const struct toml_value *v, const char *what);
int toml_as_float(double *out, const struct toml_value *v, const char *what);
int toml_as_bool(bool *out, const struct toml_value *v, const char *what);
int toml_as_datetime(const struct toml_datetime **out, const struct toml_value *v, const char *what,
                     unsigned kinds);
int toml_as_table(const struct toml_value **out, const struct toml_value *v, const char *what);
int toml_as_array(const struct toml_value **out, const struct toml_value *v, const char *what);

int toml_get_string(const char **out, const struct toml_value *t, const char *key);
int toml_get_int(int64_t *out, const struct toml_value *t, const char *key);
int toml_get_float(double *out, const struct toml_value *t, const char *key);
int toml_get_bool(bool *out, const struct toml_value *t, const char *key);
int toml_get_datetime(const struct toml_datetime **out, const struct toml_value *t, const char *key,
                      unsigned kinds);
int toml_get_table(const struct toml_value **out, const struct toml_value *t, const char *key);
int toml_get_array(const struct toml_value **out, const struct toml_value *t, const char *key);

/*
 * Fails with ERR_PARSE "NAME:LINE: unknown key 'K' in WHERE" at the first key
 * of table t that is not in known (a NULL-terminated list): the readers of
 * vouch's own files reject keys they do not know rather than ignore a typo.
 */
int toml_check_keys(const struct toml_value *t, const char *const *known, const char *where);

#endif
