/*
 * fuzz_tlog: opening and verifying a fuzzed log folder image
 * (core/integrity/tlog.h). The input is cut into the files of a log
 * (entries, index, hashes, one checkpoint note and its vkey), each a
 * 2-byte big-endian length and its bytes; they are written to a fresh
 * folder, then the log is opened read-only, verified, and its checkpoints
 * loaded and parsed, as `vouch log verify` does.
 */
#include "util/compat.h"
#include "core/integrity/note.h"
#include "core/integrity/tlog.h"
#include "util/buf.h"
#include "util/fs.h"

#include <sodium.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void put(const char *name, const uint8_t **p, size_t *left)
{
	struct buf path = BUF_INIT;
	size_t n = 0;

	if (*left >= 2) {
		n = (size_t)((*p)[0] << 8 | (*p)[1]);
		*p += 2;
		*left -= 2;
	}
	if (n > *left)
		n = *left;
	buf_addf(&path, "%s/%s", dir, name);
	{
		/* no fsync: this folder is scratch, and speed is what finds bugs */
		int fd = open(path.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

		if (fd < 0 || (n && write(fd, *p, n) != (ssize_t)n))
			abort();
		close(fd);
	}
	*p += n;
	*left -= n;
	buf_release(&path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tlog log = TLOG_INIT;
	struct tlog_checkpoints cps = TLOG_CHECKPOINTS_INIT;
	struct buf p = BUF_INIT;
	uint64_t bad;

	if (sodium_init() < 0)
		abort();
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/fuzz_tlog.%d", (int)getpid());
		mkdir(dir, 0755);
		buf_addf(&p, "%s/checkpoints", dir);
		mkdir(p.ptr, 0755);
		buf_reset(&p);
		buf_addf(&p, "%s/format", dir);
		fs_write_atomic(p.ptr, TLOG_FORMAT, strlen(TLOG_FORMAT), 0644, 0);
	}
	put("entries", &data, &size);
	put("index", &data, &size);
	put("hashes", &data, &size);
	put("checkpoints/0000000001.note", &data, &size);
	put("checkpoints/0000000001.vkey", &data, &size);
	if (tlog_open(&log, dir, 0) == 0) {
		struct merkle_hash root;
		size_t ncp;

		if (tlog_verify_tree(&bad, &log) == 0)
			(void)tlog_root(&root, &log, log.size);
		(void)tlog_verify(&bad, &ncp, &root, &log, NULL);
		if (tlog_checkpoints_load(&cps, &log) == 0) {
			for (size_t i = 0; i < cps.n; i++) {
				struct note n = NOTE_INIT;
				struct checkpoint c = CHECKPOINT_INIT;

				if (note_parse(&n, cps.v[i].note.ptr, cps.v[i].note.len, "cp") ==
				            0 &&
				    checkpoint_parse(&c, n.text, n.textlen, "cp") == 0 &&
				    c.size <= log.size)
					(void)tlog_root(&root, &log, c.size);
				checkpoint_release(&c);
				note_release(&n);
			}
		}
		tlog_checkpoints_release(&cps);
	}
	tlog_release(&log);
	buf_release(&p);
	return 0;
}
