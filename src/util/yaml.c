/*
 * yaml.c: libyaml's event parser driving a stack of jansson containers.
 *
 * The event API (not the document loader) is used so that nothing is kept
 * but the values being built: libyaml's own loader would expand aliases and
 * hold a second copy of the tree.
 */
#include "util/compat.h"
#include "util/yaml.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/num.h"
#include "util/strmap.h"

#include <math.h>
#include <yaml.h>

struct frame {
	json_t *node;    /* an object or array */
	char *key;       /* mapping: the key waiting for its value, or NULL */
	size_t key_line; /* where that key is */
};

struct loader {
	const char *name;
	struct frame stack[VYAML_MAX_DEPTH];
	size_t depth;
	size_t nodes;
	json_t *root;
	struct vyaml_marks *marks; /* NULL unless the caller asked for lines */
	unsigned flags;            /* VYAML_* */
	struct strmap anchors;     /* name -> index in anchored */
	json_t **anchored;         /* borrowed: the tree holds them */
	size_t nanchored;
	size_t copied; /* nodes made by expanding aliases */
	uint64_t cost; /* what the tree is estimated to take, see VYAML_MAX_MEMORY */
};

#define STR_(x) #x
#define STR(x)  STR_(x)

/* The estimate of VYAML_MAX_MEMORY (measured with jansson 2.14 on glibc). */
#define COST_OBJECT 256 /* an object and its hash table */
#define COST_MEMBER 64  /* a member of an object, with its key's bytes */
#define COST_ARRAY  64  /* an array, with 8 per item */
#define COST_VALUE  48  /* any other value, with its string's bytes */
#define COST_MARK   48  /* a line kept for the caller (vyaml_parse_marked) */

static uint64_t node_cost(const json_t *v)
{
	if (json_is_object(v))
		return COST_OBJECT;
	if (json_is_array(v))
		return COST_ARRAY;
	return COST_VALUE + (json_is_string(v) ? json_string_length(v) : 0);
}

/*
 * What a deep copy of v takes (its nodes, members, items and strings),
 * counting no further once past limit.
 */
static uint64_t tree_cost(const json_t *v, uint64_t limit)
{
	uint64_t c = node_cost(v);

	if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v) && c <= limit; i++)
			c += 8 + tree_cost(json_array_get(v, i), limit - c);
	} else if (json_is_object(v)) {
		const char *k;
		json_t *x;

		json_object_foreach((json_t *)v, k, x)
		{
			if (c > limit)
				break;
			c += COST_MEMBER + strlen(k) + tree_cost(x, limit - c);
		}
	}
	return c;
}

/*
 * The marks are an open-addressing table from addresses to lines: the
 * address of a node (jansson's true, false and null are shared singletons
 * and so are never recorded) or of a key as the object stores it, which
 * stays put while the member exists.
 */
struct vyaml_mark_slot {
	const void *at;
	size_t line;
};

struct vyaml_marks {
	struct vyaml_mark_slot *slots;
	size_t cap, n;
};

static size_t mark_hash(const void *p, size_t cap)
{
	uint64_t h = (uint64_t)(uintptr_t)p * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> 17) & (cap - 1);
}

static void marks_put(struct vyaml_marks *m, const void *at, size_t line)
{
	size_t i;

	if ((m->n + 1) * 4 >= m->cap * 3) {
		struct vyaml_marks g = { NULL, m->cap ? m->cap * 2 : 64, 0 };

		g.slots = xcalloc(g.cap, sizeof(*g.slots));
		for (i = 0; i < m->cap; i++)
			if (m->slots[i].at)
				marks_put(&g, m->slots[i].at, m->slots[i].line);
		free(m->slots);
		*m = g;
	}
	for (i = mark_hash(at, m->cap); m->slots[i].at && m->slots[i].at != at;
	     i = (i + 1) & (m->cap - 1))
		;
	if (!m->slots[i].at)
		m->n++;
	m->slots[i].at = at;
	m->slots[i].line = line;
}

