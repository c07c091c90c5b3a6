/*
 * lifecycle.c: end-of-support notices, the Atom feed and the lifecycle page.
 */
#include "util/compat.h"
#include "core/disclose/lifecycle.h"
#include "core/disclose/records.h"
#include "util/alloc.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/json.h"
#include "util/toml.h"
#include "core/integrity/tlog.h"

#ifndef VOUCH_VERSION
#define VOUCH_VERSION "0.0.0-dev"
#endif

int64_t lifecycle_warn_days(const struct assess_config *cfg)
{
	return cfg->warn_days >= 0 ? cfg->warn_days : ASSESS_WARN_DAYS;
}

char *lifecycle_notices_dir(const struct assess_config *cfg)
{
	return records_dir(cfg->notices_dir, cfg->base, "lifecycle/notices");
}

void lifecycle_notice_release(struct lifecycle_notice *n)
{
	free(n->path);
	free(n->id);
	free(n->product);
	free(n->release);
	free(n->channel);
	free(n->url);
	free(n->title);
	free(n->text);
	memset(n, 0, sizeof(*n));
}

void lifecycle_notices_release(struct lifecycle_notices *l)
{
	for (size_t i = 0; i < l->n; i++)
		lifecycle_notice_release(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int64_t get_date(const struct toml_value *t, const char *key, bool need, int *r)
{
	const struct toml_value *v = toml_get(t, key);
	const struct toml_datetime *dt;

	if (*r < 0)
		return -1;
	if (!v) {
		if (need)
			*r = err_set(ERR_PARSE, "%s: missing '%s'", t->name, key);
		return -1;
	}
	if ((*r = toml_as_datetime(&dt, v, key, TOML_KIND_BIT(TOML_DATE_LOCAL))) < 0)
		return -1;
	/* days since 1970, -1 meaning absent: earlier dates are refused */
	if (assess_days(dt->year, dt->month, dt->day) < 0) {
		*r = err_set(ERR_PARSE, "%s:%u: '%s' is before 1970", v->name, v->line, key);
		return -1;
	}
	return assess_days(dt->year, dt->month, dt->day);
}

static int notice_read(struct lifecycle_notice *n, const struct toml_value *doc, const char *path);

int lifecycle_notice_parse(struct lifecycle_notice *out, const char *data, size_t len,
                           const char *name)
{
	struct toml_limits lim = { LIFECYCLE_MAX_NOTICE_SIZE, 4, 10000, 0 };
	struct toml_value *doc = NULL;
	int r;

	memset(out, 0, sizeof(*out));
	out->end_of_support = out->published = -1;
	if (len > LIFECYCLE_MAX_NOTICE_SIZE)
		return err_set(ERR_TOOBIG, "'%s' is larger than the limit of %zu bytes", name,
		               LIFECYCLE_MAX_NOTICE_SIZE);
	if ((r = toml_parse_limits(&doc, data, len, name, &lim)) < 0)
		return r;
	r = notice_read(out, doc, name);
	toml_free(doc);
	if (r < 0)
		lifecycle_notice_release(out);
	return r;
}

static int notice_parse(struct lifecycle_notice *n, const char *path)
{
	struct buf b = BUF_INIT_MAX(LIFECYCLE_MAX_NOTICE_SIZE);
	int r;

	if ((r = buf_read_file(&b, path)) == ERR_TOOBIG)
		r = err_set(ERR_TOOBIG, "'%s' is larger than the limit of %zu bytes", path,
		            LIFECYCLE_MAX_NOTICE_SIZE);
	if (r >= 0)
		r = lifecycle_notice_parse(n, b.ptr, b.len, path);
	buf_release(&b);
	return r;
}

static int notice_read(struct lifecycle_notice *n, const struct toml_value *doc, const char *path)
{
	static const char *const known[] = { "id",        "product", "release", "end_of_support",
		                             "published", "channel", "url",     "title",
		                             "text",      NULL };
	int r = 0;

	if ((r = toml_check_keys(doc, known, "a notice")) < 0)
		goto done;
	n->id = records_str(doc, "id", true, &r);
	n->product = records_str(doc, "product", true, &r);
	n->release = records_str(doc, "release", true, &r);
	n->channel = records_str(doc, "channel", true, &r);
	n->url = records_str(doc, "url", false, &r);
	n->title = records_str(doc, "title", true, &r);
	n->text = records_str(doc, "text", true, &r);
	n->end_of_support = get_date(doc, "end_of_support", true, &r);
	n->published = get_date(doc, "published", true, &r);
	if (r >= 0 && n->published > n->end_of_support)
		r = err_set(ERR_PARSE, "%s:%u: 'published' is after 'end_of_support'", path,
		            toml_get(doc, "published")->line);
done:
	return r;
}

static int cmp_notice(const void *a, const void *b)
{
	const struct lifecycle_notice *x = a, *y = b;
	int c;

	if (x->published != y->published)
		return x->published < y->published ? -1 : 1;
	if ((c = strcmp(x->product, y->product)))
		return c;
	if ((c = strcmp(x->release, y->release)))
		return c;
	return strcmp(x->path, y->path);
}

int lifecycle_notices_load(struct lifecycle_notices *out, const char *dir, struct buf *warnings)
{
	char **names = NULL;
	size_t nnames = 0;
	int r = records_list(&names, &nnames, dir, LIFECYCLE_MAX_NOTICES, "notice", warnings);

	for (size_t i = 0; r == 0 && i < nnames; i++) {
		struct lifecycle_notice n = { 0 };
		struct buf p = BUF_INIT;

		buf_addf(&p, "%s/%s", dir, names[i]);
		if (notice_parse(&n, p.ptr) < 0) {
			buf_addf(warnings, "%s\n", err_msg());
			lifecycle_notice_release(&n);
			buf_release(&p);
			continue;
		}
		n.path = buf_detach(&p, NULL);
		out->v = xreallocarray(out->v, out->n + 1, sizeof(*out->v));
		out->v[out->n++] = n;
	}
	records_names_free(names, nnames);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_notice);
	return r;
}

int lifecycle_parse_day(int64_t *out, const char *s)
{
	char back[16];
	int v[3] = { 0 };

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0, k = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			k++;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v[k] = v[k] * 10 + (s[i] - '0');
	}
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
		return -1;
	*out = assess_days(v[0], v[1], v[2]);
	assess_date_text(back, *out);
	return strcmp(back, s) ? -1 : 0;
}

