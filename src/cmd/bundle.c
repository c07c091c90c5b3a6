/*
 * vouch bundle: the assurance pack of one release (core/bundle/bundle.h;
 * docs/cmd/bundle.md): create it, verify it as a customer, show it.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/password.h"
#include "cmd/ui.h"
#include "core/assess/assess.h"
#include "core/bundle/bundle.h"
#include "core/vulndb/db.h"
#include "util/buf.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/json.h"

#include <sys/stat.h>

#ifndef VOUCH_VERSION
#define VOUCH_VERSION "0.0.0-dev"
#endif

static int bundle_create_cmd(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch bundle create",
		"--sign KEY --output FILE.vouch [--config FILE] [--db FILE] [PATH]",
		"Gather the evidence of one release of the product in PATH (default: the current "
		"folder) into one signed file a customer can verify offline: the assessment, the "
		"SBOMs, the scan, the signed SHA256SUMS and provenance, the log checkpoint with "
		"inclusion proofs, security.txt, and a manifest signed with KEY."
	};
	const char *config = NULL, *output = NULL, *db = NULL, *sign = NULL, *path = ".";
	const struct opt_spec opts[] = {
		OPT_STRING(0, "sign", &sign, "KEY",
		           "the minisign secret key that signs the manifest"),
		OPT_STRING('o', "output", &output, "FILE", "the bundle to write (FILE.vouch)"),
		OPT_STRING('c', "config", &config, "FILE",
		           "the vouch.toml (default PATH/vouch.toml)"),
		OPT_STRING(0, "db", &db, "FILE", "the vulnerability database"),
		OPT_END(),
	};
	struct assess_config cfg = ASSESS_CONFIG_INIT;
	struct bundle_create_opts bo = { 0 };
	struct bundle_created bc = BUNDLE_CREATED_INIT;
	struct minisign_seckey key;
	const char *scrub[1];
	bool key_loaded = false;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc > 1)
		return opt_usage_error(&u, "only one PATH may be given"), EXIT_USAGE;
	if (!sign || !output)
		return opt_usage_error(&u, "--sign KEY and --output FILE are required"), EXIT_USAGE;
	if (argc == 1)
		path = argv[0];
	if (opt_check_paths(&u, argc, argv) != OPT_OK)
		return EXIT_USAGE;
	if (cmd_load_seckey(&key, sign) < 0) {
		code = ui_error_last();
		goto done;
	}
	key_loaded = true;
	if ((code = cmd_load_config(&cfg, config, path)) != EXIT_OK)
		goto done;
	bo.cfg = &cfg;
	bo.db = db;
	bo.key = &key;
	bo.tool_version = VOUCH_VERSION;
	bo.fixed_time = getenv("SOURCE_DATE_EPOCH") != NULL;
	scrub[0] = path;
	bo.scrub = scrub;
	bo.nscrub = 1;
	if (epoch_now(&bo.now) < 0 || bundle_create(&bc, &bo) < 0) {
		/* no bundle was made: whatever the reason, that is a failure to run */
		code = ui_error_last() == EXIT_USAGE ? EXIT_USAGE : EXIT_FAIL;
		goto done;
	}
	for (const char *p = bc.warnings.ptr, *nl; p && (nl = strchr(p, '\n')); p = nl + 1)
		ui_warn("%.*s", (int)(nl - p), p);
	if (fs_write_atomic(output, bc.tar.ptr, bc.tar.len, 0644, 0) < 0) {
		code = ui_error_last();
		goto done;
	}
	if (!vouch_quiet)
		ui_info("wrote '%s': %zu members, %zu log entr%s proven, manifest signed by key %s",
		        output, bc.nmembers, bc.nproofs, bc.nproofs == 1 ? "y" : "ies", bc.keyid);
	code = bc.partial ? EXIT_PARTIAL : EXIT_OK;
done:
	if (key_loaded)
		minisign_seckey_wipe(&key);
	bundle_created_release(&bc);
	assess_config_release(&cfg);
	return code;
}

