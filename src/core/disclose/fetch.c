/*
 * fetch.c: a bounded GET through libcurl.
 */
#include "util/compat.h"
#include "core/disclose/fetch.h"
#include "util/alloc.h"
#include "util/err.h"

#include <curl/curl.h>
#include <strings.h>

struct sink {
	struct buf *b;
	size_t max;
	bool too_big;
};

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = size * n;

	if (s->b->len + len > s->max) {
		s->too_big = true;
		return 0; /* aborts the transfer */
	}
	return buf_add(s->b, p, len) < 0 ? 0 : len;
}

int fetch_small(struct fetch_result *out, const char *url, size_t max, long timeout,
                long max_redirs)
{
	struct sink s = { &out->body, max, false };
	CURL *c;
	CURLcode rc;
	char *eff = NULL, *ct = NULL;
	int r = 0;

	if (strncasecmp(url, "https://", 8) && strncasecmp(url, "http://", 7))
		return err_set(ERR_USAGE, "'%s': only http and https URLs are fetched", url);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) || !(c = curl_easy_init()))
		return err_set(ERR_GENERIC, "cannot start libcurl");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR,
	                 strncasecmp(url, "https://", 8) ? "http,https" : "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, max_redirs);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "vouch");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	curl_easy_getinfo(c, CURLINFO_REDIRECT_COUNT, &out->redirects);
	if (curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff)
		out->final_url = xstrdup(eff);
	if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
		out->content_type = xstrdup(ct);
	if (s.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		buf_reset(&out->body);
		r = err_set(ERR_TOOBIG, "'%s': larger than %zu bytes: not read", url, max);
	} else if (rc == CURLE_TOO_MANY_REDIRECTS) {
		r = err_set(ERR_IO, "'%s': more than %ld redirects", url, max_redirs);
	} else if (rc != CURLE_OK) {
		r = err_set(ERR_IO, "cannot fetch '%s': %s", url, curl_easy_strerror(rc));
	} else if (out->status < 200 || out->status > 299) {
		r = err_set(ERR_IO, "cannot fetch '%s': HTTP status %ld", url, out->status);
	}
	curl_easy_cleanup(c);
	return r;
}

void fetch_result_release(struct fetch_result *r)
{
	if (!r)
		return;
	buf_release(&r->body);
	free(r->final_url);
	free(r->content_type);
	r->final_url = r->content_type = NULL;
}
