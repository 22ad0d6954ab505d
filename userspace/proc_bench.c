// SPDX-License-Identifier: GPL-2.0
/*
 * Process-creation microbenchmarks after lmbench's lat_proc. The exec'd
 * children run this same program with PROC_BENCH_CHILD_ARG and only
 * PROC_BENCH_CHILD_ENV in their environment, which the caller's main()
 * turns into an immediate exit (proc_bench_is_child()).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "monotonic.h"
#include "parse_number.h"
#include "proc_bench.h"

static const char *const test_names[PROC_NR_TESTS] = { "fork", "exec", "shell" };
static const char *const test_labels[PROC_NR_TESTS] = {
	"fork+exit", "fork+execve", "fork+sh-c"
};

static char self[PATH_MAX];

int proc_bench_parse(const char *name)
{
	int t;

	for (t = 0; t < PROC_NR_TESTS; t++)
		if (!strcmp(name, test_names[t]))
			return t;
	return -1;
}

const char *proc_bench_label(enum proc_test test)
{
	return test_labels[test];
}

/*
 * The argument alone would make "iosupctl hello" exit 0 in silence: the
 * children also get PROC_BENCH_CHILD_ENV, which no user sets by chance.
 */
int proc_bench_is_child(int argc, char **argv)
{
	const char *env = getenv(PROC_BENCH_CHILD_VAR);

	return argc == 2 && !strcmp(argv[1], PROC_BENCH_CHILD_ARG) && env &&
	       !strcmp(env, "1");
}

static void child_run(enum proc_test test)
{
	char *argv[] = { self, PROC_BENCH_CHILD_ARG, NULL };
	char *envp[] = { PROC_BENCH_CHILD_ENV, NULL };
	char cmd[PATH_MAX + 8];

	if (test == PROC_FORK_EXECVE) {
		execve(self, argv, envp);
	} else if (test == PROC_FORK_SH) {
		snprintf(cmd, sizeof(cmd), "%s %s", self, PROC_BENCH_CHILD_ARG);
		execle("/bin/sh", "sh", "-c", cmd, (char *)NULL, envp);
	} else {
		_exit(0);
	}
	_exit(127);
}

static int run_once(enum proc_test test)
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		return -1;
	}
	if (pid == 0)
		child_run(test);
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "%s: child failed (status 0x%x)\n",
			test_labels[test], status);
		return -1;
	}
	return 0;
}

int proc_bench_touch(long mib, long per_table)
{
	const size_t table_span = PROC_BENCH_PAGES_PER_TABLE * 4096;
	size_t len = (size_t)mib << 20;
	char *mem;

	if (!mib)
		return 0;
	/* Aligned to a table's span, so that each table maps one 2 MiB. */
	mem = mmap(NULL, len + table_span, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED) {
		perror("mmap");
		return -1;
	}
	mem += table_span - (size_t)((unsigned long)mem % table_span);
	/* Page tables are the point: no huge page may stand in for them. */
	if (madvise(mem, len, MADV_NOHUGEPAGE) && errno != EINVAL) {
		perror("madvise");
		return -1;
	}
	/* One write a page: those pages present, none shared. */
	for (size_t base = 0; base < len; base += table_span)
		for (long page = 0; page < per_table; page++)
			mem[base + page * 4096] = 1;
	return 0;
}

/* The path the exec'd children run: this program. */
static int find_self(void)
{
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (len < 0) {
		perror("readlink /proc/self/exe");
		return -1;
	}
	self[len] = '\0';
	return 0;
}

int proc_bench_run(enum proc_test test, long iterations, double *us_per_iter)
{
	double start;
	long i;

	if (find_self())
		return -1;
	start = monotonic_seconds() * 1e6;
	for (i = 0; i < iterations; i++)
		if (run_once(test))
			return -1;
	*us_per_iter = (monotonic_seconds() * 1e6 - start) / iterations;
	return 0;
}

int proc_bench_run_until(enum proc_test test, double deadline, long *done)
{
	*done = 0;
	if (find_self())
		return -1;
	while (monotonic_seconds() < deadline) {
		if (run_once(test))
			return -1;
		++*done;
	}
	return 0;
}

int proc_bench_number(const char *what, const char *s, long min, long max,
		      long *val)
{
	char why[160];
	long long v;
	int err = parse_integer(s, min, max, &v);

	if (err) {
		parse_integer_why(why, sizeof(why), err, s, min, max);
		fprintf(stderr, "%s: %s\n", what, why);
		return -1;
	}
	*val = v;
	return 0;
}
