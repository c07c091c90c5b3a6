/*
 * advisory.c: `vouch advisory new|check|publish`: vulnerability advisories of the vendor's
 * own product, authored once and published as CSAF 2.0, OSV and OpenVEX.
 *
 * new writes a commented TOML template (stdout, or --output FILE, never overwritten).
 *
 * check prints one line per finding, "FILE: TEST message at /json/pointer"
 * (warnings prefixed "warning: "), and "FILE: ok" for a document without
 * errors; --format json writes one array of per-file results instead. A file
 * that cannot be read or parsed is named on stderr (with the line and column
 * of a JSON error) and the rest are still checked.
 * Exit: 1 when a document fails a test, else 3 when a file could not be read.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "cmd/password.h"
#include "core/disclose/advisory.h"
#include "core/disclose/csaf.h"
#include "core/disclose/provider.h"
#include "core/integrity/minisign.h"
#include "core/integrity/openpgp.h"
#include "core/integrity/tlog.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/json.h"
#include "util/toml.h"

/* CSAF documents are small; 64 MiB is far above any real one and bounds the parse. */
#define CSAF_FILE_MAX ((size_t)64 << 20)

static const char *const formats[] = { "table", "json", NULL };

static void write_json_result(struct jw *w, const char *file, const struct csaf_report *r,
                              const char *error)
{
	jw_obj_begin(w);
	jw_kstr(w, "file", file);
	if (error) {
		jw_kstr(w, "error", error);
	} else {
		jw_kbool(w, "valid", r->nerrors == 0);
		jw_key(w, "findings");
		jw_arr_begin(w);
		for (size_t i = 0; i < r->n; i++) {
			jw_obj_begin(w);
			jw_kstr(w, "test", r->v[i].test);
			jw_kstr(w, "level", r->v[i].warning ? "warning" : "error");
			jw_kstr(w, "path", r->v[i].path);
			jw_kstr(w, "message", r->v[i].msg);
			jw_obj_end(w);
		}
		jw_arr_end(w);
		if (r->truncated)
			jw_kbool(w, "truncated", true);
	}
	jw_obj_end(w);
}

static int advisory_check(int argc, char **argv)
{
	const char *format = "table";
	const struct opt_spec opts[] = {
		OPT_CHOICE(0, "format", &format, "FORMAT", formats, "table (default) or json"),
		OPT_END(),
	};
	static const struct opt_usage u = {
		"vouch advisory check",
		"[--format table|json] FILE...",
		"Runs the CSAF 2.0 mandatory tests (section 6.1) and the structural schema\n"
		"checks on each CSAF document. Exit 1 when a document fails a test.",
	};
	struct buf out = BUF_INIT_MAX((size_t)256 << 20);
	struct jw w;
	int code, failed = 0, unread = 0;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (!argc) {
		opt_usage_error(&u, "no CSAF document given");
		return EXIT_USAGE;
	}
	if (opt_check_paths(&u, argc, argv) != OPT_OK)
		return EXIT_USAGE;
	jw_init(&w, &out, true);
	if (!strcmp(format, "json"))
		jw_arr_begin(&w);
	for (int i = 0; i < argc; i++) {
		struct csaf_report r = CSAF_REPORT_INIT;
		json_t *doc = NULL;

		if (vjson_load_file(&doc, argv[i], CSAF_FILE_MAX) < 0) {
			ui_error("cannot check '%s': %s", argv[i], err_msg());
			unread++;
			if (!strcmp(format, "json"))
				write_json_result(&w, argv[i], NULL, err_msg());
			continue;
		}
		csaf_check(&r, doc);
		if (r.nerrors)
			failed++;
		if (!strcmp(format, "json")) {
			write_json_result(&w, argv[i], &r, NULL);
		} else {
			for (size_t k = 0; k < r.n; k++)
				buf_addf(&out, "%s: %s%s %s at %s\n", argv[i],
				         r.v[k].warning ? "warning: " : "", r.v[k].test, r.v[k].msg,
				         *r.v[k].path ? r.v[k].path : "/");
			if (r.truncated)
				buf_addf(&out, "%s: more than %d findings, the rest not listed\n",
				         argv[i], CSAF_MAX_FINDINGS);
			if (!r.nerrors)
				buf_addf(&out, "%s: ok\n", argv[i]);
		}
		csaf_report_release(&r);
		json_decref(doc);
	}
	if (!strcmp(format, "json")) {
		jw_arr_end(&w);
		if (jw_finish(&w) < 0) {
			buf_release(&out);
			return ui_error_last();
		}
	}
	fwrite(out.ptr, 1, out.len, stdout);
	buf_release(&out);
	if (failed)
		return EXIT_NEGATIVE;
	return unread ? EXIT_PARTIAL : EXIT_OK;
}

