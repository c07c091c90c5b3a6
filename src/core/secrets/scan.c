/*
 * scan.c: one matcher pass per window (match.h), then the confirmers; files, trees,
 * baselines.
 */
#include "util/compat.h"
#include "core/secrets/match.h"
#include "core/secrets/rule.h"
#include "core/secrets/secrets.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/lines.h"
#include "util/strmap.h"
#include "util/walk.h"

#include <unistd.h>

#define MAX_CANDS    ((size_t)1 << 20) /* per window; then the file is named as not read */
#define BINARY_PROBE 8000              /* bytes looked at for a NUL, as git does */

struct cand {
	uint32_t rule;
	size_t from, to;
};

struct cands {
	struct cand *v;
	size_t n, alloc;
	size_t limit;      /* candidates starting at or after it belong to the next window */
	size_t *last_from; /* per rule: the start of its last candidate, +1 (0: none) */
	bool overflow;
};

int secrets_init(struct secrets *s)
{
	struct secrets_matcher *m;
	struct cands *c;
	int r;

	memset(s, 0, sizeof(*s));
	r = secrets_matcher_new(&m);
	if (r < 0)
		return r;
	s->matcher = m;
	c = xcalloc(1, sizeof(*c));
	c->last_from = xcalloc(secrets_nrows, sizeof(*c->last_from));
	s->cands = c;
	return 0;
}

void secrets_finding_release(struct secrets_finding *f)
{
	free(f->path);
	free(f->rel);
	free(f->redacted);
	free(f->commit);
	free(f->author);
	free(f->date);
	free(f->note);
	memset(f, 0, sizeof(*f));
}

void secrets_reset(struct secrets *s)
{
	for (size_t i = 0; i < s->nfindings; i++)
		secrets_finding_release(&s->findings[i]);
	free(s->findings);
	for (size_t i = 0; i < s->nunread; i++) {
		free(s->unread[i].path);
		free(s->unread[i].reason);
	}
	free(s->unread);
	s->findings = NULL;
	s->unread = NULL;
	s->nfindings = s->alloc = s->nunread = s->unread_alloc = 0;
	s->files_scanned = s->bytes_scanned = s->files_binary = 0;
}

void secrets_release(struct secrets *s)
{
	struct cands *c = s->cands;

	secrets_reset(s);
	if (s->baseline) {
		strmap_release(s->baseline);
		free(s->baseline);
	}
	if (c) {
		free(c->v);
		free(c->last_from);
		free(c);
	}
	secrets_matcher_free(s->matcher);
	memset(s, 0, sizeof(*s));
}

void secrets_add_unread(struct secrets *s, const char *path, const char *reason)
{
	if (s->nunread == s->unread_alloc) {
		s->unread_alloc = s->unread_alloc ? s->unread_alloc * 2 : 16;
		s->unread = xreallocarray(s->unread, s->unread_alloc, sizeof(*s->unread));
	}
	s->unread[s->nunread].path = xstrdup(path);
	s->unread[s->nunread].reason = xstrdup(reason);
	s->nunread++;
}

static int on_match(unsigned id, size_t from, size_t to, void *ctx)
{
	struct cands *c = ctx;

	if (from >= c->limit || c->last_from[id] == from + 1)
		return 0;
	if (c->n == MAX_CANDS) {
		c->overflow = true;
		return 1;
	}
	if (c->n == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 256;
		c->v = xreallocarray(c->v, c->alloc, sizeof(*c->v));
	}
	c->v[c->n++] = (struct cand){ id, from, to };
	c->last_from[id] = from + 1;
	return 0;
}

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* What a file's name and place say about which rules apply to it. */
struct file_ctx {
	const char *shown, *rel;
	const char *commit, *author, *date;
	bool heuristics; /* secret-generic and url-password apply */
};

static bool path_has_component(const char *rel, const char *name)
{
	size_t nl = strlen(name);

	for (const char *p = rel; (p = strstr(p, name)) != NULL; p++)
		if ((p == rel || p[-1] == '/') && (p[nl] == '/' || p[nl] == '\0'))
			return true;
	return false;
}

static bool is_lockfile(const char *name)
{
	static const char *const locks[] = {
		"package-lock.json", "npm-shrinkwrap.json",
		"yarn.lock",         "pnpm-lock.yaml",
		"bun.lock",          "go.sum",
		"Cargo.lock",        "poetry.lock",
		"Pipfile.lock",      "composer.lock",
		"Gemfile.lock",      "packages.lock.json",
		"pdm.lock",          "uv.lock",
		"mix.lock",          "pubspec.lock",
		"flake.lock",        "gradle.lockfile",
		"Package.resolved",
	};
	for (size_t i = 0; i < ARRAY_SIZE(locks); i++)
		if (!strcmp(name, locks[i]))
			return true;
	return false;
}

