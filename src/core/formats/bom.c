/*
 * bom.c: helpers shared by the CycloneDX and SPDX writers.
 */
#include "util/compat.h"
#include "core/formats/bom.h"
#include "core/formats/purl.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/hash.h"

#include <ctype.h>
#include <pthread.h>

const struct bom_flag_prop bom_flag_props[] = {
	{ PKG_BUNDLED, "vouch:bundled" },
	{ PKG_DEV, "vouch:dev" },
	{ PKG_DIRECT, "vouch:direct" },
	{ PKG_LOCAL, "vouch:local" },
	{ PKG_OPTIONAL, "vouch:optional" },
	{ PKG_PEER, "vouch:peer" },
	{ PKG_ROOT, "vouch:root" },
	{ PKG_TRANSITIVE, "vouch:transitive" },
	{ PKG_UNRESOLVED, "vouch:unresolved" },
};
const size_t bom_nflag_props = ARRAY_SIZE(bom_flag_props);

const struct pkg *bom_root(const struct inventory *inv)
{
	const struct pkg *root = NULL;

	if (bom_is_image(inv))
		return NULL; /* the image is the subject, whatever it holds */
	for (size_t i = 0; i < inv->npkgs; i++) {
		if (!(inv->pkgs[i]->flags & PKG_ROOT))
			continue;
		if (root)
			return NULL;
		root = inv->pkgs[i];
	}
	return root;
}

bool bom_is_image(const struct inventory *inv)
{
	return inv->image_digest || inv->image_id;
}

/*
 * "registry/path/name:tag" (or "@digest") into repository and tag. A bare
 * "3.19" (the OCI ref.name annotation is often only a tag) is a tag.
 */
static void split_ref(struct buf *repo, struct buf *tag, const char *ref)
{
	const char *at = strchr(ref, '@'), *slash, *colon;
	size_t n = at ? (size_t)(at - ref) : strlen(ref);

	slash = memrchr(ref, '/', n);
	colon = memrchr(slash ? slash : ref, ':', n - (size_t)((slash ? slash : ref) - ref));
	if (!slash && !colon) {
		buf_add(tag, ref, n);
		return;
	}
	if (colon) {
		buf_add(repo, ref, (size_t)(colon - ref));
		buf_add(tag, colon + 1, n - (size_t)(colon + 1 - ref));
	} else {
		buf_add(repo, ref, n);
	}
}

void bom_image_name(struct buf *out, const struct inventory *inv, const struct bom_meta *m)
{
	struct buf repo = BUF_INIT, tag = BUF_INIT;

	if (inv->image_name)
		split_ref(&repo, &tag, inv->image_name);
	if (repo.len)
		buf_adds(out, inv->image_name);
	else
		bom_subject_name(out, m);
	buf_release(&repo);
	buf_release(&tag);
}

