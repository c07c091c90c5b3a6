/*
 * heapwarm.c: see heapwarm.h.
 */
#include "util/compat.h"
#include "util/heapwarm.h"

#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#ifndef MADV_HUGEPAGE
#define MADV_HUGEPAGE 14
#endif

/* The size of a huge page where heapwarm_huge() can use them (x86-64, arm64 with 4 KiB pages). */
#define HUGE_PAGE ((uintptr_t)2 << 20)
/*
 * The blocks that fill the heap up to a huge page's start: at most 1 MiB
 * each (the caller's M_MMAP_THRESHOLD is above), at least 64 KiB (larger
 * than any block the per-thread cache or the small bins could give instead).
 */
#define FILL_PIECE ((uintptr_t)1 << 20)
#define FILL_MIN   ((uintptr_t)64 << 10)

/* Pages made ready per step: the caller is never held up by more than one step. */
#define WARM_STEP ((uintptr_t)64 << 10)

static pthread_t warm_thread;
static pthread_mutex_t warm_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t warm_wake = PTHREAD_COND_INITIALIZER;
static atomic_bool warm_stop;
static bool warm_running;
static size_t warm_trim_after;
static atomic_uintptr_t warm_done; /* the thread's progress: the heap below it is ready */

/* The end of the heap's last page: the kernel's answer, not the C library's cached one. */
static uintptr_t current_break(uintptr_t page)
{
	return ((uintptr_t)syscall(SYS_brk, 0) + page - 1) & ~(page - 1);
}

/* Waits ns, or less when heapwarm_stop() wakes it. */
static void nap(long ns)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_nsec += ns;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&warm_lock);
	if (!atomic_load(&warm_stop))
		pthread_cond_timedwait(&warm_wake, &warm_lock, &ts);
	pthread_mutex_unlock(&warm_lock);
}

static void *warm_main(void *arg)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), done = (uintptr_t)arg;
	long idle_ns = 50000;

	while (!atomic_load_explicit(&warm_stop, memory_order_relaxed)) {
		uintptr_t brk = current_break(page), n;

		if (brk < done)
			done = brk; /* malloc gave memory back (trimmed): what comes again is new */
		if (brk <= done) {
			nap(idle_ns);
			if (idle_ns < 1000000)
				idle_ns *= 2;
			continue;
		}
		idle_ns = 50000;
		n = brk - done < WARM_STEP ? brk - done : WARM_STEP;
		if (madvise((void *)done, n, MADV_POPULATE_WRITE) < 0) {
			if (errno == EINVAL)
				break; /* a kernel without it: nothing to do */
			done = current_break(
			        page); /* the heap shrank meanwhile: start again from its top */
			continue;
		}
		/*
		 * Populated pages still cost their first access (the page tables
		 * a hypervisor keeps are filled then): that is done here too, by
		 * reading, which changes nothing whoever owns the byte.
		 */
		for (uintptr_t p = done; p < done + n; p += page)
			(void)atomic_load_explicit((const _Atomic char *)p, memory_order_relaxed);
		done += n;
		atomic_store_explicit(&warm_done, done, memory_order_release);
	}
	return NULL;
}

static bool no_sanitizer(void)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	return false; /* their allocators do not use the program break */
#else
	return true;
#endif
}

static bool worth_it(void)
{
	cpu_set_t set;

	/* with one processor the thread would take its time from the caller */
	return no_sanitizer() && sched_getaffinity(0, sizeof(set), &set) == 0 &&
	       CPU_COUNT(&set) > 1;
}

static int mallopt_size(size_t v)
{
	return v > INT_MAX ? INT_MAX : (int)v;
}

bool heapwarm_start(size_t pad, size_t trim_after)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);

	if (warm_running || !worth_it())
		return warm_running;
	/* never trimmed while the thread may read any page of the heap (mallopt(3): -1) */
	mallopt(M_TRIM_THRESHOLD, -1);
	atomic_store(&warm_stop, false);
	warm_running =
	        pthread_create(&warm_thread, NULL, warm_main, (void *)current_break(page)) == 0;
	if (warm_running) {
		mallopt(M_TOP_PAD, mallopt_size(pad));
		warm_trim_after = trim_after;
	} else {
		mallopt(M_TRIM_THRESHOLD, mallopt_size(trim_after));
	}
	return warm_running;
}

/*
 * Whether madvise(MADV_HUGEPAGE) gives a region huge pages here: the
 * system's setting is "always" or "madvise" (not "never"), and this process
 * was not told to do without them (prctl PR_SET_THP_DISABLE).
 */
