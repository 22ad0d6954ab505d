// SPDX-License-Identifier: GPL-2.0
/* iosupctl watch: the pools sampled every few seconds, a line a sample. */
#include <stdio.h>
#include <unistd.h>

#include "iosup_sysfs.h"
#include "iosupctl.h"
#include "monotonic.h"

/* A counter's rise per second since @prev. */
static double rate(const struct iosup_status *st,
		   const struct iosup_status *prev, enum iosup_counter c,
		   double dt)
{
	return (iosup_sum(st, c) - iosup_sum(prev, c)) / dt;
}

static void print_header(const struct iosup_status *st)
{
	int l;

	printf("%8s %7s", "time_s", "pool");
	for (l = 0; l < st->nr_levels; l++)
		printf(" %6s", st->level[l].name);
	printf(" %7s %9s %9s %11s\n", "in_use", "hits/s", "misses/s",
	       "reclaimed/s");
}

static void print_line(double t, const struct iosup_status *st,
		       const struct iosup_status *prev, double dt)
{
	int l;

	printf("%8.1f %7lld", t, iosup_sum(st, IOSUP_IN_POOL));
	for (l = 0; l < st->nr_levels; l++)
		printf(" %6lld", st->level[l].counter[IOSUP_IN_POOL]);
	printf(" %7lld", iosup_sum(st, IOSUP_IN_USE));
	if (!prev)
		printf(" %9s %9s %11s\n", "-", "-", "-");
	else
		printf(" %9.1f %9.1f %11.1f\n", rate(st, prev, IOSUP_HITS, dt),
		       rate(st, prev, IOSUP_MISSES, dt),
		       rate(st, prev, IOSUP_RECLAIMED, dt));
	fflush(stdout);
}

/* A rate, or null in the first sample, which has none. */
static void json_rate(struct json_writer *w, const char *key,
		      const struct iosup_status *st,
		      const struct iosup_status *prev, enum iosup_counter c,
		      double dt)
{
	if (prev)
		json_field_double(w, key, rate(st, prev, c, dt), 1);
	else
		json_field_null(w, key);
}

/* One sample, with every level whether the kernel has it or not. */
static void json_line(struct json_writer *w, double t,
		      const struct iosup_status *st,
		      const struct iosup_status *prev, double dt)
{
	const long long *c;
	int l;

	json_begin_object(w);
	json_field_double(w, "time_s", t, 3);
	json_field_int(w, "in_pool", iosup_sum(st, IOSUP_IN_POOL));
	json_field_int(w, "in_use", iosup_sum(st, IOSUP_IN_USE));
	json_key(w, "levels");
	json_begin_object(w);
	for (l = 0; l < IOSUP_MAX_LEVELS; l++) {
		c = iosup_level_counters(st, iosup_level_names[l]);
		json_key(w, iosup_level_names[l]);
		json_begin_object(w);
		json_field_int(w, "in_pool", c ? c[IOSUP_IN_POOL] : 0);
		json_field_int(w, "in_use", c ? c[IOSUP_IN_USE] : 0);
		json_end_object(w);
	}
	json_end_object(w);
	json_rate(w, "hits_per_s", st, prev, IOSUP_HITS, dt);
	json_rate(w, "misses_per_s", st, prev, IOSUP_MISSES, dt);
	json_rate(w, "reclaimed_per_s", st, prev, IOSUP_RECLAIMED, dt);
	json_end_object(w);
	json_end(w);
}

static void sample(struct ctl *ctl, double t, const struct iosup_status *st,
		   const struct iosup_status *prev, double dt)
{
	if (ctl->json)
		json_line(&ctl->jw, t, st, prev, dt);
	else
		print_line(t, st, prev, dt);
}

int ctl_watch(struct ctl *ctl, int argc, char **argv)
{
	struct iosup_status st, prev;
	double interval = 5, start, t_prev, t;
	long long count = 0, lines;
	int opt, ret;

	optind = 1;
	while ((opt = getopt(argc, argv, "+i:n:")) != -1) {
		switch (opt) {
		case 'i':
			ret = ctl_decimal_arg(argv, "-i", optarg, 0.1, 86400,
					      &interval);
			break;
		case 'n':
			ret = ctl_integer_arg(argv, "-n", optarg, 1, 1LL << 40,
					      &count);
			break;
		default:
			ret = ctl_usage(argv, "watch: unknown option");
		}
		if (ret)
			return ret;
	}
	if (optind != argc)
		return ctl_usage(argv, "watch: unexpected '%s'", argv[optind]);
	ret = iosup_read_status(&st);
	if (ret)
		return ret;
	ctl_stop_on_signals();
	if (!ctl->json)
		print_header(&st);
	start = t_prev = monotonic_seconds();
	sample(ctl, 0, &st, NULL, 0);
	for (lines = 1; !ctl_stop && (!count || lines < count); lines++) {
		prev = st;
		ctl_sleep_until(start + lines * interval);
		if (ctl_stop)
			break;
		ret = iosup_read_status(&st);
		if (ret)
			return ret;
		t = monotonic_seconds();
		sample(ctl, t - start, &st, &prev, t - t_prev);
		t_prev = t;
	}
	return IOSUP_EXIT_OK;
}
