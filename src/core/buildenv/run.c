/*
 * run.c: running a tool to read its version. The only place vouch runs a
 * program; buildenv.h says which, and why it never runs the project's own.
 */
#include "util/compat.h"
#include "core/buildenv/run.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/alloc.h"

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

static pid_t spawn(int *out_fd, const char *path, const char *arg)
{
	int pfd[2];
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
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
	*out_fd = pfd[0];
	return pid;
}

/* The first non-empty line of raw, without terminal escapes or control bytes. */
static bool first_line(struct buf *out, const char *raw)
{
	const char *s = raw, *nl;
	size_t len;

	while (*s == '\n' || *s == '\r' || *s == ' ')
		s++;
	nl = strchr(s, '\n');
	len = nl ? (size_t)(nl - s) : strlen(s);
	while (len && (s[len - 1] == '\r' || s[len - 1] == ' '))
		len--;
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
	return out->len > 0;
}

void run_jobs(struct run_job *jobs, size_t n, int timeout_ms)
{
	struct pollfd *pf = xcalloc(n ? n : 1, sizeof(*pf));
	struct buf *raw = xcalloc(n ? n : 1, sizeof(*raw));
	pid_t *pids = xcalloc(n ? n : 1, sizeof(*pids));
	struct timespec t0;
	size_t open_fds = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < n; i++) {
		buf_init(&raw[i], RUN_MAX_OUTPUT);
		jobs[i].status = RUN_FAILED;
		pf[i].fd = -1;
		pf[i].events = POLLIN;
		pids[i] = spawn(&pf[i].fd, jobs[i].path, jobs[i].arg);
		if (pids[i] > 0)
			open_fds++;
	}
	/* All at once: the slow ones (a JVM) cost their own time, not the sum. */
	while (open_fds) {
		long left = timeout_ms - ms_since(&t0);
		int r;

		if (left <= 0)
			break;
		r = poll(pf, (nfds_t)n, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		for (size_t i = 0; i < n; i++) {
			char chunk[4096];
			ssize_t got;

			if (pf[i].fd < 0 || !pf[i].revents)
				continue;
			got = read(pf[i].fd, chunk, sizeof(chunk));
			if (got < 0 && errno == EINTR)
				continue;
			/* EOF, an error, or enough output: only the first line matters */
			if (got <= 0 || buf_add(&raw[i], chunk, (size_t)got) < 0) {
				close(pf[i].fd);
				pf[i].fd = -1;
				open_fds--;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		int st = 0;
		bool late = pf[i].fd >= 0;

		if (pids[i] <= 0)
			continue;
		if (late) {
			kill(pids[i], SIGKILL);
			close(pf[i].fd);
			jobs[i].status = RUN_TIMEOUT;
		}
		while (waitpid(pids[i], &st, 0) < 0 && errno == EINTR)
			;
		if (!late)
			jobs[i].status = first_line(&jobs[i].out, raw[i].ptr) ? RUN_OK : RUN_FAILED;
		buf_release(&raw[i]);
	}
	free(pf);
	free(raw);
	free(pids);
}
