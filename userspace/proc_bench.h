/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Process-creation microbenchmarks after lmbench's lat_proc, shared by
 * lat_proc and "iosupctl bench".
 */
#ifndef PROC_BENCH_H
#define PROC_BENCH_H

enum proc_test {
	PROC_FORK_EXIT,		/* fork, the child _exit()s */
	PROC_FORK_EXECVE,	/* fork, the child execve()s this program */
	PROC_FORK_SH,		/* fork, the child runs /bin/sh -c this program */
	PROC_NR_TESTS,
};

#define PROC_BENCH_MAX_ITERATIONS 10000000L
#define PROC_BENCH_MAX_TOUCH_MIB 4096L
/* Pages a pte table maps (x86-64): 2 MiB of 4 KiB pages. */
#define PROC_BENCH_PAGES_PER_TABLE 512L

/*
 * The argument and the environment that make an exec'd child of the
 * benchmark exit at once: both, so that a user's "iosupctl hello" is an
 * unknown command and not a silent exit 0.
 */
#define PROC_BENCH_CHILD_ARG "hello"
#define PROC_BENCH_CHILD_VAR "IOSUP_PROC_BENCH_CHILD"
#define PROC_BENCH_CHILD_ENV PROC_BENCH_CHILD_VAR "=1"

/* "fork", "exec" or "shell" to a test; -1 if the name is unknown. */
int proc_bench_parse(const char *name);
/* "fork+exit", "fork+execve", "fork+sh-c". */
const char *proc_bench_label(enum proc_test test);
/* True when argv and the environment say "exit at once": a run's child. */
int proc_bench_is_child(int argc, char **argv);
/*
 * Map @mib MiB of anonymous memory that stays for the life of the process,
 * and write the first @per_table pages of each 2 MiB of it (all of them
 * for PROC_BENCH_PAGES_PER_TABLE), so that each fork copies, and each exit
 * tears down, page tables covering it: dense ones, or sparse ones that
 * hold few entries each. Returns 0, or -1 with a message on stderr.
 */
int proc_bench_touch(long mib, long per_table);
/*
 * Run @test @iterations times; store the mean microseconds per process.
 * Returns 0, or -1 with a message on stderr.
 */
int proc_bench_run(enum proc_test test, long iterations, double *us_per_iter);
/*
 * Run @test until monotonic_seconds() passes @deadline; store how many
 * processes ran. Returns 0, or -1 with a message on stderr.
 */
int proc_bench_run_until(enum proc_test test, double deadline, long *done);
/*
 * The number @s (parse_number.h's rule), if it lies in @min..@max, into
 * *@val. Returns 0, or -1 after saying on stderr, after @what, why not.
 */
int proc_bench_number(const char *what, const char *s, long min, long max,
		      long *val);

#endif
