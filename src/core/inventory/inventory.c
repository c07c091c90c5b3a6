/*
 * inventory.c: collecting packages from extractors, merging duplicates,
 * walking trees and dispatching files.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/formats/purl.h"
#include "core/inventory/image/image.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/fmap.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/walk.h"

#include <ctype.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* purl -> index into inv->pkgs, open addressing. */
struct inv_index {
	size_t *slots; /* index + 1, 0 = empty */
	size_t cap;    /* power of two */
	size_t used;
};

struct pending_edge {
	struct pkg *from, *to; /* both added by this file; checked in ctx_finish */
};

struct extract_ctx {
	struct inventory *inv;
	const struct extractor *ex;
	const char *path;    /* display path */
	const char *rel;     /* relative to the walk root */
	const char *fs_path; /* on disk, or NULL for data not from a file */
	const char *root;    /* the walk root on disk, or NULL */
	const char *layer;
	struct pkg **pkgs; /* added by this file, merged afterwards */
	size_t npkgs, apkgs;
	struct pending_edge *edges;
	size_t nedges, aedges;
	bool partial;
	bool over_budget; /* extract_add refused a package: the file is partial */
	size_t max_file;
	char *own; /* the file as read from disk: the inventory's copy (read_and_extract) */
	char *mut; /* the data extract() is given, when writable (extract_data_mut) */
	/* path and layer interned (inventory_intern), once for all the file's packages */
	const char *ipath, *ilayer;
	bool interned;
};

/* One entry of inventory.cache (extract_cache_get). */
struct inv_cache {
	char *key;
	void *value;
	void (*free_fn)(void *);
};

/*
 * The budget (INVENTORY_MAX_BYTES). Each string is counted with malloc's
 * overhead; a package's own count (pkg.bytes) is what pkg_free gives back,
 * so the total stays exact under merges whatever moved where.
 */
#define MALLOC_OVERHEAD 16

/*
 * A package's own lists (hashes, deps, properties, qualifiers, locations)
 * hold one to a few entries: grown from what is wanted, doubling after,
 * not from ALLOC_GROW's sixteen. With one hash per package ALLOC_GROW's
 * first 256 bytes, on 2,500 packages, were 150 fresh pages of memory
 * (bench/sbom/README.md, fourth round).
 */
static void *list_grow(void *v, size_t want, size_t *alloc, size_t size)
{
	size_t n = st_mult(*alloc, 2);

	if (want <= *alloc)
		return v;
	*alloc = n < want ? want : n;
	return xreallocarray(v, *alloc, size);
}
#define PKG_LIST_GROW(x, want, alloc) ((x) = list_grow((x), (want), &(alloc), sizeof(*(x))))

static size_t str_cost(const char *s)
{
	return s ? strlen(s) + 1 + MALLOC_OVERHEAD : 0;
}

static void pkg_meter(struct pkg *p, size_t add)
{
	p->bytes += add;
	if (p->inv)
		p->inv->bytes += add;
}

static void pkg_unmeter(struct pkg *p, size_t sub)
{
	sub = sub < p->bytes ? sub : p->bytes;
	p->bytes -= sub;
	if (p->inv)
		p->inv->bytes -= sub < p->inv->bytes ? sub : p->inv->bytes;
}

/* A part moved from src to dst: the total does not change. */
static void pkg_move_meter(struct pkg *dst, struct pkg *src, size_t n)
{
	n = n < src->bytes ? n : src->bytes;
	src->bytes -= n;
	dst->bytes += n;
}

static size_t budget(const struct inventory *inv)
{
	return inv->max_bytes && inv->max_bytes < INVENTORY_MAX_BYTES ? inv->max_bytes
	                                                              : INVENTORY_MAX_BYTES;
}

/* Sets ERR_TOOBIG: the budget is spent. Returns the message. */
static const char *budget_error(const struct inventory *inv)
{
	size_t b = budget(inv);

	if (b >= (size_t)1 << 20 && !(b & (((size_t)1 << 20) - 1)))
		err_set(ERR_TOOBIG,
		        "the inventory holds its limit of %zu MiB (sbom --inventory-budget): "
		        "the packages from here on are not recorded",
		        b >> 20);
	else
		err_set(ERR_TOOBIG,
		        "the inventory holds its limit of %zu bytes (sbom --inventory-budget): "
		        "the packages from here on are not recorded",
		        b);
	return err_msg();
}

/* Interned strings: open addressing over the strings themselves. */
struct inv_pool {
	char **slots;
	size_t cap, n;
};

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void index_grow(struct inventory *inv, size_t want);

static size_t *index_slot(struct inventory *inv, const char *purl)
{
	struct inv_index *ix = inv->index;
	size_t i;

	if (!ix || (ix->used + 1) * 4 >= ix->cap * 3) {
		index_grow(inv, inv->npkgs);
		ix = inv->index;
	}
	for (i = (size_t)fnv1a(purl) & (ix->cap - 1);; i = (i + 1) & (ix->cap - 1)) {
		if (!ix->slots[i] || !strcmp(inv->pkgs[ix->slots[i] - 1]->purl, purl))
			return &ix->slots[i];
	}
}

const struct pkg *inventory_find(const struct inventory *inv, const char *purl)
{
	const struct inv_index *ix = inv->index;

	if (!ix || !purl)
		return NULL;
	for (size_t i = (size_t)fnv1a(purl) & (ix->cap - 1); ix->slots[i];
	     i = (i + 1) & (ix->cap - 1)) {
		const struct pkg *p = inv->pkgs[ix->slots[i] - 1];

		if (!strcmp(p->purl, purl))
			return p;
	}
	return NULL;
}

/* A new index of inv->pkgs with room for want packages (at least), under 3/4 full. */
static void index_grow(struct inventory *inv, size_t want)
{
	struct inv_index *old = inv->index, *ix = xcalloc(1, sizeof(*ix));

	ix->cap = old ? old->cap * 2 : 1024;
	/* rebuilt from scratch (inventory_sort): room for every package, under 3/4 full */
	if (want < inv->npkgs)
		want = inv->npkgs;
	while ((want + 1) * 4 >= ix->cap * 3)
		ix->cap *= 2;
	ix->slots = xcalloc(ix->cap, sizeof(*ix->slots));
	inv->index = ix;
	for (size_t k = 0; k < inv->npkgs; k++) {
		size_t i = (size_t)fnv1a(inv->pkgs[k]->purl) & (ix->cap - 1);

		while (ix->slots[i])
			i = (i + 1) & (ix->cap - 1);
		ix->slots[i] = k + 1;
		ix->used++;
	}
	if (old) {
		free(old->slots);
		free(old);
	}
}

/*
 * A package found again (in many files, or many times in one: 300,000
 * yarn.lock entries resolving to one version) merges its deps, locations,
 * hashes, properties and qualifiers each time, and every add is a
 * "present already?" test. A scan per test made that quadratic; each list
 * gets a hash set instead once it is long (short lists are scanned). A set
 * maps an element to its position + 1, holds the list's first `used`
 * elements, stays under half full, is taken up to date when the list was
 * appended to behind its back, and is dropped when the list is reordered.
 */
#define PKG_SET_MIN 16 /* shorter lists are scanned */

enum pkg_list { PL_DEPS, PL_LOCS, PL_HASHES, PL_PROPS, PL_QUALS, PL_COUNT };

struct pkg_sets {
	struct inv_index set[PL_COUNT];
};

/* What identifies an element of a list: deps by purl, locs by path and line, the rest by pair. */
struct pkg_key {
	const char *a, *b;
	size_t line;
};

static size_t list_len(const struct pkg *p, enum pkg_list l)
{
	switch (l) {
	case PL_DEPS:
		return p->ndeps;
	case PL_LOCS:
		return p->nlocs;
	case PL_HASHES:
		return p->nhashes;
	case PL_PROPS:
		return p->nprops;
	default:
		return p->nqualifiers;
	}
}

static struct pkg_key list_key(const struct pkg *p, enum pkg_list l, size_t i)
{
	struct pkg_key k = { NULL, NULL, 0 };

