#include "util/compat.h"
#include "util/err.h"

#define ERR_MSG_MAX 2048

static _Thread_local char err_buf[ERR_MSG_MAX];
static _Thread_local int err_last = ERR_OK;

static int err_vset(int code, int errnum, const char *fmt, va_list ap)
{
	int n = vsnprintf(err_buf, sizeof(err_buf), fmt, ap);

	if (n < 0)
		err_buf[0] = '\0';
	if (errnum && n >= 0 && (size_t)n < sizeof(err_buf))
		snprintf(err_buf + n, sizeof(err_buf) - (size_t)n, ": %s", strerror(errnum));
	err_last = code;
	return code;
}

int err_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(code, 0, fmt, ap);
	va_end(ap);
	return code;
}

int err_set_errno(int code, const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;

	va_start(ap, fmt);
	err_vset(code, errnum ? errnum : EIO, fmt, ap);
	va_end(ap);
	return code;
}

int err_prefix(const char *fmt, ...)
{
	char old[ERR_MSG_MAX];
	size_t n;
	int w;
	va_list ap;

	memcpy(old, err_buf, sizeof(old));
	va_start(ap, fmt);
	w = vsnprintf(err_buf, sizeof(err_buf), fmt, ap);
	va_end(ap);
	n = w < 0 ? 0 : (size_t)w;
	if (n < sizeof(err_buf))
		snprintf(err_buf + n, sizeof(err_buf) - n, "%s", old);
	if (err_last == ERR_OK)
		err_last = ERR_GENERIC;
	return err_last;
}

const char *err_msg(void)
{
	return err_buf;
}

int err_code(void)
{
	return err_last;
}

void err_clear(void)
{
	err_buf[0] = '\0';
	err_last = ERR_OK;
}

const char *err_name(int code)
{
	switch (code) {
	case ERR_OK:
		return "success";
	case ERR_IO:
		return "i/o error";
	case ERR_PARSE:
		return "parse error";
	case ERR_TOOBIG:
		return "limit exceeded";
	case ERR_NOTFOUND:
		return "not found";
	case ERR_USAGE:
		return "usage error";
	case ERR_UNSUPPORTED:
		return "unsupported";
	case ERR_VERIFY:
		return "verification failed";
	case ERR_NOMEM:
		return "out of memory";
	case ERR_EXISTS:
		return "already exists";
	default:
		return "error";
	}
}

void vouch_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vouch: BUG at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
