/*
 * vouch log: an append-only RFC 9162 Merkle log with C2SP checkpoints.
 * The storage is core/integrity/tlog.h; docs/cmd/log.md is the manual.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/password.h"
#include "cmd/ui.h"
#include "core/integrity/merkle.h"
#include "core/integrity/minisign.h"
#include "core/integrity/note.h"
#include "core/integrity/proofdoc.h"
#include "core/integrity/tlog.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/json.h"
#include "util/num.h"

#include <sodium.h>
#include <unistd.h>

static const char *log_dir;

static int need_log(const struct opt_usage *u)
{
	if (!log_dir || !*log_dir) {
		opt_usage_error(u, "--log DIR is required");
		return -1;
	}
	return 0;
}

static int open_log(struct tlog *log, unsigned flags)
{
	int r = tlog_open(log, log_dir, flags);

	if (r < 0)
		return ui_error_last();
	if (log->repaired_entries || log->repaired_index || log->repaired_hashes)
		ui_warn("log '%s': cut an interrupted append (%" PRIu64
		        " bytes of entries, %" PRIu64 " of index, %" PRIu64
		        " of hashes); no acknowledged entry is affected",
		        log_dir, log->repaired_entries, log->repaired_index, log->repaired_hashes);
	return EXIT_OK;
}

static void print_hex(const uint8_t *p, size_t n)
{
	char hex[2 * MERKLE_HASH_LEN + 1];

	hex_encode(hex, p, n);
	fputs(hex, stdout);
}

static int log_append(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch log append", "--log DIR FILE...",
		"Append one entry per FILE (\"-\" reads standard input) and print each new index, "
		"once every entry is durable. Creates the log if DIR has none."
	};
	const struct opt_spec opts[] = {
		OPT_STRING(0, "log", &log_dir, "DIR", "the log folder"),
		OPT_END(),
	};
	struct tlog log = TLOG_INIT;
	struct buf data = BUF_INIT_MAX(TLOG_MAX_ENTRY);
	uint64_t *idx = NULL;
	size_t nidx = 0;
	int code, bad = 0;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (need_log(&u) < 0)
		return EXIT_USAGE;
	if (argc < 1) {
		opt_usage_error(&u, "no FILE to append");
		return EXIT_USAGE;
	}
	/* a mistyped FILE is refused before the log is created or grown */
	if (opt_check_paths(&u, argc, argv) != OPT_OK)
		return EXIT_USAGE;
	if ((code = open_log(&log, TLOG_CREATE)) != EXIT_OK)
		goto done;
	idx = xcalloc((size_t)argc, sizeof(*idx));
	for (int i = 0; i < argc; i++) {
		int r;

		buf_reset(&data);
		if (!strcmp(argv[i], "-"))
			r = buf_read_fd(&data, 0, "standard input");
		else
			r = buf_read_file(&data, argv[i]);
		if (r < 0) {
			ui_error_last();
			bad++;
			continue;
		}
		if (tlog_add(&idx[nidx], &log, data.ptr, data.len) < 0) {
			code = ui_error_last();
			goto done;
		}
		nidx++;
	}
	if (tlog_commit(&log) < 0) {
		code = ui_error_last();
		goto done;
	}
	/* Only now are they acknowledged. */
	for (size_t i = 0; i < nidx; i++)
		printf("%" PRIu64 "\n", idx[i]);
	code = bad ? EXIT_PARTIAL : EXIT_OK;
done:
	free(idx);
	buf_release(&data);
	tlog_release(&log);
	return code;
}

/* --size N defaults to the whole log; N beyond it is a usage error. */
static int pick_size(uint64_t *out, const struct tlog *log, const char *size_arg)
{
	if (!size_arg) {
		*out = log->size;
		return 0;
	}
	if (num_parse_u64(out, size_arg, strlen(size_arg), UINT64_MAX, 0) < 0) {
		ui_error("--size: '%s' is not a number", size_arg);
		return -1;
	}
	if (*out > log->size) {
		ui_error("--size %" PRIu64 ": log '%s' has %" PRIu64 " entries", *out, log_dir,
		         log->size);
		return -1;
	}
	return 0;
}

