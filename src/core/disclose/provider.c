/*
 * provider.c: the listings of a CSAF provider folder, rebuilt from its year folders.
 */
#include "util/compat.h"
#include "core/disclose/provider.h"
#include "core/disclose/securitytxt.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/json.h"

#include <ctype.h>
#include <dirent.h>

struct doc {
	char *path; /* "2026/x.json" */
	char *id, *title, *current, *initial, *tlp;
	int64_t current_t;
};

struct docs {
	struct doc *v;
	size_t n;
};

static bool year_name(const char *s)
{
	return strlen(s) == 4 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	       isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]);
}

static bool json_name(const char *s)
{
	size_t n = strlen(s);

	return n > 5 && !strcmp(s + n - 5, ".json") && s[0] != '.';
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted entries of dir that pass keep. */
static int list_dir(char ***out, size_t *n, const char *dir, bool (*keep)(const char *))
{
	DIR *d = opendir(dir);
	struct dirent *e;

	*out = NULL;
	*n = 0;
	if (!d)
		return err_set_errno(ERR_IO, "cannot open '%s'", dir);
	while ((e = readdir(d)))
		if (keep(e->d_name) && *n < PROVIDER_MAX_DOCS) {
			*out = xreallocarray(*out, *n + 1, sizeof(**out));
			(*out)[(*n)++] = xstrdup(e->d_name);
		}
	closedir(d);
	if (*n)
		qsort(*out, *n, sizeof(**out), cmp_str);
	return 0;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int read_docs(struct docs *out, size_t *skipped, const char *dir)
{
	char **years = NULL, **files = NULL;
	size_t ny = 0, nf = 0;
	struct buf p = BUF_INIT;
	int r;

	if ((r = list_dir(&years, &ny, dir, year_name)) < 0)
		return r;
	for (size_t y = 0; y < ny; y++) {
		buf_reset(&p);
		buf_addf(&p, "%s/%s", dir, years[y]);
		if (list_dir(&files, &nf, p.ptr, json_name) < 0) {
			(*skipped)++;
			continue;
		}
		for (size_t f = 0; f < nf; f++) {
			json_t *doc = NULL;
			const json_t *d, *tr;
			struct doc x = { 0 };
			buf_reset(&p);
			buf_addf(&p, "%s/%s/%s", dir, years[y], files[f]);
			if (vjson_load_file(&doc, p.ptr, 0) < 0) {
				(*skipped)++;
				continue;
			}
			d = json_object_get(doc, "document");
			tr = json_object_get(d, "tracking");
			x.id = dup_or_null(vjson_str(tr, "id"));
			x.title = dup_or_null(vjson_str(d, "title"));
			x.current = dup_or_null(vjson_str(tr, "current_release_date"));
			x.initial = dup_or_null(vjson_str(tr, "initial_release_date"));
			x.tlp = dup_or_null(vjson_str(
			        json_object_get(json_object_get(d, "distribution"), "tlp"),
			        "label"));
			json_decref(doc);
			if (!x.id || !x.title || !x.current || !x.initial ||
			    securitytxt_parse_time(&x.current_t, x.current, strlen(x.current)) <
			            0) {
				err_set(ERR_PARSE,
				        "'%s' is not a CSAF document (no tracking id, title "
				        "or release dates)",
				        p.ptr);
				free(x.id);
				free(x.title);
				free(x.current);
				free(x.initial);
				free(x.tlp);
				(*skipped)++;
				continue;
			}
			buf_reset(&p);
			buf_addf(&p, "%s/%s", years[y], files[f]);
			x.path = buf_detach(&p, NULL);
			out->v = xreallocarray(out->v, out->n + 1, sizeof(*out->v));
			out->v[out->n++] = x;
		}
		free_list(files, nf);
		files = NULL;
	}
	free_list(years, ny);
	buf_release(&p);
	return 0;
}

static void docs_release(struct docs *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].path);
		free(d->v[i].id);
		free(d->v[i].title);
		free(d->v[i].current);
		free(d->v[i].initial);
		free(d->v[i].tlp);
	}
	free(d->v);
}

/* changes.csv: newest first; the same instant by path. */
static int by_change(const void *a, const void *b)
{
	const struct doc *x = a, *y = b;

	if (x->current_t != y->current_t)
		return x->current_t > y->current_t ? -1 : 1;
	return strcmp(x->path, y->path);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct doc *)a)->path, ((const struct doc *)b)->path);
}

static int write_file(const char *dir, const char *name, const struct buf *b)
{
	struct buf p = BUF_INIT;
	int r;

	buf_addf(&p, "%s/%s", dir, name);
	r = fs_write_atomic(p.ptr, b->ptr, b->len, 0644, 0);
	buf_release(&p);
	return r;
}

static void csv_field(struct buf *b, const char *s)
{
	buf_addch(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_addch(b, '"');
		buf_addch(b, *s);
	}
	buf_addch(b, '"');
}

