#include "util/compat.h"
#include "core/integrity/tlog.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/num.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Test hook: VOUCH_TEST_CRASH=NAME kills the process with SIGKILL at the
 * named step of an append, so tests can stop it exactly between two writes
 * (docs/internals/tlog.md lists the steps). Unset, it costs a getenv.
 */
static void crash_point(const char *name)
{
	const char *want = getenv("VOUCH_TEST_CRASH");

	if (want && !strcmp(want, name))
		raise(SIGKILL);
}

uint64_t tlog_hash_count(uint64_t n)
{
	return 2 * n - (uint64_t)__builtin_popcountll(n);
}

/*
 * Hashes are stored in post-order: leaf x, then each subtree that leaf x
 * completes, lowest level first. Before leaf x come 2x - popcount(x) hashes
 * (x leaves plus x - popcount(x) parents, by Legendre's formula), and the
 * subtree (level, index) is written right after its last leaf, at level
 * places past it.
 */
uint64_t tlog_hash_pos(unsigned level, uint64_t index)
{
	uint64_t x = ((index + 1) << level) - 1;

	return tlog_hash_count(x) + level;
}

static void put_be64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (uint8_t)v;
		v >>= 8;
	}
}

static uint64_t get_be64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static int pread_all(int fd, void *buf, size_t len, uint64_t off, const char *dir, const char *name)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return err_set_errno(ERR_IO, "cannot read '%s/%s'", dir, name);
		if (n == 0)
			return err_set(ERR_VERIFY, "'%s/%s' is shorter than its index says", dir,
			               name);
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

static int pwrite_all(int fd, const void *buf, size_t len, uint64_t off, const char *dir,
                      const char *name)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return err_set_errno(ERR_IO, "cannot write '%s/%s'", dir, name);
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

static int file_size(uint64_t *out, int fd, const char *dir, const char *name)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return err_set_errno(ERR_IO, "cannot stat '%s/%s'", dir, name);
	if (!S_ISREG(st.st_mode))
		return err_set(ERR_VERIFY, "'%s/%s' is not a regular file", dir, name);
	*out = (uint64_t)st.st_size;
	return 0;
}

/*
 * Opens one of the log's files. O_NONBLOCK and the fstat on the descriptor keep a FIFO or a
 * device put in place of a log file from hanging or feeding a reader: anything but a
 * regular file is damage (ERR_VERIFY), as file_size() says of a file that changed kind.
 */
static int open_in(int *out, const char *dir, const char *name, int flags)
{
	struct buf p = BUF_INIT;
	struct stat st;
	int fd, fl;

	buf_addf(&p, "%s/%s", dir, name);
	fd = open(p.ptr, flags | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0644);
	buf_release(&p);
	if (fd < 0) {
		if (errno == ENOENT)
			return err_set(ERR_VERIFY, "log '%s' has no '%s' file", dir, name);
		return err_set_errno(ERR_IO, "cannot open '%s/%s'", dir, name);
	}
	if (fstat(fd, &st) < 0) {
		close(fd);
		return err_set_errno(ERR_IO, "cannot stat '%s/%s'", dir, name);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(ERR_VERIFY, "'%s/%s' is not a regular file", dir, name);
	}
	fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	*out = fd;
	return 0;
}

static int read_end(uint64_t *out, struct tlog *log, uint64_t i)
{
	uint8_t b[8];
	int r = pread_all(log->fd_index, b, 8, i * 8, log->dir, "index");

	if (r < 0)
		return r;
	*out = get_be64(b);
	return 0;
}

static int read_hash(struct merkle_hash *out, struct tlog *log, uint64_t pos)
{
	return pread_all(log->fd_hashes, out->b, MERKLE_HASH_LEN, pos * MERKLE_HASH_LEN, log->dir,
	                 "hashes");
}

static int source_get(struct merkle_hash *out, unsigned level, uint64_t index, void *payload)
{
	struct tlog *log = payload;

	if (level > 62 || index >= (log->size >> level))
		return err_set(ERR_NOTFOUND, "the log has no subtree %u/%" PRIu64, level, index);
	return read_hash(out, log, tlog_hash_pos(level, index));
}

void tlog_source(struct merkle_source *out, struct tlog *log)
{
	out->get = source_get;
	out->payload = log;
}

int tlog_root(struct merkle_hash *out, struct tlog *log, uint64_t size)
{
	struct merkle_source src;

	if (size > log->size)
		return err_set(ERR_NOTFOUND, "the log has %" PRIu64 " entries, not %" PRIu64,
		               log->size, size);
	tlog_source(&src, log);
	return merkle_root(out, &src, 0, size);
}

