/*
 * verify.c: `vouch verify`, minisign signatures and signed SHA256SUMS files.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/integrity/minisign.h"
#include "core/integrity/sums.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/hash.h"

#include <sodium.h>

/* Worst result so far: a mismatch (1) outranks an unreadable input (3). */
static void note(int *ret, int code)
{
	if (code != EXIT_OK && (code == EXIT_NEGATIVE || *ret == EXIT_OK))
		*ret = code;
}

/*
 * Verifies one file; returns the exit code for it. Anything wrong with the
 * signature's bytes (damaged, truncated, wrong key, changed comment) is a
 * failed verification (1); a file or signature that cannot be read is 3.
 * With `held` non-NULL the file is read into it once and the signature
 * checked over those bytes, so that what the caller goes on to use is
 * exactly what was verified (a manifest); else it is streamed.
 */
static int verify_one(const struct minisign_pubkey *k, const char *file, const char *sigpath,
                      bool several, unsigned flags, struct buf *held)
{
	struct minisign_sig sig = MINISIGN_SIG_INIT;
	struct buf def = BUF_INIT;
	int r, code;

	if (!sigpath) {
		if (buf_addf(&def, "%s.minisig", file) < 0) {
			code = ui_error_last();
			goto done;
		}
		sigpath = def.ptr;
	}
	r = minisign_sig_load(&sig, sigpath);
	if (r == 0 && held) {
		r = buf_read_file(held, file);
		if (r == ERR_UNSUPPORTED || r == ERR_TOOBIG) /* a FIFO, a huge file: unreadable */
			r = err_set(ERR_IO, "cannot read '%s' as a manifest: %s", file,
			            r == ERR_TOOBIG ? "too large" : "not a regular file");
		if (r == 0)
			r = minisign_sig_verify_buf(&sig, k, held->ptr, held->len, flags);
	} else if (r == 0) {
		r = minisign_sig_verify_file(&sig, k, file, flags);
	}
	if (r < 0) {
		code = err_code() == ERR_IO ? EXIT_PARTIAL : EXIT_NEGATIVE;
		if (err_code() == ERR_IO)
			ui_error("%s", err_msg());
		else if (sig.alg == MINISIGN_ALG_LEGACY && !(flags & MINISIGN_LEGACY_OK) &&
		         !memcmp(sig.keyid, k->keyid, MINISIGN_KEYID_LEN))
			ui_error("'%s' does not verify: %s (--legacy accepts one)", file,
			         err_msg());
		else
			ui_error("'%s' does not verify: %s", file, err_msg());
		goto done;
	}
	if (!vouch_quiet)
		printf("%s%sSignature and comment signature verified\n%s%sTrusted comment: %s\n",
		       several ? ui_safe(file) : "", several ? ": " : "",
		       several ? ui_safe(file) : "", several ? ": " : "", ui_safe(sig.trusted));
	code = EXIT_OK;
done:
	minisign_sig_release(&sig);
	buf_release(&def);
	return code;
}

/*
 * Checks every file a verified sums file lists, relative to its folder. text
 * holds the manifest's bytes as they were verified: they are never read again.
 */
static int verify_sums(const char *sums_path, const struct buf *text)
{
	struct buf dir = BUF_INIT, path = BUF_INIT;
	struct sums s = SUMS_INIT;
	const char *base = fs_basename(sums_path);
	int ret = EXIT_OK;

	if (sums_parse(&s, text->ptr, text->len, sums_path) < 0) {
		ui_error("%s", err_msg());
		ret = EXIT_NEGATIVE;
		goto done;
	}
	if (buf_add(&dir, sums_path, (size_t)(base - sums_path)) < 0)
		goto fail;
	for (size_t i = 0; i < s.n; i++) {
		uint8_t sha[32];

		buf_reset(&path);
		if (buf_addf(&path, "%s%s", dir.ptr, s.v[i].name) < 0)
			goto fail;
		if (hash_sha256_file(sha, path.ptr) < 0) {
			ui_error("%s", err_msg());
			printf("%s: FAILED open or read\n", ui_safe(s.v[i].name));
			note(&ret, EXIT_PARTIAL);
			continue;
		}
		if (sodium_memcmp(sha, s.v[i].sha256, 32) != 0) {
			ui_error("'%s' does not match its SHA-256 in '%s' (line %zu)", path.ptr,
			         sums_path, s.v[i].lineno);
			printf("%s: FAILED\n", ui_safe(s.v[i].name));
			note(&ret, EXIT_NEGATIVE);
			continue;
		}
		if (!vouch_quiet)
			printf("%s: OK\n", ui_safe(s.v[i].name));
	}
	goto done;
fail:
	ret = ui_error_last();
done:
	sums_release(&s);
	buf_release(&dir);
	buf_release(&path);
	return ret;
}

int cmd_verify(int argc, char **argv)
{
	const char *pubpath = NULL, *sigpath = NULL;
	bool sums = false, legacy = false;
	const struct opt_spec opts[] = {
		OPT_STRING('p', "public", &pubpath, "FILE", "the public key file (required)"),
		OPT_STRING('x', "signature", &sigpath, "SIG",
		           "the signature file (default FILE.minisig; only with one FILE)"),
		OPT_BOOL(0, "sums", &sums,
		         "each FILE is a SHA256SUMS file: verify its signature, then every file "
		         "it lists"),
		OPT_BOOL(0, "legacy", &legacy,
		         "also accept legacy (non-prehashed 'Ed') signatures, which vouch never "
		         "makes"),
		OPT_END(),
	};
	const struct opt_usage usage = {
		"vouch verify",
		"--public FILE [--signature SIG] [--sums] [--legacy] FILE...",
		"Verify minisign signatures (prehashed 'ED'; legacy 'Ed' only with --legacy). "
		"Prints the trusted comment of each good signature; exit 1 names every file that "
		"does not verify.",
	};
	struct minisign_pubkey k;
	int r, ret = EXIT_OK;

	r = opt_parse(&argc, &argv, opts, &usage);
	if (r != OPT_OK)
		return r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (!pubpath) {
		opt_usage_error(&usage, "--public FILE is required");
		return EXIT_USAGE;
	}
	if (argc == 0) {
		opt_usage_error(&usage, "nothing to verify: give FILE...");
		return EXIT_USAGE;
	}
	if (sigpath && argc > 1) {
		opt_usage_error(&usage, "--signature goes with a single FILE");
		return EXIT_USAGE;
	}
	if (minisign_pubkey_load(&k, pubpath) < 0)
		return ui_error_last();
	for (int i = 0; i < argc; i++) {
		struct buf text = BUF_INIT_MAX(SUMS_MAX_SIZE);
		int code = verify_one(&k, argv[i], sigpath, argc > 1,
		                      legacy ? MINISIGN_LEGACY_OK : 0, sums ? &text : NULL);

		if (code == EXIT_OK && sums)
			code = verify_sums(argv[i], &text);
		buf_release(&text);
		note(&ret, code);
	}
	return ret;
}