static int parse_u64_opt(uint64_t *out, const char *name, const char *s)
{
	if (!s) {
		ui_error("--%s is required", name);
		return -1;
	}
	if (num_parse_u64(out, s, strlen(s), UINT64_MAX, 0) < 0) {
		ui_error("--%s: '%s' is not a number", name, s);
		return -1;
	}
	return 0;
}

static int log_root(int argc, char **argv)
{
	static const struct opt_usage u = { "vouch log root", "--log DIR [--size N]",
		                            "Print \"SIZE HEX-ROOT\" of the log or of its first N "
		                            "entries." };
	const char *size_arg = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "log", &log_dir, "DIR", "the log folder"),
		OPT_STRING(0, "size", &size_arg, "N", "the root of the first N entries"),
		OPT_END(),
	};
	struct tlog log = TLOG_INIT;
	struct merkle_hash root;
	uint64_t size;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (need_log(&u) < 0 || argc)
		return argc ? (opt_usage_error(&u, "unexpected '%s'", argv[0]), EXIT_USAGE)
		            : EXIT_USAGE;
	if ((code = open_log(&log, 0)) != EXIT_OK)
		goto done;
	if (pick_size(&size, &log, size_arg) < 0) {
		code = EXIT_USAGE;
		goto done;
	}
	if (tlog_root(&root, &log, size) < 0) {
		code = ui_error_last();
		goto done;
	}
	printf("%" PRIu64 " ", size);
	print_hex(root.b, MERKLE_HASH_LEN);
	putchar('\n');
done:
	tlog_release(&log);
	return code;
}

static int log_get(int argc, char **argv)
{
	static const struct opt_usage u = { "vouch log get", "--log DIR --index I",
		                            "Write entry I's bytes, exactly, to standard output." };
	const char *index_arg = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "log", &log_dir, "DIR", "the log folder"),
		OPT_STRING(0, "index", &index_arg, "I", "the entry (0 is the first)"),
		OPT_END(),
	};
	struct tlog log = TLOG_INIT;
	struct buf data = BUF_INIT_MAX(TLOG_MAX_ENTRY);
	uint64_t index;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (need_log(&u) < 0 || parse_u64_opt(&index, "index", index_arg) < 0)
		return EXIT_USAGE;
	if ((code = open_log(&log, 0)) != EXIT_OK)
		goto done;
	if (index >= log.size) {
		ui_error("--index %" PRIu64 ": log '%s' has %" PRIu64 " entries", index, log_dir,
		         log.size);
		code = EXIT_USAGE;
		goto done;
	}
	if (tlog_get(&data, &log, index) < 0) {
		code = ui_error_last();
		goto done;
	}
	fwrite(data.ptr, 1, data.len, stdout);
done:
	buf_release(&data);
	tlog_release(&log);
	return code;
}

static void jw_hex(struct jw *w, const uint8_t *p)
{
	char hex[2 * MERKLE_HASH_LEN + 1];

	hex_encode(hex, p, MERKLE_HASH_LEN);
	jw_str(w, hex);
}

/*
 * Prints a proof document: {"<first>": N, "size": S, ["root": R,] "path": [...]},
 * as `prove` (first "index", with the root) and `consistency` (first "old") do.
 */
static int print_proof(const char *first, uint64_t n, uint64_t size, const struct merkle_hash *root,
                       const struct merkle_path *path)
{
	struct buf out = BUF_INIT;
	struct jw w;
	int code = EXIT_OK;

	jw_init(&w, &out, true);
	jw_obj_begin(&w);
	jw_key(&w, first);
	jw_uint(&w, n);
	jw_key(&w, "size");
	jw_uint(&w, size);
	if (root) {
		jw_key(&w, "root");
		jw_hex(&w, root->b);
	}
	jw_key(&w, "path");
	jw_arr_begin(&w);
	for (size_t i = 0; i < path->n; i++)
		jw_hex(&w, path->h[i].b);
	jw_arr_end(&w);
	jw_obj_end(&w);
	if (jw_finish(&w) < 0)
		code = ui_error_last();
	else
		fwrite(out.ptr, 1, out.len, stdout);
	buf_release(&out);
	return code;
}

