/*
 * vouch serve: the API and dashboard over a shared store, its tokens and
 * its re-matching. The server is core/serve/server.h; docs/cmd/serve.md and
 * docs/serve-api.md are the manual.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/serve/auth.h"
#include "core/serve/server.h"
#include "core/store/store.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"
#include "util/num.h"

#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>

static const char *db_url;

static const char *default_db(void)
{
	const char *e = getenv("VOUCH_SERVE_DB");

	return e && *e ? e : "sqlite:vouch-serve.db";
}

static int open_store(struct store **st)
{
	if (store_open(st, db_url ? db_url : default_db(), 1) < 0)
		return ui_error_last();
	return EXIT_OK;
}

/* The audit record of a command-line write (the server's own writes are audited in the core). */
static int audit(struct store *st, const char *log_dir, const char *action, const char *subject,
                 const char *detail)
{
	struct serve_config cfg = SERVE_CONFIG_INIT;
	struct serve *s = NULL;
	struct store_conn *c;
	int r;

	cfg.db_url = db_url ? db_url : default_db();
	cfg.audit_log = log_dir;
	cfg.threads = 1;
	if (serve_open(&s, &cfg) < 0)
		return -1;
	c = store_acquire(serve_store(s));
	r = serve_audit(s, c, "command line", action, subject, detail);
	store_give_back(serve_store(s), c);
	serve_stop(s);
	(void)st;
	return r;
}

static int token_create(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch serve token create",
		"--db URL --role viewer|uploader|admin [--product NAME]... [--name TEXT]",
		"Create an API token and print it, last, once: only its hash is stored. An "
		"uploader "
		"writes only to the products named with --product; viewers read, admins do all."
	};
	static const char *const roles[] = { "viewer", "uploader", "admin", NULL };
	const char *role = NULL, *name = NULL, *log_dir = NULL;
	struct strlist products = STRLIST_INIT;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "db", &db_url, "URL", "sqlite:PATH or postgresql://..."),
		OPT_CHOICE(0, "role", &role, "ROLE", roles, "viewer, uploader or admin"),
		OPT_LIST(0, "product", &products, "NAME", "a product an uploader may write to"),
		OPT_STRING(0, "name", &name, "TEXT", "a label shown in lists and the audit log"),
		OPT_STRING(0, "audit-log", &log_dir, "DIR",
		           "the server's audit `vouch log` folder"),
		OPT_END(),
	};
	struct store *st = NULL;
	struct store_conn *c;
	struct buf list = BUF_INIT, detail = BUF_INIT;
	char *token = NULL;
	int64_t id = 0;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (!role) {
		opt_usage_error(&u, "--role is required");
		code = EXIT_USAGE;
		goto done;
	}
	if (argc) {
		opt_usage_error(&u, "unexpected argument '%s'", argv[0]);
		code = EXIT_USAGE;
		goto done;
	}
	if (products.n && strcmp(role, "uploader")) {
		opt_usage_error(&u, "--product applies to uploaders only");
		code = EXIT_USAGE;
		goto done;
	}
	if (!products.n && !strcmp(role, "uploader")) {
		opt_usage_error(&u, "an uploader needs at least one --product");
		code = EXIT_USAGE;
		goto done;
	}
	for (size_t i = 0; i < products.n; i++) {
		if (!*products.v[i] || strchr(products.v[i], ',')) {
			opt_usage_error(&u, "bad product name '%s'", products.v[i]);
			code = EXIT_USAGE;
			goto done;
		}
		buf_addf(&list, "%s%s", i ? "," : "", products.v[i]);
	}
	if ((code = open_store(&st)) != EXIT_OK)
		goto done;
	c = store_acquire(st);
	if (auth_token_create(&token, &id, c, auth_role_parse(role), list.len ? list.ptr : NULL,
	                      name) < 0) {
		store_give_back(st, c);
		code = ui_error_last();
		goto done;
	}
	store_give_back(st, c);
	buf_addf(&detail, "token %" PRId64 " role %s%s%s", id, role, list.len ? " products " : "",
	         list.ptr);
	if (audit(st, log_dir, "token-create", name ? name : "token", detail.ptr) < 0) {
		ui_error("token %" PRId64 " created but not audited: %s", id, err_msg());
		code = EXIT_FAIL;
		goto done;
	}
	if (!vouch_quiet)
		fprintf(stderr, "token %" PRId64 " (%s%s%s): shown once, store it now\n", id, role,
		        list.len ? " of " : "", list.ptr);
	printf("%s\n", token);
	code = EXIT_OK;