static size_t marks_get(const struct vyaml_marks *m, const void *at)
{
	if (!m || !m->cap || !at)
		return 0;
	for (size_t i = mark_hash(at, m->cap); m->slots[i].at; i = (i + 1) & (m->cap - 1))
		if (m->slots[i].at == at)
			return m->slots[i].line;
	return 0;
}

size_t vyaml_line(const struct vyaml_marks *m, const json_t *node)
{
	if (!node || json_is_true(node) || json_is_false(node) || json_is_null(node))
		return 0;
	return marks_get(m, node);
}

size_t vyaml_key_line(const struct vyaml_marks *m, const json_t *obj, const char *key)
{
	void *it;

	if (!m || !json_is_object(obj) || !(it = json_object_iter_at((json_t *)obj, key)))
		return 0;
	return marks_get(m, json_object_iter_key(it));
}

void vyaml_marks_free(struct vyaml_marks *m)
{
	if (!m)
		return;
	free(m->slots);
	free(m);
}

static int fail(const struct loader *l, const yaml_mark_t *m, int code, const char *what)
{
	return err_set(code, "%s:%zu:%zu: %s", l->name, m->line + 1, m->column + 1, what);
}

static bool eq_any(const char *s, size_t n, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) == n && !memcmp(*words, s, n))
			return true;
	return false;
}

static bool is_float(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	if (!digits)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t exp = 0;

		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, exp++;
		if (!exp)
			return false;
	}
	return i == n;
}

