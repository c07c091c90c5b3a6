/*
 * match.c: OSV range evaluation.
 */
#include "util/compat.h"
#include "core/match/match.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/json.h"

enum ev_kind { EV_INTRODUCED, EV_FIXED, EV_LAST_AFFECTED, EV_LIMIT };

static const char *const ev_names[] = { "introduced", "fixed", "last_affected", "limit" };

struct event {
	enum ev_kind kind;
	const char *value;
	size_t len;
	int special; /* -1: below everything ("0" introduced), +1: above ("*" limit), 0: a version */
	size_t pos;  /* original position, for a stable sort */
};

static void note_bad(struct match_notes *n, const char *fmt, const char *a, const char *b)
{
	if (n && !n->first_bad[0])
		snprintf(n->first_bad, sizeof(n->first_bad), fmt, a, b);
}

/* Compares two events' versions; ERR_PARSE when the scheme refuses one. */
static int ev_cmp(const struct version_scheme *s, const struct event *a, const struct event *b,
                  int *out)
{
	if (a->special || b->special) {
		*out = a->special - b->special;
		return 0;
	}
	return s->compare(a->value, a->len, b->value, b->len, out);
}

/* Insertion sort: stable, and events lists are short. */
static int sort_events(const struct version_scheme *s, struct event *ev, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct event x = ev[i];
		size_t j = i;

		while (j > 0) {
			int c;

			if (ev_cmp(s, &ev[j - 1], &x, &c) < 0)
				return ERR_PARSE;
			if (c <= 0)
				break;
			ev[j] = ev[j - 1];
			j--;
		}
		ev[j] = x;
	}
	return 0;
}

/* Compares version v with an event: *out < 0 when v is below it. */
static int v_cmp(const struct version_scheme *s, const char *v, size_t vlen, const struct event *e,
                 int *out)
{
	if (e->special) {
		*out = -e->special;
		return 0;
	}
	return s->compare(v, vlen, e->value, e->len, out);
}

static int collect_events(struct event **out, size_t *n, const json_t *events)
{
	const json_t *ev;
	size_t i;

	*n = 0;
	*out = xcalloc(json_array_size(events) + 1, sizeof(**out));
	json_array_foreach(events, i, ev)
	{
		for (int k = 0; k < 4; k++) {
			const char *val = vjson_str(ev, ev_names[k]);

			if (!val)
				continue;
			(*out)[*n].kind = (enum ev_kind)k;
			(*out)[*n].value = val;
			(*out)[*n].len = strlen(val);
			(*out)[*n].special = (k == EV_INTRODUCED && !strcmp(val, "0")) ? -1
			                     : (k == EV_LIMIT && !strcmp(val, "*"))    ? 1
			                                                               : 0;
			(*out)[*n].pos = i;
			(*n)++;
			break;
		}
	}
	return 0;
}

/*
 * One range: 1 affected, 0 not, ERR_PARSE when an event is not a version
 * (the range is then skipped by the caller, with a note).
 */
static int eval_range(const struct version_scheme *s, const json_t *range, const char *v,
                      size_t vlen, struct match_why *why)
{
	struct event *ev = NULL;
	size_t n, opened = SIZE_MAX;
	bool vulnerable = false, has_limit = false, below_limit = false;
	int c, r = 0;

	collect_events(&ev, &n, json_object_get(range, "events"));
	for (size_t i = 0; i < n; i++) {
		if (ev[i].kind != EV_LIMIT)
			continue;
		has_limit = true;
		if ((r = v_cmp(s, v, vlen, &ev[i], &c)) < 0)
			goto done;
		if (c < 0)
			below_limit = true;
	}
	if (has_limit && !below_limit)
		goto done;
	if ((r = sort_events(s, ev, n)) < 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		if (ev[i].kind == EV_LIMIT)
			continue;
		if ((r = v_cmp(s, v, vlen, &ev[i], &c)) < 0)
			goto done;
		if (ev[i].kind == EV_INTRODUCED && c >= 0) {
			vulnerable = true;
			opened = i;
		} else if (ev[i].kind == EV_FIXED && c >= 0) {
			vulnerable = false;
		} else if (ev[i].kind == EV_LAST_AFFECTED && c > 0) {
			vulnerable = false;
		}
	}
	if (vulnerable) {
		why->introduced = ev[opened].value;
		why->upper_kind = NULL;
		why->upper = NULL;
		/* The bound above: the first closing event after the one that opened. */
		for (size_t i = opened + 1; i < n; i++) {
			if (ev[i].kind == EV_FIXED || ev[i].kind == EV_LAST_AFFECTED) {
				why->upper_kind = ev_names[ev[i].kind];
				why->upper = ev[i].value;
				break;
			}
		}
		if (!why->upper && has_limit) {
			for (size_t i = 0; i < n; i++) {
				if (ev[i].kind == EV_LIMIT && v_cmp(s, v, vlen, &ev[i], &c) == 0 &&
				    c < 0) {
					why->upper_kind = "limit";
					why->upper = ev[i].value;
					break;
				}
			}
		}
		r = 1;
	}
done:
	free(ev);
	return r;
}

