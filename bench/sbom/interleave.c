/*
 * interleave.c: commands timed in turn, run after run (bench/sbom/ab).
 *
 *     interleave RUNS CMD... [-- CMD...]...
 *
 * hyperfine runs all the runs of one command, then all of the next: on a
 * machine whose speed drifts (other jobs, a virtual machine's host) that
 * favours one of them. Here run i of every command comes before run i + 1
 * of any, so the drift falls on all alike. Three unmeasured runs of each
 * first; the commands' output goes to /dev/null. Prints per command the
 * median, mean, fastest and quartiles of the wall time (fork to reaped).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS 8

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double run_once(char **cmd)
{
	struct timespec a, b;
	pid_t pid;
	int st;

	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		dup2(fd, 2);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid) {
		perror("interleave");
		exit(2);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
}

int main(int argc, char **argv)
{
	char **cmds[MAX_CMDS];
	int ncmds = 0, runs = argc > 2 ? atoi(argv[1]) : 0;
	double *t;

	if (runs < 4) {
		fprintf(stderr, "usage: interleave RUNS (4 or more) CMD... [-- CMD...]...\n");
		return 2;
	}
	cmds[ncmds++] = argv + 2;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--"))
			continue;
		argv[i] = NULL;
		if (ncmds == MAX_CMDS || i + 1 == argc) {
			fprintf(stderr, "interleave: at most %d commands, none empty\n", MAX_CMDS);
			return 2;
		}
		cmds[ncmds++] = argv + i + 1;
	}
	t = calloc((size_t)runs * (size_t)ncmds, sizeof(*t));
	if (!t)
		return 2;
	for (int r = -3; r < runs; r++)
		for (int c = 0; c < ncmds; c++) {
			double ms = run_once(cmds[c]);

			if (r >= 0)
				t[c * runs + r] = ms;
		}
	for (int c = 0; c < ncmds; c++) {
		double *v = t + c * runs, sum = 0;

		for (int r = 0; r < runs; r++)
			sum += v[r];
		qsort(v, (size_t)runs, sizeof(*v), cmp_double);
		printf("%-40.40s median %6.2f  mean %6.2f  fastest %6.2f  p25 %6.2f  p75 %6.2f "
		       "ms\n",
		       cmds[c][0], v[runs / 2], sum / runs, v[0], v[runs / 4], v[3 * runs / 4]);
	}
	free(t);
	return 0;
}
