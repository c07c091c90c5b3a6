/*
 * maven.c: Maven versions, ordered as Maven 3.9's ComparableVersion does.
 *
 * The version is lower-cased and split into a tree: '.' separates items of
 * one list, '-' starts a sub-list, and a change between digits and letters
 * splits too (a letter run followed by a digit starts a sub-list). Digit runs
 * are numbers (leading zeros dropped, any length); letter runs are qualifiers
 * with the aliases "a"/"b"/"m" before a digit (alpha, beta, milestone), "cr"
 * (rc) and "ga", "final", "release" (the release itself). Qualifiers order
 * alpha < beta < milestone < rc < snapshot < "" (release) < sp < any other
 * (those by bytes). Trailing nulls (0, release qualifiers, empty lists) are
 * dropped from each list, so 1 = 1.0 = 1-0 = 1.ga. Comparing an item with
 * a missing one: a number > 0 is newer, a qualifier compares against the
 * release, a list by its items in turn until one differs (MNG-6964).
 *
 * Maven 3.9 (MNG-7644, also in 3.8.7): a qualifier that starts an item after
 * a '.', when it is followed by a digit or ends the version, opens a sub-list
 * as if a '-' stood before it, so 1.0.0.RC1 = 1.0.0-RC1 < 1.0.0-RC2 and
 * 2.0.X = 2-X. Maven 3.8.6 and earlier kept it in the outer list (there
 * 1.0.0.RC1 > 1.0.0-RC2); docs/internals/version.md has the evidence.
 *
 * Every string is a Maven version; only empty strings and white space or
 * control bytes are refused.
 */
#include "util/compat.h"
#include "core/version/scheme.h"
#include "util/alloc.h"

enum mtype { M_INT, M_STR, M_LIST };

struct mnode {
	enum mtype type;
	const char *p; /* lower-cased text (numbers without leading zeros) */
	size_t n;
	int first, last, next; /* children of a list; -1 = none */
};

/*
 * At most 3 nodes per byte (an "a1" pair makes a nested list, the qualifier,
 * the list of the number and the number) plus the root; the stack and the
 * scratch array of mnormalize() are as long.
 */
#define MAVEN_MAX_NODES(len) (3 * (len) + 4)

struct maven {
	char *lower;
	struct mnode *nodes;
	int nnodes;
	int *stack, nstack; /* lists opened, normalised innermost first */
	int *items;         /* scratch for mnormalize() */
};

static int mnew(struct maven *m, enum mtype t, const char *p, size_t n)
{
	struct mnode *x = &m->nodes[m->nnodes];

	x->type = t;
	x->p = p;
	x->n = n;
	x->first = x->last = x->next = -1;
	return m->nnodes++;
}

static void madd(struct maven *m, int list, int item)
{
	struct mnode *l = &m->nodes[list];

	if (l->last < 0)
		l->first = item;
	else
		m->nodes[l->last].next = item;
	l->last = item;
}

static const char *const qualifiers[] = {
	"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"
};
#define RELEASE_INDEX 5

/* A qualifier's rank: 0..6 for the known ones, 7 for any other. */
static int qual_rank(const char *p, size_t n)
{
	for (int i = 0; i < (int)ARRAY_SIZE(qualifiers); i++)
		if (strlen(qualifiers[i]) == n && !memcmp(qualifiers[i], p, n))
			return i;
	return 7;
}

static bool str_is(const char *p, size_t n, const char *w)
{
	return strlen(w) == n && !memcmp(p, w, n);
}

static int mstring(struct maven *m, const char *p, size_t n, bool followed_by_digit)
{
	if (followed_by_digit && n == 1) {
		if (p[0] == 'a')
			p = "alpha", n = 5;
		else if (p[0] == 'b')
			p = "beta", n = 4;
		else if (p[0] == 'm')
			p = "milestone", n = 9;
	}
	if (str_is(p, n, "ga") || str_is(p, n, "final") || str_is(p, n, "release"))
		p = "", n = 0;
	else if (str_is(p, n, "cr"))
		p = "rc", n = 2;
	return mnew(m, M_STR, p, n);
}

static int mitem(struct maven *m, bool digit, const char *p, size_t n, bool followed_by_digit)
{
	if (digit) {
		while (n > 1 && p[0] == '0')
			p++, n--;
		return mnew(m, M_INT, p, n);
	}
	return mstring(m, p, n, followed_by_digit);
}

static bool mnull(const struct maven *m, int i)
{
	const struct mnode *x = &m->nodes[i];

	switch (x->type) {
	case M_INT:
		return x->n == 1 && x->p[0] == '0';
	case M_STR:
		return qual_rank(x->p, x->n) == RELEASE_INDEX;
	default:
		return x->first < 0;
	}
}

/* Drops null items from the end, walking back past non-null lists and
 * stopping at the first non-null number or qualifier (ListItem.normalize). */
static void mnormalize(struct maven *m, int list, int *items)
{
	int k = 0;

	for (int it = m->nodes[list].first; it >= 0; it = m->nodes[it].next)
		items[k++] = it;
	for (int i = k - 1; i >= 0; i--) {
		if (mnull(m, items[i])) {
			int prev = -1;
			for (int j = i - 1; j >= 0; j--)
				if (items[j] >= 0) {
					prev = items[j];
					break;
				}
			if (prev < 0)
				m->nodes[list].first = m->nodes[items[i]].next;
			else
				m->nodes[prev].next = m->nodes[items[i]].next;
			if (m->nodes[list].last == items[i])
				m->nodes[list].last = prev;
			items[i] = -1;
		} else if (m->nodes[items[i]].type != M_LIST) {
			break;
		}
	}
}