/*
 * The first run of digits of a version, without a leading 'v' or zeros, or
 * false when the version does not start that way or has an epoch (':' or
 * '!'), where equal versions may be spelt with different numbers.
 */
static bool lead_number(const char *s, size_t n, const char **num, size_t *len)
{
	size_t i = 0, j;

	if (memchr(s, ':', n) || memchr(s, '!', n))
		return false;
	if (i < n && (s[i] == 'v' || s[i] == 'V'))
		i++;
	while (i + 1 < n && s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '9')
		i++;
	for (j = i; j < n && s[j] >= '0' && s[j] <= '9'; j++)
		;
	if (j == i)
		return false;
	*num = s + i;
	*len = j - i;
	return true;
}

/*
 * Whether listed equals v: the same string, or equal under the scheme. The
 * scheme is asked only when both start with the same number (equal versions
 * always do, epochs aside), which keeps long versions lists cheap.
 */
static bool listed_equal(const struct version_scheme *scheme, const char *v, size_t vlen,
                         bool v_lead, const char *vnum, size_t vnumlen, const char *s)
{
	size_t n = strlen(s), snumlen;
	const char *snum;
	int c = 1;

	if (n == vlen && !memcmp(s, v, vlen))
		return true;
	if (!scheme)
		return false;
	if (v_lead && lead_number(s, n, &snum, &snumlen) &&
	    (snumlen != vnumlen || memcmp(snum, vnum, vnumlen)))
		return false;
	return scheme->compare(v, vlen, s, n, &c) == 0 && c == 0;
}

int match_entry(bool *affected, struct match_why *why, const struct version_scheme *scheme,
                const json_t *ranges, const json_t *versions, const char *v, size_t vlen,
                struct match_notes *notes)
{
	const json_t *x;
	size_t i, vnumlen = 0;
	const char *vnum = NULL;
	bool v_lead;

	*affected = false;
	memset(why, 0, sizeof(*why));
	if (scheme && scheme->validate && scheme->validate(v, vlen) < 0)
		return err_set(ERR_PARSE, "'%.*s' is not a valid %s version",
		               (int)(vlen > 80 ? 80 : vlen), v, scheme->name);
	v_lead = lead_number(v, vlen, &vnum, &vnumlen);
	json_array_foreach(versions, i, x)
	{
		const char *s = vjson_strval(x);

		if (!s)
			continue;
		if (listed_equal(scheme, v, vlen, v_lead, vnum, vnumlen, s)) {
			*affected = true;
			why->range = -1;
			why->listed = s;
			return 0;
		}
	}
	json_array_foreach(ranges, i, x)
	{
		const char *type = vjson_str(x, "type");
		int r;

		if (!type)
			continue;
		if (!strcmp(type, "GIT")) {
			if (notes)
				notes->git_ranges++;
			continue;
		}
		if (!scheme) {
			if (notes)
				notes->unordered++;
			continue;
		}
		r = eval_range(scheme, x, v, vlen, why);
		if (r < 0) {
			if (notes) {
				notes->bad_events++;
				note_bad(notes, "an event of a %s range is not a valid %s version",
				         type, scheme->name);
			}
			continue;
		}
		if (r == 1) {
			*affected = true;
			why->range = (int)i;
			why->type = type;
			return 0;
		}
	}
	return 0;
}

json_t *match_fixed_versions(const json_t *ranges)
{
	json_t *out = json_array(), *rg, *ev;
	size_t i, j;

	json_array_foreach(ranges, i, rg)
	{
		const char *type = vjson_str(rg, "type");

		if (!type || !strcmp(type, "GIT"))
			continue;
		json_array_foreach(json_object_get(rg, "events"), j, ev)
		{
			const char *f = vjson_str(ev, "fixed");
			bool seen = false;
			json_t *y;
			size_t k;

			if (!f)
				continue;
			json_array_foreach(out, k, y) if (!strcmp(json_string_value(y), f)) seen =
			        true;
			if (!seen)
				json_array_append_new(out, json_string(f));
		}
	}
	return out;
}

int match_explain(struct buf *out, const struct match_why *why)
{
	if (why->range < 0)
		return buf_addf(out, "listed in versions ('%s')", why->listed);
	if (why->upper)
		return buf_addf(out, "in range %d (%s): introduced %s, %s %s", why->range,
		                why->type, why->introduced, why->upper_kind, why->upper);
	return buf_addf(out, "in range %d (%s): introduced %s, no fix", why->range, why->type,
	                why->introduced);
}
