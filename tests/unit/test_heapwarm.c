#include "util/compat.h"
#include "harness.h"
#include "util/heapwarm.h"

#include <malloc.h>
#include <sys/mman.h>
#include <sys/resource.h>
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

/* first: the others leave touched memory in the heap, which it must not be given */
RUN_TESTS("heapwarm", T(test_pages_ready_before_use), T(test_stop_and_restart),
          T(test_contents_kept))
