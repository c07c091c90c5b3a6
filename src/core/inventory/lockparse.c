/*
 * lockparse.c: XML, YAML and JSON-position helpers for extractors.
 */
#include "util/compat.h"
#include "core/inventory/lockparse.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"
#include "util/num.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <yaml.h>

/* XML */

struct xml_errors {
	bool seen;
	int line;
	char msg[256];
	bool entity; /* an entity declaration stopped the parse */
	int entity_line;
};

/* Keeps the first error; libxml2 would otherwise print to stderr. */
static void xml_on_error(void *data, xmlErrorPtr e)
{
	struct xml_errors *xe = data;
	size_t n;

	if (xe->seen || !e || e->level < XML_ERR_ERROR)
		return;
	xe->seen = true;
	xe->line = e->line;
	n = e->message ? strlen(e->message) : 0;
	while (n && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
		n--;
	if (n >= sizeof(xe->msg))
		n = sizeof(xe->msg) - 1;
	if (n)
		memcpy(xe->msg, e->message, n);
	xe->msg[n] = '\0';
}

/* An entity is refused where it is declared: libxml2 is not let to check or expand it. */
static void xml_on_entity(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                          const xmlChar *system_id, xmlChar *content)
{
	xmlParserCtxtPtr pc = ctx;
	struct xml_errors *xe = pc->_private;

	(void)name, (void)type, (void)public_id, (void)system_id, (void)content;
	if (!xe->entity) {
		xe->entity = true;
		xe->entity_line = pc->input ? pc->input->line : 0;
	}
	xmlStopParser(pc);
}

/*
 * See LP_XML_MAX_MEMORY: an upper bound, '<' and '=' in text and comments
 * counted too. Also finds the first tag with more than LP_XML_MAX_ATTRS
 * '=' (comments and CDATA sections skipped): *crowded is its line, else 0.
 */
static uint64_t xml_cost(const char *data, size_t len, size_t *crowded)
{
	uint64_t lt = 0, eq = 0;
	size_t line = 1, in_tag = 0, tag_line = 0;
	bool tag = false;
	char quote = 0; /* in a tag, the quote of the attribute value we are in */

	*crowded = 0;
	for (size_t i = 0; i < len; i++) {
		char c = data[i];

		line += c == '\n';
		lt += c == '<';
		eq += c == '=';
		if (c == '<' && !tag) {
			const char *close = NULL;
			const char *rest = data + i;
			size_t left = len - i;

			if (left >= 4 && !memcmp(rest, "<!--", 4))
				close = "-->";
			else if (left >= 9 && !memcmp(rest, "<![CDATA[", 9))
				close = "]]>";
			if (close) {
				const char *e = memmem(rest, left, close, 3);
				size_t skip = e ? (size_t)(e - rest) + 2 : left - 1;

				for (size_t k = 1; k <= skip; k++) {
					line += rest[k] == '\n';
					lt += rest[k] == '<';
					eq += rest[k] == '=';
				}
				i += skip;
				continue;
			}
			tag = true;
			in_tag = 0;
			tag_line = line;
		} else if (tag && quote) {
			quote = c == quote ? 0 : quote;
		} else if (tag && (c == '"' || c == '\'')) {
			quote = c;
		} else if (c == '>') {
			tag = false;
		} else if (c == '=' && tag && ++in_tag > LP_XML_MAX_ATTRS && !*crowded) {
			*crowded = tag_line;
		}
	}
	return lt * 2 * 136 + eq * 232 + len;
}

int lp_xml_read(xmlDoc **out, size_t *line_out, const char *data, size_t len)
{
	uint64_t cost;
	size_t crowded;
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	                 XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
	struct xml_errors xe = { 0 };
	xmlParserCtxtPtr pc = NULL;
	xmlDoc *doc = NULL;
	int ret = ERR_PARSE;

	*line_out = 0;
	if (len > LP_XML_MAX_SIZE)
		return err_set(ERR_TOOBIG, "larger than %zu bytes: not read", LP_XML_MAX_SIZE);
	if ((cost = xml_cost(data, len, &crowded)) > LP_XML_MAX_MEMORY)
		return err_set(ERR_TOOBIG,
		               "%zu bytes of XML with so many elements and attributes that they "
		               "would take about %llu MiB of memory (over the %zu MiB limit): not "
		               "read",
		               len, (unsigned long long)(cost >> 20), LP_XML_MAX_MEMORY >> 20);
	if (crowded) {
		*line_out = crowded;
		return err_set(ERR_TOOBIG,
		               "an element with more than %d attributes: not read (libxml2 takes "
		               "time in the square of their number)",
		               LP_XML_MAX_ATTRS);
	}
	pc = xmlNewParserCtxt();
	if (!pc)
		xalloc_die(sizeof(*pc));
	pc->_private = &xe;
	pc->sax->entityDecl = xml_on_entity;
	xmlSetStructuredErrorFunc(&xe, xml_on_error);
	doc = xmlCtxtReadMemory(pc, data, (int)len, NULL, NULL, opts);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (xe.entity) {
		*line_out = xe.entity_line > 0 ? (size_t)xe.entity_line : 0;
		err_set(ERR_UNSUPPORTED,
		        "declares XML entities: refused (this kind of file never needs them)");
		goto done;
	}
	if (!doc || !xmlDocGetRootElement(doc)) {
		*line_out = xe.seen && xe.line > 0 ? (size_t)xe.line : 0;
		err_set(ERR_PARSE, "not valid XML: %s", xe.seen ? xe.msg : "no root element");
		goto done;
	}
	if ((doc->intSubset && (doc->intSubset->entities || doc->intSubset->pentities)) ||
	    (doc->extSubset && (doc->extSubset->entities || doc->extSubset->pentities))) {
		*line_out = doc->intSubset ? lp_xml_line((xmlNode *)doc->intSubset) : 0;
		err_set(ERR_UNSUPPORTED,
		        "declares XML entities: refused (this kind of file never needs them)");
		goto done;
	}
	*out = doc;
	doc = NULL;
	ret = 0;
done:
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(pc);
	return ret;
}

int lp_xml_parse(xmlDoc **out, struct extract_ctx *ctx, const char *data, size_t len)
{
	size_t line;

	if (lp_xml_read(out, &line, data, len) < 0)
		return extract_error(ctx, line, "%s", err_msg());
	return 0;
}

bool lp_xml_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->name && !strcmp((const char *)n->name, name);
}