static void file_ctx_init(struct file_ctx *fc, const char *shown, const char *rel)
{
	static const char *const fixtures[] = { "testdata", "fixtures", "__fixtures__",
		                                "test-fixtures" };

	memset(fc, 0, sizeof(*fc));
	fc->shown = shown;
	fc->rel = rel;
	fc->heuristics = !is_lockfile(fs_basename(rel[0] ? rel : shown));
	for (size_t i = 0; i < ARRAY_SIZE(fixtures) && fc->heuristics; i++)
		if (path_has_component(rel, fixtures[i]))
			fc->heuristics = false;
}

static int add_finding(struct secrets *s, const struct file_ctx *fc, const struct secrets_row *row,
                       const struct secrets_hit *h, size_t line, size_t col)
{
	struct secrets_finding *f;
	uint8_t inner[SHA256_LEN], outer[SHA256_LEN];
	struct sha256 ctx;

	if (s->nfindings >= SECRETS_MAX_FINDINGS)
		return err_set(ERR_TOOBIG, "more than %d secrets found: stopped",
		               SECRETS_MAX_FINDINGS);
	if (s->nfindings == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 16;
		s->findings = xreallocarray(s->findings, s->alloc, sizeof(*s->findings));
	}
	f = &s->findings[s->nfindings++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(fc->shown);
	f->rel = xstrdup(fc->rel);
	f->line = line;
	f->column = col;
	f->rule = row->rule.id;
	f->redacted = secrets_redact(h->secret.ptr, h->secret.len);
	hash_sha256(inner, h->secret.ptr, h->secret.len);
	sha256_init(&ctx);
	sha256_update(&ctx, row->rule.id, strlen(row->rule.id) + 1);
	sha256_update(&ctx, fc->rel, strlen(fc->rel) + 1);
	sha256_update(&ctx, inner, sizeof(inner));
	sha256_final(&ctx, outer);
	hex_encode(f->fingerprint, outer, sizeof(outer));
	sodium_memzero(inner, sizeof(inner));
	if (fc->commit) {
		f->commit = xstrdup(fc->commit);
		f->author = xstrdup(fc->author);
		f->date = xstrdup(fc->date);
	}
	if (h->note[0])
		f->note = xstrdup(h->note);
	f->baselined = s->baseline && strmap_get(s->baseline, f->fingerprint);
	return 0;
}

struct found {
	size_t row; /* in secrets_rows; (size_t)-1 once dropped */
	struct secrets_hit hit;
};

static bool allowed_line(const char *d, size_t len, size_t off)
{
	size_t a = off, b = off;

	while (a && d[a - 1] != '\n')
		a--;
	while (b < len && d[b] != '\n')
		b++;
	return memmem(d + a, b - a, "vouch:allow", 11) != NULL;
}

/*
 * Matches d[0..len) (a window whose first byte is on line line0 + 1), keeps
 * the candidates that start before limit, confirms them and records the
 * secrets. Returns 1 when the candidate cap was reached.
 */
static int scan_window(struct secrets *s, const struct file_ctx *fc, const char *d, size_t len,
                       size_t limit, size_t line0)
{
	struct cands *c = s->cands;
	struct found *fv = NULL;
	size_t nf = 0, line = line0 + 1, lpos = 0, last_nl = (size_t)-1;
	int r = 0;

	c->n = 0;
	c->limit = limit;
	c->overflow = false;
	memset(c->last_from, 0, secrets_nrows * sizeof(*c->last_from));
	if (secrets_matcher_scan(s->matcher, d, len, on_match, c) < 0) {
		char why[256];

		snprintf(why, sizeof(why), "%s", err_msg());
		return err_set(ERR_GENERIC, "%s on '%s'", why, fc->shown);
	}
	if (c->n)
		qsort(c->v, c->n, sizeof(*c->v), cand_cmp);
	if (c->n)
		fv = xcalloc(c->n, sizeof(*fv));
	for (size_t i = 0; i < c->n; i++) {
		const struct secrets_row *row = &secrets_rows[c->v[i].rule];
		struct found *f = &fv[nf];

		if (!fc->heuristics && secrets_rule_heuristic(row->rule.id))
			continue;
		f->hit.secret = (struct buf)BUF_INIT_MAX(1 << 20);
		if (!row->confirm(row, d, len, c->v[i].from, c->v[i].to, &f->hit) ||
		    allowed_line(d, len, c->v[i].from)) {
			buf_wipe(&f->hit.secret);
			continue;
		}
		f->row = c->v[i].rule;
		nf++;
	}
	/* a heuristic hit inside a provider token's span says the same thing twice */
	for (size_t i = 0; i < nf; i++) {
		if (!secrets_rule_heuristic(secrets_rows[fv[i].row].rule.id))
			continue;
		for (size_t k = 0; k < nf; k++)
			if (k != i && !secrets_rule_heuristic(secrets_rows[fv[k].row].rule.id) &&
			    fv[k].hit.start < fv[i].hit.end && fv[i].hit.start < fv[k].hit.end) {
				fv[i].row = (size_t)-1;
				break;
			}
	}
	for (size_t i = 0; i < nf; i++) {
		size_t at = fv[i].hit.start;

		if (fv[i].row != (size_t)-1 && r == 0) {
			/* findings come sorted by candidate start; spans start at or after it
			   except for url-password, so count lines forward only */
			if (at < lpos) {
				line = line0 + 1;
				lpos = 0;
				last_nl = (size_t)-1;
			}
			for (; lpos < at; lpos++)
				if (d[lpos] == '\n') {
					line++;
					last_nl = lpos;
				}
			r = add_finding(s, fc, &secrets_rows[fv[i].row], &fv[i].hit, line,
			                at - (last_nl + 1) + 1);
		}
		buf_wipe(&fv[i].hit.secret);
	}
	free(fv);
	if (r < 0)
		return r;
	return c->overflow ? 1 : 0;
}

static size_t count_nl(const char *d, size_t n)
{
	size_t k = 0;
	const char *p = d, *end = d + n;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		k++;
		p++;
	}
	return k;
}

