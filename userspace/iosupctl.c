// SPDX-License-Identifier: GPL-2.0
/*
 * iosupctl: look at and steer iosup.ko's page-table pools from the shell.
 * The --help text below is the manual; keep the two in step.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../module/policy.h"
#include "iosup_sysfs.h"
#include "monotonic.h"
#include "parse_number.h"
#include "proc_bench.h"
#include "xen_domain.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char manual[] =
"NAME\n"
"    iosupctl - control and observe IOSUP's page-table page pools\n"
"\n"
"SYNOPSIS\n"
"    iosupctl status [--json]\n"
"    iosupctl enable | disable\n"
"    iosupctl set ratio=N [total=M]    (or total=M alone)\n"
"    iosupctl reclaim [PAGES]\n"
"    iosupctl watch [-i SECONDS] [-n COUNT]\n"
"    iosupctl bench [-r ROUNDS] [-n ITERATIONS] [fork|exec|shell ...]\n"
"    iosupctl diagnose [-i SECONDS]\n"
"    iosupctl --help\n"
"\n"
"DESCRIPTION\n"
"    iosup.ko keeps freed page-table pages in per-level pools so that on\n"
"    Xen PV they keep their page-table type and cost no IOTLB flush when\n"
"    reused. iosupctl reads and writes its files in /sys/kernel/iosup.\n"
"\n"
"COMMANDS\n"
"    status     The knobs, then per level: pages in use and pooled, peak\n"
"               pool, hits, misses, pages reclaimed, type changes avoided\n"
"               and mean ns per page in alloc and free. --json prints the\n"
"               same as one JSON object, with every raw counter.\n"
"    enable     Start caching freed page-table pages.\n"
"    disable    Stop caching and give every pooled page back.\n"
"    set        Set the reclaim policy: pools give back in_pool - in_use\n"
"               pages once in_pool > ratio * in_use and in_pool + in_use\n"
"               > total. ratio is 1..1000, total a page count. Nothing\n"
"               changes unless every value is accepted.\n"
"    reclaim    Give PAGES pooled pages (default: all) back to the kernel.\n"
"    watch      Every SECONDS (default 5, from 0.1): the pool size, total\n"
"               and per level, pages in use, and hits, misses and pages\n"
"               reclaimed per second. Stops after COUNT lines, or on ^C.\n"
"    bench      lmbench lat_proc-style latency of fork+exit, fork+execve\n"
"               and fork+/bin/sh -c: microseconds per process, min, median\n"
"               and max over ROUNDS (default 5) runs of ITERATIONS\n"
"               (default 200) processes. Needs no module.\n"
"    diagnose   Over SECONDS (default 10): processes created, and pages\n"
"               that became page tables, per second and per process.\n"
"               Then whether Xen keeps this domain's IOMMU in step with\n"
"               its page tables (a PV domU with a passed-through device,\n"
"               or a PV dom0 with dom0-iommu=strict), where each of\n"
"               those costs one IOTLB invalidation, and whether IOSUP\n"
"               would help. Works with iosup_observe.ko, observe mode,\n"
"               which loads on a kernel without the IOSUP hooks (status\n"
"               says which module it reads).\n"
"\n"
"EXIT STATUS\n"
"    0 success; 1 other failure; 2 bad arguments, or a value the kernel\n"
"    refused; 3 neither iosup.ko nor iosup_observe.ko is loaded;\n"
"    4 permission denied (not root).\n"
"\n"
"ENVIRONMENT\n"
"    IOSUP_SYSFS  the directory to use instead of /sys/kernel/iosup (or,\n"
"                 without it, /sys/kernel/iosup_observe).\n"
"\n"
"FILES\n"
"    /sys/kernel/iosup/{enable,ratio,level_total,reclaim,\n"
"      hypercall_failures,quarantined}\n"
"    /sys/kernel/iosup/LEVEL/COUNTER, /proc/iosup/stats\n"
"    /sys/kernel/iosup_observe/{mode,source,missed,LEVEL/to_pagetable,\n"
"      LEVEL/to_writable}\n"
"\n"
"EXAMPLES\n"
"    iosupctl enable && iosupctl watch -i 1\n"
"    iosupctl set ratio=4 total=2048\n"
"    iosupctl status --json | python3 -m json.tool\n";

static int usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "iosupctl: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr,
		"\nusage: iosupctl status [--json] | enable | disable | set KEY=N... |\n"
		"       reclaim [PAGES] | watch [-i SECONDS] [-n COUNT] |\n"
		"       bench [-r ROUNDS] [-n ITERATIONS] [TEST...] | diagnose [-i SECONDS] |\n"
		"       --help\n");
	return IOSUP_EXIT_USAGE;
}

/* A count in [min, max] from @s (parse_number.h); -1 if it is not one. */
static long long parse_count(const char *s, long long min, long long max)
{
	long long v;

	return parse_integer(s, min, max, &v) ? -1 : v;
}