int bom_image_purl(struct buf *out, const struct inventory *inv)
{
	struct buf repo = BUF_INIT, tag = BUF_INIT, name = BUF_INIT;
	struct purl_qualifier q[3];
	const char *arch = NULL, *slash;
	size_t nq = 0;
	int r = 0;

	if (!inv->image_digest || !inv->image_name)
		return 0;
	split_ref(&repo, &tag, inv->image_name);
	if (!repo.len)
		goto done;
	slash = strrchr(repo.ptr, '/');
	buf_adds(&name, slash ? slash + 1 : repo.ptr);
	for (char *c = name.ptr; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (inv->image_os && (arch = strchr(inv->image_os, '/')) != NULL) {
		arch++;
		q[nq].key = (char *)"arch";
		q[nq++].value = (char *)arch;
	}
	q[nq].key = (char *)"repository_url";
	q[nq++].value = repo.ptr;
	if (tag.len) {
		q[nq].key = (char *)"tag";
		q[nq++].value = tag.ptr;
	}
	r = purl_build(out, "oci", NULL, name.ptr, inv->image_digest, q, nq, NULL) < 0 ? -1 : 1;
done:
	buf_release(&repo);
	buf_release(&tag);
	buf_release(&name);
	return r;
}

void bom_subject_name(struct buf *out, const struct bom_meta *m)
{
	for (size_t i = 0; i < m->nsubjects; i++) {
		const char *s = m->subjects[i];
		size_t n = strlen(s);

		/* "dir/" and "dir" name the same subject */
		while (n > 1 && s[n - 1] == '/')
			n--;
		if (i)
			buf_adds(out, " ");
		buf_add(out, s, n);
	}
	if (!out->len)
		buf_adds(out, "unnamed");
}

/* License expressions: a small recursive-descent check. */
struct lexpr {
	const char *p;
	int depth;
};

static void lx_space(struct lexpr *x)
{
	while (*x->p == ' ' || *x->p == '\t')
		x->p++;
}

/* idstring = 1*(ALPHA / DIGIT / "-" / "." ), with "LicenseRef-", "DocumentRef-x:" forms */
static size_t lx_id(struct lexpr *x)
{
	size_t n = 0;

	while ((x->p[n] >= 'A' && x->p[n] <= 'Z') || (x->p[n] >= 'a' && x->p[n] <= 'z') ||
	       (x->p[n] >= '0' && x->p[n] <= '9') || x->p[n] == '-' || x->p[n] == '.' ||
	       x->p[n] == ':')
		n++;
	return n;
}

static bool lx_word(struct lexpr *x, const char *w)
{
	size_t n = strlen(w);

	if (strncmp(x->p, w, n) || (x->p[n] != ' ' && x->p[n] != '(' && x->p[n] != '\t'))
		return false;
	x->p += n;
	return true;
}

static bool lx_expr(struct lexpr *x);

static bool lx_term(struct lexpr *x)
{
	size_t n;

	lx_space(x);
	if (*x->p == '(') {
		if (++x->depth > 32)
			return false;
		x->p++;
		if (!lx_expr(x))
			return false;
		lx_space(x);
		if (*x->p != ')')
			return false;
		x->p++;
		x->depth--;
		return true;
	}
	n = lx_id(x);
	if (!n)
		return false;
	if ((n == 3 && !strncmp(x->p, "AND", 3)) || (n == 2 && !strncmp(x->p, "OR", 2)) ||
	    (n == 4 && !strncmp(x->p, "WITH", 4)))
		return false;
	x->p += n;
	if (*x->p == '+')
		x->p++;
	lx_space(x);
	if (lx_word(x, "WITH")) {
		lx_space(x);
		n = lx_id(x);
		if (!n)
			return false;
		x->p += n;
	}
	return true;
}

static bool lx_expr(struct lexpr *x)
{
	if (!lx_term(x))
		return false;
	for (;;) {
		lx_space(x);
		if (!lx_word(x, "AND") && !lx_word(x, "OR") && !lx_word(x, "and") &&
		    !lx_word(x, "or"))
			return true;
		if (!lx_term(x))
			return false;
	}
}

bool bom_license_is_expression(const char *s)
{
	struct lexpr x = { s, 0 };

	if (!s || !*s || strlen(s) > 4096)
		return false;
	if (!lx_expr(&x))
		return false;
	lx_space(&x);
	return *x.p == '\0';
}

void bom_time(char out[32], time_t t)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
		memcpy(out, "1970-01-01T00:00:00Z", 21);
}

static void bom_uuid_from_hash(char out[37], uint8_t h[XXH128_LEN])
{
	char hex[33];

	h[6] = (uint8_t)((h[6] & 0x0f) | 0x50);
	h[8] = (uint8_t)((h[8] & 0x3f) | 0x80);
	hex_encode(hex, h, 16);
	memcpy(out, hex, 8);
	out[8] = '-';
	memcpy(out + 9, hex + 8, 4);
	out[13] = '-';
	memcpy(out + 14, hex + 12, 4);
	out[18] = '-';
	memcpy(out + 19, hex + 16, 4);
	out[23] = '-';
	memcpy(out + 24, hex + 20, 12);
	out[36] = '\0';
}

void bom_uuid(char out[37], const void *data, size_t len)
{
	uint8_t h[XXH128_LEN];

	/*
	 * XXH3: a document of 3 MB is hashed in 0.2 ms, where BLAKE2b took
	 * 3 to 6 (and was what held the writing up: bench/sbom/README.md)
	 */
	hash_xxh128(h, data, len);
	bom_uuid_from_hash(out, h);
}

static int sink_write(struct bom_sink *s, const char *p, size_t n)
{
	xxh128_update(&s->hash, p, n);
	return fs_atomic_write(s->file, p, n);
}

/* Without a thread: the writer hashes and writes each piece itself. */
static int sink_piece(void *arg, struct buf *piece)
{
	int r = sink_write(arg, piece->ptr, piece->len);

	buf_reset(piece);
	return r;
}

