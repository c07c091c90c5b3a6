/*
 * heapwarm.c: see heapwarm.h.
 */
#include "util/compat.h"
#include "util/heapwarm.h"

#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

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

static bool worth_it(void)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	return false; /* their allocators do not use the heap this thread looks at */
#else
	cpu_set_t set;

	/* with one processor the thread would take its time from the caller */
	return sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 1;
#endif
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
