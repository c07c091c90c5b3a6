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

#include <math.h>
#include <yaml.h>

struct frame {
	json_t *node; /* an object or array */
	char *key;    /* mapping: the key waiting for its value, or NULL */
};

struct loader {
	const char *name;
	struct frame stack[VYAML_MAX_DEPTH];
	size_t depth;
	size_t nodes;
	json_t *root;
};

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

/* Attaches v to the container on top of the stack, or makes it the root. */
static int attach(struct loader *l, json_t *v, const yaml_mark_t *m)
{
	struct frame *f;

	if (++l->nodes > VYAML_MAX_NODES) {
		json_decref(v);
		return fail(l, m, ERR_TOOBIG, "too many nodes");
	}
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
		json_decref(v);
		return 0;
	}
	json_object_set_new(f->node, f->key, v);
	free(f->key);
	f->key = NULL;
	return 0;
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
	return attach(l, v, &ev->start_mark);
}

static int push(struct loader *l, json_t *node, const yaml_mark_t *m)
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
	r = attach(l, node, m);
	if (r < 0) {
		json_decref(node);
		return r;
	}
	l->stack[l->depth].node = node;
	l->stack[l->depth].key = NULL;
	l->depth++;
	json_decref(node); /* the parent (or root) holds it */
	return 0;
}

int vyaml_parse(json_t **out, const char *data, size_t len, const char *name)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct loader l = { 0 };
	int r = 0, docs = 0;
	bool done = false;

	l.name = name;
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
			if (++docs > 1)
				r = fail(&l, &ev.start_mark, ERR_PARSE,
				         "more than one document in the stream");
			break;
		case YAML_ALIAS_EVENT:
			r = fail(&l, &ev.start_mark, ERR_UNSUPPORTED,
			         "aliases are not supported (refused to avoid expansion attacks)");
			break;
		case YAML_SCALAR_EVENT:
			r = on_scalar(&l, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			r = push(&l, json_array(), &ev.start_mark);
			break;
		case YAML_MAPPING_START_EVENT:
			r = push(&l, json_object(), &ev.start_mark);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
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
	for (size_t i = 0; i < VYAML_MAX_DEPTH && i < l.depth + 1; i++) {
		free(l.stack[i].key);
		l.stack[i].key = NULL;
	}
	if (r < 0) {
		json_decref(l.root);
		return r;
	}
	*out = l.root ? l.root : json_null();
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