static bool huge_pages_on_request(void)
{
	char mode[128];
	ssize_t n;
	int fd;

	if (prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0) > 0)
		return false;
	fd = open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, mode, sizeof(mode) - 1);
	close(fd);
	if (n <= 0)
		return false;
	mode[n] = '\0';
	return strstr(mode, "[always]") || strstr(mode, "[madvise]");
}

/* The blocks that keep the heap's low end filled up to the first huge page: never freed. */
static void *huge_fill[4];
static int huge_state; /* 0: not tried; 1: the heap has its huge pages; -1: tried, not had */

/*
 * Takes from malloc's top chunk, which starts at top, blocks that cover it
 * up to end, one after the other. Each chunk is made exactly size bytes
 * (glibc makes a chunk of size bytes, a multiple of 16, for a request of
 * size - 8), and each block is checked to lie where the top was: if malloc
 * put one elsewhere (a free block that fitted, a mapping of its own), all
 * are freed again and false is returned.
 */
static bool fill_to(uintptr_t top, uintptr_t end)
{
	uintptr_t want = end - top, at = top;
	size_t pieces = (size_t)((want + FILL_PIECE - 1) / FILL_PIECE), i;

	if (pieces > ARRAY_SIZE(huge_fill))
		return false;
	for (i = 0; i < pieces; i++) {
		uintptr_t size = i + 1 < pieces ? (want / pieces) & ~(uintptr_t)15 : end - at;

		huge_fill[i] = malloc((size_t)size - sizeof(size_t));
		if ((uintptr_t)huge_fill[i] != at + 2 * sizeof(size_t))
			break;
		at += size;
	}
	if (i == pieces)
		return true;
	for (size_t k = 0; k <= i && k < pieces; k++) {
		free(huge_fill[k]);
		huge_fill[k] = NULL;
	}
	return false;
}

bool heapwarm_huge(size_t reserve)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), brk, top, start, end;
	void *volatile probe;
	struct mallinfo2 mi;
	bool filled;

	if (huge_state || warm_running)
		return huge_state > 0;
	huge_state = -1;
	if (!no_sanitizer() || page != 4096 || !huge_pages_on_request())
		return false;
	/*
	 * The kernel makes a huge page only of a whole aligned 2 MiB of one
	 * mapping none of whose pages is touched yet, so the heap is arranged
	 * for it: blocks take malloc's top chunk up to two pages under the
	 * next 2 MiB boundary (malloc writes only their chunk headers, and the
	 * new top's, all below it); the one that does not fit grows the heap
	 * by the reserve (M_TOP_PAD), untouched; that part is then marked for
	 * huge pages before anything is written in it. A top chunk that
	 * already reaches the boundary (a large block freed at the top) would
	 * need another arrangement: then nothing is done.
	 *
	 * First malloc is set up as the blocks will find it: its per-thread
	 * cache made and its fast bins merged, either of which may move the
	 * top. A request of 1016 bytes (a 1024-byte chunk) is the smallest it
	 * calls large, which merges the fast bins, and freed goes to that
	 * cache, not back to the top.
	 */
	probe = malloc(1016);
	free(probe);
	mi = mallinfo2(); /* keepcost: the top chunk's size (the main arena is the only one here) */
	brk = current_break(page);
	if (mi.keepcost > brk)
		return false;
	top = brk - mi.keepcost;
	start = (top + FILL_MIN + 2 * page + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	if (brk > start - 2 * page)
		return false; /* the top chunk already reaches the boundary: see above */
	mallopt(M_TOP_PAD, mallopt_size(reserve + HUGE_PAGE));
	/* the new top chunk's header is written at start - 2 pages, below it */
	filled = fill_to(top, start - 2 * page);
	mallopt(M_TOP_PAD, 128 << 10);
	if (!filled)
		return false;
	brk = current_break(page);
	end = brk & ~(HUGE_PAGE - 1);
	if (end <= start || madvise((void *)start, end - start, MADV_HUGEPAGE) < 0) {
		/* the heap grew elsewhere, or no huge pages after all: the blocks stay, harmless */
		return false;
	}
	mallopt(M_TRIM_THRESHOLD, -1); /* a trim would split the huge pages it cuts through */
	huge_state = 1;
	return true;
}

uintptr_t heapwarm_progress(void)
{
	return atomic_load_explicit(&warm_done, memory_order_acquire);
}

void heapwarm_stop(void)
{
	if (!warm_running)
		return;
	pthread_mutex_lock(&warm_lock);
	atomic_store(&warm_stop, true);
	pthread_cond_signal(&warm_wake);
	pthread_mutex_unlock(&warm_lock);
	pthread_join(warm_thread, NULL);
	warm_running = false;
	mallopt(M_TOP_PAD, 128 << 10);
	mallopt(M_TRIM_THRESHOLD, mallopt_size(warm_trim_after));
}