static double per_page(long long ns, long long pages)
{
	return pages > 0 ? (double)ns / pages : 0.0;
}

static void print_level_row(const char *name, const long long *c)
{
	printf("%-5s %8lld %8lld %6lld %10lld %9lld %9lld %9lld %8.0f %8.0f\n",
	       name, c[IOSUP_IN_USE], c[IOSUP_IN_POOL], c[IOSUP_PEAK],
	       c[IOSUP_HITS], c[IOSUP_MISSES], c[IOSUP_RECLAIMED],
	       c[IOSUP_TYPE_CHANGES_AVOIDED],
	       per_page(c[IOSUP_ALLOC_NS], c[IOSUP_ALLOCS]),
	       per_page(c[IOSUP_FREE_NS], c[IOSUP_FREES]));
}

static void print_status(const struct iosup_status *st)
{
	long long sum[IOSUP_NR_COUNTERS];
	int l, c;

	printf("iosup: %s, ratio %lld, total %lld pages, hypercall failures %lld, quarantined %lld pages\n",
	       st->enabled ? "enabled" : "disabled", st->ratio, st->total,
	       st->hypercall_failures, st->quarantined);
	printf("%-5s %8s %8s %6s %10s %9s %9s %9s %8s %8s\n", "level",
	       "in_use", "in_pool", "peak", "hits", "misses", "reclaimed",
	       "avoided", "alloc_ns", "free_ns");
	for (l = 0; l < st->nr_levels; l++)
		print_level_row(st->level[l].name, st->level[l].counter);
	for (c = 0; c < IOSUP_NR_COUNTERS; c++)
		sum[c] = iosup_sum(st, c);
	print_level_row("all", sum);
	printf("(avoided: page-table type changes avoided; ns: mean per page)\n");
}

static void print_json_counters(const long long *c)
{
	int i;

	for (i = 0; i < IOSUP_NR_COUNTERS; i++)
		printf("%s\"%s\":%lld", i ? "," : "", iosup_counter_names[i], c[i]);
}

static void print_json(const struct iosup_status *st)
{
	long long sum[IOSUP_NR_COUNTERS];
	int l, c;

	printf("{\"enabled\":%s,", st->enabled ? "true" : "false");
	printf("\"ratio\":%lld,\"total\":%lld,", st->ratio, st->total);
	printf("\"hypercall_failures\":%lld,\"quarantined\":%lld,\"levels\":{",
	       st->hypercall_failures, st->quarantined);
	for (l = 0; l < st->nr_levels; l++) {
		printf("%s\"%s\":{", l ? "," : "", st->level[l].name);
		print_json_counters(st->level[l].counter);
		printf("}");
	}
	for (c = 0; c < IOSUP_NR_COUNTERS; c++)
		sum[c] = iosup_sum(st, c);
	printf("},\"all\":{");
	print_json_counters(sum);
	printf("}}\n");
}

/* Observe mode: what the tracepoints or kprobes counted, per level. */
static int print_observed(int json)
{
	char source[32] = "kprobes", word[32];
	long long t, w, missed = 0;
	int l, ret, first = 1;

	/* Modules before these files had kprobes and no missed count. */
	iosup_read_word("source", source, sizeof(source));
	if (!iosup_read_word("missed", word, sizeof(word)) &&
	    iosup_read_value("missed", &missed))
		return IOSUP_EXIT_FAILURE;
	if (json)
		printf("{\"mode\":\"observe\",\"source\":\"%s\",\"missed\":%lld,\"levels\":{",
		       source, missed);
	else
		printf("iosup: observe mode (iosup_observe.ko); see 'iosupctl diagnose'\n"
		       "counting with %s, %lld events missed\n"
		       "%-5s %14s %13s\n", source, missed, "level", "to_pagetable",
		       "to_writable");
	for (l = 0; l < IOSUP_MAX_LEVELS; l++) {
		ret = iosup_read_observed_level(iosup_level_names[l], &t, &w);
		if (ret)
			return ret;
		if (!t && !w)
			continue;
		if (json)
			printf("%s\"%s\":{\"to_pagetable\":%lld,\"to_writable\":%lld}",
			       first ? "" : ",", iosup_level_names[l], t, w);
		else
			printf("%-5s %14lld %13lld\n", iosup_level_names[l], t, w);
		first = 0;
	}
	if (json)
		printf("}}\n");
	return IOSUP_EXIT_OK;
}

