/*
 * fmap.h: a regular file mapped read-only, safe against the file shrinking.
 *
 *     struct fmap m;
 *     if (fmap_open(&m, fd, len) < 0) ...      // fd may be closed at once
 *     ... read m.ptr[0 .. len) ...
 *     if (fmap_close(&m)) ... the file shrank while it was read ...
 *
 * Reading a mapped page past the end of a file that was truncated after the
 * mapping was made raises SIGBUS, which would end the whole run and lose
 * everything recorded so far. While a mapping is open, a SIGBUS inside it is
 * caught: the pages from the faulting one to the mapping's end are replaced
 * with zero pages, the read goes on, and fmap_close() returns true so that
 * the caller can say that what it read from the file may be incomplete. A
 * SIGBUS anywhere else keeps its default action.
 *
 * Mappings are tracked per thread and must be closed in the reverse order
 * of opening.
 */
#ifndef VOUCH_FMAP_H
#define VOUCH_FMAP_H

#include "util/compat.h"

#include <signal.h>

struct fmap {
	const void *ptr;
	size_t len;
	size_t mapped; /* len rounded up to whole pages */
	struct fmap *prev;
	volatile sig_atomic_t shrank;
};

/* Maps len bytes of fd (len > 0). ERR_IO, naming nothing: the caller names the file. */
int fmap_open(struct fmap *m, int fd, size_t len);

/* Unmaps; true when the file shrank while mapped (the missing part read as zeros). */
bool fmap_close(struct fmap *m);

#endif
