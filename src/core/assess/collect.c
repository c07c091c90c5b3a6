/*
 * collect.c: helpers the collectors share (collect.h).
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "util/alloc.h"
#include "util/fs.h"
#include "util/hash.h"

#include <sys/stat.h>
#include <time.h>

bool ac_parse_ymd(const char *s, int *y, int *m, int *d)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

struct assess_result *ac_res(struct assessment *a, const char *id)
{
	for (size_t i = 0; i < COP_NCLAIMS; i++)
		if (!strcmp(a->claims[i].claim->id, id))
			return &a->claims[i];
	return NULL;
}

/* Arguments and gaps grow sentence by sentence. */
static void sentence(struct buf *b, const char *fmt, va_list ap)
{
	if (b->len)
		buf_adds(b, " ");
	buf_vaddf(b, fmt, ap);
}

void ac_set(struct assess_result *r, enum assess_status st, const char *fmt, ...)
{
	va_list ap;

	r->status = st;
	r->source = "automated";
	r->basis = BASIS_OBSERVED;
	va_start(ap, fmt);
	sentence(&r->argument, fmt, ap);
	va_end(ap);
}

void ac_note(struct assess_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sentence(&r->argument, fmt, ap);
	va_end(ap);
}

void ac_gap(struct assess_result *r, const char *fmt, ...)
{
	va_list ap;

	if (r->gap_kind == GAP_NONE)
		r->gap_kind = GAP_ENGINEERING;
	va_start(ap, fmt);
	sentence(&r->gap, fmt, ap);
	va_end(ap);
}

void ac_warn(struct assessment *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&a->warnings, fmt, ap);
	va_end(ap);
	buf_addch(&a->warnings, '\n');
	a->partial = true;
}

char *ac_relative(const char *root_real, const char *path)
{
	char *p = realpath(path, NULL), *out = NULL;
	size_t n;

	if (!p || !root_real)
		goto done;
	n = strlen(root_real);
	if (!strcmp(root_real, "/"))
		out = xstrdup(p[1] ? p + 1 : "");
	else if (!strncmp(p, root_real, n) && (p[n] == '\0' || p[n] == '/'))
		out = xstrdup(p[n] ? p + n + 1 : "");
done:
	free(p);
	return out;
}

bool ac_evidence(struct assess_ctx *x, struct assess_result *r, const char *path,
                 const char *collector)
{
	struct assess_evidence *e;
	struct stat st;
	uint8_t h[SHA256_LEN];
	char *rel;
	const char *slash;

	if (stat(path, &st) < 0)
		return false;
	rel = ac_relative(x->product_real, path);
	if (!rel) {
		/* outside the product: its name alone, never the vendor's absolute path */
		slash = strrchr(path, '/');
		rel = xstrdup(slash && slash[1] ? slash + 1 : path);
	} else if (!rel[0]) {
		free(rel);
		rel = xstrdup(".");
	}
	for (size_t i = 0; i < r->nevidence; i++)
		if (r->evidence[i].path && !strcmp(r->evidence[i].path, rel)) {
			free(rel);
			return true;
		}
	r->evidence = xreallocarray(r->evidence, r->nevidence + 1, sizeof(*r->evidence));
	e = &r->evidence[r->nevidence++];
	memset(e, 0, sizeof(*e));
	e->path = rel;
	e->collector = collector;
	e->collected = x->fixed_time ? x->a->now : (int64_t)time(NULL);
	if (S_ISREG(st.st_mode) && hash_sha256_file(h, path) == 0)
		hex_encode(e->sha256, h, SHA256_LEN);
	return true;
}

const char *ac_show(struct assess_ctx *x, const char *path)
{
	char *s = ac_relative(x->product_real, path);
	size_t n = strlen(x->product);

	if (s && !s[0]) {
		free(s);
		s = xstrdup(".");
	} else if (!s && !strncmp(path, x->product, n) && path[n] == '/' && path[n + 1])
		s = xstrdup(path + n + 1);
	else if (!s && path[0] == '/') {
		const char *slash = strrchr(path, '/');

		s = xstrdup(slash[1] ? slash + 1 : path);
	} else if (!s)
		s = xstrdup(path);
	x->shown = xreallocarray(x->shown, x->nshown + 1, sizeof(*x->shown));
	x->shown[x->nshown++] = s;
	return s;
}

void ac_uri(struct assess_result *r, const char *uri, const char *collector)
{
	struct assess_evidence *e;

	for (size_t i = 0; i < r->nevidence; i++)
		if (r->evidence[i].uri && !strcmp(r->evidence[i].uri, uri))
			return;
	r->evidence = xreallocarray(r->evidence, r->nevidence + 1, sizeof(*r->evidence));
	e = &r->evidence[r->nevidence++];
	memset(e, 0, sizeof(*e));
	e->uri = xstrdup(uri);
	e->collector = collector;
	e->collected = -1;
}

char *ac_join(const char *dir, const char *name)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s/%s", dir, name);
	return buf_detach(&b, NULL);
}

/*
 * A product is often a subfolder of its repository; a linked work tree has a
 * .git file, not a folder.
 */
char *ac_find_git(const char *path)
{
	char *dir = realpath(path, NULL);

	while (dir) {
		char *git = ac_join(dir, ".git");
		char *slash;

		if (fs_exists(git)) {
			free(dir);
			return git;
		}
		free(git);
		slash = strrchr(dir, '/');
		if (!slash || slash == dir) {
			free(dir);
			return NULL;
		}
		*slash = '\0';
	}
	return NULL;
}