static const char template_toml[] =
        "# A security advisory for vouch advisory publish (docs/cmd/advisory.md).\n"
        "# One file per vulnerability; publish writes it as CSAF 2.0, OSV and OpenVEX.\n"
        "\n"
        "id = \"EXAMPLE-2026-001\"  # the advisory's id (the CSAF tracking id)\n"
        "title = \"Path traversal in the export endpoint\"\n"
        "description = \"\"\"\n"
        "A crafted file name lets a user read files outside the export folder.\n"
        "\"\"\"\n"
        "product = \"example\"\n"
        "vendor = \"Example Ltd\"  # default: [publisher] name, then --config's [organisation] "
        "name\n"
        "purl = \"pkg:pypi/example\"  # the product's purl without version (OSV: its ecosystem)\n"
        "# ecosystem = \"PyPI\"  # the OSV ecosystem when the purl type has none (generic, "
        "github)\n"
        "# cve = \"CVE-2026-0001\"\n"
        "cwe = \"CWE-22\"  # cwe_name is needed for ids vouch does not know\n"
        "cvss = \"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N\"  # v3.0, v3.1 or v2\n"
        "\n"
        "# every release, each in one list: the unaffected ones become OpenVEX not_affected\n"
        "affected = [\"1.0.0\", \"1.1.0\"]\n"
        "fixed = [\"1.1.1\"]\n"
        "unaffected = [\"0.9.0\"]\n"
        "# remediation = \"Update to 1.1.1 or later.\"\n"
        "acknowledgements = [\"A. Researcher\"]\n"
        "\n"
        "# the dates behind the time from report to fix and from fix to advisory\n"
        "reported = 2026-01-05\n"
        "fix_released = 2026-01-20\n"
        "published = 2026-01-21\n"
        "\n"
        "[publisher]\n"
        "name = \"Example Ltd\"\n"
        "namespace = \"https://example.com\"\n"
        "# category = \"vendor\"\n";

static int advisory_new(int argc, char **argv)
{
	const char *output = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING('o', "output", &output, "FILE",
		           "write the template to FILE (not overwritten)"),
		OPT_END(),
	};
	static const struct opt_usage u = {
		"vouch advisory new",
		"[--output FILE]",
		"Writes a commented advisory template (TOML) to fill in and publish.",
	};
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc) {
		opt_usage_error(&u, "no operand expected");
		return EXIT_USAGE;
	}
	if (!output) {
		fputs(template_toml, stdout);
		return EXIT_OK;
	}
	if (fs_write_atomic(output, template_toml, sizeof(template_toml) - 1, 0644, FS_NO_CLOBBER) <
	    0)
		return ui_error_last();
	ui_info("wrote '%s'", output);
	return EXIT_OK;
}

/* Options of publish, shared with its helpers. */
struct publish {
	const char *output, *config, *base_url, *sign, *openpgp_key, *log_dir;
	struct minisign_seckey key;
	bool have_key;
	struct buf fpr; /* the OpenPGP key's fingerprint once a signature was made */
	int64_t now;
};

static int write_path(const char *path, const void *data, size_t len)
{
	char *slash = strrchr(path, '/');

	if (slash) {
		char *dir = xstrndup(path, (size_t)(slash - path));
		int r = fs_mkdirs(dir, 0755);
		free(dir);
		if (r < 0)
			return r;
	}
	return fs_write_atomic(path, data, len, 0644, 0);
}

