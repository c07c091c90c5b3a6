/*
 * vouch push: the CI client of `vouch serve`. Each FILE's kind (assessment,
 * SBOM, scan result, bundle) is read from its content; the product and
 * release come from the document where it states them, else from
 * --product / --release. docs/cmd/push.md is the manual.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/serve/ingest.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"

#include <curl/curl.h>

#define PUSH_MAX_FILE  ((size_t)256 << 20)
#define PUSH_MAX_REPLY ((size_t)1 << 20)

static size_t collect(char *p, size_t size, size_t n, void *u)
{
	struct buf *b = u;

	if (buf_add(b, p, size * n) < 0)
		return 0;
	return size * n;
}

/* 0 pushed, EXIT_NEGATIVE rejected, EXIT_FAIL could not reach the server. */
static int post(const char *url, const char *token, const char *cacert, const char *ctype,
                const struct buf *body, const char *file)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hdr = NULL;
	struct buf auth = BUF_INIT, ct = BUF_INIT, reply = BUF_INIT_MAX(PUSH_MAX_REPLY);
	json_t *doc = NULL;
	long code = 0;
	CURLcode rc;
	int ret;

	if (!h) {
		ui_error("cannot start a web request");
		return EXIT_FAIL;
	}
	buf_addf(&auth, "Authorization: Bearer %s", token);
	buf_addf(&ct, "Content-Type: %s", ctype);
	hdr = curl_slist_append(hdr, auth.ptr);
	hdr = curl_slist_append(hdr, ct.ptr);
	hdr = curl_slist_append(hdr, "Expect:");
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body->ptr);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body->len);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 600L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "vouch-push/" VOUCH_VERSION);
	if (cacert)
		curl_easy_setopt(h, CURLOPT_CAINFO, cacert);
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	if (rc != CURLE_OK) {
		ui_error("cannot push '%s' to '%s': %s", ui_safe(file), ui_safe(url),
		         curl_easy_strerror(rc));
		ret = EXIT_FAIL;
		goto done;
	}
	if (vjson_parse(&doc, reply.ptr, reply.len, "reply") < 0)
		err_clear();
	if (code >= 200 && code < 300) {
		if (!vouch_quiet)
			printf("%s: %s %s@%s, %" JSON_INTEGER_FORMAT " items\n", file,
			       doc && vjson_str(doc, "kind") ? vjson_str(doc, "kind") : "uploaded",
			       doc && vjson_str(doc, "product") ? vjson_str(doc, "product") : "?",
			       doc && vjson_str(doc, "version") ? vjson_str(doc, "version") : "?",
			       doc ? json_integer_value(json_object_get(doc, "count")) : 0);
		ret = EXIT_OK;
	} else {
		const char *why = doc ? vjson_str(doc, "error") : NULL;

		ui_error("server rejected '%s' (HTTP %ld): %s", ui_safe(file), code,
		         why ? ui_safe(why) : "no reason given");
		ret = code >= 500 && code != 501 ? EXIT_FAIL : EXIT_NEGATIVE;
	}
done:
	json_decref(doc);
	curl_slist_free_all(hdr);
	curl_easy_cleanup(h);
	buf_wipe(&auth);
	buf_release(&ct);
	buf_release(&reply);
	return ret;
}

int cmd_push(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch push",
		"--server URL --token TOKEN [--product NAME] [--release VERSION] [--cacert FILE] "
		"FILE...",
		"Upload assessments (vouch assess --format json), SBOMs (CycloneDX or SPDX JSON), "
		"scan results (vouch scan --format json) and bundles to a vouch server. The token "
		"may come from $VOUCH_TOKEN instead. Exit 1 when the server rejects a file, naming "
		"its reason."
	};
	const char *server = NULL, *token = NULL, *product = NULL, *release = NULL, *cacert = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "server", &server, "URL",
		           "the server, e.g. https://vouch.example.com"),
		{ OPT__STRING, 0, "token", &token, "TOKEN",
		  "an uploader or admin token (hidden from ps)", NULL, 0, OPT_SECRET },
		OPT_STRING(0, "product", &product, "NAME",
		           "the product, when the file does not say"),
		OPT_STRING(0, "release", &release, "VERSION",
		           "the release, when the file does not say"),
		OPT_STRING(0, "cacert", &cacert, "FILE", "trust this CA (a self-signed server)"),
		OPT_END(),
	};
	int code, worst = EXIT_OK;
	char *own_token = NULL;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (token)
		own_token = (char *)token; /* the copy opt_parse made */
	else if (getenv("VOUCH_TOKEN"))
		token = getenv("VOUCH_TOKEN");
	if (!server || !token || !*token) {
		opt_usage_error(&u, "--server and --token (or $VOUCH_TOKEN) are required");
		code = EXIT_USAGE;
		goto out;
	}
	if (argc < 1) {
		opt_usage_error(&u, "no FILE to push");
		code = EXIT_USAGE;
		goto out;
	}
	if ((product && !ingest_name_ok(product)) || (release && !ingest_name_ok(release))) {
		opt_usage_error(&u, "product and release names are letters, digits and . _ - + ~");
		code = EXIT_USAGE;
		goto out;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		ui_error("cannot start libcurl");
		code = EXIT_FAIL;
		goto out;
	}
	for (int i = 0; i < argc; i++) {
		struct buf data = BUF_INIT_MAX(PUSH_MAX_FILE), url = BUF_INIT;
		char *name = NULL, *version = NULL;
		enum upload_kind kind;
		size_t n = strlen(server);
		int r;

		while (n && server[n - 1] == '/')
			n--;
		if (buf_read_file(&data, argv[i]) < 0) {
			ui_error("%s", err_msg());
			r = EXIT_PARTIAL;
			goto next;
		}
		kind = upload_sniff(data.ptr, data.len, argv[i]);
		if (kind == UPLOAD_UNKNOWN) {
			ui_error("'%s' is not an assessment, SBOM, scan result or bundle",
			         ui_safe(argv[i]));
			r = EXIT_PARTIAL;
			goto next;
		}
		if (kind == UPLOAD_BUNDLE) {
			buf_addf(&url, "%.*s/api/v1/bundles", (int)n, server);
			r = post(url.ptr, token, cacert, "application/octet-stream", &data,
			         argv[i]);
			goto next;
		}
		upload_subject(&name, &version, data.ptr, data.len);
		if (product) {
			free(name);
			name = xstrdup(product);
		}
		if (release) {
			free(version);
			version = xstrdup(release);
		}
		if (!name || !version) {
			ui_error("'%s' (%s) does not name its %s: give --product and --release",
			         ui_safe(argv[i]), upload_kind_name(kind),
			         !name ? "product" : "release version");
			r = EXIT_PARTIAL;
			goto next;
		}
		buf_addf(&url, "%.*s/api/v1/products/%s/releases/%s/%s", (int)n, server, name,
		         version, upload_kind_name(kind));
		r = post(url.ptr, token, cacert, "application/json", &data, argv[i]);
	next:
		/* the worst outcome decides: could not run > rejected > partial */
		if (r == EXIT_FAIL || (r == EXIT_NEGATIVE && worst != EXIT_FAIL) ||
		    (r == EXIT_PARTIAL && worst == EXIT_OK))
			worst = r;
		free(name);
		free(version);
		buf_release(&data);
		buf_release(&url);
	}
	code = worst;
	curl_global_cleanup();
out:
	if (own_token)
		xfree_secret(own_token, strlen(own_token));
	return code;
}