/* Creates an empty log; called with the lock held. The format file goes last: it marks a log. */
static int create_files(const char *dir)
{
	static const char *const files[] = { "entries", "index", "hashes" };
	struct buf p = BUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < ARRAY_SIZE(files) && ret == 0; i++) {
		int fd = -1;

		if ((ret = open_in(&fd, dir, files[i], O_RDWR | O_CREAT)) < 0)
			break;
		if (fsync(fd) < 0)
			ret = err_set_errno(ERR_IO, "cannot sync '%s/%s'", dir, files[i]);
		close(fd);
	}
	if (ret == 0) {
		buf_addf(&p, "%s/checkpoints", dir);
		if (mkdir(p.ptr, 0755) < 0 && errno != EEXIST)
			ret = err_set_errno(ERR_IO, "cannot create '%s'", p.ptr);
	}
	if (ret == 0 && (ret = fs_sync_dir(dir)) == 0) {
		buf_reset(&p);
		buf_addf(&p, "%s/format", dir);
		ret = fs_write_atomic(p.ptr, TLOG_FORMAT, strlen(TLOG_FORMAT), 0644, 0);
	}
	buf_release(&p);
	return ret;
}

/* 0 when dir holds a log, ERR_NOTFOUND when it has no format file, ERR_VERIFY when bad. */
static int check_format(const char *dir)
{
	struct buf p = BUF_INIT, f = BUF_INIT_MAX(64);
	int ret;

	buf_addf(&p, "%s/format", dir);
	if (!fs_exists(p.ptr)) {
		ret = err_set(ERR_NOTFOUND, "'%s' is not a vouch log (no 'format' file)", dir);
		goto done;
	}
	if ((ret = buf_read_file(&f, p.ptr)) < 0) {
		if (ret == ERR_TOOBIG)
			ret = err_set(ERR_VERIFY, "'%s' is not a vouch log format", p.ptr);
		else if (ret == ERR_UNSUPPORTED) /* a FIFO or device in the log is damage */
			ret = err_set(ERR_VERIFY, "'%s' is not a regular file", p.ptr);
		goto done;
	}
	if (!buf_eqs(&f, TLOG_FORMAT))
		ret = err_set(ERR_VERIFY, "'%s' does not say \"vouch-tlog 1\"", p.ptr);
done:
	buf_release(&p);
	buf_release(&f);
	return ret;
}

static int load_state(struct tlog *log)
{
	uint64_t isz, esz, hsz, n, want_h;
	int ret;

	if ((ret = file_size(&isz, log->fd_index, log->dir, "index")) < 0 ||
	    (ret = file_size(&esz, log->fd_entries, log->dir, "entries")) < 0 ||
	    (ret = file_size(&hsz, log->fd_hashes, log->dir, "hashes")) < 0)
		return ret;
	n = isz / 8;
	if (n > MERKLE_MAX_SIZE)
		return err_set(ERR_VERIFY, "'%s/index' is too large", log->dir);
	log->size = n;
	log->entries_end = 0;
	if (n && (ret = read_end(&log->entries_end, log, n - 1)) < 0)
		return ret;
	if (log->entries_end > esz)
		return err_set(ERR_VERIFY,
		               "log '%s' is damaged: index ends at byte %" PRIu64
		               " of 'entries', which has %" PRIu64,
		               log->dir, log->entries_end, esz);
	want_h = tlog_hash_count(n);
	if (hsz / MERKLE_HASH_LEN < want_h)
		return err_set(ERR_VERIFY,
		               "log '%s' is damaged: 'hashes' holds %" PRIu64 " hashes, %" PRIu64
		               " entries need %" PRIu64,
		               log->dir, hsz / MERKLE_HASH_LEN, n, want_h);
	if (log->writable) {
		/* Cut what an interrupted append left past the committed end. */
		log->repaired_index = isz - n * 8;
		log->repaired_entries = esz - log->entries_end;
		log->repaired_hashes = hsz - want_h * MERKLE_HASH_LEN;
		if ((log->repaired_index && ftruncate(log->fd_index, (off_t)(n * 8)) < 0) ||
		    (log->repaired_entries &&
		     ftruncate(log->fd_entries, (off_t)log->entries_end) < 0) ||
		    (log->repaired_hashes &&
		     ftruncate(log->fd_hashes, (off_t)(want_h * MERKLE_HASH_LEN)) < 0))
			return err_set_errno(ERR_IO, "cannot cut the torn tail of log '%s'",
			                     log->dir);
	}
	for (unsigned l = 0; l < 63; l++) {
		if (!((n >> l) & 1))
			continue;
		if ((ret = read_hash(&log->frontier[l], log, tlog_hash_pos(l, (n >> l) - 1))) < 0)
			return ret;
	}
	log->pending = 0;
	log->pending_end = log->entries_end;
	log->hashes_end = want_h * MERKLE_HASH_LEN;
	return 0;
}

