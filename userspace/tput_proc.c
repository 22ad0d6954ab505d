// SPDX-License-Identifier: GPL-2.0
/*
 * tput_proc: process-creation throughput of parallel loops.
 *
 *   tput_proc fork|exec|shell JOBS SECONDS
 *
 * Starts JOBS workers, worker i bound to the i-th online CPU (modulo their
 * number), released together; each runs the test (as lat_proc does) in a
 * loop for SECONDS. Prints one line:
 * "tput_proc <test> jobs=N seconds=S procs=P procs_per_sec=X", where X sums
 * each worker's processes over its own elapsed time.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

#include "monotonic.h"
#include "proc_bench.h"

#define TPUT_MAX_JOBS 1024L
#define TPUT_MAX_SECONDS 3600L

struct worker_result {
	long procs;
	double seconds;
};

static void usage(void)
{
	fprintf(stderr,
		"usage: tput_proc fork|exec|shell JOBS SECONDS\n"
		"  JOBS: 1..%ld parallel loops, one per online CPU in turn\n"
		"  SECONDS: 1..%ld seconds each loop runs\n",
		TPUT_MAX_JOBS, TPUT_MAX_SECONDS);
	exit(2);
}

/* Bind to the @nth online CPU, counting round the online set. */
static void bind_to_nth_cpu(long nth)
{
	cpu_set_t online, one;
	long seen = 0, count;
	int cpu;

	if (sched_getaffinity(0, sizeof(online), &online))
		return;
	count = CPU_COUNT(&online);
	nth %= count;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &online) || seen++ != nth)
			continue;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		sched_setaffinity(0, sizeof(one), &one);
		return;
	}
}

/* A worker: wait for the start, loop, report on @out. Never returns. */
static void worker(enum proc_test test, long nth, long seconds, int start_fd,
		   int out)
{
	struct worker_result r = { 0 };
	double t0;
	char go;

	bind_to_nth_cpu(nth);
	if (read(start_fd, &go, 1) != 1)
		_exit(1);
	t0 = monotonic_seconds();
	if (proc_bench_run_until(test, t0 + seconds, &r.procs))
		_exit(1);
	r.seconds = monotonic_seconds() - t0;
	_exit(write(out, &r, sizeof(r)) == sizeof(r) ? 0 : 1);
}

int main(int argc, char **argv)
{
	int start[2], results[2], status, test, failed = 0;
	long jobs, seconds, i, procs = 0;
	struct worker_result r;
	double rate = 0;
	pid_t pid;

	if (proc_bench_is_child(argc, argv))
		return 0;
	if (argc != 4)
		usage();
	test = proc_bench_parse(argv[1]);
	if (test < 0) {
		fprintf(stderr, "tput_proc: unknown test '%s'\n", argv[1]);
		usage();
	}
	if (proc_bench_number("tput_proc: bad JOBS", argv[2], 1, TPUT_MAX_JOBS,
			      &jobs))
		usage();
	if (proc_bench_number("tput_proc: bad SECONDS", argv[3], 1,
			      TPUT_MAX_SECONDS, &seconds))
		usage();
	if (pipe(start) || pipe(results)) {
		perror("pipe");
		return 1;
	}
	for (i = 0; i < jobs; i++) {
		pid = fork();
		if (pid < 0) {
			perror("fork");
			/* Closing the start pipe unblocks the workers: they fail. */
			close(start[1]);
			failed = 1;
			break;
		}
		if (pid == 0) {
			close(start[1]);
			close(results[0]);
			worker(test, i, seconds, start[0], results[1]);
		}
	}
	close(results[1]);
	if (!failed) {
		/* One byte per worker releases them all at once. */
		for (i = 0; i < jobs; i++)
			if (write(start[1], "g", 1) != 1)
				failed = 1;
		close(start[1]);
	}
	while (read(results[0], &r, sizeof(r)) == sizeof(r)) {
		procs += r.procs;
		if (r.seconds > 0)
			rate += r.procs / r.seconds;
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			failed = 1;
	if (failed) {
		fprintf(stderr, "tput_proc: a worker failed\n");
		return 1;
	}
	printf("tput_proc %s jobs=%ld seconds=%ld procs=%ld procs_per_sec=%.1f\n",
	       proc_bench_label(test), jobs, seconds, procs, rate);
	return 0;
}