static void print_json(const struct bundle_result *r, const char *file)
{
	struct buf out = BUF_INIT;
	struct jw w;

	jw_init(&w, &out, true);
	jw_obj_begin(&w);
	jw_kstr(&w, "bundle", file);
	jw_kbool(&w, "verified", r->nfailed == 0);
	if (r->product)
		jw_kstr(&w, "product", r->product);
	if (r->version)
		jw_kstr(&w, "version", r->version);
	if (r->commit)
		jw_kstr(&w, "commit", r->commit);
	if (r->created)
		jw_kstr(&w, "created", r->created);
	if (r->keyid)
		jw_kstr(&w, "public_key", r->keyid);
	jw_key(&w, "checks");
	jw_arr_begin(&w);
	for (size_t i = 0; i < r->n; i++) {
		jw_obj_begin(&w);
		jw_kstr(&w, "member", r->v[i].member);
		jw_kstr(&w, "check", r->v[i].check);
		jw_kbool(&w, "ok", r->v[i].ok);
		jw_kstr(&w, "detail", r->v[i].detail);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	if (r->rescanned) {
		jw_key(&w, "new_vulnerabilities");
		jw_arr_begin(&w);
		for (size_t i = 0; i < r->nnewvulns; i++) {
			jw_obj_begin(&w);
			jw_kstr(&w, "id", r->newvulns[i].id);
			jw_kstr(&w, "purl", r->newvulns[i].purl);
			jw_kstr(&w, "severity", r->newvulns[i].severity);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
	}
	jw_obj_end(&w);
	if (jw_finish(&w) == 0)
		fwrite(out.ptr, 1, out.len, stdout);
	buf_release(&out);
}

static void print_table(const struct bundle_result *r, const char *file)
{
	size_t width = 8;

	printf("bundle   %s\n", ui_safe(file));
	if (r->product)
		printf("product  %s%s", ui_safe(r->product), r->version ? " " : "");
	if (r->product && r->version)
		printf("%s", ui_safe(r->version));
	if (r->product)
		printf("%s%s%s\n", r->commit ? " (commit " : "",
		       r->commit ? ui_safe(r->commit) : "", r->commit ? ")" : "");
	if (r->created)
		printf("created  %s\n", ui_safe(r->created));
	printf("\n");
	for (size_t i = 0; i < r->n; i++) {
		size_t l = strlen(ui_safe(r->v[i].member));

		width = l > width && l <= 48 ? l : width;
	}
	for (size_t i = 0; i < r->n; i++) {
		printf("%-4s  %-*s  %-10s  ", r->v[i].ok ? "ok" : "FAIL", (int)width,
		       ui_safe(r->v[i].member), r->v[i].check);
		printf("%s\n", ui_safe(r->v[i].detail));
	}
	if (r->rescanned) {
		printf("\nrescan with your database: %zu vulnerabilit%s the bundle's scan did not "
		       "list\n",
		       r->nnewvulns, r->nnewvulns == 1 ? "y" : "ies");
		for (size_t i = 0; i < r->nnewvulns; i++)
			printf("  %-24s %-9s %s\n", ui_safe(r->newvulns[i].id),
			       r->newvulns[i].severity, ui_safe(r->newvulns[i].purl));
	}
	printf("\n%zu checks, %zu failed: %s\n", r->n, r->nfailed,
	       r->nfailed ? "the bundle does NOT verify" : "the bundle verifies");
}

static int bundle_verify_cmd(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch bundle verify",
		"--public KEY [--artifacts DIR] [--db FILE] [--format table|json] FILE.vouch",
		"Verify a bundle offline with the vendor's public key: the manifest's signature, "
		"every member's size and hash, the report's and the release's signatures, the "
		"provenance, the log checkpoint and every inclusion proof. Exit 0 only when all "
		"of it verifies, 1 naming each failure."
	};
	static const char *const formats[] = { "table", "json", NULL };
	const char *pub = NULL, *artifacts = NULL, *dbpath = NULL, *format = "table";
	const struct opt_spec opts[] = {
		OPT_STRING(0, "public", &pub, "KEY", "the vendor's minisign public key"),
		OPT_STRING(
		        0, "artifacts", &artifacts, "DIR",
		        "check the release's files in DIR against the signed sums and provenance"),
		OPT_STRING(0, "db", &dbpath, "FILE",
		           "rescan the SBOM with this vulnerability database"),
		OPT_CHOICE('f', "format", &format, "FORMAT", formats, "table (default) or json"),
		OPT_END(),
	};
	struct minisign_pubkey pk;
	struct bundle_verify_opts vo = { 0 };
	struct bundle_result res = BUNDLE_RESULT_INIT;
	struct vulndb *db = NULL;
	struct stat st;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (!pub)
		return opt_usage_error(&u, "--public KEY is required"), EXIT_USAGE;
	if (argc != 1)
		return opt_usage_error(&u, "give one bundle FILE"), EXIT_USAGE;
	if (artifacts && (stat(artifacts, &st) < 0 || !S_ISDIR(st.st_mode)))
		return opt_usage_error(&u, "--artifacts: '%s' is not a folder", ui_safe(artifacts)),
		       EXIT_USAGE;
	if (minisign_pubkey_load(&pk, pub) < 0)
		return ui_error_last();
	if (dbpath && vulndb_open(&db, dbpath, VULNDB_READONLY | VULNDB_ADVISORIES) < 0) {
		ui_error_last();
		return EXIT_FAIL;
	}
	vo.artifacts = artifacts;
	vo.db = db;
	if (bundle_verify(&res, argv[0], NULL, 0, &pk, &vo) < 0) {
		/* a file that cannot be read is 4; one over the cap or not a file does not verify */
		code = ui_error_last() == EXIT_FAIL ? EXIT_FAIL : EXIT_NEGATIVE;
		goto done;
	}
	if (!strcmp(format, "json"))
		print_json(&res, argv[0]);
	else
		print_table(&res, argv[0]);
	for (size_t i = 0; i < res.n; i++)
		if (!res.v[i].ok)
			ui_error("'%s': %s: %s", ui_safe(res.v[i].member), res.v[i].check,
			         ui_safe(res.v[i].detail));
	code = res.nfailed ? EXIT_NEGATIVE : EXIT_OK;
done:
	bundle_result_release(&res);
	vulndb_close(db);
	return code;
}

static void show_assessment(const struct bundle_member *m)
{
	json_t *a = NULL, *p, *c;
	size_t i, k, n[4] = { 0 };

	if (!m || vjson_parse(&a, m->data.ptr, m->data.len, "assessment.json") < 0) {
		printf("assessment: none in the bundle\n");
		return;
	}
	json_array_foreach(json_object_get(a, "principles"), i, p)
	        json_array_foreach(json_object_get(p, "claims"), k, c)
	{
		const char *s = vjson_str(c, "status");

		n[!s                             ? 0
		  : !strcmp(s, "met")            ? 1
		  : !strcmp(s, "not_met")        ? 2
		  : !strcmp(s, "not_applicable") ? 3
		                                 : 0]++;
	}
	printf("assessment: %zu met, %zu not met, %zu unknown, %zu not applicable\n", n[1], n[2],
	       n[0], n[3]);
	json_array_foreach(json_object_get(a, "principles"), i, p)
	{
		const char *id = vjson_str(p, "id"), *t = vjson_str(p, "title"),
		           *s = vjson_str(p, "status");

		printf("  %-6s %-15s %s\n", ui_safe(id ? id : "?"), ui_safe(s ? s : "?"),
		       ui_safe(t ? t : ""));
		json_array_foreach(json_object_get(p, "claims"), k, c)
		{
			id = vjson_str(c, "id");
			s = vjson_str(c, "status");
			t = vjson_str(c, "title");
			printf("    %-6s %-15s %s\n", ui_safe(id ? id : "?"), ui_safe(s ? s : "?"),
			       ui_safe(t ? t : ""));
		}
	}
	json_decref(a);
}

static int bundle_show_cmd(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch bundle show", "[--markdown] FILE.vouch",
		"Show what a bundle holds, read in memory (nothing is unpacked): the product, the "
		"assessment's principles and claims, the members. It does not verify anything: "
		"run 'vouch bundle verify' for that."
	};
	bool markdown = false;
	const struct opt_spec opts[] = {
		OPT_BOOL(0, "markdown", &markdown, "print the whole assessment report (Markdown)"),
		OPT_END(),
	};
	struct buf data = BUF_INIT;
	struct bundle_archive ar = BUNDLE_ARCHIVE_INIT;
	const struct bundle_member *man, *md;
	json_t *mj = NULL, *e;
	size_t i;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc != 1)
		return opt_usage_error(&u, "give one bundle FILE"), EXIT_USAGE;
	if (bundle_read_file(&data, argv[0]) < 0 || bundle_tar_read(&ar, data.ptr, data.len) < 0) {
		code = ui_error_last();
		goto done;
	}
	code = EXIT_OK;
	if (ar.damage) {
		ui_error("'%s': %s", ui_safe(argv[0]), ui_safe(ar.damage));
		code = EXIT_NEGATIVE;
	}
	for (i = 0; i < ar.n; i++)
		if (ar.v[i].problem) {
			ui_error("'%s': member '%s' refused: %s", ui_safe(argv[0]),
			         ui_safe(ar.v[i].path), ui_safe(ar.v[i].problem));
			code = EXIT_NEGATIVE;
		}
	if (markdown) {
		if (!(md = bundle_archive_get(&ar, "assessment.md"))) {
			ui_error("'%s' holds no assessment report", ui_safe(argv[0]));
			code = EXIT_NEGATIVE;
		} else {
			struct buf safe = BUF_INIT;

			/* the report is the vendor's text: terminal controls are escaped */
			for (size_t k = 0; k < md->data.len; k++) {
				unsigned char ch = (unsigned char)md->data.ptr[k];

				if (ch < 0x20 && ch != '\n' && ch != '\t')
					buf_addf(&safe, "\\x%02x", ch);
				else
					buf_addch(&safe, ch);
			}
			fwrite(safe.ptr, 1, safe.len, stdout);
			buf_release(&safe);
		}
		goto done;
	}
	printf("bundle   %s (not verified here: run 'vouch bundle verify --public KEY')\n",
	       ui_safe(argv[0]));
	if ((man = bundle_archive_get(&ar, BUNDLE_MANIFEST)) &&
	    vjson_parse(&mj, man->data.ptr, man->data.len, BUNDLE_MANIFEST) == 0) {
		static const char *const keys[] = { "product", "version", "commit", "created",
			                            "public_key" };

		for (i = 0; i < ARRAY_SIZE(keys); i++)
			if (vjson_str(mj, keys[i]))
				printf("%-11s %s\n", keys[i], ui_safe(vjson_str(mj, keys[i])));
	} else {
		ui_error("'%s' has no readable manifest", ui_safe(argv[0]));
		code = EXIT_NEGATIVE;
	}
	printf("\n");
	show_assessment(bundle_archive_get(&ar, "assessment.json"));
	printf("\nmembers:\n");
	for (i = 0; i < ar.n; i++)
		if (!ar.v[i].problem)
			printf("  %10zu  %s\n", ar.v[i].data.len, ui_safe(ar.v[i].path));
	if (mj && json_array_size(json_object_get(mj, "absent"))) {
		printf("\nleft out:\n");
		json_array_foreach(json_object_get(mj, "absent"), i, e)
		{
			const char *p = vjson_str(e, "path"), *r = vjson_str(e, "reason");

			printf("  %s: %s\n", ui_safe(p ? p : "?"), ui_safe(r ? r : "?"));
		}
	}
done:
	if (mj)
		json_decref(mj);
	bundle_archive_release(&ar);
	buf_release(&data);
	return code;
}

static const struct subcmd verbs[] = {
	{ "create", bundle_create_cmd,
	  "--sign KEY --output FILE.vouch [--config FILE] [--db FILE] [PATH]",
	  "make the signed assurance pack of a release" },
	{ "verify", bundle_verify_cmd,
	  "--public KEY [--artifacts DIR] [--db FILE] [--format table|json] FILE.vouch",
	  "verify a bundle offline, naming each failure" },
	{ "show", bundle_show_cmd, "[--markdown] FILE.vouch",
	  "show a bundle's report and members" },
};

int cmd_bundle(int argc, char **argv)
{
	return cmd_run_sub(argc, argv, "bundle", verbs, ARRAY_SIZE(verbs));
}