/* A writer appends only after the last entry still matches its stored leaf hash. */
static int check_last_entry(struct tlog *log)
{
	struct buf data = BUF_INIT_MAX(TLOG_MAX_ENTRY);
	struct merkle_hash want, got;
	int ret;

	if (!log->size)
		return 0;
	if ((ret = tlog_get(&data, log, log->size - 1)) < 0)
		goto done;
	if ((ret = read_hash(&want, log, tlog_hash_pos(0, log->size - 1))) < 0)
		goto done;
	merkle_leaf_hash(&got, data.ptr, data.len);
	if (memcmp(want.b, got.b, MERKLE_HASH_LEN))
		ret = err_set(ERR_VERIFY,
		              "log '%s' is damaged: entry %" PRIu64
		              " does not match its stored hash; run 'vouch log verify'",
		              log->dir, log->size - 1);
done:
	buf_release(&data);
	return ret;
}

int tlog_open(struct tlog *out, const char *dir, unsigned flags)
{
	int ret, oflags;

	if (flags & TLOG_CREATE)
		flags |= TLOG_WRITE;
	out->dir = xstrdup(dir);
	out->writable = flags & TLOG_WRITE;
	if (flags & TLOG_CREATE) {
		struct stat st;

		if (stat(dir, &st) < 0 && (ret = fs_mkdirs(dir, 0755)) < 0)
			goto done;
	}
	if (flags & TLOG_WRITE) {
		if ((ret = check_format(dir)) < 0 &&
		    !(ret == ERR_NOTFOUND && (flags & TLOG_CREATE)))
			goto done;
		if ((ret = open_in(&out->fd_lock, dir, "lock", O_RDWR | O_CREAT)) < 0)
			goto done;
		while ((ret = flock(out->fd_lock, LOCK_EX)) < 0 && errno == EINTR)
			;
		if (ret < 0) {
			ret = err_set_errno(ERR_IO, "cannot lock '%s/lock'", dir);
			goto done;
		}
		/* Another writer may have created it while we waited. */
		if ((ret = check_format(dir)) == ERR_NOTFOUND && (flags & TLOG_CREATE))
			ret = create_files(dir);
		if (ret < 0)
			goto done;
	} else if ((ret = check_format(dir)) < 0) {
		goto done;
	}
	oflags = out->writable ? O_RDWR : O_RDONLY;
	if ((ret = open_in(&out->fd_entries, dir, "entries", oflags)) < 0 ||
	    (ret = open_in(&out->fd_index, dir, "index", oflags)) < 0 ||
	    (ret = open_in(&out->fd_hashes, dir, "hashes", oflags)) < 0)
		goto done;
	if ((ret = load_state(out)) < 0)
		goto done;
	if (out->writable)
		ret = check_last_entry(out);
done:
	return ret < 0 ? ret : 0;
}

void tlog_release(struct tlog *log)
{
	if (!log)
		return;
	if (log->fd_entries >= 0)
		close(log->fd_entries);
	if (log->fd_index >= 0)
		close(log->fd_index);
	if (log->fd_hashes >= 0)
		close(log->fd_hashes);
	if (log->fd_lock >= 0)
		close(log->fd_lock); /* releases the flock */
	free(log->dir);
	buf_release(&log->pending_index);
	*log = (struct tlog)TLOG_INIT;
}

int tlog_get(struct buf *out, struct tlog *log, uint64_t index)
{
	uint64_t start = 0, end;
	int ret;

	if (index >= log->size)
		return err_set(ERR_NOTFOUND,
		               "no entry %" PRIu64 " in log '%s' of %" PRIu64 " entries", index,
		               log->dir, log->size);
	if ((index && (ret = read_end(&start, log, index - 1)) < 0) ||
	    (ret = read_end(&end, log, index)) < 0)
		return ret;
	if (end < start || end > log->entries_end || end - start > TLOG_MAX_ENTRY)
		return err_set(ERR_VERIFY,
		               "log '%s' is damaged: the index record of entry %" PRIu64
		               " is out of order; run 'vouch log verify'",
		               log->dir, index);
	if ((ret = buf_grow(out, (size_t)(end - start))) < 0)
		return ret;
	if ((ret = pread_all(log->fd_entries, out->ptr + out->len, (size_t)(end - start), start,
	                     log->dir, "entries")) < 0)
		return ret;
	out->len += (size_t)(end - start);
	out->ptr[out->len] = '\0';
	return 0;
}