static int64_t json_day(const json_t *o, const char *key)
{
	const char *s = vjson_str(o, key);
	int64_t d;

	return s && lifecycle_parse_day(&d, s) == 0 ? d : -1;
}

int lifecycle_notices_from_log(struct lifecycle_notices *out, size_t *out_publishes,
                               const char *log_dir, uint64_t max_scan)
{
	struct tlog log = TLOG_INIT;
	struct buf b = BUF_INIT_MAX(TLOG_MAX_ENTRY);
	size_t before = out->n;
	int r;

	*out_publishes = 0;
	if ((r = tlog_open(&log, log_dir, 0)) < 0)
		return r == ERR_NOTFOUND ? 0 : r;
	for (uint64_t i = 0; i < log.size && i < max_scan; i++) {
		json_t *doc = NULL;
		const char *type;

		buf_reset(&b);
		if ((r = tlog_get(&b, &log, i)) < 0)
			goto done;
		/* only records of ours are parsed, not every environment snapshot */
		if (!b.len || b.ptr[0] != '{' || !memmem(b.ptr, b.len, "\"vouch-lifecycle-", 17) ||
		    vjson_parse(&doc, b.ptr, b.len, "entry") < 0)
			continue;
		type = vjson_str(doc, "schema");
		if (type && !strcmp(type, "vouch-lifecycle-publish/1")) {
			(*out_publishes)++;
		} else if (type && !strcmp(type, LIFECYCLE_NOTICE_SCHEMA) &&
		           vjson_str(doc, "product") && vjson_str(doc, "release") &&
		           json_day(doc, "published") >= 0) {
			struct lifecycle_notice n = { 0 };
			struct buf p = BUF_INIT;
			const char *id = vjson_str(doc, "id"), *ch = vjson_str(doc, "channel"),
			           *url = vjson_str(doc, "url");

			buf_addf(&p, "%s#%" PRIu64, log_dir, i);
			n.path = buf_detach(&p, NULL);
			n.from_log = true;
			n.id = xstrdup(id ? id : "");
			n.product = xstrdup(vjson_str(doc, "product"));
			n.release = xstrdup(vjson_str(doc, "release"));
			n.channel = xstrdup(ch ? ch : "");
			n.url = url ? xstrdup(url) : NULL;
			n.title = xstrdup("");
			n.text = xstrdup("");
			n.published = json_day(doc, "published");
			n.end_of_support = json_day(doc, "end_of_support");
			out->v = xreallocarray(out->v, out->n + 1, sizeof(*out->v));
			out->v[out->n++] = n;
		}
		json_decref(doc);
	}
	r = 0;
done:
	if (out->n > before)
		qsort(out->v, out->n, sizeof(*out->v), cmp_notice);
	tlog_release(&log);
	buf_release(&b);
	return r;
}