static int log_prove(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch log prove", "--log DIR --index I [--size N]",
		"Print the RFC 9162 inclusion proof of entry I in the tree of the first N entries "
		"(default: all) as JSON {\"index\",\"size\",\"root\",\"path\"}, hashes in hex."
	};
	const char *index_arg = NULL, *size_arg = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "log", &log_dir, "DIR", "the log folder"),
		OPT_STRING(0, "index", &index_arg, "I", "the entry to prove"),
		OPT_STRING(0, "size", &size_arg, "N", "the tree size (default: the whole log)"),
		OPT_END(),
	};
	struct tlog log = TLOG_INIT;
	struct merkle_source src;
	struct merkle_path *path = xmalloc(sizeof(*path));
	struct merkle_hash root;
	uint64_t index, size;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK) {
		code = code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
		goto done;
	}
	code = EXIT_USAGE;
	if (need_log(&u) < 0 || parse_u64_opt(&index, "index", index_arg) < 0)
		goto done;
	if ((code = open_log(&log, 0)) != EXIT_OK)
		goto done;
	code = EXIT_USAGE;
	if (pick_size(&size, &log, size_arg) < 0)
		goto done;
	if (index >= size) {
		ui_error("--index %" PRIu64 " is not in a tree of size %" PRIu64, index, size);
		goto done;
	}
	tlog_source(&src, &log);
	if (merkle_inclusion_proof(path, &src, index, size) < 0 ||
	    tlog_root(&root, &log, size) < 0) {
		code = ui_error_last();
		goto done;
	}
	code = print_proof("index", index, size, &root, path);
done:
	free(path);
	tlog_release(&log);
	return code;
}

static int log_consistency(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch log consistency", "--log DIR --old M [--size N]",
		"Print the RFC 9162 consistency proof from the tree of the first M entries to the "
		"tree of the first N (default: all) as JSON {\"old\",\"size\",\"path\"}."
	};
	const char *old_arg = NULL, *size_arg = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "log", &log_dir, "DIR", "the log folder"),
		OPT_STRING(0, "old", &old_arg, "M", "the earlier tree size (at least 1)"),
		OPT_STRING(0, "size", &size_arg, "N",
		           "the later tree size (default: the whole log)"),
		OPT_END(),
	};
	struct tlog log = TLOG_INIT;
	struct merkle_source src;
	struct merkle_path *path = xmalloc(sizeof(*path));
	uint64_t old, size;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK) {
		code = code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
		goto done;
	}
	code = EXIT_USAGE;
	if (need_log(&u) < 0 || parse_u64_opt(&old, "old", old_arg) < 0)
		goto done;
	if ((code = open_log(&log, 0)) != EXIT_OK)
		goto done;
	code = EXIT_USAGE;
	if (pick_size(&size, &log, size_arg) < 0)
		goto done;
	if (old == 0 || old > size) {
		ui_error("--old %" PRIu64 ": needs 1 <= M <= %" PRIu64, old, size);
		goto done;
	}
	tlog_source(&src, &log);
	if (merkle_consistency_proof(path, &src, old, size) < 0) {
		code = ui_error_last();
		goto done;
	}
	code = print_proof("old", old, size, NULL, path);
done:
	free(path);
	tlog_release(&log);
	return code;
}

