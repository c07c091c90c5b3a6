#include "util/compat.h"
#include "harness.h"
#include "core/integrity/note.h"
#include "core/integrity/tlog.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"

#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

/* The stored order of hashes, simulated naively, against tlog_hash_pos / tlog_hash_count. */
static void test_hash_positions(void)
{
	uint64_t pos = 0;

	for (uint64_t x = 0; x < 600; x++) {
		CHECK_INT(tlog_hash_pos(0, x), pos);
		CHECK_INT(tlog_hash_count(x), pos);
		pos++;
		/* leaf x completes the subtree of level l when (x + 1) is a multiple of 2^l */
		for (unsigned l = 1; ((x + 1) & (((uint64_t)1 << l) - 1)) == 0; l++) {
			CHECK_INT(tlog_hash_pos(l, ((x + 1) >> l) - 1), pos);
			pos++;
		}
	}
	CHECK_INT(tlog_hash_count(600), pos);
}

static uint8_t sk[64], pk[32];

static void add_checkpoint(struct tlog *log, const char *origin)
{
	struct merkle_hash root;
	struct buf text = BUF_INIT, note = BUF_INIT, vkey = BUF_INIT;
	uint64_t seq;

	CHECK_OK(tlog_root(&root, log, log->size));
	CHECK_OK(checkpoint_format(&text, origin, log->size, root.b));
	CHECK_OK(note_sign_ed25519(&note, text.ptr, text.len, origin, sk));
	CHECK_OK(note_vkey_format(&vkey, origin, pk));
	CHECK_OK(tlog_checkpoint_store(&seq, log, note.ptr, note.len, vkey.ptr));
	buf_release(&text);
	buf_release(&note);
	buf_release(&vkey);
}

/* What `vouch log verify` checks, in process. */
static int verify_all(const char *dir, const uint8_t *trusted)
{
	struct tlog log = TLOG_INIT;
	uint64_t bad;
	size_t n;
	int r;

	if ((r = tlog_open(&log, dir, 0)) == 0 && (r = tlog_verify_tree(&bad, &log)) == 0)
		r = tlog_verify_checkpoints(&n, &log, trusted);
	tlog_release(&log);
	return r;
}

static void build_log(const char *dir)
{
	struct tlog log = TLOG_INIT;
	uint64_t idx;
	static const char *const e[] = { "alpha", "", "gamma gamma", "d", "epsilon" };
	uint8_t seed[32] = { 42 };

	crypto_sign_seed_keypair(pk, sk, seed);
	CHECK_OK(tlog_open(&log, dir, TLOG_CREATE));
	CHECK_OK(tlog_add(&idx, &log, e[0], strlen(e[0])));
	CHECK_OK(tlog_add(&idx, &log, e[1], strlen(e[1])));
	CHECK_OK(tlog_commit(&log));
	add_checkpoint(&log, "example.com/unit");
	for (int i = 2; i < 5; i++)
		CHECK_OK(tlog_add(&idx, &log, e[i], strlen(e[i])));
	CHECK_OK(tlog_commit(&log));
	CHECK_INT(idx, 4);
	add_checkpoint(&log, "example.com/unit");
	tlog_release(&log);
}

static void flip_file(const char *dir, const char *rel, size_t *nflips, struct buf *missed)
{
	struct buf path = BUF_INIT, orig = BUF_INIT;
	int fd;

	buf_addf(&path, "%s/%s", dir, rel);
	CHECK_OK(buf_read_file(&orig, path.ptr));
	fd = open(path.ptr, O_RDWR);
	CHECK(fd >= 0);
	for (size_t off = 0; off < orig.len; off++) {
		static const uint8_t masks[] = { 0x01, 0x80, 0xff };

		for (size_t m = 0; m < ARRAY_SIZE(masks); m++) {
			uint8_t b = (uint8_t)orig.ptr[off] ^ masks[m];
			int r;

			CHECK(pwrite(fd, &b, 1, (off_t)off) == 1);
			r = verify_all(dir, pk);
			if (r != ERR_VERIFY)
				buf_addf(missed, "  %s@%zu^%02x: %d %s\n", rel, off, masks[m], r,
				         r ? err_msg() : "verified");
			CHECK(pwrite(fd, orig.ptr + off, 1, (off_t)off) == 1);
			(*nflips)++;
		}
	}
	close(fd);
	buf_release(&path);
	buf_release(&orig);
}