int tlog_add(uint64_t *out_index, struct tlog *log, const void *data, size_t len)
{
	struct merkle_hash hs[64], carry;
	uint64_t n = log->size + log->pending;
	uint8_t rec[8];
	unsigned l = 0, k = 0;
	int ret;

	if (!log->writable)
		BUG("tlog_add on a log opened read-only");
	if (len > TLOG_MAX_ENTRY)
		return err_set(ERR_TOOBIG, "an entry is limited to %zu bytes", TLOG_MAX_ENTRY);
	if (n >= MERKLE_MAX_SIZE)
		return err_set(ERR_TOOBIG, "log '%s' is full", log->dir);
	if ((ret = pwrite_all(log->fd_entries, data, len, log->pending_end, log->dir, "entries")) <
	    0)
		return ret;
	crash_point("after-entries");
	merkle_leaf_hash(&carry, data, len);
	hs[k++] = carry;
	/* A binary increment of the right edge: each carry completes one subtree. */
	for (; (n >> l) & 1; l++) {
		merkle_node_hash(&carry, &log->frontier[l], &carry);
		hs[k++] = carry;
	}
	if ((ret = pwrite_all(log->fd_hashes, hs, k * sizeof(hs[0]), log->hashes_end, log->dir,
	                      "hashes")) < 0)
		return ret;
	crash_point("after-hashes");
	log->frontier[l] = carry;
	log->hashes_end += k * sizeof(hs[0]);
	log->pending_end += len;
	put_be64(rec, log->pending_end);
	if ((ret = buf_add(&log->pending_index, rec, 8)) < 0)
		return ret;
	log->pending++;
	*out_index = n;
	return 0;
}

int tlog_commit(struct tlog *log)
{
	int ret;

	if (!log->pending)
		return 0;
	if (fsync(log->fd_entries) < 0 || fsync(log->fd_hashes) < 0)
		return err_set_errno(ERR_IO, "cannot sync log '%s'", log->dir);
	crash_point("before-index");
	if (getenv("VOUCH_TEST_CRASH") && !strcmp(getenv("VOUCH_TEST_CRASH"), "mid-index")) {
		/* half of the last record, as a crash inside write(2) could leave */
		size_t part = log->pending_index.len - 4;

		if (pwrite_all(log->fd_index, log->pending_index.ptr, part, log->size * 8, log->dir,
		               "index") == 0)
			crash_point("mid-index");
	}
	if ((ret = pwrite_all(log->fd_index, log->pending_index.ptr, log->pending_index.len,
	                      log->size * 8, log->dir, "index")) < 0)
		return ret;
	if (fsync(log->fd_index) < 0)
		return err_set_errno(ERR_IO, "cannot sync '%s/index'", log->dir);
	log->size += log->pending;
	log->entries_end = log->pending_end;
	log->pending = 0;
	buf_reset(&log->pending_index);
	crash_point("after-commit");
	return 0;
}

/* Sequential reads of a file in large blocks, for verify. */
struct seq {
	int fd;
	uint64_t off;
	uint8_t *buf;
	size_t len, pos;
};

static int seq_read(struct seq *s, void *out, size_t n, const char *dir, const char *name)
{
	uint8_t *o = out;

	while (n) {
		size_t take;

		if (s->pos == s->len) {
			ssize_t r = pread(s->fd, s->buf, 1 << 16, (off_t)s->off);

			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				return err_set_errno(ERR_IO, "cannot read '%s/%s'", dir, name);
			if (r == 0)
				return err_set(ERR_VERIFY, "'%s/%s' ends early", dir, name);
			s->len = (size_t)r;
			s->pos = 0;
			s->off += (uint64_t)r;
		}
		take = s->len - s->pos < n ? s->len - s->pos : n;
		memcpy(o, s->buf + s->pos, take);
		s->pos += take;
		o += take;
		n -= take;
	}
	return 0;
}

