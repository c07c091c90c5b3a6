#include "util/compat.h"
#include "core/buildenv/buildenv.h"
#include "util/alloc.h"
#include "util/err.h"

static const char *const sections[] = { "os", "tools", "packages", "env", "files" };

struct flat {
	char **keys, **vals;
	size_t n, alloc, valloc;
};

static char *value_text(const json_t *v)
{
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	{
		char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);

		if (!s)
			xalloc_die(0);
		return s;
	}
}

static void flat_add(struct flat *f, char *key, char *val)
{
	ALLOC_GROW(f->keys, f->n + 1, f->alloc);
	ALLOC_GROW(f->vals, f->n + 1, f->valloc);
	f->keys[f->n] = key;
	f->vals[f->n++] = val;
}

static void flat_release(struct flat *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->keys[i]);
		free(f->vals[i]);
	}
	free(f->keys);
	free(f->vals);
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One level of nesting is flattened as "key.sub" (tools), sorted by key. */
static void flatten(struct flat *out, const json_t *section)
{
	const char **keys;
	size_t n = json_object_size(section), i = 0;
	const char *k;
	json_t *v;

	if (!json_is_object(section))
		return;
	keys = xcalloc(n ? n : 1, sizeof(*keys));
	json_object_foreach((json_t *)section, k, v) keys[i++] = k;
	QSORT(keys, n, cmp_strp);
	for (i = 0; i < n; i++) {
		v = json_object_get(section, keys[i]);
		if (json_is_object(v)) {
			struct flat sub = { NULL, NULL, 0, 0, 0 };

			flatten(&sub, v);
			for (size_t j = 0; j < sub.n; j++) {
				size_t len = strlen(keys[i]) + strlen(sub.keys[j]) + 2;
				char *kk = xmalloc(len);

				snprintf(kk, len, "%s.%s", keys[i], sub.keys[j]);
				flat_add(out, kk, sub.vals[j]);
				sub.vals[j] = NULL;
			}
			flat_release(&sub);
		} else {
			flat_add(out, xstrdup(keys[i]), value_text(v));
		}
	}
	free(keys);
}

static void add_change(struct buildenv_diff *d, const char *section, const char *key,
                       const char *kind, const char *old, const char *new)
{
	struct buildenv_change *c;

	ALLOC_GROW(d->v, d->n + 1, d->alloc);
	c = &d->v[d->n++];
	c->section = section;
	c->key = xstrdup(key);
	c->kind = kind;
	c->old_value = old ? xstrdup(old) : NULL;
	c->new_value = new ? xstrdup(new) : NULL;
}

int buildenv_diff(struct buildenv_diff *out, const json_t *base, const json_t *cur)
{
	for (size_t s = 0; s < ARRAY_SIZE(sections); s++) {
		struct flat a = { NULL, NULL, 0, 0, 0 }, b = { NULL, NULL, 0, 0, 0 };
		size_t i = 0, j = 0;

		flatten(&a, json_object_get(base, sections[s]));
		flatten(&b, json_object_get(cur, sections[s]));
		while (i < a.n || j < b.n) {
			int c = i == a.n ? 1 : j == b.n ? -1 : strcmp(a.keys[i], b.keys[j]);

			if (c < 0) {
				add_change(out, sections[s], a.keys[i], "removed", a.vals[i], NULL);
				i++;
			} else if (c > 0) {
				add_change(out, sections[s], b.keys[j], "added", NULL, b.vals[j]);
				j++;
			} else {
				if (strcmp(a.vals[i], b.vals[j]))
					add_change(out, sections[s], a.keys[i], "changed",
					           a.vals[i], b.vals[j]);
				i++;
				j++;
			}
		}
		flat_release(&a);
		flat_release(&b);
	}
	return 0;
}

void buildenv_diff_release(struct buildenv_diff *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].key);
		free(d->v[i].old_value);
		free(d->v[i].new_value);
	}
	free(d->v);
	*d = (struct buildenv_diff)BUILDENV_DIFF_INIT;
}