/*
 * A document streamed to a file is hashed and written by a second thread
 * while the writer makes the next pieces: on two cores the hash and the
 * copies into the page cache leave the critical path. A piece changes hands
 * without a copy: the writer's buffer is exchanged for an empty one of a
 * ring of PIPE_SLOTS. The writer waits only when all are full, and each side
 * wakes the other only when it is waiting (a wake-up is a system call and,
 * in a virtual machine, an interrupt between processors). The first write
 * error stops the writing; the writer sees it at its next piece or at the end.
 */
#define PIPE_SLOTS 4

struct bom_pipe {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t work; /* the thread waits here for a piece */
	pthread_cond_t room; /* the writer waits here for a free slot */
	struct buf slot[PIPE_SLOTS];
	size_t head, count; /* the pieces waiting: slot[head] and the count - 1 after it */
	bool done;          /* no more pieces */
	bool idle;          /* the thread waits for a piece */
	bool full;          /* the writer waits for a slot */
	int err;            /* the first error of the thread, its message in why */
	char why[1024];
	struct bom_sink *s;
};

static void *pipe_main(void *arg)
{
	struct bom_pipe *pp = arg;
	int err = 0;

	pthread_mutex_lock(&pp->lock);
	for (;;) {
		struct buf *b;

		while (!pp->count && !pp->done) {
			pp->idle = true;
			pthread_cond_wait(&pp->work, &pp->lock);
		}
		pp->idle = false;
		if (!pp->count)
			break;
		b = &pp->slot[pp->head];
		pthread_mutex_unlock(&pp->lock);
		if (!err && sink_write(pp->s, b->ptr, b->len) < 0) {
			err = err_code();
			snprintf(pp->why, sizeof(pp->why), "%s", err_msg());
		}
		buf_reset(b);
		pthread_mutex_lock(&pp->lock);
		pp->err = err;
		pp->head = (pp->head + 1) % PIPE_SLOTS;
		pp->count--;
		if (pp->full)
			pthread_cond_signal(&pp->room);
	}
	pthread_mutex_unlock(&pp->lock);
	return NULL;
}

/* Swaps the memory of two buffers; each keeps its cap. */
static void buf_exchange(struct buf *a, struct buf *b)
{
	struct buf t = *a;

	a->ptr = b->ptr;
	a->len = b->len;
	a->alloc = b->alloc;
	b->ptr = t.ptr;
	b->len = t.len;
	b->alloc = t.alloc;
}

static int pipe_piece(void *arg, struct buf *piece)
{
	struct bom_pipe *pp = arg;
	int r = 0;

	pthread_mutex_lock(&pp->lock);
	while (pp->count == PIPE_SLOTS && !pp->err) {
		pp->full = true;
		pthread_cond_wait(&pp->room, &pp->lock);
	}
	pp->full = false;
	if (pp->err) {
		r = err_set(pp->err, "%s", pp->why);
	} else {
		/* the free slot was emptied by the thread: it becomes the writer's buffer */
		buf_exchange(piece, &pp->slot[(pp->head + pp->count) % PIPE_SLOTS]);
		pp->count++;
		if (pp->idle)
			pthread_cond_signal(&pp->work);
	}
	pthread_mutex_unlock(&pp->lock);
	return r;
}

static struct bom_pipe *pipe_start(struct bom_sink *s)
{
	struct bom_pipe *pp = xcalloc(1, sizeof(*pp));

	pp->s = s;
	for (size_t i = 0; i < PIPE_SLOTS; i++) {
		buf_init(&pp->slot[i], SIZE_MAX);
		/* a piece and the string that may take it past BOM_PIECE: no growth on the way */
		(void)buf_grow(&pp->slot[i], BOM_PIECE + BOM_PIECE / 4);
	}
	pthread_mutex_init(&pp->lock, NULL);
	pthread_cond_init(&pp->work, NULL);
	pthread_cond_init(&pp->room, NULL);
	if (pthread_create(&pp->thread, NULL, pipe_main, pp) != 0) {
		/* no thread: the writer hashes and writes each piece itself */
		for (size_t i = 0; i < PIPE_SLOTS; i++)
			buf_release(&pp->slot[i]);
		pthread_mutex_destroy(&pp->lock);
		pthread_cond_destroy(&pp->work);
		pthread_cond_destroy(&pp->room);
		free(pp);
		return NULL;
	}
	return pp;
}