	switch (l) {
	case PL_DEPS:
		k.a = p->deps[i];
		break;
	case PL_LOCS:
		k.a = p->locs[i].path;
		k.line = p->locs[i].line;
		break;
	case PL_HASHES:
		k.a = p->hashes[i].alg;
		k.b = p->hashes[i].hex;
		break;
	case PL_PROPS:
		k.a = p->props[i].key;
		k.b = p->props[i].value;
		break;
	default:
		k.a = p->qualifiers[i].key;
		k.b = p->qualifiers[i].value;
		break;
	}
	return k;
}

/* Hex digests compare ignoring case (pkg_add_hash stores them lower-cased). */
static uint64_t key_hash(const struct pkg_key *k)
{
	uint64_t h = fnv1a(k->a) ^ ((uint64_t)k->line * 0x9e3779b97f4a7c15ULL);

	for (const char *c = k->b; c && *c; c++)
		h = (h ^ (unsigned char)tolower((unsigned char)*c)) * 1099511628211ULL;
	return h;
}

static bool key_eq(const struct pkg_key *x, const struct pkg_key *y, enum pkg_list l)
{
	if (strcmp(x->a, y->a) || x->line != y->line)
		return false;
	if (!x->b)
		return true;
	return l == PL_HASHES ? !strcasecmp(x->b, y->b) : !strcmp(x->b, y->b);
}

static void sets_drop(struct pkg *p)
{
	if (p->sets) {
		for (size_t l = 0; l < PL_COUNT; l++) {
			pkg_unmeter(p, p->sets->set[l].cap * sizeof(size_t));
			free(p->sets->set[l].slots);
		}
		pkg_unmeter(p, sizeof(*p->sets) + MALLOC_OVERHEAD);
		free(p->sets);
		p->sets = NULL;
	}
}

/* Forgets one list's set (its positions changed). */
static void set_drop(struct pkg *p, enum pkg_list l)
{
	if (p->sets) {
		pkg_unmeter(p, p->sets->set[l].cap * sizeof(size_t));
		free(p->sets->set[l].slots);
		memset(&p->sets->set[l], 0, sizeof(p->sets->set[l]));
	}
}

static void set_put(struct inv_index *x, const struct pkg *p, enum pkg_list l, size_t pos)
{
	struct pkg_key k = list_key(p, l, pos);
	size_t i = (size_t)key_hash(&k) & (x->cap - 1);

	while (x->slots[i])
		i = (i + 1) & (x->cap - 1);
	x->slots[i] = pos + 1;
	x->used = pos + 1;
}

/* Indexes the list l of p, room for twice as many. */
static void set_build(struct pkg *p, enum pkg_list l)
{
	struct inv_index *x;
	size_t cap = 64, n = list_len(p, l);

	if (!p->sets) {
		p->sets = xcalloc(1, sizeof(*p->sets));
		pkg_meter(p, sizeof(*p->sets) + MALLOC_OVERHEAD);
	}
	x = &p->sets->set[l];
	while (cap / 4 < n)
		cap = st_mult(cap, 2);
	pkg_unmeter(p, x->cap * sizeof(size_t));
	pkg_meter(p, cap * sizeof(size_t));
	free(x->slots);
	x->slots = xcalloc(cap, sizeof(*x->slots));
	x->cap = cap;
	x->used = 0;
	for (size_t i = 0; i < n; i++)
		set_put(x, p, l, i);
}

/* True when the list l of p holds an element with key k. */
static bool list_has(struct pkg *p, enum pkg_list l, const struct pkg_key *k)
{
	size_t n = list_len(p, l);
	struct inv_index *x;

	if (n < PKG_SET_MIN) {
		for (size_t i = 0; i < n; i++) {
			struct pkg_key e = list_key(p, l, i);

			if (key_eq(&e, k, l))
				return true;
		}
		return false;
	}
	/* elements appended behind the set's back are taken in too */
	if (!p->sets || p->sets->set[l].used != n)
		set_build(p, l);
	x = &p->sets->set[l];
	for (size_t i = (size_t)key_hash(k) & (x->cap - 1); x->slots[i];
	     i = (i + 1) & (x->cap - 1)) {
		struct pkg_key e = list_key(p, l, x->slots[i] - 1);

		if (key_eq(&e, k, l))
			return true;
	}
	return false;
}

/* Takes in the element just appended to the list l (which list_has did not find). */
static void list_appended(struct pkg *p, enum pkg_list l)
{
	struct inv_index *x = p->sets ? &p->sets->set[l] : NULL;
	size_t n = list_len(p, l);

	if (!x || !x->slots || x->used != n - 1)
		return; /* none yet, or stale: list_has builds it when needed */
	if (n * 2 > x->cap)
		set_build(p, l);
	else
		set_put(x, p, l, n - 1);
}

static bool dep_has(struct pkg *p, const char *purl)
{
	struct pkg_key k = { purl, NULL, 0 };

	return list_has(p, PL_DEPS, &k);
}

/* Appends purl, which p's deps do not hold; the string is taken (and counted by the caller). */
static void dep_append(struct pkg *p, char *purl)
{
	PKG_LIST_GROW(p->deps, p->ndeps + 1, p->adeps);
	p->deps[p->ndeps++] = purl;
	list_appended(p, PL_DEPS);
}