const struct lifecycle_notice *lifecycle_notice_find(const struct lifecycle_notices *l,
                                                     const char *product, const char *release)
{
	for (size_t i = 0; i < l->n; i++) /* sorted by date: the first is the earliest */
		if (!strcmp(l->v[i].product, product) && !strcmp(l->v[i].release, release))
			return &l->v[i];
	return NULL;
}

char *lifecycle_notice_file_name(const char *product, const char *release)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s-%s", product, release);
	for (size_t i = 0; i < b.len; i++) {
		char c = b.ptr[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '+' || c == '-'))
			b.ptr[i] = '_';
	}
	if (b.ptr[0] == '.')
		b.ptr[0] = '_';
	buf_adds(&b, ".toml");
	return buf_detach(&b, NULL);
}

/* A UUID (version 8, RFC 9562) from SHA-256 of the words: the same words, the same id. */
static void stable_uuid(struct buf *out, const char *kind, const char *a, const char *b)
{
	struct sha256 h;
	uint8_t d[SHA256_LEN];
	char hex[33];

	sha256_init(&h);
	sha256_update(&h, kind, strlen(kind) + 1);
	sha256_update(&h, a, strlen(a) + 1);
	sha256_update(&h, b, strlen(b) + 1);
	sha256_final(&h, d);
	d[6] = (uint8_t)((d[6] & 0x0f) | 0x80);
	d[8] = (uint8_t)((d[8] & 0x3f) | 0x80);
	hex_encode(hex, d, 16);
	buf_addf(out, "urn:uuid:%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16,
	         hex + 20);
}

/* The supported release customers should move to: the one supported longest, not r. */
static const struct assess_release *successor(const struct assess_product *p,
                                              const struct assess_release *r)
{
	const struct assess_release *best = NULL;

	for (size_t i = 0; i < p->nreleases; i++) {
		const struct assess_release *c = &p->releases[i];

		if (c == r || (c->end_of_support >= 0 && c->end_of_support <= r->end_of_support))
			continue;
		if (!best || (best->end_of_support >= 0 &&
		              (c->end_of_support < 0 || c->end_of_support > best->end_of_support)))
			best = c;
	}
	return best;
}