/* The root of the first n leaves from the frontier: perfect subtrees folded right to left. */
static void frontier_root(struct merkle_hash *out, const struct merkle_hash *front, uint64_t n)
{
	bool have = false;

	if (n == 0) {
		merkle_empty_root(out);
		return;
	}
	for (unsigned l = 0; l < 64; l++) {
		if (!((n >> l) & 1))
			continue;
		if (have)
			merkle_node_hash(out, &front[l], out);
		else
			*out = front[l];
		have = true;
	}
}

int tlog_verify_tree(uint64_t *out_bad, struct tlog *log)
{
	return tlog_verify_tree_roots(out_bad, log, NULL, NULL, 0);
}

int tlog_verify_tree_roots(uint64_t *out_bad, struct tlog *log, const uint64_t *sizes,
                           struct merkle_hash *roots, size_t nsizes)
{
	struct seq idx = { log->fd_index, 0, xmalloc(1 << 16), 0, 0 };
	struct seq hsh = { log->fd_hashes, 0, xmalloc(1 << 16), 0, 0 };
	struct seq ent = { log->fd_entries, 0, xmalloc(1 << 16), 0, 0 };
	struct buf data = BUF_INIT_MAX(TLOG_MAX_ENTRY);
	struct merkle_hash front[64], carry, stored;
	uint64_t start = 0, end;
	uint8_t rec[8];
	size_t k = 0;
	int ret = 0;

	for (; k < nsizes && sizes[k] == 0; k++)
		merkle_empty_root(&roots[k]);
	for (uint64_t i = 0; i < log->size; i++) {
		unsigned l = 0;

		*out_bad = i;
		if ((ret = seq_read(&idx, rec, 8, log->dir, "index")) < 0)
			goto done;
		end = get_be64(rec);
		if (end < start || end - start > TLOG_MAX_ENTRY || end > log->entries_end) {
			ret = err_set(ERR_VERIFY,
			              "entry %" PRIu64 ": its index record (end offset %" PRIu64
			              ") is out of order",
			              i, end);
			goto done;
		}
		buf_reset(&data);
		if ((ret = buf_grow(&data, (size_t)(end - start))) < 0 ||
		    (ret = seq_read(&ent, data.ptr, (size_t)(end - start), log->dir, "entries")) <
		            0)
			goto done;
		data.len = (size_t)(end - start);
		merkle_leaf_hash(&carry, data.ptr, data.len);
		if ((ret = seq_read(&hsh, stored.b, MERKLE_HASH_LEN, log->dir, "hashes")) < 0)
			goto done;
		if (memcmp(stored.b, carry.b, MERKLE_HASH_LEN)) {
			ret = err_set(
			        ERR_VERIFY,
			        "entry %" PRIu64
			        ": its bytes do not match the stored leaf hash (the entry, its "
			        "index record or its hash was changed)",
			        i);
			goto done;
		}
		for (; (i >> l) & 1; l++) {
			merkle_node_hash(&carry, &front[l], &carry);
			if ((ret = seq_read(&hsh, stored.b, MERKLE_HASH_LEN, log->dir, "hashes")) <
			    0)
				goto done;
			if (memcmp(stored.b, carry.b, MERKLE_HASH_LEN)) {
				uint64_t first = i + 1 - ((uint64_t)1 << (l + 1));

				ret = err_set(ERR_VERIFY,
				              "entry %" PRIu64
				              ": the stored hash of entries %" PRIu64 "..%" PRIu64
				              " differs from the recomputed one",
				              i, first, i);
				goto done;
			}
		}
		front[l] = carry;
		start = end;
		for (; k < nsizes && sizes[k] == i + 1; k++)
			frontier_root(&roots[k], front, i + 1);
	}
	if (start != log->entries_end) {
		*out_bad = log->size ? log->size - 1 : 0;
		ret = err_set(ERR_VERIFY, "the index does not end where the entries end");
	} else if (k != nsizes) {
		BUG("tlog_verify_tree_roots: sizes not ascending or beyond the log");
	}
done:
	free(idx.buf);
	free(hsh.buf);
	free(ent.buf);
	buf_release(&data);
	return ret;
}