static int log_checkpoint(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch log checkpoint", "--log DIR --secret FILE --origin NAME",
		"Sign the log's current size and root as a C2SP checkpoint (a signed note whose "
		"key name is the origin), store it in the log and print it."
	};
	const char *secret = NULL, *origin = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "log", &log_dir, "DIR", "the log folder"),
		OPT_STRING(0, "secret", &secret, "FILE", "a minisign secret key"),
		OPT_STRING(0, "origin", &origin, "NAME",
		           "the log's identity, e.g. example.com/builds (no spaces, no '+')"),
		OPT_END(),
	};
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (need_log(&u) < 0)
		return EXIT_USAGE;
	if (!secret || !origin) {
		opt_usage_error(&u, "--secret FILE and --origin NAME are required");
		return EXIT_USAGE;
	}
	if (!note_key_name_valid(origin, strlen(origin))) {
		opt_usage_error(&u, "--origin '%s': no spaces, no '+', not empty", origin);
		return EXIT_USAGE;
	}
	{
		struct minisign_seckey key;
		struct tlog log = TLOG_INIT;
		struct merkle_hash root;
		struct buf text = BUF_INIT, note = BUF_INIT, vkey = BUF_INIT;
		uint64_t seq;
		bool have_key = false;

		if (cmd_load_seckey(&key, secret) < 0) {
			code = ui_error_last();
			goto done;
		}
		have_key = true;
		if ((code = open_log(&log, TLOG_WRITE)) != EXIT_OK)
			goto done;
		if (tlog_root(&root, &log, log.size) < 0 ||
		    checkpoint_format(&text, origin, log.size, root.b) < 0 ||
		    note_sign_ed25519(&note, text.ptr, text.len, origin, key.sk) < 0 ||
		    note_vkey_format(&vkey, origin, key.sk + 32) < 0 ||
		    tlog_checkpoint_store(&seq, &log, note.ptr, note.len, vkey.ptr) < 0) {
			code = ui_error_last();
			goto done;
		}
		fwrite(note.ptr, 1, note.len, stdout);
		code = EXIT_OK;
	done:
		if (have_key)
			minisign_seckey_wipe(&key);
		tlog_release(&log);
		buf_release(&text);
		buf_release(&note);
		buf_release(&vkey);
		return code;
	}
}

/* The public key of --public FILE (a minisign public key). */
static int load_public(uint8_t pk[32], const char *path)
{
	struct minisign_pubkey k;

	if (minisign_pubkey_load(&k, path) < 0)
		return ui_error_last();
	memcpy(pk, k.pk, 32);
	return EXIT_OK;
}

static int log_verify(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch log verify", "--log DIR [--public FILE]",
		"Recompute the whole tree from the entries, check every stored hash and checkpoint "
		"(its signature, its root, and that it is consistent with the one before) and "
		"report the first bad entry. Exit 1 on any failure."
	};
	const char *pub = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "log", &log_dir, "DIR", "the log folder"),
		OPT_STRING(0, "public", &pub, "FILE",
		           "a minisign public key every checkpoint must be signed by"),
		OPT_END(),
	};
	struct tlog log = TLOG_INIT;
	struct merkle_hash root;
	uint8_t pk[32];
	uint64_t bad;
	size_t ncp = 0;
	int code, r;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK) {
		code = code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
		goto done;
	}
	code = EXIT_USAGE;
	if (need_log(&u) < 0)
		goto done;
	if (pub && (code = load_public(pk, pub)) != EXIT_OK)
		goto done;
	r = tlog_open(&log, log_dir, 0);
	if (r < 0) {
		ui_error("log '%s' does not verify: %s", log_dir, err_msg());
		code = r == ERR_VERIFY ? EXIT_NEGATIVE : ui_exit_code(r);
		goto done;
	}
	/* One pass: each file read once, signed roots compared with recomputed ones. */
	if ((r = tlog_verify(&bad, &ncp, &root, &log, pub ? pk : NULL)) < 0) {
		ui_error("log '%s' does not verify: %s", log_dir, err_msg());
		if (r == ERR_VERIFY && bad != UINT64_MAX)
			printf("first bad entry: %" PRIu64 "\n", bad);
		code = r == ERR_VERIFY ? EXIT_NEGATIVE : ui_exit_code(r);
		goto done;
	}
	printf("ok: %" PRIu64 " entries, %zu checkpoints, root ", log.size, ncp);
	print_hex(root.b, MERKLE_HASH_LEN);
	putchar('\n');
	code = EXIT_OK;