done:
	if (token)
		xfree_secret(token, strlen(token));
	store_close(st);
	strlist_release(&products);
	buf_release(&list);
	buf_release(&detail);
	return code;
}

static int token_list(int argc, char **argv)
{
	static const struct opt_usage u = { "vouch serve token list",
		                            "--db URL [--format text|json]",
		                            "List the tokens (never their values)." };
	static const char *const formats[] = { "text", "json", NULL };
	const char *format = "text";
	const struct opt_spec opts[] = {
		OPT_STRING(0, "db", &db_url, "URL", "sqlite:PATH or postgresql://..."),
		OPT_CHOICE(0, "format", &format, "FORMAT", formats, "text (default) or json"),
		OPT_END(),
	};
	struct store *st = NULL;
	struct store_conn *c;
	struct store_rows rows = STORE_ROWS_INIT;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if ((code = open_store(&st)) != EXIT_OK)
		return code;
	c = store_acquire(st);
	if (auth_token_list(&rows, c) < 0) {
		code = ui_error_last();
	} else if (!strcmp(format, "json")) {
		struct buf out = BUF_INIT;
		struct jw w;

		jw_init(&w, &out, true);
		jw_arr_begin(&w);
		for (size_t i = 0; i < rows.nrows; i++) {
			jw_obj_begin(&w);
			for (size_t j = 0; j < rows.ncols; j++) {
				jw_key(&w, rows.names[j]);
				if (j == 0)
					jw_int(&w, store_cell_i64(&rows, i, j, 0));
				else if (store_cell(&rows, i, j))
					jw_str(&w, store_cell(&rows, i, j));
				else
					jw_null(&w);
			}
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_finish(&w);
		fwrite(out.ptr, 1, out.len, stdout);
		buf_release(&out);
	} else {
		for (size_t i = 0; i < rows.nrows; i++) {
			const char *pr = store_cell(&rows, i, 2), *nm = store_cell(&rows, i, 3),
			           *rv = store_cell(&rows, i, 5);

			printf("%s\t%s\t%s\t%s\t%s\t%s\n", store_cell(&rows, i, 0),
			       store_cell(&rows, i, 1), pr ? pr : "-", ui_safe(nm ? nm : "-"),
			       store_cell(&rows, i, 4), rv ? rv : "live");
		}
	}
	store_give_back(st, c);
	store_rows_release(&rows);
	store_close(st);
	return code;
}

static int token_revoke(int argc, char **argv)
{
	static const struct opt_usage u = { "vouch serve token revoke",
		                            "--db URL [--audit-log DIR] ID...",
		                            "Revoke tokens by id; their sessions end too." };
	const char *log_dir = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "db", &db_url, "URL", "sqlite:PATH or postgresql://..."),
		OPT_STRING(0, "audit-log", &log_dir, "DIR",
		           "the server's audit `vouch log` folder"),
		OPT_END(),
	};
	struct store *st = NULL;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc < 1) {
		opt_usage_error(&u, "no token ID");
		return EXIT_USAGE;
	}
	if ((code = open_store(&st)) != EXIT_OK)
		return code;
	for (int i = 0; i < argc; i++) {
		uint64_t id;
		struct store_conn *c;
		int r;

		if (num_parse_u64(&id, argv[i], strlen(argv[i]), INT64_MAX, 0) < 0) {
			ui_error("not a token id: '%s'", ui_safe(argv[i]));
			code = EXIT_USAGE;
			continue;
		}
		c = store_acquire(st);
		r = auth_token_revoke(c, (int64_t)id);
		store_give_back(st, c);
		if (r == ERR_NOTFOUND) {
			ui_error("%s", err_msg());
			if (code == EXIT_OK)
				code = EXIT_NEGATIVE;
		} else if (r < 0 || audit(st, log_dir, "token-revoke", argv[i], NULL) < 0) {
			code = ui_error_last();
		} else if (!vouch_quiet) {
			fprintf(stderr, "token %s revoked\n", argv[i]);
		}
	}
	store_close(st);
	return code;
}

