/*
 * db.c: `vouch db import|update|stats`, the offline OSV database.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/vulndb/db.h"
#include "core/vulndb/update.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/json.h"

#include <unistd.h>

static int db_path(struct buf *out, const char *opt)
{
	if (opt)
		return buf_adds(out, opt);
	return vulndb_default_path(out);
}

static void report_invalid(const char *source, const char *why, void *payload)
{
	size_t n = strlen(source);

	(void)payload;
	/* Parser messages already start with the source name ("f.yaml:3:1: ..."). */
	if (!strncmp(why, source, n) && why[n] == ':')
		ui_error("%s", why);
	else
		ui_error("%s: %s", source, why);
}

/* A GIT range left out of an advisory that was imported: a note, not an error. */
static void report_note(const char *source, const char *what, void *payload)
{
	(void)payload;
	ui_warn("%s: %s", source, what);
}

static int db_import(int argc, char **argv)
{
	const char *dbopt = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "db", &dbopt, "FILE",
		           "the database (default $VOUCH_DB or the cache)"),
		OPT_END(),
	};
	const struct opt_usage usage = {
		"vouch db import",
		"[--db FILE] SOURCE...",
		"Imports OSV advisories from .json and .yaml files, folders (recursively) and\n"
		"osv.dev's .zip archives, in one transaction. A newer 'modified' replaces an\n"
		"advisory already there; invalid advisories are named on stderr (exit 3).\n"
		"Ranges of type GIT that break the OSV schema are left out with a warning\n"
		"(vouch never matches commits) and the rest of their advisory is imported.",
	};
	struct buf path = BUF_INIT;
	struct vulndb *db = NULL;
	struct vulndb_import imp = VULNDB_IMPORT_INIT;
	bool existed = false;
	size_t total = 0;
	int r, code = EXIT_OK;

	r = opt_parse(&argc, &argv, opts, &usage);
	if (r != OPT_OK)
		return r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc < 1) {
		opt_usage_error(&usage, "no SOURCE given");
		return EXIT_USAGE;
	}
	if (db_path(&path, dbopt) < 0) {
		code = ui_error_last();
		goto done;
	}
	existed = fs_exists(path.ptr);
	if (vulndb_open(&db, path.ptr, VULNDB_CREATE) < 0) {
		code = ui_error_last();
		goto done;
	}
	imp.db = db;
	imp.on_invalid = report_invalid;
	imp.on_note = report_note;
	if (vulndb_begin(db) < 0) {
		code = ui_error_last();
		goto done;
	}
	for (int i = 0; i < argc; i++) {
		size_t before = imp.inserted + imp.replaced + imp.unchanged + imp.eol_products;

		ui_progress("importing %s", argv[i]);
		r = vulndb_import_path(&imp, argv[i]);
		if (r < 0 && (r == ERR_IO && err_msg()[0] && strstr(err_msg(), "database '"))) {
			/* the database itself failed: nothing of this run is kept */
			code = ui_error_last();
			vulndb_rollback(db);
			goto done;
		}
		if (r < 0) {
			ui_error_last();
			code = EXIT_PARTIAL;
		} else if (imp.inserted + imp.replaced + imp.unchanged + imp.eol_products ==
		           before) {
			ui_progress_done();
			ui_error("'%s': no OSV advisory read", argv[i]);
			code = EXIT_PARTIAL;
		}
	}
	ui_progress_done();
	total = imp.inserted + imp.replaced + imp.unchanged;
	if (!total && !imp.eol_products) {
		/* nothing read: no database made of nothing, and nothing recorded in one */
		vulndb_rollback(db);
		ui_error("nothing imported: %s",
		         existed ? "the database was not changed" : "no database created");
		code = EXIT_FAIL;
		goto done;
	}
	if (vulndb_commit(db) < 0) {
		code = ui_error_last();
		vulndb_rollback(db);
		goto done;
	}
	printf("%zu advisories read from %zu files: %zu new, %zu replaced by a newer version, "
	       "%zu unchanged, %zu invalid",
	       total, imp.files, imp.inserted, imp.replaced, imp.unchanged, imp.invalid);
	if (imp.trimmed)
		printf(" (%zu imported without GIT ranges that break the schema)", imp.trimmed);
	printf("\n");
	if (imp.eol_products)
		printf("%zu end-of-life products (endoflife.date) imported\n", imp.eol_products);
	if (imp.invalid)
		code = EXIT_PARTIAL;