/* FILE, FILE.sha256, FILE.sha512 (sha256sum format), and the signatures asked for. */
static int write_signed(struct publish *p, const char *path, const struct buf *data)
{
	uint8_t h256[SHA256_LEN], h512[SHA512_LEN];
	char hex[2 * SHA512_LEN + 1];
	struct buf side = BUF_INIT, sp = BUF_INIT, sig = BUF_INIT;
	const char *base = fs_basename(path);
	int r;

	if ((r = write_path(path, data->ptr, data->len)) < 0)
		goto done;
	hash_sha256(h256, data->ptr, data->len);
	hex_encode(hex, h256, SHA256_LEN);
	buf_addf(&side, "%s  %s\n", hex, base);
	buf_addf(&sp, "%s.sha256", path);
	if ((r = fs_write_atomic(sp.ptr, side.ptr, side.len, 0644, 0)) < 0)
		goto done;
	hash_sha512(h512, data->ptr, data->len);
	hex_encode(hex, h512, SHA512_LEN);
	buf_reset(&side);
	buf_addf(&side, "%s  %s\n", hex, base);
	buf_reset(&sp);
	buf_addf(&sp, "%s.sha512", path);
	if ((r = fs_write_atomic(sp.ptr, side.ptr, side.len, 0644, 0)) < 0)
		goto done;
	if (p->have_key) {
		if ((r = minisign_sign_buf(&sig, &p->key, data->ptr, data->len, base, NULL, NULL)) <
		            0 ||
		    (r = cmd_write_minisig(path, &sig)) < 0)
			goto done;
	}
	if (p->openpgp_key) {
		buf_reset(&sig);
		buf_reset(&p->fpr);
		if ((r = openpgp_sign_detached(&sig, &p->fpr, p->openpgp_key, data->ptr,
		                               data->len)) < 0)
			goto done;
		buf_reset(&sp);
		buf_addf(&sp, "%s.asc", path);
		if ((r = fs_write_atomic(sp.ptr, sig.ptr, sig.len, 0644, 0)) < 0)
			goto done;
	}
	r = 0;
done:
	buf_release(&side);
	buf_release(&sp);
	buf_release(&sig);
	return r;
}

/* The log record of one published advisory (schema vouch-advisory/1), compact JSON. */
static void log_record(struct buf *out, const struct advisory *a, const char *csaf_path,
                       const struct buf *csaf, int64_t now)
{
	uint8_t h[SHA256_LEN];
	char hex[2 * SHA256_LEN + 1], t[EPOCH_RFC3339_LEN];
	struct jw w;

	hash_sha256(h, csaf->ptr, csaf->len);
	hex_encode(hex, h, SHA256_LEN);
	epoch_rfc3339(t, now);
	jw_init(&w, out, false);
	jw_obj_begin(&w);
	jw_kstr(&w, "schema", "vouch-advisory/1");
	jw_kstr(&w, "collected", t);
	jw_kstr(&w, "csaf", csaf_path);
	jw_kstr(&w, "csaf_sha256", hex);
	jw_kstr(&w, "channel", "csaf provider folder, OSV, OpenVEX");
	jw_key(&w, "timing");
	advisory_timing(&w, a);
	jw_obj_end(&w);
	jw_finish(&w);
}

/* The organisation's name from vouch.toml (NULL when it names none): the default vendor. */
static int config_vendor(char **out, const char *config)
{
	struct toml_value *doc = NULL;
	const char *name;

	*out = NULL;
	if (!config)
		return 0;
	if (toml_load_file(&doc, config, 0) < 0)
		return err_code();
	name = toml_str(toml_get(doc, "organisation"), "name");
	if (name)
		*out = xstrdup(name);
	toml_free(doc);
	return 0;
}

static int publish_one(struct publish *p, const char *file, struct advisory *a, struct jw *timing,
                       struct tlog *log)
{
	struct buf csaf = BUF_INIT, osv = BUF_INIT, vex = BUF_INIT, name = BUF_INIT;
	struct buf path = BUF_INIT, rel = BUF_INIT, rec = BUF_INIT;
	struct csaf_report rep = CSAF_REPORT_INIT;
	json_t *doc = NULL;
	int r;