static const struct subcmd token_verbs[] = {
	{ "create", token_create, "--db URL --role ROLE [--product NAME]...", "create a token" },
	{ "list", token_list, "--db URL [--format text|json]", "list tokens" },
	{ "revoke", token_revoke, "--db URL ID...", "revoke tokens" },
};

static int cmd_token(int argc, char **argv)
{
	return cmd_run_sub(argc, argv, "serve token", token_verbs, ARRAY_SIZE(token_verbs));
}

/* Options shared by the server and `serve rematch`. */
static struct serve_config cfg = SERVE_CONFIG_INIT;

/* The re-match a signal stops between batches, so that its claim is recorded as given up. */
static struct serve *rematching;

static void stop_rematch(int sig)
{
	(void)sig;
	if (rematching)
		serve_halt(rematching);
}

static int rematch(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch serve rematch",
		"--db URL --vulns FILE [--webhook URL [--webhook-level LEVEL]]",
		"Match every stored SBOM again against the vulnerability database (run it after "
		"`vouch db update`): new findings are recorded with the time first seen, findings "
		"no longer present get their fix time. Exit 1 when there are new findings."
	};
	static const char *const levels[] = { "low", "medium", "high", "critical", NULL };
	const char *log_dir = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "db", &db_url, "URL", "sqlite:PATH or postgresql://..."),
		OPT_STRING(0, "vulns", &cfg.vulndb, "FILE",
		           "the vulnerability database (vouch db)"),
		OPT_STRING(0, "webhook", &cfg.webhook, "URL", "POST new findings there as JSON"),
		OPT_CHOICE(0, "webhook-level", &cfg.webhook_level, "LEVEL", levels,
		           "lowest severity sent to the webhook (default high)"),
		OPT_STRING(0, "audit-log", &log_dir, "DIR",
		           "the server's audit `vouch log` folder"),
		OPT_END(),
	};
	struct serve *s = NULL;
	size_t rel, added, fixed;
	int code, r;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (!cfg.vulndb) {
		opt_usage_error(&u, "--vulns FILE is required");
		return EXIT_USAGE;
	}
	cfg.db_url = db_url ? db_url : default_db();
	cfg.audit_log = log_dir;
	cfg.threads = 1;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (serve_open(&s, &cfg) < 0)
		return ui_error_last();
	rematching = s;
	signal(SIGINT, stop_rematch);
	signal(SIGTERM, stop_rematch);
	r = serve_rematch(s, "command line", &rel, &added, &fixed);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	rematching = NULL;
	if (r < 0) {
		code = ui_error_last();
		goto done;
	}
	printf("%zu releases matched: %zu new findings, %zu fixed\n", rel, added, fixed);
	code = added ? EXIT_NEGATIVE : EXIT_OK;
done:
	serve_stop(s);
	return code;
}