/* The YAML 1.2 core schema for a plain scalar. NULL with *bad set for .inf/.nan. */
static json_t *resolve_plain(const char *s, size_t n, bool *bad)
{
	static const char *const nulls[] = { "~", "null", "Null", "NULL", NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE", NULL };
	static const char *const nonfinite[] = { ".inf",  ".Inf",  ".INF",  "+.inf", "+.Inf",
		                                 "+.INF", "-.inf", "-.Inf", "-.INF", ".nan",
		                                 ".NaN",  ".NAN",  NULL };
	uint64_t u;
	int64_t i;
	size_t k = 0;

	if (n == 0 || eq_any(s, n, nulls))
		return json_null();
	if (eq_any(s, n, trues))
		return json_true();
	if (eq_any(s, n, falses))
		return json_false();
	if (eq_any(s, n, nonfinite)) {
		*bad = true;
		return NULL;
	}
	if (n > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
		bool hex = s[1] == 'x';

		u = 0;
		for (k = 2; k < n; k++) {
			int d;
			char c = s[k];

			if (c >= '0' && c <= '7')
				d = c - '0';
			else if (hex && c >= '8' && c <= '9')
				d = c - '0';
			else if (hex && ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'))
				d = (c | 0x20) - 'a' + 10;
			else
				break;
			if (u > (uint64_t)INT64_MAX >> (hex ? 4 : 3))
				break;
			u = (u << (hex ? 4 : 3)) | (unsigned)d;
		}
		if (k == n)
			return json_integer((json_int_t)u);
		return json_stringn(s, n);
	}
	k = (s[0] == '-' || s[0] == '+') ? 1 : 0;
	if (k < n) {
		size_t j = k;

		while (j < n && s[j] >= '0' && s[j] <= '9')
			j++;
		if (j == n) {
			const char *d = s + (s[0] == '+');
			size_t dn = n - (s[0] == '+');

			if (num_parse_i64(&i, d, dn, INT64_MIN, INT64_MAX,
			                  NUM_ALLOW_LEADING_ZERO) == 0)
				return json_integer(i);
			err_clear();
			return json_stringn(s, n);
		}
	}
	if (is_float(s, n)) {
		char tmp[128];
		double d;

		if (n >= sizeof(tmp))
			return json_stringn(s, n);
		memcpy(tmp, s, n);
		tmp[n] = 0;
		d = strtod(tmp, NULL);
		if (!isfinite(d))
			return json_stringn(s, n);
		return json_real(d);
	}
	return json_stringn(s, n);
}

/*
 * Attaches v to the container on top of the stack, or makes it the root;
 * line is where its content starts (1-based), for the marks.
 */
static int attach(struct loader *l, json_t *v, const yaml_mark_t *m, size_t line)
{
	struct frame *f;

	if (++l->nodes > VYAML_MAX_NODES) {
		json_decref(v);
		return fail(l, m, ERR_TOOBIG, "too many nodes");
	}
	/* a key's string is freed once copied into its object: it costs as a member */
	if (l->depth && json_is_object(l->stack[l->depth - 1].node) && !l->stack[l->depth - 1].key)
		l->cost += COST_MEMBER + (json_is_string(v) ? json_string_length(v) : 0);
	else
		l->cost += node_cost(v) + (l->depth ? 8 : 0);
	if (l->marks)
		l->cost += COST_MARK;
	if (l->cost > VYAML_MAX_MEMORY) {
		json_decref(v);
		return fail(
		        l, m, ERR_TOOBIG,
		        "the document would take over " STR(VYAML_MAX_MEMORY_MIB) " MiB of memory");
	}
	if (l->marks && !json_is_true(v) && !json_is_false(v) && !json_is_null(v))
		marks_put(l->marks, v, line);
	if (l->depth == 0) {
		l->root = v;
		return 0;
	}
	f = &l->stack[l->depth - 1];
	if (json_is_array(f->node)) {
		json_array_append_new(f->node, v);
		return 0;
	}
	if (!f->key) {
		/* v is a key: only strings may be keys (JSON objects). */
		const char *s = json_string_value(v);

		if (!json_is_string(v) || strlen(s) != json_string_length(v)) {
			json_decref(v);
			return fail(l, m, ERR_PARSE, "mapping key is not a string");
		}
		if (json_object_get(f->node, s)) {
			int r = err_set(ERR_PARSE, "%s:%zu:%zu: duplicate key '%.80s'", l->name,
			                m->line + 1, m->column + 1, s);

			json_decref(v);
			return r;
		}
		f->key = xstrdup(s);
		f->key_line = line;
		json_decref(v);
		return 0;
	}
	json_object_set_new(f->node, f->key, v);
	if (l->marks)
		marks_put(l->marks, json_object_iter_key(json_object_iter_at(f->node, f->key)),
		          f->key_line);
	free(f->key);
	f->key = NULL;
	return 0;
}

/* Remembers v under an anchor name, for VYAML_ALIASES. */
static int remember(struct loader *l, const unsigned char *anchor, json_t *v, const yaml_mark_t *m)
{
	unsigned *slot;

	if (!anchor || !(l->flags & VYAML_ALIASES))
		return 0;
	slot = strmap_get(&l->anchors, (const char *)anchor);
	if (slot) {
		l->anchored[*slot] = v;
		return 0;
	}
	if (l->nanchored >= VYAML_MAX_ANCHORS)
		return fail(l, m, ERR_TOOBIG, "too many anchors");
	l->anchored = xreallocarray(l->anchored, l->nanchored + 1, sizeof(*l->anchored));
	l->anchored[l->nanchored] = v;
	strmap_put(&l->anchors, (const char *)anchor, (unsigned)l->nanchored++);
	return 0;
}

/* The number of nodes under v, counting at most limit + 1. */
static size_t count_nodes(const json_t *v, size_t limit)
{
	size_t n = 1;

	if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v) && n <= limit; i++)
			n += count_nodes(json_array_get(v, i), limit - n);
	} else if (json_is_object(v)) {
		const char *k;
		json_t *x;

		json_object_foreach((json_t *)v, k, x)
		{
			if (n > limit)
				break;
			n += count_nodes(x, limit - n);
		}
	}
	return n;
}