int lifecycle_notice_draft(struct lifecycle_notice *out, const struct assess_config *cfg,
                           const struct assess_product *p, const struct assess_release *r,
                           int64_t published, const char *channel, const char *url)
{
	const struct assess_release *next = successor(p, r);
	struct buf b = BUF_INIT, id = BUF_INIT;
	char eos[16], d[16];

	if (r->end_of_support < 0)
		return err_set(ERR_USAGE,
		               "release '%s' of '%s' has no end_of_support in vouch.toml: a notice "
		               "needs the date support ends",
		               r->version, p->name);
	memset(out, 0, sizeof(*out));
	assess_date_text(eos, r->end_of_support);
	stable_uuid(&id, "vouch-lifecycle-notice", p->name, r->version);
	out->id = buf_detach(&id, NULL);
	out->product = xstrdup(p->name);
	out->release = xstrdup(r->version);
	out->channel = xstrdup(channel);
	out->url = url ? xstrdup(url) : NULL;
	out->end_of_support = r->end_of_support;
	out->published = published;
	buf_addf(&b, "%s %s: end of support on %s", p->name, r->version, eos);
	out->title = buf_detach(&b, NULL);

	buf_addf(&b,
	         "What ends: support for %s %s ends on %s. After that date %s releases no "
	         "security updates, bug fixes or technical help for it.",
	         p->name, r->version, eos, cfg->org_name ? cfg->org_name : "the vendor");
	if (r->eoas >= 0) {
		assess_date_text(d, r->eoas);
		buf_addf(&b, " Active support (fixes other than security fixes) %s on %s.",
		         r->eoas < published ? "ended" : "ends", d);
	}
	buf_adds(&b, "\n\nWhat to do: ");
	if (next) {
		buf_addf(&b, "upgrade to %s %s", p->name, next->version);
		if (next->latest)
			buf_addf(&b, " (latest version %s)", next->latest);
		if (next->end_of_support >= 0) {
			assess_date_text(d, next->end_of_support);
			buf_addf(&b, ", supported until %s,", d);
		}
		buf_addf(&b, " before %s.", eos);
	} else {
		buf_addf(&b,
		         "plan the move away from %s %s before %s: no later release is announced "
		         "yet.",
		         p->name, r->version, eos);
	}
	buf_addf(&b,
	         "\n\nThe risk of staying: vulnerabilities found in %s %s after %s will not "
	         "be fixed, and attackers study unsupported software for exactly these. Systems "
	         "still running it are then exposed without a remedy from us, and may fall short "
	         "of your own security and compliance obligations.",
	         p->name, r->version, eos);
	if (url)
		buf_addf(&b, "\n\nThe support period of every release: %s", url);
	out->text = buf_detach(&b, NULL);
	return 0;
}

void lifecycle_notice_toml(struct buf *out, const struct lifecycle_notice *n)
{
	char d[16];

	buf_adds(out, "# End-of-support notice, drafted by vouch lifecycle notice "
	              "(docs/cmd/lifecycle.md).\n# Edit the title and text as needed; the "
	              "dates and id are what the feed and the assessment read.\n");
	records_kstr(out, "id", n->id);
	records_kstr(out, "product", n->product);
	records_kstr(out, "release", n->release);
	assess_date_text(d, n->end_of_support);
	buf_addf(out, "end_of_support = %s\n", d);
	assess_date_text(d, n->published);
	buf_addf(out, "published = %s\n", d);
	records_kstr(out, "channel", n->channel);
	if (n->url)
		records_kstr(out, "url", n->url);
	records_kstr(out, "title", n->title);
	records_kstr(out, "text", n->text);
}

void lifecycle_notice_record(struct buf *out, const struct lifecycle_notice *n, const char *file,
                             const char *sha256_hex)
{
	struct jw w;
	char d[16];

	jw_init(&w, out, false);
	jw_obj_begin(&w);
	jw_kstr(&w, "schema", LIFECYCLE_NOTICE_SCHEMA);
	jw_kstr(&w, "type", "lifecycle-notice");
	jw_kstr(&w, "id", n->id);
	jw_kstr(&w, "product", n->product);
	jw_kstr(&w, "release", n->release);
	assess_date_text(d, n->end_of_support);
	jw_kstr(&w, "end_of_support", d);
	assess_date_text(d, n->published);
	jw_kstr(&w, "published", d);
	jw_kstr(&w, "channel", n->channel);
	if (n->url)
		jw_kstr(&w, "url", n->url);
	jw_kstr(&w, "file", file);
	jw_kstr(&w, "sha256", sha256_hex);
	jw_obj_end(&w);
	jw_finish(&w);
	buf_addch(out, '\n');
}