/* Opens a sub-list in list (pushed on the stack) and returns it. */
static int mnest(struct maven *m, int list)
{
	int sub = mnew(m, M_LIST, NULL, 0);

	madd(m, list, sub);
	m->stack[m->nstack++] = sub;
	return sub;
}

/* MNG-7644: a qualifier after a '.' reads as if after a '-' (1.0.0.RC1 = 1.0.0-RC1). */
static int mnest_qualifier(struct maven *m, int list)
{
	return m->nodes[list].first >= 0 ? mnest(m, list) : list;
}

static int maven_parse_into(struct maven *m, const char *s, size_t len)
{
	int list;
	bool is_digit = false;
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f)
			return version_reject("contains white space or control bytes");
		m->lower[i] = (char)vlower(c);
	}
	list = mnew(m, M_LIST, NULL, 0);
	m->stack[m->nstack++] = list;
	for (size_t i = 0; i < len; i++) {
		char c = m->lower[i];
		if (c == '.' || c == '-') {
			if (i == start)
				madd(m, list, mnew(m, M_INT, "0", 1));
			else
				madd(m, list,
				     mitem(m, is_digit, m->lower + start, i - start, false));
			start = i + 1;
			if (c == '-')
				list = mnest(m, list);
		} else if (vdigit((unsigned char)c)) {
			if (!is_digit && i > start) {
				list = mnest_qualifier(m, list);
				madd(m, list, mstring(m, m->lower + start, i - start, true));
				start = i;
				list = mnest(m, list);
			}
			is_digit = true;
		} else {
			if (is_digit && i > start) {
				madd(m, list, mitem(m, true, m->lower + start, i - start, false));
				start = i;
				list = mnest(m, list);
			}
			is_digit = false;
		}
	}
	if (len > start) {
		if (!is_digit)
			list = mnest_qualifier(m, list);
		madd(m, list, mitem(m, is_digit, m->lower + start, len - start, false));
	}
	while (m->nstack > 0)
		mnormalize(m, m->stack[--m->nstack], m->items);
	return 0;
}

static int mcmp(const struct maven *a, int x, const struct maven *b, int y);

/* Compares item x of a with a missing item. */
static int mcmp_null(const struct maven *a, int x)
{
	const struct mnode *n = &a->nodes[x];
	int r;

	switch (n->type) {
	case M_INT:
		return !(n->n == 1 && n->p[0] == '0');
	case M_STR:
		r = qual_rank(n->p, n->n);
		return r < RELEASE_INDEX ? -1 : r > RELEASE_INDEX;
	default:
		for (int it = n->first; it >= 0; it = a->nodes[it].next) {
			r = mcmp_null(a, it);
			if (r)
				return r;
		}
		return 0;
	}
}

static int qual_cmp(const struct mnode *x, const struct mnode *y)
{
	int rx = qual_rank(x->p, x->n), ry = qual_rank(y->p, y->n);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (rx != 7)
		return 0;
	return vstr_cmp(x->p, x->n, y->p, y->n);
}

static int mcmp(const struct maven *a, int x, const struct maven *b, int y)
{
	const struct mnode *p = &a->nodes[x], *q = &b->nodes[y];

	switch (p->type) {
	case M_INT:
		if (q->type == M_INT)
			return vnum_cmp(p->p, p->n, q->p, q->n);
		return 1; /* 1.1 > 1-sp, 1.1 > 1-1 */
	case M_STR:
		if (q->type == M_STR)
			return qual_cmp(p, q);
		return -1; /* 1.any < 1.1, 1.any < 1-1 */
	default:
		if (q->type == M_INT)
			return -1;
		if (q->type == M_STR)
			return 1;
		for (int l = p->first, r = q->first; l >= 0 || r >= 0;) {
			int c = l < 0   ? -mcmp_null(b, r)
			        : r < 0 ? mcmp_null(a, l)
			                : mcmp(a, l, b, r);
			if (c)
				return c;
			if (l >= 0)
				l = a->nodes[l].next;
			if (r >= 0)
				r = b->nodes[r].next;
		}
		return 0;
	}
}

static void maven_release(struct maven *m)
{
	free(m->lower);
	free(m->nodes);
	free(m->stack);
	free(m->items);
}

static int maven_parse(struct maven *m, const char *s, size_t len)
{
	memset(m, 0, sizeof(*m));
	if (len > VERSION_MAX_LEN)
		return version_reject("longer than 1024 bytes");
	m->lower = xmalloc(len + 1);
	m->nodes = xcalloc(MAVEN_MAX_NODES(len), sizeof(*m->nodes));
	m->stack = xcalloc(MAVEN_MAX_NODES(len), sizeof(*m->stack));
	m->items = xcalloc(MAVEN_MAX_NODES(len), sizeof(*m->items));
	return maven_parse_into(m, s, len);
}

static int maven_validate(const char *s, size_t len)
{
	struct maven m;
	int r = maven_parse(&m, s, len);

	maven_release(&m);
	return r;
}

static int maven_compare(const char *a, size_t alen, const char *b, size_t blen, int *out)
{
	struct maven ma, mb;
	int r;

	r = maven_parse(&ma, a, alen);
	if (r == 0) {
		r = maven_parse(&mb, b, blen);
		if (r == 0)
			*out = mcmp(&ma, 0, &mb, 0);
		maven_release(&mb);
	}
	maven_release(&ma);
	return r;
}

const struct version_scheme version_scheme_maven = { "maven", maven_compare, maven_validate };
