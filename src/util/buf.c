#include "util/compat.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/alloc.h"
#include "util/err.h"

#include <ctype.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

char buf_empty[1];

void buf_init(struct buf *b, size_t max)
{
	b->ptr = buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->max = max;
}

void buf_release(struct buf *b)
{
	if (b->alloc)
		free(b->ptr);
	buf_init(b, b->max);
}

void buf_wipe(struct buf *b)
{
	if (b->alloc)
		explicit_bzero(b->ptr, b->alloc);
	buf_release(b);
}

void buf_reset(struct buf *b)
{
	buf_truncate(b, 0);
}

void buf_truncate(struct buf *b, size_t len)
{
	if (len > b->len)
		BUG("buf_truncate to %zu beyond length %zu", len, b->len);
	b->len = len;
	if (b->alloc)
		b->ptr[len] = '\0';
}

int buf_grow(struct buf *b, size_t extra)
{
	size_t want, n;

	if (!size_add(&want, b->len, extra) || want > b->max)
		return err_set(ERR_TOOBIG, "data larger than the limit of %zu bytes", b->max);
	if (want + 1 <= b->alloc)
		return 0;
	n = b->alloc < 64 ? 64 : b->alloc + b->alloc / 2;
	if (n < want + 1)
		n = want + 1;
	if (b->alloc) {
		b->ptr = xrealloc(b->ptr, n);
	} else {
		b->ptr = xmalloc(n);
		b->ptr[0] = '\0';
	}
	b->alloc = n;
	return 0;
}

int buf_add(struct buf *b, const void *p, size_t n)
{
	int r = buf_grow(b, n);

	if (r < 0)
		return r;
	if (n)
		memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_addch(struct buf *b, int c)
{
	char ch = (char)c;

	return buf_add(b, &ch, 1);
}

int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	int r;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return err_set(ERR_GENERIC, "cannot format '%s'", fmt);
	r = buf_grow(b, (size_t)n);
	if (r < 0)
		return r;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

int buf_addhex(struct buf *b, const void *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = p;
	size_t need;
	int r;

	if (!size_mul(&need, n, 2))
		return err_set(ERR_TOOBIG, "hex form too large");
	r = buf_grow(b, need);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++) {
		b->ptr[b->len++] = hex[s[i] >> 4];
		b->ptr[b->len++] = hex[s[i] & 15];
	}
	b->ptr[b->len] = '\0';
	return 0;
}

char *buf_detach(struct buf *b, size_t *len_out)
{
	char *p;

	if (len_out)
		*len_out = b->len;
	p = b->alloc ? b->ptr : xstrdup("");
	buf_init(b, b->max);
	return p;
}

void buf_trim(struct buf *b)
{
	size_t start = 0, end = b->len;

	while (end > 0 && isspace((unsigned char)b->ptr[end - 1]))
		end--;
	while (start < end && isspace((unsigned char)b->ptr[start]))
		start++;
	if (start)
		memmove(b->ptr, b->ptr + start, end - start);
	if (b->alloc)
		buf_truncate(b, end - start);
}

int buf_read_fd(struct buf *b, int fd, const char *name)
{
	size_t start = b->len;
	struct stat st;

	if (fstat(fd, &st) < 0)
		return err_set_errno(ERR_IO, "cannot stat '%s'", name);
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode))
		return err_set(ERR_UNSUPPORTED, "'%s' is not a regular file", name);
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > b->max - b->len)
		return err_set(ERR_TOOBIG, "'%s' is larger than the limit of %zu bytes", name,
		               b->max);
	if (S_ISREG(st.st_mode) && buf_grow(b, (size_t)st.st_size) < 0)
		return err_prefix("'%s': ", name);
	for (size_t expect = S_ISREG(st.st_mode) ? (size_t)st.st_size : SIZE_MAX;;) {
		size_t room;
		ssize_t n;
		char probe;

		if (b->len - start == expect) {
			/*
			 * All the bytes fstat() announced: one byte read aside says
			 * whether that is the end, without growing the buffer (a
			 * copy of the whole file) for a read that finds nothing.
			 */
			n = read(fd, &probe, 1);
			if (n < 0 && errno == EINTR)
				continue;
			if (n == 0)
				break;
			if (n < 0 || b->len == b->max) {
				buf_truncate(b, start);
				if (n < 0)
					return err_set_errno(ERR_IO, "cannot read '%s'", name);
				return err_set(ERR_TOOBIG,
				               "'%s' is larger than the limit of %zu bytes", name,
				               b->max);
			}
			buf_add(b, &probe, 1); /* under the cap: cannot fail */
			expect = SIZE_MAX;     /* the file grew: read on */
			continue;
		}
		if (buf_grow(b, 65536) < 0)
			buf_grow(b, b->max - b->len);
		room = b->alloc ? b->alloc - b->len - 1 : 0;
		if (room > b->max - b->len)
			room = b->max - b->len;
		if (room == 0) {
			/* At the cap: only the end of the file is acceptable now. */
			n = read(fd, &probe, 1);
			if (n < 0 && errno == EINTR)
				continue;
			if (n == 0)
				break;
			buf_truncate(b, start);
			if (n < 0)
				return err_set_errno(ERR_IO, "cannot read '%s'", name);
			return err_set(ERR_TOOBIG, "'%s' is larger than the limit of %zu bytes",
			               name, b->max);
		}
		n = read(fd, b->ptr + b->len, room);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			buf_truncate(b, start);
			return err_set_errno(ERR_IO, "cannot read '%s'", name);
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		b->ptr[b->len] = '\0';
	}
	return 0;
}

int buf_read_file(struct buf *b, const char *path)
{
	int fd, r;

	fd = fs_open_regular(path);
	if (fd < 0)
		return fd;
	r = buf_read_fd(b, fd, path);
	close(fd);
	return r;
}

bool buf_eqs(const struct buf *b, const char *s)
{
	size_t n = strlen(s);

	return n == b->len && !memcmp(b->ptr, s, n);
}

int buf_add_html(struct buf *b, const char *s)
{
	int r = 0;

	for (; s && *s && r == 0; s++) {
		switch (*s) {
		case '<':
			r = buf_adds(b, "&lt;");
			break;
		case '>':
			r = buf_adds(b, "&gt;");
			break;
		case '&':
			r = buf_adds(b, "&amp;");
			break;
		case '"':
			r = buf_adds(b, "&quot;");
			break;
		case '\'':
			r = buf_adds(b, "&#39;");
			break;
		default:
			r = buf_addch(b, *s);
		}
	}
	return r;
}

int buf_add_xml(struct buf *b, const char *s)
{
	int r = 0;

	for (const unsigned char *p = (const unsigned char *)s; p && *p && r == 0; p++) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			continue;
		if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
			p += 2;
		else if (*p == '<' || *p == '>' || *p == '&' || *p == '"' || *p == '\'')
			r = buf_add_html(b, (const char[]){ (char)*p, 0 });
		else
			r = buf_addch(b, (char)*p);
	}
	return r;
}
