/*
 * attest.c: `vouch attest provenance` and `vouch attest verify`: SLSA
 * provenance v1 in in-toto Statements, signed in DSSE envelopes.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/password.h"
#include "cmd/ui.h"
#include "core/integrity/dsse.h"
#include "core/integrity/minisign.h"
#include "core/integrity/provenance.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/json.h"
#include "util/num.h"

#include <time.h>

#define DEFAULT_BUILDER_ID "urn:vouch:builder:local"
#define DEFAULT_BUILD_TYPE "urn:vouch:build-type:generic:v1"

/* Seconds since 1970, or "YYYY-MM-DDThh:mm:ssZ". */
/*
 * A subject's name: the path as given without a leading "./", or only its
 * file name when the path is absolute or climbs out with "..": where the
 * build ran is nobody else's business, and verifiers match by digest.
 */
static const char *subject_name(const char *path)
{
	const char *base = strrchr(path, '/'), *p = path;

	if (path[0] == '/')
		return base[1] ? base + 1 : path;
	for (; *p; p = strchr(p, '/') ? strchr(p, '/') + 1 : p + strlen(p))
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || !p[2]))
			return base && base[1] ? base + 1 : path;
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	return path;
}

static int parse_time(int64_t *out, const char *s)
{
	uint64_t v;
	char check[EPOCH_RFC3339_LEN];
	struct tm tm = { 0 };
	int64_t vals[6];
	static const size_t offs[6] = { 0, 5, 8, 11, 14, 17 }, lens[6] = { 4, 2, 2, 2, 2, 2 };

	if (num_parse_u64(&v, s, strlen(s), 253402300799ULL, 0) == 0) {
		*out = (int64_t)v;
		return 0;
	}
	if (strlen(s) != 20)
		goto bad;
	for (int i = 0; i < 6; i++)
		if (num_parse_i64(&vals[i], s + offs[i], lens[i], 0, 9999, NUM_ALLOW_LEADING_ZERO) <
		    0)
			goto bad;
	tm.tm_year = (int)vals[0] - 1900;
	tm.tm_mon = (int)vals[1] - 1;
	tm.tm_mday = (int)vals[2];
	tm.tm_hour = (int)vals[3];
	tm.tm_min = (int)vals[4];
	tm.tm_sec = (int)vals[5];
	*out = (int64_t)timegm(&tm);
	/* Round trip: refuses 2026-02-30 and anything not in canonical form. */
	if (epoch_rfc3339(check, *out) == 0 && !strcmp(check, s))
		return 0;
bad:
	return err_set(ERR_USAGE, "'%s' is neither seconds since 1970 nor YYYY-MM-DDThh:mm:ssZ", s);
}