static int cmd_status(int argc, char **argv)
{
	struct iosup_status st;
	int json = 0, ret;

	if (argc == 2 && !strcmp(argv[1], "--json"))
		json = 1;
	else if (argc != 1)
		return usage("status takes only --json, not '%s'", argv[1]);
	ret = iosup_check_loaded();
	if (ret)
		return ret;
	if (iosup_observe_mode())
		return print_observed(json);
	ret = iosup_read_status(&st);
	if (ret)
		return ret;
	if (json)
		print_json(&st);
	else
		print_status(&st);
	return IOSUP_EXIT_OK;
}

static int cmd_enable(int argc, char **argv, int on)
{
	int ret;

	if (argc != 1)
		return usage("%s takes no arguments", argv[0]);
	ret = iosup_write_knob("enable", on ? "1" : "0");
	if (!ret)
		printf("iosup: caching %s\n", on ? "enabled" : "disabled");
	return ret;
}

struct policy_setting {
	const char *knob;
	long long min, max;
	char value[24];		/* what to write, set when asked for */
	long long old;
};

/* set KEY=N...: check every value first, write, and undo on refusal. */
static int cmd_set(int argc, char **argv)
{
	struct policy_setting knobs[] = {
		{ .knob = "ratio", .min = IOSUP_RATIO_MIN, .max = IOSUP_RATIO_MAX },
		{ .knob = "total", .min = 0, .max = 1LL << 50 },
	};
	const int nr = ARRAY_SIZE(knobs);
	int i, k, done, ret;

	if (argc < 2)
		return usage("set needs KEY=N, KEY being %s", "ratio or total");
	for (i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		size_t keylen = eq ? (size_t)(eq - argv[i]) : 0;

		for (k = 0; k < nr; k++)
			if (eq && strlen(knobs[k].knob) == keylen &&
			    !strncmp(argv[i], knobs[k].knob, keylen))
				break;
		if (k == nr)
			return usage("set: '%s' is not ratio=N or total=N", argv[i]);
		if (knobs[k].value[0])
			return usage("set: '%s' is given twice", knobs[k].knob);
		if (parse_count(eq + 1, knobs[k].min, knobs[k].max) < 0)
			return usage("set: bad value in '%s'", argv[i]);
		snprintf(knobs[k].value, sizeof(knobs[k].value), "%s", eq + 1);
	}
	for (k = 0; k < nr; k++) {
		if (!knobs[k].value[0])
			continue;
		ret = iosup_read_value(knobs[k].knob, &knobs[k].old);
		if (ret)
			return ret;
	}
	for (done = 0; done < nr; done++) {
		if (!knobs[done].value[0])
			continue;
		ret = iosup_write_knob(knobs[done].knob, knobs[done].value);
		if (ret)
			break;
		printf("iosup: %s = %s\n", knobs[done].knob, knobs[done].value);
	}
	if (done == nr)
		return IOSUP_EXIT_OK;
	while (--done >= 0) {
		char old[24];

		if (!knobs[done].value[0])
			continue;
		snprintf(old, sizeof(old), "%lld", knobs[done].old);
		if (!iosup_write_knob(knobs[done].knob, old))
			printf("iosup: %s restored to %s\n", knobs[done].knob, old);
	}
	return ret;
}

