/*
 * securitytxt.c: `vouch securitytxt generate|check`: RFC 9116 security.txt.
 *
 * generate writes the file from vouch.toml's [disclosure] table; check judges
 * files or URLs with the parser of src/core/disclose/securitytxt.c (the one
 * the assessment's disclosure collector uses), the location rules when the
 * file's URL is known, and the OpenPGP cleartext signature through GPGME.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/disclose/fetch.h"
#include "core/disclose/securitytxt.h"
#include "core/integrity/openpgp.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/json.h"
#include "util/num.h"
#include "util/toml.h"

#include <strings.h>

#define FETCH_MAX ((size_t)32 << 10) /* a security.txt is a few hundred bytes */

static const char *const check_formats[] = { "text", "json", NULL };

static bool is_url(const char *s)
{
	return !strncasecmp(s, "https://", 8) || !strncasecmp(s, "http://", 7);
}

static void verify_signature(struct securitytxt *s, const struct buf *data)
{
	struct buf signer = BUF_INIT, msg = BUF_INIT;
	int r = openpgp_verify_cleartext(&signer, data->ptr, data->len);

	if (r == 0)
		buf_addf(&msg, "OpenPGP signature good: signed by %s", signer.ptr);
	else
		buf_addf(&msg, "OpenPGP signature: %s", err_msg());
	securitytxt_pgp_verdict(s, r < 0 && r != ERR_NOTFOUND, msg.ptr);
	buf_release(&signer);
	buf_release(&msg);
}

static int check_one(const char *what, const char *location, long timeout, int64_t now, bool json,
                     struct buf *out, bool *first)
{
	struct fetch_result f = FETCH_RESULT_INIT;
	struct securitytxt s = SECURITYTXT_INIT;
	struct buf data = BUF_INIT_MAX(SECURITYTXT_MAX_SIZE);
	const struct buf *body = &data;
	const char *where = location;
	size_t nerr = 0, nwarn = 0;
	int r;

