#include "util/compat.h"
#include "harness.h"
#include "util/heapwarm.h"

#include <malloc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define BLOCK ((size_t)4 << 20)

static long minor_faults(void)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	return ru.ru_minflt;
}

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Whether the kernel has MADV_POPULATE_WRITE, which the thread needs. */
static bool can_populate(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	void *m = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	bool ok;

	if (m == MAP_FAILED)
		return false;
	ok = madvise(m, pg, MADV_POPULATE_WRITE) == 0;
	munmap(m, pg);
	return ok;
}

/*
 * A block malloc takes from the heap is faulted in by the thread before the
 * caller writes it: the caller's writes then fault (almost) nowhere. The
 * same writes to a block of the same size taken before the thread started
 * fault once a page: that shows what is counted.
 */
static void test_pages_ready_before_use(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE), npages = BLOCK / pg;
	long before, cold, warm;
	char *c, *b;

	/* from the heap (brk), not a mapping of its own, and kept there */
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 128 << 20);
	if (!can_populate())
		harness_skip("this kernel cannot populate pages (MADV_POPULATE_WRITE, Linux 5.14)");
	c = malloc(BLOCK);
	CHECK(c != NULL);
	before = minor_faults();
	memset(c, 'c', BLOCK);
	cold = minor_faults() - before;
	if (!heapwarm_start(BLOCK + (1 << 20), 128 << 20)) {
		free(c);
		harness_skip("no warming thread here (one processor, or a sanitizer's allocator)");
	}
	b = malloc(BLOCK);
	CHECK(b != NULL);
	/* about 10 us a page on a slow virtual machine, more under load: wait for it (5 s at most) */
	for (int i = 0; i < 500 && heapwarm_progress() < (uintptr_t)(b + BLOCK); i++)
		nap_ms(10);
	CHECK(heapwarm_progress() >= (uintptr_t)(b + BLOCK));
	before = minor_faults();
	memset(b, 'x', BLOCK);
	warm = minor_faults() - before;
	heapwarm_stop();
	CHECK(cold >= (long)npages / 2);
	CHECK(warm < (long)npages / 10);
	CHECK_INT(c[BLOCK - 1], 'c');
	free(b);
	free(c);
}

/*
 * What the caller writes while the thread works over the same pages stays
 * as written: the thread only reads.
 */
static void test_contents_kept(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char *b;
	size_t bad = 0;

	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	if (!heapwarm_start(BLOCK, 128 << 10))
		harness_skip("no warming thread here (one processor, or a sanitizer's allocator)");
	for (int round = 0; round < 4; round++) {
		b = malloc(BLOCK);
		CHECK(b != NULL);
		for (size_t i = 0; i < BLOCK; i += pg / 2)
			b[i] = (unsigned char)(i / pg + round);
		for (size_t i = 0; i < BLOCK; i += pg / 2)
			bad += b[i] != (unsigned char)(i / pg + round);
		free(b);
	}
	heapwarm_stop();
	CHECK_INT(bad, 0);
}

/*
 * Stopping when nothing was started, twice; starting again after a stop
 * gives the same answer as the first start, and a second start while one
 * runs says it runs.
 */
static void test_stop_and_restart(void)
{
	bool first, again, twice;
	char *b;

	heapwarm_stop();
	heapwarm_stop();
	first = heapwarm_start(1 << 20, 128 << 10);
	twice = heapwarm_start(1 << 20, 128 << 10);
	b = malloc(3 << 20);
	CHECK(b != NULL);
	memset(b, 7, 3 << 20);
	heapwarm_stop();
	again = heapwarm_start(1 << 20, 128 << 10);
	heapwarm_stop();
	heapwarm_stop();
	CHECK_INT(first, again);
	CHECK_INT(twice, first);
	CHECK_INT(b[(3 << 20) - 1], 7);
	free(b);
}

/* What a child that tried heapwarm_huge() saw. */
struct huge_seen {
	int done, again; /* the first call's answer, the second's */
	long cold, warm; /* faults writing BLOCK bytes without huge pages, and in the heap after */
	long eligible, huge_kb; /* the heap part's THPeligible and AnonHugePages in smaps */
	size_t bad;             /* bytes not read back as written */
};

