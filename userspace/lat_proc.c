// SPDX-License-Identifier: GPL-2.0
/*
 * lat_proc: process creation latency, after lmbench's lat_proc.
 *
 *   lat_proc fork|exec|shell ITERATIONS [MIB]
 *
 * fork:  fork, child _exit()s, parent waits         (fork+exit)
 * exec:  fork, child execve()s "lat_proc hello"      (fork+execve)
 * shell: fork, child runs /bin/sh -c "lat_proc hello" (fork+/bin/sh -c)
 * MIB:   the parent first writes MIB MiB of anonymous memory (default 0),
 *        so that every fork copies, and every exit tears down, its ptes.
 *
 * Prints one line: "lat_proc <test> iterations=N us_per_iter=X".
 *
 * For the test bed: with LAT_PROC_PHASE=NAME in the environment, the timed
 * part is marked on fd 3 the way the guest suites mark a phase, so that the
 * host's counts leave out the parent's own setup. With LAT_PROC_COUNTER=FILE
 * too, FILE holds a counter: its growth over the timed part is printed on
 * fd 3 as "# RESULT NAME_<basename of FILE>=N".
 */
#include <errno.h>
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
		"usage: lat_proc fork|exec|shell ITERATIONS [MIB]\n"
		"  ITERATIONS: 1..%ld process creations to time\n"
		"  MIB: 0..%ld MiB the parent writes first (default 0)\n",
		PROC_BENCH_MAX_ITERATIONS, PROC_BENCH_MAX_TOUCH_MIB);
	exit(2);
}

int main(int argc, char **argv)
{
	double us;
	char *end;
	int test;
	const char *phase = getenv("LAT_PROC_PHASE");
	const char *counter = getenv("LAT_PROC_COUNTER");
	long long count = -1;
	long n, mib = 0;

	if (proc_bench_is_child(argc, argv))
		return 0;
	if (argc != 3 && argc != 4)
		usage();
	test = proc_bench_parse(argv[1]);
	if (test < 0) {
		fprintf(stderr, "lat_proc: unknown test '%s'\n", argv[1]);
		usage();
	}
	errno = 0;
	n = strtol(argv[2], &end, 10);
	if (errno || end == argv[2] || *end || n < 1 ||
	    n > PROC_BENCH_MAX_ITERATIONS) {
		fprintf(stderr, "lat_proc: bad ITERATIONS '%s'\n", argv[2]);
		usage();
	}
	if (argc == 4) {
		errno = 0;
		mib = strtol(argv[3], &end, 10);
		if (errno || end == argv[3] || *end || mib < 0 ||
		    mib > PROC_BENCH_MAX_TOUCH_MIB) {
			fprintf(stderr, "lat_proc: bad MIB '%s'\n", argv[3]);
			usage();
		}
	}
	/*
	 * A big parent forks once untimed, so that its ptes are already
	 * write-protected for COW and the timed forks only copy them.
	 */
	if (proc_bench_touch(mib) || (mib && proc_bench_run(test, 1, &us)))
		return 1;
	phase_mark(phase, 0);
	if (phase && counter)
		count = read_counter(counter);
	if (proc_bench_run(test, n, &us))
		return 1;
	if (phase && counter)
		counter_result(phase, counter, count);
	phase_mark(phase, n);
	printf("lat_proc %s iterations=%ld us_per_iter=%.1f\n",
	       proc_bench_label(test), n, us);
	return 0;
}