static int attest_provenance(int argc, char **argv)
{
	const char *secret = NULL, *builder = DEFAULT_BUILDER_ID, *build_type = DEFAULT_BUILD_TYPE;
	const char *output = NULL, *invocation = NULL, *started = NULL, *finished = NULL;
	struct strlist sboms = STRLIST_INIT, params = STRLIST_INIT;
	const struct opt_spec opts[] = {
		OPT_STRING('s', "secret", &secret, "FILE", "the secret key (required)"),
		OPT_STRING(0, "builder-id", &builder, "URI",
		           "runDetails.builder.id (default " DEFAULT_BUILDER_ID ")"),
		OPT_STRING(0, "build-type", &build_type, "URI",
		           "buildDefinition.buildType (default " DEFAULT_BUILD_TYPE ")"),
		OPT_LIST(0, "sbom", &sboms, "FILE",
		         "CycloneDX or SPDX JSON SBOM: its components become resolvedDependencies "
		         "(repeatable)"),
		OPT_LIST(0, "param", &params, "KEY=VALUE",
		         "a string in buildDefinition.externalParameters (repeatable)"),
		OPT_STRING(0, "invocation-id", &invocation, "ID",
		           "runDetails.metadata.invocationId"),
		OPT_STRING(0, "started-on", &started, "TIME",
		           "build start, seconds since 1970 or YYYY-MM-DDThh:mm:ssZ (default now)"),
		OPT_STRING(0, "finished-on", &finished, "TIME", "build end (default now)"),
		OPT_STRING('o', "output", &output, "FILE",
		           "write the envelope to FILE (default standard output)"),
		OPT_END(),
	};
	const struct opt_usage usage = {
		"vouch attest provenance",
		"--secret FILE [--builder-id URI] [--build-type URI] [--sbom FILE] [--output FILE] "
		"ARTIFACT...",
		"Write SLSA provenance v1 for the artifacts as an in-toto Statement v1, signed in "
		"a DSSE envelope (one JSON line). 'Now' is SOURCE_DATE_EPOCH when set.",
	};
	struct provenance p = PROVENANCE_INIT;
	struct minisign_seckey k;
	struct buf stmt = BUF_INIT, env = BUF_INIT;
	const char **keys = NULL, **vals = NULL;
	bool key_loaded = false;
	int64_t now;
	int r, ret = EXIT_FAIL;

	r = opt_parse(&argc, &argv, opts, &usage);
	if (r != OPT_OK)
		return r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (!secret) {
		opt_usage_error(&usage, "--secret FILE is required");
		goto usage_out;
	}
	if (argc == 0) {
		opt_usage_error(&usage, "give at least one ARTIFACT");
		goto usage_out;
	}
	/* a mistyped ARTIFACT is refused before the key is read or anything written */
	if (opt_check_paths(&usage, argc, argv) != OPT_OK ||
	    opt_check_paths(&usage, (int)sboms.n, (char **)sboms.v) != OPT_OK)
		goto usage_out;
	if (!*builder || !*build_type) {
		opt_usage_error(&usage, "--builder-id and --build-type must not be empty");
		goto usage_out;
	}
	keys = xcalloc(params.n + 1, sizeof(*keys));
	vals = xcalloc(params.n + 1, sizeof(*vals));
	for (size_t i = 0; i < params.n; i++) {
		const char *eq = strchr(params.v[i], '=');

		if (!eq || eq == params.v[i]) {
			opt_usage_error(&usage, "--param takes KEY=VALUE, not '%s'", params.v[i]);
			goto usage_out;
		}
		keys[i] = xstrndup(params.v[i], (size_t)(eq - params.v[i]));
		vals[i] = eq + 1;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(keys[j], keys[i])) {
				opt_usage_error(&usage, "--param '%s' given twice", keys[i]);
				goto usage_out;
			}
	}
	p.param_keys = keys;
	p.param_values = vals;
	p.nparams = params.n;
	p.builder_id = builder;
	p.build_type = build_type;
	p.invocation_id = invocation;
	if (epoch_now(&now) < 0) {
		ret = ui_error_last();
		goto done;
	}
	p.started_on = p.finished_on = now;
	if ((started && parse_time(&p.started_on, started) < 0) ||
	    (finished && parse_time(&p.finished_on, finished) < 0)) {
		ret = ui_error_last();
		goto done;
	}
	if (p.finished_on < p.started_on) {
		ui_error("the build cannot finish before it starts");
		ret = EXIT_USAGE;
		goto done;
	}
	/* Everything is read before the key, so a bad input never costs a password prompt. */
	for (int i = 0; i < argc; i++) {
		const char *name = subject_name(argv[i]);

		if (provenance_add_subject(&p, name, argv[i]) < 0) {
			ret = ui_error_last();
			if (ret == EXIT_FAIL)
				ret = EXIT_PARTIAL;
			goto done;
		}
	}
	for (size_t i = 0; i < sboms.n; i++) {
		size_t skipped;

		if (provenance_add_sbom(&p, sboms.v[i], &skipped) < 0) {
			ret = ui_error_last();
			if (ret == EXIT_FAIL)
				ret = EXIT_PARTIAL;
			goto done;
		}
		if (skipped)
			ui_warn("'%s': %zu component%s without purl or hash left out", sboms.v[i],
			        skipped, skipped == 1 ? "" : "s");
	}
	if (provenance_statement(&stmt, &p) < 0) {
		ret = ui_error_last();
		goto done;
	}
	if (cmd_load_seckey(&k, secret) < 0) {
		ret = ui_error_last();
		goto done;
	}
	key_loaded = true;
	if (dsse_sign(&env, &k, INTOTO_PAYLOAD_TYPE, stmt.ptr, stmt.len) < 0) {
		ret = ui_error_last();
		goto done;
	}
	if (output) {
		if (fs_write_atomic(output, env.ptr, env.len, 0644, 0) < 0) {
			ret = ui_error_last();
			goto done;
		}
		ui_info("provenance for %zu artifact%s written to '%s'", p.nsubjects,
		        p.nsubjects == 1 ? "" : "s", output);
	} else {
		fwrite(env.ptr, 1, env.len, stdout);
	}
	ret = EXIT_OK;
	goto done;
usage_out:
	ret = EXIT_USAGE;