done:
	tlog_release(&log);
	return code;
}

static int log_vkey(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch log vkey", "--public FILE --origin NAME",
		"Print the C2SP verifier key NAME+HEX8+BASE64(0x01||key) of a minisign public key, "
		"as witnesses and other tlog tools take it."
	};
	const char *pub = NULL, *origin = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "public", &pub, "FILE", "a minisign public key"),
		OPT_STRING(0, "origin", &origin, "NAME", "the key name (the log's origin)"),
		OPT_END(),
	};
	struct buf out = BUF_INIT;
	uint8_t pk[32];
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (!pub || !origin) {
		opt_usage_error(&u, "--public FILE and --origin NAME are required");
		return EXIT_USAGE;
	}
	if ((code = load_public(pk, pub)) != EXIT_OK)
		return code;
	if (note_vkey_format(&out, origin, pk) < 0) {
		code = ui_error_last();
		goto done;
	}
	printf("%s\n", out.ptr);
done:
	buf_release(&out);
	return code;
}

/* Decodes 64 hex digits. */
static int hex32(uint8_t out[32], const char *s, const char *what)
{
	if (!s || hex_decode(out, 32, s, strlen(s)) < 0)
		return err_set(ERR_PARSE, "%s is not 64 hex digits", what);
	return 0;
}

/*
 * The trusted root and size of a tree: --root HEX with --size N, or a
 * checkpoint note verified with --vkey (its origin must be the key's name).
 * The options were checked for presence by the caller.
 */
static int trusted_root(uint8_t out[32], uint64_t *out_size, const char *root_hex,
                        const char *size_arg, const char *cp_path, const char *vkey,
                        const char *what)
{
	struct buf data = BUF_INIT_MAX(NOTE_MAX_SIZE);
	struct note n = NOTE_INIT;
	struct checkpoint c = CHECKPOINT_INIT;
	char *kname = NULL;
	uint32_t kid;
	uint8_t pk[32];
	int r;

	if (root_hex) {
		if (num_parse_u64(out_size, size_arg, strlen(size_arg), MERKLE_MAX_SIZE, 0) < 0)
			return err_set(ERR_USAGE, "the size of --%s, '%s', is not a tree size",
			               what, size_arg);
		if (hex32(out, root_hex, what) < 0)
			return err_set(ERR_USAGE, "--%s: '%s' is not 64 hex digits", what,
			               root_hex);
		return 0;
	}
	if ((r = note_vkey_parse(&kname, &kid, pk, vkey, strlen(vkey))) < 0) {
		r = err_set(ERR_USAGE, "--vkey: %s", err_msg());
		goto done;
	}
	/* Read once: the bytes whose signature is checked are the bytes used. */
	if ((r = buf_read_file(&data, cp_path)) < 0 ||
	    (r = note_parse(&n, data.ptr, data.len, cp_path)) < 0)
		goto done;
	if ((r = checkpoint_verify(&c, &n, kname, pk, cp_path)) < 0) {
		char *m = xstrdup(err_msg());

		/* no signature by the key, a bad one or another log's: all fail to verify */
		r = err_set(ERR_VERIFY, "%s", m);
		free(m);
		goto done;
	}
	memcpy(out, c.root, 32);
	*out_size = c.size;
done:
	free(kname);
	note_release(&n);
	checkpoint_release(&c);
	buf_release(&data);
	return r;
}

/*
 * The trusted root of the tree a proof names as of size `want`, into out;
 * returns an exit code. The size is part of what is trusted: a root hash does
 * not say the size of its tree, and a proof re-labelled with another size of
 * the same path length leads to the same root.
 */