static void kv_free(struct pkg_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

static void pkg_free(struct pkg *p)
{
	if (!p)
		return;
	free(p->namespace);
	free(p->name);
	free(p->version);
	free(p->license);
	kv_free(p->qualifiers, p->nqualifiers);
	kv_free(p->props, p->nprops);
	for (size_t i = 0; i < p->nhashes; i++) {
		free(p->hashes[i].alg);
		free(p->hashes[i].hex);
	}
	free(p->hashes);
	free(p->locs); /* their paths and layers are the inventory's */
	for (size_t i = 0; i < p->ndeps; i++)
		free(p->deps[i]);
	free(p->deps);
	free(p->purl);
	sets_drop(p);
	pkg_unmeter(p, p->bytes);
	free(p);
}

static void pool_free(struct inv_pool *pool)
{
	if (!pool)
		return;
	for (size_t i = 0; i < pool->cap; i++)
		free(pool->slots[i]);
	free(pool->slots);
	free(pool);
}

const char *inventory_intern(struct inventory *inv, const char *s)
{
	struct inv_pool *pool;
	size_t i;

	if (!s)
		return NULL;
	if (!inv->pool)
		inv->pool = xcalloc(1, sizeof(*inv->pool));
	pool = inv->pool;
	if ((pool->n + 1) * 4 >= pool->cap * 3) {
		struct inv_pool g = { NULL, pool->cap ? pool->cap * 2 : 64, pool->n };

		g.slots = xcalloc(g.cap, sizeof(*g.slots));
		for (size_t k = 0; k < pool->cap; k++) {
			if (!pool->slots[k])
				continue;
			for (i = (size_t)fnv1a(pool->slots[k]) & (g.cap - 1); g.slots[i];
			     i = (i + 1) & (g.cap - 1))
				;
			g.slots[i] = pool->slots[k];
		}
		inv->bytes += (g.cap - pool->cap) * sizeof(*g.slots);
		free(pool->slots);
		*pool = g;
	}
	for (i = (size_t)fnv1a(s) & (pool->cap - 1); pool->slots[i]; i = (i + 1) & (pool->cap - 1))
		if (!strcmp(pool->slots[i], s))
			return pool->slots[i];
	pool->slots[i] = xstrdup(s);
	pool->n++;
	inv->bytes += str_cost(s);
	return pool->slots[i];
}

void inventory_release(struct inventory *inv)
{
	for (size_t i = 0; i < inv->npkgs; i++)
		pkg_free(inv->pkgs[i]);
	free(inv->pkgs);
	free(inv->scan_path);
	for (size_t i = 0; i < inv->ndiags; i++) {
		free(inv->diags[i].path);
		free(inv->diags[i].msg);
	}
	free(inv->diags);
	for (size_t i = 0; i < inv->nfiles; i++)
		free(inv->files[i].path);
	free(inv->files);
	free(inv->distro);
	free(inv->distro_id);
	free(inv->image_id);
	free(inv->image_name);
	for (size_t i = 0; i < inv->nimage_layers; i++)
		free(inv->image_layers[i]);
	free(inv->image_layers);
	free(inv->os_release_text);
	free(inv->image_digest);
	free(inv->image_os);
	if (inv->index) {
		free(inv->index->slots);
		free(inv->index);
	}
	for (size_t i = 0; i < inv->ncache; i++) {
		free(inv->cache[i].key);
		inv->cache[i].free_fn(inv->cache[i].value);
	}
	free(inv->cache);
	pool_free(inv->pool);
	memset(inv, 0, sizeof(*inv));
}

/*
 * A diagnostic is shown as "PATH: MESSAGE", so a message that begins with
 * its own path, quoted or not, says it twice ("x.jar: 'x.jar': damaged"):
 * messages built deeper down (archive members, openers' errors) name the
 * file they were about without knowing it is the one the diagnostic names.
 */
static void drop_own_path(struct buf *msg, const char *path)
{
	size_t n = strlen(path), skip = 0;
	const char *m = msg->ptr;

	if (!n || msg->len < n + 2)
		return;
	if (m[0] == '\'' && msg->len >= n + 4 && !memcmp(m + 1, path, n) &&
	    !memcmp(m + 1 + n, "': ", 3))
		skip = n + 4;
	else if (!memcmp(m, path, n) && !memcmp(m + n, ": ", 2))
		skip = n + 2;
	if (skip && skip < msg->len) {
		memmove(msg->ptr, msg->ptr + skip, msg->len - skip + 1);
		msg->len -= skip;
	}
}

/*
 * Beyond INVENTORY_MAX_DIAGS, a diagnostic is counted in the last one,
 * rewritten each time: "N more errors and M more notes are not listed".
 */
static int unlisted(struct inventory *inv, enum inv_diag_level level)
{
	struct inv_diag *d;
	struct buf msg = BUF_INIT;

	if (level == INV_ERROR) {
		inv->nerrors++;
		inv->unlisted_errors++;
	} else {
		inv->unlisted_notes++;
	}
	if (inv->unlisted_errors + inv->unlisted_notes == 1) {
		ALLOC_GROW(inv->diags, inv->ndiags + 1, inv->adiags);
		d = &inv->diags[inv->ndiags++];
		d->path = xstrdup(inv->scan_path ? inv->scan_path : "");
		d->line = 0;
		d->msg = NULL;
		inv->bytes += sizeof(*d) + str_cost(d->path) + 128;
	}
	d = &inv->diags[inv->ndiags - 1];
	d->level = inv->unlisted_errors ? INV_ERROR : INV_NOTE;
	if (inv->unlisted_errors)
		buf_addf(&msg, "%zu more error%s", inv->unlisted_errors,
		         inv->unlisted_errors == 1 ? "" : "s");
	if (inv->unlisted_notes)
		buf_addf(&msg, "%s%zu more note%s", msg.len ? " and " : "", inv->unlisted_notes,
		         inv->unlisted_notes == 1 ? "" : "s");
	buf_addf(&msg, " not listed (only the first %d diagnostics are kept)", INVENTORY_MAX_DIAGS);
	free(d->msg);
	d->msg = buf_detach(&msg, NULL);
	return level == INV_ERROR ? ERR_PARSE : 0;
}

static int inventory_vdiag(struct inventory *inv, enum inv_diag_level level, const char *path,
                           size_t line, const char *fmt, va_list ap)
{
	struct buf msg = BUF_INIT_MAX(4096);
	struct inv_diag *d;

	if (inv->ndiags >= INVENTORY_MAX_DIAGS)
		return unlisted(inv, level);
	if (buf_vaddf(&msg, fmt, ap) < 0) {
		buf_reset(&msg);
		buf_adds(&msg, "(message too long)");
	}
	if (path)
		drop_own_path(&msg, path);
	ALLOC_GROW(inv->diags, inv->ndiags + 1, inv->adiags);
	d = &inv->diags[inv->ndiags++];
	d->level = level;
	d->path = xstrdup(path ? path : "");
	d->line = line;
	d->msg = buf_detach(&msg, NULL);
	inv->bytes += sizeof(*d) + str_cost(d->path) + str_cost(d->msg);
	if (level == INV_ERROR)
		inv->nerrors++;
	return level == INV_ERROR ? ERR_PARSE : 0;
}

int inventory_diag(struct inventory *inv, enum inv_diag_level level, const char *path, size_t line,
                   const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = inventory_vdiag(inv, level, path, line, fmt, ap);
	va_end(ap);
	return r;
}

/* Extractor context API */

const char *extract_path(const struct extract_ctx *ctx)
{
	return ctx->path;
}

const char *extract_rel(const struct extract_ctx *ctx)
{
	return ctx->rel;
}

const char *extract_fs_path(const struct extract_ctx *ctx)
{
	return ctx->fs_path;
}

struct inventory *extract_inventory(struct extract_ctx *ctx)
{
	return ctx->inv;
}

char *extract_data_mut(struct extract_ctx *ctx)
{
	return ctx->mut;
}

const char *extract_layer(const struct extract_ctx *ctx)
{
	return ctx->layer;
}

int extract_error(struct extract_ctx *ctx, size_t line, const char *fmt, ...)
{
	va_list ap;

	ctx->partial = true;
	va_start(ap, fmt);
	inventory_vdiag(ctx->inv, INV_ERROR, ctx->path, line, fmt, ap);
	va_end(ap);
	return ERR_PARSE;
}

void extract_note(struct extract_ctx *ctx, size_t line, const char *fmt, ...)
{
	va_list ap;

	/*
	 * Once the budget refused a package of this file, notes about it
	 * ("dependency X is not in the lockfile") are consequences of that
	 * refusal, which the file's error already names.
	 */
	if (ctx->over_budget)
		return;
	va_start(ap, fmt);
	inventory_vdiag(ctx->inv, INV_NOTE, ctx->path, line, fmt, ap);
	va_end(ap);
}

/* Interned ecosystem names: a handful of distinct strings per run. */
static const char *intern(const char *s)
{
	static char **names;
	static size_t n, alloc;

	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return names[i];
	ALLOC_GROW(names, n + 1, alloc);
	names[n] = xstrdup(s);
	return names[n++];
}

struct pkg *extract_add(struct extract_ctx *ctx, const char *ecosystem, const char *purl_type,
                        const char *namespace, const char *name, const char *version, size_t line)
{
	struct inventory *inv = ctx->inv;
	struct pkg *p;

	if (inv->bytes > budget(inv)) {
		ctx->over_budget = true;
		budget_error(inv);
		return NULL;
	}
	if (!purl_type || !name)
		BUG("extract_add needs a purl type and a name");
	p = xcalloc(1, sizeof(*p));
	p->inv = inv;
	p->ecosystem = intern(ecosystem);
	p->purl_type = intern(purl_type);
	p->namespace = namespace && *namespace ? xstrdup(namespace) : NULL;
	p->name = xstrdup(name);
	p->version = version && *version ? xstrdup(version) : NULL;
	p->locs = xcalloc(1, sizeof(*p->locs));
	p->nlocs = p->alocs = 1;
	if (!ctx->interned) {
		ctx->ipath = inventory_intern(inv, ctx->path);
		ctx->ilayer = inventory_intern(inv, ctx->layer);
		ctx->interned = true;
	}
	p->locs[0].path = ctx->ipath;
	p->locs[0].line = line;
	p->locs[0].extractor = ctx->ex ? ctx->ex->name : "";
	p->locs[0].layer = ctx->ilayer;
	/* the package, its location, its slots in ctx->pkgs, inv->pkgs and the purl index */
	pkg_meter(p, sizeof(*p) + MALLOC_OVERHEAD + sizeof(*p->locs) + MALLOC_OVERHEAD +
	                     3 * sizeof(void *) + str_cost(p->namespace) + str_cost(p->name) +
	                     str_cost(p->version));
	ALLOC_GROW(ctx->pkgs, ctx->npkgs + 1, ctx->apkgs);
	ctx->pkgs[ctx->npkgs++] = p;
	return p;
}

void pkg_set_license(struct pkg *p, const char *spdx)
{
	if (!spdx || !*spdx)
		return;
	pkg_unmeter(p, str_cost(p->license));
	free(p->license);
	p->license = xstrdup(spdx);
	pkg_meter(p, str_cost(p->license));
}

/* pkg_add_hash() with the lengths known, and whether hex is known to be lower-case already. */
static void hash_add(struct pkg *p, const char *alg, size_t alen, const char *hex, size_t hlen,
                     bool lower)
{
	struct pkg_key k = { alg, hex, 0 };
	struct pkg_hash *h;

	if (list_has(p, PL_HASHES, &k))
		return;
	PKG_LIST_GROW(p->hashes, p->nhashes + 1, p->ahashes);
	h = &p->hashes[p->nhashes];
	h->alg = xmemdupz(alg, alen);
	h->hex = xmemdupz(hex, hlen);
	for (char *c = h->hex; !lower && *c; c++)
		if (*c >= 'A' && *c <= 'F')
			*c = (char)(*c - 'A' + 'a');
	/* str_cost() of each */
	pkg_meter(p, sizeof(*p->hashes) + alen + hlen + 2 * (1 + MALLOC_OVERHEAD));
	p->nhashes++;
	list_appended(p, PL_HASHES);
}

void pkg_add_hash(struct pkg *p, const char *alg, const char *hex)
{
	hash_add(p, alg, strlen(alg), hex, strlen(hex), false);
}

static void kv_add(struct pkg *p, enum pkg_list l, const char *key, const char *value)
{
	struct pkg_key k = { key, value, 0 };
	struct pkg_kv **kv = l == PL_PROPS ? &p->props : &p->qualifiers;
	size_t *n = l == PL_PROPS ? &p->nprops : &p->nqualifiers;
	size_t *a = l == PL_PROPS ? &p->aprops : &p->aqualifiers;

	if (list_has(p, l, &k))
		return;
	PKG_LIST_GROW(*kv, *n + 1, *a);
	(*kv)[*n].key = xstrdup(key);
	(*kv)[*n].value = xstrdup(value);
	pkg_meter(p, sizeof(**kv) + str_cost(key) + str_cost(value));
	(*n)++;
	list_appended(p, l);
}

void pkg_add_qualifier(struct pkg *p, const char *key, const char *value)
{
	if (value && *value)
		kv_add(p, PL_QUALS, key, value);
}

void pkg_add_prop(struct pkg *p, const char *key, const char *value)
{
	if (value && *value)
		kv_add(p, PL_PROPS, key, value);
}

void pkg_add_dep_purl(struct pkg *p, const char *purl)
{
	if (!dep_has(p, purl)) {
		pkg_meter(p, sizeof(char *) + str_cost(purl));
		dep_append(p, xstrdup(purl));
	}
}

void extract_edge(struct extract_ctx *ctx, struct pkg *from, struct pkg *to)
{
	/*
	 * Recorded as is and checked when the file is done (ctx_finish), so
	 * that a lockfile with a million edges costs n log n, not n * n.
	 */
	if (!from || !to || from == to)
		return;
	ALLOC_GROW(ctx->edges, ctx->nedges + 1, ctx->aedges);
	ctx->inv->bytes += sizeof(*ctx->edges); /* until ctx_finish */
	ctx->edges[ctx->nedges].from = from;
	ctx->edges[ctx->nedges++].to = to;
}

/*
 * Standard base64 (with or without padding) to hex in out (2 * 128 + 1
 * bytes); the count of hex digits, 0 when not base64. Accepts what
 * sodium_base642bin() does for the ORIGINAL variants (padding exact or
 * absent, unused low bits zero) without its constant-time cost: every npm
 * package has one of these and nothing here is secret.
 */
static size_t b64_to_hex(char out[257], const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	/* the two hex digits of each byte */
	static const char hex2[513] =
	        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	        "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
	        "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
	        "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
	        "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	        "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
	        "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
	        "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
	/* the value of each base64 digit, -1 for other bytes */
	static const signed char val[256] = {
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		-1, -1, -1, 62, -1, -1, -1, 63, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1,
		-1, -1, -1, -1, -1, 0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14,
		15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1, -1, 26, 27, 28,
		29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48,
		49, 50, 51, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	};
	size_t len = 0, pad = 0, i = 0;
	uint32_t acc = 0;
	unsigned bits = 0;

	if (n == 0 || n > 172)
		return 0;
	while (pad < 2 && n > 0 && s[n - 1] == '=')
		n--, pad++;
	/* four digits, three bytes at a time; the rest one digit at a time below */
	for (; i + 4 <= n; i += 4) {
		int a = val[(unsigned char)s[i]], b = val[(unsigned char)s[i + 1]],
		    c = val[(unsigned char)s[i + 2]], d = val[(unsigned char)s[i + 3]];
		uint32_t v = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 | (uint32_t)d;

		if ((a | b | c | d) < 0 || len + 6 > 256)
			return 0;
		memcpy(out + len, hex2 + 2 * (v >> 16), 2);
		memcpy(out + len + 2, hex2 + 2 * (v >> 8 & 255), 2);
		memcpy(out + len + 4, hex2 + 2 * (v & 255), 2);
		len += 6;
	}
	for (; i < n; i++) {
		int v = val[(unsigned char)s[i]];

		if (v < 0)
			return 0;
		acc = (acc << 6 | (unsigned)v) & 0xfff;
		if ((bits += 6) >= 8) {
			unsigned char byte;

			if (len == 256)
				return 0;
			bits -= 8;
			byte = (unsigned char)(acc >> bits);
			out[len++] = hex[byte >> 4];
			out[len++] = hex[byte & 15];
		}
	}
	if (bits > 4 || (acc & ((1u << bits) - 1)) != 0 || (pad && pad != bits / 2))
		return 0;
	out[len] = '\0';
	return len;
}

/*
 * Whether s begins with the n bytes of prefix (lower-case letters and
 * digits) in any case: strncasecmp() in the C and C.UTF-8 locales, inline.
 */
static bool ascii_prefix_ci(const char *s, const char *prefix, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i], p = prefix[i];

		if (c != p && !(p >= 'a' && p <= 'z' && c == p - ('a' - 'A')))
			return false;
	}
	return true;
}