static int audit_cmd(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch serve audit",
		"export --db URL --log DIR\nverify --db URL [--log DIR] [--format text|json]",
		"The audit chain every server on the database appends to. export appends the "
		"records the `vouch log` folder DIR does not have yet (sign a checkpoint of it "
		"with `vouch log checkpoint`); verify recomputes the chain, and with --log checks "
		"that the log holds the same records. Exit 1 when the chain or the log disagree."
	};
	static const char *const formats[] = { "text", "json", NULL };
	const char *log_dir = NULL, *format = "text";
	const struct opt_spec opts[] = {
		OPT_STRING(0, "db", &db_url, "URL", "sqlite:PATH or postgresql://..."),
		OPT_STRING(0, "log", &log_dir, "DIR",
		           "the organisation's audit `vouch log` folder"),
		OPT_CHOICE(0, "format", &format, "FORMAT", formats, "text (default) or json"),
		OPT_END(),
	};
	struct audit_check ck;
	struct store *st = NULL;
	struct store_conn *c;
	const char *verb = argc > 1 ? argv[1] : "";
	size_t added = 0;
	bool export;
	int code, r;

	if (strcmp(verb, "export") && strcmp(verb, "verify")) {
		if (argc > 1 && (!strcmp(verb, "--help") || !strcmp(verb, "-h"))) {
			opt_parse(&argc, &argv, opts, &u);
			return EXIT_OK;
		}
		opt_usage_error(&u, "audit needs export or verify");
		return EXIT_USAGE;
	}
	export = !strcmp(verb, "export");
	argc--;
	argv++;
	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc) {
		opt_usage_error(&u, "unexpected argument '%s'", argv[0]);
		return EXIT_USAGE;
	}
	if (export && !log_dir) {
		opt_usage_error(&u, "export needs --log DIR");
		return EXIT_USAGE;
	}
	if ((code = open_store(&st)) != EXIT_OK)
		return code;
	c = store_acquire(st);
	r = export ? serve_audit_export(&ck, &added, c, log_dir)
	           : serve_audit_verify(&ck, c, log_dir);
	store_give_back(st, c);
	store_close(st);
	if (r < 0)
		return ui_error_last();
	if (!strcmp(format, "json")) {
		struct buf out = BUF_INIT;
		struct jw w;

		jw_init(&w, &out, true);
		jw_obj_begin(&w);
		jw_kbool(&w, "ok", ck.bad < 0);
		jw_kint(&w, "records", ck.records);
		jw_kstr(&w, "head", ck.head);
		if (log_dir)
			jw_kint(&w, "log_entries", (int64_t)ck.log_size);
		if (export)
			jw_kint(&w, "appended", (int64_t)added);
		if (ck.bad >= 0) {
			jw_kint(&w, "first_bad", ck.bad);
			jw_kstr(&w, "problem", ck.why);
		}
		jw_obj_end(&w);
		jw_finish(&w);
		fwrite(out.ptr, 1, out.len, stdout);
		buf_release(&out);
	} else if (ck.bad >= 0) {
		printf("audit chain broken: %s\n", ck.why);
	} else {
		printf("audit chain ok: %" PRId64 " records, head %s", ck.records,
		       *ck.head ? ck.head : "(none)");
		if (log_dir)
			printf("; log '%s' has %" PRIu64 " entries", log_dir, ck.log_size);
		if (export)
			printf(" (%zu appended)", added);
		printf("\n");
	}
	return ck.bad >= 0 ? EXIT_NEGATIVE : EXIT_OK;
}

/* A failure in a server's background work (the deadline webhook): said, and the server goes on. */
static void serve_warn(const char *msg)
{
	ui_warn("%s", msg);
}

