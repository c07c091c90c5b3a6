/*
 * buf.h: the one growable byte buffer, with a size cap.
 *
 * A struct buf holds len bytes at ptr, always followed by a NUL so that text
 * can be used as a C string; the bytes themselves may include NULs. Every
 * append checks the cap `max`: an append that would take len past max fails
 * with ERR_TOOBIG and leaves the buffer as it was. This is how parsers of
 * untrusted input bound their memory (curl's dynbuf, OpenSSH's sshbuf).
 *
 *     struct buf b = BUF_INIT;            // cap BUF_MAX_DEFAULT
 *     if (buf_addf(&b, "%s=%d", k, v) < 0)
 *             goto done;                  // err_msg() says why
 *     use(b.ptr, b.len);
 *   done:
 *     buf_release(&b);
 *
 * A released buffer is back to BUF_INIT state (the cap is kept) and can be
 * reused. ptr is never NULL: an empty buffer points at a shared "" that must
 * not be written.
 */
#ifndef VOUCH_BUF_H
#define VOUCH_BUF_H

#include "util/compat.h"

#define BUF_MAX_DEFAULT ((size_t)256 << 20) /* 256 MiB */

struct buf {
	char *ptr;
	size_t len;
	size_t alloc; /* 0 while ptr is the shared empty string */
	size_t max;   /* len never exceeds this */
};

extern char buf_empty[1];

#define BUF_INIT                                                                                   \
	{                                                                                          \
		buf_empty, 0, 0, BUF_MAX_DEFAULT                                                   \
	}
#define BUF_INIT_MAX(m)                                                                            \
	{                                                                                          \
		buf_empty, 0, 0, (m)                                                               \
	}

void buf_init(struct buf *b, size_t max);
/* Frees the memory; the buffer is empty again and keeps its cap. */
void buf_release(struct buf *b);
/* As buf_release(), wiping the bytes first: for keys and passwords. */
void buf_wipe(struct buf *b);
/* Sets len to 0 and keeps the memory. */
void buf_reset(struct buf *b);
/* Shortens to len (which must be <= b->len). */
void buf_truncate(struct buf *b, size_t len);

/* Makes room for extra more bytes (plus the NUL). ERR_TOOBIG past the cap. */
int buf_grow(struct buf *b, size_t extra);

int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addch(struct buf *b, int c);
int buf_addf(struct buf *b, const char *fmt, ...) VOUCH_PRINTF(2, 3);
int buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Appends the lower-case hex form of n bytes. */
int buf_addhex(struct buf *b, const void *p, size_t n);

/*
 * Hands the memory to the caller (who frees it with free()) and leaves the
 * buffer empty. *len_out, when not NULL, receives the length.
 */
char *buf_detach(struct buf *b, size_t *len_out);

/* Appends the C string s (NULL: nothing) with < > & " ' written as HTML character references. */
int buf_add_html(struct buf *b, const char *s);
/*
 * The same for XML 1.0 character data and attribute values, leaving out what
 * XML cannot carry: C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF.
 */
int buf_add_xml(struct buf *b, const char *s);

/* Removes white space from both ends. */
void buf_trim(struct buf *b);

/*
 * Appends the whole content of path / fd. A file larger than what is left
 * under the cap fails with ERR_TOOBIG naming the file; nothing is appended
 * then. FIFOs and devices are refused (ERR_UNSUPPORTED) so a read never blocks.
 */
int buf_read_file(struct buf *b, const char *path);
int buf_read_fd(struct buf *b, int fd, const char *name);

/* Equality of content with a C string. */
bool buf_eqs(const struct buf *b, const char *s);

#endif