	advisory_csaf_name(&name, a);
	buf_addf(&rel, "%d/%s", advisory_year(a), name.ptr);
	if ((r = advisory_csaf(&csaf, a, p->base_url, p->now)) < 0)
		goto done;
	/* what vouch publishes passes its own check, or is not published */
	if ((r = vjson_parse(&doc, csaf.ptr, csaf.len, rel.ptr)) < 0)
		goto done;
	csaf_check(&rep, doc);
	if (rep.nerrors) {
		r = err_set(ERR_GENERIC, "'%s': the CSAF written fails %s: %s at %s", file,
		            rep.v[0].test, rep.v[0].msg, rep.v[0].path);
		goto done;
	}
	buf_addf(&path, "%s/%s", p->output, rel.ptr);
	if ((r = write_signed(p, path.ptr, &csaf)) < 0)
		goto done;
	buf_reset(&path);
	if ((r = advisory_osv(&osv, a, p->base_url)) == 0) {
		buf_addf(&path, "%s/osv/", p->output);
		advisory_osv_id(&path, a);
		buf_adds(&path, ".json");
		if (strchr(a->id, '/')) {
			r = err_set(ERR_USAGE, "'%s': id '%s' holds a '/'", file, a->id);
			goto done;
		}
		if ((r = write_signed(p, path.ptr, &osv)) < 0)
			goto done;
	} else if (r == ERR_UNSUPPORTED) {
		ui_warn("%s: no OSV file: %s", file, err_msg());
	} else {
		goto done;
	}
	buf_truncate(&name, name.len - 5);
	buf_reset(&path);
	buf_addf(&path, "%s/vex/%s.openvex.json", p->output, name.ptr);
	if ((r = advisory_openvex(&vex, a, p->base_url, p->now)) < 0 ||
	    (r = write_signed(p, path.ptr, &vex)) < 0)
		goto done;
	advisory_timing(timing, a);
	if (log) {
		uint64_t idx;
		log_record(&rec, a, rel.ptr, &csaf, p->now);
		if ((r = tlog_add(&idx, log, rec.ptr, rec.len)) < 0)
			goto done;
	}
	if (!vouch_quiet)
		printf("%s: published %s\n", file, rel.ptr);
	r = 0;
done:
	csaf_report_release(&rep);
	json_decref(doc);
	buf_release(&csaf);
	buf_release(&osv);
	buf_release(&vex);
	buf_release(&name);
	buf_release(&path);
	buf_release(&rel);
	buf_release(&rec);
	return r;
}

