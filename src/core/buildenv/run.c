/*
 * run.c: running a tool to read its version. The only place vouch runs a
 * program; buildenv.h says which, and why it never runs the project's own.
 */
#include "util/compat.h"
#include "core/buildenv/run.h"
#include "util/alloc.h"
#include "util/err.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* path is inside folder root (both absolute, resolved). */
static bool inside(const char *path, const char *root)
{
	size_t n = strlen(root);

	if (n == 1 && root[0] == '/')
		return true;
	return !strncmp(path, root, n) && (path[n] == '/' || path[n] == '\0');
}

int run_find_tool(struct buf *out, const char *name, const char *path_env, const char *root)
{
	char *rroot = realpath(root, NULL);
	const char *p = path_env ? path_env : "";
	int ret = ERR_NOTFOUND;

	while (*p) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		struct buf cand = BUF_INIT;
		char *real = NULL;
		struct stat st;

		/* Relative entries (".", "", "bin") would find the project's files. */
		if (n && p[0] == '/' && buf_add(&cand, p, n) == 0 &&
		    buf_addf(&cand, "/%s", name) == 0 && (real = realpath(cand.ptr, NULL)) &&
		    stat(real, &st) == 0 && S_ISREG(st.st_mode) && access(real, X_OK) == 0 &&
		    !(rroot && inside(real, rroot))) {
			buf_reset(out);
			buf_add(out, cand.ptr, cand.len);
			ret = 0;
		}
		free(real);
		buf_release(&cand);
		if (ret == 0)
			break;
		p += n;
		if (*p == ':')
			p++;
	}
	free(rroot);
	return ret;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

int run_first_line(struct buf *out, const char *path, const char *arg, int timeout_ms)
{
	int pfd[2] = { -1, -1 }, status = 0, ret = 0;
	struct buf all = BUF_INIT_MAX(RUN_MAX_OUTPUT);
	struct timespec t0;
	bool timed_out = false;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return err_set_errno(ERR_IO, "cannot create a pipe");
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return err_set_errno(ERR_IO, "cannot start '%s'", path);
	}
	if (pid == 0) {
		char *argv[] = { (char *)path, (char *)arg, NULL };
		int null = open("/dev/null", O_RDWR);

		if (null < 0 || dup2(null, 0) < 0 || dup2(pfd[1], 1) < 0 || dup2(pfd[1], 2) < 0)
			_exit(127);
		execve(path, argv, environ);
		_exit(127);
	}
	close(pfd[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd pf = { pfd[0], POLLIN, 0 };
		long left = timeout_ms - ms_since(&t0);
		char chunk[4096];
		ssize_t n;
		int r;

		if (left <= 0) {
			timed_out = true;
			break;
		}
		r = poll(&pf, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			timed_out = r == 0;
			break;
		}
		n = read(pfd[0], chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (buf_add(&all, chunk, (size_t)n) < 0)
			break; /* enough: only the first line matters */
	}
	close(pfd[0]);
	if (timed_out)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out) {
		ret = err_set(ERR_GENERIC, "'%s %s' did not finish in %d ms", path, arg,
		              timeout_ms);
		goto done;
	}
	{
		const char *s = all.ptr, *nl;
		size_t len;

		while (*s == '\n' || *s == '\r' || *s == ' ')
			s++;
		nl = strchr(s, '\n');
		len = nl ? (size_t)(nl - s) : strlen(s);
		while (len && (s[len - 1] == '\r' || s[len - 1] == ' '))
			len--;
		if (!len) {
			ret = err_set(ERR_GENERIC, "'%s %s' printed nothing (exit status %d)", path,
			              arg, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
			goto done;
		}
		/* Keep text only: terminal escapes (mvn colours its banner) and control bytes go. */
		buf_reset(out);
		for (size_t i = 0; i < len; i++) {
			if (s[i] == '\x1b' && i + 1 < len && s[i + 1] == '[') {
				for (i += 2; i < len && !(s[i] >= 0x40 && s[i] <= 0x7e); i++)
					;
				continue;
			}
			if ((unsigned char)s[i] >= 0x20 && s[i] != 0x7f)
				buf_addch(out, s[i]);
		}
	}
done:
	buf_release(&all);
	return ret;
}