/* An alias: a copy of the anchored node, within VYAML_MAX_ALIAS_NODES in all. */
static int on_alias(struct loader *l, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	unsigned *slot;
	uint64_t cost;
	json_t *v;
	size_t n;

	if (!(l->flags & VYAML_ALIASES))
		return fail(l, &ev->start_mark, ERR_UNSUPPORTED,
		            "aliases are not supported (refused to avoid expansion attacks)");
	if (!(slot = strmap_get(&l->anchors, name)))
		return fail(l, &ev->start_mark, ERR_PARSE, "alias of an unknown anchor");
	n = count_nodes(l->anchored[*slot], VYAML_MAX_ALIAS_NODES);
	if (n > VYAML_MAX_ALIAS_NODES - l->copied)
		return fail(l, &ev->start_mark, ERR_TOOBIG, "aliases expand to too many nodes");
	/*
	 * Bytes too, not only nodes: one alias of a long anchored string, given
	 * 100,000 times, would be 100,000 copies of it. attach() counts the
	 * copy's top node; the rest is counted here.
	 */
	cost = tree_cost(l->anchored[*slot], VYAML_MAX_MEMORY);
	if (l->cost + cost > VYAML_MAX_MEMORY)
		return fail(l, &ev->start_mark, ERR_TOOBIG,
		            "aliases expand to over " STR(VYAML_MAX_MEMORY_MIB) " MiB of memory");
	l->cost += cost - node_cost(l->anchored[*slot]);
	l->copied += n;
	v = json_deep_copy(l->anchored[*slot]);
	if (!v)
		return fail(l, &ev->start_mark, ERR_NOMEM, "cannot copy an aliased node");
	return attach(l, v, &ev->start_mark, ev->start_mark.line + 1);
}

/*
 * The merge key of YAML 1.1 (`<<: *base`), which CI files use all the time:
 * the members of the merged mapping (or mappings, the first one winning) that
 * the mapping does not set itself.
 */
static void merge_keys(json_t *obj)
{
	json_t *m = json_object_get(obj, "<<"), *src;
	const char *k;
	json_t *x;
	size_t i;

	if (!m)
		return;
	json_incref(m);
	json_object_del(obj, "<<");
	if (json_is_object(m)) {
		json_object_foreach(m, k, x) if (!json_object_get(obj, k))
		        json_object_set(obj, k, x);
	} else if (json_is_array(m)) {
		json_array_foreach(m, i, src)
		{
			if (!json_is_object(src))
				continue;
			json_object_foreach(src, k, x) if (!json_object_get(obj, k))
			        json_object_set(obj, k, x);
		}
	}
	json_decref(m);
}

static int on_scalar(struct loader *l, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	bool keep_string = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
	                   (tag && !strcmp(tag, YAML_STR_TAG));
	bool bad = false;
	json_t *v;

	if (memchr(s, 0, n))
		return fail(l, &ev->start_mark, ERR_PARSE, "NUL character in a scalar");
	/* The key slot of a mapping always takes the text as written. */
	if (l->depth && json_is_object(l->stack[l->depth - 1].node) && !l->stack[l->depth - 1].key)
		keep_string = true;
	v = keep_string ? json_stringn(s, n) : resolve_plain(s, n, &bad);
	if (bad)
		return fail(l, &ev->start_mark, ERR_PARSE,
		            "infinite or NaN number has no JSON form");
	if (!v)
		return fail(l, &ev->start_mark, ERR_PARSE, "invalid UTF-8 in a scalar");
	if (ev->data.scalar.anchor) {
		int r = remember(l, ev->data.scalar.anchor, v, &ev->start_mark);

		if (r < 0) {
			json_decref(v);
			return r;
		}
	}
	/* a block scalar's text starts on the line after its indicator */
	return attach(l, v, &ev->start_mark,
	              ev->start_mark.line + 1 +
	                      (ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
	                       ev->data.scalar.style == YAML_FOLDED_SCALAR_STYLE));
}

