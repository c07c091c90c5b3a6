/*
 * sign.c: `vouch sign`, minisign-compatible signatures of files, and signed
 * SHA256SUMS manifests of release folders.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/password.h"
#include "cmd/ui.h"
#include "core/integrity/minisign.h"
#include "core/integrity/sums.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"

#include <sys/stat.h>

int cmd_write_minisig(const char *path, const struct buf *sig)
{
	struct buf sigpath = BUF_INIT;
	int r;

	if ((r = buf_addf(&sigpath, "%s.minisig", path)) == 0)
		r = fs_write_atomic(sigpath.ptr, sig->ptr, sig->len, 0644, 0);
	buf_release(&sigpath);
	return r;
}

static int report_unreadable(const char *path, void *payload)
{
	ui_error("%s", err_msg());
	return 0;
}

static int sign_sums(const struct minisign_seckey *k, const char *dir, const char *sums_name,
                     const char *trusted, const char *untrusted)
{
	struct sums s = SUMS_INIT;
	struct buf text = BUF_INIT, sig = BUF_INIT, path = BUF_INIT, signame = BUF_INIT;
	const char *exclude[2];
	size_t nerrors = 0;
	struct stat st;
	int ret = EXIT_FAIL;

	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		ui_error("'%s' is not a folder", dir);
		return EXIT_PARTIAL;
	}
	if (buf_addf(&path, "%s/%s", dir, sums_name) < 0 ||
	    buf_addf(&signame, "%s.minisig", sums_name) < 0)
		goto fail;
	exclude[0] = sums_name;
	exclude[1] = signame.ptr;
	if (sums_collect(&s, &nerrors, dir, exclude, 2, report_unreadable, NULL) < 0)
		goto fail;
	if (nerrors) {
		/* A manifest that silently leaves files out would mislead whoever checks it. */
		ui_error("%zu file%s of '%s' could not be read; '%s' not written", nerrors,
		         nerrors == 1 ? "" : "s", dir, path.ptr);
		ret = EXIT_PARTIAL;
		goto done;
	}
	if (sums_format(&text, &s) < 0 ||
	    minisign_sign_buf(&sig, k, text.ptr, text.len, sums_name, trusted, untrusted) < 0 ||
	    fs_write_atomic(path.ptr, text.ptr, text.len, 0644, 0) < 0 ||
	    cmd_write_minisig(path.ptr, &sig) < 0)
		goto fail;
	ui_info("'%s' lists %zu file%s; signature in '%s.minisig'", path.ptr, s.n,
	        s.n == 1 ? "" : "s", path.ptr);
	ret = EXIT_OK;
	goto done;
fail:
	ret = ui_error_last();
	if (ret == EXIT_USAGE && err_code() != ERR_USAGE)
		ret = EXIT_FAIL;
done:
	sums_release(&s);
	buf_release(&text);
	buf_release(&sig);
	buf_release(&path);
	buf_release(&signame);
	return ret;
}

int cmd_sign(int argc, char **argv)
{
	const char *secret = NULL, *trusted = NULL, *untrusted = NULL, *sums_dir = NULL;
	const char *sums_name = "SHA256SUMS";
	const struct opt_spec opts[] = {
		OPT_STRING('s', "secret", &secret, "FILE", "the secret key (required)"),
		OPT_STRING(
		        't', "trusted-comment", &trusted, "TEXT",
		        "signed one-line comment (default 'timestamp:T<TAB>file:NAME<TAB>hashed')"),
		OPT_STRING(
		        'c', "untrusted-comment", &untrusted, "TEXT",
		        "unsigned one-line comment (default 'signature from minisign secret key')"),
		OPT_STRING(0, "sums", &sums_dir, "DIR",
		           "write DIR/SHA256SUMS for every file below DIR and sign it"),
		OPT_STRING(0, "sums-file", &sums_name, "NAME",
		           "with --sums: the manifest's name inside DIR (default SHA256SUMS)"),
		OPT_END(),
	};
	const struct opt_usage usage = {
		"vouch sign",
		"--secret FILE [--trusted-comment TEXT] [--untrusted-comment TEXT] FILE...\n"
		"--secret FILE [--trusted-comment TEXT] --sums DIR [--sums-file NAME]",
		"Sign each FILE with a prehashed minisign signature, written to FILE.minisig. "
		"With --sums, write a sha256sum-compatible manifest of every file below DIR and "
		"its signature.",
	};
	struct minisign_seckey k;
	struct buf sig = BUF_INIT;
	int r, ret = EXIT_OK;
	bool key_loaded = false;

	r = opt_parse(&argc, &argv, opts, &usage);
	if (r != OPT_OK)
		return r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (!secret) {
		opt_usage_error(&usage, "--secret FILE is required");
		return EXIT_USAGE;
	}
	if (sums_dir && argc > 0) {
		opt_usage_error(&usage, "--sums DIR takes no FILE operands");
		return EXIT_USAGE;
	}
	if (!sums_dir && argc == 0) {
		opt_usage_error(&usage, "nothing to sign: give FILE... or --sums DIR");
		return EXIT_USAGE;
	}
	/* a mistyped FILE is refused before any signature is written */
	if (opt_check_paths(&usage, argc, argv) != OPT_OK ||
	    (sums_dir && opt_check_paths(&usage, 1, (char **)&sums_dir) != OPT_OK))
		return EXIT_USAGE;
	if (!*sums_name || strchr(sums_name, '/') || !strcmp(sums_name, ".") ||
	    !strcmp(sums_name, "..")) {
		opt_usage_error(&usage, "--sums-file takes a plain file name");
		return EXIT_USAGE;
	}
	if (cmd_load_seckey(&k, secret) < 0) {
		ret = ui_error_last();
		goto done;
	}
	key_loaded = true;
	if (sums_dir) {
		ret = sign_sums(&k, sums_dir, sums_name, trusted, untrusted);
		goto done;
	}
	for (int i = 0; i < argc; i++) {
		buf_reset(&sig);
		if (minisign_sign_file(&sig, &k, argv[i], trusted, untrusted) < 0 ||
		    cmd_write_minisig(argv[i], &sig) < 0) {
			ui_error_last();
			if (err_code() == ERR_USAGE) {
				ret = EXIT_USAGE;
				goto done;
			}
			ret = EXIT_PARTIAL; /* the others are still signed */
			continue;
		}
		ui_info("signed '%s' -> '%s.minisig'", argv[i], argv[i]);
	}
done:
	if (key_loaded)
		minisign_seckey_wipe(&k);
	buf_release(&sig);
	return ret;
}