static int advisory_publish(int argc, char **argv)
{
	struct publish p = { .fpr = BUF_INIT };
	const struct opt_spec opts[] = {
		OPT_STRING('o', "output", &p.output, "DIR", "the CSAF provider folder to write"),
		OPT_STRING(0, "config", &p.config, "FILE",
		           "vouch.toml: [organisation] name is the default vendor"),
		OPT_STRING(0, "base-url", &p.base_url, "URL",
		           "where DIR is served (default: the publisher namespace + "
		           "/.well-known/csaf)"),
		OPT_STRING(0, "sign", &p.sign, "KEY",
		           "minisign secret key: FILE.minisig beside each file"),
		OPT_STRING(0, "openpgp-key", &p.openpgp_key, "ID",
		           "OpenPGP key in the GnuPG keyring: FILE.asc beside each file"),
		OPT_STRING(0, "log", &p.log_dir, "DIR", "append a record per advisory to this log"),
		OPT_END(),
	};
	static const struct opt_usage u = {
		"vouch advisory publish",
		"--output DIR [--config FILE] [--base-url URL] [--sign KEY] [--openpgp-key ID]\n"
		"[--log DIR] ADVISORY...",
		"Publishes each advisory (TOML or JSON) as CSAF 2.0 in a CSAF provider folder\n"
		"(provider-metadata.json, year folders, index.txt, changes.csv, a ROLIE feed), as\n"
		"OSV in DIR/osv and as OpenVEX in DIR/vex, with .sha256/.sha512 sums and the\n"
		"signatures asked for; DIR/timing.json records the days from report to fix and\n"
		"from fix to advisory.",
	};
	struct buf timing = BUF_INIT, base = BUF_INIT, path = BUF_INIT, pub = BUF_INIT;
	struct tlog log = TLOG_INIT;
	struct advisory first = ADVISORY_INIT;
	struct provider_info info = { 0 };
	bool have_first = false, log_open = false;
	char *vendor = NULL;
	size_t skipped = 0;
	int code, bad = 0, done_n = 0, ret = EXIT_OK;
	struct jw tw;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (!p.output) {
		opt_usage_error(&u, "--output DIR is required");
		return EXIT_USAGE;
	}
	if (!argc) {
		opt_usage_error(&u, "no advisory given");
		return EXIT_USAGE;
	}
	if (opt_check_paths(&u, argc, argv) != OPT_OK ||
	    (p.config && opt_check_paths(&u, 1, (char **)&p.config) != OPT_OK))
		return EXIT_USAGE;
	if (p.base_url && strncmp(p.base_url, "https://", 8) && strncmp(p.base_url, "http://", 7)) {
		opt_usage_error(&u, "--base-url must be an http(s) URL");
		return EXIT_USAGE;
	}
	if (epoch_now(&p.now) < 0)
		return ui_error_last();
	if (p.sign) {
		if (cmd_load_seckey(&p.key, p.sign) < 0)
			return ui_error_last();
		p.have_key = true;
	}
	if (fs_mkdirs(p.output, 0755) < 0) {
		ret = ui_error_last();
		goto done;
	}
	if (p.log_dir) {
		if (tlog_open(&log, p.log_dir, TLOG_CREATE) < 0) {
			ret = ui_error_last();
			goto done;
		}
		log_open = true;
	}
	if (config_vendor(&vendor, p.config) < 0) {
		ui_error("%s", err_msg());
		ret = EXIT_FAIL;
		goto done;
	}
	jw_init(&tw, &timing, true);
	jw_arr_begin(&tw);
	for (int i = 0; i < argc; i++) {
		struct advisory a = ADVISORY_INIT;
		if (advisory_load_vendor(&a, argv[i], vendor) < 0 ||
		    publish_one(&p, argv[i], &a, &tw, log_open ? &log : NULL) < 0) {
			ui_error("%s", err_msg());
			bad++;
			advisory_release(&a);
			continue;
		}
		done_n++;
		if (!have_first) {
			first = a;
			have_first = true;
		} else {
			advisory_release(&a);
		}
	}
	jw_arr_end(&tw);
	if (!have_first) {
		ui_error("no advisory published");
		ret = EXIT_FAIL;
		goto done;
	}
	if (jw_finish(&tw) < 0 ||
	    (buf_addf(&path, "%s/timing.json", p.output),
	     fs_write_atomic(path.ptr, timing.ptr, timing.len, 0644, 0) < 0)) {
		ret = ui_error_last();
		goto done;
	}
	if (log_open && tlog_commit(&log) < 0) {
		ret = ui_error_last();
		goto done;
	}
	if (p.base_url)
		buf_adds(&base, p.base_url);
	else
		buf_addf(&base, "%s/.well-known/csaf", first.publisher_namespace);
	while (base.len && base.ptr[base.len - 1] == '/')
		buf_truncate(&base, base.len - 1);
	info = (struct provider_info){ base.ptr,
		                       first.publisher_name,
		                       first.publisher_namespace,
		                       first.publisher_category,
		                       NULL,
		                       NULL,
		                       p.now };
	if (p.openpgp_key) {
		buf_reset(&path);
		if (openpgp_export_public(&pub, p.openpgp_key) < 0) {
			ret = ui_error_last();
			goto done;
		}
		buf_addf(&path, "%s/openpgp/%s.asc", p.output, p.fpr.ptr);
		if (write_path(path.ptr, pub.ptr, pub.len) < 0) {
			ret = ui_error_last();
			goto done;
		}
		buf_reset(&path);
		buf_addf(&path, "%s/openpgp/%s.asc", base.ptr, p.fpr.ptr);
		info.openpgp_fpr = p.fpr.ptr;
		info.openpgp_url = path.ptr;
	}
	if (provider_write_index(&skipped, p.output, &info) < 0) {
		ret = ui_error_last();
		goto done;
	}
	if (skipped)
		ui_warn("%zu file(s) in the year folders of '%s' not listed: %s", skipped, p.output,
		        err_msg());
	{
		/* the metadata is signed like the documents (CSAF 7.1.7 and 7.1.19) */
		struct buf meta = BUF_INIT_MAX(VJSON_MAX_SIZE), mp = BUF_INIT;
		buf_addf(&mp, "%s/provider-metadata.json", p.output);
		if (buf_read_file(&meta, mp.ptr) < 0 || write_signed(&p, mp.ptr, &meta) < 0)
			ret = ui_error_last();
		buf_release(&meta);
		buf_release(&mp);
	}
	if (ret == EXIT_OK && bad)
		ret = EXIT_PARTIAL;
done:
	if (p.have_key)
		minisign_seckey_wipe(&p.key);
	if (have_first)
		advisory_release(&first);
	tlog_release(&log);
	free(vendor);
	buf_release(&timing);
	buf_release(&base);
	buf_release(&path);
	buf_release(&pub);
	buf_release(&p.fpr);
	(void)done_n;
	return ret;
}

static const struct subcmd verbs[] = {
	{ "new", advisory_new, "[--output FILE]", "write an advisory template (TOML)" },
	{ "check", advisory_check, "[--format table|json] FILE...",
	  "run the CSAF 2.0 mandatory tests on CSAF documents" },
	{ "publish", advisory_publish,
	  "--output DIR [--config FILE] [--base-url URL] [--sign KEY] [--openpgp-key ID] "
	  "[--log DIR] ADVISORY...",
	  "publish advisories as CSAF 2.0 (provider folder), OSV and OpenVEX" },
};

int cmd_advisory(int argc, char **argv)
{
	return cmd_run_sub(argc, argv, "advisory", verbs, ARRAY_SIZE(verbs));
}