	if (is_url(what)) {
		if ((r = fetch_small(&f, what, FETCH_MAX, timeout, 3)) < 0) {
			ui_error("%s", err_msg());
			goto done;
		}
		body = &f.body;
		where = f.final_url ? f.final_url : what;
	} else if ((r = buf_read_file(&data, what)) < 0) {
		ui_error("cannot check '%s': %s", what, err_msg());
		goto done;
	}
	if ((r = securitytxt_parse(&s, body->ptr, body->len, what, now)) < 0) {
		ui_error("%s", err_msg());
		goto done;
	}
	if (where)
		securitytxt_check_location(&s, where);
	if (f.content_type && strncasecmp(f.content_type, "text/plain", 10)) {
		struct buf m = BUF_INIT;
		buf_addf(&m, "served as '%s', not text/plain (RFC 9116 section 3)", f.content_type);
		securitytxt_note(&s, true, m.ptr);
		buf_release(&m);
	} else if (f.content_type && !strcasestr(f.content_type, "charset=utf-8"))
		securitytxt_note(&s, false, "served without charset=utf-8 (RFC 9116 section 3)");
	if (s.signed_pgp && s.pgp_note)
		verify_signature(&s, body);
	for (size_t i = 0; i < s.nproblems; i++) {
		if (s.problems[i].error)
			nerr++;
		else
			nwarn++;
	}
	if (json) {
		struct jw w;
		jw_init(&w, out, false);
		if (!*first)
			buf_adds(out, ",\n");
		*first = false;
		jw_obj_begin(&w);
		jw_kstr(&w, "file", what);
		if (where)
			jw_kstr(&w, "location", where);
		jw_kbool(&w, "valid", nerr == 0);
		if (s.has_expires)
			jw_kstr(&w, "expires", s.expires_text);
		jw_key(&w, "problems");
		jw_arr_begin(&w);
		for (size_t i = 0; i < s.nproblems; i++) {
			jw_obj_begin(&w);
			jw_kint(&w, "line", (int64_t)s.problems[i].line);
			jw_kstr(&w, "level", s.problems[i].error ? "error" : "warning");
			jw_kstr(&w, "message", s.problems[i].msg);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_obj_end(&w);
	} else {
		for (size_t i = 0; i < s.nproblems; i++) {
			if (s.problems[i].line)
				buf_addf(out, "%s:%zu: ", what, s.problems[i].line);
			else
				buf_addf(out, "%s: ", what);
			buf_addf(out, "%s: %s\n", s.problems[i].error ? "error" : "warning",
			         s.problems[i].msg);
		}
		if (!nerr)
			buf_addf(out, "%s: ok%s\n", what, nwarn ? " (with warnings)" : "");
	}
	r = nerr ? 1 : 0;
done:
	securitytxt_release(&s);
	fetch_result_release(&f);
	buf_release(&data);
	return r;
}

static int securitytxt_check(int argc, char **argv)
{
	const char *location = NULL, *format = "text";
	size_t timeout = 10;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "location", &location, "URL",
		           "where the FILE is served: Canonical must list it"),
		OPT_SIZE(0, "timeout", &timeout, "SECONDS", 300,
		         "limit of each fetch (default 10)"),
		OPT_CHOICE(0, "format", &format, "FORMAT", check_formats, "text (default) or json"),
		OPT_END(),
	};
	static const struct opt_usage u = {
		"vouch securitytxt check",
		"[--location URL] [--timeout SECONDS] [--format text|json] FILE|URL...",
		"Checks each security.txt against RFC 9116: Contact and Expires, fields that may\n"
		"appear once, Expires in the future and within a year, https URIs, language tags,\n"
		"the location (https, /.well-known/, Canonical) and the OpenPGP signature.\n"
		"URLs are fetched with TLS verification, at most 32 KiB and 3 redirects.",
	};
	struct buf out = BUF_INIT_MAX((size_t)64 << 20);
	bool json, first = true;
	int code, bad = 0, unread = 0;
	int64_t now;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (!argc) {
		opt_usage_error(&u, "no security.txt given");
		return EXIT_USAGE;
	}
	if (location && argc > 1) {
		opt_usage_error(&u, "--location names the place of one FILE");
		return EXIT_USAGE;
	}
	for (int i = 0; i < argc; i++)
		if (!is_url(argv[i]) && opt_check_paths(&u, 1, &argv[i]) != OPT_OK)
			return EXIT_USAGE;
	if (!timeout)
		timeout = 1;
	if (epoch_now(&now) < 0)
		return ui_error_last();
	json = !strcmp(format, "json");
	if (json)
		buf_adds(&out, "[\n");
	for (int i = 0; i < argc; i++) {
		int r = check_one(argv[i], is_url(argv[i]) ? NULL : location, (long)timeout, now,
		                  json, &out, &first);
		if (r < 0)
			unread++;
		else if (r > 0)
			bad++;
	}
	if (json)
		buf_adds(&out, "\n]\n");
	fwrite(out.ptr, 1, out.len, stdout);
	buf_release(&out);
	if (bad)
		return EXIT_NEGATIVE;
	return unread ? EXIT_PARTIAL : EXIT_OK;
}

/* A string or an array of strings of [disclosure], each as one field line. */
static int add_field(struct buf *out, const struct toml_value *t, const char *key,
                     const char *field, bool required)
{
	const struct toml_value *v = toml_get(t, key);
	const char *s;

	if (!v) {
		if (required)
			return err_set(ERR_PARSE, "%s: missing '%s' in [disclosure]",
			               t ? t->name : "vouch.toml", key);
		return 0;
	}
	if (v->kind == TOML_ARRAY) {
		for (size_t i = 0; i < toml_array_len(v); i++) {
			if (toml_as_string(&s, toml_array_at(v, i), key) < 0)
				return err_code();
			buf_addf(out, "%s: %s\n", field, s);
		}
		if (required && !toml_array_len(v))
			return err_set(ERR_PARSE, "%s:%u: '%s' is empty", v->name,
			               (unsigned)v->line, key);
		return 0;
	}
	if (toml_as_string(&s, v, key) < 0)
		return err_code();
	buf_addf(out, "%s: %s\n", field, s);
	return 0;
}

