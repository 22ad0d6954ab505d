// SPDX-License-Identifier: GPL-2.0
/*
 * lat_proc: process creation latency, after lmbench's lat_proc.
 *
 *   lat_proc fork|exec|shell ITERATIONS [MIB [PAGES]]
 *
 * fork:  fork, child _exit()s, parent waits         (fork+exit)
 * exec:  fork, child execve()s "lat_proc hello"      (fork+execve)
 * shell: fork, child runs /bin/sh -c "lat_proc hello" (fork+/bin/sh -c)
 * MIB:   the parent first writes MIB MiB of anonymous memory (default 0),
 *        so that every fork copies, and every exit tears down, its ptes.
 * PAGES: of each 2 MiB (a pte table's span), the pages it writes: 512,
 *        every one, by default (a dense parent); fewer make a sparse one,
 *        with as many tables and few ptes in each.
 *
 * Prints one line: "lat_proc <test> iterations=N us_per_iter=X".
 *
 * For the test bed: with LAT_PROC_PHASE=NAME in the environment, the timed
 * part is marked on fd 3 the way the guest suites mark a phase, so that the
 * host's counts leave out the parent's own setup. With
 * LAT_PROC_COUNTER=FILE[:FILE...] too, each FILE holds a counter: its growth
 * over the timed part is printed on fd 3 as "# RESULT NAME_<basename>=N".
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "proc_bench.h"

/* The number in @path, or -1. */
static long long read_counter(const char *path)
{
	long long v = -1;
	FILE *f = fopen(path, "r");

	if (f) {
		if (fscanf(f, "%lld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static void counter_result(const char *phase, const char *path,
			   long long before)
{
	long long after = read_counter(path);
	char *copy = strdup(path);

	if (copy && before >= 0 && after >= before)
		dprintf(3, "# RESULT %s_%s=%lld\n", phase, basename(copy),
			after - before);
	free(copy);
}

#define MAX_COUNTERS 8

/* Split @list at ':' into at most MAX_COUNTERS paths; returns how many. */
static int split_counters(char *list, char **paths)
{
	int n = 0;
	char *path;

	while (n < MAX_COUNTERS && (path = strsep(&list, ":")))
		if (*path)
			paths[n++] = path;
	return n;
}

/* "# PHASE begin NAME", or end with procs=N, a second clear either side. */
static void phase_mark(const char *name, long procs)
{
	if (!name)
		return;
	sleep(1);
	if (procs)
		dprintf(3, "# PHASE end %s procs=%ld\n", name, procs);
	else
		dprintf(3, "# PHASE begin %s\n", name);
	sleep(1);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: lat_proc fork|exec|shell ITERATIONS [MIB [PAGES]]\n"
		"  ITERATIONS: 1..%ld process creations to time\n"
		"  MIB: 0..%ld MiB the parent writes first (default 0)\n"
		"  PAGES: 1..%ld pages it writes in each 2 MiB (default %ld)\n",
		PROC_BENCH_MAX_ITERATIONS, PROC_BENCH_MAX_TOUCH_MIB,
		PROC_BENCH_PAGES_PER_TABLE, PROC_BENCH_PAGES_PER_TABLE);
	exit(2);
}

int main(int argc, char **argv)
{
	double us;
	int test;
	const char *phase = getenv("LAT_PROC_PHASE");
	char *counters = getenv("LAT_PROC_COUNTER");
	char *paths[MAX_COUNTERS];
	long long counts[MAX_COUNTERS];
	int nr_counters = 0, i;
	long n, mib = 0, pages = PROC_BENCH_PAGES_PER_TABLE;

	if (proc_bench_is_child(argc, argv))
		return 0;
	if (argc < 3 || argc > 5)
		usage();
	test = proc_bench_parse(argv[1]);
	if (test < 0) {
		fprintf(stderr, "lat_proc: unknown test '%s'\n", argv[1]);
		usage();
	}
	if (proc_bench_number("lat_proc: bad ITERATIONS", argv[2], 1,
			      PROC_BENCH_MAX_ITERATIONS, &n))
		usage();
	if (argc >= 4 &&
	    proc_bench_number("lat_proc: bad MIB", argv[3], 0,
			      PROC_BENCH_MAX_TOUCH_MIB, &mib))
		usage();
	if (argc == 5 &&
	    proc_bench_number("lat_proc: bad PAGES", argv[4], 1,
			      PROC_BENCH_PAGES_PER_TABLE, &pages))
		usage();
	/*
	 * A big parent forks once untimed, so that its ptes are already
	 * write-protected for COW and the timed forks only copy them.
	 */
	if (proc_bench_touch(mib, pages) || (mib && proc_bench_run(test, 1, &us)))
		return 1;
	if (phase && counters)
		nr_counters = split_counters(counters, paths);
	phase_mark(phase, 0);
	for (i = 0; i < nr_counters; i++)
		counts[i] = read_counter(paths[i]);
	if (proc_bench_run(test, n, &us))
		return 1;
	for (i = 0; i < nr_counters; i++)
		counter_result(phase, paths[i], counts[i]);
	phase_mark(phase, n);
	printf("lat_proc %s iterations=%ld us_per_iter=%.1f\n",
	       proc_bench_label(test), n, us);
	return 0;
}