int secrets_scan_mem(struct secrets *s, const char *shown, const char *rel, const char *data,
                     size_t len, const char *commit, const char *author, const char *date)
{
	struct file_ctx fc;
	size_t off = 0, line0 = 0;
	int r;

	file_ctx_init(&fc, shown, rel);
	fc.commit = commit;
	fc.author = author;
	fc.date = date;
	if (!len)
		data = "";
	if (memchr(data, '\0', len < BINARY_PROBE ? len : BINARY_PROBE)) {
		s->files_binary++;
		return 0;
	}
	s->files_scanned++;
	s->bytes_scanned += len;
	/* windows, so that the candidate arrays stay bounded on big blobs */
	for (;;) {
		size_t n = len - off > SECRETS_WINDOW ? SECRETS_WINDOW : len - off;
		bool last = off + n == len;
		size_t limit = last ? n : n - SECRETS_OVERLAP;

		r = scan_window(s, &fc, data + off, n, limit, line0);
		if (r < 0)
			return r;
		if (r > 0)
			secrets_add_unread(s, shown, "too many candidates: matched in part");
		if (last)
			return 0;
		line0 += count_nl(data + off, limit);
		off += limit;
	}
}

/* Reads n bytes or up to the end of the file; returns the count, or -1. */
static ssize_t read_full(int fd, char *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = read(fd, p + got, n - got);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

static int scan_fd(struct secrets *s, int fd, const char *shown, const char *rel)
{
	struct file_ctx fc;
	char *w = NULL;
	size_t filled = 0, line0 = 0, used = 0;
	int r = 0;
	bool first = true;

	file_ctx_init(&fc, shown, rel);
	w = xmalloc(SECRETS_WINDOW);
	for (;;) {
		/* a binary file is known from its first BINARY_PROBE bytes: read no more of it */
		ssize_t k =
		        read_full(fd, w + filled, first ? BINARY_PROBE : SECRETS_WINDOW - filled);
		bool last;
		size_t limit;

		if (first && k == (ssize_t)BINARY_PROBE && !memchr(w, '\0', BINARY_PROBE)) {
			ssize_t more = read_full(fd, w + k, SECRETS_WINDOW - (size_t)k);
			k = more < 0 ? more : k + more;
		}
		if (k < 0) {
			char why[160];
			snprintf(why, sizeof(why), "cannot read: %s", strerror(errno));
			secrets_add_unread(s, shown, why);
			break;
		}
		filled += (size_t)k;
		if (filled > used)
			used = filled;
		last = filled < SECRETS_WINDOW;
		if (first) {
			if (memchr(w, '\0', filled < BINARY_PROBE ? filled : BINARY_PROBE)) {
				s->files_binary++;
				break;
			}
			s->files_scanned++;
			first = false;
		}
		limit = last ? filled : filled - SECRETS_OVERLAP;
		r = scan_window(s, &fc, w, filled, limit, line0);
		if (r < 0)
			break;
		if (r > 0) {
			secrets_add_unread(s, shown, "too many candidates: matched in part");
			r = 0;
			break;
		}
		s->bytes_scanned += limit;
		if (last)
			break;
		line0 += count_nl(w, limit);
		memmove(w, w + limit, filled - limit);
		filled -= limit;
	}
	/* the bytes read, not the whole window: most files are far smaller */
	sodium_memzero(w, used);
	free(w);
	return r;
}

static int scan_file(struct secrets *s, const char *shown, const char *target, const char *rel)
{
	int fd = fs_open_regular(target), r;

	if (fd < 0) {
		secrets_add_unread(s, shown, err_msg());
		return 0;
	}
	r = scan_fd(s, fd, shown, rel);
	close(fd);
	return r;
}

struct walk_state {
	struct secrets *s;
	bool dot; /* the root is ".": show paths without "./" */
};

static int visit(const struct walk_entry *e, void *payload)
{
	struct walk_state *ws = payload;
	const char *rel;

	switch (e->kind) {
	case WALK_ERROR:
		if (!e->not_followed) {
			char why[200];
			snprintf(why, sizeof(why), "%s%s%s", e->reason ? e->reason : "cannot read",
			         e->err ? ": " : "", e->err ? strerror(e->err) : "");
			secrets_add_unread(ws->s, e->path, why);
		}
		return 0;
	case WALK_FILE:
		/* a file operand: its own name is what it is known by */
		rel = e->rel[0] ? e->rel : fs_basename(e->path);
		return scan_file(ws->s, ws->dot && e->rel[0] ? e->rel : e->path, e->target, rel);
	default:
		return 0;
	}
}

int secrets_scan_path(struct secrets *s, const char *path)
{
	static const char *const exclude[] = { ".git" };
	struct walk_state ws = { s, !strcmp(path, ".") || !strcmp(path, "./") };
	struct walk_opts o = { .exclude = exclude, .nexclude = ARRAY_SIZE(exclude) };
	int r;

	if (!strcmp(path, "-"))
		return scan_fd(s, STDIN_FILENO, "-", "-");
	r = walk(path, &o, visit, &ws);
	if (r < 0 && r != ERR_TOOBIG) {
		secrets_add_unread(s, path, err_msg());
		return 0;
	}
	return r;
}

int secrets_load_baseline(struct secrets *s, const char *path)
{
	struct buf b = BUF_INIT_MAX(64 << 20);
	struct lines it;
	const char *ln;
	size_t n;
	int r;

	if ((r = buf_read_file(&b, path)) < 0)
		return r;
	if (!s->baseline) {
		s->baseline = xcalloc(1, sizeof(*s->baseline));
	}
	it = (struct lines)LINES_INIT(b.ptr, b.len);
	while (lines_next(&it, &ln, &n)) {
		char fp[65];

		str_trim(&ln, &n);
		if (!n || ln[0] == '#')
			continue;
		if (n < 64 || (n > 64 && ln[64] != ' ' && ln[64] != '\t')) {
			r = err_set(ERR_PARSE, "%s:%zu: expected a fingerprint of 64 hex digits",
			            path, it.lineno);
			break;
		}
		for (size_t i = 0; i < 64; i++) {
			char ch = ln[i];
			if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
			      (ch >= 'A' && ch <= 'F'))) {
				r = err_set(ERR_PARSE,
				            "%s:%zu: expected a fingerprint of 64 hex digits", path,
				            it.lineno);
				goto done;
			}
			fp[i] = (char)(ch >= 'A' && ch <= 'F' ? ch - 'A' + 'a' : ch);
		}
		fp[64] = '\0';
		strmap_put(s->baseline, fp, 1);
	}