bool pkg_add_integrity(struct pkg *p, const char *integrity)
{
	static const struct {
		const char *prefix, *alg;
		size_t plen, alen, bytes;
	} algs[] = { { "sha512", "SHA-512", 6, 7, 64 },
		     { "sha384", "SHA-384", 6, 7, 48 },
		     { "sha256", "SHA-256", 6, 7, 32 },
		     { "sha1", "SHA-1", 4, 5, 20 },
		     { "md5", "MD5", 3, 3, 16 } };
	char hex[257];
	bool ok = false;

	if (!integrity)
		return false;
	/* SRI may list several hashes separated by spaces: take each. */
	while (*integrity) {
		const char *sp = strchr(integrity, ' ');
		size_t n = sp ? (size_t)(sp - integrity) : strlen(integrity);

		for (size_t i = 0; i < ARRAY_SIZE(algs); i++) {
			size_t pl = algs[i].plen, len = 0;
			bool lower = true;

			if (n <= pl + 1 || !ascii_prefix_ci(integrity, algs[i].prefix, pl) ||
			    (integrity[pl] != '-' && integrity[pl] != ':' && integrity[pl] != '='))
				continue;
			if (n - pl - 1 == 2 * algs[i].bytes) {
				/* sha256:HEX form */
				bool allhex = true;

				for (size_t k = pl + 1; k < n; k++)
					allhex &= isxdigit((unsigned char)integrity[k]) != 0;
				if (allhex) {
					len = n - pl - 1;
					memcpy(hex, integrity + pl + 1, len);
					hex[len] = '\0';
					lower = false;
				}
			}
			if (!len && !(len = b64_to_hex(hex, integrity + pl + 1, n - pl - 1)))
				continue;
			if (len != 2 * algs[i].bytes)
				continue;
			hash_add(p, algs[i].alg, algs[i].alen, hex, len, lower);
			ok = true;
		}
		integrity += n;
		while (*integrity == ' ')
			integrity++;
	}
	return ok;
}

/* Merging */

static void compute_purl(struct pkg *p)
{
	struct buf b = BUF_INIT;
	struct purl_qualifier *q = NULL;

	if (p->nqualifiers) {
		q = xreallocarray(NULL, p->nqualifiers, sizeof(*q));
		for (size_t i = 0; i < p->nqualifiers; i++) {
			q[i].key = p->qualifiers[i].key;
			q[i].value = p->qualifiers[i].value;
		}
	}
	if (purl_build(&b, p->purl_type, p->namespace, p->name, p->version, q, p->nqualifiers,
	               NULL) < 0) {
		buf_reset(&b);
		buf_addf(&b, "pkg:%s/%s", p->purl_type, p->name);
	}
	free(q);
	pkg_unmeter(p, str_cost(p->purl));
	free(p->purl);
	p->purl = buf_detach(&b, NULL);
	pkg_meter(p, str_cost(p->purl));
}