void lifecycle_statuses(struct lifecycle_status **out, size_t *n, const struct assess_config *cfg,
                        const struct lifecycle_notices *l, int64_t today)
{
	size_t total = 0, k = 0;

	for (size_t i = 0; i < cfg->nproducts; i++)
		total += cfg->products[i].nreleases;
	*out = xcalloc(total + 1, sizeof(**out));
	for (size_t i = 0; i < cfg->nproducts; i++) {
		const struct assess_product *p = &cfg->products[i];

		for (size_t j = 0; j < p->nreleases; j++) {
			const struct assess_release *r = &p->releases[j];
			const struct lifecycle_notice *nt =
			        lifecycle_notice_find(l, p->name, r->version);
			struct lifecycle_status *s = &(*out)[k++];

			s->product = p;
			s->release = r;
			s->notice = r->notice_published;
			if (nt && (s->notice < 0 || nt->published <= s->notice)) {
				s->notice = nt->published;
				s->recorded = true;
			}
			s->state = assess_notice_judge(&s->due, r->end_of_support, s->notice, today,
			                               lifecycle_warn_days(cfg));
			s->ended = r->end_of_support >= 0 && r->end_of_support < today;
		}
	}
	*n = k;
}

/* u when it is an http(s) URL, else NULL: no javascript: or data: link from a record. */
static const char *web_url(const char *u)
{
	if (!u || (strncasecmp(u, "https://", 8) && strncasecmp(u, "http://", 7)) ||
	    strpbrk(u, " \t\r\n"))
		return NULL;
	return u;
}

static void day_rfc3339(char out[EPOCH_RFC3339_LEN], int64_t day)
{
	epoch_rfc3339(out, day * 86400);
}

static const char *feed_author(const struct assess_config *cfg)
{
	return cfg->org_name                             ? cfg->org_name
	       : cfg->nproducts && cfg->products[0].name ? cfg->products[0].name
	                                                 : "vendor";
}

void lifecycle_render_atom(struct buf *out, const struct assess_config *cfg,
                           const struct lifecycle_notices *l, const char *generated)
{
	struct buf id = BUF_INIT, names = BUF_INIT;
	char t[EPOCH_RFC3339_LEN];
	int64_t newest = -1;

	for (size_t i = 0; i < cfg->nproducts; i++)
		buf_addf(&names, "%s%s", i ? ", " : "", cfg->products[i].name);
	for (size_t i = 0; i < l->n; i++)
		newest = l->v[i].published > newest ? l->v[i].published : newest;
	stable_uuid(&id, "vouch-lifecycle-feed", feed_author(cfg), names.ptr ? names.ptr : "");
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	              "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n  <id>");
	buf_add_xml(out, id.ptr);
	buf_adds(out, "</id>\n  <title>");
	buf_add_xml(out, names.len ? names.ptr : feed_author(cfg));
	buf_adds(out, ": end-of-support notices</title>\n  <updated>");
	if (newest >= 0)
		day_rfc3339(t, newest);
	buf_add_xml(out, newest >= 0 ? t : generated);
	buf_adds(out, "</updated>\n  <author><name>");
	buf_add_xml(out, feed_author(cfg));
	buf_adds(out, "</name></author>\n");
	if (web_url(cfg->feed_url)) {
		buf_adds(out, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"");
		buf_add_xml(out, cfg->feed_url);
		buf_adds(out, "\"/>\n");
	}
	if (web_url(cfg->lifecycle_url)) {
		buf_adds(out, "  <link rel=\"alternate\" type=\"text/html\" href=\"");
		buf_add_xml(out, cfg->lifecycle_url);
		buf_adds(out, "\"/>\n");
	}
	buf_adds(out, "  <generator version=\"" VOUCH_VERSION "\">vouch</generator>\n");
	/* newest first, as feed readers show them */
	for (size_t k = l->n; k-- > 0;) {
		const struct lifecycle_notice *n = &l->v[k];
		char eos[16];

		day_rfc3339(t, n->published);
		assess_date_text(eos, n->end_of_support);
		buf_adds(out, "  <entry>\n    <id>");
		buf_add_xml(out, n->id);
		buf_adds(out, "</id>\n    <title>");
		buf_add_xml(out, n->title);
		buf_addf(out,
		         "</title>\n    <updated>%s</updated>\n    <published>%s</published>\n", t,
		         t);
		if (web_url(n->url)) {
			buf_adds(out, "    <link rel=\"alternate\" href=\"");
			buf_add_xml(out, n->url);
			buf_adds(out, "\"/>\n");
		}
		buf_adds(out, "    <category term=\"end-of-support\"/>\n    <summary>");
		buf_add_xml(out, n->product);
		buf_adds(out, " ");
		buf_add_xml(out, n->release);
		buf_addf(out, " is supported until %s.</summary>\n    <content type=\"text\">",
		         eos);
		buf_add_xml(out, n->text);
		buf_adds(out, "</content>\n  </entry>\n");
	}
	buf_adds(out, "</feed>\n");
	buf_release(&id);
	buf_release(&names);
}