static int securitytxt_generate(int argc, char **argv)
{
	const char *config = "vouch.toml", *output = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "config", &config, "FILE",
		           "vouch.toml to read (default ./vouch.toml)"),
		OPT_STRING('o', "output", &output, "FILE", "write to FILE instead of stdout"),
		OPT_END(),
	};
	static const struct opt_usage u = {
		"vouch securitytxt generate",
		"[--config FILE] [--output FILE]",
		"Writes a security.txt (RFC 9116) from vouch.toml's [disclosure]: contact,\n"
		"encryption, policy_url, acknowledgments, canonical, preferred_languages; Expires\n"
		"is expires_days ahead (default 365, at most 365). The result is checked as\n"
		"`securitytxt check` would before it is written.",
	};
	struct toml_value *doc = NULL;
	const struct toml_value *d;
	struct securitytxt s = SECURITYTXT_INIT;
	struct buf out = BUF_INIT;
	char exp[EPOCH_RFC3339_LEN];
	int64_t now, days = 365;
	int code, ret = EXIT_FAIL;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc) {
		opt_usage_error(&u, "no operand expected");
		return EXIT_USAGE;
	}
	if (opt_check_paths(&u, 1, (char **)&config) != OPT_OK)
		return EXIT_USAGE;
	if (epoch_now(&now) < 0 || toml_load_file(&doc, config, 0) < 0) {
		ui_error("%s", err_msg());
		goto done;
	}
	d = toml_get(doc, "disclosure");
	if (!d || d->kind != TOML_TABLE) {
		ui_error("%s: no [disclosure] table", config);
		goto done;
	}
	if (toml_get(d, "expires_days") &&
	    (toml_get_int(&days, d, "expires_days") < 0 || days < 1 || days > 365)) {
		ui_error("%s:%u: 'expires_days' must be an integer from 1 to 365", config,
		         (unsigned)toml_get(d, "expires_days")->line);
		goto done;
	}
	/* Expires at the end of a day, days ahead: never more than a year away */
	epoch_rfc3339(exp, (now / 86400 + days) * 86400 - 1);
	buf_addf(&out, "# security.txt (RFC 9116), written by vouch securitytxt generate from %s\n",
	         fs_basename(config));
	if (add_field(&out, d, "contact", "Contact", true) < 0)
		goto bad;
	buf_addf(&out, "Expires: %s\n", exp);
	if (add_field(&out, d, "encryption", "Encryption", false) < 0 ||
	    add_field(&out, d, "acknowledgments", "Acknowledgments", false) < 0 ||
	    add_field(&out, d, "preferred_languages", "Preferred-Languages", false) < 0 ||
	    add_field(&out, d, "canonical", "Canonical", false) < 0 ||
	    add_field(&out, d, "policy_url", "Policy", false) < 0)
		goto bad;
	securitytxt_parse(&s, out.ptr, out.len, "security.txt", now);
	if (!securitytxt_valid(&s)) {
		for (size_t i = 0; i < s.nproblems; i++)
			if (s.problems[i].error)
				ui_error("%s: [disclosure] gives a security.txt that fails RFC "
				         "9116: %s",
				         config, s.problems[i].msg);
		ret = EXIT_NEGATIVE;
		goto done;
	}
	if (output) {
		if (fs_write_atomic(output, out.ptr, out.len, 0644, 0) < 0) {
			ret = ui_error_last();
			goto done;
		}
	} else {
		fwrite(out.ptr, 1, out.len, stdout);
	}
	ret = EXIT_OK;
	goto done;
bad:
	ui_error("%s", err_msg());
done:
	securitytxt_release(&s);
	toml_free(doc);
	buf_release(&out);
	return ret;
}

static const struct subcmd verbs[] = {
	{ "generate", securitytxt_generate, "[--config FILE] [--output FILE]",
	  "write security.txt from vouch.toml's [disclosure]" },
	{ "check", securitytxt_check,
	  "[--location URL] [--timeout SECONDS] [--format text|json] FILE|URL...",
	  "check security.txt files or URLs against RFC 9116" },
};

int cmd_securitytxt(int argc, char **argv)
{
	return cmd_run_sub(argc, argv, "securitytxt", verbs, ARRAY_SIZE(verbs));
}
