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
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#define MAX_ITERATIONS 10000000L

static char self[PATH_MAX];

static void usage(void)
{
	fprintf(stderr,
		"usage: lat_proc fork|exec|shell ITERATIONS\n"
		"  ITERATIONS: 1..%ld process creations to time\n",
		MAX_ITERATIONS);
	exit(2);
}

static void child_exec(void)
{
	char *argv[] = { "lat_proc", "hello", NULL };
	char *envp[] = { NULL };

	execve(self, argv, envp);
	_exit(127);
}

static void child_shell(void)
{
	char cmd[PATH_MAX + 8];
	char *envp[] = { NULL };

	snprintf(cmd, sizeof(cmd), "%s hello", self);
	execle("/bin/sh", "sh", "-c", cmd, (char *)NULL, envp);
	_exit(127);
}

static int run_once(void (*child)(void))
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		perror("lat_proc: fork");
		return -1;
	}
	if (pid == 0) {
		if (child)
			child();
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("lat_proc: waitpid");
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "lat_proc: child failed (status 0x%x)\n", status);
		return -1;
	}
	return 0;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
	void (*child)(void);
	const char *name;
	char *end;
	long n, i;
	double start;
	ssize_t len;

	if (argc == 2 && !strcmp(argv[1], "hello"))
		return 0;
	if (argc != 3)
		usage();
	if (!strcmp(argv[1], "fork")) {
		child = NULL;
		name = "fork+exit";
	} else if (!strcmp(argv[1], "exec")) {
		child = child_exec;
		name = "fork+execve";
	} else if (!strcmp(argv[1], "shell")) {
		child = child_shell;
		name = "fork+sh-c";
	} else {
		fprintf(stderr, "lat_proc: unknown test '%s'\n", argv[1]);
		usage();
	}
	errno = 0;
	n = strtol(argv[2], &end, 10);
	if (errno || end == argv[2] || *end || n < 1 || n > MAX_ITERATIONS) {
		fprintf(stderr, "lat_proc: bad ITERATIONS '%s'\n", argv[2]);
		usage();
	}
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len < 0) {
		perror("lat_proc: readlink /proc/self/exe");
		return 1;
	}
	self[len] = '\0';

	start = now_us();
	for (i = 0; i < n; i++)
		if (run_once(child))
			return 1;
	printf("lat_proc %s iterations=%ld us_per_iter=%.1f\n", name, n,
	       (now_us() - start) / n);
	return 0;
}
