// SPDX-License-Identifier: GPL-2.0
/*
 * iosup-stress: process churn at a set pace, standing in for the seed
 * paper's browser loop. Each process touches some memory, runs some
 * threads, lives a while and exits, so that page tables are built and torn
 * down the way real short-lived programs do it.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "monotonic.h"
#include "parse_number.h"

#define WORKER_ARG "--worker"
#define MAX_THREADS 256
#define MAX_MEMORY_KIB (64L << 20)
#define MAX_LIFETIME_MS 3600000L

struct stress_config {
	long rate;		/* creations per minute, 0: as fast as allowed */
	long concurrency;	/* processes alive at once, at most */
	long memory_kib;	/* touched by each process */
	long threads;		/* extra threads per process */
	long lifetime_ms;
	long duration_s;	/* 0: until SIGINT or SIGTERM */
	int exec;		/* children execve() a fresh worker */
};

struct stress_totals {
	long created, exited, failed, peak_alive, alive;
};

static volatile sig_atomic_t stop;

static void usage(const char *why, const char *arg)
{
	if (why)
		fprintf(stderr, "iosup-stress: %s '%s'\n", why, arg);
	fprintf(stderr,
		"usage: iosup-stress [-r PER_MINUTE] [-c CONCURRENT] [-m KIB] [-t THREADS]\n"
		"                    [-l LIFETIME_MS] [-d SECONDS] [--no-exec]\n"
		"  -r, --rate         process creations per minute (default 600;\n"
		"                     0: as fast as -c allows)\n"
		"  -c, --concurrency  processes alive at once, at most (default 8)\n"
		"  -m, --memory       KiB of memory each process touches (default 1024)\n"
		"  -t, --threads      threads per process besides its main one (default 0)\n"
		"  -l, --lifetime     milliseconds each process lives (default 200)\n"
		"  -d, --duration     seconds to run (default 60; 0: until SIGINT/SIGTERM)\n"
		"  -x, --no-exec      children only fork (default: fork, then execve)\n"
		"At the end it prints what it did. Exit status: 0 when every process\n"
		"ran, 1 when some failed, 2 for bad arguments.\n");
	exit(2);
}

static long parse_long(const char *s, long min, long max, const char *what)
{
	char why[160];
	long long v;
	int err = parse_integer(s, min, max, &v);

	if (err) {
		parse_integer_why(why, sizeof(why), err, s, min, max);
		fprintf(stderr, "iosup-stress: %s: %s\n", what, why);
		usage(NULL, NULL);
	}
	return v;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static long thread_lifetime_ms;

static void *thread_main(void *arg)
{
	volatile char stack_page[4096];

	(void)arg;
	memset((char *)stack_page, 1, sizeof(stack_page));
	sleep_ms(thread_lifetime_ms);
	return NULL;
}

/* One process of the churn: touch memory, run threads, live, exit. */
static int worker(long kib, long threads, long lifetime_ms)
{
	pthread_t tid[MAX_THREADS];
	size_t len = kib * 1024, off;
	char *mem = NULL;
	long i, started = 0;

	if (len) {
		mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (mem == MAP_FAILED)
			return 1;
		for (off = 0; off < len; off += 4096)
			mem[off] = 1;
	}
	thread_lifetime_ms = lifetime_ms;
	for (i = 0; i < threads; i++)
		if (!pthread_create(&tid[i], NULL, thread_main, NULL))
			started++;
	sleep_ms(lifetime_ms);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	if (mem)
		munmap(mem, len);
	return started == threads ? 0 : 1;
}

static char self[PATH_MAX];

static void spawn(const struct stress_config *cfg, struct stress_totals *tot)
{
	char kib[24], threads[24], ms[24];
	char *argv[] = { self, WORKER_ARG, kib, threads, ms, NULL };
	char *envp[] = { NULL };
	pid_t pid;

	pid = fork();
	if (pid < 0) {
		tot->failed++;
		return;
	}
	if (pid == 0) {
		if (!cfg->exec)
			_exit(worker(cfg->memory_kib, cfg->threads, cfg->lifetime_ms));
		snprintf(kib, sizeof(kib), "%ld", cfg->memory_kib);
		snprintf(threads, sizeof(threads), "%ld", cfg->threads);
		snprintf(ms, sizeof(ms), "%ld", cfg->lifetime_ms);
		execve(self, argv, envp);
		_exit(127);
	}
	tot->created++;
	tot->alive++;
	if (tot->alive > tot->peak_alive)
		tot->peak_alive = tot->alive;
}

static void reap(struct stress_totals *tot, int block)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, block ? 0 : WNOHANG)) > 0) {
		tot->alive--;
		if (WIFEXITED(status) && !WEXITSTATUS(status))
			tot->exited++;
		else
			tot->failed++;
		block = 0;
	}
}

