// SPDX-License-Identifier: GPL-2.0
/* iosupctl bench: process-creation latency, after lmbench's lat_proc. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "iosup_sysfs.h"
#include "iosupctl.h"
#include "proc_bench.h"

#define BENCH_MAX_ROUNDS 1000

struct bench_result {
	double min_us, median_us, max_us;
};

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* @rounds runs of @test; the min, median and max microseconds of one. */
static int run_test(int test, long long iterations, long long rounds,
		    struct bench_result *res)
{
	static double us[BENCH_MAX_ROUNDS];
	long long r;

	for (r = 0; r < rounds; r++)
		if (proc_bench_run(test, iterations, &us[r]))
			return IOSUP_EXIT_FAILURE;
	qsort(us, rounds, sizeof(us[0]), compare_doubles);
	res->min_us = us[0];
	res->median_us = rounds % 2 ? us[rounds / 2] :
			 (us[rounds / 2 - 1] + us[rounds / 2]) / 2;
	res->max_us = us[rounds - 1];
	return IOSUP_EXIT_OK;
}

static void json_results(struct json_writer *w, long long iterations,
			 long long rounds, const int *tests,
			 const struct bench_result *res, int nr_tests)
{
	int i;

	json_begin_object(w);
	json_field_int(w, "iterations", iterations);
	json_field_int(w, "rounds", rounds);
	json_key(w, "tests");
	json_begin_array(w);
	for (i = 0; i < nr_tests; i++) {
		json_begin_object(w);
		json_field_string(w, "test", proc_bench_label(tests[i]));
		json_field_double(w, "min_us", res[i].min_us, 1);
		json_field_double(w, "median_us", res[i].median_us, 1);
		json_field_double(w, "max_us", res[i].max_us, 1);
		json_end_object(w);
	}
	json_end_array(w);
	json_end_object(w);
	json_end(w);
}

int ctl_bench(struct ctl *ctl, int argc, char **argv)
{
	struct bench_result res[PROC_NR_TESTS];
	long long rounds = 5, iterations = 200;
	int tests[PROC_NR_TESTS], nr_tests = 0, opt, i, ret;

	optind = 1;
	while ((opt = getopt(argc, argv, "+r:n:")) != -1) {
		switch (opt) {
		case 'r':
			ret = ctl_integer_arg(argv, "-r", optarg, 1,
					      BENCH_MAX_ROUNDS, &rounds);
			break;
		case 'n':
			ret = ctl_integer_arg(argv, "-n", optarg, 1,
					      PROC_BENCH_MAX_ITERATIONS,
					      &iterations);
			break;
		default:
			ret = ctl_usage(argv, "bench: unknown option");
		}
		if (ret)
			return ret;
	}
	for (i = optind; i < argc; i++) {
		if (nr_tests == PROC_NR_TESTS)
			return ctl_usage(argv, "bench: too many tests at '%s'",
					 argv[i]);
		tests[nr_tests] = proc_bench_parse(argv[i]);
		if (tests[nr_tests] < 0)
			return ctl_usage(argv, "bench: unknown test '%s' (fork, exec or shell)",
					 argv[i]);
		nr_tests++;
	}
	if (!nr_tests)
		for (; nr_tests < PROC_NR_TESTS; nr_tests++)
			tests[nr_tests] = nr_tests;
	if (!ctl->json)
		printf("%-12s %10s %6s %10s %10s %10s\n", "test", "iterations",
		       "rounds", "min_us", "median_us", "max_us");
	for (i = 0; i < nr_tests; i++) {
		ret = run_test(tests[i], iterations, rounds, &res[i]);
		if (ret)
			return ret;
		if (ctl->json)
			continue;
		printf("%-12s %10lld %6lld %10.1f %10.1f %10.1f\n",
		       proc_bench_label(tests[i]), iterations, rounds,
		       res[i].min_us, res[i].median_us, res[i].max_us);
		fflush(stdout);
	}
	if (ctl->json)
		json_results(&ctl->jw, iterations, rounds, tests, res,
			     nr_tests);
	return IOSUP_EXIT_OK;
}
