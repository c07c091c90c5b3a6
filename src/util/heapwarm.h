/*
 * heapwarm.h: the heap's fresh pages made ready by the other processor.
 *
 * The first write to a page the process never touched costs a page fault.
 * On the virtual machines vouch runs on in CI that fault is dear: about
 * 13 us each (shadow page tables), a third of `vouch sbom`'s time on a
 * large lockfile. While a command reads its input on one processor, the
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