/* Wait up to @seconds for a child to end or a signal to arrive. */
static void wait_a_little(double seconds)
{
	struct timespec ts;
	sigset_t set;

	if (seconds <= 0)
		return;
	if (seconds > 0.05)
		seconds = 0.05;	/* stay responsive to children ending */
	ts.tv_sec = 0;
	ts.tv_nsec = (long)(seconds * 1e9);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigtimedwait(&set, NULL, &ts);
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void run(const struct stress_config *cfg, struct stress_totals *tot)
{
	double period = cfg->rate ? 60.0 / cfg->rate : 0;
	double start = monotonic_seconds(), end = start + cfg->duration_s, next = start, t;
	sigset_t chld;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	while (!stop) {
		t = monotonic_seconds();
		if (cfg->duration_s && t >= end)
			break;
		reap(tot, 0);
		if (t >= next && tot->alive < cfg->concurrency) {
			spawn(cfg, tot);
			/* Running late by over a second: drop the backlog. */
			next = next + period < t - 1 ? t : next + period;
			continue;
		}
		wait_a_little(tot->alive < cfg->concurrency ? next - t : 0.05);
	}
	while (tot->alive > 0)
		reap(tot, 1);
	t = monotonic_seconds() - start;
	printf("iosup-stress: %ld processes created in %.1f s (%.0f per minute, asked %ld%s),\n"
	       "  %ld exited cleanly, %ld failed, at most %ld alive at once;\n"
	       "  each touched %ld KiB, ran %ld extra threads, lived %ld ms%s\n",
	       tot->created, t, t > 0 ? tot->created * 60 / t : 0.0, cfg->rate,
	       cfg->rate ? "" : " = unpaced", tot->exited, tot->failed,
	       tot->peak_alive, cfg->memory_kib, cfg->threads, cfg->lifetime_ms,
	       cfg->exec ? ", after execve" : ", fork only");
	printf("RESULT created=%ld exited=%ld failed=%ld seconds=%.1f\n",
	       tot->created, tot->exited, tot->failed, t);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "rate", required_argument, NULL, 'r' },
		{ "concurrency", required_argument, NULL, 'c' },
		{ "memory", required_argument, NULL, 'm' },
		{ "threads", required_argument, NULL, 't' },
		{ "lifetime", required_argument, NULL, 'l' },
		{ "duration", required_argument, NULL, 'd' },
		{ "no-exec", no_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct stress_config cfg = {
		.rate = 600, .concurrency = 8, .memory_kib = 1024,
		.threads = 0, .lifetime_ms = 200, .duration_s = 60, .exec = 1,
	};
	struct stress_totals tot = { 0 };
	struct sigaction sa = { .sa_handler = on_signal };
	ssize_t len;
	int opt;

	if (argc == 5 && !strcmp(argv[1], WORKER_ARG))
		return worker(parse_long(argv[2], 0, MAX_MEMORY_KIB, "--memory"),
			      parse_long(argv[3], 0, MAX_THREADS, "--threads"),
			      parse_long(argv[4], 0, MAX_LIFETIME_MS, "--lifetime"));
	while ((opt = getopt_long(argc, argv, "r:c:m:t:l:d:xh", options, NULL)) != -1) {
		switch (opt) {
		case 'r':
			cfg.rate = parse_long(optarg, 0, 6000000, "--rate");
			break;
		case 'c':
			cfg.concurrency = parse_long(optarg, 1, 100000, "--concurrency");
			break;
		case 'm':
			cfg.memory_kib = parse_long(optarg, 0, MAX_MEMORY_KIB, "--memory");
			break;
		case 't':
			cfg.threads = parse_long(optarg, 0, MAX_THREADS, "--threads");
			break;
		case 'l':
			cfg.lifetime_ms = parse_long(optarg, 0, MAX_LIFETIME_MS, "--lifetime");
			break;
		case 'd':
			cfg.duration_s = parse_long(optarg, 0, 31L * 86400, "--duration");
			break;
		case 'x':
			cfg.exec = 0;
			break;
		case 'h':
			usage(NULL, NULL);
			break;
		default:
			usage("unknown option", argv[optind - 1]);
		}
	}
	if (optind != argc)
		usage("unexpected argument", argv[optind]);
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len < 0) {
		perror("iosup-stress: readlink /proc/self/exe");
		return 1;
	}
	self[len] = '\0';
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	run(&cfg, &tot);
	return tot.failed ? 1 : 0;
}
