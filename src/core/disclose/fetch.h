/*
 * fetch.h: one small document over http(s) with hard limits (security.txt).
 *
 * TLS certificates and host names are verified (libcurl's defaults, never
 * turned off); only http and https, and a redirect from https never goes back
 * to http. Limits: max bytes of body (more is ERR_TOOBIG, nothing kept),
 * timeout seconds for the whole transfer, max_redirs redirects followed.
 */
#ifndef VOUCH_FETCH_H
#define VOUCH_FETCH_H

#include "util/compat.h"
#include "util/buf.h"

struct fetch_result {
	struct buf body;
	char *final_url;    /* after redirects */
	char *content_type; /* as sent, or NULL */
	long status;        /* HTTP status */
	long redirects;
};

#define FETCH_RESULT_INIT                                                                          \
	{                                                                                          \
		BUF_INIT, NULL, NULL, 0, 0                                                         \
	}

/*
 * GETs url into *out. 0 for a 2xx answer; ERR_IO for a network or TLS failure or another
 * status (the message names the URL and the reason), ERR_TOOBIG past max bytes.
 */
int fetch_small(struct fetch_result *out, const char *url, size_t max, long timeout,
                long max_redirs);
void fetch_result_release(struct fetch_result *r);

#endif