static int cmd_reclaim(int argc, char **argv)
{
	struct iosup_status before, after;
	long long want;
	char value[24];
	int ret;

	if (argc > 2)
		return usage("reclaim takes at most one PAGES, not '%s'", argv[2]);
	want = argc == 2 ? parse_count(argv[1], 1, 1LL << 50) : 0;
	if (want < 0)
		return usage("reclaim: bad PAGES '%s' (want a positive count)",
			     argv[1]);
	ret = iosup_read_status(&before);
	if (ret)
		return ret;
	if (!want)
		want = iosup_sum(&before, IOSUP_IN_POOL);
	if (!want) {
		printf("iosup: nothing to reclaim, the pools are empty\n");
		return IOSUP_EXIT_OK;
	}
	snprintf(value, sizeof(value), "%lld", want);
	ret = iosup_write_knob("reclaim", value) ?: iosup_read_status(&after);
	if (ret)
		return ret;
	printf("iosup: reclaimed %lld of %lld pages asked for\n",
	       iosup_sum(&after, IOSUP_RECLAIMED) -
	       iosup_sum(&before, IOSUP_RECLAIMED), want);
	return IOSUP_EXIT_OK;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* Sleep until monotonic time @t, or until a signal asks us to stop. */
static void sleep_until(double t)
{
	struct timespec ts = {
		.tv_sec = (time_t)t,
		.tv_nsec = (long)((t - (time_t)t) * 1e9),
	};

	while (!stop && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
					NULL) == EINTR)
		;
}

static void print_watch_line(double t, const struct iosup_status *st,
			     const struct iosup_status *prev, double dt)
{
	int l;

	printf("%8.1f %7lld", t, iosup_sum(st, IOSUP_IN_POOL));
	for (l = 0; l < st->nr_levels; l++)
		printf(" %6lld", st->level[l].counter[IOSUP_IN_POOL]);
	printf(" %7lld", iosup_sum(st, IOSUP_IN_USE));
	if (!prev) {
		printf(" %9s %9s %11s\n", "-", "-", "-");
	} else {
		printf(" %9.1f %9.1f %11.1f\n",
		       (iosup_sum(st, IOSUP_HITS) - iosup_sum(prev, IOSUP_HITS)) / dt,
		       (iosup_sum(st, IOSUP_MISSES) - iosup_sum(prev, IOSUP_MISSES)) / dt,
		       (iosup_sum(st, IOSUP_RECLAIMED) -
			iosup_sum(prev, IOSUP_RECLAIMED)) / dt);
	}
	fflush(stdout);
}

