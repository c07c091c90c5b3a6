#include "util/compat.h"
#include "cmd/password.h"
#include "core/integrity/minisign.h"
#include "util/buf.h"
#include "util/err.h"

#include <fcntl.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

/* Reads one line from fd without echo; the newline is dropped. */
static int read_line_noecho(struct buf *out, int fd, const char *prompt)
{
	struct termios old, quiet;
	bool restore = false;
	int r = 0;

	/* Room for the longest password up front: growing would leave copies behind. */
	if ((r = buf_grow(out, MINISIGN_PASSWORD_MAX + 1)) < 0)
		return r;
	if (tcgetattr(fd, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		if (tcsetattr(fd, TCSAFLUSH, &quiet) == 0)
			restore = true;
	}
	if (write(fd, prompt, strlen(prompt)) < 0) {
		r = err_set_errno(ERR_IO, "cannot write to the terminal");
		goto done;
	}
	for (;;) {
		char c;
		ssize_t n = read(fd, &c, 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = err_set_errno(ERR_IO, "cannot read the password from the terminal");
			goto done;
		}
		if (n == 0 || c == '\n')
			break;
		if (out->len >= MINISIGN_PASSWORD_MAX) {
			r = err_set(ERR_USAGE, "password longer than %d bytes",
			            MINISIGN_PASSWORD_MAX);
			goto done;
		}
		if ((r = buf_addch(out, c)) < 0)
			goto done;
		c = 0;
	}
	if (out->len && out->ptr[out->len - 1] == '\r')
		buf_truncate(out, out->len - 1);
done:
	if (restore)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0) {
		/* the newline only tidies the screen */
	}
	return r;
}

int cmd_read_password(struct buf *out, const char *prompt, bool confirm)
{
	struct buf again = BUF_INIT;
	const char *env = getenv("VOUCH_PASSWORD");
	int fd = -1, r;

	buf_reset(out);
	if (env) {
		if (strlen(env) > MINISIGN_PASSWORD_MAX)
			return err_set(ERR_USAGE, "VOUCH_PASSWORD is longer than %d bytes",
			               MINISIGN_PASSWORD_MAX);
		return buf_adds(out, env);
	}
	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return err_set(ERR_USAGE, "a password is needed and there is no terminal to ask "
		                          "on: set VOUCH_PASSWORD, or use a key made with "
		                          "--no-password");
	if ((r = read_line_noecho(out, fd, prompt)) < 0)
		goto done;
	if (confirm) {
		if ((r = read_line_noecho(&again, fd, "Password (again): ")) < 0)
			goto done;
		if (again.len != out->len || memcmp(again.ptr, out->ptr, out->len)) {
			r = err_set(ERR_USAGE, "the two passwords differ");
			goto done;
		}
	}
	r = 0;
done:
	buf_wipe(&again);
	if (r < 0)
		buf_wipe(out);
	close(fd);
	return r;
}

int cmd_load_seckey(struct minisign_seckey *out, const char *path)
{
	struct buf pw = BUF_INIT, prompt = BUF_INIT;
	int r;

	if (!minisign_seckey_encrypted(path))
		return minisign_seckey_load(out, path, NULL);
	if ((r = buf_addf(&prompt, "Password for '%s': ", path)) < 0 ||
	    (r = cmd_read_password(&pw, prompt.ptr, false)) < 0)
		goto done;
	r = minisign_seckey_load(out, path, pw.ptr);
done:
	buf_wipe(&pw);
	buf_release(&prompt);
	return r;
}
