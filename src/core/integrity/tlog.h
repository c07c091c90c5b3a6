/*
 * tlog.h: an append-only RFC 9162 Merkle log in a folder.
 *
 * The layout, the commit protocol and why every byte of every file is either
 * checked by tlog_verify() or harmless are in docs/internals/tlog.md. In short:
 *
 *   format        "vouch-tlog 1\n"; anything else is refused
 *   lock          empty; flock(2) LOCK_EX by writers only
 *   entries       the entries' bytes, back to back
 *   index         per entry, the big-endian uint64 end offset in entries
 *   hashes        every complete subtree hash, in post-order (leaf, then the
 *                 parents that leaf completes): 2n - popcount(n) hashes of 32 bytes
 *   checkpoints/  NNNNNNNNNN.note (a signed checkpoint) and NNNNNNNNNN.vkey
 *
 * The tree size is the number of complete records in index. An append writes
 * entries and hashes, fsyncs both, then writes the index records and fsyncs
 * index: only then is an index acknowledged. Bytes past what index commits
 * (an interrupted append) are ignored by readers and cut by the next writer,
 * which reports them in struct tlog's repaired_* fields.
 *
 * Readers take no lock: they read the committed size once and never look
 * past it, and writers never change committed bytes.
 */
#ifndef VOUCH_TLOG_H
#define VOUCH_TLOG_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/integrity/merkle.h"

#define TLOG_FORMAT         "vouch-tlog 1\n"
#define TLOG_MAX_ENTRY      ((size_t)64 << 20) /* one entry, bytes */
#define TLOG_MAX_NOTE       ((size_t)64 << 10) /* one stored checkpoint */
#define TLOG_MAX_CHECKPOINT 9999999999ULL

enum tlog_flags {
	TLOG_WRITE = 1 << 0,  /* take the writer lock, cut torn tails */
	TLOG_CREATE = 1 << 1, /* create the folder and an empty log if missing (implies WRITE) */
};

struct tlog {
	char *dir;
	int fd_entries, fd_index, fd_hashes, fd_lock;
	bool writable;
	uint64_t size;        /* committed entries */
	uint64_t entries_end; /* committed bytes of entries */
	/* the right edge of the tree: frontier[l] is valid when bit l of pending size is set */
	struct merkle_hash frontier[64];
	/* an append in progress (tlog_add without tlog_commit) */
	uint64_t pending;     /* entries added, not committed */
	uint64_t pending_end; /* end of entries including pending */
	uint64_t hashes_end;  /* bytes of hashes including pending */
	struct buf pending_index;
	/* what opening for write cut (bytes past the committed end) */
	uint64_t repaired_entries, repaired_index, repaired_hashes;
};

#define TLOG_INIT                                                                                  \
	{                                                                                          \
		NULL, -1, -1, -1, -1, false, 0, 0, { { { 0 } } }, 0, 0, 0, BUF_INIT, 0, 0, 0       \
	}

/*
 * Opens the log in dir. ERR_NOTFOUND when it is not there (without
 * TLOG_CREATE), ERR_VERIFY when its files contradict each other in a way no
 * interrupted append can explain (run tlog_verify for details), ERR_IO.
 * With TLOG_WRITE, blocks until no other writer holds the lock.
 */
int tlog_open(struct tlog *out, const char *dir, unsigned flags);
/* Closes; an uncommitted append is left as a torn tail for the next writer to cut. */
void tlog_release(struct tlog *log);

/* The position of the hash of subtree (level, index) in the hashes file, in hashes. */
uint64_t tlog_hash_pos(unsigned level, uint64_t index);
/* How many hashes a tree of size n stores. */
uint64_t tlog_hash_count(uint64_t n);

/* A merkle_source over the committed tree. */
void tlog_source(struct merkle_source *out, struct tlog *log);

/* The root of the committed tree's first size entries (size <= log->size). */
int tlog_root(struct merkle_hash *out, struct tlog *log, uint64_t size);

/* Entry i's bytes (appended to out, which caps the size). ERR_NOTFOUND past the end. */
int tlog_get(struct buf *out, struct tlog *log, uint64_t index);

/*
 * Appends one entry (len <= TLOG_MAX_ENTRY): writes it and its hashes, not
 * yet durable nor visible. *out_index gets its index. Needs TLOG_WRITE.
 */
int tlog_add(uint64_t *out_index, struct tlog *log, const void *data, size_t len);
/* Makes every added entry durable and visible (fsync order in the header comment). */
int tlog_commit(struct tlog *log);

/* Stored checkpoints, in order. */
struct tlog_checkpoint {
	uint64_t seq;
	struct buf note; /* the signed note, verbatim */
	struct buf vkey; /* the verifier key line stored with it (no newline) */
};

struct tlog_checkpoints {
	struct tlog_checkpoint *v;
	size_t n, alloc;
};
#define TLOG_CHECKPOINTS_INIT                                                                      \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/*
 * Reads every stored checkpoint. A missing or unreadable file, a gap in the
 * numbering, or a file too large is ERR_VERIFY naming the file.
 */
int tlog_checkpoints_load(struct tlog_checkpoints *out, struct tlog *log);
void tlog_checkpoints_release(struct tlog_checkpoints *c);

/* Stores a new checkpoint (note and vkey) as the next number; needs TLOG_WRITE. */
int tlog_checkpoint_store(uint64_t *out_seq, struct tlog *log, const char *note, size_t note_len,
                          const char *vkey);

/*
 * Recomputes every leaf and node hash from the entries and compares them with
 * the hashes file; checks the index is monotonic. Returns 0, or ERR_VERIFY
 * with *out_bad set to the first entry whose data, index record or hashes are
 * wrong and a message saying what differs; ERR_IO on read errors.
 */
int tlog_verify_tree(uint64_t *out_bad, struct tlog *log);

/*
 * tlog_verify_tree() that also stores in roots[i] the root of the first
 * sizes[i] entries (sizes ascending, each at most log->size) as recomputed
 * from the entries during the same pass, never read back from the hashes
 * file: a caller comparing signed roots with them compares with the bytes
 * just verified, not with a file that may have changed since.
 */
int tlog_verify_tree_roots(uint64_t *out_bad, struct tlog *log, const uint64_t *sizes,
                           struct merkle_hash *roots, size_t nsizes);

/*
 * Verifies the whole log in one pass over its files: first every stored
 * checkpoint (each file read once) — its note and stored key parse, the
 * stored key's signature verifies (and trusted_pk's, when not NULL), its
 * origin is the key's name (checkpoint_verify) and the same for every
 * checkpoint, its size is within the log and not below the one before —
 * then the tree (tlog_verify_tree_roots) with the roots at the log's size and
 * at every checkpoint's size, and each checkpoint's root against the
 * recomputed one (checkpoints that are all prefixes of one recomputed tree
 * are consistent with each other). On success *out_count is the number of
 * checkpoints and *out_root the recomputed root of the whole log. Errors:
 * ERR_VERIFY naming the checkpoint, or with *out_bad the first bad entry
 * (*out_bad is UINT64_MAX when no entry is at fault); ERR_IO.
 */
int tlog_verify(uint64_t *out_bad, size_t *out_count, struct merkle_hash *out_root,
                struct tlog *log, const uint8_t *trusted_pk);

/* tlog_verify() for callers that already checked the tree: the same checks. */
int tlog_verify_checkpoints(size_t *out_count, struct tlog *log, const uint8_t *trusted_pk);

#endif