static int cmd_watch(int argc, char **argv)
{
	struct iosup_status st, prev;
	double interval = 5, start, t_prev, t;
	long long count = 0, lines;
	int opt, l, ret;

	optind = 1;
	while ((opt = getopt(argc, argv, "+i:n:")) != -1) {
		switch (opt) {
		case 'i':
			if (parse_decimal(optarg, 0.1, 86400, &interval))
				return usage("watch: bad -i '%s' (want 0.1..86400 seconds)",
					     optarg);
			break;
		case 'n':
			count = parse_count(optarg, 1, 1LL << 40);
			if (count < 0)
				return usage("watch: bad -n '%s' (want a positive count)",
					     optarg);
			break;
		default:
			return usage("watch: unknown option%s", "");
		}
	}
	if (optind != argc)
		return usage("watch: unexpected '%s'", argv[optind]);
	ret = iosup_read_status(&st);
	if (ret)
		return ret;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	printf("%8s %7s", "time_s", "pool");
	for (l = 0; l < st.nr_levels; l++)
		printf(" %6s", st.level[l].name);
	printf(" %7s %9s %9s %11s\n", "in_use", "hits/s", "misses/s",
	       "reclaimed/s");
	start = t_prev = monotonic_seconds();
	print_watch_line(0, &st, NULL, 0);
	for (lines = 1; !stop && (!count || lines < count); lines++) {
		prev = st;
		sleep_until(start + lines * interval);
		if (stop)
			break;
		ret = iosup_read_status(&st);
		if (ret)
			return ret;
		t = monotonic_seconds();
		print_watch_line(t - start, &st, &prev, t - t_prev);
		t_prev = t;
	}
	return IOSUP_EXIT_OK;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

#define BENCH_MAX_ROUNDS 1000

static int cmd_bench(int argc, char **argv)
{
	static double us[BENCH_MAX_ROUNDS];
	long long rounds = 5, iterations = 200;
	int tests[PROC_NR_TESTS], nr_tests = 0, opt, i, r;

	optind = 1;
	while ((opt = getopt(argc, argv, "+r:n:")) != -1) {
		switch (opt) {
		case 'r':
			rounds = parse_count(optarg, 1, BENCH_MAX_ROUNDS);
			if (rounds < 0)
				return usage("bench: bad -r '%s' (want 1..1000)", optarg);
			break;
		case 'n':
			iterations = parse_count(optarg, 1, PROC_BENCH_MAX_ITERATIONS);
			if (iterations < 0)
				return usage("bench: bad -n '%s' (want 1..10000000)",
					     optarg);
			break;
		default:
			return usage("bench: unknown option%s", "");
		}
	}
	for (i = optind; i < argc; i++) {
		if (nr_tests == PROC_NR_TESTS)
			return usage("bench: too many tests at '%s'", argv[i]);
		tests[nr_tests] = proc_bench_parse(argv[i]);
		if (tests[nr_tests] < 0)
			return usage("bench: unknown test '%s' (fork, exec or shell)",
				     argv[i]);
		nr_tests++;
	}
	if (!nr_tests)
		for (; nr_tests < PROC_NR_TESTS; nr_tests++)
			tests[nr_tests] = nr_tests;
	printf("%-12s %10s %6s %10s %10s %10s\n", "test", "iterations",
	       "rounds", "min_us", "median_us", "max_us");
	for (i = 0; i < nr_tests; i++) {
		for (r = 0; r < rounds; r++)
			if (proc_bench_run(tests[i], iterations, &us[r]))
				return IOSUP_EXIT_FAILURE;
		qsort(us, rounds, sizeof(us[0]), compare_doubles);
		printf("%-12s %10lld %6lld %10.1f %10.1f %10.1f\n",
		       proc_bench_label(tests[i]), iterations, rounds, us[0],
		       rounds % 2 ? us[rounds / 2] :
				    (us[rounds / 2 - 1] + us[rounds / 2]) / 2,
		       us[rounds - 1]);
		fflush(stdout);
	}
	return IOSUP_EXIT_OK;
}

/* The "processes" line of /proc/stat: processes created since boot. */
static int processes_created(long long *n)
{
	char line[256];
	FILE *f = fopen("/proc/stat", "r");
	int found = 0;

	if (!f) {
		perror("iosupctl: /proc/stat");
		return IOSUP_EXIT_FAILURE;
	}
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "processes %lld", n) == 1;
	fclose(f);
	if (!found) {
		fprintf(stderr, "iosupctl: no 'processes' line in /proc/stat\n");
		return IOSUP_EXIT_FAILURE;
	}
	return IOSUP_EXIT_OK;
}

/*
 * Pages a counter of the pools stands for, where a pgd is @pgd_pages: a
 * Xen PV pgd is two pages that Xen types as L4 tables, the kernel's and
 * the user's (arch/x86/xen/mmu_pv.c), and the pools count it once.
 */
static long long pages_of(const struct iosup_status *st,
			  enum iosup_counter c, int pgd_pages)
{
	long long pages = iosup_sum(st, c);
	int l;

	for (l = 0; l < st->nr_levels; l++)
		if (!strcmp(st->level[l].name, "pgd"))
			pages += (pgd_pages - 1) * st->level[l].counter[c];
	return pages;
}

/* Page-table type changes: observed, or in full mode avoided and not. */
static int type_changes(int observe, int pgd_pages, long long *typed,
			long long *avoided)
{
	struct iosup_status st;
	long long writable;
	int ret;

	if (observe) {
		*avoided = 0;
		return iosup_read_observed(typed, &writable);
	}
	ret = iosup_read_status(&st);
	if (ret)
		return ret;
	*avoided = pages_of(&st, IOSUP_TYPE_CHANGES_AVOIDED, pgd_pages);
	*typed = pages_of(&st, IOSUP_ALLOCS, pgd_pages) - *avoided;
	return IOSUP_EXIT_OK;
}

/* Above this many page-table type changes a second, the patch pays. */
#define DIAGNOSE_WORTH_PER_SEC 10.0