static int trusted_tree(uint8_t out[32], uint64_t want, const char *root_hex, const char *size_arg,
                        const char *cp_path, const char *vkey, const char *what)
{
	uint64_t size;
	int r = trusted_root(out, &size, root_hex, size_arg, cp_path, vkey, what);

	if (r == ERR_USAGE) {
		ui_error("%s", err_msg());
		return EXIT_USAGE;
	}
	if (r < 0)
		return ui_error_last();
	if (size != want) {
		ui_error("the proof's tree for --%s is of size %" PRIu64
		         ", the trusted one of size %" PRIu64,
		         what, want, size);
		return EXIT_NEGATIVE;
	}
	return EXIT_OK;
}

/* One source of trust for a root: --ROOT HEX with --SIZE N, or --CP NOTE; usage error otherwise. */
static int one_source(const struct opt_usage *u, const char *root_opt, const char *root_hex,
                      const char *size_opt, const char *size_arg, const char *cp_opt,
                      const char *cp)
{
	if (root_hex && cp) {
		opt_usage_error(u, "--%s and --%s are two sources for one trusted root; give one",
		                root_opt, cp_opt);
		return -1;
	}
	if (!root_hex && !cp) {
		opt_usage_error(u, "give --%s HEX with --%s N, or --%s NOTE", root_opt, size_opt,
		                cp_opt);
		return -1;
	}
	if (root_hex && !size_arg) {
		opt_usage_error(u,
		                "--%s HEX needs --%s N, the size of its tree (as 'vouch log root' "
		                "prints them): a root alone does not fix the size",
		                root_opt, size_opt);
		return -1;
	}
	if (!root_hex && size_arg) {
		opt_usage_error(u, "--%s goes with --%s (a checkpoint gives its own size)",
		                size_opt, root_opt);
		return -1;
	}
	return 0;
}