done:
	if (key_loaded)
		minisign_seckey_wipe(&k);
	for (size_t i = 0; keys && i < params.n; i++)
		free((char *)keys[i]);
	free(keys);
	free(vals);
	provenance_release(&p);
	strlist_release(&sboms);
	strlist_release(&params);
	buf_release(&stmt);
	buf_release(&env);
	return ret;
}

static int attest_verify(int argc, char **argv)
{
	const char *pubpath = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING('p', "public", &pubpath, "FILE", "the public key file (required)"),
		OPT_END(),
	};
	const struct opt_usage usage = {
		"vouch attest verify",
		"--public FILE ENVELOPE [ARTIFACT...]",
		"Check a DSSE envelope's signature with the key, its payload type "
		"(application/vnd.in-toto+json), the in-toto Statement v1 and SLSA provenance v1 "
		"structure, and that each ARTIFACT's SHA-256 is one of the subjects'.",
	};
	struct minisign_pubkey k;
	struct dsse_envelope e = DSSE_ENVELOPE_INIT;
	struct buf text = BUF_INIT_MAX(DSSE_MAX_SIZE);
	json_t *st = NULL;
	int r, ret = EXIT_OK;

	r = opt_parse(&argc, &argv, opts, &usage);
	if (r != OPT_OK)
		return r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (!pubpath) {
		opt_usage_error(&usage, "--public FILE is required");
		return EXIT_USAGE;
	}
	if (argc == 0) {
		opt_usage_error(&usage, "give the ENVELOPE to verify");
		return EXIT_USAGE;
	}
	if (minisign_pubkey_load(&k, pubpath) < 0)
		return ui_error_last();
	if (buf_read_file(&text, argv[0]) < 0) {
		ret = ui_error_last();
		if (ret == EXIT_FAIL)
			ret = EXIT_PARTIAL;
		goto done;
	}
	/* The order DSSE prescribes: signature, then payload type, only then the payload. */
	if (dsse_parse(&e, text.ptr, text.len, argv[0]) < 0 || dsse_verify(&e, &k) < 0) {
		ui_error("'%s' does not verify: %s", argv[0], err_msg());
		ret = EXIT_NEGATIVE;
		goto done;
	}
	if (strcmp(e.payload_type, INTOTO_PAYLOAD_TYPE)) {
		ui_error("'%s': payload type '%s' is not '%s'", argv[0], e.payload_type,
		         INTOTO_PAYLOAD_TYPE);
		ret = EXIT_NEGATIVE;
		goto done;
	}
	if (statement_check(&st, (const char *)e.payload, e.payload_len, argv[0]) < 0) {
		ui_error("%s", err_msg());
		ret = EXIT_NEGATIVE;
		goto done;
	}
	for (int i = 1; i < argc; i++) {
		uint8_t sha[SHA256_LEN];
		char hex[2 * SHA256_LEN + 1];

		if (hash_sha256_file(sha, argv[i]) < 0) {
			ui_error_last();
			if (ret == EXIT_OK)
				ret = EXIT_PARTIAL;
			continue;
		}
		if (!statement_has_sha256(st, sha)) {
			hex_encode(hex, sha, sizeof(sha));
			ui_error("'%s' (sha256 %s) is not a subject of '%s'", argv[i], hex,
			         argv[0]);
			ret = EXIT_NEGATIVE;
			continue;
		}
		if (!vouch_quiet)
			printf("%s: OK\n", ui_safe(argv[i]));
	}
	if (!vouch_quiet) {
		const json_t *pred = json_object_get(st, "predicate");

		printf("Signature verified: %s\n", ui_safe(vjson_str(st, "predicateType")));
		if (!strcmp(vjson_str(st, "predicateType"), SLSA_PROVENANCE_V1))
			printf("Builder: %s\n",
			       ui_safe(vjson_str(
			               json_object_get(json_object_get(pred, "runDetails"),
			                               "builder"),
			               "id")));
	}
done:
	json_decref(st);
	dsse_envelope_release(&e);
	buf_release(&text);
	return ret;
}

static const struct subcmd attest_verbs[] = {
	{ "provenance", attest_provenance,
	  "--secret FILE [--builder-id URI] [--build-type URI] [--sbom FILE] [--output FILE] "
	  "ARTIFACT...",
	  "sign SLSA provenance for artifacts in a DSSE envelope" },
	{ "verify", attest_verify, "--public FILE ENVELOPE [ARTIFACT...]",
	  "verify a DSSE envelope and match artifacts against its subjects" },
};

int cmd_attest(int argc, char **argv)
{
	return cmd_run_sub(argc, argv, "attest", attest_verbs, ARRAY_SIZE(attest_verbs));
}