static void html_date(struct buf *b, int64_t day)
{
	char d[16];

	if (day < 0) {
		buf_adds(b, "<td class=\"none\">not announced</td>");
		return;
	}
	assess_date_text(d, day);
	buf_addf(b, "<td><time datetime=\"%s\">%s</time></td>", d, d);
}

static const char *release_state(const struct assess_release *r, int64_t today, const char **cls)
{
	if (r->end_of_support >= 0 && r->end_of_support < today)
		return *cls = "ended", "ended";
	if (r->eoas >= 0 && r->eoas < today)
		return *cls = "security", "security fixes only";
	return *cls = "supported", "supported";
}

/* Paragraphs of a notice: blank lines separate them, single newlines become <br>. */
static void html_paras(struct buf *b, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *para = xstrndup(p, n), *q = para;

		buf_adds(b, "<p>");
		for (char *nl; (nl = strchr(q, '\n')); q = nl + 1) {
			*nl = 0;
			buf_add_xml(b, q);
			buf_adds(b, "<br>");
		}
		buf_add_xml(b, q);
		buf_adds(b, "</p>\n");
		free(para);
		p += n;
		while (*p == '\n')
			p++;
	}
}

void lifecycle_render_html(struct buf *b, const struct assess_config *cfg,
                           const struct lifecycle_notices *l, int64_t today)
{
	char d[16];

	assess_date_text(d, today);
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	            "<title>");
	buf_add_xml(b, feed_author(cfg));
	buf_adds(b, ": support periods</title>\n");
	if (web_url(cfg->feed_url)) {
		buf_adds(b, "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"");
		buf_add_xml(b, cfg->feed_url);
		buf_adds(b, "\" title=\"End-of-support notices\">\n");
	}
	buf_adds(b,
	         "<style>\nbody{font:16px/1.5 system-ui,sans-serif;max-width:62rem;margin:2rem "
	         "auto;padding:0 1rem;color:#1b1f24}\ntable{border-collapse:collapse;width:100%;"
	         "margin:1rem 0}\nth,td{border-bottom:1px solid #d0d7de;padding:.4rem .6rem;"
	         "text-align:left}\nth{background:#f3f5f7}\n.supported{color:#0b6e2e;font-weight:"
	         "600}\n.security{color:#8a5a00;font-weight:600}\n.ended{color:#a40e26;"
	         "font-weight:600}\n.none{color:#6a737d}\narticle{border-left:4px solid #8a5a00;"
	         "padding:.2rem 1rem;margin:1.5rem 0;background:#fffaf0}\n</style>\n</head><body>\n"
	         "<h1>");
	buf_add_xml(b, feed_author(cfg));
	buf_addf(b,
	         ": support periods</h1>\n<p>Support periods of each release as of "
	         "<time datetime=\"%s\">%s</time>. After its end of support a release "
	         "receives no security updates.",
	         d, d);
	if (web_url(cfg->feed_url)) {
		buf_adds(b, " End-of-support notices are also published as an <a href=\"");
		buf_add_xml(b, cfg->feed_url);
		buf_adds(b, "\">Atom feed</a>.");
	}
	buf_adds(b, "</p>\n");
	for (size_t i = 0; i < cfg->nproducts; i++) {
		const struct assess_product *p = &cfg->products[i];

		buf_adds(b, "<section>\n<h2>");
		buf_add_xml(b, p->name);
		buf_adds(b, "</h2>\n");
		if (!p->nreleases) {
			buf_adds(b, "<p class=\"none\">No release is recorded.</p>\n</section>\n");
			continue;
		}
		buf_adds(b,
		         "<table>\n<thead><tr><th>Release</th><th>Released</th><th>Active "
		         "support until</th><th>Security support until</th><th>LTS</th>"
		         "<th>Latest</th><th>Status</th><th>Notice</th></tr></thead>\n<tbody>\n");
		for (size_t k = 0; k < p->nreleases; k++) {
			const struct assess_release *r = &p->releases[k];
			const struct lifecycle_notice *n =
			        lifecycle_notice_find(l, p->name, r->version);
			const char *cls, *st = release_state(r, today, &cls);

			buf_adds(b, "<tr><td>");
			buf_add_xml(b, r->version);
			buf_adds(b, "</td>");
			html_date(b, r->released);
			html_date(b, r->eoas);
			html_date(b, r->end_of_support);
			buf_addf(b, "<td>%s</td><td>", r->lts ? "yes" : "no");
			buf_add_xml(b, r->latest ? r->latest : "");
			buf_addf(b, "</td><td class=\"%s\">%s</td><td>", cls, st);
			if (n || r->notice_published >= 0) {
				char nd[16];

				assess_date_text(nd, n ? n->published : r->notice_published);
				buf_addf(b, "given %s", nd);
			} else {
				buf_adds(b, "<span class=\"none\">none yet</span>");
			}
			buf_adds(b, "</td></tr>\n");
		}
		buf_adds(b, "</tbody>\n</table>\n</section>\n");
	}
	buf_adds(b, "<h2>End-of-support notices</h2>\n");
	if (!l->n)
		buf_adds(b, "<p class=\"none\">No notice has been published.</p>\n");
	for (size_t k = l->n; k-- > 0;) {
		const struct lifecycle_notice *n = &l->v[k];
		char pd[16];

		assess_date_text(pd, n->published);
		buf_adds(b, "<article>\n<h3>");
		buf_add_xml(b, n->title);
		buf_addf(b,
		         "</h3>\n<p class=\"none\">Published <time datetime=\"%s\">%s</time> "
		         "(",
		         pd, pd);
		buf_add_xml(b, n->channel);
		buf_adds(b, ")");
		if (web_url(n->url)) {
			buf_adds(b, " at <a href=\"");
			buf_add_xml(b, n->url);
			buf_adds(b, "\">");
			buf_add_xml(b, n->url);
			buf_adds(b, "</a>");
		} else if (n->url) {
			buf_adds(b, " at ");
			buf_add_xml(b, n->url);
		}
		buf_adds(b, "</p>\n");
		html_paras(b, n->text);
		buf_adds(b, "</article>\n");
	}
	buf_adds(b, "<footer><p class=\"none\">Generated by vouch " VOUCH_VERSION
	            ".</p></footer>\n</body></html>\n");
}