static int run_server(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch serve",
		"[--listen ADDR:PORT] [--db sqlite:PATH|postgresql://...] "
		"[--tls-cert FILE --tls-key FILE]\n"
		"[--audit-log DIR] [--vulns FILE [--watch SECONDS]]\n"
		"[--max-body SIZE] [--threads N] [--rate N]\n"
		"token create|list|revoke ...\nrematch --vulns FILE ...\naudit export|verify ...",
		"Serve the API (/api/v1/) and the dashboard over SQLite or PostgreSQL until SIGINT "
		"or SIGTERM. Several servers may share one PostgreSQL database."
	};
	static const char *const levels[] = { "low", "medium", "high", "critical", NULL };
	const char *port_file = NULL;
	size_t threads = 4, rate = 20, burst = 100, fix_days = 0, max_body = cfg.max_body;
	size_t deadline_check = 3600;
	struct strlist fix_targets = STRLIST_INIT;
	size_t watch = 30;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "listen", &cfg.listen, "ADDR:PORT",
		           "default 127.0.0.1:8080; port 0 picks one"),
		OPT_STRING(0, "db", &db_url, "URL",
		           "sqlite:PATH (default sqlite:vouch-serve.db) or "
		           "postgresql://..."),
		OPT_STRING(0, "tls-cert", &cfg.tls_cert, "FILE",
		           "PEM certificate (chain): serve HTTPS"),
		OPT_STRING(0, "tls-key", &cfg.tls_key, "FILE", "PEM private key"),
		OPT_STRING(0, "audit-log", &cfg.audit_log, "DIR",
		           "append every write to this `vouch log` folder"),
		OPT_STRING(0, "vulns", &cfg.vulndb, "FILE",
		           "vulnerability database: re-match every stored SBOM when it is "
		           "updated"),
		OPT_SIZE(0, "watch", &watch, "SECONDS", 86400,
		         "how often to check --vulns for an update, 0 = never (default 30)"),
		OPT_STRING(0, "bundle-key", &cfg.bundle_key, "FILE",
		           "the vendor's minisign public key: uploaded bundles must verify "
		           "against it"),
		OPT_STRING(0, "webhook", &cfg.webhook, "URL", "POST new findings there as JSON"),
		OPT_CHOICE(0, "webhook-level", &cfg.webhook_level, "LEVEL", levels,
		           "lowest severity sent to the webhook (default high)"),
		OPT_SIZE(0, "max-body", &max_body, "BYTES", (size_t)1 << 30,
		         "largest request body (default 32 MiB)"),
		OPT_SIZE(0, "threads", &threads, "N", 64, "worker threads (default 4)"),
		OPT_SIZE(0, "rate", &rate, "N", 1000000,
		         "requests per second per token, 0 = no limit (default 20)"),
		OPT_SIZE(0, "burst", &burst, "N", 1000000,
		         "requests a token may make at once (default 100)"),
		OPT_SIZE(0, "fix-days", &fix_days, "N", 3650,
		         "days within which any open finding should be fixed (default: by "
		         "severity, critical 7, high 30, medium 90, low 180, unknown 90)"),
		OPT_LIST(0, "fix-target", &fix_targets, "SEVERITY=DAYS",
		         "the fix target of one severity (critical, high, medium, low, unknown)"),
		OPT_SIZE(0, "deadline-check", &deadline_check, "SECONDS", 86400,
		         "how often deadlines due are sent to the webhook (default 3600)"),
		OPT_STRING(0, "port-file", &port_file, "FILE", "write the port bound to FILE"),
		OPT_END(),
	};
	struct serve *s = NULL;
	sigset_t set;
	int code, sig = 0;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc) {
		opt_usage_error(&u, "unexpected argument '%s'", argv[0]);
		return EXIT_USAGE;
	}
	if (!max_body || !threads) {
		opt_usage_error(&u, "--max-body and --threads must be above 0");
		return EXIT_USAGE;
	}
	cfg.db_url = db_url ? db_url : default_db();
	cfg.threads = threads;
	cfg.rate = (unsigned)rate;
	cfg.burst = (unsigned)burst;
	cfg.fix_days = (unsigned)fix_days;
	cfg.max_body = max_body;
	cfg.deadline_check = deadline_check ? (unsigned)deadline_check : 1;
	cfg.warn = serve_warn;
	for (size_t i = 0; i < fix_targets.n; i++) {
		const char *t = fix_targets.v[i], *eq = strchr(t, '=');
		uint64_t days = 0;
		size_t k = SERVE_NSEV;

		for (size_t j = 0; eq && j < SERVE_NSEV; j++)
			if (strlen(serve_severity_name(j)) == (size_t)(eq - t) &&
			    !strncmp(t, serve_severity_name(j), (size_t)(eq - t)))
				k = j;
		if (k == SERVE_NSEV || num_parse_u64(&days, eq + 1, strlen(eq + 1), 3650, 0) < 0 ||
		    !days) {
			opt_usage_error(&u,
			                "--fix-target '%s' is not SEVERITY=DAYS (critical, high, "
			                "medium, low or unknown; 1 to 3650 days)",
			                t);
			strlist_release(&fix_targets);
			return EXIT_USAGE;
		}
		cfg.fix_target[k] = (unsigned)days;
	}
	strlist_release(&fix_targets);
	cfg.watch = (unsigned)watch;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	/* the worker threads inherit this mask: only sigwait below sees the signals */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (serve_start(&s, &cfg) < 0)
		return ui_error_last();
	if (port_file) {
		FILE *f = fopen(port_file, "w");

		if (!f || fprintf(f, "%u\n", serve_port(s)) < 0 || fclose(f) != 0) {
			ui_error("cannot write '%s'", port_file);
			serve_stop(s);
			return EXIT_FAIL;
		}
	}
	if (!vouch_quiet)
		fprintf(stderr, "vouch serve: %s://%s (port %u), %s store at schema %d\n",
		        cfg.tls_cert ? "https" : "http", cfg.listen, serve_port(s),
		        store_kind_name(serve_store(s)), store_schema_version(serve_store(s)));
	sigwait(&set, &sig);
	serve_stop(s);
	return EXIT_OK;
}

int cmd_serve(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "token"))
		return cmd_token(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "rematch"))
		return rematch(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "audit"))
		return audit_cmd(argc - 1, argv + 1);
	return run_server(argc, argv);
}