/* Moves the parts of src into dst (the same package found again). src is freed. */
static void merge_into(struct pkg *dst, struct pkg *src)
{
	const unsigned both_only = PKG_DEV | PKG_OPTIONAL | PKG_PEER | PKG_TRANSITIVE;
	const unsigned unknown = PKG_SCOPE_UNKNOWN;
	unsigned scope;

	/* dev, optional...: what every source that knows says; one that cannot tell has no vote */
	if ((dst->flags & unknown) && !(src->flags & unknown))
		scope = src->flags & both_only;
	else if ((src->flags & unknown) && !(dst->flags & unknown))
		scope = dst->flags & both_only;
	else
		scope = dst->flags & src->flags & both_only;
	dst->flags = ((dst->flags | src->flags) & ~(both_only | unknown)) | scope |
	             (dst->flags & src->flags & unknown);
	if (!dst->license && src->license) {
		pkg_move_meter(dst, src, str_cost(src->license));
		dst->license = src->license;
		src->license = NULL;
	}
	for (size_t i = 0; i < src->nhashes; i++)
		pkg_add_hash(dst, src->hashes[i].alg, src->hashes[i].hex);
	for (size_t i = 0; i < src->nprops; i++)
		kv_add(dst, PL_PROPS, src->props[i].key, src->props[i].value);
	for (size_t i = 0; i < src->ndeps; i++) {
		if (!dep_has(dst, src->deps[i])) {
			pkg_move_meter(dst, src, sizeof(char *) + str_cost(src->deps[i]));
			dep_append(dst, src->deps[i]);
			src->deps[i] = NULL;
		}
	}
	for (size_t i = 0; i < src->nlocs; i++) {
		struct pkg_key k = list_key(src, PL_LOCS, i);

		if (list_has(dst, PL_LOCS, &k))
			continue;
		PKG_LIST_GROW(dst->locs, dst->nlocs + 1, dst->alocs);
		dst->locs[dst->nlocs++] = src->locs[i];
		pkg_move_meter(dst, src, sizeof(*src->locs));
		list_appended(dst, PL_LOCS);
	}
	pkg_free(src);
}

static int ptr_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t) * (struct pkg *const *)a,
	          y = (uintptr_t) * (struct pkg *const *)b;

	return x < y ? -1 : x > y;
}

static int edge_cmp(const void *a, const void *b)
{
	const struct pending_edge *x = a, *y = b;
	int c = ptr_cmp(&x->from, &y->from);

	return c ? c : ptr_cmp(&x->to, &y->to);
}

static int dep_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Two packages of one file can share a purl: their edges then name it twice. */
static void dedup_deps(struct pkg *p)
{
	size_t k = 0;

	set_drop(p, PL_DEPS);
	QSORT(p->deps, p->ndeps, dep_cmp);
	for (size_t i = 0; i < p->ndeps; i++) {
		if (k && !strcmp(p->deps[k - 1], p->deps[i])) {
			pkg_unmeter(p, sizeof(char *) + str_cost(p->deps[i]));
			free(p->deps[i]);
			continue;
		}
		p->deps[k++] = p->deps[i];
	}
	p->ndeps = k;
}

/* Whether p is in sorted[0..n) (ordered by address, ptr_cmp): bsearch without its calls. */
static bool pkg_among(struct pkg *const *sorted, size_t n, const struct pkg *p)
{
	uintptr_t x = (uintptr_t)p;
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uintptr_t y = (uintptr_t)sorted[mid];

		if (y == x)
			return true;
		if (y < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* Turns the file's edges into deps: both ends must be this file's packages. */
static void ctx_edges(struct extract_ctx *ctx)
{
	struct pkg **sorted;
	size_t i = 0;

	if (!ctx->nedges)
		return;
	sorted = xreallocarray(NULL, ctx->npkgs ? ctx->npkgs : 1, sizeof(*sorted));
	if (ctx->npkgs)
		memcpy(sorted, ctx->pkgs, ctx->npkgs * sizeof(*sorted));
	QSORT(sorted, ctx->npkgs, ptr_cmp);
	QSORT(ctx->edges, ctx->nedges, edge_cmp);
	while (i < ctx->nedges) {
		struct pkg *from = ctx->edges[i].from;
		size_t end = i;
		bool fresh;

		while (end < ctx->nedges && ctx->edges[end].from == from)
			end++;
		if (!pkg_among(sorted, ctx->npkgs, from)) {
			i = end;
			continue;
		}
		/* deps recorded only by these edges are unique already: no search */
		fresh = from->ndeps == 0;
		if (fresh) /* at most end - i of them: one allocation */
			PKG_LIST_GROW(from->deps, end - i, from->adeps);
		for (; i < end; i++) {
			struct pkg *to = ctx->edges[i].to;

			if ((i > 0 && ctx->edges[i - 1].from == from &&
			     ctx->edges[i - 1].to == to) ||
			    !pkg_among(sorted, ctx->npkgs, to))
				continue;
			if (fresh) {
				pkg_meter(from, sizeof(char *) + str_cost(to->purl));
				from->deps[from->ndeps++] = xstrdup(to->purl);
			} else {
				pkg_add_dep_purl(from, to->purl);
			}
		}
		if (fresh)
			dedup_deps(from);
	}
	free(sorted);
}

static void ctx_finish(struct extract_ctx *ctx, size_t *npkgs_out)
{
	struct inventory *inv = ctx->inv;

	for (size_t i = 0; i < ctx->npkgs; i++)
		compute_purl(ctx->pkgs[i]);
	ctx_edges(ctx);
	/* room for all of the file's packages at once: one rehash, not one per doubling */
	if (ctx->npkgs &&
	    (!inv->index || (inv->index->used + ctx->npkgs + 1) * 4 >= inv->index->cap * 3))
		index_grow(inv, st_add(inv->npkgs, ctx->npkgs));
	for (size_t i = 0; i < ctx->npkgs; i++) {
		struct pkg *p = ctx->pkgs[i];
		size_t *slot = index_slot(inv, p->purl);

		if (*slot) {
			merge_into(inv->pkgs[*slot - 1], p);
			continue;
		}
		ALLOC_GROW(inv->pkgs, inv->npkgs + 1, inv->apkgs);
		inv->pkgs[inv->npkgs++] = p;
		*slot = inv->npkgs;
		inv->index->used++;
	}
	*npkgs_out = ctx->npkgs;
	inv->bytes -= ctx->nedges * sizeof(*ctx->edges) < inv->bytes
	                      ? ctx->nedges * sizeof(*ctx->edges)
	                      : inv->bytes;
	free(ctx->pkgs);
	free(ctx->edges);
	ctx->pkgs = NULL;
	ctx->edges = NULL;
	ctx->npkgs = ctx->nedges = 0;
}

/* Dispatch */

const struct extractor *extractor_find(const char *name)
{
	size_t n;
	const struct extractor *const *list = extractors_list(&n);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i]->name, name))
			return list[i];
	return NULL;
}

static const struct extractor *claim(const char *rel, const char *name)
{
	size_t n;
	const struct extractor *const *list = extractors_list(&n);

	for (size_t i = 0; i < n; i++)
		if (list[i]->match && list[i]->match(rel, name))
			return list[i];
	return NULL;
}

/*
 * The extractor whose match_head() claims the file by its first bytes. Only
 * executable regular files (and .exe/.dll names) are opened: reading the
 * head of every file of a tree would cost an open() per file.
 */
static const struct extractor *claim_head_file(const char *fs_path, const struct stat *st)
{
	bool win = inventory_windows_program(fs_basename(fs_path));
	char head[INVENTORY_HEAD_LEN];
	ssize_t got;
	int fd;

	if (!S_ISREG(st->st_mode) || (!(st->st_mode & 0111) && !win) || st->st_size < 16)
		return NULL;
	fd = fs_open_regular(fs_path); /* a FIFO swapped in after the walk's stat: not waited on */
	if (fd < 0) {
		err_clear();
		return NULL;
	}
	got = read(fd, head, sizeof(head));
	close(fd);
	if (got <= 0)
		return NULL;
	return extractor_claim_head(head, (size_t)got);
}