done:
	vulndb_close(db);
	if (!existed && !total && !imp.eol_products && path.len) {
		struct buf j = BUF_INIT;

		unlink(path.ptr);
		buf_addf(&j, "%s-journal", path.ptr);
		unlink(j.ptr);
		buf_release(&j);
	}
	buf_release(&path);
	return code == EXIT_OK && imp.invalid ? EXIT_PARTIAL : code;
}

static void age_text(const char *ts, struct buf *out)
{
	int64_t d = vulndb_days_since(ts);

	if (d < 0)
		buf_adds(out, "unknown");
	else
		buf_addf(out, "%s (%" PRId64 " day%s ago)", ts, d, d == 1 ? "" : "s");
}

static int db_stats(int argc, char **argv)
{
	const char *dbopt = NULL, *format = "text";
	static const char *const formats[] = { "text", "json", NULL };
	const struct opt_spec opts[] = {
		OPT_STRING(0, "db", &dbopt, "FILE",
		           "the database (default $VOUCH_DB or the cache)"),
		OPT_CHOICE(0, "format", &format, "FORMAT", formats, "text (default) or json"),
		OPT_END(),
	};
	const struct opt_usage usage = {
		"vouch db stats",
		"[--db FILE] [--format text|json]",
		"Describes the database: advisories per ecosystem, its age and its sources.",
	};
	struct buf path = BUF_INIT, out = BUF_INIT, tmp = BUF_INIT;
	struct vulndb *db = NULL;
	struct vulndb_stats st = { 0 };
	int r, code = EXIT_OK;

	r = opt_parse(&argc, &argv, opts, &usage);
	if (r != OPT_OK)
		return r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc > 0) {
		opt_usage_error(&usage, "unexpected argument '%s'", argv[0]);
		return EXIT_USAGE;
	}
	if (db_path(&path, dbopt) < 0 || vulndb_open(&db, path.ptr, VULNDB_READONLY) < 0 ||
	    vulndb_stats(&st, db) < 0) {
		code = ui_error_last();
		if (code == EXIT_PARTIAL)
			code = EXIT_FAIL;
		goto done;
	}
	if (!strcmp(format, "json")) {
		struct jw w;

		jw_init(&w, &out, true);
		jw_obj_begin(&w);
		jw_kstr(&w, "path", path.ptr);
		jw_kstr(&w, "created", st.created);
		jw_kstr(&w, "updated", st.updated);
		jw_kint(&w, "age_days", st.updated ? vulndb_days_since(st.updated) : -1);
		if (st.newest_modified)
			jw_kstr(&w, "newest_modified", st.newest_modified);
		else {
			jw_key(&w, "newest_modified");
			jw_null(&w);
		}
		jw_kint(&w, "advisories", (int64_t)st.advisories);
		jw_kint(&w, "withdrawn", (int64_t)st.withdrawn);
		jw_kint(&w, "affected", (int64_t)st.affected);
		jw_kint(&w, "aliases", (int64_t)st.aliases);
		jw_key(&w, "ecosystems");
		jw_obj_begin(&w);
		for (size_t i = 0; i < st.necosystems; i++)
			jw_kint(&w, st.ecosystems[i].name, (int64_t)st.ecosystems[i].n);
		jw_obj_end(&w);
		jw_key(&w, "sources");
		jw_arr_begin(&w);
		for (size_t i = 0; i < st.nsources; i++) {
			jw_obj_begin(&w);
			jw_kstr(&w, "name", st.sources[i].name);
			jw_kstr(&w, "imported", st.sources[i].imported);
			jw_kint(&w, "advisories", (int64_t)st.sources[i].advisories);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_obj_end(&w);
		if (jw_finish(&w) < 0) {
			code = ui_error_last();
			goto done;
		}
	} else {
		buf_addf(&out, "database:        %s\n", path.ptr);
		buf_addf(&out, "created:         %s\n", st.created ? st.created : "unknown");
		age_text(st.updated, &tmp);
		buf_addf(&out, "updated:         %s\n", tmp.ptr);
		buf_reset(&tmp);
		age_text(st.newest_modified, &tmp);
		buf_addf(&out, "newest advisory: %s\n", tmp.ptr);
		buf_addf(&out, "advisories:      %zu (%zu withdrawn, never matched)\n",
		         st.advisories, st.withdrawn);
		buf_addf(&out, "ecosystems:\n");
		for (size_t i = 0; i < st.necosystems; i++)
			buf_addf(&out, "  %-24s %8zu\n", ui_safe(st.ecosystems[i].name),
			         st.ecosystems[i].n);
		buf_addf(&out, "sources:\n");
		for (size_t i = 0; i < st.nsources; i++)
			buf_addf(&out, "  %s (%zu advisories, imported %s)\n",
			         ui_safe(st.sources[i].name), st.sources[i].advisories,
			         ui_safe(st.sources[i].imported));
	}
	fwrite(out.ptr, 1, out.len, stdout);
done:
	vulndb_stats_release(&st);
	vulndb_close(db);
	buf_release(&path);
	buf_release(&out);
	buf_release(&tmp);
	return code;
}

