/*
 * strmap.c: see strmap.h.
 */
#include "util/compat.h"
#include "util/strmap.h"
#include "util/alloc.h"

static uint64_t strmap_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static struct strmap_slot *find(const struct strmap *m, const char *key, size_t len)
{
	size_t i;

	if (!m->cap)
		return NULL;
	for (i = (size_t)strmap_hash(key, len) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		struct strmap_slot *s = &m->slots[i];

		if (!s->key || (!strncmp(s->key, key, len) && !s->key[len]))
			return s;
	}
}

unsigned *strmap_getn(const struct strmap *m, const char *key, size_t len)
{
	struct strmap_slot *s = find(m, key, len);

	return s && s->key ? &s->value : NULL;
}

unsigned *strmap_get(const struct strmap *m, const char *key)
{
	return strmap_getn(m, key, strlen(key));
}

static void grow(struct strmap *m)
{
	struct strmap old = *m;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (size_t i = 0; i < old.cap; i++) {
		struct strmap_slot *s;

		if (!old.slots[i].key)
			continue;
		s = find(m, old.slots[i].key, strlen(old.slots[i].key));
		*s = old.slots[i];
	}
	free(old.slots);
}

unsigned *strmap_put(struct strmap *m, const char *key, unsigned value)
{
	size_t len = strlen(key);
	struct strmap_slot *s;

	if ((m->n + 1) * 4 >= m->cap * 3)
		grow(m);
	s = find(m, key, len);
	if (!s->key) {
		s->key = xmemdupz(key, len);
		m->n++;
	}
	s->value = value;
	return &s->value;
}

void strmap_release(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}
