/*
 * lockparse.h: small parsing helpers shared by the Java, .NET, Dart, Elixir,
 * Swift, C/C++ and R extractors: XML through libxml2 with the safe options,
 * a YAML node tree with line numbers (libyaml events), and a cursor that
 * finds the line of a JSON key.
 *
 * Why not a YAML-to-jansson loader: lockfile locations carry line numbers,
 * and a jansson tree has none; libyaml's events do.
 */
#ifndef VOUCH_LOCKPARSE_H
#define VOUCH_LOCKPARSE_H

#include "util/compat.h"
#include "core/inventory/inventory.h"

#include <jansson.h>
#include <libxml/tree.h>

/* XML */

#define LP_XML_MAX_SIZE  ((size_t)32 << 20) /* libxml2 takes an int size; our cap is lower */
#define LP_XML_MAX_DEPTH 64                 /* what lp_xml_* walkers descend, at most */
/*
 * Cap on what libxml2's tree of a document is estimated to take, from its
 * text before parsing: each '<' an element and the text node after it (136
 * bytes each with malloc's overhead), each '=' an attribute and its text
 * (232), plus the text. 32 MiB of `<a/>` would take over 2 GiB.
 */
#define LP_XML_MAX_MEMORY ((size_t)256 << 20)
/*
 * Cap on the attributes of one element: libxml2 checks each against all the
 * ones before it (1.6 MiB of one element's attributes took minutes).
 */
#define LP_XML_MAX_ATTRS 1024

/*
 * Parses len bytes as XML with no network, no DTD loading, no entity
 * substitution and libxml2's default depth and size limits (XML_PARSE_HUGE
 * off). A document that declares entities is refused, the parse stopping at
 * the declaration (nothing in these formats needs them, and expanding them
 * is how XML bombs work); one whose tree would take over LP_XML_MAX_MEMORY
 * is refused unparsed (ERR_TOOBIG), as is one with an element of more than
 * LP_XML_MAX_ATTRS attributes. On failure reports
 * extract_error(ctx, LINE, "not valid XML: ...") and returns ERR_PARSE;
 * *out is set only on success (free with xmlFreeDoc).
 */
int lp_xml_parse(xmlDoc **out, struct extract_ctx *ctx, const char *data, size_t len);
/* The same without reporting: err_set() with the message, *line_out its line (0 if unknown). */
int lp_xml_read(xmlDoc **out, size_t *line_out, const char *data, size_t len);

/* The local name of an element (namespace prefix ignored). */
bool lp_xml_is(const xmlNode *n, const char *name);
/* The first element child called name, or NULL. */
xmlNode *lp_xml_child(const xmlNode *n, const char *name);
/* The next element sibling after n called name (or any name when NULL), or NULL. */
xmlNode *lp_xml_next(const xmlNode *n, const char *name);
/*
 * The text of an element: its direct text and CDATA children joined and
 * trimmed (entity references are not followed), or NULL when empty. Free it.
 */
char *lp_xml_text(const xmlNode *n);
/* The text of the child element called name, as lp_xml_text(). */
char *lp_xml_child_text(const xmlNode *n, const char *name);
/* An attribute's value (NULL when absent), entity references not followed. Free it. */
char *lp_xml_attr(const xmlNode *n, const char *name);
/* The line of a node (1-based; 0 when unknown). */
size_t lp_xml_line(const xmlNode *n);

/* YAML */

#define YNODE_MAX_DEPTH 64
#define YNODE_MAX_NODES 4000000
/* cap on the bytes the nodes take, counted as they are made (each about 100 plus its text) */
#define YNODE_MAX_MEMORY ((size_t)256 << 20)

enum ynode_kind {
	YNODE_SCALAR,
	YNODE_MAP, /* kids: key, value, key, value, ... */
	YNODE_SEQ,
};

struct ynode {
	enum ynode_kind kind;
	size_t line; /* 1-based */
	char *str;   /* scalar text (may hold NULs: len), "" for non-scalars */
	size_t len;
	struct ynode **kids;
	size_t nkids, akids;
};

/*
 * Parses the first document of a YAML stream (len bytes). An empty stream
 * gives *out = NULL and 0. Aliases are refused (lockfiles do not use them
 * and they are how YAML bombs work), nesting is capped at
 * YNODE_MAX_DEPTH, the node count at YNODE_MAX_NODES and their memory at
 * YNODE_MAX_MEMORY. On failure
 * returns ERR_PARSE or ERR_TOOBIG, sets err_set() with the message and
 * *line_out to its line.
 */
int ynode_parse(struct ynode **out, size_t *line_out, const char *data, size_t len);
/* The value of key in a map, or NULL (also when n is NULL or not a map). */
struct ynode *ynode_get(const struct ynode *n, const char *key);
/* The scalar text, or NULL when n is NULL, not a scalar or holds a NUL. */
const char *ynode_str(const struct ynode *n);
void ynode_free(struct ynode *n);

/* JSON lines */

/*
 * Finds the lines of JSON object keys in a document that jansson has read
 * (jansson keeps no positions). lp_jsonpos_key() moves to the next key
 * equal to key at nesting depth depth (the number of objects and arrays
 * around it: 1 for the keys of the top-level object) and returns its line,
 * so callers ask for keys in document order; a key not found gives 0 and
 * leaves the cursor where it was. Keys are compared as written in the file,
 * so a key with escapes is not found. Linear in the bytes passed over.
 */
struct lp_jsonpos {
	const char *data, *end;
	const char *p;
	size_t line;  /* line of p */
	size_t depth; /* nesting at p */
};

void lp_jsonpos_init(struct lp_jsonpos *c, const char *data, size_t len);
size_t lp_jsonpos_key(struct lp_jsonpos *c, const char *key, size_t depth);
/* The same for the next string value (not a key) equal to s, at any depth. */
size_t lp_jsonpos_string(struct lp_jsonpos *c, const char *s);

/* Other helpers */

/* Reads a JSON document for an extractor: reports the parse error with its line. */
int lp_json_parse(json_t **out, struct extract_ctx *ctx, const char *data, size_t len);

/*
 * Splits a source repository URL ("https://github.com/apple/swift-nio.git",
 * "git@github.com:apple/swift-nio", "ssh://git@host/a/b") into a host and a
 * path without ".git" and slashes at the ends: host_out "github.com",
 * path_out "apple/swift-nio" (both to free). False when there is no host or path.
 */
bool lp_split_repo_url(char **host_out, char **path_out, const char *url);

/*
 * A name -> value lookup for linking dependency names to packages without
 * quadratic scans: add everything, sort once, then get. Names are not
 * copied (they must outlive the table). With icase, names compare ignoring
 * ASCII case (NuGet). For a name added twice, get returns the first.
 */
struct lp_name {
	const char *name;
	void *val;
	size_t seq;
};

struct lp_names {
	struct lp_name *v;
	size_t n, a;
	bool icase;
};

void lp_names_add(struct lp_names *t, const char *name, void *val);
void lp_names_sort(struct lp_names *t);
void *lp_names_get(const struct lp_names *t, const char *name);
void lp_names_release(struct lp_names *t);

/* An edge from `from` to each package named by a key of the JSON object deps found in t. */
void lp_names_edges(struct extract_ctx *ctx, struct pkg *from, json_t *deps,
                    const struct lp_names *t);

#endif
