/*
 * tlog_bench: appends through the library (no process start-up), for
 * bench/tlog/run. Usage: tlog_bench DIR COUNT BATCH [SIZE]
 * Appends COUNT entries of SIZE bytes (default 100) to the log in DIR,
 * committing (fsync) every BATCH entries, and prints the rate.
 */
#include "util/compat.h"
#include "core/integrity/tlog.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/num.h"

#include <time.h>

int main(int argc, char **argv)
{
	struct tlog log = TLOG_INIT;
	uint64_t count, batch, size = 100, idx;
	char data[4096];
	struct timespec t0, t1;
	double secs;

	if (argc < 4 || hash_init() < 0 || num_parse_u64(&count, argv[2], strlen(argv[2]), UINT64_MAX, 0) < 0 ||
	    num_parse_u64(&batch, argv[3], strlen(argv[3]), UINT64_MAX, 0) < 0 || batch == 0 ||
	    (argc > 4 && num_parse_u64(&size, argv[4], strlen(argv[4]), sizeof(data), 0) < 0)) {
		fprintf(stderr, "usage: tlog_bench DIR COUNT BATCH [SIZE<=4096]\n");
		return 2;
	}
	if (tlog_open(&log, argv[1], TLOG_CREATE) < 0) {
		fprintf(stderr, "tlog_bench: %s\n", err_msg());
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (uint64_t i = 0; i < count; i++) {
		int n = snprintf(data, sizeof(data), "entry %" PRIu64 " ", log.size + log.pending);

		memset(data + n, 'x', size > (uint64_t)n ? size - (uint64_t)n : 0);
		if (tlog_add(&idx, &log, data, size) < 0 ||
		    ((i + 1) % batch == 0 && tlog_commit(&log) < 0)) {
			fprintf(stderr, "tlog_bench: %s\n", err_msg());
			return 1;
		}
	}
	if (tlog_commit(&log) < 0) {
		fprintf(stderr, "tlog_bench: %s\n", err_msg());
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%" PRIu64 " entries of %" PRIu64 " bytes, commit every %" PRIu64
	       ": %.2f s, %.0f appends/s (log size now %" PRIu64 ")\n",
	       count, size, batch, secs, (double)count / secs, log.size);
	tlog_release(&log);
	return 0;
}