static int log_verify_proof(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch log verify-proof",
		"--proof FILE (--root HEX --size N | --checkpoint NOTE --vkey KEY) [--entry FILE | "
		"--leaf HEX]\n--proof FILE (--root HEX --size N | --checkpoint NOTE --vkey KEY) "
		"(--old-root HEX --old-size M | --old-checkpoint NOTE)",
		"Check, offline, a proof printed by 'vouch log prove' (with the entry's bytes or "
		"leaf hash) or by 'vouch log consistency' (with the old root) against a trusted "
		"root and size or a signed checkpoint. Exit 0 when it verifies, 1 when not."
	};
	const char *proof = NULL, *root_hex = NULL, *size_arg = NULL, *cp = NULL, *vkey = NULL,
	           *entry = NULL, *leaf_hex = NULL, *old_hex = NULL, *old_size_arg = NULL,
	           *old_cp = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "proof", &proof, "FILE", "the proof JSON (\"-\" for standard input)"),
		OPT_STRING(0, "root", &root_hex, "HEX", "the trusted root of the tree of --size"),
		OPT_STRING(0, "size", &size_arg, "N", "the size of the tree of --root"),
		OPT_STRING(0, "checkpoint", &cp, "NOTE",
		           "a signed checkpoint giving root and size"),
		OPT_STRING(0, "vkey", &vkey, "KEY",
		           "the checkpoints' verifier key (NAME+ID+KEY, NAME the origin)"),
		OPT_STRING(0, "entry", &entry, "FILE", "the entry's bytes (inclusion proofs)"),
		OPT_STRING(0, "leaf", &leaf_hex, "HEX", "the entry's leaf hash (inclusion proofs)"),
		OPT_STRING(0, "old-root", &old_hex, "HEX", "the old root (consistency proofs)"),
		OPT_STRING(0, "old-size", &old_size_arg, "M", "the size of the tree of --old-root"),
		OPT_STRING(0, "old-checkpoint", &old_cp, "NOTE",
		           "a signed checkpoint giving the old root and size"),
		OPT_END(),
	};
	struct buf data = BUF_INIT_MAX(TLOG_MAX_ENTRY), text = BUF_INIT_MAX(PROOFDOC_MAX_SIZE);
	struct proofdoc *doc = xmalloc(sizeof(*doc));
	struct merkle_hash leaf;
	uint8_t root[32], old_root[32];
	int code, r;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK) {
		code = code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
		goto done;
	}
	code = EXIT_USAGE;
	if (!proof) {
		opt_usage_error(&u, "--proof FILE is required");
		goto done;
	}
	if (argc) {
		opt_usage_error(&u, "unexpected '%s'", argv[0]);
		goto done;
	}
	if (one_source(&u, "root", root_hex, "size", size_arg, "checkpoint", cp) < 0)
		goto done;
	if ((cp || old_cp) && !vkey) {
		opt_usage_error(&u, "a checkpoint needs --vkey NAME+ID+KEY to verify it");
		goto done;
	}
	/* bounded by the proof's own limit: a huge file is refused before it is all read */
	r = !strcmp(proof, "-") ? buf_read_fd(&text, 0, "standard input")
	                        : buf_read_file(&text, proof);
	if (r < 0 || proofdoc_parse(doc, text.ptr, text.len, proof) < 0) {
		code = ui_error_last();
		goto done;
	}
	if (!doc->inclusion && one_source(&u, "old-root", old_hex, "old-size", old_size_arg,
	                                  "old-checkpoint", old_cp) < 0)
		goto done;
	if ((code = trusted_tree(root, doc->size, root_hex, size_arg, cp, vkey, "root")) != EXIT_OK)
		goto done;
	if (doc->has_root && sodium_memcmp(doc->root.b, root, 32) != 0) {
		ui_error("the proof's own \"root\" is not the trusted root");
		code = EXIT_NEGATIVE;
		goto done;
	}
	if (doc->inclusion) {
		if (entry) {
			if (buf_read_file(&data, entry) < 0) {
				code = ui_error_last();
				goto done;
			}
			merkle_leaf_hash(&leaf, data.ptr, data.len);
		} else if (hex32(leaf.b, leaf_hex, "--leaf") < 0) {
			ui_error("an inclusion proof needs --entry FILE or --leaf HEX");
			goto done;
		}
		r = merkle_verify_inclusion(doc->index, doc->size, &leaf, doc->path.h, doc->path.n,
		                            root, 32);
	} else {
		if ((code = trusted_tree(old_root, doc->old, old_hex, old_size_arg, old_cp, vkey,
		                         "old-root")) != EXIT_OK)
			goto done;
		r = merkle_verify_consistency(doc->old, doc->size, old_root, 32, root, 32,
		                              doc->path.h, doc->path.n);
	}
	if (r < 0) {
		ui_error("the proof does not verify: %s", err_msg());
		code = EXIT_NEGATIVE;
		goto done;
	}
	printf("ok\n");
	code = EXIT_OK;
done:
	free(doc);
	buf_release(&data);
	buf_release(&text);
	return code;
}

static const struct subcmd verbs[] = {
	{ "append", log_append, "--log DIR FILE...", "append entries, print their indexes" },
	{ "root", log_root, "--log DIR [--size N]", "print SIZE and the root hash" },
	{ "get", log_get, "--log DIR --index I", "print an entry's bytes" },
	{ "prove", log_prove, "--log DIR --index I [--size N]", "print an inclusion proof" },
	{ "consistency", log_consistency, "--log DIR --old M [--size N]",
	  "print a consistency proof" },
	{ "checkpoint", log_checkpoint, "--log DIR --secret FILE --origin NAME",
	  "sign and store a C2SP checkpoint" },
	{ "verify", log_verify, "--log DIR [--public FILE]",
	  "recompute the tree, check every checkpoint" },
	{ "verify-proof", log_verify_proof, "--proof FILE ...",
	  "check a proof offline against a root or checkpoint" },
	{ "vkey", log_vkey, "--public FILE --origin NAME", "print a C2SP verifier key" },
};

int cmd_log(int argc, char **argv)
{
	return cmd_run_sub(argc, argv, "log", verbs, ARRAY_SIZE(verbs));
}