static int push(struct loader *l, json_t *node, const yaml_mark_t *m, const unsigned char *anchor)
{
	int r;

	if (l->depth >= VYAML_MAX_DEPTH) {
		json_decref(node);
		return fail(l, m, ERR_TOOBIG, "nesting too deep");
	}
	if (l->depth && json_is_object(l->stack[l->depth - 1].node) &&
	    !l->stack[l->depth - 1].key) {
		json_decref(node);
		return fail(l, m, ERR_PARSE, "mapping key is not a string");
	}
	json_incref(node);
	r = attach(l, node, m, m->line + 1);
	if (r < 0) {
		json_decref(node);
		return r;
	}
	l->stack[l->depth].node = node;
	l->stack[l->depth].key = NULL;
	l->depth++;
	if ((r = remember(l, anchor, node, m)) < 0)
		return r;
	json_decref(node); /* the parent (or root) holds it */
	return 0;
}

/*
 * VYAML_HEADER_DOC: the first of two documents was a header (GitLab's `spec:`);
 * the second is the one wanted. Everything that points into the first goes:
 * its nodes, their marks (their addresses may come back) and its anchors.
 */
static int drop_header(struct loader *l)
{
	json_decref(l->root);
	l->root = NULL;
	if (l->marks && l->marks->cap) {
		memset(l->marks->slots, 0, l->marks->cap * sizeof(*l->marks->slots));
		l->marks->n = 0;
	}
	strmap_release(&l->anchors);
	l->nanchored = 0;
	return 0;
}

int vyaml_parse(json_t **out, const char *data, size_t len, const char *name)
{
	return vyaml_parse_marked(out, NULL, data, len, name, 0);
}

int vyaml_parse_marked(json_t **out, struct vyaml_marks **marks, const char *data, size_t len,
                       const char *name, unsigned flags)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct loader l = { 0 };
	int r = 0, docs = 0;
	bool done = false;

	l.name = name;
	l.flags = flags;
	if (marks)
		l.marks = xcalloc(1, sizeof(*l.marks));
	if (!yaml_parser_initialize(&p))
		return err_set(ERR_NOMEM, "cannot initialise the YAML parser");
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			r = err_set(ERR_PARSE, "%s:%zu:%zu: %s%s%s", name, p.problem_mark.line + 1,
			            p.problem_mark.column + 1,
			            p.problem ? p.problem : "invalid YAML", p.context ? " " : "",
			            p.context ? p.context : "");
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs == 2 && (flags & VYAML_HEADER_DOC) && json_is_object(l.root))
				r = drop_header(&l);
			else if (docs > 1)
				r = fail(&l, &ev.start_mark, ERR_PARSE,
				         "more than one document in the stream");
			break;
		case YAML_ALIAS_EVENT:
			r = on_alias(&l, &ev);
			break;
		case YAML_SCALAR_EVENT:
			r = on_scalar(&l, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			r = push(&l, json_array(), &ev.start_mark, ev.data.sequence_start.anchor);
			break;
		case YAML_MAPPING_START_EVENT:
			r = push(&l, json_object(), &ev.start_mark, ev.data.mapping_start.anchor);
			break;
		case YAML_MAPPING_END_EVENT:
			if (l.depth && (l.flags & VYAML_ALIASES))
				merge_keys(l.stack[l.depth - 1].node);
			/* fall through */
		case YAML_SEQUENCE_END_EVENT:
			if (l.depth)
				l.depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (r < 0)
			break;
	}
	yaml_parser_delete(&p);
	strmap_release(&l.anchors);
	free(l.anchored);
	for (size_t i = 0; i < VYAML_MAX_DEPTH && i < l.depth + 1; i++) {
		free(l.stack[i].key);
		l.stack[i].key = NULL;
	}
	if (r < 0) {
		json_decref(l.root);
		vyaml_marks_free(l.marks);
		return r;
	}
	*out = l.root ? l.root : json_null();
	if (marks)
		*marks = l.marks;
	return 0;
}

int vyaml_load_file(json_t **out, const char *path, size_t max)
{
	struct buf b = BUF_INIT_MAX(max ? max : VYAML_MAX_SIZE);
	int r = buf_read_file(&b, path);

	if (r == 0)
		r = vyaml_parse(out, b.ptr, b.len, path);
	buf_release(&b);
	return r;
}