done:
	buf_release(&b);
	return r;
}

static int finding_cmp(const void *a, const void *b)
{
	const struct secrets_finding *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

void secrets_sort(struct secrets *s)
{
	if (s->nfindings)
		qsort(s->findings, s->nfindings, sizeof(*s->findings), finding_cmp);
}

static int fp_cmp(const void *a, const void *b)
{
	const struct secrets_finding *x = *(const struct secrets_finding *const *)a;
	const struct secrets_finding *y = *(const struct secrets_finding *const *)b;

	return strcmp(x->fingerprint, y->fingerprint);
}

int secrets_format_baseline(struct buf *out, const struct secrets *s)
{
	const struct secrets_finding **v = NULL;
	int r = 0;

	buf_adds(out, "# vouch secrets baseline: findings accepted, one fingerprint a line\n"
	              "# (rule, path and the secret's SHA-256; line numbers are for readers)\n");
	if (s->nfindings)
		v = xcalloc(s->nfindings, sizeof(*v));
	for (size_t i = 0; i < s->nfindings; i++)
		v[i] = &s->findings[i];
	if (s->nfindings)
		qsort(v, s->nfindings, sizeof(*v), fp_cmp);
	for (size_t i = 0; i < s->nfindings && r == 0; i++) {
		if (i && !strcmp(v[i]->fingerprint, v[i - 1]->fingerprint))
			continue;
		/* the path is for readers: a line break in a name must not start a line */
		r = buf_addf(out, "%s %s ", v[i]->fingerprint, v[i]->rule);
		for (const char *p = v[i]->rel; *p && r == 0; p++)
			r = buf_addch(out, (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p);
		if (r == 0)
			r = buf_addf(out, ":%zu\n", v[i]->line);
	}
	free(v);
	return r;
}