static int cmp_cp(const void *a, const void *b)
{
	const struct tlog_checkpoint *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void tlog_checkpoints_release(struct tlog_checkpoints *c)
{
	for (size_t i = 0; i < c->n; i++) {
		buf_release(&c->v[i].note);
		buf_release(&c->v[i].vkey);
	}
	free(c->v);
	c->v = NULL;
	c->n = c->alloc = 0;
}

/* "NNNNNNNNNN.note" -> NNNNNNNNNN; false for any other name. */
static bool note_name(uint64_t *seq, const char *name)
{
	size_t n = strlen(name);

	return n == 15 && !strcmp(name + 10, ".note") &&
	       num_parse_u64(seq, name, 10, TLOG_MAX_CHECKPOINT, NUM_ALLOW_LEADING_ZERO) == 0;
}

int tlog_checkpoints_load(struct tlog_checkpoints *out, struct tlog *log)
{
	struct buf dir = BUF_INIT, p = BUF_INIT;
	struct dirent *de;
	DIR *d;
	int ret = 0;

	buf_addf(&dir, "%s/checkpoints", log->dir);
	d = opendir(dir.ptr);
	if (!d) {
		ret = errno == ENOENT ? err_set(ERR_VERIFY, "log '%s' has no 'checkpoints' folder",
		                                log->dir)
		                      : err_set_errno(ERR_IO, "cannot read '%s'", dir.ptr);
		goto done;
	}
	while ((de = readdir(d)) != NULL) {
		struct tlog_checkpoint *c;
		uint64_t seq;

		if (!note_name(&seq, de->d_name))
			continue;
		ALLOC_GROW(out->v, out->n + 1, out->alloc);
		c = &out->v[out->n++];
		c->seq = seq;
		buf_init(&c->note, TLOG_MAX_NOTE);
		buf_init(&c->vkey, 1024);
	}
	closedir(d);
	QSORT(out->v, out->n, cmp_cp);
	for (size_t i = 0; i < out->n; i++) {
		struct tlog_checkpoint *c = &out->v[i];

		if (c->seq != i + 1) {
			ret = err_set(ERR_VERIFY, "checkpoint %zu of log '%s' is missing", i + 1,
			              log->dir);
			goto done;
		}
		buf_reset(&p);
		buf_addf(&p, "%s/%010" PRIu64 ".note", dir.ptr, c->seq);
		if ((ret = buf_read_file(&c->note, p.ptr)) < 0)
			goto done;
		buf_reset(&p);
		buf_addf(&p, "%s/%010" PRIu64 ".vkey", dir.ptr, c->seq);
		if (!fs_exists(p.ptr)) {
			ret = err_set(ERR_VERIFY,
			              "checkpoint %" PRIu64 " of log '%s' has no key file", c->seq,
			              log->dir);
			goto done;
		}
		if ((ret = buf_read_file(&c->vkey, p.ptr)) < 0)
			goto done;
		if (c->vkey.len && c->vkey.ptr[c->vkey.len - 1] == '\n')
			buf_truncate(&c->vkey, c->vkey.len - 1);
	}
done:
	/* too large or unparsable files are damage; only a failing read is an I/O error */
	if (ret < 0 && ret != ERR_IO)
		ret = ERR_VERIFY;
	buf_release(&dir);
	buf_release(&p);
	return ret;
}

int tlog_checkpoint_store(uint64_t *out_seq, struct tlog *log, const char *note, size_t note_len,
                          const char *vkey)
{
	struct tlog_checkpoints all = TLOG_CHECKPOINTS_INIT;
	struct buf p = BUF_INIT, v = BUF_INIT;
	uint64_t seq;
	int ret;

	if (!log->writable)
		BUG("tlog_checkpoint_store on a log opened read-only");
	if ((ret = tlog_checkpoints_load(&all, log)) < 0)
		goto done;
	seq = all.n + 1;
	if (seq > TLOG_MAX_CHECKPOINT) {
		ret = err_set(ERR_TOOBIG, "log '%s' has too many checkpoints", log->dir);
		goto done;
	}
	/* The key first: a note without its key never exists; a key without a note is ignored. */
	buf_addf(&p, "%s/checkpoints/%010" PRIu64 ".vkey", log->dir, seq);
	buf_addf(&v, "%s\n", vkey);
	if ((ret = fs_write_atomic(p.ptr, v.ptr, v.len, 0644, 0)) < 0)
		goto done;
	buf_reset(&p);
	buf_addf(&p, "%s/checkpoints/%010" PRIu64 ".note", log->dir, seq);
	if ((ret = fs_write_atomic(p.ptr, note, note_len, 0644, FS_NO_CLOBBER)) < 0)
		goto done;
	*out_seq = seq;
done:
	tlog_checkpoints_release(&all);
	buf_release(&p);
	buf_release(&v);
	return ret;
}