/*
 * docs/internals/tlog.md argues that every changed byte of every file is
 * detected: here each byte of each file of a small log with two checkpoints
 * is changed three ways (xor 0x01, 0x80, 0xff), one at a time.
 */
static void test_every_flipped_byte_is_detected(void)
{
	const char *dir = harness_tmpdir();
	static const char *const files[] = {
		"format",
		"entries",
		"index",
		"hashes",
		"checkpoints/0000000001.note",
		"checkpoints/0000000001.vkey",
		"checkpoints/0000000002.note",
		"checkpoints/0000000002.vkey",
	};
	struct buf missed = BUF_INIT;
	size_t nflips = 0;

	build_log(dir);
	CHECK_OK(verify_all(dir, pk));
	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		flip_file(dir, files[i], &nflips, &missed);
	CHECK_OK(verify_all(dir, pk));
	if (missed.len)
		harness_fail(__FILE__, __LINE__, "undetected flips:\n%s", missed.ptr);
	printf("# %zu flips over %zu files, all detected\n", nflips, ARRAY_SIZE(files));
	CHECK(nflips > 1500);
	buf_release(&missed);
}

static void append_bytes(const char *dir, const char *rel, const char *data, size_t n)
{
	struct buf path = BUF_INIT;
	int fd;

	buf_addf(&path, "%s/%s", dir, rel);
	fd = open(path.ptr, O_WRONLY | O_APPEND);
	CHECK(fd >= 0 && write(fd, data, n) == (ssize_t)n);
	close(fd);
	buf_release(&path);
}

static void test_torn_tails_are_harmless_and_cut(void)
{
	const char *dir = harness_tmpdir();
	struct tlog log = TLOG_INIT;
	struct merkle_hash before, after;
	uint64_t idx;

	build_log(dir);
	CHECK_OK(tlog_open(&log, dir, 0));
	CHECK_OK(tlog_root(&before, &log, log.size));
	tlog_release(&log);
	append_bytes(dir, "entries", "torn", 4);
	append_bytes(dir, "index", "\x00\x00\x00", 3);
	append_bytes(dir, "hashes", "0123456789012345678901234567890123456789", 40);
	CHECK_OK(verify_all(dir, pk));
	CHECK_OK(tlog_open(&log, dir, 0));
	CHECK_OK(tlog_root(&after, &log, log.size));
	CHECK(!memcmp(before.b, after.b, 32));
	CHECK_INT(log.size, 5);
	tlog_release(&log);
	CHECK_OK(tlog_open(&log, dir, TLOG_WRITE));
	CHECK_INT(log.repaired_entries, 4);
	CHECK_INT(log.repaired_index, 3);
	CHECK_INT(log.repaired_hashes, 40);
	CHECK_OK(tlog_add(&idx, &log, "next", 4));
	CHECK_OK(tlog_commit(&log));
	CHECK_INT(idx, 5);
	tlog_release(&log);
	CHECK_OK(verify_all(dir, pk));
}

static void test_wrong_trusted_key_and_reads(void)
{
	const char *dir = harness_tmpdir();
	uint8_t other[32] = { 1 };
	struct tlog log = TLOG_INIT;
	struct buf e = BUF_INIT;

	build_log(dir);
	CHECK_INT(verify_all(dir, other), ERR_VERIFY);
	CHECK_OK(verify_all(dir, NULL));
	CHECK_OK(tlog_open(&log, dir, 0));
	CHECK_OK(tlog_get(&e, &log, 2));
	CHECK_STR(e.ptr, "gamma gamma");
	buf_reset(&e);
	CHECK_OK(tlog_get(&e, &log, 1));
	CHECK_INT(e.len, 0);
	CHECK_INT(tlog_get(&e, &log, 5), ERR_NOTFOUND);
	tlog_release(&log);
	CHECK_INT(tlog_open(&log, "/nonexistent-vouch-log", 0), ERR_NOTFOUND);
	tlog_release(&log);
	buf_release(&e);
}

RUN_TESTS("tlog", T(test_hash_positions), T(test_every_flipped_byte_is_detected),
          T(test_torn_tails_are_harmless_and_cut), T(test_wrong_trusted_key_and_reads))
