/*
 * key.c: `vouch key generate`, minisign-compatible Ed25519 key pairs.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/password.h"
#include "cmd/ui.h"
#include "core/integrity/minisign.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"

static const char *const kdf_choices[] = { "sensitive", "interactive", NULL };

static int key_generate(int argc, char **argv)
{
	const char *pub_path = "vouch.pub", *sec_path = "vouch.key", *kdf = "sensitive";
	bool no_password = false, force = false;
	const struct opt_spec opts[] = {
		OPT_STRING('p', "public", &pub_path, "FILE",
		           "write the public key to FILE (default vouch.pub)"),
		OPT_STRING('s', "secret", &sec_path, "FILE",
		           "write the secret key to FILE (default vouch.key), mode 0600"),
		OPT_BOOL('W', "no-password", &no_password,
		         "do not encrypt the secret key (as minisign -W)"),
		OPT_BOOL('f', "force", &force, "overwrite existing key files"),
		OPT_CHOICE(0, "kdf-limits", &kdf, "LIMITS", kdf_choices,
		           "scrypt cost: minisign's 1 GiB 'sensitive' (default) or libsodium's "
		           "16 MiB 'interactive'"),
		OPT_END(),
	};
	const struct opt_usage usage = {
		"vouch key generate",
		"[--public FILE] [--secret FILE] [--no-password] [--force]",
		"Create an Ed25519 key pair in minisign's formats. The secret key is encrypted "
		"with a password (asked twice on the terminal, or taken from VOUCH_PASSWORD) "
		"unless --no-password is given.",
	};
	struct minisign_pubkey pk;
	struct minisign_seckey sk;
	struct buf pw = BUF_INIT, sec = BUF_INIT, pub = BUF_INIT;
	char hex[2 * MINISIGN_KEYID_LEN + 1];
	unsigned flags;
	int r, ret = EXIT_FAIL;

	r = opt_parse(&argc, &argv, opts, &usage);
	if (r != OPT_OK)
		return r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc > 0) {
		opt_usage_error(&usage, "unexpected argument '%s'", argv[0]);
		return EXIT_USAGE;
	}
	if (!strcmp(pub_path, sec_path)) {
		opt_usage_error(&usage, "the public and secret key files must differ");
		return EXIT_USAGE;
	}
	flags = force ? 0 : FS_NO_CLOBBER;
	if (!force) {
		/* Check both first, so that a refusal never leaves half a key pair. */
		const char *existing = fs_would_clobber(sec_path)   ? sec_path
		                       : fs_would_clobber(pub_path) ? pub_path
		                                                    : NULL;

		if (existing) {
			ui_error("'%s' already exists; use --force to overwrite it", existing);
			return EXIT_FAIL;
		}
	}
	if (!no_password) {
		if ((r = cmd_read_password(&pw, "Password for the new secret key: ", true)) < 0) {
			ret = ui_error_last();
			goto done;
		}
		if (!pw.len) {
			ui_error("empty password; use --no-password for a key without one");
			ret = EXIT_USAGE;
			goto done;
		}
	}
	minisign_keygen(&pk, &sk);
	if (minisign_seckey_encode(&sec, &sk, no_password ? NULL : pw.ptr,
	                           !strcmp(kdf, "interactive")) < 0 ||
	    minisign_pubkey_encode(&pub, &pk) < 0 ||
	    fs_write_atomic(sec_path, sec.ptr, sec.len, 0600, flags) < 0 ||
	    fs_write_atomic(pub_path, pub.ptr, pub.len, 0644, flags) < 0) {
		ret = ui_error_last();
		if (ret == EXIT_USAGE || ret == EXIT_PARTIAL)
			ret = EXIT_FAIL;
		goto done;
	}
	minisign_keyid_hex(hex, pk.keyid);
	ui_info("key %s: public key in '%s', secret key in '%s'%s", hex, pub_path, sec_path,
	        no_password ? " (not encrypted)" : "");
	/* The bare public key, as `minisign -P` and `vouch verify --public` take it. */
	{
		const char *nl = strchr(pub.ptr, '\n');

		fputs(nl ? nl + 1 : pub.ptr, stdout);
	}
	ret = EXIT_OK;
done:
	minisign_seckey_wipe(&sk);
	buf_wipe(&pw);
	buf_wipe(&sec);
	buf_release(&pub);
	return ret;
}

static const struct subcmd key_verbs[] = {
	{ "generate", key_generate, "[--public FILE] [--secret FILE] [--no-password] [--force]",
	  "create a minisign-compatible key pair" },
};

int cmd_key(int argc, char **argv)
{
	return cmd_run_sub(argc, argv, "key", key_verbs, ARRAY_SIZE(key_verbs));
}
