#include "util/compat.h"
#include "util/fmap.h"
#include "util/err.h"

#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

/* This thread's open mappings, newest first: read by the signal handler. */
static _Thread_local struct fmap *open_maps;
static pthread_once_t handler_once = PTHREAD_ONCE_INIT;
static size_t page_size;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	uintptr_t a = (uintptr_t)si->si_addr;

	(void)uc;
	for (struct fmap *m = open_maps; m; m = m->prev) {
		uintptr_t b = (uintptr_t)m->ptr, pg = a & ~(uintptr_t)(page_size - 1);

		if (a < b || a >= b + m->mapped)
			continue;
		/* the rest of the mapping becomes zeros; the read is retried */
		if (mmap((void *)pg, b + m->mapped - pg, PROT_READ,
		         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
			break;
		m->shrank = 1;
		return;
	}
	/* not a mapping of ours: back to the default action, which the retried access meets */
	signal(sig, SIG_DFL);
}

static void install(void)
{
	struct sigaction sa = { 0 };

	page_size = (size_t)sysconf(_SC_PAGESIZE);
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
}

int fmap_open(struct fmap *m, int fd, size_t len)
{
	void *p;

	pthread_once(&handler_once, install);
	memset(m, 0, sizeof *m);
	p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return err_set_errno(ERR_IO, "cannot map");
	m->ptr = p;
	m->len = len;
	m->mapped = (len + page_size - 1) & ~(page_size - 1);
	m->prev = open_maps;
	open_maps = m;
	return 0;
}

bool fmap_close(struct fmap *m)
{
	bool shrank = m->shrank;

	if (!m->ptr)
		return false;
	if (open_maps == m)
		open_maps = m->prev;
	munmap((void *)m->ptr, m->mapped);
	m->ptr = NULL;
	return shrank;
}