/* Waits for the pieces handed over to be written; the thread's error, if any. */
static int pipe_stop(struct bom_pipe *pp)
{
	int r = 0;

	pthread_mutex_lock(&pp->lock);
	pp->done = true;
	pthread_cond_signal(&pp->work);
	pthread_mutex_unlock(&pp->lock);
	pthread_join(pp->thread, NULL);
	if (pp->err)
		r = err_set(pp->err, "%s", pp->why);
	for (size_t i = 0; i < PIPE_SLOTS; i++)
		buf_release(&pp->slot[i]);
	pthread_mutex_destroy(&pp->lock);
	pthread_cond_destroy(&pp->work);
	pthread_cond_destroy(&pp->room);
	free(pp);
	return r;
}

void bom_begin(struct jw *w, struct bom_sink *s, struct buf *out, const struct bom_meta *m)
{
	jw_init(w, out, m->pretty);
	s->file = m->file;
	s->uuid_at = UINT64_MAX;
	s->pipe = NULL;
	s->hash.st = NULL;
	if (s->file) {
		xxh128_init(&s->hash);
		(void)buf_grow(out, BOM_PIECE + BOM_PIECE / 4); /* like the ring's, below */
		if ((s->pipe = pipe_start(s)))
			jw_set_sink(w, pipe_piece, s->pipe, BOM_PIECE);
		else
			jw_set_sink(w, sink_piece, s, BOM_PIECE);
	}
}

void bom_uuid_at(struct bom_sink *s, const struct jw *w)
{
	/* the placeholder ends right before the closing quote */
	s->uuid_at = jw_offset(w) - 37;
}

int bom_end(struct jw *w, struct bom_sink *s)
{
	uint8_t h[XXH128_LEN];
	char uuid[37];
	int r = jw_finish(w);

	/* the thread stops whatever happened; its error comes second to the writer's */
	if (s->pipe) {
		int rp = pipe_stop(s->pipe);

		s->pipe = NULL;
		if (r == 0)
			r = rp;
	}
	if (r < 0) {
		xxh128_release(&s->hash);
		return r;
	}
	if (s->uuid_at == UINT64_MAX)
		BUG("a BOM writer did not say where its serial number goes");
	if (s->file) {
		xxh128_final(&s->hash, h);
		bom_uuid_from_hash(uuid, h);
		return fs_atomic_pwrite(s->file, uuid, 36, s->uuid_at);
	}
	{
		char *doc = w->out->ptr + w->start;

		if (memcmp(doc + s->uuid_at, BOM_UUID_PLACEHOLDER, 36))
			BUG("the serial number placeholder is not where its writer said");
		bom_uuid(uuid, doc, w->out->len - w->start);
		memcpy(doc + s->uuid_at, uuid, 36);
	}
	return 0;
}

const struct pkg *bom_find(const struct inventory *inv, const char *purl)
{
	return inventory_find(inv, purl);
}

/*
 * What the generic subject depends on when no single root package exists:
 * the root packages of each lockfile; else the direct dependencies; else
 * every package that nothing else depends on.
 */
char **bom_subject_deps(const struct inventory *inv, size_t *n_out)
{
	char **v = xreallocarray(NULL, inv->npkgs ? inv->npkgs : 1, sizeof(*v));
	size_t n = 0;
	unsigned want = 0;

	for (size_t i = 0; i < inv->npkgs && !want; i++)
		if (inv->pkgs[i]->flags & PKG_ROOT)
			want = PKG_ROOT;
	for (size_t i = 0; i < inv->npkgs && !want; i++)
		if (inv->pkgs[i]->flags & PKG_DIRECT)
			want = PKG_DIRECT;
	if (want) {
		for (size_t i = 0; i < inv->npkgs; i++)
			if (inv->pkgs[i]->flags & want)
				v[n++] = inv->pkgs[i]->purl;
	} else {
		bool *used = xcalloc(inv->npkgs ? inv->npkgs : 1, sizeof(*used));

		for (size_t i = 0; i < inv->npkgs; i++)
			for (size_t k = 0; k < inv->pkgs[i]->ndeps; k++) {
				size_t lo = 0, hi = inv->npkgs;

				while (lo < hi) {
					size_t mid = lo + (hi - lo) / 2;
					int c = strcmp(inv->pkgs[mid]->purl, inv->pkgs[i]->deps[k]);

					if (!c) {
						if (mid != i)
							used[mid] = true;
						break;
					}
					if (c < 0)
						lo = mid + 1;
					else
						hi = mid;
				}
			}
		for (size_t i = 0; i < inv->npkgs; i++)
			if (!used[i])
				v[n++] = inv->pkgs[i]->purl;
		free(used);
	}
	*n_out = n;
	return v;
}