static const struct extractor *sniff(const char *data, size_t len)
{
	size_t n;
	const struct extractor *const *list = extractors_list(&n);

	for (size_t i = 0; i < n; i++)
		if (list[i]->sniff && list[i]->sniff(data, len))
			return list[i];
	return NULL;
}

/*
 * Text files with a byte-order mark are decoded as pip decodes requirement
 * files: a UTF-8 BOM is dropped, UTF-32 and UTF-16 (LE or BE, by their BOM:
 * what PowerShell's "pip freeze > file" writes) become UTF-8 in out. Without
 * a BOM the bytes are left alone. *text and *tlen are set to what the
 * extractor reads. Returns 0, or ERR_PARSE with the byte offset of the first
 * invalid unit (a lone surrogate, a code point past U+10FFFF, a truncated one).
 */
static int decode_text(struct buf *out, const char **text, size_t *tlen, const char *data,
                       size_t len)
{
	const unsigned char *d = (const unsigned char *)data;
	unsigned width = 0;
	bool be = false;
	size_t i;

	*text = data;
	*tlen = len;
	if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) {
		*text = data + 3;
		*tlen = len - 3;
		return 0;
	}
	if (len >= 4 && d[0] == 0xFF && d[1] == 0xFE && !d[2] && !d[3])
		width = 4;
	else if (len >= 4 && !d[0] && !d[1] && d[2] == 0xFE && d[3] == 0xFF)
		width = 4, be = true;
	else if (len >= 2 && d[0] == 0xFF && d[1] == 0xFE)
		width = 2;
	else if (len >= 2 && d[0] == 0xFE && d[1] == 0xFF)
		width = 2, be = true;
	if (!width)
		return 0;
	/* at most 3 bytes of UTF-8 per 2-byte unit, 4 per 4-byte unit */
	buf_reset(out);
	out->max = len / 2 * 3 + 4;
	if (buf_grow(out, len / 2 * 3 + 1) < 0)
		return err_code();
	for (i = width; i < len;) {
		uint32_t c;
		unsigned char u[4];
		size_t at = i;

		if (len - i < width)
			return err_set(ERR_PARSE, "invalid UTF-%u at byte %zu: truncated",
			               width * 8, at);
		if (width == 4)
			c = be ? (uint32_t)d[i] << 24 | (uint32_t)d[i + 1] << 16 |
			                    (uint32_t)d[i + 2] << 8 | d[i + 3]
			       : (uint32_t)d[i + 3] << 24 | (uint32_t)d[i + 2] << 16 |
			                    (uint32_t)d[i + 1] << 8 | d[i];
		else
			c = be ? (uint32_t)d[i] << 8 | d[i + 1] : (uint32_t)d[i + 1] << 8 | d[i];
		i += width;
		if (width == 2 && c >= 0xD800 && c < 0xDC00 && len - i >= 2) {
			uint32_t lo = be ? (uint32_t)d[i] << 8 | d[i + 1]
			                 : (uint32_t)d[i + 1] << 8 | d[i];

			if (lo >= 0xDC00 && lo < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			}
		}
		if ((c >= 0xD800 && c < 0xE000) || c > 0x10FFFF)
			return err_set(ERR_PARSE, "invalid UTF-%u at byte %zu: not a character",
			               width * 8, at);
		if (c < 0x80) {
			u[0] = (unsigned char)c;
			buf_add(out, u, 1);
		} else if (c < 0x800) {
			u[0] = (unsigned char)(0xC0 | c >> 6);
			u[1] = (unsigned char)(0x80 | (c & 0x3F));
			buf_add(out, u, 2);
		} else if (c < 0x10000) {
			u[0] = (unsigned char)(0xE0 | c >> 12);
			u[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
			u[2] = (unsigned char)(0x80 | (c & 0x3F));
			buf_add(out, u, 3);
		} else {
			u[0] = (unsigned char)(0xF0 | c >> 18);
			u[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
			u[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
			u[3] = (unsigned char)(0x80 | (c & 0x3F));
			buf_add(out, u, 4);
		}
	}
	*text = out->ptr;
	*tlen = out->len;
	return 0;
}

static void run_extractor(struct extract_ctx *ctx, const char *data, size_t len,
                          struct inv_stream *in)
{
	struct inventory *inv = ctx->inv;
	struct inv_file *f;
	struct buf decoded = BUF_INIT;
	size_t before = inv->nerrors, n = 0;
	int r;

	err_clear();
	if (in)
		r = extractor_stream(ctx->ex)(ctx, in);
	else if (extractor_reads_bytes(ctx->ex))
		r = ctx->ex->extract(ctx, data, len);
	else if ((r = decode_text(&decoded, &data, &len, data, len)) < 0)
		extract_error(ctx, 0, "%s: not read", err_msg());
	else {
		/* decoded text, or the copy read from disk (a byte-order mark skipped): writable */
		if (decoded.alloc && data == decoded.ptr)
			ctx->mut = decoded.ptr;
		else if (ctx->own && data >= ctx->own)
			ctx->mut = ctx->own + (data - ctx->own);
		r = ctx->ex->extract(ctx, data, len);
		ctx->mut = NULL;
	}
	buf_release(&decoded);
	if (ctx->over_budget && inv->nerrors == before)
		extract_error(ctx, 0, "%s", budget_error(inv));
	if (r < 0 && inv->nerrors == before)
		extract_error(ctx, 0, "%s", err_msg()[0] ? err_msg() : "cannot read");
	ctx_finish(ctx, &n);
	/* a dispatcher hands the data on: the readers it calls are the inputs recorded */
	if (extractor_is_dispatcher(ctx->ex) && !ctx->partial && inv->nerrors == before)
		return;
	ALLOC_GROW(inv->files, inv->nfiles + 1, inv->afiles);
	f = &inv->files[inv->nfiles++];
	f->path = xstrdup(ctx->path);
	inv->bytes += sizeof(*f) + str_cost(f->path);
	f->extractor = ctx->ex->name;
	f->npkgs = n;
	f->partial = ctx->partial || inv->nerrors > before;
}

const char *extract_root(const struct extract_ctx *ctx)
{
	return ctx->fs_path ? ctx->root : NULL;
}

const struct walk_opts *extract_walk_opts(const struct extract_ctx *ctx)
{
	return ctx->fs_path ? ctx->inv->scan_walk : NULL;
}

void *extract_cache_get(struct extract_ctx *ctx, const char *key)
{
	for (size_t i = 0; i < ctx->inv->ncache; i++)
		if (!strcmp(ctx->inv->cache[i].key, key))
			return ctx->inv->cache[i].value;
	return NULL;
}

void extract_cache_set(struct extract_ctx *ctx, const char *key, void *value,
                       void (*free_fn)(void *))
{
	struct inventory *inv = ctx->inv;

	inv->cache = xreallocarray(inv->cache, inv->ncache + 1, sizeof(*inv->cache));
	inv->cache[inv->ncache].key = xstrdup(key);
	inv->cache[inv->ncache].value = value;
	inv->cache[inv->ncache++].free_fn = free_fn;
}

int extract_read_relative(struct extract_ctx *ctx, const char *relpath, struct buf *out,
                          char **display_out)
{
	struct buf disk = BUF_INIT, shown = BUF_INIT;
	char *real = NULL, *root = NULL;
	const char *slash;
	int ret = -1;

	if (!ctx->fs_path)
		return err_set(ERR_NOTFOUND, "'%s' is not on disk here", relpath);
	if (!*relpath || relpath[0] == '/')
		return err_set(ERR_USAGE, "'%s': only paths relative to the file are read",
		               relpath);
	slash = strrchr(ctx->fs_path, '/');
	if (slash)
		buf_add(&disk, ctx->fs_path, (size_t)(slash - ctx->fs_path + 1));
	buf_adds(&disk, relpath);
	slash = strrchr(ctx->path, '/');
	if (slash)
		buf_add(&shown, ctx->path, (size_t)(slash - ctx->path + 1));
	buf_adds(&shown, relpath);
	real = realpath(disk.ptr, NULL);
	if (!real) {
		ret = errno == ENOENT ? err_set(ERR_NOTFOUND, "'%s' does not exist", shown.ptr)
		                      : err_set_errno(ERR_IO, "cannot open '%s'", shown.ptr);
		goto done;
	}
	if (ctx->root) {
		root = realpath(ctx->root, NULL);
	} else {
		/* a single file was given: its own folder bounds what it may name */
		struct buf dir = BUF_INIT;

		slash = strrchr(ctx->fs_path, '/');
		buf_add(&dir, ctx->fs_path, slash ? (size_t)(slash - ctx->fs_path) : 0);
		root = realpath(dir.len ? dir.ptr : ".", NULL);
		buf_release(&dir);
	}
	if (!root || strncmp(real, root, strlen(root)) ||
	    (real[strlen(root)] != '/' && strcmp(root, "/"))) {
		ret = err_set(ERR_USAGE, "'%s' lies outside the scanned tree: not read", shown.ptr);
		goto done;
	}
	out->max = ctx->max_file ? ctx->max_file : INVENTORY_MAX_FILE;
	if (buf_read_file(out, real) < 0) {
		ret = err_code();
		goto done;
	}
	if (display_out)
		*display_out = buf_detach(&shown, NULL);
	ret = 0;
done:
	free(real);
	free(root);
	buf_release(&disk);
	buf_release(&shown);
	return ret;
}

int inventory_read_as(struct inventory *inv, const struct extractor *ex, const char *display,
                      const char *rel, const char *data, size_t len, const char *layer)
{
	struct extract_ctx ctx = { 0 };

	if (ex->max_size && len > ex->max_size)
		return inventory_diag(
		        inv, INV_ERROR, display, 0,
		        "larger than the %zu-byte limit for this kind of file: not read",
		        ex->max_size);
	ctx.inv = inv;
	ctx.ex = ex;
	ctx.path = display;
	ctx.rel = rel;
	ctx.layer = layer;
	run_extractor(&ctx, data, len, NULL);
	return 0;
}

int inventory_read_stream(struct inventory *inv, const struct extractor *ex, const char *display,
                          const char *rel, struct inv_stream *in, const char *layer)
{
	struct extract_ctx ctx = { 0 };

	if (!extractor_stream(ex))
		BUG("extractor '%s' reads no stream", ex->name);
	ctx.inv = inv;
	ctx.ex = ex;
	ctx.path = display;
	ctx.rel = rel;
	ctx.layer = layer;
	run_extractor(&ctx, NULL, 0, in);
	return 0;
}

struct fd_stream {
	int fd;
	const char *display;
};

static ssize_t fd_read(void *arg, void *buf, size_t n)
{
	struct fd_stream *fs = arg;
	ssize_t got;

	do
		got = read(fs->fd, buf, n);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return err_set_errno(ERR_IO, "cannot read '%s'", fs->display);
	return got;
}

static int64_t fd_seek(void *arg, int64_t off, int whence)
{
	struct fd_stream *fs = arg;
	off_t r = lseek(fs->fd, (off_t)off, whence);

	if (r < 0)
		return err_set_errno(ERR_IO, "cannot read '%s'", fs->display);
	return (int64_t)r;
}

bool inventory_claims(const char *rel)
{
	return claim(rel, fs_basename(rel)) != NULL;
}

const struct extractor *inventory_claim(const char *rel)
{
	return claim(rel, fs_basename(rel));
}

bool inventory_windows_program(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && (!strcasecmp(name + n - 4, ".exe") || !strcasecmp(name + n - 4, ".dll"));
}

int inventory_read_data(struct inventory *inv, const char *display, const char *rel,
                        const char *data, size_t len, const char *layer)
{
	const struct extractor *ex = claim(rel, fs_basename(rel));

	if (!ex)
		return 0;
	return inventory_read_as(inv, ex, display, rel, data, len, layer);
}

/* The extractor that claims the file at path by its first bytes, or NULL. */
static const struct extractor *claim_by_head(const char *path)
{
	char head[INVENTORY_HEAD_LEN];
	int fd = fs_open_regular(path);
	ssize_t n = fd < 0 ? -1 : pread(fd, head, sizeof(head), 0);

	if (fd >= 0)
		close(fd);
	err_clear();
	return n > 0 ? extractor_claim_head(head, (size_t)n) : NULL;
}

/* read_and_extract() for extractor_maps(): the file mapped read-only, not copied. */
static int map_and_extract(struct extract_ctx *ctx)
{
	struct inventory *inv = ctx->inv;
	const char *display = ctx->path;
	size_t cap = ctx->max_file;
	int fd = fs_open_regular(ctx->fs_path);
	struct stat sb;
	struct fmap map;
	int r;

	if (fd < 0 || fstat(fd, &sb) < 0) {
		inventory_diag(inv, INV_ERROR, display, 0, "%s",
		               fd < 0 ? err_msg() : strerror(errno));
		if (fd >= 0)
			close(fd);
		return 0;
	}
	if ((uint64_t)sb.st_size > cap) {
		close(fd);
		return inventory_diag(
		        inv, INV_ERROR, display, 0,
		        "larger than the %zu-byte limit for this kind of file: not read", cap);
	}
	if (!sb.st_size) {
		close(fd);
		return 0;
	}
	r = fmap_open(&map, fd, (size_t)sb.st_size);
	close(fd);
	if (r < 0)
		return inventory_diag(inv, INV_ERROR, display, 0, "%s", err_msg());
	run_extractor(ctx, map.ptr, map.len, NULL);
	if (fmap_close(&map))
		inventory_diag(inv, INV_ERROR, display, 0,
		               "shrank while it was read: what was found in it may be incomplete");
	return 0;
}

static int read_and_extract(struct inventory *inv, const struct extractor *ex, const char *fs_path,
                            const char *display, const char *rel, const char *root, size_t max_file)
{
	size_t cap = ex->max_size ? ex->max_size : max_file;
	struct buf data = BUF_INIT_MAX(cap);
	struct extract_ctx ctx = { .inv = inv,
		                   .ex = ex,
		                   .path = display,
		                   .rel = rel,
		                   .fs_path = fs_path,
		                   .root = root,
		                   .max_file = cap };

	if (extractor_stream(ex)) {
		struct fd_stream fs = { fs_open_regular(fs_path), display };
		struct inv_stream in = { .read = fd_read, .arg = &fs, .size = -1, .seek = fd_seek };
		struct stat sb;

		if (fs.fd < 0) {
			inventory_diag(inv, INV_ERROR, display, 0, "%s", err_msg());
			return 0;
		}
		if (fstat(fs.fd, &sb) == 0)
			in.size = (int64_t)sb.st_size;
		run_extractor(&ctx, NULL, 0, &in);
		close(fs.fd);
		return 0;
	}
	if (extractor_maps(ex))
		return map_and_extract(&ctx);
	if (buf_read_file(&data, fs_path) < 0) {
		inventory_diag(inv, INV_ERROR, display, 0, "%s", err_msg());
		buf_release(&data);
		return 0;
	}
	ctx.own = data.ptr;
	run_extractor(&ctx, data.ptr, data.len, NULL);
	buf_release(&data);
	return 0;
}

struct scan_state {
	struct inventory *inv;
	const struct inventory_opts *opts;
	const char *root; /* as given */
	size_t max_file;
	const struct extractor *only; /* --type: read only what it claims */
};

static const char *kind_name(mode_t mode)
{
	return S_ISFIFO(mode)   ? "a FIFO"
	       : S_ISSOCK(mode) ? "a socket"
	       : S_ISCHR(mode)  ? "a character device"
	       : S_ISBLK(mode)  ? "a block device"
	                        : "not a regular file";
}

static int scan_entry(const struct walk_entry *e, void *payload)
{
	struct scan_state *st = payload;
	const struct extractor *ex;

	switch (e->kind) {
	case WALK_DIR:
		if (st->opts->progress)
			st->opts->progress(st->opts->progress_arg, e->path, st->inv->nfiles);
		return 0;
	case WALK_FILE:
		ex = claim(e->rel, e->name);
		if (!ex)
			ex = claim_head_file(e->target, &e->st);
		if (ex && st->only && ex != st->only)
			ex = NULL;
		if (ex)
			read_and_extract(st->inv, ex, e->target, e->path, e->rel, st->root,
			                 st->max_file);
		return 0;
	case WALK_OTHER:
		/* a FIFO called package-lock.json is an input that cannot be read */
		ex = claim(e->rel, e->name);
		if (ex && (!st->only || ex == st->only))
			inventory_diag(st->inv, INV_ERROR, e->path, 0, "%s: not read",
			               kind_name(e->st.st_mode));
		return 0;
	case WALK_ERROR:
		/*
		 * Anything not read may hide inputs, so it makes the run partial.
		 * Links walk() chose not to follow are notes (a Debian root has
		 * /usr/bin/X11 -> . and dangling links by the dozen), except a
		 * dangling or looping link that an extractor claims by name: that
		 * is an input vouch should have read. Archives are claimed by name
		 * but read as they come (a JDK's src.zip links to a package seldom
		 * installed), so theirs are notes too. Links out of the tree are
		 * never read and named as notes.
		 */
		ex = e->not_followed ? claim(e->rel, e->name) : NULL;
		if (e->not_followed && (!ex || extractor_is_dispatcher(ex) ||
		                        strstr(e->reason, "outside the scanned tree")))
			inventory_diag(st->inv, INV_NOTE, e->path, 0, "%s", e->reason);
		else
			inventory_diag(st->inv, INV_ERROR, e->path, 0, "%s%s%s", e->reason,
			               e->err ? ": " : "", e->err ? strerror(e->err) : "");
		return 0;
	default:
		return 0;
	}
}

/*
 * Whether the folder holds a root file system (a package database or an
 * os-release where a system keeps them): its absolute links name places in
 * itself, not on this machine.
 */
static bool is_root_fs(const char *dir)
{
	static const char *const marks[] = {
		"etc/os-release",       "usr/lib/os-release", "var/lib/dpkg/status",
		"lib/apk/db/installed", "var/lib/rpm",        "usr/lib/sysimage/rpm",
	};
	struct buf p = BUF_INIT;
	bool found = false;

	for (size_t i = 0; !found && i < ARRAY_SIZE(marks); i++) {
		buf_reset(&p);
		if (buf_addf(&p, "%s/%s", dir, marks[i]) < 0)
			break;
		found = fs_exists(p.ptr);
	}
	buf_release(&p);
	return found;
}

/* What image/ may call of the inventory: it calls nothing else here (image.h). */
static const struct image_host image_host = {
	.claim = inventory_claim,
	.claim_head = extractor_claim_head,
	.stream = extractor_stream,
	.windows_program = inventory_windows_program,
	.read_as = inventory_read_as,
	.read_stream = inventory_read_stream,
	.diag = inventory_diag,
	.release = inventory_release,
	.intern = inventory_intern,
};

int inventory_scan(struct inventory *inv, const char *path, const struct inventory_opts *opts)
{
	static const char *const default_exclude[] = { ".git", ".hg", ".svn", ".vouch" };
	static const struct inventory_opts none;
	struct scan_state st = { inv, opts ? opts : &none, path, 0, NULL };
	const char **ex = NULL;
	struct walk_opts wo = { 0 };
	struct stat sb;
	size_t nex = 0;
	int r;

	st.max_file = st.opts->max_file ? st.opts->max_file : INVENTORY_MAX_FILE;
	if (!inv->scan_path)
		inv->scan_path = xstrdup(path);
	if (st.opts->max_bytes)
		inv->max_bytes = st.opts->max_bytes;
	if (stat(path, &sb) < 0)
		return err_set_errno(ERR_IO, "cannot read '%s'", path);
	/* a container image given as PATH: its layers, not its blobs, are the input */
	if (st.opts->force_kind && !strcmp(st.opts->force_kind, INVENTORY_KIND_IMAGE)) {
		struct image_opts io = { .host = &image_host,
			                 .platform = st.opts->platform,
			                 .max_file = st.opts->max_file,
			                 .max_names = st.opts->max_names };

		if (image_probe(path) != IMAGE_PROBE_IMAGE)
			return err_set(
			        ERR_USAGE,
			        "'%s' is not a container image (no oci-layout, no docker-save "
			        "manifest.json)",
			        path);
		return image_scan(inv, path, &io);
	}
	if (!st.opts->force_kind) {
		struct image_opts io = { .host = &image_host,
			                 .platform = st.opts->platform,
			                 .max_file = st.opts->max_file,
			                 .max_names = st.opts->max_names };

		switch (image_probe(path)) {
		case IMAGE_PROBE_IMAGE:
			return image_scan(inv, path, &io);
		case IMAGE_PROBE_ROOTFS:
			return image_scan_rootfs(inv, path, &io);
		default:
			break;
		}
	}
	if (!S_ISDIR(sb.st_mode)) {
		const struct extractor *e = NULL;
		struct buf head = BUF_INIT_MAX(st.max_file);

		if (st.opts->force_kind) {
			e = extractor_find(st.opts->force_kind);
			if (!e)
				return err_set(ERR_USAGE, "no extractor is called '%s'",
				               st.opts->force_kind);
		}
		if (!e)
			e = claim(fs_basename(path), fs_basename(path));
		if (!e)
			e = claim_by_head(path); /* executables, without reading them whole */
		if (!e) {
			if (buf_read_file(&head, path) < 0) {
				inventory_diag(inv, INV_ERROR, path, 0, "%s", err_msg());
				buf_release(&head);
				return 0;
			}
			{
				/* recognised by content as its extractor will read it */
				struct buf text = BUF_INIT;
				const char *t;
				size_t tlen;

				if (decode_text(&text, &t, &tlen, head.ptr, head.len) < 0) {
					err_clear();
					t = head.ptr;
					tlen = head.len;
				}
				e = sniff(t, tlen);
				buf_release(&text);
			}
		}
		buf_release(&head);
		if (!e)
			return inventory_diag(
			               inv, INV_ERROR, path, 0,
			               "no extractor knows this kind of file (see 'vouch sbom "
			               "--list-types' and --type)"),
			       0;
		return read_and_extract(inv, e, path, path, fs_basename(path), NULL, st.max_file);
	}

	if (st.opts->force_kind) {
		st.only = extractor_find(st.opts->force_kind);
		if (!st.only)
			return err_set(ERR_USAGE, "no extractor is called '%s'",
			               st.opts->force_kind);
	}
	ex = xreallocarray(NULL, ARRAY_SIZE(default_exclude) + st.opts->nexclude, sizeof(*ex));
	for (size_t i = 0; i < ARRAY_SIZE(default_exclude); i++)
		ex[nex++] = default_exclude[i];
	for (size_t i = 0; i < st.opts->nexclude; i++)
		ex[nex++] = st.opts->exclude[i];
	wo.exclude = ex;
	wo.nexclude = nex;
	wo.in_root = is_root_fs(path);
	wo.one_file_system = st.opts->one_file_system;
	inv->scan_walk = &wo;
	r = walk(path, &wo, scan_entry, &st);
	inv->scan_walk = NULL;
	free(ex);
	return r;
}

/* Deterministic order */

static int pkg_cmp(const void *a, const void *b)
{
	const struct pkg *x = *(const struct pkg *const *)a, *y = *(const struct pkg *const *)b;

	return strcmp(x->purl, y->purl);
}

static int loc_cmp(const void *a, const void *b)
{
	const struct pkg_loc *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int kv_cmp(const void *a, const void *b)
{
	const struct pkg_kv *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : strcmp(x->value, y->value);
}

static int hash_cmp(const void *a, const void *b)
{
	const struct pkg_hash *x = a, *y = b;
	int c = strcmp(x->alg, y->alg);

	return c ? c : strcmp(x->hex, y->hex);
}

static int diag_cmp(const void *a, const void *b)
{
	const struct inv_diag *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return strcmp(x->msg, y->msg);
}

static int file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct inv_file *)a)->path, ((const struct inv_file *)b)->path);
}

void inventory_sort(struct inventory *inv)
{
	QSORT(inv->pkgs, inv->npkgs, pkg_cmp);
	for (size_t i = 0; i < inv->npkgs; i++) {
		struct pkg *p = inv->pkgs[i];

		QSORT(p->locs, p->nlocs, loc_cmp);
		sets_drop(p); /* positions change */
		QSORT(p->deps, p->ndeps, str_cmp);
		QSORT(p->props, p->nprops, kv_cmp);
		QSORT(p->hashes, p->nhashes, hash_cmp);
	}
	QSORT(inv->diags, inv->ndiags, diag_cmp);
	QSORT(inv->files, inv->nfiles, file_cmp);
	/* the index refers to positions: rebuild it */
	if (inv->index) {
		free(inv->index->slots);
		free(inv->index);
		inv->index = NULL;
	}
	if (inv->npkgs)
		index_grow(inv, inv->npkgs);
}