xmlNode *lp_xml_next(const xmlNode *n, const char *name)
{
	for (n = n ? n->next : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && (!name || lp_xml_is(n, name)))
			return (xmlNode *)n;
	return NULL;
}

xmlNode *lp_xml_child(const xmlNode *n, const char *name)
{
	if (!n)
		return NULL;
	for (xmlNode *c = n->children; c; c = c->next)
		if (lp_xml_is(c, name))
			return c;
	return NULL;
}

static char *trimmed(struct buf *b)
{
	buf_trim(b);
	if (!b->len) {
		buf_release(b);
		return NULL;
	}
	return buf_detach(b, NULL);
}

char *lp_xml_text(const xmlNode *n)
{
	struct buf b = BUF_INIT_MAX(LP_XML_MAX_SIZE);

	if (!n)
		return NULL;
	for (xmlNode *c = n->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			buf_adds(&b, (const char *)c->content);
	return trimmed(&b);
}

char *lp_xml_child_text(const xmlNode *n, const char *name)
{
	return lp_xml_text(lp_xml_child(n, name));
}

char *lp_xml_attr(const xmlNode *n, const char *name)
{
	struct buf b = BUF_INIT_MAX(LP_XML_MAX_SIZE);
	xmlAttr *a;

	if (!n || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (a = n->properties; a; a = a->next)
		if (a->name && !strcmp((const char *)a->name, name))
			break;
	if (!a)
		return NULL;
	for (xmlNode *c = a->children; c; c = c->next)
		if (c->type == XML_TEXT_NODE && c->content)
			buf_adds(&b, (const char *)c->content);
	return buf_detach(&b, NULL);
}

size_t lp_xml_line(const xmlNode *n)
{
	long l = n ? xmlGetLineNo(n) : 0;

	return l > 0 ? (size_t)l : 0;
}

/* YAML */

void ynode_free(struct ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		ynode_free(n->kids[i]);
	free(n->kids);
	free(n->str);
	free(n);
}

static struct ynode *ynode_new(enum ynode_kind kind, size_t line, const char *s, size_t len)
{
	struct ynode *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->line = line;
	n->str = xmemdupz(s ? s : "", s ? len : 0);
	n->len = s ? len : 0;
	return n;
}

int ynode_parse(struct ynode **out, size_t *line_out, const char *data, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct ynode *stack[YNODE_MAX_DEPTH + 1];
	struct ynode *root = NULL;
	size_t depth = 0, nodes = 0;
	uint64_t cost = 0;
	bool done = false;
	int ret = 0;

	*out = NULL;
	*line_out = 0;
	if (!yaml_parser_initialize(&parser))
		xalloc_die(sizeof(parser));
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done) {
		struct ynode *n = NULL;
		size_t line;

		if (!yaml_parser_parse(&parser, &ev)) {
			*line_out = parser.problem_mark.line + 1;
			ret = err_set(ERR_PARSE, "not valid YAML: %s",
			              parser.problem ? parser.problem : "syntax error");
			break;
		}
		line = ev.start_mark.line + 1;
		switch (ev.type) {
		case YAML_DOCUMENT_END_EVENT:
		case YAML_STREAM_END_EVENT:
			done = true; /* the first document only */
			break;
		case YAML_ALIAS_EVENT:
			*line_out = line;
			ret = err_set(ERR_UNSUPPORTED, "YAML aliases are not supported here");
			break;
		case YAML_SCALAR_EVENT:
			n = ynode_new(YNODE_SCALAR, line, (const char *)ev.data.scalar.value,
			              ev.data.scalar.length);
			break;
		case YAML_SEQUENCE_START_EVENT:
			n = ynode_new(YNODE_SEQ, line, NULL, 0);
			break;
		case YAML_MAPPING_START_EVENT:
			n = ynode_new(YNODE_MAP, line, NULL, 0);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth)
				depth--;
			break;
		default:
			break;
		}
		if (ev.type == YAML_ALIAS_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		yaml_event_delete(&ev);
		if (!n)
			continue;
		if (++nodes > YNODE_MAX_NODES) {
			ynode_free(n);
			*line_out = line;
			ret = err_set(ERR_TOOBIG, "more than %d YAML nodes", YNODE_MAX_NODES);
			break;
		}
		/* the node and its text with malloc's overhead, its slot in its parent's list */
		cost += sizeof(*n) + 16 + n->len + 1 + 16 + 12;
		if (cost > YNODE_MAX_MEMORY) {
			ynode_free(n);
			*line_out = line;
			ret = err_set(ERR_TOOBIG,
			              "the YAML nodes would take over %zu MiB of memory",
			              YNODE_MAX_MEMORY >> 20);
			break;
		}
		if (depth) {
			struct ynode *parent = stack[depth - 1];

			ALLOC_GROW(parent->kids, parent->nkids + 1, parent->akids);
			parent->kids[parent->nkids++] = n;
		} else if (!root) {
			root = n;
		} else {
			ynode_free(n);
			continue;
		}
		if (n->kind != YNODE_SCALAR) {
			if (depth == YNODE_MAX_DEPTH) {
				*line_out = line;
				ret = err_set(ERR_TOOBIG, "YAML nested deeper than %d levels",
				              YNODE_MAX_DEPTH);
				break;
			}
			stack[depth++] = n;
		}
	}
	yaml_parser_delete(&parser);
	if (ret < 0) {
		ynode_free(root);
		return ret;
	}
	*out = root;
	return 0;
}

const char *ynode_str(const struct ynode *n)
{
	if (!n || n->kind != YNODE_SCALAR || strlen(n->str) != n->len)
		return NULL;
	return n->str;
}

struct ynode *ynode_get(const struct ynode *n, const char *key)
{
	if (!n || n->kind != YNODE_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < n->nkids; i += 2) {
		const char *k = ynode_str(n->kids[i]);

		if (k && !strcmp(k, key))
			return n->kids[i + 1];
	}
	return NULL;
}

/* JSON positions */

void lp_jsonpos_init(struct lp_jsonpos *c, const char *data, size_t len)
{
	c->data = data;
	c->p = data;
	c->end = data + len;
	c->line = 1;
	c->depth = 0;
}

/* Moves to the next key (want_key) or string value equal to key, at depth (SIZE_MAX: any). */
static size_t jsonpos_find(struct lp_jsonpos *c, const char *key, size_t depth, bool want_key)
{
	size_t kl = strlen(key), line = c->line, d = c->depth;
	const char *p = c->p;

	while (p < c->end) {
		const char *s, *q;

		switch (*p) {
		case '\n':
			line++;
			p++;
			continue;
		case '{':
		case '[':
			d++;
			p++;
			continue;
		case '}':
		case ']':
			if (d)
				d--;
			p++;
			continue;
		case '"':
			break;
		default:
			p++;
			continue;
		}
		s = ++p;
		while (p < c->end && *p != '"') {
			if (*p == '\\' && p + 1 < c->end)
				p++;
			else if (*p == '\n')
				line++;
			p++;
		}
		if (p >= c->end)
			break;
		q = ++p;
		while (q < c->end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
			q++;
		if ((q < c->end && *q == ':') == want_key && (depth == SIZE_MAX || d == depth) &&
		    (size_t)(p - 1 - s) == kl && !memcmp(s, key, kl)) {
			c->p = p;
			c->line = line;
			c->depth = d;
			return line;
		}
	}
	return 0;
}

size_t lp_jsonpos_key(struct lp_jsonpos *c, const char *key, size_t depth)
{
	return jsonpos_find(c, key, depth, true);
}

size_t lp_jsonpos_string(struct lp_jsonpos *c, const char *s)
{
	return jsonpos_find(c, s, SIZE_MAX, false);
}

int lp_json_parse(json_t **out, struct extract_ctx *ctx, const char *data, size_t len)
{
	const char *c1, *c2, *what;
	uint64_t line = 0;
	char *m;
	int r = vjson_parse(out, data, len, "json");

	if (r == 0)
		return 0;
	/*
	 * The message reads "json:LINE:COLUMN: what", or "json: what" when
	 * the document was refused before parsing. Copied first: parsing the
	 * line number may set a message of its own over it.
	 */
	m = xstrdup(err_msg());
	what = !strncmp(m, "json: ", 6) ? m + 6 : m;
	c1 = strchr(m, ':');
	c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	if (c2 && c2 > c1 + 1 &&
	    num_parse_u64(&line, c1 + 1, (size_t)(c2 - c1 - 1), SIZE_MAX, 0) == 0) {
		const char *c3 = strchr(c2 + 1, ':');

		if (c3)
			what = c3 + 1 + (c3[1] == ' ');
	} else {
		line = 0;
	}
	if (r == ERR_TOOBIG)
		r = extract_error(ctx, (size_t)line, "%s", what);
	else
		r = extract_error(ctx, (size_t)line, "not valid JSON: %s", what);
	free(m);
	return r;
}

bool lp_split_repo_url(char **host_out, char **path_out, const char *url)
{
	const char *s = url, *host, *hend, *path;
	size_t pl;

	*host_out = *path_out = NULL;
	if (!strncmp(s, "git+", 4))
		s += 4;
	if (strstr(s, "://")) {
		s = strstr(s, "://") + 3;
		host = s;
		hend = s + strcspn(s, "/");
		path = *hend ? hend + 1 : hend;
		/* drop user@ and :port */
		for (const char *a = host; a < hend; a++)
			if (*a == '@')
				host = a + 1;
		for (const char *a = host; a < hend; a++)
			if (*a == ':') {
				hend = a;
				break;
			}
	} else {
		/* scp-like: user@host:path */
		const char *colon = strchr(s, ':');

		if (!colon)
			return false;
		host = s;
		for (const char *a = s; a < colon; a++)
			if (*a == '@')
				host = a + 1;
		hend = colon;
		path = colon + 1;
	}
	while (*path == '/')
		path++;
	pl = strlen(path);
	while (pl && path[pl - 1] == '/')
		pl--;
	if (pl > 4 && !strncmp(path + pl - 4, ".git", 4))
		pl -= 4;
	if (hend == host || !pl)
		return false;
	*host_out = xstrndup(host, (size_t)(hend - host));
	for (char *h = *host_out; *h; h++)
		if (*h >= 'A' && *h <= 'Z')
			*h = (char)(*h - 'A' + 'a');
	*path_out = xstrndup(path, pl);
	return true;
}

/* Name tables */

void lp_names_add(struct lp_names *t, const char *name, void *val)
{
	ALLOC_GROW(t->v, t->n + 1, t->a);
	t->v[t->n].name = name;
	t->v[t->n].val = val;
	t->v[t->n].seq = t->n;
	t->n++;
}

static int names_cmp(const void *a, const void *b)
{
	const struct lp_name *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static int names_icmp(const void *a, const void *b)
{
	const struct lp_name *x = a, *y = b;
	int c = strcasecmp(x->name, y->name);

	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

void lp_names_sort(struct lp_names *t)
{
	QSORT(t->v, t->n, t->icase ? names_icmp : names_cmp);
}

void *lp_names_get(const struct lp_names *t, const char *name)
{
	size_t lo = 0, hi = t->n;

	/* the first entry not less than name */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = t->icase ? strcasecmp(t->v[mid].name, name) : strcmp(t->v[mid].name, name);

		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->n &&
	    !(t->icase ? strcasecmp(t->v[lo].name, name) : strcmp(t->v[lo].name, name)))
		return t->v[lo].val;
	return NULL;
}

void lp_names_release(struct lp_names *t)
{
	free(t->v);
	t->v = NULL;
	t->n = t->a = 0;
}

void lp_names_edges(struct extract_ctx *ctx, struct pkg *from, json_t *deps,
                    const struct lp_names *t)
{
	const char *name;
	json_t *v;

	if (!from || !json_is_object(deps))
		return;
	json_object_foreach(deps, name, v)
	{
		struct pkg *to = lp_names_get(t, name);

		if (to)
			extract_edge(ctx, from, to);
	}
}