static int cmd_diagnose(int argc, char **argv)
{
	long long procs0, procs1, typed0, typed1, avoided0, avoided1, enabled = 0;
	double seconds = 10, procs, typed, t0;
	enum iommu_sync sync;
	int opt, ret, observe, pgd_pages;
	char why[160];

	optind = 1;
	while ((opt = getopt(argc, argv, "+i:")) != -1) {
		if (opt != 'i')
			return usage("diagnose: unknown option%s", "");
		if (parse_decimal(optarg, 1, 86400, &seconds))
			return usage("diagnose: bad -i '%s' (want 1..86400 seconds)", optarg);
	}
	if (optind != argc)
		return usage("diagnose: unexpected '%s'", argv[optind]);
	ret = iosup_check_loaded();
	if (ret)
		return ret;
	observe = iosup_observe_mode();
	pgd_pages = xen_pv_guest() ? 2 : 1;
	if (!observe) {
		ret = iosup_read_value("enable", &enabled);
		if (ret)
			return ret;
	}
	ret = type_changes(observe, pgd_pages, &typed0, &avoided0) ?:
	      processes_created(&procs0);
	if (ret)
		return ret;
	t0 = monotonic_seconds();
	signal(SIGINT, on_signal);
	sleep_until(t0 + seconds);
	seconds = monotonic_seconds() - t0;
	ret = type_changes(observe, pgd_pages, &typed1, &avoided1) ?:
	      processes_created(&procs1);
	if (ret)
		return ret;
	procs = procs1 - procs0;
	typed = typed1 - typed0;
	sync = xen_iommu_sync(why, sizeof(why));
	printf("iosup diagnose over %.1f s, %s mode:\n", seconds,
	       observe ? "observe" : "full");
	printf("  processes created:            %8.0f  (%.1f/s)\n", procs,
	       procs / seconds);
	printf("  pages made page tables:       %8.0f  (%.1f/s, %.2f per process)%s\n",
	       typed, typed / seconds, procs ? typed / procs : 0.0,
	       observe ? "" : "\n    (full mode: tables not reused typed from a pool)");
	if (!observe)
		printf("  type changes the pools saved: %8lld  (%.1f/s)\n",
		       avoided1 - avoided0, (avoided1 - avoided0) / seconds);
	printf("IOMMU sync: %s: %s\n", iommu_sync_words[sync], why);
	if (sync == IOMMU_SYNC_NO)
		printf("Verdict: Xen keeps no IOMMU in step with this domain's page tables, so\n"
		       "they cost no IOTLB flush and IOSUP saves none here (its pools still\n"
		       "save allocating and zeroing).\n");
	else if (!observe && enabled)
		printf("Verdict: IOSUP is caching; the saved type changes above are flushes avoided%s.\n",
		       sync == IOMMU_SYNC_IF_STRICT ? " if strict" : "");
	else if (typed / seconds < DIAGNOSE_WORTH_PER_SEC)
		printf("Verdict: little page-table churn right now (under %.0f a second); IOSUP\n"
		       "would not help much. Diagnose again under your busiest load.\n",
		       DIAGNOSE_WORTH_PER_SEC);
	else
		printf("Verdict: %s: about %.1f IOTLB flushes a second%s,\n"
		       "nearly all of which the pools would save%s.\n",
		       observe ? "the IOSUP hook patch would help" : "IOSUP would help",
		       typed / seconds,
		       sync == IOMMU_SYNC_IF_STRICT ? " if strict" : "",
		       observe ? "" : " ('iosupctl enable' starts them)");
	printf("RESULT diagnose_seconds=%.1f processes=%.0f to_pagetable=%.0f iommu_sync=%s\n",
	       seconds, procs, typed, iommu_sync_words[sync]);
	return IOSUP_EXIT_OK;
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (proc_bench_is_child(argc, argv))
		return 0;
	if (argc < 2)
		return usage("no command given%s", "");
	cmd = argv[1];
	argc--;
	argv++;
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		fputs(manual, stdout);
		return IOSUP_EXIT_OK;
	}
	if (!strcmp(cmd, "status"))
		return cmd_status(argc, argv);
	if (!strcmp(cmd, "enable"))
		return cmd_enable(argc, argv, 1);
	if (!strcmp(cmd, "disable"))
		return cmd_enable(argc, argv, 0);
	if (!strcmp(cmd, "set"))
		return cmd_set(argc, argv);
	if (!strcmp(cmd, "reclaim"))
		return cmd_reclaim(argc, argv);
	if (!strcmp(cmd, "watch"))
		return cmd_watch(argc, argv);
	if (!strcmp(cmd, "bench"))
		return cmd_bench(argc, argv);
	if (!strcmp(cmd, "diagnose"))
		return cmd_diagnose(argc, argv);
	return usage("unknown command '%s'", cmd);
}