/* The smaps fields THPeligible and AnonHugePages of the mapping holding addr. */
static void smaps_of(uintptr_t addr, long *eligible, long *huge_kb)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	bool in = false;

	*eligible = *huge_kb = -1;
	while (f && fgets(line, sizeof(line), f)) {
		char *e, *e2;
		unsigned long lo = strtoul(line, &e, 16), hi;

		/* a mapping's first line: "lo-hi perms offset ..." (no field name starts so) */
		if (e > line && *e == '-' && (hi = strtoul(e + 1, &e2, 16), e2 > e + 1) &&
		    *e2 == ' ') {
			in = addr >= lo && addr < hi;
			continue;
		}
		if (in && !strncmp(line, "THPeligible:", 12))
			*eligible = strtol(line + 12, NULL, 10);
		if (in && !strncmp(line, "AnonHugePages:", 14))
			*huge_kb = strtol(line + 14, NULL, 10);
	}
	if (f)
		fclose(f);
}

static void huge_child(int fd)
{
	struct huge_seen s = { 0 };
	size_t pg = (size_t)sysconf(_SC_PAGESIZE), nblocks = BLOCK / (64 << 10);
	char *m, *blocks[BLOCK / (64 << 10)];
	long before;

	/* the control: a mapping of its own, kept out of huge pages, written once */
	m = mmap(NULL, BLOCK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m != MAP_FAILED) {
		(void)madvise(m, BLOCK, MADV_NOHUGEPAGE);
		before = minor_faults();
		memset(m, 'c', BLOCK);
		s.cold = minor_faults() - before;
		munmap(m, BLOCK);
	}
	mallopt(M_MMAP_THRESHOLD, 2 << 20);
	s.done = heapwarm_huge(4 * BLOCK);
	s.again = heapwarm_huge(4 * BLOCK);
	if (s.done) {
		before = minor_faults();
		for (size_t i = 0; i < nblocks; i++) {
			blocks[i] = malloc(64 << 10);
			if (blocks[i])
				for (size_t k = 0; k < (64 << 10); k += pg / 4)
					blocks[i][k] = (char)(i + k / pg);
		}
		s.warm = minor_faults() - before;
		smaps_of((uintptr_t)blocks[nblocks / 2], &s.eligible, &s.huge_kb);
		for (size_t i = 0; i < nblocks; i++) {
			for (size_t k = 0; blocks[i] && k < (64 << 10); k += pg / 4)
				s.bad += blocks[i][k] != (char)(i + k / pg);
			s.bad += !blocks[i];
		}
	}
	if (write(fd, &s, sizeof(s)) != (ssize_t)sizeof(s))
		_exit(1);
	_exit(0);
}

/*
 * heapwarm_huge() in a child of its own (it changes the heap for good):
 * blocks malloc hands out afterwards lie in huge pages, and writing 4 MiB
 * of them faults a handful of times where the same writes to ordinary
 * pages fault once a page.
 */
static void test_huge_pages(void)
{
	size_t npages = BLOCK / (size_t)sysconf(_SC_PAGESIZE);
	struct huge_seen s;
	int fds[2], status;
	pid_t pid;
	ssize_t n;

	CHECK(pipe(fds) == 0);
	fflush(NULL);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		huge_child(fds[1]);
	}
	close(fds[1]);
	n = read(fds[0], &s, sizeof(s));
	close(fds[0]);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_INT(n, sizeof(s));
	if (!s.done)
		harness_skip("no huge pages on request here (their setting is never, a sanitizer's "
		             "allocator, or one processor's heap not as expected)");
	CHECK_INT(s.again, 1);
	CHECK_INT(s.bad, 0);
	CHECK_INT(s.eligible, 1);
	CHECK(s.cold >= (long)npages / 2);
	if (s.huge_kb == 0)
		harness_skip("the kernel had no free huge page to give (memory fragmented): "
		             "the heap was made eligible (THPeligible 1)");
	CHECK(s.huge_kb >= 2048);
	CHECK(s.warm < (long)npages / 10);
}

/*
 * test_huge_pages first: its child must start from a heap with little free
 * at its top (the others free 4 MiB blocks there); test_pages_ready_before_use
 * next: the others leave touched memory in the heap, which it must not be given.
 */
RUN_TESTS("heapwarm", T(test_huge_pages), T(test_pages_ready_before_use), T(test_stop_and_restart),
          T(test_contents_kept))