int provider_write_index(size_t *out_skipped, const char *dir, const struct provider_info *info)
{
	struct docs d = { 0 };
	struct buf b = BUF_INIT, u = BUF_INIT;
	char now[EPOCH_RFC3339_LEN];
	struct jw w;
	int r;

	*out_skipped = 0;
	epoch_rfc3339(now, info->now);
	if ((r = read_docs(&d, out_skipped, dir)) < 0)
		goto done;

	qsort(d.v, d.n, sizeof(*d.v), by_path);
	for (size_t i = 0; i < d.n; i++)
		buf_addf(&b, "%s\n", d.v[i].path);
	if ((r = write_file(dir, "index.txt", &b)) < 0)
		goto done;

	buf_reset(&b);
	qsort(d.v, d.n, sizeof(*d.v), by_change);
	for (size_t i = 0; i < d.n; i++) {
		char t[EPOCH_RFC3339_LEN];
		epoch_rfc3339(t, d.v[i].current_t);
		csv_field(&b, d.v[i].path);
		buf_addch(&b, ',');
		csv_field(&b, t);
		buf_addch(&b, '\n');
	}
	if ((r = write_file(dir, "changes.csv", &b)) < 0)
		goto done;

	/* the ROLIE feed (RFC 8322 in JSON, as CSAF 7.1.15 describes it) */
	buf_reset(&b);
	jw_init(&w, &b, true);
	jw_obj_begin(&w);
	jw_key(&w, "feed");
	jw_obj_begin(&w);
	buf_addf(&u, "%s-feed-tlp-white", info->publisher_name);
	jw_kstr(&w, "id", u.ptr);
	buf_reset(&u);
	buf_addf(&u, "CSAF feed (TLP:WHITE) of %s", info->publisher_name);
	jw_kstr(&w, "title", u.ptr);
	jw_key(&w, "link");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	jw_kstr(&w, "rel", "self");
	buf_reset(&u);
	buf_addf(&u, "%s/feed-tlp-white.json", info->base_url);
	jw_kstr(&w, "href", u.ptr);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_key(&w, "category");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	jw_kstr(&w, "scheme", "urn:ietf:params:rolie:category:information-type");
	jw_kstr(&w, "term", "csaf");
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_kstr(&w, "updated", now);
	jw_key(&w, "entry");
	jw_arr_begin(&w);
	for (size_t i = 0; i < d.n; i++) {
		if (d.v[i].tlp && strcmp(d.v[i].tlp, "WHITE"))
			continue;
		jw_obj_begin(&w);
		jw_kstr(&w, "id", d.v[i].id);
		jw_kstr(&w, "title", d.v[i].title);
		jw_key(&w, "link");
		jw_arr_begin(&w);
		static const char *const rel[] = { "self", "hash", "hash", "signature" };
		static const char *const ext[] = { "", ".sha256", ".sha512", ".asc" };
		for (size_t k = 0; k < ARRAY_SIZE(rel); k++) {
			if (k == 3 && !info->openpgp_fpr)
				continue;
			jw_obj_begin(&w);
			jw_kstr(&w, "rel", rel[k]);
			buf_reset(&u);
			buf_addf(&u, "%s/%s%s", info->base_url, d.v[i].path, ext[k]);
			jw_kstr(&w, "href", u.ptr);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_kstr(&w, "published", d.v[i].initial);
		jw_kstr(&w, "updated", d.v[i].current);
		jw_key(&w, "content");
		jw_obj_begin(&w);
		jw_kstr(&w, "type", "application/json");
		buf_reset(&u);
		buf_addf(&u, "%s/%s", info->base_url, d.v[i].path);
		jw_kstr(&w, "src", u.ptr);
		jw_obj_end(&w);
		jw_key(&w, "format");
		jw_obj_begin(&w);
		jw_kstr(&w, "schema",
		        "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json");
		jw_kstr(&w, "version", "2.0");
		jw_obj_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_obj_end(&w);
	if ((r = jw_finish(&w)) < 0 || (r = write_file(dir, "feed-tlp-white.json", &b)) < 0)
		goto done;

	/* provider-metadata.json (7.1.7; role csaf_trusted_provider needs the OpenPGP signatures) */
	buf_reset(&b);
	jw_init(&w, &b, true);
	jw_obj_begin(&w);
	buf_reset(&u);
	buf_addf(&u, "%s/provider-metadata.json", info->base_url);
	jw_kstr(&w, "canonical_url", u.ptr);
	jw_key(&w, "distributions");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	jw_kstr(&w, "directory_url", info->base_url);
	jw_key(&w, "rolie");
	jw_obj_begin(&w);
	jw_key(&w, "feeds");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	jw_kstr(&w, "summary", "TLP:WHITE advisories");
	jw_kstr(&w, "tlp_label", "WHITE");
	buf_reset(&u);
	buf_addf(&u, "%s/feed-tlp-white.json", info->base_url);
	jw_kstr(&w, "url", u.ptr);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_kstr(&w, "last_updated", now);
	jw_kbool(&w, "list_on_CSAF_aggregators", true);
	jw_kstr(&w, "metadata_version", "2.0");
	jw_kbool(&w, "mirror_on_CSAF_aggregators", true);
	if (info->openpgp_fpr) {
		jw_key(&w, "public_openpgp_keys");
		jw_arr_begin(&w);
		jw_obj_begin(&w);
		jw_kstr(&w, "fingerprint", info->openpgp_fpr);
		jw_kstr(&w, "url", info->openpgp_url);
		jw_obj_end(&w);
		jw_arr_end(&w);
	}
	jw_key(&w, "publisher");
	jw_obj_begin(&w);
	jw_kstr(&w, "category", info->publisher_category);
	jw_kstr(&w, "name", info->publisher_name);
	jw_kstr(&w, "namespace", info->publisher_namespace);
	jw_obj_end(&w);
	jw_kstr(&w, "role", info->openpgp_fpr ? "csaf_trusted_provider" : "csaf_provider");
	jw_obj_end(&w);
	if ((r = jw_finish(&w)) < 0 || (r = write_file(dir, "provider-metadata.json", &b)) < 0)
		goto done;
	r = 0;
done:
	docs_release(&d);
	buf_release(&b);
	buf_release(&u);
	return r;
}
