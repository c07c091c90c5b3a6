/*
 * tlog_bench: appends through the library (no process start-up), for
 * bench/tlog/run. Usage: tlog_bench DIR COUNT BATCH [SIZE]
 * Appends COUNT entries of SIZE bytes (default 100) to the log in DIR,
 * committing (fsync) every BATCH entries, and prints the rate.
 * tlog_bench --proofs DIR COUNT: COUNT random inclusion and consistency
 * proofs of the whole log, generated and verified in process, timed.
 */
#include "util/compat.h"
#include "core/integrity/tlog.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/num.h"

#include <time.h>

static double elapsed(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int proofs(const char *dir, uint64_t count)
{
	struct tlog log = TLOG_INIT;
	struct merkle_source src;
	struct merkle_path path;
	struct merkle_hash root, old, leaf;
	struct timespec t0;
	uint64_t seed = 88172645463325252ULL;
	double gen = 0, ver = 0;
	size_t hashes = 0;

	if (tlog_open(&log, dir, 0) < 0 || log.size < 2 || tlog_root(&root, &log, log.size) < 0)
		return fprintf(stderr, "tlog_bench: %s\n", err_msg()), 1;
	tlog_source(&src, &log);
	for (uint64_t i = 0; i < count; i++) {
		uint64_t m;

		seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
		m = seed % log.size;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (merkle_inclusion_proof(&path, &src, m, log.size) < 0 ||
		    src.get(&leaf, 0, m, src.payload) < 0)
			return fprintf(stderr, "tlog_bench: %s\n", err_msg()), 1;
		gen += elapsed(&t0);
		hashes += path.n;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (merkle_verify_inclusion(m, log.size, &leaf, path.h, path.n, root.b, 32) < 0)
			return fprintf(stderr, "tlog_bench: %s\n", err_msg()), 1;
		ver += elapsed(&t0);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (tlog_root(&old, &log, m + 1) < 0 ||
		    merkle_consistency_proof(&path, &src, m + 1, log.size) < 0)
			return fprintf(stderr, "tlog_bench: %s\n", err_msg()), 1;
		gen += elapsed(&t0);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (merkle_verify_consistency(m + 1, log.size, old.b, 32, root.b, 32, path.h,
					      path.n) < 0)
			return fprintf(stderr, "tlog_bench: %s\n", err_msg()), 1;
		ver += elapsed(&t0);
	}
	printf("in process, %" PRIu64 " entries: inclusion + consistency proof (with the old root) "
	       "generated in %.1f us, verified in %.1f us (mean of %" PRIu64 "; %.1f hashes per "
	       "inclusion proof)\n",
	       log.size, gen * 1e6 / (double)count, ver * 1e6 / (double)count, count,
	       (double)hashes / (double)count);
	tlog_release(&log);
	return 0;
}

int main(int argc, char **argv)
{
	struct tlog log = TLOG_INIT;
	uint64_t count, batch, size = 100, idx;
	char data[4096];
	struct timespec t0, t1;
	double secs;

	if (argc == 4 && !strcmp(argv[1], "--proofs") && hash_init() == 0 &&
	    num_parse_u64(&count, argv[3], strlen(argv[3]), UINT64_MAX, 0) == 0)
		return proofs(argv[2], count);
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
