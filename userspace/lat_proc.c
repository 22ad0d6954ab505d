// SPDX-License-Identifier: GPL-2.0
/*
 * lat_proc: process creation latency, after lmbench's lat_proc.
 *
 *   lat_proc fork|exec|shell ITERATIONS
 *
 * fork:  fork, child _exit()s, parent waits         (fork+exit)
 * exec:  fork, child execve()s "lat_proc hello"      (fork+execve)
 * shell: fork, child runs /bin/sh -c "lat_proc hello" (fork+/bin/sh -c)
 *
 * Prints one line: "lat_proc <test> iterations=N us_per_iter=X".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "proc_bench.h"

static void usage(void)
{
	fprintf(stderr,
		"usage: lat_proc fork|exec|shell ITERATIONS\n"
		"  ITERATIONS: 1..%ld process creations to time\n",
		PROC_BENCH_MAX_ITERATIONS);
	exit(2);
}

int main(int argc, char **argv)
{
	double us;
	char *end;
	int test;
	long n;

	if (proc_bench_is_child(argc, argv))
		return 0;
	if (argc != 3)
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
	if (proc_bench_run(test, n, &us))
		return 1;
	printf("lat_proc %s iterations=%ld us_per_iter=%.1f\n",
	       proc_bench_label(test), n, us);
	return 0;
}