static void update_progress(const char *url, const char *what, void *payload)
{
	(void)payload;
	ui_progress("%s %s", what, url);
}

static void update_failed(const char *url, const char *why, void *payload)
{
	(void)url;
	(void)payload;
	ui_progress_done();
	ui_error("%s", why);
}

static int db_update(int argc, char **argv)
{
	const char *dbopt = NULL, *cafile = NULL;
	size_t max_size = (size_t)VULNDB_MAX_DOWNLOAD, timeout = (size_t)VULNDB_TIMEOUT,
	       min_rate = (size_t)VULNDB_LOW_SPEED_LIMIT,
	       min_rate_time = (size_t)VULNDB_LOW_SPEED_TIME;
	struct strlist sources = STRLIST_INIT, ecos = STRLIST_INIT;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "db", &dbopt, "FILE",
		           "the database (default $VOUCH_DB or the cache)"),
		OPT_LIST(0, "source", &sources, "URL",
		         "an OSV .zip archive to download (repeatable)"),
		OPT_LIST(0, "ecosystem", &ecos, "NAME",
		         "download osv.dev's archive of this ecosystem (repeatable)"),
		OPT_SIZE(0, "timeout", &timeout, "SECONDS", 7 * 86400,
		         "time limit for each archive's whole transfer (default 3600)"),
		OPT_SIZE(0, "min-rate", &min_rate, "BYTES", (size_t)1 << 30,
		         "drop a transfer slower than this many bytes a second ... (default 1024)"),
		OPT_SIZE(0, "min-rate-time", &min_rate_time, "SECONDS", 86400,
		         "... for this many seconds (default 60)"),
		OPT_SIZE(0, "max-size", &max_size, "BYTES", (size_t)VULNDB_MAX_DOWNLOAD,
		         "size cap of one archive, resumed bytes included (default 4 GiB)"),
		OPT_STRING(0, "cacert", &cafile, "FILE",
		           "trust the CA certificates in FILE instead of the system's"),
		OPT_END(),
	};
	const struct opt_usage usage = {
		"vouch db update",
		"[--db FILE] [--source URL]... [--ecosystem NAME]... [--timeout SECONDS] "
		"[--min-rate BYTES] [--min-rate-time SECONDS] [--max-size BYTES] [--cacert FILE]",
		"Downloads OSV archives (by default osv.dev's all.zip of each ecosystem already "
		"in\n"
		"the database) with conditional and resumable requests, and brings them into a "
		"copy\n"
		"of the database that replaces it atomically, only when every archive was read "
		"whole.\n"
		"Advisories of other archives and of 'vouch db import' are kept. The only command "
		"that\n"
		"uses the network.",
	};
	struct buf path = BUF_INIT, url = BUF_INIT;
	struct vulndb_update u = { 0 };
	const char **urls = NULL;
	char **have = NULL;
	size_t nurls = 0, nhave = 0;
	int r, code = EXIT_OK;

	r = opt_parse(&argc, &argv, opts, &usage);
	if (r != OPT_OK)
		return r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc > 0) {
		opt_usage_error(&usage, "unexpected argument '%s'", argv[0]);
		code = EXIT_USAGE;
		goto done;
	}
	if (!timeout || !min_rate || !min_rate_time || !max_size) {
		opt_usage_error(&usage, "--timeout, --min-rate, --min-rate-time and --max-size "
		                        "must be above 0");
		code = EXIT_USAGE;
		goto done;
	}
	if (db_path(&path, dbopt) < 0) {
		code = ui_error_last();
		goto done;
	}
	urls = xcalloc(sources.n + ecos.n + 64, sizeof(*urls));
	for (size_t i = 0; i < sources.n; i++)
		urls[nurls++] = xstrdup(sources.v[i]);
	for (size_t i = 0; i < ecos.n; i++) {
		buf_reset(&url);
		vulndb_osv_url(&url, ecos.v[i]);
		urls[nurls++] = buf_detach(&url, NULL);
	}
	if (!nurls) {
		vulndb_ecosystems(&have, &nhave, path.ptr);
		for (size_t i = 0; i < nhave && nurls < 64; i++) {
			buf_reset(&url);
			vulndb_osv_url(&url, have[i]);
			urls[nurls++] = buf_detach(&url, NULL);
		}
	}
	if (!nurls) {
		opt_usage_error(&usage, "the database has no ecosystems yet: name them with "
		                        "--ecosystem or give archives with --source");
		code = EXIT_USAGE;
		goto done;
	}
	u.db_path = path.ptr;
	u.urls = urls;
	u.nurls = nurls;
	u.max_download = (int64_t)max_size;
	u.timeout = (long)timeout;
	u.low_speed_limit = (long)min_rate;
	u.low_speed_time = (long)min_rate_time;
	u.ca_file = cafile;
	u.imp.on_invalid = report_invalid;
	u.imp.on_note = report_note;
	u.on_progress = update_progress;
	u.on_failed = update_failed;
	r = vulndb_update_run(&u);
	ui_progress_done();
	if (r < 0) {
		ui_error("%s", err_msg());
		ui_error("the database in use was not changed");
		code = EXIT_FAIL;
		goto done;
	}
	if (u.failed) {
		/* what was downloaded is not kept: the next update asks for it again */
		ui_error("%zu archive%s not downloaded or not read whole: the database in use was "
		         "not changed",
		         u.failed, u.failed == 1 ? "" : "s");
		code = EXIT_PARTIAL;
		goto done;
	}
	if (!u.rebuilt)
		printf("up to date: %zu archive%s not modified\n", u.not_modified,
		       u.not_modified == 1 ? "" : "s");
	else
		printf("%zu archive%s downloaded (%zu resumed), %zu not modified; %zu advisories "
		       "imported, %zu invalid\n",
		       u.downloaded, u.downloaded == 1 ? "" : "s", u.resumed, u.not_modified,
		       u.imp.inserted + u.imp.replaced, u.imp.invalid);
	if (u.imp.invalid)
		code = EXIT_PARTIAL;
done:
	for (size_t i = 0; i < nurls; i++)
		free((char *)urls[i]);
	free(urls);
	for (size_t i = 0; i < nhave; i++)
		free(have[i]);
	free(have);
	strlist_release(&sources);
	strlist_release(&ecos);
	buf_release(&path);
	buf_release(&url);
	return code;
}

static const struct subcmd verbs[] = {
	{ "import", db_import, "[--db FILE] SOURCE...",
	  "import OSV files, folders and .zip archives" },
	{ "update", db_update, "[--db FILE] [--source URL]... [--ecosystem NAME]... [OPTION]...",
	  "download osv.dev's per-ecosystem archives into the database" },
	{ "stats", db_stats, "[--db FILE] [--format text|json]",
	  "advisories per ecosystem, database age and sources" },
};

int cmd_db(int argc, char **argv)
{
	return cmd_run_sub(argc, argv, "db", verbs, ARRAY_SIZE(verbs));
}
