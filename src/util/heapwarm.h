/*
 * heapwarm.h: the heap's fresh pages made ready by the other processor.
 *
 * The first write to a page the process never touched costs a page fault.
 * On the virtual machines vouch runs on in CI that fault is dear: about
 * 13 us each (shadow page tables), a third of `vouch sbom`'s time on a
 * large lockfile. Two remedies, the first preferred:
 *
 * heapwarm_huge() has the heap's next part made of 2 MiB pages
 * (transparent huge pages, on request): one fault then makes 512 pages
 * ready, and 16 MiB cost about 1 ms instead of 50.
 *
 *     mallopt(M_MMAP_THRESHOLD, 2 << 20);  // blocks under 1 MiB must come from the heap
 *     if (!heapwarm_huge(32 << 20))
 *             heapwarm_start(2 << 20, 16 << 20);
 *
 * Where the system gives no huge pages on request (its setting "never"),
 * while a command reads its input on one processor, the
 * other is idle: heapwarm_start() has it fault in, ahead of the caller, the
 * part of the heap that malloc has taken from the system but not handed out
 * yet, so that the caller's first writes there find the page ready.
 *
 *     heapwarm_start(2 << 20, 16 << 20);  // before the allocations it should cover
 *     ... read and parse ...
 *     heapwarm_stop();                    // before work that wants both processors
 *
 * The thread never writes to the heap: it asks the kernel to populate the
 * pages (MADV_POPULATE_WRITE, Linux 5.14) and then reads one byte of each,
 * which leaves every byte as it was whoever owns it. So that no page it
 * reads can be unmapped under it, the heap is never given back to the
 * system (trimmed) while it runs. Where that is not available (an older
 * kernel, one processor, a sanitizer's allocator) it does nothing and the
 * program runs as before. For commands, not for library code: it changes
 * malloc's settings (M_TOP_PAD, M_TRIM_THRESHOLD) for the whole process,
 * and nothing may call malloc_trim() or move the program break while it
 * runs.
 */
#ifndef VOUCH_HEAPWARM_H
#define VOUCH_HEAPWARM_H

#include "util/compat.h"

/*
 * Makes the heap's next reserve bytes huge pages: malloc's top chunk is
 * filled with blocks (kept, never freed) to just under the next 2 MiB
 * boundary, the heap grown by reserve there while untouched, and that part
 * marked for huge pages (madvise MADV_HUGEPAGE) before malloc writes in it.
 * The heap is not trimmed afterwards (a trim would split the huge pages it
 * cut), which is why this is for commands that end when done. At most
 * 2 MiB of address space is filled, of which only the blocks' headers are
 * touched. Whether it was done: false where the system gives no huge pages
 * on request, under a sanitizer, when the top chunk already reaches the
 * next boundary (a large block freed there), or when malloc did not put
 * the blocks where the top was (M_MMAP_THRESHOLD at 1 MiB or less,
 * another arena in use); then nothing was changed but a few blocks taken
 * from the heap (and its untouched growth). Later calls give the first
 * one's answer; while the warming thread runs, false. To be called while
 * the process has one thread.
 */
bool heapwarm_huge(size_t reserve);

/*
 * Starts the thread, malloc asking the system for pad bytes more than it
 * needs each time it grows the heap: what the thread works on. Trimming is
 * off until heapwarm_stop(), which sets M_TRIM_THRESHOLD to trim_after.
 * Whether a thread runs (false where it would not help, see above; then
 * nothing was changed).
 */
bool heapwarm_start(size_t pad, size_t trim_after);

/* How far the thread has come: the heap's pages below this address are ready (for tests). */
uintptr_t heapwarm_progress(void);

/*
 * Stops it and waits for it (at most one step of pages), then puts back
 * malloc's top padding (its default, 128 KiB) and trimming; a no-op when
 * no thread runs.
 */
void heapwarm_stop(void);

#endif
